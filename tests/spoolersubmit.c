/*
 * Integration tests: the spooler's outbound path through the recording
 * fixture transport: every SubmitMessage return code and EndMessage flag,
 * deferred messages, and TransportLogoff while a SubmitMessage runs.
 * After each scenario every submitted message is either sent or still
 * queued, and none was delivered twice.
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

#define SUBMIT_LINES "xpl.SubmitMessage,xpl.EndMessage,deliver,decline,sup.SpoolerNotify"

/* Waits until the transport has BEGIN_OUTBOUND. */
static BOOL wait_outbound(const char *tag)
{
    DWORD start = GetTickCount();

    while (!(spt_notify_flags(tag, 0, 0) & NOTIFY_BEGIN_OUTBOUND))
    {
        if (GetTickCount() - start > SPT_TIMEOUT)
        {
            ok(0, "transport %s got no BEGIN_OUTBOUND.\n", tag);
            return FALSE;
        }
        Sleep(20);
    }
    return TRUE;
}

/* A session with these transports, the first one's outbound begun. */
static BOOL session_begin(const struct xp_setup *xps, ULONG count, struct spt_session *s)
{
    memset(s, 0, sizeof(*s));
    if (!spt_begin(xps, count) || !spt_open(s)) return FALSE;
    return wait_outbound(xps[0].tag ? xps[0].tag : "A");
}

/* S_OK: delivered, EndMessage, finished into Sent Items. */
static void test_submit_ok(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP"};
    struct spt_session s;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "One", "alice@example.com");
    spt_submit_one(&s, "Two", "bob@example.com");
    spt_submit_one(&s, "Three", "carol@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 3)) goto done;
    check_log(SUBMIT_LINES,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"One\" recips=alice@example.com -> hr=0x0\n"
            "deliver xp=A to=alice@example.com subject=\"One\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x1 -> flags=0x0\n"
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Two\" recips=bob@example.com -> hr=0x0\n"
            "deliver xp=A to=bob@example.com subject=\"Two\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x2 -> flags=0x0\n"
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Three\" recips=carol@example.com -> hr=0x0\n"
            "deliver xp=A to=carol@example.com subject=\"Three\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x3 -> flags=0x0\n");
    /* PR_RESPONSIBILITY goes TRUE on what the transport handled. */
    ok(spt_log_count("msg.ModifyRecipients xp=A count=1 -> hr=0x0*") == 3, "ModifyRecipients failed.\n");
    wait_outbox_empty(&s);
done:
    spt_end(&s, s.submitted);
    ok(spt_sent == 3 && spt_outgoing == 0, "%lu sent, %lu queued.\n", spt_sent, spt_outgoing);
}

/* MAPI_E_BUSY: nothing done, no EndMessage, tried again later. */
static void test_submit_busy(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .submit_hr = MAPI_E_BUSY, .submit_count = 1};
    struct spt_session s;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Busy", "alice@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 1)) goto done;
    check_log(SUBMIT_LINES,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Busy\" recips=alice@example.com -> hr=0x8004010b\n"
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Busy\" recips=alice@example.com -> hr=0x0\n"
            "deliver xp=A to=alice@example.com subject=\"Busy\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x0\n");
    wait_outbox_empty(&s);
done:
    spt_end(&s, s.submitted);
    check_delivered_once("Busy", "alice@example.com");
    ok(spt_sent == 1, "%lu sent.\n", spt_sent);
}

/* A transport that is always busy: the messages stay queued, never lost. */
static void test_submit_always_busy(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .submit_hr = MAPI_E_BUSY};
    struct spt_session s;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Busy 1", "alice@example.com");
    spt_submit_one(&s, "Busy 2", "bob@example.com");
    wait_log("xpl.SubmitMessage xp=A flags=0x0 subject=\"Busy 2\"*", 1);
done:
    spt_end(&s, s.submitted);
    ok(!spt_log_count("xpl.EndMessage*"), "EndMessage after MAPI_E_BUSY.\n");
    ok(!spt_log_count("deliver*"), "a message was delivered.\n");
    ok(spt_outgoing == 2 && spt_sent == 0, "%lu queued, %lu sent.\n", spt_outgoing, spt_sent);
}

/* MAPI_E_NOT_ME: the spooler offers the message to the next transport. */
static void test_submit_not_me(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_A, NULL, 0, "SMTP", .submit_hr = MAPI_E_NOT_ME},
        {RECXP_SERVICE_B, NULL, 0, "SMTP"},
    };
    struct spt_session s;

    if (!session_begin(xps, ARRAY_SIZE(xps), &s)) goto done;
    if (!wait_outbound("B")) goto done;
    spt_submit_one(&s, "Not me", "alice@example.com");
    if (!wait_log("xpl.EndMessage xp=B*", 1)) goto done;
    check_log(SUBMIT_LINES,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Not me\" recips=alice@example.com -> hr=0x80040502\n"
            "xpl.SubmitMessage xp=B flags=0x0 subject=\"Not me\" recips=alice@example.com -> hr=0x0\n"
            "deliver xp=B to=alice@example.com subject=\"Not me\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=B ref=0x* -> flags=0x0\n");
done:
    spt_end(&s, s.submitted);
    check_delivered_once("Not me", "alice@example.com");
}

/* MAPI_E_NOT_ME from the only transport: a non-delivery report. */
static void test_submit_not_me_only(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .submit_hr = MAPI_E_NOT_ME};
    struct spt_session s;
    char ndr[256] = "";
    DWORD start;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Nobody", "alice@example.com");
    start = GetTickCount();
    while (!spt_ndr(&s, "Nobody", ndr, sizeof(ndr)) && GetTickCount() - start < SPT_TIMEOUT) Sleep(50);
    ok(!strcmp(ndr, "alice@example.com"), "got non-delivery report for \"%s\".\n", ndr);
    ok(!spt_log_count("xpl.EndMessage*"), "EndMessage after MAPI_E_NOT_ME.\n");
done:
    spt_end(&s, s.submitted);
}

/* MAPI_E_CANCEL: the message is not sent again. */
static void test_submit_cancel(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .submit_hr = MAPI_E_CANCEL, .submit_count = 1};
    struct spt_session s;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Cancelled", "alice@example.com");
    spt_submit_one(&s, "Next", "bob@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 1)) goto done;
    Sleep(1500);
    check_log(SUBMIT_LINES,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Cancelled\" recips=alice@example.com -> hr=0x80040501\n"
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Next\" recips=bob@example.com -> hr=0x0\n"
            "deliver xp=A to=bob@example.com subject=\"Next\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x0\n");
done:
    spt_end(&s, s.submitted);
}

/* MAPI_E_WAIT and MAPI_E_NETWORK_ERROR: resubmitted after *lpulReturnParm
 * seconds (the fixture reports an early resubmission as a violation). */
static void submit_retry(HRESULT hr, const char *subject)
{
    const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .submit_hr = hr, .submit_count = 1,
            .return_parm = 2};
    struct spt_session s;
    char expected[1024];
    DWORD start, elapsed = 0;

    if (!session_begin(&xp, 1, &s)) goto done;
    start = GetTickCount();
    spt_submit_one(&s, subject, "alice@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 1)) goto done;
    elapsed = GetTickCount() - start;
    sprintf(expected,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"%s\" recips=alice@example.com -> hr=0x%lx parm=2\n"
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"%s\" recips=alice@example.com -> hr=0x0\n"
            "deliver xp=A to=alice@example.com subject=\"%s\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x0\n", subject, (ULONG)hr, subject, subject);
    check_log(SUBMIT_LINES, expected);
    ok(elapsed >= 1900, "resent after %lu ms.\n", elapsed);
done:
    spt_end(&s, s.submitted);
    check_delivered_once(subject, "alice@example.com");
}

static void test_submit_wait(void)
{
    submit_retry(MAPI_E_WAIT, "Wait");
}

static void test_submit_network_error(void)
{
    submit_retry(MAPI_E_NETWORK_ERROR, "Network error");
}

/* END_RESEND_NOW and END_RESEND_LATER: the message is submitted again. */
static void end_resend(ULONG flags, const char *subject)
{
    const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .end_flags = flags, .end_count = 1};
    struct spt_session s;
    char expected[1024];

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, subject, "alice@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 2)) goto done;
    sprintf(expected,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"%s\" recips=alice@example.com -> hr=0x0\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x%lx\n"
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"%s\" recips=alice@example.com -> hr=0x0\n"
            "deliver xp=A to=alice@example.com subject=\"%s\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x0\n", subject, flags, subject, subject);
    check_log(SUBMIT_LINES, expected);
    wait_outbox_empty(&s);
done:
    spt_end(&s, s.submitted);
    check_delivered_once(subject, "alice@example.com");
    ok(spt_sent == 1, "%lu sent.\n", spt_sent);
}

static void test_end_resend_now(void)
{
    end_resend(END_RESEND_NOW, "Resend now");
}

static void test_end_resend_later(void)
{
    end_resend(END_RESEND_LATER, "Resend later");
}

/* END_DONT_RESEND: the message waits until the transport calls
 * SpoolerNotify(SENTDEFERRED), then comes back with BEGIN_DEFERRED. */
static void test_end_dont_resend(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .end_flags = END_DONT_RESEND,
            .end_count = 1, .delay = 300};
    struct spt_session s;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Deferred", "alice@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 2)) goto done;
    check_log(SUBMIT_LINES,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Deferred\" recips=alice@example.com -> hr=0x0\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x40000\n"
            "sup.SpoolerNotify xp=A flags=0x4 thread=timer\n"
            "xpl.SubmitMessage xp=A flags=0x1 subject=\"Deferred\" recips=alice@example.com -> hr=0x0\n"
            "deliver xp=A to=alice@example.com subject=\"Deferred\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x0\n");
done:
    spt_end(&s, s.submitted);
    check_delivered_once("Deferred", "alice@example.com");
}

/* A deferred message still waiting at logoff: TransportNotify gets
 * ABORT_DEFERRED alone before TransportLogoff; the message stays queued. */
static void test_abort_deferred(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, 0, "SMTP", .end_flags = END_DONT_RESEND};
    struct spt_session s;
    int abort_line, logoff_line;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Never announced", "alice@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 1)) goto done;
    spt_close(&s);
    abort_line = spt_log_find("xpl.TransportNotify xp=A flags=0x40000000*");
    logoff_line = spt_log_find("xpl.TransportLogoff xp=A*");
    ok(abort_line && abort_line < logoff_line, "ABORT_DEFERRED at line %d, TransportLogoff at line %d.\n",
            abort_line, logoff_line);
    ok(spt_log_count("xpl.SubmitMessage*") == 1, "the deferred message was resent.\n");
done:
    spt_end(&s, s.submitted);
    ok(spt_outgoing == 1 && spt_sent == 0, "%lu queued, %lu sent.\n", spt_outgoing, spt_sent);
}

/* TransportLogoff while SubmitMessage runs on the spooler's thread: the
 * transport stops, the message is not sent, stays queued for the next
 * session, and the provider is shut down only after TransportLogoff. */
static void logoff_during_submit(ULONG mode)
{
    const struct xp_setup xp = {RECXP_SERVICE_A, NULL, mode, "SMTP"};
    struct spt_session s;
    DWORD start, elapsed;
    int logoff_line;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Slow", "alice@example.com");
    if (!wait_log("xpl.SubmitMessage xp=A * -> wait", 1)) goto done;
    start = GetTickCount();
    spt_close(&s);
    elapsed = GetTickCount() - start;
    ok(elapsed < 10000, "logoff took %lu ms.\n", elapsed);
    ok(spt_wait_log("xpl.SubmitMessage xp=A stopped by=*", 1, 5000), "SubmitMessage was not stopped.\n");
    ok(!spt_log_count("xpl.SubmitMessage xp=A stopped by=timeout*"), "SubmitMessage was never told to stop.\n");
    logoff_line = spt_log_find("xpl.TransportLogoff xp=A*");
    ok(logoff_line > 0, "no TransportLogoff.\n");
    ok(spt_log_find("xpp.Shutdown*") > logoff_line, "Shutdown came before TransportLogoff.\n");
    ok(!spt_log_count("xpl.EndMessage*"), "EndMessage for a message that was stopped.\n");
    ok(!spt_log_count("deliver*"), "the message was delivered.\n");
    /* The spooler unlocked the message itself (the store's log says by whom). */
    ok(spt_store_log_count("mdb.SetLockState eid=* state=1 by=spooler hr=0x0") == 1, "the message was not locked.\n");
    ok(spt_store_log_count("mdb.SetLockState eid=* state=0 by=spooler hr=0x0") == 1,
            "the spooler did not unlock the message.\n");
    ok(spt_store_log_count("msl.Logoff by=spooler unlocked=0*") == spt_store_log_count("msl.Logoff by=spooler*"),
            "the spooler's logon left the message locked.\n");
done:
    spt_end(&s, s.submitted);
    ok(spt_outgoing == 1 && spt_sent == 0, "%lu queued, %lu sent.\n", spt_outgoing, spt_sent);
}

static void test_logoff_during_submit_yield(void)
{
    logoff_during_submit(RECXP_SLOW_YIELD);
}

static void test_logoff_during_submit_event(void)
{
    logoff_during_submit(RECXP_SLOW_EVENT);
}

static void test_logoff_during_submit_sample(void)
{
    logoff_during_submit(RECXP_SLOW_EVENT | RECXP_LOGOFF_SAMPLE);
}

/* A message stopped at logoff is sent by the next session. */
static void test_resent_next_session(void)
{
    const struct xp_setup slow = {RECXP_SERVICE_A, NULL, RECXP_SLOW_EVENT, "SMTP"};
    SPropValue value;
    struct spt_session s;

    if (!session_begin(&slow, 1, &s)) goto done;
    spt_submit_one(&s, "Second chance", "alice@example.com");
    if (!wait_log("xpl.SubmitMessage xp=A * -> wait", 1)) goto done;
    spt_close(&s);
    value.ulPropTag = PR_RECXP_MODE;
    value.Value.l = 0;
    spt_reconfigure(RECXP_SERVICE_A, NULL, 1, &value);
    if (!spt_open(&s)) goto done;
    s.submitted = 1;
    wait_log("deliver xp=A to=alice@example.com subject=\"Second chance\"*", 1);
    wait_log("xpl.EndMessage xp=A*", 1);
    wait_outbox_empty(&s);
done:
    spt_end(&s, 1);
    check_delivered_once("Second chance", "alice@example.com");
    ok(spt_sent == 1, "%lu sent.\n", spt_sent);
}

/* A slow SubmitMessage inside the transport's critical section. */
static void test_submit_critsec(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_CRITSEC | RECXP_IDLE, "SMTP", .delay = 1500};
    struct spt_session s;

    if (!session_begin(&xp, 1, &s)) goto done;
    spt_submit_one(&s, "Critical section", "alice@example.com");
    if (!wait_log("xpl.EndMessage xp=A*", 1)) goto done;
    check_log(SUBMIT_LINES,
            "xpl.SubmitMessage xp=A flags=0x0 subject=\"Critical section\" recips=alice@example.com -> hr=0x0\n"
            "sup.SpoolerNotify xp=A flags=0x1000 in=xpl.SubmitMessage\n"
            "sup.SpoolerNotify xp=A flags=0x2000 in=xpl.SubmitMessage\n"
            "deliver xp=A to=alice@example.com subject=\"Critical section\" in=xpl.SubmitMessage\n"
            "xpl.EndMessage xp=A ref=0x* -> flags=0x0\n");
done:
    spt_end(&s, s.submitted);
}

START_TEST(spoolersubmit)
{
    static const struct spt_scenario scenarios[] =
    {
        {"submit_ok", test_submit_ok},
        {"submit_busy", test_submit_busy},
        {"submit_always_busy", test_submit_always_busy},
        {"submit_not_me", test_submit_not_me},
        {"submit_not_me_only", test_submit_not_me_only},
        {"submit_cancel", test_submit_cancel},
        {"submit_wait", test_submit_wait},
        {"submit_network_error", test_submit_network_error},
        {"end_resend_now", test_end_resend_now},
        {"end_resend_later", test_end_resend_later},
        {"end_dont_resend", test_end_dont_resend},
        {"abort_deferred", test_abort_deferred},
        {"logoff_during_submit_yield", test_logoff_during_submit_yield},
        {"logoff_during_submit_event", test_logoff_during_submit_event},
        {"logoff_during_submit_sample", test_logoff_during_submit_sample},
        {"resent_next_session", test_resent_next_session},
        {"submit_critsec", test_submit_critsec},
        {NULL}
    };

    spt_run_scenarios("spoolersubmit", scenarios);
}
