/*
 * MIME: header fields read (RFC 5322 addresses and dates, RFC 2047
 * encoded words, RFC 2045 and RFC 2231 parameters)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mimepriv.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

/* A growing UTF-16 string. */
struct text_builder
{
    WCHAR *data;
    SIZE_T len;
    SIZE_T capacity;
    BOOL failed;
};

static void text_append(struct text_builder *tb, const WCHAR *str, SIZE_T len)
{
    SIZE_T capacity;
    WCHAR *grown;

    if (tb->failed) return;
    if (tb->len + len + 1 > tb->capacity)
    {
        capacity = max(tb->capacity * 2, tb->len + len + 64);
        if (!(grown = mime_realloc(tb->data, capacity * sizeof(WCHAR))))
        {
            tb->failed = TRUE;
            return;
        }
        tb->data = grown;
        tb->capacity = capacity;
    }
    memcpy(tb->data + tb->len, str, len * sizeof(WCHAR));
    tb->len += len;
    tb->data[tb->len] = 0;
}

static void text_append_bytes(struct text_builder *tb, const char *data, SIZE_T size, UINT codepage)
{
    WCHAR *text;
    SIZE_T len;

    if (!size) return;
    if (!(text = charset_decode(data, size, codepage, &len)))
    {
        tb->failed = TRUE;
        return;
    }
    text_append(tb, text, len);
    mime_free(text);
}

/* The finished string (never NULL unless out of memory). */
static WCHAR *text_finish(struct text_builder *tb)
{
    if (!tb->failed && !tb->data) text_append(tb, L"", 0);
    if (!tb->failed) return tb->data;
    mime_free(tb->data);
    return NULL;
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Base64 that tolerates whitespace, stray characters and missing padding;
 * decoding stops after a complete padding. Returns the bytes written to
 * out (at least len * 3 / 4 + 3 bytes); *bad is set when data was lost. */
SIZE_T decode_base64(const char *in, SIZE_T len, BYTE *out, BOOL *bad)
{
    SIZE_T i, n = 0, quad = 0, pads = 0;
    UINT bits = 0;
    int value;

    for (i = 0; i < len; i++)
    {
        if (in[i] == '=')
        {
            if (quad >= 2 && quad + ++pads >= 4) break;
            continue;
        }
        if ((value = base64_value(in[i])) < 0) continue;
        if (pads) *bad = TRUE;
        pads = 0;
        bits = (bits << 6) | value;
        if (++quad == 4)
        {
            out[n++] = bits >> 16;
            out[n++] = bits >> 8;
            out[n++] = bits;
            quad = 0;
            bits = 0;
        }
    }
    if (quad == 1) *bad = TRUE;
    if (quad >= 2) out[n++] = bits >> (6 * quad - 8);
    if (quad == 3) out[n++] = bits >> 2;
    return n;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* An encoded word (RFC 2047) at str: =?charset[*language]?B|Q?text?= */
struct encoded_word
{
    const char *charset;
    SIZE_T charset_len;
    char encoding;
    const char *text;
    SIZE_T text_len;
    SIZE_T len;                     /* of the whole word */
};

static BOOL parse_encoded_word(const char *str, SIZE_T len, struct encoded_word *word)
{
    SIZE_T i = 2, j;

    if (len < 8 || str[0] != '=' || str[1] != '?') return FALSE;
    for (; i < len && str[i] != '?'; i++)
        if (ascii_is_space(str[i]) || str[i] == '"') return FALSE;
    if (i == 2 || i + 3 >= len || str[i + 2] != '?') return FALSE;
    word->charset = str + 2;
    word->charset_len = i - 2;
    for (j = 0; j < word->charset_len; j++)
        if (word->charset[j] == '*') word->charset_len = j;
    word->encoding = ascii_lower(str[i + 1]);
    if (word->encoding != 'b' && word->encoding != 'q') return FALSE;
    word->text = str + i + 3;
    for (j = i + 3; j + 1 < len; j++)
    {
        if (ascii_is_space(str[j])) return FALSE;
        if (str[j] == '?' && str[j + 1] == '=')
        {
            word->text_len = j - (i + 3);
            word->len = j + 2;
            return TRUE;
        }
    }
    return FALSE;
}

/* The bytes an encoded word carries, appended to buf. */
static void decode_word_bytes(const struct encoded_word *word, struct mime_buffer *buf, ULONG *defects)
{
    BOOL bad = FALSE;
    SIZE_T i, n;
    BYTE *bytes;

    if (!(bytes = mime_alloc(word->text_len + 4)))
    {
        buf->failed = TRUE;
        return;
    }
    if (word->encoding == 'b') n = decode_base64(word->text, word->text_len, bytes, &bad);
    else
    {
        for (i = n = 0; i < word->text_len; i++)
        {
            const char *t = word->text;

            if (t[i] == '_') bytes[n++] = ' ';
            else if (t[i] == '=' && i + 2 < word->text_len && hex_value(t[i + 1]) >= 0 && hex_value(t[i + 2]) >= 0)
            {
                bytes[n++] = hex_value(t[i + 1]) * 16 + hex_value(t[i + 2]);
                i += 2;
            }
            else bytes[n++] = t[i];
        }
    }
    if (bad) *defects |= MIME_DEFECT_BAD_ENCODING;
    buffer_append(buf, bytes, n);
    mime_free(bytes);
}

static UINT word_codepage(const char *charset, SIZE_T len, ULONG *defects)
{
    UINT codepage = charset_codepage(charset, len);

    if (!codepage)
    {
        WARN("unknown charset %s.\n", wine_dbgstr_an(charset, len));
        *defects |= MIME_DEFECT_UNKNOWN_CHARSET;
    }
    return codepage;
}

static BOOL all_space(const char *str, SIZE_T len)
{
    SIZE_T i;

    for (i = 0; i < len; i++)
        if (!ascii_is_space(str[i])) return FALSE;
    return TRUE;
}

static BOOL same_charset(const char *a, SIZE_T a_len, const char *b, SIZE_T b_len)
{
    SIZE_T i;

    if (a_len != b_len) return FALSE;
    for (i = 0; i < a_len; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return FALSE;
    return TRUE;
}

static void flush_word_bytes(struct text_builder *tb, struct mime_buffer *pending, const char *charset,
        SIZE_T charset_len, ULONG *defects)
{
    if (pending->failed) tb->failed = TRUE;
    if (!charset || !pending->size) return;
    text_append_bytes(tb, pending->data, pending->size, word_codepage(charset, charset_len, defects));
    pending->size = 0;
}

/* Header text with encoded words decoded: whitespace between two encoded
 * words goes, and the bytes of adjacent words in one charset are joined
 * before conversion, so a character split between words survives. Text
 * outside encoded words is UTF-8 when it is, else Windows-1252. */
WCHAR *field_decode_text(const char *value, SIZE_T len, ULONG *defects)
{
    struct text_builder tb = {0};
    struct mime_buffer pending = {0};
    const char *charset = NULL;
    SIZE_T charset_len = 0, i = 0, raw = 0;
    struct encoded_word word;
    BOOL joined;

    while (i < len)
    {
        if (value[i] != '=' || !parse_encoded_word(value + i, len - i, &word))
        {
            i++;
            continue;
        }
        joined = charset && all_space(value + raw, i - raw);
        if (!joined || !same_charset(charset, charset_len, word.charset, word.charset_len))
        {
            flush_word_bytes(&tb, &pending, charset, charset_len, defects);
            if (!joined) text_append_bytes(&tb, value + raw, i - raw, 0);
            charset = word.charset;
            charset_len = word.charset_len;
        }
        decode_word_bytes(&word, &pending, defects);
        i += word.len;
        raw = i;
    }
    flush_word_bytes(&tb, &pending, charset, charset_len, defects);
    text_append_bytes(&tb, value + raw, len - raw, 0);
    mime_free(pending.data);
    return text_finish(&tb);
}

/* A field's value without its line breaks and outer whitespace. */
char *field_unfold(const char *value, SIZE_T len, SIZE_T *out_len)
{
    SIZE_T i, n = 0;
    char *out;

    if (!(out = mime_alloc(len + 1))) return NULL;
    for (i = 0; i < len; i++)
        if (value[i] != '\r' && value[i] != '\n') out[n++] = value[i];
    while (n && ascii_is_space(out[n - 1])) n--;
    for (i = 0; i < n && ascii_is_space(out[i]); i++);
    memmove(out, out + i, n - i);
    out[n - i] = 0;
    *out_len = n - i;
    return out;
}

/* An address list being read: the words of the current mailbox. */
struct address_reader
{
    const char *str;
    SIZE_T len;
    SIZE_T pos;
    ULONG *defects;
    struct mime_buffer phrase;      /* display-name words, one space apart */
    struct mime_buffer spec;        /* addr-spec tokens without whitespace */
    struct mime_buffer angle;       /* the angle-addr */
    struct mime_buffer comment;     /* the first comment */
    BOOL has_angle;
    BOOL in_group;
    struct mime_address *list;
    ULONG count;
    ULONG capacity;
    BOOL failed;
};

static void read_comment(struct address_reader *ar)
{
    BOOL keep = !ar->comment.size;
    int depth = 0;

    for (; ar->pos < ar->len; ar->pos++)
    {
        char c = ar->str[ar->pos];

        if (c == '\\' && ar->pos + 1 < ar->len)
        {
            if (keep) buffer_putc(&ar->comment, ar->str[ar->pos + 1]);
            ar->pos++;
            continue;
        }
        if (c == '(' && depth++ == 0) continue;
        if (c == ')' && --depth == 0)
        {
            ar->pos++;
            return;
        }
        if (keep) buffer_putc(&ar->comment, c);
    }
}

/* A quoted string: its text unescaped into text, as written into raw. */
static void read_quoted(struct address_reader *ar, struct mime_buffer *text, struct mime_buffer *raw)
{
    SIZE_T start = ar->pos;

    for (ar->pos++; ar->pos < ar->len && ar->str[ar->pos] != '"'; ar->pos++)
    {
        if (ar->str[ar->pos] == '\\' && ar->pos + 1 < ar->len) ar->pos++;
        if (text) buffer_putc(text, ar->str[ar->pos]);
    }
    if (ar->pos < ar->len) ar->pos++;
    if (raw) buffer_append(raw, ar->str + start, ar->pos - start);
}

/* <addr-spec>, without whitespace, comments and an obsolete route. */
static void read_angle(struct address_reader *ar)
{
    SIZE_T i;

    ar->has_angle = TRUE;
    ar->angle.size = 0;
    for (ar->pos++; ar->pos < ar->len && ar->str[ar->pos] != '>';)
    {
        char c = ar->str[ar->pos];

        if (c == '"') read_quoted(ar, NULL, &ar->angle);
        else if (c == '(') read_comment(ar);
        else
        {
            if (!ascii_is_space(c)) buffer_putc(&ar->angle, c);
            ar->pos++;
        }
    }
    if (ar->pos < ar->len) ar->pos++;
    if (ar->angle.size && ar->angle.data[0] == '@')
    {
        for (i = 0; i < ar->angle.size && ar->angle.data[i] != ':'; i++);
        if (i < ar->angle.size)
        {
            memmove(ar->angle.data, ar->angle.data + i + 1, ar->angle.size - i - 1);
            ar->angle.size -= i + 1;
        }
    }
}

static void add_phrase_word(struct address_reader *ar, const char *word, SIZE_T len)
{
    if (ar->phrase.size) buffer_putc(&ar->phrase, ' ');
    buffer_append(&ar->phrase, word, len);
}

static WCHAR *trimmed_text(const char *data, SIZE_T size, ULONG *defects, BOOL *failed)
{
    SIZE_T start = 0, end, len;
    WCHAR *text;

    if (!(text = field_decode_text(data ? data : "", data ? size : 0, defects)))
    {
        *failed = TRUE;
        return NULL;
    }
    len = lstrlenW(text);
    while (start < len && (text[start] == ' ' || text[start] == '\t')) start++;
    for (end = len; end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'); end--);
    if (end == start)
    {
        mime_free(text);
        return NULL;
    }
    memmove(text, text + start, (end - start) * sizeof(WCHAR));
    text[end - start] = 0;
    return text;
}

/* The mailbox read so far, if it has an address; the display name comes
 * from the phrase, or from a comment when there is no phrase. */
static void finish_mailbox(struct address_reader *ar)
{
    struct mime_buffer *spec = ar->has_angle ? &ar->angle : &ar->spec;
    struct mime_buffer *name = ar->has_angle && ar->phrase.size ? &ar->phrase : &ar->comment;
    struct mime_address *grown, *addr;
    SIZE_T len;

    if (spec->size)
    {
        if (ar->count == ar->capacity)
        {
            ar->capacity = max(4, ar->capacity * 2);
            if (!(grown = mime_realloc(ar->list, ar->capacity * sizeof(*grown))))
            {
                ar->failed = TRUE;
                return;
            }
            ar->list = grown;
        }
        addr = &ar->list[ar->count++];
        addr->address = charset_decode(spec->data, spec->size, 0, &len);
        if (!addr->address) ar->failed = TRUE;
        addr->name = trimmed_text(name->data, name->size, ar->defects, &ar->failed);
    }
    ar->phrase.size = ar->spec.size = ar->angle.size = ar->comment.size = 0;
    ar->has_angle = FALSE;
}

static void read_address_token(struct address_reader *ar)
{
    SIZE_T start = ar->pos, phrase_start;
    char c = ar->str[ar->pos];

    switch (c)
    {
    case ' ': case '\t': case '\r': case '\n':
        ar->pos++;
        return;
    case '(':
        read_comment(ar);
        return;
    case ',':
        finish_mailbox(ar);
        ar->pos++;
        return;
    case ';':
        finish_mailbox(ar);
        ar->in_group = FALSE;
        ar->pos++;
        return;
    case ':':
        /* A group's name: the mailboxes that follow are its members. */
        if (!ar->has_angle && !ar->in_group)
        {
            ar->phrase.size = ar->spec.size = ar->comment.size = 0;
            ar->in_group = TRUE;
        }
        ar->pos++;
        return;
    case '<':
        read_angle(ar);
        return;
    case '>':
        ar->pos++;
        return;
    case '"':
        if (ar->phrase.size) buffer_putc(&ar->phrase, ' ');
        phrase_start = ar->phrase.size;
        read_quoted(ar, &ar->phrase, &ar->spec);
        if (ar->phrase.size == phrase_start && phrase_start) ar->phrase.size--;
        return;
    }
    while (ar->pos < ar->len && !ascii_is_space(ar->str[ar->pos]) && !strchr("(),;:<>\"", ar->str[ar->pos]))
        ar->pos++;
    add_phrase_word(ar, ar->str + start, ar->pos - start);
    buffer_append(&ar->spec, ar->str + start, ar->pos - start);
}

/* An address list (From, To, Cc, Reply-To...), groups flattened. */
HRESULT field_addresses(const char *value, SIZE_T len, ULONG *defects, struct mime_address **list, ULONG *count)
{
    struct address_reader ar = {0};
    ULONG i;

    ar.str = value;
    ar.len = len;
    ar.defects = defects;
    while (ar.pos < ar.len) read_address_token(&ar);
    finish_mailbox(&ar);
    ar.failed |= ar.phrase.failed || ar.spec.failed || ar.angle.failed || ar.comment.failed;
    mime_free(ar.phrase.data);
    mime_free(ar.spec.data);
    mime_free(ar.angle.data);
    mime_free(ar.comment.data);
    if (ar.failed)
    {
        for (i = 0; i < ar.count; i++)
        {
            mime_free(ar.list[i].name);
            mime_free(ar.list[i].address);
        }
        mime_free(ar.list);
        return E_OUTOFMEMORY;
    }
    *list = ar.list;
    *count = ar.count;
    return S_OK;
}

static const char *const month_names[] =
    {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

/* Zone names of RFC 5322 4.3 and their offsets in minutes. */
static const struct
{
    const char *name;
    int offset;
}
zone_names[] =
{
    {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0},
    {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
    {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
};

static BOOL date_word(const char *word, SIZE_T len, SYSTEMTIME *st, int *zone)
{
    SIZE_T i;

    for (i = 0; i < ARRAY_SIZE(month_names); i++)
    {
        if (len < 3 || !ascii_starts_with(word, len, month_names[i])) continue;
        st->wMonth = i + 1;
        return TRUE;
    }
    for (i = 0; i < ARRAY_SIZE(zone_names); i++)
    {
        if (!ascii_equal(word, len, zone_names[i].name)) continue;
        *zone = zone_names[i].offset;
        return TRUE;
    }
    /* Day names, and military zones, which RFC 5322 says to read as -0000. */
    return TRUE;
}

static BOOL date_number(const char *str, SIZE_T len, SYSTEMTIME *st, BOOL *have_day, BOOL *have_year)
{
    UINT value = 0;
    SIZE_T i;

    for (i = 0; i < len; i++) value = value * 10 + str[i] - '0';
    if (!*have_day && len <= 2 && value >= 1 && value <= 31)
    {
        st->wDay = value;
        *have_day = TRUE;
        return TRUE;
    }
    if (*have_year) return FALSE;
    if (len <= 2) value += value < 50 ? 2000 : 1900;
    else if (len == 3) value += 1900;
    st->wYear = value;
    *have_year = TRUE;
    return TRUE;
}

static BOOL is_digits(const char *str, SIZE_T len)
{
    SIZE_T i;

    for (i = 0; i < len; i++)
        if (str[i] < '0' || str[i] > '9') return FALSE;
    return TRUE;
}

static BOOL date_time(const char *str, SIZE_T len, SYSTEMTIME *st)
{
    UINT parts[3] = {0}, count = 0;
    SIZE_T i;

    for (i = 0; i < len; i++)
    {
        if (str[i] == ':')
        {
            if (++count > 2) return FALSE;
        }
        else if (str[i] >= '0' && str[i] <= '9') parts[count] = parts[count] * 10 + str[i] - '0';
        else return FALSE;
    }
    if (!count || parts[0] > 23 || parts[1] > 59 || parts[2] > 60) return FALSE;
    st->wHour = parts[0];
    st->wMinute = parts[1];
    st->wSecond = min(parts[2], 59);
    return TRUE;
}

/* A date-time of RFC 5322 3.3, with the obsolete forms of 4.3 and the
 * asctime() order some programs write, as UTC. */
BOOL field_date(const char *value, SIZE_T len, FILETIME *date)
{
    BOOL have_day = FALSE, have_year = FALSE, have_time = FALSE;
    SYSTEMTIME st = {0};
    ULARGE_INTEGER time;
    SIZE_T i = 0, start;
    int zone = 0;

    while (i < len)
    {
        char c = value[i];

        if (ascii_is_space(c) || c == ',') { i++; continue; }
        if (c == '(')
        {
            int depth = 0;

            for (; i < len; i++)
            {
                if (value[i] == '(') depth++;
                else if (value[i] == ')' && !--depth) break;
            }
            i++;
            continue;
        }
        start = i;
        if ((c == '+' || c == '-') && i + 4 < len && is_digits(value + i + 1, 4))
        {
            int hours = (value[i + 1] - '0') * 10 + (value[i + 2] - '0');
            int minutes = (value[i + 3] - '0') * 10 + (value[i + 4] - '0');

            zone = (c == '-' ? -1 : 1) * (hours * 60 + minutes);
            i += 5;
            continue;
        }
        while (i < len && !ascii_is_space(value[i]) && value[i] != ',' && value[i] != '(') i++;
        if (c >= '0' && c <= '9')
        {
            SIZE_T k;

            for (k = start; k < i && value[k] != ':'; k++);
            if (k < i)
            {
                if (!date_time(value + start, i - start, &st)) return FALSE;
                have_time = TRUE;
            }
            else if (!date_number(value + start, i - start, &st, &have_day, &have_year)) return FALSE;
        }
        else if (!date_word(value + start, i - start, &st, &zone)) return FALSE;
    }
    if (!have_day || !have_year || !have_time || !st.wMonth) return FALSE;
    if (!SystemTimeToFileTime(&st, (FILETIME *)&time)) return FALSE;
    time.QuadPart -= (LONGLONG)zone * 60 * 10000000;
    date->dwLowDateTime = time.LowPart;
    date->dwHighDateTime = time.HighPart;
    return TRUE;
}

/* One parameter as written, before RFC 2231 sections are put together. */
struct raw_param
{
    char *name;                     /* lower case, with its * marks */
    struct mime_buffer value;
};

static void read_param_value(const char *str, SIZE_T len, SIZE_T *pos, struct mime_buffer *value)
{
    SIZE_T i = *pos, end;

    while (i < len && ascii_is_space(str[i])) i++;
    if (i < len && str[i] == '"')
    {
        for (i++; i < len && str[i] != '"'; i++)
        {
            if (str[i] == '\\' && i + 1 < len) i++;
            buffer_putc(value, str[i]);
        }
        /* A quoted value: skip what follows it up to the next parameter. */
        while (i < len && str[i] != ';') i++;
        *pos = i;
        return;
    }
    /* Not quoted: everything up to the next semicolon, spaces and all. */
    for (end = i; end < len && str[end] != ';'; end++);
    *pos = end;
    while (end > i && ascii_is_space(str[end - 1])) end--;
    buffer_append(value, str + i, end - i);
}

static HRESULT read_raw_params(const char *str, SIZE_T len, SIZE_T pos, struct raw_param **out, ULONG *count)
{
    struct raw_param *params = NULL, *grown;
    ULONG n = 0, capacity = 0;
    SIZE_T start, end, k;

    while (pos < len)
    {
        if (str[pos] != ';' && !ascii_is_space(str[pos])) break;
        pos++;
        while (pos < len && (ascii_is_space(str[pos]) || str[pos] == ';')) pos++;
        for (start = pos; pos < len && str[pos] != '=' && str[pos] != ';'; pos++);
        for (end = pos; end > start && ascii_is_space(str[end - 1]); end--);
        if (pos >= len || str[pos] != '=' || end == start) continue;
        pos++;
        if (n == capacity)
        {
            capacity = max(8, capacity * 2);
            if (!(grown = mime_realloc(params, capacity * sizeof(*grown)))) goto failed;
            params = grown;
        }
        memset(&params[n], 0, sizeof(params[n]));
        if (!(params[n].name = mime_strndup(str + start, end - start))) goto failed;
        for (k = 0; k < end - start; k++) params[n].name[k] = ascii_lower(params[n].name[k]);
        read_param_value(str, len, &pos, &params[n].value);
        if (params[n++].value.failed) goto failed;
    }
    *out = params;
    *count = n;
    return S_OK;

failed:
    for (k = 0; k < n; k++)
    {
        mime_free(params[k].name);
        mime_free(params[k].value.data);
    }
    mime_free(params);
    return E_OUTOFMEMORY;
}

/* The RFC 2231 section of a parameter name: -1 for a plain name, and
 * whether the section is percent-encoded. */
static int param_section(const char *name, SIZE_T *base_len, BOOL *extended)
{
    const char *star = strchr(name, '*');
    int section = 0;

    *extended = FALSE;
    *base_len = strlen(name);
    if (!star) return -1;
    *base_len = star - name;
    if (!star[1])
    {
        *extended = TRUE;
        return 0;
    }
    for (star++; *star >= '0' && *star <= '9'; star++) section = section * 10 + *star - '0';
    if (*star == '*')
    {
        *extended = TRUE;
        star++;
    }
    return *star ? -2 : section;
}

static void percent_decode(const char *str, SIZE_T len, struct mime_buffer *out)
{
    SIZE_T i;

    for (i = 0; i < len; i++)
    {
        if (str[i] == '%' && i + 2 < len && hex_value(str[i + 1]) >= 0 && hex_value(str[i + 2]) >= 0)
        {
            buffer_putc(out, hex_value(str[i + 1]) * 16 + hex_value(str[i + 2]));
            i += 2;
        }
        else buffer_putc(out, str[i]);
    }
}

/* Puts together the sections of parameter base (RFC 2231 3 and 4). */
static BOOL join_sections(struct raw_param *raw, ULONG count, const char *base, SIZE_T base_len,
        struct mime_param *param, ULONG *defects)
{
    struct mime_buffer value = {0};
    BOOL found = FALSE, extended;
    int section, next = 0;
    SIZE_T len, i;
    ULONG k;

    for (;; next++)
    {
        for (k = 0; k < count; k++)
        {
            section = param_section(raw[k].name, &len, &extended);
            if (section == next && len == base_len && !memcmp(raw[k].name, base, len)) break;
        }
        if (k == count) break;
        found = TRUE;
        if (!extended)
        {
            buffer_append(&value, raw[k].value.data, raw[k].value.size);
            continue;
        }
        i = 0;
        if (!next)
        {
            const char *data = raw[k].value.data ? raw[k].value.data : "";
            SIZE_T size = raw[k].value.size, quote1, quote2;

            for (quote1 = 0; quote1 < size && data[quote1] != '\''; quote1++);
            for (quote2 = quote1 + 1; quote2 < size && data[quote2] != '\''; quote2++);
            if (quote2 < size)
            {
                param->codepage = charset_codepage(data, quote1);
                if (!param->codepage && quote1)
                {
                    WARN("unknown charset %s.\n", wine_dbgstr_an(data, quote1));
                    *defects |= MIME_DEFECT_UNKNOWN_CHARSET;
                }
                i = quote2 + 1;
            }
            param->extended = TRUE;
        }
        percent_decode(raw[k].value.data + i, raw[k].value.size - i, &value);
    }
    if (!found) return FALSE;
    param->value = value.data ? value.data : mime_alloc(1);
    param->size = value.size;
    return TRUE;
}

void content_free(struct mime_content *content)
{
    ULONG i;

    for (i = 0; i < content->count; i++)
    {
        mime_free(content->params[i].name);
        mime_free(content->params[i].value);
    }
    mime_free(content->params);
    mime_free(content->type);
    memset(content, 0, sizeof(*content));
}

static HRESULT join_params(struct raw_param *raw, ULONG count, struct mime_content *content, ULONG *defects)
{
    SIZE_T base_len;
    BOOL extended;
    ULONG i, k;

    if (!(content->params = mime_alloc((count + 1) * sizeof(*content->params)))) return E_OUTOFMEMORY;
    for (i = 0; i < count; i++)
    {
        struct mime_param *param = &content->params[content->count];

        if (param_section(raw[i].name, &base_len, &extended) < -1) continue;
        for (k = 0; k < content->count; k++)
            if (strlen(content->params[k].name) == base_len && !memcmp(content->params[k].name, raw[i].name, base_len))
                break;
        if (k < content->count) continue;
        if (!(param->name = mime_strndup(raw[i].name, base_len))) return E_OUTOFMEMORY;
        /* Sections win over a plain value of the same name. */
        if (!join_sections(raw, count, raw[i].name, base_len, param, defects))
        {
            for (k = i; k < count && strcmp(raw[k].name, param->name); k++);
            param->size = k < count ? raw[k].value.size : 0;
            param->value = mime_strndup(k < count && raw[k].value.data ? raw[k].value.data : "", param->size);
        }
        if (!param->value) return E_OUTOFMEMORY;
        content->count++;
    }
    return S_OK;
}

/* Content-Type or Content-Disposition: the lower-case value before the
 * parameters, and the parameters. */
HRESULT field_content(const char *value, SIZE_T len, ULONG *defects, struct mime_content *content)
{
    struct raw_param *raw = NULL;
    SIZE_T pos = 0, start, end, i, n;
    ULONG count = 0;
    HRESULT hr;

    memset(content, 0, sizeof(*content));
    while (pos < len && ascii_is_space(value[pos])) pos++;
    for (start = pos; pos < len && value[pos] != ';'; pos++);
    for (end = pos; end > start && ascii_is_space(value[end - 1]); end--);
    if (!(content->type = mime_alloc(end - start + 1))) return E_OUTOFMEMORY;
    for (i = start, n = 0; i < end; i++)
        if (!ascii_is_space(value[i])) content->type[n++] = ascii_lower(value[i]);
    if ((hr = read_raw_params(value, len, pos, &raw, &count)))
    {
        content_free(content);
        return hr;
    }
    hr = join_params(raw, count, content, defects);
    for (i = 0; i < count; i++)
    {
        mime_free(raw[i].name);
        mime_free(raw[i].value.data);
    }
    mime_free(raw);
    if (hr) content_free(content);
    return hr;
}

const struct mime_param *content_param(const struct mime_content *content, const char *name)
{
    ULONG i;

    for (i = 0; i < content->count; i++)
        if (!strcmp(content->params[i].name, name)) return &content->params[i];
    return NULL;
}

/* A parameter's text: RFC 2231 in its charset, else with encoded words
 * decoded (as many programs write file names). */
WCHAR *param_text(const struct mime_param *param, ULONG *defects)
{
    SIZE_T len;

    if (param->extended) return charset_decode(param->value, param->size, param->codepage, &len);
    return field_decode_text(param->value, param->size, defects);
}
