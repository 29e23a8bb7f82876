/*
 * Integration tests: how the spooler routes recipients to transports.
 * For given transports (address types, UIDs, order) and recipients, which
 * transport is given which recipient (those with PR_RESPONSIBILITY FALSE
 * in its SubmitMessage), and which get a non-delivery report.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The rules (mapi-spi.md, section 2; "Setting Transport Order"): first
 * the UIDs, the recipient entry ID's provider UID against each
 * transport's list, in transport order; then the address types, PR_ADDRTYPE
 * matched exactly, in transport order; then the transports with a NULL
 * type list; a list of one empty string takes nothing.  Transports run in
 * the order added, STATUS_XP_PREFER_LAST ones last.
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

static const MAPIUID uid_a = {{'r','e','c','x','p','-','u','i','d','-','A',0,0,0,0,1}};
static const MAPIUID uid_b = {{'r','e','c','x','p','-','u','i','d','-','B',0,0,0,0,2}};
static const MAPIUID uid_d = {{'r','e','c','x','p','-','u','i','d','-','D',0,0,0,0,4}};
static const MAPIUID uid_unknown = {{'r','e','c','x','p','-','u','i','d','-','?',0,0,0,0,9}};

struct route_recip
{
    const char *address;
    const char *type;
    const MAPIUID *uid;
    const char *expect;         /* the transport's tag, NULL: a non-delivery report */
};

struct route_case
{
    const char *name;
    struct xp_setup xps[4];
    struct route_recip recips[8];
};

static const struct route_case route_cases[] =
{
    {
        "types_uids_null_empty",
        {
            {RECXP_SERVICE_A, NULL, 0, "SMTP,X400"},
            {RECXP_SERVICE_B, NULL, 0, NULL},
            {RECXP_SERVICE_C, NULL, RECXP_TYPES_EMPTY},
            {RECXP_SERVICE_D, NULL, 0, "FAX", &uid_d},
        },
        {
            {"a@smtp", "SMTP", NULL, "A"},
            {"b@x400", "X400", NULL, "A"},
            {"c@fax", "FAX", NULL, "D"},
            {"d@ex", "EX", NULL, "B"},
            {"e@smtp-uid-d", "SMTP", &uid_d, "D"},
            {"f@ex-uid-unknown", "EX", &uid_unknown, "B"},
        },
    },
    {
        "uid_before_type",
        {
            {RECXP_SERVICE_A, NULL, 0, "SMTP"},
            {RECXP_SERVICE_B, NULL, 0, "X400", &uid_b},
            {RECXP_SERVICE_C, NULL, RECXP_TYPES_EMPTY},
        },
        {
            {"a@smtp", "SMTP", NULL, "A"},
            {"b@x400", "X400", NULL, "B"},
            {"c@fax", "FAX", NULL, NULL},
            {"d@smtp-uid-b", "SMTP", &uid_b, "B"},
            {"e@ex", "EX", NULL, NULL},
        },
    },
    {
        "uid_in_transport_order",
        {
            {RECXP_SERVICE_A, NULL, 0, "X400", &uid_a},
            {RECXP_SERVICE_B, NULL, 0, NULL, &uid_a},
        },
        {
            {"a@smtp-uid-a", "SMTP", &uid_a, "A"},
            {"b@smtp", "SMTP", NULL, "B"},
            {"c@x400", "X400", NULL, "A"},
        },
    },
    {
        "first_type_match_wins",
        {
            {RECXP_SERVICE_A, NULL, 0, "SMTP"},
            {RECXP_SERVICE_B, NULL, 0, "SMTP,X400"},
        },
        {
            {"a@smtp", "SMTP", NULL, "A"},
            {"b@x400", "X400", NULL, "B"},
            {"c@smtp", "SMTP", NULL, "A"},
        },
    },
    {
        "null_list_last",
        {
            {RECXP_SERVICE_A, NULL, 0, NULL},
            {RECXP_SERVICE_B, NULL, 0, "SMTP"},
        },
        {
            {"a@smtp", "SMTP", NULL, "B"},
            {"b@x400", "X400", NULL, "A"},
        },
    },
    {
        "prefer_last",
        {
            {RECXP_SERVICE_LAST, NULL, 0, "SMTP,X400"},
            {RECXP_SERVICE_A, NULL, 0, "X400"},
        },
        {
            {"a@smtp", "SMTP", NULL, "L"},
            {"b@x400", "X400", NULL, "A"},
        },
    },
    {
        "type_matched_exactly",
        {
            {RECXP_SERVICE_A, NULL, 0, "SMTP"},
        },
        {
            {"a@smtp", "SMTP", NULL, "A"},
            {"b@lower", "smtp", NULL, NULL},
            {"c@longer", "SMTPX", NULL, NULL},
        },
    },
    {
        "empty_list_takes_nothing",
        {
            {RECXP_SERVICE_A, NULL, RECXP_TYPES_EMPTY},
        },
        {
            {"a@smtp", "SMTP", NULL, NULL},
            {"b@none", "", NULL, NULL},
        },
    },
    {
        "no_transport",
        {
            {NULL},
        },
        {
            {"a@smtp", "SMTP", NULL, NULL},
            {"b@x400", "X400", NULL, NULL},
        },
    },
    {
        "all_to_null_list",
        {
            {RECXP_SERVICE_A, NULL, 0, NULL},
        },
        {
            {"a@smtp", "SMTP", NULL, "A"},
            {"b@x400", "X400", NULL, "A"},
            {"c@odd", "ODD", NULL, "A"},
        },
    },
};

static const struct route_case *current_case;

static ULONG case_transports(const struct route_case *rc)
{
    ULONG n = 0;

    while (n < ARRAY_SIZE(rc->xps) && rc->xps[n].service) n++;
    return n;
}

static ULONG case_recipients(const struct route_case *rc)
{
    ULONG n = 0;

    while (n < ARRAY_SIZE(rc->recips) && rc->recips[n].address) n++;
    return n;
}

/* The tag of a transport of the case (from its INF service). */
static const char *transport_tag(const struct xp_setup *xp)
{
    if (!strcmp(xp->service, RECXP_SERVICE_A)) return "A";
    if (!strcmp(xp->service, RECXP_SERVICE_B)) return "B";
    if (!strcmp(xp->service, RECXP_SERVICE_C)) return "C";
    if (!strcmp(xp->service, RECXP_SERVICE_D)) return "D";
    if (!strcmp(xp->service, RECXP_SERVICE_LAST)) return "L";
    return "?";
}

/* The recipients expected for a tag (NULL: the non-delivered ones), in
 * recipient order, or sorted for the report. */
static void expected_list(const struct route_case *rc, const char *tag, BOOL sorted, char *out, size_t size)
{
    const char *addresses[8];
    ULONG i, n = 0;

    for (i = 0; i < case_recipients(rc); i++)
    {
        const char *expect = rc->recips[i].expect;

        if ((!tag && !expect) || (tag && expect && !strcmp(tag, expect))) addresses[n++] = rc->recips[i].address;
    }
    if (sorted) qsort(addresses, n, sizeof(addresses[0]), spt_compare_strings);
    out[0] = 0;
    for (i = 0; i < n && strlen(out) + strlen(addresses[i]) + 2 < size; i++)
    {
        if (i) strcat(out, ",");
        strcat(out, addresses[i]);
    }
}

/* Whether everything the case expects has happened: each recipient
 * delivered by its transport, the report made. */
static BOOL case_done(struct spt_session *s, const struct route_case *rc, const char *subject)
{
    char pattern[256], list[512], ndr[512];
    ULONG i;

    for (i = 0; i < case_recipients(rc); i++)
    {
        if (!rc->recips[i].expect) continue;
        sprintf(pattern, "deliver xp=%s to=%s subject=\"%s\"*", rc->recips[i].expect, rc->recips[i].address, subject);
        if (!spt_log_count(pattern)) return FALSE;
    }
    expected_list(rc, NULL, TRUE, list, sizeof(list));
    return !list[0] || spt_ndr(s, subject, ndr, sizeof(ndr));
}

/* Checks, per transport, the recipients it was given and delivered to,
 * and the recipients of the non-delivery report. */
static void check_case(struct spt_session *s, const struct route_case *rc, const char *subject)
{
    char pattern[1024], list[512], ndr[512];
    ULONG i;
    int count;

    for (i = 0; i < case_transports(rc); i++)
    {
        const char *tag = transport_tag(&rc->xps[i]);

        winetest_push_context("%s", tag);
        expected_list(rc, tag, FALSE, list, sizeof(list));
        sprintf(pattern, "xpl.SubmitMessage xp=%s * subject=\"%s\" *", tag, subject);
        count = spt_log_count(pattern);
        if (!list[0])
            ok(!count, "transport %s got the message %d times.\n", tag, count);
        else
        {
            sprintf(pattern, "xpl.SubmitMessage xp=%s flags=0x0 subject=\"%s\" recips=%s -> hr=0x0", tag, subject,
                    list);
            ok(count == 1 && spt_log_count(pattern) == 1, "transport %s was not given exactly %s (%d calls).\n",
                    tag, list, count);
        }
        sprintf(pattern, "decline xp=%s *", tag);
        ok(!spt_log_count(pattern), "transport %s was given a recipient it does not take.\n", tag);
        winetest_pop_context();
    }
    for (i = 0; i < case_recipients(rc); i++)
    {
        const struct route_recip *recip = &rc->recips[i];

        sprintf(pattern, "deliver xp=%s to=%s subject=\"%s\"*", recip->expect ? recip->expect : "*", recip->address,
                subject);
        count = spt_log_count(pattern);
        ok(count == (recip->expect ? 1 : 0), "%s: delivered %d times.\n", recip->address, count);
    }
    expected_list(rc, NULL, TRUE, list, sizeof(list));
    count = spt_ndr(s, subject, ndr, sizeof(ndr));
    if (list[0])
        ok(count == 1 && !strcmp(ndr, list), "got %d reports, for \"%s\", expected one for \"%s\".\n", count, ndr, list);
    else
        ok(!count, "got %d non-delivery reports, for \"%s\".\n", count, ndr);
}

/* Runs one case: all recipients in one message, then each in a message of its own. */
static void run_case(const struct route_case *rc)
{
    struct route_case single;
    struct spt_recip recips[8];
    struct spt_session s = {0};
    char subject[64];
    ULONG i, n = case_recipients(rc);
    DWORD start;

    if (!spt_begin(rc->xps, case_transports(rc)) || !spt_open(&s)) goto done;
    /* Outbound begins for every transport before anything is submitted. */
    for (i = 0; i < case_transports(rc); i++)
    {
        const char *tag = transport_tag(&rc->xps[i]);

        start = GetTickCount();
        while (!(spt_notify_flags(tag, 0, 0) & NOTIFY_BEGIN_OUTBOUND) && GetTickCount() - start < SPT_TIMEOUT)
            Sleep(20);
        ok(spt_notify_flags(tag, 0, 0) & NOTIFY_BEGIN_OUTBOUND, "transport %s got no BEGIN_OUTBOUND.\n", tag);
    }
    for (i = 0; i < n; i++)
    {
        recips[i].address = rc->recips[i].address;
        recips[i].type = rc->recips[i].type;
        recips[i].uid = rc->recips[i].uid;
    }
    spt_submit(&s, "All recipients", recips, n);
    start = GetTickCount();
    while (!case_done(&s, rc, "All recipients") && GetTickCount() - start < SPT_TIMEOUT) Sleep(50);
    winetest_push_context("all");
    check_case(&s, rc, "All recipients");
    winetest_pop_context();

    for (i = 0; i < n; i++)
    {
        single = *rc;
        memset(single.recips, 0, sizeof(single.recips));
        single.recips[0] = rc->recips[i];
        sprintf(subject, "Only %s", rc->recips[i].address);
        spt_submit(&s, subject, &recips[i], 1);
        start = GetTickCount();
        while (!case_done(&s, &single, subject) && GetTickCount() - start < SPT_TIMEOUT) Sleep(50);
        winetest_push_context("%s", rc->recips[i].address);
        check_case(&s, &single, subject);
        winetest_pop_context();
    }
    /* Every message is finished: delivered or reported. */
    wait_outbox_empty(&s);
done:
    spt_end(&s, s.submitted);
    ok(spt_sent == s.submitted, "%lu of %d messages sent.\n", spt_sent, s.submitted);
}

static void test_route_case(void)
{
    run_case(current_case);
}

/* One scenario (child process) per case. */
START_TEST(spoolerroute)
{
    struct spt_scenario scenarios[ARRAY_SIZE(route_cases) + 1];
    char **argv;
    int argc = winetest_get_mainargs(&argv);
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(route_cases); i++)
    {
        scenarios[i].name = route_cases[i].name;
        scenarios[i].func = test_route_case;
        if (argc > 2 && !strcmp(argv[2], route_cases[i].name)) current_case = &route_cases[i];
    }
    scenarios[i].name = NULL;
    scenarios[i].func = NULL;
    spt_run_scenarios("spoolerroute", scenarios);
}
