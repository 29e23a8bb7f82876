/*
 * mapi32: compressed RTF: the LZFu codec and WrapCompressedRTFStream
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PR_RTF_COMPRESSED holds a 16-byte header (compressed size, raw size,
 * magic, CRC-32), then either the raw RTF ("MELA") or the RTF compressed
 * with LZFu ("LZFu"), as Microsoft's [MS-OXRTFCP] describes: a run is a
 * control byte whose bits, lowest first, tell whether each of the next
 * eight tokens is a literal byte or a big-endian 16-bit reference (12 bits
 * of offset into a 4096-byte circular dictionary, 4 bits of length minus
 * 2).  The dictionary starts with a fixed 207-byte RTF prologue, and a
 * reference to the current write position ends the data.
 */

#include "rtf.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define RTF_MAGIC_COMPRESSED   0x75465a4c  /* "LZFu" */
#define RTF_MAGIC_UNCOMPRESSED 0x414c454d  /* "MELA" */
#define RTF_HEADER_SIZE        16
#define RTF_HEADER_COUNTED     12          /* header bytes that the compressed size counts */

#define LZFU_DICT_SIZE  4096
#define LZFU_DICT_MASK  (LZFU_DICT_SIZE - 1)
#define LZFU_MIN_MATCH  2
#define LZFU_MAX_MATCH  17
#define LZFU_MAX_CHAIN  512
#define LZFU_NO_POS     (~0u)

static const char lzfu_prologue[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    "\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n"
    "\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

#define LZFU_PROLOGUE_SIZE (sizeof(lzfu_prologue) - 1)

static ULONG get_le32(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static void put_le32(BYTE *p, ULONG value)
{
    p[0] = value;
    p[1] = value >> 8;
    p[2] = value >> 16;
    p[3] = value >> 24;
}

/* The CRC-32 of [MS-OXRTFCP]: the usual reflected polynomial, started at 0
 * and not inverted at the end. */
ULONG rtf_crc(ULONG crc, const BYTE *data, SIZE_T size)
{
    unsigned int i;

    while (size--)
    {
        crc ^= *data++;
        for (i = 0; i < 8; i++) crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
    return crc;
}

BOOL byte_buffer_reserve(struct byte_buffer *buffer, SIZE_T extra)
{
    SIZE_T capacity;
    BYTE *data;

    if (buffer->failed) return FALSE;
    if (buffer->capacity - buffer->size >= extra) return TRUE;
    capacity = max(max(buffer->capacity * 2, buffer->size + extra), 256);
    if (capacity < buffer->size || !(data = mapi_heap_realloc(buffer->data, capacity)))
    {
        buffer->failed = TRUE;
        return FALSE;
    }
    buffer->data = data;
    buffer->capacity = capacity;
    return TRUE;
}

void byte_buffer_append(struct byte_buffer *buffer, const void *data, SIZE_T size)
{
    if (!byte_buffer_reserve(buffer, size)) return;
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
}

/* Reads what is left of a stream. */
HRESULT read_whole_stream(IStream *stream, struct byte_buffer *buffer)
{
    ULONG got;
    HRESULT hr;

    for (;;)
    {
        if (!byte_buffer_reserve(buffer, 0x10000)) return MAPI_E_NOT_ENOUGH_MEMORY;
        got = 0;
        if (FAILED(hr = IStream_Read(stream, buffer->data + buffer->size, 0x10000, &got))) return hr;
        if (!got) return S_OK;
        buffer->size += got;
    }
}

/* Decompresses the LZFu data src into out, which has room for exactly
 * raw_size bytes, all of which the data must fill. */
static HRESULT lzfu_decompress(const BYTE *src, SIZE_T src_size, BYTE *out, ULONG raw_size)
{
    BYTE dict[LZFU_DICT_SIZE];
    ULONG write = LZFU_PROLOGUE_SIZE, produced = 0, offset, length, i;
    SIZE_T in = 0;
    unsigned int bit;
    BYTE control;

    memcpy(dict, lzfu_prologue, LZFU_PROLOGUE_SIZE);
    memset(dict + LZFU_PROLOGUE_SIZE, 0, LZFU_DICT_SIZE - LZFU_PROLOGUE_SIZE);

    while (in < src_size)
    {
        control = src[in++];
        for (bit = 0; bit < 8; bit++)
        {
            if (!(control & (1 << bit)))
            {
                if (in >= src_size || produced >= raw_size) return MAPI_E_CORRUPT_DATA;
                out[produced++] = dict[write] = src[in++];
                write = (write + 1) & LZFU_DICT_MASK;
                continue;
            }
            if (src_size - in < 2) return MAPI_E_CORRUPT_DATA;
            offset = (src[in] << 4) | (src[in + 1] >> 4);
            length = (src[in + 1] & 0xf) + LZFU_MIN_MATCH;
            in += 2;
            if (offset == write) return produced == raw_size ? S_OK : MAPI_E_CORRUPT_DATA;
            if (length > raw_size - produced) return MAPI_E_CORRUPT_DATA;
            for (i = 0; i < length; i++)
            {
                out[produced++] = dict[write] = dict[(offset + i) & LZFU_DICT_MASK];
                write = (write + 1) & LZFU_DICT_MASK;
            }
        }
    }
    /* The data ended without its end reference. */
    return MAPI_E_CORRUPT_DATA;
}

/* Decodes the value of PR_RTF_COMPRESSED into a heap buffer of raw RTF. */
HRESULT compressed_rtf_decode(const BYTE *data, SIZE_T size, BYTE **out, ULONG *out_size)
{
    ULONG comp_size, raw_size, magic, crc;
    const BYTE *contents;
    SIZE_T contents_size;
    HRESULT hr;

    *out = NULL;
    *out_size = 0;
    if (size < RTF_HEADER_SIZE) return MAPI_E_CORRUPT_DATA;

    comp_size = get_le32(data);
    raw_size = get_le32(data + 4);
    magic = get_le32(data + 8);
    crc = get_le32(data + 12);
    if (comp_size < RTF_HEADER_COUNTED || comp_size - RTF_HEADER_COUNTED > size - RTF_HEADER_SIZE)
        return MAPI_E_CORRUPT_DATA;
    contents = data + RTF_HEADER_SIZE;
    contents_size = comp_size - RTF_HEADER_COUNTED;

    switch (magic)
    {
    case RTF_MAGIC_UNCOMPRESSED:
        if (raw_size > contents_size) return MAPI_E_CORRUPT_DATA;
        break;
    case RTF_MAGIC_COMPRESSED:
        if (rtf_crc(0, contents, contents_size) != crc) return MAPI_E_CORRUPT_DATA;
        /* Every two bytes give at most LZFU_MAX_MATCH: a larger raw size
         * can only be a lie. */
        if (raw_size > (ULONGLONG)contents_size * LZFU_MAX_MATCH / 2) return MAPI_E_CORRUPT_DATA;
        break;
    default:
        WARN("unknown magic %#lx.\n", magic);
        return MAPI_E_CORRUPT_DATA;
    }

    if (!(*out = mapi_heap_alloc(max(raw_size, 1)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (magic == RTF_MAGIC_UNCOMPRESSED)
        memcpy(*out, contents, raw_size);
    else if (FAILED(hr = lzfu_decompress(contents, contents_size, *out, raw_size)))
    {
        mapi_heap_free(*out);
        *out = NULL;
        return hr;
    }
    *out_size = raw_size;
    return S_OK;
}

/* The state of an LZFu compressor.  Positions count from the start of
 * the prologue; position p lives in dict[p & LZFU_DICT_MASK].  head and
 * prev chain the positions of each byte pair, newest first. */
struct lzfu_encoder
{
    BYTE dict[LZFU_DICT_SIZE];
    ULONG prev[LZFU_DICT_SIZE];
    ULONG head[0x10000];
    ULONG pos;          /* the position of the next byte to go in */
};

static void lzfu_encoder_put(struct lzfu_encoder *enc, BYTE byte)
{
    ULONG pair_pos = enc->pos - 1;
    USHORT key;

    enc->dict[enc->pos & LZFU_DICT_MASK] = byte;
    key = (enc->dict[pair_pos & LZFU_DICT_MASK] << 8) | byte;
    enc->prev[pair_pos & LZFU_DICT_MASK] = enc->head[key];
    enc->head[key] = pair_pos;
    enc->pos++;
}

static void lzfu_encoder_init(struct lzfu_encoder *enc)
{
    ULONG i;

    memset(enc->head, 0xff, sizeof(enc->head));
    enc->dict[0] = lzfu_prologue[0];
    enc->pos = 1;
    for (i = 1; i < LZFU_PROLOGUE_SIZE; i++) lzfu_encoder_put(enc, lzfu_prologue[i]);
}

/* How many bytes of input the dictionary holds from position start on.
 * The decompressor copies a reference byte by byte, so from the current
 * position on the match continues with the bytes it has just copied. */
static ULONG lzfu_match_length(const struct lzfu_encoder *enc, ULONG start, const BYTE *input, ULONG max_len)
{
    ULONG len;

    for (len = 0; len < max_len; len++)
    {
        ULONG pos = start + len;
        BYTE byte = pos < enc->pos ? enc->dict[pos & LZFU_DICT_MASK] : input[pos - enc->pos];

        if (byte != input[len]) break;
    }
    return len;
}

/* Finds the longest match for input, preferring the oldest position among
 * equally long ones, as [MS-OXRTFCP] scans the dictionary from its start. */
static ULONG lzfu_find_match(const struct lzfu_encoder *enc, const BYTE *input, ULONG max_len, ULONG *match_pos)
{
    ULONG best_len, best_pos, candidate, len, steps = 0;

    if (max_len < LZFU_MIN_MATCH) return 0;

    /* The newest position pairs with the byte to come, so it is not in
     * the chains yet. */
    best_pos = enc->pos - 1;
    best_len = lzfu_match_length(enc, best_pos, input, max_len);

    candidate = enc->head[(input[0] << 8) | input[1]];
    while (candidate != LZFU_NO_POS && candidate + LZFU_DICT_SIZE > enc->pos && steps++ < LZFU_MAX_CHAIN)
    {
        len = lzfu_match_length(enc, candidate, input, max_len);
        if (len >= best_len)
        {
            best_len = len;
            best_pos = candidate;
        }
        candidate = enc->prev[candidate & LZFU_DICT_MASK];
    }
    *match_pos = best_pos;
    return best_len;
}

/* Appends a token to the compressed data, starting a new run with its
 * control byte every eight tokens. */
static void lzfu_token(BYTE *out, SIZE_T *size, SIZE_T *control, unsigned int *count, BOOL reference)
{
    if (*count == 8)
    {
        *control = (*size)++;
        out[*control] = 0;
        *count = 0;
    }
    if (reference) out[*control] |= 1 << *count;
    (*count)++;
}

/* Compresses raw into out, which has room for the worst case, and returns
 * the size of the compressed data. */
static SIZE_T lzfu_compress(struct lzfu_encoder *enc, const BYTE *raw, ULONG raw_size, BYTE *out)
{
    SIZE_T size = 1, control = 0;
    unsigned int count = 0;
    ULONG done = 0, len, match_pos, i, ref;

    out[0] = 0;
    lzfu_encoder_init(enc);
    while (done < raw_size)
    {
        len = lzfu_find_match(enc, raw + done, min(LZFU_MAX_MATCH, raw_size - done), &match_pos);
        if (len >= LZFU_MIN_MATCH)
        {
            lzfu_token(out, &size, &control, &count, TRUE);
            ref = ((match_pos & LZFU_DICT_MASK) << 4) | (len - LZFU_MIN_MATCH);
            out[size++] = ref >> 8;
            out[size++] = ref;
        }
        else
        {
            len = 1;
            lzfu_token(out, &size, &control, &count, FALSE);
            out[size++] = raw[done];
        }
        for (i = 0; i < len; i++) lzfu_encoder_put(enc, raw[done + i]);
        done += len;
    }

    lzfu_token(out, &size, &control, &count, TRUE);
    ref = (enc->pos & LZFU_DICT_MASK) << 4;
    out[size++] = ref >> 8;
    out[size++] = ref;
    return size;
}

/* Encodes raw RTF as a value of PR_RTF_COMPRESSED, compressed or not. */
HRESULT compressed_rtf_encode(const BYTE *raw, ULONG raw_size, BOOL uncompressed, BYTE **out, ULONG *out_size)
{
    ULONGLONG capacity = RTF_HEADER_SIZE + (ULONGLONG)raw_size + raw_size / 8 + 8;
    struct lzfu_encoder *enc;
    SIZE_T contents_size;
    BYTE *data;

    *out = NULL;
    *out_size = 0;
    if (capacity > MAXDWORD) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(data = mapi_heap_alloc(capacity))) return MAPI_E_NOT_ENOUGH_MEMORY;

    if (uncompressed)
    {
        memcpy(data + RTF_HEADER_SIZE, raw, raw_size);
        contents_size = raw_size;
        put_le32(data + 8, RTF_MAGIC_UNCOMPRESSED);
        put_le32(data + 12, 0);
    }
    else
    {
        if (!(enc = mapi_heap_alloc(sizeof(*enc))))
        {
            mapi_heap_free(data);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        contents_size = lzfu_compress(enc, raw, raw_size, data + RTF_HEADER_SIZE);
        mapi_heap_free(enc);
        put_le32(data + 8, RTF_MAGIC_COMPRESSED);
        put_le32(data + 12, rtf_crc(0, data + RTF_HEADER_SIZE, contents_size));
    }
    put_le32(data, contents_size + RTF_HEADER_COUNTED);
    put_le32(data + 4, raw_size);

    *out = data;
    *out_size = contents_size + RTF_HEADER_SIZE;
    return S_OK;
}

/* The IStream of WrapCompressedRTFStream.  The caller holds references;
 * it holds one on the compressed stream.  Reading, it serves the RTF
 * decoded when it was made; writing (MAPI_MODIFY), it gathers the RTF and
 * stores it, encoded, in the compressed stream on Commit and on the last
 * Release after a Write. */
struct rtf_stream
{
    IStream IStream_iface;
    LONG refcount;
    IStream *compressed;
    ULONG flags;
    ULARGE_INTEGER start;   /* where the compressed data starts */
    struct byte_buffer data;
    SIZE_T position;        /* of reading */
    BOOL dirty;             /* written since the last store */
};

static inline struct rtf_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct rtf_stream, IStream_iface);
}

static HRESULT rtf_stream_store(struct rtf_stream *stream, DWORD commit_flags)
{
    LARGE_INTEGER start;
    ULARGE_INTEGER end;
    BYTE *encoded;
    ULONG size, written = 0;
    HRESULT hr;

    if (stream->data.size > MAXDWORD) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = compressed_rtf_encode(stream->data.data, stream->data.size,
            !!(stream->flags & STORE_UNCOMPRESSED_RTF), &encoded, &size)))
        return hr;

    start.QuadPart = stream->start.QuadPart;
    end.QuadPart = stream->start.QuadPart + size;
    if (SUCCEEDED(hr = IStream_Seek(stream->compressed, start, STREAM_SEEK_SET, NULL))
            && SUCCEEDED(hr = IStream_Write(stream->compressed, encoded, size, &written))
            && SUCCEEDED(hr = IStream_SetSize(stream->compressed, end)))
        hr = IStream_Commit(stream->compressed, commit_flags);
    if (SUCCEEDED(hr) && written != size) hr = STG_E_MEDIUMFULL;
    mapi_heap_free(encoded);

    if (SUCCEEDED(hr)) stream->dirty = FALSE;
    return hr;
}

static HRESULT WINAPI rtf_stream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);
    return stream_query_interface(iface, riid, out);
}

static ULONG WINAPI rtf_stream_AddRef(IStream *iface)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedIncrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI rtf_stream_Release(IStream *iface)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);
    HRESULT hr;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        if (stream->dirty && FAILED(hr = rtf_stream_store(stream, STGC_DEFAULT)))
            WARN("the RTF could not be stored, hr %#lx.\n", hr);
        IStream_Release(stream->compressed);
        mapi_heap_free(stream->data.data);
        mapi_heap_free(stream);
    }
    return refcount;
}

static HRESULT WINAPI rtf_stream_Read(IStream *iface, void *buffer, ULONG size, ULONG *read)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG count;

    TRACE("%p, %p, %lu, %p.\n", iface, buffer, size, read);

    if (read) *read = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if (stream->flags & MAPI_MODIFY) return STG_E_ACCESSDENIED;

    count = min(size, stream->data.size - stream->position);
    memcpy(buffer, stream->data.data + stream->position, count);
    stream->position += count;
    if (read) *read = count;
    return S_OK;
}

static HRESULT WINAPI rtf_stream_Write(IStream *iface, const void *buffer, ULONG size, ULONG *written)
{
    struct rtf_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %p, %lu, %p.\n", iface, buffer, size, written);

    if (written) *written = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if (!(stream->flags & MAPI_MODIFY)) return STG_E_ACCESSDENIED;

    byte_buffer_append(&stream->data, buffer, size);
    if (stream->data.failed) return STG_E_INSUFFICIENTMEMORY;
    stream->dirty = TRUE;
    if (written) *written = size;
    return S_OK;
}

/* Seek, SetSize, Revert, LockRegion, UnlockRegion, Stat and Clone are
 * not supported, as the reference says: the stream is read or written
 * once, from start to end. */
static HRESULT WINAPI rtf_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *new_position)
{
    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rtf_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rtf_stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size,
        ULARGE_INTEGER *read_out, ULARGE_INTEGER *written_out)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG count, written = 0;
    HRESULT hr;

    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read_out, written_out);

    if (read_out) read_out->QuadPart = 0;
    if (written_out) written_out->QuadPart = 0;
    if (!dest) return STG_E_INVALIDPOINTER;
    if (stream->flags & MAPI_MODIFY) return STG_E_ACCESSDENIED;

    count = min(size.QuadPart, stream->data.size - stream->position);
    hr = IStream_Write(dest, stream->data.data + stream->position, count, &written);
    stream->position += count;
    if (read_out) read_out->QuadPart = count;
    if (written_out) written_out->QuadPart = written;
    if (SUCCEEDED(hr) && written < count) hr = STG_E_MEDIUMFULL;
    return hr;
}

static HRESULT WINAPI rtf_stream_Commit(IStream *iface, DWORD flags)
{
    struct rtf_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    if (!(stream->flags & MAPI_MODIFY)) return S_OK;
    return rtf_stream_store(stream, flags);
}

static HRESULT WINAPI rtf_stream_Revert(IStream *iface)
{
    TRACE("%p.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rtf_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart),
          type);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rtf_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
        DWORD type)
{
    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart),
          type);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rtf_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    TRACE("%p, %p, %#lx.\n", iface, stat, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI rtf_stream_Clone(IStream *iface, IStream **out)
{
    TRACE("%p, %p.\n", iface, out);
    if (out) *out = NULL;
    return MAPI_E_NO_SUPPORT;
}

static const IStreamVtbl rtf_stream_vtbl =
{
    rtf_stream_QueryInterface,
    rtf_stream_AddRef,
    rtf_stream_Release,
    rtf_stream_Read,
    rtf_stream_Write,
    rtf_stream_Seek,
    rtf_stream_SetSize,
    rtf_stream_CopyTo,
    rtf_stream_Commit,
    rtf_stream_Revert,
    rtf_stream_LockRegion,
    rtf_stream_UnlockRegion,
    rtf_stream_Stat,
    rtf_stream_Clone,
};

/* Reads and decodes the compressed stream for reading.  An empty stream
 * holds no RTF yet and reads as empty. */
static HRESULT rtf_stream_load(struct rtf_stream *stream)
{
    struct byte_buffer compressed = {0};
    BYTE *raw;
    ULONG raw_size;
    HRESULT hr;

    if (FAILED(hr = read_whole_stream(stream->compressed, &compressed))) goto done;
    if (!compressed.size) goto done;
    if (FAILED(hr = compressed_rtf_decode(compressed.data, compressed.size, &raw, &raw_size))) goto done;
    if ((stream->flags & MAPI_NATIVE_BODY) && FAILED(hr = rtf_native_body(&raw, &raw_size)))
    {
        mapi_heap_free(raw);
        goto done;
    }
    stream->data.data = raw;
    stream->data.size = stream->data.capacity = raw_size;

done:
    mapi_heap_free(compressed.data);
    return hr;
}

/***********************************************************************
 *              WrapCompressedRTFStream@12 (MAPI32.186)
 */
HRESULT WINAPI WrapCompressedRTFStream(LPSTREAM compressed, ULONG flags, LPSTREAM *uncompressed)
{
    struct rtf_stream *stream;
    LARGE_INTEGER zero = {{0}};
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", compressed, flags, uncompressed);

    if (!uncompressed) return MAPI_E_INVALID_PARAMETER;
    *uncompressed = NULL;
    if (!compressed) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_MODIFY | STORE_UNCOMPRESSED_RTF | MAPI_NATIVE_BODY)) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & MAPI_MODIFY) && (flags & MAPI_NATIVE_BODY)) return MAPI_E_INVALID_PARAMETER;

    if (!(stream = mapi_heap_alloc(sizeof(*stream)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(stream, 0, sizeof(*stream));
    stream->IStream_iface.lpVtbl = &rtf_stream_vtbl;
    stream->refcount = 1;
    stream->compressed = compressed;
    stream->flags = flags;

    if (flags & MAPI_MODIFY)
        hr = IStream_Seek(compressed, zero, STREAM_SEEK_CUR, &stream->start);
    else
        hr = rtf_stream_load(stream);
    if (FAILED(hr))
    {
        mapi_heap_free(stream->data.data);
        mapi_heap_free(stream);
        return hr;
    }

    IStream_AddRef(compressed);
    *uncompressed = &stream->IStream_iface;
    return S_OK;
}
