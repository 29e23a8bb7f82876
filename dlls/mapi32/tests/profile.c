/*
 * Tests for profiles: MAPIAdminProfiles, IProfAdmin and IProfSect
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "winreg.h"
#include "objbase.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapitags.h"
#include "mapiguid.h"
#include "mapifix.h"
#include "mapiadmin.h"

#define PROFILES_KEY "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"
#define GLOBAL_SECTION "13dbb0c8aa05101a9bb000aa002fc45a"
#define INSTANCE_SECTION "8503020000000000c000000000000046"

/* MAPI's interface identifiers, defined here so that no other test file's
 * definitions collide with them. */
#define MAPI_IID(name, l) static const GUID name = {l, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}}
MAPI_IID(iid_mapi_prop, 0x20303);
MAPI_IID(iid_prop_data, 0x2031a);
MAPI_IID(iid_service_admin, 0x2031d);
MAPI_IID(iid_prof_admin, 0x2031c);
MAPI_IID(iid_prof_sect, 0x20304);
#undef MAPI_IID

static HMODULE mapi32;

static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);
static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *,
        IPropData **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);

static const MAPIUID global_uid =
    {{0x13, 0xdb, 0xb0, 0xc8, 0xaa, 0x05, 0x10, 0x1a, 0x9b, 0xb0, 0x00, 0xaa, 0x00, 0x2f, 0xc4, 0x5a}};
static const MAPIUID test_uid =
    {{0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87, 0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f}};
#define TEST_SECTION "f0e1d2c3b4a5968778695a4b3c2d1e0f"

static const char profile_name[] = "wine_profile_test";
static const char other_name[] = "wine_profile_other";
static const char copy_name[] = "wine_profile_copy";
static const char renamed_name[] = "wine_profile_renamed";

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
    GET(HrQueryAllRows, "HrQueryAllRows@24");
    GET(CreateIProp, "CreateIProp@24");
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
#undef GET
    ok(GetProcAddress(mapi32, "MAPIAdminProfiles") == (void *)pMAPIAdminProfiles,
            "MAPIAdminProfiles and MAPIAdminProfiles@8 differ.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPIFreeBuffer && pFreeProws
            && pHrQueryAllRows && pCreateIProp && pMAPIAllocateBuffer && pMAPIAllocateMore;
}

/* --- the registry, read directly ------------------------------------------ */

static BOOL reg_profile_exists(const char *name)
{
    char path[512];
    HKEY key;

    sprintf(path, "%s\\%s", PROFILES_KEY, name);
    if (RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &key)) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* The bytes of a value under the profile's key (section NULL) or one of
 * its sections; -1 when there is none. */
static LONG reg_value(const char *name, const char *section, const char *value, void *data, DWORD size,
        DWORD *type)
{
    char path[512];
    DWORD len = size, t;
    LSTATUS status;
    HKEY key;

    if (section) sprintf(path, "%s\\%s\\%s", PROFILES_KEY, name, section);
    else sprintf(path, "%s\\%s", PROFILES_KEY, name);
    if (RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &key)) return -1;
    status = RegQueryValueExA(key, value, NULL, &t, data, &len);
    RegCloseKey(key);
    if (status) return -1;
    if (type) *type = t;
    return len;
}

static LONG reg_default(char *buf, DWORD size)
{
    DWORD len = size, type;
    LSTATUS status;
    HKEY key;

    if (RegOpenKeyExA(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &key)) return -1;
    status = RegQueryValueExA(key, "DefaultProfile", NULL, &type, (BYTE *)buf, &len);
    RegCloseKey(key);
    if (status || type != REG_SZ) return -1;
    return len;
}

/* The number of sections of a profile. */
static ULONG reg_section_count(const char *name)
{
    char path[512];
    DWORD count = 0;
    HKEY key;

    sprintf(path, "%s\\%s", PROFILES_KEY, name);
    if (RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &key)) return 0;
    RegQueryInfoKeyA(key, NULL, NULL, NULL, &count, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    return count;
}

static void reg_set_value(const char *name, const char *section, const char *value, const void *data, DWORD size)
{
    char path[512];
    HKEY key;

    sprintf(path, "%s\\%s\\%s", PROFILES_KEY, name, section);
    ok(!RegCreateKeyExA(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
            "cannot create %s.\n", path);
    ok(!RegSetValueExA(key, value, 0, REG_BINARY, data, size), "cannot set %s.\n", value);
    RegCloseKey(key);
}

/* Whether any value of the profile's tree contains the bytes. */
static BOOL reg_tree_contains(HKEY key, const void *bytes, DWORD size)
{
    char name[256];
    BYTE data[1024];
    DWORD i, name_len, data_len, j;
    HKEY sub;
    BOOL found = FALSE;

    for (i = 0; !found; i++)
    {
        name_len = sizeof(name);
        data_len = sizeof(data);
        if (RegEnumValueA(key, i, name, &name_len, NULL, NULL, data, &data_len)) break;
        for (j = 0; j + size <= data_len && !found; j++) found = !memcmp(data + j, bytes, size);
    }
    for (i = 0; !found; i++)
    {
        name_len = sizeof(name);
        if (RegEnumKeyExA(key, i, name, &name_len, NULL, NULL, NULL, NULL)) break;
        if (RegOpenKeyExA(key, name, 0, KEY_READ, &sub)) continue;
        found = reg_tree_contains(sub, bytes, size);
        RegCloseKey(sub);
    }
    return found;
}

static void cleanup_profiles(IProfAdmin *admin)
{
    static const char *names[] = {profile_name, other_name, copy_name, renamed_name};
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(names); i++) IProfAdmin_DeleteProfile(admin, (char *)names[i], 0);
}

/* --- the tests -------------------------------------------------------------- */

static void test_MAPIAdminProfiles(void)
{
    IProfAdmin *admin;
    IUnknown *unk;
    HRESULT hr;

    admin = (IProfAdmin *)0xdeadbeef;
    hr = pMAPIAdminProfiles(0, &admin);
    ok(hr == MAPI_E_NOT_INITIALIZED, "got %#lx.\n", hr);
    ok(!admin, "got %p.\n", admin);

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = pMAPIAdminProfiles(0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pMAPIAdminProfiles(0x10000000, &admin);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = pMAPIAdminProfiles(0, &admin);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_QueryInterface(admin, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(unk == (IUnknown *)admin, "got %p.\n", unk);
    IUnknown_Release(unk);
    hr = IProfAdmin_QueryInterface(admin, &iid_prof_admin, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IUnknown_Release(unk);
    hr = IProfAdmin_QueryInterface(admin, &iid_mapi_prop, (void **)&unk);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    ok(IProfAdmin_Release(admin) == 0, "object still referenced.\n");

    pMAPIUninitialize();
    hr = pMAPIAdminProfiles(0, &admin);
    ok(hr == MAPI_E_NOT_INITIALIZED, "got %#lx.\n", hr);
}

static void test_CreateProfile(IProfAdmin *admin)
{
    char name[80], long_name[80];
    BYTE data[64];
    DWORD type;
    LONG len;
    HRESULT hr;

    hr = IProfAdmin_CreateProfile(admin, NULL, NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)"", NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)"wine\\profile", NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!reg_profile_exists("wine"), "a key was made for a bad name.\n");
    memset(long_name, 'w', 64);
    long_name[64] = 0;
    hr = IProfAdmin_CreateProfile(admin, long_name, NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    long_name[63] = 0;
    hr = IProfAdmin_CreateProfile(admin, long_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_profile_exists(long_name), "no key for the profile.\n");
    hr = IProfAdmin_DeleteProfile(admin, long_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0x80);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(!reg_profile_exists(profile_name), "the profile was made.\n");

    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_profile_exists(profile_name), "no key for the profile.\n");
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    strcpy(name, profile_name);
    CharUpperA(name);
    hr = IProfAdmin_CreateProfile(admin, name, NULL, 0, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    /* The global section names the profile: PR_PROFILE_NAME_A is "001e3d12". */
    len = reg_value(profile_name, GLOBAL_SECTION, "001e3d12", data, sizeof(data), &type);
    ok(len == sizeof(profile_name), "got %ld.\n", len);
    ok(type == REG_BINARY, "got type %lu.\n", type);
    ok(!memcmp(data, profile_name, sizeof(profile_name)), "got %s.\n", debugstr_an((char *)data, len));
    /* The MUID_PROFILE_INSTANCE section has a 16-byte PR_SEARCH_KEY ("0102300b"). */
    len = reg_value(profile_name, INSTANCE_SECTION, "0102300b", data, sizeof(data), &type);
    ok(len == 16, "got %ld.\n", len);
    ok(reg_value(profile_name, NULL, "Password", data, sizeof(data), NULL) == -1, "a password was stored.\n");

    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    /* An empty password is no password. */
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, (char *)"", 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_value(profile_name, NULL, "Password", data, sizeof(data), NULL) == -1, "a password was stored.\n");
    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
}

static void test_DeleteProfile(IProfAdmin *admin)
{
    HRESULT hr;

    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProfAdmin_DeleteProfile(admin, NULL, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(reg_profile_exists(profile_name), "the profile is gone.\n");
    hr = IProfAdmin_DeleteProfile(admin, (char *)"WINE_PROFILE_TEST", 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!reg_profile_exists(profile_name), "the profile is still there.\n");
    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
}

static void test_passwords(IProfAdmin *admin)
{
    static const WCHAR nameW[] = L"wine_profile_test", oldW[] = L"s3cret", newW[] = L"other";
    IMsgServiceAdmin *services;
    BYTE data[64];
    DWORD type;
    HKEY key;
    LONG len;
    HRESULT hr;

    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, (char *)"s3cret", 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    len = reg_value(profile_name, NULL, "Password", data, sizeof(data), &type);
    ok(len == 48, "got %ld.\n", len);
    ok(type == REG_BINARY, "got type %lu.\n", type);
    ok(!RegOpenKeyExA(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &key), "no profiles key.\n");
    ok(!reg_tree_contains(key, "s3cret", 6), "the password is stored as it is.\n");
    ok(!reg_tree_contains(key, oldW, 12), "the password is stored as it is.\n");
    RegCloseKey(key);

    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, (char *)"wrong", 0, 0, &services);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    ok(!services, "got %p.\n", services);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, (char *)"s3cret", 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IMsgServiceAdmin_Release(services);

    hr = IProfAdmin_ChangeProfilePassword(admin, (char *)profile_name, (char *)"wrong", (char *)"new", 0);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = IProfAdmin_ChangeProfilePassword(admin, (char *)profile_name, (char *)"s3cret", (char *)"new", 2);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IProfAdmin_ChangeProfilePassword(admin, (char *)other_name, NULL, (char *)"new", 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProfAdmin_ChangeProfilePassword(admin, NULL, NULL, (char *)"new", 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_ChangeProfilePassword(admin, (char *)nameW, (char *)oldW, (char *)newW, MAPI_UNICODE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, (char *)"s3cret", 0, 0, &services);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, (char *)"other", 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IMsgServiceAdmin_Release(services);

    /* An empty new password removes the password. */
    hr = IProfAdmin_ChangeProfilePassword(admin, (char *)profile_name, (char *)"other", (char *)"", 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_value(profile_name, NULL, "Password", data, sizeof(data), NULL) == -1, "the password is still there.\n");
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IMsgServiceAdmin_Release(services);

    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
}

/* The row of a profile in a profile table, or NULL. */
static const SRow *table_find(const SRowSet *rows, const char *name, BOOL unicode)
{
    WCHAR nameW[80];
    ULONG i;

    MultiByteToWideChar(CP_ACP, 0, name, -1, nameW, ARRAY_SIZE(nameW));
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *prop = &rows->aRow[i].lpProps[0];

        if (unicode && prop->ulPropTag == PR_DISPLAY_NAME_W && !lstrcmpW(prop->Value.lpszW, nameW))
            return &rows->aRow[i];
        if (!unicode && prop->ulPropTag == PR_DISPLAY_NAME_A && !strcmp(prop->Value.lpszA, name))
            return &rows->aRow[i];
    }
    return NULL;
}

static void test_GetProfileTable(IProfAdmin *admin)
{
    IMAPITable *table;
    SRowSet *rows;
    const SRow *row;
    ULONG count, i;
    HRESULT hr;

    hr = IProfAdmin_GetProfileTable(admin, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_GetProfileTable(admin, 0x1, &table);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    /* No profiles, no rows. */
    hr = IProfAdmin_GetProfileTable(admin, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_GetRowCount(table, 0, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got %lu rows.\n", count);
    IMAPITable_Release(table);

    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)other_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_SetDefaultProfile(admin, (char *)other_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = IProfAdmin_GetProfileTable(admin, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    /* The table is static: a profile made now is not in it. */
    hr = IProfAdmin_CreateProfile(admin, (char *)copy_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pHrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(rows->cRows == 2, "got %lu rows.\n", rows->cRows);
    for (i = 0; i < rows->cRows; i++)
    {
        ok(rows->aRow[i].cValues == 2, "got %lu columns.\n", rows->aRow[i].cValues);
        ok(rows->aRow[i].lpProps[0].ulPropTag == PR_DISPLAY_NAME_A, "got %#lx.\n", rows->aRow[i].lpProps[0].ulPropTag);
        ok(rows->aRow[i].lpProps[1].ulPropTag == PR_DEFAULT_PROFILE, "got %#lx.\n", rows->aRow[i].lpProps[1].ulPropTag);
    }
    row = table_find(rows, profile_name, FALSE);
    ok(row != NULL, "%s is not listed.\n", profile_name);
    if (row) ok(!row->lpProps[1].Value.b, "got %u.\n", row->lpProps[1].Value.b);
    row = table_find(rows, other_name, FALSE);
    ok(row != NULL, "%s is not listed.\n", other_name);
    if (row) ok(row->lpProps[1].Value.b, "the default is not marked.\n");
    ok(!table_find(rows, copy_name, FALSE), "%s is listed.\n", copy_name);
    pFreeProws(rows);
    IMAPITable_Release(table);

    hr = IProfAdmin_GetProfileTable(admin, MAPI_UNICODE, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pHrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(rows->cRows == 3, "got %lu rows.\n", rows->cRows);
    row = table_find(rows, copy_name, TRUE);
    ok(row != NULL, "%s is not listed.\n", copy_name);
    if (row) ok(!row->lpProps[1].Value.b, "got %u.\n", row->lpProps[1].Value.b);
    row = table_find(rows, other_name, TRUE);
    ok(row != NULL, "%s is not listed.\n", other_name);
    if (row) ok(row->lpProps[1].Value.b, "the default is not marked.\n");
    pFreeProws(rows);
    IMAPITable_Release(table);

    cleanup_profiles(admin);
}

static void test_SetDefaultProfile(IProfAdmin *admin)
{
    static const WCHAR nameW[] = L"wine_profile_test";
    char buf[80];
    LONG len;
    HRESULT hr;

    hr = IProfAdmin_SetDefaultProfile(admin, (char *)profile_name, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)other_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_SetDefaultProfile(admin, (char *)profile_name, 0x2);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = IProfAdmin_SetDefaultProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    len = reg_default(buf, sizeof(buf));
    ok(len == sizeof(profile_name) && !strcmp(buf, profile_name), "got %ld, %s.\n", len, buf);
    hr = IProfAdmin_SetDefaultProfile(admin, (char *)other_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    len = reg_default(buf, sizeof(buf));
    ok(len == sizeof(other_name) && !strcmp(buf, other_name), "got %ld, %s.\n", len, buf);
    hr = IProfAdmin_SetDefaultProfile(admin, NULL, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_default(buf, sizeof(buf)) == -1, "the default is still set.\n");
    hr = IProfAdmin_SetDefaultProfile(admin, NULL, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = IProfAdmin_SetDefaultProfile(admin, (char *)nameW, MAPI_UNICODE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    len = reg_default(buf, sizeof(buf));
    ok(len == sizeof(profile_name) && !strcmp(buf, profile_name), "got %ld, %s.\n", len, buf);

    /* Deleting the default profile leaves no default. */
    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_default(buf, sizeof(buf)) == -1, "the default is still set.\n");

    cleanup_profiles(admin);
}

static void test_CopyProfile(IProfAdmin *admin)
{
    static const BYTE value[] = {0x2a, 0, 0, 0};
    BYTE data[64], key1[16], key2[16];
    LONG len;
    HRESULT hr;

    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, NULL, (char *)copy_name, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, (char *)"pw", 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)other_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    reg_set_value(profile_name, TEST_SECTION, "00036600", value, sizeof(value));

    hr = IProfAdmin_CopyProfile(admin, NULL, (char *)"pw", (char *)copy_name, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, (char *)"pw", NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, (char *)"pw", (char *)"bad\\name", 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, (char *)"pw", (char *)copy_name, 0, 0x1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, (char *)"wrong", (char *)copy_name, 0, 0);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, NULL, (char *)copy_name, 0, MAPI_DIALOG);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    ok(!reg_profile_exists(copy_name), "the copy was made.\n");
    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, (char *)"pw", (char *)other_name, 0, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, (char *)"pw", (char *)copy_name, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_profile_exists(profile_name), "the original is gone.\n");
    len = reg_value(copy_name, TEST_SECTION, "00036600", data, sizeof(data), NULL);
    ok(len == sizeof(value) && !memcmp(data, value, sizeof(value)), "got %ld.\n", len);
    len = reg_value(copy_name, GLOBAL_SECTION, "001e3d12", data, sizeof(data), NULL);
    ok(len == sizeof(copy_name) && !strcmp((char *)data, copy_name), "got %s.\n", debugstr_an((char *)data, len));
    /* The copy is a profile of its own, with the same password. */
    ok(reg_value(profile_name, INSTANCE_SECTION, "0102300b", key1, sizeof(key1), NULL) == 16, "no search key.\n");
    ok(reg_value(copy_name, INSTANCE_SECTION, "0102300b", key2, sizeof(key2), NULL) == 16, "no search key.\n");
    ok(memcmp(key1, key2, sizeof(key1)), "the search keys are the same.\n");
    hr = IProfAdmin_ChangeProfilePassword(admin, (char *)copy_name, (char *)"wrong", (char *)"x", 0);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = IProfAdmin_ChangeProfilePassword(admin, (char *)copy_name, (char *)"pw", (char *)"x", 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = IProfAdmin_CopyProfile(admin, (char *)profile_name, (char *)"pw", (char *)copy_name, 0, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    cleanup_profiles(admin);
}

static void test_RenameProfile(IProfAdmin *admin)
{
    static const BYTE value[] = {0x2a, 0, 0, 0};
    BYTE data[64], key1[16], key2[16];
    char buf[80];
    IMAPITable *table;
    SRowSet *rows;
    LONG len;
    HRESULT hr;

    hr = IProfAdmin_RenameProfile(admin, (char *)profile_name, NULL, (char *)renamed_name, 0, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)other_name, (char *)"pw", 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_SetDefaultProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    reg_set_value(profile_name, TEST_SECTION, "00036600", value, sizeof(value));
    ok(reg_value(profile_name, INSTANCE_SECTION, "0102300b", key1, sizeof(key1), NULL) == 16, "no search key.\n");

    hr = IProfAdmin_RenameProfile(admin, (char *)profile_name, NULL, (char *)renamed_name, 0, MAPI_DIALOG);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IProfAdmin_RenameProfile(admin, (char *)profile_name, NULL, NULL, 0, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_RenameProfile(admin, (char *)profile_name, NULL, (char *)other_name, 0, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IProfAdmin_RenameProfile(admin, (char *)other_name, (char *)"wrong", (char *)renamed_name, 0, 0);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    ok(reg_profile_exists(other_name), "the profile is gone.\n");

    hr = IProfAdmin_RenameProfile(admin, (char *)profile_name, NULL, (char *)renamed_name, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!reg_profile_exists(profile_name), "the old name is still there.\n");
    ok(reg_profile_exists(renamed_name), "the new name is not there.\n");
    len = reg_value(renamed_name, TEST_SECTION, "00036600", data, sizeof(data), NULL);
    ok(len == sizeof(value) && !memcmp(data, value, sizeof(value)), "got %ld.\n", len);
    len = reg_value(renamed_name, GLOBAL_SECTION, "001e3d12", data, sizeof(data), NULL);
    ok(len == sizeof(renamed_name) && !strcmp((char *)data, renamed_name), "got %s.\n",
            debugstr_an((char *)data, len));
    /* A renamed profile is the same profile: same search key, still the default. */
    ok(reg_value(renamed_name, INSTANCE_SECTION, "0102300b", key2, sizeof(key2), NULL) == 16, "no search key.\n");
    ok(!memcmp(key1, key2, sizeof(key1)), "the search key changed.\n");
    len = reg_default(buf, sizeof(buf));
    ok(len == sizeof(renamed_name) && !strcmp(buf, renamed_name), "got %ld, %s.\n", len, buf);

    hr = IProfAdmin_GetProfileTable(admin, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pHrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!table_find(rows, profile_name, FALSE), "the old name is listed.\n");
    ok(table_find(rows, renamed_name, FALSE) != NULL, "the new name is not listed.\n");
    pFreeProws(rows);
    IMAPITable_Release(table);

    hr = IProfAdmin_RenameProfile(admin, (char *)other_name, (char *)"pw", (char *)copy_name, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_value(copy_name, NULL, "Password", data, sizeof(data), NULL) == 48, "the password was lost.\n");

    cleanup_profiles(admin);
}

static void test_AdminServices(IProfAdmin *admin)
{
    static const WCHAR nameW[] = L"wine_profile_test";
    IMsgServiceAdmin *services;
    IUnknown *unk;
    HRESULT hr;

    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, NULL, NULL, 0, 0, &services);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0x1, &services);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMsgServiceAdmin_QueryInterface(services, &iid_service_admin, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IUnknown_Release(unk);
    IMsgServiceAdmin_Release(services);
    hr = IProfAdmin_AdminServices(admin, (char *)nameW, (char *)L"", 0, MAPI_UNICODE | MAPI_DIALOG, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IMsgServiceAdmin_Release(services);

    cleanup_profiles(admin);
}

/* A profile deleted while in use goes when its last user does. */
static void test_delete_in_use(IProfAdmin *admin)
{
    IMsgServiceAdmin *services;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;

    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return;

    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_profile_exists(profile_name), "the profile went while in use.\n");
    hr = IProfAdmin_GetProfileTable(admin, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pHrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!table_find(rows, profile_name, FALSE), "a profile marked for deletion is listed.\n");
    pFreeProws(rows);
    IMAPITable_Release(table);
    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    IMsgServiceAdmin_Release(services);
    ok(!reg_profile_exists(profile_name), "the profile is still there.\n");
}

/* --- profile sections ------------------------------------------------------ */

/* GetProps, with zeroed values in place of the result when it fails, so
 * that the checks after it fail instead of crashing. */
static HRESULT get_props(IMAPIProp *obj, SPropTagArray *tags, ULONG flags, ULONG *count, SPropValue **props)
{
    ULONG n = tags ? tags->cValues : 0;
    HRESULT hr;

    *props = NULL;
    hr = IMAPIProp_GetProps(obj, tags, flags, count, props);
    if (FAILED(hr) || !*props)
    {
        pMAPIAllocateBuffer(max(n, 1) * sizeof(SPropValue), (void **)props);
        memset(*props, 0, max(n, 1) * sizeof(SPropValue));
        *count = n;
    }
    return hr;
}

static IProfSect *open_section(IMsgServiceAdmin *services, const MAPIUID *uid, ULONG flags)
{
    IProfSect *section = NULL;
    HRESULT hr;

    hr = IMsgServiceAdmin_OpenProfileSection(services, (MAPIUID *)uid, NULL, flags, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    return section;
}

static void test_section_sharing(IMsgServiceAdmin *services)
{
    SizedSPropTagArray(1, tags) = {1, {PROP_TAG(PT_LONG, 0x6600)}};
    IProfSect *first, *second;
    SPropValue prop, *props;
    BYTE data[16];
    ULONG count;
    LONG len;
    HRESULT hr;

    first = open_section(services, &test_uid, MAPI_MODIFY);
    second = open_section(services, &test_uid, MAPI_MODIFY);
    if (!first || !second) return;

    prop.ulPropTag = PROP_TAG(PT_LONG, 0x6600);
    prop.Value.l = 0x12345678;
    hr = IProfSect_SetProps(first, 1, &prop, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = get_props((IMAPIProp *)second, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 1 && props[0].ulPropTag == prop.ulPropTag && props[0].Value.l == 0x12345678,
            "got %#lx, %#lx.\n", props[0].ulPropTag, props[0].Value.l);
    pMAPIFreeBuffer(props);

    /* Written at once, as raw little-endian bytes. */
    len = reg_value(profile_name, TEST_SECTION, "00036600", data, sizeof(data), NULL);
    ok(len == 4 && !memcmp(data, "\x78\x56\x34\x12", 4), "got %ld.\n", len);

    /* A change made behind the objects' back is seen too. */
    reg_set_value(profile_name, TEST_SECTION, "00036600", "\x01\x00\x00\x00", 4);
    hr = get_props((IMAPIProp *)first, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(props[0].Value.l == 1, "got %#lx.\n", props[0].Value.l);
    pMAPIFreeBuffer(props);

    hr = IProfSect_DeleteProps(second, (SPropTagArray *)&tags, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = get_props((IMAPIProp *)first, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(props[0].ulPropTag == PROP_TAG(PT_ERROR, 0x6600), "got %#lx.\n", props[0].ulPropTag);
    ok(props[0].Value.err == MAPI_E_NOT_FOUND, "got %#lx.\n", props[0].Value.err);
    pMAPIFreeBuffer(props);
    ok(reg_value(profile_name, TEST_SECTION, "00036600", data, sizeof(data), NULL) == -1, "the value is still there.\n");

    IProfSect_Release(first);
    IProfSect_Release(second);
}

static void test_section_encoding(IMsgServiceAdmin *services)
{
    static const LONG longs[] = {1, -2, 3};
    static const BYTE bin[] = {0xde, 0xad, 0xbe, 0xef, 0x00};
    char *strings[2] = {(char *)"ab", (char *)"c"};
    SPropValue props[6], *got;
    IProfSect *section;
    FILETIME ft = {0x11223344, 0x55667788};
    BYTE data[64];
    ULONG count;
    LONG len;
    HRESULT hr;

    if (!(section = open_section(services, &test_uid, MAPI_MODIFY))) return;

    props[0].ulPropTag = PROP_TAG(PT_UNICODE, 0x6601);
    props[0].Value.lpszW = (WCHAR *)L"h\x00e9";
    props[1].ulPropTag = PROP_TAG(PT_BINARY, 0x6602);
    props[1].Value.bin.cb = sizeof(bin);
    props[1].Value.bin.lpb = (BYTE *)bin;
    props[2].ulPropTag = PROP_TAG(PT_BOOLEAN, 0x6603);
    props[2].Value.b = TRUE;
    props[3].ulPropTag = PROP_TAG(PT_SYSTIME, 0x6604);
    props[3].Value.ft = ft;
    props[4].ulPropTag = PROP_TAG(PT_MV_LONG, 0x6605);
    props[4].Value.MVl.cValues = ARRAY_SIZE(longs);
    props[4].Value.MVl.lpl = (LONG *)longs;
    props[5].ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6606);
    props[5].Value.MVszA.cValues = 2;
    props[5].Value.MVszA.lppszA = strings;
    hr = IProfSect_SetProps(section, ARRAY_SIZE(props), props, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    len = reg_value(profile_name, TEST_SECTION, "001f6601", data, sizeof(data), NULL);
    ok(len == 6 && !memcmp(data, "h\0\xe9\0\0\0", 6), "got %ld.\n", len);
    len = reg_value(profile_name, TEST_SECTION, "01026602", data, sizeof(data), NULL);
    ok(len == sizeof(bin) && !memcmp(data, bin, sizeof(bin)), "got %ld.\n", len);
    len = reg_value(profile_name, TEST_SECTION, "000b6603", data, sizeof(data), NULL);
    ok(len == 2 && data[0] == 1 && !data[1], "got %ld.\n", len);
    len = reg_value(profile_name, TEST_SECTION, "00406604", data, sizeof(data), NULL);
    ok(len == 8 && !memcmp(data, "\x44\x33\x22\x11\x88\x77\x66\x55", 8), "got %ld.\n", len);
    len = reg_value(profile_name, TEST_SECTION, "10036605", data, sizeof(data), NULL);
    ok(len == 16 && !memcmp(data, "\x03\0\0\0\x01\0\0\0\xfe\xff\xff\xff\x03\0\0\0", 16), "got %ld.\n", len);
    len = reg_value(profile_name, TEST_SECTION, "101e6606", data, sizeof(data), NULL);
    ok(len == 17 && !memcmp(data, "\x02\0\0\0\x03\0\0\0ab\0\x02\0\0\0c\0", 17), "got %ld.\n", len);

    /* Everything reads back as it was written. */
    hr = get_props((IMAPIProp *)section, NULL, MAPI_UNICODE, &count, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        ULONG i, seen = 0;

        for (i = 0; i < count; i++)
        {
            switch (got[i].ulPropTag)
            {
            case PROP_TAG(PT_UNICODE, 0x6601):
                ok(!lstrcmpW(got[i].Value.lpszW, L"h\x00e9"), "got %s.\n", debugstr_w(got[i].Value.lpszW));
                seen |= 1;
                break;
            case PROP_TAG(PT_BINARY, 0x6602):
                ok(got[i].Value.bin.cb == sizeof(bin) && !memcmp(got[i].Value.bin.lpb, bin, sizeof(bin)),
                        "got %lu bytes.\n", got[i].Value.bin.cb);
                seen |= 2;
                break;
            case PROP_TAG(PT_BOOLEAN, 0x6603):
                ok(got[i].Value.b == TRUE, "got %u.\n", got[i].Value.b);
                seen |= 4;
                break;
            case PROP_TAG(PT_SYSTIME, 0x6604):
                ok(!memcmp(&got[i].Value.ft, &ft, sizeof(ft)), "wrong time.\n");
                seen |= 8;
                break;
            case PROP_TAG(PT_MV_LONG, 0x6605):
                ok(got[i].Value.MVl.cValues == 3 && got[i].Value.MVl.lpl[1] == -2, "got %lu values.\n",
                        got[i].Value.MVl.cValues);
                seen |= 16;
                break;
            case PROP_TAG(PT_MV_UNICODE, 0x6606):
                ok(got[i].Value.MVszW.cValues == 2 && !lstrcmpW(got[i].Value.MVszW.lppszW[0], L"ab")
                        && !lstrcmpW(got[i].Value.MVszW.lppszW[1], L"c"), "got %lu values.\n",
                        got[i].Value.MVszW.cValues);
                seen |= 32;
                break;
            }
        }
        ok(seen == 63, "got %#lx.\n", seen);
        pMAPIFreeBuffer(got);
    }

    /* A new type for an identifier replaces the old value. */
    props[0].ulPropTag = PROP_TAG(PT_STRING8, 0x6601);
    props[0].Value.lpszA = (char *)"ansi";
    hr = IProfSect_SetProps(section, 1, props, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_value(profile_name, TEST_SECTION, "001f6601", data, sizeof(data), NULL) == -1, "the old value is there.\n");
    len = reg_value(profile_name, TEST_SECTION, "001e6601", data, sizeof(data), NULL);
    ok(len == 5 && !strcmp((char *)data, "ansi"), "got %ld.\n", len);

    IProfSect_Release(section);
}

static void test_section_props(IMsgServiceAdmin *services)
{
    SizedSPropTagArray(4, tags) = {4, {PROP_TAG(PT_UNSPECIFIED, 0x6601), PROP_TAG(PT_UNICODE, 0x6601),
            PROP_TAG(PT_LONG, 0x6610), PROP_TAG(PT_LONG, 0x67f0)}};
    SizedSPropTagArray(1, object_type) = {1, {PR_OBJECT_TYPE}};
    SPropValue props[4], *got;
    SPropProblemArray *problems;
    SPropTagArray *list;
    IProfSect *section;
    IUnknown *unk;
    ULONG count, i;
    BOOL found;
    HRESULT hr;

    if (!(section = open_section(services, &test_uid, MAPI_MODIFY))) return;

    hr = IProfSect_QueryInterface(section, &iid_mapi_prop, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IUnknown_Release(unk);
    hr = IProfSect_QueryInterface(section, &iid_prof_sect, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IUnknown_Release(unk);
    hr = IProfSect_QueryInterface(section, &iid_prop_data, (void **)&unk);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);

    hr = IProfSect_SetProps(section, 0, props, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    props[0].ulPropTag = PROP_TAG(PT_OBJECT, 0x6620);
    hr = IProfSect_SetProps(section, 1, props, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    props[0].ulPropTag = PROP_TAG(PT_MV_LONG, 0x6620);
    props[0].Value.MVl.cValues = 0;
    props[0].Value.MVl.lpl = NULL;
    hr = IProfSect_SetProps(section, 1, props, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Read-only and named properties are problems; errors and PR_NULL are ignored. */
    props[0].ulPropTag = PR_OBJECT_TYPE;
    props[0].Value.l = MAPI_MESSAGE;
    props[1].ulPropTag = PROP_TAG(PT_LONG, 0x8001);
    props[1].Value.l = 1;
    props[2].ulPropTag = PROP_TAG(PT_ERROR, 0x6611);
    props[2].Value.err = MAPI_E_NOT_FOUND;
    props[3].ulPropTag = PROP_TAG(PT_LONG, 0x67f0);
    props[3].Value.l = 7;
    hr = IProfSect_SetProps(section, 4, props, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 2, "got %lu problems.\n", problems ? problems->cProblem : 0);
    if (problems && problems->cProblem == 2)
    {
        ok(problems->aProblem[0].ulIndex == 0 && problems->aProblem[0].scode == MAPI_E_COMPUTED,
                "got %lu, %#lx.\n", problems->aProblem[0].ulIndex, problems->aProblem[0].scode);
        ok(problems->aProblem[1].ulIndex == 1, "got %lu.\n", problems->aProblem[1].ulIndex);
    }
    pMAPIFreeBuffer(problems);

    hr = get_props((IMAPIProp *)section, (SPropTagArray *)&object_type, 0, &count, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(got[0].ulPropTag == PR_OBJECT_TYPE && got[0].Value.l == MAPI_PROFSECT, "got %#lx, %lu.\n",
            got[0].ulPropTag, got[0].Value.l);
    pMAPIFreeBuffer(got);

    hr = get_props((IMAPIProp *)section, (SPropTagArray *)&tags, 0, &count, &got);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(count == 4, "got %lu.\n", count);
    ok(got[0].ulPropTag == PROP_TAG(PT_STRING8, 0x6601) && !strcmp(got[0].Value.lpszA, "ansi"), "got %#lx.\n",
            got[0].ulPropTag);
    ok(got[1].ulPropTag == PROP_TAG(PT_UNICODE, 0x6601) && !lstrcmpW(got[1].Value.lpszW, L"ansi"), "got %#lx.\n",
            got[1].ulPropTag);
    ok(got[2].ulPropTag == PROP_TAG(PT_ERROR, 0x6610) && got[2].Value.err == MAPI_E_NOT_FOUND, "got %#lx.\n",
            got[2].ulPropTag);
    /* Secure properties are read by tag only. */
    ok(got[3].ulPropTag == PROP_TAG(PT_LONG, 0x67f0) && got[3].Value.l == 7, "got %#lx.\n", got[3].ulPropTag);
    pMAPIFreeBuffer(got);
    hr = get_props((IMAPIProp *)section, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &got);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(got[0].ulPropTag == PROP_TAG(PT_UNICODE, 0x6601), "got %#lx.\n", got[0].ulPropTag);
    pMAPIFreeBuffer(got);

    hr = IProfSect_GetPropList(section, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    for (i = 0, found = FALSE; i < list->cValues; i++)
    {
        ok(PROP_ID(list->aulPropTag[i]) != 0x67f0, "a secure property is listed.\n");
        ok(PROP_ID(list->aulPropTag[i]) != 0x8001, "a named property is listed.\n");
        if (list->aulPropTag[i] == PROP_TAG(PT_STRING8, 0x6601)) found = TRUE;
        if (list->aulPropTag[i] == PR_PROFILE_NAME_A) found |= 2;
    }
    ok(found == 3, "got %#x.\n", found);
    pMAPIFreeBuffer(list);

    hr = get_props((IMAPIProp *)section, NULL, 0, &count, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    for (i = 0, found = FALSE; i < count; i++)
    {
        ok(PROP_ID(got[i].ulPropTag) != 0x67f0, "a secure property is returned.\n");
        if (got[i].ulPropTag == PR_PROFILE_NAME_A) found = !strcmp(got[i].Value.lpszA, profile_name);
    }
    ok(found, "no PR_PROFILE_NAME.\n");
    pMAPIFreeBuffer(got);

    hr = IProfSect_SaveChanges(section, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfSect_GetIDsFromNames(section, 0, NULL, 0, &list);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IProfSect_GetNamesFromIDs(section, &list, NULL, 0, &count, NULL);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);

    IProfSect_Release(section);
}

static void test_section_access(IMsgServiceAdmin *services)
{
    static const MAPIUID missing_uid = {{0x55}};
    SizedSPropTagArray(1, tags) = {1, {PROP_TAG(PT_STRING8, 0x6601)}};
    IProfSect *section;
    SPropValue prop, *got;
    MAPIERROR *error;
    ULONG count;
    HRESULT hr;

    hr = IMsgServiceAdmin_OpenProfileSection(services, (MAPIUID *)&missing_uid, NULL, 0, &section);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    if (!(section = open_section(services, &test_uid, 0))) return;
    hr = get_props((IMAPIProp *)section, (SPropTagArray *)&tags, 0, &count, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    pMAPIFreeBuffer(got);
    prop.ulPropTag = PROP_TAG(PT_LONG, 0x6612);
    prop.Value.l = 1;
    hr = IProfSect_SetProps(section, 1, &prop, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IProfSect_GetLastError(section, hr, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(error != NULL, "no error information.\n");
    pMAPIFreeBuffer(error);
    hr = IProfSect_DeleteProps(section, (SPropTagArray *)&tags, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    IProfSect_Release(section);
}

static void test_section_copy(IMsgServiceAdmin *services)
{
    SizedSPropTagArray(2, tags) = {2, {PROP_TAG(PT_STRING8, 0x6601), PROP_TAG(PT_LONG, 0x67f0)}};
    IProfSect *section, *target;
    IPropData *data;
    SPropValue *got;
    IStream *stream;
    char buf[16];
    ULONG count, read;
    HRESULT hr;

    if (!(section = open_section(services, &test_uid, MAPI_MODIFY))) return;

    hr = pCreateIProp(&iid_prop_data, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, &data);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfSect_CopyTo(section, 0, NULL, NULL, 0, NULL, &iid_mapi_prop, data, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = get_props((IMAPIProp *)data, (SPropTagArray *)&tags, 0, &count, &got);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(got[0].ulPropTag == PROP_TAG(PT_STRING8, 0x6601) && !strcmp(got[0].Value.lpszA, "ansi"), "got %#lx.\n",
            got[0].ulPropTag);
    ok(got[1].ulPropTag == PROP_TAG(PT_ERROR, 0x67f0), "a secure property was copied: %#lx.\n", got[1].ulPropTag);
    pMAPIFreeBuffer(got);
    IPropData_Release(data);

    /* Into another section of the profile, which sees it at once. */
    target = open_section(services, &global_uid, MAPI_MODIFY);
    hr = IProfSect_CopyProps(section, (SPropTagArray *)&tags, 0, NULL, &iid_prof_sect, target, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(reg_value(profile_name, GLOBAL_SECTION, "001e6601", buf, sizeof(buf), NULL) == 5, "not copied.\n");
    ok(reg_value(profile_name, GLOBAL_SECTION, "000367f0", buf, sizeof(buf), NULL) == 4, "not copied.\n");
    IProfSect_Release(target);

    hr = IProfSect_OpenProperty(section, PROP_TAG(PT_STRING8, 0x6601), &IID_IStream, 0, 0, (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        memset(buf, 0, sizeof(buf));
        hr = IStream_Read(stream, buf, sizeof(buf), &read);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(!strcmp(buf, "ansi"), "got %s.\n", buf);
        IStream_Release(stream);
    }
    hr = IProfSect_OpenProperty(section, PROP_TAG(PT_STRING8, 0x6601), &IID_IStream, 0, MAPI_MODIFY,
            (IUnknown **)&stream);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);

    IProfSect_Release(section);
}

static void test_profile_sections(IProfAdmin *admin)
{
    IMsgServiceAdmin *services;
    HRESULT hr;

    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        test_section_sharing(services);
        test_section_encoding(services);
        test_section_props(services);
        test_section_access(services);
        test_section_copy(services);
        IMsgServiceAdmin_Release(services);
    }
    cleanup_profiles(admin);
}

/* --- MAPI_DEFAULT_SERVICES ---------------------------------------------------- */

static char inf_path[MAX_PATH];

static void write_inf(const char *text)
{
    HANDLE file;
    DWORD written;

    GetSystemDirectoryA(inf_path, sizeof(inf_path));
    lstrcatA(inf_path, "\\MAPISVC.INF");
    file = CreateFileA(inf_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s, error %lu.\n", inf_path, GetLastError());
    WriteFile(file, text, strlen(text), &written, NULL);
    CloseHandle(file);
}

static void test_default_services(IProfAdmin *admin)
{
    static const char inf[] =
        "[Services]\r\n"
        "PROFTEST=Profile test service\r\n"
        "\r\n"
        "[Default Services]\r\n"
        "PROFTEST=Profile test service\r\n"
        "\r\n"
        "[PROFTEST]\r\n"
        "PR_DISPLAY_NAME=Profile test service\r\n"
        "Providers=PROFTEST_AB\r\n"
        "\r\n"
        "[PROFTEST_AB]\r\n"
        "PR_DISPLAY_NAME=Profile test address book\r\n"
        "PR_PROVIDER_DLL_NAME=PROFTEST.DLL\r\n"
        "PR_RESOURCE_TYPE=35\r\n";
    static const char bad_inf[] =
        "[Services]\r\n"
        "[Default Services]\r\n"
        "NO_SUCH_SERVICE=Missing\r\n";
    IMsgServiceAdmin *services;
    IMAPITable *table;
    BYTE data[64];
    ULONG count;
    LONG len;
    HRESULT hr;

    write_inf(inf);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, MAPI_DEFAULT_SERVICES);
    ok(hr == S_OK, "got %#lx.\n", hr);
    /* PR_SERVICES ("01023d0e") lists one service, PR_AB_PROVIDERS ("01023d01") one provider. */
    len = reg_value(profile_name, GLOBAL_SECTION, "01023d0e", data, sizeof(data), NULL);
    ok(len == 16, "got %ld.\n", len);
    len = reg_value(profile_name, GLOBAL_SECTION, "01023d01", data, sizeof(data), NULL);
    ok(len == 16, "got %ld.\n", len);
    ok(reg_value(profile_name, GLOBAL_SECTION, "01023d00", data, sizeof(data), NULL) <= 0, "a store is listed.\n");

    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        SizedSPropTagArray(1, columns) = {1, {PR_SERVICE_UID}};
        SRowSet *rows = NULL;

        hr = IMsgServiceAdmin_GetMsgServiceTable(services, 0, &table);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
            ok(hr == S_OK, "got %#lx.\n", hr);
            IMAPITable_Release(table);
        }
        ok(rows && rows->cRows == 1, "got %lu rows.\n", rows ? rows->cRows : 0);
        if (rows && rows->cRows == 1 && rows->aRow[0].lpProps[0].ulPropTag == PR_SERVICE_UID)
        {
            MAPIUID uid;

            memcpy(&uid, rows->aRow[0].lpProps[0].Value.bin.lpb, sizeof(uid));
            len = reg_value(profile_name, GLOBAL_SECTION, "01023d0e", data, sizeof(data), NULL);
            ok(len == 16 && !memcmp(data, &uid, sizeof(uid)), "the service is not listed.\n");

            /* Deleting the service removes its sections and list entries. */
            hr = IMsgServiceAdmin_DeleteMsgService(services, &uid);
            ok(hr == S_OK, "got %#lx.\n", hr);
            len = reg_value(profile_name, GLOBAL_SECTION, "01023d0e", data, sizeof(data), NULL);
            ok(len <= 0, "got %ld.\n", len);
            len = reg_value(profile_name, GLOBAL_SECTION, "01023d01", data, sizeof(data), NULL);
            ok(len <= 0, "got %ld.\n", len);
            count = reg_section_count(profile_name);
            ok(count == 2, "got %lu sections.\n", count);
        }
        if (rows) pFreeProws(rows);
        IMsgServiceAdmin_Release(services);
    }
    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* An unknown default service fails the whole creation. */
    write_inf(bad_inf);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, MAPI_DEFAULT_SERVICES);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!reg_profile_exists(profile_name), "a half-made profile is left.\n");

    DeleteFileA(inf_path);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, MAPI_DEFAULT_SERVICES);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!reg_profile_exists(profile_name), "a half-made profile is left.\n");
    cleanup_profiles(admin);
}

/* The display name of the provider whose section a MAPIUID names. */
static void provider_display(const BYTE *uid, char *name, DWORD size)
{
    char section[33];
    int i;

    for (i = 0; i < 16; i++) sprintf(section + 2 * i, "%02x", uid[i]);
    if (reg_value(profile_name, section, "001e3001", name, size, NULL) <= 0) strcpy(name, "?");
}

static void test_transport_order(IProfAdmin *admin)
{
    static const char inf[] =
        "[Services]\r\n"
        "PROFXP=Profile transport test\r\n"
        "\r\n"
        "[PROFXP]\r\n"
        "PR_DISPLAY_NAME=Profile transport test\r\n"
        "Providers=PROFXP_LAST, PROFXP_A, PROFXP_B\r\n"
        "\r\n"
        "[PROFXP_LAST]\r\n"
        "PR_DISPLAY_NAME=xp last\r\n"
        "PR_PROVIDER_DLL_NAME=PROFXP.DLL\r\n"
        "PR_RESOURCE_TYPE=36\r\n"
        "PR_RESOURCE_FLAGS=STATUS_XP_PREFER_LAST\r\n"
        "\r\n"
        "[PROFXP_A]\r\n"
        "PR_DISPLAY_NAME=xp a\r\n"
        "PR_PROVIDER_DLL_NAME=PROFXP.DLL\r\n"
        "PR_RESOURCE_TYPE=36\r\n"
        "\r\n"
        "[PROFXP_B]\r\n"
        "PR_DISPLAY_NAME=xp b\r\n"
        "PR_PROVIDER_DLL_NAME=PROFXP.DLL\r\n"
        "PR_RESOURCE_TYPE=36\r\n";
    static const MAPIUID unknown_uid = {{0x77}};
    IMsgServiceAdmin *services;
    MAPIUID order[3];
    BYTE data[64];
    char name[3][32];
    LONG len;
    HRESULT hr;
    int i;

    write_inf(inf);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)profile_name, NULL, 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) goto done;
    hr = IMsgServiceAdmin_CreateMsgService(services, (char *)"PROFXP", NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* PR_TRANSPORT_PROVIDERS ("01023d02") lists them in the order they came. */
    len = reg_value(profile_name, GLOBAL_SECTION, "01023d02", data, sizeof(data), NULL);
    ok(len == 48, "got %ld.\n", len);
    if (len != 48) goto release;
    for (i = 0; i < 3; i++) provider_display(data + 16 * i, name[i], sizeof(name[i]));
    ok(!strcmp(name[0], "xp last") && !strcmp(name[1], "xp a") && !strcmp(name[2], "xp b"),
            "got %s, %s, %s.\n", name[0], name[1], name[2]);

    memcpy(&order[0], data + 32, 16);
    memcpy(&order[1], &unknown_uid, 16);
    memcpy(&order[2], data, 16);
    hr = IMsgServiceAdmin_MsgServiceTransportOrder(services, 3, order, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    memcpy(&order[1], data + 16, 16);
    hr = IMsgServiceAdmin_MsgServiceTransportOrder(services, 3, order, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    len = reg_value(profile_name, GLOBAL_SECTION, "01023d02", data, sizeof(data), NULL);
    ok(len == 48 && !memcmp(data, order, sizeof(order)), "the new order is not stored.\n");

release:
    IMsgServiceAdmin_Release(services);
done:
    DeleteFileA(inf_path);
    cleanup_profiles(admin);
}

static void test_GetLastError(IProfAdmin *admin)
{
    MAPIERROR *error;
    HRESULT hr;

    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IProfAdmin_GetLastError(admin, MAPI_E_NOT_FOUND, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IProfAdmin_GetLastError(admin, MAPI_E_NOT_FOUND, 0x1, &error);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IProfAdmin_GetLastError(admin, MAPI_E_NOT_FOUND, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(error != NULL, "no error information.\n");
    if (error)
    {
        ok(error->ulVersion == MAPI_ERROR_VERSION, "got %lu.\n", error->ulVersion);
        ok(error->lpszError && strstr((char *)error->lpszError, "DeleteProfile"), "got %s.\n",
                (char *)error->lpszError);
        pMAPIFreeBuffer(error);
    }
    hr = IProfAdmin_GetLastError(admin, MAPI_E_NOT_FOUND, MAPI_UNICODE, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(error && error->lpszError && wcsstr((WCHAR *)error->lpszError, L"DeleteProfile"), "no unicode text.\n");
    pMAPIFreeBuffer(error);
    hr = IProfAdmin_GetLastError(admin, MAPI_E_CALL_FAILED, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!error, "got %p.\n", error);
}

START_TEST(profile)
{
    IProfAdmin *admin;
    HRESULT hr;

    if (!init_function_pointers()) return;

    test_MAPIAdminProfiles();

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pMAPIAdminProfiles(0, &admin);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return;
    cleanup_profiles(admin);

    test_CreateProfile(admin);
    test_DeleteProfile(admin);
    test_passwords(admin);
    test_GetProfileTable(admin);
    test_SetDefaultProfile(admin);
    test_CopyProfile(admin);
    test_RenameProfile(admin);
    test_AdminServices(admin);
    test_delete_in_use(admin);
    test_profile_sections(admin);
    test_default_services(admin);
    test_transport_order(admin);
    test_GetLastError(admin);

    cleanup_profiles(admin);
    IProfAdmin_Release(admin);
    pMAPIUninitialize();
}
