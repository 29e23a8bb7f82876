/*
 * mapi32: the status objects of the session's status table
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * IMAPISession::OpenEntry on a status row's entry ID opens the row's
 * status object: MAPI's own for the rows of the MAPI subsystem and the
 * MAPI address book (here), the spooler's or a transport's through the
 * spooler.
 */

#include "session.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define VALIDATE_STATE_FLAGS (SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT \
        | FORCE_XP_DISCONNECT | CONFIG_CHANGED | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI)

/* The IMAPIStatus of the MAPI subsystem's or the MAPI address book's row.
 * Made by OpenEntry on the row's entry ID; holds a core reference on the
 * session, whose status table it reads.  Its properties are the row's,
 * read-only. */
struct mapi_status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG refcount;
    struct session *session;
    const void *row;
};

static inline struct mapi_status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct mapi_status, IMAPIStatus_iface);
}

static HRESULT WINAPI mapi_status_QueryInterface(IMAPIStatus *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) || IsEqualGUID(riid, &IID_IMAPIStatus))
    {
        *out = iface;
        IMAPIStatus_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI mapi_status_AddRef(IMAPIStatus *iface)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);
    ULONG refcount = InterlockedIncrement(&status->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI mapi_status_Release(IMAPIStatus *iface)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);
    ULONG refcount = InterlockedDecrement(&status->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);

    if (!refcount)
    {
        session_core_release(status->session);
        mapi_heap_free(status);
    }
    return refcount;
}

static HRESULT WINAPI mapi_status_GetLastError(IMAPIStatus *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

static HRESULT WINAPI mapi_status_SaveChanges(IMAPIStatus *iface, ULONG flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Status objects are not transacted: nothing waits to be saved. */
    return S_OK;
}

/* The row's values, or MAPI_E_END_OF_SESSION once the session is gone. */
static HRESULT mapi_status_row(struct mapi_status *status, ULONG *count, SPropValue **props)
{
    HRESULT hr;

    if (FAILED(hr = session_check(status->session))) return hr;
    return status_row_get(status->session->status, status->row, count, props);
}

static HRESULT WINAPI mapi_status_GetProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **props)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);
    SPropValue *row, *values;
    const SPropValue *found;
    ULONG row_count, i;
    HRESULT hr = S_OK;
    SCODE sc;

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, props);

    if (!count || !props || (tags && !tags->cValues)) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *props = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & MAPI_UNICODE)
    {
        FIXME("Unicode string properties are not supported.\n");
        return MAPI_E_BAD_CHARWIDTH;
    }
    if (FAILED(hr = mapi_status_row(status, &row_count, &row))) return hr;
    if (!tags)
    {
        *count = row_count;
        *props = row;
        return S_OK;
    }

    if ((sc = MAPIAllocateBuffer(tags->cValues * sizeof(*values), (void **)&values)))
    {
        MAPIFreeBuffer(row);
        return sc;
    }
    for (i = 0; i < tags->cValues && !sc; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        found = PpropFindProp(row, row_count, PROP_TAG(PT_UNSPECIFIED, PROP_ID(tag)));
        if (found && (PROP_TYPE(tag) == PT_UNSPECIFIED || PROP_TYPE(tag) == PROP_TYPE(found->ulPropTag)))
        {
            sc = PropCopyMore(&values[i], (SPropValue *)found, MAPIAllocateMore, values);
            continue;
        }
        values[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
        values[i].Value.err = MAPI_E_NOT_FOUND;
        hr = MAPI_W_ERRORS_RETURNED;
    }
    MAPIFreeBuffer(row);
    if (sc)
    {
        MAPIFreeBuffer(values);
        return sc;
    }
    *count = tags->cValues;
    *props = values;
    return hr;
}

static HRESULT WINAPI mapi_status_GetPropList(IMAPIStatus *iface, ULONG flags, SPropTagArray **tags)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);
    SPropValue *row;
    ULONG count, i;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = mapi_status_row(status, &count, &row))) return hr;
    if (!(hr = MAPIAllocateBuffer(CbNewSPropTagArray(count), (void **)tags)))
    {
        (*tags)->cValues = count;
        for (i = 0; i < count; i++) (*tags)->aulPropTag[i] = row[i].ulPropTag;
    }
    MAPIFreeBuffer(row);
    return hr;
}

static HRESULT WINAPI mapi_status_OpenProperty(IMAPIStatus *iface, ULONG tag, const IID *iid, ULONG options,
        ULONG flags, IUnknown **out)
{
    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if (out) *out = NULL;
    /* A status row has no object properties. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mapi_status_SetProps(IMAPIStatus *iface, ULONG count, SPropValue *props,
        SPropProblemArray **problems)
{
    TRACE("%p, %lu, %p, %p.\n", iface, count, props, problems);

    if (problems) *problems = NULL;
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI mapi_status_DeleteProps(IMAPIStatus *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("%p, %p, %p.\n", iface, tags, problems);

    if (problems) *problems = NULL;
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI mapi_status_CopyTo(IMAPIStatus *iface, ULONG count, const IID *excluded,
        SPropTagArray *exclude, ULONG_PTR ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
        SPropProblemArray **problems)
{
    TRACE("%p, %lu, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, count, excluded, exclude, ui, progress,
            debugstr_guid(iid), dest, flags, problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mapi_status_CopyProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG_PTR ui,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    TRACE("%p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, tags, ui, progress, debugstr_guid(iid), dest, flags,
            problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mapi_status_GetNamesFromIDs(IMAPIStatus *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mapi_status_GetIDsFromNames(IMAPIStatus *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

/* The subsystem checks what it owns, the profile's stores as the stores
 * table shows them, and has the spooler check its transports; the
 * address book checks its providers' profile sections. */
static HRESULT WINAPI mapi_status_ValidateState(IMAPIStatus *iface, ULONG_PTR ui, ULONG flags)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);
    struct session *session = status->session;
    struct profile_provider *infos;
    struct spooler *spooler;
    ULONG count;
    HRESULT hr;

    TRACE("%p, %#Ix, %#lx.\n", iface, ui, flags);

    if (flags & ~VALIDATE_STATE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;

    if (status->row == &session->ab_row)
    {
        hr = profile_providers(session->profile, MAPI_AB_PROVIDER, &count, &infos);
        if (SUCCEEDED(hr)) mapi_heap_free(infos);
        return hr == MAPI_E_NOT_FOUND ? S_OK : hr;
    }
    if (FAILED(hr = stores_table_fill(session))) return hr;
    if (!(spooler = session_spooler_get(session))) return S_OK;
    hr = spooler_validate_state(spooler, flags);
    session_spooler_put(session);
    return hr;
}

static HRESULT WINAPI mapi_status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ui, ULONG flags)
{
    TRACE("%p, %#Ix, %#lx.\n", iface, ui, flags);

    /* MAPI's own status objects have no settings. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mapi_status_ChangePassword(IMAPIStatus *iface, LPSTR old_password, LPSTR new_password,
        ULONG flags)
{
    TRACE("%p, %p, %p, %#lx.\n", iface, old_password, new_password, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mapi_status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ui, ULONG cb, ENTRYID *target,
        ULONG flags)
{
    TRACE("%p, %#Ix, %lu, %p, %#lx.\n", iface, ui, cb, target, flags);

    /* Only the spooler's status object flushes queues, as the reference says. */
    return MAPI_E_NO_SUPPORT;
}

static const IMAPIStatusVtbl mapi_status_vtbl =
{
    mapi_status_QueryInterface,
    mapi_status_AddRef,
    mapi_status_Release,
    mapi_status_GetLastError,
    mapi_status_SaveChanges,
    mapi_status_GetProps,
    mapi_status_GetPropList,
    mapi_status_OpenProperty,
    mapi_status_SetProps,
    mapi_status_DeleteProps,
    mapi_status_CopyTo,
    mapi_status_CopyProps,
    mapi_status_GetNamesFromIDs,
    mapi_status_GetIDsFromNames,
    mapi_status_ValidateState,
    mapi_status_SettingsDialog,
    mapi_status_ChangePassword,
    mapi_status_FlushQueues,
};

static HRESULT mapi_status_create(struct session *session, const void *row, IMAPIStatus **out)
{
    struct mapi_status *status;

    if (!(status = mapi_heap_alloc(sizeof(*status)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    status->IMAPIStatus_iface.lpVtbl = &mapi_status_vtbl;
    status->refcount = 1;
    status->session = session;
    status->row = row;
    session_core_addref(session);
    *out = &status->IMAPIStatus_iface;
    return S_OK;
}

/* The status object of a row: MAPI's own, or the spooler's or a
 * transport's through the spooler. */
HRESULT session_open_status(struct session *session, const void *owner, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct spooler *spooler;
    HRESULT hr;

    if (owner == &session->mapi_row || owner == &session->ab_row)
    {
        if (iid && !IsEqualGUID(iid, &IID_IMAPIStatus) && !IsEqualGUID(iid, &IID_IMAPIProp)
                && !IsEqualGUID(iid, &IID_IUnknown))
            return MAPI_E_INTERFACE_NOT_SUPPORTED;
        if (FAILED(hr = mapi_status_create(session, owner, (IMAPIStatus **)out))) return hr;
        *type = MAPI_STATUS;
        return S_OK;
    }
    if (session_is_store_row(session, owner))
    {
        FIXME("status objects of stores are not opened.\n");
        return MAPI_E_NO_SUPPORT;
    }
    if (!(spooler = session_spooler_get(session)))
    {
        FIXME("status objects of address books are not opened.\n");
        return MAPI_E_NO_SUPPORT;
    }
    hr = spooler_open_status(spooler, owner, iid, flags, type, out);
    session_spooler_put(session);
    return hr;
}
