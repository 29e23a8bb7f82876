/*
 * mapi32: restrictions on table rows: what a table can evaluate, a private
 * copy of a restriction, and its evaluation against one row
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A row is seen through a lookup function that returns the value of a
 * property tag in that row, or NULL when the row has none.  For a
 * multi-valued tag with MVI_FLAG the lookup returns the single value of the
 * row instance when the view expands that column, and the whole
 * multi-valued property otherwise.
 *
 * Where Microsoft's reference leaves the result open: a restriction on a
 * property the row lacks is false (so its NOT is true); a multi-valued
 * property compared with a single value matches when any of its values
 * does; a comment restriction evaluates the restriction it annotates and is
 * true when it annotates none.
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define ALIGN_SIZE(x) (((x) + 7) & ~(SIZE_T)7)

/* The type of the values a tag stands for in a row: the single type for a
 * multi-valued instance, the tag's own type otherwise. */
static ULONG value_type(ULONG tag)
{
    if ((tag & MVI_FLAG) == MVI_FLAG) return PROP_TYPE(tag) & ~MVI_FLAG;
    return PROP_TYPE(tag);
}

/* Whether a constant of type value_tag can be compared with the values of
 * tag: the same type, or one element type of a multi-valued tag. */
static BOOL constant_fits(ULONG tag, ULONG value_tag)
{
    ULONG type = value_type(tag);

    if (PROP_TYPE(value_tag) == type) return TRUE;
    return (type & MV_FLAG) && PROP_TYPE(value_tag) == (type & ~MV_FLAG);
}

static BOOL is_string_or_binary(ULONG type)
{
    type &= ~MV_FLAG;
    return type == PT_STRING8 || type == PT_UNICODE || type == PT_BINARY;
}

static BOOL prop_can_be_copied(const SPropValue *prop)
{
    ULONG size;

    return prop_data_size(prop, &size) == S_OK;
}

/* Deeper restrictions are taken for cycles. */
#define MAX_DEPTH 256

/* A property tag of a restriction; multi-valued instances (MVI_FLAG) are
 * allowed, unlike in FBadRestriction. */
static BOOL tag_is_good(ULONG tag)
{
    if ((tag & MVI_FLAG) == MVI_FLAG) tag &= ~MV_INSTANCE;
    return !prop_tag_is_bad(tag);
}

static BOOL restrictions_are_readable(const SRestriction *res, ULONG count)
{
    return !count || (res && count <= MAXDWORD / sizeof(*res) && !IsBadReadPtr(res, count * sizeof(*res)));
}

static HRESULT check(const SRestriction *res, unsigned int depth);

static HRESULT check_list(const SRestriction *res, ULONG count, unsigned int depth)
{
    HRESULT hr;
    ULONG i;

    if (!restrictions_are_readable(res, count)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
        if (FAILED(hr = check(&res[i], depth))) return hr;
    return S_OK;
}

static HRESULT check_content(const SContentRestriction *res)
{
    ULONG level = res->ulFuzzyLevel & 0xffff, type;

    if (!tag_is_good(res->ulPropTag) || FBadProp(res->lpProp)) return MAPI_E_INVALID_PARAMETER;
    if (level != FL_FULLSTRING && level != FL_SUBSTRING && level != FL_PREFIX) return MAPI_E_TOO_COMPLEX;
    type = value_type(res->ulPropTag);
    if (!is_string_or_binary(type)) return MAPI_E_TOO_COMPLEX;
    /* The search string is a single value, even for a multi-valued column. */
    if (PROP_TYPE(res->lpProp->ulPropTag) != (type & ~MV_FLAG)) return MAPI_E_TOO_COMPLEX;
    return S_OK;
}

static HRESULT check_property(const SPropertyRestriction *res)
{
    if (res->relop > RELOP_RE || !tag_is_good(res->ulPropTag) || FBadProp(res->lpProp))
        return MAPI_E_INVALID_PARAMETER;
    if (!constant_fits(res->ulPropTag, res->lpProp->ulPropTag) || !prop_can_be_copied(res->lpProp))
        return MAPI_E_TOO_COMPLEX;
    return S_OK;
}

static HRESULT check(const SRestriction *res, unsigned int depth)
{
    ULONG type;

    if (depth > MAX_DEPTH || !res || IsBadReadPtr(res, sizeof(*res))) return MAPI_E_INVALID_PARAMETER;

    switch (res->rt)
    {
    case RES_AND:
    case RES_OR:
        return check_list(res->res.resAnd.lpRes, res->res.resAnd.cRes, depth + 1);
    case RES_NOT:
        return check(res->res.resNot.lpRes, depth + 1);
    case RES_COMMENT:
    case RES_ANNOTATION:
        /* The annotation is never evaluated; the restriction it annotates is optional. */
        return res->res.resComment.lpRes ? check(res->res.resComment.lpRes, depth + 1) : S_OK;
    case RES_CONTENT:
        return check_content(&res->res.resContent);
    case RES_PROPERTY:
        return check_property(&res->res.resProperty);
    case RES_COMPAREPROPS:
        if (res->res.resCompareProps.relop > RELOP_RE || !tag_is_good(res->res.resCompareProps.ulPropTag1)
                || !tag_is_good(res->res.resCompareProps.ulPropTag2))
            return MAPI_E_INVALID_PARAMETER;
        if (value_type(res->res.resCompareProps.ulPropTag1) != value_type(res->res.resCompareProps.ulPropTag2))
            return MAPI_E_TOO_COMPLEX;
        return S_OK;
    case RES_BITMASK:
        if ((res->res.resBitMask.relBMR != BMR_EQZ && res->res.resBitMask.relBMR != BMR_NEZ)
                || !tag_is_good(res->res.resBitMask.ulPropTag))
            return MAPI_E_INVALID_PARAMETER;
        type = value_type(res->res.resBitMask.ulPropTag) & ~MV_FLAG;
        return type == PT_LONG || type == PT_I2 ? S_OK : MAPI_E_TOO_COMPLEX;
    case RES_SIZE:
        if (res->res.resSize.relop > RELOP_RE || !tag_is_good(res->res.resSize.ulPropTag))
            return MAPI_E_INVALID_PARAMETER;
        return res->res.resSize.relop == RELOP_RE ? MAPI_E_TOO_COMPLEX : S_OK;
    case RES_EXIST:
        return tag_is_good(res->res.resExist.ulPropTag) ? S_OK : MAPI_E_INVALID_PARAMETER;
    case RES_SUBRESTRICTION:
    case RES_COUNT:
        /* They need objects a table row does not have. */
        WARN("cannot evaluate restriction type %lu.\n", res->rt);
        return MAPI_E_TOO_COMPLEX;
    }
    WARN("unknown restriction type %lu.\n", res->rt);
    return MAPI_E_INVALID_PARAMETER;
}

/* Checks a restriction given for evaluation on table rows:
 * MAPI_E_INVALID_PARAMETER when it is malformed, MAPI_E_TOO_COMPLEX when
 * a table cannot evaluate it. */
HRESULT restriction_check(const SRestriction *res)
{
    return check(res, 0);
}

/* Bytes the copy of the restrictions and values res points to takes. */
static SIZE_T restriction_data_size(const SRestriction *res)
{
    SIZE_T size = 0;
    ULONG i, data = 0;

    switch (res->rt)
    {
    case RES_AND:
    case RES_OR:
        size = res->res.resAnd.cRes * sizeof(SRestriction);
        for (i = 0; i < res->res.resAnd.cRes; i++) size += restriction_data_size(&res->res.resAnd.lpRes[i]);
        return size;
    case RES_NOT:
        return sizeof(SRestriction) + restriction_data_size(res->res.resNot.lpRes);
    case RES_COMMENT:
    case RES_ANNOTATION:
        if (!res->res.resComment.lpRes) return 0;
        return sizeof(SRestriction) + restriction_data_size(res->res.resComment.lpRes);
    case RES_CONTENT:
    case RES_PROPERTY:
        /* SContentRestriction and SPropertyRestriction keep the value at the same place. */
        prop_data_size(res->res.resProperty.lpProp, &data);
        return ALIGN_SIZE(sizeof(SPropValue) + data);
    }
    return 0;
}

static BYTE *restriction_copy(SRestriction *dst, const SRestriction *src, BYTE *data)
{
    SRestriction *children;
    ULONG i, size;

    *dst = *src;
    switch (src->rt)
    {
    case RES_AND:
    case RES_OR:
        children = (SRestriction *)data;
        data += src->res.resAnd.cRes * sizeof(SRestriction);
        for (i = 0; i < src->res.resAnd.cRes; i++)
            data = restriction_copy(&children[i], &src->res.resAnd.lpRes[i], data);
        dst->res.resAnd.lpRes = children;
        break;
    case RES_NOT:
        children = (SRestriction *)data;
        dst->res.resNot.lpRes = children;
        data = restriction_copy(children, src->res.resNot.lpRes, data + sizeof(SRestriction));
        break;
    case RES_COMMENT:
    case RES_ANNOTATION:
        /* The annotation itself is never evaluated, so it is not kept. */
        dst->res.resComment.cValues = 0;
        dst->res.resComment.lpProp = NULL;
        if (!src->res.resComment.lpRes) break;
        children = (SRestriction *)data;
        dst->res.resComment.lpRes = children;
        data = restriction_copy(children, src->res.resComment.lpRes, data + sizeof(SRestriction));
        break;
    case RES_CONTENT:
    case RES_PROPERTY:
        ScCopyProps(1, src->res.resProperty.lpProp, data, &size);
        dst->res.resProperty.lpProp = (SPropValue *)data;
        data += ALIGN_SIZE(size);
        break;
    }
    return data;
}

/* A copy of res, which restriction_check accepted, in one block for
 * mapi_heap_free. */
SRestriction *restriction_dup(const SRestriction *res)
{
    SIZE_T size = sizeof(SRestriction) + restriction_data_size(res);
    SRestriction *copy;

    if (!(copy = mapi_heap_alloc(size))) return NULL;
    restriction_copy(copy, res, (BYTE *)(copy + 1));
    return copy;
}

static BOOL relop_holds(ULONG relop, LONG cmp)
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

/* A multi-valued row value tested against a single-valued constant. */
static BOOL value_is_list(const SPropValue *value, const SPropValue *constant)
{
    return (PROP_TYPE(value->ulPropTag) & MV_FLAG) && !(PROP_TYPE(constant->ulPropTag) & MV_FLAG);
}

static BOOL match_property(const SPropertyRestriction *res, restriction_lookup lookup, void *context)
{
    SPropValue scratch, element;
    const SPropValue *value;
    ULONG i;

    if (!(value = lookup(context, res->ulPropTag, &scratch))) return FALSE;
    if (!value_is_list(value, res->lpProp)) return FPropCompareProp((SPropValue *)value, res->relop, res->lpProp);
    for (i = 0; i < value->Value.MVi.cValues; i++)
    {
        prop_mv_value_at(value, i, &element);
        if (FPropCompareProp(&element, res->relop, res->lpProp)) return TRUE;
    }
    return FALSE;
}

static BOOL match_content(const SContentRestriction *res, restriction_lookup lookup, void *context)
{
    SPropValue scratch, element;
    const SPropValue *value;
    ULONG i;

    if (!(value = lookup(context, res->ulPropTag, &scratch))) return FALSE;
    if (!value_is_list(value, res->lpProp))
        return FPropContainsProp((SPropValue *)value, res->lpProp, res->ulFuzzyLevel);
    for (i = 0; i < value->Value.MVi.cValues; i++)
    {
        prop_mv_value_at(value, i, &element);
        if (FPropContainsProp(&element, res->lpProp, res->ulFuzzyLevel)) return TRUE;
    }
    return FALSE;
}

static BOOL bits_match(const SBitMaskRestriction *res, const SPropValue *value)
{
    ULONG bits = PROP_TYPE(value->ulPropTag) == PT_I2 ? (USHORT)value->Value.i : value->Value.l;

    return res->relBMR == BMR_EQZ ? !(bits & res->ulMask) : !!(bits & res->ulMask);
}

static BOOL match_bitmask(const SBitMaskRestriction *res, restriction_lookup lookup, void *context)
{
    SPropValue scratch, element;
    const SPropValue *value;
    ULONG i;

    if (!(value = lookup(context, res->ulPropTag, &scratch))) return FALSE;
    if (!(PROP_TYPE(value->ulPropTag) & MV_FLAG)) return bits_match(res, value);
    for (i = 0; i < value->Value.MVi.cValues; i++)
    {
        prop_mv_value_at(value, i, &element);
        if (bits_match(res, &element)) return TRUE;
    }
    return FALSE;
}

static BOOL match_size(const SSizeRestriction *res, restriction_lookup lookup, void *context)
{
    SPropValue scratch;
    const SPropValue *value;
    ULONG size;

    if (!(value = lookup(context, res->ulPropTag, &scratch))) return FALSE;
    size = UlPropSize((SPropValue *)value);
    return relop_holds(res->relop, size < res->cb ? -1 : size > res->cb ? 1 : 0);
}

static BOOL match_compare_props(const SComparePropsRestriction *res, restriction_lookup lookup, void *context)
{
    SPropValue scratch1, scratch2;
    const SPropValue *value1, *value2;

    if (!(value1 = lookup(context, res->ulPropTag1, &scratch1))) return FALSE;
    if (!(value2 = lookup(context, res->ulPropTag2, &scratch2))) return FALSE;
    return FPropCompareProp((SPropValue *)value1, res->relop, (SPropValue *)value2);
}

/* Evaluates res, checked by restriction_check, for the row lookup sees. */
BOOL restriction_match(const SRestriction *res, restriction_lookup lookup, void *context)
{
    SPropValue scratch;
    ULONG i;

    switch (res->rt)
    {
    case RES_AND:
        for (i = 0; i < res->res.resAnd.cRes; i++)
            if (!restriction_match(&res->res.resAnd.lpRes[i], lookup, context)) return FALSE;
        return TRUE;
    case RES_OR:
        for (i = 0; i < res->res.resOr.cRes; i++)
            if (restriction_match(&res->res.resOr.lpRes[i], lookup, context)) return TRUE;
        return FALSE;
    case RES_NOT:
        return !restriction_match(res->res.resNot.lpRes, lookup, context);
    case RES_COMMENT:
    case RES_ANNOTATION:
        return !res->res.resComment.lpRes || restriction_match(res->res.resComment.lpRes, lookup, context);
    case RES_CONTENT:
        return match_content(&res->res.resContent, lookup, context);
    case RES_PROPERTY:
        return match_property(&res->res.resProperty, lookup, context);
    case RES_COMPAREPROPS:
        return match_compare_props(&res->res.resCompareProps, lookup, context);
    case RES_BITMASK:
        return match_bitmask(&res->res.resBitMask, lookup, context);
    case RES_SIZE:
        return match_size(&res->res.resSize, lookup, context);
    case RES_EXIST:
        return lookup(context, res->res.resExist.ulPropTag, &scratch) != NULL;
    }
    return FALSE;
}
