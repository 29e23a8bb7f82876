/*
 * mapi32: MAPI's own entry-ID formats: wrapped store entry IDs and one-off
 * entry IDs
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every entry ID starts with 4 flag bytes and the 16-byte MAPIUID of the
 * provider that made it.
 *
 * A wrapped store entry ID (MS-OXCDATA "Store Object EntryID"):
 *     4 flag bytes, all 0
 *     MAPIUID 38a1bb1005e5101aa1bb08002b2a56c2
 *     version byte 0, flag byte 0
 *     the provider DLL's file name, 8-bit, NUL-terminated
 *     zero bytes up to the next multiple of 4 from the start of the ID
 *     the store's own entry ID, unchanged
 *
 * A one-off entry ID (MS-OXCDATA "One-Off EntryID"):
 *     4 flag bytes, all 0
 *     MAPIUID 812b1fa4bea310199d6e00dd010f5402
 *     version, a 16-bit little-endian word, 0
 *     flags, a 16-bit little-endian word: MAPI_ONE_OFF_UNICODE 0x8000,
 *         MAPI_ONE_OFF_NO_RICH_INFO 0x0001
 *     display name, address type, e-mail address: NUL-terminated strings,
 *         UTF-16LE with MAPI_ONE_OFF_UNICODE, 8-bit otherwise; no padding
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define EID_HEADER_SIZE     (4 + sizeof(MAPIUID))
#define WRAP_NAME_OFFSET    (EID_HEADER_SIZE + 2)
#define ONEOFF_DATA_OFFSET  (EID_HEADER_SIZE + 4)
#define ONEOFF_KNOWN_FLAGS  (MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO)

static const MAPIUID store_wrap_uid =
    {{0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a, 0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2}};
static const MAPIUID oneoff_uid = {MAPI_ONE_OFF_UID};

static inline ULONG align4(ULONG size)
{
    return (size + 3) & ~3u;
}

const MAPIUID *entryid_provider_uid(ULONG cb, const ENTRYID *eid)
{
    if (!eid || cb < EID_HEADER_SIZE) return NULL;
    return (const MAPIUID *)eid->ab;
}

static BOOL entryid_has_uid(ULONG cb, const ENTRYID *eid, const MAPIUID *uid)
{
    const MAPIUID *found = entryid_provider_uid(cb, eid);

    return found && !memcmp(found, uid, sizeof(*uid));
}

HRESULT entryid_wrap_store(const char *dll_name, ULONG cb, const ENTRYID *eid, ULONG *cb_out, ENTRYID **out)
{
    ULONG name_size, prefix, total;
    BYTE *data;
    SCODE sc;

    TRACE("%s, %lu, %p, %p, %p.\n", debugstr_a(dll_name), cb, eid, cb_out, out);

    if (out) *out = NULL;
    if (!dll_name || !*dll_name || !cb || !eid || !cb_out || !out) return MAPI_E_INVALID_PARAMETER;
    if ((name_size = strlen(dll_name) + 1) > MAX_PATH) return MAPI_E_INVALID_PARAMETER;
    if (IsBadReadPtr(eid, cb)) return MAPI_E_INVALID_PARAMETER;

    prefix = align4(WRAP_NAME_OFFSET + name_size);
    if (cb > MAXDWORD - prefix) return MAPI_E_INVALID_PARAMETER;
    total = prefix + cb;
    if ((sc = MAPIAllocateBuffer(total, (void **)&data))) return sc;

    memset(data, 0, prefix);
    memcpy(data + 4, &store_wrap_uid, sizeof(store_wrap_uid));
    memcpy(data + WRAP_NAME_OFFSET, dll_name, name_size);
    memcpy(data + prefix, eid, cb);
    *cb_out = total;
    *out = (ENTRYID *)data;
    return S_OK;
}

HRESULT entryid_unwrap_store(ULONG cb, const ENTRYID *eid, char *dll_name, SIZE_T size,
        ULONG *cb_inner, const ENTRYID **inner)
{
    const BYTE *data = (const BYTE *)eid, *nul;
    ULONG name_size, prefix, i;

    if (!entryid_has_uid(cb, eid, &store_wrap_uid)) return MAPI_E_INVALID_ENTRYID;
    if (cb <= WRAP_NAME_OFFSET || data[EID_HEADER_SIZE] || data[EID_HEADER_SIZE + 1]) return MAPI_E_INVALID_ENTRYID;
    if (!(nul = memchr(data + WRAP_NAME_OFFSET, 0, cb - WRAP_NAME_OFFSET))) return MAPI_E_INVALID_ENTRYID;
    name_size = nul - (data + WRAP_NAME_OFFSET) + 1;
    if (name_size == 1 || name_size > MAX_PATH) return MAPI_E_INVALID_ENTRYID;
    prefix = align4(WRAP_NAME_OFFSET + name_size);
    if (prefix >= cb) return MAPI_E_INVALID_ENTRYID;
    for (i = WRAP_NAME_OFFSET + name_size; i < prefix; i++)
        if (data[i]) return MAPI_E_INVALID_ENTRYID;

    if (dll_name)
    {
        if (size < name_size) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(dll_name, data + WRAP_NAME_OFFSET, name_size);
    }
    if (cb_inner) *cb_inner = cb - prefix;
    if (inner) *inner = (const ENTRYID *)(data + prefix);
    return S_OK;
}

/* The size in bytes of a string as a one-off stores it, NUL included. */
static ULONG oneoff_string_size(const void *str, BOOL unicode)
{
    if (!str) return unicode ? sizeof(WCHAR) : 1;
    return unicode ? (lstrlenW(str) + 1) * sizeof(WCHAR) : strlen(str) + 1;
}

static BYTE *oneoff_put_string(BYTE *dst, const void *str, BOOL unicode)
{
    ULONG size = oneoff_string_size(str, unicode);

    if (str) memcpy(dst, str, size);
    else memset(dst, 0, size);
    return dst + size;
}

HRESULT oneoff_create(const void *name, const void *adrtype, const void *address, ULONG flags,
        ULONG *cb, ENTRYID **eid)
{
    BOOL unicode = !!(flags & MAPI_UNICODE);
    ULONG total, name_size, type_size, address_size;
    WORD oneoff_flags = 0;
    BYTE *data, *pos;
    SCODE sc;

    TRACE("%p, %p, %p, %#lx, %p, %p.\n", name, adrtype, address, flags, cb, eid);

    if (eid) *eid = NULL;
    if (!adrtype || !address || !cb || !eid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO)) return MAPI_E_UNKNOWN_FLAGS;

    name_size = oneoff_string_size(name, unicode);
    type_size = oneoff_string_size(adrtype, unicode);
    address_size = oneoff_string_size(address, unicode);
    if (name_size > MAXDWORD / 4 || type_size > MAXDWORD / 4 || address_size > MAXDWORD / 4)
        return MAPI_E_INVALID_PARAMETER;
    total = ONEOFF_DATA_OFFSET + name_size + type_size + address_size;

    if ((sc = MAPIAllocateBuffer(total, (void **)&data))) return sc;
    if (unicode) oneoff_flags |= MAPI_ONE_OFF_UNICODE;
    if (flags & MAPI_SEND_NO_RICH_INFO) oneoff_flags |= MAPI_ONE_OFF_NO_RICH_INFO;

    memset(data, 0, ONEOFF_DATA_OFFSET);
    memcpy(data + 4, &oneoff_uid, sizeof(oneoff_uid));
    data[EID_HEADER_SIZE + 2] = oneoff_flags & 0xff;
    data[EID_HEADER_SIZE + 3] = oneoff_flags >> 8;
    pos = oneoff_put_string(data + ONEOFF_DATA_OFFSET, name, unicode);
    pos = oneoff_put_string(pos, adrtype, unicode);
    oneoff_put_string(pos, address, unicode);

    *cb = total;
    *eid = (ENTRYID *)data;
    return S_OK;
}

BOOL entryid_is_oneoff(ULONG cb, const ENTRYID *eid)
{
    return entryid_has_uid(cb, eid, &oneoff_uid);
}

/* Finds the end of the string at *offset; returns its size with the NUL,
 * 0 when it is not terminated inside the ID. */
static ULONG oneoff_string_span(const BYTE *data, ULONG cb, ULONG offset, BOOL unicode)
{
    ULONG i;

    if (!unicode)
    {
        const BYTE *nul = memchr(data + offset, 0, cb - offset);
        return nul ? nul - (data + offset) + 1 : 0;
    }
    for (i = offset; i + 1 < cb; i += sizeof(WCHAR))
        if (!data[i] && !data[i + 1]) return i - offset + sizeof(WCHAR);
    return 0;
}

/* Copies a stored string as WCHARs into more memory of the block. */
static HRESULT oneoff_get_string(const BYTE *src, ULONG size, BOOL unicode, void *block, WCHAR **out)
{
    ULONG chars = unicode ? size / sizeof(WCHAR) : MultiByteToWideChar(CP_ACP, 0, (const char *)src, size, NULL, 0);
    SCODE sc;

    if (!chars) return MAPI_E_INVALID_ENTRYID;
    if ((sc = MAPIAllocateMore(chars * sizeof(WCHAR), block, (void **)out))) return sc;
    if (unicode) memcpy(*out, src, size);
    else MultiByteToWideChar(CP_ACP, 0, (const char *)src, size, *out, chars);
    return S_OK;
}

HRESULT oneoff_parse(ULONG cb, const ENTRYID *eid, struct oneoff_entry **entry)
{
    const BYTE *data = (const BYTE *)eid;
    ULONG offset, sizes[3], i;
    struct oneoff_entry *result;
    WCHAR **fields[3];
    WORD version, flags;
    BOOL unicode;
    HRESULT hr;

    TRACE("%lu, %p, %p.\n", cb, eid, entry);

    if (!entry) return MAPI_E_INVALID_PARAMETER;
    *entry = NULL;
    if (!entryid_is_oneoff(cb, eid) || cb < ONEOFF_DATA_OFFSET) return MAPI_E_INVALID_ENTRYID;
    version = data[EID_HEADER_SIZE] | (data[EID_HEADER_SIZE + 1] << 8);
    flags = data[EID_HEADER_SIZE + 2] | (data[EID_HEADER_SIZE + 3] << 8);
    if (version) return MAPI_E_INVALID_ENTRYID;
    unicode = !!(flags & MAPI_ONE_OFF_UNICODE);

    /* The three strings must fill the rest of the ID exactly. */
    offset = ONEOFF_DATA_OFFSET;
    for (i = 0; i < 3; i++)
    {
        if (offset >= cb || !(sizes[i] = oneoff_string_span(data, cb, offset, unicode)))
            return MAPI_E_INVALID_ENTRYID;
        offset += sizes[i];
    }
    if (offset != cb) return MAPI_E_INVALID_ENTRYID;

    if ((hr = MAPIAllocateBuffer(sizeof(*result), (void **)&result))) return hr;
    result->flags = (unicode ? MAPI_UNICODE : 0) | (flags & MAPI_ONE_OFF_NO_RICH_INFO ? MAPI_SEND_NO_RICH_INFO : 0);
    fields[0] = &result->name;
    fields[1] = &result->adrtype;
    fields[2] = &result->address;
    offset = ONEOFF_DATA_OFFSET;
    for (i = 0; i < 3; i++)
    {
        if (FAILED(hr = oneoff_get_string(data + offset, sizes[i], unicode, result, fields[i])))
        {
            MAPIFreeBuffer(result);
            return hr;
        }
        offset += sizes[i];
    }
    if (flags & ~ONEOFF_KNOWN_FLAGS) TRACE("other one-off flags %#x.\n", flags & ~ONEOFF_KNOWN_FLAGS);
    *entry = result;
    return S_OK;
}

/***********************************************************************
 *              WrapStoreEntryID@24 (MAPI32.73)
 */
SCODE WINAPI WrapStoreEntryID(ULONG flags, LPSTR dll_name, ULONG cb_entry, LPENTRYID entry, ULONG *cb_wrapped,
        LPENTRYID *wrapped)
{
    char name[MAX_PATH];

    TRACE("%#lx, %p, %lu, %p, %p, %p.\n", flags, dll_name, cb_entry, entry, cb_wrapped, wrapped);

    if (wrapped) *wrapped = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!dll_name || !cb_entry || !entry || !cb_wrapped || !wrapped) return MAPI_E_INVALID_PARAMETER;

    if (!(flags & MAPI_UNICODE)) return entryid_wrap_store(dll_name, cb_entry, entry, cb_wrapped, wrapped);

    if (!WideCharToMultiByte(CP_ACP, 0, (const WCHAR *)dll_name, -1, name, sizeof(name), NULL, NULL))
        return MAPI_E_INVALID_PARAMETER;
    return entryid_wrap_store(name, cb_entry, entry, cb_wrapped, wrapped);
}
