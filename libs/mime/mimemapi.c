/*
 * MIME: MAPI messages to and from the plain message structure
 * (the mapping is documented in docs/mime.md)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "mimepriv.h"
#include "objbase.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

/* Embedded messages are followed to this depth at most. */
#define MAX_EMBEDDING 16

static const GUID iid_message = {0x00020307, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const BYTE oneoff_uid[16] = MAPI_ONE_OFF_UID;

static BOOL alloc_is_bad(const struct mime_allocators *alloc)
{
    return !alloc || !alloc->allocate_buffer || !alloc->allocate_more || !alloc->free_buffer;
}

/* A string tag of either type for GetProps: the store's own. */
#define STRING_TAG(tag) CHANGE_PROP_TYPE(tag, PT_UNSPECIFIED)

/* All of a property stream, read into the library's heap. */
static HRESULT read_stream(IMAPIProp *obj, ULONG tag, BYTE **data, SIZE_T *size)
{
    SIZE_T capacity = 4096;
    IUnknown *unknown;
    IStream *stream;
    BYTE *grown;
    HRESULT hr;
    ULONG got;

    *data = NULL;
    *size = 0;
    if ((hr = IMAPIProp_OpenProperty(obj, tag, &IID_IStream, 0, 0, &unknown))) return hr;
    hr = IUnknown_QueryInterface(unknown, &IID_IStream, (void **)&stream);
    IUnknown_Release(unknown);
    if (hr) return hr;
    for (;;)
    {
        if (!(grown = mime_realloc(*data, capacity + 2)))
        {
            hr = E_OUTOFMEMORY;
            break;
        }
        *data = grown;
        if (FAILED(hr = IStream_Read(stream, *data + *size, capacity - *size, &got))) break;
        *size += got;
        if (*size < capacity) break;
        capacity *= 2;
    }
    IStream_Release(stream);
    if (FAILED(hr))
    {
        mime_free(*data);
        *data = NULL;
        return hr;
    }
    return S_OK;
}

/* Code pages Windows names for charsets this library converts itself. */
static UINT internet_codepage(LONG cpid)
{
    switch (cpid)
    {
    case 20127: return MIME_CP_ASCII;
    case 50220: case 50221: case 50222: return MIME_CP_ISO2022JP;
    case 51932: case 20932: return MIME_CP_EUC_JP;
    }
    return cpid;
}

/* A string property as UTF-16, from either type, or from its stream when
 * the store says it is too big for GetProps (obj: NULL for a table row);
 * NULL when it has none. */
static HRESULT prop_string(IMAPIProp *obj, const SPropValue *value, WCHAR **out)
{
    ULONG id = PROP_ID(value->ulPropTag);
    SIZE_T size, len;
    BYTE *data;
    HRESULT hr;

    *out = NULL;
    switch (PROP_TYPE(value->ulPropTag))
    {
    case PT_UNICODE:
        return (*out = mime_wcsdup(value->Value.lpszW)) ? S_OK : E_OUTOFMEMORY;
    case PT_STRING8:
        return (*out = charset_decode(value->Value.lpszA, strlen(value->Value.lpszA), CP_ACP, &len))
                ? S_OK : E_OUTOFMEMORY;
    case PT_ERROR:
        if (!obj || value->Value.err != MAPI_E_NOT_ENOUGH_MEMORY) return S_OK;
        break;
    default:
        return S_OK;
    }
    if (!(hr = read_stream(obj, PROP_TAG(PT_UNICODE, id), &data, &size)))
    {
        *out = mime_wcsndup((const WCHAR *)data, size / sizeof(WCHAR));
        mime_free(data);
        return *out ? S_OK : E_OUTOFMEMORY;
    }
    if ((hr = read_stream(obj, PROP_TAG(PT_STRING8, id), &data, &size))) return hr;
    *out = charset_decode((const char *)data, size, CP_ACP, &len);
    mime_free(data);
    return *out ? S_OK : E_OUTOFMEMORY;
}

/* A binary property, from its stream when it is too big for GetProps. */
static HRESULT prop_binary(IMAPIProp *obj, const SPropValue *value, BYTE **data, SIZE_T *size)
{
    *data = NULL;
    *size = 0;
    if (PROP_TYPE(value->ulPropTag) == PT_ERROR && value->Value.err == MAPI_E_NOT_ENOUGH_MEMORY)
        return read_stream(obj, PROP_TAG(PT_BINARY, PROP_ID(value->ulPropTag)), data, size);
    if (PROP_TYPE(value->ulPropTag) != PT_BINARY) return S_OK;
    if (!(*data = mime_alloc(value->Value.bin.cb))) return E_OUTOFMEMORY;
    memcpy(*data, value->Value.bin.lpb, value->Value.bin.cb);
    *size = value->Value.bin.cb;
    return S_OK;
}

static HRESULT get_props(IMAPIProp *obj, const ULONG *tags, ULONG count, SPropValue **values)
{
    SPropTagArray *array;
    ULONG got;
    HRESULT hr;

    if (!(array = mime_alloc(offsetof(SPropTagArray, aulPropTag[count])))) return E_OUTOFMEMORY;
    array->cValues = count;
    memcpy(array->aulPropTag, tags, count * sizeof(ULONG));
    hr = IMAPIProp_GetProps(obj, array, MAPI_UNICODE, &got, values);
    mime_free(array);
    if (hr == MAPI_W_ERRORS_RETURNED) hr = S_OK;
    if (!hr && got != count) hr = MAPI_E_CALL_FAILED;
    return hr;
}

static BOOL is_smtp(const WCHAR *type)
{
    return type && !lstrcmpiW(type, L"SMTP");
}

/* The Internet address of an entry: its e-mail address for the SMTP
 * address type (or none given, with an @), else PR_SMTP_ADDRESS. */
static const WCHAR *internet_address(const WCHAR *type, const WCHAR *address, const WCHAR *smtp)
{
    if (address && *address && (is_smtp(type) || ((!type || !*type) && wcschr(address, '@')))) return address;
    if (smtp && *smtp) return smtp;
    return NULL;
}

enum { ADDR_NAME, ADDR_TYPE, ADDR_EMAIL, ADDR_SMTP, ADDR_COUNT };

/* An address from the name, type, e-mail address and SMTP address values
 * (in that order); address stays NULL when there is no Internet address. */
static HRESULT make_address(IMAPIProp *obj, const SPropValue *values, struct mime_address *addr)
{
    WCHAR *strings[ADDR_COUNT] = {0};
    const WCHAR *address;
    HRESULT hr = S_OK;
    ULONG i;

    for (i = 0; i < ADDR_COUNT && !hr; i++) hr = prop_string(obj, &values[i], &strings[i]);
    if (!hr && (address = internet_address(strings[ADDR_TYPE], strings[ADDR_EMAIL], strings[ADDR_SMTP])))
    {
        if (!(addr->address = mime_wcsdup(address))) hr = E_OUTOFMEMORY;
        addr->name = strings[ADDR_NAME];
        strings[ADDR_NAME] = NULL;
    }
    for (i = 0; i < ADDR_COUNT; i++) mime_free(strings[i]);
    return hr;
}

/* The strings of a one-off entry ID (MS-OXCDATA 2.2.5.1): display name,
 * address type and address, Unicode or 8-bit; FALSE when it is none. */
static BOOL oneoff_strings(const BYTE *eid, ULONG cb, WCHAR *strings[3])
{
    BOOL unicode;
    ULONG pos = 24, i, end;
    SIZE_T len;

    memset(strings, 0, 3 * sizeof(*strings));
    if (cb < 24 || memcmp(eid + 4, oneoff_uid, 16)) return FALSE;
    unicode = !!(eid[23] & (MAPI_ONE_OFF_UNICODE >> 8));
    for (i = 0; i < 3; i++)
    {
        if (unicode)
            for (end = pos; end + 1 < cb && (eid[end] || eid[end + 1]); end += 2);
        else
            for (end = pos; end < cb && eid[end]; end++);
        if (end >= cb || (unicode && end + 1 >= cb)) break;
        if (unicode) strings[i] = mime_wcsndup((const WCHAR *)(eid + pos), (end - pos) / sizeof(WCHAR));
        else strings[i] = charset_decode((const char *)eid + pos, end - pos, CP_ACP, &len);
        if (!strings[i]) break;
        pos = end + (unicode ? 2 : 1);
    }
    if (i == 3) return TRUE;
    for (i = 0; i < 3; i++) mime_free(strings[i]);
    return FALSE;
}

/* A one-off SMTP entry as an address; S_FALSE when the entry is none. */
static HRESULT parse_oneoff(const BYTE *eid, ULONG cb, struct mime_address *addr)
{
    WCHAR *strings[3];
    HRESULT hr = S_FALSE;

    if (!oneoff_strings(eid, cb, strings)) return S_FALSE;
    if (is_smtp(strings[1]) && *strings[2])
    {
        addr->name = strings[0];
        addr->address = strings[2];
        strings[0] = strings[2] = NULL;
        hr = S_OK;
    }
    mime_free(strings[0]);
    mime_free(strings[1]);
    mime_free(strings[2]);
    return hr;
}

/* Reply-To from PR_REPLY_RECIPIENT_ENTRIES: the one-off SMTP entries. */
static HRESULT read_reply_to(const SPropValue *value, struct mime_message *msg)
{
    const FLATENTRYLIST *list;
    ULONG i, offset = 0, cb;
    HRESULT hr;

    if (PROP_TYPE(value->ulPropTag) != PT_BINARY || value->Value.bin.cb < 8) return S_OK;
    list = (const FLATENTRYLIST *)value->Value.bin.lpb;
    if (list->cbEntries > value->Value.bin.cb - 8) return S_OK;
    if (!(msg->reply_to = mime_alloc(list->cEntries * sizeof(*msg->reply_to) + 1))) return E_OUTOFMEMORY;
    for (i = 0; i < list->cEntries && offset + 4 <= list->cbEntries; i++)
    {
        const BYTE *entry = list->abEntries + offset;

        cb = *(const ULONG *)entry;
        if (cb > list->cbEntries - offset - 4) break;
        hr = parse_oneoff(entry + 4, cb, &msg->reply_to[msg->reply_to_count]);
        if (FAILED(hr)) return hr;
        if (hr == S_OK) msg->reply_to_count++;
        else WARN("reply-to entry %lu is no SMTP one-off; left out.\n", i);
        offset += (4 + cb + 3) & ~3;
    }
    return S_OK;
}

static void free_rows(SRowSet *rows, const struct mime_allocators *alloc)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++) alloc->free_buffer(rows->aRow[i].lpProps);
    alloc->free_buffer(rows);
}

static HRESULT add_recipient(struct mime_message *msg, ULONG type, struct mime_address *addr)
{
    struct mime_recipient *grown;

    if (!(grown = mime_realloc(msg->recipients, (msg->recipient_count + 1) * sizeof(*grown)))) return E_OUTOFMEMORY;
    msg->recipients = grown;
    msg->recipients[msg->recipient_count].type = type;
    msg->recipients[msg->recipient_count++].addr = *addr;
    return S_OK;
}

/* The recipient table; recipients without an Internet address travel by
 * another transport and are not written. */
static HRESULT read_recipients(IMessage *message, const struct mime_allocators *alloc, struct mime_message *msg)
{
    SizedSPropTagArray(5, columns) = {5, {PR_RECIPIENT_TYPE, STRING_TAG(PR_DISPLAY_NAME_W),
            STRING_TAG(PR_ADDRTYPE_W), STRING_TAG(PR_EMAIL_ADDRESS_W), STRING_TAG(PR_SMTP_ADDRESS_W)}};
    struct mime_address addr;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if ((hr = IMessage_GetRecipientTable(message, MAPI_UNICODE, &table))) return hr;
    if ((hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0))) goto done;
    for (;;)
    {
        if ((hr = IMAPITable_QueryRows(table, 64, 0, &rows))) break;
        if (!rows->cRows)
        {
            free_rows(rows, alloc);
            break;
        }
        for (i = 0; i < rows->cRows && !hr; i++)
        {
            const SPropValue *props = rows->aRow[i].lpProps;
            ULONG type = PROP_TYPE(props[0].ulPropTag) == PT_LONG ? props[0].Value.l & ~MAPI_SUBMITTED : MAPI_TO;

            memset(&addr, 0, sizeof(addr));
            if ((hr = make_address(NULL, props + 1, &addr))) break;
            if (addr.address && type >= MAPI_TO && type <= MAPI_BCC)
            {
                if (!(hr = add_recipient(msg, type, &addr))) continue;
            }
            else WARN("recipient %lu (type %#lx) has no Internet address; left out.\n", i, type);
            mime_free(addr.name);
            mime_free(addr.address);
        }
        free_rows(rows, alloc);
        if (hr) break;
    }

done:
    IMAPITable_Release(table);
    return hr;
}

static HRESULT read_file(const WCHAR *path, BYTE **data, SIZE_T *size)
{
    LARGE_INTEGER file_size;
    HANDLE file;
    DWORD got;
    BOOL ok;

    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return MAPI_E_NOT_FOUND;
    if (!GetFileSizeEx(file, &file_size) || file_size.QuadPart > 0x7fffffff
            || !(*data = mime_alloc(file_size.QuadPart)))
    {
        CloseHandle(file);
        return E_OUTOFMEMORY;
    }
    ok = ReadFile(file, *data, file_size.LowPart, &got, NULL) && got == file_size.LowPart;
    CloseHandle(file);
    if (!ok) return MAPI_E_DISK_ERROR;
    *size = got;
    return S_OK;
}

static HRESULT message_from_imessage(IMessage *message, const struct mime_allocators *alloc, int depth,
        struct mime_message **out);

enum
{
    ATT_METHOD, ATT_LONG_FILENAME, ATT_FILENAME, ATT_DISPLAY_NAME, ATT_MIME_TAG, ATT_CONTENT_ID,
    ATT_DATA, ATT_HIDDEN, ATT_FLAGS, ATT_LONG_PATHNAME, ATT_PATHNAME, ATT_TAG_COUNT
};

static const ULONG attachment_tags[ATT_TAG_COUNT] =
{
    PR_ATTACH_METHOD, STRING_TAG(PR_ATTACH_LONG_FILENAME_W), STRING_TAG(PR_ATTACH_FILENAME_W),
    STRING_TAG(PR_DISPLAY_NAME_W), STRING_TAG(PR_ATTACH_MIME_TAG_W), STRING_TAG(PR_ATTACH_CONTENT_ID_W),
    PR_ATTACH_DATA_BIN, PR_ATTACHMENT_HIDDEN, PR_ATTACH_FLAGS, STRING_TAG(PR_ATTACH_LONG_PATHNAME_W),
    STRING_TAG(PR_ATTACH_PATHNAME_W),
};

static HRESULT attachment_data(IAttach *attach, const SPropValue *props, ULONG method,
        const struct mime_allocators *alloc, int depth, struct mime_attachment *att)
{
    IMessage *embedded;
    WCHAR *path = NULL;
    HRESULT hr;

    switch (method)
    {
    case ATTACH_BY_VALUE:
        return prop_binary((IMAPIProp *)attach, &props[ATT_DATA], &att->data, &att->size);
    case ATTACH_EMBEDDED_MSG:
        if (depth >= MAX_EMBEDDING) return MAPI_E_CALL_FAILED;
        if ((hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, 0, (IUnknown **)&embedded)))
            return hr;
        hr = message_from_imessage(embedded, alloc, depth + 1, &att->message);
        IMessage_Release(embedded);
        return hr;
    case ATTACH_BY_REFERENCE:
    case ATTACH_BY_REF_RESOLVE:
    case ATTACH_BY_REF_ONLY:
        if ((hr = prop_string((IMAPIProp *)attach, &props[ATT_LONG_PATHNAME], &path))) return hr;
        if (!path && (hr = prop_string((IMAPIProp *)attach, &props[ATT_PATHNAME], &path))) return hr;
        if (!path) return MAPI_E_NOT_FOUND;
        hr = read_file(path, &att->data, &att->size);
        mime_free(path);
        return hr;
    }
    FIXME("attachment method %lu not supported.\n", method);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT read_attachment(IMessage *message, LONG num, const struct mime_allocators *alloc, int depth,
        struct mime_attachment *att)
{
    SPropValue *props;
    IAttach *attach;
    ULONG method;
    HRESULT hr;

    if ((hr = IMessage_OpenAttach(message, num, NULL, 0, &attach))) return hr;
    if ((hr = get_props((IMAPIProp *)attach, attachment_tags, ATT_TAG_COUNT, &props)))
    {
        IAttach_Release(attach);
        return hr;
    }
    method = PROP_TYPE(props[ATT_METHOD].ulPropTag) == PT_LONG ? props[ATT_METHOD].Value.l : ATTACH_BY_VALUE;
    hr = prop_string((IMAPIProp *)attach, &props[ATT_LONG_FILENAME], &att->filename);
    if (!hr && !att->filename) hr = prop_string((IMAPIProp *)attach, &props[ATT_FILENAME], &att->filename);
    if (!hr && !att->filename && method != ATTACH_EMBEDDED_MSG)
        hr = prop_string((IMAPIProp *)attach, &props[ATT_DISPLAY_NAME], &att->filename);
    if (!hr) hr = prop_string((IMAPIProp *)attach, &props[ATT_MIME_TAG], &att->mime_type);
    if (!hr) hr = prop_string((IMAPIProp *)attach, &props[ATT_CONTENT_ID], &att->content_id);
    if (!hr && att->content_id)
    {
        BOOL hidden = PROP_TYPE(props[ATT_HIDDEN].ulPropTag) == PT_BOOLEAN && props[ATT_HIDDEN].Value.b;
        BOOL mhtml = PROP_TYPE(props[ATT_FLAGS].ulPropTag) == PT_LONG && (props[ATT_FLAGS].Value.l & ATT_MHTML_REF);

        att->is_inline = hidden || mhtml;
    }
    if (!hr) hr = attachment_data(attach, props, method, alloc, depth, att);
    alloc->free_buffer(props);
    IAttach_Release(attach);
    return hr;
}

static HRESULT read_attachments(IMessage *message, const struct mime_allocators *alloc, int depth,
        struct mime_message *msg)
{
    SizedSPropTagArray(1, columns) = {1, {PR_ATTACH_NUM}};
    struct mime_attachment *grown;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if ((hr = IMessage_GetAttachmentTable(message, MAPI_UNICODE, &table))) return hr;
    if ((hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0))) goto done;
    for (;;)
    {
        if ((hr = IMAPITable_QueryRows(table, 64, 0, &rows))) break;
        if (!rows->cRows)
        {
            free_rows(rows, alloc);
            break;
        }
        grown = mime_realloc(msg->attachments, (msg->attachment_count + rows->cRows) * sizeof(*grown));
        if (!grown) hr = E_OUTOFMEMORY;
        else msg->attachments = grown;
        for (i = 0; i < rows->cRows && !hr; i++)
        {
            if (PROP_TYPE(rows->aRow[i].lpProps[0].ulPropTag) != PT_LONG) continue;
            hr = read_attachment(message, rows->aRow[i].lpProps[0].Value.l, alloc, depth,
                    &msg->attachments[msg->attachment_count++]);
        }
        free_rows(rows, alloc);
        if (hr) break;
    }

done:
    IMAPITable_Release(table);
    return hr;
}

enum
{
    MSG_SUBJECT, MSG_BODY, MSG_HTML, MSG_CPID,
    MSG_SENDER_NAME, MSG_SENDER_TYPE, MSG_SENDER_EMAIL, MSG_SENDER_SMTP,
    MSG_REP_NAME, MSG_REP_TYPE, MSG_REP_EMAIL, MSG_REP_SMTP,
    MSG_SUBMIT_TIME, MSG_MESSAGE_ID, MSG_IN_REPLY_TO, MSG_REFERENCES, MSG_IMPORTANCE, MSG_PRIORITY,
    MSG_REPLY_ENTRIES, MSG_TAG_COUNT
};

static const ULONG message_tags[MSG_TAG_COUNT] =
{
    STRING_TAG(PR_SUBJECT_W), STRING_TAG(PR_BODY_W), PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_HTML)), PR_INTERNET_CPID,
    STRING_TAG(PR_SENDER_NAME_W), STRING_TAG(PR_SENDER_ADDRTYPE_W), STRING_TAG(PR_SENDER_EMAIL_ADDRESS_W),
    STRING_TAG(PR_SENDER_SMTP_ADDRESS_W),
    STRING_TAG(PR_SENT_REPRESENTING_NAME_W), STRING_TAG(PR_SENT_REPRESENTING_ADDRTYPE_W),
    STRING_TAG(PR_SENT_REPRESENTING_EMAIL_ADDRESS_W), STRING_TAG(PR_SENT_REPRESENTING_SMTP_ADDRESS_W),
    PR_CLIENT_SUBMIT_TIME, STRING_TAG(PR_INTERNET_MESSAGE_ID_W), STRING_TAG(PR_IN_REPLY_TO_ID_W),
    STRING_TAG(PR_INTERNET_REFERENCES_W), PR_IMPORTANCE, PR_PRIORITY, PR_REPLY_RECIPIENT_ENTRIES,
};

/* PR_HTML is bytes in PR_INTERNET_CPID's code page (without it: UTF-8
 * when they are, else Windows-1252); PR_BODY_HTML is text. */
static HRESULT read_html(IMAPIProp *obj, const SPropValue *props, WCHAR **html)
{
    LONG cpid = PROP_TYPE(props[MSG_CPID].ulPropTag) == PT_LONG ? props[MSG_CPID].Value.l : 0;
    const SPropValue *value = &props[MSG_HTML];
    SIZE_T size, len;
    BYTE *data;
    HRESULT hr;

    if (PROP_TYPE(value->ulPropTag) != PT_BINARY
            && !(PROP_TYPE(value->ulPropTag) == PT_ERROR && value->Value.err == MAPI_E_NOT_ENOUGH_MEMORY))
        return prop_string(obj, value, html);
    if ((hr = prop_binary(obj, value, &data, &size))) return prop_string(obj, value, html);
    *html = charset_decode((const char *)data, size, internet_codepage(cpid), &len);
    mime_free(data);
    return *html ? S_OK : E_OUTOFMEMORY;
}

static HRESULT read_message_props(IMessage *message, const SPropValue *props, struct mime_message *msg)
{
    IMAPIProp *obj = (IMAPIProp *)message;
    HRESULT hr;
    LONG value;

    if ((hr = prop_string(obj, &props[MSG_SUBJECT], &msg->subject))) return hr;
    if ((hr = prop_string(obj, &props[MSG_BODY], &msg->body))) return hr;
    if ((hr = read_html(obj, props, &msg->html))) return hr;
    if ((hr = make_address(obj, &props[MSG_SENDER_NAME], &msg->sender))) return hr;
    if ((hr = make_address(obj, &props[MSG_REP_NAME], &msg->from))) return hr;
    if (PROP_TYPE(props[MSG_SUBMIT_TIME].ulPropTag) == PT_SYSTIME) msg->date = props[MSG_SUBMIT_TIME].Value.ft;
    if ((hr = prop_string(obj, &props[MSG_MESSAGE_ID], &msg->message_id))) return hr;
    if ((hr = prop_string(obj, &props[MSG_IN_REPLY_TO], &msg->in_reply_to))) return hr;
    if ((hr = prop_string(obj, &props[MSG_REFERENCES], &msg->references))) return hr;
    if (PROP_TYPE(props[MSG_IMPORTANCE].ulPropTag) == PT_LONG)
    {
        value = props[MSG_IMPORTANCE].Value.l;
        if (value == IMPORTANCE_LOW) msg->importance = MIME_IMPORTANCE_LOW;
        else if (value == IMPORTANCE_HIGH) msg->importance = MIME_IMPORTANCE_HIGH;
        else msg->importance = MIME_IMPORTANCE_NORMAL;
    }
    if (PROP_TYPE(props[MSG_PRIORITY].ulPropTag) == PT_LONG)
    {
        value = props[MSG_PRIORITY].Value.l;
        msg->priority = value > 0 ? PRIO_URGENT : value < 0 ? PRIO_NONURGENT : PRIO_NORMAL;
    }
    return read_reply_to(&props[MSG_REPLY_ENTRIES], msg);
}

static HRESULT message_from_imessage(IMessage *message, const struct mime_allocators *alloc, int depth,
        struct mime_message **out)
{
    struct mime_message *msg;
    SPropValue *props;
    HRESULT hr;

    if (!(msg = mime_alloc(sizeof(*msg)))) return E_OUTOFMEMORY;
    if (!(hr = get_props((IMAPIProp *)message, message_tags, MSG_TAG_COUNT, &props)))
    {
        hr = read_message_props(message, props, msg);
        alloc->free_buffer(props);
    }
    if (!hr) hr = read_recipients(message, alloc, msg);
    if (!hr) hr = read_attachments(message, alloc, depth, msg);
    if (hr)
    {
        mime_message_free(msg);
        return hr;
    }
    *out = msg;
    return S_OK;
}

HRESULT mime_message_from_imessage(IMessage *message, const struct mime_allocators *alloc, struct mime_message **msg)
{
    TRACE("%p, %p, %p.\n", message, alloc, msg);

    if (!message || alloc_is_bad(alloc) || !msg) return MAPI_E_INVALID_PARAMETER;
    *msg = NULL;
    return message_from_imessage(message, alloc, 0, msg);
}

HRESULT mime_write_imessage(IMessage *message, const struct mime_allocators *alloc, ULONG flags,
        char **data, SIZE_T *size, WCHAR **message_id)
{
    struct mime_message *msg;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %p, %p.\n", message, alloc, flags, data, size, message_id);

    if (!message || alloc_is_bad(alloc) || !data || !size) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((hr = message_from_imessage(message, alloc, 0, &msg))) return hr;
    hr = mime_write(msg, flags, data, size, message_id);
    mime_message_free(msg);
    return hr;
}

/* A list of property values for SetProps; strings point into the message
 * structure or into blocks listed in owned. */
struct prop_list
{
    SPropValue values[40];
    ULONG count;
    void *owned[8];
    ULONG owned_count;
};

static void add_long(struct prop_list *list, ULONG tag, LONG value)
{
    list->values[list->count].ulPropTag = tag;
    list->values[list->count++].Value.l = value;
}

static void add_string(struct prop_list *list, ULONG tag, const WCHAR *value)
{
    if (!value) return;
    list->values[list->count].ulPropTag = tag;
    list->values[list->count++].Value.lpszW = (WCHAR *)value;
}

static void add_binary(struct prop_list *list, ULONG tag, BYTE *data, ULONG size)
{
    list->values[list->count].ulPropTag = tag;
    list->values[list->count].Value.bin.cb = size;
    list->values[list->count++].Value.bin.lpb = data;
}

static void *list_own(struct prop_list *list, void *block)
{
    if (block) list->owned[list->owned_count++] = block;
    return block;
}

static void list_free(struct prop_list *list)
{
    ULONG i;

    for (i = 0; i < list->owned_count; i++) mime_free(list->owned[i]);
}

/* A one-off entry ID for an SMTP address (MS-OXCDATA 2.2.5.1), Unicode,
 * without rich text. */
static BYTE *make_oneoff(const WCHAR *name, const WCHAR *address, ULONG *cb)
{
    ULONG name_size = (lstrlenW(name) + 1) * sizeof(WCHAR), address_size = (lstrlenW(address) + 1) * sizeof(WCHAR);
    WORD flags = MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO;
    BYTE *eid;

    *cb = 24 + name_size + sizeof(L"SMTP") + address_size;
    if (!(eid = mime_alloc(*cb))) return NULL;
    memcpy(eid + 4, oneoff_uid, sizeof(oneoff_uid));
    eid[22] = flags & 0xff;
    eid[23] = flags >> 8;
    memcpy(eid + 24, name, name_size);
    memcpy(eid + 24 + name_size, L"SMTP", sizeof(L"SMTP"));
    memcpy(eid + 24 + name_size + sizeof(L"SMTP"), address, address_size);
    return eid;
}

/* PR_SEARCH_KEY of an address: "SMTP:ADDRESS", upper case, NUL-terminated. */
static char *make_search_key(const WCHAR *address, ULONG *cb)
{
    SIZE_T len = lstrlenW(address) + 5;
    WCHAR *key;
    char *bytes = NULL;
    int size;

    if (!(key = mime_alloc((len + 1) * sizeof(WCHAR)))) return NULL;
    lstrcpyW(key, L"SMTP:");
    lstrcatW(key, address);
    LCMapStringW(LOCALE_INVARIANT, LCMAP_UPPERCASE, key, len, key, len);
    size = WideCharToMultiByte(CP_ACP, 0, key, -1, NULL, 0, NULL, NULL);
    if (size > 0 && (bytes = mime_alloc(size))) WideCharToMultiByte(CP_ACP, 0, key, -1, bytes, size, NULL, NULL);
    mime_free(key);
    *cb = size;
    return bytes;
}

static const WCHAR *display_name(const struct mime_address *addr)
{
    return addr->name && *addr->name ? addr->name : addr->address;
}

/* The five properties of an address: name, type, address, entry ID, search key. */
static HRESULT add_address(struct prop_list *list, const struct mime_address *addr, const ULONG *tags)
{
    ULONG eid_size, key_size;
    BYTE *eid, *key;

    if (!(eid = list_own(list, make_oneoff(display_name(addr), addr->address, &eid_size)))) return E_OUTOFMEMORY;
    if (!(key = list_own(list, make_search_key(addr->address, &key_size)))) return E_OUTOFMEMORY;
    add_string(list, tags[0], display_name(addr));
    add_string(list, tags[1], L"SMTP");
    add_string(list, tags[2], addr->address);
    add_binary(list, tags[3], eid, eid_size);
    add_binary(list, tags[4], key, key_size);
    return S_OK;
}

static const ULONG sender_tags[] =
    {PR_SENDER_NAME_W, PR_SENDER_ADDRTYPE_W, PR_SENDER_EMAIL_ADDRESS_W, PR_SENDER_ENTRYID, PR_SENDER_SEARCH_KEY};
static const ULONG representing_tags[] =
    {PR_SENT_REPRESENTING_NAME_W, PR_SENT_REPRESENTING_ADDRTYPE_W, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W,
     PR_SENT_REPRESENTING_ENTRYID, PR_SENT_REPRESENTING_SEARCH_KEY};

/* PR_REPLY_RECIPIENT_ENTRIES (a FLATENTRYLIST of one-offs) and
 * PR_REPLY_RECIPIENT_NAMES ("; " between the names). */
static HRESULT add_reply_to(struct prop_list *list, const struct mime_message *msg)
{
    ULONG i, total = 8, cb, names = 1;
    FLATENTRYLIST *flat;
    WCHAR *text;
    BYTE *pos;

    for (i = 0; i < msg->reply_to_count; i++)
    {
        BYTE *eid = make_oneoff(display_name(&msg->reply_to[i]), msg->reply_to[i].address, &cb);

        if (!eid) return E_OUTOFMEMORY;
        mime_free(eid);
        total += (4 + cb + 3) & ~3;
        names += lstrlenW(display_name(&msg->reply_to[i])) + 2;
    }
    if (!(flat = list_own(list, mime_alloc(total)))) return E_OUTOFMEMORY;
    if (!(text = list_own(list, mime_alloc(names * sizeof(WCHAR))))) return E_OUTOFMEMORY;
    flat->cEntries = msg->reply_to_count;
    flat->cbEntries = total - 8;
    for (i = 0, pos = flat->abEntries; i < msg->reply_to_count; i++)
    {
        BYTE *eid = make_oneoff(display_name(&msg->reply_to[i]), msg->reply_to[i].address, &cb);

        if (!eid) return E_OUTOFMEMORY;
        memcpy(pos, &cb, 4);
        memcpy(pos + 4, eid, cb);
        mime_free(eid);
        pos += (4 + cb + 3) & ~3;
        if (i) lstrcatW(text, L"; ");
        lstrcatW(text, display_name(&msg->reply_to[i]));
    }
    add_binary(list, PR_REPLY_RECIPIENT_ENTRIES, (BYTE *)flat, total);
    add_string(list, PR_REPLY_RECIPIENT_NAMES_W, text);
    return S_OK;
}

/* SetProps, with the problems it reports taken as failure. */
static HRESULT set_props(IMAPIProp *obj, SPropValue *values, ULONG count, const struct mime_allocators *alloc)
{
    SPropProblemArray *problems = NULL;
    HRESULT hr;

    if (!count) return S_OK;
    if ((hr = IMAPIProp_SetProps(obj, count, values, &problems))) return hr;
    if (!problems) return S_OK;
    if (problems->cProblem)
    {
        WARN("property %#lx refused: %#lx.\n", problems->aProblem[0].ulPropTag, problems->aProblem[0].scode);
        hr = problems->aProblem[0].scode;
    }
    alloc->free_buffer(problems);
    return hr;
}

/* A value that may be too big for SetProps goes through a stream then. */
static HRESULT set_big_prop(IMAPIProp *obj, ULONG tag, const void *data, ULONG size,
        const struct mime_allocators *alloc)
{
    SPropValue value;
    IUnknown *unknown;
    IStream *stream;
    ULONG written;
    HRESULT hr;

    value.ulPropTag = tag;
    if (PROP_TYPE(tag) == PT_BINARY)
    {
        value.Value.bin.cb = size;
        value.Value.bin.lpb = (BYTE *)data;
    }
    else value.Value.lpszW = (WCHAR *)data;
    if ((hr = set_props(obj, &value, 1, alloc)) != MAPI_E_NOT_ENOUGH_MEMORY) return hr;
    if ((hr = IMAPIProp_OpenProperty(obj, tag, &IID_IStream, STGM_READWRITE, MAPI_CREATE | MAPI_MODIFY, &unknown)))
        return hr;
    hr = IUnknown_QueryInterface(unknown, &IID_IStream, (void **)&stream);
    IUnknown_Release(unknown);
    if (hr) return hr;
    if (PROP_TYPE(tag) != PT_BINARY) size = (lstrlenW(data) + 1) * sizeof(WCHAR);
    if (SUCCEEDED(hr = IStream_Write(stream, data, size, &written)) && written != size) hr = MAPI_E_DISK_ERROR;
    if (SUCCEEDED(hr)) hr = IStream_Commit(stream, 0);
    IStream_Release(stream);
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT set_message_props(IMessage *message, const struct mime_message *msg,
        const struct mime_allocators *alloc)
{
    const struct mime_address *sender = msg->sender.address ? &msg->sender : &msg->from;
    struct prop_list list = {{{0}}};
    HRESULT hr = S_OK;

    add_string(&list, PR_MESSAGE_CLASS_W, L"IPM.Note");
    add_string(&list, PR_SUBJECT_W, msg->subject);
    if (msg->from.address) hr = add_address(&list, &msg->from, representing_tags);
    if (!hr && sender->address) hr = add_address(&list, sender, sender_tags);
    if (!hr && msg->reply_to_count) hr = add_reply_to(&list, msg);
    if (msg->date.dwLowDateTime || msg->date.dwHighDateTime)
    {
        list.values[list.count].ulPropTag = PR_CLIENT_SUBMIT_TIME;
        list.values[list.count++].Value.ft = msg->date;
    }
    add_string(&list, PR_INTERNET_MESSAGE_ID_W, msg->message_id);
    add_string(&list, PR_IN_REPLY_TO_ID_W, msg->in_reply_to);
    add_string(&list, PR_INTERNET_REFERENCES_W, msg->references);
    if (msg->importance == MIME_IMPORTANCE_LOW) add_long(&list, PR_IMPORTANCE, IMPORTANCE_LOW);
    else if (msg->importance == MIME_IMPORTANCE_HIGH) add_long(&list, PR_IMPORTANCE, IMPORTANCE_HIGH);
    else if (msg->importance == MIME_IMPORTANCE_NORMAL) add_long(&list, PR_IMPORTANCE, IMPORTANCE_NORMAL);
    if (msg->priority) add_long(&list, PR_PRIORITY, msg->priority);
    if (msg->html) add_long(&list, PR_INTERNET_CPID, CP_UTF8);
    if (!hr) hr = set_props((IMAPIProp *)message, list.values, list.count, alloc);
    list_free(&list);
    return hr;
}

static HRESULT set_message_text(IMessage *message, const struct mime_message *msg, const struct mime_allocators *alloc)
{
    HRESULT hr;
    SIZE_T size;
    char *html;

    if (msg->body && (hr = set_big_prop((IMAPIProp *)message, PR_BODY_W, msg->body, 0, alloc))) return hr;
    if (msg->headers
            && (hr = set_big_prop((IMAPIProp *)message, PR_TRANSPORT_MESSAGE_HEADERS_W, msg->headers, 0, alloc)))
        return hr;
    if (!msg->html) return S_OK;
    if (!(html = charset_utf8(msg->html, lstrlenW(msg->html), &size))) return E_OUTOFMEMORY;
    hr = set_big_prop((IMAPIProp *)message, PR_HTML, html, size, alloc);
    mime_free(html);
    return hr;
}

static HRESULT fill_recipient(ADRENTRY *entry, const struct mime_recipient *recipient,
        const struct mime_allocators *alloc)
{
    static const ULONG tags[] = {PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_ENTRYID, PR_SEARCH_KEY};
    struct prop_list list = {{{0}}};
    SPropValue *values;
    HRESULT hr;
    ULONG i;

    if (!recipient->addr.address) return MAPI_E_INVALID_PARAMETER;
    if ((hr = add_address(&list, &recipient->addr, tags))) goto done;
    add_long(&list, PR_RECIPIENT_TYPE, recipient->type);
    add_long(&list, PR_DISPLAY_TYPE, DT_MAILUSER);
    add_long(&list, PR_OBJECT_TYPE, MAPI_MAILUSER);
    list.values[list.count].ulPropTag = PR_SEND_RICH_INFO;
    list.values[list.count++].Value.b = FALSE;
    if ((hr = alloc->allocate_buffer(list.count * sizeof(SPropValue), (void **)&values))) goto done;
    entry->rgPropVals = values;
    entry->cValues = list.count;
    for (i = 0; i < list.count && !hr; i++)
    {
        ULONG size = 0;
        void *copy;

        values[i] = list.values[i];
        if (PROP_TYPE(values[i].ulPropTag) == PT_UNICODE) size = (lstrlenW(values[i].Value.lpszW) + 1) * sizeof(WCHAR);
        else if (PROP_TYPE(values[i].ulPropTag) == PT_BINARY) size = values[i].Value.bin.cb;
        if (!size || (hr = alloc->allocate_more(size, values, &copy))) continue;
        if (PROP_TYPE(values[i].ulPropTag) == PT_UNICODE)
        {
            memcpy(copy, values[i].Value.lpszW, size);
            values[i].Value.lpszW = copy;
        }
        else
        {
            memcpy(copy, values[i].Value.bin.lpb, size);
            values[i].Value.bin.lpb = copy;
        }
    }

done:
    list_free(&list);
    return hr;
}

/* ModifyRecipients with the one-off properties of each recipient; the
 * list and each entry's values are separate MAPI blocks, as the method
 * wants them, and a block it swapped in is freed as well. */
static HRESULT set_recipients(IMessage *message, const struct mime_message *msg, const struct mime_allocators *alloc)
{
    SPropValue **originals;
    ADRLIST *list;
    HRESULT hr;
    ULONG i;

    if (!msg->recipient_count) return S_OK;
    if (!(originals = mime_alloc(msg->recipient_count * sizeof(*originals)))) return E_OUTOFMEMORY;
    hr = alloc->allocate_buffer(offsetof(ADRLIST, aEntries[msg->recipient_count]), (void **)&list);
    if (hr)
    {
        mime_free(originals);
        return hr;
    }
    memset(list, 0, offsetof(ADRLIST, aEntries[msg->recipient_count]));
    list->cEntries = msg->recipient_count;
    for (i = 0; i < msg->recipient_count && !hr; i++)
    {
        hr = fill_recipient(&list->aEntries[i], &msg->recipients[i], alloc);
        originals[i] = list->aEntries[i].rgPropVals;
    }
    if (!hr) hr = IMessage_ModifyRecipients(message, 0, list);
    for (i = 0; i < msg->recipient_count; i++)
    {
        if (list->aEntries[i].rgPropVals != originals[i]) alloc->free_buffer(list->aEntries[i].rgPropVals);
        if (originals[i]) alloc->free_buffer(originals[i]);
    }
    alloc->free_buffer(list);
    mime_free(originals);
    return hr;
}

static HRESULT message_to_imessage(const struct mime_message *msg, IMessage *message,
        const struct mime_allocators *alloc, int depth);

static HRESULT set_embedded(IAttach *attach, const struct mime_message *msg, const struct mime_allocators *alloc,
        int depth)
{
    IMessage *embedded;
    HRESULT hr;

    if (depth >= MAX_EMBEDDING) return MAPI_E_CALL_FAILED;
    if ((hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&embedded)))
        return hr;
    if (!(hr = message_to_imessage(msg, embedded, alloc, depth + 1))) hr = IMessage_SaveChanges(embedded, 0);
    IMessage_Release(embedded);
    return hr;
}

static HRESULT add_attachment(IMessage *message, const struct mime_attachment *att,
        const struct mime_allocators *alloc, int depth)
{
    struct prop_list list = {{{0}}};
    const WCHAR *dot = att->filename ? wcsrchr(att->filename, '.') : NULL;
    const WCHAR *name = att->message ? att->message->subject : att->filename;
    IAttach *attach;
    ULONG num;
    HRESULT hr;

    if ((hr = IMessage_CreateAttach(message, NULL, 0, &num, &attach))) return hr;
    add_long(&list, PR_ATTACH_METHOD, att->message ? ATTACH_EMBEDDED_MSG : ATTACH_BY_VALUE);
    add_string(&list, PR_ATTACH_LONG_FILENAME_W, att->filename);
    add_string(&list, PR_DISPLAY_NAME_W, name ? name : att->filename);
    add_string(&list, PR_ATTACH_EXTENSION_W, dot);
    add_string(&list, PR_ATTACH_MIME_TAG_W, att->mime_type);
    add_string(&list, PR_ATTACH_CONTENT_ID_W, att->content_id);
    add_long(&list, PR_RENDERING_POSITION, -1);
    if (att->is_inline && att->content_id)
    {
        add_long(&list, PR_ATTACH_FLAGS, ATT_MHTML_REF);
        list.values[list.count].ulPropTag = PR_ATTACHMENT_HIDDEN;
        list.values[list.count++].Value.b = TRUE;
    }
    hr = set_props((IMAPIProp *)attach, list.values, list.count, alloc);
    if (!hr && att->message) hr = set_embedded(attach, att->message, alloc, depth);
    else if (!hr) hr = set_big_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, att->data ? att->data : (BYTE *)"",
            att->size, alloc);
    if (!hr) hr = IAttach_SaveChanges(attach, KEEP_OPEN_READWRITE);
    IAttach_Release(attach);
    return hr;
}

static HRESULT message_to_imessage(const struct mime_message *msg, IMessage *message,
        const struct mime_allocators *alloc, int depth)
{
    HRESULT hr;
    ULONG i;

    if ((hr = set_message_props(message, msg, alloc))) return hr;
    if ((hr = set_message_text(message, msg, alloc))) return hr;
    if ((hr = set_recipients(message, msg, alloc))) return hr;
    for (i = 0; i < msg->attachment_count; i++)
        if ((hr = add_attachment(message, &msg->attachments[i], alloc, depth))) return hr;
    return S_OK;
}

HRESULT mime_message_to_imessage(const struct mime_message *msg, IMessage *message,
        const struct mime_allocators *alloc)
{
    TRACE("%p, %p, %p.\n", msg, message, alloc);

    if (!msg || !message || alloc_is_bad(alloc)) return MAPI_E_INVALID_PARAMETER;
    return message_to_imessage(msg, message, alloc, 0);
}

HRESULT mime_read_imessage(const char *data, SIZE_T size, IMessage *message, const struct mime_allocators *alloc,
        ULONG flags)
{
    struct mime_message *msg;
    HRESULT hr, read_hr;

    TRACE("%p, %lu, %p, %p, %#lx.\n", data, (ULONG)size, message, alloc, flags);

    if (!message || alloc_is_bad(alloc)) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(read_hr = mime_read(data, size, flags, &msg))) return read_hr;
    hr = message_to_imessage(msg, message, alloc, 0);
    mime_message_free(msg);
    return hr ? hr : read_hr;
}
