/*
 * mapi32: validation of MAPI structures (FBad*)
 *
 * Every function returns TRUE for a structure it cannot read, through
 * IsBadReadPtr and IsBadStringPtr, rather than crashing on it.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#ifndef BMR_EQZ
#define BMR_EQZ 0U
#define BMR_NEZ 1U
#endif
#ifndef TABLE_SORT_CATEG_MAX
#define TABLE_SORT_CATEG_MAX 4U
#define TABLE_SORT_CATEG_MIN 8U
#endif

/* Deeper restrictions are taken for cycles. */
#define MAX_RESTRICTION_DEPTH 256

/* Whether count elements of size bytes cannot be read at ptr. */
static BOOL bad_array(const void *ptr, ULONG count, SIZE_T size)
{
    if (!count) return FALSE;
    if (!ptr || count > (SIZE_T)~0 / size) return TRUE;
    return IsBadReadPtr(ptr, count * size);
}

/* Whether a structure with a count at its start and count elements after
 * its header cannot be read. */
static BOOL bad_counted_struct(const void *ptr, SIZE_T header, ULONG count_offset, SIZE_T element)
{
    ULONG count;

    if (!ptr || IsBadReadPtr(ptr, header)) return TRUE;
    count = *(const ULONG *)((const BYTE *)ptr + count_offset);
    if (count > ((SIZE_T)~0 - header) / element) return TRUE;
    return IsBadReadPtr(ptr, header + count * element);
}

static BOOL bad_string_a(const char *str)
{
    return !str || IsBadStringPtrA(str, ~(UINT_PTR)0);
}

static BOOL bad_string_w(const WCHAR *str)
{
    return !str || IsBadStringPtrW(str, ~(UINT_PTR)0);
}

/***********************************************************************
 *              FBadRglpszA@8 (MAPI32.175)
 *
 * No string may be NULL; an empty array is good.
 */
BOOL WINAPI FBadRglpszA(LPSTR *strings, ULONG count)
{
    ULONG i;

    TRACE("%p, %lu.\n", strings, count);

    if (bad_array(strings, count, sizeof(*strings))) return TRUE;
    for (i = 0; i < count; i++)
        if (bad_string_a(strings[i])) return TRUE;
    return FALSE;
}

/***********************************************************************
 *              FBadRglpszW@8 (MAPI32.176)
 *
 * No string may be NULL; an empty array is good.
 */
BOOL WINAPI FBadRglpszW(LPWSTR *strings, ULONG count)
{
    ULONG i;

    TRACE("%p, %lu.\n", strings, count);

    if (bad_array(strings, count, sizeof(*strings))) return TRUE;
    for (i = 0; i < count; i++)
        if (bad_string_w(strings[i])) return TRUE;
    return FALSE;
}

/***********************************************************************
 *              FBadRowSet@4 (MAPI32.177)
 */
BOOL WINAPI FBadRowSet(LPSRowSet rows)
{
    ULONG i;

    TRACE("%p.\n", rows);

    if (bad_counted_struct(rows, offsetof(SRowSet, aRow), offsetof(SRowSet, cRows), sizeof(SRow)))
        return TRUE;
    for (i = 0; i < rows->cRows; i++)
        if (FBadRow(&rows->aRow[i])) return TRUE;
    return FALSE;
}

/***********************************************************************
 *              FBadRglpNameID@8 (MAPI32.178)
 *
 * Each name needs its property set GUID, and a string name its string.
 */
BOOL WINAPI FBadRglpNameID(LPMAPINAMEID *names, ULONG count)
{
    const MAPINAMEID *name;
    ULONG i;

    TRACE("%p, %lu.\n", names, count);

    if (bad_array(names, count, sizeof(*names))) return TRUE;
    for (i = 0; i < count; i++)
    {
        name = names[i];
        if (!name || IsBadReadPtr(name, sizeof(*name))) return TRUE;
        if (!name->lpguid || IsBadReadPtr(name->lpguid, sizeof(GUID))) return TRUE;
        if (name->ulKind == MNID_STRING)
        {
            if (bad_string_w(name->Kind.lpwstrName)) return TRUE;
        }
        else if (name->ulKind != MNID_ID) return TRUE;
    }
    return FALSE;
}

static BOOL bad_binary_array(const SBinaryArray *array)
{
    ULONG i;

    if (bad_array(array->lpbin, array->cValues, sizeof(SBinary))) return TRUE;
    for (i = 0; i < array->cValues; i++)
        if (IsBadReadPtr(array->lpbin[i].lpb, array->lpbin[i].cb)) return TRUE;
    return FALSE;
}

/***********************************************************************
 *              FBadEntryList@4 (MAPI32.190)
 */
BOOL WINAPI FBadEntryList(LPENTRYLIST list)
{
    TRACE("%p.\n", list);

    if (!list || IsBadReadPtr(list, sizeof(*list))) return TRUE;
    return bad_binary_array(list);
}

static BOOL bad_relop(ULONG relop)
{
    return relop > RELOP_RE;
}

static BOOL bad_props(const SPropValue *props, ULONG count)
{
    ULONG i;

    if (bad_array(props, count, sizeof(*props))) return TRUE;
    for (i = 0; i < count; i++)
        if (prop_tag_is_bad(props[i].ulPropTag) || prop_value_is_bad(&props[i])) return TRUE;
    return FALSE;
}

static BOOL bad_restriction(const SRestriction *res, unsigned int depth);

static BOOL bad_restrictions(const SRestriction *res, ULONG count, unsigned int depth)
{
    ULONG i;

    if (bad_array(res, count, sizeof(*res))) return TRUE;
    for (i = 0; i < count; i++)
        if (bad_restriction(&res[i], depth)) return TRUE;
    return FALSE;
}

static BOOL bad_restriction(const SRestriction *res, unsigned int depth)
{
    if (depth > MAX_RESTRICTION_DEPTH)
    {
        WARN("restriction nested deeper than %u.\n", MAX_RESTRICTION_DEPTH);
        return TRUE;
    }
    if (!res || IsBadReadPtr(res, sizeof(*res))) return TRUE;

    switch (res->rt)
    {
    case RES_AND:
        return bad_restrictions(res->res.resAnd.lpRes, res->res.resAnd.cRes, depth + 1);
    case RES_OR:
        return bad_restrictions(res->res.resOr.lpRes, res->res.resOr.cRes, depth + 1);
    case RES_NOT:
        return bad_restriction(res->res.resNot.lpRes, depth + 1);
    case RES_COUNT:
        /* SCountRestriction has the layout of SNotRestriction. */
        return bad_restriction(res->res.resNot.lpRes, depth + 1);
    case RES_SUBRESTRICTION:
        return bad_restriction(res->res.resSub.lpRes, depth + 1);
    case RES_CONTENT:
        return prop_tag_is_bad(res->res.resContent.ulPropTag) || FBadProp(res->res.resContent.lpProp);
    case RES_PROPERTY:
        return bad_relop(res->res.resProperty.relop) || prop_tag_is_bad(res->res.resProperty.ulPropTag)
                || FBadProp(res->res.resProperty.lpProp);
    case RES_COMPAREPROPS:
        return bad_relop(res->res.resCompareProps.relop) || prop_tag_is_bad(res->res.resCompareProps.ulPropTag1)
                || prop_tag_is_bad(res->res.resCompareProps.ulPropTag2);
    case RES_BITMASK:
        return (res->res.resBitMask.relBMR != BMR_EQZ && res->res.resBitMask.relBMR != BMR_NEZ)
                || prop_tag_is_bad(res->res.resBitMask.ulPropTag);
    case RES_SIZE:
        return bad_relop(res->res.resSize.relop) || prop_tag_is_bad(res->res.resSize.ulPropTag);
    case RES_EXIST:
        return prop_tag_is_bad(res->res.resExist.ulPropTag);
    case RES_COMMENT:
    case RES_ANNOTATION:
        /* The annotated restriction is optional. */
        if (bad_props(res->res.resComment.lpProp, res->res.resComment.cValues)) return TRUE;
        return res->res.resComment.lpRes && bad_restriction(res->res.resComment.lpRes, depth + 1);
    }
    WARN("unknown restriction type %lu.\n", res->rt);
    return TRUE;
}

/***********************************************************************
 *              FBadRestriction@4 (MAPI32.191)
 *
 * Checks the restriction and all its subrestrictions.
 */
ULONG WINAPI FBadRestriction(LPSRestriction restriction)
{
    TRACE("%p.\n", restriction);

    return bad_restriction(restriction, 0);
}

/* FBadPropTag without the trace, for the checks made inside the DLL: only
 * the type is checked, with or without MV_FLAG; MV_INSTANCE is not a valid
 * part of a property tag. */
BOOL prop_tag_is_bad(ULONG tag)
{
    switch (PROP_TYPE(tag) & ~MV_FLAG)
    {
    case PT_UNSPECIFIED:
    case PT_NULL:
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_ERROR:
    case PT_BOOLEAN:
    case PT_OBJECT:
    case PT_I8:
    case PT_STRING8:
    case PT_UNICODE:
    case PT_SYSTIME:
    case PT_CLSID:
    case PT_BINARY:
        return FALSE;
    }
    return TRUE;
}

/***********************************************************************
 *              FBadPropTag@4 (MAPI32.179)
 */
ULONG WINAPI FBadPropTag(ULONG tag)
{
    TRACE("%#lx.\n", tag);

    return prop_tag_is_bad(tag);
}

/***********************************************************************
 *              FBadRow@4 (MAPI32.180)
 *
 * A row always has a property array.
 */
ULONG WINAPI FBadRow(LPSRow row)
{
    TRACE("%p.\n", row);

    if (!row || IsBadReadPtr(row, sizeof(*row)) || !row->lpProps) return TRUE;
    return bad_props(row->lpProps, row->cValues);
}

/* Whether the memory the value of prop, a readable property with a good
 * tag, points to cannot be read.  Multi-valued forms of types without an
 * array (PT_MV_ERROR, ...) are good, since there is nothing to check. */
BOOL prop_value_is_bad(const SPropValue *prop)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), slot;

    switch (type)
    {
    case PT_STRING8:
        return bad_string_a(prop->Value.lpszA);
    case PT_UNICODE:
        return bad_string_w(prop->Value.lpszW);
    case PT_BINARY:
        return IsBadReadPtr(prop->Value.bin.lpb, prop->Value.bin.cb);
    case PT_CLSID:
        return !prop->Value.lpguid || IsBadReadPtr(prop->Value.lpguid, sizeof(GUID));
    case PT_MV_STRING8:
        return FBadRglpszA(prop->Value.MVszA.lppszA, prop->Value.MVszA.cValues);
    case PT_MV_UNICODE:
        return FBadRglpszW(prop->Value.MVszW.lppszW, prop->Value.MVszW.cValues);
    case PT_MV_BINARY:
        return bad_binary_array(&prop->Value.MVbin);
    }

    if (!(slot = prop_mv_slot_size(type))) return FALSE;
    return bad_array(prop->Value.MVi.lpi, prop->Value.MVi.cValues, slot);
}

/***********************************************************************
 *              FBadProp@4 (MAPI32.181)
 *
 * Checks the tag and that the memory the value points to can be read.
 */
ULONG WINAPI FBadProp(LPSPropValue prop)
{
    TRACE("%p.\n", prop);

    if (!prop || IsBadReadPtr(prop, sizeof(*prop)) || prop_tag_is_bad(prop->ulPropTag)) return TRUE;
    return prop_value_is_bad(prop);
}

/***********************************************************************
 *              FBadSortOrderSet@4 (MAPI32.189)
 *
 * Sort keys may be multi-valued instances (MVI_FLAG); TABLE_SORT_COMBINE
 * cannot be the first order.
 */
ULONG WINAPI FBadSortOrderSet(LPSSortOrderSet sort)
{
    ULONG i, tag;

    TRACE("%p.\n", sort);

    if (bad_counted_struct(sort, offsetof(SSortOrderSet, aSort), offsetof(SSortOrderSet, cSorts),
            sizeof(SSortOrder)))
        return TRUE;
    if (sort->cCategories > sort->cSorts || sort->cExpanded > sort->cCategories) return TRUE;

    for (i = 0; i < sort->cSorts; i++)
    {
        tag = sort->aSort[i].ulPropTag;
        if ((tag & MVI_FLAG) == MVI_FLAG) tag &= ~MV_INSTANCE;
        if (prop_tag_is_bad(tag)) return TRUE;

        switch (sort->aSort[i].ulOrder)
        {
        case TABLE_SORT_ASCEND:
        case TABLE_SORT_DESCEND:
        case TABLE_SORT_CATEG_MAX:
        case TABLE_SORT_CATEG_MIN:
            break;
        case TABLE_SORT_COMBINE:
            if (!i) return TRUE;
            break;
        default:
            return TRUE;
        }
    }
    return FALSE;
}

/***********************************************************************
 *              FBadColumnSet@4 (MAPI32.182)
 *
 * A column cannot have the single-valued type PT_ERROR.
 */
ULONG WINAPI FBadColumnSet(LPSPropTagArray columns)
{
    ULONG i;

    TRACE("%p.\n", columns);

    if (bad_counted_struct(columns, offsetof(SPropTagArray, aulPropTag), offsetof(SPropTagArray, cValues),
            sizeof(ULONG)))
        return TRUE;
    for (i = 0; i < columns->cValues; i++)
    {
        if (PROP_TYPE(columns->aulPropTag[i]) == PT_ERROR || prop_tag_is_bad(columns->aulPropTag[i]))
            return TRUE;
    }
    return FALSE;
}
