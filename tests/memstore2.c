/*
 * Integration tests: the memory message store (memstore32.dll), continued
 * from memstore.c: its state file, kept across sessions, processes and
 * crashes, and the provider called directly with a support object of the
 * test's own.  Each scenario runs in a child process of its own, so that
 * it starts with the store's DLL unloaded.
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

/* Submits two messages, the first locked, and saves one in the Inbox. */
static void fill_store(IMsgStore *mdb, struct eid *eids)
{
    IMAPIFolder *outbox, *inbox;
    IMessage *msg;
    ENTRYID *folder_eid;
    struct eid inbox_eid;
    ULONG cb;
    HRESULT hr;

    if (!(outbox = open_folder(mdb, PR_IPM_OUTBOX_ENTRYID, NULL))) return;
    submit_message(outbox, "Locked", 0, NULL, &eids[0]);
    submit_message(outbox, "Queued", 0, NULL, &eids[1]);
    IMAPIFolder_Release(outbox);
    msg = open_entry(mdb, &eids[0], MAPI_BEST_ACCESS, MAPI_MESSAGE, NULL);
    if (msg)
    {
        hr = IMsgStore_SetLockState(mdb, msg, MSG_LOCKED);
        ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        IMessage_Release(msg);
    }
    hr = IMsgStore_GetReceiveFolder(mdb, NULL, 0, &cb, &folder_eid, NULL);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (hr) return;
    inbox_eid.cb = cb;
    memcpy(inbox_eid.data, folder_eid, cb);
    pMAPIFreeBuffer(folder_eid);
    if (!(inbox = open_entry(mdb, &inbox_eid, MAPI_MODIFY, MAPI_FOLDER, NULL))) return;
    if ((msg = create_message(inbox, "Received", TRUE, 0, NULL)))
    {
        hr = IMessage_SaveChanges(msg, 0);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        IMessage_Release(msg);
    }
    IMAPIFolder_Release(inbox);
}

/* What fill_store made, as a later logon sees it: the lock is gone. */
static void check_filled_store(IMsgStore *mdb, const struct eid *eids)
{
    struct eid queue[4];
    ULONG flags[4], count;
    IAttach *attach;
    SPropValue *value;
    IMessage *msg;
    HRESULT hr;

    count = queue_read(mdb, queue, flags, ARRAY_SIZE(queue));
    ok(count == 2, "got %lu queued messages.\n", count);
    if (count != 2) return;
    ok(eid_equal(&queue[0], &eids[0]) && eid_equal(&queue[1], &eids[1]), "the queue changed its order.\n");
    ok(flags[0] == 0 && flags[1] == 0, "got PR_SUBMIT_FLAGS %#lx, %#lx.\n", flags[0], flags[1]);
    msg = open_entry(mdb, &eids[0], MAPI_BEST_ACCESS, MAPI_MESSAGE, NULL);
    if (!msg) return;
    value = get_prop(msg, PR_SUBJECT_A);
    ok(value && !strcmp(value->Value.lpszA, "Locked"), "got subject %s.\n", value ? value->Value.lpszA : "none");
    if (value) pMAPIFreeBuffer(value);
    ok(recipient_count(msg) == 2, "got %lu recipients.\n", recipient_count(msg));
    ok((get_long(msg, PR_MESSAGE_FLAGS, 0) & MSGFLAG_SUBMIT), "the message is no longer submitted.\n");
    IMessage_Release(msg);

    /* The Inbox message kept its attachment's data. */
    msg = NULL;
    {
        struct eid inbox_eid;
        IMAPIFolder *inbox;
        IMAPITable *table;
        SRowSet *rows;
        SizedSPropTagArray(1, columns) = {1, {PR_ENTRYID}};
        ENTRYID *folder_eid;
        ULONG cb;

        hr = IMsgStore_GetReceiveFolder(mdb, NULL, 0, &cb, &folder_eid, NULL);
        ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
        if (hr) return;
        inbox_eid.cb = cb;
        memcpy(inbox_eid.data, folder_eid, cb);
        pMAPIFreeBuffer(folder_eid);
        if (!(inbox = open_entry(mdb, &inbox_eid, 0, MAPI_FOLDER, NULL))) return;
        hr = IMAPIFolder_GetContentsTable(inbox, 0, &table);
        ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
        if (!hr)
        {
            rows = table_rows(table, &columns);
            ok(rows && rows->cRows == 1, "got %lu messages in the Inbox.\n", rows ? rows->cRows : 0);
            if (rows && rows->cRows == 1)
                IMAPIFolder_OpenEntry(inbox, rows->aRow[0].lpProps[0].Value.bin.cb,
                        (ENTRYID *)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL, 0, &cb, (IUnknown **)&msg);
            if (rows) pFreeProws(rows);
            IMAPITable_Release(table);
        }
        IMAPIFolder_Release(inbox);
    }
    ok(msg != NULL, "cannot open the Inbox message.\n");
    if (!msg) return;
    hr = IMessage_OpenAttach(msg, 0, NULL, 0, &attach);
    ok(hr == S_OK, "OpenAttach got %#lx.\n", hr);
    if (!hr)
    {
        value = get_prop(attach, PR_ATTACH_DATA_BIN);
        ok(value && value->Value.bin.cb == 6 && !memcmp(value->Value.bin.lpb, "hello", 6),
                "the attachment lost its data.\n");
        if (value) pMAPIFreeBuffer(value);
        IAttach_Release(attach);
    }
    IMessage_Release(msg);
}

/* Persistence across sessions of one process: the DLL is unloaded between
 * them, so the second reads the file the first wrote. */
static void test_persist_session(void)
{
    ULONG outgoing = 0, sent = 0, inbox = 0, other = 0;
    IMAPISession *session;
    struct eid eids[2];
    IMsgStore *mdb;
    HRESULT hr;

    DeleteFileA(store_path);
    if (!scenario_begin("MemStore", store_path, &session, &mdb)) goto done;
    fill_store(mdb, eids);
    log_skip();
    IMsgStore_Release(mdb);
    session_end(session);
    session = NULL;
    ok(log_count("msl.Logoff by=client unlocked=1") == 1, "the logon did not give up its lock.\n");
    /* Nothing of the store is left in memory: the next logon reads the file. */
    ok(live_objects() == 0, "%ld objects of the store alive.\n", live_objects());

    hr = store_counts(store_path, &outgoing, &sent, &inbox, &other);
    ok(hr == S_OK, "MemStoreCounts got %#lx.\n", hr);
    ok(outgoing == 2 && !sent && inbox == 1 && !other, "got %lu outgoing, %lu sent, %lu in the Inbox, %lu else.\n",
            outgoing, sent, inbox, other);

    hr = logon(&session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) goto done;
    hr = open_default_store(session, &mdb);
    ok(hr == S_OK, "opening the store again got %#lx.\n", hr);
    if (hr) goto done;
    check_filled_store(mdb, eids);
    IMsgStore_Release(mdb);

done:
    scenario_end(session, FALSE);
    DeleteFileA(store_path);
}

/* A process that ends without logging off while a message is locked. */
static void test_persist_crash(void)
{
    ULONG outgoing = 0, sent = 0, inbox = 0, other = 0;
    IMAPISession *session;
    char path[MAX_PATH];
    struct eid eids[2];
    IMsgStore *mdb;
    HANDLE file;
    DWORD written;
    HRESULT hr;

    DeleteFileA(store_path);
    if (!scenario_begin("MemStore", store_path, &session, &mdb)) return;
    fill_store(mdb, eids);
    hr = store_counts(store_path, &outgoing, &sent, &inbox, &other);
    ok(hr == S_OK, "MemStoreCounts got %#lx.\n", hr);
    ok(outgoing == 2 && inbox == 1, "got %lu outgoing, %lu in the Inbox.\n", outgoing, inbox);

    /* The next process needs the entry IDs. */
    temp_file("memstore-eids.bin", path);
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write the entry IDs, error %lu.\n", GetLastError());
    WriteFile(file, eids, sizeof(eids), &written, NULL);
    CloseHandle(file);
    /* No logoff, no release, no MAPIUninitialize: the process just ends. */
}

/* The process after it: the profile and the file are still there, the lock is not. */
static void test_persist_process(void)
{
    IMAPISession *session = NULL;
    char path[MAX_PATH];
    struct eid eids[2];
    IMsgStore *mdb;
    HANDLE file;
    DWORD got = 0;
    HRESULT hr;

    temp_file("memstore-eids.bin", path);
    file = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot read the entry IDs, error %lu.\n", GetLastError());
    ReadFile(file, eids, sizeof(eids), &got, NULL);
    CloseHandle(file);
    DeleteFileA(path);
    if (got != sizeof(eids)) return;

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (hr) return;
    log_skip();
    hr = logon(&session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (!hr && SUCCEEDED(hr = open_default_store(session, &mdb)))
    {
        check_filled_store(mdb, eids);
        hr = IMsgStore_AbortSubmit(mdb, eids[0].cb, (ENTRYID *)eids[0].data, 0);
        ok(hr == S_OK, "AbortSubmit of the once locked message got %#lx.\n", hr);
        IMsgStore_Release(mdb);
    }
    scenario_end(session, FALSE);
    DeleteFileA(store_path);
}

/* Without a configured path the file is in %TEMP%, named after the store,
 * and goes when the service is deleted. */
static void test_default_path(void)
{
    char temp[MAX_PATH];
    IMAPISession *session;
    IMAPIFolder *outbox;
    SPropValue *value;
    IMessage *msg;
    IMsgStore *mdb;
    HRESULT hr;

    if (!scenario_begin("MemStore", NULL, &session, &mdb)) goto done;
    value = get_prop(mdb, PR_MEMSTORE_PATH);
    ok(value != NULL, "the store has no path.\n");
    if (!value) goto done;
    lstrcpynA(store_path, value->Value.lpszA, sizeof(store_path));
    pMAPIFreeBuffer(value);
    GetTempPathA(sizeof(temp), temp);
    ok(!strncmp(store_path, temp, strlen(temp)) && strstr(store_path, "memstore-"), "got path %s.\n", store_path);
    if ((outbox = open_folder(mdb, PR_IPM_OUTBOX_ENTRYID, NULL)))
    {
        if ((msg = create_message(outbox, "Draft", FALSE, 0, NULL)))
        {
            hr = IMessage_SaveChanges(msg, 0);
            ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
            IMessage_Release(msg);
        }
        IMAPIFolder_Release(outbox);
    }
    ok(GetFileAttributesA(store_path) != INVALID_FILE_ATTRIBUTES, "%s was not written.\n", store_path);
    IMsgStore_Release(mdb);

done:
    scenario_end(session, FALSE);
    ok(GetFileAttributesA(store_path) == INVALID_FILE_ATTRIBUTES, "%s outlived its service.\n", store_path);
}

/* Benchmark mode: everything works, nothing is kept. */
static void test_no_persistence(void)
{
    IMAPISession *session;
    IMAPIFolder *outbox;
    struct eid eid, queue[2];
    ULONG flags[2];
    IMsgStore *mdb;
    HRESULT hr;

    if (!scenario_begin("MemStoreBench", NULL, &session, &mdb)) goto done;
    ok(get_long(mdb, PR_MEMSTORE_NO_PERSIST, 0) == 1, "the store persists.\n");
    ok(!get_prop(mdb, PR_MEMSTORE_PATH), "the store has a file.\n");
    if ((outbox = open_folder(mdb, PR_IPM_OUTBOX_ENTRYID, NULL)))
    {
        submit_message(outbox, "Bench", 0, NULL, &eid);
        IMAPIFolder_Release(outbox);
    }
    ok(queue_read(mdb, queue, flags, ARRAY_SIZE(queue)) == 1, "the message is not queued.\n");
    IMsgStore_Release(mdb);
    session_end(session);
    ok(live_objects() == 0, "%ld objects of the store alive.\n", live_objects());

    hr = logon(&session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) goto done;
    hr = open_default_store(session, &mdb);
    ok(hr == S_OK, "opening the store again got %#lx.\n", hr);
    if (hr) goto done;
    ok(queue_read(mdb, queue, flags, ARRAY_SIZE(queue)) == 0, "the queue outlived the process's last logon.\n");
    IMsgStore_Release(mdb);

done:
    scenario_end(session, FALSE);
}

/* ------------------------------------------------------------------------
 * The provider called directly, as MAPI and the spooler call it, with a
 * support object of the test's own.
 */

struct fake_support
{
    IMAPISupport IMAPISupport_iface;
    LONG refcount;
    IPropData *section;         /* the provider's own profile section */
    ULONG status_rows;
    ULONG spooler_notify;       /* the flags of the last SpoolerNotify */
    ULONG logoff_calls, logoff_flags;
};

static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, IPropData **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);

static struct fake_support *impl_from_fake(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct fake_support, IMAPISupport_iface);
}

static HRESULT WINAPI fake_QueryInterface(IMAPISupport *iface, REFIID riid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fake_AddRef(IMAPISupport *iface)
{
    return InterlockedIncrement(&impl_from_fake(iface)->refcount);
}

static ULONG WINAPI fake_Release(IMAPISupport *iface)
{
    return InterlockedDecrement(&impl_from_fake(iface)->refcount);
}

static HRESULT WINAPI fake_GetMemAllocRoutines(IMAPISupport *iface, LPALLOCATEBUFFER *alloc, LPALLOCATEMORE *more,
        LPFREEBUFFER *free_buffer)
{
    *alloc = (void *)pMAPIAllocateBuffer;
    *more = (void *)pMAPIAllocateMore;
    *free_buffer = (void *)pMAPIFreeBuffer;
    return S_OK;
}

static HRESULT WINAPI fake_ModifyStatusRow(IMAPISupport *iface, ULONG count, SPropValue *values, ULONG flags)
{
    impl_from_fake(iface)->status_rows++;
    return S_OK;
}

static HRESULT WINAPI fake_OpenProfileSection(IMAPISupport *iface, MAPIUID *uid, ULONG flags, IProfSect **section)
{
    struct fake_support *sup = impl_from_fake(iface);

    ok(!uid, "the provider asked for another section.\n");
    IPropData_AddRef(sup->section);
    *section = (IProfSect *)sup->section;
    return S_OK;
}

static HRESULT WINAPI fake_NewUID(IMAPISupport *iface, MAPIUID *uid)
{
    static BYTE next = 1;
    ULONG i;

    for (i = 0; i < sizeof(uid->ab); i++) uid->ab[i] = next + i * 7;
    next++;
    return S_OK;
}

static HRESULT WINAPI fake_SpoolerNotify(IMAPISupport *iface, ULONG flags, void *data)
{
    impl_from_fake(iface)->spooler_notify = flags;
    return S_OK;
}

static HRESULT WINAPI fake_SetProviderUID(IMAPISupport *iface, MAPIUID *uid, ULONG flags)
{
    return S_OK;
}

static HRESULT WINAPI fake_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    struct fake_support *sup = impl_from_fake(iface);

    sup->logoff_calls++;
    sup->logoff_flags = *flags;
    *flags = LOGOFF_COMPLETE;
    return S_OK;
}

/* "WRAP" and the store's own entry ID. */
static HRESULT WINAPI fake_WrapStoreEntryID(IMAPISupport *iface, ULONG cb, ENTRYID *eid, ULONG *cb_out, ENTRYID **out)
{
    pMAPIAllocateBuffer(cb + 4, (void **)out);
    memcpy(*out, "WRAP", 4);
    memcpy((BYTE *)*out + 4, eid, cb);
    *cb_out = cb + 4;
    return S_OK;
}

/* The methods the store may not need: MAPI_E_NO_SUPPORT, whatever the
 * arguments (the caller pops them on x86_64, where these tests run). */
static HRESULT WINAPI fake_unsupported(void)
{
    return MAPI_E_NO_SUPPORT;
}

static IMAPISupportVtbl fake_vtbl;

/* A support object of the provider section path names, or of the section of shared. */
static void fake_init(struct fake_support *sup, const char *path, const struct fake_support *shared)
{
    void **slot = (void **)&fake_vtbl;
    SPropValue props[2];
    HRESULT hr;
    ULONG i;

    for (i = 0; i < sizeof(fake_vtbl) / sizeof(void *); i++) slot[i] = (void *)fake_unsupported;
    fake_vtbl.QueryInterface = fake_QueryInterface;
    fake_vtbl.AddRef = fake_AddRef;
    fake_vtbl.Release = fake_Release;
    fake_vtbl.GetMemAllocRoutines = fake_GetMemAllocRoutines;
    fake_vtbl.ModifyStatusRow = fake_ModifyStatusRow;
    fake_vtbl.OpenProfileSection = fake_OpenProfileSection;
    fake_vtbl.NewUID = fake_NewUID;
    fake_vtbl.SpoolerNotify = fake_SpoolerNotify;
    fake_vtbl.SetProviderUID = fake_SetProviderUID;
    fake_vtbl.StoreLogoffTransports = fake_StoreLogoffTransports;
    fake_vtbl.WrapStoreEntryID = fake_WrapStoreEntryID;

    memset(sup, 0, sizeof(*sup));
    sup->IMAPISupport_iface.lpVtbl = &fake_vtbl;
    sup->refcount = 1;
    if (shared)
    {
        sup->section = shared->section;
        IPropData_AddRef(sup->section);
        return;
    }
    hr = pCreateIProp(NULL, (void *)pMAPIAllocateBuffer, (void *)pMAPIAllocateMore, (void *)pMAPIFreeBuffer, NULL,
            &sup->section);
    ok(hr == S_OK, "CreateIProp got %#lx.\n", hr);
    props[0].ulPropTag = PR_DISPLAY_NAME_A;
    props[0].Value.lpszA = (char *)"Direct Store";
    props[1].ulPropTag = PR_MEMSTORE_PATH;
    props[1].Value.lpszA = (char *)path;
    hr = IPropData_SetProps(sup->section, 2, props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
}

/* What MAPI does when a store lets go of its support object: Logoff, then
 * the logon goes. */
static void fake_logoff(struct fake_support *sup, IMSLogon *logon)
{
    ULONG flags = 0, refs;
    HRESULT hr;

    ok(sup->refcount == 1, "the store holds %ld references on its support object.\n", sup->refcount - 1);
    hr = IMSLogon_Logoff(logon, &flags);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    refs = IMSLogon_Release(logon);
    ok(!refs, "the logon has %lu references left.\n", refs);
}

static void test_provider(void)
{
    struct fake_support client_sup, spooler_sup, other_sup;
    IMSLogon *logon = NULL, *spooler_logon = NULL, *none;
    IMsgStore *mdb = NULL, *spooler_mdb = NULL, *again;
    ULONG version, cb_spool, result, count, flags[2];
    struct eid eid, store_eid, sent_eid, queue[2], other;
    IMessage *msg, *client_msg;
    IMAPIFolder *outbox;
    SPropValue prop;
    char dll[MAX_PATH], *slash;
    MSPROVIDERINIT *pMSProviderInit;
    MAPIERROR *error;
    IMSProvider *msp;
    HMODULE module;
    BYTE *spool, *other_spool;
    HRESULT hr;

    pCreateIProp = (void *)GetProcAddress(mapi32, "CreateIProp@24");
    pMAPIAllocateMore = (void *)GetProcAddress(mapi32, "MAPIAllocateMore@12");
    ok(pCreateIProp && pMAPIAllocateMore, "mapi32 lacks exports.\n");
    if (!pCreateIProp || !pMAPIAllocateMore) return;
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    DeleteFileA(store_path);
    log_skip();
    GetModuleFileNameA(NULL, dll, sizeof(dll));
    if ((slash = strrchr(dll, '\\'))) strcpy(slash + 1, MEMSTORE_DLL);
    module = LoadLibraryA(dll);
    ok(module != NULL, "%s did not load, error %lu.\n", dll, GetLastError());
    if (!module) return;
    pMSProviderInit = (void *)GetProcAddress(module, "MSProviderInit");
    fake_init(&client_sup, store_path, NULL);
    fake_init(&spooler_sup, store_path, NULL);
    fake_init(&other_sup, store_path, &client_sup);

    hr = pMSProviderInit(module, NULL, (void *)pMAPIAllocateBuffer, (void *)pMAPIAllocateMore,
            (void *)pMAPIFreeBuffer, 0, 0x00010000, &version, &msp);
    ok(hr == MAPI_E_VERSION, "MSProviderInit for an old MAPI got %#lx.\n", hr);
    hr = pMSProviderInit(module, NULL, (void *)pMAPIAllocateBuffer, (void *)pMAPIAllocateMore,
            (void *)pMAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, &msp);
    ok(hr == S_OK, "MSProviderInit got %#lx.\n", hr);
    if (hr) goto done;
    ok(version == CURRENT_SPI_VERSION, "got version %#lx.\n", version);

    hr = IMSProvider_Logon(msp, &client_sup.IMAPISupport_iface, 0, (char *)"Direct", 0, NULL, MDB_WRITE, NULL,
            &cb_spool, &spool, &error, &logon, &mdb);
    ok(hr == S_OK, "Logon got %#lx.\n", hr);
    if (hr) goto done;
    ok(logon && mdb && cb_spool && spool, "got logon %p, store %p, blob of %lu bytes.\n", logon, mdb, cb_spool);
    ok(client_sup.status_rows == 1, "got %lu status rows.\n", client_sup.status_rows);
    ok(get_eid(mdb, PR_ENTRYID, &store_eid) && !memcmp(store_eid.data, "WRAP", 4), "the entry ID is not wrapped.\n");

    /* A second logon to the open store: the same store, no logon object. */
    hr = IMSProvider_Logon(msp, &other_sup.IMAPISupport_iface, 0, (char *)"Direct", 0, NULL, MDB_WRITE, NULL,
            &count, &other_spool, &error, &none, &again);
    ok(hr == S_OK && again == mdb && !none, "got %#lx, store %p, logon %p.\n", hr, again, none);
    if (!hr) IMsgStore_Release(again);
    if (!hr) pMAPIFreeBuffer(other_spool);
    ok(other_sup.refcount == 1, "the second logon kept its support object.\n");

    /* The spooler's logon, from the blob. */
    hr = IMSProvider_SpoolerLogon(msp, &spooler_sup.IMAPISupport_iface, 0, (char *)"Direct", 0, NULL, 0, NULL,
            0, NULL, &error, &spooler_logon, &spooler_mdb);
    ok(hr == MAPI_E_INVALID_PARAMETER, "SpoolerLogon without a blob got %#lx.\n", hr);
    spool[0] ^= 0xff;
    hr = IMSProvider_SpoolerLogon(msp, &spooler_sup.IMAPISupport_iface, 0, (char *)"Direct", 0, NULL, 0, NULL,
            cb_spool, spool, &error, &spooler_logon, &spooler_mdb);
    ok(hr == MAPI_E_LOGON_FAILED, "SpoolerLogon with a damaged blob got %#lx.\n", hr);
    spool[0] ^= 0xff;
    hr = IMSProvider_SpoolerLogon(msp, &spooler_sup.IMAPISupport_iface, 0, (char *)"Direct",
            store_eid.cb - 4, (ENTRYID *)(store_eid.data + 4), 0, NULL, cb_spool, spool, &error, &spooler_logon,
            &spooler_mdb);
    ok(hr == S_OK, "SpoolerLogon got %#lx.\n", hr);
    pMAPIFreeBuffer(spool);
    if (hr) goto done;
    ok(spooler_logon && spooler_mdb && spooler_mdb != mdb, "got logon %p, store %p.\n", spooler_logon, spooler_mdb);
    ok(log_count("msp.SpoolerLogon flags=0x0 hr=0x0") == 1, "no SpoolerLogon in the log.\n");
    hr = IMSProvider_CompareStoreIDs(msp, store_eid.cb - 4, (ENTRYID *)(store_eid.data + 4), store_eid.cb - 4,
            (ENTRYID *)(store_eid.data + 4), 0, &result);
    ok(hr == S_OK && result, "CompareStoreIDs got %#lx, %lu.\n", hr, result);
    other = store_eid;
    other.data[4 + 4] ^= 0xff;
    hr = IMSProvider_CompareStoreIDs(msp, store_eid.cb - 4, (ENTRYID *)(store_eid.data + 4), other.cb - 4,
            (ENTRYID *)(other.data + 4), 0, &result);
    ok(hr == S_OK && !result, "CompareStoreIDs got %#lx, %lu.\n", hr, result);

    /* The client submits: READYTOSEND; the spooler's logon sees the same queue. */
    if (!(outbox = open_folder(mdb, PR_IPM_OUTBOX_ENTRYID, NULL))) goto done;
    ok(get_eid(mdb, PR_IPM_SENTMAIL_ENTRYID, &sent_eid), "no Sent Items.\n");
    prop.ulPropTag = PR_SENTMAIL_ENTRYID;
    prop.Value.bin.cb = sent_eid.cb;
    prop.Value.bin.lpb = sent_eid.data;
    submit_message(outbox, "Spooled", 1, &prop, &eid);
    IMAPIFolder_Release(outbox);
    ok(client_sup.spooler_notify == NOTIFY_READYTOSEND, "got SpoolerNotify %#lx.\n", client_sup.spooler_notify);
    ok(queue_read(spooler_mdb, queue, flags, ARRAY_SIZE(queue)) == 1 && eid_equal(&queue[0], &eid),
            "the spooler's logon does not see the queued message.\n");

    /* The spooler opens it for writing, locks it; the client cannot open it now. */
    msg = open_entry(spooler_mdb, &eid, MAPI_MODIFY, MAPI_MESSAGE, NULL);
    if (msg)
    {
        ok(get_long(msg, PR_ACCESS_LEVEL, 0) == MAPI_MODIFY, "the spooler cannot write a queued message.\n");
        hr = IMsgStore_SetLockState(spooler_mdb, msg, MSG_LOCKED);
        ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        client_msg = open_entry(mdb, &eid, 0, MAPI_MESSAGE, &hr);
        ok(hr == MAPI_E_NO_ACCESS, "opening a locked message got %#lx.\n", hr);
        if (client_msg) IMessage_Release(client_msg);
        hr = IMsgStore_AbortSubmit(mdb, eid.cb, (ENTRYID *)eid.data, 0);
        ok(hr == MAPI_E_UNABLE_TO_ABORT, "AbortSubmit got %#lx.\n", hr);
        prop.ulPropTag = PR_BODY_A;
        prop.Value.lpszA = (char *)"sent by the spooler";
        hr = IMessage_SetProps(msg, 1, &prop, NULL);
        ok(hr == S_OK, "SetProps got %#lx.\n", hr);
        hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        /* The spooler's SubmitMessage on a queued message: preprocessing is done, it stays queued. */
        hr = IMessage_SubmitMessage(msg, 0);
        ok(hr == S_OK, "SubmitMessage got %#lx.\n", hr);
        IMessage_Release(msg);
    }
    count = queue_read(mdb, queue, flags, ARRAY_SIZE(queue));
    ok(count == 1 && flags[0] == SUBMITFLAG_LOCKED, "got %lu queued, flags %#lx.\n", count, flags[0]);

    /* The spooler's logon goes without StoreLogoff: LOGOFF_ABORT, and its lock goes with it. */
    IMsgStore_Release(spooler_mdb);
    spooler_mdb = NULL;
    ok(spooler_sup.logoff_calls == 1 && spooler_sup.logoff_flags == LOGOFF_ABORT,
            "got %lu StoreLogoffTransports, flags %#lx.\n", spooler_sup.logoff_calls, spooler_sup.logoff_flags);
    fake_logoff(&spooler_sup, spooler_logon);
    spooler_logon = NULL;
    count = queue_read(mdb, queue, flags, ARRAY_SIZE(queue));
    ok(count == 1 && flags[0] == 0, "got %lu queued, flags %#lx.\n", count, flags[0]);
    client_msg = open_entry(mdb, &eid, 0, MAPI_MESSAGE, NULL);
    if (client_msg)
    {
        SPropValue *body = get_prop(client_msg, PR_BODY_A);
        ok(body && !strcmp(body->Value.lpszA, "sent by the spooler"), "the spooler's change was lost.\n");
        if (body) pMAPIFreeBuffer(body);
        IMessage_Release(client_msg);
    }

    count = LOGOFF_NO_WAIT;
    hr = IMsgStore_StoreLogoff(mdb, &count);
    ok(hr == S_OK && count == LOGOFF_OUTBOUND_QUEUE, "StoreLogoff got %#lx, flags %#lx.\n", hr, count);
    /* No DoSentMail from this support object: the store moves the sent message itself. */
    hr = IMsgStore_FinishedMsg(mdb, 0, eid.cb, (ENTRYID *)eid.data);
    ok(hr == S_OK, "FinishedMsg got %#lx.\n", hr);
    ok(log_count("sup.DoSentMail eid=* hr=0x80040102") == 1, "DoSentMail was not asked first.\n");
    client_msg = open_entry(mdb, &eid, 0, MAPI_MESSAGE, NULL);
    if (client_msg)
    {
        ok(get_eid(client_msg, PR_PARENT_ENTRYID, &other) && eid_equal(&other, &sent_eid),
                "the message is not in Sent Items.\n");
        IMessage_Release(client_msg);
    }

done:
    if (spooler_mdb) IMsgStore_Release(spooler_mdb);
    if (spooler_logon) fake_logoff(&spooler_sup, spooler_logon);
    if (mdb)
    {
        IMsgStore_Release(mdb);
        ok(client_sup.logoff_calls == 1 && client_sup.logoff_flags == LOGOFF_NO_WAIT,
                "got %lu StoreLogoffTransports, flags %#lx.\n", client_sup.logoff_calls, client_sup.logoff_flags);
    }
    if (logon) fake_logoff(&client_sup, logon);
    if (msp)
    {
        hr = IMSProvider_Shutdown(msp, &count);
        ok(hr == S_OK, "Shutdown got %#lx.\n", hr);
        IMSProvider_Release(msp);
    }
    ok(live_objects() == 0, "%ld objects of the store alive.\n", live_objects());
    IPropData_Release(client_sup.section);
    IPropData_Release(spooler_sup.section);
    IPropData_Release(other_sup.section);
    FreeLibrary(module);
    pMAPIUninitialize();
    ok(!memstore_loaded(), "%s is still loaded.\n", MEMSTORE_DLL);
    DeleteFileA(store_path);
}

static const struct scenario scenarios[] =
{
    {"persist_session", test_persist_session},
    {"persist_crash", test_persist_crash},
    {"persist_process", test_persist_process},
    {"default_path", test_default_path},
    {"no_persistence", test_no_persistence},
    {"provider", test_provider},
    {NULL}
};

START_TEST(memstore2)
{
    run_scenarios("memstore2", scenarios);
}
