/*
 * mapi32: the support object, shared by support.c and supportmsg.c
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_SUPPORT_H
#define __MAPI32_SUPPORT_H

#include "private.h"

/* Which kinds offer a method, as the reference's lists say. */
#define KIND_STORE      (1u << SUPPORT_STORE)
#define KIND_AB         (1u << SUPPORT_AB)
#define KIND_TRANSPORT  (1u << SUPPORT_TRANSPORT)
#define KIND_PROVIDERS  (KIND_STORE | KIND_AB | KIND_TRANSPORT)

/* Made by support_create for a session (or a message service call); held
 * by the session or caller that made it and by the provider, which
 * AddRefs it at logon.  Holds a logon of its provider object (counted from
 * creation to the final release), a reference on the host, after
 * support_set_logon a reference on the logon object, and for a transport
 * one reference on its row of the spooler's logon table (through link). */
struct support
{
    IMAPISupport IMAPISupport_iface;
    LONG refcount;
    enum support_kind kind;
    struct mapi_host *host;
    struct provider *provider;
    MAPIUID provider_uid;
    MAPIUID service_uid;
    struct profile_provider info;
    BOOL has_info;
    struct xp_link link;            /* SUPPORT_TRANSPORT only */
    struct support *prev, *next;    /* all support objects, for GetOneOffTable */

    CRITICAL_SECTION cs;            /* guards what follows */
    IUnknown *logon;
    BOOL logged_off;
    MAPIUID *pending_uids;          /* SetProviderUID calls made before the logon object existed */
    ULONG pending_count;
    ULONG_PTR *connections;         /* Subscribe's connections, ended at logoff */
    ULONG connection_count;
    ULONG store_logoff_flags;       /* StoreLogoffTransports */
    BOOL store_logoff_called;
};

static inline struct support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct support, IMAPISupport_iface);
}

/* support.c */
extern BOOL support_offers(const struct support *support, unsigned int kinds, const char *method);
extern struct provider_dll *support_dll(const struct support *support);
/* The logon object, AddRef'd, or NULL before support_set_logon and after logoff. */
extern IUnknown *support_logon_get(struct support *support);

/* supportmsg.c: the methods that work on messages and folders, which the
 * reference offers to stores only. */
extern HRESULT WINAPI support_CopyMessages(IMAPISupport *iface, const IID *src_iid, void *src_folder,
        ENTRYLIST *list, const IID *dest_iid, void *dest_folder, ULONG_PTR ui_param, IMAPIProgress *progress,
        ULONG flags);
extern HRESULT WINAPI support_CopyFolder(IMAPISupport *iface, const IID *src_iid, void *src_folder, ULONG cb,
        ENTRYID *eid, const IID *dest_iid, void *dest_folder, LPSTR new_name, ULONG_PTR ui_param,
        IMAPIProgress *progress, ULONG flags);
extern HRESULT WINAPI support_DoCopyTo(IMAPISupport *iface, const IID *src_iid, void *src_obj,
        ULONG exclude_iid_count, const IID *exclude_iids, SPropTagArray *exclude, ULONG_PTR ui_param,
        IMAPIProgress *progress, const IID *dest_iid, void *dest_obj, ULONG flags, SPropProblemArray **problems);
extern HRESULT WINAPI support_DoCopyProps(IMAPISupport *iface, const IID *src_iid, void *src_obj,
        SPropTagArray *include, ULONG_PTR ui_param, IMAPIProgress *progress, const IID *dest_iid, void *dest_obj,
        ULONG flags, SPropProblemArray **problems);
extern HRESULT WINAPI support_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags,
        IMAPIProgress **out);
extern HRESULT WINAPI support_ReadReceipt(IMAPISupport *iface, ULONG flags, IMessage *message, IMessage **empty);
extern HRESULT WINAPI support_PrepareSubmit(IMAPISupport *iface, IMessage *message, ULONG *flags);
extern HRESULT WINAPI support_ExpandRecips(IMAPISupport *iface, IMessage *message, ULONG *flags);
extern HRESULT WINAPI support_DoSentMail(IMAPISupport *iface, ULONG flags, IMessage *message);
extern HRESULT WINAPI support_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid);

#endif /* __MAPI32_SUPPORT_H */
