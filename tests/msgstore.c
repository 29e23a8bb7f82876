/*
 * Integration tests: the local message store (msgstore32.dll) in MAPI
 * sessions: its standard folders, messages, folders, tables and
 * notifications, the spooler's methods, a message sent through the
 * spooler to the recording transport, and the service entry
 * (msgstoredisk.c: what it keeps on disk).  Each scenario runs in a child
 * process of its own, so that it starts with the DLL unloaded.
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

#include "msgstore_test.h"

static HRESULT delete_folder(IMAPIFolder *parent, const struct eid *eid, ULONG flags)
{
    return parent->lpVtbl->DeleteFolder(parent, eid->cb, (ENTRYID *)eid->data, 0, NULL, flags);
}

/* The one subfolder of a folder, opened. */
static IMAPIFolder *only_child(IMAPIFolder *folder)
{
    SizedSPropTagArray(1, columns) = {1, {PR_ENTRYID}};
    IMAPIFolder *child = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG type;
    HRESULT hr;

    hr = IMAPIFolder_GetHierarchyTable(folder, 0, &table);
    ok(hr == S_OK, "GetHierarchyTable got %#lx.\n", hr);
    if (hr) return NULL;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    ok(hr == S_OK && rows->cRows == 1, "got %#lx.\n", hr);
    if (hr) return NULL;
    if (rows->cRows == 1)
    {
        SBinary *eid = &rows->aRow[0].lpProps[0].Value.bin;

        hr = IMAPIFolder_OpenEntry(folder, eid->cb, (ENTRYID *)eid->lpb, NULL, MAPI_MODIFY, &type,
                (IUnknown **)&child);
        ok(hr == S_OK && type == MAPI_FOLDER, "OpenEntry got %#lx, type %lu.\n", hr, type);
    }
    pFreeProws(rows);
    return child;
}

static void eid_list(ENTRYLIST *list, SBinary *bin, const struct eid *eid)
{
    bin->cb = eid->cb;
    bin->lpb = (BYTE *)eid->data;
    list->cValues = 1;
    list->lpbin = bin;
}

/* ------------------------------------------------------------------------
 * The store and its standard folders.
 */

static void test_store(int argc, char **argv)
{
    static const struct { ULONG tag; const char *name; } folders[] =
    {
        {PR_IPM_SUBTREE_ENTRYID, "Top of Personal Folders"},
        {PR_IPM_OUTBOX_ENTRYID, "Outbox"},
        {PR_IPM_SENTMAIL_ENTRYID, "Sent Items"},
        {PR_IPM_WASTEBASKET_ENTRYID, "Deleted Items"},
    };
    static const char *const dirs[] = {"root", "ipm", "inbox", "outbox", "sent", "deleted", "drafts"};
    struct eid ipm, inbox, outbox, eid, drafts, parent;
    char text[512], path[MAX_PATH], *explicit_class;
    IMAPIFolder *folder, *root;
    ENTRYID *folder_eid;
    IMAPITable *table;
    IUnknown *object;
    struct session s;
    ULONG i, cb, type, result, flags;
    HRESULT hr;

    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;

    flags = get_long(s.mdb, PR_VALID_FOLDER_MASK, 0);
    ok(flags == (FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_INBOX_VALID | FOLDER_IPM_OUTBOX_VALID
            | FOLDER_IPM_WASTEBASKET_VALID | FOLDER_IPM_SENTMAIL_VALID), "got PR_VALID_FOLDER_MASK %#lx.\n", flags);
    ok(get_long(s.mdb, PR_STORE_SUPPORT_MASK, 0) & STORE_SUBMIT_OK, "the store cannot submit.\n");
    ok(get_long(s.mdb, PR_OBJECT_TYPE, 0) == MAPI_STORE, "got type %lu.\n", get_long(s.mdb, PR_OBJECT_TYPE, 0));
    ok(!strcmp(get_string(s.mdb, PR_DISPLAY_NAME_A, text, sizeof(text)), "Local Message Store"), "got name %s.\n",
            text);
    ok(!lstrcmpiA(get_string(s.mdb, PR_MSGSTORE_PATH, text, sizeof(text)), store_dir), "got path %s.\n", text);
    ok(get_eid(s.mdb, PR_IPM_SUBTREE_ENTRYID, &ipm), "no IPM subtree.\n");

    for (i = 0; i < ARRAY_SIZE(folders); i++)
    {
        winetest_push_context("%s", folders[i].name);
        if ((folder = open_folder(s.mdb, folders[i].tag, &eid)))
        {
            ok(!strcmp(get_string(folder, PR_DISPLAY_NAME_A, text, sizeof(text)), folders[i].name), "got %s.\n", text);
            ok(get_long(folder, PR_FOLDER_TYPE, 0) == FOLDER_GENERIC, "got type %lu.\n",
                    get_long(folder, PR_FOLDER_TYPE, 0));
            ok(get_eid(folder, PR_ENTRYID, &parent) && eid_equal(&parent, &eid), "PR_ENTRYID differs.\n");
            if (i) ok(get_eid(folder, PR_PARENT_ENTRYID, &parent) && eid_equal(&parent, &ipm),
                    "the folder is not in the IPM subtree.\n");
            IMAPIFolder_Release(folder);
        }
        winetest_pop_context();
    }
    get_eid(s.mdb, PR_IPM_OUTBOX_ENTRYID, &outbox);

    /* The Inbox is the receive folder. */
    hr = IMsgStore_GetReceiveFolder(s.mdb, (char *)"IPM.Note", 0, &cb, &folder_eid, &explicit_class);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(!strcmp(explicit_class, "IPM"), "got class %s.\n", explicit_class);
        pMAPIFreeBuffer(explicit_class);
        pMAPIFreeBuffer(folder_eid);
    }
    if ((folder = open_inbox(s.mdb, &inbox)))
    {
        ok(!strcmp(get_string(folder, PR_DISPLAY_NAME_A, text, sizeof(text)), "Inbox"), "got %s.\n", text);
        IMAPIFolder_Release(folder);
    }

    /* The root: no entry ID; Drafts through PR_IPM_DRAFTS_ENTRYID. */
    hr = IMsgStore_OpenEntry(s.mdb, 0, NULL, NULL, 0, &type, (IUnknown **)&root);
    ok(hr == S_OK && type == MAPI_FOLDER, "opening the root got %#lx, type %lu.\n", hr, type);
    if (!hr)
    {
        ok(get_long(root, PR_FOLDER_TYPE, 1) == FOLDER_ROOT, "got type %lu.\n", get_long(root, PR_FOLDER_TYPE, 1));
        ok(get_eid(root, PR_IPM_DRAFTS_ENTRYID, &drafts), "the root has no PR_IPM_DRAFTS_ENTRYID.\n");
        if ((folder = open_entry(s.mdb, &drafts, 0, MAPI_FOLDER, NULL)))
        {
            ok(!strcmp(get_string(folder, PR_DISPLAY_NAME_A, text, sizeof(text)), "Drafts"), "got %s.\n", text);
            IMAPIFolder_Release(folder);
        }
        child_names(root, CONVENIENT_DEPTH, text);
        ok(!strcmp(text, "Deleted Items:1,Drafts:1,Inbox:1,Outbox:1,Sent Items:1,Top of Personal Folders:0"),
                "got %s.\n", text);
        child_names(root, 0, text);
        ok(!strcmp(text, "Top of Personal Folders"), "got %s.\n", text);
        IMAPIFolder_Release(root);
    }
    if ((folder = open_entry(s.mdb, &ipm, 0, MAPI_FOLDER, NULL)))
    {
        ok(get_eid(folder, PR_IPM_DRAFTS_ENTRYID, &eid) && eid_equal(&eid, &drafts), "no Drafts on the IPM root.\n");
        ok(get_long(folder, PR_SUBFOLDERS, 0), "the IPM subtree has no subfolders.\n");
        child_names(folder, 0, text);
        ok(!strcmp(text, "Deleted Items,Drafts,Inbox,Outbox,Sent Items"), "got %s.\n", text);
        IMAPIFolder_Release(folder);
    }

    /* Each folder a directory. */
    sprintf(path, "%s\\store.dat", store_dir);
    ok(file_exists(path), "%s is missing.\n", path);
    for (i = 0; i < ARRAY_SIZE(dirs); i++)
    {
        sprintf(path, "%s\\%s\\folder.dat", store_dir, dirs[i]);
        ok(file_exists(path), "%s is missing.\n", path);
        sprintf(path, "%s\\%s\\index.dat", store_dir, dirs[i]);
        ok(file_exists(path), "%s is missing.\n", path);
    }

    /* Receive folders. */
    hr = IMsgStore_SetReceiveFolder(s.mdb, (char *)"IPM.Fax", 0, outbox.cb, (ENTRYID *)outbox.data);
    ok(hr == S_OK, "SetReceiveFolder got %#lx.\n", hr);
    hr = IMsgStore_GetReceiveFolder(s.mdb, (char *)"IPM.Fax.Memo", 0, &cb, &folder_eid, &explicit_class);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(cb == outbox.cb && !memcmp(folder_eid, outbox.data, cb), "the receive folder is not the Outbox.\n");
        ok(!strcmp(explicit_class, "IPM.Fax"), "got class %s.\n", explicit_class);
        pMAPIFreeBuffer(folder_eid);
        pMAPIFreeBuffer(explicit_class);
    }
    hr = IMsgStore_GetReceiveFolderTable(s.mdb, 0, &table);
    ok(hr == S_OK, "GetReceiveFolderTable got %#lx.\n", hr);
    if (!hr)
    {
        ok(table_count(table) == 4, "got %lu receive folders.\n", table_count(table));
        IMAPITable_Release(table);
    }
    hr = IMsgStore_SetReceiveFolder(s.mdb, (char *)"IPM.Fax", 0, 0, NULL);
    ok(hr == S_OK, "SetReceiveFolder got %#lx.\n", hr);
    hr = IMsgStore_GetReceiveFolder(s.mdb, (char *)"IPM.Fax", 0, &cb, &folder_eid, NULL);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(cb == inbox.cb && !memcmp(folder_eid, inbox.data, cb), "IPM.Fax still has a receive folder.\n");
        pMAPIFreeBuffer(folder_eid);
    }

    hr = IMsgStore_CompareEntryIDs(s.mdb, outbox.cb, (ENTRYID *)outbox.data, outbox.cb, (ENTRYID *)outbox.data, 0,
            &result);
    ok(hr == S_OK && result, "CompareEntryIDs got %#lx, %lu.\n", hr, result);
    hr = IMsgStore_CompareEntryIDs(s.mdb, outbox.cb, (ENTRYID *)outbox.data, inbox.cb, (ENTRYID *)inbox.data, 0,
            &result);
    ok(hr == S_OK && !result, "CompareEntryIDs got %#lx, %lu.\n", hr, result);

    /* Bad input. */
    eid = outbox;
    eid.data[4] ^= 0xff;
    open_entry(s.mdb, &eid, 0, MAPI_FOLDER, &hr);
    ok(hr == MAPI_E_INVALID_ENTRYID, "another store's entry ID got %#lx.\n", hr);
    eid.cb = 5;
    open_entry(s.mdb, &eid, 0, MAPI_FOLDER, &hr);
    ok(hr == MAPI_E_INVALID_ENTRYID, "a short entry ID got %#lx.\n", hr);
    eid = outbox;
    memset(eid.data + 24, 0x77, 4);
    open_entry(s.mdb, &eid, 0, MAPI_FOLDER, &hr);
    ok(hr == MAPI_E_NOT_FOUND, "a folder that does not exist got %#lx.\n", hr);
    hr = IMsgStore_OpenEntry(s.mdb, outbox.cb, (ENTRYID *)outbox.data, NULL, 0, NULL, &object);
    ok(hr == MAPI_E_INVALID_PARAMETER, "OpenEntry without a type got %#lx.\n", hr);
    hr = IMsgStore_OpenEntry(s.mdb, outbox.cb, (ENTRYID *)outbox.data, &iid_message, 0, &type, &object);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "a folder as a message got %#lx.\n", hr);
    hr = IMsgStore_GetOutgoingQueue(s.mdb, 1, &table);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "GetOutgoingQueue got %#lx.\n", hr);
    hr = IMsgStore_Advise(s.mdb, 0, NULL, fnevNewMail, NULL, &result);
    ok(hr == MAPI_E_INVALID_PARAMETER, "Advise without a sink got %#lx.\n", hr);
    hr = IMsgStore_GetReceiveFolder(s.mdb, NULL, 0, NULL, &folder_eid, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "GetReceiveFolder got %#lx.\n", hr);
    hr = IMsgStore_StoreLogoff(s.mdb, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "StoreLogoff got %#lx.\n", hr);
    flags = LOGOFF_ORDERLY | LOGOFF_ABORT;
    hr = IMsgStore_StoreLogoff(s.mdb, &flags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "StoreLogoff with two flags got %#lx.\n", hr);
    flags = LOGOFF_NO_WAIT;
    hr = IMsgStore_StoreLogoff(s.mdb, &flags);
    ok(hr == S_OK && flags == LOGOFF_COMPLETE, "StoreLogoff got %#lx, flags %#lx.\n", hr, flags);

done:
    scenario_end(&s);
}

/* ------------------------------------------------------------------------
 * Messages.
 */

static void test_message(int argc, char **argv)
{
    static const WCHAR unicode_subject[] = {'G','r',0xfc,0xdf,'e',' ',0x2603,0};
    SizedSPropTagArray(1, attach_columns) = {1, {PR_ATTACH_NUM}};
    struct eid inbox_eid, eid, other, store_eid;
    char text[512], path[MAX_PATH];
    IMessage *msg = NULL, *copy1, *copy2;
    SPropProblemArray *problems;
    MAPINAMEID name, *names[1];
    SPropTagArray *named;
    ULONG connection = 0, flags, i;
    IMAPIFolder *inbox = NULL;
    SPropValue prop, *value;
    IMAPITable *table;
    struct session s;
    struct sink sink;
    IAttach *attach;
    SRowSet *rows;
    BYTE *big;
    HRESULT hr;

    sink_init(&sink);
    big = HeapAlloc(GetProcessHeap(), 0, 100000);
    for (i = 0; i < 100000; i++) big[i] = (BYTE)(i * 7 + i / 251);
    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(inbox = open_inbox(s.mdb, &inbox_eid))) goto done;
    get_eid(s.mdb, PR_ENTRYID, &store_eid);
    hr = IMsgStore_Advise(s.mdb, 0, NULL, fnevObjectCreated | fnevObjectModified | fnevObjectDeleted,
            &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);

    if (!(msg = create_message(inbox, "Hello", "Body text", 0, NULL))) goto done;
    add_attachment(msg, "hello.txt", (const BYTE *)"hello", 6);
    add_attachment(msg, "big.bin", big, 100000);
    ok(get_eid(msg, PR_ENTRYID, &eid) && eid.cb == 32, "a new message has no entry ID.\n");
    ok(contents_count(inbox) == 0, "the unsaved message is in the Inbox.\n");
    ok(!sink.count, "got %lu notifications before saving.\n", sink.count);
    hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    ok(contents_count(inbox) == 1, "got %lu messages.\n", contents_count(inbox));
    ok(sink.count == 1 && sink.last_type == fnevObjectCreated, "got %lu notifications, last %#lx.\n", sink.count,
            sink.last_type);
    ok(eid_equal(&sink.last_eid, &eid), "the notification names another object.\n");
    ok(eid_equal(&sink.last_parent, &inbox_eid), "the notification names another folder.\n");

    flags = get_long(msg, PR_MESSAGE_FLAGS, 0);
    ok((flags & (MSGFLAG_UNSENT | MSGFLAG_UNMODIFIED | MSGFLAG_HASATTACH | MSGFLAG_READ))
            == (MSGFLAG_UNSENT | MSGFLAG_UNMODIFIED | MSGFLAG_HASATTACH), "got flags %#lx.\n", flags);
    ok(get_eid(msg, PR_PARENT_ENTRYID, &other) && eid_equal(&other, &inbox_eid), "wrong PR_PARENT_ENTRYID.\n");
    ok(get_eid(msg, PR_STORE_ENTRYID, &other) && eid_equal(&other, &store_eid), "wrong PR_STORE_ENTRYID.\n");
    ok(get_eid(msg, PR_RECORD_KEY, &other) && other.cb == 20, "got PR_RECORD_KEY of %lu bytes.\n", other.cb);
    ok(get_eid(msg, PR_SEARCH_KEY, &other) && other.cb == 16, "got PR_SEARCH_KEY of %lu bytes.\n", other.cb);
    ok(get_long(msg, PR_MESSAGE_SIZE, 0) > 100000, "got size %lu.\n", get_long(msg, PR_MESSAGE_SIZE, 0));
    ok(!strcmp(get_string(msg, PR_DISPLAY_TO_A, text, sizeof(text)), "Alice Archer"), "got To %s.\n", text);
    message_file("inbox", &eid, path);
    ok(file_exists(path), "%s is missing.\n", path);
    ok(count_messages("inbox", "*.msg") == 1, "got %lu message files.\n", count_messages("inbox", "*.msg"));
    sprintf(path, "%s\\~tmp", store_dir);
    ok(!count_files(path, "*"), "temporary files are left.\n");

    /* Values the store computes are refused; flags only before the first save. */
    prop.ulPropTag = PR_MESSAGE_FLAGS;
    prop.Value.l = MSGFLAG_READ;
    hr = IMessage_SetProps(msg, 1, &prop, &problems);
    ok(hr == S_OK && problems && problems->cProblem == 1 && problems->aProblem[0].scode == MAPI_E_COMPUTED,
            "SetProps(PR_MESSAGE_FLAGS) got %#lx, %p.\n", hr, problems);
    if (problems) pMAPIFreeBuffer(problems);
    prop.ulPropTag = PR_ENTRYID;
    prop.Value.bin.cb = 4;
    prop.Value.bin.lpb = (BYTE *)"abcd";
    hr = IMessage_SetProps(msg, 1, &prop, &problems);
    ok(hr == S_OK && problems && problems->cProblem == 1 && problems->aProblem[0].scode == MAPI_E_COMPUTED,
            "SetProps(PR_ENTRYID) got %#lx, %p.\n", hr, problems);
    if (problems) pMAPIFreeBuffer(problems);

    /* A second save: modified, no longer "unmodified". */
    prop.ulPropTag = PR_SUBJECT_W;
    prop.Value.lpszW = (WCHAR *)unicode_subject;
    hr = IMessage_SetProps(msg, 1, &prop, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    sink_reset(&sink);
    hr = IMessage_SaveChanges(msg, 0);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    ok(sink.last_type == fnevObjectModified, "got notification %#lx.\n", sink.last_type);
    ok(!(get_long(msg, PR_MESSAGE_FLAGS, 0) & MSGFLAG_UNMODIFIED), "still unmodified.\n");
    IMessage_Release(msg);
    msg = NULL;

    /* Opened again, read-only. */
    if ((msg = open_entry(s.mdb, &eid, 0, MAPI_MESSAGE, NULL)))
    {
        value = get_prop(msg, PR_SUBJECT_W);
        ok(value && !lstrcmpW(value->Value.lpszW, unicode_subject), "got subject %s.\n",
                value ? wine_dbgstr_w(value->Value.lpszW) : "none");
        if (value) pMAPIFreeBuffer(value);
        ok(!strcmp(get_string(msg, PR_BODY_A, text, sizeof(text)), "Body text"), "got body %s.\n", text);
        ok(recipient_count(msg) == 2, "got %lu recipients.\n", recipient_count(msg));
        ok(get_long(msg, PR_ACCESS_LEVEL, 1) == 0, "the message is writable.\n");
        hr = IMessage_GetAttachmentTable(msg, 0, &table);
        ok(hr == S_OK, "GetAttachmentTable got %#lx.\n", hr);
        if (!hr)
        {
            hr = pHrQueryAllRows(table, (SPropTagArray *)&attach_columns, NULL, NULL, 0, &rows);
            ok(hr == S_OK && rows->cRows == 2, "got %#lx, %lu attachments.\n", hr, hr ? 0 : rows->cRows);
            for (i = 0; !hr && i < rows->cRows; i++)
            {
                hr = IMessage_OpenAttach(msg, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &attach);
                ok(hr == S_OK, "OpenAttach got %#lx.\n", hr);
                if (hr) break;
                value = get_prop(attach, PR_ATTACH_DATA_BIN);
                ok(value && ((value->Value.bin.cb == 6 && !memcmp(value->Value.bin.lpb, "hello", 6))
                        || (value->Value.bin.cb == 100000 && !memcmp(value->Value.bin.lpb, big, 100000))),
                        "attachment %lu lost its data.\n", i);
                if (value) pMAPIFreeBuffer(value);
                IAttach_Release(attach);
            }
            if (!hr) pFreeProws(rows);
            IMAPITable_Release(table);
        }
        prop.ulPropTag = PR_SUBJECT_A;
        prop.Value.lpszA = (char *)"No";
        hr = IMessage_SetProps(msg, 1, &prop, NULL);
        ok(hr == MAPI_E_NO_ACCESS, "SetProps on a read-only message got %#lx.\n", hr);
        hr = IMessage_SaveChanges(msg, 0);
        ok(hr == MAPI_E_NO_ACCESS, "SaveChanges on a read-only message got %#lx.\n", hr);
        hr = IMessage_CreateAttach(msg, NULL, 0, &i, &attach);
        ok(hr == MAPI_E_NO_ACCESS, "CreateAttach on a read-only message got %#lx.\n", hr);

        /* The read flag is kept at once, even on a read-only message. */
        hr = IMessage_SetReadFlag(msg, CLEAR_READ_FLAG | SUPPRESS_RECEIPT);
        ok(hr == MAPI_E_INVALID_PARAMETER, "SetReadFlag got %#lx.\n", hr);
        ok(get_long(inbox, PR_CONTENT_UNREAD, 0) == 1, "got %lu unread.\n", get_long(inbox, PR_CONTENT_UNREAD, 0));
        hr = IMessage_SetReadFlag(msg, 0);
        ok(hr == S_OK, "SetReadFlag got %#lx.\n", hr);
        ok(get_long(msg, PR_MESSAGE_FLAGS, 0) & MSGFLAG_READ, "the message is not read.\n");
        ok(get_long(inbox, PR_CONTENT_UNREAD, 1) == 0, "got %lu unread.\n", get_long(inbox, PR_CONTENT_UNREAD, 1));
        IMessage_Release(msg);
        msg = NULL;
    }
    if ((msg = open_entry(s.mdb, &eid, 0, MAPI_MESSAGE, NULL)))
    {
        ok(get_long(msg, PR_MESSAGE_FLAGS, 0) & MSGFLAG_READ, "the read flag was not kept.\n");
        hr = IMessage_SetReadFlag(msg, CLEAR_READ_FLAG);
        ok(hr == S_OK, "SetReadFlag got %#lx.\n", hr);
        IMessage_Release(msg);
        msg = NULL;
    }
    ok(get_long(inbox, PR_CONTENT_UNREAD, 0) == 1, "got %lu unread.\n", get_long(inbox, PR_CONTENT_UNREAD, 0));

    /* Two objects on one message: the last SaveChanges wins. */
    copy1 = open_entry(s.mdb, &eid, MAPI_MODIFY, MAPI_MESSAGE, NULL);
    copy2 = open_entry(s.mdb, &eid, MAPI_BEST_ACCESS, MAPI_MESSAGE, NULL);
    if (copy1 && copy2)
    {
        ok(get_long(copy2, PR_ACCESS_LEVEL, 0) == MAPI_MODIFY, "MAPI_BEST_ACCESS is not writable.\n");
        prop.ulPropTag = PR_SUBJECT_A;
        prop.Value.lpszA = (char *)"First";
        IMessage_SetProps(copy1, 1, &prop, NULL);
        prop.Value.lpszA = (char *)"Second";
        IMessage_SetProps(copy2, 1, &prop, NULL);
        hr = IMessage_SaveChanges(copy1, 0);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        hr = IMessage_SaveChanges(copy2, 0);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        subjects(inbox, NULL, NULL, text);
        ok(!strcmp(text, "Second"), "got %s.\n", text);

        /* Named properties are kept with the message. */
        name.lpguid = (GUID *)&iid_message;
        name.ulKind = MNID_STRING;
        name.Kind.lpwstrName = (WCHAR *)L"TestName";
        names[0] = &name;
        hr = IMessage_GetIDsFromNames(copy1, 1, names, MAPI_CREATE, &named);
        ok(hr == S_OK, "GetIDsFromNames got %#lx.\n", hr);
        if (!hr)
        {
            prop.ulPropTag = CHANGE_PROP_TYPE(named->aulPropTag[0], PT_LONG);
            prop.Value.l = 4242;
            hr = IMessage_SetProps(copy1, 1, &prop, NULL);
            ok(hr == S_OK, "SetProps got %#lx.\n", hr);
            hr = IMessage_SaveChanges(copy1, 0);
            ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
            pMAPIFreeBuffer(named);
        }
    }
    if (copy1) IMessage_Release(copy1);
    if (copy2) IMessage_Release(copy2);
    if ((msg = open_entry(s.mdb, &eid, 0, MAPI_MESSAGE, NULL)))
    {
        hr = IMessage_GetIDsFromNames(msg, 1, names, 0, &named);
        ok(hr == S_OK, "GetIDsFromNames got %#lx.\n", hr);
        if (!hr)
        {
            ok(get_long(msg, CHANGE_PROP_TYPE(named->aulPropTag[0], PT_LONG), 0) == 4242, "the named value is lost.\n");
            pMAPIFreeBuffer(named);
        }
        ok(!strcmp(get_string(msg, PR_SUBJECT_A, text, sizeof(text)), "First"), "got %s.\n", text);
        IMessage_Release(msg);
        msg = NULL;
    }

    /* A message deleted while open cannot be saved. */
    if ((msg = open_entry(s.mdb, &eid, MAPI_MODIFY, MAPI_MESSAGE, NULL)))
    {
        ENTRYLIST list;
        SBinary bin;

        eid_list(&list, &bin, &eid);
        sink_reset(&sink);
        hr = IMAPIFolder_DeleteMessages(inbox, &list, 0, NULL, 0);
        ok(hr == S_OK, "DeleteMessages got %#lx.\n", hr);
        ok(sink.last_type == fnevObjectDeleted, "got notification %#lx.\n", sink.last_type);
        hr = IMessage_SaveChanges(msg, 0);
        ok(hr == MAPI_E_OBJECT_DELETED, "SaveChanges got %#lx.\n", hr);
        message_file("inbox", &eid, path);
        ok(!file_exists(path), "%s is still there.\n", path);
        open_entry(s.mdb, &eid, 0, MAPI_MESSAGE, &hr);
        ok(hr == MAPI_E_NOT_FOUND, "opening a deleted message got %#lx.\n", hr);
    }

done:
    if (msg) IMessage_Release(msg);
    if (connection)
    {
        hr = IMsgStore_Unadvise(s.mdb, connection);
        ok(hr == S_OK, "Unadvise got %#lx.\n", hr);
    }
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
    ok(sink.refcount == 1, "the sink has %ld references left.\n", sink.refcount);
    HeapFree(GetProcessHeap(), 0, big);
}

/* ------------------------------------------------------------------------
 * Folders.
 */

static void test_folders(int argc, char **argv)
{
    IMAPIFolder *ipm = NULL, *inbox = NULL, *projects = NULL, *sub = NULL, *other = NULL, *again, *copy;
    struct eid ipm_eid, projects_eid, sub_eid, other_eid, a, b, c, eid, parent, copy_eid;
    char text[512];
    ULONG old, status, count;
    SizedSPropTagArray(1, columns) = {1, {PR_ENTRYID}};
    SPropValue prop;
    IMessage *msg;
    ENTRYLIST list;
    struct session s;
    SRowSet *rows;
    SBinary bin;
    HRESULT hr;

    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(ipm = open_folder(s.mdb, PR_IPM_SUBTREE_ENTRYID, &ipm_eid))) goto done;
    if (!(inbox = open_inbox(s.mdb, NULL))) goto done;

    hr = ipm->lpVtbl->CreateFolder(ipm, FOLDER_GENERIC, (char *)"Projects", (char *)"Work", NULL, 0,
            (IMAPIFolder *)&projects);
    ok(hr == S_OK, "CreateFolder got %#lx.\n", hr);
    if (hr) goto done;
    ok(!strcmp(get_string(projects, PR_DISPLAY_NAME_A, text, sizeof(text)), "Projects"), "got %s.\n", text);
    ok(!strcmp(get_string(projects, PR_COMMENT_A, text, sizeof(text)), "Work"), "got %s.\n", text);
    ok(get_eid(projects, PR_PARENT_ENTRYID, &parent) && eid_equal(&parent, &ipm_eid), "not under the IPM subtree.\n");
    get_eid(projects, PR_ENTRYID, &projects_eid);
    ok(count_folder_dirs() == 7 + 1, "got %lu folder directories.\n", count_folder_dirs());
    hr = create_folder(ipm, "projects", 0, &again);
    ok(hr == MAPI_E_COLLISION, "a second Projects got %#lx.\n", hr);
    hr = create_folder(ipm, "Projects", OPEN_IF_EXISTS, &again);
    ok(hr == S_OK, "OPEN_IF_EXISTS got %#lx.\n", hr);
    if (!hr)
    {
        ok(get_eid(again, PR_ENTRYID, &eid) && eid_equal(&eid, &projects_eid), "another folder was opened.\n");
        IMAPIFolder_Release(again);
    }
    hr = ipm->lpVtbl->CreateFolder(ipm, FOLDER_SEARCH, (char *)"Search", NULL, NULL, 0, (IMAPIFolder *)&again);
    ok(hr == MAPI_E_NO_SUPPORT, "a search folder got %#lx.\n", hr);
    hr = create_folder(ipm, "", 0, &again);
    ok(hr == MAPI_E_INVALID_PARAMETER, "an empty name got %#lx.\n", hr);
    hr = ipm->lpVtbl->CreateFolder(ipm, FOLDER_GENERIC, (char *)L"\x00dcnicode", NULL, NULL, MAPI_UNICODE,
            (IMAPIFolder *)&again);
    ok(hr == S_OK, "a Unicode name got %#lx.\n", hr);
    if (!hr)
    {
        SPropValue *value = get_prop(again, PR_DISPLAY_NAME_W);

        ok(value && !lstrcmpW(value->Value.lpszW, L"\x00dcnicode"), "got %s.\n",
                value ? wine_dbgstr_w(value->Value.lpszW) : "none");
        if (value) pMAPIFreeBuffer(value);
        IMAPIFolder_Release(again);
    }
    if (create_folder(projects, "Sub", 0, &sub) == S_OK) get_eid(sub, PR_ENTRYID, &sub_eid);
    if (create_folder(ipm, "Other", 0, &other) == S_OK) get_eid(other, PR_ENTRYID, &other_eid);
    ok(sub && other, "folders were not made.\n");
    if (!sub || !other) goto done;

    /* Copying, moving and deleting messages. */
    save_message(inbox, "A", "a", &a);
    save_message(inbox, "B", "b", &b);
    save_message(inbox, "C", "c", &c);
    eid_list(&list, &bin, &a);
    hr = IMAPIFolder_CopyMessages(inbox, &list, NULL, projects, 0, NULL, 0);
    ok(hr == S_OK, "CopyMessages got %#lx.\n", hr);
    ok(contents_count(inbox) == 3 && contents_count(projects) == 1, "got %lu and %lu messages.\n",
            contents_count(inbox), contents_count(projects));
    if ((rows = contents_rows(projects, &columns, NULL, NULL)))
    {
        ok(rows->cRows == 1, "got %lu rows.\n", rows->cRows);
        if (rows->cRows)
        {
            copy_eid.cb = rows->aRow[0].lpProps[0].Value.bin.cb;
            memcpy(copy_eid.data, rows->aRow[0].lpProps[0].Value.bin.lpb, copy_eid.cb);
            ok(!eid_equal(&copy_eid, &a), "the copy has the original's entry ID.\n");
        }
        pFreeProws(rows);
    }
    eid_list(&list, &bin, &b);
    hr = IMAPIFolder_CopyMessages(inbox, &list, NULL, projects, 0, NULL, MESSAGE_MOVE);
    ok(hr == S_OK, "CopyMessages(MESSAGE_MOVE) got %#lx.\n", hr);
    subjects(inbox, NULL, NULL, text);
    ok(!strcmp(text, "A,C"), "the Inbox has %s.\n", text);
    ok(contents_count(projects) == 2, "got %lu messages.\n", contents_count(projects));
    /* An entry ID from before the move still opens the message, which tells its new one. */
    if ((msg = open_entry(s.mdb, &b, 0, MAPI_MESSAGE, NULL)))
    {
        ULONG same = 0;

        ok(get_eid(msg, PR_PARENT_ENTRYID, &parent) && eid_equal(&parent, &projects_eid), "not moved.\n");
        ok(get_eid(msg, PR_ENTRYID, &eid) && !eid_equal(&eid, &b), "the entry ID did not change.\n");
        hr = IMsgStore_CompareEntryIDs(s.mdb, eid.cb, (ENTRYID *)eid.data, b.cb, (ENTRYID *)b.data, 0, &same);
        ok(hr == S_OK && same, "CompareEntryIDs got %#lx, %lu.\n", hr, same);
        IMessage_Release(msg);
    }
    ok(count_messages("inbox", "*.msg") == 2, "got %lu files in the Inbox.\n", count_messages("inbox", "*.msg"));
    eid_list(&list, &bin, &c);
    hr = IMAPIFolder_DeleteMessages(inbox, &list, 0, NULL, 0);
    ok(hr == S_OK, "DeleteMessages got %#lx.\n", hr);
    hr = IMAPIFolder_DeleteMessages(inbox, &list, 0, NULL, 0);
    ok(hr == MAPI_W_PARTIAL_COMPLETION, "deleting it again got %#lx.\n", hr);
    hr = IMAPIFolder_DeleteMessages(inbox, NULL, 0, NULL, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "DeleteMessages(NULL) got %#lx.\n", hr);
    ok(contents_count(inbox) == 1, "got %lu messages.\n", contents_count(inbox));

    /* Read flags and message status. */
    ok(get_long(projects, PR_CONTENT_UNREAD, 0) == 2, "got %lu unread.\n", get_long(projects, PR_CONTENT_UNREAD, 0));
    hr = IMAPIFolder_SetReadFlags(projects, NULL, 0, NULL, 0);
    ok(hr == S_OK, "SetReadFlags got %#lx.\n", hr);
    ok(get_long(projects, PR_CONTENT_UNREAD, 1) == 0, "got %lu unread.\n", get_long(projects, PR_CONTENT_UNREAD, 1));
    eid_list(&list, &bin, &copy_eid);
    hr = IMAPIFolder_SetReadFlags(projects, &list, 0, NULL, CLEAR_READ_FLAG);
    ok(hr == S_OK, "SetReadFlags got %#lx.\n", hr);
    ok(get_long(projects, PR_CONTENT_UNREAD, 0) == 1, "got %lu unread.\n", get_long(projects, PR_CONTENT_UNREAD, 0));
    hr = IMAPIFolder_SetMessageStatus(projects, copy_eid.cb, (ENTRYID *)copy_eid.data, MSGSTATUS_HIGHLIGHTED,
            MSGSTATUS_HIGHLIGHTED, &old);
    ok(hr == S_OK && old == 0, "SetMessageStatus got %#lx, old %#lx.\n", hr, old);
    status = 0;
    hr = IMAPIFolder_GetMessageStatus(projects, copy_eid.cb, (ENTRYID *)copy_eid.data, 0, &status);
    ok(hr == S_OK && status == MSGSTATUS_HIGHLIGHTED, "GetMessageStatus got %#lx, %#lx.\n", hr, status);
    hr = IMAPIFolder_GetMessageStatus(inbox, copy_eid.cb, (ENTRYID *)copy_eid.data, 0, &status);
    ok(hr == MAPI_E_NOT_FOUND, "another folder's message got %#lx.\n", hr);

    /* Renaming. */
    prop.ulPropTag = PR_DISPLAY_NAME_A;
    prop.Value.lpszA = (char *)"Work";
    hr = IMAPIFolder_SetProps(projects, 1, &prop, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    child_names(ipm, 0, text);
    ok(!strcmp(text, "Deleted Items,Drafts,Inbox,Other,Outbox,Sent Items,\xdcnicode,Work"), "got %s.\n", text);
    hr = IMAPIFolder_SetProps(other, 1, &prop, NULL);
    ok(hr == MAPI_E_COLLISION, "renaming to a sibling's name got %#lx.\n", hr);
    prop.ulPropTag = PR_CONTENT_COUNT;
    prop.Value.l = 7;
    hr = IMAPIFolder_SetProps(other, 1, &prop, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    ok(get_long(other, PR_CONTENT_COUNT, 7) == 0, "PR_CONTENT_COUNT was set.\n");

    /* Copying a folder with its subfolders and messages; moving one. */
    hr = ipm->lpVtbl->CopyFolder(ipm, projects_eid.cb, (ENTRYID *)projects_eid.data, NULL, inbox,
            (char *)"Copy of Work", 0, NULL, COPY_SUBFOLDERS);
    ok(hr == S_OK, "CopyFolder got %#lx.\n", hr);
    child_names(inbox, CONVENIENT_DEPTH, text);
    ok(!strcmp(text, "Copy of Work:0,Sub:1"), "the Inbox has %s.\n", text);
    hr = ipm->lpVtbl->CopyFolder(ipm, other_eid.cb, (ENTRYID *)other_eid.data, NULL, projects, NULL, 0, NULL,
            FOLDER_MOVE);
    ok(hr == S_OK, "CopyFolder(FOLDER_MOVE) got %#lx.\n", hr);
    child_names(projects, 0, text);
    ok(!strcmp(text, "Other,Sub"), "Work has %s.\n", text);
    ok(get_eid(other, PR_PARENT_ENTRYID, &parent) && eid_equal(&parent, &projects_eid), "Other did not move.\n");
    hr = ipm->lpVtbl->CopyFolder(ipm, projects_eid.cb, (ENTRYID *)projects_eid.data, NULL, sub, NULL, 0, NULL,
            FOLDER_MOVE);
    ok(hr == MAPI_E_FOLDER_CYCLE, "moving a folder into its child got %#lx.\n", hr);
    get_eid(s.mdb, PR_IPM_OUTBOX_ENTRYID, &eid);
    hr = ipm->lpVtbl->CopyFolder(ipm, eid.cb, (ENTRYID *)eid.data, NULL, projects, NULL, 0, NULL, FOLDER_MOVE);
    ok(hr == MAPI_E_NO_ACCESS, "moving the Outbox got %#lx.\n", hr);

    /* Deleting folders. */
    hr = delete_folder(ipm, &projects_eid, 0);
    ok(hr == MAPI_E_HAS_MESSAGES, "DeleteFolder got %#lx.\n", hr);
    hr = delete_folder(ipm, &projects_eid, DEL_MESSAGES);
    ok(hr == MAPI_E_HAS_FOLDERS, "DeleteFolder got %#lx.\n", hr);
    hr = delete_folder(ipm, &sub_eid, 0);
    ok(hr == MAPI_E_NOT_FOUND, "deleting a grandchild got %#lx.\n", hr);
    hr = delete_folder(ipm, &projects_eid, DEL_MESSAGES | DEL_FOLDERS);
    ok(hr == S_OK, "DeleteFolder got %#lx.\n", hr);
    ok(get_long(projects, PR_CONTENT_COUNT, 99) == 99, "the deleted folder still answers.\n");
    open_entry(s.mdb, &sub_eid, 0, MAPI_FOLDER, &hr);
    ok(hr == MAPI_E_NOT_FOUND, "opening a deleted subfolder got %#lx.\n", hr);
    get_eid(s.mdb, PR_IPM_WASTEBASKET_ENTRYID, &eid);
    hr = delete_folder(ipm, &eid, DEL_MESSAGES | DEL_FOLDERS);
    ok(hr == MAPI_E_NO_ACCESS, "deleting Deleted Items got %#lx.\n", hr);
    count = count_folder_dirs();
    ok(count == 7 + 3, "got %lu folder directories.\n", count);

    /* Emptying the copy. */
    if ((copy = only_child(inbox)))
    {
        ok(contents_count(copy) == 2, "the copy has %lu messages.\n", contents_count(copy));
        hr = IMAPIFolder_EmptyFolder(copy, 0, NULL, 0);
        ok(hr == S_OK, "EmptyFolder got %#lx.\n", hr);
        ok(contents_count(copy) == 0, "the copy has %lu messages.\n", contents_count(copy));
        ok(!get_long(copy, PR_SUBFOLDERS, 1), "the copy has subfolders.\n");
        IMAPIFolder_Release(copy);
    }

done:
    if (other) IMAPIFolder_Release(other);
    if (sub) IMAPIFolder_Release(sub);
    if (projects) IMAPIFolder_Release(projects);
    if (inbox) IMAPIFolder_Release(inbox);
    if (ipm) IMAPIFolder_Release(ipm);
    scenario_end(&s);
}

/* ------------------------------------------------------------------------
 * Tables and notifications.
 */

static void test_tables(int argc, char **argv)
{
    static const char *const names[] = {"Charlie", "alpha", "Echo", "bravo", "Delta"};
    SizedSSortOrderSet(1, ascending) = {1, 0, 0, {{PR_SUBJECT_A, TABLE_SORT_ASCEND}}};
    SizedSSortOrderSet(1, descending) = {1, 0, 0, {{PR_TEST_LONG, TABLE_SORT_DESCEND}}};
    SizedSPropTagArray(5, columns) = {5, {PR_SUBJECT_W, PR_TEST_LONG, PR_BODY_A, PR_MESSAGE_SIZE, PR_ENTRYID}};
    struct eid eids[5], inbox_eid, outbox_eid, eid;
    IMAPIFolder *inbox = NULL, *outbox = NULL, *ipm = NULL, *created;
    ULONG i, table_connection = 0, hier_connection = 0, folder_connection = 0, message_connection = 0;
    struct sink table_sink, hier_sink, folder_sink, message_sink;
    IMAPITable *table = NULL, *hierarchy = NULL;
    SPropValue more[1], restrict_value;
    char text[1024], body[700];
    SRestriction res;
    struct session s;
    ENTRYLIST list;
    IMessage *msg;
    SRowSet *rows;
    SBinary bin;
    HRESULT hr;

    sink_init(&table_sink);
    sink_init(&hier_sink);
    sink_init(&folder_sink);
    sink_init(&message_sink);
    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(inbox = open_inbox(s.mdb, &inbox_eid))) goto done;
    if (!(outbox = open_folder(s.mdb, PR_IPM_OUTBOX_ENTRYID, &outbox_eid))) goto done;
    if (!(ipm = open_folder(s.mdb, PR_IPM_SUBTREE_ENTRYID, NULL))) goto done;
    memset(body, 'x', sizeof(body) - 1);
    body[sizeof(body) - 1] = 0;
    for (i = 0; i < ARRAY_SIZE(names); i++)
    {
        more[0].ulPropTag = PR_TEST_LONG;
        more[0].Value.l = i * 10;
        if (!(msg = create_message(inbox, names[i], body, 1, more))) goto done;
        hr = IMessage_SaveChanges(msg, KEEP_OPEN_READONLY);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        get_eid(msg, PR_ENTRYID, &eids[i]);
        IMessage_Release(msg);
    }

    /* Sorting and restricting on any column. */
    subjects(inbox, NULL, (SSortOrderSet *)&ascending, text);
    ok(!strcmp(text, "alpha,bravo,Charlie,Delta,Echo"), "ascending: %s.\n", text);
    subjects(inbox, NULL, (SSortOrderSet *)&descending, text);
    ok(!strcmp(text, "Delta,bravo,Echo,alpha,Charlie"), "descending by PR_TEST_LONG: %s.\n", text);
    restrict_value.ulPropTag = PR_SUBJECT_A;
    restrict_value.Value.lpszA = (char *)"HA";
    res.rt = RES_CONTENT;
    res.res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
    res.res.resContent.ulPropTag = PR_SUBJECT_A;
    res.res.resContent.lpProp = &restrict_value;
    subjects(inbox, &res, (SSortOrderSet *)&ascending, text);
    ok(!strcmp(text, "alpha,Charlie"), "restricted: %s.\n", text);
    restrict_value.ulPropTag = PR_TEST_LONG;
    restrict_value.Value.l = 30;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_GE;
    res.res.resProperty.ulPropTag = PR_TEST_LONG;
    res.res.resProperty.lpProp = &restrict_value;
    subjects(inbox, &res, (SSortOrderSet *)&ascending, text);
    ok(!strcmp(text, "bravo,Delta"), "restricted on PR_TEST_LONG: %s.\n", text);
    if ((rows = contents_rows(inbox, &columns, NULL, (SSortOrderSet *)&ascending)) && rows->cRows == 5)
    {
        SPropValue *props = rows->aRow[0].lpProps;

        ok(props[0].ulPropTag == PR_SUBJECT_W && !lstrcmpW(props[0].Value.lpszW, L"alpha"), "got %#lx.\n",
                props[0].ulPropTag);
        ok(props[1].ulPropTag == PR_TEST_LONG && props[1].Value.l == 10, "got %#lx.\n", props[1].ulPropTag);
        ok(props[2].ulPropTag == PR_BODY_A && strlen(props[2].Value.lpszA) == 255, "got %#lx, length %u.\n",
                props[2].ulPropTag, props[2].ulPropTag == PR_BODY_A ? (unsigned)strlen(props[2].Value.lpszA) : 0);
        ok(props[3].ulPropTag == PR_MESSAGE_SIZE && props[3].Value.l > 700, "got %#lx.\n", props[3].ulPropTag);
        ok(props[4].ulPropTag == PR_ENTRYID && props[4].Value.bin.cb == eids[1].cb
                && !memcmp(props[4].Value.bin.lpb, eids[1].data, eids[1].cb), "the entry ID differs.\n");
    }
    else ok(0, "got %lu rows.\n", rows ? rows->cRows : 0);
    if (rows) pFreeProws(rows);

    /* Table notifications. */
    hr = IMAPIFolder_GetContentsTable(inbox, MAPI_UNICODE, &table);
    ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
    if (hr) goto done;
    hr = IMAPITable_Advise(table, fnevTableModified, &table_sink.IMAPIAdviseSink_iface, &table_connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);
    hr = IMAPIFolder_GetHierarchyTable(ipm, 0, &hierarchy);
    ok(hr == S_OK, "GetHierarchyTable got %#lx.\n", hr);
    if (hr) goto done;
    hr = IMAPITable_Advise(hierarchy, fnevTableModified, &hier_sink.IMAPIAdviseSink_iface, &hier_connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);
    hr = IMsgStore_Advise(s.mdb, inbox_eid.cb, (ENTRYID *)inbox_eid.data, fnevObjectCreated | fnevObjectDeleted
            | fnevObjectModified | fnevObjectMoved | fnevObjectCopied, &folder_sink.IMAPIAdviseSink_iface,
            &folder_connection);
    ok(hr == S_OK, "Advise on the Inbox got %#lx.\n", hr);
    hr = IMsgStore_Advise(s.mdb, eids[0].cb, (ENTRYID *)eids[0].data, fnevObjectModified,
            &message_sink.IMAPIAdviseSink_iface, &message_connection);
    ok(hr == S_OK, "Advise on a message got %#lx.\n", hr);

    save_message(inbox, "Foxtrot", "f", &eid);
    ok(table_sink.table_events & (1u << TABLE_ROW_ADDED), "no TABLE_ROW_ADDED, got %#lx.\n", table_sink.table_events);
    ok(folder_sink.last_type == fnevObjectCreated && eid_equal(&folder_sink.last_eid, &eid),
            "got %#lx.\n", folder_sink.last_type);
    ok(hier_sink.table_events & (1u << TABLE_ROW_MODIFIED), "the Inbox's row did not change: %#lx.\n",
            hier_sink.table_events);
    ok(table_count(table) == 6, "got %lu rows.\n", table_count(table));
    ok(!message_sink.count, "the message's sink got %lu notifications.\n", message_sink.count);

    if ((msg = open_entry(s.mdb, &eids[0], MAPI_MODIFY, MAPI_MESSAGE, NULL)))
    {
        more[0].ulPropTag = PR_TEST_LONG;
        more[0].Value.l = 1000;
        IMessage_SetProps(msg, 1, more, NULL);
        sink_reset(&table_sink);
        hr = IMessage_SaveChanges(msg, 0);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        ok(table_sink.table_events & (1u << TABLE_ROW_MODIFIED), "no TABLE_ROW_MODIFIED, got %#lx.\n",
                table_sink.table_events);
        ok(message_sink.last_type == fnevObjectModified, "the message's sink got %#lx.\n", message_sink.last_type);
        IMessage_Release(msg);
    }
    subjects(inbox, NULL, (SSortOrderSet *)&descending, text);
    ok(!strncmp(text, "Charlie,", 8), "the change is not in the table: %s.\n", text);

    eid_list(&list, &bin, &eids[2]);
    sink_reset(&folder_sink);
    hr = IMAPIFolder_CopyMessages(inbox, &list, NULL, outbox, 0, NULL, MESSAGE_MOVE);
    ok(hr == S_OK, "CopyMessages got %#lx.\n", hr);
    ok(folder_sink.types & fnevObjectMoved, "no fnevObjectMoved, got %#lx.\n", folder_sink.types);
    ok(eid_equal(&folder_sink.last_old_eid, &eids[2]), "the old entry ID is not given.\n");
    ok(eid_equal(&folder_sink.last_parent, &outbox_eid), "the new parent is not given.\n");
    eid_list(&list, &bin, &eids[3]);
    sink_reset(&folder_sink);
    hr = IMAPIFolder_CopyMessages(inbox, &list, NULL, outbox, 0, NULL, 0);
    ok(hr == S_OK, "CopyMessages got %#lx.\n", hr);
    ok(folder_sink.types & fnevObjectCopied, "no fnevObjectCopied, got %#lx.\n", folder_sink.types);
    sink_reset(&folder_sink);
    sink_reset(&table_sink);
    hr = IMAPIFolder_DeleteMessages(inbox, &list, 0, NULL, 0);
    ok(hr == S_OK, "DeleteMessages got %#lx.\n", hr);
    ok(folder_sink.last_type == fnevObjectDeleted, "got %#lx.\n", folder_sink.last_type);
    ok(table_sink.table_events & (1u << TABLE_ROW_DELETED), "no TABLE_ROW_DELETED, got %#lx.\n",
            table_sink.table_events);
    ok(table_count(table) == 4, "got %lu rows.\n", table_count(table));

    sink_reset(&hier_sink);
    hr = create_folder(ipm, "Fresh", 0, &created);
    ok(hr == S_OK, "CreateFolder got %#lx.\n", hr);
    if (!hr) IMAPIFolder_Release(created);
    ok(hier_sink.table_events & (1u << TABLE_ROW_ADDED), "no TABLE_ROW_ADDED in the hierarchy, got %#lx.\n",
            hier_sink.table_events);
    ok(table_count(hierarchy) == 6, "got %lu folders.\n", table_count(hierarchy));

    /* After Unadvise nothing more comes. */
    hr = IMsgStore_Unadvise(s.mdb, folder_connection);
    ok(hr == S_OK, "Unadvise got %#lx.\n", hr);
    folder_connection = 0;
    sink_reset(&folder_sink);
    save_message(inbox, "Golf", "g", NULL);
    ok(!folder_sink.count, "got %lu notifications after Unadvise.\n", folder_sink.count);
    hr = IMsgStore_Unadvise(s.mdb, 12345);
    ok(hr == MAPI_E_NOT_FOUND, "Unadvise got %#lx.\n", hr);

done:
    if (folder_connection) IMsgStore_Unadvise(s.mdb, folder_connection);
    if (message_connection) IMsgStore_Unadvise(s.mdb, message_connection);
    if (table)
    {
        if (table_connection) IMAPITable_Unadvise(table, table_connection);
        IMAPITable_Release(table);
    }
    if (hierarchy)
    {
        if (hier_connection) IMAPITable_Unadvise(hierarchy, hier_connection);
        IMAPITable_Release(hierarchy);
    }
    if (ipm) IMAPIFolder_Release(ipm);
    if (outbox) IMAPIFolder_Release(outbox);
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
    ok(table_sink.refcount == 1 && folder_sink.refcount == 1 && hier_sink.refcount == 1
            && message_sink.refcount == 1, "sinks are still referenced.\n");
}

/* ------------------------------------------------------------------------
 * Submitting, and the spooler's methods.
 */

/* The subjects and PR_SUBMIT_FLAGS of the outgoing queue, in its order. */
static ULONG queue_read(IMsgStore *mdb, char *subjects_out, ULONG *submit_flags)
{
    SizedSPropTagArray(3, columns) = {3, {PR_SUBJECT_A, PR_SUBMIT_FLAGS, PR_CLIENT_SUBMIT_TIME}};
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, count;
    HRESULT hr;

    subjects_out[0] = 0;
    hr = IMsgStore_GetOutgoingQueue(mdb, 0, &table);
    ok(hr == S_OK, "GetOutgoingQueue got %#lx.\n", hr);
    if (hr) return 0;
    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    ok(hr == S_OK, "SetColumns got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(table, 100, 0, &rows);
    ok(hr == S_OK, "QueryRows got %#lx.\n", hr);
    IMAPITable_Release(table);
    if (hr) return 0;
    count = rows->cRows;
    for (i = 0; i < count; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (i) strcat(subjects_out, ",");
        if (props[0].ulPropTag == PR_SUBJECT_A) strcat(subjects_out, props[0].Value.lpszA);
        if (submit_flags) submit_flags[i] = props[1].ulPropTag == PR_SUBMIT_FLAGS ? props[1].Value.l : ~0u;
        ok(props[2].ulPropTag == PR_CLIENT_SUBMIT_TIME, "row %lu has no submit time.\n", i);
        if (i && props[2].ulPropTag == PR_CLIENT_SUBMIT_TIME)
            ok(CompareFileTime(&rows->aRow[i - 1].lpProps[2].Value.ft, &props[2].Value.ft) < 0,
                    "row %lu was submitted before the one above it.\n", i);
    }
    pFreeProws(rows);
    return count;
}

static void test_submit(int argc, char **argv)
{
    SizedSPropTagArray(2, recip_columns) = {2, {PR_ROWID, PR_RESPONSIBILITY}};
    struct eid a, b, c, sent_eid, inbox_eid, eid;
    IMAPIFolder *outbox = NULL, *sent = NULL;
    ULONG flags[8], count, i, connection = 0, mail_connection = 0, logoff;
    SPropTagArray *columns;
    struct sink sink, mail_sink;
    IMAPITable *queue = NULL, *recips;
    NOTIFICATION notification;
    char text[512], path[MAX_PATH];
    SPropValue more[1];
    struct session s;
    IMessage *msg;
    SRowSet *rows;
    HRESULT hr;

    sink_init(&sink);
    sink_init(&mail_sink);
    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(outbox = open_folder(s.mdb, PR_IPM_OUTBOX_ENTRYID, NULL))) goto done;
    if (!(sent = open_folder(s.mdb, PR_IPM_SENTMAIL_ENTRYID, &sent_eid))) goto done;
    get_eid(s.mdb, PR_IPM_SUBTREE_ENTRYID, &inbox_eid);

    /* The queue's columns are those the reference asks for. */
    hr = IMsgStore_GetOutgoingQueue(s.mdb, 0, &queue);
    ok(hr == S_OK, "GetOutgoingQueue got %#lx.\n", hr);
    if (hr) goto done;
    hr = IMAPITable_QueryColumns(queue, 0, &columns);
    ok(hr == S_OK, "QueryColumns got %#lx.\n", hr);
    if (!hr)
    {
        static const ULONG wanted[] = {PR_CLIENT_SUBMIT_TIME, PR_DISPLAY_BCC_A, PR_DISPLAY_CC_A, PR_DISPLAY_TO_A,
                PR_ENTRYID, PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE, PR_PRIORITY, PR_SENDER_NAME_A, PR_SUBJECT_A,
                PR_SUBMIT_FLAGS};
        ULONG j;

        for (i = 0; i < ARRAY_SIZE(wanted); i++)
        {
            for (j = 0; j < columns->cValues; j++)
                if (columns->aulPropTag[j] == wanted[i]) break;
            ok(j < columns->cValues, "the queue has no column %#lx.\n", wanted[i]);
        }
        pMAPIFreeBuffer(columns);
    }
    ok(table_count(queue) == 0, "got %lu queued.\n", table_count(queue));
    hr = IMAPITable_Advise(queue, fnevTableModified, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);

    /* Without recipients nothing is sent. */
    hr = IMAPIFolder_CreateMessage(outbox, NULL, 0, &msg);
    ok(hr == S_OK, "CreateMessage got %#lx.\n", hr);
    if (!hr)
    {
        hr = IMessage_SubmitMessage(msg, 0);
        ok(hr == MAPI_E_NO_RECIPIENTS, "SubmitMessage got %#lx.\n", hr);
        hr = IMessage_SubmitMessage(msg, 0x100);
        ok(hr == MAPI_E_UNKNOWN_FLAGS, "SubmitMessage got %#lx.\n", hr);
        IMessage_Release(msg);
    }

    submit(outbox, "A", 0, NULL, &a);
    more[0].ulPropTag = PR_SENTMAIL_ENTRYID;
    more[0].Value.bin.cb = sent_eid.cb;
    more[0].Value.bin.lpb = sent_eid.data;
    submit(outbox, "B", 1, more, &b);
    more[0].ulPropTag = PR_DELETE_AFTER_SUBMIT;
    more[0].Value.b = TRUE;
    submit(outbox, "C", 1, more, &c);
    ok(sink.table_events & (1u << TABLE_ROW_ADDED), "the queue did not notify, got %#lx.\n", sink.table_events);
    count = queue_read(s.mdb, text, flags);
    ok(count == 3 && !strcmp(text, "A,B,C"), "the queue has %s.\n", text);
    for (i = 0; i < count; i++) ok(flags[i] == 0, "row %lu has submit flags %#lx.\n", i, flags[i]);
    ok(table_count(queue) == 3, "the queue view has %lu rows.\n", table_count(queue));

    /* A queued message: read-only for clients, its recipients not yet taken. */
    open_entry(s.mdb, &a, MAPI_MODIFY, MAPI_MESSAGE, &hr);
    ok(hr == MAPI_E_SUBMITTED, "opening a queued message for writing got %#lx.\n", hr);
    if ((msg = open_entry(s.mdb, &a, 0, MAPI_MESSAGE, NULL)))
    {
        flags[0] = get_long(msg, PR_MESSAGE_FLAGS, 0);
        ok((flags[0] & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT)) == (MSGFLAG_SUBMIT | MSGFLAG_UNSENT), "got flags %#lx.\n",
                flags[0]);
        hr = IMessage_GetRecipientTable(msg, 0, &recips);
        ok(hr == S_OK, "GetRecipientTable got %#lx.\n", hr);
        if (!hr)
        {
            hr = pHrQueryAllRows(recips, (SPropTagArray *)&recip_columns, NULL, NULL, 0, &rows);
            ok(hr == S_OK && rows->cRows == 2, "got %#lx.\n", hr);
            for (i = 0; !hr && i < rows->cRows; i++)
                ok(rows->aRow[i].lpProps[1].ulPropTag == PR_RESPONSIBILITY && !rows->aRow[i].lpProps[1].Value.b,
                        "recipient %lu is taken.\n", i);
            if (!hr) pFreeProws(rows);
            IMAPITable_Release(recips);
        }

        /* Locked: it cannot be aborted. */
        hr = IMsgStore_SetLockState(s.mdb, msg, MSG_LOCKED);
        ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        queue_read(s.mdb, text, flags);
        ok(flags[0] == SUBMITFLAG_LOCKED, "the locked row has submit flags %#lx.\n", flags[0]);
        message_file("outbox", &a, path);
        strcpy(path + strlen(path) - 4, ".lock");
        ok(file_exists(path), "no lock file %s.\n", path);
        hr = IMsgStore_AbortSubmit(s.mdb, a.cb, (ENTRYID *)a.data, 0);
        ok(hr == MAPI_E_UNABLE_TO_ABORT, "AbortSubmit of a locked message got %#lx.\n", hr);
        logoff = LOGOFF_NO_WAIT;
        hr = IMsgStore_StoreLogoff(s.mdb, &logoff);
        ok(hr == S_OK && logoff == (LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE), "StoreLogoff got %#lx, %#lx.\n", hr,
                logoff);
        hr = IMsgStore_SetLockState(s.mdb, msg, MSG_UNLOCKED);
        ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        ok(!file_exists(path), "the lock file %s stays.\n", path);
        hr = IMsgStore_SetLockState(s.mdb, msg, 7);
        ok(hr == MAPI_E_INVALID_PARAMETER, "SetLockState(7) got %#lx.\n", hr);
        IMessage_Release(msg);
    }
    hr = IMsgStore_SetLockState(s.mdb, NULL, MSG_LOCKED);
    ok(hr == MAPI_E_INVALID_PARAMETER, "SetLockState(NULL) got %#lx.\n", hr);
    sink_reset(&sink);
    hr = IMsgStore_AbortSubmit(s.mdb, a.cb, (ENTRYID *)a.data, 0);
    ok(hr == S_OK, "AbortSubmit got %#lx.\n", hr);
    ok(sink.table_events & (1u << TABLE_ROW_DELETED), "the queue did not notify, got %#lx.\n", sink.table_events);
    hr = IMsgStore_AbortSubmit(s.mdb, a.cb, (ENTRYID *)a.data, 0);
    ok(hr == MAPI_E_NOT_IN_QUEUE, "AbortSubmit again got %#lx.\n", hr);
    queue_read(s.mdb, text, NULL);
    ok(!strcmp(text, "B,C"), "the queue has %s.\n", text);
    if ((msg = open_entry(s.mdb, &a, 0, MAPI_MESSAGE, NULL)))
    {
        ok(!(get_long(msg, PR_MESSAGE_FLAGS, 0) & MSGFLAG_SUBMIT), "still MSGFLAG_SUBMIT.\n");
        IMessage_Release(msg);
    }

    /* Finished: to PR_SENTMAIL_ENTRYID, or deleted. */
    if ((msg = open_entry(s.mdb, &b, 0, MAPI_MESSAGE, NULL)))
    {
        hr = IMsgStore_SetLockState(s.mdb, msg, MSG_LOCKED);
        ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        IMessage_Release(msg);
    }
    hr = IMsgStore_FinishedMsg(s.mdb, 1, b.cb, (ENTRYID *)b.data);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "FinishedMsg got %#lx.\n", hr);
    hr = IMsgStore_FinishedMsg(s.mdb, 0, b.cb, (ENTRYID *)b.data);
    ok(hr == S_OK, "FinishedMsg got %#lx.\n", hr);
    subjects(sent, NULL, NULL, text);
    ok(!strcmp(text, "B"), "Sent Items has %s.\n", text);
    subjects(outbox, NULL, NULL, text);
    ok(!strcmp(text, "A,C"), "the Outbox has %s.\n", text);
    if ((msg = open_entry(s.mdb, &b, 0, MAPI_MESSAGE, NULL)))
    {
        ok(!(get_long(msg, PR_MESSAGE_FLAGS, 0) & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT)), "got flags %#lx.\n",
                get_long(msg, PR_MESSAGE_FLAGS, 0));
        ok(get_eid(msg, PR_PARENT_ENTRYID, &eid) && eid_equal(&eid, &sent_eid), "not in Sent Items.\n");
        IMessage_Release(msg);
    }
    if ((msg = open_entry(s.mdb, &c, 0, MAPI_MESSAGE, NULL)))
    {
        hr = IMsgStore_SetLockState(s.mdb, msg, MSG_LOCKED);
        ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        IMessage_Release(msg);
    }
    hr = IMsgStore_FinishedMsg(s.mdb, 0, c.cb, (ENTRYID *)c.data);
    ok(hr == S_OK, "FinishedMsg got %#lx.\n", hr);
    open_entry(s.mdb, &c, 0, MAPI_MESSAGE, &hr);
    ok(hr == MAPI_E_NOT_FOUND, "the message to delete after submission got %#lx.\n", hr);
    subjects(outbox, NULL, NULL, text);
    ok(!strcmp(text, "A"), "the Outbox has %s.\n", text);
    hr = IMsgStore_FinishedMsg(s.mdb, 0, a.cb, (ENTRYID *)a.data);
    ok(hr == MAPI_E_NOT_IN_QUEUE, "FinishedMsg of an unqueued message got %#lx.\n", hr);
    ok(table_count(queue) == 0, "the queue has %lu rows.\n", table_count(queue));
    logoff = LOGOFF_ORDERLY;
    hr = IMsgStore_StoreLogoff(s.mdb, &logoff);
    ok(hr == S_OK && logoff == LOGOFF_COMPLETE, "StoreLogoff got %#lx, %#lx.\n", hr, logoff);

    /* New mail. */
    hr = IMsgStore_Advise(s.mdb, 0, NULL, fnevNewMail, &mail_sink.IMAPIAdviseSink_iface, &mail_connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);
    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevNewMail;
    notification.info.newmail.cbEntryID = a.cb;
    notification.info.newmail.lpEntryID = (ENTRYID *)a.data;
    notification.info.newmail.cbParentID = inbox_eid.cb;
    notification.info.newmail.lpParentID = (ENTRYID *)inbox_eid.data;
    notification.info.newmail.lpszMessageClass = (void *)"IPM.Note";
    hr = IMsgStore_NotifyNewMail(s.mdb, &notification);
    ok(hr == S_OK, "NotifyNewMail got %#lx.\n", hr);
    ok(mail_sink.last_type == fnevNewMail && eid_equal(&mail_sink.last_eid, &a), "got %#lx.\n", mail_sink.last_type);
    hr = IMsgStore_NotifyNewMail(s.mdb, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "NotifyNewMail(NULL) got %#lx.\n", hr);

done:
    if (mail_connection) IMsgStore_Unadvise(s.mdb, mail_connection);
    if (queue)
    {
        if (connection) IMAPITable_Unadvise(queue, connection);
        IMAPITable_Release(queue);
    }
    if (outbox) IMAPIFolder_Release(outbox);
    if (sent) IMAPIFolder_Release(sent);
    scenario_end(&s);
}

/* ------------------------------------------------------------------------
 * Through the spooler to the recording transport.
 */

static ULONG wait_count(IMAPIFolder *folder, ULONG count)
{
    DWORD start = GetTickCount();
    ULONG now;

    while ((now = contents_count(folder)) != count && GetTickCount() - start < 15000) Sleep(50);
    return now;
}

static void test_spooler(int argc, char **argv)
{
    SizedSPropTagArray(1, recip_columns) = {1, {PR_RESPONSIBILITY}};
    SizedSPropTagArray(3, inbox_columns) = {3, {PR_SUBJECT_A, PR_MESSAGE_FLAGS, PR_ENTRYID}};
    char log[MAX_PATH], text[512];
    IMAPIFolder *outbox = NULL, *sent = NULL, *inbox = NULL;
    struct eid sent_eid, eid, deleted, inbox_eid;
    ULONG connection = 0;
    IMAPITable *recips;
    SPropValue more[3];
    struct session s;
    struct sink sink;
    IMessage *msg;
    SRowSet *rows;
    DWORD size, start;
    BYTE *data;
    HRESULT hr;

    sink_init(&sink);
    temp_path("msgstore-recxp.log", log);
    DeleteFileA(log);
    SetEnvironmentVariableA("RECXP_LOG", log);
    if (!scenario_prepare(TRUE, &s)) goto done;
    /* The transport also brings a message in, announcing it a while after
     * the logon (the test advises first). */
    more[0].ulPropTag = PR_RECXP_MODE;
    more[0].Value.l = RECXP_NEWMAIL;
    more[1].ulPropTag = PR_RECXP_INBOUND;
    more[1].Value.l = 1;
    more[2].ulPropTag = PR_RECXP_DELAY;
    more[2].Value.l = 1500;
    hr = configure_service(RECXP_SERVICE_A, 3, more);
    ok(hr == S_OK, "configuring the transport got %#lx.\n", hr);
    if (!session_open(0, &s)) goto done;
    if (!(outbox = open_folder(s.mdb, PR_IPM_OUTBOX_ENTRYID, NULL))) goto done;
    if (!(sent = open_folder(s.mdb, PR_IPM_SENTMAIL_ENTRYID, &sent_eid))) goto done;
    if (!(inbox = open_inbox(s.mdb, &inbox_eid))) goto done;
    hr = IMsgStore_Advise(s.mdb, 0, NULL, fnevNewMail, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);

    more[0].ulPropTag = PR_SENTMAIL_ENTRYID;
    more[0].Value.bin.cb = sent_eid.cb;
    more[0].Value.bin.lpb = sent_eid.data;
    submit(outbox, "Through the spooler", 1, more, &eid);
    more[0].ulPropTag = PR_DELETE_AFTER_SUBMIT;
    more[0].Value.b = TRUE;
    submit(outbox, "Sent and gone", 1, more, &deleted);
    ok(wait_count(outbox, 0) == 0, "the Outbox still has %lu messages.\n", contents_count(outbox));
    ok(wait_count(sent, 1) == 1, "Sent Items has %lu messages.\n", contents_count(sent));
    subjects(sent, NULL, NULL, text);
    ok(!strcmp(text, "Through the spooler"), "Sent Items has %s.\n", text);
    if ((msg = open_entry(s.mdb, &eid, 0, MAPI_MESSAGE, NULL)))
    {
        ok(!(get_long(msg, PR_MESSAGE_FLAGS, 0) & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT)), "got flags %#lx.\n",
                get_long(msg, PR_MESSAGE_FLAGS, 0));
        hr = IMessage_GetRecipientTable(msg, 0, &recips);
        ok(hr == S_OK, "GetRecipientTable got %#lx.\n", hr);
        if (!hr)
        {
            hr = pHrQueryAllRows(recips, (SPropTagArray *)&recip_columns, NULL, NULL, 0, &rows);
            ok(hr == S_OK && rows->cRows == 2, "got %#lx.\n", hr);
            if (!hr)
            {
                ok(rows->aRow[0].lpProps[0].ulPropTag == PR_RESPONSIBILITY && rows->aRow[0].lpProps[0].Value.b,
                        "the transport did not take the recipient.\n");
                pFreeProws(rows);
            }
            IMAPITable_Release(recips);
        }
        IMessage_Release(msg);
    }
    open_entry(s.mdb, &deleted, 0, MAPI_MESSAGE, &hr);
    ok(hr == MAPI_E_NOT_FOUND, "the message to delete after submission got %#lx.\n", hr);

    /* Received mail: in the Inbox, unread, not unsent, announced. */
    start = GetTickCount();
    while (!sink.count && GetTickCount() - start < 15000) Sleep(50);
    ok(sink.count == 1 && sink.last_type == fnevNewMail, "got %lu notifications.\n", sink.count);
    ok(eid_equal(&sink.last_parent, &inbox_eid), "the new mail is not in the Inbox.\n");
    if ((rows = contents_rows(inbox, &inbox_columns, NULL, NULL)))
    {
        ok(rows->cRows == 1, "the Inbox has %lu messages.\n", rows->cRows);
        if (rows->cRows)
        {
            ok(!strcmp(rows->aRow[0].lpProps[0].Value.lpszA, "Inbound A 1"), "got %s.\n",
                    rows->aRow[0].lpProps[0].Value.lpszA);
            ok(!(rows->aRow[0].lpProps[1].Value.l & (MSGFLAG_UNSENT | MSGFLAG_READ | MSGFLAG_SUBMIT)),
                    "got flags %#lx.\n", rows->aRow[0].lpProps[1].Value.l);
            eid.cb = rows->aRow[0].lpProps[2].Value.bin.cb;
            memcpy(eid.data, rows->aRow[0].lpProps[2].Value.bin.lpb, min(eid.cb, sizeof(eid.data)));
            ok(eid_equal(&sink.last_eid, &eid), "the notification names another message.\n");
        }
        pFreeProws(rows);
    }

done:
    if (connection) IMsgStore_Unadvise(s.mdb, connection);
    if (outbox) IMAPIFolder_Release(outbox);
    if (sent) IMAPIFolder_Release(sent);
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
    ok(!GetModuleHandleA("recxp32.dll"), "the transport is still loaded.\n");
    data = read_file(log, &size);
    ok(data && strstr((char *)data, "deliver xp=A to=alice@example.com subject=\"Through the spooler\""),
            "the transport did not deliver the message.\n");
    ok(data && strstr((char *)data, "deliver xp=A to=bob@example.com subject=\"Sent and gone\""),
            "the transport did not deliver the second message.\n");
    HeapFree(GetProcessHeap(), 0, data);
    DeleteFileA(log);
}

/* ------------------------------------------------------------------------
 * The provider object, called as MAPI calls it.
 */

static void test_provider(int argc, char **argv)
{
    BYTE store1[32] = {0}, store2[32], folder[32];
    LPMSPROVIDERINIT pMSProviderInit;
    SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
    LONG (WINAPI *pMsgStoreLiveObjects)(void);
    IMSProvider *msp = NULL;
    ULONG version = 0, result;
    struct session s;
    HRESULT hr;

    /* The documented layout: flags, UID, version 1, kind (1 store, 2 folder), numbers. */
    memset(store1 + 4, 0x42, 16);
    store1[20] = 1;
    store1[21] = 1;
    memcpy(store2, store1, sizeof(store1));
    store2[10] ^= 0xff;
    memcpy(folder, store1, sizeof(store1));
    folder[21] = 2;
    folder[24] = 3;

    if (!scenario_prepare(FALSE, &s)) goto done;
    pMSProviderInit = (void *)GetProcAddress(store_module, "MSProviderInit");
    pMsgStoreLiveObjects = (void *)GetProcAddress(store_module, "MsgStoreLiveObjects");
    pMAPIAllocateMore = (void *)GetProcAddress(mapi32, "MAPIAllocateMore@12");
    ok(pMSProviderInit && pMsgStoreLiveObjects && pMAPIAllocateMore, "functions are missing.\n");
    if (!pMSProviderInit || !pMsgStoreLiveObjects || !pMAPIAllocateMore) goto done;
    hr = pMSProviderInit(store_module, NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, 0,
            CURRENT_SPI_VERSION, &version, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "MSProviderInit without a result got %#lx.\n", hr);
    hr = pMSProviderInit(store_module, NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, 0,
            0x00010000, &version, &msp);
    ok(hr == MAPI_E_VERSION, "an old MAPI got %#lx.\n", hr);
    hr = pMSProviderInit(store_module, NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, 0,
            CURRENT_SPI_VERSION, &version, &msp);
    ok(hr == S_OK && version == CURRENT_SPI_VERSION, "MSProviderInit got %#lx, version %#lx.\n", hr, version);
    if (hr) goto done;
    ok(pMsgStoreLiveObjects() == 1, "%ld objects live.\n", pMsgStoreLiveObjects());

    hr = IMSProvider_CompareStoreIDs(msp, sizeof(store1), (ENTRYID *)store1, sizeof(store1), (ENTRYID *)store1, 0,
            &result);
    ok(hr == S_OK && result, "the same store got %#lx, %lu.\n", hr, result);
    hr = IMSProvider_CompareStoreIDs(msp, sizeof(store1), (ENTRYID *)store1, sizeof(store2), (ENTRYID *)store2, 0,
            &result);
    ok(hr == S_OK && !result, "another store got %#lx, %lu.\n", hr, result);
    hr = IMSProvider_CompareStoreIDs(msp, sizeof(store1), (ENTRYID *)store1, sizeof(folder), (ENTRYID *)folder, 0,
            &result);
    ok(hr == MAPI_E_INVALID_ENTRYID, "a folder's entry ID got %#lx.\n", hr);
    hr = IMSProvider_CompareStoreIDs(msp, 5, (ENTRYID *)store1, sizeof(store1), (ENTRYID *)store1, 0, &result);
    ok(hr == MAPI_E_INVALID_ENTRYID, "a short entry ID got %#lx.\n", hr);
    hr = IMSProvider_CompareStoreIDs(msp, sizeof(store1), (ENTRYID *)store1, sizeof(store1), (ENTRYID *)store1, 1,
            &result);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "CompareStoreIDs got %#lx.\n", hr);
    hr = IMSProvider_CompareStoreIDs(msp, sizeof(store1), (ENTRYID *)store1, sizeof(store1), (ENTRYID *)store1, 0,
            NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "CompareStoreIDs got %#lx.\n", hr);
    hr = IMSProvider_Logon(msp, NULL, 0, (char *)PROFILE, 0, NULL, 0, NULL, &version, NULL, NULL, NULL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "Logon without a support object got %#lx.\n", hr);
    hr = IMSProvider_Shutdown(msp, &version);
    ok(hr == S_OK, "Shutdown got %#lx.\n", hr);
    ok(IMSProvider_Release(msp) == 0, "the provider is still referenced.\n");
    ok(pMsgStoreLiveObjects() == 0, "%ld objects live.\n", pMsgStoreLiveObjects());

done:
    scenario_end(&s);
}

/* ------------------------------------------------------------------------
 * The service entry.
 */

static void test_service(int argc, char **argv)
{
    char long_path[MAX_PATH + 16];
    SPropValue value;
    struct session s;
    HRESULT hr;

    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    memset(long_path, 'a', sizeof(long_path) - 1);
    long_path[sizeof(long_path) - 1] = 0;
    value.ulPropTag = PR_MSGSTORE_PATH;
    value.Value.lpszA = long_path;
    hr = configure_service("MsgStore", 1, &value);
    ok(hr == MAPI_E_INVALID_PARAMETER, "a path too long got %#lx.\n", hr);
    value.ulPropTag = PR_MSGSTORE_PATH_W;
    value.Value.lpszW = (WCHAR *)L"C:\\somewhere\\else";
    hr = configure_service("MsgStore", 1, &value);
    ok(hr == S_OK, "a Unicode path got %#lx.\n", hr);

done:
    scenario_end(&s);
}

static const struct scenario scenarios[] =
{
    {"store", test_store},
    {"message", test_message},
    {"folders", test_folders},
    {"tables", test_tables},
    {"submit", test_submit},
    {"spooler", test_spooler},
    {"service", test_service},
    {"provider", test_provider},
    {NULL}
};

START_TEST(msgstore)
{
    static const char *const list[] =
            {"store", "message", "folders", "tables", "submit", "spooler", "service", "provider", NULL};

    run_scenarios("msgstore", scenarios, list);
}
