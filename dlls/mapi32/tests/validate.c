/*
 * Tests for the validation of MAPI structures (FBad*)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>

#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "mapiutil.h"
#include "mapitags.h"

/* Newer values than Wine's headers know. */
#ifndef RES_COUNT
#define RES_COUNT 11U
#endif
#ifndef RES_ANNOTATION
#define RES_ANNOTATION 12U
#endif
#ifndef BMR_EQZ
#define BMR_EQZ 0U
#define BMR_NEZ 1U
#endif
#ifndef SizedSSortOrderSet
#define SizedSSortOrderSet(n, id) \
    struct _SSortOrderSet_##id { ULONG cSorts; ULONG cCategories; ULONG cExpanded; SSortOrder aSort[n]; } id
#endif
#ifndef TABLE_SORT_CATEG_MAX
#define TABLE_SORT_CATEG_MAX 4U
#define TABLE_SORT_CATEG_MIN 8U
#endif

static HMODULE hmapi32;

static BOOL (WINAPI *pFBadRglpszA)(LPSTR *, ULONG);
static BOOL (WINAPI *pFBadRglpszW)(LPWSTR *, ULONG);
static BOOL (WINAPI *pFBadRowSet)(SRowSet *);
static BOOL (WINAPI *pFBadRglpNameID)(MAPINAMEID **, ULONG);
static BOOL (WINAPI *pFBadEntryList)(ENTRYLIST *);
static ULONG (WINAPI *pFBadRestriction)(SRestriction *);
static ULONG (WINAPI *pFBadPropTag)(ULONG);
static ULONG (WINAPI *pFBadRow)(SRow *);
static ULONG (WINAPI *pFBadProp)(SPropValue *);
static ULONG (WINAPI *pFBadSortOrderSet)(SSortOrderSet *);
static ULONG (WINAPI *pFBadColumnSet)(SPropTagArray *);

/* A committed page that cannot be read. */
static void *bad_page;

static BOOL init_function_pointers(void)
{
    hmapi32 = LoadLibraryA("mapi32.dll");
    ok(hmapi32 != NULL, "cannot load mapi32.dll, error %lu.\n", GetLastError());
    if (!hmapi32) return FALSE;

#define GET(name, decorated) p##name = (void *)GetProcAddress(hmapi32, decorated); \
        ok(p##name != NULL, "%s is not exported.\n", decorated)
    GET(FBadRglpszA, "FBadRglpszA@8");
    GET(FBadRglpszW, "FBadRglpszW@8");
    GET(FBadRowSet, "FBadRowSet@4");
    GET(FBadRglpNameID, "FBadRglpNameID@8");
    GET(FBadEntryList, "FBadEntryList@4");
    GET(FBadRestriction, "FBadRestriction@4");
    GET(FBadPropTag, "FBadPropTag@4");
    GET(FBadRow, "FBadRow@4");
    GET(FBadProp, "FBadProp@4");
    GET(FBadSortOrderSet, "FBadSortOrderSet@4");
    GET(FBadColumnSet, "FBadColumnSet@4");
#undef GET

    bad_page = VirtualAlloc(NULL, 4096, MEM_RESERVE | MEM_COMMIT, PAGE_NOACCESS);
    ok(bad_page != NULL, "VirtualAlloc failed, error %lu.\n", GetLastError());

    return pFBadRglpszA && pFBadRglpszW && pFBadRowSet && pFBadRglpNameID && pFBadEntryList
            && pFBadRestriction && pFBadPropTag && pFBadRow && pFBadProp && pFBadSortOrderSet
            && pFBadColumnSet && bad_page;
}

static void test_exports(void)
{
    static const char *names[][2] =
    {
        {"FBadRglpszA", "FBadRglpszA@8"},
        {"FBadRglpszW", "FBadRglpszW@8"},
        {"FBadRowSet", "FBadRowSet@4"},
        {"FBadRglpNameID", "FBadRglpNameID@8"},
        {"FBadPropTag", "FBadPropTag@4"},
        {"FBadRow", "FBadRow@4"},
        {"FBadProp", "FBadProp@4"},
        {"FBadColumnSet", "FBadColumnSet@4"},
        {"FBadSortOrderSet", "FBadSortOrderSet@4"},
        {"FBadEntryList", "FBadEntryList@4"},
        {"FBadRestriction", "FBadRestriction@4"},
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
    {
        void *plain = GetProcAddress(hmapi32, names[i][0]), *decorated = GetProcAddress(hmapi32, names[i][1]);

        ok(plain != NULL, "%s is not exported.\n", names[i][0]);
        ok(plain == decorated, "%s is %p, %s is %p.\n", names[i][0], plain, names[i][1], decorated);
    }
    ok(GetProcAddress(hmapi32, MAKEINTRESOURCEA(179)) == (void *)pFBadPropTag, "wrong ordinal 179.\n");
    ok(GetProcAddress(hmapi32, MAKEINTRESOURCEA(191)) == (void *)pFBadRestriction, "wrong ordinal 191.\n");
}

static void test_FBadRglpszA(void)
{
    char str[] = "A String", *strings[4];
    BOOL ret;

    strings[0] = strings[1] = strings[2] = str;
    strings[3] = NULL;
    ret = pFBadRglpszA(strings, 3);
    ok(!ret, "got %d.\n", ret);
    ret = pFBadRglpszA(strings, 4);
    ok(ret, "got %d.\n", ret);
    strings[3] = bad_page;
    ret = pFBadRglpszA(strings, 4);
    ok(ret, "got %d.\n", ret);
    strings[3] = (char *)"";
    ret = pFBadRglpszA(strings, 4);
    ok(!ret, "got %d.\n", ret);

    ret = pFBadRglpszA(NULL, 10);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRglpszA(bad_page, 1);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRglpszA(NULL, 0);
    ok(!ret, "got %d.\n", ret);
}

static void test_FBadRglpszW(void)
{
    WCHAR str[] = L"A String", *strings[4];
    BOOL ret;

    strings[0] = strings[1] = strings[2] = str;
    strings[3] = NULL;
    ret = pFBadRglpszW(strings, 3);
    ok(!ret, "got %d.\n", ret);
    ret = pFBadRglpszW(strings, 4);
    ok(ret, "got %d.\n", ret);
    strings[3] = bad_page;
    ret = pFBadRglpszW(strings, 4);
    ok(ret, "got %d.\n", ret);
    strings[3] = (WCHAR *)L"";
    ret = pFBadRglpszW(strings, 4);
    ok(!ret, "got %d.\n", ret);

    ret = pFBadRglpszW(NULL, 10);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRglpszW(bad_page, 1);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRglpszW(NULL, 0);
    ok(!ret, "got %d.\n", ret);
}

/* The property types a tag may have, without MV_FLAG. */
static BOOL is_known_type(ULONG type)
{
    static const ULONG types[] =
    {
        PT_UNSPECIFIED, PT_NULL, PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_CURRENCY, PT_APPTIME, PT_ERROR,
        PT_BOOLEAN, PT_OBJECT, PT_I8, PT_STRING8, PT_UNICODE, PT_SYSTIME, PT_CLSID, PT_BINARY,
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(types); i++)
        if (type == types[i]) return TRUE;
    return FALSE;
}

static void test_FBadPropTag(void)
{
    ULONG type, ret, bad = 0, good = 0;

    for (type = 0; type <= PROP_TYPE_MASK; type++)
    {
        BOOL expect_bad = !is_known_type(type & ~MV_FLAG);

        ret = pFBadPropTag(PROP_TAG(type, 0x6000));
        if (!!ret != expect_bad)
        {
            ok(0, "type %#lx: got %lu.\n", type, ret);
            break;
        }
        if (ret) bad++;
        else good++;
    }
    ok(good == 34, "got %lu good types.\n", good);
    ok(bad == 0x10000 - 34, "got %lu bad types.\n", bad);

    /* The identifier is not checked. */
    ret = pFBadPropTag(PROP_TAG(PT_LONG, 0));
    ok(!ret, "got %lu.\n", ret);
    ret = pFBadPropTag(PROP_TAG(PT_LONG, PROP_ID_INVALID));
    ok(!ret, "got %lu.\n", ret);
    ret = pFBadPropTag(PROP_TAG(PT_MV_UNICODE, 0x8000));
    ok(!ret, "got %lu.\n", ret);

    /* Multi-valued instances are not tags of properties. */
    ret = pFBadPropTag(PROP_TAG(MVI_PROP(PT_LONG), 0x6000));
    ok(ret, "got %lu.\n", ret);
    ret = pFBadPropTag(PROP_TAG(MV_INSTANCE | PT_LONG, 0x6000));
    ok(ret, "got %lu.\n", ret);
}

static void test_FBadProp(void)
{
    static const ULONG no_pointer_types[] =
    {
        PT_UNSPECIFIED, PT_NULL, PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_CURRENCY, PT_APPTIME, PT_ERROR,
        PT_BOOLEAN, PT_OBJECT, PT_I8, PT_SYSTIME, MV_FLAG | PT_UNSPECIFIED, MV_FLAG | PT_NULL,
        MV_FLAG | PT_ERROR, MV_FLAG | PT_BOOLEAN, MV_FLAG | PT_OBJECT,
    };
    static const ULONG array_types[] =
    {
        PT_MV_I2, PT_MV_LONG, PT_MV_R4, PT_MV_DOUBLE, PT_MV_CURRENCY, PT_MV_APPTIME, PT_MV_SYSTIME,
        PT_MV_I8, PT_MV_CLSID, PT_MV_STRING8, PT_MV_UNICODE, PT_MV_BINARY,
    };
    char str_a[] = "abc", *strings_a[2] = {str_a, str_a};
    WCHAR str_w[] = L"abc", *strings_w[2] = {str_w, str_w};
    BYTE data[64] = {0};
    SBinary bins[2] = {{4, data}, {0, NULL}};
    GUID guid = {0};
    SPropValue prop;
    unsigned int i;
    ULONG ret;

    /* Values without pointers are good whatever they hold. */
    for (i = 0; i < ARRAY_SIZE(no_pointer_types); i++)
    {
        memset(&prop, 0xcc, sizeof(prop));
        prop.ulPropTag = PROP_TAG(no_pointer_types[i], 0x6000);
        ret = pFBadProp(&prop);
        ok(!ret, "type %#lx: got %lu.\n", no_pointer_types[i], ret);
    }

    /* Empty arrays are good, unreadable ones bad. */
    for (i = 0; i < ARRAY_SIZE(array_types); i++)
    {
        winetest_push_context("type %#lx", array_types[i]);
        prop.ulPropTag = PROP_TAG(array_types[i], 0x6000);
        prop.Value.MVi.cValues = 0;
        prop.Value.MVi.lpi = NULL;
        ret = pFBadProp(&prop);
        ok(!ret, "empty: got %lu.\n", ret);
        prop.Value.MVi.cValues = 2;
        ret = pFBadProp(&prop);
        ok(ret, "NULL: got %lu.\n", ret);
        prop.Value.MVi.lpi = bad_page;
        ret = pFBadProp(&prop);
        ok(ret, "unreadable: got %lu.\n", ret);
        /* A readable array. */
        prop.Value.MVi.lpi = (short *)data;
        if (array_types[i] == PT_MV_STRING8) prop.Value.MVszA.lppszA = strings_a;
        if (array_types[i] == PT_MV_UNICODE) prop.Value.MVszW.lppszW = strings_w;
        if (array_types[i] == PT_MV_BINARY) prop.Value.MVbin.lpbin = bins;
        ret = pFBadProp(&prop);
        ok(!ret, "readable: got %lu.\n", ret);
        winetest_pop_context();
    }

    /* What the arrays point to is checked too. */
    prop.ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6000);
    prop.Value.MVszA.cValues = 2;
    prop.Value.MVszA.lppszA = strings_a;
    strings_a[1] = NULL;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    prop.ulPropTag = PROP_TAG(PT_MV_UNICODE, 0x6000);
    prop.Value.MVszW.lppszW = strings_w;
    strings_w[1] = bad_page;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    prop.ulPropTag = PROP_TAG(PT_MV_BINARY, 0x6000);
    prop.Value.MVbin.lpbin = bins;
    bins[1].cb = 1;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    bins[1].lpb = bad_page;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);

    /* Single values with pointers. */
    prop.ulPropTag = PROP_TAG(PT_STRING8, 0x6000);
    prop.Value.lpszA = str_a;
    ret = pFBadProp(&prop);
    ok(!ret, "got %lu.\n", ret);
    prop.Value.lpszA = NULL;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    prop.Value.lpszA = bad_page;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);

    prop.ulPropTag = PROP_TAG(PT_UNICODE, 0x6000);
    prop.Value.lpszW = str_w;
    ret = pFBadProp(&prop);
    ok(!ret, "got %lu.\n", ret);
    prop.Value.lpszW = NULL;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);

    prop.ulPropTag = PROP_TAG(PT_CLSID, 0x6000);
    prop.Value.lpguid = &guid;
    ret = pFBadProp(&prop);
    ok(!ret, "got %lu.\n", ret);
    prop.Value.lpguid = NULL;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    prop.Value.lpguid = bad_page;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);

    prop.ulPropTag = PROP_TAG(PT_BINARY, 0x6000);
    prop.Value.bin.cb = sizeof(data);
    prop.Value.bin.lpb = data;
    ret = pFBadProp(&prop);
    ok(!ret, "got %lu.\n", ret);
    prop.Value.bin.cb = 0;
    prop.Value.bin.lpb = NULL;
    ret = pFBadProp(&prop);
    ok(!ret, "got %lu.\n", ret);
    prop.Value.bin.cb = 1;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    prop.Value.bin.lpb = bad_page;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);

    /* Bad tags and bad property pointers. */
    prop.ulPropTag = PROP_TAG(0x0103, 0x6000);
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    prop.ulPropTag = PROP_TAG(MVI_PROP(PT_LONG), 0x6000);
    prop.Value.MVl.cValues = 0;
    ret = pFBadProp(&prop);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadProp(NULL);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadProp(bad_page);
    ok(ret, "got %lu.\n", ret);
}

static void test_FBadRow(void)
{
    SPropValue props[2];
    SRow row;
    ULONG ret;

    props[0].ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    props[0].Value.l = 1;
    props[1].ulPropTag = PROP_TAG(PT_STRING8, 0x6002);
    props[1].Value.lpszA = (char *)"row";
    row.ulAdrEntryPad = 0;
    row.cValues = 2;
    row.lpProps = props;
    ret = pFBadRow(&row);
    ok(!ret, "got %lu.\n", ret);

    props[1].Value.lpszA = NULL;
    ret = pFBadRow(&row);
    ok(ret, "got %lu.\n", ret);
    row.cValues = 1;
    ret = pFBadRow(&row);
    ok(!ret, "got %lu.\n", ret);

    row.lpProps = NULL;
    ret = pFBadRow(&row);
    ok(ret, "got %lu.\n", ret);
    row.lpProps = bad_page;
    ret = pFBadRow(&row);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadRow(NULL);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadRow(bad_page);
    ok(ret, "got %lu.\n", ret);
}

static void test_FBadRowSet(void)
{
    SizedSRowSet(2, rows);
    SPropValue props[2];
    BOOL ret;

    props[0].ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    props[0].Value.l = 1;
    props[1].ulPropTag = PROP_TAG(PT_UNICODE, 0x6002);
    props[1].Value.lpszW = (WCHAR *)L"row";
    rows.cRows = 2;
    rows.aRow[0].ulAdrEntryPad = rows.aRow[1].ulAdrEntryPad = 0;
    rows.aRow[0].cValues = 1;
    rows.aRow[0].lpProps = &props[0];
    rows.aRow[1].cValues = 2;
    rows.aRow[1].lpProps = props;
    ret = pFBadRowSet((SRowSet *)&rows);
    ok(!ret, "got %d.\n", ret);

    rows.cRows = 0;
    ret = pFBadRowSet((SRowSet *)&rows);
    ok(!ret, "got %d.\n", ret);

    rows.cRows = 2;
    rows.aRow[1].lpProps = NULL;
    ret = pFBadRowSet((SRowSet *)&rows);
    ok(ret, "got %d.\n", ret);
    rows.aRow[1].lpProps = props;
    props[1].ulPropTag = PROP_TAG(0x0103, 0x6002);
    ret = pFBadRowSet((SRowSet *)&rows);
    ok(ret, "got %d.\n", ret);
    rows.cRows = 1;
    ret = pFBadRowSet((SRowSet *)&rows);
    ok(!ret, "got %d.\n", ret);

    ret = pFBadRowSet(NULL);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRowSet(bad_page);
    ok(ret, "got %d.\n", ret);
}

static void test_FBadColumnSet(void)
{
    SizedSPropTagArray(3, columns);
    ULONG type, ret;

    columns.cValues = 3;
    columns.aulPropTag[0] = PR_SUBJECT_A;
    columns.aulPropTag[1] = PR_ENTRYID;
    columns.aulPropTag[2] = PROP_TAG(PT_MV_UNICODE, 0x6000);
    ret = pFBadColumnSet((SPropTagArray *)&columns);
    ok(!ret, "got %lu.\n", ret);

    /* Every valid property type but the single-valued PT_ERROR. */
    columns.cValues = 1;
    for (type = 0; type <= PROP_TYPE_MASK; type++)
    {
        BOOL expect_bad = !is_known_type(type & ~MV_FLAG) || type == PT_ERROR;

        columns.aulPropTag[0] = PROP_TAG(type, 0x6000);
        ret = pFBadColumnSet((SPropTagArray *)&columns);
        if (!!ret != expect_bad)
        {
            ok(0, "type %#lx: got %lu.\n", type, ret);
            break;
        }
    }
    ok(type == PROP_TYPE_MASK + 1, "stopped at type %#lx.\n", type);

    columns.cValues = 0;
    ret = pFBadColumnSet((SPropTagArray *)&columns);
    ok(!ret, "got %lu.\n", ret);
    columns.cValues = 3;
    columns.aulPropTag[0] = PR_SUBJECT_A;
    columns.aulPropTag[2] = PROP_TAG(MVI_PROP(PT_LONG), 0x6000);
    ret = pFBadColumnSet((SPropTagArray *)&columns);
    ok(ret, "got %lu.\n", ret);

    ret = pFBadColumnSet(NULL);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadColumnSet(bad_page);
    ok(ret, "got %lu.\n", ret);
}

static void test_FBadEntryList(void)
{
    BYTE data[16] = {0};
    SBinary entries[2] = {{sizeof(data), data}, {4, data}};
    ENTRYLIST list;
    BOOL ret;

    list.cValues = 2;
    list.lpbin = entries;
    ret = pFBadEntryList(&list);
    ok(!ret, "got %d.\n", ret);

    list.cValues = 0;
    list.lpbin = NULL;
    ret = pFBadEntryList(&list);
    ok(!ret, "got %d.\n", ret);

    list.cValues = 2;
    ret = pFBadEntryList(&list);
    ok(ret, "got %d.\n", ret);
    list.lpbin = bad_page;
    ret = pFBadEntryList(&list);
    ok(ret, "got %d.\n", ret);
    list.lpbin = entries;
    entries[1].lpb = NULL;
    ret = pFBadEntryList(&list);
    ok(ret, "got %d.\n", ret);
    entries[1].lpb = bad_page;
    ret = pFBadEntryList(&list);
    ok(ret, "got %d.\n", ret);
    list.cValues = 1;
    ret = pFBadEntryList(&list);
    ok(!ret, "got %d.\n", ret);

    ret = pFBadEntryList(NULL);
    ok(ret, "got %d.\n", ret);
    ret = pFBadEntryList(bad_page);
    ok(ret, "got %d.\n", ret);
}

static void test_FBadRestriction(void)
{
    SRestriction res, sub[3], *bad = bad_page;
    SPropValue value, comment[2];
    ULONG ret;

    value.ulPropTag = PR_SUBJECT_A;
    value.Value.lpszA = (char *)"subject";

    /* Leaves, good and bad. */
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.ulPropTag = PR_SUBJECT_A;
    res.res.resProperty.lpProp = &value;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resProperty.relop = RELOP_RE;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resProperty.relop = RELOP_RE + 1;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.lpProp = NULL;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    res.res.resProperty.lpProp = &value;
    res.res.resProperty.ulPropTag = PROP_TAG(0x0103, 0x0037);
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_CONTENT;
    res.res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
    res.res.resContent.ulPropTag = PR_SUBJECT_A;
    res.res.resContent.lpProp = &value;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    value.Value.lpszA = NULL;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    value.Value.lpszA = (char *)"subject";
    res.res.resContent.lpProp = bad_page;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_COMPAREPROPS;
    res.res.resCompareProps.relop = RELOP_NE;
    res.res.resCompareProps.ulPropTag1 = PR_SUBJECT_A;
    res.res.resCompareProps.ulPropTag2 = PR_BODY_A;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resCompareProps.relop = 7;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    res.res.resCompareProps.relop = RELOP_LT;
    res.res.resCompareProps.ulPropTag2 = PROP_TAG(0x0103, 0x1000);
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_BITMASK;
    res.res.resBitMask.relBMR = BMR_NEZ;
    res.res.resBitMask.ulPropTag = PR_MESSAGE_FLAGS;
    res.res.resBitMask.ulMask = MSGFLAG_READ;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resBitMask.relBMR = BMR_EQZ;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resBitMask.relBMR = 2;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_SIZE;
    res.res.resSize.relop = RELOP_GT;
    res.res.resSize.ulPropTag = PR_BODY_A;
    res.res.resSize.cb = 100;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resSize.relop = 0x100;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_EXIST;
    res.res.resExist.ulReserved1 = res.res.resExist.ulReserved2 = 0;
    res.res.resExist.ulPropTag = PR_SUBJECT_A;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resExist.ulPropTag = PROP_TAG(MV_INSTANCE | PT_LONG, 0x1000);
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    /* Subrestrictions are checked down the tree. */
    sub[0].rt = RES_EXIST;
    sub[0].res.resExist.ulPropTag = PR_SUBJECT_A;
    sub[1].rt = RES_PROPERTY;
    sub[1].res.resProperty.relop = RELOP_EQ;
    sub[1].res.resProperty.ulPropTag = PR_SUBJECT_A;
    sub[1].res.resProperty.lpProp = &value;
    sub[2].rt = RES_NOT;
    sub[2].res.resNot.ulReserved = 0;
    sub[2].res.resNot.lpRes = &sub[0];

    res.rt = RES_AND;
    res.res.resAnd.cRes = 3;
    res.res.resAnd.lpRes = sub;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.rt = RES_OR;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    sub[0].res.resExist.ulPropTag = PROP_TAG(0x0103, 0x0037);
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    res.res.resOr.cRes = 2;
    res.res.resOr.lpRes = &sub[1];
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    sub[0].res.resExist.ulPropTag = PR_SUBJECT_A;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resOr.cRes = 0;
    res.res.resOr.lpRes = NULL;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resOr.cRes = 1;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    res.res.resOr.lpRes = bad;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_NOT;
    res.res.resNot.lpRes = &sub[2];
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resNot.lpRes = NULL;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_SUBRESTRICTION;
    res.res.resSub.ulSubObject = PR_MESSAGE_RECIPIENTS;
    res.res.resSub.lpRes = &sub[1];
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resSub.lpRes = NULL;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    /* SCountRestriction: a count and a subrestriction. */
    res.rt = RES_COUNT;
    res.res.resNot.ulReserved = 3;
    res.res.resNot.lpRes = &sub[1];
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resNot.lpRes = bad;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    /* Comments: the properties are checked, the restriction is optional. */
    comment[0].ulPropTag = PROP_TAG(PT_UNICODE, 0x6000);
    comment[0].Value.lpszW = (WCHAR *)L"name";
    comment[1].ulPropTag = PROP_TAG(PT_LONG, 0x6001);
    comment[1].Value.l = 5;
    res.rt = RES_COMMENT;
    res.res.resComment.cValues = 2;
    res.res.resComment.lpProp = comment;
    res.res.resComment.lpRes = &sub[1];
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.res.resComment.lpRes = NULL;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.rt = RES_ANNOTATION;
    ret = pFBadRestriction(&res);
    ok(!ret, "got %lu.\n", ret);
    res.rt = RES_COMMENT;
    res.res.resComment.lpRes = bad;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    res.res.resComment.lpRes = &sub[1];
    comment[0].Value.lpszW = NULL;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    res.res.resComment.lpProp = NULL;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    /* A restriction that contains itself never ends. */
    res.rt = RES_NOT;
    res.res.resNot.lpRes = &res;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);

    res.rt = RES_ANNOTATION + 1;
    ret = pFBadRestriction(&res);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadRestriction(NULL);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadRestriction(bad);
    ok(ret, "got %lu.\n", ret);
}

static void test_FBadSortOrderSet(void)
{
    SizedSSortOrderSet(3, sort);
    ULONG ret;

    sort.cSorts = 3;
    sort.cCategories = 2;
    sort.cExpanded = 1;
    sort.aSort[0].ulPropTag = PR_SENDER_NAME_A;
    sort.aSort[0].ulOrder = TABLE_SORT_ASCEND;
    sort.aSort[1].ulPropTag = PR_SUBJECT_A;
    sort.aSort[1].ulOrder = TABLE_SORT_COMBINE;
    sort.aSort[2].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    sort.aSort[2].ulOrder = TABLE_SORT_DESCEND;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(!ret, "got %lu.\n", ret);

    sort.aSort[2].ulOrder = TABLE_SORT_CATEG_MAX;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(!ret, "got %lu.\n", ret);
    sort.aSort[2].ulOrder = TABLE_SORT_CATEG_MIN;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(!ret, "got %lu.\n", ret);
    sort.aSort[2].ulOrder = 3;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(ret, "got %lu.\n", ret);
    sort.aSort[2].ulOrder = TABLE_SORT_DESCEND;

    /* Combining needs an order before. */
    sort.aSort[0].ulOrder = TABLE_SORT_COMBINE;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(ret, "got %lu.\n", ret);
    sort.aSort[0].ulOrder = TABLE_SORT_ASCEND;

    /* Multi-valued columns are sorted as instances. */
    sort.aSort[0].ulPropTag = PROP_TAG(MVI_PROP(PT_UNICODE), 0x6000);
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(!ret, "got %lu.\n", ret);
    sort.aSort[0].ulPropTag = PROP_TAG(MV_INSTANCE | PT_UNICODE, 0x6000);
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(ret, "got %lu.\n", ret);
    sort.aSort[0].ulPropTag = PROP_TAG(0x0103, 0x6000);
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(ret, "got %lu.\n", ret);
    sort.aSort[0].ulPropTag = PR_SENDER_NAME_A;

    /* Categories are among the sorts, expanded ones among the categories. */
    sort.cCategories = 4;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(ret, "got %lu.\n", ret);
    sort.cCategories = 3;
    sort.cExpanded = 3;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(!ret, "got %lu.\n", ret);
    sort.cCategories = 1;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(ret, "got %lu.\n", ret);

    sort.cSorts = sort.cCategories = sort.cExpanded = 0;
    ret = pFBadSortOrderSet((SSortOrderSet *)&sort);
    ok(!ret, "got %lu.\n", ret);
    ret = pFBadSortOrderSet(NULL);
    ok(ret, "got %lu.\n", ret);
    ret = pFBadSortOrderSet(bad_page);
    ok(ret, "got %lu.\n", ret);
}

static void test_FBadRglpNameID(void)
{
    GUID guid = {0x00020329, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
    MAPINAMEID by_id, by_name, *names[2];
    BOOL ret;

    by_id.lpguid = &guid;
    by_id.ulKind = MNID_ID;
    by_id.Kind.lID = 0x8501;
    by_name.lpguid = &guid;
    by_name.ulKind = MNID_STRING;
    by_name.Kind.lpwstrName = (WCHAR *)L"Keywords";
    names[0] = &by_id;
    names[1] = &by_name;
    ret = pFBadRglpNameID(names, 2);
    ok(!ret, "got %d.\n", ret);

    by_name.Kind.lpwstrName = NULL;
    ret = pFBadRglpNameID(names, 2);
    ok(ret, "got %d.\n", ret);
    by_name.Kind.lpwstrName = bad_page;
    ret = pFBadRglpNameID(names, 2);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRglpNameID(names, 1);
    ok(!ret, "got %d.\n", ret);

    by_id.ulKind = 2;
    ret = pFBadRglpNameID(names, 1);
    ok(ret, "got %d.\n", ret);
    by_id.ulKind = MNID_ID;
    by_id.lpguid = NULL;
    ret = pFBadRglpNameID(names, 1);
    ok(ret, "got %d.\n", ret);
    by_id.lpguid = bad_page;
    ret = pFBadRglpNameID(names, 1);
    ok(ret, "got %d.\n", ret);
    by_id.lpguid = &guid;

    names[1] = NULL;
    ret = pFBadRglpNameID(names, 2);
    ok(ret, "got %d.\n", ret);
    names[1] = bad_page;
    ret = pFBadRglpNameID(names, 2);
    ok(ret, "got %d.\n", ret);

    ret = pFBadRglpNameID(NULL, 1);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRglpNameID(bad_page, 1);
    ok(ret, "got %d.\n", ret);
    ret = pFBadRglpNameID(NULL, 0);
    ok(!ret, "got %d.\n", ret);
}

START_TEST(validate)
{
    if (!init_function_pointers()) return;

    test_exports();
    test_FBadRglpszA();
    test_FBadRglpszW();
    test_FBadPropTag();
    test_FBadProp();
    test_FBadRow();
    test_FBadRowSet();
    test_FBadColumnSet();
    test_FBadEntryList();
    test_FBadRestriction();
    test_FBadSortOrderSet();
    test_FBadRglpNameID();

    VirtualFree(bad_page, 0, MEM_RELEASE);
    FreeLibrary(hmapi32);
}
