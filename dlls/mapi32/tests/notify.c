/*
 * Tests for advise sinks and the notification copy functions
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winuser.h"
#include "winerror.h"
#include "mapix.h"
#include "mapiutil.h"

#ifndef CALLBACK_DISCONTINUE
#define CALLBACK_DISCONTINUE 0x80000000
#endif

static const GUID iid_advise_sink = { 0x00020302, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } };
static const GUID iid_table = { 0x00020301, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } };

static HMODULE mapi32;

static HRESULT (WINAPI *pHrAllocAdviseSink)(LPNOTIFCALLBACK, void *, IMAPIAdviseSink **);
static HRESULT (WINAPI *pHrThisThreadAdviseSink)(IMAPIAdviseSink *, IMAPIAdviseSink **);
static HRESULT (WINAPI *pHrDispatchNotifications)(ULONG);
static SCODE (WINAPI *pScCountNotifications)(int, NOTIFICATION *, ULONG *);
static SCODE (WINAPI *pScCopyNotifications)(int, NOTIFICATION *, void *, ULONG *);
static SCODE (WINAPI *pScRelocNotifications)(int, NOTIFICATION *, void *, void *, ULONG *);
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);

static BOOL init_function_pointers(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;

#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated); \
    ok((void *)GetProcAddress(mapi32, #name) == (void *)p##name, "%s and %s differ.\n", #name, decorated)

    GET(HrAllocAdviseSink, "HrAllocAdviseSink@12");
    GET(HrThisThreadAdviseSink, "HrThisThreadAdviseSink@8");
    GET(HrDispatchNotifications, "HrDispatchNotifications@4");
    GET(ScCountNotifications, "ScCountNotifications@12");
    GET(ScCopyNotifications, "ScCopyNotifications@16");
    GET(ScRelocNotifications, "ScRelocNotifications@20");
    GET(MAPIInitialize, "MAPIInitialize@4");
    GET(MAPIUninitialize, "MAPIUninitialize@0");
#undef GET
    return pHrAllocAdviseSink && pHrThisThreadAdviseSink && pHrDispatchNotifications && pScCountNotifications
            && pScCopyNotifications && pScRelocNotifications && pMAPIInitialize && pMAPIUninitialize;
}

/* Sample notifications of every type, with data behind every pointer. */
static BYTE entry_id[] = { 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
static BYTE parent_id[] = { 0, 0, 0, 0, 0xaa, 0xbb, 0xcc };
static BYTE old_id[] = { 0, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05 };
static BYTE old_parent_id[] = { 0, 0, 0, 0, 0x0f };
static BYTE instance_key[] = { 0xde, 0xad, 0xbe, 0xef };
static BYTE binary_data[] = { 1, 2, 3, 4, 5, 6, 7 };
static BYTE extended_data[] = { 0x42, 0x43, 0x44, 0x45, 0x46, 0x47 };
static char class_a[] = "IPM.Note.Test";
static WCHAR class_w[] = L"IPM.Note.Wide";
static char error_a[] = "The store is gone";
static char component_a[] = "Test provider";
static WCHAR error_w[] = L"The wide store is gone";
static WCHAR component_w[] = L"Wide provider";
static char string_a[] = "Subject";
static WCHAR string_w[] = L"Display name";
static char mv_string1[] = "one", mv_string2[] = "two, longer";
static char *mv_strings[] = { mv_string1, mv_string2 };
static LONG mv_longs[] = { 10, -20, 30 };
static SBinary mv_binaries[] = { { sizeof(instance_key), instance_key }, { sizeof(binary_data), binary_data } };
static GUID guid_value = { 0x12345678, 0x9abc, 0xdef0, { 1, 2, 3, 4, 5, 6, 7, 8 } };
static MAPIERROR error_ansi = { 0, (WCHAR *)error_a, (WCHAR *)component_a, 5, 6 };
static MAPIERROR error_wide = { 0, error_w, component_w, 7, 8 };
static SizedSPropTagArray(3, changed_tags) =
        { 3, { PROP_TAG(PT_LONG, 0x0e08), PROP_TAG(PT_STRING8, 0x0037), PROP_TAG(PT_BINARY, 0x0ff9) } };

static SPropValue row_props[10];
static SPropValue status_props[2];

#define SAMPLE_COUNT 14

static void init_props(void)
{
    memset(row_props, 0, sizeof(row_props));
    row_props[0].ulPropTag = PROP_TAG(PT_LONG, 0x0e08);
    row_props[0].Value.l = 1234;
    row_props[1].ulPropTag = PROP_TAG(PT_STRING8, 0x0037);
    row_props[1].Value.lpszA = string_a;
    row_props[2].ulPropTag = PROP_TAG(PT_UNICODE, 0x3001);
    row_props[2].Value.lpszW = string_w;
    row_props[3].ulPropTag = PROP_TAG(PT_BINARY, 0x0ff9);
    row_props[3].Value.bin.cb = sizeof(binary_data);
    row_props[3].Value.bin.lpb = binary_data;
    row_props[4].ulPropTag = PROP_TAG(PT_MV_LONG, 0x6600);
    row_props[4].Value.MVl.cValues = ARRAY_SIZE(mv_longs);
    row_props[4].Value.MVl.lpl = mv_longs;
    row_props[5].ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6601);
    row_props[5].Value.MVszA.cValues = ARRAY_SIZE(mv_strings);
    row_props[5].Value.MVszA.lppszA = mv_strings;
    row_props[6].ulPropTag = PROP_TAG(PT_MV_BINARY, 0x6602);
    row_props[6].Value.MVbin.cValues = ARRAY_SIZE(mv_binaries);
    row_props[6].Value.MVbin.lpbin = mv_binaries;
    row_props[7].ulPropTag = PROP_TAG(PT_CLSID, 0x6603);
    row_props[7].Value.lpguid = &guid_value;
    row_props[8].ulPropTag = PROP_TAG(PT_ERROR, 0x6604);
    row_props[8].Value.err = MAPI_E_NOT_FOUND;
    row_props[9].ulPropTag = PROP_TAG(PT_I8, 0x6605);
    row_props[9].Value.li.QuadPart = 0x123456789abcdefll;

    memset(status_props, 0, sizeof(status_props));
    status_props[0].ulPropTag = PROP_TAG(PT_LONG, 0x3e0b);
    status_props[0].Value.l = 0x10;
    status_props[1].ulPropTag = PROP_TAG(PT_STRING8, 0x3e07);
    status_props[1].Value.lpszA = string_a;
}

static void init_object(NOTIFICATION *notification, ULONG type, BOOL old)
{
    notification->ulEventType = type;
    notification->info.obj.cbEntryID = sizeof(entry_id);
    notification->info.obj.lpEntryID = (ENTRYID *)entry_id;
    notification->info.obj.ulObjType = MAPI_MESSAGE;
    notification->info.obj.cbParentID = sizeof(parent_id);
    notification->info.obj.lpParentID = (ENTRYID *)parent_id;
    if (old)
    {
        notification->info.obj.cbOldID = sizeof(old_id);
        notification->info.obj.lpOldID = (ENTRYID *)old_id;
        notification->info.obj.cbOldParentID = sizeof(old_parent_id);
        notification->info.obj.lpOldParentID = (ENTRYID *)old_parent_id;
    }
    notification->info.obj.lpPropTagArray = (SPropTagArray *)&changed_tags;
}

static void init_samples(NOTIFICATION *samples)
{
    NOTIFICATION *n = samples;

    init_props();
    memset(samples, 0, SAMPLE_COUNT * sizeof(*samples));

    n->ulEventType = fnevCriticalError;
    n->info.err.cbEntryID = sizeof(entry_id);
    n->info.err.lpEntryID = (ENTRYID *)entry_id;
    n->info.err.scode = MAPI_E_NETWORK_ERROR;
    n->info.err.lpMAPIError = &error_ansi;
    n++;

    n->ulEventType = fnevCriticalError;
    n->info.err.scode = MAPI_E_DISK_ERROR;
    n->info.err.ulFlags = MAPI_UNICODE;
    n->info.err.lpMAPIError = &error_wide;
    n++;

    n->ulEventType = fnevNewMail;
    n->info.newmail.cbEntryID = sizeof(entry_id);
    n->info.newmail.lpEntryID = (ENTRYID *)entry_id;
    n->info.newmail.cbParentID = sizeof(parent_id);
    n->info.newmail.lpParentID = (ENTRYID *)parent_id;
    n->info.newmail.lpszMessageClass = (WCHAR *)class_a;
    n->info.newmail.ulMessageFlags = MSGFLAG_UNSENT;
    n++;

    n->ulEventType = fnevNewMail;
    n->info.newmail.cbEntryID = sizeof(entry_id);
    n->info.newmail.lpEntryID = (ENTRYID *)entry_id;
    n->info.newmail.ulFlags = MAPI_UNICODE;
    n->info.newmail.lpszMessageClass = class_w;
    n->info.newmail.ulMessageFlags = MSGFLAG_READ;
    n++;

    init_object(n++, fnevObjectCreated, FALSE);
    init_object(n++, fnevObjectDeleted, FALSE);
    init_object(n++, fnevObjectModified, FALSE);
    init_object(n++, fnevObjectMoved, TRUE);
    init_object(n++, fnevObjectCopied, TRUE);
    init_object(n, fnevSearchComplete, FALSE);
    n->info.obj.lpPropTagArray = NULL;
    n++;

    n->ulEventType = fnevTableModified;
    n->info.tab.ulTableEvent = TABLE_ROW_ADDED;
    n->info.tab.propIndex.ulPropTag = PROP_TAG(PT_BINARY, 0x0ff6);
    n->info.tab.propIndex.Value.bin.cb = sizeof(instance_key);
    n->info.tab.propIndex.Value.bin.lpb = instance_key;
    n->info.tab.propPrior.ulPropTag = PR_NULL;
    n->info.tab.row.cValues = ARRAY_SIZE(row_props);
    n->info.tab.row.lpProps = row_props;
    n++;

    n->ulEventType = fnevTableModified;
    n->info.tab.ulTableEvent = TABLE_ERROR;
    n->info.tab.hResult = MAPI_E_TABLE_TOO_BIG;
    n->info.tab.propIndex.ulPropTag = PR_NULL;
    n->info.tab.propPrior.ulPropTag = PR_NULL;
    n++;

    n->ulEventType = fnevStatusObjectModified;
    n->info.statobj.cbEntryID = sizeof(entry_id);
    n->info.statobj.lpEntryID = (ENTRYID *)entry_id;
    n->info.statobj.cValues = ARRAY_SIZE(status_props);
    n->info.statobj.lpPropVals = status_props;
    n++;

    n->ulEventType = fnevExtended;
    n->info.ext.ulEvent = 0x1234;
    n->info.ext.cb = sizeof(extended_data);
    n->info.ext.pbEventParameters = extended_data;
}

/* The range a copy must lie in; pointers outside it point back at the
 * originals.  Without a range, a copy must still not share the originals. */
struct range
{
    const BYTE *start, *end;
};

static BOOL in_range(const struct range *range, const void *ptr, SIZE_T size)
{
    const BYTE *p = ptr;

    if (!range) return TRUE;
    return p >= range->start && p + size <= range->end;
}

static void check_bytes(const char *what, const void *expect, ULONG size, const void *got, const struct range *range)
{
    if (!expect)
    {
        ok(!got, "%s: got %p, expected NULL.\n", what, got);
        return;
    }
    ok(got != NULL, "%s: got NULL.\n", what);
    if (!got) return;
    ok(got != expect, "%s: the original was not copied.\n", what);
    ok(in_range(range, got, size), "%s: %p is outside the copy.\n", what, got);
    ok(!memcmp(got, expect, size), "%s: the data differs.\n", what);
}

static void check_string_a(const char *what, const char *expect, const char *got, const struct range *range)
{
    if (!expect || !got)
    {
        ok(got == expect, "%s: got %p, expected %p.\n", what, got, expect);
        return;
    }
    ok(got != expect, "%s: the original was not copied.\n", what);
    ok(in_range(range, got, strlen(expect) + 1), "%s: %p is outside the copy.\n", what, got);
    ok(!strcmp(got, expect), "%s: got %s.\n", what, debugstr_a(got));
}

static void check_string_w(const char *what, const WCHAR *expect, const WCHAR *got, const struct range *range)
{
    if (!expect || !got)
    {
        ok(got == expect, "%s: got %p, expected %p.\n", what, got, expect);
        return;
    }
    ok(got != expect, "%s: the original was not copied.\n", what);
    ok(in_range(range, got, (lstrlenW(expect) + 1) * sizeof(WCHAR)), "%s: %p is outside the copy.\n", what, got);
    ok(!lstrcmpW(got, expect), "%s: got %s.\n", what, debugstr_w(got));
}

static void check_string(const char *what, const void *expect, const void *got, BOOL unicode,
        const struct range *range)
{
    if (unicode) check_string_w(what, expect, got, range);
    else check_string_a(what, expect, got, range);
}

static void check_prop(const SPropValue *expect, const SPropValue *got, const struct range *range)
{
    ULONG i;

    ok(got->ulPropTag == expect->ulPropTag, "got tag %#lx, expected %#lx.\n", got->ulPropTag, expect->ulPropTag);
    if (got->ulPropTag != expect->ulPropTag) return;

    switch (PROP_TYPE(expect->ulPropTag))
    {
    case PT_LONG:
        ok(got->Value.l == expect->Value.l, "got %ld.\n", got->Value.l);
        break;
    case PT_ERROR:
        ok(got->Value.err == expect->Value.err, "got %#lx.\n", got->Value.err);
        break;
    case PT_I8:
        ok(got->Value.li.QuadPart == expect->Value.li.QuadPart, "got %s.\n",
                wine_dbgstr_longlong(got->Value.li.QuadPart));
        break;
    case PT_NULL:
        break;
    case PT_STRING8:
        check_string_a("string property", expect->Value.lpszA, got->Value.lpszA, range);
        break;
    case PT_UNICODE:
        check_string_w("Unicode property", expect->Value.lpszW, got->Value.lpszW, range);
        break;
    case PT_BINARY:
        ok(got->Value.bin.cb == expect->Value.bin.cb, "got size %lu.\n", got->Value.bin.cb);
        check_bytes("binary property", expect->Value.bin.lpb, expect->Value.bin.cb, got->Value.bin.lpb, range);
        break;
    case PT_CLSID:
        check_bytes("GUID property", expect->Value.lpguid, sizeof(GUID), got->Value.lpguid, range);
        break;
    case PT_MV_LONG:
        ok(got->Value.MVl.cValues == expect->Value.MVl.cValues, "got %lu values.\n", got->Value.MVl.cValues);
        check_bytes("long array", expect->Value.MVl.lpl, expect->Value.MVl.cValues * sizeof(LONG),
                got->Value.MVl.lpl, range);
        break;
    case PT_MV_STRING8:
        ok(got->Value.MVszA.cValues == expect->Value.MVszA.cValues, "got %lu values.\n", got->Value.MVszA.cValues);
        ok(got->Value.MVszA.lppszA != expect->Value.MVszA.lppszA, "the string array was not copied.\n");
        ok(in_range(range, got->Value.MVszA.lppszA, expect->Value.MVszA.cValues * sizeof(char *)),
                "the string array is outside the copy.\n");
        for (i = 0; i < expect->Value.MVszA.cValues; i++)
            check_string_a("string array", expect->Value.MVszA.lppszA[i], got->Value.MVszA.lppszA[i], range);
        break;
    case PT_MV_BINARY:
        ok(got->Value.MVbin.cValues == expect->Value.MVbin.cValues, "got %lu values.\n", got->Value.MVbin.cValues);
        ok(got->Value.MVbin.lpbin != expect->Value.MVbin.lpbin, "the binary array was not copied.\n");
        ok(in_range(range, got->Value.MVbin.lpbin, expect->Value.MVbin.cValues * sizeof(SBinary)),
                "the binary array is outside the copy.\n");
        for (i = 0; i < expect->Value.MVbin.cValues; i++)
        {
            ok(got->Value.MVbin.lpbin[i].cb == expect->Value.MVbin.lpbin[i].cb, "got size %lu.\n",
                    got->Value.MVbin.lpbin[i].cb);
            check_bytes("binary array", expect->Value.MVbin.lpbin[i].lpb, expect->Value.MVbin.lpbin[i].cb,
                    got->Value.MVbin.lpbin[i].lpb, range);
        }
        break;
    default:
        ok(0, "unexpected type %#lx.\n", expect->ulPropTag);
        break;
    }
}

static void check_props(const SPropValue *expect, ULONG count, const SPropValue *got, const struct range *range)
{
    ULONG i;

    if (!count)
    {
        ok(!got, "got %p for no properties.\n", got);
        return;
    }
    ok(got != expect, "the property array was not copied.\n");
    ok(in_range(range, got, count * sizeof(*got)), "the property array is outside the copy.\n");
    for (i = 0; i < count; i++)
    {
        winetest_push_context("property %lu", i);
        check_prop(&expect[i], &got[i], range);
        winetest_pop_context();
    }
}

static void check_notification(const NOTIFICATION *expect, const NOTIFICATION *got, const struct range *range)
{
    ok(got->ulEventType == expect->ulEventType, "got type %#lx.\n", got->ulEventType);
    if (got->ulEventType != expect->ulEventType) return;

    switch (expect->ulEventType)
    {
    case fnevCriticalError:
    {
        const ERROR_NOTIFICATION *e = &expect->info.err, *g = &got->info.err;
        BOOL unicode = !!(e->ulFlags & MAPI_UNICODE);

        ok(g->cbEntryID == e->cbEntryID, "got size %lu.\n", g->cbEntryID);
        check_bytes("entry ID", e->lpEntryID, e->cbEntryID, g->lpEntryID, range);
        ok(g->scode == e->scode, "got scode %#lx.\n", g->scode);
        ok(g->ulFlags == e->ulFlags, "got flags %#lx.\n", g->ulFlags);
        check_bytes("error", e->lpMAPIError, sizeof(e->lpMAPIError->ulVersion), g->lpMAPIError, range);
        if (!g->lpMAPIError || !e->lpMAPIError) break;
        ok(in_range(range, g->lpMAPIError, sizeof(MAPIERROR)), "the error is outside the copy.\n");
        ok(g->lpMAPIError->ulLowLevelError == e->lpMAPIError->ulLowLevelError, "got %lu.\n",
                g->lpMAPIError->ulLowLevelError);
        ok(g->lpMAPIError->ulContext == e->lpMAPIError->ulContext, "got %lu.\n", g->lpMAPIError->ulContext);
        check_string("error text", e->lpMAPIError->lpszError, g->lpMAPIError->lpszError, unicode, range);
        check_string("component", e->lpMAPIError->lpszComponent, g->lpMAPIError->lpszComponent, unicode, range);
        break;
    }
    case fnevNewMail:
    {
        const NEWMAIL_NOTIFICATION *e = &expect->info.newmail, *g = &got->info.newmail;

        ok(g->cbEntryID == e->cbEntryID, "got size %lu.\n", g->cbEntryID);
        check_bytes("entry ID", e->lpEntryID, e->cbEntryID, g->lpEntryID, range);
        ok(g->cbParentID == e->cbParentID, "got size %lu.\n", g->cbParentID);
        check_bytes("parent ID", e->lpParentID, e->cbParentID, g->lpParentID, range);
        ok(g->ulFlags == e->ulFlags, "got flags %#lx.\n", g->ulFlags);
        check_string("message class", e->lpszMessageClass, g->lpszMessageClass, !!(e->ulFlags & MAPI_UNICODE),
                range);
        ok(g->ulMessageFlags == e->ulMessageFlags, "got message flags %#lx.\n", g->ulMessageFlags);
        break;
    }
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
    {
        const OBJECT_NOTIFICATION *e = &expect->info.obj, *g = &got->info.obj;

        ok(g->cbEntryID == e->cbEntryID, "got size %lu.\n", g->cbEntryID);
        check_bytes("entry ID", e->lpEntryID, e->cbEntryID, g->lpEntryID, range);
        ok(g->ulObjType == e->ulObjType, "got object type %lu.\n", g->ulObjType);
        ok(g->cbParentID == e->cbParentID, "got size %lu.\n", g->cbParentID);
        check_bytes("parent ID", e->lpParentID, e->cbParentID, g->lpParentID, range);
        ok(g->cbOldID == e->cbOldID, "got size %lu.\n", g->cbOldID);
        check_bytes("old ID", e->lpOldID, e->cbOldID, g->lpOldID, range);
        ok(g->cbOldParentID == e->cbOldParentID, "got size %lu.\n", g->cbOldParentID);
        check_bytes("old parent ID", e->lpOldParentID, e->cbOldParentID, g->lpOldParentID, range);
        check_bytes("tag array", e->lpPropTagArray, e->lpPropTagArray ? CbSPropTagArray(e->lpPropTagArray) : 0,
                g->lpPropTagArray, range);
        break;
    }
    case fnevTableModified:
    {
        const TABLE_NOTIFICATION *e = &expect->info.tab, *g = &got->info.tab;

        ok(g->ulTableEvent == e->ulTableEvent, "got table event %lu.\n", g->ulTableEvent);
        ok(g->hResult == e->hResult, "got %#lx.\n", g->hResult);
        winetest_push_context("index");
        check_prop(&e->propIndex, &g->propIndex, range);
        winetest_pop_context();
        winetest_push_context("prior");
        check_prop(&e->propPrior, &g->propPrior, range);
        winetest_pop_context();
        ok(g->row.cValues == e->row.cValues, "got %lu values.\n", g->row.cValues);
        check_props(e->row.lpProps, e->row.cValues, g->row.lpProps, range);
        break;
    }
    case fnevStatusObjectModified:
    {
        const STATUS_OBJECT_NOTIFICATION *e = &expect->info.statobj, *g = &got->info.statobj;

        ok(g->cbEntryID == e->cbEntryID, "got size %lu.\n", g->cbEntryID);
        check_bytes("entry ID", e->lpEntryID, e->cbEntryID, g->lpEntryID, range);
        ok(g->cValues == e->cValues, "got %lu values.\n", g->cValues);
        check_props(e->lpPropVals, e->cValues, g->lpPropVals, range);
        break;
    }
    case fnevExtended:
        ok(got->info.ext.ulEvent == expect->info.ext.ulEvent, "got event %#lx.\n", got->info.ext.ulEvent);
        ok(got->info.ext.cb == expect->info.ext.cb, "got size %lu.\n", got->info.ext.cb);
        check_bytes("event parameters", expect->info.ext.pbEventParameters, expect->info.ext.cb,
                got->info.ext.pbEventParameters, range);
        break;
    }
}

static void check_notifications(const NOTIFICATION *expect, const NOTIFICATION *got, ULONG count,
        const struct range *range)
{
    ULONG i;

    for (i = 0; i < count; i++)
    {
        winetest_push_context("notification %lu", i);
        check_notification(&expect[i], &got[i], range);
        winetest_pop_context();
    }
}

static void test_copy_round_trip(void)
{
    NOTIFICATION samples[SAMPLE_COUNT];
    ULONG size, copied, relocated, offsets, i;
    BYTE *first, *second, *third;
    struct range range;
    SCODE sc;

    init_samples(samples);

    for (i = 0; i < SAMPLE_COUNT; i++)
    {
        winetest_push_context("notification %lu", i);
        size = 0xdeadbeef;
        sc = pScCountNotifications(1, &samples[i], &size);
        ok(sc == S_OK, "got %#lx.\n", sc);
        ok(size >= sizeof(NOTIFICATION) && size < 4096, "got size %lu.\n", size);
        sc = pScCountNotifications(1, &samples[i], NULL);
        ok(sc == S_OK, "got %#lx.\n", sc);
        winetest_pop_context();
    }

    size = 0;
    sc = pScCountNotifications(SAMPLE_COUNT, samples, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size > SAMPLE_COUNT * sizeof(NOTIFICATION), "got size %lu.\n", size);

    /* The copy fills exactly the counted size. */
    first = HeapAlloc(GetProcessHeap(), 0, size + 64);
    memset(first, 0xcc, size + 64);
    copied = 0xdeadbeef;
    sc = pScCopyNotifications(SAMPLE_COUNT, samples, first, &copied);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(copied == size, "copied %lu bytes, counted %lu.\n", copied, size);
    for (i = size; i < size + 64; i++) if (first[i] != 0xcc) break;
    ok(i == size + 64, "byte %lu after the counted size was written.\n", i - size);
    range.start = first;
    range.end = first + size;
    check_notifications(samples, (NOTIFICATION *)first, SAMPLE_COUNT, &range);

    /* Moved to another address and relocated, it reads the same, even with
     * the first block gone. */
    second = HeapAlloc(GetProcessHeap(), 0, size);
    memcpy(second, first, size);
    memset(first, 0xcc, size);
    relocated = 0xdeadbeef;
    sc = pScRelocNotifications(SAMPLE_COUNT, (NOTIFICATION *)second, first, second, &relocated);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(relocated == size, "got size %lu, expected %lu.\n", relocated, size);
    range.start = second;
    range.end = second + size;
    check_notifications(samples, (NOTIFICATION *)second, SAMPLE_COUNT, &range);

    /* With a NULL base the pointers become offsets, and back. */
    offsets = 0xdeadbeef;
    sc = pScRelocNotifications(SAMPLE_COUNT, (NOTIFICATION *)second, second, NULL, &offsets);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(offsets == size, "got size %lu, expected %lu.\n", offsets, size);
    ok((ULONG_PTR)((NOTIFICATION *)second)[2].info.newmail.lpEntryID < size, "got %p.\n",
            ((NOTIFICATION *)second)[2].info.newmail.lpEntryID);
    third = HeapAlloc(GetProcessHeap(), 0, size);
    memcpy(third, second, size);
    memset(second, 0xcc, size);
    relocated = 0xdeadbeef;
    sc = pScRelocNotifications(SAMPLE_COUNT, (NOTIFICATION *)third, NULL, third, &relocated);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(relocated == size, "got size %lu, expected %lu.\n", relocated, size);
    range.start = third;
    range.end = third + size;
    check_notifications(samples, (NOTIFICATION *)third, SAMPLE_COUNT, &range);

    /* The size is optional. */
    sc = pScCopyNotifications(SAMPLE_COUNT, samples, first, NULL);
    ok(sc == S_OK, "got %#lx.\n", sc);
    memcpy(second, first, size);
    sc = pScRelocNotifications(SAMPLE_COUNT, (NOTIFICATION *)second, first, second, NULL);
    ok(sc == S_OK, "got %#lx.\n", sc);

    HeapFree(GetProcessHeap(), 0, first);
    HeapFree(GetProcessHeap(), 0, second);
    HeapFree(GetProcessHeap(), 0, third);
}

static void test_copy_strings(void)
{
    NOTIFICATION notification, *copy;
    ULONG size_a, size_w, size_none;
    ULONGLONG buffer[64];
    SCODE sc;

    /* The flag decides whether the class is read as ANSI or Unicode. */
    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevNewMail;
    sc = pScCountNotifications(1, &notification, &size_none);
    ok(sc == S_OK, "got %#lx.\n", sc);
    notification.info.newmail.lpszMessageClass = (WCHAR *)"IPM.Note";
    sc = pScCountNotifications(1, &notification, &size_a);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size_a >= size_none + sizeof("IPM.Note"), "got sizes %lu and %lu.\n", size_none, size_a);
    notification.info.newmail.ulFlags = MAPI_UNICODE;
    notification.info.newmail.lpszMessageClass = (WCHAR *)L"IPM.Note";
    sc = pScCountNotifications(1, &notification, &size_w);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size_w >= size_none + sizeof(L"IPM.Note"), "got sizes %lu and %lu.\n", size_none, size_w);
    ok(size_w < sizeof(buffer), "got size %lu.\n", size_w);

    sc = pScCopyNotifications(1, &notification, buffer, NULL);
    ok(sc == S_OK, "got %#lx.\n", sc);
    copy = (NOTIFICATION *)buffer;
    ok(!lstrcmpW(copy->info.newmail.lpszMessageClass, L"IPM.Note"), "got %s.\n",
            debugstr_w(copy->info.newmail.lpszMessageClass));

    /* No entry identifiers and no class are fine and stay NULL. */
    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevNewMail;
    memset(buffer, 0xcc, sizeof(buffer));
    sc = pScCopyNotifications(1, &notification, buffer, &size_a);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size_a == size_none, "got size %lu, expected %lu.\n", size_a, size_none);
    ok(!copy->info.newmail.lpEntryID && !copy->info.newmail.lpParentID && !copy->info.newmail.lpszMessageClass,
            "got %p, %p, %p.\n", copy->info.newmail.lpEntryID, copy->info.newmail.lpParentID,
            copy->info.newmail.lpszMessageClass);
}

static void test_copy_invalid(void)
{
    NOTIFICATION samples[SAMPLE_COUNT], bad[3];
    static const ULONG bad_types[] = { 0, 0x1234, fnevReservedForMapi, fnevNewMail | fnevObjectCreated };
    SPropValue bad_prop;
    ULONGLONG buffer[32];
    BYTE *block;
    ULONG size, i;
    SCODE sc;

    init_samples(samples);

    for (i = 0; i < ARRAY_SIZE(bad_types); i++)
    {
        winetest_push_context("type %#lx", bad_types[i]);
        bad[0] = samples[2];
        bad[1] = samples[12];
        bad[1].ulEventType = bad_types[i];
        size = 0xdeadbeef;
        sc = pScCountNotifications(2, bad, &size);
        ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
        ok(size == 0xdeadbeef, "got size %lu.\n", size);
        memset(buffer, 0xcc, sizeof(buffer));
        sc = pScCopyNotifications(2, bad, buffer, &size);
        ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
        ok(buffer[0] == 0xccccccccccccccccull, "something was written.\n");
        sc = pScRelocNotifications(2, bad, buffer, buffer + 1, &size);
        ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
        ok(bad[0].info.newmail.lpEntryID == (ENTRYID *)entry_id, "the valid notification was relocated.\n");
        winetest_pop_context();
    }

    /* Counts and arrays. */
    sc = pScCountNotifications(-1, samples, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCountNotifications(1, NULL, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    size = 0xdeadbeef;
    sc = pScCountNotifications(0, NULL, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(!size, "got size %lu.\n", size);
    sc = pScCopyNotifications(-1, samples, buffer, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCopyNotifications(1, samples, NULL, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCopyNotifications(1, NULL, buffer, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    size = 0xdeadbeef;
    sc = pScCopyNotifications(0, NULL, buffer, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(!size, "got size %lu.\n", size);
    sc = pScRelocNotifications(-1, samples, buffer, buffer + 1, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScRelocNotifications(1, NULL, buffer, buffer + 1, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    size = 0xdeadbeef;
    sc = pScRelocNotifications(0, NULL, buffer, buffer + 1, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(!size, "got size %lu.\n", size);

    /* Both bases NULL. */
    sc = pScCountNotifications(1, &samples[2], &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    block = HeapAlloc(GetProcessHeap(), 0, size);
    sc = pScCopyNotifications(1, &samples[2], block, NULL);
    ok(sc == S_OK, "got %#lx.\n", sc);
    sc = pScRelocNotifications(1, (NOTIFICATION *)block, NULL, NULL, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    HeapFree(GetProcessHeap(), 0, block);

    /* A size without data. */
    bad[0] = samples[2];
    bad[0].info.newmail.lpEntryID = NULL;
    sc = pScCountNotifications(1, bad, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    bad[0] = samples[13];
    bad[0].info.ext.pbEventParameters = NULL;
    sc = pScCountNotifications(1, bad, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    bad[0] = samples[12];
    bad[0].info.statobj.lpPropVals = NULL;
    sc = pScCountNotifications(1, bad, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    /* A property of an unknown type, or without its data. */
    bad[0] = samples[10];
    bad[0].info.tab.propIndex.ulPropTag = PROP_TAG(0x1234, 0x0ff6);
    sc = pScCountNotifications(1, bad, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCopyNotifications(1, bad, buffer, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    bad_prop.ulPropTag = PROP_TAG(PT_STRING8, 0x0037);
    bad_prop.Value.lpszA = NULL;
    bad[0] = samples[12];
    bad[0].info.statobj.cValues = 1;
    bad[0].info.statobj.lpPropVals = &bad_prop;
    sc = pScCountNotifications(1, bad, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
}

struct callback_context
{
    LONG calls;
    DWORD thread;
    ULONG count;
    NOTIFICATION *notifications;
    LONG ret;
    const NOTIFICATION *expect;     /* checked during the call when set */
};

static LONG WINAPI notify_callback(void *context, ULONG count, NOTIFICATION *notifications)
{
    struct callback_context *ctx = context;

    InterlockedIncrement(&ctx->calls);
    ctx->thread = GetCurrentThreadId();
    ctx->count = count;
    ctx->notifications = notifications;
    if (ctx->expect) check_notifications(ctx->expect, notifications, count, NULL);
    return ctx->ret;
}

static void test_HrAllocAdviseSink(void)
{
    struct callback_context context = {0};
    IMAPIAdviseSink *sink, *sink2;
    NOTIFICATION samples[SAMPLE_COUNT];
    IUnknown *unk;
    ULONG refcount;
    HRESULT hr;

    init_samples(samples);

    sink = (void *)0xdeadbeef;
    hr = pHrAllocAdviseSink(NULL, &context, &sink);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!sink, "got %p.\n", sink);
    hr = pHrAllocAdviseSink(notify_callback, &context, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = pHrAllocAdviseSink(notify_callback, &context, &sink);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink != NULL, "got NULL.\n");

    hr = IMAPIAdviseSink_QueryInterface(sink, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(unk == (IUnknown *)sink, "got %p, expected %p.\n", unk, sink);
    IUnknown_Release(unk);
    hr = IMAPIAdviseSink_QueryInterface(sink, &iid_advise_sink, (void **)&sink2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink2 == sink, "got %p, expected %p.\n", sink2, sink);
    IMAPIAdviseSink_Release(sink2);
    unk = (void *)0xdeadbeef;
    hr = IMAPIAdviseSink_QueryInterface(sink, &iid_table, (void **)&unk);
    ok(hr == E_NOINTERFACE, "got %#lx.\n", hr);
    ok(!unk, "got %p.\n", unk);

    refcount = IMAPIAdviseSink_AddRef(sink);
    ok(refcount == 2, "got refcount %lu.\n", refcount);
    refcount = IMAPIAdviseSink_Release(sink);
    ok(refcount == 1, "got refcount %lu.\n", refcount);

    /* The callback gets the context and the caller's notifications. */
    context.ret = 0;
    hr = IMAPIAdviseSink_OnNotify(sink, 3, samples);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(context.calls == 1, "got %ld calls.\n", context.calls);
    ok(context.count == 3, "got %lu notifications.\n", context.count);
    ok(context.notifications == samples, "got %p, expected %p.\n", context.notifications, samples);
    ok(context.thread == GetCurrentThreadId(), "called on thread %#lx.\n", context.thread);

    /* Its value is passed back. */
    context.ret = CALLBACK_DISCONTINUE;
    hr = IMAPIAdviseSink_OnNotify(sink, 1, &samples[1]);
    ok(hr == CALLBACK_DISCONTINUE, "got %#lx.\n", hr);
    ok(context.calls == 2, "got %ld calls.\n", context.calls);
    ok(context.notifications == &samples[1], "got %p.\n", context.notifications);

    refcount = IMAPIAdviseSink_Release(sink);
    ok(!refcount, "got refcount %lu.\n", refcount);
}

static void pump_messages(void)
{
    MSG msg;

    while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE))
    {
        TranslateMessage(&msg);
        DispatchMessageA(&msg);
    }
}

struct notify_thread_params
{
    IMAPIAdviseSink *sink;
    struct callback_context *context;
    HRESULT hr;
    LONG calls_after;
};

/* Calls OnNotify with a private copy of the samples that it wipes right
 * after, so the receiving side must have made its own copy. */
static DWORD WINAPI notify_thread(void *arg)
{
    struct notify_thread_params *params = arg;
    NOTIFICATION samples[SAMPLE_COUNT];
    ULONG size;
    BYTE *block;

    init_samples(samples);
    pScCountNotifications(SAMPLE_COUNT, samples, &size);
    block = HeapAlloc(GetProcessHeap(), 0, size);
    pScCopyNotifications(SAMPLE_COUNT, samples, block, NULL);

    params->hr = IMAPIAdviseSink_OnNotify(params->sink, SAMPLE_COUNT, (NOTIFICATION *)block);
    pump_messages();
    Sleep(50);
    params->calls_after = params->context->calls;

    memset(block, 0xcc, size);
    HeapFree(GetProcessHeap(), 0, block);
    return 0;
}

static void notify_from_thread(IMAPIAdviseSink *sink, struct callback_context *context)
{
    struct notify_thread_params params = { sink, context, 0xdeadbeef, -1 };
    LONG calls = context->calls;
    HANDLE thread;
    DWORD ret;

    thread = CreateThread(NULL, 0, notify_thread, &params, 0, NULL);
    ret = WaitForSingleObject(thread, 5000);
    ok(!ret, "wait returned %lu.\n", ret);
    CloseHandle(thread);
    ok(params.hr == S_OK, "got %#lx.\n", params.hr);
    ok(params.calls_after == calls, "the callback ran on the notifying thread.\n");
    ok(context->calls == calls, "the callback ran before the messages were dispatched.\n");
}

static void test_HrThisThreadAdviseSink(void)
{
    struct callback_context context = {0};
    NOTIFICATION samples[SAMPLE_COUNT];
    IMAPIAdviseSink *inner, *sink, *sink2;
    ULONG refcount;
    HRESULT hr;

    init_samples(samples);

    hr = pHrAllocAdviseSink(notify_callback, &context, &inner);
    ok(hr == S_OK, "got %#lx.\n", hr);

    sink = (void *)0xdeadbeef;
    hr = pHrThisThreadAdviseSink(NULL, &sink);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!sink, "got %p.\n", sink);
    hr = pHrThisThreadAdviseSink(inner, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = pHrThisThreadAdviseSink(inner, &sink);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink && sink != inner, "got %p, wrapped %p.\n", sink, inner);
    refcount = IMAPIAdviseSink_AddRef(inner);
    ok(refcount == 3, "got refcount %lu.\n", refcount);
    IMAPIAdviseSink_Release(inner);

    hr = IMAPIAdviseSink_QueryInterface(sink, &iid_advise_sink, (void **)&sink2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink2 == sink, "got %p, expected %p.\n", sink2, sink);
    IMAPIAdviseSink_Release(sink2);

    /* Notified from another thread, the callback runs here, on copies,
     * once this thread dispatches its messages. */
    context.expect = samples;
    notify_from_thread(sink, &context);
    pump_messages();
    ok(context.calls == 1, "got %ld calls.\n", context.calls);
    ok(context.thread == GetCurrentThreadId(), "called on thread %#lx, expected %#lx.\n", context.thread,
            GetCurrentThreadId());
    ok(context.count == SAMPLE_COUNT, "got %lu notifications.\n", context.count);

    /* HrDispatchNotifications delivers them as well. */
    notify_from_thread(sink, &context);
    hr = pHrDispatchNotifications(0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(context.calls == 2, "got %ld calls.\n", context.calls);
    ok(context.thread == GetCurrentThreadId(), "called on thread %#lx.\n", context.thread);
    pump_messages();
    ok(context.calls == 2, "got %ld calls.\n", context.calls);

    /* Notifications from the creating thread itself arrive too. */
    hr = IMAPIAdviseSink_OnNotify(sink, 2, samples);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pHrDispatchNotifications(0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(context.calls == 3, "got %ld calls.\n", context.calls);
    ok(context.count == 2, "got %lu notifications.\n", context.count);
    ok(context.notifications != samples, "the notifications were not copied.\n");

    /* Invalid notifications are refused at once. */
    samples[0].ulEventType = 0x1234;
    hr = IMAPIAdviseSink_OnNotify(sink, 1, samples);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    samples[0].ulEventType = fnevCriticalError;

    /* Releasing the wrapper drops what it still had queued. */
    notify_from_thread(sink, &context);
    refcount = IMAPIAdviseSink_Release(sink);
    ok(!refcount, "got refcount %lu.\n", refcount);
    refcount = IMAPIAdviseSink_AddRef(inner);
    ok(refcount == 2, "got refcount %lu.\n", refcount);
    IMAPIAdviseSink_Release(inner);
    pump_messages();
    hr = pHrDispatchNotifications(0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(context.calls == 3, "got %ld calls.\n", context.calls);

    refcount = IMAPIAdviseSink_Release(inner);
    ok(!refcount, "got refcount %lu.\n", refcount);
}

static void test_HrDispatchNotifications(void)
{
    HRESULT hr;
    MSG msg;

    hr = pHrDispatchNotifications(0);
    ok(hr == MAPI_E_NOT_INITIALIZED, "got %#lx.\n", hr);

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = pHrDispatchNotifications(0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pHrDispatchNotifications(1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    /* A quit request is reported and left for the message loop. */
    PostQuitMessage(0);
    hr = pHrDispatchNotifications(0);
    ok(hr == MAPI_E_USER_CANCEL, "got %#lx.\n", hr);
    ok(PeekMessageA(&msg, NULL, WM_QUIT, WM_QUIT, PM_REMOVE), "WM_QUIT was removed.\n");
    hr = pHrDispatchNotifications(0);
    ok(hr == S_OK, "got %#lx.\n", hr);
}

START_TEST(notify)
{
    if (!init_function_pointers()) return;

    test_HrDispatchNotifications();
    test_copy_round_trip();
    test_copy_strings();
    test_copy_invalid();
    test_HrAllocAdviseSink();
    test_HrThisThreadAdviseSink();

    pMAPIUninitialize();
    FreeLibrary(mapi32);
}
