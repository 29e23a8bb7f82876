/*
 * mapi32: IMAPISupport, its kinds, MakeInvalid and the release cascade
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A support object is what MAPI gives one provider logon (store, address
 * book, transport) or one message service entry call (service
 * configuration).  Each kind offers the methods the reference lists for it
 * and answers MAPI_E_NO_SUPPORT to the others.
 *
 * A transport's support object speaks for its row of the spooler's logon
 * table (struct xp_link): SpoolerYield, SpoolerNotify, StatusRecips and
 * RegisterPreprocessor go there; a store's SpoolerNotify goes to the
 * host's spooler.  The methods that work on messages are in supportmsg.c.
 *
 * The release cascade: the logoff work (entry-ID UIDs dropped, status row
 * removed, IMSLogon::Logoff or IABLogon::Logoff called, the logon object
 * released) is done once, either by the session's logoff (support_logoff)
 * or by the final release of the support object; the final release then
 * tells a transport's row of the logon table that the object is gone and
 * lets go of it, tells the provider object that one of its logons is gone
 * (at none left it is shut down), and lets go of the host.
 */

#include "support.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* stream.c's export, which no header declares. */
HRESULT WINAPI HrIStorageFromStream(IUnknown *unknown, const IID *iid, ULONG flags, IStorage **storage);

static CRITICAL_SECTION support_list_cs;
static CRITICAL_SECTION_DEBUG support_list_cs_debug =
{
    0, 0, &support_list_cs,
    { &support_list_cs_debug.ProcessLocksList, &support_list_cs_debug.ProcessLocksList },
    0, 0, { 0 }
};
static CRITICAL_SECTION support_list_cs = { &support_list_cs_debug, -1, 0, 0, 0, 0 };
static struct support *support_list;

static const IMAPISupportVtbl support_vtbl;

static const char *support_kind_name(enum support_kind kind)
{
    static const char *const names[] = { "store", "address book", "transport", "service configuration" };
    return kind < ARRAY_SIZE(names) ? names[kind] : "unknown";
}

/* Whether this kind offers the method. */
BOOL support_offers(const struct support *support, unsigned int kinds, const char *method)
{
    if (kinds & (1u << support->kind)) return TRUE;
    TRACE("%s is not offered to a %s provider.\n", method, support_kind_name(support->kind));
    return FALSE;
}

struct provider_dll *support_dll(const struct support *support)
{
    return support->provider ? provider_get_dll(support->provider) : NULL;
}

static const char *support_dll_name(const struct support *support)
{
    struct provider_dll *dll;

    if (support->has_info && support->info.dll_name[0]) return support->info.dll_name;
    if ((dll = support_dll(support))) return provider_dll_name(dll);
    return NULL;
}

static ULONG support_resource_type(const struct support *support)
{
    switch (support->kind)
    {
    case SUPPORT_STORE: return MAPI_STORE_PROVIDER;
    case SUPPORT_AB: return MAPI_AB_PROVIDER;
    case SUPPORT_TRANSPORT: return MAPI_TRANSPORT_PROVIDER;
    default: return 0;
    }
}

/* A provider call raised an exception: its status row, if it has one,
 * says STATUS_FAILURE from now on. */
static void support_mark_failure(struct support *support)
{
    SPropValue code, *row;
    ULONG count;

    WARN("%p: the %s provider raised an exception.\n", support, support_kind_name(support->kind));
    if (!support->host || !support->host->status) return;
    if (FAILED(status_row_get(support->host->status, support, &count, &row))) return;
    MAPIFreeBuffer(row);
    code.ulPropTag = PR_STATUS_CODE;
    code.Value.l = STATUS_FAILURE;
    status_row_set(support->host->status, support, 1, &code, TRUE);
}

static enum provider_kind support_provider_kind(const struct support *support)
{
    switch (support->kind)
    {
    case SUPPORT_STORE: return PROVIDER_STORE;
    case SUPPORT_TRANSPORT: return PROVIDER_TRANSPORT;
    default: return PROVIDER_AB;
    }
}

IUnknown *support_logon_get(struct support *support)
{
    IUnknown *logon;

    EnterCriticalSection(&support->cs);
    if ((logon = support->logon)) IUnknown_AddRef(logon);
    LeaveCriticalSection(&support->cs);
    return logon;
}

static HRESULT WINAPI support_QueryInterface(IMAPISupport *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPISup))
    {
        *out = iface;
        IMAPISupport_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI support_AddRef(IMAPISupport *iface)
{
    struct support *support = impl_from_IMAPISupport(iface);
    ULONG refcount = InterlockedIncrement(&support->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

/* Ends the subscriptions the provider made through this object. */
static void support_end_subscriptions(struct support *support)
{
    ULONG_PTR *connections;
    ULONG count, i;

    EnterCriticalSection(&support->cs);
    connections = support->connections;
    count = support->connection_count;
    support->connections = NULL;
    support->connection_count = 0;
    LeaveCriticalSection(&support->cs);

    for (i = 0; i < count; i++) notify_unsubscribe(support->host->notify, connections[i]);
    mapi_heap_free(connections);
}

/* The logoff work, done once: UIDs, status row, the logon's Logoff and
 * release.  The caller keeps a reference on the support object, as the
 * provider may release its own from inside Logoff. */
static HRESULT support_do_logoff(struct support *support, ULONG flags)
{
    struct provider_dll *dll = support_dll(support);
    BOOL faulted = FALSE, release_faulted = FALSE;
    IUnknown *logon;
    HRESULT hr = S_OK;

    EnterCriticalSection(&support->cs);
    if (support->logged_off)
    {
        LeaveCriticalSection(&support->cs);
        return S_OK;
    }
    support->logged_off = TRUE;
    logon = support->logon;
    support->logon = NULL;
    LeaveCriticalSection(&support->cs);

    TRACE("%p: logging off the %s logon %p.\n", support, support_kind_name(support->kind), logon);

    if (support->host)
    {
        if (support->host->providers) provider_uid_remove_owner(support->host->providers, support);
        if (support->host->status) status_row_remove(support->host->status, support);
        if (support->host->notify) support_end_subscriptions(support);
    }
    if (!logon) return S_OK;

    switch (support->kind)
    {
    case SUPPORT_STORE:
        PROVIDER_CALL(dll, faulted, hr = IMSLogon_Logoff((IMSLogon *)logon, &flags));
        break;
    case SUPPORT_AB:
        PROVIDER_CALL(dll, faulted, hr = IABLogon_Logoff((IABLogon *)logon, 0));
        break;
    default:
        /* A transport's TransportLogoff is the spooler's to call. */
        break;
    }
    if (faulted)
    {
        support_mark_failure(support);
        hr = MAPI_E_CALL_FAILED;
    }
    else if (FAILED(hr)) WARN("%p: Logoff returned %#lx.\n", support, hr);

    PROVIDER_CALL(dll, release_faulted, IUnknown_Release(logon));
    if (release_faulted) support_mark_failure(support);
    return hr;
}

static void support_destroy(struct support *support)
{
    TRACE("%p.\n", support);

    EnterCriticalSection(&support_list_cs);
    if (support->prev) support->prev->next = support->next;
    else support_list = support->next;
    if (support->next) support->next->prev = support->prev;
    LeaveCriticalSection(&support_list_cs);

    /* A transport's row of the logon table hears of the release before
     * the provider's live-logon count drops (which may shut it down). */
    if (support->kind == SUPPORT_TRANSPORT)
    {
        support->link.support_released(support->link.entry);
        support->link.link_release(support->link.entry);
    }
    if (support->provider) provider_logon_removed(support->provider);
    if (support->host && support->host->release) support->host->release(support->host->session);
    mapi_heap_free(support->pending_uids);
    mapi_heap_free(support->connections);
    support->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&support->cs);
    mapi_heap_free(support);
}

static ULONG WINAPI support_Release(IMAPISupport *iface)
{
    struct support *support = impl_from_IMAPISupport(iface);
    ULONG refcount = InterlockedDecrement(&support->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);

    if (refcount) return refcount;

    /* The provider's Logoff may AddRef and Release the object again: a
     * guard reference keeps this call the only one that frees it. */
    InterlockedIncrement(&support->refcount);
    support_do_logoff(support, 0);
    if (InterlockedDecrement(&support->refcount))
    {
        WARN("%p: the provider kept a reference during its logoff.\n", support);
        return 0;
    }
    support_destroy(support);
    return 0;
}

static HRESULT WINAPI support_GetLastError(IMAPISupport *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* The support object keeps no extended error information. */
    return S_OK;
}

static HRESULT WINAPI support_GetMemAllocRoutines(IMAPISupport *iface, ALLOCATEBUFFER **allocate_buffer,
        ALLOCATEMORE **allocate_more, FREEBUFFER **free_buffer)
{
    TRACE("%p, %p, %p, %p.\n", iface, allocate_buffer, allocate_more, free_buffer);

    if (!allocate_buffer && !allocate_more && !free_buffer) return MAPI_E_INVALID_PARAMETER;
    if (allocate_buffer) *allocate_buffer = MAPIAllocateBuffer;
    if (allocate_more) *allocate_more = MAPIAllocateMore;
    if (free_buffer) *free_buffer = MAPIFreeBuffer;
    return S_OK;
}

static HRESULT WINAPI support_Subscribe(IMAPISupport *iface, NOTIFKEY *key, ULONG event_mask, ULONG flags,
        IMAPIAdviseSink *sink, ULONG *connection)
{
    struct support *support = impl_from_IMAPISupport(iface);
    ULONG_PTR *connections, id;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %#lx, %p, %p.\n", iface, key, event_mask, flags, sink, connection);

    if (!support_offers(support, KIND_PROVIDERS, "Subscribe")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->notify) return MAPI_E_NO_SUPPORT;
    if (!key || !sink || !connection || !event_mask) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~NOTIFY_SYNC) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&support->cs);
    if (support->logged_off) hr = MAPI_E_INVALID_OBJECT;
    else if (!(connections = mapi_heap_realloc(support->connections,
            (support->connection_count + 1) * sizeof(*connections))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        support->connections = connections;
        hr = S_OK;
    }
    LeaveCriticalSection(&support->cs);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = notify_subscribe(support->host->notify, key->cb, key->ab, event_mask, sink, flags, &id)))
        return hr;
    if (id > MAXDWORD)
    {
        notify_unsubscribe(support->host->notify, id);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    EnterCriticalSection(&support->cs);
    support->connections[support->connection_count++] = id;
    LeaveCriticalSection(&support->cs);
    *connection = id;
    return S_OK;
}

static HRESULT WINAPI support_Unsubscribe(IMAPISupport *iface, ULONG connection)
{
    struct support *support = impl_from_IMAPISupport(iface);
    BOOL found = FALSE;
    ULONG i;

    TRACE("%p, %lu.\n", iface, connection);

    if (!support_offers(support, KIND_PROVIDERS, "Unsubscribe")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->notify) return MAPI_E_NO_SUPPORT;
    if (!connection) return MAPI_E_INVALID_PARAMETER;

    /* A provider ends only the subscriptions it made. */
    EnterCriticalSection(&support->cs);
    for (i = 0; i < support->connection_count; i++)
    {
        if (support->connections[i] != connection) continue;
        support->connections[i] = support->connections[--support->connection_count];
        found = TRUE;
        break;
    }
    LeaveCriticalSection(&support->cs);

    if (!found) return MAPI_E_NOT_FOUND;
    return notify_unsubscribe(support->host->notify, connection);
}

static HRESULT WINAPI support_Notify(IMAPISupport *iface, NOTIFKEY *key, ULONG count, NOTIFICATION *notifications,
        ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %lu, %p, %p.\n", iface, key, count, notifications, flags);

    if (!support_offers(support, KIND_PROVIDERS, "Notify")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->notify) return MAPI_E_NO_SUPPORT;
    if (!key || !count || !notifications) return MAPI_E_INVALID_PARAMETER;
    if (flags && (*flags & ~MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    /* Subscriptions are called on this thread before Notify returns. */
    return notify_fire(support->host->notify, key->cb, key->ab, count, notifications, flags);
}

static BOOL props_have_id(ULONG count, const SPropValue *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static HRESULT WINAPI support_ModifyStatusRow(IMAPISupport *iface, ULONG count, SPropValue *values, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    BOOL merge = !!(flags & STATUSROW_UPDATE);
    const char *dll_name = support_dll_name(support);
    SPropValue *row;
    ULONG n;
    HRESULT hr;

    TRACE("%p, %lu, %p, %#lx.\n", iface, count, values, flags);

    if (!support_offers(support, KIND_PROVIDERS, "ModifyStatusRow")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->status) return MAPI_E_NO_SUPPORT;
    if (count && !values) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~STATUSROW_UPDATE) return MAPI_E_UNKNOWN_FLAGS;
    if (support->logged_off) return MAPI_E_INVALID_OBJECT;

    if (!(row = mapi_heap_alloc((count + 5) * sizeof(*row)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    n = 0;
    if (count) memcpy(row, values, count * sizeof(*row));
    n = count;

    /* What MAPI knows of the provider.  The names the provider gave win. */
    row[n].ulPropTag = PR_RESOURCE_TYPE;
    row[n++].Value.l = support_resource_type(support);
    if (support->has_info)
    {
        row[n].ulPropTag = PR_RESOURCE_FLAGS;
        row[n++].Value.l = support->info.resource_flags;
    }
    if (dll_name)
    {
        row[n].ulPropTag = PR_PROVIDER_DLL_NAME_A;
        row[n++].Value.lpszA = (char *)dll_name;
    }
    if (support->has_info && !props_have_id(count, values, PR_PROVIDER_DISPLAY_A))
    {
        row[n].ulPropTag = PR_PROVIDER_DISPLAY_A;
        row[n++].Value.lpszA = support->info.provider_display;
    }
    if (support->has_info && !merge && !props_have_id(count, values, PR_DISPLAY_NAME_A))
    {
        row[n].ulPropTag = PR_DISPLAY_NAME_A;
        row[n++].Value.lpszA = support->info.display_name;
    }

    hr = status_row_set(support->host->status, support, n, row, merge);
    mapi_heap_free(row);
    return hr;
}

static HRESULT WINAPI support_OpenProfileSection(IMAPISupport *iface, MAPIUID *uid, ULONG flags, IProfSect **section)
{
    struct support *support = impl_from_IMAPISupport(iface);
    const MAPIUID *own;

    TRACE("%p, %p, %#lx, %p.\n", iface, uid, flags, section);

    if (!section) return MAPI_E_INVALID_PARAMETER;
    *section = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (!support->host || !support->host->profile) return MAPI_E_NO_SUPPORT;

    /* A message service's own section is its service section. */
    own = support->kind == SUPPORT_CONFIG ? &support->service_uid : &support->provider_uid;
    return profile_open_section(support->host->profile, uid ? uid : own, flags & MAPI_MODIFY, section);
}

static HRESULT WINAPI support_RegisterPreprocessor(IMAPISupport *iface, MAPIUID *uid, LPSTR adrtype, LPSTR dll_name,
        LPSTR preprocess, LPSTR remove_preprocess_info, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %s, %s, %s, %s, %#lx.\n", iface, uid, debugstr_a(adrtype), debugstr_a(dll_name),
            debugstr_a(preprocess), debugstr_a(remove_preprocess_info), flags);

    if (!support_offers(support, KIND_TRANSPORT, "RegisterPreprocessor")) return MAPI_E_NO_SUPPORT;
    if (!dll_name) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!support->link.register_preprocessor)
    {
        FIXME("%p: the spooler takes no preprocessors.\n", iface);
        return MAPI_E_NO_SUPPORT;
    }
    return support->link.register_preprocessor(support->link.entry, uid, adrtype, dll_name, preprocess,
            remove_preprocess_info, flags);
}

static HRESULT WINAPI support_NewUID(IMAPISupport *iface, MAPIUID *uid)
{
    TRACE("%p, %p.\n", iface, uid);

    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(CoCreateGuid((GUID *)uid))) return MAPI_E_CALL_FAILED;
    return S_OK;
}

/* MakeInvalid: the object keeps its memory and gets a stub vtable, which
 * lives in its own MAPIAllocateBuffer block after a small header.  The
 * reference count is kept in the object, right after the vtable pointer
 * (an object is at least 16 bytes long). */
struct invalid_object
{
    const void *vtbl;
    LONG refcount;
};

struct invalid_vtbl
{
    ULONG methods;
    void *slots[1];
};

static struct invalid_vtbl *invalid_vtbl_from_object(const struct invalid_object *object)
{
    return CONTAINING_RECORD(object->vtbl, struct invalid_vtbl, slots);
}

static HRESULT WINAPI invalid_QueryInterface(IUnknown *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (out) *out = NULL;
    return MAPI_E_INVALID_OBJECT;
}

static ULONG WINAPI invalid_AddRef(IUnknown *iface)
{
    struct invalid_object *object = (struct invalid_object *)iface;
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI invalid_Release(IUnknown *iface)
{
    struct invalid_object *object = (struct invalid_object *)iface;
    ULONG refcount = InterlockedDecrement(&object->refcount);
    struct invalid_vtbl *vtbl;

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);

    if (refcount) return refcount;
    vtbl = invalid_vtbl_from_object(object);
    MAPIFreeBuffer(object);
    MAPIFreeBuffer(vtbl);
    return 0;
}

/* Every slot after IUnknown's.  On x86_64 the caller removes the arguments,
 * so one function serves every method whatever it takes.  On i386 methods
 * are stdcall, the callee removes the arguments, and how many a slot takes
 * cannot be known: this stub removes only the object pointer, which is
 * right for methods without arguments; a call with arguments to an
 * invalidated object still gets MAPI_E_INVALID_OBJECT but leaves the
 * caller's stack pointer off by their size, which a caller that keeps a
 * frame pointer (as MAPI clients built with default options do) survives. */
static HRESULT WINAPI invalid_method(IUnknown *iface)
{
    TRACE("%p: the object was made invalid.\n", iface);
    return MAPI_E_INVALID_OBJECT;
}

static HRESULT WINAPI support_MakeInvalid(IMAPISupport *iface, ULONG flags, void *object, ULONG refcount,
        ULONG methods)
{
    struct invalid_object *invalid = object;
    struct invalid_vtbl *vtbl;
    ULONG i;
    SCODE sc;

    TRACE("%p, %#lx, %p, %lu, %lu.\n", iface, flags, object, refcount, methods);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!object || methods < 3 || IsBadWritePtr(object, 16)) return MAPI_E_INVALID_PARAMETER;
    if (methods > (MAXDWORD - sizeof(*vtbl)) / sizeof(void *)) return MAPI_E_INVALID_PARAMETER;

    if (!refcount)
    {
        MAPIFreeBuffer(object);
        return S_OK;
    }
    if ((sc = MAPIAllocateBuffer(offsetof(struct invalid_vtbl, slots[methods]), (void **)&vtbl))) return sc;
    vtbl->methods = methods;
    vtbl->slots[0] = invalid_QueryInterface;
    vtbl->slots[1] = invalid_AddRef;
    vtbl->slots[2] = invalid_Release;
    for (i = 3; i < methods; i++) vtbl->slots[i] = invalid_method;

    invalid->refcount = refcount;
    InterlockedExchangePointer((void **)&invalid->vtbl, vtbl->slots);
    return S_OK;
}

static HRESULT WINAPI support_SpoolerYield(IMAPISupport *iface, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    if (!support_offers(support, KIND_TRANSPORT, "SpoolerYield")) return MAPI_E_NO_SUPPORT;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!support->link.spooler_yield) return S_OK;
    return support->link.spooler_yield(support->link.entry);
}

#define NOTIFY_STORE_FLAGS      (NOTIFY_NEWMAIL_RECEIVED | NOTIFY_READYTOSEND)
#define NOTIFY_TRANSPORT_FLAGS  (NOTIFY_NEWMAIL | NOTIFY_READYTOSEND | NOTIFY_SENTDEFERRED | NOTIFY_CRITSEC \
        | NOTIFY_NONCRIT | NOTIFY_CONFIG_CHANGE | NOTIFY_CRITICAL_ERROR)

/* A store may say only that it has mail to send or has received some; a
 * transport anything but the latter.  SENTDEFERRED and CRITICAL_ERROR both
 * use data, so they do not come together. */
static HRESULT spooler_notify_check(const struct support *support, ULONG flags, const void *data)
{
    ULONG allowed = support->kind == SUPPORT_STORE ? NOTIFY_STORE_FLAGS : NOTIFY_TRANSPORT_FLAGS;

    if (flags & ~(NOTIFY_STORE_FLAGS | NOTIFY_TRANSPORT_FLAGS)) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & ~allowed) return MAPI_E_INVALID_PARAMETER;
    if ((flags & NOTIFY_SENTDEFERRED) && (flags & NOTIFY_CRITICAL_ERROR)) return MAPI_E_INVALID_PARAMETER;
    if ((flags & (NOTIFY_SENTDEFERRED | NOTIFY_NEWMAIL_RECEIVED)) && !data) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

static HRESULT WINAPI support_SpoolerNotify(IMAPISupport *iface, ULONG flags, void *data)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct mapi_host *host = support->host;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, data);

    if (!support_offers(support, KIND_STORE | KIND_TRANSPORT, "SpoolerNotify")) return MAPI_E_NO_SUPPORT;
    if (FAILED(hr = spooler_notify_check(support, flags, data))) return hr;

    if (support->kind == SUPPORT_TRANSPORT)
    {
        if (!support->link.spooler_notify) return MAPI_E_NO_SUPPORT;
        return support->link.spooler_notify(support->link.entry, flags, data);
    }
    /* A session without mail (MAPI_NO_MAIL) has no spooler to tell: the
     * reference has the notification ignored then. */
    if (!host || !host->spooler_notify)
    {
        TRACE("%p: no spooler; %#lx is ignored.\n", iface, flags);
        return S_OK;
    }
    return host->spooler_notify(host->session, flags, data);
}

static HRESULT WINAPI support_CreateOneOff(IMAPISupport *iface, LPSTR name, LPSTR adrtype, LPSTR address,
        ULONG flags, ULONG *cb, ENTRYID **eid)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %p, %p, %#lx, %p, %p.\n", iface, name, adrtype, address, flags, cb, eid);

    if (!support_offers(support, KIND_PROVIDERS, "CreateOneOff")) return MAPI_E_NO_SUPPORT;
    return oneoff_create(name, adrtype, address, flags, cb, eid);
}

static HRESULT WINAPI support_SetProviderUID(IMAPISupport *iface, MAPIUID *uid, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    enum provider_kind kind = support_provider_kind(support);
    IUnknown *logon = NULL;
    MAPIUID *pending;
    HRESULT hr = S_OK;

    TRACE("%p, %p, %#lx.\n", iface, uid, flags);

    if (!support_offers(support, KIND_PROVIDERS, "SetProviderUID")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->providers) return MAPI_E_NO_SUPPORT;
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;

    /* The reference names stores and address books here, but transports
     * call it too, at logon, and a transport whose call fails fails its
     * logon.  Its UIDs are the transport's own, with no logon object to
     * open entries: the session sends such entry IDs to no store, and the
     * spooler routes by the UIDs of AddressTypes. */
    if (support->kind == SUPPORT_TRANSPORT)
    {
        EnterCriticalSection(&support->cs);
        if (support->logged_off) hr = MAPI_E_INVALID_OBJECT;
        else hr = provider_uid_add(support->host->providers, uid, support, kind, NULL);
        LeaveCriticalSection(&support->cs);
        return hr;
    }

    /* Providers register their UIDs inside Logon, before MAPI has their
     * logon object: those wait for support_set_logon. */
    EnterCriticalSection(&support->cs);
    if (support->logged_off) hr = MAPI_E_INVALID_OBJECT;
    else if ((logon = support->logon)) IUnknown_AddRef(logon);
    else if (!(pending = mapi_heap_realloc(support->pending_uids, (support->pending_count + 1) * sizeof(*pending))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        pending[support->pending_count++] = *uid;
        support->pending_uids = pending;
    }
    LeaveCriticalSection(&support->cs);

    if (logon)
    {
        hr = provider_uid_add(support->host->providers, uid, support, kind, logon);
        IUnknown_Release(logon);
    }
    return hr;
}

static HRESULT WINAPI support_CompareEntryIDs(IMAPISupport *iface, ULONG cb1, ENTRYID *eid1, ULONG cb2,
        ENTRYID *eid2, ULONG flags, ULONG *result)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %lu, %p, %lu, %p, %#lx, %p.\n", iface, cb1, eid1, cb2, eid2, flags, result);

    if (!support_offers(support, KIND_PROVIDERS, "CompareEntryIDs")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->compare_entry_ids) return MAPI_E_NO_SUPPORT;
    if (!eid1 || !eid2 || !result) return MAPI_E_INVALID_PARAMETER;
    return support->host->compare_entry_ids(support->host->session, cb1, eid1, cb2, eid2, flags, result);
}

static HRESULT WINAPI support_OpenTemplateID(IMAPISupport *iface, ULONG cb, ENTRYID *eid, ULONG template_flags,
        IMAPIProp *data, const IID *iid, IMAPIProp **out, IMAPIProp *sibling)
{
    struct support *support = impl_from_IMAPISupport(iface);
    const MAPIUID *uid = entryid_provider_uid(cb, eid);
    enum provider_kind kind;
    IUnknown *logon;
    BOOL faulted;
    void *owner;
    HRESULT hr;

    TRACE("%p, %lu, %p, %#lx, %p, %s, %p, %p.\n", iface, cb, eid, template_flags, data, debugstr_guid(iid), out,
            sibling);

    if (!support_offers(support, KIND_AB, "OpenTemplateID")) return MAPI_E_NO_SUPPORT;
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!eid || !data) return MAPI_E_INVALID_PARAMETER;
    if (!uid) return MAPI_E_INVALID_ENTRYID;
    if (!support->host || !support->host->providers) return MAPI_E_NO_SUPPORT;

    /* The template belongs to the address book that registered its UID. */
    if (FAILED(hr = provider_uid_find(support->host->providers, uid, &kind, &logon, &owner)))
        return MAPI_E_UNKNOWN_ENTRYID;
    if (kind != PROVIDER_AB || !logon)
        hr = MAPI_E_UNKNOWN_ENTRYID;
    else
    {
        PROVIDER_CALL(NULL, faulted, hr = IABLogon_OpenTemplateID((IABLogon *)logon, cb, eid, template_flags, data,
                iid, out, sibling));
        if (faulted)
        {
            WARN("the address book that owns the template raised an exception.\n");
            *out = NULL;
            hr = MAPI_E_CALL_FAILED;
        }
    }
    if (logon) IUnknown_Release(logon);
    return hr;
}

static HRESULT WINAPI support_OpenEntry(IMAPISupport *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", iface, cb, eid, debugstr_guid(iid), flags, type, out);

    if (!support_offers(support, KIND_PROVIDERS, "OpenEntry")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->open_entry) return MAPI_E_NO_SUPPORT;
    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    return support->host->open_entry(support->host->session, cb, eid, iid, flags, type, out);
}

/* GetOneOffTable: the templates of every address book of the session,
 * merged into one table.  A thread that is already merging (an address
 * book asking for the table from its own GetOneOffTable) gets no nested
 * merge. */
static const ULONG oneoff_columns_a[] =
    { PR_DISPLAY_NAME_A, PR_ENTRYID, PR_DEPTH, PR_SELECTABLE, PR_ADDRTYPE_A, PR_DISPLAY_TYPE, PR_INSTANCE_KEY };
static const ULONG oneoff_columns_w[] =
    { PR_DISPLAY_NAME_W, PR_ENTRYID, PR_DEPTH, PR_SELECTABLE, PR_ADDRTYPE_W, PR_DISPLAY_TYPE, PR_INSTANCE_KEY };
static DWORD oneoff_merging_tls = TLS_OUT_OF_INDEXES;
static INIT_ONCE oneoff_merging_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI oneoff_merging_init(INIT_ONCE *once, void *param, void **context)
{
    return (oneoff_merging_tls = TlsAlloc()) != TLS_OUT_OF_INDEXES;
}

/* The AB logons of the host, AddRef'd, with their DLLs. */
static HRESULT support_ab_logons(struct mapi_host *host, IABLogon ***logons, struct provider_dll ***dlls,
        ULONG *count)
{
    struct support *support;
    ULONG n = 0;

    *logons = NULL;
    *dlls = NULL;
    *count = 0;
    EnterCriticalSection(&support_list_cs);
    for (support = support_list; support; support = support->next)
        if (support->host == host && support->kind == SUPPORT_AB) n++;
    if (n && (!(*logons = mapi_heap_alloc(n * sizeof(**logons))) || !(*dlls = mapi_heap_alloc(n * sizeof(**dlls)))))
    {
        LeaveCriticalSection(&support_list_cs);
        mapi_heap_free(*logons);
        *logons = NULL;
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (support = support_list; support; support = support->next)
    {
        if (support->host != host || support->kind != SUPPORT_AB) continue;
        EnterCriticalSection(&support->cs);
        if (support->logon)
        {
            IUnknown_AddRef(support->logon);
            (*logons)[*count] = (IABLogon *)support->logon;
            (*dlls)[*count] = support_dll(support);
            if ((*dlls)[*count]) provider_dll_addref((*dlls)[*count]);
            (*count)++;
        }
        LeaveCriticalSection(&support->cs);
    }
    LeaveCriticalSection(&support_list_cs);
    return S_OK;
}

/* Adds the rows of one provider's one-off table, with new PR_ROWIDs. */
static HRESULT oneoff_table_add(ITableData *data, IMAPITable *table, const SPropTagArray *columns, ULONG *row_id)
{
    SRowSet *rows = NULL;
    SPropValue *values;
    SRow row;
    ULONG i;
    HRESULT hr;

    if (FAILED(hr = HrQueryAllRows(table, (SPropTagArray *)columns, NULL, NULL, 0, &rows))) return hr;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        if (!(values = mapi_heap_alloc((rows->aRow[i].cValues + 1) * sizeof(*values))))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        memcpy(values, rows->aRow[i].lpProps, rows->aRow[i].cValues * sizeof(*values));
        values[rows->aRow[i].cValues].ulPropTag = PR_ROWID;
        values[rows->aRow[i].cValues].Value.l = ++*row_id;
        row.ulAdrEntryPad = 0;
        row.cValues = rows->aRow[i].cValues + 1;
        row.lpProps = values;
        hr = ITableData_HrModifyRow(data, &row);
        mapi_heap_free(values);
    }
    FreeProws(rows);
    return hr;
}

static HRESULT WINAPI support_GetOneOffTable(IMAPISupport *iface, ULONG flags, IMAPITable **out)
{
    struct support *support = impl_from_IMAPISupport(iface);
    SizedSPropTagArray(ARRAY_SIZE(oneoff_columns_a), columns);
    struct provider_dll **dlls;
    IABLogon **logons;
    ITableData *data;
    ULONG count, row_id = 0, i;
    BOOL faulted;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, out);

    if (!support_offers(support, KIND_AB, "GetOneOffTable")) return MAPI_E_NO_SUPPORT;
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!InitOnceExecuteOnce(&oneoff_merging_once, oneoff_merging_init, NULL, NULL)) return MAPI_E_CALL_FAILED;

    columns.cValues = ARRAY_SIZE(oneoff_columns_a);
    memcpy(columns.aulPropTag, flags & MAPI_UNICODE ? oneoff_columns_w : oneoff_columns_a,
            sizeof(oneoff_columns_a));
    if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_SNAPSHOT, PR_ROWID, (SPropTagArray *)&columns, &data)))
        return hr;

    /* MAPI itself offers no templates (it has no dialogs); the address
     * books' templates are gathered unless this thread is already doing it. */
    if (!TlsGetValue(oneoff_merging_tls) && SUCCEEDED(hr = support_ab_logons(support->host, &logons, &dlls, &count)))
    {
        TlsSetValue(oneoff_merging_tls, (void *)1);
        for (i = 0; i < count; i++)
        {
            IMAPITable *table = NULL;
            HRESULT table_hr;

            PROVIDER_CALL(dlls[i], faulted, table_hr = IABLogon_GetOneOffTable(logons[i], flags, &table));
            if (faulted) WARN("an address book raised an exception in GetOneOffTable.\n");
            else if (SUCCEEDED(table_hr) && table)
            {
                PROVIDER_CALL(dlls[i], faulted, table_hr = oneoff_table_add(data, table, (SPropTagArray *)&columns,
                        &row_id); IMAPITable_Release(table));
                if (faulted || FAILED(table_hr)) WARN("could not read an address book's one-off table.\n");
            }
            else if (table_hr != MAPI_E_NO_SUPPORT) WARN("an address book's GetOneOffTable returned %#lx.\n", table_hr);
            PROVIDER_CALL(dlls[i], faulted, IABLogon_Release(logons[i]));
            if (dlls[i]) provider_dll_release(dlls[i]);
        }
        TlsSetValue(oneoff_merging_tls, NULL);
        mapi_heap_free(logons);
        mapi_heap_free(dlls);
    }

    if (SUCCEEDED(hr)) hr = ITableData_HrGetView(data, NULL, NULL, 0, out);
    ITableData_Release(data);
    return hr;
}

static HRESULT support_open_address_book(struct support *support, IAddrBook **book)
{
    if (!support->host || !support->host->open_address_book) return MAPI_E_NO_SUPPORT;
    return support->host->open_address_book(support->host->session, NULL, 0, book);
}

static HRESULT WINAPI support_Address(IMAPISupport *iface, ULONG_PTR *ui_param, ADRPARM *params, ADRLIST **list)
{
    struct support *support = impl_from_IMAPISupport(iface);
    IAddrBook *book;
    HRESULT hr;

    TRACE("%p, %p, %p, %p.\n", iface, ui_param, params, list);

    if (!support_offers(support, KIND_AB, "Address")) return MAPI_E_NO_SUPPORT;
    if (!ui_param || !params || !list) return MAPI_E_INVALID_PARAMETER;
    /* The dialog is the address book's, without a display as it documents. */
    if (FAILED(hr = support_open_address_book(support, &book))) return hr;
    hr = IAddrBook_Address(book, ui_param, params, list);
    IAddrBook_Release(book);
    return hr;
}

static HRESULT WINAPI support_Details(IMAPISupport *iface, ULONG_PTR *ui_param, LPFNDISMISS dismiss,
        void *dismiss_context, ULONG cb, ENTRYID *eid, LPFNBUTTON button_callback, void *button_context,
        LPSTR button_text, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    IAddrBook *book;
    HRESULT hr;

    TRACE("%p, %p, %p, %p, %lu, %p, %p, %p, %p, %#lx.\n", iface, ui_param, dismiss, dismiss_context, cb, eid,
            button_callback, button_context, button_text, flags);

    if (!support_offers(support, KIND_AB, "Details")) return MAPI_E_NO_SUPPORT;
    if (!ui_param || !eid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = support_open_address_book(support, &book))) return hr;
    hr = IAddrBook_Details(book, ui_param, (void *)dismiss, dismiss_context, cb, eid, (void *)button_callback,
            button_context, button_text, flags);
    IAddrBook_Release(book);
    return hr;
}

static HRESULT WINAPI support_NewEntry(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags, ULONG cb_container,
        ENTRYID *container, ULONG cb_template, ENTRYID *template, ULONG *cb_new, ENTRYID **new_entry)
{
    struct support *support = impl_from_IMAPISupport(iface);
    IAddrBook *book;
    HRESULT hr;

    TRACE("%p, %#Ix, %#lx, %lu, %p, %lu, %p, %p, %p.\n", iface, ui_param, flags, cb_container, container,
            cb_template, template, cb_new, new_entry);

    if (!support_offers(support, KIND_AB, "NewEntry")) return MAPI_E_NO_SUPPORT;
    if (FAILED(hr = support_open_address_book(support, &book))) return hr;
    hr = IAddrBook_NewEntry(book, ui_param, flags, cb_container, container, cb_template, template, cb_new,
            new_entry);
    IAddrBook_Release(book);
    return hr;
}

static HRESULT WINAPI support_DoConfigPropsheet(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags, LPSTR title,
        IMAPITable *display_table, IMAPIProp *config_data, ULONG top_page)
{
    TRACE("%p, %#Ix, %#lx, %p, %p, %p, %lu.\n", iface, ui_param, flags, title, display_table, config_data, top_page);

    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!display_table || !config_data) return MAPI_E_INVALID_PARAMETER;
    FIXME("%p: no configuration property sheets.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_UpdatePAB(IMAPISupport *iface, ULONG flags, IMessage *message)
{
    TRACE("%p, %#lx, %p.\n", iface, flags, message);

    /* The spooler's own method: no provider kind is offered it. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_OpenAddressBook(IMAPISupport *iface, const IID *iid, ULONG flags, IAddrBook **book)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %s, %#lx, %p.\n", iface, debugstr_guid(iid), flags, book);

    if (!support_offers(support, KIND_PROVIDERS, "OpenAddressBook")) return MAPI_E_NO_SUPPORT;
    if (!book) return MAPI_E_INVALID_PARAMETER;
    *book = NULL;
    if (!support->host || !support->host->open_address_book) return MAPI_E_NO_SUPPORT;
    return support->host->open_address_book(support->host->session, iid, flags, book);
}

static HRESULT WINAPI support_Preprocess(IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid)
{
    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, cb, eid);

    /* The spooler's own method: no provider kind is offered it. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    static const ULONG logoff_flags = LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET;
    struct support *support = impl_from_IMAPISupport(iface);
    ULONG in;

    TRACE("%p, %p.\n", iface, flags);

    if (!support_offers(support, KIND_STORE, "StoreLogoffTransports")) return MAPI_E_NO_SUPPORT;
    if (!flags) return MAPI_E_INVALID_PARAMETER;
    in = *flags;
    if (in & ~logoff_flags) return MAPI_E_UNKNOWN_FLAGS;
    if (in & (in - 1)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&support->cs);
    support->store_logoff_flags = in;
    support->store_logoff_called = TRUE;
    LeaveCriticalSection(&support->cs);

    /* The spooler works through a logon of its own (SpoolerLogon), which
     * it ends only after its transports are logged off: no transport is
     * sending or receiving through this one, and whatever the flag the
     * logoff can complete now. */
    *flags = LOGOFF_COMPLETE;
    return S_OK;
}

static HRESULT WINAPI support_StatusRecips(IMAPISupport *iface, IMessage *message, ADRLIST *list)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %p.\n", iface, message, list);

    if (!support_offers(support, KIND_TRANSPORT, "StatusRecips")) return MAPI_E_NO_SUPPORT;
    if (!message || !list) return MAPI_E_INVALID_PARAMETER;
    if (!support->link.status_recips)
    {
        FIXME("%p: the spooler makes no reports.\n", iface);
        return MAPI_E_NO_SUPPORT;
    }
    /* The list is the provider's until the call succeeds; then it is
     * MAPI's, as the reference says, and the spooler frees it. */
    return support->link.status_recips(support->link.entry, message, list);
}

static HRESULT WINAPI support_WrapStoreEntryID(IMAPISupport *iface, ULONG cb, ENTRYID *eid, ULONG *cb_wrapped,
        ENTRYID **wrapped)
{
    struct support *support = impl_from_IMAPISupport(iface);
    const char *dll_name = support_dll_name(support);

    TRACE("%p, %lu, %p, %p, %p.\n", iface, cb, eid, cb_wrapped, wrapped);

    if (!support_offers(support, KIND_PROVIDERS, "WrapStoreEntryID")) return MAPI_E_NO_SUPPORT;
    if (!dll_name) return MAPI_E_NO_SUPPORT;
    return entryid_wrap_store(dll_name, cb, eid, cb_wrapped, wrapped);
}

static HRESULT WINAPI support_ModifyProfile(IMAPISupport *iface, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct profile_provider *providers;
    ULONG count, i;
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    if (!support_offers(support, KIND_STORE, "ModifyProfile")) return MAPI_E_NO_SUPPORT;
    if (flags & ~MDB_TEMPORARY) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & MDB_TEMPORARY) return S_OK;
    if (!support->host || !support->host->profile) return MAPI_E_NO_SUPPORT;

    /* The store's section joins the profile's list of stores, once. */
    if (FAILED(hr = profile_providers(support->host->profile, MAPI_STORE_PROVIDER, &count, &providers))) return hr;
    for (i = 0; i < count; i++)
        if (!memcmp(&providers[i].uid, &support->provider_uid, sizeof(MAPIUID))) break;
    mapi_heap_free(providers);
    if (i < count) return S_OK;
    return profile_provider_add(support->host->profile, &support->provider_uid);
}

static HRESULT WINAPI support_IStorageFromStream(IMAPISupport *iface, IUnknown *unknown, const IID *iid, ULONG flags,
        IStorage **storage)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %s, %#lx, %p.\n", iface, unknown, debugstr_guid(iid), flags, storage);

    if (!support_offers(support, KIND_PROVIDERS, "IStorageFromStream")) return MAPI_E_NO_SUPPORT;
    return HrIStorageFromStream(unknown, iid, flags, storage);
}

static HRESULT WINAPI support_GetSvcConfigSupportObj(IMAPISupport *iface, ULONG flags, IMAPISupport **out)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct support_params params;

    TRACE("%p, %#lx, %p.\n", iface, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;

    memset(&params, 0, sizeof(params));
    params.kind = SUPPORT_CONFIG;
    params.host = support->host;
    params.provider_uid = support->kind == SUPPORT_CONFIG ? support->provider_uid : support->service_uid;
    params.service_uid = support->service_uid;
    params.info = support->has_info ? &support->info : NULL;
    return support_create(&params, out);
}

/* The provider's calls into its support object run as callbacks of its
 * DLL: whatever they start, the release cascade included, the DLL is not
 * freed under the provider's frames that made them.  The support object
 * of a message service call has no provider and no DLL to keep. */
static struct provider_dll *support_callback_enter(IMAPISupport *iface)
{
    struct provider_dll *dll = support_dll(impl_from_IMAPISupport(iface));

    provider_dll_callback_enter(dll);
    return dll;
}

/* callback_<method>, the vtable's entry: support_<method> as a callback. */
#define SUPPORT_CALLBACK(type, method, params, args) \
    static type WINAPI callback_##method params \
    { \
        struct provider_dll *dll = support_callback_enter(iface); \
        type ret = support_##method args; \
        provider_dll_callback_leave(dll); \
        return ret; \
    }

SUPPORT_CALLBACK(HRESULT, QueryInterface, (IMAPISupport *iface, REFIID riid, void **out), (iface, riid, out))
SUPPORT_CALLBACK(ULONG, AddRef, (IMAPISupport *iface), (iface))
SUPPORT_CALLBACK(ULONG, Release, (IMAPISupport *iface), (iface))
SUPPORT_CALLBACK(HRESULT, GetLastError, (IMAPISupport *iface, HRESULT result, ULONG flags, MAPIERROR **error),
        (iface, result, flags, error))
SUPPORT_CALLBACK(HRESULT, GetMemAllocRoutines, (IMAPISupport *iface, ALLOCATEBUFFER **allocate_buffer,
        ALLOCATEMORE **allocate_more, FREEBUFFER **free_buffer),
        (iface, allocate_buffer, allocate_more, free_buffer))
SUPPORT_CALLBACK(HRESULT, Subscribe, (IMAPISupport *iface, NOTIFKEY *key, ULONG event_mask, ULONG flags,
        IMAPIAdviseSink *sink, ULONG *connection),
        (iface, key, event_mask, flags, sink, connection))
SUPPORT_CALLBACK(HRESULT, Unsubscribe, (IMAPISupport *iface, ULONG connection), (iface, connection))
SUPPORT_CALLBACK(HRESULT, Notify, (IMAPISupport *iface, NOTIFKEY *key, ULONG count, NOTIFICATION *notifications,
        ULONG *flags),
        (iface, key, count, notifications, flags))
SUPPORT_CALLBACK(HRESULT, ModifyStatusRow, (IMAPISupport *iface, ULONG count, SPropValue *values, ULONG flags),
        (iface, count, values, flags))
SUPPORT_CALLBACK(HRESULT, OpenProfileSection, (IMAPISupport *iface, MAPIUID *uid, ULONG flags, IProfSect **section),
        (iface, uid, flags, section))
SUPPORT_CALLBACK(HRESULT, RegisterPreprocessor, (IMAPISupport *iface, MAPIUID *uid, LPSTR adrtype, LPSTR dll_name,
        LPSTR preprocess, LPSTR remove_preprocess_info, ULONG flags),
        (iface, uid, adrtype, dll_name, preprocess, remove_preprocess_info, flags))
SUPPORT_CALLBACK(HRESULT, NewUID, (IMAPISupport *iface, MAPIUID *uid), (iface, uid))
SUPPORT_CALLBACK(HRESULT, MakeInvalid, (IMAPISupport *iface, ULONG flags, void *object, ULONG refcount, ULONG methods),
        (iface, flags, object, refcount, methods))
SUPPORT_CALLBACK(HRESULT, SpoolerYield, (IMAPISupport *iface, ULONG flags), (iface, flags))
SUPPORT_CALLBACK(HRESULT, SpoolerNotify, (IMAPISupport *iface, ULONG flags, void *data), (iface, flags, data))
SUPPORT_CALLBACK(HRESULT, CreateOneOff, (IMAPISupport *iface, LPSTR name, LPSTR adrtype, LPSTR address, ULONG flags,
        ULONG *cb, ENTRYID **eid),
        (iface, name, adrtype, address, flags, cb, eid))
SUPPORT_CALLBACK(HRESULT, SetProviderUID, (IMAPISupport *iface, MAPIUID *uid, ULONG flags), (iface, uid, flags))
SUPPORT_CALLBACK(HRESULT, CompareEntryIDs, (IMAPISupport *iface, ULONG cb1, ENTRYID *eid1, ULONG cb2, ENTRYID *eid2,
        ULONG flags, ULONG *result),
        (iface, cb1, eid1, cb2, eid2, flags, result))
SUPPORT_CALLBACK(HRESULT, OpenTemplateID, (IMAPISupport *iface, ULONG cb, ENTRYID *eid, ULONG template_flags,
        IMAPIProp *data, const IID *iid, IMAPIProp **out, IMAPIProp *sibling),
        (iface, cb, eid, template_flags, data, iid, out, sibling))
SUPPORT_CALLBACK(HRESULT, OpenEntry, (IMAPISupport *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out),
        (iface, cb, eid, iid, flags, type, out))
SUPPORT_CALLBACK(HRESULT, GetOneOffTable, (IMAPISupport *iface, ULONG flags, IMAPITable **out), (iface, flags, out))
SUPPORT_CALLBACK(HRESULT, Address, (IMAPISupport *iface, ULONG_PTR *ui_param, ADRPARM *params, ADRLIST **list),
        (iface, ui_param, params, list))
SUPPORT_CALLBACK(HRESULT, Details, (IMAPISupport *iface, ULONG_PTR *ui_param, LPFNDISMISS dismiss,
        void *dismiss_context, ULONG cb, ENTRYID *eid, LPFNBUTTON button_callback, void *button_context,
        LPSTR button_text, ULONG flags),
        (iface, ui_param, dismiss, dismiss_context, cb, eid, button_callback, button_context, button_text, flags))
SUPPORT_CALLBACK(HRESULT, NewEntry, (IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags, ULONG cb_container,
        ENTRYID *container, ULONG cb_template, ENTRYID *template, ULONG *cb_new, ENTRYID **new_entry),
        (iface, ui_param, flags, cb_container, container, cb_template, template, cb_new, new_entry))
SUPPORT_CALLBACK(HRESULT, DoConfigPropsheet, (IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags, LPSTR title,
        IMAPITable *display_table, IMAPIProp *config_data, ULONG top_page),
        (iface, ui_param, flags, title, display_table, config_data, top_page))
SUPPORT_CALLBACK(HRESULT, DoProgressDialog, (IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags, IMAPIProgress **out),
        (iface, ui_param, flags, out))
SUPPORT_CALLBACK(HRESULT, CopyMessages, (IMAPISupport *iface, const IID *src_iid, void *src_folder, ENTRYLIST *list,
        const IID *dest_iid, void *dest_folder, ULONG_PTR ui_param, IMAPIProgress *progress, ULONG flags),
        (iface, src_iid, src_folder, list, dest_iid, dest_folder, ui_param, progress, flags))
SUPPORT_CALLBACK(HRESULT, CopyFolder, (IMAPISupport *iface, const IID *src_iid, void *src_folder, ULONG cb,
        ENTRYID *eid, const IID *dest_iid, void *dest_folder, LPSTR new_name, ULONG_PTR ui_param,
        IMAPIProgress *progress, ULONG flags),
        (iface, src_iid, src_folder, cb, eid, dest_iid, dest_folder, new_name, ui_param, progress, flags))
SUPPORT_CALLBACK(HRESULT, DoCopyTo, (IMAPISupport *iface, const IID *src_iid, void *src_obj, ULONG exclude_iid_count,
        const IID *exclude_iids, SPropTagArray *exclude, ULONG_PTR ui_param, IMAPIProgress *progress,
        const IID *dest_iid, void *dest_obj, ULONG flags, SPropProblemArray **problems),
        (iface, src_iid, src_obj, exclude_iid_count, exclude_iids, exclude, ui_param, progress, dest_iid, dest_obj,
        flags, problems))
SUPPORT_CALLBACK(HRESULT, DoCopyProps, (IMAPISupport *iface, const IID *src_iid, void *src_obj, SPropTagArray *include,
        ULONG_PTR ui_param, IMAPIProgress *progress, const IID *dest_iid, void *dest_obj, ULONG flags,
        SPropProblemArray **problems),
        (iface, src_iid, src_obj, include, ui_param, progress, dest_iid, dest_obj, flags, problems))
SUPPORT_CALLBACK(HRESULT, ReadReceipt, (IMAPISupport *iface, ULONG flags, IMessage *message, IMessage **empty),
        (iface, flags, message, empty))
SUPPORT_CALLBACK(HRESULT, PrepareSubmit, (IMAPISupport *iface, IMessage *message, ULONG *flags),
        (iface, message, flags))
SUPPORT_CALLBACK(HRESULT, ExpandRecips, (IMAPISupport *iface, IMessage *message, ULONG *flags), (iface, message, flags))
SUPPORT_CALLBACK(HRESULT, UpdatePAB, (IMAPISupport *iface, ULONG flags, IMessage *message), (iface, flags, message))
SUPPORT_CALLBACK(HRESULT, DoSentMail, (IMAPISupport *iface, ULONG flags, IMessage *message), (iface, flags, message))
SUPPORT_CALLBACK(HRESULT, OpenAddressBook, (IMAPISupport *iface, const IID *iid, ULONG flags, IAddrBook **book),
        (iface, iid, flags, book))
SUPPORT_CALLBACK(HRESULT, Preprocess, (IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid),
        (iface, flags, cb, eid))
SUPPORT_CALLBACK(HRESULT, CompleteMsg, (IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid),
        (iface, flags, cb, eid))
SUPPORT_CALLBACK(HRESULT, StoreLogoffTransports, (IMAPISupport *iface, ULONG *flags), (iface, flags))
SUPPORT_CALLBACK(HRESULT, StatusRecips, (IMAPISupport *iface, IMessage *message, ADRLIST *list), (iface, message, list))
SUPPORT_CALLBACK(HRESULT, WrapStoreEntryID, (IMAPISupport *iface, ULONG cb, ENTRYID *eid, ULONG *cb_wrapped,
        ENTRYID **wrapped),
        (iface, cb, eid, cb_wrapped, wrapped))
SUPPORT_CALLBACK(HRESULT, ModifyProfile, (IMAPISupport *iface, ULONG flags), (iface, flags))
SUPPORT_CALLBACK(HRESULT, IStorageFromStream, (IMAPISupport *iface, IUnknown *unknown, const IID *iid, ULONG flags,
        IStorage **storage),
        (iface, unknown, iid, flags, storage))
SUPPORT_CALLBACK(HRESULT, GetSvcConfigSupportObj, (IMAPISupport *iface, ULONG flags, IMAPISupport **out),
        (iface, flags, out))

#undef SUPPORT_CALLBACK

static const IMAPISupportVtbl support_vtbl =
{
    callback_QueryInterface,
    callback_AddRef,
    callback_Release,
    callback_GetLastError,
    callback_GetMemAllocRoutines,
    callback_Subscribe,
    callback_Unsubscribe,
    callback_Notify,
    callback_ModifyStatusRow,
    callback_OpenProfileSection,
    callback_RegisterPreprocessor,
    callback_NewUID,
    callback_MakeInvalid,
    callback_SpoolerYield,
    callback_SpoolerNotify,
    callback_CreateOneOff,
    callback_SetProviderUID,
    callback_CompareEntryIDs,
    callback_OpenTemplateID,
    callback_OpenEntry,
    callback_GetOneOffTable,
    callback_Address,
    callback_Details,
    callback_NewEntry,
    callback_DoConfigPropsheet,
    callback_CopyMessages,
    callback_CopyFolder,
    callback_DoCopyTo,
    callback_DoCopyProps,
    callback_DoProgressDialog,
    callback_ReadReceipt,
    callback_PrepareSubmit,
    callback_ExpandRecips,
    callback_UpdatePAB,
    callback_DoSentMail,
    callback_OpenAddressBook,
    callback_Preprocess,
    callback_CompleteMsg,
    callback_StoreLogoffTransports,
    callback_StatusRecips,
    callback_WrapStoreEntryID,
    callback_ModifyProfile,
    callback_IStorageFromStream,
    callback_GetSvcConfigSupportObj,
};

/* The link's reference counting is required; a missing callback makes
 * its method answer MAPI_E_NO_SUPPORT. */
static BOOL link_is_complete(const struct xp_link *link)
{
    return link && link->link_addref && link->link_release && link->support_released;
}

HRESULT support_create(const struct support_params *params, IMAPISupport **out)
{
    struct support *support;

    TRACE("%p, %p.\n", params, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!params || params->kind > SUPPORT_CONFIG) return MAPI_E_INVALID_PARAMETER;
    if (params->kind != SUPPORT_CONFIG && !params->provider) return MAPI_E_INVALID_PARAMETER;
    if (params->kind == SUPPORT_TRANSPORT && !link_is_complete(params->link)) return MAPI_E_INVALID_PARAMETER;
    if (!(support = mapi_heap_alloc(sizeof(*support)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(support, 0, sizeof(*support));

    support->IMAPISupport_iface.lpVtbl = &support_vtbl;
    support->refcount = 1;
    support->kind = params->kind;
    support->host = params->host;
    support->provider = params->kind == SUPPORT_CONFIG ? NULL : params->provider;
    support->provider_uid = params->provider_uid;
    support->service_uid = params->service_uid;
    if (params->kind == SUPPORT_TRANSPORT)
    {
        support->link = *params->link;
        support->link.link_addref(support->link.entry);
    }
    if (params->info)
    {
        support->info = *params->info;
        support->has_info = TRUE;
    }
    InitializeCriticalSection(&support->cs);
    support->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": support.cs");

    if (support->provider) provider_logon_added(support->provider);
    if (support->host && support->host->addref) support->host->addref(support->host->session);

    EnterCriticalSection(&support_list_cs);
    support->next = support_list;
    if (support_list) support_list->prev = support;
    support_list = support;
    LeaveCriticalSection(&support_list_cs);

    TRACE("created %s support object %p.\n", support_kind_name(support->kind), support);
    *out = &support->IMAPISupport_iface;
    return S_OK;
}

void support_set_logon(IMAPISupport *iface, IUnknown *logon)
{
    struct support *support = impl_from_IMAPISupport(iface);
    enum provider_kind kind = support_provider_kind(support);
    MAPIUID *pending;
    ULONG count, i;
    IUnknown *old;

    TRACE("%p, %p.\n", iface, logon);

    if (logon) IUnknown_AddRef(logon);
    EnterCriticalSection(&support->cs);
    old = support->logon;
    support->logon = logon;
    pending = support->pending_uids;
    count = support->pending_count;
    support->pending_uids = NULL;
    support->pending_count = 0;
    LeaveCriticalSection(&support->cs);

    if (old)
    {
        WARN("%p: the logon object %p is replaced.\n", iface, old);
        IUnknown_Release(old);
    }
    for (i = 0; logon && support->host && support->host->providers && i < count; i++)
        if (FAILED(provider_uid_add(support->host->providers, &pending[i], support, kind, logon)))
            WARN("%p: could not register a provider UID.\n", iface);
    mapi_heap_free(pending);
}

HRESULT support_logoff(IMAPISupport *iface, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    /* The provider may release the object from inside its Logoff. */
    IMAPISupport_AddRef(iface);
    hr = support_do_logoff(support, flags);
    IMAPISupport_Release(iface);
    return hr;
}
