/*
 * mapi32: the small helpers: hex, encoding, strings, FILETIME math, MNLS, identifiers
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* mapiutil.h has inline versions of the FILETIME math under the same names
 * as the exports: keep them out of the way here. */
#define FtAddFt header_FtAddFt
#define FtSubFt header_FtSubFt
#define FtNegFt header_FtNegFt
#define FtMulDw header_FtMulDw
#define FtMulDwDw header_FtMulDwDw
#include "private.h"
#undef FtAddFt
#undef FtSubFt
#undef FtNegFt
#undef FtMulDw
#undef FtMulDwDw

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Placeholders until this file is written: each one fails. */
BOOL WINAPI FBinFromHex(LPSTR hex, LPBYTE out)
{
    FIXME("not implemented yet.\n");
    return FALSE;
}

SCODE WINAPI ScBinFromHexBounded(LPSTR hex, LPBYTE out, ULONG size)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

void WINAPI HexFromBin(LPBYTE data, int count, LPSTR out)
{
    FIXME("not implemented yet.\n");
}

ULONG WINAPI UlFromSzHex(LPCSTR hex)
{
    FIXME("not implemented yet.\n");
    return 0;
}

LPSTR WINAPI SzFindCh(LPCSTR str, USHORT ch)
{
    FIXME("not implemented yet.\n");
    return NULL;
}

LPSTR WINAPI SzFindLastCh(LPCSTR str, USHORT ch)
{
    FIXME("not implemented yet.\n");
    return NULL;
}

LPSTR WINAPI SzFindSz(LPCSTR str, LPCSTR sub)
{
    FIXME("not implemented yet.\n");
    return NULL;
}

UINT WINAPI UFromSz(LPCSTR str)
{
    FIXME("not implemented yet.\n");
    return 0;
}

BOOL WINAPI FEqualNames(LPMAPINAMEID name1, LPMAPINAMEID name2)
{
    FIXME("not implemented yet.\n");
    return FALSE;
}

ULONG WINAPI UlAddRef(void *unknown)
{
    FIXME("not implemented yet.\n");
    return 0;
}

ULONG WINAPI UlRelease(void *unknown)
{
    FIXME("not implemented yet.\n");
    return 0;
}

ULONG WINAPI SwapPlong(PULONG values, ULONG count)
{
    FIXME("not implemented yet.\n");
    return 0;
}

ULONG WINAPI SwapPword(PUSHORT values, ULONG count)
{
    FIXME("not implemented yet.\n");
    return 0;
}

ULONG WINAPI CbOfEncoded(LPCSTR encoded)
{
    FIXME("not implemented yet.\n");
    return 0;
}

ULONG WINAPI CchOfEncoding(ULONG size)
{
    FIXME("not implemented yet.\n");
    return 0;
}

void WINAPI EncodeID(LPBYTE data, ULONG size, LPSTR out)
{
    FIXME("not implemented yet.\n");
}

BOOL WINAPI FDecodeID(LPCSTR encoded, LPENTRYID out, ULONG *size)
{
    FIXME("not implemented yet.\n");
    return FALSE;
}

BOOL WINAPI IsBadBoundedStringPtr(const void *str, UINT max)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

SCODE WINAPI ScGenerateMuid(LPMAPIUID muid)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScCreateConversationIndex(ULONG parent_size, LPBYTE parent, ULONG *size, LPBYTE *index)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI MapStorageSCode(SCODE storage_code)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrSzFromEntryID(ULONG size, LPENTRYID eid, LPSTR *out)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrEntryIDFromSz(LPSTR str, ULONG *size, LPENTRYID *eid)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

ULONG WINAPI MNLS_lstrlenW(LPCWSTR str)
{
    FIXME("not implemented yet.\n");
    return 0;
}

int WINAPI MNLS_lstrcmpW(LPCWSTR left, LPCWSTR right)
{
    FIXME("not implemented yet.\n");
    return 0;
}

LPWSTR WINAPI MNLS_lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    FIXME("not implemented yet.\n");
    return NULL;
}

int WINAPI MNLS_CompareStringW(LCID lcid, DWORD flags, LPCWSTR left, int left_len, LPCWSTR right, int right_len)
{
    FIXME("not implemented yet.\n");
    return 0;
}

int WINAPI MNLS_MultiByteToWideChar(UINT codepage, DWORD flags, LPCSTR src, int src_len, LPWSTR dst, int dst_len)
{
    FIXME("not implemented yet.\n");
    return 0;
}

int WINAPI MNLS_WideCharToMultiByte(UINT codepage, DWORD flags, LPCWSTR src, int src_len, LPSTR dst, int dst_len, LPCSTR default_char, BOOL *used_default)
{
    FIXME("not implemented yet.\n");
    return 0;
}

BOOL WINAPI MNLS_IsBadStringPtrW(LPCWSTR str, UINT_PTR max)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}


FILETIME WINAPI FtAddFt(FILETIME left, FILETIME right)
{
    FILETIME ret = {0};
    FIXME("not implemented yet.\n");
    return ret;
}

FILETIME WINAPI FtSubFt(FILETIME left, FILETIME right)
{
    FILETIME ret = {0};
    FIXME("not implemented yet.\n");
    return ret;
}

FILETIME WINAPI FtNegFt(FILETIME ft)
{
    FILETIME ret = {0};
    FIXME("not implemented yet.\n");
    return ret;
}

FILETIME WINAPI FtMulDw(DWORD left, FILETIME right)
{
    FILETIME ret = {0};
    FIXME("not implemented yet.\n");
    return ret;
}

FILETIME WINAPI FtMulDwDw(DWORD left, DWORD right)
{
    FILETIME ret = {0};
    FIXME("not implemented yet.\n");
    return ret;
}

FILETIME WINAPI FtAdcFt(FILETIME left, FILETIME right, WORD *carry)
{
    FILETIME ret = {0};
    FIXME("not implemented yet.\n");
    return ret;
}

FILETIME WINAPI FtDivFtBogus(FILETIME left, FILETIME right, DWORD count)
{
    FILETIME ret = {0};
    FIXME("not implemented yet.\n");
    return ret;
}
