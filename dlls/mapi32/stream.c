/*
 * mapi32: streams: OpenStreamOnFile, HrIStorageFromStream
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"
#include "mapispi.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define STGM_ACCESS_MASK 0x00000003
#define STGM_SHARE_MASK  0x00000070

#define SOF_VALID_FLAGS (SOF_UNIQUEFILENAME | STGM_ACCESS_MASK | STGM_SHARE_MASK | STGM_CREATE \
                         | STGM_DELETEONRELEASE)

/* A file opened by OpenStreamOnFile, shared by a stream and its clones.
 * The last stream to let go closes it and, for STGM_DELETEONRELEASE,
 * deletes it. */
struct stream_file
{
    LONG refcount;
    HANDLE handle;
    char *path;         /* full path, from the heap */
    DWORD mode;         /* the STGM_ flags it was opened with */
};

/* An IStream from OpenStreamOnFile or Clone.  Callers hold references; it
 * holds one on its file and has a seek position of its own. */
struct file_stream
{
    IStream IStream_iface;
    LONG refcount;
    struct stream_file *file;
    ULONGLONG position;
};

static inline struct file_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct file_stream, IStream_iface);
}

static HRESULT stg_error_from_win32(DWORD error)
{
    switch (error)
    {
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT:
        return STG_E_ACCESSDENIED;
    case ERROR_LOCK_VIOLATION:
        return STG_E_LOCKVIOLATION;
    case ERROR_SHARING_VIOLATION:
        return STG_E_SHAREVIOLATION;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return STG_E_MEDIUMFULL;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return STG_E_INSUFFICIENTMEMORY;
    }
    return HRESULT_FROM_WIN32(error);
}

static HRESULT mapi_error_from_win32(DWORD error)
{
    switch (error)
    {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
    case ERROR_DIRECTORY:
    case ERROR_INVALID_NAME:
        return MAPI_E_NOT_FOUND;
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return MAPI_E_NO_ACCESS;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return MAPI_E_DISK_ERROR;
    }
    return MAPI_E_CALL_FAILED;
}

static void set_overlapped_offset(OVERLAPPED *overlapped, ULONGLONG offset)
{
    memset(overlapped, 0, sizeof(*overlapped));
    overlapped->Offset = (DWORD)offset;
    overlapped->OffsetHigh = (DWORD)(offset >> 32);
}

static BOOL stream_file_writable(const struct stream_file *file)
{
    return (file->mode & STGM_ACCESS_MASK) != STGM_READ;
}

static void stream_file_release(struct stream_file *file)
{
    if (InterlockedDecrement(&file->refcount)) return;

    CloseHandle(file->handle);
    if ((file->mode & STGM_DELETEONRELEASE) && !DeleteFileA(file->path))
        WARN("could not delete %s, error %lu.\n", debugstr_a(file->path), GetLastError());
    mapi_heap_free(file->path);
    mapi_heap_free(file);
}

/* The QueryInterface of every IStream mapi32 hands out. */
HRESULT stream_query_interface(IStream *iface, REFIID riid, void **out)
{
    if (!out) return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ISequentialStream)
            || IsEqualIID(riid, &IID_IStream))
    {
        *out = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static HRESULT file_stream_create(struct stream_file *file, ULONGLONG position, IStream **out);

static HRESULT WINAPI file_stream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);
    return stream_query_interface(iface, riid, out);
}

static ULONG WINAPI file_stream_AddRef(IStream *iface)
{
    struct file_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedIncrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI file_stream_Release(IStream *iface)
{
    struct file_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        stream_file_release(stream->file);
        mapi_heap_free(stream);
    }
    return refcount;
}

static HRESULT WINAPI file_stream_Read(IStream *iface, void *buffer, ULONG size, ULONG *read)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;
    DWORD done = 0;

    TRACE("%p, %p, %lu, %p.\n", iface, buffer, size, read);

    if (read) *read = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if ((stream->file->mode & STGM_ACCESS_MASK) == STGM_WRITE) return STG_E_ACCESSDENIED;
    if (!size) return S_OK;

    set_overlapped_offset(&overlapped, stream->position);
    if (!ReadFile(stream->file->handle, buffer, size, &done, &overlapped))
    {
        DWORD error = GetLastError();

        if (error != ERROR_HANDLE_EOF) return stg_error_from_win32(error);
        done = 0;
    }
    stream->position += done;
    if (read) *read = done;
    return S_OK;
}

static HRESULT WINAPI file_stream_Write(IStream *iface, const void *buffer, ULONG size, ULONG *written)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;
    DWORD done = 0;

    TRACE("%p, %p, %lu, %p.\n", iface, buffer, size, written);

    if (written) *written = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if (!stream_file_writable(stream->file)) return STG_E_ACCESSDENIED;
    if (!size) return S_OK;

    set_overlapped_offset(&overlapped, stream->position);
    if (!WriteFile(stream->file->handle, buffer, size, &done, &overlapped))
        return stg_error_from_win32(GetLastError());
    stream->position += done;
    if (written) *written = done;
    return done == size ? S_OK : STG_E_MEDIUMFULL;
}

static HRESULT WINAPI file_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *new_position)
{
    struct file_stream *stream = impl_from_IStream(iface);
    LARGE_INTEGER size;
    ULONGLONG base;

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    switch (origin)
    {
    case STREAM_SEEK_SET:
        base = 0;
        break;
    case STREAM_SEEK_CUR:
        base = stream->position;
        break;
    case STREAM_SEEK_END:
        if (!GetFileSizeEx(stream->file->handle, &size)) return stg_error_from_win32(GetLastError());
        base = size.QuadPart;
        break;
    default:
        return STG_E_INVALIDFUNCTION;
    }

    if (move.QuadPart < 0 && (ULONGLONG)-move.QuadPart > base) return STG_E_INVALIDFUNCTION;
    stream->position = base + move.QuadPart;
    if (new_position) new_position->QuadPart = stream->position;
    return S_OK;
}

static HRESULT WINAPI file_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct file_stream *stream = impl_from_IStream(iface);
    LARGE_INTEGER end;

    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));

    if (!stream_file_writable(stream->file)) return STG_E_ACCESSDENIED;
    if (size.QuadPart > (ULONGLONG)MAXLONGLONG) return STG_E_INVALIDFUNCTION;

    /* Reads and writes give their own offsets, so moving the shared file
     * pointer here disturbs no one. */
    end.QuadPart = size.QuadPart;
    if (!SetFilePointerEx(stream->file->handle, end, NULL, FILE_BEGIN)
            || !SetEndOfFile(stream->file->handle))
        return stg_error_from_win32(GetLastError());
    return S_OK;
}

static HRESULT WINAPI file_stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size,
        ULARGE_INTEGER *read_out, ULARGE_INTEGER *written_out)
{
    static const ULONG chunk_size = 0x10000;
    ULONGLONG total_read = 0, total_written = 0;
    ULONG chunk, got, put;
    HRESULT hr = S_OK;
    BYTE *buffer;

    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read_out, written_out);

    if (read_out) read_out->QuadPart = 0;
    if (written_out) written_out->QuadPart = 0;
    if (!dest) return STG_E_INVALIDPOINTER;
    if (!(buffer = mapi_heap_alloc(chunk_size))) return STG_E_INSUFFICIENTMEMORY;

    while (total_read < size.QuadPart)
    {
        chunk = min(chunk_size, size.QuadPart - total_read);
        if (FAILED(hr = IStream_Read(iface, buffer, chunk, &got)) || !got) break;
        total_read += got;
        put = 0;
        hr = IStream_Write(dest, buffer, got, &put);
        total_written += put;
        if (FAILED(hr)) break;
        if (put < got)
        {
            hr = STG_E_MEDIUMFULL;
            break;
        }
    }

    mapi_heap_free(buffer);
    if (read_out) read_out->QuadPart = total_read;
    if (written_out) written_out->QuadPart = total_written;
    return hr;
}

static HRESULT WINAPI file_stream_Commit(IStream *iface, DWORD flags)
{
    struct file_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    /* The stream works in direct mode: writes are in the file already. */
    if (stream_file_writable(stream->file) && !FlushFileBuffers(stream->file->handle))
        return stg_error_from_win32(GetLastError());
    return S_OK;
}

static HRESULT WINAPI file_stream_Revert(IStream *iface)
{
    TRACE("%p.\n", iface);

    /* Nothing to undo in direct mode. */
    return S_OK;
}

/* LOCK_WRITE is granted as an exclusive lock, which also keeps others from
 * reading: the file system has no lock that stops only writers. */
static HRESULT WINAPI file_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
        DWORD type)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;

    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
          wine_dbgstr_longlong(size.QuadPart), type);

    if (type != LOCK_WRITE && type != LOCK_EXCLUSIVE) return STG_E_INVALIDFUNCTION;

    set_overlapped_offset(&overlapped, offset.QuadPart);
    if (!LockFileEx(stream->file->handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0,
            size.u.LowPart, size.u.HighPart, &overlapped))
        return STG_E_LOCKVIOLATION;
    return S_OK;
}

static HRESULT WINAPI file_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
        DWORD type)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;

    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
          wine_dbgstr_longlong(size.QuadPart), type);

    if (type != LOCK_WRITE && type != LOCK_EXCLUSIVE) return STG_E_INVALIDFUNCTION;

    set_overlapped_offset(&overlapped, offset.QuadPart);
    if (!UnlockFileEx(stream->file->handle, 0, size.u.LowPart, size.u.HighPart, &overlapped))
        return STG_E_LOCKVIOLATION;
    return S_OK;
}

static HRESULT WINAPI file_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct file_stream *stream = impl_from_IStream(iface);
    BY_HANDLE_FILE_INFORMATION info;
    int len;

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags != STATFLAG_DEFAULT && flags != STATFLAG_NONAME) return STG_E_INVALIDFLAG;
    if (!GetFileInformationByHandle(stream->file->handle, &info)) return stg_error_from_win32(GetLastError());

    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.u.LowPart = info.nFileSizeLow;
    stat->cbSize.u.HighPart = info.nFileSizeHigh;
    stat->mtime = info.ftLastWriteTime;
    stat->ctime = info.ftCreationTime;
    stat->atime = info.ftLastAccessTime;
    stat->grfMode = stream->file->mode;
    stat->grfLocksSupported = LOCK_WRITE | LOCK_EXCLUSIVE;

    if (flags == STATFLAG_NONAME) return S_OK;
    len = MultiByteToWideChar(CP_ACP, 0, stream->file->path, -1, NULL, 0);
    if (!(stat->pwcsName = CoTaskMemAlloc(len * sizeof(WCHAR)))) return STG_E_INSUFFICIENTMEMORY;
    MultiByteToWideChar(CP_ACP, 0, stream->file->path, -1, stat->pwcsName, len);
    return S_OK;
}

static HRESULT WINAPI file_stream_Clone(IStream *iface, IStream **out)
{
    struct file_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return STG_E_INVALIDPOINTER;
    InterlockedIncrement(&stream->file->refcount);
    return file_stream_create(stream->file, stream->position, out);
}

static const IStreamVtbl file_stream_vtbl =
{
    file_stream_QueryInterface,
    file_stream_AddRef,
    file_stream_Release,
    file_stream_Read,
    file_stream_Write,
    file_stream_Seek,
    file_stream_SetSize,
    file_stream_CopyTo,
    file_stream_Commit,
    file_stream_Revert,
    file_stream_LockRegion,
    file_stream_UnlockRegion,
    file_stream_Stat,
    file_stream_Clone,
};

/* Takes over the caller's reference to file, also on failure. */
static HRESULT file_stream_create(struct stream_file *file, ULONGLONG position, IStream **out)
{
    struct file_stream *stream;

    *out = NULL;
    if (!(stream = mapi_heap_alloc(sizeof(*stream))))
    {
        stream_file_release(file);
        return E_OUTOFMEMORY;
    }
    stream->IStream_iface.lpVtbl = &file_stream_vtbl;
    stream->refcount = 1;
    stream->file = file;
    stream->position = position;
    *out = &stream->IStream_iface;
    return S_OK;
}

/* Creates an empty file named <prefix>HHHH.TMP in dir, or in the
 * directory for temporary files when dir is NULL. */
static HRESULT create_unique_file(const char *dir, const char *prefix, char *path)
{
    char temp_dir[MAX_PATH];

    if (!prefix) prefix = "SOF";
    if (strlen(prefix) > 3) return MAPI_E_INVALID_PARAMETER;
    if (!dir)
    {
        DWORD len = GetTempPathA(ARRAY_SIZE(temp_dir), temp_dir);

        if (!len || len >= ARRAY_SIZE(temp_dir)) return MAPI_E_NOT_FOUND;
        dir = temp_dir;
    }
    if (!GetTempFileNameA(dir, prefix, 0, path)) return mapi_error_from_win32(GetLastError());
    return S_OK;
}

static DWORD share_from_stgm(DWORD mode)
{
    switch (mode & STGM_SHARE_MASK)
    {
    case STGM_SHARE_EXCLUSIVE: return 0;
    case STGM_SHARE_DENY_READ: return FILE_SHARE_WRITE;
    case STGM_SHARE_DENY_WRITE: return FILE_SHARE_READ;
    }
    return FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
}

static DWORD access_from_stgm(DWORD mode)
{
    switch (mode & STGM_ACCESS_MASK)
    {
    case STGM_WRITE: return GENERIC_WRITE;
    case STGM_READWRITE: return GENERIC_READ | GENERIC_WRITE;
    }
    return GENERIC_READ;
}

static HRESULT check_open_flags(ULONG flags, const char *file_name)
{
    if (flags & ~SOF_VALID_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & STGM_ACCESS_MASK) == STGM_ACCESS_MASK) return MAPI_E_INVALID_PARAMETER;
    if ((flags & STGM_SHARE_MASK) > STGM_SHARE_DENY_NONE) return MAPI_E_INVALID_PARAMETER;
    /* Creating a file needs write access; only a unique name may leave the
     * file name out, as the file's directory. */
    if ((flags & STGM_CREATE) && (flags & STGM_ACCESS_MASK) == STGM_READ) return MAPI_E_INVALID_PARAMETER;
    if (!(flags & SOF_UNIQUEFILENAME) && !file_name) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

/***********************************************************************
 *              OpenStreamOnFile@24 (MAPI32.147)
 */
HRESULT WINAPI OpenStreamOnFile(LPALLOCATEBUFFER allocate_buffer, LPFREEBUFFER free_buffer, ULONG flags,
        LPSTR file_name, LPSTR prefix, LPSTREAM *stream)
{
    char path[MAX_PATH], full_path[MAX_PATH];
    struct stream_file *file;
    DWORD disposition, len;
    HANDLE handle;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %s, %s, %p.\n", allocate_buffer, free_buffer, flags, debugstr_a(file_name),
          debugstr_a(prefix), stream);

    if (!stream) return MAPI_E_INVALID_PARAMETER;
    *stream = NULL;
    if (FAILED(hr = check_open_flags(flags, file_name))) return hr;

    if (flags & SOF_UNIQUEFILENAME)
    {
        if (FAILED(hr = create_unique_file(file_name, prefix, path))) return hr;
        disposition = OPEN_EXISTING;
    }
    else
    {
        if (strlen(file_name) >= ARRAY_SIZE(path)) return MAPI_E_INVALID_PARAMETER;
        strcpy(path, file_name);
        disposition = (flags & STGM_CREATE) ? CREATE_ALWAYS : OPEN_EXISTING;
    }

    len = GetFullPathNameA(path, ARRAY_SIZE(full_path), full_path, NULL);
    if (!len || len >= ARRAY_SIZE(full_path)) strcpy(full_path, path);

    handle = CreateFileA(full_path, access_from_stgm(flags), share_from_stgm(flags), NULL, disposition,
                         FILE_ATTRIBUTE_NORMAL, NULL);
    if (handle == INVALID_HANDLE_VALUE)
    {
        hr = mapi_error_from_win32(GetLastError());
        if (flags & SOF_UNIQUEFILENAME) DeleteFileA(full_path);
        return hr;
    }

    if (!(file = mapi_heap_alloc(sizeof(*file))) || !(file->path = mapi_heap_strdup(full_path)))
    {
        mapi_heap_free(file);
        CloseHandle(handle);
        if (flags & SOF_UNIQUEFILENAME) DeleteFileA(full_path);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    file->refcount = 1;
    file->handle = handle;
    file->mode = flags & ~SOF_UNIQUEFILENAME;

    return file_stream_create(file, 0, stream);
}

/* An ILockBytes on a stream, from HrIStorageFromStream: the storage holds
 * the references; it holds one on the stream, whose byte base is its
 * byte 0. */
struct stream_lockbytes
{
    ILockBytes ILockBytes_iface;
    LONG refcount;
    IStream *stream;
    ULONGLONG base;
};

static inline struct stream_lockbytes *impl_from_ILockBytes(ILockBytes *iface)
{
    return CONTAINING_RECORD(iface, struct stream_lockbytes, ILockBytes_iface);
}

static HRESULT stream_lockbytes_seek(struct stream_lockbytes *lockbytes, ULARGE_INTEGER offset)
{
    LARGE_INTEGER position;

    position.QuadPart = lockbytes->base + offset.QuadPart;
    return IStream_Seek(lockbytes->stream, position, STREAM_SEEK_SET, NULL);
}

static HRESULT WINAPI stream_lockbytes_QueryInterface(ILockBytes *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ILockBytes))
    {
        *out = iface;
        ILockBytes_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI stream_lockbytes_AddRef(ILockBytes *iface)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    ULONG refcount = InterlockedIncrement(&lockbytes->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI stream_lockbytes_Release(ILockBytes *iface)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    ULONG refcount = InterlockedDecrement(&lockbytes->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        IStream_Release(lockbytes->stream);
        mapi_heap_free(lockbytes);
    }
    return refcount;
}

static HRESULT WINAPI stream_lockbytes_ReadAt(ILockBytes *iface, ULARGE_INTEGER offset, void *buffer,
        ULONG size, ULONG *read)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    HRESULT hr;

    TRACE("%p, %s, %p, %lu, %p.\n", iface, wine_dbgstr_longlong(offset.QuadPart), buffer, size, read);

    if (read) *read = 0;
    if (FAILED(hr = stream_lockbytes_seek(lockbytes, offset))) return hr;
    return IStream_Read(lockbytes->stream, buffer, size, read);
}

static HRESULT WINAPI stream_lockbytes_WriteAt(ILockBytes *iface, ULARGE_INTEGER offset, const void *buffer,
        ULONG size, ULONG *written)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    HRESULT hr;

    TRACE("%p, %s, %p, %lu, %p.\n", iface, wine_dbgstr_longlong(offset.QuadPart), buffer, size, written);

    if (written) *written = 0;
    if (FAILED(hr = stream_lockbytes_seek(lockbytes, offset))) return hr;
    return IStream_Write(lockbytes->stream, buffer, size, written);
}

static HRESULT WINAPI stream_lockbytes_Flush(ILockBytes *iface)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);

    TRACE("%p.\n", iface);

    return IStream_Commit(lockbytes->stream, STGC_DEFAULT);
}

static HRESULT WINAPI stream_lockbytes_SetSize(ILockBytes *iface, ULARGE_INTEGER size)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    ULARGE_INTEGER stream_size;

    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));

    stream_size.QuadPart = lockbytes->base + size.QuadPart;
    return IStream_SetSize(lockbytes->stream, stream_size);
}

/* The storage must not lock: the stream may be shared with its owner. */
static HRESULT WINAPI stream_lockbytes_LockRegion(ILockBytes *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
        DWORD type)
{
    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
          wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_lockbytes_UnlockRegion(ILockBytes *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
          wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_lockbytes_Stat(ILockBytes *iface, STATSTG *stat, DWORD flags)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    HRESULT hr;

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (FAILED(hr = IStream_Stat(lockbytes->stream, stat, flags))) return hr;
    stat->type = STGTY_LOCKBYTES;
    stat->cbSize.QuadPart = stat->cbSize.QuadPart > lockbytes->base ? stat->cbSize.QuadPart - lockbytes->base : 0;
    stat->grfLocksSupported = 0;
    return S_OK;
}

static const ILockBytesVtbl stream_lockbytes_vtbl =
{
    stream_lockbytes_QueryInterface,
    stream_lockbytes_AddRef,
    stream_lockbytes_Release,
    stream_lockbytes_ReadAt,
    stream_lockbytes_WriteAt,
    stream_lockbytes_Flush,
    stream_lockbytes_SetSize,
    stream_lockbytes_LockRegion,
    stream_lockbytes_UnlockRegion,
    stream_lockbytes_Stat,
};

static HRESULT stream_lockbytes_create(IStream *stream, BOOL from_current, ILockBytes **out)
{
    struct stream_lockbytes *lockbytes;
    LARGE_INTEGER zero = {{0}};
    ULARGE_INTEGER base = {{0}};
    HRESULT hr;

    if (from_current && FAILED(hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &base))) return hr;
    if (!(lockbytes = mapi_heap_alloc(sizeof(*lockbytes)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    lockbytes->ILockBytes_iface.lpVtbl = &stream_lockbytes_vtbl;
    lockbytes->refcount = 1;
    lockbytes->stream = stream;
    IStream_AddRef(stream);
    lockbytes->base = base.QuadPart;
    *out = &lockbytes->ILockBytes_iface;
    return S_OK;
}

/* The ILockBytes that unknown offers as iid, as the reference says:
 * NULL stands for IID_IStream. */
static HRESULT lockbytes_from_unknown(IUnknown *unknown, const IID *iid, ULONG flags, ILockBytes **out)
{
    IStream *stream;
    HRESULT hr;

    if (iid && IsEqualIID(iid, &IID_ILockBytes))
    {
        /* An ILockBytes has no current position: it always starts at 0. */
        if (FAILED(IUnknown_QueryInterface(unknown, &IID_ILockBytes, (void **)out)))
            return MAPI_E_INTERFACE_NOT_SUPPORTED;
        return S_OK;
    }
    if (iid && !IsEqualIID(iid, &IID_IStream)) return MAPI_E_INTERFACE_NOT_SUPPORTED;

    if (FAILED(IUnknown_QueryInterface(unknown, &IID_IStream, (void **)&stream)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    hr = stream_lockbytes_create(stream, !!(flags & STGSTRM_CURRENT), out);
    IStream_Release(stream);
    return hr;
}

/***********************************************************************
 *              HrIStorageFromStream@16 (MAPI32.194)
 */
HRESULT WINAPI HrIStorageFromStream(LPUNKNOWN unknown, LPCIID iid, ULONG flags, LPSTORAGE *storage)
{
    ILockBytes *lockbytes;
    HRESULT hr;

    TRACE("%p, %s, %#lx, %p.\n", unknown, debugstr_guid(iid), flags, storage);

    if (!storage) return MAPI_E_INVALID_PARAMETER;
    *storage = NULL;
    if (!unknown) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(STGSTRM_CURRENT | STGSTRM_MODIFY | STGSTRM_CREATE)) return MAPI_E_UNKNOWN_FLAGS;

    if (FAILED(hr = lockbytes_from_unknown(unknown, iid, flags, &lockbytes))) return hr;

    /* Creating writes, so STGSTRM_CREATE implies STGSTRM_MODIFY. */
    if (flags & STGSTRM_CREATE)
        hr = StgCreateDocfileOnILockBytes(lockbytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0,
                                          storage);
    else if (flags & STGSTRM_MODIFY)
        hr = StgOpenStorageOnILockBytes(lockbytes, NULL, STGM_READWRITE | STGM_SHARE_EXCLUSIVE, NULL, 0, storage);
    else
        hr = StgOpenStorageOnILockBytes(lockbytes, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, storage);

    ILockBytes_Release(lockbytes);
    if (FAILED(hr)) *storage = NULL;
    return hr;
}
