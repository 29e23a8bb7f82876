/*
 * Tests for the spooler's outbound bookkeeping: which transport takes
 * which recipient, deferred messages, and a message the client aborts
 * while a transport has it
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * These functions have no export: spoolerout.c and spoolreport.c are
 * built into this program as the DLL builds them (with the ANSI MAPI
 * declarations), and what they take from the rest of mapi32 is given here
 * under names of this test's own.  The logon table is made by hand.
 */

#undef __WINESRC__

#define MAPIAllocateBuffer spoolroute_MAPIAllocateBuffer
#define MAPIAllocateMore spoolroute_MAPIAllocateMore
#define MAPIFreeBuffer spoolroute_MAPIFreeBuffer
#define FreePadrlist spoolroute_FreePadrlist
#define FreeProws spoolroute_FreeProws
#define PpropFindProp spoolroute_PpropFindProp
#define PropCopyMore spoolroute_PropCopyMore
#define HrQueryAllRows spoolroute_HrQueryAllRows
#define mapi_heap_alloc spoolroute_heap_alloc
#define mapi_heap_realloc spoolroute_heap_realloc
#define mapi_heap_free spoolroute_heap_free
#define provider_get_dll spoolroute_provider_get_dll
#define provider_dll_enter spoolroute_provider_dll_enter
#define provider_dll_leave spoolroute_provider_dll_leave
#define provider_dll_name spoolroute_provider_dll_name
#define entryid_provider_uid spoolroute_entryid_provider_uid
#define xp_entry_addref spoolroute_xp_entry_addref
#define xp_entry_release spoolroute_xp_entry_release
#define xp_entry_begin_call spoolroute_xp_entry_begin_call
#define xp_entry_end_call spoolroute_xp_entry_end_call
#define xp_entry_fault spoolroute_xp_entry_fault
#define spooler_wake spoolroute_spooler_wake

#include "wine/test.h"
#include "../spoolerout.c"
/* One debug channel for both files. */
#undef WINE_DEFAULT_DEBUG_CHANNEL
#define WINE_DEFAULT_DEBUG_CHANNEL(ch)
#include "../spoolreport.c"

/* ------------------------------------------------------------------------
 * What spoolerout.c and spoolreport.c call elsewhere.  The calls these
 * tests do not expect fail the test.
 */

static LONG wakes, begin_calls, end_calls, faults;

void *mapi_heap_alloc(SIZE_T size)
{
    return HeapAlloc(GetProcessHeap(), 0, size);
}

void *mapi_heap_realloc(void *ptr, SIZE_T size)
{
    return ptr ? HeapReAlloc(GetProcessHeap(), 0, ptr, size) : HeapAlloc(GetProcessHeap(), 0, size);
}

void mapi_heap_free(void *ptr)
{
    HeapFree(GetProcessHeap(), 0, ptr);
}

/* The provider UID of an entry ID: its bytes 4 to 19. */
const MAPIUID *entryid_provider_uid(ULONG cb, const ENTRYID *eid)
{
    if (!eid || cb < 4 + sizeof(MAPIUID)) return NULL;
    return (const MAPIUID *)eid->ab;
}

struct provider_dll *provider_get_dll(const struct provider *provider)
{
    ok(0, "unexpected call.\n");
    return NULL;
}

void provider_dll_enter(struct provider_dll *dll)
{
}

void provider_dll_leave(struct provider_dll *dll)
{
}

const char *provider_dll_name(const struct provider_dll *dll)
{
    return "test";
}

void xp_entry_addref(struct xp_entry *entry)
{
    InterlockedIncrement(&entry->refs);
}

void xp_entry_release(struct xp_entry *entry)
{
    InterlockedDecrement(&entry->refs);
}

IXPLogon *xp_entry_begin_call(struct xp_entry *entry)
{
    InterlockedIncrement(&begin_calls);
    return entry->logon;
}

void xp_entry_end_call(struct xp_entry *entry)
{
    InterlockedIncrement(&end_calls);
}

void xp_entry_fault(struct xp_entry *entry, const char *method)
{
    InterlockedIncrement(&faults);
}

void spooler_wake(struct spooler *spooler)
{
    InterlockedIncrement(&wakes);
}

SCODE WINAPI MAPIAllocateBuffer(ULONG size, void **buffer)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_CALL_FAILED;
}

SCODE WINAPI MAPIAllocateMore(ULONG size, void *parent, void **buffer)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_CALL_FAILED;
}

ULONG WINAPI MAPIFreeBuffer(void *buffer)
{
    ok(!buffer, "unexpected call.\n");
    return S_OK;
}

void WINAPI FreePadrlist(ADRLIST *list)
{
    ok(!list, "unexpected call.\n");
}

void WINAPI FreeProws(SRowSet *rows)
{
    ok(!rows, "unexpected call.\n");
}

SPropValue * WINAPI PpropFindProp(SPropValue *props, ULONG count, ULONG tag)
{
    ok(0, "unexpected call.\n");
    return NULL;
}

SCODE WINAPI PropCopyMore(SPropValue *dst, SPropValue *src, ALLOCATEMORE *more, void *parent)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_CALL_FAILED;
}

HRESULT WINAPI HrQueryAllRows(IMAPITable *table, SPropTagArray *columns, SRestriction *res, SSortOrderSet *sort,
        LONG max, SRowSet **rows)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_CALL_FAILED;
}

/* ------------------------------------------------------------------------
 * A logon table made by hand.
 */

#define MAX_XPS 6

static struct spooler test_spooler;
static struct xp_entry test_entries[MAX_XPS];
static struct xp_entry *test_table[MAX_XPS];
static char *test_types[MAX_XPS][4];
static MAPIUID test_uid_values[MAX_XPS][2];
static MAPIUID *test_uids[MAX_XPS][2];

static const MAPIUID uid_a = {{0xa0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xa0}};
static const MAPIUID uid_b = {{0xb0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xb0}};
static const MAPIUID uid_c = {{0xc0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xc0}};

/* types: "SMTP,X400", "" for one empty string, NULL for no list. */
static void add_transport(const char *types, const MAPIUID *uid)
{
    ULONG i = test_spooler.entry_count, n = 0;
    struct xp_entry *entry = &test_entries[i];
    static char buffer[MAX_XPS][64];
    char *p;

    memset(entry, 0, sizeof(*entry));
    entry->spooler = &test_spooler;
    entry->order = 10 + i;
    entry->state = XP_INBOUND | XP_OUTBOUND;
    entry->types_valid = TRUE;
    if (types)
    {
        strcpy(buffer[i], types);
        test_types[i][n++] = buffer[i];
        for (p = buffer[i]; (p = strchr(p, ',')); )
        {
            *p++ = 0;
            test_types[i][n++] = p;
        }
        entry->types = test_types[i];
        entry->type_count = n;
    }
    if (uid)
    {
        test_uid_values[i][0] = *uid;
        test_uids[i][0] = &test_uid_values[i][0];
        entry->uids = test_uids[i];
        entry->uid_count = 1;
    }
    test_table[i] = entry;
    test_spooler.entry_count++;
}

static void reset_table(void)
{
    test_spooler.entries = test_table;
    test_spooler.entry_count = 0;
    test_spooler.messages = NULL;
}

struct test_recip
{
    const char *type;
    const MAPIUID *uid;
    BOOL responsibility;
    BYTE eid[4 + sizeof(MAPIUID) + 4];
};

/* Routes the recipients and compares with the expected transport indices. */
#define check_route(recips, count, excluded, excluded_count, expect) \
        check_route_(__LINE__, recips, count, excluded, excluded_count, expect)
static void check_route_(int line, struct test_recip *recips, ULONG count, const ULONG *excluded,
        ULONG excluded_count, const ULONG *expect)
{
    struct route_recipient input[8];
    ULONG route[8], i;

    for (i = 0; i < count; i++)
    {
        memset(&input[i], 0, sizeof(input[i]));
        input[i].adrtype = recips[i].type;
        input[i].responsibility = recips[i].responsibility;
        if (recips[i].uid)
        {
            memset(recips[i].eid, 0, sizeof(recips[i].eid));
            memcpy(recips[i].eid + 4, recips[i].uid, sizeof(MAPIUID));
            input[i].cb_eid = sizeof(recips[i].eid);
            input[i].eid = (const ENTRYID *)recips[i].eid;
        }
        route[i] = 0xdead;
    }
    spooler_route(&test_spooler, count, input, excluded, excluded_count, route);
    for (i = 0; i < count; i++)
        ok_(__FILE__, line)(route[i] == expect[i], "recipient %lu: got transport %ld, expected %ld.\n", i,
                (LONG)route[i], (LONG)expect[i]);
}

#define NONE (~0u)

static void test_route_by_type(void)
{
    struct test_recip recips[] =
    {
        {"SMTP"}, {"X400"}, {"FAX"}, {"smtp"}, {"SMTPX"}, {""}, {NULL},
    };
    static const ULONG expect[] = {0, 1, NONE, NONE, NONE, NONE, NONE};
    static const ULONG expect_null[] = {0, 1, 2, 2, 2, 2, 2};

    /* The first transport in order that lists the type takes it, matched exactly. */
    reset_table();
    add_transport("SMTP", NULL);
    add_transport("SMTP,X400", NULL);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect);

    /* A transport without a list takes every other recipient, also one without a type. */
    add_transport(NULL, NULL);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_null);
}

static void test_route_null_list_last(void)
{
    struct test_recip recips[] = {{"SMTP"}, {"X400"}};
    static const ULONG expect[] = {1, 0};
    static const ULONG expect_two[] = {2, 0};

    reset_table();
    add_transport(NULL, NULL);
    add_transport("SMTP", NULL);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect);

    /* Of two transports without a list, the first. */
    reset_table();
    add_transport(NULL, NULL);
    add_transport(NULL, NULL);
    add_transport("SMTP", NULL);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_two);
}

static void test_route_empty_list(void)
{
    struct test_recip recips[] = {{"SMTP"}, {""}, {NULL}, {"SMTP", &uid_a}};
    static const ULONG expect[] = {NONE, NONE, NONE, 0};
    static const ULONG expect_null[] = {1, 1, 1, 0};

    /* One empty string: no addressed mail, but its UIDs still route. */
    reset_table();
    add_transport("", &uid_a);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect);
    add_transport(NULL, NULL);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_null);

    /* No type at all is the same. */
    reset_table();
    add_transport("SMTP", NULL);
    test_entries[0].type_count = 0;
    check_route(recips, 1, NULL, 0, expect);
}

static void test_route_by_uid(void)
{
    struct test_recip recips[] =
    {
        {"SMTP", &uid_b}, {"X400", &uid_a}, {"SMTP", &uid_c}, {NULL, &uid_b}, {"FAX", NULL},
    };
    static const ULONG expect[] = {1, 0, 0, 1, NONE};
    static const ULONG expect_order[] = {1, 0, 0, 1, 2};

    /* The UIDs come before the types; an unknown UID routes by type. */
    reset_table();
    add_transport("SMTP", &uid_a);
    add_transport("X400", &uid_b);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect);

    /* Of two transports with the UID, the first in order. */
    add_transport(NULL, &uid_b);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_order);
}

static void test_route_short_entryid(void)
{
    struct route_recipient input = {"X400"};
    BYTE eid[4 + sizeof(MAPIUID) - 1];
    ULONG route = 0xdead;

    /* An entry ID too short for a UID routes by type. */
    reset_table();
    add_transport("SMTP", &uid_a);
    add_transport("X400", NULL);
    memset(eid, 0, sizeof(eid));
    memcpy(eid + 4, &uid_a, sizeof(eid) - 4);
    input.cb_eid = sizeof(eid);
    input.eid = (const ENTRYID *)eid;
    spooler_route(&test_spooler, 1, &input, NULL, 0, &route);
    ok(route == 1, "got %lu.\n", route);
}

static void test_route_skips(void)
{
    struct test_recip recips[] = {{"SMTP"}, {"SMTP", &uid_a}, {"SMTP", NULL, TRUE}};
    static const ULONG expect_first[] = {0, 0, NONE};
    static const ULONG expect_second[] = {1, 1, NONE};
    static const ULONG states[] =
    {
        XP_INBOUND | XP_OUTBOUND | XP_LOGGING_OFF,
        XP_INBOUND | XP_OUTBOUND | XP_LOGGED_OFF,
        XP_INBOUND | XP_OUTBOUND | XP_CRITICAL_ERROR,
        XP_INBOUND | XP_OUTBOUND | XP_SUPPORT_GONE,
        XP_INBOUND,
    };
    ULONG i, excluded[2];

    reset_table();
    add_transport("SMTP", &uid_a);
    add_transport(NULL, &uid_a);
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_first);

    for (i = 0; i < ARRAY_SIZE(states); i++)
    {
        winetest_push_context("state %#lx", states[i]);
        test_entries[0].state = states[i];
        check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_second);
        winetest_pop_context();
    }
    test_entries[0].state = XP_INBOUND | XP_OUTBOUND;

    /* Its AddressTypes data is gone. */
    test_entries[0].types_valid = FALSE;
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_second);
    test_entries[0].types_valid = TRUE;

    /* It answered MAPI_E_NOT_ME: excluded by its order. */
    excluded[0] = 99;
    excluded[1] = test_entries[0].order;
    check_route(recips, ARRAY_SIZE(recips), excluded, 2, expect_second);
    check_route(recips, ARRAY_SIZE(recips), excluded, 1, expect_first);

    /* A transport waiting after MAPI_E_NETWORK_ERROR keeps its recipients. */
    test_entries[0].retry_at = GetTickCount64() + 60000;
    check_route(recips, ARRAY_SIZE(recips), NULL, 0, expect_first);
}

static void test_route_nothing(void)
{
    struct route_recipient input = {"SMTP"};
    ULONG route = 0xdead;

    reset_table();
    spooler_route(&test_spooler, 1, &input, NULL, 0, &route);
    ok(route == NONE, "got %lu.\n", route);

    add_transport("SMTP", NULL);
    route = 0xdead;
    spooler_route(&test_spooler, 0, &input, NULL, 0, &route);
    ok(route == 0xdead, "got %lu.\n", route);
}

/* ------------------------------------------------------------------------
 * Deferred messages.
 */

static struct spool_msg *make_message(const char *eid, const struct spool_recip *recips, ULONG count)
{
    struct spool_msg *msg = mapi_heap_alloc(sizeof(*msg));

    memset(msg, 0, sizeof(*msg));
    msg->cb_eid = strlen(eid) + 1;
    msg->eid = mapi_heap_alloc(msg->cb_eid);
    memcpy(msg->eid, eid, msg->cb_eid);
    msg->recip_count = count;
    msg->recips = mapi_heap_alloc(count * sizeof(*recips) + 1);
    if (count) memcpy(msg->recips, recips, count * sizeof(*recips));
    msg->next = test_spooler.messages;
    test_spooler.messages = msg;
    return msg;
}

static void test_sent_deferred(void)
{
    const struct spool_recip recips[] =
    {
        {1, SPOOL_RECIP_DELIVERED},
        {2, SPOOL_RECIP_DEFERRED, 123, 11},
        {3, SPOOL_RECIP_PENDING, 456},
        {4, SPOOL_RECIP_DEFERRED, 789, 11},
    };
    struct spool_msg *msg, *other;
    HRESULT hr;
    LONG count;

    reset_table();
    add_transport("SMTP", NULL);
    add_transport("X400", NULL);
    msg = make_message("deferred", recips, ARRAY_SIZE(recips));
    msg->deferred = TRUE;
    msg->retry_at = ~(ULONGLONG)0;
    other = make_message("other", recips, 1);

    ok(spooler_entry_has_deferred(&test_spooler, &test_entries[1]), "no deferred message for the second.\n");
    ok(!spooler_entry_has_deferred(&test_spooler, &test_entries[0]), "a deferred message for the first.\n");

    hr = spooler_sent_deferred(&test_spooler, 0, (const ENTRYID *)"deferred");
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = spooler_sent_deferred(&test_spooler, 9, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    count = wakes;
    hr = spooler_sent_deferred(&test_spooler, 8, (const ENTRYID *)"unknown");
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    /* A message nothing deferred. */
    hr = spooler_sent_deferred(&test_spooler, 6, (const ENTRYID *)"other");
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(wakes == count, "the worker was woken.\n");

    hr = spooler_sent_deferred(&test_spooler, 9, (const ENTRYID *)"deferred");
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(wakes == count + 1, "the worker was not woken.\n");
    ok(!msg->deferred, "still waiting.\n");
    ok(!msg->retry_at, "due at %s.\n", wine_dbgstr_longlong(msg->retry_at));
    ok(msg->recips[1].released && msg->recips[3].released, "not released.\n");
    ok(!msg->recips[1].not_before && !msg->recips[3].not_before, "released with a wait.\n");
    ok(msg->recips[1].state == SPOOL_RECIP_DEFERRED, "got state %lu.\n", msg->recips[1].state);
    ok(!msg->recips[0].released && !msg->recips[2].released, "others released.\n");
    ok(msg->recips[2].not_before == 456, "got %s.\n", wine_dbgstr_longlong(msg->recips[2].not_before));
    /* It still holds them until it takes them with BEGIN_DEFERRED. */
    ok(spooler_entry_has_deferred(&test_spooler, &test_entries[1]), "no deferred message.\n");

    /* From inside EndMessage, before the deferral is recorded. */
    other->submitting = &test_entries[0];
    hr = spooler_sent_deferred(&test_spooler, 6, (const ENTRYID *)"other");
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(other->early_release, "not remembered.\n");

    spooler_outbound_free(&test_spooler);
    ok(!test_spooler.messages, "messages left.\n");
}

/* ------------------------------------------------------------------------
 * A message that leaves the queue while a transport has it.
 */

struct test_logon
{
    IXPLogon IXPLogon_iface;
    ULONG notify_flags;
    ULONG_PTR notify_ref;
    LONG notifies;
    BOOL cancel_seen;
};

static struct test_logon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct test_logon, IXPLogon_iface);
}

static HRESULT WINAPI logon_TransportNotify(IXPLogon *iface, ULONG *flags, void **data)
{
    struct test_logon *logon = impl_from_IXPLogon(iface);

    logon->notifies++;
    logon->notify_flags = *flags;
    logon->notify_ref = *(ULONG_PTR *)data;
    logon->cancel_seen = test_entries[0].cancel_current;
    return S_OK;
}

/* The spooler calls nothing else here. */
static const IXPLogonVtbl logon_vtbl =
{
    .TransportNotify = logon_TransportNotify,
};

static void test_row_deleted(void)
{
    static const BYTE key[] = {1, 2, 3, 4}, other_key[] = {1, 2, 3, 5};
    struct test_logon logon = {{&logon_vtbl}};
    SBinary bin = {sizeof(key), (BYTE *)key};
    struct spool_msg *msg;
    LONG refs;

    reset_table();
    add_transport("SMTP", NULL);
    test_entries[0].logon = &logon.IXPLogon_iface;
    msg = make_message("aborted", NULL, 0);
    msg->cb_key = sizeof(key);
    msg->key = mapi_heap_alloc(sizeof(key));
    memcpy(msg->key, key, sizeof(key));
    refs = test_entries[0].refs;

    /* Not inside a transport: nothing to cancel (the spooler's own FinishedMsg). */
    spooler_queue_row_deleted(&test_spooler, &bin);
    ok(!msg->aborted, "aborted.\n");
    ok(!logon.notifies, "got %ld notifications.\n", logon.notifies);

    /* Another row. */
    msg->submitting = &test_entries[0];
    test_entries[0].current_ref = 0x1234;
    bin.lpb = (BYTE *)other_key;
    spooler_queue_row_deleted(&test_spooler, &bin);
    ok(!msg->aborted, "aborted.\n");
    ok(!logon.notifies, "got %ld notifications.\n", logon.notifies);
    spooler_queue_row_deleted(&test_spooler, NULL);

    /* Its row: SpoolerYield will say MAPI_W_CANCEL_MESSAGE, and the transport is told at once. */
    bin.lpb = (BYTE *)key;
    begin_calls = end_calls = 0;
    spooler_queue_row_deleted(&test_spooler, &bin);
    ok(msg->aborted, "not aborted.\n");
    ok(test_entries[0].cancel_current, "SpoolerYield will not cancel.\n");
    ok(logon.notifies == 1, "got %ld notifications.\n", logon.notifies);
    ok(logon.notify_flags == NOTIFY_CANCEL_MESSAGE, "got flags %#lx.\n", logon.notify_flags);
    ok(logon.notify_ref == 0x1234, "got reference %#lx.\n", (ULONG)logon.notify_ref);
    ok(logon.cancel_seen, "cancel_current was set after the notification.\n");
    ok(begin_calls == 1 && end_calls == 1, "got %ld and %ld calls.\n", begin_calls, end_calls);
    ok(test_entries[0].refs == refs, "the entry's references went from %ld to %ld.\n", refs, test_entries[0].refs);
    ok(!faults, "got %ld faults.\n", faults);

    spooler_outbound_free(&test_spooler);
}

START_TEST(spoolroute)
{
    InitializeCriticalSection(&test_spooler.lock);

    test_route_by_type();
    test_route_null_list_last();
    test_route_empty_list();
    test_route_by_uid();
    test_route_short_entryid();
    test_route_skips();
    test_route_nothing();
    test_sent_deferred();
    test_row_deleted();

    DeleteCriticalSection(&test_spooler.lock);
}
