/*
 * mapi32: the one internal header
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_PRIVATE_H
#define __MAPI32_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>

#define COBJMACROS
#define CONST_VTABLE
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "winnls.h"
#include "objbase.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapival.h"
#include "mapiguid.h"
#include "mapifix.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "wine/debug.h"

/* The DLL is built outside Wine's tree: give it the short debug names that
 * Wine's own DLLs use. */
#ifndef TRACE
#define TRACE WINE_TRACE
#define TRACE_ON WINE_TRACE_ON
#define WARN WINE_WARN
#define WARN_ON WINE_WARN_ON
#define FIXME WINE_FIXME
#undef ERR
#define ERR WINE_ERR
static inline const char *debugstr_a(const char *s) { return wine_dbgstr_an(s, -1); }
static inline const char *debugstr_an(const char *s, int n) { return wine_dbgstr_an(s, n); }
static inline const char *debugstr_w(const WCHAR *s) { return wine_dbgstr_wn(s, -1); }
static inline const char *debugstr_guid(const GUID *id) { return wine_dbgstr_guid(id); }
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* main.c */
extern HINSTANCE mapi32_instance;
extern BOOL mapi_is_initialized(void);

/* alloc.c */
extern void *mapi_heap_alloc(SIZE_T size);
extern void *mapi_heap_realloc(void *ptr, SIZE_T size);
extern void mapi_heap_free(void *ptr);
extern char *mapi_heap_strdup(const char *str);

/* prop.c */
extern ULONG prop_mv_slot_size(ULONG type);
extern SCODE prop_data_size(const SPropValue *prop, ULONG *size);
extern void prop_mv_value_at(const SPropValue *mv, ULONG index, SPropValue *value);

/* validate.c */
extern BOOL prop_tag_is_bad(ULONG tag);
extern BOOL prop_value_is_bad(const SPropValue *prop);

/* notifyreg.c: subscriptions for IMAPISupport::Subscribe/Notify and sessions */
struct notify_registry;
extern HRESULT notify_registry_create(struct notify_registry **registry);
extern void notify_registry_destroy(struct notify_registry *registry);
extern HRESULT notify_subscribe(struct notify_registry *registry, ULONG key_size, const void *key,
        ULONG event_mask, IMAPIAdviseSink *sink, ULONG flags, ULONG_PTR *connection);
extern HRESULT notify_unsubscribe(struct notify_registry *registry, ULONG_PTR connection);
extern HRESULT notify_fire(struct notify_registry *registry, ULONG key_size, const void *key, ULONG count,
        NOTIFICATION *notifications, ULONG *flags);

/* restrict.c: restrictions evaluated on table rows */
typedef const SPropValue *(*restriction_lookup)(void *context, ULONG tag, SPropValue *scratch);
extern HRESULT restriction_check(const SRestriction *res);
extern SRestriction *restriction_dup(const SRestriction *res);
extern BOOL restriction_match(const SRestriction *res, restriction_lookup lookup, void *context);

/* stream.c */
extern HRESULT stream_query_interface(IStream *iface, REFIID riid, void **out);

/* ------------------------------------------------------------------------
 * The MAPI subsystem.  Layers, each using only what is above it here:
 * propnames, mapisvc, profile, provider, entryid, status -> support ->
 * msgservice -> profadmin, addrbook -> session.
 */

/* propnames.c: PR_* names of the properties profiles and INF files use. */
extern BOOL prop_tag_from_name(const char *name, ULONG *tag);   /* "PR_DISPLAY_NAME" or "PR_DISPLAY_NAME_A" or "3001001E" */
extern const char *prop_name_from_tag(ULONG tag);               /* NULL when unknown */

/* mapisvc.c: MAPISVC.INF.  Also built into mapiprof.exe, so it uses only
 * Win32, propnames.c and the debug macros above. */
struct inf_entry
{
    char *key;
    char *value;
    ULONG line;
};
struct inf_section
{
    char *name;
    ULONG line;
    ULONG count;
    struct inf_entry *entries;
};
struct mapisvc_inf
{
    ULONG count;
    struct inf_section *sections;
};
/* The INF's path: the system directory's MAPISVC.INF. */
extern HRESULT mapisvc_path(WCHAR *path, DWORD size);
/* Parses text; a malformed line is reported (WARN, with its line number)
 * and skipped.  Returns MAPI_E_NOT_FOUND when the file does not exist. */
extern HRESULT mapisvc_parse(const char *text, SIZE_T size, struct mapisvc_inf **inf);
extern HRESULT mapisvc_load(const WCHAR *path, struct mapisvc_inf **inf);  /* NULL path: mapisvc_path() */
extern void mapisvc_free(struct mapisvc_inf *inf);
extern const struct inf_section *mapisvc_section(const struct mapisvc_inf *inf, const char *name); /* case-insensitive */
extern const char *mapisvc_value(const struct inf_section *section, const char *key);              /* case-insensitive */
/* The next item of a comma-separated list such as Providers=: copies it,
 * trimmed, into item and returns the rest, or NULL at the end. */
extern const char *mapisvc_next_item(const char *list, char *item, SIZE_T size);
/* The property values of a service or provider section: every key that is
 * a PR_* name or a hex tag, converted by its type (strings, PT_LONG,
 * PT_BOOLEAN, PT_BINARY as hex, PT_MV_STRING8 as a comma list).  One
 * MAPIAllocateBuffer block.  Keys that are not properties are left out. */
extern HRESULT mapisvc_section_props(const struct inf_section *section, ULONG *count, SPropValue **props);
/* Installing a provider: merges the sections of fragment into the INF at
 * path (NULL: mapisvc_path()), replacing sections of the same name and
 * appending to [Services] and [Default Services]; written atomically. */
extern HRESULT mapisvc_merge(const WCHAR *path, const char *fragment, SIZE_T size);

/* profile.c: profiles in the registry, under
 * HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles,
 * one key per profile, one subkey per section (its MAPIUID in hex). */
#define PROFILE_NAME_MAX 64
struct profile;     /* an open profile; refcounted */
extern HRESULT profile_open(const char *name, struct profile **profile);        /* MAPI_E_NOT_FOUND */
extern void profile_addref(struct profile *profile);
extern void profile_release(struct profile *profile);
extern const char *profile_name(const struct profile *profile);
extern HRESULT profile_create(const char *name, const char *password);          /* MAPI_E_NO_ACCESS when it exists */
extern HRESULT profile_delete(const char *name);                                /* MAPI_E_NOT_FOUND */
extern HRESULT profile_copy(const char *from, const char *to);
extern HRESULT profile_rename(const char *from, const char *to);
extern HRESULT profile_check_password(const char *name, const char *password);  /* MAPI_E_LOGON_FAILED */
extern HRESULT profile_set_password(const char *name, const char *password);
extern HRESULT profile_list(ULONG *count, char ***names);                       /* one MAPIAllocateBuffer block */
extern HRESULT profile_get_default(char *name, DWORD size);                     /* MAPI_E_NOT_FOUND */
extern HRESULT profile_set_default(const char *name);                           /* NULL: none */
/* Sections: IProfSect on the registry, writes apply at once.  flags:
 * MAPI_MODIFY creates a missing section; without it a missing one is
 * MAPI_E_NOT_FOUND and the section is read-only. */
extern HRESULT profile_open_section(struct profile *profile, const MAPIUID *uid, ULONG flags, IProfSect **section);
extern HRESULT profile_delete_section(struct profile *profile, const MAPIUID *uid);
extern HRESULT profile_copy_section(struct profile *from, const MAPIUID *from_uid, struct profile *to, const MAPIUID *to_uid);
/* Direct property access, as IProfSect does it (props: one MAPIAllocateBuffer block). */
extern HRESULT profile_get_props(struct profile *profile, const MAPIUID *uid, const SPropTagArray *tags,
        ULONG *count, SPropValue **props);
extern HRESULT profile_set_props(struct profile *profile, const MAPIUID *uid, ULONG count, const SPropValue *props);
/* The profile's ordered lists of message services and of providers. */
extern HRESULT profile_services(struct profile *profile, ULONG *count, MAPIUID **uids);   /* MAPIAllocateBuffer */
extern HRESULT profile_service_add(struct profile *profile, const MAPIUID *uid);
extern HRESULT profile_service_remove(struct profile *profile, const MAPIUID *uid);
extern HRESULT profile_provider_add(struct profile *profile, const MAPIUID *uid);
extern HRESULT profile_provider_remove(struct profile *profile, const MAPIUID *uid);
extern HRESULT profile_transport_order(struct profile *profile, ULONG count, const MAPIUID *uids); /* MAPI_E_NOT_FOUND for a non-transport */
/* What a provider section says, for the host. */
struct profile_provider
{
    MAPIUID uid;                /* PR_PROVIDER_UID: the provider's own section */
    MAPIUID service_uid;        /* PR_SERVICE_UID */
    ULONG resource_type;        /* PR_RESOURCE_TYPE: MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, MAPI_TRANSPORT_PROVIDER */
    ULONG resource_flags;       /* PR_RESOURCE_FLAGS */
    char dll_name[MAX_PATH];    /* PR_PROVIDER_DLL_NAME as written */
    char display_name[256];     /* PR_DISPLAY_NAME */
    char provider_display[256]; /* PR_PROVIDER_DISPLAY */
    char service_name[256];     /* PR_SERVICE_NAME */
};
/* The providers of one resource type (0: all), in profile order: services
 * in the order added, providers in their service's order; transports in
 * transport order with XP_PREFER_LAST ones last.  mapi_heap_free() it. */
extern HRESULT profile_providers(struct profile *profile, ULONG resource_type, ULONG *count,
        struct profile_provider **providers);
/* A MAPIERROR (MAPIAllocateBuffer) naming component::method and result,
 * for the GetLastError methods of profile objects; *error stays NULL when
 * method is NULL. */
extern HRESULT profile_error_make(const char *component, const char *method, HRESULT result, ULONG flags,
        MAPIERROR **error);

/* provider.c: provider DLLs and provider objects. */
struct provider_dll;    /* a loaded provider DLL; refcounted; freed only when no call into it runs */
/* Loads by the name a profile gives: "X.DLL" is tried as "X32.DLL" first,
 * then as given; a bare name only from the system directory, an absolute
 * path as written; never from the current directory.  MAPI_E_NOT_FOUND. */
extern HRESULT provider_dll_load(const char *name, struct provider_dll **dll);
extern void provider_dll_addref(struct provider_dll *dll);
extern void provider_dll_release(struct provider_dll *dll);
extern FARPROC provider_dll_proc(struct provider_dll *dll, const char *name);
extern HINSTANCE provider_dll_module(const struct provider_dll *dll);
extern const char *provider_dll_name(const struct provider_dll *dll);
/* Every call into a provider's code goes through PROVIDER_CALL: the DLL
 * stays loaded while the statement runs, and an exception inside it sets
 * faulted (a BOOL) instead of killing the client:
 *     PROVIDER_CALL(dll, faulted, hr = IMSLogon_Logoff(logon, &flags));
 *     if (faulted) hr = MAPI_E_CALL_FAILED;
 * dll may be NULL (no unload protection, the exception is still caught). */
extern void provider_dll_enter(struct provider_dll *dll);
extern void provider_dll_leave(struct provider_dll *dll);
extern BOOL provider_guarded_call(void (*func)(void *context), void *context);   /* TRUE if it faulted */
#include "guard.h"     /* defines PROVIDER_CALL */
/* Around a call from a provider into a MAPI object (its support object's
 * methods): the provider's code is below it on the stack, so a DLL whose
 * last reference goes meanwhile is not freed but left pending.  dll may be NULL. */
extern void provider_dll_callback_enter(struct provider_dll *dll);
extern void provider_dll_callback_leave(struct provider_dll *dll);
/* Frees the pending DLLs that nothing holds and nothing runs in.  Called
 * only where the client called MAPI and no provider code can be below. */
extern void provider_dll_collect(void);

enum provider_kind { PROVIDER_STORE, PROVIDER_AB, PROVIDER_TRANSPORT };
struct provider_set;    /* a session's provider objects and entry-ID UIDs; owned by the session */
struct provider;        /* one provider object per (DLL, kind, session); counts its live logons */
extern HRESULT provider_set_create(struct provider_set **set);
extern void provider_set_destroy(struct provider_set *set);
/* Finds or makes the provider object: loads the DLL, calls its
 * MSProviderInit/ABProviderInit/XPProviderInit with the MAPI allocators
 * and CURRENT_SPI_VERSION, and releases it with MAPI_E_VERSION when it
 * reports a version older than 0x00010000.  The result has no live logon
 * yet; one that never gets one is shut down by provider_set_destroy. */
extern HRESULT provider_get(struct provider_set *set, const char *dll_name, enum provider_kind kind,
        struct provider **provider);
extern IUnknown *provider_object(const struct provider *provider);   /* IMSProvider/IABProvider/IXPProvider, not AddRef'd */
extern struct provider_dll *provider_get_dll(const struct provider *provider);
extern void provider_logon_added(struct provider *provider);
/* At zero: Shutdown, Release, and the DLL released (freed once no call runs). */
extern void provider_logon_removed(struct provider *provider);
/* Entry-ID UIDs (IMAPISupport::SetProviderUID) and the logon that owns them. */
extern HRESULT provider_uid_add(struct provider_set *set, const MAPIUID *uid, void *owner,
        enum provider_kind kind, IUnknown *logon);
extern void provider_uid_remove_owner(struct provider_set *set, void *owner);
/* *logon AddRef'd; MAPI_E_NOT_FOUND. */
extern HRESULT provider_uid_find(struct provider_set *set, const MAPIUID *uid, enum provider_kind *kind,
        IUnknown **logon, void **owner);

/* entryid.c: MAPI's own entry-ID formats. */
extern HRESULT entryid_wrap_store(const char *dll_name, ULONG cb, const ENTRYID *eid, ULONG *cb_out, ENTRYID **out);
/* Pointers into eid; MAPI_E_INVALID_ENTRYID when it is not a wrapped store ID. */
extern HRESULT entryid_unwrap_store(ULONG cb, const ENTRYID *eid, char *dll_name, SIZE_T size,
        ULONG *cb_inner, const ENTRYID **inner);
/* A one-off entry ID (MAPI_UNICODE: the strings are WCHAR), MAPIAllocateBuffer. */
extern HRESULT oneoff_create(const void *name, const void *adrtype, const void *address, ULONG flags,
        ULONG *cb, ENTRYID **eid);
struct oneoff_entry
{
    ULONG flags;        /* MAPI_UNICODE if it was stored in UTF-16, MAPI_SEND_NO_RICH_INFO */
    WCHAR *name, *adrtype, *address;
};
/* One MAPIAllocateBuffer block; MAPI_E_INVALID_ENTRYID when not a one-off. */
extern HRESULT oneoff_parse(ULONG cb, const ENTRYID *eid, struct oneoff_entry **entry);
extern BOOL entryid_is_oneoff(ULONG cb, const ENTRYID *eid);
extern const MAPIUID *entryid_provider_uid(ULONG cb, const ENTRYID *eid);   /* NULL when too short */

/* status.c: the session's status table. */
struct status_table;
extern HRESULT status_table_create(struct status_table **table);
extern void status_table_destroy(struct status_table *table);
extern HRESULT status_table_view(struct status_table *table, IMAPITable **view);
/* The row of owner: added, replaced, or with merge the values merged into
 * it (STATUSROW_UPDATE).  MAPI's columns are added: PR_ROWID,
 * PR_INSTANCE_KEY, PR_OBJECT_TYPE (MAPI_STATUS), PR_ENTRYID. */
extern HRESULT status_row_set(struct status_table *table, const void *owner, ULONG count, const SPropValue *props,
        BOOL merge);
extern void status_row_remove(struct status_table *table, const void *owner);
extern HRESULT status_row_get(struct status_table *table, const void *owner, ULONG *count, SPropValue **props);
/* The owner of the row whose PR_ENTRYID is eid: MAPI_E_INVALID_ENTRYID
 * when eid is not a status row's, MAPI_E_NOT_FOUND when the row is gone. */
extern HRESULT status_row_owner(struct status_table *table, ULONG cb, const ENTRYID *eid, const void **owner);

/* support.c: IMAPISupport. */
enum support_kind { SUPPORT_STORE, SUPPORT_AB, SUPPORT_TRANSPORT, SUPPORT_CONFIG };
/* What a session offers the support objects it makes.  Filled by session.c;
 * a service-configuration support object outside a session has only the
 * profile (other fields NULL). */
struct mapi_host
{
    struct profile *profile;
    struct provider_set *providers;
    struct status_table *status;
    struct notify_registry *notify;
    void *session;      /* the context for the callbacks below */
    HRESULT (*open_entry)(void *session, ULONG cb, const ENTRYID *eid, const IID *iid, ULONG flags,
            ULONG *type, IUnknown **out);
    HRESULT (*compare_entry_ids)(void *session, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
            const ENTRYID *eid2, ULONG flags, ULONG *result);
    HRESULT (*open_address_book)(void *session, const IID *iid, ULONG flags, IAddrBook **book);
    /* A support object keeps the host alive until its final release. */
    void (*addref)(void *session);
    void (*release)(void *session);
    /* A store's IMAPISupport::SpoolerNotify (NOTIFY_READYTOSEND,
     * NOTIFY_NEWMAIL_RECEIVED), for the session's spooler; may be NULL. */
    HRESULT (*spooler_notify)(void *session, ULONG flags, void *data);
};
/* What a transport's support object reports to its row of the spooler's
 * logon table (spooler.h's xp_entry).  The support object holds one
 * reference on the entry (link_addref at creation, link_release after
 * support_released at its final release). */
struct xp_link
{
    void *entry;
    void (*link_addref)(void *entry);
    void (*link_release)(void *entry);
    HRESULT (*spooler_notify)(void *entry, ULONG flags, void *data);   /* IMAPISupport::SpoolerNotify */
    HRESULT (*spooler_yield)(void *entry);                             /* S_OK or MAPI_W_CANCEL_MESSAGE */
    HRESULT (*status_recips)(void *entry, IMessage *message, ADRLIST *list);
    HRESULT (*register_preprocessor)(void *entry, const MAPIUID *uid, const char *adrtype, const char *dll,
            const char *preprocess, const char *remove, ULONG flags);
    /* The final release: after the status row and UIDs are removed, before
     * the provider's live-logon count is dropped. */
    void (*support_released)(void *entry);
};
struct support_params
{
    enum support_kind kind;
    struct mapi_host *host;
    struct provider *provider;      /* NULL for SUPPORT_CONFIG; one live logon of it is counted from creation to final release */
    MAPIUID provider_uid;           /* the provider's own profile section */
    MAPIUID service_uid;
    const struct profile_provider *info;   /* for the status row; may be NULL */
    const struct xp_link *link;     /* SUPPORT_TRANSPORT only: copied */
};
extern HRESULT support_create(const struct support_params *params, IMAPISupport **support);
/* After a successful IMSProvider::Logon / IABProvider::Logon: the support
 * object takes its own reference on the logon object. */
extern void support_set_logon(IMAPISupport *support, IUnknown *logon);
/* Session logoff: IMSLogon::Logoff / IABLogon::Logoff, then the logon
 * released, the UIDs and status row removed.  Done once; the final
 * release of the support object does the same if it was not done. */
extern HRESULT support_logoff(IMAPISupport *support, ULONG flags);

/* msgservice.c: IMsgServiceAdmin (provadmin.c: IProviderAdmin, profadmin.c: IProfAdmin). */
extern HRESULT msgservice_admin_create(struct profile *profile, IMsgServiceAdmin **admin);
/* Calls a service's entry point with context (MSG_SERVICE_*). */
extern HRESULT msgservice_call_entry(struct profile *profile, const MAPIUID *service_uid, ULONG_PTR ui,
        ULONG flags, ULONG context, ULONG count, SPropValue *props);

/* spooler*.c: the spooler engine (spooler.h has its insides).  One per
 * mail-enabled session; made and stopped by the session. */
struct spooler;
/* Starts the worker thread, which logs on the profile's transports. */
extern HRESULT spooler_start(struct mapi_host *host, struct spooler **spooler);
/* The session has logged on to the default store (the spooler needs it
 * even when the client never opens it): the worker logs on to it with
 * IMSProvider::SpoolerLogon from the blob (copied) and serves its
 * outgoing queue. */
extern HRESULT spooler_store_ready(struct spooler *spooler, struct provider *provider,
        const struct profile_provider *info, ULONG cb_blob, const BYTE *blob);
/* A store's SpoolerNotify (READYTOSEND, NEWMAIL_RECEIVED). */
extern HRESULT spooler_store_notify(struct spooler *spooler, ULONG flags, void *data);
/* Session logoff: every transport logged off in the documented order, the
 * spooler's store logon ended, the thread gone; frees the spooler. */
extern void spooler_stop(struct spooler *spooler);
/* IMAPIStatus of the spooler's status row. */
extern HRESULT spooler_flush_queues(struct spooler *spooler, ULONG flags);
extern HRESULT spooler_validate_state(struct spooler *spooler, ULONG flags);
/* IMAPISession::EnumAdrTypes: the address types of the logged-on
 * transports, one MAPIAllocateBuffer block. */
extern HRESULT spooler_address_types(struct spooler *spooler, ULONG *count, LPSTR **types);
/* IMAPISession::OpenEntry on a status row's entry ID: the IMAPIStatus of
 * the spooler's row or, through IXPLogon::OpenStatusEntry, a transport's. */
extern HRESULT spooler_open_status(struct spooler *spooler, const void *row_owner, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out);

/* addrbook.c: the address-book providers of a session and IAddrBook. */
struct ab_set;
extern HRESULT ab_set_logon(struct mapi_host *host, ULONG_PTR ui, ULONG flags, struct ab_set **set);
extern void ab_set_logoff(struct ab_set *set);          /* IABLogon::Logoff for each, then frees the set */
extern HRESULT addrbook_create(struct mapi_host *host, struct ab_set *set, IAddrBook **book);
extern HRESULT ab_set_open_entry(struct ab_set *set, ULONG cb, const ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out);
extern HRESULT ab_set_compare_entry_ids(struct ab_set *set, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG flags, ULONG *result);

#endif /* __MAPI32_PRIVATE_H */
