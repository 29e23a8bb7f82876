/*
 * mapi32: the spooler's logon table: transports logged on and off
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One xp_entry per transport logon, in transport order.  An entry stays in
 * the table after its transport is logged off (routing skips it), so that
 * indices into the table do not change under the worker; a later logon of
 * the same transport (the spooler's ValidateState) gets a new entry.
 *
 * Logon: the provider object (XPProviderInit, version check, in
 * provider.c), a transport support object linked to the entry,
 * TransportLogon with LOGON_NO_INBOUND | LOGON_NO_OUTBOUND, AddressTypes,
 * then TransportNotify BEGIN_INBOUND and BEGIN_OUTBOUND.  The provider
 * keeps its own reference on the support object; the spooler lets go of
 * its creation reference at once, so that the provider's last release
 * starts the cascade (status row and UIDs removed, the provider's logon
 * count dropped, Shutdown).
 *
 * Logoff, as documented: TransportNotify ABORT_DEFERRED alone when
 * deferred messages remain, END_INBOUND | END_OUTBOUND, every AddressTypes
 * pointer discarded, then TransportLogoff; the spooler's reference on the
 * logon object is released afterwards, once no call into it runs.
 */

#include "spooler.h"

WINE_DEFAULT_DEBUG_CHANNEL(spooler);

/* ------------------------------------------------------------------------
 * Calls into a logon from any thread
 */

/* The spooler lock held: the logon to release now, if its release is due. */
static IXPLogon *xp_entry_take_logon(struct xp_entry *entry)
{
    IXPLogon *logon;

    if (entry->calls || !entry->release_logon) return NULL;
    logon = entry->logon;
    entry->logon = NULL;
    entry->release_logon = FALSE;
    return logon;
}

static void xp_logon_release(struct xp_entry *entry, IXPLogon *logon)
{
    BOOL faulted;
    ULONG refs = 0;

    TRACE("releasing the logon %p of %s.\n", logon, debugstr_a(entry->info.display_name));
    PROVIDER_CALL(entry->dll, faulted, refs = IXPLogon_Release(logon));
    if (faulted) ERR("the transport %s faulted in Release.\n", debugstr_a(entry->info.display_name));
    else if (refs) TRACE("the transport keeps %lu references on its logon.\n", refs);
}

IXPLogon *xp_entry_begin_call(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;
    IXPLogon *logon = NULL;

    EnterCriticalSection(&spooler->lock);
    if (entry->logon && !entry->release_logon
            && !(entry->state & (XP_CRITICAL_ERROR | XP_LOGGING_OFF | XP_LOGGED_OFF)))
    {
        entry->calls++;
        logon = entry->logon;
    }
    LeaveCriticalSection(&spooler->lock);
    return logon;
}

void xp_entry_end_call(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;
    IXPLogon *release;

    EnterCriticalSection(&spooler->lock);
    entry->calls--;
    release = xp_entry_take_logon(entry);
    LeaveCriticalSection(&spooler->lock);
    if (release) xp_logon_release(entry, release);
}

void xp_entry_release_logon(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;
    IXPLogon *release;

    EnterCriticalSection(&spooler->lock);
    if (entry->logon) entry->release_logon = TRUE;
    release = xp_entry_take_logon(entry);
    LeaveCriticalSection(&spooler->lock);
    if (release) xp_logon_release(entry, release);
}

struct xp_entry *spooler_find_entry(struct spooler *spooler, const void *row_owner)
{
    struct xp_entry *found = NULL;
    ULONG i;

    EnterCriticalSection(&spooler->lock);
    for (i = 0; i < spooler->entry_count && !found; i++)
    {
        struct xp_entry *entry = spooler->entries[i];

        if (entry->support == row_owner && !(entry->state & XP_SUPPORT_GONE)) found = entry;
    }
    if (found) xp_entry_addref(found);
    LeaveCriticalSection(&spooler->lock);
    return found;
}

/* ------------------------------------------------------------------------
 * Logon
 */

static struct xp_entry *xp_entry_create(struct spooler *spooler, const struct profile_provider *info, ULONG order,
        struct provider *provider)
{
    struct xp_entry *entry;

    if (!(entry = mapi_heap_alloc(sizeof(*entry)))) return NULL;
    memset(entry, 0, sizeof(*entry));
    entry->refs = 1;
    entry->spooler = spooler;
    entry->order = order;
    entry->info = *info;
    entry->provider = provider;
    entry->dll = provider_get_dll(provider);
    provider_dll_addref(entry->dll);
    xp_entry_link_init(entry);
    spooler_addref(spooler);
    return entry;
}

static void log_mapi_error(const struct profile_provider *info, HRESULT hr, MAPIERROR *error)
{
    if (!error) return;
    WARN("%s: TransportLogon %#lx, %s (%s, low-level error %#lx).\n", debugstr_a(info->display_name), hr,
            debugstr_a((const char *)error->lpszError), debugstr_a((const char *)error->lpszComponent),
            error->ulLowLevelError);
    MAPIFreeBuffer(error);
}

/* One TransportLogon of a transport, with a new entry and support object.
 * On failure the support object is handed back unreleased in *failed, so
 * that a retry can be made before the provider object loses its last
 * logon. */
static HRESULT xp_logon(struct spooler *spooler, const struct profile_provider *info, ULONG order,
        struct xp_entry **out, IMAPISupport **failed)
{
    struct support_params params;
    struct provider *provider;
    struct xp_entry *entry;
    IMAPISupport *support;
    IXPProvider *xpp;
    IXPLogon *logon = NULL;
    MAPIERROR *error = NULL;
    char name[PROFILE_NAME_MAX + 1];
    ULONG flags;
    BOOL faulted;
    HRESULT hr;

    *out = NULL;
    *failed = NULL;
    if (FAILED(hr = provider_get(spooler->host->providers, info->dll_name, PROVIDER_TRANSPORT, &provider)))
    {
        WARN("no transport provider object from %s, hr %#lx.\n", debugstr_a(info->dll_name), hr);
        return hr;
    }
    if (!(entry = xp_entry_create(spooler, info, order, provider))) return MAPI_E_NOT_ENOUGH_MEMORY;

    memset(&params, 0, sizeof(params));
    params.kind = SUPPORT_TRANSPORT;
    params.host = spooler->host;
    params.provider = provider;
    params.provider_uid = info->uid;
    params.service_uid = info->service_uid;
    params.info = &entry->info;
    params.link = &entry->link;
    if (FAILED(hr = support_create(&params, &support)))
    {
        xp_entry_release(entry);
        return hr;
    }
    entry->support = support;

    xpp = (IXPProvider *)provider_object(provider);
    lstrcpynA(name, profile_name(spooler->host->profile), sizeof(name));
    flags = LOGON_NO_DIALOG | LOGON_NO_INBOUND | LOGON_NO_OUTBOUND;
    PROVIDER_CALL(entry->dll, faulted, hr = IXPProvider_TransportLogon(xpp, support, 0, name, &flags, &error, &logon));
    if (faulted)
    {
        ERR("transport %s faulted in TransportLogon.\n", debugstr_a(info->display_name));
        hr = MAPI_E_CALL_FAILED;
        error = NULL;
        logon = NULL;
    }
    log_mapi_error(info, hr, error);
    if (SUCCEEDED(hr) && !logon)
    {
        WARN("%s: TransportLogon succeeded without a logon object.\n", debugstr_a(info->display_name));
        hr = MAPI_E_CALL_FAILED;
    }
    if (FAILED(hr))
    {
        TRACE("%s: TransportLogon failed, hr %#lx.\n", debugstr_a(info->display_name), hr);
        if (logon) PROVIDER_CALL(entry->dll, faulted, IXPLogon_Release(logon));
        *failed = support;
        xp_entry_release(entry);
        return hr;
    }

    TRACE("%s logged on: logon %p, flags %#lx.\n", debugstr_a(info->display_name), logon, flags);
    entry->logon = logon;
    entry->logon_flags = flags & (LOGON_SP_IDLE | LOGON_SP_POLL | LOGON_SP_RESOLVE);
    /* The provider holds its own reference now. */
    IMAPISupport_Release(support);
    if (entry->state & XP_SUPPORT_GONE)
        WARN("%s kept no reference on its support object.\n", debugstr_a(info->display_name));
    *out = entry;
    return S_OK;
}

/* One pass over the profile's transports.  The support objects of failed
 * logons are released at its end: until then they keep the provider
 * object of their DLL alive for the other transports of that DLL, which
 * share it. */
struct logon_pass
{
    IMAPISupport **failed;
    ULONG failed_count;
    MAPIUID *failed_services;
    ULONG failed_service_count;
};

static void logon_pass_keep(struct logon_pass *pass, IMAPISupport *support)
{
    if (support) pass->failed[pass->failed_count++] = support;
}

/* TransportLogon; MAPI_E_UNCONFIGURED runs the service's configuration
 * (no UI) and tries once more. */
static HRESULT xp_logon_configured(struct spooler *spooler, struct logon_pass *pass,
        const struct profile_provider *info, ULONG order, struct xp_entry **entry)
{
    IMAPISupport *failed;
    HRESULT hr, config_hr;

    hr = xp_logon(spooler, info, order, entry, &failed);
    logon_pass_keep(pass, failed);
    if (hr != MAPI_E_UNCONFIGURED) return hr;

    TRACE("%s is not configured: calling its service entry.\n", debugstr_a(info->display_name));
    config_hr = msgservice_call_entry(spooler->host->profile, &info->service_uid, 0, SERVICE_LOGON_FAILED,
            MSG_SERVICE_CONFIGURE, 0, NULL);
    if (FAILED(config_hr))
    {
        WARN("configuring %s failed, hr %#lx.\n", debugstr_a(info->service_name), config_hr);
        return hr;
    }
    hr = xp_logon(spooler, info, order, entry, &failed);
    logon_pass_keep(pass, failed);
    return hr;
}

/* The spooler lock held: the entry joins the table at its place in
 * transport order. */
static BOOL spooler_table_insert(struct spooler *spooler, struct xp_entry *entry)
{
    struct xp_entry **entries;
    ULONG i;

    if (!(entries = mapi_heap_realloc(spooler->entries, (spooler->entry_count + 1) * sizeof(*entries))))
        return FALSE;
    spooler->entries = entries;
    for (i = spooler->entry_count; i && entries[i - 1]->order > entry->order; i--) entries[i] = entries[i - 1];
    entries[i] = entry;
    spooler->entry_count++;
    return TRUE;
}

static HRESULT xp_notify(struct xp_entry *entry, IXPLogon *logon, ULONG flags, BOOL *faulted)
{
    void *data = NULL;
    HRESULT hr;

    /* The flags come back unchanged, as the reference requires; the
     * spooler does not look at them. */
    PROVIDER_CALL(entry->dll, *faulted, hr = IXPLogon_TransportNotify(logon, &flags, &data));
    if (*faulted) return MAPI_E_CALL_FAILED;
    if (FAILED(hr)) WARN("%s: TransportNotify returned %#lx.\n", debugstr_a(entry->info.display_name), hr);
    return hr;
}

/* BEGIN_INBOUND, then BEGIN_OUTBOUND.  Each state bit is set before its
 * notification (a NEWMAIL from inside it counts) and cleared again when
 * the transport refuses. */
static void xp_begin_traffic(struct spooler *spooler, struct xp_entry *entry)
{
    static const struct { ULONG notify, state; } steps[] =
    {
        { NOTIFY_BEGIN_INBOUND, XP_INBOUND },
        { NOTIFY_BEGIN_OUTBOUND, XP_OUTBOUND },
    };
    BOOL faulted = FALSE, started;
    IXPLogon *logon;
    HRESULT hr;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(steps) && !faulted; i++)
    {
        if (!(logon = xp_entry_begin_call(entry))) return;
        EnterCriticalSection(&spooler->lock);
        started = !(entry->state & XP_LOGGING_OFF);
        if (started) entry->state |= steps[i].state;
        LeaveCriticalSection(&spooler->lock);
        if (started)
        {
            hr = xp_notify(entry, logon, steps[i].notify, &faulted);
            if (FAILED(hr))
            {
                EnterCriticalSection(&spooler->lock);
                entry->state &= ~steps[i].state;
                LeaveCriticalSection(&spooler->lock);
            }
        }
        xp_entry_end_call(entry);
    }
    if (faulted)
    {
        xp_entry_fault(entry, "TransportNotify");
        return;
    }
    xp_status_row_ensure(entry);
    EnterCriticalSection(&spooler->lock);
    spooler->queue_changed = TRUE;
    LeaveCriticalSection(&spooler->lock);
}

HRESULT spooler_read_address_types(struct spooler *spooler, struct xp_entry *entry)
{
    ULONG flags = 0, type_count = 0, uid_count = 0;
    LPSTR *types = NULL;
    MAPIUID **uids = NULL;
    IXPLogon *logon;
    BOOL faulted, kept = FALSE;
    HRESULT hr;

    TRACE("%p, %p.\n", spooler, entry);

    if (!(logon = xp_entry_begin_call(entry))) return MAPI_E_INVALID_OBJECT;

    /* The arrays of the previous call stop being valid when the provider
     * answers again: nobody reads them from now on. */
    EnterCriticalSection(&spooler->lock);
    entry->types_valid = FALSE;
    entry->type_flags = 0;
    entry->type_count = 0;
    entry->types = NULL;
    entry->uid_count = 0;
    entry->uids = NULL;
    LeaveCriticalSection(&spooler->lock);

    PROVIDER_CALL(entry->dll, faulted,
            hr = IXPLogon_AddressTypes(logon, &flags, &type_count, &types, &uid_count, &uids));
    xp_entry_end_call(entry);
    if (faulted)
    {
        xp_entry_fault(entry, "AddressTypes");
        return MAPI_E_CALL_FAILED;
    }
    if (FAILED(hr))
    {
        WARN("%s: AddressTypes returned %#lx; no mail is routed to it.\n", debugstr_a(entry->info.display_name), hr);
        return hr;
    }
    if (!types) type_count = 0;
    if (!uids) uid_count = 0;

    EnterCriticalSection(&spooler->lock);
    if (!(entry->state & (XP_LOGGING_OFF | XP_LOGGED_OFF | XP_CRITICAL_ERROR)))
    {
        entry->type_flags = flags;
        entry->type_count = type_count;
        entry->types = types;
        entry->uid_count = uid_count;
        entry->uids = uids;
        entry->types_valid = TRUE;
        spooler->queue_changed = TRUE;
        kept = TRUE;
    }
    LeaveCriticalSection(&spooler->lock);

    TRACE("%s: %lu address types%s, %lu UIDs%s.\n", debugstr_a(entry->info.display_name), type_count,
            types ? "" : " (every type)", uid_count, kept ? "" : "; the transport is logging off");
    spooler_wake(spooler);
    return S_OK;
}

/* Whether the provider section has a transport in the table that is on. */
static BOOL spooler_has_live_entry(struct spooler *spooler, const MAPIUID *uid)
{
    BOOL found = FALSE;
    ULONG i;

    EnterCriticalSection(&spooler->lock);
    for (i = 0; i < spooler->entry_count && !found; i++)
    {
        const struct xp_entry *entry = spooler->entries[i];

        found = !memcmp(&entry->info.uid, uid, sizeof(*uid))
                && !(entry->state & (XP_CRITICAL_ERROR | XP_LOGGING_OFF | XP_LOGGED_OFF));
    }
    LeaveCriticalSection(&spooler->lock);
    return found;
}

static BOOL uid_listed(const MAPIUID *list, ULONG count, const MAPIUID *uid)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (!memcmp(&list[i], uid, sizeof(*uid))) return TRUE;
    return FALSE;
}

/* One transport: logged on, in the table, asked for its address types
 * and started. */
static HRESULT spooler_logon_transport(struct spooler *spooler, struct logon_pass *pass,
        const struct profile_provider *info, ULONG order)
{
    struct xp_entry *entry;
    BOOL stopping, inserted;
    HRESULT hr;

    if (FAILED(hr = xp_logon_configured(spooler, pass, info, order, &entry))) return hr;

    EnterCriticalSection(&spooler->lock);
    stopping = spooler->stopping;
    inserted = spooler_table_insert(spooler, entry);
    LeaveCriticalSection(&spooler->lock);
    if (!inserted)
    {
        /* Not in the table: logged off here and now. */
        spooler_logoff_transport(spooler, entry, FALSE);
        xp_entry_release_logon(entry);
        xp_entry_release(entry);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* A stopping spooler logs it off with the others. */
    if (stopping) return S_OK;

    /* A transport whose AddressTypes failed takes no mail but may still
     * receive; after a fault nothing more is called. */
    spooler_read_address_types(spooler, entry);
    xp_begin_traffic(spooler, entry);
    return S_OK;
}

HRESULT spooler_logon_transports(struct spooler *spooler)
{
    struct profile_provider *infos;
    struct logon_pass pass = {0};
    ULONG count, i;
    HRESULT hr;

    TRACE("%p.\n", spooler);

    hr = profile_providers(spooler->host->profile, MAPI_TRANSPORT_PROVIDER, &count, &infos);
    if (hr == MAPI_E_NOT_FOUND)
    {
        TRACE("the profile has no transports.\n");
        return S_OK;
    }
    if (FAILED(hr))
    {
        ERR("the profile's transports could not be read, hr %#lx.\n", hr);
        return hr;
    }
    pass.failed_services = mapi_heap_alloc(max(count, 1) * sizeof(*pass.failed_services));
    pass.failed = mapi_heap_alloc(max(count, 1) * 2 * sizeof(*pass.failed));
    if (!pass.failed_services || !pass.failed)
    {
        mapi_heap_free(pass.failed_services);
        mapi_heap_free(pass.failed);
        mapi_heap_free(infos);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    for (i = 0; i < count; i++)
    {
        const struct profile_provider *info = &infos[i];

        EnterCriticalSection(&spooler->lock);
        hr = spooler->stopping ? MAPI_E_END_OF_SESSION : S_OK;
        LeaveCriticalSection(&spooler->lock);
        if (hr == MAPI_E_END_OF_SESSION) break;

        if (uid_listed(pass.failed_services, pass.failed_service_count, &info->service_uid))
        {
            TRACE("%s: its message service is disabled for this session.\n", debugstr_a(info->display_name));
            continue;
        }
        if (spooler_has_live_entry(spooler, &info->uid)) continue;

        hr = spooler_logon_transport(spooler, &pass, info, i);
        if (SUCCEEDED(hr)) continue;
        if (hr == MAPI_E_FAILONEPROVIDER)
        {
            WARN("%s is disabled for this session.\n", debugstr_a(info->display_name));
            continue;
        }
        WARN("%s failed to log on, hr %#lx: the transports of %s are disabled for this session.\n",
                debugstr_a(info->display_name), hr, debugstr_a(info->service_name));
        pass.failed_services[pass.failed_service_count++] = info->service_uid;
    }

    for (i = 0; i < pass.failed_count; i++) IMAPISupport_Release(pass.failed[i]);
    mapi_heap_free(pass.failed);
    mapi_heap_free(pass.failed_services);
    mapi_heap_free(infos);
    return S_OK;
}

/* ------------------------------------------------------------------------
 * Logoff
 */

void spooler_logoff_transport(struct spooler *spooler, struct xp_entry *entry, BOOL abort_deferred)
{
    ULONG notify = 0, state;
    IXPLogon *logon, *release;
    BOOL faulted = FALSE;
    HRESULT hr;

    TRACE("%p, %p (%s), %d.\n", spooler, entry, debugstr_a(entry->info.display_name), abort_deferred);

    EnterCriticalSection(&spooler->lock);
    state = entry->state;
    if (state & (XP_LOGGING_OFF | XP_LOGGED_OFF))
    {
        LeaveCriticalSection(&spooler->lock);
        return;
    }
    entry->state |= XP_LOGGING_OFF;
    if (!(logon = entry->logon))
    {
        entry->state |= XP_LOGGED_OFF;
        LeaveCriticalSection(&spooler->lock);
        return;
    }
    if (state & XP_INBOUND) notify |= NOTIFY_END_INBOUND;
    if (state & XP_OUTBOUND) notify |= NOTIFY_END_OUTBOUND;
    entry->state &= ~(XP_INBOUND | XP_OUTBOUND | XP_WANTS_POLL | XP_CONFIG_CHANGED);
    /* The logoff's own use of the logon: its release waits for the end. */
    entry->calls++;
    xp_entry_addref(entry);
    LeaveCriticalSection(&spooler->lock);

    if (abort_deferred && (state & XP_OUTBOUND)) xp_notify(entry, logon, NOTIFY_ABORT_DEFERRED, &faulted);
    if (notify && !faulted) xp_notify(entry, logon, notify, &faulted);
    if (faulted)
        ERR("transport %s faulted in TransportNotify during its logoff.\n", debugstr_a(entry->info.display_name));

    /* From here on nothing reads what AddressTypes gave. */
    EnterCriticalSection(&spooler->lock);
    entry->types_valid = FALSE;
    entry->type_flags = 0;
    entry->type_count = 0;
    entry->types = NULL;
    entry->uid_count = 0;
    entry->uids = NULL;
    LeaveCriticalSection(&spooler->lock);

    PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_TransportLogoff(logon, 0));
    if (faulted)
    {
        ERR("transport %s faulted in TransportLogoff.\n", debugstr_a(entry->info.display_name));
        xp_status_row_failure(entry);
    }
    else if (FAILED(hr)) WARN("%s: TransportLogoff returned %#lx.\n", debugstr_a(entry->info.display_name), hr);
    TRACE("%s is logged off.\n", debugstr_a(entry->info.display_name));

    EnterCriticalSection(&spooler->lock);
    entry->state |= XP_LOGGED_OFF;
    entry->calls--;
    release = xp_entry_take_logon(entry);
    spooler->queue_changed = TRUE;
    LeaveCriticalSection(&spooler->lock);
    if (release) xp_logon_release(entry, release);
    spooler_wake(spooler);
    xp_entry_release(entry);
}

void spooler_logoff_transports(struct spooler *spooler)
{
    struct xp_entry **entries;
    ULONG count, i;

    TRACE("%p.\n", spooler);

    EnterCriticalSection(&spooler->lock);
    count = spooler->entry_count;
    if ((entries = mapi_heap_alloc(max(count, 1) * sizeof(*entries))))
    {
        for (i = 0; i < count; i++)
        {
            entries[i] = spooler->entries[i];
            xp_entry_addref(entries[i]);
        }
    }
    LeaveCriticalSection(&spooler->lock);
    if (!entries)
    {
        ERR("out of memory: the transports are not logged off.\n");
        return;
    }

    for (i = 0; i < count; i++)
    {
        spooler_logoff_transport(spooler, entries[i], spooler_entry_has_deferred(spooler, entries[i]));
        xp_entry_release(entries[i]);
    }
    mapi_heap_free(entries);
}
