/*
 * mapi32: MAPILogonEx, IMAPISession, shared sessions and the stores table
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session owns the open profile, the provider objects (provider.c), the
 * status table, the notification registry, the logged-on address books and
 * the message stores table.  The client's references and the support
 * objects' references are counted apart: Logoff (or the client's final
 * Release) logs every provider off, and the session's memory goes when the
 * last support object is gone as well.
 */

#include <stdio.h>

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif

#define LOGON_KNOWN_FLAGS (MAPI_LOGON_UI | MAPI_NEW_SESSION | MAPI_ALLOW_OTHERS | MAPI_EXPLICIT_PROFILE \
        | MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_FORCE_DOWNLOAD | MAPI_SERVICE_UI_ALWAYS | MAPI_NO_MAIL \
        | MAPI_NT_SERVICE | MAPI_PASSWORD_UI | MAPI_TIMEOUT_SHORT | MAPI_BG_SESSION | MAPI_UNICODE)

#ifndef MDB_ONLINE
#define MDB_ONLINE 0x00000100
#endif

#define OPEN_STORE_KNOWN_FLAGS (MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | MDB_NO_DIALOG | MDB_NO_MAIL \
        | MDB_TEMPORARY | MDB_WRITE | MDB_ONLINE)

/* How long MAPI_TIMEOUT_SHORT waits for the logon mutex. */
#define LOGON_SHORT_TIMEOUT 3000

/* The inner entry ID of a store that has never been opened: it names the
 * provider's profile section, and OpenMsgStore logs on to it with no
 * entry ID. */
static const MAPIUID placeholder_uid =
    {{0x8e, 0x31, 0x6a, 0x02, 0xd4, 0x5b, 0x4f, 0x7c, 0xa1, 0x93, 0x3e, 0x60, 0x1d, 0xb2, 0xc8, 0x57}};
struct placeholder_eid
{
    BYTE flags[4];
    MAPIUID uid;
    MAPIUID provider_uid;
};

struct session;

/* One per support object the session makes for a store logon, and one
 * (embedded in the session) that the address books' support objects use.
 * Owned by the session; each support object made with it counts in refs. */
struct session_host
{
    struct mapi_host host;
    struct session *session;
    struct session_host *next;
    LONG refs;
    IMAPISupport *support;      /* not referenced: cleared when its final release is done */
    BOOL logoff_done;
    struct provider *provider;
    MAPIUID provider_uid;
};

/* What the session keeps about one store provider of its profile. */
struct store_state
{
    struct store_state *next;
    MAPIUID uid;
    ULONG temp_flags;           /* MAPI_SIMPLE_STORE_TEMPORARY: in the tables, not in the profile */
    ULONG spool_size;
    BYTE *spool;                /* the spool-security blob of its logon, MAPIAllocateBuffer */
};

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

/* Made by MAPILogonEx; the clients hold refcount, support objects hold
 * core_refs through the hosts (the clients together hold one of them).
 * Holds the profile, provider set, status table, notification registry,
 * address-book set and stores table. */
struct session
{
    IMAPISession IMAPISession_iface;
    LONG refcount;
    LONG core_refs;
    LONG clients;
    CRITICAL_SECTION cs;
    ULONG flags;
    BOOL logged_off;
    char profile_name[PROFILE_NAME_MAX + 1];
    struct profile *profile;
    struct provider_set *providers;
    struct status_table *status;
    struct notify_registry *notify;
    struct ab_set *ab;
    ITableData *stores;
    struct session_host main;
    struct session_host *store_hosts;
    struct store_state *store_states;
    struct advise_link *advises;
    ULONG last_connection;
    HRESULT last_hr;
    MAPIERROR *last_error;
    BYTE mapi_row, ab_row;      /* owners of MAPI's status rows */
};

static SRWLOCK shared_lock = SRWLOCK_INIT;
static struct session *shared_session;

static inline struct session *impl_from_IMAPISession(IMAPISession *iface)
{
    return CONTAINING_RECORD(iface, struct session, IMAPISession_iface);
}

static const ULONG stores_columns[] =
{
    PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_MDB_PROVIDER,
    PR_RESOURCE_FLAGS, PR_DEFAULT_STORE, PR_OBJECT_TYPE, PR_RESOURCE_TYPE, PR_PROVIDER_UID,
};

/* ------------------------------------------------------------------------
 * The session's core and its hosts
 */

static void session_destroy(struct session *session)
{
    struct session_host *host;
    struct store_state *state;

    TRACE("%p.\n", session);

    if (session->providers) provider_set_destroy(session->providers);
    if (session->status) status_table_destroy(session->status);
    if (session->notify) notify_registry_destroy(session->notify);
    if (session->stores) ITableData_Release(session->stores);
    if (session->profile) profile_release(session->profile);
    while ((host = session->store_hosts))
    {
        session->store_hosts = host->next;
        mapi_heap_free(host);
    }
    while ((state = session->store_states))
    {
        session->store_states = state->next;
        MAPIFreeBuffer(state->spool);
        mapi_heap_free(state);
    }
    MAPIFreeBuffer(session->last_error);
    DeleteCriticalSection(&session->cs);
    mapi_heap_free(session);
}

static void session_core_addref(struct session *session)
{
    InterlockedIncrement(&session->core_refs);
}

static void session_core_release(struct session *session)
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

static void host_init(struct session *session, struct session_host *host)
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
}

/* The DLL of the logon that registered an entry-ID UID, when it is one of
 * our store logons, so that calls into it keep the DLL loaded. */
static struct provider_dll *session_owner_dll(struct session *session, void *owner)
{
    struct provider_dll *dll = NULL;
    struct session_host *host;

    EnterCriticalSection(&session->cs);
    for (host = session->store_hosts; host; host = host->next)
    {
        if (!host->support || (void *)host->support != owner) continue;
        dll = provider_get_dll(host->provider);
        break;
    }
    LeaveCriticalSection(&session->cs);
    return dll;
}

static struct store_state *session_store_state(struct session *session, const MAPIUID *uid)
{
    struct store_state *state;

    for (state = session->store_states; state; state = state->next)
        if (!memcmp(&state->uid, uid, sizeof(*uid))) return state;
    if (!(state = mapi_heap_alloc(sizeof(*state)))) return NULL;
    memset(state, 0, sizeof(*state));
    state->uid = *uid;
    state->next = session->store_states;
    session->store_states = state;
    return state;
}

static void session_set_last_error(struct session *session, HRESULT hr, const MAPIERROR *error)
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
 * The stores table and the store providers of the profile
 */

static HRESULT store_section_props(struct session *session, const MAPIUID *uid, ULONG *count, SPropValue **props)
{
    static const SizedSPropTagArray(3, tags) = {3, {PR_ENTRYID, PR_RECORD_KEY, PR_MDB_PROVIDER}};
    return profile_get_props(session->profile, uid, (const SPropTagArray *)&tags, count, props);
}

static const SBinary *find_binary(ULONG count, const SPropValue *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == tag) return &props[i].Value.bin;
    return NULL;
}

static HRESULT placeholder_entry_id(const struct profile_provider *info, ULONG *cb, ENTRYID **eid)
{
    struct placeholder_eid inner;

    memset(&inner, 0, sizeof(inner));
    inner.uid = placeholder_uid;
    inner.provider_uid = info->uid;
    return entryid_wrap_store(info->dll_name, sizeof(inner), (const ENTRYID *)&inner, cb, eid);
}

/* Writes the stores-table row of one store provider from its profile
 * section and what the session knows. */
static HRESULT stores_table_set_row(struct session *session, const struct profile_provider *info)
{
    SPropValue values[ARRAY_SIZE(stores_columns)], *section = NULL;
    ULONG count = 0, n = 0, flags = info->resource_flags, cb_placeholder;
    ENTRYID *placeholder = NULL;
    const SBinary *bin;
    struct store_state *state;
    SRow row;
    HRESULT hr;

    if (FAILED(store_section_props(session, &info->uid, &count, &section))) count = 0;

    EnterCriticalSection(&session->cs);
    if ((state = session_store_state(session, &info->uid))) flags |= state->temp_flags;
    LeaveCriticalSection(&session->cs);

    values[n].ulPropTag = PR_INSTANCE_KEY;
    values[n].Value.bin.cb = sizeof(info->uid);
    values[n++].Value.bin.lpb = (BYTE *)&info->uid;
    values[n].ulPropTag = PR_PROVIDER_UID;
    values[n].Value.bin.cb = sizeof(info->uid);
    values[n++].Value.bin.lpb = (BYTE *)&info->uid;

    values[n].ulPropTag = PR_ENTRYID;
    if ((bin = find_binary(count, section, PR_ENTRYID)))
        values[n++].Value.bin = *bin;
    else if (SUCCEEDED(hr = placeholder_entry_id(info, &cb_placeholder, &placeholder)))
    {
        values[n].Value.bin.cb = cb_placeholder;
        values[n++].Value.bin.lpb = (BYTE *)placeholder;
    }
    else
    {
        MAPIFreeBuffer(section);
        return hr;
    }

    values[n].ulPropTag = PR_RECORD_KEY;
    if ((bin = find_binary(count, section, PR_RECORD_KEY))) values[n++].Value.bin = *bin;
    else
    {
        values[n].Value.bin.cb = sizeof(info->uid);
        values[n++].Value.bin.lpb = (BYTE *)&info->uid;
    }
    if ((bin = find_binary(count, section, PR_MDB_PROVIDER)))
    {
        values[n].ulPropTag = PR_MDB_PROVIDER;
        values[n++].Value.bin = *bin;
    }
    values[n].ulPropTag = PR_DISPLAY_NAME_A;
    values[n++].Value.lpszA = (char *)info->display_name;
    values[n].ulPropTag = PR_PROVIDER_DISPLAY_A;
    values[n++].Value.lpszA = (char *)info->provider_display;
    values[n].ulPropTag = PR_RESOURCE_FLAGS;
    values[n++].Value.l = flags;
    values[n].ulPropTag = PR_DEFAULT_STORE;
    values[n++].Value.b = !!(flags & STATUS_DEFAULT_STORE);
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_STORE;
    values[n].ulPropTag = PR_RESOURCE_TYPE;
    values[n++].Value.l = MAPI_STORE_PROVIDER;

    row.ulAdrEntryPad = 0;
    row.cValues = n;
    row.lpProps = values;
    hr = ITableData_HrModifyRow(session->stores, &row);
    MAPIFreeBuffer(placeholder);
    MAPIFreeBuffer(section);
    return hr;
}

/* The profile's store providers; none is an empty list, not an error. */
static HRESULT session_store_providers(struct session *session, ULONG *count, struct profile_provider **infos)
{
    HRESULT hr = profile_providers(session->profile, MAPI_STORE_PROVIDER, count, infos);

    if (hr != MAPI_E_NOT_FOUND) return hr;
    *count = 0;
    *infos = NULL;
    return S_OK;
}

static HRESULT stores_table_fill(struct session *session)
{
    struct profile_provider *infos;
    ULONG count, i;
    HRESULT hr;

    if (FAILED(hr = session_store_providers(session, &count, &infos))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++) hr = stores_table_set_row(session, &infos[i]);
    mapi_heap_free(infos);
    return hr;
}

static BOOL store_provider_matches(struct session *session, const struct profile_provider *info, ULONG cb,
        const ENTRYID *eid)
{
    SPropValue *section;
    const SBinary *bin;
    ULONG count;
    BOOL found;

    if (FAILED(store_section_props(session, &info->uid, &count, &section))) return FALSE;
    bin = find_binary(count, section, PR_ENTRYID);
    found = bin && bin->cb == cb && !memcmp(bin->lpb, eid, cb);
    MAPIFreeBuffer(section);
    return found;
}

/* Asks the provider whether two unwrapped store IDs name the same store. */
static BOOL store_provider_compare(struct session *session, const char *dll_name, ULONG cb1, const ENTRYID *eid1,
        ULONG cb2, const ENTRYID *eid2)
{
    struct provider *provider;
    IMSProvider *msp;
    ULONG result = FALSE;
    BOOL faulted;
    HRESULT hr;

    if (FAILED(provider_get(session->providers, dll_name, PROVIDER_STORE, &provider))) return FALSE;
    msp = (IMSProvider *)provider_object(provider);
    PROVIDER_CALL(provider_get_dll(provider), faulted,
            hr = IMSProvider_CompareStoreIDs(msp, cb1, (ENTRYID *)eid1, cb2, (ENTRYID *)eid2, 0, &result));
    return !faulted && SUCCEEDED(hr) && result;
}

static BOOL store_provider_matches_inner(struct session *session, const struct profile_provider *info,
        ULONG cb_inner, const ENTRYID *inner)
{
    const ENTRYID *section_inner;
    SPropValue *section;
    char dll[MAX_PATH];
    const SBinary *bin;
    ULONG count, cb_section;
    BOOL found = FALSE;

    if (FAILED(store_section_props(session, &info->uid, &count, &section))) return FALSE;
    if ((bin = find_binary(count, section, PR_ENTRYID))
            && SUCCEEDED(entryid_unwrap_store(bin->cb, (const ENTRYID *)bin->lpb, dll, sizeof(dll),
            &cb_section, &section_inner)))
        found = store_provider_compare(session, info->dll_name, cb_inner, inner, cb_section, section_inner);
    MAPIFreeBuffer(section);
    return found;
}

/* Finds the store provider a wrapped store entry ID names.  *inner is
 * NULL when the ID is our placeholder for a store never opened. */
static HRESULT session_find_store(struct session *session, ULONG cb, const ENTRYID *eid,
        struct profile_provider *found, ULONG *cb_inner, const ENTRYID **inner)
{
    const struct placeholder_eid *placeholder;
    struct profile_provider *infos;
    char dll[MAX_PATH];
    ULONG count, i;
    HRESULT hr;

    if (FAILED(entryid_unwrap_store(cb, eid, dll, sizeof(dll), cb_inner, inner))) return MAPI_E_INVALID_ENTRYID;
    if (FAILED(hr = session_store_providers(session, &count, &infos))) return hr;

    placeholder = (const struct placeholder_eid *)*inner;
    if (*cb_inner == sizeof(*placeholder) && !memcmp(&placeholder->uid, &placeholder_uid, sizeof(MAPIUID)))
    {
        for (i = 0; i < count; i++)
            if (!memcmp(&infos[i].uid, &placeholder->provider_uid, sizeof(MAPIUID))) break;
        *cb_inner = 0;
        *inner = NULL;
    }
    else
    {
        for (i = 0; i < count; i++)
            if (!lstrcmpiA(infos[i].dll_name, dll) && store_provider_matches(session, &infos[i], cb, eid)) break;
        if (i == count)
            for (i = 0; i < count; i++)
                if (!lstrcmpiA(infos[i].dll_name, dll)
                        && store_provider_matches_inner(session, &infos[i], *cb_inner, *inner)) break;
    }
    if (i < count) *found = infos[i];
    mapi_heap_free(infos);
    return i < count ? S_OK : MAPI_E_NOT_FOUND;
}

/* After a logon: the store's entry ID, record key and provider UID go to
 * its profile section, and its stores-table row shows them. */
static void store_record_logon(struct session *session, const struct profile_provider *info,
        struct provider_dll *dll, IMsgStore *mdb)
{
    static const SizedSPropTagArray(4, tags) =
        {4, {PR_STORE_ENTRYID, PR_ENTRYID, PR_RECORD_KEY, PR_MDB_PROVIDER}};
    SPropValue *props = NULL, values[3];
    const SBinary *eid;
    ENTRYID *wrapped = NULL, *inner;
    char name[MAX_PATH];
    ULONG count = 0, n = 0, cb_wrapped, cb_inner;
    BOOL faulted;
    HRESULT hr;

    PROVIDER_CALL(dll, faulted, hr = IMsgStore_GetProps(mdb, (SPropTagArray *)&tags, 0, &count, &props));
    if (faulted || FAILED(hr) || !props)
    {
        WARN("store %s gave no properties, hr %#lx.\n", debugstr_a(info->dll_name), faulted ? MAPI_E_CALL_FAILED : hr);
        return;
    }
    if (!(eid = find_binary(count, props, PR_STORE_ENTRYID))) eid = find_binary(count, props, PR_ENTRYID);
    if (eid)
    {
        values[n].ulPropTag = PR_ENTRYID;
        if (SUCCEEDED(entryid_unwrap_store(eid->cb, (ENTRYID *)eid->lpb, name, sizeof(name), &cb_inner,
                (const ENTRYID **)&inner)))
            values[n++].Value.bin = *eid;
        else if (SUCCEEDED(entryid_wrap_store(info->dll_name, eid->cb, (ENTRYID *)eid->lpb, &cb_wrapped, &wrapped)))
        {
            values[n].Value.bin.cb = cb_wrapped;
            values[n++].Value.bin.lpb = (BYTE *)wrapped;
        }
    }
    if ((eid = find_binary(count, props, PR_RECORD_KEY)))
    {
        values[n].ulPropTag = PR_RECORD_KEY;
        values[n++].Value.bin = *eid;
    }
    if ((eid = find_binary(count, props, PR_MDB_PROVIDER)))
    {
        values[n].ulPropTag = PR_MDB_PROVIDER;
        values[n++].Value.bin = *eid;
    }
    if (n && FAILED(hr = profile_set_props(session->profile, &info->uid, n, values)))
        WARN("could not record the store in its profile section, hr %#lx.\n", hr);
    if (FAILED(hr = stores_table_set_row(session, info)))
        WARN("could not update the stores table, hr %#lx.\n", hr);
    MAPIFreeBuffer(wrapped);
    MAPIFreeBuffer(props);
}

static void store_keep_spool(struct session *session, const MAPIUID *uid, ULONG size, BYTE *spool)
{
    struct store_state *state;

    EnterCriticalSection(&session->cs);
    if ((state = session_store_state(session, uid)))
    {
        MAPIFreeBuffer(state->spool);
        state->spool_size = size;
        state->spool = spool;
        spool = NULL;
    }
    LeaveCriticalSection(&session->cs);
    MAPIFreeBuffer(spool);
}

/* A store whose provider faulted during its logon shows a STATUS_FAILURE
 * row until the session ends or a logon succeeds. */
static void store_mark_failure(struct session *session, const struct profile_provider *info)
{
    struct store_state *state;
    SPropValue props[6];

    EnterCriticalSection(&session->cs);
    state = session_store_state(session, &info->uid);
    LeaveCriticalSection(&session->cs);
    if (!state) return;

    props[0].ulPropTag = PR_DISPLAY_NAME_A;
    props[0].Value.lpszA = (char *)info->display_name;
    props[1].ulPropTag = PR_PROVIDER_DISPLAY_A;
    props[1].Value.lpszA = (char *)info->provider_display;
    props[2].ulPropTag = PR_PROVIDER_DLL_NAME_A;
    props[2].Value.lpszA = (char *)info->dll_name;
    props[3].ulPropTag = PR_RESOURCE_TYPE;
    props[3].Value.l = MAPI_STORE_PROVIDER;
    props[4].ulPropTag = PR_RESOURCE_FLAGS;
    props[4].Value.l = info->resource_flags;
    props[5].ulPropTag = PR_STATUS_CODE;
    props[5].Value.l = STATUS_FAILURE;
    status_row_set(session->status, state, ARRAY_SIZE(props), props, FALSE);
}

static HRESULT session_open_store(struct session *session, ULONG_PTR ui, ULONG cb, const ENTRYID *eid,
        const IID *iid, ULONG flags, IMsgStore **out)
{
    struct support_params params;
    struct profile_provider info;
    struct session_host *host;
    struct provider *provider;
    struct provider_dll *dll;
    const ENTRYID *inner;
    IMAPISupport *support;
    struct store_state *state;
    IMSProvider *msp;
    IMSLogon *logon = NULL;
    IMsgStore *mdb = NULL;
    MAPIERROR *error = NULL;
    BYTE *spool = NULL;
    ULONG cb_inner, cb_spool = 0;
    BOOL faulted;
    HRESULT hr;

    if (FAILED(hr = session_find_store(session, cb, eid, &info, &cb_inner, &inner))) return hr;
    if (FAILED(hr = provider_get(session->providers, info.dll_name, PROVIDER_STORE, &provider))) return hr;

    if (!(host = mapi_heap_alloc(sizeof(*host)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    host_init(session, host);
    host->provider = provider;
    host->provider_uid = info.uid;

    params.kind = SUPPORT_STORE;
    params.host = &host->host;
    params.provider = provider;
    params.provider_uid = info.uid;
    params.service_uid = info.service_uid;
    params.info = &info;
    if (FAILED(hr = support_create(&params, &support)))
    {
        mapi_heap_free(host);
        return hr;
    }
    EnterCriticalSection(&session->cs);
    host->support = support;
    host->next = session->store_hosts;
    session->store_hosts = host;
    LeaveCriticalSection(&session->cs);

    msp = (IMSProvider *)provider_object(provider);
    dll = provider_get_dll(provider);
    PROVIDER_CALL(dll, faulted, hr = IMSProvider_Logon(msp, support, ui, session->profile_name, cb_inner,
            (ENTRYID *)inner, flags, (IID *)iid, &cb_spool, &spool, &error, &logon, &mdb));
    if (faulted)
    {
        ERR("store provider %s faulted in Logon.\n", debugstr_a(info.dll_name));
        store_mark_failure(session, &info);
        hr = MAPI_E_CALL_FAILED;
        logon = NULL;
        mdb = NULL;
        error = NULL;
        spool = NULL;
    }
    if (error || FAILED(hr)) session_set_last_error(session, hr, error);
    MAPIFreeBuffer(error);

    if (FAILED(hr) || !mdb)
    {
        TRACE("logon to %s failed, hr %#lx.\n", debugstr_a(info.dll_name), hr);
        if (logon) PROVIDER_CALL(dll, faulted, IMSLogon_Release(logon));
        MAPIFreeBuffer(spool);
        IMAPISupport_Release(support);
        return FAILED(hr) ? hr : MAPI_E_CALL_FAILED;
    }

    if (logon)
    {
        support_set_logon(support, (IUnknown *)logon);
        EnterCriticalSection(&session->cs);
        state = session_store_state(session, &info.uid);
        LeaveCriticalSection(&session->cs);
        if (state) status_row_remove(session->status, state);
        PROVIDER_CALL(dll, faulted, IMSLogon_Release(logon));
        store_keep_spool(session, &info.uid, cb_spool, spool);
        if (!(flags & MDB_TEMPORARY)) store_record_logon(session, &info, dll, mdb);
    }
    else
    {
        TRACE("second logon to the open store %s.\n", debugstr_a(info.dll_name));
        MAPIFreeBuffer(spool);
    }
    /* The provider keeps its own reference on the support object; the
     * store's release of it is what logs the store off. */
    IMAPISupport_Release(support);
    *out = mdb;
    return hr;
}

/* ------------------------------------------------------------------------
 * Entry-ID dispatch
 */

static HRESULT session_open_entry(struct session *session, ULONG cb, const ENTRYID *eid, const IID *iid,
        ULONG flags, ULONG *type, IUnknown **out)
{
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

    if (SUCCEEDED(provider_uid_find(session->providers, uid, &kind, &logon, &owner)))
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

static HRESULT session_compare_stores(struct session *session, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG *result)
{
    struct profile_provider info1, info2;
    const ENTRYID *inner1, *inner2;
    char dll1[MAX_PATH], dll2[MAX_PATH];
    ULONG cb_inner1, cb_inner2;
    BOOL found1, found2;

    if (FAILED(entryid_unwrap_store(cb1, eid1, dll1, sizeof(dll1), &cb_inner1, &inner1))
            || FAILED(entryid_unwrap_store(cb2, eid2, dll2, sizeof(dll2), &cb_inner2, &inner2)))
    {
        *result = FALSE;
        return S_OK;
    }
    found1 = SUCCEEDED(session_find_store(session, cb1, eid1, &info1, &cb_inner1, &inner1));
    found2 = SUCCEEDED(session_find_store(session, cb2, eid2, &info2, &cb_inner2, &inner2));
    if (found1 && found2) *result = !memcmp(&info1.uid, &info2.uid, sizeof(MAPIUID));
    else if (found1 != found2 || lstrcmpiA(dll1, dll2)) *result = FALSE;
    else
    {
        entryid_unwrap_store(cb1, eid1, dll1, sizeof(dll1), &cb_inner1, &inner1);
        entryid_unwrap_store(cb2, eid2, dll2, sizeof(dll2), &cb_inner2, &inner2);
        *result = store_provider_compare(session, dll1, cb_inner1, inner1, cb_inner2, inner2);
    }
    return S_OK;
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

    if (SUCCEEDED(provider_uid_find(session->providers, uid1, &kind, &logon, &owner)))
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

static void session_logoff_stores(struct session *session)
{
    struct session_host *host;
    IMAPISupport *support;

    for (;;)
    {
        support = NULL;
        EnterCriticalSection(&session->cs);
        for (host = session->store_hosts; host; host = host->next)
        {
            if (!host->support || host->logoff_done) continue;
            support = host->support;
            IMAPISupport_AddRef(support);
            host->logoff_done = TRUE;
            break;
        }
        LeaveCriticalSection(&session->cs);
        if (!support) break;
        support_logoff(support, 0);
        IMAPISupport_Release(support);
    }
}

static HRESULT session_logoff(struct session *session)
{
    struct advise_link *link;
    struct store_state *state;
    struct ab_set *ab;

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

static HRESULT session_check(struct session *session)
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

static HRESULT WINAPI session_GetMsgStoresTable(IMAPISession *iface, ULONG flags, IMAPITable **table)
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
    return ITableData_HrGetView(session->stores, NULL, NULL, 0, table);
}

static HRESULT WINAPI session_OpenMsgStore(IMAPISession *iface, ULONG_PTR ui, ULONG cb, ENTRYID *eid,
        const IID *iid, ULONG flags, IMsgStore **mdb)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %#Ix, %lu, %p, %s, %#lx, %p.\n", iface, ui, cb, eid, debugstr_guid(iid), flags, mdb);

    if (!mdb) return MAPI_E_INVALID_PARAMETER;
    *mdb = NULL;
    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~OPEN_STORE_KNOWN_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    /* A store released by the client has left its DLL pending. */
    provider_dll_collect();
    return session_open_store(session, ui, cb, eid, iid, flags, mdb);
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

static HRESULT WINAPI session_EnumAdrTypes(IMAPISession *iface, ULONG flags, ULONG *count, char ***types)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("%p, %#lx, %p, %p.\n", iface, flags, count, types);

    if (!count || !types) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *types = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_check(session))) return hr;
    /* Only loaded transports count, and transports are loaded by the
     * spooler; the session has none of its own. */
    if ((hr = MAPIAllocateBuffer(sizeof(char *), (void **)types))) return hr;
    (*types)[0] = NULL;
    return S_OK;
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

static ULONG default_store_bit(ULONG flags)
{
    switch (flags)
    {
    case MAPI_DEFAULT_STORE: return STATUS_DEFAULT_STORE;
    case MAPI_SIMPLE_STORE_TEMPORARY:
    case MAPI_SIMPLE_STORE_PERMANENT: return STATUS_SIMPLE_STORE;
    case MAPI_PRIMARY_STORE: return STATUS_PRIMARY_STORE;
    case MAPI_SECONDARY_STORE: return STATUS_SECONDARY_STORE;
    }
    return 0;
}

/* Sets or clears the bit in a store's PR_RESOURCE_FLAGS: in its profile
 * section when permanent, in what the session shows otherwise. */
static HRESULT store_set_flag(struct session *session, struct profile_provider *info, ULONG bit, BOOL set,
        BOOL permanent)
{
    struct store_state *state;
    SPropValue value;
    HRESULT hr = S_OK;

    EnterCriticalSection(&session->cs);
    if ((state = session_store_state(session, &info->uid)))
    {
        if (set && !permanent) state->temp_flags |= bit;
        else state->temp_flags &= ~bit;
    }
    else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    LeaveCriticalSection(&session->cs);
    if (FAILED(hr) || (set && !permanent)) return hr;

    value.ulPropTag = PR_RESOURCE_FLAGS;
    value.Value.l = set ? info->resource_flags | bit : info->resource_flags & ~bit;
    if (value.Value.l == info->resource_flags) return S_OK;
    if (FAILED(hr = profile_set_props(session->profile, &info->uid, 1, &value))) return hr;
    info->resource_flags = value.Value.l;
    return S_OK;
}

/* The status row of an open store shows the same flag. */
static void store_status_set_flag(struct session *session, const MAPIUID *uid, ULONG bit, BOOL set)
{
    struct session_host *host;
    const SPropValue *flags;
    SPropValue *props, value;
    ULONG count;

    EnterCriticalSection(&session->cs);
    for (host = session->store_hosts; host; host = host->next)
    {
        if (!host->support || memcmp(&host->provider_uid, uid, sizeof(*uid))) continue;
        if (FAILED(status_row_get(session->status, host->support, &count, &props))) continue;
        value.ulPropTag = PR_RESOURCE_FLAGS;
        value.Value.l = (flags = PpropFindProp(props, count, PR_RESOURCE_FLAGS)) ? flags->Value.l : 0;
        value.Value.l = set ? value.Value.l | bit : value.Value.l & ~bit;
        status_row_set(session->status, host->support, 1, &value, TRUE);
        MAPIFreeBuffer(props);
    }
    LeaveCriticalSection(&session->cs);
}

static HRESULT WINAPI session_SetDefaultStore(IMAPISession *iface, ULONG flags, ULONG cb, ENTRYID *eid)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct profile_provider target, *infos;
    const ENTRYID *inner;
    ULONG bit = default_store_bit(flags), count, i, cb_inner;
    BOOL exclusive = flags != MAPI_SIMPLE_STORE_TEMPORARY && flags != MAPI_SIMPLE_STORE_PERMANENT;
    BOOL permanent = flags != MAPI_SIMPLE_STORE_TEMPORARY;
    HRESULT hr;

    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, cb, eid);

    if (!bit) return MAPI_E_UNKNOWN_FLAGS;
    if (cb && !eid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = session_check(session))) return hr;
    if (eid && FAILED(hr = session_find_store(session, cb, eid, &target, &cb_inner, &inner))) return hr;

    if (FAILED(hr = session_store_providers(session, &count, &infos))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        BOOL is_target = eid && !memcmp(&infos[i].uid, &target.uid, sizeof(MAPIUID));

        if (!is_target && !exclusive && eid) continue;
        if (FAILED(hr = store_set_flag(session, &infos[i], bit, is_target, permanent))) break;
        store_status_set_flag(session, &infos[i].uid, bit, is_target);
        hr = stores_table_set_row(session, &infos[i]);
    }
    mapi_heap_free(infos);
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
    props[3].Value.l = 0;
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
    SizedSPropTagArray(ARRAY_SIZE(stores_columns), columns);
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

    columns.cValues = ARRAY_SIZE(stores_columns);
    memcpy(columns.aulPropTag, stores_columns, sizeof(stores_columns));
    if (FAILED(hr = provider_set_create(&session->providers))
            || FAILED(hr = status_table_create(&session->status))
            || FAILED(hr = notify_registry_create(&session->notify))
            || FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                    NULL, TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)&columns, &session->stores)))
    {
        session_destroy(session);
        return hr;
    }
    host_init(session, &session->main);
    *out = session;
    return S_OK;
}

/* The session's work at logon: MAPI's status rows, the stores table, and
 * the address books logged on.  Stores log on at OpenMsgStore. */
static HRESULT session_logon(struct session *session, ULONG_PTR ui)
{
    HRESULT hr;

    if (FAILED(hr = session_add_mapi_rows(session))) return hr;
    if (FAILED(hr = stores_table_fill(session))) return hr;
    if (session->flags & MAPI_FORCE_DOWNLOAD) FIXME("MAPI_FORCE_DOWNLOAD needs the spooler; ignored.\n");
    return ab_set_logon(&session->main.host, ui, session->flags, &session->ab);
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
