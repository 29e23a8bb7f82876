/*
 * mapi32: MAPILogonEx, IMAPISession, shared sessions, the spooler's start and
 * stop, and MAPI's own status objects
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session owns the open profile, the provider objects (provider.c), the
 * status table, the notification registry, the logged-on address books,
 * the message stores (sessionstore.c) and, unless it logged on with
 * MAPI_NO_MAIL, the spooler.  The client's references and the support
 * objects' references are counted apart: Logoff (or the client's final
 * Release) stops the spooler and logs every provider off, and the
 * session's memory goes when the last support object is gone as well.
 */

#include <stdio.h>

#include "session.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif

#define LOGON_KNOWN_FLAGS (MAPI_LOGON_UI | MAPI_NEW_SESSION | MAPI_ALLOW_OTHERS | MAPI_EXPLICIT_PROFILE \
        | MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_FORCE_DOWNLOAD | MAPI_SERVICE_UI_ALWAYS | MAPI_NO_MAIL \
        | MAPI_NT_SERVICE | MAPI_PASSWORD_UI | MAPI_TIMEOUT_SHORT | MAPI_BG_SESSION | MAPI_UNICODE)

/* How long MAPI_TIMEOUT_SHORT waits for the logon mutex. */
#define LOGON_SHORT_TIMEOUT 3000

enum advise_kind { ADVISE_SESSION, ADVISE_STORE_LOGON, ADVISE_AB_LOGON, ADVISE_STORE };

/* A connection made by IMAPISession::Advise: where it really is. */
struct advise_link
{
    struct advise_link *next;
    ULONG connection;
    enum advise_kind kind;
    IUnknown *target;           /* referenced; NULL for the session's own registry */
    ULONG target_connection;
    ULONG_PTR registry_connection;
};

static SRWLOCK shared_lock = SRWLOCK_INIT;
static struct session *shared_session;

/* ------------------------------------------------------------------------
 * The session's core and its hosts
 */

static void session_destroy(struct session *session)
{
    TRACE("%p.\n", session);

    if (session->providers) provider_set_destroy(session->providers);
    if (session->status) status_table_destroy(session->status);
    if (session->notify) notify_registry_destroy(session->notify);
    if (session->stores) ITableData_Release(session->stores);
    if (session->profile) profile_release(session->profile);
    session_free_stores(session);
    if (session->spooler_idle) CloseHandle(session->spooler_idle);
    MAPIFreeBuffer(session->last_error);
    DeleteCriticalSection(&session->cs);
    mapi_heap_free(session);
}

void session_core_addref(struct session *session)
{
    InterlockedIncrement(&session->core_refs);
}

void session_core_release(struct session *session)
{
    if (!InterlockedDecrement(&session->core_refs)) session_destroy(session);
}

static HRESULT session_open_entry(struct session *session, ULONG cb, const ENTRYID *eid, const IID *iid,
        ULONG flags, ULONG *type, IUnknown **out);
static HRESULT session_compare_entry_ids(struct session *session, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG flags, ULONG *result);
static HRESULT session_open_address_book(struct session *session, const IID *iid, ULONG flags, IAddrBook **book);

static HRESULT host_open_entry(void *context, ULONG cb, const ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct session_host *host = context;
    return session_open_entry(host->session, cb, eid, iid, flags, type, out);
}

static HRESULT host_compare_entry_ids(void *context, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG flags, ULONG *result)
{
    struct session_host *host = context;
    return session_compare_entry_ids(host->session, cb1, eid1, cb2, eid2, flags, result);
}

static HRESULT host_open_address_book(void *context, const IID *iid, ULONG flags, IAddrBook **book)
{
    struct session_host *host = context;
    return session_open_address_book(host->session, iid, flags, book);
}

static void host_addref(void *context)
{
    struct session_host *host = context;

    InterlockedIncrement(&host->refs);
    session_core_addref(host->session);
}

static void host_release(void *context)
{
    struct session_host *host = context;
    struct session *session = host->session;

    EnterCriticalSection(&session->cs);
    if (!--host->refs) host->support = NULL;
    LeaveCriticalSection(&session->cs);
    session_core_release(session);
}

/* A store's IMAPISupport::SpoolerNotify, for the session's spooler. */
static HRESULT host_spooler_notify(void *context, ULONG flags, void *data)
{
    struct session_host *host = context;
    struct spooler *spooler;
    HRESULT hr;

    if (!(spooler = session_spooler_get(host->session)))
    {
        TRACE("no spooler; %#lx is ignored.\n", flags);
        return S_OK;
    }
    hr = spooler_store_notify(spooler, flags, data);
    session_spooler_put(host->session);
    return hr;
}

void host_init(struct session *session, struct session_host *host)
{
    memset(host, 0, sizeof(*host));
    host->session = session;
    host->host.profile = session->profile;
    host->host.providers = session->providers;
    host->host.status = session->status;
    host->host.notify = session->notify;
    host->host.session = host;
    host->host.open_entry = host_open_entry;
    host->host.compare_entry_ids = host_compare_entry_ids;
    host->host.open_address_book = host_open_address_book;
    host->host.addref = host_addref;
    host->host.release = host_release;
    host->host.spooler_notify = host_spooler_notify;
}

struct spooler *session_spooler_get(struct session *session)
{
    struct spooler *spooler;

    EnterCriticalSection(&session->cs);
    if ((spooler = session->spooler)) session->spooler_users++;
    LeaveCriticalSection(&session->cs);
    return spooler;
}

void session_spooler_put(struct session *session)
{
    EnterCriticalSection(&session->cs);
    if (!--session->spooler_users && !session->spooler) SetEvent(session->spooler_idle);
    LeaveCriticalSection(&session->cs);
}

/* Logoff: the spooler is taken away from new callers, those in it are
 * waited for, and it logs its transports and its store logon off. */
static void session_stop_spooler(struct session *session)
{
    struct spooler *spooler;
    BOOL busy;

    EnterCriticalSection(&session->cs);
    spooler = session->spooler;
    session->spooler = NULL;
    busy = session->spooler_users > 0;
    if (busy) ResetEvent(session->spooler_idle);
    LeaveCriticalSection(&session->cs);
    if (!spooler) return;

    if (busy) WaitForSingleObject(session->spooler_idle, INFINITE);
    TRACE("stopping spooler %p.\n", spooler);
    spooler_stop(spooler);
}

void session_set_last_error(struct session *session, HRESULT hr, const MAPIERROR *error)
{
    MAPIERROR *copy = NULL;
    SIZE_T error_size, component_size;

    if (error)
    {
        error_size = error->lpszError ? strlen((const char *)error->lpszError) + 1 : 0;
        component_size = error->lpszComponent ? strlen((const char *)error->lpszComponent) + 1 : 0;
        if (!MAPIAllocateBuffer(sizeof(*copy) + error_size + component_size, (void **)&copy))
        {
            *copy = *error;
            copy->lpszError = error_size ? (LPTSTR)memcpy(copy + 1, error->lpszError, error_size) : NULL;
            copy->lpszComponent = component_size
                    ? (LPTSTR)memcpy((char *)(copy + 1) + error_size, error->lpszComponent, component_size) : NULL;
        }
    }
    EnterCriticalSection(&session->cs);
    MAPIFreeBuffer(session->last_error);
    session->last_hr = hr;
    session->last_error = copy;
    LeaveCriticalSection(&session->cs);
}

/* ------------------------------------------------------------------------
 * Entry-ID dispatch
 */

static HRESULT session_open_entry(struct session *session, ULONG cb, const ENTRYID *eid, const IID *iid,
        ULONG flags, ULONG *type, IUnknown **out)
{
    const void *status_owner;
    const MAPIUID *uid;
    enum provider_kind kind;
    IUnknown *logon;
    IMsgStore *mdb;
    void *owner;
    char dll[MAX_PATH];
    const ENTRYID *inner;
    ULONG cb_inner, store_flags;
    BOOL faulted;
    HRESULT hr;

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!session->ab) return MAPI_E_END_OF_SESSION;
    if (!cb || !eid) return MAPI_E_INVALID_ENTRYID;
    if (!(uid = entryid_provider_uid(cb, eid))) return MAPI_E_INVALID_ENTRYID;

    /* A status row's entry ID opens the status object of its owner. */
    if ((hr = status_row_owner(session->status, cb, eid, &status_owner)) != MAPI_E_INVALID_ENTRYID)
    {
        if (FAILED(hr)) return hr;
        return session_open_status(session, status_owner, iid, flags, type, out);
    }
    if (SUCCEEDED(entryid_unwrap_store(cb, eid, dll, sizeof(dll), &cb_inner, &inner)))
    {
        store_flags = MDB_NO_DIALOG | (flags & (MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS));
        if (flags & MAPI_MODIFY) store_flags |= MDB_WRITE;
        if (FAILED(hr = session_open_store(session, 0, cb, eid, iid, store_flags, &mdb))) return hr;
        *type = MAPI_STORE;
        *out = (IUnknown *)mdb;
        return hr;
    }
    if (entryid_is_oneoff(cb, eid)) return ab_set_open_entry(session->ab, cb, eid, iid, flags, type, out);

    if (SUCCEEDED(provider_uid_find(session->providers, uid, &kind, &logon, &owner)) && logon)
    {
        if (kind == PROVIDER_STORE)
        {
            PROVIDER_CALL(session_owner_dll(session, owner), faulted, hr = IMSLogon_OpenEntry((IMSLogon *)logon,
                    cb, (ENTRYID *)eid, (IID *)iid, flags, type, out));
            IUnknown_Release(logon);
            if (!faulted) return hr;
            *out = NULL;
            return MAPI_E_CALL_FAILED;
        }
        IUnknown_Release(logon);
    }
    return ab_set_open_entry(session->ab, cb, eid, iid, flags, type, out);
}

static HRESULT session_compare_entry_ids(struct session *session, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG flags, ULONG *result)
{
    const MAPIUID *uid1, *uid2;
    enum provider_kind kind;
    char dll[MAX_PATH];
    const ENTRYID *inner;
    ULONG cb_inner;
    IUnknown *logon;
    void *owner;
    BOOL faulted;
    HRESULT hr;

    if (!result || (cb1 && !eid1) || (cb2 && !eid2)) return MAPI_E_INVALID_PARAMETER;
    if (!session->ab) return MAPI_E_END_OF_SESSION;
    if (!(uid1 = entryid_provider_uid(cb1, eid1)) || !(uid2 = entryid_provider_uid(cb2, eid2)))
        return MAPI_E_INVALID_ENTRYID;
    if (memcmp(uid1, uid2, sizeof(MAPIUID)))
    {
        *result = FALSE;
        return S_OK;
    }
    if (SUCCEEDED(entryid_unwrap_store(cb1, eid1, dll, sizeof(dll), &cb_inner, &inner)))
        return session_compare_stores(session, cb1, eid1, cb2, eid2, result);
    if (entryid_is_oneoff(cb1, eid1))
        return ab_set_compare_entry_ids(session->ab, cb1, eid1, cb2, eid2, flags, result);

    if (SUCCEEDED(provider_uid_find(session->providers, uid1, &kind, &logon, &owner)) && logon)
    {
        if (kind == PROVIDER_STORE)
        {
            PROVIDER_CALL(session_owner_dll(session, owner), faulted, hr = IMSLogon_CompareEntryIDs(
                    (IMSLogon *)logon, cb1, (ENTRYID *)eid1, cb2, (ENTRYID *)eid2, flags, result));
            IUnknown_Release(logon);
            if (!faulted) return hr;
            *result = FALSE;
            return MAPI_E_CALL_FAILED;
        }
        IUnknown_Release(logon);
    }
    return ab_set_compare_entry_ids(session->ab, cb1, eid1, cb2, eid2, flags, result);
}

static HRESULT session_open_address_book(struct session *session, const IID *iid, ULONG flags, IAddrBook **book)
{
    IAddrBook *created;
    HRESULT hr;

    if (!book) return MAPI_E_INVALID_PARAMETER;
    *book = NULL;
    if (iid && !IsEqualGUID(iid, &IID_IAddrBook) && !IsEqualGUID(iid, &IID_IMAPIProp)
            && !IsEqualGUID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!session->ab) return MAPI_E_END_OF_SESSION;
    if (FAILED(hr = addrbook_create(&session->main.host, session->ab, &created))) return hr;
    *book = created;
    return hr;
}

/* ------------------------------------------------------------------------
 * Logoff
 */

static void session_unadvise_link(struct advise_link *link)
{
    switch (link->kind)
    {
    case ADVISE_SESSION:
        break;
    case ADVISE_STORE_LOGON:
        IMSLogon_Unadvise((IMSLogon *)link->target, link->target_connection);
        break;
    case ADVISE_AB_LOGON:
        IABLogon_Unadvise((IABLogon *)link->target, link->target_connection);
        break;
    case ADVISE_STORE:
        IMsgStore_Unadvise((IMsgStore *)link->target, link->target_connection);
        break;
    }
    if (link->target) IUnknown_Release(link->target);
    mapi_heap_free(link);
}

static void session_notify_logoff(struct session *session)
{
    NOTIFICATION notification;
    ULONG flags = 0;

    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevExtended;
    notify_fire(session->notify, 0, NULL, 1, &notification, &flags);
}

static HRESULT session_logoff(struct session *session)
{
    struct advise_link *link;
    struct store_state *state;
    IMsgStore *store;
    struct ab_set *ab;
    BOOL faulted;

    EnterCriticalSection(&session->cs);
    if (session->logged_off)
    {
        LeaveCriticalSection(&session->cs);
        return MAPI_E_END_OF_SESSION;
    }
    session->logged_off = TRUE;
    link = session->advises;
    session->advises = NULL;
    LeaveCriticalSection(&session->cs);

    TRACE("logging off session %p.\n", session);

    AcquireSRWLockExclusive(&shared_lock);
    if (shared_session == session) shared_session = NULL;
    ReleaseSRWLockExclusive(&shared_lock);

    session_notify_logoff(session);
    while (link)
    {
        struct advise_link *next = link->next;
        if (link->kind == ADVISE_SESSION) notify_unsubscribe(session->notify, link->registry_connection);
        session_unadvise_link(link);
        link = next;
    }
    /* The spooler works with the default store until its transports are
     * gone; the stores go next, then the address books. */
    session_stop_spooler(session);
    EnterCriticalSection(&session->cs);
    store = session->default_store;
    session->default_store = NULL;
    LeaveCriticalSection(&session->cs);
    if (store)
    {
        PROVIDER_CALL(NULL, faulted, IMsgStore_Release(store));
        if (faulted) WARN("the default store raised an exception in its release.\n");
    }
    session_logoff_stores(session);
    EnterCriticalSection(&session->cs);
    ab = session->ab;
    session->ab = NULL;
    LeaveCriticalSection(&session->cs);
    if (ab) ab_set_logoff(ab);
    EnterCriticalSection(&session->cs);
    for (state = session->store_states; state; state = state->next) status_row_remove(session->status, state);
    LeaveCriticalSection(&session->cs);
    status_row_remove(session->status, &session->ab_row);
    status_row_remove(session->status, &session->mapi_row);
    return S_OK;
}

/* ------------------------------------------------------------------------
 * IMAPISession
 */

HRESULT session_check(struct session *session)
{
    BOOL logged_off;

    EnterCriticalSection(&session->cs);
    logged_off = session->logged_off;
    LeaveCriticalSection(&session->cs);
    return logged_off ? MAPI_E_END_OF_SESSION : S_OK;
}

static HRESULT WINAPI session_QueryInterface(IMAPISession *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPISession))
    {
        *out = iface;
        IMAPISession_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI session_AddRef(IMAPISession *iface)
{
    struct session *session = impl_from_IMAPISession(iface);
    ULONG refcount = InterlockedIncrement(&session->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI session_Release(IMAPISession *iface)
{
    struct session *session = impl_from_IMAPISession(iface);
    ULONG refcount = InterlockedDecrement(&session->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);

    if (!refcount)
    {
        session_logoff(session);
        session_core_release(session);
        provider_dll_collect();
    }
    return refcount;
}

static HRESULT WINAPI session_GetLastError(IMAPISession *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    struct session *session = impl_from_IMAPISession(iface);
    const MAPIERROR *last;
    MAPIERROR *copy;
    SIZE_T size, error_len = 0, component_len = 0;
    WCHAR *pos;
    HRESULT hr = S_OK;

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&session->cs);
    last = session->last_error;
    if (last && session->last_hr == result)
    {
        if (last->lpszError) error_len = strlen((const char *)last->lpszError) + 1;
        if (last->lpszComponent) component_len = strlen((const char *)last->lpszComponent) + 1;
        size = sizeof(*copy) + (error_len + component_len) * ((flags & MAPI_UNICODE) ? sizeof(WCHAR) : 1);
        if ((hr = MAPIAllocateBuffer(size, (void **)&copy))) goto done;
        *copy = *last;
        copy->lpszError = copy->lpszComponent = NULL;
        if (flags & MAPI_UNICODE)
        {
            pos = (WCHAR *)(copy + 1);
            if (error_len)
            {
                MultiByteToWideChar(CP_ACP, 0, (const char *)last->lpszError, -1, pos, error_len);
                copy->lpszError = (LPTSTR)pos;
                pos += error_len;
            }
            if (component_len)
            {
                MultiByteToWideChar(CP_ACP, 0, (const char *)last->lpszComponent, -1, pos, component_len);
                copy->lpszComponent = (LPTSTR)pos;
            }
        }
        else
        {
            if (error_len) copy->lpszError = (LPTSTR)memcpy(copy + 1, last->lpszError, error_len);
            if (component_len)
                copy->lpszComponent = (LPTSTR)memcpy((char *)(copy + 1) + error_len, last->lpszComponent,
                        component_len);
        }
        *error = copy;
    }
done:
    LeaveCriticalSection(&session->cs);
    return hr;
}

static HRESULT WINAPI session_OpenAddressBook(IMAPISession *iface, ULONG_PTR ui, const IID *iid, ULONG flags,
        IAddrBook **book)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %#Ix, %s, %#lx, %p.\n", iface, ui, debugstr_guid(iid), flags, book);

    if (!book) return MAPI_E_INVALID_PARAMETER;
    *book = NULL;
    if (flags & ~AB_NO_DIALOG) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    return session_open_address_book(session, iid, flags, book);
}

static BOOL session_is_provider_section(struct session *session, const MAPIUID *uid)
{
    struct profile_provider *infos;
    ULONG count, i;
    BOOL found = FALSE;

    if (FAILED(profile_providers(session->profile, 0, &count, &infos))) return FALSE;
    for (i = 0; i < count && !found; i++) found = !memcmp(&infos[i].uid, uid, sizeof(*uid));
    mapi_heap_free(infos);
    return found;
}

static HRESULT WINAPI session_OpenProfileSection(IMAPISession *iface, MAPIUID *uid, const IID *iid, ULONG flags,
        IProfSect **section)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %p, %s, %#lx, %p.\n", iface, uid, debugstr_guid(iid), flags, section);

    if (!section) return MAPI_E_INVALID_PARAMETER;
    *section = NULL;
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_FORCE_ACCESS)) return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualGUID(iid, &IID_IProfSect) && !IsEqualGUID(iid, &IID_IMAPIProp)
            && !IsEqualGUID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(hr = session_check(session))) return hr;
    if (!(flags & MAPI_FORCE_ACCESS) && session_is_provider_section(session, uid))
    {
        TRACE("the section belongs to a provider.\n");
        return MAPI_E_NO_ACCESS;
    }
    return profile_open_section(session->profile, uid, flags & MAPI_MODIFY, section);
}

static HRESULT WINAPI session_GetStatusTable(IMAPISession *iface, ULONG flags, IMAPITable **table)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    if (flags & MAPI_UNICODE)
    {
        FIXME("Unicode string columns are not supported.\n");
        return MAPI_E_BAD_CHARWIDTH;
    }
    return status_table_view(session->status, table);
}

static HRESULT WINAPI session_OpenEntry(IMAPISession *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", iface, cb, eid, debugstr_guid(iid), flags, type, out);

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (FAILED(hr = session_check(session))) return hr;
    return session_open_entry(session, cb, eid, iid, flags, type, out);
}

static HRESULT WINAPI session_CompareEntryIDs(IMAPISession *iface, ULONG cb1, ENTRYID *eid1, ULONG cb2,
        ENTRYID *eid2, ULONG flags, ULONG *result)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %lu, %p, %lu, %p, %#lx, %p.\n", iface, cb1, eid1, cb2, eid2, flags, result);

    if (!result) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    return session_compare_entry_ids(session, cb1, eid1, cb2, eid2, flags, result);
}

static HRESULT session_advise_target(struct session *session, ULONG cb, ENTRYID *eid, ULONG mask,
        IMAPIAdviseSink *sink, struct advise_link *link)
{
    const MAPIUID *uid;
    enum provider_kind kind;
    IUnknown *logon;
    IMsgStore *mdb;
    void *owner;
    char dll[MAX_PATH];
    const ENTRYID *inner;
    ULONG cb_inner;
    BOOL faulted;
    HRESULT hr;

    if (!cb || !eid)
    {
        link->kind = ADVISE_SESSION;
        return notify_subscribe(session->notify, 0, NULL, mask | fnevCriticalError, sink, 0,
                &link->registry_connection);
    }
    if (!(uid = entryid_provider_uid(cb, eid))) return MAPI_E_INVALID_ENTRYID;
    if (SUCCEEDED(entryid_unwrap_store(cb, eid, dll, sizeof(dll), &cb_inner, &inner)))
    {
        if (FAILED(hr = session_open_store(session, 0, cb, eid, NULL, MDB_NO_DIALOG, &mdb))) return hr;
        PROVIDER_CALL(NULL, faulted, hr = IMsgStore_Advise(mdb, 0, NULL, mask, sink, &link->target_connection));
        if (faulted) hr = MAPI_E_CALL_FAILED;
        if (FAILED(hr))
        {
            IMsgStore_Release(mdb);
            return hr;
        }
        link->kind = ADVISE_STORE;
        link->target = (IUnknown *)mdb;
        return hr;
    }
    if (entryid_is_oneoff(cb, eid)) return MAPI_E_NO_SUPPORT;
    if (FAILED(provider_uid_find(session->providers, uid, &kind, &logon, &owner))) return MAPI_E_UNKNOWN_ENTRYID;
    /* A transport's UIDs come with no logon object to advise. */
    if (!logon) return MAPI_E_NO_SUPPORT;

    if (kind == PROVIDER_STORE)
    {
        link->kind = ADVISE_STORE_LOGON;
        PROVIDER_CALL(session_owner_dll(session, owner), faulted, hr = IMSLogon_Advise((IMSLogon *)logon,
                cb, eid, mask, sink, &link->target_connection));
    }
    else if (kind == PROVIDER_AB)
    {
        link->kind = ADVISE_AB_LOGON;
        PROVIDER_CALL(NULL, faulted, hr = IABLogon_Advise((IABLogon *)logon, cb, eid, mask, sink,
                &link->target_connection));
    }
    else
    {
        faulted = FALSE;
        hr = MAPI_E_NO_SUPPORT;
    }
    if (faulted) hr = MAPI_E_CALL_FAILED;
    if (FAILED(hr))
    {
        IUnknown_Release(logon);
        return hr;
    }
    link->target = logon;
    return hr;
}

static HRESULT WINAPI session_Advise(IMAPISession *iface, ULONG cb, ENTRYID *eid, ULONG mask,
        IMAPIAdviseSink *sink, ULONG *connection)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct advise_link *link;
    HRESULT hr;

    TRACE("%p, %lu, %p, %#lx, %p, %p.\n", iface, cb, eid, mask, sink, connection);

    if (!sink || !connection) return MAPI_E_INVALID_PARAMETER;
    *connection = 0;
    if (!mask && cb && eid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = session_check(session))) return hr;

    if (!(link = mapi_heap_alloc(sizeof(*link)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(link, 0, sizeof(*link));
    if (FAILED(hr = session_advise_target(session, cb, eid, mask, sink, link)))
    {
        mapi_heap_free(link);
        return hr;
    }
    EnterCriticalSection(&session->cs);
    link->connection = ++session->last_connection;
    link->next = session->advises;
    session->advises = link;
    *connection = link->connection;
    LeaveCriticalSection(&session->cs);
    return hr;
}

static HRESULT WINAPI session_Unadvise(IMAPISession *iface, ULONG connection)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct advise_link **link, *found = NULL;
    HRESULT hr;

    TRACE("%p, %lu.\n", iface, connection);

    if (!connection) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = session_check(session))) return hr;

    EnterCriticalSection(&session->cs);
    for (link = &session->advises; *link; link = &(*link)->next)
    {
        if ((*link)->connection != connection) continue;
        found = *link;
        *link = found->next;
        break;
    }
    LeaveCriticalSection(&session->cs);
    if (!found) return MAPI_E_NOT_FOUND;
    if (found->kind == ADVISE_SESSION) notify_unsubscribe(session->notify, found->registry_connection);
    session_unadvise_link(found);
    return S_OK;
}

static HRESULT WINAPI session_MessageOptions(IMAPISession *iface, ULONG_PTR ui, ULONG flags, char *adrtype,
        IMessage *message)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %#Ix, %#lx, %s, %p.\n", iface, ui, flags, debugstr_a(adrtype), message);

    if (!message) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    /* Message options come from the transports' RegisterOptions, which
     * only a running spooler has asked for: none are registered here. */
    TRACE("no message options are registered.\n");
    return MAPI_E_NOT_FOUND;
}

static HRESULT WINAPI session_QueryDefaultMessageOpt(IMAPISession *iface, char *adrtype, ULONG flags,
        ULONG *count, SPropValue **options)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %s, %#lx, %p, %p.\n", iface, debugstr_a(adrtype), flags, count, options);

    if (!adrtype || !count || !options) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *options = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    /* No transport has registered options (see MessageOptions). */
    return S_OK;
}

/* EnumAdrTypes' list, one MAPIAllocateBuffer block, in UTF-16. */
static HRESULT adrtypes_to_unicode(ULONG count, char **ansi, WCHAR ***out)
{
    ULONG size = (count + 1) * sizeof(WCHAR *), i;
    WCHAR **list, *pos;
    int len;
    SCODE sc;

    for (i = 0; i < count; i++) size += MultiByteToWideChar(CP_ACP, 0, ansi[i], -1, NULL, 0) * sizeof(WCHAR);
    if ((sc = MAPIAllocateBuffer(size, (void **)&list))) return sc;
    pos = (WCHAR *)(list + count + 1);
    for (i = 0; i < count; i++)
    {
        len = MultiByteToWideChar(CP_ACP, 0, ansi[i], -1, NULL, 0);
        list[i] = pos;
        pos += MultiByteToWideChar(CP_ACP, 0, ansi[i], -1, pos, len);
    }
    list[count] = NULL;
    *out = list;
    return S_OK;
}

static HRESULT WINAPI session_EnumAdrTypes(IMAPISession *iface, ULONG flags, ULONG *count, char ***types)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct spooler *spooler;
    char **ansi;
    ULONG ansi_count;
    HRESULT hr;

    TRACE("%p, %#lx, %p, %p.\n", iface, flags, count, types);

    if (!count || !types) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *types = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    /* Only logged-on transports count, and the spooler logs them on: a
     * session without mail has none. */
    if (!(spooler = session_spooler_get(session)))
    {
        if ((hr = MAPIAllocateBuffer(sizeof(char *), (void **)types))) return hr;
        (*types)[0] = NULL;
        return S_OK;
    }
    hr = spooler_address_types(spooler, &ansi_count, &ansi);
    session_spooler_put(session);
    if (FAILED(hr)) return hr;
    if (!(flags & MAPI_UNICODE))
    {
        *count = ansi_count;
        *types = ansi;
        return S_OK;
    }
    hr = adrtypes_to_unicode(ansi_count, ansi, (WCHAR ***)types);
    MAPIFreeBuffer(ansi);
    if (SUCCEEDED(hr)) *count = ansi_count;
    return hr;
}

static BOOL identity_row_pick(const SRowSet *rows, BOOL primary, ULONG *index)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];
        const SPropValue *flags = PpropFindProp(row->lpProps, row->cValues, PR_RESOURCE_FLAGS);
        BOOL is_primary = flags && (flags->Value.l & STATUS_PRIMARY_IDENTITY);

        if (primary && !is_primary) continue;
        if (!primary && !PpropFindProp(row->lpProps, row->cValues, PR_IDENTITY_ENTRYID)) continue;
        *index = i;
        return TRUE;
    }
    return FALSE;
}

static HRESULT identity_copy(const SBinary *bin, ULONG *cb, ENTRYID **eid)
{
    HRESULT hr;

    if ((hr = MAPIAllocateBuffer(bin->cb, (void **)eid))) return hr;
    memcpy(*eid, bin->lpb, bin->cb);
    *cb = bin->cb;
    return S_OK;
}

static HRESULT WINAPI session_QueryIdentity(IMAPISession *iface, ULONG *cb, ENTRYID **eid)
{
    static const SizedSPropTagArray(3, columns) =
        {3, {PR_RESOURCE_FLAGS, PR_IDENTITY_ENTRYID, PR_IDENTITY_DISPLAY_A}};
    struct session *session = impl_from_IMAPISession(iface);
    const SPropValue *prop;
    IMAPITable *table;
    SRowSet *rows = NULL;
    ULONG index;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, cb, eid);

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *cb = 0;
    *eid = NULL;
    if (FAILED(hr = session_check(session))) return hr;

    if (FAILED(hr = status_table_view(session->status, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;

    if (identity_row_pick(rows, TRUE, &index))
    {
        const SRow *row = &rows->aRow[index];

        if ((prop = PpropFindProp(row->lpProps, row->cValues, PR_IDENTITY_ENTRYID)))
            hr = identity_copy(&prop->Value.bin, cb, eid);
        else
        {
            prop = PpropFindProp(row->lpProps, row->cValues, PR_IDENTITY_DISPLAY_A);
            hr = oneoff_create(prop ? prop->Value.lpszA : "", "", "", 0, cb, eid);
        }
    }
    else if (identity_row_pick(rows, FALSE, &index))
    {
        prop = PpropFindProp(rows->aRow[index].lpProps, rows->aRow[index].cValues, PR_IDENTITY_ENTRYID);
        hr = identity_copy(&prop->Value.bin, cb, eid);
    }
    else
    {
        TRACE("no primary identity in the session.\n");
        if (SUCCEEDED(hr = oneoff_create("", "", "", 0, cb, eid))) hr = MAPI_W_NO_SERVICE;
    }
    FreeProws(rows);
    return hr;
}

static HRESULT WINAPI session_Logoff(IMAPISession *iface, ULONG_PTR ui, ULONG flags, ULONG reserved)
{
    struct session *session = impl_from_IMAPISession(iface);
    BOOL others = FALSE;
    HRESULT hr;

    TRACE("%p, %#Ix, %#lx, %#lx.\n", iface, ui, flags, reserved);

    if (flags & ~(MAPI_LOGOFF_SHARED | MAPI_LOGOFF_UI)) return MAPI_E_UNKNOWN_FLAGS;
    if (reserved) return MAPI_E_INVALID_PARAMETER;
    if (flags & MAPI_LOGOFF_UI) TRACE("no logoff dialog is shown.\n");

    EnterCriticalSection(&session->cs);
    if (!session->logged_off && !(flags & MAPI_LOGOFF_SHARED) && session->clients > 1)
    {
        session->clients--;
        others = TRUE;
    }
    LeaveCriticalSection(&session->cs);
    if (others)
    {
        TRACE("other clients still use the shared session %p.\n", session);
        return S_OK;
    }
    hr = session_logoff(session);
    provider_dll_collect();
    return hr;
}

static HRESULT WINAPI session_AdminServices(IMAPISession *iface, ULONG flags, IMsgServiceAdmin **admin)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, admin);

    if (!admin) return MAPI_E_INVALID_PARAMETER;
    *admin = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    return msgservice_admin_create(session->profile, admin);
}

static HRESULT WINAPI session_ShowForm(IMAPISession *iface, ULONG_PTR ui, IMsgStore *store, IMAPIFolder *parent,
        const IID *iid, ULONG token, IMessage *sent, ULONG flags, ULONG status, ULONG message_flags, ULONG access,
        char *message_class)
{
    FIXME("%p, %#Ix, %p, %p, %s, %#lx, %p, %#lx, %#lx, %#lx, %#lx, %s: forms are not supported.\n", iface, ui,
            store, parent, debugstr_guid(iid), token, sent, flags, status, message_flags, access,
            debugstr_a(message_class));
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI session_PrepareForm(IMAPISession *iface, const IID *iid, IMessage *message, ULONG *token)
{
    FIXME("%p, %s, %p, %p: forms are not supported.\n", iface, debugstr_guid(iid), message, token);
    if (token) *token = 0;
    return MAPI_E_NO_SUPPORT;
}

static const IMAPISessionVtbl session_vtbl =
{
    session_QueryInterface,
    session_AddRef,
    session_Release,
    session_GetLastError,
    session_GetMsgStoresTable,
    session_OpenMsgStore,
    session_OpenAddressBook,
    session_OpenProfileSection,
    session_GetStatusTable,
    session_OpenEntry,
    session_CompareEntryIDs,
    session_Advise,
    session_Unadvise,
    session_MessageOptions,
    session_QueryDefaultMessageOpt,
    session_EnumAdrTypes,
    session_QueryIdentity,
    session_Logoff,
    session_SetDefaultStore,
    session_AdminServices,
    session_ShowForm,
    session_PrepareForm,
};

/* ------------------------------------------------------------------------
 * Logon
 */

static HRESULT session_add_mapi_rows(struct session *session)
{
    SPropValue props[6];
    HRESULT hr;

    props[0].ulPropTag = PR_DISPLAY_NAME_A;
    props[0].Value.lpszA = (char *)"MAPI Subsystem";
    props[1].ulPropTag = PR_RESOURCE_TYPE;
    props[1].Value.l = MAPI_SUBSYSTEM;
    props[2].ulPropTag = PR_STATUS_CODE;
    props[2].Value.l = STATUS_AVAILABLE;
    props[3].ulPropTag = PR_RESOURCE_METHODS;
    props[3].Value.l = STATUS_VALIDATE_STATE;
    props[4].ulPropTag = PR_RESOURCE_FLAGS;
    props[4].Value.l = 0;
    props[5].ulPropTag = PR_PROVIDER_DLL_NAME_A;
    props[5].Value.lpszA = (char *)"MAPI32.DLL";
    if (FAILED(hr = status_row_set(session->status, &session->mapi_row, ARRAY_SIZE(props), props, FALSE)))
        return hr;

    props[0].Value.lpszA = (char *)"MAPI Address Book";
    props[1].Value.l = MAPI_AB;
    return status_row_set(session->status, &session->ab_row, ARRAY_SIZE(props), props, FALSE);
}

static HRESULT session_create(const char *name, struct profile *profile, ULONG flags, struct session **out)
{
    struct session *session;
    HRESULT hr;

    if (!(session = mapi_heap_alloc(sizeof(*session)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(session, 0, sizeof(*session));
    session->IMAPISession_iface.lpVtbl = &session_vtbl;
    session->refcount = 1;
    session->core_refs = 1;
    session->clients = 1;
    session->flags = flags;
    InitializeCriticalSection(&session->cs);
    lstrcpynA(session->profile_name, name, sizeof(session->profile_name));
    profile_addref(profile);
    session->profile = profile;

    if (FAILED(hr = provider_set_create(&session->providers))
            || FAILED(hr = status_table_create(&session->status))
            || FAILED(hr = notify_registry_create(&session->notify))
            || FAILED(hr = stores_table_create(&session->stores)))
    {
        session_destroy(session);
        return hr;
    }
    if (!(session->spooler_idle = CreateEventW(NULL, TRUE, FALSE, NULL)))
    {
        session_destroy(session);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    host_init(session, &session->main);
    host_init(session, &session->spooler_host);
    *out = session;
    return S_OK;
}

/* A mail-enabled session's spooler, started with the session's callbacks,
 * and the default store it serves.  A spooler that does not start leaves
 * a session without mail. */
static void session_start_spooler(struct session *session)
{
    struct spooler *spooler;
    HRESULT hr;

    if (FAILED(hr = spooler_start(&session->spooler_host.host, &spooler)))
    {
        WARN("the spooler did not start, hr %#lx: the session has no mail.\n", hr);
        return;
    }
    EnterCriticalSection(&session->cs);
    session->spooler = spooler;
    LeaveCriticalSection(&session->cs);

    session_logon_default_store(session);
    if (!(session->flags & MAPI_FORCE_DOWNLOAD)) return;
    if (FAILED(hr = spooler_flush_queues(spooler, FLUSH_DOWNLOAD | FLUSH_NO_UI)))
        WARN("MAPI_FORCE_DOWNLOAD: the download failed, hr %#lx.\n", hr);
}

/* The session's work at logon: MAPI's status rows, the stores table, the
 * address books logged on, and unless the client wants no mail the
 * spooler started with the default store.  Other stores log on at
 * OpenMsgStore. */
static HRESULT session_logon(struct session *session, ULONG_PTR ui)
{
    HRESULT hr;

    if (FAILED(hr = session_add_mapi_rows(session))) return hr;
    if (FAILED(hr = stores_table_fill(session))) return hr;
    if (FAILED(hr = ab_set_logon(&session->main.host, ui, session->flags, &session->ab))) return hr;
    if (!(session->flags & MAPI_NO_MAIL)) session_start_spooler(session);
    return S_OK;
}

/* MAPI_SERVICE_UI_ALWAYS: every service's configuration entry is called
 * with its UI before anything logs on. */
static HRESULT session_configure_services(struct profile *profile, ULONG_PTR ui)
{
    MAPIUID *uids;
    ULONG count, i;
    HRESULT hr;

    hr = profile_services(profile, &count, &uids);
    if (hr == MAPI_E_NOT_FOUND) return S_OK;
    if (FAILED(hr)) return hr;
    for (i = 0; i < count; i++)
    {
        hr = msgservice_call_entry(profile, &uids[i], ui, SERVICE_UI_ALWAYS, MSG_SERVICE_CONFIGURE, 0, NULL);
        if (hr == MAPI_E_USER_CANCEL) break;
        if (FAILED(hr)) WARN("configuring service %lu failed, hr %#lx.\n", i, hr);
        hr = S_OK;
    }
    MAPIFreeBuffer(uids);
    return hr;
}

static HRESULT logon_string(const void *str, ULONG flags, char *buffer, DWORD size)
{
    buffer[0] = 0;
    if (!str) return S_OK;
    if (flags & MAPI_UNICODE)
    {
        if (!WideCharToMultiByte(CP_ACP, 0, str, -1, buffer, size, NULL, NULL)) return MAPI_E_LOGON_FAILED;
        return S_OK;
    }
    if (strlen(str) >= size) return MAPI_E_LOGON_FAILED;
    strcpy(buffer, str);
    return S_OK;
}

/* Which profile a logon uses, as MAPILogonEx's flags say. */
static HRESULT logon_profile_name(char *name, ULONG flags)
{
    if (!(flags & MAPI_USE_DEFAULT) && name[0]) return S_OK;
    if (!(flags & MAPI_USE_DEFAULT) && (flags & MAPI_EXPLICIT_PROFILE))
    {
        if (flags & MAPI_LOGON_UI) FIXME("no profile was named, and there is no logon dialog.\n");
        else WARN("no profile was named.\n");
        return MAPI_E_LOGON_FAILED;
    }
    if (FAILED(profile_get_default(name, PROFILE_NAME_MAX + 1)))
    {
        if (flags & MAPI_LOGON_UI) FIXME("there is no default profile, and no logon dialog.\n");
        else WARN("there is no default profile.\n");
        return MAPI_E_LOGON_FAILED;
    }
    return S_OK;
}

static HANDLE logon_mutex;

static BOOL WINAPI logon_mutex_init(INIT_ONCE *once, void *param, void **context)
{
    char name[64];

    sprintf(name, "wine_mapi32_logon_%lu", GetCurrentProcessId());
    return !!(logon_mutex = CreateMutexA(NULL, FALSE, name));
}

static HRESULT logon_lock(ULONG flags)
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    if (!InitOnceExecuteOnce(&once, logon_mutex_init, NULL, NULL)) return MAPI_E_CALL_FAILED;
    switch (WaitForSingleObject(logon_mutex, (flags & MAPI_TIMEOUT_SHORT) ? LOGON_SHORT_TIMEOUT : INFINITE))
    {
    case WAIT_OBJECT_0:
    case WAIT_ABANDONED:
        return S_OK;
    case WAIT_TIMEOUT:
        TRACE("another logon holds the logon mutex.\n");
        return MAPI_E_TIMEOUT;
    default:
        return MAPI_E_CALL_FAILED;
    }
}

static struct session *shared_session_get(void)
{
    struct session *session;

    AcquireSRWLockExclusive(&shared_lock);
    if ((session = shared_session))
    {
        IMAPISession_AddRef(&session->IMAPISession_iface);
        EnterCriticalSection(&session->cs);
        session->clients++;
        LeaveCriticalSection(&session->cs);
    }
    ReleaseSRWLockExclusive(&shared_lock);
    return session;
}

static HRESULT logon_locked(ULONG_PTR ui, char *name, const char *password, ULONG flags, struct session **out)
{
    struct profile *profile;
    struct session *session;
    HRESULT hr;

    if (!(flags & MAPI_NEW_SESSION) && (session = shared_session_get()))
    {
        TRACE("returning the shared session %p.\n", session);
        *out = session;
        return S_OK;
    }
    if (FAILED(hr = logon_profile_name(name, flags))) return hr;
    if (FAILED(hr = profile_open(name, &profile)))
    {
        WARN("profile %s: hr %#lx.\n", debugstr_a(name), hr);
        return MAPI_E_LOGON_FAILED;
    }
    if (FAILED(hr = profile_check_password(name, password)))
    {
        if (!password[0] && (flags & (MAPI_LOGON_UI | MAPI_PASSWORD_UI)))
            FIXME("the profile needs a password, and there is no password dialog.\n");
        profile_release(profile);
        return MAPI_E_LOGON_FAILED;
    }
    if ((flags & MAPI_SERVICE_UI_ALWAYS) && FAILED(hr = session_configure_services(profile, ui)))
    {
        profile_release(profile);
        return hr;
    }
    hr = session_create(name, profile, flags, &session);
    profile_release(profile);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = session_logon(session, ui)))
    {
        IMAPISession_Release(&session->IMAPISession_iface);
        return hr;
    }

    if (flags & MAPI_ALLOW_OTHERS)
    {
        AcquireSRWLockExclusive(&shared_lock);
        if (!shared_session) shared_session = session;
        ReleaseSRWLockExclusive(&shared_lock);
    }
    *out = session;
    return S_OK;
}

/***********************************************************************
 *              MAPILogonEx (MAPI32.11)
 *              MAPILogonEx@20 (MAPI32.12)
 */
HRESULT WINAPI MAPILogonEx(ULONG_PTR ui, LPSTR profile, LPSTR password, ULONG flags, LPMAPISESSION *out)
{
    char name[PROFILE_NAME_MAX + 1], pass[256];
    struct session *session = NULL;
    HRESULT hr;

    if (flags & MAPI_UNICODE)
        TRACE("%#Ix, %s, %p, %#lx, %p.\n", ui, debugstr_w((WCHAR *)profile), password, flags, out);
    else
        TRACE("%#Ix, %s, %p, %#lx, %p.\n", ui, debugstr_a(profile), password, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!mapi_is_initialized()) return MAPI_E_NOT_INITIALIZED;
    provider_dll_collect();
    if (flags & ~LOGON_KNOWN_FLAGS)
    {
        WARN("unknown flags %#lx.\n", flags & ~LOGON_KNOWN_FLAGS);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (FAILED(logon_string(profile, flags, name, sizeof(name))))
    {
        WARN("the profile name is too long.\n");
        return MAPI_E_LOGON_FAILED;
    }
    if (FAILED(logon_string(password, flags, pass, sizeof(pass)))) return MAPI_E_LOGON_FAILED;

    if (FAILED(hr = logon_lock(flags))) return hr;
    hr = logon_locked(ui, name, pass, flags, &session);
    ReleaseMutex(logon_mutex);
    SecureZeroMemory(pass, sizeof(pass));
    if (FAILED(hr)) return hr;

    TRACE("session %p.\n", session);
    *out = &session->IMAPISession_iface;
    return S_OK;
}
