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
 * The release cascade: the logoff work (entry-ID UIDs dropped, status row
 * removed, IMSLogon::Logoff or IABLogon::Logoff called, the logon object
 * released) is done once, either by the session's logoff (support_logoff)
 * or by the final release of the support object; the final release then
 * tells the provider object that one of its logons is gone and lets go of
 * the host.
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#endif
#ifndef MESSAGE_MOVE
#define MESSAGE_MOVE    0x00000001
#define MESSAGE_DIALOG  0x00000002
#endif

/* stream.c's export, which no header declares. */
HRESULT WINAPI HrIStorageFromStream(IUnknown *unknown, const IID *iid, ULONG flags, IStorage **storage);

/* Which kinds offer a method, as the reference's lists say. */
#define KIND_STORE      (1u << SUPPORT_STORE)
#define KIND_AB         (1u << SUPPORT_AB)
#define KIND_TRANSPORT  (1u << SUPPORT_TRANSPORT)
#define KIND_PROVIDERS  (KIND_STORE | KIND_AB | KIND_TRANSPORT)

/* Made by support_create for a session (or a message service call); held
 * by the session or caller that made it and by the provider, which
 * AddRefs it at logon.  Holds a logon of its provider object (counted from
 * creation to the final release), a reference on the host, and, after
 * support_set_logon, a reference on the logon object. */
struct support
{
    IMAPISupport IMAPISupport_iface;
    LONG refcount;
    enum support_kind kind;
    struct mapi_host *host;
    struct provider *provider;
    MAPIUID provider_uid;
    MAPIUID service_uid;
    struct profile_provider info;
    BOOL has_info;
    struct support *prev, *next;    /* all support objects, for GetOneOffTable */

    CRITICAL_SECTION cs;            /* guards what follows */
    IUnknown *logon;
    BOOL logged_off;
    MAPIUID *pending_uids;          /* SetProviderUID calls made before the logon object existed */
    ULONG pending_count;
    ULONG_PTR *connections;         /* Subscribe's connections, ended at logoff */
    ULONG connection_count;
    ULONG store_logoff_flags;       /* StoreLogoffTransports */
    BOOL store_logoff_called;
};

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

static inline struct support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct support, IMAPISupport_iface);
}

static const char *support_kind_name(enum support_kind kind)
{
    static const char *const names[] = { "store", "address book", "transport", "service configuration" };
    return kind < ARRAY_SIZE(names) ? names[kind] : "unknown";
}

/* Whether this kind offers the method; a transport method is not done yet. */
static BOOL support_offers(const struct support *support, unsigned int kinds, const char *method)
{
    if (kinds & (1u << support->kind)) return TRUE;
    TRACE("%s is not offered to a %s provider.\n", method, support_kind_name(support->kind));
    return FALSE;
}

static BOOL support_transport_pending(const struct support *support, const char *method)
{
    if (support->kind != SUPPORT_TRANSPORT) return FALSE;
    FIXME("%s for transports comes with the spooler.\n", method);
    return TRUE;
}

static struct provider_dll *support_dll(const struct support *support)
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

    TRACE("%p, %p, %p, %p, %s, %s, %#lx.\n", iface, uid, adrtype, dll_name, debugstr_a(preprocess),
            debugstr_a(remove_preprocess_info), flags);

    support_transport_pending(support, "RegisterPreprocessor");
    return MAPI_E_NO_SUPPORT;
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

    support_transport_pending(support, "SpoolerYield");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_SpoolerNotify(IMAPISupport *iface, ULONG flags, void *data)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, data);

    if (!support_offers(support, KIND_STORE | KIND_TRANSPORT, "SpoolerNotify")) return MAPI_E_NO_SUPPORT;
    if (support->kind == SUPPORT_STORE && (flags & ~(NOTIFY_NEWMAIL_RECEIVED | NOTIFY_READYTOSEND)))
        return MAPI_E_INVALID_PARAMETER;
    FIXME("%p: SpoolerNotify %#lx comes with the spooler.\n", iface, flags);
    return MAPI_E_NO_SUPPORT;
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
    enum provider_kind kind = support->kind == SUPPORT_STORE ? PROVIDER_STORE : PROVIDER_AB;
    IUnknown *logon = NULL;
    MAPIUID *pending;
    HRESULT hr = S_OK;

    TRACE("%p, %p, %#lx.\n", iface, uid, flags);

    if (!support_offers(support, KIND_STORE | KIND_AB, "SetProviderUID")) return MAPI_E_NO_SUPPORT;
    if (!support->host || !support->host->providers) return MAPI_E_NO_SUPPORT;
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;

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
    if (kind != PROVIDER_AB)
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
    IUnknown_Release(logon);
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

/* A progress object that keeps the values it is given and shows nothing. */
struct progress
{
    IMAPIProgress IMAPIProgress_iface;
    LONG refcount;
    ULONG flags, min, max, value;
};

static inline struct progress *impl_from_IMAPIProgress(IMAPIProgress *iface)
{
    return CONTAINING_RECORD(iface, struct progress, IMAPIProgress_iface);
}

static ULONG WINAPI progress_AddRef(IMAPIProgress *iface);

static HRESULT WINAPI progress_QueryInterface(IMAPIProgress *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProgress))
    {
        *out = iface;
        progress_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI progress_AddRef(IMAPIProgress *iface)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);
    ULONG refcount = InterlockedIncrement(&progress->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI progress_Release(IMAPIProgress *iface)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);
    ULONG refcount = InterlockedDecrement(&progress->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);
    if (!refcount) mapi_heap_free(progress);
    return refcount;
}

static HRESULT WINAPI progress_Progress(IMAPIProgress *iface, ULONG value, ULONG count, ULONG total)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);

    TRACE("%p, %lu, %lu, %lu.\n", iface, value, count, total);
    progress->value = value;
    return S_OK;
}

static HRESULT WINAPI progress_GetFlags(IMAPIProgress *iface, ULONG *flags)
{
    TRACE("%p, %p.\n", iface, flags);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    *flags = impl_from_IMAPIProgress(iface)->flags;
    return S_OK;
}

static HRESULT WINAPI progress_GetMax(IMAPIProgress *iface, ULONG *max)
{
    TRACE("%p, %p.\n", iface, max);

    if (!max) return MAPI_E_INVALID_PARAMETER;
    *max = impl_from_IMAPIProgress(iface)->max;
    return S_OK;
}

static HRESULT WINAPI progress_GetMin(IMAPIProgress *iface, ULONG *min)
{
    TRACE("%p, %p.\n", iface, min);

    if (!min) return MAPI_E_INVALID_PARAMETER;
    *min = impl_from_IMAPIProgress(iface)->min;
    return S_OK;
}

static HRESULT WINAPI progress_SetLimits(IMAPIProgress *iface, ULONG *min, ULONG *max, ULONG *flags)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);

    TRACE("%p, %p, %p, %p.\n", iface, min, max, flags);

    if (flags && (*flags & ~MAPI_TOP_LEVEL)) return MAPI_E_UNKNOWN_FLAGS;
    if (min) progress->min = *min;
    if (max) progress->max = *max;
    if (flags) progress->flags = *flags;
    return S_OK;
}

static const IMAPIProgressVtbl progress_vtbl =
{
    progress_QueryInterface,
    progress_AddRef,
    progress_Release,
    progress_Progress,
    progress_GetFlags,
    progress_GetMax,
    progress_GetMin,
    progress_SetLimits,
};

static HRESULT WINAPI support_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags,
        IMAPIProgress **out)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct progress *progress;

    TRACE("%p, %#Ix, %#lx, %p.\n", iface, ui_param, flags, out);

    if (!support_offers(support, KIND_STORE | KIND_AB, "DoProgressDialog")) return MAPI_E_NO_SUPPORT;
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_TOP_LEVEL) return MAPI_E_UNKNOWN_FLAGS;
    if (!(progress = mapi_heap_alloc(sizeof(*progress)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    progress->IMAPIProgress_iface.lpVtbl = &progress_vtbl;
    progress->refcount = 1;
    progress->flags = flags;
    progress->min = 1;
    progress->max = 1000;
    progress->value = 0;
    *out = &progress->IMAPIProgress_iface;
    return S_OK;
}

/* The IMAPIProp of an object given with the IID it was passed as. */
static HRESULT object_as_prop(const IID *iid, void *object, IMAPIProp **prop)
{
    if (!object) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(IUnknown_QueryInterface((IUnknown *)object, &IID_IMAPIProp, (void **)prop)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    return S_OK;
}

static BOOL tags_have_id(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Copies the properties of src named by tags (NULL: all it has) but not by
 * exclude onto dest; object-valued properties are left to the caller. */
static HRESULT copy_props(IMAPIProp *src, IMAPIProp *dest, const SPropTagArray *tags, const SPropTagArray *exclude,
        ULONG flags, SPropProblemArray **problems)
{
    SPropTagArray *list = NULL, *wanted = NULL;
    SPropValue *values = NULL, *existing = NULL;
    ULONG count = 0, existing_count = 0, n = 0, i;
    HRESULT hr;

    if (!tags)
    {
        if (FAILED(hr = IMAPIProp_GetPropList(src, 0, &list))) return hr;
        tags = list;
    }
    if ((hr = MAPIAllocateBuffer(CbNewSPropTagArray(tags->cValues), (void **)&wanted))) goto done;
    for (i = 0; i < tags->cValues; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        if (PROP_TYPE(tag) == PT_OBJECT || tags_have_id(exclude, tag)) continue;
        wanted->aulPropTag[n++] = tag;
    }
    wanted->cValues = n;
    if (!n) goto done;

    if (FAILED(hr = IMAPIProp_GetProps(src, wanted, 0, &count, &values))) goto done;
    if ((flags & MAPI_NOREPLACE) && FAILED(IMAPIProp_GetProps(dest, wanted, 0, &existing_count, &existing)))
        existing_count = 0;

    /* Keep the values that exist in src, and under NOREPLACE not in dest. */
    for (i = 0, n = 0; i < count; i++)
    {
        if (PROP_TYPE(values[i].ulPropTag) == PT_ERROR) continue;
        if (i < existing_count && PROP_TYPE(existing[i].ulPropTag) != PT_ERROR) continue;
        values[n] = values[i];
        wanted->aulPropTag[n++] = values[i].ulPropTag;
    }
    wanted->cValues = n;
    hr = n ? IMAPIProp_SetProps(dest, n, values, problems) : S_OK;
    if (SUCCEEDED(hr) && n && (flags & MAPI_MOVE)) hr = IMAPIProp_DeleteProps(src, wanted, NULL);

done:
    MAPIFreeBuffer(existing);
    MAPIFreeBuffer(values);
    MAPIFreeBuffer(wanted);
    MAPIFreeBuffer(list);
    return hr;
}

/* A message's recipients, added to dest's. */
static HRESULT copy_recipients(IMessage *src, IMessage *dest)
{
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetRecipientTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    if (rows->cRows) hr = IMessage_ModifyRecipients(dest, MODRECIP_ADD, (ADRLIST *)rows);
    FreeProws(rows);
    return hr;
}

/* A message's attachments, each copied into a new attachment of dest. */
static HRESULT copy_attachments(IMessage *src, IMessage *dest)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ATTACH_NUM } };
    IAttach *from, *to;
    IMAPITable *table;
    SRowSet *rows = NULL;
    ULONG i, num;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetAttachmentTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;

    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        if (rows->aRow[i].lpProps[0].ulPropTag != PR_ATTACH_NUM) continue;
        if (FAILED(hr = IMessage_OpenAttach(src, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &from))) break;
        if (SUCCEEDED(hr = IMessage_CreateAttach(dest, NULL, 0, &num, &to)))
        {
            hr = IAttach_CopyTo(from, 0, NULL, NULL, 0, NULL, &IID_IAttachment, to, 0, NULL);
            if (SUCCEEDED(hr)) hr = IAttach_SaveChanges(to, KEEP_OPEN_READWRITE);
            IAttach_Release(to);
        }
        IAttach_Release(from);
    }
    FreeProws(rows);
    return hr;
}

static BOOL iids_have(ULONG count, const IID *iids, const IID *iid)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (IsEqualIID(&iids[i], iid)) return TRUE;
    return FALSE;
}

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG)

static HRESULT copy_object(const IID *src_iid, void *src_obj, ULONG exclude_iid_count, const IID *exclude_iids,
        const SPropTagArray *include, const SPropTagArray *exclude, const IID *dest_iid, void *dest_obj,
        ULONG flags, SPropProblemArray **problems)
{
    IMAPIProp *src, *dest;
    IMessage *src_msg, *dest_msg;
    HRESULT hr;

    if (problems) *problems = NULL;
    if (!src_iid || !dest_iid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (exclude_iid_count && !exclude_iids) return MAPI_E_INVALID_PARAMETER;
    if (iids_have(exclude_iid_count, exclude_iids, &IID_IMAPIProp)) return S_OK;
    if (FAILED(hr = object_as_prop(src_iid, src_obj, &src))) return hr;
    if (FAILED(hr = object_as_prop(dest_iid, dest_obj, &dest)))
    {
        IMAPIProp_Release(src);
        return hr;
    }

    hr = copy_props(src, dest, include, exclude, flags, problems);

    /* A message's recipients and attachments are copied as the tags say. */
    if (SUCCEEDED(hr) && IsEqualIID(src_iid, &IID_IMessage) && IsEqualIID(dest_iid, &IID_IMessage)
            && !iids_have(exclude_iid_count, exclude_iids, &IID_IMessage))
    {
        src_msg = src_obj;
        dest_msg = dest_obj;
        if ((include ? tags_have_id(include, PR_MESSAGE_RECIPIENTS) : !tags_have_id(exclude, PR_MESSAGE_RECIPIENTS)))
            hr = copy_recipients(src_msg, dest_msg);
        if (SUCCEEDED(hr) && (include ? tags_have_id(include, PR_MESSAGE_ATTACHMENTS)
                : !tags_have_id(exclude, PR_MESSAGE_ATTACHMENTS)))
            hr = copy_attachments(src_msg, dest_msg);
    }
    IMAPIProp_Release(dest);
    IMAPIProp_Release(src);
    return hr;
}

static HRESULT WINAPI support_CopyMessages(IMAPISupport *iface, const IID *src_iid, void *src_folder,
        ENTRYLIST *list, const IID *dest_iid, void *dest_folder, ULONG_PTR ui_param, IMAPIProgress *progress,
        ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    IMAPIFolder *src, *dest;
    IMessage *from, *to;
    ULONG type, i;
    HRESULT hr = S_OK;

    TRACE("%p, %s, %p, %p, %s, %p, %#Ix, %p, %#lx.\n", iface, debugstr_guid(src_iid), src_folder, list,
            debugstr_guid(dest_iid), dest_folder, ui_param, progress, flags);

    if (!support_offers(support, KIND_STORE, "CopyMessages")) return MAPI_E_NO_SUPPORT;
    if (!src_folder || !dest_folder || !list || (list->cValues && !list->lpbin)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_MOVE | MESSAGE_DIALOG)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(IUnknown_QueryInterface((IUnknown *)src_folder, &IID_IMAPIFolder, (void **)&src)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(IUnknown_QueryInterface((IUnknown *)dest_folder, &IID_IMAPIFolder, (void **)&dest)))
    {
        IMAPIFolder_Release(src);
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }

    for (i = 0; i < list->cValues && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = IMAPIFolder_OpenEntry(src, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &IID_IMessage,
                0, &type, (IUnknown **)&from)))
            break;
        if (SUCCEEDED(hr = IMAPIFolder_CreateMessage(dest, &IID_IMessage, 0, &to)))
        {
            hr = copy_object(&IID_IMessage, from, 0, NULL, NULL, NULL, &IID_IMessage, to, 0, NULL);
            if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(to, 0);
            IMessage_Release(to);
        }
        IMessage_Release(from);
        if (SUCCEEDED(hr) && progress && (flags & MESSAGE_DIALOG))
            IMAPIProgress_Progress(progress, (i + 1) * 1000 / list->cValues, i + 1, list->cValues);
    }
    if (SUCCEEDED(hr) && (flags & MESSAGE_MOVE)) hr = IMAPIFolder_DeleteMessages(src, list, 0, NULL, 0);

    IMAPIFolder_Release(dest);
    IMAPIFolder_Release(src);
    return hr;
}

static HRESULT WINAPI support_CopyFolder(IMAPISupport *iface, const IID *src_iid, void *src_folder, ULONG cb,
        ENTRYID *eid, const IID *dest_iid, void *dest_folder, LPSTR new_name, ULONG_PTR ui_param,
        IMAPIProgress *progress, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %s, %p, %lu, %p, %s, %p, %p, %#Ix, %p, %#lx.\n", iface, debugstr_guid(src_iid), src_folder, cb, eid,
            debugstr_guid(dest_iid), dest_folder, new_name, ui_param, progress, flags);

    if (!support_offers(support, KIND_STORE, "CopyFolder")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: copying folders is not done yet.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoCopyTo(IMAPISupport *iface, const IID *src_iid, void *src_obj, ULONG exclude_iid_count,
        const IID *exclude_iids, SPropTagArray *exclude, ULONG_PTR ui_param, IMAPIProgress *progress,
        const IID *dest_iid, void *dest_obj, ULONG flags, SPropProblemArray **problems)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %s, %p, %lu, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, debugstr_guid(src_iid), src_obj,
            exclude_iid_count, exclude_iids, exclude, ui_param, progress, debugstr_guid(dest_iid), dest_obj, flags,
            problems);

    if (!support_offers(support, KIND_STORE, "DoCopyTo")) return MAPI_E_NO_SUPPORT;
    return copy_object(src_iid, src_obj, exclude_iid_count, exclude_iids, NULL, exclude, dest_iid, dest_obj, flags,
            problems);
}

static HRESULT WINAPI support_DoCopyProps(IMAPISupport *iface, const IID *src_iid, void *src_obj,
        SPropTagArray *include, ULONG_PTR ui_param, IMAPIProgress *progress, const IID *dest_iid, void *dest_obj,
        ULONG flags, SPropProblemArray **problems)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %s, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, debugstr_guid(src_iid), src_obj, include,
            ui_param, progress, debugstr_guid(dest_iid), dest_obj, flags, problems);

    if (!support_offers(support, KIND_STORE, "DoCopyProps")) return MAPI_E_NO_SUPPORT;
    if (!include) return MAPI_E_INVALID_PARAMETER;
    return copy_object(src_iid, src_obj, 0, NULL, include, NULL, dest_iid, dest_obj, flags, problems);
}

static HRESULT WINAPI support_ReadReceipt(IMAPISupport *iface, ULONG flags, IMessage *message, IMessage **empty)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %#lx, %p, %p.\n", iface, flags, message, empty);

    if (!support_offers(support, KIND_STORE, "ReadReceipt")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: read reports come with the spooler.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_PrepareSubmit(IMAPISupport *iface, IMessage *message, ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %p.\n", iface, message, flags);

    if (!support_offers(support, KIND_STORE, "PrepareSubmit")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: submission comes with the spooler.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_ExpandRecips(IMAPISupport *iface, IMessage *message, ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %p.\n", iface, message, flags);

    if (!support_offers(support, KIND_STORE, "ExpandRecips")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: recipient expansion comes with the spooler.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_UpdatePAB(IMAPISupport *iface, ULONG flags, IMessage *message)
{
    TRACE("%p, %#lx, %p.\n", iface, flags, message);

    /* The spooler's own method: no provider kind is offered it. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoSentMail(IMAPISupport *iface, ULONG flags, IMessage *message)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, message);

    if (!support_offers(support, KIND_STORE, "DoSentMail")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: sent-mail processing comes with the spooler.\n", iface);
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

static HRESULT WINAPI support_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, cb, eid);

    if (!support_offers(support, KIND_STORE, "CompleteMsg")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: message postprocessing comes with the spooler.\n", iface);
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

    /* No spooler holds the store yet, so no transport is sending or
     * receiving for it: whatever the flag, the logoff can complete now. */
    *flags = LOGOFF_COMPLETE;
    return S_OK;
}

static HRESULT WINAPI support_StatusRecips(IMAPISupport *iface, IMessage *message, ADRLIST *list)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %p.\n", iface, message, list);

    support_transport_pending(support, "StatusRecips");
    return MAPI_E_NO_SUPPORT;
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

HRESULT support_create(const struct support_params *params, IMAPISupport **out)
{
    struct support *support;

    TRACE("%p, %p.\n", params, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!params || params->kind > SUPPORT_CONFIG) return MAPI_E_INVALID_PARAMETER;
    if (params->kind != SUPPORT_CONFIG && !params->provider) return MAPI_E_INVALID_PARAMETER;
    if (!(support = mapi_heap_alloc(sizeof(*support)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(support, 0, sizeof(*support));

    support->IMAPISupport_iface.lpVtbl = &support_vtbl;
    support->refcount = 1;
    support->kind = params->kind;
    support->host = params->host;
    support->provider = params->kind == SUPPORT_CONFIG ? NULL : params->provider;
    support->provider_uid = params->provider_uid;
    support->service_uid = params->service_uid;
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
    enum provider_kind kind = support->kind == SUPPORT_STORE ? PROVIDER_STORE : PROVIDER_AB;
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
