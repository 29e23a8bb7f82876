/*
 * tablebench: sorts, restricts and pages through a 100,000-row table made
 * by the CreateTable of whichever mapi32.dll loads
 *
 * Lines printed:
 *
 *     dll <path of the mapi32.dll that loaded>
 *     bench <name> <rows per second> rows/s <seconds> s <result>
 *     memory <name> <KiB>
 *     unsupported <why>
 *     peak_working_set_kib <n>
 *
 * Every timed operation's result is checked (row counts, order of the rows
 * read back); a wrong result is an error line and exit code 1, never a
 * figure.  CreateTable is first called in a child process ("tablebench.exe
 * probe"), because a DLL that only has a stub for it (Wine's builtin
 * mapi32) raises an exception instead of returning an error.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "psapi.h"
#include "mapix.h"
#include "mapiutil.h"

#define ROWS 100000
#define BATCH 1000
#define PAGE 100
#define CHANGES 2000

#define TAG_KEY     PROP_TAG(PT_LONG, 0x6001)
#define TAG_NAME    PROP_TAG(PT_STRING8, 0x6002)
#define TAG_VALUE   PROP_TAG(PT_LONG, 0x6003)
#define TAG_TIME    PROP_TAG(PT_SYSTIME, 0x6004)
#define TAG_FLAGS   PROP_TAG(PT_LONG, 0x6005)

static SCODE (WINAPI *pCreateTable)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, ULONG,
        ULONG, SPropTagArray *, ITableData **);
static ALLOCATEBUFFER *pMAPIAllocateBuffer;
static ALLOCATEMORE *pMAPIAllocateMore;
static FREEBUFFER *pMAPIFreeBuffer;
static void (WINAPI *pFreeProws)(SRowSet *);

static LARGE_INTEGER frequency;
static ULONG seed = 12345;
static int failures;

static ULONG random_number(void)
{
    seed = seed * 1103515245 + 12345;
    return (seed >> 8) & 0xffffff;
}

static double now(void)
{
    LARGE_INTEGER counter;

    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart / frequency.QuadPart;
}

static void report(const char *name, ULONG rows, double seconds, const char *result)
{
    printf("bench %s %.0f rows/s %.3f s %s\n", name, seconds > 0 ? rows / seconds : 0.0, seconds, result);
}

static void error(const char *name, const char *what, HRESULT hr)
{
    printf("error %s: %s (%#lx)\n", name, what, hr);
    failures++;
}

static SIZE_T working_set(void)
{
    PROCESS_MEMORY_COUNTERS counters;

    if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters))) return 0;
    return counters.WorkingSetSize;
}

/* Rows like a folder's contents: a key, a name, a number, a time, flags. */
static void make_row(ULONG key, SPropValue *props, char *name)
{
    static const char *words[] = {"report", "meeting", "invoice", "lunch", "draft", "status", "review", "plan"};

    sprintf(name, "%s %s %06lu", words[random_number() % 8], words[random_number() % 8], random_number() % 1000000);
    props[0].ulPropTag = TAG_KEY;
    props[0].Value.l = key;
    props[1].ulPropTag = TAG_NAME;
    props[1].Value.lpszA = name;
    props[2].ulPropTag = TAG_VALUE;
    props[2].Value.l = random_number() % 100000;
    props[3].ulPropTag = TAG_TIME;
    props[3].Value.ft.dwLowDateTime = random_number();
    props[3].Value.ft.dwHighDateTime = 0x01d00000 + random_number() % 0x1000;
    props[4].ulPropTag = TAG_FLAGS;
    props[4].Value.l = random_number() & 0xff;
}

static BOOL fill(ITableData *table)
{
    static char names[BATCH][32];
    static SPropValue props[BATCH][5];
    SRowSet *set;
    ULONG i, j;
    double start;
    HRESULT hr;

    if (FAILED(pMAPIAllocateBuffer(CbNewSRowSet(BATCH), (void **)&set))) return FALSE;
    start = now();
    for (i = 0; i < ROWS; i += BATCH)
    {
        set->cRows = BATCH;
        for (j = 0; j < BATCH; j++)
        {
            make_row(i + j + 1, props[j], names[j]);
            set->aRow[j].ulAdrEntryPad = 0;
            set->aRow[j].cValues = 5;
            set->aRow[j].lpProps = props[j];
        }
        if (FAILED(hr = ITableData_HrModifyRows(table, 0, set)))
        {
            error("insert", "HrModifyRows failed", hr);
            pMAPIFreeBuffer(set);
            return FALSE;
        }
    }
    report("insert", ROWS, now() - start, "HrModifyRows, 1000 rows a call");
    pMAPIFreeBuffer(set);
    return TRUE;
}

/* The order LPropCompareProp gives values of one type, for the types used here. */
static int compare_values(const SPropValue *left, const SPropValue *right)
{
    switch (PROP_TYPE(left->ulPropTag))
    {
    case PT_LONG: return left->Value.l < right->Value.l ? -1 : left->Value.l > right->Value.l;
    case PT_SYSTIME: return CompareFileTime(&left->Value.ft, &right->Value.ft);
    case PT_STRING8: return lstrcmpA(left->Value.lpszA, right->Value.lpszA);
    }
    return 0;
}

static SPropValue *find_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

/* Reads the whole view in pages of 100 rows and checks that they come in
 * the order of column tag. */
static ULONG read_all(IMAPITable *view, ULONG tag, BOOL descending, BOOL *ordered)
{
    SPropValue *previous = NULL, *value;
    SRowSet *rows, *last = NULL;
    ULONG count = 0, i;
    LONG cmp;
    HRESULT hr;

    *ordered = TRUE;
    view->lpVtbl->SeekRow(view, BOOKMARK_BEGINNING, 0, NULL);
    for (;;)
    {
        if (FAILED(hr = IMAPITable_QueryRows(view, PAGE, 0, &rows)))
        {
            error("page", "QueryRows failed", hr);
            break;
        }
        if (!rows->cRows)
        {
            pFreeProws(rows);
            break;
        }
        for (i = 0; i < rows->cRows && tag; i++)
        {
            value = find_prop(&rows->aRow[i], tag);
            if (!value) *ordered = FALSE;
            else if (previous)
            {
                cmp = compare_values(previous, value);
                if (descending ? cmp < 0 : cmp > 0) *ordered = FALSE;
            }
            previous = value;
        }
        count += rows->cRows;
        /* The previous page holds the value compared with next. */
        if (last) pFreeProws(last);
        last = rows;
    }
    if (last) pFreeProws(last);
    return count;
}

static void bench_sort(IMAPITable *view, const char *name, ULONG tag, ULONG order)
{
    struct
    {
        ULONG cSorts, cCategories, cExpanded;
        SSortOrder aSort[1];
    } sort = {1, 0, 0, {{0, 0}}};
    ULONG count;
    BOOL ordered;
    double start;
    HRESULT hr;

    sort.aSort[0].ulPropTag = tag;
    sort.aSort[0].ulOrder = order;
    start = now();
    hr = IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0);
    if (FAILED(hr))
    {
        error(name, "SortTable failed", hr);
        return;
    }
    report(name, ROWS, now() - start, "SortTable");

    count = read_all(view, tag, order == TABLE_SORT_DESCEND, &ordered);
    if (count != ROWS || !ordered) error(name, "the sorted rows are wrong", count);
}

static void bench_restrict(IMAPITable *view, const char *name, SRestriction *res, ULONG expect)
{
    ULONG count = 0;
    double start;
    HRESULT hr;
    char result[64];

    start = now();
    hr = view->lpVtbl->Restrict(view, res, 0);
    if (SUCCEEDED(hr)) hr = IMAPITable_GetRowCount(view, 0, &count);
    if (FAILED(hr))
    {
        error(name, "Restrict failed", hr);
        return;
    }
    sprintf(result, "Restrict, %lu rows match", count);
    report(name, ROWS, now() - start, result);
    if (expect != ~0u && count != expect) error(name, "wrong number of rows", count);
}

static void bench_page(IMAPITable *view, const char *name, ULONG tag, BOOL descending)
{
    ULONG count, expect = 0;
    BOOL ordered;
    double start;

    IMAPITable_GetRowCount(view, 0, &expect);
    start = now();
    count = read_all(view, 0, FALSE, &ordered);
    report(name, count, now() - start, "QueryRows of 100 rows + FreeProws, from the start to the end");
    if (count != expect) error(name, "wrong number of rows read", count);
    read_all(view, tag, descending, &ordered);
    if (!ordered) error(name, "rows out of order", 0);
}

/* Changes rows with three views open: one sorted, one restricted and
 * sorted, one plain. */
static void bench_changes(ITableData *table, IMAPITable *view)
{
    SPropValue props[5];
    SRow row = {0, 5, props};
    char name[32];
    ULONG i, count;
    double start;
    HRESULT hr;

    start = now();
    for (i = 0; i < CHANGES; i++)
    {
        make_row(1 + random_number() % ROWS, props, name);
        if (FAILED(hr = ITableData_HrModifyRow(table, &row)))
        {
            error("modify", "HrModifyRow failed", hr);
            return;
        }
    }
    report("modify", CHANGES, now() - start, "HrModifyRow of an existing row, 3 views open");

    start = now();
    for (i = 0; i < CHANGES; i++)
    {
        props[0].ulPropTag = TAG_KEY;
        props[0].Value.l = ROWS - i;
        if (FAILED(hr = ITableData_HrDeleteRow(table, &props[0])))
        {
            error("delete", "HrDeleteRow failed", hr);
            return;
        }
    }
    report("delete", CHANGES, now() - start, "HrDeleteRow, 3 views open");
    IMAPITable_GetRowCount(view, 0, &count);
    if (count != ROWS - CHANGES) error("delete", "wrong row count", count);
}

static int probe(void)
{
    SizedSPropTagArray(1, columns) = {1, {TAG_KEY}};
    ITableData *table = NULL;
    SCODE sc;

    sc = pCreateTable(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC,
            TAG_KEY, (SPropTagArray *)&columns, &table);
    if (FAILED(sc)) return 2;
    ITableData_Release(table);
    return 0;
}

/* Calls CreateTable in a child process: 0 when it works. */
static DWORD run_probe(void)
{
    PROCESS_INFORMATION info;
    STARTUPINFOA startup = {sizeof(startup)};
    char command[MAX_PATH + 16];
    DWORD code = ~0u;

    GetModuleFileNameA(NULL, command + 1, MAX_PATH);
    command[0] = '"';
    strcat(command, "\" probe");
    if (!CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info)) return GetLastError();
    WaitForSingleObject(info.hProcess, INFINITE);
    GetExitCodeProcess(info.hProcess, &code);
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
    return code;
}

int main(int argc, char **argv)
{
    SizedSPropTagArray(5, columns) = {5, {TAG_KEY, TAG_NAME, TAG_VALUE, TAG_TIME, TAG_FLAGS}};
    SPropValue prop, prop2;
    SRestriction res, both[2];
    PROCESS_MEMORY_COUNTERS counters;
    IMAPITable *view, *sorted, *restricted;
    ITableData *table;
    HMODULE mapi32;
    char path[MAX_PATH];
    SIZE_T before;
    DWORD code;
    SCODE sc;

    if (!(mapi32 = LoadLibraryA("mapi32.dll")))
    {
        printf("unsupported mapi32.dll does not load (error %lu)\n", GetLastError());
        return 1;
    }
    if (argc < 2)
    {
        GetModuleFileNameA(mapi32, path, sizeof(path));
        printf("dll %s\n", path);
    }
    pCreateTable = (void *)GetProcAddress(mapi32, "CreateTable@36");
    pMAPIAllocateBuffer = (void *)GetProcAddress(mapi32, "MAPIAllocateBuffer@8");
    pMAPIAllocateMore = (void *)GetProcAddress(mapi32, "MAPIAllocateMore@12");
    pMAPIFreeBuffer = (void *)GetProcAddress(mapi32, "MAPIFreeBuffer@4");
    pFreeProws = (void *)GetProcAddress(mapi32, "FreeProws@4");
    if (!pCreateTable || !pMAPIAllocateBuffer || !pMAPIAllocateMore || !pMAPIFreeBuffer || !pFreeProws)
    {
        printf("unsupported this mapi32.dll lacks CreateTable, the MAPI allocators or FreeProws\n");
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "probe")) return probe();

    if ((code = run_probe()))
    {
        printf("unsupported CreateTable does not work in this mapi32.dll: the probe process %s %#lx\n",
                code == 2 ? "got an error, exit code" : "died with", code);
        return 0;
    }

    QueryPerformanceFrequency(&frequency);
    before = working_set();
    sc = pCreateTable(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC, TAG_KEY,
            (SPropTagArray *)&columns, &table);
    if (FAILED(sc))
    {
        error("create", "CreateTable failed", sc);
        return 1;
    }
    if (!fill(table)) return 1;
    printf("memory table_kib %lu\n", (ULONG)((working_set() - before) / 1024));

    before = working_set();
    if (FAILED(sc = ITableData_HrGetView(table, NULL, NULL, 0, &view)))
    {
        error("view", "HrGetView failed", sc);
        return 1;
    }
    printf("memory view_kib %lu\n", (ULONG)((working_set() - before) / 1024));

    bench_sort(view, "sort_long", TAG_VALUE, TABLE_SORT_ASCEND);
    bench_sort(view, "sort_string", TAG_NAME, TABLE_SORT_ASCEND);
    bench_sort(view, "sort_time_desc", TAG_TIME, TABLE_SORT_DESCEND);
    bench_page(view, "page", TAG_TIME, TRUE);

    prop.ulPropTag = TAG_VALUE;
    prop.Value.l = 50000;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_LT;
    res.res.resProperty.ulPropTag = TAG_VALUE;
    res.res.resProperty.lpProp = &prop;
    bench_restrict(view, "restrict_property", &res, ~0u);
    bench_page(view, "page_restricted", TAG_TIME, TRUE);

    prop2.ulPropTag = TAG_NAME;
    prop2.Value.lpszA = (char *)"lunch";
    both[0] = res;
    both[1].rt = RES_CONTENT;
    both[1].res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
    both[1].res.resContent.ulPropTag = TAG_NAME;
    both[1].res.resContent.lpProp = &prop2;
    res.rt = RES_AND;
    res.res.resAnd.cRes = 2;
    res.res.resAnd.lpRes = both;
    bench_restrict(view, "restrict_content", &res, ~0u);
    view->lpVtbl->Restrict(view, NULL, 0);

    /* Three views follow the changes. */
    ITableData_HrGetView(table, NULL, NULL, 0, &sorted);
    ITableData_HrGetView(table, NULL, NULL, 0, &restricted);
    bench_sort(sorted, "sort_long_2", TAG_VALUE, TABLE_SORT_DESCEND);
    res = both[0];
    bench_restrict(restricted, "restrict_property_2", &res, ~0u);
    bench_changes(table, view);

    IMAPITable_Release(restricted);
    IMAPITable_Release(sorted);
    IMAPITable_Release(view);
    ITableData_Release(table);

    if (GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters)))
        printf("peak_working_set_kib %lu\n", (ULONG)(counters.PeakWorkingSetSize / 1024));
    else
        printf("peak_working_set_kib unknown, error %lu\n", GetLastError());
    return failures ? 1 : 0;
}
