/*
 * The local message store: a store's directory and what it holds
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * msgstore.h describes the layout.  This file keeps a process's picture of
 * a store (its folders and the index entries of their messages) in step
 * with the disk: it reads the directory when the store is first opened in
 * the process, writes every change through to the disk under the store's
 * named mutex, and reads what other processes wrote when the shared
 * counter says they did.
 *
 * Opening a store also repairs it: temporary files left by a killed
 * process are removed, missing standard folders are made again, and each
 * folder's index is checked against its .msg files (a file the index does
 * not know, or knows with another size or time, is read; an entry without
 * a file is dropped) and written again whole when it was damaged.
 */

#include <stdio.h>

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

#define ID_BLOCK            16      /* message numbers a process reserves at once */
/* Messages live in groups of 256 (by number) in subdirectories of their
 * folder: Wine looks a new file name up by reading its whole directory. */
#define GROUP_SHIFT         8
#define COMPACT_MIN_DEAD    256

static CRITICAL_SECTION stores_cs;
static CRITICAL_SECTION_DEBUG stores_cs_debug =
{
    0, 0, &stores_cs,
    { &stores_cs_debug.ProcessLocksList, &stores_cs_debug.ProcessLocksList },
    0, 0, { 0 }
};
static CRITICAL_SECTION stores_cs = { &stores_cs_debug, -1, 0, 0, 0, 0 };
static struct store *stores;

static const struct
{
    ULONG id;
    ULONG parent;
    const WCHAR *dir;
    const WCHAR *name;
    const WCHAR *container_class;
} standard_folders[] =
{
    {FOLDER_ID_ROOT, 0, L"root", L"", NULL},
    {FOLDER_ID_IPM, FOLDER_ID_ROOT, L"ipm", L"Top of Personal Folders", NULL},
    {FOLDER_ID_INBOX, FOLDER_ID_IPM, L"inbox", L"Inbox", L"IPF.Note"},
    {FOLDER_ID_OUTBOX, FOLDER_ID_IPM, L"outbox", L"Outbox", L"IPF.Note"},
    {FOLDER_ID_SENT, FOLDER_ID_IPM, L"sent", L"Sent Items", L"IPF.Note"},
    {FOLDER_ID_DELETED, FOLDER_ID_IPM, L"deleted", L"Deleted Items", L"IPF.Note"},
    {FOLDER_ID_DRAFTS, FOLDER_ID_IPM, L"drafts", L"Drafts", L"IPF.Note"},
};

static void entry_put(struct store *store, struct store_folder *folder, ULONG id, const struct file_stamp *stamp,
        ULONG count, SPropValue *props, BOOL notify);
static void entry_delete(struct store *store, struct msg_entry *entry, BOOL notify);
static void store_sync_locked(struct store *store);

BOOL store_folder_is_standard(ULONG id)
{
    return id >= FOLDER_ID_ROOT && id <= FOLDER_ID_DRAFTS;
}

/* The directory name of a folder number. */
static void folder_dir_name(ULONG id, WCHAR *name, SIZE_T size)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(standard_folders); i++)
    {
        if (standard_folders[i].id != id) continue;
        lstrcpynW(name, standard_folders[i].dir, size);
        return;
    }
    swprintf(name, size, L"%08lx", id);
}

BOOL store_message_path(const struct store_folder *folder, ULONG id, const WCHAR *suffix, WCHAR *path)
{
    WCHAR name[32];

    swprintf(name, ARRAY_SIZE(name), L"%06lx\\%08lx%s", id >> GROUP_SHIFT, id, suffix);
    return path_join(path, folder->dir, name);
}

/* The group directory message id goes into, made when missing. */
static HRESULT message_dir_create(const struct store_folder *folder, ULONG id)
{
    WCHAR name[16], path[MAX_PATH];

    swprintf(name, ARRAY_SIZE(name), L"%06lx", id >> GROUP_SHIFT);
    if (!path_join(path, folder->dir, name)) return MAPI_E_INVALID_PARAMETER;
    if (CreateDirectoryW(path, NULL) || GetLastError() == ERROR_ALREADY_EXISTS) return S_OK;
    return file_error(GetLastError());
}

/* The group a directory name gives ("00002a"), or -1. */
static LONG message_group(const WCHAR *name)
{
    WCHAR *end;
    ULONG group;

    if (wcslen(name) != 6) return -1;
    group = wcstoul(name, &end, 16);
    return *end ? -1 : group;
}

/* The message number a file name gives ("0000002a.msg"), 0 for other names. */
static ULONG message_file_id(const WCHAR *name, const WCHAR *suffix)
{
    WCHAR *end;
    ULONG id;

    if (wcslen(name) != 8 + wcslen(suffix) || wcsicmp(name + 8, suffix)) return 0;
    id = wcstoul(name, &end, 16);
    return end == name + 8 ? id : 0;
}

/* ------------------------------------------------------------------------
 * Locking.
 */

void store_enter(struct store *store)
{
    EnterCriticalSection(&store->cs);
}

void store_leave(struct store *store)
{
    LeaveCriticalSection(&store->cs);
    store_flush(store);
}

static void mutex_acquire(struct store *store)
{
    DWORD ret = WaitForSingleObject(store->mutex, INFINITE);

    /* The files are written atomically: a writer killed while it held the
     * mutex leaves at most a torn index record, which readers drop. */
    if (ret == WAIT_ABANDONED) WARN("a process holding the store %s ended without releasing it.\n",
            debugstr_w(store->path));
    else if (ret != WAIT_OBJECT_0) ERR("waiting for the store's mutex failed, error %lu.\n", GetLastError());
}

void store_write_begin(struct store *store)
{
    mutex_acquire(store);
    EnterCriticalSection(&store->cs);
    store_sync_locked(store);
}

void store_write_end(struct store *store)
{
    LeaveCriticalSection(&store->cs);
    ReleaseMutex(store->mutex);
    store_flush(store);
}

void store_changed(struct store *store, BOOL folders)
{
    if (folders) store->seen_folder_seq = InterlockedIncrement(&store->shared->folder_seq);
    store->seen_seq = InterlockedIncrement(&store->shared->seq);
}

/* ------------------------------------------------------------------------
 * Folders and entries in memory.
 */

struct store_folder *store_folder(struct store *store, ULONG id)
{
    ULONG i;

    for (i = 0; i < store->folder_count; i++)
        if (store->folders[i]->id == id) return store->folders[i];
    return NULL;
}

struct msg_entry *store_entry(struct store *store, ULONG id)
{
    struct msg_entry *entry;

    if (!store->hash_size) return NULL;
    for (entry = store->hash[id & (store->hash_size - 1)]; entry; entry = entry->hash_next)
        if (entry->id == id) return entry;
    return NULL;
}

const WCHAR *store_folder_name(const struct store_folder *folder)
{
    const SPropValue *name = props_find(folder->count, folder->props, PR_DISPLAY_NAME_W);

    return name && PROP_TYPE(name->ulPropTag) == PT_UNICODE ? name->Value.lpszW : L"";
}

struct store_folder *store_folder_named(struct store *store, ULONG parent, const WCHAR *name)
{
    ULONG i;

    for (i = 0; i < store->folder_count; i++)
    {
        if (store->folders[i]->parent != parent) continue;
        if (!lstrcmpiW(store_folder_name(store->folders[i]), name)) return store->folders[i];
    }
    return NULL;
}

BOOL store_folder_is_below(struct store *store, ULONG id, ULONG ancestor)
{
    struct store_folder *folder;
    ULONG hops = 0;

    while (id && hops++ < 1024)
    {
        if (id == ancestor) return TRUE;
        if (!(folder = store_folder(store, id))) return FALSE;
        id = folder->parent;
    }
    return FALSE;
}

ULONG store_folder_children(struct store *store, ULONG id)
{
    ULONG i, n = 0;

    for (i = 0; i < store->folder_count; i++)
        if (store->folders[i]->parent == id && store->folders[i]->id != id) n++;
    return n;
}

ULONG store_folder_unread(const struct store_folder *folder)
{
    ULONG i, n = 0;

    for (i = 0; i < folder->entry_count; i++)
        if (!(props_long(folder->entries[i]->count, folder->entries[i]->props, PR_MESSAGE_FLAGS, 0) & MSGFLAG_READ))
            n++;
    return n;
}

static BOOL hash_grow(struct store *store)
{
    ULONG size = max(store->hash_size * 2, 256), i;
    struct msg_entry **hash, *entry, *next;

    if (!(hash = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size * sizeof(*hash)))) return FALSE;
    for (i = 0; i < store->hash_size; i++)
    {
        for (entry = store->hash[i]; entry; entry = next)
        {
            next = entry->hash_next;
            entry->hash_next = hash[entry->id & (size - 1)];
            hash[entry->id & (size - 1)] = entry;
        }
    }
    HeapFree(GetProcessHeap(), 0, store->hash);
    store->hash = hash;
    store->hash_size = size;
    return TRUE;
}

static void hash_remove(struct store *store, struct msg_entry *entry)
{
    struct msg_entry **p;

    for (p = &store->hash[entry->id & (store->hash_size - 1)]; *p; p = &(*p)->hash_next)
    {
        if (*p != entry) continue;
        *p = entry->hash_next;
        store->entry_count--;
        return;
    }
}

/* Room for one more entry in the folder. */
static BOOL folder_reserve(struct store_folder *folder)
{
    struct msg_entry **grown;
    ULONG capacity;

    if (folder->entry_count < folder->entry_capacity) return TRUE;
    capacity = max(folder->entry_capacity * 2, 16);
    if (folder->entries) grown = HeapReAlloc(GetProcessHeap(), 0, folder->entries, capacity * sizeof(*grown));
    else grown = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*grown));
    if (!grown) return FALSE;
    folder->entries = grown;
    folder->entry_capacity = capacity;
    return TRUE;
}

/* The folder has room (folder_reserve). */
static void folder_attach_entry(struct store_folder *folder, struct msg_entry *entry)
{
    entry->folder = folder;
    entry->slot = folder->entry_count;
    folder->entries[folder->entry_count++] = entry;
}

static void folder_detach_entry(struct store_folder *folder, struct msg_entry *entry)
{
    struct msg_entry *last = folder->entries[--folder->entry_count];

    folder->entries[entry->slot] = last;
    last->slot = entry->slot;
    entry->folder = NULL;
}

static void entry_free(struct msg_entry *entry)
{
    MAPIFreeBuffer(entry->props);
    HeapFree(GetProcessHeap(), 0, entry);
}

static void folder_free(struct store *store, struct store_folder *folder)
{
    ULONG i;

    for (i = 0; i < folder->entry_count; i++)
    {
        hash_remove(store, folder->entries[i]);
        entry_free(folder->entries[i]);
    }
    if (folder->contents) ITableData_Release(folder->contents);
    HeapFree(GetProcessHeap(), 0, folder->entries);
    MAPIFreeBuffer(folder->props);
    HeapFree(GetProcessHeap(), 0, folder);
}

/* A folder read from the disk joins the store; takes props. */
static struct store_folder *folder_add(struct store *store, ULONG id, ULONG parent, const WCHAR *dir, ULONG count,
        SPropValue *props)
{
    struct store_folder *folder, **grown;

    if (!(folder = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*folder))))
    {
        MAPIFreeBuffer(props);
        return NULL;
    }
    if (store->folders)
        grown = HeapReAlloc(GetProcessHeap(), 0, store->folders, (store->folder_count + 1) * sizeof(*grown));
    else grown = HeapAlloc(GetProcessHeap(), 0, sizeof(*grown));
    if (!grown)
    {
        MAPIFreeBuffer(props);
        HeapFree(GetProcessHeap(), 0, folder);
        return NULL;
    }
    store->folders = grown;
    folder->id = id;
    folder->parent = parent;
    lstrcpynW(folder->dir, dir, MAX_PATH);
    folder->count = count;
    folder->props = props;
    store->folders[store->folder_count++] = folder;
    return folder;
}

static void folder_forget(struct store *store, struct store_folder *folder, BOOL notify)
{
    struct object_event event = {fnevObjectDeleted, MAPI_FOLDER, folder->id, 0, folder->parent};
    ULONG i;

    while (folder->entry_count) entry_delete(store, folder->entries[0], notify);
    for (i = 0; i < store->folder_count; i++)
    {
        if (store->folders[i] != folder) continue;
        store->folders[i] = store->folders[--store->folder_count];
        break;
    }
    publish_folder_removed(store, folder->id);
    if (notify) notify_object(store, &event);
    folder_free(store, folder);
}

/* ------------------------------------------------------------------------
 * Index entries: applying what the disk says.
 */

/* The index says message id is in folder with these values (taken). */
/* A new entry for message id in folder, which has room; NULL without memory. */
static struct msg_entry *entry_new(struct store *store, struct store_folder *folder, ULONG id)
{
    struct msg_entry *entry;

    /* A hash that cannot grow still works, with longer chains. */
    if (store->entry_count + 1 > store->hash_size / 2 && !hash_grow(store) && !store->hash_size) return NULL;
    if (!(entry = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*entry)))) return NULL;
    folder_attach_entry(folder, entry);
    entry->id = id;
    entry->hash_next = store->hash[id & (store->hash_size - 1)];
    store->hash[id & (store->hash_size - 1)] = entry;
    store->entry_count++;
    return entry;
}

static void entry_put(struct store *store, struct store_folder *folder, ULONG id, const struct file_stamp *stamp,
        ULONG count, SPropValue *props, BOOL notify)
{
    struct msg_entry *entry = store_entry(store, id);
    struct store_folder *old_folder = entry ? entry->folder : NULL;
    BOOL was_queued = entry && entry_is_queued(entry);

    if (!folder_reserve(folder) || (!entry && !(entry = entry_new(store, folder, id))))
    {
        ERR("out of memory: message %lu is not in the tables as it is.\n", id);
        MAPIFreeBuffer(props);
        return;
    }
    if (old_folder)
    {
        MAPIFreeBuffer(entry->props);
        if (old_folder != folder)
        {
            folder_detach_entry(old_folder, entry);
            folder_attach_entry(folder, entry);
            old_folder->index_dead++;
        }
        folder->index_dead++;
    }
    entry->stamp = *stamp;
    entry->count = count;
    entry->props = props;
    publish_entry(store, entry, old_folder, was_queued);
    if (old_folder && old_folder != folder) publish_folder(store, old_folder);
    publish_folder(store, folder);
    if (!notify) return;
    if (!old_folder) notify_message(store, fnevObjectCreated, entry, 0, 0);
    else if (old_folder != folder) notify_message(store, fnevObjectMoved, entry, old_folder->id, id);
    else notify_message(store, fnevObjectModified, entry, 0, 0);
}

static void entry_delete(struct store *store, struct msg_entry *entry, BOOL notify)
{
    struct store_folder *folder = entry->folder;

    publish_entry_removed(store, entry);
    if (notify) notify_message(store, fnevObjectDeleted, entry, 0, 0);
    hash_remove(store, entry);
    folder_detach_entry(folder, entry);
    folder->index_dead += 2;
    publish_folder(store, folder);
    entry_free(entry);
}

struct apply_context
{
    struct store *store;
    struct store_folder *folder;
    BOOL notify;
};

static void apply_record(void *context, struct index_record *record)
{
    struct apply_context *ctx = context;
    struct msg_entry *entry;

    if (record->kind == INDEX_PUT)
    {
        entry_put(ctx->store, ctx->folder, record->id, &record->stamp, record->count, record->props, ctx->notify);
        record->props = NULL;
        return;
    }
    if ((entry = store_entry(ctx->store, record->id)) && entry->folder == ctx->folder)
        entry_delete(ctx->store, entry, ctx->notify);
    else ctx->folder->index_dead++;
}

/* ------------------------------------------------------------------------
 * Index files.
 */

static void records_free(struct index_record *records, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++) MAPIFreeBuffer(records[i].props);
    HeapFree(GetProcessHeap(), 0, records);
}

/* The folder's index written whole from its entries. */
static HRESULT folder_index_rewrite(struct store_folder *folder)
{
    struct index_record *records;
    HRESULT hr;
    ULONG i;

    if (!(records = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, max(folder->entry_count, 1) * sizeof(*records))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < folder->entry_count; i++)
    {
        records[i].kind = INDEX_PUT;
        records[i].id = folder->entries[i]->id;
        records[i].stamp = folder->entries[i]->stamp;
        records[i].count = folder->entries[i]->count;
        records[i].props = folder->entries[i]->props;
    }
    hr = index_rewrite(folder->dir, folder->entry_count, records, &folder->index_generation, &folder->index_end);
    HeapFree(GetProcessHeap(), 0, records);
    if (SUCCEEDED(hr)) folder->index_dead = 0;
    else WARN("%s: the index could not be written, hr %#lx.\n", debugstr_w(folder->dir), hr);
    return hr;
}

/* Appends records to the folder's index; one that cannot be appended to
 * is written whole (the entries are what it must hold). */
static HRESULT folder_index_append(struct store_folder *folder, ULONG count, const struct index_record *records)
{
    HRESULT hr = index_append(folder->dir, folder->index_generation, &folder->index_end, count, records);

    if (FAILED(hr)) return folder_index_rewrite(folder);
    if (folder->index_dead > COMPACT_MIN_DEAD && folder->index_dead > folder->entry_count)
        return folder_index_rewrite(folder);
    return S_OK;
}

/* A new zeroed record at the end of the array, or NULL. */
static struct index_record *records_add(struct index_record **records, ULONG *count, ULONG *capacity)
{
    struct index_record *grown;

    if (*count == *capacity)
    {
        ULONG size = *capacity * 2 + 16;

        if (*records) grown = HeapReAlloc(GetProcessHeap(), 0, *records, size * sizeof(*grown));
        else grown = HeapAlloc(GetProcessHeap(), 0, size * sizeof(*grown));
        if (!grown) return NULL;
        *records = grown;
        *capacity = size;
    }
    memset(&(*records)[*count], 0, sizeof(**records));
    return &(*records)[(*count)++];
}

/* A record for a .msg file the entries do not know as it is: its values,
 * or its removal from the entries when it cannot be read. */
static void reconcile_file(struct store *store, struct store_folder *folder, ULONG id, struct msg_entry *entry,
        struct index_record **records, ULONG *count, ULONG *capacity)
{
    struct index_record *record;
    WCHAR path[MAX_PATH];

    if (!(record = records_add(records, count, capacity))) return;
    record->id = id;
    if (store_message_path(folder, id, L".msg", path)
            && SUCCEEDED(message_file_index(path, &record->count, &record->props, &record->stamp)))
        record->kind = INDEX_PUT;
    else if (entry)
        record->kind = INDEX_DELETE;
    else
        (*count)--;
}

struct reconcile
{
    BYTE *seen;                 /* per entry of the folder: its file was found */
    struct index_record *records;
    ULONG count, capacity;
};

/* The .msg files of one group directory. */
static void reconcile_group(struct store *store, struct store_folder *folder, const WCHAR *dir, ULONG group,
        struct reconcile *rec)
{
    WIN32_FIND_DATAW data;
    struct file_stamp stamp;
    struct msg_entry *entry;
    WCHAR path[MAX_PATH];
    HANDLE find;
    ULONG id;

    if (!path_join(path, dir, L"*.msg") || (find = FindFirstFileW(path, &data)) == INVALID_HANDLE_VALUE) return;
    do
    {
        if ((data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || !(id = message_file_id(data.cFileName, L".msg")))
            continue;
        if (id >> GROUP_SHIFT != group)
        {
            WARN("%s: %s is in the wrong directory; it is ignored.\n", debugstr_w(dir), debugstr_w(data.cFileName));
            continue;
        }
        stamp.size = ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
        stamp.time = data.ftLastWriteTime;
        entry = store_entry(store, id);
        if (entry && entry->folder != folder)
        {
            WARN("%s: message %lu is in two folders; this copy is ignored.\n", debugstr_w(folder->dir), id);
            continue;
        }
        if (entry) rec->seen[entry->slot] = 1;
        if (entry && stamp_equal(&entry->stamp, &stamp)) continue;
        reconcile_file(store, folder, id, entry, &rec->records, &rec->count, &rec->capacity);
    } while (FindNextFileW(find, &data));
    FindClose(find);
}

/* Checks the folder's entries against its .msg files; the differences are
 * applied and appended to the index (rewrite: the index is written whole). */
static void folder_reconcile(struct store *store, struct store_folder *folder, BOOL rewrite, BOOL notify)
{
    struct apply_context ctx = {store, folder, notify};
    struct reconcile rec = {0};
    struct index_record *record;
    WIN32_FIND_DATAW data;
    WCHAR path[MAX_PATH];
    HANDLE find;
    LONG group;
    ULONG i;

    if (!(rec.seen = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, folder->entry_count + 1))) return;
    if (path_join(path, folder->dir, L"*") && (find = FindFirstFileW(path, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || (group = message_group(data.cFileName)) < 0)
                continue;
            if (path_join(path, folder->dir, data.cFileName)) reconcile_group(store, folder, path, group, &rec);
        } while (FindNextFileW(find, &data));
        FindClose(find);
    }
    for (i = 0; i < folder->entry_count; i++)
    {
        if (rec.seen[i] || !(record = records_add(&rec.records, &rec.count, &rec.capacity))) continue;
        TRACE("%s: message %lu has no file any more.\n", debugstr_w(folder->dir), folder->entries[i]->id);
        record->kind = INDEX_DELETE;
        record->id = folder->entries[i]->id;
    }
    HeapFree(GetProcessHeap(), 0, rec.seen);

    if (rec.count) TRACE("%s: %lu index records from the files.\n", debugstr_w(folder->dir), rec.count);
    if (rec.count && !rewrite && FAILED(index_append(folder->dir, folder->index_generation, &folder->index_end,
            rec.count, rec.records)))
        rewrite = TRUE;
    for (i = 0; i < rec.count; i++) apply_record(&ctx, &rec.records[i]);
    records_free(rec.records, rec.count);
    if (rewrite) folder_index_rewrite(folder);
}

/* Reads the folder's index from the start (the entries it names are
 * replaced), then checks the entries against the files. */
static void folder_load(struct store *store, struct store_folder *folder, BOOL notify)
{
    struct apply_context ctx = {store, folder, notify};
    ULONGLONG generation = 0, end = 0;
    HRESULT hr;

    hr = index_read(folder->dir, 0, &generation, &end, apply_record, &ctx);
    if (hr == MAPI_E_NOT_FOUND) TRACE("%s: no index yet.\n", debugstr_w(folder->dir));
    else if (FAILED(hr)) WARN("%s: the index is damaged (hr %#lx); it is rebuilt from the message files.\n",
            debugstr_w(folder->dir), hr);
    folder->index_generation = generation;
    folder->index_end = end;
    folder->index_dead = 0;
    folder_reconcile(store, folder, hr != S_OK, notify);
}

/* Picks up the records other processes appended to the folder's index. */
static void folder_refresh(struct store *store, struct store_folder *folder)
{
    struct apply_context ctx = {store, folder, TRUE};
    ULONGLONG generation = folder->index_generation, end = folder->index_end;
    HRESULT hr;

    if (!end)
    {
        folder_load(store, folder, TRUE);
        return;
    }
    hr = index_read(folder->dir, end, &generation, &end, apply_record, &ctx);
    folder->index_end = end;
    if (hr == MAPI_E_OBJECT_CHANGED || hr == MAPI_E_CORRUPT_DATA || hr == MAPI_E_NOT_FOUND)
    {
        /* Written whole meanwhile (or damaged): read again, against the files. */
        folder_load(store, folder, TRUE);
        return;
    }
    /* A record cut short: its writer died, maybe after its .msg was in place. */
    if (hr == S_FALSE) folder_reconcile(store, folder, FALSE, TRUE);
}

/* ------------------------------------------------------------------------
 * The folders of the directory.
 */

/* Removes what a killed process left: temporary files and directories. */
static void remove_tree(const WCHAR *dir)
{
    WIN32_FIND_DATAW data;
    WCHAR path[MAX_PATH];
    HANDLE find;

    if (!path_join(path, dir, L"*")) return;
    if ((find = FindFirstFileW(path, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!wcscmp(data.cFileName, L".") || !wcscmp(data.cFileName, L"..")) continue;
            if (!path_join(path, dir, data.cFileName)) continue;
            if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) remove_tree(path);
            else DeleteFileW(path);
        } while (FindNextFileW(find, &data));
        FindClose(find);
    }
    if (!RemoveDirectoryW(dir)) WARN("%s could not be removed, error %lu.\n", debugstr_w(dir), GetLastError());
}

static void remove_temporaries(const WCHAR *dir)
{
    WIN32_FIND_DATAW data;
    WCHAR path[MAX_PATH];
    HANDLE find;

    if (!path_join(path, dir, L"~*")) return;
    if ((find = FindFirstFileW(path, &data)) == INVALID_HANDLE_VALUE) return;
    do
    {
        if (!path_join(path, dir, data.cFileName)) continue;
        TRACE("removing %s.\n", debugstr_w(path));
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) remove_tree(path);
        else DeleteFileW(path);
    } while (FindNextFileW(find, &data));
    FindClose(find);
}

/* The values of a standard folder. */
static HRESULT standard_folder_values(ULONG index, ULONG *count, SPropValue **props)
{
    SPropValue values[3];
    ULONG n = 0;

    values[n].ulPropTag = PR_DISPLAY_NAME_W;
    values[n++].Value.lpszW = (WCHAR *)standard_folders[index].name;
    if (standard_folders[index].container_class)
    {
        values[n].ulPropTag = PR_CONTAINER_CLASS_W;
        values[n++].Value.lpszW = (WCHAR *)standard_folders[index].container_class;
    }
    return props_merge(0, NULL, n, values, NULL, count, props);
}

/* The number a folder directory's name gives, 0 for none. */
static ULONG folder_dir_id(const WCHAR *name)
{
    WCHAR *end;
    ULONG i, id;

    for (i = 0; i < ARRAY_SIZE(standard_folders); i++)
        if (!wcsicmp(name, standard_folders[i].dir)) return standard_folders[i].id;
    if (wcslen(name) != 8) return 0;
    id = wcstoul(name, &end, 16);
    return *end || id < FOLDER_ID_FIRST_FREE ? 0 : id;
}

/* folder.dat is damaged or missing: the folder gets one from its
 * directory's name (standard folders their own values, others a name of
 * their number under the IPM subtree). */
static HRESULT folder_file_recover(const WCHAR *dir, const WCHAR *name, ULONG *id, ULONG *parent, ULONG *count,
        SPropValue **props)
{
    SPropValue value;
    WCHAR display[32];
    HRESULT hr;
    ULONG i;

    if (!(*id = folder_dir_id(name))) return MAPI_E_NOT_FOUND;
    WARN("%s: the folder's file is damaged; it is made again.\n", debugstr_w(dir));
    for (i = 0; i < ARRAY_SIZE(standard_folders); i++)
        if (standard_folders[i].id == *id) break;
    if (i < ARRAY_SIZE(standard_folders))
    {
        *parent = standard_folders[i].parent;
        hr = standard_folder_values(i, count, props);
    }
    else
    {
        *parent = FOLDER_ID_IPM;
        swprintf(display, ARRAY_SIZE(display), L"Recovered %08lx", *id);
        value.ulPropTag = PR_DISPLAY_NAME_W;
        value.Value.lpszW = display;
        hr = props_merge(0, NULL, 1, &value, NULL, count, props);
    }
    if (SUCCEEDED(hr) && FAILED(hr = folder_file_write(dir, *id, *parent, *count, *props)))
    {
        MAPIFreeBuffer(*props);
        *props = NULL;
    }
    return hr;
}

/* A folder found again: its values and parent as the disk has them now. */
static void folder_update(struct store *store, struct store_folder *folder, ULONG parent, ULONG count,
        SPropValue *props, BOOL notify)
{
    struct object_event event = {fnevObjectMoved, MAPI_FOLDER, folder->id, 0, parent, folder->id, 0, folder->parent};
    ULONG old_parent = folder->parent;
    struct store_folder *other;

    MAPIFreeBuffer(folder->props);
    folder->props = props;
    folder->count = count;
    folder->parent = parent;
    if (old_parent != parent)
    {
        publish_folder_removed(store, folder->id);
        if ((other = store_folder(store, old_parent))) publish_folder(store, other);
        if ((other = store_folder(store, parent))) publish_folder(store, other);
    }
    publish_folder(store, folder);
    if (!notify) return;
    if (old_parent == parent) event.type = fnevObjectModified;
    notify_object(store, &event);
}

/* Reads the folder directories: new ones join, gone ones leave, the others
 * get their values again.  On the first load (repair) temporaries are
 * removed and damaged folder files made again. */
static void folders_scan(struct store *store, BOOL repair, BOOL notify)
{
    ULONG old_count = store->folder_count, id, parent, count, i, gone_count = 0;
    struct store_folder *folder, **gone;
    WCHAR path[MAX_PATH], dir[MAX_PATH];
    WIN32_FIND_DATAW data;
    SPropValue *props;
    HANDLE find;
    BYTE *seen;

    if (!(seen = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, old_count + 1))) return;
    if (repair) remove_temporaries(store->path);
    if (path_join(path, store->path, L"*") && (find = FindFirstFileW(path, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || data.cFileName[0] == '.'
                    || data.cFileName[0] == '~' || !path_join(dir, store->path, data.cFileName))
                continue;
            if (FAILED(folder_file_read(dir, &id, &parent, &count, &props))
                    && (!repair || FAILED(folder_file_recover(dir, data.cFileName, &id, &parent, &count, &props))))
                continue;
            if (repair) remove_temporaries(dir);
            if ((folder = store_folder(store, id)))
            {
                if (wcsicmp(folder->dir, dir))
                {
                    WARN("folder %lu is in %s and %s; the second is ignored.\n", id, debugstr_w(folder->dir),
                            debugstr_w(dir));
                    MAPIFreeBuffer(props);
                    continue;
                }
                for (i = 0; i < old_count; i++)
                    if (store->folders[i] == folder) seen[i] = 1;
                folder_update(store, folder, parent, count, props, notify);
                continue;
            }
            if (!(folder = folder_add(store, id, parent, dir, count, props))) continue;
            folder_load(store, folder, notify);
            publish_folder(store, folder);
            if (notify)
            {
                struct object_event event = {fnevObjectCreated, MAPI_FOLDER, id, 0, parent};
                notify_object(store, &event);
            }
        } while (FindNextFileW(find, &data));
        FindClose(find);
    }
    if ((gone = HeapAlloc(GetProcessHeap(), 0, (old_count + 1) * sizeof(*gone))))
    {
        for (i = 0; i < old_count; i++)
            if (!seen[i]) gone[gone_count++] = store->folders[i];
        for (i = 0; i < gone_count; i++) folder_forget(store, gone[i], notify);
        HeapFree(GetProcessHeap(), 0, gone);
    }
    HeapFree(GetProcessHeap(), 0, seen);
}

/* A new folder directory, made under a temporary name and renamed into place. */
static HRESULT folder_dir_create(struct store *store, ULONG id, ULONG parent, ULONG count, const SPropValue *props,
        WCHAR *dir)
{
    WCHAR temp[MAX_PATH], name[32];
    ULONGLONG generation = 0, end;
    HRESULT hr;

    folder_dir_name(id, name, ARRAY_SIZE(name));
    if (!path_join(dir, store->path, name)) return MAPI_E_INVALID_PARAMETER;
    swprintf(name, ARRAY_SIZE(name), L"~%s.%lx.new", dir + wcslen(store->path) + 1, GetCurrentProcessId());
    if (!path_join(temp, store->path, name)) return MAPI_E_INVALID_PARAMETER;
    remove_temporaries(temp);
    if (!CreateDirectoryW(temp, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) return file_error(GetLastError());
    if (SUCCEEDED(hr = folder_file_write(temp, id, parent, count, props))
            && SUCCEEDED(hr = index_rewrite(temp, 0, NULL, &generation, &end))
            && !MoveFileExW(temp, dir, 0))
        hr = file_error(GetLastError());
    if (FAILED(hr))
    {
        WARN("the folder %s could not be made, hr %#lx.\n", debugstr_w(dir), hr);
        remove_tree(temp);
    }
    return hr;
}

static void standard_folders_ensure(struct store *store)
{
    struct store_folder *folder;
    WCHAR dir[MAX_PATH];
    SPropValue *props;
    ULONG i, count;

    for (i = 0; i < ARRAY_SIZE(standard_folders); i++)
    {
        if ((folder = store_folder(store, standard_folders[i].id)))
        {
            if (folder->parent == standard_folders[i].parent) continue;
            WARN("standard folder %lu had parent %lu.\n", folder->id, folder->parent);
            folder->parent = standard_folders[i].parent;
            folder_file_write(folder->dir, folder->id, folder->parent, folder->count, folder->props);
            continue;
        }
        if (FAILED(standard_folder_values(i, &count, &props))) continue;
        if (SUCCEEDED(folder_dir_create(store, standard_folders[i].id, standard_folders[i].parent, count, props, dir))
                && (folder = folder_add(store, standard_folders[i].id, standard_folders[i].parent, dir, count, props)))
            folder_load(store, folder, FALSE);
        else if (!folder) TRACE("no folder %lu.\n", standard_folders[i].id);
    }
    /* A folder whose parent is gone hangs under the IPM subtree. */
    for (i = 0; i < store->folder_count; i++)
    {
        folder = store->folders[i];
        if (folder->id == FOLDER_ID_ROOT || store_folder(store, folder->parent)) continue;
        WARN("folder %lu has lost its parent %lu.\n", folder->id, folder->parent);
        folder->parent = FOLDER_ID_IPM;
        folder_file_write(folder->dir, folder->id, folder->parent, folder->count, folder->props);
    }
}

/* ------------------------------------------------------------------------
 * store.dat
 */

static const WCHAR *const default_receive_classes[] = {L"", L"IPM", L"REPORT.IPM"};

static HRESULT receive_copy(struct store *store, const struct store_file *file)
{
    struct receive_folder *copy = NULL;

    if (file->receive_count
            && !(copy = HeapAlloc(GetProcessHeap(), 0, file->receive_count * sizeof(*copy))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (copy) memcpy(copy, file->receive, file->receive_count * sizeof(*copy));
    HeapFree(GetProcessHeap(), 0, store->receive);
    store->receive = copy;
    store->receive_count = file->receive_count;
    return S_OK;
}

/* The store file, or a new one when there is none or it is damaged. */
static HRESULT store_file_load(struct store *store, const MAPIUID *uid, struct store_file *file)
{
    HRESULT hr = store_file_read(store->path, file);
    ULONG i;

    if (SUCCEEDED(hr)) return S_OK;
    if (hr != MAPI_E_NOT_FOUND && hr != MAPI_E_CORRUPT_DATA) return hr;
    if (hr == MAPI_E_CORRUPT_DATA) WARN("%s: store.dat is damaged; it is made again.\n", debugstr_w(store->path));
    memset(file, 0, sizeof(*file));
    file->uid = *uid;
    file->next_message = 1;
    file->next_folder = FOLDER_ID_FIRST_FREE;
    if (!(file->receive = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
            ARRAY_SIZE(default_receive_classes) * sizeof(*file->receive))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < ARRAY_SIZE(default_receive_classes); i++)
    {
        wcscpy(file->receive[i].cls, default_receive_classes[i]);
        file->receive[i].folder = FOLDER_ID_INBOX;
    }
    file->receive_count = ARRAY_SIZE(default_receive_classes);
    return store_file_write(store->path, file);
}

/* Numbers above every one in use, so that none is used twice. */
static void store_file_fix_numbers(struct store *store, struct store_file *file)
{
    ULONG i, j, max_message = 0, max_folder = FOLDER_ID_FIRST_FREE - 1;
    BOOL changed = FALSE;

    for (i = 0; i < store->folder_count; i++)
    {
        max_folder = max(max_folder, store->folders[i]->id);
        for (j = 0; j < store->folders[i]->entry_count; j++)
            max_message = max(max_message, store->folders[i]->entries[j]->id);
    }
    if (file->next_message <= max_message)
    {
        file->next_message = max_message + 1;
        changed = TRUE;
    }
    if (file->next_folder <= max_folder)
    {
        file->next_folder = max_folder + 1;
        changed = TRUE;
    }
    if (changed) store_file_write(store->path, file);
}

HRESULT store_reserve_id(struct store *store, ULONG *id)
{
    struct store_file file;
    HRESULT hr;

    if (store->next_id < store->id_limit)
    {
        *id = store->next_id++;
        return S_OK;
    }
    if (FAILED(hr = store_file_read(store->path, &file))) return hr == MAPI_E_NOT_FOUND ? MAPI_E_CORRUPT_STORE : hr;
    store->next_id = file.next_message;
    store->id_limit = file.next_message + ID_BLOCK;
    file.next_message = store->id_limit;
    hr = store_file_write(store->path, &file);
    store_file_clear(&file);
    if (FAILED(hr))
    {
        store->next_id = store->id_limit = 0;
        return hr;
    }
    *id = store->next_id++;
    return S_OK;
}

HRESULT store_write_receive(struct store *store)
{
    struct store_file file;
    HRESULT hr;

    if (FAILED(hr = store_file_read(store->path, &file))) return hr;
    HeapFree(GetProcessHeap(), 0, file.receive);
    file.receive = store->receive;
    file.receive_count = store->receive_count;
    hr = store_file_write(store->path, &file);
    file.receive = NULL;
    store_file_clear(&file);
    if (SUCCEEDED(hr)) store_changed(store, TRUE);
    return hr;
}

/* ------------------------------------------------------------------------
 * Keeping up with other processes.
 */

static void store_sync_locked(struct store *store)
{
    LONG seq = store->shared->seq, folder_seq = store->shared->folder_seq;
    struct store_file file;
    ULONG i;

    if (seq == store->seen_seq && folder_seq == store->seen_folder_seq) return;
    TRACE("store %s changed (%ld, %ld).\n", debugstr_w(store->path), seq, folder_seq);
    if (folder_seq != store->seen_folder_seq)
    {
        if (SUCCEEDED(store_file_read(store->path, &file)))
        {
            receive_copy(store, &file);
            store_file_clear(&file);
        }
        folders_scan(store, FALSE, TRUE);
    }
    for (i = 0; i < store->folder_count; i++) folder_refresh(store, store->folders[i]);
    store_locks_refresh(store);
    store->seen_seq = seq;
    store->seen_folder_seq = folder_seq;
}

void store_sync(struct store *store)
{
    if (store->shared->seq == store->seen_seq && store->shared->folder_seq == store->seen_folder_seq) return;
    store_write_begin(store);
    store_write_end(store);
}

/* ------------------------------------------------------------------------
 * Changes.
 */

HRESULT store_write_message(struct store *store, struct store_folder *folder, ULONG id, const void *data,
        SIZE_T size, ULONG count, const SPropValue *props)
{
    struct index_record record = {INDEX_PUT, id};
    WCHAR path[MAX_PATH];
    SPropValue *copy, size_value;
    HRESULT hr;

    if (!store_message_path(folder, id, L".msg", path)) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = message_dir_create(folder, id))) return hr;
    if (FAILED(hr = file_write_atomic(path, store->temp_dir, data, size, &record.stamp))) return hr;
    prop_long(&size_value, PR_MESSAGE_SIZE, (ULONG)min(size, MAXLONG));
    if (FAILED(hr = props_merge(count, props, 1, &size_value, NULL, &record.count, &record.props))) return hr;
    if (FAILED(hr = folder_index_append(folder, 1, &record)))
        WARN("message %lu is saved, but its folder's index could not be written, hr %#lx.\n", id, hr);
    copy = record.props;
    entry_put(store, folder, id, &record.stamp, record.count, copy, TRUE);
    store_changed(store, FALSE);
    return S_OK;
}

HRESULT store_remove_message(struct store *store, struct msg_entry *entry)
{
    struct index_record record = {INDEX_DELETE, entry->id};
    struct store_folder *folder = entry->folder;
    WCHAR path[MAX_PATH];

    if (!store_message_path(folder, entry->id, L".msg", path)) return MAPI_E_INVALID_PARAMETER;
    if (!DeleteFileW(path) && GetLastError() != ERROR_FILE_NOT_FOUND) return file_error(GetLastError());
    if (store_message_path(folder, entry->id, L".lock", path)) DeleteFileW(path);
    entry_delete(store, entry, TRUE);
    if (FAILED(folder_index_append(folder, 1, &record)))
        WARN("%s: the index misses a deletion; it is corrected at the next logon.\n", debugstr_w(folder->dir));
    store_changed(store, FALSE);
    return S_OK;
}

HRESULT store_move_message(struct store *store, struct msg_entry *entry, struct store_folder *to)
{
    struct index_record records[2];
    struct store_folder *from = entry->folder;
    WCHAR source[MAX_PATH], dest[MAX_PATH];
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    if (from == to) return S_OK;
    if (!store_message_path(from, entry->id, L".msg", source) || !store_message_path(to, entry->id, L".msg", dest))
        return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = message_dir_create(to, entry->id))) return hr;
    if (FAILED(hr = props_merge(entry->count, entry->props, 0, NULL, NULL, &count, &props))) return hr;
    if (!MoveFileExW(source, dest, 0))
    {
        MAPIFreeBuffer(props);
        return file_error(GetLastError());
    }
    /* A lock goes with its message. */
    if (entry->lock_pid && store_message_path(from, entry->id, L".lock", source)
            && store_message_path(to, entry->id, L".lock", dest) && !MoveFileExW(source, dest, 0))
        WARN("the lock of message %lu stays behind, error %lu.\n", entry->id, GetLastError());
    memset(records, 0, sizeof(records));
    records[0].kind = INDEX_PUT;
    records[0].id = entry->id;
    records[0].stamp = entry->stamp;
    records[0].count = count;
    records[0].props = props;
    records[1].kind = INDEX_DELETE;
    records[1].id = entry->id;
    if (FAILED(folder_index_append(to, 1, &records[0])) || FAILED(folder_index_append(from, 1, &records[1])))
        WARN("an index misses a move; it is corrected at the next logon.\n");
    entry_put(store, to, entry->id, &records[0].stamp, count, props, TRUE);
    store_changed(store, FALSE);
    return S_OK;
}

HRESULT store_copy_message(struct store *store, struct msg_entry *entry, struct store_folder *to, ULONG *new_id)
{
    struct object_event event = {fnevObjectCopied, MAPI_MESSAGE};
    struct index_record record = {INDEX_PUT};
    WCHAR source[MAX_PATH], dest[MAX_PATH];
    ULONG old_folder = entry->folder->id, old_id = entry->id;
    SIZE_T size;
    BYTE *data;
    HRESULT hr;

    if (FAILED(hr = store_reserve_id(store, &record.id))) return hr;
    if (!store_message_path(entry->folder, entry->id, L".msg", source)
            || !store_message_path(to, record.id, L".msg", dest))
        return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = message_dir_create(to, record.id)) || FAILED(hr = file_read_all(source, &data, &size)))
        return hr;
    hr = file_write_atomic(dest, store->temp_dir, data, size, &record.stamp);
    HeapFree(GetProcessHeap(), 0, data);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = props_merge(entry->count, entry->props, 0, NULL, NULL, &record.count, &record.props))) return hr;
    if (FAILED(folder_index_append(to, 1, &record)))
        WARN("%s: the index misses a copy; it is corrected at the next logon.\n", debugstr_w(to->dir));
    entry_put(store, to, record.id, &record.stamp, record.count, record.props, FALSE);
    event.folder = to->id;
    event.message = record.id;
    event.parent = to->id;
    event.old_folder = old_folder;
    event.old_message = old_id;
    event.old_parent = old_folder;
    notify_object(store, &event);
    store_changed(store, FALSE);
    *new_id = record.id;
    return S_OK;
}

HRESULT store_create_folder(struct store *store, ULONG parent, ULONG count, const SPropValue *props,
        struct store_folder **out)
{
    struct object_event event = {fnevObjectCreated, MAPI_FOLDER};
    struct store_folder *folder;
    struct store_file file;
    WCHAR dir[MAX_PATH];
    SPropValue *copy;
    ULONG id, copy_count;
    HRESULT hr;

    if (FAILED(hr = store_file_read(store->path, &file))) return hr == MAPI_E_NOT_FOUND ? MAPI_E_CORRUPT_STORE : hr;
    id = file.next_folder++;
    hr = store_file_write(store->path, &file);
    store_file_clear(&file);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = folder_dir_create(store, id, parent, count, props, dir))) return hr;
    if (FAILED(hr = props_merge(count, props, 0, NULL, NULL, &copy_count, &copy))) return hr;
    if (!(folder = folder_add(store, id, parent, dir, copy_count, copy))) return MAPI_E_NOT_ENOUGH_MEMORY;
    folder_load(store, folder, FALSE);
    publish_folder(store, folder);
    if ((folder = store_folder(store, parent))) publish_folder(store, folder);
    event.folder = id;
    event.parent = parent;
    notify_object(store, &event);
    store_changed(store, TRUE);
    *out = store_folder(store, id);
    return S_OK;
}

HRESULT store_write_folder(struct store *store, struct store_folder *folder, ULONG parent, ULONG count,
        const SPropValue *props)
{
    struct object_event event = {fnevObjectModified, MAPI_FOLDER, folder->id, 0, parent};
    struct store_folder *other;
    ULONG old_parent = folder->parent, copy_count;
    SPropValue *copy;
    HRESULT hr;

    if (FAILED(hr = props_merge(count, props, 0, NULL, NULL, &copy_count, &copy))) return hr;
    if (FAILED(hr = folder_file_write(folder->dir, folder->id, parent, copy_count, copy)))
    {
        MAPIFreeBuffer(copy);
        return hr;
    }
    MAPIFreeBuffer(folder->props);
    folder->props = copy;
    folder->count = copy_count;
    folder->parent = parent;
    publish_folder(store, folder);
    if (old_parent != parent)
    {
        /* Rows under the old parent go, rows under the new one come. */
        publish_folder_removed(store, folder->id);
        publish_folder(store, folder);
        if ((other = store_folder(store, old_parent))) publish_folder(store, other);
        if ((other = store_folder(store, parent))) publish_folder(store, other);
        event.type = fnevObjectMoved;
        event.old_folder = folder->id;
        event.old_parent = old_parent;
    }
    notify_object(store, &event);
    store_changed(store, TRUE);
    return S_OK;
}

HRESULT store_remove_folder(struct store *store, struct store_folder *folder)
{
    WCHAR temp[MAX_PATH], name[48];
    struct store_folder *parent;
    ULONG i, parent_id = folder->parent;

    /* Children first: the array changes with each removal. */
    for (i = 0; i < store->folder_count;)
    {
        if (store->folders[i]->parent == folder->id && store->folders[i] != folder)
        {
            store_remove_folder(store, store->folders[i]);
            i = 0;
        }
        else i++;
    }
    /* Renamed first, so that no process sees it half removed. */
    swprintf(name, ARRAY_SIZE(name), L"~deleted.%lx.%lx", folder->id, GetCurrentProcessId());
    if (!path_join(temp, store->path, name)) return MAPI_E_INVALID_PARAMETER;
    if (!MoveFileExW(folder->dir, temp, 0)) return file_error(GetLastError());
    remove_tree(temp);
    folder_forget(store, folder, TRUE);
    if ((parent = store_folder(store, parent_id))) publish_folder(store, parent);
    store_changed(store, TRUE);
    return S_OK;
}

/* ------------------------------------------------------------------------
 * Opening and closing.
 */

static BOOL create_directories(const WCHAR *path)
{
    WCHAR partial[MAX_PATH];
    const WCHAR *p;

    if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES) return TRUE;
    for (p = path; (p = wcschr(p + 1, '\\'));)
    {
        if (p - path < 3) continue;
        memcpy(partial, path, (p - path) * sizeof(WCHAR));
        partial[p - path] = 0;
        CreateDirectoryW(partial, NULL);
    }
    return CreateDirectoryW(path, NULL) || GetLastError() == ERROR_ALREADY_EXISTS;
}

/* Names of the objects processes share a store through, from its full path. */
static void shared_names(const WCHAR *path, WCHAR *mutex, WCHAR *mapping)
{
    WCHAR lower[MAX_PATH];
    ULONG hash1, hash2;

    lstrcpynW(lower, path, MAX_PATH);
    CharLowerW(lower);
    hash1 = checksum(lower, wcslen(lower) * sizeof(WCHAR));
    hash2 = checksum(lower, wcslen(lower) * sizeof(WCHAR) / 2 + 1);
    swprintf(mutex, 64, L"wine-mapi-msgstore-%08lx%08lx-mutex", hash1, hash2);
    swprintf(mapping, 64, L"wine-mapi-msgstore-%08lx%08lx-seq", hash1, hash2);
}

static void store_free(struct store *store)
{
    struct subscription *s;
    struct store_op *op;

    while ((op = store->ops_first))
    {
        store->ops_first = op->next;
        op_free(op);
    }
    while ((s = store->subscriptions))
    {
        store->subscriptions = s->next;
        HeapFree(GetProcessHeap(), 0, s);
    }
    tables_free(store);
    while (store->folder_count) folder_free(store, store->folders[--store->folder_count]);
    HeapFree(GetProcessHeap(), 0, store->folders);
    HeapFree(GetProcessHeap(), 0, store->hash);
    HeapFree(GetProcessHeap(), 0, store->receive);
    MAPIFreeBuffer(store->wrapped);
    if (store->shared) UnmapViewOfFile(store->shared);
    if (store->mapping) CloseHandle(store->mapping);
    if (store->mutex) CloseHandle(store->mutex);
    store->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&store->cs);
    HeapFree(GetProcessHeap(), 0, store);
}

/* Reads the directory into a new store; the write lock is held. */
static HRESULT store_load(struct store *store, const MAPIUID *uid)
{
    struct store_file file;
    HRESULT hr;

    if (FAILED(hr = store_file_load(store, uid, &file))) return hr;
    store->uid = file.uid;
    hr = receive_copy(store, &file);
    folders_scan(store, TRUE, FALSE);
    standard_folders_ensure(store);
    store_file_fix_numbers(store, &file);
    store_file_clear(&file);
    store_locks_refresh(store);
    return hr;
}

HRESULT store_open(const WCHAR *dir, const MAPIUID *uid, struct store **out)
{
    WCHAR full[MAX_PATH], mutex_name[64], mapping_name[64];
    struct store *store;
    HRESULT hr;
    DWORD len;

    len = GetFullPathNameW(dir, MAX_PATH, full, NULL);
    if (!len || len >= MAX_PATH - 64) return MAPI_E_INVALID_PARAMETER;
    if (len > 3 && full[len - 1] == '\\') full[len - 1] = 0;

    EnterCriticalSection(&stores_cs);
    for (store = stores; store; store = store->next)
        if (!lstrcmpiW(store->path, full)) break;
    if (store)
    {
        store->refcount++;
        LeaveCriticalSection(&stores_cs);
        *out = store;
        return S_OK;
    }

    if (!create_directories(full))
    {
        hr = file_error(GetLastError());
        LeaveCriticalSection(&stores_cs);
        WARN("the store directory %s cannot be made, hr %#lx.\n", debugstr_w(full), hr);
        return hr;
    }
    if (!(store = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*store))))
    {
        LeaveCriticalSection(&stores_cs);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    InitializeCriticalSection(&store->cs);
    store->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": store.cs");
    store->refcount = 1;
    wcscpy(store->path, full);
    path_join(store->temp_dir, full, L"~tmp");
    shared_names(full, mutex_name, mapping_name);
    store->mutex = CreateMutexW(NULL, FALSE, mutex_name);
    store->mapping = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(struct store_shared),
            mapping_name);
    if (store->mapping) store->shared = MapViewOfFile(store->mapping, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    if (!store->mutex || !store->shared)
    {
        ERR("the shared objects of %s cannot be made, error %lu.\n", debugstr_w(full), GetLastError());
        store_free(store);
        LeaveCriticalSection(&stores_cs);
        return MAPI_E_CALL_FAILED;
    }

    mutex_acquire(store);
    EnterCriticalSection(&store->cs);
    store->seen_seq = store->shared->seq;
    store->seen_folder_seq = store->shared->folder_seq;
    hr = store_load(store, uid);
    LeaveCriticalSection(&store->cs);
    ReleaseMutex(store->mutex);
    if (FAILED(hr))
    {
        WARN("the store %s cannot be opened, hr %#lx.\n", debugstr_w(full), hr);
        store_free(store);
        LeaveCriticalSection(&stores_cs);
        return hr;
    }
    store->next = stores;
    stores = store;
    LeaveCriticalSection(&stores_cs);
    TRACE("opened %s: %lu folders, %lu messages.\n", debugstr_w(full), store->folder_count, store->entry_count);
    *out = store;
    return S_OK;
}

void store_release(struct store *store)
{
    struct store **p;

    EnterCriticalSection(&stores_cs);
    if (--store->refcount)
    {
        LeaveCriticalSection(&stores_cs);
        return;
    }
    for (p = &stores; *p; p = &(*p)->next)
    {
        if (*p != store) continue;
        *p = store->next;
        break;
    }
    LeaveCriticalSection(&stores_cs);
    store_flush(store);
    store_free(store);
}
