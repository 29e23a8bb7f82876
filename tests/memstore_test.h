/*
 * What the memory message store's integration tests share: mapi32's
 * exports, the store's MAPISVC.INF and profiles, its log, helpers on its
 * objects, and the child process each scenario runs in.  Included by test
 * files after wine/test.h; everything here is static inline.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_MAPI_MEMSTORE_TEST_H
#define __WINE_MAPI_MEMSTORE_TEST_H


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

static inline BOOL init_mapi(void)
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

static inline void temp_file(const char *name, char *path)
{
    GetTempPathA(MAX_PATH - 40, path);
    strcat(path, name);
}

/* ------------------------------------------------------------------------
 * MAPISVC.INF, naming the DLL beside the test program.
 */

static inline void inf_path(char *path, DWORD size)
{
    GetSystemDirectoryA(path, size - 16);
    strcat(path, "\\MAPISVC.INF");
}

static inline BOOL install_inf(void)
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

static inline char *log_text(DWORD from)
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

static inline void log_skip(void)
{
    char *text = log_text(0);

    log_mark = strlen(text);
    HeapFree(GetProcessHeap(), 0, text);
}

/* '*' matches any run of characters. */
static inline BOOL glob(const char *pattern, const char *text)
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
static inline int log_count_from(DWORD from, const char *pattern)
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

static inline int log_count(const char *pattern)
{
    return log_count_from(log_mark, pattern);
}

/* The number after the last "detach live=" of the whole log, -1 without one. */
static inline LONG log_detach_live(void)
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

static inline void delete_profile(void)
{
    IProfAdmin *profiles;

    if (pMAPIAdminProfiles(0, &profiles)) return;
    IProfAdmin_DeleteProfile(profiles, (char *)PROFILE, 0);
    IProfAdmin_Release(profiles);
}

/* MSG_SERVICE_CONFIGURE through IMsgServiceAdmin: the store's path. */
static inline void configure_path(IMsgServiceAdmin *admin, const char *path)
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
static inline BOOL create_profile(const char *service, const char *path)
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

static inline HRESULT logon(IMAPISession **session)
{
    return pMAPILogonEx(0, (char *)PROFILE, NULL, LOGON_FLAGS, session);
}

/* The store the stores table marks as the default one. */
static inline HRESULT open_default_store(IMAPISession *session, IMsgStore **mdb)
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

static inline BOOL memstore_loaded(void)
{
    return GetModuleHandleA(MEMSTORE_DLL) != NULL;
}

static inline LONG live_objects(void)
{
    MEMSTORE_LIVE_OBJECTS pMemStoreLiveObjects;
    HMODULE module = GetModuleHandleA(MEMSTORE_DLL);

    if (!module) return log_detach_live();
    pMemStoreLiveObjects = (void *)GetProcAddress(module, "MemStoreLiveObjects");
    return pMemStoreLiveObjects ? pMemStoreLiveObjects() : -1;
}

/* MemStoreCounts on a file, with the DLL loaded for the call only. */
static inline HRESULT store_counts(const char *path, ULONG *outgoing, ULONG *sent, ULONG *inbox, ULONG *other)
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

static inline BOOL scenario_begin(const char *service, const char *path, IMAPISession **session, IMsgStore **mdb)
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

static inline void session_end(IMAPISession *session)
{
    HRESULT hr;

    if (!session) return;
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    IMAPISession_Release(session);
}

/* The session goes, the profile too (keep: it stays), MAPI is
 * uninitialized: then the DLL is gone with nothing of it alive. */
static inline void scenario_end(IMAPISession *session, BOOL keep_profile)
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
static inline SPropValue *get_prop(void *object, ULONG tag)
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

static inline ULONG get_long(void *object, ULONG tag, ULONG def)
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

static inline BOOL get_eid(void *object, ULONG tag, struct eid *eid)
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

static inline BOOL eid_equal(const struct eid *a, const struct eid *b)
{
    return a->cb == b->cb && !memcmp(a->data, b->data, a->cb);
}

static inline void *open_entry(IMsgStore *mdb, const struct eid *eid, ULONG flags, ULONG expect_type, HRESULT *result)
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

static inline IMAPIFolder *open_folder(IMsgStore *mdb, ULONG tag, struct eid *eid)
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

static inline ULONG table_count(IMAPITable *table)
{
    ULONG count = ~0u;
    HRESULT hr;

    hr = IMAPITable_GetRowCount(table, 0, &count);
    ok(hr == S_OK, "GetRowCount got %#lx.\n", hr);
    return count;
}

static inline ULONG contents_count(IMAPIFolder *folder)
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
static inline SRowSet *table_rows(IMAPITable *table, const void *columns)
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

static inline SRowSet *recipient_rows(IMessage *msg)
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

static inline ULONG recipient_count(IMessage *msg)
{
    SRowSet *rows = recipient_rows(msg);
    ULONG count = rows ? rows->cRows : ~0u;

    if (rows) pFreeProws(rows);
    return count;
}

static inline void add_recipient(ADRLIST *list, ULONG i, const char *name, const char *address, ULONG type)
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
static inline IMessage *create_message(IMAPIFolder *folder, const char *subject, BOOL attachment, ULONG count,
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
static inline BOOL submit_message(IMAPIFolder *folder, const char *subject, ULONG count, SPropValue *more, struct eid *eid)
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
static inline ULONG queue_read(IMsgStore *mdb, struct eid *eids, ULONG *submit_flags, ULONG max)
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

static inline struct sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface);
}

static inline HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
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

static inline ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static inline ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static inline HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
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

static inline void sink_init(struct sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->refcount = 1;
}

/* ------------------------------------------------------------------------
 * One scenario per child process.
 */

struct scenario
{
    const char *name;
    void (*func)(void);
};

static inline void run_child(const char *test, const char *scenario)
{
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char **argv, cmd[MAX_PATH + 128];
    BOOL ret;

    winetest_get_mainargs(&argv);
    sprintf(cmd, "\"%s\" %s %s", argv[0], test, scenario);
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

/* The test's body: in the parent, each scenario in a child process; in a
 * child, the scenario it was started for. */
static inline void run_scenarios(const char *test, const struct scenario *scenarios)
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
        run_child(test, scenario->name);
    }
    inf_path(path, sizeof(path));
    DeleteFileA(path);
    DeleteFileA(log_path);
}

#endif /* __WINE_MAPI_MEMSTORE_TEST_H */
