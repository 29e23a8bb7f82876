/*
 * Tests for the provider host: loading provider DLLs, the guarded call,
 * the deferred unload and the entry-ID UID registry
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * These functions have no export: their source is built into this program.
 * The DLLs loaded here are copies of mapi32.dll under other names.
 */

#include "wine/test.h"

/* provider.c hands MAPI's allocators to providers; here they forward to
 * mapi32.dll under names of this test's own. */
#define MAPIAllocateBuffer provider_test_MAPIAllocateBuffer
#define MAPIAllocateMore provider_test_MAPIAllocateMore
#define MAPIFreeBuffer provider_test_MAPIFreeBuffer
#define MAPIGetDefaultMalloc provider_test_MAPIGetDefaultMalloc
#include "../provider.c"

static HMODULE mapi32;
static WCHAR mapi32_path[MAX_PATH];
static WCHAR temp_dir[MAX_PATH];

static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static IMalloc *(WINAPI *pMAPIGetDefaultMalloc)(void);

SCODE WINAPI MAPIAllocateBuffer(ULONG size, void **buffer)
{
    return pMAPIAllocateBuffer(size, buffer);
}

SCODE WINAPI MAPIAllocateMore(ULONG size, void *object, void **buffer)
{
    return pMAPIAllocateMore(size, object, buffer);
}

ULONG WINAPI MAPIFreeBuffer(void *buffer)
{
    return pMAPIFreeBuffer(buffer);
}

IMalloc * WINAPI MAPIGetDefaultMalloc(void)
{
    return pMAPIGetDefaultMalloc();
}

static BOOL init(void)
{
    WCHAR path[MAX_PATH];

    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;
    pMAPIAllocateBuffer = (void *)GetProcAddress(mapi32, "MAPIAllocateBuffer@8");
    pMAPIAllocateMore = (void *)GetProcAddress(mapi32, "MAPIAllocateMore@12");
    pMAPIFreeBuffer = (void *)GetProcAddress(mapi32, "MAPIFreeBuffer@4");
    pMAPIGetDefaultMalloc = (void *)GetProcAddress(mapi32, "MAPIGetDefaultMalloc@0");
    ok(pMAPIAllocateBuffer && pMAPIAllocateMore && pMAPIFreeBuffer && pMAPIGetDefaultMalloc,
            "the allocators are not exported.\n");

    GetModuleFileNameW(mapi32, mapi32_path, ARRAY_SIZE(mapi32_path));
    GetTempPathW(ARRAY_SIZE(path), path);
    swprintf(temp_dir, ARRAY_SIZE(temp_dir), L"%sprovtest%lu", path, GetCurrentProcessId());
    ok(CreateDirectoryW(temp_dir, NULL), "CreateDirectory failed, error %lu.\n", GetLastError());
    return TRUE;
}

/* dir\name as WCHAR and as char. */
static void make_path(WCHAR *path, const WCHAR *dir, const char *name)
{
    swprintf(path, MAX_PATH, L"%s\\%S", dir, name);
}

static void copy_dll(const WCHAR *dir, const char *name)
{
    WCHAR path[MAX_PATH];
    BOOL ret;

    make_path(path, dir, name);
    ret = CopyFileW(mapi32_path, path, FALSE);
    ok(ret, "copying to %s failed, error %lu.\n", wine_dbgstr_w(path), GetLastError());
}

static void delete_dll(const WCHAR *dir, const char *name)
{
    WCHAR path[MAX_PATH];

    make_path(path, dir, name);
    ok(DeleteFileW(path), "deleting %s failed, error %lu.\n", wine_dbgstr_w(path), GetLastError());
}

static BOOL module_is_loaded(const WCHAR *dir, const char *name)
{
    WCHAR path[MAX_PATH];

    make_path(path, dir, name);
    return GetModuleHandleW(path) != NULL;
}

static void check_module_path(struct provider_dll *dll, const WCHAR *dir, const char *name)
{
    WCHAR expect[MAX_PATH], path[MAX_PATH];

    make_path(expect, dir, name);
    path[0] = 0;
    GetModuleFileNameW(provider_dll_module(dll), path, ARRAY_SIZE(path));
    ok(!lstrcmpiW(path, expect), "loaded %s, expected %s.\n", wine_dbgstr_w(path), wine_dbgstr_w(expect));
}

static void test_load_absolute(void)
{
    struct provider_dll *dll, *dll2, *dll3;
    char name[MAX_PATH];
    HRESULT hr;

    copy_dll(temp_dir, "PTEST32.DLL");
    copy_dll(temp_dir, "PTEST.DLL");
    copy_dll(temp_dir, "PONLY.DLL");

    /* "32" before the extension is tried first. */
    sprintf(name, "%S\\PTEST.DLL", temp_dir);
    hr = provider_dll_load(name, &dll);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_module_path(dll, temp_dir, "PTEST32.DLL");
    ok(!strcmp(provider_dll_name(dll), name), "got name %s.\n", provider_dll_name(dll));
    ok(!module_is_loaded(temp_dir, "PTEST.DLL"), "the name as given was loaded too.\n");

    /* The name as given when there is no "32" file; lower case works too. */
    sprintf(name, "%S\\ponly.dll", temp_dir);
    hr = provider_dll_load(name, &dll2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_module_path(dll2, temp_dir, "PONLY.DLL");
    ok(dll2 != dll, "the same DLL for two files.\n");

    /* One struct per module, whatever name reaches it. */
    sprintf(name, "%S\\PTEST32.DLL", temp_dir);
    hr = provider_dll_load(name, &dll3);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(dll3 == dll, "got %p, expected %p.\n", dll3, dll);
    ok(dll->refcount == 2, "got refcount %ld.\n", dll->refcount);
    provider_dll_release(dll3);

    /* The "32" rule only inserts before the file's own extension. */
    sprintf(name, "%S\\PTEST", temp_dir);
    hr = provider_dll_load(name, &dll3);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(dll3 == dll, "got %p, expected %p.\n", dll3, dll);
    provider_dll_release(dll3);

    ok(module_is_loaded(temp_dir, "PTEST32.DLL"), "PTEST32.DLL is not loaded.\n");
    provider_dll_release(dll);
    ok(!module_is_loaded(temp_dir, "PTEST32.DLL"), "PTEST32.DLL is still loaded.\n");
    provider_dll_release(dll2);
    ok(!module_is_loaded(temp_dir, "PONLY.DLL"), "PONLY.DLL is still loaded.\n");

    delete_dll(temp_dir, "PTEST32.DLL");
    delete_dll(temp_dir, "PTEST.DLL");
    delete_dll(temp_dir, "PONLY.DLL");
}

static void test_load_system_dir(void)
{
    struct provider_dll *dll, *dll2;
    WCHAR system_dir[MAX_PATH];
    HRESULT hr;

    GetSystemDirectoryW(system_dir, ARRAY_SIZE(system_dir));
    copy_dll(system_dir, "PSYSTEST32.DLL");
    copy_dll(system_dir, "PSYSONLY.DLL");

    hr = provider_dll_load("PSYSTEST.DLL", &dll);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_module_path(dll, system_dir, "PSYSTEST32.DLL");
        provider_dll_release(dll);
    }

    hr = provider_dll_load("psysonly.dll", &dll2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_module_path(dll2, system_dir, "PSYSONLY.DLL");
        provider_dll_release(dll2);
    }
    ok(!module_is_loaded(system_dir, "PSYSTEST32.DLL"), "PSYSTEST32.DLL is still loaded.\n");

    delete_dll(system_dir, "PSYSTEST32.DLL");
    delete_dll(system_dir, "PSYSONLY.DLL");
}

static void test_no_current_directory(void)
{
    WCHAR old_dir[MAX_PATH];
    struct provider_dll *dll;
    HRESULT hr;

    copy_dll(temp_dir, "PCWD32.DLL");
    copy_dll(temp_dir, "PCWD.DLL");
    GetCurrentDirectoryW(ARRAY_SIZE(old_dir), old_dir);
    ok(SetCurrentDirectoryW(temp_dir), "SetCurrentDirectory failed, error %lu.\n", GetLastError());

    dll = (void *)0xdeadbeef;
    hr = provider_dll_load("PCWD.DLL", &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!dll, "got %p.\n", dll);
    hr = provider_dll_load("PCWD32.DLL", &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = provider_dll_load(".\\PCWD.DLL", &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = provider_dll_load("PCWD32", &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!module_is_loaded(temp_dir, "PCWD32.DLL"), "PCWD32.DLL was loaded.\n");
    ok(!module_is_loaded(temp_dir, "PCWD.DLL"), "PCWD.DLL was loaded.\n");

    SetCurrentDirectoryW(old_dir);
    delete_dll(temp_dir, "PCWD32.DLL");
    delete_dll(temp_dir, "PCWD.DLL");
}

static void test_not_found(void)
{
    struct provider_dll *dll;
    char name[MAX_PATH];
    HRESULT hr;

    dll = (void *)0xdeadbeef;
    hr = provider_dll_load("NOSUCHPROVIDER.DLL", &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!dll, "got %p.\n", dll);

    sprintf(name, "%S\\NOSUCHPROVIDER.DLL", temp_dir);
    hr = provider_dll_load(name, &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    /* A directory of the name is no DLL. */
    sprintf(name, "%S", temp_dir);
    hr = provider_dll_load(name, &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    hr = provider_dll_load("", &dll);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = provider_dll_load(NULL, &dll);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = provider_dll_load("NOSUCHPROVIDER.DLL", NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

static int __attribute__((noinline)) write_through(int *pointer, int value)
{
    *(volatile int *)pointer = value;
    return value;
}

static void __attribute__((noinline)) raise_custom(void)
{
    RaiseException(0xe0ab0001, 0, 0, NULL);
}

static void test_guard_access_violation(void)
{
    int value = 0, result = 0;
    BOOL faulted;

    PROVIDER_CALL(NULL, faulted, result = write_through(&value, 5));
    ok(!faulted, "a clean call faulted.\n");
    ok(value == 5 && result == 5, "got value %d, result %d.\n", value, result);

    faulted = FALSE;
    PROVIDER_CALL(NULL, faulted, result = write_through(NULL, 7));
    ok(faulted, "an access violation was not caught.\n");

    /* A statement with commas, and a fault after a first assignment. */
    faulted = FALSE;
    PROVIDER_CALL(NULL, faulted, value = 1, write_through((int *)(ULONG_PTR)0x10, 2));
    ok(faulted, "an access violation was not caught.\n");

    /* The guard still works after catching. */
    PROVIDER_CALL(NULL, faulted, result = write_through(&value, 9));
    ok(!faulted, "a clean call faulted.\n");
    ok(value == 9, "got value %d.\n", value);
}

static void test_guard_raise(void)
{
    BOOL faulted = FALSE, inner = FALSE;

    PROVIDER_CALL(NULL, faulted, raise_custom());
    ok(faulted, "RaiseException was not caught.\n");

    /* The innermost guard takes it; the outer one sees a normal return. */
    faulted = TRUE;
    PROVIDER_CALL(NULL, faulted, PROVIDER_CALL(NULL, inner, raise_custom()));
    ok(inner, "the inner guard did not catch.\n");
    ok(!faulted, "the outer guard saw the exception.\n");
}

static void set_flag(void *context)
{
    *(BOOL *)context = TRUE;
}

static void fault(void *context)
{
    write_through(context, 1);
}

static void test_guarded_call(void)
{
    BOOL flag = FALSE, ret;

    ret = provider_guarded_call(set_flag, &flag);
    ok(!ret, "a clean call faulted.\n");
    ok(flag, "the function did not run.\n");

    ret = provider_guarded_call(fault, NULL);
    ok(ret, "an access violation was not caught.\n");
}

static struct provider_dll *load_temp(const char *name)
{
    struct provider_dll *dll = NULL;
    char path[MAX_PATH];
    HRESULT hr;

    sprintf(path, "%S\\%s", temp_dir, name);
    hr = provider_dll_load(path, &dll);
    ok(hr == S_OK, "got %#lx.\n", hr);
    return dll;
}

/* What the release cascade does: the last reference goes while a call
 * into the DLL is still on the stack. */
static void release_inside(struct provider_dll *dll, BOOL *loaded)
{
    provider_dll_release(dll);
    *loaded = module_is_loaded(temp_dir, "PFREE32.DLL");
}

static void test_deferred_free(void)
{
    struct provider_dll *dll;
    BOOL faulted, loaded = FALSE;

    copy_dll(temp_dir, "PFREE32.DLL");
    if (!(dll = load_temp("PFREE.DLL"))) return;
    PROVIDER_CALL(dll, faulted, release_inside(dll, &loaded));
    ok(!faulted, "the call faulted.\n");
    ok(loaded, "the DLL was freed while a call into it ran.\n");
    ok(!module_is_loaded(temp_dir, "PFREE32.DLL"), "the DLL is still loaded after the call.\n");

    /* Nested calls: the outermost one frees it. */
    if (!(dll = load_temp("PFREE.DLL"))) return;
    provider_dll_enter(dll);
    provider_dll_enter(dll);
    provider_dll_release(dll);
    provider_dll_leave(dll);
    ok(module_is_loaded(temp_dir, "PFREE32.DLL"), "the DLL was freed while a call into it ran.\n");
    provider_dll_leave(dll);
    ok(!module_is_loaded(temp_dir, "PFREE32.DLL"), "the DLL is still loaded after the calls.\n");

    /* A fault ends the call as well. */
    if (!(dll = load_temp("PFREE.DLL"))) return;
    PROVIDER_CALL(dll, faulted, provider_dll_release(dll), write_through(NULL, 1));
    ok(faulted, "the access violation was not caught.\n");
    ok(!module_is_loaded(temp_dir, "PFREE32.DLL"), "the DLL is still loaded after a faulting call.\n");

    /* A load while the free is pending takes the DLL back. */
    if (!(dll = load_temp("PFREE.DLL"))) return;
    provider_dll_enter(dll);
    provider_dll_release(dll);
    dll = load_temp("PFREE.DLL");
    provider_dll_leave(dll);
    ok(module_is_loaded(temp_dir, "PFREE32.DLL"), "a loaded DLL was freed.\n");
    provider_dll_release(dll);
    ok(!module_is_loaded(temp_dir, "PFREE32.DLL"), "the DLL is still loaded.\n");

    delete_dll(temp_dir, "PFREE32.DLL");
}

/* The provider called MAPI (a callback) and its last object went meanwhile:
 * its code is below on the stack, so the DLL waits for a safe point. */
static void test_callback_pending(void)
{
    struct provider_dll *dll, *dll2;

    copy_dll(temp_dir, "PCB32.DLL");

    /* The client called the provider, which calls MAPI: no MAPI call below. */
    if (!(dll = load_temp("PCB.DLL"))) return;
    provider_dll_callback_enter(dll);
    provider_dll_release(dll);
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL was freed inside a callback.\n");
    provider_dll_callback_leave(dll);
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL was freed on the way back to its code.\n");
    provider_dll_collect();
    ok(!module_is_loaded(temp_dir, "PCB32.DLL"), "the pending DLL was not collected.\n");

    /* A MAPI call inside the callback: its end does not free the DLL either. */
    if (!(dll = load_temp("PCB.DLL"))) return;
    provider_dll_callback_enter(dll);
    provider_dll_enter(dll);
    provider_dll_release(dll);
    provider_dll_leave(dll);
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL was freed with a callback below.\n");
    provider_dll_callback_leave(dll);
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL was freed on the way back to its code.\n");
    provider_dll_collect();
    ok(!module_is_loaded(temp_dir, "PCB32.DLL"), "the pending DLL was not collected.\n");

    /* MAPI called the provider, which called back: the outermost MAPI call frees it. */
    if (!(dll = load_temp("PCB.DLL"))) return;
    provider_dll_enter(dll);
    provider_dll_callback_enter(dll);
    provider_dll_release(dll);
    provider_dll_callback_leave(dll);
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL was freed while a call into it ran.\n");
    provider_dll_leave(dll);
    ok(!module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL is still loaded after the outermost call.\n");

    /* Collecting leaves DLLs that are held or running alone. */
    if (!(dll = load_temp("PCB.DLL"))) return;
    provider_dll_collect();
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "a held DLL was collected.\n");
    provider_dll_enter(dll);
    provider_dll_release(dll);
    provider_dll_collect();
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "a DLL with a call running was collected.\n");
    provider_dll_leave(dll);
    ok(!module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL is still loaded after the call.\n");

    /* A pending DLL loaded again is the same one, and is held again. */
    if (!(dll = load_temp("PCB.DLL"))) return;
    provider_dll_callback_enter(dll);
    provider_dll_release(dll);
    provider_dll_callback_leave(dll);
    dll2 = load_temp("PCB.DLL");
    ok(dll2 == dll, "got %p, expected %p.\n", dll2, dll);
    provider_dll_collect();
    ok(module_is_loaded(temp_dir, "PCB32.DLL"), "a revived DLL was collected.\n");
    if (dll2) provider_dll_release(dll2);
    ok(!module_is_loaded(temp_dir, "PCB32.DLL"), "the DLL is still loaded.\n");

    delete_dll(temp_dir, "PCB32.DLL");
}

/* A fault inside the DLL's own code, which has no guard of its own. */
static void test_guard_in_dll(void)
{
    ULONG (WINAPI *pUlPropSize)(SPropValue *);
    struct provider_dll *dll;
    SPropValue prop;
    ULONG size = 0;
    BOOL faulted;

    copy_dll(temp_dir, "PCRASH32.DLL");
    if (!(dll = load_temp("PCRASH.DLL"))) return;
    pUlPropSize = (void *)provider_dll_proc(dll, "UlPropSize@4");
    ok(pUlPropSize != NULL, "UlPropSize@4 not found.\n");

    prop.ulPropTag = PR_ENTRYID;
    prop.Value.bin.cb = 7;
    prop.Value.bin.lpb = NULL;
    PROVIDER_CALL(dll, faulted, size = pUlPropSize(&prop));
    ok(!faulted, "a clean call faulted.\n");
    ok(size == 7, "got size %lu.\n", size);

    PROVIDER_CALL(dll, faulted, size = pUlPropSize((SPropValue *)(ULONG_PTR)0x10));
    ok(faulted, "an access violation inside the DLL was not caught.\n");
    ok(!dll->calls, "got %ld calls.\n", dll->calls);

    provider_dll_release(dll);
    ok(!module_is_loaded(temp_dir, "PCRASH32.DLL"), "the DLL is still loaded.\n");
    delete_dll(temp_dir, "PCRASH32.DLL");
}

static void test_missing_entry_point(void)
{
    struct provider_set *set;
    struct provider *provider;
    char name[MAX_PATH];
    HRESULT hr;

    /* mapi32.dll has none of the provider entry points. */
    copy_dll(temp_dir, "PNOINIT32.DLL");
    hr = provider_set_create(&set);
    ok(hr == S_OK, "got %#lx.\n", hr);

    sprintf(name, "%S\\PNOINIT.DLL", temp_dir);
    provider = (void *)0xdeadbeef;
    hr = provider_get(set, name, PROVIDER_TRANSPORT, &provider);
    ok(hr == MAPI_E_CALL_FAILED, "got %#lx.\n", hr);
    ok(!provider, "got %p.\n", provider);
    ok(!module_is_loaded(temp_dir, "PNOINIT32.DLL"), "the DLL is still loaded.\n");

    sprintf(name, "%S\\PNOSUCH.DLL", temp_dir);
    hr = provider_get(set, name, PROVIDER_STORE, &provider);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = provider_get(NULL, name, PROVIDER_STORE, &provider);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    provider_set_destroy(set);
    delete_dll(temp_dir, "PNOINIT32.DLL");
}

struct test_object
{
    IUnknown IUnknown_iface;
    LONG refcount;
};

static inline struct test_object *impl_from_IUnknown(IUnknown *iface)
{
    return CONTAINING_RECORD(iface, struct test_object, IUnknown_iface);
}

static HRESULT WINAPI object_QueryInterface(IUnknown *iface, REFIID iid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI object_AddRef(IUnknown *iface)
{
    return InterlockedIncrement(&impl_from_IUnknown(iface)->refcount);
}

static ULONG WINAPI object_Release(IUnknown *iface)
{
    return InterlockedDecrement(&impl_from_IUnknown(iface)->refcount);
}

static const IUnknownVtbl object_vtbl = { object_QueryInterface, object_AddRef, object_Release };

static void test_uid_registry(void)
{
    static const MAPIUID uid1 = {{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }};
    static const MAPIUID uid2 = {{ 0xaa, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }};
    static const MAPIUID uid3 = {{ 0xbb, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }};
    struct test_object a = {{ &object_vtbl }, 1}, b = {{ &object_vtbl }, 1};
    int owner_a, owner_b;
    enum provider_kind kind;
    struct provider_set *set;
    IUnknown *logon;
    void *owner;
    HRESULT hr;

    hr = provider_set_create(&set);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = provider_uid_find(set, &uid1, &kind, &logon, &owner);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    hr = provider_uid_add(set, &uid1, &owner_a, PROVIDER_STORE, &a.IUnknown_iface);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = provider_uid_add(set, &uid2, &owner_a, PROVIDER_STORE, &a.IUnknown_iface);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = provider_uid_add(set, &uid3, &owner_b, PROVIDER_AB, &b.IUnknown_iface);
    ok(hr == S_OK, "got %#lx.\n", hr);
    /* The same UID again, from another owner. */
    hr = provider_uid_add(set, &uid1, &owner_b, PROVIDER_AB, &b.IUnknown_iface);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(a.refcount == 3, "got refcount %ld.\n", a.refcount);
    ok(b.refcount == 3, "got refcount %ld.\n", b.refcount);

    hr = provider_uid_find(set, &uid3, &kind, &logon, &owner);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(kind == PROVIDER_AB, "got kind %u.\n", kind);
    ok(logon == &b.IUnknown_iface, "got logon %p.\n", logon);
    ok(owner == &owner_b, "got owner %p.\n", owner);
    ok(b.refcount == 4, "got refcount %ld.\n", b.refcount);
    IUnknown_Release(logon);

    /* The first registration wins. */
    hr = provider_uid_find(set, &uid1, &kind, &logon, &owner);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(kind == PROVIDER_STORE, "got kind %u.\n", kind);
    ok(owner == &owner_a, "got owner %p.\n", owner);
    ok(logon == &a.IUnknown_iface, "got logon %p.\n", logon);
    IUnknown_Release(logon);

    /* Only the kind and owner asked for. */
    hr = provider_uid_find(set, &uid2, &kind, NULL, &owner);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(a.refcount == 3, "got refcount %ld.\n", a.refcount);

    provider_uid_remove_owner(set, &owner_a);
    ok(a.refcount == 1, "got refcount %ld.\n", a.refcount);
    hr = provider_uid_find(set, &uid2, &kind, &logon, &owner);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = provider_uid_find(set, &uid1, &kind, &logon, &owner);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(owner == &owner_b, "got owner %p.\n", owner);
    ok(logon == &b.IUnknown_iface, "got logon %p.\n", logon);
    IUnknown_Release(logon);

    /* A UID without a logon object yet. */
    hr = provider_uid_add(set, &uid2, &owner_a, PROVIDER_STORE, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    logon = (void *)0xdeadbeef;
    hr = provider_uid_find(set, &uid2, &kind, &logon, &owner);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!logon, "got logon %p.\n", logon);
    ok(owner == &owner_a, "got owner %p.\n", owner);

    hr = provider_uid_add(set, NULL, &owner_a, PROVIDER_STORE, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = provider_uid_find(NULL, &uid1, &kind, &logon, &owner);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Whatever is left is released with the set. */
    provider_set_destroy(set);
    ok(b.refcount == 1, "got refcount %ld.\n", b.refcount);
}

START_TEST(provider)
{
    if (!init()) return;

    test_load_absolute();
    test_load_system_dir();
    test_no_current_directory();
    test_not_found();
    test_guard_access_violation();
    test_guard_raise();
    test_guarded_call();
    test_deferred_free();
    test_callback_pending();
    test_guard_in_dll();
    test_missing_entry_point();
    test_uid_registry();

    RemoveDirectoryW(temp_dir);
}
