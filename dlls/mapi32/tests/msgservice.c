/*
 * Tests for message service administration (IMsgServiceAdmin, IProviderAdmin)
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
#include "initguid.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapitags.h"
#include "mapiguid.h"
#include "mapifix.h"
#include "mapiadmin.h"

#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif

static HMODULE mapi32;

static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);

static const char profile_name[] = "wine_msgservice_test";
static const char copy_profile_name[] = "wine_msgservice_copy";

static const MAPIUID extra_uid =
    {{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10}};

static const char test_inf[] =
    "; MAPISVC.INF for the message service tests\r\n"
    "[Services]\r\n"
    "MSGSVC_TEST=Message service test\r\n"
    "MSGSVC_SINGLE=Single copy test\r\n"
    "MSGSVC_NODLL=Missing DLL test\r\n"
    "MSGSVC_NOPRIMARY=No primary identity test\r\n"
    "MSGSVC_BROKEN=Missing provider section test\r\n"
    "MSGSVC_UNLISTED_SECTION=Listed without a section\r\n"
    "\r\n"
    "[MSGSVC_TEST]\r\n"
    "PR_DISPLAY_NAME=Message service test\r\n"
    "Providers=MSGSVC_TEST_MS, MSGSVC_TEST_XP1, MSGSVC_TEST_XP2\r\n"
    "Sections=MSGSVC_TEST_EXTRA\r\n"
    "PR_SERVICE_SUPPORT_FILES=msgsvc1.dll, msgsvc2.dll\r\n"
    "this line has no equals sign\r\n"
    "PR_RESOURCE_FLAGS=0\r\n"
    "66000003=42\r\n"
    "6601001E=after the bad lines\r\n"
    "\r\n"
    "[this header is not closed\r\n"
    "66050003=1\r\n"
    "\r\n"
    "[MSGSVC_TEST_MS]\r\n"
    "PR_DISPLAY_NAME=Test store\r\n"
    "PR_PROVIDER_DISPLAY=Test store provider\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCMS.DLL\r\n"
    "PR_RESOURCE_TYPE=33\r\n"
    "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE\r\n"
    "\r\n"
    "[MSGSVC_TEST_XP1]\r\n"
    "PR_DISPLAY_NAME=Test transport 1\r\n"
    "PR_PROVIDER_DISPLAY=Test transport provider 1\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCXP.DLL\r\n"
    "PR_RESOURCE_TYPE=36\r\n"
    "PR_RESOURCE_FLAGS=STATUS_XP_PREFER_LAST\r\n"
    "\r\n"
    "[MSGSVC_TEST_XP2]\r\n"
    "PR_DISPLAY_NAME=Test transport 2\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCXP.DLL\r\n"
    "PR_RESOURCE_TYPE=36\r\n"
    "\r\n"
    "[MSGSVC_TEST_XP3]\r\n"
    "PR_DISPLAY_NAME=Test transport 3\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCXP.DLL\r\n"
    "PR_RESOURCE_TYPE=36\r\n"
    "6603001E=from the INF\r\n"
    "\r\n"
    "[MSGSVC_TEST_EXTRA]\r\n"
    "UID=0102030405060708090a0b0c0d0e0f10\r\n"
    "6602001E=extra section value\r\n"
    "\r\n"
    "[MSGSVC_SINGLE]\r\n"
    "PR_RESOURCE_FLAGS=SERVICE_SINGLE_COPY\r\n"
    "Providers=MSGSVC_SINGLE_XP\r\n"
    "\r\n"
    "[MSGSVC_SINGLE_XP]\r\n"
    "PR_DISPLAY_NAME=Single copy transport\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCXP.DLL\r\n"
    "PR_RESOURCE_TYPE=36\r\n"
    "\r\n"
    "[MSGSVC_NODLL]\r\n"
    "PR_DISPLAY_NAME=Missing DLL test\r\n"
    "PR_SERVICE_DLL_NAME=MSGSVCNONE.DLL\r\n"
    "PR_SERVICE_ENTRY_NAME=ServiceEntry\r\n"
    "Providers=MSGSVC_NODLL_AB\r\n"
    "\r\n"
    "[MSGSVC_NODLL_AB]\r\n"
    "PR_DISPLAY_NAME=Missing DLL address book\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCNONE.DLL\r\n"
    "PR_RESOURCE_TYPE=35\r\n"
    "\r\n"
    "[MSGSVC_NOPRIMARY]\r\n"
    "PR_RESOURCE_FLAGS=SERVICE_NO_PRIMARY_IDENTITY\r\n"
    "Providers=MSGSVC_NOPRIMARY_AB\r\n"
    "\r\n"
    "[MSGSVC_NOPRIMARY_AB]\r\n"
    "PR_DISPLAY_NAME=No primary identity address book\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCAB.DLL\r\n"
    "PR_RESOURCE_TYPE=35\r\n"
    "\r\n"
    "[MSGSVC_BROKEN]\r\n"
    "Providers=MSGSVC_BROKEN_XP, MSGSVC_NO_SUCH_SECTION\r\n"
    "\r\n"
    "[MSGSVC_BROKEN_XP]\r\n"
    "PR_DISPLAY_NAME=Broken service transport\r\n"
    "PR_PROVIDER_DLL_NAME=MSGSVCXP.DLL\r\n"
    "PR_RESOURCE_TYPE=36\r\n"
    "\r\n"
    "[MSGSVC_NOT_IN_SERVICES]\r\n"
    "Providers=MSGSVC_TEST_XP2\r\n";

static char inf_path[MAX_PATH];
static char *saved_inf;
static DWORD saved_inf_size;

static BOOL init_function_pointers(void)
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
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreeProws, "FreeProws@4");
#undef GET
    ok((void *)GetProcAddress(mapi32, "MAPIAdminProfiles") == (void *)pMAPIAdminProfiles,
            "MAPIAdminProfiles and MAPIAdminProfiles@8 differ.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPIFreeBuffer && pFreeProws;
}

/* Our MAPISVC.INF replaces whatever the system directory has until the end. */
static BOOL write_inf(const char *text)
{
    HANDLE file;
    DWORD written;
    BOOL ret;

    file = CreateFileA(inf_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s, error %lu.\n", inf_path, GetLastError());
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = WriteFile(file, text, strlen(text), &written, NULL);
    ok(ret && written == strlen(text), "WriteFile failed, error %lu.\n", GetLastError());
    CloseHandle(file);
    return ret;
}

static BOOL install_inf(void)
{
    HANDLE file;
    DWORD size;

    GetSystemDirectoryA(inf_path, sizeof(inf_path));
    lstrcatA(inf_path, "\\MAPISVC.INF");
    file = CreateFileA(inf_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file != INVALID_HANDLE_VALUE)
    {
        size = GetFileSize(file, NULL);
        saved_inf = HeapAlloc(GetProcessHeap(), 0, size + 1);
        if (saved_inf && ReadFile(file, saved_inf, size, &saved_inf_size, NULL)) saved_inf[saved_inf_size] = 0;
        CloseHandle(file);
    }
    return write_inf(test_inf);
}

static void restore_inf(void)
{
    HANDLE file;
    DWORD written;

    if (!saved_inf)
    {
        ok(DeleteFileA(inf_path), "cannot delete %s, error %lu.\n", inf_path, GetLastError());
        return;
    }
    file = CreateFileA(inf_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file != INVALID_HANDLE_VALUE)
    {
        WriteFile(file, saved_inf, saved_inf_size, &written, NULL);
        CloseHandle(file);
    }
    HeapFree(GetProcessHeap(), 0, saved_inf);
}

static IProfAdmin *prof_admin;

/* A fresh, empty profile of that name and its service administration. */
static IMsgServiceAdmin *open_profile(const char *name)
{
    IMsgServiceAdmin *admin = NULL;
    HRESULT hr;

    IProfAdmin_DeleteProfile(prof_admin, (LPSTR)name, 0);
    hr = IProfAdmin_CreateProfile(prof_admin, (LPSTR)name, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile %s: got %#lx.\n", name, hr);
    hr = IProfAdmin_AdminServices(prof_admin, (LPSTR)name, NULL, 0, 0, &admin);
    ok(hr == S_OK, "AdminServices %s: got %#lx.\n", name, hr);
    return admin;
}

static void close_profile(IMsgServiceAdmin *admin, const char *name)
{
    HRESULT hr;

    if (admin) IMsgServiceAdmin_Release(admin);
    hr = IProfAdmin_DeleteProfile(prof_admin, (LPSTR)name, 0);
    ok(hr == S_OK, "DeleteProfile %s: got %#lx.\n", name, hr);
}

static const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

static SRowSet *table_rows(IMAPITable *table)
{
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = IMAPITable_QueryRows(table, 100, 0, &rows);
    ok(hr == S_OK, "QueryRows: got %#lx.\n", hr);
    IMAPITable_Release(table);
    return rows;
}

static SRowSet *service_rows(IMsgServiceAdmin *admin)
{
    IMAPITable *table;
    HRESULT hr;

    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0, &table);
    ok(hr == S_OK, "GetMsgServiceTable: got %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    return table_rows(table);
}

static SRowSet *provider_rows(IMsgServiceAdmin *admin)
{
    IMAPITable *table;
    HRESULT hr;

    hr = IMsgServiceAdmin_GetProviderTable(admin, 0, &table);
    ok(hr == S_OK, "GetProviderTable: got %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    return table_rows(table);
}

static ULONG count_rows(SRowSet *rows)
{
    ULONG count = rows ? rows->cRows : ~0u;

    if (rows) pFreeProws(rows);
    return count;
}

/* The UID of the service made from the INF section name; FALSE if absent. */
static BOOL find_service(IMsgServiceAdmin *admin, const char *name, MAPIUID *uid)
{
    const SPropValue *prop, *uid_prop;
    SRowSet *rows = service_rows(admin);
    BOOL found = FALSE;
    ULONG i;

    if (!rows) return FALSE;
    for (i = 0; i < rows->cRows && !found; i++)
    {
        prop = row_prop(&rows->aRow[i], PR_SERVICE_NAME_A);
        uid_prop = row_prop(&rows->aRow[i], PR_SERVICE_UID);
        if (!prop || strcmp(prop->Value.lpszA, name) || !uid_prop || uid_prop->Value.bin.cb != sizeof(*uid))
            continue;
        memcpy(uid, uid_prop->Value.bin.lpb, sizeof(*uid));
        found = TRUE;
    }
    pFreeProws(rows);
    return found;
}

/* The UID of the provider with that display name; FALSE if absent. */
static BOOL find_provider(IMsgServiceAdmin *admin, const char *display, MAPIUID *uid)
{
    const SPropValue *prop, *uid_prop;
    SRowSet *rows = provider_rows(admin);
    BOOL found = FALSE;
    ULONG i;

    if (!rows) return FALSE;
    for (i = 0; i < rows->cRows && !found; i++)
    {
        prop = row_prop(&rows->aRow[i], PR_DISPLAY_NAME_A);
        uid_prop = row_prop(&rows->aRow[i], PR_PROVIDER_UID);
        if (!prop || strcmp(prop->Value.lpszA, display) || !uid_prop || uid_prop->Value.bin.cb != sizeof(*uid))
            continue;
        memcpy(uid, uid_prop->Value.bin.lpb, sizeof(*uid));
        found = TRUE;
    }
    pFreeProws(rows);
    return found;
}

static HRESULT create_service(IMsgServiceAdmin *admin, const char *name, MAPIUID *uid)
{
    HRESULT hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)name, (LPSTR)"ignored display name", 0, 0);

    if (SUCCEEDED(hr) && uid) ok(find_service(admin, name, uid), "service %s is not listed.\n", name);
    return hr;
}

/* One property of a profile section, read through OpenProfileSection. */
static HRESULT read_section_prop(IMsgServiceAdmin *admin, const MAPIUID *uid, ULONG tag, SPropValue **value)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    IProfSect *section;
    ULONG count;
    HRESULT hr;

    *value = NULL;
    hr = IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)uid, NULL, 0, &section);
    if (FAILED(hr)) return hr;
    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, value);
    IProfSect_Release(section);
    if (hr == MAPI_W_ERRORS_RETURNED || (hr == S_OK && (*value)->ulPropTag != tag)) hr = MAPI_E_NOT_FOUND;
    if (hr != S_OK && *value)
    {
        pMAPIFreeBuffer(*value);
        *value = NULL;
    }
    return hr;
}

static void test_create_delete(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    const SPropValue *prop, *service_uid_prop;
    SPropValue *value;
    ULONG i, stores = 0, transports = 0;
    SRowSet *rows;
    MAPIUID uid;
    HRESULT hr;

    if (!admin) return;
    ok(count_rows(service_rows(admin)) == 0, "a new profile has services.\n");
    ok(count_rows(provider_rows(admin)) == 0, "a new profile has providers.\n");

    hr = create_service(admin, "MSGSVC_TEST", &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);

    rows = service_rows(admin);
    ok(rows && rows->cRows == 1, "got %lu rows.\n", rows ? rows->cRows : 0);
    if (rows && rows->cRows == 1)
    {
        const SRow *row = &rows->aRow[0];

        prop = row_prop(row, PR_DISPLAY_NAME_A);
        ok(prop && !strcmp(prop->Value.lpszA, "Message service test"), "got display name %s.\n",
                prop ? prop->Value.lpszA : "(none)");
        prop = row_prop(row, PR_SERVICE_NAME_A);
        ok(prop && !strcmp(prop->Value.lpszA, "MSGSVC_TEST"), "got service name %s.\n",
                prop ? prop->Value.lpszA : "(none)");
        prop = row_prop(row, PR_INSTANCE_KEY);
        ok(prop && prop->Value.bin.cb > 0, "no PR_INSTANCE_KEY.\n");
        prop = row_prop(row, PR_RESOURCE_FLAGS);
        ok(prop && prop->Value.l == 0, "got flags %#lx.\n", prop ? prop->Value.l : 0xdeadbeef);
        prop = row_prop(row, PR_SERVICE_SUPPORT_FILES_A);
        ok(prop && prop->Value.MVszA.cValues == 2, "got %lu support files.\n",
                prop ? prop->Value.MVszA.cValues : 0);
        if (prop && prop->Value.MVszA.cValues == 2)
            ok(!strcmp(prop->Value.MVszA.lppszA[1], "msgsvc2.dll"), "got %s.\n", prop->Value.MVszA.lppszA[1]);
    }
    if (rows) pFreeProws(rows);

    rows = provider_rows(admin);
    ok(rows && rows->cRows == 3, "got %lu providers.\n", rows ? rows->cRows : 0);
    for (i = 0; rows && i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];

        service_uid_prop = row_prop(row, PR_SERVICE_UID);
        ok(service_uid_prop && service_uid_prop->Value.bin.cb == sizeof(uid)
                && !memcmp(service_uid_prop->Value.bin.lpb, &uid, sizeof(uid)), "row %lu: wrong service UID.\n", i);
        prop = row_prop(row, PR_SERVICE_NAME_A);
        ok(prop && !strcmp(prop->Value.lpszA, "MSGSVC_TEST"), "row %lu: got %s.\n", i,
                prop ? prop->Value.lpszA : "(none)");
        ok(row_prop(row, PR_PROVIDER_UID) != NULL, "row %lu: no PR_PROVIDER_UID.\n", i);
        ok(row_prop(row, PR_INSTANCE_KEY) != NULL, "row %lu: no PR_INSTANCE_KEY.\n", i);
        ok(row_prop(row, PR_PROVIDER_ORDINAL) != NULL, "row %lu: no PR_PROVIDER_ORDINAL.\n", i);
        prop = row_prop(row, PR_RESOURCE_TYPE);
        ok(prop != NULL, "row %lu: no PR_RESOURCE_TYPE.\n", i);
        if (!prop) continue;
        if (prop->Value.l == MAPI_STORE_PROVIDER)
        {
            stores++;
            prop = row_prop(row, PR_PROVIDER_DISPLAY_A);
            ok(prop && !strcmp(prop->Value.lpszA, "Test store provider"), "got %s.\n",
                    prop ? prop->Value.lpszA : "(none)");
            prop = row_prop(row, PR_PROVIDER_DLL_NAME_A);
            ok(prop && !strcmp(prop->Value.lpszA, "MSGSVCMS.DLL"), "got %s.\n", prop ? prop->Value.lpszA : "(none)");
            prop = row_prop(row, PR_RESOURCE_FLAGS);
            ok(prop && prop->Value.l == STATUS_DEFAULT_STORE, "got %#lx.\n", prop ? prop->Value.l : 0xdeadbeef);
        }
        else if (prop->Value.l == MAPI_TRANSPORT_PROVIDER) transports++;
    }
    ok(stores == 1 && transports == 2, "got %lu stores and %lu transports.\n", stores, transports);
    if (rows) pFreeProws(rows);

    /* The service section holds the INF's properties, the ones after the bad lines too. */
    hr = read_section_prop(admin, &uid, PROP_TAG(PT_STRING8, 0x6601), &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!strcmp(value->Value.lpszA, "after the bad lines"), "got %s.\n", value->Value.lpszA);
    pMAPIFreeBuffer(value);
    hr = read_section_prop(admin, &uid, PROP_TAG(PT_LONG, 0x6600), &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(value->Value.l == 42, "got %ld.\n", value->Value.l);
    pMAPIFreeBuffer(value);
    hr = read_section_prop(admin, &uid, PR_SERVICE_UID, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(value->Value.bin.cb == sizeof(uid) && !memcmp(value->Value.bin.lpb, &uid, sizeof(uid)),
            "wrong PR_SERVICE_UID in the service section.\n");
    pMAPIFreeBuffer(value);

    /* The Sections= entry: its own section, listed in PR_SERVICE_EXTRA_UIDS. */
    hr = read_section_prop(admin, &uid, PR_SERVICE_EXTRA_UIDS, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(value->Value.bin.cb == sizeof(extra_uid) && !memcmp(value->Value.bin.lpb, &extra_uid,
            sizeof(extra_uid)), "got %lu bytes of extra UIDs.\n", value->Value.bin.cb);
    pMAPIFreeBuffer(value);
    hr = read_section_prop(admin, &extra_uid, PROP_TAG(PT_STRING8, 0x6602), &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!strcmp(value->Value.lpszA, "extra section value"), "got %s.\n", value->Value.lpszA);
    pMAPIFreeBuffer(value);

    hr = IMsgServiceAdmin_DeleteMsgService(admin, &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count_rows(service_rows(admin)) == 0, "the service is still listed.\n");
    ok(count_rows(provider_rows(admin)) == 0, "its providers are still listed.\n");
    hr = read_section_prop(admin, &uid, PR_SERVICE_NAME_A, &value);
    ok(hr == MAPI_E_NOT_FOUND, "the service section is left: got %#lx.\n", hr);
    hr = read_section_prop(admin, &extra_uid, PROP_TAG(PT_STRING8, 0x6602), &value);
    ok(hr == MAPI_E_NOT_FOUND, "the extra section is left: got %#lx.\n", hr);

    hr = IMsgServiceAdmin_DeleteMsgService(admin, &uid);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_DeleteMsgService(admin, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    close_profile(admin, profile_name);
}

static void test_unknown_service(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    HRESULT hr;

    if (!admin) return;
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)"MSGSVC_NO_SUCH_SERVICE", NULL, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    /* A section that [Services] does not list is no service. */
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)"MSGSVC_NOT_IN_SERVICES", NULL, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)"MSGSVC_UNLISTED_SECTION", NULL, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_CreateMsgService(admin, NULL, NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)"MSGSVC_TEST", NULL, 0, 0x40000000);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(count_rows(service_rows(admin)) == 0, "a service was made.\n");
    ok(count_rows(provider_rows(admin)) == 0, "a provider was made.\n");

    /* The names compare without case, and MAPI_UNICODE takes wide names. */
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)L"msgsvc_single", NULL, 0, MAPI_UNICODE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count_rows(service_rows(admin)) == 1, "no service was made.\n");

    close_profile(admin, profile_name);
}

static void test_single_copy(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name), *other = open_profile(copy_profile_name);
    MAPIUID uid;
    HRESULT hr;

    if (!admin || !other) goto done;
    hr = create_service(admin, "MSGSVC_SINGLE", &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = create_service(admin, "MSGSVC_SINGLE", NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    ok(count_rows(service_rows(admin)) == 1, "the second copy was made.\n");
    ok(count_rows(provider_rows(admin)) == 1, "the second copy's provider was made.\n");

    hr = IMsgServiceAdmin_CopyMsgService(admin, &uid, NULL, NULL, &IID_IMsgServiceAdmin, admin, 0, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_CopyMsgService(admin, &uid, NULL, NULL, &IID_IMsgServiceAdmin, other, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count_rows(service_rows(other)) == 1, "the copy is missing.\n");

done:
    close_profile(other, copy_profile_name);
    close_profile(admin, profile_name);
}

/* A service whose DLL is missing: a clear error, and nothing left behind. */
static void test_missing_dll(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    MAPIERROR *error = NULL;
    HRESULT hr;

    if (!admin) return;
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)"MSGSVC_NODLL", NULL, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(count_rows(service_rows(admin)) == 0, "the service was left in the profile.\n");
    ok(count_rows(provider_rows(admin)) == 0, "its provider was left in the profile.\n");

    hr = IMsgServiceAdmin_GetLastError(admin, MAPI_E_NOT_FOUND, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(error != NULL, "no extended error.\n");
    if (error)
    {
        ok(error->ulVersion == MAPI_ERROR_VERSION, "got version %lu.\n", error->ulVersion);
        ok(error->lpszError && strstr((char *)error->lpszError, "MSGSVCNONE.DLL"), "got %s.\n",
                error->lpszError ? (char *)error->lpszError : "(null)");
        pMAPIFreeBuffer(error);
    }
    hr = IMsgServiceAdmin_GetLastError(admin, MAPI_E_NOT_FOUND, MAPI_UNICODE, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (error)
    {
        ok(error->lpszError && wcsstr(error->lpszError, L"MSGSVCNONE.DLL"), "got %s.\n",
                wine_dbgstr_w(error->lpszError));
        pMAPIFreeBuffer(error);
    }

    close_profile(admin, profile_name);
}

/* A provider section that does not exist fails the whole service. */
static void test_broken_inf(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    HRESULT hr;

    if (!admin) return;
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)"MSGSVC_BROKEN", NULL, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(count_rows(service_rows(admin)) == 0, "the service was left in the profile.\n");
    ok(count_rows(provider_rows(admin)) == 0, "its first provider was left in the profile.\n");

    /* Without MAPISVC.INF there is no service at all. */
    ok(DeleteFileA(inf_path), "cannot delete %s, error %lu.\n", inf_path, GetLastError());
    hr = IMsgServiceAdmin_CreateMsgService(admin, (LPSTR)"MSGSVC_TEST", NULL, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    write_inf(test_inf);

    close_profile(admin, profile_name);
}

static void test_configure(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    MAPIUID uid, unknown = {{0}};
    SPropValue prop;
    HRESULT hr;

    if (!admin) return;
    hr = create_service(admin, "MSGSVC_TEST", &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);

    prop.ulPropTag = PROP_TAG(PT_STRING8, 0x6610);
    prop.Value.lpszA = (LPSTR)"value";
    /* The service has no entry point to configure it. */
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0, 1, &prop);
    ok(hr == MAPI_E_NOT_INITIALIZED, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &unknown, 0, 0, 1, &prop);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, NULL, 0, 0, 1, &prop);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0, 1, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0x40000000, 0, NULL);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = IMsgServiceAdmin_RenameMsgService(admin, &uid, 0, (LPSTR)"new name");
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);

    close_profile(admin, profile_name);
}

static void test_copy(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name), *other = open_profile(copy_profile_name);
    MAPIUID uid, copy_uid, unknown = {{0}};
    SPropValue *value;
    SRowSet *rows;
    ULONG i;
    HRESULT hr;

    if (!admin || !other) goto done;
    hr = create_service(admin, "MSGSVC_TEST", &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = IMsgServiceAdmin_CopyMsgService(admin, &uid, NULL, NULL, &IID_IMsgServiceAdmin, other, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(find_service(other, "MSGSVC_TEST", &copy_uid), "the copy is not listed.\n");
    ok(memcmp(&copy_uid, &uid, sizeof(uid)), "the copy has the same UID.\n");
    hr = read_section_prop(other, &copy_uid, PROP_TAG(PT_STRING8, 0x6601), &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!strcmp(value->Value.lpszA, "after the bad lines"), "got %s.\n", value->Value.lpszA);
    pMAPIFreeBuffer(value);
    hr = read_section_prop(other, &copy_uid, PR_SERVICE_UID, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!memcmp(value->Value.bin.lpb, &copy_uid, sizeof(copy_uid)), "the copy names the original.\n");
    pMAPIFreeBuffer(value);

    rows = provider_rows(other);
    ok(rows && rows->cRows == 3, "got %lu providers.\n", rows ? rows->cRows : 0);
    for (i = 0; rows && i < rows->cRows; i++)
    {
        const SPropValue *prop = row_prop(&rows->aRow[i], PR_SERVICE_UID);

        ok(prop && !memcmp(prop->Value.bin.lpb, &copy_uid, sizeof(copy_uid)), "row %lu: wrong service.\n", i);
    }
    if (rows) pFreeProws(rows);
    ok(count_rows(provider_rows(admin)) == 3, "the original lost providers.\n");

    /* A copy into the same profile is a second service. */
    hr = IMsgServiceAdmin_CopyMsgService(admin, &uid, NULL, NULL, &IID_IMsgServiceAdmin, admin, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count_rows(service_rows(admin)) == 2, "no second service.\n");
    ok(count_rows(provider_rows(admin)) == 6, "the second service has no providers.\n");

    hr = IMsgServiceAdmin_CopyMsgService(admin, &unknown, NULL, NULL, &IID_IMsgServiceAdmin, other, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_CopyMsgService(admin, &uid, NULL, NULL, &IID_IMsgServiceAdmin, NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_CopyMsgService(admin, NULL, NULL, NULL, &IID_IMsgServiceAdmin, other, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_CopyMsgService(admin, &uid, NULL, NULL, &IID_IMAPITable, other, 0, 0);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);

    /* Deleting the copy leaves the original alone. */
    hr = IMsgServiceAdmin_DeleteMsgService(other, &copy_uid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count_rows(provider_rows(other)) == 0, "the copy's providers are left.\n");
    ok(find_service(admin, "MSGSVC_TEST", &copy_uid), "the original is gone.\n");

done:
    close_profile(other, copy_profile_name);
    close_profile(admin, profile_name);
}

static void test_profile_sections(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    MAPIUID uid, provider_uid, new_uid = {{0x77, 0x12}};
    SPropProblemArray *problems = NULL;
    IProfSect *section;
    SPropValue prop, *value;
    HRESULT hr;

    if (!admin) return;
    hr = create_service(admin, "MSGSVC_TEST", &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(find_provider(admin, "Test transport 2", &provider_uid), "no provider.\n");

    /* The service section: read-only unless asked, writable with MAPI_MODIFY. */
    prop.ulPropTag = PROP_TAG(PT_STRING8, 0x6620);
    prop.Value.lpszA = (LPSTR)"written";
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &uid, NULL, 0, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IProfSect_SetProps(section, 1, &prop, NULL);
        ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
        IProfSect_Release(section);
    }
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &uid, &IID_IProfSect, MAPI_MODIFY, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IProfSect_SetProps(section, 1, &prop, &problems);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(!problems, "got problems.\n");
        IProfSect_Release(section);
    }
    hr = read_section_prop(admin, &uid, prop.ulPropTag, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!strcmp(value->Value.lpszA, "written"), "got %s.\n", value->Value.lpszA);
    pMAPIFreeBuffer(value);

    /* Provider sections are the providers': clients write them only with MAPI_FORCE_ACCESS. */
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &provider_uid, NULL, MAPI_MODIFY, &section);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &provider_uid, NULL, MAPI_MODIFY | MAPI_FORCE_ACCESS, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IProfSect_SetProps(section, 1, &prop, NULL);
        ok(hr == S_OK, "got %#lx.\n", hr);
        IProfSect_Release(section);
    }
    hr = read_section_prop(admin, &provider_uid, PR_PROVIDER_UID, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!memcmp(value->Value.bin.lpb, &provider_uid, sizeof(provider_uid)), "wrong PR_PROVIDER_UID.\n");
    pMAPIFreeBuffer(value);
    hr = read_section_prop(admin, &provider_uid, PR_SERVICE_UID, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!memcmp(value->Value.bin.lpb, &uid, sizeof(uid)), "wrong PR_SERVICE_UID.\n");
    pMAPIFreeBuffer(value);

    /* A missing section: not found read-only, made with MAPI_MODIFY. */
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &new_uid, NULL, 0, &section);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &new_uid, NULL, MAPI_MODIFY, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IProfSect_Release(section);
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &new_uid, NULL, 0, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IProfSect_Release(section);

    hr = IMsgServiceAdmin_OpenProfileSection(admin, NULL, NULL, 0, &section);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &uid, NULL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &uid, &IID_IMAPITable, 0, &section);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_OpenProfileSection(admin, &uid, NULL, 0x40000000, &section);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    close_profile(admin, profile_name);
}

/* The transports' UIDs sorted by PR_PROVIDER_ORDINAL. */
static ULONG transport_order(IMsgServiceAdmin *admin, MAPIUID *uids, ULONG max)
{
    ULONG ordinals[8], count = 0, i, j;
    const SPropValue *type, *ordinal, *uid;
    SRowSet *rows = provider_rows(admin);

    if (!rows) return 0;
    for (i = 0; i < rows->cRows && count < max; i++)
    {
        type = row_prop(&rows->aRow[i], PR_RESOURCE_TYPE);
        ordinal = row_prop(&rows->aRow[i], PR_PROVIDER_ORDINAL);
        uid = row_prop(&rows->aRow[i], PR_PROVIDER_UID);
        if (!type || type->Value.l != MAPI_TRANSPORT_PROVIDER || !ordinal || !uid) continue;
        for (j = count; j > 0 && ordinals[j - 1] > ordinal->Value.l; j--)
        {
            ordinals[j] = ordinals[j - 1];
            uids[j] = uids[j - 1];
        }
        ordinals[j] = ordinal->Value.l;
        memcpy(&uids[j], uid->Value.bin.lpb, sizeof(MAPIUID));
        count++;
    }
    pFreeProws(rows);
    return count;
}

static void test_transport_order(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    MAPIUID uid, single, xp1, xp2, xp_single, store, order[4], got[8];
    ULONG count;
    HRESULT hr;

    if (!admin) return;
    hr = create_service(admin, "MSGSVC_TEST", &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = create_service(admin, "MSGSVC_SINGLE", &single);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(find_provider(admin, "Test transport 1", &xp1), "no transport 1.\n");
    ok(find_provider(admin, "Test transport 2", &xp2), "no transport 2.\n");
    ok(find_provider(admin, "Single copy transport", &xp_single), "no third transport.\n");
    ok(find_provider(admin, "Test store", &store), "no store.\n");

    /* In the order added, STATUS_XP_PREFER_LAST ones last. */
    count = transport_order(admin, got, ARRAY_SIZE(got));
    ok(count == 3, "got %lu transports.\n", count);
    if (count == 3)
    {
        ok(!memcmp(&got[0], &xp2, sizeof(xp2)), "transport 2 is not first.\n");
        ok(!memcmp(&got[1], &xp_single, sizeof(xp_single)), "the single copy transport is not second.\n");
        ok(!memcmp(&got[2], &xp1, sizeof(xp1)), "transport 1 (prefer last) is not last.\n");
    }

    order[0] = xp_single;
    order[1] = xp2;
    order[2] = xp1;
    hr = IMsgServiceAdmin_MsgServiceTransportOrder(admin, 3, order, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    count = transport_order(admin, got, ARRAY_SIZE(got));
    ok(count == 3, "got %lu transports.\n", count);
    if (count == 3)
    {
        ok(!memcmp(&got[0], &xp_single, sizeof(xp_single)), "the single copy transport is not first.\n");
        ok(!memcmp(&got[1], &xp2, sizeof(xp2)), "transport 2 is not second.\n");
        ok(!memcmp(&got[2], &xp1, sizeof(xp1)), "transport 1 is not last.\n");
    }

    hr = IMsgServiceAdmin_MsgServiceTransportOrder(admin, 2, order, 0);
    ok(hr == MAPI_E_BUSY, "got %#lx.\n", hr);
    order[3] = store;
    hr = IMsgServiceAdmin_MsgServiceTransportOrder(admin, 3, order + 1, 0);
    ok(hr == MAPI_E_NOT_FOUND, "a store in the order: got %#lx.\n", hr);
    order[3] = uid;
    hr = IMsgServiceAdmin_MsgServiceTransportOrder(admin, 3, order + 1, 0);
    ok(hr == MAPI_E_NOT_FOUND, "a service in the order: got %#lx.\n", hr);
    hr = IMsgServiceAdmin_MsgServiceTransportOrder(admin, 3, order, 1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_MsgServiceTransportOrder(admin, 3, NULL, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* The failures left the order alone. */
    count = transport_order(admin, got, ARRAY_SIZE(got));
    ok(count == 3 && !memcmp(&got[0], &xp_single, sizeof(xp_single)), "the order changed.\n");

    close_profile(admin, profile_name);
}

static void test_admin_providers(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    MAPIUID uid, single, new_provider, unknown = {{0}};
    IProviderAdmin *providers;
    IProfSect *section;
    IMAPITable *table;
    SPropValue prop, *value;
    SRowSet *rows;
    ULONG i;
    HRESULT hr;

    if (!admin) return;
    hr = create_service(admin, "MSGSVC_TEST", &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = create_service(admin, "MSGSVC_SINGLE", &single);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = IMsgServiceAdmin_AdminProviders(admin, &unknown, 0, &providers);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_AdminProviders(admin, NULL, 0, &providers);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_AdminProviders(admin, &uid, 0, &providers);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) goto done;

    /* Only this service's providers. */
    hr = IProviderAdmin_GetProviderTable(providers, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    rows = SUCCEEDED(hr) ? table_rows(table) : NULL;
    ok(rows && rows->cRows == 3, "got %lu rows.\n", rows ? rows->cRows : 0);
    for (i = 0; rows && i < rows->cRows; i++)
    {
        const SPropValue *service = row_prop(&rows->aRow[i], PR_SERVICE_UID);

        ok(service && !memcmp(service->Value.bin.lpb, &uid, sizeof(uid)), "row %lu: another service.\n", i);
    }
    if (rows) pFreeProws(rows);

    /* A provider from its INF section, the caller's values winning. */
    prop.ulPropTag = PROP_TAG(PT_STRING8, 0x6603);
    prop.Value.lpszA = (LPSTR)"from the caller";
    hr = IProviderAdmin_CreateProvider(providers, (LPSTR)"MSGSVC_TEST_XP3", 1, &prop, 0, 0, &new_provider);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count_rows(provider_rows(admin)) == 5, "the new provider is not in the profile's table.\n");
    hr = read_section_prop(admin, &new_provider, prop.ulPropTag, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!strcmp(value->Value.lpszA, "from the caller"), "got %s.\n", value->Value.lpszA);
    pMAPIFreeBuffer(value);
    hr = read_section_prop(admin, &new_provider, PR_SERVICE_UID, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (value) ok(!memcmp(value->Value.bin.lpb, &uid, sizeof(uid)), "wrong service UID.\n");
    pMAPIFreeBuffer(value);

    hr = IProviderAdmin_CreateProvider(providers, NULL, 0, NULL, 0, 0, &new_provider);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProviderAdmin_CreateProvider(providers, (LPSTR)"MSGSVC_TEST_XP3", 0, NULL, 0, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Clients do not write provider sections through IProviderAdmin either. */
    hr = IProviderAdmin_OpenProfileSection(providers, &new_provider, NULL, MAPI_MODIFY, &section);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IProviderAdmin_OpenProfileSection(providers, &new_provider, NULL, 0, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IProfSect_Release(section);
    hr = IProviderAdmin_OpenProfileSection(providers, NULL, NULL, 0, &section);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Another service's provider is not this one's to delete. */
    ok(find_provider(admin, "Single copy transport", &unknown), "no transport.\n");
    hr = IProviderAdmin_DeleteProvider(providers, &unknown);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProviderAdmin_DeleteProvider(providers, &new_provider);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProviderAdmin_DeleteProvider(providers, &new_provider);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(count_rows(provider_rows(admin)) == 4, "the provider is still listed.\n");
    hr = read_section_prop(admin, &new_provider, PR_SERVICE_UID, &value);
    ok(hr == MAPI_E_NOT_FOUND, "the provider section is left: got %#lx.\n", hr);

    IProviderAdmin_Release(providers);
done:
    close_profile(admin, profile_name);
}

/* A section's PR_RESOURCE_FLAGS, 0 when it has none. */
static ULONG service_flags(IMsgServiceAdmin *admin, const MAPIUID *uid)
{
    SPropValue *value;
    ULONG flags;
    HRESULT hr;

    if ((hr = read_section_prop(admin, uid, PR_RESOURCE_FLAGS, &value)) == MAPI_E_NOT_FOUND) return 0;
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return 0xdeadbeef;
    flags = value->Value.l;
    pMAPIFreeBuffer(value);
    return flags;
}

static void test_primary_identity(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    MAPIUID uid, single, noprimary, xp2, xp_single;
    HRESULT hr;

    if (!admin) return;
    ok(create_service(admin, "MSGSVC_TEST", &uid) == S_OK, "no service.\n");
    ok(create_service(admin, "MSGSVC_SINGLE", &single) == S_OK, "no service.\n");
    ok(create_service(admin, "MSGSVC_NOPRIMARY", &noprimary) == S_OK, "no service.\n");
    ok(find_provider(admin, "Test transport 2", &xp2), "no transport 2.\n");
    ok(find_provider(admin, "Single copy transport", &xp_single), "no transport.\n");

    hr = IMsgServiceAdmin_SetPrimaryIdentity(admin, &uid, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(service_flags(admin, &uid) == SERVICE_PRIMARY_IDENTITY, "got %#lx.\n", service_flags(admin, &uid));
    ok(service_flags(admin, &xp2) == STATUS_PRIMARY_IDENTITY, "got %#lx.\n", service_flags(admin, &xp2));
    ok(!(service_flags(admin, &xp_single) & STATUS_PRIMARY_IDENTITY), "got %#lx.\n",
            service_flags(admin, &xp_single));

    hr = IMsgServiceAdmin_SetPrimaryIdentity(admin, &single, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(service_flags(admin, &uid) == 0, "got %#lx.\n", service_flags(admin, &uid));
    ok(service_flags(admin, &single) == (SERVICE_SINGLE_COPY | SERVICE_PRIMARY_IDENTITY), "got %#lx.\n",
            service_flags(admin, &single));
    ok(service_flags(admin, &xp2) == 0, "got %#lx.\n", service_flags(admin, &xp2));
    ok(service_flags(admin, &xp_single) == STATUS_PRIMARY_IDENTITY, "got %#lx.\n",
            service_flags(admin, &xp_single));

    hr = IMsgServiceAdmin_SetPrimaryIdentity(admin, &noprimary, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    ok(service_flags(admin, &single) & SERVICE_PRIMARY_IDENTITY, "the refused call moved the identity.\n");
    hr = IMsgServiceAdmin_SetPrimaryIdentity(admin, &single, 1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = IMsgServiceAdmin_SetPrimaryIdentity(admin, NULL, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(service_flags(admin, &single) == SERVICE_SINGLE_COPY, "got %#lx.\n", service_flags(admin, &single));
    ok(service_flags(admin, &xp_single) == 0, "got %#lx.\n", service_flags(admin, &xp_single));

    close_profile(admin, profile_name);
}

static void test_tables(void)
{
    IMsgServiceAdmin *admin = open_profile(profile_name);
    const SPropValue *prop;
    IMAPITable *table;
    MAPIERROR *error;
    SRowSet *rows;
    HRESULT hr;

    if (!admin) return;
    ok(create_service(admin, "MSGSVC_SINGLE", NULL) == S_OK, "no service.\n");

    /* MAPI_UNICODE tables have wide strings. */
    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, MAPI_UNICODE, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    rows = SUCCEEDED(hr) ? table_rows(table) : NULL;
    ok(rows && rows->cRows == 1, "got %lu rows.\n", rows ? rows->cRows : 0);
    if (rows && rows->cRows == 1)
    {
        prop = row_prop(&rows->aRow[0], PR_SERVICE_NAME_W);
        ok(prop && !wcscmp(prop->Value.lpszW, L"MSGSVC_SINGLE"), "got %s.\n",
                prop ? wine_dbgstr_w(prop->Value.lpszW) : "(none)");
        /* Without PR_DISPLAY_NAME in the INF, the caller's display name. */
        prop = row_prop(&rows->aRow[0], PR_DISPLAY_NAME_W);
        ok(prop && !wcscmp(prop->Value.lpszW, L"ignored display name"), "got %s.\n",
                prop ? wine_dbgstr_w(prop->Value.lpszW) : "(none)");
    }
    if (rows) pFreeProws(rows);

    hr = IMsgServiceAdmin_GetProviderTable(admin, MAPI_UNICODE, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    rows = SUCCEEDED(hr) ? table_rows(table) : NULL;
    ok(rows && rows->cRows == 1, "got %lu rows.\n", rows ? rows->cRows : 0);
    if (rows && rows->cRows == 1)
    {
        prop = row_prop(&rows->aRow[0], PR_PROVIDER_DLL_NAME_W);
        ok(prop && !wcscmp(prop->Value.lpszW, L"MSGSVCXP.DLL"), "got %s.\n",
                prop ? wine_dbgstr_w(prop->Value.lpszW) : "(none)");
    }
    if (rows) pFreeProws(rows);

    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0x40000000, &table);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_GetProviderTable(admin, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Tables are snapshots. */
    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(create_service(admin, "MSGSVC_TEST", NULL) == S_OK, "no service.\n");
    if (SUCCEEDED(hr)) ok(count_rows(table_rows(table)) == 1, "the table changed.\n");
    ok(count_rows(service_rows(admin)) == 2, "the new table misses the new service.\n");

    error = (MAPIERROR *)0xdeadbeef;
    hr = IMsgServiceAdmin_GetLastError(admin, MAPI_E_CALL_FAILED, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!error, "got %p.\n", error);
    hr = IMsgServiceAdmin_GetLastError(admin, MAPI_E_CALL_FAILED, 0x40000000, &error);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_GetLastError(admin, MAPI_E_CALL_FAILED, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    close_profile(admin, profile_name);
}

START_TEST(msgservice)
{
    HRESULT hr;

    if (!init_function_pointers()) return;
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize: got %#lx.\n", hr);
    hr = pMAPIAdminProfiles(0, &prof_admin);
    ok(hr == S_OK, "MAPIAdminProfiles: got %#lx.\n", hr);
    if (FAILED(hr)) return;
    if (install_inf())
    {
        test_create_delete();
        test_unknown_service();
        test_single_copy();
        test_missing_dll();
        test_broken_inf();
        test_configure();
        test_copy();
        test_profile_sections();
        test_transport_order();
        test_admin_providers();
        test_primary_identity();
        test_tables();
        restore_inf();
    }
    IProfAdmin_Release(prof_admin);
    pMAPIUninitialize();
}
