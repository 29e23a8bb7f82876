/*
 * Tests for the MAPI property value helpers
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winnls.h"
#include "psapi.h"
#include "mapiutil.h"
#include "mapitags.h"

#ifndef CbNewSPropProblemArray
#define CbNewSPropProblemArray(c) (offsetof(SPropProblemArray, aProblem) + (c) * sizeof(SPropProblem))
#endif

static HMODULE hmapi32;

static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static SCODE (WINAPI *pPropCopyMore)(SPropValue *, SPropValue *, ALLOCATEMORE *, void *);
static ULONG (WINAPI *pUlPropSize)(SPropValue *);
static BOOL (WINAPI *pFPropContainsProp)(SPropValue *, SPropValue *, ULONG);
static BOOL (WINAPI *pFPropCompareProp)(SPropValue *, ULONG, SPropValue *);
static LONG (WINAPI *pLPropCompareProp)(SPropValue *, SPropValue *);
static HRESULT (WINAPI *pHrGetOneProp)(IMAPIProp *, ULONG, SPropValue **);
static HRESULT (WINAPI *pHrSetOneProp)(IMAPIProp *, SPropValue *);
static BOOL (WINAPI *pFPropExists)(IMAPIProp *, ULONG);
static SPropValue *(WINAPI *pPpropFindProp)(SPropValue *, ULONG, ULONG);
static void (WINAPI *pFreePadrlist)(ADRLIST *);
static void (WINAPI *pFreeProws)(SRowSet *);
static SCODE (WINAPI *pScCountProps)(int, SPropValue *, ULONG *);
static SCODE (WINAPI *pScCopyProps)(int, SPropValue *, void *, ULONG *);
static SCODE (WINAPI *pScRelocProps)(int, SPropValue *, void *, void *, ULONG *);
static SPropValue *(WINAPI *pLpValFindProp)(ULONG, ULONG, SPropValue *);
static SCODE (WINAPI *pScDupPropset)(int, SPropValue *, ALLOCATEBUFFER *, SPropValue **);

static void *get_proc(const char *name)
{
    void *proc = GetProcAddress(hmapi32, name);

    ok(proc != NULL, "%s is not exported.\n", name);
    return proc;
}

static BOOL init_function_pointers(void)
{
    hmapi32 = LoadLibraryA("mapi32.dll");
    ok(hmapi32 != NULL, "cannot load mapi32.dll, error %lu.\n", GetLastError());
    if (!hmapi32) return FALSE;

#define GET(name, decorated) p##name = get_proc(decorated)
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(PropCopyMore, "PropCopyMore@16");
    GET(UlPropSize, "UlPropSize@4");
    GET(FPropContainsProp, "FPropContainsProp@12");
    GET(FPropCompareProp, "FPropCompareProp@12");
    GET(LPropCompareProp, "LPropCompareProp@8");
    GET(HrGetOneProp, "HrGetOneProp@12");
    GET(HrSetOneProp, "HrSetOneProp@8");
    GET(FPropExists, "FPropExists@8");
    GET(PpropFindProp, "PpropFindProp@12");
    GET(FreePadrlist, "FreePadrlist@4");
    GET(FreeProws, "FreeProws@4");
    GET(ScCountProps, "ScCountProps@12");
    GET(ScCopyProps, "ScCopyProps@16");
    GET(ScRelocProps, "ScRelocProps@20");
    GET(LpValFindProp, "LpValFindProp@12");
    GET(ScDupPropset, "ScDupPropset@16");
#undef GET

    return pMAPIAllocateBuffer && pMAPIAllocateMore && pMAPIFreeBuffer && pPropCopyMore && pUlPropSize
            && pFPropContainsProp && pFPropCompareProp && pLPropCompareProp && pHrGetOneProp
            && pHrSetOneProp && pFPropExists && pPpropFindProp && pFreePadrlist && pFreeProws
            && pScCountProps && pScCopyProps && pScRelocProps && pLpValFindProp && pScDupPropset;
}

static void test_exports(void)
{
    static const char *names[] =
    {
        "PropCopyMore", "UlPropSize", "FPropContainsProp", "FPropCompareProp", "LPropCompareProp",
        "HrGetOneProp", "HrSetOneProp", "FPropExists", "PpropFindProp", "FreePadrlist", "FreeProws",
        "ScCountProps", "ScCopyProps", "ScRelocProps", "LpValFindProp", "ScDupPropset",
    };
    static const char *decorated[] =
    {
        "PropCopyMore@16", "UlPropSize@4", "FPropContainsProp@12", "FPropCompareProp@12", "LPropCompareProp@8",
        "HrGetOneProp@12", "HrSetOneProp@8", "FPropExists@8", "PpropFindProp@12", "FreePadrlist@4",
        "FreeProws@4", "ScCountProps@12", "ScCopyProps@16", "ScRelocProps@20", "LpValFindProp@12",
        "ScDupPropset@16",
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
    {
        void *plain = GetProcAddress(hmapi32, names[i]), *dec = GetProcAddress(hmapi32, decorated[i]);

        ok(plain != NULL, "%s is not exported.\n", names[i]);
        ok(plain == dec, "%s is %p, %s is %p.\n", names[i], plain, decorated[i], dec);
    }
    ok(GetProcAddress(hmapi32, MAKEINTRESOURCEA(76)) == (void *)pPropCopyMore, "wrong ordinal 76.\n");
    ok(GetProcAddress(hmapi32, MAKEINTRESOURCEA(170)) == (void *)pScCountProps, "wrong ordinal 170.\n");
}

/* One property of every type that has a value, with data to copy. */
static char str_a[] = "Hi there";
static WCHAR str_w[] = L"Unicode";
static char str_empty[] = "";
static BYTE bin_data[] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02};
static GUID guid_data = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
static short mv_i2[] = {-1, 2, 3};
static LONG mv_long[] = {100000, -2};
static float mv_r4[] = {1.5f, -2.25f};
static double mv_dbl[] = {3.75, -1e100, 0.0};
static CY mv_cur[] = {{.int64 = 12345}, {.int64 = -1}};
static double mv_at[] = {45000.5};
static FILETIME mv_ft[] = {{1, 2}, {0xffffffff, 0x7fffffff}};
static LARGE_INTEGER mv_i8[] = {{.QuadPart = -5}, {.QuadPart = 0x123456789abcdefLL}};
static GUID mv_guid[] = {{1, 2, 3, {4}}, {5, 6, 7, {8}}};
static char *mv_str_a[] = {str_a, str_empty, (char *)"third"};
static WCHAR *mv_str_w[] = {str_w, (WCHAR *)L"x"};
static SBinary mv_bin[] = {{sizeof(bin_data), bin_data}, {0, NULL}, {2, bin_data + 3}};

#define MAX_TEST_PROPS 32

static unsigned int init_props(SPropValue *props)
{
    unsigned int n = 0;

    memset(props, 0, MAX_TEST_PROPS * sizeof(*props));
#define ADD(type, member, value) props[n].ulPropTag = PROP_TAG(type, 0x6000 + n); \
        props[n].dwAlignPad = 0; props[n].Value.member = value; n++
#define ADD_MV(type, member, field, array) props[n].ulPropTag = PROP_TAG(type, 0x6000 + n); \
        props[n].dwAlignPad = 0; props[n].Value.member.cValues = ARRAY_SIZE(array); \
        props[n].Value.member.field = array; n++
    ADD(PT_I2, i, -42);
    ADD(PT_LONG, l, 0x12345678);
    ADD(PT_R4, flt, 2.5f);
    ADD(PT_DOUBLE, dbl, -7.125);
    ADD(PT_CURRENCY, cur.int64, 987654321);
    ADD(PT_APPTIME, at, 40000.25);
    ADD(PT_ERROR, err, MAPI_E_NOT_FOUND);
    ADD(PT_BOOLEAN, b, TRUE);
    ADD(PT_I8, li.QuadPart, -1234567890123LL);
    ADD(PT_SYSTIME, ft.dwHighDateTime, 0x01d00000);
    ADD(PT_CLSID, lpguid, &guid_data);
    ADD(PT_STRING8, lpszA, str_a);
    ADD(PT_STRING8, lpszA, str_empty);
    ADD(PT_UNICODE, lpszW, str_w);
    props[n].Value.bin.cb = sizeof(bin_data);
    ADD(PT_BINARY, bin.lpb, bin_data);
    props[n].Value.bin.cb = 0;
    ADD(PT_BINARY, bin.lpb, NULL);
    ADD_MV(PT_MV_I2, MVi, lpi, mv_i2);
    ADD_MV(PT_MV_LONG, MVl, lpl, mv_long);
    ADD_MV(PT_MV_R4, MVflt, lpflt, mv_r4);
    ADD_MV(PT_MV_DOUBLE, MVdbl, lpdbl, mv_dbl);
    ADD_MV(PT_MV_CURRENCY, MVcur, lpcur, mv_cur);
    ADD_MV(PT_MV_APPTIME, MVat, lpat, mv_at);
    ADD_MV(PT_MV_SYSTIME, MVft, lpft, mv_ft);
    ADD_MV(PT_MV_I8, MVli, lpli, mv_i8);
    ADD_MV(PT_MV_CLSID, MVguid, lpguid, mv_guid);
    ADD_MV(PT_MV_STRING8, MVszA, lppszA, mv_str_a);
    ADD_MV(PT_MV_UNICODE, MVszW, lppszW, mv_str_w);
    ADD_MV(PT_MV_BINARY, MVbin, lpbin, mv_bin);
#undef ADD
#undef ADD_MV
    return n;
}

/* Bytes of one inline element of a multi-valued type, as the structures
 * in mapidefs.h define them. */
static ULONG mv_element_size(ULONG type)
{
    switch (type)
    {
    case PT_MV_I2: return sizeof(short);
    case PT_MV_LONG: return sizeof(LONG);
    case PT_MV_R4: return sizeof(float);
    case PT_MV_DOUBLE: case PT_MV_APPTIME: return sizeof(double);
    case PT_MV_CURRENCY: return sizeof(CY);
    case PT_MV_SYSTIME: return sizeof(FILETIME);
    case PT_MV_I8: return sizeof(LARGE_INTEGER);
    case PT_MV_CLSID: return sizeof(GUID);
    }
    return 0;
}

/* Whether two values hold the same data, compared by the test itself. */
static BOOL values_equal(const SPropValue *a, const SPropValue *b)
{
    ULONG type = PROP_TYPE(a->ulPropTag), i, count;

    if (a->ulPropTag != b->ulPropTag) return FALSE;
    switch (type)
    {
    case PT_I2: return a->Value.i == b->Value.i;
    case PT_LONG: case PT_ERROR: return a->Value.l == b->Value.l;
    case PT_BOOLEAN: return a->Value.b == b->Value.b;
    case PT_R4: return a->Value.flt == b->Value.flt;
    case PT_DOUBLE: case PT_APPTIME: return a->Value.dbl == b->Value.dbl;
    case PT_CURRENCY: case PT_I8: case PT_SYSTIME: return a->Value.li.QuadPart == b->Value.li.QuadPart;
    case PT_CLSID: return IsEqualGUID(a->Value.lpguid, b->Value.lpguid);
    case PT_STRING8: return !strcmp(a->Value.lpszA, b->Value.lpszA);
    case PT_UNICODE: return !wcscmp(a->Value.lpszW, b->Value.lpszW);
    case PT_BINARY:
        return a->Value.bin.cb == b->Value.bin.cb && !memcmp(a->Value.bin.lpb, b->Value.bin.lpb, a->Value.bin.cb);
    }

    count = a->Value.MVi.cValues;
    if (count != b->Value.MVi.cValues) return FALSE;
    for (i = 0; i < count; i++)
    {
        switch (type)
        {
        case PT_MV_STRING8:
            if (strcmp(a->Value.MVszA.lppszA[i], b->Value.MVszA.lppszA[i])) return FALSE;
            break;
        case PT_MV_UNICODE:
            if (wcscmp(a->Value.MVszW.lppszW[i], b->Value.MVszW.lppszW[i])) return FALSE;
            break;
        case PT_MV_BINARY:
            if (a->Value.MVbin.lpbin[i].cb != b->Value.MVbin.lpbin[i].cb
                    || memcmp(a->Value.MVbin.lpbin[i].lpb, b->Value.MVbin.lpbin[i].lpb, a->Value.MVbin.lpbin[i].cb))
                return FALSE;
            break;
        }
    }
    if (mv_element_size(type))
        return !memcmp(a->Value.MVi.lpi, b->Value.MVi.lpi, count * mv_element_size(type));
    return TRUE;
}

/* Whether ptr lies in [start, start + size). */
static BOOL in_block(const void *ptr, const void *start, ULONG size)
{
    return (const BYTE *)ptr >= (const BYTE *)start && (const BYTE *)ptr < (const BYTE *)start + size;
}

/* Whether every pointer of a copied value points into [block, block + size). */
static BOOL pointers_in_block(const SPropValue *prop, const void *block, ULONG size)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), i;

    switch (type)
    {
    case PT_CLSID: return in_block(prop->Value.lpguid, block, size);
    case PT_STRING8: return in_block(prop->Value.lpszA, block, size);
    case PT_UNICODE: return in_block(prop->Value.lpszW, block, size);
    case PT_BINARY: return !prop->Value.bin.cb || in_block(prop->Value.bin.lpb, block, size);
    }
    if (!(type & MV_FLAG)) return TRUE;
    if (!in_block(prop->Value.MVi.lpi, block, size)) return FALSE;
    for (i = 0; i < prop->Value.MVi.cValues; i++)
    {
        if (type == PT_MV_STRING8 && !in_block(prop->Value.MVszA.lppszA[i], block, size)) return FALSE;
        if (type == PT_MV_UNICODE && !in_block(prop->Value.MVszW.lppszW[i], block, size)) return FALSE;
        if (type == PT_MV_BINARY && prop->Value.MVbin.lpbin[i].cb
                && !in_block(prop->Value.MVbin.lpbin[i].lpb, block, size))
            return FALSE;
    }
    return TRUE;
}

/* The pointer to a value's data, or NULL for values without. */
static const void *data_pointer(const SPropValue *prop)
{
    switch (PROP_TYPE(prop->ulPropTag))
    {
    case PT_CLSID: return prop->Value.lpguid;
    case PT_STRING8: return prop->Value.lpszA;
    case PT_UNICODE: return prop->Value.lpszW;
    case PT_BINARY: return prop->Value.bin.lpb;
    }
    return prop->ulPropTag & MV_FLAG ? prop->Value.MVi.lpi : NULL;
}

/* Whether every pointer of a value relocated to offsets from NULL is an
 * offset into the block of size bytes, which is at block. */
static BOOL offsets_in_block(const SPropValue *prop, const BYTE *block, ULONG size)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), i;
    ULONG_PTR offset = (ULONG_PTR)data_pointer(prop);
    const ULONG_PTR *strings;
    const SBinary *bins;

    if (offset >= size) return FALSE;
    if (type == PT_MV_STRING8 || type == PT_MV_UNICODE)
    {
        strings = (const ULONG_PTR *)(block + offset);
        for (i = 0; i < prop->Value.MVi.cValues; i++)
            if (!strings[i] || strings[i] >= size) return FALSE;
    }
    else if (type == PT_MV_BINARY)
    {
        bins = (const SBinary *)(block + offset);
        for (i = 0; i < prop->Value.MVbin.cValues; i++)
            if (bins[i].cb && (ULONG_PTR)bins[i].lpb >= size) return FALSE;
    }
    return TRUE;
}

/* Bytes ScCopyProps writes for one property, worked out from the value. */
static ULONG expected_copy_size(const SPropValue *prop)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), size = sizeof(SPropValue), i;

    switch (type)
    {
    case PT_CLSID: return size + sizeof(GUID);
    case PT_STRING8: return size + strlen(prop->Value.lpszA) + 1;
    case PT_UNICODE: return size + (wcslen(prop->Value.lpszW) + 1) * sizeof(WCHAR);
    case PT_BINARY: return size + prop->Value.bin.cb;
    case PT_MV_STRING8:
        for (i = 0; i < prop->Value.MVszA.cValues; i++)
            size += sizeof(char *) + strlen(prop->Value.MVszA.lppszA[i]) + 1;
        return size;
    case PT_MV_UNICODE:
        for (i = 0; i < prop->Value.MVszW.cValues; i++)
            size += sizeof(WCHAR *) + (wcslen(prop->Value.MVszW.lppszW[i]) + 1) * sizeof(WCHAR);
        return size;
    case PT_MV_BINARY:
        for (i = 0; i < prop->Value.MVbin.cValues; i++)
            size += sizeof(SBinary) + prop->Value.MVbin.lpbin[i].cb;
        return size;
    }
    return size + prop->Value.MVi.cValues * mv_element_size(type);
}

static void *last_more_parent;
static ULONG more_calls;

static SCODE WINAPI failing_allocate_more(ULONG size, void *parent, void **buffer)
{
    more_calls++;
    last_more_parent = parent;
    *buffer = NULL;
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

static SCODE WINAPI counting_allocate_more(ULONG size, void *parent, void **buffer)
{
    more_calls++;
    last_more_parent = parent;
    return pMAPIAllocateMore(size, parent, buffer);
}

static void test_PropCopyMore(void)
{
    SPropValue props[MAX_TEST_PROPS], src, dst, before;
    unsigned int count, i;
    void *parent;
    SCODE sc;

    count = init_props(props);
    sc = pMAPIAllocateBuffer(16, &parent);
    ok(sc == S_OK, "got %#lx.\n", sc);

    for (i = 0; i < count; i++)
    {
        winetest_push_context("type %#lx", PROP_TYPE(props[i].ulPropTag));
        memset(&dst, 0xcc, sizeof(dst));
        more_calls = 0;
        last_more_parent = NULL;
        sc = pPropCopyMore(&dst, &props[i], counting_allocate_more, parent);
        ok(sc == S_OK, "got %#lx.\n", sc);
        ok(values_equal(&dst, &props[i]), "the copy differs.\n");
        if (data_pointer(&props[i]))
        {
            ok(more_calls >= 1, "got %lu allocations.\n", more_calls);
            ok(last_more_parent == parent, "got parent %p.\n", last_more_parent);
            ok(data_pointer(&dst) != data_pointer(&props[i]), "the data was not copied.\n");
        }
        else if (PROP_TYPE(props[i].ulPropTag) != PT_BINARY)
            ok(!more_calls, "got %lu allocations.\n", more_calls);
        winetest_pop_context();
    }

    /* Multi-valued strings: the copied strings are not the source's. */
    for (i = 0; i < count; i++)
    {
        if (props[i].ulPropTag != PROP_TAG(PT_MV_STRING8, 0x6000 + i)) continue;
        sc = pPropCopyMore(&dst, &props[i], pMAPIAllocateMore, parent);
        ok(sc == S_OK, "got %#lx.\n", sc);
        ok(dst.Value.MVszA.lppszA[0] != mv_str_a[0], "the strings were not copied.\n");
        mv_str_a[0][0] = 'X';
        ok(dst.Value.MVszA.lppszA[0][0] == 'H', "the copy shares the source string.\n");
        mv_str_a[0][0] = 'H';
    }

    /* Values without data. */
    src.ulPropTag = PR_NULL;
    src.Value.l = 0x1234;
    sc = pPropCopyMore(&dst, &src, pMAPIAllocateMore, parent);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(dst.ulPropTag == PR_NULL && dst.Value.l == 0x1234, "got %#lx, %#lx.\n", dst.ulPropTag, dst.Value.l);
    src.ulPropTag = PROP_TAG(PT_OBJECT, 0x6100);
    sc = pPropCopyMore(&dst, &src, pMAPIAllocateMore, parent);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(dst.ulPropTag == src.ulPropTag, "got %#lx.\n", dst.ulPropTag);

    /* A failing allocation is returned and leaves the destination alone. */
    src.ulPropTag = PROP_TAG(PT_STRING8, 0x6100);
    src.Value.lpszA = str_a;
    memset(&dst, 0xcc, sizeof(dst));
    before = dst;
    more_calls = 0;
    sc = pPropCopyMore(&dst, &src, failing_allocate_more, parent);
    ok(sc == MAPI_E_NOT_ENOUGH_MEMORY, "got %#lx.\n", sc);
    ok(more_calls == 1, "got %lu allocations.\n", more_calls);
    ok(!memcmp(&dst, &before, sizeof(dst)), "the destination was changed.\n");

    /* Bad parameters. */
    sc = pPropCopyMore(NULL, &src, pMAPIAllocateMore, parent);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pPropCopyMore(&dst, NULL, pMAPIAllocateMore, parent);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pPropCopyMore(&dst, &src, NULL, parent);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    src.Value.lpszA = NULL;
    sc = pPropCopyMore(&dst, &src, pMAPIAllocateMore, parent);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    src.ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6100);
    src.Value.MVszA.cValues = 2;
    src.Value.MVszA.lppszA = NULL;
    sc = pPropCopyMore(&dst, &src, pMAPIAllocateMore, parent);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    /* An unknown type is not supported. */
    src.ulPropTag = PROP_TAG(0x0103, 0x6100);
    sc = pPropCopyMore(&dst, &src, pMAPIAllocateMore, parent);
    ok(sc == MAPI_E_NO_SUPPORT, "got %#lx.\n", sc);
    src.ulPropTag = PROP_TAG(MVI_PROP(PT_LONG), 0x6100);
    sc = pPropCopyMore(&dst, &src, pMAPIAllocateMore, parent);
    ok(sc == MAPI_E_NO_SUPPORT, "got %#lx.\n", sc);

    pMAPIFreeBuffer(parent);
}

static void test_UlPropSize(void)
{
    static const struct
    {
        ULONG type;
        ULONG size;
    }
    fixed[] =
    {
        {PT_I2, sizeof(short)},
        {PT_BOOLEAN, sizeof(unsigned short)},
        {PT_LONG, sizeof(LONG)},
        {PT_ERROR, sizeof(SCODE)},
        {PT_R4, sizeof(float)},
        {PT_DOUBLE, sizeof(double)},
        {PT_APPTIME, sizeof(double)},
        {PT_CURRENCY, sizeof(CY)},
        {PT_SYSTIME, sizeof(FILETIME)},
        {PT_I8, sizeof(LONGLONG)},
        {PT_CLSID, sizeof(GUID)},
        {PT_OBJECT, 0},
        {PT_NULL, 0},
        {PT_UNSPECIFIED, 0},
        {0x0103, 0},
        {MV_FLAG | PT_ERROR, 0},
        {MV_FLAG | PT_BOOLEAN, 0},
        {MVI_PROP(PT_LONG), 0},
    };
    SPropValue props[MAX_TEST_PROPS], prop;
    unsigned int count, i, j;
    ULONG size, expect;

    for (i = 0; i < ARRAY_SIZE(fixed); i++)
    {
        memset(&prop, 0, sizeof(prop));
        prop.ulPropTag = PROP_TAG(fixed[i].type, 0x6000);
        size = pUlPropSize(&prop);
        ok(size == fixed[i].size, "type %#lx: got %lu.\n", fixed[i].type, size);
    }

    /* Sizes of values with data, without the SPropValue or the pointer
     * and SBinary arrays of multi-valued strings and binaries. */
    count = init_props(props);
    for (i = 0; i < count; i++)
    {
        ULONG type = PROP_TYPE(props[i].ulPropTag);

        switch (type)
        {
        case PT_STRING8: expect = strlen(props[i].Value.lpszA) + 1; break;
        case PT_UNICODE: expect = (wcslen(props[i].Value.lpszW) + 1) * sizeof(WCHAR); break;
        case PT_BINARY: expect = props[i].Value.bin.cb; break;
        case PT_MV_STRING8:
            for (j = 0, expect = 0; j < props[i].Value.MVszA.cValues; j++)
                expect += strlen(props[i].Value.MVszA.lppszA[j]) + 1;
            break;
        case PT_MV_UNICODE:
            for (j = 0, expect = 0; j < props[i].Value.MVszW.cValues; j++)
                expect += (wcslen(props[i].Value.MVszW.lppszW[j]) + 1) * sizeof(WCHAR);
            break;
        case PT_MV_BINARY:
            for (j = 0, expect = 0; j < props[i].Value.MVbin.cValues; j++)
                expect += props[i].Value.MVbin.lpbin[j].cb;
            break;
        default:
            if (!(type & MV_FLAG)) continue;
            expect = props[i].Value.MVi.cValues * mv_element_size(type);
            break;
        }
        size = pUlPropSize(&props[i]);
        ok(size == expect, "type %#lx: got %lu, expected %lu.\n", type, size, expect);
    }

    /* Empty multi-valued properties have no size. */
    prop.ulPropTag = PROP_TAG(PT_MV_LONG, 0x6000);
    prop.Value.MVl.cValues = 0;
    prop.Value.MVl.lpl = NULL;
    size = pUlPropSize(&prop);
    ok(!size, "got %lu.\n", size);
    prop.ulPropTag = PROP_TAG(PT_MV_CLSID, 0x6000);
    prop.Value.MVguid.cValues = 2;
    prop.Value.MVguid.lpguid = mv_guid;
    size = pUlPropSize(&prop);
    ok(size == 2 * sizeof(GUID), "got %lu.\n", size);

    size = pUlPropSize(NULL);
    ok(!size, "got %lu.\n", size);
}

static void set_string_a(SPropValue *prop, const char *str)
{
    prop->ulPropTag = PROP_TAG(PT_STRING8, 0x6000);
    prop->Value.lpszA = (char *)str;
}

static void set_string_w(SPropValue *prop, const WCHAR *str)
{
    prop->ulPropTag = PROP_TAG(PT_UNICODE, 0x6000);
    prop->Value.lpszW = (WCHAR *)str;
}

static void set_binary(SPropValue *prop, const char *data)
{
    prop->ulPropTag = PROP_TAG(PT_BINARY, 0x6000);
    prop->Value.bin.cb = strlen(data);
    prop->Value.bin.lpb = (BYTE *)data;
}

static void test_FPropContainsProp(void)
{
    static const struct
    {
        const char *haystack;
        const char *needle;
        ULONG fuzzy;
        BOOL string;    /* expected for strings */
        BOOL binary;    /* expected for binaries */
    }
    tests[] =
    {
        {"Full String", "Full String", FL_FULLSTRING, TRUE, TRUE},
        {"Full String", "Full", FL_FULLSTRING, FALSE, FALSE},
        {"Full String", "Full", FL_PREFIX, TRUE, TRUE},
        {"Full String", "Full", FL_SUBSTRING, TRUE, TRUE},
        {"Full String", "full", FL_PREFIX, FALSE, FALSE},
        {"Full String", "full", FL_PREFIX | FL_IGNORECASE, TRUE, FALSE},
        {"Full String", "full", FL_SUBSTRING | FL_IGNORECASE, TRUE, FALSE},
        {"Full String", "full", FL_PREFIX | FL_LOOSE, TRUE, FALSE},
        {"Full String", "ll St", FL_FULLSTRING, FALSE, FALSE},
        {"Full String", "ll St", FL_PREFIX, FALSE, FALSE},
        {"Full String", "ll St", FL_SUBSTRING, TRUE, TRUE},
        {"Full String", "ll st", FL_SUBSTRING, FALSE, FALSE},
        {"Full String", "ll st", FL_SUBSTRING | FL_IGNORECASE, TRUE, FALSE},
        {"Full String", "ll st", FL_PREFIX | FL_IGNORECASE, FALSE, FALSE},
        {"Full String", "full string", FL_FULLSTRING, FALSE, FALSE},
        {"Full String", "full string", FL_FULLSTRING | FL_IGNORECASE, TRUE, FALSE},
        {"Full String", "FULL STRING", FL_FULLSTRING | FL_LOOSE, TRUE, FALSE},
        {"Full String", "ing", FL_SUBSTRING, TRUE, TRUE},
        {"Full String", "ing", FL_PREFIX, FALSE, FALSE},
        {"Full String", "Strings", FL_SUBSTRING, FALSE, FALSE},
        {"Full String", "Full String and more", FL_PREFIX, FALSE, FALSE},
        {"Full String", "Full String and more", FL_SUBSTRING, FALSE, FALSE},
        {"Full String", "", FL_PREFIX, TRUE, TRUE},
        {"Full String", "", FL_SUBSTRING, TRUE, TRUE},
        {"Full String", "", FL_FULLSTRING, FALSE, FALSE},
        {"", "", FL_FULLSTRING, TRUE, TRUE},
        {"aaab", "aab", FL_SUBSTRING, TRUE, TRUE},
        {"abcabd", "abd", FL_SUBSTRING, TRUE, TRUE},
        /* Both levels at once are invalid: a full match is made. */
        {"Full String", "Full", FL_PREFIX | FL_SUBSTRING, FALSE, FALSE},
        {"Full String", "Full String", FL_PREFIX | FL_SUBSTRING, TRUE, TRUE},
    };
    SPropValue left, right;
    WCHAR haystack_w[64], needle_w[64];
    unsigned int i;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("%u: %s, %s, %#lx", i, tests[i].haystack, tests[i].needle, tests[i].fuzzy);

        set_string_a(&left, tests[i].haystack);
        set_string_a(&right, tests[i].needle);
        ret = pFPropContainsProp(&left, &right, tests[i].fuzzy);
        ok(ret == tests[i].string, "PT_STRING8: got %d.\n", ret);

        MultiByteToWideChar(CP_ACP, 0, tests[i].haystack, -1, haystack_w, ARRAY_SIZE(haystack_w));
        MultiByteToWideChar(CP_ACP, 0, tests[i].needle, -1, needle_w, ARRAY_SIZE(needle_w));
        set_string_w(&left, haystack_w);
        set_string_w(&right, needle_w);
        ret = pFPropContainsProp(&left, &right, tests[i].fuzzy);
        ok(ret == tests[i].string, "PT_UNICODE: got %d.\n", ret);

        set_binary(&left, tests[i].haystack);
        set_binary(&right, tests[i].needle);
        ret = pFPropContainsProp(&left, &right, tests[i].fuzzy);
        ok(ret == tests[i].binary, "PT_BINARY: got %d.\n", ret);

        winetest_pop_context();
    }

    /* Non-spacing marks. */
    set_string_w(&left, L"Caf\x00e9 au lait");
    set_string_w(&right, L"cafe");
    ret = pFPropContainsProp(&left, &right, FL_PREFIX | FL_IGNORECASE);
    ok(!ret, "got %d.\n", ret);
    ret = pFPropContainsProp(&left, &right, FL_PREFIX | FL_IGNORECASE | FL_IGNORENONSPACE);
    ok(ret, "got %d.\n", ret);
    ret = pFPropContainsProp(&left, &right, FL_PREFIX | FL_LOOSE);
    ok(ret, "got %d.\n", ret);
    set_string_w(&right, L"Cafe");
    ret = pFPropContainsProp(&left, &right, FL_PREFIX | FL_IGNORENONSPACE);
    ok(ret, "got %d.\n", ret);

    /* Types must match and be strings or binaries. */
    set_string_a(&left, "abc");
    set_string_w(&right, L"abc");
    ret = pFPropContainsProp(&left, &right, FL_FULLSTRING);
    ok(!ret, "got %d.\n", ret);
    left.ulPropTag = right.ulPropTag = PROP_TAG(PT_LONG, 0x6000);
    left.Value.l = right.Value.l = 1;
    ret = pFPropContainsProp(&left, &right, FL_FULLSTRING);
    ok(!ret, "got %d.\n", ret);
    left.ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6000);
    left.Value.MVszA.cValues = ARRAY_SIZE(mv_str_a);
    left.Value.MVszA.lppszA = mv_str_a;
    right = left;
    ret = pFPropContainsProp(&left, &right, FL_FULLSTRING);
    ok(!ret, "got %d.\n", ret);

    /* Identifiers do not matter. */
    set_string_a(&left, "abc");
    set_string_a(&right, "b");
    right.ulPropTag = PROP_TAG(PT_STRING8, 0x1234);
    ret = pFPropContainsProp(&left, &right, FL_SUBSTRING);
    ok(ret, "got %d.\n", ret);

    /* Bad values never match. */
    ret = pFPropContainsProp(NULL, &right, FL_SUBSTRING);
    ok(!ret, "got %d.\n", ret);
    ret = pFPropContainsProp(&left, NULL, FL_SUBSTRING);
    ok(!ret, "got %d.\n", ret);
    right.Value.lpszA = NULL;
    ret = pFPropContainsProp(&left, &right, FL_SUBSTRING);
    ok(!ret, "got %d.\n", ret);
    left.ulPropTag = right.ulPropTag = PROP_TAG(PT_BINARY, 0x6000);
    left.Value.bin.cb = 4;
    left.Value.bin.lpb = NULL;
    right.Value.bin.cb = 0;
    right.Value.bin.lpb = NULL;
    ret = pFPropContainsProp(&left, &right, FL_PREFIX);
    ok(!ret, "got %d.\n", ret);
}

/* The result of a relation for a comparison result. */
static BOOL relation_holds(ULONG relop, int cmp)
{
    switch (relop)
    {
    case RELOP_LT: return cmp < 0;
    case RELOP_LE: return cmp <= 0;
    case RELOP_GT: return cmp > 0;
    case RELOP_GE: return cmp >= 0;
    case RELOP_EQ: return cmp == 0;
    case RELOP_NE: return cmp != 0;
    }
    return FALSE;
}

static GUID guid_low = {0x11111111, 0x2222, 0x3333, {0, 0, 0, 0, 0, 0, 0, 1}};
static GUID guid_high = {0x11111111, 0x2222, 0x3333, {0, 0, 0, 0, 0, 0, 0, 2}};
static BYTE bin_low[] = {1, 2, 3};
static BYTE bin_high[] = {1, 2, 4};
static LONG mv_low[] = {5, 6, 7};
static LONG mv_high[] = {5, 6, 8};
static char *mv_str_low[] = {(char *)"same", (char *)"apple"};
static char *mv_str_high[] = {(char *)"same", (char *)"banana"};
static SBinary mv_bin_low[] = {{3, bin_low}};
static SBinary mv_bin_high[] = {{3, bin_high}};
static FILETIME mv_ft_low[] = {{0xffffffff, 0}};
static FILETIME mv_ft_high[] = {{0, 1}};

/* Fills low and high with two values of type, low < high. */
static void init_ordered_pair(ULONG type, SPropValue *low, SPropValue *high)
{
    memset(low, 0, sizeof(*low));
    memset(high, 0, sizeof(*high));
    low->ulPropTag = PROP_TAG(type, 0x6001);
    high->ulPropTag = PROP_TAG(type, 0x6002);
    switch (type)
    {
    case PT_I2: low->Value.i = -5; high->Value.i = 3; break;
    case PT_LONG: low->Value.l = -100000; high->Value.l = 7; break;
    case PT_R4: low->Value.flt = -1.5f; high->Value.flt = 2.25f; break;
    case PT_DOUBLE: low->Value.dbl = 1e-10; high->Value.dbl = 1e10; break;
    case PT_APPTIME: low->Value.at = 40000.0; high->Value.at = 40000.5; break;
    case PT_CURRENCY: low->Value.cur.int64 = -1; high->Value.cur.int64 = 1; break;
    case PT_I8: low->Value.li.QuadPart = -0x100000000LL; high->Value.li.QuadPart = 0x100000000LL; break;
    case PT_ERROR: low->Value.err = 1; high->Value.err = 2; break;
    case PT_SYSTIME:
        low->Value.ft.dwLowDateTime = 0xffffffff;
        high->Value.ft.dwHighDateTime = 1;
        break;
    case PT_STRING8: low->Value.lpszA = (char *)"apple"; high->Value.lpszA = (char *)"banana"; break;
    case PT_UNICODE: low->Value.lpszW = (WCHAR *)L"apple"; high->Value.lpszW = (WCHAR *)L"banana"; break;
    case PT_BINARY:
        low->Value.bin.cb = high->Value.bin.cb = 3;
        low->Value.bin.lpb = bin_low;
        high->Value.bin.lpb = bin_high;
        break;
    case PT_CLSID: low->Value.lpguid = &guid_low; high->Value.lpguid = &guid_high; break;
    case PT_MV_LONG:
        low->Value.MVl.cValues = high->Value.MVl.cValues = 3;
        low->Value.MVl.lpl = mv_low;
        high->Value.MVl.lpl = mv_high;
        break;
    case PT_MV_STRING8:
        low->Value.MVszA.cValues = high->Value.MVszA.cValues = 2;
        low->Value.MVszA.lppszA = mv_str_low;
        high->Value.MVszA.lppszA = mv_str_high;
        break;
    case PT_MV_BINARY:
        low->Value.MVbin.cValues = high->Value.MVbin.cValues = 1;
        low->Value.MVbin.lpbin = mv_bin_low;
        high->Value.MVbin.lpbin = mv_bin_high;
        break;
    case PT_MV_SYSTIME:
        low->Value.MVft.cValues = high->Value.MVft.cValues = 1;
        low->Value.MVft.lpft = mv_ft_low;
        high->Value.MVft.lpft = mv_ft_high;
        break;
    }
}

static const ULONG ordered_types[] =
{
    PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_APPTIME, PT_CURRENCY, PT_I8, PT_ERROR, PT_SYSTIME,
    PT_STRING8, PT_UNICODE, PT_BINARY, PT_CLSID, PT_MV_LONG, PT_MV_STRING8, PT_MV_BINARY, PT_MV_SYSTIME,
};

static void test_FPropCompareProp(void)
{
    SPropValue low, high, low2, left, right;
    unsigned int i, j;
    ULONG relop;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(ordered_types); i++)
    {
        init_ordered_pair(ordered_types[i], &low, &high);
        init_ordered_pair(ordered_types[i], &low2, &right);
        for (relop = RELOP_LT; relop <= RELOP_NE; relop++)
        {
            winetest_push_context("type %#lx, relop %lu", ordered_types[i], relop);
            ret = pFPropCompareProp(&low, relop, &high);
            ok(ret == relation_holds(relop, -1), "low, high: got %d.\n", ret);
            ret = pFPropCompareProp(&high, relop, &low);
            ok(ret == relation_holds(relop, 1), "high, low: got %d.\n", ret);
            ret = pFPropCompareProp(&low, relop, &low2);
            ok(ret == relation_holds(relop, 0), "low, low: got %d.\n", ret);
            winetest_pop_context();
        }
    }

    /* Booleans are only equal or not; any non-zero value is TRUE. */
    left.ulPropTag = right.ulPropTag = PROP_TAG(PT_BOOLEAN, 0x6000);
    left.Value.b = 1;
    right.Value.b = 2;
    ret = pFPropCompareProp(&left, RELOP_EQ, &right);
    ok(ret, "got %d.\n", ret);
    ret = pFPropCompareProp(&left, RELOP_NE, &right);
    ok(!ret, "got %d.\n", ret);
    ret = pFPropCompareProp(&left, RELOP_LT, &right);
    ok(!ret, "got %d.\n", ret);
    right.Value.b = 0;
    ret = pFPropCompareProp(&left, RELOP_EQ, &right);
    ok(!ret, "got %d.\n", ret);
    ret = pFPropCompareProp(&left, RELOP_NE, &right);
    ok(ret, "got %d.\n", ret);

    /* Multi-valued: a prefix is less than the longer array. */
    init_ordered_pair(PT_MV_LONG, &left, &right);
    right.Value.MVl.lpl = mv_low;
    left.Value.MVl.cValues = 2;
    ret = pFPropCompareProp(&left, RELOP_LT, &right);
    ok(ret, "got %d.\n", ret);
    ret = pFPropCompareProp(&left, RELOP_EQ, &right);
    ok(!ret, "got %d.\n", ret);

    /* A shorter binary with the same start is less. */
    init_ordered_pair(PT_BINARY, &left, &right);
    right.Value.bin.lpb = bin_low;
    left.Value.bin.cb = 2;
    ret = pFPropCompareProp(&left, RELOP_LT, &right);
    ok(ret, "got %d.\n", ret);

    /* Values of different types satisfy no relation. */
    init_ordered_pair(PT_LONG, &left, &high);
    init_ordered_pair(PT_I2, &low, &right);
    for (relop = RELOP_LT; relop <= RELOP_RE; relop++)
    {
        ret = pFPropCompareProp(&left, relop, &right);
        ok(!ret, "relop %lu: got %d.\n", relop, ret);
    }

    /* Unknown relations and bad values. */
    init_ordered_pair(PT_LONG, &low, &high);
    ret = pFPropCompareProp(&low, RELOP_RE + 1, &high);
    ok(!ret, "got %d.\n", ret);
    ret = pFPropCompareProp(&low, 0xffffffff, &high);
    ok(!ret, "got %d.\n", ret);
    ret = pFPropCompareProp(NULL, RELOP_NE, &high);
    ok(!ret, "got %d.\n", ret);
    ret = pFPropCompareProp(&low, RELOP_NE, NULL);
    ok(!ret, "got %d.\n", ret);
    init_ordered_pair(PT_STRING8, &low, &high);
    low.Value.lpszA = NULL;
    ret = pFPropCompareProp(&low, RELOP_NE, &high);
    ok(!ret, "got %d.\n", ret);
    for (j = 0; j < 2; j++)
    {
        init_ordered_pair(PT_LONG, &low, &high);
        if (j) high.ulPropTag = PROP_TAG(MVI_PROP(PT_LONG), 0x6000);
        else high.ulPropTag = PROP_TAG(0x0103, 0x6000);
        low.ulPropTag = high.ulPropTag;
        ret = pFPropCompareProp(&low, RELOP_NE, &high);
        ok(!ret, "got %d.\n", ret);
    }
}

static void test_FPropCompareProp_regex(void)
{
    static const struct
    {
        const char *text;
        const char *pattern;
        BOOL match;
    }
    tests[] =
    {
        {"xxabcxx", "abc", TRUE},
        {"xxabcxx", "abd", FALSE},
        {"abc", "ABC", FALSE},
        {"xxabc", "^abc", FALSE},
        {"abcxx", "^abc", TRUE},
        {"xxabc", "abc$", TRUE},
        {"abcxx", "abc$", FALSE},
        {"abc", "^abc$", TRUE},
        {"abcabc", "^abc$", FALSE},
        {"abc", "a.c", TRUE},
        {"ac", "a.c", FALSE},
        {"ac", "ab*c", TRUE},
        {"abbbc", "ab*c", TRUE},
        {"ac", "ab+c", FALSE},
        {"abbc", "ab+c", TRUE},
        {"abbc", "^ab?c$", FALSE},
        {"ac", "^ab?c$", TRUE},
        {"abc123", "[0-9]+$", TRUE},
        {"abc", "[0-9]", FALSE},
        {"abc", "^[^0-9]*$", TRUE},
        {"a1c", "^[^0-9]*$", FALSE},
        {"a-b", "a[-x]b", TRUE},
        {"a]b", "a[]]b", TRUE},
        {"a.b", "^a\\.b$", TRUE},
        {"axb", "^a\\.b$", FALSE},
        {"a*b", "a\\*b", TRUE},
        {"cost: $5", "\\$5$", TRUE},
        {"anything", "", TRUE},
        {"", "^$", TRUE},
        {"x", "^$", FALSE},
        {"", "a*", TRUE},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "^a*a*a*a*a*b$", TRUE},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "^a*a*a*a*a*b$", FALSE},
        /* Malformed patterns match nothing. */
        {"a[b", "a[b", FALSE},
        {"*a", "*a", FALSE},
        {"a\\", "a\\", FALSE},
        {"ab", "a**", FALSE},
    };
    SPropValue left, right;
    WCHAR text_w[64], pattern_w[64];
    unsigned int i;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("%u: %s, %s", i, tests[i].text, tests[i].pattern);
        set_string_a(&left, tests[i].text);
        set_string_a(&right, tests[i].pattern);
        ret = pFPropCompareProp(&left, RELOP_RE, &right);
        ok(ret == tests[i].match, "PT_STRING8: got %d.\n", ret);

        MultiByteToWideChar(CP_ACP, 0, tests[i].text, -1, text_w, ARRAY_SIZE(text_w));
        MultiByteToWideChar(CP_ACP, 0, tests[i].pattern, -1, pattern_w, ARRAY_SIZE(pattern_w));
        set_string_w(&left, text_w);
        set_string_w(&right, pattern_w);
        ret = pFPropCompareProp(&left, RELOP_RE, &right);
        ok(ret == tests[i].match, "PT_UNICODE: got %d.\n", ret);
        winetest_pop_context();
    }

    /* The pattern is the right value. */
    set_string_a(&left, "a.c");
    set_string_a(&right, "abc");
    ret = pFPropCompareProp(&left, RELOP_RE, &right);
    ok(!ret, "got %d.\n", ret);

    /* Only strings match patterns. */
    for (i = 0; i < ARRAY_SIZE(ordered_types); i++)
    {
        if (ordered_types[i] == PT_STRING8 || ordered_types[i] == PT_UNICODE) continue;
        init_ordered_pair(ordered_types[i], &left, &right);
        ret = pFPropCompareProp(&left, RELOP_RE, &left);
        ok(!ret, "type %#lx: got %d.\n", ordered_types[i], ret);
    }
}

static void test_LPropCompareProp(void)
{
    SPropValue low, high, low2, left, right;
    unsigned int i;
    LONG ret, ret2;

    for (i = 0; i < ARRAY_SIZE(ordered_types); i++)
    {
        winetest_push_context("type %#lx", ordered_types[i]);
        init_ordered_pair(ordered_types[i], &low, &high);
        init_ordered_pair(ordered_types[i], &low2, &left);
        ret = pLPropCompareProp(&low, &high);
        ok(ret == -1, "low, high: got %ld.\n", ret);
        ret = pLPropCompareProp(&high, &low);
        ok(ret == 1, "high, low: got %ld.\n", ret);
        ret = pLPropCompareProp(&low, &low2);
        ok(!ret, "low, low: got %ld.\n", ret);
        ret = pLPropCompareProp(&high, &left);
        ok(!ret, "high, high: got %ld.\n", ret);
        winetest_pop_context();
    }

    /* Every property compares equal to its own copy. */
    {
        SPropValue props[MAX_TEST_PROPS];
        unsigned int count = init_props(props);

        for (i = 0; i < count; i++)
        {
            ret = pLPropCompareProp(&props[i], &props[i]);
            ok(!ret, "type %#lx: got %ld.\n", PROP_TYPE(props[i].ulPropTag), ret);
        }
    }

    /* Booleans: all non-zero values are equal. */
    left.ulPropTag = right.ulPropTag = PROP_TAG(PT_BOOLEAN, 0x6000);
    left.Value.b = 1;
    right.Value.b = 0xffff;
    ret = pLPropCompareProp(&left, &right);
    ok(!ret, "got %ld.\n", ret);
    right.Value.b = 0;
    ret = pLPropCompareProp(&left, &right);
    ret2 = pLPropCompareProp(&right, &left);
    ok(ret && ret == -ret2, "got %ld, %ld.\n", ret, ret2);

    /* Different types are unequal, in a consistent order. */
    init_ordered_pair(PT_LONG, &left, &high);
    init_ordered_pair(PT_STRING8, &right, &high);
    ret = pLPropCompareProp(&left, &right);
    ret2 = pLPropCompareProp(&right, &left);
    ok(ret && ret == -ret2, "got %ld, %ld.\n", ret, ret2);

    /* Values without data are equal. */
    left.ulPropTag = right.ulPropTag = PR_NULL;
    left.Value.l = 1;
    right.Value.l = 2;
    ret = pLPropCompareProp(&left, &right);
    ok(!ret, "got %ld.\n", ret);
}

static void test_PpropFindProp(void)
{
    SPropValue props[4], *found;

    props[0].ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    props[1].ulPropTag = PROP_TAG(PT_STRING8, 0x6002);
    props[2].ulPropTag = PROP_TAG(PT_UNICODE, 0x6002);
    props[3].ulPropTag = PROP_TAG(PT_I2, 0x6003);

    found = pPpropFindProp(props, 4, PROP_TAG(PT_LONG, 0x6001));
    ok(found == &props[0], "got %p.\n", found);
    found = pPpropFindProp(props, 4, PROP_TAG(PT_UNICODE, 0x6002));
    ok(found == &props[2], "got %p.\n", found);
    found = pPpropFindProp(props, 4, PROP_TAG(PT_I2, 0x6003));
    ok(found == &props[3], "got %p.\n", found);

    /* The type must match too, unless it is PT_UNSPECIFIED. */
    found = pPpropFindProp(props, 4, PROP_TAG(PT_I2, 0x6001));
    ok(!found, "got %p.\n", found);
    found = pPpropFindProp(props, 4, PROP_TAG(PT_UNSPECIFIED, 0x6002));
    ok(found == &props[1], "got %p.\n", found);
    found = pPpropFindProp(props, 4, PROP_TAG(PT_UNSPECIFIED, 0x6004));
    ok(!found, "got %p.\n", found);

    /* Only count properties are searched. */
    found = pPpropFindProp(props, 3, PROP_TAG(PT_I2, 0x6003));
    ok(!found, "got %p.\n", found);
    found = pPpropFindProp(props, 0, PROP_TAG(PT_LONG, 0x6001));
    ok(!found, "got %p.\n", found);
    found = pPpropFindProp(NULL, 4, PROP_TAG(PT_LONG, 0x6001));
    ok(!found, "got %p.\n", found);
}

static void test_LpValFindProp(void)
{
    SPropValue props[3], *found;

    props[0].ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    props[1].ulPropTag = PROP_TAG(PT_STRING8, 0x6002);
    props[2].ulPropTag = PROP_TAG(PT_UNICODE, 0x6002);

    /* Only the identifier matters. */
    found = pLpValFindProp(PROP_TAG(PT_LONG, 0x6001), 3, props);
    ok(found == &props[0], "got %p.\n", found);
    found = pLpValFindProp(PROP_TAG(PT_NULL, 0x6001), 3, props);
    ok(found == &props[0], "got %p.\n", found);
    found = pLpValFindProp(PROP_TAG(PT_UNICODE, 0x6002), 3, props);
    ok(found == &props[1], "got %p.\n", found);
    found = pLpValFindProp(PROP_TAG(PT_LONG, 0x6003), 3, props);
    ok(!found, "got %p.\n", found);
    found = pLpValFindProp(PROP_TAG(PT_LONG, 0x6002), 1, props);
    ok(!found, "got %p.\n", found);
    found = pLpValFindProp(PROP_TAG(PT_LONG, 0x6001), 0, props);
    ok(!found, "got %p.\n", found);
    found = pLpValFindProp(PROP_TAG(PT_LONG, 0x6001), 3, NULL);
    ok(!found, "got %p.\n", found);
}

static void test_ScCountProps(void)
{
    static const ULONG no_value_types[] =
    {
        PT_NULL, PT_UNSPECIFIED, MV_FLAG | PT_NULL, MV_FLAG | PT_ERROR, MV_FLAG | PT_BOOLEAN,
        MV_FLAG | PT_OBJECT, 0x0103, MVI_PROP(PT_LONG),
    };
    SPropValue props[MAX_TEST_PROPS], prop;
    unsigned int count, i;
    ULONG size, expect, total = 0;
    SCODE sc;

    count = init_props(props);
    for (i = 0; i < count; i++)
    {
        winetest_push_context("type %#lx", PROP_TYPE(props[i].ulPropTag));
        expect = expected_copy_size(&props[i]);
        size = 0xdeadbeef;
        sc = pScCountProps(1, &props[i], &size);
        ok(sc == S_OK, "got %#lx.\n", sc);
        ok(size == expect, "got %lu, expected %lu.\n", size, expect);
        total += expect;
        winetest_pop_context();
    }
    size = 0;
    sc = pScCountProps(count, props, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size == total, "got %lu, expected %lu.\n", size, total);
    sc = pScCountProps(count, props, NULL);
    ok(sc == S_OK, "got %#lx.\n", sc);

    memset(&prop, 0, sizeof(prop));
    prop.ulPropTag = PROP_TAG(PT_OBJECT, 0x6000);
    sc = pScCountProps(1, &prop, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size == sizeof(SPropValue), "got %lu.\n", size);

    /* Properties without a value to count. */
    for (i = 0; i < ARRAY_SIZE(no_value_types); i++)
    {
        memset(&prop, 0, sizeof(prop));
        prop.ulPropTag = PROP_TAG(no_value_types[i], 0x6000);
        size = 0xdeadbeef;
        sc = pScCountProps(1, &prop, &size);
        ok(sc == MAPI_E_INVALID_PARAMETER, "type %#lx: got %#lx.\n", no_value_types[i], sc);
        ok(size == 0xdeadbeef, "type %#lx: got %lu.\n", no_value_types[i], size);
    }

    /* Multi-valued properties need values. */
    prop.ulPropTag = PROP_TAG(PT_MV_LONG, 0x6000);
    prop.Value.MVl.cValues = 0;
    prop.Value.MVl.lpl = mv_long;
    sc = pScCountProps(1, &prop, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    prop.ulPropTag = PROP_TAG(PT_MV_CLSID, 0x6000);
    prop.Value.MVguid.cValues = 0;
    sc = pScCountProps(1, &prop, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    /* Reserved identifiers. */
    prop.ulPropTag = PROP_TAG(PT_LONG, PROP_ID_NULL);
    sc = pScCountProps(1, &prop, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    prop.ulPropTag = PROP_TAG(PT_LONG, PROP_ID_INVALID);
    sc = pScCountProps(1, &prop, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    /* Values that cannot be read. */
    prop.ulPropTag = PROP_TAG(PT_STRING8, 0x6000);
    prop.Value.lpszA = NULL;
    sc = pScCountProps(1, &prop, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    prop.ulPropTag = PROP_TAG(PT_MV_BINARY, 0x6000);
    prop.Value.MVbin.cValues = 3;
    prop.Value.MVbin.lpbin = NULL;
    sc = pScCountProps(1, &prop, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    /* One bad property spoils the array. */
    props[count - 1].ulPropTag = PR_NULL;
    sc = pScCountProps(count, props, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    sc = pScCountProps(0, props, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCountProps(-1, props, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCountProps(1, NULL, &size);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
}

static void test_ScCopyProps(void)
{
    SPropValue props[MAX_TEST_PROPS], *copy, prop, buffer_props[3];
    char *buffer = (char *)buffer_props;
    char *strings[1] = {(char *)"Test"};
    unsigned int count, i;
    ULONG size, copied;
    SCODE sc;

    count = init_props(props);
    sc = pScCountProps(count, props, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    copy = malloc(size);

    copied = 0;
    sc = pScCopyProps(count, props, copy, &copied);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(copied == size, "got %lu, expected %lu.\n", copied, size);
    for (i = 0; i < count; i++)
    {
        winetest_push_context("type %#lx", PROP_TYPE(props[i].ulPropTag));
        ok(values_equal(&copy[i], &props[i]), "the copy differs.\n");
        ok(pointers_in_block(&copy[i], copy, size), "the copy points outside its block.\n");
        winetest_pop_context();
    }
    free(copy);

    /* The layout: the SPropValue array, then each value's data in order. */
    prop.ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6000);
    prop.Value.MVszA.cValues = 1;
    prop.Value.MVszA.lppszA = strings;
    copied = 0;
    sc = pScCopyProps(1, &prop, buffer, &copied);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(copied == sizeof(SPropValue) + sizeof(char *) + 5, "got %lu.\n", copied);
    copy = (SPropValue *)buffer;
    ok(copy->Value.MVszA.lppszA == (char **)(buffer + sizeof(SPropValue)), "got %p.\n", copy->Value.MVszA.lppszA);
    ok(copy->Value.MVszA.lppszA[0] == buffer + sizeof(SPropValue) + sizeof(char *),
            "got %p.\n", copy->Value.MVszA.lppszA[0]);
    ok(!strcmp(copy->Value.MVszA.lppszA[0], "Test"), "got %s.\n", debugstr_a(copy->Value.MVszA.lppszA[0]));

    /* Unknown types cannot be copied. */
    prop.ulPropTag = PROP_TAG(0x0103, 0x6000);
    copied = 0xdeadbeef;
    sc = pScCopyProps(1, &prop, buffer, &copied);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    ok(copied == 0xdeadbeef, "got %lu.\n", copied);

    sc = pScCopyProps(-1, props, buffer, &copied);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCopyProps(1, NULL, buffer, &copied);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCopyProps(1, props, NULL, &copied);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    copied = 0xdeadbeef;
    sc = pScCopyProps(0, props, buffer, &copied);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(!copied, "got %lu.\n", copied);
}

/* ScCountProps, ScCopyProps, a move of the block, ScRelocProps: the moved
 * copy must hold the same values and point into its new block only. */
static void test_ScRelocProps(void)
{
    SPropValue props[MAX_TEST_PROPS], *first, *moved, prop;
    unsigned int count, i;
    ULONG size, copied, relocated;
    SCODE sc;

    count = init_props(props);
    sc = pScCountProps(count, props, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);
    first = malloc(size);
    moved = malloc(size);
    sc = pScCopyProps(count, props, first, &copied);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(copied == size, "got %lu, expected %lu.\n", copied, size);

    /* The old block is gone: its data must be read in the new one. */
    memcpy(moved, first, size);
    memset(first, 0xcc, size);
    relocated = 0;
    sc = pScRelocProps(count, moved, first, moved, &relocated);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(relocated == size, "got %lu, expected %lu.\n", relocated, size);
    for (i = 0; i < count; i++)
    {
        winetest_push_context("type %#lx", PROP_TYPE(props[i].ulPropTag));
        ok(values_equal(&moved[i], &props[i]), "the moved copy differs.\n");
        ok(pointers_in_block(&moved[i], moved, size), "the moved copy points outside its block.\n");
        winetest_pop_context();
    }

    /* Turning pointers into offsets from NULL, for storage, and back. */
    relocated = 0;
    sc = pScRelocProps(count, moved, moved, NULL, &relocated);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(relocated == size, "got %lu, expected %lu.\n", relocated, size);
    for (i = 0; i < count; i++)
        ok(offsets_in_block(&moved[i], (BYTE *)moved, size), "type %#lx: not an offset.\n",
                PROP_TYPE(props[i].ulPropTag));
    memcpy(first, moved, size);
    memset(moved, 0xcc, size);
    relocated = 0;
    sc = pScRelocProps(count, first, NULL, first, &relocated);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(relocated == size, "got %lu, expected %lu.\n", relocated, size);
    for (i = 0; i < count; i++)
    {
        winetest_push_context("type %#lx", PROP_TYPE(props[i].ulPropTag));
        ok(values_equal(&first[i], &props[i]), "the stored copy differs.\n");
        ok(pointers_in_block(&first[i], first, size), "the stored copy points outside its block.\n");
        winetest_pop_context();
    }

    /* Bad parameters. */
    prop.ulPropTag = PROP_TAG(0x0103, 0x6000);
    sc = pScRelocProps(1, &prop, first, moved, &relocated);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScRelocProps(-1, first, first, moved, &relocated);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScRelocProps(1, NULL, first, moved, &relocated);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScRelocProps(1, first, NULL, NULL, &relocated);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    free(first);
    free(moved);
}

static ULONG allocate_calls;

static SCODE WINAPI failing_allocate_buffer(ULONG size, void **buffer)
{
    allocate_calls++;
    *buffer = NULL;
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

static void test_ScDupPropset(void)
{
    SPropValue props[MAX_TEST_PROPS], *dup;
    unsigned int count, i;
    ULONG size;
    SCODE sc;

    count = init_props(props);
    sc = pScCountProps(count, props, &size);
    ok(sc == S_OK, "got %#lx.\n", sc);

    dup = NULL;
    sc = pScDupPropset(count, props, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, &dup);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(dup != NULL, "got NULL.\n");
    for (i = 0; i < count; i++)
    {
        ok(values_equal(&dup[i], &props[i]), "type %#lx: the copy differs.\n", PROP_TYPE(props[i].ulPropTag));
        ok(pointers_in_block(&dup[i], dup, size), "type %#lx: the copy is not one block.\n",
                PROP_TYPE(props[i].ulPropTag));
    }
    pMAPIFreeBuffer(dup);

    allocate_calls = 0;
    dup = (SPropValue *)0xdeadbeef;
    sc = pScDupPropset(count, props, failing_allocate_buffer, &dup);
    ok(sc == MAPI_E_NOT_ENOUGH_MEMORY, "got %#lx.\n", sc);
    ok(allocate_calls == 1, "got %lu calls.\n", allocate_calls);
    ok(!dup, "got %p.\n", dup);

    /* Invalid properties are not duplicated. */
    allocate_calls = 0;
    props[0].ulPropTag = PROP_TAG(0x0103, 0x6000);
    sc = pScDupPropset(count, props, failing_allocate_buffer, &dup);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    ok(!allocate_calls, "got %lu calls.\n", allocate_calls);
    sc = pScDupPropset(0, props, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, &dup);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScDupPropset(1, NULL, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, &dup);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScDupPropset(1, &props[1], NULL, &dup);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScDupPropset(1, &props[1], (ALLOCATEBUFFER *)pMAPIAllocateBuffer, NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
}

/* An IMAPIProp holding a few properties, for the functions that use one. */
struct test_prop
{
    IMAPIProp IMAPIProp_iface;
    LONG refcount;
    ULONG count;
    SPropValue props[8];
    HRESULT get_hr;             /* returned by GetProps and GetPropList when failing */
    SCODE set_problem;          /* reported by SetProps as a problem when failing */
    HRESULT set_hr;             /* returned by SetProps when failing */
    ULONG set_calls;
    BOOL problems_requested;
};

static inline struct test_prop *impl_from_IMAPIProp(IMAPIProp *iface)
{
    return CONTAINING_RECORD(iface, struct test_prop, IMAPIProp_iface);
}

static HRESULT WINAPI test_prop_QueryInterface(IMAPIProp *iface, REFIID iid, void **out)
{
    if (IsEqualIID(iid, &IID_IUnknown))
    {
        *out = iface;
        IMAPIProp_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI test_prop_AddRef(IMAPIProp *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIProp(iface)->refcount);
}

static ULONG WINAPI test_prop_Release(IMAPIProp *iface)
{
    return InterlockedDecrement(&impl_from_IMAPIProp(iface)->refcount);
}

static HRESULT WINAPI test_prop_GetLastError(IMAPIProp *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_SaveChanges(IMAPIProp *iface, ULONG flags)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

static SPropValue *test_prop_find(struct test_prop *prop, ULONG tag)
{
    ULONG i;

    for (i = 0; i < prop->count; i++)
        if (PROP_ID(prop->props[i].ulPropTag) == PROP_ID(tag)) return &prop->props[i];
    return NULL;
}

/* Returns the stored values (strings copied), PT_ERROR for missing ones. */
static HRESULT WINAPI test_prop_GetProps(IMAPIProp *iface, SPropTagArray *tags, ULONG flags,
        ULONG *count, SPropValue **values)
{
    struct test_prop *prop = impl_from_IMAPIProp(iface);
    HRESULT hr = S_OK;
    SPropValue *out, *stored;
    ULONG i;

    if (FAILED(prop->get_hr)) return prop->get_hr;
    pMAPIAllocateBuffer(tags->cValues * sizeof(*out), (void **)&out);
    for (i = 0; i < tags->cValues; i++)
    {
        stored = test_prop_find(prop, tags->aulPropTag[i]);
        if (stored && PROP_TYPE(stored->ulPropTag) == PT_ERROR)
        {
            out[i] = *stored;
            hr = MAPI_W_ERRORS_RETURNED;
        }
        else if (!stored || stored->ulPropTag != tags->aulPropTag[i])
        {
            out[i].ulPropTag = CHANGE_PROP_TYPE(tags->aulPropTag[i], PT_ERROR);
            out[i].Value.err = MAPI_E_NOT_FOUND;
            hr = MAPI_W_ERRORS_RETURNED;
        }
        else
        {
            out[i] = *stored;
            if (PROP_TYPE(stored->ulPropTag) == PT_STRING8)
            {
                pMAPIAllocateMore(strlen(stored->Value.lpszA) + 1, out, (void **)&out[i].Value.lpszA);
                strcpy(out[i].Value.lpszA, stored->Value.lpszA);
            }
        }
    }
    *count = tags->cValues;
    *values = out;
    return hr;
}

static HRESULT WINAPI test_prop_GetPropList(IMAPIProp *iface, ULONG flags, SPropTagArray **tags)
{
    struct test_prop *prop = impl_from_IMAPIProp(iface);
    SPropTagArray *out;
    ULONG i;

    if (FAILED(prop->get_hr)) return prop->get_hr;
    pMAPIAllocateBuffer(CbNewSPropTagArray(prop->count), (void **)&out);
    out->cValues = prop->count;
    for (i = 0; i < prop->count; i++) out->aulPropTag[i] = prop->props[i].ulPropTag;
    *tags = out;
    return S_OK;
}

static HRESULT WINAPI test_prop_OpenProperty(IMAPIProp *iface, ULONG tag, const IID *iid, ULONG options,
        ULONG flags, IUnknown **out)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

/* Stores the values as they are: the tests keep their data alive. */
static HRESULT WINAPI test_prop_SetProps(IMAPIProp *iface, ULONG count, SPropValue *values,
        SPropProblemArray **problems)
{
    struct test_prop *prop = impl_from_IMAPIProp(iface);
    SPropValue *stored;
    ULONG i;

    prop->set_calls++;
    prop->problems_requested = problems != NULL;
    if (problems) *problems = NULL;
    if (FAILED(prop->set_hr)) return prop->set_hr;
    if (FAILED(prop->set_problem))
    {
        if (!problems) return S_OK;
        pMAPIAllocateBuffer(CbNewSPropProblemArray(1), (void **)problems);
        (*problems)->cProblem = 1;
        (*problems)->aProblem[0].ulIndex = 0;
        (*problems)->aProblem[0].ulPropTag = values[0].ulPropTag;
        (*problems)->aProblem[0].scode = prop->set_problem;
        return S_OK;
    }
    for (i = 0; i < count; i++)
    {
        if (!(stored = test_prop_find(prop, values[i].ulPropTag))) stored = &prop->props[prop->count++];
        *stored = values[i];
    }
    return S_OK;
}

static HRESULT WINAPI test_prop_DeleteProps(IMAPIProp *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_CopyTo(IMAPIProp *iface, ULONG count, const IID *excluded, SPropTagArray *tags,
        ULONG param, IMAPIProgress *progress, const IID *iid, void *dst, ULONG flags,
        SPropProblemArray **problems)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_CopyProps(IMAPIProp *iface, SPropTagArray *tags, ULONG param,
        IMAPIProgress *progress, const IID *iid, void *dst, ULONG flags, SPropProblemArray **problems)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_GetNamesFromIDs(IMAPIProp *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_GetIDsFromNames(IMAPIProp *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    ok(0, "unexpected call.\n");
    return E_NOTIMPL;
}

static const IMAPIPropVtbl test_prop_vtbl =
{
    test_prop_QueryInterface,
    test_prop_AddRef,
    test_prop_Release,
    test_prop_GetLastError,
    test_prop_SaveChanges,
    test_prop_GetProps,
    test_prop_GetPropList,
    test_prop_OpenProperty,
    test_prop_SetProps,
    test_prop_DeleteProps,
    test_prop_CopyTo,
    test_prop_CopyProps,
    test_prop_GetNamesFromIDs,
    test_prop_GetIDsFromNames,
};

static void init_test_prop(struct test_prop *prop)
{
    memset(prop, 0, sizeof(*prop));
    prop->IMAPIProp_iface.lpVtbl = &test_prop_vtbl;
    prop->refcount = 1;
    prop->count = 3;
    prop->props[0].ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    prop->props[0].Value.l = 1234;
    prop->props[1].ulPropTag = PROP_TAG(PT_STRING8, 0x6002);
    prop->props[1].Value.lpszA = str_a;
    /* A value too big for GetProps. */
    prop->props[2].ulPropTag = PROP_TAG(PT_ERROR, 0x6003);
    prop->props[2].Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
}

static void test_HrGetOneProp(void)
{
    struct test_prop prop;
    SPropValue *value;
    HRESULT hr;

    init_test_prop(&prop);

    value = NULL;
    hr = pHrGetOneProp(&prop.IMAPIProp_iface, PROP_TAG(PT_LONG, 0x6001), &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(value && value->ulPropTag == PROP_TAG(PT_LONG, 0x6001) && value->Value.l == 1234,
            "got %#lx, %ld.\n", value ? value->ulPropTag : 0, value ? value->Value.l : 0);
    pMAPIFreeBuffer(value);

    value = NULL;
    hr = pHrGetOneProp(&prop.IMAPIProp_iface, PROP_TAG(PT_STRING8, 0x6002), &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(value && !strcmp(value->Value.lpszA, str_a), "got %s.\n", value ? debugstr_a(value->Value.lpszA) : "");
    pMAPIFreeBuffer(value);

    /* Errors are returned as such, never as a warning. */
    value = (SPropValue *)0xdeadbeef;
    hr = pHrGetOneProp(&prop.IMAPIProp_iface, PROP_TAG(PT_LONG, 0x6009), &value);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!value, "got %p.\n", value);
    value = (SPropValue *)0xdeadbeef;
    hr = pHrGetOneProp(&prop.IMAPIProp_iface, PROP_TAG(PT_I2, 0x6001), &value);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!value, "got %p.\n", value);
    value = (SPropValue *)0xdeadbeef;
    hr = pHrGetOneProp(&prop.IMAPIProp_iface, PROP_TAG(PT_BINARY, 0x6003), &value);
    ok(hr == MAPI_E_NOT_ENOUGH_MEMORY, "got %#lx.\n", hr);
    ok(!value, "got %p.\n", value);

    prop.get_hr = MAPI_E_CALL_FAILED;
    value = (SPropValue *)0xdeadbeef;
    hr = pHrGetOneProp(&prop.IMAPIProp_iface, PROP_TAG(PT_LONG, 0x6001), &value);
    ok(hr == MAPI_E_CALL_FAILED, "got %#lx.\n", hr);
    ok(!value, "got %p.\n", value);

    hr = pHrGetOneProp(NULL, PROP_TAG(PT_LONG, 0x6001), &value);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    prop.get_hr = S_OK;
    hr = pHrGetOneProp(&prop.IMAPIProp_iface, PROP_TAG(PT_LONG, 0x6001), NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(prop.refcount == 1, "got refcount %ld.\n", prop.refcount);
}

static void test_HrSetOneProp(void)
{
    struct test_prop prop;
    SPropValue value;
    HRESULT hr;

    init_test_prop(&prop);

    value.ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    value.Value.l = 42;
    hr = pHrSetOneProp(&prop.IMAPIProp_iface, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(prop.set_calls == 1, "got %lu calls.\n", prop.set_calls);
    ok(prop.props[0].Value.l == 42, "got %ld.\n", prop.props[0].Value.l);

    value.ulPropTag = PROP_TAG(PT_I2, 0x6004);
    value.Value.i = 7;
    hr = pHrSetOneProp(&prop.IMAPIProp_iface, &value);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(prop.count == 4 && prop.props[3].ulPropTag == value.ulPropTag, "got %lu properties.\n", prop.count);

    /* A problem with the property is the error. */
    prop.set_problem = MAPI_E_COMPUTED;
    hr = pHrSetOneProp(&prop.IMAPIProp_iface, &value);
    ok(hr == MAPI_E_COMPUTED, "got %#lx.\n", hr);
    ok(prop.problems_requested, "no problem array requested.\n");

    prop.set_problem = S_OK;
    prop.set_hr = MAPI_E_NO_ACCESS;
    hr = pHrSetOneProp(&prop.IMAPIProp_iface, &value);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    prop.set_calls = 0;
    hr = pHrSetOneProp(NULL, &value);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pHrSetOneProp(&prop.IMAPIProp_iface, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!prop.set_calls, "got %lu calls.\n", prop.set_calls);
    ok(prop.refcount == 1, "got refcount %ld.\n", prop.refcount);
}

static void test_FPropExists(void)
{
    struct test_prop prop;
    BOOL ret;

    init_test_prop(&prop);

    ret = pFPropExists(&prop.IMAPIProp_iface, PROP_TAG(PT_LONG, 0x6001));
    ok(ret, "got %d.\n", ret);
    ret = pFPropExists(&prop.IMAPIProp_iface, PROP_TAG(PT_STRING8, 0x6002));
    ok(ret, "got %d.\n", ret);
    ret = pFPropExists(&prop.IMAPIProp_iface, PROP_TAG(PT_I2, 0x6001));
    ok(!ret, "got %d.\n", ret);
    ret = pFPropExists(&prop.IMAPIProp_iface, PROP_TAG(PT_LONG, 0x6009));
    ok(!ret, "got %d.\n", ret);

    /* PT_UNSPECIFIED matches on the identifier. */
    ret = pFPropExists(&prop.IMAPIProp_iface, PROP_TAG(PT_UNSPECIFIED, 0x6002));
    ok(ret, "got %d.\n", ret);
    ret = pFPropExists(&prop.IMAPIProp_iface, PROP_TAG(PT_UNSPECIFIED, 0x6009));
    ok(!ret, "got %d.\n", ret);

    prop.get_hr = MAPI_E_CALL_FAILED;
    ret = pFPropExists(&prop.IMAPIProp_iface, PROP_TAG(PT_LONG, 0x6001));
    ok(!ret, "got %d.\n", ret);

    ret = pFPropExists(NULL, PROP_TAG(PT_LONG, 0x6001));
    ok(!ret, "got %d.\n", ret);
    ok(prop.refcount == 1, "got refcount %ld.\n", prop.refcount);
}

static SIZE_T private_bytes(void)
{
    PROCESS_MEMORY_COUNTERS counters = {.cb = sizeof(counters)};

    if (!K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters))) return 0;
    return counters.PagefileUsage;
}

/* A row set of two rows with large property arrays, allocated as MAPI
 * requires: one buffer for the set, one for each row's properties. */
static SRowSet *alloc_rows(void)
{
    SRowSet *rows;
    ULONG i;

    pMAPIAllocateBuffer(CbNewSRowSet(2), (void **)&rows);
    rows->cRows = 2;
    for (i = 0; i < 2; i++)
    {
        rows->aRow[i].cValues = 1;
        pMAPIAllocateBuffer(1024 * 1024, (void **)&rows->aRow[i].lpProps);
        memset(rows->aRow[i].lpProps, 0, 1024 * 1024);
        rows->aRow[i].lpProps[0].ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    }
    return rows;
}

/* Freeing releases every buffer: a few hundred megabytes would stay
 * allocated otherwise. */
static void test_FreeProws(void)
{
    SIZE_T before, after;
    SRowSet *rows;
    unsigned int i;

    pFreeProws(NULL);

    before = private_bytes();
    ok(before != 0, "cannot get the memory counters, error %lu.\n", GetLastError());
    for (i = 0; i < 100; i++) pFreeProws(alloc_rows());
    after = private_bytes();
    ok(after < before + 64 * 1024 * 1024, "memory grew from %Iu to %Iu.\n", before, after);

    rows = alloc_rows();
    rows->cRows = 0;
    pMAPIFreeBuffer(rows->aRow[0].lpProps);
    pMAPIFreeBuffer(rows->aRow[1].lpProps);
    pFreeProws(rows);
}

static void test_FreePadrlist(void)
{
    SIZE_T before, after;
    ADRLIST *list;
    unsigned int i;

    pFreePadrlist(NULL);

    before = private_bytes();
    for (i = 0; i < 100; i++)
    {
        list = (ADRLIST *)alloc_rows();
        ok(list->cEntries == 2 && list->aEntries[1].rgPropVals != NULL, "wrong layout.\n");
        pFreePadrlist(list);
    }
    after = private_bytes();
    ok(after < before + 64 * 1024 * 1024, "memory grew from %Iu to %Iu.\n", before, after);
}

START_TEST(prop)
{
    if (!init_function_pointers()) return;

    test_exports();
    test_PropCopyMore();
    test_UlPropSize();
    test_FPropContainsProp();
    test_FPropCompareProp();
    test_FPropCompareProp_regex();
    test_LPropCompareProp();
    test_PpropFindProp();
    test_LpValFindProp();
    test_ScCountProps();
    test_ScCopyProps();
    test_ScRelocProps();
    test_ScDupPropset();
    test_HrGetOneProp();
    test_HrSetOneProp();
    test_FPropExists();
    test_FreeProws();
    test_FreePadrlist();

    FreeLibrary(hmapi32);
}
