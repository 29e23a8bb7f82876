/*
 * Tests for MAPI memory allocation and initialisation
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mapix.h"
#include "mapiutil.h"

static HMODULE mapi32;

static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static SCODE (WINAPI *pScInitMapiUtil)(ULONG);
static void (WINAPI *pDeinitMapiUtil)(void);
static HRESULT (WINAPI *pDllGetClassObject)(REFCLSID, REFIID, void **);
static HRESULT (WINAPI *pDllCanUnloadNow)(void);

static BOOL init_function_pointers(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;

#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated); \
    ok((void *)GetProcAddress(mapi32, #name) == (void *)p##name, "%s and %s differ.\n", #name, decorated)

    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(MAPIInitialize, "MAPIInitialize@4");
    GET(MAPIUninitialize, "MAPIUninitialize@0");
    GET(ScInitMapiUtil, "ScInitMapiUtil@4");
    GET(DeinitMapiUtil, "DeinitMapiUtil@0");
    GET(DllGetClassObject, "DllGetClassObject@12");
    GET(DllCanUnloadNow, "DllCanUnloadNow@0");
#undef GET
    return pMAPIAllocateBuffer && pMAPIAllocateMore && pMAPIFreeBuffer && pMAPIInitialize
            && pMAPIUninitialize && pScInitMapiUtil && pDeinitMapiUtil;
}

static void test_MAPIAllocateBuffer(void)
{
    void *buffer, *buffer2;
    SCODE sc;

    sc = pMAPIAllocateBuffer(16, NULL);
    ok(sc == E_INVALIDARG, "got %#lx.\n", sc);

    buffer = (void *)0xdeadbeef;
    sc = pMAPIAllocateBuffer(0, &buffer);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(buffer != NULL && buffer != (void *)0xdeadbeef, "got %p.\n", buffer);
    sc = pMAPIFreeBuffer(buffer);
    ok(sc == S_OK, "got %#lx.\n", sc);

    sc = pMAPIAllocateBuffer(100, &buffer);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(!((ULONG_PTR)buffer & (sizeof(void *) - 1)), "%p is not aligned.\n", buffer);
    memset(buffer, 0xcc, 100);
    sc = pMAPIAllocateBuffer(100, &buffer2);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(buffer2 != buffer, "the same buffer was handed out twice.\n");
    ok(((BYTE *)buffer)[99] == 0xcc, "the first buffer was overwritten.\n");
    pMAPIFreeBuffer(buffer2);
    pMAPIFreeBuffer(buffer);

    buffer = (void *)0xdeadbeef;
    sc = pMAPIAllocateBuffer(~0u, &buffer);
    ok(sc == MAPI_E_NOT_ENOUGH_MEMORY, "got %#lx.\n", sc);
    ok(buffer == NULL, "got %p.\n", buffer);
}

static void test_MAPIAllocateMore(void)
{
    void *root, *more, *more2;
    SCODE sc;

    sc = pMAPIAllocateBuffer(8, &root);
    ok(sc == S_OK, "got %#lx.\n", sc);

    sc = pMAPIAllocateMore(8, root, NULL);
    ok(sc == E_INVALIDARG, "got %#lx.\n", sc);

    sc = pMAPIAllocateMore(32, root, &more);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(more != NULL && more != root, "got %p.\n", more);
    memset(more, 0xaa, 32);

    /* Chaining onto a linked block still links to the root. */
    sc = pMAPIAllocateMore(0, more, &more2);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(more2 != NULL && more2 != more, "got %p.\n", more2);

    /* A linked block is not freed on its own: it goes with its root. */
    sc = pMAPIFreeBuffer(more);
    ok(sc != S_OK, "freeing a linked block alone succeeded.\n");
    ok(((BYTE *)more)[31] == 0xaa, "the linked block was freed early.\n");

    sc = pMAPIFreeBuffer(root);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(HeapValidate(GetProcessHeap(), 0, NULL), "the heap is damaged.\n");

    /* Without a parent it makes a root of its own. */
    more = NULL;
    sc = pMAPIAllocateMore(8, NULL, &more);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(more != NULL, "got %p.\n", more);
    sc = pMAPIFreeBuffer(more);
    ok(sc == S_OK, "got %#lx.\n", sc);

    sc = pMAPIAllocateBuffer(8, &root);
    ok(sc == S_OK, "got %#lx.\n", sc);
    more = (void *)0xdeadbeef;
    sc = pMAPIAllocateMore(~0u, root, &more);
    ok(sc == MAPI_E_NOT_ENOUGH_MEMORY, "got %#lx.\n", sc);
    ok(more == NULL, "got %p.\n", more);
    pMAPIFreeBuffer(root);
}

static void test_MAPIFreeBuffer(void)
{
    ULONG ret;

    ret = pMAPIFreeBuffer(NULL);
    ok(ret == S_OK, "got %#lx.\n", ret);
}

struct chain_thread
{
    void *root;
    int count;
    int failures;
};

static DWORD WINAPI chain_thread_proc(void *arg)
{
    struct chain_thread *params = arg;
    DWORD *block;
    int i;

    for (i = 0; i < params->count; i++)
    {
        if (pMAPIAllocateMore(sizeof(*block), params->root, (void **)&block) != S_OK)
            params->failures++;
        else
            *block = i;
    }
    return 0;
}

/* Several threads link blocks to one root at once; freeing the root then
 * frees every one of them without damaging the heap. */
static void test_MAPIAllocateMore_threads(void)
{
    struct chain_thread params[4];
    HANDLE threads[4];
    void *root;
    SCODE sc;
    int i;

    sc = pMAPIAllocateBuffer(4, &root);
    ok(sc == S_OK, "got %#lx.\n", sc);
    for (i = 0; i < ARRAY_SIZE(threads); i++)
    {
        params[i].root = root;
        params[i].count = 2000;
        params[i].failures = 0;
        threads[i] = CreateThread(NULL, 0, chain_thread_proc, &params[i], 0, NULL);
        ok(threads[i] != NULL, "CreateThread failed, error %lu.\n", GetLastError());
    }
    WaitForMultipleObjects(ARRAY_SIZE(threads), threads, TRUE, INFINITE);
    for (i = 0; i < ARRAY_SIZE(threads); i++)
    {
        ok(!params[i].failures, "thread %d: %d allocations failed.\n", i, params[i].failures);
        CloseHandle(threads[i]);
    }
    sc = pMAPIFreeBuffer(root);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(HeapValidate(GetProcessHeap(), 0, NULL), "the heap is damaged.\n");
}

static void test_MAPIInitialize(void)
{
    MAPIINIT_0 init;
    HRESULT hr;

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    pMAPIUninitialize();

    init.ulVersion = MAPI_INIT_VERSION;
    init.ulFlags = MAPI_MULTITHREAD_NOTIFICATIONS;
    hr = pMAPIInitialize(&init);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* Nested calls are counted. */
    init.ulFlags = 0;
    hr = pMAPIInitialize(&init);
    ok(hr == S_OK, "got %#lx.\n", hr);
    pMAPIUninitialize();
    pMAPIUninitialize();

    init.ulVersion = MAPI_INIT_VERSION;
    init.ulFlags = 0x4000;
    hr = pMAPIInitialize(&init);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    init.ulVersion = 5;
    init.ulFlags = 0;
    hr = pMAPIInitialize(&init);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* An unmatched MAPIUninitialize does no harm. */
    pMAPIUninitialize();
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    pMAPIUninitialize();
}

static DWORD WINAPI init_thread_proc(void *arg)
{
    LONG *failures = arg;
    int i;

    for (i = 0; i < 500; i++)
    {
        if (pMAPIInitialize(NULL) != S_OK) InterlockedIncrement(failures);
        pMAPIUninitialize();
    }
    return 0;
}

static void test_MAPIInitialize_threads(void)
{
    HANDLE threads[4];
    LONG failures = 0;
    int i;

    for (i = 0; i < ARRAY_SIZE(threads); i++)
        threads[i] = CreateThread(NULL, 0, init_thread_proc, &failures, 0, NULL);
    WaitForMultipleObjects(ARRAY_SIZE(threads), threads, TRUE, INFINITE);
    for (i = 0; i < ARRAY_SIZE(threads); i++) CloseHandle(threads[i]);
    ok(!failures, "%ld calls failed.\n", failures);
}

static void test_ScInitMapiUtil(void)
{
    SCODE sc;

    sc = pScInitMapiUtil(0);
    ok(sc == S_OK, "got %#lx.\n", sc);
    sc = pScInitMapiUtil(0);
    ok(sc == S_OK, "got %#lx.\n", sc);
    pDeinitMapiUtil();
    pDeinitMapiUtil();
}

static void test_class_factory(void)
{
    IUnknown *unk = (IUnknown *)0xdeadbeef;
    HRESULT hr;

    hr = pDllGetClassObject(&IID_IUnknown, &IID_IClassFactory, (void **)&unk);
    ok(hr == CLASS_E_CLASSNOTAVAILABLE, "got %#lx.\n", hr);
    ok(unk == NULL, "got %p.\n", unk);
    hr = pDllGetClassObject(&IID_IUnknown, &IID_IClassFactory, NULL);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);
    hr = pDllCanUnloadNow();
    ok(hr == S_FALSE, "got %#lx.\n", hr);
}

START_TEST(alloc)
{
    if (!init_function_pointers()) return;

    test_MAPIAllocateBuffer();
    test_MAPIAllocateMore();
    test_MAPIFreeBuffer();
    test_MAPIAllocateMore_threads();
    test_MAPIInitialize();
    test_MAPIInitialize_threads();
    test_ScInitMapiUtil();
    test_class_factory();
}
