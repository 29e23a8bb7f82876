/*
 * MIME: charsets, memory and buffers
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mimepriv.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

void *mime_alloc(SIZE_T size)
{
    return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size ? size : 1);
}

void *mime_realloc(void *ptr, SIZE_T size)
{
    if (!ptr) return mime_alloc(size);
    return HeapReAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, ptr, size ? size : 1);
}

void mime_free(void *ptr)
{
    if (ptr) HeapFree(GetProcessHeap(), 0, ptr);
}

WCHAR *mime_wcsndup(const WCHAR *str, SIZE_T len)
{
    WCHAR *copy;

    if (!(copy = mime_alloc((len + 1) * sizeof(WCHAR)))) return NULL;
    memcpy(copy, str, len * sizeof(WCHAR));
    copy[len] = 0;
    return copy;
}

WCHAR *mime_wcsdup(const WCHAR *str)
{
    return str ? mime_wcsndup(str, lstrlenW(str)) : NULL;
}

char *mime_strndup(const char *str, SIZE_T len)
{
    char *copy;

    if (!(copy = mime_alloc(len + 1))) return NULL;
    memcpy(copy, str, len);
    copy[len] = 0;
    return copy;
}

void buffer_append(struct mime_buffer *buf, const void *data, SIZE_T size)
{
    SIZE_T capacity;
    char *grown;

    if (buf->failed || !size) return;
    if (buf->size + size + 1 > buf->capacity)
    {
        capacity = max(buf->capacity * 2, buf->size + size + 256);
        if (!(grown = mime_realloc(buf->data, capacity)))
        {
            buf->failed = TRUE;
            return;
        }
        buf->data = grown;
        buf->capacity = capacity;
    }
    memcpy(buf->data + buf->size, data, size);
    buf->size += size;
    buf->data[buf->size] = 0;
}

void buffer_puts(struct mime_buffer *buf, const char *str)
{
    buffer_append(buf, str, strlen(str));
}

void buffer_putc(struct mime_buffer *buf, char c)
{
    buffer_append(buf, &c, 1);
}

/* Whether str (len bytes) is the lower-case ASCII string lower, ignoring case. */
BOOL ascii_equal(const char *str, SIZE_T len, const char *lower)
{
    SIZE_T i;

    for (i = 0; i < len; i++)
        if (!lower[i] || ascii_lower(str[i]) != lower[i]) return FALSE;
    return !lower[len];
}

BOOL ascii_starts_with(const char *str, SIZE_T len, const char *lower)
{
    SIZE_T n = strlen(lower);

    return len >= n && ascii_equal(str, n, lower);
}

/* Charset names (RFC 2978 registry names and the aliases mail uses) and
 * their code pages; the ISO-8859 family is matched by pattern. */
static const struct
{
    const char *name;
    UINT codepage;
}
charsets[] =
{
    {"utf-8", CP_UTF8}, {"utf8", CP_UTF8},
    {"utf-7", CP_UTF7}, {"unicode-1-1-utf-7", CP_UTF7},
    {"us-ascii", MIME_CP_ASCII}, {"ascii", MIME_CP_ASCII}, {"ansi_x3.4-1968", MIME_CP_ASCII},
    {"iso646-us", MIME_CP_ASCII}, {"us", MIME_CP_ASCII}, {"cp367", MIME_CP_ASCII},
    {"latin1", 28591}, {"latin-1", 28591}, {"l1", 28591}, {"cp819", 28591},
    {"latin2", 28592}, {"l2", 28592}, {"latin9", 28605}, {"latin-9", 28605},
    {"koi8-r", 20866}, {"koi8r", 20866}, {"cskoi8r", 20866}, {"koi8-u", 21866},
    {"shift_jis", 932}, {"shift-jis", 932}, {"sjis", 932}, {"x-sjis", 932}, {"ms_kanji", 932},
    {"csshiftjis", 932}, {"windows-31j", 932}, {"cp932", 932}, {"ms932", 932},
    {"euc-jp", MIME_CP_EUC_JP}, {"x-euc-jp", MIME_CP_EUC_JP}, {"eucjp", MIME_CP_EUC_JP},
    {"cseucpkdfmtjapanese", MIME_CP_EUC_JP},
    {"iso-2022-jp", MIME_CP_ISO2022JP}, {"csiso2022jp", MIME_CP_ISO2022JP},
    {"iso-2022-jp-1", MIME_CP_ISO2022JP}, {"iso-2022-jp-2", MIME_CP_ISO2022JP},
    {"iso-2022-jp-3", MIME_CP_ISO2022JP},
    {"gb2312", 936}, {"gbk", 936}, {"cp936", 936}, {"x-gbk", 936}, {"euc-cn", 936}, {"csgb2312", 936},
    {"gb_2312-80", 936}, {"ms936", 936}, {"windows-936", 936}, {"chinese", 936},
    /* Windows has no GB18030 table here: its two-byte part is GBK. */
    {"gb18030", 936},
    {"big5", 950}, {"big5-hkscs", 950}, {"cp950", 950}, {"x-big5", 950}, {"csbig5", 950},
    {"euc-kr", 949}, {"cseuckr", 949}, {"ks_c_5601-1987", 949}, {"ks_c_5601-1989", 949},
    {"ks_c_5601", 949}, {"korean", 949}, {"cp949", 949}, {"uhc", 949}, {"windows-949", 949},
    {"tis-620", 874}, {"windows-874", 874}, {"cp874", 874},
    {"ibm866", 866}, {"cp866", 866}, {"ibm850", 850}, {"cp850", 850}, {"ibm437", 437}, {"cp437", 437},
    {"macintosh", 10000}, {"mac", 10000},
};

/* "iso-8859-N", "iso8859-N", "iso_8859-N[:year]". */
static UINT iso8859_codepage(const char *name, SIZE_T len)
{
    UINT part = 0;
    SIZE_T i;

    if (!ascii_starts_with(name, len, "iso")) return 0;
    i = 3;
    if (i < len && (name[i] == '-' || name[i] == '_')) i++;
    if (len - i < 5 || !ascii_starts_with(name + i, len - i, "8859") ) return 0;
    i += 4;
    if (name[i] != '-' && name[i] != '_') return 0;
    for (i++; i < len && name[i] >= '0' && name[i] <= '9'; i++) part = part * 10 + name[i] - '0';
    if (i < len && name[i] != ':') return 0;
    switch (part)
    {
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9:
        return 28590 + part;
    case 10: return MIME_CP_ISO8859_10;
    case 11: return 874;
    case 13: return 28603;
    case 14: return MIME_CP_ISO8859_14;
    case 15: return 28605;
    case 16: return MIME_CP_ISO8859_16;
    }
    return 0;
}

/* "windows-125N", "cp125N", "x-cp125N", "win-125N". */
static UINT windows_codepage(const char *name, SIZE_T len)
{
    static const char *const prefixes[] = {"windows-", "cp", "x-cp", "win-", "cp-"};
    UINT cp = 0;
    SIZE_T i, j;

    for (i = 0; i < ARRAY_SIZE(prefixes); i++)
    {
        SIZE_T n = strlen(prefixes[i]);

        if (len != n + 4 || !ascii_starts_with(name, len, prefixes[i])) continue;
        for (j = n; j < len; j++)
        {
            if (name[j] < '0' || name[j] > '9') return 0;
            cp = cp * 10 + name[j] - '0';
        }
        return (cp >= 1250 && cp <= 1258) ? cp : 0;
    }
    return 0;
}

/* The code page of a charset name, 0 when we do not know it. */
UINT charset_codepage(const char *name, SIZE_T len)
{
    UINT cp;
    SIZE_T i;

    while (len && ascii_is_space(*name)) { name++; len--; }
    while (len && ascii_is_space(name[len - 1])) len--;
    if ((cp = iso8859_codepage(name, len)) || (cp = windows_codepage(name, len))) return cp;
    for (i = 0; i < ARRAY_SIZE(charsets); i++)
        if (ascii_equal(name, len, charsets[i].name)) return charsets[i].codepage;
    return 0;
}

BOOL charset_is_utf8(const char *data, SIZE_T size)
{
    return !size || MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, data, size, NULL, 0) > 0;
}

/* The upper halves (0xA0-0xFF) of the ISO-8859 parts Windows has no code page for. */
static const WCHAR iso8859_10_high[96] =
{
    0x00a0, 0x0104, 0x0112, 0x0122, 0x012a, 0x0128, 0x0136, 0x00a7,
    0x013b, 0x0110, 0x0160, 0x0166, 0x017d, 0x00ad, 0x016a, 0x014a,
    0x00b0, 0x0105, 0x0113, 0x0123, 0x012b, 0x0129, 0x0137, 0x00b7,
    0x013c, 0x0111, 0x0161, 0x0167, 0x017e, 0x2015, 0x016b, 0x014b,
    0x0100, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5, 0x00c6, 0x012e,
    0x010c, 0x00c9, 0x0118, 0x00cb, 0x0116, 0x00cd, 0x00ce, 0x00cf,
    0x00d0, 0x0145, 0x014c, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x0168,
    0x00d8, 0x0172, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x00de, 0x00df,
    0x0101, 0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x012f,
    0x010d, 0x00e9, 0x0119, 0x00eb, 0x0117, 0x00ed, 0x00ee, 0x00ef,
    0x00f0, 0x0146, 0x014d, 0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x0169,
    0x00f8, 0x0173, 0x00fa, 0x00fb, 0x00fc, 0x00fd, 0x00fe, 0x0138,
};

static const WCHAR iso8859_14_high[96] =
{
    0x00a0, 0x1e02, 0x1e03, 0x00a3, 0x010a, 0x010b, 0x1e0a, 0x00a7,
    0x1e80, 0x00a9, 0x1e82, 0x1e0b, 0x1ef2, 0x00ad, 0x00ae, 0x0178,
    0x1e1e, 0x1e1f, 0x0120, 0x0121, 0x1e40, 0x1e41, 0x00b6, 0x1e56,
    0x1e81, 0x1e57, 0x1e83, 0x1e60, 0x1ef3, 0x1e84, 0x1e85, 0x1e61,
    0x00c0, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5, 0x00c6, 0x00c7,
    0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf,
    0x0174, 0x00d1, 0x00d2, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x1e6a,
    0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x0176, 0x00df,
    0x00e0, 0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x00e7,
    0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef,
    0x0175, 0x00f1, 0x00f2, 0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x1e6b,
    0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x00fd, 0x0177, 0x00ff,
};

static const WCHAR iso8859_16_high[96] =
{
    0x00a0, 0x0104, 0x0105, 0x0141, 0x20ac, 0x201e, 0x0160, 0x00a7,
    0x0161, 0x00a9, 0x0218, 0x00ab, 0x0179, 0x00ad, 0x017a, 0x017b,
    0x00b0, 0x00b1, 0x010c, 0x0142, 0x017d, 0x201d, 0x00b6, 0x00b7,
    0x017e, 0x010d, 0x0219, 0x00bb, 0x0152, 0x0153, 0x0178, 0x017c,
    0x00c0, 0x00c1, 0x00c2, 0x0102, 0x00c4, 0x0106, 0x00c6, 0x00c7,
    0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf,
    0x0110, 0x0143, 0x00d2, 0x00d3, 0x00d4, 0x0150, 0x00d6, 0x015a,
    0x0170, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x0118, 0x021a, 0x00df,
    0x00e0, 0x00e1, 0x00e2, 0x0103, 0x00e4, 0x0107, 0x00e6, 0x00e7,
    0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef,
    0x0111, 0x0144, 0x00f2, 0x00f3, 0x00f4, 0x0151, 0x00f6, 0x015b,
    0x0171, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x0119, 0x021b, 0x00ff,
};

static WCHAR *decode_table(const BYTE *data, SIZE_T size, const WCHAR *high, SIZE_T *len)
{
    WCHAR *out;
    SIZE_T i;

    if (!(out = mime_alloc((size + 1) * sizeof(WCHAR)))) return NULL;
    for (i = 0; i < size; i++) out[i] = data[i] >= 0xa0 ? high[data[i] - 0xa0] : data[i];
    *len = size;
    return out;
}

/* A JIS X 0208 row and cell (0x21-0x7e each) as Shift_JIS bytes. */
static void jis_to_sjis(BYTE row, BYTE cell, BYTE *out)
{
    out[0] = ((row - 0x21) >> 1) + 0x81;
    if (out[0] > 0x9f) out[0] += 0x40;
    if (row & 1)
    {
        out[1] = cell + 0x1f;
        if (out[1] >= 0x7f) out[1]++;
    }
    else out[1] = cell + 0x7e;
}

/* JIS X 0212 has no Shift_JIS form: its characters become the geta mark. */
static void put_geta(BYTE *out)
{
    out[0] = 0x81;
    out[1] = 0xac;
}

static BOOL is_jis_byte(BYTE c)
{
    return c >= 0x21 && c <= 0x7e;
}

/* EUC-JP to Shift_JIS, which Windows' code page 932 reads (with the NEC
 * and IBM extensions real mail carries). */
static SIZE_T euc_jp_to_sjis(const BYTE *in, SIZE_T size, BYTE *out)
{
    SIZE_T i = 0, n = 0;

    while (i < size)
    {
        if (in[i] >= 0xa1 && in[i] != 0xff && i + 1 < size && in[i + 1] >= 0xa1)
        {
            jis_to_sjis(in[i] & 0x7f, in[i + 1] & 0x7f, out + n);
            n += 2;
            i += 2;
        }
        else if (in[i] == 0x8e && i + 1 < size && in[i + 1] >= 0xa1 && in[i + 1] <= 0xdf)
        {
            out[n++] = in[i + 1];
            i += 2;
        }
        else if (in[i] == 0x8f && i + 2 < size && in[i + 1] >= 0xa1 && in[i + 2] >= 0xa1)
        {
            put_geta(out + n);
            n += 2;
            i += 3;
        }
        else out[n++] = in[i++];
    }
    return n;
}

enum jis_mode { JIS_ASCII, JIS_X0208, JIS_KATAKANA, JIS_X0212, JIS_OTHER };

/* The escape sequence at in (ESC already seen) and its length; 0 if unknown. */
static SIZE_T jis_escape(const BYTE *in, SIZE_T size, enum jis_mode *mode)
{
    if (size >= 3 && in[1] == '(' && (in[2] == 'B' || in[2] == 'J')) { *mode = JIS_ASCII; return 3; }
    if (size >= 3 && in[1] == '(' && in[2] == 'I') { *mode = JIS_KATAKANA; return 3; }
    if (size >= 3 && in[1] == '$' && (in[2] == '@' || in[2] == 'B')) { *mode = JIS_X0208; return 3; }
    if (size >= 3 && in[1] == '&' && in[2] == '@') return 3;
    if (size >= 4 && in[1] == '$' && in[2] == '(' && in[3] == 'D') { *mode = JIS_X0212; return 4; }
    if (size >= 4 && in[1] == '$' && in[2] == '(' && (in[3] == 'B' || in[3] == 'Q' || in[3] == 'O'))
    {
        *mode = JIS_X0208;
        return 4;
    }
    if (size >= 3 && in[1] == '$' && in[2] == 'A') { *mode = JIS_OTHER; return 3; }
    if (size >= 4 && in[1] == '$' && in[2] == '(' && in[3] == 'C') { *mode = JIS_OTHER; return 4; }
    return 0;
}

/* ISO-2022-JP (and the katakana shifts of its Windows variants) to Shift_JIS. */
static SIZE_T iso2022jp_to_sjis(const BYTE *in, SIZE_T size, BYTE *out)
{
    enum jis_mode mode = JIS_ASCII, saved = JIS_ASCII;
    SIZE_T i = 0, n = 0, skip;

    while (i < size)
    {
        if (in[i] == 0x1b && (skip = jis_escape(in + i, size - i, &mode)))
        {
            i += skip;
            continue;
        }
        if (in[i] == 0x0e) { saved = mode; mode = JIS_KATAKANA; i++; continue; }
        if (in[i] == 0x0f) { mode = saved; i++; continue; }
        if (in[i] == '\r' || in[i] == '\n' || mode == JIS_ASCII || !is_jis_byte(in[i]))
        {
            out[n++] = in[i++];
            continue;
        }
        if (mode == JIS_KATAKANA)
        {
            out[n++] = in[i++] + 0x80;
            continue;
        }
        if (i + 1 >= size || !is_jis_byte(in[i + 1]))
        {
            out[n++] = '?';
            i++;
            continue;
        }
        if (mode == JIS_X0208) jis_to_sjis(in[i], in[i + 1], out + n);
        else put_geta(out + n);
        n += 2;
        i += 2;
    }
    return n;
}

static WCHAR *decode_codepage(const char *data, SIZE_T size, UINT codepage, SIZE_T *len)
{
    WCHAR *out;
    int count;

    if (!size)
    {
        *len = 0;
        return mime_alloc(sizeof(WCHAR));
    }
    if ((count = MultiByteToWideChar(codepage, 0, data, size, NULL, 0)) <= 0)
    {
        WARN("code page %u cannot convert %lu bytes.\n", codepage, (ULONG)size);
        return decode_codepage(data, size, 1252, len);
    }
    if (!(out = mime_alloc((count + 1) * sizeof(WCHAR)))) return NULL;
    MultiByteToWideChar(codepage, 0, data, size, out, count);
    *len = count;
    return out;
}

/* Converts size bytes in a code page (from charset_codepage; 0: unknown,
 * read as UTF-8 when they are, else as Windows-1252) to a NUL-terminated
 * string of *len characters. */
WCHAR *charset_decode(const char *data, SIZE_T size, UINT codepage, SIZE_T *len)
{
    BYTE *sjis;
    WCHAR *out;
    SIZE_T n;

    switch (codepage)
    {
    case 0:
    case MIME_CP_ASCII:
        return decode_codepage(data, size, charset_is_utf8(data, size) ? CP_UTF8 : 1252, len);
    case MIME_CP_ISO8859_10:
        return decode_table((const BYTE *)data, size, iso8859_10_high, len);
    case MIME_CP_ISO8859_14:
        return decode_table((const BYTE *)data, size, iso8859_14_high, len);
    case MIME_CP_ISO8859_16:
        return decode_table((const BYTE *)data, size, iso8859_16_high, len);
    case MIME_CP_EUC_JP:
    case MIME_CP_ISO2022JP:
        if (!(sjis = mime_alloc(size + 1))) return NULL;
        if (codepage == MIME_CP_EUC_JP) n = euc_jp_to_sjis((const BYTE *)data, size, sjis);
        else n = iso2022jp_to_sjis((const BYTE *)data, size, sjis);
        out = decode_codepage((const char *)sjis, n, 932, len);
        mime_free(sjis);
        return out;
    }
    return decode_codepage(data, size, codepage, len);
}

/* str (len characters) in UTF-8, NUL-terminated; *size excludes the NUL. */
char *charset_utf8(const WCHAR *str, SIZE_T len, SIZE_T *size)
{
    char *out;
    int count = 0;

    if (len && (count = WideCharToMultiByte(CP_UTF8, 0, str, len, NULL, 0, NULL, NULL)) <= 0) return NULL;
    if (!(out = mime_alloc(count + 1))) return NULL;
    if (count) WideCharToMultiByte(CP_UTF8, 0, str, len, out, count, NULL, NULL);
    *size = count;
    return out;
}
