/*
 * mapi32: definitions shared by the spooler's files
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_SPOOLER_H
#define __MAPI32_SPOOLER_H

#include "private.h"

#ifndef MODRECIP_MODIFY
#define MODRECIP_ADD    0x00000002
#define MODRECIP_MODIFY 0x00000004
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(count) (offsetof(ADRLIST, aEntries[count]))
#endif

/* PR_NDR_REASON_CODE and PR_NDR_DIAG_CODE values, as the MAPI SDK has them. */
#ifndef MAPI_REASON_TRANSFER_FAILED
#define MAPI_REASON_TRANSFER_FAILED     0
#define MAPI_REASON_TRANSFER_IMPOSSIBLE 1
#endif
#ifndef MAPI_DIAG_NO_DIAGNOSTIC
#define MAPI_DIAG_NO_DIAGNOSTIC         (-1)
#endif

/* xp_entry.state bits. */
#define XP_INBOUND          0x0001  /* BEGIN_INBOUND sent, no END_INBOUND yet */
#define XP_OUTBOUND         0x0002  /* BEGIN_OUTBOUND sent, no END_OUTBOUND yet */
#define XP_CRITSEC          0x0004  /* between SPOOLER_NOTIFY CRITSEC and NONCRIT */
#define XP_CRITICAL_ERROR   0x0008  /* NOTIFY_CRITICAL_ERROR: no further calls but logoff and release */
#define XP_LOGGING_OFF      0x0010  /* the logoff sequence has started: no routing to it */
#define XP_LOGGED_OFF       0x0020  /* TransportLogoff has been called */
#define XP_SUPPORT_GONE     0x0040  /* its support object had its final release */
#define XP_WANTS_POLL       0x0100  /* NEWMAIL: poll at once */
#define XP_CONFIG_CHANGED   0x0200  /* CONFIG_CHANGE: AddressTypes again */
#define XP_BUSY             0x0400  /* a Submit/End/Start/Poll call is running on the worker */

/* One row of the logon table: a transport logon.  Made by the spooler when
 * it logs the transport on; referenced by the table and by the transport's
 * support object (through its xp_link) until that object's final release.
 * Everything but refs is guarded by the spooler's lock. */
struct xp_entry
{
    LONG refs;
    struct spooler *spooler;
    ULONG order;                    /* place in transport order */
    struct profile_provider info;   /* its profile section */
    struct provider *provider;      /* the IXPProvider object; one live logon counted by the support object;
                                     * NULL once XP_SUPPORT_GONE (the provider object may be gone then) */
    struct provider_dll *dll;       /* referenced until the entry is freed: use it for PROVIDER_CALL */
    IXPLogon *logon;                /* the spooler's own reference, kept until the logon leaves the table */
    IMAPISupport *support;          /* not referenced: valid while !(state & XP_SUPPORT_GONE) */
    struct xp_link link;            /* given to the support object */
    ULONG logon_flags;              /* LOGON_SP_IDLE, LOGON_SP_POLL, LOGON_SP_RESOLVE */
    ULONG state;                    /* XP_* */

    /* AddressTypes: arrays owned by the provider, valid only until
     * TransportLogoff; types_valid is cleared before it is called and
     * nothing reads them afterwards. */
    BOOL types_valid;
    ULONG type_flags;
    ULONG type_count;
    LPSTR *types;                   /* NULL: takes every address type */
    ULONG uid_count;
    MAPIUID **uids;

    ULONGLONG retry_at;             /* GetTickCount64() before which nothing is submitted to it, 0 for none */
    ULONGLONG next_poll;            /* GetTickCount64() of its next Poll */
    ULONG_PTR current_ref;          /* the message reference of the running SubmitMessage/StartMessage */
    BOOL cancel_current;            /* the client aborted the message in SubmitMessage: SpoolerYield says so */

    /* xp_entry_begin_call/end_call: calls into logon running now; the
     * spooler's reference on logon is released when the last one ends. */
    ULONG calls;
    BOOL release_logon;
};

/* A recipient of a message the spooler is working on (spoolerout.c), by
 * its PR_ROWID; what happened to it in this session. */
struct spool_recip
{
    LONG rowid;
    ULONG state;                    /* SPOOL_RECIP_* in spoolerout.c */
    ULONGLONG not_before;           /* not offered to a transport before this tick count */
    ULONG holder;                   /* deferred: order of the transport that deferred it */
    BOOL released;                  /* deferred: SENTDEFERRED came, it goes back with BEGIN_DEFERRED */
    LONG reason, diag;              /* refused: its PR_NDR_REASON_CODE and PR_NDR_DIAG_CODE */
};

/* A message of the outgoing queue the spooler is working on.  Made, kept
 * and freed by spoolerout.c; guarded by the spooler's lock. */
struct spool_msg
{
    struct spool_msg *next;
    ULONG cb_eid;
    ENTRYID *eid;                   /* mapi_heap */
    ULONGLONG retry_at;             /* not before this tick count */
    BOOL deferred;                  /* a transport answered END_DONT_RESEND: waits for SENTDEFERRED */
    BOOL aborted;                   /* gone from the queue while in progress (AbortSubmit) */
    BOOL in_progress;
    BOOL seen;                      /* in the queue at its last reading */
    BOOL reported;                  /* its non-delivery report is made */
    BOOL early_release;             /* SENTDEFERRED came before its deferral was recorded */
    ULONG failures;                 /* transport errors that count towards giving up */
    ULONG cb_key;
    BYTE *key;                      /* PR_INSTANCE_KEY of its queue row, mapi_heap */
    struct xp_entry *submitting;    /* the transport whose SubmitMessage has it now, not referenced */
    ULONG excluded_count;
    ULONG *excluded;                /* orders of the transports that answered MAPI_E_NOT_ME, mapi_heap */
    ULONG recip_count;
    struct spool_recip *recips;     /* mapi_heap */
};

/* The spooler of one session's profile.  Made by spooler_start(), owned by
 * the session, which calls spooler_stop() at logoff.  The worker thread
 * does all the outbound and inbound work; the session's thread does the
 * logoff. */
struct spooler
{
    CRITICAL_SECTION lock;
    struct mapi_host *host;
    HANDLE thread;
    HANDLE wake;                    /* auto-reset: something to do */
    BOOL stopping;                  /* spooler_stop has begun: nothing new is started; outbound and inbound
                                     * only let go of what they hold (the worker calls them once more) */
    BOOL stopped;                   /* spooler_stop is done: host must not be used any more; set under
                                     * host_lock (exclusive) and lock */
    SRWLOCK host_lock;              /* held shared by threads other than the worker while they use host */
    LONG refs;                      /* the session's, each entry's, each status object's (interlocked) */
    DWORD thread_id;
    struct spooler_request *requests;   /* FlushQueues and ValidateState for the worker */
    ULONGLONG next_idle;            /* GetTickCount64() of the next round of Idle calls */
    ULONG status_code;              /* PR_STATUS_CODE of the spooler's status row */

    struct xp_entry **entries;      /* the logon table, in transport order */
    ULONG entry_count;

    /* The spooler's own logon to the default store (IMSProvider::SpoolerLogon).
     * store_support exists from spooler_store_ready on (it pins the
     * provider object); the worker makes the logon. */
    struct provider *store_provider;
    struct profile_provider store_info;
    ULONG cb_store_blob;
    BYTE *store_blob;               /* the spool-security blob, mapi_heap */
    BOOL store_pending;             /* the worker has the store logon to make */
    struct queue_sink *queue_sink;  /* the outgoing queue's advise sink */
    IMAPISupport *store_support;
    IMSLogon *store_logon;
    IMsgStore *store;
    IMAPITable *queue;              /* GetOutgoingQueue */
    ULONG_PTR queue_connection;     /* its Advise */
    BOOL queue_changed;             /* READYTOSEND or a table notification */

    struct spool_msg *messages;     /* known outgoing messages */
    ULONG poll_interval;            /* milliseconds */
    /* Left by spooler_process_outbound and spooler_process_inbound for the
     * worker's wait: GetTickCount64() when they have work again without
     * being woken, 0 for no such time. */
    ULONGLONG outbound_due;
    ULONGLONG inbound_due;

    /* Accounting, for the status row and the benchmark. */
    ULONG sent, failed, received;
};

/* spooler.c */
extern void xp_entry_addref(struct xp_entry *entry);
extern void xp_entry_release(struct xp_entry *entry);
extern void spooler_wake(struct spooler *spooler);
extern void spooler_addref(struct spooler *spooler);
extern void spooler_release(struct spooler *spooler);
/* Fills entry->link with the spooler's callbacks. */
extern void xp_entry_link_init(struct xp_entry *entry);
/* A call into the transport faulted (PROVIDER_CALL set faulted): handled
 * as NOTIFY_CRITICAL_ERROR (STATUS_FAILURE in its row, logged off by the
 * worker). */
extern void xp_entry_fault(struct xp_entry *entry, const char *method);
/* FlushQueues and ValidateState, done by the worker; target NULL: every
 * transport.  wait: synchronous (never when called on the worker itself). */
extern HRESULT spooler_request_flush(struct spooler *spooler, struct xp_entry *target, ULONG flags, BOOL wait);
extern HRESULT spooler_request_validate(struct spooler *spooler, ULONG flags, BOOL wait);

/* spoolerlogon.c: the logon table. */
extern HRESULT spooler_logon_transports(struct spooler *spooler);
extern void spooler_logoff_transport(struct spooler *spooler, struct xp_entry *entry, BOOL abort_deferred);
extern void spooler_logoff_transports(struct spooler *spooler);
extern HRESULT spooler_read_address_types(struct spooler *spooler, struct xp_entry *entry);
/* Around every call into entry->logon but those of the logoff sequence,
 * from any thread: begin returns NULL (call nothing) once the entry is
 * logging off, after CRITICAL_ERROR or a fault; otherwise the logon stays
 * referenced until xp_entry_end_call. */
extern IXPLogon *xp_entry_begin_call(struct xp_entry *entry);
extern void xp_entry_end_call(struct xp_entry *entry);
/* The spooler's reference on entry->logon, released once no call runs. */
extern void xp_entry_release_logon(struct xp_entry *entry);
/* The entry whose transport's status row belongs to owner (its support object), AddRef'd. */
extern struct xp_entry *spooler_find_entry(struct spooler *spooler, const void *row_owner);

/* spoolerstatus.c: the spooler's status row and status object. */
extern HRESULT spooler_status_row_add(struct spooler *spooler);
extern void spooler_status_row_set_code(struct spooler *spooler, ULONG set, ULONG clear);
extern void spooler_status_row_remove(struct spooler *spooler);
extern HRESULT spooler_status_create(struct spooler *spooler, const IID *iid, IUnknown **out);
/* A transport's status row: STATUS_FAILURE merged into it, or a row made
 * with MAPI's columns when the provider wrote none. */
extern void xp_status_row_failure(struct xp_entry *entry);
extern void xp_status_row_ensure(struct xp_entry *entry);

/* spoolerout.c: outbound.  spooler_process_outbound runs on the worker:
 * it reads the outgoing queue when queue_changed and sends what is due.
 * Once stopping is set it starts nothing new; spooler_outbound_free (worker
 * gone) frees the message bookkeeping. */
extern void spooler_process_outbound(struct spooler *spooler);
extern void spooler_outbound_free(struct spooler *spooler);
/* Whether a message waits for SENTDEFERRED from this transport (for
 * NOTIFY_ABORT_DEFERRED at its logoff); takes the lock. */
extern BOOL spooler_entry_has_deferred(struct spooler *spooler, const struct xp_entry *entry);
/* A row left the outgoing queue (TABLE_ROW_DELETED, its PR_INSTANCE_KEY):
 * when that message is inside a SubmitMessage the client aborted it, and
 * the transport is told (SpoolerYield, TransportNotify CANCEL_MESSAGE).
 * Any thread; no lock held. */
extern void spooler_queue_row_deleted(struct spooler *spooler, const SBinary *instance_key);
/* For spoolerout.c and spoolerin.c: a call into the spooler's store (a
 * fault is MAPI_E_CALL_FAILED), a guarded Release, and IMsgStore::NotifyNewMail
 * for a message the spooler put into the store. */
#define SPOOLER_STORE_CALL(spooler, hr, ...) \
    do { \
        BOOL store_call_faulted; \
        PROVIDER_CALL(provider_get_dll((spooler)->store_provider), store_call_faulted, (hr) = __VA_ARGS__); \
        if (store_call_faulted) (hr) = MAPI_E_CALL_FAILED; \
    } while (0)
extern void spooler_store_release(struct spooler *spooler, void *object);
extern HRESULT spooler_notify_new_mail(struct spooler *spooler, IMessage *message);
extern HRESULT spooler_sent_deferred(struct spooler *spooler, ULONG cb, const ENTRYID *eid);
/* Which transport takes which recipient; for each recipient i, route[i] is
 * the index of its transport in the logon table or ~0u for none.  excluded
 * holds the orders (xp_entry.order) of transports that take nothing here.
 * Takes the spooler's lock; a caller that holds it may use the indices. */
struct route_recipient
{
    const char *adrtype;            /* PR_ADDRTYPE, may be NULL */
    ULONG cb_eid;
    const ENTRYID *eid;             /* PR_ENTRYID, may be NULL */
    BOOL responsibility;            /* PR_RESPONSIBILITY: TRUE means already handled */
};
extern void spooler_route(struct spooler *spooler, ULONG count, const struct route_recipient *recips,
        const ULONG *excluded, ULONG excluded_count, ULONG *route);

/* spoolreport.c: delivery and non-delivery reports for the entries of
 * list, made in the spooler's store; list is freed on success. */
extern HRESULT spooler_report_recipients(struct spooler *spooler, IMessage *message, ADRLIST *list);

/* spoolerin.c: inbound. */
extern void spooler_process_inbound(struct spooler *spooler);

#endif /* __MAPI32_SPOOLER_H */
