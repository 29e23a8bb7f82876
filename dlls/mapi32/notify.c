/*
 * mapi32: advise sinks, HrThisThreadAdviseSink delivery, notification copying
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <limits.h>

#include "private.h"
#include "winuser.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Every block of a notification copy starts on this boundary, so the
 * SPropValue and MAPIERROR structures in it are aligned for any type. */
#define NOTIFY_ALIGN 8

/* Where the next block of a notification copy goes.  Without a buffer only
 * the size is counted, so that counting and copying are one code path and
 * always agree.  The first error sticks. */
struct notify_cursor
{
    BYTE *buffer;
    ULONGLONG used;
    SCODE sc;
};

/* Reserves size bytes and returns where they start, or NULL when counting.
 * Empty blocks are not aligned, so they never add padding. */
static void *cursor_reserve(struct notify_cursor *cursor, ULONGLONG size)
{
    BYTE *ret;

    if (size) cursor->used = (cursor->used + NOTIFY_ALIGN - 1) & ~(ULONGLONG)(NOTIFY_ALIGN - 1);
    ret = cursor->buffer ? cursor->buffer + cursor->used : NULL;
    cursor->used += size;
    if (cursor->used > MAXDWORD) cursor->sc = MAPI_E_INVALID_PARAMETER;
    return cursor->sc ? NULL : ret;
}

static void *cursor_fail(struct notify_cursor *cursor)
{
    cursor->sc = MAPI_E_INVALID_PARAMETER;
    return NULL;
}

/* Copies a counted block of bytes: an entry identifier or extended event
 * parameters.  NULL stays NULL. */
static void *cursor_bytes(struct notify_cursor *cursor, const void *src, ULONG size)
{
    void *dst;

    if (cursor->sc) return NULL;
    if (!src) return size ? cursor_fail(cursor) : NULL;
    if (IsBadReadPtr(src, size)) return cursor_fail(cursor);
    if ((dst = cursor_reserve(cursor, size)) && size) memcpy(dst, src, size);
    return dst;
}

/* Copies an ANSI or Unicode string.  NULL stays NULL. */
static void *cursor_string(struct notify_cursor *cursor, const void *src, BOOL unicode)
{
    ULONG size;
    void *dst;

    if (cursor->sc || !src) return NULL;
    if (unicode)
    {
        if (IsBadStringPtrW(src, ~0u)) return cursor_fail(cursor);
        size = (lstrlenW(src) + 1) * sizeof(WCHAR);
    }
    else
    {
        if (IsBadStringPtrA(src, ~0u)) return cursor_fail(cursor);
        size = strlen(src) + 1;
    }
    if ((dst = cursor_reserve(cursor, size))) memcpy(dst, src, size);
    return dst;
}

static SCODE WINAPI cursor_allocate_more(ULONG size, void *parent, void **out)
{
    struct notify_cursor *cursor = parent;

    *out = cursor_reserve(cursor, size);
    return cursor->sc;
}

/* Copies one property with PropCopyMore, which takes its data blocks from
 * the cursor.  When counting, the blocks PropCopyMore would ask for are
 * counted: the property's out-of-line data, nothing for other types. */
static void cursor_prop(struct notify_cursor *cursor, SPropValue *dst, const SPropValue *src)
{
    SCODE sc;
    ULONG size;

    if (cursor->sc) return;
    if (prop_tag_is_bad(src->ulPropTag) || prop_value_is_bad(src))
    {
        WARN("bad property %#lx.\n", src->ulPropTag);
        cursor_fail(cursor);
        return;
    }
    if (cursor->buffer)
    {
        if (FAILED(sc = PropCopyMore(dst, (SPropValue *)src, cursor_allocate_more, cursor))) cursor->sc = sc;
        return;
    }
    if (prop_data_size(src, &size) == S_OK) cursor_reserve(cursor, size);
    else if (prop_mv_slot_size(PROP_TYPE(src->ulPropTag))) cursor_fail(cursor);
}

/* Copies an array of properties: the array, then the data of each.  An
 * empty array becomes NULL. */
static SPropValue *cursor_props(struct notify_cursor *cursor, const SPropValue *src, ULONG count)
{
    SPropValue *dst, scratch;
    ULONG i;

    if (cursor->sc || !count) return NULL;
    if (!src || count > MAXDWORD / sizeof(*src) || IsBadReadPtr(src, count * sizeof(*src)))
        return cursor_fail(cursor);
    dst = cursor_reserve(cursor, (ULONGLONG)count * sizeof(*src));
    for (i = 0; i < count; i++) cursor_prop(cursor, dst ? &dst[i] : &scratch, &src[i]);
    return dst;
}

static SPropTagArray *cursor_tags(struct notify_cursor *cursor, const SPropTagArray *src)
{
    if (cursor->sc || !src) return NULL;
    if (IsBadReadPtr(src, offsetof(SPropTagArray, aulPropTag))
            || src->cValues > (MAXDWORD - offsetof(SPropTagArray, aulPropTag)) / sizeof(ULONG))
        return cursor_fail(cursor);
    return cursor_bytes(cursor, src, CbSPropTagArray(src));
}

static MAPIERROR *cursor_error(struct notify_cursor *cursor, const MAPIERROR *src, BOOL unicode)
{
    MAPIERROR *dst, scratch;

    if (cursor->sc || !src) return NULL;
    if (!(dst = cursor_bytes(cursor, src, sizeof(*src)))) dst = &scratch;
    dst->lpszError = cursor_string(cursor, src->lpszError, unicode);
    dst->lpszComponent = cursor_string(cursor, src->lpszComponent, unicode);
    return dst == &scratch ? NULL : dst;
}

/* Copies what one notification points to; dst already holds a copy of
 * src itself. */
static void cursor_notification(struct notify_cursor *cursor, NOTIFICATION *dst, const NOTIFICATION *src)
{
    switch (src->ulEventType)
    {
    case fnevCriticalError:
    {
        const ERROR_NOTIFICATION *err = &src->info.err;

        dst->info.err.lpEntryID = cursor_bytes(cursor, err->lpEntryID, err->cbEntryID);
        dst->info.err.lpMAPIError = cursor_error(cursor, err->lpMAPIError, !!(err->ulFlags & MAPI_UNICODE));
        break;
    }
    case fnevNewMail:
    {
        const NEWMAIL_NOTIFICATION *newmail = &src->info.newmail;

        dst->info.newmail.lpEntryID = cursor_bytes(cursor, newmail->lpEntryID, newmail->cbEntryID);
        dst->info.newmail.lpParentID = cursor_bytes(cursor, newmail->lpParentID, newmail->cbParentID);
        dst->info.newmail.lpszMessageClass = cursor_string(cursor, newmail->lpszMessageClass,
                !!(newmail->ulFlags & MAPI_UNICODE));
        break;
    }
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
    {
        const OBJECT_NOTIFICATION *obj = &src->info.obj;

        dst->info.obj.lpEntryID = cursor_bytes(cursor, obj->lpEntryID, obj->cbEntryID);
        dst->info.obj.lpParentID = cursor_bytes(cursor, obj->lpParentID, obj->cbParentID);
        dst->info.obj.lpOldID = cursor_bytes(cursor, obj->lpOldID, obj->cbOldID);
        dst->info.obj.lpOldParentID = cursor_bytes(cursor, obj->lpOldParentID, obj->cbOldParentID);
        dst->info.obj.lpPropTagArray = cursor_tags(cursor, obj->lpPropTagArray);
        break;
    }
    case fnevTableModified:
    {
        const TABLE_NOTIFICATION *tab = &src->info.tab;

        cursor_prop(cursor, &dst->info.tab.propIndex, &tab->propIndex);
        cursor_prop(cursor, &dst->info.tab.propPrior, &tab->propPrior);
        dst->info.tab.row.lpProps = cursor_props(cursor, tab->row.lpProps, tab->row.cValues);
        break;
    }
    case fnevStatusObjectModified:
    {
        const STATUS_OBJECT_NOTIFICATION *statobj = &src->info.statobj;

        dst->info.statobj.lpEntryID = cursor_bytes(cursor, statobj->lpEntryID, statobj->cbEntryID);
        dst->info.statobj.lpPropVals = cursor_props(cursor, statobj->lpPropVals, statobj->cValues);
        break;
    }
    case fnevExtended:
        dst->info.ext.pbEventParameters = cursor_bytes(cursor, src->info.ext.pbEventParameters, src->info.ext.cb);
        break;
    default:
        WARN("unknown event type %#lx.\n", src->ulEventType);
        cursor_fail(cursor);
        break;
    }
}

/* Counts (cursor without a buffer) or copies (with one) notifications: the
 * NOTIFICATION array first, then the data of each notification in order. */
static SCODE cursor_notifications(struct notify_cursor *cursor, int count, const NOTIFICATION *src)
{
    NOTIFICATION *dst, scratch;
    int i;

    if (count < 0 || (count && !src) || (ULONG)count > MAXDWORD / sizeof(*src)
            || IsBadReadPtr(src, (ULONG)count * sizeof(*src)))
        return MAPI_E_INVALID_PARAMETER;

    dst = cursor_reserve(cursor, (ULONG)count * sizeof(*src));
    for (i = 0; i < count && !cursor->sc; i++)
    {
        NOTIFICATION *out = dst ? &dst[i] : &scratch;

        *out = src[i];
        cursor_notification(cursor, out, &src[i]);
    }
    return cursor->sc;
}

/* Validates notifications and copies them to a new heap block with room
 * for header_size bytes before them, which must be a multiple of
 * NOTIFY_ALIGN. */
static SCODE notifications_dup(ULONG count, const NOTIFICATION *src, SIZE_T header_size, BYTE **out)
{
    struct notify_cursor cursor = {0};
    BYTE *block;
    SCODE sc;

    if (count > INT_MAX) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(sc = cursor_notifications(&cursor, count, src))) return sc;
    if (!(block = mapi_heap_alloc(header_size + cursor.used))) return MAPI_E_NOT_ENOUGH_MEMORY;

    memset(&cursor, 0, sizeof(cursor));
    cursor.buffer = block + header_size;
    if (FAILED(sc = cursor_notifications(&cursor, count, src)))
    {
        mapi_heap_free(block);
        return sc;
    }
    *out = block;
    return S_OK;
}

/***********************************************************************
 *              ScCountNotifications@12 (MAPI32.164)
 */
SCODE WINAPI ScCountNotifications(int count, LPNOTIFICATION notifications, ULONG *size)
{
    struct notify_cursor cursor = {0};
    SCODE sc;

    TRACE("%d, %p, %p.\n", count, notifications, size);

    if (FAILED(sc = cursor_notifications(&cursor, count, notifications))) return sc;
    if (size) *size = cursor.used;
    return S_OK;
}

/***********************************************************************
 *              ScCopyNotifications@16 (MAPI32.165)
 *
 * Writes the notifications to dst as one block: the NOTIFICATION array,
 * then what each notification points to, every part aligned to 8 bytes.
 * Nothing is written when a notification is invalid.  The copy is made
 * whether or not size is given.
 */
SCODE WINAPI ScCopyNotifications(int count, LPNOTIFICATION notifications, void *dst, ULONG *size)
{
    struct notify_cursor cursor = {0};
    SCODE sc;

    TRACE("%d, %p, %p, %p.\n", count, notifications, dst, size);

    if (count > 0 && !dst) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(sc = cursor_notifications(&cursor, count, notifications))) return sc;

    memset(&cursor, 0, sizeof(cursor));
    cursor.buffer = dst;
    if (FAILED(sc = cursor_notifications(&cursor, count, notifications))) return sc;
    if (size) *size = cursor.used;
    return S_OK;
}

struct notify_reloc
{
    const BYTE *base_old;
    BYTE *base_new;
};

/* Moves a pointer from the old base to the new one; NULL stays NULL. */
static void *reloc_ptr(const struct notify_reloc *reloc, void *ptr)
{
    if (!ptr) return NULL;
    return reloc->base_new + ((const BYTE *)ptr - reloc->base_old);
}

/* Relocates a property array and the pointers in it.  The array is read at
 * its new address, or where it is now when the new base is NULL. */
static SCODE reloc_props(const struct notify_reloc *reloc, SPropValue **props, ULONG count)
{
    SPropValue *array = *props;

    *props = reloc_ptr(reloc, array);
    if (reloc->base_new) array = *props;
    if (!count) return S_OK;
    return ScRelocProps(count, array, (void *)reloc->base_old, reloc->base_new, NULL);
}

static SCODE reloc_notification(const struct notify_reloc *reloc, NOTIFICATION *notification)
{
    SCODE sc;

    switch (notification->ulEventType)
    {
    case fnevCriticalError:
    {
        ERROR_NOTIFICATION *err = &notification->info.err;
        MAPIERROR *error = err->lpMAPIError;

        err->lpEntryID = reloc_ptr(reloc, err->lpEntryID);
        err->lpMAPIError = reloc_ptr(reloc, error);
        if (reloc->base_new) error = err->lpMAPIError;
        if (!error) return S_OK;
        error->lpszError = reloc_ptr(reloc, error->lpszError);
        error->lpszComponent = reloc_ptr(reloc, error->lpszComponent);
        return S_OK;
    }
    case fnevNewMail:
    {
        NEWMAIL_NOTIFICATION *newmail = &notification->info.newmail;

        newmail->lpEntryID = reloc_ptr(reloc, newmail->lpEntryID);
        newmail->lpParentID = reloc_ptr(reloc, newmail->lpParentID);
        newmail->lpszMessageClass = reloc_ptr(reloc, newmail->lpszMessageClass);
        return S_OK;
    }
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
    {
        OBJECT_NOTIFICATION *obj = &notification->info.obj;

        obj->lpEntryID = reloc_ptr(reloc, obj->lpEntryID);
        obj->lpParentID = reloc_ptr(reloc, obj->lpParentID);
        obj->lpOldID = reloc_ptr(reloc, obj->lpOldID);
        obj->lpOldParentID = reloc_ptr(reloc, obj->lpOldParentID);
        obj->lpPropTagArray = reloc_ptr(reloc, obj->lpPropTagArray);
        return S_OK;
    }
    case fnevTableModified:
    {
        TABLE_NOTIFICATION *tab = &notification->info.tab;

        if (FAILED(sc = ScRelocProps(1, &tab->propIndex, (void *)reloc->base_old, reloc->base_new, NULL)))
            return sc;
        if (FAILED(sc = ScRelocProps(1, &tab->propPrior, (void *)reloc->base_old, reloc->base_new, NULL)))
            return sc;
        return reloc_props(reloc, &tab->row.lpProps, tab->row.cValues);
    }
    case fnevStatusObjectModified:
    {
        STATUS_OBJECT_NOTIFICATION *statobj = &notification->info.statobj;

        statobj->lpEntryID = reloc_ptr(reloc, statobj->lpEntryID);
        return reloc_props(reloc, &statobj->lpPropVals, statobj->cValues);
    }
    case fnevExtended:
        notification->info.ext.pbEventParameters = reloc_ptr(reloc, notification->info.ext.pbEventParameters);
        return S_OK;
    }
    WARN("unknown event type %#lx.\n", notification->ulEventType);
    return MAPI_E_INVALID_PARAMETER;
}

static BOOL event_type_is_known(ULONG type)
{
    switch (type)
    {
    case fnevCriticalError:
    case fnevNewMail:
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
    case fnevTableModified:
    case fnevStatusObjectModified:
    case fnevExtended:
        return TRUE;
    }
    return FALSE;
}

/***********************************************************************
 *              ScRelocNotifications@20 (MAPI32.166)
 *
 * Adjusts the pointers of a block written by ScCopyNotifications after it
 * moved from base_old to base_new.  When one base is NULL the pointers are
 * turned into offsets or back.  size receives the size of the block, which
 * is measured where the data is: before relocating when the new base is
 * NULL, after it otherwise.
 */
SCODE WINAPI ScRelocNotifications(int count, LPNOTIFICATION notifications, void *base_old, void *base_new, ULONG *size)
{
    struct notify_reloc reloc = { base_old, base_new };
    struct notify_cursor cursor = {0};
    SCODE sc;
    int i;

    TRACE("%d, %p, %p, %p, %p.\n", count, notifications, base_old, base_new, size);

    if (count < 0 || (count && !notifications) || (!base_old && !base_new)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
        if (!event_type_is_known(notifications[i].ulEventType)) return MAPI_E_INVALID_PARAMETER;

    if (size && !base_new && FAILED(sc = cursor_notifications(&cursor, count, notifications))) return sc;
    for (i = 0; i < count; i++)
        if (FAILED(sc = reloc_notification(&reloc, &notifications[i]))) return sc;
    if (size && base_new && FAILED(sc = cursor_notifications(&cursor, count, notifications))) return sc;

    if (size) *size = cursor.used;
    return S_OK;
}

/* Made by HrAllocAdviseSink; held by whoever it is handed to.  Calls the
 * callback with the context and owns neither. */
struct advise_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    LPNOTIFCALLBACK callback;
    void *context;
};

/* The QueryInterface of both advise sinks made here. */
static HRESULT sink_query_interface(IMAPIAdviseSink *iface, REFIID iid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIAdviseSink))
    {
        IMAPIAdviseSink_AddRef(iface);
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static inline struct advise_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct advise_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI advise_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(iid), out);

    return sink_query_interface(iface, iid, out);
}

static ULONG WINAPI advise_sink_AddRef(IMAPIAdviseSink *iface)
{
    struct advise_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG refcount = InterlockedIncrement(&sink->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI advise_sink_Release(IMAPIAdviseSink *iface)
{
    struct advise_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG refcount = InterlockedDecrement(&sink->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount) mapi_heap_free(sink);
    return refcount;
}

/* Windows declares OnNotify as returning ULONG; the callback's value is
 * passed on, so CALLBACK_DISCONTINUE reaches the notification source. */
static HRESULT WINAPI advise_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct advise_sink *sink = impl_from_IMAPIAdviseSink(iface);

    TRACE("%p, %lu, %p.\n", iface, count, notifications);

    return sink->callback(sink->context, count, notifications);
}

static const IMAPIAdviseSinkVtbl advise_sink_vtbl =
{
    advise_sink_QueryInterface,
    advise_sink_AddRef,
    advise_sink_Release,
    advise_sink_OnNotify,
};

/***********************************************************************
 *              HrAllocAdviseSink@12 (MAPI32.36)
 */
HRESULT WINAPI HrAllocAdviseSink(LPNOTIFCALLBACK callback, void *context, LPMAPIADVISESINK *out)
{
    struct advise_sink *sink;

    TRACE("%p, %p, %p.\n", callback, context, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!callback) return MAPI_E_INVALID_PARAMETER;
    if (!(sink = mapi_heap_alloc(sizeof(*sink)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    sink->IMAPIAdviseSink_iface.lpVtbl = &advise_sink_vtbl;
    sink->refcount = 1;
    sink->callback = callback;
    sink->context = context;
    *out = &sink->IMAPIAdviseSink_iface;
    return S_OK;
}

/* Notifications for HrThisThreadAdviseSink wrappers wait in one queue until
 * the thread owning their window takes them.  A posted WM_MAPI_NOTIFY only
 * wakes that thread; the queue holds the data, so a lost wake-up message
 * loses nothing and a released wrapper can take its entries back. */
#define WM_MAPI_NOTIFY (WM_USER + 0x4d4e)

struct queue_entry
{
    struct queue_entry *prev, *next;
};

static struct queue_entry notify_queue = { &notify_queue, &notify_queue };
static SRWLOCK notify_queue_lock = SRWLOCK_INIT;

struct thread_sink;

/* Made by thread_sink_OnNotify, owned by the queue until a thread takes it
 * out.  Holds a reference to the wrapped sink, so that a delivery already
 * taken out of the queue can finish after the wrapper is gone. */
struct queued_notify
{
    struct queue_entry entry;
    const struct thread_sink *owner;    /* compared, never used */
    HWND window;
    IMAPIAdviseSink *sink;
    ULONG count;
    NOTIFICATION *notifications;        /* in the same block, after this */
};

#define QUEUED_NOTIFY_HEADER_SIZE ((sizeof(struct queued_notify) + NOTIFY_ALIGN - 1) & ~(NOTIFY_ALIGN - 1))

static void queued_notify_free(struct queued_notify *item)
{
    IMAPIAdviseSink_Release(item->sink);
    mapi_heap_free(item);
}

static void queue_add(struct queued_notify *item)
{
    AcquireSRWLockExclusive(&notify_queue_lock);
    item->entry.prev = notify_queue.prev;
    item->entry.next = &notify_queue;
    notify_queue.prev->next = &item->entry;
    notify_queue.prev = &item->entry;
    ReleaseSRWLockExclusive(&notify_queue_lock);
}

static void queue_unlink(struct queue_entry *entry)
{
    entry->prev->next = entry->next;
    entry->next->prev = entry->prev;
}

/* Takes out the oldest entry for the window, or the entry given. */
static struct queued_notify *queue_take(HWND window, const struct queued_notify *wanted)
{
    struct queued_notify *ret = NULL;
    struct queue_entry *entry;

    AcquireSRWLockExclusive(&notify_queue_lock);
    for (entry = notify_queue.next; entry != &notify_queue; entry = entry->next)
    {
        struct queued_notify *item = CONTAINING_RECORD(entry, struct queued_notify, entry);

        if (wanted ? item != wanted : item->window != window) continue;
        queue_unlink(entry);
        ret = item;
        break;
    }
    ReleaseSRWLockExclusive(&notify_queue_lock);
    return ret;
}

/* Takes out and frees every entry of a wrapper. */
static void queue_discard(const struct thread_sink *owner)
{
    struct queue_entry *entry, *next, discarded = { &discarded, &discarded };

    AcquireSRWLockExclusive(&notify_queue_lock);
    for (entry = notify_queue.next; entry != &notify_queue; entry = next)
    {
        next = entry->next;
        if (CONTAINING_RECORD(entry, struct queued_notify, entry)->owner != owner) continue;
        queue_unlink(entry);
        entry->next = discarded.next;
        discarded.next = entry;
    }
    ReleaseSRWLockExclusive(&notify_queue_lock);

    for (entry = discarded.next; entry != &discarded; entry = next)
    {
        next = entry->next;
        queued_notify_free(CONTAINING_RECORD(entry, struct queued_notify, entry));
    }
}

/* Delivers, on the calling thread, everything queued for its window,
 * including what arrives while delivering. */
static void queue_deliver(HWND window)
{
    struct queued_notify *item;

    while ((item = queue_take(window, NULL)))
    {
        TRACE("delivering %lu notifications to %p.\n", item->count, item->sink);
        IMAPIAdviseSink_OnNotify(item->sink, item->count, item->notifications);
        queued_notify_free(item);
    }
}

static LRESULT CALLBACK notify_window_proc(HWND window, UINT msg, WPARAM wparam, LPARAM lparam)
{
    if (msg != WM_MAPI_NOTIFY) return DefWindowProcW(window, msg, wparam, lparam);
    queue_deliver(window);
    return 0;
}

static const WCHAR notify_window_class[] = L"WineMapiNotifyWindow";
static INIT_ONCE notify_window_once = INIT_ONCE_STATIC_INIT;
static DWORD notify_window_tls = TLS_OUT_OF_INDEXES;

static BOOL WINAPI notify_window_init(INIT_ONCE *once, void *param, void **context)
{
    WNDCLASSW class = {0};

    class.lpfnWndProc = notify_window_proc;
    class.hInstance = mapi32_instance;
    class.lpszClassName = notify_window_class;
    /* A class left by an earlier load of the DLL has a stale procedure. */
    if (!RegisterClassW(&class) && (GetLastError() != ERROR_CLASS_ALREADY_EXISTS
            || !UnregisterClassW(notify_window_class, mapi32_instance) || !RegisterClassW(&class)))
    {
        ERR("cannot register the notification window class, error %lu.\n", GetLastError());
        return FALSE;
    }
    if ((notify_window_tls = TlsAlloc()) == TLS_OUT_OF_INDEXES)
    {
        ERR("no thread local storage, error %lu.\n", GetLastError());
        return FALSE;
    }
    return TRUE;
}

/* The calling thread's hidden notification window, or NULL when it has
 * none yet and create is FALSE.  It lives as long as the thread. */
static HWND notify_window_get(BOOL create)
{
    HWND window;

    if (!InitOnceExecuteOnce(&notify_window_once, notify_window_init, NULL, NULL)) return NULL;
    if ((window = TlsGetValue(notify_window_tls)) && IsWindow(window)) return window;
    if (!create) return NULL;

    window = CreateWindowExW(0, notify_window_class, NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
            mapi32_instance, NULL);
    if (!window) ERR("cannot create the notification window, error %lu.\n", GetLastError());
    TlsSetValue(notify_window_tls, window);
    return window;
}

/* Made by HrThisThreadAdviseSink on the thread that gets the notifications;
 * held by advise sources.  Holds the wrapped sink; what it queued is taken
 * back on the final release. */
struct thread_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    IMAPIAdviseSink *sink;
    HWND window;
};

static inline struct thread_sink *thread_sink_impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct thread_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI thread_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(iid), out);

    return sink_query_interface(iface, iid, out);
}

static ULONG WINAPI thread_sink_AddRef(IMAPIAdviseSink *iface)
{
    struct thread_sink *sink = thread_sink_impl_from_IMAPIAdviseSink(iface);
    ULONG refcount = InterlockedIncrement(&sink->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI thread_sink_Release(IMAPIAdviseSink *iface)
{
    struct thread_sink *sink = thread_sink_impl_from_IMAPIAdviseSink(iface);
    ULONG refcount = InterlockedDecrement(&sink->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (refcount) return refcount;
    queue_discard(sink);
    IMAPIAdviseSink_Release(sink->sink);
    mapi_heap_free(sink);
    return 0;
}

/* Copies the notifications, queues them for the wrapper's thread and wakes
 * it.  They are delivered when that thread dispatches its messages or calls
 * HrDispatchNotifications, even when it is the calling thread. */
static HRESULT WINAPI thread_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct thread_sink *sink = thread_sink_impl_from_IMAPIAdviseSink(iface);
    struct queued_notify *item;
    BYTE *block;
    SCODE sc;

    TRACE("%p, %lu, %p.\n", iface, count, notifications);

    if (FAILED(sc = notifications_dup(count, notifications, QUEUED_NOTIFY_HEADER_SIZE, &block))) return sc;
    item = (struct queued_notify *)block;
    item->owner = sink;
    item->window = sink->window;
    item->sink = sink->sink;
    IMAPIAdviseSink_AddRef(item->sink);
    item->count = count;
    item->notifications = (NOTIFICATION *)(block + QUEUED_NOTIFY_HEADER_SIZE);

    queue_add(item);
    if (PostMessageW(sink->window, WM_MAPI_NOTIFY, 0, 0)) return S_OK;

    WARN("cannot wake window %p, error %lu.\n", sink->window, GetLastError());
    if (!(item = queue_take(NULL, item))) return S_OK;
    queued_notify_free(item);
    return MAPI_E_CALL_FAILED;
}

static const IMAPIAdviseSinkVtbl thread_sink_vtbl =
{
    thread_sink_QueryInterface,
    thread_sink_AddRef,
    thread_sink_Release,
    thread_sink_OnNotify,
};

/***********************************************************************
 *              HrThisThreadAdviseSink@8 (MAPI32.42)
 */
HRESULT WINAPI HrThisThreadAdviseSink(LPMAPIADVISESINK wrapped, LPMAPIADVISESINK *out)
{
    struct thread_sink *sink;
    HWND window;

    TRACE("%p, %p.\n", wrapped, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!wrapped) return MAPI_E_INVALID_PARAMETER;
    if (!(window = notify_window_get(TRUE))) return MAPI_E_CALL_FAILED;
    if (!(sink = mapi_heap_alloc(sizeof(*sink)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    sink->IMAPIAdviseSink_iface.lpVtbl = &thread_sink_vtbl;
    sink->refcount = 1;
    sink->sink = wrapped;
    IMAPIAdviseSink_AddRef(wrapped);
    sink->window = window;
    *out = &sink->IMAPIAdviseSink_iface;
    return S_OK;
}

/***********************************************************************
 *              HrDispatchNotifications@4 (MAPI32.239)
 *
 * Delivers what HrThisThreadAdviseSink wrappers queued for the calling
 * thread.  A WM_QUIT waiting in the thread's queue is left there and
 * reported as MAPI_E_USER_CANCEL.
 */
HRESULT WINAPI HrDispatchNotifications(ULONG flags)
{
    HWND window;
    MSG msg;

    TRACE("%#lx.\n", flags);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!mapi_is_initialized()) return MAPI_E_NOT_INITIALIZED;

    if ((window = notify_window_get(FALSE)))
    {
        while (PeekMessageW(&msg, window, WM_MAPI_NOTIFY, WM_MAPI_NOTIFY, PM_REMOVE | PM_NOYIELD))
            ;
        queue_deliver(window);
    }
    if (PeekMessageW(&msg, NULL, WM_QUIT, WM_QUIT, PM_NOREMOVE | PM_NOYIELD)) return MAPI_E_USER_CANCEL;
    return S_OK;
}
