/*
 * Tests for table data objects (CreateTable) and their IMAPITable views
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "wine/test.h"

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapitags.h"

#ifndef TBL_ALL_COLUMNS
#define TBL_ALL_COLUMNS 0x00000001
#endif
#ifndef TBL_NOADVANCE
#define TBL_NOADVANCE 0x00000001
#endif
#ifndef BMR_EQZ
#define BMR_EQZ 0U
#define BMR_NEZ 1U
#endif
#ifndef SizedSSortOrderSet
#define SizedSSortOrderSet(n, name) \
    struct { ULONG cSorts; ULONG cCategories; ULONG cExpanded; SSortOrder aSort[n]; } name
#endif

static const GUID iid_table_data = {0x00020316, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID iid_table = {0x00020301, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID iid_advise_sink = {0x00020302, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

#define TAG_KEY     PROP_TAG(PT_LONG, 0x6001)
#define TAG_NAME    PROP_TAG(PT_STRING8, 0x6002)
#define TAG_VALUE   PROP_TAG(PT_LONG, 0x6003)
#define TAG_FLAGS   PROP_TAG(PT_LONG, 0x6004)
#define TAG_BIN     PROP_TAG(PT_BINARY, 0x6005)
#define TAG_MV      PROP_TAG(PT_MV_LONG, 0x6006)
#define TAG_WNAME   PROP_TAG(PT_UNICODE, 0x6007)
#define TAG_OTHER   PROP_TAG(PT_LONG, 0x6008)
#define TAG_EXTRA   PROP_TAG(PT_I2, 0x6009)
#define TAG_MISSING PROP_TAG(PT_LONG, 0x600a)

static HMODULE mapi32;
static SCODE (WINAPI *pCreateTable)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, ULONG,
        ULONG, SPropTagArray *, ITableData **);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);
static HRESULT (WINAPI *pHrAddColumns)(IMAPITable *, SPropTagArray *, ALLOCATEBUFFER *, FREEBUFFER *);
static HRESULT (WINAPI *pHrAddColumnsEx)(IMAPITable *, SPropTagArray *, ALLOCATEBUFFER *, FREEBUFFER *,
        void (*)(SPropTagArray *));
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);

/* Windows passes these as ULONG_PTR; Wine 8.0's headers say ULONG. */
typedef void (WINAPI caller_release)(ULONG_PTR data, ITableData *table, IMAPITable *view);
typedef HRESULT (WINAPI *get_view_func)(ITableData *, SSortOrderSet *, caller_release *, ULONG_PTR, IMAPITable **);
typedef HRESULT (WINAPI *advise_func)(IMAPITable *, ULONG, IMAPIAdviseSink *, ULONG_PTR *);
typedef HRESULT (WINAPI *unadvise_func)(IMAPITable *, ULONG_PTR);

static BOOL init_function_pointers(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;

#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated)

    GET(CreateTable, "CreateTable@36");
    GET(HrQueryAllRows, "HrQueryAllRows@24");
    GET(HrAddColumns, "HrAddColumns@16");
    GET(HrAddColumnsEx, "HrAddColumnsEx@20");
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreeProws, "FreeProws@4");
#undef GET
    ok((void *)GetProcAddress(mapi32, "CreateTable") == (void *)pCreateTable, "CreateTable differs.\n");
    ok((void *)GetProcAddress(mapi32, "HrQueryAllRows") == (void *)pHrQueryAllRows, "HrQueryAllRows differs.\n");
    return pCreateTable && pHrQueryAllRows && pHrAddColumns && pHrAddColumnsEx && pMAPIAllocateBuffer
            && pMAPIAllocateMore && pMAPIFreeBuffer && pFreeProws;
}

/* --- allocators that count what is live ---------------------------------- */

static LONG live_buffers;

static SCODE WINAPI count_allocate_buffer(ULONG size, void **buffer)
{
    SCODE sc = pMAPIAllocateBuffer(size, buffer);

    if (SUCCEEDED(sc)) InterlockedIncrement(&live_buffers);
    return sc;
}

static SCODE WINAPI count_allocate_more(ULONG size, void *parent, void **buffer)
{
    return pMAPIAllocateMore(size, parent, buffer);
}

static ULONG WINAPI count_free_buffer(void *buffer)
{
    if (buffer) InterlockedDecrement(&live_buffers);
    return pMAPIFreeBuffer(buffer);
}

/* Frees what the tables return, through the counting allocator. */
static void free_rows(SRowSet *rows)
{
    ULONG i;

    if (!rows) return;
    for (i = 0; i < rows->cRows; i++) count_free_buffer(rows->aRow[i].lpProps);
    count_free_buffer(rows);
}

/* --- helpers ------------------------------------------------------------- */

/* The methods Wine 8.0's header macros get wrong. */
static HRESULT table_seek(IMAPITable *view, BOOKMARK origin, LONG count, LONG *sought)
{
    return view->lpVtbl->SeekRow(view, origin, count, sought);
}

static HRESULT table_restrict(IMAPITable *view, SRestriction *res, ULONG flags)
{
    return view->lpVtbl->Restrict(view, res, flags);
}

static ULONG table_position(IMAPITable *view)
{
    ULONG row = 0xdeadbeef, numerator, denominator;
    HRESULT hr = view->lpVtbl->QueryPosition(view, &row, &numerator, &denominator);

    ok(hr == S_OK, "QueryPosition got %#lx.\n", hr);
    return row;
}

static ULONG table_count(IMAPITable *view)
{
    ULONG count = 0xdeadbeef;
    HRESULT hr = IMAPITable_GetRowCount(view, 0, &count);

    ok(hr == S_OK, "GetRowCount got %#lx.\n", hr);
    return count;
}

static HRESULT table_advise(IMAPITable *view, ULONG mask, IMAPIAdviseSink *sink, ULONG_PTR *connection)
{
    return ((advise_func)view->lpVtbl->Advise)(view, mask, sink, connection);
}

static HRESULT table_unadvise(IMAPITable *view, ULONG_PTR connection)
{
    return ((unadvise_func)view->lpVtbl->Unadvise)(view, connection);
}

static ITableData *create_table(ULONG type)
{
    SizedSPropTagArray(4, columns) = {4, {TAG_KEY, TAG_NAME, TAG_VALUE, TAG_FLAGS}};
    ITableData *table = NULL;
    SCODE sc;

    sc = pCreateTable(&iid_table_data, count_allocate_buffer, count_allocate_more, count_free_buffer, NULL, type,
            TAG_KEY, (SPropTagArray *)&columns, &table);
    ok(sc == S_OK, "CreateTable got %#lx.\n", sc);
    return table;
}

static HRESULT put_row(ITableData *table, LONG key, const char *name, LONG value, LONG flags)
{
    SPropValue props[4];
    SRow row = {0, 0, props};

    props[row.cValues].ulPropTag = TAG_KEY;
    props[row.cValues++].Value.l = key;
    if (name)
    {
        props[row.cValues].ulPropTag = TAG_NAME;
        props[row.cValues++].Value.lpszA = (char *)name;
    }
    if (value != -1)
    {
        props[row.cValues].ulPropTag = TAG_VALUE;
        props[row.cValues++].Value.l = value;
    }
    if (flags != -1)
    {
        props[row.cValues].ulPropTag = TAG_FLAGS;
        props[row.cValues++].Value.l = flags;
    }
    return ITableData_HrModifyRow(table, &row);
}

static HRESULT delete_row(ITableData *table, LONG key)
{
    SPropValue prop;

    prop.ulPropTag = TAG_KEY;
    prop.Value.l = key;
    return ITableData_HrDeleteRow(table, &prop);
}

static const SPropValue *find_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

/* Reads every row from the beginning and writes their keys as text
 * ("1 2 3"), leaving the cursor where it was. */
static const char *view_keys(IMAPITable *view)
{
    static char buffer[4][1024];
    static unsigned int next;
    char *out = buffer[next++ % ARRAY_SIZE(buffer)];
    const SPropValue *key;
    SRowSet *rows = NULL;
    ULONG pos, i, len = 0;
    HRESULT hr;

    *out = 0;
    pos = table_position(view);
    table_seek(view, BOOKMARK_BEGINNING, 0, NULL);
    hr = IMAPITable_QueryRows(view, 0x7fffffff, 0, &rows);
    ok(hr == S_OK, "QueryRows got %#lx.\n", hr);
    if (FAILED(hr)) return out;
    for (i = 0; i < rows->cRows && len < sizeof(buffer[0]) - 16; i++)
    {
        key = find_prop(&rows->aRow[i], TAG_KEY);
        len += sprintf(out + len, "%s%ld", i ? " " : "", key ? key->Value.l : -1);
    }
    free_rows(rows);
    table_seek(view, BOOKMARK_BEGINNING, pos, NULL);
    return out;
}

/* The key of the row QueryRows(1) returns next, or -1; the cursor stays. */
static LONG next_key(IMAPITable *view)
{
    const SPropValue *key;
    SRowSet *rows = NULL;
    HRESULT hr;
    LONG ret = -1;

    hr = IMAPITable_QueryRows(view, 1, TBL_NOADVANCE, &rows);
    ok(hr == S_OK, "QueryRows got %#lx.\n", hr);
    if (FAILED(hr)) return -2;
    if (rows->cRows && (key = find_prop(&rows->aRow[0], TAG_KEY))) ret = key->Value.l;
    free_rows(rows);
    return ret;
}

static void set_columns(IMAPITable *view, ULONG count, const ULONG *tags)
{
    SizedSPropTagArray(16, columns);
    HRESULT hr;

    columns.cValues = count;
    memcpy(columns.aulPropTag, tags, count * sizeof(*tags));
    hr = IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0);
    ok(hr == S_OK, "SetColumns got %#lx.\n", hr);
}

static HRESULT sort_view(IMAPITable *view, ULONG count, const ULONG *tags, const ULONG *orders)
{
    struct
    {
        ULONG cSorts, cCategories, cExpanded;
        SSortOrder aSort[8];
    } sort;
    ULONG i;

    sort.cSorts = count;
    sort.cCategories = sort.cExpanded = 0;
    for (i = 0; i < count; i++)
    {
        sort.aSort[i].ulPropTag = tags[i];
        sort.aSort[i].ulOrder = orders[i];
    }
    return IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0);
}

/* Five rows used by most tests: keys 1 to 5 in this order. */
static void fill_table(ITableData *table)
{
    ok(put_row(table, 1, "alpha", 30, 0x1) == S_OK, "HrModifyRow failed.\n");
    ok(put_row(table, 2, "Beta", 10, 0x3) == S_OK, "HrModifyRow failed.\n");
    ok(put_row(table, 3, "gamma", 20, 0x4) == S_OK, "HrModifyRow failed.\n");
    ok(put_row(table, 4, "alphabet", 10, 0x0) == S_OK, "HrModifyRow failed.\n");
    ok(put_row(table, 5, "delta", -1, 0x10) == S_OK, "HrModifyRow failed.\n");
}

static IMAPITable *get_view(ITableData *table)
{
    IMAPITable *view = NULL;
    HRESULT hr = ITableData_HrGetView(table, NULL, NULL, 0, &view);

    ok(hr == S_OK, "HrGetView got %#lx.\n", hr);
    return view;
}

/* --- an advise sink that records notifications --------------------------- */

struct note
{
    ULONG call;                 /* which OnNotify call */
    ULONG event;
    ULONG index_tag, prior_tag;
    LONG index, prior;
    ULONG values;
    ULONG tags[8];
    LONG longs[8];
    char name[32];
};

struct sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    LONG calls;
    ULONG count;
    BOOL count_only;            /* only count the calls, from any thread */
    struct note notes[64];
};

static inline struct sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &iid_advise_sink))
    {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct sink *sink = impl_from_IMAPIAdviseSink(iface);
    const TABLE_NOTIFICATION *tab;
    struct note *note;
    ULONG i, j;

    InterlockedIncrement(&sink->calls);
    if (sink->count_only) return S_OK;
    for (i = 0; i < count; i++)
    {
        ok(notifications[i].ulEventType == fnevTableModified, "got event type %#lx.\n",
                notifications[i].ulEventType);
        if (sink->count == ARRAY_SIZE(sink->notes)) continue;
        note = &sink->notes[sink->count++];
        memset(note, 0, sizeof(*note));
        tab = &notifications[i].info.tab;
        note->call = sink->calls;
        note->event = tab->ulTableEvent;
        note->index_tag = tab->propIndex.ulPropTag;
        note->index = tab->propIndex.Value.l;
        note->prior_tag = tab->propPrior.ulPropTag;
        note->prior = tab->propPrior.Value.l;
        note->values = tab->row.cValues;
        for (j = 0; j < tab->row.cValues && j < ARRAY_SIZE(note->tags); j++)
        {
            note->tags[j] = tab->row.lpProps[j].ulPropTag;
            if (PROP_TYPE(note->tags[j]) == PT_STRING8)
                lstrcpynA(note->name, tab->row.lpProps[j].Value.lpszA, sizeof(note->name));
            else
                note->longs[j] = tab->row.lpProps[j].Value.l;
        }
    }
    return S_OK;
}

static const IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

static void sink_init(struct sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->refcount = 1;
}

static void sink_reset(struct sink *sink)
{
    sink->calls = sink->count = 0;
}

/* --- CreateTable and ITableData ------------------------------------------ */

static void test_CreateTable(void)
{
    SizedSPropTagArray(2, columns) = {2, {TAG_KEY, TAG_NAME}};
    SizedSPropTagArray(1, bad_columns) = {1, {PROP_TAG(PT_ERROR, 0x6001)}};
    ITableData *table, *table2;
    IUnknown *unk;
    HRESULT hr;
    ULONG ref;

    hr = pCreateTable(&iid_table_data, count_allocate_buffer, count_allocate_more, count_free_buffer, NULL,
            TBLTYPE_DYNAMIC, TAG_KEY, (SPropTagArray *)&columns, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    table = (ITableData *)0xdeadbeef;
    hr = pCreateTable(&iid_table, count_allocate_buffer, count_allocate_more, count_free_buffer, NULL,
            TBLTYPE_DYNAMIC, TAG_KEY, (SPropTagArray *)&columns, &table);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    ok(!table, "got %p.\n", table);

    hr = pCreateTable(&iid_table_data, NULL, count_allocate_more, count_free_buffer, NULL,
            TBLTYPE_DYNAMIC, TAG_KEY, (SPropTagArray *)&columns, &table);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pCreateTable(&iid_table_data, count_allocate_buffer, count_allocate_more, NULL, NULL,
            TBLTYPE_DYNAMIC, TAG_KEY, (SPropTagArray *)&columns, &table);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pCreateTable(&iid_table_data, count_allocate_buffer, count_allocate_more, count_free_buffer, NULL,
            TBLTYPE_DYNAMIC, TAG_KEY, NULL, &table);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pCreateTable(&iid_table_data, count_allocate_buffer, count_allocate_more, count_free_buffer, NULL,
            TBLTYPE_DYNAMIC, TAG_KEY, (SPropTagArray *)&bad_columns, &table);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    /* A multi-valued property cannot be the index column. */
    hr = pCreateTable(&iid_table_data, count_allocate_buffer, count_allocate_more, count_free_buffer, NULL,
            TBLTYPE_DYNAMIC, TAG_MV, (SPropTagArray *)&columns, &table);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* NULL stands for IID_IMAPITableData. */
    hr = pCreateTable(NULL, count_allocate_buffer, count_allocate_more, count_free_buffer, NULL,
            TBLTYPE_SNAPSHOT, TAG_KEY, (SPropTagArray *)&columns, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = ITableData_QueryInterface(table, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(unk == (IUnknown *)table, "got %p, expected %p.\n", unk, table);
    IUnknown_Release(unk);
    hr = ITableData_QueryInterface(table, &iid_table_data, (void **)&table2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(table2 == table, "got %p.\n", table2);
    ITableData_Release(table2);
    hr = ITableData_QueryInterface(table, &iid_table, (void **)&unk);
    ok(hr == E_NOINTERFACE, "got %#lx.\n", hr);
    ok(!unk, "got %p.\n", unk);

    ref = ITableData_AddRef(table);
    ok(ref == 2, "got %lu.\n", ref);
    ITableData_Release(table);
    ref = ITableData_Release(table);
    ok(!ref, "got %lu.\n", ref);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

static void test_rows(void)
{
    SPropValue props[3], key;
    SRow row = {0, 0, props}, *got;
    SRow set_rows[3];
    SRowSet *set;
    ITableData *table;
    ULONG number, count;
    HRESULT hr;

    table = create_table(TBLTYPE_DYNAMIC);

    hr = ITableData_HrModifyRow(table, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    props[0].ulPropTag = TAG_NAME;
    props[0].Value.lpszA = (char *)"no key";
    row.cValues = 1;
    hr = ITableData_HrModifyRow(table, &row);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);

    fill_table(table);
    /* Row data comes from the allocators given to CreateTable. */
    ok(live_buffers == 5, "%ld buffers are live.\n", live_buffers);

    key.ulPropTag = TAG_KEY;
    key.Value.l = 3;
    number = 0xdeadbeef;
    hr = ITableData_HrQueryRow(table, &key, &got, &number);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(number == 2, "got %lu.\n", number);
    ok(got->cValues == 4, "got %lu.\n", got->cValues);
    ok(find_prop(got, TAG_NAME) && !strcmp(find_prop(got, TAG_NAME)->Value.lpszA, "gamma"), "wrong name.\n");
    ok(find_prop(got, TAG_VALUE) && find_prop(got, TAG_VALUE)->Value.l == 20, "wrong value.\n");
    /* The row is a single buffer. */
    count_free_buffer(got);
    hr = ITableData_HrQueryRow(table, &key, &got, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    count_free_buffer(got);

    key.Value.l = 42;
    got = (SRow *)0xdeadbeef;
    hr = ITableData_HrQueryRow(table, &key, &got, &number);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    key.ulPropTag = TAG_VALUE;
    key.Value.l = 3;
    hr = ITableData_HrQueryRow(table, &key, &got, &number);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    for (number = 0; number < 5; number++)
    {
        hr = ITableData_HrEnumRow(table, number, &got);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(got && got->lpProps && find_prop(got, TAG_KEY)->Value.l == number + 1, "row %lu is wrong.\n", number);
        count_free_buffer(got);
    }
    got = (SRow *)0xdeadbeef;
    hr = ITableData_HrEnumRow(table, 5, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!got, "got %p.\n", got);

    /* A modified row keeps its place. */
    hr = put_row(table, 2, "bravo", 11, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = ITableData_HrEnumRow(table, 1, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(find_prop(got, TAG_KEY)->Value.l == 2 && !strcmp(find_prop(got, TAG_NAME)->Value.lpszA, "bravo"),
            "row 1 is wrong.\n");
    count_free_buffer(got);
    ok(live_buffers == 5, "%ld buffers are live.\n", live_buffers);

    /* HrInsertRow places the row after the first n rows. */
    props[0].ulPropTag = TAG_KEY;
    props[0].Value.l = 6;
    row.cValues = 1;
    hr = ITableData_HrInsertRow(table, 0, &row);
    ok(hr == S_OK, "got %#lx.\n", hr);
    props[0].Value.l = 7;
    hr = ITableData_HrInsertRow(table, 3, &row);
    ok(hr == S_OK, "got %#lx.\n", hr);
    props[0].Value.l = 8;
    hr = ITableData_HrInsertRow(table, 7, &row);
    ok(hr == S_OK, "got %#lx.\n", hr);
    props[0].Value.l = 9;
    hr = ITableData_HrInsertRow(table, 9, &row);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    props[0].Value.l = 3;
    hr = ITableData_HrInsertRow(table, 0, &row);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    for (number = 0; number < 8; number++)
    {
        static const LONG expect[] = {6, 1, 2, 7, 3, 4, 5, 8};

        ITableData_HrEnumRow(table, number, &got);
        ok(got && find_prop(got, TAG_KEY)->Value.l == expect[number], "row %lu: got %ld.\n", number,
                got ? find_prop(got, TAG_KEY)->Value.l : -1);
        count_free_buffer(got);
    }
    key.ulPropTag = TAG_KEY;
    key.Value.l = 3;
    hr = ITableData_HrQueryRow(table, &key, &got, &number);
    ok(hr == S_OK && number == 4, "got %#lx, %lu.\n", hr, number);
    count_free_buffer(got);

    hr = delete_row(table, 7);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = delete_row(table, 7);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    key.ulPropTag = TAG_NAME;
    key.Value.lpszA = (char *)"alpha";
    hr = ITableData_HrDeleteRow(table, &key);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = ITableData_HrDeleteRow(table, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* HrModifyRows changes nothing when a row lacks the index column. */
    pMAPIAllocateBuffer(CbNewSRowSet(3), (void **)&set);
    set->cRows = 2;
    memset(set_rows, 0, sizeof(set_rows));
    props[0].ulPropTag = TAG_KEY;
    props[0].Value.l = 10;
    props[1].ulPropTag = TAG_NAME;
    props[1].Value.lpszA = (char *)"ten";
    props[2].ulPropTag = TAG_NAME;
    props[2].Value.lpszA = (char *)"keyless";
    set->aRow[0].cValues = 2;
    set->aRow[0].lpProps = props;
    set->aRow[1].cValues = 1;
    set->aRow[1].lpProps = props + 2;
    hr = ITableData_HrModifyRows(table, 0, set);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    key.ulPropTag = TAG_KEY;
    key.Value.l = 10;
    hr = ITableData_HrQueryRow(table, &key, &got, NULL);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = ITableData_HrModifyRows(table, 1, set);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    set->cRows = 1;
    hr = ITableData_HrModifyRows(table, 0, set);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = ITableData_HrQueryRow(table, &key, &got, &number);
    ok(hr == S_OK && number == 7, "got %#lx, %lu.\n", hr, number);
    count_free_buffer(got);

    /* HrDeleteRows counts the rows it found. */
    set->cRows = 3;
    set->aRow[0].cValues = 1;
    set->aRow[0].lpProps = props;       /* key 10 */
    set->aRow[1].cValues = 1;
    set->aRow[1].lpProps = &key;        /* key 10 again: gone by then */
    set->aRow[2].cValues = 1;
    set->aRow[2].lpProps = props + 2;   /* no key */
    count = 0xdeadbeef;
    hr = ITableData_HrDeleteRows(table, 0, set, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 1, "got %lu.\n", count);
    hr = ITableData_HrDeleteRows(table, 0, NULL, &count);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = ITableData_HrDeleteRows(table, 0x10, set, &count);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    pMAPIFreeBuffer(set);

    hr = ITableData_HrDeleteRows(table, TAD_ALL_ROWS, NULL, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 7, "got %lu.\n", count);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
    hr = ITableData_HrEnumRow(table, 0, &got);
    ok(hr == S_OK && !got, "got %#lx, %p.\n", hr, got);

    fill_table(table);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

static ULONG_PTR released_data;
static ITableData *released_table;
static IMAPITable *released_view;
static unsigned int released_calls;

static void WINAPI view_released(ULONG_PTR data, ITableData *table, IMAPITable *view)
{
    released_calls++;
    released_data = data;
    released_table = table;
    released_view = view;
}

static void test_view_basics(void)
{
    static const ULONG tags[] = {TAG_NAME, TAG_MISSING, PR_NULL, TAG_KEY};
    SizedSPropTagArray(2, bad_columns) = {2, {TAG_KEY, PROP_TAG(PT_ERROR, 0x6003)}};
    SizedSPropTagArray(1, no_columns) = {0};
    SPropTagArray *columns;
    IMAPITable *view, *view2;
    ITableData *table;
    SPropValue props[2];
    SRow row = {0, 2, props};
    ULONG status, type, count, numerator, denominator, pos, ref;
    MAPIERROR *error;
    SRowSet *rows;
    IUnknown *unk;
    LONG sought;
    HRESULT hr;

    table = create_table(TBLTYPE_KEYSET);
    fill_table(table);

    released_calls = 0;
    hr = ((get_view_func)table->lpVtbl->HrGetView)(table, NULL, view_released, (ULONG_PTR)~(ULONG_PTR)0x1234, &view);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = ITableData_HrGetView(table, NULL, NULL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = IMAPITable_QueryInterface(view, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK && unk == (IUnknown *)view, "got %#lx, %p.\n", hr, unk);
    IUnknown_Release(unk);
    hr = IMAPITable_QueryInterface(view, &iid_table, (void **)&view2);
    ok(hr == S_OK && view2 == view, "got %#lx, %p.\n", hr, view2);
    IMAPITable_Release(view2);
    hr = IMAPITable_QueryInterface(view, &iid_table_data, (void **)&unk);
    ok(hr == E_NOINTERFACE, "got %#lx.\n", hr);

    hr = IMAPITable_GetStatus(view, &status, &type);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(status == TBLSTAT_COMPLETE, "got %lu.\n", status);
    ok(type == TBLTYPE_KEYSET, "got %lu.\n", type);
    hr = IMAPITable_GetStatus(view, NULL, &type);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    error = (MAPIERROR *)0xdeadbeef;
    hr = IMAPITable_GetLastError(view, MAPI_E_NOT_FOUND, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!error, "got %p.\n", error);

    /* The default column set is the one given to CreateTable. */
    hr = IMAPITable_QueryColumns(view, 0, &columns);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(columns->cValues == 4 && columns->aulPropTag[0] == TAG_KEY && columns->aulPropTag[3] == TAG_FLAGS,
            "got %lu columns.\n", columns->cValues);
    count_free_buffer(columns);
    hr = IMAPITable_QueryColumns(view, 2, &columns);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    /* A new property is available to the view, and a column of new views. */
    props[0].ulPropTag = TAG_KEY;
    props[0].Value.l = 6;
    props[1].ulPropTag = TAG_EXTRA;
    props[1].Value.i = 7;
    hr = ITableData_HrModifyRow(table, &row);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_QueryColumns(view, 0, &columns);
    ok(hr == S_OK && columns->cValues == 4, "got %#lx, %lu.\n", hr, columns->cValues);
    count_free_buffer(columns);
    hr = IMAPITable_QueryColumns(view, TBL_ALL_COLUMNS, &columns);
    ok(hr == S_OK && columns->cValues == 5 && columns->aulPropTag[4] == TAG_EXTRA, "got %#lx, %lu.\n", hr,
            columns->cValues);
    count_free_buffer(columns);
    view2 = get_view(table);
    hr = IMAPITable_QueryColumns(view2, 0, &columns);
    ok(hr == S_OK && columns->cValues == 5, "got %#lx, %lu.\n", hr, columns->cValues);
    count_free_buffer(columns);
    IMAPITable_Release(view2);
    /* Deleting the row does not take the column away. */
    delete_row(table, 6);
    view2 = get_view(table);
    hr = IMAPITable_QueryColumns(view2, 0, &columns);
    ok(hr == S_OK && columns->cValues == 5, "got %#lx, %lu.\n", hr, columns->cValues);
    count_free_buffer(columns);
    IMAPITable_Release(view2);

    hr = IMAPITable_GetRowCount(view, 1, &count);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPITable_GetRowCount(view, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(table_count(view) == 5, "got %lu.\n", table_count(view));
    ok(!strcmp(view_keys(view), "1 2 3 4 5"), "got %s.\n", view_keys(view));

    /* SetColumns */
    hr = IMAPITable_SetColumns(view, NULL, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_SetColumns(view, (SPropTagArray *)&no_columns, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_SetColumns(view, (SPropTagArray *)&bad_columns, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_SetColumns(view, (SPropTagArray *)&bad_columns, 0x100);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    set_columns(view, ARRAY_SIZE(tags), tags);
    hr = IMAPITable_QueryColumns(view, 0, &columns);
    ok(hr == S_OK && columns->cValues == 4 && columns->aulPropTag[1] == TAG_MISSING, "got %#lx.\n", hr);
    count_free_buffer(columns);

    /* QueryRows */
    hr = IMAPITable_QueryRows(view, 0, 0, &rows);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(view, 1, 2, &rows);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(view, 1, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = IMAPITable_QueryRows(view, 2, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(rows->cRows == 2, "got %lu.\n", rows->cRows);
    ok(rows->aRow[0].cValues == 4, "got %lu.\n", rows->aRow[0].cValues);
    ok(rows->aRow[0].lpProps[0].ulPropTag == TAG_NAME && !strcmp(rows->aRow[0].lpProps[0].Value.lpszA, "alpha"),
            "got %#lx.\n", rows->aRow[0].lpProps[0].ulPropTag);
    ok(rows->aRow[0].lpProps[1].ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(TAG_MISSING)), "got %#lx.\n",
            rows->aRow[0].lpProps[1].ulPropTag);
    ok(rows->aRow[0].lpProps[1].Value.err == MAPI_E_NOT_FOUND, "got %#lx.\n", rows->aRow[0].lpProps[1].Value.err);
    ok(rows->aRow[0].lpProps[2].ulPropTag == PR_NULL, "got %#lx.\n", rows->aRow[0].lpProps[2].ulPropTag);
    ok(rows->aRow[1].lpProps[3].ulPropTag == TAG_KEY && rows->aRow[1].lpProps[3].Value.l == 2, "got %ld.\n",
            rows->aRow[1].lpProps[3].Value.l);
    free_rows(rows);
    ok(table_position(view) == 2, "got %lu.\n", table_position(view));

    hr = IMAPITable_QueryRows(view, 1, TBL_NOADVANCE, &rows);
    ok(hr == S_OK && rows->cRows == 1, "got %#lx.\n", hr);
    ok(rows->aRow[0].lpProps[3].Value.l == 3, "got %ld.\n", rows->aRow[0].lpProps[3].Value.l);
    free_rows(rows);
    ok(table_position(view) == 2, "got %lu.\n", table_position(view));

    hr = IMAPITable_QueryRows(view, 10, 0, &rows);
    ok(hr == S_OK && rows->cRows == 3, "got %#lx, %lu.\n", hr, rows->cRows);
    free_rows(rows);
    ok(table_position(view) == 5, "got %lu.\n", table_position(view));
    hr = IMAPITable_QueryRows(view, 1, 0, &rows);
    ok(hr == S_OK && !rows->cRows, "got %#lx, %lu.\n", hr, rows->cRows);
    free_rows(rows);

    /* A negative count moves back, then reads forward. */
    hr = IMAPITable_QueryRows(view, -2, 0, &rows);
    ok(hr == S_OK && rows->cRows == 2, "got %#lx, %lu.\n", hr, rows->cRows);
    ok(rows->aRow[0].lpProps[3].Value.l == 4 && rows->aRow[1].lpProps[3].Value.l == 5, "wrong rows.\n");
    free_rows(rows);
    ok(table_position(view) == 5, "got %lu.\n", table_position(view));
    hr = IMAPITable_QueryRows(view, -2, TBL_NOADVANCE, &rows);
    ok(hr == S_OK && rows->cRows == 2, "got %#lx, %lu.\n", hr, rows->cRows);
    free_rows(rows);
    ok(table_position(view) == 3, "got %lu.\n", table_position(view));
    hr = IMAPITable_QueryRows(view, -10, TBL_NOADVANCE, &rows);
    ok(hr == S_OK && rows->cRows == 3, "got %#lx, %lu.\n", hr, rows->cRows);
    free_rows(rows);
    ok(table_position(view) == 0, "got %lu.\n", table_position(view));
    hr = IMAPITable_QueryRows(view, -1, 0, &rows);
    ok(hr == S_OK && !rows->cRows, "got %#lx, %lu.\n", hr, rows->cRows);
    free_rows(rows);

    /* SeekRow */
    sought = 0xdead;
    hr = table_seek(view, BOOKMARK_BEGINNING, 2, &sought);
    ok(hr == S_OK && sought == 2, "got %#lx, %ld.\n", hr, sought);
    hr = table_seek(view, BOOKMARK_CURRENT, -5, &sought);
    ok(hr == S_OK && sought == -2, "got %#lx, %ld.\n", hr, sought);
    ok(table_position(view) == 0, "got %lu.\n", table_position(view));
    hr = table_seek(view, BOOKMARK_END, -1, &sought);
    ok(hr == S_OK && sought == -1, "got %#lx, %ld.\n", hr, sought);
    ok(next_key(view) == 5, "got %ld.\n", next_key(view));
    hr = table_seek(view, BOOKMARK_END, 3, &sought);
    ok(hr == S_OK && !sought, "got %#lx, %ld.\n", hr, sought);
    ok(table_position(view) == 5, "got %lu.\n", table_position(view));
    hr = table_seek(view, BOOKMARK_CURRENT, -3, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(next_key(view) == 3, "got %ld.\n", next_key(view));
    hr = table_seek(view, 12345, 0, &sought);
    ok(hr == MAPI_E_INVALID_BOOKMARK, "got %#lx.\n", hr);

    /* SeekRowApprox and QueryPosition */
    hr = IMAPITable_SeekRowApprox(view, 1, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_SeekRowApprox(view, 3, 5);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = view->lpVtbl->QueryPosition(view, &pos, &numerator, &denominator);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(pos == 3 && numerator == 3 && denominator == 5, "got %lu, %lu/%lu.\n", pos, numerator, denominator);
    hr = IMAPITable_SeekRowApprox(view, 7, 7);
    ok(hr == S_OK && table_position(view) == 5, "got %#lx, %lu.\n", hr, table_position(view));
    hr = IMAPITable_SeekRowApprox(view, 0, 9);
    ok(hr == S_OK && table_position(view) == 0, "got %#lx, %lu.\n", hr, table_position(view));
    hr = view->lpVtbl->QueryPosition(view, NULL, &numerator, &denominator);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* What a table data view does not do. */
    hr = IMAPITable_Abort(view);
    ok(hr == S_OK, "got %#lx.\n", hr);
    status = 0xdeadbeef;
    hr = IMAPITable_WaitForCompletion(view, 0, 1000, &status);
    ok(hr == S_OK && status == TBLSTAT_COMPLETE, "got %#lx, %lu.\n", hr, status);
    hr = IMAPITable_WaitForCompletion(view, 1, 1000, &status);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPITable_ExpandRow(view, 4, (BYTE *)"\1\0\0\0", 10, 0, &rows, &count);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IMAPITable_CollapseRow(view, 4, (BYTE *)"\1\0\0\0", 0, &count);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IMAPITable_GetCollapseState(view, 0, 4, (BYTE *)"\1\0\0\0", &count, (BYTE **)&rows);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = view->lpVtbl->SetCollapseState(view, 0, 4, (BYTE *)"\1\0\0\0", (BOOKMARK *)&count);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);

    /* The view keeps its table data object. */
    ITableData_AddRef(table);
    ref = ITableData_Release(table);
    ok(ref == 2, "got %lu.\n", ref);
    ok(!released_calls, "the release callback was called.\n");
    ref = IMAPITable_Release(view);
    ok(!ref, "got %lu.\n", ref);
    ok(released_calls == 1, "got %u calls.\n", released_calls);
    ok(released_data == (ULONG_PTR)~(ULONG_PTR)0x1234, "got %#Ix.\n", released_data);
    ok(released_table == table, "got %p.\n", released_table);
    ok(released_view == view, "got %p.\n", released_view);
    ref = ITableData_Release(table);
    ok(!ref, "got %lu.\n", ref);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- sorting ------------------------------------------------------------- */

static void test_sort(void)
{
    static const ULONG value[] = {TAG_VALUE}, value_name[] = {TAG_VALUE, TAG_NAME};
    static const ULONG asc[] = {TABLE_SORT_ASCEND, TABLE_SORT_ASCEND};
    static const ULONG desc[] = {TABLE_SORT_DESCEND, TABLE_SORT_DESCEND};
    static const ULONG desc_asc[] = {TABLE_SORT_DESCEND, TABLE_SORT_ASCEND};
    static const ULONG name[] = {TAG_NAME}, flags_value[] = {TAG_FLAGS, TAG_VALUE};
    SizedSSortOrderSet(1, categories) = {1, 1, 1, {{TAG_NAME, TABLE_SORT_ASCEND}}};
    SizedSSortOrderSet(2, combine) = {2, 0, 0, {{TAG_NAME, TABLE_SORT_ASCEND}, {TAG_VALUE, TABLE_SORT_COMBINE}}};
    SizedSSortOrderSet(2, bad) = {1, 0, 0, {{TAG_NAME, 42}}};
    SizedSSortOrderSet(1, by_value) = {1, 0, 0, {{TAG_VALUE, TABLE_SORT_DESCEND}}};
    SSortOrderSet *sort;
    ITableData *table;
    IMAPITable *view;
    BOOKMARK bookmark;
    HRESULT hr;

    table = create_table(TBLTYPE_DYNAMIC);
    fill_table(table);
    put_row(table, 6, "alpha", 10, 0x1);
    view = get_view(table);

    hr = sort_view(view, 1, value, asc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    /* Equal keys keep the table order; rows without the key come last. */
    ok(!strcmp(view_keys(view), "2 4 6 3 1 5"), "got %s.\n", view_keys(view));
    hr = sort_view(view, 1, value, desc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "1 3 2 4 6 5"), "got %s.\n", view_keys(view));
    hr = sort_view(view, 2, value_name, desc_asc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "1 3 6 4 2 5"), "got %s.\n", view_keys(view));
    hr = sort_view(view, 2, flags_value, desc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "5 3 2 1 6 4"), "got %s.\n", view_keys(view));

    hr = IMAPITable_QuerySortOrder(view, &sort);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sort->cSorts == 2 && !sort->cCategories && sort->aSort[0].ulPropTag == TAG_FLAGS
            && sort->aSort[1].ulOrder == TABLE_SORT_DESCEND, "got %lu sorts.\n", sort->cSorts);
    count_free_buffer(sort);
    hr = IMAPITable_QuerySortOrder(view, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Strings compare as LPropCompareProp compares them. */
    hr = sort_view(view, 1, name, asc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "1 6 4 2 5 3"), "got %s.\n", view_keys(view));

    /* SortTable puts the cursor at the beginning and drops the bookmarks. */
    table_seek(view, BOOKMARK_BEGINNING, 3, NULL);
    hr = IMAPITable_CreateBookmark(view, &bookmark);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = sort_view(view, 1, value, asc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!table_position(view), "got %lu.\n", table_position(view));
    hr = table_seek(view, bookmark, 0, NULL);
    ok(hr == MAPI_E_INVALID_BOOKMARK, "got %#lx.\n", hr);
    hr = IMAPITable_FreeBookmark(view, bookmark);
    ok(hr == MAPI_E_INVALID_BOOKMARK, "got %#lx.\n", hr);

    /* Categories are not supported; a failed sort keeps the order. */
    hr = IMAPITable_SortTable(view, (SSortOrderSet *)&categories, 0);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);
    hr = IMAPITable_SortTable(view, (SSortOrderSet *)&combine, 0);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);
    hr = IMAPITable_SortTable(view, (SSortOrderSet *)&bad, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_SortTable(view, NULL, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_SortTable(view, (SSortOrderSet *)&by_value, 0x100);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "2 4 6 3 1 5"), "got %s.\n", view_keys(view));

    /* The sort order holds for later changes. */
    put_row(table, 7, "zulu", 15, 0);
    put_row(table, 2, "Beta", 40, 0x3);
    delete_row(table, 3);
    ok(!strcmp(view_keys(view), "4 6 7 1 2 5"), "got %s.\n", view_keys(view));

    /* No sort keys: the table order. */
    hr = sort_view(view, 0, NULL, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "1 2 4 5 6 7"), "got %s.\n", view_keys(view));
    hr = IMAPITable_QuerySortOrder(view, &sort);
    ok(hr == S_OK && !sort->cSorts, "got %#lx, %lu.\n", hr, sort->cSorts);
    count_free_buffer(sort);
    IMAPITable_Release(view);

    /* HrGetView takes a sort order too. */
    hr = ITableData_HrGetView(table, (SSortOrderSet *)&by_value, NULL, 0, &view);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "2 1 7 4 6 5"), "got %s.\n", view_keys(view));
    IMAPITable_Release(view);
    hr = ITableData_HrGetView(table, (SSortOrderSet *)&categories, NULL, 0, &view);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);

    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- restrictions -------------------------------------------------------- */

static SRestriction *make_property(SRestriction *res, SPropValue *prop, ULONG relop, ULONG tag)
{
    res->rt = RES_PROPERTY;
    res->res.resProperty.relop = relop;
    res->res.resProperty.ulPropTag = tag;
    res->res.resProperty.lpProp = prop;
    return res;
}

static SRestriction *make_content(SRestriction *res, SPropValue *prop, ULONG fuzzy, ULONG tag)
{
    res->rt = RES_CONTENT;
    res->res.resContent.ulFuzzyLevel = fuzzy;
    res->res.resContent.ulPropTag = tag;
    res->res.resContent.lpProp = prop;
    return res;
}

static const char *restricted_keys(IMAPITable *view, SRestriction *res)
{
    HRESULT hr = table_restrict(view, res, 0);

    ok(hr == S_OK, "Restrict got %#lx.\n", hr);
    return view_keys(view);
}

static void test_restrict(void)
{
    static const BYTE bin_data[] = {1, 2, 3, 4}, bin_needle[] = {2, 3};
    SRestriction res, sub[3], inner;
    SPropValue prop, props[3];
    SRow row = {0, 3, props};
    ITableData *table;
    IMAPITable *view;
    BOOKMARK bookmark;
    HRESULT hr;

    table = create_table(TBLTYPE_DYNAMIC);
    fill_table(table);
    props[0].ulPropTag = TAG_KEY;
    props[0].Value.l = 6;
    props[1].ulPropTag = TAG_BIN;
    props[1].Value.bin.cb = sizeof(bin_data);
    props[1].Value.bin.lpb = (BYTE *)bin_data;
    props[2].ulPropTag = TAG_WNAME;
    props[2].Value.lpszW = (WCHAR *)L"Omega";
    ITableData_HrModifyRow(table, &row);
    view = get_view(table);

    /* Every relation of a property restriction; rows without the property never match. */
    prop.ulPropTag = TAG_VALUE;
    prop.Value.l = 20;
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_LT, TAG_VALUE)), "2 4"), "wrong LT.\n");
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_LE, TAG_VALUE)), "2 3 4"), "wrong LE.\n");
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_GT, TAG_VALUE)), "1"), "wrong GT.\n");
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_GE, TAG_VALUE)), "1 3"), "wrong GE.\n");
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_EQ, TAG_VALUE)), "3"), "wrong EQ.\n");
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_NE, TAG_VALUE)), "1 2 4"), "wrong NE.\n");
    prop.ulPropTag = TAG_NAME;
    prop.Value.lpszA = (char *)"^al.*t$";
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_RE, TAG_NAME)), "4"), "wrong RE.\n");
    ok(table_count(view) == 1, "got %lu.\n", table_count(view));

    /* Content restrictions at every fuzzy level. */
    prop.Value.lpszA = (char *)"alpha";
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_FULLSTRING, TAG_NAME)), "1"), "wrong full.\n");
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_PREFIX, TAG_NAME)), "1 4"), "wrong prefix.\n");
    prop.Value.lpszA = (char *)"ta";
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_SUBSTRING, TAG_NAME)), "2 5"), "wrong sub.\n");
    prop.Value.lpszA = (char *)"BETA";
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_FULLSTRING, TAG_NAME)), ""), "wrong case.\n");
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_FULLSTRING | FL_IGNORECASE, TAG_NAME)), "2"),
            "wrong ignorecase.\n");
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_FULLSTRING | FL_LOOSE, TAG_NAME)), "2"),
            "wrong loose.\n");
    prop.ulPropTag = TAG_WNAME;
    prop.Value.lpszW = (WCHAR *)L"meg";
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_SUBSTRING, TAG_WNAME)), "6"), "wrong unicode.\n");
    prop.ulPropTag = TAG_BIN;
    prop.Value.bin.cb = sizeof(bin_needle);
    prop.Value.bin.lpb = (BYTE *)bin_needle;
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_SUBSTRING, TAG_BIN)), "6"), "wrong binary.\n");
    ok(!strcmp(restricted_keys(view, make_content(&res, &prop, FL_PREFIX, TAG_BIN)), ""), "wrong binary prefix.\n");

    /* Comparing two properties of a row. */
    res.rt = RES_COMPAREPROPS;
    res.res.resCompareProps.ulPropTag1 = TAG_FLAGS;
    res.res.resCompareProps.ulPropTag2 = TAG_KEY;
    res.res.resCompareProps.relop = RELOP_LT;
    ok(!strcmp(restricted_keys(view, &res), "4"), "wrong compare.\n");
    res.res.resCompareProps.relop = RELOP_EQ;
    ok(!strcmp(restricted_keys(view, &res), "1"), "wrong compare.\n");
    res.res.resCompareProps.relop = RELOP_GE;
    ok(!strcmp(restricted_keys(view, &res), "1 2 3 5"), "wrong compare.\n");

    /* Bit masks, sizes and existence. */
    res.rt = RES_BITMASK;
    res.res.resBitMask.relBMR = BMR_NEZ;
    res.res.resBitMask.ulPropTag = TAG_FLAGS;
    res.res.resBitMask.ulMask = 0x5;
    ok(!strcmp(restricted_keys(view, &res), "1 2 3"), "wrong bitmask.\n");
    res.res.resBitMask.relBMR = BMR_EQZ;
    ok(!strcmp(restricted_keys(view, &res), "4 5"), "wrong bitmask.\n");
    res.rt = RES_SIZE;
    res.res.resSize.relop = RELOP_GT;
    res.res.resSize.ulPropTag = TAG_NAME;
    res.res.resSize.cb = 6;
    ok(!strcmp(restricted_keys(view, &res), "4"), "wrong size.\n");
    res.res.resSize.relop = RELOP_EQ;
    ok(!strcmp(restricted_keys(view, &res), "1 3 5"), "wrong size.\n");
    res.rt = RES_EXIST;
    res.res.resExist.ulReserved1 = res.res.resExist.ulReserved2 = 0;
    res.res.resExist.ulPropTag = TAG_VALUE;
    ok(!strcmp(restricted_keys(view, &res), "1 2 3 4"), "wrong exist.\n");

    /* AND, OR, NOT and comments. */
    prop.ulPropTag = TAG_VALUE;
    prop.Value.l = 10;
    sub[0].rt = RES_EXIST;
    sub[0].res.resExist.ulReserved1 = sub[0].res.resExist.ulReserved2 = 0;
    sub[0].res.resExist.ulPropTag = TAG_VALUE;
    make_property(&sub[1], &prop, RELOP_EQ, TAG_VALUE);
    res.rt = RES_NOT;
    res.res.resNot.ulReserved = 0;
    res.res.resNot.lpRes = &sub[1];
    ok(!strcmp(restricted_keys(view, &res), "1 3 5 6"), "wrong NOT.\n");
    inner = res;
    sub[2] = inner;
    res.rt = RES_AND;
    res.res.resAnd.cRes = 2;
    res.res.resAnd.lpRes = &sub[0];
    ok(!strcmp(restricted_keys(view, &res), "2 4"), "wrong AND.\n");
    res.res.resAnd.lpRes = &sub[2];
    res.res.resAnd.cRes = 1;
    ok(!strcmp(restricted_keys(view, &res), "1 3 5 6"), "wrong AND of one.\n");
    res.res.resAnd.cRes = 0;
    ok(!strcmp(restricted_keys(view, &res), "1 2 3 4 5 6"), "wrong empty AND.\n");
    res.rt = RES_OR;
    res.res.resOr.cRes = 0;
    ok(!strcmp(restricted_keys(view, &res), ""), "wrong empty OR.\n");
    prop.ulPropTag = TAG_NAME;
    prop.Value.lpszA = (char *)"delta";
    make_property(&sub[0], &prop, RELOP_EQ, TAG_NAME);
    sub[1].rt = RES_BITMASK;
    sub[1].res.resBitMask.relBMR = BMR_NEZ;
    sub[1].res.resBitMask.ulPropTag = TAG_FLAGS;
    sub[1].res.resBitMask.ulMask = 0x2;
    res.res.resOr.cRes = 2;
    res.res.resOr.lpRes = sub;
    ok(!strcmp(restricted_keys(view, &res), "2 5"), "wrong OR.\n");
    inner = res;
    res.rt = RES_COMMENT;
    res.res.resComment.cValues = 1;
    res.res.resComment.lpProp = &prop;
    res.res.resComment.lpRes = &inner;
    ok(!strcmp(restricted_keys(view, &res), "2 5"), "wrong comment.\n");
    res.res.resComment.lpRes = NULL;
    ok(!strcmp(restricted_keys(view, &res), "1 2 3 4 5 6"), "wrong comment.\n");

    /* What a table cannot evaluate. */
    res.rt = RES_SUBRESTRICTION;
    res.res.resSub.ulSubObject = PR_MESSAGE_RECIPIENTS;
    res.res.resSub.lpRes = &inner;
    hr = table_restrict(view, &res, 0);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);
    prop.ulPropTag = TAG_NAME;
    prop.Value.lpszA = (char *)"10";
    hr = table_restrict(view, make_property(&res, &prop, RELOP_EQ, TAG_VALUE), 0);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);
    prop.ulPropTag = TAG_VALUE;
    prop.Value.l = 10;
    hr = table_restrict(view, make_content(&res, &prop, FL_FULLSTRING, TAG_VALUE), 0);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);
    res.rt = RES_COMPAREPROPS;
    res.res.resCompareProps.ulPropTag1 = TAG_NAME;
    res.res.resCompareProps.ulPropTag2 = TAG_KEY;
    res.res.resCompareProps.relop = RELOP_EQ;
    hr = table_restrict(view, &res, 0);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);
    hr = table_restrict(view, make_property(&res, &prop, 42, TAG_VALUE), 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = table_restrict(view, make_property(&res, &prop, RELOP_EQ, TAG_VALUE), 0x100);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    /* A failed Restrict keeps the restriction. */
    ok(!strcmp(view_keys(view), "1 2 3 4 5 6"), "got %s.\n", view_keys(view));

    /* The restriction holds for later changes, and Restrict resets the position. */
    prop.Value.l = 15;
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_GT, TAG_VALUE)), "1 3"), "wrong GT.\n");
    table_seek(view, BOOKMARK_BEGINNING, 1, NULL);
    hr = IMAPITable_CreateBookmark(view, &bookmark);
    ok(hr == S_OK, "got %#lx.\n", hr);
    put_row(table, 2, "Beta", 50, 0);
    put_row(table, 1, "alpha", 5, 0);
    put_row(table, 7, "eta", 16, 0);
    ok(!strcmp(view_keys(view), "2 3 7"), "got %s.\n", view_keys(view));
    ok(table_count(view) == 3, "got %lu.\n", table_count(view));
    hr = table_restrict(view, NULL, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!table_position(view), "got %lu.\n", table_position(view));
    hr = table_seek(view, bookmark, 0, NULL);
    ok(hr == MAPI_E_INVALID_BOOKMARK, "got %#lx.\n", hr);
    ok(!strcmp(view_keys(view), "1 2 3 4 5 6 7"), "got %s.\n", view_keys(view));

    IMAPITable_Release(view);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- multi-valued columns ------------------------------------------------ */

static void test_multivalued(void)
{
    static const ULONG columns[] = {TAG_KEY, MVI_PROP(TAG_MV)}, whole[] = {TAG_KEY, TAG_MV};
    static const ULONG mvi_sort[] = {MVI_PROP(TAG_MV)}, asc[] = {TABLE_SORT_ASCEND};
    LONG values1[] = {30, 10, 20}, values2[] = {15, 10};
    SPropValue props[2], prop;
    SRow row = {0, 2, props};
    SRestriction res;
    ITableData *table;
    IMAPITable *view;
    SRowSet *rows;
    HRESULT hr;

    table = create_table(TBLTYPE_DYNAMIC);
    props[0].ulPropTag = TAG_KEY;
    props[0].Value.l = 1;
    props[1].ulPropTag = TAG_MV;
    props[1].Value.MVl.cValues = ARRAY_SIZE(values1);
    props[1].Value.MVl.lpl = values1;
    ITableData_HrModifyRow(table, &row);
    props[0].Value.l = 2;
    props[1].Value.MVl.cValues = ARRAY_SIZE(values2);
    props[1].Value.MVl.lpl = values2;
    ITableData_HrModifyRow(table, &row);
    put_row(table, 3, "none", 1, 1);
    view = get_view(table);

    /* Without MVI_FLAG a multi-valued column is one value. */
    set_columns(view, ARRAY_SIZE(whole), whole);
    ok(table_count(view) == 3, "got %lu.\n", table_count(view));
    hr = IMAPITable_QueryRows(view, 1, 0, &rows);
    ok(hr == S_OK && rows->cRows == 1, "got %#lx.\n", hr);
    ok(rows->aRow[0].lpProps[1].ulPropTag == TAG_MV && rows->aRow[0].lpProps[1].Value.MVl.cValues == 3,
            "got %#lx.\n", rows->aRow[0].lpProps[1].ulPropTag);
    free_rows(rows);

    /* With it, one row per value, each with a single value. */
    set_columns(view, ARRAY_SIZE(columns), columns);
    ok(table_count(view) == 6, "got %lu.\n", table_count(view));
    ok(!strcmp(view_keys(view), "1 1 1 2 2 3"), "got %s.\n", view_keys(view));
    hr = IMAPITable_QueryRows(view, 10, 0, &rows);
    ok(hr == S_OK && rows->cRows == 6, "got %#lx.\n", hr);
    ok(rows->aRow[1].lpProps[1].ulPropTag == PROP_TAG(PT_LONG, PROP_ID(TAG_MV)), "got %#lx.\n",
            rows->aRow[1].lpProps[1].ulPropTag);
    ok(rows->aRow[1].lpProps[1].Value.l == 10, "got %ld.\n", rows->aRow[1].lpProps[1].Value.l);
    ok(rows->aRow[4].lpProps[1].Value.l == 10, "got %ld.\n", rows->aRow[4].lpProps[1].Value.l);
    ok(rows->aRow[5].lpProps[1].ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(TAG_MV)), "got %#lx.\n",
            rows->aRow[5].lpProps[1].ulPropTag);
    free_rows(rows);

    /* Sorting on the single values, and restricting them. */
    hr = sort_view(view, 1, mvi_sort, asc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(view, 10, 0, &rows);
    ok(hr == S_OK && rows->cRows == 6, "got %#lx.\n", hr);
    ok(rows->aRow[0].lpProps[1].Value.l == 10 && rows->aRow[0].lpProps[0].Value.l == 1, "wrong first row.\n");
    ok(rows->aRow[1].lpProps[1].Value.l == 10 && rows->aRow[1].lpProps[0].Value.l == 2, "wrong second row.\n");
    ok(rows->aRow[2].lpProps[1].Value.l == 15, "got %ld.\n", rows->aRow[2].lpProps[1].Value.l);
    ok(rows->aRow[4].lpProps[1].Value.l == 30, "got %ld.\n", rows->aRow[4].lpProps[1].Value.l);
    ok(rows->aRow[5].lpProps[0].Value.l == 3, "got %ld.\n", rows->aRow[5].lpProps[0].Value.l);
    free_rows(rows);
    prop.ulPropTag = PROP_TAG(PT_LONG, PROP_ID(TAG_MV));
    prop.Value.l = 15;
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_GE, MVI_PROP(TAG_MV))), "2 1 1"),
            "wrong restriction.\n");

    /* A view that does not expand the column matches any of its values. */
    IMAPITable_Release(view);
    view = get_view(table);
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_GE, TAG_MV)), "1 2"), "wrong any.\n");
    prop.Value.l = 25;
    ok(!strcmp(restricted_keys(view, make_property(&res, &prop, RELOP_GE, TAG_MV)), "1"), "wrong any.\n");

    IMAPITable_Release(view);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- FindRow and bookmarks ----------------------------------------------- */

static void test_FindRow(void)
{
    SRestriction res, bad;
    SPropValue prop;
    ITableData *table;
    IMAPITable *view;
    BOOKMARK bookmark;
    HRESULT hr;

    table = create_table(TBLTYPE_DYNAMIC);
    fill_table(table);
    put_row(table, 6, "kappa", 10, 0);
    view = get_view(table);

    prop.ulPropTag = TAG_VALUE;
    prop.Value.l = 10;
    make_property(&res, &prop, RELOP_EQ, TAG_VALUE);

    hr = IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(next_key(view) == 2, "got %ld.\n", next_key(view));
    /* Forward searches start at the row the bookmark stands on. */
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, 0);
    ok(hr == S_OK && next_key(view) == 2, "got %#lx, %ld.\n", hr, next_key(view));
    table_seek(view, BOOKMARK_CURRENT, 1, NULL);
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, 0);
    ok(hr == S_OK && next_key(view) == 4, "got %#lx, %ld.\n", hr, next_key(view));
    /* Backward searches start at the row before it. */
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, DIR_BACKWARD);
    ok(hr == S_OK && next_key(view) == 2, "got %#lx, %ld.\n", hr, next_key(view));
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, DIR_BACKWARD);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(next_key(view) == 2, "got %ld.\n", next_key(view));
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_END, DIR_BACKWARD);
    ok(hr == S_OK && next_key(view) == 6, "got %#lx, %ld.\n", hr, next_key(view));
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_END, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, DIR_BACKWARD);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(next_key(view) == 6, "got %ld.\n", next_key(view));

    /* From a bookmark, and from one whose row is gone. */
    table_seek(view, BOOKMARK_BEGINNING, 2, NULL);
    hr = IMAPITable_CreateBookmark(view, &bookmark);
    ok(hr == S_OK, "got %#lx.\n", hr);
    table_seek(view, BOOKMARK_BEGINNING, 0, NULL);
    hr = IMAPITable_FindRow(view, &res, bookmark, 0);
    ok(hr == S_OK && next_key(view) == 4, "got %#lx, %ld.\n", hr, next_key(view));
    delete_row(table, 3);
    hr = IMAPITable_FindRow(view, &res, bookmark, DIR_BACKWARD);
    ok(hr == MAPI_W_POSITION_CHANGED, "got %#lx.\n", hr);
    ok(next_key(view) == 2, "got %ld.\n", next_key(view));
    hr = IMAPITable_FindRow(view, &res, bookmark, 0);
    ok(hr == S_OK && next_key(view) == 4, "got %#lx, %ld.\n", hr, next_key(view));
    hr = IMAPITable_FindRow(view, &res, 4242, 0);
    ok(hr == MAPI_E_INVALID_BOOKMARK, "got %#lx.\n", hr);

    hr = IMAPITable_FindRow(view, NULL, BOOKMARK_BEGINNING, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 2);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    bad.rt = RES_SUBRESTRICTION;
    bad.res.resSub.ulSubObject = PR_MESSAGE_ATTACHMENTS;
    bad.res.resSub.lpRes = &res;
    hr = IMAPITable_FindRow(view, &bad, BOOKMARK_BEGINNING, 0);
    ok(hr == MAPI_E_TOO_COMPLEX, "got %#lx.\n", hr);

    IMAPITable_Release(view);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

static void test_bookmarks(void)
{
    static const ULONG value[] = {TAG_VALUE}, asc[] = {TABLE_SORT_ASCEND};
    BOOKMARK bookmark, bookmark2, marks[100];
    ITableData *table;
    IMAPITable *view;
    SRowSet *rows;
    LONG sought;
    HRESULT hr;
    ULONG i;

    table = create_table(TBLTYPE_DYNAMIC);
    fill_table(table);
    view = get_view(table);
    hr = sort_view(view, 1, value, asc);   /* 2 4 3 1 5 */
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = IMAPITable_CreateBookmark(view, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    table_seek(view, BOOKMARK_BEGINNING, 2, NULL);
    hr = IMAPITable_CreateBookmark(view, &bookmark);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(bookmark != BOOKMARK_BEGINNING && bookmark != BOOKMARK_CURRENT && bookmark != BOOKMARK_END,
            "got %lu.\n", bookmark);
    hr = IMAPITable_CreateBookmark(view, &bookmark2);
    ok(hr == S_OK && bookmark2 != bookmark, "got %#lx, %lu.\n", hr, bookmark2);

    /* A bookmark follows its row. */
    put_row(table, 6, "zeta", 5, 0);       /* 6 2 4 3 1 5 */
    sought = 0xdead;
    hr = table_seek(view, bookmark, 0, &sought);
    ok(hr == S_OK && !sought, "got %#lx, %ld.\n", hr, sought);
    ok(table_position(view) == 3 && next_key(view) == 3, "got %lu, %ld.\n", table_position(view), next_key(view));
    put_row(table, 3, "gamma", 35, 0);     /* 6 2 4 1 3 5 */
    hr = table_seek(view, bookmark, 1, &sought);
    ok(hr == S_OK && sought == 1, "got %#lx, %ld.\n", hr, sought);
    ok(next_key(view) == 5, "got %ld.\n", next_key(view));

    /* When its row goes, it stands on the next row and says so once. */
    delete_row(table, 3);                  /* 6 2 4 1 5 */
    hr = table_seek(view, bookmark, 0, NULL);
    ok(hr == MAPI_W_POSITION_CHANGED, "got %#lx.\n", hr);
    ok(next_key(view) == 5, "got %ld.\n", next_key(view));
    hr = table_seek(view, bookmark, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    /* The other one stood on the same row. */
    hr = table_seek(view, bookmark2, -1, &sought);
    ok(hr == MAPI_W_POSITION_CHANGED && sought == -1, "got %#lx, %ld.\n", hr, sought);
    ok(next_key(view) == 1, "got %ld.\n", next_key(view));

    hr = IMAPITable_FreeBookmark(view, bookmark);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_FreeBookmark(view, bookmark);
    ok(hr == MAPI_E_INVALID_BOOKMARK, "got %#lx.\n", hr);
    hr = table_seek(view, bookmark, 0, NULL);
    ok(hr == MAPI_E_INVALID_BOOKMARK, "got %#lx.\n", hr);
    hr = IMAPITable_FreeBookmark(view, BOOKMARK_CURRENT);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_FreeBookmark(view, BOOKMARK_END);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* The cursor follows its row too. */
    table_seek(view, BOOKMARK_BEGINNING, 2, NULL);
    ok(next_key(view) == 4, "got %ld.\n", next_key(view));
    put_row(table, 7, "eta", 1, 0);        /* 7 6 2 4 1 5 */
    ok(table_position(view) == 3 && next_key(view) == 4, "got %lu, %ld.\n", table_position(view), next_key(view));
    put_row(table, 4, "alphabet", 100, 0); /* 7 6 2 1 4 5 */
    ok(table_position(view) == 4 && next_key(view) == 4, "got %lu, %ld.\n", table_position(view), next_key(view));
    delete_row(table, 4);                  /* 7 6 2 1 5 */
    ok(table_position(view) == 4 && next_key(view) == 5, "got %lu, %ld.\n", table_position(view), next_key(view));

    /* At the end it stays at the end, and reads rows added there. */
    hr = IMAPITable_QueryRows(view, 100, 0, &rows);
    ok(hr == S_OK && rows->cRows == 1, "got %#lx.\n", hr);
    free_rows(rows);
    put_row(table, 8, "theta", 0, 0);      /* 8 7 6 2 1 5 */
    ok(table_position(view) == 6, "got %lu.\n", table_position(view));
    put_row(table, 9, "iota", -1, 0);      /* 8 7 6 2 1 5 9 */
    ok(table_position(view) == 6 && next_key(view) == 9, "got %lu, %ld.\n", table_position(view), next_key(view));

    /* Many bookmarks, all different. */
    for (i = 0; i < ARRAY_SIZE(marks); i++)
    {
        table_seek(view, BOOKMARK_BEGINNING, i % 7, NULL);
        hr = IMAPITable_CreateBookmark(view, &marks[i]);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(!i || marks[i] != marks[i - 1], "got the same bookmark twice.\n");
    }
    for (i = 0; i < ARRAY_SIZE(marks); i++)
    {
        hr = table_seek(view, marks[i], 0, NULL);
        ok(hr == S_OK && table_position(view) == i % 7, "%lu: got %#lx, %lu.\n", i, hr, table_position(view));
        hr = IMAPITable_FreeBookmark(view, marks[i]);
        ok(hr == S_OK, "got %#lx.\n", hr);
    }

    IMAPITable_Release(view);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- notifications ------------------------------------------------------- */

static void check_note_(unsigned int line, const struct sink *sink, ULONG i, ULONG event, LONG index, LONG prior)
{
    const struct note *note = &sink->notes[i];

    ok_(__FILE__, line)(i < sink->count, "notification %lu is missing; got %lu.\n", i, sink->count);
    if (i >= sink->count) return;
    ok_(__FILE__, line)(note->event == event, "got event %lu, expected %lu.\n", note->event, event);
    if (index == -1) ok_(__FILE__, line)(note->index_tag == PR_NULL, "got index tag %#lx.\n", note->index_tag);
    else
        ok_(__FILE__, line)(note->index_tag == TAG_KEY && note->index == index, "got index %#lx %ld, expected %ld.\n",
                note->index_tag, note->index, index);
    if (prior == -1) ok_(__FILE__, line)(note->prior_tag == PR_NULL, "got prior tag %#lx.\n", note->prior_tag);
    else
        ok_(__FILE__, line)(note->prior_tag == TAG_KEY && note->prior == prior, "got prior %#lx %ld, expected %ld.\n",
                note->prior_tag, note->prior, prior);
}
#define check_note(a, b, c, d, e) check_note_(__LINE__, a, b, c, d, e)

static void test_notifications(void)
{
    static const ULONG columns[] = {TAG_NAME, TAG_KEY, TAG_MISSING};
    static const ULONG value[] = {TAG_VALUE}, asc[] = {TABLE_SORT_ASCEND};
    struct sink sink, sink2;
    ULONG_PTR connection, connection2;
    SPropValue prop;
    SRestriction res;
    SRowSet *set;
    ITableData *table;
    IMAPITable *view, *view2;
    ULONG count, i;
    HRESULT hr;

    sink_init(&sink);
    sink_init(&sink2);
    table = create_table(TBLTYPE_DYNAMIC);
    fill_table(table);
    view = get_view(table);
    view2 = get_view(table);

    hr = table_advise(view, fnevTableModified, NULL, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = table_advise(view, fnevTableModified, &sink.IMAPIAdviseSink_iface, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = table_advise(view, fnevObjectModified, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    connection = 0;
    hr = table_advise(view, fnevTableModified, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(connection, "got no connection.\n");
    ok(sink.refcount == 2, "got %ld.\n", sink.refcount);
    hr = table_advise(view2, fnevTableModified, &sink2.IMAPIAdviseSink_iface, &connection2);
    ok(hr == S_OK, "got %#lx.\n", hr);

    set_columns(view, ARRAY_SIZE(columns), columns);
    hr = sort_view(view2, 1, value, asc);          /* 2 4 3 1 5 */
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* A new row: its columns, and the row before it in each view. */
    put_row(table, 6, "epsilon", 15, 0);
    ok(sink.calls == 1 && sink.count == 1, "got %lu calls, %lu notifications.\n", sink.calls, sink.count);
    check_note(&sink, 0, TABLE_ROW_ADDED, 6, 5);
    ok(sink.notes[0].values == 3, "got %lu values.\n", sink.notes[0].values);
    ok(sink.notes[0].tags[0] == TAG_NAME && !strcmp(sink.notes[0].name, "epsilon"), "got %#lx, %s.\n",
            sink.notes[0].tags[0], sink.notes[0].name);
    ok(sink.notes[0].tags[1] == TAG_KEY && sink.notes[0].longs[1] == 6, "got %#lx.\n", sink.notes[0].tags[1]);
    ok(sink.notes[0].tags[2] == PROP_TAG(PT_ERROR, PROP_ID(TAG_MISSING)) && sink.notes[0].longs[2] == MAPI_E_NOT_FOUND,
            "got %#lx.\n", sink.notes[0].tags[2]);
    ok(sink2.calls == 1 && sink2.count == 1, "got %lu calls.\n", sink2.calls);
    check_note(&sink2, 0, TABLE_ROW_ADDED, 6, 4);   /* 2 4 6 3 1 5 */
    ok(sink2.notes[0].values == 4, "got %lu values.\n", sink2.notes[0].values);
    sink_reset(&sink);
    sink_reset(&sink2);

    /* A change that moves the row in the sorted view. */
    put_row(table, 1, "alpha", 5, 0);              /* view2: 1 2 4 6 3 5 */
    check_note(&sink, 0, TABLE_ROW_MODIFIED, 1, -1);
    check_note(&sink2, 0, TABLE_ROW_MODIFIED, 1, -1);
    put_row(table, 3, "gamma", 12, 0);             /* view2: 1 2 4 3 6 5 */
    check_note(&sink2, 1, TABLE_ROW_MODIFIED, 3, 4);
    sink_reset(&sink);
    sink_reset(&sink2);

    delete_row(table, 4);
    ok(sink.calls == 1 && sink.count == 1, "got %lu calls.\n", sink.calls);
    check_note(&sink, 0, TABLE_ROW_DELETED, 4, -1);
    ok(!sink.notes[0].values, "got %lu values.\n", sink.notes[0].values);
    check_note(&sink2, 0, TABLE_ROW_DELETED, 4, -1);
    sink_reset(&sink);
    sink_reset(&sink2);

    /* HrNotify reports a change without making one. */
    prop.ulPropTag = TAG_KEY;
    prop.Value.l = 3;
    hr = ITableData_HrNotify(table, 0, 1, &prop);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_note(&sink, 0, TABLE_ROW_MODIFIED, 3, 2);
    check_note(&sink2, 0, TABLE_ROW_MODIFIED, 3, 2);
    ok(!strcmp(sink.notes[0].name, "gamma"), "got %s.\n", sink.notes[0].name);
    prop.Value.l = 42;
    hr = ITableData_HrNotify(table, 0, 1, &prop);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = ITableData_HrNotify(table, 1, 1, &prop);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    sink_reset(&sink);
    sink_reset(&sink2);

    /* Rows a restriction hides are not reported; rows that cross it are. */
    prop.ulPropTag = TAG_VALUE;
    prop.Value.l = 12;
    hr = table_restrict(view2, make_property(&res, &prop, RELOP_GE, TAG_VALUE), 0);   /* 3 6 */
    ok(hr == S_OK, "got %#lx.\n", hr);
    put_row(table, 7, "eta", 1, 0);
    check_note(&sink, 0, TABLE_ROW_ADDED, 7, 6);
    ok(!sink2.calls, "got %lu calls.\n", sink2.calls);
    put_row(table, 7, "eta", 13, 0);
    check_note(&sink2, 0, TABLE_ROW_ADDED, 7, 3);
    put_row(table, 3, "gamma", 2, 0);
    check_note(&sink2, 1, TABLE_ROW_DELETED, 3, -1);
    ok(sink2.count == 2, "got %lu.\n", sink2.count);
    sink_reset(&sink);
    sink_reset(&sink2);

    /* One call for all the rows of HrModifyRows, one TABLE_CHANGED past eight. */
    pMAPIAllocateBuffer(CbNewSRowSet(9), (void **)&set);
    for (i = 0; i < 9; i++)
    {
        pMAPIAllocateMore(sizeof(SPropValue), set, (void **)&set->aRow[i].lpProps);
        set->aRow[i].cValues = 1;
        set->aRow[i].lpProps[0].ulPropTag = TAG_KEY;
        set->aRow[i].lpProps[0].Value.l = 100 + i;
    }
    set->cRows = 3;
    hr = ITableData_HrModifyRows(table, 0, set);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1 && sink.count == 3, "got %lu calls, %lu notifications.\n", sink.calls, sink.count);
    check_note(&sink, 0, TABLE_ROW_ADDED, 100, 7);
    check_note(&sink, 2, TABLE_ROW_ADDED, 102, 101);
    ok(!sink2.calls, "got %lu calls.\n", sink2.calls);
    sink_reset(&sink);
    set->cRows = 9;
    hr = ITableData_HrModifyRows(table, 0, set);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1 && sink.count == 1, "got %lu calls, %lu notifications.\n", sink.calls, sink.count);
    check_note(&sink, 0, TABLE_CHANGED, -1, -1);
    sink_reset(&sink);
    set->cRows = 8;
    hr = ITableData_HrDeleteRows(table, 0, set, &count);
    ok(hr == S_OK && count == 8, "got %#lx, %lu.\n", hr, count);
    ok(sink.calls == 1 && sink.count == 8, "got %lu calls, %lu notifications.\n", sink.calls, sink.count);
    check_note(&sink, 7, TABLE_ROW_DELETED, 107, -1);
    sink_reset(&sink);
    pMAPIFreeBuffer(set);

    /* Deleting everything is a TABLE_RELOAD. */
    hr = ITableData_HrDeleteRows(table, TAD_ALL_ROWS, NULL, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1 && sink.count == 1, "got %lu calls.\n", sink.calls);
    check_note(&sink, 0, TABLE_RELOAD, -1, -1);
    check_note(&sink2, 0, TABLE_RELOAD, -1, -1);
    sink_reset(&sink);
    sink_reset(&sink2);

    /* The column set of the moment. */
    set_columns(view, 1, value);
    put_row(table, 1, NULL, 77, -1);
    check_note(&sink, 0, TABLE_ROW_ADDED, 1, -1);
    ok(sink.notes[0].values == 1 && sink.notes[0].tags[0] == TAG_VALUE && sink.notes[0].longs[0] == 77,
            "got %lu values.\n", sink.notes[0].values);
    sink_reset(&sink);

    sink_reset(&sink2);
    hr = table_unadvise(view, connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.refcount == 1, "got %ld.\n", sink.refcount);
    hr = table_unadvise(view, connection);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    put_row(table, 1, NULL, 78, -1);
    ok(!sink.calls, "got %lu calls.\n", sink.calls);
    ok(sink2.calls == 1, "got %lu calls.\n", sink2.calls);

    /* Releasing the view ends its subscriptions. */
    IMAPITable_Release(view2);
    ok(sink2.refcount == 1, "got %ld.\n", sink2.refcount);
    IMAPITable_Release(view);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- HrQueryAllRows and HrAddColumns ------------------------------------- */

static void test_HrQueryAllRows(void)
{
    static const ULONG all[] = {TAG_KEY, TAG_NAME, TAG_VALUE, TAG_FLAGS};
    SizedSPropTagArray(2, columns) = {2, {TAG_KEY, TAG_VALUE}};
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_VALUE, TABLE_SORT_DESCEND}}};
    SRestriction res;
    SPropValue prop;
    ITableData *table;
    IMAPITable *view;
    SRowSet *rows;
    HRESULT hr;

    hr = pCreateTable(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC, TAG_KEY,
            (SPropTagArray *)&columns, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    fill_table(table);
    view = get_view(table);
    set_columns(view, ARRAY_SIZE(all), all);

    hr = pHrQueryAllRows(NULL, NULL, NULL, NULL, 0, &rows);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pHrQueryAllRows(view, NULL, NULL, NULL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    table_seek(view, BOOKMARK_BEGINNING, 3, NULL);
    hr = pHrQueryAllRows(view, NULL, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(rows->cRows == 5 && rows->aRow[0].cValues == 4, "got %lu rows.\n", rows->cRows);
    pFreeProws(rows);

    prop.ulPropTag = TAG_VALUE;
    prop.Value.l = 10;
    make_property(&res, &prop, RELOP_GE, TAG_VALUE);
    hr = pHrQueryAllRows(view, (SPropTagArray *)&columns, &res, (SSortOrderSet *)&sort, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(rows->cRows == 4, "got %lu rows.\n", rows->cRows);
    ok(rows->aRow[0].cValues == 2 && rows->aRow[0].lpProps[0].Value.l == 1 && rows->aRow[3].lpProps[0].Value.l == 4,
            "wrong rows.\n");
    pFreeProws(rows);

    hr = pHrQueryAllRows(view, NULL, NULL, NULL, 4, &rows);
    ok(hr == S_OK && rows->cRows == 4, "got %#lx.\n", hr);
    pFreeProws(rows);
    rows = (SRowSet *)0xdeadbeef;
    hr = pHrQueryAllRows(view, NULL, NULL, NULL, 3, &rows);
    ok(hr == MAPI_E_TABLE_TOO_BIG, "got %#lx.\n", hr);
    ok(!rows, "got %p.\n", rows);

    prop.Value.l = 1000;
    hr = pHrQueryAllRows(view, NULL, &res, NULL, 0, &rows);
    ok(hr == S_OK && !rows->cRows, "got %#lx.\n", hr);
    pFreeProws(rows);

    IMAPITable_Release(view);
    ITableData_Release(table);
}

static unsigned int filter_calls;

static void filter_columns(SPropTagArray *columns)
{
    ULONG i;

    filter_calls++;
    ok(columns->cValues == 3, "got %lu.\n", columns->cValues);
    for (i = 0; i < columns->cValues; i++)
        if (columns->aulPropTag[i] == TAG_NAME) columns->aulPropTag[i] = TAG_WNAME;
}

static void test_HrAddColumns(void)
{
    static const ULONG start[] = {TAG_NAME, TAG_VALUE};
    SizedSPropTagArray(2, add) = {2, {TAG_FLAGS, TAG_VALUE}};
    SizedSPropTagArray(1, add2) = {1, {TAG_KEY}};
    SPropTagArray *columns;
    ITableData *table;
    IMAPITable *view;
    HRESULT hr;

    table = create_table(TBLTYPE_DYNAMIC);
    view = get_view(table);
    set_columns(view, ARRAY_SIZE(start), start);

    hr = pHrAddColumns(NULL, (SPropTagArray *)&add, pMAPIAllocateBuffer, pMAPIFreeBuffer);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pHrAddColumns(view, NULL, pMAPIAllocateBuffer, pMAPIFreeBuffer);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = pHrAddColumns(view, (SPropTagArray *)&add, count_allocate_buffer, count_free_buffer);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_QueryColumns(view, 0, &columns);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(columns->cValues == 3 && columns->aulPropTag[0] == TAG_FLAGS && columns->aulPropTag[1] == TAG_VALUE
            && columns->aulPropTag[2] == TAG_NAME, "got %lu columns.\n", columns->cValues);
    count_free_buffer(columns);

    filter_calls = 0;
    hr = pHrAddColumnsEx(view, (SPropTagArray *)&add2, count_allocate_buffer, count_free_buffer, filter_columns);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(filter_calls == 1, "got %u calls.\n", filter_calls);
    hr = IMAPITable_QueryColumns(view, 0, &columns);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(columns->cValues == 4 && columns->aulPropTag[0] == TAG_KEY && columns->aulPropTag[1] == TAG_FLAGS
            && columns->aulPropTag[3] == TAG_WNAME, "got %lu columns.\n", columns->cValues);
    count_free_buffer(columns);

    IMAPITable_Release(view);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- threads ------------------------------------------------------------- */

struct thread_args
{
    ITableData *table;
    LONG first;
};

static DWORD WINAPI writer_thread(void *arg)
{
    const struct thread_args *args = arg;
    LONG i;

    for (i = 0; i < 2000; i++)
    {
        put_row(args->table, args->first + i % 300, "thread", i % 97, 0);
        if (i % 3 == 2) delete_row(args->table, args->first + (i * 7) % 300);
    }
    for (i = 0; i < 300; i++) put_row(args->table, args->first + i, "final", i, 0);
    return 0;
}

static void test_threads(void)
{
    static const ULONG value[] = {TAG_VALUE, TAG_KEY}, asc[] = {TABLE_SORT_ASCEND, TABLE_SORT_DESCEND};
    struct thread_args args[2];
    struct sink sink;
    ULONG_PTR connection;
    ITableData *table;
    IMAPITable *view;
    HANDLE threads[2];
    SRowSet *rows;
    ULONG i, count;
    BOOL sorted = TRUE;
    HRESULT hr;

    sink_init(&sink);
    sink.count_only = TRUE;
    table = create_table(TBLTYPE_DYNAMIC);
    view = get_view(table);
    hr = sort_view(view, 2, value, asc);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = table_advise(view, fnevTableModified, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    for (i = 0; i < 2; i++)
    {
        args[i].table = table;
        args[i].first = 1000 * (i + 1);
        threads[i] = CreateThread(NULL, 0, writer_thread, &args[i], 0, NULL);
    }
    while (WaitForMultipleObjects(2, threads, TRUE, 0) == WAIT_TIMEOUT)
    {
        table_seek(view, BOOKMARK_BEGINNING, 0, NULL);
        hr = IMAPITable_QueryRows(view, 50, 0, &rows);
        ok(hr == S_OK, "got %#lx.\n", hr);
        for (i = 1; SUCCEEDED(hr) && i < rows->cRows; i++)
            if (find_prop(&rows->aRow[i - 1], TAG_VALUE)->Value.l > find_prop(&rows->aRow[i], TAG_VALUE)->Value.l)
                sorted = FALSE;
        if (SUCCEEDED(hr)) free_rows(rows);
    }
    CloseHandle(threads[0]);
    CloseHandle(threads[1]);
    ok(sorted, "rows were read out of order.\n");

    count = table_count(view);
    ok(count == 600, "got %lu rows.\n", count);
    table_seek(view, BOOKMARK_END, 0, NULL);
    hr = IMAPITable_QueryRows(view, -1, 0, &rows);
    ok(hr == S_OK && rows->cRows == 1, "got %#lx.\n", hr);
    if (hr == S_OK && rows->cRows)
        ok(find_prop(&rows->aRow[0], TAG_VALUE)->Value.l == 299 && find_prop(&rows->aRow[0], TAG_KEY)->Value.l == 1299,
                "wrong last row.\n");
    free_rows(rows);
    ok(sink.calls > 0, "no notifications.\n");

    IMAPITable_Release(view);
    ok(sink.refcount == 1, "got %ld.\n", sink.refcount);
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

/* --- a model of views under random changes -------------------------------- */

#define MODEL_VIEWS 4
#define MODEL_MAX_ROWS 160
#define MODEL_END (-1)

/* A row of the model: absent values are -1 (b) or "" (s). */
struct model_row
{
    LONG key, a, b;
    char s[8];
};

/* What a view should get: one event of one call. */
struct model_note
{
    ULONG event;
    LONG index, prior;          /* -1 for PR_NULL */
    struct model_row row;
};

/* A cursor or bookmark: the key of its row, or MODEL_END. */
struct model_mark
{
    LONG key;
    BOOL moved;
};

struct model_view
{
    IMAPITable *view;
    struct sink sink;
    ULONG_PTR connection;
    LONG keys[MODEL_MAX_ROWS];  /* the rows the view shows, in order */
    ULONG count;
    struct model_mark cursor;
    struct model_mark mark;     /* one bookmark */
    BOOKMARK bookmark;
    BOOL has_bookmark;
    struct model_note notes[16];
    ULONG note_count;
    BOOL changed, reload;
};

static struct model_row model_rows[MODEL_MAX_ROWS * 2];
static ULONG model_count;
static struct model_view model_views[MODEL_VIEWS];
static ULONG model_seed;

static ULONG model_random(ULONG range)
{
    model_seed = model_seed * 1103515245 + 12345;
    return ((model_seed >> 8) & 0xffffff) % range;
}

static struct model_row *model_find(LONG key)
{
    ULONG i;

    for (i = 0; i < model_count; i++)
        if (model_rows[i].key == key) return &model_rows[i];
    return NULL;
}

static ULONG model_index(LONG key)
{
    ULONG i;

    for (i = 0; i < model_count; i++)
        if (model_rows[i].key == key) break;
    return i;
}

/* The restrictions of the views, evaluated on a model row. */
static BOOL model_matches(unsigned int v, const struct model_row *row)
{
    switch (v)
    {
    case 0: return TRUE;
    case 1: return row->a >= 5;
    case 2: return (row->b != -1 && row->b < 3) || row->s[0] == 'b';
    case 3: return !(row->a & 1);
    }
    return FALSE;
}

static int compare_long(LONG left, LONG right)
{
    return left < right ? -1 : left > right;
}

/* The sort orders of the views; absent values last; then table order. */
static int model_compare(unsigned int v, const struct model_row *left, const struct model_row *right)
{
    int cmp = 0;

    switch (v)
    {
    case 1:
        if ((cmp = compare_long(left->a, right->a))) return cmp;
        if (!*left->s || !*right->s) cmp = compare_long(!*left->s, !*right->s);
        else cmp = -strcmp(left->s, right->s);
        break;
    case 2:
        if (left->b == -1 || right->b == -1) cmp = compare_long(left->b == -1, right->b == -1);
        else cmp = -compare_long(left->b, right->b);
        break;
    case 3:
        if (!*left->s || !*right->s) cmp = compare_long(!*left->s, !*right->s);
        else cmp = strcmp(left->s, right->s);
        break;
    }
    return cmp;
}

static unsigned int model_sort_view;

static int __cdecl model_compare_indices(const void *left, const void *right)
{
    const ULONG *l = left, *r = right;
    int cmp = model_compare(model_sort_view, &model_rows[*l], &model_rows[*r]);

    return cmp ? cmp : compare_long(*l, *r);
}

static void model_compute(unsigned int v, LONG *keys, ULONG *count)
{
    ULONG indices[MODEL_MAX_ROWS], i;

    *count = 0;
    for (i = 0; i < model_count; i++)
        if (model_matches(v, &model_rows[i])) indices[(*count)++] = i;
    model_sort_view = v;
    qsort(indices, *count, sizeof(*indices), model_compare_indices);
    for (i = 0; i < *count; i++) keys[i] = model_rows[indices[i]].key;
}

static LONG model_position(const struct model_view *mv, const struct model_mark *mark)
{
    ULONG i;

    if (mark->key == MODEL_END) return mv->count;
    for (i = 0; i < mv->count; i++)
        if (mv->keys[i] == mark->key) return i;
    return -1;
}

static void model_mark_at(const struct model_view *mv, struct model_mark *mark, ULONG pos)
{
    mark->key = pos < mv->count ? mv->keys[pos] : MODEL_END;
}

static void model_queue(struct model_view *mv, ULONG event, LONG key, const LONG *keys, ULONG count)
{
    struct model_note *note;
    ULONG i;

    if (mv->changed || mv->reload) return;
    if (mv->note_count == 8)
    {
        mv->changed = TRUE;
        return;
    }
    note = &mv->notes[mv->note_count++];
    note->event = event;
    note->index = key;
    note->prior = -1;
    if (event == TABLE_ROW_DELETED) return;
    for (i = 0; i < count; i++)
        if (keys[i] == key) break;
    note->prior = i ? keys[i - 1] : -1;
    note->row = *model_find(key);
}

/* Moves a mark whose row left the view to the row after it; a mark at the
 * end takes a row new to the table that lands last. */
static void model_move_mark(struct model_mark *mark, LONG key, const LONG *old_keys, ULONG old_count,
        const LONG *new_keys, ULONG new_count, BOOL visible, BOOL is_new)
{
    ULONG i;

    if (mark->key == key && !visible)
    {
        for (i = 0; i < old_count; i++)
            if (old_keys[i] == key) break;
        mark->key = i + 1 < old_count ? old_keys[i + 1] : MODEL_END;
        mark->moved = TRUE;
    }
    else if (mark->key == MODEL_END && is_new && visible && new_keys[new_count - 1] == key)
        mark->key = key;
}

/* Updates the views after row key changed (NULL: deleted) and queues what
 * they are told. */
static void model_row_changed(LONG key, BOOL is_new, BOOL notify_only)
{
    LONG old_keys[MODEL_MAX_ROWS];
    ULONG old_count, v, i;
    BOOL was, now;
    struct model_view *mv;

    for (v = 0; v < MODEL_VIEWS; v++)
    {
        mv = &model_views[v];
        memcpy(old_keys, mv->keys, mv->count * sizeof(*old_keys));
        old_count = mv->count;
        model_compute(v, mv->keys, &mv->count);
        for (i = 0, was = FALSE; i < old_count; i++) if (old_keys[i] == key) was = TRUE;
        for (i = 0, now = FALSE; i < mv->count; i++) if (mv->keys[i] == key) now = TRUE;

        if (notify_only)
        {
            if (now) model_queue(mv, TABLE_ROW_MODIFIED, key, mv->keys, mv->count);
            continue;
        }
        if (was && now) model_queue(mv, TABLE_ROW_MODIFIED, key, mv->keys, mv->count);
        else if (now) model_queue(mv, TABLE_ROW_ADDED, key, mv->keys, mv->count);
        else if (was) model_queue(mv, TABLE_ROW_DELETED, key, mv->keys, mv->count);

        model_move_mark(&mv->cursor, key, old_keys, old_count, mv->keys, mv->count, now, is_new);
        if (mv->has_bookmark)
            model_move_mark(&mv->mark, key, old_keys, old_count, mv->keys, mv->count, now, is_new);
    }
}

static void model_random_row(struct model_row *row, LONG key)
{
    static const char *strings[] = {"", "apple", "banana", "berry", "cherry", "date", "fig", "bean", "kiwi"};

    row->key = key;
    row->a = model_random(10);
    row->b = model_random(4) ? (LONG)model_random(6) : -1;
    strcpy(row->s, strings[model_random(ARRAY_SIZE(strings))]);
}

static ULONG model_props(const struct model_row *row, SPropValue *props)
{
    ULONG count = 0;

    props[count].ulPropTag = TAG_KEY;
    props[count++].Value.l = row->key;
    props[count].ulPropTag = TAG_VALUE;
    props[count++].Value.l = row->a;
    if (row->b != -1)
    {
        props[count].ulPropTag = TAG_FLAGS;
        props[count++].Value.l = row->b;
    }
    if (*row->s)
    {
        props[count].ulPropTag = TAG_NAME;
        props[count++].Value.lpszA = (char *)row->s;
    }
    return count;
}

/* Applies a row to the model as HrModifyRow or HrInsertRow would. */
static void model_put(const struct model_row *row, ULONG insert_at)
{
    struct model_row *old = model_find(row->key);

    if (old)
    {
        *old = *row;
        model_row_changed(row->key, FALSE, FALSE);
        return;
    }
    insert_at = min(insert_at, model_count);
    memmove(&model_rows[insert_at + 1], &model_rows[insert_at], (model_count - insert_at) * sizeof(*model_rows));
    model_rows[insert_at] = *row;
    model_count++;
    model_row_changed(row->key, TRUE, FALSE);
}

static void model_delete(LONG key)
{
    ULONG i = model_index(key);

    if (i == model_count) return;
    memmove(&model_rows[i], &model_rows[i + 1], (model_count - i - 1) * sizeof(*model_rows));
    model_count--;
    model_row_changed(key, FALSE, FALSE);
}

static BOOL model_value_matches(const SPropValue *prop, ULONG tag, LONG expect)
{
    if (expect == -1) return prop->ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(tag)) && prop->Value.err == MAPI_E_NOT_FOUND;
    return prop->ulPropTag == tag && prop->Value.l == expect;
}

static BOOL model_string_matches(const SPropValue *prop, const char *expect)
{
    if (!*expect) return prop->ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(TAG_NAME));
    return prop->ulPropTag == TAG_NAME && !strcmp(prop->Value.lpszA, expect);
}

/* Every view shows the columns key, a, b, s, PR_NULL. */
static BOOL model_row_matches(const SRow *row, const struct model_row *expect)
{
    return row->cValues == 5 && model_value_matches(&row->lpProps[0], TAG_KEY, expect->key)
            && model_value_matches(&row->lpProps[1], TAG_VALUE, expect->a)
            && model_value_matches(&row->lpProps[2], TAG_FLAGS, expect->b)
            && model_string_matches(&row->lpProps[3], expect->s) && row->lpProps[4].ulPropTag == PR_NULL;
}

static BOOL model_note_matches(const struct note *got, const struct model_note *expect)
{
    if (got->event != expect->event) return FALSE;
    if (got->index_tag != TAG_KEY || got->index != expect->index) return FALSE;
    if (expect->prior == -1 ? got->prior_tag != PR_NULL : got->prior_tag != TAG_KEY || got->prior != expect->prior)
        return FALSE;
    if (expect->event == TABLE_ROW_DELETED) return !got->values;
    if (got->values != 5 || got->longs[0] != expect->row.key || got->longs[1] != expect->row.a) return FALSE;
    if (expect->row.b == -1 ? got->tags[2] != PROP_TAG(PT_ERROR, PROP_ID(TAG_FLAGS)) : got->longs[2] != expect->row.b)
        return FALSE;
    if (!*expect->row.s) return got->tags[3] == PROP_TAG(PT_ERROR, PROP_ID(TAG_NAME));
    return got->tags[3] == TAG_NAME && !strcmp(got->name, expect->row.s) && got->tags[4] == PR_NULL;
}

/* Compares one view with the model: rows, count, position, notifications. */
static BOOL model_check_view(ULONG step, unsigned int v)
{
    struct model_view *mv = &model_views[v];
    SRowSet *rows = NULL;
    ULONG pos, i, expect_count;
    LONG expect_pos;
    BOOL good = TRUE;
    HRESULT hr;

    winetest_push_context("step %lu view %u", step, v);
    if (winetest_debug > 2)
        trace("cursor %ld (%ld) mark %ld moved %d\n", mv->cursor.key, model_position(mv, &mv->cursor),
                mv->has_bookmark ? mv->mark.key : -2, mv->mark.moved);

    ok(table_count(mv->view) == mv->count, "got %lu rows, expected %lu.\n", table_count(mv->view), mv->count);
    expect_pos = model_position(mv, &mv->cursor);
    pos = table_position(mv->view);
    ok(pos == expect_pos, "got position %lu, expected %ld.\n", pos, expect_pos);

    table_seek(mv->view, BOOKMARK_BEGINNING, 0, NULL);
    hr = IMAPITable_QueryRows(mv->view, MODEL_MAX_ROWS * 2, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        if (rows->cRows != mv->count) good = FALSE;
        for (i = 0; i < rows->cRows && i < mv->count && good; i++)
            if (!model_row_matches(&rows->aRow[i], model_find(mv->keys[i]))) good = FALSE;
        ok(good, "got %lu rows, expected %lu; row %lu differs.\n", rows->cRows, mv->count, i ? i - 1 : 0);
        if (pos != expect_pos) good = FALSE;
        if (!good)
        {
            for (i = 0; i < rows->cRows; i++)
                trace("got %lu: %ld %ld %#lx:%ld %#lx\n", i, rows->aRow[i].lpProps[0].Value.l,
                        rows->aRow[i].lpProps[1].Value.l, rows->aRow[i].lpProps[2].ulPropTag,
                        rows->aRow[i].lpProps[2].Value.l, rows->aRow[i].lpProps[3].ulPropTag);
            for (i = 0; i < mv->count; i++)
                trace("expected %lu: %ld %ld %ld %s\n", i, mv->keys[i], model_find(mv->keys[i])->a,
                        model_find(mv->keys[i])->b, model_find(mv->keys[i])->s);
        }
        free_rows(rows);
    }
    table_seek(mv->view, BOOKMARK_BEGINNING, pos, NULL);

    /* Notifications. */
    expect_count = mv->changed || mv->reload ? 1 : mv->note_count;
    if (mv->sink.count != expect_count || (expect_count && mv->sink.calls != 1)) good = FALSE;
    ok(mv->sink.count == expect_count, "got %lu notifications, expected %lu.\n", mv->sink.count, expect_count);
    ok(!expect_count || mv->sink.calls == 1, "got %lu calls.\n", mv->sink.calls);
    if (mv->changed || mv->reload)
    {
        if (mv->sink.count && mv->sink.notes[0].event != (mv->reload ? TABLE_RELOAD : TABLE_CHANGED)) good = FALSE;
        ok(!mv->sink.count || mv->sink.notes[0].event == (mv->reload ? TABLE_RELOAD : TABLE_CHANGED),
                "got event %lu.\n", mv->sink.notes[0].event);
    }
    else
    {
        for (i = 0; i < mv->note_count && i < mv->sink.count; i++)
        {
            if (model_note_matches(&mv->sink.notes[i], &mv->notes[i])) continue;
            good = FALSE;
            ok(0, "notification %lu: got event %lu index %ld prior %#lx %ld, expected event %lu index %ld prior %ld.\n",
                    i, mv->sink.notes[i].event, mv->sink.notes[i].index, mv->sink.notes[i].prior_tag,
                    mv->sink.notes[i].prior, mv->notes[i].event, mv->notes[i].index, mv->notes[i].prior);
        }
    }
    sink_reset(&mv->sink);
    mv->note_count = 0;
    mv->changed = mv->reload = FALSE;

    winetest_pop_context();
    return good;
}

static void model_view_init(unsigned int v, ITableData *table)
{
    static const ULONG columns[] = {TAG_KEY, TAG_VALUE, TAG_FLAGS, TAG_NAME, PR_NULL};
    static const ULONG sort1[] = {TAG_VALUE, TAG_NAME}, order1[] = {TABLE_SORT_ASCEND, TABLE_SORT_DESCEND};
    static const ULONG sort2[] = {TAG_FLAGS}, order2[] = {TABLE_SORT_DESCEND};
    static const ULONG sort3[] = {TAG_NAME}, order3[] = {TABLE_SORT_ASCEND};
    struct model_view *mv = &model_views[v];
    SRestriction res, sub[2], and[2];
    SPropValue prop[3];
    HRESULT hr;

    memset(mv, 0, sizeof(*mv));
    mv->view = get_view(table);
    sink_init(&mv->sink);
    set_columns(mv->view, ARRAY_SIZE(columns), columns);
    hr = table_advise(mv->view, fnevTableModified, &mv->sink.IMAPIAdviseSink_iface, &mv->connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    switch (v)
    {
    case 1:
        prop[0].ulPropTag = TAG_VALUE;
        prop[0].Value.l = 5;
        hr = table_restrict(mv->view, make_property(&res, &prop[0], RELOP_GE, TAG_VALUE), 0);
        ok(hr == S_OK, "got %#lx.\n", hr);
        hr = sort_view(mv->view, 2, sort1, order1);
        ok(hr == S_OK, "got %#lx.\n", hr);
        break;
    case 2:
        and[0].rt = RES_EXIST;
        and[0].res.resExist.ulReserved1 = and[0].res.resExist.ulReserved2 = 0;
        and[0].res.resExist.ulPropTag = TAG_FLAGS;
        prop[1].ulPropTag = TAG_FLAGS;
        prop[1].Value.l = 3;
        make_property(&and[1], &prop[1], RELOP_LT, TAG_FLAGS);
        sub[0].rt = RES_AND;
        sub[0].res.resAnd.cRes = 2;
        sub[0].res.resAnd.lpRes = and;
        prop[2].ulPropTag = TAG_NAME;
        prop[2].Value.lpszA = (char *)"b";
        make_content(&sub[1], &prop[2], FL_PREFIX, TAG_NAME);
        res.rt = RES_OR;
        res.res.resOr.cRes = 2;
        res.res.resOr.lpRes = sub;
        hr = table_restrict(mv->view, &res, 0);
        ok(hr == S_OK, "got %#lx.\n", hr);
        hr = sort_view(mv->view, 1, sort2, order2);
        ok(hr == S_OK, "got %#lx.\n", hr);
        break;
    case 3:
        sub[0].rt = RES_BITMASK;
        sub[0].res.resBitMask.relBMR = BMR_NEZ;
        sub[0].res.resBitMask.ulPropTag = TAG_VALUE;
        sub[0].res.resBitMask.ulMask = 1;
        res.rt = RES_NOT;
        res.res.resNot.ulReserved = 0;
        res.res.resNot.lpRes = &sub[0];
        hr = table_restrict(mv->view, &res, 0);
        ok(hr == S_OK, "got %#lx.\n", hr);
        hr = sort_view(mv->view, 1, sort3, order3);
        ok(hr == S_OK, "got %#lx.\n", hr);
        break;
    }
    mv->cursor.key = MODEL_END;
}

/* One random step on the table and, the same, on the model. */
static void model_step(ITableData *table, LONG *next_key)
{
    struct model_row row;
    SPropValue props[4 * 12];
    SRow srow = {0, 0, props};
    SRowSet *set;
    struct model_view *mv;
    ULONG op = model_random(100), count, i, pos, v;
    LONG sought, key;
    HRESULT hr;

    if (op < 22 && model_count < MODEL_MAX_ROWS)
    {
        /* a new row at the end */
        model_random_row(&row, (*next_key)++);
        srow.cValues = model_props(&row, props);
        if (winetest_debug > 1) trace("add %ld\n", row.key);
        hr = ITableData_HrModifyRow(table, &srow);
        ok(hr == S_OK, "HrModifyRow got %#lx.\n", hr);
        model_put(&row, MODEL_MAX_ROWS * 2);
    }
    else if (op < 30 && model_count < MODEL_MAX_ROWS)
    {
        /* a new row anywhere */
        model_random_row(&row, (*next_key)++);
        srow.cValues = model_props(&row, props);
        pos = model_random(model_count + 1);
        if (winetest_debug > 1) trace("insert %ld at %lu\n", row.key, pos);
        hr = ITableData_HrInsertRow(table, pos, &srow);
        ok(hr == S_OK, "HrInsertRow got %#lx.\n", hr);
        model_put(&row, pos);
    }
    else if (op < 55 && model_count)
    {
        /* a changed row */
        model_random_row(&row, model_rows[model_random(model_count)].key);
        srow.cValues = model_props(&row, props);
        if (winetest_debug > 1) trace("modify %ld: %ld %ld %s\n", row.key, row.a, row.b, row.s);
        hr = ITableData_HrModifyRow(table, &srow);
        ok(hr == S_OK, "HrModifyRow got %#lx.\n", hr);
        model_put(&row, 0);
    }
    else if (op < 72 && model_count)
    {
        key = model_rows[model_random(model_count)].key;
        if (winetest_debug > 1) trace("delete %ld\n", key);
        hr = delete_row(table, key);
        ok(hr == S_OK, "HrDeleteRow got %#lx.\n", hr);
        model_delete(key);
    }
    else if (op < 78)
    {
        /* several rows in one call, new or not */
        count = 1 + model_random(11);
        pMAPIAllocateBuffer(CbNewSRowSet(count), (void **)&set);
        set->cRows = count;
        for (i = 0; i < count; i++)
        {
            if (model_count && model_random(2)) key = model_rows[model_random(model_count)].key;
            else key = (*next_key)++;
            model_random_row(&row, key);
            if (model_count >= MODEL_MAX_ROWS && !model_find(key)) row.key = key = model_rows[0].key;
            pMAPIAllocateMore(4 * sizeof(SPropValue) + sizeof(row.s), set, (void **)&set->aRow[i].lpProps);
            set->aRow[i].cValues = model_props(&row, set->aRow[i].lpProps);
            if (*row.s)
            {
                char *copy = (char *)(set->aRow[i].lpProps + 4);

                strcpy(copy, row.s);
                set->aRow[i].lpProps[set->aRow[i].cValues - 1].Value.lpszA = copy;
            }
            model_put(&row, MODEL_MAX_ROWS * 2);
        }
        if (winetest_debug > 1) trace("modify %lu rows\n", count);
        hr = ITableData_HrModifyRows(table, 0, set);
        ok(hr == S_OK, "HrModifyRows got %#lx.\n", hr);
        pMAPIFreeBuffer(set);
    }
    else if (op < 82)
    {
        /* several rows deleted in one call, some unknown */
        count = 1 + model_random(10);
        pMAPIAllocateBuffer(CbNewSRowSet(count), (void **)&set);
        set->cRows = count;
        for (i = 0; i < count; i++)
        {
            key = model_count && model_random(4) ? model_rows[model_random(model_count)].key : -100 - (LONG)i;
            pMAPIAllocateMore(sizeof(SPropValue), set, (void **)&set->aRow[i].lpProps);
            set->aRow[i].cValues = 1;
            set->aRow[i].lpProps[0].ulPropTag = TAG_KEY;
            set->aRow[i].lpProps[0].Value.l = key;
            model_delete(key);
        }
        if (winetest_debug > 1) trace("delete %lu rows\n", count);
        hr = ITableData_HrDeleteRows(table, 0, set, &count);
        ok(hr == S_OK, "HrDeleteRows got %#lx.\n", hr);
        pMAPIFreeBuffer(set);
    }
    else if (op < 85 && model_count)
    {
        key = model_rows[model_random(model_count)].key;
        props[0].ulPropTag = TAG_KEY;
        props[0].Value.l = key;
        hr = ITableData_HrNotify(table, 0, 1, props);
        ok(hr == S_OK, "HrNotify got %#lx.\n", hr);
        model_row_changed(key, FALSE, TRUE);
    }
    else if (op < 93)
    {
        /* move a cursor, maybe by reading */
        mv = &model_views[model_random(MODEL_VIEWS)];
        if (model_random(2))
        {
            pos = model_random(mv->count + 1);
            if (winetest_debug > 1) trace("view %Iu: seek to %lu\n", mv - model_views, pos);
            hr = table_seek(mv->view, BOOKMARK_BEGINNING, pos, &sought);
            ok(hr == S_OK && sought == pos, "SeekRow got %#lx, %ld.\n", hr, sought);
        }
        else
        {
            SRowSet *rows;
            LONG start = model_position(mv, &mv->cursor);

            count = 1 + model_random(3);
            if (winetest_debug > 1) trace("view %Iu: read %lu rows\n", mv - model_views, count);
            hr = IMAPITable_QueryRows(mv->view, count, 0, &rows);
            ok(hr == S_OK, "QueryRows got %#lx.\n", hr);
            pos = min(start + count, mv->count);
            ok(rows->cRows == pos - start, "got %lu rows, expected %lu.\n", rows->cRows, pos - start);
            for (i = 0; i < rows->cRows && i < pos - start; i++)
                ok(model_row_matches(&rows->aRow[i], model_find(mv->keys[start + i])), "row %lu differs.\n", i);
            free_rows(rows);
        }
        model_mark_at(mv, &mv->cursor, pos);
    }
    else if (op < 98)
    {
        /* a bookmark: made, or used */
        v = model_random(MODEL_VIEWS);
        mv = &model_views[v];
        if (winetest_debug > 1) trace("view %lu: bookmark %s\n", v, mv->has_bookmark ? "used" : "made");
        if (!mv->has_bookmark)
        {
            hr = IMAPITable_CreateBookmark(mv->view, &mv->bookmark);
            ok(hr == S_OK, "CreateBookmark got %#lx.\n", hr);
            mv->mark = mv->cursor;
            mv->mark.moved = FALSE;
            mv->has_bookmark = TRUE;
        }
        else
        {
            hr = table_seek(mv->view, mv->bookmark, 0, NULL);
            ok(hr == (mv->mark.moved ? MAPI_W_POSITION_CHANGED : S_OK), "view %lu: SeekRow got %#lx.\n", v, hr);
            mv->mark.moved = FALSE;
            mv->cursor = mv->mark;
            if (model_random(3)) return;
            hr = IMAPITable_FreeBookmark(mv->view, mv->bookmark);
            ok(hr == S_OK, "FreeBookmark got %#lx.\n", hr);
            mv->has_bookmark = FALSE;
        }
    }
    else if (model_random(8) == 0)
    {
        /* everything goes */
        hr = ITableData_HrDeleteRows(table, TAD_ALL_ROWS, NULL, &count);
        ok(hr == S_OK && count == model_count, "got %#lx, %lu.\n", hr, count);
        model_count = 0;
        for (v = 0; v < MODEL_VIEWS; v++)
        {
            model_views[v].count = 0;
            model_views[v].cursor.key = MODEL_END;
            model_views[v].has_bookmark = FALSE;
            model_views[v].note_count = 0;
            model_views[v].changed = FALSE;
            model_views[v].reload = TRUE;
        }
    }
}

static void test_model(void)
{
    ITableData *table;
    LONG next_key = 1;
    ULONG step, v;
    BOOL good = TRUE;

    model_seed = 20260101;
    model_count = 0;
    table = create_table(TBLTYPE_DYNAMIC);
    for (v = 0; v < MODEL_VIEWS; v++) model_view_init(v, table);

    for (step = 0; step < 4000 && good; step++)
    {
        model_step(table, &next_key);
        for (v = 0; v < MODEL_VIEWS && good; v++) good = model_check_view(step, v);
    }
    ok(good, "the views left the model at step %lu.\n", step - 1);
    ok(step == 4000, "stopped at step %lu.\n", step);

    for (v = 0; v < MODEL_VIEWS; v++)
    {
        table_unadvise(model_views[v].view, model_views[v].connection);
        IMAPITable_Release(model_views[v].view);
    }
    ITableData_Release(table);
    ok(!live_buffers, "%ld buffers are live.\n", live_buffers);
}

START_TEST(table)
{
    if (!init_function_pointers()) return;

    test_CreateTable();
    test_rows();
    test_view_basics();
    test_sort();
    test_restrict();
    test_multivalued();
    test_FindRow();
    test_bookmarks();
    test_notifications();
    test_HrQueryAllRows();
    test_HrAddColumns();
    test_threads();
    test_model();
}
