/*
 * What the local message store's integration tests share: its MAPISVC.INF
 * fragment (with the recording transport's, for the spooler scenario),
 * mapi32's exports, profiles made of them, helpers on the store's objects
 * and files, and the child processes the scenarios run in.  Included by
 * tests/msgstore.c and tests/msgstoredisk.c after wine/test.h; everything
 * here is static.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fragment is dlls/msgstore/msgstore.inf with the DLL named by its
 * absolute path: @DIR@ becomes the directory of the test program, where
 * msgstore32.dll sits, so "@DIR@\MSGSTORE.DLL" exercises the "32" rule.
 */

#ifndef __WINE_MAPI_MSGSTORE_TEST_H
#define __WINE_MAPI_MSGSTORE_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "recxp_inf.h"

#define PROFILE "MsgStore Test"
#define STORE_DLL "msgstore32.dll"
#define LOGON_FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE)

/* Values of the tests' own messages. */
#define PR_TEST_LONG    PROP_TAG(PT_LONG, 0x6700)
#define PR_TEST_VERSION PROP_TAG(PT_LONG, 0x6701)

/* The provider section's private properties (msgstore.inf). */
#define PR_MSGSTORE_PATH        PROP_TAG(PT_STRING8, 0x6620)
#define PR_MSGSTORE_PATH_W      PROP_TAG(PT_UNICODE, 0x6620)
#define PR_MSGSTORE_UID         PROP_TAG(PT_BINARY, 0x6621)

#define MSGSTORE_INF_SECTIONS \
    "[MsgStore]\r\n" \
    "PR_DISPLAY_NAME=Local Message Store\r\n" \
    "Providers=MsgStoreP\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\MSGSTORE.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=MsgStoreServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=SERVICE_DEFAULT_STORE\r\n" \
    "\r\n" \
    "[MsgStoreP]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\MSGSTORE.DLL\r\n" \
    "PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER\r\n" \
    "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE\r\n" \
    "PR_DISPLAY_NAME=Local Message Store\r\n" \
    "PR_PROVIDER_DISPLAY=Local Message Store\r\n" \
    "\r\n"

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#define MODRECIP_MODIFY 0x00000004
#define MODRECIP_REMOVE 0x00000008
#endif
#ifndef MESSAGE_MOVE
#define MESSAGE_MOVE    0x00000001
#endif
#ifndef FOLDER_MOVE
#define FOLDER_MOVE     0x00000001
#endif
#ifndef COPY_SUBFOLDERS
#define COPY_SUBFOLDERS 0x00000010
#endif
#ifndef DEL_FOLDERS
#define DEL_FOLDERS     0x00000004
#define DEL_MESSAGES    0x00000008
#endif
#ifndef OPEN_IF_EXISTS
#define OPEN_IF_EXISTS  0x00000001
#endif
#ifndef CONVENIENT_DEPTH
#define CONVENIENT_DEPTH 0x00000001
#endif
#ifndef FOLDER_GENERIC
#define FOLDER_ROOT     0x00000000
#define FOLDER_GENERIC  0x00000001
#define FOLDER_SEARCH   0x00000002
#endif
#ifndef SUPPRESS_RECEIPT
#define SUPPRESS_RECEIPT 0x00000001
#endif
#ifndef MSGSTATUS_HIGHLIGHTED
#define MSGSTATUS_HIGHLIGHTED 0x00000001
#endif
#ifndef STORE_SUBMIT_OK
#define STORE_SUBMIT_OK 0x00000080
#endif
#ifndef CLEAR_READ_FLAG
#define CLEAR_READ_FLAG 0x00000004
#endif
#ifndef MAPI_TO
#define MAPI_TO 1
#define MAPI_CC 2
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(n) (offsetof(ADRLIST, aEntries) + (n) * sizeof(ADRENTRY))
#endif

/* The interface IDs the tests need, with mapiguid.h's values. */
static const GUID iid_advise_sink = {0x00020302, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID iid_message = {0x00020307, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

static HMODULE mapi32;
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static HRESULT (WINAPI *pMAPILogonEx)(ULONG_PTR, char *, char *, ULONG, IMAPISession **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);

static char store_dir[MAX_PATH];        /* the store's directory in the profile */

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
    GET(HrQueryAllRows, "HrQueryAllRows@24");
#undef GET
    ok((void *)GetProcAddress(mapi32, "HrQueryAllRows") == (void *)pHrQueryAllRows, "HrQueryAllRows names differ.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPILogonEx && pMAPIAllocateBuffer
            && pMAPIFreeBuffer && pFreeProws && pHrQueryAllRows;
}

/* ------------------------------------------------------------------------
 * Files.
 */

static inline void temp_path(const char *name, char *path)
{
    GetTempPathA(MAX_PATH - 64, path);
    strcat(path, name);
}

static inline void remove_tree(const char *dir)
{
    WIN32_FIND_DATAA data;
    char pattern[MAX_PATH], path[MAX_PATH];
    HANDLE find;

    sprintf(pattern, "%s\\*", dir);
    if ((find = FindFirstFileA(pattern, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!strcmp(data.cFileName, ".") || !strcmp(data.cFileName, "..")) continue;
            sprintf(path, "%s\\%s", dir, data.cFileName);
            if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) remove_tree(path);
            else DeleteFileA(path);
        } while (FindNextFileA(find, &data));
        FindClose(find);
    }
    RemoveDirectoryA(dir);
}

/* How many files in dir match pattern ("*.msg"). */
static inline ULONG count_files(const char *dir, const char *pattern)
{
    WIN32_FIND_DATAA data;
    char path[MAX_PATH];
    HANDLE find;
    ULONG count = 0;

    sprintf(path, "%s\\%s", dir, pattern);
    if ((find = FindFirstFileA(path, &data)) == INVALID_HANDLE_VALUE) return 0;
    do
        if (strcmp(data.cFileName, ".") && strcmp(data.cFileName, "..")) count++;
    while (FindNextFileA(find, &data));
    FindClose(find);
    return count;
}

/* How many files in the group directories of a folder's directory match pattern. */
static inline ULONG count_messages(const char *folder_dir, const char *pattern)
{
    WIN32_FIND_DATAA data;
    char path[MAX_PATH];
    HANDLE find;
    ULONG count = 0;

    sprintf(path, "%s\\%s\\*", store_dir, folder_dir);
    if ((find = FindFirstFileA(path, &data)) == INVALID_HANDLE_VALUE) return 0;
    do
    {
        if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || data.cFileName[0] == '.') continue;
        sprintf(path, "%s\\%s\\%s", store_dir, folder_dir, data.cFileName);
        count += count_files(path, pattern);
    } while (FindNextFileA(find, &data));
    FindClose(find);
    return count;
}

/* How many folder directories the store has (its temporaries aside). */
static inline ULONG count_folder_dirs(void)
{
    WIN32_FIND_DATAA data;
    char path[MAX_PATH];
    HANDLE find;
    ULONG count = 0;

    sprintf(path, "%s\\*", store_dir);
    if ((find = FindFirstFileA(path, &data)) == INVALID_HANDLE_VALUE) return 0;
    do
        if ((data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) && data.cFileName[0] != '.' && data.cFileName[0] != '~')
            count++;
    while (FindNextFileA(find, &data));
    FindClose(find);
    return count;
}

static inline BOOL write_file(const char *path, const void *data, DWORD size)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written = 0;

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    WriteFile(file, data, size, &written, NULL);
    CloseHandle(file);
    return written == size;
}

/* The whole file (HeapFree it), NULL when it cannot be read. */
static inline BYTE *read_file(const char *path, DWORD *size)
{
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
            OPEN_EXISTING, 0, NULL);
    BYTE *data;

    *size = 0;
    if (file == INVALID_HANDLE_VALUE) return NULL;
    *size = GetFileSize(file, NULL);
    data = HeapAlloc(GetProcessHeap(), 0, *size + 1);
    if (!ReadFile(file, data, *size, size, NULL)) *size = 0;
    data[*size] = 0;
    CloseHandle(file);
    return data;
}

/* ------------------------------------------------------------------------
 * MAPISVC.INF.
 */

static inline void inf_path(char *path, DWORD size)
{
    GetSystemDirectoryA(path, size - 16);
    strcat(path, "\\MAPISVC.INF");
}

static inline BOOL install_inf(void)
{
    static const char text[] =
        "; The local message store's tests (wine-mapi)\r\n"
        "[Services]\r\n"
        "MsgStore=Local Message Store\r\n"
        RECXP_INF_SERVICES
        "\r\n"
        MSGSTORE_INF_SECTIONS
        RECXP_INF_SECTIONS;
    char dir[MAX_PATH], path[MAX_PATH], *buffer, *out, *slash;
    const char *in;
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
    ret = write_file(path, buffer, out - buffer);
    ok(ret, "cannot write %s, error %lu.\n", path, GetLastError());
    HeapFree(GetProcessHeap(), 0, buffer);
    return ret;
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

/* The UID of the profile's service named name, FALSE when there is none. */
static inline BOOL service_uid(IMsgServiceAdmin *admin, const char *name, MAPIUID *uid)
{
    SizedSPropTagArray(2, columns) = {2, {PR_SERVICE_UID, PR_SERVICE_NAME_A}};
    IMAPITable *table;
    SRowSet *rows = NULL;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0, &table);
    ok(hr == S_OK, "GetMsgServiceTable got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows && !found; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_SERVICE_UID || props[1].ulPropTag != PR_SERVICE_NAME_A
                || strcmp(props[1].Value.lpszA, name))
            continue;
        memcpy(uid, props[0].Value.bin.lpb, sizeof(*uid));
        found = TRUE;
    }
    if (rows) pFreeProws(rows);
    IMAPITable_Release(table);
    return found;
}

static inline HRESULT configure_service(const char *name, ULONG count, SPropValue *values)
{
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    MAPIUID uid;
    HRESULT hr;

    if ((hr = pMAPIAdminProfiles(0, &profiles))) return hr;
    if (!(hr = IProfAdmin_AdminServices(profiles, (char *)PROFILE, NULL, 0, 0, &admin)))
    {
        if (!service_uid(admin, name, &uid)) hr = MAPI_E_NOT_FOUND;
        else hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0, count, values);
        IMsgServiceAdmin_Release(admin);
    }
    IProfAdmin_Release(profiles);
    return hr;
}

/* A fresh profile: the store (in dir, or its default place when dir is
 * NULL), and the recording transport when with_transport. */
static inline BOOL create_profile(const char *dir, BOOL with_transport)
{
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    SPropValue value;
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
        hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)"MsgStore", NULL, 0, 0);
        ok(hr == S_OK, "CreateMsgService(MsgStore) got %#lx.\n", hr);
        if (!hr && with_transport)
        {
            hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)RECXP_SERVICE_A, NULL, 0, 0);
            ok(hr == S_OK, "CreateMsgService(%s) got %#lx.\n", RECXP_SERVICE_A, hr);
        }
        IMsgServiceAdmin_Release(admin);
    }
    IProfAdmin_Release(profiles);
    if (hr || !dir) return hr == S_OK;
    value.ulPropTag = PR_MSGSTORE_PATH;
    value.Value.lpszA = (char *)dir;
    hr = configure_service("MsgStore", 1, &value);
    ok(hr == S_OK, "configuring the store's directory got %#lx.\n", hr);
    return hr == S_OK;
}

static inline HRESULT logon(ULONG flags, IMAPISession **session)
{
    return pMAPILogonEx(0, (char *)PROFILE, NULL, LOGON_FLAGS | flags, session);
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
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
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

/* A session on the profile and its default store. */
struct session
{
    IMAPISession *session;
    IMsgStore *mdb;
};

static inline BOOL session_open(ULONG flags, struct session *s)
{
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    hr = logon(flags, &s->session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = open_default_store(s->session, &s->mdb);
    ok(hr == S_OK, "opening the default store got %#lx.\n", hr);
    return hr == S_OK;
}

static inline void session_close(struct session *s)
{
    HRESULT hr;

    if (s->mdb) IMsgStore_Release(s->mdb);
    s->mdb = NULL;
    if (!s->session) return;
    hr = IMAPISession_Logoff(s->session, 0, 0, 0);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    IMAPISession_Release(s->session);
    s->session = NULL;
}

/* ------------------------------------------------------------------------
 * The beginning and the end of a scenario.  The test holds its own
 * reference on the DLL meanwhile, so that at the end it can ask how many
 * of its objects live before letting go of it last.
 */

static HMODULE store_module;

/* The DLL held, MAPI initialized, a fresh profile with the store (and the
 * recording transport when with_transport); no session yet. */
static inline BOOL scenario_prepare(BOOL with_transport, struct session *s)
{
    char dll[MAX_PATH], *slash;
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    if (store_dir[0]) remove_tree(store_dir);
    ok(!GetModuleHandleA(STORE_DLL), "%s is loaded before the scenario.\n", STORE_DLL);
    GetModuleFileNameA(NULL, dll, sizeof(dll));
    if ((slash = strrchr(dll, '\\'))) strcpy(slash + 1, STORE_DLL);
    store_module = LoadLibraryA(dll);
    ok(store_module != NULL, "%s did not load, error %lu.\n", dll, GetLastError());
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    return !hr && create_profile(store_dir[0] ? store_dir : NULL, with_transport);
}

static inline BOOL scenario_begin(BOOL with_transport, struct session *s, ULONG flags)
{
    return scenario_prepare(with_transport, s) && session_open(flags, s);
}

/* Everything released, MAPI uninitialized: no object of the store lives
 * and MAPI holds no reference on its DLL. */
static inline void scenario_end(struct session *s)
{
    LONG (WINAPI *pMsgStoreLiveObjects)(void);

    session_close(s);
    delete_profile();
    pMAPIUninitialize();
    if (!store_module) return;
    pMsgStoreLiveObjects = (void *)GetProcAddress(store_module, "MsgStoreLiveObjects");
    ok(pMsgStoreLiveObjects != NULL, "MsgStoreLiveObjects is not exported.\n");
    if (pMsgStoreLiveObjects)
        ok(pMsgStoreLiveObjects() == 0, "%ld objects of the store are alive.\n", pMsgStoreLiveObjects());
    FreeLibrary(store_module);
    store_module = NULL;
    ok(!GetModuleHandleA(STORE_DLL), "%s is still loaded.\n", STORE_DLL);
}

/* ------------------------------------------------------------------------
 * Objects of the store.
 */

/* One property (pMAPIFreeBuffer it), NULL when the object lacks it. */
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

/* A string value as 8-bit text into out ("" when missing). */
static inline const char *get_string(void *object, ULONG tag, char *out, size_t size)
{
    SPropValue *value = get_prop(object, tag);

    out[0] = 0;
    if (value) lstrcpynA(out, value->Value.lpszA, size);
    if (value) pMAPIFreeBuffer(value);
    return out;
}

struct eid
{
    ULONG cb;
    BYTE data[256];
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

static inline IMAPIFolder *open_inbox(IMsgStore *mdb, struct eid *eid)
{
    ENTRYID *folder_eid;
    struct eid scratch;
    HRESULT hr;
    ULONG cb;

    if (!eid) eid = &scratch;
    hr = IMsgStore_GetReceiveFolder(mdb, (char *)"IPM.Note", 0, &cb, &folder_eid, NULL);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (hr) return NULL;
    eid->cb = cb;
    memcpy(eid->data, folder_eid, cb);
    pMAPIFreeBuffer(folder_eid);
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

/* Every row of a folder's contents table with these columns (pFreeProws them). */
static inline SRowSet *contents_rows(IMAPIFolder *folder, const void *columns, SRestriction *res, SSortOrderSet *sort)
{
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = IMAPIFolder_GetContentsTable(folder, 0, &table);
    ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
    if (hr) return NULL;
    hr = pHrQueryAllRows(table, (SPropTagArray *)columns, res, sort, 0, &rows);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    IMAPITable_Release(table);
    return hr ? NULL : rows;
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

static inline ULONG recipient_count(IMessage *msg)
{
    IMAPITable *table;
    ULONG count = ~0u;
    HRESULT hr;

    hr = IMessage_GetRecipientTable(msg, 0, &table);
    ok(hr == S_OK, "GetRecipientTable got %#lx.\n", hr);
    if (hr) return count;
    count = table_count(table);
    IMAPITable_Release(table);
    return count;
}

/* An attachment named name holding size bytes of data. */
static inline void add_attachment(IMessage *msg, const char *name, const BYTE *data, ULONG size)
{
    SPropValue props[3];
    IAttach *attach;
    ULONG num;
    HRESULT hr;

    hr = IMessage_CreateAttach(msg, NULL, 0, &num, &attach);
    ok(hr == S_OK, "CreateAttach got %#lx.\n", hr);
    if (hr) return;
    props[0].ulPropTag = PR_ATTACH_METHOD;
    props[0].Value.l = ATTACH_BY_VALUE;
    props[1].ulPropTag = PR_ATTACH_LONG_FILENAME_A;
    props[1].Value.lpszA = (char *)name;
    props[2].ulPropTag = PR_ATTACH_DATA_BIN;
    props[2].Value.bin.cb = size;
    props[2].Value.bin.lpb = (BYTE *)data;
    hr = IAttach_SetProps(attach, 3, props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    hr = IAttach_SaveChanges(attach, 0);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    IAttach_Release(attach);
}

/* A message in folder with a subject, a body, two recipients (Alice To,
 * Bob Cc) and more values; not saved. */
static inline IMessage *create_message(IMAPIFolder *folder, const char *subject, const char *body, ULONG count,
        SPropValue *more)
{
    SPropValue props[3];
    IMessage *msg = NULL;
    ADRLIST *list;
    HRESULT hr;

    hr = IMAPIFolder_CreateMessage(folder, NULL, 0, &msg);
    ok(hr == S_OK, "CreateMessage got %#lx.\n", hr);
    if (hr) return NULL;
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = (char *)subject;
    props[1].ulPropTag = PR_MESSAGE_CLASS_A;
    props[1].Value.lpszA = (char *)"IPM.Note";
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = (char *)(body ? body : "");
    hr = IMessage_SetProps(msg, 3, props, NULL);
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
    return msg;
}

/* Creates and saves a message; its entry ID in eid (may be NULL). */
static inline BOOL save_message(IMAPIFolder *folder, const char *subject, const char *body, struct eid *eid)
{
    IMessage *msg = create_message(folder, subject, body, 0, NULL);
    struct eid scratch;
    HRESULT hr;

    if (!msg) return FALSE;
    hr = IMessage_SaveChanges(msg, KEEP_OPEN_READONLY);
    ok(hr == S_OK, "SaveChanges(%s) got %#lx.\n", subject, hr);
    ok(get_eid(msg, PR_ENTRYID, eid ? eid : &scratch), "%s has no entry ID.\n", subject);
    IMessage_Release(msg);
    return hr == S_OK;
}

/* Creates a message and submits it; its entry ID in eid. */
static inline BOOL submit(IMAPIFolder *folder, const char *subject, ULONG count, SPropValue *more, struct eid *eid)
{
    IMessage *msg = create_message(folder, subject, "to be sent", count, more);
    HRESULT hr;

    if (!msg) return FALSE;
    ok(get_eid(msg, PR_ENTRYID, eid), "no entry ID.\n");
    hr = IMessage_SubmitMessage(msg, 0);
    ok(hr == S_OK, "SubmitMessage(%s) got %#lx.\n", subject, hr);
    hr = IMessage_SaveChanges(msg, 0);
    ok(hr == MAPI_E_INVALID_OBJECT, "SaveChanges after SubmitMessage got %#lx.\n", hr);
    IMessage_Release(msg);
    return TRUE;
}

/* An advise sink that counts what it gets. */
struct sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    ULONG count;
    ULONG types;                /* every event type seen */
    ULONG last_type;
    ULONG table_events;         /* every TABLE_* event seen, as bits */
    struct eid last_eid, last_old_eid, last_parent;
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

static inline void eid_keep(struct eid *eid, ULONG cb, const ENTRYID *data)
{
    memset(eid, 0, sizeof(*eid));
    if (!data || cb > sizeof(eid->data)) return;
    eid->cb = cb;
    memcpy(eid->data, data, cb);
}

static inline HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG i;

    for (i = 0; i < count; i++)
    {
        NOTIFICATION *n = &notifications[i];

        sink->count++;
        sink->types |= n->ulEventType;
        sink->last_type = n->ulEventType;
        if (n->ulEventType == fnevTableModified)
            sink->table_events |= 1u << n->info.tab.ulTableEvent;
        else if (n->ulEventType == fnevNewMail)
        {
            eid_keep(&sink->last_eid, n->info.newmail.cbEntryID, n->info.newmail.lpEntryID);
            eid_keep(&sink->last_parent, n->info.newmail.cbParentID, n->info.newmail.lpParentID);
        }
        else
        {
            eid_keep(&sink->last_eid, n->info.obj.cbEntryID, n->info.obj.lpEntryID);
            eid_keep(&sink->last_old_eid, n->info.obj.cbOldID, n->info.obj.lpOldID);
            eid_keep(&sink->last_parent, n->info.obj.cbParentID, n->info.obj.lpParentID);
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

static inline void sink_reset(struct sink *sink)
{
    sink->count = sink->types = sink->last_type = sink->table_events = 0;
}

/* ------------------------------------------------------------------------
 * Child processes.
 */

struct scenario
{
    const char *name;
    void (*func)(int argc, char **argv);
};

/* Starts this program as "<test> <scenario> [argument]"; the handle is the caller's. */
static inline HANDLE start_child(const char *test, const char *scenario, const char *argument)
{
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char **argv, cmd[MAX_PATH * 2 + 128];
    BOOL ret;

    winetest_get_mainargs(&argv);
    sprintf(cmd, "\"%s\" %s %s %s", argv[0], test, scenario, argument ? argument : "");
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok(ret, "cannot start %s, error %lu.\n", cmd, GetLastError());
    if (!ret) return NULL;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

static inline void run_child(const char *test, const char *scenario, const char *argument)
{
    HANDLE process = start_child(test, scenario, argument);

    if (!process) return;
    winetest_push_context("%s", scenario);
    wait_child_process(process);
    winetest_pop_context();
    CloseHandle(process);
}

/* The test's body: in the parent, each scenario named in list in a child
 * process of its own; in a child, the scenario it was started for. */
static inline void run_scenarios(const char *test, const struct scenario *scenarios, const char *const *list)
{
    const struct scenario *scenario;
    char **argv, path[MAX_PATH];
    int argc = winetest_get_mainargs(&argv);

    temp_path("msgstore-test", store_dir);
    if (argc > 2)
    {
        BOOL own_inf;

        /* A scenario run by hand installs the INF itself. */
        inf_path(path, sizeof(path));
        if ((own_inf = GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) && !install_inf()) return;
        for (scenario = scenarios; scenario->name; scenario++)
            if (!strcmp(scenario->name, argv[2])) break;
        ok(scenario->name != NULL, "no scenario %s.\n", argv[2]);
        if (scenario->name && init_mapi()) scenario->func(argc, argv);
        if (own_inf) DeleteFileA(path);
        return;
    }
    if (!install_inf()) return;
    for (; *list; list++)
    {
        remove_tree(store_dir);
        run_child(test, *list, NULL);
    }
    remove_tree(store_dir);
    inf_path(path, sizeof(path));
    DeleteFileA(path);
}

/* ------------------------------------------------------------------------
 * What several scenarios look at.
 */

/* The message number in the last 4 bytes of one of the store's entry IDs (msgstore.h). */
static inline ULONG eid_number(const struct eid *eid)
{
    ULONG number = 0;

    if (eid->cb == 32) memcpy(&number, eid->data + 28, sizeof(number));
    return number;
}

/* A message's file: in its folder's directory, in the group of 256 its number is in. */
static inline void message_path(const char *folder_dir, ULONG number, char *path)
{
    sprintf(path, "%s\\%s\\%06lx", store_dir, folder_dir, number >> 8);
    CreateDirectoryA(path, NULL);
    sprintf(path + strlen(path), "\\%08lx.msg", number);
}

static inline void message_file(const char *folder_dir, const struct eid *eid, char *path)
{
    message_path(folder_dir, eid_number(eid), path);
}

static inline BOOL file_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

static inline HRESULT create_folder(IMAPIFolder *parent, const char *name, ULONG flags, IMAPIFolder **folder)
{
    *folder = NULL;
    return parent->lpVtbl->CreateFolder(parent, FOLDER_GENERIC, (char *)name, NULL, NULL, flags,
            (IMAPIFolder *)folder);
}

/* The names of a folder's children, sorted, comma-separated. */
static inline void child_names(IMAPIFolder *folder, ULONG flags, char *out)
{
    SizedSPropTagArray(2, columns) = {2, {PR_DISPLAY_NAME_A, PR_DEPTH}};
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{PR_DISPLAY_NAME_A, TABLE_SORT_ASCEND}}};
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    out[0] = 0;
    hr = IMAPIFolder_GetHierarchyTable(folder, flags, &table);
    ok(hr == S_OK, "GetHierarchyTable got %#lx.\n", hr);
    if (hr) return;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, (SSortOrderSet *)&sort, 0, &rows);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows; i++)
    {
        if (i) strcat(out, ",");
        if (rows->aRow[i].lpProps[0].ulPropTag == PR_DISPLAY_NAME_A) strcat(out, rows->aRow[i].lpProps[0].Value.lpszA);
        if (flags & CONVENIENT_DEPTH)
            sprintf(out + strlen(out), ":%ld", rows->aRow[i].lpProps[1].ulPropTag == PR_DEPTH
                    ? rows->aRow[i].lpProps[1].Value.l : -1);
    }
    if (!hr) pFreeProws(rows);
    IMAPITable_Release(table);
}

/* The subjects of a folder's messages in table order, comma-separated. */
static inline void subjects(IMAPIFolder *folder, SRestriction *res, SSortOrderSet *sort, char *out)
{
    SizedSPropTagArray(1, columns) = {1, {PR_SUBJECT_A}};
    SRowSet *rows;
    ULONG i;

    out[0] = 0;
    if (!(rows = contents_rows(folder, &columns, res, sort))) return;
    for (i = 0; i < rows->cRows; i++)
    {
        if (i) strcat(out, ",");
        if (rows->aRow[i].lpProps[0].ulPropTag == PR_SUBJECT_A) strcat(out, rows->aRow[i].lpProps[0].Value.lpszA);
    }
    pFreeProws(rows);
}

#endif /* __WINE_MAPI_MSGSTORE_TEST_H */
