/*
 * mapi32: MAPIAdminProfiles and IProfAdmin
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* The profile administration object.  Made by MAPIAdminProfiles for its
 * caller; it holds no profile, only the last error it returned. */
struct profadmin
{
    IProfAdmin IProfAdmin_iface;
    LONG refcount;
    HRESULT last_error;
    const char *last_error_method;
};

static inline struct profadmin *impl_from_IProfAdmin(IProfAdmin *iface)
{
    return CONTAINING_RECORD(iface, struct profadmin, IProfAdmin_iface);
}

static HRESULT profadmin_record(struct profadmin *admin, HRESULT hr, const char *method)
{
    if (FAILED(hr))
    {
        admin->last_error_method = method;
        InterlockedExchange(&admin->last_error, hr);
    }
    return hr;
}

/* A heap copy of a string argument in ANSI; with MAPI_UNICODE in flags
 * the argument is UTF-16.  NULL stays NULL. */
static HRESULT string_arg(const char *str, ULONG flags, char **out)
{
    int len;

    *out = NULL;
    if (!str) return S_OK;
    if (!(flags & MAPI_UNICODE))
        return (*out = mapi_heap_strdup(str)) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(len = WideCharToMultiByte(CP_ACP, 0, (const WCHAR *)str, -1, NULL, 0, NULL, NULL)))
        return MAPI_E_INVALID_PARAMETER;
    if (!(*out = mapi_heap_alloc(len))) return MAPI_E_NOT_ENOUGH_MEMORY;
    WideCharToMultiByte(CP_ACP, 0, (const WCHAR *)str, -1, *out, len, NULL, NULL);
    return S_OK;
}

/* Frees a string argument copy, clearing passwords first. */
static void string_arg_free(char *str)
{
    if (str) SecureZeroMemory(str, strlen(str));
    mapi_heap_free(str);
}

static HRESULT WINAPI profadmin_QueryInterface(IProfAdmin *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IProfAdmin))
    {
        *out = iface;
        IProfAdmin_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI profadmin_AddRef(IProfAdmin *iface)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    ULONG refcount = InterlockedIncrement(&admin->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI profadmin_Release(IProfAdmin *iface)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    ULONG refcount = InterlockedDecrement(&admin->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount) mapi_heap_free(admin);
    return refcount;
}

static HRESULT WINAPI profadmin_GetLastError(IProfAdmin *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!FAILED(result) || result != ReadAcquire(&admin->last_error)) return S_OK;
    return profile_error_make("IProfAdmin", admin->last_error_method, result, flags, error);
}

/* Adds one row per profile to the table; name_tag is the display name's. */
static HRESULT profile_table_fill(ITableData *data, ULONG name_tag)
{
    char def[PROFILE_NAME_MAX], **names;
    WCHAR wide[PROFILE_NAME_MAX];
    BOOL has_default;
    SPropValue props[2];
    ULONG count, i;
    HRESULT hr;
    SRow row;

    if (FAILED(hr = profile_list(&count, &names))) return hr;
    has_default = SUCCEEDED(profile_get_default(def, sizeof(def)));
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        props[0].ulPropTag = name_tag;
        if (PROP_TYPE(name_tag) == PT_UNICODE)
        {
            MultiByteToWideChar(CP_ACP, 0, names[i], -1, wide, ARRAY_SIZE(wide));
            props[0].Value.lpszW = wide;
        }
        else
            props[0].Value.lpszA = names[i];
        props[1].ulPropTag = PR_DEFAULT_PROFILE;
        props[1].Value.b = has_default && !lstrcmpiA(def, names[i]);
        row.ulAdrEntryPad = 0;
        row.cValues = ARRAY_SIZE(props);
        row.lpProps = props;
        hr = ITableData_HrModifyRow(data, &row);
    }
    MAPIFreeBuffer(names);
    return hr;
}

/* A static table: one row per profile, the display name and whether it is
 * the default; MAPI_UNICODE gives the names as PT_UNICODE. */
static HRESULT WINAPI profadmin_GetProfileTable(IProfAdmin *iface, ULONG flags, IMAPITable **table)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    ULONG name_tag = flags & MAPI_UNICODE ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
    SizedSPropTagArray(2, columns) = {2, {name_tag, PR_DEFAULT_PROFILE}};
    ITableData *data;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (!table) return profadmin_record(admin, MAPI_E_INVALID_PARAMETER, "GetProfileTable");
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "GetProfileTable");

    if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_SNAPSHOT, name_tag, (SPropTagArray *)&columns, &data)))
        return profadmin_record(admin, hr, "GetProfileTable");
    if (SUCCEEDED(hr = profile_table_fill(data, name_tag)))
        hr = ITableData_HrGetView(data, NULL, NULL, 0, table);
    ITableData_Release(data);
    return profadmin_record(admin, hr, "GetProfileTable");
}

/* Creates every service of MAPISVC.INF's [Default Services] in the profile. */
static HRESULT default_services_create(const char *name, ULONG_PTR ui, ULONG flags)
{
    const struct inf_section *section;
    struct mapisvc_inf *inf;
    IMsgServiceAdmin *admin;
    struct profile *profile;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = mapisvc_load(NULL, &inf)))
    {
        WARN("no MAPISVC.INF for the default services, error %#lx.\n", hr);
        return hr;
    }
    if (!(section = mapisvc_section(inf, "Default Services")))
    {
        WARN("MAPISVC.INF has no [Default Services].\n");
        mapisvc_free(inf);
        return S_OK;
    }
    if (SUCCEEDED(hr = profile_open(name, &profile)))
    {
        if (SUCCEEDED(hr = msgservice_admin_create(profile, &admin)))
        {
            for (i = 0; i < section->count && SUCCEEDED(hr); i++)
            {
                const struct inf_entry *entry = &section->entries[i];

                TRACE("default service %s, %s.\n", debugstr_a(entry->key), debugstr_a(entry->value));
                hr = IMsgServiceAdmin_CreateMsgService(admin, entry->key, entry->value,
                        flags & MAPI_DIALOG ? ui : 0, flags & MAPI_DIALOG ? SERVICE_UI_ALLOWED : 0);
                if (FAILED(hr)) WARN("service %s failed, error %#lx.\n", debugstr_a(entry->key), hr);
            }
            IMsgServiceAdmin_Release(admin);
        }
        profile_release(profile);
    }
    mapisvc_free(inf);
    return hr;
}

static HRESULT WINAPI profadmin_CreateProfile(IProfAdmin *iface, LPSTR name, LPSTR password, ULONG_PTR ui,
        ULONG flags)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    HRESULT hr;

    TRACE("%p, %s, %p, %#Ix, %#lx.\n", iface, debugstr_a(name), password, ui, flags);

    if (flags & ~(MAPI_DEFAULT_SERVICES | MAPI_DIALOG))
        return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "CreateProfile");
    if (FAILED(hr = profile_create(name, password))) return profadmin_record(admin, hr, "CreateProfile");
    if ((flags & MAPI_DEFAULT_SERVICES) && FAILED(hr = default_services_create(name, ui, flags)))
        profile_delete(name);
    return profadmin_record(admin, hr, "CreateProfile");
}

/* Tells every service of the profile that it goes (MSG_SERVICE_DELETE). */
static void services_notify_delete(const char *name)
{
    struct profile *profile;
    MAPIUID *services;
    ULONG count, i;
    HRESULT hr;

    if (FAILED(profile_open(name, &profile))) return;
    if (SUCCEEDED(profile_services(profile, &count, &services)))
    {
        for (i = 0; i < count; i++)
        {
            hr = msgservice_call_entry(profile, &services[i], 0, 0, MSG_SERVICE_DELETE, 0, NULL);
            if (FAILED(hr)) WARN("service entry for MSG_SERVICE_DELETE failed, error %#lx.\n", hr);
        }
        MAPIFreeBuffer(services);
    }
    profile_release(profile);
}

/* A profile in use goes once its last user lets it go. */
static HRESULT WINAPI profadmin_DeleteProfile(IProfAdmin *iface, LPSTR name, ULONG flags)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    struct profile *profile;
    HRESULT hr;

    TRACE("%p, %s, %#lx.\n", iface, debugstr_a(name), flags);

    if (flags) return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "DeleteProfile");
    if (FAILED(hr = profile_open(name, &profile))) return profadmin_record(admin, hr, "DeleteProfile");
    profile_release(profile);
    services_notify_delete(name);
    return profadmin_record(admin, profile_delete(name), "DeleteProfile");
}

static HRESULT WINAPI profadmin_ChangeProfilePassword(IProfAdmin *iface, LPSTR name, LPSTR old_password,
        LPSTR new_password, ULONG flags)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    char *profile = NULL, *old_pass = NULL, *new_pass = NULL;
    HRESULT hr;

    TRACE("%p, %s, %p, %p, %#lx.\n", iface, flags & MAPI_UNICODE ? debugstr_w((WCHAR *)name) : debugstr_a(name),
            old_password, new_password, flags);

    if (flags & ~MAPI_UNICODE) return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "ChangeProfilePassword");
    if (!name) return profadmin_record(admin, MAPI_E_INVALID_PARAMETER, "ChangeProfilePassword");
    if (SUCCEEDED(hr = string_arg(name, flags, &profile)) && SUCCEEDED(hr = string_arg(old_password, flags, &old_pass))
            && SUCCEEDED(hr = string_arg(new_password, flags, &new_pass))
            && SUCCEEDED(hr = profile_check_password(profile, old_pass)))
        hr = profile_set_password(profile, new_pass);
    string_arg_free(profile);
    string_arg_free(old_pass);
    string_arg_free(new_pass);
    return profadmin_record(admin, hr, "ChangeProfilePassword");
}

/* No dialog can be shown, so a wrong password fails even with MAPI_DIALOG. */
static HRESULT WINAPI profadmin_CopyProfile(IProfAdmin *iface, LPSTR old_name, LPSTR password, LPSTR new_name,
        ULONG_PTR ui, ULONG flags)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    HRESULT hr;

    TRACE("%p, %s, %p, %s, %#Ix, %#lx.\n", iface, debugstr_a(old_name), password, debugstr_a(new_name), ui, flags);

    if (flags & ~MAPI_DIALOG) return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "CopyProfile");
    if (!old_name || !new_name) return profadmin_record(admin, MAPI_E_INVALID_PARAMETER, "CopyProfile");
    if (FAILED(hr = profile_check_password(old_name, password))) return profadmin_record(admin, hr, "CopyProfile");
    return profadmin_record(admin, profile_copy(old_name, new_name), "CopyProfile");
}

static HRESULT WINAPI profadmin_RenameProfile(IProfAdmin *iface, LPSTR old_name, LPSTR password, LPSTR new_name,
        ULONG_PTR ui, ULONG flags)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    HRESULT hr;

    TRACE("%p, %s, %p, %s, %#Ix, %#lx.\n", iface, debugstr_a(old_name), password, debugstr_a(new_name), ui, flags);

    if (flags) return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "RenameProfile");
    if (!old_name || !new_name) return profadmin_record(admin, MAPI_E_INVALID_PARAMETER, "RenameProfile");
    if (FAILED(hr = profile_check_password(old_name, password))) return profadmin_record(admin, hr, "RenameProfile");
    return profadmin_record(admin, profile_rename(old_name, new_name), "RenameProfile");
}

static HRESULT WINAPI profadmin_SetDefaultProfile(IProfAdmin *iface, LPSTR name, ULONG flags)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    char *profile;
    HRESULT hr;

    TRACE("%p, %s, %#lx.\n", iface, flags & MAPI_UNICODE ? debugstr_w((WCHAR *)name) : debugstr_a(name), flags);

    if (flags & ~MAPI_UNICODE) return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "SetDefaultProfile");
    if (SUCCEEDED(hr = string_arg(name, flags, &profile))) hr = profile_set_default(profile);
    string_arg_free(profile);
    return profadmin_record(admin, hr, "SetDefaultProfile");
}

/* A missing profile or a wrong password is MAPI_E_LOGON_FAILED; no dialog
 * can ask for the password. */
static HRESULT WINAPI profadmin_AdminServices(IProfAdmin *iface, LPSTR name, LPSTR password, ULONG_PTR ui,
        ULONG flags, IMsgServiceAdmin **out)
{
    struct profadmin *admin = impl_from_IProfAdmin(iface);
    char *profile_name = NULL, *pass = NULL;
    struct profile *profile;
    HRESULT hr;

    TRACE("%p, %s, %p, %#Ix, %#lx, %p.\n", iface,
            flags & MAPI_UNICODE ? debugstr_w((WCHAR *)name) : debugstr_a(name), password, ui, flags, out);

    if (!out) return profadmin_record(admin, MAPI_E_INVALID_PARAMETER, "AdminServices");
    *out = NULL;
    if (flags & ~(MAPI_DIALOG | MAPI_UNICODE)) return profadmin_record(admin, MAPI_E_UNKNOWN_FLAGS, "AdminServices");
    if (!name) return profadmin_record(admin, MAPI_E_INVALID_PARAMETER, "AdminServices");

    if (SUCCEEDED(hr = string_arg(name, flags, &profile_name)) && SUCCEEDED(hr = string_arg(password, flags, &pass)))
    {
        hr = profile_check_password(profile_name, pass);
        if (hr == MAPI_E_NOT_FOUND) hr = MAPI_E_LOGON_FAILED;
        if (SUCCEEDED(hr) && SUCCEEDED(hr = profile_open(profile_name, &profile)))
        {
            hr = msgservice_admin_create(profile, out);
            profile_release(profile);
        }
        if (hr == MAPI_E_NOT_FOUND) hr = MAPI_E_LOGON_FAILED;
    }
    string_arg_free(profile_name);
    string_arg_free(pass);
    return profadmin_record(admin, hr, "AdminServices");
}

static const IProfAdminVtbl profadmin_vtbl =
{
    profadmin_QueryInterface,
    profadmin_AddRef,
    profadmin_Release,
    profadmin_GetLastError,
    profadmin_GetProfileTable,
    profadmin_CreateProfile,
    profadmin_DeleteProfile,
    profadmin_ChangeProfilePassword,
    profadmin_CopyProfile,
    profadmin_RenameProfile,
    profadmin_SetDefaultProfile,
    profadmin_AdminServices,
};

/***********************************************************************
 *              MAPIAdminProfiles (MAPI32.18)
 *              MAPIAdminProfiles@8 (MAPI32.19)
 *
 * MAPIInitialize must have been called.  MAPI_DIALOG is accepted; no
 * dialog is ever shown.
 */
HRESULT WINAPI MAPIAdminProfiles(ULONG flags, LPPROFADMIN *out)
{
    struct profadmin *admin;

    TRACE("%#lx, %p.\n", flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_DIALOG | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (!mapi_is_initialized()) return MAPI_E_NOT_INITIALIZED;

    if (!(admin = mapi_heap_alloc(sizeof(*admin)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    admin->IProfAdmin_iface.lpVtbl = &profadmin_vtbl;
    admin->refcount = 1;
    admin->last_error = S_OK;
    admin->last_error_method = NULL;
    *out = &admin->IProfAdmin_iface;
    return S_OK;
}
