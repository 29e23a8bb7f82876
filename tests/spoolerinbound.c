/*
 * Integration tests: the spooler's inbound path through the recording
 * fixture transport: Poll, StartMessage into the receive folder,
 * NOTIFY_NEWMAIL, Idle, and the transport's critical section.
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

#define INBOUND_LINES "xpl.Poll,xpl.StartMessage,msg.,sup.SpoolerNotify"

static BOOL wait_inbound(const char *tag)
{
    DWORD start = GetTickCount();

    while (!(spt_notify_flags(tag, 0, 0) & NOTIFY_BEGIN_INBOUND))
    {
        if (GetTickCount() - start > SPT_TIMEOUT)
        {
            ok(0, "transport %s got no BEGIN_INBOUND.\n", tag);
            return FALSE;
        }
        Sleep(20);
    }
    return TRUE;
}

/* Waits until the Inbox holds a message with this subject. */
static BOOL wait_inbox(struct spt_session *s, const char *subject)
{
    DWORD start = GetTickCount();

    while (!spt_inbox_has(s, subject))
    {
        if (GetTickCount() - start > SPT_TIMEOUT) return FALSE;
        Sleep(50);
    }
    return TRUE;
}

/* LOGON_SP_POLL: Poll reports the waiting messages, StartMessage fills
 * each new message of the receive folder, which lands in the Inbox. */
static void test_poll(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_POLL, "SMTP", .inbound = 2};
    struct spt_session s = {0};
    int poll, start_line;

    if (!spt_begin(&xp, 1) || !spt_open(&s) || !wait_inbound("A")) goto done;
    if (!wait_log("xpl.StartMessage xp=A * -> subject=\"Inbound A 2\"*", 1)) goto done;
    ok(wait_inbox(&s, "Inbound A 1"), "the first message is not in the Inbox.\n");
    ok(wait_inbox(&s, "Inbound A 2"), "the second message is not in the Inbox.\n");
    poll = spt_log_find("xpl.Poll xp=A -> incoming=2*");
    start_line = spt_log_find("xpl.StartMessage*");
    ok(poll && poll < start_line, "Poll at line %d, StartMessage at line %d.\n", poll, start_line);
    ok(spt_log_count("msg.SaveChanges xp=A -> hr=0x0*") == 2, "got %d saved messages.\n",
            spt_log_count("msg.SaveChanges xp=A -> hr=0x0*"));
    ok(!spt_log_count("xpl.Poll* thread=client"), "Poll ran on the client's thread.\n");
done:
    spt_end(&s, 0);
    ok(spt_inbox == 2, "%lu messages in the Inbox.\n", spt_inbox);
}

/* Polls come at the profile's interval (PT_LONG 0x6620 of the global
 * section, in seconds; 60 by default). */
static void test_poll_interval(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_POLL, "SMTP"};
    struct spt_session s = {0};
    int first, polls;

    if (!spt_begin(&xp, 1)) goto done;
    spt_set_poll_interval(1);
    if (!spt_open(&s) || !wait_inbound("A")) goto done;
    if (!wait_log("xpl.Poll*", 1)) goto done;
    first = spt_log_count("xpl.Poll*");
    Sleep(3500);
    polls = spt_log_count("xpl.Poll*") - first;
    ok(polls >= 2 && polls <= 5, "got %d polls in 3.5 seconds.\n", polls);
done:
    spt_end(&s, -1);
}

/* The default interval is long: one poll at the start, then none for a while. */
static void test_poll_default_interval(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_POLL, "SMTP"};
    struct spt_session s = {0};

    if (!spt_begin(&xp, 1) || !spt_open(&s) || !wait_inbound("A")) goto done;
    if (!wait_log("xpl.Poll*", 1)) goto done;
    Sleep(3000);
    ok(spt_log_count("xpl.Poll*") == 1, "got %d polls.\n", spt_log_count("xpl.Poll*"));
done:
    spt_end(&s, -1);
}

/* A transport without LOGON_SP_POLL is never polled; its NOTIFY_NEWMAIL
 * makes the spooler call StartMessage. */
static void test_newmail(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_NEWMAIL, "SMTP", .inbound = 1, .delay = 200};
    struct spt_session s = {0};

    if (!spt_begin(&xp, 1) || !spt_open(&s) || !wait_inbound("A")) goto done;
    if (!wait_log("msg.SaveChanges xp=A -> hr=0x0*", 1)) goto done;
    check_log(INBOUND_LINES,
            "sup.SpoolerNotify xp=A flags=0x1 thread=timer\n"
            "xpl.StartMessage xp=A flags=0x0 -> subject=\"Inbound A 1\"\n"
            "msg.SetProps xp=A count=7 -> hr=0x0 in=xpl.StartMessage\n"
            "msg.ModifyRecipients xp=A count=1 -> hr=0x0 in=xpl.StartMessage\n"
            "msg.SaveChanges xp=A -> hr=0x0 in=xpl.StartMessage\n");
    ok(wait_inbox(&s, "Inbound A 1"), "the message is not in the Inbox.\n");
done:
    spt_end(&s, 0);
    ok(!spt_log_count("xpl.Poll*"), "a transport without LOGON_SP_POLL was polled.\n");
    ok(spt_inbox == 1, "%lu messages in the Inbox.\n", spt_inbox);
}

/* NOTIFY_NEWMAIL from a polled transport triggers a poll at once, not
 * at the next poll interval (60 seconds by default). */
static void test_newmail_polls(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_POLL, "SMTP"};
    struct spt_session s = {0};
    SPropValue value;
    DWORD start;
    HRESULT hr;
    int polls;

    if (!spt_begin(&xp, 1) || !spt_open(&s) || !wait_inbound("A")) goto done;
    if (!wait_log("xpl.Poll xp=A -> incoming=0*", 1)) goto done;
    /* One message waits now; the transport learns it with its configuration. */
    value.ulPropTag = PR_RECXP_INBOUND;
    value.Value.l = 1;
    spt_reconfigure(RECXP_SERVICE_A, NULL, 1, &value);
    hr = spt_xp_notify("A", NOTIFY_CONFIG_CHANGE);
    ok(hr == S_OK, "SpoolerNotify(CONFIG_CHANGE) got %#lx.\n", hr);
    if (!wait_log("xpl.AddressTypes xp=A*", 2)) goto done;
    polls = spt_log_count("xpl.Poll*");
    start = GetTickCount();
    hr = spt_xp_notify("A", NOTIFY_NEWMAIL);
    ok(hr == S_OK, "SpoolerNotify(NEWMAIL) got %#lx.\n", hr);
    ok(spt_wait_log("xpl.Poll xp=A -> incoming=1*", 1, 2000), "no Poll after NEWMAIL.\n");
    ok(GetTickCount() - start < 2000, "the poll took %lu ms.\n", GetTickCount() - start);
    ok(spt_log_count("xpl.Poll*") == polls + 1, "got %d polls.\n", spt_log_count("xpl.Poll*") - polls);
    ok(wait_inbox(&s, "Inbound A 1"), "the message is not in the Inbox.\n");
done:
    spt_end(&s, 0);
    ok(spt_inbox == 1, "%lu messages in the Inbox.\n", spt_inbox);
}

/* LOGON_SP_IDLE: Idle is called when the spooler has nothing to do. */
static void test_idle(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_IDLE, "SMTP"};
    struct spt_session s = {0};

    if (!spt_begin(&xp, 1) || !spt_open(&s) || !wait_inbound("A")) goto done;
    wait_log("xpl.Idle xp=A flags=0x0*", 1);
    ok(!spt_log_count("xpl.Idle* thread=client"), "Idle ran on the client's thread.\n");
done:
    spt_end(&s, -1);
}

/* No Idle and no Poll between CRITSEC and NONCRIT; both resume after. */
static void test_critsec(void)
{
    static const struct xp_setup xp = {RECXP_SERVICE_A, NULL, RECXP_POLL | RECXP_IDLE, "SMTP"};
    struct spt_session s = {0};
    int polls, critsec, noncrit;
    HRESULT hr;

    if (!spt_begin(&xp, 1)) goto done;
    spt_set_poll_interval(1);
    if (!spt_open(&s) || !wait_inbound("A")) goto done;
    /* Polls come every second. */
    wait_log("xpl.Poll*", 3);
    hr = spt_xp_notify("A", NOTIFY_CRITSEC);
    ok(hr == S_OK, "SpoolerNotify(CRITSEC) got %#lx.\n", hr);
    /* From the return of CRITSEC to the call of NONCRIT. */
    critsec = spt_log_find_last("*") + 1;
    Sleep(3000);
    noncrit = spt_log_find_last("*");
    hr = spt_xp_notify("A", NOTIFY_NONCRIT);
    ok(hr == S_OK, "SpoolerNotify(NONCRIT) got %#lx.\n", hr);
    polls = spt_log_count("xpl.Poll*");
    ok(!spt_log_count_between("xpl.Poll*", critsec, noncrit), "Poll inside the critical section.\n");
    ok(!spt_log_count_between("xpl.Idle*", critsec, noncrit), "Idle inside the critical section.\n");
    ok(spt_wait_log("xpl.Poll*", polls + 1, SPT_TIMEOUT), "Poll did not resume after NONCRIT.\n");
done:
    spt_end(&s, -1);
}

/* Mail in and out at once through two transports. */
static void test_in_and_out(void)
{
    static const struct xp_setup xps[] =
    {
        {RECXP_SERVICE_A, NULL, RECXP_POLL, "SMTP", .inbound = 3},
        {RECXP_SERVICE_B, NULL, 0, "X400"},
    };
    struct spt_session s = {0};
    struct spt_recip recips[] = {{"alice@example.com", "SMTP"}, {"bob/x400", "X400"}};

    if (!spt_begin(xps, ARRAY_SIZE(xps)) || !spt_open(&s) || !wait_inbound("A")) goto done;
    spt_submit(&s, "Both ways", recips, ARRAY_SIZE(recips));
    wait_log("xpl.EndMessage xp=A*", 1);
    wait_log("xpl.EndMessage xp=B*", 1);
    wait_log("msg.SaveChanges xp=A -> hr=0x0*", 3);
    wait_outbox_empty(&s);
done:
    spt_end(&s, s.submitted);
    check_delivered_once("Both ways", "alice@example.com,bob/x400");
    ok(spt_inbox == 3, "%lu messages in the Inbox.\n", spt_inbox);
    ok(spt_sent == 1, "%lu sent.\n", spt_sent);
}

START_TEST(spoolerinbound)
{
    static const struct spt_scenario scenarios[] =
    {
        {"poll", test_poll},
        {"poll_interval", test_poll_interval},
        {"poll_default_interval", test_poll_default_interval},
        {"newmail", test_newmail},
        {"newmail_polls", test_newmail_polls},
        {"idle", test_idle},
        {"critsec", test_critsec},
        {"in_and_out", test_in_and_out},
        {NULL}
    };

    spt_run_scenarios("spoolerinbound", scenarios);
}
