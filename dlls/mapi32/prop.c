/*
 * mapi32: property value helpers: copy, size, compare, find, count, relocate
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Bytes per array slot of a multi-valued property type: the value itself for
 * numeric types and GUIDs, a pointer for strings, an SBinary for binaries.
 * 0 for every other type, including the multi-valued forms of types that
 * have no array representation (PT_MV_ERROR, PT_MV_BOOLEAN, ...). */
ULONG prop_mv_slot_size(ULONG type)
{
    switch (type)
    {
    case PT_MV_I2:       return sizeof(short);
    case PT_MV_LONG:     return sizeof(LONG);
    case PT_MV_R4:       return sizeof(float);
    case PT_MV_DOUBLE:
    case PT_MV_APPTIME:  return sizeof(double);
    case PT_MV_CURRENCY: return sizeof(CY);
    case PT_MV_SYSTIME:  return sizeof(FILETIME);
    case PT_MV_I8:       return sizeof(LARGE_INTEGER);
    case PT_MV_CLSID:    return sizeof(GUID);
    case PT_MV_STRING8:  return sizeof(char *);
    case PT_MV_UNICODE:  return sizeof(WCHAR *);
    case PT_MV_BINARY:   return sizeof(SBinary);
    }
    return 0;
}

static ULONG string_size_a(const char *str)
{
    return str ? strlen(str) + 1 : 1;
}

static ULONG string_size_w(const WCHAR *str)
{
    return str ? (wcslen(str) + 1) * sizeof(WCHAR) : sizeof(WCHAR);
}

/* Whether a value of the type is held entirely in its SPropValue. */
static BOOL prop_type_is_inline(ULONG type)
{
    switch (type)
    {
    case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY:
    case PT_APPTIME: case PT_ERROR: case PT_BOOLEAN: case PT_OBJECT:
    case PT_I8: case PT_SYSTIME:
        return TRUE;
    }
    return FALSE;
}

/* Bytes that a copy of prop needs outside its SPropValue: string and binary
 * data, GUIDs and multi-valued arrays with what their slots point to.  The
 * layout is the one ScCopyProps and PropCopyMore write.  Fails for types
 * that cannot be copied: unknown types, PT_NULL, PT_UNSPECIFIED and the
 * multi-valued forms without an array. */
SCODE prop_data_size(const SPropValue *prop, ULONG *size)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), count, i;
    ULONGLONG total;

    if (prop_type_is_inline(type))
    {
        *size = 0;
        return S_OK;
    }
    switch (type)
    {
    case PT_CLSID:
        *size = sizeof(GUID);
        return S_OK;
    case PT_STRING8:
        *size = string_size_a(prop->Value.lpszA);
        return S_OK;
    case PT_UNICODE:
        *size = string_size_w(prop->Value.lpszW);
        return S_OK;
    case PT_BINARY:
        *size = prop->Value.bin.cb;
        return S_OK;
    }

    if (!prop_mv_slot_size(type)) return MAPI_E_INVALID_PARAMETER;

    count = prop->Value.MVi.cValues;
    total = (ULONGLONG)count * prop_mv_slot_size(type);
    for (i = 0; i < count; i++)
    {
        if (type == PT_MV_STRING8) total += string_size_a(prop->Value.MVszA.lppszA[i]);
        else if (type == PT_MV_UNICODE) total += string_size_w(prop->Value.MVszW.lppszW[i]);
        else if (type == PT_MV_BINARY) total += prop->Value.MVbin.lpbin[i].cb;
    }
    if (total > MAXDWORD) return MAPI_E_INVALID_PARAMETER;
    *size = total;
    return S_OK;
}

static BOOL prop_has_pointers(ULONG type)
{
    return type == PT_CLSID || type == PT_STRING8 || type == PT_UNICODE || type == PT_BINARY
            || prop_mv_slot_size(type);
}

/* Whether prop can be copied: a type with a copy layout and no NULL where
 * data has to be read.  Cheaper than FBadProp, which also probes that the
 * memory can be read. */
static BOOL prop_is_copyable(const SPropValue *prop)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), count, i;

    if (prop_type_is_inline(type)) return TRUE;
    switch (type)
    {
    case PT_CLSID: return prop->Value.lpguid != NULL;
    case PT_STRING8: return prop->Value.lpszA != NULL;
    case PT_UNICODE: return prop->Value.lpszW != NULL;
    case PT_BINARY: return !prop->Value.bin.cb || prop->Value.bin.lpb;
    }
    if (!prop_mv_slot_size(type)) return FALSE;

    count = prop->Value.MVi.cValues;
    if (count && !prop->Value.MVi.lpi) return FALSE;
    for (i = 0; i < count; i++)
    {
        if (type == PT_MV_STRING8 && !prop->Value.MVszA.lppszA[i]) return FALSE;
        if (type == PT_MV_UNICODE && !prop->Value.MVszW.lppszW[i]) return FALSE;
        if (type == PT_MV_BINARY && prop->Value.MVbin.lpbin[i].cb && !prop->Value.MVbin.lpbin[i].lpb)
            return FALSE;
    }
    return TRUE;
}

/* Copies the out-of-line data of src, a copyable property, to data, which
 * has room for prop_data_size() bytes, and points dst (a copy of src's
 * SPropValue) at it.  Returns the first byte after what was written. */
static BYTE *prop_copy_data(SPropValue *dst, const SPropValue *src, BYTE *data)
{
    ULONG type = PROP_TYPE(src->ulPropTag), count, size, i;

    switch (type)
    {
    case PT_CLSID:
        memcpy(data, src->Value.lpguid, sizeof(GUID));
        dst->Value.lpguid = (GUID *)data;
        return data + sizeof(GUID);
    case PT_STRING8:
        size = string_size_a(src->Value.lpszA);
        memcpy(data, src->Value.lpszA, size);
        dst->Value.lpszA = (char *)data;
        return data + size;
    case PT_UNICODE:
        size = string_size_w(src->Value.lpszW);
        memcpy(data, src->Value.lpszW, size);
        dst->Value.lpszW = (WCHAR *)data;
        return data + size;
    case PT_BINARY:
        if (src->Value.bin.cb) memcpy(data, src->Value.bin.lpb, src->Value.bin.cb);
        dst->Value.bin.lpb = data;
        return data + src->Value.bin.cb;
    }

    if (!(size = prop_mv_slot_size(type))) return data;

    /* The array comes first, then the data its slots point to. */
    count = src->Value.MVi.cValues;
    dst->Value.MVi.lpi = (short *)data;
    if (count) memcpy(data, src->Value.MVi.lpi, (SIZE_T)count * size);
    data += (SIZE_T)count * size;
    for (i = 0; i < count; i++)
    {
        if (type == PT_MV_STRING8)
        {
            const char *str = src->Value.MVszA.lppszA[i];

            size = string_size_a(str);
            memcpy(data, str, size);
            dst->Value.MVszA.lppszA[i] = (char *)data;
            data += size;
        }
        else if (type == PT_MV_UNICODE)
        {
            const WCHAR *str = src->Value.MVszW.lppszW[i];

            size = string_size_w(str);
            memcpy(data, str, size);
            dst->Value.MVszW.lppszW[i] = (WCHAR *)data;
            data += size;
        }
        else if (type == PT_MV_BINARY)
        {
            const SBinary *bin = &src->Value.MVbin.lpbin[i];

            if (bin->cb) memcpy(data, bin->lpb, bin->cb);
            dst->Value.MVbin.lpbin[i].lpb = data;
            data += bin->cb;
        }
    }
    return data;
}

/***********************************************************************
 *              PropCopyMore@16 (MAPI32.76)
 *
 * Every block the copy needs is linked to parent with allocate_more, so it
 * is freed with parent.
 */
SCODE WINAPI PropCopyMore(LPSPropValue dst, LPSPropValue src, ALLOCATEMORE *allocate_more, void *parent)
{
    SPropValue copy;
    ULONG size;
    void *data;
    SCODE sc;

    TRACE("%p, %p, %p, %p.\n", dst, src, allocate_more, parent);

    if (!dst || !allocate_more || !src) return MAPI_E_INVALID_PARAMETER;
    if (prop_tag_is_bad(src->ulPropTag))
    {
        WARN("unknown property type %#lx.\n", PROP_TYPE(src->ulPropTag));
        return MAPI_E_NO_SUPPORT;
    }
    copy = *src;
    if (prop_has_pointers(PROP_TYPE(src->ulPropTag)))
    {
        if (!prop_is_copyable(src)) return MAPI_E_INVALID_PARAMETER;
        if (FAILED(sc = prop_data_size(src, &size))) return sc;
        if (FAILED(sc = allocate_more(size, parent, &data))) return sc;
        prop_copy_data(&copy, src, data);
    }
    *dst = copy;
    return S_OK;
}

/***********************************************************************
 *              UlPropSize@4 (MAPI32.77)
 *
 * The size of the value alone: neither the SPropValue nor the pointer or
 * SBinary arrays of multi-valued strings and binaries are counted.  0 for
 * PT_OBJECT and for types without a value.
 */
ULONG WINAPI UlPropSize(LPSPropValue prop)
{
    ULONG type, count, size = 0, i;

    TRACE("%p.\n", prop);

    if (!prop) return 0;

    type = PROP_TYPE(prop->ulPropTag);
    switch (type)
    {
    case PT_I2:
    case PT_BOOLEAN:   return sizeof(USHORT);
    case PT_LONG:
    case PT_ERROR:     return sizeof(LONG);
    case PT_R4:        return sizeof(float);
    case PT_DOUBLE:
    case PT_APPTIME:   return sizeof(double);
    case PT_CURRENCY:  return sizeof(CY);
    case PT_SYSTIME:   return sizeof(FILETIME);
    case PT_I8:        return sizeof(LONG64);
    case PT_CLSID:     return sizeof(GUID);
    case PT_STRING8:   return string_size_a(prop->Value.lpszA);
    case PT_UNICODE:   return string_size_w(prop->Value.lpszW);
    case PT_BINARY:    return prop->Value.bin.cb;
    }

    /* Inline values are counted without looking at the array; the sizes of
     * strings and binaries need it. */
    count = prop->Value.MVi.cValues;
    if (type != PT_MV_STRING8 && type != PT_MV_UNICODE && type != PT_MV_BINARY)
        return count * prop_mv_slot_size(type);
    if (count && !prop->Value.MVi.lpi) return 0;
    for (i = 0; i < count; i++)
    {
        if (type == PT_MV_STRING8) size += string_size_a(prop->Value.MVszA.lppszA[i]);
        else if (type == PT_MV_UNICODE) size += string_size_w(prop->Value.MVszW.lppszW[i]);
        else size += prop->Value.MVbin.lpbin[i].cb;
    }
    return size;
}

/* A string property's value as a new UTF-16 string, or NULL. */
static WCHAR *prop_string_dup_w(const SPropValue *prop)
{
    const char *str = prop->Value.lpszA;
    WCHAR *ret;
    int len;

    if (PROP_TYPE(prop->ulPropTag) == PT_UNICODE)
    {
        len = lstrlenW(prop->Value.lpszW) + 1;
        if ((ret = mapi_heap_alloc(len * sizeof(WCHAR)))) memcpy(ret, prop->Value.lpszW, len * sizeof(WCHAR));
        return ret;
    }
    len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    if ((ret = mapi_heap_alloc(len * sizeof(WCHAR)))) MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

/* Whether a_len characters at a equal b_len characters at b: exactly when
 * there are no CompareString flags, as the user's locale says with them. */
static BOOL strings_equal_w(const WCHAR *a, int a_len, const WCHAR *b, int b_len, DWORD flags)
{
    if (flags) return CompareStringW(LOCALE_USER_DEFAULT, flags, a, a_len, b, b_len) == CSTR_EQUAL;
    return a_len == b_len && !memcmp(a, b, a_len * sizeof(WCHAR));
}

static BOOL string_contains_w(const WCHAR *haystack, const WCHAR *needle, ULONG level, DWORD flags)
{
    int haystack_len = lstrlenW(haystack), needle_len = lstrlenW(needle), i;

    if (level == FL_PREFIX)
        return needle_len <= haystack_len && strings_equal_w(haystack, needle_len, needle, needle_len, flags);
    if (level == FL_SUBSTRING)
    {
        for (i = 0; i + needle_len <= haystack_len; i++)
            if (strings_equal_w(haystack + i, needle_len, needle, needle_len, flags)) return TRUE;
        return FALSE;
    }
    return strings_equal_w(haystack, haystack_len, needle, needle_len, flags);
}

static BOOL binary_contains(const SBinary *haystack, const SBinary *needle, ULONG level)
{
    ULONG i;

    if (level == FL_PREFIX)
        return needle->cb <= haystack->cb && !memcmp(haystack->lpb, needle->lpb, needle->cb);
    if (level == FL_SUBSTRING)
    {
        for (i = 0; i + needle->cb <= haystack->cb; i++)
            if (!memcmp(haystack->lpb + i, needle->lpb, needle->cb)) return TRUE;
        return FALSE;
    }
    return haystack->cb == needle->cb && !memcmp(haystack->lpb, needle->lpb, needle->cb);
}

/***********************************************************************
 *              FPropContainsProp@12 (MAPI32.78)
 *
 * FL_PREFIX or FL_SUBSTRING in fuzzy picks the match (neither or both is a
 * full match); the high word's FL_IGNORECASE,
 * FL_IGNORENONSPACE and FL_LOOSE apply to strings only.  Besides PT_STRING8
 * and PT_BINARY, PT_UNICODE strings are compared the same way.
 */
BOOL WINAPI FPropContainsProp(LPSPropValue haystack, LPSPropValue needle, ULONG fuzzy)
{
    ULONG type, level = fuzzy & (FL_SUBSTRING | FL_PREFIX);
    WCHAR *haystack_w, *needle_w;
    DWORD flags = 0;
    BOOL ret;

    TRACE("%p, %p, %#lx.\n", haystack, needle, fuzzy);

    if (FBadProp(haystack) || FBadProp(needle)) return FALSE;
    type = PROP_TYPE(haystack->ulPropTag);
    if (type != PROP_TYPE(needle->ulPropTag)) return FALSE;
    if (level == (FL_SUBSTRING | FL_PREFIX)) level = FL_FULLSTRING;

    if (type == PT_BINARY) return binary_contains(&haystack->Value.bin, &needle->Value.bin, level);
    if (type != PT_STRING8 && type != PT_UNICODE) return FALSE;

    if (fuzzy & FL_IGNORECASE) flags |= NORM_IGNORECASE;
    if (fuzzy & FL_IGNORENONSPACE) flags |= NORM_IGNORENONSPACE;
    if (fuzzy & FL_LOOSE) flags |= NORM_IGNORECASE | NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS;

    haystack_w = prop_string_dup_w(haystack);
    needle_w = prop_string_dup_w(needle);
    ret = haystack_w && needle_w && string_contains_w(haystack_w, needle_w, level, flags);
    mapi_heap_free(haystack_w);
    mapi_heap_free(needle_w);
    return ret;
}

/* RELOP_RE: a small regular expression language, matched anywhere in the
 * text unless anchored.  '.' is any character, "[...]" a set ("[^...]" its
 * complement, "a-z" a range), '*', '+' and '?' repeat the item before them,
 * '^' at the start and '$' at the end anchor, '\' makes the next character
 * literal.  A malformed pattern matches nothing. */

/* The character after the item that starts at re, or NULL if it is
 * malformed. */
static const WCHAR *regex_item_end(const WCHAR *re)
{
    switch (*re)
    {
    case '\\':
        return re[1] ? re + 2 : NULL;
    case '[':
        re++;
        if (*re == '^') re++;
        if (*re == ']') re++;
        while (*re && *re != ']') re++;
        return *re ? re + 1 : NULL;
    case '*': case '+': case '?':
        return NULL;
    }
    return re + 1;
}

static BOOL regex_item_matches(const WCHAR *re, WCHAR c)
{
    BOOL negate, found = FALSE;

    if (*re == '.') return TRUE;
    if (*re == '\\') return re[1] == c;
    if (*re != '[') return *re == c;

    re++;
    if ((negate = (*re == '^'))) re++;
    do
    {
        if (re[1] == '-' && re[2] && re[2] != ']')
        {
            if (re[0] <= c && c <= re[2]) found = TRUE;
            re += 3;
        }
        else if (*re++ == c) found = TRUE;
    } while (*re != ']');
    return found != negate;
}

static BOOL regex_match_here(const WCHAR *re, const WCHAR *text);

/* Matches the item at re repeated min to max times, greedily, followed by
 * rest. */
static BOOL regex_match_repeat(const WCHAR *re, const WCHAR *rest, const WCHAR *text, ULONG min, ULONG max)
{
    ULONG count = 0;

    while (count < max && text[count] && regex_item_matches(re, text[count])) count++;
    if (count < min) return FALSE;
    for (;;)
    {
        if (regex_match_here(rest, text + count)) return TRUE;
        if (count-- == min) return FALSE;
    }
}

static BOOL regex_match_here(const WCHAR *re, const WCHAR *text)
{
    const WCHAR *end;

    for (;;)
    {
        if (!*re) return TRUE;
        if (re[0] == '$' && !re[1]) return !*text;
        if (!(end = regex_item_end(re))) return FALSE;
        switch (*end)
        {
        case '*': return regex_match_repeat(re, end + 1, text, 0, MAXDWORD);
        case '+': return regex_match_repeat(re, end + 1, text, 1, MAXDWORD);
        case '?': return regex_match_repeat(re, end + 1, text, 0, 1);
        }
        if (!*text || !regex_item_matches(re, *text)) return FALSE;
        re = end;
        text++;
    }
}

/* Whether every item of the pattern is well formed and no repetition
 * stands where there is nothing to repeat. */
static BOOL regex_is_valid(const WCHAR *re)
{
    if (*re == '^') re++;
    while (*re)
    {
        if (re[0] == '$' && !re[1]) return TRUE;
        if (!(re = regex_item_end(re))) return FALSE;
        if (*re == '*' || *re == '+' || *re == '?') re++;
    }
    return TRUE;
}

static BOOL regex_match(const WCHAR *re, const WCHAR *text)
{
    if (!regex_is_valid(re))
    {
        WARN("malformed pattern %s.\n", debugstr_w(re));
        return FALSE;
    }
    if (*re == '^') return regex_match_here(re + 1, text);
    do
    {
        if (regex_match_here(re, text)) return TRUE;
    } while (*text++);
    return FALSE;
}

/* The left string property against the pattern in the right one. */
static BOOL prop_matches_regex(const SPropValue *value, const SPropValue *pattern)
{
    WCHAR *text_w, *pattern_w;
    BOOL ret;

    text_w = prop_string_dup_w(value);
    pattern_w = prop_string_dup_w(pattern);
    ret = text_w && pattern_w && regex_match(pattern_w, text_w);
    mapi_heap_free(text_w);
    mapi_heap_free(pattern_w);
    return ret;
}

/***********************************************************************
 *              FPropCompareProp@12 (MAPI32.79)
 *
 * Values of different types never satisfy a relation.  RELOP_RE takes the
 * right value as a pattern (see regex above) and only applies to strings.
 */
BOOL WINAPI FPropCompareProp(LPSPropValue left, ULONG relop, LPSPropValue right)
{
    ULONG type;
    LONG cmp;

    TRACE("%p, %lu, %p.\n", left, relop, right);

    if (relop > RELOP_RE || FBadProp(left) || FBadProp(right)) return FALSE;
    type = PROP_TYPE(left->ulPropTag);
    if (type != PROP_TYPE(right->ulPropTag)) return FALSE;

    if (relop == RELOP_RE)
        return (type == PT_STRING8 || type == PT_UNICODE) && prop_matches_regex(left, right);

    cmp = LPropCompareProp(left, right);
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

#define COMPARE(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static LONG compare_binary(const SBinary *left, const SBinary *right)
{
    int cmp = memcmp(left->lpb, right->lpb, min(left->cb, right->cb));

    if (cmp) return COMPARE(cmp, 0);
    return COMPARE(left->cb, right->cb);
}

static LONG compare_guid(const GUID *left, const GUID *right)
{
    if (!left || !right) return COMPARE(left != NULL, right != NULL);
    return COMPARE(memcmp(left, right, sizeof(GUID)), 0);
}

/* Compares two single values of the same type. */
static LONG compare_values(const SPropValue *left, const SPropValue *right)
{
    switch (PROP_TYPE(left->ulPropTag))
    {
    case PT_I2:       return COMPARE(left->Value.i, right->Value.i);
    case PT_LONG:     return COMPARE(left->Value.l, right->Value.l);
    case PT_R4:       return COMPARE(left->Value.flt, right->Value.flt);
    case PT_DOUBLE:   return COMPARE(left->Value.dbl, right->Value.dbl);
    case PT_APPTIME:  return COMPARE(left->Value.at, right->Value.at);
    case PT_CURRENCY: return COMPARE(left->Value.cur.int64, right->Value.cur.int64);
    case PT_I8:       return COMPARE(left->Value.li.QuadPart, right->Value.li.QuadPart);
    case PT_ERROR:    return COMPARE(left->Value.err, right->Value.err);
    case PT_BOOLEAN:  return COMPARE(!!left->Value.b, !!right->Value.b);
    case PT_SYSTIME:  return CompareFileTime(&left->Value.ft, &right->Value.ft);
    case PT_STRING8:  return lstrcmpA(left->Value.lpszA, right->Value.lpszA);
    case PT_UNICODE:  return lstrcmpW(left->Value.lpszW, right->Value.lpszW);
    case PT_BINARY:   return compare_binary(&left->Value.bin, &right->Value.bin);
    case PT_CLSID:    return compare_guid(left->Value.lpguid, right->Value.lpguid);
    }
    /* PT_NULL, PT_UNSPECIFIED and PT_OBJECT values have nothing to order. */
    return 0;
}

/* Stores element index of the multi-valued mv in value, as a single value
 * that points into mv. */
void prop_mv_value_at(const SPropValue *mv, ULONG index, SPropValue *value)
{
    ULONG type = PROP_TYPE(mv->ulPropTag) & ~(MV_FLAG | MV_INSTANCE);
    ULONG slot = prop_mv_slot_size(PROP_TYPE(mv->ulPropTag) & ~MV_INSTANCE);

    value->ulPropTag = PROP_TAG(type, PROP_ID(mv->ulPropTag));
    value->dwAlignPad = 0;
    memset(&value->Value, 0, sizeof(value->Value));
    if (type == PT_CLSID) value->Value.lpguid = &mv->Value.MVguid.lpguid[index];
    else memcpy(&value->Value, (const BYTE *)mv->Value.MVi.lpi + (SIZE_T)index * slot, slot);
}

/* Multi-valued properties compare element by element; when one is a prefix
 * of the other, the shorter one is less. */
static LONG compare_mv_values(const SPropValue *left, const SPropValue *right)
{
    ULONG left_count = left->Value.MVi.cValues, right_count = right->Value.MVi.cValues, i;
    SPropValue left_value, right_value;
    LONG cmp;

    for (i = 0; i < left_count && i < right_count; i++)
    {
        prop_mv_value_at(left, i, &left_value);
        prop_mv_value_at(right, i, &right_value);
        if ((cmp = compare_values(&left_value, &right_value))) return cmp;
    }
    return COMPARE(left_count, right_count);
}

/***********************************************************************
 *              LPropCompareProp@8 (MAPI32.80)
 *
 * Returns -1, 0 or 1.  Booleans only compare as equal or not, both
 * non-zero values being equal; values of different types are ordered by
 * type.
 */
LONG WINAPI LPropCompareProp(LPSPropValue left, LPSPropValue right)
{
    ULONG left_type, right_type;

    TRACE("%p, %p.\n", left, right);

    if (!left || !right) return COMPARE(left != NULL, right != NULL);

    left_type = PROP_TYPE(left->ulPropTag);
    right_type = PROP_TYPE(right->ulPropTag);
    if (left_type != right_type) return COMPARE(left_type, right_type);

    if (prop_mv_slot_size(left_type)) return compare_mv_values(left, right);
    return compare_values(left, right);
}

/***********************************************************************
 *              HrGetOneProp@12 (MAPI32.135)
 *
 * Never returns a warning: a property the object reports as an error
 * returns that error (MAPI_E_NOT_FOUND when it does not exist).
 */
HRESULT WINAPI HrGetOneProp(LPMAPIPROP obj, ULONG tag, LPSPropValue *prop)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *value = NULL;
    ULONG count = 0;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", obj, tag, prop);

    if (!obj || !prop) return MAPI_E_INVALID_PARAMETER;
    *prop = NULL;

    hr = IMAPIProp_GetProps(obj, (SPropTagArray *)&tags, 0, &count, &value);
    if (FAILED(hr)) return hr;
    if (!value || count != 1)
    {
        MAPIFreeBuffer(value);
        return MAPI_E_NOT_FOUND;
    }
    if (hr == MAPI_W_ERRORS_RETURNED || PROP_TYPE(value->ulPropTag) == PT_ERROR)
    {
        hr = MAPI_E_NOT_FOUND;
        if (PROP_TYPE(value->ulPropTag) == PT_ERROR && FAILED(value->Value.err)) hr = value->Value.err;
        MAPIFreeBuffer(value);
        return hr;
    }
    *prop = value;
    return S_OK;
}

/***********************************************************************
 *              HrSetOneProp@8 (MAPI32.136)
 *
 * Never returns a warning: a problem the object reports for the property
 * is returned as the error.
 */
HRESULT WINAPI HrSetOneProp(LPMAPIPROP obj, LPSPropValue prop)
{
    SPropProblemArray *problems = NULL;
    HRESULT hr;

    TRACE("%p, %p.\n", obj, prop);

    if (!obj || !prop) return MAPI_E_INVALID_PARAMETER;

    hr = IMAPIProp_SetProps(obj, 1, prop, &problems);
    if (SUCCEEDED(hr) && problems && problems->cProblem) hr = problems->aProblem[0].scode;
    MAPIFreeBuffer(problems);
    return FAILED(hr) ? hr : S_OK;
}

static BOOL tag_matches(ULONG tag, ULONG wanted)
{
    if (PROP_TYPE(wanted) == PT_UNSPECIFIED) return PROP_ID(tag) == PROP_ID(wanted);
    return tag == wanted;
}

/***********************************************************************
 *              FPropExists@8 (MAPI32.137)
 *
 * A tag of type PT_UNSPECIFIED matches any property with its identifier.
 */
BOOL WINAPI FPropExists(LPMAPIPROP obj, ULONG tag)
{
    SPropTagArray *tags = NULL;
    BOOL found = FALSE;
    ULONG i;

    TRACE("%p, %#lx.\n", obj, tag);

    if (!obj) return FALSE;
    if (FAILED(IMAPIProp_GetPropList(obj, 0, &tags)) || !tags) return FALSE;
    for (i = 0; i < tags->cValues && !found; i++)
        found = tag_matches(tags->aulPropTag[i], tag);
    MAPIFreeBuffer(tags);
    return found;
}

/***********************************************************************
 *              PpropFindProp@12 (MAPI32.138)
 *
 * A tag of type PT_UNSPECIFIED matches any property with its identifier.
 */
LPSPropValue WINAPI PpropFindProp(LPSPropValue props, ULONG count, ULONG tag)
{
    ULONG i;

    TRACE("%p, %lu, %#lx.\n", props, count, tag);

    if (!props) return NULL;
    for (i = 0; i < count; i++)
        if (tag_matches(props[i].ulPropTag, tag)) return &props[i];
    return NULL;
}

/***********************************************************************
 *              FreePadrlist@4 (MAPI32.139)
 *
 * Each entry's properties and the list are separate MAPI buffers.
 */
void WINAPI FreePadrlist(LPADRLIST list)
{
    ULONG i;

    TRACE("%p.\n", list);

    if (!list) return;
    for (i = 0; i < list->cEntries; i++) MAPIFreeBuffer(list->aEntries[i].rgPropVals);
    MAPIFreeBuffer(list);
}

/***********************************************************************
 *              FreeProws@4 (MAPI32.140)
 *
 * Each row's properties and the row set are separate MAPI buffers.
 */
void WINAPI FreeProws(LPSRowSet rows)
{
    ULONG i;

    TRACE("%p.\n", rows);

    if (!rows) return;
    for (i = 0; i < rows->cRows; i++) MAPIFreeBuffer(rows->aRow[i].lpProps);
    MAPIFreeBuffer(rows);
}

/***********************************************************************
 *              ScCountProps@12 (MAPI32.170)
 *
 * Validates the properties and counts the bytes ScCopyProps needs for
 * them.  Properties with the identifier PROP_ID_NULL or PROP_ID_INVALID,
 * without a value to copy (PT_NULL, PT_UNSPECIFIED, ...) or multi-valued
 * with no values are invalid.
 */
SCODE WINAPI ScCountProps(int count, LPSPropValue props, ULONG *size)
{
    ULONGLONG total;
    ULONG data;
    int i;

    TRACE("%d, %p, %p.\n", count, props, size);

    if (count <= 0 || !props || IsBadReadPtr(props, (SIZE_T)count * sizeof(*props)))
        return MAPI_E_INVALID_PARAMETER;

    total = (ULONGLONG)count * sizeof(*props);
    for (i = 0; i < count; i++)
    {
        ULONG tag = props[i].ulPropTag;

        if (PROP_ID(tag) == PROP_ID_NULL || PROP_ID(tag) == PROP_ID_INVALID || prop_tag_is_bad(tag)
                || prop_value_is_bad(&props[i]))
            return MAPI_E_INVALID_PARAMETER;
        if (prop_mv_slot_size(PROP_TYPE(tag)) && !props[i].Value.MVi.cValues)
            return MAPI_E_INVALID_PARAMETER;
        if (prop_data_size(&props[i], &data) != S_OK) return MAPI_E_INVALID_PARAMETER;
        total += data;
    }
    if (total > MAXDWORD) return MAPI_E_INVALID_PARAMETER;

    if (size) *size = total;
    return S_OK;
}

/* Writes the copyable props to dst and returns the bytes written. */
static ULONG copy_props(int count, const SPropValue *props, void *dst)
{
    SPropValue *out = dst;
    BYTE *data = (BYTE *)(out + count);
    int i;

    if (!count) return 0;
    memcpy(out, props, count * sizeof(*props));
    for (i = 0; i < count; i++) data = prop_copy_data(&out[i], &props[i], data);
    return data - (BYTE *)dst;
}

/***********************************************************************
 *              ScCopyProps@16 (MAPI32.171)
 *
 * Writes the properties to dst as one block: the SPropValue array first,
 * then the data of each property in order, with no padding.  Bad and
 * unknown properties are refused before anything is written.
 */
SCODE WINAPI ScCopyProps(int count, LPSPropValue props, void *dst, ULONG *size)
{
    ULONG copied;
    int i;

    TRACE("%d, %p, %p, %p.\n", count, props, dst, size);

    if (count < 0 || (count && (!props || !dst))) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        if (!prop_is_copyable(&props[i]))
        {
            WARN("cannot copy property %#lx.\n", props[i].ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
    }

    copied = copy_props(count, props, dst);
    if (size) *size = copied;
    return S_OK;
}

/* Moves a pointer from the old base to the new one; NULL stays NULL. */
static void *reloc_ptr(void *ptr, const BYTE *base_old, const BYTE *base_new)
{
    if (!ptr) return NULL;
    return (BYTE *)base_new + ((const BYTE *)ptr - base_old);
}

/* Relocates the pointers of one property.  The arrays of multi-valued
 * strings and binaries are read at their new address, unless the new base
 * is NULL: then the pointers become offsets and the data is still at the
 * old addresses. */
static void reloc_prop(SPropValue *prop, const BYTE *base_old, const BYTE *base_new)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), count, i;
    void *array;

    switch (type)
    {
    case PT_CLSID:
        prop->Value.lpguid = reloc_ptr(prop->Value.lpguid, base_old, base_new);
        return;
    case PT_STRING8:
        prop->Value.lpszA = reloc_ptr(prop->Value.lpszA, base_old, base_new);
        return;
    case PT_UNICODE:
        prop->Value.lpszW = reloc_ptr(prop->Value.lpszW, base_old, base_new);
        return;
    case PT_BINARY:
        prop->Value.bin.lpb = reloc_ptr(prop->Value.bin.lpb, base_old, base_new);
        return;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
        break;
    default:
        if (prop_mv_slot_size(type)) prop->Value.MVi.lpi = reloc_ptr(prop->Value.MVi.lpi, base_old, base_new);
        return;
    }

    count = prop->Value.MVi.cValues;
    array = prop->Value.MVi.lpi;
    prop->Value.MVi.lpi = reloc_ptr(array, base_old, base_new);
    if (base_new) array = prop->Value.MVi.lpi;
    for (i = 0; i < count; i++)
    {
        if (type == PT_MV_STRING8)
        {
            char **strings = array;
            strings[i] = reloc_ptr(strings[i], base_old, base_new);
        }
        else if (type == PT_MV_UNICODE)
        {
            WCHAR **strings = array;
            strings[i] = reloc_ptr(strings[i], base_old, base_new);
        }
        else
        {
            SBinary *bins = array;
            bins[i].lpb = reloc_ptr(bins[i].lpb, base_old, base_new);
        }
    }
}

/***********************************************************************
 *              ScRelocProps@20 (MAPI32.172)
 *
 * Adjusts the pointers of a block written by ScCopyProps after it moved
 * from base_old to base_new.  When one base is NULL the pointers are turned
 * into offsets or back, and the data is read where it really is.
 */
SCODE WINAPI ScRelocProps(int count, LPSPropValue props, void *base_old, void *base_new, ULONG *size)
{
    ULONGLONG total;
    ULONG data;
    int i;

    TRACE("%d, %p, %p, %p, %p.\n", count, props, base_old, base_new, size);

    if (count < 0 || (count && !props) || (!base_old && !base_new)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        if (prop_tag_is_bad(props[i].ulPropTag))
        {
            WARN("unknown property type %#lx.\n", props[i].ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
    }

    /* The data is read where it is: before relocation when the pointers
     * become offsets, after it otherwise. */
    total = (ULONGLONG)count * sizeof(*props);
    for (i = 0; i < count; i++)
    {
        if (!base_new && prop_data_size(&props[i], &data) == S_OK) total += data;
        reloc_prop(&props[i], base_old, base_new);
        if (base_new && prop_data_size(&props[i], &data) == S_OK) total += data;
    }

    if (size) *size = min(total, MAXDWORD);
    return S_OK;
}

/***********************************************************************
 *              LpValFindProp@12 (MAPI32.173)
 *
 * Matches the property identifier only.
 */
LPSPropValue WINAPI LpValFindProp(ULONG tag, ULONG count, LPSPropValue props)
{
    ULONG i;

    TRACE("%#lx, %lu, %p.\n", tag, count, props);

    if (!props) return NULL;
    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag)) return &props[i];
    return NULL;
}

/***********************************************************************
 *              ScDupPropset@16 (MAPI32.174)
 *
 * Copies the properties into one buffer from allocate_buffer.
 */
SCODE WINAPI ScDupPropset(int count, LPSPropValue props, LPALLOCATEBUFFER allocate_buffer, LPSPropValue *dst)
{
    void *buffer;
    ULONG size;
    SCODE sc;

    TRACE("%d, %p, %p, %p.\n", count, props, allocate_buffer, dst);

    if (!allocate_buffer || !dst) return MAPI_E_INVALID_PARAMETER;
    *dst = NULL;
    if (FAILED(sc = ScCountProps(count, props, &size))) return sc;
    if (FAILED(sc = allocate_buffer(size, &buffer))) return sc;
    copy_props(count, props, buffer);
    *dst = buffer;
    return S_OK;
}
