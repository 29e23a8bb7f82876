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

/* --- hexadecimal ----------------------------------------------------------- */

/* The value of a hexadecimal digit, or -1 for anything else. */
static int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads the byte written as two hexadecimal digits at str. */
static BOOL hex_pair_value(const char *str, BYTE *value)
{
    int high, low;

    if ((high = hex_digit_value(str[0])) < 0) return FALSE;
    if ((low = hex_digit_value(str[1])) < 0) return FALSE;
    *value = (high << 4) | low;
    return TRUE;
}

/***********************************************************************
 *              FBinFromHex@8 (MAPI32.44)
 *
 * Converts a whole string of hexadecimal digit pairs to bytes.
 */
BOOL WINAPI FBinFromHex(LPSTR hex, LPBYTE out)
{
    TRACE("%s, %p.\n", debugstr_a(hex), out);

    if (!hex || !out) return FALSE;

    for (; *hex; hex += 2)
        if (!hex_pair_value(hex, out++)) return FALSE;
    return TRUE;
}

/***********************************************************************
 *              ScBinFromHexBounded@12 (MAPI32.43)
 *
 * Like FBinFromHex, writing no more than size bytes: conversion ends at the
 * end of the string or when the buffer is full.
 */
SCODE WINAPI ScBinFromHexBounded(LPSTR hex, LPBYTE out, ULONG size)
{
    ULONG i;

    TRACE("%s, %p, %lu.\n", debugstr_a(hex), out, size);

    if (!hex || (size && !out)) return MAPI_E_INVALID_PARAMETER;

    for (i = 0; i < size && *hex; i++, hex += 2)
        if (!hex_pair_value(hex, out + i)) return MAPI_E_CALL_FAILED;
    return S_OK;
}

/***********************************************************************
 *              HexFromBin@12 (MAPI32.45)
 *
 * Writes 2 * count uppercase hexadecimal digits and a terminating NUL.
 */
void WINAPI HexFromBin(LPBYTE data, int count, LPSTR out)
{
    static const char digits[] = "0123456789ABCDEF";
    int i;

    TRACE("%p, %d, %p.\n", data, count, out);

    if (!out) return;
    if (!data) count = 0;

    for (i = 0; i < count; i++)
    {
        *out++ = digits[data[i] >> 4];
        *out++ = digits[data[i] & 0xf];
    }
    *out = 0;
}

/***********************************************************************
 *              UlFromSzHex@4 (MAPI32.155)
 *
 * Reads hexadecimal digits up to the first character that is not one.
 */
ULONG WINAPI UlFromSzHex(LPCSTR hex)
{
    ULONG ret = 0;
    int digit;

    TRACE("%s.\n", debugstr_a(hex));

    if (!hex) return 0;
    for (; (digit = hex_digit_value(*hex)) >= 0; hex++)
        ret = (ret << 4) | digit;
    return ret;
}

/***********************************************************************
 *              UFromSz@4 (MAPI32.133)
 *
 * Reads decimal digits up to the first character that is not one; no sign
 * and no leading white space are accepted.
 */
UINT WINAPI UFromSz(LPCSTR str)
{
    UINT ret = 0;

    TRACE("%s.\n", debugstr_a(str));

    if (!str) return 0;
    for (; *str >= '0' && *str <= '9'; str++)
        ret = ret * 10 + (*str - '0');
    return ret;
}

/* --- entry identifier encoding ----------------------------------------------
 *
 * EncodeID writes each group of three bytes as four characters of six bits
 * each, most significant bits first, from the 64-character alphabet below.
 * A final group of one or two bytes takes two or three characters, with the
 * unused low bits zero; there is no padding, and the string ends with a NUL.
 */

static const char encode_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int encode_char_value(char c)
{
    const char *pos;

    if (!c || !(pos = strchr(encode_alphabet, c))) return -1;
    return pos - encode_alphabet;
}

/***********************************************************************
 *              CchOfEncoding@4 (MAPI32.206)
 *
 * The number of characters EncodeID writes for size bytes, counting the
 * terminating NUL.
 */
ULONG WINAPI CchOfEncoding(ULONG size)
{
    static const ULONG tail[3] = {0, 2, 3};

    TRACE("%lu.\n", size);

    return (size / 3) * 4 + tail[size % 3] + 1;
}

/***********************************************************************
 *              CbOfEncoded@4 (MAPI32.207)
 *
 * A buffer size large enough for FDecodeID to decode the string into.
 */
ULONG WINAPI CbOfEncoded(LPCSTR encoded)
{
    TRACE("%s.\n", debugstr_a(encoded));

    if (!encoded) return 0;
    return (strlen(encoded) / 4 + 1) * 3;
}

/***********************************************************************
 *              EncodeID@12 (MAPI32.204)
 *
 * out must hold CchOfEncoding(size) characters.
 */
void WINAPI EncodeID(LPBYTE data, ULONG size, LPSTR out)
{
    ULONG i, group;

    TRACE("%p, %lu, %p.\n", data, size, out);

    if (!out) return;
    if (!data) size = 0;

    for (i = 0; i + 3 <= size; i += 3)
    {
        group = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        *out++ = encode_alphabet[(group >> 18) & 0x3f];
        *out++ = encode_alphabet[(group >> 12) & 0x3f];
        *out++ = encode_alphabet[(group >> 6) & 0x3f];
        *out++ = encode_alphabet[group & 0x3f];
    }
    if (size - i == 1)
    {
        *out++ = encode_alphabet[data[i] >> 2];
        *out++ = encode_alphabet[(data[i] & 0x03) << 4];
    }
    else if (size - i == 2)
    {
        group = (data[i] << 8) | data[i + 1];
        *out++ = encode_alphabet[group >> 10];
        *out++ = encode_alphabet[(group >> 4) & 0x3f];
        *out++ = encode_alphabet[(group & 0x0f) << 2];
    }
    *out = 0;
}

/***********************************************************************
 *              FDecodeID@12 (MAPI32.205)
 *
 * Decodes a string from EncodeID into out, which must hold
 * CbOfEncoded(encoded) bytes, and stores the number of bytes in *size.
 * Fails for a character outside the alphabet, a length no encoding has, or
 * nonzero unused bits in the last character.
 */
BOOL WINAPI FDecodeID(LPCSTR encoded, LPENTRYID out, ULONG *size)
{
    BYTE *dst = (BYTE *)out;
    ULONG len, i, group = 0, count = 0, bits = 0;
    int value;

    TRACE("%s, %p, %p.\n", debugstr_a(encoded), out, size);

    if (!encoded || !out) return FALSE;

    len = strlen(encoded);
    if (len % 4 == 1) return FALSE;

    for (i = 0; i < len; i++)
    {
        if ((value = encode_char_value(encoded[i])) < 0) return FALSE;
        group = (group << 6) | value;
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            dst[count++] = group >> bits;
            group &= (1u << bits) - 1;
        }
    }
    if (group) return FALSE;

    if (size) *size = count;
    return TRUE;
}

/***********************************************************************
 *              HrSzFromEntryID@12 (MAPI32.141)
 *
 * The string is the EncodeID form of the entry identifier, in a buffer from
 * MAPIAllocateBuffer.
 */
HRESULT WINAPI HrSzFromEntryID(ULONG size, LPENTRYID eid, LPSTR *out)
{
    SCODE sc;
    char *str;

    TRACE("%lu, %p, %p.\n", size, eid, out);

    if (!out || (size && !eid)) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!size) return MAPI_E_INVALID_ENTRYID;
    if (size > MAXDWORD / 4 * 3 - 3) return MAPI_E_NOT_ENOUGH_MEMORY;

    if (FAILED(sc = MAPIAllocateBuffer(CchOfEncoding(size), (void **)&str))) return sc;
    EncodeID((BYTE *)eid, size, str);
    *out = str;
    return S_OK;
}

/***********************************************************************
 *              HrEntryIDFromSz@12 (MAPI32.142)
 *
 * The inverse of HrSzFromEntryID; the entry identifier is in a buffer from
 * MAPIAllocateBuffer.
 */
HRESULT WINAPI HrEntryIDFromSz(LPSTR str, ULONG *size, LPENTRYID *eid)
{
    ENTRYID *buffer;
    ULONG count;
    SCODE sc;

    TRACE("%s, %p, %p.\n", debugstr_a(str), size, eid);

    if (!str || !size || !eid) return MAPI_E_INVALID_PARAMETER;
    *eid = NULL;
    *size = 0;

    if (FAILED(sc = MAPIAllocateBuffer(CbOfEncoded(str), (void **)&buffer))) return sc;
    if (!FDecodeID(str, buffer, &count) || !count)
    {
        MAPIFreeBuffer(buffer);
        return MAPI_E_INVALID_ENTRYID;
    }
    *eid = buffer;
    *size = count;
    return S_OK;
}

/* --- strings ----------------------------------------------------------------
 *
 * The string searches walk the string one character at a time, a lead byte
 * and its trail byte in the ANSI code page making one character whose value
 * is lead * 256 + trail.
 */

static const char *next_char(const char *str, USHORT *value)
{
    BYTE c = str[0];

    if (IsDBCSLeadByte(c) && str[1])
    {
        *value = (c << 8) | (BYTE)str[1];
        return str + 2;
    }
    *value = c;
    return str + 1;
}

/***********************************************************************
 *              SzFindCh@8 (MAPI32.130)
 */
LPSTR WINAPI SzFindCh(LPCSTR str, USHORT ch)
{
    const char *next;
    USHORT value;

    TRACE("%s, %#x.\n", debugstr_a(str), ch);

    if (!str) return NULL;
    for (; *str; str = next)
    {
        next = next_char(str, &value);
        if (value == ch) return (char *)str;
    }
    return NULL;
}

/***********************************************************************
 *              SzFindLastCh@8 (MAPI32.131)
 */
LPSTR WINAPI SzFindLastCh(LPCSTR str, USHORT ch)
{
    const char *next, *found = NULL;
    USHORT value;

    TRACE("%s, %#x.\n", debugstr_a(str), ch);

    if (!str) return NULL;
    for (; *str; str = next)
    {
        next = next_char(str, &value);
        if (value == ch) found = str;
    }
    return (char *)found;
}

/***********************************************************************
 *              SzFindSz@8 (MAPI32.132)
 *
 * An empty substring is found at the start of the string.
 */
LPSTR WINAPI SzFindSz(LPCSTR str, LPCSTR sub)
{
    size_t sub_len;
    USHORT value;

    TRACE("%s, %s.\n", debugstr_a(str), debugstr_a(sub));

    if (!str || !sub) return NULL;
    sub_len = strlen(sub);
    for (;;)
    {
        if (!strncmp(str, sub, sub_len)) return (char *)str;
        if (!*str) return NULL;
        str = next_char(str, &value);
    }
}

/***********************************************************************
 *              IsBadBoundedStringPtr@8 (MAPI32.74)
 *
 * TRUE unless str is readable and NUL-terminated within max characters.
 */
BOOL WINAPI IsBadBoundedStringPtr(const void *str, UINT max)
{
    const char *s = str;
    UINT i;

    TRACE("%p, %u.\n", str, max);

    if (!str || IsBadStringPtrA(s, max)) return TRUE;
    for (i = 0; i < max; i++)
        if (!s[i]) return FALSE;
    return TRUE;
}

/* --- MNLS: the Unicode functions MAPI once supplied where Windows had none ---- */

/***********************************************************************
 *              MNLS_lstrlenW@4 (MAPI32.62)
 */
ULONG WINAPI MNLS_lstrlenW(LPCWSTR str)
{
    TRACE("%s.\n", debugstr_w(str));
    return lstrlenW(str);
}

/***********************************************************************
 *              MNLS_lstrcmpW@8 (MAPI32.63)
 */
int WINAPI MNLS_lstrcmpW(LPCWSTR left, LPCWSTR right)
{
    TRACE("%s, %s.\n", debugstr_w(left), debugstr_w(right));
    return lstrcmpW(left, right);
}

/***********************************************************************
 *              MNLS_lstrcpyW@8 (MAPI32.64)
 */
LPWSTR WINAPI MNLS_lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    TRACE("%p, %s.\n", dst, debugstr_w(src));

    if (!dst || !src) return NULL;
    return lstrcpyW(dst, src);
}

/***********************************************************************
 *              MNLS_CompareStringW@24 (MAPI32.65)
 */
int WINAPI MNLS_CompareStringW(LCID lcid, DWORD flags, LPCWSTR left, int left_len, LPCWSTR right, int right_len)
{
    TRACE("%#lx, %#lx, %s, %d, %s, %d.\n", lcid, flags, debugstr_w(left), left_len,
          debugstr_w(right), right_len);
    return CompareStringW(lcid, flags, left, left_len, right, right_len);
}

/***********************************************************************
 *              MNLS_MultiByteToWideChar@24 (MAPI32.66)
 */
int WINAPI MNLS_MultiByteToWideChar(UINT codepage, DWORD flags, LPCSTR src, int src_len, LPWSTR dst, int dst_len)
{
    TRACE("%u, %#lx, %p, %d, %p, %d.\n", codepage, flags, src, src_len, dst, dst_len);
    return MultiByteToWideChar(codepage, flags, src, src_len, dst, dst_len);
}

/***********************************************************************
 *              MNLS_WideCharToMultiByte@32 (MAPI32.67)
 */
int WINAPI MNLS_WideCharToMultiByte(UINT codepage, DWORD flags, LPCWSTR src, int src_len, LPSTR dst, int dst_len,
                                    LPCSTR default_char, BOOL *used_default)
{
    TRACE("%u, %#lx, %p, %d, %p, %d, %p, %p.\n", codepage, flags, src, src_len, dst, dst_len,
          default_char, used_default);
    return WideCharToMultiByte(codepage, flags, src, src_len, dst, dst_len, default_char, used_default);
}

/***********************************************************************
 *              MNLS_IsBadStringPtrW@8 (MAPI32.68)
 */
BOOL WINAPI MNLS_IsBadStringPtrW(LPCWSTR str, UINT_PTR max)
{
    TRACE("%p, %Iu.\n", str, max);
    return IsBadStringPtrW(str, max);
}

/* --- byte order ------------------------------------------------------------- */

/***********************************************************************
 *              SwapPlong@8 (MAPI32.47)
 *
 * Reverses the byte order of each of count ULONGs in place.
 */
void WINAPI SwapPlong(PULONG values, ULONG count)
{
    ULONG i, v;

    TRACE("%p, %lu.\n", values, count);

    if (!values) return;
    for (i = 0; i < count; i++)
    {
        v = values[i];
        values[i] = (v >> 24) | ((v >> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
    }
}

/***********************************************************************
 *              SwapPword@8 (MAPI32.48)
 *
 * Reverses the byte order of each of count USHORTs in place.
 */
void WINAPI SwapPword(PUSHORT values, ULONG count)
{
    ULONG i;

    TRACE("%p, %lu.\n", values, count);

    if (!values) return;
    for (i = 0; i < count; i++)
        values[i] = (values[i] >> 8) | (values[i] << 8);
}

/* --- FILETIME arithmetic: unsigned 64-bit integers, wrapping on overflow ---- */

static inline ULONGLONG u64_from_filetime(FILETIME ft)
{
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static inline FILETIME filetime_from_u64(ULONGLONG value)
{
    FILETIME ft;

    ft.dwLowDateTime = (DWORD)value;
    ft.dwHighDateTime = (DWORD)(value >> 32);
    return ft;
}

/***********************************************************************
 *              FtAddFt@16 (MAPI32.121)
 */
FILETIME WINAPI FtAddFt(FILETIME left, FILETIME right)
{
    TRACE("%#lx:%08lx, %#lx:%08lx.\n", left.dwHighDateTime, left.dwLowDateTime,
          right.dwHighDateTime, right.dwLowDateTime);
    return filetime_from_u64(u64_from_filetime(left) + u64_from_filetime(right));
}

/***********************************************************************
 *              FtAdcFt@20 (MAPI32.122)
 *
 * Adds left, right and the incoming carry (*carry nonzero counts as one);
 * *carry receives the carry out of the 64 bits.
 */
FILETIME WINAPI FtAdcFt(FILETIME left, FILETIME right, WORD *carry)
{
    ULONGLONG a = u64_from_filetime(left), sum;
    WORD carry_out;

    TRACE("%#lx:%08lx, %#lx:%08lx, %p.\n", left.dwHighDateTime, left.dwLowDateTime,
          right.dwHighDateTime, right.dwLowDateTime, carry);

    sum = a + u64_from_filetime(right);
    carry_out = sum < a;
    if (carry && *carry)
    {
        sum++;
        if (!sum) carry_out = 1;
    }
    if (carry) *carry = carry_out;
    return filetime_from_u64(sum);
}

/***********************************************************************
 *              FtSubFt@16 (MAPI32.123)
 *
 * Returns minuend - subtrahend.
 */
FILETIME WINAPI FtSubFt(FILETIME minuend, FILETIME subtrahend)
{
    TRACE("%#lx:%08lx, %#lx:%08lx.\n", minuend.dwHighDateTime, minuend.dwLowDateTime,
          subtrahend.dwHighDateTime, subtrahend.dwLowDateTime);
    return filetime_from_u64(u64_from_filetime(minuend) - u64_from_filetime(subtrahend));
}

/***********************************************************************
 *              FtMulDw@12 (MAPI32.124)
 */
FILETIME WINAPI FtMulDw(DWORD multiplier, FILETIME multiplicand)
{
    TRACE("%lu, %#lx:%08lx.\n", multiplier, multiplicand.dwHighDateTime, multiplicand.dwLowDateTime);
    return filetime_from_u64(multiplier * u64_from_filetime(multiplicand));
}

/***********************************************************************
 *              FtMulDwDw@8 (MAPI32.125)
 */
FILETIME WINAPI FtMulDwDw(DWORD multiplicand, DWORD multiplier)
{
    TRACE("%lu, %lu.\n", multiplicand, multiplier);
    return filetime_from_u64((ULONGLONG)multiplicand * multiplier);
}

/***********************************************************************
 *              FtNegFt@8 (MAPI32.126)
 *
 * The two's complement.
 */
FILETIME WINAPI FtNegFt(FILETIME ft)
{
    TRACE("%#lx:%08lx.\n", ft.dwHighDateTime, ft.dwLowDateTime);
    return filetime_from_u64(0 - u64_from_filetime(ft));
}

/***********************************************************************
 *              FtDivFtBogus@20 (MAPI32.127)
 *
 * Division by multiplication with a reciprocal: returns the 128-bit product
 * of dividend and magic shifted right by 64 + shift bits.
 */
FILETIME WINAPI FtDivFtBogus(FILETIME dividend, FILETIME magic, DWORD shift)
{
    ULONGLONG a_lo = dividend.dwLowDateTime, a_hi = dividend.dwHighDateTime;
    ULONGLONG b_lo = magic.dwLowDateTime, b_hi = magic.dwHighDateTime;
    ULONGLONG low, mid1, mid2, middle, high;

    TRACE("%#lx:%08lx, %#lx:%08lx, %lu.\n", dividend.dwHighDateTime, dividend.dwLowDateTime,
          magic.dwHighDateTime, magic.dwLowDateTime, shift);

    if (shift >= 64) return filetime_from_u64(0);

    /* The high 64 bits of the product, from four 32 x 32-bit products. */
    low = a_lo * b_lo;
    mid1 = a_hi * b_lo;
    mid2 = a_lo * b_hi;
    middle = (low >> 32) + (DWORD)mid1 + (DWORD)mid2;
    high = a_hi * b_hi + (mid1 >> 32) + (mid2 >> 32) + (middle >> 32);
    return filetime_from_u64(high >> shift);
}

/* --- objects and identifiers ----------------------------------------------- */

/***********************************************************************
 *              UlAddRef@4 (MAPI32.128)
 */
ULONG WINAPI UlAddRef(void *unknown)
{
    TRACE("%p.\n", unknown);

    if (!unknown) return 0;
    return IUnknown_AddRef((IUnknown *)unknown);
}

/***********************************************************************
 *              UlRelease@4 (MAPI32.129)
 */
ULONG WINAPI UlRelease(void *unknown)
{
    TRACE("%p.\n", unknown);

    if (!unknown) return 0;
    return IUnknown_Release((IUnknown *)unknown);
}

/***********************************************************************
 *              FEqualNames@8 (MAPI32.72)
 *
 * Names are equal when their property sets and kinds match and so do their
 * numbers or, case-sensitively, their strings.
 */
BOOL WINAPI FEqualNames(LPMAPINAMEID name1, LPMAPINAMEID name2)
{
    TRACE("%p, %p.\n", name1, name2);

    if (!name1 || !name2) return FALSE;
    if (name1 == name2) return TRUE;
    if (name1->ulKind != name2->ulKind) return FALSE;
    if (name1->lpguid != name2->lpguid
            && (!name1->lpguid || !name2->lpguid || !IsEqualGUID(name1->lpguid, name2->lpguid)))
        return FALSE;

    switch (name1->ulKind)
    {
    case MNID_ID:
        return name1->Kind.lID == name2->Kind.lID;
    case MNID_STRING:
        if (!name1->Kind.lpwstrName || !name2->Kind.lpwstrName)
            return name1->Kind.lpwstrName == name2->Kind.lpwstrName;
        return !wcscmp(name1->Kind.lpwstrName, name2->Kind.lpwstrName);
    default:
        WARN("unknown kind %lu.\n", name1->ulKind);
        return FALSE;
    }
}

/***********************************************************************
 *              ScGenerateMuid@4 (MAPI32.35)
 */
SCODE WINAPI ScGenerateMuid(LPMAPIUID muid)
{
    GUID guid;
    HRESULT hr;

    TRACE("%p.\n", muid);

    if (!muid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = CoCreateGuid(&guid))) return hr;
    memcpy(muid->ab, &guid, sizeof(muid->ab));
    return S_OK;
}

/* --- conversation index ------------------------------------------------------
 *
 * A conversation index is a 22-byte header, a reserved byte of 1, the
 * highest 40 bits of the current FILETIME and a GUID, followed by one 5-byte
 * block per reply.  A reply block holds 32 bits, a 1-bit code and 31 bits of
 * the time since the header's time, and a random byte.  With code 0 the 31
 * bits are bits 18-48 of the difference, with code 1 (differences of 2^49
 * or more) bits 23-53.  Multi-byte numbers are big-endian, so the indexes
 * of a conversation sort in order.
 */

#define CONV_INDEX_HEADER_SIZE 22
#define CONV_INDEX_BLOCK_SIZE 5

static void put_be16(BYTE *p, USHORT value)
{
    p[0] = value >> 8;
    p[1] = (BYTE)value;
}

static void put_be32(BYTE *p, ULONG value)
{
    put_be16(p, value >> 16);
    put_be16(p + 2, (USHORT)value);
}

static ULONGLONG current_filetime(void)
{
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    return u64_from_filetime(ft);
}

static SCODE conv_index_header(BYTE *index)
{
    ULONGLONG now = current_filetime();
    GUID guid;
    HRESULT hr;
    int i;

    if (FAILED(hr = CoCreateGuid(&guid))) return hr;

    index[0] = 1;
    for (i = 0; i < 5; i++)
        index[1 + i] = (BYTE)(now >> (56 - 8 * i));
    put_be32(index + 6, guid.Data1);
    put_be16(index + 10, guid.Data2);
    put_be16(index + 12, guid.Data3);
    memcpy(index + 14, guid.Data4, sizeof(guid.Data4));
    return S_OK;
}

static void conv_index_reply_block(const BYTE *header, BYTE *block)
{
    ULONGLONG start = 0, now = current_filetime(), delta;
    DWORD tick = GetTickCount();
    ULONG code;
    int i;

    for (i = 0; i < 5; i++)
        start = (start << 8) | header[1 + i];
    start <<= 24;

    delta = now > start ? now - start : 0;
    if (delta < (1ull << 49))
        code = (ULONG)(delta >> 18) & 0x7fffffff;
    else
        code = 0x80000000 | ((ULONG)(delta >> 23) & 0x7fffffff);

    put_be32(block, code);
    /* A random nibble and a sequence nibble, both from the tick count. */
    block[4] = (BYTE)((tick & 0xf0) | ((tick >> 8) & 0x0f));
}

/***********************************************************************
 *              ScCreateConversationIndex@16 (MAPI32.244)
 *
 * Without a parent makes the header of a new conversation; with one, copies
 * the parent's index and appends a reply block.  The index is allocated
 * with MAPIAllocateBuffer.
 */
SCODE WINAPI ScCreateConversationIndex(ULONG parent_size, LPBYTE parent, ULONG *size, LPBYTE *index)
{
    ULONG new_size;
    BYTE *buffer;
    SCODE sc;

    TRACE("%lu, %p, %p, %p.\n", parent_size, parent, size, index);

    if (!size || !index) return MAPI_E_INVALID_PARAMETER;
    if (parent_size && !parent) return MAPI_E_INVALID_PARAMETER;
    if (parent_size && parent_size < CONV_INDEX_HEADER_SIZE) return MAPI_E_INVALID_PARAMETER;
    if (parent_size > MAXDWORD - CONV_INDEX_BLOCK_SIZE) return MAPI_E_INVALID_PARAMETER;

    new_size = parent_size ? parent_size + CONV_INDEX_BLOCK_SIZE : CONV_INDEX_HEADER_SIZE;
    if (FAILED(sc = MAPIAllocateBuffer(new_size, (void **)&buffer))) return sc;

    if (parent_size)
    {
        memcpy(buffer, parent, parent_size);
        conv_index_reply_block(parent, buffer + parent_size);
    }
    else if (FAILED(sc = conv_index_header(buffer)))
    {
        MAPIFreeBuffer(buffer);
        return sc;
    }

    *size = new_size;
    *index = buffer;
    return S_OK;
}

/* --- structured storage errors -------------------------------------------- */

static const struct
{
    SCODE storage;
    SCODE mapi;
}
storage_scode_map[] =
{
    { STG_E_INVALIDFUNCTION,       MAPI_E_NO_SUPPORT },
    { STG_E_UNIMPLEMENTEDFUNCTION, MAPI_E_NO_SUPPORT },
    { E_NOTIMPL,                   MAPI_E_NO_SUPPORT },
    { STG_E_FILENOTFOUND,          MAPI_E_NOT_FOUND },
    { STG_E_PATHNOTFOUND,          MAPI_E_NOT_FOUND },
    { STG_E_TOOMANYOPENFILES,      MAPI_E_NOT_ENOUGH_RESOURCES },
    { STG_E_ACCESSDENIED,          MAPI_E_NO_ACCESS },
    { STG_E_SHAREVIOLATION,        MAPI_E_NO_ACCESS },
    { STG_E_LOCKVIOLATION,         MAPI_E_NO_ACCESS },
    { STG_E_DISKISWRITEPROTECTED,  MAPI_E_NO_ACCESS },
    { STG_E_INUSE,                 MAPI_E_NO_ACCESS },
    { E_ACCESSDENIED,              MAPI_E_NO_ACCESS },
    { STG_E_INSUFFICIENTMEMORY,    MAPI_E_NOT_ENOUGH_MEMORY },
    { E_OUTOFMEMORY,               MAPI_E_NOT_ENOUGH_MEMORY },
    { STG_E_INVALIDPOINTER,        MAPI_E_INVALID_PARAMETER },
    { STG_E_INVALIDPARAMETER,      MAPI_E_INVALID_PARAMETER },
    { STG_E_INVALIDNAME,           MAPI_E_INVALID_PARAMETER },
    { STG_E_INVALIDFLAG,           MAPI_E_INVALID_PARAMETER },
    { E_INVALIDARG,                MAPI_E_INVALID_PARAMETER },
    { STG_E_MEDIUMFULL,            MAPI_E_NOT_ENOUGH_DISK },
    { STG_E_WRITEFAULT,            MAPI_E_DISK_ERROR },
    { STG_E_READFAULT,             MAPI_E_DISK_ERROR },
    { STG_E_SEEKERROR,             MAPI_E_DISK_ERROR },
    { STG_E_CANTSAVE,              MAPI_E_DISK_ERROR },
    { STG_E_FILEALREADYEXISTS,     MAPI_E_COLLISION },
    { STG_E_INVALIDHEADER,         MAPI_E_CORRUPT_DATA },
    { STG_E_DOCFILECORRUPT,        MAPI_E_CORRUPT_DATA },
    { STG_E_OLDFORMAT,             MAPI_E_VERSION },
    { STG_E_OLDDLL,                MAPI_E_VERSION },
    { STG_E_NOTCURRENT,            MAPI_E_OBJECT_CHANGED },
    { STG_E_REVERTED,              MAPI_E_OBJECT_DELETED },
};

/***********************************************************************
 *              MapStorageSCode@4 (MAPI32.201)
 *
 * Success codes come back unchanged, failures without a MAPI counterpart
 * as MAPI_E_CALL_FAILED.
 */
SCODE WINAPI MapStorageSCode(SCODE storage_code)
{
    unsigned int i;

    TRACE("%#lx.\n", storage_code);

    if (SUCCEEDED(storage_code)) return storage_code;
    for (i = 0; i < ARRAY_SIZE(storage_scode_map); i++)
        if (storage_scode_map[i].storage == storage_code) return storage_scode_map[i].mapi;
    return MAPI_E_CALL_FAILED;
}
