/*
 * Integration tests: a transport that raises an exception in one of its
 * methods.  The spooler's guarded calls turn it into an error: the
 * process goes on, the transport is logged off and released in order,
 * the DLL is freed only after control left it, no message is lost or sent
 * twice, and the other transport keeps working.
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

struct fault_case
{
    const char *name;
    ULONG raise;                /* RECXP_RAISE_* of transport A */
    ULONG mode;                 /* more RECXP_* for A */
    BOOL called;                /* the spooler calls this method without being asked */
};

static const struct fault_case fault_cases[] =
{
    {"raise_addresstypes", RECXP_RAISE_ADDRESSTYPES, 0, TRUE},
    {"raise_registeroptions", RECXP_RAISE_REGISTEROPTIONS, 0, FALSE},
    {"raise_transportnotify", RECXP_RAISE_TRANSPORTNOTIFY, 0, TRUE},
    {"raise_idle", RECXP_RAISE_IDLE, RECXP_IDLE, TRUE},
    {"raise_transportlogoff", RECXP_RAISE_TRANSPORTLOGOFF, 0, TRUE},
    {"raise_transportlogoff_sample", RECXP_RAISE_TRANSPORTLOGOFF, RECXP_LOGOFF_SAMPLE, TRUE},
    {"raise_submitmessage", RECXP_RAISE_SUBMITMESSAGE, 0, TRUE},
    {"raise_endmessage", RECXP_RAISE_ENDMESSAGE, 0, TRUE},
    {"raise_poll", RECXP_RAISE_POLL, RECXP_POLL, TRUE},
    {"raise_startmessage", RECXP_RAISE_STARTMESSAGE, RECXP_POLL, TRUE},
    {"raise_openstatusentry", RECXP_RAISE_OPENSTATUSENTRY, 0, TRUE},
    {"raise_validatestate", RECXP_RAISE_VALIDATESTATE, 0, TRUE},
    {"raise_flushqueues", RECXP_RAISE_FLUSHQUEUES, 0, TRUE},
    {"raise_transportlogon", RECXP_RAISE_TRANSPORTLOGON, 0, TRUE},
    {"raise_shutdown", RECXP_RAISE_SHUTDOWN, 0, TRUE},
    {"raise_null_submitmessage", RECXP_RAISE_SUBMITMESSAGE, RECXP_RAISE_NULL, TRUE},
    {"raise_null_transportlogoff", RECXP_RAISE_TRANSPORTLOGOFF, RECXP_RAISE_NULL, TRUE},
};

static const struct fault_case *current_case;

/* Opens a row's status object of the session and drives it. */
static void drive_status(IMAPISession *session, const char *name, ULONG type)
{
    IMAPIStatus *status;
    SPropValue *row;
    SRowSet *rows;
    ULONG obj_type;
    HRESULT hr;

    rows = spt_status_rows(session);
    row = spt_status_row(rows, name, type);
    if (row && row[SC_ENTRYID].ulPropTag == PR_ENTRYID)
    {
        hr = IMAPISession_OpenEntry(session, row[SC_ENTRYID].Value.bin.cb, (ENTRYID *)row[SC_ENTRYID].Value.bin.lpb,
                NULL, 0, &obj_type, (IUnknown **)&status);
        if (!hr)
        {
            IMAPIStatus_ValidateState(status, 0, 0);
            IMAPIStatus_FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD);
            IMAPIStatus_Release(status);
        }
    }
    if (rows) pFreeProws(rows);
}

/* A raises in one method; B takes the same address type. */
static void run_fault(const struct fault_case *fc)
{
    const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_A, NULL, fc->mode, "SMTP", .raise = fc->raise, .inbound = 1},
        {RECXP_SERVICE_B, NULL, 0, "SMTP"},
    };
    struct spt_session s = {0};
    DWORD start;

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s)) goto done;
    start = GetTickCount();
    while (!(spt_notify_flags("B", 0, 0) & NOTIFY_BEGIN_OUTBOUND) && GetTickCount() - start < SPT_TIMEOUT)
        Sleep(20);
    ok(spt_notify_flags("B", 0, 0) & NOTIFY_BEGIN_OUTBOUND, "B got no BEGIN_OUTBOUND.\n");

    spt_submit_one(&s, "Fault 1", "alice@example.com");
    spt_submit_one(&s, "Fault 2", "bob@example.com");
    drive_status(s.session, "Recording Transport A", MAPI_TRANSPORT_PROVIDER);
    drive_status(s.session, NULL, MAPI_SPOOLER);
    /* Both messages go out through one transport or the other. */
    start = GetTickCount();
    while (spt_log_count("xpl.EndMessage * -> flags=0x0*") < 2 && GetTickCount() - start < SPT_TIMEOUT) Sleep(50);
    Sleep(500);
    ok(spt_log_count("deliver* subject=\"Fault 1\"*") == 1, "\"Fault 1\" was delivered %d times.\n",
            spt_log_count("deliver* subject=\"Fault 1\"*"));
    ok(spt_log_count("deliver* subject=\"Fault 2\"*") == 1, "\"Fault 2\" was delivered %d times.\n",
            spt_log_count("deliver* subject=\"Fault 2\"*"));
done:
    spt_end(&s, s.submitted);
    if (fc->called) ok(spt_log_count("raise xp=*") > 0, "A never raised.\n");
    check_delivered_once("Fault 1", "alice@example.com");
    check_delivered_once("Fault 2", "bob@example.com");
    /* Each provider object is shut down once (with no logon left: the
     * fixture reports one as a violation) and released after that. */
    ok(spt_log_count("xpp.Shutdown*") == spt_log_count("XPProviderInit*"), "got %d Shutdown calls for %d objects.\n",
            spt_log_count("xpp.Shutdown*"), spt_log_count("XPProviderInit*"));
    ok(spt_log_count("xpp.Release(final)*") == spt_log_count("XPProviderInit*"), "got %d releases for %d objects.\n",
            spt_log_count("xpp.Release(final)*"), spt_log_count("XPProviderInit*"));
    ok(spt_log_find_last("xpp.Shutdown*") > spt_log_find_last("xpl.TransportLogoff*"),
            "the last Shutdown came before a TransportLogoff.\n");
    ok(spt_log_count("xpl.TransportLogoff xp=B*") == 1, "B was logged off %d times.\n",
            spt_log_count("xpl.TransportLogoff xp=B*"));
}

static void test_fault_case(void)
{
    run_fault(current_case);
}

/* XPProviderInit raising: no transport of the DLL, the mail gets reports. */
static void test_raise_init(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP"};
    struct spt_session s = {0};
    char ndr[256] = "";
    DWORD start;

    SetEnvironmentVariableA("RECXP_INIT", "raise");
    if (!spt_begin(&xp, 1) || !spt_open(&s)) goto done;
    wait_log("raise*", 1);
    spt_submit_one(&s, "No transport", "alice@example.com");
    start = GetTickCount();
    while (!spt_ndr(&s, "No transport", ndr, sizeof(ndr)) && GetTickCount() - start < SPT_TIMEOUT) Sleep(50);
    ok(!strcmp(ndr, "alice@example.com"), "got non-delivery report for \"%s\".\n", ndr);
done:
    spt_end(&s, s.submitted);
    SetEnvironmentVariableA("RECXP_INIT", NULL);
    ok(!spt_log_count("xpp.TransportLogon*"), "a transport was logged on.\n");
}

START_TEST(spoolerfault)
{
    struct spt_scenario scenarios[ARRAY_SIZE(fault_cases) + 2];
    char **argv;
    int argc = winetest_get_mainargs(&argv);
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(fault_cases); i++)
    {
        scenarios[i].name = fault_cases[i].name;
        scenarios[i].func = test_fault_case;
        if (argc > 2 && !strcmp(argv[2], fault_cases[i].name)) current_case = &fault_cases[i];
    }
    scenarios[i].name = "raise_init";
    scenarios[i++].func = test_raise_init;
    scenarios[i].name = NULL;
    scenarios[i].func = NULL;
    spt_run_scenarios("spoolerfault", scenarios);
}
