/*
 * What the mail-drop tests (maildrop.c, mapisend.c) share: mapi32's
 * exports, a MAPISVC.INF with the memory store, the mail-drop transport
 * and the recording transport, profiles made of them with Maildirs in a
 * temporary directory, files, and the child process each scenario runs
 * in.  Included by test files after wine/test.h; everything here is static.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_MAPI_MAILDROP_TEST_H
#define __WINE_MAPI_MAILDROP_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "memstore_inf.h"
#include "recxp_inf.h"
#include "../libs/mime/mime.h"

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#define MODRECIP_MODIFY 0x00000004
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(n) (offsetof(ADRLIST, aEntries) + (n) * sizeof(ADRENTRY))
#endif
#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif
#ifndef ATTACH_BY_VALUE
#define ATTACH_BY_VALUE 1
#endif

/* The transport's private properties (dlls/maildrop/maildrop.inf). */
#define PR_MAILDROP_OUTBOX      PROP_TAG(PT_STRING8, 0x6630)
#define PR_MAILDROP_INBOX       PROP_TAG(PT_STRING8, 0x6631)
#define PR_MAILDROP_SENDER      PROP_TAG(PT_STRING8, 0x6632)
#define PR_MAILDROP_SENDER_NAME PROP_TAG(PT_STRING8, 0x6633)

#define MAILDROP_DLL "maildrop32.dll"
#define MDT_SENDER "sender@maildrop.test"
#define MDT_SENDER_NAME "Maildrop Sender"
#define MDT_LOGON_FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE)
#define MDT_TIMEOUT 15000   /* ms a scenario waits for the spooler */

/* The sections of dlls/maildrop/maildrop.inf, with the DLL named by its
 * absolute path (@DIR@ is the test program's directory, where
 * maildrop32.dll sits); tests/maildrop-check.sh compares the two. */
#define MAILDROP_INF_SERVICES "MailDrop=Mail Drop\r\n"
#define MAILDROP_INF_SECTIONS \
    "[MailDrop]\r\n" \
    "PR_DISPLAY_NAME=Mail Drop\r\n" \
    "Providers=MailDropTransport\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\MAILDROP.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=MailDropServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "\r\n" \
    "[MailDropTransport]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\MAILDROP.DLL\r\n" \
    "PR_RESOURCE_TYPE=36\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "PR_DISPLAY_NAME=Mail Drop\r\n" \
    "PR_PROVIDER_DISPLAY=Mail Drop Transport\r\n" \
    "\r\n"

static HMODULE mapi32;
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static HRESULT (WINAPI *pMAPILogonEx)(ULONG_PTR, char *, char *, ULONG, IMAPISession **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);

static char mdt_root[MAX_PATH];         /* the scenario's temporary directory */
static char mdt_outbox[MAX_PATH];       /* the outbound Maildir */
static char mdt_inbox[MAX_PATH];        /* the inbound Maildir */
static char mdt_store_path[MAX_PATH];   /* the memory store's file */

static inline BOOL mdt_init_mapi(void)
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
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreeProws, "FreeProws@4");
    GET(HrQueryAllRows, "HrQueryAllRows@24");
#undef GET
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPILogonEx && pMAPIAllocateBuffer
            && pMAPIAllocateMore && pMAPIFreeBuffer && pFreeProws && pHrQueryAllRows;
}

/* ------------------------------------------------------------------------
 * Files and directories
 */

static inline char *mdt_path(char *out, const char *dir, const char *sub, const char *name)
{
    sprintf(out, "%s%s%s%s%s", dir, sub ? "\\" : "", sub ? sub : "", name ? "\\" : "", name ? name : "");
    return out;
}

/* The regular files of dir\sub: how many, and the name of the first (may be NULL). */
static inline int mdt_count_files(const char *dir, const char *sub, char *first)
{
    WIN32_FIND_DATAA data;
    char pattern[MAX_PATH];
    HANDLE find;
    int count = 0;

    if (first) first[0] = 0;
    mdt_path(pattern, dir, sub, "*");
    if ((find = FindFirstFileA(pattern, &data)) == INVALID_HANDLE_VALUE) return 0;
    do
    {
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
        if (!count++ && first) strcpy(first, data.cFileName);
    } while (FindNextFileA(find, &data));
    FindClose(find);
    return count;
}

/* A whole file, NUL-terminated; HeapFree it.  NULL when it cannot be read. */
static inline char *mdt_read_file(const char *path, SIZE_T *size)
{
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD length, got = 0;
    char *data;

    if (file == INVALID_HANDLE_VALUE) return NULL;
    length = GetFileSize(file, NULL);
    if ((data = HeapAlloc(GetProcessHeap(), 0, length + 1)))
    {
        ReadFile(file, data, length, &got, NULL);
        data[got] = 0;
    }
    CloseHandle(file);
    if (size) *size = got;
    return data;
}

static inline BOOL mdt_write_file(const char *path, const void *data, DWORD size)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written = 0;
    BOOL ret;

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = WriteFile(file, data, size, &written, NULL) && written == size;
    CloseHandle(file);
    return ret;
}

/* A message file in a Maildir's new/, with a given age (older first when read). */
static inline BOOL mdt_drop(const char *maildir, const char *name, const char *text, int age_minutes)
{
    char path[MAX_PATH];
    ULARGE_INTEGER time;
    FILETIME ft;
    HANDLE file;
    BOOL ret;

    mdt_path(path, maildir, "new", name);
    if (!mdt_write_file(path, text, strlen(text))) return FALSE;
    GetSystemTimeAsFileTime(&ft);
    time.LowPart = ft.dwLowDateTime;
    time.HighPart = ft.dwHighDateTime;
    time.QuadPart -= (ULONGLONG)age_minutes * 60 * 10000000;
    ft.dwLowDateTime = time.LowPart;
    ft.dwHighDateTime = time.HighPart;
    file = CreateFileA(path, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    ret = file != INVALID_HANDLE_VALUE && SetFileTime(file, NULL, NULL, &ft);
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    return ret;
}

static inline void mdt_remove_tree(const char *dir)
{
    WIN32_FIND_DATAA data;
    char pattern[MAX_PATH], path[MAX_PATH];
    HANDLE find;

    mdt_path(pattern, dir, NULL, "*");
    if ((find = FindFirstFileA(pattern, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!strcmp(data.cFileName, ".") || !strcmp(data.cFileName, "..")) continue;
            mdt_path(path, dir, NULL, data.cFileName);
            if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) mdt_remove_tree(path);
            else DeleteFileA(path);
        } while (FindNextFileA(find, &data));
        FindClose(find);
    }
    RemoveDirectoryA(dir);
}

static inline void mdt_make_maildir(const char *maildir)
{
    char path[MAX_PATH];

    CreateDirectoryA(maildir, NULL);
    CreateDirectoryA(mdt_path(path, maildir, "tmp", NULL), NULL);
    CreateDirectoryA(mdt_path(path, maildir, "new", NULL), NULL);
    CreateDirectoryA(mdt_path(path, maildir, "cur", NULL), NULL);
}

/* A fresh temporary directory for the scenario, with its Maildirs made. */
static inline void mdt_dirs_make(const char *scenario)
{
    char temp[MAX_PATH];

    GetTempPathA(sizeof(temp), temp);
    sprintf(mdt_root, "%smaildrop-%s-%lu", temp, scenario, GetCurrentProcessId());
    mdt_remove_tree(mdt_root);
    CreateDirectoryA(mdt_root, NULL);
    mdt_path(mdt_outbox, mdt_root, NULL, "outbox");
    mdt_path(mdt_inbox, mdt_root, NULL, "inbox");
    mdt_path(mdt_store_path, mdt_root, NULL, "store.dat");
    mdt_make_maildir(mdt_inbox);
}

/* ------------------------------------------------------------------------
 * MAPISVC.INF
 */

static inline void mdt_inf_path(char *path, DWORD size)
{
    GetSystemDirectoryA(path, size - 16);
    strcat(path, "\\MAPISVC.INF");
}

static inline BOOL mdt_install_inf(void)
{
    static const char text[] =
        "; The mail-drop tests (wine-mapi)\r\n"
        "[Services]\r\n"
        MEMSTORE_INF_SERVICES
        MAILDROP_INF_SERVICES
        RECXP_INF_SERVICES
        "\r\n"
        MEMSTORE_INF_SECTIONS
        MAILDROP_INF_SECTIONS
        RECXP_INF_SECTIONS;
    char dir[MAX_PATH], path[MAX_PATH], *p, *out, *slash;
    const char *in;
    BOOL ret;

    GetModuleFileNameA(NULL, dir, sizeof(dir));
    if ((slash = strrchr(dir, '\\'))) *slash = 0;
    out = p = HeapAlloc(GetProcessHeap(), 0, sizeof(text) * 4);
    for (in = text; *in; )
    {
        if (!strncmp(in, "@DIR@", 5))
        {
            strcpy(out, dir);
            out += strlen(dir);
            in += 5;
        }
        else *out++ = *in++;
    }
    mdt_inf_path(path, sizeof(path));
    ret = mdt_write_file(path, p, out - p);
    ok(ret, "cannot write %s, error %lu.\n", path, GetLastError());
    HeapFree(GetProcessHeap(), 0, p);
    return ret;
}

static inline void mdt_remove_inf(void)
{
    char path[MAX_PATH];

    mdt_inf_path(path, sizeof(path));
    DeleteFileA(path);
}

/* ------------------------------------------------------------------------
 * Profiles
 */

/* The UID of the profile's service with this MAPISVC.INF name. */
static inline BOOL mdt_service_uid(IMsgServiceAdmin *admin, const char *service, MAPIUID *uid)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_SERVICE_UID, PR_SERVICE_NAME_A}};
    IMAPITable *table;
    SRowSet *rows;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0, &table);
    ok(hr == S_OK, "GetMsgServiceTable got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    if (hr) return FALSE;
    for (i = 0; i < rows->cRows && !found; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_SERVICE_UID || props[1].ulPropTag != PR_SERVICE_NAME_A) continue;
        if (strcmp(props[1].Value.lpszA, service)) continue;
        memcpy(uid, props[0].Value.bin.lpb, sizeof(*uid));
        found = TRUE;
    }
    pFreeProws(rows);
    return found;
}

static inline HRESULT mdt_admin(const char *profile, IProfAdmin **profiles, IMsgServiceAdmin **admin)
{
    HRESULT hr;

    *admin = NULL;
    if ((hr = pMAPIAdminProfiles(0, profiles))) return hr;
    if ((hr = IProfAdmin_AdminServices(*profiles, (char *)profile, NULL, 0, 0, admin)))
        IProfAdmin_Release(*profiles);
    return hr;
}

/* Adds a service and configures it through its service entry. */
static inline HRESULT mdt_add_service(IMsgServiceAdmin *admin, const char *service, ULONG count, SPropValue *values)
{
    MAPIUID uid;
    HRESULT hr;

    hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)service, NULL, 0, 0);
    ok(hr == S_OK, "CreateMsgService(%s) got %#lx.\n", service, hr);
    if (hr || !count) return hr;
    if (!mdt_service_uid(admin, service, &uid)) return MAPI_E_NOT_FOUND;
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0, count, values);
    ok(hr == S_OK, "ConfigureMsgService(%s) got %#lx.\n", service, hr);
    return hr;
}

/* A fresh profile: the memory store (its file in the scenario's
 * directory) and, unless transport is NULL, that service: "MailDrop"
 * (Maildirs in the scenario's directory; inbox NULL: none) or a RecXp one. */
static inline BOOL mdt_create_profile(const char *profile, const char *transport, const char *inbox)
{
    IMsgServiceAdmin *admin = NULL;
    IProfAdmin *profiles;
    SPropValue props[4];
    HRESULT hr;

    hr = pMAPIAdminProfiles(0, &profiles);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (hr) return FALSE;
    IProfAdmin_DeleteProfile(profiles, (char *)profile, 0);
    hr = IProfAdmin_CreateProfile(profiles, (char *)profile, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile got %#lx.\n", hr);
    if (!hr) hr = IProfAdmin_AdminServices(profiles, (char *)profile, NULL, 0, 0, &admin);
    if (!hr)
    {
        props[0].ulPropTag = PR_MEMSTORE_PATH;
        props[0].Value.lpszA = mdt_store_path;
        hr = mdt_add_service(admin, "MemStore", 1, props);
    }
    if (!hr && transport && !strcmp(transport, "MailDrop"))
    {
        props[0].ulPropTag = PR_MAILDROP_OUTBOX;
        props[0].Value.lpszA = mdt_outbox;
        props[1].ulPropTag = PR_MAILDROP_INBOX;
        props[1].Value.lpszA = (char *)(inbox ? inbox : "");
        props[2].ulPropTag = PR_MAILDROP_SENDER;
        props[2].Value.lpszA = (char *)MDT_SENDER;
        props[3].ulPropTag = PR_MAILDROP_SENDER_NAME;
        props[3].Value.lpszA = (char *)MDT_SENDER_NAME;
        hr = mdt_add_service(admin, transport, 4, props);
    }
    else if (!hr && transport) hr = mdt_add_service(admin, transport, 0, NULL);
    if (admin) IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
    return hr == S_OK;
}

static inline void mdt_delete_profile(const char *profile)
{
    IProfAdmin *profiles;
    HRESULT hr;

    if (pMAPIAdminProfiles(0, &profiles)) return;
    hr = IProfAdmin_DeleteProfile(profiles, (char *)profile, 0);
    ok(hr == S_OK, "DeleteProfile got %#lx.\n", hr);
    IProfAdmin_Release(profiles);
}

/* Writes values into the sections of the providers of a service. */
static inline void mdt_configure_providers(const char *profile, const char *service, ULONG count, SPropValue *values)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_PROVIDER_UID, PR_SERVICE_NAME_A}};
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    IProfSect *section;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (mdt_admin(profile, &profiles, &admin)) return;
    if (!IMsgServiceAdmin_GetProviderTable(admin, 0, &table))
    {
        if (!pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))
        {
            for (i = 0; i < rows->cRows; i++)
            {
                SPropValue *props = rows->aRow[i].lpProps;

                if (props[1].ulPropTag != PR_SERVICE_NAME_A || strcmp(props[1].Value.lpszA, service)) continue;
                hr = IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)props[0].Value.bin.lpb, NULL,
                        MAPI_MODIFY | MAPI_FORCE_ACCESS, &section);
                ok(hr == S_OK, "OpenProfileSection got %#lx.\n", hr);
                if (hr) continue;
                hr = IProfSect_SetProps(section, count, values, NULL);
                ok(hr == S_OK, "SetProps got %#lx.\n", hr);
                IProfSect_Release(section);
            }
            pFreeProws(rows);
        }
        IMAPITable_Release(table);
    }
    IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
}

/* The spooler's poll interval in seconds (PT_LONG 0x6620 of the global section). */
static inline void mdt_set_poll_interval(const char *profile, ULONG seconds)
{
    static const MAPIUID global = {{0x13,0xdb,0xb0,0xc8,0xaa,0x05,0x10,0x1a,0x9b,0xb0,0x00,0xaa,0x00,0x2f,0xc4,0x5a}};
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    IProfSect *section;
    SPropValue value;
    HRESULT hr;

    if (mdt_admin(profile, &profiles, &admin)) return;
    hr = IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)&global, NULL, MAPI_MODIFY | MAPI_FORCE_ACCESS,
            &section);
    ok(hr == S_OK, "OpenProfileSection got %#lx.\n", hr);
    if (!hr)
    {
        value.ulPropTag = PROP_TAG(PT_LONG, 0x6620);
        value.Value.l = seconds;
        hr = IProfSect_SetProps(section, 1, &value, NULL);
        ok(hr == S_OK, "SetProps got %#lx.\n", hr);
        IProfSect_Release(section);
    }
    IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
}

/* ------------------------------------------------------------------------
 * Scenarios, one per child process
 */

struct mdt_scenario
{
    const char *name;
    void (*func)(void);
};

static inline void mdt_run_child(const char *test, const char *scenario)
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

/* The body of START_TEST: in the parent, every scenario in a child of its
 * own; in a child, the scenario it names. */
static inline void mdt_run_scenarios(const char *test, const struct mdt_scenario *scenarios)
{
    const struct mdt_scenario *scenario;
    char **argv, path[MAX_PATH];
    int argc = winetest_get_mainargs(&argv);
    BOOL own_inf;

    if (argc > 2)
    {
        /* A scenario run by hand installs the INF itself. */
        mdt_inf_path(path, sizeof(path));
        if ((own_inf = GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) && !mdt_install_inf()) return;
        for (scenario = scenarios; scenario->name; scenario++)
            if (!strcmp(scenario->name, argv[2])) break;
        ok(scenario->name != NULL, "no scenario %s.\n", argv[2]);
        if (scenario->name && mdt_init_mapi())
        {
            mdt_dirs_make(scenario->name);
            scenario->func();
            mdt_remove_tree(mdt_root);
        }
        if (own_inf) mdt_remove_inf();
        return;
    }
    if (!mdt_install_inf()) return;
    for (scenario = scenarios; scenario->name; scenario++) mdt_run_child(test, scenario->name);
    mdt_remove_inf();
}

/* ------------------------------------------------------------------------
 * Rows and messages
 */

static inline const SPropValue *mdt_find(const SPropValue *props, ULONG count, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

/* A one-value GetProps: the string value of tag (PT_STRING8), copied into out. */
static inline BOOL mdt_get_string(IMAPIProp *obj, ULONG tag, char *out, size_t size)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *props = NULL;
    ULONG count;
    BOOL ret = FALSE;

    out[0] = 0;
    if (SUCCEEDED(IMAPIProp_GetProps(obj, (SPropTagArray *)&tags, 0, &count, &props)) && props[0].ulPropTag == tag)
    {
        lstrcpynA(out, props[0].Value.lpszA, size);
        ret = TRUE;
    }
    pMAPIFreeBuffer(props);
    return ret;
}

#endif /* __WINE_MAPI_MAILDROP_TEST_H */
