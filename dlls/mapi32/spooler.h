/*
 * mapi32: definitions shared by the spooler's files
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_SPOOLER_H
#define __MAPI32_SPOOLER_H

#include "private.h"

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
    struct provider *provider;      /* the IXPProvider object; one live logon counted by the support object */
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
};

/* A message of the outgoing queue the spooler is working on. */
struct spool_msg
{
    struct spool_msg *next;
    ULONG cb_eid;
    ENTRYID *eid;                   /* mapi_heap */
    ULONGLONG retry_at;             /* not before this tick count */
    BOOL deferred;                  /* a transport answered END_DONT_RESEND: waits for SENTDEFERRED */
    BOOL aborted;                   /* gone from the queue while in progress (AbortSubmit) */
    BOOL in_progress;
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
    BOOL stopping;

    struct xp_entry **entries;      /* the logon table, in transport order */
    ULONG entry_count;

    /* The spooler's own logon to the default store (IMSProvider::SpoolerLogon). */
    struct provider *store_provider;
    IMAPISupport *store_support;
    IMSLogon *store_logon;
    IMsgStore *store;
    IMAPITable *queue;              /* GetOutgoingQueue */
    ULONG_PTR queue_connection;     /* its Advise */
    BOOL queue_changed;             /* READYTOSEND or a table notification */

    struct spool_msg *messages;     /* known outgoing messages */
    ULONG poll_interval;            /* milliseconds */

    /* Accounting, for the status row and the benchmark. */
    ULONG sent, failed, received;
};

/* spooler.c */
extern void xp_entry_release(struct xp_entry *entry);
extern void spooler_wake(struct spooler *spooler);

/* spoolerlogon.c: the logon table. */
extern HRESULT spooler_logon_transports(struct spooler *spooler);
extern void spooler_logoff_transport(struct spooler *spooler, struct xp_entry *entry, BOOL abort_deferred);
extern void spooler_logoff_transports(struct spooler *spooler);
extern HRESULT spooler_read_address_types(struct spooler *spooler, struct xp_entry *entry);

/* spoolerout.c: outbound. */
extern void spooler_process_outbound(struct spooler *spooler);
extern HRESULT spooler_sent_deferred(struct spooler *spooler, ULONG cb, const ENTRYID *eid);
extern HRESULT spooler_report_recipients(struct spooler *spooler, IMessage *message, ADRLIST *list);
/* Which transport takes which recipient; for each recipient i, route[i] is
 * the index of its transport in the logon table or ~0u for none. */
struct route_recipient
{
    const char *adrtype;            /* PR_ADDRTYPE, may be NULL */
    ULONG cb_eid;
    const ENTRYID *eid;             /* PR_ENTRYID, may be NULL */
    BOOL responsibility;            /* PR_RESPONSIBILITY: TRUE means already handled */
};
extern void spooler_route(struct spooler *spooler, ULONG count, const struct route_recipient *recips,
        const ULONG *excluded, ULONG excluded_count, ULONG *route);

/* spoolerin.c: inbound. */
extern void spooler_process_inbound(struct spooler *spooler);

#endif /* __MAPI32_SPOOLER_H */
