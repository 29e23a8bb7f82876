/*
 * Tests for the MAPI utility functions
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "wine/test.h"

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "winnls.h"
#include "objbase.h"
#include "mapiutil.h"
#include "mapitags.h"

static HMODULE mapi32;

/* The DLL's functions are the ANSI ones, whatever the headers say here. */
static SCODE (WINAPI *pScInitMapiUtil)(ULONG);
static void (WINAPI *pDeinitMapiUtil)(void);
static void (WINAPI *pSwapPword)(USHORT *, ULONG);
static void (WINAPI *pSwapPlong)(ULONG *, ULONG);
static void (WINAPI *pHexFromBin)(BYTE *, int, char *);
static BOOL (WINAPI *pFBinFromHex)(char *, BYTE *);
static SCODE (WINAPI *pScBinFromHexBounded)(char *, BYTE *, ULONG);
static UINT (WINAPI *pUFromSz)(const char *);
static ULONG (WINAPI *pUlFromSzHex)(const char *);
static ULONG (WINAPI *pCbOfEncoded)(const char *);
static ULONG (WINAPI *pCchOfEncoding)(ULONG);
static void (WINAPI *pEncodeID)(BYTE *, ULONG, char *);
static BOOL (WINAPI *pFDecodeID)(const char *, ENTRYID *, ULONG *);
static HRESULT (WINAPI *pHrSzFromEntryID)(ULONG, ENTRYID *, char **);
static HRESULT (WINAPI *pHrEntryIDFromSz)(char *, ULONG *, ENTRYID **);
static char *(WINAPI *pSzFindCh)(const char *, USHORT);
static char *(WINAPI *pSzFindLastCh)(const char *, USHORT);
static char *(WINAPI *pSzFindSz)(const char *, const char *);
static BOOL (WINAPI *pIsBadBoundedStringPtr)(const void *, UINT);
static ULONG (WINAPI *pMNLS_lstrlenW)(const WCHAR *);
static int (WINAPI *pMNLS_lstrcmpW)(const WCHAR *, const WCHAR *);
static WCHAR *(WINAPI *pMNLS_lstrcpyW)(WCHAR *, const WCHAR *);
static int (WINAPI *pMNLS_CompareStringW)(LCID, DWORD, const WCHAR *, int, const WCHAR *, int);
static int (WINAPI *pMNLS_MultiByteToWideChar)(UINT, DWORD, const char *, int, WCHAR *, int);
static int (WINAPI *pMNLS_WideCharToMultiByte)(UINT, DWORD, const WCHAR *, int, char *, int, const char *, BOOL *);
static BOOL (WINAPI *pMNLS_IsBadStringPtrW)(const WCHAR *, UINT_PTR);
static FILETIME (WINAPI *pFtAddFt)(FILETIME, FILETIME);
static FILETIME (WINAPI *pFtAdcFt)(FILETIME, FILETIME, WORD *);
static FILETIME (WINAPI *pFtSubFt)(FILETIME, FILETIME);
static FILETIME (WINAPI *pFtMulDw)(DWORD, FILETIME);
static FILETIME (WINAPI *pFtMulDwDw)(DWORD, DWORD);
static FILETIME (WINAPI *pFtNegFt)(FILETIME);
static FILETIME (WINAPI *pFtDivFtBogus)(FILETIME, FILETIME, DWORD);
static ULONG (WINAPI *pUlAddRef)(void *);
static ULONG (WINAPI *pUlRelease)(void *);
static BOOL (WINAPI *pFEqualNames)(MAPINAMEID *, MAPINAMEID *);
static SCODE (WINAPI *pScGenerateMuid)(MAPIUID *);
static SCODE (WINAPI *pScCreateConversationIndex)(ULONG, BYTE *, ULONG *, BYTE **);
static SCODE (WINAPI *pMapStorageSCode)(SCODE);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);

static void *get_proc(const char *name)
{
    void *proc = GetProcAddress(mapi32, name);

    ok(proc != NULL, "%s is not exported.\n", name);
    return proc;
}

static void init_function_pointers(void)
{
#define GET(func, decorated) p##func = get_proc(decorated)
    GET(ScInitMapiUtil, "ScInitMapiUtil@4");
    GET(DeinitMapiUtil, "DeinitMapiUtil@0");
    GET(SwapPword, "SwapPword@8");
    GET(SwapPlong, "SwapPlong@8");
    GET(HexFromBin, "HexFromBin@12");
    GET(FBinFromHex, "FBinFromHex@8");
    GET(ScBinFromHexBounded, "ScBinFromHexBounded@12");
    GET(UFromSz, "UFromSz@4");
    GET(UlFromSzHex, "UlFromSzHex@4");
    GET(CbOfEncoded, "CbOfEncoded@4");
    GET(CchOfEncoding, "CchOfEncoding@4");
    GET(EncodeID, "EncodeID@12");
    GET(FDecodeID, "FDecodeID@12");
    GET(HrSzFromEntryID, "HrSzFromEntryID@12");
    GET(HrEntryIDFromSz, "HrEntryIDFromSz@12");
    GET(SzFindCh, "SzFindCh@8");
    GET(SzFindLastCh, "SzFindLastCh@8");
    GET(SzFindSz, "SzFindSz@8");
    GET(IsBadBoundedStringPtr, "IsBadBoundedStringPtr@8");
    GET(MNLS_lstrlenW, "MNLS_lstrlenW@4");
    GET(MNLS_lstrcmpW, "MNLS_lstrcmpW@8");
    GET(MNLS_lstrcpyW, "MNLS_lstrcpyW@8");
    GET(MNLS_CompareStringW, "MNLS_CompareStringW@24");
    GET(MNLS_MultiByteToWideChar, "MNLS_MultiByteToWideChar@24");
    GET(MNLS_WideCharToMultiByte, "MNLS_WideCharToMultiByte@32");
    GET(MNLS_IsBadStringPtrW, "MNLS_IsBadStringPtrW@8");
    GET(FtAddFt, "FtAddFt@16");
    GET(FtAdcFt, "FtAdcFt@20");
    GET(FtSubFt, "FtSubFt@16");
    GET(FtMulDw, "FtMulDw@12");
    GET(FtMulDwDw, "FtMulDwDw@8");
    GET(FtNegFt, "FtNegFt@8");
    GET(FtDivFtBogus, "FtDivFtBogus@20");
    GET(UlAddRef, "UlAddRef@4");
    GET(UlRelease, "UlRelease@4");
    GET(FEqualNames, "FEqualNames@8");
    GET(ScGenerateMuid, "ScGenerateMuid@4");
    GET(ScCreateConversationIndex, "ScCreateConversationIndex@16");
    GET(MapStorageSCode, "MapStorageSCode@4");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
#undef GET
}

static void test_undecorated_exports(void)
{
    static const char *names[] =
    {
        "SwapPlong", "HexFromBin", "FBinFromHex", "ScBinFromHexBounded", "UFromSz", "UlFromSzHex",
        "CbOfEncoded", "CchOfEncoding", "EncodeID", "FDecodeID", "HrSzFromEntryID", "HrEntryIDFromSz",
        "SzFindCh", "SzFindLastCh", "SzFindSz", "IsBadBoundedStringPtr", "MNLS_lstrlenW",
        "FtAddFt", "FtAdcFt", "FtSubFt", "FtMulDw", "FtMulDwDw", "FtNegFt", "FtDivFtBogus",
        "UlAddRef", "UlRelease", "FEqualNames", "ScGenerateMuid", "ScCreateConversationIndex",
        "MapStorageSCode",
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        ok(GetProcAddress(mapi32, names[i]) != NULL, "%s is not exported.\n", names[i]);

    ok(GetProcAddress(mapi32, "FtAddFt") == (void *)pFtAddFt, "FtAddFt differs from FtAddFt@16.\n");
    ok(GetProcAddress(mapi32, "EncodeID") == (void *)pEncodeID, "EncodeID differs from EncodeID@12.\n");
}

static void test_SwapPword(void)
{
    USHORT shorts[3];

    shorts[0] = 0xff01;
    shorts[1] = 0x10ff;
    shorts[2] = 0x2001;
    pSwapPword(shorts, 2);
    ok(shorts[0] == 0x01ff && shorts[1] == 0xff10 && shorts[2] == 0x2001,
       "got {%#x, %#x, %#x}.\n", shorts[0], shorts[1], shorts[2]);

    pSwapPword(shorts, 0);
    ok(shorts[0] == 0x01ff, "got %#x.\n", shorts[0]);
}

static void test_SwapPlong(void)
{
    ULONG longs[3];

    longs[0] = 0xffff0001;
    longs[1] = 0x1000ffff;
    longs[2] = 0x20000001;
    pSwapPlong(longs, 2);
    ok(longs[0] == 0x0100ffff && longs[1] == 0xffff0010 && longs[2] == 0x20000001,
       "got {%#lx, %#lx, %#lx}.\n", longs[0], longs[1], longs[2]);

    longs[0] = 0x12345678;
    pSwapPlong(longs, 1);
    ok(longs[0] == 0x78563412, "got %#lx.\n", longs[0]);

    pSwapPlong(longs, 0);
    ok(longs[0] == 0x78563412, "got %#lx.\n", longs[0]);
}

static void test_HexFromBin(void)
{
    static char expect[] = "000102030405060708090A0B0C0D0E0F101112131415161"
      "718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B"
      "3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F6"
      "06162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F8081828384"
      "85868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A"
      "9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCD"
      "CECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F"
      "2F3F4F5F6F7F8F9FAFBFCFDFE";
    BYTE data[255];
    char str[520];
    int i;

    for (i = 0; i < 255; i++)
        data[i] = i;
    memset(str, 'X', sizeof(str));
    pHexFromBin(data, sizeof(data), str);
    ok(!memcmp(str, expect, sizeof(expect)), "got %s.\n", debugstr_a(str));
    ok(str[sizeof(expect)] == 'X', "wrote past the terminator.\n");

    memset(str, 'X', sizeof(str));
    pHexFromBin(data, 0, str);
    ok(!str[0] && str[1] == 'X', "got %s.\n", debugstr_an(str, 2));
}

static void test_FBinFromHex(void)
{
    static char expect[] = "000102030405060708090A0B0C0D0E0F101112131415161"
      "718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B"
      "3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F6"
      "06162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F8081828384"
      "85868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A"
      "9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCD"
      "CECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F"
      "2F3F4F5F6F7F8F9FAFBFCFDFE";
    char lower[] = "a0Bcdeff", odd[] = "0A1", bad[] = "0G", empty[] = "";
    BYTE data[255];
    BOOL ret;
    int i;

    memset(data, 0, sizeof(data));
    ret = pFBinFromHex(expect, data);
    ok(ret == TRUE, "got %d.\n", ret);
    for (i = 0; i < 255; i++)
        if (data[i] != i) break;
    ok(i == 255, "byte %d is %#x.\n", i, i < 255 ? data[i] : 0);

    memset(data, 0, sizeof(data));
    ret = pFBinFromHex(lower, data);
    ok(ret == TRUE, "got %d.\n", ret);
    ok(data[0] == 0xa0 && data[1] == 0xbc && data[2] == 0xde && data[3] == 0xff && !data[4],
       "got %02x %02x %02x %02x %02x.\n", data[0], data[1], data[2], data[3], data[4]);

    ret = pFBinFromHex(odd, data);
    ok(ret == FALSE, "got %d.\n", ret);
    ret = pFBinFromHex(bad, data);
    ok(ret == FALSE, "got %d.\n", ret);

    data[0] = 0x55;
    ret = pFBinFromHex(empty, data);
    ok(ret == TRUE, "got %d.\n", ret);
    ok(data[0] == 0x55, "got %#x.\n", data[0]);
}

static void test_HexFromBin_round_trip(void)
{
    BYTE data[64], back[64];
    char str[129];
    unsigned int i;
    BOOL ret;

    for (i = 0; i < sizeof(data); i++)
        data[i] = (i * 151 + 17) & 0xff;
    pHexFromBin(data, sizeof(data), str);
    ok(strlen(str) == 2 * sizeof(data), "got length %u.\n", (unsigned int)strlen(str));

    memset(back, 0, sizeof(back));
    ret = pFBinFromHex(str, back);
    ok(ret == TRUE, "got %d.\n", ret);
    ok(!memcmp(data, back, sizeof(data)), "round trip differs.\n");
}

static void test_ScBinFromHexBounded(void)
{
    char hex[] = "0102030405", bad[] = "01zz", odd[] = "010", lower[] = "abCD";
    BYTE data[8];
    SCODE sc;

    memset(data, 0xcc, sizeof(data));
    sc = pScBinFromHexBounded(hex, data, sizeof(data));
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(data[0] == 1 && data[4] == 5 && data[5] == 0xcc, "got %02x %02x %02x.\n", data[0], data[4], data[5]);

    memset(data, 0xcc, sizeof(data));
    sc = pScBinFromHexBounded(hex, data, 2);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(data[0] == 1 && data[1] == 2 && data[2] == 0xcc, "got %02x %02x %02x.\n", data[0], data[1], data[2]);

    sc = pScBinFromHexBounded(lower, data, sizeof(data));
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(data[0] == 0xab && data[1] == 0xcd, "got %02x %02x.\n", data[0], data[1]);

    sc = pScBinFromHexBounded(bad, data, sizeof(data));
    ok(sc == MAPI_E_CALL_FAILED, "got %#lx.\n", sc);
    sc = pScBinFromHexBounded(odd, data, sizeof(data));
    ok(sc == MAPI_E_CALL_FAILED, "got %#lx.\n", sc);
}

static void test_UFromSz(void)
{
    UINT ret;

    ret = pUFromSz("105679");
    ok(ret == 105679, "got %u.\n", ret);
    ret = pUFromSz(" 4");
    ok(ret == 0, "got %u.\n", ret);
    ret = pUFromSz("55");
    ok(ret == 55, "got %u.\n", ret);
    ret = pUFromSz("5a5b");
    ok(ret == 5, "got %u.\n", ret);
    ret = pUFromSz("a5b5");
    ok(ret == 0, "got %u.\n", ret);
    ret = pUFromSz("-3");
    ok(ret == 0, "got %u.\n", ret);
    ret = pUFromSz("");
    ok(ret == 0, "got %u.\n", ret);
    ret = pUFromSz("4294967295");
    ok(ret == 4294967295u, "got %u.\n", ret);
}

static void test_UlFromSzHex(void)
{
    ULONG ret;

    ret = pUlFromSzHex("fF");
    ok(ret == 0xff, "got %#lx.\n", ret);
    ret = pUlFromSzHex(" c");
    ok(ret == 0, "got %#lx.\n", ret);
    ret = pUlFromSzHex("5a");
    ok(ret == 90, "got %#lx.\n", ret);
    ret = pUlFromSzHex("5g5h");
    ok(ret == 5, "got %#lx.\n", ret);
    ret = pUlFromSzHex("g5h5");
    ok(ret == 0, "got %#lx.\n", ret);
    ret = pUlFromSzHex("abc");
    ok(ret == 0xabc, "got %#lx.\n", ret);
    ret = pUlFromSzHex("DeadBeef");
    ok(ret == 0xdeadbeef, "got %#lx.\n", ret);
    ret = pUlFromSzHex("");
    ok(ret == 0, "got %#lx.\n", ret);
}

static void test_CbOfEncoded(void)
{
    char buff[129];
    unsigned int i;
    ULONG ret, expect;

    for (i = 0; i < sizeof(buff) - 1; i++)
    {
        expect = (((i | 3) >> 2) + 1) * 3;
        memset(buff, 0, sizeof(buff));
        memset(buff, '?', i);
        ret = pCbOfEncoded(buff);
        ok(ret == expect, "length %u: got %lu, expected %lu.\n", i, ret, expect);
    }

    ret = pCbOfEncoded(NULL);
    ok(ret == 0, "got %lu.\n", ret);
}

static void test_CchOfEncoding(void)
{
    static const struct
    {
        ULONG size;
        ULONG cch;
    }
    tests[] =
    {
        { 0, 1 }, { 1, 3 }, { 2, 4 }, { 3, 5 }, { 4, 7 }, { 5, 8 }, { 6, 9 }, { 16, 23 }, { 22, 31 },
    };
    unsigned int i;
    ULONG ret;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        ret = pCchOfEncoding(tests[i].size);
        ok(ret == tests[i].cch, "size %lu: got %lu.\n", tests[i].size, ret);
    }
}

static void test_EncodeID(void)
{
    static const struct
    {
        const char *data;
        ULONG size;
        const char *encoded;
    }
    tests[] =
    {
        { "", 0, "" },
        { "M", 1, "TQ" },
        { "Ma", 2, "TWE" },
        { "Man", 3, "TWFu" },
        { "\xff\xff\xff", 3, "____" },
        { "\xfb\xef\xbe", 3, "----" },
        { "\0\0\0\0", 4, "AAAAAA" },
    };
    char str[16];
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        memset(str, 'X', sizeof(str));
        pEncodeID((BYTE *)tests[i].data, tests[i].size, str);
        ok(!strcmp(str, tests[i].encoded), "test %u: got %s.\n", i, debugstr_a(str));
        ok(strlen(str) + 1 == pCchOfEncoding(tests[i].size), "test %u: got length %u.\n",
           i, (unsigned int)strlen(str));
    }
}

static void test_FDecodeID(void)
{
    static const char *bad[] = { "A", "AAAAA", "AB", "AAB", "TQ==", "TW u", "TWF+", "TWF/", "TWF." };
    BYTE data[16];
    ULONG size;
    unsigned int i;
    BOOL ret;

    size = 0xdead;
    memset(data, 0xcc, sizeof(data));
    ret = pFDecodeID("TWFu", (ENTRYID *)data, &size);
    ok(ret == TRUE, "got %d.\n", ret);
    ok(size == 3, "got size %lu.\n", size);
    ok(!memcmp(data, "Man", 3) && data[3] == 0xcc, "got %s.\n", debugstr_an((char *)data, 4));

    size = 0xdead;
    ret = pFDecodeID("TWE", (ENTRYID *)data, &size);
    ok(ret == TRUE, "got %d.\n", ret);
    ok(size == 2 && !memcmp(data, "Ma", 2), "got size %lu.\n", size);

    size = 0xdead;
    ret = pFDecodeID("", (ENTRYID *)data, &size);
    ok(ret == TRUE, "got %d.\n", ret);
    ok(size == 0, "got size %lu.\n", size);

    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        ret = pFDecodeID(bad[i], (ENTRYID *)data, &size);
        ok(ret == FALSE, "%s: got %d.\n", debugstr_a(bad[i]), ret);
    }
}

static void test_EncodeID_round_trip(void)
{
    BYTE data[40], back[64];
    char str[64];
    ULONG size, len;
    BOOL ret;

    for (len = 0; len < sizeof(data); len++)
    {
        data[len] = (len * 97 + 3) & 0xff;

        pEncodeID(data, len, str);
        ok(strlen(str) + 1 == pCchOfEncoding(len), "length %lu: got %u characters.\n",
           len, (unsigned int)strlen(str));
        ok(pCbOfEncoded(str) >= len, "length %lu: CbOfEncoded gives %lu.\n", len, pCbOfEncoded(str));

        memset(back, 0, sizeof(back));
        size = 0xdead;
        ret = pFDecodeID(str, (ENTRYID *)back, &size);
        ok(ret == TRUE, "length %lu: got %d.\n", len, ret);
        ok(size == len, "length %lu: got size %lu.\n", len, size);
        ok(!memcmp(data, back, len), "length %lu: data differs.\n", len);
    }
}

static void test_HrSzFromEntryID(void)
{
    BYTE eid[24];
    char expect[40], *str;
    unsigned int i;
    HRESULT hr;

    for (i = 0; i < sizeof(eid); i++)
        eid[i] = i * 11;
    pEncodeID(eid, sizeof(eid), expect);

    str = (char *)0xdeadbeef;
    hr = pHrSzFromEntryID(sizeof(eid), (ENTRYID *)eid, &str);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(str && !strcmp(str, expect), "got %s, expected %s.\n", debugstr_a(str), debugstr_a(expect));
    pMAPIFreeBuffer(str);

    hr = pHrSzFromEntryID(sizeof(eid), (ENTRYID *)eid, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pHrSzFromEntryID(sizeof(eid), NULL, &str);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    str = (char *)0xdeadbeef;
    hr = pHrSzFromEntryID(0, (ENTRYID *)eid, &str);
    ok(hr == MAPI_E_INVALID_ENTRYID, "got %#lx.\n", hr);
    ok(!str, "got %p.\n", str);
}

static void test_HrEntryIDFromSz(void)
{
    char good[] = "TWFu", bad[] = "TW*u", empty[] = "";
    ENTRYID *eid;
    ULONG size;
    HRESULT hr;

    size = 0xdead;
    eid = (ENTRYID *)0xdeadbeef;
    hr = pHrEntryIDFromSz(good, &size, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(size == 3, "got size %lu.\n", size);
    ok(eid && !memcmp(eid, "Man", 3), "got %s.\n", debugstr_an((char *)eid, 3));
    pMAPIFreeBuffer(eid);

    size = 0xdead;
    eid = (ENTRYID *)0xdeadbeef;
    hr = pHrEntryIDFromSz(bad, &size, &eid);
    ok(hr == MAPI_E_INVALID_ENTRYID, "got %#lx.\n", hr);
    ok(!eid, "got %p.\n", eid);
    ok(!size, "got size %lu.\n", size);

    hr = pHrEntryIDFromSz(empty, &size, &eid);
    ok(hr == MAPI_E_INVALID_ENTRYID, "got %#lx.\n", hr);

    hr = pHrEntryIDFromSz(NULL, &size, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pHrEntryIDFromSz(good, NULL, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pHrEntryIDFromSz(good, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

static void test_HrSzFromEntryID_round_trip(void)
{
    BYTE eid[70];
    ENTRYID *back;
    ULONG size, len;
    char *str;
    HRESULT hr;

    for (len = 1; len <= sizeof(eid); len += 3)
    {
        memset(eid, 0, sizeof(eid));
        eid[len - 1] = 0x80 | len;
        eid[len / 2] = 0xfe;

        hr = pHrSzFromEntryID(len, (ENTRYID *)eid, &str);
        ok(hr == S_OK, "length %lu: got %#lx.\n", len, hr);
        hr = pHrEntryIDFromSz(str, &size, &back);
        ok(hr == S_OK, "length %lu: got %#lx.\n", len, hr);
        ok(size == len, "length %lu: got size %lu.\n", len, size);
        ok(!memcmp(back, eid, len), "length %lu: data differs.\n", len);
        pMAPIFreeBuffer(back);
        pMAPIFreeBuffer(str);
    }
}

static void test_SzFindCh(void)
{
    static const char str[] = "abcABCabc";
    char *ret;

    ret = pSzFindCh(str, 'b');
    ok(ret == str + 1, "got %p, expected %p.\n", ret, str + 1);
    ret = pSzFindCh(str, 'B');
    ok(ret == str + 4, "got %p, expected %p.\n", ret, str + 4);
    ret = pSzFindCh(str, 'x');
    ok(!ret, "got %p.\n", ret);
    ret = pSzFindCh(str, 0);
    ok(!ret, "got %p.\n", ret);
    ret = pSzFindCh("", 'a');
    ok(!ret, "got %p.\n", ret);
    ret = pSzFindCh(NULL, 'a');
    ok(!ret, "got %p.\n", ret);
}

static void test_SzFindLastCh(void)
{
    static const char str[] = "abcABCabc";
    char *ret;

    ret = pSzFindLastCh(str, 'b');
    ok(ret == str + 7, "got %p, expected %p.\n", ret, str + 7);
    ret = pSzFindLastCh(str, 'A');
    ok(ret == str + 3, "got %p, expected %p.\n", ret, str + 3);
    ret = pSzFindLastCh(str, 'x');
    ok(!ret, "got %p.\n", ret);
    ret = pSzFindLastCh(NULL, 'a');
    ok(!ret, "got %p.\n", ret);
}

static void test_SzFindSz(void)
{
    static const char str[] = "one two Two two";
    char *ret;

    ret = pSzFindSz(str, "two");
    ok(ret == str + 4, "got %p, expected %p.\n", ret, str + 4);
    ret = pSzFindSz(str, "Two");
    ok(ret == str + 8, "got %p, expected %p.\n", ret, str + 8);
    ret = pSzFindSz(str, "two!");
    ok(!ret, "got %p.\n", ret);
    ret = pSzFindSz(str, "one two Two two and more");
    ok(!ret, "got %p.\n", ret);
    ret = pSzFindSz(str, str);
    ok(ret == str, "got %p, expected %p.\n", ret, str);
    ret = pSzFindSz(str, "");
    ok(ret == str, "got %p, expected %p.\n", ret, str);
    ret = pSzFindSz(NULL, "two");
    ok(!ret, "got %p.\n", ret);
    ret = pSzFindSz(str, NULL);
    ok(!ret, "got %p.\n", ret);
}

static void test_IsBadBoundedStringPtr(void)
{
    BOOL ret;

    ret = pIsBadBoundedStringPtr(NULL, 0);
    ok(ret == TRUE, "got %d.\n", ret);
    ret = pIsBadBoundedStringPtr(NULL, 10);
    ok(ret == TRUE, "got %d.\n", ret);
    ret = pIsBadBoundedStringPtr("TEST", 4);
    ok(ret == TRUE, "got %d.\n", ret);
    ret = pIsBadBoundedStringPtr("TEST", 5);
    ok(ret == FALSE, "got %d.\n", ret);
    ret = pIsBadBoundedStringPtr("TEST", 100);
    ok(ret == FALSE, "got %d.\n", ret);
    ret = pIsBadBoundedStringPtr("", 1);
    ok(ret == FALSE, "got %d.\n", ret);
    ret = pIsBadBoundedStringPtr("", 0);
    ok(ret == TRUE, "got %d.\n", ret);
}

static void test_MNLS(void)
{
    WCHAR buffer[16];
    char ansi[16];
    WCHAR *ptr;
    ULONG len;
    int ret;
    BOOL bad;

    len = pMNLS_lstrlenW(L"hello");
    ok(len == 5, "got %lu.\n", len);
    len = pMNLS_lstrlenW(L"");
    ok(len == 0, "got %lu.\n", len);

    ret = pMNLS_lstrcmpW(L"abc", L"abc");
    ok(ret == 0, "got %d.\n", ret);
    ret = pMNLS_lstrcmpW(L"abc", L"abd");
    ok(ret < 0, "got %d.\n", ret);
    ret = pMNLS_lstrcmpW(L"abd", L"abc");
    ok(ret > 0, "got %d.\n", ret);

    memset(buffer, 0xcc, sizeof(buffer));
    ptr = pMNLS_lstrcpyW(buffer, L"copy");
    ok(ptr == buffer, "got %p, expected %p.\n", ptr, buffer);
    ok(!wcscmp(buffer, L"copy"), "got %s.\n", debugstr_w(buffer));

    ret = pMNLS_CompareStringW(LOCALE_SYSTEM_DEFAULT, NORM_IGNORECASE, L"abc", -1, L"ABC", -1);
    ok(ret == CSTR_EQUAL, "got %d.\n", ret);
    ret = pMNLS_CompareStringW(LOCALE_SYSTEM_DEFAULT, 0, L"abc", -1, L"abd", -1);
    ok(ret == CSTR_LESS_THAN, "got %d.\n", ret);
    ret = pMNLS_CompareStringW(LOCALE_SYSTEM_DEFAULT, 0, L"abd", 2, L"abc", 2);
    ok(ret == CSTR_EQUAL, "got %d.\n", ret);

    memset(buffer, 0xcc, sizeof(buffer));
    ret = pMNLS_MultiByteToWideChar(CP_ACP, 0, "wide", -1, buffer, ARRAY_SIZE(buffer));
    ok(ret == 5, "got %d.\n", ret);
    ok(!wcscmp(buffer, L"wide"), "got %s.\n", debugstr_w(buffer));

    memset(ansi, 'X', sizeof(ansi));
    ret = pMNLS_WideCharToMultiByte(CP_ACP, 0, L"narrow", -1, ansi, sizeof(ansi), NULL, NULL);
    ok(ret == 7, "got %d.\n", ret);
    ok(!strcmp(ansi, "narrow"), "got %s.\n", debugstr_a(ansi));

    bad = pMNLS_IsBadStringPtrW(L"good", 10);
    ok(bad == FALSE, "got %d.\n", bad);
    bad = pMNLS_IsBadStringPtrW(NULL, 10);
    ok(bad == TRUE, "got %d.\n", bad);
}

static FILETIME make_ft(DWORD high, DWORD low)
{
    FILETIME ft;

    ft.dwHighDateTime = high;
    ft.dwLowDateTime = low;
    return ft;
}

#define ok_ft(ft, high, low) ok_ft_(__FILE__, __LINE__, ft, high, low)
static void ok_ft_(const char *file, int line, FILETIME ft, DWORD high, DWORD low)
{
    ok_(file, line)(ft.dwHighDateTime == high && ft.dwLowDateTime == low,
                    "got %#lx:%08lx, expected %#lx:%08lx.\n", ft.dwHighDateTime, ft.dwLowDateTime, high, low);
}

static void test_FtAddFt(void)
{
    FILETIME ret;

    ret = pFtAddFt(make_ft(1, 2), make_ft(3, 4));
    ok_ft(ret, 4, 6);
    ret = pFtAddFt(make_ft(0, 0xffffffff), make_ft(0, 1));
    ok_ft(ret, 1, 0);
    ret = pFtAddFt(make_ft(0x7fffffff, 0xffffffff), make_ft(0, 1));
    ok_ft(ret, 0x80000000, 0);
    ret = pFtAddFt(make_ft(0xffffffff, 0xffffffff), make_ft(0, 2));
    ok_ft(ret, 0, 1);
}

static void test_FtAdcFt(void)
{
    FILETIME ret;
    WORD carry;

    ret = pFtAdcFt(make_ft(0, 0xffffffff), make_ft(0, 1), NULL);
    ok_ft(ret, 1, 0);

    carry = 0;
    ret = pFtAdcFt(make_ft(1, 2), make_ft(3, 4), &carry);
    ok_ft(ret, 4, 6);
    ok(carry == 0, "got carry %u.\n", carry);

    carry = 1;
    ret = pFtAdcFt(make_ft(1, 2), make_ft(3, 4), &carry);
    ok_ft(ret, 4, 7);
    ok(carry == 0, "got carry %u.\n", carry);

    carry = 0;
    ret = pFtAdcFt(make_ft(0xffffffff, 0xffffffff), make_ft(0, 3), &carry);
    ok_ft(ret, 0, 2);
    ok(carry == 1, "got carry %u.\n", carry);

    carry = 1;
    ret = pFtAdcFt(make_ft(0xffffffff, 0xffffffff), make_ft(0, 0), &carry);
    ok_ft(ret, 0, 0);
    ok(carry == 1, "got carry %u.\n", carry);

    carry = 1;
    ret = pFtAdcFt(make_ft(0xffffffff, 0xfffffffe), make_ft(0, 0), &carry);
    ok_ft(ret, 0xffffffff, 0xffffffff);
    ok(carry == 0, "got carry %u.\n", carry);

    carry = 1;
    ret = pFtAdcFt(make_ft(0xffffffff, 0xffffffff), make_ft(0xffffffff, 0xffffffff), &carry);
    ok_ft(ret, 0xffffffff, 0xffffffff);
    ok(carry == 1, "got carry %u.\n", carry);
}

static void test_FtSubFt(void)
{
    FILETIME ret;

    ret = pFtSubFt(make_ft(3, 4), make_ft(1, 2));
    ok_ft(ret, 2, 2);
    ret = pFtSubFt(make_ft(1, 0), make_ft(0, 1));
    ok_ft(ret, 0, 0xffffffff);
    ret = pFtSubFt(make_ft(0, 0), make_ft(0, 1));
    ok_ft(ret, 0xffffffff, 0xffffffff);
    ret = pFtSubFt(make_ft(0, 5), make_ft(0, 5));
    ok_ft(ret, 0, 0);
}

static void test_FtMulDw(void)
{
    FILETIME ret;

    ret = pFtMulDw(3, make_ft(1, 2));
    ok_ft(ret, 3, 6);
    ret = pFtMulDw(2, make_ft(0, 0x80000000));
    ok_ft(ret, 1, 0);
    ret = pFtMulDw(0xffffffff, make_ft(0, 0xffffffff));
    ok_ft(ret, 0xfffffffe, 1);
    ret = pFtMulDw(0x10, make_ft(0x10000000, 1));
    ok_ft(ret, 0, 0x10);
    ret = pFtMulDw(0, make_ft(0x12345678, 0x9abcdef0));
    ok_ft(ret, 0, 0);
}

static void test_FtMulDwDw(void)
{
    FILETIME ret;

    ret = pFtMulDwDw(6, 7);
    ok_ft(ret, 0, 42);
    ret = pFtMulDwDw(0x10000, 0x10000);
    ok_ft(ret, 1, 0);
    ret = pFtMulDwDw(0xffffffff, 0xffffffff);
    ok_ft(ret, 0xfffffffe, 1);
    ret = pFtMulDwDw(0x80000000, 2);
    ok_ft(ret, 1, 0);
}

static void test_FtNegFt(void)
{
    FILETIME ret;

    ret = pFtNegFt(make_ft(0, 1));
    ok_ft(ret, 0xffffffff, 0xffffffff);
    ret = pFtNegFt(make_ft(0, 0));
    ok_ft(ret, 0, 0);
    ret = pFtNegFt(make_ft(1, 0));
    ok_ft(ret, 0xffffffff, 0);
    ret = pFtNegFt(make_ft(0x80000000, 0));
    ok_ft(ret, 0x80000000, 0);
    ret = pFtNegFt(make_ft(0xffffffff, 0xffffffff));
    ok_ft(ret, 0, 1);
}

static void test_FtDivFtBogus(void)
{
    FILETIME ret;

    /* 2^64 / 10, rounded up, as the reciprocal of 10. */
    ret = pFtDivFtBogus(make_ft(0, 1000), make_ft(0x19999999, 0x9999999a), 0);
    ok_ft(ret, 0, 100);
    ret = pFtDivFtBogus(make_ft(0, 1000), make_ft(0x19999999, 0x9999999a), 2);
    ok_ft(ret, 0, 25);
    ret = pFtDivFtBogus(make_ft(1, 0), make_ft(1, 0), 0);
    ok_ft(ret, 0, 1);
    ret = pFtDivFtBogus(make_ft(2, 0), make_ft(1, 0), 1);
    ok_ft(ret, 0, 1);
    ret = pFtDivFtBogus(make_ft(0xffffffff, 0xffffffff), make_ft(0xffffffff, 0xffffffff), 0);
    ok_ft(ret, 0xffffffff, 0xfffffffe);
    ret = pFtDivFtBogus(make_ft(0xffffffff, 0xffffffff), make_ft(0xffffffff, 0xffffffff), 31);
    ok_ft(ret, 1, 0xffffffff);
    ret = pFtDivFtBogus(make_ft(0, 0xffffffff), make_ft(0, 0xffffffff), 0);
    ok_ft(ret, 0, 0);
}

struct test_unknown
{
    IUnknown IUnknown_iface;
    LONG refcount;
};

static inline struct test_unknown *impl_from_IUnknown(IUnknown *iface)
{
    return CONTAINING_RECORD(iface, struct test_unknown, IUnknown_iface);
}

static HRESULT WINAPI test_unknown_QueryInterface(IUnknown *iface, REFIID iid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI test_unknown_AddRef(IUnknown *iface)
{
    return InterlockedIncrement(&impl_from_IUnknown(iface)->refcount);
}

static ULONG WINAPI test_unknown_Release(IUnknown *iface)
{
    return InterlockedDecrement(&impl_from_IUnknown(iface)->refcount);
}

static const IUnknownVtbl test_unknown_vtbl =
{
    test_unknown_QueryInterface,
    test_unknown_AddRef,
    test_unknown_Release,
};

static void test_UlAddRef_UlRelease(void)
{
    struct test_unknown object = {{&test_unknown_vtbl}, 1};
    ULONG ret;

    ret = pUlAddRef(&object.IUnknown_iface);
    ok(ret == 2, "got %lu.\n", ret);
    ret = pUlAddRef(&object.IUnknown_iface);
    ok(ret == 3, "got %lu.\n", ret);
    ok(object.refcount == 3, "got refcount %ld.\n", object.refcount);

    ret = pUlRelease(&object.IUnknown_iface);
    ok(ret == 2, "got %lu.\n", ret);
    ret = pUlRelease(&object.IUnknown_iface);
    ok(ret == 1, "got %lu.\n", ret);
    ret = pUlRelease(&object.IUnknown_iface);
    ok(ret == 0, "got %lu.\n", ret);
    ok(object.refcount == 0, "got refcount %ld.\n", object.refcount);

    ret = pUlAddRef(NULL);
    ok(ret == 0, "got %lu.\n", ret);
    ret = pUlRelease(NULL);
    ok(ret == 0, "got %lu.\n", ret);
}

static void test_FEqualNames(void)
{
    static GUID guid1 = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
    static GUID guid1_copy = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
    static GUID guid2 = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 9}};
    WCHAR name[] = L"Name", name_copy[] = L"Name", name_upper[] = L"NAME";
    MAPINAMEID id1, id2;
    BOOL ret;

    id1.lpguid = &guid1;
    id1.ulKind = MNID_ID;
    id1.Kind.lID = 0x8001;
    id2 = id1;
    id2.lpguid = &guid1_copy;
    ret = pFEqualNames(&id1, &id2);
    ok(ret == TRUE, "got %d.\n", ret);
    ret = pFEqualNames(&id1, &id1);
    ok(ret == TRUE, "got %d.\n", ret);

    id2.Kind.lID = 0x8002;
    ret = pFEqualNames(&id1, &id2);
    ok(ret == FALSE, "got %d.\n", ret);

    id2.Kind.lID = 0x8001;
    id2.lpguid = &guid2;
    ret = pFEqualNames(&id1, &id2);
    ok(ret == FALSE, "got %d.\n", ret);

    id1.ulKind = MNID_STRING;
    id1.Kind.lpwstrName = name;
    id2.lpguid = &guid1_copy;
    id2.ulKind = MNID_STRING;
    id2.Kind.lpwstrName = name_copy;
    ret = pFEqualNames(&id1, &id2);
    ok(ret == TRUE, "got %d.\n", ret);

    id2.Kind.lpwstrName = name_upper;
    ret = pFEqualNames(&id1, &id2);
    ok(ret == FALSE, "got %d.\n", ret);

    id2.ulKind = MNID_ID;
    id2.Kind.lID = 0;
    ret = pFEqualNames(&id1, &id2);
    ok(ret == FALSE, "got %d.\n", ret);

    ret = pFEqualNames(&id1, NULL);
    ok(ret == FALSE, "got %d.\n", ret);
    ret = pFEqualNames(NULL, &id1);
    ok(ret == FALSE, "got %d.\n", ret);
}

static void test_ScGenerateMuid(void)
{
    static const MAPIUID zero;
    MAPIUID uid1, uid2;
    SCODE sc;

    memset(&uid1, 0, sizeof(uid1));
    sc = pScGenerateMuid(&uid1);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(memcmp(&uid1, &zero, sizeof(zero)), "got a zero uid.\n");

    sc = pScGenerateMuid(&uid2);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(memcmp(&uid1, &uid2, sizeof(uid1)), "got the same uid twice.\n");

    sc = pScGenerateMuid(NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
}

static ULONGLONG now_filetime(void)
{
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static ULONGLONG conv_index_time(const BYTE *index)
{
    ULONGLONG time = 0;
    int i;

    for (i = 1; i <= 5; i++)
        time = (time << 8) | index[i];
    return time << 24;
}

static void set_conv_index_time(BYTE *index, ULONGLONG time)
{
    int i;

    for (i = 0; i < 5; i++)
        index[1 + i] = (BYTE)(time >> (56 - 8 * i));
}

static ULONG conv_index_block_code(const BYTE *block)
{
    return ((ULONG)block[0] << 24) | (block[1] << 16) | (block[2] << 8) | block[3];
}

static void test_ScCreateConversationIndex_new(void)
{
    static const BYTE zero[16];
    BYTE *index, *index2;
    ULONGLONG before, after, time;
    ULONG size;
    SCODE sc;

    before = now_filetime();
    sc = pScCreateConversationIndex(0, NULL, &size, &index);
    after = now_filetime();
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size == 22, "got size %lu.\n", size);
    ok(index[0] == 1, "got reserved byte %#x.\n", index[0]);
    time = conv_index_time(index);
    ok(time >= (before & ~(ULONGLONG)0xffffff) && time <= after,
       "got time %#I64x, expected between %#I64x and %#I64x.\n", time, before, after);
    ok(memcmp(index + 6, zero, sizeof(zero)), "got a zero GUID.\n");

    sc = pScCreateConversationIndex(0, NULL, &size, &index2);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size == 22, "got size %lu.\n", size);
    ok(memcmp(index + 6, index2 + 6, 16), "two conversations got the same GUID.\n");

    pMAPIFreeBuffer(index2);
    pMAPIFreeBuffer(index);
}

static void test_ScCreateConversationIndex_child(void)
{
    static const ULONGLONG day = 24 * 60 * 60 * (ULONGLONG)10000000;
    BYTE parent[22], *child, *grandchild;
    ULONGLONG start, before, after;
    ULONG size, code;
    SCODE sc;

    /* A conversation started now: the delta is the part of the current time
     * the header does not keep, with code 0. */
    sc = pScCreateConversationIndex(0, NULL, &size, &child);
    ok(sc == S_OK, "got %#lx.\n", sc);
    memcpy(parent, child, sizeof(parent));
    pMAPIFreeBuffer(child);
    start = conv_index_time(parent);

    before = now_filetime();
    sc = pScCreateConversationIndex(sizeof(parent), parent, &size, &child);
    after = now_filetime();
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size == 27, "got size %lu.\n", size);
    ok(!memcmp(child, parent, sizeof(parent)), "the parent index was not copied.\n");
    code = conv_index_block_code(child + 22);
    ok(!(code & 0x80000000), "got code %#lx.\n", code);
    ok(code >= (before - start) >> 18 && code <= (after - start) >> 18,
       "got delta %#lx, expected between %#I64x and %#I64x.\n", code, (before - start) >> 18, (after - start) >> 18);

    /* A reply to the reply keeps both blocks before it. */
    sc = pScCreateConversationIndex(size, child, &size, &grandchild);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(size == 32, "got size %lu.\n", size);
    ok(!memcmp(grandchild, child, 27), "the parent index was not copied.\n");
    pMAPIFreeBuffer(grandchild);
    pMAPIFreeBuffer(child);

    /* A day-old conversation still has code 0, counted in units of 2^18. */
    start = (now_filetime() - day) & ~(ULONGLONG)0xffffff;
    set_conv_index_time(parent, start);
    before = now_filetime();
    sc = pScCreateConversationIndex(sizeof(parent), parent, &size, &child);
    after = now_filetime();
    ok(sc == S_OK, "got %#lx.\n", sc);
    code = conv_index_block_code(child + 22);
    ok(!(code & 0x80000000), "got code %#lx.\n", code);
    ok(code >= (before - start) >> 18 && code <= (after - start) >> 18,
       "got delta %#lx, expected between %#I64x and %#I64x.\n", code, (before - start) >> 18, (after - start) >> 18);
    pMAPIFreeBuffer(child);

    /* Three years are more than 2^49 units: code 1, counted in units of 2^23. */
    start = (now_filetime() - 3 * 365 * day) & ~(ULONGLONG)0xffffff;
    set_conv_index_time(parent, start);
    before = now_filetime();
    sc = pScCreateConversationIndex(sizeof(parent), parent, &size, &child);
    after = now_filetime();
    ok(sc == S_OK, "got %#lx.\n", sc);
    code = conv_index_block_code(child + 22);
    ok(code & 0x80000000, "got code %#lx.\n", code);
    code &= 0x7fffffff;
    ok(code >= (before - start) >> 23 && code <= (after - start) >> 23,
       "got delta %#lx, expected between %#I64x and %#I64x.\n", code, (before - start) >> 23, (after - start) >> 23);
    pMAPIFreeBuffer(child);
}

static void test_ScCreateConversationIndex_invalid(void)
{
    BYTE parent[22] = {1}, *index;
    ULONG size;
    SCODE sc;

    sc = pScCreateConversationIndex(0, NULL, NULL, &index);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCreateConversationIndex(0, NULL, &size, NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCreateConversationIndex(sizeof(parent), NULL, &size, &index);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pScCreateConversationIndex(10, parent, &size, &index);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
}

static void test_MapStorageSCode(void)
{
    static const struct
    {
        SCODE storage;
        SCODE mapi;
    }
    tests[] =
    {
        { S_OK,                     S_OK },
        { STG_E_INSUFFICIENTMEMORY, MAPI_E_NOT_ENOUGH_MEMORY },
        { E_OUTOFMEMORY,            MAPI_E_NOT_ENOUGH_MEMORY },
        { STG_E_ACCESSDENIED,       MAPI_E_NO_ACCESS },
        { STG_E_SHAREVIOLATION,     MAPI_E_NO_ACCESS },
        { STG_E_FILENOTFOUND,       MAPI_E_NOT_FOUND },
        { STG_E_PATHNOTFOUND,       MAPI_E_NOT_FOUND },
        { STG_E_MEDIUMFULL,         MAPI_E_NOT_ENOUGH_DISK },
        { STG_E_INVALIDPARAMETER,   MAPI_E_INVALID_PARAMETER },
        { STG_E_INVALIDFUNCTION,    MAPI_E_NO_SUPPORT },
        { STG_E_FILEALREADYEXISTS,  MAPI_E_COLLISION },
        { STG_E_DOCFILECORRUPT,     MAPI_E_CORRUPT_DATA },
        { 0x8004dead,               MAPI_E_CALL_FAILED },
        { E_FAIL,                   MAPI_E_CALL_FAILED },
    };
    unsigned int i;
    SCODE sc;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        sc = pMapStorageSCode(tests[i].storage);
        ok(sc == tests[i].mapi, "%#lx: got %#lx, expected %#lx.\n", tests[i].storage, sc, tests[i].mapi);
    }
}

START_TEST(util)
{
    SCODE sc;

    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "cannot load mapi32.dll, error %lu.\n", GetLastError());
    if (!mapi32) return;

    init_function_pointers();

    sc = pScInitMapiUtil(0);
    ok(sc == S_OK, "got %#lx.\n", sc);

    test_undecorated_exports();
    test_SwapPword();
    test_SwapPlong();
    test_HexFromBin();
    test_FBinFromHex();
    test_HexFromBin_round_trip();
    test_ScBinFromHexBounded();
    test_UFromSz();
    test_UlFromSzHex();
    test_CbOfEncoded();
    test_CchOfEncoding();
    test_EncodeID();
    test_FDecodeID();
    test_EncodeID_round_trip();
    test_HrSzFromEntryID();
    test_HrEntryIDFromSz();
    test_HrSzFromEntryID_round_trip();
    test_SzFindCh();
    test_SzFindLastCh();
    test_SzFindSz();
    test_IsBadBoundedStringPtr();
    test_MNLS();
    test_FtAddFt();
    test_FtAdcFt();
    test_FtSubFt();
    test_FtMulDw();
    test_FtMulDwDw();
    test_FtNegFt();
    test_FtDivFtBogus();
    test_UlAddRef_UlRelease();
    test_FEqualNames();
    test_ScGenerateMuid();
    test_ScCreateConversationIndex_new();
    test_ScCreateConversationIndex_child();
    test_ScCreateConversationIndex_invalid();
    test_MapStorageSCode();

    pDeinitMapiUtil();
    FreeLibrary(mapi32);
}
