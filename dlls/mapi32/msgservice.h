/*
 * mapi32: what IMsgServiceAdmin and IProviderAdmin share
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_MSGSERVICE_H
#define __MAPI32_MSGSERVICE_H

#include "private.h"

/* The extended error of an admin object's last failing call. */
struct last_error
{
    HRESULT hr;
    char *component;
    char *text;
    ULONG lowlevel;
    ULONG context;
};

/* msgservice.c */
extern void last_error_clear(struct last_error *error);
/* Ends a method: a failure's extended error becomes the object's. */
extern HRESULT last_error_keep(struct last_error *to, CRITICAL_SECTION *cs, struct last_error *from, HRESULT hr);
/* IMsgServiceAdmin::GetLastError and IProviderAdmin::GetLastError. */
extern HRESULT last_error_get(struct last_error *error, CRITICAL_SECTION *cs, HRESULT result, ULONG flags,
        MAPIERROR **out);
extern HRESULT props_merge(ULONG first_count, const SPropValue *first, ULONG second_count, const SPropValue *second,
        ULONG *count, SPropValue **out);
/* A PT_BINARY value pointing at uid, not copied. */
extern void prop_set_uid(SPropValue *prop, ULONG tag, const MAPIUID *uid);
extern HRESULT argument_to_ansi(const void *str, ULONG flags, char **out);
extern HRESULT section_prop(struct profile *profile, const MAPIUID *uid, ULONG tag, SPropValue **out);
extern HRESULT service_providers(struct profile *profile, const MAPIUID *service_uid, ULONG *count,
        struct profile_provider **out);
/* OpenProfileSection of the admin objects: only a trusted caller (a service
 * entry) writes a provider's section without MAPI_FORCE_ACCESS. */
extern HRESULT admin_section_open(struct profile *profile, const MAPIUID *uid, const IID *iid, ULONG flags,
        BOOL trusted, IProfSect **out);
extern BOOL service_has_entry(struct profile *profile, const MAPIUID *service_uid);
extern HRESULT service_entry_call(struct profile *profile, const MAPIUID *service_uid, ULONG_PTR ui, ULONG flags,
        ULONG context, ULONG count, SPropValue *props, struct last_error *error, BOOL *reached);
extern HRESULT provider_section_create(struct profile *profile, const struct inf_section *section, const char *name,
        const MAPIUID *service_uid, const char *service_name, ULONG extra_count, const SPropValue *extra,
        MAPIUID *uid);
extern HRESULT provider_table(struct profile *profile, const MAPIUID *service_uid, ULONG flags, IMAPITable **out);

/* provadmin.c */
/* trusted: for a call into a service entry, which may open its own service
 * section with a NULL UID and write provider sections. */
extern HRESULT provider_admin_create(struct profile *profile, const MAPIUID *service_uid, BOOL trusted,
        IProviderAdmin **out);

#endif /* __MAPI32_MSGSERVICE_H */
