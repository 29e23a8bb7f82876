/*
 * propbench: times the property work of whichever mapi32.dll loads
 *
 * Every operation is first run once and its result checked against the
 * source values, then timed for about half a second, then checked again.
 * One line per operation:
 *
 *     bench <name> <ns per op> ns/op <iterations> iterations
 *     bench <name> unsupported <why>
 *
 * plus "dll <path>" first and "peak_working_set_kib <n>" last.
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

#define SET_PROPS 40
#define IPROP_PROPS 200
#define TARGET_NS 500e6
#define CALIBRATE_NS 50e6
#define MAX_POINTERS 16

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

static const GUID iid_mapi_prop_data = {0x0002031a, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

static HMODULE mapi32;

static ALLOCATEBUFFER *pMAPIAllocateBuffer;
static ALLOCATEMORE *pMAPIAllocateMore;
static FREEBUFFER *pMAPIFreeBuffer;
static SCODE (WINAPI *pScCountProps)(int, SPropValue *, ULONG *);
static SCODE (WINAPI *pScCopyProps)(int, SPropValue *, void *, ULONG *);
static SCODE (WINAPI *pScRelocProps)(int, SPropValue *, void *, void *, ULONG *);
static SCODE (WINAPI *pScDupPropset)(int, SPropValue *, ALLOCATEBUFFER *, SPropValue **);
static SCODE (WINAPI *pPropCopyMore)(SPropValue *, SPropValue *, ALLOCATEMORE *, void *);
static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *,
        void *, IPropData **);

static double qpc_ns_per_tick;

/* What one operation works on, and why it failed when it did. */
struct bench
{
    const char *name;
    char err[256];
    SPropValue *src;
    int count;
    BYTE *block;            /* ScCopyProps output / the block relocated from */
    BYTE *moved;            /* the relocated block */
    ULONG size;             /* bytes ScCountProps counts for src */
    ULONG copied;           /* bytes ScCopyProps wrote */
    ULONG out_size;         /* bytes ScRelocProps counts */
    SPropValue *copy;       /* result in MAPI memory, freed by the next run */
    IPropData *iprop;
    SPropTagArray *tags;
    ULONG got_count;
    double phase_ns[3];     /* IPropData: SetProps, GetProps, DeleteProps */
};

/* --- source values ------------------------------------------------------ */

static char subject[] = "Quarterly figures for the northern region, draft 3";
static char sender[] = "Ann Example <ann.example@example.com>";
static WCHAR subject_w[] = L"Quarterly figures for the northern region, draft 3";
static WCHAR preview_w[] = L"Hello all, attached are the figures for the third quarter. "
        L"Sales are up in every district except the coast, where the new store opened late. "
        L"Please send corrections before Friday so that the board pack can go out on Monday.";
static char category_a[] = "Business", category_b[] = "Follow up", category_c[] = "Region north",
        category_d[] = "Finance";
static char *categories[] = {category_a, category_b, category_c, category_d};
static WCHAR keyword_a[] = L"figures", keyword_b[] = L"quarter", keyword_c[] = L"north";
static WCHAR *keywords[] = {keyword_a, keyword_b, keyword_c};
static BYTE entry_id[70], search_key[16], member_a[46], member_b[52], member_c[38];
static SBinary members[] = {{sizeof(member_a), member_a}, {sizeof(member_b), member_b},
        {sizeof(member_c), member_c}};
static LONG flags_list[] = {1, 2, 4, 8, 16, 32};
static GUID clsid = {0x00062008, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static GUID class_list[] = {{0x00020329, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}},
        {0x00062002, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}}};

static const ULONG kinds[] =
{
    PT_LONG, PT_I8, PT_STRING8, PT_UNICODE, PT_BINARY, PT_SYSTIME, PT_CLSID, PT_MV_STRING8,
    PT_MV_BINARY, PT_BOOLEAN, PT_STRING8, PT_UNICODE, PT_BINARY, PT_DOUBLE, PT_I2, PT_MV_LONG,
    PT_MV_UNICODE, PT_CURRENCY, PT_MV_CLSID, PT_LONG,
};

static void fill_bytes(BYTE *data, ULONG size, BYTE seed)
{
    ULONG i;

    for (i = 0; i < size; i++) data[i] = (BYTE)(seed + i * 7);
}

static void init_source_data(void)
{
    fill_bytes(entry_id, sizeof(entry_id), 1);
    fill_bytes(search_key, sizeof(search_key), 2);
    fill_bytes(member_a, sizeof(member_a), 3);
    fill_bytes(member_b, sizeof(member_b), 4);
    fill_bytes(member_c, sizeof(member_c), 5);
}

/* Fills props with a message-like mix of types, identifiers from 0x6600 up,
 * the values varying with the index. */
static void init_props(SPropValue *props, ULONG count)
{
    ULONG i, type;

    for (i = 0; i < count; i++)
    {
        SPropValue *prop = &props[i];
        BOOL second = (i / ARRAY_SIZE(kinds)) % 2;

        type = kinds[i % ARRAY_SIZE(kinds)];
        memset(prop, 0, sizeof(*prop));
        prop->ulPropTag = PROP_TAG(type, 0x6600 + i);
        switch (type)
        {
        case PT_LONG:      prop->Value.l = 7919 * i; break;
        case PT_I2:        prop->Value.i = (short)i; break;
        case PT_BOOLEAN:   prop->Value.b = i & 1; break;
        case PT_DOUBLE:    prop->Value.dbl = i * 0.25; break;
        case PT_CURRENCY:  prop->Value.cur.int64 = 1234500 + i; break;
        case PT_I8:        prop->Value.li.QuadPart = 0x123456789aULL * (i + 1); break;
        case PT_SYSTIME:
            prop->Value.ft.dwLowDateTime = 0x8e7a5c00 + i;
            prop->Value.ft.dwHighDateTime = 0x01dc0000;
            break;
        case PT_CLSID:     prop->Value.lpguid = &clsid; break;
        case PT_STRING8:   prop->Value.lpszA = second ? sender : subject; break;
        case PT_UNICODE:   prop->Value.lpszW = second ? subject_w : preview_w; break;
        case PT_BINARY:
            prop->Value.bin.cb = second ? sizeof(search_key) : sizeof(entry_id);
            prop->Value.bin.lpb = second ? search_key : entry_id;
            break;
        case PT_MV_STRING8:
            prop->Value.MVszA.cValues = ARRAY_SIZE(categories);
            prop->Value.MVszA.lppszA = categories;
            break;
        case PT_MV_UNICODE:
            prop->Value.MVszW.cValues = ARRAY_SIZE(keywords);
            prop->Value.MVszW.lppszW = keywords;
            break;
        case PT_MV_BINARY:
            prop->Value.MVbin.cValues = ARRAY_SIZE(members);
            prop->Value.MVbin.lpbin = members;
            break;
        case PT_MV_LONG:
            prop->Value.MVl.cValues = ARRAY_SIZE(flags_list);
            prop->Value.MVl.lpl = flags_list;
            break;
        case PT_MV_CLSID:
            prop->Value.MVguid.cValues = ARRAY_SIZE(class_list);
            prop->Value.MVguid.lpguid = class_list;
            break;
        }
    }
}

/* --- checking results --------------------------------------------------- */

static BOOL wide_equal(const WCHAR *a, const WCHAR *b)
{
    if (!a || !b) return a == b;
    return lstrlenW(a) == lstrlenW(b) && !memcmp(a, b, lstrlenW(a) * sizeof(WCHAR));
}

static BOOL binary_equal(const SBinary *a, const SBinary *b)
{
    return a->cb == b->cb && (!a->cb || !memcmp(a->lpb, b->lpb, a->cb));
}

static BOOL value_equal(const SPropValue *a, const SPropValue *b)
{
    ULONG i, n;

    if (a->ulPropTag != b->ulPropTag) return FALSE;
    switch (PROP_TYPE(a->ulPropTag))
    {
    case PT_LONG:      return a->Value.l == b->Value.l;
    case PT_I2:        return a->Value.i == b->Value.i;
    case PT_BOOLEAN:   return a->Value.b == b->Value.b;
    case PT_DOUBLE:    return a->Value.dbl == b->Value.dbl;
    case PT_CURRENCY:  return a->Value.cur.int64 == b->Value.cur.int64;
    case PT_I8:        return a->Value.li.QuadPart == b->Value.li.QuadPart;
    case PT_SYSTIME:   return !memcmp(&a->Value.ft, &b->Value.ft, sizeof(FILETIME));
    case PT_CLSID:     return a->Value.lpguid && !memcmp(a->Value.lpguid, b->Value.lpguid, sizeof(GUID));
    case PT_STRING8:   return a->Value.lpszA && !strcmp(a->Value.lpszA, b->Value.lpszA);
    case PT_UNICODE:   return a->Value.lpszW && wide_equal(a->Value.lpszW, b->Value.lpszW);
    case PT_BINARY:    return binary_equal(&a->Value.bin, &b->Value.bin);
    }

    n = a->Value.MVi.cValues;
    if (n != b->Value.MVi.cValues || !a->Value.MVi.lpi) return FALSE;
    for (i = 0; i < n; i++)
    {
        switch (PROP_TYPE(a->ulPropTag))
        {
        case PT_MV_LONG:
            if (a->Value.MVl.lpl[i] != b->Value.MVl.lpl[i]) return FALSE;
            break;
        case PT_MV_CLSID:
            if (memcmp(&a->Value.MVguid.lpguid[i], &b->Value.MVguid.lpguid[i], sizeof(GUID))) return FALSE;
            break;
        case PT_MV_STRING8:
            if (!a->Value.MVszA.lppszA[i] || strcmp(a->Value.MVszA.lppszA[i], b->Value.MVszA.lppszA[i]))
                return FALSE;
            break;
        case PT_MV_UNICODE:
            if (!wide_equal(a->Value.MVszW.lppszW[i], b->Value.MVszW.lppszW[i])) return FALSE;
            break;
        case PT_MV_BINARY:
            if (!binary_equal(&a->Value.MVbin.lpbin[i], &b->Value.MVbin.lpbin[i])) return FALSE;
            break;
        default:
            return FALSE;
        }
    }
    return TRUE;
}

/* Collects the data pointers of a value: the value's own, then those in
 * its array. */
static ULONG value_pointers(const SPropValue *prop, const void **ptrs)
{
    ULONG i, n = 0;

    switch (PROP_TYPE(prop->ulPropTag))
    {
    case PT_CLSID:     ptrs[n++] = prop->Value.lpguid; return n;
    case PT_STRING8:   ptrs[n++] = prop->Value.lpszA; return n;
    case PT_UNICODE:   ptrs[n++] = prop->Value.lpszW; return n;
    case PT_BINARY:    ptrs[n++] = prop->Value.bin.lpb; return n;
    case PT_MV_LONG:
    case PT_MV_CLSID:  ptrs[n++] = prop->Value.MVi.lpi; return n;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
        break;
    default:
        return 0;
    }

    ptrs[n++] = prop->Value.MVi.lpi;
    for (i = 0; i < prop->Value.MVi.cValues && n < MAX_POINTERS; i++)
    {
        if (PROP_TYPE(prop->ulPropTag) == PT_MV_BINARY) ptrs[n++] = prop->Value.MVbin.lpbin[i].lpb;
        else ptrs[n++] = prop->Value.MVszA.lppszA[i];
    }
    return n;
}

/* Checks that copy holds the values of src in data of its own, inside
 * [lo, hi) when lo is given. */
static BOOL check_props(struct bench *b, const SPropValue *copy, const SPropValue *src, ULONG count,
        const BYTE *lo, const BYTE *hi)
{
    const void *copy_ptrs[MAX_POINTERS], *src_ptrs[MAX_POINTERS];
    ULONG i, j, n;

    for (i = 0; i < count; i++)
    {
        if (!value_equal(&copy[i], &src[i]))
        {
            sprintf(b->err, "wrong result: property %lu (tag %#lx, copy tag %#lx) differs from the source",
                    i, src[i].ulPropTag, copy[i].ulPropTag);
            return FALSE;
        }
        n = value_pointers(&copy[i], copy_ptrs);
        value_pointers(&src[i], src_ptrs);
        for (j = 0; j < n; j++)
        {
            const BYTE *p = copy_ptrs[j];

            if (p == src_ptrs[j])
            {
                sprintf(b->err, "wrong result: property %lu (tag %#lx) shares data with the source",
                        i, src[i].ulPropTag);
                return FALSE;
            }
            if (lo && (p < lo || p >= hi))
            {
                sprintf(b->err, "wrong result: property %lu (tag %#lx) points outside its block",
                        i, src[i].ulPropTag);
                return FALSE;
            }
        }
    }
    return TRUE;
}

static SCODE fail(struct bench *b, const char *call, SCODE sc)
{
    sprintf(b->err, "%s returned %#lx", call, sc);
    return FAILED(sc) ? sc : E_FAIL;
}

/* --- timing ------------------------------------------------------------- */

static double now_ns(void)
{
    LARGE_INTEGER counter;

    QueryPerformanceCounter(&counter);
    return counter.QuadPart * qpc_ns_per_tick;
}

typedef SCODE (*bench_op)(struct bench *b);
typedef BOOL (*bench_check)(struct bench *b);

/* Runs op iterations times; the elapsed time, or a negative value on failure. */
static double run_op(bench_op op, struct bench *b, ULONG iterations)
{
    double start = now_ns();
    ULONG i;

    for (i = 0; i < iterations; i++)
        if (FAILED(op(b))) return -1.0;
    return now_ns() - start;
}

/* Doubles a batch until it takes long enough to measure, then scales it to
 * target_ns; 0 on failure. */
static ULONG calibrate(bench_op op, struct bench *b, double target_ns)
{
    ULONG batch = 1;
    double elapsed, n;

    for (;;)
    {
        if ((elapsed = run_op(op, b, batch)) < 0) return 0;
        if (elapsed >= CALIBRATE_NS || batch >= 1u << 28) break;
        batch *= 2;
    }
    n = batch * target_ns / (elapsed > 0 ? elapsed : 1);
    return n < 1 ? 1 : n > 1e9 ? 1000000000 : (ULONG)n;
}

static void report(const char *name, double ns_per_op, ULONG iterations)
{
    printf("bench %s %.1f ns/op %lu iterations\n", name, ns_per_op, iterations);
    fflush(stdout);
}

static void report_unsupported(const char *name, const char *why)
{
    printf("bench %s unsupported %s\n", name, why);
    fflush(stdout);
}

/* Runs op once and checks it, times it, and checks the last result again. */
static void bench_run(struct bench *b, bench_op op, bench_check check)
{
    ULONG iterations;
    double elapsed;

    if (FAILED(op(b)) || !check(b)) goto unsupported;
    if (!(iterations = calibrate(op, b, TARGET_NS))) goto unsupported;
    if ((elapsed = run_op(op, b, iterations)) < 0 || !check(b)) goto unsupported;
    report(b->name, elapsed / iterations, iterations);
    return;

unsupported:
    report_unsupported(b->name, b->err);
}

/* Returns FALSE, with the reason, when a function is missing. */
static BOOL have(struct bench *b, const void *proc, const char *name)
{
    if (proc) return TRUE;
    sprintf(b->err, "%s is not exported", name);
    return FALSE;
}

/* --- 1: ScCountProps + ScCopyProps into a buffer ------------------------ */

static SCODE op_copy(struct bench *b)
{
    ULONG size;
    SCODE sc;

    if (FAILED(sc = pScCountProps(b->count, b->src, &size))) return fail(b, "ScCountProps", sc);
    if (size != b->size)
    {
        sprintf(b->err, "wrong result: ScCountProps counted %lu bytes first, %lu now", b->size, size);
        return E_FAIL;
    }
    if (FAILED(sc = pScCopyProps(b->count, b->src, b->block, &b->copied))) return fail(b, "ScCopyProps", sc);
    return S_OK;
}

/* ScCountProps may count more than ScCopyProps needs, never less. */
static BOOL check_copy(struct bench *b)
{
    if (b->copied > b->size || b->copied < b->count * sizeof(SPropValue))
    {
        sprintf(b->err, "wrong result: ScCopyProps wrote %lu bytes, ScCountProps counted %lu",
                b->copied, b->size);
        return FALSE;
    }
    return check_props(b, (SPropValue *)b->block, b->src, b->count, b->block, b->block + b->copied);
}

/* Counts src and gives b a block of that size; FALSE on failure. */
static BOOL prepare_block(struct bench *b)
{
    SCODE sc;

    if (!have(b, pScCountProps, "ScCountProps") || !have(b, pScCopyProps, "ScCopyProps")) return FALSE;
    if (FAILED(sc = pScCountProps(b->count, b->src, &b->size)))
    {
        fail(b, "ScCountProps", sc);
        return FALSE;
    }
    if (b->size < b->count * sizeof(SPropValue))
    {
        sprintf(b->err, "wrong result: ScCountProps counted only %lu bytes", b->size);
        return FALSE;
    }
    if (!(b->block = HeapAlloc(GetProcessHeap(), 0, b->size)))
    {
        sprintf(b->err, "out of memory for %lu bytes", b->size);
        return FALSE;
    }
    return TRUE;
}

static void bench_copy(SPropValue *src)
{
    struct bench b = {.name = "copy_props", .src = src, .count = SET_PROPS};

    if (prepare_block(&b)) bench_run(&b, op_copy, check_copy);
    else report_unsupported(b.name, b.err);
    HeapFree(GetProcessHeap(), 0, b.block);
}

/* --- 2: ScRelocProps of a moved copy ------------------------------------ */

/* Moving the block is part of each run: ScRelocProps changes it in place. */
static SCODE op_reloc(struct bench *b)
{
    SCODE sc;

    memcpy(b->moved, b->block, b->copied);
    if (FAILED(sc = pScRelocProps(b->count, (SPropValue *)b->moved, b->block, b->moved, &b->out_size)))
        return fail(b, "ScRelocProps", sc);
    return S_OK;
}

static BOOL check_reloc(struct bench *b)
{
    if (b->out_size != b->copied)
    {
        sprintf(b->err, "wrong result: ScRelocProps counted %lu bytes, ScCopyProps wrote %lu",
                b->out_size, b->copied);
        return FALSE;
    }
    return check_props(b, (SPropValue *)b->moved, b->src, b->count, b->moved, b->moved + b->copied);
}

/* Gives b a block written by ScCopyProps and room to move it to. */
static BOOL prepare_reloc(struct bench *b)
{
    if (!have(b, pScRelocProps, "ScRelocProps") || !prepare_block(b)) return FALSE;
    if (!(b->moved = HeapAlloc(GetProcessHeap(), 0, b->size)))
    {
        sprintf(b->err, "out of memory for %lu bytes", b->size);
        return FALSE;
    }
    return SUCCEEDED(op_copy(b)) && check_copy(b);
}

static void bench_reloc(SPropValue *src)
{
    struct bench b = {.name = "reloc_props", .src = src, .count = SET_PROPS};

    if (prepare_reloc(&b)) bench_run(&b, op_reloc, check_reloc);
    else report_unsupported(b.name, b.err);
    HeapFree(GetProcessHeap(), 0, b.block);
    HeapFree(GetProcessHeap(), 0, b.moved);
}

/* --- 3: ScDupPropset + MAPIFreeBuffer ----------------------------------- */

/* Frees the previous run's copy, so each run does one of each. */
static SCODE op_dup(struct bench *b)
{
    SCODE sc;

    if (b->copy) pMAPIFreeBuffer(b->copy);
    b->copy = NULL;
    if (FAILED(sc = pScDupPropset(b->count, b->src, pMAPIAllocateBuffer, &b->copy)))
        return fail(b, "ScDupPropset", sc);
    return S_OK;
}

static BOOL check_dup(struct bench *b)
{
    return check_props(b, b->copy, b->src, b->count, NULL, NULL);
}

static void bench_dup(SPropValue *src)
{
    struct bench b = {.name = "dup_propset", .src = src, .count = SET_PROPS};

    if (have(&b, pScDupPropset, "ScDupPropset") && have(&b, pMAPIAllocateBuffer, "MAPIAllocateBuffer")
            && have(&b, pMAPIFreeBuffer, "MAPIFreeBuffer"))
        bench_run(&b, op_dup, check_dup);
    else report_unsupported(b.name, b.err);
    if (b.copy) pMAPIFreeBuffer(b.copy);
}

/* --- 4: PropCopyMore of each value into one parent buffer --------------- */

static SCODE op_copy_more(struct bench *b)
{
    SCODE sc;
    int i;

    if (b->copy) pMAPIFreeBuffer(b->copy);
    b->copy = NULL;
    if (FAILED(sc = pMAPIAllocateBuffer(b->count * sizeof(SPropValue), (void **)&b->copy)))
        return fail(b, "MAPIAllocateBuffer", sc);
    for (i = 0; i < b->count; i++)
        if (FAILED(sc = pPropCopyMore(&b->copy[i], &b->src[i], pMAPIAllocateMore, b->copy)))
            return fail(b, "PropCopyMore", sc);
    return S_OK;
}

static void bench_copy_more(SPropValue *src)
{
    struct bench b = {.name = "prop_copy_more", .src = src, .count = SET_PROPS};

    if (have(&b, pPropCopyMore, "PropCopyMore") && have(&b, pMAPIAllocateBuffer, "MAPIAllocateBuffer")
            && have(&b, pMAPIAllocateMore, "MAPIAllocateMore") && have(&b, pMAPIFreeBuffer, "MAPIFreeBuffer"))
        bench_run(&b, op_copy_more, check_dup);
    else report_unsupported(b.name, b.err);
    if (b.copy) pMAPIFreeBuffer(b.copy);
}

/* --- 5: IPropData SetProps, GetProps, DeleteProps ----------------------- */

/* One run sets all properties, gets them all back (freeing the previous
 * run's values) and deletes them, timing each step. */
static SCODE op_iprop(struct bench *b)
{
    double t0, t1, t2, t3;
    HRESULT hr;

    t0 = now_ns();
    hr = IPropData_SetProps(b->iprop, b->count, b->src, NULL);
    if (hr != S_OK) return fail(b, "IPropData_SetProps", hr);
    t1 = now_ns();
    if (b->copy) pMAPIFreeBuffer(b->copy);
    b->copy = NULL;
    b->got_count = 0;
    hr = IPropData_GetProps(b->iprop, b->tags, 0, &b->got_count, &b->copy);
    if (hr != S_OK) return fail(b, "IPropData_GetProps", hr);
    t2 = now_ns();
    hr = IPropData_DeleteProps(b->iprop, b->tags, NULL);
    if (hr != S_OK) return fail(b, "IPropData_DeleteProps", hr);
    t3 = now_ns();

    b->phase_ns[0] += t1 - t0;
    b->phase_ns[1] += t2 - t1;
    b->phase_ns[2] += t3 - t2;
    return S_OK;
}

/* Checks the values got back, and that the object is empty again. */
static BOOL check_iprop(struct bench *b)
{
    SPropValue *left = NULL;
    ULONG i, n = 0;
    HRESULT hr;

    if (b->got_count != (ULONG)b->count)
    {
        sprintf(b->err, "wrong result: GetProps gave %lu values for %d tags", b->got_count, b->count);
        return FALSE;
    }
    if (!check_props(b, b->copy, b->src, b->count, NULL, NULL)) return FALSE;

    hr = IPropData_GetProps(b->iprop, b->tags, 0, &n, &left);
    if (hr != MAPI_W_ERRORS_RETURNED || n != (ULONG)b->count)
    {
        sprintf(b->err, "wrong result: GetProps after DeleteProps returned %#lx, %lu values", hr, n);
        if (left) pMAPIFreeBuffer(left);
        return FALSE;
    }
    for (i = 0; i < n; i++)
    {
        if (PROP_TYPE(left[i].ulPropTag) != PT_ERROR)
        {
            sprintf(b->err, "wrong result: property %#lx is still there after DeleteProps", left[i].ulPropTag);
            pMAPIFreeBuffer(left);
            return FALSE;
        }
    }
    pMAPIFreeBuffer(left);
    return TRUE;
}

static void bench_iprop(void)
{
    static const char * const names[] = {"iprop_set_200", "iprop_get_200", "iprop_delete_200"};
    struct bench b = {.name = "iprop", .count = IPROP_PROPS};
    ULONG iterations = 0, i;
    double elapsed = -1.0;
    SCODE sc;

    b.src = HeapAlloc(GetProcessHeap(), 0, IPROP_PROPS * sizeof(SPropValue));
    b.tags = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(IPROP_PROPS));
    init_props(b.src, IPROP_PROPS);
    b.tags->cValues = IPROP_PROPS;
    for (i = 0; i < IPROP_PROPS; i++) b.tags->aulPropTag[i] = b.src[i].ulPropTag;

    if (!have(&b, pCreateIProp, "CreateIProp") || !have(&b, pMAPIAllocateBuffer, "MAPIAllocateBuffer")
            || !have(&b, pMAPIAllocateMore, "MAPIAllocateMore") || !have(&b, pMAPIFreeBuffer, "MAPIFreeBuffer"))
        goto done;
    if (FAILED(sc = pCreateIProp(&iid_mapi_prop_data, pMAPIAllocateBuffer, pMAPIAllocateMore,
            pMAPIFreeBuffer, NULL, &b.iprop)))
    {
        fail(&b, "CreateIProp", sc);
        goto done;
    }
    if (FAILED(op_iprop(&b)) || !check_iprop(&b)) goto done;
    if (!(iterations = calibrate(op_iprop, &b, ARRAY_SIZE(names) * TARGET_NS))) goto done;
    memset(b.phase_ns, 0, sizeof(b.phase_ns));
    if ((elapsed = run_op(op_iprop, &b, iterations)) >= 0 && !check_iprop(&b)) elapsed = -1.0;

done:
    for (i = 0; i < ARRAY_SIZE(names); i++)
    {
        if (elapsed >= 0) report(names[i], b.phase_ns[i] / iterations, iterations);
        else report_unsupported(names[i], b.err);
    }
    if (b.copy) pMAPIFreeBuffer(b.copy);
    if (b.iprop) IPropData_Release(b.iprop);
    HeapFree(GetProcessHeap(), 0, b.tags);
    HeapFree(GetProcessHeap(), 0, b.src);
}

/* --- main --------------------------------------------------------------- */

static void *get_proc(const char *name, const char *decorated)
{
    void *proc = GetProcAddress(mapi32, decorated);

    return proc ? proc : GetProcAddress(mapi32, name);
}

static void load_functions(void)
{
#define GET(name, decorated) p##name = get_proc(#name, decorated)
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(ScCountProps, "ScCountProps@12");
    GET(ScCopyProps, "ScCopyProps@16");
    GET(ScRelocProps, "ScRelocProps@20");
    GET(ScDupPropset, "ScDupPropset@16");
    GET(PropCopyMore, "PropCopyMore@16");
    GET(CreateIProp, "CreateIProp@24");
#undef GET
}

int main(void)
{
    SPropValue src[SET_PROPS];
    PROCESS_MEMORY_COUNTERS counters;
    LARGE_INTEGER freq;
    char path[MAX_PATH];

    if (!(mapi32 = LoadLibraryA("mapi32.dll")))
    {
        printf("error mapi32.dll did not load, error %lu\n", GetLastError());
        return 1;
    }
    GetModuleFileNameA(mapi32, path, sizeof(path));
    printf("dll %s\n", path);
    fflush(stdout);

    QueryPerformanceFrequency(&freq);
    qpc_ns_per_tick = 1e9 / freq.QuadPart;
    load_functions();
    init_source_data();
    init_props(src, SET_PROPS);

    bench_copy(src);
    bench_reloc(src);
    bench_dup(src);
    bench_copy_more(src);
    bench_iprop();

    counters.cb = sizeof(counters);
    if (GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters)))
        printf("peak_working_set_kib %lu\n", (ULONG)(counters.PeakWorkingSetSize / 1024));
    else
        printf("peak_working_set_kib unknown, error %lu\n", GetLastError());
    return 0;
}
