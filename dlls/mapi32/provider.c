/*
 * mapi32: provider DLLs, provider objects and the entry-ID UID registry
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* ------------------------------------------------------------------------
 * Provider DLLs
 */

/* Made by provider_dll_load, one per module, in dll_list; held by whoever
 * loaded it (each provider object holds one reference); holds one loader
 * reference on the module.
 *
 * The module may only go once no reference is left and none of its code
 * is on any stack.  MAPI knows of its own calls into the DLL (calls), and
 * of the provider's calls into MAPI objects that track them (callbacks),
 * but not of a client calling the provider directly.  So the last
 * reference frees the module at once only when neither kind of call is
 * running; else the end of the outermost MAPI call frees it when no
 * callback runs either; else it stays in dll_list with no reference, a
 * pending DLL, until provider_dll_collect() runs at a point where no
 * provider code can be below, or a load revives it. */
struct provider_dll
{
    struct provider_dll *next;
    LONG refcount;          /* under dll_lock */
    LONG calls;             /* MAPI's calls into the DLL running now, under dll_lock */
    LONG callbacks;         /* the provider's calls into MAPI running now, under dll_lock */
    HMODULE module;
    char name[MAX_PATH];    /* as the first caller named it */
};

static SRWLOCK dll_lock = SRWLOCK_INIT;
static struct provider_dll *dll_list;

/* Takes dll out of dll_list; dll_lock held. */
static void dll_unlink(struct provider_dll *dll)
{
    struct provider_dll **p;

    for (p = &dll_list; *p; p = &(*p)->next)
    {
        if (*p != dll) continue;
        *p = dll->next;
        return;
    }
}

static void dll_free(struct provider_dll *dll)
{
    TRACE("unloading %s (%p).\n", debugstr_a(dll->name), dll->module);
    FreeLibrary(dll->module);
    HeapFree(GetProcessHeap(), 0, dll);
}

/* A name with a drive and a root, or a UNC path. */
static BOOL name_is_absolute(const char *name)
{
    char drive = name[0] | 0x20;

    if (drive >= 'a' && drive <= 'z' && name[1] == ':' && (name[2] == '\\' || name[2] == '/')) return TRUE;
    return (name[0] == '\\' || name[0] == '/') && (name[1] == '\\' || name[1] == '/');
}

/* Loads path if such a file exists, so that a missing file never falls
 * back to some other DLL of that name. */
static HMODULE load_file(const WCHAR *path)
{
    DWORD attrs = GetFileAttributesW(path);
    HMODULE module;

    if (attrs == INVALID_FILE_ATTRIBUTES || (attrs & FILE_ATTRIBUTE_DIRECTORY)) return NULL;
    if (!(module = LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH)))
        WARN("%s exists but does not load, error %lu.\n", debugstr_w(path), GetLastError());
    return module;
}

/* Loads dir (may be empty) + name with "32" before its extension, then
 * dir + name.  A name without an extension is taken as name.DLL. */
static HMODULE load_with_suffix(const WCHAR *dir, const char *name)
{
    static const char *const suffixes[] = { "32", "" };
    const char *file = name, *ext, *p;
    char candidate[MAX_PATH + 8];
    WCHAR path[MAX_PATH * 2];
    int len = lstrlenW(dir);
    HMODULE module;
    SIZE_T stem;
    unsigned int i;

    for (p = name; *p; p++) if (*p == '\\' || *p == '/') file = p + 1;
    if (!(ext = strrchr(file, '.'))) ext = name + strlen(name);
    stem = ext - name;
    if (!*ext) ext = ".DLL";
    if (stem + strlen(ext) + 3 > ARRAY_SIZE(candidate)) return NULL;

    lstrcpyW(path, dir);
    for (i = 0; i < ARRAY_SIZE(suffixes); i++)
    {
        memcpy(candidate, name, stem);
        strcpy(candidate + stem, suffixes[i]);
        strcat(candidate, ext);
        if (!MultiByteToWideChar(CP_ACP, 0, candidate, -1, path + len, ARRAY_SIZE(path) - len)) return NULL;
        if ((module = load_file(path)))
        {
            TRACE("%s loaded from %s.\n", debugstr_a(name), debugstr_w(path));
            return module;
        }
    }
    return NULL;
}

static HMODULE load_provider_module(const char *name)
{
    WCHAR dir[MAX_PATH];
    UINT len;

    if (name_is_absolute(name)) return load_with_suffix(L"", name);
    if (strpbrk(name, "\\/:"))
    {
        WARN("%s is neither a bare name nor an absolute path.\n", debugstr_a(name));
        return NULL;
    }
    len = GetSystemDirectoryW(dir, ARRAY_SIZE(dir) - 1);
    if (!len || len >= ARRAY_SIZE(dir) - 1) return NULL;
    dir[len++] = '\\';
    dir[len] = 0;
    return load_with_suffix(dir, name);
}

/* Whether nothing holds the DLL and none of its code can be running; dll_lock held. */
static BOOL dll_is_idle(const struct provider_dll *dll)
{
    return !dll->refcount && !dll->calls && !dll->callbacks;
}

/* Finds the entry of name or of module and adds a reference (which also
 * revives a pending DLL); dll_lock held. */
static struct provider_dll *dll_find(const char *name, HMODULE module)
{
    struct provider_dll *dll;

    for (dll = dll_list; dll; dll = dll->next)
    {
        if (name ? !lstrcmpiA(dll->name, name) : dll->module == module)
        {
            dll->refcount++;
            return dll;
        }
    }
    return NULL;
}

HRESULT provider_dll_load(const char *name, struct provider_dll **out)
{
    struct provider_dll *dll, *found;
    HMODULE module;

    TRACE("%s, %p.\n", debugstr_a(name), out);

    if (!name || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!*name || strlen(name) >= MAX_PATH) return MAPI_E_NOT_FOUND;

    AcquireSRWLockExclusive(&dll_lock);
    dll = dll_find(name, NULL);
    ReleaseSRWLockExclusive(&dll_lock);
    if (dll)
    {
        *out = dll;
        return S_OK;
    }

    if (!(module = load_provider_module(name)))
    {
        WARN("provider DLL %s not found.\n", debugstr_a(name));
        return MAPI_E_NOT_FOUND;
    }
    if (!(dll = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*dll))))
    {
        FreeLibrary(module);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    dll->refcount = 1;
    dll->module = module;
    strcpy(dll->name, name);

    /* Another name, or another thread, may have loaded the same module. */
    AcquireSRWLockExclusive(&dll_lock);
    if (!(found = dll_find(NULL, module)))
    {
        dll->next = dll_list;
        dll_list = dll;
    }
    ReleaseSRWLockExclusive(&dll_lock);

    if (found)
    {
        dll_free(dll);
        dll = found;
    }
    *out = dll;
    return S_OK;
}

void provider_dll_addref(struct provider_dll *dll)
{
    AcquireSRWLockExclusive(&dll_lock);
    dll->refcount++;
    ReleaseSRWLockExclusive(&dll_lock);
}

void provider_dll_release(struct provider_dll *dll)
{
    BOOL unload;

    if (!dll) return;
    AcquireSRWLockExclusive(&dll_lock);
    if (!dll->refcount)
    {
        ReleaseSRWLockExclusive(&dll_lock);
        ERR("%s released once too often.\n", debugstr_a(dll->name));
        return;
    }
    --dll->refcount;
    if ((unload = dll_is_idle(dll))) dll_unlink(dll);
    else if (!dll->refcount && dll->callbacks) TRACE("%s: unloading at the next safe point.\n", debugstr_a(dll->name));
    else if (!dll->refcount) TRACE("%s: unloading once its calls return.\n", debugstr_a(dll->name));
    ReleaseSRWLockExclusive(&dll_lock);

    if (unload) dll_free(dll);
}

FARPROC provider_dll_proc(struct provider_dll *dll, const char *name)
{
    return GetProcAddress(dll->module, name);
}

HINSTANCE provider_dll_module(const struct provider_dll *dll)
{
    return dll->module;
}

const char *provider_dll_name(const struct provider_dll *dll)
{
    return dll->name;
}

void provider_dll_enter(struct provider_dll *dll)
{
    if (!dll) return;
    AcquireSRWLockExclusive(&dll_lock);
    dll->calls++;
    ReleaseSRWLockExclusive(&dll_lock);
}

/* The end of the outermost call into a DLL whose last reference went
 * while it ran frees the DLL here, unless the provider's own call into
 * MAPI is still running below it: then the DLL stays pending. */
void provider_dll_leave(struct provider_dll *dll)
{
    BOOL unload;

    if (!dll) return;
    AcquireSRWLockExclusive(&dll_lock);
    --dll->calls;
    if ((unload = dll_is_idle(dll))) dll_unlink(dll);
    else if (!dll->calls && !dll->refcount) TRACE("%s: unloading at the next safe point.\n", debugstr_a(dll->name));
    ReleaseSRWLockExclusive(&dll_lock);

    if (unload) dll_free(dll);
}

void provider_dll_callback_enter(struct provider_dll *dll)
{
    if (!dll) return;
    AcquireSRWLockExclusive(&dll_lock);
    dll->callbacks++;
    ReleaseSRWLockExclusive(&dll_lock);
}

/* Never frees the DLL: the provider's code that made the call is what
 * runs next. */
void provider_dll_callback_leave(struct provider_dll *dll)
{
    if (!dll) return;
    AcquireSRWLockExclusive(&dll_lock);
    if (dll->callbacks) dll->callbacks--;
    else ERR("%s: no callback to leave.\n", debugstr_a(dll->name));
    ReleaseSRWLockExclusive(&dll_lock);
}

void provider_dll_collect(void)
{
    struct provider_dll **p, *dll, *unload = NULL;

    AcquireSRWLockExclusive(&dll_lock);
    for (p = &dll_list; (dll = *p);)
    {
        if (!dll_is_idle(dll))
        {
            p = &dll->next;
            continue;
        }
        *p = dll->next;
        dll->next = unload;
        unload = dll;
    }
    ReleaseSRWLockExclusive(&dll_lock);

    while ((dll = unload))
    {
        unload = dll->next;
        dll_free(dll);
    }
}

/* Enters the loaded provider DLL holding address (provider_dll_leave()
 * undoes it); NULL when address is in none of them. */
static struct provider_dll *dll_enter_address(const void *address)
{
    struct provider_dll *dll;
    HMODULE module;

    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
            address, &module))
        return NULL;

    AcquireSRWLockExclusive(&dll_lock);
    for (dll = dll_list; dll; dll = dll->next) if (dll->module == module) break;
    if (dll) dll->calls++;
    ReleaseSRWLockExclusive(&dll_lock);
    return dll;
}

BOOL provider_guarded_call(void (*func)(void *context), void *context)
{
    BOOL faulted;

    PROVIDER_CALL(NULL, faulted, func(context));
    return faulted;
}

/* Releases an object of some provider, its DLL kept loaded meanwhile: the
 * release may end the provider's last logon and with it the DLL. */
static void release_provider_object(IUnknown *object)
{
    struct provider_dll *dll = dll_enter_address((const void *)object->lpVtbl->Release);
    BOOL faulted;

    PROVIDER_CALL(dll, faulted, IUnknown_Release(object));
    if (faulted) WARN("the release of %p faulted.\n", object);
    provider_dll_leave(dll);
}

/* ------------------------------------------------------------------------
 * Provider objects
 */

/* Made by provider_get; listed in its set until it is shut down or the set
 * is destroyed.  Lives while listed or while it has a live logon (each
 * support object counts one), and is shut down and freed once neither
 * holds; holds the provider's object and a reference on its DLL. */
struct provider
{
    struct provider *next;      /* in set->providers */
    struct provider_set *set;   /* NULL once off the set's list */
    enum provider_kind kind;
    struct provider_dll *dll;
    IUnknown *object;
    ULONG logons;               /* live logons */
    ULONG pending;              /* provider_get results not yet followed by a logon */
};

struct provider_uid
{
    MAPIUID uid;
    void *owner;
    enum provider_kind kind;
    IUnknown *logon;            /* a reference, or NULL */
};

/* Made by provider_set_create for a session, which destroys it; holds the
 * session's provider objects and the UIDs its logons registered. */
struct provider_set
{
    struct provider *providers;     /* under provider_lock */
    SRWLOCK uid_lock;
    struct provider_uid *uids;
    ULONG uid_count, uid_capacity;
};

/* Guards every set's provider list and every provider's counts. */
static SRWLOCK provider_lock = SRWLOCK_INIT;

static const char *const provider_entry_names[] = { "MSProviderInit", "ABProviderInit", "XPProviderInit" };

HRESULT provider_set_create(struct provider_set **out)
{
    struct provider_set *set;

    TRACE("%p.\n", out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (!(*out = set = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*set))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    InitializeSRWLock(&set->uid_lock);
    return S_OK;
}

static HRESULT call_provider_init(FARPROC proc, enum provider_kind kind, HINSTANCE module, ULONG *version,
        IUnknown **object)
{
    void **out = (void **)object;

    switch (kind)
    {
    case PROVIDER_STORE:
        return ((MSPROVIDERINIT *)proc)(module, MAPIGetDefaultMalloc(), MAPIAllocateBuffer, MAPIAllocateMore,
                MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, version, (IMSProvider **)out);
    case PROVIDER_AB:
        return ((ABPROVIDERINIT *)proc)(module, MAPIGetDefaultMalloc(), MAPIAllocateBuffer, MAPIAllocateMore,
                MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, version, (IABProvider **)out);
    case PROVIDER_TRANSPORT:
        return ((XPPROVIDERINIT *)proc)(module, MAPIGetDefaultMalloc(), MAPIAllocateBuffer, MAPIAllocateMore,
                MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, version, (IXPProvider **)out);
    }
    return MAPI_E_INVALID_PARAMETER;
}

static HRESULT call_provider_shutdown(IUnknown *object, enum provider_kind kind, ULONG *flags)
{
    switch (kind)
    {
    case PROVIDER_STORE: return IMSProvider_Shutdown((IMSProvider *)object, flags);
    case PROVIDER_AB: return IABProvider_Shutdown((IABProvider *)object, flags);
    case PROVIDER_TRANSPORT: return IXPProvider_Shutdown((IXPProvider *)object, flags);
    }
    return MAPI_E_INVALID_PARAMETER;
}

/* Calls the DLL's init entry point for kind; the object it returns is
 * released again when its version is too old. */
static HRESULT provider_init(struct provider_dll *dll, enum provider_kind kind, IUnknown **object)
{
    const char *entry = provider_entry_names[kind];
    IUnknown *result = NULL;
    ULONG version = 0;
    BOOL faulted;
    FARPROC proc;
    HRESULT hr;

    *object = NULL;
    if (!(proc = provider_dll_proc(dll, entry)))
    {
        WARN("%s has no %s.\n", debugstr_a(dll->name), entry);
        return MAPI_E_CALL_FAILED;
    }

    PROVIDER_CALL(dll, faulted, hr = call_provider_init(proc, kind, dll->module, &version, &result));
    if (faulted) return MAPI_E_CALL_FAILED;
    if (FAILED(hr))
    {
        WARN("%s of %s failed, hr %#lx.\n", entry, debugstr_a(dll->name), hr);
        return hr;
    }
    if (!result)
    {
        WARN("%s of %s returned no object.\n", entry, debugstr_a(dll->name));
        return MAPI_E_CALL_FAILED;
    }
    TRACE("%s of %s: object %p, version %#lx.\n", entry, debugstr_a(dll->name), result, version);
    if (version < PDK1_SPI_VERSION)
    {
        WARN("%s speaks SPI version %#lx, older than %#lx.\n", debugstr_a(dll->name), version, PDK1_SPI_VERSION);
        PROVIDER_CALL(dll, faulted, IUnknown_Release(result));
        return MAPI_E_VERSION;
    }
    *object = result;
    return S_OK;
}

/* Shutdown, Release and the DLL reference; provider is off every list. */
static void provider_shutdown(struct provider *provider)
{
    ULONG flags = 0;
    BOOL faulted;
    HRESULT hr;

    TRACE("shutting down %p (%s %s).\n", provider, debugstr_a(provider->dll->name),
            provider_entry_names[provider->kind]);

    PROVIDER_CALL(provider->dll, faulted, hr = call_provider_shutdown(provider->object, provider->kind, &flags));
    if (!faulted && FAILED(hr)) WARN("Shutdown of %p failed, hr %#lx.\n", provider->object, hr);
    PROVIDER_CALL(provider->dll, faulted, IUnknown_Release(provider->object));
    provider_dll_release(provider->dll);
    HeapFree(GetProcessHeap(), 0, provider);
}

/* provider_lock held. */
static struct provider *set_find_provider(struct provider_set *set, struct provider_dll *dll,
        enum provider_kind kind)
{
    struct provider *provider;

    for (provider = set->providers; provider; provider = provider->next)
        if (provider->dll == dll && provider->kind == kind) return provider;
    return NULL;
}

/* provider_lock held. */
static void set_unlink_provider(struct provider *provider)
{
    struct provider **p;

    for (p = &provider->set->providers; *p; p = &(*p)->next)
    {
        if (*p != provider) continue;
        *p = provider->next;
        break;
    }
    provider->set = NULL;
    provider->next = NULL;
}

HRESULT provider_get(struct provider_set *set, const char *dll_name, enum provider_kind kind,
        struct provider **out)
{
    struct provider *provider, *found;
    struct provider_dll *dll;
    IUnknown *object;
    HRESULT hr;

    TRACE("%p, %s, %u, %p.\n", set, debugstr_a(dll_name), kind, out);

    if (!set || !dll_name || !out || kind > PROVIDER_TRANSPORT) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (FAILED(hr = provider_dll_load(dll_name, &dll))) return hr;

    AcquireSRWLockExclusive(&provider_lock);
    if ((found = set_find_provider(set, dll, kind))) found->pending++;
    ReleaseSRWLockExclusive(&provider_lock);
    if (found)
    {
        provider_dll_release(dll);
        *out = found;
        return S_OK;
    }

    if (FAILED(hr = provider_init(dll, kind, &object)))
    {
        provider_dll_release(dll);
        return hr;
    }
    if (!(provider = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*provider))))
    {
        release_provider_object(object);
        provider_dll_release(dll);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    provider->kind = kind;
    provider->dll = dll;
    provider->object = object;
    provider->pending = 1;

    /* Another thread may have made the same provider meanwhile. */
    AcquireSRWLockExclusive(&provider_lock);
    if ((found = set_find_provider(set, dll, kind))) found->pending++;
    else
    {
        provider->set = set;
        provider->next = set->providers;
        set->providers = provider;
    }
    ReleaseSRWLockExclusive(&provider_lock);

    if (found)
    {
        provider_shutdown(provider);
        provider = found;
    }
    *out = provider;
    return S_OK;
}

IUnknown *provider_object(const struct provider *provider)
{
    return provider->object;
}

struct provider_dll *provider_get_dll(const struct provider *provider)
{
    return provider->dll;
}

void provider_logon_added(struct provider *provider)
{
    TRACE("%p.\n", provider);

    AcquireSRWLockExclusive(&provider_lock);
    provider->logons++;
    if (provider->pending) provider->pending--;
    ReleaseSRWLockExclusive(&provider_lock);
}

void provider_logon_removed(struct provider *provider)
{
    BOOL shutdown;

    TRACE("%p.\n", provider);

    AcquireSRWLockExclusive(&provider_lock);
    if (!provider->logons)
    {
        ReleaseSRWLockExclusive(&provider_lock);
        ERR("%p has no live logon.\n", provider);
        return;
    }
    /* A provider_get result still waiting for its logon keeps it going. */
    shutdown = !--provider->logons && (!provider->set || !provider->pending);
    if (shutdown && provider->set) set_unlink_provider(provider);
    ReleaseSRWLockExclusive(&provider_lock);

    if (shutdown) provider_shutdown(provider);
}

/* ------------------------------------------------------------------------
 * Entry-ID UIDs
 */

HRESULT provider_uid_add(struct provider_set *set, const MAPIUID *uid, void *owner,
        enum provider_kind kind, IUnknown *logon)
{
    struct provider_uid *entry;
    BOOL faulted = FALSE;
    HRESULT hr = S_OK;

    TRACE("%p, %s, %p, %u, %p.\n", set, debugstr_guid((const GUID *)uid), owner, kind, logon);

    if (!set || !uid) return MAPI_E_INVALID_PARAMETER;
    if (logon) PROVIDER_CALL(NULL, faulted, IUnknown_AddRef(logon));
    if (faulted) return MAPI_E_CALL_FAILED;

    AcquireSRWLockExclusive(&set->uid_lock);
    if (set->uid_count == set->uid_capacity)
    {
        ULONG capacity = max(8, set->uid_capacity * 2);
        struct provider_uid *uids;

        if (set->uids) uids = HeapReAlloc(GetProcessHeap(), 0, set->uids, capacity * sizeof(*uids));
        else uids = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*uids));
        if (uids)
        {
            set->uids = uids;
            set->uid_capacity = capacity;
        }
        else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* Duplicates are kept, as SetProviderUID documents; lookups take the oldest. */
    if (hr == S_OK)
    {
        entry = &set->uids[set->uid_count++];
        entry->uid = *uid;
        entry->owner = owner;
        entry->kind = kind;
        entry->logon = logon;
    }
    ReleaseSRWLockExclusive(&set->uid_lock);

    if (hr != S_OK && logon) release_provider_object(logon);
    return hr;
}

/* Takes the first UID of owner (any owner when owner_only is FALSE) out of
 * the registry; returns FALSE when there is none. */
static BOOL set_take_uid(struct provider_set *set, void *owner, BOOL owner_only, struct provider_uid *taken)
{
    BOOL found = FALSE;
    ULONG i;

    AcquireSRWLockExclusive(&set->uid_lock);
    for (i = 0; i < set->uid_count; i++)
    {
        if (owner_only && set->uids[i].owner != owner) continue;
        *taken = set->uids[i];
        memmove(&set->uids[i], &set->uids[i + 1], (set->uid_count - i - 1) * sizeof(*set->uids));
        set->uid_count--;
        found = TRUE;
        break;
    }
    ReleaseSRWLockExclusive(&set->uid_lock);
    return found;
}

void provider_uid_remove_owner(struct provider_set *set, void *owner)
{
    struct provider_uid taken;

    TRACE("%p, %p.\n", set, owner);

    if (!set) return;
    /* One at a time: releasing a logon may call back into the registry. */
    while (set_take_uid(set, owner, TRUE, &taken))
        if (taken.logon) release_provider_object(taken.logon);
}

HRESULT provider_uid_find(struct provider_set *set, const MAPIUID *uid, enum provider_kind *kind,
        IUnknown **logon, void **owner)
{
    HRESULT hr = MAPI_E_NOT_FOUND;
    BOOL faulted;
    ULONG i;

    TRACE("%p, %s, %p, %p, %p.\n", set, debugstr_guid((const GUID *)uid), kind, logon, owner);

    if (!set || !uid) return MAPI_E_INVALID_PARAMETER;
    if (logon) *logon = NULL;

    AcquireSRWLockShared(&set->uid_lock);
    for (i = 0; i < set->uid_count; i++)
    {
        struct provider_uid *entry = &set->uids[i];

        if (memcmp(&entry->uid, uid, sizeof(*uid))) continue;
        hr = S_OK;
        if (logon && entry->logon)
        {
            PROVIDER_CALL(NULL, faulted, IUnknown_AddRef(entry->logon));
            if (faulted) hr = MAPI_E_CALL_FAILED;
            else *logon = entry->logon;
        }
        if (hr != S_OK) break;
        if (kind) *kind = entry->kind;
        if (owner) *owner = entry->owner;
        break;
    }
    ReleaseSRWLockShared(&set->uid_lock);
    return hr;
}

void provider_set_destroy(struct provider_set *set)
{
    struct provider *provider, *next, *shutdown = NULL;
    struct provider_uid taken;

    TRACE("%p.\n", set);

    if (!set) return;

    /* Providers with a live logon finish when their last logon goes. */
    AcquireSRWLockExclusive(&provider_lock);
    for (provider = set->providers; provider; provider = next)
    {
        next = provider->next;
        provider->set = NULL;
        provider->pending = 0;
        provider->next = NULL;
        if (provider->logons) continue;
        provider->next = shutdown;
        shutdown = provider;
    }
    set->providers = NULL;
    ReleaseSRWLockExclusive(&provider_lock);

    for (provider = shutdown; provider; provider = next)
    {
        next = provider->next;
        provider_shutdown(provider);
    }

    while (set_take_uid(set, NULL, FALSE, &taken))
    {
        WARN("UID %s of %p still registered.\n", debugstr_guid((const GUID *)&taken.uid), taken.owner);
        if (taken.logon) release_provider_object(taken.logon);
    }
    HeapFree(GetProcessHeap(), 0, set->uids);
    HeapFree(GetProcessHeap(), 0, set);
}
