/*
 * Integration tests: the memory message store (memstore32.dll) that the
 * spooler's tests run on, hosted by mapi32 in sessions without a spooler
 * (MAPI_NO_MAIL).  Each scenario runs in a child process of its own, so
 * that it starts with the store's DLL unloaded.
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

#include "memstore_inf.h"

#define PROFILE "MemStore Test"
#define LOGON_FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL | MAPI_EXPLICIT_PROFILE)

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#define MODRECIP_MODIFY 0x00000004
#define MODRECIP_REMOVE 0x00000008
#endif
#ifndef MESSAGE_MOVE
#define MESSAGE_MOVE    0x00000001
#endif
#ifndef CONVENIENT_DEPTH
#define CONVENIENT_DEPTH 0x00000001
#endif
#ifndef FOLDER_ROOT
#define FOLDER_ROOT 0x00000000
#endif
#ifndef STORE_SUBMIT_OK
#define STORE_SUBMIT_OK 0x00000080
#endif
#ifndef MAPI_TO
#define MAPI_TO 1
#define MAPI_CC 2
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(n) (offsetof(ADRLIST, aEntries) + (n) * sizeof(ADRENTRY))
#endif

/* The interface IDs the tests need, with mapiguid.h's values. */
static const GUID iid_message = {0x00020307, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID iid_advise_sink = {0x00020302, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

static HMODULE mapi32;
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static HRESULT (WINAPI *pMAPILogonEx)(ULONG_PTR, char *, char *, ULONG, IMAPISession **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);

static char store_path[MAX_PATH];
static char log_path[MAX_PATH];
static DWORD log_mark;

static BOOL init_mapi(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;
#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated)
    GET(MAPIInitialize, "MAPIInitialize@4");
    GET(MAPIUninitialize, "MAPIUninitialize@0");
    GET(MAPIAdminProfiles, "MAPIAdminProfiles@8");
    GET(MAPILogonEx, "MAPILogonEx@20");
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreeProws, "FreeProws@4");
#undef GET
    ok((void *)GetProcAddress(mapi32, "FreeProws") == (void *)pFreeProws, "FreeProws names differ.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPILogonEx && pMAPIAllocateBuffer
            && pMAPIFreeBuffer && pFreeProws;
}

static void temp_file(const char *name, char *path)
{
    GetTempPathA(MAX_PATH - 40, path);
    strcat(path, name);
}

/* ------------------------------------------------------------------------
 * MAPISVC.INF, naming the DLL beside the test program.
 */

static void inf_path(char *path, DWORD size)
{
    GetSystemDirectoryA(path, size - 16);
    strcat(path, "\\MAPISVC.INF");
}

static BOOL install_inf(void)
{
    static const char text[] = MEMSTORE_INF_TEXT;
    char dir[MAX_PATH], path[MAX_PATH], *buffer, *out, *slash;
    const char *in;
    DWORD written;
    HANDLE file;
    BOOL ret;

    GetModuleFileNameA(NULL, dir, sizeof(dir));
    if ((slash = strrchr(dir, '\\'))) *slash = 0;
    out = buffer = HeapAlloc(GetProcessHeap(), 0, sizeof(text) * 4);
    for (in = text; *in;)
    {
        if (strncmp(in, "@DIR@", 5))
        {
            *out++ = *in++;
            continue;
        }
        strcpy(out, dir);
        out += strlen(dir);
        in += 5;
    }
    inf_path(path, sizeof(path));
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s, error %lu.\n", path, GetLastError());
    ret = file != INVALID_HANDLE_VALUE && WriteFile(file, buffer, out - buffer, &written, NULL);
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    HeapFree(GetProcessHeap(), 0, buffer);
    return ret;
}

/* ------------------------------------------------------------------------
 * The store's log.
 */

static char *log_text(DWORD from)
{
    HANDLE file = CreateFileA(log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
            OPEN_EXISTING, 0, NULL);
    DWORD size = 0, got = 0;
    char *text;

    if (file != INVALID_HANDLE_VALUE) size = GetFileSize(file, NULL);
    if (size < from) from = size;
    text = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size - from + 1);
    if (file == INVALID_HANDLE_VALUE) return text;
    SetFilePointer(file, from, NULL, FILE_BEGIN);
    ReadFile(file, text, size - from, &got, NULL);
    text[got] = 0;
    CloseHandle(file);
    return text;
}

static void log_skip(void)
{
    char *text = log_text(0);

    log_mark = strlen(text);
    HeapFree(GetProcessHeap(), 0, text);
}

/* '*' matches any run of characters. */
static BOOL glob(const char *pattern, const char *text)
{
    if (*pattern == '*')
    {
        do
            if (glob(pattern + 1, text)) return TRUE;
        while (*text++);
        return FALSE;
    }
    if (!*pattern) return !*text;
    return *pattern == *text && glob(pattern + 1, text + 1);
}

/* How many lines since the mark (from 0 with whole) match pattern. */
static int log_count_from(DWORD from, const char *pattern)
{
    char *text = log_text(from), *line, *next;
    int count = 0;

    for (line = text; *line; line = next)
    {
        if ((next = strchr(line, '\n'))) *next++ = 0;
        else next = line + strlen(line);
        if (glob(pattern, line)) count++;
    }
    HeapFree(GetProcessHeap(), 0, text);
    return count;
}

static int log_count(const char *pattern)
{
    return log_count_from(log_mark, pattern);
}

/* The number after the last "detach live=" of the whole log, -1 without one. */
static LONG log_detach_live(void)
{
    char *text = log_text(0), *p, *last = NULL;
    LONG live = -1;

    for (p = text; (p = strstr(p, "detach live=")); p++) last = p;
    if (last) live = atol(last + strlen("detach live="));
    HeapFree(GetProcessHeap(), 0, text);
    return live;
}

/* ------------------------------------------------------------------------
 * Profiles and sessions.
 */

static void delete_profile(void)
{
    IProfAdmin *profiles;

    if (pMAPIAdminProfiles(0, &profiles)) return;
    IProfAdmin_DeleteProfile(profiles, (char *)PROFILE, 0);
    IProfAdmin_Release(profiles);
}

/* MSG_SERVICE_CONFIGURE through IMsgServiceAdmin: the store's path. */
static void configure_path(IMsgServiceAdmin *admin, const char *path)
{
    SizedSPropTagArray(1, columns) = {1, {PR_SERVICE_UID}};
    SPropValue value;
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0, &table);
    ok(hr == S_OK, "GetMsgServiceTable got %#lx.\n", hr);
    if (hr) return;
    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    ok(hr == S_OK, "SetColumns got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(table, 10, 0, &rows);
    ok(hr == S_OK && rows && rows->cRows == 1, "got %#lx.\n", hr);
    if (!hr && rows->cRows == 1 && rows->aRow[0].lpProps[0].ulPropTag == PR_SERVICE_UID)
    {
        value.ulPropTag = PR_MEMSTORE_PATH;
        value.Value.lpszA = (char *)path;
        hr = IMsgServiceAdmin_ConfigureMsgService(admin, (MAPIUID *)rows->aRow[0].lpProps[0].Value.bin.lpb, 0, 0,
                1, &value);
        ok(hr == S_OK, "ConfigureMsgService got %#lx.\n", hr);
    }
    if (rows) pFreeProws(rows);
    IMAPITable_Release(table);
}

/* A fresh profile with one service of the store; path NULL keeps its default file. */
static BOOL create_profile(const char *service, const char *path)
{
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    HRESULT hr;

    hr = pMAPIAdminProfiles(0, &profiles);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (hr) return FALSE;
    IProfAdmin_DeleteProfile(profiles, (char *)PROFILE, 0);
    hr = IProfAdmin_CreateProfile(profiles, (char *)PROFILE, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile got %#lx.\n", hr);
    if (!hr)
    {
        hr = IProfAdmin_AdminServices(profiles, (char *)PROFILE, NULL, 0, 0, &admin);
        ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    }
    if (!hr)
    {
        hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)service, NULL, 0, 0);
        ok(hr == S_OK, "CreateMsgService(%s) got %#lx.\n", service, hr);
        if (!hr && path) configure_path(admin, path);
        IMsgServiceAdmin_Release(admin);
    }
    IProfAdmin_Release(profiles);
    return hr == S_OK;
}

static HRESULT logon(IMAPISession **session)
{
    return pMAPILogonEx(0, (char *)PROFILE, NULL, LOGON_FLAGS, session);
}

/* The store the stores table marks as the default one. */
static HRESULT open_default_store(IMAPISession *session, IMsgStore **mdb)
{
    SizedSPropTagArray(2, columns) = {2, {PR_DEFAULT_STORE, PR_ENTRYID}};
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i;

    *mdb = NULL;
    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    ok(hr == S_OK, "GetMsgStoresTable got %#lx.\n", hr);
    if (hr) return hr;
    if (!(hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0)))
        hr = IMAPITable_QueryRows(table, 10, 0, &rows);
    ok(hr == S_OK, "reading the stores table got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_DEFAULT_STORE || !props[0].Value.b || props[1].ulPropTag != PR_ENTRYID) continue;
        hr = IMAPISession_OpenMsgStore(session, 0, props[1].Value.bin.cb, (ENTRYID *)props[1].Value.bin.lpb, NULL,
                MDB_WRITE | MDB_NO_DIALOG, mdb);
        break;
    }
    if (!hr && !*mdb) hr = MAPI_E_NOT_FOUND;
    if (rows) pFreeProws(rows);
    IMAPITable_Release(table);
    return hr;
}

static BOOL memstore_loaded(void)
{
    return GetModuleHandleA(MEMSTORE_DLL) != NULL;
}

static LONG live_objects(void)
{
    MEMSTORE_LIVE_OBJECTS pMemStoreLiveObjects;
    HMODULE module = GetModuleHandleA(MEMSTORE_DLL);

    if (!module) return log_detach_live();
    pMemStoreLiveObjects = (void *)GetProcAddress(module, "MemStoreLiveObjects");
    return pMemStoreLiveObjects ? pMemStoreLiveObjects() : -1;
}

/* MemStoreCounts on a file, with the DLL loaded for the call only. */
static HRESULT store_counts(const char *path, ULONG *outgoing, ULONG *sent, ULONG *inbox, ULONG *other)
{
    char dll[MAX_PATH], *slash;
    MEMSTORE_COUNTS pMemStoreCounts;
    HMODULE module;
    HRESULT hr = E_FAIL;

    GetModuleFileNameA(NULL, dll, sizeof(dll));
    if ((slash = strrchr(dll, '\\'))) strcpy(slash + 1, MEMSTORE_DLL);
    module = LoadLibraryA(dll);
    ok(module != NULL, "%s did not load, error %lu.\n", dll, GetLastError());
    if (!module) return hr;
    pMemStoreCounts = (void *)GetProcAddress(module, "MemStoreCounts");
    ok(pMemStoreCounts != NULL, "MemStoreCounts is not exported.\n");
    if (pMemStoreCounts) hr = pMemStoreCounts(path, outgoing, sent, inbox, other);
    FreeLibrary(module);
    return hr;
}

static BOOL scenario_begin(const char *service, const char *path, IMAPISession **session, IMsgStore **mdb)
{
    HRESULT hr;

    *session = NULL;
    *mdb = NULL;
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (hr || !create_profile(service, path)) return FALSE;
    log_skip();
    hr = logon(session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = open_default_store(*session, mdb);
    ok(hr == S_OK, "opening the default store got %#lx.\n", hr);
    return hr == S_OK;
}

static void session_end(IMAPISession *session)
{
    HRESULT hr;

    if (!session) return;
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    IMAPISession_Release(session);
}

/* The session goes, the profile too (keep: it stays), MAPI is
 * uninitialized: then the DLL is gone with nothing of it alive. */
static void scenario_end(IMAPISession *session, BOOL keep_profile)
{
    session_end(session);
    if (!keep_profile) delete_profile();
    pMAPIUninitialize();
    ok(!memstore_loaded(), "%s is still loaded.\n", MEMSTORE_DLL);
    ok(log_detach_live() == 0, "%ld objects of the store alive when it was unloaded.\n", log_detach_live());
}

/* ------------------------------------------------------------------------
 * Objects of the store.
 */

/* One property; *value NULL when the object lacks it (pMAPIFreeBuffer it). */
static SPropValue *get_prop(void *object, ULONG tag)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    IMAPIProp *prop = object;
    SPropValue *value = NULL;
    ULONG count;
    HRESULT hr;

    hr = IMAPIProp_GetProps(prop, (SPropTagArray *)&tags, 0, &count, &value);
    if (FAILED(hr)) return NULL;
    if (value->ulPropTag == tag) return value;
    pMAPIFreeBuffer(value);
    return NULL;
}

static ULONG get_long(void *object, ULONG tag, ULONG def)
{
    SPropValue *value = get_prop(object, tag);
    ULONG l = value ? value->Value.l : def;

    if (value) pMAPIFreeBuffer(value);
    return l;
}

struct eid
{
    ULONG cb;
    BYTE data[512];
};

static BOOL get_eid(void *object, ULONG tag, struct eid *eid)
{
    SPropValue *value = get_prop(object, tag);

    memset(eid, 0, sizeof(*eid));
    if (!value) return FALSE;
    if (value->Value.bin.cb <= sizeof(eid->data))
    {
        eid->cb = value->Value.bin.cb;
        memcpy(eid->data, value->Value.bin.lpb, eid->cb);
    }
    pMAPIFreeBuffer(value);
    return eid->cb != 0;
}

static BOOL eid_equal(const struct eid *a, const struct eid *b)
{
    return a->cb == b->cb && !memcmp(a->data, b->data, a->cb);
}

static void *open_entry(IMsgStore *mdb, const struct eid *eid, ULONG flags, ULONG expect_type, HRESULT *result)
{
    IUnknown *object = NULL;
    ULONG type = 0;
    HRESULT hr;

    hr = IMsgStore_OpenEntry(mdb, eid->cb, (ENTRYID *)eid->data, NULL, flags, &type, &object);
    if (result) *result = hr;
    else ok(hr == S_OK, "OpenEntry got %#lx.\n", hr);
    if (!hr) ok(type == expect_type, "got type %lu.\n", type);
    return object;
}

static IMAPIFolder *open_folder(IMsgStore *mdb, ULONG tag, struct eid *eid)
{
    struct eid scratch;

    if (!eid) eid = &scratch;
    if (!get_eid(mdb, tag, eid))
    {
        ok(0, "the store has no %#lx.\n", tag);
        return NULL;
    }
    return open_entry(mdb, eid, MAPI_MODIFY, MAPI_FOLDER, NULL);
}

static ULONG table_count(IMAPITable *table)
{
    ULONG count = ~0u;
    HRESULT hr;

    hr = IMAPITable_GetRowCount(table, 0, &count);
    ok(hr == S_OK, "GetRowCount got %#lx.\n", hr);
    return count;
}

static ULONG contents_count(IMAPIFolder *folder)
{
    IMAPITable *table;
    ULONG count;
    HRESULT hr;

    hr = IMAPIFolder_GetContentsTable(folder, 0, &table);
    ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
    if (hr) return ~0u;
    count = table_count(table);
    IMAPITable_Release(table);
    return count;
}

/* All rows with these columns, from the first. */
static SRowSet *table_rows(IMAPITable *table, const void *columns)
{
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = IMAPITable_SetColumns(table, (SPropTagArray *)columns, 0);
    ok(hr == S_OK, "SetColumns got %#lx.\n", hr);
    hr = IMAPITable_SeekRow(table, BOOKMARK_BEGINNING, 0, NULL);
    ok(hr == S_OK, "SeekRow got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(table, 1000, 0, &rows);
    ok(hr == S_OK, "QueryRows got %#lx.\n", hr);
    return hr ? NULL : rows;
}

static SRowSet *recipient_rows(IMessage *msg)
{
    SizedSPropTagArray(5, columns) = {5, {PR_ROWID, PR_DISPLAY_NAME_A, PR_RECIPIENT_TYPE, PR_RESPONSIBILITY,
            PR_SEARCH_KEY}};
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;

    hr = IMessage_GetRecipientTable(msg, 0, &table);
    ok(hr == S_OK, "GetRecipientTable got %#lx.\n", hr);
    if (hr) return NULL;
    rows = table_rows(table, &columns);
    IMAPITable_Release(table);
    return rows;
}

static ULONG recipient_count(IMessage *msg)
{
    SRowSet *rows = recipient_rows(msg);
    ULONG count = rows ? rows->cRows : ~0u;

    if (rows) pFreeProws(rows);
    return count;
}

static void add_recipient(ADRLIST *list, ULONG i, const char *name, const char *address, ULONG type)
{
    SPropValue *props;

    pMAPIAllocateBuffer(4 * sizeof(*props), (void **)&props);
    props[0].ulPropTag = PR_DISPLAY_NAME_A;
    props[0].Value.lpszA = (char *)name;
    props[1].ulPropTag = PR_ADDRTYPE_A;
    props[1].Value.lpszA = (char *)"SMTP";
    props[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    props[2].Value.lpszA = (char *)address;
    props[3].ulPropTag = PR_RECIPIENT_TYPE;
    props[3].Value.l = type;
    list->aEntries[i].ulReserved1 = 0;
    list->aEntries[i].cValues = 4;
    list->aEntries[i].rgPropVals = props;
}

/* A message in folder with a subject, two recipients (Alice To, Bob Cc),
 * an attachment unless told otherwise, and more values; not saved. */
static IMessage *create_message(IMAPIFolder *folder, const char *subject, BOOL attachment, ULONG count,
        SPropValue *more)
{
    SPropValue props[2], attach_props[3];
    IMessage *msg = NULL;
    ADRLIST *list;
    IAttach *attach;
    ULONG num;
    HRESULT hr;

    hr = IMAPIFolder_CreateMessage(folder, NULL, 0, &msg);
    ok(hr == S_OK, "CreateMessage got %#lx.\n", hr);
    if (hr) return NULL;
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = (char *)subject;
    props[1].ulPropTag = PR_MESSAGE_CLASS_A;
    props[1].Value.lpszA = (char *)"IPM.Note";
    hr = IMessage_SetProps(msg, 2, props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    if (count)
    {
        hr = IMessage_SetProps(msg, count, more, NULL);
        ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    }

    pMAPIAllocateBuffer(CbNewADRLIST(2), (void **)&list);
    list->cEntries = 2;
    add_recipient(list, 0, "Alice Archer", "alice@example.com", MAPI_TO);
    add_recipient(list, 1, "Bob Baker", "bob@example.com", MAPI_CC);
    hr = IMessage_ModifyRecipients(msg, MODRECIP_ADD, list);
    ok(hr == S_OK, "ModifyRecipients got %#lx.\n", hr);
    pFreeProws((SRowSet *)list);

    if (!attachment) return msg;
    hr = IMessage_CreateAttach(msg, NULL, 0, &num, &attach);
    ok(hr == S_OK, "CreateAttach got %#lx.\n", hr);
    if (hr) return msg;
    attach_props[0].ulPropTag = PR_ATTACH_METHOD;
    attach_props[0].Value.l = ATTACH_BY_VALUE;
    attach_props[1].ulPropTag = PR_ATTACH_FILENAME_A;
    attach_props[1].Value.lpszA = (char *)"hello.txt";
    attach_props[2].ulPropTag = PR_ATTACH_DATA_BIN;
    attach_props[2].Value.bin.cb = 6;
    attach_props[2].Value.bin.lpb = (BYTE *)"hello";
    hr = IAttach_SetProps(attach, 3, attach_props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    hr = IAttach_SaveChanges(attach, 0);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    IAttach_Release(attach);
    return msg;
}

/* Creates, saves and submits a message; its entry ID is in eid. */
static BOOL submit_message(IMAPIFolder *folder, const char *subject, ULONG count, SPropValue *more, struct eid *eid)
{
    IMessage *msg = create_message(folder, subject, FALSE, count, more);
    HRESULT hr;

    if (!msg) return FALSE;
    ok(get_eid(msg, PR_ENTRYID, eid), "the message has no entry ID.\n");
    hr = IMessage_SubmitMessage(msg, 0);
    ok(hr == S_OK, "SubmitMessage got %#lx.\n", hr);
    IMessage_Release(msg);
    return hr == S_OK;
}

/* The entry IDs and PR_SUBMIT_FLAGS of the outgoing queue, in its order. */
static ULONG queue_read(IMsgStore *mdb, struct eid *eids, ULONG *submit_flags, ULONG max)
{
    SizedSPropTagArray(3, columns) = {3, {PR_ENTRYID, PR_SUBMIT_FLAGS, PR_CLIENT_SUBMIT_TIME}};
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, count;
    HRESULT hr;

    hr = IMsgStore_GetOutgoingQueue(mdb, 0, &table);
    ok(hr == S_OK, "GetOutgoingQueue got %#lx.\n", hr);
    if (hr) return 0;
    rows = table_rows(table, &columns);
    IMAPITable_Release(table);
    if (!rows) return 0;
    count = rows->cRows;
    for (i = 0; i < count && i < max; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        ok(props[0].ulPropTag == PR_ENTRYID, "row %lu: got tag %#lx.\n", i, props[0].ulPropTag);
        ok(props[2].ulPropTag == PR_CLIENT_SUBMIT_TIME, "row %lu: got tag %#lx.\n", i, props[2].ulPropTag);
        eids[i].cb = min(props[0].Value.bin.cb, sizeof(eids[i].data));
        memcpy(eids[i].data, props[0].Value.bin.lpb, eids[i].cb);
        submit_flags[i] = props[1].ulPropTag == PR_SUBMIT_FLAGS ? props[1].Value.l : ~0u;
        if (i && props[2].ulPropTag == PR_CLIENT_SUBMIT_TIME)
        {
            const FILETIME *before = &rows->aRow[i - 1].lpProps[2].Value.ft, *now = &props[2].Value.ft;
            ok(CompareFileTime(before, now) < 0, "row %lu was submitted before the row above it.\n", i);
        }
    }
    pFreeProws(rows);
    return count;
}

/* An advise sink that counts what it gets. */
struct sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    ULONG count;
    ULONG last_type;
    ULONG last_table_event;
    struct eid last_eid;
};

static struct sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &iid_advise_sink))
    {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG i;

    for (i = 0; i < count; i++)
    {
        NOTIFICATION *n = &notifications[i];

        sink->count++;
        sink->last_type = n->ulEventType;
        if (n->ulEventType == fnevTableModified) sink->last_table_event = n->info.tab.ulTableEvent;
        else if (n->ulEventType == fnevNewMail && n->info.newmail.cbEntryID <= sizeof(sink->last_eid.data))
        {
            sink->last_eid.cb = n->info.newmail.cbEntryID;
            memcpy(sink->last_eid.data, n->info.newmail.lpEntryID, sink->last_eid.cb);
        }
        else if (n->ulEventType != fnevNewMail && n->info.obj.cbEntryID <= sizeof(sink->last_eid.data))
        {
            sink->last_eid.cb = n->info.obj.cbEntryID;
            memcpy(sink->last_eid.data, n->info.obj.lpEntryID, sink->last_eid.cb);
        }
    }
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl = {sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify};

static void sink_init(struct sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->refcount = 1;
}

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

/* ------------------------------------------------------------------------
 * One scenario per child process.
 */

struct scenario
{
    const char *name;
    void (*func)(void);
};

static const struct scenario scenarios[] =
{
    {"store", test_store},
    {"message", test_message},
    {"submit", test_submit},
    {"persist_session", test_persist_session},
    {"persist_crash", test_persist_crash},
    {"persist_process", test_persist_process},
    {"default_path", test_default_path},
    {"no_persistence", test_no_persistence},
    {"provider", test_provider},
    {NULL}
};

static void run_child(const char *scenario)
{
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char **argv, cmd[MAX_PATH + 128];
    BOOL ret;

    winetest_get_mainargs(&argv);
    sprintf(cmd, "\"%s\" memstore %s", argv[0], scenario);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok(ret, "cannot start %s, error %lu.\n", cmd, GetLastError());
    if (!ret) return;
    winetest_push_context("%s", scenario);
    wait_child_process(pi.hProcess);
    winetest_pop_context();
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

START_TEST(memstore)
{
    const struct scenario *scenario;
    char **argv, path[MAX_PATH];
    int argc = winetest_get_mainargs(&argv);

    temp_file("memstore-test.dat", store_path);
    temp_file("memstore.log", log_path);
    if (argc > 2)
    {
        SetEnvironmentVariableA(MEMSTORE_LOG_VARIABLE, log_path);
        for (scenario = scenarios; scenario->name; scenario++)
            if (!strcmp(scenario->name, argv[2])) break;
        ok(scenario->name != NULL, "no scenario %s.\n", argv[2]);
        if (scenario->name && init_mapi()) scenario->func();
        return;
    }
    if (!install_inf()) return;
    for (scenario = scenarios; scenario->name; scenario++)
    {
        DeleteFileA(log_path);
        run_child(scenario->name);
    }
    inf_path(path, sizeof(path));
    DeleteFileA(path);
    DeleteFileA(log_path);
}
