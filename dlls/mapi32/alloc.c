/*
 * MAPI memory: MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer and the
 * default IMalloc
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Every MAPI buffer starts with this header.  A buffer from
 * MAPIAllocateBuffer is the root of a chain; MAPIAllocateMore links further
 * blocks behind the root, and freeing the root frees the whole chain.
 * The header keeps the buffer that follows it aligned for any type. */
struct mapi_block
{
    struct mapi_block *root;    /* itself for a root block */
    struct mapi_block *next;    /* next block linked to the same root */
};

C_ASSERT(sizeof(struct mapi_block) % sizeof(void *) == 0);

static inline struct mapi_block *block_from_buffer(void *buffer)
{
    return (struct mapi_block *)buffer - 1;
}

void *mapi_heap_alloc(SIZE_T size)
{
    return HeapAlloc(GetProcessHeap(), 0, size);
}

void *mapi_heap_realloc(void *ptr, SIZE_T size)
{
    if (!ptr) return mapi_heap_alloc(size);
    return HeapReAlloc(GetProcessHeap(), 0, ptr, size);
}

void mapi_heap_free(void *ptr)
{
    HeapFree(GetProcessHeap(), 0, ptr);
}

char *mapi_heap_strdup(const char *str)
{
    size_t len;
    char *ret;

    if (!str) return NULL;
    len = strlen(str) + 1;
    if ((ret = mapi_heap_alloc(len))) memcpy(ret, str, len);
    return ret;
}

static struct mapi_block *block_alloc(ULONG size)
{
    if (size > MAXDWORD - sizeof(struct mapi_block)) return NULL;
    return mapi_heap_alloc(sizeof(struct mapi_block) + size);
}

/***********************************************************************
 *              MAPIAllocateBuffer (MAPI32.12)
 *              MAPIAllocateBuffer@8 (MAPI32.13)
 */
SCODE WINAPI MAPIAllocateBuffer(ULONG size, void **buffer)
{
    struct mapi_block *block;

    TRACE("%lu, %p.\n", size, buffer);

    if (!buffer) return E_INVALIDARG;
    *buffer = NULL;
    if (!(block = block_alloc(size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    block->root = block;
    block->next = NULL;
    *buffer = block + 1;
    return S_OK;
}

/***********************************************************************
 *              MAPIAllocateMore (MAPI32.14)
 *              MAPIAllocateMore@12 (MAPI32.15)
 *
 * A NULL parent makes a new root buffer, as MAPIAllocateBuffer would.
 */
SCODE WINAPI MAPIAllocateMore(ULONG size, void *parent, void **buffer)
{
    struct mapi_block *root, *block, *next;

    TRACE("%lu, %p, %p.\n", size, parent, buffer);

    if (!buffer) return E_INVALIDARG;
    if (!parent) return MAPIAllocateBuffer(size, buffer);

    *buffer = NULL;
    root = block_from_buffer(parent)->root;
    if (!(block = block_alloc(size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    block->root = root;
    do
    {
        next = root->next;
        block->next = next;
    } while (InterlockedCompareExchangePointer((void **)&root->next, block, next) != next);
    *buffer = block + 1;
    return S_OK;
}

/***********************************************************************
 *              MAPIFreeBuffer (MAPI32.16)
 *              MAPIFreeBuffer@4 (MAPI32.17)
 *
 * Frees a root buffer and everything MAPIAllocateMore linked to it.  A
 * block from MAPIAllocateMore cannot be freed on its own: it goes with its
 * root.
 */
ULONG WINAPI MAPIFreeBuffer(void *buffer)
{
    struct mapi_block *block, *next;

    TRACE("%p.\n", buffer);

    if (!buffer) return S_OK;
    block = block_from_buffer(buffer);
    if (block->root != block)
    {
        WARN("%p was linked to %p by MAPIAllocateMore: it is freed with it.\n", buffer, block->root + 1);
        return E_INVALIDARG;
    }
    next = block->next;
    mapi_heap_free(block);
    while ((block = next))
    {
        next = block->next;
        mapi_heap_free(block);
    }
    return S_OK;
}

/* The process-wide IMalloc over LocalAlloc that MAPI hands to providers and
 * to callers of MAPIGetDefaultMalloc.  A static object: AddRef and Release
 * do not count. */
static HRESULT WINAPI malloc_QueryInterface(IMalloc *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMalloc))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI malloc_AddRef(IMalloc *iface)
{
    TRACE("%p.\n", iface);
    return 1;
}

static ULONG WINAPI malloc_Release(IMalloc *iface)
{
    TRACE("%p.\n", iface);
    return 1;
}

static void * WINAPI malloc_Alloc(IMalloc *iface, SIZE_T size)
{
    TRACE("%p, %Iu.\n", iface, size);
    return LocalAlloc(LMEM_FIXED, size);
}

static void * WINAPI malloc_Realloc(IMalloc *iface, void *ptr, SIZE_T size)
{
    TRACE("%p, %p, %Iu.\n", iface, ptr, size);

    if (!ptr) return LocalAlloc(LMEM_FIXED, size);
    if (!size)
    {
        LocalFree(ptr);
        return NULL;
    }
    return LocalReAlloc(ptr, size, LMEM_MOVEABLE);
}

static void WINAPI malloc_Free(IMalloc *iface, void *ptr)
{
    TRACE("%p, %p.\n", iface, ptr);
    LocalFree(ptr);
}

static SIZE_T WINAPI malloc_GetSize(IMalloc *iface, void *ptr)
{
    TRACE("%p, %p.\n", iface, ptr);
    return LocalSize(ptr);
}

/* Like Windows' MAPI, this IMalloc cannot tell whether it made a block. */
static INT WINAPI malloc_DidAlloc(IMalloc *iface, void *ptr)
{
    TRACE("%p, %p.\n", iface, ptr);
    return -1;
}

static void WINAPI malloc_HeapMinimize(IMalloc *iface)
{
    TRACE("%p.\n", iface);
}

static const IMallocVtbl malloc_vtbl =
{
    malloc_QueryInterface,
    malloc_AddRef,
    malloc_Release,
    malloc_Alloc,
    malloc_Realloc,
    malloc_Free,
    malloc_GetSize,
    malloc_DidAlloc,
    malloc_HeapMinimize,
};

static IMalloc mapi_malloc = { &malloc_vtbl };

/***********************************************************************
 *              MAPIGetDefaultMalloc@0 (MAPI32.59)
 */
LPMALLOC WINAPI MAPIGetDefaultMalloc(void)
{
    TRACE("\n");
    return &mapi_malloc;
}
