/*
 * mapi32: the session's message stores: the stores table, store logons and
 * the default store
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The stores table has a row per store provider of the profile.  Stores
 * log on at OpenMsgStore; each logon gets a support object with a host of
 * its own (session_host), which the session keeps to log the store off.  A
 * mail-enabled session also logs on to the default store by itself, keeps
 * that logon until its logoff, and hands the store to the spooler.
 */

#include "session.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#ifndef MDB_ONLINE
#define MDB_ONLINE 0x00000100
#endif

#define OPEN_STORE_KNOWN_FLAGS (MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | MDB_NO_DIALOG | MDB_NO_MAIL \
        | MDB_TEMPORARY | MDB_WRITE | MDB_ONLINE)

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

static const ULONG stores_columns[] =
{
    PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_MDB_PROVIDER,
    PR_RESOURCE_FLAGS, PR_DEFAULT_STORE, PR_OBJECT_TYPE, PR_RESOURCE_TYPE, PR_PROVIDER_UID,
};

HRESULT stores_table_create(ITableData **table)
{
    SizedSPropTagArray(ARRAY_SIZE(stores_columns), columns);

    columns.cValues = ARRAY_SIZE(stores_columns);
    memcpy(columns.aulPropTag, stores_columns, sizeof(stores_columns));
    return CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)&columns, table);
}

void session_free_stores(struct session *session)
{
    struct session_host *host;
    struct store_state *state;

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
}

/* The DLL of the logon that registered an entry-ID UID, when it is one of
 * our store logons, so that calls into it keep the DLL loaded. */
struct provider_dll *session_owner_dll(struct session *session, void *owner)
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

HRESULT stores_table_fill(struct session *session)
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

/* Logs on to the store eid names; *provider (when asked for) is its
 * provider object, which the logon keeps alive. */
static HRESULT store_open(struct session *session, ULONG_PTR ui, ULONG cb, const ENTRYID *eid, const IID *iid,
        ULONG flags, IMsgStore **out, struct provider **provider_out)
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
    if (provider_out) *provider_out = provider;
    return hr;
}

HRESULT session_open_store(struct session *session, ULONG_PTR ui, ULONG cb, const ENTRYID *eid, const IID *iid,
        ULONG flags, IMsgStore **out)
{
    return store_open(session, ui, cb, eid, iid, flags, out, NULL);
}

/* A store's row belongs to its support object, or to its store_state
 * when its logon faulted. */
BOOL session_is_store_row(struct session *session, const void *owner)
{
    struct session_host *host;
    struct store_state *state;
    BOOL found = FALSE;

    EnterCriticalSection(&session->cs);
    for (state = session->store_states; state && !found; state = state->next) found = owner == state;
    for (host = session->store_hosts; host && !found; host = host->next)
        found = host->support && owner == host->support;
    LeaveCriticalSection(&session->cs);
    return found;
}

/* The first store provider of the profile with STATUS_DEFAULT_STORE. */
static BOOL default_store_find(struct session *session, struct profile_provider *found)
{
    struct profile_provider *infos;
    ULONG count, i;

    if (FAILED(session_store_providers(session, &count, &infos))) return FALSE;
    for (i = 0; i < count; i++)
        if (infos[i].resource_flags & STATUS_DEFAULT_STORE) break;
    if (i < count) *found = infos[i];
    mapi_heap_free(infos);
    return i < count;
}

/* The entry ID the stores table shows for a store provider: the one its
 * logons recorded, or our placeholder. */
static HRESULT store_entry_id(struct session *session, const struct profile_provider *info, ULONG *cb,
        ENTRYID **eid)
{
    SPropValue *section = NULL;
    const SBinary *bin;
    ULONG count = 0;
    HRESULT hr;

    if (FAILED(store_section_props(session, &info->uid, &count, &section))) count = 0;
    if (!(bin = find_binary(count, section, PR_ENTRYID)))
    {
        MAPIFreeBuffer(section);
        return placeholder_entry_id(info, cb, eid);
    }
    if (!(hr = MAPIAllocateBuffer(bin->cb, (void **)eid)))
    {
        memcpy(*eid, bin->lpb, bin->cb);
        *cb = bin->cb;
    }
    MAPIFreeBuffer(section);
    return hr;
}

/* The spool-security blob of the store's logon, copied. */
static HRESULT store_spool_copy(struct session *session, const MAPIUID *uid, ULONG *size, BYTE **blob)
{
    struct store_state *state;
    HRESULT hr = S_OK;

    *size = 0;
    *blob = NULL;
    EnterCriticalSection(&session->cs);
    if ((state = session_store_state(session, uid)) && state->spool_size
            && !(hr = MAPIAllocateBuffer(state->spool_size, (void **)blob)))
    {
        memcpy(*blob, state->spool, state->spool_size);
        *size = state->spool_size;
    }
    LeaveCriticalSection(&session->cs);
    return hr;
}

void session_logon_default_store(struct session *session)
{
    struct profile_provider info;
    struct provider *provider;
    struct spooler *spooler;
    IMsgStore *mdb;
    ENTRYID *eid;
    BYTE *blob;
    ULONG cb, size;
    HRESULT hr;

    if (!default_store_find(session, &info))
    {
        TRACE("the profile has no default store.\n");
        return;
    }
    /* The same logon as the client's OpenMsgStore of the stores table's
     * entry ID; a later one of the client gets the provider's answer to a
     * second logon. */
    if (FAILED(hr = store_entry_id(session, &info, &cb, &eid))) return;
    hr = store_open(session, 0, cb, eid, NULL, MDB_NO_DIALOG | MDB_WRITE, &mdb, &provider);
    MAPIFreeBuffer(eid);
    if (FAILED(hr))
    {
        WARN("no logon to the default store %s, hr %#lx: the spooler runs without a store.\n",
                debugstr_a(info.display_name), hr);
        return;
    }
    EnterCriticalSection(&session->cs);
    session->default_store = mdb;
    LeaveCriticalSection(&session->cs);

    if (FAILED(hr = store_spool_copy(session, &info.uid, &size, &blob))) return;
    if ((spooler = session_spooler_get(session)))
    {
        if (FAILED(hr = spooler_store_ready(spooler, provider, &info, size, blob)))
            WARN("the spooler did not take the default store, hr %#lx.\n", hr);
        session_spooler_put(session);
    }
    MAPIFreeBuffer(blob);
}

HRESULT session_compare_stores(struct session *session, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
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

void session_logoff_stores(struct session *session)
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

HRESULT WINAPI session_GetMsgStoresTable(IMAPISession *iface, ULONG flags, IMAPITable **table)
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

HRESULT WINAPI session_OpenMsgStore(IMAPISession *iface, ULONG_PTR ui, ULONG cb, ENTRYID *eid,
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

HRESULT WINAPI session_SetDefaultStore(IMAPISession *iface, ULONG flags, ULONG cb, ENTRYID *eid)
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

