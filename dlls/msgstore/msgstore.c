/*
 * The local message store (msgstore32.dll, "MSGSTORE.DLL" in MAPISVC.INF):
 * the provider, its logons and the message service entry
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * msgstore.h describes the store on disk, logon.c the spooler's side.
 * The service (MsgStore in msgstore.inf) has one store provider.  Its
 * profile section may name the store's directory in PR_MSGSTORE_PATH
 * (PT_STRING8 or PT_UNICODE, tag 0x6620); without one the store lives in
 * %LOCALAPPDATA%\wine-mapi\stores\<profile>\<store name>.  The directory
 * is made on the first logon and keeps the store's UID, which the section
 * records in PR_MSGSTORE_UID.  Deleting the service leaves the directory
 * alone: the mail in it is the user's.
 *
 * Exports: MSProviderInit, the service entry MsgStoreServiceEntry, and
 * MsgStoreLiveObjects (how many objects of the DLL are alive, for tests
 * and leak hunting).
 */

#define MSGSTORE_DEFINE_GUIDS
#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

LONG msgstore_live_objects;

/* The provider's identity, answered as PR_MDB_PROVIDER. */
const MAPIUID msgstore_provider_uid =
    {{0x77, 0x69, 0x6e, 0x65, 0x2d, 0x6d, 0x61, 0x70, 0x69, 0x2d, 0x6d, 0x73, 0x67, 0x73, 0x74, 0x31}};

__typeof__(PropCopyMore) *pPropCopyMore;
__typeof__(CreateTable) *pCreateTable;
__typeof__(FreeProws) *pFreeProws;
__typeof__(HrQueryAllRows) *pHrQueryAllRows;
__typeof__(ScCountNotifications) *pScCountNotifications;
__typeof__(ScCopyNotifications) *pScCopyNotifications;
__typeof__(MAPIGetDefaultMalloc) *pMAPIGetDefaultMalloc;
__typeof__(OpenIMsgOnIStg) *pOpenIMsgOnIStg;

static BOOL mapi_functions_loaded;

/* mapi32's functions, looked up by name in the mapi32 this DLL is bound to. */
static BOOL mapi_functions_load(void)
{
    HMODULE mapi32 = GetModuleHandleA("mapi32.dll");

    if (!mapi32) return FALSE;
#define LOAD(name) if (!(p##name = (void *)GetProcAddress(mapi32, #name))) return FALSE
    LOAD(PropCopyMore);
    LOAD(CreateTable);
    LOAD(FreeProws);
    LOAD(HrQueryAllRows);
    LOAD(ScCountNotifications);
    LOAD(ScCopyNotifications);
    LOAD(MAPIGetDefaultMalloc);
    LOAD(OpenIMsgOnIStg);
#undef LOAD
    return TRUE;
}

/* ------------------------------------------------------------------------
 * Where a store is.
 */

/* A name made fit for a path component. */
static void path_component(WCHAR *name)
{
    WCHAR *p;
    SIZE_T len;

    for (p = name; *p; p++)
        if (*p < 0x20 || wcschr(L"\\/:*?\"<>|", *p)) *p = '_';
    for (len = wcslen(name); len && (name[len - 1] == '.' || name[len - 1] == ' '); len--) name[len - 1] = 0;
    if (!name[0]) wcscpy(name, L"store");
}

/* %LOCALAPPDATA%\wine-mapi\stores\<profile>\<store name>. */
static HRESULT default_path(const char *profile, const WCHAR *name, WCHAR *path)
{
    WCHAR base[MAX_PATH], profile_w[128], store_w[128];
    DWORD len;

    if (!(len = GetEnvironmentVariableW(L"LOCALAPPDATA", base, MAX_PATH)) || len >= MAX_PATH)
        len = GetEnvironmentVariableW(L"APPDATA", base, MAX_PATH);
    if (!len || len >= MAX_PATH) return MAPI_E_NOT_FOUND;
    if (!MultiByteToWideChar(CP_ACP, 0, profile ? profile : "", -1, profile_w, ARRAY_SIZE(profile_w)))
        profile_w[0] = 0;
    lstrcpynW(store_w, name, ARRAY_SIZE(store_w));
    path_component(profile_w);
    path_component(store_w);
    if (wcslen(base) + wcslen(profile_w) + wcslen(store_w) + 32 >= MAX_PATH) return MAPI_E_INVALID_PARAMETER;
    swprintf(path, MAX_PATH, L"%s\\wine-mapi\\stores\\%s\\%s", base, profile_w, store_w);
    return S_OK;
}

/* What a logon needs from the provider's profile section. */
static HRESULT logon_info(IMAPISupport *sup, const char *profile, const MAPIUID *eid_uid, struct spool_blob *info)
{
    static const SizedSPropTagArray(5, tags) =
            {5, {PR_DISPLAY_NAME_W, PR_DISPLAY_NAME_A, PR_MSGSTORE_PATH_W, PR_MSGSTORE_PATH, PR_MSGSTORE_UID}};
    SPropValue *props = NULL;
    IProfSect *section;
    ULONG count;
    HRESULT hr;

    memset(info, 0, sizeof(*info));
    info->magic = SPOOL_MAGIC;
    info->version = SPOOL_VERSION;
    wcscpy(info->name, L"Local Message Store");
    if (FAILED(hr = IMAPISupport_OpenProfileSection(sup, NULL, MAPI_MODIFY, &section))) return hr;
    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
    IProfSect_Release(section);
    if (FAILED(hr)) return hr;
    if (props[0].ulPropTag == PR_DISPLAY_NAME_W && props[0].Value.lpszW[0])
        lstrcpynW(info->name, props[0].Value.lpszW, ARRAY_SIZE(info->name));
    else if (props[1].ulPropTag == PR_DISPLAY_NAME_A && props[1].Value.lpszA[0])
        MultiByteToWideChar(CP_ACP, 0, props[1].Value.lpszA, -1, info->name, ARRAY_SIZE(info->name));
    if (props[2].ulPropTag == PR_MSGSTORE_PATH_W && props[2].Value.lpszW[0])
        lstrcpynW(info->path, props[2].Value.lpszW, MAX_PATH);
    else if (props[3].ulPropTag == PR_MSGSTORE_PATH && props[3].Value.lpszA[0])
        MultiByteToWideChar(CP_ACP, 0, props[3].Value.lpszA, -1, info->path, MAX_PATH);
    if (eid_uid) info->uid = *eid_uid;
    else if (props[4].ulPropTag == PR_MSGSTORE_UID && props[4].Value.bin.cb == sizeof(MAPIUID))
        memcpy(&info->uid, props[4].Value.bin.lpb, sizeof(MAPIUID));
    else if (FAILED(hr = IMAPISupport_NewUID(sup, &info->uid)))
    {
        MAPIFreeBuffer(props);
        return hr;
    }
    MAPIFreeBuffer(props);
    info->name[ARRAY_SIZE(info->name) - 1] = 0;
    info->path[MAX_PATH - 1] = 0;
    if (!info->path[0] && FAILED(hr = default_path(profile, info->name, info->path))) return hr;
    TRACE("store %s in %s.\n", debugstr_w(info->name), debugstr_w(info->path));
    return S_OK;
}

/* The section remembers the store's UID, for a store.dat made again. */
static void section_record_uid(IMAPISupport *sup, const MAPIUID *uid)
{
    IProfSect *section;
    SPropValue value;

    if (FAILED(IMAPISupport_OpenProfileSection(sup, NULL, MAPI_MODIFY, &section))) return;
    prop_binary(&value, PR_MSGSTORE_UID, sizeof(*uid), uid);
    if (FAILED(IProfSect_SetProps(section, 1, &value, NULL))) WARN("the store's UID is not recorded.\n");
    IProfSect_Release(section);
}

/* ------------------------------------------------------------------------
 * IMSProvider
 */

static inline struct ms_provider *impl_from_IMSProvider(IMSProvider *iface)
{
    return CONTAINING_RECORD(iface, struct ms_provider, IMSProvider_iface);
}

static HRESULT WINAPI msp_QueryInterface(IMSProvider *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMSProvider))
    {
        *out = iface;
        IMSProvider_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI msp_AddRef(IMSProvider *iface)
{
    struct ms_provider *provider = impl_from_IMSProvider(iface);
    ULONG refs = InterlockedIncrement(&provider->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refs);
    return refs;
}

static ULONG WINAPI msp_Release(IMSProvider *iface)
{
    struct ms_provider *provider = impl_from_IMSProvider(iface);
    ULONG refs = InterlockedDecrement(&provider->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refs);
    if (refs) return refs;
    mdb_forget_provider(provider);
    HeapFree(GetProcessHeap(), 0, provider);
    InterlockedDecrement(&msgstore_live_objects);
    return 0;
}

static HRESULT WINAPI msp_Shutdown(IMSProvider *iface, ULONG *flags)
{
    TRACE("%p, %p.\n", iface, flags);

    mdb_forget_provider(impl_from_IMSProvider(iface));
    return S_OK;
}

static BOOL iid_is_store(const IID *iid)
{
    static const IID *const allowed[] = {&IID_IMsgStore, &IID_IMAPIProp, &IID_IUnknown};
    return iid_is_one_of(iid, allowed, ARRAY_SIZE(allowed));
}

/* The UID a store entry ID names (our own, unwrapped), or FALSE. */
static BOOL store_eid_uid(ULONG cb, const ENTRYID *eid, MAPIUID *uid)
{
    ULONG kind, folder, message;

    if (!eid_parse(NULL, cb, eid, &kind, &folder, &message) || kind != EID_STORE) return FALSE;
    memcpy(uid, ((const struct msgstore_eid *)eid)->uid.ab, sizeof(*uid));
    return TRUE;
}

/* A new logon: the client's (with its status row) or the spooler's. */
static HRESULT provider_logon(struct ms_provider *provider, IMAPISupport *sup, const struct spool_blob *info,
        ULONG flags, BOOL spooler, IMSLogon **logon, IMsgStore **out)
{
    SPropValue row[3];
    struct mdb *mdb;
    HRESULT hr;

    if (FAILED(hr = mdb_create(provider, sup, info, flags, spooler, &mdb))) return hr;
    if (!spooler)
    {
        row[0].ulPropTag = PR_DISPLAY_NAME_W;
        row[0].Value.lpszW = mdb->name;
        prop_long(&row[1], PR_STATUS_CODE, STATUS_AVAILABLE);
        prop_long(&row[2], PR_RESOURCE_METHODS, 0);
        if (FAILED(hr = IMAPISupport_ModifyStatusRow(sup, ARRAY_SIZE(row), row, 0)))
            WARN("no status row, hr %#lx.\n", hr);
    }
    *logon = &mdb->IMSLogon_iface;
    *out = &mdb->IMsgStore_iface;
    return S_OK;
}

static HRESULT WINAPI msp_Logon(IMSProvider *iface, IMAPISupport *sup, ULONG_PTR ui, LPSTR profile, ULONG cb,
        ENTRYID *eid, ULONG flags, const IID *iid, ULONG *cb_spool, BYTE **spool, MAPIERROR **error,
        IMSLogon **logon, IMsgStore **mdb)
{
    struct ms_provider *provider = impl_from_IMSProvider(iface);
    struct spool_blob info, *blob = NULL;
    MAPIUID eid_uid;
    HRESULT hr;

    TRACE("%p, %p, %#Ix, %s, %lu, %p, %#lx, %s, %p, %p, %p, %p, %p.\n", iface, sup, ui, debugstr_a(profile), cb, eid,
            flags, debugstr_guid(iid), cb_spool, spool, error, logon, mdb);

    if (error) *error = NULL;
    if (logon) *logon = NULL;
    if (mdb) *mdb = NULL;
    if (cb_spool) *cb_spool = 0;
    if (spool) *spool = NULL;
    if (!sup || !logon || !mdb || !cb_spool || !spool) return MAPI_E_INVALID_PARAMETER;
    if (!iid_is_store(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if ((cb || eid) && !store_eid_uid(cb, eid, &eid_uid)) return MAPI_E_LOGON_FAILED;
    if (FAILED(hr = logon_info(sup, profile, (cb || eid) ? &eid_uid : NULL, &info))) return hr;
    if (MAPIAllocateBuffer(sizeof(*blob), (void **)&blob)) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = provider_logon(provider, sup, &info, flags, FALSE, logon, mdb)))
    {
        MAPIFreeBuffer(blob);
        return hr;
    }
    /* The store's own UID: the directory may hold a store made before. */
    info.uid = CONTAINING_RECORD(*mdb, struct mdb, IMsgStore_iface)->store->uid;
    if ((cb || eid) && memcmp(&info.uid, &eid_uid, sizeof(eid_uid)))
        WARN("the entry ID names another store than the one in %s.\n", debugstr_w(info.path));
    section_record_uid(sup, &info.uid);
    *blob = info;
    *cb_spool = sizeof(*blob);
    *spool = (BYTE *)blob;
    return S_OK;
}

/* The spooler's logon, from the blob Logon gave. */
static HRESULT WINAPI msp_SpoolerLogon(IMSProvider *iface, IMAPISupport *sup, ULONG_PTR ui, LPSTR profile, ULONG cb,
        ENTRYID *eid, ULONG flags, const IID *iid, ULONG cb_spool, BYTE *spool, MAPIERROR **error,
        IMSLogon **logon, IMsgStore **mdb)
{
    struct ms_provider *provider = impl_from_IMSProvider(iface);
    struct spool_blob info;
    MAPIUID eid_uid;

    TRACE("%p, %p, %#Ix, %s, %lu, %p, %#lx, %s, %lu, %p, %p, %p, %p.\n", iface, sup, ui, debugstr_a(profile), cb,
            eid, flags, debugstr_guid(iid), cb_spool, spool, error, logon, mdb);

    if (error) *error = NULL;
    if (logon) *logon = NULL;
    if (mdb) *mdb = NULL;
    if (!sup || !logon || !mdb || !spool) return MAPI_E_INVALID_PARAMETER;
    if (!iid_is_store(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (cb_spool != sizeof(info)) return MAPI_E_LOGON_FAILED;
    memcpy(&info, spool, sizeof(info));
    if (info.magic != SPOOL_MAGIC || info.version != SPOOL_VERSION || !info.path[0]
            || info.path[ARRAY_SIZE(info.path) - 1] || info.name[ARRAY_SIZE(info.name) - 1])
        return MAPI_E_LOGON_FAILED;
    if ((cb || eid) && (!store_eid_uid(cb, eid, &eid_uid) || memcmp(&eid_uid, &info.uid, sizeof(eid_uid))))
        return MAPI_E_LOGON_FAILED;
    return provider_logon(provider, sup, &info, flags, TRUE, logon, mdb);
}

static HRESULT WINAPI msp_CompareStoreIDs(IMSProvider *iface, ULONG cb1, ENTRYID *eid1, ULONG cb2, ENTRYID *eid2,
        ULONG flags, ULONG *result)
{
    MAPIUID uid1, uid2;

    TRACE("%p, %lu, %p, %lu, %p, %#lx, %p.\n", iface, cb1, eid1, cb2, eid2, flags, result);

    if (!eid1 || !eid2 || !result) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!store_eid_uid(cb1, eid1, &uid1) || !store_eid_uid(cb2, eid2, &uid2)) return MAPI_E_INVALID_ENTRYID;
    *result = !memcmp(&uid1, &uid2, sizeof(uid1));
    return S_OK;
}

static const IMSProviderVtbl msp_vtbl =
{
    msp_QueryInterface,
    msp_AddRef,
    msp_Release,
    msp_Shutdown,
    msp_Logon,
    msp_SpoolerLogon,
    msp_CompareStoreIDs,
};

/***********************************************************************
 *              MSProviderInit
 *
 * The store uses MAPI's own allocators, which are the ones given here.
 */
HRESULT __cdecl MSProviderInit(HINSTANCE instance, IMalloc *malloc, LPALLOCATEBUFFER alloc, LPALLOCATEMORE more,
        LPFREEBUFFER free_buffer, ULONG flags, ULONG mapi_version, ULONG *version, IMSProvider **out)
{
    struct ms_provider *provider;

    TRACE("%p, %p, %p, %p, %p, %#lx, %#lx, %p, %p.\n", instance, malloc, alloc, more, free_buffer, flags,
            mapi_version, version, out);

    if (out) *out = NULL;
    if (!version || !out) return MAPI_E_INVALID_PARAMETER;
    if (!mapi_functions_loaded)
    {
        ERR("mapi32 lacks functions the store needs.\n");
        return MAPI_E_CALL_FAILED;
    }
    if (mapi_version < CURRENT_SPI_VERSION) return MAPI_E_VERSION;
    if (!(provider = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IMSProvider_iface.lpVtbl = &msp_vtbl;
    provider->refcount = 1;
    InterlockedIncrement(&msgstore_live_objects);
    *version = CURRENT_SPI_VERSION;
    *out = &provider->IMSProvider_iface;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The message service.
 */

static HRESULT service_provider_sections(IProviderAdmin *admin, ULONG count, SPropValue *values)
{
    static const SizedSPropTagArray(1, columns) = {1, {PR_PROVIDER_UID}};
    IProfSect *section;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = IProviderAdmin_GetProviderTable(admin, 0, &table))) return hr;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    table->lpVtbl->Release(table);
    if (FAILED(hr)) return hr;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        const SPropValue *uid = rows->aRow[i].lpProps;

        if (!rows->aRow[i].cValues || uid->ulPropTag != PR_PROVIDER_UID || uid->Value.bin.cb != sizeof(MAPIUID))
            continue;
        if (FAILED(hr = IProviderAdmin_OpenProfileSection(admin, (MAPIUID *)uid->Value.bin.lpb, NULL, MAPI_MODIFY,
                &section)))
            break;
        hr = IProfSect_SetProps(section, count, values, NULL);
        IProfSect_Release(section);
    }
    pFreeProws(rows);
    return hr;
}

/* The values a service takes: the store's directory (either string type)
 * and its display name. */
static BOOL service_values_ok(ULONG count, const SPropValue *values)
{
    ULONG i;

    for (i = 0; i < count; i++)
    {
        switch (values[i].ulPropTag)
        {
        case PR_MSGSTORE_PATH:
            if (!values[i].Value.lpszA || strlen(values[i].Value.lpszA) >= MAX_PATH - 64) return FALSE;
            break;
        case PR_MSGSTORE_PATH_W:
            if (!values[i].Value.lpszW || wcslen(values[i].Value.lpszW) >= MAX_PATH - 64) return FALSE;
            break;
        case PR_DISPLAY_NAME_A:
        case PR_DISPLAY_NAME_W:
            if (!values[i].Value.lpszA) return FALSE;
            break;
        }
    }
    return TRUE;
}

/***********************************************************************
 *              MsgStoreServiceEntry
 *
 * There is no user interface: a service is configured with the values it
 * is given, which go into its provider's profile section.
 */
HRESULT WINAPI MsgStoreServiceEntry(HINSTANCE instance, IMalloc *malloc, IMAPISupport *sup, ULONG_PTR ui,
        ULONG flags, ULONG context, ULONG count, SPropValue *values, IProviderAdmin *admin, MAPIERROR **error)
{
    TRACE("%p, %p, %p, %#Ix, %#lx, %lu, %lu, %p, %p, %p.\n", instance, malloc, sup, ui, flags, context, count,
            values, admin, error);

    if (error) *error = NULL;
    if (!mapi_functions_loaded)
    {
        ERR("mapi32 lacks functions the store needs.\n");
        return MAPI_E_CALL_FAILED;
    }
    switch (context)
    {
    case MSG_SERVICE_CREATE:
    case MSG_SERVICE_CONFIGURE:
        if (count && (!values || !admin)) return MAPI_E_INVALID_PARAMETER;
        if (!service_values_ok(count, values)) return MAPI_E_INVALID_PARAMETER;
        return count ? service_provider_sections(admin, count, values) : S_OK;
    case MSG_SERVICE_DELETE:
        TRACE("the store's directory is kept.\n");
        return S_OK;
    case MSG_SERVICE_INSTALL:
    case MSG_SERVICE_UNINSTALL:
    case MSG_SERVICE_PROVIDER_CREATE:
    case MSG_SERVICE_PROVIDER_DELETE:
        return S_OK;
    }
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *              MsgStoreLiveObjects
 */
LONG WINAPI MsgStoreLiveObjects(void)
{
    TRACE("\n");
    return msgstore_live_objects;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("%p, %lu, %p.\n", instance, reason, reserved);

    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        DisableThreadLibraryCalls(instance);
        mapi_functions_loaded = mapi_functions_load();
        break;
    case DLL_PROCESS_DETACH:
        if (msgstore_live_objects) WARN("%ld objects are still alive.\n", msgstore_live_objects);
        break;
    }
    return TRUE;
}
