/*
 * The local message store: messages
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A message is mapi32's IMessage on structured storage (OpenIMsgOnIStg,
 * strings in Unicode) over a compound file held in memory: opening reads
 * the .msg file into memory, and SaveChanges saves the inner message into
 * that memory and writes the bytes to the disk atomically.  The file is
 * never held open, so a message being saved never blocks a reader and a
 * reader never sees half a file.
 *
 * The store's object wraps the inner message and forwards to it; it adds
 * what belongs to the store: the identity values (entry IDs, record and
 * search keys, the store's values), PR_MESSAGE_FLAGS as the store manages
 * it, access (a message opened without MAPI_MODIFY cannot change),
 * SubmitMessage and SetReadFlag.
 *
 * The index keeps, for the tables, every value of a message but objects,
 * with strings cut at 255 characters and binaries over 1024 bytes left out.
 */

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

#define INDEX_STRING_MAX    255
#define INDEX_BINARY_MAX    1024
#define INDEX_MV_MAX        4096

/* Opened or created by a client (or the spooler) through a logon.  Holds a
 * reference on the logon's store face, the inner message and the bytes
 * its storage lives in. */
struct message
{
    IMessage IMessage_iface;
    LONG refcount;
    struct mdb *mdb;
    ULONG folder;
    ULONG id;
    IMessage *inner;
    ILockBytes *bytes;
    BOOL writable;
    BOOL is_new;            /* never saved: not in its folder yet */
    BOOL submitted;         /* SubmitMessage done: only Release works */
    BOOL dirty;
};

static const IMessageVtbl message_vtbl;

/* Values the store answers for a message, whatever the file holds. */
static const ULONG identity_tags[] =
{
    PR_ENTRYID, PR_RECORD_KEY, PR_PARENT_ENTRYID, PR_STORE_ENTRYID, PR_STORE_RECORD_KEY, PR_MDB_PROVIDER,
    PR_OBJECT_TYPE, PR_ACCESS_LEVEL, PR_ACCESS, PR_MESSAGE_SIZE, PR_SUBMIT_FLAGS, PR_INSTANCE_KEY,
};

static inline struct message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct message, IMessage_iface);
}

struct message *message_from_iface(IMessage *iface)
{
    if (!iface || iface->lpVtbl != &message_vtbl) return NULL;
    return impl_from_IMessage(iface);
}

ULONG message_id(const struct message *msg)
{
    return msg->id;
}

struct mdb *message_mdb(const struct message *msg)
{
    return msg->mdb;
}

static BOOL is_identity(ULONG tag)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(identity_tags); i++)
        if (PROP_ID(identity_tags[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* ------------------------------------------------------------------------
 * Message files in memory.
 */

/* A storage over the bytes of a file (taken: data is copied). */
static HRESULT storage_open(const BYTE *data, SIZE_T size, ILockBytes **bytes, IStorage **storage)
{
    ULARGE_INTEGER length;
    HGLOBAL global;
    HRESULT hr;
    void *mem;

    *bytes = NULL;
    *storage = NULL;
    if (!(global = GlobalAlloc(GMEM_MOVEABLE, max(size, 1)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    mem = GlobalLock(global);
    memcpy(mem, data, size);
    GlobalUnlock(global);
    if (FAILED(hr = CreateILockBytesOnHGlobal(global, TRUE, bytes)))
    {
        GlobalFree(global);
        return hr;
    }
    length.QuadPart = size;
    ILockBytes_SetSize(*bytes, length);
    if ((hr = StgIsStorageILockBytes(*bytes)) == S_OK)
        hr = StgOpenStorageOnILockBytes(*bytes, NULL, STGM_READWRITE | STGM_SHARE_EXCLUSIVE, NULL, 0, storage);
    else if (SUCCEEDED(hr))
        hr = STG_E_FILEALREADYEXISTS;
    if (SUCCEEDED(hr)) return S_OK;
    ILockBytes_Release(*bytes);
    *bytes = NULL;
    return hr;
}

static HRESULT storage_create(ILockBytes **bytes, IStorage **storage)
{
    HRESULT hr;

    *storage = NULL;
    if (FAILED(hr = CreateILockBytesOnHGlobal(NULL, TRUE, bytes))) return hr;
    if (SUCCEEDED(hr = StgCreateDocfileOnILockBytes(*bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0,
            storage)))
        return S_OK;
    ILockBytes_Release(*bytes);
    *bytes = NULL;
    return hr;
}

static HRESULT inner_open(IStorage *storage, IMessage **inner)
{
    return pOpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, pMAPIGetDefaultMalloc(), NULL,
            storage, NULL, 0, MAPI_UNICODE, inner);
}

/* Reads a .msg file into an inner message; MAPI_E_CORRUPT_DATA (with a
 * WARN) when it is not a message file we can read. */
static HRESULT message_file_open(const WCHAR *path, IMessage **inner, ILockBytes **bytes)
{
    IStorage *storage;
    SIZE_T size;
    BYTE *data;
    HRESULT hr;

    *inner = NULL;
    *bytes = NULL;
    if (FAILED(hr = file_read_all(path, &data, &size))) return hr;
    if (!cfb_check(data, size)) hr = STG_E_DOCFILECORRUPT;
    else hr = storage_open(data, size, bytes, &storage);
    HeapFree(GetProcessHeap(), 0, data);
    if (SUCCEEDED(hr))
    {
        hr = inner_open(storage, inner);
        IStorage_Release(storage);
        if (FAILED(hr))
        {
            ILockBytes_Release(*bytes);
            *bytes = NULL;
        }
    }
    if (SUCCEEDED(hr)) return S_OK;
    WARN("the message file %s is damaged (hr %#lx): it is skipped.\n", debugstr_w(path), hr);
    return hr == MAPI_E_NOT_ENOUGH_MEMORY ? hr : MAPI_E_CORRUPT_DATA;
}

/* The bytes of the storage (locked: GlobalUnlock(*global) when done). */
static HRESULT storage_bytes(ILockBytes *bytes, HGLOBAL *global, const BYTE **data, SIZE_T *size)
{
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = ILockBytes_Stat(bytes, &stat, STATFLAG_NONAME))) return hr;
    if (FAILED(hr = GetHGlobalFromILockBytes(bytes, global))) return hr;
    if (!(*data = GlobalLock(*global))) return MAPI_E_NOT_ENOUGH_MEMORY;
    *size = stat.cbSize.QuadPart;
    return S_OK;
}

/* The values the index keeps of a message (one block). */
static HRESULT index_values(ULONG count, const SPropValue *props, ULONG *out_count, SPropValue **out)
{
    SPropValue *values, *value;
    ULONG i, j, n = 0, type, total;
    HRESULT hr = S_OK;
    SIZE_T len;

    if (MAPIAllocateBuffer((count + 1) * sizeof(*values), (void **)&values)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        type = PROP_TYPE(props[i].ulPropTag);
        if (type == PT_OBJECT || type == PT_ERROR || type == PT_NULL || is_identity(props[i].ulPropTag)) continue;
        if (type == PT_BINARY && props[i].Value.bin.cb > INDEX_BINARY_MAX) continue;
        if (type & MV_FLAG)
        {
            for (j = 0, total = 0; j < props[i].Value.MVi.cValues; j++)
            {
                if (type == PT_MV_BINARY) total += props[i].Value.MVbin.lpbin[j].cb;
                else if (type == PT_MV_UNICODE) total += wcslen(props[i].Value.MVszW.lppszW[j]) * sizeof(WCHAR);
                else if (type == PT_MV_STRING8) total += strlen(props[i].Value.MVszA.lppszA[j]);
                else total += 8;
            }
            if (total > INDEX_MV_MAX) continue;
        }
        value = &values[n++];
        if (FAILED(hr = prop_copy_as(value, &props[i], TRUE, values))) break;
        if (type == PT_STRING8 || type == PT_UNICODE)
        {
            len = wcslen(value->Value.lpszW);
            if (len > INDEX_STRING_MAX) value->Value.lpszW[INDEX_STRING_MAX] = 0;
        }
    }
    if (FAILED(hr))
    {
        MAPIFreeBuffer(values);
        return hr;
    }
    *out_count = n;
    *out = values;
    return S_OK;
}

static HRESULT inner_index_values(IMessage *inner, ULONG *count, SPropValue **values)
{
    SPropValue *props;
    ULONG n;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetProps(inner, NULL, MAPI_UNICODE, &n, &props))) return hr;
    hr = index_values(n, props, count, values);
    MAPIFreeBuffer(props);
    return hr;
}

HRESULT message_file_index(const WCHAR *path, ULONG *count, SPropValue **props, struct file_stamp *stamp)
{
    WIN32_FILE_ATTRIBUTE_DATA attributes;
    SPropValue *values, size_value;
    ILockBytes *bytes;
    IMessage *inner;
    ULONG n;
    HRESULT hr;

    *count = 0;
    *props = NULL;
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &attributes)) return file_error(GetLastError());
    stamp->size = ((ULONGLONG)attributes.nFileSizeHigh << 32) | attributes.nFileSizeLow;
    stamp->time = attributes.ftLastWriteTime;
    if (FAILED(hr = message_file_open(path, &inner, &bytes))) return hr;
    hr = inner_index_values(inner, &n, &values);
    IMessage_Release(inner);
    ILockBytes_Release(bytes);
    if (FAILED(hr))
    {
        WARN("the values of %s cannot be read, hr %#lx.\n", debugstr_w(path), hr);
        return MAPI_E_CORRUPT_DATA;
    }
    prop_long(&size_value, PR_MESSAGE_SIZE, (ULONG)min(stamp->size, MAXLONG));
    hr = props_merge(n, values, 1, &size_value, NULL, count, props);
    MAPIFreeBuffer(values);
    return hr;
}

/* Saves the inner message and writes its bytes as message id of folder
 * (write lock held). */
static HRESULT inner_write(struct store *store, struct store_folder *folder, ULONG id, IMessage *inner,
        ILockBytes *bytes)
{
    SPropValue *values;
    const BYTE *data;
    HGLOBAL global;
    SIZE_T size;
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = IMessage_SaveChanges(inner, KEEP_OPEN_READWRITE))) return hr;
    if (FAILED(hr = inner_index_values(inner, &count, &values))) return hr;
    if (SUCCEEDED(hr = storage_bytes(bytes, &global, &data, &size)))
    {
        hr = store_write_message(store, folder, id, data, size, count, values);
        GlobalUnlock(global);
    }
    MAPIFreeBuffer(values);
    return hr;
}

HRESULT message_file_update(struct store *store, struct msg_entry *entry, ULONG set_count, const SPropValue *set,
        const SPropTagArray *remove)
{
    struct store_folder *folder = entry->folder;
    WCHAR path[MAX_PATH];
    ILockBytes *bytes;
    IMessage *inner;
    HRESULT hr;

    if (!store_message_path(folder, entry->id, L".msg", path)) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = message_file_open(path, &inner, &bytes))) return hr;
    if (set_count) hr = IMessage_SetProps(inner, set_count, (SPropValue *)set, NULL);
    if (SUCCEEDED(hr) && remove && remove->cValues) hr = IMessage_DeleteProps(inner, (SPropTagArray *)remove, NULL);
    if (SUCCEEDED(hr)) hr = inner_write(store, folder, entry->id, inner, bytes);
    IMessage_Release(inner);
    ILockBytes_Release(bytes);
    return hr;
}

/* ------------------------------------------------------------------------
 * The message object.
 */

struct identity
{
    struct msgstore_eid eid, parent;
    BYTE record_key[sizeof(MAPIUID) + sizeof(ULONG)];
    SPropValue values[ARRAY_SIZE(identity_tags)];
    ULONG count;
};

static void message_identity(struct message *msg, struct identity *id)
{
    struct mdb *mdb = msg->mdb;
    struct store *store = mdb->store;
    struct msg_entry *entry;
    ULONG n = 0;

    store_enter(store);
    if ((entry = store_entry(store, msg->id)) && !msg->is_new) msg->folder = entry->folder->id;
    eid_make(&id->eid, &store->uid, EID_MESSAGE, msg->folder, msg->id);
    eid_make(&id->parent, &store->uid, EID_FOLDER, msg->folder, 0);
    memcpy(id->record_key, &store->uid, sizeof(MAPIUID));
    memcpy(id->record_key + sizeof(MAPIUID), &msg->id, sizeof(ULONG));
    prop_binary(&id->values[n++], PR_ENTRYID, sizeof(id->eid), &id->eid);
    prop_binary(&id->values[n++], PR_RECORD_KEY, sizeof(id->record_key), id->record_key);
    prop_binary(&id->values[n++], PR_PARENT_ENTRYID, sizeof(id->parent), &id->parent);
    if (mdb->wrapped) prop_binary(&id->values[n++], PR_STORE_ENTRYID, mdb->cb_wrapped, mdb->wrapped);
    prop_binary(&id->values[n++], PR_STORE_RECORD_KEY, sizeof(store->uid), &store->uid);
    prop_binary(&id->values[n++], PR_MDB_PROVIDER, sizeof(msgstore_provider_uid), &msgstore_provider_uid);
    prop_long(&id->values[n++], PR_OBJECT_TYPE, MAPI_MESSAGE);
    prop_long(&id->values[n++], PR_ACCESS_LEVEL, msg->writable ? MAPI_MODIFY : 0);
    prop_long(&id->values[n++], PR_ACCESS, MAPI_ACCESS_READ | (msg->writable ? MAPI_ACCESS_MODIFY : 0)
            | MAPI_ACCESS_DELETE);
    if (entry && !msg->is_new)
    {
        prop_long(&id->values[n++], PR_MESSAGE_SIZE, props_long(entry->count, entry->props, PR_MESSAGE_SIZE, 0));
        if (entry_is_queued(entry))
            prop_long(&id->values[n++], PR_SUBMIT_FLAGS, entry->lock_pid ? SUBMITFLAG_LOCKED : 0);
    }
    store_leave(store);
    id->count = n;
}

static HRESULT message_alloc(struct mdb *mdb, ULONG folder, ULONG id, IMessage *inner, ILockBytes *bytes,
        BOOL writable, IMessage **out)
{
    struct message *msg;

    if (!(msg = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*msg)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    msg->IMessage_iface.lpVtbl = &message_vtbl;
    msg->refcount = 1;
    msg->mdb = mdb;
    msg->folder = folder;
    msg->id = id;
    msg->inner = inner;
    msg->bytes = bytes;
    msg->writable = writable;
    IMsgStore_AddRef(&mdb->IMsgStore_iface);
    InterlockedIncrement(&msgstore_live_objects);
    *out = &msg->IMessage_iface;
    return S_OK;
}

HRESULT message_create(struct mdb *mdb, ULONG folder_id, IMessage **out)
{
    struct store *store = mdb->store;
    SPropValue values[3];
    ILockBytes *bytes;
    IStorage *storage;
    IMessage *inner;
    FILETIME now;
    HRESULT hr;
    GUID key;
    ULONG id;

    store_write_begin(store);
    if (!store_folder(store, folder_id)) hr = MAPI_E_OBJECT_DELETED;
    else hr = store_reserve_id(store, &id);
    store_write_end(store);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = storage_create(&bytes, &storage))) return hr;
    hr = inner_open(storage, &inner);
    IStorage_Release(storage);
    if (FAILED(hr))
    {
        ILockBytes_Release(bytes);
        return hr;
    }
    /* What a client composes is unsent; what the spooler delivers is received mail. */
    prop_long(&values[0], PR_MESSAGE_FLAGS, mdb->spooler ? MSGFLAG_UNMODIFIED : MSGFLAG_UNSENT | MSGFLAG_UNMODIFIED);
    CoCreateGuid(&key);
    prop_binary(&values[1], PR_SEARCH_KEY, sizeof(key), &key);
    GetSystemTimeAsFileTime(&now);
    values[2].ulPropTag = PR_CREATION_TIME;
    values[2].Value.ft = now;
    if (FAILED(hr = IMessage_SetProps(inner, ARRAY_SIZE(values), values, NULL))
            || FAILED(hr = message_alloc(mdb, folder_id, id, inner, bytes, TRUE, out)))
    {
        IMessage_Release(inner);
        ILockBytes_Release(bytes);
        return hr;
    }
    impl_from_IMessage(*out)->is_new = TRUE;
    impl_from_IMessage(*out)->dirty = TRUE;
    return S_OK;
}

HRESULT message_open(struct mdb *mdb, ULONG folder_id, ULONG id, ULONG flags, IMessage **out)
{
    struct store *store = mdb->store;
    struct store_folder *folder;
    struct msg_entry *entry;
    WCHAR path[MAX_PATH];
    ILockBytes *bytes;
    IMessage *inner;
    BOOL writable = FALSE, queued;
    HRESULT hr = S_OK;

    store_sync(store);
    store_enter(store);
    if ((entry = store_entry(store, id)))
    {
        folder = entry->folder;
        queued = entry_is_queued(entry);
        if ((flags & MAPI_MODIFY) && store_entry_locked_by_other(entry, mdb->serial)) hr = MAPI_E_NO_ACCESS;
        else if ((flags & MAPI_MODIFY) && queued && !mdb->spooler && entry->lock_serial != mdb->serial)
            hr = MAPI_E_SUBMITTED;
        else
            writable = (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) && (!queued || mdb->spooler)
                    && !store_entry_locked_by_other(entry, mdb->serial);
    }
    else if ((folder = store_folder(store, folder_id)))
    {
        /* Not in the index (yet): the file decides. */
        writable = (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) != 0;
    }
    else hr = MAPI_E_NOT_FOUND;
    if (SUCCEEDED(hr) && !store_message_path(folder, id, L".msg", path)) hr = MAPI_E_INVALID_ENTRYID;
    if (SUCCEEDED(hr)) folder_id = folder->id;
    store_leave(store);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = message_file_open(path, &inner, &bytes))) return hr;
    if (FAILED(hr = message_alloc(mdb, folder_id, id, inner, bytes, writable, out)))
    {
        IMessage_Release(inner);
        ILockBytes_Release(bytes);
    }
    return hr;
}

/* Saves the message (the computed values first); the lock is not held. */
static HRESULT message_save(struct message *msg)
{
    struct store *store = msg->mdb->store;
    static const SizedSPropTagArray(2, tags) = {2, {PR_MESSAGE_FLAGS, PR_HASATTACH}};
    struct store_folder *folder;
    struct msg_entry *entry;
    SPropValue *props, values[2];
    ULONG count, flags;
    FILETIME now;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetProps(msg->inner, (SPropTagArray *)&tags, 0, &count, &props))) return hr;
    flags = props[0].ulPropTag == PR_MESSAGE_FLAGS ? props[0].Value.l : 0;
    if (!msg->is_new) flags &= ~MSGFLAG_UNMODIFIED;
    if (props[1].ulPropTag == PR_HASATTACH && props[1].Value.b) flags |= MSGFLAG_HASATTACH;
    else flags &= ~MSGFLAG_HASATTACH;
    MAPIFreeBuffer(props);
    prop_long(&values[0], PR_MESSAGE_FLAGS, flags);
    GetSystemTimeAsFileTime(&now);
    values[1].ulPropTag = PR_LAST_MODIFICATION_TIME;
    values[1].Value.ft = now;
    if (FAILED(hr = IMessage_SetProps(msg->inner, ARRAY_SIZE(values), values, NULL))) return hr;

    store_write_begin(store);
    entry = store_entry(store, msg->id);
    if (entry && !msg->is_new) msg->folder = entry->folder->id;
    if (!(folder = store_folder(store, msg->folder))) hr = MAPI_E_OBJECT_DELETED;
    else if (!msg->is_new && !entry) hr = MAPI_E_OBJECT_DELETED;
    else if (entry && store_entry_locked_by_other(entry, msg->mdb->serial)) hr = MAPI_E_NO_ACCESS;
    else hr = inner_write(store, folder, msg->id, msg->inner, msg->bytes);
    store_write_end(store);
    if (FAILED(hr)) return hr;
    msg->is_new = FALSE;
    msg->dirty = FALSE;
    return S_OK;
}

HRESULT message_save_if_dirty(struct message *msg)
{
    if (msg->submitted) return MAPI_E_INVALID_OBJECT;
    if (!msg->writable || !msg->dirty || msg->is_new) return S_OK;
    return message_save(msg);
}

static HRESULT WINAPI message_QueryInterface(IMessage *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) || IsEqualGUID(riid, &IID_IMessage))
    {
        *out = iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI message_AddRef(IMessage *iface)
{
    struct message *msg = impl_from_IMessage(iface);
    ULONG refs = InterlockedIncrement(&msg->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refs);
    return refs;
}

static ULONG WINAPI message_Release(IMessage *iface)
{
    struct message *msg = impl_from_IMessage(iface);
    ULONG refs = InterlockedDecrement(&msg->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refs);
    if (refs) return refs;
    IMessage_Release(msg->inner);
    ILockBytes_Release(msg->bytes);
    IMsgStore_Release(&msg->mdb->IMsgStore_iface);
    HeapFree(GetProcessHeap(), 0, msg);
    InterlockedDecrement(&msgstore_live_objects);
    return 0;
}

static HRESULT WINAPI message_GetLastError(IMessage *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return make_last_error(result, flags, error);
}

static HRESULT WINAPI message_SaveChanges(IMessage *iface, ULONG flags)
{
    static const ULONG valid = KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS
            | SPAMFILTER_ONSAVE | NON_EMS_XP_SAVE;
    struct message *msg = impl_from_IMessage(iface);
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~valid) return MAPI_E_UNKNOWN_FLAGS;
    if (msg->submitted) return MAPI_E_INVALID_OBJECT;
    if (!msg->writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = message_save(msg))) return hr;
    /* Without KEEP_OPEN_READONLY the message stays open for writing. */
    if (flags & KEEP_OPEN_READONLY) msg->writable = FALSE;
    return S_OK;
}

/* Copies the inner answer with the identity values put in. */
static HRESULT answer_with_identity(const struct identity *id, ULONG count, SPropValue *props, ULONG *out_count,
        SPropValue **out)
{
    SPropValue *values;
    HRESULT hr = S_OK;
    ULONG i, n = 0;

    if (MAPIAllocateBuffer((count + id->count + 1) * sizeof(*values), (void **)&values))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (is_identity(props[i].ulPropTag)) continue;
        hr = pPropCopyMore(&values[n++], &props[i], MAPIAllocateMore, values);
    }
    for (i = 0; i < id->count && SUCCEEDED(hr); i++)
        hr = pPropCopyMore(&values[n++], (SPropValue *)&id->values[i], MAPIAllocateMore, values);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(values);
        return hr;
    }
    *out_count = n;
    *out = values;
    return S_OK;
}

static HRESULT WINAPI message_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **props)
{
    struct message *msg = impl_from_IMessage(iface);
    const SPropValue *have;
    struct identity id;
    SPropValue *values;
    ULONG n, i, want;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, props);

    if (!count || !props) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = IMessage_GetProps(msg->inner, tags, flags, &n, &values))) return hr;
    message_identity(msg, &id);
    if (!tags)
    {
        hr = answer_with_identity(&id, n, values, count, props);
        MAPIFreeBuffer(values);
        return hr;
    }
    hr = S_OK;
    for (i = 0; i < n; i++)
    {
        want = PROP_TYPE(tags->aulPropTag[i]);
        if (is_identity(tags->aulPropTag[i]) && (have = props_find(id.count, id.values, tags->aulPropTag[i]))
                && (want == PT_UNSPECIFIED || want == PROP_TYPE(have->ulPropTag))
                && FAILED(pPropCopyMore(&values[i], (SPropValue *)have, MAPIAllocateMore, values)))
        {
            MAPIFreeBuffer(values);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        if (PROP_TYPE(values[i].ulPropTag) == PT_ERROR) hr = MAPI_W_ERRORS_RETURNED;
    }
    *count = n;
    *props = values;
    return hr;
}

static HRESULT WINAPI message_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    struct message *msg = impl_from_IMessage(iface);
    SPropTagArray *inner, *list;
    struct identity id;
    ULONG i, n = 0;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = IMessage_GetPropList(msg->inner, flags, &inner))) return hr;
    message_identity(msg, &id);
    if (MAPIAllocateBuffer(CbNewSPropTagArray(inner->cValues + id.count), (void **)&list))
    {
        MAPIFreeBuffer(inner);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < inner->cValues; i++)
        if (!is_identity(inner->aulPropTag[i])) list->aulPropTag[n++] = inner->aulPropTag[i];
    for (i = 0; i < id.count; i++) list->aulPropTag[n++] = id.values[i].ulPropTag;
    list->cValues = n;
    MAPIFreeBuffer(inner);
    *tags = list;
    return S_OK;
}

static HRESULT WINAPI message_OpenProperty(IMessage *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if ((flags & (MAPI_MODIFY | MAPI_CREATE)) && !msg->writable)
    {
        if (out) *out = NULL;
        return MAPI_E_NO_ACCESS;
    }
    if (flags & (MAPI_MODIFY | MAPI_CREATE)) msg->dirty = TRUE;
    return IMessage_OpenProperty(msg->inner, tag, iid, options, flags, out);
}

/* Values the store computes are refused (MAPI_E_COMPUTED); PR_MESSAGE_FLAGS
 * only until the first save.  The others go to the inner message. */
static BOOL message_refuses(const struct message *msg, ULONG tag)
{
    return is_identity(tag) || (PROP_ID(tag) == PROP_ID(PR_MESSAGE_FLAGS) && !msg->is_new);
}

static HRESULT WINAPI message_SetProps(IMessage *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    struct message *msg = impl_from_IMessage(iface);
    SPropProblemArray *inner_problems = NULL;
    ULONG *map, *indexes, *tags, i, n = 0, refused = 0;
    SPropValue *kept;
    SCODE *codes;
    HRESULT hr;

    TRACE("%p, %lu, %p, %p.\n", iface, count, values, problems);

    if (problems) *problems = NULL;
    if (!values || !count) return MAPI_E_INVALID_PARAMETER;
    if (!msg->writable) return MAPI_E_NO_ACCESS;
    if (!(kept = HeapAlloc(GetProcessHeap(), 0, count * (sizeof(*kept) + 3 * sizeof(ULONG) + sizeof(SCODE)))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    map = (ULONG *)(kept + count);
    indexes = map + count;
    tags = indexes + count;
    codes = (SCODE *)(tags + count);
    for (i = 0; i < count; i++)
    {
        if (!message_refuses(msg, values[i].ulPropTag))
        {
            map[n] = i;
            kept[n++] = values[i];
            continue;
        }
        indexes[refused] = i;
        tags[refused] = values[i].ulPropTag;
        codes[refused++] = MAPI_E_COMPUTED;
    }
    hr = n ? IMessage_SetProps(msg->inner, n, kept, problems ? &inner_problems : NULL) : S_OK;
    if (SUCCEEDED(hr))
    {
        msg->dirty = TRUE;
        for (i = 0; inner_problems && i < inner_problems->cProblem; i++)
        {
            indexes[refused] = map[inner_problems->aProblem[i].ulIndex];
            tags[refused] = inner_problems->aProblem[i].ulPropTag;
            codes[refused++] = inner_problems->aProblem[i].scode;
        }
        if (problems) hr = props_problems(refused, indexes, tags, codes, problems);
    }
    MAPIFreeBuffer(inner_problems);
    HeapFree(GetProcessHeap(), 0, kept);
    return hr;
}

static HRESULT WINAPI message_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct message *msg = impl_from_IMessage(iface);
    SPropProblemArray *inner_problems = NULL;
    ULONG *map, *indexes, *refused_tags, i, n = 0, refused = 0;
    SPropTagArray *kept;
    SCODE *codes;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, tags, problems);

    if (problems) *problems = NULL;
    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (!msg->writable) return MAPI_E_NO_ACCESS;
    if (!(kept = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(tags->cValues)
            + tags->cValues * (3 * sizeof(ULONG) + sizeof(SCODE)))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    map = (ULONG *)((BYTE *)kept + CbNewSPropTagArray(tags->cValues));
    indexes = map + tags->cValues;
    refused_tags = indexes + tags->cValues;
    codes = (SCODE *)(refused_tags + tags->cValues);
    for (i = 0; i < tags->cValues; i++)
    {
        if (!message_refuses(msg, tags->aulPropTag[i]))
        {
            map[n] = i;
            kept->aulPropTag[n++] = tags->aulPropTag[i];
            continue;
        }
        indexes[refused] = i;
        refused_tags[refused] = tags->aulPropTag[i];
        codes[refused++] = MAPI_E_COMPUTED;
    }
    kept->cValues = n;
    hr = n ? IMessage_DeleteProps(msg->inner, kept, problems ? &inner_problems : NULL) : S_OK;
    if (SUCCEEDED(hr))
    {
        msg->dirty = TRUE;
        for (i = 0; inner_problems && i < inner_problems->cProblem; i++)
        {
            indexes[refused] = map[inner_problems->aProblem[i].ulIndex];
            refused_tags[refused] = inner_problems->aProblem[i].ulPropTag;
            codes[refused++] = inner_problems->aProblem[i].scode;
        }
        if (problems) hr = props_problems(refused, indexes, refused_tags, codes, problems);
    }
    MAPIFreeBuffer(inner_problems);
    HeapFree(GetProcessHeap(), 0, kept);
    return hr;
}

static HRESULT WINAPI message_CopyTo(IMessage *iface, ULONG count, const IID *excluded, SPropTagArray *exclude,
        ULONG ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %lu, %p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, count, excluded, exclude, ui, progress,
            debugstr_guid(iid), dest, flags, problems);

    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    if ((flags & MAPI_MOVE) && !msg->writable) return MAPI_E_NO_ACCESS;
    return IMessage_CopyTo(msg->inner, count, excluded, exclude, ui, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI message_CopyProps(IMessage *iface, SPropTagArray *tags, ULONG ui, IMAPIProgress *progress,
        const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, tags, ui, progress, debugstr_guid(iid), dest, flags,
            problems);

    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    if ((flags & MAPI_MOVE) && !msg->writable) return MAPI_E_NO_ACCESS;
    return IMessage_CopyProps(msg->inner, tags, ui, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI message_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return IMessage_GetNamesFromIDs(msg->inner, tags, guid, flags, count, names);
}

static HRESULT WINAPI message_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);

    if ((flags & MAPI_CREATE) && !msg->writable) return MAPI_E_NO_ACCESS;
    return IMessage_GetIDsFromNames(msg->inner, count, names, flags, tags);
}

static HRESULT WINAPI message_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, table);
    return IMessage_GetAttachmentTable(msg->inner, flags, table);
}

static HRESULT WINAPI message_OpenAttach(IMessage *iface, ULONG num, const IID *iid, ULONG flags, IAttach **attach)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %lu, %s, %#lx, %p.\n", iface, num, debugstr_guid(iid), flags, attach);

    if (flags & MAPI_MODIFY)
    {
        if (!msg->writable) return MAPI_E_NO_ACCESS;
        msg->dirty = TRUE;
    }
    /* Without MAPI_MODIFY an attachment of a read-only message opens read-only. */
    if (!msg->writable) flags &= ~MAPI_BEST_ACCESS;
    else if (flags & MAPI_BEST_ACCESS) msg->dirty = TRUE;
    return IMessage_OpenAttach(msg->inner, num, iid, flags, attach);
}

static HRESULT WINAPI message_CreateAttach(IMessage *iface, const IID *iid, ULONG flags, ULONG *num, IAttach **attach)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %s, %#lx, %p, %p.\n", iface, debugstr_guid(iid), flags, num, attach);

    if (!msg->writable) return MAPI_E_NO_ACCESS;
    msg->dirty = TRUE;
    return IMessage_CreateAttach(msg->inner, iid, flags, num, attach);
}

static HRESULT WINAPI message_DeleteAttach(IMessage *iface, ULONG num, ULONG ui, IMAPIProgress *progress,
        ULONG flags)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %lu, %#lx, %p, %#lx.\n", iface, num, ui, progress, flags);

    if (!msg->writable) return MAPI_E_NO_ACCESS;
    msg->dirty = TRUE;
    return IMessage_DeleteAttach(msg->inner, num, ui, progress, flags);
}

static HRESULT WINAPI message_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, table);
    return IMessage_GetRecipientTable(msg->inner, flags, table);
}

static HRESULT WINAPI message_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *mods)
{
    struct message *msg = impl_from_IMessage(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, mods);

    if (!msg->writable) return MAPI_E_NO_ACCESS;
    msg->dirty = TRUE;
    return IMessage_ModifyRecipients(msg->inner, flags, mods);
}

/* Every recipient as not yet taken by a transport (PR_RESPONSIBILITY FALSE);
 * FALSE in *any when there is none. */
static HRESULT recipients_reset(struct message *msg, BOOL *any)
{
    SPropTagArray *columns = NULL;
    SRowSet *rows = NULL;
    IMAPITable *table;
    ADRLIST *list = NULL;
    HRESULT hr;
    ULONG i, j, n;

    *any = FALSE;
    if (FAILED(hr = IMessage_GetRecipientTable(msg->inner, MAPI_UNICODE, &table))) return hr;
    if (SUCCEEDED(hr = table->lpVtbl->QueryColumns(table, TBL_ALL_COLUMNS, &columns)))
        hr = pHrQueryAllRows(table, columns, NULL, NULL, 0, &rows);
    table->lpVtbl->Release(table);
    MAPIFreeBuffer(columns);
    if (FAILED(hr)) return hr;
    if (!(*any = rows->cRows != 0))
    {
        pFreeProws(rows);
        return S_OK;
    }
    if (MAPIAllocateBuffer(CbNewADRLIST(rows->cRows), (void **)&list)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; SUCCEEDED(hr) && i < rows->cRows; i++)
    {
        SPropValue *values;

        if (MAPIAllocateMore((rows->aRow[i].cValues + 1) * sizeof(*values), list, (void **)&values))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        for (j = 0, n = 0; j < rows->aRow[i].cValues; j++)
        {
            ULONG tag = rows->aRow[i].lpProps[j].ulPropTag;

            if (PROP_TYPE(tag) == PT_ERROR || PROP_ID(tag) == PROP_ID(PR_RESPONSIBILITY)) continue;
            values[n++] = rows->aRow[i].lpProps[j];
        }
        prop_bool(&values[n++], PR_RESPONSIBILITY, FALSE);
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = n;
        list->aEntries[i].rgPropVals = values;
    }
    if (SUCCEEDED(hr))
    {
        list->cEntries = rows->cRows;
        hr = IMessage_ModifyRecipients(msg->inner, MODRECIP_MODIFY, list);
    }
    /* The entries point into the rows and into the list's own block. */
    MAPIFreeBuffer(list);
    pFreeProws(rows);
    return hr;
}

static HRESULT message_flags(struct message *msg, ULONG *flags)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_MESSAGE_FLAGS}};
    SPropValue *value;
    ULONG count;
    HRESULT hr;

    *flags = 0;
    if (FAILED(hr = IMessage_GetProps(msg->inner, (SPropTagArray *)&tags, 0, &count, &value))) return hr;
    if (value->ulPropTag == PR_MESSAGE_FLAGS) *flags = value->Value.l;
    MAPIFreeBuffer(value);
    return S_OK;
}

static HRESULT WINAPI message_SubmitMessage(IMessage *iface, ULONG flags)
{
    struct message *msg = impl_from_IMessage(iface);
    struct mdb *mdb = msg->mdb;
    struct store *store = mdb->store;
    struct msg_entry *entry;
    IMAPISupport *sup;
    SPropValue values[2];
    ULONG message_flags_value, prepare = 0;
    BOOL queued, any;
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~FORCE_SUBMIT) return MAPI_E_UNKNOWN_FLAGS;
    if (msg->submitted) return MAPI_E_INVALID_OBJECT;
    if (!msg->writable) return MAPI_E_NO_ACCESS;

    store_enter(store);
    queued = !msg->is_new && (entry = store_entry(store, msg->id)) && entry_is_queued(entry);
    sup = mdb_support(mdb);
    store_leave(store);
    if (!sup) return MAPI_E_INVALID_OBJECT;

    /* On a queued message it is the spooler saying that preprocessing is done. */
    if (queued)
    {
        hr = message_save(msg);
        IMAPISupport_Release(sup);
        return hr;
    }
    if (FAILED(hr = message_flags(msg, &message_flags_value)) || FAILED(hr = recipients_reset(msg, &any)))
        goto done;
    if (!any)
    {
        hr = MAPI_E_NO_RECIPIENTS;
        goto done;
    }
    if ((message_flags_value & MSGFLAG_RESEND) && FAILED(hr = IMAPISupport_PrepareSubmit(sup, iface, &prepare)))
        goto done;
    prop_long(&values[0], PR_MESSAGE_FLAGS, message_flags_value | MSGFLAG_SUBMIT | MSGFLAG_UNSENT);
    values[1].ulPropTag = PR_CLIENT_SUBMIT_TIME;
    store_enter(store);
    values[1].Value.ft = store_submit_time(store);
    store_leave(store);
    if (FAILED(hr = IMessage_SetProps(msg->inner, ARRAY_SIZE(values), values, NULL))) goto done;
    if (FAILED(hr = message_save(msg))) goto done;
    msg->submitted = TRUE;
    if (!(mdb->flags & MDB_NO_MAIL))
    {
        HRESULT notified = IMAPISupport_SpoolerNotify(sup, NOTIFY_READYTOSEND, NULL);
        if (FAILED(notified)) TRACE("SpoolerNotify answered %#lx.\n", notified);
    }
done:
    IMAPISupport_Release(sup);
    return hr;
}

static HRESULT WINAPI message_SetReadFlag(IMessage *iface, ULONG flags)
{
    static const ULONG valid = SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MAPI_DEFERRED_ERRORS | GENERATE_RECEIPT_ONLY
            | CLEAR_RN_PENDING | CLEAR_NRN_PENDING;
    struct message *msg = impl_from_IMessage(iface);
    struct store *store = msg->mdb->store;
    struct msg_entry *entry;
    SPropValue value;
    ULONG old, set;
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~valid) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & CLEAR_READ_FLAG) && (flags & (SUPPRESS_RECEIPT | GENERATE_RECEIPT_ONLY)))
        return MAPI_E_INVALID_PARAMETER;
    if (msg->submitted) return MAPI_E_INVALID_OBJECT;
    if ((flags & GENERATE_RECEIPT_ONLY) && !(flags & SUPPRESS_RECEIPT))
    {
        FIXME("read reports are not generated.\n");
        return MAPI_E_NO_SUPPORT;
    }
    if (FAILED(hr = message_flags(msg, &old))) return hr;
    set = old;
    if (flags & CLEAR_READ_FLAG) set &= ~MSGFLAG_READ;
    else if (!(flags & GENERATE_RECEIPT_ONLY)) set |= MSGFLAG_READ;
    if (flags & CLEAR_RN_PENDING) set &= ~MSGFLAG_RN_PENDING;
    if (flags & CLEAR_NRN_PENDING) set &= ~MSGFLAG_NRN_PENDING;
    if ((set & MSGFLAG_READ) && !(old & MSGFLAG_READ) && (old & MSGFLAG_RN_PENDING) && !(flags & SUPPRESS_RECEIPT))
        FIXME("the read report the sender asked for is not sent.\n");
    if (set == old) return S_OK;
    prop_long(&value, PR_MESSAGE_FLAGS, set);
    if (FAILED(hr = IMessage_SetProps(msg->inner, 1, &value, NULL))) return hr;
    if (msg->is_new) return S_OK;

    /* The flag is saved at once, without the message's other changes. */
    store_write_begin(store);
    if (!(entry = store_entry(store, msg->id))) hr = MAPI_E_OBJECT_DELETED;
    else hr = message_file_update(store, entry, 1, &value, NULL);
    store_write_end(store);
    return hr;
}

static const IMessageVtbl message_vtbl =
{
    message_QueryInterface,
    message_AddRef,
    message_Release,
    message_GetLastError,
    message_SaveChanges,
    message_GetProps,
    message_GetPropList,
    message_OpenProperty,
    message_SetProps,
    message_DeleteProps,
    message_CopyTo,
    message_CopyProps,
    message_GetNamesFromIDs,
    message_GetIDsFromNames,
    message_GetAttachmentTable,
    message_OpenAttach,
    message_CreateAttach,
    message_DeleteAttach,
    message_GetRecipientTable,
    message_ModifyRecipients,
    message_SubmitMessage,
    message_SetReadFlag,
};
