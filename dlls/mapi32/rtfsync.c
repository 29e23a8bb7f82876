/*
 * mapi32: the RTF reader (the text of RTF, the HTML or text it encapsulates) and RTFSync
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "rtf.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

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
HRESULT rtf_native_body(BYTE **data, ULONG *size)
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

    if (FAILED(hr = compressed_rtf_decode(rtf, rtf_size, &raw, &raw_size))) return hr;
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
        if (FAILED(hr = compressed_rtf_decode(rtf, rtf_size, &raw, &raw_size))) return hr;
        hr = rtf_extract(raw, raw_size, FALSE, &text, &len, NULL);
        mapi_heap_free(raw);
        if (FAILED(hr)) return hr;
        in_sync = same_text(text, len, body->text, body->len);
        mapi_heap_free(text);
    }
    if (in_sync) return store_sync(message, &sig, NULL, 0, updated);

    if (FAILED(hr = rtf_from_text(body->text, body->len, &raw, &raw_size))) return hr;
    hr = compressed_rtf_encode(raw, raw_size, FALSE, &encoded, &encoded_size);
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
