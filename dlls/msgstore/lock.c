/*
 * The local message store: locks on queued messages, submission times
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A message the spooler locks has a lock file beside it (<id>.lock)
 * holding the process ID, the logon's serial number and the process's
 * start time, so that a spooler in another process sees the lock and a
 * lock whose process has ended (or whose ID a new process reuses) counts
 * for nothing and is removed.  Locks are read again whenever the shared
 * counter says the store changed.
 */

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

struct lock_file
{
    DWORD pid;
    ULONG serial;
    FILETIME started;
};

static BOOL process_started(DWORD pid, FILETIME *started)
{
    FILETIME exit_time, kernel, user;
    HANDLE process;
    DWORD code = 0;
    BOOL alive;

    if (!(process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid))) return FALSE;
    alive = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE
            && GetProcessTimes(process, started, &exit_time, &kernel, &user);
    CloseHandle(process);
    return alive;
}

/* The live lock of a message, from its lock file; a stale one is removed. */
static BOOL lock_file_read(struct store_folder *folder, ULONG id, struct lock_file *lock)
{
    WCHAR path[MAX_PATH];
    FILETIME started;
    SIZE_T size;
    BYTE *data;

    if (!store_message_path(folder, id, L".lock", path) || FAILED(file_read_all(path, &data, &size))) return FALSE;
    if (size == sizeof(*lock)) memcpy(lock, data, sizeof(*lock));
    HeapFree(GetProcessHeap(), 0, data);
    if (size == sizeof(*lock) && process_started(lock->pid, &started) && !CompareFileTime(&started, &lock->started))
        return TRUE;
    TRACE("%s: dropping the stale lock of message %lu.\n", debugstr_w(folder->dir), id);
    DeleteFileW(path);
    return FALSE;
}

/* The locks of the queued messages, as their files say. */
void store_locks_refresh(struct store *store)
{
    struct store_folder *folder;
    struct msg_entry *entry;
    struct lock_file lock;
    ULONG i, j;
    BOOL locked;

    for (i = 0; i < store->folder_count; i++)
    {
        folder = store->folders[i];
        for (j = 0; j < folder->entry_count; j++)
        {
            entry = folder->entries[j];
            if (!entry_is_queued(entry) && !entry->lock_pid) continue;
            if (!(locked = lock_file_read(folder, entry->id, &lock))) lock.pid = lock.serial = 0;
            if (entry->lock_pid == lock.pid && entry->lock_serial == lock.serial) continue;
            entry->lock_pid = lock.pid;
            entry->lock_serial = lock.serial;
            publish_entry(store, entry, folder, entry_is_queued(entry));
        }
    }
}

BOOL store_entry_locked_by_other(const struct msg_entry *entry, ULONG serial)
{
    return entry->lock_pid && (entry->lock_pid != GetCurrentProcessId() || entry->lock_serial != serial);
}

HRESULT store_lock_message(struct store *store, struct msg_entry *entry, ULONG serial, BOOL lock)
{
    WCHAR path[MAX_PATH];
    struct lock_file file;
    FILETIME exit_time, kernel, user;
    HRESULT hr = S_OK;

    if (store_entry_locked_by_other(entry, serial)) return MAPI_E_NO_ACCESS;
    if (!store_message_path(entry->folder, entry->id, L".lock", path)) return MAPI_E_INVALID_PARAMETER;
    if (lock)
    {
        file.pid = GetCurrentProcessId();
        file.serial = serial;
        GetProcessTimes(GetCurrentProcess(), &file.started, &exit_time, &kernel, &user);
        if (FAILED(hr = file_write_atomic(path, NULL, &file, sizeof(file), NULL))) return hr;
        entry->lock_pid = file.pid;
        entry->lock_serial = serial;
    }
    else
    {
        if (!DeleteFileW(path) && GetLastError() != ERROR_FILE_NOT_FOUND) hr = file_error(GetLastError());
        entry->lock_pid = 0;
        entry->lock_serial = 0;
    }
    publish_entry(store, entry, entry->folder, entry_is_queued(entry));
    store_changed(store, FALSE);
    return hr;
}

ULONG store_unlock_all(struct store *store, ULONG serial)
{
    struct msg_entry *entry;
    ULONG i, j, n = 0;

    for (i = 0; i < store->folder_count; i++)
    {
        for (j = 0; j < store->folders[i]->entry_count; j++)
        {
            entry = store->folders[i]->entries[j];
            if (entry->lock_pid != GetCurrentProcessId() || entry->lock_serial != serial) continue;
            if (SUCCEEDED(store_lock_message(store, entry, serial, FALSE))) n++;
        }
    }
    return n;
}

FILETIME store_submit_time(struct store *store)
{
    ULONGLONG now;
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    now = filetime_value(&ft);
    if (now <= store->last_submit) now = store->last_submit + 1;
    store->last_submit = now;
    ft.dwLowDateTime = (DWORD)now;
    ft.dwHighDateTime = (DWORD)(now >> 32);
    return ft;
}
