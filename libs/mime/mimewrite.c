/*
 * MIME: the writer (RFC 5322, RFC 2045-2047, RFC 2231)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "mimepriv.h"
#include "objbase.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

/* Messages inside messages are written to this depth at most. */
#define MAX_NESTING 16

/* One header field being written: words are separated by a space, or by a
 * fold when the line would pass MIME_FOLD_COLUMN. */
struct header_writer
{
    struct mime_buffer *buf;
    SIZE_T line;                    /* characters on the current line */
    BOOL fresh;                     /* no word written after the field name yet */
};

static void header_start(struct header_writer *hw, struct mime_buffer *buf, const char *name)
{
    hw->buf = buf;
    buffer_puts(buf, name);
    buffer_putc(buf, ':');
    hw->line = strlen(name) + 1;
    hw->fresh = TRUE;
}

static void header_word(struct header_writer *hw, const char *word, SIZE_T len)
{
    if (!hw->fresh && hw->line + 1 + len > MIME_FOLD_COLUMN)
    {
        buffer_puts(hw->buf, "\r\n");
        hw->line = 0;
    }
    buffer_putc(hw->buf, ' ');
    buffer_append(hw->buf, word, len);
    hw->line += 1 + len;
    hw->fresh = FALSE;
}

static void header_end(struct header_writer *hw)
{
    buffer_puts(hw->buf, "\r\n");
}

static const char hex_digits[] = "0123456789ABCDEF";

static SIZE_T utf8_char_length(const char *str, SIZE_T size)
{
    BYTE c = str[0];
    SIZE_T n = 1;

    if (c >= 0xf0) n = 4;
    else if (c >= 0xe0) n = 3;
    else if (c >= 0xc0) n = 2;
    return min(n, size);
}

/* Characters that an encoded word in a phrase (RFC 2047 5(3)) or in
 * unstructured text may carry as themselves in the Q encoding. */
static BOOL q_is_plain(BYTE c, BOOL phrase)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return TRUE;
    if (phrase) return c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
    return c > 0x20 && c < 0x7f && c != '=' && c != '?' && c != '_';
}

static SIZE_T q_length(const char *str, SIZE_T size, BOOL phrase)
{
    SIZE_T i, len = 0;

    for (i = 0; i < size; i++) len += (str[i] == ' ' || q_is_plain(str[i], phrase)) ? 1 : 3;
    return len;
}

static void q_encode(char *out, const char *str, SIZE_T size, BOOL phrase)
{
    SIZE_T i;

    for (i = 0; i < size; i++)
    {
        BYTE c = str[i];

        if (c == ' ') *out++ = '_';
        else if (q_is_plain(c, phrase)) *out++ = c;
        else
        {
            *out++ = '=';
            *out++ = hex_digits[c >> 4];
            *out++ = hex_digits[c & 15];
        }
    }
}

static const char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Writes 4 * ceil(size / 3) characters. */
static void base64_encode(char *out, const BYTE *data, SIZE_T size)
{
    SIZE_T i;

    for (i = 0; i + 2 < size; i += 3, out += 4)
    {
        out[0] = base64_digits[data[i] >> 2];
        out[1] = base64_digits[((data[i] & 3) << 4) | (data[i + 1] >> 4)];
        out[2] = base64_digits[((data[i + 1] & 15) << 2) | (data[i + 2] >> 6)];
        out[3] = base64_digits[data[i + 2] & 63];
    }
    if (i < size)
    {
        out[0] = base64_digits[data[i] >> 2];
        if (i + 1 < size)
        {
            out[1] = base64_digits[((data[i] & 3) << 4) | (data[i + 1] >> 4)];
            out[2] = base64_digits[(data[i + 1] & 15) << 2];
        }
        else
        {
            out[1] = base64_digits[(data[i] & 3) << 4];
            out[2] = '=';
        }
        out[3] = '=';
    }
}

/* UTF-8 text as RFC 2047 encoded words, each at most 75 characters and
 * made of whole characters, sized to the room left on the line. The
 * prefix and suffix (a quote, for the name parameter) go around them. */
static void header_encoded_words(struct header_writer *hw, const char *str, SIZE_T size, BOOL phrase,
        const char *prefix, const char *suffix)
{
    SIZE_T pos = 0, affixes = strlen(prefix) + strlen(suffix);
    BOOL use_q = q_length(str, size, phrase) <= (size + 2) / 3 * 4;
    char word[80];

    while (pos < size)
    {
        SIZE_T room = hw->line + 1 < MIME_FOLD_COLUMN ? MIME_FOLD_COLUMN - hw->line - 1 : 0;
        SIZE_T take = 0, len, payload;

        SIZE_T rest = 12 + affixes + (use_q ? q_length(str + pos, size - pos, phrase) : (size - pos + 2) / 3 * 4);
        SIZE_T after_space = 0;

        /* Too little room left, or room for less than what one word on a
         * line of its own could hold: header_word folds. */
        room = min(room, 75);
        if (room < 24 + affixes || (rest > room && rest <= 75)) room = 75;
        payload = room - 12 - affixes;
        while (pos + take < size)
        {
            SIZE_T n = utf8_char_length(str + pos + take, size - pos - take);
            SIZE_T need = use_q ? q_length(str + pos, take + n, phrase) : (take + n + 2) / 3 * 4;

            if (need > payload && take) break;
            take += n;
            if (str[pos + take - 1] == ' ') after_space = take;
        }
        /* A display name is cut after a space where it can be: some readers
         * (Python's email) wrongly keep a space between encoded words. */
        if (phrase && pos + take < size && after_space) take = after_space;
        len = strlen(pos ? "" : prefix);
        memcpy(word, prefix, len);
        memcpy(word + len, use_q ? "=?UTF-8?Q?" : "=?UTF-8?B?", 10);
        len += 10;
        if (use_q)
        {
            q_encode(word + len, str + pos, take, phrase);
            len += q_length(str + pos, take, phrase);
        }
        else
        {
            base64_encode(word + len, (const BYTE *)str + pos, take);
            len += (take + 2) / 3 * 4;
        }
        memcpy(word + len, "?=", 2);
        len += 2;
        pos += take;
        if (pos >= size)
        {
            memcpy(word + len, suffix, strlen(suffix));
            len += strlen(suffix);
        }
        header_word(hw, word, len);
    }
}

/* Whether unstructured text can be written as it is: printable ASCII,
 * single spaces between words, no word too long to fold, nothing a reader
 * would take for an encoded word. */
static BOOL text_is_plain(const char *str, SIZE_T size)
{
    SIZE_T i, word = 0;

    if (!size) return TRUE;
    if (str[0] == ' ' || str[size - 1] == ' ') return FALSE;
    for (i = 0; i < size; i++)
    {
        BYTE c = str[i];

        if (c < 0x20 || c >= 0x7f) return FALSE;
        if (c == ' ' && i + 1 < size && str[i + 1] == ' ') return FALSE;
        if (c == '=' && i + 1 < size && str[i + 1] == '?') return FALSE;
        word = (c == ' ') ? 0 : word + 1;
        if (word > MIME_FOLD_COLUMN - 2) return FALSE;
    }
    return TRUE;
}

static void header_plain_words(struct header_writer *hw, const char *str, SIZE_T size)
{
    SIZE_T start = 0, i;

    for (i = 0; i <= size; i++)
    {
        if (i < size && str[i] != ' ') continue;
        if (i > start) header_word(hw, str + start, i - start);
        start = i + 1;
    }
}

/* An unstructured field (Subject): control characters, CR and LF included,
 * travel inside encoded words, so they never end the field. */
static HRESULT write_unstructured(struct mime_buffer *buf, const char *name, const WCHAR *value)
{
    struct header_writer hw;
    SIZE_T size;
    char *utf8;

    if (!(utf8 = charset_utf8(value, lstrlenW(value), &size))) return E_OUTOFMEMORY;
    header_start(&hw, buf, name);
    if (text_is_plain(utf8, size)) header_plain_words(&hw, utf8, size);
    else header_encoded_words(&hw, utf8, size, FALSE, "", "");
    header_end(&hw);
    mime_free(utf8);
    return S_OK;
}

static BOOL is_atext(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return TRUE;
    return c && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* A display name: atoms, a quoted string, or encoded words. */
static void header_phrase(struct header_writer *hw, const char *str, SIZE_T size)
{
    BOOL plain = text_is_plain(str, size), atoms = plain;
    char quoted[2 * 60 + 3];
    SIZE_T i, len = 0;

    for (i = 0; i < size && atoms; i++) atoms = str[i] == ' ' || (is_atext(str[i]) && str[i] != '=');
    if (atoms)
    {
        header_plain_words(hw, str, size);
        return;
    }
    if (!plain || size > 60 || strstr(str, "=?"))
    {
        header_encoded_words(hw, str, size, TRUE, "", "");
        return;
    }
    quoted[len++] = '"';
    for (i = 0; i < size; i++)
    {
        if (str[i] == '"' || str[i] == '\\') quoted[len++] = '\\';
        quoted[len++] = str[i];
    }
    quoted[len++] = '"';
    header_word(hw, quoted, len);
}

static BOOL is_dot_atom(const char *str, SIZE_T size)
{
    SIZE_T i;

    if (!size || str[0] == '.' || str[size - 1] == '.') return FALSE;
    for (i = 0; i < size; i++)
    {
        if (str[i] == '.' && str[i + 1] == '.') return FALSE;
        if (str[i] != '.' && !is_atext(str[i])) return FALSE;
    }
    return TRUE;
}

static BOOL is_domain(const char *str, SIZE_T size)
{
    SIZE_T i;

    if (size >= 2 && str[0] == '[' && str[size - 1] == ']')
    {
        for (i = 1; i + 1 < size; i++)
            if (str[i] <= 0x20 || str[i] >= 0x7f || str[i] == '[' || str[i] == ']' || str[i] == '\\')
                return FALSE;
        return TRUE;
    }
    return is_dot_atom(str, size);
}

/* The addr-spec of an address, quoting a local part that needs it; an
 * address with a control character, a non-ASCII character or no domain is
 * refused. */
static HRESULT format_addr_spec(const WCHAR *address, char **out)
{
    SIZE_T len = lstrlenW(address), i, n = 0, at = len;
    BOOL quoted;
    char *spec;

    if (!len || len > 900) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < len; i++)
    {
        if (address[i] < 0x20 || address[i] >= 0x7f) return MAPI_E_INVALID_PARAMETER;
        if (address[i] == '@') at = i;
    }
    if (at == len || !at) return MAPI_E_INVALID_PARAMETER;
    if (!(spec = mime_alloc(2 * len + 3))) return E_OUTOFMEMORY;
    for (i = 0; i < len; i++) spec[i] = address[i];
    if (!is_domain(spec + at + 1, len - at - 1))
    {
        mime_free(spec);
        return MAPI_E_INVALID_PARAMETER;
    }
    quoted = at >= 2 && spec[0] == '"' && spec[at - 1] == '"';
    if (quoted || is_dot_atom(spec, at))
    {
        *out = spec;
        return S_OK;
    }
    /* Quote the local part: rewrite from the end so nothing is overwritten. */
    memmove(spec + len + 2, spec, len + 1);
    spec[n++] = '"';
    for (i = 0; i < at; i++)
    {
        char c = spec[len + 2 + i];

        if (c == '"' || c == '\\') spec[n++] = '\\';
        spec[n++] = c;
    }
    spec[n++] = '"';
    memmove(spec + n, spec + len + 2 + at, len - at + 1);
    *out = spec;
    return S_OK;
}

static BOOL has_text(const WCHAR *str)
{
    return str && *str;
}

/* One address as words of the field: [phrase] <addr-spec>, and a comma
 * after it unless it is the last. */
static HRESULT header_address(struct header_writer *hw, const struct mime_address *addr, BOOL last)
{
    char *spec, *name, *word;
    SIZE_T size;
    HRESULT hr;

    if (!has_text(addr->address)) return MAPI_E_INVALID_PARAMETER;
    if ((hr = format_addr_spec(addr->address, &spec))) return hr;
    if (!(word = mime_alloc(strlen(spec) + 4)))
    {
        mime_free(spec);
        return E_OUTOFMEMORY;
    }
    if (has_text(addr->name) && lstrcmpW(addr->name, addr->address))
    {
        /* Readers refuse a display name that decodes to a line break. */
        if (wcspbrk(addr->name, L"\r\n"))
        {
            mime_free(spec);
            mime_free(word);
            return MAPI_E_INVALID_PARAMETER;
        }
        if (!(name = charset_utf8(addr->name, lstrlenW(addr->name), &size)))
        {
            mime_free(spec);
            mime_free(word);
            return E_OUTOFMEMORY;
        }
        header_phrase(hw, name, size);
        mime_free(name);
        sprintf(word, "<%s>%s", spec, last ? "" : ",");
    }
    else sprintf(word, "%s%s", spec, last ? "" : ",");
    header_word(hw, word, strlen(word));
    mime_free(word);
    mime_free(spec);
    return S_OK;
}

static HRESULT write_addresses(struct mime_buffer *buf, const char *name, const struct mime_address *addrs,
        ULONG count)
{
    struct header_writer hw;
    HRESULT hr;
    ULONG i;

    header_start(&hw, buf, name);
    for (i = 0; i < count; i++)
        if ((hr = header_address(&hw, &addrs[i], i + 1 == count))) return hr;
    header_end(&hw);
    return S_OK;
}

static HRESULT write_recipients(struct mime_buffer *buf, const char *name, const struct mime_message *msg,
        ULONG type)
{
    struct mime_address *addrs;
    ULONG i, count = 0;
    HRESULT hr;

    for (i = 0; i < msg->recipient_count; i++)
        if (msg->recipients[i].type == type) count++;
    if (!count) return S_OK;
    if (!(addrs = mime_alloc(count * sizeof(*addrs)))) return E_OUTOFMEMORY;
    for (i = 0, count = 0; i < msg->recipient_count; i++)
        if (msg->recipients[i].type == type) addrs[count++] = msg->recipients[i].addr;
    hr = write_addresses(buf, name, addrs, count);
    mime_free(addrs);
    return hr;
}

/* A msg-id token: <, printable ASCII without angle brackets, >. */
static BOOL is_msg_id_char(WCHAR c)
{
    return c > 0x20 && c < 0x7f && c != '<' && c != '>';
}

/* In-Reply-To and References: one or more msg-ids, separated by spaces or
 * commas; a value with no angle brackets is taken as bare ids and gets
 * them. Anything else (control characters, non-ASCII) is refused. */
static HRESULT write_msg_ids(struct mime_buffer *buf, const char *name, const WCHAR *value, BOOL single)
{
    SIZE_T len = lstrlenW(value), i = 0, start, j;
    BOOL bare = !wcschr(value, '<');
    struct header_writer hw;
    char word[1000];
    ULONG count = 0;

    header_start(&hw, buf, name);
    while (i < len)
    {
        if (value[i] == ' ' || value[i] == '\t' || value[i] == ',') { i++; continue; }
        if (!bare && value[i] != '<') return MAPI_E_INVALID_PARAMETER;
        start = bare ? i : i + 1;
        for (i = start; i < len && is_msg_id_char(value[i]) && !(bare && value[i] == ','); i++);
        if (i == start || i - start > sizeof(word) - 100) return MAPI_E_INVALID_PARAMETER;
        if (!bare && (i == len || value[i++] != '>')) return MAPI_E_INVALID_PARAMETER;
        if (i < len && value[i] != ' ' && value[i] != '\t' && value[i] != ',') return MAPI_E_INVALID_PARAMETER;
        word[0] = '<';
        for (j = start; j < (bare ? i : i - 1); j++) word[j - start + 1] = value[j];
        word[j - start + 1] = '>';
        header_word(&hw, word, j - start + 2);
        count++;
    }
    if (!count || (single && count > 1)) return MAPI_E_INVALID_PARAMETER;
    header_end(&hw);
    return S_OK;
}

static const char *const day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[] =
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static HRESULT write_date(struct mime_buffer *buf, const FILETIME *date)
{
    SYSTEMTIME st;
    char text[64];

    if (!FileTimeToSystemTime(date, &st) || st.wYear > 9999) return MAPI_E_INVALID_PARAMETER;
    sprintf(text, "Date: %s, %u %s %04u %02u:%02u:%02u +0000\r\n", day_names[st.wDayOfWeek], st.wDay,
            month_names[st.wMonth - 1], st.wYear, st.wHour, st.wMinute, st.wSecond);
    buffer_puts(buf, text);
    return S_OK;
}

static void guid_text(char *out)
{
    GUID guid;

    CoCreateGuid(&guid);
    sprintf(out, "%08lX%04X%04X%02X%02X%02X%02X%02X%02X%02X%02X", (unsigned long)guid.Data1, guid.Data2,
            guid.Data3, guid.Data4[0], guid.Data4[1], guid.Data4[2], guid.Data4[3], guid.Data4[4],
            guid.Data4[5], guid.Data4[6], guid.Data4[7]);
}

/* The domain of a new Message-ID: the sender's, else this machine's DNS
 * name, else "localhost". */
static void message_id_domain(const struct mime_message *msg, char *out, DWORD size)
{
    const WCHAR *address = has_text(msg->from.address) ? msg->from.address : msg->sender.address;
    const WCHAR *at = address ? wcsrchr(address, '@') : NULL;
    char domain[256];
    SIZE_T i, len;

    if (at && (len = lstrlenW(at + 1)) && len < sizeof(domain))
    {
        for (i = 0; i < len && at[1 + i] < 0x80; i++) domain[i] = at[1 + i];
        domain[i] = 0;
        if (i == len && is_domain(domain, len))
        {
            lstrcpynA(out, domain, size);
            return;
        }
    }
    if (GetComputerNameExA(ComputerNameDnsFullyQualified, out, &size) && strchr(out, '.')
            && is_dot_atom(out, strlen(out)))
        return;
    strcpy(out, "localhost");
}

static HRESULT make_message_id(const struct mime_message *msg, WCHAR **id)
{
    char domain[256], text[320];
    SIZE_T i, len;

    message_id_domain(msg, domain, sizeof(domain));
    text[0] = '<';
    guid_text(text + 1);
    sprintf(text + strlen(text), "@%s>", domain);
    len = strlen(text);
    if (!(*id = mime_alloc((len + 1) * sizeof(WCHAR)))) return E_OUTOFMEMORY;
    for (i = 0; i <= len; i++) (*id)[i] = (BYTE)text[i];
    return S_OK;
}

/* What RFC 2231 lets stand for itself in an extended parameter value. */
static BOOL param_char_is_plain(BYTE c)
{
    return c > 0x20 && c < 0x7f && !strchr("*'%()<>@,;:\\\"/[]?=", c);
}

/* A parameter of Content-Type or Content-Disposition. Values that are not
 * short printable ASCII use RFC 2231 (charset, percent escapes, and
 * continuations), which carries any character safely. */
static void header_param(struct header_writer *hw, const char *name, const char *value, SIZE_T size, BOOL last)
{
    SIZE_T i, len, pos = 0, part = 0;
    BOOL token = size > 0, printable = TRUE, single;
    char word[160];

    for (i = 0; i < size; i++)
    {
        BYTE c = value[i];

        if (c < 0x20 || c >= 0x7f) printable = FALSE;
        if (c <= 0x20 || c >= 0x7f || strchr("()<>@,;:\\\"/[]?=", c)) token = FALSE;
    }
    if (printable && size <= 60)
    {
        len = sprintf(word, token ? "%s=" : "%s=\"", name);
        for (i = 0; i < size; i++)
        {
            if (!token && (value[i] == '"' || value[i] == '\\')) word[len++] = '\\';
            word[len++] = value[i];
        }
        if (!token) word[len++] = '"';
        if (!last) word[len++] = ';';
        header_word(hw, word, len);
        return;
    }
    for (i = 0, len = 0; i < size; i++) len += param_char_is_plain(value[i]) ? 1 : 3;
    single = len <= 48;
    while (pos < size)
    {
        SIZE_T take = 0, encoded = 0;

        if (single) len = sprintf(word, "%s*=UTF-8''", name);
        else len = sprintf(word, "%s*%lu*=%s", name, (unsigned long)part++, pos ? "" : "UTF-8''");
        while (pos + take < size && (single || encoded < 48))
        {
            SIZE_T n = utf8_char_length(value + pos + take, size - pos - take), k;

            for (k = 0; k < n; k++)
            {
                BYTE c = value[pos + take + k];

                if (param_char_is_plain(c))
                {
                    word[len++] = c;
                    encoded++;
                }
                else
                {
                    word[len++] = '%';
                    word[len++] = hex_digits[c >> 4];
                    word[len++] = hex_digits[c & 15];
                    encoded += 3;
                }
            }
            take += n;
        }
        pos += take;
        if (!last || pos < size) word[len++] = ';';
        header_word(hw, word, len);
    }
}

/* The name parameter of Content-Type, for readers that know no RFC 2231:
 * short printable ASCII as it is, anything else as encoded words. */
static void header_name_param(struct header_writer *hw, const char *value, SIZE_T size)
{
    if (text_is_plain(value, size) && size <= 60 && !strchr(value, '"') && !strchr(value, '\\'))
    {
        header_param(hw, "name", value, size, TRUE);
        return;
    }
    header_encoded_words(hw, value, size, TRUE, "name=\"", "\"");
}

/* Text for a body part: CRLF line ends, in UTF-8. */
static char *text_utf8(const WCHAR *text, SIZE_T *size)
{
    SIZE_T len = lstrlenW(text), i, n = 0;
    WCHAR *crlf;
    char *utf8;

    if (!(crlf = mime_alloc((2 * len + 1) * sizeof(WCHAR)))) return NULL;
    for (i = 0; i < len; i++)
    {
        if (text[i] == '\r' || text[i] == '\n')
        {
            crlf[n++] = '\r';
            crlf[n++] = '\n';
            if (text[i] == '\r' && text[i + 1] == '\n') i++;
        }
        else crlf[n++] = text[i];
    }
    utf8 = charset_utf8(crlf, n, size);
    mime_free(crlf);
    return utf8;
}

enum transfer { TRANSFER_7BIT, TRANSFER_QP, TRANSFER_BASE64 };

/* 7bit for ASCII with lines that fit, quoted-printable for mostly-ASCII
 * text, base64 for the rest. */
static enum transfer choose_transfer(const char *text, SIZE_T size, BOOL need_final_newline, BOOL *ascii)
{
    SIZE_T i, line = 0, high = 0, longest = 0;

    for (i = 0; i < size; i++)
    {
        if ((BYTE)text[i] >= 0x80) high++;
        if (text[i] == '\n') line = 0;
        else if (text[i] != '\r') longest = max(longest, ++line);
    }
    *ascii = !high;
    if (high * 3 > size) return TRANSFER_BASE64;
    if (high || longest > MIME_LINE_LIMIT) return TRANSFER_QP;
    if (need_final_newline && size && text[size - 1] != '\n') return TRANSFER_QP;
    return TRANSFER_7BIT;
}

static void qp_put(struct mime_buffer *buf, SIZE_T *line, const char *token, SIZE_T len)
{
    if (*line + len > 75)
    {
        buffer_puts(buf, "=\r\n");
        *line = 0;
    }
    buffer_append(buf, token, len);
    *line += len;
}

/* Quoted-printable (RFC 2045 6.7) of text with CRLF line ends; the part
 * always ends with a line end, a soft one if the text had none. */
static void encode_qp(struct mime_buffer *buf, const char *text, SIZE_T size)
{
    SIZE_T i, line = 0;
    char token[3];

    for (i = 0; i < size; i++)
    {
        BYTE c = text[i];
        BOOL at_end = i + 1 == size || text[i + 1] == '\r';
        /* A line starting "From " gets its F escaped, for mbox files. */
        BOOL from = c == 'F' && !line && i + 5 <= size && !memcmp(text + i, "From ", 5);

        if (c == '\r' && i + 1 < size && text[i + 1] == '\n')
        {
            buffer_puts(buf, "\r\n");
            line = 0;
            i++;
            continue;
        }
        if ((c >= 0x21 && c <= 0x7e && c != '=' && !from) || ((c == ' ' || c == '\t') && !at_end))
        {
            qp_put(buf, &line, (const char *)&c, 1);
            continue;
        }
        token[0] = '=';
        token[1] = hex_digits[c >> 4];
        token[2] = hex_digits[c & 15];
        qp_put(buf, &line, token, 3);
    }
    if (size && text[size - 1] != '\n') buffer_puts(buf, "=\r\n");
}

static void encode_base64_lines(struct mime_buffer *buf, const BYTE *data, SIZE_T size)
{
    char line[78];
    SIZE_T pos;

    for (pos = 0; pos < size; pos += 57)
    {
        SIZE_T n = min(57, size - pos);

        base64_encode(line, data + pos, n);
        memcpy(line + (n + 2) / 3 * 4, "\r\n", 2);
        buffer_append(buf, line, (n + 2) / 3 * 4 + 2);
    }
}

static void write_transfer_header(struct mime_buffer *buf, enum transfer transfer)
{
    static const char *const names[] = {"7bit", "quoted-printable", "base64"};

    buffer_puts(buf, "Content-Transfer-Encoding: ");
    buffer_puts(buf, names[transfer]);
    buffer_puts(buf, "\r\n\r\n");
}

/* A text/plain or text/html part: headers, blank line, content. */
static HRESULT write_text_part(struct mime_buffer *buf, const WCHAR *text, const char *subtype, BOOL top)
{
    enum transfer transfer;
    SIZE_T size;
    BOOL ascii;
    char *utf8;

    if (!(utf8 = text_utf8(text, &size))) return E_OUTOFMEMORY;
    transfer = choose_transfer(utf8, size, top, &ascii);
    buffer_puts(buf, "Content-Type: text/");
    buffer_puts(buf, subtype);
    buffer_puts(buf, ascii ? "; charset=us-ascii\r\n" : "; charset=UTF-8\r\n");
    write_transfer_header(buf, transfer);
    if (transfer == TRANSFER_QP) encode_qp(buf, utf8, size);
    else if (transfer == TRANSFER_BASE64) encode_base64_lines(buf, (const BYTE *)utf8, size);
    else buffer_append(buf, utf8, size);
    mime_free(utf8);
    return S_OK;
}

/* Media types for attachments that come without one. */
static const struct
{
    const WCHAR *extension;
    const char *type;
}
media_types[] =
{
    {L"txt", "text/plain"}, {L"htm", "text/html"}, {L"html", "text/html"}, {L"csv", "text/csv"},
    {L"xml", "application/xml"}, {L"pdf", "application/pdf"}, {L"zip", "application/zip"},
    {L"gz", "application/gzip"}, {L"json", "application/json"}, {L"ics", "text/calendar"},
    {L"jpg", "image/jpeg"}, {L"jpeg", "image/jpeg"}, {L"png", "image/png"}, {L"gif", "image/gif"},
    {L"bmp", "image/bmp"}, {L"svg", "image/svg+xml"}, {L"webp", "image/webp"}, {L"tif", "image/tiff"},
    {L"tiff", "image/tiff"}, {L"eml", "message/rfc822"}, {L"mp3", "audio/mpeg"}, {L"wav", "audio/wav"},
    {L"mp4", "video/mp4"}, {L"doc", "application/msword"}, {L"xls", "application/vnd.ms-excel"},
    {L"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {L"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {L"rtf", "application/rtf"},
};

static BOOL is_token_char(WCHAR c)
{
    return c > 0x20 && c < 0x7f && !wcschr(L"()<>@,;:\\\"/[]?=", c);
}

/* The attachment's media type: its own when it is a valid type/subtype
 * (anything else is refused), else from its file name's extension. */
static HRESULT attachment_media_type(const struct mime_attachment *att, char *out, SIZE_T size)
{
    const WCHAR *dot = att->filename ? wcsrchr(att->filename, '.') : NULL;
    SIZE_T len, i, slash = 0;

    if (att->message && !att->mime_type)
    {
        strcpy(out, "message/rfc822");
        return S_OK;
    }
    if (!has_text(att->mime_type))
    {
        strcpy(out, "application/octet-stream");
        for (i = 0; dot && i < ARRAY_SIZE(media_types); i++)
            if (!lstrcmpiW(dot + 1, media_types[i].extension)) strcpy(out, media_types[i].type);
        return S_OK;
    }
    if ((len = lstrlenW(att->mime_type)) >= size) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < len; i++)
    {
        if (att->mime_type[i] == '/' && !slash) slash = i;
        else if (!is_token_char(att->mime_type[i])) return MAPI_E_INVALID_PARAMETER;
        out[i] = att->mime_type[i];
    }
    out[len] = 0;
    if (!slash || slash + 1 == len) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

static HRESULT write_content_id(struct mime_buffer *buf, const WCHAR *id)
{
    SIZE_T len = lstrlenW(id), i;

    if (len > 900) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < len; i++)
        if (!is_msg_id_char(id[i])) return MAPI_E_INVALID_PARAMETER;
    buffer_puts(buf, "Content-ID: <");
    for (i = 0; i < len; i++) buffer_putc(buf, id[i]);
    buffer_puts(buf, ">\r\n");
    return S_OK;
}

static HRESULT write_message(struct mime_buffer *buf, const struct mime_message *msg, BOOL top, int depth,
        WCHAR **message_id);

/* The content of a message/rfc822 part: 7bit when it is (what we write
 * always is), else 8bit, else base64 for data with NULs or long lines. */
static HRESULT write_embedded_content(struct mime_buffer *buf, const struct mime_attachment *att, int depth)
{
    SIZE_T i, line = 0;
    BOOL high = FALSE;

    if (att->message)
    {
        buffer_puts(buf, "Content-Transfer-Encoding: 7bit\r\n\r\n");
        return write_message(buf, att->message, FALSE, depth + 1, NULL);
    }
    for (i = 0; i < att->size; i++)
    {
        if (!att->data[i] || line > MIME_LINE_LIMIT) break;
        if (att->data[i] >= 0x80) high = TRUE;
        line = att->data[i] == '\n' ? 0 : line + 1;
    }
    if (i < att->size)
    {
        write_transfer_header(buf, TRANSFER_BASE64);
        encode_base64_lines(buf, att->data, att->size);
        return S_OK;
    }
    buffer_puts(buf, high ? "Content-Transfer-Encoding: 8bit\r\n\r\n" : "Content-Transfer-Encoding: 7bit\r\n\r\n");
    buffer_append(buf, att->data, att->size);
    return S_OK;
}

static HRESULT write_attachment_part(struct mime_buffer *buf, const struct mime_attachment *att, int depth)
{
    struct header_writer hw;
    char type[256], *name = NULL;
    SIZE_T name_size = 0;
    HRESULT hr;

    if ((hr = attachment_media_type(att, type, sizeof(type)))) return hr;
    if (has_text(att->filename) && !(name = charset_utf8(att->filename, lstrlenW(att->filename), &name_size)))
        return E_OUTOFMEMORY;
    header_start(&hw, buf, "Content-Type");
    strcat(type, name ? ";" : "");
    header_word(&hw, type, strlen(type));
    if (name) header_name_param(&hw, name, name_size);
    header_end(&hw);
    header_start(&hw, buf, "Content-Disposition");
    sprintf(type, "%s%s", att->is_inline ? "inline" : "attachment", name ? ";" : "");
    header_word(&hw, type, strlen(type));
    if (name) header_param(&hw, "filename", name, name_size, TRUE);
    header_end(&hw);
    mime_free(name);
    if (has_text(att->content_id) && (hr = write_content_id(buf, att->content_id))) return hr;
    if (att->message || !lstrcmpiW(att->mime_type ? att->mime_type : L"", L"message/rfc822"))
        return write_embedded_content(buf, att, depth);
    if (!att->data && att->size) return MAPI_E_INVALID_PARAMETER;
    write_transfer_header(buf, TRANSFER_BASE64);
    encode_base64_lines(buf, att->data, att->size);
    return S_OK;
}

/* The body tree of a message: leaves are the text, the HTML or an
 * attachment; multiparts hold children. */
enum part_kind { PART_TEXT, PART_HTML, PART_ATTACHMENT, PART_MULTIPART };

struct node
{
    enum part_kind kind;
    const char *subtype;            /* of a multipart */
    const struct mime_attachment *attachment;
    struct node *children;
    ULONG count;
};

static HRESULT write_node(struct mime_buffer *buf, const struct mime_message *msg, const struct node *node,
        BOOL top, int depth)
{
    char boundary[64];
    HRESULT hr;
    ULONG i;

    switch (node->kind)
    {
    case PART_TEXT: return write_text_part(buf, msg->body ? msg->body : L"", "plain", top);
    case PART_HTML: return write_text_part(buf, msg->html, "html", top);
    case PART_ATTACHMENT: return write_attachment_part(buf, node->attachment, depth);
    case PART_MULTIPART: break;
    }
    strcpy(boundary, "=_");
    guid_text(boundary + 2);
    buffer_puts(buf, "Content-Type: multipart/");
    buffer_puts(buf, node->subtype);
    buffer_puts(buf, ";\r\n boundary=\"");
    buffer_puts(buf, boundary);
    buffer_puts(buf, "\"\r\n\r\n");
    for (i = 0; i < node->count; i++)
    {
        buffer_puts(buf, i ? "\r\n--" : "--");
        buffer_puts(buf, boundary);
        buffer_puts(buf, "\r\n");
        if ((hr = write_node(buf, msg, &node->children[i], FALSE, depth))) return hr;
    }
    buffer_puts(buf, "\r\n--");
    buffer_puts(buf, boundary);
    buffer_puts(buf, "--\r\n");
    return S_OK;
}

/* Builds the tree: mixed (the body, then the attachments) around
 * alternative (text, then HTML) around related (HTML, then the inline
 * parts it refers to by Content-ID); each level only when needed. */
static HRESULT write_body(struct mime_buffer *buf, const struct mime_message *msg, BOOL top, int depth)
{
    struct node text = {PART_TEXT}, html = {PART_HTML}, alternative_children[2], *body = NULL;
    struct node related = {PART_MULTIPART, "related"}, alternative = {PART_MULTIPART, "alternative"};
    struct node mixed = {PART_MULTIPART, "mixed"}, *related_children, *mixed_children;
    ULONG i, count = msg->attachment_count, related_count = 1, others = 0;
    HRESULT hr = E_OUTOFMEMORY;

    related_children = mime_alloc((count + 1) * sizeof(struct node));
    mixed_children = mime_alloc((count + 1) * sizeof(struct node));
    if (!related_children || !mixed_children) goto done;
    related_children[0] = html;
    for (i = 0; i < count; i++)
    {
        const struct mime_attachment *att = &msg->attachments[i];
        struct node *node;

        if (msg->html && att->is_inline && has_text(att->content_id)) node = &related_children[related_count++];
        else node = &mixed_children[1 + others++];
        node->kind = PART_ATTACHMENT;
        node->attachment = att;
    }
    if (msg->html)
    {
        body = &html;
        if (related_count > 1)
        {
            related.children = related_children;
            related.count = related_count;
            body = &related;
        }
        if (msg->body)
        {
            alternative_children[0] = text;
            alternative_children[1] = *body;
            alternative.children = alternative_children;
            alternative.count = 2;
            body = &alternative;
        }
    }
    else if (msg->body || !others) body = &text;
    if (others)
    {
        if (body) mixed_children[0] = *body;
        mixed.children = body ? mixed_children : mixed_children + 1;
        mixed.count = others + (body ? 1 : 0);
        body = &mixed;
    }
    hr = write_node(buf, msg, body, top, depth);
done:
    mime_free(related_children);
    mime_free(mixed_children);
    return hr;
}

static HRESULT write_importance(struct mime_buffer *buf, const struct mime_message *msg)
{
    switch (msg->importance)
    {
    case MIME_IMPORTANCE_NONE:
    case MIME_IMPORTANCE_NORMAL:
        break;
    case MIME_IMPORTANCE_HIGH:
        buffer_puts(buf, "Importance: high\r\nX-Priority: 1\r\n");
        break;
    case MIME_IMPORTANCE_LOW:
        buffer_puts(buf, "Importance: low\r\nX-Priority: 5\r\n");
        break;
    default:
        return MAPI_E_INVALID_PARAMETER;
    }
    if (msg->priority == PRIO_URGENT) buffer_puts(buf, "Priority: urgent\r\n");
    else if (msg->priority == PRIO_NONURGENT) buffer_puts(buf, "Priority: non-urgent\r\n");
    else if (msg->priority != PRIO_NORMAL) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

static BOOL same_address(const struct mime_address *a, const struct mime_address *b)
{
    return has_text(a->address) && has_text(b->address) && !lstrcmpiW(a->address, b->address);
}

static HRESULT write_header(struct mime_buffer *buf, const struct mime_message *msg, BOOL top,
        const WCHAR *message_id)
{
    const struct mime_address *from = has_text(msg->from.address) ? &msg->from : &msg->sender;
    FILETIME now;
    HRESULT hr;
    ULONG i;

    for (i = 0; i < msg->recipient_count; i++)
    {
        ULONG type = msg->recipients[i].type;

        if (type != MAPI_TO && type != MAPI_CC && type != MAPI_BCC) return MAPI_E_INVALID_PARAMETER;
    }
    if (msg->date.dwLowDateTime || msg->date.dwHighDateTime) hr = write_date(buf, &msg->date);
    else if (top)
    {
        GetSystemTimeAsFileTime(&now);
        hr = write_date(buf, &now);
    }
    else hr = S_OK;
    if (hr) return hr;
    if (top && !has_text(from->address)) return MAPI_E_INVALID_PARAMETER;
    if (has_text(from->address) && (hr = write_addresses(buf, "From", from, 1))) return hr;
    if (from == &msg->from && has_text(msg->sender.address) && !same_address(&msg->from, &msg->sender)
            && (hr = write_addresses(buf, "Sender", &msg->sender, 1)))
        return hr;
    if (msg->reply_to_count && (hr = write_addresses(buf, "Reply-To", msg->reply_to, msg->reply_to_count)))
        return hr;
    /* Blind copies are never written. */
    if ((hr = write_recipients(buf, "To", msg, MAPI_TO))) return hr;
    if ((hr = write_recipients(buf, "Cc", msg, MAPI_CC))) return hr;
    if (msg->subject && (hr = write_unstructured(buf, "Subject", msg->subject))) return hr;
    if (message_id && (hr = write_msg_ids(buf, "Message-ID", message_id, TRUE))) return hr;
    if (has_text(msg->in_reply_to) && (hr = write_msg_ids(buf, "In-Reply-To", msg->in_reply_to, FALSE))) return hr;
    if (has_text(msg->references) && (hr = write_msg_ids(buf, "References", msg->references, FALSE))) return hr;
    if ((hr = write_importance(buf, msg))) return hr;
    buffer_puts(buf, "MIME-Version: 1.0\r\n");
    return S_OK;
}

static HRESULT write_message(struct mime_buffer *buf, const struct mime_message *msg, BOOL top, int depth,
        WCHAR **message_id)
{
    WCHAR *id = NULL;
    HRESULT hr;

    if (depth > MAX_NESTING) return MAPI_E_INVALID_PARAMETER;
    if (has_text(msg->message_id)) id = mime_wcsdup(msg->message_id);
    else if (top && (hr = make_message_id(msg, &id))) return hr;
    if (has_text(msg->message_id) && !id) return E_OUTOFMEMORY;
    if (!(hr = write_header(buf, msg, top, id))) hr = write_body(buf, msg, top, depth);
    if (!hr && message_id) *message_id = id;
    else mime_free(id);
    return hr;
}

HRESULT mime_write(const struct mime_message *msg, ULONG flags, char **data, SIZE_T *size, WCHAR **message_id)
{
    struct mime_buffer buf = {0};
    HRESULT hr;

    TRACE("%p, %#lx, %p, %p, %p.\n", msg, flags, data, size, message_id);

    if (!msg || !data || !size) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    *data = NULL;
    *size = 0;
    if (message_id) *message_id = NULL;
    hr = write_message(&buf, msg, TRUE, 0, message_id);
    if (!hr && buf.failed) hr = E_OUTOFMEMORY;
    if (hr)
    {
        if (message_id)
        {
            mime_free(*message_id);
            *message_id = NULL;
        }
        mime_free(buf.data);
        return hr;
    }
    *data = buf.data;
    *size = buf.size;
    return S_OK;
}
