/*
 * mapi32: IProfSect, a section of a profile in the registry
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Profile sections are not transacted: every IProfSect call reads or writes
 * the registry, so all objects on a section, in any process, agree.
 */

#include "profile.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define FIRST_NAMED_ID 0x8000

/* A profile section.  Made by profile_open_section for its caller; holds a
 * reference on its profile and reads and writes the registry on every call. */
struct profsect
{
    IProfSect IProfSect_iface;
    LONG refcount;
    struct profile *profile;
    MAPIUID uid;
    BOOL writable;
    HRESULT last_error;
    const char *last_error_method;
};

static inline struct profsect *impl_from_IProfSect(IProfSect *iface)
{
    return CONTAINING_RECORD(iface, struct profsect, IProfSect_iface);
}

static HRESULT profsect_record(struct profsect *sect, HRESULT hr, const char *method)
{
    if (FAILED(hr))
    {
        sect->last_error_method = method;
        InterlockedExchange(&sect->last_error, hr);
    }
    return hr;
}

static BOOL id_is_computed(ULONG tag)
{
    return PROP_ID(tag) == PROP_ID(PR_OBJECT_TYPE) || PROP_ID(tag) == PROP_ID(PR_PROFILE_NAME_A);
}

static HRESULT WINAPI profsect_QueryInterface(IProfSect *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IProfSect))
    {
        *out = iface;
        IProfSect_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI profsect_AddRef(IProfSect *iface)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    ULONG refcount = InterlockedIncrement(&sect->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI profsect_Release(IProfSect *iface)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    ULONG refcount = InterlockedDecrement(&sect->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        profile_release(sect->profile);
        mapi_heap_free(sect);
    }
    return refcount;
}

static HRESULT WINAPI profsect_GetLastError(IProfSect *iface, HRESULT result, ULONG flags, MAPIERROR **out)
{
    struct profsect *sect = impl_from_IProfSect(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!FAILED(result) || result != ReadAcquire(&sect->last_error)) return S_OK;
    return profile_error_make("IProfSect", sect->last_error_method, result, flags, out);
}

/* Profile sections are not transacted: every change is already saved. */
static HRESULT WINAPI profsect_SaveChanges(IProfSect *iface, ULONG flags)
{
    struct profsect *sect = impl_from_IProfSect(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return profsect_record(sect, MAPI_E_UNKNOWN_FLAGS, "SaveChanges");
    return S_OK;
}

static HRESULT WINAPI profsect_GetProps(IProfSect *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **props)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    IPropData *data;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, props);

    if (!count || !props || (tags && !tags->cValues))
        return profsect_record(sect, MAPI_E_INVALID_PARAMETER, "GetProps");
    if (flags & ~MAPI_UNICODE) return profsect_record(sect, MAPI_E_UNKNOWN_FLAGS, "GetProps");

    if (FAILED(hr = profile_section_snapshot(sect->profile, &sect->uid,
            PROFILE_SNAPSHOT_COMPUTED | (tags ? PROFILE_SNAPSHOT_SECURE : 0), &data)))
        return profsect_record(sect, hr, "GetProps");
    hr = IPropData_GetProps(data, tags, flags, count, props);
    IPropData_Release(data);
    return profsect_record(sect, hr, "GetProps");
}

static HRESULT WINAPI profsect_GetPropList(IProfSect *iface, ULONG flags, SPropTagArray **tags)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    IPropData *data;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);

    if (!tags) return profsect_record(sect, MAPI_E_INVALID_PARAMETER, "GetPropList");
    if (flags & ~MAPI_UNICODE) return profsect_record(sect, MAPI_E_UNKNOWN_FLAGS, "GetPropList");

    if (FAILED(hr = profile_section_snapshot(sect->profile, &sect->uid, PROFILE_SNAPSHOT_COMPUTED, &data)))
        return profsect_record(sect, hr, "GetPropList");
    hr = IPropData_GetPropList(data, flags, tags);
    IPropData_Release(data);
    return profsect_record(sect, hr, "GetPropList");
}

/* A stream reads a copy of the value as it was when opened; writing
 * through a stream is not offered, since it could not be immediate. */
static HRESULT WINAPI profsect_OpenProperty(IProfSect *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    IPropData *data;
    HRESULT hr;

    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if (out) *out = NULL;
    if (!out || !iid) return profsect_record(sect, MAPI_E_INVALID_PARAMETER, "OpenProperty");
    if (flags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return profsect_record(sect, MAPI_E_UNKNOWN_FLAGS, "OpenProperty");
    if (flags & (MAPI_CREATE | MAPI_MODIFY))
    {
        WARN("writable property streams are not supported on profile sections.\n");
        return profsect_record(sect, MAPI_E_NO_SUPPORT, "OpenProperty");
    }

    if (FAILED(hr = profile_section_snapshot(sect->profile, &sect->uid,
            PROFILE_SNAPSHOT_SECURE | PROFILE_SNAPSHOT_COMPUTED, &data)))
        return profsect_record(sect, hr, "OpenProperty");
    hr = IPropData_OpenProperty(data, tag, iid, options, flags & ~MAPI_BEST_ACCESS, out);
    IPropData_Release(data);
    return profsect_record(sect, hr, "OpenProperty");
}

/* Problems of a call with count inputs, in a MAPIAllocateBuffer block. */
static HRESULT problems_alloc(ULONG count, SPropProblemArray **problems)
{
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropProblemArray(max(count, 1)), (void **)problems))) return hr;
    (*problems)->cProblem = 0;
    return S_OK;
}

static void problems_add(SPropProblemArray *problems, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblem *problem = &problems->aProblem[problems->cProblem++];

    problem->ulIndex = index;
    problem->ulPropTag = tag;
    problem->scode = sc;
}

static void problems_return(SPropProblemArray *problems, SPropProblemArray **out)
{
    if (out && problems->cProblem) *out = problems;
    else MAPIFreeBuffer(problems);
}

static SCODE profsect_set_one(HKEY key, const SPropValue *prop)
{
    if (PROP_ID(prop->ulPropTag) >= FIRST_NAMED_ID) return MAPI_E_UNEXPECTED_ID;
    if (id_is_computed(prop->ulPropTag)) return MAPI_E_COMPUTED;
    return profile_section_write(key, prop);
}

static HRESULT WINAPI profsect_SetProps(IProfSect *iface, ULONG count, SPropValue *props,
        SPropProblemArray **problems)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    SPropProblemArray *list;
    HRESULT hr;
    HKEY key;
    ULONG i;

    TRACE("%p, %lu, %p, %p.\n", iface, count, props, problems);

    if (problems) *problems = NULL;
    if (!props || !count) return profsect_record(sect, MAPI_E_INVALID_PARAMETER, "SetProps");
    for (i = 0; i < count; i++)
    {
        ULONG tag = props[i].ulPropTag;

        if (tag == PR_NULL || PROP_TYPE(tag) == PT_ERROR) continue;
        if (!profile_value_can_be_stored(&props[i])) return profsect_record(sect, MAPI_E_INVALID_PARAMETER, "SetProps");
    }
    if (!sect->writable) return profsect_record(sect, MAPI_E_NO_ACCESS, "SetProps");
    if (FAILED(hr = problems_alloc(count, &list))) return profsect_record(sect, hr, "SetProps");
    if (FAILED(hr = profile_section_key_open(sect->profile, &sect->uid, TRUE, &key)))
    {
        MAPIFreeBuffer(list);
        return profsect_record(sect, hr, "SetProps");
    }

    for (i = 0; i < count; i++)
    {
        ULONG tag = props[i].ulPropTag;
        SCODE sc;

        if (tag == PR_NULL || PROP_TYPE(tag) == PT_ERROR) continue;
        if (FAILED(sc = profsect_set_one(key, &props[i]))) problems_add(list, i, tag, sc);
    }
    RegCloseKey(key);
    problems_return(list, problems);
    return S_OK;
}

static HRESULT WINAPI profsect_DeleteProps(IProfSect *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    SPropProblemArray *list;
    HRESULT hr;
    HKEY key;
    ULONG i;

    TRACE("%p, %p, %p.\n", iface, tags, problems);

    if (problems) *problems = NULL;
    if (!tags || !tags->cValues) return profsect_record(sect, MAPI_E_INVALID_PARAMETER, "DeleteProps");
    for (i = 0; i < tags->cValues; i++)
        if (prop_tag_is_bad(tags->aulPropTag[i])) return profsect_record(sect, MAPI_E_INVALID_PARAMETER, "DeleteProps");
    if (!sect->writable) return profsect_record(sect, MAPI_E_NO_ACCESS, "DeleteProps");
    if (FAILED(hr = profile_section_key_open(sect->profile, &sect->uid, FALSE, &key)))
        return profsect_record(sect, hr == MAPI_E_NOT_FOUND ? S_OK : hr, "DeleteProps");
    if (FAILED(hr = problems_alloc(tags->cValues, &list)))
    {
        RegCloseKey(key);
        return profsect_record(sect, hr, "DeleteProps");
    }

    for (i = 0; i < tags->cValues; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        if (id_is_computed(tag)) problems_add(list, i, tag, MAPI_E_COMPUTED);
        else profile_section_delete_prop(key, tag);
    }
    RegCloseKey(key);
    problems_return(list, problems);
    return S_OK;
}

/* After a move, the properties that left the snapshot leave the section. */
static HRESULT profsect_remove_moved(struct profsect *sect, IPropData *data, const SPropTagArray *before)
{
    SPropTagArray *after;
    HRESULT hr;
    HKEY key;
    ULONG i, j;

    if (FAILED(hr = IPropData_GetPropList(data, 0, &after))) return hr;
    if (SUCCEEDED(hr = profile_section_key_open(sect->profile, &sect->uid, FALSE, &key)))
    {
        for (i = 0; i < before->cValues; i++)
        {
            for (j = 0; j < after->cValues; j++)
                if (PROP_ID(after->aulPropTag[j]) == PROP_ID(before->aulPropTag[i])) break;
            if (j == after->cValues && !id_is_computed(before->aulPropTag[i]))
                profile_section_delete_prop(key, before->aulPropTag[i]);
        }
        RegCloseKey(key);
    }
    MAPIFreeBuffer(after);
    return hr;
}

/* CopyTo and CopyProps: the snapshot's IPropData does the copying. */
static HRESULT profsect_copy(struct profsect *sect, ULONG snapshot_flags, ULONG flags, IPropData **data,
        SPropTagArray **before)
{
    HRESULT hr;

    *before = NULL;
    if ((flags & MAPI_MOVE) && !sect->writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = profile_section_snapshot(sect->profile, &sect->uid, snapshot_flags, data))) return hr;
    if ((flags & MAPI_MOVE) && FAILED(hr = IPropData_GetPropList(*data, 0, before)))
    {
        IPropData_Release(*data);
        return hr;
    }
    return S_OK;
}

static HRESULT WINAPI profsect_CopyTo(IProfSect *iface, ULONG iid_count, const IID *excluded_iids,
        SPropTagArray *excluded, ULONG_PTR ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
        SPropProblemArray **problems)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    SPropTagArray *before;
    IPropData *data;
    HRESULT hr;

    TRACE("%p, %lu, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, iid_count, excluded_iids, excluded, ui,
            progress, debugstr_guid(iid), dest, flags, problems);

    if (problems) *problems = NULL;
    if (FAILED(hr = profsect_copy(sect, 0, flags, &data, &before))) return profsect_record(sect, hr, "CopyTo");
    hr = IPropData_CopyTo(data, iid_count, excluded_iids, excluded, ui, progress, iid, dest, flags, problems);
    if (SUCCEEDED(hr) && before) hr = profsect_remove_moved(sect, data, before);
    MAPIFreeBuffer(before);
    IPropData_Release(data);
    return profsect_record(sect, hr, "CopyTo");
}

static HRESULT WINAPI profsect_CopyProps(IProfSect *iface, SPropTagArray *tags, ULONG_PTR ui,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct profsect *sect = impl_from_IProfSect(iface);
    SPropTagArray *before;
    IPropData *data;
    HRESULT hr;

    TRACE("%p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, tags, ui, progress, debugstr_guid(iid), dest, flags,
            problems);

    if (problems) *problems = NULL;
    if (FAILED(hr = profsect_copy(sect, PROFILE_SNAPSHOT_SECURE, flags, &data, &before)))
        return profsect_record(sect, hr, "CopyProps");
    hr = IPropData_CopyProps(data, tags, ui, progress, iid, dest, flags, problems);
    if (SUCCEEDED(hr) && before) hr = profsect_remove_moved(sect, data, before);
    MAPIFreeBuffer(before);
    IPropData_Release(data);
    return profsect_record(sect, hr, "CopyProps");
}

/* Profile sections have no named properties. */
static HRESULT WINAPI profsect_GetNamesFromIDs(IProfSect *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    struct profsect *sect = impl_from_IProfSect(iface);

    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);

    return profsect_record(sect, MAPI_E_NO_SUPPORT, "GetNamesFromIDs");
}

static HRESULT WINAPI profsect_GetIDsFromNames(IProfSect *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    struct profsect *sect = impl_from_IProfSect(iface);

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);

    return profsect_record(sect, MAPI_E_NO_SUPPORT, "GetIDsFromNames");
}

static const IProfSectVtbl profsect_vtbl =
{
    profsect_QueryInterface,
    profsect_AddRef,
    profsect_Release,
    profsect_GetLastError,
    profsect_SaveChanges,
    profsect_GetProps,
    profsect_GetPropList,
    profsect_OpenProperty,
    profsect_SetProps,
    profsect_DeleteProps,
    profsect_CopyTo,
    profsect_CopyProps,
    profsect_GetNamesFromIDs,
    profsect_GetIDsFromNames,
};

HRESULT profile_open_section(struct profile *profile, const MAPIUID *uid, ULONG flags, IProfSect **out)
{
    struct profsect *sect;
    HRESULT hr;
    HKEY key;

    TRACE("%p, %p, %#lx, %p.\n", profile, uid, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!profile || !uid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = profile_section_key_open(profile, uid, !!(flags & MAPI_MODIFY), &key))) return hr;
    RegCloseKey(key);

    if (!(sect = mapi_heap_alloc(sizeof(*sect)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    sect->IProfSect_iface.lpVtbl = &profsect_vtbl;
    sect->refcount = 1;
    sect->profile = profile;
    profile_addref(profile);
    sect->uid = *uid;
    sect->writable = !!(flags & MAPI_MODIFY);
    sect->last_error = S_OK;
    sect->last_error_method = NULL;
    *out = &sect->IProfSect_iface;
    return S_OK;
}
