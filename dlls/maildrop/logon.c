/*
 * The mail-drop transport: the logon object (IXPLogon), sending into the
 * outbound Maildir and receiving from the inbound one
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Address types.  AddressTypes answers "SMTP" and no MAPIUID.  One-off
 * recipients carry the one-off MUID in their entry IDs whatever their
 * address type, so registering that UID would route an "X400:..." one-off
 * here too; SMTP one-offs have PR_ADDRTYPE "SMTP" and reach the transport
 * by type.
 *
 * Sending.  SubmitMessage takes the recipients whose PR_RESPONSIBILITY is
 * FALSE and whose address type is SMTP, writes the message once (libs/mime)
 * with the envelope field MAILDROP_ENVELOPE_FIELD first, listing the
 * address of every one of them, blind copies included (they appear in no
 * other field), and sets their PR_RESPONSIBILITY.  A program that relays
 * the files must take the recipients from that field and remove it.  A
 * recipient whose address is no Internet address, and every recipient of a
 * message that cannot be written as an Internet message, get a
 * non-delivery report through IMAPISupport::StatusRecips and are marked
 * too; a failure to write the file is returned, and the spooler tries
 * again.  The From field is the message's sender (PR_SENT_REPRESENTING_*,
 * else PR_SENDER_*), else the configured sender.
 *
 * Receiving.  With an inbound Maildir the logon asks for LOGON_SP_POLL.
 * Poll counts the files of new/; StartMessage claims the oldest, reads it
 * into the message, saves it, and only then moves the file into cur/.  A
 * file that is not an Internet message goes to bad/ and the next one is
 * taken.  When the store does not take a message (filling it or
 * SaveChanges fails), the file stays in new/ and is passed over for a
 * while, so the others still come in; one that fails to be filled
 * IMPORT_ATTEMPTS times goes to bad/.
 *
 * Logoff.  TransportLogoff may come at any time, from any thread, even
 * while SubmitMessage runs: it marks the logon stopping (a running
 * SubmitMessage then writes nothing more), hands the object to MAPI with
 * MakeInvalid, and releases the support object last.  Code that calls the
 * support object takes a reference of its own first, so that release can
 * happen under it safely.
 */

#include <stdio.h>

#include "maildrop.h"

WINE_DEFAULT_DEBUG_CHANNEL(maildrop);

#ifndef MODRECIP_MODIFY
#define MODRECIP_MODIFY 0x00000004
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(count) (offsetof(ADRLIST, aEntries) + (count) * sizeof(ADRENTRY))
#endif
/* PR_NDR_REASON_CODE and PR_NDR_DIAG_CODE values (MAPI SDK). */
#define REASON_TRANSFER_IMPOSSIBLE      1
#define REASON_CONVERSION_NOT_PERFORMED 2
#define DIAG_NO_DIAGNOSTIC              (-1)
#define DIAG_OR_NAME_UNRECOGNIZED       0

#define RETRY_DELAY_MS      30000   /* a file the store did not take is passed over this long */
#define IMPORT_ATTEMPTS     3       /* a file that cannot be filled in this often goes to bad/ */
#define LOGON_METHODS       (sizeof(IXPLogonVtbl) / sizeof(void *))

/* Made by TransportLogon with the MAPIAllocateBuffer MAPI gave the
 * provider, so that MakeInvalid can take it over; the spooler holds it. */
struct xp_logon
{
    IXPLogon IXPLogon_iface;
    LONG refcount;                  /* MakeInvalid keeps its count right here */
    struct logon_state *state;
};

static inline struct xp_logon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct xp_logon, IXPLogon_iface);
}

/* ------------------------------------------------------------------------
 * The shared state
 */

static void state_addref(struct logon_state *state)
{
    InterlockedIncrement(&state->refs);
}

void state_release(struct logon_state *state)
{
    if (InterlockedDecrement(&state->refs)) return;
    DeleteCriticalSection(&state->cs);
    DeleteCriticalSection(&state->status_cs);
    HeapFree(GetProcessHeap(), 0, state->identity);
    HeapFree(GetProcessHeap(), 0, state->pending);
    HeapFree(GetProcessHeap(), 0, state);
    InterlockedDecrement(&maildrop_objects);
}

/* The support object, AddRef'd, or NULL once the logon is stopping. */
IMAPISupport *state_support(struct logon_state *state)
{
    IMAPISupport *support;

    EnterCriticalSection(&state->cs);
    if ((support = state->stopping ? NULL : state->support)) IMAPISupport_AddRef(support);
    LeaveCriticalSection(&state->cs);
    return support;
}

/* The start of a call: FALSE (and no reference taken) once the logon is stopping. */
static BOOL call_begin(struct logon_state *state)
{
    BOOL stopping;

    EnterCriticalSection(&state->cs);
    stopping = state->stopping;
    if (!stopping) state_addref(state);
    LeaveCriticalSection(&state->cs);
    return !stopping;
}

static void call_end(struct logon_state *state)
{
    state_release(state);
}

/* A copy of the configuration, read again first when it changed. */
static void state_config(struct logon_state *state, struct maildrop_config *config)
{
    struct maildrop_config fresh;
    IMAPISupport *support;
    BOOL reload;

    EnterCriticalSection(&state->cs);
    reload = state->reload;
    state->reload = FALSE;
    LeaveCriticalSection(&state->cs);
    if (reload && (support = state_support(state)))
    {
        if (SUCCEEDED(config_read(support, state->profile, &fresh)))
        {
            EnterCriticalSection(&state->cs);
            if (!state->config.inbox[0] && fresh.inbox[0])
                WARN("an inbound Maildir was configured after logon; it is read from the next logon on.\n");
            state->config = fresh;
            LeaveCriticalSection(&state->cs);
        }
        IMAPISupport_Release(support);
    }
    EnterCriticalSection(&state->cs);
    *config = state->config;
    LeaveCriticalSection(&state->cs);
}

/* ------------------------------------------------------------------------
 * The status row
 */

static char *wide_to_ansi_alloc(const WCHAR *str)
{
    int len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    char *ret;

    if ((ret = HeapAlloc(GetProcessHeap(), 0, max(len, 1)))) WideCharToMultiByte(CP_ACP, 0, str, -1, ret, len, NULL, NULL);
    if (ret && !len) ret[0] = 0;
    return ret;
}

/* "SMTP:ADDRESS" with its terminator, as one-off search keys are; HeapAlloc. */
BYTE *search_key(const WCHAR *address, ULONG *cb)
{
    char *key, *p;
    int len = WideCharToMultiByte(CP_ACP, 0, address, -1, NULL, 0, NULL, NULL);

    if (!len || !(key = HeapAlloc(GetProcessHeap(), 0, len + 5))) return NULL;
    lstrcpyA(key, "SMTP:");
    WideCharToMultiByte(CP_ACP, 0, address, -1, key + 5, len, NULL, NULL);
    for (p = key; *p; p++)
        if (*p >= 'a' && *p <= 'z') *p -= 'a' - 'A';
    *cb = len + 5;
    return (BYTE *)key;
}

/* Sends the current code and string; full: the whole row, as at logon. */
static void status_send(struct logon_state *state, BOOL full)
{
    char string[256], display[256], *identity_name = NULL;
    SPropValue row[8];
    IMAPISupport *support;
    ULONG code, n = 0, cb_key = 0;
    BYTE *key = NULL;
    HRESULT hr;

    EnterCriticalSection(&state->status_cs);
    EnterCriticalSection(&state->cs);
    code = state->status_code;
    lstrcpyA(string, state->status_string);
    lstrcpyA(display, state->config.display);
    if (full && state->config.sender[0])
    {
        identity_name = wide_to_ansi_alloc(state->config.sender_name[0] ? state->config.sender_name
                : state->config.sender);
        key = search_key(state->config.sender, &cb_key);
    }
    LeaveCriticalSection(&state->cs);

    row[n].ulPropTag = PR_STATUS_CODE;
    row[n++].Value.l = code;
    row[n].ulPropTag = PR_STATUS_STRING_A;
    row[n++].Value.lpszA = string;
    if (full)
    {
        row[n].ulPropTag = PR_DISPLAY_NAME_A;
        row[n++].Value.lpszA = display;
        row[n].ulPropTag = PR_PROVIDER_DISPLAY_A;
        row[n++].Value.lpszA = (char *)MAILDROP_PROVIDER_DISPLAY;
        row[n].ulPropTag = PR_RESOURCE_METHODS;
        row[n++].Value.l = STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES;
        if (identity_name)
        {
            row[n].ulPropTag = PR_IDENTITY_DISPLAY_A;
            row[n++].Value.lpszA = identity_name;
        }
        if (state->identity)
        {
            row[n].ulPropTag = PR_IDENTITY_ENTRYID;
            row[n].Value.bin.cb = state->cb_identity;
            row[n++].Value.bin.lpb = (BYTE *)state->identity;
        }
        if (key)
        {
            row[n].ulPropTag = PR_IDENTITY_SEARCH_KEY;
            row[n].Value.bin.cb = cb_key;
            row[n++].Value.bin.lpb = key;
        }
    }
    if ((support = state_support(state)))
    {
        hr = IMAPISupport_ModifyStatusRow(support, n, row, full ? 0 : STATUSROW_UPDATE);
        if (FAILED(hr)) WARN("ModifyStatusRow failed, hr %#lx.\n", hr);
        IMAPISupport_Release(support);
    }
    LeaveCriticalSection(&state->status_cs);
    HeapFree(GetProcessHeap(), 0, identity_name);
    HeapFree(GetProcessHeap(), 0, key);
}

/* Changes status bits and, unless string is NULL, the status string; the
 * row is sent when either changed. */
static void status_set(struct logon_state *state, ULONG set, ULONG clear, const char *string)
{
    BOOL changed;
    ULONG old;

    EnterCriticalSection(&state->cs);
    old = state->status_code;
    state->status_code = (old | set) & ~clear;
    changed = state->status_code != old;
    if (string && strcmp(string, state->status_string))
    {
        lstrcpynA(state->status_string, string, sizeof(state->status_string));
        changed = TRUE;
    }
    LeaveCriticalSection(&state->cs);
    if (changed) status_send(state, FALSE);
}

void spooler_notify(struct logon_state *state, ULONG flags)
{
    IMAPISupport *support;
    HRESULT hr;

    if (!(support = state_support(state))) return;
    if (FAILED(hr = IMAPISupport_SpoolerNotify(support, flags, NULL)))
        WARN("SpoolerNotify(%#lx) failed, hr %#lx.\n", flags, hr);
    IMAPISupport_Release(support);
}

/* ------------------------------------------------------------------------
 * Sending
 */

static const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (PROP_ID(row->lpProps[i].ulPropTag) == PROP_ID(tag) && PROP_TYPE(row->lpProps[i].ulPropTag) != PT_ERROR)
            return &row->lpProps[i];
    return NULL;
}

/* A string value of either width as a new heap string; NULL when there is none. */
static WCHAR *row_string(const SRow *row, ULONG tag)
{
    const SPropValue *value = row_prop(row, tag);
    WCHAR *ret;
    int len;

    if (!value) return NULL;
    if (PROP_TYPE(value->ulPropTag) == PT_UNICODE)
    {
        if ((ret = HeapAlloc(GetProcessHeap(), 0, (lstrlenW(value->Value.lpszW) + 1) * sizeof(WCHAR))))
            lstrcpyW(ret, value->Value.lpszW);
        return ret;
    }
    if (PROP_TYPE(value->ulPropTag) != PT_STRING8) return NULL;
    len = MultiByteToWideChar(CP_ACP, 0, value->Value.lpszA, -1, NULL, 0);
    if ((ret = HeapAlloc(GetProcessHeap(), 0, max(len, 1) * sizeof(WCHAR))))
    {
        ret[0] = 0;
        MultiByteToWideChar(CP_ACP, 0, value->Value.lpszA, -1, ret, len);
    }
    return ret;
}

enum recip_fate
{
    RECIP_OTHER,                    /* not this transport's: left alone */
    RECIP_SEND,                     /* written to the envelope */
    RECIP_BAD,                      /* reported as not delivered */
};

/* The message being sent: its recipients (every column) and what becomes of each. */
struct outbound
{
    SRow *rows;                     /* lpProps from the table, freed with free_buffer */
    ULONG count;
    enum recip_fate *fate;
    WCHAR **address;                /* HeapAlloc'd, of RECIP_SEND and RECIP_BAD rows */
    LONG reason, diag;              /* for RECIP_BAD rows that got no report of their own */
    WCHAR subject[128];
};

static void outbound_free(struct outbound *out, const struct mime_allocators *alloc)
{
    ULONG i;

    for (i = 0; i < out->count; i++)
    {
        alloc->free_buffer(out->rows[i].lpProps);
        if (out->address) HeapFree(GetProcessHeap(), 0, out->address[i]);
    }
    HeapFree(GetProcessHeap(), 0, out->rows);
    HeapFree(GetProcessHeap(), 0, out->fate);
    HeapFree(GetProcessHeap(), 0, out->address);
}

/* Every row of the recipient table with every column. */
static HRESULT outbound_read_rows(IMessage *message, const struct mime_allocators *alloc, struct outbound *out)
{
    SPropTagArray *columns = NULL;
    IMAPITable *table;
    SRowSet *rows;
    SRow *grown;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = IMessage_GetRecipientTable(message, 0, &table))) return hr;
    if (SUCCEEDED(hr = IMAPITable_QueryColumns(table, TBL_ALL_COLUMNS, &columns)))
    {
        hr = IMAPITable_SetColumns(table, columns, 0);
        alloc->free_buffer(columns);
    }
    while (SUCCEEDED(hr))
    {
        if (FAILED(hr = IMAPITable_QueryRows(table, 64, 0, &rows))) break;
        if (!rows->cRows)
        {
            alloc->free_buffer(rows);
            break;
        }
        if (!(grown = out->rows ? HeapReAlloc(GetProcessHeap(), 0, out->rows, (out->count + rows->cRows) * sizeof(SRow))
                : HeapAlloc(GetProcessHeap(), 0, rows->cRows * sizeof(SRow))))
        {
            for (i = 0; i < rows->cRows; i++) alloc->free_buffer(rows->aRow[i].lpProps);
            alloc->free_buffer(rows);
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        out->rows = grown;
        for (i = 0; i < rows->cRows; i++) out->rows[out->count++] = rows->aRow[i];
        alloc->free_buffer(rows);
    }
    IMAPITable_Release(table);
    return hr;
}

/* Reads the recipients and decides which are this transport's. */
static HRESULT outbound_read(IMessage *message, const struct mime_allocators *alloc, struct outbound *out)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_SUBJECT_W}};
    SPropValue *props = NULL;
    const SPropValue *value;
    WCHAR *type;
    ULONG i, count, recip_type;
    HRESULT hr;

    memset(out, 0, sizeof(*out));
    if (SUCCEEDED(IMessage_GetProps(message, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &props))
            && props[0].ulPropTag == PR_SUBJECT_W)
        lstrcpynW(out->subject, props[0].Value.lpszW, ARRAY_SIZE(out->subject));
    alloc->free_buffer(props);
    if (FAILED(hr = outbound_read_rows(message, alloc, out))) return hr;
    out->fate = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (out->count + 1) * sizeof(*out->fate));
    out->address = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (out->count + 1) * sizeof(*out->address));
    if (!out->fate || !out->address) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < out->count; i++)
    {
        const SRow *row = &out->rows[i];

        if ((value = row_prop(row, PR_RESPONSIBILITY)) && value->Value.b) continue;
        recip_type = (value = row_prop(row, PR_RECIPIENT_TYPE)) ? value->Value.l & ~(MAPI_SUBMITTED | MAPI_P1) : MAPI_TO;
        if (recip_type != MAPI_TO && recip_type != MAPI_CC && recip_type != MAPI_BCC) continue;
        if (!(type = row_string(row, PR_ADDRTYPE_W))) continue;
        if (!lstrcmpiW(type, L"" MAILDROP_ADDRTYPE))
        {
            out->address[i] = row_string(row, PR_EMAIL_ADDRESS_W);
            out->fate[i] = address_is_valid(out->address[i]) ? RECIP_SEND : RECIP_BAD;
            if (out->fate[i] == RECIP_BAD)
                WARN("%s is not an Internet address; reported as not delivered.\n", debugstr_w(out->address[i]));
        }
        HeapFree(GetProcessHeap(), 0, type);
    }
    out->reason = REASON_TRANSFER_IMPOSSIBLE;
    out->diag = DIAG_OR_NAME_UNRECOGNIZED;
    return S_OK;
}

static ULONG outbound_count(const struct outbound *out, enum recip_fate fate)
{
    ULONG i, n = 0;

    for (i = 0; i < out->count; i++)
        if (out->fate[i] == fate) n++;
    return n;
}

/* The envelope field: every address to send to, once, folded. */
static char *envelope_field(const struct outbound *out, SIZE_T *size)
{
    SIZE_T capacity = sizeof(MAILDROP_ENVELOPE_FIELD) + 8, len, column;
    char *text, address[512];
    ULONG i, j, last = 0;
    BOOL first = TRUE;

    for (i = 0; i < out->count; i++)
        if (out->fate[i] == RECIP_SEND)
        {
            capacity += lstrlenW(out->address[i]) + 5;
            last = i;
        }
    if (!(text = HeapAlloc(GetProcessHeap(), 0, capacity))) return NULL;
    len = column = sprintf(text, "%s:", MAILDROP_ENVELOPE_FIELD);
    for (i = 0; i < out->count; i++)
    {
        if (out->fate[i] != RECIP_SEND) continue;
        for (j = 0; j < i; j++)
            if (out->fate[j] == RECIP_SEND && !lstrcmpiW(out->address[j], out->address[i])) break;
        if (j < i) continue;
        /* Valid addresses are printable ASCII. */
        WideCharToMultiByte(CP_ACP, 0, out->address[i], -1, address, sizeof(address), NULL, NULL);
        if (i != last) strcat(address, ",");
        if (!first && column + 1 + strlen(address) > 78)
        {
            memcpy(text + len, "\r\n", 2);
            len += 2;
            column = 0;
        }
        len += sprintf(text + len, " %s", address);
        column += 1 + strlen(address);
        first = FALSE;
    }
    /* A trailing comma is left when the last address was a duplicate. */
    if (text[len - 1] == ',') len--;
    memcpy(text + len, "\r\n", 3);
    *size = len + 2;
    return text;
}

static BOOL has_text(const WCHAR *str)
{
    return str && *str;
}

/* Writes the message as an Internet message with its envelope first.
 * *content is set when the failure lies in the message itself. */
static HRESULT outbound_format(IMessage *message, const struct maildrop_config *config,
        const struct mime_allocators *alloc, const struct outbound *out, char **data, SIZE_T *size, BOOL *content)
{
    struct mime_address saved_from, saved_sender, none = {0}, configured;
    struct mime_recipient *saved_recips, *recips;
    struct mime_address *saved_reply_to, *reply_to;
    struct mime_message *msg;
    char *text = NULL, *envelope;
    SIZE_T text_size, envelope_size;
    ULONG i, n = 0, saved_count, saved_reply_count;
    HRESULT hr;

    *content = FALSE;
    if (FAILED(hr = mime_message_from_imessage(message, alloc, &msg)))
    {
        /* OLE attachments, a file attached by reference that is gone. */
        *content = hr == MAPI_E_NO_SUPPORT || hr == MAPI_E_NOT_FOUND || hr == MAPI_E_INVALID_PARAMETER;
        return hr;
    }
    recips = HeapAlloc(GetProcessHeap(), 0, (msg->recipient_count + 1) * sizeof(*recips));
    reply_to = HeapAlloc(GetProcessHeap(), 0, (msg->reply_to_count + 1) * sizeof(*reply_to));
    if (!recips || !reply_to)
    {
        HeapFree(GetProcessHeap(), 0, recips);
        HeapFree(GetProcessHeap(), 0, reply_to);
        mime_message_free(msg);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* Addresses the header cannot hold are left out of it; those that are
     * this transport's are reported. */
    for (i = 0; i < msg->recipient_count; i++)
        if (address_is_valid(msg->recipients[i].addr.address)) recips[n++] = msg->recipients[i];
        else WARN("recipient %s left out of the header.\n", debugstr_w(msg->recipients[i].addr.address));
    saved_recips = msg->recipients;
    saved_count = msg->recipient_count;
    msg->recipients = recips;
    msg->recipient_count = n;
    for (i = n = 0; i < msg->reply_to_count; i++)
        if (address_is_valid(msg->reply_to[i].address)) reply_to[n++] = msg->reply_to[i];
    saved_reply_to = msg->reply_to;
    saved_reply_count = msg->reply_to_count;
    msg->reply_to = reply_to;
    msg->reply_to_count = n;
    saved_from = msg->from;
    saved_sender = msg->sender;
    configured.name = (WCHAR *)config->sender_name;
    configured.address = (WCHAR *)config->sender;
    if (!address_is_valid(msg->sender.address)) msg->sender = none;
    if (!address_is_valid(msg->from.address))
    {
        msg->from = has_text(msg->sender.address) ? msg->sender : configured;
        msg->sender = none;
    }
    if (!address_is_valid(msg->from.address))
    {
        WARN("the message has no sender address and none is configured.\n");
        hr = MAPI_E_INVALID_PARAMETER;
    }
    else hr = mime_write(msg, 0, &text, &text_size, NULL);
    msg->recipients = saved_recips;
    msg->recipient_count = saved_count;
    msg->reply_to = saved_reply_to;
    msg->reply_to_count = saved_reply_count;
    msg->from = saved_from;
    msg->sender = saved_sender;
    mime_message_free(msg);
    HeapFree(GetProcessHeap(), 0, recips);
    HeapFree(GetProcessHeap(), 0, reply_to);
    if (FAILED(hr))
    {
        *content = hr != E_OUTOFMEMORY && hr != MAPI_E_NOT_ENOUGH_MEMORY;
        return hr;
    }

    if (!(envelope = envelope_field(out, &envelope_size)) || !(*data = HeapAlloc(GetProcessHeap(), 0,
            envelope_size + text_size)))
    {
        HeapFree(GetProcessHeap(), 0, envelope);
        mime_free(text);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memcpy(*data, envelope, envelope_size);
    memcpy(*data + envelope_size, text, text_size);
    *size = envelope_size + text_size;
    HeapFree(GetProcessHeap(), 0, envelope);
    mime_free(text);
    return S_OK;
}

/* A copy of a value into a block of the allocators (for StatusRecips,
 * whose list MAPI frees); FALSE for types it does not copy. */
static BOOL value_copy(const SPropValue *src, SPropValue *dst, void *block, const struct mime_allocators *alloc)
{
    void *data;
    SIZE_T size;

    *dst = *src;
    switch (PROP_TYPE(src->ulPropTag))
    {
    case PT_I2: case PT_LONG: case PT_BOOLEAN: case PT_I8: case PT_SYSTIME: case PT_R4: case PT_DOUBLE:
        return TRUE;
    case PT_STRING8:
        size = lstrlenA(src->Value.lpszA) + 1;
        break;
    case PT_UNICODE:
        size = (lstrlenW(src->Value.lpszW) + 1) * sizeof(WCHAR);
        break;
    case PT_BINARY:
        size = src->Value.bin.cb;
        break;
    default:
        return FALSE;
    }
    if (alloc->allocate_more(max(size, 1), block, &data)) return FALSE;
    if (PROP_TYPE(src->ulPropTag) == PT_BINARY)
    {
        memcpy(data, src->Value.bin.lpb, size);
        dst->Value.bin.lpb = data;
    }
    else
    {
        memcpy(data, PROP_TYPE(src->ulPropTag) == PT_UNICODE ? (void *)src->Value.lpszW : (void *)src->Value.lpszA,
                size);
        dst->Value.lpszA = data;
    }
    return TRUE;
}

/* One report entry: the recipient's values and why it was not delivered. */
static HRESULT report_entry(const SRow *row, LONG reason, LONG diag, const char *text,
        const struct mime_allocators *alloc, ADRENTRY *entry)
{
    SPropValue *values;
    ULONG i, n = 0;
    SYSTEMTIME now;

    if (alloc->allocate_buffer((row->cValues + 4) * sizeof(SPropValue), (void **)&values))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < row->cValues; i++)
    {
        ULONG tag = row->lpProps[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_ERROR || tag == PR_RESPONSIBILITY || tag == PR_ROWID || tag == PR_INSTANCE_KEY)
            continue;
        if (value_copy(&row->lpProps[i], &values[n], values, alloc)) n++;
    }
    values[n].ulPropTag = PR_NDR_REASON_CODE;
    values[n++].Value.l = reason;
    values[n].ulPropTag = PR_NDR_DIAG_CODE;
    values[n++].Value.l = diag;
    GetSystemTime(&now);
    values[n].ulPropTag = PR_REPORT_TIME;
    SystemTimeToFileTime(&now, &values[n++].Value.ft);
    values[n].ulPropTag = PR_SUPPLEMENTARY_INFO_A;
    values[n++].Value.lpszA = NULL;
    if (alloc->allocate_more(strlen(text) + 1, values, (void **)&values[n - 1].Value.lpszA))
        n--;
    else strcpy(values[n - 1].Value.lpszA, text);
    entry->ulReserved1 = 0;
    entry->cValues = n;
    entry->rgPropVals = values;
    return S_OK;
}

static void adrlist_free(ADRLIST *list, const struct mime_allocators *alloc)
{
    ULONG i;

    for (i = 0; i < list->cEntries; i++) alloc->free_buffer(list->aEntries[i].rgPropVals);
    alloc->free_buffer(list);
}

/* Non-delivery reports for the RECIP_BAD rows.  Rows reported are marked
 * RECIP_SEND afterwards (they are dealt with); when MAPI makes no report
 * they become RECIP_OTHER, and the spooler reports them itself. */
static void outbound_report(struct logon_state *state, IMessage *message, struct outbound *out, const char *text)
{
    ULONG i, count = outbound_count(out, RECIP_BAD);
    IMAPISupport *support;
    ADRLIST *list = NULL;
    HRESULT hr = S_OK;

    if (!count) return;
    if (state->alloc.allocate_buffer(CbNewADRLIST(count), (void **)&list)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else list->cEntries = 0;
    for (i = 0; i < out->count && SUCCEEDED(hr); i++)
    {
        if (out->fate[i] != RECIP_BAD) continue;
        if (SUCCEEDED(hr = report_entry(&out->rows[i], out->reason, out->diag, text, &state->alloc,
                &list->aEntries[list->cEntries])))
            list->cEntries++;
    }
    if (SUCCEEDED(hr) && (support = state_support(state)))
    {
        hr = IMAPISupport_StatusRecips(support, message, list);
        IMAPISupport_Release(support);
    }
    else if (SUCCEEDED(hr)) hr = MAPI_E_INVALID_OBJECT;
    if (FAILED(hr))
    {
        WARN("StatusRecips failed, hr %#lx: the spooler reports the recipients.\n", hr);
        if (list) adrlist_free(list, &state->alloc);
    }
    for (i = 0; i < out->count; i++)
        if (out->fate[i] == RECIP_BAD) out->fate[i] = SUCCEEDED(hr) ? RECIP_SEND : RECIP_OTHER;
}

/* PR_RESPONSIBILITY TRUE for the RECIP_SEND rows. */
static HRESULT outbound_mark(IMessage *message, const struct mime_allocators *alloc, const struct outbound *out)
{
    ULONG i, j, n, count = outbound_count(out, RECIP_SEND);
    SPropValue *values;
    ADRLIST *list;
    HRESULT hr;

    if (!count) return S_OK;
    if (alloc->allocate_buffer(CbNewADRLIST(count), (void **)&list)) return MAPI_E_NOT_ENOUGH_MEMORY;
    list->cEntries = 0;
    for (i = 0; i < out->count; i++)
    {
        const SRow *row = &out->rows[i];

        if (out->fate[i] != RECIP_SEND) continue;
        if (alloc->allocate_more((row->cValues + 1) * sizeof(SPropValue), list, (void **)&values))
        {
            alloc->free_buffer(list);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        /* MODRECIP_MODIFY replaces the recipient: every value goes back. */
        for (j = n = 0; j < row->cValues; j++)
        {
            ULONG tag = row->lpProps[j].ulPropTag;

            if (PROP_TYPE(tag) == PT_ERROR || tag == PR_RESPONSIBILITY || tag == PR_INSTANCE_KEY) continue;
            values[n++] = row->lpProps[j];
        }
        values[n].ulPropTag = PR_RESPONSIBILITY;
        values[n++].Value.b = TRUE;
        list->aEntries[list->cEntries].ulReserved1 = 0;
        list->aEntries[list->cEntries].cValues = n;
        list->aEntries[list->cEntries++].rgPropVals = values;
    }
    hr = IMessage_ModifyRecipients(message, MODRECIP_MODIFY, list);
    alloc->free_buffer(list);
    return hr;
}

static BOOL submit_cancelled(struct logon_state *state)
{
    BOOL cancelled;

    EnterCriticalSection(&state->cs);
    cancelled = state->stopping || state->cancel;
    LeaveCriticalSection(&state->cs);
    return cancelled;
}

/* Every recipient of ours reported: the message itself cannot go. */
static void outbound_refuse(struct outbound *out, HRESULT hr, char *text, size_t size)
{
    ULONG i;

    for (i = 0; i < out->count; i++)
        if (out->fate[i] == RECIP_SEND) out->fate[i] = RECIP_BAD;
    out->reason = REASON_CONVERSION_NOT_PERFORMED;
    out->diag = DIAG_NO_DIAGNOSTIC;
    snprintf(text, size, "The message cannot be written as an Internet message (error 0x%08lx).", (ULONG)hr);
    WARN("%s\n", text);
}

/* The file for the RECIP_SEND rows: written into tmp/, the rows marked on
 * the message (which the spooler drops unsaved if this fails), then moved
 * into new/ where it is delivered. */
static HRESULT outbound_deliver(struct logon_state *state, IMessage *message, const struct maildrop_config *config,
        struct outbound *out, char *text, size_t size)
{
    WCHAR name[MAX_PATH];
    char *data = NULL;
    SIZE_T data_size = 0;
    BOOL content;
    HRESULT hr;

    hr = outbound_format(message, config, &state->alloc, out, &data, &data_size, &content);
    if (FAILED(hr) && content)
    {
        outbound_refuse(out, hr, text, size);
        return S_OK;
    }
    if (SUCCEEDED(hr)) hr = maildir_write(config->outbox, data, data_size, name, ARRAY_SIZE(name));
    HeapFree(GetProcessHeap(), 0, data);
    if (FAILED(hr))
    {
        snprintf(text, size, "Cannot write into %ls (error 0x%08lx)", config->outbox, (ULONG)hr);
        status_set(state, 0, 0, text);
        return hr;
    }
    if (FAILED(hr = outbound_mark(message, &state->alloc, out)))
        WARN("the recipients cannot be marked, hr %#lx.\n", hr);
    else if (submit_cancelled(state)) hr = MAPI_E_USER_CANCEL;
    else if (FAILED(hr = maildir_commit(config->outbox, name)))
    {
        snprintf(text, size, "Cannot write into %ls (error 0x%08lx)", config->outbox, (ULONG)hr);
        status_set(state, 0, 0, text);
    }
    if (FAILED(hr))
    {
        maildir_discard(config->outbox, name);
        return hr;
    }
    TRACE("written as %s.\n", debugstr_w(name));
    return S_OK;
}

static HRESULT submit_message(struct logon_state *state, IMessage *message)
{
    struct maildrop_config config;
    struct outbound out;
    char text[300] = "The address is not a valid Internet address.";
    ULONG i;
    HRESULT hr;

    state_config(state, &config);
    if (FAILED(hr = outbound_read(message, &state->alloc, &out)))
    {
        WARN("the recipients cannot be read, hr %#lx.\n", hr);
        outbound_free(&out, &state->alloc);
        return hr;
    }
    TRACE("%s: %lu recipients to send to, %lu not deliverable.\n", debugstr_w(out.subject),
            outbound_count(&out, RECIP_SEND), outbound_count(&out, RECIP_BAD));
    if (outbound_count(&out, RECIP_SEND)) hr = outbound_deliver(state, message, &config, &out, text, sizeof(text));
    if (SUCCEEDED(hr) && outbound_count(&out, RECIP_BAD))
    {
        /* Reported recipients are marked too; the delivered ones are already. */
        for (i = 0; i < out.count; i++)
            if (out.fate[i] == RECIP_SEND) out.fate[i] = RECIP_OTHER;
        outbound_report(state, message, &out, text);
        if (FAILED(outbound_mark(message, &state->alloc, &out)))
            WARN("the reported recipients cannot be marked; they may be reported twice.\n");
    }
    outbound_free(&out, &state->alloc);
    return hr;
}

/* ------------------------------------------------------------------------
 * Receiving
 */

/* Lock held.  The entry for a file passed over, or NULL. */
static struct skipped_file *skipped_find(struct logon_state *state, const WCHAR *name)
{
    ULONG i;

    for (i = 0; i < state->skipped_count; i++)
        if (!lstrcmpiW(state->skipped[i].name, name)) return &state->skipped[i];
    return NULL;
}

/* Lock held. */
static BOOL file_is_due(struct logon_state *state, const WCHAR *name, ULONGLONG now)
{
    const struct skipped_file *skipped = skipped_find(state, name);

    return !skipped || (skipped->not_before != ~0ull && skipped->not_before <= now);
}

/* Notes a file the store did not take (filled: the failure was in filling
 * it, not in SaveChanges); TRUE when it has failed often enough to go to bad/. */
static BOOL file_skip(struct logon_state *state, const WCHAR *name, BOOL filled, BOOL forever)
{
    struct skipped_file *skipped;
    BOOL give_up = FALSE;

    EnterCriticalSection(&state->cs);
    if (!(skipped = skipped_find(state, name)))
    {
        /* The oldest entry makes room. */
        if (state->skipped_count == MAX_SKIPPED)
            memmove(state->skipped, state->skipped + 1, --state->skipped_count * sizeof(*skipped));
        skipped = &state->skipped[state->skipped_count++];
        memset(skipped, 0, sizeof(*skipped));
        lstrcpynW(skipped->name, name, ARRAY_SIZE(skipped->name));
    }
    if (filled) skipped->failures++;
    skipped->not_before = forever ? ~0ull : GetTickCount64() + RETRY_DELAY_MS;
    give_up = skipped->failures >= IMPORT_ATTEMPTS;
    LeaveCriticalSection(&state->cs);
    return give_up;
}

/* The files of new/ that are due, oldest first; *count of them.  They
 * become the list StartMessage takes from. */
static HRESULT inbound_scan(struct logon_state *state, const WCHAR *inbox, ULONG *count)
{
    ULONGLONG now = GetTickCount64();
    WCHAR **names;
    ULONG n, i, due = 0;
    HRESULT hr;

    *count = 0;
    if (FAILED(hr = maildir_scan(inbox, &names, &n))) return hr;
    EnterCriticalSection(&state->cs);
    for (i = 0; i < n; i++)
        if (file_is_due(state, names[i], now)) names[due++] = names[i];
    HeapFree(GetProcessHeap(), 0, state->pending);
    state->pending = names;
    state->pending_count = due;
    state->pending_next = 0;
    LeaveCriticalSection(&state->cs);
    *count = due;
    return S_OK;
}

/* The next file to take, copied into name; FALSE when there is none. */
static BOOL inbound_next(struct logon_state *state, WCHAR *name)
{
    ULONGLONG now = GetTickCount64();
    BOOL found = FALSE;

    EnterCriticalSection(&state->cs);
    while (!found && state->pending_next < state->pending_count)
    {
        const WCHAR *next = state->pending[state->pending_next++];

        if ((found = file_is_due(state, next, now))) lstrcpynW(name, next, MAX_PATH);
    }
    LeaveCriticalSection(&state->cs);
    return found;
}

/* Whether a file of the last scan is still due. */
static BOOL inbound_waiting(struct logon_state *state)
{
    ULONGLONG now = GetTickCount64();
    BOOL waiting = FALSE;
    ULONG i;

    EnterCriticalSection(&state->cs);
    for (i = state->pending_next; i < state->pending_count && !waiting; i++)
        waiting = file_is_due(state, state->pending[i], now);
    LeaveCriticalSection(&state->cs);
    return waiting;
}

/* Takes the envelope field out of the header block, in place. */
static void envelope_strip(char *data, SIZE_T *size)
{
    static const char field[] = MAILDROP_ENVELOPE_FIELD ":";
    char *line = data, *end = data + *size, *next;

    while (line < end && *line != '\r' && *line != '\n')
    {
        /* The field with its continuation lines. */
        next = line;
        do
        {
            while (next < end && *next != '\n') next++;
            if (next < end) next++;
        } while (next < end && (*next == ' ' || *next == '\t'));
        if ((SIZE_T)(end - line) > sizeof(field) - 1 && !_strnicmp(line, field, sizeof(field) - 1))
        {
            memmove(line, next, end - next);
            end -= next - line;
            continue;
        }
        line = next;
    }
    *size = end - data;
}

static void inbound_set_aside(struct logon_state *state, const WCHAR *inbox, const WCHAR *name, const char *why)
{
    HRESULT hr = maildir_move(inbox, name, L"bad");

    if (SUCCEEDED(hr)) WARN("%s %s; moved to bad/.\n", debugstr_w(name), why);
    else
    {
        ERR("%s %s and cannot be moved to bad/, hr %#lx; it is passed over.\n", debugstr_w(name), why, hr);
        file_skip(state, name, FALSE, TRUE);
    }
}

enum inbound_result { INBOUND_NEXT, INBOUND_SAVED, INBOUND_FAILED };

/* One file into the message.  INBOUND_NEXT: the file was not for the
 * store (gone, claimed elsewhere, set aside); try the next one. */
static enum inbound_result inbound_file(struct logon_state *state, const WCHAR *inbox, const WCHAR *name,
        IMessage *message, HRESULT *result)
{
    struct mime_message *msg;
    SPropValue delivered;
    SYSTEMTIME now;
    HANDLE file;
    char *data;
    SIZE_T size;
    HRESULT hr;

    *result = S_OK;
    hr = maildir_claim(inbox, L"new", name, &file, &data, &size);
    if (hr == MAPI_E_TOO_BIG)
    {
        inbound_set_aside(state, inbox, name, "is too big");
        CloseHandle(file);
        return INBOUND_NEXT;
    }
    if (FAILED(hr))
    {
        /* Gone, or another reader has it. */
        TRACE("%s cannot be claimed, hr %#lx.\n", debugstr_w(name), hr);
        return INBOUND_NEXT;
    }
    envelope_strip(data, &size);
    if (FAILED(hr = mime_read(data, size, 0, &msg)))
    {
        HeapFree(GetProcessHeap(), 0, data);
        CloseHandle(file);
        *result = hr;
        return INBOUND_FAILED;
    }
    HeapFree(GetProcessHeap(), 0, data);
    if (!size || (msg->defects & MIME_DEFECT_NO_HEADERS))
    {
        mime_message_free(msg);
        inbound_set_aside(state, inbox, name, "is not an Internet message");
        CloseHandle(file);
        return INBOUND_NEXT;
    }
    hr = mime_message_to_imessage(msg, message, &state->alloc);
    mime_message_free(msg);
    if (SUCCEEDED(hr))
    {
        GetSystemTime(&now);
        delivered.ulPropTag = PR_MESSAGE_DELIVERY_TIME;
        SystemTimeToFileTime(&now, &delivered.Value.ft);
        hr = IMessage_SetProps(message, 1, &delivered, NULL);
    }
    if (FAILED(hr))
    {
        WARN("%s cannot be put into the message, hr %#lx.\n", debugstr_w(name), hr);
        if (file_skip(state, name, TRUE, FALSE)) inbound_set_aside(state, inbox, name, "cannot be stored");
        CloseHandle(file);
        *result = hr;
        return INBOUND_FAILED;
    }
    if (FAILED(hr = IMessage_SaveChanges(message, 0)))
    {
        WARN("saving %s failed, hr %#lx; the file stays in new/.\n", debugstr_w(name), hr);
        file_skip(state, name, FALSE, FALSE);
        CloseHandle(file);
        *result = hr;
        return INBOUND_FAILED;
    }
    /* Saved: the file leaves new/, or at least this logon never takes it again. */
    if (FAILED(hr = maildir_move(inbox, name, L"cur")))
    {
        ERR("%s is saved but cannot be moved to cur/, hr %#lx.\n", debugstr_w(name), hr);
        file_skip(state, name, FALSE, TRUE);
    }
    CloseHandle(file);
    TRACE("%s received.\n", debugstr_w(name));
    return INBOUND_SAVED;
}

static HRESULT start_message(struct logon_state *state, IMessage *message)
{
    enum inbound_result result = INBOUND_NEXT;
    struct maildrop_config config;
    WCHAR name[MAX_PATH];
    BOOL scanned = FALSE;
    char text[300];
    ULONG count;
    HRESULT hr = S_OK;

    state_config(state, &config);
    if (!config.inbox[0]) return S_OK;
    status_set(state, STATUS_INBOUND_ACTIVE, 0, "Receiving");
    while (result == INBOUND_NEXT)
    {
        if (!inbound_next(state, name))
        {
            if (scanned || FAILED(hr = inbound_scan(state, config.inbox, &count)) || !count) break;
            scanned = TRUE;
            continue;
        }
        result = inbound_file(state, config.inbox, name, message, &hr);
    }
    if (FAILED(hr))
    {
        snprintf(text, sizeof(text), "Receiving failed (error 0x%08lx)", (ULONG)hr);
        status_set(state, 0, STATUS_INBOUND_ACTIVE, text);
        /* Other files may be due: the spooler is asked to poll again. */
        if (result == INBOUND_FAILED && inbound_waiting(state)) spooler_notify(state, NOTIFY_NEWMAIL);
    }
    else status_set(state, 0, STATUS_INBOUND_ACTIVE, "Ready");
    return hr;
}

/* ValidateState of the logon and of its status object: the configuration
 * is read again when it changed, and the row sent again. */
HRESULT state_validate(struct logon_state *state, ULONG flags)
{
    if (flags & CONFIG_CHANGED)
    {
        EnterCriticalSection(&state->cs);
        state->reload = TRUE;
        LeaveCriticalSection(&state->cs);
    }
    if (flags & (ABORT_XP_HEADER_OPERATION | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE))
        TRACE("no header cache: %#lx ignored.\n", flags);
    status_send(state, TRUE);
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The logon object
 */

static HRESULT WINAPI logon_QueryInterface(IXPLogon *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, wine_dbgstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IXPLogon))
    {
        *out = iface;
        IXPLogon_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI logon_AddRef(IXPLogon *iface)
{
    struct xp_logon *logon = impl_from_IXPLogon(iface);
    ULONG refs = InterlockedIncrement(&logon->refcount);

    TRACE("%p, refcount %lu.\n", iface, refs);
    return refs;
}

/* Stops the logon; returns the support object the logon held, or NULL
 * when it had already stopped. */
static IMAPISupport *state_stop(struct logon_state *state)
{
    IMAPISupport *support;

    EnterCriticalSection(&state->cs);
    support = state->stopping ? NULL : state->support;
    state->stopping = TRUE;
    state->support = NULL;
    state->cancel = TRUE;
    LeaveCriticalSection(&state->cs);
    return support;
}

/* The final release of a logon MAPI did not take over: one released
 * without TransportLogoff lets go of its support object here. */
static ULONG WINAPI logon_Release(IXPLogon *iface)
{
    struct xp_logon *logon = impl_from_IXPLogon(iface);
    ULONG refs = InterlockedDecrement(&logon->refcount);
    IMAPISupport *support;
    LPFREEBUFFER free_buffer;

    TRACE("%p, refcount %lu.\n", iface, refs);

    if (refs) return refs;
    if ((support = state_stop(logon->state)))
    {
        WARN("%p was released without TransportLogoff.\n", iface);
        IMAPISupport_Release(support);
    }
    free_buffer = logon->state->alloc.free_buffer;
    state_release(logon->state);
    free_buffer(logon);
    InterlockedDecrement(&maildrop_objects);
    return 0;
}

static HRESULT WINAPI logon_AddressTypes(IXPLogon *iface, ULONG *flags, ULONG *type_count, LPSTR **types,
        ULONG *uid_count, MAPIUID ***uids)
{
    static char smtp[] = MAILDROP_ADDRTYPE;
    static LPSTR type_list[] = { smtp };

    TRACE("%p, %p, %p, %p, %p, %p.\n", iface, flags, type_count, types, uid_count, uids);

    if (!flags || !type_count || !types || !uid_count || !uids) return MAPI_E_INVALID_PARAMETER;
    /* Static: valid as long as the DLL is loaded, which outlasts the logon. */
    *flags = 0;
    *type_count = ARRAY_SIZE(type_list);
    *types = type_list;
    *uid_count = 0;
    *uids = NULL;
    return S_OK;
}

static HRESULT WINAPI logon_RegisterOptions(IXPLogon *iface, ULONG *flags, ULONG *count, OPTIONDATA **options)
{
    TRACE("%p, %p, %p, %p.\n", iface, flags, count, options);

    if (!flags || !count || !options) return MAPI_E_INVALID_PARAMETER;
    *flags = 0;
    *count = 0;
    *options = NULL;
    return S_OK;
}

static HRESULT WINAPI logon_TransportNotify(IXPLogon *iface, ULONG *flags, void **data)
{
    struct logon_state *state = impl_from_IXPLogon(iface)->state;
    ULONG set = 0, clear = 0, f;

    TRACE("%p, %p, %p.\n", iface, flags, data);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    f = *flags;
    TRACE("flags %#lx.\n", f);
    if (f & NOTIFY_BEGIN_INBOUND) set |= STATUS_INBOUND_ENABLED;
    if (f & NOTIFY_END_INBOUND) clear |= STATUS_INBOUND_ENABLED | STATUS_INBOUND_FLUSH;
    if (f & NOTIFY_BEGIN_OUTBOUND) set |= STATUS_OUTBOUND_ENABLED;
    if (f & NOTIFY_END_OUTBOUND) clear |= STATUS_OUTBOUND_ENABLED | STATUS_OUTBOUND_FLUSH;
    if (f & NOTIFY_BEGIN_INBOUND_FLUSH) set |= STATUS_INBOUND_FLUSH;
    if (f & NOTIFY_END_INBOUND_FLUSH) clear |= STATUS_INBOUND_FLUSH;
    if (f & NOTIFY_BEGIN_OUTBOUND_FLUSH) set |= STATUS_OUTBOUND_FLUSH;
    if (f & NOTIFY_END_OUTBOUND_FLUSH) clear |= STATUS_OUTBOUND_FLUSH;
    if (f & NOTIFY_CANCEL_MESSAGE)
    {
        ULONG_PTR ref = data ? (ULONG_PTR)*data : 0;

        EnterCriticalSection(&state->cs);
        if (ref && ref == state->current_ref) state->cancel = TRUE;
        LeaveCriticalSection(&state->cs);
    }
    /* ABORT_DEFERRED: nothing is ever deferred here. */
    status_set(state, set, clear, NULL);
    return S_OK;
}

static HRESULT WINAPI logon_Idle(IXPLogon *iface, ULONG flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Never asked for (no LOGON_SP_IDLE). */
    return S_OK;
}

static HRESULT WINAPI logon_TransportLogoff(IXPLogon *iface, ULONG flags)
{
    struct xp_logon *logon = impl_from_IXPLogon(iface);
    struct logon_state *state = logon->state;
    IMAPISupport *support;
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    if (!(support = state_stop(state))) return S_OK;
    /* The logon object goes to MAPI; after this it is not touched again. */
    hr = IMAPISupport_MakeInvalid(support, 0, iface, logon->refcount, LOGON_METHODS);
    if (SUCCEEDED(hr))
    {
        InterlockedDecrement(&maildrop_objects);
        state_release(state);
    }
    else WARN("MakeInvalid failed, hr %#lx.\n", hr);
    /* Last: its release may free the provider object. */
    IMAPISupport_Release(support);
    return S_OK;
}

static HRESULT WINAPI logon_SubmitMessage(IXPLogon *iface, ULONG flags, IMessage *message, ULONG_PTR *ref,
        ULONG_PTR *param)
{
    struct logon_state *state = impl_from_IXPLogon(iface)->state;
    char text[300];
    HRESULT hr;

    TRACE("%p, %#lx, %p, %p, %p.\n", iface, flags, message, ref, param);

    if (!message || !ref || !param) return MAPI_E_INVALID_PARAMETER;
    if (!call_begin(state)) return MAPI_E_INVALID_OBJECT;
    *param = 0;
    EnterCriticalSection(&state->cs);
    *ref = state->current_ref = ++state->next_ref;
    state->cancel = FALSE;
    LeaveCriticalSection(&state->cs);

    status_set(state, STATUS_OUTBOUND_ACTIVE, 0, "Sending");
    hr = submit_message(state, message);
    if (SUCCEEDED(hr)) status_set(state, 0, STATUS_OUTBOUND_ACTIVE, "Ready");
    else
    {
        EnterCriticalSection(&state->cs);
        lstrcpynA(text, state->status_string, sizeof(text));
        LeaveCriticalSection(&state->cs);
        if (!strcmp(text, "Sending")) sprintf(text, "Sending failed (error 0x%08lx)", (ULONG)hr);
        status_set(state, 0, STATUS_OUTBOUND_ACTIVE, text);
    }
    EnterCriticalSection(&state->cs);
    state->current_ref = 0;
    LeaveCriticalSection(&state->cs);
    call_end(state);
    return hr;
}

static HRESULT WINAPI logon_EndMessage(IXPLogon *iface, ULONG_PTR ref, ULONG *flags)
{
    TRACE("%p, %#Ix, %p.\n", iface, ref, flags);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    /* SubmitMessage finished the message: nothing is deferred or to be sent again. */
    *flags = 0;
    return S_OK;
}

static HRESULT WINAPI logon_Poll(IXPLogon *iface, ULONG *incoming)
{
    struct logon_state *state = impl_from_IXPLogon(iface)->state;
    struct maildrop_config config;
    HRESULT hr = S_OK;
    ULONG count = 0;

    TRACE("%p, %p.\n", iface, incoming);

    if (!incoming) return MAPI_E_INVALID_PARAMETER;
    *incoming = 0;
    if (!call_begin(state)) return MAPI_E_INVALID_OBJECT;
    state_config(state, &config);
    if (config.inbox[0] && FAILED(hr = inbound_scan(state, config.inbox, &count)))
        WARN("%s cannot be read, hr %#lx.\n", debugstr_w(config.inbox), hr);
    TRACE("%lu messages waiting.\n", count);
    *incoming = count;
    call_end(state);
    return hr;
}

static HRESULT WINAPI logon_StartMessage(IXPLogon *iface, ULONG flags, IMessage *message, ULONG_PTR *ref)
{
    struct logon_state *state = impl_from_IXPLogon(iface)->state;
    HRESULT hr;

    TRACE("%p, %#lx, %p, %p.\n", iface, flags, message, ref);

    if (!message || !ref) return MAPI_E_INVALID_PARAMETER;
    if (!call_begin(state)) return MAPI_E_INVALID_OBJECT;
    EnterCriticalSection(&state->cs);
    *ref = ++state->next_ref;
    LeaveCriticalSection(&state->cs);
    hr = start_message(state, message);
    call_end(state);
    return hr;
}

static HRESULT WINAPI logon_OpenStatusEntry(IXPLogon *iface, const IID *iid, ULONG flags, ULONG *type,
        IMAPIStatus **out)
{
    struct logon_state *state = impl_from_IXPLogon(iface)->state;
    HRESULT hr;

    TRACE("%p, %s, %#lx, %p, %p.\n", iface, wine_dbgstr_guid(iid), flags, type, out);

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS)) return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualGUID(iid, &IID_IMAPIStatus) && !IsEqualGUID(iid, &IID_IMAPIProp)
            && !IsEqualGUID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!call_begin(state)) return MAPI_E_INVALID_OBJECT;
    /* The call's reference on the state becomes the status object's. */
    if (FAILED(hr = status_create(state, out)))
    {
        call_end(state);
        return hr;
    }
    *type = MAPI_STATUS;
    return S_OK;
}

static HRESULT WINAPI logon_ValidateState(IXPLogon *iface, ULONG_PTR ui, ULONG flags)
{
    struct logon_state *state = impl_from_IXPLogon(iface)->state;
    HRESULT hr;

    TRACE("%p, %#Ix, %#lx.\n", iface, ui, flags);

    if (!call_begin(state)) return MAPI_E_INVALID_OBJECT;
    hr = state_validate(state, flags);
    call_end(state);
    return hr;
}

/* The spooler is about to flush: the flush bits go into the status row;
 * TransportNotify END_*_FLUSH clears them. */
static HRESULT WINAPI logon_FlushQueues(IXPLogon *iface, ULONG_PTR ui, ULONG cb, ENTRYID *target, ULONG flags)
{
    struct logon_state *state = impl_from_IXPLogon(iface)->state;
    ULONG set = 0;

    TRACE("%p, %#Ix, %lu, %p, %#lx.\n", iface, ui, cb, target, flags);

    if (flags & FLUSH_UPLOAD) set |= STATUS_OUTBOUND_FLUSH;
    if (flags & FLUSH_DOWNLOAD) set |= STATUS_INBOUND_FLUSH;
    status_set(state, set, 0, NULL);
    return S_OK;
}

static const IXPLogonVtbl logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_AddressTypes,
    logon_RegisterOptions,
    logon_TransportNotify,
    logon_Idle,
    logon_TransportLogoff,
    logon_SubmitMessage,
    logon_EndMessage,
    logon_Poll,
    logon_StartMessage,
    logon_OpenStatusEntry,
    logon_ValidateState,
    logon_FlushQueues,
};

/* The sender's one-off entry ID, for the status row's identity. */
static void state_identity(struct logon_state *state, IMAPISupport *support)
{
    const WCHAR *name = state->config.sender_name[0] ? state->config.sender_name : state->config.sender;
    ENTRYID *eid = NULL;
    ULONG cb = 0;
    HRESULT hr;

    if (!state->config.sender[0]) return;
    hr = IMAPISupport_CreateOneOff(support, (LPSTR)name, (LPSTR)L"" MAILDROP_ADDRTYPE, (LPSTR)state->config.sender,
            MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO, &cb, &eid);
    if (FAILED(hr))
    {
        TRACE("no one-off entry ID for the identity, hr %#lx.\n", hr);
        return;
    }
    if ((state->identity = HeapAlloc(GetProcessHeap(), 0, cb)))
    {
        memcpy(state->identity, eid, cb);
        state->cb_identity = cb;
    }
    MAPIFreeBuffer(eid);
}

HRESULT logon_create(IMAPISupport *support, const struct mime_allocators *alloc, const char *profile,
        ULONG *flags, IXPLogon **out)
{
    struct maildrop_config config;
    struct logon_state *state;
    struct xp_logon *logon;
    HRESULT hr;

    if (FAILED(hr = config_read(support, profile, &config))) return hr;
    if (FAILED(hr = maildir_prepare(config.outbox)))
    {
        WARN("the outbound Maildir %s cannot be made, hr %#lx.\n", debugstr_w(config.outbox), hr);
        return hr;
    }
    if (config.inbox[0] && FAILED(hr = maildir_prepare(config.inbox)))
    {
        WARN("the inbound Maildir %s cannot be made, hr %#lx.\n", debugstr_w(config.inbox), hr);
        return hr;
    }
    if (!(state = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*state)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (alloc->allocate_buffer(sizeof(*logon), (void **)&logon))
    {
        HeapFree(GetProcessHeap(), 0, state);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    state->refs = 1;
    state->alloc = *alloc;
    if (profile) lstrcpynA(state->profile, profile, sizeof(state->profile));
    InitializeCriticalSection(&state->status_cs);
    InitializeCriticalSection(&state->cs);
    state->config = config;
    state->status_code = STATUS_AVAILABLE;
    lstrcpyA(state->status_string, "Ready");
    IMAPISupport_AddRef(support);
    state->support = support;
    state_identity(state, support);
    InterlockedIncrement(&maildrop_objects);

    memset(logon, 0, sizeof(*logon));
    logon->IXPLogon_iface.lpVtbl = &logon_vtbl;
    logon->refcount = 1;
    logon->state = state;
    InterlockedIncrement(&maildrop_objects);

    status_send(state, TRUE);
    *flags = config.inbox[0] ? LOGON_SP_POLL : 0;
    *out = &logon->IXPLogon_iface;
    TRACE("logged on: %p, flags %#lx.\n", *out, *flags);
    return S_OK;
}
