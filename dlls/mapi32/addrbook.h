/*
 * mapi32: what IAddrBook shares with its settings and name resolution
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_ADDRBOOK_H
#define __MAPI32_ADDRBOOK_H

#include "private.h"

/* Address-book constants Wine 8.0's headers lack. */
#ifndef DT_MAILUSER
#define DT_MAILUSER         ((ULONG)0x00000000)
#endif
#ifndef DT_NOT_SPECIFIC
#define DT_MODIFIABLE       ((ULONG)0x00010000)
#define DT_GLOBAL           ((ULONG)0x00020000)
#define DT_LOCAL            ((ULONG)0x00030000)
#define DT_WAN              ((ULONG)0x00040000)
#define DT_NOT_SPECIFIC     ((ULONG)0x00050000)
#endif
#ifndef AB_RECIPIENTS
#define AB_RECIPIENTS       ((ULONG)0x00000001)
#define AB_SUBCONTAINERS    ((ULONG)0x00000002)
#define AB_MODIFIABLE       ((ULONG)0x00000004)
#define AB_UNMODIFIABLE     ((ULONG)0x00000008)
#endif
#ifndef CONVENIENT_DEPTH
#define CONVENIENT_DEPTH    ((ULONG)0x00000001)
#endif
#ifndef PR_CONTAINER_FLAGS
#define PR_CONTAINER_FLAGS  PROP_TAG(PT_LONG, 0x3600)
#endif

/* One address-book provider logon of a session.  The set holds a reference
 * on the support object, on the logon object and on the provider DLL. */
struct ab_logon
{
    struct provider_dll *dll;
    IMAPISupport *support;
    IABLogon *logon;
};

/* Made by ab_set_logon for a session.  The session and every IAddrBook hold
 * a reference; ab_set_logoff ends the logons and drops the session's
 * reference, after which the set answers MAPI_E_END_OF_SESSION. */
struct ab_set
{
    LONG refcount;
    struct mapi_host *host;     /* NULL once logged off */
    ULONG count;
    struct ab_logon *logons;
};

enum oneoff_props { ONEOFF_RESOLVE, ONEOFF_MAILUSER };

/* addrbook.c */
/* Releases an object a provider gave (object may be NULL); entry NULL when
 * its provider is not known. */
extern void ab_logon_release_object(struct ab_logon *entry, IUnknown *object);
extern struct ab_logon *ab_set_find_logon(struct ab_set *set, ULONG cb, const ENTRYID *eid);
extern HRESULT ab_set_containers(struct ab_set *set, ULONG flags, SRowSet **out);
/* As ab_set_open_entry; *owner is the logon of the provider that made the
 * object, NULL for MAPI's own objects (the root container, one-offs). */
extern HRESULT ab_set_open_with_owner(struct ab_set *set, ULONG cb, const ENTRYID *eid, const IID *iid,
        ULONG flags, ULONG *type, IUnknown **out, struct ab_logon **owner);
extern SCODE ab_prop_set_string(SPropValue *prop, ULONG id, const WCHAR *str, BOOL unicode, void *parent);
extern SCODE ab_prop_set_binary(SPropValue *prop, ULONG tag, ULONG cb, const void *data, void *parent);
extern const SPropValue *row_find_prop(const SRow *row, ULONG tag);
extern HRESULT oneoff_props(ULONG cb, const ENTRYID *eid, BOOL unicode, enum oneoff_props which, ULONG *count,
        SPropValue **out);

/* abresolve.c */
/* Writes one address-book setting into MAPI's own profile section. */
extern HRESULT ab_setting_set(struct ab_set *set, SPropValue *prop);
extern int ab_pab_index(struct ab_set *set, const SRowSet *rows);
extern int ab_default_dir_index(struct ab_set *set, const SRowSet *rows);
extern HRESULT ab_search_path(struct ab_set *set, BOOL unicode, SRowSet **out);
/* IAddrBook::ResolveName without a dialog. */
extern HRESULT ab_resolve_names(struct ab_set *set, ULONG flags, ADRLIST *list);
extern HRESULT ab_prepare_recip(struct ab_set *set, ULONG flags, const SPropTagArray *tags, ADRENTRY *entry);

#endif /* __MAPI32_ADDRBOOK_H */
