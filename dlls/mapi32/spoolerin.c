/*
 * mapi32: the spooler's inbound work: Poll, StartMessage into the store's
 * receive folder, and the new-mail notification
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A transport that asked for LOGON_SP_POLL is polled at the spooler's
 * interval, and at once after NOTIFY_NEWMAIL; when Poll reports incoming
 * mail, the spooler creates messages in the receive folder and hands them
 * to StartMessage until one comes back unsaved (nothing more came).  A
 * transport without LOGON_SP_POLL gets one StartMessage for each
 * NOTIFY_NEWMAIL.  Poll is never called inside the transport's critical
 * section (NOTIFY_CRITSEC), nor after END_INBOUND.
 */

#include "spooler.h"

WINE_DEFAULT_DEBUG_CHANNEL(spooler);

#define POLL_INTERVAL_DEFAULT   60000   /* ms, when the spooler has none set */
#define MESSAGES_PER_POLL       64      /* then the worker looks at its other work */

enum inbound_work { INBOUND_NONE, INBOUND_POLL, INBOUND_START };

/* Lock held. */
static BOOL entry_receives(const struct xp_entry *entry)
{
    return (entry->state & XP_INBOUND)
            && !(entry->state & (XP_CRITICAL_ERROR | XP_LOGGING_OFF | XP_LOGGED_OFF | XP_SUPPORT_GONE));
}

/* What to do with a transport now, and when it is due otherwise.  Lock held. */
static enum inbound_work inbound_work(struct xp_entry *entry, ULONGLONG now, ULONGLONG *due)
{
    if (!entry_receives(entry)) return INBOUND_NONE;
    if (!(entry->logon_flags & LOGON_SP_POLL))
    {
        if (!(entry->state & XP_WANTS_POLL)) return INBOUND_NONE;
        entry->state &= ~XP_WANTS_POLL;
        return INBOUND_START;
    }
    /* NONCRIT wakes the worker. */
    if (entry->state & XP_CRITSEC) return INBOUND_NONE;
    if ((entry->state & XP_WANTS_POLL) || entry->next_poll <= now)
    {
        entry->state &= ~XP_WANTS_POLL;
        return INBOUND_POLL;
    }
    *due = min(*due, entry->next_poll);
    return INBOUND_NONE;
}

/* The entry ID of a message, mapi_heap; NULL when it has none. */
static ENTRYID *message_entryid(struct spooler *spooler, IMessage *message, ULONG *cb)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_ENTRYID}};
    SPropValue *props = NULL;
    ENTRYID *eid = NULL;
    ULONG count = 0;
    HRESULT hr;

    SPOOLER_STORE_CALL(spooler, hr, IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &props));
    if (FAILED(hr)) return NULL;
    if (props[0].ulPropTag == PR_ENTRYID && (eid = mapi_heap_alloc(max(props[0].Value.bin.cb, 1))))
    {
        *cb = props[0].Value.bin.cb;
        memcpy(eid, props[0].Value.bin.lpb, *cb);
    }
    MAPIFreeBuffer(props);
    return eid;
}

/* A new message in the receive folder for StartMessage. */
static HRESULT inbound_create(struct spooler *spooler, IMessage **message)
{
    IMAPIFolder *folder = NULL;
    ENTRYID *folder_eid = NULL;
    char *explicit_class = NULL;
    ULONG cb = 0, type = 0;
    HRESULT hr;

    /* The class is not known before the transport fills the message. */
    SPOOLER_STORE_CALL(spooler, hr, IMsgStore_GetReceiveFolder(spooler->store, (char *)"IPM", 0, &cb, &folder_eid,
            &explicit_class));
    if (SUCCEEDED(hr))
        SPOOLER_STORE_CALL(spooler, hr, IMsgStore_OpenEntry(spooler->store, cb, folder_eid, NULL, MAPI_MODIFY, &type,
                (IUnknown **)&folder));
    if (SUCCEEDED(hr) && type != MAPI_FOLDER) hr = MAPI_E_INVALID_ENTRYID;
    if (SUCCEEDED(hr)) SPOOLER_STORE_CALL(spooler, hr, IMAPIFolder_CreateMessage(folder, NULL, 0, message));
    spooler_store_release(spooler, folder);
    MAPIFreeBuffer(folder_eid);
    MAPIFreeBuffer(explicit_class);
    if (FAILED(hr)) WARN("no message can be made in the receive folder, hr %#lx.\n", hr);
    return hr;
}

/* The transport saved the message: it is in the store.  Its entry ID is
 * read before StartMessage when the store gives one at creation (the
 * object may not be readable after a SaveChanges without KEEP_OPEN_*). */
static BOOL inbound_saved(struct spooler *spooler, ULONG cb, ENTRYID *eid, IMessage **saved)
{
    IUnknown *object = NULL;
    ULONG type = 0;
    HRESULT hr;

    *saved = NULL;
    if (!eid) return FALSE;
    SPOOLER_STORE_CALL(spooler, hr, IMsgStore_OpenEntry(spooler->store, cb, eid, NULL, 0, &type, &object));
    if (FAILED(hr)) return FALSE;
    if (type != MAPI_MESSAGE)
    {
        spooler_store_release(spooler, object);
        return FALSE;
    }
    *saved = (IMessage *)object;
    return TRUE;
}

/* One StartMessage: *received tells whether a message came. */
static HRESULT inbound_start(struct spooler *spooler, struct xp_entry *entry, BOOL *received)
{
    IMessage *message = NULL, *saved;
    ENTRYID *eid = NULL;
    IXPLogon *logon;
    BOOL faulted;
    ULONG cb = 0;
    HRESULT hr;

    *received = FALSE;
    if (FAILED(hr = inbound_create(spooler, &message))) return hr;
    eid = message_entryid(spooler, message, &cb);
    if (!(logon = xp_entry_begin_call(entry)))
    {
        spooler_store_release(spooler, message);
        mapi_heap_free(eid);
        return MAPI_E_CALL_FAILED;
    }
    EnterCriticalSection(&spooler->lock);
    entry->state |= XP_BUSY;
    entry->current_ref = 1;
    entry->cancel_current = FALSE;
    LeaveCriticalSection(&spooler->lock);

    TRACE("StartMessage of %s.\n", debugstr_a(entry->info.display_name));
    PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_StartMessage(logon, 0, message, &entry->current_ref));
    xp_entry_end_call(entry);

    EnterCriticalSection(&spooler->lock);
    entry->state &= ~XP_BUSY;
    entry->current_ref = 0;
    LeaveCriticalSection(&spooler->lock);
    if (faulted)
    {
        xp_entry_fault(entry, "StartMessage");
        hr = MAPI_E_CALL_FAILED;
    }
    if (SUCCEEDED(hr) && !eid) eid = message_entryid(spooler, message, &cb);
    /* What it did not save is dropped with the object. */
    spooler_store_release(spooler, message);
    if (FAILED(hr))
    {
        WARN("StartMessage failed, hr %#lx: the message is discarded.\n", hr);
        mapi_heap_free(eid);
        return hr;
    }
    if (inbound_saved(spooler, cb, eid, &saved))
    {
        *received = TRUE;
        EnterCriticalSection(&spooler->lock);
        spooler->received++;
        LeaveCriticalSection(&spooler->lock);
        if (FAILED(hr = spooler_notify_new_mail(spooler, saved))) WARN("NotifyNewMail failed, hr %#lx.\n", hr);
        spooler_store_release(spooler, saved);
    }
    else TRACE("nothing came.\n");
    mapi_heap_free(eid);
    return S_OK;
}

/* Lock held. */
static BOOL entry_may_poll(const struct xp_entry *entry)
{
    return entry_receives(entry) && !(entry->state & XP_CRITSEC);
}

/* Polls; when the transport has mail, it gets StartMessage calls until
 * one brings nothing (Poll says whether mail waits, not how much). */
static void inbound_poll(struct spooler *spooler, struct xp_entry *entry)
{
    ULONG count, incoming = 0;
    BOOL faulted, received, allowed;
    IXPLogon *logon;
    HRESULT hr;

    EnterCriticalSection(&spooler->lock);
    allowed = entry_may_poll(entry);
    LeaveCriticalSection(&spooler->lock);
    if (!allowed || !(logon = xp_entry_begin_call(entry))) return;
    PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_Poll(logon, &incoming));
    xp_entry_end_call(entry);
    if (faulted)
    {
        xp_entry_fault(entry, "Poll");
        return;
    }
    if (FAILED(hr))
    {
        WARN("Poll of %s failed, hr %#lx.\n", debugstr_a(entry->info.display_name), hr);
        return;
    }
    TRACE("%s has %lu incoming.\n", debugstr_a(entry->info.display_name), incoming);
    if (!incoming) return;
    for (count = 0; count < MESSAGES_PER_POLL && !spooler->stopping; count++)
        if (FAILED(inbound_start(spooler, entry, &received)) || !received) return;
    /* More may wait: the next pass polls again at once. */
    EnterCriticalSection(&spooler->lock);
    entry->state |= XP_WANTS_POLL;
    LeaveCriticalSection(&spooler->lock);
}

void spooler_process_inbound(struct spooler *spooler)
{
    ULONG interval = spooler->poll_interval ? spooler->poll_interval : POLL_INTERVAL_DEFAULT;
    ULONGLONG due = ~(ULONGLONG)0;
    enum inbound_work work;
    struct xp_entry *entry;
    BOOL received;
    ULONG i;

    TRACE("%p.\n", spooler);

    spooler->inbound_due = 0;
    if (spooler->stopping || !spooler->store) return;

    for (i = 0; !spooler->stopping; i++)
    {
        EnterCriticalSection(&spooler->lock);
        if (i >= spooler->entry_count)
        {
            LeaveCriticalSection(&spooler->lock);
            break;
        }
        entry = spooler->entries[i];
        if ((work = inbound_work(entry, GetTickCount64(), &due)) != INBOUND_NONE) xp_entry_addref(entry);
        LeaveCriticalSection(&spooler->lock);

        if (work == INBOUND_START) inbound_start(spooler, entry, &received);
        if (work == INBOUND_POLL)
        {
            inbound_poll(spooler, entry);
            EnterCriticalSection(&spooler->lock);
            entry->next_poll = GetTickCount64() + interval;
            if (entry->state & XP_WANTS_POLL) due = 0;
            else due = min(due, entry->next_poll);
            LeaveCriticalSection(&spooler->lock);
        }
        if (work != INBOUND_NONE) xp_entry_release(entry);
    }
    if (!due) spooler_wake(spooler);
    spooler->inbound_due = due == ~(ULONGLONG)0 ? 0 : due;
}
