/*
 * Integration tests: the memory message store (memstore32.dll) that the
 * spooler's tests run on, hosted by mapi32 in sessions without a spooler
 * (MAPI_NO_MAIL).  Each scenario runs in a child process of its own, so
 * that it starts with the store's DLL unloaded.
 *
 * This file has the store's objects: the store, messages and their
 * submission; memstore2.c has persistence and the provider called directly.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapifix.h"
#include "mapispi.h"
#include "mapiadmin.h"

#include "memstore_test.h"

/* ------------------------------------------------------------------------
 * The scenarios.
 */

/* The store's properties, folders and receive folders. */
static void test_store(void)
{
    struct eid outbox, inbox, ipm, eid;
    IMAPISession *session;
    IMAPIFolder *root = NULL;
    IMAPITable *table;
    SPropValue *value;
    IMsgStore *mdb;
    ENTRYID *folder_eid;
    char *explicit_class;
    ULONG cb, type, result;
    HRESULT hr;

    if (!scenario_begin("MemStore", store_path, &session, &mdb)) goto done;

    value = get_prop(mdb, PR_DISPLAY_NAME_A);
    ok(value && !strcmp(value->Value.lpszA, "Memory Store"), "got name %s.\n", value ? value->Value.lpszA : "none");
    if (value) pMAPIFreeBuffer(value);
    ok(get_long(mdb, PR_VALID_FOLDER_MASK, 0) == (FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_INBOX_VALID
            | FOLDER_IPM_OUTBOX_VALID | FOLDER_IPM_WASTEBASKET_VALID | FOLDER_IPM_SENTMAIL_VALID),
            "got folder mask %#lx.\n", get_long(mdb, PR_VALID_FOLDER_MASK, 0));
    ok(get_long(mdb, PR_STORE_SUPPORT_MASK, 0) & STORE_SUBMIT_OK, "the store cannot submit.\n");
    ok(get_long(mdb, PR_OBJECT_TYPE, 0) == MAPI_STORE, "got type %lu.\n", get_long(mdb, PR_OBJECT_TYPE, 0));
    ok(get_eid(mdb, PR_MDB_PROVIDER, &eid) && eid.cb == sizeof(MAPIUID), "got PR_MDB_PROVIDER of %lu bytes.\n", eid.cb);
    /* The service entry wrote the configured path into the provider's section. */
    value = get_prop(mdb, PR_MEMSTORE_PATH);
    ok(value && !strcmp(value->Value.lpszA, store_path), "got path %s.\n", value ? value->Value.lpszA : "none");
    if (value) pMAPIFreeBuffer(value);
    ok(get_long(mdb, PR_MEMSTORE_NO_PERSIST, 2) == 0, "the store does not persist.\n");
    ok(get_eid(mdb, PR_ENTRYID, &eid) && eid.cb > sizeof(struct memstore_entryid), "PR_ENTRYID is not wrapped.\n");

    ok(get_eid(mdb, PR_IPM_OUTBOX_ENTRYID, &outbox), "no Outbox.\n");
    ok(outbox.cb == sizeof(struct memstore_entryid)
            && ((struct memstore_entryid *)outbox.data)->kind == MEMSTORE_EID_FOLDER
            && ((struct memstore_entryid *)outbox.data)->id == MEMSTORE_FOLDER_OUTBOX, "unexpected Outbox entry ID.\n");
    ok(get_eid(mdb, PR_IPM_SUBTREE_ENTRYID, &ipm), "no IPM subtree.\n");

    /* No entry ID opens the root folder; under it the IPM subtree with four folders. */
    hr = IMsgStore_OpenEntry(mdb, 0, NULL, NULL, 0, &type, (IUnknown **)&root);
    ok(hr == S_OK && type == MAPI_FOLDER, "OpenEntry got %#lx, type %lu.\n", hr, type);
    if (root)
    {
        ok(get_long(root, PR_FOLDER_TYPE, ~0u) == FOLDER_ROOT, "got folder type %lu.\n",
                get_long(root, PR_FOLDER_TYPE, ~0u));
        hr = IMAPIFolder_GetHierarchyTable(root, 0, &table);
        ok(hr == S_OK, "GetHierarchyTable got %#lx.\n", hr);
        if (!hr)
        {
            ok(table_count(table) == 1, "got %lu folders.\n", table_count(table));
            IMAPITable_Release(table);
        }
        hr = IMAPIFolder_GetHierarchyTable(root, CONVENIENT_DEPTH, &table);
        ok(hr == S_OK, "GetHierarchyTable got %#lx.\n", hr);
        if (!hr)
        {
            ok(table_count(table) == 5, "got %lu folders.\n", table_count(table));
            IMAPITable_Release(table);
        }
        IMAPIFolder_Release(root);
    }

    /* IPM.Note.Phone has no receive folder of its own: IPM's, the Inbox. */
    hr = IMsgStore_GetReceiveFolder(mdb, (char *)"IPM.Note.Phone", 0, &cb, &folder_eid, &explicit_class);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(cb == sizeof(struct memstore_entryid)
                && ((struct memstore_entryid *)folder_eid)->id == MEMSTORE_FOLDER_INBOX,
                "the receive folder is not the Inbox.\n");
        ok(!strcmp(explicit_class, "IPM"), "got class %s.\n", explicit_class);
        inbox.cb = cb;
        memcpy(inbox.data, folder_eid, cb);
        pMAPIFreeBuffer(folder_eid);
        pMAPIFreeBuffer(explicit_class);
    }
    hr = IMsgStore_GetReceiveFolder(mdb, NULL, 0, &cb, &folder_eid, &explicit_class);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(!strcmp(explicit_class, ""), "got class %s.\n", explicit_class);
        pMAPIFreeBuffer(folder_eid);
        pMAPIFreeBuffer(explicit_class);
    }
    hr = IMsgStore_SetReceiveFolder(mdb, (char *)"IPM.Fax", 0, outbox.cb, (ENTRYID *)outbox.data);
    ok(hr == S_OK, "SetReceiveFolder got %#lx.\n", hr);
    hr = IMsgStore_GetReceiveFolder(mdb, (char *)"IPM.Fax.Memo", 0, &cb, &folder_eid, &explicit_class);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(cb == outbox.cb && !memcmp(folder_eid, outbox.data, cb), "the receive folder is not the Outbox.\n");
        ok(!strcmp(explicit_class, "IPM.Fax"), "got class %s.\n", explicit_class);
        pMAPIFreeBuffer(folder_eid);
        pMAPIFreeBuffer(explicit_class);
    }
    hr = IMsgStore_GetReceiveFolderTable(mdb, 0, &table);
    ok(hr == S_OK, "GetReceiveFolderTable got %#lx.\n", hr);
    if (!hr)
    {
        ok(table_count(table) == 3, "got %lu receive folders.\n", table_count(table));
        IMAPITable_Release(table);
    }
    hr = IMsgStore_SetReceiveFolder(mdb, (char *)"IPM.Fax", 0, 0, NULL);
    ok(hr == S_OK, "SetReceiveFolder got %#lx.\n", hr);
    hr = IMsgStore_GetReceiveFolder(mdb, (char *)"IPM.Fax", 0, &cb, &folder_eid, NULL);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(cb == inbox.cb && !memcmp(folder_eid, inbox.data, cb), "IPM.Fax still has its own receive folder.\n");
        pMAPIFreeBuffer(folder_eid);
    }

    hr = IMsgStore_CompareEntryIDs(mdb, outbox.cb, (ENTRYID *)outbox.data, outbox.cb, (ENTRYID *)outbox.data, 0,
            &result);
    ok(hr == S_OK && result, "CompareEntryIDs got %#lx, %lu.\n", hr, result);
    hr = IMsgStore_CompareEntryIDs(mdb, outbox.cb, (ENTRYID *)outbox.data, inbox.cb, (ENTRYID *)inbox.data, 0,
            &result);
    ok(hr == S_OK && !result, "CompareEntryIDs got %#lx, %lu.\n", hr, result);
    eid = outbox;
    eid.data[4] ^= 0xff;
    open_entry(mdb, &eid, 0, MAPI_FOLDER, &hr);
    ok(hr == MAPI_E_INVALID_ENTRYID, "opening another store's entry ID got %#lx.\n", hr);
    IMsgStore_Release(mdb);

done:
    scenario_end(session, FALSE);
    DeleteFileA(store_path);
}

/* Messages: recipients, attachments, saving, two copies, CopyTo,
 * copying, moving and deleting. */
static void test_message(void)
{
    IMAPIFolder *outbox = NULL, *inbox = NULL, *sent = NULL;
    IMessage *msg = NULL, *copy1, *copy2, *other;
    struct eid eid, inbox_eid, eid_other;
    ULONG connection = 0, cb, count;
    SPropValue *value, subject;
    IMAPISession *session;
    struct sink sink;
    SRowSet *rows;
    IAttach *attach;
    IMAPITable *table;
    ENTRYID *folder_eid;
    ENTRYLIST list;
    SBinary bin;
    ADRLIST *adrlist;
    IMsgStore *mdb;
    HRESULT hr;

    sink_init(&sink);
    if (!scenario_begin("MemStore", store_path, &session, &mdb)) goto done;
    if (!(outbox = open_folder(mdb, PR_IPM_OUTBOX_ENTRYID, NULL))) goto done;
    if (!(sent = open_folder(mdb, PR_IPM_SENTMAIL_ENTRYID, NULL))) goto done;
    hr = IMsgStore_GetReceiveFolder(mdb, NULL, 0, &cb, &folder_eid, NULL);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (hr) goto done;
    inbox_eid.cb = cb;
    memcpy(inbox_eid.data, folder_eid, cb);
    pMAPIFreeBuffer(folder_eid);
    if (!(inbox = open_entry(mdb, &inbox_eid, MAPI_MODIFY, MAPI_FOLDER, NULL))) goto done;

    hr = IMsgStore_Advise(mdb, 0, NULL, fnevObjectCreated | fnevObjectModified | fnevObjectDeleted,
            &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);

    if (!(msg = create_message(outbox, "Hello", TRUE, 0, NULL))) goto done;
    ok(get_eid(msg, PR_ENTRYID, &eid) && memstore_eid_short(eid.cb, (ENTRYID *)eid.data),
            "a new message has no entry ID.\n");
    rows = recipient_rows(msg);
    ok(rows && rows->cRows == 2, "got %lu recipients.\n", rows ? rows->cRows : 0);
    if (rows && rows->cRows == 2)
    {
        SPropValue *alice = rows->aRow[0].lpProps, *bob = rows->aRow[1].lpProps;

        ok(alice[0].ulPropTag == PR_ROWID && bob[0].ulPropTag == PR_ROWID && alice[0].Value.l != bob[0].Value.l,
                "the recipients have no PR_ROWIDs of their own.\n");
        ok(alice[1].ulPropTag == PR_DISPLAY_NAME_A && !strcmp(alice[1].Value.lpszA, "Alice Archer"),
                "got name %s.\n", alice[1].ulPropTag == PR_DISPLAY_NAME_A ? alice[1].Value.lpszA : "none");
        ok(alice[4].ulPropTag == PR_SEARCH_KEY && alice[4].Value.bin.cb == sizeof("SMTP:ALICE@EXAMPLE.COM")
                && !memcmp(alice[4].Value.bin.lpb, "SMTP:ALICE@EXAMPLE.COM", alice[4].Value.bin.cb),
                "unexpected PR_SEARCH_KEY.\n");
    }
    if (rows) pFreeProws(rows);

    /* A new message is in its folder only once it is saved. */
    ok(contents_count(outbox) == 0, "the unsaved message is in the Outbox.\n");
    ok(sink.count == 0, "got %lu notifications.\n", sink.count);
    hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    ok(contents_count(outbox) == 1, "got %lu messages in the Outbox.\n", contents_count(outbox));
    ok(sink.count == 1 && sink.last_type == fnevObjectCreated, "got %lu notifications, last %#lx.\n", sink.count,
            sink.last_type);
    ok(eid_equal(&sink.last_eid, &eid), "the notification is about another object.\n");
    count = get_long(msg, PR_MESSAGE_FLAGS, 0);
    ok((count & (MSGFLAG_UNSENT | MSGFLAG_HASATTACH)) == (MSGFLAG_UNSENT | MSGFLAG_HASATTACH), "got flags %#lx.\n",
            count);
    value = get_prop(msg, PR_DISPLAY_TO_A);
    ok(value && !strcmp(value->Value.lpszA, "Alice Archer"), "got PR_DISPLAY_TO %s.\n",
            value ? value->Value.lpszA : "none");
    if (value) pMAPIFreeBuffer(value);
    value = get_prop(msg, PR_DISPLAY_CC_A);
    ok(value && !strcmp(value->Value.lpszA, "Bob Baker"), "got PR_DISPLAY_CC %s.\n",
            value ? value->Value.lpszA : "none");
    if (value) pMAPIFreeBuffer(value);

    /* Two copies: the last SaveChanges wins. */
    copy1 = open_entry(mdb, &eid, MAPI_BEST_ACCESS, MAPI_MESSAGE, NULL);
    copy2 = open_entry(mdb, &eid, MAPI_MODIFY, MAPI_MESSAGE, NULL);
    if (copy1 && copy2)
    {
        ok(get_long(copy1, PR_ACCESS_LEVEL, 0) == MAPI_MODIFY, "got access %lu.\n",
                get_long(copy1, PR_ACCESS_LEVEL, 0));
        hr = IMessage_GetAttachmentTable(copy1, 0, &table);
        ok(hr == S_OK, "GetAttachmentTable got %#lx.\n", hr);
        if (!hr)
        {
            ok(table_count(table) == 1, "got %lu attachments.\n", table_count(table));
            IMAPITable_Release(table);
        }
        hr = IMessage_OpenAttach(copy1, 0, NULL, 0, &attach);
        ok(hr == S_OK, "OpenAttach got %#lx.\n", hr);
        if (!hr)
        {
            value = get_prop(attach, PR_ATTACH_DATA_BIN);
            ok(value && value->Value.bin.cb == 6 && !memcmp(value->Value.bin.lpb, "hello", 6),
                    "the attachment lost its data.\n");
            if (value) pMAPIFreeBuffer(value);
            IAttach_Release(attach);
        }

        rows = recipient_rows(copy2);
        if (rows && rows->cRows == 2)
        {
            pMAPIAllocateBuffer(CbNewADRLIST(1), (void **)&adrlist);
            adrlist->cEntries = 1;
            adrlist->aEntries[0].ulReserved1 = 0;
            adrlist->aEntries[0].cValues = 1;
            pMAPIAllocateBuffer(sizeof(SPropValue), (void **)&adrlist->aEntries[0].rgPropVals);
            adrlist->aEntries[0].rgPropVals[0] = rows->aRow[1].lpProps[0];
            hr = IMessage_ModifyRecipients(copy2, MODRECIP_REMOVE, adrlist);
            ok(hr == S_OK, "ModifyRecipients got %#lx.\n", hr);
            pFreeProws((SRowSet *)adrlist);
        }
        if (rows) pFreeProws(rows);
        ok(recipient_count(copy2) == 1, "got %lu recipients.\n", recipient_count(copy2));
        hr = IMessage_SaveChanges(copy2, 0);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        IMessage_Release(copy2);
        other = open_entry(mdb, &eid, 0, MAPI_MESSAGE, NULL);
        ok(other && recipient_count(other) == 1, "the removed recipient is back.\n");
        if (other) IMessage_Release(other);

        subject.ulPropTag = PR_SUBJECT_A;
        subject.Value.lpszA = (char *)"Later";
        hr = IMessage_SetProps(copy1, 1, &subject, NULL);
        ok(hr == S_OK, "SetProps got %#lx.\n", hr);
        hr = IMessage_SaveChanges(copy1, KEEP_OPEN_READONLY);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        hr = IMessage_SetProps(copy1, 1, &subject, NULL);
        ok(hr == MAPI_E_NO_ACCESS, "SetProps after KEEP_OPEN_READONLY got %#lx.\n", hr);
        IMessage_Release(copy1);
        other = open_entry(mdb, &eid, 0, MAPI_MESSAGE, NULL);
        if (other)
        {
            value = get_prop(other, PR_SUBJECT_A);
            ok(value && !strcmp(value->Value.lpszA, "Later"), "got subject %s.\n", value ? value->Value.lpszA : "none");
            if (value) pMAPIFreeBuffer(value);
            ok(recipient_count(other) == 2, "got %lu recipients.\n", recipient_count(other));
            hr = IMessage_SetProps(other, 1, &subject, NULL);
            ok(hr == MAPI_E_NO_ACCESS, "SetProps on a read-only message got %#lx.\n", hr);
            IMessage_Release(other);
        }
    }
    else
    {
        if (copy1) IMessage_Release(copy1);
        if (copy2) IMessage_Release(copy2);
    }

    /* CopyTo a message copies its recipients and attachments too. */
    hr = IMAPIFolder_CreateMessage(inbox, NULL, 0, &other);
    ok(hr == S_OK, "CreateMessage got %#lx.\n", hr);
    if (!hr)
    {
        hr = IMessage_CopyTo(msg, 0, NULL, NULL, 0, NULL, &iid_message, other, 0, NULL);
        ok(hr == S_OK, "CopyTo got %#lx.\n", hr);
        ok(recipient_count(other) == 2, "got %lu recipients.\n", recipient_count(other));
        hr = IMessage_OpenAttach(other, 0, NULL, 0, &attach);
        ok(hr == S_OK, "OpenAttach got %#lx.\n", hr);
        if (!hr) IAttach_Release(attach);
        hr = IMessage_SaveChanges(other, 0);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        ok(get_eid(other, PR_ENTRYID, &eid_other), "no entry ID.\n");
        ok(!eid_equal(&eid_other, &eid), "the copy has the entry ID of the original.\n");
        IMessage_Release(other);
    }
    ok(contents_count(inbox) == 1, "got %lu messages in the Inbox.\n", contents_count(inbox));

    /* ModifyRecipients without a flag replaces all of them. */
    pMAPIAllocateBuffer(CbNewADRLIST(1), (void **)&adrlist);
    adrlist->cEntries = 1;
    add_recipient(adrlist, 0, "Carol Cook", "carol@example.com", MAPI_TO);
    hr = IMessage_ModifyRecipients(msg, 0, adrlist);
    ok(hr == S_OK, "ModifyRecipients got %#lx.\n", hr);
    pFreeProws((SRowSet *)adrlist);
    ok(recipient_count(msg) == 1, "got %lu recipients.\n", recipient_count(msg));
    hr = IMessage_DeleteAttach(msg, 0, 0, NULL, 0);
    ok(hr == S_OK, "DeleteAttach got %#lx.\n", hr);
    hr = IMessage_DeleteAttach(msg, 0, 0, NULL, 0);
    ok(hr == MAPI_E_NOT_FOUND, "DeleteAttach got %#lx.\n", hr);
    hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    ok(!(get_long(msg, PR_MESSAGE_FLAGS, 0) & MSGFLAG_HASATTACH), "the message still has an attachment.\n");

    /* Copy to Sent Items, then move the copy to the Inbox, then delete both there. */
    bin.cb = eid.cb;
    bin.lpb = eid.data;
    list.cValues = 1;
    list.lpbin = &bin;
    hr = IMAPIFolder_CopyMessages(outbox, &list, NULL, sent, 0, NULL, 0);
    ok(hr == S_OK, "CopyMessages got %#lx.\n", hr);
    ok(contents_count(outbox) == 1 && contents_count(sent) == 1, "got %lu and %lu messages.\n",
            contents_count(outbox), contents_count(sent));
    hr = IMAPIFolder_CopyMessages(outbox, &list, NULL, inbox, 0, NULL, MESSAGE_MOVE);
    ok(hr == S_OK, "CopyMessages got %#lx.\n", hr);
    ok(contents_count(outbox) == 0 && contents_count(inbox) == 2, "got %lu and %lu messages.\n",
            contents_count(outbox), contents_count(inbox));
    other = open_entry(mdb, &eid, 0, MAPI_MESSAGE, NULL);
    if (other)
    {
        ok(get_eid(other, PR_PARENT_ENTRYID, &eid_other) && eid_equal(&eid_other, &inbox_eid),
                "the moved message is not in the Inbox.\n");
        IMessage_Release(other);
    }
    bin.cb = eid.cb;
    bin.lpb = eid.data;
    hr = IMAPIFolder_DeleteMessages(inbox, &list, 0, NULL, 0);
    ok(hr == S_OK, "DeleteMessages got %#lx.\n", hr);
    ok(sink.last_type == fnevObjectDeleted, "got notification %#lx.\n", sink.last_type);
    ok(contents_count(inbox) == 1, "got %lu messages.\n", contents_count(inbox));
    open_entry(mdb, &eid, 0, MAPI_MESSAGE, &hr);
    ok(hr == MAPI_E_NOT_FOUND, "opening a deleted message got %#lx.\n", hr);
    hr = IMessage_SaveChanges(msg, 0);
    ok(hr == MAPI_E_OBJECT_DELETED, "saving a deleted message got %#lx.\n", hr);
    hr = IMAPIFolder_DeleteMessages(inbox, &list, 0, NULL, 0);
    ok(hr == MAPI_W_PARTIAL_COMPLETION, "DeleteMessages got %#lx.\n", hr);

done:
    if (connection)
    {
        hr = IMsgStore_Unadvise(mdb, connection);
        ok(hr == S_OK, "Unadvise got %#lx.\n", hr);
    }
    if (msg) IMessage_Release(msg);
    if (outbox) IMAPIFolder_Release(outbox);
    if (inbox) IMAPIFolder_Release(inbox);
    if (sent) IMAPIFolder_Release(sent);
    if (mdb) IMsgStore_Release(mdb);
    scenario_end(session, FALSE);
    ok(sink.refcount == 1, "the sink has %ld references left.\n", sink.refcount);
    DeleteFileA(store_path);
}

/* SubmitMessage and the spooler's methods: the outgoing queue and its
 * notifications, locking, aborting, finishing, new mail. */
static void test_submit(void)
{
    IMAPIFolder *outbox = NULL, *sent = NULL;
    struct eid eids[8], queue[8], sent_eid, eid;
    ULONG connection = 0, mail_connection = 0, flags[8], count, outgoing, sent_count, inbox, other;
    IMessage *msg = NULL, *locked = NULL, *empty;
    struct sink sink, mail_sink;
    IMAPITable *table = NULL, *other_table = (IMAPITable *)0xdeadbeef;
    IMAPISession *session;
    NOTIFICATION notification;
    SPropValue prop;
    IMsgStore *mdb;
    char pattern[128];
    HRESULT hr;

    sink_init(&sink);
    sink_init(&mail_sink);
    if (!scenario_begin("MemStore", store_path, &session, &mdb)) goto done;
    if (!(outbox = open_folder(mdb, PR_IPM_OUTBOX_ENTRYID, NULL))) goto done;
    if (!(sent = open_folder(mdb, PR_IPM_SENTMAIL_ENTRYID, &sent_eid))) goto done;

    hr = IMsgStore_GetOutgoingQueue(mdb, 0, &table);
    ok(hr == S_OK, "GetOutgoingQueue got %#lx.\n", hr);
    if (hr) goto done;
    ok(table_count(table) == 0, "got %lu queued messages.\n", table_count(table));
    hr = IMAPITable_Advise(table, fnevTableModified, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);
    ok(log_count("mdb.GetOutgoingQueue by=client hr=0x0") == 1, "no GetOutgoingQueue in the log.\n");

    /* Submitting: the message joins the queue, the table tells, the object is done. */
    prop.ulPropTag = PR_SENTMAIL_ENTRYID;
    prop.Value.bin.cb = sent_eid.cb;
    prop.Value.bin.lpb = sent_eid.data;
    if (!(msg = create_message(outbox, "First", TRUE, 1, &prop))) goto done;
    ok(get_eid(msg, PR_ENTRYID, &eids[0]), "no entry ID.\n");
    hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    ok(sink.count == 0, "got %lu table notifications before submitting.\n", sink.count);
    hr = IMessage_SubmitMessage(msg, 0);
    ok(hr == S_OK, "SubmitMessage got %#lx.\n", hr);
    ok(sink.count == 1 && sink.last_table_event == TABLE_ROW_ADDED, "got %lu notifications, last event %#lx.\n",
            sink.count, sink.last_table_event);
    ok(table_count(table) == 1, "got %lu queued messages.\n", table_count(table));
    hr = IMessage_GetProps(msg, NULL, 0, &count, NULL);
    ok(hr == MAPI_E_INVALID_OBJECT, "GetProps after SubmitMessage got %#lx.\n", hr);
    IMessage_Release(msg);
    msg = NULL;
    sprintf(pattern, "msg.SubmitMessage eid=%lu by=client hr=0x0",
            memstore_eid_short(eids[0].cb, (ENTRYID *)eids[0].data));
    ok(log_count(pattern) == 1, "no \"%s\" in the log.\n", pattern);
    ok(log_count("sup.SpoolerNotify flags=0x2 hr=*") == 1, "the store did not tell the spooler.\n");

    /* A client opens a queued message read-only, and cannot modify it. */
    msg = open_entry(mdb, &eids[0], MAPI_MODIFY, MAPI_MESSAGE, &hr);
    ok(hr == MAPI_E_SUBMITTED, "opening a queued message for writing got %#lx.\n", hr);
    if (msg) IMessage_Release(msg);
    locked = open_entry(mdb, &eids[0], MAPI_BEST_ACCESS, MAPI_MESSAGE, NULL);
    if (locked)
    {
        SRowSet *rows = recipient_rows(locked);
        ULONG i;

        count = get_long(locked, PR_MESSAGE_FLAGS, 0);
        ok((count & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT)) == (MSGFLAG_SUBMIT | MSGFLAG_UNSENT), "got flags %#lx.\n",
                count);
        ok(get_long(locked, PR_ACCESS_LEVEL, 1) == 0, "a queued message opened for writing.\n");
        ok(get_long(locked, PR_SUBMIT_FLAGS, ~0u) == 0, "got PR_SUBMIT_FLAGS %#lx.\n",
                get_long(locked, PR_SUBMIT_FLAGS, ~0u));
        for (i = 0; rows && i < rows->cRows; i++)
            ok(rows->aRow[i].lpProps[3].ulPropTag == PR_RESPONSIBILITY && !rows->aRow[i].lpProps[3].Value.b,
                    "recipient %lu: PR_RESPONSIBILITY is not FALSE.\n", i);
        if (rows) pFreeProws(rows);
        hr = IMessage_SubmitMessage(locked, 0);
        ok(hr == MAPI_E_NO_ACCESS, "SubmitMessage on a read-only message got %#lx.\n", hr);
    }

    if (!submit_message(outbox, "Second", 0, NULL, &eids[1])) goto done;
    hr = IMAPIFolder_CreateMessage(outbox, NULL, 0, &empty);
    ok(hr == S_OK, "CreateMessage got %#lx.\n", hr);
    if (!hr)
    {
        hr = IMessage_SubmitMessage(empty, 0);
        ok(hr == MAPI_E_NO_RECIPIENTS, "SubmitMessage without recipients got %#lx.\n", hr);
        IMessage_Release(empty);
    }
    count = queue_read(mdb, queue, flags, ARRAY_SIZE(queue));
    ok(count == 2, "got %lu queued messages.\n", count);
    ok(eid_equal(&queue[0], &eids[0]) && eid_equal(&queue[1], &eids[1]), "the queue is not oldest first.\n");

    /* Locked: SUBMITFLAG_LOCKED, and AbortSubmit fails. */
    sink.count = 0;
    hr = IMsgStore_SetLockState(mdb, locked, MSG_LOCKED);
    ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
    ok(sink.count == 1 && sink.last_table_event == TABLE_ROW_MODIFIED, "got %lu notifications, last event %#lx.\n",
            sink.count, sink.last_table_event);
    count = queue_read(mdb, queue, flags, ARRAY_SIZE(queue));
    ok(count == 2 && flags[0] == SUBMITFLAG_LOCKED && flags[1] == 0, "got flags %#lx, %#lx.\n", flags[0], flags[1]);
    ok(get_long(locked, PR_SUBMIT_FLAGS, 0) == SUBMITFLAG_LOCKED, "the message does not show its lock.\n");
    sprintf(pattern, "mdb.SetLockState eid=%lu state=1 by=client hr=0x0",
            memstore_eid_short(eids[0].cb, (ENTRYID *)eids[0].data));
    ok(log_count(pattern) == 1, "no \"%s\" in the log.\n", pattern);
    hr = IMsgStore_AbortSubmit(mdb, eids[0].cb, (ENTRYID *)eids[0].data, 0);
    ok(hr == MAPI_E_UNABLE_TO_ABORT, "AbortSubmit of a locked message got %#lx.\n", hr);
    hr = IMsgStore_SetLockState(mdb, NULL, MSG_LOCKED);
    ok(hr == MAPI_E_INVALID_PARAMETER, "SetLockState got %#lx.\n", hr);

    /* Aborted: out of the queue, no longer submitted, but still unsent. */
    sink.count = 0;
    hr = IMsgStore_AbortSubmit(mdb, eids[1].cb, (ENTRYID *)eids[1].data, 0);
    ok(hr == S_OK, "AbortSubmit got %#lx.\n", hr);
    ok(sink.count == 1 && sink.last_table_event == TABLE_ROW_DELETED, "got %lu notifications, last event %#lx.\n",
            sink.count, sink.last_table_event);
    hr = IMsgStore_AbortSubmit(mdb, eids[1].cb, (ENTRYID *)eids[1].data, 0);
    ok(hr == MAPI_E_NOT_IN_QUEUE, "AbortSubmit again got %#lx.\n", hr);
    msg = open_entry(mdb, &eids[1], MAPI_MODIFY, MAPI_MESSAGE, &hr);
    ok(hr == S_OK, "opening the aborted message got %#lx.\n", hr);
    if (msg)
    {
        count = get_long(msg, PR_MESSAGE_FLAGS, 0);
        ok((count & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT)) == MSGFLAG_UNSENT, "got flags %#lx.\n", count);
        IMessage_Release(msg);
        msg = NULL;
    }

    /* Finished: unlocked, out of the queue, sent, in PR_SENTMAIL_ENTRYID's folder. */
    hr = IMsgStore_FinishedMsg(mdb, 0, eids[0].cb, (ENTRYID *)eids[0].data);
    ok(hr == S_OK, "FinishedMsg got %#lx.\n", hr);
    ok(table_count(table) == 0, "got %lu queued messages.\n", table_count(table));
    ok(contents_count(sent) == 1 && contents_count(outbox) == 1, "got %lu sent, %lu in the Outbox.\n",
            contents_count(sent), contents_count(outbox));
    msg = open_entry(mdb, &eids[0], MAPI_MODIFY, MAPI_MESSAGE, NULL);
    if (msg)
    {
        count = get_long(msg, PR_MESSAGE_FLAGS, 0);
        ok(!(count & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT)), "got flags %#lx.\n", count);
        ok(get_long(msg, PR_SUBMIT_FLAGS, ~0u) == ~0u, "a sent message has PR_SUBMIT_FLAGS.\n");
        ok(get_eid(msg, PR_PARENT_ENTRYID, &eid) && eid_equal(&eid, &sent_eid), "the message is not in Sent Items.\n");
        IMessage_Release(msg);
        msg = NULL;
    }
    sprintf(pattern, "mdb.FinishedMsg eid=%lu locked=1 by=client hr=0x0",
            memstore_eid_short(eids[0].cb, (ENTRYID *)eids[0].data));
    ok(log_count(pattern) == 1, "no \"%s\" in the log.\n", pattern);
    ok(log_count("sup.DoSentMail eid=* hr=*") == 1, "DoSentMail was not called.\n");
    hr = IMsgStore_FinishedMsg(mdb, 0, eids[0].cb, (ENTRYID *)eids[0].data);
    ok(hr == MAPI_E_NOT_IN_QUEUE, "FinishedMsg again got %#lx.\n", hr);

    /* PR_DELETE_AFTER_SUBMIT: gone once sent. */
    prop.ulPropTag = PR_DELETE_AFTER_SUBMIT;
    prop.Value.b = TRUE;
    if (submit_message(outbox, "Third", 1, &prop, &eids[2]))
    {
        hr = IMsgStore_FinishedMsg(mdb, 0, eids[2].cb, (ENTRYID *)eids[2].data);
        ok(hr == S_OK, "FinishedMsg got %#lx.\n", hr);
        open_entry(mdb, &eids[2], 0, MAPI_MESSAGE, &hr);
        ok(hr == MAPI_E_NOT_FOUND, "opening a message deleted after submission got %#lx.\n", hr);
    }
    /* Neither: it stays where it was, no longer submitted. */
    if (submit_message(outbox, "Fourth", 0, NULL, &eids[3]))
    {
        hr = IMsgStore_FinishedMsg(mdb, 0, eids[3].cb, (ENTRYID *)eids[3].data);
        ok(hr == S_OK, "FinishedMsg got %#lx.\n", hr);
        msg = open_entry(mdb, &eids[3], 0, MAPI_MESSAGE, NULL);
        if (msg)
        {
            ok(!(get_long(msg, PR_MESSAGE_FLAGS, 0) & MSGFLAG_SUBMIT), "the message is still submitted.\n");
            IMessage_Release(msg);
            msg = NULL;
        }
        ok(contents_count(outbox) == 2, "got %lu messages in the Outbox.\n", contents_count(outbox));
    }

    /* NotifyNewMail: fnevNewMail to the store's advise sinks. */
    hr = IMsgStore_Advise(mdb, 0, NULL, fnevNewMail, &mail_sink.IMAPIAdviseSink_iface, &mail_connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);
    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevNewMail;
    notification.info.newmail.cbEntryID = eids[1].cb;
    notification.info.newmail.lpEntryID = (ENTRYID *)eids[1].data;
    notification.info.newmail.cbParentID = sent_eid.cb;
    notification.info.newmail.lpParentID = (ENTRYID *)sent_eid.data;
    notification.info.newmail.lpszMessageClass = (void *)"IPM.Note";
    hr = IMsgStore_NotifyNewMail(mdb, &notification);
    ok(hr == S_OK, "NotifyNewMail got %#lx.\n", hr);
    ok(mail_sink.count == 1 && mail_sink.last_type == fnevNewMail, "got %lu notifications, last %#lx.\n",
            mail_sink.count, mail_sink.last_type);
    ok(eid_equal(&mail_sink.last_eid, &eids[1]), "the new-mail notification lost its entry ID.\n");
    hr = IMsgStore_NotifyNewMail(mdb, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "NotifyNewMail got %#lx.\n", hr);
    ok(log_count("mdb.NotifyNewMail by=client hr=0x0") == 1, "no NotifyNewMail in the log.\n");
    hr = IMsgStore_GetOutgoingQueue(mdb, 1, &other_table);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "GetOutgoingQueue got %#lx.\n", hr);
    ok(!other_table, "got table %p.\n", other_table);

done:
    if (table)
    {
        if (connection)
        {
            hr = IMAPITable_Unadvise(table, connection);
            ok(hr == S_OK, "Unadvise got %#lx.\n", hr);
        }
        IMAPITable_Release(table);
    }
    if (mail_connection) IMsgStore_Unadvise(mdb, mail_connection);
    if (locked) IMessage_Release(locked);
    if (outbox) IMAPIFolder_Release(outbox);
    if (sent) IMAPIFolder_Release(sent);
    if (mdb)
    {
        count = LOGOFF_ORDERLY;
        hr = IMsgStore_StoreLogoff(mdb, &count);
        ok(hr == S_OK && count == LOGOFF_COMPLETE, "StoreLogoff got %#lx, flags %#lx.\n", hr, count);
        IMsgStore_Release(mdb);
        ok(log_count("sup.StoreLogoffTransports flags=0x2 by=client hr=0x0") == 1,
                "the store did not pass StoreLogoff's flags on.\n");
    }
    scenario_end(session, FALSE);
    ok(sink.refcount == 1 && mail_sink.refcount == 1, "the sinks have %ld and %ld references left.\n",
            sink.refcount, mail_sink.refcount);
    hr = store_counts(store_path, &outgoing, &sent_count, &inbox, &other);
    ok(hr == S_OK, "MemStoreCounts got %#lx.\n", hr);
    ok(!outgoing && sent_count == 1 && !inbox && other == 2,
            "got %lu outgoing, %lu sent, %lu in the Inbox, %lu else.\n", outgoing, sent_count, inbox, other);
    ok(!memstore_loaded(), "%s is still loaded.\n", MEMSTORE_DLL);
    DeleteFileA(store_path);
}

static const struct scenario scenarios[] =
{
    {"store", test_store},
    {"message", test_message},
    {"submit", test_submit},
    {NULL}
};

START_TEST(memstore)
{
    run_scenarios("memstore", scenarios);
}
