/*
 * mapi32: status rows of the spooler and its transports, the spooler's
 * status object
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The spooler's row in the session's status table belongs to the spooler
 * (its owner key is the struct spooler).  Its status object shows the
 * row's values and drives the transports: FlushQueues and ValidateState
 * run on the worker.  A transport's row belongs to its support object and
 * is the provider's to write (ModifyStatusRow); the spooler only marks it
 * STATUS_FAILURE after a critical error or a fault, and makes one with
 * MAPI's columns for a provider that wrote none.  Opening a transport's
 * row reaches the provider's IXPLogon::OpenStatusEntry.
 */

#include "spooler.h"

WINE_DEFAULT_DEBUG_CHANNEL(spooler);

static const char spooler_display_name[] = "MAPI Spooler";
static const char spooler_dll_name[] = "MAPI32.DLL";

/* The session's status table, for a thread other than the worker, until
 * status_table_leave; NULL once the spooler is stopped (the session may be
 * gone).  No other lock is held meanwhile: the table calls its clients'
 * sinks with its own lock held. */
static struct status_table *status_table_enter(struct spooler *spooler)
{
    AcquireSRWLockShared(&spooler->host_lock);
    if (!spooler->stopped) return spooler->host->status;
    ReleaseSRWLockShared(&spooler->host_lock);
    return NULL;
}

static void status_table_leave(struct spooler *spooler)
{
    ReleaseSRWLockShared(&spooler->host_lock);
}

/* ------------------------------------------------------------------------
 * The spooler's row
 */

static const char *spooler_status_string(ULONG code)
{
    switch (code & (STATUS_OUTBOUND_ACTIVE | STATUS_INBOUND_ACTIVE))
    {
    case STATUS_OUTBOUND_ACTIVE: return "Sending";
    case STATUS_INBOUND_ACTIVE: return "Receiving";
    case STATUS_OUTBOUND_ACTIVE | STATUS_INBOUND_ACTIVE: return "Sending and receiving";
    default: return "Ready";
    }
}

static HRESULT spooler_status_row_write(struct spooler *spooler, ULONG code)
{
    SPropValue props[8];
    ULONG n = 0;

    props[n].ulPropTag = PR_DISPLAY_NAME_A;
    props[n++].Value.lpszA = (char *)spooler_display_name;
    props[n].ulPropTag = PR_PROVIDER_DISPLAY_A;
    props[n++].Value.lpszA = (char *)spooler_display_name;
    props[n].ulPropTag = PR_PROVIDER_DLL_NAME_A;
    props[n++].Value.lpszA = (char *)spooler_dll_name;
    props[n].ulPropTag = PR_RESOURCE_TYPE;
    props[n++].Value.l = MAPI_SPOOLER;
    props[n].ulPropTag = PR_RESOURCE_FLAGS;
    props[n++].Value.l = 0;
    props[n].ulPropTag = PR_RESOURCE_METHODS;
    props[n++].Value.l = STATUS_FLUSH_QUEUES | STATUS_VALIDATE_STATE;
    props[n].ulPropTag = PR_STATUS_CODE;
    props[n++].Value.l = code;
    props[n].ulPropTag = PR_STATUS_STRING_A;
    props[n++].Value.lpszA = (char *)spooler_status_string(code);
    return status_row_set(spooler->host->status, spooler, n, props, FALSE);
}

HRESULT spooler_status_row_add(struct spooler *spooler)
{
    TRACE("%p.\n", spooler);
    return spooler_status_row_write(spooler, spooler->status_code);
}

/* Only the worker changes the code, so the row is written outside the
 * lock (the table's notifications call the client). */
void spooler_status_row_set_code(struct spooler *spooler, ULONG set, ULONG clear)
{
    ULONG code;
    BOOL changed;
    HRESULT hr;

    EnterCriticalSection(&spooler->lock);
    code = (spooler->status_code & ~clear) | set;
    changed = code != spooler->status_code && !spooler->stopped;
    if (changed) spooler->status_code = code;
    LeaveCriticalSection(&spooler->lock);

    if (changed && FAILED(hr = spooler_status_row_write(spooler, code)))
        WARN("the spooler's status row was not updated, hr %#lx.\n", hr);
}

void spooler_status_row_remove(struct spooler *spooler)
{
    TRACE("%p.\n", spooler);
    status_row_remove(spooler->host->status, spooler);
}

/* ------------------------------------------------------------------------
 * Transports' rows
 */

/* The owner of the entry's row, NULL once its support object is gone. */
static const void *xp_row_owner(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;
    const void *owner;

    EnterCriticalSection(&spooler->lock);
    owner = (entry->state & XP_SUPPORT_GONE) ? NULL : entry->support;
    LeaveCriticalSection(&spooler->lock);
    return owner;
}

/* Called while the provider holds its support object (from its
 * SpoolerNotify, or before its logoff), so the row cannot go meanwhile. */
void xp_status_row_failure(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;
    struct status_table *table;
    const void *owner;
    SPropValue code, *props;
    ULONG count;

    if (!(owner = xp_row_owner(entry)) || !(table = status_table_enter(spooler))) return;
    if (SUCCEEDED(status_row_get(table, owner, &count, &props)))
    {
        MAPIFreeBuffer(props);
        code.ulPropTag = PR_STATUS_CODE;
        code.Value.l = STATUS_FAILURE;
        status_row_set(table, owner, 1, &code, TRUE);
    }
    status_table_leave(spooler);
}

void xp_status_row_ensure(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;
    struct status_table *table;
    SPropValue props[7], *row;
    const void *owner;
    ULONG count, n = 0, code = STATUS_AVAILABLE;
    BOOL exists;

    if (!(owner = xp_row_owner(entry)) || !(table = status_table_enter(spooler))) return;
    if ((exists = SUCCEEDED(status_row_get(table, owner, &count, &row)))) MAPIFreeBuffer(row);
    status_table_leave(spooler);
    if (exists) return;
    WARN("transport %s wrote no status row; MAPI makes one.\n", debugstr_a(entry->info.display_name));

    EnterCriticalSection(&spooler->lock);
    if (entry->state & XP_INBOUND) code |= STATUS_INBOUND_ENABLED;
    if (entry->state & XP_OUTBOUND) code |= STATUS_OUTBOUND_ENABLED;
    LeaveCriticalSection(&spooler->lock);

    props[n].ulPropTag = PR_DISPLAY_NAME_A;
    props[n++].Value.lpszA = entry->info.display_name;
    props[n].ulPropTag = PR_PROVIDER_DISPLAY_A;
    props[n++].Value.lpszA = entry->info.provider_display;
    props[n].ulPropTag = PR_PROVIDER_DLL_NAME_A;
    props[n++].Value.lpszA = entry->info.dll_name;
    props[n].ulPropTag = PR_RESOURCE_TYPE;
    props[n++].Value.l = MAPI_TRANSPORT_PROVIDER;
    props[n].ulPropTag = PR_RESOURCE_FLAGS;
    props[n++].Value.l = entry->info.resource_flags;
    props[n].ulPropTag = PR_RESOURCE_METHODS;
    props[n++].Value.l = 0;
    props[n].ulPropTag = PR_STATUS_CODE;
    props[n++].Value.l = code;
    if (!(table = status_table_enter(spooler))) return;
    status_row_set(table, owner, n, props, FALSE);
    status_table_leave(spooler);
}

/* The entry whose row has this entry ID, AddRef'd, or NULL. */
static struct xp_entry *spooler_entry_from_row_id(struct spooler *spooler, ULONG cb, const ENTRYID *eid)
{
    struct xp_entry **entries, *found = NULL;
    struct status_table *table;
    const SPropValue *prop;
    const void **owners;
    SPropValue *props;
    ULONG count = 0, values, i;

    if (!(table = status_table_enter(spooler))) return NULL;
    EnterCriticalSection(&spooler->lock);
    entries = mapi_heap_alloc(max(spooler->entry_count, 1) * sizeof(*entries));
    owners = mapi_heap_alloc(max(spooler->entry_count, 1) * sizeof(*owners));
    for (i = 0; entries && owners && i < spooler->entry_count; i++)
    {
        struct xp_entry *entry = spooler->entries[i];

        if (entry->state & XP_SUPPORT_GONE) continue;
        xp_entry_addref(entry);
        owners[count] = entry->support;
        entries[count++] = entry;
    }
    LeaveCriticalSection(&spooler->lock);

    for (i = 0; i < count; i++)
    {
        if (!found && SUCCEEDED(status_row_get(table, owners[i], &values, &props)))
        {
            if ((prop = PpropFindProp(props, values, PR_ENTRYID)) && prop->Value.bin.cb == cb
                    && !memcmp(prop->Value.bin.lpb, eid, cb))
                found = entries[i];
            MAPIFreeBuffer(props);
        }
        if (entries[i] != found) xp_entry_release(entries[i]);
    }
    status_table_leave(spooler);
    mapi_heap_free(entries);
    mapi_heap_free(owners);
    return found;
}

/* ------------------------------------------------------------------------
 * The spooler's status object
 */

/* Made by spooler_open_status; the client holds it.  Holds a reference on
 * the spooler and an IPropData with the row's values as last read. */
struct spooler_status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG refcount;
    struct spooler *spooler;
    IPropData *props;
};

static inline struct spooler_status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct spooler_status, IMAPIStatus_iface);
}

/* The row's current values into props; after the spooler's stop the last
 * ones stay. */
static void spooler_status_refresh(struct spooler_status *status)
{
    struct spooler *spooler = status->spooler;
    struct status_table *table;
    SPropValue *values = NULL;
    ULONG count = 0;
    HRESULT hr;

    if (!(table = status_table_enter(spooler))) return;
    hr = status_row_get(table, spooler, &count, &values);
    status_table_leave(spooler);
    if (FAILED(hr)) return;
    if (FAILED(hr = IPropData_SetProps(status->props, count, values, NULL)))
        WARN("the status object could not take the row's values, hr %#lx.\n", hr);
    MAPIFreeBuffer(values);
}

static HRESULT WINAPI spooler_status_QueryInterface(IMAPIStatus *iface, REFIID riid, void **out)
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

static ULONG WINAPI spooler_status_AddRef(IMAPIStatus *iface)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);
    ULONG refcount = InterlockedIncrement(&status->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI spooler_status_Release(IMAPIStatus *iface)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);
    ULONG refcount = InterlockedDecrement(&status->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);

    if (!refcount)
    {
        IPropData_Release(status->props);
        spooler_release(status->spooler);
        mapi_heap_free(status);
    }
    return refcount;
}

static HRESULT WINAPI spooler_status_GetLastError(IMAPIStatus *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return IPropData_GetLastError(status->props, result, flags, error);
}

/* The status object is read-only. */
static HRESULT WINAPI spooler_status_SaveChanges(IMAPIStatus *iface, ULONG flags)
{
    TRACE("%p, %#lx.\n", iface, flags);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI spooler_status_GetProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, values);

    spooler_status_refresh(status);
    return IPropData_GetProps(status->props, tags, flags, count, values);
}

static HRESULT WINAPI spooler_status_GetPropList(IMAPIStatus *iface, ULONG flags, SPropTagArray **tags)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);

    spooler_status_refresh(status);
    return IPropData_GetPropList(status->props, flags, tags);
}

static HRESULT WINAPI spooler_status_OpenProperty(IMAPIStatus *iface, ULONG tag, const IID *iid, ULONG options,
        ULONG flags, IUnknown **out)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if (flags & MAPI_MODIFY)
    {
        if (out) *out = NULL;
        return MAPI_E_NO_ACCESS;
    }
    return IPropData_OpenProperty(status->props, tag, iid, options, flags, out);
}

static HRESULT WINAPI spooler_status_SetProps(IMAPIStatus *iface, ULONG count, SPropValue *values,
        SPropProblemArray **problems)
{
    TRACE("%p, %lu, %p, %p.\n", iface, count, values, problems);

    if (problems) *problems = NULL;
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI spooler_status_DeleteProps(IMAPIStatus *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("%p, %p, %p.\n", iface, tags, problems);

    if (problems) *problems = NULL;
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI spooler_status_CopyTo(IMAPIStatus *iface, ULONG exclude_iid_count, const IID *exclude_iids,
        SPropTagArray *exclude, ULONG_PTR ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
        SPropProblemArray **problems)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %lu, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, exclude_iid_count, exclude_iids, exclude, ui,
            progress, debugstr_guid(iid), dest, flags, problems);

    if (flags & MAPI_MOVE) return MAPI_E_NO_ACCESS;
    spooler_status_refresh(status);
    /* Wine's mapidefs.h has a ULONG UI parameter where Windows has ULONG_PTR. */
    return IPropData_CopyTo(status->props, exclude_iid_count, (IID *)exclude_iids, exclude, ui, progress, iid, dest,
            flags, problems);
}

static HRESULT WINAPI spooler_status_CopyProps(IMAPIStatus *iface, SPropTagArray *include, ULONG_PTR ui,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, include, ui, progress, debugstr_guid(iid), dest, flags,
            problems);

    if (flags & MAPI_MOVE) return MAPI_E_NO_ACCESS;
    spooler_status_refresh(status);
    return IPropData_CopyProps(status->props, include, ui, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI spooler_status_GetNamesFromIDs(IMAPIStatus *iface, SPropTagArray **tags, GUID *guid,
        ULONG flags, ULONG *count, MAPINAMEID ***names)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return IPropData_GetNamesFromIDs(status->props, tags, guid, flags, count, names);
}

static HRESULT WINAPI spooler_status_GetIDsFromNames(IMAPIStatus *iface, ULONG count, MAPINAMEID **names,
        ULONG flags, SPropTagArray **tags)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);
    return IPropData_GetIDsFromNames(status->props, count, names, flags, tags);
}

/* The spooler's validation: each transport's ValidateState, and a logon
 * of every transport that is not logged on. */
static HRESULT WINAPI spooler_status_ValidateState(IMAPIStatus *iface, ULONG_PTR ui, ULONG flags)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %#Ix, %#lx.\n", iface, ui, flags);
    return spooler_validate_state(status->spooler, flags);
}

static HRESULT WINAPI spooler_status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ui, ULONG flags)
{
    TRACE("%p, %#Ix, %#lx.\n", iface, ui, flags);

    /* PR_RESOURCE_METHODS does not offer STATUS_SETTINGS_DIALOG. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI spooler_status_ChangePassword(IMAPIStatus *iface, LPSTR old_password, LPSTR new_password,
        ULONG flags)
{
    TRACE("%p, %p, %p, %#lx.\n", iface, old_password, new_password, flags);

    /* PR_RESOURCE_METHODS does not offer STATUS_CHANGE_PASSWORD. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI spooler_status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ui, ULONG cb_target,
        ENTRYID *target, ULONG flags)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);
    struct xp_entry *entry = NULL;
    HRESULT hr;

    TRACE("%p, %#Ix, %lu, %p, %#lx.\n", iface, ui, cb_target, target, flags);

    if (!cb_target != !target) return MAPI_E_INVALID_PARAMETER;
    if (target && !(entry = spooler_entry_from_row_id(status->spooler, cb_target, target)))
        return MAPI_E_INVALID_ENTRYID;
    hr = spooler_request_flush(status->spooler, entry, flags, !(flags & FLUSH_ASYNC_OK));
    if (entry) xp_entry_release(entry);
    return hr;
}

static const IMAPIStatusVtbl spooler_status_vtbl =
{
    spooler_status_QueryInterface,
    spooler_status_AddRef,
    spooler_status_Release,
    spooler_status_GetLastError,
    spooler_status_SaveChanges,
    spooler_status_GetProps,
    spooler_status_GetPropList,
    spooler_status_OpenProperty,
    spooler_status_SetProps,
    spooler_status_DeleteProps,
    spooler_status_CopyTo,
    spooler_status_CopyProps,
    spooler_status_GetNamesFromIDs,
    spooler_status_GetIDsFromNames,
    spooler_status_ValidateState,
    spooler_status_SettingsDialog,
    spooler_status_ChangePassword,
    spooler_status_FlushQueues,
};

static BOOL status_iid_supported(const IID *iid)
{
    return !iid || IsEqualGUID(iid, &IID_IUnknown) || IsEqualGUID(iid, &IID_IMAPIProp)
            || IsEqualGUID(iid, &IID_IMAPIStatus);
}

HRESULT spooler_status_create(struct spooler *spooler, const IID *iid, IUnknown **out)
{
    struct spooler_status *status;
    SCODE sc;

    TRACE("%p, %s, %p.\n", spooler, debugstr_guid(iid), out);

    *out = NULL;
    if (!status_iid_supported(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(status = mapi_heap_alloc(sizeof(*status)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((sc = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            &status->props)))
    {
        mapi_heap_free(status);
        return sc;
    }
    status->IMAPIStatus_iface.lpVtbl = &spooler_status_vtbl;
    status->refcount = 1;
    status->spooler = spooler;
    spooler_addref(spooler);
    spooler_status_refresh(status);
    *out = (IUnknown *)&status->IMAPIStatus_iface;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * Opening a row
 */

HRESULT spooler_open_status(struct spooler *spooler, const void *row_owner, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct xp_entry *entry;
    IMAPIStatus *status = NULL;
    IXPLogon *logon;
    BOOL faulted;
    HRESULT hr;

    TRACE("%p, %p, %s, %#lx, %p, %p.\n", spooler, row_owner, debugstr_guid(iid), flags, type, out);

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!spooler || !row_owner) return MAPI_E_INVALID_PARAMETER;

    if (row_owner == spooler)
    {
        if (SUCCEEDED(hr = spooler_status_create(spooler, iid, out))) *type = MAPI_STATUS;
        return hr;
    }

    if (!(entry = spooler_find_entry(spooler, row_owner))) return MAPI_E_NOT_FOUND;
    if (!(logon = xp_entry_begin_call(entry)))
    {
        xp_entry_release(entry);
        return MAPI_E_NOT_FOUND;
    }
    PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_OpenStatusEntry(logon, iid, flags, type, &status));
    xp_entry_end_call(entry);
    if (faulted)
    {
        xp_entry_fault(entry, "OpenStatusEntry");
        hr = MAPI_E_CALL_FAILED;
    }
    else if (SUCCEEDED(hr) && !status) hr = MAPI_E_CALL_FAILED;
    if (SUCCEEDED(hr)) *out = (IUnknown *)status;
    xp_entry_release(entry);
    return hr;
}
