/*
 * Integration tests: mapi32 hosting an address-book provider, watched
 * through the recording fixture provider's call log.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include <stddef.h>
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapispi.h"
#include "mapiadmin.h"

#include "recprov_test.h"

#define AB_LINES "ABProviderInit,abp.,abl.Logoff,abl.Release,sup.AddRef,sup.Release,sup.SetProviderUID,sup.NewUID," \
        "sup.ModifyStatusRow,sup.OpenProfileSection,raise"

static BOOL ab_begin(const char *const *services, IMAPISession **session, HRESULT expect)
{
    HRESULT hr;

    *session = NULL;
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (hr) return FALSE;
    if (!recprov_create_profile(services)) return FALSE;
    recprov_log_start();
    hr = recprov_logon(session);
    ok(hr == expect, "MAPILogonEx got %#lx.\n", hr);
    if (hr) *session = NULL;
    return hr == S_OK;
}

static void ab_end(IMAPISession *session, const char *logoff_log)
{
    HRESULT hr;
    LONG live;

    if (session)
    {
        recprov_log_skip();
        hr = IMAPISession_Logoff(session, 0, 0, 0);
        ok(hr == S_OK, "Logoff got %#lx.\n", hr);
        if (logoff_log) check_log(AB_LINES, logoff_log);
        IMAPISession_Release(session);
    }
    recprov_delete_profile();
    pMAPIUninitialize();
    ok(!recprov_loaded(), "recprov32.dll is still loaded.\n");
    live = recprov_live_objects();
    ok(live == 0, "%ld fixture objects alive at the end.\n", live);
    ok(recprov_log_has("detach live=0"), "no \"detach live=0\" in the log.\n");
}

static const SPropValue *find_prop(const ADRENTRY *entry, ULONG tag)
{
    ULONG i;

    for (i = 0; i < entry->cValues; i++)
        if (entry->rgPropVals[i].ulPropTag == tag) return &entry->rgPropVals[i];
    return NULL;
}

/* ResolveName on one name; returns its result and, resolved, the entry. */
static HRESULT resolve(IAddrBook *book, const char *name, ADRLIST **out)
{
    ADRLIST *list;
    HRESULT hr;

    pMAPIAllocateBuffer(offsetof(ADRLIST, aEntries[1]), (void **)&list);
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    pMAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals);
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
    list->aEntries[0].rgPropVals[0].Value.lpszA = (char *)name;
    hr = IAddrBook_ResolveName(book, 0, 0, NULL, list);
    *out = list;
    return hr;
}

static void free_list(ADRLIST *list)
{
    ULONG i;

    for (i = 0; i < list->cEntries; i++) pMAPIFreeBuffer(list->aEntries[i].rgPropVals);
    pMAPIFreeBuffer(list);
}

static void check_string(const ADRENTRY *entry, ULONG tag, const char *expected)
{
    const SPropValue *prop = find_prop(entry, tag);

    ok(prop && !strcmp(prop->Value.lpszA, expected), "tag %#lx: got %s.\n", tag, prop ? prop->Value.lpszA : "none");
}

/* Logon with the session, names resolved through the provider's
 * container, an entry opened by its ID, the documented logoff. */
static void test_ab_logon_resolve(void)
{
    static const char *const services[] = {"RecAB", NULL};
    SizedSPropTagArray(1, tags) = {1, {PR_EMAIL_ADDRESS_A}};
    const SPropValue *eid;
    IMAPISession *session;
    IMAPIProp *user;
    IAddrBook *book;
    SPropValue *props;
    ADRLIST *list;
    ULONG type, count;
    HRESULT hr;

    if (!ab_begin(services, &session, S_OK)) goto done;
    check_log(AB_LINES,
            "ABProviderInit flags=0x0 version=0x10010\n"
            "abp.Logon flags=0x*\n"
            "sup.OpenProfileSection uid=NULL flags=0x1 in=abp.Logon\n"
            "sup.NewUID in=abp.Logon\n"
            "sup.SetProviderUID in=abp.Logon\n"
            "sup.AddRef(by provider) in=abp.Logon\n"
            "sup.ModifyStatusRow count=3 code=0x1 in=abp.Logon\n");
    ok(recprov_status_row(session, "Recording Address Book", STATUS_AVAILABLE), "no status row for the provider.\n");

    hr = IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book);
    ok(hr == S_OK, "OpenAddressBook got %#lx.\n", hr);
    if (hr) goto done;

    hr = resolve(book, "Alice", &list);
    ok(hr == S_OK, "ResolveName got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_string(&list->aEntries[0], PR_DISPLAY_NAME_A, "Alice Archer");
        check_string(&list->aEntries[0], PR_ADDRTYPE_A, "SMTP");
        check_string(&list->aEntries[0], PR_EMAIL_ADDRESS_A, "alice@example.com");
        eid = find_prop(&list->aEntries[0], PR_ENTRYID);
        ok(eid && eid->Value.bin.cb == 28, "got entry ID of %lu bytes.\n", eid ? eid->Value.bin.cb : 0);
        if (eid)
        {
            recprov_log_skip();
            hr = IMAPISession_OpenEntry(session, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb, NULL, 0,
                    &type, (IUnknown **)&user);
            ok(hr == S_OK, "OpenEntry got %#lx.\n", hr);
            ok(recprov_log_has("abl.OpenEntry cb=28 flags=0x*"), "the provider did not open the entry.\n");
            if (hr == S_OK)
            {
                ok(type == MAPI_MAILUSER, "got type %lu.\n", type);
                hr = IMAPIProp_GetProps(user, (SPropTagArray *)&tags, 0, &count, &props);
                ok(hr == S_OK, "GetProps got %#lx.\n", hr);
                if (hr == S_OK)
                {
                    ok(!strcmp(props[0].Value.lpszA, "alice@example.com"), "got %s.\n", props[0].Value.lpszA);
                    pMAPIFreeBuffer(props);
                }
                IMAPIProp_Release(user);
            }
        }
    }
    free_list(list);

    hr = resolve(book, "Bob", &list);
    ok(hr == MAPI_E_AMBIGUOUS_RECIP, "ambiguous name: got %#lx.\n", hr);
    free_list(list);
    hr = resolve(book, "Zed Zebra", &list);
    ok(hr == MAPI_E_NOT_FOUND, "unknown name: got %#lx.\n", hr);
    free_list(list);
    hr = resolve(book, "SMTP:carol@example.net", &list);
    ok(hr == S_OK, "one-off: got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_string(&list->aEntries[0], PR_ADDRTYPE_A, "SMTP");
        check_string(&list->aEntries[0], PR_EMAIL_ADDRESS_A, "carol@example.net");
    }
    free_list(list);
    IAddrBook_Release(book);
done:
    ab_end(session,
            "abl.Logoff flags=0x0\n"
            "sup.Release(by provider) in=abl.Logoff\n"
            "abl.Release(final)\n"
            "abp.Shutdown flags=0x0 logons=0*\n"
            "abp.Release(final)*\n");
}

/* Microsoft's sample order: the support object goes when the logon object does. */
static void test_ab_release_in_destructor(void)
{
    static const char *const services[] = {"RecABSample", NULL};
    IMAPISession *session;

    ab_begin(services, &session, S_OK);
    ab_end(session,
            "abl.Logoff flags=0x0\n"
            "abl.Release(final)\n"
            "sup.Release(by provider) in=abl.Release\n"
            "abp.Shutdown flags=0x0 logons=0*\n"
            "abp.Release(final)*\n");
}

/* A provider that fails: the session goes on without it, nothing is left. */
static void test_ab_failing(void)
{
    static const char *const services[] = {"RecABFail", NULL};
    IMAPISession *session;

    ab_begin(services, &session, S_OK);
    check_log("ABProviderInit,abp.Logon,sup.AddRef,sup.SetProviderUID",
            "ABProviderInit flags=0x0 version=0x10010\n"
            "abp.Logon flags=0x*\n");
    ab_end(session, NULL);
    ok(recprov_log_count("abp.Shutdown*") == 1, "got %d Shutdown calls.\n", recprov_log_count("abp.Shutdown*"));
    ok(recprov_log_count("abp.Release(final)*") == 1, "the provider was not released once.\n");
}

/* One DLL, two kinds: a store provider object and an address-book one. */
static void test_ab_and_store(void)
{
    static const char *const services[] = {"RecBoth", NULL};
    IMAPISession *session;
    IMsgStore *mdb;
    ULONG flags;
    HRESULT hr;

    if (!ab_begin(services, &session, S_OK)) goto done;
    hr = recprov_open_store(session, "Recording Store of Both", &mdb);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    if (hr == S_OK)
    {
        flags = LOGOFF_ORDERLY;
        IMsgStore_StoreLogoff(mdb, &flags);
        IMsgStore_Release(mdb);
    }
    check_log("ABProviderInit,MSProviderInit,abp.,msp.Logon,msp.Shutdown,msp.Release",
            "ABProviderInit flags=0x0 version=0x10010\n"
            "abp.Logon flags=0x*\n"
            "MSProviderInit flags=0x0 version=0x10010\n"
            "msp.Logon flags=0x* eid=NULL\n"
            "msp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
            "msp.Release(final) in=sup.Release\n");
    /* The address book is still logged on. */
    ok(recprov_live_objects() > 0, "the address book's objects are gone.\n");
done:
    ab_end(session,
            "abl.Logoff flags=0x0\n"
            "sup.Release(by provider) in=abl.Logoff\n"
            "abl.Release(final)\n"
            "abp.Shutdown flags=0x0 logons=0*\n"
            "abp.Release(final)*\n");
}

START_TEST(abhost)
{
    static const struct recprov_scenario scenarios[] =
    {
        {"logon_resolve", test_ab_logon_resolve},
        {"release_in_destructor", test_ab_release_in_destructor},
        {"failing", test_ab_failing},
        {"ab_and_store", test_ab_and_store},
        {NULL}
    };

    recprov_run_scenarios("abhost", scenarios);
}
