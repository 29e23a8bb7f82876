/*
 * Tests for OpenStreamOnFile and HrIStorageFromStream
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "wine/test.h"

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapiutil.h"

#ifndef STGSTRM_RESET
#define STGSTRM_RESET   0x00000000
#define STGSTRM_CURRENT 0x10000000
#define STGSTRM_MODIFY  0x00000002
#define STGSTRM_CREATE  0x00001000
#endif

typedef HRESULT (WINAPI *open_stream_on_file_func)(LPALLOCATEBUFFER, LPFREEBUFFER, ULONG, LPSTR, LPSTR, LPSTREAM *);

static HMODULE mapi32;
static open_stream_on_file_func pOpenStreamOnFile;
static HRESULT (WINAPI *pHrIStorageFromStream)(IUnknown *, const IID *, ULONG, IStorage **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);

static char temp_dir[MAX_PATH];

static const WCHAR contents_name[] = {'C','o','n','t','e','n','t','s',0};
static const WCHAR other_name[] = {'O','t','h','e','r',0};

static HRESULT open_file(ULONG flags, const char *file, const char *prefix, IStream **stream)
{
    *stream = (IStream *)0xdeadbeef;
    return pOpenStreamOnFile(pMAPIAllocateBuffer, pMAPIFreeBuffer, flags, (char *)file, (char *)prefix, stream);
}

static void temp_path(char *path, const char *name)
{
    sprintf(path, "%s%s", temp_dir, name);
}

static BOOL file_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

static void write_file(const char *path, const char *data)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written;

    ok(file != INVALID_HANDLE_VALUE, "could not create %s: %lu.\n", path, GetLastError());
    WriteFile(file, data, strlen(data), &written, NULL);
    CloseHandle(file);
}

static DWORD read_file(const char *path, char *buffer, DWORD size)
{
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              OPEN_EXISTING, 0, NULL);
    DWORD read = 0;

    ok(file != INVALID_HANDLE_VALUE, "could not open %s: %lu.\n", path, GetLastError());
    ReadFile(file, buffer, size, &read, NULL);
    CloseHandle(file);
    return read;
}

static ULONGLONG stream_seek(IStream *stream, LONGLONG offset, DWORD origin)
{
    LARGE_INTEGER move;
    ULARGE_INTEGER pos;
    HRESULT hr;

    move.QuadPart = offset;
    pos.QuadPart = 0xdeadbeef;
    hr = IStream_Seek(stream, move, origin, &pos);
    ok(hr == S_OK, "Seek got %#lx.\n", hr);
    return pos.QuadPart;
}

/* The name that Stat reports, in ANSI, or "" for none. */
static void stream_name(IStream *stream, char *name, DWORD size)
{
    STATSTG stat;
    HRESULT hr;

    name[0] = 0;
    memset(&stat, 0xcc, sizeof(stat));
    hr = IStream_Stat(stream, &stat, STATFLAG_DEFAULT);
    ok(hr == S_OK, "Stat got %#lx.\n", hr);
    if (hr != S_OK) return;
    ok(stat.pwcsName != NULL, "no name.\n");
    if (!stat.pwcsName) return;
    WideCharToMultiByte(CP_ACP, 0, stat.pwcsName, -1, name, size, NULL, NULL);
    CoTaskMemFree(stat.pwcsName);
}

static void test_OpenStreamOnFile_arguments(void)
{
    char path[MAX_PATH];
    IStream *stream;
    HRESULT hr;

    temp_path(path, "sofargs.dat");
    write_file(path, "data");

    hr = pOpenStreamOnFile(pMAPIAllocateBuffer, pMAPIFreeBuffer, STGM_READ, path, NULL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = open_file(STGM_READ | STGM_NOSCRATCH, path, NULL, &stream);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(!stream, "got %p.\n", stream);

    hr = open_file(STGM_WRITE | STGM_READWRITE, path, NULL, &stream);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = open_file(STGM_READ | 0x70, path, NULL, &stream);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Creating needs write access. */
    hr = open_file(STGM_CREATE | STGM_READ, path, NULL, &stream);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Only a unique name may leave the file name out. */
    hr = open_file(STGM_CREATE | STGM_READWRITE | STGM_DELETEONRELEASE, NULL, NULL, &stream);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!stream, "got %p.\n", stream);

    /* At most three characters of prefix. */
    hr = open_file(SOF_UNIQUEFILENAME | STGM_CREATE | STGM_READWRITE | STGM_DELETEONRELEASE, NULL, "ABCD",
                   &stream);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* The allocators are not needed to open a file. */
    stream = NULL;
    hr = pOpenStreamOnFile(NULL, NULL, STGM_READ, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (stream) IStream_Release(stream);

    DeleteFileA(path);
}

static void test_OpenStreamOnFile_missing(void)
{
    char path[MAX_PATH];
    IStream *stream;
    HRESULT hr;

    temp_path(path, "sofmissing.dat");
    DeleteFileA(path);
    hr = open_file(STGM_READ, path, NULL, &stream);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!stream, "got %p.\n", stream);

    hr = open_file(STGM_READWRITE, path, NULL, &stream);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!file_exists(path), "the file was created.\n");

    temp_path(path, "sofnodir\\file.dat");
    hr = open_file(STGM_CREATE | STGM_READWRITE, path, NULL, &stream);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    temp_path(path, "sofnodir");
    hr = open_file(SOF_UNIQUEFILENAME | STGM_CREATE | STGM_READWRITE, path, NULL, &stream);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!stream, "got %p.\n", stream);
}

static void test_OpenStreamOnFile_create(void)
{
    char path[MAX_PATH], full[MAX_PATH], name[MAX_PATH], buffer[64];
    ULARGE_INTEGER size;
    STATSTG stat;
    IStream *stream;
    ULONG count;
    HRESULT hr;

    temp_path(path, "sofcreate.dat");
    write_file(path, "old contents that are longer");
    GetFullPathNameA(path, sizeof(full), full, NULL);

    /* STGM_CREATE replaces what was there. */
    hr = open_file(STGM_CREATE | STGM_READWRITE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;

    memset(&stat, 0xcc, sizeof(stat));
    hr = IStream_Stat(stream, &stat, STATFLAG_NONAME);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(stat.type == STGTY_STREAM, "got type %lu.\n", stat.type);
    ok(!stat.cbSize.QuadPart, "got size %s.\n", wine_dbgstr_longlong(stat.cbSize.QuadPart));
    ok(!stat.pwcsName, "got name %p.\n", stat.pwcsName);
    ok((stat.grfMode & 3) == STGM_READWRITE, "got mode %#lx.\n", stat.grfMode);

    count = 0;
    hr = IStream_Write(stream, "hello world", 11, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 11, "got %lu.\n", count);

    stream_name(stream, name, sizeof(name));
    ok(!lstrcmpiA(name, full), "got %s, expected %s.\n", name, full);
    hr = IStream_Stat(stream, &stat, STATFLAG_NONAME);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(stat.cbSize.QuadPart == 11, "got size %s.\n", wine_dbgstr_longlong(stat.cbSize.QuadPart));
    hr = IStream_Stat(stream, &stat, 0x10);
    ok(hr == STG_E_INVALIDFLAG, "got %#lx.\n", hr);

    ok(stream_seek(stream, 6, STREAM_SEEK_SET) == 6, "wrong position.\n");
    memset(buffer, 0, sizeof(buffer));
    hr = IStream_Read(stream, buffer, sizeof(buffer), &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 5 && !memcmp(buffer, "world", 5), "got %lu, %s.\n", count, debugstr_an(buffer, count));

    /* Reading at the end gives nothing, and succeeds. */
    count = 0xdead;
    hr = IStream_Read(stream, buffer, sizeof(buffer), &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got %lu.\n", count);

    hr = IStream_Commit(stream, STGC_DEFAULT);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IStream_Revert(stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);

    count = read_file(path, buffer, sizeof(buffer));
    ok(count == 11 && !memcmp(buffer, "hello world", 11), "file holds %s.\n", debugstr_an(buffer, count));

    /* Read-only. */
    hr = open_file(STGM_READ, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = IStream_Read(stream, buffer, 5, &count);
    ok(hr == S_OK && count == 5 && !memcmp(buffer, "hello", 5), "got %#lx, %lu.\n", hr, count);
    hr = IStream_Write(stream, "x", 1, &count);
    ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
    size.QuadPart = 2;
    hr = IStream_SetSize(stream, size);
    ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
    IStream_Release(stream);

    /* Write-only. */
    hr = open_file(STGM_WRITE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = IStream_Read(stream, buffer, 5, &count);
    ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
    hr = IStream_Write(stream, "J", 1, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);

    count = read_file(path, buffer, sizeof(buffer));
    ok(count == 11 && !memcmp(buffer, "Jello world", 11), "file holds %s.\n", debugstr_an(buffer, count));

    DeleteFileA(path);
}

static void test_stream_methods(void)
{
    char path[MAX_PATH], buffer[64];
    ULARGE_INTEGER size, offset, read, written;
    LARGE_INTEGER move;
    IStream *stream, *clone, *other, *memory;
    ISequentialStream *sequential;
    HGLOBAL global;
    ULONG count;
    HRESULT hr;

    temp_path(path, "sofmethods.dat");
    hr = open_file(STGM_CREATE | STGM_READWRITE | STGM_SHARE_DENY_NONE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;

    hr = IStream_QueryInterface(stream, &IID_ISequentialStream, (void **)&sequential);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) ISequentialStream_Release(sequential);
    hr = IStream_QueryInterface(stream, &IID_IStorage, (void **)&other);
    ok(hr == E_NOINTERFACE, "got %#lx.\n", hr);

    hr = IStream_Write(stream, "0123456789", 10, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IStream_Write(stream, NULL, 1, NULL);
    ok(hr == STG_E_INVALIDPOINTER, "got %#lx.\n", hr);

    ok(stream_seek(stream, 0, STREAM_SEEK_CUR) == 10, "wrong position.\n");
    ok(stream_seek(stream, -3, STREAM_SEEK_END) == 7, "wrong position.\n");
    ok(stream_seek(stream, -2, STREAM_SEEK_CUR) == 5, "wrong position.\n");
    move.QuadPart = -6;
    hr = IStream_Seek(stream, move, STREAM_SEEK_CUR, NULL);
    ok(hr == STG_E_INVALIDFUNCTION, "got %#lx.\n", hr);
    move.QuadPart = 0;
    hr = IStream_Seek(stream, move, 7, NULL);
    ok(hr == STG_E_INVALIDFUNCTION, "got %#lx.\n", hr);
    ok(stream_seek(stream, 0, STREAM_SEEK_CUR) == 5, "a failed seek moved.\n");

    /* Writing past the end grows the file. */
    ok(stream_seek(stream, 12, STREAM_SEEK_SET) == 12, "wrong position.\n");
    hr = IStream_Write(stream, "AB", 2, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(stream_seek(stream, 0, STREAM_SEEK_END) == 14, "wrong size.\n");

    size.QuadPart = 4;
    hr = IStream_SetSize(stream, size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(stream_seek(stream, 0, STREAM_SEEK_END) == 4, "wrong size.\n");
    size.QuadPart = 8;
    hr = IStream_SetSize(stream, size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(stream_seek(stream, 0, STREAM_SEEK_END) == 8, "wrong size.\n");
    size.QuadPart = 10;
    hr = IStream_SetSize(stream, size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    stream_seek(stream, 4, STREAM_SEEK_SET);
    hr = IStream_Write(stream, "456789", 6, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* A clone has its own position on the same file. */
    stream_seek(stream, 2, STREAM_SEEK_SET);
    hr = IStream_Clone(stream, &clone);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    ok(stream_seek(clone, 0, STREAM_SEEK_CUR) == 2, "the clone starts elsewhere.\n");
    hr = IStream_Read(clone, buffer, 3, &count);
    ok(hr == S_OK && count == 3 && !memcmp(buffer, "234", 3), "got %#lx, %s.\n", hr, debugstr_an(buffer, count));
    ok(stream_seek(stream, 0, STREAM_SEEK_CUR) == 2, "reading the clone moved the stream.\n");

    /* CopyTo copies from the position on. */
    hr = CreateStreamOnHGlobal(NULL, TRUE, &memory);
    ok(hr == S_OK, "got %#lx.\n", hr);
    size.QuadPart = 100;
    hr = IStream_CopyTo(stream, memory, size, &read, &written);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(read.QuadPart == 8 && written.QuadPart == 8, "got %s, %s.\n", wine_dbgstr_longlong(read.QuadPart),
       wine_dbgstr_longlong(written.QuadPart));
    GetHGlobalFromStream(memory, &global);
    ok(!memcmp(GlobalLock(global), "23456789", 8), "wrong copy.\n");
    GlobalUnlock(global);
    stream_seek(stream, 0, STREAM_SEEK_SET);
    size.QuadPart = 3;
    hr = IStream_CopyTo(stream, memory, size, &read, NULL);
    ok(hr == S_OK && read.QuadPart == 3, "got %#lx, %s.\n", hr, wine_dbgstr_longlong(read.QuadPart));
    hr = IStream_CopyTo(stream, NULL, size, NULL, NULL);
    ok(hr == STG_E_INVALIDPOINTER, "got %#lx.\n", hr);
    IStream_Release(memory);

    /* Locks keep another opening of the file out. */
    hr = open_file(STGM_READWRITE | STGM_SHARE_DENY_NONE, path, NULL, &other);
    ok(hr == S_OK, "got %#lx.\n", hr);
    offset.QuadPart = 0;
    size.QuadPart = 4;
    hr = IStream_LockRegion(stream, offset, size, LOCK_ONLYONCE);
    ok(hr == STG_E_INVALIDFUNCTION, "got %#lx.\n", hr);
    hr = IStream_LockRegion(stream, offset, size, LOCK_EXCLUSIVE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (other)
    {
        hr = IStream_LockRegion(other, offset, size, LOCK_EXCLUSIVE);
        ok(hr == STG_E_LOCKVIOLATION, "got %#lx.\n", hr);
    }
    hr = IStream_UnlockRegion(stream, offset, size, LOCK_EXCLUSIVE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IStream_UnlockRegion(stream, offset, size, LOCK_EXCLUSIVE);
    ok(hr == STG_E_LOCKVIOLATION, "got %#lx.\n", hr);
    if (other)
    {
        hr = IStream_LockRegion(other, offset, size, LOCK_WRITE);
        ok(hr == S_OK, "got %#lx.\n", hr);
        hr = IStream_UnlockRegion(other, offset, size, LOCK_WRITE);
        ok(hr == S_OK, "got %#lx.\n", hr);
        IStream_Release(other);
    }

    /* The clone keeps the file open after the stream goes. */
    IStream_Release(stream);
    stream_seek(clone, 0, STREAM_SEEK_SET);
    hr = IStream_Read(clone, buffer, 10, &count);
    ok(hr == S_OK && count == 10 && !memcmp(buffer, "0123456789", 10), "got %#lx, %s.\n", hr,
       debugstr_an(buffer, count));
    IStream_Release(clone);

    DeleteFileA(path);
}

static void test_OpenStreamOnFile_share(void)
{
    char path[MAX_PATH];
    IStream *stream, *other;
    HRESULT hr;

    temp_path(path, "sofshare.dat");
    write_file(path, "shared");

    hr = open_file(STGM_READWRITE | STGM_SHARE_EXCLUSIVE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = open_file(STGM_READ, path, NULL, &other);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    ok(!other, "got %p.\n", other);
    if (stream) IStream_Release(stream);

    hr = open_file(STGM_READ | STGM_SHARE_DENY_WRITE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = open_file(STGM_READ | STGM_SHARE_DENY_WRITE, path, NULL, &other);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (other) IStream_Release(other);
    hr = open_file(STGM_READWRITE, path, NULL, &other);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    if (stream) IStream_Release(stream);

    DeleteFileA(path);
}

static void test_OpenStreamOnFile_delete_on_release(void)
{
    char path[MAX_PATH];
    IStream *stream, *clone;
    HRESULT hr;

    temp_path(path, "sofdelete.dat");
    hr = open_file(STGM_CREATE | STGM_READWRITE | STGM_DELETEONRELEASE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = IStream_Write(stream, "temporary", 9, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(file_exists(path), "the file does not exist.\n");

    hr = IStream_Clone(stream, &clone);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);
    ok(file_exists(path), "the file went while a clone is open.\n");
    if (clone) IStream_Release(clone);
    ok(!file_exists(path), "the file is still there.\n");

    /* Without the flag the file stays. */
    hr = open_file(STGM_CREATE | STGM_READWRITE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (stream) IStream_Release(stream);
    ok(file_exists(path), "the file went.\n");
    DeleteFileA(path);
}

static BOOL name_has_form(const char *path, const char *dir, const char *prefix)
{
    const char *name = path + strlen(dir);
    size_t len = strlen(name);

    if (_strnicmp(path, dir, strlen(dir))) return FALSE;
    if (_strnicmp(name, prefix, strlen(prefix))) return FALSE;
    return len > 4 && !lstrcmpiA(name + len - 4, ".TMP") && !strchr(name, '\\');
}

static void test_OpenStreamOnFile_unique(void)
{
    char dir[MAX_PATH], full_temp[MAX_PATH], name1[MAX_PATH], name2[MAX_PATH];
    IStream *stream1, *stream2;
    HRESULT hr;

    GetLongPathNameA(temp_dir, full_temp, sizeof(full_temp));

    hr = open_file(SOF_UNIQUEFILENAME | STGM_CREATE | STGM_READWRITE | STGM_DELETEONRELEASE, NULL, "TST", &stream1);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = open_file(SOF_UNIQUEFILENAME | STGM_CREATE | STGM_READWRITE | STGM_DELETEONRELEASE, NULL, "TST", &stream2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;

    stream_name(stream1, name1, sizeof(name1));
    stream_name(stream2, name2, sizeof(name2));
    GetLongPathNameA(name1, name1, sizeof(name1));
    GetLongPathNameA(name2, name2, sizeof(name2));
    ok(name_has_form(name1, full_temp, "TST"), "got %s in %s.\n", name1, full_temp);
    ok(name_has_form(name2, full_temp, "TST"), "got %s in %s.\n", name2, full_temp);
    ok(lstrcmpiA(name1, name2), "both are %s.\n", name1);
    ok(file_exists(name1), "%s does not exist.\n", name1);
    ok(file_exists(name2), "%s does not exist.\n", name2);

    hr = IStream_Write(stream1, "one", 3, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream1);
    IStream_Release(stream2);
    ok(!file_exists(name1), "%s is still there.\n", name1);
    ok(!file_exists(name2), "%s is still there.\n", name2);

    /* A directory of our own, the default prefix, and a file that stays. */
    sprintf(dir, "%ssofunique", full_temp);
    CreateDirectoryA(dir, NULL);
    hr = open_file(SOF_UNIQUEFILENAME | STGM_CREATE | STGM_READWRITE, dir, NULL, &stream1);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        strcat(dir, "\\");
        stream_name(stream1, name1, sizeof(name1));
        ok(name_has_form(name1, dir, "SOF"), "got %s in %s.\n", name1, dir);
        IStream_Release(stream1);
        ok(file_exists(name1), "%s went.\n", name1);
        DeleteFileA(name1);
        dir[strlen(dir) - 1] = 0;
    }
    ok(RemoveDirectoryA(dir), "the directory is not empty: %lu.\n", GetLastError());
}

static HRESULT storage_write(IStorage *storage, const WCHAR *name, const char *data)
{
    IStream *stream;
    HRESULT hr;

    hr = IStorage_CreateStream(storage, name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream);
    if (FAILED(hr)) return hr;
    hr = IStream_Write(stream, data, strlen(data), NULL);
    IStream_Release(stream);
    if (SUCCEEDED(hr)) hr = IStorage_Commit(storage, STGC_DEFAULT);
    return hr;
}

static void check_storage_stream_(unsigned int line, IStorage *storage, const WCHAR *name, const char *data)
{
    char buffer[64];
    IStream *stream;
    ULONG count = 0;
    HRESULT hr;

    hr = IStorage_OpenStream(storage, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream);
    ok_(__FILE__, line)(hr == S_OK, "OpenStream got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = IStream_Read(stream, buffer, sizeof(buffer), &count);
    ok_(__FILE__, line)(hr == S_OK, "Read got %#lx.\n", hr);
    ok_(__FILE__, line)(count == strlen(data) && !memcmp(buffer, data, count), "got %s.\n",
                        debugstr_an(buffer, count));
    IStream_Release(stream);
}
#define check_storage_stream(a, b, c) check_storage_stream_(__LINE__, a, b, c)

static void test_HrIStorageFromStream_arguments(void)
{
    IStorage *storage;
    IStream *stream;
    HRESULT hr;

    CreateStreamOnHGlobal(NULL, TRUE, &stream);

    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_CREATE | STGSTRM_MODIFY, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    storage = (IStorage *)0xdeadbeef;
    hr = pHrIStorageFromStream(NULL, NULL, STGSTRM_CREATE | STGSTRM_MODIFY, &storage);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!storage, "got %p.\n", storage);

    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, 0x4, &storage);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = pHrIStorageFromStream((IUnknown *)stream, &IID_IStorage, STGSTRM_CREATE | STGSTRM_MODIFY, &storage);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    hr = pHrIStorageFromStream((IUnknown *)stream, &IID_ILockBytes, STGSTRM_CREATE | STGSTRM_MODIFY, &storage);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);

    /* An empty stream holds no storage to open. */
    storage = (IStorage *)0xdeadbeef;
    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_RESET, &storage);
    ok(FAILED(hr), "got %#lx.\n", hr);
    ok(!storage, "got %p.\n", storage);

    IStream_Release(stream);
}

static void test_HrIStorageFromStream_round_trip(void)
{
    IStorage *storage;
    IStream *stream;
    HRESULT hr;

    CreateStreamOnHGlobal(NULL, TRUE, &stream);

    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_CREATE | STGSTRM_MODIFY, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = storage_write(storage, contents_name, "payload");
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStorage_Release(storage);
    ok(stream_seek(stream, 0, STREAM_SEEK_END) >= 512, "the storage wrote little.\n");

    /* STGSTRM_RESET reads from the start, and only reads. */
    hr = pHrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_RESET, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_storage_stream(storage, contents_name, "payload");
        hr = storage_write(storage, other_name, "more");
        ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
        IStorage_Release(storage);
    }

    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_MODIFY, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = storage_write(storage, other_name, "more");
        ok(hr == S_OK, "got %#lx.\n", hr);
        IStorage_Release(storage);
    }

    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, 0, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_storage_stream(storage, contents_name, "payload");
        check_storage_stream(storage, other_name, "more");
        IStorage_Release(storage);
    }

    IStream_Release(stream);
}

static void test_HrIStorageFromStream_current(void)
{
    static const BYTE signature[] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
    BYTE prefix[100], buffer[100];
    IStorage *storage;
    IStream *stream;
    ULONG count, i;
    HRESULT hr;

    for (i = 0; i < sizeof(prefix); i++) prefix[i] = i;
    CreateStreamOnHGlobal(NULL, TRUE, &stream);
    IStream_Write(stream, prefix, sizeof(prefix), NULL);

    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_CURRENT | STGSTRM_CREATE | STGSTRM_MODIFY, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = storage_write(storage, contents_name, "after the prefix");
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStorage_Release(storage);

    stream_seek(stream, 0, STREAM_SEEK_SET);
    hr = IStream_Read(stream, buffer, sizeof(buffer), &count);
    ok(hr == S_OK && count == sizeof(buffer), "got %#lx, %lu.\n", hr, count);
    ok(!memcmp(buffer, prefix, sizeof(prefix)), "the prefix changed.\n");
    hr = IStream_Read(stream, buffer, sizeof(signature), &count);
    ok(!memcmp(buffer, signature, sizeof(signature)), "no storage after the prefix.\n");

    /* From the start there is no storage; from the prefix's end there is. */
    storage = NULL;
    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_RESET, &storage);
    ok(FAILED(hr), "got %#lx.\n", hr);
    if (storage) IStorage_Release(storage);

    stream_seek(stream, sizeof(prefix), STREAM_SEEK_SET);
    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_CURRENT, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_storage_stream(storage, contents_name, "after the prefix");
        IStorage_Release(storage);
    }
    IStream_Release(stream);
}

static void test_HrIStorageFromStream_lockbytes(void)
{
    ILockBytes *lockbytes;
    IStorage *storage;
    HRESULT hr;

    hr = CreateILockBytesOnHGlobal(NULL, TRUE, &lockbytes);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = pHrIStorageFromStream((IUnknown *)lockbytes, &IID_ILockBytes, STGSTRM_CREATE | STGSTRM_MODIFY, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = storage_write(storage, contents_name, "in lock bytes");
        ok(hr == S_OK, "got %#lx.\n", hr);
        IStorage_Release(storage);
    }
    hr = StgIsStorageILockBytes(lockbytes);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = pHrIStorageFromStream((IUnknown *)lockbytes, &IID_ILockBytes, STGSTRM_RESET, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_storage_stream(storage, contents_name, "in lock bytes");
        IStorage_Release(storage);
    }
    ILockBytes_Release(lockbytes);
}

/* A storage on a stream on a file: the two functions together. */
static void test_HrIStorageFromStream_file(void)
{
    WCHAR pathW[MAX_PATH];
    char path[MAX_PATH];
    IStorage *storage;
    IStream *stream;
    HRESULT hr;

    temp_path(path, "sofstorage.dat");
    hr = open_file(STGM_CREATE | STGM_READWRITE, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_CREATE | STGSTRM_MODIFY, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = storage_write(storage, contents_name, "on disk");
        ok(hr == S_OK, "got %#lx.\n", hr);
        IStorage_Release(storage);
    }
    IStream_Release(stream);

    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);
    hr = StgIsStorageFile(pathW);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = open_file(STGM_READ, path, NULL, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = pHrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_RESET, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_storage_stream(storage, contents_name, "on disk");
        IStorage_Release(storage);
    }
    IStream_Release(stream);
    DeleteFileA(path);
}

START_TEST(stream)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return;

    pOpenStreamOnFile = (void *)GetProcAddress(mapi32, "OpenStreamOnFile@24");
    pHrIStorageFromStream = (void *)GetProcAddress(mapi32, "HrIStorageFromStream@16");
    pMAPIAllocateBuffer = (void *)GetProcAddress(mapi32, "MAPIAllocateBuffer@8");
    pMAPIFreeBuffer = (void *)GetProcAddress(mapi32, "MAPIFreeBuffer@4");
    ok(pOpenStreamOnFile && pHrIStorageFromStream && pMAPIAllocateBuffer && pMAPIFreeBuffer, "missing exports.\n");
    if (!pOpenStreamOnFile || !pHrIStorageFromStream || !pMAPIAllocateBuffer || !pMAPIFreeBuffer) return;
    ok((void *)GetProcAddress(mapi32, "OpenStreamOnFile") == (void *)pOpenStreamOnFile,
       "OpenStreamOnFile and OpenStreamOnFile@24 differ.\n");
    ok((void *)GetProcAddress(mapi32, "HrIStorageFromStream") == (void *)pHrIStorageFromStream,
       "HrIStorageFromStream and HrIStorageFromStream@16 differ.\n");

    GetTempPathA(sizeof(temp_dir), temp_dir);
    CoInitialize(NULL);

    test_OpenStreamOnFile_arguments();
    test_OpenStreamOnFile_missing();
    test_OpenStreamOnFile_create();
    test_stream_methods();
    test_OpenStreamOnFile_share();
    test_OpenStreamOnFile_delete_on_release();
    test_OpenStreamOnFile_unique();
    test_HrIStorageFromStream_arguments();
    test_HrIStorageFromStream_round_trip();
    test_HrIStorageFromStream_current();
    test_HrIStorageFromStream_lockbytes();
    test_HrIStorageFromStream_file();

    CoUninitialize();
}
