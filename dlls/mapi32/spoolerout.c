/*
 * mapi32: the spooler's outbound work: routing recipients to transports,
 * SubmitMessage and EndMessage with every answer a transport may give,
 * and deferred messages
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A message of the outgoing queue goes through attempts, each on the
 * worker: the message is opened and locked (IMsgStore::SetLockState), its
 * recipient table is read, the recipients still to do are routed, and the
 * transports are called one after the other, each given only its own
 * recipients with PR_RESPONSIBILITY FALSE.  After every transport the
 * message is opened again (the object is invalid after EndMessage, and
 * released unsaved after an error) and PR_RESPONSIBILITY TRUE is saved for
 * exactly the recipients that are delivered, so that a later attempt, or
 * the next session, never offers them again.  An attempt ends with the
 * message unlocked and left queued (something waits: a retry time or
 * SENTDEFERRED) or, when every recipient is delivered or refused, with a
 * non-delivery report for the refused ones and IMsgStore::FinishedMsg.
 * Recipients a transport deferred (END_DONT_RESEND) go back to it with
 * BEGIN_DEFERRED once it calls SpoolerNotify(NOTIFY_SENTDEFERRED).  What
 * is deferred or refused is kept for the session only: the next session
 * offers such recipients again.
 *
 * Choices where the reference leaves room:
 * - A transport takes responsibility for a recipient by setting its
 *   PR_RESPONSIBILITY TRUE during SubmitMessage; one it leaves FALSE goes
 *   to another transport, as the property's documentation says, and gets a
 *   non-delivery report when none takes it.
 * - MAPI_E_CANCEL and RETRY_ERROR_LIMIT other errors refuse the
 *   transport's recipients: they get a non-delivery report.
 * - A transport waiting after MAPI_E_NETWORK_ERROR still routes: its
 *   recipients wait for it instead of going elsewhere or being refused.
 */

#include "spooler.h"

WINE_DEFAULT_DEBUG_CHANNEL(spooler);

/* spool_recip.state */
enum
{
    SPOOL_RECIP_PENDING,            /* to be routed */
    SPOOL_RECIP_DELIVERED,          /* a transport took it: PR_RESPONSIBILITY TRUE in the store */
    SPOOL_RECIP_DEFERRED,           /* END_DONT_RESEND: its transport has it until SENTDEFERRED */
    SPOOL_RECIP_REFUSED,            /* no transport takes it: reported as not delivered */
};

/* Waits where the reference names none. */
#define RETRY_BUSY_MS       2000    /* MAPI_E_BUSY */
#define RETRY_LATER_MS      3000    /* END_RESEND_LATER, MAPI_E_WAIT and MAPI_E_NETWORK_ERROR without a time */
#define RETRY_ERROR_MS      3000    /* after another error or a store failure; doubled for each further one */
#define RETRY_ERROR_LIMIT   5       /* errors from transports after which the recipients are refused */
#define RETRY_MAX_SECONDS   86400   /* a longer wait asked for by a transport is cut to a day */
#define MESSAGES_PER_PASS   64      /* attempts before the worker looks at its other work */
#define ROUNDS_PER_ATTEMPT  64      /* transport calls in one attempt at most */
#define NEVER               (~(ULONGLONG)0)

void spooler_store_release(struct spooler *spooler, void *object)
{
    BOOL faulted;

    if (!object) return;
    PROVIDER_CALL(provider_get_dll(spooler->store_provider), faulted, IUnknown_Release((IUnknown *)object));
    if (faulted) WARN("the release of %p faulted.\n", object);
}

static const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    return PpropFindProp(row->lpProps, row->cValues, tag);
}

static LONG row_rowid(const SRow *row)
{
    const SPropValue *value = row_prop(row, PR_ROWID);

    return value ? value->Value.l : -1;
}

static BOOL row_responsibility(const SRow *row)
{
    const SPropValue *value = row_prop(row, PR_RESPONSIBILITY);

    return value && value->Value.b;
}

/* ------------------------------------------------------------------------
 * Routing
 */

/* Lock held. */
static BOOL entry_routes(const struct xp_entry *entry, const ULONG *excluded, ULONG excluded_count)
{
    ULONG i;

    if (entry->state & (XP_LOGGING_OFF | XP_LOGGED_OFF | XP_CRITICAL_ERROR | XP_SUPPORT_GONE)) return FALSE;
    if (!(entry->state & XP_OUTBOUND) || !entry->types_valid) return FALSE;
    for (i = 0; i < excluded_count; i++)
        if (excluded[i] == entry->order) return FALSE;
    return TRUE;
}

static BOOL entry_has_uid(const struct xp_entry *entry, const MAPIUID *uid)
{
    ULONG i;

    for (i = 0; i < entry->uid_count; i++)
        if (entry->uids[i] && !memcmp(entry->uids[i], uid, sizeof(*uid))) return TRUE;
    return FALSE;
}

/* PR_ADDRTYPE is matched exactly, case included; an empty string in the
 * list matches nothing. */
static BOOL entry_has_type(const struct xp_entry *entry, const char *type)
{
    ULONG i;

    for (i = 0; i < entry->type_count; i++)
        if (entry->types[i] && entry->types[i][0] && !strcmp(entry->types[i], type)) return TRUE;
    return FALSE;
}

/* Lock held. */
static ULONG route_recipient(struct spooler *spooler, const struct route_recipient *recip, const ULONG *excluded,
        ULONG excluded_count)
{
    const MAPIUID *uid = recip->eid ? entryid_provider_uid(recip->cb_eid, recip->eid) : NULL;
    ULONG i;

    if (recip->responsibility) return ~0u;
    for (i = 0; uid && i < spooler->entry_count; i++)
        if (entry_routes(spooler->entries[i], excluded, excluded_count) && entry_has_uid(spooler->entries[i], uid))
            return i;
    for (i = 0; recip->adrtype && recip->adrtype[0] && i < spooler->entry_count; i++)
        if (entry_routes(spooler->entries[i], excluded, excluded_count) && spooler->entries[i]->types
                && entry_has_type(spooler->entries[i], recip->adrtype))
            return i;
    for (i = 0; i < spooler->entry_count; i++)
        if (entry_routes(spooler->entries[i], excluded, excluded_count) && !spooler->entries[i]->types)
            return i;
    return ~0u;
}

void spooler_route(struct spooler *spooler, ULONG count, const struct route_recipient *recips,
        const ULONG *excluded, ULONG excluded_count, ULONG *route)
{
    ULONG i;

    TRACE("%p, %lu, %p, %p, %lu, %p.\n", spooler, count, recips, excluded, excluded_count, route);

    EnterCriticalSection(&spooler->lock);
    for (i = 0; i < count; i++) route[i] = route_recipient(spooler, &recips[i], excluded, excluded_count);
    LeaveCriticalSection(&spooler->lock);
}

/* Lock held. */
static struct xp_entry *entry_by_order(struct spooler *spooler, ULONG order)
{
    ULONG i;

    for (i = 0; i < spooler->entry_count; i++)
        if (spooler->entries[i]->order == order) return spooler->entries[i];
    return NULL;
}

/* ------------------------------------------------------------------------
 * The messages the spooler knows of
 */

static void message_free(struct spool_msg *msg)
{
    mapi_heap_free(msg->eid);
    mapi_heap_free(msg->key);
    mapi_heap_free(msg->excluded);
    mapi_heap_free(msg->recips);
    mapi_heap_free(msg);
}

static struct spool_msg *message_create(const SPropValue *eid, const SPropValue *key)
{
    struct spool_msg *msg;

    if (!(msg = mapi_heap_alloc(sizeof(*msg)))) return NULL;
    memset(msg, 0, sizeof(*msg));
    msg->cb_eid = eid->Value.bin.cb;
    msg->eid = mapi_heap_alloc(max(msg->cb_eid, 1));
    if (key && key->ulPropTag == PR_INSTANCE_KEY && key->Value.bin.cb)
    {
        msg->cb_key = key->Value.bin.cb;
        msg->key = mapi_heap_alloc(msg->cb_key);
    }
    if (!msg->eid || (msg->cb_key && !msg->key))
    {
        message_free(msg);
        return NULL;
    }
    memcpy(msg->eid, eid->Value.bin.lpb, msg->cb_eid);
    if (msg->key) memcpy(msg->key, key->Value.bin.lpb, msg->cb_key);
    msg->seen = TRUE;
    return msg;
}

static BOOL message_is(const struct spool_msg *msg, ULONG cb, const void *eid)
{
    return msg->cb_eid == cb && !memcmp(msg->eid, eid, cb);
}

/* Lock held. */
static struct spool_msg *message_find(struct spooler *spooler, ULONG cb, const void *eid)
{
    struct spool_msg *msg;

    for (msg = spooler->messages; msg; msg = msg->next)
        if (message_is(msg, cb, eid)) return msg;
    return NULL;
}

/* Lock held. */
static void message_unlink(struct spooler *spooler, struct spool_msg *msg)
{
    struct spool_msg **p;

    for (p = &spooler->messages; *p; p = &(*p)->next)
        if (*p == msg)
        {
            *p = msg->next;
            return;
        }
}

/* Lock held. */
static BOOL message_has_deferred(const struct spool_msg *msg)
{
    ULONG i;

    for (i = 0; i < msg->recip_count; i++)
        if (msg->recips[i].state == SPOOL_RECIP_DEFERRED && !msg->recips[i].released) return TRUE;
    return FALSE;
}

/* The transports holding deferred recipients of a message that left the
 * queue are told that the client cancelled it. */
static void message_abort_deferred(struct spooler *spooler, const struct spool_msg *msg)
{
    ULONG i, j, flags;
    struct xp_entry *entry;
    IXPLogon *logon;
    BOOL faulted, seen;

    for (i = 0; i < msg->recip_count; i++)
    {
        if (msg->recips[i].state != SPOOL_RECIP_DEFERRED) continue;
        for (j = 0, seen = FALSE; j < i && !seen; j++)
            seen = msg->recips[j].state == SPOOL_RECIP_DEFERRED && msg->recips[j].holder == msg->recips[i].holder;
        if (seen) continue;
        EnterCriticalSection(&spooler->lock);
        if ((entry = entry_by_order(spooler, msg->recips[i].holder))) xp_entry_addref(entry);
        LeaveCriticalSection(&spooler->lock);
        if (!entry) continue;
        if ((logon = xp_entry_begin_call(entry)))
        {
            /* The data is the message's entry ID. */
            flags = NOTIFY_ABORT_DEFERRED | NOTIFY_CANCEL_MESSAGE;
            TRACE("TransportNotify(ABORT_DEFERRED | CANCEL_MESSAGE) to %s.\n", debugstr_a(entry->info.display_name));
            PROVIDER_CALL(entry->dll, faulted, IXPLogon_TransportNotify(logon, &flags, (void **)msg->eid));
            if (faulted) xp_entry_fault(entry, "TransportNotify");
            xp_entry_end_call(entry);
        }
        xp_entry_release(entry);
    }
}

/* The message left the queue (the client aborted it, or someone else
 * finished it): forgotten. */
static void message_drop(struct spooler *spooler, struct spool_msg *msg)
{
    TRACE("message %p left the outgoing queue.\n", msg);
    EnterCriticalSection(&spooler->lock);
    message_unlink(spooler, msg);
    LeaveCriticalSection(&spooler->lock);
    message_abort_deferred(spooler, msg);
    message_free(msg);
}

enum queue_column { QC_ENTRYID, QC_SUBMIT_FLAGS, QC_INSTANCE_KEY, QC_COUNT };

/* The queue's rows become the list, in the queue's order (oldest first);
 * messages that left it are returned in *gone. */
static HRESULT queue_merge(struct spooler *spooler, const SRowSet *rows, struct spool_msg **gone)
{
    struct spool_msg *list = NULL, **tail = &list, *cursor, *msg, *next;
    const SPropValue *eid, *flags;
    HRESULT hr = S_OK;
    ULONG i;

    *gone = NULL;
    EnterCriticalSection(&spooler->lock);
    for (msg = spooler->messages; msg; msg = msg->next) msg->seen = FALSE;
    cursor = spooler->messages;
    for (i = 0; i < rows->cRows; i++)
    {
        eid = &rows->aRow[i].lpProps[QC_ENTRYID];
        flags = &rows->aRow[i].lpProps[QC_SUBMIT_FLAGS];
        if (eid->ulPropTag != PR_ENTRYID) continue;
        /* Mostly the queue's order is the list's: try the next one first. */
        if (cursor && message_is(cursor, eid->Value.bin.cb, eid->Value.bin.lpb)) msg = cursor;
        else msg = message_find(spooler, eid->Value.bin.cb, eid->Value.bin.lpb);
        if (msg && msg->seen) continue;
        if (msg)
        {
            msg->seen = TRUE;
            cursor = msg->next;
            continue;
        }
        if (flags->ulPropTag == PR_SUBMIT_FLAGS && (flags->Value.l & SUBMITFLAG_PREPROCESS))
            FIXME("message preprocessing is not supported; the message is sent as it is.\n");
        if (!(msg = message_create(eid, &rows->aRow[i].lpProps[QC_INSTANCE_KEY])))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        /* New messages wait in list until the old ones are sorted. */
        *tail = msg;
        tail = &msg->next;
    }
    /* The known messages first, in the queue's order, then the new ones. */
    for (msg = spooler->messages; msg; msg = next)
    {
        next = msg->next;
        if (msg->seen || msg->in_progress || FAILED(hr)) continue;
        message_unlink(spooler, msg);
        msg->next = *gone;
        *gone = msg;
    }
    for (tail = &spooler->messages; *tail; tail = &(*tail)->next) ;
    *tail = list;
    LeaveCriticalSection(&spooler->lock);
    return hr;
}

/* Reads the outgoing queue: new messages are added, those gone are dropped. */
static HRESULT queue_read(struct spooler *spooler)
{
    static const SizedSPropTagArray(QC_COUNT, columns) = {QC_COUNT, {PR_ENTRYID, PR_SUBMIT_FLAGS, PR_INSTANCE_KEY}};
    struct spool_msg *gone, *next;
    SRowSet *rows = NULL;
    HRESULT hr;

    SPOOLER_STORE_CALL(spooler, hr, HrQueryAllRows(spooler->queue, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    if (FAILED(hr))
    {
        WARN("reading the outgoing queue failed, hr %#lx.\n", hr);
        return hr;
    }
    TRACE("%lu messages in the outgoing queue.\n", rows->cRows);
    hr = queue_merge(spooler, rows, &gone);
    FreeProws(rows);
    for (; gone; gone = next)
    {
        next = gone->next;
        message_abort_deferred(spooler, gone);
        message_free(gone);
    }
    return hr;
}

/* The messages to try now, oldest first.  Lock held. */
static ULONG messages_due(struct spooler *spooler, ULONGLONG now, struct spool_msg **due, ULONG size)
{
    struct spool_msg *msg;
    ULONG count = 0;

    for (msg = spooler->messages; msg && count < size; msg = msg->next)
        if (!msg->in_progress && !msg->aborted && msg->retry_at <= now) due[count++] = msg;
    return count;
}

/* When the next message is due, NEVER when none waits for a time.  Lock held. */
static ULONGLONG messages_next_due(struct spooler *spooler)
{
    ULONGLONG due = NEVER;
    struct spool_msg *msg;

    for (msg = spooler->messages; msg; msg = msg->next)
        if (!msg->in_progress && !msg->aborted) due = min(due, msg->retry_at);
    return due;
}

/* ------------------------------------------------------------------------
 * One attempt at a message
 */

struct attempt
{
    struct spooler *spooler;
    struct spool_msg *msg;
    IMessage *message;              /* open and locked; NULL between two transports */
    SRowSet *rows;                  /* its recipient table with every column */
    BOOL dirty;                     /* a transport ran since the recipients were last saved */
    BOOL again;                     /* END_RESEND_NOW: try again at once, in the next pass */
    BOOL gone;                      /* the message left the queue */
    BOOL failed;                    /* the store failed: try again later */
};

static HRESULT attempt_open(struct attempt *att)
{
    struct spooler *spooler = att->spooler;
    IUnknown *object = NULL;
    ULONG type = 0;
    HRESULT hr;

    SPOOLER_STORE_CALL(spooler, hr, IMsgStore_OpenEntry(spooler->store, att->msg->cb_eid, att->msg->eid, NULL,
            MAPI_MODIFY, &type, &object));
    if (FAILED(hr))
    {
        WARN("opening message %p failed, hr %#lx.\n", att->msg, hr);
        if (hr == MAPI_E_NOT_FOUND) att->gone = TRUE;
        else att->failed = TRUE;
        return hr;
    }
    if (type != MAPI_MESSAGE)
    {
        WARN("entry of message %p is of type %lu.\n", att->msg, type);
        spooler_store_release(spooler, object);
        att->gone = TRUE;
        return MAPI_E_INVALID_ENTRYID;
    }
    att->message = (IMessage *)object;
    return S_OK;
}

static void attempt_close(struct attempt *att)
{
    spooler_store_release(att->spooler, att->message);
    att->message = NULL;
}

/* The columns to read: every column the table has, and those routing needs. */
static SPropTagArray *recipient_columns(const SPropTagArray *all)
{
    static const ULONG needed[] =
    {
        PR_ROWID, PR_RESPONSIBILITY, PR_ADDRTYPE_A, PR_ENTRYID, PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A,
        PR_RECIPIENT_TYPE,
    };
    ULONG i, j, count = all ? all->cValues : 0;
    SPropTagArray *columns;
    BOOL duplicate;

    if (!(columns = mapi_heap_alloc(CbNewSPropTagArray(count + ARRAY_SIZE(needed))))) return NULL;
    columns->cValues = 0;
    for (i = 0; i < ARRAY_SIZE(needed); i++) columns->aulPropTag[columns->cValues++] = needed[i];
    for (i = 0; i < count; i++)
    {
        if (PROP_TYPE(all->aulPropTag[i]) == PT_ERROR) continue;
        for (j = 0, duplicate = FALSE; j < ARRAY_SIZE(needed) && !duplicate; j++)
            duplicate = PROP_ID(needed[j]) == PROP_ID(all->aulPropTag[i]);
        if (!duplicate) columns->aulPropTag[columns->cValues++] = all->aulPropTag[i];
    }
    return columns;
}

static HRESULT recipients_read(struct attempt *att)
{
    struct spooler *spooler = att->spooler;
    SPropTagArray *all = NULL, *columns;
    IMAPITable *table = NULL;
    HRESULT hr;

    FreeProws(att->rows);
    att->rows = NULL;
    SPOOLER_STORE_CALL(spooler, hr, IMessage_GetRecipientTable(att->message, 0, &table));
    if (FAILED(hr)) return hr;
    SPOOLER_STORE_CALL(spooler, hr, IMAPITable_QueryColumns(table, TBL_ALL_COLUMNS, &all));
    if (FAILED(hr)) all = NULL;
    if ((columns = recipient_columns(all)))
        SPOOLER_STORE_CALL(spooler, hr, HrQueryAllRows(table, columns, NULL, NULL, 0, &att->rows));
    else
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    mapi_heap_free(columns);
    MAPIFreeBuffer(all);
    spooler_store_release(spooler, table);
    if (FAILED(hr)) att->rows = NULL;
    return hr;
}

/* Lock held. */
static struct spool_recip *recip_find(struct spool_msg *msg, LONG rowid)
{
    ULONG i;

    for (i = 0; i < msg->recip_count; i++)
        if (msg->recips[i].rowid == rowid) return &msg->recips[i];
    return NULL;
}

/* The message's recipients as this session tracks them: new ones are
 * delivered when the store says PR_RESPONSIBILITY TRUE (an earlier
 * session saved that), pending otherwise.  A recipient without PR_ROWID
 * cannot be tracked: the message stays queued rather than go unsent. */
static HRESULT recipients_sync(struct attempt *att)
{
    struct spool_msg *msg = att->msg;
    struct spool_recip *recips, *recip;
    HRESULT hr = S_OK;
    ULONG i;
    LONG rowid;

    EnterCriticalSection(&att->spooler->lock);
    for (i = 0; i < att->rows->cRows; i++)
    {
        if ((rowid = row_rowid(&att->rows->aRow[i])) < 0)
        {
            ERR("a recipient of message %p has no PR_ROWID.\n", msg);
            hr = MAPI_E_CORRUPT_DATA;
            break;
        }
        if (recip_find(msg, rowid)) continue;
        if (!(recips = mapi_heap_realloc(msg->recips, (msg->recip_count + 1) * sizeof(*recips))))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        msg->recips = recips;
        recip = &recips[msg->recip_count++];
        memset(recip, 0, sizeof(*recip));
        recip->rowid = rowid;
        recip->state = row_responsibility(&att->rows->aRow[i]) ? SPOOL_RECIP_DELIVERED : SPOOL_RECIP_PENDING;
    }
    LeaveCriticalSection(&att->spooler->lock);
    return hr;
}

/* An ADRLIST entry for MODRECIP_MODIFY: every value of the row (the
 * recipient is replaced as a whole) with PR_RESPONSIBILITY set. */
static HRESULT recipient_entry(const SRow *row, BOOL responsibility, ADRENTRY *entry)
{
    ULONG i, n = 0;
    SPropValue *values;
    SCODE sc;

    if ((sc = MAPIAllocateBuffer((row->cValues + 1) * sizeof(SPropValue), (void **)&values))) return sc;
    for (i = 0; i < row->cValues; i++)
    {
        ULONG tag = row->lpProps[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_ERROR || tag == PR_INSTANCE_KEY || tag == PR_RESPONSIBILITY) continue;
        values[n++] = row->lpProps[i];
    }
    values[n].ulPropTag = PR_RESPONSIBILITY;
    values[n++].Value.b = responsibility;
    entry->ulReserved1 = 0;
    entry->cValues = n;
    entry->rgPropVals = values;
    return S_OK;
}

/* Sets PR_RESPONSIBILITY of row i to want[i] where it differs, and saves
 * when asked; the rows are changed to match. */
static HRESULT recipients_set(struct attempt *att, const BOOL *want, BOOL save)
{
    struct spooler *spooler = att->spooler;
    ULONG i, count = 0;
    ADRLIST *list;
    HRESULT hr;

    for (i = 0; i < att->rows->cRows; i++)
        if (row_rowid(&att->rows->aRow[i]) >= 0 && !want[i] != !row_responsibility(&att->rows->aRow[i])) count++;
    if (!count) return S_OK;
    if ((hr = MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list))) return hr;
    list->cEntries = 0;
    for (i = 0; i < att->rows->cRows && SUCCEEDED(hr); i++)
    {
        if (row_rowid(&att->rows->aRow[i]) < 0 || !want[i] == !row_responsibility(&att->rows->aRow[i])) continue;
        if (SUCCEEDED(hr = recipient_entry(&att->rows->aRow[i], want[i], &list->aEntries[list->cEntries])))
            list->cEntries++;
    }
    if (SUCCEEDED(hr)) SPOOLER_STORE_CALL(spooler, hr, IMessage_ModifyRecipients(att->message, MODRECIP_MODIFY, list));
    if (SUCCEEDED(hr) && save) SPOOLER_STORE_CALL(spooler, hr, IMessage_SaveChanges(att->message, KEEP_OPEN_READWRITE));
    FreePadrlist(list);
    if (FAILED(hr))
    {
        WARN("setting PR_RESPONSIBILITY on message %p failed, hr %#lx.\n", att->msg, hr);
        return hr;
    }
    /* The rows now say what the message says. */
    for (i = 0; i < att->rows->cRows; i++)
    {
        SPropValue *value = (SPropValue *)row_prop(&att->rows->aRow[i], PR_RESPONSIBILITY);

        if (value) value->Value.b = want[i];
    }
    return S_OK;
}

/* Lock held. */
static ULONG row_state(struct attempt *att, ULONG i)
{
    struct spool_recip *recip = recip_find(att->msg, row_rowid(&att->rows->aRow[i]));

    return recip ? recip->state : SPOOL_RECIP_DELIVERED;
}

/* What the store holds matches this session's view: TRUE for the
 * delivered recipients, FALSE for the others, saved. */
static HRESULT recipients_persist(struct attempt *att)
{
    BOOL *want;
    HRESULT hr;
    ULONG i;

    if (!(want = mapi_heap_alloc((att->rows->cRows + 1) * sizeof(*want)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    EnterCriticalSection(&att->spooler->lock);
    for (i = 0; i < att->rows->cRows; i++) want[i] = row_state(att, i) == SPOOL_RECIP_DELIVERED;
    LeaveCriticalSection(&att->spooler->lock);
    hr = recipients_set(att, want, TRUE);
    mapi_heap_free(want);
    return hr;
}

/* Reads the recipients again and makes the store agree with the session. */
static HRESULT attempt_refresh(struct attempt *att)
{
    HRESULT hr;

    if (FAILED(hr = recipients_read(att)) || FAILED(hr = recipients_sync(att)) || FAILED(hr = recipients_persist(att)))
    {
        WARN("the recipients of message %p cannot be read or saved, hr %#lx.\n", att->msg, hr);
        att->failed = TRUE;
        return hr;
    }
    att->dirty = FALSE;
    return S_OK;
}

/* Which recipients the transport took (PR_RESPONSIBILITY TRUE), read from
 * the message object it was given, before EndMessage.  When they cannot be
 * read, every recipient it was given counts as taken: it said S_OK. */
static void recipients_taken(struct attempt *att, const BOOL *offered, BOOL *taken)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_ROWID, PR_RESPONSIBILITY}};
    struct spooler *spooler = att->spooler;
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    ULONG i, j;
    HRESULT hr;

    SPOOLER_STORE_CALL(spooler, hr, IMessage_GetRecipientTable(att->message, 0, &table));
    if (SUCCEEDED(hr))
        SPOOLER_STORE_CALL(spooler, hr, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    spooler_store_release(spooler, table);
    if (FAILED(hr))
    {
        WARN("the recipients of message %p cannot be read after SubmitMessage, hr %#lx.\n", att->msg, hr);
        memcpy(taken, offered, att->rows->cRows * sizeof(*taken));
        return;
    }
    for (i = 0; i < att->rows->cRows; i++)
    {
        LONG rowid = row_rowid(&att->rows->aRow[i]);

        taken[i] = FALSE;
        for (j = 0; offered[i] && j < rows->cRows && !taken[i]; j++)
            taken[i] = row_rowid(&rows->aRow[j]) == rowid && row_responsibility(&rows->aRow[j]);
    }
    FreeProws(rows);
}

/* Lock held. */
static void message_exclude(struct spool_msg *msg, ULONG order)
{
    ULONG *excluded, i;

    for (i = 0; i < msg->excluded_count; i++)
        if (msg->excluded[i] == order) return;
    if (!(excluded = mapi_heap_realloc(msg->excluded, (msg->excluded_count + 1) * sizeof(*excluded)))) return;
    excluded[msg->excluded_count++] = order;
    msg->excluded = excluded;
}

/* What a transport's call came to. */
struct submit_result
{
    HRESULT hr;                     /* of SubmitMessage */
    BOOL ended;                     /* EndMessage was called */
    ULONG end_flags;
    ULONG_PTR parm;                 /* the return parameter of MAPI_E_WAIT and MAPI_E_NETWORK_ERROR */
    BOOL unusable;                  /* the transport faulted, failed or is logging off */
    BOOL aborted;                   /* the client aborted the message meanwhile */
};

/* Lock held. */
static void recip_retry(struct spool_recip *recip, ULONGLONG not_before)
{
    recip->not_before = not_before;
}

/* Lock held. */
static void recip_refuse(struct spool_recip *recip, LONG reason, LONG diag)
{
    recip->state = SPOOL_RECIP_REFUSED;
    recip->reason = reason;
    recip->diag = diag;
}

static ULONGLONG retry_wait(ULONG_PTR seconds)
{
    if (!seconds) return RETRY_LATER_MS;
    return (ULONGLONG)min(seconds, RETRY_MAX_SECONDS) * 1000;
}

/* What happens to the recipients offered to entry after its answer.  Lock held. */
static void submit_apply(struct attempt *att, struct xp_entry *entry, const BOOL *offered, const BOOL *taken,
        const struct submit_result *res)
{
    struct spool_msg *msg = att->msg;
    ULONGLONG now = GetTickCount64(), wait;
    struct spool_recip *recip;
    ULONG i, failures = 0;

    if (res->hr != S_OK && !res->unusable && res->hr != MAPI_E_BUSY && res->hr != MAPI_E_NOT_ME
            && res->hr != MAPI_E_CANCEL && res->hr != MAPI_E_WAIT && res->hr != MAPI_E_NETWORK_ERROR)
    {
        failures = ++msg->failures;
        WARN("%s: SubmitMessage failed, hr %#lx (%lu).\n", debugstr_a(entry->info.display_name), res->hr, failures);
    }
    if (res->hr == MAPI_E_NOT_ME || res->unusable) message_exclude(msg, entry->order);
    if (res->hr == MAPI_E_NETWORK_ERROR && !res->unusable) entry->retry_at = now + retry_wait(res->parm);

    for (i = 0; i < att->rows->cRows; i++)
    {
        if (!offered[i] || !(recip = recip_find(msg, row_rowid(&att->rows->aRow[i])))) continue;
        if (res->hr == S_OK)
        {
            if (res->ended && (res->end_flags & END_DONT_RESEND))
            {
                if (taken[i]) recip->state = SPOOL_RECIP_DELIVERED;
                else
                {
                    recip->state = SPOOL_RECIP_DEFERRED;
                    recip->holder = entry->order;
                    recip->released = msg->early_release;
                    recip->not_before = 0;
                }
            }
            else if (res->ended && (res->end_flags & END_RESEND_LATER)) recip_retry(recip, now + RETRY_LATER_MS);
            else if (res->ended && (res->end_flags & END_RESEND_NOW)) recip_retry(recip, 0);
            else if (taken[i]) recip->state = SPOOL_RECIP_DELIVERED;
            else
            {
                /* Left to another transport. */
                recip->state = SPOOL_RECIP_PENDING;
                recip->not_before = 0;
                message_exclude(msg, entry->order);
            }
            continue;
        }
        /* A recipient held back with BEGIN_DEFERRED is routed afresh
         * unless the transport only asks for time. */
        wait = 0;
        if (res->unusable || res->hr == MAPI_E_NOT_ME) recip->state = SPOOL_RECIP_PENDING;
        else if (res->hr == MAPI_E_CANCEL) recip_refuse(recip, MAPI_REASON_TRANSFER_FAILED, MAPI_DIAG_NO_DIAGNOSTIC);
        else if (res->hr == MAPI_E_BUSY) wait = RETRY_BUSY_MS;
        else if (res->hr == MAPI_E_WAIT || res->hr == MAPI_E_NETWORK_ERROR) wait = retry_wait(res->parm);
        else if (failures >= RETRY_ERROR_LIMIT)
            recip_refuse(recip, MAPI_REASON_TRANSFER_FAILED, MAPI_DIAG_NO_DIAGNOSTIC);
        else wait = (ULONGLONG)RETRY_ERROR_MS << (failures - 1);
        if (recip->state != SPOOL_RECIP_REFUSED) recip_retry(recip, wait ? now + wait : 0);
    }
    if (res->hr == S_OK && res->ended && (res->end_flags & END_RESEND_NOW)
            && !(res->end_flags & (END_RESEND_LATER | END_DONT_RESEND)))
        att->again = TRUE;
    msg->early_release = FALSE;
    msg->deferred = message_has_deferred(msg);
}

/* Gives the message to one transport: offered[i] says which rows are its
 * recipients.  The message object is released afterwards. */
static void transport_submit(struct attempt *att, struct xp_entry *entry, ULONG flags, const BOOL *offered)
{
    struct spooler *spooler = att->spooler;
    struct submit_result res = {0};
    BOOL *want, *taken, faulted;
    IXPLogon *logon;
    HRESULT hr;
    ULONG i;

    if (!(want = mapi_heap_alloc(2 * (att->rows->cRows + 1) * sizeof(BOOL))))
    {
        att->failed = TRUE;
        return;
    }
    taken = want + att->rows->cRows + 1;
    for (i = 0; i < att->rows->cRows; i++) want[i] = !offered[i];
    if (FAILED(recipients_set(att, want, FALSE)))
    {
        att->failed = TRUE;
        mapi_heap_free(want);
        return;
    }
    memset(taken, 0, att->rows->cRows * sizeof(*taken));
    if (!(logon = xp_entry_begin_call(entry)))
    {
        /* It is going away: its recipients are routed again. */
        EnterCriticalSection(&spooler->lock);
        message_exclude(att->msg, entry->order);
        LeaveCriticalSection(&spooler->lock);
        attempt_close(att);
        att->dirty = TRUE;
        mapi_heap_free(want);
        return;
    }

    EnterCriticalSection(&spooler->lock);
    entry->current_ref = 0;
    entry->cancel_current = FALSE;
    entry->state |= XP_BUSY;
    att->msg->submitting = entry;
    LeaveCriticalSection(&spooler->lock);

    TRACE("SubmitMessage(%#lx) of message %p to %s.\n", flags, att->msg, debugstr_a(entry->info.display_name));
    /* The reference is written where TransportNotify(CANCEL_MESSAGE) can find it. */
    PROVIDER_CALL(entry->dll, faulted, res.hr = IXPLogon_SubmitMessage(logon, flags, att->message,
            &entry->current_ref, &res.parm));
    xp_entry_end_call(entry);
    if (faulted)
    {
        res.hr = MAPI_E_CALL_FAILED;
        xp_entry_fault(entry, "SubmitMessage");
    }
    if (SUCCEEDED(res.hr) && res.hr != S_OK)
    {
        WARN("SubmitMessage returned %#lx, taken as S_OK.\n", res.hr);
        res.hr = S_OK;
    }
    TRACE("SubmitMessage returned %#lx, parameter %lu.\n", res.hr, (ULONG)res.parm);
    if (res.hr == S_OK)
    {
        recipients_taken(att, offered, taken);
        if ((logon = xp_entry_begin_call(entry)))
        {
            PROVIDER_CALL(entry->dll, faulted, hr = IXPLogon_EndMessage(logon, entry->current_ref, &res.end_flags));
            xp_entry_end_call(entry);
            if (faulted)
            {
                xp_entry_fault(entry, "EndMessage");
                res.end_flags = 0;
            }
            else if (FAILED(hr))
            {
                WARN("EndMessage failed, hr %#lx: the recipients it took count as sent.\n", hr);
                res.end_flags = 0;
            }
            res.ended = TRUE;
            TRACE("EndMessage flags %#lx.\n", res.end_flags);
        }
    }

    EnterCriticalSection(&spooler->lock);
    entry->state &= ~XP_BUSY;
    entry->current_ref = 0;
    entry->cancel_current = FALSE;
    att->msg->submitting = NULL;
    res.aborted = att->msg->aborted;
    res.unusable = faulted || (entry->state & (XP_LOGGING_OFF | XP_LOGGED_OFF | XP_CRITICAL_ERROR));
    if (res.aborted) att->gone = TRUE;
    else submit_apply(att, entry, offered, taken, &res);
    LeaveCriticalSection(&spooler->lock);

    /* Invalid after EndMessage; after an error released without saving. */
    attempt_close(att);
    att->dirty = TRUE;
    mapi_heap_free(want);
}

/* The recipients a transport gave back with SENTDEFERRED: offered[i] for
 * those of the first such transport, which is returned AddRef'd.  Those
 * whose transport is gone are routed afresh.  Lock held. */
static struct xp_entry *next_deferred(struct attempt *att, ULONGLONG now, BOOL *offered, ULONGLONG *due)
{
    struct spooler *spooler = att->spooler;
    struct xp_entry *entry = NULL, *holder;
    struct spool_recip *recip;
    ULONG i;

    for (i = 0; i < att->rows->cRows; i++)
    {
        offered[i] = FALSE;
        recip = recip_find(att->msg, row_rowid(&att->rows->aRow[i]));
        if (!recip || recip->state != SPOOL_RECIP_DEFERRED) continue;
        holder = entry_by_order(spooler, recip->holder);
        if (!holder || (holder->state & (XP_LOGGING_OFF | XP_LOGGED_OFF | XP_CRITICAL_ERROR | XP_SUPPORT_GONE)))
        {
            recip->state = SPOOL_RECIP_PENDING;
            recip->not_before = 0;
            continue;
        }
        if (!recip->released) continue;
        if (recip->not_before > now)
        {
            *due = min(*due, recip->not_before);
            continue;
        }
        if (entry && entry != holder) continue;
        entry = holder;
        offered[i] = TRUE;
    }
    if (entry) xp_entry_addref(entry);
    return entry;
}

/* Routes the pending recipients: offered[i] for those of the first
 * transport in transport order that can be called now, which is returned
 * AddRef'd.  Recipients no transport takes are refused.  Lock held. */
static struct xp_entry *next_routed(struct attempt *att, ULONGLONG now, BOOL *offered, ULONGLONG *due)
{
    struct spooler *spooler = att->spooler;
    struct route_recipient *recips;
    struct xp_entry *entry = NULL;
    struct spool_recip *recip;
    ULONG i, *route, chosen = ~0u;
    const SPropValue *value;

    recips = mapi_heap_alloc((att->rows->cRows + 1) * (sizeof(*recips) + sizeof(*route)));
    if (!recips) return NULL;
    route = (ULONG *)(recips + att->rows->cRows + 1);
    for (i = 0; i < att->rows->cRows; i++)
    {
        const SRow *row = &att->rows->aRow[i];

        recip = recip_find(att->msg, row_rowid(row));
        memset(&recips[i], 0, sizeof(recips[i]));
        recips[i].responsibility = !recip || recip->state != SPOOL_RECIP_PENDING || recip->not_before > now;
        if (recip && recip->state == SPOOL_RECIP_PENDING && recip->not_before > now)
            *due = min(*due, recip->not_before);
        if ((value = row_prop(row, PR_ADDRTYPE_A))) recips[i].adrtype = value->Value.lpszA;
        if ((value = row_prop(row, PR_ENTRYID)))
        {
            recips[i].cb_eid = value->Value.bin.cb;
            recips[i].eid = (const ENTRYID *)value->Value.bin.lpb;
        }
    }
    spooler_route(spooler, att->rows->cRows, recips, att->msg->excluded, att->msg->excluded_count, route);

    for (i = 0; i < att->rows->cRows; i++)
    {
        offered[i] = FALSE;
        if (recips[i].responsibility) continue;
        recip = recip_find(att->msg, row_rowid(&att->rows->aRow[i]));
        if (route[i] == ~0u)
        {
            TRACE("no transport takes recipient %ld of message %p.\n", recip->rowid, att->msg);
            recip_refuse(recip, MAPI_REASON_TRANSFER_IMPOSSIBLE, MAPI_DIAG_NO_DIAGNOSTIC);
            continue;
        }
        if (spooler->entries[route[i]]->retry_at > now)
        {
            /* Its transport asked for time after MAPI_E_NETWORK_ERROR. */
            recip->not_before = spooler->entries[route[i]]->retry_at;
            *due = min(*due, recip->not_before);
            continue;
        }
        chosen = min(chosen, route[i]);
    }
    for (i = 0; chosen != ~0u && i < att->rows->cRows; i++)
        offered[i] = !recips[i].responsibility && route[i] == chosen
                && recip_find(att->msg, row_rowid(&att->rows->aRow[i]))->not_before <= now;
    if (chosen != ~0u)
    {
        entry = spooler->entries[chosen];
        xp_entry_addref(entry);
    }
    mapi_heap_free(recips);
    return entry;
}

/* One transport call of the attempt; FALSE when there is none to make now. */
static BOOL attempt_step(struct attempt *att)
{
    struct spooler *spooler = att->spooler;
    struct xp_entry *entry;
    ULONGLONG now = GetTickCount64(), due = NEVER;
    ULONG flags = 0;
    BOOL *offered;

    if (spooler->stopping || att->gone || att->again || att->failed) return FALSE;
    if (!att->message && FAILED(attempt_open(att))) return FALSE;
    if (FAILED(attempt_refresh(att))) return FALSE;
    if (!(offered = mapi_heap_alloc((att->rows->cRows + 1) * sizeof(*offered))))
    {
        att->failed = TRUE;
        return FALSE;
    }
    EnterCriticalSection(&spooler->lock);
    if ((entry = next_deferred(att, now, offered, &due))) flags = BEGIN_DEFERRED;
    else entry = next_routed(att, now, offered, &due);
    LeaveCriticalSection(&spooler->lock);
    if (entry)
    {
        transport_submit(att, entry, flags, offered);
        xp_entry_release(entry);
    }
    mapi_heap_free(offered);
    return entry != NULL;
}

/* Lock held. */
static BOOL message_done(const struct spool_msg *msg, BOOL *refused)
{
    ULONG i;

    *refused = FALSE;
    for (i = 0; i < msg->recip_count; i++)
    {
        if (msg->recips[i].state == SPOOL_RECIP_PENDING || msg->recips[i].state == SPOOL_RECIP_DEFERRED) return FALSE;
        if (msg->recips[i].state == SPOOL_RECIP_REFUSED) *refused = TRUE;
    }
    return TRUE;
}

/* Lock held. */
static ULONGLONG message_next_due(const struct spool_msg *msg)
{
    ULONGLONG due = NEVER;
    ULONG i;

    for (i = 0; i < msg->recip_count; i++)
    {
        const struct spool_recip *recip = &msg->recips[i];

        if (recip->state == SPOOL_RECIP_PENDING || (recip->state == SPOOL_RECIP_DEFERRED && recip->released))
            due = min(due, recip->not_before);
    }
    return due;
}

/* The refused recipients with their report values, for
 * spooler_report_recipients: one MAPIAllocateBuffer block per entry. */
static HRESULT refused_list(struct attempt *att, ADRLIST **out)
{
    SYSTEMTIME st;
    FILETIME now;
    ULONG i, j, n, count = 0;
    struct spool_recip *recip;
    SPropValue *values;
    ADRLIST *list;
    HRESULT hr;

    GetSystemTime(&st);
    SystemTimeToFileTime(&st, &now);
    for (i = 0; i < att->rows->cRows; i++)
        if (row_state(att, i) == SPOOL_RECIP_REFUSED) count++;
    if ((hr = MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list))) return hr;
    list->cEntries = 0;
    for (i = 0; i < att->rows->cRows && SUCCEEDED(hr); i++)
    {
        const SRow *row = &att->rows->aRow[i];

        if (row_state(att, i) != SPOOL_RECIP_REFUSED) continue;
        recip = recip_find(att->msg, row_rowid(row));
        if ((hr = MAPIAllocateBuffer((row->cValues + 3) * sizeof(SPropValue), (void **)&values))) break;
        list->aEntries[list->cEntries].ulReserved1 = 0;
        list->aEntries[list->cEntries].rgPropVals = values;
        list->aEntries[list->cEntries].cValues = 0;
        list->cEntries++;
        for (j = n = 0; j < row->cValues && SUCCEEDED(hr); j++)
        {
            ULONG tag = row->lpProps[j].ulPropTag;

            if (PROP_TYPE(tag) == PT_ERROR || tag == PR_ROWID || tag == PR_INSTANCE_KEY || tag == PR_RESPONSIBILITY
                    || tag == PR_NDR_REASON_CODE || tag == PR_NDR_DIAG_CODE || tag == PR_REPORT_TIME)
                continue;
            if (SUCCEEDED(hr = PropCopyMore(&values[n], &row->lpProps[j], MAPIAllocateMore, values))) n++;
        }
        values[n].ulPropTag = PR_NDR_REASON_CODE;
        values[n++].Value.l = recip->reason;
        values[n].ulPropTag = PR_NDR_DIAG_CODE;
        values[n++].Value.l = recip->diag;
        values[n].ulPropTag = PR_REPORT_TIME;
        values[n++].Value.ft = now;
        list->aEntries[list->cEntries - 1].cValues = n;
    }
    if (FAILED(hr))
    {
        FreePadrlist(list);
        return hr;
    }
    *out = list;
    return S_OK;
}

/* Every recipient is delivered or refused: the refused ones are reported,
 * and the store finishes the message. */
static void attempt_finish(struct attempt *att, BOOL refused)
{
    struct spooler *spooler = att->spooler;
    struct spool_msg *msg = att->msg;
    ADRLIST *list = NULL;
    HRESULT hr;

    if (refused && !msg->reported)
    {
        EnterCriticalSection(&spooler->lock);
        hr = refused_list(att, &list);
        LeaveCriticalSection(&spooler->lock);
        if (SUCCEEDED(hr) && FAILED(hr = spooler_report_recipients(spooler, att->message, list))) FreePadrlist(list);
        if (FAILED(hr)) ERR("the non-delivery report of message %p failed, hr %#lx.\n", msg, hr);
        msg->reported = TRUE;
    }
    attempt_close(att);
    SPOOLER_STORE_CALL(spooler, hr, IMsgStore_FinishedMsg(spooler->store, 0, msg->cb_eid, msg->eid));
    if (FAILED(hr))
    {
        WARN("FinishedMsg of message %p failed, hr %#lx.\n", msg, hr);
        att->failed = TRUE;
        return;
    }
    TRACE("message %p is finished.\n", msg);
    EnterCriticalSection(&spooler->lock);
    message_unlink(spooler, msg);
    spooler->sent++;
    if (refused) spooler->failed++;
    LeaveCriticalSection(&spooler->lock);
    message_free(msg);
    att->msg = NULL;
}

/* SetLockState may save the object it is given: the message is unlocked
 * through a fresh one, which has nothing unsaved in it. */
static void attempt_unlock(struct attempt *att)
{
    HRESULT hr;

    attempt_close(att);
    if (FAILED(attempt_open(att))) return;
    SPOOLER_STORE_CALL(att->spooler, hr, IMsgStore_SetLockState(att->spooler->store, att->message, MSG_UNLOCKED));
    if (FAILED(hr)) WARN("unlocking message %p failed, hr %#lx.\n", att->msg, hr);
    attempt_close(att);
}

/* The end of an attempt: finished, or unlocked and left queued until it is due again. */
static void attempt_end(struct attempt *att)
{
    struct spooler *spooler = att->spooler;
    struct spool_msg *msg = att->msg;
    ULONGLONG now = GetTickCount64();
    BOOL done = FALSE, refused = FALSE;

    if (att->gone)
    {
        attempt_close(att);
        message_drop(spooler, msg);
        att->msg = NULL;
        return;
    }
    if (!att->message && FAILED(attempt_open(att)))
    {
        if (att->gone) message_drop(spooler, msg);
        else msg->retry_at = now + RETRY_ERROR_MS;
        if (att->gone) att->msg = NULL;
        return;
    }
    if (att->dirty) attempt_refresh(att);

    /* Finishing calls no transport: it is done even while the spooler stops. */
    EnterCriticalSection(&spooler->lock);
    if (!att->failed && att->rows) done = message_done(msg, &refused);
    LeaveCriticalSection(&spooler->lock);
    if (done) attempt_finish(att, refused);
    if (!att->msg) return;
    attempt_unlock(att);

    EnterCriticalSection(&spooler->lock);
    msg->deferred = message_has_deferred(msg);
    if (att->again) msg->retry_at = now;
    else if (att->failed) msg->retry_at = now + RETRY_ERROR_MS;
    else msg->retry_at = message_next_due(msg);
    LeaveCriticalSection(&spooler->lock);
    TRACE("message %p waits, due at %s.\n", msg, msg->retry_at == NEVER ? "SENTDEFERRED" :
            wine_dbgstr_longlong(msg->retry_at));
}

static void message_attempt(struct spooler *spooler, struct spool_msg *msg)
{
    struct attempt att = {0};
    ULONG round;
    HRESULT hr;

    TRACE("%p, message %p.\n", spooler, msg);

    att.spooler = spooler;
    att.msg = msg;
    if (FAILED(attempt_open(&att)))
    {
        if (att.gone) message_drop(spooler, msg);
        else msg->retry_at = GetTickCount64() + RETRY_ERROR_MS;
        return;
    }
    SPOOLER_STORE_CALL(spooler, hr, IMsgStore_SetLockState(spooler->store, att.message, MSG_LOCKED));
    if (FAILED(hr))
    {
        WARN("locking message %p failed, hr %#lx.\n", msg, hr);
        attempt_close(&att);
        if (hr == MAPI_E_NOT_IN_QUEUE || hr == MAPI_E_NOT_FOUND) message_drop(spooler, msg);
        else msg->retry_at = GetTickCount64() + RETRY_ERROR_MS;
        return;
    }
    EnterCriticalSection(&spooler->lock);
    msg->in_progress = TRUE;
    LeaveCriticalSection(&spooler->lock);

    for (round = 0; round < ROUNDS_PER_ATTEMPT; round++)
        if (!attempt_step(&att)) break;
    if (round == ROUNDS_PER_ATTEMPT) att.again = TRUE;

    EnterCriticalSection(&spooler->lock);
    msg->in_progress = FALSE;
    LeaveCriticalSection(&spooler->lock);
    attempt_end(&att);
    FreeProws(att.rows);
}

void spooler_process_outbound(struct spooler *spooler)
{
    struct spool_msg *due[MESSAGES_PER_PASS];
    ULONGLONG now, next_due;
    ULONG count, i;
    BOOL changed;

    TRACE("%p.\n", spooler);

    spooler->outbound_due = 0;
    if (spooler->stopping || !spooler->store || !spooler->queue) return;

    now = GetTickCount64();
    EnterCriticalSection(&spooler->lock);
    count = messages_due(spooler, now, due, ARRAY_SIZE(due));
    changed = spooler->queue_changed;
    /* The queue is read once what is known is done: reading it for each
     * change would cost as much as the queue is long, per message sent. */
    if (!count && changed) spooler->queue_changed = FALSE;
    LeaveCriticalSection(&spooler->lock);
    if (!count && changed)
    {
        if (FAILED(queue_read(spooler)))
        {
            EnterCriticalSection(&spooler->lock);
            spooler->queue_changed = TRUE;
            LeaveCriticalSection(&spooler->lock);
            spooler->outbound_due = now + RETRY_ERROR_MS;
            return;
        }
        EnterCriticalSection(&spooler->lock);
        count = messages_due(spooler, now, due, ARRAY_SIZE(due));
        LeaveCriticalSection(&spooler->lock);
    }

    for (i = 0; i < count && !spooler->stopping; i++) message_attempt(spooler, due[i]);

    EnterCriticalSection(&spooler->lock);
    next_due = messages_next_due(spooler);
    changed = spooler->queue_changed;
    LeaveCriticalSection(&spooler->lock);
    /* More to do now: the worker comes back at once. */
    if (changed || next_due <= GetTickCount64()) spooler_wake(spooler);
    spooler->outbound_due = next_due == NEVER ? 0 : next_due;
}

void spooler_outbound_free(struct spooler *spooler)
{
    struct spool_msg *msg, *next;

    TRACE("%p.\n", spooler);

    EnterCriticalSection(&spooler->lock);
    msg = spooler->messages;
    spooler->messages = NULL;
    LeaveCriticalSection(&spooler->lock);
    for (; msg; msg = next)
    {
        next = msg->next;
        message_free(msg);
    }
}

BOOL spooler_entry_has_deferred(struct spooler *spooler, const struct xp_entry *entry)
{
    struct spool_msg *msg;
    BOOL found = FALSE;
    ULONG i;

    EnterCriticalSection(&spooler->lock);
    for (msg = spooler->messages; msg && !found; msg = msg->next)
        for (i = 0; i < msg->recip_count && !found; i++)
            found = msg->recips[i].state == SPOOL_RECIP_DEFERRED && msg->recips[i].holder == entry->order;
    LeaveCriticalSection(&spooler->lock);
    return found;
}

HRESULT spooler_sent_deferred(struct spooler *spooler, ULONG cb, const ENTRYID *eid)
{
    struct spool_msg *msg;
    BOOL found = FALSE;
    ULONG i;

    TRACE("%p, %lu, %p.\n", spooler, cb, eid);

    if (!eid || !cb) return MAPI_E_INVALID_PARAMETER;
    EnterCriticalSection(&spooler->lock);
    if ((msg = message_find(spooler, cb, eid)))
    {
        for (i = 0; i < msg->recip_count; i++)
        {
            if (msg->recips[i].state != SPOOL_RECIP_DEFERRED) continue;
            msg->recips[i].released = TRUE;
            msg->recips[i].not_before = 0;
            found = TRUE;
        }
        if (found)
        {
            msg->deferred = FALSE;
            msg->retry_at = 0;
        }
        else if (msg->submitting)
        {
            /* From inside EndMessage: the deferral is recorded when it returns. */
            msg->early_release = TRUE;
            found = TRUE;
        }
    }
    LeaveCriticalSection(&spooler->lock);
    if (!found)
    {
        WARN("no deferred message has this entry ID.\n");
        return MAPI_E_NOT_FOUND;
    }
    spooler_wake(spooler);
    return S_OK;
}

void spooler_queue_row_deleted(struct spooler *spooler, const SBinary *instance_key)
{
    struct xp_entry *entry = NULL;
    struct spool_msg *msg;
    ULONG flags = NOTIFY_CANCEL_MESSAGE;
    ULONG_PTR ref = 0;
    IXPLogon *logon;
    BOOL faulted;

    TRACE("%p, %p.\n", spooler, instance_key);

    if (!instance_key) return;
    EnterCriticalSection(&spooler->lock);
    for (msg = spooler->messages; msg; msg = msg->next)
    {
        if (!msg->submitting || msg->cb_key != instance_key->cb || !msg->key
                || memcmp(msg->key, instance_key->lpb, instance_key->cb))
            continue;
        msg->aborted = TRUE;
        entry = msg->submitting;
        entry->cancel_current = TRUE;
        ref = entry->current_ref;
        xp_entry_addref(entry);
        break;
    }
    LeaveCriticalSection(&spooler->lock);
    if (!entry) return;

    TRACE("message %p was aborted in %s.\n", msg, debugstr_a(entry->info.display_name));
    if ((logon = xp_entry_begin_call(entry)))
    {
        /* The data points to the message's reference. */
        PROVIDER_CALL(entry->dll, faulted, IXPLogon_TransportNotify(logon, &flags, (void **)&ref));
        if (faulted) xp_entry_fault(entry, "TransportNotify");
        xp_entry_end_call(entry);
    }
    xp_entry_release(entry);
}

/* ------------------------------------------------------------------------
 * New mail
 */

HRESULT spooler_notify_new_mail(struct spooler *spooler, IMessage *message)
{
    static const SizedSPropTagArray(4, tags) =
            {4, {PR_ENTRYID, PR_PARENT_ENTRYID, PR_MESSAGE_CLASS_A, PR_MESSAGE_FLAGS}};
    NOTIFICATION notification;
    SPropValue *props = NULL;
    ULONG count = 0;
    HRESULT hr;

    SPOOLER_STORE_CALL(spooler, hr, IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &props));
    if (FAILED(hr)) return hr;
    if (props[0].ulPropTag != PR_ENTRYID || props[1].ulPropTag != PR_PARENT_ENTRYID)
    {
        MAPIFreeBuffer(props);
        return MAPI_E_NOT_FOUND;
    }
    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevNewMail;
    notification.info.newmail.cbEntryID = props[0].Value.bin.cb;
    notification.info.newmail.lpEntryID = (ENTRYID *)props[0].Value.bin.lpb;
    notification.info.newmail.cbParentID = props[1].Value.bin.cb;
    notification.info.newmail.lpParentID = (ENTRYID *)props[1].Value.bin.lpb;
    notification.info.newmail.ulFlags = 0;
    notification.info.newmail.lpszMessageClass = props[2].ulPropTag == PR_MESSAGE_CLASS_A ? props[2].Value.lpszA : NULL;
    notification.info.newmail.ulMessageFlags = props[3].ulPropTag == PR_MESSAGE_FLAGS ? props[3].Value.l : 0;
    SPOOLER_STORE_CALL(spooler, hr, IMsgStore_NotifyNewMail(spooler->store, &notification));
    MAPIFreeBuffer(props);
    return hr;
}
