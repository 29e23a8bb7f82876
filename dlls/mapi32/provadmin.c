/*
 * mapi32: IProviderAdmin, the providers of one message service
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "msgservice.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Made by IMsgServiceAdmin::AdminProviders for a client, or for one call
 * into a service entry (trusted: it may open the service's own section
 * with a NULL UID and write provider sections); holds a profile reference. */
struct provider_admin
{
    IProviderAdmin IProviderAdmin_iface;
    LONG refcount;
    struct profile *profile;
    MAPIUID service_uid;
    BOOL trusted;
    CRITICAL_SECTION cs;
    struct last_error error;
};

static inline struct provider_admin *impl_from_IProviderAdmin(IProviderAdmin *iface)
{
    return CONTAINING_RECORD(iface, struct provider_admin, IProviderAdmin_iface);
}

static HRESULT WINAPI provider_admin_QueryInterface(IProviderAdmin *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IProviderAdmin))
    {
        *out = iface;
        IProviderAdmin_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI provider_admin_AddRef(IProviderAdmin *iface)
{
    struct provider_admin *admin = impl_from_IProviderAdmin(iface);
    ULONG refcount = InterlockedIncrement(&admin->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI provider_admin_Release(IProviderAdmin *iface)
{
    struct provider_admin *admin = impl_from_IProviderAdmin(iface);
    ULONG refcount = InterlockedDecrement(&admin->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        last_error_clear(&admin->error);
        DeleteCriticalSection(&admin->cs);
        profile_release(admin->profile);
        mapi_heap_free(admin);
    }
    return refcount;
}

static HRESULT WINAPI provider_admin_GetLastError(IProviderAdmin *iface, HRESULT result, ULONG flags,
        MAPIERROR **error)
{
    struct provider_admin *admin = impl_from_IProviderAdmin(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    return last_error_get(&admin->error, &admin->cs, result, flags, error);
}

static HRESULT WINAPI provider_admin_GetProviderTable(IProviderAdmin *iface, ULONG flags, IMAPITable **table)
{
    struct provider_admin *admin = impl_from_IProviderAdmin(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return provider_table(admin->profile, &admin->service_uid, flags, table);
}

/* The INF section of the name is used when there is one; the reference
 * lets a service add providers the INF does not list, so without one the
 * section holds the caller's values only. */
static HRESULT WINAPI provider_admin_CreateProvider(IProviderAdmin *iface, LPSTR provider, ULONG count,
        SPropValue *props, ULONG_PTR ui, ULONG flags, MAPIUID *uid)
{
    struct provider_admin *admin = impl_from_IProviderAdmin(iface);
    const struct inf_section *section = NULL;
    struct last_error error = {0};
    struct mapisvc_inf *inf = NULL;
    SPropValue *service_name = NULL, *entry_props = NULL, uid_prop;
    char *name = NULL;
    ULONG entry_count;
    MAPIUID new_uid;
    BOOL reached;
    HRESULT hr;

    TRACE("%p, %p, %lu, %p, %#Ix, %#lx, %p.\n", iface, provider, count, props, ui, flags, uid);

    if (!provider || !uid || (count && !props)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = argument_to_ansi(provider, flags, &name))) return hr;
    TRACE("provider %s.\n", debugstr_a(name));

    if (FAILED(hr = section_prop(admin->profile, &admin->service_uid, PR_SERVICE_NAME_A, &service_name)))
        goto done;
    if (SUCCEEDED(mapisvc_load(NULL, &inf))) section = mapisvc_section(inf, name);
    if (!section) WARN("MAPISVC.INF has no section [%s]; using the given values only.\n", name);

    if (FAILED(hr = provider_section_create(admin->profile, section, name, &admin->service_uid,
            service_name->Value.lpszA, count, props, &new_uid)))
        goto done;

    if (service_has_entry(admin->profile, &admin->service_uid))
    {
        prop_set_uid(&uid_prop, PR_PROVIDER_UID, &new_uid);
        if (SUCCEEDED(hr = props_merge(1, &uid_prop, count, props, &entry_count, &entry_props)))
            hr = service_entry_call(admin->profile, &admin->service_uid, ui, flags, MSG_SERVICE_PROVIDER_CREATE,
                    entry_count, entry_props, &error, &reached);
        if (FAILED(hr))
        {
            profile_provider_remove(admin->profile, &new_uid);
            profile_delete_section(admin->profile, &new_uid);
            goto done;
        }
    }
    *uid = new_uid;

done:
    MAPIFreeBuffer(entry_props);
    MAPIFreeBuffer(service_name);
    if (inf) mapisvc_free(inf);
    mapi_heap_free(name);
    return last_error_keep(&admin->error, &admin->cs, &error, hr);
}

static HRESULT WINAPI provider_admin_DeleteProvider(IProviderAdmin *iface, MAPIUID *uid)
{
    struct provider_admin *admin = impl_from_IProviderAdmin(iface);
    struct profile_provider *providers;
    struct last_error error = {0};
    ULONG count, i;
    SPropValue prop;
    BOOL reached;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, uid);

    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = service_providers(admin->profile, &admin->service_uid, &count, &providers))) return hr;
    for (i = 0; i < count; i++)
        if (IsEqualMAPIUID(&providers[i].uid, uid)) break;
    mapi_heap_free(providers);
    if (i == count) return MAPI_E_NOT_FOUND;

    if (service_has_entry(admin->profile, &admin->service_uid))
    {
        prop_set_uid(&prop, PR_PROVIDER_UID, uid);
        hr = service_entry_call(admin->profile, &admin->service_uid, 0, 0, MSG_SERVICE_PROVIDER_DELETE, 1, &prop,
                &error, &reached);
        if (FAILED(hr) && reached) return last_error_keep(&admin->error, &admin->cs, &error, hr);
        if (FAILED(hr)) WARN("the service entry could not be called (%#lx); removing the provider anyway.\n", hr);
        last_error_clear(&error);
    }
    if (FAILED(hr = profile_provider_remove(admin->profile, uid))) return hr;
    hr = profile_delete_section(admin->profile, uid);
    return hr == MAPI_E_NOT_FOUND ? S_OK : hr;
}

static HRESULT WINAPI provider_admin_OpenProfileSection(IProviderAdmin *iface, MAPIUID *uid, const IID *iid,
        ULONG flags, IProfSect **section)
{
    struct provider_admin *admin = impl_from_IProviderAdmin(iface);

    TRACE("%p, %p, %s, %#lx, %p.\n", iface, uid, debugstr_guid(iid), flags, section);

    /* A service entry passes NULL for its own service section. */
    if (!uid && admin->trusted) uid = &admin->service_uid;
    return admin_section_open(admin->profile, uid, iid, flags, admin->trusted, section);
}

static const IProviderAdminVtbl provider_admin_vtbl =
{
    provider_admin_QueryInterface,
    provider_admin_AddRef,
    provider_admin_Release,
    provider_admin_GetLastError,
    provider_admin_GetProviderTable,
    provider_admin_CreateProvider,
    provider_admin_DeleteProvider,
    provider_admin_OpenProfileSection,
};

HRESULT provider_admin_create(struct profile *profile, const MAPIUID *service_uid, BOOL trusted,
        IProviderAdmin **out)
{
    struct provider_admin *admin;

    if (!(admin = mapi_heap_alloc(sizeof(*admin)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(admin, 0, sizeof(*admin));
    admin->IProviderAdmin_iface.lpVtbl = &provider_admin_vtbl;
    admin->refcount = 1;
    profile_addref(profile);
    admin->profile = profile;
    admin->service_uid = *service_uid;
    admin->trusted = trusted;
    InitializeCriticalSection(&admin->cs);
    *out = &admin->IProviderAdmin_iface;
    return S_OK;
}
