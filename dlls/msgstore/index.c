/*
 * The local message store: its files (store.dat, folder.dat, index.dat)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * All numbers are little-endian.  Property values are written as a ULONG
 * count, then for each its tag and its data: 2 bytes for PT_I2 and
 * PT_BOOLEAN, 4 for PT_LONG, PT_R4 and PT_ERROR, 8 for PT_DOUBLE,
 * PT_APPTIME, PT_CURRENCY, PT_I8 and PT_SYSTIME, 16 for PT_CLSID, a ULONG
 * length and the characters (no terminator) for PT_STRING8 and PT_UNICODE,
 * a ULONG length and the bytes for PT_BINARY; a multi-valued value is a
 * ULONG count of such elements.  Other types are not written.
 *
 *   store.dat   "WMSSTR01", ULONG version (1), the store's MAPIUID, ULONG
 *               next message number, ULONG next folder number, ULONG count
 *               of receive folders, each a ULONG folder number and a
 *               UTF-16 message class (ULONG length, characters); CRC-32 of
 *               all that.
 *   folder.dat  "WMSFLD01", ULONG version (1), ULONG folder number, ULONG
 *               parent's number, the folder's values; CRC-32 of all that.
 *   index.dat   a 32-byte header: "WMSIDX01", ULONG version (1), ULONG 0,
 *               ULONGLONG generation (random, new whenever the file is
 *               written whole), CRC-32 of those 24 bytes, ULONG 0.  Then
 *               records: ULONG payload size, CRC-32 of the payload, and
 *               the payload: ULONG kind (1 put, 2 delete), ULONG message
 *               number, ULONGLONG size and FILETIME last write time of the
 *               .msg file, and for a put the message's table values.
 */

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

#define MAX_FILE_SIZE       (1u << 30)
#define MAX_VALUES          65536
#define INDEX_HEADER_SIZE   32
#define RECORD_HEADER_SIZE  8
#define RECORD_FIXED_SIZE   24

static const char store_magic[8] = {'W','M','S','S','T','R','0','1'};
static const char folder_magic[8] = {'W','M','S','F','L','D','0','1'};
static const char index_magic[8] = {'W','M','S','I','D','X','0','1'};
#define FORMAT_VERSION 1

static const WCHAR store_file_name[] = L"store.dat";
static const WCHAR folder_file_name[] = L"folder.dat";
static const WCHAR index_file_name[] = L"index.dat";

/* ------------------------------------------------------------------------
 * Writing and reading bytes.
 */

struct writer
{
    BYTE *data;             /* heap */
    SIZE_T size, capacity;
    BOOL failed;
};

struct reader
{
    const BYTE *data;
    SIZE_T size, pos;
    BOOL failed;
};

static void writer_put(struct writer *w, const void *data, SIZE_T size)
{
    SIZE_T capacity;
    BYTE *grown;

    if (w->failed || !size) return;
    if (w->size + size > w->capacity)
    {
        capacity = max(w->capacity * 2, max(w->size + size, 256));
        if (w->data) grown = HeapReAlloc(GetProcessHeap(), 0, w->data, capacity);
        else grown = HeapAlloc(GetProcessHeap(), 0, capacity);
        if (!grown)
        {
            w->failed = TRUE;
            return;
        }
        w->data = grown;
        w->capacity = capacity;
    }
    memcpy(w->data + w->size, data, size);
    w->size += size;
}

static void writer_put_ulong(struct writer *w, ULONG value)
{
    writer_put(w, &value, sizeof(value));
}

static void writer_free(struct writer *w)
{
    HeapFree(GetProcessHeap(), 0, w->data);
    memset(w, 0, sizeof(*w));
}

/* Which types are written, and the size of a fixed-size element (0: counted). */
static BOOL type_size(ULONG type, ULONG *size)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2: case PT_BOOLEAN: *size = 2; return TRUE;
    case PT_LONG: case PT_R4: case PT_ERROR: *size = 4; return TRUE;
    case PT_DOUBLE: case PT_APPTIME: case PT_CURRENCY: case PT_I8: case PT_SYSTIME: *size = 8; return TRUE;
    case PT_CLSID: *size = sizeof(GUID); return TRUE;
    case PT_STRING8: case PT_UNICODE: case PT_BINARY: *size = 0; return TRUE;
    }
    return FALSE;
}

/* The size of one element of a multi-valued array in memory. */
static ULONG slot_size(ULONG type, ULONG size)
{
    switch (type)
    {
    case PT_STRING8: return sizeof(char *);
    case PT_UNICODE: return sizeof(WCHAR *);
    case PT_BINARY: return sizeof(SBinary);
    case PT_CLSID: return sizeof(GUID);
    }
    return size;
}

/* One element: a fixed-size value, or the pointer or SBinary of a string or binary at elem. */
static void put_element(struct writer *w, ULONG type, const void *elem, ULONG size)
{
    ULONG len;

    switch (type)
    {
    case PT_STRING8:
        len = strlen(*(char *const *)elem);
        writer_put_ulong(w, len);
        writer_put(w, *(char *const *)elem, len);
        return;
    case PT_UNICODE:
        len = wcslen(*(WCHAR *const *)elem);
        writer_put_ulong(w, len);
        writer_put(w, *(WCHAR *const *)elem, len * sizeof(WCHAR));
        return;
    case PT_BINARY:
        writer_put_ulong(w, ((const SBinary *)elem)->cb);
        writer_put(w, ((const SBinary *)elem)->lpb, ((const SBinary *)elem)->cb);
        return;
    }
    writer_put(w, elem, size);
}

static void writer_put_props(struct writer *w, ULONG count, const SPropValue *props)
{
    ULONG i, j, n = 0, size, type;
    const BYTE *base;

    for (i = 0; i < count; i++)
        if (type_size(PROP_TYPE(props[i].ulPropTag), &size)) n++;
    writer_put_ulong(w, n);
    for (i = 0; i < count; i++)
    {
        type = PROP_TYPE(props[i].ulPropTag);
        if (!type_size(type, &size)) continue;
        writer_put_ulong(w, props[i].ulPropTag);
        if (!(type & MV_FLAG))
        {
            put_element(w, type, type == PT_CLSID ? (const void *)props[i].Value.lpguid : (const void *)&props[i].Value,
                    size);
            continue;
        }
        writer_put_ulong(w, props[i].Value.MVi.cValues);
        base = (const BYTE *)props[i].Value.MVi.lpi;
        for (j = 0; j < props[i].Value.MVi.cValues; j++)
            put_element(w, type & ~MV_FLAG, base + j * slot_size(type & ~MV_FLAG, size), size);
    }
}

static const BYTE *reader_span(struct reader *r, SIZE_T size)
{
    const BYTE *span;

    if (r->failed || size > r->size - r->pos)
    {
        r->failed = TRUE;
        return NULL;
    }
    span = r->data + r->pos;
    r->pos += size;
    return span;
}

static BOOL reader_get(struct reader *r, void *out, SIZE_T size)
{
    const BYTE *span = reader_span(r, size);

    if (!span) return FALSE;
    if (out) memcpy(out, span, size);
    return TRUE;
}

static ULONG reader_get_ulong(struct reader *r)
{
    ULONG value = 0;

    reader_get(r, &value, sizeof(value));
    return value;
}

/* Reads one element into elem, its data allocated with parent. */
static BOOL get_element(struct reader *r, ULONG type, void *elem, ULONG size, void *parent)
{
    const BYTE *span;
    ULONG len;
    void *copy;

    if (size) return reader_get(r, elem, size);
    len = reader_get_ulong(r);
    if (type == PT_UNICODE && len > MAXDWORD / sizeof(WCHAR) - 1) return FALSE;
    if (!(span = reader_span(r, type == PT_UNICODE ? len * sizeof(WCHAR) : len))) return FALSE;
    switch (type)
    {
    case PT_STRING8:
        if (memchr(span, 0, len) || MAPIAllocateMore(len + 1, parent, &copy)) return FALSE;
        memcpy(copy, span, len);
        ((char *)copy)[len] = 0;
        *(char **)elem = copy;
        return TRUE;
    case PT_UNICODE:
        if (MAPIAllocateMore((len + 1) * sizeof(WCHAR), parent, &copy)) return FALSE;
        memcpy(copy, span, len * sizeof(WCHAR));
        ((WCHAR *)copy)[len] = 0;
        if (wcslen(copy) != len) return FALSE;
        *(WCHAR **)elem = copy;
        return TRUE;
    default:
        if (MAPIAllocateMore(max(len, 1), parent, &copy)) return FALSE;
        memcpy(copy, span, len);
        ((SBinary *)elem)->cb = len;
        ((SBinary *)elem)->lpb = copy;
        return TRUE;
    }
}

static BOOL get_value(struct reader *r, SPropValue *value, void *parent)
{
    ULONG type, size, n, j;
    BYTE *array;

    value->ulPropTag = reader_get_ulong(r);
    value->dwAlignPad = 0;
    type = PROP_TYPE(value->ulPropTag);
    if (r->failed || !type_size(type, &size) || type == PT_UNSPECIFIED) return FALSE;
    if (type == PT_CLSID)
    {
        if (MAPIAllocateMore(sizeof(GUID), parent, (void **)&value->Value.lpguid)) return FALSE;
        return reader_get(r, value->Value.lpguid, sizeof(GUID));
    }
    if (!(type & MV_FLAG)) return get_element(r, type, &value->Value, size, parent);

    n = reader_get_ulong(r);
    if (r->failed || n > MAX_VALUES || n > r->size - r->pos) return FALSE;
    if (MAPIAllocateMore(max(n, 1) * slot_size(type & ~MV_FLAG, size), parent, (void **)&array)) return FALSE;
    for (j = 0; j < n; j++)
        if (!get_element(r, type & ~MV_FLAG, array + j * slot_size(type & ~MV_FLAG, size), size, parent))
            return FALSE;
    value->Value.MVi.cValues = n;
    value->Value.MVi.lpi = (short *)array;
    return TRUE;
}

static BOOL reader_get_props(struct reader *r, ULONG *count, SPropValue **props)
{
    SPropValue *values;
    ULONG n, i;

    *count = 0;
    *props = NULL;
    n = reader_get_ulong(r);
    if (r->failed || n > MAX_VALUES || n > (r->size - r->pos) / 4) return FALSE;
    if (!n) return TRUE;
    if (MAPIAllocateBuffer(n * sizeof(*values), (void **)&values)) return FALSE;
    for (i = 0; i < n; i++)
    {
        if (get_value(r, &values[i], values)) continue;
        MAPIFreeBuffer(values);
        r->failed = TRUE;
        return FALSE;
    }
    *count = n;
    *props = values;
    return TRUE;
}

ULONG checksum(const void *data, SIZE_T size)
{
    static ULONG table[256];
    const BYTE *p = data;
    ULONG crc = ~0u, c, i, k;

    if (!table[1])
    {
        for (i = 0; i < 256; i++)
        {
            for (c = i, k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    }
    while (size--) crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

BOOL stamp_equal(const struct file_stamp *a, const struct file_stamp *b)
{
    return a->size == b->size && !CompareFileTime(&a->time, &b->time);
}

/* ------------------------------------------------------------------------
 * Files.
 */

BOOL path_join(WCHAR *out, const WCHAR *dir, const WCHAR *name)
{
    SIZE_T len = wcslen(dir);

    if (len + 1 + wcslen(name) >= MAX_PATH) return FALSE;
    memmove(out, dir, len * sizeof(WCHAR));
    out[len] = '\\';
    wcscpy(out + len + 1, name);
    return TRUE;
}

HRESULT file_error(DWORD error)
{
    switch (error)
    {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        return MAPI_E_NOT_FOUND;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return MAPI_E_NO_ACCESS;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return MAPI_E_DISK_ERROR;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return MAPI_E_DISK_ERROR;
}

HRESULT file_read_all(const WCHAR *path, BYTE **data, SIZE_T *size)
{
    LARGE_INTEGER file_size;
    DWORD got, done = 0;
    HANDLE file;
    BYTE *buffer;

    *data = NULL;
    *size = 0;
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
            OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return file_error(GetLastError());
    if (!GetFileSizeEx(file, &file_size) || file_size.QuadPart > MAX_FILE_SIZE)
    {
        CloseHandle(file);
        return MAPI_E_CORRUPT_DATA;
    }
    if (!(buffer = HeapAlloc(GetProcessHeap(), 0, max(file_size.LowPart, 1))))
    {
        CloseHandle(file);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    while (done < file_size.LowPart && ReadFile(file, buffer + done, file_size.LowPart - done, &got, NULL) && got)
        done += got;
    CloseHandle(file);
    *data = buffer;
    *size = done;
    return S_OK;
}

HRESULT file_write_atomic(const WCHAR *path, const WCHAR *temp_dir, const void *data, SIZE_T size,
        struct file_stamp *stamp)
{
    static LONG counter;
    WIN32_FILE_ATTRIBUTE_DATA attributes;
    WCHAR temp[MAX_PATH], name[64];
    const WCHAR *slash = wcsrchr(path, '\\');
    DWORD written, done = 0;
    HRESULT hr = S_OK;
    HANDLE file;

    if (!slash) return MAPI_E_INVALID_PARAMETER;
    swprintf(name, ARRAY_SIZE(name), L"~%lx-%lx.tmp", GetCurrentProcessId(), InterlockedIncrement(&counter));
    if (temp_dir)
    {
        if (!path_join(temp, temp_dir, name)) return MAPI_E_INVALID_PARAMETER;
        if (!CreateDirectoryW(temp_dir, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
            return file_error(GetLastError());
    }
    else
    {
        if ((SIZE_T)(slash - path) + 2 + wcslen(name) >= MAX_PATH) return MAPI_E_INVALID_PARAMETER;
        memcpy(temp, path, (slash - path + 1) * sizeof(WCHAR));
        wcscpy(temp + (slash - path + 1), name);
    }

    file = CreateFileW(temp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return file_error(GetLastError());
    while (done < size)
    {
        if (!WriteFile(file, (const BYTE *)data + done, min(size - done, 1 << 20), &written, NULL) || !written)
        {
            hr = file_error(GetLastError());
            break;
        }
        done += written;
    }
    CloseHandle(file);
    if (SUCCEEDED(hr) && !MoveFileExW(temp, path, MOVEFILE_REPLACE_EXISTING)) hr = file_error(GetLastError());
    if (FAILED(hr))
    {
        WARN("writing %s failed, hr %#lx.\n", debugstr_w(path), hr);
        DeleteFileW(temp);
        return hr;
    }
    if (!stamp) return S_OK;
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &attributes)) return file_error(GetLastError());
    stamp->size = ((ULONGLONG)attributes.nFileSizeHigh << 32) | attributes.nFileSizeLow;
    stamp->time = attributes.ftLastWriteTime;
    return S_OK;
}

/* Reads dir\name when it starts with magic and its last 4 bytes are the
 * CRC-32 of the rest; the reader covers what follows the magic. */
static HRESULT checked_file_read(const WCHAR *dir, const WCHAR *name, const char *magic, BYTE **data,
        struct reader *r)
{
    WCHAR path[MAX_PATH];
    SIZE_T size;
    HRESULT hr;
    ULONG crc;

    if (!path_join(path, dir, name)) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = file_read_all(path, data, &size))) return hr;
    if (size < 12 || memcmp(*data, magic, 8))
    {
        WARN("%s is damaged: no header.\n", debugstr_w(path));
        HeapFree(GetProcessHeap(), 0, *data);
        return MAPI_E_CORRUPT_DATA;
    }
    memcpy(&crc, *data + size - 4, 4);
    if (crc != checksum(*data, size - 4))
    {
        WARN("%s is damaged: bad checksum.\n", debugstr_w(path));
        HeapFree(GetProcessHeap(), 0, *data);
        return MAPI_E_CORRUPT_DATA;
    }
    r->data = *data;
    r->size = size - 4;
    r->pos = 8;
    r->failed = FALSE;
    return S_OK;
}

static HRESULT checked_file_write(const WCHAR *dir, const WCHAR *name, struct writer *w)
{
    WCHAR path[MAX_PATH];
    HRESULT hr;

    writer_put_ulong(w, w->failed ? 0 : checksum(w->data, w->size));
    if (w->failed) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!path_join(path, dir, name)) hr = MAPI_E_INVALID_PARAMETER;
    else hr = file_write_atomic(path, NULL, w->data, w->size, NULL);
    writer_free(w);
    return hr;
}

/* ------------------------------------------------------------------------
 * store.dat
 */

void store_file_clear(struct store_file *file)
{
    HeapFree(GetProcessHeap(), 0, file->receive);
    memset(file, 0, sizeof(*file));
}

HRESULT store_file_read(const WCHAR *dir, struct store_file *file)
{
    struct reader r;
    BYTE *data;
    HRESULT hr;
    ULONG i, len;

    memset(file, 0, sizeof(*file));
    if (FAILED(hr = checked_file_read(dir, store_file_name, store_magic, &data, &r))) return hr;
    if (reader_get_ulong(&r) != FORMAT_VERSION) r.failed = TRUE;
    reader_get(&r, &file->uid, sizeof(file->uid));
    file->next_message = reader_get_ulong(&r);
    file->next_folder = reader_get_ulong(&r);
    file->receive_count = reader_get_ulong(&r);
    if (!r.failed && file->receive_count > 1024) r.failed = TRUE;
    if (!r.failed && file->receive_count
            && !(file->receive = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
            file->receive_count * sizeof(*file->receive))))
        r.failed = TRUE;
    for (i = 0; i < file->receive_count && !r.failed; i++)
    {
        file->receive[i].folder = reader_get_ulong(&r);
        len = reader_get_ulong(&r);
        if (len >= ARRAY_SIZE(file->receive[i].cls)) r.failed = TRUE;
        else reader_get(&r, file->receive[i].cls, len * sizeof(WCHAR));
    }
    HeapFree(GetProcessHeap(), 0, data);
    if (!r.failed && r.pos == r.size) return S_OK;
    WARN("%s: store.dat is damaged.\n", debugstr_w(dir));
    store_file_clear(file);
    return MAPI_E_CORRUPT_DATA;
}

HRESULT store_file_write(const WCHAR *dir, const struct store_file *file)
{
    struct writer w = {0};
    ULONG i, len;

    writer_put(&w, store_magic, sizeof(store_magic));
    writer_put_ulong(&w, FORMAT_VERSION);
    writer_put(&w, &file->uid, sizeof(file->uid));
    writer_put_ulong(&w, file->next_message);
    writer_put_ulong(&w, file->next_folder);
    writer_put_ulong(&w, file->receive_count);
    for (i = 0; i < file->receive_count; i++)
    {
        len = wcslen(file->receive[i].cls);
        writer_put_ulong(&w, file->receive[i].folder);
        writer_put_ulong(&w, len);
        writer_put(&w, file->receive[i].cls, len * sizeof(WCHAR));
    }
    return checked_file_write(dir, store_file_name, &w);
}

/* ------------------------------------------------------------------------
 * folder.dat
 */

HRESULT folder_file_read(const WCHAR *dir, ULONG *id, ULONG *parent, ULONG *count, SPropValue **props)
{
    struct reader r;
    BYTE *data;
    HRESULT hr;

    *count = 0;
    *props = NULL;
    if (FAILED(hr = checked_file_read(dir, folder_file_name, folder_magic, &data, &r))) return hr;
    if (reader_get_ulong(&r) != FORMAT_VERSION) r.failed = TRUE;
    *id = reader_get_ulong(&r);
    *parent = reader_get_ulong(&r);
    if (!r.failed) reader_get_props(&r, count, props);
    HeapFree(GetProcessHeap(), 0, data);
    if (!r.failed && r.pos == r.size) return S_OK;
    WARN("%s: folder.dat is damaged.\n", debugstr_w(dir));
    MAPIFreeBuffer(*props);
    *props = NULL;
    *count = 0;
    return MAPI_E_CORRUPT_DATA;
}

HRESULT folder_file_write(const WCHAR *dir, ULONG id, ULONG parent, ULONG count, const SPropValue *props)
{
    struct writer w = {0};

    writer_put(&w, folder_magic, sizeof(folder_magic));
    writer_put_ulong(&w, FORMAT_VERSION);
    writer_put_ulong(&w, id);
    writer_put_ulong(&w, parent);
    writer_put_props(&w, count, props);
    return checked_file_write(dir, folder_file_name, &w);
}

/* ------------------------------------------------------------------------
 * index.dat
 */

static void index_header(BYTE *header, ULONGLONG generation)
{
    ULONG version = FORMAT_VERSION, crc;

    memset(header, 0, INDEX_HEADER_SIZE);
    memcpy(header, index_magic, 8);
    memcpy(header + 8, &version, 4);
    memcpy(header + 16, &generation, 8);
    crc = checksum(header, 24);
    memcpy(header + 24, &crc, 4);
}

static BOOL index_header_parse(const BYTE *header, ULONGLONG *generation)
{
    ULONG version, crc;

    memcpy(&version, header + 8, 4);
    memcpy(&crc, header + 24, 4);
    if (memcmp(header, index_magic, 8) || version != FORMAT_VERSION || crc != checksum(header, 24)) return FALSE;
    memcpy(generation, header + 16, 8);
    return TRUE;
}

static void put_record(struct writer *w, const struct index_record *record)
{
    struct writer payload = {0};

    writer_put_ulong(&payload, record->kind);
    writer_put_ulong(&payload, record->id);
    writer_put(&payload, &record->stamp.size, sizeof(record->stamp.size));
    writer_put(&payload, &record->stamp.time, sizeof(record->stamp.time));
    if (record->kind == INDEX_PUT) writer_put_props(&payload, record->count, record->props);
    if (payload.failed) w->failed = TRUE;
    else
    {
        writer_put_ulong(w, payload.size);
        writer_put_ulong(w, checksum(payload.data, payload.size));
        writer_put(w, payload.data, payload.size);
    }
    writer_free(&payload);
}

/* Parses one record payload; FALSE when it is malformed. */
static BOOL parse_record(const BYTE *data, ULONG size, struct index_record *record)
{
    struct reader r = {data, size, 0, FALSE};

    memset(record, 0, sizeof(*record));
    record->kind = reader_get_ulong(&r);
    record->id = reader_get_ulong(&r);
    reader_get(&r, &record->stamp.size, sizeof(record->stamp.size));
    reader_get(&r, &record->stamp.time, sizeof(record->stamp.time));
    if (r.failed || !record->id) return FALSE;
    if (record->kind == INDEX_DELETE) return r.pos == r.size;
    if (record->kind != INDEX_PUT || !reader_get_props(&r, &record->count, &record->props)) return FALSE;
    if (r.pos == r.size) return TRUE;
    MAPIFreeBuffer(record->props);
    record->props = NULL;
    return FALSE;
}

static HANDLE index_file_open(const WCHAR *dir, DWORD access)
{
    WCHAR path[MAX_PATH];

    if (!path_join(path, dir, index_file_name)) return INVALID_HANDLE_VALUE;
    return CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
            FILE_ATTRIBUTE_NORMAL, NULL);
}

static BOOL read_at(HANDLE file, ULONGLONG offset, void *data, DWORD size)
{
    OVERLAPPED overlapped = {0};
    DWORD got;

    overlapped.Offset = (DWORD)offset;
    overlapped.OffsetHigh = (DWORD)(offset >> 32);
    return ReadFile(file, data, size, &got, &overlapped) && got == size;
}

/* Reads the bytes from offset to the end of the file (heap). */
static HRESULT index_tail(HANDLE file, ULONGLONG offset, BYTE **data, SIZE_T *size)
{
    LARGE_INTEGER file_size;

    *data = NULL;
    *size = 0;
    if (!GetFileSizeEx(file, &file_size)) return file_error(GetLastError());
    if (file_size.QuadPart > MAX_FILE_SIZE) return MAPI_E_CORRUPT_DATA;
    if ((ULONGLONG)file_size.QuadPart <= offset) return S_OK;
    *size = file_size.QuadPart - offset;
    if (!(*data = HeapAlloc(GetProcessHeap(), 0, *size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (read_at(file, offset, *data, *size)) return S_OK;
    HeapFree(GetProcessHeap(), 0, *data);
    *data = NULL;
    return MAPI_E_DISK_ERROR;
}

HRESULT index_read(const WCHAR *dir, ULONGLONG from, ULONGLONG *generation, ULONGLONG *end,
        index_callback callback, void *context)
{
    BYTE header[INDEX_HEADER_SIZE], *data;
    struct index_record record;
    ULONGLONG file_generation;
    ULONG size, crc;
    SIZE_T length, pos = 0;
    HRESULT hr;
    HANDLE file;

    if ((file = index_file_open(dir, GENERIC_READ)) == INVALID_HANDLE_VALUE) return file_error(GetLastError());
    if (!read_at(file, 0, header, sizeof(header)) || !index_header_parse(header, &file_generation))
    {
        CloseHandle(file);
        WARN("%s: the index has no valid header.\n", debugstr_w(dir));
        return MAPI_E_CORRUPT_DATA;
    }
    if (from && file_generation != *generation)
    {
        CloseHandle(file);
        return MAPI_E_OBJECT_CHANGED;
    }
    *generation = file_generation;
    if (!from) from = INDEX_HEADER_SIZE;
    hr = index_tail(file, from, &data, &length);
    CloseHandle(file);
    if (FAILED(hr)) return hr;

    *end = from;
    while (length - pos >= RECORD_HEADER_SIZE)
    {
        memcpy(&size, data + pos, 4);
        memcpy(&crc, data + pos + 4, 4);
        /* A record cut short is what a killed writer leaves: it ends the index. */
        if (size > length - pos - RECORD_HEADER_SIZE)
        {
            hr = S_FALSE;
            break;
        }
        if (size < RECORD_FIXED_SIZE || crc != checksum(data + pos + RECORD_HEADER_SIZE, size)
                || !parse_record(data + pos + RECORD_HEADER_SIZE, size, &record))
        {
            WARN("%s: index record at offset %#I64x is damaged.\n", debugstr_w(dir), *end);
            hr = MAPI_E_CORRUPT_DATA;
            break;
        }
        callback(context, &record);
        MAPIFreeBuffer(record.props);
        pos += RECORD_HEADER_SIZE + size;
        *end = from + pos;
    }
    if (hr == S_OK && pos != length) hr = S_FALSE;
    HeapFree(GetProcessHeap(), 0, data);
    return hr;
}

HRESULT index_append(const WCHAR *dir, ULONGLONG generation, ULONGLONG *end, ULONG count,
        const struct index_record *records)
{
    BYTE header[INDEX_HEADER_SIZE];
    ULONGLONG file_generation;
    struct writer w = {0};
    LARGE_INTEGER offset;
    DWORD written;
    HRESULT hr = S_OK;
    HANDLE file;
    ULONG i;

    for (i = 0; i < count; i++) put_record(&w, &records[i]);
    if (w.failed)
    {
        writer_free(&w);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if ((file = index_file_open(dir, GENERIC_READ | GENERIC_WRITE)) == INVALID_HANDLE_VALUE)
    {
        writer_free(&w);
        return file_error(GetLastError());
    }
    if (!read_at(file, 0, header, sizeof(header)) || !index_header_parse(header, &file_generation))
        hr = MAPI_E_CORRUPT_DATA;
    else if (file_generation != generation)
        hr = MAPI_E_OBJECT_CHANGED;
    else
    {
        offset.QuadPart = *end;
        /* What follows the last good record is dropped. */
        if (!SetFilePointerEx(file, offset, NULL, FILE_BEGIN) || !SetEndOfFile(file)
                || !WriteFile(file, w.data, w.size, &written, NULL) || written != w.size)
            hr = file_error(GetLastError());
        else
            *end += w.size;
    }
    CloseHandle(file);
    writer_free(&w);
    return hr;
}

HRESULT index_rewrite(const WCHAR *dir, ULONG count, const struct index_record *records, ULONGLONG *generation,
        ULONGLONG *end)
{
    BYTE header[INDEX_HEADER_SIZE];
    WCHAR path[MAX_PATH];
    struct writer w = {0};
    ULONGLONG value;
    HRESULT hr;
    GUID guid;
    ULONG i;

    if (!path_join(path, dir, index_file_name)) return MAPI_E_INVALID_PARAMETER;
    CoCreateGuid(&guid);
    memcpy(&value, &guid, sizeof(value));
    value ^= GetTickCount64() ^ ((ULONGLONG)GetCurrentProcessId() << 40);
    if (value == *generation) value++;
    index_header(header, value);
    writer_put(&w, header, sizeof(header));
    for (i = 0; i < count; i++) put_record(&w, &records[i]);
    if (w.failed) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else hr = file_write_atomic(path, NULL, w.data, w.size, NULL);
    if (SUCCEEDED(hr))
    {
        *generation = value;
        *end = w.size;
    }
    writer_free(&w);
    return hr;
}
