/*
 * Tests for compressed RTF: WrapCompressedRTFStream and RTFSync
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
#include "winnls.h"
#include "objbase.h"
#include "mapiutil.h"
#include "mapitags.h"

#ifndef STORE_UNCOMPRESSED_RTF
#define STORE_UNCOMPRESSED_RTF 0x00008000
#endif
#ifndef MAPI_NATIVE_BODY
#define MAPI_NATIVE_BODY 0x00010000
#endif
#ifndef RTF_SYNC_RTF_CHANGED
#define RTF_SYNC_RTF_CHANGED 0x00000001
#endif
#ifndef RTF_SYNC_BODY_CHANGED
#define RTF_SYNC_BODY_CHANGED 0x00000002
#endif

#define MAGIC_COMPRESSED   0x75465a4c
#define MAGIC_UNCOMPRESSED 0x414c454d

static HMODULE mapi32;
static HRESULT (WINAPI *pWrapCompressedRTFStream)(IStream *, ULONG, IStream **);
static HRESULT (WINAPI *pRTFSync)(IMessage *, ULONG, BOOL *);
static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, IPropData **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);

static const GUID iid_mapi_prop_data = {0x0002031a, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

/* [MS-OXRTFCP] section 4.1: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n". */
static const char spec1_text[] = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n";
static const BYTE spec1[] =
{
    0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
    0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
    0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
    0xa0,
};

/* [MS-OXRTFCP] section 4.2: a reference that runs past the write position. */
static const char spec2_text[] = "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}";
static const BYTE spec2[] =
{
    0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xe2, 0xd4, 0x4b, 0x51,
    0x41, 0x00, 0x04, 0x20, 0x57, 0x58, 0x59, 0x5a, 0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0,
};

/* The CRC of [MS-OXRTFCP] section 3.1.3.2, table driven. */
static ULONG crc_table[256];

static void init_crc_table(void)
{
    ULONG i, j, value;

    for (i = 0; i < 256; i++)
    {
        value = i;
        for (j = 0; j < 8; j++) value = value & 1 ? 0xedb88320 ^ (value >> 1) : value >> 1;
        crc_table[i] = value;
    }
}

static ULONG spec_crc(const BYTE *data, ULONG size)
{
    ULONG crc = 0, i;

    for (i = 0; i < size; i++) crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return crc;
}

static ULONG le32(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static void set_le32(BYTE *p, ULONG value)
{
    p[0] = value;
    p[1] = value >> 8;
    p[2] = value >> 16;
    p[3] = value >> 24;
}

static ULONG random_state;

static ULONG next_random(void)
{
    random_state = random_state * 1103515245 + 12345;
    return (random_state >> 16) & 0x7fff;
}

static IStream *memory_stream(const void *data, ULONG size)
{
    LARGE_INTEGER zero = {{0}};
    IStream *stream;
    HRESULT hr;

    hr = CreateStreamOnHGlobal(NULL, TRUE, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (size) IStream_Write(stream, data, size, NULL);
    IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    return stream;
}

/* The contents of a memory stream, in a heap buffer. */
static BYTE *stream_contents(IStream *stream, ULONG *size)
{
    HGLOBAL global;
    STATSTG stat;
    BYTE *data;

    IStream_Stat(stream, &stat, STATFLAG_NONAME);
    GetHGlobalFromStream(stream, &global);
    *size = stat.cbSize.u.LowPart;
    data = HeapAlloc(GetProcessHeap(), 0, *size + 1);
    memcpy(data, GlobalLock(global), *size);
    GlobalUnlock(global);
    return data;
}

/* Reads a wrapped stream to its end. */
static BYTE *read_all(IStream *stream, ULONG *size)
{
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, 0x1000);
    ULONG capacity = 0x1000, got;
    HRESULT hr;

    *size = 0;
    for (;;)
    {
        if (capacity - *size < 0x800)
        {
            capacity *= 2;
            data = HeapReAlloc(GetProcessHeap(), 0, data, capacity);
        }
        got = 0xdead;
        hr = IStream_Read(stream, data + *size, 0x7ff, &got);
        ok(hr == S_OK, "Read got %#lx.\n", hr);
        if (hr != S_OK || !got) break;
        *size += got;
    }
    data[*size] = 0;
    return data;
}

/* Writes raw through WrapCompressedRTFStream in uneven pieces, and
 * returns what lands in the compressed stream. */
static BYTE *compress(const void *raw, ULONG size, ULONG flags, ULONG *out_size)
{
    IStream *compressed, *stream;
    ULONG done = 0, piece, written;
    HRESULT hr;
    BYTE *data;

    compressed = memory_stream(NULL, 0);
    hr = pWrapCompressedRTFStream(compressed, MAPI_MODIFY | flags, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK)
    {
        IStream_Release(compressed);
        *out_size = 0;
        return NULL;
    }
    while (done < size)
    {
        piece = min(size - done, 1 + done % 3000);
        written = 0;
        hr = IStream_Write(stream, (const BYTE *)raw + done, piece, &written);
        ok(hr == S_OK && written == piece, "got %#lx, %lu.\n", hr, written);
        done += piece;
    }
    hr = IStream_Commit(stream, STGC_DEFAULT);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);
    data = stream_contents(compressed, out_size);
    IStream_Release(compressed);
    return data;
}

/* Reads data through WrapCompressedRTFStream; NULL when it fails. */
static BYTE *decompress(const void *data, ULONG size, ULONG flags, HRESULT *hr, ULONG *out_size)
{
    IStream *compressed, *stream = (IStream *)0xdeadbeef;
    BYTE *raw;

    compressed = memory_stream(data, size);
    *hr = pWrapCompressedRTFStream(compressed, flags, &stream);
    *out_size = 0;
    if (FAILED(*hr))
    {
        ok(!stream, "got %p.\n", stream);
        IStream_Release(compressed);
        return NULL;
    }
    raw = read_all(stream, out_size);
    IStream_Release(stream);
    IStream_Release(compressed);
    return raw;
}

static void check_header_(unsigned int line, const BYTE *data, ULONG size, ULONG raw_size, ULONG magic)
{
    ok_(__FILE__, line)(size >= 16, "only %lu bytes.\n", size);
    if (size < 16) return;
    ok_(__FILE__, line)(le32(data) == size - 4, "compressed size %lu of %lu bytes.\n", le32(data), size);
    ok_(__FILE__, line)(le32(data + 4) == raw_size, "raw size %lu, expected %lu.\n", le32(data + 4), raw_size);
    ok_(__FILE__, line)(le32(data + 8) == magic, "magic %#lx.\n", le32(data + 8));
    if (magic == MAGIC_COMPRESSED)
        ok_(__FILE__, line)(le32(data + 12) == spec_crc(data + 16, size - 16), "CRC %#lx, expected %#lx.\n",
                            le32(data + 12), spec_crc(data + 16, size - 16));
    else
        ok_(__FILE__, line)(!le32(data + 12), "CRC %#lx.\n", le32(data + 12));
}
#define check_header(a, b, c, d) check_header_(__LINE__, a, b, c, d)

static void test_spec_examples(void)
{
    static const struct
    {
        const BYTE *compressed;
        ULONG size;
        const char *text;
    }
    tests[] =
    {
        { spec1, sizeof(spec1), spec1_text },
        { spec2, sizeof(spec2), spec2_text },
    };
    ULONG i, size;
    BYTE *data;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("example %lu", i + 1);

        /* The samples are what the specification says they are. */
        check_header(tests[i].compressed, tests[i].size, strlen(tests[i].text), MAGIC_COMPRESSED);

        data = decompress(tests[i].compressed, tests[i].size, 0, &hr, &size);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(size == strlen(tests[i].text) && data && !memcmp(data, tests[i].text, size), "got %s.\n",
           debugstr_an((char *)data, size));
        HeapFree(GetProcessHeap(), 0, data);

        /* Compressing gives the bytes of the specification. */
        data = compress(tests[i].text, strlen(tests[i].text), 0, &size);
        check_header(data, size, strlen(tests[i].text), MAGIC_COMPRESSED);
        ok(size == tests[i].size && !memcmp(data, tests[i].compressed, size), "got %lu bytes.\n", size);
        HeapFree(GetProcessHeap(), 0, data);

        winetest_pop_context();
    }
}

static void check_round_trip_(unsigned int line, const BYTE *raw, ULONG raw_size, ULONG flags)
{
    ULONG magic = flags & STORE_UNCOMPRESSED_RTF ? MAGIC_UNCOMPRESSED : MAGIC_COMPRESSED;
    BYTE *compressed, *back;
    ULONG size, back_size;
    HRESULT hr;

    compressed = compress(raw, raw_size, flags, &size);
    check_header_(line, compressed, size, raw_size, magic);
    if (magic == MAGIC_UNCOMPRESSED)
        ok_(__FILE__, line)(size == raw_size + 16 && !memcmp(compressed + 16, raw, raw_size),
                            "the data is not stored as it is.\n");

    back = decompress(compressed, size, 0, &hr, &back_size);
    ok_(__FILE__, line)(hr == S_OK, "got %#lx.\n", hr);
    ok_(__FILE__, line)(back_size == raw_size, "got %lu bytes back of %lu.\n", back_size, raw_size);
    ok_(__FILE__, line)(back && !memcmp(back, raw, min(raw_size, back_size)), "the data differs.\n");
    HeapFree(GetProcessHeap(), 0, back);
    HeapFree(GetProcessHeap(), 0, compressed);
}
#define check_round_trip(a, b, c) check_round_trip_(__LINE__, a, b, c)

static void test_round_trips(void)
{
    static const ULONG sizes[] = {1, 2, 3, 15, 16, 17, 18, 100, 206, 207, 208, 4094, 4095, 4096, 4097, 5000, 70000};
    static const char alphabet[] = "{\\}abc def\r\n";
    char line[100];
    ULONG i, j, size, compressed_size;
    BYTE *data, *compressed;

    data = HeapAlloc(GetProcessHeap(), 0, 200000);

    check_round_trip((const BYTE *)"", 0, 0);
    check_round_trip((const BYTE *)"", 0, STORE_UNCOMPRESSED_RTF);
    check_round_trip((const BYTE *)"{", 1, 0);
    check_round_trip((const BYTE *)"{\\rtf1}", 7, 0);
    check_round_trip((const BYTE *)spec1_text, strlen(spec1_text), STORE_UNCOMPRESSED_RTF);

    /* A long document of numbered lines. */
    size = 0;
    strcpy((char *)data, "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\r\n");
    size = strlen((char *)data);
    for (i = 0; i < 2000; i++)
    {
        sprintf(line, "\\pard\\plain\\f0\\fs20 Line %lu of the document, \\b bold\\b0  text.\\par\r\n", i);
        memcpy(data + size, line, strlen(line));
        size += strlen(line);
    }
    data[size++] = '}';
    check_round_trip(data, size, 0);
    check_round_trip(data, size, STORE_UNCOMPRESSED_RTF);
    compressed = compress(data, size, 0, &compressed_size);
    ok(compressed_size < size / 3, "%lu bytes compress to %lu.\n", size, compressed_size);
    HeapFree(GetProcessHeap(), 0, compressed);

    /* Repetition: runs of one byte and of a short pattern. */
    memset(data, 'a', 100000);
    check_round_trip(data, 100000, 0);
    compressed = compress(data, 100000, 0, &compressed_size);
    ok(compressed_size < 100000 / 7, "100000 bytes compress to %lu.\n", compressed_size);
    HeapFree(GetProcessHeap(), 0, compressed);
    for (i = 0; i < 50000; i++) data[i] = "abc"[i % 3];
    check_round_trip(data, 50000, 0);

    /* Random bytes and random text, with a fixed seed. */
    random_state = 12345;
    for (i = 0; i < ARRAY_SIZE(sizes); i++)
    {
        winetest_push_context("size %lu", sizes[i]);
        for (j = 0; j < sizes[i]; j++) data[j] = next_random();
        check_round_trip(data, sizes[i], 0);
        for (j = 0; j < sizes[i]; j++) data[j] = alphabet[next_random() % (sizeof(alphabet) - 1)];
        check_round_trip(data, sizes[i], 0);
        winetest_pop_context();
    }

    HeapFree(GetProcessHeap(), 0, data);
}

/* A "MELA" sample made by hand: the data follows the header as it is. */
static void test_uncompressed_sample(void)
{
    static const char text[] = "{\\rtf1 plain}";
    BYTE sample[16 + sizeof(text) + 3], *data;
    ULONG size;
    HRESULT hr;

    set_le32(sample, sizeof(text) - 1 + 12);
    set_le32(sample + 4, sizeof(text) - 1);
    memcpy(sample + 8, "MELA", 4);
    set_le32(sample + 12, 0);
    memcpy(sample + 16, text, sizeof(text) - 1);

    data = decompress(sample, 16 + sizeof(text) - 1, 0, &hr, &size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(size == sizeof(text) - 1 && data && !memcmp(data, text, size), "got %s.\n", debugstr_an((char *)data, size));
    HeapFree(GetProcessHeap(), 0, data);

    /* A raw size beyond the data is a lie. */
    set_le32(sample + 4, sizeof(text) + 2);
    data = decompress(sample, 16 + sizeof(text) - 1, 0, &hr, &size);
    ok(hr == MAPI_E_CORRUPT_DATA, "got %#lx.\n", hr);
    HeapFree(GetProcessHeap(), 0, data);
}

static void check_corrupt_(unsigned int line, const BYTE *data, ULONG size)
{
    ULONG out_size;
    HRESULT hr;
    BYTE *out;

    out = decompress(data, size, 0, &hr, &out_size);
    ok_(__FILE__, line)(hr == MAPI_E_CORRUPT_DATA, "got %#lx.\n", hr);
    HeapFree(GetProcessHeap(), 0, out);
}
#define check_corrupt(a, b) check_corrupt_(__LINE__, a, b)

/* Puts the right CRC on a changed copy of a sample. */
static void fix_crc(BYTE *data, ULONG size)
{
    set_le32(data + 12, spec_crc(data + 16, size - 16));
}

static void test_corrupt(void)
{
    BYTE data[sizeof(spec1) + 16], out_of_end[] = {0x00, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0x00, 'i'};
    ULONG size, i, j;
    HRESULT hr;
    BYTE *out;

    check_corrupt(spec1, 10);
    check_corrupt(spec1, 15);

    memcpy(data, spec1, sizeof(spec1));
    memcpy(data + 8, "LZFv", 4);
    check_corrupt(data, sizeof(spec1));

    memcpy(data, spec1, sizeof(spec1));
    data[12] ^= 1;
    check_corrupt(data, sizeof(spec1));

    memcpy(data, spec1, sizeof(spec1));
    data[30] ^= 0x40;
    check_corrupt(data, sizeof(spec1));

    /* Cut short: the compressed size says more than there is. */
    check_corrupt(spec1, sizeof(spec1) - 1);
    memcpy(data, spec1, sizeof(spec1));
    set_le32(data, 0xfffffff0);
    check_corrupt(data, sizeof(spec1));
    set_le32(data, 11);
    check_corrupt(data, sizeof(spec1));

    /* The raw size must be what the data gives. */
    memcpy(data, spec1, sizeof(spec1));
    set_le32(data + 4, sizeof(spec1_text));
    check_corrupt(data, sizeof(spec1));
    set_le32(data + 4, sizeof(spec1_text) - 2);
    check_corrupt(data, sizeof(spec1));
    set_le32(data + 4, 0x7fffffff);
    check_corrupt(data, sizeof(spec1));

    /* The data ends without the reference that ends it, with its CRC right. */
    memcpy(data, spec1, 16);
    memcpy(data + 16, out_of_end, sizeof(out_of_end));
    set_le32(data, sizeof(out_of_end) + 12);
    set_le32(data + 4, 9);
    fix_crc(data, 16 + sizeof(out_of_end));
    check_corrupt(data, 16 + sizeof(out_of_end));

    /* The end reference cut in half. */
    memcpy(data, spec2, sizeof(spec2) - 1);
    set_le32(data, sizeof(spec2) - 5);
    fix_crc(data, sizeof(spec2) - 1);
    check_corrupt(data, sizeof(spec2) - 1);

    /* Garbage with a right CRC and any raw size must not crash: either it
     * decodes to its raw size or it is corrupt. */
    random_state = 4242;
    for (i = 0; i < 300; i++)
    {
        size = 16 + next_random() % 40;
        for (j = 16; j < size; j++) data[j] = next_random();
        set_le32(data, size - 4);
        set_le32(data + 4, next_random() % 200);
        memcpy(data + 8, "LZFu", 4);
        fix_crc(data, size);
        out = decompress(data, size, 0, &hr, &j);
        ok(hr == S_OK || hr == MAPI_E_CORRUPT_DATA, "got %#lx.\n", hr);
        if (hr == S_OK) ok(j == le32(data + 4), "got %lu bytes for %lu.\n", j, le32(data + 4));
        HeapFree(GetProcessHeap(), 0, out);
    }

    /* Nothing at all is no RTF yet. */
    out = decompress(NULL, 0, 0, &hr, &size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!size, "got %lu bytes.\n", size);
    HeapFree(GetProcessHeap(), 0, out);
}

static void test_WrapCompressedRTFStream_arguments(void)
{
    IStream *compressed, *stream;
    HRESULT hr;

    compressed = memory_stream(spec1, sizeof(spec1));

    hr = pWrapCompressedRTFStream(compressed, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    stream = (IStream *)0xdeadbeef;
    hr = pWrapCompressedRTFStream(NULL, 0, &stream);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!stream, "got %p.\n", stream);
    hr = pWrapCompressedRTFStream(compressed, 0x4, &stream);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = pWrapCompressedRTFStream(compressed, MAPI_MODIFY | MAPI_NATIVE_BODY, &stream);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    IStream_Release(compressed);
}

static void test_WrapCompressedRTFStream_methods(void)
{
    ULARGE_INTEGER size, read = {{0}}, written;
    LARGE_INTEGER move = {{0}};
    IStream *compressed, *stream, *clone, *copy;
    BYTE buffer[64], *data;
    STATSTG stat;
    ULONG count;
    HRESULT hr;

    /* Reading: a sequential stream that cannot be written. */
    compressed = memory_stream(spec1, sizeof(spec1));
    hr = pWrapCompressedRTFStream(compressed, 0, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = IStream_Write(stream, "x", 1, &count);
    ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
    hr = IStream_Seek(stream, move, STREAM_SEEK_SET, NULL);
    ok(FAILED(hr), "got %#lx.\n", hr);
    size.QuadPart = 1;
    hr = IStream_SetSize(stream, size);
    ok(FAILED(hr), "got %#lx.\n", hr);
    hr = IStream_Stat(stream, &stat, STATFLAG_NONAME);
    ok(FAILED(hr), "got %#lx.\n", hr);
    hr = IStream_Clone(stream, &clone);
    ok(FAILED(hr), "got %#lx.\n", hr);
    hr = IStream_LockRegion(stream, read, size, LOCK_EXCLUSIVE);
    ok(FAILED(hr), "got %#lx.\n", hr);
    hr = IStream_Revert(stream);
    ok(FAILED(hr), "got %#lx.\n", hr);

    hr = IStream_Read(stream, buffer, 6, &count);
    ok(hr == S_OK && count == 6 && !memcmp(buffer, "{\\rtf1", 6), "got %#lx, %lu.\n", hr, count);
    copy = memory_stream(NULL, 0);
    size.QuadPart = 1000;
    hr = IStream_CopyTo(stream, copy, size, &read, &written);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(read.QuadPart == strlen(spec1_text) - 6 && written.QuadPart == read.QuadPart, "got %s.\n",
       wine_dbgstr_longlong(read.QuadPart));
    data = stream_contents(copy, &count);
    ok(count == strlen(spec1_text) - 6 && !memcmp(data, spec1_text + 6, count), "got %s.\n",
       debugstr_an((char *)data, count));
    HeapFree(GetProcessHeap(), 0, data);
    IStream_Release(copy);
    IStream_Release(stream);
    IStream_Release(compressed);

    /* Writing: the stream cannot be read, and the last Release stores. */
    compressed = memory_stream(NULL, 0);
    hr = pWrapCompressedRTFStream(compressed, MAPI_MODIFY, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = IStream_Read(stream, buffer, sizeof(buffer), &count);
    ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
    hr = IStream_Write(stream, spec2_text, 10, &count);
    ok(hr == S_OK && count == 10, "got %#lx, %lu.\n", hr, count);
    hr = IStream_Write(stream, spec2_text + 10, strlen(spec2_text) - 10, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    data = stream_contents(compressed, &count);
    ok(!count, "stored %lu bytes before the release.\n", count);
    HeapFree(GetProcessHeap(), 0, data);
    IStream_Release(stream);
    data = stream_contents(compressed, &count);
    ok(count == sizeof(spec2) && !memcmp(data, spec2, count), "got %lu bytes.\n", count);
    HeapFree(GetProcessHeap(), 0, data);

    /* Writing again replaces it all, shorter data too. */
    IStream_Seek(compressed, move, STREAM_SEEK_SET, NULL);
    hr = pWrapCompressedRTFStream(compressed, MAPI_MODIFY, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = IStream_Write(stream, "{}", 2, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IStream_Commit(stream, STGC_DEFAULT);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);
    data = stream_contents(compressed, &count);
    check_header(data, count, 2, MAGIC_COMPRESSED);
    HeapFree(GetProcessHeap(), 0, data);
    IStream_Seek(compressed, move, STREAM_SEEK_SET, NULL);
    hr = pWrapCompressedRTFStream(compressed, 0, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK) return;
    data = read_all(stream, &count);
    ok(count == 2 && !memcmp(data, "{}", 2), "got %s.\n", debugstr_an((char *)data, count));
    HeapFree(GetProcessHeap(), 0, data);
    IStream_Release(stream);
    IStream_Release(compressed);
}

static void check_native_body_(unsigned int line, const char *rtf, const char *expect)
{
    BYTE *compressed, *native;
    ULONG size, native_size;
    HRESULT hr;

    compressed = compress(rtf, strlen(rtf), 0, &size);
    native = decompress(compressed, size, MAPI_NATIVE_BODY, &hr, &native_size);
    ok_(__FILE__, line)(hr == S_OK, "got %#lx.\n", hr);
    ok_(__FILE__, line)(native_size == strlen(expect) && native && !memcmp(native, expect, native_size),
                        "got %s.\n", debugstr_an((char *)native, native_size));
    HeapFree(GetProcessHeap(), 0, native);
    HeapFree(GetProcessHeap(), 0, compressed);
}
#define check_native_body(a, b) check_native_body_(__LINE__, a, b)

static void test_native_body(void)
{
    static const char rich[] = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard\\b rich\\b0\\par}";

    check_native_body("{\\rtf1\\ansi\\ansicpg1252\\fromtext \\deff0{\\fonttbl\r\n{\\f0\\fswiss Arial;}\r\n}\r\n"
                      "\\uc1\\pard\\plain\\f0\\fs20 Hello\\par\r\nWorld \\{x\\}\\tab caf\\'e9}",
                      "Hello\r\nWorld {x}\tcaf\xe9");
    check_native_body("{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl\r\n{\\f0\\fswiss Arial;}}\r\n"
                      "{\\*\\htmltag19 <html>}{\\*\\htmltag2 \\par }{\\*\\htmltag50 <body>}"
                      "\\htmlrtf {\\f0\\b \\htmlrtf0 Hi \\'e9\\htmlrtf }\\htmlrtf0 "
                      "{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}",
                      "<html>\r\n<body>Hi \xe9</body></html>");
    /* RTF of its own is its own native body. */
    check_native_body(rich, rich);

    check_native_body("{\\rtf1\\ansi\\fromtext a\\bin3 {}x\\u98?\\uc0\\u99}", "abc");
    check_native_body("{\\rtf1\\ansi\\fromtext \\emdash\\~\\'4a{\\fonttbl{\\f0 Arial;}}}", "\x97\xa0J");
}

/* Nesting and noise in the RTF give text, never a crash. */
static void test_native_body_robustness(void)
{
    static const char header[] = "{\\rtf1\\ansi\\fromtext ";
    static const char noise[] = "{}\\'abu0123456789-* \r\n";
    BYTE *compressed, *native;
    ULONG i, j, size, native_size;
    char *rtf;
    HRESULT hr;

    rtf = HeapAlloc(GetProcessHeap(), 0, 4000);
    strcpy(rtf, header);
    size = strlen(header);
    for (i = 0; i < 1000; i++) rtf[size++] = '{';
    memcpy(rtf + size, "deep", 4);
    size += 4;
    for (i = 0; i < 1001; i++) rtf[size++] = '}';
    compressed = compress(rtf, size, 0, &j);
    native = decompress(compressed, j, MAPI_NATIVE_BODY, &hr, &native_size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(native_size == 4 && native && !memcmp(native, "deep", 4), "got %s.\n", debugstr_an((char *)native, native_size));
    HeapFree(GetProcessHeap(), 0, native);
    HeapFree(GetProcessHeap(), 0, compressed);

    random_state = 777;
    for (i = 0; i < 200; i++)
    {
        strcpy(rtf, header);
        size = strlen(header) + next_random() % 100;
        for (j = strlen(header); j < size; j++) rtf[j] = noise[next_random() % (sizeof(noise) - 1)];
        compressed = compress(rtf, size, 0, &j);
        native = decompress(compressed, j, MAPI_NATIVE_BODY, &hr, &native_size);
        ok(hr == S_OK, "got %#lx for %s.\n", hr, debugstr_an(rtf, size));
        HeapFree(GetProcessHeap(), 0, native);
        HeapFree(GetProcessHeap(), 0, compressed);
    }
    HeapFree(GetProcessHeap(), 0, rtf);
}

/* A message of the tests: its properties are in an IPropData. */
struct test_message
{
    IMessage IMessage_iface;
    LONG refcount;
    IPropData *props;
    LONG save_calls;
};

static inline struct test_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct test_message, IMessage_iface);
}

static HRESULT WINAPI message_QueryInterface(IMessage *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown))
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
    return InterlockedIncrement(&impl_from_IMessage(iface)->refcount);
}

static ULONG WINAPI message_Release(IMessage *iface)
{
    struct test_message *message = impl_from_IMessage(iface);
    ULONG refcount = InterlockedDecrement(&message->refcount);

    if (!refcount)
    {
        IPropData_Release(message->props);
        HeapFree(GetProcessHeap(), 0, message);
    }
    return refcount;
}

static HRESULT WINAPI message_GetLastError(IMessage *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    return IPropData_GetLastError(impl_from_IMessage(iface)->props, hr, flags, error);
}

static HRESULT WINAPI message_SaveChanges(IMessage *iface, ULONG flags)
{
    InterlockedIncrement(&impl_from_IMessage(iface)->save_calls);
    return S_OK;
}

static HRESULT WINAPI message_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    return IPropData_GetProps(impl_from_IMessage(iface)->props, tags, flags, count, values);
}

static HRESULT WINAPI message_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    return IPropData_GetPropList(impl_from_IMessage(iface)->props, flags, tags);
}

static HRESULT WINAPI message_OpenProperty(IMessage *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    return IPropData_OpenProperty(impl_from_IMessage(iface)->props, tag, iid, options, flags, out);
}

static HRESULT WINAPI message_SetProps(IMessage *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    return IPropData_SetProps(impl_from_IMessage(iface)->props, count, values, problems);
}

static HRESULT WINAPI message_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return IPropData_DeleteProps(impl_from_IMessage(iface)->props, tags, problems);
}

static HRESULT WINAPI message_CopyTo(IMessage *iface, ULONG exclude_count, const IID *exclude, SPropTagArray *tags,
        ULONG param, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_CopyProps(IMessage *iface, SPropTagArray *tags, ULONG param,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_OpenAttach(IMessage *iface, ULONG num, const IID *iid, ULONG flags, IAttach **attach)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_CreateAttach(IMessage *iface, const IID *iid, ULONG flags, ULONG *num,
        IAttach **attach)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_DeleteAttach(IMessage *iface, ULONG num, ULONG param, IMAPIProgress *progress,
        ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *mods)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_SubmitMessage(IMessage *iface, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_SetReadFlag(IMessage *iface, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
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

static struct test_message *create_message(void)
{
    struct test_message *message = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*message));
    SCODE sc;

    message->IMessage_iface.lpVtbl = &message_vtbl;
    message->refcount = 1;
    sc = pCreateIProp(&iid_mapi_prop_data, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL,
                      &message->props);
    ok(sc == S_OK, "CreateIProp got %#lx.\n", sc);
    return message;
}

static void set_prop(struct test_message *message, SPropValue *value)
{
    HRESULT hr = IPropData_SetProps(message->props, 1, value, NULL);

    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
}

static void set_string(struct test_message *message, ULONG tag, const char *str)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.Value.lpszA = (char *)str;
    set_prop(message, &value);
}

static void set_binary(struct test_message *message, ULONG tag, BYTE *data, ULONG size)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.Value.bin.cb = size;
    value.Value.bin.lpb = data;
    set_prop(message, &value);
}

/* One property, from MAPIAllocateBuffer, or NULL when it is missing. */
static SPropValue *get_prop(struct test_message *message, ULONG tag)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *value = NULL;
    ULONG count;
    HRESULT hr;

    hr = IPropData_GetProps(message->props, (SPropTagArray *)&tags, 0, &count, &value);
    ok(SUCCEEDED(hr), "GetProps got %#lx.\n", hr);
    if (value && PROP_TYPE(value->ulPropTag) == PT_ERROR)
    {
        pMAPIFreeBuffer(value);
        return NULL;
    }
    return value;
}

static LONG get_long(struct test_message *message, ULONG tag)
{
    SPropValue *value = get_prop(message, tag);
    LONG result = 0xdeadbeef;

    if (value) result = value->Value.l;
    pMAPIFreeBuffer(value);
    return result;
}

/* The RTF of the message, decompressed, with MAPI_NATIVE_BODY if asked. */
static char *get_rtf(struct test_message *message, ULONG flags)
{
    SPropValue *value = get_prop(message, PR_RTF_COMPRESSED);
    BYTE *rtf = NULL;
    ULONG size;
    HRESULT hr;

    ok(value != NULL, "no PR_RTF_COMPRESSED.\n");
    if (!value) return NULL;
    check_header(value->Value.bin.lpb, value->Value.bin.cb, le32(value->Value.bin.lpb + 4), MAGIC_COMPRESSED);
    rtf = decompress(value->Value.bin.lpb, value->Value.bin.cb, flags, &hr, &size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    pMAPIFreeBuffer(value);
    return (char *)rtf;
}

static void test_RTFSync_arguments(void)
{
    struct test_message *message = create_message();
    BOOL updated;
    HRESULT hr;

    hr = pRTFSync(NULL, RTF_SYNC_BODY_CHANGED, &updated);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_BODY_CHANGED, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pRTFSync(&message->IMessage_iface, 0x4, &updated);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    set_string(message, PR_BODY_A, "text");
    updated = 0xdead;
    hr = pRTFSync(&message->IMessage_iface, 0, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!updated, "got %d.\n", updated);
    ok(!get_prop(message, PR_RTF_COMPRESSED), "PR_RTF_COMPRESSED was made.\n");

    IMessage_Release(&message->IMessage_iface);

    /* Nothing to synchronize. */
    message = create_message();
    updated = 0xdead;
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_BODY_CHANGED | RTF_SYNC_RTF_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!updated, "got %d.\n", updated);
    IMessage_Release(&message->IMessage_iface);
}

static void test_RTFSync_body_changed(void)
{
    struct test_message *message = create_message();
    SPropValue *value;
    LONG crc;
    BOOL updated;
    HRESULT hr;
    char *rtf;

    set_string(message, PR_BODY_A, "Hello\r\nWorld {x}");
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(updated == TRUE, "got %d.\n", updated);
    ok(!message->save_calls, "SaveChanges was called.\n");

    rtf = get_rtf(message, 0);
    ok(rtf && !strncmp(rtf, "{\\rtf1", 6) && strstr(rtf, "\\fromtext"), "got %s.\n", debugstr_a(rtf));
    HeapFree(GetProcessHeap(), 0, rtf);
    rtf = get_rtf(message, MAPI_NATIVE_BODY);
    ok(rtf && !strcmp(rtf, "Hello\r\nWorld {x}"), "got %s.\n", debugstr_a(rtf));
    HeapFree(GetProcessHeap(), 0, rtf);

    ok(get_long(message, PR_RTF_IN_SYNC) & 0xffff, "PR_RTF_IN_SYNC is not set.\n");
    /* White space does not count. */
    ok(get_long(message, PR_RTF_SYNC_BODY_COUNT) == 13, "got count %ld.\n", get_long(message, PR_RTF_SYNC_BODY_COUNT));
    ok(!get_long(message, PR_RTF_SYNC_PREFIX_COUNT), "got %ld.\n", get_long(message, PR_RTF_SYNC_PREFIX_COUNT));
    ok(!get_long(message, PR_RTF_SYNC_TRAILING_COUNT), "got %ld.\n", get_long(message, PR_RTF_SYNC_TRAILING_COUNT));
    crc = get_long(message, PR_RTF_SYNC_BODY_CRC);
    ok(crc != 0xdeadbeef, "no PR_RTF_SYNC_BODY_CRC.\n");
    value = get_prop(message, PR_RTF_SYNC_BODY_TAG_A);
    ok(value && !strncmp(value->Value.lpszA, "Hello", 5), "got %s.\n", value ? value->Value.lpszA : "nothing");
    pMAPIFreeBuffer(value);

    /* In step already. */
    updated = 0xdead;
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!updated, "got %d.\n", updated);

    set_string(message, PR_BODY_A, "Goodbye\tnow");
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(updated == TRUE, "got %d.\n", updated);
    rtf = get_rtf(message, MAPI_NATIVE_BODY);
    ok(rtf && !strcmp(rtf, "Goodbye\tnow"), "got %s.\n", debugstr_a(rtf));
    HeapFree(GetProcessHeap(), 0, rtf);
    ok(get_long(message, PR_RTF_SYNC_BODY_CRC) != crc, "the CRC did not change.\n");
    ok(get_long(message, PR_RTF_SYNC_BODY_COUNT) == 10, "got count %ld.\n", get_long(message, PR_RTF_SYNC_BODY_COUNT));

    ok(!message->save_calls, "SaveChanges was called.\n");
    IMessage_Release(&message->IMessage_iface);
}

static void test_RTFSync_rtf_changed(void)
{
    static const char rtf_text[] = "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}{\\info{\\title hidden}}"
                                   "\\pard\\b Bold\\b0  text\\par Next\\tab line \\{\\}\\\\ caf\\'e9 \\u8364?}";
    static const WCHAR expect[] = {'B','o','l','d',' ','t','e','x','t','\r','\n','N','e','x','t','\t','l','i','n',
                                   'e',' ','{','}','\\',' ','c','a','f',0xe9,' ',0x20ac,0};
    static const WCHAR old[] = {'o','l','d',0};
    struct test_message *message = create_message();
    BYTE *compressed;
    SPropValue *value, prop;
    ULONG size;
    BOOL updated;
    HRESULT hr;

    prop.ulPropTag = PR_BODY_W;
    prop.Value.lpszW = (WCHAR *)old;
    set_prop(message, &prop);
    compressed = compress(rtf_text, strlen(rtf_text), 0, &size);
    set_binary(message, PR_RTF_COMPRESSED, compressed, size);

    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(updated == TRUE, "got %d.\n", updated);
    value = get_prop(message, PR_BODY_W);
    ok(value && !lstrcmpW(value->Value.lpszW, expect), "got %s.\n", value ? wine_dbgstr_w(value->Value.lpszW) : "");
    pMAPIFreeBuffer(value);
    ok(get_long(message, PR_RTF_IN_SYNC) & 0xffff, "PR_RTF_IN_SYNC is not set.\n");
    ok(get_long(message, PR_RTF_SYNC_BODY_COUNT) == 24, "got count %ld.\n", get_long(message, PR_RTF_SYNC_BODY_COUNT));

    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!updated, "got %d.\n", updated);

    /* The body matches the RTF: the RTF keeps its formatting. */
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!updated, "got %d.\n", updated);
    value = get_prop(message, PR_RTF_COMPRESSED);
    ok(value && value->Value.bin.cb == size && !memcmp(value->Value.bin.lpb, compressed, size), "the RTF changed.\n");
    pMAPIFreeBuffer(value);

    /* Both changed: the RTF wins. */
    set_string(message, PR_BODY_A, "something else");
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_RTF_CHANGED | RTF_SYNC_BODY_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(updated == TRUE, "got %d.\n", updated);
    value = get_prop(message, PR_BODY_W);
    ok(value && !lstrcmpW(value->Value.lpszW, expect), "got %s.\n", value ? wine_dbgstr_w(value->Value.lpszW) : "");
    pMAPIFreeBuffer(value);

    HeapFree(GetProcessHeap(), 0, compressed);
    ok(!message->save_calls, "SaveChanges was called.\n");
    IMessage_Release(&message->IMessage_iface);
}

/* RTF without a body gives the body, whichever flag is set. */
static void test_RTFSync_rtf_only(void)
{
    static const char rtf_text[] = "{\\rtf1\\ansi\\pard only rtf\\par}";
    struct test_message *message = create_message();
    BYTE *compressed;
    SPropValue *value;
    ULONG size;
    BOOL updated;
    HRESULT hr;

    compressed = compress(rtf_text, strlen(rtf_text), 0, &size);
    set_binary(message, PR_RTF_COMPRESSED, compressed, size);
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(updated == TRUE, "got %d.\n", updated);
    value = get_prop(message, PR_BODY_A);
    ok(value && !strcmp(value->Value.lpszA, "only rtf\r\n"), "got %s.\n", value ? debugstr_a(value->Value.lpszA) : "");
    pMAPIFreeBuffer(value);
    value = get_prop(message, PR_RTF_COMPRESSED);
    ok(value && value->Value.bin.cb == size && !memcmp(value->Value.bin.lpb, compressed, size), "the RTF changed.\n");
    pMAPIFreeBuffer(value);
    HeapFree(GetProcessHeap(), 0, compressed);
    IMessage_Release(&message->IMessage_iface);
}

static void test_RTFSync_corrupt(void)
{
    struct test_message *message = create_message();
    BYTE data[sizeof(spec1)];
    BOOL updated;
    HRESULT hr;

    memcpy(data, spec1, sizeof(spec1));
    data[20] ^= 0xff;
    set_string(message, PR_BODY_A, "body");
    set_binary(message, PR_RTF_COMPRESSED, data, sizeof(data));
    hr = pRTFSync(&message->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated);
    ok(hr == MAPI_E_CORRUPT_DATA, "got %#lx.\n", hr);
    ok(!updated, "got %d.\n", updated);
    IMessage_Release(&message->IMessage_iface);
}

START_TEST(rtf)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return;

    pWrapCompressedRTFStream = (void *)GetProcAddress(mapi32, "WrapCompressedRTFStream@12");
    pRTFSync = (void *)GetProcAddress(mapi32, "RTFSync@12");
    pCreateIProp = (void *)GetProcAddress(mapi32, "CreateIProp@24");
    pMAPIAllocateBuffer = (void *)GetProcAddress(mapi32, "MAPIAllocateBuffer@8");
    pMAPIAllocateMore = (void *)GetProcAddress(mapi32, "MAPIAllocateMore@12");
    pMAPIFreeBuffer = (void *)GetProcAddress(mapi32, "MAPIFreeBuffer@4");
    ok(pWrapCompressedRTFStream && pRTFSync && pCreateIProp && pMAPIAllocateBuffer && pMAPIAllocateMore
       && pMAPIFreeBuffer, "missing exports.\n");
    if (!pWrapCompressedRTFStream || !pRTFSync || !pCreateIProp || !pMAPIAllocateBuffer || !pMAPIAllocateMore
            || !pMAPIFreeBuffer)
        return;
    ok((void *)GetProcAddress(mapi32, "WrapCompressedRTFStream") == (void *)pWrapCompressedRTFStream,
       "WrapCompressedRTFStream and WrapCompressedRTFStream@12 differ.\n");
    ok((void *)GetProcAddress(mapi32, "RTFSync") == (void *)pRTFSync, "RTFSync and RTFSync@12 differ.\n");

    init_crc_table();

    test_spec_examples();
    test_round_trips();
    test_uncompressed_sample();
    test_corrupt();
    test_WrapCompressedRTFStream_arguments();
    test_WrapCompressedRTFStream_methods();
    test_native_body();
    test_native_body_robustness();
    test_RTFSync_arguments();
    test_RTFSync_body_changed();
    test_RTFSync_rtf_changed();
    test_RTFSync_rtf_only();
    test_RTFSync_corrupt();
}
