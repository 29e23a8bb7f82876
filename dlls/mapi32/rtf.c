/*
 * mapi32: compressed RTF: WrapCompressedRTFStream, RTFSync
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

#include <stdio.h>

#include "private.h"

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
static ULONG rtf_crc(ULONG crc, const BYTE *data, SIZE_T size)
{
    unsigned int i;

    while (size--)
    {
        crc ^= *data++;
        for (i = 0; i < 8; i++) crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
    return crc;
}

/* A growing byte array; failed records that an allocation failed. */
struct byte_buffer
{
    BYTE *data;
    SIZE_T size;
    SIZE_T capacity;
    BOOL failed;
};

static BOOL byte_buffer_reserve(struct byte_buffer *buffer, SIZE_T extra)
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

static void byte_buffer_append(struct byte_buffer *buffer, const void *data, SIZE_T size)
{
    if (!byte_buffer_reserve(buffer, size)) return;
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
}

static void byte_buffer_append_str(struct byte_buffer *buffer, const char *str)
{
    byte_buffer_append(buffer, str, strlen(str));
}

/* A growing WCHAR array, as byte_buffer. */
struct text_buffer
{
    WCHAR *data;
    SIZE_T len;
    SIZE_T capacity;
    BOOL failed;
};

static void text_buffer_append(struct text_buffer *text, const WCHAR *chars, SIZE_T count)
{
    SIZE_T capacity;
    WCHAR *data;

    if (text->failed) return;
    if (text->capacity - text->len < count)
    {
        capacity = max(max(text->capacity * 2, text->len + count), 256);
        if (capacity > ~(SIZE_T)0 / sizeof(WCHAR) || !(data = mapi_heap_realloc(text->data, capacity * sizeof(WCHAR))))
        {
            text->failed = TRUE;
            return;
        }
        text->data = data;
        text->capacity = capacity;
    }
    memcpy(text->data + text->len, chars, count * sizeof(WCHAR));
    text->len += count;
}

/* Reads what is left of a stream. */
static HRESULT read_whole_stream(IStream *stream, struct byte_buffer *buffer)
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
static HRESULT rtf_decode(const BYTE *data, SIZE_T size, BYTE **out, ULONG *out_size)
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
static HRESULT rtf_encode(const BYTE *raw, ULONG raw_size, BOOL uncompressed, BYTE **out, ULONG *out_size)
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

/* What an RTF document was made from, as its \fromtext or \fromhtml says. */
enum rtf_source
{
    RTF_SOURCE_RTF,
    RTF_SOURCE_TEXT,
    RTF_SOURCE_HTML,
};

#define RTF_MAX_WORD  32
#define RTF_MAX_DEPTH 256

/* The properties of an RTF group that the reader follows. */
struct rtf_group
{
    BOOL skip;          /* a destination that is not text */
    BOOL html_tag;      /* an \htmltag destination, text when de-encapsulating */
    BOOL html_rtf;      /* between \htmlrtf and \htmlrtf0 */
    int unicode_skip;   /* \uc: the bytes that stand in for a \u character */
};

/* Turns RTF into the text it shows or, de-encapsulating, into the HTML it
 * carries, as [MS-OXRTFEX] describes. */
struct rtf_reader
{
    const BYTE *pos;
    const BYTE *end;
    BOOL html;
    UINT codepage;
    struct rtf_group group;
    struct rtf_group saved[RTF_MAX_DEPTH];
    ULONG depth;
    ULONG hidden_depth; /* groups nested deeper than saved can hold */
    int skip;           /* bytes still standing in for a \u character */
    BOOL star;          /* the last control was \*: an optional destination */
    struct byte_buffer pending;     /* bytes in codepage, not converted yet */
    struct text_buffer text;
};

/* Destinations whose contents are not part of the text. */
static const char * const rtf_skipped_destinations[] =
{
    "annotation", "atnauthor", "atnid", "author", "bkmkend", "bkmkstart", "buptim", "colorschememapping",
    "colortbl", "comment", "creatim", "datastore", "doccomm", "filetbl", "fldinst", "fonttbl", "footer",
    "footerf", "footerl", "footerr", "footnote", "generator", "header", "headerf", "headerl", "headerr",
    "info", "keywords", "latentstyles", "listoverridetable", "listtable", "mmathPr", "nonshppict",
    "objdata", "object", "operator", "pgdsctbl", "pict", "printim", "private", "revtbl", "revtim",
    "rsidtbl", "stylesheet", "subject", "tc", "themedata", "title", "txe", "xe", "xmlnstbl",
};

/* Control words that stand for one character. */
static const struct
{
    const char *word;
    WCHAR ch;
}
rtf_special_chars[] =
{
    { "bullet", 0x2022 },
    { "cell", '\t' },
    { "emdash", 0x2014 },
    { "emspace", 0x2003 },
    { "endash", 0x2013 },
    { "enspace", 0x2002 },
    { "ldblquote", 0x201c },
    { "lquote", 0x2018 },
    { "ltrmark", 0x200e },
    { "qmspace", 0x2005 },
    { "rdblquote", 0x201d },
    { "rquote", 0x2019 },
    { "rtlmark", 0x200f },
    { "tab", '\t' },
    { "zwj", 0x200d },
    { "zwnj", 0x200c },
};

/* Control words that end a line. */
static const char * const rtf_line_breaks[] = { "line", "page", "par", "row", "sect" };

static BOOL rtf_word_in(const char *word, const char * const *list, unsigned int count)
{
    unsigned int i;

    for (i = 0; i < count; i++) if (!strcmp(word, list[i])) return TRUE;
    return FALSE;
}

static BOOL rtf_visible(const struct rtf_reader *reader)
{
    if (reader->group.skip) return FALSE;
    return !reader->html || reader->group.html_tag || !reader->group.html_rtf;
}

static void rtf_flush(struct rtf_reader *reader)
{
    struct byte_buffer *pending = &reader->pending;
    WCHAR *chars;
    UINT codepage = reader->codepage;
    int count;

    if (!pending->size) return;
    if (!(count = MultiByteToWideChar(codepage, 0, (char *)pending->data, pending->size, NULL, 0)))
    {
        codepage = 1252;
        count = MultiByteToWideChar(codepage, 0, (char *)pending->data, pending->size, NULL, 0);
    }
    if (!(chars = mapi_heap_alloc(max(count, 1) * sizeof(WCHAR))))
        reader->text.failed = TRUE;
    else
    {
        MultiByteToWideChar(codepage, 0, (char *)pending->data, pending->size, chars, count);
        text_buffer_append(&reader->text, chars, count);
        mapi_heap_free(chars);
    }
    pending->size = 0;
}

static void rtf_emit_byte(struct rtf_reader *reader, BYTE byte)
{
    if (rtf_visible(reader)) byte_buffer_append(&reader->pending, &byte, 1);
}

static void rtf_emit_chars(struct rtf_reader *reader, const WCHAR *chars, SIZE_T count)
{
    if (!rtf_visible(reader)) return;
    rtf_flush(reader);
    text_buffer_append(&reader->text, chars, count);
}

/* Whether a \u character still has stand-in bytes to drop: each text
 * byte, \'hh or control drops one. */
static BOOL rtf_skipping(struct rtf_reader *reader)
{
    if (reader->skip <= 0) return FALSE;
    reader->skip--;
    return TRUE;
}

/* The code page of a character set control word, or 0. */
static UINT rtf_charset_codepage(const char *word)
{
    if (!strcmp(word, "ansi")) return 1252;
    if (!strcmp(word, "mac")) return 10000;
    if (!strcmp(word, "pc")) return 437;
    if (!strcmp(word, "pca")) return 850;
    return 0;
}

static void rtf_control_word(struct rtf_reader *reader, const char *word, BOOL has_param, int param)
{
    static const WCHAR crlf[] = {'\r', '\n'};
    unsigned int i;
    UINT codepage;
    WCHAR ch;

    if (reader->star)
    {
        reader->star = FALSE;
        if (reader->html && !strcmp(word, "htmltag")) reader->group.html_tag = TRUE;
        else reader->group.skip = TRUE;
        return;
    }
    if (!strcmp(word, "u"))
    {
        ch = (WCHAR)(param & 0xffff);
        if (has_param) rtf_emit_chars(reader, &ch, 1);
        reader->skip = reader->group.unicode_skip;
        return;
    }
    if (rtf_skipping(reader)) return;

    if (!strcmp(word, "uc") && has_param) reader->group.unicode_skip = max(param, 0);
    else if (!strcmp(word, "htmlrtf")) reader->group.html_rtf = !has_param || param;
    else if (!strcmp(word, "ansicpg") && has_param && param > 0)
    {
        rtf_flush(reader);
        reader->codepage = param;
    }
    else if ((codepage = rtf_charset_codepage(word)))
    {
        rtf_flush(reader);
        reader->codepage = codepage;
    }
    else if (!strcmp(word, "bin") && has_param && param > 0)
        reader->pos += min((SIZE_T)param, (SIZE_T)(reader->end - reader->pos));
    else if (rtf_word_in(word, rtf_line_breaks, ARRAY_SIZE(rtf_line_breaks)))
        rtf_emit_chars(reader, crlf, ARRAY_SIZE(crlf));
    else if (rtf_word_in(word, rtf_skipped_destinations, ARRAY_SIZE(rtf_skipped_destinations)))
        reader->group.skip = TRUE;
    else
    {
        for (i = 0; i < ARRAY_SIZE(rtf_special_chars); i++)
        {
            if (strcmp(word, rtf_special_chars[i].word)) continue;
            rtf_emit_chars(reader, &rtf_special_chars[i].ch, 1);
            break;
        }
    }
}

static BOOL is_rtf_letter(BYTE c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex_value(BYTE c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void rtf_control_symbol(struct rtf_reader *reader, BYTE symbol)
{
    static const WCHAR crlf[] = {'\r', '\n'};
    static const WCHAR nbsp = 0x00a0, nbhyphen = 0x2011;
    int high, low;

    if (symbol == '\'')
    {
        if (reader->end - reader->pos < 2) return;
        high = hex_value(reader->pos[0]);
        low = hex_value(reader->pos[1]);
        reader->pos += 2;
        if (high < 0 || low < 0 || rtf_skipping(reader)) return;
        rtf_emit_byte(reader, (high << 4) | low);
        return;
    }
    if (symbol == '*')
    {
        reader->star = TRUE;
        return;
    }
    if (rtf_skipping(reader)) return;

    switch (symbol)
    {
    case '\\':
    case '{':
    case '}':
        rtf_emit_byte(reader, symbol);
        break;
    case '~':
        rtf_emit_chars(reader, &nbsp, 1);
        break;
    case '_':
        rtf_emit_chars(reader, &nbhyphen, 1);
        break;
    case '\r':
    case '\n':
        rtf_emit_chars(reader, crlf, ARRAY_SIZE(crlf));
        break;
    }
}

static void rtf_read_control(struct rtf_reader *reader)
{
    char word[RTF_MAX_WORD + 1];
    unsigned int len = 0, digits = 0;
    BOOL negative = FALSE;
    LONGLONG param = 0;

    if (reader->pos >= reader->end) return;
    if (!is_rtf_letter(*reader->pos))
    {
        rtf_control_symbol(reader, *reader->pos++);
        return;
    }

    while (reader->pos < reader->end && is_rtf_letter(*reader->pos))
    {
        if (len < RTF_MAX_WORD) word[len++] = *reader->pos;
        reader->pos++;
    }
    word[len] = 0;

    if (reader->pos < reader->end && *reader->pos == '-')
    {
        negative = TRUE;
        reader->pos++;
    }
    while (reader->pos < reader->end && *reader->pos >= '0' && *reader->pos <= '9')
    {
        if (param < 0x7fffffff) param = param * 10 + (*reader->pos - '0');
        digits++;
        reader->pos++;
    }
    if (reader->pos < reader->end && *reader->pos == ' ') reader->pos++;

    param = min(param, 0x7fffffff);
    rtf_control_word(reader, word, digits > 0, negative ? -(int)param : (int)param);
}

static void rtf_open_group(struct rtf_reader *reader)
{
    rtf_flush(reader);
    reader->skip = 0;
    reader->star = FALSE;
    if (reader->depth < RTF_MAX_DEPTH)
        reader->saved[reader->depth++] = reader->group;
    else
        reader->hidden_depth++;
}

static void rtf_close_group(struct rtf_reader *reader)
{
    rtf_flush(reader);
    reader->skip = 0;
    reader->star = FALSE;
    if (reader->hidden_depth)
        reader->hidden_depth--;
    else if (reader->depth)
        reader->group = reader->saved[--reader->depth];
}

/* Extracts the text of an RTF document, or its HTML when html is set, as
 * a terminated string. */
static HRESULT rtf_extract(const BYTE *rtf, SIZE_T size, BOOL html, WCHAR **text, SIZE_T *len, UINT *codepage)
{
    static const WCHAR nul = 0;
    struct rtf_reader *reader;
    HRESULT hr = S_OK;
    BYTE c;

    *text = NULL;
    *len = 0;
    if (!(reader = mapi_heap_alloc(sizeof(*reader)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(reader, 0, sizeof(*reader));
    reader->pos = rtf;
    reader->end = rtf + size;
    reader->html = html;
    reader->codepage = 1252;
    reader->group.unicode_skip = 1;

    while (reader->pos < reader->end)
    {
        c = *reader->pos++;
        switch (c)
        {
        case '{':
            rtf_open_group(reader);
            break;
        case '}':
            rtf_close_group(reader);
            break;
        case '\\':
            rtf_read_control(reader);
            break;
        case '\r':
        case '\n':
        case 0:
            break;
        default:
            reader->star = FALSE;
            if (!rtf_skipping(reader)) rtf_emit_byte(reader, c);
            break;
        }
    }
    rtf_flush(reader);
    text_buffer_append(&reader->text, &nul, 1);

    if (reader->text.failed || reader->pending.failed)
    {
        mapi_heap_free(reader->text.data);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else
    {
        *text = reader->text.data;
        *len = reader->text.len - 1;
        if (codepage) *codepage = reader->codepage;
    }
    mapi_heap_free(reader->pending.data);
    mapi_heap_free(reader);
    return hr;
}

/* Looks for \fromtext or \fromhtml among the control words of the
 * document's own group before its text starts. */
static enum rtf_source rtf_source(const BYTE *rtf, SIZE_T size)
{
    const BYTE *p = rtf, *end = rtf + size;
    char word[RTF_MAX_WORD + 1];
    unsigned int len;
    int depth = 0;
    BYTE c;

    while (p < end)
    {
        c = *p++;
        if (c == '{') depth++;
        else if (c == '}')
        {
            if (--depth <= 0) break;
        }
        else if (c == '\\' && p < end)
        {
            if (!is_rtf_letter(*p))
            {
                if (depth == 1 && *p != '*') break;
                p++;
                continue;
            }
            for (len = 0; p < end && is_rtf_letter(*p); p++)
                if (len < RTF_MAX_WORD) word[len++] = *p;
            word[len] = 0;
            if (depth != 1) continue;
            if (!strcmp(word, "fromtext")) return RTF_SOURCE_TEXT;
            if (!strcmp(word, "fromhtml")) return RTF_SOURCE_HTML;
        }
        else if (depth == 1 && c != ' ' && c != '\r' && c != '\n' && c != '\t' && !(c >= '0' && c <= '9')
                 && c != '-')
            break;
    }
    return RTF_SOURCE_RTF;
}

/* Converts text to bytes in codepage, into a terminated heap buffer. */
static HRESULT text_to_codepage(const WCHAR *text, SIZE_T len, UINT codepage, BYTE **out, ULONG *out_size)
{
    int size = 0;

    *out = NULL;
    *out_size = 0;
    if (len > MAXLONG) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (len && !(size = WideCharToMultiByte(codepage, 0, text, len, NULL, 0, NULL, NULL)))
    {
        codepage = CP_ACP;
        size = WideCharToMultiByte(codepage, 0, text, len, NULL, 0, NULL, NULL);
    }
    if (!(*out = mapi_heap_alloc(size + 1))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (size) WideCharToMultiByte(codepage, 0, text, len, (char *)*out, size, NULL, NULL);
    (*out)[size] = 0;
    *out_size = size;
    return S_OK;
}

/* Replaces RTF that encapsulates plain text or HTML by what it carries. */
static HRESULT rtf_native_body(BYTE **data, ULONG *size)
{
    enum rtf_source source = rtf_source(*data, *size);
    UINT codepage;
    SIZE_T len;
    WCHAR *text;
    BYTE *native;
    ULONG native_size;
    HRESULT hr;

    if (source == RTF_SOURCE_RTF) return S_OK;
    if (FAILED(hr = rtf_extract(*data, *size, source == RTF_SOURCE_HTML, &text, &len, &codepage))) return hr;
    hr = text_to_codepage(text, len, codepage, &native, &native_size);
    mapi_heap_free(text);
    if (FAILED(hr)) return hr;
    mapi_heap_free(*data);
    *data = native;
    *size = native_size;
    return S_OK;
}

/* Writes one character of plain text as RTF. */
static void rtf_write_char(struct byte_buffer *rtf, const WCHAR *chars, unsigned int count, UINT codepage)
{
    char bytes[8], escape[16];
    BOOL lost = FALSE;
    int size, i;

    if (chars[0] < 0x80)
    {
        if (chars[0] == '\\' || chars[0] == '{' || chars[0] == '}') byte_buffer_append(rtf, "\\", 1);
        bytes[0] = chars[0];
        byte_buffer_append(rtf, bytes, 1);
        return;
    }

    if (codepage == CP_UTF8)
        size = WideCharToMultiByte(codepage, 0, chars, count, bytes, sizeof(bytes), NULL, NULL);
    else
        size = WideCharToMultiByte(codepage, WC_NO_BEST_FIT_CHARS, chars, count, bytes, sizeof(bytes), NULL, &lost);

    if (size > 0 && !lost)
    {
        for (i = 0; i < size; i++)
        {
            sprintf(escape, "\\'%02x", (BYTE)bytes[i]);
            byte_buffer_append_str(rtf, escape);
        }
        return;
    }
    for (i = 0; i < count; i++)
    {
        sprintf(escape, "\\u%d?", (short)chars[i]);
        byte_buffer_append_str(rtf, escape);
    }
}

/* Wraps plain text in a minimal RTF document that says it was made from
 * text, so that de-encapsulation gives the text back. */
static HRESULT rtf_from_text(const WCHAR *text, SIZE_T len, BYTE **out, ULONG *out_size)
{
    struct byte_buffer rtf = {0};
    UINT codepage = GetACP();
    char header[160];
    SIZE_T i;

    *out = NULL;
    *out_size = 0;
    sprintf(header, "{\\rtf1\\ansi\\ansicpg%u\\fromtext \\deff0{\\fonttbl\r\n{\\f0\\fswiss Arial;}\r\n}\r\n"
            "\\uc1\\pard\\plain\\f0\\fs20 ", codepage);
    byte_buffer_append_str(&rtf, header);

    for (i = 0; i < len; i++)
    {
        WCHAR ch = text[i];

        if (ch == '\r' || ch == '\n')
        {
            if (ch == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
            byte_buffer_append_str(&rtf, "\\par\r\n");
        }
        else if (ch == '\t')
            byte_buffer_append_str(&rtf, "\\tab ");
        else if (ch < 0x20)
            continue;
        else if (IS_HIGH_SURROGATE(ch) && i + 1 < len && IS_LOW_SURROGATE(text[i + 1]))
        {
            rtf_write_char(&rtf, text + i, 2, codepage);
            i++;
        }
        else
            rtf_write_char(&rtf, text + i, 1, codepage);
    }
    byte_buffer_append_str(&rtf, "}");

    if (rtf.failed || rtf.size > MAXDWORD)
    {
        mapi_heap_free(rtf.data);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = rtf.data;
    *out_size = rtf.size;
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
    if (FAILED(hr = rtf_encode(stream->data.data, stream->data.size, !!(stream->flags & STORE_UNCOMPRESSED_RTF),
            &encoded, &size)))
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
    if (FAILED(hr = rtf_decode(compressed.data, compressed.size, &raw, &raw_size))) goto done;
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

/* The plain text of a message, as PR_BODY holds it. */
struct body_text
{
    WCHAR *text;
    SIZE_T len;
    BOOL found;
    BOOL unicode;       /* read as PT_UNICODE, and to be written so */
};

/* The properties of RTFSync that say what the last synchronization saw. */
static const ULONG sync_tags[] =
{
    PR_RTF_SYNC_BODY_CRC,
    PR_RTF_SYNC_BODY_COUNT,
    PR_RTF_SYNC_BODY_TAG_A,
    PR_RTF_SYNC_PREFIX_COUNT,
    PR_RTF_SYNC_TRAILING_COUNT,
    PR_RTF_IN_SYNC,
};

#define SYNC_TAG_CHARS 8

/* Reads a string or binary property, through a stream when it is too
 * large for GetProps.  Strings come without their terminator; *data is
 * NULL when the property is missing. */
static HRESULT read_property(IMessage *message, ULONG tag, BYTE **data, SIZE_T *size)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    struct byte_buffer buffer = {0};
    SPropValue *value = NULL;
    BOOL found = FALSE;
    IStream *stream;
    ULONG count;
    HRESULT hr;

    *data = NULL;
    *size = 0;
    if (FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &value))) return hr;

    hr = S_OK;
    if (PROP_TYPE(value->ulPropTag) != PT_ERROR)
    {
        if (PROP_TYPE(tag) == PT_BINARY)
            byte_buffer_append(&buffer, value->Value.bin.lpb, value->Value.bin.cb);
        else if (PROP_TYPE(tag) == PT_UNICODE)
            byte_buffer_append(&buffer, value->Value.lpszW, lstrlenW(value->Value.lpszW) * sizeof(WCHAR));
        else
            byte_buffer_append(&buffer, value->Value.lpszA, strlen(value->Value.lpszA));
        found = TRUE;
    }
    else if (value->Value.err == MAPI_E_NOT_ENOUGH_MEMORY)
    {
        if (SUCCEEDED(hr = IMessage_OpenProperty(message, tag, &IID_IStream, 0, 0, (IUnknown **)&stream)))
        {
            hr = read_whole_stream(stream, &buffer);
            IStream_Release(stream);
            found = TRUE;
        }
    }
    else if (value->Value.err != MAPI_E_NOT_FOUND)
        hr = value->Value.err;
    MAPIFreeBuffer(value);

    if (SUCCEEDED(hr) && found && !byte_buffer_reserve(&buffer, 1)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr) || !found)
    {
        mapi_heap_free(buffer.data);
        return hr;
    }
    *data = buffer.data;
    *size = buffer.size;
    return S_OK;
}

static HRESULT read_body(IMessage *message, struct body_text *body)
{
    BYTE *data;
    SIZE_T size;
    int len;
    HRESULT hr;

    memset(body, 0, sizeof(*body));
    if (FAILED(hr = read_property(message, PR_BODY_W, &data, &size))) return hr;
    if (data)
    {
        body->text = (WCHAR *)data;
        body->len = size / sizeof(WCHAR);
        body->found = body->unicode = TRUE;
        return S_OK;
    }

    if (FAILED(hr = read_property(message, PR_BODY_A, &data, &size)) || !data) return hr;
    if (size > MAXLONG)
    {
        mapi_heap_free(data);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    len = size ? MultiByteToWideChar(CP_ACP, 0, (char *)data, size, NULL, 0) : 0;
    if ((body->text = mapi_heap_alloc(max(len, 1) * sizeof(WCHAR))))
    {
        if (len) MultiByteToWideChar(CP_ACP, 0, (char *)data, size, body->text, len);
        body->len = len;
        body->found = TRUE;
    }
    mapi_heap_free(data);
    return body->text ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

static BOOL is_sync_space(WCHAR ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* What RTFSync records of a text: the CRC and count of its significant
 * characters (all but white space) and the first few of them. */
struct body_signature
{
    ULONG crc;
    ULONG count;
    char tag[SYNC_TAG_CHARS * 4 + 1];
};

static void body_signature(const WCHAR *text, SIZE_T len, struct body_signature *sig)
{
    WCHAR tag[SYNC_TAG_CHARS];
    unsigned int tag_len = 0;
    BYTE bytes[2];
    SIZE_T i;
    int size;

    sig->crc = 0;
    sig->count = 0;
    for (i = 0; i < len; i++)
    {
        if (is_sync_space(text[i])) continue;
        bytes[0] = text[i] & 0xff;
        bytes[1] = text[i] >> 8;
        sig->crc = rtf_crc(sig->crc, bytes, 2);
        sig->count++;
        if (tag_len < SYNC_TAG_CHARS) tag[tag_len++] = text[i];
    }
    size = tag_len ? WideCharToMultiByte(CP_ACP, 0, tag, tag_len, sig->tag, sizeof(sig->tag) - 1, NULL, NULL) : 0;
    sig->tag[size] = 0;
}

static const SPropValue *find_value(const SPropValue *values, ULONG count, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++) if (values[i].ulPropTag == tag) return &values[i];
    return NULL;
}

/* Sets the properties of changes, and those of the sync properties that
 * differ from what the message has, and reports whether anything was set. */
static HRESULT store_sync(IMessage *message, const struct body_signature *sig, SPropValue *changes,
        ULONG change_count, BOOL *updated)
{
    SizedSPropTagArray(ARRAY_SIZE(sync_tags), tags);
    SPropValue props[ARRAY_SIZE(sync_tags) + 2], wanted[ARRAY_SIZE(sync_tags)], *old = NULL;
    const SPropValue *current;
    SPropProblemArray *problems = NULL;
    ULONG i, count = 0, old_count = 0;
    HRESULT hr;

    tags.cValues = ARRAY_SIZE(sync_tags);
    memcpy(tags.aulPropTag, sync_tags, sizeof(sync_tags));
    if (FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &old_count, &old))) return hr;

    memset(wanted, 0, sizeof(wanted));
    wanted[0].ulPropTag = PR_RTF_SYNC_BODY_CRC;
    wanted[0].Value.l = sig->crc;
    wanted[1].ulPropTag = PR_RTF_SYNC_BODY_COUNT;
    wanted[1].Value.l = sig->count;
    wanted[2].ulPropTag = PR_RTF_SYNC_BODY_TAG_A;
    wanted[2].Value.lpszA = (char *)sig->tag;
    wanted[3].ulPropTag = PR_RTF_SYNC_PREFIX_COUNT;
    wanted[3].Value.l = 0;
    wanted[4].ulPropTag = PR_RTF_SYNC_TRAILING_COUNT;
    wanted[4].Value.l = 0;
    wanted[5].ulPropTag = PR_RTF_IN_SYNC;
    wanted[5].Value.b = TRUE;

    for (i = 0; i < change_count; i++) props[count++] = changes[i];
    for (i = 0; i < ARRAY_SIZE(wanted); i++)
    {
        current = find_value(old, old_count, wanted[i].ulPropTag);
        if (current && !LPropCompareProp((SPropValue *)current, &wanted[i])) continue;
        props[count++] = wanted[i];
    }
    MAPIFreeBuffer(old);

    *updated = count > 0;
    if (!count) return S_OK;
    if (FAILED(hr = IMessage_SetProps(message, count, props, &problems))) return hr;
    if (problems)
    {
        if (problems->cProblem) hr = problems->aProblem[0].scode;
        MAPIFreeBuffer(problems);
    }
    return hr;
}

static BOOL same_text(const WCHAR *a, SIZE_T a_len, const WCHAR *b, SIZE_T b_len)
{
    return a_len == b_len && (!a_len || !memcmp(a, b, a_len * sizeof(WCHAR)));
}

/* Makes PR_BODY the text of the RTF. */
static HRESULT sync_body_from_rtf(IMessage *message, const BYTE *rtf, SIZE_T rtf_size, const struct body_text *body,
        BOOL *updated)
{
    struct body_signature sig;
    SPropValue change;
    ULONG change_count = 0;
    BYTE *raw, *ansi = NULL;
    ULONG raw_size, ansi_size;
    WCHAR *text;
    SIZE_T len;
    HRESULT hr;

    if (FAILED(hr = rtf_decode(rtf, rtf_size, &raw, &raw_size))) return hr;
    hr = rtf_extract(raw, raw_size, FALSE, &text, &len, NULL);
    mapi_heap_free(raw);
    if (FAILED(hr)) return hr;

    if (!body->found || !same_text(text, len, body->text, body->len))
    {
        if (!body->found || body->unicode)
        {
            change.ulPropTag = PR_BODY_W;
            change.Value.lpszW = text;
        }
        else
        {
            if (FAILED(hr = text_to_codepage(text, len, CP_ACP, &ansi, &ansi_size)))
            {
                mapi_heap_free(text);
                return hr;
            }
            change.ulPropTag = PR_BODY_A;
            change.Value.lpszA = (char *)ansi;
        }
        change_count = 1;
    }

    body_signature(text, len, &sig);
    hr = store_sync(message, &sig, &change, change_count, updated);
    mapi_heap_free(ansi);
    mapi_heap_free(text);
    return hr;
}

/* Makes PR_RTF_COMPRESSED hold the body, unless it already shows it. */
static HRESULT sync_rtf_from_body(IMessage *message, const BYTE *rtf, SIZE_T rtf_size, const struct body_text *body,
        BOOL *updated)
{
    SizedSPropTagArray(2, tags) = {2, {PR_RTF_SYNC_BODY_CRC, PR_RTF_SYNC_BODY_COUNT}};
    struct body_signature sig;
    SPropValue *old = NULL, change;
    BYTE *raw = NULL, *encoded = NULL;
    ULONG raw_size, encoded_size, old_count;
    BOOL in_sync = FALSE;
    WCHAR *text;
    SIZE_T len;
    HRESULT hr;

    body_signature(body->text, body->len, &sig);

    if (rtf)
    {
        if (FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &old_count, &old))) return hr;
        in_sync = old[0].ulPropTag == PR_RTF_SYNC_BODY_CRC && (ULONG)old[0].Value.l == sig.crc
                && old[1].ulPropTag == PR_RTF_SYNC_BODY_COUNT && (ULONG)old[1].Value.l == sig.count;
        MAPIFreeBuffer(old);
    }
    if (rtf && !in_sync)
    {
        /* RTF from elsewhere may show the same text, without the record. */
        if (FAILED(hr = rtf_decode(rtf, rtf_size, &raw, &raw_size))) return hr;
        hr = rtf_extract(raw, raw_size, FALSE, &text, &len, NULL);
        mapi_heap_free(raw);
        if (FAILED(hr)) return hr;
        in_sync = same_text(text, len, body->text, body->len);
        mapi_heap_free(text);
    }
    if (in_sync) return store_sync(message, &sig, NULL, 0, updated);

    if (FAILED(hr = rtf_from_text(body->text, body->len, &raw, &raw_size))) return hr;
    hr = rtf_encode(raw, raw_size, FALSE, &encoded, &encoded_size);
    mapi_heap_free(raw);
    if (FAILED(hr)) return hr;

    change.ulPropTag = PR_RTF_COMPRESSED;
    change.dwAlignPad = 0;
    change.Value.bin.cb = encoded_size;
    change.Value.bin.lpb = encoded;
    hr = store_sync(message, &sig, &change, 1, updated);
    mapi_heap_free(encoded);
    return hr;
}

/***********************************************************************
 *              RTFSync@12 (MAPI32.183)
 *
 * The side that changed wins; when both did, the RTF does, as the richer.
 * A side that is missing takes the other's contents.
 */
HRESULT WINAPI RTFSync(LPMESSAGE message, ULONG flags, BOOL *updated)
{
    struct body_text body;
    BYTE *rtf;
    SIZE_T rtf_size;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", message, flags, updated);

    if (!message || !updated) return MAPI_E_INVALID_PARAMETER;
    *updated = FALSE;
    if (flags & ~(RTF_SYNC_RTF_CHANGED | RTF_SYNC_BODY_CHANGED)) return MAPI_E_UNKNOWN_FLAGS;
    if (!flags) return S_OK;

    if (FAILED(hr = read_body(message, &body))) return hr;
    if (FAILED(hr = read_property(message, PR_RTF_COMPRESSED, &rtf, &rtf_size)))
    {
        mapi_heap_free(body.text);
        return hr;
    }

    if (rtf && ((flags & RTF_SYNC_RTF_CHANGED) || !body.found))
        hr = sync_body_from_rtf(message, rtf, rtf_size, &body, updated);
    else if (body.found)
        hr = sync_rtf_from_body(message, rtf, rtf_size, &body, updated);

    mapi_heap_free(rtf);
    mapi_heap_free(body.text);
    return hr;
}
