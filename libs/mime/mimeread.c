/*
 * MIME: the reader (RFC 5322 messages, RFC 2045-2046 entities)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mimepriv.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

/* Entities nested deeper than this are kept as opaque attachments. */
#define MAX_DEPTH 32

/* A header field as it stands in the input, folding included. */
struct field
{
    const char *name;
    SIZE_T name_len;
    const char *value;
    SIZE_T value_len;
};

/* A message or body part: its header fields and its body, pointing into
 * the input. */
struct entity
{
    const char *data;
    SIZE_T header_size;             /* the header block, without the blank line */
    const char *body;
    SIZE_T body_size;
    struct field *fields;
    ULONG count;
};

/* The message being filled, and the defects met on the way. */
struct builder
{
    struct mime_message *msg;
    ULONG capacity;                 /* of msg->attachments */
    ULONG *defects;
};

/* The end of the line at pos and the start of the next one; line ends
 * are CRLF, LF or CR alone. */
static SIZE_T line_end(const char *data, SIZE_T size, SIZE_T pos, SIZE_T *next)
{
    SIZE_T end = pos;

    while (end < size && data[end] != '\r' && data[end] != '\n') end++;
    *next = end;
    if (end < size) *next = (data[end] == '\r' && end + 1 < size && data[end + 1] == '\n') ? end + 2 : end + 1;
    return end;
}

static BOOL valid_field_name(const char *name, SIZE_T len)
{
    SIZE_T i;

    if (!len) return FALSE;
    for (i = 0; i < len; i++)
        if (name[i] <= 0x20 || name[i] >= 0x7f) return FALSE;
    return TRUE;
}

static HRESULT add_field(struct entity *entity, ULONG *capacity, const char *name, SIZE_T name_len,
        const char *value, SIZE_T value_len)
{
    struct field *grown;

    if (entity->count == *capacity)
    {
        *capacity = max(16, *capacity * 2);
        if (!(grown = mime_realloc(entity->fields, *capacity * sizeof(*grown)))) return E_OUTOFMEMORY;
        entity->fields = grown;
    }
    entity->fields[entity->count].name = name;
    entity->fields[entity->count].name_len = name_len;
    entity->fields[entity->count].value = value;
    entity->fields[entity->count].value_len = value_len;
    entity->count++;
    return S_OK;
}

/* Splits an entity into header fields and body. A line that is no field
 * starts the body, as a blank line would (an mbox "From " line in front
 * of a message is skipped). */
static HRESULT parse_entity(const char *data, SIZE_T size, BOOL top, ULONG *defects, struct entity *entity)
{
    SIZE_T pos = 0, end, next, colon, name_end;
    ULONG capacity = 0;
    HRESULT hr;

    memset(entity, 0, sizeof(*entity));
    entity->data = data;
    entity->header_size = size;
    entity->body = data + size;
    while (pos < size)
    {
        end = line_end(data, size, pos, &next);
        if (end == pos)
        {
            entity->header_size = pos;
            entity->body = data + next;
            break;
        }
        if (data[pos] == ' ' || data[pos] == '\t')
        {
            if (entity->count)
            {
                struct field *last = &entity->fields[entity->count - 1];

                last->value_len = data + end - last->value;
            }
            else *defects |= MIME_DEFECT_BAD_HEADER;
            pos = next;
            continue;
        }
        for (colon = pos; colon < end && data[colon] != ':'; colon++);
        for (name_end = colon; name_end > pos && (data[name_end - 1] == ' ' || data[name_end - 1] == '\t'); name_end--);
        if (colon == end || !valid_field_name(data + pos, name_end - pos))
        {
            if (top && !entity->count && pos == 0 && ascii_starts_with(data, end, "from "))
            {
                pos = next;
                continue;
            }
            *defects |= MIME_DEFECT_BAD_HEADER;
            entity->header_size = pos;
            entity->body = data + pos;
            break;
        }
        if ((hr = add_field(entity, &capacity, data + pos, name_end - pos, data + colon + 1, end - colon - 1)))
            return hr;
        pos = next;
    }
    entity->body_size = data + size - entity->body;
    if (top && !entity->count) *defects |= MIME_DEFECT_NO_HEADERS;
    return S_OK;
}

static const struct field *find_field(const struct entity *entity, const char *lower_name)
{
    ULONG i;

    for (i = 0; i < entity->count; i++)
        if (ascii_equal(entity->fields[i].name, entity->fields[i].name_len, lower_name)) return &entity->fields[i];
    return NULL;
}

/* A field's unfolded value; NULL (and S_OK) when there is no such field. */
static HRESULT field_value(const struct entity *entity, const char *lower_name, char **value, SIZE_T *len)
{
    const struct field *field = find_field(entity, lower_name);

    *value = NULL;
    *len = 0;
    if (!field) return S_OK;
    return (*value = field_unfold(field->value, field->value_len, len)) ? S_OK : E_OUTOFMEMORY;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = ascii_lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Quoted-printable that tolerates lower-case digits, stray equal signs
 * and trailing whitespace; hard line breaks become CRLF. out holds at
 * least 2 * len bytes. */
static SIZE_T decode_qp(const char *in, SIZE_T len, BYTE *out)
{
    SIZE_T pos = 0, n = 0, end, next, stop, i;
    int high, low;
    BOOL soft;

    while (pos < len)
    {
        stop = line_end(in, len, pos, &next);
        for (end = stop; end > pos && (in[end - 1] == ' ' || in[end - 1] == '\t'); end--);
        if ((soft = end > pos && in[end - 1] == '=')) end--;
        for (i = pos; i < end; i++)
        {
            if (in[i] == '=' && i + 2 < end && (high = hex_digit(in[i + 1])) >= 0
                    && (low = hex_digit(in[i + 2])) >= 0)
            {
                out[n++] = high * 16 + low;
                i += 2;
            }
            else out[n++] = in[i];
        }
        if (!soft && stop < len)
        {
            out[n++] = '\r';
            out[n++] = '\n';
        }
        pos = next;
    }
    return n;
}

/* The body of an entity without its Content-Transfer-Encoding. */
static HRESULT decode_body(const struct entity *entity, ULONG *defects, BYTE **data, SIZE_T *size)
{
    SIZE_T len, room = entity->body_size * 2 + 4;
    BOOL bad = FALSE;
    char *encoding;
    HRESULT hr;

    if ((hr = field_value(entity, "content-transfer-encoding", &encoding, &len))) return hr;
    if (!(*data = mime_alloc(room)))
    {
        mime_free(encoding);
        return E_OUTOFMEMORY;
    }
    if (encoding && ascii_equal(encoding, len, "base64"))
        *size = decode_base64(entity->body, entity->body_size, *data, &bad);
    else if (encoding && ascii_equal(encoding, len, "quoted-printable"))
        *size = decode_qp(entity->body, entity->body_size, *data);
    else
    {
        if (encoding && len && !ascii_equal(encoding, len, "7bit") && !ascii_equal(encoding, len, "8bit")
                && !ascii_equal(encoding, len, "binary"))
        {
            WARN("unknown transfer encoding %s.\n", debugstr_a(encoding));
            *defects |= MIME_DEFECT_UNKNOWN_ENCODING;
        }
        memcpy(*data, entity->body, entity->body_size);
        *size = entity->body_size;
    }
    if (bad) *defects |= MIME_DEFECT_BAD_ENCODING;
    mime_free(encoding);
    return S_OK;
}

/* text with CRLF line ends (MAPI's), NUL-terminated. */
static WCHAR *crlf_text(const WCHAR *text, SIZE_T len)
{
    SIZE_T i, n = 0;
    WCHAR *out;

    if (!(out = mime_alloc((2 * len + 1) * sizeof(WCHAR)))) return NULL;
    for (i = 0; i < len; i++)
    {
        if (text[i] != '\r' && text[i] != '\n')
        {
            out[n++] = text[i];
            continue;
        }
        out[n++] = '\r';
        out[n++] = '\n';
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
    }
    out[n] = 0;
    return out;
}

/* One part of a multipart body. */
struct span
{
    const char *data;
    SIZE_T size;
};

/* Whether the line [pos, end) is a delimiter of boundary; *close is set
 * for the closing one. Transport padding after it is allowed. */
static BOOL is_delimiter(const char *data, SIZE_T pos, SIZE_T end, const char *boundary, SIZE_T blen, BOOL *close)
{
    SIZE_T i = pos + 2 + blen;

    if (end - pos < 2 + blen || data[pos] != '-' || data[pos + 1] != '-' || memcmp(data + pos + 2, boundary, blen))
        return FALSE;
    *close = i + 2 <= end && data[i] == '-' && data[i + 1] == '-';
    if (*close) i += 2;
    for (; i < end; i++)
        if (data[i] != ' ' && data[i] != '\t') return FALSE;
    return TRUE;
}

static HRESULT add_span(struct span **spans, ULONG *count, const char *data, SIZE_T size)
{
    struct span *grown;

    if (!(*count & 7))
    {
        if (!(grown = mime_realloc(*spans, (*count + 8) * sizeof(*grown)))) return E_OUTOFMEMORY;
        *spans = grown;
    }
    (*spans)[*count].data = data;
    (*spans)[*count].size = size;
    (*count)++;
    return S_OK;
}

/* The parts between the delimiters of a multipart body (RFC 2046 5.1.1);
 * the line end in front of a delimiter belongs to it. A body without its
 * closing delimiter ends its last part. */
static HRESULT split_multipart(const char *body, SIZE_T size, const char *boundary, SIZE_T blen, ULONG *defects,
        struct span **spans, ULONG *count)
{
    SIZE_T pos = 0, end, next, start = 0, stop;
    BOOL open = FALSE, close = FALSE;
    HRESULT hr;

    *spans = NULL;
    *count = 0;
    while (pos < size)
    {
        end = line_end(body, size, pos, &next);
        if (is_delimiter(body, pos, end, boundary, blen, &close))
        {
            if (open)
            {
                stop = pos;
                if (stop > start && body[stop - 1] == '\n') stop--;
                if (stop > start && body[stop - 1] == '\r') stop--;
                if ((hr = add_span(spans, count, body + start, stop - start))) return hr;
            }
            if (close) return S_OK;
            open = TRUE;
            start = next;
        }
        pos = next;
    }
    if (!open)
    {
        *defects |= MIME_DEFECT_NO_BOUNDARY;
        return S_OK;
    }
    *defects |= MIME_DEFECT_MISSING_END;
    return add_span(spans, count, body + start, size - start);
}

/* The media type of an entity, with the defaults of RFC 2045 5.2 and
 * RFC 2046 5.1.5 (message/rfc822 in a digest). */
static HRESULT entity_type(const struct entity *entity, BOOL digest, ULONG *defects, struct mime_content *type)
{
    SIZE_T len;
    char *value;
    HRESULT hr;

    if ((hr = field_value(entity, "content-type", &value, &len))) return hr;
    hr = field_content(value ? value : "", len, defects, type);
    mime_free(value);
    if (hr) return hr;
    if (strchr(type->type, '/') && type->type[0] != '/') return S_OK;
    mime_free(type->type);
    type->type = mime_strndup(digest ? "message/rfc822" : "text/plain", digest ? 14 : 10);
    return type->type ? S_OK : E_OUTOFMEMORY;
}

static BOOL type_is(const struct mime_content *type, const char *lower)
{
    return !strcmp(type->type, lower);
}

static HRESULT entity_disposition(const struct entity *entity, ULONG *defects, struct mime_content *disposition)
{
    SIZE_T len;
    char *value;
    HRESULT hr;

    if ((hr = field_value(entity, "content-disposition", &value, &len))) return hr;
    hr = field_content(value ? value : "", len, defects, disposition);
    mime_free(value);
    return hr;
}

/* An identifier field (Message-ID, Content-ID...) with its whitespace
 * made single spaces; strip removes the angle brackets of a single id. */
static HRESULT id_field(const struct entity *entity, const char *lower_name, BOOL strip, WCHAR **out)
{
    SIZE_T len, i, n = 0;
    char *value;
    HRESULT hr;

    *out = NULL;
    if ((hr = field_value(entity, lower_name, &value, &len)) || !value) return hr;
    for (i = 0; i < len; i++)
    {
        if (ascii_is_space(value[i]) && (!n || value[n - 1] == ' ')) continue;
        value[n++] = ascii_is_space(value[i]) ? ' ' : value[i];
    }
    if (n && value[n - 1] == ' ') n--;
    i = 0;
    if (strip && n >= 2 && value[0] == '<' && value[n - 1] == '>')
    {
        i = 1;
        n--;
    }
    if (n > i) *out = charset_decode(value + i, n - i, 0, &len);
    mime_free(value);
    return (n > i && !*out) ? E_OUTOFMEMORY : S_OK;
}

static HRESULT read_message(const char *data, SIZE_T size, int depth, ULONG *defects, struct mime_message **out);

static struct mime_attachment *new_attachment(struct builder *builder)
{
    struct mime_message *msg = builder->msg;
    struct mime_attachment *grown;

    if (msg->attachment_count == builder->capacity)
    {
        builder->capacity = max(4, builder->capacity * 2);
        if (!(grown = mime_realloc(msg->attachments, builder->capacity * sizeof(*grown)))) return NULL;
        msg->attachments = grown;
    }
    return &msg->attachments[msg->attachment_count++];
}

static HRESULT add_attachment(struct builder *builder, const struct entity *entity, const struct mime_content *type,
        BOOL in_related, int depth)
{
    struct mime_content disposition;
    const struct mime_param *name;
    struct mime_attachment *att;
    SIZE_T len;
    HRESULT hr;

    if (!(att = new_attachment(builder))) return E_OUTOFMEMORY;
    if ((hr = entity_disposition(entity, builder->defects, &disposition))) return hr;
    if (!(name = content_param(&disposition, "filename"))) name = content_param(type, "name");
    if (name && !(att->filename = param_text(name, builder->defects))) hr = E_OUTOFMEMORY;
    att->is_inline = in_related || type_is(&disposition, "inline");
    content_free(&disposition);
    if (hr) return hr;
    if (!(att->mime_type = charset_decode(type->type, strlen(type->type), 0, &len))) return E_OUTOFMEMORY;
    if ((hr = id_field(entity, "content-id", TRUE, &att->content_id))) return hr;
    if ((hr = decode_body(entity, builder->defects, &att->data, &att->size))) return hr;
    if (!type_is(type, "message/rfc822") && !type_is(type, "message/global")) return S_OK;
    return read_message((const char *)att->data, att->size, depth + 1, builder->defects, &att->message);
}

/* The text of a text/plain or text/html part in UTF-16, CRLF line ends. */
static HRESULT set_text(struct builder *builder, const struct entity *entity, const struct mime_content *type,
        WCHAR **target)
{
    const struct mime_param *charset = content_param(type, "charset");
    UINT codepage = MIME_CP_ASCII;
    WCHAR *text;
    SIZE_T size, len;
    BYTE *data;
    HRESULT hr;

    if (charset && charset->size && !(codepage = charset_codepage(charset->value, charset->size)))
    {
        WARN("unknown charset %s.\n", debugstr_a(charset->value));
        *builder->defects |= MIME_DEFECT_UNKNOWN_CHARSET;
    }
    if ((hr = decode_body(entity, builder->defects, &data, &size))) return hr;
    text = charset_decode((const char *)data, size, codepage, &len);
    mime_free(data);
    if (!text) return E_OUTOFMEMORY;
    *target = crlf_text(text, len);
    mime_free(text);
    return *target ? S_OK : E_OUTOFMEMORY;
}

static HRESULT process_entity(struct builder *builder, const struct entity *entity, int depth, BOOL digest,
        BOOL in_related);

static void free_entities(struct entity *children, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++) mime_free(children[i].fields);
    mime_free(children);
}

/* multipart/alternative: the last plain text and the last richer part
 * (HTML, or a multipart holding it) are the bodies; others are dropped. */
static HRESULT process_alternative(struct builder *builder, struct entity *children, ULONG count, int depth)
{
    const struct entity *plain = NULL, *rich = NULL;
    struct mime_content type;
    HRESULT hr;
    ULONG i;

    for (i = 0; i < count; i++)
    {
        if ((hr = entity_type(&children[i], FALSE, builder->defects, &type))) return hr;
        if (type_is(&type, "text/plain")) plain = &children[i];
        else if (type_is(&type, "text/html") || !strncmp(type.type, "multipart/", 10)) rich = &children[i];
        content_free(&type);
    }
    if (!plain && !rich && count) rich = &children[count - 1];
    if (plain && (hr = process_entity(builder, plain, depth + 1, FALSE, FALSE))) return hr;
    if (rich && (hr = process_entity(builder, rich, depth + 1, FALSE, FALSE))) return hr;
    return S_OK;
}

/* multipart/related (RFC 2387): the root (the start parameter's part,
 * else the first) is the body, the others are inline attachments. */
static HRESULT process_related(struct builder *builder, const struct mime_content *type, struct entity *children,
        ULONG count, int depth)
{
    const struct mime_param *start = content_param(type, "start");
    ULONG i, root = 0;
    WCHAR *id, *wanted = NULL;
    SIZE_T len;
    HRESULT hr;

    if (start)
    {
        BOOL bracketed = start->size >= 2 && start->value[0] == '<' && start->value[start->size - 1] == '>';

        if (bracketed) wanted = charset_decode(start->value + 1, start->size - 2, 0, &len);
        else wanted = charset_decode(start->value, start->size, 0, &len);
        if (!wanted) return E_OUTOFMEMORY;
    }
    for (i = 0; wanted && i < count; i++)
    {
        if ((hr = id_field(&children[i], "content-id", TRUE, &id)))
        {
            mime_free(wanted);
            return hr;
        }
        if (id && !lstrcmpW(id, wanted)) root = i;
        mime_free(id);
    }
    mime_free(wanted);
    if (count && (hr = process_entity(builder, &children[root], depth + 1, FALSE, FALSE))) return hr;
    for (i = 0; i < count; i++)
        if (i != root && (hr = process_entity(builder, &children[i], depth + 1, FALSE, TRUE))) return hr;
    return S_OK;
}

static HRESULT process_multipart(struct builder *builder, const struct entity *entity,
        const struct mime_content *type, int depth, BOOL *done)
{
    const struct mime_param *boundary = content_param(type, "boundary");
    BOOL digest = type_is(type, "multipart/digest");
    struct entity *children = NULL;
    struct span *spans = NULL;
    ULONG count = 0, i;
    HRESULT hr;

    *done = FALSE;
    if (!boundary || !boundary->size)
    {
        *builder->defects |= MIME_DEFECT_NO_BOUNDARY;
        return S_OK;
    }
    if ((hr = split_multipart(entity->body, entity->body_size, boundary->value, boundary->size, builder->defects,
            &spans, &count)))
        goto done;
    if (!count) goto done;
    *done = TRUE;
    if (!(children = mime_alloc(count * sizeof(*children))))
    {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    for (i = 0; i < count; i++)
        if ((hr = parse_entity(spans[i].data, spans[i].size, FALSE, builder->defects, &children[i]))) goto done;
    if (type_is(type, "multipart/alternative")) hr = process_alternative(builder, children, count, depth);
    else if (type_is(type, "multipart/related")) hr = process_related(builder, type, children, count, depth);
    else
    {
        for (i = 0; i < count && !hr; i++) hr = process_entity(builder, &children[i], depth + 1, digest, FALSE);
    }

done:
    if (children) free_entities(children, count);
    mime_free(spans);
    return hr;
}

/* Sorts an entity into the message: the first plain text and HTML that
 * are not attachments become the bodies, everything else attachments. */
static HRESULT process_entity(struct builder *builder, const struct entity *entity, int depth, BOOL digest,
        BOOL in_related)
{
    struct mime_content type, disposition;
    BOOL attachment = FALSE, done = FALSE;
    WCHAR **target = NULL;
    HRESULT hr;

    if ((hr = entity_type(entity, digest, builder->defects, &type))) return hr;
    if (depth > MAX_DEPTH)
    {
        WARN("parts nested deeper than %u levels.\n", MAX_DEPTH);
        *builder->defects |= MIME_DEFECT_TOO_DEEP;
        hr = add_attachment(builder, entity, &type, in_related, depth);
        content_free(&type);
        return hr;
    }
    if (!strncmp(type.type, "multipart/", 10)
            && ((hr = process_multipart(builder, entity, &type, depth, &done)) || done))
    {
        content_free(&type);
        return hr;
    }
    if ((hr = entity_disposition(entity, builder->defects, &disposition)))
    {
        content_free(&type);
        return hr;
    }
    attachment = type_is(&disposition, "attachment");
    content_free(&disposition);
    /* A multipart we could not split is read as text. */
    if (type_is(&type, "text/plain") || !strncmp(type.type, "multipart/", 10)) target = &builder->msg->body;
    else if (type_is(&type, "text/html")) target = &builder->msg->html;
    if (target && !*target && !attachment && !in_related) hr = set_text(builder, entity, &type, target);
    else hr = add_attachment(builder, entity, &type, in_related, depth);
    content_free(&type);
    return hr;
}

static HRESULT read_addresses(const struct entity *entity, const char *lower_name, ULONG *defects,
        struct mime_address **list, ULONG *count)
{
    SIZE_T len;
    char *value;
    HRESULT hr;

    *list = NULL;
    *count = 0;
    if ((hr = field_value(entity, lower_name, &value, &len)) || !value) return hr;
    hr = field_addresses(value, len, defects, list, count);
    mime_free(value);
    return hr;
}

static void free_addresses(struct mime_address *list, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++)
    {
        mime_free(list[i].name);
        mime_free(list[i].address);
    }
    mime_free(list);
}

/* The first address of a field (From, Sender). */
static HRESULT read_mailbox(const struct entity *entity, const char *lower_name, ULONG *defects,
        struct mime_address *addr)
{
    struct mime_address *list;
    ULONG count;
    HRESULT hr;

    if ((hr = read_addresses(entity, lower_name, defects, &list, &count)) || !count) return hr;
    *addr = list[0];
    memset(&list[0], 0, sizeof(list[0]));
    free_addresses(list, count);
    return S_OK;
}

static HRESULT read_recipients(const struct entity *entity, struct mime_message *msg, ULONG *defects)
{
    static const struct { const char *name; ULONG type; } fields[] =
        {{"to", MAPI_TO}, {"cc", MAPI_CC}, {"bcc", MAPI_BCC}};
    struct mime_recipient *grown;
    struct mime_address *list;
    ULONG i, k, count;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(fields); i++)
    {
        if ((hr = read_addresses(entity, fields[i].name, defects, &list, &count))) return hr;
        if (!count) continue;
        if (!(grown = mime_realloc(msg->recipients, (msg->recipient_count + count) * sizeof(*grown))))
        {
            free_addresses(list, count);
            return E_OUTOFMEMORY;
        }
        msg->recipients = grown;
        for (k = 0; k < count; k++)
        {
            msg->recipients[msg->recipient_count].type = fields[i].type;
            msg->recipients[msg->recipient_count++].addr = list[k];
        }
        mime_free(list);
    }
    return S_OK;
}

/* Importance, X-Priority and X-MSMail-Priority; Priority (RFC 2156). */
static HRESULT read_importance(const struct entity *entity, struct mime_message *msg)
{
    SIZE_T len;
    char *value;
    HRESULT hr;

    if ((hr = field_value(entity, "importance", &value, &len))) return hr;
    if (!value && (hr = field_value(entity, "x-msmail-priority", &value, &len))) return hr;
    if (value)
    {
        if (ascii_equal(value, len, "high")) msg->importance = MIME_IMPORTANCE_HIGH;
        else if (ascii_equal(value, len, "low")) msg->importance = MIME_IMPORTANCE_LOW;
        else if (ascii_equal(value, len, "normal")) msg->importance = MIME_IMPORTANCE_NORMAL;
        mime_free(value);
    }
    if (!msg->importance)
    {
        if ((hr = field_value(entity, "x-priority", &value, &len))) return hr;
        if (value && (value[0] == '1' || value[0] == '2')) msg->importance = MIME_IMPORTANCE_HIGH;
        else if (value && value[0] == '3') msg->importance = MIME_IMPORTANCE_NORMAL;
        else if (value && (value[0] == '4' || value[0] == '5')) msg->importance = MIME_IMPORTANCE_LOW;
        mime_free(value);
    }
    if ((hr = field_value(entity, "priority", &value, &len)) || !value) return hr;
    if (ascii_equal(value, len, "urgent")) msg->priority = PRIO_URGENT;
    else if (ascii_equal(value, len, "non-urgent")) msg->priority = PRIO_NONURGENT;
    mime_free(value);
    return S_OK;
}

static HRESULT read_header(const struct entity *entity, struct mime_message *msg, ULONG *defects)
{
    SIZE_T len;
    WCHAR *text;
    char *value;
    HRESULT hr;

    if ((hr = field_value(entity, "subject", &value, &len))) return hr;
    if (value)
    {
        msg->subject = field_decode_text(value, len, defects);
        mime_free(value);
        if (!msg->subject) return E_OUTOFMEMORY;
    }
    if ((hr = read_mailbox(entity, "from", defects, &msg->from))) return hr;
    if ((hr = read_mailbox(entity, "sender", defects, &msg->sender))) return hr;
    if ((hr = read_addresses(entity, "reply-to", defects, &msg->reply_to, &msg->reply_to_count))) return hr;
    if ((hr = read_recipients(entity, msg, defects))) return hr;
    if ((hr = field_value(entity, "date", &value, &len))) return hr;
    if (value && !field_date(value, len, &msg->date))
    {
        WARN("bad date %s.\n", debugstr_a(value));
        *defects |= MIME_DEFECT_BAD_DATE;
    }
    mime_free(value);
    if ((hr = id_field(entity, "message-id", FALSE, &msg->message_id))) return hr;
    if ((hr = id_field(entity, "in-reply-to", FALSE, &msg->in_reply_to))) return hr;
    if ((hr = id_field(entity, "references", FALSE, &msg->references))) return hr;
    if ((hr = read_importance(entity, msg))) return hr;
    if (!(text = charset_decode(entity->data, entity->header_size, 0, &len))) return E_OUTOFMEMORY;
    msg->headers = crlf_text(text, len);
    mime_free(text);
    return msg->headers ? S_OK : E_OUTOFMEMORY;
}

static HRESULT read_message(const char *data, SIZE_T size, int depth, ULONG *defects, struct mime_message **out)
{
    struct builder builder = {0};
    struct entity entity;
    ULONG own = 0;
    HRESULT hr;

    if (!(builder.msg = mime_alloc(sizeof(*builder.msg)))) return E_OUTOFMEMORY;
    builder.defects = &own;
    if (!(hr = parse_entity(data, size, TRUE, &own, &entity)))
    {
        if (!(hr = read_header(&entity, builder.msg, &own)))
            hr = process_entity(&builder, &entity, depth, FALSE, FALSE);
        mime_free(entity.fields);
    }
    if (hr)
    {
        mime_message_free(builder.msg);
        return hr;
    }
    builder.msg->defects = own;
    *defects |= own;
    *out = builder.msg;
    return S_OK;
}

HRESULT mime_read(const char *data, SIZE_T size, ULONG flags, struct mime_message **msg)
{
    ULONG defects = 0;
    HRESULT hr;

    TRACE("%p, %lu, %#lx, %p.\n", data, (ULONG)size, flags, msg);

    if (!msg || (!data && size)) return MAPI_E_INVALID_PARAMETER;
    *msg = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = read_message(data ? data : "", size, 0, &defects, msg))) return hr;
    if (defects) WARN("defects %#lx.\n", defects);
    return defects ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static void free_message_contents(struct mime_message *msg)
{
    ULONG i;

    mime_free(msg->subject);
    mime_free(msg->from.name);
    mime_free(msg->from.address);
    mime_free(msg->sender.name);
    mime_free(msg->sender.address);
    free_addresses(msg->reply_to, msg->reply_to_count);
    for (i = 0; i < msg->recipient_count; i++)
    {
        mime_free(msg->recipients[i].addr.name);
        mime_free(msg->recipients[i].addr.address);
    }
    mime_free(msg->recipients);
    mime_free(msg->message_id);
    mime_free(msg->in_reply_to);
    mime_free(msg->references);
    mime_free(msg->body);
    mime_free(msg->html);
    for (i = 0; i < msg->attachment_count; i++)
    {
        struct mime_attachment *att = &msg->attachments[i];

        mime_free(att->filename);
        mime_free(att->mime_type);
        mime_free(att->content_id);
        mime_free(att->data);
        mime_message_free(att->message);
    }
    mime_free(msg->attachments);
    mime_free(msg->headers);
}

void mime_message_free(struct mime_message *msg)
{
    if (!msg) return;
    free_message_contents(msg);
    mime_free(msg);
}
