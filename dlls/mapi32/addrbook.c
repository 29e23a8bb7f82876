/*
 * mapi32: the address-book providers of a session, IAddrBook and one-off entries
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "addrbook.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static void ab_set_release(struct ab_set *set)
{
    if (InterlockedDecrement(&set->refcount)) return;
    mapi_heap_free(set->logons);
    mapi_heap_free(set);
}

void ab_logon_release_object(struct ab_logon *entry, IUnknown *object)
{
    BOOL faulted;

    if (!object) return;
    PROVIDER_CALL(entry ? entry->dll : NULL, faulted, IUnknown_Release(object));
    if (faulted) WARN("the provider faulted releasing %p.\n", object);
}

/* ------------------------------------------------------------------------
 * Logon and logoff of the providers
 */

static HRESULT ab_provider_logon_call(struct provider_dll *dll, IABProvider *object, IMAPISupport *support,
        ULONG_PTR ui, const char *profile, IABLogon **logon)
{
    MAPIERROR *error = NULL;
    ULONG security_size = 0;
    BYTE *security = NULL;
    BOOL faulted;
    HRESULT hr;

    *logon = NULL;
    PROVIDER_CALL(dll, faulted, hr = IABProvider_Logon(object, support, ui, (char *)profile, AB_NO_DIALOG,
            &security_size, &security, &error, logon));
    if (faulted)
    {
        *logon = NULL;
        return MAPI_E_CALL_FAILED;
    }
    if (error)
    {
        WARN("provider error %#lx: %s.\n", error->ulLowLevelError, debugstr_a((char *)error->lpszError));
        MAPIFreeBuffer(error);
    }
    if (SUCCEEDED(hr) && !*logon) hr = MAPI_E_CALL_FAILED;
    return hr;
}

/* Logs on one provider; a failure leaves the set as it was. */
static HRESULT ab_provider_logon(struct ab_set *set, ULONG_PTR ui, const struct profile_provider *info)
{
    struct mapi_host *host = set->host;
    struct support_params params;
    struct ab_logon *entry;
    struct provider *provider;
    struct provider_dll *dll;
    IMAPISupport *support;
    IABProvider *object;
    IABLogon *logon;
    HRESULT hr;

    if (FAILED(hr = provider_get(host->providers, info->dll_name, PROVIDER_AB, &provider))) return hr;

    memset(&params, 0, sizeof(params));
    params.kind = SUPPORT_AB;
    params.host = host;
    params.provider = provider;
    params.provider_uid = info->uid;
    params.service_uid = info->service_uid;
    params.info = info;
    if (FAILED(hr = support_create(&params, &support))) return hr;

    object = (IABProvider *)provider_object(provider);
    dll = provider_get_dll(provider);
    if (dll) provider_dll_addref(dll);

    hr = ab_provider_logon_call(dll, object, support, ui, profile_name(host->profile), &logon);
    if (hr == MAPI_E_UNCONFIGURED)
    {
        /* No dialog may be shown: the service configures itself from the profile. */
        TRACE("%s is unconfigured, calling its service entry.\n", debugstr_a(info->dll_name));
        if (SUCCEEDED(msgservice_call_entry(host->profile, &info->service_uid, ui, 0, MSG_SERVICE_CONFIGURE, 0, NULL)))
            hr = ab_provider_logon_call(dll, object, support, ui, profile_name(host->profile), &logon);
    }
    if (FAILED(hr))
    {
        IMAPISupport_Release(support);
        if (dll) provider_dll_release(dll);
        return hr;
    }

    support_set_logon(support, (IUnknown *)logon);
    entry = &set->logons[set->count++];
    entry->dll = dll;
    entry->support = support;
    entry->logon = logon;
    return S_OK;
}

/***********************************************************************
 *              ab_set_logon
 *
 * Logs on every address-book provider of the session's profile, in profile
 * order.  Providers never get a dialog (AB_NO_DIALOG) and strings are ANSI.
 * A provider that fails is left out; one that fails with anything but
 * MAPI_E_FAILONEPROVIDER or MAPI_E_UNCONFIGURED disables the rest of its
 * message service for the session, as the reference describes.
 */
HRESULT ab_set_logon(struct mapi_host *host, ULONG_PTR ui, ULONG flags, struct ab_set **out)
{
    struct profile_provider *infos = NULL;
    MAPIUID *disabled = NULL;
    ULONG count = 0, disabled_count = 0, i, j;
    struct ab_set *set;
    HRESULT hr;

    TRACE("%p, %#Ix, %#lx, %p.\n", host, ui, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!host || !host->profile || !host->providers) return MAPI_E_INVALID_PARAMETER;

    hr = profile_providers(host->profile, MAPI_AB_PROVIDER, &count, &infos);
    if (hr == MAPI_E_NOT_FOUND)
    {
        count = 0;
        infos = NULL;
    }
    else if (FAILED(hr)) return hr;

    if (!(set = mapi_heap_alloc(sizeof(*set)))) goto oom;
    memset(set, 0, sizeof(*set));
    set->refcount = 1;
    set->host = host;
    if (count && !(set->logons = mapi_heap_alloc(count * sizeof(*set->logons)))) goto oom;
    if (count && !(disabled = mapi_heap_alloc(count * sizeof(*disabled)))) goto oom;

    for (i = 0; i < count; i++)
    {
        for (j = 0; j < disabled_count; j++)
            if (!memcmp(&disabled[j], &infos[i].service_uid, sizeof(MAPIUID))) break;
        if (j < disabled_count)
        {
            WARN("%s: its service is disabled for this session.\n", debugstr_a(infos[i].dll_name));
            continue;
        }
        hr = ab_provider_logon(set, ui, &infos[i]);
        if (SUCCEEDED(hr)) continue;
        WARN("address book %s (%s) did not log on: %#lx.\n", debugstr_a(infos[i].display_name),
                debugstr_a(infos[i].dll_name), hr);
        if (hr != MAPI_E_FAILONEPROVIDER && hr != MAPI_E_UNCONFIGURED)
            disabled[disabled_count++] = infos[i].service_uid;
    }

    mapi_heap_free(disabled);
    mapi_heap_free(infos);
    TRACE("%lu of %lu address books logged on.\n", set->count, count);
    *out = set;
    return S_OK;

oom:
    if (set) ab_set_release(set);
    mapi_heap_free(disabled);
    mapi_heap_free(infos);
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

/***********************************************************************
 *              ab_set_logoff
 *
 * IABLogon::Logoff for each provider (through its support object), then
 * the set's references go.  Address books still open see an ended session.
 */
void ab_set_logoff(struct ab_set *set)
{
    ULONG i;

    TRACE("%p.\n", set);

    if (!set) return;
    for (i = 0; i < set->count; i++)
    {
        struct ab_logon *entry = &set->logons[i];
        HRESULT hr;

        if (FAILED(hr = support_logoff(entry->support, 0)))
            WARN("logoff of %p failed: %#lx.\n", entry->logon, hr);
        ab_logon_release_object(entry, (IUnknown *)entry->logon);
        IMAPISupport_Release(entry->support);
        if (entry->dll) provider_dll_release(entry->dll);
    }
    set->count = 0;
    set->host = NULL;
    ab_set_release(set);
}

/* The logon that registered the provider UID of eid; NULL when none of the
 * set's logons did. */
struct ab_logon *ab_set_find_logon(struct ab_set *set, ULONG cb, const ENTRYID *eid)
{
    enum provider_kind kind;
    const MAPIUID *uid;
    IUnknown *logon;
    void *owner;
    ULONG i;

    if (!set->host || !(uid = entryid_provider_uid(cb, eid))) return NULL;
    if (FAILED(provider_uid_find(set->host->providers, uid, &kind, &logon, &owner))) return NULL;
    for (i = 0; i < set->count; i++)
    {
        struct ab_logon *entry = &set->logons[i];

        if (owner == (void *)entry->support || logon == (IUnknown *)entry->logon) break;
    }
    ab_logon_release_object(i < set->count ? &set->logons[i] : NULL, logon);
    if (kind != PROVIDER_AB || i == set->count) return NULL;
    return &set->logons[i];
}

/* ------------------------------------------------------------------------
 * Strings and property arrays
 */

/* A string property of id, PT_UNICODE or PT_STRING8, chained to parent. */
SCODE ab_prop_set_string(SPropValue *prop, ULONG id, const WCHAR *str, BOOL unicode, void *parent)
{
    SCODE sc;
    int len;

    if (!str) str = L"";
    prop->dwAlignPad = 0;
    if (unicode)
    {
        prop->ulPropTag = PROP_TAG(PT_UNICODE, id);
        len = (lstrlenW(str) + 1) * sizeof(WCHAR);
        if (FAILED(sc = MAPIAllocateMore(len, parent, (void **)&prop->Value.lpszW))) return sc;
        memcpy(prop->Value.lpszW, str, len);
        return S_OK;
    }
    prop->ulPropTag = PROP_TAG(PT_STRING8, id);
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if (FAILED(sc = MAPIAllocateMore(len, parent, (void **)&prop->Value.lpszA))) return sc;
    WideCharToMultiByte(CP_ACP, 0, str, -1, prop->Value.lpszA, len, NULL, NULL);
    return S_OK;
}

SCODE ab_prop_set_binary(SPropValue *prop, ULONG tag, ULONG cb, const void *data, void *parent)
{
    SCODE sc;

    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.bin.cb = cb;
    prop->Value.bin.lpb = NULL;
    if (!cb) return S_OK;
    if (FAILED(sc = MAPIAllocateMore(cb, parent, (void **)&prop->Value.bin.lpb))) return sc;
    memcpy(prop->Value.bin.lpb, data, cb);
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The property part of MAPI's own address-book objects
 */

/* The address book, the root container and one-off mail users all begin
 * with IMAPIProp and keep their properties in a read-only IPropData; these
 * are their IUnknown and IMAPIProp methods.  The object is freed by its
 * destroy callback when the last reference goes. */
struct ab_object
{
    IMAPIProp IMAPIProp_iface;
    LONG refcount;
    IPropData *props;
    const IID *iid;             /* the object's own interface */
    const IID *base_iid;        /* IMAPIContainer for a container, else NULL */
    void (*destroy)(struct ab_object *object);
};

static inline struct ab_object *impl_from_IMAPIProp(IMAPIProp *iface)
{
    return CONTAINING_RECORD(iface, struct ab_object, IMAPIProp_iface);
}

static HRESULT WINAPI ab_object_QueryInterface(IMAPIProp *iface, REFIID riid, void **out)
{
    struct ab_object *object = impl_from_IMAPIProp(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, object->iid)
            || (object->base_iid && IsEqualIID(riid, object->base_iid)))
    {
        *out = iface;
        IMAPIProp_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI ab_object_AddRef(IMAPIProp *iface)
{
    struct ab_object *object = impl_from_IMAPIProp(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI ab_object_Release(IMAPIProp *iface)
{
    struct ab_object *object = impl_from_IMAPIProp(iface);
    ULONG refcount = InterlockedDecrement(&object->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);
    if (!refcount)
    {
        IPropData_Release(object->props);
        object->destroy(object);
    }
    return refcount;
}

static HRESULT WINAPI ab_object_GetLastError(IMAPIProp *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, hr, flags, error);
    return IPropData_GetLastError(impl_from_IMAPIProp(iface)->props, hr, flags, error);
}

static HRESULT WINAPI ab_object_SaveChanges(IMAPIProp *iface, ULONG flags)
{
    TRACE("%p, %#lx.\n", iface, flags);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI ab_object_GetProps(IMAPIProp *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **props)
{
    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, props);
    return IPropData_GetProps(impl_from_IMAPIProp(iface)->props, tags, flags, count, props);
}

static HRESULT WINAPI ab_object_GetPropList(IMAPIProp *iface, ULONG flags, SPropTagArray **tags)
{
    TRACE("%p, %#lx, %p.\n", iface, flags, tags);
    return IPropData_GetPropList(impl_from_IMAPIProp(iface)->props, flags, tags);
}

static HRESULT WINAPI ab_object_OpenProperty(IMAPIProp *iface, ULONG tag, const IID *iid, ULONG options,
        ULONG flags, IUnknown **out)
{
    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);
    return IPropData_OpenProperty(impl_from_IMAPIProp(iface)->props, tag, iid, options, flags, out);
}

static HRESULT WINAPI ab_object_SetProps(IMAPIProp *iface, ULONG count, SPropValue *props,
        SPropProblemArray **problems)
{
    TRACE("%p, %lu, %p, %p.\n", iface, count, props, problems);
    return IPropData_SetProps(impl_from_IMAPIProp(iface)->props, count, props, problems);
}

static HRESULT WINAPI ab_object_DeleteProps(IMAPIProp *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("%p, %p, %p.\n", iface, tags, problems);
    return IPropData_DeleteProps(impl_from_IMAPIProp(iface)->props, tags, problems);
}

static HRESULT WINAPI ab_object_CopyTo(IMAPIProp *iface, ULONG count, const IID *excluded, SPropTagArray *exclude,
        ULONG_PTR ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
        SPropProblemArray **problems)
{
    TRACE("%p, %lu, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, count, excluded, exclude, ui, progress,
            debugstr_guid(iid), dest, flags, problems);
    return IPropData_CopyTo(impl_from_IMAPIProp(iface)->props, count, excluded, exclude, ui, progress, iid, dest,
            flags, problems);
}

static HRESULT WINAPI ab_object_CopyProps(IMAPIProp *iface, SPropTagArray *tags, ULONG_PTR ui,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    TRACE("%p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, tags, ui, progress, debugstr_guid(iid), dest, flags,
            problems);
    return IPropData_CopyProps(impl_from_IMAPIProp(iface)->props, tags, ui, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI ab_object_GetNamesFromIDs(IMAPIProp *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI ab_object_GetIDsFromNames(IMAPIProp *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

/* The first fourteen slots of IAddrBook's, IABContainer's and IMailUser's vtables. */
#define AB_SLOT(vtbl, slot) ((__typeof__(((vtbl *)0)->slot))(ab_object_##slot))
#define AB_OBJECT_METHODS(vtbl) \
    AB_SLOT(vtbl, QueryInterface), AB_SLOT(vtbl, AddRef), AB_SLOT(vtbl, Release), \
    AB_SLOT(vtbl, GetLastError), AB_SLOT(vtbl, SaveChanges), AB_SLOT(vtbl, GetProps), \
    AB_SLOT(vtbl, GetPropList), AB_SLOT(vtbl, OpenProperty), AB_SLOT(vtbl, SetProps), \
    AB_SLOT(vtbl, DeleteProps), AB_SLOT(vtbl, CopyTo), AB_SLOT(vtbl, CopyProps), \
    AB_SLOT(vtbl, GetNamesFromIDs), AB_SLOT(vtbl, GetIDsFromNames)

/* Fills the property part of a new object with count properties, made
 * read-only. */
static HRESULT ab_object_init(struct ab_object *object, const void *vtbl, const IID *iid, const IID *base_iid,
        void (*destroy)(struct ab_object *object), ULONG count, SPropValue *props)
{
    IPropData *data;
    HRESULT hr;

    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
            NULL, &data)))
        return hr;
    if ((count && FAILED(hr = IPropData_SetProps(data, count, props, NULL)))
            || FAILED(hr = IPropData_HrSetObjAccess(data, IPROP_READONLY)))
    {
        IPropData_Release(data);
        return hr;
    }
    object->IMAPIProp_iface.lpVtbl = vtbl;
    object->refcount = 1;
    object->props = data;
    object->iid = iid;
    object->base_iid = base_iid;
    object->destroy = destroy;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * One-off entries
 */

/* PR_SEARCH_KEY of a one-off: "ADRTYPE:ADDRESS" upper-cased, NUL-terminated,
 * in 8-bit characters whatever the entry ID's character set, so that the
 * ANSI and the Unicode one-off of one address have the same key. */
static HRESULT oneoff_search_key(const struct oneoff_entry *entry, SPropValue *prop, void *parent)
{
    const WCHAR *type = entry->adrtype ? entry->adrtype : L"", *address = entry->address ? entry->address : L"";
    WCHAR *key;
    HRESULT hr;
    int len;

    if (!(key = mapi_heap_alloc((lstrlenW(type) + lstrlenW(address) + 2) * sizeof(WCHAR))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    lstrcpyW(key, type);
    lstrcatW(key, L":");
    lstrcatW(key, address);
    CharUpperW(key);

    prop->ulPropTag = PR_SEARCH_KEY;
    prop->dwAlignPad = 0;
    len = WideCharToMultiByte(CP_ACP, 0, key, -1, NULL, 0, NULL, NULL);
    prop->Value.bin.cb = len;
    hr = MAPIAllocateMore(len, parent, (void **)&prop->Value.bin.lpb);
    if (SUCCEEDED(hr)) WideCharToMultiByte(CP_ACP, 0, key, -1, (char *)prop->Value.bin.lpb, len, NULL, NULL);
    mapi_heap_free(key);
    return hr;
}

/* PR_SEND_RICH_INFO: FALSE when the entry says so, and for Internet addresses. */
static BOOL oneoff_sends_rich_info(const struct oneoff_entry *entry)
{
    if (entry->flags & MAPI_SEND_NO_RICH_INFO) return FALSE;
    return !entry->adrtype || lstrcmpiW(entry->adrtype, L"SMTP");
}

/* The properties of a one-off entry, one MAPIAllocateBuffer block: those a
 * resolved recipient gets, or those its IMailUser has. */
HRESULT oneoff_props(ULONG cb, const ENTRYID *eid, BOOL unicode, enum oneoff_props which, ULONG *count,
        SPropValue **out)
{
    struct oneoff_entry *entry;
    SPropValue *props;
    HRESULT hr;
    ULONG n = 0;

    if (FAILED(hr = oneoff_parse(cb, eid, &entry))) return hr;
    if (FAILED(hr = MAPIAllocateBuffer(11 * sizeof(*props), (void **)&props)))
    {
        MAPIFreeBuffer(entry);
        return hr;
    }

    hr = ab_prop_set_binary(&props[n++], PR_ENTRYID, cb, eid, props);
    if (SUCCEEDED(hr)) hr = ab_prop_set_string(&props[n++], PROP_ID(PR_DISPLAY_NAME), entry->name, unicode, props);
    if (SUCCEEDED(hr)) hr = ab_prop_set_string(&props[n++], PROP_ID(PR_ADDRTYPE), entry->adrtype, unicode, props);
    if (SUCCEEDED(hr)) hr = ab_prop_set_string(&props[n++], PROP_ID(PR_EMAIL_ADDRESS), entry->address, unicode, props);
    if (SUCCEEDED(hr)) hr = oneoff_search_key(entry, &props[n++], props);
    if (SUCCEEDED(hr))
    {
        props[n].ulPropTag = PR_OBJECT_TYPE;
        props[n++].Value.l = MAPI_MAILUSER;
        props[n].ulPropTag = PR_DISPLAY_TYPE;
        props[n++].Value.l = DT_MAILUSER;
    }
    if (SUCCEEDED(hr) && which == ONEOFF_MAILUSER)
    {
        hr = ab_prop_set_binary(&props[n++], PR_RECORD_KEY, cb, eid, props);
        if (SUCCEEDED(hr))
            hr = ab_prop_set_string(&props[n++], PROP_ID(PR_TRANSMITABLE_DISPLAY_NAME), entry->name, unicode, props);
        props[n].ulPropTag = PR_SEND_RICH_INFO;
        props[n++].Value.b = oneoff_sends_rich_info(entry);
    }
    MAPIFreeBuffer(entry);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(props);
        return hr;
    }
    *count = n;
    *out = props;
    return S_OK;
}

/* The IMailUser of a one-off entry is a plain property object: IMailUser
 * adds nothing to IMAPIProp. */
static const IMailUserVtbl oneoff_user_vtbl =
{
    AB_OBJECT_METHODS(IMailUserVtbl),
};

static void oneoff_user_destroy(struct ab_object *object)
{
    mapi_heap_free(object);
}

static HRESULT oneoff_user_create(ULONG cb, const ENTRYID *eid, const IID *iid, ULONG *type, IUnknown **out)
{
    struct ab_object *user;
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    if (iid && !IsEqualIID(iid, &IID_IUnknown) && !IsEqualIID(iid, &IID_IMAPIProp)
            && !IsEqualIID(iid, &IID_IMailUser))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(user = mapi_heap_alloc(sizeof(*user)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    /* Stored as Unicode: GetProps gives ANSI or Unicode as asked. */
    if (SUCCEEDED(hr = oneoff_props(cb, eid, TRUE, ONEOFF_MAILUSER, &count, &props)))
    {
        hr = ab_object_init(user, &oneoff_user_vtbl, &IID_IMailUser, NULL, oneoff_user_destroy, count, props);
        MAPIFreeBuffer(props);
    }
    if (FAILED(hr))
    {
        mapi_heap_free(user);
        return hr;
    }
    *type = MAPI_MAILUSER;
    *out = (IUnknown *)&user->IMAPIProp_iface;
    return S_OK;
}

/* Identity of one-offs: the address type and the address, both compared
 * without regard to case; the display name and the flags do not count. */
static HRESULT oneoff_compare(ULONG cb1, const ENTRYID *eid1, ULONG cb2, const ENTRYID *eid2, ULONG *result)
{
    struct oneoff_entry *one, *two;
    HRESULT hr;

    if (FAILED(hr = oneoff_parse(cb1, eid1, &one))) return hr;
    if (FAILED(hr = oneoff_parse(cb2, eid2, &two)))
    {
        MAPIFreeBuffer(one);
        return hr;
    }
    *result = !lstrcmpiW(one->adrtype ? one->adrtype : L"", two->adrtype ? two->adrtype : L"")
            && !lstrcmpiW(one->address ? one->address : L"", two->address ? two->address : L"");
    MAPIFreeBuffer(two);
    MAPIFreeBuffer(one);
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The containers of the providers
 */

/* The rows of the hierarchy tables of every provider's root container, in
 * provider order.  A provider that fails is left out. */
HRESULT ab_set_containers(struct ab_set *set, ULONG flags, SRowSet **out)
{
    SRowSet *rows, *part, *grown;
    ULONG i, j;

    if (FAILED(MAPIAllocateBuffer(CbNewSRowSet(0), (void **)&rows))) return MAPI_E_NOT_ENOUGH_MEMORY;
    rows->cRows = 0;
    for (i = 0; i < set->count; i++)
    {
        struct ab_logon *entry = &set->logons[i];
        IMAPITable *table = NULL;
        IABContainer *root = NULL;
        ULONG type = 0;
        BOOL faulted;
        HRESULT hr;

        part = NULL;
        PROVIDER_CALL(entry->dll, faulted, hr = IABLogon_OpenEntry(entry->logon, 0, NULL, NULL, 0, &type,
                (IUnknown **)&root));
        if (faulted || FAILED(hr) || !root)
        {
            WARN("provider %p has no root container: %#lx.\n", entry->logon, faulted ? MAPI_E_CALL_FAILED : hr);
            continue;
        }
        PROVIDER_CALL(entry->dll, faulted, hr = IABContainer_GetHierarchyTable(root, flags, &table);
                if (SUCCEEDED(hr)) hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &part));
        if (faulted)
        {
            /* What the call left behind cannot be trusted: leak it. */
            table = NULL;
            part = NULL;
            hr = MAPI_E_CALL_FAILED;
        }
        ab_logon_release_object(entry, (IUnknown *)table);
        ab_logon_release_object(entry, (IUnknown *)root);
        if (FAILED(hr) || !part)
        {
            WARN("provider %p: no hierarchy: %#lx.\n", entry->logon, hr);
            continue;
        }
        if (FAILED(MAPIAllocateBuffer(CbNewSRowSet(rows->cRows + part->cRows), (void **)&grown)))
        {
            FreeProws(part);
            FreeProws(rows);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        memcpy(grown->aRow, rows->aRow, rows->cRows * sizeof(SRow));
        for (j = 0; j < part->cRows; j++) grown->aRow[rows->cRows + j] = part->aRow[j];
        grown->cRows = rows->cRows + part->cRows;
        MAPIFreeBuffer(part);
        MAPIFreeBuffer(rows);
        rows = grown;
    }
    *out = rows;
    return S_OK;
}

const SPropValue *row_find_prop(const SRow *row, ULONG tag)
{
    return PpropFindProp(row->lpProps, row->cValues, tag);
}

/* ------------------------------------------------------------------------
 * The root container: the providers' top-level containers
 */

/* Made by OpenEntry of an empty entry ID; holds a reference on the set. */
struct ab_root
{
    struct ab_object base;
    struct ab_set *set;
};

static inline struct ab_root *impl_from_IABContainer(IABContainer *iface)
{
    return CONTAINING_RECORD((IMAPIProp *)iface, struct ab_root, base.IMAPIProp_iface);
}

static HRESULT WINAPI ab_root_GetContentsTable(IABContainer *iface, ULONG flags, IMAPITable **table)
{
    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    /* The root holds containers only. */
    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* The hierarchy table: every provider's top-level containers, as a snapshot
 * with PR_ROWID added as its index. */
static HRESULT WINAPI ab_root_GetHierarchyTable(IABContainer *iface, ULONG flags, IMAPITable **out)
{
    struct ab_root *root = impl_from_IABContainer(iface);
    BOOL unicode = !!(flags & MAPI_UNICODE);
    SizedSPropTagArray(7, columns) = {7, {PR_ROWID, PR_ENTRYID,
            unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A, PR_DEPTH, PR_CONTAINER_FLAGS, PR_DISPLAY_TYPE,
            PR_OBJECT_TYPE}};
    ITableData *data = NULL;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %#lx, %p.\n", iface, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(CONVENIENT_DEPTH | MAPI_DEFERRED_ERRORS | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (!root->set->host) return MAPI_E_END_OF_SESSION;

    if (FAILED(hr = ab_set_containers(root->set, flags & (CONVENIENT_DEPTH | MAPI_UNICODE), &rows))) return hr;
    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_SNAPSHOT, PR_ROWID, (SPropTagArray *)&columns, &data);
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        SRow *row = &rows->aRow[i];
        SPropValue *props;
        SRow added;
        ULONG j, n = 0;

        if (FAILED(hr = MAPIAllocateBuffer((row->cValues + 1) * sizeof(*props), (void **)&props))) break;
        props[n].ulPropTag = PR_ROWID;
        props[n].dwAlignPad = 0;
        props[n++].Value.l = i;
        for (j = 0; j < row->cValues; j++)
            if (PROP_ID(row->lpProps[j].ulPropTag) != PROP_ID(PR_ROWID)) props[n++] = row->lpProps[j];
        added.ulAdrEntryPad = 0;
        added.cValues = n;
        added.lpProps = props;
        hr = ITableData_HrModifyRow(data, &added);
        MAPIFreeBuffer(props);
    }
    FreeProws(rows);
    if (FAILED(hr))
    {
        if (data) ITableData_Release(data);
        return hr;
    }
    hr = ITableData_HrGetView(data, NULL, NULL, 0, out);
    ITableData_Release(data);
    return hr;
}

static HRESULT WINAPI ab_root_OpenEntry(IABContainer *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", iface, cb, eid, debugstr_guid(iid), flags, type, out);
    return ab_set_open_entry(impl_from_IABContainer(iface)->set, cb, eid, iid, flags, type, out);
}

static HRESULT WINAPI ab_root_SetSearchCriteria(IABContainer *iface, SRestriction *res, ENTRYLIST *containers,
        ULONG flags)
{
    TRACE("%p, %p, %p, %#lx.\n", iface, res, containers, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI ab_root_GetSearchCriteria(IABContainer *iface, ULONG flags, SRestriction **res,
        ENTRYLIST **containers, ULONG *state)
{
    TRACE("%p, %#lx, %p, %p, %p.\n", iface, flags, res, containers, state);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI ab_root_CreateEntry(IABContainer *iface, ULONG cb, ENTRYID *eid, ULONG flags,
        IMAPIProp **entry)
{
    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, cb, eid, flags, entry);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI ab_root_CopyEntries(IABContainer *iface, ENTRYLIST *entries, ULONG_PTR ui,
        IMAPIProgress *progress, ULONG flags)
{
    TRACE("%p, %p, %#Ix, %p, %#lx.\n", iface, entries, ui, progress, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI ab_root_DeleteEntries(IABContainer *iface, ENTRYLIST *entries, ULONG flags)
{
    TRACE("%p, %p, %#lx.\n", iface, entries, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI ab_root_ResolveNames(IABContainer *iface, SPropTagArray *tags, ULONG flags, ADRLIST *list,
        FlagList *resolved)
{
    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, list, resolved);

    /* The root has no entries of its own: IAddrBook::ResolveName searches. */
    return MAPI_E_NO_SUPPORT;
}

static const IABContainerVtbl ab_root_vtbl =
{
    AB_OBJECT_METHODS(IABContainerVtbl),
    ab_root_GetContentsTable,
    ab_root_GetHierarchyTable,
    ab_root_OpenEntry,
    ab_root_SetSearchCriteria,
    ab_root_GetSearchCriteria,
    ab_root_CreateEntry,
    ab_root_CopyEntries,
    ab_root_DeleteEntries,
    ab_root_ResolveNames,
};

static void ab_root_destroy(struct ab_object *object)
{
    struct ab_root *root = CONTAINING_RECORD(object, struct ab_root, base);

    ab_set_release(root->set);
    mapi_heap_free(root);
}

static HRESULT ab_root_create(struct ab_set *set, const IID *iid, ULONG *type, IUnknown **out)
{
    SPropValue props[3];
    struct ab_root *root;
    HRESULT hr;

    if (iid && !IsEqualIID(iid, &IID_IUnknown) && !IsEqualIID(iid, &IID_IMAPIProp)
            && !IsEqualIID(iid, &IID_IMAPIContainer) && !IsEqualIID(iid, &IID_IABContainer))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;

    props[0].ulPropTag = PR_OBJECT_TYPE;
    props[0].Value.l = MAPI_ABCONT;
    props[1].ulPropTag = PR_CONTAINER_FLAGS;
    props[1].Value.l = AB_SUBCONTAINERS | AB_UNMODIFIABLE;
    props[2].ulPropTag = PR_DISPLAY_TYPE;
    props[2].Value.l = DT_NOT_SPECIFIC;
    if (!(root = mapi_heap_alloc(sizeof(*root)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = ab_object_init(&root->base, &ab_root_vtbl, &IID_IABContainer, &IID_IMAPIContainer,
            ab_root_destroy, ARRAY_SIZE(props), props)))
    {
        mapi_heap_free(root);
        return hr;
    }
    root->set = set;
    InterlockedIncrement(&set->refcount);
    *type = MAPI_ABCONT;
    *out = (IUnknown *)&root->base.IMAPIProp_iface;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * Entry IDs for the session and the address book
 */

HRESULT ab_set_open_with_owner(struct ab_set *set, ULONG cb, const ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out, struct ab_logon **owner)
{
    struct ab_logon *entry;
    BOOL faulted;
    HRESULT hr;

    *owner = NULL;
    if (!cb || !eid)
    {
        if (cb) return MAPI_E_INVALID_PARAMETER;
        if (!set->host) return MAPI_E_END_OF_SESSION;
        return ab_root_create(set, iid, type, out);
    }
    if (entryid_is_oneoff(cb, eid)) return oneoff_user_create(cb, eid, iid, type, out);
    if (!set->host) return MAPI_E_END_OF_SESSION;
    if (!(entry = ab_set_find_logon(set, cb, eid))) return MAPI_E_UNKNOWN_ENTRYID;

    PROVIDER_CALL(entry->dll, faulted, hr = IABLogon_OpenEntry(entry->logon, cb, (ENTRYID *)eid, iid, flags,
            type, out));
    if (faulted)
    {
        *out = NULL;
        return MAPI_E_CALL_FAILED;
    }
    if (SUCCEEDED(hr) && !*out) hr = MAPI_E_CALL_FAILED;
    if (SUCCEEDED(hr)) *owner = entry;
    return hr;
}

/***********************************************************************
 *              ab_set_open_entry
 *
 * Opens an address-book entry: an empty entry ID is the root container,
 * a one-off entry ID a read-only IMailUser, anything else goes to the
 * provider that registered its UID.
 */
HRESULT ab_set_open_entry(struct ab_set *set, ULONG cb, const ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct ab_logon *owner;
    ULONG dummy;

    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", set, cb, eid, debugstr_guid(iid), flags, type, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!set) return MAPI_E_INVALID_PARAMETER;
    return ab_set_open_with_owner(set, cb, eid, iid, flags, type ? type : &dummy, out, &owner);
}

/***********************************************************************
 *              ab_set_compare_entry_ids
 */
HRESULT ab_set_compare_entry_ids(struct ab_set *set, ULONG cb1, const ENTRYID *eid1, ULONG cb2,
        const ENTRYID *eid2, ULONG flags, ULONG *result)
{
    struct ab_logon *one, *two;
    BOOL oneoff1, oneoff2, faulted;
    HRESULT hr;

    TRACE("%p, %lu, %p, %lu, %p, %#lx, %p.\n", set, cb1, eid1, cb2, eid2, flags, result);

    if (!set || !result || (cb1 && !eid1) || (cb2 && !eid2)) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;

    /* Two empty entry IDs are the root container. */
    if (!cb1 || !cb2)
    {
        *result = !cb1 && !cb2;
        return S_OK;
    }
    oneoff1 = entryid_is_oneoff(cb1, eid1);
    oneoff2 = entryid_is_oneoff(cb2, eid2);
    if (oneoff1 && oneoff2) return oneoff_compare(cb1, eid1, cb2, eid2, result);

    one = oneoff1 ? NULL : ab_set_find_logon(set, cb1, eid1);
    two = oneoff2 ? NULL : ab_set_find_logon(set, cb2, eid2);
    if ((!oneoff1 && !one) || (!oneoff2 && !two)) return MAPI_E_UNKNOWN_ENTRYID;
    if (one != two)
    {
        *result = FALSE;
        return S_OK;
    }
    PROVIDER_CALL(one->dll, faulted, hr = IABLogon_CompareEntryIDs(one->logon, cb1, (ENTRYID *)eid1, cb2,
            (ENTRYID *)eid2, 0, result));
    return faulted ? MAPI_E_CALL_FAILED : hr;
}

/* ------------------------------------------------------------------------
 * IAddrBook
 */

struct ab_advise
{
    ULONG_PTR connection;       /* what the caller got */
    struct ab_logon *owner;
    ULONG provider_connection;
};

/* Made by addrbook_create for IMAPISession::OpenAddressBook; holds a
 * reference on the set.  Its only property is PR_OBJECT_TYPE. */
struct addrbook
{
    struct ab_object base;
    struct ab_set *set;
    CRITICAL_SECTION cs;
    struct ab_advise *advises;
    ULONG advise_count, advise_size;
    ULONG_PTR next_connection;
};

static inline struct addrbook *impl_from_IAddrBook(IAddrBook *iface)
{
    return CONTAINING_RECORD((IMAPIProp *)iface, struct addrbook, base.IMAPIProp_iface);
}

static void addrbook_destroy(struct ab_object *object)
{
    struct addrbook *book = CONTAINING_RECORD(object, struct addrbook, base);
    ULONG i;

    /* Registrations left behind end with the address book. */
    for (i = 0; i < book->advise_count && book->set->host; i++)
    {
        struct ab_advise *advise = &book->advises[i];
        BOOL faulted;

        PROVIDER_CALL(advise->owner->dll, faulted,
                IABLogon_Unadvise(advise->owner->logon, advise->provider_connection));
        if (faulted) WARN("the provider faulted in Unadvise.\n");
    }
    mapi_heap_free(book->advises);
    DeleteCriticalSection(&book->cs);
    ab_set_release(book->set);
    mapi_heap_free(book);
}

static HRESULT WINAPI addrbook_OpenEntry(IAddrBook *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    struct ab_logon *owner;

    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", iface, cb, eid, debugstr_guid(iid), flags, type, out);

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    return ab_set_open_with_owner(book->set, cb, eid, iid, flags, type, out, &owner);
}

static HRESULT WINAPI addrbook_CompareEntryIDs(IAddrBook *iface, ULONG cb1, ENTRYID *eid1, ULONG cb2,
        ENTRYID *eid2, ULONG flags, ULONG *result)
{
    TRACE("%p, %lu, %p, %lu, %p, %#lx, %p.\n", iface, cb1, eid1, cb2, eid2, flags, result);
    return ab_set_compare_entry_ids(impl_from_IAddrBook(iface)->set, cb1, eid1, cb2, eid2, flags, result);
}

static HRESULT WINAPI addrbook_Advise(IAddrBook *iface, ULONG cb, ENTRYID *eid, ULONG mask,
        IMAPIAdviseSink *sink, ULONG_PTR *connection)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    struct ab_logon *owner;
    ULONG provider_connection = 0;
    BOOL faulted;
    HRESULT hr;

    TRACE("%p, %lu, %p, %#lx, %p, %p.\n", iface, cb, eid, mask, sink, connection);

    if (!cb || !eid || !mask || !sink || !connection) return MAPI_E_INVALID_PARAMETER;
    *connection = 0;
    /* One-off entries never change: MAPI has nothing to report on them. */
    if (entryid_is_oneoff(cb, eid)) return MAPI_E_NO_SUPPORT;
    if (!book->set->host) return MAPI_E_END_OF_SESSION;
    if (!(owner = ab_set_find_logon(book->set, cb, eid))) return MAPI_E_UNKNOWN_ENTRYID;

    EnterCriticalSection(&book->cs);
    if (book->advise_count == book->advise_size)
    {
        ULONG size = book->advise_size ? book->advise_size * 2 : 4;
        struct ab_advise *grown = mapi_heap_realloc(book->advises, size * sizeof(*grown));

        if (!grown)
        {
            LeaveCriticalSection(&book->cs);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        book->advises = grown;
        book->advise_size = size;
    }
    PROVIDER_CALL(owner->dll, faulted, hr = IABLogon_Advise(owner->logon, cb, eid, mask, sink,
            &provider_connection));
    if (faulted) hr = MAPI_E_CALL_FAILED;
    if (SUCCEEDED(hr))
    {
        struct ab_advise *advise = &book->advises[book->advise_count++];

        advise->connection = ++book->next_connection;
        advise->owner = owner;
        advise->provider_connection = provider_connection;
        *connection = advise->connection;
    }
    LeaveCriticalSection(&book->cs);
    return hr;
}

static HRESULT WINAPI addrbook_Unadvise(IAddrBook *iface, ULONG_PTR connection)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    struct ab_advise advise;
    BOOL faulted;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %#Ix.\n", iface, connection);

    if (!connection) return MAPI_E_INVALID_PARAMETER;
    EnterCriticalSection(&book->cs);
    for (i = 0; i < book->advise_count; i++)
        if (book->advises[i].connection == connection) break;
    if (i == book->advise_count)
    {
        LeaveCriticalSection(&book->cs);
        return MAPI_E_NOT_FOUND;
    }
    advise = book->advises[i];
    book->advises[i] = book->advises[--book->advise_count];
    LeaveCriticalSection(&book->cs);

    if (!book->set->host) return S_OK;
    PROVIDER_CALL(advise.owner->dll, faulted, hr = IABLogon_Unadvise(advise.owner->logon,
            advise.provider_connection));
    return faulted ? MAPI_E_CALL_FAILED : hr;
}

static HRESULT WINAPI addrbook_CreateOneOff(IAddrBook *iface, char *name, char *adrtype, char *address,
        ULONG flags, ULONG *cb, ENTRYID **eid)
{
    TRACE("%p, %p, %p, %p, %#lx, %p, %p.\n", iface, name, adrtype, address, flags, cb, eid);

    if (flags & MAPI_UNICODE)
        TRACE("%s, %s, %s.\n", debugstr_w((WCHAR *)name), debugstr_w((WCHAR *)adrtype),
                debugstr_w((WCHAR *)address));
    else
        TRACE("%s, %s, %s.\n", debugstr_a(name), debugstr_a(adrtype), debugstr_a(address));

    if (!adrtype || !address || !cb || !eid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO)) return MAPI_E_UNKNOWN_FLAGS;
    return oneoff_create(name, adrtype, address, flags, cb, eid);
}

static HRESULT WINAPI addrbook_NewEntry(IAddrBook *iface, ULONG_PTR ui, ULONG flags, ULONG cb_container,
        ENTRYID *container, ULONG cb_template, ENTRYID *template_eid, ULONG *cb_new, ENTRYID **new_eid)
{
    TRACE("%p, %#Ix, %#lx, %lu, %p, %lu, %p, %p, %p.\n", iface, ui, flags, cb_container, container, cb_template,
            template_eid, cb_new, new_eid);

    if ((cb_container && !container) || (cb_template && !template_eid) || (!cb_new != !new_eid))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* Every form of NewEntry has the user fill in a template. */
    FIXME("no user interface to fill in a new entry.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_ResolveName(IAddrBook *iface, ULONG_PTR ui, ULONG flags, char *title, ADRLIST *list)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    HRESULT hr;

    TRACE("%p, %#Ix, %#lx, %p, %p.\n", iface, ui, flags, title, list);

    if (!list) return MAPI_E_INVALID_PARAMETER;
    hr = ab_resolve_names(book->set, flags, list);
    /* Without a user interface nobody can pick among the candidates: the
     * result is the one MAPI gives without MAPI_DIALOG. */
    if ((flags & MAPI_DIALOG) && (hr == MAPI_E_AMBIGUOUS_RECIP || hr == MAPI_E_NOT_FOUND))
        FIXME("no dialog to resolve the remaining recipients, returning %#lx.\n", hr);
    return hr;
}

static HRESULT WINAPI addrbook_Address(IAddrBook *iface, ULONG_PTR *ui, ADRPARM *params, ADRLIST **list)
{
    TRACE("%p, %p, %p, %p.\n", iface, ui, params, list);

    if (!ui || !params || !list) return MAPI_E_INVALID_PARAMETER;
    FIXME("no address book dialog.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_Details(IAddrBook *iface, ULONG_PTR *ui, LPFNDISMISS dismiss, void *dismiss_context,
        ULONG cb, ENTRYID *eid, LPFNBUTTON button, void *button_context, char *button_text, ULONG flags)
{
    TRACE("%p, %p, %p, %p, %lu, %p, %p, %p, %p, %#lx.\n", iface, ui, dismiss, dismiss_context, cb, eid, button,
            button_context, button_text, flags);

    if (!ui || !cb || !eid) return MAPI_E_INVALID_PARAMETER;
    FIXME("no details dialog.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_RecipOptions(IAddrBook *iface, ULONG_PTR ui, ULONG flags, ADRENTRY *recip)
{
    TRACE("%p, %#Ix, %#lx, %p.\n", iface, ui, flags, recip);

    if (!recip) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* No transport of the session has registered recipient options with
     * the address book: the documented answer for "none". */
    return MAPI_W_ERRORS_RETURNED;
}

static HRESULT WINAPI addrbook_QueryDefaultRecipOpt(IAddrBook *iface, char *adrtype, ULONG flags, ULONG *count,
        SPropValue **options)
{
    TRACE("%p, %s, %#lx, %p, %p.\n", iface, debugstr_a(adrtype), flags, count, options);

    if (!adrtype || !count || !options) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    *count = 0;
    *options = NULL;
    return MAPI_E_NOT_FOUND;
}

/* A copy of the entry ID of rows->aRow[index], or none. */
static HRESULT row_entryid_copy(const SRowSet *rows, int index, ULONG *cb, ENTRYID **eid)
{
    const SPropValue *prop;
    HRESULT hr;

    *cb = 0;
    *eid = NULL;
    if (index < 0 || !(prop = row_find_prop(&rows->aRow[index], PR_ENTRYID)) || !prop->Value.bin.cb) return S_OK;
    if (FAILED(hr = MAPIAllocateBuffer(prop->Value.bin.cb, (void **)eid))) return hr;
    memcpy(*eid, prop->Value.bin.lpb, prop->Value.bin.cb);
    *cb = prop->Value.bin.cb;
    return S_OK;
}

static HRESULT WINAPI addrbook_GetPAB(IAddrBook *iface, ULONG *cb, ENTRYID **eid)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    SRowSet *rows;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, cb, eid);

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *cb = 0;
    *eid = NULL;
    if (!book->set->host) return MAPI_E_END_OF_SESSION;
    if (FAILED(hr = ab_set_containers(book->set, 0, &rows))) return hr;
    hr = row_entryid_copy(rows, ab_pab_index(book->set, rows), cb, eid);
    FreeProws(rows);
    return hr;
}

static HRESULT ab_setting_set_binary(struct ab_set *set, ULONG tag, ULONG cb, ENTRYID *eid)
{
    SPropValue prop;

    if (!set->host) return MAPI_E_END_OF_SESSION;
    prop.ulPropTag = tag;
    prop.dwAlignPad = 0;
    prop.Value.bin.cb = cb;
    prop.Value.bin.lpb = (BYTE *)eid;
    return ab_setting_set(set, &prop);
}

static HRESULT WINAPI addrbook_SetPAB(IAddrBook *iface, ULONG cb, ENTRYID *eid)
{
    TRACE("%p, %lu, %p.\n", iface, cb, eid);

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    return ab_setting_set_binary(impl_from_IAddrBook(iface)->set, PR_AB_DEFAULT_PAB, cb, eid);
}

static HRESULT WINAPI addrbook_GetDefaultDir(IAddrBook *iface, ULONG *cb, ENTRYID **eid)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    SRowSet *rows;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, cb, eid);

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    *cb = 0;
    *eid = NULL;
    if (!book->set->host) return MAPI_E_END_OF_SESSION;
    if (FAILED(hr = ab_set_containers(book->set, 0, &rows))) return hr;
    /* With no container at all, the root container (an empty entry ID). */
    hr = row_entryid_copy(rows, ab_default_dir_index(book->set, rows), cb, eid);
    FreeProws(rows);
    return hr;
}

static HRESULT WINAPI addrbook_SetDefaultDir(IAddrBook *iface, ULONG cb, ENTRYID *eid)
{
    TRACE("%p, %lu, %p.\n", iface, cb, eid);

    if (!cb || !eid) return MAPI_E_INVALID_PARAMETER;
    return ab_setting_set_binary(impl_from_IAddrBook(iface)->set, PR_AB_DEFAULT_DIR, cb, eid);
}

static HRESULT WINAPI addrbook_GetSearchPath(IAddrBook *iface, ULONG flags, SRowSet **path)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, path);

    if (!path) return MAPI_E_INVALID_PARAMETER;
    *path = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!book->set->host) return MAPI_E_END_OF_SESSION;
    return ab_search_path(book->set, !!(flags & MAPI_UNICODE), path);
}

static HRESULT WINAPI addrbook_SetSearchPath(IAddrBook *iface, ULONG flags, SRowSet *path)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    SPropValue prop;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %#lx, %p.\n", iface, flags, path);

    if (!path) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    for (i = 0; i < path->cRows; i++)
        if (!path->aRow[i].cValues || !path->aRow[i].lpProps || path->aRow[i].lpProps[0].ulPropTag != PR_ENTRYID)
            return MAPI_E_MISSING_REQUIRED_COLUMN;
    if (!book->set->host) return MAPI_E_END_OF_SESSION;

    prop.ulPropTag = PR_AB_SEARCH_PATH;
    prop.dwAlignPad = 0;
    prop.Value.MVbin.cValues = path->cRows;
    if (!(prop.Value.MVbin.lpbin = mapi_heap_alloc((path->cRows + 1) * sizeof(SBinary))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < path->cRows; i++) prop.Value.MVbin.lpbin[i] = path->aRow[i].lpProps[0].Value.bin;
    hr = ab_setting_set(book->set, &prop);
    mapi_heap_free(prop.Value.MVbin.lpbin);
    return hr;
}

static HRESULT WINAPI addrbook_PrepareRecips(IAddrBook *iface, ULONG flags, SPropTagArray *tags, ADRLIST *list)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    HRESULT hr = S_OK;
    ULONG i;

    TRACE("%p, %#lx, %p, %p.\n", iface, flags, tags, list);

    if (!list) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_CACHE_ONLY | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (!tags || !tags->cValues) return S_OK;
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
        hr = ab_prepare_recip(book->set, flags, tags, &list->aEntries[i]);
    return hr;
}

static const IAddrBookVtbl addrbook_vtbl =
{
    AB_OBJECT_METHODS(IAddrBookVtbl),
    addrbook_OpenEntry,
    addrbook_CompareEntryIDs,
    addrbook_Advise,
    addrbook_Unadvise,
    addrbook_CreateOneOff,
    addrbook_NewEntry,
    addrbook_ResolveName,
    addrbook_Address,
    addrbook_Details,
    addrbook_RecipOptions,
    addrbook_QueryDefaultRecipOpt,
    addrbook_GetPAB,
    addrbook_SetPAB,
    addrbook_GetDefaultDir,
    addrbook_SetDefaultDir,
    addrbook_GetSearchPath,
    addrbook_SetSearchPath,
    addrbook_PrepareRecips,
};

/***********************************************************************
 *              addrbook_create
 */
HRESULT addrbook_create(struct mapi_host *host, struct ab_set *set, IAddrBook **out)
{
    struct addrbook *book;
    SPropValue prop;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", host, set, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!set) return MAPI_E_INVALID_PARAMETER;

    prop.ulPropTag = PR_OBJECT_TYPE;
    prop.dwAlignPad = 0;
    prop.Value.l = MAPI_ADDRBOOK;
    if (!(book = mapi_heap_alloc(sizeof(*book)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(book, 0, sizeof(*book));
    if (FAILED(hr = ab_object_init(&book->base, &addrbook_vtbl, &IID_IAddrBook, NULL, addrbook_destroy, 1, &prop)))
    {
        mapi_heap_free(book);
        return hr;
    }
    book->set = set;
    InterlockedIncrement(&set->refcount);
    InitializeCriticalSection(&book->cs);
    *out = (IAddrBook *)&book->base.IMAPIProp_iface;
    return S_OK;
}
