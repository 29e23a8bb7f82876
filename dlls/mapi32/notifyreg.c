/*
 * mapi32: the subscription registry behind IMAPISupport::Subscribe and
 * ::Notify and the session's advise sinks
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A registry holds subscriptions: a key (a byte string, usually an entry
 * identifier), an event mask, flags and an advise sink.  notify_fire calls
 * every subscription whose key equals the given key, on the calling thread,
 * with the notifications whose event type is in its mask.  What it
 * promises, for any number of threads:
 *
 * - A notify_fire delivers to the subscriptions present when it starts.
 *   One added while it runs does not get those notifications; one removed
 *   while it runs gets no call that had not started yet.
 * - When notify_unsubscribe returns, no new call of that subscription
 *   starts on any thread, and calls of it running on other threads have
 *   returned, unless the calling thread is itself inside a call made by a
 *   registry (a sink unsubscribing itself or another one): then it does not
 *   wait, as two sinks unsubscribing each other would otherwise deadlock.
 * - The registry's reference to a sink is released as soon as its
 *   subscription is over and no call of it runs: by notify_unsubscribe, or
 *   when the last running call returns.  No call is made after that.
 * - notify_registry_destroy ends every subscription as notify_unsubscribe
 *   does.  A notify_fire still running keeps the memory it uses; nothing may
 *   be started on a registry once its destruction has begun.
 *
 * Only kernel32 and the IMAPIAdviseSink interface are used, so the tests
 * can build this file into their program.
 */

#include "private.h"
#include "mapispi.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Made by notify_subscribe; referenced by the registry's list until the
 * subscription ends and by every notify_fire about to call it.  Holds a
 * reference to the sink until it has ended and no call of it runs.  The
 * fields that change are guarded by the registry's lock. */
struct subscription
{
    LONG refcount;
    ULONG_PTR connection;
    ULONG event_mask;
    ULONG flags;
    BOOL ended;
    unsigned int calls;
    IMAPIAdviseSink *sink;
    ULONG key_size;
    BYTE key[1];
};

/* Made by notify_registry_create; referenced by its owner until
 * notify_registry_destroy and by each notify_fire while it runs. */
struct notify_registry
{
    LONG refcount;
    CRITICAL_SECTION cs;
    CONDITION_VARIABLE call_done;
    struct subscription **subs;
    unsigned int count, capacity;
    ULONG_PTR last_connection;
};

/* How deep the current thread is in sink calls made by any registry. */
static INIT_ONCE call_depth_once = INIT_ONCE_STATIC_INIT;
static DWORD call_depth_tls = TLS_OUT_OF_INDEXES;

static BOOL WINAPI call_depth_init(INIT_ONCE *once, void *param, void **context)
{
    return (call_depth_tls = TlsAlloc()) != TLS_OUT_OF_INDEXES;
}

static ULONG_PTR call_depth(void)
{
    return (ULONG_PTR)TlsGetValue(call_depth_tls);
}

static void call_depth_add(LONG_PTR delta)
{
    TlsSetValue(call_depth_tls, (void *)(call_depth() + delta));
}

static void registry_release(struct notify_registry *registry)
{
    if (InterlockedDecrement(&registry->refcount)) return;
    DeleteCriticalSection(&registry->cs);
    HeapFree(GetProcessHeap(), 0, registry->subs);
    HeapFree(GetProcessHeap(), 0, registry);
}

static void subscription_release(struct subscription *sub)
{
    if (!InterlockedDecrement(&sub->refcount)) HeapFree(GetProcessHeap(), 0, sub);
}

HRESULT notify_registry_create(struct notify_registry **out)
{
    struct notify_registry *registry;

    TRACE("%p.\n", out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!InitOnceExecuteOnce(&call_depth_once, call_depth_init, NULL, NULL)) return MAPI_E_CALL_FAILED;
    if (!(registry = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*registry))))
        return MAPI_E_NOT_ENOUGH_MEMORY;

    registry->refcount = 1;
    InitializeCriticalSection(&registry->cs);
    InitializeConditionVariable(&registry->call_done);
    *out = registry;
    return S_OK;
}

/* Ends a subscription already out of the list and marked ended: waits for
 * its running calls when the rules allow, releases the sink when none
 * runs, and drops the list's reference. */
static void subscription_finish(struct notify_registry *registry, struct subscription *sub)
{
    IMAPIAdviseSink *sink = NULL;

    EnterCriticalSection(&registry->cs);
    if (!call_depth())
        while (sub->calls) SleepConditionVariableCS(&registry->call_done, &registry->cs, INFINITE);
    if (!sub->calls)
    {
        sink = sub->sink;
        sub->sink = NULL;
    }
    LeaveCriticalSection(&registry->cs);

    if (sink) IMAPIAdviseSink_Release(sink);
    subscription_release(sub);
}

void notify_registry_destroy(struct notify_registry *registry)
{
    struct subscription **subs;
    unsigned int count, i;

    TRACE("%p.\n", registry);

    if (!registry) return;

    EnterCriticalSection(&registry->cs);
    subs = registry->subs;
    count = registry->count;
    registry->subs = NULL;
    registry->count = registry->capacity = 0;
    for (i = 0; i < count; i++) subs[i]->ended = TRUE;
    LeaveCriticalSection(&registry->cs);

    for (i = 0; i < count; i++) subscription_finish(registry, subs[i]);
    HeapFree(GetProcessHeap(), 0, subs);
    registry_release(registry);
}

static BOOL registry_grow(struct notify_registry *registry)
{
    unsigned int capacity = max(registry->capacity * 2, 8);
    struct subscription **subs;

    if (registry->count < registry->capacity) return TRUE;
    if (registry->subs) subs = HeapReAlloc(GetProcessHeap(), 0, registry->subs, capacity * sizeof(*subs));
    else subs = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*subs));
    if (!subs) return FALSE;
    registry->subs = subs;
    registry->capacity = capacity;
    return TRUE;
}

/* Adds a subscription; flags may be NOTIFY_SYNC, which lets the sink stop
 * a notify_fire by returning CALLBACK_DISCONTINUE.  The connection number
 * is never 0. */
HRESULT notify_subscribe(struct notify_registry *registry, ULONG key_size, const void *key, ULONG event_mask,
        IMAPIAdviseSink *sink, ULONG flags, ULONG_PTR *connection)
{
    struct subscription *sub;

    TRACE("%p, %lu, %p, %#lx, %p, %#lx, %p.\n", registry, key_size, key, event_mask, sink, flags, connection);

    if (!registry || (key_size && !key) || !event_mask || !sink || !connection) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~NOTIFY_SYNC) return MAPI_E_UNKNOWN_FLAGS;
    if (key_size > MAXDWORD - sizeof(*sub)) return MAPI_E_INVALID_PARAMETER;
    if (!(sub = HeapAlloc(GetProcessHeap(), 0, offsetof(struct subscription, key) + key_size)))
        return MAPI_E_NOT_ENOUGH_MEMORY;

    sub->refcount = 1;
    sub->event_mask = event_mask;
    sub->flags = flags;
    sub->ended = FALSE;
    sub->calls = 0;
    sub->sink = sink;
    sub->key_size = key_size;
    if (key_size) memcpy(sub->key, key, key_size);
    IMAPIAdviseSink_AddRef(sink);

    EnterCriticalSection(&registry->cs);
    if (!registry_grow(registry))
    {
        LeaveCriticalSection(&registry->cs);
        IMAPIAdviseSink_Release(sink);
        HeapFree(GetProcessHeap(), 0, sub);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    sub->connection = ++registry->last_connection;
    registry->subs[registry->count++] = sub;
    *connection = sub->connection;
    LeaveCriticalSection(&registry->cs);
    return S_OK;
}

HRESULT notify_unsubscribe(struct notify_registry *registry, ULONG_PTR connection)
{
    struct subscription *sub = NULL;
    unsigned int i;

    TRACE("%p, %#Ix.\n", registry, connection);

    if (!registry || !connection) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&registry->cs);
    for (i = 0; i < registry->count; i++)
    {
        if (registry->subs[i]->connection != connection) continue;
        sub = registry->subs[i];
        sub->ended = TRUE;
        memmove(&registry->subs[i], &registry->subs[i + 1], (registry->count - i - 1) * sizeof(*registry->subs));
        registry->count--;
        break;
    }
    LeaveCriticalSection(&registry->cs);

    if (!sub) return MAPI_E_NOT_FOUND;
    subscription_finish(registry, sub);
    return S_OK;
}

static BOOL subscription_matches(const struct subscription *sub, ULONG key_size, const void *key,
        ULONG count, const NOTIFICATION *notifications)
{
    ULONG i;

    if (sub->key_size != key_size || (key_size && memcmp(sub->key, key, key_size))) return FALSE;
    for (i = 0; i < count; i++)
        if (notifications[i].ulEventType & sub->event_mask) return TRUE;
    return FALSE;
}

/* Calls a subscription's sink with the notifications its mask selects,
 * unless it has ended.  Returns whether the sink asked to stop. */
static BOOL subscription_call(struct notify_registry *registry, struct subscription *sub, ULONG count,
        NOTIFICATION *notifications, NOTIFICATION *selected)
{
    IMAPIAdviseSink *sink, *release = NULL;
    ULONG selected_count = 0, ret, i;

    for (i = 0; i < count; i++)
        if (notifications[i].ulEventType & sub->event_mask) selected[selected_count++] = notifications[i];

    EnterCriticalSection(&registry->cs);
    if (sub->ended)
    {
        LeaveCriticalSection(&registry->cs);
        return FALSE;
    }
    sub->calls++;
    sink = sub->sink;
    LeaveCriticalSection(&registry->cs);

    call_depth_add(1);
    ret = IMAPIAdviseSink_OnNotify(sink, selected_count, selected_count == count ? notifications : selected);
    call_depth_add(-1);

    EnterCriticalSection(&registry->cs);
    sub->calls--;
    if (sub->ended)
    {
        WakeAllConditionVariable(&registry->call_done);
        if (!sub->calls)
        {
            release = sub->sink;
            sub->sink = NULL;
        }
    }
    LeaveCriticalSection(&registry->cs);

    if (release) IMAPIAdviseSink_Release(release);
    return (sub->flags & NOTIFY_SYNC) && ret == CALLBACK_DISCONTINUE;
}

/* Delivers notifications to the subscriptions for key, in the order they
 * were made.  flags, when given, receives NOTIFY_CANCELED when a
 * NOTIFY_SYNC sink returned CALLBACK_DISCONTINUE, which ends the delivery,
 * 0 otherwise. */
HRESULT notify_fire(struct notify_registry *registry, ULONG key_size, const void *key, ULONG count,
        NOTIFICATION *notifications, ULONG *flags)
{
    struct subscription **targets = NULL;
    NOTIFICATION *selected = NULL;
    unsigned int target_count = 0, i;
    BOOL canceled = FALSE;

    TRACE("%p, %lu, %p, %lu, %p, %p.\n", registry, key_size, key, count, notifications, flags);

    if (flags) *flags = 0;
    if (!registry || (key_size && !key) || (count && !notifications)) return MAPI_E_INVALID_PARAMETER;
    if (count > MAXDWORD / sizeof(*notifications) || IsBadReadPtr(notifications, count * sizeof(*notifications)))
        return MAPI_E_INVALID_PARAMETER;
    if (!count) return S_OK;
    if (!(selected = HeapAlloc(GetProcessHeap(), 0, count * sizeof(*selected)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    EnterCriticalSection(&registry->cs);
    if (registry->count && !(targets = HeapAlloc(GetProcessHeap(), 0, registry->count * sizeof(*targets))))
    {
        LeaveCriticalSection(&registry->cs);
        HeapFree(GetProcessHeap(), 0, selected);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < registry->count; i++)
    {
        struct subscription *sub = registry->subs[i];

        if (!subscription_matches(sub, key_size, key, count, notifications)) continue;
        InterlockedIncrement(&sub->refcount);
        targets[target_count++] = sub;
    }
    InterlockedIncrement(&registry->refcount);
    LeaveCriticalSection(&registry->cs);

    for (i = 0; i < target_count; i++)
    {
        if (!canceled) canceled = subscription_call(registry, targets[i], count, notifications, selected);
        subscription_release(targets[i]);
    }
    if (canceled)
    {
        TRACE("a sink canceled the notification.\n");
        if (flags) *flags = NOTIFY_CANCELED;
    }

    registry_release(registry);
    HeapFree(GetProcessHeap(), 0, targets);
    HeapFree(GetProcessHeap(), 0, selected);
    return S_OK;
}
