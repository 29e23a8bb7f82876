/*
 * mapi32: message service administration (IMsgServiceAdmin) and the calls into
 * a message service's entry point
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "msgservice.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/*
 * What a message service leaves in a profile:
 *
 *  - the service section, named by its PR_SERVICE_UID: PR_SERVICE_UID,
 *    PR_SERVICE_NAME (the name of its MAPISVC.INF section), PR_DISPLAY_NAME
 *    (from the INF, else the caller's display name, else the service name),
 *    PR_RESOURCE_FLAGS (0 when the INF has none), every property line of the
 *    INF service section (PR_SERVICE_DLL_NAME, PR_SERVICE_ENTRY_NAME,
 *    PR_SERVICE_SUPPORT_FILES, hex tags, ...) and, when the INF names extra
 *    sections with Sections=, PR_SERVICE_EXTRA_UIDS (their MAPIUIDs, one after
 *    the other);
 *  - one provider section per Providers= entry, named by a new
 *    PR_PROVIDER_UID: every property line of the INF provider section plus
 *    PR_PROVIDER_UID, PR_SERVICE_UID, PR_SERVICE_NAME and PR_DISPLAY_NAME
 *    (the section name when the INF has none);
 *  - one section per Sections= entry, named by the UID= line of that INF
 *    section or by a new MAPIUID: its property lines plus PR_SERVICE_UID.
 *
 * The order of services and providers is the profile's (profile_services,
 * profile_providers); PR_PROVIDER_ORDINAL in the provider tables is the
 * position in that order, so transports sort in transport order.
 */

#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif

#define SERVICE_NAME_MAX 256

/* Made by msgservice_admin_create (IProfAdmin::AdminServices,
 * IMAPISession::AdminServices); its callers hold the references; it holds
 * one on the profile. */
struct service_admin
{
    IMsgServiceAdmin IMsgServiceAdmin_iface;
    LONG refcount;
    struct profile *profile;
    CRITICAL_SECTION cs;
    struct last_error error;
};

/* The host of a service-configuration support object: the profile only.
 * Made for one entry call; the support object keeps it alive through the
 * addref/release callbacks, so a service that keeps its support object
 * beyond the call still has a valid host. */
struct config_host
{
    struct mapi_host host;
    LONG refcount;
};

static const IMsgServiceAdminVtbl service_admin_vtbl;

/* --- extended errors ------------------------------------------------------ */

void last_error_clear(struct last_error *error)
{
    mapi_heap_free(error->component);
    mapi_heap_free(error->text);
    memset(error, 0, sizeof(*error));
}

static char *string_to_ansi(const void *str, BOOL unicode)
{
    char *out;
    int len;

    if (!str) return NULL;
    if (!unicode) return mapi_heap_strdup(str);
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if (!(out = mapi_heap_alloc(len))) return NULL;
    WideCharToMultiByte(CP_ACP, 0, str, -1, out, len, NULL, NULL);
    return out;
}

static void last_error_set(struct last_error *error, HRESULT hr, const char *text)
{
    last_error_clear(error);
    error->hr = hr;
    error->component = mapi_heap_strdup("MAPI");
    error->text = mapi_heap_strdup(text);
}

/* Keeps what a service entry said about its failure. */
static void last_error_take(struct last_error *error, HRESULT hr, const MAPIERROR *mapi_error, BOOL unicode)
{
    last_error_clear(error);
    error->hr = hr;
    error->component = string_to_ansi(mapi_error->lpszComponent, unicode);
    error->text = string_to_ansi(mapi_error->lpszError, unicode);
    error->lowlevel = mapi_error->ulLowLevelError;
    error->context = mapi_error->ulContext;
}

/* Ends a method: a failure's extended error becomes the object's. */
HRESULT last_error_keep(struct last_error *to, CRITICAL_SECTION *cs, struct last_error *from, HRESULT hr)
{
    if (FAILED(hr) && from->hr)
    {
        EnterCriticalSection(cs);
        last_error_clear(to);
        *to = *from;
        LeaveCriticalSection(cs);
        memset(from, 0, sizeof(*from));
    }
    last_error_clear(from);
    return hr;
}

static HRESULT error_string(const char *str, BOOL unicode, void *parent, void **out)
{
    HRESULT hr;
    int len;

    *out = NULL;
    if (!str) return S_OK;
    if (!unicode)
    {
        if (FAILED(hr = MAPIAllocateMore(strlen(str) + 1, parent, out))) return hr;
        strcpy(*out, str);
        return S_OK;
    }
    len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    if (FAILED(hr = MAPIAllocateMore(len * sizeof(WCHAR), parent, out))) return hr;
    MultiByteToWideChar(CP_ACP, 0, str, -1, *out, len);
    return S_OK;
}

HRESULT last_error_get(struct last_error *error, CRITICAL_SECTION *cs, HRESULT result, ULONG flags,
        MAPIERROR **out)
{
    MAPIERROR *mapi_error = NULL;
    HRESULT hr = S_OK;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(cs);
    if (FAILED(result) && result == error->hr && (error->text || error->component))
    {
        if (SUCCEEDED(hr = MAPIAllocateBuffer(sizeof(*mapi_error), (void **)&mapi_error)))
        {
            mapi_error->ulVersion = MAPI_ERROR_VERSION;
            mapi_error->ulLowLevelError = error->lowlevel;
            mapi_error->ulContext = error->context;
            if (FAILED(hr = error_string(error->text, flags & MAPI_UNICODE, mapi_error,
                    (void **)&mapi_error->lpszError))
                    || FAILED(hr = error_string(error->component, flags & MAPI_UNICODE, mapi_error,
                    (void **)&mapi_error->lpszComponent)))
            {
                MAPIFreeBuffer(mapi_error);
                mapi_error = NULL;
            }
        }
    }
    LeaveCriticalSection(cs);
    *out = mapi_error;
    return hr;
}

/* --- property helpers ----------------------------------------------------- */

static const SPropValue *props_find(ULONG count, const SPropValue *props, ULONG id)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == id && PROP_TYPE(props[i].ulPropTag) != PT_ERROR) return &props[i];
    return NULL;
}

/* first, then the values of second whose IDs first does not have; one
 * MAPIAllocateBuffer block of shallow copies. */
HRESULT props_merge(ULONG first_count, const SPropValue *first, ULONG second_count, const SPropValue *second,
        ULONG *count, SPropValue **out)
{
    SPropValue *props;
    ULONG i, n;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer((first_count + second_count + 1) * sizeof(*props), (void **)&props)))
        return hr;
    memcpy(props, first, first_count * sizeof(*props));
    n = first_count;
    for (i = 0; i < second_count; i++)
    {
        if (PROP_TYPE(second[i].ulPropTag) == PT_ERROR) continue;
        if (props_find(first_count, first, PROP_ID(second[i].ulPropTag))) continue;
        props[n++] = second[i];
    }
    *count = n;
    *out = props;
    return S_OK;
}

void prop_set_uid(SPropValue *prop, ULONG tag, const MAPIUID *uid)
{
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.bin.cb = sizeof(*uid);
    prop->Value.bin.lpb = (BYTE *)uid->ab;
}

static void prop_set_string(SPropValue *prop, ULONG tag, const char *str)
{
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.lpszA = (char *)str;
}

static void prop_set_long(SPropValue *prop, ULONG tag, ULONG value)
{
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.l = value;
}

/* A PT_STRING8 or PT_MV_STRING8 value turned into its PT_UNICODE form,
 * allocated on parent. */
static HRESULT prop_to_unicode(SPropValue *prop, void *parent)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), i;
    WCHAR **strings;
    HRESULT hr;

    if (type == PT_STRING8)
    {
        if (FAILED(hr = error_string(prop->Value.lpszA, TRUE, parent, (void **)&prop->Value.lpszW))) return hr;
        prop->ulPropTag = CHANGE_PROP_TYPE(prop->ulPropTag, PT_UNICODE);
        return S_OK;
    }
    if (type != PT_MV_STRING8) return S_OK;
    if (FAILED(hr = MAPIAllocateMore(max(prop->Value.MVszA.cValues, 1) * sizeof(*strings), parent,
            (void **)&strings)))
        return hr;
    for (i = 0; i < prop->Value.MVszA.cValues; i++)
        if (FAILED(hr = error_string(prop->Value.MVszA.lppszA[i], TRUE, parent, (void **)&strings[i]))) return hr;
    prop->Value.MVszW.lppszW = strings;
    prop->ulPropTag = CHANGE_PROP_TYPE(prop->ulPropTag, PT_MV_UNICODE);
    return S_OK;
}

static ULONG string_tag(ULONG tag, BOOL unicode)
{
    ULONG type = PROP_TYPE(tag);

    if (!unicode) return tag;
    if (type == PT_STRING8) return CHANGE_PROP_TYPE(tag, PT_UNICODE);
    if (type == PT_MV_STRING8) return CHANGE_PROP_TYPE(tag, PT_MV_UNICODE);
    return tag;
}

static BOOL uid_from_hex(const char *hex, MAPIUID *uid)
{
    unsigned int byte;
    ULONG i;

    if (!hex || strlen(hex) != 2 * sizeof(uid->ab)) return FALSE;
    for (i = 0; i < sizeof(uid->ab); i++)
    {
        if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1])) return FALSE;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) return FALSE;
        uid->ab[i] = byte;
    }
    return TRUE;
}

static HRESULT uid_generate(MAPIUID *uid)
{
    GUID guid;
    HRESULT hr;

    if (FAILED(hr = CoCreateGuid(&guid))) return hr;
    memcpy(uid->ab, &guid, sizeof(uid->ab));
    return S_OK;
}

/* Wide strings of MAPI_UNICODE calls as ANSI copies; mapi_heap_free(). */
HRESULT argument_to_ansi(const void *str, ULONG flags, char **out)
{
    *out = NULL;
    if (!str) return S_OK;
    if (!(*out = string_to_ansi(str, flags & MAPI_UNICODE))) return MAPI_E_NOT_ENOUGH_MEMORY;
    return S_OK;
}

/* --- the profile's services and providers ---------------------------------- */

static HRESULT service_lookup(struct profile *profile, const MAPIUID *uid)
{
    HRESULT hr = MAPI_E_NOT_FOUND;
    MAPIUID *uids;
    ULONG count, i;

    if (FAILED(profile_services(profile, &count, &uids))) return MAPI_E_NOT_FOUND;
    for (i = 0; i < count; i++)
        if (IsEqualMAPIUID(&uids[i], uid)) hr = S_OK;
    MAPIFreeBuffer(uids);
    return hr;
}

/* One property of a section as a fresh MAPIAllocateBuffer value;
 * MAPI_E_NOT_FOUND when the section does not have it. */
HRESULT section_prop(struct profile *profile, const MAPIUID *uid, ULONG tag, SPropValue **out)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = profile_get_props(profile, uid, (SPropTagArray *)&tags, &count, &props))) return hr;
    if (count != 1 || props[0].ulPropTag != tag)
    {
        MAPIFreeBuffer(props);
        return MAPI_E_NOT_FOUND;
    }
    *out = props;
    return S_OK;
}

static ULONG section_flags(struct profile *profile, const MAPIUID *uid)
{
    SPropValue *prop;
    ULONG flags;

    if (FAILED(section_prop(profile, uid, PR_RESOURCE_FLAGS, &prop))) return 0;
    flags = prop->Value.l;
    MAPIFreeBuffer(prop);
    return flags;
}

static HRESULT section_set_flags(struct profile *profile, const MAPIUID *uid, ULONG flags)
{
    SPropValue prop;

    prop_set_long(&prop, PR_RESOURCE_FLAGS, flags);
    return profile_set_props(profile, uid, 1, &prop);
}

/* Whether the profile already has a service made from the INF section name. */
static BOOL service_name_used(struct profile *profile, const char *name)
{
    SPropValue *prop;
    MAPIUID *uids;
    ULONG count, i;
    BOOL used = FALSE;

    if (FAILED(profile_services(profile, &count, &uids))) return FALSE;
    for (i = 0; i < count && !used; i++)
    {
        if (FAILED(section_prop(profile, &uids[i], PR_SERVICE_NAME_A, &prop))) continue;
        used = !lstrcmpiA(prop->Value.lpszA, name);
        MAPIFreeBuffer(prop);
    }
    MAPIFreeBuffer(uids);
    return used;
}

/* The providers of one service, or of all services with a NULL uid, in
 * profile order.  mapi_heap_free() it. */
HRESULT service_providers(struct profile *profile, const MAPIUID *service_uid, ULONG *count,
        struct profile_provider **out)
{
    struct profile_provider *list;
    ULONG total, i, n = 0;
    HRESULT hr;

    *out = NULL;
    *count = 0;
    if (FAILED(hr = profile_providers(profile, 0, &total, &list))) return hr;
    for (i = 0; i < total; i++)
    {
        if (service_uid && !IsEqualMAPIUID(&list[i].service_uid, service_uid)) continue;
        list[n++] = list[i];
    }
    *count = n;
    *out = list;
    return S_OK;
}

static BOOL section_is_provider(struct profile *profile, const MAPIUID *uid)
{
    struct profile_provider *list;
    ULONG count, i;
    BOOL found = FALSE;

    if (FAILED(service_providers(profile, NULL, &count, &list))) return FALSE;
    for (i = 0; i < count; i++)
        if (IsEqualMAPIUID(&list[i].uid, uid)) found = TRUE;
    mapi_heap_free(list);
    return found;
}

/* Writes props into the section uid, creating it. */
static HRESULT section_write(struct profile *profile, const MAPIUID *uid, ULONG count, SPropValue *props)
{
    SPropProblemArray *problems = NULL;
    IProfSect *section;
    HRESULT hr;

    if (FAILED(hr = profile_open_section(profile, uid, MAPI_MODIFY, &section))) return hr;
    hr = IProfSect_SetProps(section, count, props, &problems);
    if (SUCCEEDED(hr) && problems)
    {
        if (problems->cProblem)
            WARN("%lu properties were not written, the first %#lx (%#lx).\n", problems->cProblem,
                    problems->aProblem[0].ulPropTag, problems->aProblem[0].scode);
        MAPIFreeBuffer(problems);
    }
    IProfSect_Release(section);
    return hr;
}

HRESULT admin_section_open(struct profile *profile, const MAPIUID *uid, const IID *iid, ULONG flags,
        BOOL trusted, IProfSect **out)
{
    IProfSect *section;
    HRESULT hr;

    if (!uid || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_DEFERRED_ERRORS | MAPI_MODIFY | MAPI_FORCE_ACCESS)) return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualIID(iid, &IID_IProfSect) && !IsEqualIID(iid, &IID_IMAPIProp)
            && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    /* Provider sections belong to their providers: a client writes them
     * only with MAPI_FORCE_ACCESS. */
    if (!trusted && (flags & MAPI_MODIFY) && !(flags & MAPI_FORCE_ACCESS) && section_is_provider(profile, uid))
        return MAPI_E_NO_ACCESS;
    if (FAILED(hr = profile_open_section(profile, uid, flags & MAPI_MODIFY, &section))) return hr;
    *out = section;
    return S_OK;
}

/* Removes the sections and list entries of a service, as far as they
 * exist; the first error is returned. */
static HRESULT service_remove(struct profile *profile, const MAPIUID *service_uid)
{
    struct profile_provider *providers;
    SPropValue *extra;
    HRESULT hr = S_OK, hr2;
    ULONG count, i;

    if (SUCCEEDED(service_providers(profile, service_uid, &count, &providers)))
    {
        for (i = 0; i < count; i++)
        {
            if (FAILED(hr2 = profile_provider_remove(profile, &providers[i].uid)) && SUCCEEDED(hr)) hr = hr2;
            if (FAILED(hr2 = profile_delete_section(profile, &providers[i].uid)) && hr2 != MAPI_E_NOT_FOUND
                    && SUCCEEDED(hr))
                hr = hr2;
        }
        mapi_heap_free(providers);
    }
    if (SUCCEEDED(section_prop(profile, service_uid, PR_SERVICE_EXTRA_UIDS, &extra)))
    {
        for (i = 0; i + sizeof(MAPIUID) <= extra->Value.bin.cb; i += sizeof(MAPIUID))
        {
            MAPIUID uid;

            memcpy(&uid, extra->Value.bin.lpb + i, sizeof(uid));
            if (FAILED(hr2 = profile_delete_section(profile, &uid)) && hr2 != MAPI_E_NOT_FOUND && SUCCEEDED(hr))
                hr = hr2;
        }
        MAPIFreeBuffer(extra);
    }
    if (FAILED(hr2 = profile_service_remove(profile, service_uid)) && hr2 != MAPI_E_NOT_FOUND && SUCCEEDED(hr))
        hr = hr2;
    if (FAILED(hr2 = profile_delete_section(profile, service_uid)) && hr2 != MAPI_E_NOT_FOUND && SUCCEEDED(hr))
        hr = hr2;
    return hr;
}

/* --- the service entry ----------------------------------------------------- */

static void config_host_addref(void *context)
{
    struct config_host *config = context;

    InterlockedIncrement(&config->refcount);
}

static void config_host_release(void *context)
{
    struct config_host *config = context;

    if (InterlockedDecrement(&config->refcount)) return;
    profile_release(config->host.profile);
    mapi_heap_free(config);
}

static HRESULT config_host_create(struct profile *profile, struct config_host **out)
{
    struct config_host *config;

    if (!(config = mapi_heap_alloc(sizeof(*config)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(config, 0, sizeof(*config));
    config->refcount = 1;
    profile_addref(profile);
    config->host.profile = profile;
    config->host.session = config;
    config->host.addref = config_host_addref;
    config->host.release = config_host_release;
    *out = config;
    return S_OK;
}

/* The DLL and the entry point a service names, MAPI_E_NOT_INITIALIZED when
 * it names no entry point. */
static HRESULT service_entry_names(struct profile *profile, const MAPIUID *service_uid, char *dll, char *entry)
{
    static const SizedSPropTagArray(2, tags) = {2, {PR_SERVICE_DLL_NAME_A, PR_SERVICE_ENTRY_NAME}};
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = profile_get_props(profile, service_uid, (SPropTagArray *)&tags, &count, &props))) return hr;
    if (count != 2 || props[0].ulPropTag != PR_SERVICE_DLL_NAME_A || props[1].ulPropTag != PR_SERVICE_ENTRY_NAME
            || !props[0].Value.lpszA[0] || !props[1].Value.lpszA[0])
        hr = MAPI_E_NOT_INITIALIZED;
    else
    {
        lstrcpynA(dll, props[0].Value.lpszA, MAX_PATH);
        lstrcpynA(entry, props[1].Value.lpszA, SERVICE_NAME_MAX);
    }
    MAPIFreeBuffer(props);
    return hr;
}

BOOL service_has_entry(struct profile *profile, const MAPIUID *service_uid)
{
    char dll[MAX_PATH], entry[SERVICE_NAME_MAX];

    return SUCCEEDED(service_entry_names(profile, service_uid, dll, entry));
}

/* Calls the service's MSGSERVICEENTRY.  reached tells whether the entry
 * function itself ran (FALSE: the DLL or the function is missing). */
HRESULT service_entry_call(struct profile *profile, const MAPIUID *service_uid, ULONG_PTR ui, ULONG flags,
        ULONG context, ULONG count, SPropValue *props, struct last_error *error, BOOL *reached)
{
    char dll_name[MAX_PATH], entry_name[SERVICE_NAME_MAX], text[MAX_PATH + 128];
    struct support_params params = {0};
    struct config_host *host = NULL;
    IProviderAdmin *admin = NULL;
    IMAPISupport *support = NULL;
    MAPIERROR *mapi_error = NULL;
    struct provider_dll *dll;
    LPMSGSERVICEENTRY entry;
    BOOL faulted = FALSE;
    HRESULT hr;

    *reached = FALSE;
    if (FAILED(hr = service_entry_names(profile, service_uid, dll_name, entry_name))) return hr;
    if (FAILED(hr = provider_dll_load(dll_name, &dll)))
    {
        snprintf(text, sizeof(text), "The message service DLL \"%s\" could not be loaded.", dll_name);
        last_error_set(error, hr, text);
        WARN("%s\n", text);
        return hr;
    }
    if (!(entry = (LPMSGSERVICEENTRY)provider_dll_proc(dll, entry_name)))
    {
        hr = MAPI_E_NOT_INITIALIZED;
        snprintf(text, sizeof(text), "The message service DLL \"%s\" has no entry point \"%s\".", dll_name,
                entry_name);
        last_error_set(error, hr, text);
        WARN("%s\n", text);
        goto done;
    }

    if (FAILED(hr = config_host_create(profile, &host))) goto done;
    params.kind = SUPPORT_CONFIG;
    params.host = &host->host;
    params.provider_uid = *service_uid;
    params.service_uid = *service_uid;
    if (FAILED(hr = support_create(&params, &support))) goto done;
    if (FAILED(hr = provider_admin_create(profile, service_uid, TRUE, &admin))) goto done;

    TRACE("calling %s!%s, context %lu, flags %#lx, %lu values.\n", debugstr_a(dll_name), debugstr_a(entry_name),
            context, flags, count);
    *reached = TRUE;
    PROVIDER_CALL(dll, faulted, hr = entry(provider_dll_module(dll), MAPIGetDefaultMalloc(), support, ui, flags,
            context, count, props, admin, &mapi_error));
    TRACE("%s!%s returned %#lx.\n", debugstr_a(dll_name), debugstr_a(entry_name), hr);
    if (faulted)
    {
        hr = MAPI_E_CALL_FAILED;
        snprintf(text, sizeof(text), "The message service entry \"%s\" in \"%s\" raised an exception.",
                entry_name, dll_name);
        last_error_set(error, hr, text);
        ERR("%s\n", text);
    }
    else if (mapi_error)
    {
        if (FAILED(hr)) last_error_take(error, hr, mapi_error, flags & MAPI_UNICODE);
        MAPIFreeBuffer(mapi_error);
    }

done:
    if (admin) IProviderAdmin_Release(admin);
    if (support) IMAPISupport_Release(support);
    if (host) config_host_release(host);
    provider_dll_release(dll);
    return hr;
}

HRESULT msgservice_call_entry(struct profile *profile, const MAPIUID *service_uid, ULONG_PTR ui,
        ULONG flags, ULONG context, ULONG count, SPropValue *props)
{
    struct last_error error = {0};
    BOOL reached;
    HRESULT hr;

    TRACE("%p, %p, %#Ix, %#lx, %lu, %lu, %p.\n", profile, service_uid, ui, flags, context, count, props);

    if (!profile || !service_uid) return MAPI_E_INVALID_PARAMETER;
    hr = service_entry_call(profile, service_uid, ui, flags, context, count, props, &error, &reached);
    last_error_clear(&error);
    return hr;
}

/* --- making services and providers from MAPISVC.INF ----------------------- */

static HRESULT inf_load(struct mapisvc_inf **inf)
{
    HRESULT hr = mapisvc_load(NULL, inf);

    if (FAILED(hr)) WARN("MAPISVC.INF could not be read, error %#lx.\n", hr);
    return hr;
}

/* A provider section of service_uid, from the INF section (may be NULL)
 * and the caller's values, which win over the INF's. */
HRESULT provider_section_create(struct profile *profile, const struct inf_section *section, const char *name,
        const MAPIUID *service_uid, const char *service_name, ULONG extra_count, const SPropValue *extra,
        MAPIUID *uid)
{
    SPropValue *inf_props = NULL, *given = NULL, *props = NULL, fixed[4];
    ULONG inf_count = 0, given_count, count, n = 0;
    HRESULT hr;

    if (section && FAILED(hr = mapisvc_section_props(section, &inf_count, &inf_props))) return hr;
    if (FAILED(hr = props_merge(extra_count, extra, inf_count, inf_props, &given_count, &given))) goto done;
    if (FAILED(hr = uid_generate(uid))) goto done;

    prop_set_uid(&fixed[n++], PR_PROVIDER_UID, uid);
    prop_set_uid(&fixed[n++], PR_SERVICE_UID, service_uid);
    prop_set_string(&fixed[n++], PR_SERVICE_NAME_A, service_name);
    if (!props_find(given_count, given, PROP_ID(PR_DISPLAY_NAME_A)))
        prop_set_string(&fixed[n++], PR_DISPLAY_NAME_A, name);
    if (FAILED(hr = props_merge(n, fixed, given_count, given, &count, &props))) goto done;

    if (FAILED(hr = section_write(profile, uid, count, props)))
    {
        profile_delete_section(profile, uid);
        goto done;
    }
    if (FAILED(hr = profile_provider_add(profile, uid))) profile_delete_section(profile, uid);
    TRACE("provider %s: %#lx.\n", debugstr_a(name), hr);

done:
    MAPIFreeBuffer(props);
    MAPIFreeBuffer(given);
    MAPIFreeBuffer(inf_props);
    return hr;
}

/* The sections a service's Sections= entry names; their UIDs go to the
 * service section's PR_SERVICE_EXTRA_UIDS. */
static HRESULT extra_sections_create(struct profile *profile, const struct mapisvc_inf *inf, const char *list,
        const MAPIUID *service_uid, struct last_error *error)
{
    const struct inf_section *section;
    SPropValue *inf_props, *props, fixed, extra;
    MAPIUID *uids = NULL;
    ULONG inf_count, count, n = 0, max_count = 0;
    char name[SERVICE_NAME_MAX], text[SERVICE_NAME_MAX + 64];
    const char *rest;
    HRESULT hr = S_OK;

    for (rest = list; rest; max_count++) rest = mapisvc_next_item(rest, name, sizeof(name));
    if (!(uids = mapi_heap_alloc(max(max_count, 1) * sizeof(*uids)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    for (rest = list; rest && SUCCEEDED(hr);)
    {
        rest = mapisvc_next_item(rest, name, sizeof(name));
        if (!name[0]) continue;
        if (!(section = mapisvc_section(inf, name)))
        {
            hr = MAPI_E_NOT_FOUND;
            snprintf(text, sizeof(text), "MAPISVC.INF has no section [%s].", name);
            last_error_set(error, hr, text);
            WARN("%s\n", text);
            break;
        }
        if (!uid_from_hex(mapisvc_value(section, "UID"), &uids[n]) && FAILED(hr = uid_generate(&uids[n]))) break;
        if (FAILED(hr = mapisvc_section_props(section, &inf_count, &inf_props))) break;
        prop_set_uid(&fixed, PR_SERVICE_UID, service_uid);
        if (SUCCEEDED(hr = props_merge(1, &fixed, inf_count, inf_props, &count, &props)))
        {
            hr = section_write(profile, &uids[n], count, props);
            MAPIFreeBuffer(props);
        }
        MAPIFreeBuffer(inf_props);
        if (SUCCEEDED(hr)) n++;
        else profile_delete_section(profile, &uids[n]);
    }

    /* Whatever was made is recorded, so that removing the service finds it. */
    if (n)
    {
        HRESULT hr2;

        extra.ulPropTag = PR_SERVICE_EXTRA_UIDS;
        extra.dwAlignPad = 0;
        extra.Value.bin.cb = n * sizeof(*uids);
        extra.Value.bin.lpb = (BYTE *)uids;
        if (FAILED(hr2 = profile_set_props(profile, service_uid, 1, &extra)) && SUCCEEDED(hr)) hr = hr2;
    }
    mapi_heap_free(uids);
    return hr;
}

/* The sections of a new service (no entry call yet). */
static HRESULT service_create(struct profile *profile, const struct mapisvc_inf *inf, const char *name,
        const char *display, MAPIUID *uid, struct last_error *error)
{
    const struct inf_section *section, *provider_section;
    SPropValue *inf_props = NULL, *props = NULL, fixed[4];
    const SPropValue *flags;
    ULONG inf_count, count, n = 0;
    char item[SERVICE_NAME_MAX], text[SERVICE_NAME_MAX + 64];
    const char *rest;
    HRESULT hr;

    if (!(section = mapisvc_section(inf, name))) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = mapisvc_section_props(section, &inf_count, &inf_props))) return hr;

    flags = props_find(inf_count, inf_props, PROP_ID(PR_RESOURCE_FLAGS));
    if (flags && PROP_TYPE(flags->ulPropTag) == PT_LONG && (flags->Value.l & SERVICE_SINGLE_COPY)
            && service_name_used(profile, name))
    {
        snprintf(text, sizeof(text), "The message service %s allows one copy per profile.", name);
        last_error_set(error, MAPI_E_NO_ACCESS, text);
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }

    if (FAILED(hr = uid_generate(uid))) goto done;
    prop_set_uid(&fixed[n++], PR_SERVICE_UID, uid);
    prop_set_string(&fixed[n++], PR_SERVICE_NAME_A, name);
    if (!props_find(inf_count, inf_props, PROP_ID(PR_DISPLAY_NAME_A)))
        prop_set_string(&fixed[n++], PR_DISPLAY_NAME_A, display && display[0] ? display : name);
    if (!flags) prop_set_long(&fixed[n++], PR_RESOURCE_FLAGS, 0);
    if (FAILED(hr = props_merge(n, fixed, inf_count, inf_props, &count, &props))) goto done;

    if (FAILED(hr = section_write(profile, uid, count, props)))
    {
        profile_delete_section(profile, uid);
        goto done;
    }
    if (FAILED(hr = profile_service_add(profile, uid)))
    {
        profile_delete_section(profile, uid);
        goto done;
    }

    for (rest = mapisvc_value(section, "Providers"); rest && SUCCEEDED(hr);)
    {
        MAPIUID provider_uid;

        rest = mapisvc_next_item(rest, item, sizeof(item));
        if (!item[0]) continue;
        if (!(provider_section = mapisvc_section(inf, item)))
        {
            hr = MAPI_E_NOT_FOUND;
            snprintf(text, sizeof(text), "MAPISVC.INF has no provider section [%s].", item);
            last_error_set(error, hr, text);
            WARN("%s\n", text);
            break;
        }
        hr = provider_section_create(profile, provider_section, item, uid, name, 0, NULL, &provider_uid);
    }
    if (SUCCEEDED(hr) && (rest = mapisvc_value(section, "Sections")))
        hr = extra_sections_create(profile, inf, rest, uid, error);
    if (FAILED(hr)) service_remove(profile, uid);

done:
    MAPIFreeBuffer(props);
    MAPIFreeBuffer(inf_props);
    return hr;
}

/* A copy of a service, with new UIDs, into the profile to. */
static HRESULT service_copy(struct profile *from, const MAPIUID *uid, struct profile *to, struct last_error *error)
{
    struct profile_provider *providers = NULL;
    SPropValue *name = NULL, *extra = NULL, props[2];
    MAPIUID new_uid, *new_extra = NULL;
    ULONG count = 0, i, n = 0;
    char text[SERVICE_NAME_MAX + 64];
    HRESULT hr;

    if (FAILED(hr = section_prop(from, uid, PR_SERVICE_NAME_A, &name))) return hr;
    if ((section_flags(from, uid) & SERVICE_SINGLE_COPY) && service_name_used(to, name->Value.lpszA))
    {
        snprintf(text, sizeof(text), "The message service %s allows one copy per profile.", name->Value.lpszA);
        last_error_set(error, MAPI_E_NO_ACCESS, text);
        MAPIFreeBuffer(name);
        return MAPI_E_NO_ACCESS;
    }
    MAPIFreeBuffer(name);

    if (FAILED(hr = uid_generate(&new_uid))) return hr;
    if (FAILED(hr = profile_copy_section(from, uid, to, &new_uid))) return hr;
    prop_set_uid(&props[0], PR_SERVICE_UID, &new_uid);
    if (FAILED(hr = profile_set_props(to, &new_uid, 1, props)) || FAILED(hr = profile_service_add(to, &new_uid)))
    {
        profile_delete_section(to, &new_uid);
        return hr;
    }

    if (FAILED(hr = service_providers(from, uid, &count, &providers))) goto done;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        MAPIUID provider_uid;

        if (FAILED(hr = uid_generate(&provider_uid))) break;
        if (FAILED(hr = profile_copy_section(from, &providers[i].uid, to, &provider_uid))) break;
        prop_set_uid(&props[0], PR_PROVIDER_UID, &provider_uid);
        prop_set_uid(&props[1], PR_SERVICE_UID, &new_uid);
        if (FAILED(hr = profile_set_props(to, &provider_uid, 2, props))
                || FAILED(hr = profile_provider_add(to, &provider_uid)))
            profile_delete_section(to, &provider_uid);
    }

    if (SUCCEEDED(hr) && SUCCEEDED(section_prop(from, uid, PR_SERVICE_EXTRA_UIDS, &extra)))
    {
        ULONG total = extra->Value.bin.cb / sizeof(MAPIUID);

        if (!(new_extra = mapi_heap_alloc(max(total, 1) * sizeof(*new_extra)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < total && SUCCEEDED(hr); i++)
        {
            MAPIUID old;

            memcpy(&old, extra->Value.bin.lpb + i * sizeof(old), sizeof(old));
            if (FAILED(hr = uid_generate(&new_extra[n]))) break;
            if (FAILED(profile_copy_section(from, &old, to, &new_extra[n]))) continue;
            prop_set_uid(&props[0], PR_SERVICE_UID, &new_uid);
            if (FAILED(hr = profile_set_props(to, &new_extra[n], 1, props))) break;
            n++;
        }
        props[0].ulPropTag = PR_SERVICE_EXTRA_UIDS;
        props[0].Value.bin.cb = n * sizeof(MAPIUID);
        props[0].Value.bin.lpb = (BYTE *)new_extra;
        if (new_extra)
        {
            HRESULT hr2 = profile_set_props(to, &new_uid, 1, props);

            if (SUCCEEDED(hr)) hr = hr2;
        }
    }

done:
    if (FAILED(hr)) service_remove(to, &new_uid);
    mapi_heap_free(new_extra);
    MAPIFreeBuffer(extra);
    mapi_heap_free(providers);
    return hr;
}

/* --- tables ---------------------------------------------------------------- */

static HRESULT table_create(const ULONG *tags, ULONG count, BOOL unicode, ITableData **data)
{
    SPropTagArray *columns;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(count), (void **)&columns))) return hr;
    columns->cValues = count;
    for (i = 0; i < count; i++) columns->aulPropTag[i] = string_tag(tags[i], unicode);
    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, columns, data);
    MAPIFreeBuffer(columns);
    return hr;
}

static HRESULT table_view(ITableData *data, HRESULT hr, IMAPITable **out)
{
    if (SUCCEEDED(hr)) hr = ITableData_HrGetView(data, NULL, NULL, 0, out);
    ITableData_Release(data);
    return hr;
}

/* Adds a row of count values (strings as PT_STRING8), converting them for
 * a MAPI_UNICODE table; the values may be changed. */
static HRESULT table_add_row(ITableData *data, SPropValue *values, ULONG count, BOOL unicode)
{
    void *parent = NULL;
    HRESULT hr = S_OK;
    SRow row;
    ULONG i;

    if (unicode)
    {
        if (FAILED(hr = MAPIAllocateBuffer(1, &parent))) return hr;
        for (i = 0; i < count && SUCCEEDED(hr); i++) hr = prop_to_unicode(&values[i], parent);
    }
    row.ulAdrEntryPad = 0;
    row.cValues = count;
    row.lpProps = values;
    if (SUCCEEDED(hr)) hr = ITableData_HrModifyRow(data, &row);
    MAPIFreeBuffer(parent);
    return hr;
}

static const ULONG service_columns[] =
{
    PR_INSTANCE_KEY, PR_ROWID, PR_DISPLAY_NAME_A, PR_SERVICE_NAME_A, PR_SERVICE_UID, PR_RESOURCE_FLAGS,
    PR_SERVICE_DLL_NAME_A, PR_SERVICE_ENTRY_NAME, PR_SERVICE_SUPPORT_FILES_A, PR_SERVICE_DELETE_FILES_A,
};

static HRESULT service_table(struct profile *profile, ULONG flags, IMAPITable **out)
{
    static const SizedSPropTagArray(8, tags) =
    {
        8, {PR_DISPLAY_NAME_A, PR_SERVICE_NAME_A, PR_SERVICE_UID, PR_RESOURCE_FLAGS, PR_SERVICE_DLL_NAME_A,
            PR_SERVICE_ENTRY_NAME, PR_SERVICE_SUPPORT_FILES_A, PR_SERVICE_DELETE_FILES_A}
    };
    SPropValue row[ARRAY_SIZE(service_columns)], *props;
    BOOL unicode = !!(flags & MAPI_UNICODE);
    ULONG count, n, m, i, j;
    ITableData *data;
    MAPIUID *uids;
    HRESULT hr;

    if (FAILED(hr = profile_services(profile, &count, &uids))) return hr;
    if (FAILED(hr = table_create(service_columns, ARRAY_SIZE(service_columns), unicode, &data)))
    {
        MAPIFreeBuffer(uids);
        return hr;
    }
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = profile_get_props(profile, &uids[i], (SPropTagArray *)&tags, &n, &props))) break;
        m = 0;
        prop_set_uid(&row[m++], PR_INSTANCE_KEY, &uids[i]);
        prop_set_long(&row[m++], PR_ROWID, i);
        for (j = 0; j < n && m < ARRAY_SIZE(row); j++)
            if (PROP_TYPE(props[j].ulPropTag) != PT_ERROR) row[m++] = props[j];
        hr = table_add_row(data, row, m, unicode);
        MAPIFreeBuffer(props);
    }
    MAPIFreeBuffer(uids);
    return table_view(data, hr, out);
}

static const ULONG provider_columns[] =
{
    PR_INSTANCE_KEY, PR_ROWID, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_PROVIDER_DLL_NAME_A, PR_PROVIDER_ORDINAL,
    PR_PROVIDER_UID, PR_RESOURCE_FLAGS, PR_RESOURCE_TYPE, PR_SERVICE_NAME_A, PR_SERVICE_UID,
};

/* A provider's PR_PROVIDER_ORDINAL: a transport's place in transport
 * order, any other provider's place in the profile's list. */
static ULONG provider_ordinal(const struct profile_provider *provider, ULONG index,
        const struct profile_provider *transports, ULONG transport_count)
{
    ULONG i;

    if (provider->resource_type != MAPI_TRANSPORT_PROVIDER) return index;
    for (i = 0; i < transport_count; i++)
        if (IsEqualMAPIUID(&transports[i].uid, &provider->uid)) return i;
    return index;
}

/* The providers of one service, or all of the profile's with a NULL uid. */
HRESULT provider_table(struct profile *profile, const MAPIUID *service_uid, ULONG flags, IMAPITable **out)
{
    struct profile_provider *all = NULL, *transports = NULL, *p;
    SPropValue row[ARRAY_SIZE(provider_columns)];
    BOOL unicode = !!(flags & MAPI_UNICODE);
    ULONG count, transport_count, i, m, rowid = 0;
    ITableData *data;
    HRESULT hr;

    if (FAILED(hr = profile_providers(profile, 0, &count, &all))
            || FAILED(hr = profile_providers(profile, MAPI_TRANSPORT_PROVIDER, &transport_count, &transports))
            || FAILED(hr = table_create(provider_columns, ARRAY_SIZE(provider_columns), unicode, &data)))
    {
        mapi_heap_free(transports);
        mapi_heap_free(all);
        return hr;
    }
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        p = &all[i];
        if (service_uid && !IsEqualMAPIUID(&p->service_uid, service_uid)) continue;
        m = 0;
        prop_set_uid(&row[m++], PR_INSTANCE_KEY, &p->uid);
        prop_set_long(&row[m++], PR_ROWID, rowid++);
        if (p->display_name[0]) prop_set_string(&row[m++], PR_DISPLAY_NAME_A, p->display_name);
        if (p->provider_display[0]) prop_set_string(&row[m++], PR_PROVIDER_DISPLAY_A, p->provider_display);
        if (p->dll_name[0]) prop_set_string(&row[m++], PR_PROVIDER_DLL_NAME_A, p->dll_name);
        prop_set_long(&row[m++], PR_PROVIDER_ORDINAL, provider_ordinal(p, i, transports, transport_count));
        prop_set_uid(&row[m++], PR_PROVIDER_UID, &p->uid);
        prop_set_long(&row[m++], PR_RESOURCE_FLAGS, p->resource_flags);
        prop_set_long(&row[m++], PR_RESOURCE_TYPE, p->resource_type);
        if (p->service_name[0]) prop_set_string(&row[m++], PR_SERVICE_NAME_A, p->service_name);
        prop_set_uid(&row[m++], PR_SERVICE_UID, &p->service_uid);
        hr = table_add_row(data, row, m, unicode);
    }
    mapi_heap_free(transports);
    mapi_heap_free(all);
    return table_view(data, hr, out);
}

/* --- IMsgServiceAdmin ------------------------------------------------------ */

static inline struct service_admin *impl_from_IMsgServiceAdmin(IMsgServiceAdmin *iface)
{
    return CONTAINING_RECORD(iface, struct service_admin, IMsgServiceAdmin_iface);
}

static HRESULT WINAPI service_admin_QueryInterface(IMsgServiceAdmin *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMsgServiceAdmin))
    {
        *out = iface;
        IMsgServiceAdmin_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI service_admin_AddRef(IMsgServiceAdmin *iface)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
    ULONG refcount = InterlockedIncrement(&admin->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI service_admin_Release(IMsgServiceAdmin *iface)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
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

static HRESULT WINAPI service_admin_GetLastError(IMsgServiceAdmin *iface, HRESULT result, ULONG flags,
        MAPIERROR **error)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    return last_error_get(&admin->error, &admin->cs, result, flags, error);
}

static HRESULT WINAPI service_admin_GetMsgServiceTable(IMsgServiceAdmin *iface, ULONG flags, IMAPITable **table)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return service_table(admin->profile, flags, table);
}

static HRESULT WINAPI service_admin_CreateMsgService(IMsgServiceAdmin *iface, LPSTR service, LPSTR display_name,
        ULONG_PTR ui, ULONG flags)
{
    static const ULONG valid_flags = MAPI_UNICODE | SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED
            | SERVICE_NO_RESTART_WARNING;
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
    struct last_error error = {0};
    struct mapisvc_inf *inf = NULL;
    const struct inf_section *services;
    char *name = NULL, *display = NULL;
    BOOL reached;
    MAPIUID uid;
    HRESULT hr;

    TRACE("%p, %p, %p, %#Ix, %#lx.\n", iface, service, display_name, ui, flags);

    if (!service) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~valid_flags) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = argument_to_ansi(service, flags, &name))
            || FAILED(hr = argument_to_ansi(display_name, flags, &display)))
        goto done;
    TRACE("service %s, display name %s.\n", debugstr_a(name), debugstr_a(display));

    if (FAILED(hr = inf_load(&inf)))
    {
        if (hr == MAPI_E_NOT_FOUND) last_error_set(&error, hr, "MAPISVC.INF was not found.");
        goto done;
    }
    if (!(services = mapisvc_section(inf, "Services")) || !mapisvc_value(services, name)
            || !mapisvc_section(inf, name))
    {
        WARN("MAPISVC.INF has no service %s.\n", debugstr_a(name));
        hr = MAPI_E_NOT_FOUND;
        goto done;
    }
    if (FAILED(hr = service_create(admin->profile, inf, name, display, &uid, &error))) goto done;

    if (service_has_entry(admin->profile, &uid)
            && FAILED(hr = service_entry_call(admin->profile, &uid, ui, flags & ~MAPI_UNICODE, MSG_SERVICE_CREATE,
            0, NULL, &error, &reached)))
    {
        WARN("the service entry of %s failed, %#lx; the service is removed.\n", debugstr_a(name), hr);
        service_remove(admin->profile, &uid);
    }

done:
    if (inf) mapisvc_free(inf);
    mapi_heap_free(display);
    mapi_heap_free(name);
    return last_error_keep(&admin->error, &admin->cs, &error, hr);
}

static HRESULT WINAPI service_admin_DeleteMsgService(IMsgServiceAdmin *iface, MAPIUID *uid)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
    struct last_error error = {0};
    BOOL reached;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, uid);

    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = service_lookup(admin->profile, uid))) return hr;

    if (service_has_entry(admin->profile, uid))
    {
        hr = service_entry_call(admin->profile, uid, 0, 0, MSG_SERVICE_DELETE, 0, NULL, &error, &reached);
        /* A service that refuses stays; one whose code is gone can still be removed. */
        if (FAILED(hr) && reached) return last_error_keep(&admin->error, &admin->cs, &error, hr);
        if (FAILED(hr)) WARN("the service entry could not be called (%#lx); removing the service anyway.\n", hr);
        last_error_clear(&error);
    }
    return service_remove(admin->profile, uid);
}

static HRESULT WINAPI service_admin_CopyMsgService(IMsgServiceAdmin *iface, MAPIUID *uid, LPSTR display_name,
        const IID *src_iid, const IID *dest_iid, void *dest, ULONG_PTR ui, ULONG flags)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface), *target;
    IMsgServiceAdmin *dest_admin = NULL;
    struct last_error error = {0};
    HRESULT hr;

    TRACE("%p, %p, %p, %s, %s, %p, %#Ix, %#lx.\n", iface, uid, display_name, debugstr_guid(src_iid),
            debugstr_guid(dest_iid), dest, ui, flags);

    if (!uid || !dest) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(SERVICE_UI_ALWAYS | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (src_iid && !IsEqualIID(src_iid, &IID_IProfSect)) return MAPI_E_INTERFACE_NOT_SUPPORTED;

    if (!dest_iid || IsEqualIID(dest_iid, &IID_IMAPISession))
    {
        if (FAILED(hr = IMAPISession_AdminServices((IMAPISession *)dest, 0, &dest_admin))) return hr;
    }
    else if (IsEqualIID(dest_iid, &IID_IMsgServiceAdmin))
    {
        dest_admin = dest;
        IMsgServiceAdmin_AddRef(dest_admin);
    }
    else return MAPI_E_INTERFACE_NOT_SUPPORTED;

    if (dest_admin->lpVtbl != &service_admin_vtbl)
    {
        FIXME("copying into another MAPI implementation's profile is not supported.\n");
        IMsgServiceAdmin_Release(dest_admin);
        return MAPI_E_NO_SUPPORT;
    }
    target = impl_from_IMsgServiceAdmin(dest_admin);

    if (SUCCEEDED(hr = service_lookup(admin->profile, uid)))
        hr = service_copy(admin->profile, uid, target->profile, &error);
    IMsgServiceAdmin_Release(dest_admin);
    return last_error_keep(&admin->error, &admin->cs, &error, hr);
}

static HRESULT WINAPI service_admin_RenameMsgService(IMsgServiceAdmin *iface, MAPIUID *uid, ULONG flags,
        LPSTR display_name)
{
    TRACE("%p, %p, %#lx, %p.\n", iface, uid, flags, display_name);

    /* Documented as never supported: clients change PR_DISPLAY_NAME in the
     * service section instead. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI service_admin_ConfigureMsgService(IMsgServiceAdmin *iface, MAPIUID *uid, ULONG_PTR ui,
        ULONG flags, ULONG count, SPropValue *props)
{
    static const ULONG valid_flags = MAPI_UNICODE | MSG_SERVICE_UI_READ_ONLY | SERVICE_UI_ALLOWED
            | SERVICE_UI_ALWAYS | SERVICE_LOGON_FAILED | SERVICE_NO_RESTART_WARNING;
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
    struct last_error error = {0};
    BOOL reached;
    HRESULT hr;

    TRACE("%p, %p, %#Ix, %#lx, %lu, %p.\n", iface, uid, ui, flags, count, props);

    if (!uid || (count && !props)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~valid_flags) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = service_lookup(admin->profile, uid))) return hr;
    /* As documented: configuring is the service's own job, and a service
     * without an entry point cannot be configured. */
    if (!service_has_entry(admin->profile, uid)) return MAPI_E_NOT_INITIALIZED;
    hr = service_entry_call(admin->profile, uid, ui, flags, MSG_SERVICE_CONFIGURE, count, props, &error, &reached);
    return last_error_keep(&admin->error, &admin->cs, &error, hr);
}

static HRESULT WINAPI service_admin_OpenProfileSection(IMsgServiceAdmin *iface, MAPIUID *uid, const IID *iid,
        ULONG flags, IProfSect **section)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);

    TRACE("%p, %p, %s, %#lx, %p.\n", iface, uid, debugstr_guid(iid), flags, section);

    return admin_section_open(admin->profile, uid, iid, flags, FALSE, section);
}

static HRESULT WINAPI service_admin_MsgServiceTransportOrder(IMsgServiceAdmin *iface, ULONG count, MAPIUID *uids,
        ULONG flags)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
    struct profile_provider *transports;
    ULONG total, i, j;
    HRESULT hr = S_OK;

    TRACE("%p, %lu, %p, %#lx.\n", iface, count, uids, flags);

    if (count && !uids) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = profile_providers(admin->profile, MAPI_TRANSPORT_PROVIDER, &total, &transports))) return hr;

    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        for (j = 0; j < total; j++)
            if (IsEqualMAPIUID(&transports[j].uid, &uids[i])) break;
        if (j == total) hr = MAPI_E_NOT_FOUND;
        for (j = 0; j < i && SUCCEEDED(hr); j++)
            if (IsEqualMAPIUID(&uids[j], &uids[i])) hr = MAPI_E_INVALID_PARAMETER;
    }
    if (SUCCEEDED(hr) && count != total) hr = MAPI_E_BUSY;
    mapi_heap_free(transports);
    if (FAILED(hr)) return hr;
    return profile_transport_order(admin->profile, count, uids);
}

static HRESULT WINAPI service_admin_AdminProviders(IMsgServiceAdmin *iface, MAPIUID *uid, ULONG flags,
        IProviderAdmin **out)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
    IProviderAdmin *provider_admin;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p.\n", iface, uid, flags, out);

    if (!uid || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = service_lookup(admin->profile, uid))) return hr;
    if (FAILED(hr = provider_admin_create(admin->profile, uid, FALSE, &provider_admin))) return hr;
    *out = provider_admin;
    return S_OK;
}

/* The documentation also has the other services marked
 * SERVICE_NO_PRIMARY_IDENTITY; that would keep them from ever being chosen
 * again, so only the primary marks are moved. */
static HRESULT WINAPI service_admin_SetPrimaryIdentity(IMsgServiceAdmin *iface, MAPIUID *uid, ULONG flags)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);
    struct profile_provider *providers;
    ULONG count, i, old, new;
    MAPIUID *uids;
    HRESULT hr;

    TRACE("%p, %p, %#lx.\n", iface, uid, flags);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (uid)
    {
        if (FAILED(hr = service_lookup(admin->profile, uid))) return hr;
        if (section_flags(admin->profile, uid) & SERVICE_NO_PRIMARY_IDENTITY) return MAPI_E_NO_ACCESS;
    }

    if (FAILED(hr = profile_services(admin->profile, &count, &uids))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        old = section_flags(admin->profile, &uids[i]);
        if (uid && IsEqualMAPIUID(&uids[i], uid)) new = old | SERVICE_PRIMARY_IDENTITY;
        else new = old & ~SERVICE_PRIMARY_IDENTITY;
        if (new != old) hr = section_set_flags(admin->profile, &uids[i], new);
    }
    MAPIFreeBuffer(uids);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = service_providers(admin->profile, NULL, &count, &providers))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        old = providers[i].resource_flags;
        if (uid && IsEqualMAPIUID(&providers[i].service_uid, uid) && !(old & STATUS_NO_PRIMARY_IDENTITY))
            new = old | STATUS_PRIMARY_IDENTITY;
        else new = old & ~STATUS_PRIMARY_IDENTITY;
        if (new != old) hr = section_set_flags(admin->profile, &providers[i].uid, new);
    }
    mapi_heap_free(providers);
    return hr;
}

static HRESULT WINAPI service_admin_GetProviderTable(IMsgServiceAdmin *iface, ULONG flags, IMAPITable **table)
{
    struct service_admin *admin = impl_from_IMsgServiceAdmin(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return provider_table(admin->profile, NULL, flags, table);
}

static const IMsgServiceAdminVtbl service_admin_vtbl =
{
    service_admin_QueryInterface,
    service_admin_AddRef,
    service_admin_Release,
    service_admin_GetLastError,
    service_admin_GetMsgServiceTable,
    service_admin_CreateMsgService,
    service_admin_DeleteMsgService,
    service_admin_CopyMsgService,
    service_admin_RenameMsgService,
    service_admin_ConfigureMsgService,
    service_admin_OpenProfileSection,
    service_admin_MsgServiceTransportOrder,
    service_admin_AdminProviders,
    service_admin_SetPrimaryIdentity,
    service_admin_GetProviderTable,
};

HRESULT msgservice_admin_create(struct profile *profile, IMsgServiceAdmin **out)
{
    struct service_admin *admin;

    TRACE("%p, %p.\n", profile, out);

    if (!profile || !out) return MAPI_E_INVALID_PARAMETER;
    if (!(admin = mapi_heap_alloc(sizeof(*admin)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(admin, 0, sizeof(*admin));
    admin->IMsgServiceAdmin_iface.lpVtbl = &service_admin_vtbl;
    admin->refcount = 1;
    profile_addref(profile);
    admin->profile = profile;
    InitializeCriticalSection(&admin->cs);
    *out = &admin->IMsgServiceAdmin_iface;
    return S_OK;
}
