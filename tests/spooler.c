/*
 * Integration tests: the spooler hosting transports, watched through the
 * recording fixture transport's call log: starting, the logon table,
 * logoff in both orders, status rows, configuration and failures.
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

#include "spooler_test.h"

/* The lines of a transport's logon and logoff; TransportNotify is checked
 * by its flags, since BEGIN_INBOUND and BEGIN_OUTBOUND may come in one
 * call or two. */
#define LOGON_LINES "XPProviderInit,xpp.,xpl.AddressTypes,xpl.TransportLogoff,xpl.Release,sup.AddRef,sup.SetProviderUID"
#define LOGOFF_LINES "xpp.,xpl.TransportLogoff,xpl.Release,sup.MakeInvalid,sup.Release"

static const struct xp_setup smtp_a = {RECXP_SERVICE_A, NULL, 0, "SMTP"};

/* Waits until the transport has BEGIN_INBOUND and BEGIN_OUTBOUND. */
#define wait_started(tag) wait_started_(__FILE__, __LINE__, tag)
static BOOL wait_started_(const char *file, int line, const char *tag)
{
    DWORD start = GetTickCount();
    ULONG flags;

    do
    {
        flags = spt_notify_flags(tag, 0, 0);
        if ((flags & (NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND)) == (NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND))
            return TRUE;
        Sleep(20);
    } while (GetTickCount() - start < SPT_TIMEOUT);
    ok_(file, line)(0, "transport %s got TransportNotify flags %#lx only.\n", tag, flags);
    return FALSE;
}

/* A mail-enabled logon starts the spooler: the transport is loaded and
 * logged on with the flags the reference gives, asked for its address
 * types, then told to begin inbound and outbound; mail goes through it. */
static void test_logon_sequence(void)
{
    struct spt_session s = {0};
    int types, first_notify;

    if (!spt_begin(&smtp_a, 1) || !spt_open(&s)) goto done;
    if (!wait_started("A")) goto done;
    check_log(LOGON_LINES ",sup.ModifyStatusRow xp=A code=0x1 flags=0x0",
            "XPProviderInit flags=0x0 version=0x10010\n"
            "xpp.TransportLogon xp=A flags=0x19 profile=\"" SPT_PROFILE "\" -> hr=0x0 flags=0x0\n"
            "sup.AddRef(by provider) xp=A in=xpp.TransportLogon\n"
            "sup.ModifyStatusRow xp=A code=0x1 flags=0x0 in=xpp.TransportLogon\n"
            "xpl.AddressTypes xp=A -> types=SMTP uids=0\n");
    types = spt_log_find("xpl.AddressTypes*");
    first_notify = spt_log_find("xpl.TransportNotify*");
    ok(types && first_notify > types, "TransportNotify (line %d) came before AddressTypes (line %d).\n",
            first_notify, types);
    ok(!(spt_notify_flags("A", 0, 0) & ~(NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND)),
            "unexpected TransportNotify flags %#lx.\n", spt_notify_flags("A", 0, 0));
    /* The spooler's worker, not the client's thread, does the work. */
    ok(!spt_log_count("xpl.* thread=client"), "the client's thread called the transport.\n");

    spt_submit_one(&s, "Hello", "alice@example.com");
    if (wait_log("xpl.EndMessage xp=A*", 1))
    {
        check_log("xpl.SubmitMessage,xpl.EndMessage,deliver,msg.",
                "xpl.SubmitMessage xp=A flags=0x0 subject=\"Hello\" recips=alice@example.com -> hr=0x0\n"
                "deliver xp=A to=alice@example.com subject=\"Hello\" in=xpl.SubmitMessage\n"
                "msg.ModifyRecipients xp=A count=1 -> hr=0x0 in=xpl.SubmitMessage\n"
                "xpl.EndMessage xp=A ref=0x1 -> flags=0x0\n");
    }
    ok(!spt_log_count("xpl.SubmitMessage xp=A * thread=client"), "SubmitMessage ran on the client's thread.\n");
done:
    spt_end(&s, s.submitted);
    ok(spt_log_count("XPProviderInit*") == 1, "XPProviderInit was called %d times.\n", spt_log_count("XPProviderInit*"));
}

/* MAPI_NO_MAIL starts no spooler: no transport is loaded and the status
 * table has no transport row. */
static void test_no_mail(void)
{
    struct spt_session s = {0};
    SRowSet *rows;
    HRESULT hr;

    if (!spt_begin(&smtp_a, 1)) goto done;
    hr = spt_logon(MAPI_NO_MAIL, &s.session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) goto done;
    Sleep(500);
    ok(!spt_log_count("XPProviderInit*"), "a transport was loaded.\n");
    ok(!GetModuleHandleA(SPT_XP_DLL), "the transport DLL is loaded.\n");
    rows = spt_status_rows(s.session);
    ok(spt_status_count(rows, MAPI_TRANSPORT_PROVIDER) == 0, "got %d transport rows.\n",
            spt_status_count(rows, MAPI_TRANSPORT_PROVIDER));
    if (rows) pFreeProws(rows);
done:
    spt_end(&s, -1);
}

/* Session logoff, documented order: END_* notifications, TransportLogoff,
 * in which the transport calls MakeInvalid and releases its support
 * object last; that release removes the status row and shuts the provider
 * down. */
static void test_logoff_documented(void)
{
    struct spt_session s = {0};
    SRowSet *rows;
    int notify, logoff;

    if (!spt_begin(&smtp_a, 1) || !spt_open(&s)) goto done;
    if (!wait_started("A")) goto done;
    rows = spt_status_rows(s.session);
    ok(spt_status_row(rows, "Recording Transport A", MAPI_TRANSPORT_PROVIDER) != NULL, "no status row for A.\n");
    if (rows) pFreeProws(rows);
    spt_log_skip();
    notify = spt_log_find_last("*") + 1;
    spt_close(&s);
    check_log(LOGOFF_LINES,
            "xpl.TransportLogoff xp=A flags=0x0\n"
            "sup.MakeInvalid xp=A refs=* in=xpl.TransportLogoff\n"
            "sup.Release(by provider) xp=A in=xpl.TransportLogoff\n"
            "xpp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
            "xpp.Release(final) in=sup.Release\n");
    logoff = spt_log_find("xpl.TransportLogoff*");
    ok(spt_notify_flags("A", notify, logoff) == (NOTIFY_END_INBOUND | NOTIFY_END_OUTBOUND),
            "before TransportLogoff got TransportNotify flags %#lx.\n", spt_notify_flags("A", notify, logoff));
    ok(!(spt_notify_flags("A", 0, 0) & NOTIFY_ABORT_DEFERRED), "ABORT_DEFERRED without deferred messages.\n");
done:
    spt_end(&s, -1);
}

/* Session logoff, the sample's order: the transport lets go of its support
 * object only when the spooler releases the logon object. */
static void test_logoff_sample(void)
{
    static const struct xp_setup sample = {RECXP_SERVICE_A, NULL, RECXP_LOGOFF_SAMPLE, "SMTP"};
    struct spt_session s = {0};

    if (!spt_begin(&sample, 1) || !spt_open(&s)) goto done;
    if (!wait_started("A")) goto done;
    spt_log_skip();
    spt_close(&s);
    check_log(LOGOFF_LINES,
            "xpl.TransportLogoff xp=A flags=0x0\n"
            "xpl.Release(final) xp=A\n"
            "sup.Release(by provider) xp=A in=xpl.Release\n"
            "xpp.Shutdown flags=0x0 logons=0 in=sup.Release\n"
            "xpp.Release(final) in=sup.Release\n");
done:
    spt_end(&s, -1);
}

/* Two transports of one DLL share one provider object, which is shut down
 * once, after both have been logged off, whatever their orders. */
static void test_shutdown_after_logoffs(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_A, NULL, 0, "SMTP"},
        {RECXP_SERVICE_B, NULL, RECXP_LOGOFF_SAMPLE, "X400"},
    };
    struct spt_session s = {0};
    int shutdown;

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    if (!wait_started("A") || !wait_started("B")) goto done;
    ok(spt_log_count("XPProviderInit*") == 1, "XPProviderInit was called %d times.\n",
            spt_log_count("XPProviderInit*"));
    check_log("xpp.TransportLogon",
            "xpp.TransportLogon xp=A flags=0x19 *\n"
            "xpp.TransportLogon xp=B flags=0x19 *\n");
    spt_close(&s);
    shutdown = spt_log_find("xpp.Shutdown*");
    ok(shutdown > spt_log_find_last("xpl.TransportLogoff*"), "Shutdown (line %d) came before a TransportLogoff.\n",
            shutdown);
    ok(shutdown > spt_log_find("xpl.Release(final) xp=B*"), "Shutdown came before B's logon was released.\n");
    ok(spt_log_count("xpp.Shutdown flags=0x0 logons=0*") == 1, "got %d Shutdown calls.\n",
            spt_log_count("xpp.Shutdown*"));
    ok(spt_log_count("xpp.Release(final)*") == 1, "the provider was released %d times.\n",
            spt_log_count("xpp.Release(final)*"));
    ok(spt_log_find("xpp.Release(final)*") > shutdown, "the provider was released before Shutdown.\n");
done:
    spt_end(&s, -1);
}

/* Transports run in the order added, STATUS_XP_PREFER_LAST ones last. */
static void test_transport_order(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_LAST, NULL, 0, "SMTP"},
        {RECXP_SERVICE_B, NULL, 0, "X400"},
        {RECXP_SERVICE_A, NULL, 0, "FAX"},
    };
    struct spt_session s = {0};

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    if (!wait_started("L")) goto done;
    check_log("xpp.TransportLogon,xpl.AddressTypes",
            "xpp.TransportLogon xp=B *\n"
            "xpl.AddressTypes xp=B -> types=X400 uids=0\n"
            "xpp.TransportLogon xp=A *\n"
            "xpl.AddressTypes xp=A -> types=FAX uids=0\n"
            "xpp.TransportLogon xp=L *\n"
            "xpl.AddressTypes xp=L -> types=SMTP uids=0\n");
done:
    spt_end(&s, -1);
}

/* One row per transport with the provider's columns and MAPI's, and a
 * spooler row; opening a transport's row reaches its OpenStatusEntry. */
static void test_status_rows(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_A, NULL, 0, "SMTP"},
        {RECXP_SERVICE_B, NULL, 0, "X400"},
    };
    struct spt_session s = {0};
    IMAPIStatus *status;
    SPropValue *row;
    SRowSet *rows;
    ULONG type;
    HRESULT hr;

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    if (!wait_started("A") || !wait_started("B")) goto done;
    rows = spt_status_rows(s.session);
    ok(spt_status_count(rows, MAPI_TRANSPORT_PROVIDER) == 2, "got %d transport rows.\n",
            spt_status_count(rows, MAPI_TRANSPORT_PROVIDER));
    ok(spt_status_count(rows, MAPI_SPOOLER) == 1, "got %d spooler rows.\n", spt_status_count(rows, MAPI_SPOOLER));
    row = spt_status_row(rows, "Recording Transport A", MAPI_TRANSPORT_PROVIDER);
    ok(row != NULL, "no row for A.\n");
    if (row)
    {
        ok(row[SC_CODE].ulPropTag == PR_STATUS_CODE, "no PR_STATUS_CODE.\n");
        ok((row[SC_CODE].Value.l & (STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED))
                == (STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED),
                "got status code %#lx.\n", row[SC_CODE].Value.l);
        ok(row[SC_METHODS].ulPropTag == PR_RESOURCE_METHODS
                && row[SC_METHODS].Value.l == (STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES),
                "got PR_RESOURCE_METHODS %#lx, %#lx.\n", row[SC_METHODS].ulPropTag, row[SC_METHODS].Value.l);
        ok(row[SC_STRING].ulPropTag == PR_STATUS_STRING_A && !strcmp(row[SC_STRING].Value.lpszA, "Ready"),
                "the provider's PR_STATUS_STRING is missing.\n");
        ok(row[SC_DLL].ulPropTag == PR_PROVIDER_DLL_NAME_A && strstr(row[SC_DLL].Value.lpszA, "RECXP"),
                "PR_PROVIDER_DLL_NAME is missing.\n");
        ok(row[SC_OBJECT_TYPE].ulPropTag == PR_OBJECT_TYPE && row[SC_OBJECT_TYPE].Value.l == MAPI_STATUS,
                "PR_OBJECT_TYPE is missing.\n");
        ok(row[SC_ROWID].ulPropTag == PR_ROWID, "PR_ROWID is missing.\n");
        ok(row[SC_INSTANCE_KEY].ulPropTag == PR_INSTANCE_KEY, "PR_INSTANCE_KEY is missing.\n");
        ok(row[SC_RESOURCE_FLAGS].ulPropTag == PR_RESOURCE_FLAGS, "PR_RESOURCE_FLAGS is missing.\n");
        ok(row[SC_ENTRYID].ulPropTag == PR_ENTRYID, "PR_ENTRYID is missing.\n");
    }
    if (row && row[SC_ENTRYID].ulPropTag == PR_ENTRYID)
    {
        spt_log_skip();
        hr = IMAPISession_OpenEntry(s.session, row[SC_ENTRYID].Value.bin.cb, (ENTRYID *)row[SC_ENTRYID].Value.bin.lpb,
                NULL, 0, &type, (IUnknown **)&status);
        ok(hr == S_OK, "OpenEntry got %#lx.\n", hr);
        if (!hr)
        {
            ok(type == MAPI_STATUS, "got type %lu.\n", type);
            hr = IMAPIStatus_ValidateState(status, 0, 0);
            ok(hr == S_OK, "ValidateState got %#lx.\n", hr);
            IMAPIStatus_Release(status);
            check_log("xpl.OpenStatusEntry,xst.ValidateState,xst.Release",
                    "xpl.OpenStatusEntry xp=A flags=0x*\n"
                    "xst.ValidateState xp=A flags=0x0\n"
                    "xst.Release(final) xp=A\n");
        }
    }
    row = spt_status_row(rows, NULL, MAPI_SPOOLER);
    ok(row != NULL, "no spooler row.\n");
    if (rows) pFreeProws(rows);
done:
    spt_end(&s, -1);
}

/* The spooler's status object drives the transports: FlushQueues and
 * ValidateState reach each of them. */
static void test_spooler_status(void)
{
    struct spt_session s = {0};
    IMAPIStatus *status;
    SPropValue *row;
    SRowSet *rows;
    ULONG type;
    HRESULT hr;

    if (!spt_begin(&smtp_a, 1) || !spt_open(&s)) goto done;
    if (!wait_started("A")) goto done;
    rows = spt_status_rows(s.session);
    row = spt_status_row(rows, NULL, MAPI_SPOOLER);
    ok(row && row[SC_ENTRYID].ulPropTag == PR_ENTRYID, "no spooler row with an entry ID.\n");
    if (row && row[SC_ENTRYID].ulPropTag == PR_ENTRYID)
    {
        hr = IMAPISession_OpenEntry(s.session, row[SC_ENTRYID].Value.bin.cb, (ENTRYID *)row[SC_ENTRYID].Value.bin.lpb,
                NULL, 0, &type, (IUnknown **)&status);
        ok(hr == S_OK, "OpenEntry got %#lx.\n", hr);
        if (!hr)
        {
            ok(type == MAPI_STATUS, "got type %lu.\n", type);
            hr = IMAPIStatus_FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD);
            ok(hr == S_OK, "FlushQueues got %#lx.\n", hr);
            ok(wait_log("xpl.FlushQueues xp=A flags=0x2*", 1), "the transport was not asked to flush.\n");
            hr = IMAPIStatus_ValidateState(status, 0, 0);
            ok(hr == S_OK, "ValidateState got %#lx.\n", hr);
            ok(wait_log("xpl.ValidateState xp=A flags=0x0*", 1), "the transport was not asked to validate its state.\n");
            ok(spt_log_count("xpl.AddressTypes*") == 1, "AddressTypes was called again.\n");
            /* CONFIG_CHANGED: the spooler asks for the address types again. */
            hr = IMAPIStatus_ValidateState(status, 0, CONFIG_CHANGED);
            ok(hr == S_OK, "ValidateState got %#lx.\n", hr);
            ok(wait_log("xpl.ValidateState xp=A flags=0x100000*", 1), "CONFIG_CHANGED did not reach the transport.\n");
            ok(wait_log("xpl.AddressTypes xp=A*", 2), "AddressTypes was not called again.\n");
            ok(spt_log_find_last("xpl.AddressTypes*") > spt_log_find("xpl.ValidateState xp=A flags=0x100000*"),
                    "AddressTypes came before ValidateState.\n");
            IMAPIStatus_Release(status);
        }
    }
    if (rows) pFreeProws(rows);
done:
    spt_end(&s, -1);
}

/* MAPI_E_UNCONFIGURED from TransportLogon: the service entry configures
 * the service, then the logon is tried again. */
static void test_unconfigured(void)
{
    static const struct xp_setup xps[] = {{RECXP_SERVICE_A, NULL, RECXP_UNCONFIGURED, "SMTP"}};
    struct spt_session s = {0};

    if (!spt_begin(xps, 1) || !spt_open(&s)) goto done;
    if (!wait_started("A")) goto done;
    check_log("xpp.TransportLogon,service",
            "xpp.TransportLogon xp=A flags=0x19 * -> hr=0x8004011c *\n"
            "service context=3 flags=0x* values=*\n"
            "xpp.TransportLogon xp=A flags=0x19 * -> hr=0x0 flags=0x0\n");
    spt_submit_one(&s, "After configuration", "alice@example.com");
    wait_log("xpl.EndMessage xp=A*", 1);
done:
    spt_end(&s, s.submitted);
}

/* MAPI_E_FAILONEPROVIDER disables that provider only: the other provider
 * of its service takes the mail. */
static void test_fail_one_provider(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_PAIR, "P1", 0, "SMTP", .logon_hr = MAPI_E_FAILONEPROVIDER},
        {RECXP_SERVICE_PAIR, "P2", 0, "SMTP"},
    };
    struct spt_session s = {0};

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    if (!wait_started("P2")) goto done;
    check_log("xpp.TransportLogon",
            "xpp.TransportLogon xp=P1 flags=0x19 * -> hr=0x8004011d *\n"
            "xpp.TransportLogon xp=P2 flags=0x19 * -> hr=0x0 flags=0x0\n");
    spt_submit_one(&s, "Through P2", "alice@example.com");
    wait_log("xpl.EndMessage xp=P2*", 1);
    ok(!spt_log_count("xpl.* xp=P1*"), "P1 was called after its failed logon.\n");
done:
    spt_end(&s, s.submitted);
}

/* Any other logon error disables the whole message service; other
 * services go on. */
static void test_fail_service(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_PAIR, "P1", 0, "SMTP", .logon_hr = MAPI_E_CALL_FAILED},
        {RECXP_SERVICE_PAIR, "P2", 0, "SMTP"},
        {RECXP_SERVICE_B, NULL, 0, "SMTP"},
    };
    struct spt_session s = {0};

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    if (!wait_started("B")) goto done;
    ok(!spt_log_count("xpp.TransportLogon xp=P2*"), "P2 was logged on.\n");
    spt_submit_one(&s, "Through B", "alice@example.com");
    wait_log("xpl.EndMessage xp=B*", 1);
    ok(spt_log_count("deliver xp=B to=alice@example.com*") == 1, "B did not deliver the message.\n");
done:
    spt_end(&s, s.submitted);
}

/* A transport reporting a version older than MAPI needs is released
 * unused; mail for it gets a non-delivery report. */
static void test_old_version(void)
{
    struct spt_session s = {0};
    char ndr[256];
    DWORD start;

    SetEnvironmentVariableA("RECXP_INIT", "oldversion");
    if (!spt_begin(&smtp_a, 1) || !spt_open(&s)) goto done;
    wait_log("xpp.Release(final)*", 1);
    ok(!spt_log_count("xpp.TransportLogon*"), "the old transport was logged on.\n");
    spt_submit_one(&s, "No transport", "alice@example.com");
    start = GetTickCount();
    while (!spt_ndr(&s, "No transport", ndr, sizeof(ndr)) && GetTickCount() - start < SPT_TIMEOUT) Sleep(50);
    ok(!strcmp(ndr, "alice@example.com"), "got non-delivery report for \"%s\".\n", ndr);
done:
    spt_end(&s, s.submitted);
    SetEnvironmentVariableA("RECXP_INIT", NULL);
}

/* CRITICAL_ERROR logs that transport off at once; its mail goes to the
 * other transport, and nothing is routed to it from then on (its address
 * types are poisoned then: a spooler still reading them crashes). */
static void test_critical_error(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_A, NULL, 0, "SMTP"},
        {RECXP_SERVICE_B, NULL, 0, "SMTP"},
    };
    struct spt_session s = {0};
    SRowSet *rows;
    HRESULT hr;
    int notify;

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    if (!wait_started("A") || !wait_started("B")) goto done;
    spt_log_skip();
    hr = spt_xp_notify("A", NOTIFY_CRITICAL_ERROR);
    ok(hr == S_OK, "SpoolerNotify got %#lx.\n", hr);
    notify = spt_log_find("sup.SpoolerNotify xp=A flags=0x10000000*");
    if (!wait_log("sup.Release(by provider) xp=A*", 1)) goto done;
    check_log(LOGOFF_LINES,
            "xpl.TransportLogoff xp=A flags=0x0\n"
            "sup.MakeInvalid xp=A refs=* in=xpl.TransportLogoff\n"
            "sup.Release(by provider) xp=A in=xpl.TransportLogoff\n");
    ok(spt_log_find("xpl.TransportLogoff xp=A*") > notify, "TransportLogoff came before the notification.\n");
    rows = spt_status_rows(s.session);
    ok(!spt_status_row(rows, "Recording Transport A", MAPI_TRANSPORT_PROVIDER), "A's status row is still there.\n");
    ok(spt_status_row(rows, "Recording Transport B", MAPI_TRANSPORT_PROVIDER) != NULL, "B's status row is gone.\n");
    if (rows) pFreeProws(rows);

    spt_submit_one(&s, "After the error", "alice@example.com");
    wait_log("xpl.EndMessage xp=B*", 1);
    ok(!spt_log_count("xpl.SubmitMessage xp=A*"), "A got a message.\n");
    ok(spt_log_count("deliver xp=B to=alice@example.com*") == 1, "B did not deliver the message.\n");
done:
    spt_end(&s, s.submitted);
}

/* CRITICAL_ERROR from inside SubmitMessage: the message is not lost, the
 * transport gets no further calls but its logoff. */
static void test_critical_error_in_submit(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_A, NULL, RECXP_CRITICAL_ERROR, "SMTP"},
        {RECXP_SERVICE_B, NULL, 0, "SMTP"},
    };
    struct spt_session s = {0};

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    if (!wait_started("A") || !wait_started("B")) goto done;
    spt_submit_one(&s, "Critical", "alice@example.com");
    wait_log("xpl.TransportLogoff xp=A*", 1);
    wait_log("xpl.EndMessage xp=B*", 1);
    ok(spt_log_count("xpl.SubmitMessage xp=A*") == 1, "A got %d messages.\n", spt_log_count("xpl.SubmitMessage xp=A*"));
    ok(spt_log_count("deliver xp=B to=alice@example.com subject=\"Critical\"*") == 1,
            "B did not deliver the message.\n");
done:
    spt_end(&s, s.submitted);
    check_delivered_once("Critical", "alice@example.com");
}

/* CONFIG_CHANGE: the spooler asks for the address types again and routes
 * by the new ones (the old arrays are poisoned then). */
static void test_config_change(void)
{
    static const struct xp_setup xps[] = {{RECXP_SERVICE_A, NULL, 0, "FAX"}};
    static char smtp[] = "SMTP";
    static char *types[] = {smtp};
    struct spt_session s = {0};
    SPropValue value;
    char ndr[256];
    HRESULT hr;
    DWORD start;

    if (!spt_begin(xps, 1) || !spt_open(&s)) goto done;
    if (!wait_started("A")) goto done;
    spt_submit_one(&s, "Before", "alice@example.com");
    start = GetTickCount();
    while (!spt_ndr(&s, "Before", ndr, sizeof(ndr)) && GetTickCount() - start < SPT_TIMEOUT) Sleep(50);
    ok(!strcmp(ndr, "alice@example.com"), "got non-delivery report for \"%s\".\n", ndr);
    ok(!spt_log_count("xpl.SubmitMessage*"), "the FAX transport got an SMTP message.\n");

    value.ulPropTag = PR_RECXP_TYPES;
    value.Value.MVszA.cValues = 1;
    value.Value.MVszA.lppszA = types;
    spt_reconfigure(RECXP_SERVICE_A, NULL, 1, &value);
    spt_log_skip();
    hr = spt_xp_notify("A", NOTIFY_CONFIG_CHANGE);
    ok(hr == S_OK, "SpoolerNotify got %#lx.\n", hr);
    if (!wait_log("xpl.AddressTypes xp=A*", 2)) goto done;
    check_log("xpl.AddressTypes", "xpl.AddressTypes xp=A -> types=SMTP uids=0\n");
    spt_submit_one(&s, "After", "alice@example.com");
    wait_log("xpl.EndMessage xp=A*", 1);
    ok(spt_log_count("deliver xp=A to=alice@example.com subject=\"After\"*") == 1, "A did not deliver.\n");
done:
    spt_end(&s, s.submitted);
}

START_TEST(spooler)
{
    static const struct spt_scenario scenarios[] =
    {
        {"logon_sequence", test_logon_sequence},
        {"no_mail", test_no_mail},
        {"logoff_documented", test_logoff_documented},
        {"logoff_sample", test_logoff_sample},
        {"shutdown_after_logoffs", test_shutdown_after_logoffs},
        {"transport_order", test_transport_order},
        {"status_rows", test_status_rows},
        {"spooler_status", test_spooler_status},
        {"unconfigured", test_unconfigured},
        {"fail_one_provider", test_fail_one_provider},
        {"fail_service", test_fail_service},
        {"old_version", test_old_version},
        {"critical_error", test_critical_error},
        {"critical_error_in_submit", test_critical_error_in_submit},
        {"config_change", test_config_change},
        {NULL}
    };

    spt_run_scenarios("spooler", scenarios);
}
