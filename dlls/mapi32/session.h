/*
 * mapi32: the session, shared by session.c, sessionstatus.c and sessionstore.c
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_SESSION_H
#define __MAPI32_SESSION_H

#include "private.h"

struct session;

/* One per support object the session makes for a store logon, one
 * (embedded in the session) that the address books' support objects use,
 * and one (embedded too) for the spooler.  Owned by the session; each
 * support object made with it counts in refs. */
struct session_host
{
    struct mapi_host host;
    struct session *session;
    struct session_host *next;
    LONG refs;
    IMAPISupport *support;      /* not referenced: cleared when its final release is done */
    BOOL logoff_done;
    struct provider *provider;
    MAPIUID provider_uid;
};

/* What the session keeps about one store provider of its profile. */
struct store_state
{
    struct store_state *next;
    MAPIUID uid;
    ULONG temp_flags;           /* MAPI_SIMPLE_STORE_TEMPORARY: in the tables, not in the profile */
    ULONG spool_size;
    BYTE *spool;                /* the spool-security blob of its logon, MAPIAllocateBuffer */
};

struct advise_link;

/* Made by MAPILogonEx; the clients hold refcount, support objects and
 * MAPI's status objects hold core_refs (the clients together hold one of
 * them).  Holds the profile, provider set, status table, notification
 * registry, address-book set, stores table, the spooler of a mail-enabled
 * session and its own reference on the default store it logged on to. */
struct session
{
    IMAPISession IMAPISession_iface;
    LONG refcount;
    LONG core_refs;
    LONG clients;
    CRITICAL_SECTION cs;
    ULONG flags;
    BOOL logged_off;
    char profile_name[PROFILE_NAME_MAX + 1];
    struct profile *profile;
    struct provider_set *providers;
    struct status_table *status;
    struct notify_registry *notify;
    struct ab_set *ab;
    ITableData *stores;
    struct session_host main;
    struct session_host *store_hosts;
    struct store_state *store_states;
    struct advise_link *advises;
    ULONG last_connection;
    HRESULT last_hr;
    MAPIERROR *last_error;
    BYTE mapi_row, ab_row;      /* owners of MAPI's status rows */

    /* The spooler: calls into it are counted in spooler_users under cs;
     * logoff takes it away and waits for spooler_idle before stopping it. */
    struct spooler *spooler;
    LONG spooler_users;
    HANDLE spooler_idle;
    struct session_host spooler_host;
    IMsgStore *default_store;   /* the session's logon to the default store, for the spooler */
};

static inline struct session *impl_from_IMAPISession(IMAPISession *iface)
{
    return CONTAINING_RECORD(iface, struct session, IMAPISession_iface);
}

/* session.c */
extern void session_core_addref(struct session *session);
extern void session_core_release(struct session *session);
extern void host_init(struct session *session, struct session_host *host);
extern HRESULT session_check(struct session *session);
extern void session_set_last_error(struct session *session, HRESULT hr, const MAPIERROR *error);
/* The spooler, counted as in use until session_spooler_put; NULL when the
 * session has none (MAPI_NO_MAIL) or is logging off. */
extern struct spooler *session_spooler_get(struct session *session);
extern void session_spooler_put(struct session *session);

/* sessionstatus.c: the status object of a status row's owner. */
extern HRESULT session_open_status(struct session *session, const void *owner, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out);

/* sessionstore.c: the stores table, store logons and the default store. */
extern HRESULT stores_table_create(ITableData **table);
extern HRESULT stores_table_fill(struct session *session);
extern void session_free_stores(struct session *session);
extern struct provider_dll *session_owner_dll(struct session *session, void *owner);
/* Whether a status row's owner is one of the session's stores. */
extern BOOL session_is_store_row(struct session *session, const void *owner);
extern HRESULT session_open_store(struct session *session, ULONG_PTR ui, ULONG cb, const ENTRYID *eid,
        const IID *iid, ULONG flags, IMsgStore **out);
extern HRESULT session_compare_stores(struct session *session, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG *result);
/* A mail-enabled logon: the session logs on to the default store and
 * hands it to the spooler. */
extern void session_logon_default_store(struct session *session);
extern void session_logoff_stores(struct session *session);
extern HRESULT WINAPI session_GetMsgStoresTable(IMAPISession *iface, ULONG flags, IMAPITable **table);
extern HRESULT WINAPI session_OpenMsgStore(IMAPISession *iface, ULONG_PTR ui, ULONG cb, ENTRYID *eid,
        const IID *iid, ULONG flags, IMsgStore **mdb);
extern HRESULT WINAPI session_SetDefaultStore(IMAPISession *iface, ULONG flags, ULONG cb, ENTRYID *eid);

#endif /* __MAPI32_SESSION_H */
