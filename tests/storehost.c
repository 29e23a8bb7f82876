/*
 * Integration tests: mapi32 hosting a message store provider, watched
 * through the recording fixture provider's call log.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapispi.h"
#include "mapiadmin.h"

#include "recprov_test.h"

/* A store's final Release runs the logoff cascade inside the provider's
 * own code: MAPI must not free the DLL before that code has returned.  A
 * host that does crashes the child process of the scenario on the way
 * back from IMsgStore_Release (and logs "detach live=N in=sup.Release").
 * MAPI cannot see the provider's frames when the client called it
 * directly, so such a DLL goes at the next point where no provider code
 * can be below: the session's Logoff or final Release, the next
 * OpenMsgStore or MAPILogonEx, the last MAPIUninitialize. */

/* The lines of the store's logon and logoff; the rest (GetProps, table
 * reads, profile sections) is MAPI's own business. */
#define MSP_LINES "MSProviderInit,msp.Logon,msp.Shutdown,msp.Release"
#define CASCADE MSP_LINES ",msl.,mdb.StoreLogoff,mdb.Release,sup.StoreLogoffTransports,sup.Release,sup.AddRef"
#define LOGON_LINES MSP_LINES ",msl.,sup.AddRef,sup.SetProviderUID,sup.NewUID,sup.ModifyStatusRow"
/* The store's logon only, whenever MAPI shuts the provider down. */
#define LOGON_ONLY "MSProviderInit,msp.Logon,sup.AddRef,sup.SetProviderUID,sup.NewUID,raise"

static const char *const store_only[] = {"RecStore", NULL};
static BOOL logged_off;

static void session_logoff(IMAPISession *session)
{
    HRESULT hr;

    recprov_log_skip();
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    logged_off = TRUE;
}

static BOOL scenario_begin(const char *const *services, IMAPISession **session)
{
    HRESULT hr;

    *session = NULL;
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (hr) return FALSE;
    if (!recprov_create_profile(services)) return FALSE;
    recprov_log_start();
    hr = recprov_logon(session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    return hr == S_OK;
}

/* Logs the session off (logoff_log: the cascade lines expected then, or
 * NULL), and checks that the fixture is gone with nothing left alive. */
static void scenario_end(IMAPISession *session, const char *logoff_log, HMODULE pin)
{
    LONG live;

    if (session)
    {
        if (!logged_off)
        {
            session_logoff(session);
            if (logoff_log) check_log(CASCADE, logoff_log);
        }
        IMAPISession_Release(session);
    }
    recprov_delete_profile();
    pMAPIUninitialize();
    if (pin)
    {
        ok(recprov_live_objects() == 0, "%ld fixture objects alive.\n", recprov_live_objects());
        FreeLibrary(pin);
    }
    ok(!recprov_loaded(), "recprov32.dll is still loaded.\n");
    live = recprov_live_objects();
    ok(live == 0, "%ld fixture objects alive at the end.\n", live);
    ok(recprov_log_has("detach live=0"), "no \"detach live=0\" in the log.\n");
}

static BOOL find_bytes(const BYTE *data, ULONG size, const char *text)
{
    ULONG len = strlen(text), i;

    for (i = 0; i + len <= size; i++)
        if (!memcmp(data + i, text, len)) return TRUE;
    return FALSE;
}

/* OpenMsgStore twice, the entry ID recorded, StoreLogoff then the final
 * Release starting the documented cascade. */
static void test_store_open_twice(void)
{
    SizedSPropTagArray(1, tags) = {1, {PR_ENTRYID}};
    IMsgStore *mdb = NULL, *mdb2 = NULL;
    IMAPISession *session;
    SPropValue *props;
    ENTRYID *placeholder = NULL, *eid = NULL;
    ULONG cb_placeholder = 0, cb, count, flags, refs;
    HRESULT hr;

    if (!scenario_begin(store_only, &session)) goto done;
    check_log("MSProviderInit,msp.,sup.", "");
    ok(recprov_store_eid(session, "Recording Store", &cb_placeholder, &placeholder), "the store is not in the table.\n");

    hr = recprov_open_store(session, "Recording Store", &mdb);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    if (hr) goto done;
    check_log(LOGON_LINES ",sup.OpenProfileSection",
            "MSProviderInit flags=0x0 version=0x10010\n"
            "msp.Logon flags=0x* eid=NULL\n"
            "sup.OpenProfileSection uid=NULL flags=0x1 in=msp.Logon\n"
            "sup.NewUID in=msp.Logon\n"
            "sup.SetProviderUID in=msp.Logon\n"
            "sup.AddRef(by provider) in=msp.Logon\n"
            "sup.ModifyStatusRow count=3 code=0x1 in=msp.Logon\n");
    ok(recprov_status_row(session, "Recording Store", STATUS_AVAILABLE), "no status row for the store.\n");

    /* The store's own entry ID is what the stores table shows now. */
    hr = IMsgStore_GetProps(mdb, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "GetProps got %#lx.\n", hr);
    ok(recprov_store_eid(session, "Recording Store", &cb, &eid), "the store left the table.\n");
    if (!hr && eid)
    {
        ok(props[0].ulPropTag == PR_ENTRYID, "got tag %#lx.\n", props[0].ulPropTag);
        ok(cb == props[0].Value.bin.cb && !memcmp(eid, props[0].Value.bin.lpb, cb),
                "the stores table has not recorded the store's entry ID.\n");
        ok(find_bytes((BYTE *)eid, cb, "Recording Store"), "the wrapped ID lost the provider's ID.\n");
        ok(cb != cb_placeholder || memcmp(eid, placeholder, cb), "the entry ID did not change.\n");
        pMAPIFreeBuffer(props);
    }
    HeapFree(GetProcessHeap(), 0, eid);
    recprov_log_skip();

    /* Open again: the same store, no logon object, no support reference. */
    hr = recprov_open_store(session, "Recording Store", &mdb2);
    ok(hr == S_OK, "second OpenMsgStore got %#lx.\n", hr);
    ok(mdb2 == mdb, "got a different store %p, %p.\n", mdb2, mdb);
    check_log(LOGON_LINES, "msp.Logon flags=0x* eid=\"Recording Store\"\n");

    flags = LOGOFF_ORDERLY;
    hr = IMsgStore_StoreLogoff(mdb, &flags);
    ok(hr == S_OK, "StoreLogoff got %#lx.\n", hr);
    if (mdb2) IMsgStore_Release(mdb2);
    check_log(CASCADE, "mdb.StoreLogoff flags=0x2\n");
    refs = IMsgStore_Release(mdb);
    ok(!refs, "got %lu references.\n", refs);
    check_log(CASCADE,
            "mdb.Release(final)\n"
            "sup.StoreLogoffTransports flags=0x2 in=mdb.Release\n"
            "sup.Release(by provider) in=mdb.Release\n"
            "msl.Logoff flags=0x0 in=sup.Release\n"
            "msl.Release(final) in=sup.Release\n"
            "msp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
            "msp.Release(final) in=sup.Release\n");
    ok(!recprov_status_row(session, "Recording Store", 0), "the store's status row is still there.\n");
    ok(recprov_live_objects() == 0, "%ld fixture objects alive.\n", recprov_live_objects());
    /* The last object went inside the DLL's code: the DLL goes once the
     * client calls MAPI again, here with the session's Logoff. */
    session_logoff(session);
    ok(!recprov_loaded(), "recprov32.dll is still loaded after Logoff.\n");
    ok(recprov_log_has("detach live=0"), "no \"detach live=0\" in the log.\n");
done:
    HeapFree(GetProcessHeap(), 0, placeholder);
    scenario_end(session, "", NULL);
}

/* Each StoreLogoff flag reaches the store, and StoreLogoffTransports gets it. */
static void test_store_logoff_flags(void)
{
    static const ULONG logoff_flags[] = {LOGOFF_NO_WAIT, LOGOFF_ORDERLY, LOGOFF_PURGE, LOGOFF_ABORT, LOGOFF_QUIET};
    IMAPISession *session;
    IMsgStore *mdb;
    char expected[1024];
    ULONG flags, i;
    HRESULT hr;

    if (!scenario_begin(store_only, &session)) goto done;
    for (i = 0; i < ARRAY_SIZE(logoff_flags); i++)
    {
        winetest_push_context("flag %#lx", logoff_flags[i]);
        recprov_log_skip();
        hr = recprov_open_store(session, "Recording Store", &mdb);
        ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
        if (hr)
        {
            winetest_pop_context();
            break;
        }
        flags = logoff_flags[i];
        hr = IMsgStore_StoreLogoff(mdb, &flags);
        ok(hr == S_OK, "StoreLogoff got %#lx.\n", hr);
        IMsgStore_Release(mdb);
        sprintf(expected,
                "MSProviderInit flags=0x0 version=0x10010\n"
                "msp.Logon flags=0x* eid=%s\n"
                "sup.AddRef(by provider) in=msp.Logon\n"
                "mdb.StoreLogoff flags=0x%lx\n"
                "mdb.Release(final)\n"
                "sup.StoreLogoffTransports flags=0x%lx in=mdb.Release\n"
                "sup.Release(by provider) in=mdb.Release\n"
                "msl.Logoff flags=0x0 in=sup.Release\n"
                "msl.Release(final) in=sup.Release\n"
                "msp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
                "msp.Release(final) in=sup.Release\n",
                i ? "\"Recording Store\"" : "NULL", logoff_flags[i], logoff_flags[i]);
        check_log(CASCADE, expected);
        winetest_pop_context();
    }
done:
    scenario_end(session, "", NULL);
}

/* Session Logoff with the store still open: Logoff comes from the session;
 * the store lets go of its support object in its final Release. */
static void test_session_logoff_store_open(void)
{
    IMAPISession *session;
    IMsgStore *mdb = NULL;
    HRESULT hr;

    if (!scenario_begin(store_only, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store", &mdb);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    session_logoff(session);
    check_log(CASCADE,
            "msl.Logoff flags=0x0\n"
            "msl.Release(final)\n");
    if (mdb)
    {
        IMsgStore_Release(mdb);
        check_log(CASCADE,
                "mdb.Release(final)\n"
                "sup.StoreLogoffTransports flags=0x8 in=mdb.Release\n"
                "sup.Release(by provider) in=mdb.Release\n"
                "msp.Shutdown flags=0x0 logons=0*\n"
                "msp.Release(final)*\n");
    }
done:
    scenario_end(session, "", NULL);
}

/* A store that lets go of its support object inside Logoff, while the
 * client still holds the store. */
static void test_release_in_logoff(void)
{
    static const char *const services[] = {"RecStoreLogoff", NULL};
    const char *name = "Recording Store, release in Logoff";
    HMODULE pin = recprov_pin();
    IMAPISession *session;
    IMsgStore *mdb = NULL;
    HRESULT hr;

    ok(pin != NULL, "cannot load the fixture, error %lu.\n", GetLastError());
    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, name, &mdb);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    session_logoff(session);
    check_log(CASCADE,
            "msl.Logoff flags=0x0\n"
            "sup.Release(by provider) in=msl.Logoff\n"
            "msl.Release(final)\n"
            "msp.Shutdown flags=0x0 logons=0\n"
            "msp.Release(final)\n");
    if (mdb)
    {
        IMsgStore_Release(mdb);
        check_log(CASCADE, "mdb.Release(final)\n");
    }
done:
    scenario_end(session, "", pin);
}

/* A store that lets go of its support object in StoreLogoff: the cascade
 * runs inside StoreLogoff. */
static void test_release_in_store_logoff(void)
{
    static const char *const services[] = {"RecStoreStoreLogoff", NULL};
    HMODULE pin = recprov_pin();
    IMAPISession *session;
    IMsgStore *mdb = NULL;
    ULONG flags;
    HRESULT hr;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store, release in StoreLogoff", &mdb);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    if (hr) goto done;
    recprov_log_skip();
    flags = LOGOFF_ORDERLY;
    hr = IMsgStore_StoreLogoff(mdb, &flags);
    ok(hr == S_OK, "StoreLogoff got %#lx.\n", hr);
    check_log(CASCADE,
            "mdb.StoreLogoff flags=0x2\n"
            "sup.StoreLogoffTransports flags=0x2 in=mdb.StoreLogoff\n"
            "sup.Release(by provider) in=mdb.StoreLogoff\n"
            "msl.Logoff flags=0x0 in=sup.Release\n"
            "msl.Release(final) in=sup.Release\n"
            "msp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
            "msp.Release(final) in=sup.Release\n");
    IMsgStore_Release(mdb);
    check_log(CASCADE, "mdb.Release(final)\n");
done:
    scenario_end(session, "", pin);
}

/* Microsoft's sample order: the support object goes only with the logon
 * object, so nothing happens until the session logs off. */
static void test_release_in_destructor(void)
{
    static const char *const services[] = {"RecStoreSample", NULL};
    IMAPISession *session;
    IMsgStore *mdb;
    ULONG flags;
    HRESULT hr;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store, release in the destructor", &mdb);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    if (hr) goto done;
    recprov_log_skip();
    flags = LOGOFF_ORDERLY;
    hr = IMsgStore_StoreLogoff(mdb, &flags);
    ok(hr == S_OK, "StoreLogoff got %#lx.\n", hr);
    IMsgStore_Release(mdb);
    check_log(CASCADE,
            "mdb.StoreLogoff flags=0x2\n"
            "mdb.Release(final)\n"
            "sup.StoreLogoffTransports flags=0x2 in=mdb.Release\n");
done:
    scenario_end(session,
            "msl.Logoff flags=0x0\n"
            "msl.Release(final)\n"
            "sup.Release(by provider) in=msl.Release\n"
            "msp.Shutdown flags=0x0 logons=0*\n"
            "msp.Release(final)*\n", NULL);
}

/* Every method fails: the client gets the error, nothing is left. */
static void test_failing_store(void)
{
    static const char *const services[] = {"RecStoreFail", NULL};
    IMAPISession *session;
    IMsgStore *mdb = (IMsgStore *)0xdeadbeef;
    HRESULT hr;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store, failing", &mdb);
    ok(hr == MAPI_E_CALL_FAILED, "OpenMsgStore got %#lx.\n", hr);
    ok(!mdb, "got store %p.\n", mdb);
    check_log(LOGON_ONLY,
            "MSProviderInit flags=0x0 version=0x10010\n"
            "msp.Logon flags=0x* eid=NULL\n"
            "sup.NewUID in=msp.Logon\n");
done:
    scenario_end(session, NULL, NULL);
    /* The provider object that never got a logon is shut down and released once. */
    ok(recprov_log_count("msp.Shutdown flags=0x0 logons=0*") == 1, "got %d Shutdown calls.\n",
            recprov_log_count("msp.Shutdown*"));
    ok(recprov_log_count("msp.Release(final)*") == 1, "got %d final releases.\n",
            recprov_log_count("msp.Release(final)*"));
}

/* Logon works, every later method fails: the cascade still runs to the end. */
static void test_failing_after_logon(void)
{
    static const char *const services[] = {"RecStoreFailLater", NULL};
    IMAPISession *session;
    IMsgStore *mdb = NULL;
    ULONG flags;
    HRESULT hr;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store, failing after logon", &mdb);
    ok(hr == S_OK || hr == MAPI_E_CALL_FAILED, "OpenMsgStore got %#lx.\n", hr);
    if (hr == S_OK)
    {
        flags = LOGOFF_ORDERLY;
        recprov_log_skip();
        hr = IMsgStore_StoreLogoff(mdb, &flags);
        ok(hr == MAPI_E_CALL_FAILED, "StoreLogoff got %#lx.\n", hr);
        IMsgStore_Release(mdb);
        check_log(CASCADE,
                "mdb.StoreLogoff flags=0x2\n"
                "mdb.Release(final)\n"
                "sup.StoreLogoffTransports flags=0x8 in=mdb.Release\n"
                "sup.Release(by provider) in=mdb.Release\n"
                "msl.Logoff flags=0x0 in=sup.Release\n"
                "msl.Release(final) in=sup.Release\n"
                "msp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
                "msp.Release(final) in=sup.Release\n");
    }
    else
    {
        /* MAPI gave up on the store: it must have logged it off itself. */
        ok(recprov_log_has("msl.Logoff*"), "no Logoff.\n");
        ok(recprov_log_has("msl.Release(final)*"), "the logon object was not released.\n");
    }
    ok(recprov_live_objects() == 0, "%ld fixture objects alive.\n", recprov_live_objects());
done:
    scenario_end(session, "", NULL);
}

/* MSProviderInit steered by RECPROV_INIT. */
static void test_init_failures(void)
{
    static const struct
    {
        const char *word;
        HRESULT hr;
    }
    tests[] =
    {
        {"oldversion", MAPI_E_VERSION},
        {"fail", MAPI_E_CALL_FAILED},
        {"raise", MAPI_E_CALL_FAILED},
        {"newversion", S_OK},
    };
    IMAPISession *session;
    IMsgStore *mdb;
    HRESULT hr;
    ULONG i;

    if (!scenario_begin(store_only, &session)) goto done;
    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("%s", tests[i].word);
        SetEnvironmentVariableA("RECPROV_INIT", tests[i].word);
        recprov_log_skip();
        hr = recprov_open_store(session, "Recording Store", &mdb);
        SetEnvironmentVariableA("RECPROV_INIT", NULL);
        ok(hr == tests[i].hr, "OpenMsgStore got %#lx.\n", hr);
        if (hr == S_OK)
        {
            IMsgStore_Release(mdb);
            check_log("MSProviderInit,msp.Shutdown,msp.Release",
                    "MSProviderInit flags=0x0 version=0x10010\n"
                    "msp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
                    "msp.Release(final) in=sup.Release\n");
        }
        else if (!strcmp(tests[i].word, "oldversion"))
            check_log("MSProviderInit,msp.,detach",
                    "MSProviderInit flags=0x0 version=0x10010\n"
                    "msp.Release(final)\n"
                    "detach live=0\n");
        else
            check_log("MSProviderInit,msp.,detach,raise",
                    !strcmp(tests[i].word, "raise") ?
                    "MSProviderInit flags=0x0 version=0x10010\n"
                    "raise\n"
                    "detach live=0\n" :
                    "MSProviderInit flags=0x0 version=0x10010\n"
                    "detach live=0\n");
        ok(!recprov_loaded() || hr == S_OK, "the DLL stayed loaded.\n");
        winetest_pop_context();
    }
done:
    scenario_end(session, "", NULL);
}

/* An exception in Logon: an error for the client, a failure status row. */
static void test_raise_in_logon(void)
{
    static const char *const services[] = {"RecStoreRaiseLogon", NULL};
    IMAPISession *session;
    IMsgStore *mdb = (IMsgStore *)0xdeadbeef;
    ENTRYID *eid = NULL;
    HRESULT hr;
    ULONG cb;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store, raising in Logon", &mdb);
    ok(hr == MAPI_E_CALL_FAILED, "OpenMsgStore got %#lx.\n", hr);
    ok(!mdb, "got store %p.\n", mdb);
    check_log(LOGON_ONLY,
            "MSProviderInit flags=0x0 version=0x10010\n"
            "msp.Logon flags=0x* eid=NULL\n"
            "sup.NewUID in=msp.Logon\n"
            "raise in=msp.Logon\n");
    ok(recprov_status_row(session, NULL, STATUS_FAILURE), "no status row with STATUS_FAILURE.\n");
    /* The client goes on: the stores table still answers. */
    ok(recprov_store_eid(session, "Recording Store, raising in Logon", &cb, &eid),
            "the stores table lost the store.\n");
    HeapFree(GetProcessHeap(), 0, eid);
done:
    scenario_end(session, NULL, NULL);
    ok(recprov_log_count("msp.Release(final)*") == 1, "the provider was not released once.\n");
}

/* An exception in Logoff, called while MAPI processes the release of the
 * support object: the rest of the cascade still happens. */
static void test_raise_in_logoff(void)
{
    static const char *const services[] = {"RecStoreRaiseLogoff", NULL};
    IMAPISession *session;
    IMsgStore *mdb;
    ULONG flags;
    HRESULT hr;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store, raising in Logoff", &mdb);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    if (hr) goto done;
    recprov_log_skip();
    flags = LOGOFF_ORDERLY;
    IMsgStore_StoreLogoff(mdb, &flags);
    IMsgStore_Release(mdb);
    check_log(CASCADE ",raise",
            "mdb.StoreLogoff flags=0x2\n"
            "mdb.Release(final)\n"
            "sup.StoreLogoffTransports flags=0x2 in=mdb.Release\n"
            "sup.Release(by provider) in=mdb.Release\n"
            "msl.Logoff flags=0x0 in=sup.Release\n"
            "raise in=msl.Logoff\n"
            "msl.Release(final) in=sup.Release\n"
            "msp.Shutdown flags=0x0 logons=* in=sup.Release\n"
            "msp.Release(final) in=sup.Release\n");
done:
    scenario_end(session, "", NULL);
}

/* A provider DLL that is not there. */
static void test_missing_dll(void)
{
    static const char *const services[] = {"RecMissing", NULL};
    IMAPISession *session;
    IMsgStore *mdb = (IMsgStore *)0xdeadbeef;
    HRESULT hr;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Missing Provider DLL", &mdb);
    ok(hr == MAPI_E_NOT_FOUND, "OpenMsgStore got %#lx.\n", hr);
    ok(!mdb, "got store %p.\n", mdb);
done:
    scenario_end(session, "", NULL);
}

/* Two stores of one DLL in one session share one provider object. */
static void test_one_provider_per_dll(void)
{
    static const char *const services[] = {"RecStore", "RecStore2", NULL};
    IMsgStore *mdb1 = NULL, *mdb2 = NULL;
    IMAPISession *session;
    ULONG flags;
    HRESULT hr;

    if (!scenario_begin(services, &session)) goto done;
    hr = recprov_open_store(session, "Recording Store", &mdb1);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    hr = recprov_open_store(session, "Second Recording Store", &mdb2);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    ok(mdb1 != mdb2, "the two stores are one.\n");
    check_log(MSP_LINES,
            "MSProviderInit flags=0x0 version=0x10010\n"
            "msp.Logon flags=0x* eid=NULL\n"
            "msp.Logon flags=0x* eid=NULL\n");
    if (!mdb1 || !mdb2) goto done;

    flags = LOGOFF_ORDERLY;
    IMsgStore_StoreLogoff(mdb1, &flags);
    IMsgStore_Release(mdb1);
    check_log(CASCADE,
            "mdb.StoreLogoff flags=0x2\n"
            "mdb.Release(final)\n"
            "sup.StoreLogoffTransports flags=0x2 in=mdb.Release\n"
            "sup.Release(by provider) in=mdb.Release\n"
            "msl.Logoff flags=0x0 in=sup.Release\n"
            "msl.Release(final) in=sup.Release\n");
    flags = LOGOFF_ORDERLY;
    IMsgStore_StoreLogoff(mdb2, &flags);
    IMsgStore_Release(mdb2);
    check_log(CASCADE,
            "mdb.StoreLogoff flags=0x2\n"
            "mdb.Release(final)\n"
            "sup.StoreLogoffTransports flags=0x2 in=mdb.Release\n"
            "sup.Release(by provider) in=mdb.Release\n"
            "msl.Logoff flags=0x0 in=sup.Release\n"
            "msl.Release(final) in=sup.Release\n"
            "msp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
            "msp.Release(final) in=sup.Release\n");
done:
    scenario_end(session, "", NULL);
}

START_TEST(storehost)
{
    static const struct recprov_scenario scenarios[] =
    {
        {"open_twice", test_store_open_twice},
        {"logoff_flags", test_store_logoff_flags},
        {"session_logoff", test_session_logoff_store_open},
        {"release_in_logoff", test_release_in_logoff},
        {"release_in_store_logoff", test_release_in_store_logoff},
        {"release_in_destructor", test_release_in_destructor},
        {"failing", test_failing_store},
        {"failing_after_logon", test_failing_after_logon},
        {"init_failures", test_init_failures},
        {"raise_in_logon", test_raise_in_logon},
        {"raise_in_logoff", test_raise_in_logoff},
        {"missing_dll", test_missing_dll},
        {"one_provider_per_dll", test_one_provider_per_dll},
        {NULL}
    };

    recprov_run_scenarios("storehost", scenarios);
}
