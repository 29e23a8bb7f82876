/*
 * Tests for the IMalloc that MAPIGetDefaultMalloc returns
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapiutil.h"

static IMalloc *(WINAPI *pMAPIGetDefaultMalloc)(void);

static void test_interfaces(IMalloc *malloc)
{
    void *out;
    ULONG ref;
    HRESULT hr;

    out = NULL;
    hr = IMalloc_QueryInterface(malloc, &IID_IUnknown, &out);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(out == malloc, "got %p, expected %p.\n", out, malloc);

    out = NULL;
    hr = IMalloc_QueryInterface(malloc, &IID_IMalloc, &out);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(out == malloc, "got %p, expected %p.\n", out, malloc);

    out = (void *)0xdeadbeef;
    hr = IMalloc_QueryInterface(malloc, &IID_IStream, &out);
    ok(hr == E_NOINTERFACE, "got %#lx.\n", hr);
    ok(out == NULL, "got %p.\n", out);

    /* A process-wide object: the counts do not move. */
    ref = IMalloc_AddRef(malloc);
    ok(ref == 1, "got %lu.\n", ref);
    ref = IMalloc_Release(malloc);
    ok(ref == 1, "got %lu.\n", ref);
}

static void test_memory(IMalloc *malloc)
{
    BYTE *mem, *mem2;
    int ret;

    /* Blocks come from LocalAlloc, so LocalSize and LocalFree work on them. */
    mem = IMalloc_Alloc(malloc, 61);
    ok(mem != NULL, "Alloc failed.\n");
    ok(IMalloc_GetSize(malloc, mem) == LocalSize(mem), "got %Iu, expected %Iu.\n",
       IMalloc_GetSize(malloc, mem), LocalSize(mem));
    ok(IMalloc_GetSize(malloc, mem) >= 61, "got %Iu.\n", IMalloc_GetSize(malloc, mem));

    ret = IMalloc_DidAlloc(malloc, mem);
    ok(ret == -1, "got %d.\n", ret);

    memset(mem, 0x5a, 61);
    mem2 = IMalloc_Realloc(malloc, mem, 4000);
    ok(mem2 != NULL, "Realloc failed.\n");
    ok(mem2[0] == 0x5a && mem2[60] == 0x5a, "the contents were not kept.\n");
    ok(IMalloc_GetSize(malloc, mem2) >= 4000, "got %Iu.\n", IMalloc_GetSize(malloc, mem2));

    IMalloc_HeapMinimize(malloc);
    LocalFree(mem2);

    mem = IMalloc_Realloc(malloc, NULL, 10);
    ok(mem != NULL, "Realloc of NULL failed.\n");
    mem2 = IMalloc_Realloc(malloc, mem, 0);
    ok(mem2 == NULL, "got %p.\n", mem2);

    mem = IMalloc_Alloc(malloc, 8);
    IMalloc_Free(malloc, mem);
    IMalloc_Free(malloc, NULL);
    ok(HeapValidate(GetProcessHeap(), 0, NULL), "the heap is damaged.\n");
}

START_TEST(imalloc)
{
    HMODULE mapi32 = LoadLibraryA("mapi32.dll");
    IMalloc *malloc;

    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return;
    pMAPIGetDefaultMalloc = (void *)GetProcAddress(mapi32, "MAPIGetDefaultMalloc@0");
    ok(pMAPIGetDefaultMalloc != NULL, "MAPIGetDefaultMalloc@0 is not exported.\n");
    if (!pMAPIGetDefaultMalloc) return;
    ok((void *)GetProcAddress(mapi32, "MAPIGetDefaultMalloc") == (void *)pMAPIGetDefaultMalloc,
       "the undecorated name is missing or different.\n");

    malloc = pMAPIGetDefaultMalloc();
    ok(malloc != NULL, "got NULL.\n");
    if (!malloc) return;
    ok(malloc == pMAPIGetDefaultMalloc(), "a second call returned another object.\n");

    test_interfaces(malloc);
    test_memory(malloc);
}
