/*
 * The local message store: property values, entry IDs, errors
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store keeps strings as Unicode (in its index, its folder files and
 * the .msg files) and answers them 8-bit or Unicode as asked.
 */

#include <stdio.h>

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

BOOL is_string_type(ULONG type)
{
    return type == PT_STRING8 || type == PT_UNICODE;
}

const SPropValue *props_find(ULONG count, const SPropValue *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag)) return &props[i];
    return NULL;
}

static BOOL tags_have(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

ULONG props_long(ULONG count, const SPropValue *props, ULONG tag, ULONG def)
{
    const SPropValue *value = props_find(count, props, tag);

    return value && PROP_TYPE(value->ulPropTag) == PROP_TYPE(tag) ? value->Value.l : def;
}

void prop_binary(SPropValue *value, ULONG tag, ULONG cb, const void *data)
{
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    value->Value.bin.cb = cb;
    value->Value.bin.lpb = (BYTE *)data;
}

void prop_long(SPropValue *value, ULONG tag, ULONG l)
{
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    value->Value.l = l;
}

void prop_bool(SPropValue *value, ULONG tag, BOOL b)
{
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    value->Value.b = b ? TRUE : FALSE;
}

ULONGLONG filetime_value(const FILETIME *ft)
{
    return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static HRESULT string_to_unicode(const char *src, void *parent, WCHAR **out)
{
    int len = MultiByteToWideChar(CP_ACP, 0, src, -1, NULL, 0);

    if (MAPIAllocateMore(len * sizeof(WCHAR), parent, (void **)out)) return MAPI_E_NOT_ENOUGH_MEMORY;
    MultiByteToWideChar(CP_ACP, 0, src, -1, *out, len);
    return S_OK;
}

static HRESULT string_to_ansi(const WCHAR *src, void *parent, char **out)
{
    int len = WideCharToMultiByte(CP_ACP, 0, src, -1, NULL, 0, NULL, NULL);

    if (MAPIAllocateMore(len, parent, (void **)out)) return MAPI_E_NOT_ENOUGH_MEMORY;
    WideCharToMultiByte(CP_ACP, 0, src, -1, *out, len, NULL, NULL);
    return S_OK;
}

/* A multi-valued string property converted element by element. */
static HRESULT mv_string_copy_as(SPropValue *dst, const SPropValue *src, BOOL unicode, void *parent)
{
    ULONG i, n = src->Value.MVi.cValues;
    void **array;
    HRESULT hr = S_OK;

    if (MAPIAllocateMore(max(n, 1) * sizeof(void *), parent, (void **)&array)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < n && SUCCEEDED(hr); i++)
    {
        if (unicode) hr = string_to_unicode(src->Value.MVszA.lppszA[i], parent, (WCHAR **)&array[i]);
        else hr = string_to_ansi(src->Value.MVszW.lppszW[i], parent, (char **)&array[i]);
    }
    if (FAILED(hr)) return hr;
    dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, (unicode ? PT_MV_UNICODE : PT_MV_STRING8));
    dst->dwAlignPad = 0;
    dst->Value.MVi.cValues = n;
    dst->Value.MVi.lpi = (short *)array;
    return S_OK;
}

HRESULT prop_copy_as(SPropValue *dst, const SPropValue *src, BOOL unicode, void *parent)
{
    ULONG type = PROP_TYPE(src->ulPropTag);
    HRESULT hr;

    if ((type == PT_STRING8 && unicode) || (type == PT_UNICODE && !unicode))
    {
        if (unicode) hr = string_to_unicode(src->Value.lpszA, parent, &dst->Value.lpszW);
        else hr = string_to_ansi(src->Value.lpszW, parent, &dst->Value.lpszA);
        if (FAILED(hr)) return hr;
        dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, (unicode ? PT_UNICODE : PT_STRING8));
        dst->dwAlignPad = 0;
        return S_OK;
    }
    if ((type == PT_MV_STRING8 && unicode) || (type == PT_MV_UNICODE && !unicode))
        return mv_string_copy_as(dst, src, unicode, parent);
    return pPropCopyMore(dst, (SPropValue *)src, MAPIAllocateMore, parent);
}

HRESULT props_merge(ULONG count, const SPropValue *props, ULONG set_count, const SPropValue *set,
        const SPropTagArray *remove, ULONG *out_count, SPropValue **out)
{
    SPropValue *merged;
    ULONG i, n = 0;
    HRESULT hr = S_OK;

    if (MAPIAllocateBuffer((count + set_count + 1) * sizeof(*merged), (void **)&merged))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (props_find(set_count, set, props[i].ulPropTag) || tags_have(remove, props[i].ulPropTag)) continue;
        if (PROP_TYPE(props[i].ulPropTag) == PT_ERROR) continue;
        hr = prop_copy_as(&merged[n++], &props[i], TRUE, merged);
    }
    for (i = 0; i < set_count && SUCCEEDED(hr); i++)
        hr = prop_copy_as(&merged[n++], &set[i], TRUE, merged);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(merged);
        return hr;
    }
    *out_count = n;
    *out = merged;
    return S_OK;
}

/* Whether a stored value answers a wanted type (PT_UNSPECIFIED: any). */
static BOOL type_answers(ULONG want, ULONG have)
{
    if (want == PT_UNSPECIFIED || want == have) return TRUE;
    if (is_string_type(want) && is_string_type(have)) return TRUE;
    return (want == PT_MV_STRING8 || want == PT_MV_UNICODE) && (have == PT_MV_STRING8 || have == PT_MV_UNICODE);
}

static BOOL wants_unicode(ULONG want, ULONG flags)
{
    if (want == PT_UNICODE || want == PT_MV_UNICODE) return TRUE;
    if (want == PT_STRING8 || want == PT_MV_STRING8) return FALSE;
    return (flags & MAPI_UNICODE) != 0;
}

HRESULT props_answer(const SPropValue *values, ULONG count, const SPropTagArray *tags, ULONG flags,
        ULONG *out_count, SPropValue **out)
{
    ULONG i, n = tags ? tags->cValues : count, tag;
    const SPropValue *have;
    HRESULT hr = S_OK, result = S_OK;
    SPropValue *props;

    if (!out_count || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    *out_count = 0;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (tags && !tags->cValues) return MAPI_E_INVALID_PARAMETER;
    if (MAPIAllocateBuffer((n + 1) * sizeof(*props), (void **)&props)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < n && SUCCEEDED(hr); i++)
    {
        tag = tags ? tags->aulPropTag[i] : CHANGE_PROP_TYPE(values[i].ulPropTag, PT_UNSPECIFIED);
        have = tags ? props_find(count, values, tag) : &values[i];
        if (have && type_answers(PROP_TYPE(tag), PROP_TYPE(have->ulPropTag)))
        {
            hr = prop_copy_as(&props[i], have, wants_unicode(PROP_TYPE(tag), flags), props);
            continue;
        }
        props[i].ulPropTag = CHANGE_PROP_TYPE(tag, PT_ERROR);
        props[i].dwAlignPad = 0;
        props[i].Value.err = MAPI_E_NOT_FOUND;
        result = MAPI_W_ERRORS_RETURNED;
    }
    if (FAILED(hr))
    {
        MAPIFreeBuffer(props);
        return hr;
    }
    *out_count = n;
    *out = props;
    return result;
}

HRESULT props_answer_list(const SPropValue *values, ULONG count, ULONG flags, SPropTagArray **out)
{
    SPropTagArray *tags;
    ULONG i, tag, type;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (MAPIAllocateBuffer(CbNewSPropTagArray(count), (void **)&tags)) return MAPI_E_NOT_ENOUGH_MEMORY;
    tags->cValues = count;
    for (i = 0; i < count; i++)
    {
        tag = values[i].ulPropTag;
        type = PROP_TYPE(tag);
        if (is_string_type(type)) tag = CHANGE_PROP_TYPE(tag, ((flags & MAPI_UNICODE) ? PT_UNICODE : PT_STRING8));
        else if (type == PT_MV_STRING8 || type == PT_MV_UNICODE)
            tag = CHANGE_PROP_TYPE(tag, ((flags & MAPI_UNICODE) ? PT_MV_UNICODE : PT_MV_STRING8));
        tags->aulPropTag[i] = tag;
    }
    *out = tags;
    return S_OK;
}

HRESULT props_problems(ULONG count, const ULONG *indexes, const ULONG *tags, const SCODE *codes,
        SPropProblemArray **out)
{
    SPropProblemArray *problems;
    ULONG i;

    *out = NULL;
    if (!count) return S_OK;
    if (MAPIAllocateBuffer(CbNewSPropProblemArray(count), (void **)&problems)) return MAPI_E_NOT_ENOUGH_MEMORY;
    problems->cProblem = count;
    for (i = 0; i < count; i++)
    {
        problems->aProblem[i].ulIndex = indexes[i];
        problems->aProblem[i].ulPropTag = tags[i];
        problems->aProblem[i].scode = codes[i];
    }
    *out = problems;
    return S_OK;
}

HRESULT make_last_error(HRESULT result, ULONG flags, MAPIERROR **out)
{
    static const char component[] = "Local Message Store";
    char text[64];
    MAPIERROR *error;
    int len;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    len = sprintf(text, "error %#lx", (ULONG)result) + 1;
    if (MAPIAllocateBuffer(sizeof(*error), (void **)&error)) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(error, 0, sizeof(*error));
    error->ulVersion = MAPI_ERROR_VERSION;
    error->ulLowLevelError = result;
    if (flags & MAPI_UNICODE)
    {
        WCHAR *error_text, *component_text;

        if (MAPIAllocateMore(len * sizeof(WCHAR), error, (void **)&error_text)
                || MAPIAllocateMore(sizeof(component) * sizeof(WCHAR), error, (void **)&component_text))
        {
            MAPIFreeBuffer(error);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        MultiByteToWideChar(CP_ACP, 0, text, -1, error_text, len);
        MultiByteToWideChar(CP_ACP, 0, component, -1, component_text, sizeof(component));
        error->lpszError = (void *)error_text;
        error->lpszComponent = (void *)component_text;
    }
    else
    {
        if (MAPIAllocateMore(len, error, (void **)&error->lpszError)
                || MAPIAllocateMore(sizeof(component), error, (void **)&error->lpszComponent))
        {
            MAPIFreeBuffer(error);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        strcpy((char *)error->lpszError, text);
        strcpy((char *)error->lpszComponent, component);
    }
    *out = error;
    return S_OK;
}

BOOL iid_is_one_of(const IID *iid, const IID *const *allowed, ULONG count)
{
    ULONG i;

    if (!iid) return TRUE;
    for (i = 0; i < count; i++)
        if (IsEqualGUID(iid, allowed[i])) return TRUE;
    return FALSE;
}

void eid_make(struct msgstore_eid *eid, const MAPIUID *uid, ULONG kind, ULONG folder, ULONG message)
{
    memset(eid, 0, sizeof(*eid));
    eid->uid = *uid;
    eid->version = EID_VERSION;
    eid->kind = kind;
    eid->folder = folder;
    eid->message = message;
}

BOOL eid_parse(const MAPIUID *uid, ULONG cb, const ENTRYID *eid, ULONG *kind, ULONG *folder, ULONG *message)
{
    struct msgstore_eid parsed;

    if (!eid || cb != sizeof(parsed)) return FALSE;
    memcpy(&parsed, eid, sizeof(parsed));
    if (uid && memcmp(&parsed.uid, uid, sizeof(*uid))) return FALSE;
    if (parsed.version != EID_VERSION || parsed.pad[0] || parsed.pad[1]) return FALSE;
    switch (parsed.kind)
    {
    case EID_STORE:
        if (parsed.folder || parsed.message) return FALSE;
        break;
    case EID_FOLDER:
        if (!parsed.folder || parsed.message) return FALSE;
        break;
    case EID_MESSAGE:
        if (!parsed.folder || !parsed.message) return FALSE;
        break;
    default:
        return FALSE;
    }
    *kind = parsed.kind;
    *folder = parsed.folder;
    *message = parsed.message;
    return TRUE;
}
