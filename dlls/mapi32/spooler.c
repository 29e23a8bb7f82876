/*
 * mapi32: the spooler: its worker thread, what providers tell it, its stop
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One spooler per mail-enabled session (spooler_start, spooler_stop).  Its
 * worker thread logs the profile's transports on (spoolerlogon.c), logs on
 * to the default store once the session has it (spooler_store_ready), and
 * then waits on its wake event: notifications from providers (on any
 * thread) only record state under the lock and set the event; the worker
 * does the calls into transports: outbound (spoolerout.c), inbound
 * (spoolerin.c), AddressTypes after CONFIG_CHANGE, the logoff after
 * CRITICAL_ERROR or a fault, FlushQueues and ValidateState for the
 * status objects, and Idle when nothing else waits.
 *
 * The poll interval of transports that asked for Poll (LOGON_SP_POLL) is
 * PR_SPOOLER_POLL_INTERVAL, a PT_LONG number of seconds in the profile's
 * global section (pbGlobalProfileSectionGuid,
 * 13dbb0c8aa05101a9bb000aa002fc45a), property 0x6620; 60 when absent or
 * not positive.  It is read when the session logs on.
 */

#include "spooler.h"

WINE_DEFAULT_DEBUG_CHANNEL(spooler);

#define PR_SPOOLER_POLL_INTERVAL    PROP_TAG(PT_LONG, 0x6620)
#define SPOOLER_POLL_DEFAULT        60          /* seconds */
#define SPOOLER_POLL_MAX            86400       /* seconds */
#define SPOOLER_IDLE_PERIOD         10000       /* ms between two rounds of Idle calls */
#define SPOOLER_MIN_WAIT            20          /* ms, when a deadline has passed but nothing was done for it */

static const MAPIUID global_section_uid =
    {{0x13, 0xdb, 0xb0, 0xc8, 0xaa, 0x05, 0x10, 0x1a, 0x9b, 0xb0, 0x00, 0xaa, 0x00, 0x2f, 0xc4, 0x5a}};

enum request_kind { REQUEST_FLUSH, REQUEST_VALIDATE };

/* A FlushQueues or ValidateState for the worker.  Made by the caller; the
 * worker frees an asynchronous one, a waiting caller frees its own. */
struct spooler_request
{
    struct spooler_request *next;
    enum request_kind kind;
    ULONG flags;
    struct xp_entry *target;        /* referenced; NULL: every transport */
    HANDLE done;                    /* NULL: nobody waits */
    HRESULT hr;
};

/* The outgoing queue's advise sink.  Made at the spooler's store logon;
 * the queue table holds it; detached from the spooler at its stop. */
struct queue_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    SRWLOCK lock;
    struct spooler *spooler;        /* NULL once detached */
};

/* ------------------------------------------------------------------------
 * References
 */

static void spooler_free(struct spooler *spooler)
{
    TRACE("freeing spooler %p.\n", spooler);

    mapi_heap_free(spooler->entries);
    mapi_heap_free(spooler->store_blob);
    if (spooler->wake) CloseHandle(spooler->wake);
    spooler->lock.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&spooler->lock);
    mapi_heap_free(spooler);
}

void spooler_addref(struct spooler *spooler)
{
    InterlockedIncrement(&spooler->refs);
}

void spooler_release(struct spooler *spooler)
{
    if (!InterlockedDecrement(&spooler->refs)) spooler_free(spooler);
}

void xp_entry_addref(struct xp_entry *entry)
{
    InterlockedIncrement(&entry->refs);
}

void xp_entry_release(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;

    if (InterlockedDecrement(&entry->refs)) return;

    TRACE("freeing the entry %p of %s.\n", entry, debugstr_a(entry->info.display_name));
    if (entry->logon) ERR("entry %p still holds its logon %p.\n", entry, entry->logon);
    if (entry->dll) provider_dll_release(entry->dll);
    mapi_heap_free(entry);
    spooler_release(spooler);
}

void spooler_wake(struct spooler *spooler)
{
    SetEvent(spooler->wake);
}

/* ------------------------------------------------------------------------
 * What a transport's support object reports (struct xp_link)
 */

#define XP_NOTIFY_FLAGS (NOTIFY_NEWMAIL | NOTIFY_READYTOSEND | NOTIFY_SENTDEFERRED | NOTIFY_CRITSEC \
        | NOTIFY_NONCRIT | NOTIFY_CONFIG_CHANGE | NOTIFY_CRITICAL_ERROR)

static void link_addref(void *context)
{
    xp_entry_addref(context);
}

static void link_release(void *context)
{
    xp_entry_release(context);
}

static HRESULT link_spooler_notify(void *context, ULONG flags, void *data)
{
    struct xp_entry *entry = context;
    struct spooler *spooler = entry->spooler;
    const SBinary *deferred = data;
    BOOL critical = FALSE;
    HRESULT hr = S_OK;

    TRACE("%p (%s), %#lx, %p.\n", entry, debugstr_a(entry->info.display_name), flags, data);

    /* NEWMAIL_RECEIVED is the stores' own; SENTDEFERRED and CRITICAL_ERROR
     * both use data, so they never come together; neither do CRITSEC and
     * NONCRIT. */
    if (flags & NOTIFY_NEWMAIL_RECEIVED) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~XP_NOTIFY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & NOTIFY_SENTDEFERRED) && (flags & NOTIFY_CRITICAL_ERROR)) return MAPI_E_INVALID_PARAMETER;
    if ((flags & NOTIFY_CRITSEC) && (flags & NOTIFY_NONCRIT)) return MAPI_E_INVALID_PARAMETER;
    if ((flags & NOTIFY_SENTDEFERRED) && (!deferred || !deferred->cb || !deferred->lpb))
        return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&spooler->lock);
    if (spooler->stopped || (entry->state & XP_LOGGED_OFF))
    {
        LeaveCriticalSection(&spooler->lock);
        TRACE("the transport is logged off; notification %#lx ignored.\n", flags);
        return S_OK;
    }
    if (flags & NOTIFY_CRITSEC) entry->state |= XP_CRITSEC;
    /* Polls held back by the critical section are made up for at once. */
    if (flags & NOTIFY_NONCRIT)
    {
        entry->state &= ~XP_CRITSEC;
        if (entry->logon_flags & LOGON_SP_POLL) entry->state |= XP_WANTS_POLL;
    }
    if ((flags & NOTIFY_NEWMAIL) && !(entry->state & XP_LOGGING_OFF)) entry->state |= XP_WANTS_POLL;
    /* A transport that recovered is ready again: its retry wait ends. */
    if (flags & NOTIFY_READYTOSEND)
    {
        entry->retry_at = 0;
        spooler->queue_changed = TRUE;
    }
    if (flags & NOTIFY_CONFIG_CHANGE) entry->state |= XP_CONFIG_CHANGED;
    if (flags & NOTIFY_CRITICAL_ERROR)
    {
        critical = !(entry->state & XP_CRITICAL_ERROR);
        entry->state |= XP_CRITICAL_ERROR;
    }
    LeaveCriticalSection(&spooler->lock);

    if (critical)
    {
        WARN("transport %s reported a critical error; it is logged off.\n", debugstr_a(entry->info.display_name));
        xp_status_row_failure(entry);
    }
    if (flags & NOTIFY_SENTDEFERRED)
        hr = spooler_sent_deferred(spooler, deferred->cb, (const ENTRYID *)deferred->lpb);
    if (flags != NOTIFY_CRITSEC) spooler_wake(spooler);
    return hr;
}

static HRESULT link_spooler_yield(void *context)
{
    struct xp_entry *entry = context;
    struct spooler *spooler = entry->spooler;
    BOOL cancel;

    TRACE("%p.\n", entry);

    /* A message the client aborted, and any work while the spooler or
     * this transport is being stopped, is cancelled; the message stays
     * queued. */
    EnterCriticalSection(&spooler->lock);
    cancel = entry->cancel_current || spooler->stopping
            || (entry->state & (XP_LOGGING_OFF | XP_LOGGED_OFF | XP_CRITICAL_ERROR));
    LeaveCriticalSection(&spooler->lock);
    if (cancel) TRACE("telling %s to cancel.\n", debugstr_a(entry->info.display_name));
    return cancel ? MAPI_W_CANCEL_MESSAGE : S_OK;
}

static HRESULT link_status_recips(void *context, IMessage *message, ADRLIST *list)
{
    struct xp_entry *entry = context;

    TRACE("%p, %p, %p.\n", entry, message, list);

    if (!message || !list) return MAPI_E_INVALID_PARAMETER;
    return spooler_report_recipients(entry->spooler, message, list);
}

static HRESULT link_register_preprocessor(void *context, const MAPIUID *uid, const char *adrtype, const char *dll,
        const char *preprocess, const char *remove, ULONG flags)
{
    FIXME("%p, %p, %s, %s, %s, %s, %#lx: message preprocessors are not hosted yet.\n", context, uid,
            debugstr_a(adrtype), debugstr_a(dll), debugstr_a(preprocess), debugstr_a(remove), flags);
    return MAPI_E_NO_SUPPORT;
}

static void link_support_released(void *context)
{
    struct xp_entry *entry = context;
    struct spooler *spooler = entry->spooler;

    TRACE("%p: the support object of %s is gone.\n", entry, debugstr_a(entry->info.display_name));

    EnterCriticalSection(&spooler->lock);
    entry->state |= XP_SUPPORT_GONE;
    entry->support = NULL;
    entry->provider = NULL;
    LeaveCriticalSection(&spooler->lock);
}

void xp_entry_link_init(struct xp_entry *entry)
{
    entry->link.entry = entry;
    entry->link.link_addref = link_addref;
    entry->link.link_release = link_release;
    entry->link.spooler_notify = link_spooler_notify;
    entry->link.spooler_yield = link_spooler_yield;
    entry->link.status_recips = link_status_recips;
    entry->link.register_preprocessor = link_register_preprocessor;
    entry->link.support_released = link_support_released;
}

void xp_entry_fault(struct xp_entry *entry, const char *method)
{
    struct spooler *spooler = entry->spooler;
    BOOL first;

    ERR("transport %s faulted in %s; it is logged off.\n", debugstr_a(entry->info.display_name), method);

    EnterCriticalSection(&spooler->lock);
    first = !(entry->state & XP_CRITICAL_ERROR);
    entry->state |= XP_CRITICAL_ERROR;
    LeaveCriticalSection(&spooler->lock);
    if (first) xp_status_row_failure(entry);
    spooler_wake(spooler);
}

/* ------------------------------------------------------------------------
 * The store's side
 */

static inline struct queue_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct queue_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI queue_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIAdviseSink))
    {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI queue_sink_AddRef(IMAPIAdviseSink *iface)
{
    struct queue_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG refcount = InterlockedIncrement(&sink->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI queue_sink_Release(IMAPIAdviseSink *iface)
{
    struct queue_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG refcount = InterlockedDecrement(&sink->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);

    if (!refcount) mapi_heap_free(sink);
    return refcount;
}

/* Any change makes the worker read the queue again; a row that left it
 * may be a message the client aborted while a transport has it. */
static HRESULT WINAPI queue_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct queue_sink *sink = impl_from_IMAPIAdviseSink(iface);
    struct spooler *spooler;
    ULONG i;

    TRACE("%p, %lu, %p.\n", iface, count, notifications);

    AcquireSRWLockShared(&sink->lock);
    if ((spooler = sink->spooler))
    {
        for (i = 0; notifications && i < count; i++)
        {
            const TABLE_NOTIFICATION *table = &notifications[i].info.tab;

            if (notifications[i].ulEventType != fnevTableModified || table->ulTableEvent != TABLE_ROW_DELETED) continue;
            if (PROP_TYPE(table->propIndex.ulPropTag) != PT_BINARY) continue;
            spooler_queue_row_deleted(spooler, &table->propIndex.Value.bin);
        }
        EnterCriticalSection(&spooler->lock);
        spooler->queue_changed = TRUE;
        LeaveCriticalSection(&spooler->lock);
        spooler_wake(spooler);
    }
    ReleaseSRWLockShared(&sink->lock);
    return 0;
}

static const IMAPIAdviseSinkVtbl queue_sink_vtbl =
{
    queue_sink_QueryInterface,
    queue_sink_AddRef,
    queue_sink_Release,
    queue_sink_OnNotify,
};

static struct queue_sink *queue_sink_create(struct spooler *spooler)
{
    struct queue_sink *sink;

    if (!(sink = mapi_heap_alloc(sizeof(*sink)))) return NULL;
    sink->IMAPIAdviseSink_iface.lpVtbl = &queue_sink_vtbl;
    sink->refcount = 1;
    InitializeSRWLock(&sink->lock);
    sink->spooler = spooler;
    return sink;
}

static void queue_sink_detach(struct queue_sink *sink)
{
    AcquireSRWLockExclusive(&sink->lock);
    sink->spooler = NULL;
    ReleaseSRWLockExclusive(&sink->lock);
}

HRESULT spooler_store_ready(struct spooler *spooler, struct provider *provider, const struct profile_provider *info,
        ULONG cb_blob, const BYTE *blob)
{
    struct support_params params;
    IMAPISupport *support;
    BYTE *copy = NULL;
    BOOL taken = FALSE;
    HRESULT hr;

    TRACE("%p, %p, %p, %lu, %p.\n", spooler, provider, info, cb_blob, blob);

    if (!spooler || !provider || !info || (cb_blob && !blob)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&spooler->lock);
    if (spooler->stopping) hr = MAPI_E_END_OF_SESSION;
    else hr = spooler->store_support ? S_FALSE : S_OK;
    LeaveCriticalSection(&spooler->lock);
    if (hr == S_FALSE) TRACE("the spooler already has its store.\n");
    if (hr != S_OK) return hr == S_FALSE ? S_OK : hr;

    if (cb_blob)
    {
        if (!(copy = mapi_heap_alloc(cb_blob))) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(copy, blob, cb_blob);
    }

    /* The support object counts a logon of the store's provider object
     * from now on, which keeps it alive for the worker. */
    memset(&params, 0, sizeof(params));
    params.kind = SUPPORT_STORE;
    params.host = spooler->host;
    params.provider = provider;
    params.provider_uid = info->uid;
    params.service_uid = info->service_uid;
    params.info = info;
    if (FAILED(hr = support_create(&params, &support)))
    {
        mapi_heap_free(copy);
        return hr;
    }

    EnterCriticalSection(&spooler->lock);
    if (!spooler->stopping && !spooler->store_support)
    {
        spooler->store_support = support;
        spooler->store_provider = provider;
        spooler->store_info = *info;
        spooler->store_blob = copy;
        spooler->cb_store_blob = cb_blob;
        spooler->store_pending = TRUE;
        taken = TRUE;
    }
    LeaveCriticalSection(&spooler->lock);

    if (!taken)
    {
        IMAPISupport_Release(support);
        mapi_heap_free(copy);
        return S_OK;
    }
    spooler_wake(spooler);
    return S_OK;
}

/* The store's entry ID as its provider knows it, from the profile section
 * (where the session keeps it wrapped); NULL when there is none yet. */
static ENTRYID *store_inner_entry_id(struct spooler *spooler, ULONG *cb)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_ENTRYID}};
    const ENTRYID *inner;
    ENTRYID *copy = NULL;
    SPropValue *props;
    char dll[MAX_PATH];
    ULONG count, cb_inner;

    *cb = 0;
    if (FAILED(profile_get_props(spooler->host->profile, &spooler->store_info.uid, (const SPropTagArray *)&tags,
            &count, &props)))
        return NULL;
    if (count && props[0].ulPropTag == PR_ENTRYID
            && SUCCEEDED(entryid_unwrap_store(props[0].Value.bin.cb, (ENTRYID *)props[0].Value.bin.lpb, dll,
                    sizeof(dll), &cb_inner, &inner))
            && (copy = mapi_heap_alloc(cb_inner)))
    {
        memcpy(copy, inner, cb_inner);
        *cb = cb_inner;
    }
    MAPIFreeBuffer(props);
    return copy;
}

/* The worker's logon to the store: IMSProvider::SpoolerLogon with a
 * support object of its own, then the outgoing queue and its advise.  A
 * failure is logged; the spooler goes on without a store. */
static void spooler_store_logon(struct spooler *spooler)
{
    struct provider_dll *dll;
    struct queue_sink *sink;
    IMAPISupport *support;
    IMSProvider *msp;
    IMSLogon *logon = NULL;
    IMsgStore *mdb = NULL;
    IMAPITable *queue = NULL;
    MAPIERROR *error = NULL;
    ENTRYID *eid;
    ULONG cb_eid, connection = 0;
    char name[PROFILE_NAME_MAX + 1];
    BOOL faulted;
    HRESULT hr;

    EnterCriticalSection(&spooler->lock);
    if (!spooler->store_pending)
    {
        LeaveCriticalSection(&spooler->lock);
        return;
    }
    spooler->store_pending = FALSE;
    support = spooler->store_support;
    LeaveCriticalSection(&spooler->lock);

    TRACE("spooler %p: logging on to the store %s.\n", spooler, debugstr_a(spooler->store_info.display_name));

    msp = (IMSProvider *)provider_object(spooler->store_provider);
    dll = provider_get_dll(spooler->store_provider);
    lstrcpynA(name, profile_name(spooler->host->profile), sizeof(name));
    eid = store_inner_entry_id(spooler, &cb_eid);
    PROVIDER_CALL(dll, faulted, hr = IMSProvider_SpoolerLogon(msp, support, 0, name, cb_eid, eid,
            MDB_NO_DIALOG | MDB_WRITE, NULL, spooler->cb_store_blob, spooler->store_blob, &error, &logon, &mdb));
    mapi_heap_free(eid);
    if (faulted)
    {
        ERR("store provider %s faulted in SpoolerLogon.\n", debugstr_a(spooler->store_info.dll_name));
        hr = MAPI_E_CALL_FAILED;
        error = NULL;
        logon = NULL;
        mdb = NULL;
    }
    if (error)
    {
        WARN("SpoolerLogon: %s.\n", debugstr_a((const char *)error->lpszError));
        MAPIFreeBuffer(error);
    }
    if (FAILED(hr) || !mdb)
    {
        ERR("the spooler could not log on to its store, hr %#lx; no mail is sent or received.\n", hr);
        if (logon) PROVIDER_CALL(dll, faulted, IMSLogon_Release(logon));
        if (mdb) PROVIDER_CALL(dll, faulted, IMsgStore_Release(mdb));
        return;
    }
    if (logon)
    {
        support_set_logon(support, (IUnknown *)logon);
        PROVIDER_CALL(dll, faulted, IMSLogon_Release(logon));
    }
    else TRACE("the store was open for the spooler already.\n");

    sink = queue_sink_create(spooler);
    PROVIDER_CALL(dll, faulted, hr = IMsgStore_GetOutgoingQueue(mdb, 0, &queue));
    if (faulted || FAILED(hr) || !queue)
    {
        ERR("the store gave no outgoing queue, hr %#lx; no mail is sent.\n", faulted ? MAPI_E_CALL_FAILED : hr);
        queue = NULL;
    }
    else if (sink)
    {
        PROVIDER_CALL(dll, faulted, hr = IMAPITable_Advise(queue, fnevTableModified, &sink->IMAPIAdviseSink_iface,
                &connection));
        if (faulted || FAILED(hr))
        {
            WARN("no notifications from the outgoing queue, hr %#lx.\n", faulted ? MAPI_E_CALL_FAILED : hr);
            connection = 0;
        }
    }
    if (sink && !connection)
    {
        queue_sink_detach(sink);
        IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
        sink = NULL;
    }

    EnterCriticalSection(&spooler->lock);
    spooler->store = mdb;
    spooler->queue = queue;
    spooler->queue_connection = connection;
    spooler->queue_sink = sink;
    spooler->queue_changed = TRUE;
    LeaveCriticalSection(&spooler->lock);
}

/* The end of the spooler's store logon, after the worker is gone. */
static void spooler_store_logoff(struct spooler *spooler)
{
    struct queue_sink *sink = spooler->queue_sink;
    IMAPISupport *support = spooler->store_support;
    struct provider_dll *dll;
    BOOL faulted;
    HRESULT hr;

    if (!support) return;
    dll = provider_get_dll(spooler->store_provider);
    if (sink) queue_sink_detach(sink);
    if (spooler->queue && spooler->queue_connection)
    {
        PROVIDER_CALL(dll, faulted, IMAPITable_Unadvise(spooler->queue, spooler->queue_connection));
        if (faulted) ERR("the store faulted in the queue's Unadvise.\n");
    }
    if (spooler->queue)
    {
        PROVIDER_CALL(dll, faulted, IMAPITable_Release(spooler->queue));
        if (faulted) ERR("the store faulted in the queue's Release.\n");
    }
    if (sink) IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    if (spooler->store)
    {
        PROVIDER_CALL(dll, faulted, IMsgStore_Release(spooler->store));
        if (faulted) ERR("the store faulted in Release.\n");
    }

    EnterCriticalSection(&spooler->lock);
    spooler->queue = NULL;
    spooler->queue_connection = 0;
    spooler->queue_sink = NULL;
    spooler->store = NULL;
    spooler->store_support = NULL;
    spooler->store_provider = NULL;
    LeaveCriticalSection(&spooler->lock);

    if (FAILED(hr = support_logoff(support, 0))) WARN("the store's logoff failed, hr %#lx.\n", hr);
    IMAPISupport_Release(support);
}

HRESULT spooler_store_notify(struct spooler *spooler, ULONG flags, void *data)
{
    TRACE("%p, %#lx, %p.\n", spooler, flags, data);

    if (!spooler) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(NOTIFY_READYTOSEND | NOTIFY_NEWMAIL_RECEIVED)) return MAPI_E_INVALID_PARAMETER;

    if (flags & NOTIFY_NEWMAIL_RECEIVED)
        TRACE("new mail in the store: no hook providers are hosted, so there is nothing to run.\n");
    if (flags & NOTIFY_READYTOSEND)
    {
        EnterCriticalSection(&spooler->lock);
        spooler->queue_changed = TRUE;
        LeaveCriticalSection(&spooler->lock);
        spooler_wake(spooler);
    }
    return S_OK;
}

/* ------------------------------------------------------------------------
 * FlushQueues and ValidateState
 */

static void request_finish(struct spooler_request *request, HRESULT hr)
{
    struct xp_entry *target = request->target;

    request->hr = hr;
    if (request->done) SetEvent(request->done);
    else mapi_heap_free(request);
    if (target) xp_entry_release(target);
}

static HRESULT spooler_post_request(struct spooler *spooler, enum request_kind kind, struct xp_entry *target,
        ULONG flags, BOOL wait)
{
    struct spooler_request *request, **last;
    HRESULT hr;

    if (wait && GetCurrentThreadId() == spooler->thread_id) wait = FALSE;
    if (!(request = mapi_heap_alloc(sizeof(*request)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(request, 0, sizeof(*request));
    request->kind = kind;
    request->flags = flags;
    request->target = target;
    if (wait && !(request->done = CreateEventW(NULL, TRUE, FALSE, NULL)))
    {
        mapi_heap_free(request);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    EnterCriticalSection(&spooler->lock);
    if (spooler->stopping)
    {
        LeaveCriticalSection(&spooler->lock);
        if (request->done) CloseHandle(request->done);
        mapi_heap_free(request);
        return MAPI_E_END_OF_SESSION;
    }
    if (target) xp_entry_addref(target);
    for (last = &spooler->requests; *last; last = &(*last)->next) ;
    *last = request;
    LeaveCriticalSection(&spooler->lock);
    spooler_wake(spooler);

    if (!wait) return S_OK;
    WaitForSingleObject(request->done, INFINITE);
    hr = request->hr;
    CloseHandle(request->done);
    mapi_heap_free(request);
    return hr;
}

#define FLUSH_KNOWN_FLAGS (FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI | FLUSH_ASYNC_OK)
#define VALIDATE_KNOWN_FLAGS (SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT \
        | FORCE_XP_DISCONNECT | CONFIG_CHANGED | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI)

HRESULT spooler_request_flush(struct spooler *spooler, struct xp_entry *target, ULONG flags, BOOL wait)
{
    if (flags & ~FLUSH_KNOWN_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    return spooler_post_request(spooler, REQUEST_FLUSH, target, flags, wait);
}

HRESULT spooler_request_validate(struct spooler *spooler, ULONG flags, BOOL wait)
{
    if (flags & ~VALIDATE_KNOWN_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    return spooler_post_request(spooler, REQUEST_VALIDATE, NULL, flags, wait);
}

HRESULT spooler_flush_queues(struct spooler *spooler, ULONG flags)
{
    TRACE("%p, %#lx.\n", spooler, flags);

    if (!spooler) return MAPI_E_INVALID_PARAMETER;
    /* Synchronous unless the caller allows otherwise, as documented. */
    return spooler_request_flush(spooler, NULL, flags, !(flags & FLUSH_ASYNC_OK));
}

HRESULT spooler_validate_state(struct spooler *spooler, ULONG flags)
{
    TRACE("%p, %#lx.\n", spooler, flags);

    if (!spooler) return MAPI_E_INVALID_PARAMETER;
    return spooler_request_validate(spooler, flags, TRUE);
}

/* PR_STATUS_CODE of a transport's row, 0 when it has none. */
static ULONG xp_status_code(struct xp_entry *entry)
{
    struct spooler *spooler = entry->spooler;
    const SPropValue *code;
    SPropValue *props;
    const void *owner;
    ULONG count, value = 0;

    EnterCriticalSection(&spooler->lock);
    owner = (entry->state & XP_SUPPORT_GONE) ? NULL : entry->support;
    LeaveCriticalSection(&spooler->lock);
    if (!owner || FAILED(status_row_get(spooler->host->status, owner, &count, &props))) return 0;
    if ((code = PpropFindProp(props, count, PR_STATUS_CODE))) value = code->Value.l;
    MAPIFreeBuffer(props);
    return value;
}

static void xp_notify_flush_end(struct xp_entry *entry, ULONG flags)
{
    IXPLogon *logon;
    void *data = NULL;
    BOOL faulted;

    if (!(logon = xp_entry_begin_call(entry))) return;
    PROVIDER_CALL(entry->dll, faulted, IXPLogon_TransportNotify(logon, &flags, &data));
    xp_entry_end_call(entry);
    if (faulted) xp_entry_fault(entry, "TransportNotify");
}

/* One transport's flush, as "Implementing the FlushQueues Method"
 * describes it: FlushQueues, then the transfers its status row asks for,
 * each ended with its END_*_FLUSH. */
static HRESULT spooler_flush_transport(struct spooler *spooler, struct xp_entry *entry, ULONG flags)
{
    IXPLogon *logon;
    ULONG code;
    BOOL faulted;
    HRESULT hr;

    if (!(logon = xp_entry_begin_call(entry))) return S_OK;
    TRACE("flushing %s, flags %#lx.\n", debugstr_a(entry->info.display_name), flags);

    /* Flushing means now: the transport's own retry wait ends. */
    if (flags & FLUSH_UPLOAD)
    {
        EnterCriticalSection(&spooler->lock);
        entry->retry_at = 0;
        LeaveCriticalSection(&spooler->lock);
    }
    PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_FlushQueues(logon, 0, 0, NULL, flags & ~FLUSH_ASYNC_OK));
    xp_entry_end_call(entry);
    if (faulted)
    {
        xp_entry_fault(entry, "FlushQueues");
        return MAPI_E_CALL_FAILED;
    }
    if (FAILED(hr))
    {
        WARN("%s: FlushQueues returned %#lx.\n", debugstr_a(entry->info.display_name), hr);
        return hr;
    }

    code = xp_status_code(entry);
    if (code & STATUS_OUTBOUND_FLUSH)
    {
        EnterCriticalSection(&spooler->lock);
        spooler->queue_changed = TRUE;
        LeaveCriticalSection(&spooler->lock);
        spooler_process_outbound(spooler);
        xp_notify_flush_end(entry, NOTIFY_END_OUTBOUND_FLUSH);
    }
    if (code & STATUS_INBOUND_FLUSH)
    {
        EnterCriticalSection(&spooler->lock);
        entry->state |= XP_WANTS_POLL;
        LeaveCriticalSection(&spooler->lock);
        spooler_process_inbound(spooler);
        xp_notify_flush_end(entry, NOTIFY_END_INBOUND_FLUSH);
    }
    return S_OK;
}

static HRESULT spooler_validate_transport(struct spooler *spooler, struct xp_entry *entry, ULONG flags)
{
    IXPLogon *logon;
    BOOL faulted;
    HRESULT hr;

    if (!(logon = xp_entry_begin_call(entry))) return S_OK;
    PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_ValidateState(logon, 0, flags));
    xp_entry_end_call(entry);
    if (faulted)
    {
        xp_entry_fault(entry, "ValidateState");
        return MAPI_E_CALL_FAILED;
    }
    if (FAILED(hr)) WARN("%s: ValidateState returned %#lx.\n", debugstr_a(entry->info.display_name), hr);
    if (SUCCEEDED(hr) && (flags & CONFIG_CHANGED)) spooler_read_address_types(spooler, entry);
    return hr;
}

/* The logon table as it is now, each entry AddRef'd; mapi_heap_free the array. */
static struct xp_entry **spooler_entries(struct spooler *spooler, ULONG *count)
{
    struct xp_entry **entries;
    ULONG i;

    EnterCriticalSection(&spooler->lock);
    *count = spooler->entry_count;
    if ((entries = mapi_heap_alloc(max(*count, 1) * sizeof(*entries))))
    {
        for (i = 0; i < *count; i++)
        {
            entries[i] = spooler->entries[i];
            xp_entry_addref(entries[i]);
        }
    }
    else *count = 0;
    LeaveCriticalSection(&spooler->lock);
    return entries;
}

static void spooler_entries_release(struct xp_entry **entries, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++) xp_entry_release(entries[i]);
    mapi_heap_free(entries);
}

/* The first failure wins, MAPI_E_BUSY over the others. */
static HRESULT merge_result(HRESULT hr, HRESULT next)
{
    if (hr == MAPI_E_BUSY || SUCCEEDED(next)) return hr;
    if (next == MAPI_E_BUSY || SUCCEEDED(hr)) return next;
    return hr;
}

static HRESULT spooler_run_request(struct spooler *spooler, const struct spooler_request *request)
{
    struct xp_entry **entries;
    ULONG count, i;
    HRESULT hr = S_OK;

    if (!(entries = spooler_entries(spooler, &count))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < count; i++)
    {
        if (request->target && entries[i] != request->target) continue;
        if (request->kind == REQUEST_FLUSH)
            hr = merge_result(hr, spooler_flush_transport(spooler, entries[i], request->flags));
        else
            hr = merge_result(hr, spooler_validate_transport(spooler, entries[i], request->flags));
    }
    spooler_entries_release(entries, count);

    /* The spooler's own validation logs on every transport that is not
     * logged on now: those that failed and those added since. */
    if (request->kind == REQUEST_VALIDATE) spooler_logon_transports(spooler);

    EnterCriticalSection(&spooler->lock);
    spooler->queue_changed = TRUE;
    LeaveCriticalSection(&spooler->lock);
    return hr;
}

static void spooler_run_requests(struct spooler *spooler)
{
    struct spooler_request *request;

    for (;;)
    {
        EnterCriticalSection(&spooler->lock);
        if ((request = spooler->requests)) spooler->requests = request->next;
        LeaveCriticalSection(&spooler->lock);
        if (!request) return;
        request_finish(request, spooler_run_request(spooler, request));
    }
}

/* After the worker is gone: nobody will run what is left. */
static void spooler_cancel_requests(struct spooler *spooler)
{
    struct spooler_request *request;

    EnterCriticalSection(&spooler->lock);
    request = spooler->requests;
    spooler->requests = NULL;
    LeaveCriticalSection(&spooler->lock);

    while (request)
    {
        struct spooler_request *next = request->next;
        request_finish(request, MAPI_E_END_OF_SESSION);
        request = next;
    }
}

/* ------------------------------------------------------------------------
 * The worker
 */

/* What notifications asked of the worker: the logoff after CRITICAL_ERROR
 * (or a fault), AddressTypes after CONFIG_CHANGE. */
static void spooler_handle_entries(struct spooler *spooler)
{
    struct xp_entry **entries;
    ULONG count, i, state;

    if (!(entries = spooler_entries(spooler, &count))) return;
    for (i = 0; i < count; i++)
    {
        struct xp_entry *entry = entries[i];

        EnterCriticalSection(&spooler->lock);
        state = entry->state;
        entry->state &= ~XP_CONFIG_CHANGED;
        LeaveCriticalSection(&spooler->lock);

        if (state & (XP_LOGGING_OFF | XP_LOGGED_OFF)) continue;
        if (state & XP_CRITICAL_ERROR)
        {
            spooler_logoff_transport(spooler, entry, spooler_entry_has_deferred(spooler, entry));
            xp_entry_release_logon(entry);
            EnterCriticalSection(&spooler->lock);
            spooler->queue_changed = TRUE;
            LeaveCriticalSection(&spooler->lock);
        }
        else if (state & XP_CONFIG_CHANGED) spooler_read_address_types(spooler, entry);
    }
    spooler_entries_release(entries, count);
}

static BOOL spooler_entries_need_work(struct spooler *spooler)
{
    BOOL work = FALSE;
    ULONG i, state;

    EnterCriticalSection(&spooler->lock);
    work = spooler->requests || spooler->store_pending;
    for (i = 0; i < spooler->entry_count && !work; i++)
    {
        state = spooler->entries[i]->state;
        if (state & (XP_LOGGING_OFF | XP_LOGGED_OFF)) continue;
        work = !!(state & (XP_CRITICAL_ERROR | XP_CONFIG_CHANGED));
    }
    LeaveCriticalSection(&spooler->lock);
    return work;
}

/* The spooler lock held: a NEWMAIL (or a poll held back) waits for inbound. */
static BOOL entry_wants_poll(const struct xp_entry *entry)
{
    return (entry->state & (XP_WANTS_POLL | XP_INBOUND | XP_CRITSEC)) == (XP_WANTS_POLL | XP_INBOUND);
}

/* Whether outbound or inbound work waits; it runs in the next round. */
static BOOL spooler_traffic_waits(struct spooler *spooler)
{
    ULONGLONG now = GetTickCount64();
    BOOL waits;
    ULONG i;

    EnterCriticalSection(&spooler->lock);
    waits = (spooler->queue_changed && spooler->queue) || (spooler->outbound_due && spooler->outbound_due <= now)
            || (spooler->inbound_due && spooler->inbound_due <= now);
    for (i = 0; i < spooler->entry_count && !waits; i++)
        waits = entry_wants_poll(spooler->entries[i]);
    LeaveCriticalSection(&spooler->lock);
    return waits;
}

/* Idle for the transports that asked for it, never inside their critical
 * section, at most once per SPOOLER_IDLE_PERIOD. */
static void spooler_idle(struct spooler *spooler)
{
    ULONGLONG now = GetTickCount64();
    struct xp_entry **entries;
    IXPLogon *logon;
    ULONG count, i;
    BOOL due, wanted, faulted;
    HRESULT hr;

    EnterCriticalSection(&spooler->lock);
    due = now >= spooler->next_idle;
    if (due) spooler->next_idle = now + SPOOLER_IDLE_PERIOD;
    LeaveCriticalSection(&spooler->lock);
    if (!due || !(entries = spooler_entries(spooler, &count))) return;

    for (i = 0; i < count; i++)
    {
        struct xp_entry *entry = entries[i];

        EnterCriticalSection(&spooler->lock);
        wanted = (entry->logon_flags & LOGON_SP_IDLE) && !(entry->state & XP_CRITSEC);
        LeaveCriticalSection(&spooler->lock);
        if (!wanted || !(logon = xp_entry_begin_call(entry))) continue;
        PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_Idle(logon, 0));
        xp_entry_end_call(entry);
        if (faulted) xp_entry_fault(entry, "Idle");
        else if (FAILED(hr)) WARN("%s: Idle returned %#lx.\n", debugstr_a(entry->info.display_name), hr);
    }
    spooler_entries_release(entries, count);
}

static ULONGLONG earliest(ULONGLONG deadline, ULONGLONG tick)
{
    return tick && tick < deadline ? tick : deadline;
}

/* How long the worker may sleep: until outbound or inbound said they
 * have work again, or the next Idle, at most one poll interval. */
static DWORD spooler_next_timeout(struct spooler *spooler)
{
    ULONGLONG now = GetTickCount64(), deadline = now + spooler->poll_interval;
    ULONG i, state;

    EnterCriticalSection(&spooler->lock);
    deadline = earliest(deadline, spooler->outbound_due);
    deadline = earliest(deadline, spooler->inbound_due);
    for (i = 0; i < spooler->entry_count; i++)
    {
        const struct xp_entry *entry = spooler->entries[i];

        state = entry->state;
        if (state & (XP_LOGGING_OFF | XP_LOGGED_OFF | XP_CRITICAL_ERROR | XP_CRITSEC)) continue;
        if (entry->logon_flags & LOGON_SP_IDLE) deadline = earliest(deadline, max(spooler->next_idle, 1));
    }
    LeaveCriticalSection(&spooler->lock);

    if (deadline <= now) return SPOOLER_MIN_WAIT;
    return min(deadline - now, INFINITE - 1);
}

static BOOL spooler_is_stopping(struct spooler *spooler)
{
    BOOL stopping;

    EnterCriticalSection(&spooler->lock);
    stopping = spooler->stopping;
    LeaveCriticalSection(&spooler->lock);
    return stopping;
}

/* Outbound, then inbound; the spooler's row shows each while it has
 * work. */
static void spooler_run_traffic(struct spooler *spooler)
{
    ULONGLONG now = GetTickCount64();
    BOOL outbound, inbound;
    ULONG i;

    EnterCriticalSection(&spooler->lock);
    outbound = spooler->store && (spooler->queue_changed || spooler->messages);
    LeaveCriticalSection(&spooler->lock);
    if (outbound) spooler_status_row_set_code(spooler, STATUS_OUTBOUND_ACTIVE, 0);
    spooler_process_outbound(spooler);
    if (outbound) spooler_status_row_set_code(spooler, 0, STATUS_OUTBOUND_ACTIVE);

    EnterCriticalSection(&spooler->lock);
    inbound = spooler->store && spooler->inbound_due && spooler->inbound_due <= now;
    for (i = 0; i < spooler->entry_count && spooler->store && !inbound; i++)
        inbound = entry_wants_poll(spooler->entries[i]);
    LeaveCriticalSection(&spooler->lock);
    if (inbound) spooler_status_row_set_code(spooler, STATUS_INBOUND_ACTIVE, 0);
    spooler_process_inbound(spooler);
    if (inbound) spooler_status_row_set_code(spooler, 0, STATUS_INBOUND_ACTIVE);
}

static DWORD WINAPI spooler_worker(void *arg)
{
    struct spooler *spooler = arg;
    HRESULT com_hr;

    TRACE("spooler %p: the worker starts.\n", spooler);

    /* Transports may use COM on the spooler's thread. */
    com_hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    spooler_logon_transports(spooler);
    while (!spooler_is_stopping(spooler))
    {
        spooler_store_logon(spooler);
        spooler_handle_entries(spooler);
        spooler_run_requests(spooler);
        spooler_run_traffic(spooler);
        spooler_handle_entries(spooler);
        if (spooler_entries_need_work(spooler)) continue;
        if (!spooler_traffic_waits(spooler)) spooler_idle(spooler);
        WaitForSingleObject(spooler->wake, spooler_next_timeout(spooler));
    }

    /* stopping is set: outbound and inbound let go of what they hold. */
    spooler_process_outbound(spooler);
    spooler_process_inbound(spooler);
    if (SUCCEEDED(com_hr)) CoUninitialize();
    TRACE("spooler %p: the worker ends.\n", spooler);
    return 0;
}

/* ------------------------------------------------------------------------
 * Start and stop
 */

static ULONG spooler_read_poll_interval(struct profile *profile)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_SPOOLER_POLL_INTERVAL}};
    ULONG seconds = SPOOLER_POLL_DEFAULT, count;
    SPropValue *props;

    if (SUCCEEDED(profile_get_props(profile, &global_section_uid, (const SPropTagArray *)&tags, &count, &props)))
    {
        if (count && props[0].ulPropTag == PR_SPOOLER_POLL_INTERVAL && (LONG)props[0].Value.l > 0)
            seconds = min(props[0].Value.l, SPOOLER_POLL_MAX);
        MAPIFreeBuffer(props);
    }
    TRACE("polling every %lu seconds.\n", seconds);
    return seconds * 1000;
}

HRESULT spooler_start(struct mapi_host *host, struct spooler **out)
{
    struct spooler *spooler;
    HRESULT hr;

    TRACE("%p, %p.\n", host, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!host || !host->profile || !host->providers || !host->status) return MAPI_E_INVALID_PARAMETER;

    if (!(spooler = mapi_heap_alloc(sizeof(*spooler)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(spooler, 0, sizeof(*spooler));
    InitializeCriticalSection(&spooler->lock);
    spooler->lock.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": spooler.lock");
    InitializeSRWLock(&spooler->host_lock);
    spooler->refs = 1;
    spooler->host = host;
    spooler->status_code = STATUS_AVAILABLE;
    spooler->poll_interval = spooler_read_poll_interval(host->profile);
    if (!(spooler->wake = CreateEventW(NULL, FALSE, FALSE, NULL)))
    {
        spooler_free(spooler);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (FAILED(hr = spooler_status_row_add(spooler)))
    {
        spooler_free(spooler);
        return hr;
    }
    if (!(spooler->thread = CreateThread(NULL, 0, spooler_worker, spooler, 0, &spooler->thread_id)))
    {
        ERR("no thread for the spooler, error %lu.\n", GetLastError());
        spooler_status_row_remove(spooler);
        spooler_free(spooler);
        return MAPI_E_CALL_FAILED;
    }
    TRACE("started spooler %p, worker thread %#lx.\n", spooler, spooler->thread_id);
    *out = spooler;
    return S_OK;
}

void spooler_stop(struct spooler *spooler)
{
    struct xp_entry **entries;
    ULONG count, i;

    TRACE("%p.\n", spooler);

    if (!spooler) return;

    EnterCriticalSection(&spooler->lock);
    spooler->stopping = TRUE;
    LeaveCriticalSection(&spooler->lock);
    spooler_wake(spooler);

    /* On this thread, even while the worker is inside a call to one of
     * them: the transports are told to stop. */
    spooler_logoff_transports(spooler);
    while (WaitForSingleObject(spooler->thread, 10000) == WAIT_TIMEOUT)
        WARN("spooler %p: still waiting for a transport to return to the worker.\n", spooler);
    CloseHandle(spooler->thread);
    spooler->thread = NULL;

    /* The transports the worker logged on meanwhile, then the spooler's
     * references on the logon objects: the sample-order cascade starts
     * here. */
    spooler_logoff_transports(spooler);
    spooler_cancel_requests(spooler);
    spooler_outbound_free(spooler);
    if ((entries = spooler_entries(spooler, &count)))
    {
        for (i = 0; i < count; i++) xp_entry_release_logon(entries[i]);
        spooler_entries_release(entries, count);
    }
    spooler_store_logoff(spooler);
    spooler_status_row_remove(spooler);

    /* Status objects and late notifications leave the session alone from
     * now on. */
    AcquireSRWLockExclusive(&spooler->host_lock);
    EnterCriticalSection(&spooler->lock);
    spooler->stopped = TRUE;
    entries = spooler->entries;
    count = spooler->entry_count;
    spooler->entries = NULL;
    spooler->entry_count = 0;
    LeaveCriticalSection(&spooler->lock);
    ReleaseSRWLockExclusive(&spooler->host_lock);
    for (i = 0; i < count; i++) xp_entry_release(entries[i]);
    mapi_heap_free(entries);

    TRACE("spooler %p stopped.\n", spooler);
    spooler_release(spooler);
}

/* ------------------------------------------------------------------------
 * The session's questions
 */

static BOOL types_contain(char **types, ULONG count, const char *type)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (!strcmp(types[i], type)) return TRUE;
    return FALSE;
}

HRESULT spooler_address_types(struct spooler *spooler, ULONG *count, LPSTR **out)
{
    ULONG size, total = 0, n = 0, i, j;
    char **types, *strings;
    SCODE sc;

    TRACE("%p, %p, %p.\n", spooler, count, out);

    if (!count || !out) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *out = NULL;
    if (!spooler) return MAPI_E_INVALID_PARAMETER;

    /* The provider's arrays are read only under the lock and only while
     * valid: the logoff clears types_valid under it first. */
    EnterCriticalSection(&spooler->lock);
    size = sizeof(char *);
    for (i = 0; i < spooler->entry_count; i++)
    {
        const struct xp_entry *entry = spooler->entries[i];

        if (!entry->types_valid || !entry->types) continue;
        for (j = 0; j < entry->type_count; j++)
        {
            if (!entry->types[j] || !entry->types[j][0]) continue;
            size += sizeof(char *) + strlen(entry->types[j]) + 1;
            total++;
        }
    }
    if ((sc = MAPIAllocateBuffer(size, (void **)&types)))
    {
        LeaveCriticalSection(&spooler->lock);
        return sc;
    }
    strings = (char *)(types + total + 1);
    for (i = 0; i < spooler->entry_count; i++)
    {
        const struct xp_entry *entry = spooler->entries[i];

        if (!entry->types_valid || !entry->types) continue;
        for (j = 0; j < entry->type_count; j++)
        {
            const char *type = entry->types[j];

            if (!type || !type[0] || types_contain(types, n, type)) continue;
            strcpy(strings, type);
            types[n++] = strings;
            strings += strlen(type) + 1;
        }
    }
    LeaveCriticalSection(&spooler->lock);

    types[n] = NULL;
    *count = n;
    *out = types;
    return S_OK;
}
