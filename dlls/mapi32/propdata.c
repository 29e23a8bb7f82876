/*
 * mapi32: IPropData (CreateIProp)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "private.h"
#include "propdata.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Flags that Wine's MAPI headers leave out, with the values of the MAPI SDK. */
#define FIRST_NAMED_ID 0x8000
#define LAST_NAMED_ID  0xfffe

static inline struct propdata *impl_from_IPropData(IPropData *iface)
{
    return CONTAINING_RECORD(iface, struct propdata, IPropData_iface);
}

/* How GetProps reports the properties whose type the caller left open. */
enum value_mode
{
    VALUES_ANSI,        /* strings as PT_STRING8, object properties as errors */
    VALUES_UNICODE,     /* strings as PT_UNICODE, object properties as errors */
    VALUES_FOR_COPY,    /* everything as stored, object properties included */
};

/* Problems of a call with count inputs: at most one per input. */
struct problem_list
{
    SPropProblem *items;
    ULONG count;
};

static HRESULT propdata_record(struct propdata *obj, HRESULT hr, const char *method)
{
    if (FAILED(hr))
    {
        EnterCriticalSection(&obj->cs);
        obj->last_error = hr;
        obj->last_error_method = method;
        LeaveCriticalSection(&obj->cs);
    }
    return hr;
}

static BOOL problems_init(struct problem_list *list, ULONG count)
{
    list->count = 0;
    list->items = mapi_heap_alloc(max(count, 1) * sizeof(*list->items));
    return list->items != NULL;
}

static void problems_add(struct problem_list *list, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblem *problem = &list->items[list->count++];

    problem->ulIndex = index;
    problem->ulPropTag = tag;
    problem->scode = sc;
}

/* Hands the problems to the caller in a buffer from the object's allocator,
 * or nothing when there were none; frees the list. */
static HRESULT problems_return(struct propdata *obj, struct problem_list *list, SPropProblemArray **out)
{
    SPropProblemArray *array;
    HRESULT hr = S_OK;

    if (out && list->count)
    {
        if (SUCCEEDED(hr = obj->allocate_buffer(CbNewSPropProblemArray(list->count), (void **)&array)))
        {
            array->cProblem = list->count;
            memcpy(array->aProblem, list->items, list->count * sizeof(*list->items));
            *out = array;
        }
    }
    mapi_heap_free(list->items);
    list->items = NULL;
    return hr;
}

static BOOL is_valid_id(ULONG tag)
{
    return PROP_ID(tag) != PROP_ID_NULL && PROP_ID(tag) != PROP_ID_INVALID;
}

/* The type a value of type stored is reported with when requested is asked. */
static ULONG report_type(ULONG stored, ULONG requested, enum value_mode mode)
{
    BOOL unicode = mode == VALUES_UNICODE;

    if (requested != PT_UNSPECIFIED || mode == VALUES_FOR_COPY) return requested ? requested : stored;
    switch (stored)
    {
    case PT_STRING8:
    case PT_UNICODE:
        return unicode ? PT_UNICODE : PT_STRING8;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
        return unicode ? PT_MV_UNICODE : PT_MV_STRING8;
    }
    return stored;
}

struct prop_entry *propdata_find(struct propdata *obj, ULONG tag)
{
    ULONG i;

    for (i = 0; i < obj->prop_count; i++)
        if (PROP_ID(obj->props[i].value->ulPropTag) == PROP_ID(tag)) return &obj->props[i];
    return NULL;
}

/* Makes room for one more property; the lock is held. */
static BOOL propdata_reserve(struct propdata *obj)
{
    struct prop_entry *props;
    ULONG capacity;

    if (obj->prop_count < obj->prop_capacity) return TRUE;
    capacity = max(obj->prop_capacity * 2, 16);
    if (!(props = mapi_heap_realloc(obj->props, capacity * sizeof(*props)))) return FALSE;
    obj->props = props;
    obj->prop_capacity = capacity;
    return TRUE;
}

/* Puts value, a root buffer of the object's allocator, in place of the
 * property with its identifier or as a new one; the lock is held. */
static HRESULT propdata_put(struct propdata *obj, SPropValue *value)
{
    struct prop_entry *entry = propdata_find(obj, value->ulPropTag);

    if (entry)
    {
        obj->free_buffer(entry->value);
        entry->value = value;
        entry->access = (entry->access & ~IPROP_CLEAN) | IPROP_DIRTY;
        return S_OK;
    }
    if (!propdata_reserve(obj))
    {
        obj->free_buffer(value);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    entry = &obj->props[obj->prop_count++];
    entry->value = value;
    entry->access = IPROP_READWRITE | IPROP_DIRTY;
    return S_OK;
}

/* Stores a deep copy of value; the lock is held. */
HRESULT propdata_store(struct propdata *obj, const SPropValue *value)
{
    SPropValue *copy;
    HRESULT hr;

    if (FAILED(hr = obj->allocate_buffer(sizeof(*copy), (void **)&copy))) return hr;
    if (FAILED(hr = PropCopyMore(copy, (SPropValue *)value, obj->allocate_more, copy)))
    {
        obj->free_buffer(copy);
        return hr;
    }
    return propdata_put(obj, copy);
}

static void propdata_remove(struct propdata *obj, struct prop_entry *entry)
{
    ULONG index = entry - obj->props;

    obj->free_buffer(entry->value);
    memmove(entry, entry + 1, (obj->prop_count - index - 1) * sizeof(*entry));
    obj->prop_count--;
}

static SCODE string_to_unicode(const char *src, ALLOCATEMORE *allocate_more, void *parent, WCHAR **dst)
{
    int len = MultiByteToWideChar(CP_ACP, 0, src, -1, NULL, 0);
    SCODE sc;

    if (FAILED(sc = allocate_more(len * sizeof(WCHAR), parent, (void **)dst))) return sc;
    MultiByteToWideChar(CP_ACP, 0, src, -1, *dst, len);
    return S_OK;
}

static SCODE string_to_ansi(const WCHAR *src, ALLOCATEMORE *allocate_more, void *parent, char **dst)
{
    int len = WideCharToMultiByte(CP_ACP, 0, src, -1, NULL, 0, NULL, NULL);
    SCODE sc;

    if (FAILED(sc = allocate_more(len, parent, (void **)dst))) return sc;
    WideCharToMultiByte(CP_ACP, 0, src, -1, *dst, len, NULL, NULL);
    return S_OK;
}

static SCODE strings_to_unicode(const SLPSTRArray *src, ALLOCATEMORE *allocate_more, void *parent,
        SWStringArray *dst)
{
    ULONG i;
    SCODE sc;

    dst->cValues = src->cValues;
    if (FAILED(sc = allocate_more(src->cValues * sizeof(WCHAR *), parent, (void **)&dst->lppszW))) return sc;
    for (i = 0; i < src->cValues; i++)
        if (FAILED(sc = string_to_unicode(src->lppszA[i], allocate_more, parent, &dst->lppszW[i]))) return sc;
    return S_OK;
}

static SCODE strings_to_ansi(const SWStringArray *src, ALLOCATEMORE *allocate_more, void *parent,
        SLPSTRArray *dst)
{
    ULONG i;
    SCODE sc;

    dst->cValues = src->cValues;
    if (FAILED(sc = allocate_more(src->cValues * sizeof(char *), parent, (void **)&dst->lppszA))) return sc;
    for (i = 0; i < src->cValues; i++)
        if (FAILED(sc = string_to_ansi(src->lppszW[i], allocate_more, parent, &dst->lppszA[i]))) return sc;
    return S_OK;
}

/* Copies src into dst as a value of type, converting between ANSI and
 * Unicode strings; memory is chained to parent.  MAPI_E_NOT_FOUND when src
 * has no value of that type. */
SCODE propdata_value_copy_as(SPropValue *dst, const SPropValue *src, ULONG type, ALLOCATEMORE *allocate_more,
        void *parent)
{
    ULONG stored = PROP_TYPE(src->ulPropTag);

    if (type == stored) return PropCopyMore(dst, (SPropValue *)src, allocate_more, parent);

    dst->ulPropTag = PROP_TAG(type, PROP_ID(src->ulPropTag));
    dst->dwAlignPad = 0;
    if (type == PT_UNICODE && stored == PT_STRING8)
        return string_to_unicode(src->Value.lpszA, allocate_more, parent, &dst->Value.lpszW);
    if (type == PT_STRING8 && stored == PT_UNICODE)
        return string_to_ansi(src->Value.lpszW, allocate_more, parent, &dst->Value.lpszA);
    if (type == PT_MV_UNICODE && stored == PT_MV_STRING8)
        return strings_to_unicode(&src->Value.MVszA, allocate_more, parent, &dst->Value.MVszW);
    if (type == PT_MV_STRING8 && stored == PT_MV_UNICODE)
        return strings_to_ansi(&src->Value.MVszW, allocate_more, parent, &dst->Value.MVszA);
    return MAPI_E_NOT_FOUND;
}

/* Fills dst with the value of entry (or an error) for a request of type. */
static BOOL value_get(struct propdata *obj, SPropValue *dst, const struct prop_entry *entry, ULONG tag,
        enum value_mode mode, void *parent)
{
    ULONG stored, type;
    SCODE sc = MAPI_E_NOT_FOUND;

    if (entry)
    {
        stored = PROP_TYPE(entry->value->ulPropTag);
        type = report_type(stored, PROP_TYPE(tag), mode);
        if (stored != PT_OBJECT)
            sc = propdata_value_copy_as(dst, entry->value, type, obj->allocate_more, parent);
        else if (mode == VALUES_FOR_COPY && type == PT_OBJECT)
        {
            dst->ulPropTag = entry->value->ulPropTag;
            dst->dwAlignPad = 0;
            dst->Value.x = 0;
            sc = S_OK;
        }
        else
            sc = MAPI_E_NO_SUPPORT;
    }
    if (SUCCEEDED(sc)) return TRUE;
    dst->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
    dst->dwAlignPad = 0;
    dst->Value.err = sc;
    return FALSE;
}

/* Returns the values for tags, or for all properties but object properties
 * when tags is NULL, in one buffer from the object's allocator; the lock is
 * held.  MAPI_W_ERRORS_RETURNED when some of them are errors. */
static HRESULT propdata_get_values(struct propdata *obj, const SPropTagArray *tags, enum value_mode mode,
        ULONG *count, SPropValue **values)
{
    SPropValue *out;
    HRESULT hr = S_OK;
    ULONG i, n = 0;

    *count = 0;
    *values = NULL;
    if (tags)
        n = tags->cValues;
    else
        for (i = 0; i < obj->prop_count; i++)
            if (PROP_TYPE(obj->props[i].value->ulPropTag) != PT_OBJECT) n++;
    if (!n) return S_OK;

    if (FAILED(hr = obj->allocate_buffer(n * sizeof(*out), (void **)&out))) return hr;
    if (tags)
    {
        for (i = 0; i < n; i++)
        {
            struct prop_entry *entry = propdata_find(obj, tags->aulPropTag[i]);

            if (!value_get(obj, &out[i], entry, tags->aulPropTag[i], mode, out)) hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    else
    {
        SPropValue *dst = out;

        for (i = 0; i < obj->prop_count; i++)
        {
            struct prop_entry *entry = &obj->props[i];
            ULONG tag = CHANGE_PROP_TYPE(entry->value->ulPropTag, PT_UNSPECIFIED);

            if (PROP_TYPE(entry->value->ulPropTag) == PT_OBJECT) continue;
            if (!value_get(obj, dst++, entry, tag, mode, out)) hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    *count = n;
    *values = out;
    return hr;
}

static HRESULT WINAPI propdata_QueryInterface(IPropData *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out || !riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMAPIPropData))
    {
        *out = iface;
        IPropData_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI propdata_AddRef(IPropData *iface)
{
    struct propdata *obj = impl_from_IPropData(iface);
    ULONG refcount = InterlockedIncrement(&obj->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI propdata_Release(IPropData *iface)
{
    struct propdata *obj = impl_from_IPropData(iface);
    ULONG refcount = InterlockedDecrement(&obj->refcount);
    ULONG i;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (refcount) return refcount;
    for (i = 0; i < obj->prop_count; i++) obj->free_buffer(obj->props[i].value);
    for (i = 0; i < obj->name_count; i++) mapi_heap_free(obj->names[i].name);
    mapi_heap_free(obj->props);
    mapi_heap_free(obj->names);
    DeleteCriticalSection(&obj->cs);
    mapi_heap_free(obj);
    return 0;
}

static SCODE error_string(const char *text, BOOL unicode, ALLOCATEMORE *allocate_more, void *parent, char **out)
{
    size_t len = strlen(text) + 1;
    SCODE sc;

    if (unicode) return string_to_unicode(text, allocate_more, parent, (WCHAR **)out);
    if (FAILED(sc = allocate_more(len, parent, (void **)out))) return sc;
    memcpy(*out, text, len);
    return S_OK;
}

static HRESULT WINAPI propdata_GetLastError(IPropData *iface, HRESULT result, ULONG flags, MAPIERROR **out)
{
    struct propdata *obj = impl_from_IPropData(iface);
    const char *method = NULL;
    MAPIERROR *error;
    char text[96];
    HRESULT hr;

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&obj->cs);
    if (FAILED(result) && result == obj->last_error) method = obj->last_error_method;
    LeaveCriticalSection(&obj->cs);
    if (!method) return S_OK;

    snprintf(text, sizeof(text), "IPropData::%s failed with error %#lx.", method, result);
    if (FAILED(hr = obj->allocate_buffer(sizeof(*error), (void **)&error))) return hr;
    error->ulVersion = MAPI_ERROR_VERSION;
    error->ulLowLevelError = 0;
    error->ulContext = 0;
    if (FAILED(hr = error_string(text, flags & MAPI_UNICODE, obj->allocate_more, error, (char **)&error->lpszError))
            || FAILED(hr = error_string("IPropData", flags & MAPI_UNICODE, obj->allocate_more, error,
            (char **)&error->lpszComponent)))
    {
        obj->free_buffer(error);
        return hr;
    }
    *out = error;
    return S_OK;
}

/* IPropData is not transacted: its changes are in place as soon as made. */
static HRESULT WINAPI propdata_SaveChanges(IPropData *iface, ULONG flags)
{
    struct propdata *obj = impl_from_IPropData(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS
            | SPAMFILTER_ONSAVE | NON_EMS_XP_SAVE))
        return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "SaveChanges");
    return S_OK;
}

static HRESULT WINAPI propdata_GetProps(IPropData *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    struct propdata *obj = impl_from_IPropData(iface);
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, values);

    if (!count || !values || (tags && !tags->cValues))
        return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "GetProps");
    if (flags & ~MAPI_UNICODE) return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "GetProps");

    EnterCriticalSection(&obj->cs);
    hr = propdata_get_values(obj, tags, flags & MAPI_UNICODE ? VALUES_UNICODE : VALUES_ANSI, count, values);
    LeaveCriticalSection(&obj->cs);
    return propdata_record(obj, hr, "GetProps");
}

static HRESULT WINAPI propdata_GetPropList(IPropData *iface, ULONG flags, SPropTagArray **out)
{
    struct propdata *obj = impl_from_IPropData(iface);
    enum value_mode mode = flags & MAPI_UNICODE ? VALUES_UNICODE : VALUES_ANSI;
    SPropTagArray *tags;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %#lx, %p.\n", iface, flags, out);

    if (!out) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "GetPropList");
    if (flags & ~MAPI_UNICODE) return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "GetPropList");

    EnterCriticalSection(&obj->cs);
    if (SUCCEEDED(hr = obj->allocate_buffer(CbNewSPropTagArray(obj->prop_count), (void **)&tags)))
    {
        tags->cValues = obj->prop_count;
        for (i = 0; i < obj->prop_count; i++)
        {
            ULONG tag = obj->props[i].value->ulPropTag;

            tags->aulPropTag[i] = CHANGE_PROP_TYPE(tag, report_type(PROP_TYPE(tag), PT_UNSPECIFIED, mode));
        }
        *out = tags;
    }
    LeaveCriticalSection(&obj->cs);
    return propdata_record(obj, hr, "GetPropList");
}

static HRESULT WINAPI propdata_OpenProperty(IPropData *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    struct propdata *obj = impl_from_IPropData(iface);
    ULONG type = PROP_TYPE(tag);
    IStream *stream;
    HRESULT hr;

    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if (out) *out = NULL;
    if (!out || !iid) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "OpenProperty");
    if (flags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "OpenProperty");
    if (type == PT_UNSPECIFIED || FBadPropTag(tag) || !is_valid_id(tag))
        return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "OpenProperty");
    if (!IsEqualIID(iid, &IID_IStream))
        return propdata_record(obj, MAPI_E_INTERFACE_NOT_SUPPORTED, "OpenProperty");
    if (type != PT_BINARY && !is_string_type(type))
        return propdata_record(obj, MAPI_E_NO_SUPPORT, "OpenProperty");

    EnterCriticalSection(&obj->cs);
    if (SUCCEEDED(hr = propdata_stream_create(obj, tag, flags, &stream))) *out = (IUnknown *)stream;
    LeaveCriticalSection(&obj->cs);
    return propdata_record(obj, hr, "OpenProperty");
}

/* Whether SetProps takes value: PR_NULL and errors are taken and ignored. */
static BOOL value_is_settable(SPropValue *value)
{
    ULONG type = PROP_TYPE(value->ulPropTag);

    if (value->ulPropTag == PR_NULL) return TRUE;
    if (FBadProp(value)) return FALSE;
    if (type == PT_ERROR) return TRUE;
    if (type == PT_UNSPECIFIED || type == PT_NULL || type == PT_OBJECT || !is_valid_id(value->ulPropTag))
        return FALSE;
    return !(type & MV_FLAG) || value->Value.MVi.cValues;
}

static HRESULT WINAPI propdata_SetProps(IPropData *iface, ULONG count, SPropValue *values,
        SPropProblemArray **problems)
{
    struct propdata *obj = impl_from_IPropData(iface);
    struct problem_list list;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %lu, %p, %p.\n", iface, count, values, problems);

    if (problems) *problems = NULL;
    if (!values || !count) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "SetProps");
    for (i = 0; i < count; i++)
        if (!value_is_settable(&values[i])) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "SetProps");
    if (!problems_init(&list, count)) return propdata_record(obj, MAPI_E_NOT_ENOUGH_MEMORY, "SetProps");

    EnterCriticalSection(&obj->cs);
    if (obj->access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&obj->cs);
        mapi_heap_free(list.items);
        return propdata_record(obj, MAPI_E_NO_ACCESS, "SetProps");
    }
    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag;
        SCODE sc;

        if (tag == PR_NULL || PROP_TYPE(tag) == PT_ERROR) continue;
        if (!entry_is_writable(propdata_find(obj, tag)))
            sc = MAPI_E_NO_ACCESS;
        else
            sc = propdata_store(obj, &values[i]);
        if (FAILED(sc)) problems_add(&list, i, tag, sc);
    }
    LeaveCriticalSection(&obj->cs);

    hr = problems_return(obj, &list, problems);
    return propdata_record(obj, hr, "SetProps");
}

static HRESULT WINAPI propdata_DeleteProps(IPropData *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct propdata *obj = impl_from_IPropData(iface);
    struct problem_list list;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %p, %p.\n", iface, tags, problems);

    if (problems) *problems = NULL;
    if (!tags || !tags->cValues) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "DeleteProps");
    for (i = 0; i < tags->cValues; i++)
        if (FBadPropTag(tags->aulPropTag[i])) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "DeleteProps");
    if (!problems_init(&list, tags->cValues)) return propdata_record(obj, MAPI_E_NOT_ENOUGH_MEMORY, "DeleteProps");

    EnterCriticalSection(&obj->cs);
    if (obj->access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&obj->cs);
        mapi_heap_free(list.items);
        return propdata_record(obj, MAPI_E_NO_ACCESS, "DeleteProps");
    }
    for (i = 0; i < tags->cValues; i++)
    {
        struct prop_entry *entry = propdata_find(obj, tags->aulPropTag[i]);

        if (!entry) continue;
        if (entry_is_writable(entry))
            propdata_remove(obj, entry);
        else
            problems_add(&list, i, tags->aulPropTag[i], MAPI_E_NO_ACCESS);
    }
    LeaveCriticalSection(&obj->cs);

    hr = problems_return(obj, &list, problems);
    return propdata_record(obj, hr, "DeleteProps");
}

static void name_init(MAPINAMEID *name, GUID *guid, const struct named_prop *named)
{
    *guid = named->guid;
    name->lpguid = guid;
    name->ulKind = named->kind;
    if (named->kind == MNID_ID)
        name->Kind.lID = named->id;
    else
        name->Kind.lpwstrName = named->name;
}

static void copy_problems_add(struct problem_list *list, const SPropTagArray *tags, ULONG index, SCODE sc)
{
    problems_add(list, index, tags->aulPropTag[index], sc);
}

static BOOL name_matches(const struct named_prop *named, const MAPINAMEID *name)
{
    if (!IsEqualGUID(&named->guid, name->lpguid) || named->kind != name->ulKind) return FALSE;
    if (named->kind == MNID_ID) return named->id == name->Kind.lID;
    return !lstrcmpW(named->name, name->Kind.lpwstrName);
}

static struct named_prop *name_from_id(struct propdata *obj, ULONG id)
{
    if (id < FIRST_NAMED_ID || id - FIRST_NAMED_ID >= obj->name_count) return NULL;
    return &obj->names[id - FIRST_NAMED_ID];
}

/* The property identifier of name, registered when create is set, or 0;
 * the lock is held. */
static ULONG name_to_id(struct propdata *obj, const MAPINAMEID *name, BOOL create)
{
    struct named_prop *named;
    ULONG i;

    if (IsEqualGUID(name->lpguid, &PS_MAPI))
    {
        /* PS_MAPI names the properties below the named range by their identifiers. */
        if (name->ulKind == MNID_ID && name->Kind.lID > 0 && name->Kind.lID < FIRST_NAMED_ID) return name->Kind.lID;
        return 0;
    }
    for (i = 0; i < obj->name_count; i++)
        if (name_matches(&obj->names[i], name)) return FIRST_NAMED_ID + i;
    if (!create || obj->name_count > LAST_NAMED_ID - FIRST_NAMED_ID) return 0;

    if (obj->name_count == obj->name_capacity)
    {
        ULONG capacity = max(obj->name_capacity * 2, 16);

        if (!(named = mapi_heap_realloc(obj->names, capacity * sizeof(*named)))) return 0;
        obj->names = named;
        obj->name_capacity = capacity;
    }
    named = &obj->names[obj->name_count];
    named->guid = *name->lpguid;
    named->kind = name->ulKind;
    named->id = 0;
    named->name = NULL;
    if (name->ulKind == MNID_ID)
        named->id = name->Kind.lID;
    else
    {
        size_t size = (lstrlenW(name->Kind.lpwstrName) + 1) * sizeof(WCHAR);

        if (!(named->name = mapi_heap_alloc(size))) return 0;
        memcpy(named->name, name->Kind.lpwstrName, size);
    }
    return FIRST_NAMED_ID + obj->name_count++;
}

static void value_set_error(SPropValue *value, SCODE sc)
{
    value->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(value->ulPropTag));
    value->Value.err = sc;
}

/* Copies a name of the map into heap memory of the caller's. */
static BOOL name_dup(MAPINAMEID *name, GUID *guid, const struct named_prop *named)
{
    size_t size;

    name_init(name, guid, named);
    if (named->kind != MNID_STRING) return TRUE;
    size = (lstrlenW(named->name) + 1) * sizeof(WCHAR);
    if (!(name->Kind.lpwstrName = mapi_heap_alloc(size))) return FALSE;
    memcpy(name->Kind.lpwstrName, named->name, size);
    return TRUE;
}

/* Gives the named properties among values the identifiers that dest has
 * for their names, so that names survive a copy; a value that cannot be
 * mapped becomes an error. */
static void copy_map_names(struct propdata *obj, IMAPIProp *dest, SPropValue *values, ULONG count)
{
    MAPINAMEID *names, **name_ptrs;
    SPropTagArray *ids = NULL;
    GUID *guids;
    ULONG *which, i, n = 0;
    HRESULT hr = S_OK;

    names = mapi_heap_alloc(max(count, 1) * sizeof(*names));
    name_ptrs = mapi_heap_alloc(max(count, 1) * sizeof(*name_ptrs));
    guids = mapi_heap_alloc(max(count, 1) * sizeof(*guids));
    which = mapi_heap_alloc(max(count, 1) * sizeof(*which));
    if (!names || !name_ptrs || !guids || !which) hr = MAPI_E_NOT_ENOUGH_MEMORY;

    EnterCriticalSection(&obj->cs);
    for (i = 0; i < count; i++)
    {
        struct named_prop *named;

        if (PROP_TYPE(values[i].ulPropTag) == PT_ERROR) continue;
        if (!(named = name_from_id(obj, PROP_ID(values[i].ulPropTag)))) continue;
        if (FAILED(hr) || !name_dup(&names[n], &guids[n], named))
        {
            value_set_error(&values[i], MAPI_E_NOT_ENOUGH_MEMORY);
            continue;
        }
        name_ptrs[n] = &names[n];
        which[n++] = i;
    }
    LeaveCriticalSection(&obj->cs);

    if (n) hr = IMAPIProp_GetIDsFromNames(dest, n, name_ptrs, MAPI_CREATE, &ids);
    for (i = 0; i < n; i++)
    {
        SPropValue *value = &values[which[i]];

        if (FAILED(hr))
            value_set_error(value, hr);
        else if (!ids || i >= ids->cValues || PROP_TYPE(ids->aulPropTag[i]) == PT_ERROR)
            value_set_error(value, MAPI_E_NOT_FOUND);
        else
            value->ulPropTag = CHANGE_PROP_TYPE(ids->aulPropTag[i], PROP_TYPE(value->ulPropTag));
        if (names[i].ulKind == MNID_STRING) mapi_heap_free(names[i].Kind.lpwstrName);
    }
    if (ids) MAPIFreeBuffer(ids);
    mapi_heap_free(names);
    mapi_heap_free(name_ptrs);
    mapi_heap_free(guids);
    mapi_heap_free(which);
}

/* Marks in skip the values whose identifiers dest already has. */
static HRESULT copy_skip_existing(IMAPIProp *dest, SPropValue *values, ULONG count, BOOL *skip)
{
    SPropTagArray *existing;
    HRESULT hr;
    ULONG i, j;

    if (FAILED(hr = IMAPIProp_GetPropList(dest, 0, &existing))) return hr;
    for (i = 0; i < count; i++)
        for (j = 0; j < existing->cValues; j++)
            if (PROP_ID(existing->aulPropTag[j]) == PROP_ID(values[i].ulPropTag)) skip[i] = TRUE;
    MAPIFreeBuffer(existing);
    return S_OK;
}

static HRESULT copy_progress(IMAPIProgress *progress, ULONG done, ULONG total)
{
    ULONG flags = 0, min = 0, max = 0, value;
    HRESULT hr;

    if (FAILED(hr = IMAPIProgress_GetFlags(progress, &flags))) return hr;
    if (FAILED(hr = IMAPIProgress_GetMin(progress, &min))) return hr;
    if (FAILED(hr = IMAPIProgress_GetMax(progress, &max))) return hr;
    value = max;
    if (total && max > min) value = min + (ULONG)((ULONGLONG)(max - min) * done / total);
    if (flags & MAPI_TOP_LEVEL) return IMAPIProgress_Progress(progress, value, done, total);
    return IMAPIProgress_Progress(progress, value, 0, 0);
}

/* Sets the values marked to send on dest; problems go to list by index of
 * the value, which is also its index in tags. */
static HRESULT copy_set_values(IMAPIProp *dest, SPropValue *values, const BOOL *send, ULONG count,
        const SPropTagArray *tags, struct problem_list *list, BOOL *failed)
{
    SPropProblemArray *problems = NULL;
    SPropValue *batch;
    ULONG *index, i, n = 0;
    HRESULT hr;

    batch = mapi_heap_alloc(count * sizeof(*batch));
    index = mapi_heap_alloc(count * sizeof(*index));
    if (!batch || !index)
    {
        mapi_heap_free(batch);
        mapi_heap_free(index);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < count; i++)
    {
        if (!send[i] || PROP_TYPE(values[i].ulPropTag) == PT_OBJECT) continue;
        batch[n] = values[i];
        index[n++] = i;
    }
    hr = n ? IMAPIProp_SetProps(dest, n, batch, &problems) : S_OK;
    for (i = 0; SUCCEEDED(hr) && problems && i < problems->cProblem; i++)
    {
        ULONG source = problems->aProblem[i].ulIndex;

        if (source >= n || failed[index[source]]) continue;
        failed[index[source]] = TRUE;
        copy_problems_add(list, tags, index[source], problems->aProblem[i].scode);
    }
    if (problems) MAPIFreeBuffer(problems);
    mapi_heap_free(batch);
    mapi_heap_free(index);
    return hr;
}

/* Adds the object properties marked to send to dest, which must be an
 * IPropData for that. */
static void copy_add_objects(IMAPIProp *dest, SPropValue *values, const BOOL *send, ULONG count,
        const SPropTagArray *tags, struct problem_list *list, BOOL *failed)
{
    SPropProblemArray *problems = NULL;
    SPropTagArray *object_tags;
    IPropData *dest_data = NULL;
    ULONG *index, i, n = 0;
    HRESULT hr;

    for (i = 0; i < count; i++)
        if (send[i] && PROP_TYPE(values[i].ulPropTag) == PT_OBJECT) n++;
    if (!n) return;

    object_tags = mapi_heap_alloc(CbNewSPropTagArray(n));
    index = mapi_heap_alloc(n * sizeof(*index));
    if (!object_tags || !index)
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
        hr = IMAPIProp_QueryInterface(dest, &IID_IMAPIPropData, (void **)&dest_data);
    if (SUCCEEDED(hr))
    {
        object_tags->cValues = 0;
        for (i = 0; i < count; i++)
        {
            if (!send[i] || PROP_TYPE(values[i].ulPropTag) != PT_OBJECT) continue;
            index[object_tags->cValues] = i;
            object_tags->aulPropTag[object_tags->cValues++] = values[i].ulPropTag;
        }
        hr = IPropData_HrAddObjProps(dest_data, object_tags, &problems);
        IPropData_Release(dest_data);
    }
    for (i = 0; i < count; i++)
    {
        if (!send[i] || PROP_TYPE(values[i].ulPropTag) != PT_OBJECT || SUCCEEDED(hr)) continue;
        failed[i] = TRUE;
        copy_problems_add(list, tags, i, hr);
    }
    for (i = 0; SUCCEEDED(hr) && problems && i < problems->cProblem; i++)
    {
        ULONG source = problems->aProblem[i].ulIndex;

        if (source >= n || failed[index[source]]) continue;
        failed[index[source]] = TRUE;
        copy_problems_add(list, tags, index[source], problems->aProblem[i].scode);
    }
    if (problems) MAPIFreeBuffer(problems);
    mapi_heap_free(object_tags);
    mapi_heap_free(index);
}

/* Checks dest for CopyTo and CopyProps and returns its IMAPIProp. */
static HRESULT copy_open_dest(struct propdata *obj, const IID *iid, void *dest, IMAPIProp **out)
{
    IUnknown *unknown = dest, *check;
    HRESULT hr;

    if (FAILED(IUnknown_QueryInterface(unknown, iid, (void **)&check))) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    IUnknown_Release(check);
    if (FAILED(IUnknown_QueryInterface(unknown, &IID_IUnknown, (void **)&check)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    hr = check == (IUnknown *)&obj->IPropData_iface ? MAPI_E_NO_ACCESS : S_OK;
    IUnknown_Release(check);
    if (FAILED(hr)) return hr;
    if (FAILED(IUnknown_QueryInterface(unknown, &IID_IMAPIProp, (void **)out))) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    return S_OK;
}

/* Copies (or moves) the properties of tags to dest.  Problems are reported
 * by index into tags. */
static HRESULT propdata_copy(struct propdata *obj, const SPropTagArray *tags, IMAPIProgress *progress,
        const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct problem_list list = {0};
    IMAPIProp *dest_prop = NULL;
    SPropValue *values = NULL;
    BOOL *send = NULL, *failed = NULL;
    ULONG count = 0, i;
    HRESULT hr;

    if (FAILED(hr = copy_open_dest(obj, iid, dest, &dest_prop))) return hr;

    send = mapi_heap_alloc(max(tags->cValues, 1) * sizeof(*send));
    failed = mapi_heap_alloc(max(tags->cValues, 1) * sizeof(*failed));
    if (!send || !failed || !problems_init(&list, tags->cValues))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }

    EnterCriticalSection(&obj->cs);
    if ((flags & MAPI_MOVE) && obj->access != IPROP_READWRITE)
        hr = MAPI_E_NO_ACCESS;
    else if (tags->cValues)
        hr = propdata_get_values(obj, tags, VALUES_FOR_COPY, &count, &values);
    LeaveCriticalSection(&obj->cs);
    if (FAILED(hr)) goto done;

    copy_map_names(obj, dest_prop, values, count);
    for (i = 0; i < count; i++)
    {
        send[i] = PROP_TYPE(values[i].ulPropTag) != PT_ERROR;
        failed[i] = !send[i];
        if (!send[i]) copy_problems_add(&list, tags, i, values[i].Value.err);
    }
    if ((flags & MAPI_NOREPLACE) && count)
    {
        BOOL *skip = mapi_heap_alloc(count * sizeof(*skip));

        if (!skip)
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            goto done;
        }
        memset(skip, 0, count * sizeof(*skip));
        if (FAILED(hr = copy_skip_existing(dest_prop, values, count, skip)))
        {
            mapi_heap_free(skip);
            goto done;
        }
        for (i = 0; i < count; i++)
            if (skip[i]) send[i] = FALSE;
        mapi_heap_free(skip);
    }

    if (progress && FAILED(hr = copy_progress(progress, 0, count))) goto done;
    if (FAILED(hr = copy_set_values(dest_prop, values, send, count, tags, &list, failed))) goto done;
    copy_add_objects(dest_prop, values, send, count, tags, &list, failed);
    if (progress && FAILED(hr = copy_progress(progress, count, count))) goto done;

    if (flags & MAPI_MOVE)
    {
        EnterCriticalSection(&obj->cs);
        for (i = 0; i < count; i++)
        {
            struct prop_entry *entry;

            if (!send[i] || failed[i] || !(entry = propdata_find(obj, tags->aulPropTag[i]))) continue;
            if (entry_is_writable(entry))
                propdata_remove(obj, entry);
            else
                copy_problems_add(&list, tags, i, MAPI_E_NO_ACCESS);
        }
        LeaveCriticalSection(&obj->cs);
    }
    hr = problems_return(obj, &list, problems);

done:
    if (values) obj->free_buffer(values);
    mapi_heap_free(list.items);
    mapi_heap_free(send);
    mapi_heap_free(failed);
    IMAPIProp_Release(dest_prop);
    return hr;
}

static BOOL tags_contain_id(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static BOOL tags_contain(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    for (i = 0; i < tags->cValues; i++)
        if (tags->aulPropTag[i] == tag) return TRUE;
    return FALSE;
}

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DIALOG | MAPI_DECLINE_OK)

static HRESULT WINAPI propdata_CopyTo(IPropData *iface, ULONG iid_count, const IID *excluded_iids,
        SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
        SPropProblemArray **problems)
{
    struct propdata *obj = impl_from_IPropData(iface);
    BOOL with_objects = TRUE;
    SPropTagArray *tags;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %lu, %p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, iid_count, excluded_iids, excluded, ui_param,
            progress, debugstr_guid(iid), dest, flags, problems);

    if (problems) *problems = NULL;
    if (!dest || !iid || (iid_count && !excluded_iids) || (excluded && (!excluded->cValues
            || tags_contain(excluded, PR_NULL))))
        return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "CopyTo");
    if (flags & ~COPY_FLAGS) return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "CopyTo");

    /* Excluding IMAPIProp excludes everything this object has; excluding
     * IPropData leaves out what only IPropData can take, object properties. */
    for (i = 0; i < iid_count; i++)
    {
        if (IsEqualIID(&excluded_iids[i], &IID_IUnknown) || IsEqualIID(&excluded_iids[i], &IID_IMAPIProp))
            return propdata_record(obj, MAPI_E_INTERFACE_NOT_SUPPORTED, "CopyTo");
        if (IsEqualIID(&excluded_iids[i], &IID_IMAPIPropData)) with_objects = FALSE;
    }

    EnterCriticalSection(&obj->cs);
    if ((tags = mapi_heap_alloc(CbNewSPropTagArray(obj->prop_count))))
    {
        tags->cValues = 0;
        for (i = 0; i < obj->prop_count; i++)
        {
            ULONG tag = obj->props[i].value->ulPropTag;

            if (tags_contain_id(excluded, tag) || (!with_objects && PROP_TYPE(tag) == PT_OBJECT)) continue;
            tags->aulPropTag[tags->cValues++] = tag;
        }
    }
    LeaveCriticalSection(&obj->cs);
    if (!tags) return propdata_record(obj, MAPI_E_NOT_ENOUGH_MEMORY, "CopyTo");

    hr = propdata_copy(obj, tags, flags & MAPI_DIALOG ? progress : NULL, iid, dest, flags, problems);
    mapi_heap_free(tags);
    return propdata_record(obj, hr, "CopyTo");
}

static HRESULT WINAPI propdata_CopyProps(IPropData *iface, SPropTagArray *included, ULONG ui_param,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct propdata *obj = impl_from_IPropData(iface);
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, included, ui_param, progress, debugstr_guid(iid), dest,
            flags, problems);

    if (problems) *problems = NULL;
    if (!included || !included->cValues || tags_contain(included, PR_NULL) || !dest || !iid)
        return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "CopyProps");
    if (flags & ~COPY_FLAGS) return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "CopyProps");

    hr = propdata_copy(obj, included, flags & MAPI_DIALOG ? progress : NULL, iid, dest, flags, problems);
    return propdata_record(obj, hr, "CopyProps");
}

/* Allocates count name pointers with the object's allocator. */
static HRESULT names_alloc(struct propdata *obj, ULONG count, MAPINAMEID ***names)
{
    HRESULT hr;

    if (FAILED(hr = obj->allocate_buffer(count * sizeof(**names), (void **)names))) return hr;
    memset(*names, 0, count * sizeof(**names));
    return S_OK;
}

/* Copies a name into memory chained to parent. */
static HRESULT name_copy(struct propdata *obj, const MAPINAMEID *src, void *parent, MAPINAMEID **out)
{
    MAPINAMEID *name;
    size_t size;
    HRESULT hr;

    if (FAILED(hr = obj->allocate_more(sizeof(*name) + sizeof(GUID), parent, (void **)&name))) return hr;
    name->lpguid = (GUID *)(name + 1);
    *name->lpguid = *src->lpguid;
    name->ulKind = src->ulKind;
    if (src->ulKind == MNID_ID)
        name->Kind.lID = src->Kind.lID;
    else
    {
        size = (lstrlenW(src->Kind.lpwstrName) + 1) * sizeof(WCHAR);
        if (FAILED(hr = obj->allocate_more(size, parent, (void **)&name->Kind.lpwstrName))) return hr;
        memcpy(name->Kind.lpwstrName, src->Kind.lpwstrName, size);
    }
    *out = name;
    return S_OK;
}

static BOOL name_kind_wanted(ULONG kind, ULONG flags)
{
    if (kind == MNID_ID) return !(flags & MAPI_NO_IDS);
    return !(flags & MAPI_NO_STRINGS);
}

/* The name of the identifier id, as GetNamesFromIDs reports it; the lock is
 * held. */
static HRESULT name_for_id(struct propdata *obj, ULONG id, ULONG flags, void *parent, MAPINAMEID **out)
{
    struct named_prop *named;
    MAPINAMEID name;
    GUID guid;

    *out = NULL;
    if (id && id < FIRST_NAMED_ID)
    {
        name.lpguid = (GUID *)&PS_MAPI;
        name.ulKind = MNID_ID;
        name.Kind.lID = id;
    }
    else if ((named = name_from_id(obj, id)))
        name_init(&name, &guid, named);
    else
        return MAPI_W_ERRORS_RETURNED;
    if (!name_kind_wanted(name.ulKind, flags)) return MAPI_W_ERRORS_RETURNED;
    return name_copy(obj, &name, parent, out);
}

static HRESULT names_for_tags(struct propdata *obj, const SPropTagArray *tags, ULONG flags, ULONG *count,
        MAPINAMEID ***names)
{
    HRESULT hr, result = S_OK;
    ULONG i;

    if (FAILED(hr = names_alloc(obj, tags->cValues, names))) return hr;
    for (i = 0; i < tags->cValues; i++)
    {
        if (FAILED(hr = name_for_id(obj, PROP_ID(tags->aulPropTag[i]), flags, *names, &(*names)[i])))
        {
            obj->free_buffer(*names);
            *names = NULL;
            return hr;
        }
        if (hr != S_OK) result = MAPI_W_ERRORS_RETURNED;
    }
    *count = tags->cValues;
    return result;
}

static HRESULT names_all(struct propdata *obj, const GUID *guid, ULONG flags, SPropTagArray **tags, ULONG *count,
        MAPINAMEID ***names)
{
    MAPINAMEID **out = NULL;
    SPropTagArray *ids;
    ULONG i, n = 0;
    HRESULT hr;

    if (FAILED(hr = obj->allocate_buffer(CbNewSPropTagArray(obj->name_count), (void **)&ids))) return hr;
    if (obj->name_count && FAILED(hr = names_alloc(obj, obj->name_count, &out)))
    {
        obj->free_buffer(ids);
        return hr;
    }
    for (i = 0; i < obj->name_count; i++)
    {
        struct named_prop *named = &obj->names[i];

        if ((guid && !IsEqualGUID(guid, &named->guid)) || !name_kind_wanted(named->kind, flags)) continue;
        if (FAILED(hr = name_for_id(obj, FIRST_NAMED_ID + i, flags, out, &out[n]))) break;
        ids->aulPropTag[n++] = PROP_TAG(PT_UNSPECIFIED, FIRST_NAMED_ID + i);
    }
    if (FAILED(hr) || !n)
    {
        if (out) obj->free_buffer(out);
        out = NULL;
    }
    if (FAILED(hr))
    {
        obj->free_buffer(ids);
        return hr;
    }
    ids->cValues = n;
    *tags = ids;
    *count = n;
    *names = out;
    return S_OK;
}

static HRESULT WINAPI propdata_GetNamesFromIDs(IPropData *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    struct propdata *obj = impl_from_IPropData(iface);
    HRESULT hr;

    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);

    if (!tags || !count || !names || (*tags && !(*tags)->cValues))
        return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "GetNamesFromIDs");
    *count = 0;
    *names = NULL;
    if (flags & ~(MAPI_NO_IDS | MAPI_NO_STRINGS)) return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "GetNamesFromIDs");

    EnterCriticalSection(&obj->cs);
    if (*tags)
        hr = names_for_tags(obj, *tags, flags, count, names);
    else
        hr = names_all(obj, guid, flags, tags, count, names);
    LeaveCriticalSection(&obj->cs);
    return propdata_record(obj, hr, "GetNamesFromIDs");
}

static BOOL name_is_valid(const MAPINAMEID *name)
{
    if (!name || !name->lpguid) return FALSE;
    if (name->ulKind == MNID_ID) return TRUE;
    return name->ulKind == MNID_STRING && name->Kind.lpwstrName;
}

static HRESULT WINAPI propdata_GetIDsFromNames(IPropData *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **out)
{
    struct propdata *obj = impl_from_IPropData(iface);
    SPropTagArray *tags;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, out);

    if (!out || (!names && (count || (flags & MAPI_CREATE))))
        return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "GetIDsFromNames");
    if (flags & ~MAPI_CREATE) return propdata_record(obj, MAPI_E_UNKNOWN_FLAGS, "GetIDsFromNames");
    for (i = 0; i < count; i++)
        if (!name_is_valid(names[i])) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "GetIDsFromNames");

    EnterCriticalSection(&obj->cs);
    if (!names) count = obj->name_count;
    if (SUCCEEDED(hr = obj->allocate_buffer(CbNewSPropTagArray(count), (void **)&tags)))
    {
        tags->cValues = count;
        for (i = 0; i < count; i++)
        {
            ULONG id = names ? name_to_id(obj, names[i], flags & MAPI_CREATE) : FIRST_NAMED_ID + i;

            tags->aulPropTag[i] = id ? PROP_TAG(PT_UNSPECIFIED, id) : PROP_TAG(PT_ERROR, 0);
            if (!id) hr = MAPI_W_ERRORS_RETURNED;
        }
        *out = tags;
    }
    LeaveCriticalSection(&obj->cs);
    return propdata_record(obj, hr, "GetIDsFromNames");
}

static HRESULT WINAPI propdata_HrSetObjAccess(IPropData *iface, ULONG access)
{
    struct propdata *obj = impl_from_IPropData(iface);

    TRACE("%p, %#lx.\n", iface, access);

    if (access != IPROP_READONLY && access != IPROP_READWRITE)
        return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "HrSetObjAccess");

    EnterCriticalSection(&obj->cs);
    obj->access = access;
    LeaveCriticalSection(&obj->cs);
    return S_OK;
}

/* One access level and one status, nothing else. */
static BOOL access_is_valid(ULONG access)
{
    ULONG level = access & (IPROP_READONLY | IPROP_READWRITE), status = access & (IPROP_CLEAN | IPROP_DIRTY);

    if (access & ~(IPROP_READONLY | IPROP_READWRITE | IPROP_CLEAN | IPROP_DIRTY)) return FALSE;
    return (level == IPROP_READONLY || level == IPROP_READWRITE) && (status == IPROP_CLEAN || status == IPROP_DIRTY);
}

static HRESULT WINAPI propdata_HrSetPropAccess(IPropData *iface, SPropTagArray *tags, ULONG *access)
{
    struct propdata *obj = impl_from_IPropData(iface);
    ULONG i;

    TRACE("%p, %p, %p.\n", iface, tags, access);

    if (!tags || !access) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "HrSetPropAccess");
    for (i = 0; i < tags->cValues; i++)
        if (FBadPropTag(tags->aulPropTag[i]) || !access_is_valid(access[i]))
            return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "HrSetPropAccess");

    EnterCriticalSection(&obj->cs);
    for (i = 0; i < tags->cValues; i++)
    {
        struct prop_entry *entry = propdata_find(obj, tags->aulPropTag[i]);

        if (entry) entry->access = access[i];
    }
    LeaveCriticalSection(&obj->cs);
    return S_OK;
}

/* HrGetPropAccess for the properties the caller names: a tag becomes 0 when
 * the object has no such property.  The lock is held. */
static HRESULT access_for_tags(struct propdata *obj, SPropTagArray *tags, ULONG **out)
{
    ULONG *access, i;
    HRESULT hr;

    if (FAILED(hr = obj->allocate_buffer(max(tags->cValues, 1) * sizeof(*access), (void **)&access))) return hr;
    for (i = 0; i < tags->cValues; i++)
    {
        struct prop_entry *entry = propdata_find(obj, tags->aulPropTag[i]);

        access[i] = entry ? entry->access : 0;
        if (!entry) tags->aulPropTag[i] = 0;
    }
    *out = access;
    return S_OK;
}

static HRESULT access_for_all(struct propdata *obj, SPropTagArray **tags, ULONG **out)
{
    SPropTagArray *list;
    ULONG *access, i;
    HRESULT hr;

    if (FAILED(hr = obj->allocate_buffer(CbNewSPropTagArray(obj->prop_count), (void **)&list))) return hr;
    if (FAILED(hr = obj->allocate_buffer(max(obj->prop_count, 1) * sizeof(*access), (void **)&access)))
    {
        obj->free_buffer(list);
        return hr;
    }
    list->cValues = obj->prop_count;
    for (i = 0; i < obj->prop_count; i++)
    {
        list->aulPropTag[i] = obj->props[i].value->ulPropTag;
        access[i] = obj->props[i].access;
    }
    *tags = list;
    *out = access;
    return S_OK;
}

static HRESULT WINAPI propdata_HrGetPropAccess(IPropData *iface, SPropTagArray **tags, ULONG **access)
{
    struct propdata *obj = impl_from_IPropData(iface);
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, tags, access);

    if (!tags || !access) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "HrGetPropAccess");
    *access = NULL;

    EnterCriticalSection(&obj->cs);
    if (*tags)
        hr = access_for_tags(obj, *tags, access);
    else
        hr = access_for_all(obj, tags, access);
    LeaveCriticalSection(&obj->cs);
    return propdata_record(obj, hr, "HrGetPropAccess");
}

/* Adds an object property, which has no value of its own; the lock is held. */
static HRESULT propdata_add_object(struct propdata *obj, ULONG tag)
{
    SPropValue *value;
    HRESULT hr;

    if (FAILED(hr = obj->allocate_buffer(sizeof(*value), (void **)&value))) return hr;
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    value->Value.x = 0;
    return propdata_put(obj, value);
}

static HRESULT WINAPI propdata_HrAddObjProps(IPropData *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct propdata *obj = impl_from_IPropData(iface);
    struct problem_list list;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %p, %p.\n", iface, tags, problems);

    if (problems) *problems = NULL;
    if (!tags) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "HrAddObjProps");
    for (i = 0; i < tags->cValues; i++)
    {
        if (PROP_TYPE(tags->aulPropTag[i]) != PT_OBJECT)
            return propdata_record(obj, MAPI_E_INVALID_TYPE, "HrAddObjProps");
        if (!is_valid_id(tags->aulPropTag[i])) return propdata_record(obj, MAPI_E_INVALID_PARAMETER, "HrAddObjProps");
    }
    if (!problems_init(&list, tags->cValues)) return propdata_record(obj, MAPI_E_NOT_ENOUGH_MEMORY, "HrAddObjProps");

    EnterCriticalSection(&obj->cs);
    if (obj->access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&obj->cs);
        mapi_heap_free(list.items);
        return propdata_record(obj, MAPI_E_NO_ACCESS, "HrAddObjProps");
    }
    for (i = 0; i < tags->cValues; i++)
    {
        struct prop_entry *entry = propdata_find(obj, tags->aulPropTag[i]);
        SCODE sc;

        if (entry && entry->value->ulPropTag == tags->aulPropTag[i]) continue;
        if (!entry_is_writable(entry))
            sc = MAPI_E_NO_ACCESS;
        else
            sc = propdata_add_object(obj, tags->aulPropTag[i]);
        if (FAILED(sc)) problems_add(&list, i, tags->aulPropTag[i], sc);
    }
    LeaveCriticalSection(&obj->cs);

    /* Some properties added is a partial completion, none is a failure. */
    hr = S_OK;
    if (list.count) hr = list.count < tags->cValues ? MAPI_W_PARTIAL_COMPLETION : list.items[0].scode;
    if (FAILED(hr))
        mapi_heap_free(list.items);
    else if (FAILED(problems_return(obj, &list, problems)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    return propdata_record(obj, hr, "HrAddObjProps");
}

static const IPropDataVtbl propdata_vtbl =
{
    propdata_QueryInterface,
    propdata_AddRef,
    propdata_Release,
    propdata_GetLastError,
    propdata_SaveChanges,
    propdata_GetProps,
    propdata_GetPropList,
    propdata_OpenProperty,
    propdata_SetProps,
    propdata_DeleteProps,
    propdata_CopyTo,
    propdata_CopyProps,
    propdata_GetNamesFromIDs,
    propdata_GetIDsFromNames,
    propdata_HrSetObjAccess,
    propdata_HrSetPropAccess,
    propdata_HrGetPropAccess,
    propdata_HrAddObjProps,
};

/***********************************************************************
 *              CreateIProp@24 (MAPI32.60)
 *              CreateIProp (MAPI32.324)
 *
 * Creates an empty, read/write IPropData whose property values are made
 * with the given allocators.
 */
SCODE WINAPI CreateIProp(LPCIID iid, ALLOCATEBUFFER *allocate_buffer, ALLOCATEMORE *allocate_more,
        FREEBUFFER *free_buffer, void *reserved, LPPROPDATA *out)
{
    struct propdata *obj;

    TRACE("%s, %p, %p, %p, %p, %p.\n", debugstr_guid(iid), allocate_buffer, allocate_more, free_buffer, reserved, out);

    if (out) *out = NULL;
    if (iid && !IsEqualIID(iid, &IID_IMAPIPropData)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!allocate_buffer || !allocate_more || !free_buffer || reserved || !out) return MAPI_E_INVALID_PARAMETER;

    if (!(obj = mapi_heap_alloc(sizeof(*obj)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(obj, 0, sizeof(*obj));
    obj->IPropData_iface.lpVtbl = &propdata_vtbl;
    obj->refcount = 1;
    obj->allocate_buffer = allocate_buffer;
    obj->allocate_more = allocate_more;
    obj->free_buffer = free_buffer;
    obj->access = IPROP_READWRITE;
    InitializeCriticalSection(&obj->cs);
    *out = &obj->IPropData_iface;
    return S_OK;
}
