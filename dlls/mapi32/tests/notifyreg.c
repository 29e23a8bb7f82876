/*
 * Tests for the internal notification subscription registry
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The registry has no export: its source is built into this program.
 */

#include "wine/test.h"
#include "../notifyreg.c"

#define MAX_CALLS 8

struct test_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    LONG calls;
    LONG in_call;
    BOOL released_in_call;
    ULONG last_count;
    ULONG last_types[MAX_CALLS];
    ULONG ret;
    DWORD thread;
    void (*action)(struct test_sink *sink);
    void *context;
};

static inline struct test_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct test_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    struct test_sink *sink = impl_from_IMAPIAdviseSink(iface);

    return InterlockedIncrement(&sink->refcount);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    struct test_sink *sink = impl_from_IMAPIAdviseSink(iface);

    if (sink->in_call) sink->released_in_call = TRUE;
    return InterlockedDecrement(&sink->refcount);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct test_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG i;

    InterlockedIncrement(&sink->in_call);
    InterlockedIncrement(&sink->calls);
    sink->thread = GetCurrentThreadId();
    sink->last_count = count;
    for (i = 0; i < count && i < MAX_CALLS; i++) sink->last_types[i] = notifications[i].ulEventType;
    if (sink->action) sink->action(sink);
    InterlockedDecrement(&sink->in_call);
    return sink->ret;
}

static const IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

static void init_sink(struct test_sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->refcount = 1;
}

static const BYTE key_a[] = { 1, 2, 3, 4 };
static const BYTE key_b[] = { 1, 2, 3, 5 };

static void init_notification(NOTIFICATION *notification, ULONG type)
{
    memset(notification, 0, sizeof(*notification));
    notification->ulEventType = type;
}

static void test_arguments(void)
{
    struct notify_registry *registry;
    IMAPIAdviseSink *iface;
    struct test_sink sink;
    ULONG_PTR connection, connection2;
    NOTIFICATION notification;
    ULONG flags;
    HRESULT hr;

    init_sink(&sink);
    iface = &sink.IMAPIAdviseSink_iface;
    init_notification(&notification, fnevObjectModified);

    hr = notify_registry_create(NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    registry = (void *)0xdeadbeef;
    hr = notify_registry_create(&registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(registry && registry != (void *)0xdeadbeef, "got %p.\n", registry);

    hr = notify_subscribe(NULL, sizeof(key_a), key_a, fnevObjectModified, iface, 0, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), NULL, fnevObjectModified, iface, 0, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, 0, iface, 0, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectModified, NULL, 0, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectModified, iface, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectModified, iface, 0x1, &connection);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);

    connection = 0;
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectModified, iface, 0, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(connection != 0, "got connection 0.\n");
    ok(sink.refcount == 2, "got refcount %ld.\n", sink.refcount);
    connection2 = 0;
    hr = notify_subscribe(registry, 0, NULL, fnevObjectModified, iface, NOTIFY_SYNC, &connection2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(connection2 != 0 && connection2 != connection, "got connections %#Ix and %#Ix.\n", connection, connection2);
    ok(sink.refcount == 3, "got refcount %ld.\n", sink.refcount);

    hr = notify_fire(NULL, sizeof(key_a), key_a, 1, &notification, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_fire(registry, sizeof(key_a), NULL, 1, &notification, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    flags = 0xdeadbeef;
    hr = notify_fire(registry, sizeof(key_a), key_a, 1, NULL, &flags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!flags, "got flags %#lx.\n", flags);
    hr = notify_fire(registry, sizeof(key_a), key_a, 0, NULL, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!sink.calls, "got %ld calls.\n", sink.calls);

    /* An empty key is a key like any other. */
    hr = notify_fire(registry, 0, NULL, 1, &notification, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1, "got %ld calls.\n", sink.calls);

    hr = notify_unsubscribe(NULL, connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_unsubscribe(registry, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = notify_unsubscribe(registry, connection + connection2 + 100);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    hr = notify_unsubscribe(registry, connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.refcount == 2, "got refcount %ld.\n", sink.refcount);
    hr = notify_unsubscribe(registry, connection);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    notify_registry_destroy(registry);
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);
    notify_registry_destroy(NULL);
}

static void test_matching(void)
{
    struct test_sink sink_a, sink_b, sink_any;
    struct notify_registry *registry;
    ULONG_PTR connection;
    NOTIFICATION notifications[3];
    ULONG flags;
    HRESULT hr;

    init_sink(&sink_a);
    init_sink(&sink_b);
    init_sink(&sink_any);
    init_notification(&notifications[0], fnevObjectCreated);
    init_notification(&notifications[1], fnevObjectModified);
    init_notification(&notifications[2], fnevObjectDeleted);
    notifications[1].info.obj.ulObjType = MAPI_MESSAGE;

    hr = notify_registry_create(&registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectModified | fnevNewMail,
            &sink_a.IMAPIAdviseSink_iface, 0, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_b), key_b, fnevObjectModified, &sink_b.IMAPIAdviseSink_iface, 0,
            &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, ~0u, &sink_any.IMAPIAdviseSink_iface, 0, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    flags = 0xdeadbeef;
    hr = notify_fire(registry, sizeof(key_a), key_a, 3, notifications, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!flags, "got flags %#lx.\n", flags);

    /* Only the notifications in the mask reach a sink. */
    ok(sink_a.calls == 1, "got %ld calls.\n", sink_a.calls);
    ok(sink_a.last_count == 1, "got %lu notifications.\n", sink_a.last_count);
    ok(sink_a.last_types[0] == fnevObjectModified, "got type %#lx.\n", sink_a.last_types[0]);
    ok(!sink_b.calls, "got %ld calls.\n", sink_b.calls);
    ok(sink_any.calls == 1, "got %ld calls.\n", sink_any.calls);
    ok(sink_any.last_count == 3, "got %lu notifications.\n", sink_any.last_count);
    ok(sink_any.last_types[0] == fnevObjectCreated && sink_any.last_types[1] == fnevObjectModified
            && sink_any.last_types[2] == fnevObjectDeleted, "got types %#lx, %#lx, %#lx.\n",
            sink_any.last_types[0], sink_any.last_types[1], sink_any.last_types[2]);
    ok(sink_a.thread == GetCurrentThreadId(), "called on thread %#lx.\n", sink_a.thread);

    /* A sink with nothing in its mask is not called at all. */
    hr = notify_fire(registry, sizeof(key_a), key_a, 1, &notifications[0], NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink_a.calls == 1, "got %ld calls.\n", sink_a.calls);
    ok(sink_any.calls == 2, "got %ld calls.\n", sink_any.calls);

    /* Keys must match in size and bytes. */
    hr = notify_fire(registry, sizeof(key_a) - 1, key_a, 3, notifications, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_fire(registry, sizeof(key_b), key_b, 3, notifications, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink_a.calls == 1, "got %ld calls.\n", sink_a.calls);
    ok(sink_any.calls == 2, "got %ld calls.\n", sink_any.calls);
    ok(sink_b.calls == 1, "got %ld calls.\n", sink_b.calls);
    ok(sink_b.last_count == 1 && sink_b.last_types[0] == fnevObjectModified, "got %lu, type %#lx.\n",
            sink_b.last_count, sink_b.last_types[0]);

    notify_registry_destroy(registry);
    ok(sink_a.refcount == 1, "got refcount %ld.\n", sink_a.refcount);
    ok(sink_b.refcount == 1, "got refcount %ld.\n", sink_b.refcount);
    ok(sink_any.refcount == 1, "got refcount %ld.\n", sink_any.refcount);
}

/* State shared by the sinks that act on the registry while being called. */
static struct notify_registry *action_registry;
static ULONG_PTR action_connection;
static HRESULT action_hr;
static LONG action_refcount;
static struct test_sink *action_other;

static void unsubscribe_action(struct test_sink *sink)
{
    action_hr = notify_unsubscribe(action_registry, action_connection);
    action_refcount = sink->refcount;
    if (action_other) action_refcount = action_other->refcount;
}

static void test_unsubscribe_self(void)
{
    struct test_sink sink, after;
    ULONG_PTR connection;
    NOTIFICATION notification;
    HRESULT hr;

    init_sink(&sink);
    init_sink(&after);
    init_notification(&notification, fnevNewMail);
    sink.action = unsubscribe_action;

    hr = notify_registry_create(&action_registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(action_registry, sizeof(key_a), key_a, fnevNewMail, &sink.IMAPIAdviseSink_iface, 0,
            &action_connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(action_registry, sizeof(key_a), key_a, fnevNewMail, &after.IMAPIAdviseSink_iface, 0,
            &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    action_hr = 0xdeadbeef;
    action_other = NULL;
    hr = notify_fire(action_registry, sizeof(key_a), key_a, 1, &notification, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(action_hr == S_OK, "got %#lx.\n", action_hr);
    /* The registry keeps its reference while the call runs... */
    ok(action_refcount == 2, "got refcount %ld during the call.\n", action_refcount);
    ok(!sink.released_in_call, "the sink was released during its call.\n");
    /* ...and drops it when the call is over. */
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);
    ok(after.calls == 1, "got %ld calls.\n", after.calls);

    hr = notify_fire(action_registry, sizeof(key_a), key_a, 1, &notification, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1, "got %ld calls.\n", sink.calls);
    ok(after.calls == 2, "got %ld calls.\n", after.calls);

    notify_registry_destroy(action_registry);
    ok(after.refcount == 1, "got refcount %ld.\n", after.refcount);
}

static void test_unsubscribe_other(void)
{
    struct test_sink first, second;
    ULONG_PTR connection;
    NOTIFICATION notification;
    HRESULT hr;

    init_sink(&first);
    init_sink(&second);
    init_notification(&notification, fnevTableModified);
    first.action = unsubscribe_action;

    hr = notify_registry_create(&action_registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(action_registry, sizeof(key_a), key_a, fnevTableModified, &first.IMAPIAdviseSink_iface,
            0, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(action_registry, sizeof(key_a), key_a, fnevTableModified, &second.IMAPIAdviseSink_iface,
            0, &action_connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* The first sink removes the second one before its turn. */
    action_hr = 0xdeadbeef;
    action_other = &second;
    hr = notify_fire(action_registry, sizeof(key_a), key_a, 1, &notification, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(action_hr == S_OK, "got %#lx.\n", action_hr);
    ok(action_refcount == 1, "got refcount %ld right after unsubscribing.\n", action_refcount);
    ok(first.calls == 1, "got %ld calls.\n", first.calls);
    ok(!second.calls, "got %ld calls.\n", second.calls);

    hr = notify_unsubscribe(action_registry, connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(first.refcount == 1, "got refcount %ld.\n", first.refcount);
    notify_registry_destroy(action_registry);
    action_other = NULL;
}

static struct test_sink *added_sink;
static ULONG_PTR added_connection;

static void subscribe_action(struct test_sink *sink)
{
    action_hr = notify_subscribe(action_registry, sizeof(key_a), key_a, ~0u, &added_sink->IMAPIAdviseSink_iface,
            0, &added_connection);
}

static void test_subscribe_during_delivery(void)
{
    struct test_sink sink, added;
    ULONG_PTR connection;
    NOTIFICATION notification;
    HRESULT hr;

    init_sink(&sink);
    init_sink(&added);
    init_notification(&notification, fnevObjectCopied);
    sink.action = subscribe_action;
    added_sink = &added;

    hr = notify_registry_create(&action_registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(action_registry, sizeof(key_a), key_a, fnevObjectCopied, &sink.IMAPIAdviseSink_iface, 0,
            &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    action_hr = 0xdeadbeef;
    hr = notify_fire(action_registry, sizeof(key_a), key_a, 1, &notification, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(action_hr == S_OK, "got %#lx.\n", action_hr);
    ok(!added.calls, "the new subscription got the notification being delivered.\n");
    ok(added.refcount == 2, "got refcount %ld.\n", added.refcount);

    sink.action = NULL;
    hr = notify_fire(action_registry, sizeof(key_a), key_a, 1, &notification, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(added.calls == 1, "got %ld calls.\n", added.calls);
    ok(sink.calls == 2, "got %ld calls.\n", sink.calls);

    notify_registry_destroy(action_registry);
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);
    ok(added.refcount == 1, "got refcount %ld.\n", added.refcount);
}

static void test_discontinue(void)
{
    struct notify_registry *registry;
    struct test_sink first, second;
    ULONG_PTR connection, connection2;
    NOTIFICATION notification;
    ULONG flags;
    HRESULT hr;

    init_sink(&first);
    init_sink(&second);
    init_notification(&notification, fnevExtended);
    first.ret = CALLBACK_DISCONTINUE;

    /* Only a synchronous subscription can stop the delivery. */
    hr = notify_registry_create(&registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevExtended, &first.IMAPIAdviseSink_iface, 0, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevExtended, &second.IMAPIAdviseSink_iface, 0, &connection2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    flags = 0xdeadbeef;
    hr = notify_fire(registry, sizeof(key_a), key_a, 1, &notification, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!flags, "got flags %#lx.\n", flags);
    ok(first.calls == 1 && second.calls == 1, "got %ld and %ld calls.\n", first.calls, second.calls);

    hr = notify_unsubscribe(registry, connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_unsubscribe(registry, connection2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevExtended, &first.IMAPIAdviseSink_iface, NOTIFY_SYNC,
            &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevExtended, &second.IMAPIAdviseSink_iface, 0, &connection2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    flags = 0xdeadbeef;
    hr = notify_fire(registry, sizeof(key_a), key_a, 1, &notification, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(flags == NOTIFY_CANCELED, "got flags %#lx.\n", flags);
    ok(first.calls == 2, "got %ld calls.\n", first.calls);
    ok(second.calls == 1, "got %ld calls.\n", second.calls);

    /* Anything else a synchronous sink returns lets the delivery go on. */
    first.ret = S_OK;
    flags = 0xdeadbeef;
    hr = notify_fire(registry, sizeof(key_a), key_a, 1, &notification, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!flags, "got flags %#lx.\n", flags);
    ok(second.calls == 2, "got %ld calls.\n", second.calls);

    notify_registry_destroy(registry);
    ok(first.refcount == 1, "got refcount %ld.\n", first.refcount);
    ok(second.refcount == 1, "got refcount %ld.\n", second.refcount);
}

static HANDLE call_entered, call_release;

static void blocking_action(struct test_sink *sink)
{
    SetEvent(call_entered);
    WaitForSingleObject(call_release, 10000);
}

static DWORD WINAPI fire_thread(void *arg)
{
    NOTIFICATION notification;
    HRESULT hr;

    init_notification(&notification, fnevObjectDeleted);
    hr = notify_fire(arg, sizeof(key_a), key_a, 1, &notification, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    return 0;
}

static DWORD WINAPI unsubscribe_thread(void *arg)
{
    action_hr = notify_unsubscribe(arg, action_connection);
    return 0;
}

static void test_unsubscribe_from_other_thread(void)
{
    struct notify_registry *registry;
    HANDLE fire, unsubscribe;
    struct test_sink sink;
    DWORD ret;
    HRESULT hr;

    init_sink(&sink);
    sink.action = blocking_action;
    call_entered = CreateEventW(NULL, FALSE, FALSE, NULL);
    call_release = CreateEventW(NULL, TRUE, FALSE, NULL);

    hr = notify_registry_create(&registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectDeleted, &sink.IMAPIAdviseSink_iface, 0,
            &action_connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    fire = CreateThread(NULL, 0, fire_thread, registry, 0, NULL);
    ret = WaitForSingleObject(call_entered, 5000);
    ok(!ret, "the sink was not called, wait returned %lu.\n", ret);

    /* Unsubscribing waits for the call running on the other thread. */
    action_hr = 0xdeadbeef;
    unsubscribe = CreateThread(NULL, 0, unsubscribe_thread, registry, 0, NULL);
    ret = WaitForSingleObject(unsubscribe, 300);
    ok(ret == WAIT_TIMEOUT, "notify_unsubscribe did not wait for the running call, wait returned %lu.\n", ret);
    ok(sink.refcount == 2, "got refcount %ld.\n", sink.refcount);

    SetEvent(call_release);
    ret = WaitForSingleObject(unsubscribe, 5000);
    ok(!ret, "notify_unsubscribe did not return, wait returned %lu.\n", ret);
    ok(action_hr == S_OK, "got %#lx.\n", action_hr);
    ok(!sink.in_call, "a call is still running.\n");
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);
    ok(!sink.released_in_call, "the sink was released during its call.\n");
    ret = WaitForSingleObject(fire, 5000);
    ok(!ret, "notify_fire did not return, wait returned %lu.\n", ret);
    ok(sink.calls == 1, "got %ld calls.\n", sink.calls);

    CloseHandle(fire);
    CloseHandle(unsubscribe);
    CloseHandle(call_entered);
    CloseHandle(call_release);
    notify_registry_destroy(registry);
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);
}

static DWORD WINAPI destroy_thread(void *arg)
{
    notify_registry_destroy(arg);
    return 0;
}

static void test_destroy_during_delivery(void)
{
    struct notify_registry *registry;
    struct test_sink sink, later;
    ULONG_PTR connection;
    HANDLE fire, destroy;
    DWORD ret;
    HRESULT hr;

    init_sink(&sink);
    init_sink(&later);
    sink.action = blocking_action;
    call_entered = CreateEventW(NULL, FALSE, FALSE, NULL);
    call_release = CreateEventW(NULL, TRUE, FALSE, NULL);

    hr = notify_registry_create(&registry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectDeleted, &sink.IMAPIAdviseSink_iface, 0,
            &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = notify_subscribe(registry, sizeof(key_a), key_a, fnevObjectDeleted, &later.IMAPIAdviseSink_iface, 0,
            &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    fire = CreateThread(NULL, 0, fire_thread, registry, 0, NULL);
    ret = WaitForSingleObject(call_entered, 5000);
    ok(!ret, "the sink was not called, wait returned %lu.\n", ret);

    /* Destroying waits for the running call. */
    destroy = CreateThread(NULL, 0, destroy_thread, registry, 0, NULL);
    ret = WaitForSingleObject(destroy, 300);
    ok(ret == WAIT_TIMEOUT, "destruction did not wait for the running call, wait returned %lu.\n", ret);
    ok(sink.refcount == 2, "got refcount %ld.\n", sink.refcount);

    SetEvent(call_release);
    ret = WaitForSingleObject(destroy, 5000);
    ok(!ret, "destruction did not end, wait returned %lu.\n", ret);
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);
    ok(later.refcount == 1, "got refcount %ld.\n", later.refcount);
    ok(!sink.released_in_call, "the sink was released during its call.\n");

    /* The delivery that was running ends without calling what was destroyed. */
    ret = WaitForSingleObject(fire, 5000);
    ok(!ret, "notify_fire did not return, wait returned %lu.\n", ret);
    ok(!later.calls, "got %ld calls after destruction.\n", later.calls);

    CloseHandle(fire);
    CloseHandle(destroy);
    CloseHandle(call_entered);
    CloseHandle(call_release);
}

#define STRESS_THREADS 4
#define STRESS_ROUNDS 300

static struct test_sink stress_sink;
static LONG stress_failures;

static DWORD WINAPI stress_thread(void *arg)
{
    NOTIFICATION notification;
    ULONG_PTR connection;
    unsigned int i;
    HRESULT hr;

    init_notification(&notification, fnevObjectModified);
    for (i = 0; i < STRESS_ROUNDS; i++)
    {
        hr = notify_subscribe(arg, sizeof(key_a), key_a, fnevObjectModified, &stress_sink.IMAPIAdviseSink_iface,
                i & 1 ? NOTIFY_SYNC : 0, &connection);
        if (hr != S_OK) InterlockedIncrement(&stress_failures);
        if (notify_fire(arg, sizeof(key_a), key_a, 1, &notification, NULL) != S_OK)
            InterlockedIncrement(&stress_failures);
        if (hr == S_OK && notify_unsubscribe(arg, connection) != S_OK)
            InterlockedIncrement(&stress_failures);
    }
    return 0;
}

static void test_threads(void)
{
    HANDLE threads[STRESS_THREADS];
    struct notify_registry *registry;
    unsigned int i;
    DWORD ret;
    HRESULT hr;

    init_sink(&stress_sink);
    hr = notify_registry_create(&registry);
    ok(hr == S_OK, "got %#lx.\n", hr);

    for (i = 0; i < STRESS_THREADS; i++) threads[i] = CreateThread(NULL, 0, stress_thread, registry, 0, NULL);
    ret = WaitForMultipleObjects(STRESS_THREADS, threads, TRUE, 60000);
    ok(ret < WAIT_OBJECT_0 + STRESS_THREADS, "wait returned %lu.\n", ret);
    for (i = 0; i < STRESS_THREADS; i++) CloseHandle(threads[i]);

    ok(!stress_failures, "%ld calls failed.\n", stress_failures);
    /* Each thread's own subscription sees at least its own notification. */
    ok(stress_sink.calls >= STRESS_THREADS * STRESS_ROUNDS, "got %ld calls.\n", stress_sink.calls);
    ok(stress_sink.refcount == 1, "got refcount %ld.\n", stress_sink.refcount);
    notify_registry_destroy(registry);
    ok(stress_sink.refcount == 1, "got refcount %ld.\n", stress_sink.refcount);
}

START_TEST(notifyreg)
{
    test_arguments();
    test_matching();
    test_unsubscribe_self();
    test_unsubscribe_other();
    test_subscribe_during_delivery();
    test_discontinue();
    test_unsubscribe_from_other_thread();
    test_destroy_during_delivery();
    test_threads();
}
