/*
 * Tests for WrapStoreEntryID
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

static SCODE (WINAPI *pWrapStoreEntryID)(ULONG, LPSTR, ULONG, LPENTRYID, ULONG *, LPENTRYID *);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);

/* The UID MAPI puts in front of a wrapped store entry ID (MS-OXCDATA,
 * "Store Object EntryID"), after the 4 flag bytes. */
static const BYTE wrap_uid[16] =
    { 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a, 0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 };

/* A store's own entry ID: flags, its provider UID and some data. */
static const BYTE inner_id[24] =
{
    0x00, 0x00, 0x00, 0x00, 0x4e, 0x49, 0x54, 0x41, 0xf9, 0xbf, 0xb8, 0x01, 0x01, 0xaa, 0x00, 0x37,
    0xd9, 0x6e, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
};

static BOOL init_function_pointers(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;

    pWrapStoreEntryID = (void *)GetProcAddress(mapi32, "WrapStoreEntryID@24");
    ok(pWrapStoreEntryID != NULL, "WrapStoreEntryID@24 is not exported.\n");
    ok((void *)GetProcAddress(mapi32, "WrapStoreEntryID") == (void *)pWrapStoreEntryID,
            "WrapStoreEntryID and WrapStoreEntryID@24 differ.\n");
    pMAPIFreeBuffer = (void *)GetProcAddress(mapi32, "MAPIFreeBuffer@4");
    pMAPIInitialize = (void *)GetProcAddress(mapi32, "MAPIInitialize@4");
    pMAPIUninitialize = (void *)GetProcAddress(mapi32, "MAPIUninitialize@0");
    return pWrapStoreEntryID && pMAPIFreeBuffer && pMAPIInitialize && pMAPIUninitialize;
}

/* Checks a wrapped ID against the documented layout: flags, UID, version
 * and flag bytes, the NUL-terminated name, zeros up to a multiple of 4,
 * then the store's own ID. */
static void check_wrapped(const BYTE *data, ULONG size, const char *name, ULONG inner_offset)
{
    ULONG name_size = strlen(name) + 1, i;

    ok(size == inner_offset + sizeof(inner_id), "got size %lu.\n", size);
    if (size != inner_offset + sizeof(inner_id)) return;
    ok(!data[0] && !data[1] && !data[2] && !data[3], "got flags %02x%02x%02x%02x.\n",
            data[0], data[1], data[2], data[3]);
    ok(!memcmp(data + 4, wrap_uid, sizeof(wrap_uid)), "wrong provider UID.\n");
    ok(!data[20], "got version %#x.\n", data[20]);
    ok(!data[21], "got flag %#x.\n", data[21]);
    ok(!memcmp(data + 22, name, name_size), "got name %s.\n", debugstr_an((const char *)data + 22, name_size));
    for (i = 22 + name_size; i < inner_offset; i++) ok(!data[i], "got padding byte %#x at %lu.\n", data[i], i);
    ok(!memcmp(data + inner_offset, inner_id, sizeof(inner_id)), "the store's own ID was changed.\n");
}

static void test_layout(void)
{
    static const struct
    {
        const char *name;
        ULONG inner_offset;
    }
    tests[] =
    {
        { "mspst.dll", 32 },    /* 22 + 10: already a multiple of 4 */
        { "emsmdb.dll", 36 },   /* 22 + 11, three bytes of padding */
        { "RECPROV.DLL", 36 },  /* 22 + 12, two */
        { "abc.dll", 32 },      /* 22 + 8, two */
        { "x.dll", 28 },        /* 22 + 6 */
    };
    ENTRYID *wrapped;
    ULONG size, i;
    SCODE sc;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("%s", tests[i].name);
        size = 0xdeadbeef;
        wrapped = (ENTRYID *)0xdeadbeef;
        sc = pWrapStoreEntryID(0, (char *)tests[i].name, sizeof(inner_id), (ENTRYID *)inner_id, &size, &wrapped);
        ok(sc == S_OK, "got %#lx.\n", sc);
        if (sc == S_OK)
        {
            check_wrapped((const BYTE *)wrapped, size, tests[i].name, tests[i].inner_offset);
            pMAPIFreeBuffer(wrapped);
        }
        winetest_pop_context();
    }
}

/* A wrapped PST store ID as Outlook writes it, up to the store's own ID. */
static void test_known_prefix(void)
{
    static const BYTE prefix[] =
    {
        0x00, 0x00, 0x00, 0x00, 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a, 0xa1, 0xbb, 0x08, 0x00,
        0x2b, 0x2a, 0x56, 0xc2, 0x00, 0x00, 0x6d, 0x73, 0x70, 0x73, 0x74, 0x2e, 0x64, 0x6c, 0x6c, 0x00,
    };
    ENTRYID *wrapped;
    ULONG size;
    SCODE sc;

    sc = pWrapStoreEntryID(0, (char *)"mspst.dll", sizeof(inner_id), (ENTRYID *)inner_id, &size, &wrapped);
    ok(sc == S_OK, "got %#lx.\n", sc);
    if (sc != S_OK) return;
    ok(size == sizeof(prefix) + sizeof(inner_id), "got size %lu.\n", size);
    ok(!memcmp(wrapped, prefix, sizeof(prefix)), "wrong prefix.\n");
    ok(!memcmp((BYTE *)wrapped + sizeof(prefix), inner_id, sizeof(inner_id)), "wrong store ID.\n");
    pMAPIFreeBuffer(wrapped);
}

static void test_unicode(void)
{
    static const WCHAR nameW[] = L"emsmdb.dll";
    ENTRYID *wrapped;
    ULONG size;
    SCODE sc;

    sc = pWrapStoreEntryID(MAPI_UNICODE, (char *)nameW, sizeof(inner_id), (ENTRYID *)inner_id, &size, &wrapped);
    ok(sc == S_OK, "got %#lx.\n", sc);
    if (sc != S_OK) return;
    /* The name is stored as 8-bit text whatever the caller passed. */
    check_wrapped((const BYTE *)wrapped, size, "emsmdb.dll", 36);
    pMAPIFreeBuffer(wrapped);
}

static void test_small_inner(void)
{
    static const BYTE one = 0x5a;
    ENTRYID *wrapped;
    ULONG size;
    SCODE sc;

    sc = pWrapStoreEntryID(0, (char *)"x.dll", 1, (ENTRYID *)&one, &size, &wrapped);
    ok(sc == S_OK, "got %#lx.\n", sc);
    if (sc != S_OK) return;
    ok(size == 29, "got size %lu.\n", size);
    ok(((BYTE *)wrapped)[28] == 0x5a, "got %#x.\n", ((BYTE *)wrapped)[28]);
    pMAPIFreeBuffer(wrapped);
}

static void test_bad_arguments(void)
{
    ENTRYID *wrapped;
    ULONG size;
    SCODE sc;

    wrapped = (ENTRYID *)0xdeadbeef;
    sc = pWrapStoreEntryID(0, NULL, sizeof(inner_id), (ENTRYID *)inner_id, &size, &wrapped);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    ok(!wrapped, "got %p.\n", wrapped);

    sc = pWrapStoreEntryID(0, (char *)"", sizeof(inner_id), (ENTRYID *)inner_id, &size, &wrapped);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    sc = pWrapStoreEntryID(0, (char *)"x.dll", 0, (ENTRYID *)inner_id, &size, &wrapped);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    sc = pWrapStoreEntryID(0, (char *)"x.dll", sizeof(inner_id), NULL, &size, &wrapped);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    sc = pWrapStoreEntryID(0, (char *)"x.dll", sizeof(inner_id), (ENTRYID *)inner_id, NULL, &wrapped);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    sc = pWrapStoreEntryID(0, (char *)"x.dll", sizeof(inner_id), (ENTRYID *)inner_id, &size, NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    wrapped = (ENTRYID *)0xdeadbeef;
    sc = pWrapStoreEntryID(0x1, (char *)"x.dll", sizeof(inner_id), (ENTRYID *)inner_id, &size, &wrapped);
    ok(sc == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", sc);
    ok(!wrapped, "got %p.\n", wrapped);
}

START_TEST(entryid)
{
    if (!init_function_pointers()) return;

    pMAPIInitialize(NULL);
    test_layout();
    test_known_prefix();
    test_unicode();
    test_small_inner();
    test_bad_arguments();
    pMAPIUninitialize();
    FreeLibrary(mapi32);
}
