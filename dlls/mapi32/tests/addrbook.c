/*
 * Tests for IAddrBook without address-book providers: one-off entries,
 * name resolution, recipient lists and the settings kept in the profile
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
#include "mapitags.h"
#include "mapiguid.h"
#include "mapifix.h"
#include "mapiadmin.h"

#ifndef DT_MAILUSER
#define DT_MAILUSER 0
#endif
#ifndef PR_CONTAINER_FLAGS
#define PR_CONTAINER_FLAGS PROP_TAG(PT_LONG, 0x3600)
#endif
#ifndef AB_SUBCONTAINERS
#define AB_SUBCONTAINERS 0x2
#endif

/* MAPI's interface identifiers, kept here so that this file needs no
 * other test file's GUID definitions. */
#define MAPI_IID(l) {l, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}}
static const IID iid_mapi_table = MAPI_IID(0x20301);
static const IID iid_advise_sink = MAPI_IID(0x20302);
static const IID iid_mapi_prop = MAPI_IID(0x20303);
static const IID iid_mail_user = MAPI_IID(0x2030a);
static const IID iid_mapi_container = MAPI_IID(0x2030b);

static HMODULE mapi32;

static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static HRESULT (WINAPI *pMAPILogonEx)(ULONG_PTR, char *, char *, ULONG, IMAPISession **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreePadrlist)(ADRLIST *);
static void (WINAPI *pFreeProws)(SRowSet *);

static const char profile_name[] = "wine_addrbook_test";

static const BYTE oneoff_uid[16] =
    {0x81, 0x2b, 0x1f, 0xa4, 0xbe, 0xa3, 0x10, 0x19, 0x9d, 0x6e, 0x00, 0xdd, 0x01, 0x0f, 0x54, 0x02};

/* An entry ID whose provider UID no provider registered. */
static const BYTE unknown_eid[] =
    {0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01,
     1, 2, 3, 4};

static IProfAdmin *admin;
static IMAPISession *session;
static IAddrBook *book;

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
    GET(MAPILogonEx, "MAPILogonEx@20");
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreePadrlist, "FreePadrlist@4");
    GET(FreeProws, "FreeProws@4");
#undef GET
    ok((void *)GetProcAddress(mapi32, "MAPILogonEx") == (void *)pMAPILogonEx, "MAPILogonEx differs.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPILogonEx && pMAPIAllocateBuffer
            && pMAPIAllocateMore && pMAPIFreeBuffer && pFreePadrlist && pFreeProws;
}

static BOOL open_address_book(void)
{
    HRESULT hr;

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    hr = pMAPIAdminProfiles(0, &admin);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;
    IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_name, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile got %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;

    hr = pMAPILogonEx(0, (char *)profile_name, NULL,
            MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL | MAPI_EXPLICIT_PROFILE, &session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;
    hr = IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book);
    ok(hr == S_OK, "OpenAddressBook got %#lx.\n", hr);
    ok(book != NULL, "got no address book.\n");
    return SUCCEEDED(hr) && book;
}

static void close_address_book(void)
{
    HRESULT hr;

    if (book) IAddrBook_Release(book);
    if (session)
    {
        hr = IMAPISession_Logoff(session, 0, 0, 0);
        ok(hr == S_OK, "Logoff got %#lx.\n", hr);
        IMAPISession_Release(session);
    }
    if (admin)
    {
        hr = IProfAdmin_DeleteProfile(admin, (char *)profile_name, 0);
        ok(hr == S_OK, "DeleteProfile got %#lx.\n", hr);
        IProfAdmin_Release(admin);
    }
    pMAPIUninitialize();
}

static const SPropValue *find_prop(const SPropValue *props, ULONG count, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

/* Checks the documented one-off layout: 4 zero flag bytes, MAPI_ONE_OFF_UID,
 * a zero version word, the flags word, then the three strings unpadded. */
static void check_oneoff_bytes(ULONG cb, const ENTRYID *eid, WORD flags, const void *name, const void *type,
        const void *address, BOOL unicode)
{
    const BYTE *data = (const BYTE *)eid;
    ULONG expect = 24, sizes[3], offset = 24, i;
    const void *strings[3] = {name, type, address};

    for (i = 0; i < 3; i++)
    {
        sizes[i] = unicode ? (lstrlenW(strings[i]) + 1) * sizeof(WCHAR) : strlen(strings[i]) + 1;
        expect += sizes[i];
    }
    ok(cb == expect, "got size %lu, expected %lu.\n", cb, expect);
    if (cb != expect) return;
    ok(!data[0] && !data[1] && !data[2] && !data[3], "got flags %02x%02x%02x%02x.\n", data[0], data[1], data[2],
            data[3]);
    ok(!memcmp(data + 4, oneoff_uid, 16), "the UID is not MAPI_ONE_OFF_UID.\n");
    ok(!data[20] && !data[21], "got version %#x.\n", data[20] | (data[21] << 8));
    ok((data[22] | (data[23] << 8)) == flags, "got flags %#x, expected %#x.\n", data[22] | (data[23] << 8), flags);
    for (i = 0; i < 3; i++)
    {
        ok(!memcmp(data + offset, strings[i], sizes[i]), "string %lu differs.\n", i);
        offset += sizes[i];
    }
}

static void test_CreateOneOff(void)
{
    ENTRYID *eid;
    HRESULT hr;
    ULONG cb;

    cb = 0xdead;
    eid = NULL;
    hr = IAddrBook_CreateOneOff(book, (char *)"Test User", (char *)"SMTP", (char *)"test@example.com", 0, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_oneoff_bytes(cb, eid, 0, "Test User", "SMTP", "test@example.com", FALSE);
    pMAPIFreeBuffer(eid);

    hr = IAddrBook_CreateOneOff(book, (char *)"Fax User", (char *)"FAX", (char *)"+1 555 0100",
            MAPI_SEND_NO_RICH_INFO, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_oneoff_bytes(cb, eid, MAPI_ONE_OFF_NO_RICH_INFO, "Fax User", "FAX", "+1 555 0100", FALSE);
    pMAPIFreeBuffer(eid);

    hr = IAddrBook_CreateOneOff(book, (char *)L"Ünïcode User", (char *)L"SMTP", (char *)L"uni@example.com",
            MAPI_UNICODE, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_oneoff_bytes(cb, eid, MAPI_ONE_OFF_UNICODE, L"Ünïcode User", L"SMTP", L"uni@example.com", TRUE);
    pMAPIFreeBuffer(eid);

    /* The display name may be missing. */
    hr = IAddrBook_CreateOneOff(book, NULL, (char *)"SMTP", (char *)"noname@example.com", 0, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_oneoff_bytes(cb, eid, 0, "", "SMTP", "noname@example.com", FALSE);
    pMAPIFreeBuffer(eid);

    hr = IAddrBook_CreateOneOff(book, (char *)"x", NULL, (char *)"a@b", 0, &cb, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_CreateOneOff(book, (char *)"x", (char *)"SMTP", NULL, 0, &cb, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_CreateOneOff(book, (char *)"x", (char *)"SMTP", (char *)"a@b", 0, NULL, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_CreateOneOff(book, (char *)"x", (char *)"SMTP", (char *)"a@b", 0, &cb, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_CreateOneOff(book, (char *)"x", (char *)"SMTP", (char *)"a@b", 0x1, &cb, &eid);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
}

static void test_oneoff_user(void)
{
    static const char search_key[] = "SMTP:MIXED.CASE@EXAMPLE.COM";
    SizedSPropTagArray(11, tags) = {11, {PR_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_ENTRYID,
            PR_RECORD_KEY, PR_SEARCH_KEY, PR_OBJECT_TYPE, PR_DISPLAY_TYPE, PR_SEND_RICH_INFO,
            PR_TRANSMITABLE_DISPLAY_NAME_A, PR_DISPLAY_NAME_W}};
    SizedSPropTagArray(1, rich) = {1, {PR_SEND_RICH_INFO}};
    SPropValue *props, value;
    SPropProblemArray *problems;
    IMailUser *user;
    IUnknown *unk, *other;
    ULONG cb, type, count;
    ENTRYID *eid;
    HRESULT hr;

    hr = IAddrBook_CreateOneOff(book, (char *)"Mixed Case", (char *)"smtp", (char *)"Mixed.Case@example.com", 0,
            &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);

    type = 0xdead;
    hr = IAddrBook_OpenEntry(book, cb, eid, NULL, 0, &type, &unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(type == MAPI_MAILUSER, "got type %lu.\n", type);
    if (FAILED(hr)) return;
    hr = IUnknown_QueryInterface(unk, &iid_mail_user, (void **)&user);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IUnknown_QueryInterface(unk, &iid_mapi_container, (void **)&other);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);

    hr = IMailUser_GetProps(user, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 11, "got %lu values.\n", count);
    ok(!strcmp(props[0].Value.lpszA, "Mixed Case"), "got name %s.\n", debugstr_a(props[0].Value.lpszA));
    ok(!strcmp(props[1].Value.lpszA, "smtp"), "got type %s.\n", debugstr_a(props[1].Value.lpszA));
    ok(!strcmp(props[2].Value.lpszA, "Mixed.Case@example.com"), "got %s.\n", debugstr_a(props[2].Value.lpszA));
    ok(props[3].Value.bin.cb == cb && !memcmp(props[3].Value.bin.lpb, eid, cb), "PR_ENTRYID differs.\n");
    ok(props[4].Value.bin.cb == cb && !memcmp(props[4].Value.bin.lpb, eid, cb), "PR_RECORD_KEY differs.\n");
    ok(props[5].Value.bin.cb == sizeof(search_key) && !memcmp(props[5].Value.bin.lpb, search_key,
            sizeof(search_key)), "got search key %s.\n",
            debugstr_an((char *)props[5].Value.bin.lpb, props[5].Value.bin.cb));
    ok(props[6].Value.l == MAPI_MAILUSER, "got object type %ld.\n", props[6].Value.l);
    ok(props[7].Value.l == DT_MAILUSER, "got display type %ld.\n", props[7].Value.l);
    ok(props[8].ulPropTag == PR_SEND_RICH_INFO && !props[8].Value.b, "an Internet address gets rich info.\n");
    ok(props[9].ulPropTag == PR_TRANSMITABLE_DISPLAY_NAME_A, "got %#lx.\n", props[9].ulPropTag);
    ok(props[10].ulPropTag == PR_DISPLAY_NAME_W && !wcscmp(props[10].Value.lpszW, L"Mixed Case"),
            "got %#lx.\n", props[10].ulPropTag);
    pMAPIFreeBuffer(props);

    /* One-off entries are read-only. */
    value.ulPropTag = PR_DISPLAY_NAME_A;
    value.Value.lpszA = (char *)"Changed";
    problems = NULL;
    hr = IMailUser_SetProps(user, 1, &value, &problems);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IMailUser_GetProps(user, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK && !strcmp(props[0].Value.lpszA, "Mixed Case"), "the name changed.\n");
    pMAPIFreeBuffer(props);
    IMailUser_Release(user);
    IUnknown_Release(unk);

    hr = IAddrBook_OpenEntry(book, cb, eid, &iid_mapi_table, 0, &type, &unk);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);

    /* The session opens one-off entries as well. */
    hr = IMAPISession_OpenEntry(session, cb, eid, &iid_mail_user, 0, &type, &unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(type == MAPI_MAILUSER, "got type %lu.\n", type);
    if (SUCCEEDED(hr)) IUnknown_Release(unk);
    pMAPIFreeBuffer(eid);

    /* Other address types get rich information unless told otherwise. */
    hr = IAddrBook_CreateOneOff(book, (char *)"Fax", (char *)"FAX", (char *)"5550100", 0, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IAddrBook_OpenEntry(book, cb, eid, NULL, 0, &type, (IUnknown **)&user);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMailUser_GetProps(user, (SPropTagArray *)&rich, 0, &count, &props);
    ok(hr == S_OK && props[0].Value.b, "a fax recipient gets no rich info.\n");
    pMAPIFreeBuffer(props);
    IMailUser_Release(user);
    pMAPIFreeBuffer(eid);

    hr = IAddrBook_CreateOneOff(book, (char *)"Fax", (char *)"FAX", (char *)"5550100", MAPI_SEND_NO_RICH_INFO,
            &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IAddrBook_OpenEntry(book, cb, eid, NULL, 0, &type, (IUnknown **)&user);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMailUser_GetProps(user, (SPropTagArray *)&rich, 0, &count, &props);
    ok(hr == S_OK && !props[0].Value.b, "MAPI_SEND_NO_RICH_INFO was ignored.\n");
    pMAPIFreeBuffer(props);
    IMailUser_Release(user);
    pMAPIFreeBuffer(eid);

    hr = IAddrBook_OpenEntry(book, sizeof(unknown_eid), (ENTRYID *)unknown_eid, NULL, 0, &type, &unk);
    ok(hr == MAPI_E_UNKNOWN_ENTRYID, "got %#lx.\n", hr);
    hr = IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, NULL, &unk);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, &type, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

static void test_root_container(void)
{
    SizedSPropTagArray(2, tags) = {2, {PR_OBJECT_TYPE, PR_CONTAINER_FLAGS}};
    IABContainer *root;
    IMAPITable *table;
    SPropValue *props;
    ULONG type, count;
    HRESULT hr;

    hr = IAddrBook_OpenEntry(book, 0, NULL, NULL, 0, &type, (IUnknown **)&root);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(type == MAPI_ABCONT, "got type %lu.\n", type);
    if (FAILED(hr)) return;
    hr = IABContainer_GetProps(root, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(props[0].Value.l == MAPI_ABCONT, "got %ld.\n", props[0].Value.l);
    ok(props[1].Value.l & AB_SUBCONTAINERS, "got %#lx.\n", props[1].Value.l);
    pMAPIFreeBuffer(props);

    /* No provider: the hierarchy is empty. */
    hr = IABContainer_GetHierarchyTable(root, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IMAPITable_GetRowCount(table, 0, &count);
        ok(hr == S_OK && !count, "got %#lx, %lu rows.\n", hr, count);
        IMAPITable_Release(table);
    }
    hr = IABContainer_GetHierarchyTable(root, 0x100, &table);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IABContainer_GetContentsTable(root, 0, &table);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    IABContainer_Release(root);
}

static void test_CompareEntryIDs(void)
{
    ENTRYID *eid1, *eid2, *eid3, *eid4;
    ULONG cb1, cb2, cb3, cb4, result;
    HRESULT hr;

    IAddrBook_CreateOneOff(book, (char *)"One", (char *)"SMTP", (char *)"same@example.com", 0, &cb1, &eid1);
    IAddrBook_CreateOneOff(book, (char *)"Other name", (char *)"smtp", (char *)"SAME@Example.com",
            MAPI_SEND_NO_RICH_INFO, &cb2, &eid2);
    IAddrBook_CreateOneOff(book, (char *)L"Wide", (char *)L"SMTP", (char *)L"same@example.com", MAPI_UNICODE,
            &cb3, &eid3);
    IAddrBook_CreateOneOff(book, (char *)"One", (char *)"SMTP", (char *)"different@example.com", 0, &cb4, &eid4);

    result = 0xdead;
    hr = IAddrBook_CompareEntryIDs(book, cb1, eid1, cb2, eid2, 0, &result);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(result == TRUE, "got %lu.\n", result);
    result = 0xdead;
    hr = IAddrBook_CompareEntryIDs(book, cb1, eid1, cb3, eid3, 0, &result);
    ok(hr == S_OK && result == TRUE, "got %#lx, %lu.\n", hr, result);
    result = 0xdead;
    hr = IAddrBook_CompareEntryIDs(book, cb1, eid1, cb4, eid4, 0, &result);
    ok(hr == S_OK && result == FALSE, "got %#lx, %lu.\n", hr, result);

    result = 0xdead;
    hr = IMAPISession_CompareEntryIDs(session, cb1, eid1, cb2, eid2, 0, &result);
    ok(hr == S_OK && result == TRUE, "got %#lx, %lu.\n", hr, result);

    hr = IAddrBook_CompareEntryIDs(book, cb1, eid1, cb2, eid2, 1, &result);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IAddrBook_CompareEntryIDs(book, cb1, eid1, cb2, eid2, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_CompareEntryIDs(book, cb1, eid1, sizeof(unknown_eid), (ENTRYID *)unknown_eid, 0, &result);
    ok(hr == MAPI_E_UNKNOWN_ENTRYID, "got %#lx.\n", hr);

    pMAPIFreeBuffer(eid1);
    pMAPIFreeBuffer(eid2);
    pMAPIFreeBuffer(eid3);
    pMAPIFreeBuffer(eid4);
}

/* A recipient list the way ADRLIST rules want it: every property array
 * its own MAPIAllocateBuffer block. */
static ADRLIST *make_adrlist(ULONG count, const char **names, BOOL unicode)
{
    ADRLIST *list;
    ULONG i;

    pMAPIAllocateBuffer(offsetof(ADRLIST, aEntries) + count * sizeof(ADRENTRY), (void **)&list);
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        SPropValue *props;

        pMAPIAllocateBuffer(2 * sizeof(*props), (void **)&props);
        props[0].ulPropTag = PR_RECIPIENT_TYPE;
        props[0].Value.l = MAPI_TO + (i % 3);
        if (unicode)
        {
            int len = MultiByteToWideChar(CP_ACP, 0, names[i], -1, NULL, 0);

            props[1].ulPropTag = PR_DISPLAY_NAME_W;
            pMAPIAllocateMore(len * sizeof(WCHAR), props, (void **)&props[1].Value.lpszW);
            MultiByteToWideChar(CP_ACP, 0, names[i], -1, props[1].Value.lpszW, len);
        }
        else
        {
            props[1].ulPropTag = PR_DISPLAY_NAME_A;
            pMAPIAllocateMore(strlen(names[i]) + 1, props, (void **)&props[1].Value.lpszA);
            strcpy(props[1].Value.lpszA, names[i]);
        }
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 2;
        list->aEntries[i].rgPropVals = props;
    }
    return list;
}

static void check_resolved_oneoff(const ADRENTRY *entry, ULONG recipient_type, const char *address, BOOL unicode)
{
    ULONG string = unicode ? PT_UNICODE : PT_STRING8;
    const SPropValue *eid, *name, *type, *email, *prop;
    char key[256], buffer[256];

    eid = find_prop(entry->rgPropVals, entry->cValues, PR_ENTRYID);
    ok(eid != NULL, "%s: no PR_ENTRYID.\n", address);
    if (eid)
        ok(eid->Value.bin.cb > 24 && !memcmp(eid->Value.bin.lpb + 4, oneoff_uid, 16), "%s: not a one-off.\n",
                address);
    name = find_prop(entry->rgPropVals, entry->cValues, PROP_TAG(string, PROP_ID(PR_DISPLAY_NAME_A)));
    type = find_prop(entry->rgPropVals, entry->cValues, PROP_TAG(string, PROP_ID(PR_ADDRTYPE_A)));
    email = find_prop(entry->rgPropVals, entry->cValues, PROP_TAG(string, PROP_ID(PR_EMAIL_ADDRESS_A)));
    ok(name && type && email, "%s: missing strings %p %p %p.\n", address, name, type, email);
    if (name && type && email && unicode)
    {
        WideCharToMultiByte(CP_ACP, 0, email->Value.lpszW, -1, buffer, sizeof(buffer), NULL, NULL);
        ok(!strcmp(buffer, address), "got address %s.\n", buffer);
        ok(!wcscmp(type->Value.lpszW, L"SMTP"), "got type %s.\n", wine_dbgstr_w(type->Value.lpszW));
        WideCharToMultiByte(CP_ACP, 0, name->Value.lpszW, -1, buffer, sizeof(buffer), NULL, NULL);
        ok(!strcmp(buffer, address), "got name %s.\n", buffer);
    }
    else if (name && type && email)
    {
        ok(!strcmp(email->Value.lpszA, address), "got address %s.\n", email->Value.lpszA);
        ok(!strcmp(type->Value.lpszA, "SMTP"), "got type %s.\n", type->Value.lpszA);
        ok(!strcmp(name->Value.lpszA, address), "got name %s.\n", name->Value.lpszA);
    }
    prop = find_prop(entry->rgPropVals, entry->cValues, PR_RECIPIENT_TYPE);
    ok(prop && prop->Value.l == recipient_type, "%s: PR_RECIPIENT_TYPE was not kept.\n", address);
    prop = find_prop(entry->rgPropVals, entry->cValues, PR_OBJECT_TYPE);
    ok(prop && prop->Value.l == MAPI_MAILUSER, "%s: wrong PR_OBJECT_TYPE.\n", address);
    prop = find_prop(entry->rgPropVals, entry->cValues, PR_DISPLAY_TYPE);
    ok(prop && prop->Value.l == DT_MAILUSER, "%s: wrong PR_DISPLAY_TYPE.\n", address);
    prop = find_prop(entry->rgPropVals, entry->cValues, PR_SEARCH_KEY);
    strcpy(key, "SMTP:");
    strcat(key, address);
    CharUpperA(key);
    ok(prop && prop->Value.bin.cb == strlen(key) + 1 && !memcmp(prop->Value.bin.lpb, key, strlen(key) + 1),
            "%s: wrong PR_SEARCH_KEY.\n", address);
    ok(!find_prop(entry->rgPropVals, entry->cValues, PROP_TAG(unicode ? PT_STRING8 : PT_UNICODE,
            PROP_ID(PR_DISPLAY_NAME_A))), "%s: the display name is there twice.\n", address);
}

static void test_ResolveName(void)
{
    static const char *names[] = {"SMTP:alice@example.com", "[SMTP:bob@example.org]", "  carol@example.net  "};
    static const char *mixed[] = {"dave@example.com", "Nobody Special", "x"};
    SPropValue *old_props[3];
    ADRLIST *list;
    HRESULT hr;
    ULONG i;

    list = make_adrlist(3, names, FALSE);
    for (i = 0; i < 3; i++) old_props[i] = list->aEntries[i].rgPropVals;
    hr = IAddrBook_ResolveName(book, 0, 0, NULL, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list->cEntries == 3, "got %lu entries.\n", list->cEntries);
    check_resolved_oneoff(&list->aEntries[0], MAPI_TO, "alice@example.com", FALSE);
    check_resolved_oneoff(&list->aEntries[1], MAPI_CC, "bob@example.org", FALSE);
    check_resolved_oneoff(&list->aEntries[2], MAPI_BCC, "carol@example.net", FALSE);
    for (i = 0; i < 3; i++)
        ok(list->aEntries[i].rgPropVals != old_props[i], "entry %lu kept its array.\n", i);

    /* Resolved entries are left alone. */
    for (i = 0; i < 3; i++) old_props[i] = list->aEntries[i].rgPropVals;
    hr = IAddrBook_ResolveName(book, 0, 0, NULL, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    for (i = 0; i < 3; i++)
        ok(list->aEntries[i].rgPropVals == old_props[i], "entry %lu was replaced.\n", i);
    pFreePadrlist(list);

    /* Without providers a plain name resolves nowhere; the others still do. */
    list = make_adrlist(3, mixed, FALSE);
    for (i = 0; i < 3; i++) old_props[i] = list->aEntries[i].rgPropVals;
    hr = IAddrBook_ResolveName(book, 0, 0, NULL, list);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    check_resolved_oneoff(&list->aEntries[0], MAPI_TO, "dave@example.com", FALSE);
    ok(list->aEntries[1].rgPropVals == old_props[1], "the unresolved entry changed.\n");
    ok(list->aEntries[1].cValues == 2, "got %lu values.\n", list->aEntries[1].cValues);
    ok(!find_prop(list->aEntries[2].rgPropVals, list->aEntries[2].cValues, PR_ENTRYID), "\"x\" resolved.\n");

    /* With MAPI_DIALOG there is no dialog to ask: the same answer. */
    hr = IAddrBook_ResolveName(book, 0, MAPI_DIALOG, NULL, list);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    pFreePadrlist(list);

    list = make_adrlist(3, names, TRUE);
    hr = IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_resolved_oneoff(&list->aEntries[0], MAPI_TO, "alice@example.com", TRUE);
    check_resolved_oneoff(&list->aEntries[2], MAPI_BCC, "carol@example.net", TRUE);
    pFreePadrlist(list);

    /* ANSI input, Unicode output. */
    list = make_adrlist(1, names, FALSE);
    hr = IAddrBook_ResolveName(book, 0, MAPI_UNICODE, NULL, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_resolved_oneoff(&list->aEntries[0], MAPI_TO, "alice@example.com", TRUE);
    pFreePadrlist(list);

    list = make_adrlist(0, NULL, FALSE);
    hr = IAddrBook_ResolveName(book, 0, 0, NULL, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    pFreePadrlist(list);
    hr = IAddrBook_ResolveName(book, 0, 0, NULL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

static void test_PrepareRecips(void)
{
    static const char *names[] = {"SMTP:erin@example.com", "Unresolved Name"};
    SizedSPropTagArray(3, tags) = {3, {PR_EMAIL_ADDRESS_A, PR_SEARCH_KEY, PR_COMPANY_NAME_A}};
    SPropValue *unresolved;
    ADRLIST *list;
    HRESULT hr;
    ULONG i, count;

    list = make_adrlist(2, names, FALSE);
    hr = IAddrBook_ResolveName(book, 0, 0, NULL, list);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    count = list->aEntries[0].cValues;
    unresolved = list->aEntries[1].rgPropVals;

    hr = IAddrBook_PrepareRecips(book, 0, (SPropTagArray *)&tags, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list->aEntries[0].cValues == count + 1, "got %lu values, had %lu.\n", list->aEntries[0].cValues, count);
    ok(list->aEntries[0].rgPropVals[0].ulPropTag == PR_EMAIL_ADDRESS_A
            && !strcmp(list->aEntries[0].rgPropVals[0].Value.lpszA, "erin@example.com"), "got %#lx.\n",
            list->aEntries[0].rgPropVals[0].ulPropTag);
    ok(list->aEntries[0].rgPropVals[1].ulPropTag == PR_SEARCH_KEY, "got %#lx.\n",
            list->aEntries[0].rgPropVals[1].ulPropTag);
    ok(list->aEntries[0].rgPropVals[2].ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(PR_COMPANY_NAME_A))
            && list->aEntries[0].rgPropVals[2].Value.err == MAPI_E_NOT_FOUND, "got %#lx, %#lx.\n",
            list->aEntries[0].rgPropVals[2].ulPropTag, list->aEntries[0].rgPropVals[2].Value.err);
    for (i = 3; i < list->aEntries[0].cValues; i++)
    {
        ULONG id = PROP_ID(list->aEntries[0].rgPropVals[i].ulPropTag);
        ok(id != PROP_ID(PR_EMAIL_ADDRESS_A) && id != PROP_ID(PR_SEARCH_KEY), "property %#lx is there twice.\n",
                list->aEntries[0].rgPropVals[i].ulPropTag);
    }
    ok(find_prop(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_RECIPIENT_TYPE) != NULL,
            "PR_RECIPIENT_TYPE is gone.\n");
    ok(list->aEntries[1].rgPropVals == unresolved, "the unresolved entry changed.\n");

    hr = IAddrBook_PrepareRecips(book, 0, NULL, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IAddrBook_PrepareRecips(book, 0, (SPropTagArray *)&tags, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    pFreePadrlist(list);
}

static void test_search_path(void)
{
    SRowSet *path, set;
    SPropValue prop;
    ENTRYID *eid;
    HRESULT hr;
    ULONG cb;

    path = (SRowSet *)0xdeadbeef;
    hr = IAddrBook_GetSearchPath(book, 0, &path);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(path && path != (SRowSet *)0xdeadbeef && !path->cRows, "got %p, %lu rows.\n", path,
            path && path != (SRowSet *)0xdeadbeef ? path->cRows : 0);
    if (path && path != (SRowSet *)0xdeadbeef) pFreeProws(path);
    hr = IAddrBook_GetSearchPath(book, MAPI_UNICODE, &path);
    ok(hr == S_OK && !path->cRows, "got %#lx.\n", hr);
    pFreeProws(path);
    hr = IAddrBook_GetSearchPath(book, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    set.cRows = 1;
    set.aRow[0].ulAdrEntryPad = 0;
    set.aRow[0].cValues = 1;
    set.aRow[0].lpProps = &prop;
    prop.ulPropTag = PR_DISPLAY_NAME_A;
    prop.Value.lpszA = (char *)"no entry ID";
    hr = IAddrBook_SetSearchPath(book, 0, &set);
    ok(hr == MAPI_E_MISSING_REQUIRED_COLUMN, "got %#lx.\n", hr);
    prop.ulPropTag = PR_ENTRYID;
    prop.Value.bin.cb = sizeof(unknown_eid);
    prop.Value.bin.lpb = (BYTE *)unknown_eid;
    hr = IAddrBook_SetSearchPath(book, 1, &set);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IAddrBook_SetSearchPath(book, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* A container no provider knows is dropped when the path is read. */
    hr = IAddrBook_SetSearchPath(book, 0, &set);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IAddrBook_GetSearchPath(book, 0, &path);
    ok(hr == S_OK && !path->cRows, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) pFreeProws(path);

    cb = 0xdead;
    eid = (ENTRYID *)0xdeadbeef;
    hr = IAddrBook_GetPAB(book, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!cb && !eid, "got %lu, %p.\n", cb, eid);
    hr = IAddrBook_GetPAB(book, NULL, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    cb = 0xdead;
    eid = (ENTRYID *)0xdeadbeef;
    hr = IAddrBook_GetDefaultDir(book, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!cb && !eid, "got %lu, %p.\n", cb, eid);

    hr = IAddrBook_SetPAB(book, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_SetDefaultDir(book, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    /* Settings that name a missing provider are not used. */
    hr = IAddrBook_SetPAB(book, sizeof(unknown_eid), (ENTRYID *)unknown_eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IAddrBook_GetPAB(book, &cb, &eid);
    ok(hr == S_OK && !cb && !eid, "got %#lx, %lu, %p.\n", hr, cb, eid);
}

static void test_no_ui(void)
{
    ULONG_PTR ui = 0;
    ADRPARM params;
    ADRLIST *list = NULL;
    ADRENTRY entry;
    SPropValue *options;
    ENTRYID *eid, *new_eid;
    ULONG cb, cb_new, count;
    HRESULT hr;

    memset(&params, 0, sizeof(params));
    params.ulFlags = DIALOG_MODAL;
    hr = IAddrBook_Address(book, &ui, &params, &list);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    ok(!list, "got %p.\n", list);
    hr = IAddrBook_Address(book, &ui, NULL, &list);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_Address(book, NULL, &params, &list);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    IAddrBook_CreateOneOff(book, (char *)"Details", (char *)"SMTP", (char *)"details@example.com", 0, &cb, &eid);
    hr = IAddrBook_Details(book, &ui, NULL, NULL, cb, eid, NULL, NULL, NULL, DIALOG_MODAL);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IAddrBook_Details(book, &ui, NULL, NULL, 0, NULL, NULL, NULL, NULL, DIALOG_MODAL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = IAddrBook_NewEntry(book, 0, 0, 0, NULL, 0, NULL, &cb_new, &new_eid);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IAddrBook_NewEntry(book, 0, 0x1, 0, NULL, 0, NULL, &cb_new, &new_eid);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    entry.ulReserved1 = 0;
    entry.cValues = 0;
    entry.rgPropVals = NULL;
    hr = IAddrBook_RecipOptions(book, 0, 0, &entry);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    hr = IAddrBook_RecipOptions(book, 0, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_QueryDefaultRecipOpt(book, (char *)"SMTP", 0, &count, &options);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IAddrBook_QueryDefaultRecipOpt(book, NULL, 0, &count, &options);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    pMAPIFreeBuffer(eid);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    *out = NULL;
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &iid_advise_sink)) return E_NOINTERFACE;
    *out = iface;
    return S_OK;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return 2;
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return 1;
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    ok(0, "unexpected notification.\n");
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl = {sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify};
static IMAPIAdviseSink sink = {&sink_vtbl};

static void test_Advise(void)
{
    ULONG_PTR connection;
    ENTRYID *eid;
    HRESULT hr;
    ULONG cb;

    IAddrBook_CreateOneOff(book, (char *)"Advise", (char *)"SMTP", (char *)"advise@example.com", 0, &cb, &eid);
    connection = 0xdead;
    hr = IAddrBook_Advise(book, cb, eid, fnevObjectModified, &sink, &connection);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    ok(!connection, "got %#Ix.\n", connection);
    hr = IAddrBook_Advise(book, sizeof(unknown_eid), (ENTRYID *)unknown_eid, fnevObjectModified, &sink,
            &connection);
    ok(hr == MAPI_E_UNKNOWN_ENTRYID, "got %#lx.\n", hr);
    hr = IAddrBook_Advise(book, cb, eid, fnevObjectModified, NULL, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IAddrBook_Unadvise(book, 12345);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    pMAPIFreeBuffer(eid);
}

static void test_props(void)
{
    SizedSPropTagArray(1, tags) = {1, {PR_OBJECT_TYPE}};
    SPropProblemArray *problems = NULL;
    SPropValue *props, prop;
    IUnknown *unk;
    ULONG count;
    HRESULT hr;

    hr = IAddrBook_GetProps(book, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 1 && props[0].ulPropTag == PR_OBJECT_TYPE && props[0].Value.l == MAPI_ADDRBOOK,
            "got %#lx, %ld.\n", props[0].ulPropTag, props[0].Value.l);
    pMAPIFreeBuffer(props);

    prop.ulPropTag = PR_DISPLAY_NAME_A;
    prop.Value.lpszA = (char *)"address book";
    hr = IAddrBook_SetProps(book, 1, &prop, &problems);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    hr = IAddrBook_QueryInterface(book, &iid_mapi_prop, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IUnknown_Release(unk);
    hr = IAddrBook_QueryInterface(book, &iid_mapi_container, (void **)&unk);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
}

/* An address book kept past the session's logoff: one-offs still work,
 * everything that needs the providers reports the ended session. */
static void test_after_logoff(void)
{
    IAddrBook *kept;
    SRowSet *path;
    ENTRYID *eid;
    IUnknown *unk;
    ULONG cb, type;
    HRESULT hr;

    hr = IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &kept);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMAPISession_Release(session);
    session = NULL;

    hr = IAddrBook_GetSearchPath(kept, 0, &path);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    hr = IAddrBook_CreateOneOff(kept, (char *)"Late", (char *)"SMTP", (char *)"late@example.com", 0, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IAddrBook_OpenEntry(kept, cb, eid, NULL, 0, &type, &unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr)) IUnknown_Release(unk);
    pMAPIFreeBuffer(eid);
    IAddrBook_Release(kept);
}

static const char missing_inf[] =
    "[Services]\r\n"
    "ABTEST_MISSING=Address book test\r\n"
    "\r\n"
    "[ABTEST_MISSING]\r\n"
    "PR_DISPLAY_NAME=Address book test\r\n"
    "Providers=ABTEST_MISSING_AB\r\n"
    "\r\n"
    "[ABTEST_MISSING_AB]\r\n"
    "PR_DISPLAY_NAME=Missing address book\r\n"
    "PR_PROVIDER_DLL_NAME=ABTESTNONE.DLL\r\n"
    "PR_RESOURCE_TYPE=35\r\n";

/* An address-book provider that cannot be loaded is left out of the
 * session; the session and its address book still work. */
static void test_missing_provider(void)
{
    static const char name[] = "wine_addrbook_missing";
    static const char *recipient[] = {"SMTP:still@example.com"};
    char inf_path[MAX_PATH];
    IMsgServiceAdmin *services;
    IMAPISession *other;
    IAddrBook *other_book;
    SRowSet *path;
    ADRLIST *list;
    HANDLE file;
    DWORD written;
    HRESULT hr;

    GetSystemDirectoryA(inf_path, sizeof(inf_path));
    lstrcatA(inf_path, "\\MAPISVC.INF");
    /* The prefix starts without one: never overwrite somebody's INF. */
    ok(GetFileAttributesA(inf_path) == INVALID_FILE_ATTRIBUTES, "%s exists already.\n", inf_path);
    if (GetFileAttributesA(inf_path) != INVALID_FILE_ATTRIBUTES) return;
    file = CreateFileA(inf_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s, error %lu.\n", inf_path, GetLastError());
    if (file == INVALID_HANDLE_VALUE) return;
    WriteFile(file, missing_inf, strlen(missing_inf), &written, NULL);
    CloseHandle(file);

    IProfAdmin_DeleteProfile(admin, (char *)name, 0);
    hr = IProfAdmin_CreateProfile(admin, (char *)name, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile got %#lx.\n", hr);
    hr = IProfAdmin_AdminServices(admin, (char *)name, NULL, 0, 0, &services);
    ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IMsgServiceAdmin_CreateMsgService(services, (char *)"ABTEST_MISSING", NULL, 0, 0);
        ok(hr == S_OK, "CreateMsgService got %#lx.\n", hr);
        IMsgServiceAdmin_Release(services);
    }

    hr = pMAPILogonEx(0, (char *)name, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL | MAPI_EXPLICIT_PROFILE,
            &other);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IMAPISession_OpenAddressBook(other, 0, NULL, AB_NO_DIALOG, &other_book);
        ok(hr == S_OK, "OpenAddressBook got %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            hr = IAddrBook_GetSearchPath(other_book, 0, &path);
            ok(hr == S_OK && !path->cRows, "got %#lx.\n", hr);
            if (SUCCEEDED(hr)) pFreeProws(path);
            list = make_adrlist(1, recipient, FALSE);
            hr = IAddrBook_ResolveName(other_book, 0, 0, NULL, list);
            ok(hr == S_OK, "got %#lx.\n", hr);
            check_resolved_oneoff(&list->aEntries[0], MAPI_TO, "still@example.com", FALSE);
            pFreePadrlist(list);
            IAddrBook_Release(other_book);
        }
        IMAPISession_Logoff(other, 0, 0, 0);
        IMAPISession_Release(other);
    }
    hr = IProfAdmin_DeleteProfile(admin, (char *)name, 0);
    ok(hr == S_OK, "DeleteProfile got %#lx.\n", hr);
    ok(DeleteFileA(inf_path), "cannot delete %s, error %lu.\n", inf_path, GetLastError());
}

START_TEST(addrbook)
{
    if (!init_function_pointers()) return;
    if (open_address_book())
    {
        test_CreateOneOff();
        test_oneoff_user();
        test_root_container();
        test_CompareEntryIDs();
        test_ResolveName();
        test_PrepareRecips();
        test_search_path();
        test_no_ui();
        test_Advise();
        test_props();
        test_missing_provider();
        test_after_logoff();
    }
    close_address_book();
}
