/*
 * The local message store: a logon, its IMsgStore and IMSLogon faces
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The spooler's side, as the MAPI reference describes it.  SubmitMessage
 * (message.c) marks the message MSGFLAG_SUBMIT | MSGFLAG_UNSENT with a
 * submission time later than every earlier one, which puts it in the
 * outgoing queue, and calls IMAPISupport::SpoolerNotify(NOTIFY_READYTOSEND)
 * unless the logon had MDB_NO_MAIL.  The queue table is sorted oldest
 * first and raises table notifications.  SetLockState saves the message
 * object it is given and locks or unlocks it: a lock is a file beside the
 * message naming the process and logon, so spoolers in two processes never
 * send one message twice, and a lock whose process is gone counts for
 * nothing.  A message locked by another logon cannot be opened for
 * writing, and a client (not the spooler's logon) opening a queued message
 * with MAPI_MODIFY gets MAPI_E_SUBMITTED.  AbortSubmit refuses a locked
 * message (MAPI_E_UNABLE_TO_ABORT).  FinishedMsg unlocks the message,
 * takes it out of the queue (MSGFLAG_SUBMIT and MSGFLAG_UNSENT cleared)
 * and calls IMAPISupport::DoSentMail, which deletes it
 * (PR_DELETE_AFTER_SUBMIT) or moves it to PR_SENTMAIL_ENTRYID; with neither
 * it stays where it was sent from.  A logon that ends unlocks what it
 * locked.
 */

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

static LONG logon_serials;

static CRITICAL_SECTION logons_cs;
static CRITICAL_SECTION_DEBUG logons_cs_debug =
{
    0, 0, &logons_cs,
    { &logons_cs_debug.ProcessLocksList, &logons_cs_debug.ProcessLocksList },
    0, 0, { 0 }
};
static CRITICAL_SECTION logons_cs = { &logons_cs_debug, -1, 0, 0, 0, 0 };

static void mdb_list_lock(void)
{
    EnterCriticalSection(&logons_cs);
}

static void mdb_list_unlock(void)
{
    LeaveCriticalSection(&logons_cs);
}

static inline struct mdb *impl_from_IMsgStore(IMsgStore *iface)
{
    return CONTAINING_RECORD(iface, struct mdb, IMsgStore_iface);
}

static inline struct mdb *impl_from_IMSLogon(IMSLogon *iface)
{
    return CONTAINING_RECORD(iface, struct mdb, IMSLogon_iface);
}

IMAPISupport *mdb_support(struct mdb *mdb)
{
    if (!mdb->support) return NULL;
    IMAPISupport_AddRef(mdb->support);
    return mdb->support;
}

static BOOL iid_is_store(const IID *iid)
{
    static const IID *const allowed[] = {&IID_IMsgStore, &IID_IMAPIProp, &IID_IUnknown};
    return iid_is_one_of(iid, allowed, ARRAY_SIZE(allowed));
}

static BOOL iid_is_folder(const IID *iid)
{
    static const IID *const allowed[] = {&IID_IMAPIFolder, &IID_IMAPIContainer, &IID_IMAPIProp, &IID_IUnknown};
    return iid_is_one_of(iid, allowed, ARRAY_SIZE(allowed));
}

static BOOL iid_is_message(const IID *iid)
{
    static const IID *const allowed[] = {&IID_IMessage, &IID_IMAPIProp, &IID_IUnknown};
    return iid_is_one_of(iid, allowed, ARRAY_SIZE(allowed));
}

/* Whether eid is the store's own entry ID, as MAPI wrapped it or as we made it. */
static BOOL is_store_eid(struct mdb *mdb, ULONG cb, const ENTRYID *eid)
{
    ULONG kind, folder, message;

    if (cb == mdb->cb_wrapped && !memcmp(eid, mdb->wrapped, cb)) return TRUE;
    return eid_parse(&mdb->store->uid, cb, eid, &kind, &folder, &message) && kind == EID_STORE;
}

/* The logon is over: what it locked is unlocked (it stays queued) and its
 * subscriptions go. */
static void mdb_logoff(struct mdb *mdb)
{
    struct store *store = mdb->store;
    struct subscription **p, *s;
    ULONG unlocked;

    mdb_list_lock();
    if (mdb->provider)
    {
        struct mdb **link;

        for (link = &mdb->provider->logons; *link; link = &(*link)->next)
        {
            if (*link != mdb) continue;
            *link = mdb->next;
            break;
        }
        mdb->provider = NULL;
    }
    mdb_list_unlock();

    store_write_begin(store);
    if (mdb->logged_off)
    {
        store_write_end(store);
        return;
    }
    mdb->logged_off = TRUE;
    if ((unlocked = store_unlock_all(store, mdb->serial))) TRACE("%lu messages unlocked.\n", unlocked);
    for (p = &store->subscriptions; (s = *p);)
    {
        if (s->logon != mdb)
        {
            p = &s->next;
            continue;
        }
        *p = s->next;
        HeapFree(GetProcessHeap(), 0, s);
    }
    store_write_end(store);
}

static void mdb_destroy(struct mdb *mdb)
{
    mdb_logoff(mdb);
    store_release(mdb->store);
    MAPIFreeBuffer(mdb->wrapped);
    HeapFree(GetProcessHeap(), 0, mdb);
    InterlockedDecrement(&msgstore_live_objects);
}

void mdb_forget_provider(struct ms_provider *provider)
{
    struct mdb *mdb, *next;

    mdb_list_lock();
    for (mdb = provider->logons; mdb; mdb = next)
    {
        next = mdb->next;
        mdb->provider = NULL;
        mdb->next = NULL;
    }
    provider->logons = NULL;
    mdb_list_unlock();
}

/* The store's values (strings Unicode), one block. */
static HRESULT mdb_values(struct mdb *mdb, ULONG *count, SPropValue **values)
{
    static const struct { ULONG tag, folder; } folders[] =
    {
        {PR_IPM_SUBTREE_ENTRYID, FOLDER_ID_IPM},
        {PR_IPM_OUTBOX_ENTRYID, FOLDER_ID_OUTBOX},
        {PR_IPM_SENTMAIL_ENTRYID, FOLDER_ID_SENT},
        {PR_IPM_WASTEBASKET_ENTRYID, FOLDER_ID_DELETED},
    };
    struct store *store = mdb->store;
    struct msgstore_eid eids[ARRAY_SIZE(folders)];
    SPropValue props[24];
    ULONG n = 0, i;

    prop_binary(&props[n++], PR_ENTRYID, mdb->cb_wrapped, mdb->wrapped);
    prop_binary(&props[n++], PR_STORE_ENTRYID, mdb->cb_wrapped, mdb->wrapped);
    prop_binary(&props[n++], PR_RECORD_KEY, sizeof(store->uid), &store->uid);
    prop_binary(&props[n++], PR_STORE_RECORD_KEY, sizeof(store->uid), &store->uid);
    props[n].ulPropTag = PR_DISPLAY_NAME_W;
    props[n++].Value.lpszW = mdb->name;
    prop_binary(&props[n++], PR_MDB_PROVIDER, sizeof(msgstore_provider_uid), &msgstore_provider_uid);
    prop_long(&props[n++], PR_OBJECT_TYPE, MAPI_STORE);
    prop_long(&props[n++], PR_ACCESS_LEVEL, MAPI_MODIFY);
    prop_long(&props[n++], PR_STORE_SUPPORT_MASK, STORE_ENTRYID_UNIQUE | STORE_MODIFY_OK | STORE_CREATE_OK
            | STORE_ATTACH_OK | STORE_OLE_OK | STORE_SUBMIT_OK | STORE_NOTIFY_OK | STORE_MV_PROPS_OK
            | STORE_RESTRICTION_OK | STORE_SORT_OK | STORE_ANSI_OK | STORE_UNICODE_OK);
    prop_long(&props[n++], PR_VALID_FOLDER_MASK, FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_INBOX_VALID
            | FOLDER_IPM_OUTBOX_VALID | FOLDER_IPM_WASTEBASKET_VALID | FOLDER_IPM_SENTMAIL_VALID);
    for (i = 0; i < ARRAY_SIZE(folders); i++)
    {
        eid_make(&eids[i], &store->uid, EID_FOLDER, folders[i].folder, 0);
        prop_binary(&props[n++], folders[i].tag, sizeof(eids[i]), &eids[i]);
    }
    props[n].ulPropTag = PR_MSGSTORE_PATH_W;
    props[n++].Value.lpszW = store->path;
    return props_merge(0, NULL, n, props, NULL, count, values);
}

static HRESULT WINAPI mdb_QueryInterface(IMsgStore *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) || IsEqualGUID(riid, &IID_IMsgStore))
    {
        *out = iface;
        IMsgStore_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI mdb_AddRef(IMsgStore *iface)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    ULONG refs = InterlockedIncrement(&mdb->store_refs);

    TRACE("%p increasing refcount to %lu.\n", iface, refs);
    return refs;
}

/* The store face's last reference: StoreLogoffTransports with the flags
 * StoreLogoff recorded (LOGOFF_ABORT if it was never called), then the
 * support object goes, which makes MAPI log the logon off. */
static ULONG WINAPI mdb_Release(IMsgStore *iface)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    ULONG refs = InterlockedDecrement(&mdb->store_refs), flags;
    IMAPISupport *sup;
    HRESULT hr;

    TRACE("%p decreasing refcount to %lu.\n", iface, refs);
    if (refs) return refs;

    store_enter(mdb->store);
    sup = mdb->support;
    mdb->support = NULL;
    store_leave(mdb->store);

    mdb->releasing = TRUE;
    if (sup)
    {
        flags = mdb->store_logoff_called ? mdb->store_logoff_flags : LOGOFF_ABORT;
        if (FAILED(hr = IMAPISupport_StoreLogoffTransports(sup, &flags)))
            TRACE("StoreLogoffTransports answered %#lx.\n", hr);
        IMAPISupport_Release(sup);
    }
    mdb->releasing = FALSE;
    if (!mdb->logon_refs && !mdb->store_refs) mdb_destroy(mdb);
    return 0;
}

static HRESULT WINAPI mdb_GetLastError(IMsgStore *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return make_last_error(result, flags, error);
}

/* A store is not transacted: there is nothing to save. */
static HRESULT WINAPI mdb_SaveChanges(IMsgStore *iface, ULONG flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

static HRESULT WINAPI mdb_GetProps(IMsgStore *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **props)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    SPropValue *values;
    ULONG n;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, props);

    if (!count || !props) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = mdb_values(mdb, &n, &values))) return hr;
    hr = props_answer(values, n, tags, flags, count, props);
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT WINAPI mdb_GetPropList(IMsgStore *iface, ULONG flags, SPropTagArray **tags)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    SPropValue *values;
    ULONG n;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = mdb_values(mdb, &n, &values))) return hr;
    hr = props_answer_list(values, n, flags, tags);
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT WINAPI mdb_OpenProperty(IMsgStore *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    FIXME("%p, %#lx, %s, %#lx, %#lx, %p: the store's values are all computed.\n", iface, tag, debugstr_guid(iid),
            options, flags, out);
    if (out) *out = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mdb_SetProps(IMsgStore *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    FIXME("%p, %lu, %p, %p: the store keeps no values of its own.\n", iface, count, values, problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mdb_DeleteProps(IMsgStore *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    FIXME("%p, %p, %p: the store keeps no values of its own.\n", iface, tags, problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mdb_CopyTo(IMsgStore *iface, ULONG count, const IID *excluded, SPropTagArray *exclude,
        ULONG ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    FIXME("%p, %lu, %p, %p, %#lx, %p, %s, %p, %#lx, %p: stores are not copied.\n", iface, count, excluded, exclude,
            ui, progress, debugstr_guid(iid), dest, flags, problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mdb_CopyProps(IMsgStore *iface, SPropTagArray *tags, ULONG ui, IMAPIProgress *progress,
        const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    FIXME("%p, %p, %#lx, %p, %s, %p, %#lx, %p: stores are not copied.\n", iface, tags, ui, progress,
            debugstr_guid(iid), dest, flags, problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mdb_GetNamesFromIDs(IMsgStore *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    FIXME("%p, %p, %s, %#lx, %p, %p: named properties are each message's own.\n", iface, tags, debugstr_guid(guid),
            flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI mdb_GetIDsFromNames(IMsgStore *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    FIXME("%p, %lu, %p, %#lx, %p: named properties are each message's own.\n", iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

/* Advise through the logon's support object, keyed by the logon and what is watched. */
static HRESULT mdb_advise(struct mdb *mdb, ULONG cb, const ENTRYID *eid, ULONG mask, IMAPIAdviseSink *sink,
        ULONG *connection)
{
    SizedNOTIFKEY(sizeof(struct notify_key), key);
    struct store *store = mdb->store;
    struct notify_key target = {mdb->serial, 0, 0, 0};
    struct subscription *s;
    IMAPISupport *sup;
    HRESULT hr;

    if (!sink || !connection || !mask) return MAPI_E_INVALID_PARAMETER;
    /* No entry ID, or the store's own, means the whole store. */
    if ((cb || eid) && !is_store_eid(mdb, cb, eid))
    {
        if (!eid_parse(&store->uid, cb, eid, &target.kind, &target.folder, &target.message))
            return MAPI_E_INVALID_ENTRYID;
        if (target.kind == EID_MESSAGE) target.folder = 0;
    }
    if (!(s = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*s)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    store_enter(store);
    sup = mdb_support(mdb);
    store_leave(store);
    if (!sup)
    {
        HeapFree(GetProcessHeap(), 0, s);
        return MAPI_E_INVALID_OBJECT;
    }
    key.cb = sizeof(target);
    memcpy(key.ab, &target, sizeof(target));
    hr = IMAPISupport_Subscribe(sup, (NOTIFKEY *)&key, mask, 0, sink, connection);
    IMAPISupport_Release(sup);
    if (FAILED(hr))
    {
        HeapFree(GetProcessHeap(), 0, s);
        return hr;
    }
    s->logon = mdb;
    s->serial = mdb->serial;
    s->connection = *connection;
    s->mask = mask;
    s->kind = target.kind;
    s->folder = target.folder;
    s->message = target.message;
    store_enter(store);
    s->next = store->subscriptions;
    store->subscriptions = s;
    store_leave(store);
    return S_OK;
}

static HRESULT mdb_unadvise(struct mdb *mdb, ULONG connection)
{
    struct store *store = mdb->store;
    struct subscription **p, *s;
    IMAPISupport *sup;
    HRESULT hr;

    store_enter(store);
    for (p = &store->subscriptions; (s = *p); p = &s->next)
        if (s->logon == mdb && s->connection == connection) break;
    if (s) *p = s->next;
    sup = mdb_support(mdb);
    store_leave(store);
    if (!s)
    {
        if (sup) IMAPISupport_Release(sup);
        return MAPI_E_NOT_FOUND;
    }
    HeapFree(GetProcessHeap(), 0, s);
    if (!sup) return MAPI_E_INVALID_OBJECT;
    hr = IMAPISupport_Unsubscribe(sup, connection);
    IMAPISupport_Release(sup);
    return hr;
}

static HRESULT WINAPI mdb_Advise(IMsgStore *iface, ULONG cb, ENTRYID *eid, ULONG mask, IMAPIAdviseSink *sink,
        ULONG *connection)
{
    TRACE("%p, %lu, %p, %#lx, %p, %p.\n", iface, cb, eid, mask, sink, connection);
    return mdb_advise(impl_from_IMsgStore(iface), cb, eid, mask, sink, connection);
}

static HRESULT WINAPI mdb_Unadvise(IMsgStore *iface, ULONG connection)
{
    TRACE("%p, %lu.\n", iface, connection);
    return mdb_unadvise(impl_from_IMsgStore(iface), connection);
}

/* Messages are the same when their numbers are: the folder part of an
 * entry ID changes when a message moves. */
static HRESULT mdb_compare_entry_ids(struct mdb *mdb, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG flags, ULONG *result)
{
    ULONG kind1, folder1, message1, kind2, folder2, message2;
    BOOL store1, store2;

    if (!result || !eid1 || !eid2) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    store1 = is_store_eid(mdb, cb1, eid1);
    store2 = is_store_eid(mdb, cb2, eid2);
    if (store1 || store2)
    {
        if ((!store1 && !eid_parse(&mdb->store->uid, cb1, eid1, &kind1, &folder1, &message1))
                || (!store2 && !eid_parse(&mdb->store->uid, cb2, eid2, &kind2, &folder2, &message2)))
            return MAPI_E_INVALID_ENTRYID;
        *result = store1 && store2;
        return S_OK;
    }
    if (!eid_parse(&mdb->store->uid, cb1, eid1, &kind1, &folder1, &message1)
            || !eid_parse(&mdb->store->uid, cb2, eid2, &kind2, &folder2, &message2))
        return MAPI_E_INVALID_ENTRYID;
    if (kind1 != kind2) *result = FALSE;
    else if (kind1 == EID_MESSAGE) *result = message1 == message2;
    else *result = folder1 == folder2;
    return S_OK;
}

static HRESULT WINAPI mdb_CompareEntryIDs(IMsgStore *iface, ULONG cb1, ENTRYID *eid1, ULONG cb2, ENTRYID *eid2,
        ULONG flags, ULONG *result)
{
    TRACE("%p, %lu, %p, %lu, %p, %#lx, %p.\n", iface, cb1, eid1, cb2, eid2, flags, result);
    return mdb_compare_entry_ids(impl_from_IMsgStore(iface), cb1, eid1, cb2, eid2, flags, result);
}

HRESULT mdb_open_entry(struct mdb *mdb, ULONG cb, const ENTRYID *eid, const IID *iid, ULONG flags, ULONG *type,
        IUnknown **out)
{
    ULONG kind = EID_FOLDER, folder = FOLDER_ID_ROOT, message = 0;
    struct store *store = mdb->store;
    BOOL exists;
    HRESULT hr;

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS | SHOW_SOFT_DELETES | MAPI_NO_CACHE))
        return MAPI_E_UNKNOWN_FLAGS;
    if (flags & SHOW_SOFT_DELETES)
    {
        FIXME("nothing is soft-deleted.\n");
        return MAPI_E_NO_SUPPORT;
    }
    if ((cb || eid) && is_store_eid(mdb, cb, eid)) kind = EID_STORE;
    else if ((cb || eid) && !eid_parse(&store->uid, cb, eid, &kind, &folder, &message)) return MAPI_E_INVALID_ENTRYID;

    switch (kind)
    {
    case EID_STORE:
        if (!iid_is_store(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        IMsgStore_AddRef(&mdb->IMsgStore_iface);
        *type = MAPI_STORE;
        *out = (IUnknown *)&mdb->IMsgStore_iface;
        return S_OK;
    case EID_FOLDER:
        if (!iid_is_folder(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        store_sync(store);
        store_enter(store);
        exists = store_folder(store, folder) != NULL;
        store_leave(store);
        if (!exists) return MAPI_E_NOT_FOUND;
        if (FAILED(hr = folder_open(mdb, folder, (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) != 0,
                (IMAPIFolder **)out)))
            return hr;
        *type = MAPI_FOLDER;
        return S_OK;
    default:
        if (!iid_is_message(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        if (FAILED(hr = message_open(mdb, folder, message, flags, (IMessage **)out))) return hr;
        *type = MAPI_MESSAGE;
        return S_OK;
    }
}

static HRESULT WINAPI mdb_OpenEntry(IMsgStore *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", iface, cb, eid, debugstr_guid(iid), flags, type, out);
    return mdb_open_entry(impl_from_IMsgStore(iface), cb, eid, iid, flags, type, out);
}

/* A message class argument as Unicode ("" for none); FALSE when too long. */
static BOOL class_arg(const void *cls, ULONG flags, WCHAR *out, int size)
{
    out[0] = 0;
    if (!cls) return TRUE;
    if (flags & MAPI_UNICODE)
    {
        if (wcslen(cls) >= (size_t)size) return FALSE;
        wcscpy(out, cls);
        return TRUE;
    }
    return MultiByteToWideChar(CP_ACP, 0, cls, -1, out, size) > 0;
}

static struct receive_folder *receive_find(struct store *store, const WCHAR *cls)
{
    ULONG i;

    for (i = 0; i < store->receive_count; i++)
        if (!lstrcmpiW(store->receive[i].cls, cls)) return &store->receive[i];
    return NULL;
}

static HRESULT WINAPI mdb_SetReceiveFolder(IMsgStore *iface, LPSTR cls, ULONG flags, ULONG cb, ENTRYID *eid)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    struct store *store = mdb->store;
    struct receive_folder *entry, *grown;
    ULONG kind, folder = FOLDER_ID_INBOX, message;
    WCHAR name[256];
    HRESULT hr = S_OK;

    TRACE("%p, %p, %#lx, %lu, %p.\n", iface, cls, flags, cb, eid);

    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!class_arg(cls, flags, name, ARRAY_SIZE(name))) return MAPI_E_INVALID_PARAMETER;
    if (eid && (!eid_parse(&store->uid, cb, eid, &kind, &folder, &message) || kind != EID_FOLDER))
        return MAPI_E_INVALID_ENTRYID;

    store_write_begin(store);
    entry = receive_find(store, name);
    if (eid && !store_folder(store, folder)) hr = MAPI_E_NOT_FOUND;
    else if (!eid && name[0] && entry)
        *entry = store->receive[--store->receive_count];    /* back to its base class's folder */
    else if (entry)
        entry->folder = folder;
    else if (eid || !name[0])
    {
        if (store->receive) grown = HeapReAlloc(GetProcessHeap(), 0, store->receive,
                (store->receive_count + 1) * sizeof(*grown));
        else grown = HeapAlloc(GetProcessHeap(), 0, sizeof(*grown));
        if (!grown) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            store->receive = grown;
            wcscpy(grown[store->receive_count].cls, name);
            grown[store->receive_count++].folder = folder;
        }
    }
    if (SUCCEEDED(hr)) hr = store_write_receive(store);
    store_write_end(store);
    return hr;
}

static HRESULT WINAPI mdb_GetReceiveFolder(IMsgStore *iface, LPSTR cls, ULONG flags, ULONG *cb, ENTRYID **eid,
        LPSTR *explicit_class)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    struct store *store = mdb->store;
    struct receive_folder *entry = NULL;
    WCHAR name[256], *dot;
    ULONG folder = FOLDER_ID_INBOX;
    void *text;
    int len;

    TRACE("%p, %p, %#lx, %p, %p, %p.\n", iface, cls, flags, cb, eid, explicit_class);

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *eid = NULL;
    if (explicit_class) *explicit_class = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!class_arg(cls, flags, name, ARRAY_SIZE(name))) return MAPI_E_INVALID_PARAMETER;

    /* The class itself, else its nearest base class, else the default. */
    store_sync(store);
    store_enter(store);
    for (;;)
    {
        if ((entry = receive_find(store, name)) || !name[0]) break;
        if ((dot = wcsrchr(name, '.'))) *dot = 0;
        else name[0] = 0;
    }
    if (entry) folder = entry->folder;
    else name[0] = 0;
    store_leave(store);

    if (MAPIAllocateBuffer(sizeof(struct msgstore_eid), (void **)eid)) return MAPI_E_NOT_ENOUGH_MEMORY;
    eid_make((struct msgstore_eid *)*eid, &store->uid, EID_FOLDER, folder, 0);
    *cb = sizeof(struct msgstore_eid);
    if (!explicit_class) return S_OK;
    if (flags & MAPI_UNICODE) len = (wcslen(name) + 1) * sizeof(WCHAR);
    else len = WideCharToMultiByte(CP_ACP, 0, name, -1, NULL, 0, NULL, NULL);
    if (MAPIAllocateBuffer(len, &text))
    {
        MAPIFreeBuffer(*eid);
        *eid = NULL;
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (flags & MAPI_UNICODE) memcpy(text, name, len);
    else WideCharToMultiByte(CP_ACP, 0, name, -1, text, len, NULL, NULL);
    *explicit_class = text;
    return S_OK;
}

static HRESULT WINAPI mdb_GetReceiveFolderTable(IMsgStore *iface, ULONG flags, IMAPITable **table)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    struct store *store = mdb->store;
    SizedSPropTagArray(4, columns) = {4, {PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_MESSAGE_CLASS_W}};
    struct msgstore_eid eid;
    SPropValue values[4];
    SRowSet *rows;
    HRESULT hr = S_OK;
    ULONG i;

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (!(flags & MAPI_UNICODE)) columns.aulPropTag[3] = PR_MESSAGE_CLASS_A;

    store_sync(store);
    store_enter(store);
    if (MAPIAllocateBuffer(CbNewSRowSet(store->receive_count + 1), (void **)&rows)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else rows->cRows = 0;
    for (i = 0; SUCCEEDED(hr) && i < store->receive_count; i++)
    {
        SPropValue *row;
        ULONG n;

        eid_make(&eid, &store->uid, EID_FOLDER, store->receive[i].folder, 0);
        prop_binary(&values[0], PR_INSTANCE_KEY, sizeof(i), &i);
        prop_binary(&values[1], PR_ENTRYID, sizeof(eid), &eid);
        prop_binary(&values[2], PR_RECORD_KEY, sizeof(eid), &eid);
        values[3].ulPropTag = PR_MESSAGE_CLASS_W;
        values[3].Value.lpszW = store->receive[i].cls;
        if (FAILED(hr = props_merge(0, NULL, 4, values, NULL, &n, &row))) break;
        if (!(flags & MAPI_UNICODE)) hr = prop_copy_as(&row[3], &values[3], FALSE, row);
        rows->aRow[rows->cRows].ulAdrEntryPad = 0;
        rows->aRow[rows->cRows].cValues = n;
        rows->aRow[rows->cRows++].lpProps = row;
    }
    store_leave(store);
    if (SUCCEEDED(hr)) hr = table_snapshot(mdb, (SPropTagArray *)&columns, rows, table);
    if (rows) pFreeProws(rows);
    return hr;
}

/* What the logoff will find: queued messages, and whether one is being sent. */
static HRESULT WINAPI mdb_StoreLogoff(IMsgStore *iface, ULONG *flags)
{
    static const ULONG valid = LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET;
    struct mdb *mdb = impl_from_IMsgStore(iface);
    struct store *store = mdb->store;
    struct store_folder *folder;
    ULONG in, out = 0, i, j;

    TRACE("%p, %p.\n", iface, flags);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    in = *flags;
    if (in & ~valid) return MAPI_E_UNKNOWN_FLAGS;
    if (in & (in - 1)) return MAPI_E_INVALID_PARAMETER;
    mdb->store_logoff_called = TRUE;
    mdb->store_logoff_flags = in;

    store_sync(store);
    store_enter(store);
    for (i = 0; i < store->folder_count; i++)
    {
        folder = store->folders[i];
        for (j = 0; j < folder->entry_count; j++)
        {
            if (!entry_is_queued(folder->entries[j])) continue;
            out |= folder->entries[j]->lock_pid ? LOGOFF_OUTBOUND : LOGOFF_OUTBOUND_QUEUE;
        }
    }
    store_leave(store);
    *flags = out ? out : LOGOFF_COMPLETE;
    return S_OK;
}

/* The queued message an entry ID names; write lock held. */
static HRESULT queued_entry(struct mdb *mdb, ULONG cb, const ENTRYID *eid, struct msg_entry **entry)
{
    ULONG kind, folder, id;

    if (!eid_parse(&mdb->store->uid, cb, eid, &kind, &folder, &id) || kind != EID_MESSAGE)
        return MAPI_E_INVALID_ENTRYID;
    if (!(*entry = store_entry(mdb->store, id)) || !entry_is_queued(*entry)) return MAPI_E_NOT_IN_QUEUE;
    return S_OK;
}

/* Takes a message out of the queue: MSGFLAG_SUBMIT cleared (and flags). */
static HRESULT dequeue(struct store *store, struct msg_entry *entry, ULONG clear)
{
    SizedSPropTagArray(1, remove) = {1, {PR_SUBMIT_FLAGS}};
    SPropValue value;

    prop_long(&value, PR_MESSAGE_FLAGS, props_long(entry->count, entry->props, PR_MESSAGE_FLAGS, 0) & ~clear);
    return message_file_update(store, entry, 1, &value, (SPropTagArray *)&remove);
}

static HRESULT WINAPI mdb_AbortSubmit(IMsgStore *iface, ULONG cb, ENTRYID *eid, ULONG flags)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    struct store *store = mdb->store;
    struct msg_entry *entry;
    HRESULT hr;

    TRACE("%p, %lu, %p, %#lx.\n", iface, cb, eid, flags);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!eid) return MAPI_E_INVALID_PARAMETER;
    store_write_begin(store);
    if (SUCCEEDED(hr = queued_entry(mdb, cb, eid, &entry)))
    {
        if (entry->lock_pid) hr = MAPI_E_UNABLE_TO_ABORT;
        else hr = dequeue(store, entry, MSGFLAG_SUBMIT);
    }
    store_write_end(store);
    return hr;
}

static HRESULT WINAPI mdb_GetOutgoingQueue(IMsgStore *iface, ULONG flags, IMAPITable **table)
{
    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return table_queue(impl_from_IMsgStore(iface), table);
}

static HRESULT WINAPI mdb_SetLockState(IMsgStore *iface, IMessage *message, ULONG state)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    struct message *msg = message_from_iface(message);
    struct store *store = mdb->store;
    struct msg_entry *entry;
    HRESULT hr;

    TRACE("%p, %p, %lu.\n", iface, message, state);

    if (!msg || message_mdb(msg)->store != store) return MAPI_E_INVALID_PARAMETER;
    if (state != MSG_LOCKED && state != MSG_UNLOCKED) return MAPI_E_INVALID_PARAMETER;
    /* Changes made to the message before the call are saved, as the reference asks. */
    if (FAILED(hr = message_save_if_dirty(msg))) return hr;

    store_write_begin(store);
    if (!(entry = store_entry(store, message_id(msg))) || !entry_is_queued(entry)) hr = MAPI_E_NOT_IN_QUEUE;
    else hr = store_lock_message(store, entry, mdb->serial, state == MSG_LOCKED);
    store_write_end(store);
    return hr;
}

/* IMAPISupport::DoSentMail with the message opened for it; DoSentMail
 * releases the message it is given. */
static HRESULT sent_mail(struct mdb *mdb, ULONG folder, ULONG id)
{
    IMessage *message;
    IMAPISupport *sup;
    HRESULT hr;

    store_enter(mdb->store);
    sup = mdb_support(mdb);
    store_leave(mdb->store);
    if (!sup) return MAPI_E_INVALID_OBJECT;
    if (SUCCEEDED(hr = message_open(mdb, folder, id, MAPI_MODIFY, &message)))
    {
        /* A reference of our own across the call: a DoSentMail that fails early keeps its. */
        IMessage_AddRef(message);
        hr = IMAPISupport_DoSentMail(sup, 0, message);
        if (IMessage_Release(message)) IMessage_Release(message);
    }
    IMAPISupport_Release(sup);
    return hr;
}

static HRESULT WINAPI mdb_FinishedMsg(IMsgStore *iface, ULONG flags, ULONG cb, ENTRYID *eid)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);
    struct store *store = mdb->store;
    struct msg_entry *entry;
    ULONG folder = 0, id = 0;
    HRESULT hr;

    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, cb, eid);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!eid) return MAPI_E_INVALID_PARAMETER;
    store_write_begin(store);
    if (FAILED(hr = queued_entry(mdb, cb, eid, &entry))) ;
    else if (store_entry_locked_by_other(entry, mdb->serial)) hr = MAPI_E_NO_ACCESS;
    else if (SUCCEEDED(hr = store_lock_message(store, entry, mdb->serial, FALSE)))
    {
        folder = entry->folder->id;
        id = entry->id;
        hr = dequeue(store, entry, MSGFLAG_SUBMIT | MSGFLAG_UNSENT);
    }
    store_write_end(store);
    if (FAILED(hr)) return hr;
    return sent_mail(mdb, folder, id);
}

static HRESULT WINAPI mdb_NotifyNewMail(IMsgStore *iface, NOTIFICATION *notification)
{
    struct mdb *mdb = impl_from_IMsgStore(iface);

    TRACE("%p, %p.\n", iface, notification);

    if (!notification || notification->ulEventType != fnevNewMail) return MAPI_E_INVALID_PARAMETER;
    store_enter(mdb->store);
    notify_new_mail(mdb->store, notification);
    store_leave(mdb->store);
    return S_OK;
}

static const IMsgStoreVtbl mdb_vtbl =
{
    mdb_QueryInterface,
    mdb_AddRef,
    mdb_Release,
    mdb_GetLastError,
    mdb_SaveChanges,
    mdb_GetProps,
    mdb_GetPropList,
    mdb_OpenProperty,
    mdb_SetProps,
    mdb_DeleteProps,
    mdb_CopyTo,
    mdb_CopyProps,
    mdb_GetNamesFromIDs,
    mdb_GetIDsFromNames,
    mdb_Advise,
    mdb_Unadvise,
    mdb_CompareEntryIDs,
    mdb_OpenEntry,
    mdb_SetReceiveFolder,
    mdb_GetReceiveFolder,
    mdb_GetReceiveFolderTable,
    mdb_StoreLogoff,
    mdb_AbortSubmit,
    mdb_GetOutgoingQueue,
    mdb_SetLockState,
    mdb_FinishedMsg,
    mdb_NotifyNewMail,
};

/* The logon face, MAPI's. */

static HRESULT WINAPI msl_QueryInterface(IMSLogon *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMSLogon))
    {
        *out = iface;
        IMSLogon_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI msl_AddRef(IMSLogon *iface)
{
    struct mdb *mdb = impl_from_IMSLogon(iface);
    ULONG refs = InterlockedIncrement(&mdb->logon_refs);

    TRACE("%p increasing refcount to %lu.\n", iface, refs);
    return refs;
}

static ULONG WINAPI msl_Release(IMSLogon *iface)
{
    struct mdb *mdb = impl_from_IMSLogon(iface);
    ULONG refs = InterlockedDecrement(&mdb->logon_refs);

    TRACE("%p decreasing refcount to %lu.\n", iface, refs);
    if (refs) return refs;
    if (!mdb->store_refs && !mdb->releasing) mdb_destroy(mdb);
    return 0;
}

static HRESULT WINAPI msl_GetLastError(IMSLogon *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return make_last_error(result, flags, error);
}

static HRESULT WINAPI msl_Logoff(IMSLogon *iface, ULONG *flags)
{
    TRACE("%p, %p.\n", iface, flags);

    mdb_logoff(impl_from_IMSLogon(iface));
    return S_OK;
}

static HRESULT WINAPI msl_OpenEntry(IMSLogon *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", iface, cb, eid, debugstr_guid(iid), flags, type, out);
    return mdb_open_entry(impl_from_IMSLogon(iface), cb, eid, iid, flags, type, out);
}

static HRESULT WINAPI msl_CompareEntryIDs(IMSLogon *iface, ULONG cb1, ENTRYID *eid1, ULONG cb2, ENTRYID *eid2,
        ULONG flags, ULONG *result)
{
    TRACE("%p, %lu, %p, %lu, %p, %#lx, %p.\n", iface, cb1, eid1, cb2, eid2, flags, result);
    return mdb_compare_entry_ids(impl_from_IMSLogon(iface), cb1, eid1, cb2, eid2, flags, result);
}

static HRESULT WINAPI msl_Advise(IMSLogon *iface, ULONG cb, ENTRYID *eid, ULONG mask, IMAPIAdviseSink *sink,
        ULONG *connection)
{
    TRACE("%p, %lu, %p, %#lx, %p, %p.\n", iface, cb, eid, mask, sink, connection);
    return mdb_advise(impl_from_IMSLogon(iface), cb, eid, mask, sink, connection);
}

static HRESULT WINAPI msl_Unadvise(IMSLogon *iface, ULONG connection)
{
    TRACE("%p, %lu.\n", iface, connection);
    return mdb_unadvise(impl_from_IMSLogon(iface), connection);
}

static HRESULT WINAPI msl_OpenStatusEntry(IMSLogon *iface, const IID *iid, ULONG flags, ULONG *type, void **out)
{
    FIXME("%p, %s, %#lx, %p, %p: the store has no status object.\n", iface, debugstr_guid(iid), flags, type, out);
    if (out) *out = NULL;
    return MAPI_E_NO_SUPPORT;
}

static const IMSLogonVtbl msl_vtbl =
{
    msl_QueryInterface,
    msl_AddRef,
    msl_Release,
    msl_GetLastError,
    msl_Logoff,
    msl_OpenEntry,
    msl_CompareEntryIDs,
    msl_Advise,
    msl_Unadvise,
    msl_OpenStatusEntry,
};

HRESULT mdb_create(struct ms_provider *provider, IMAPISupport *sup, const struct spool_blob *info, ULONG flags,
        BOOL spooler, struct mdb **out)
{
    struct msgstore_eid eid;
    struct store *store;
    struct mdb *mdb;
    HRESULT hr;

    if (!(mdb = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*mdb)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = store_open(info->path, &info->uid, &store)))
    {
        HeapFree(GetProcessHeap(), 0, mdb);
        return hr;
    }
    mdb->IMsgStore_iface.lpVtbl = &mdb_vtbl;
    mdb->IMSLogon_iface.lpVtbl = &msl_vtbl;
    mdb->store_refs = 1;
    mdb->logon_refs = 1;
    mdb->serial = InterlockedIncrement(&logon_serials);
    mdb->spooler = spooler;
    mdb->flags = flags;
    mdb->store = store;
    lstrcpynW(mdb->name, info->name, ARRAY_SIZE(mdb->name));
    eid_make(&eid, &store->uid, EID_STORE, 0, 0);
    if (FAILED(hr = IMAPISupport_SetProviderUID(sup, &store->uid, 0))
            || FAILED(hr = IMAPISupport_WrapStoreEntryID(sup, sizeof(eid), (ENTRYID *)&eid, &mdb->cb_wrapped,
            &mdb->wrapped)))
    {
        store_release(store);
        HeapFree(GetProcessHeap(), 0, mdb);
        return hr;
    }
    store_enter(store);
    if (!store->wrapped && !MAPIAllocateBuffer(mdb->cb_wrapped, (void **)&store->wrapped))
    {
        memcpy(store->wrapped, mdb->wrapped, mdb->cb_wrapped);
        store->cb_wrapped = mdb->cb_wrapped;
    }
    store_leave(store);
    IMAPISupport_AddRef(sup);
    mdb->support = sup;
    InterlockedIncrement(&msgstore_live_objects);

    mdb_list_lock();
    mdb->provider = provider;
    mdb->next = provider->logons;
    provider->logons = mdb;
    mdb_list_unlock();
    *out = mdb;
    return S_OK;
}
