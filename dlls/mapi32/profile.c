/*
 * mapi32: profiles in the registry
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The layout, under HKCU\Software\Microsoft\Windows NT\CurrentVersion\
 * Windows Messaging Subsystem\Profiles:
 *
 *   DefaultProfile (REG_SZ)       the default profile's name, absent if none
 *   <profile>\                    one key per profile; names are compared
 *                                 without regard to case, as the registry does
 *     Password (REG_BINARY)       16 bytes of salt, then SHA-256 of the salt
 *                                 followed by the password; absent if none
 *     <section>\                  one key per profile section: its MAPIUID as
 *                                 32 lowercase hex digits, bytes in memory order
 *       <tag> (REG_BINARY)        one value per property, named by the tag as
 *                                 "%04x%04x" of its type then its identifier
 *                                 ("001e3001" is PR_DISPLAY_NAME_A)
 *
 * A value holds the property's bytes: fixed-size types as they lie in
 * memory (little-endian), PT_CLSID its 16 bytes, PT_STRING8 and PT_UNICODE
 * the string with its terminator, PT_BINARY the bytes.  A multi-valued
 * property is a ULONG count followed, for fixed-size types, by the values
 * back to back, and for PT_MV_STRING8, PT_MV_UNICODE and PT_MV_BINARY by
 * one ULONG byte length and the bytes (strings with their terminator) per
 * value.
 *
 * The global section (pbGlobalProfileSectionGuid) carries PR_PROFILE_NAME
 * and the profile's ordered lists, each a PT_BINARY array of MAPIUIDs:
 * PR_SERVICES the message services in the order they were added,
 * PR_STORE_PROVIDERS and PR_AB_PROVIDERS those providers in the order they
 * were added, PR_TRANSPORT_PROVIDERS the transports in transport order and
 * PR_FILTERING_HOOKS the hook providers.  The MUID_PROFILE_INSTANCE section
 * holds PR_SEARCH_KEY, unique for every profile made.
 */

#include <stdio.h>

#include "profile.h"
#include "wincrypt.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define PROFILES_KEY "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"
#define DEFAULT_VALUE "DefaultProfile"
#define PASSWORD_VALUE "Password"
#define SALT_SIZE 16
#define HASH_SIZE 32

/* The secure properties of a profile section: never listed, only read by tag. */
#define FIRST_SECURE_ID 0x67f0
#define LAST_SECURE_ID  0x67ff

static const MAPIUID global_section_uid =
    {{0x13, 0xdb, 0xb0, 0xc8, 0xaa, 0x05, 0x10, 0x1a, 0x9b, 0xb0, 0x00, 0xaa, 0x00, 0x2f, 0xc4, 0x5a}};

/* An open profile.  Made by profile_open, shared by every caller in the
 * process that opens the same name (sessions, administration objects,
 * profile sections), each holding a reference.  A profile deleted while
 * open is removed from the registry at its final release; one renamed
 * while open follows its new name. */
struct profile
{
    LONG refcount;
    struct profile *next;
    BOOL delete_pending;
    char name[PROFILE_NAME_MAX];
};

static SRWLOCK open_lock = SRWLOCK_INIT;    /* guards open_profiles and every name and flag in it */
static struct profile *open_profiles;
static SRWLOCK lists_lock = SRWLOCK_INIT;   /* serialises changes to the ordered lists */

static BOOL name_is_valid(const char *name)
{
    size_t len;

    if (!name) return FALSE;
    len = strlen(name);
    return len && len < PROFILE_NAME_MAX && !strchr(name, '\\');
}

/* The open profile called name; the lock is held. */
static struct profile *open_profile_find(const char *name)
{
    struct profile *profile;

    for (profile = open_profiles; profile; profile = profile->next)
        if (!lstrcmpiA(profile->name, name)) return profile;
    return NULL;
}

static BOOL name_is_pending_delete(const char *name)
{
    struct profile *profile;
    BOOL ret;

    AcquireSRWLockShared(&open_lock);
    ret = (profile = open_profile_find(name)) && profile->delete_pending;
    ReleaseSRWLockShared(&open_lock);
    return ret;
}

static HRESULT hr_from_reg(LSTATUS status)
{
    switch (status)
    {
    case ERROR_SUCCESS: return S_OK;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_KEY_DELETED: return MAPI_E_NOT_FOUND;
    case ERROR_ACCESS_DENIED: return MAPI_E_NO_ACCESS;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return HRESULT_FROM_WIN32(status);
}

static HRESULT profiles_key_open(BOOL create, HKEY *key)
{
    if (create)
        return hr_from_reg(RegCreateKeyExA(HKEY_CURRENT_USER, PROFILES_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                key, NULL));
    return hr_from_reg(RegOpenKeyExA(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_ALL_ACCESS, key));
}

/* The key of an existing profile; MAPI_E_NOT_FOUND. */
static HRESULT profile_key_open(const char *name, HKEY *key)
{
    HKEY profiles;
    HRESULT hr;

    if (FAILED(hr = profiles_key_open(FALSE, &profiles))) return hr;
    hr = hr_from_reg(RegOpenKeyExA(profiles, name, 0, KEY_ALL_ACCESS, key));
    RegCloseKey(profiles);
    return hr;
}

static BOOL profile_exists(const char *name)
{
    HKEY key;

    if (FAILED(profile_key_open(name, &key))) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

static void section_key_name(const MAPIUID *uid, char *buf)
{
    unsigned int i;

    for (i = 0; i < sizeof(uid->ab); i++) sprintf(buf + 2 * i, "%02x", uid->ab[i]);
}

/* The key of a section of the profile called name.  With create a missing
 * section is made, but never a missing profile. */
static HRESULT section_key_open_by_name(const char *name, const MAPIUID *uid, BOOL create, HKEY *key)
{
    char section[33];
    HKEY profile;
    HRESULT hr;

    if (FAILED(hr = profile_key_open(name, &profile))) return hr;
    section_key_name(uid, section);
    if (create)
        hr = hr_from_reg(RegCreateKeyExA(profile, section, 0, NULL, 0, KEY_ALL_ACCESS, NULL, key, NULL));
    else
        hr = hr_from_reg(RegOpenKeyExA(profile, section, 0, KEY_ALL_ACCESS, key));
    RegCloseKey(profile);
    return hr;
}

HRESULT profile_section_key_open(struct profile *profile, const MAPIUID *uid, BOOL create, HKEY *key)
{
    char name[PROFILE_NAME_MAX];

    AcquireSRWLockShared(&open_lock);
    strcpy(name, profile->name);
    ReleaseSRWLockShared(&open_lock);
    return section_key_open_by_name(name, uid, create, key);
}

/* --- property values in registry values -------------------------------- */

/* The size of one value of a fixed-size type (single or multi-valued), 0
 * for strings, binaries and types a profile cannot hold. */
static ULONG fixed_size(ULONG type)
{
    switch (type)
    {
    case PT_I2: case PT_MV_I2:
    case PT_BOOLEAN:
        return 2;
    case PT_LONG: case PT_MV_LONG:
    case PT_R4: case PT_MV_R4:
    case PT_ERROR:
        return 4;
    case PT_DOUBLE: case PT_MV_DOUBLE:
    case PT_APPTIME: case PT_MV_APPTIME:
    case PT_CURRENCY: case PT_MV_CURRENCY:
    case PT_I8: case PT_MV_I8:
    case PT_SYSTIME: case PT_MV_SYSTIME:
        return 8;
    case PT_CLSID: case PT_MV_CLSID:
        return 16;
    }
    return 0;
}

static BOOL type_is_storable(ULONG type)
{
    switch (type)
    {
    case PT_STRING8: case PT_UNICODE: case PT_BINARY:
    case PT_MV_STRING8: case PT_MV_UNICODE: case PT_MV_BINARY:
        return TRUE;
    }
    return fixed_size(type) != 0;
}

/* The bytes of one element of a variable-size value. */
static void element_bytes(const SPropValue *prop, ULONG index, const BYTE **data, ULONG *size)
{
    switch (PROP_TYPE(prop->ulPropTag))
    {
    case PT_STRING8:
        *data = (const BYTE *)prop->Value.lpszA;
        *size = strlen(prop->Value.lpszA) + 1;
        break;
    case PT_UNICODE:
        *data = (const BYTE *)prop->Value.lpszW;
        *size = (lstrlenW(prop->Value.lpszW) + 1) * sizeof(WCHAR);
        break;
    case PT_BINARY:
        *data = prop->Value.bin.lpb;
        *size = prop->Value.bin.cb;
        break;
    case PT_MV_STRING8:
        *data = (const BYTE *)prop->Value.MVszA.lppszA[index];
        *size = strlen(prop->Value.MVszA.lppszA[index]) + 1;
        break;
    case PT_MV_UNICODE:
        *data = (const BYTE *)prop->Value.MVszW.lppszW[index];
        *size = (lstrlenW(prop->Value.MVszW.lppszW[index]) + 1) * sizeof(WCHAR);
        break;
    case PT_MV_BINARY:
        *data = prop->Value.MVbin.lpbin[index].lpb;
        *size = prop->Value.MVbin.lpbin[index].cb;
        break;
    }
}

/* Writes the encoding of prop to out (when not NULL) and returns its size. */
static SIZE_T value_encode_to(const SPropValue *prop, BYTE *out)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), count, size, i;
    const BYTE *data;
    SIZE_T total;

    if (!(type & MV_FLAG))
    {
        if (type == PT_CLSID) data = (const BYTE *)prop->Value.lpguid, size = sizeof(GUID);
        else if ((size = fixed_size(type))) data = (const BYTE *)&prop->Value;
        else element_bytes(prop, 0, &data, &size);
        if (out) memcpy(out, data, size);
        return size;
    }

    count = prop->Value.MVi.cValues;
    if (out) memcpy(out, &count, sizeof(count));
    total = sizeof(count);
    if ((size = fixed_size(type)))
    {
        if (out) memcpy(out + total, prop->Value.MVi.lpi, (SIZE_T)count * size);
        return total + (SIZE_T)count * size;
    }
    for (i = 0; i < count; i++)
    {
        element_bytes(prop, i, &data, &size);
        if (out)
        {
            memcpy(out + total, &size, sizeof(size));
            memcpy(out + total + sizeof(size), data, size);
        }
        total += sizeof(size) + size;
    }
    return total;
}

/* Copies a string of size bytes, adding a terminator if it has none. */
static BOOL string_decode(const BYTE *data, ULONG size, BOOL unicode, void *parent, void **out)
{
    ULONG unit = unicode ? sizeof(WCHAR) : 1;
    BYTE *str;

    if (size % unit) return FALSE;
    if (FAILED(MAPIAllocateMore(size + unit, parent, (void **)&str))) return FALSE;
    memcpy(str, data, size);
    memset(str + size, 0, unit);
    *out = str;
    return TRUE;
}

static BOOL binary_decode(const BYTE *data, ULONG size, void *parent, SBinary *bin)
{
    bin->cb = size;
    if (FAILED(MAPIAllocateMore(max(size, 1), parent, (void **)&bin->lpb))) return FALSE;
    memcpy(bin->lpb, data, size);
    return TRUE;
}

/* The elements of a multi-valued string or binary value. */
static BOOL mv_variable_decode(ULONG type, const BYTE *data, DWORD size, ULONG count, SPropValue *prop,
        void *parent)
{
    ULONG slot = type == PT_MV_BINARY ? sizeof(SBinary) : sizeof(void *), i, len;
    DWORD pos = 0;
    BYTE *array;

    if (count > size / sizeof(ULONG)) return FALSE;
    if (FAILED(MAPIAllocateMore(count * slot, parent, (void **)&array))) return FALSE;
    for (i = 0; i < count; i++)
    {
        if (size - pos < sizeof(len)) return FALSE;
        memcpy(&len, data + pos, sizeof(len));
        pos += sizeof(len);
        if (size - pos < len) return FALSE;
        if (type == PT_MV_BINARY)
        {
            if (!binary_decode(data + pos, len, parent, (SBinary *)array + i)) return FALSE;
        }
        else if (!string_decode(data + pos, len, type == PT_MV_UNICODE, parent, (void **)array + i))
            return FALSE;
        pos += len;
    }
    if (pos != size) return FALSE;
    prop->Value.MVi.cValues = count;
    prop->Value.MVi.lpi = (short *)array;
    return TRUE;
}

/* Fills prop from a registry value; FALSE when the bytes do not fit the type. */
static BOOL value_decode(ULONG tag, const BYTE *data, DWORD size, SPropValue *prop, void *parent)
{
    ULONG type = PROP_TYPE(tag), fixed = fixed_size(type), count;

    memset(prop, 0, sizeof(*prop));
    prop->ulPropTag = tag;
    switch (type)
    {
    case PT_STRING8: return string_decode(data, size, FALSE, parent, (void **)&prop->Value.lpszA);
    case PT_UNICODE: return string_decode(data, size, TRUE, parent, (void **)&prop->Value.lpszW);
    case PT_BINARY: return binary_decode(data, size, parent, &prop->Value.bin);
    case PT_CLSID:
        if (size != sizeof(GUID) || FAILED(MAPIAllocateMore(sizeof(GUID), parent, (void **)&prop->Value.lpguid)))
            return FALSE;
        memcpy(prop->Value.lpguid, data, size);
        return TRUE;
    }
    if (!(type & MV_FLAG))
    {
        if (size != fixed) return FALSE;
        memcpy(&prop->Value, data, size);
        return TRUE;
    }

    if (size < sizeof(count)) return FALSE;
    memcpy(&count, data, sizeof(count));
    if (!count) return FALSE;
    data += sizeof(count);
    size -= sizeof(count);
    if (!fixed) return mv_variable_decode(type, data, size, count, prop, parent);
    if (size / fixed != count || size % fixed) return FALSE;
    if (FAILED(MAPIAllocateMore(size, parent, (void **)&prop->Value.MVi.lpi))) return FALSE;
    memcpy(prop->Value.MVi.lpi, data, size);
    prop->Value.MVi.cValues = count;
    return TRUE;
}

static void value_name(ULONG tag, char *name)
{
    sprintf(name, "%04x%04x", (unsigned int)PROP_TYPE(tag), (unsigned int)PROP_ID(tag));
}

/* The tag a registry value name stands for, FALSE for other names. */
static BOOL tag_from_value_name(const char *name, ULONG *tag)
{
    ULONG value = 0;
    int i;

    if (strlen(name) != 8) return FALSE;
    for (i = 0; i < 8; i++)
    {
        char c = name[i];

        value <<= 4;
        if (c >= '0' && c <= '9') value |= c - '0';
        else if (c >= 'a' && c <= 'f') value |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') value |= c - 'A' + 10;
        else return FALSE;
    }
    *tag = PROP_TAG(value >> 16, value & 0xffff);
    return PROP_ID(*tag) != PROP_ID_NULL && PROP_ID(*tag) != PROP_ID_INVALID && type_is_storable(PROP_TYPE(*tag));
}

static BOOL id_is_secure(ULONG tag)
{
    return PROP_ID(tag) >= FIRST_SECURE_ID && PROP_ID(tag) <= LAST_SECURE_ID;
}

/* Every property of a section key, in one MAPIAllocateBuffer block.
 * Values that are not properties or do not decode are skipped. */
static HRESULT section_read(HKEY key, BOOL secure, ULONG *count, SPropValue **props)
{
    DWORD values, name_max, data_max, name_len, data_len, type, i;
    SPropValue *out = NULL;
    BYTE *data = NULL;
    char *name = NULL;
    HRESULT hr;
    ULONG n = 0, tag;

    *count = 0;
    *props = NULL;
    if (FAILED(hr = hr_from_reg(RegQueryInfoKeyA(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, &name_max,
            &data_max, NULL, NULL))))
        return hr;
    if (!values) return S_OK;
    if (FAILED(hr = MAPIAllocateBuffer(values * sizeof(*out), (void **)&out))) return hr;
    if (!(name = mapi_heap_alloc(name_max + 1)) || !(data = mapi_heap_alloc(max(data_max, 1))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < values && n < values; i++)
    {
        name_len = name_max + 1;
        data_len = data_max;
        if (RegEnumValueA(key, i, name, &name_len, NULL, &type, data, &data_len)) break;
        if (type != REG_BINARY || !tag_from_value_name(name, &tag)) continue;
        if (!secure && id_is_secure(tag)) continue;
        if (value_decode(tag, data, data_len, &out[n], out)) n++;
        else WARN("skipping malformed value %s.\n", debugstr_a(name));
    }
    *count = n;
    *props = out;
    out = NULL;

done:
    mapi_heap_free(name);
    mapi_heap_free(data);
    MAPIFreeBuffer(out);
    return hr;
}

/* Removes every value of the section with the identifier of tag but
 * another type, so that an identifier has one value only. */
static void section_remove_other_types(HKEY key, ULONG tag)
{
    char name[16], (*doomed)[16] = NULL;
    DWORD i, len, count = 0, values;
    ULONG other;

    if (RegQueryInfoKeyA(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL) || !values)
        return;
    if (!(doomed = mapi_heap_alloc(values * sizeof(*doomed)))) return;
    for (i = 0; ; i++)
    {
        len = sizeof(name);
        if (RegEnumValueA(key, i, name, &len, NULL, NULL, NULL, NULL) == ERROR_NO_MORE_ITEMS) break;
        if (count < values && tag_from_value_name(name, &other) && PROP_ID(other) == PROP_ID(tag) && other != tag)
            strcpy(doomed[count++], name);
    }
    for (i = 0; i < count; i++) RegDeleteValueA(key, doomed[i]);
    mapi_heap_free(doomed);
}

HRESULT profile_section_write(HKEY key, const SPropValue *prop)
{
    SIZE_T size = value_encode_to(prop, NULL);
    char name[16];
    HRESULT hr;
    BYTE *data;

    if (size > MAXDWORD) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(data = mapi_heap_alloc(max(size, 1)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    value_encode_to(prop, data);
    section_remove_other_types(key, prop->ulPropTag);
    value_name(prop->ulPropTag, name);
    hr = hr_from_reg(RegSetValueExA(key, name, 0, REG_BINARY, data, size));
    mapi_heap_free(data);
    return hr;
}

/* Removes the property with the identifier of tag, whatever its type: no
 * value is stored as PT_NULL, so every value of that identifier goes. */
void profile_section_delete_prop(HKEY key, ULONG tag)
{
    section_remove_other_types(key, PROP_TAG(PT_NULL, PROP_ID(tag)));
}

BOOL profile_value_can_be_stored(const SPropValue *prop)
{
    ULONG type = PROP_TYPE(prop->ulPropTag);

    if (!type_is_storable(type) || type == PT_ERROR) return FALSE;
    if (PROP_ID(prop->ulPropTag) == PROP_ID_NULL || PROP_ID(prop->ulPropTag) == PROP_ID_INVALID) return FALSE;
    if ((type & MV_FLAG) && !prop->Value.MVi.cValues) return FALSE;
    return !prop_value_is_bad(prop);
}

/* --- snapshots ------------------------------------------------------------- */

/* The section's properties now, in a new IPropData; a missing section is
 * an empty one. */
HRESULT profile_section_snapshot(struct profile *profile, const MAPIUID *uid, ULONG flags, IPropData **out)
{
    SPropValue computed[2], *props = NULL;
    char name[PROFILE_NAME_MAX];
    IPropData *data;
    ULONG count = 0, i;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            &data)))
        return hr;
    if (SUCCEEDED(hr = profile_section_key_open(profile, uid, FALSE, &key)))
    {
        hr = section_read(key, flags & PROFILE_SNAPSHOT_SECURE, &count, &props);
        RegCloseKey(key);
    }
    else if (hr == MAPI_E_NOT_FOUND)
        hr = S_OK;
    for (i = 0; SUCCEEDED(hr) && i < count; i++)
        if (FAILED(IPropData_SetProps(data, 1, &props[i], NULL)))
            WARN("skipping unusable property %#lx.\n", props[i].ulPropTag);
    MAPIFreeBuffer(props);

    if (SUCCEEDED(hr) && (flags & PROFILE_SNAPSHOT_COMPUTED))
    {
        ULONG n = 0;

        AcquireSRWLockShared(&open_lock);
        strcpy(name, profile->name);
        ReleaseSRWLockShared(&open_lock);
        computed[n].ulPropTag = PR_OBJECT_TYPE;
        computed[n++].Value.l = MAPI_PROFSECT;
        computed[n].ulPropTag = PR_PROFILE_NAME_A;
        computed[n++].Value.lpszA = name;
        for (i = 0; i < n && SUCCEEDED(hr); i++)
        {
            SizedSPropTagArray(1, tag) = {1, {CHANGE_PROP_TYPE(computed[i].ulPropTag, PT_UNSPECIFIED)}};
            SPropValue *existing;
            ULONG found;

            if (FAILED(hr = IPropData_GetProps(data, (SPropTagArray *)&tag, 0, &found, &existing))) break;
            if (PROP_TYPE(existing->ulPropTag) == PT_ERROR) hr = IPropData_SetProps(data, 1, &computed[i], NULL);
            else hr = S_OK;
            MAPIFreeBuffer(existing);
        }
    }
    if (FAILED(hr))
    {
        IPropData_Release(data);
        return hr;
    }
    *out = data;
    return S_OK;
}

/* --- error reports --------------------------------------------------------- */

static HRESULT error_string(const char *text, BOOL unicode, void *parent, char **out)
{
    int len = unicode ? MultiByteToWideChar(CP_ACP, 0, text, -1, NULL, 0) * sizeof(WCHAR) : strlen(text) + 1;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateMore(len, parent, (void **)out))) return hr;
    if (unicode) MultiByteToWideChar(CP_ACP, 0, text, -1, (WCHAR *)*out, len / sizeof(WCHAR));
    else memcpy(*out, text, len);
    return S_OK;
}

/* A MAPIERROR for the last error of an object; NULL when result is not it. */
HRESULT profile_error_make(const char *component, const char *method, HRESULT result, ULONG flags,
        MAPIERROR **out)
{
    MAPIERROR *error;
    char text[128];
    HRESULT hr;

    if (!method) return S_OK;
    snprintf(text, sizeof(text), "%s::%s failed with error %#lx.", component, method, result);
    if (FAILED(hr = MAPIAllocateBuffer(sizeof(*error), (void **)&error))) return hr;
    error->ulVersion = MAPI_ERROR_VERSION;
    error->ulLowLevelError = 0;
    error->ulContext = 0;
    if (FAILED(hr = error_string(text, flags & MAPI_UNICODE, error, (char **)&error->lpszError))
            || FAILED(hr = error_string(component, flags & MAPI_UNICODE, error, (char **)&error->lpszComponent)))
    {
        MAPIFreeBuffer(error);
        return hr;
    }
    *out = error;
    return S_OK;
}

/* --- sections -------------------------------------------------------------- */

HRESULT profile_delete_section(struct profile *profile, const MAPIUID *uid)
{
    char section[33];
    HKEY key;
    HRESULT hr;

    TRACE("%p, %p.\n", profile, uid);

    if (!profile || !uid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = profile_section_key_open(profile, uid, FALSE, &key))) return hr;
    RegCloseKey(key);

    AcquireSRWLockShared(&open_lock);
    hr = profile_key_open(profile->name, &key);
    ReleaseSRWLockShared(&open_lock);
    if (FAILED(hr)) return hr;
    section_key_name(uid, section);
    hr = hr_from_reg(RegDeleteTreeA(key, section));
    RegCloseKey(key);
    return hr;
}

/* Copies every value of a key to another, bytes as they are. */
static HRESULT key_copy_values(HKEY from, HKEY to)
{
    DWORD values, name_max, data_max, name_len, data_len, type, i;
    BYTE *data = NULL;
    char *name = NULL;
    HRESULT hr;

    if (FAILED(hr = hr_from_reg(RegQueryInfoKeyA(from, NULL, NULL, NULL, NULL, NULL, NULL, &values, &name_max,
            &data_max, NULL, NULL))))
        return hr;
    if (!(name = mapi_heap_alloc(name_max + 1)) || !(data = mapi_heap_alloc(max(data_max, 1))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; SUCCEEDED(hr) && i < values; i++)
    {
        name_len = name_max + 1;
        data_len = data_max;
        if (RegEnumValueA(from, i, name, &name_len, NULL, &type, data, &data_len)) break;
        hr = hr_from_reg(RegSetValueExA(to, name, 0, type, data, data_len));
    }
    mapi_heap_free(name);
    mapi_heap_free(data);
    return hr;
}

HRESULT profile_copy_section(struct profile *from, const MAPIUID *from_uid, struct profile *to, const MAPIUID *to_uid)
{
    HKEY src, dst;
    HRESULT hr;

    TRACE("%p, %p, %p, %p.\n", from, from_uid, to, to_uid);

    if (!from || !from_uid || !to || !to_uid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = profile_section_key_open(from, from_uid, FALSE, &src))) return hr;
    if (from == to && !memcmp(from_uid, to_uid, sizeof(*to_uid)))
    {
        RegCloseKey(src);
        return S_OK;
    }
    hr = profile_delete_section(to, to_uid);
    if (SUCCEEDED(hr) || hr == MAPI_E_NOT_FOUND) hr = profile_section_key_open(to, to_uid, TRUE, &dst);
    if (SUCCEEDED(hr))
    {
        hr = key_copy_values(src, dst);
        RegCloseKey(dst);
    }
    RegCloseKey(src);
    return hr;
}

HRESULT profile_get_props(struct profile *profile, const MAPIUID *uid, const SPropTagArray *tags, ULONG *count,
        SPropValue **props)
{
    IPropData *data;
    HRESULT hr;

    TRACE("%p, %p, %p, %p, %p.\n", profile, uid, tags, count, props);

    if (!profile || !uid || !count || !props) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = profile_section_snapshot(profile, uid, PROFILE_SNAPSHOT_SECURE | PROFILE_SNAPSHOT_COMPUTED,
            &data)))
        return hr;
    hr = IPropData_GetProps(data, (SPropTagArray *)tags, 0, count, props);
    IPropData_Release(data);
    return hr;
}

HRESULT profile_set_props(struct profile *profile, const MAPIUID *uid, ULONG count, const SPropValue *props)
{
    HRESULT hr = S_OK;
    HKEY key;
    ULONG i;

    TRACE("%p, %p, %lu, %p.\n", profile, uid, count, props);

    if (!profile || !uid || (count && !props)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        if (props[i].ulPropTag == PR_NULL || PROP_TYPE(props[i].ulPropTag) == PT_ERROR) continue;
        if (!profile_value_can_be_stored(&props[i])) return MAPI_E_INVALID_PARAMETER;
    }
    if (FAILED(hr = profile_section_key_open(profile, uid, TRUE, &key))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (props[i].ulPropTag == PR_NULL || PROP_TYPE(props[i].ulPropTag) == PT_ERROR) continue;
        hr = profile_section_write(key, &props[i]);
    }
    RegCloseKey(key);
    return hr;
}

/* --- the ordered lists ----------------------------------------------------- */

/* A list of MAPIUIDs in the global section, in a MAPIAllocateBuffer block
 * (NULL when empty). */
static HRESULT uid_list_get(struct profile *profile, ULONG tag, ULONG *count, MAPIUID **uids)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *props;
    ULONG n;
    HRESULT hr;

    *count = 0;
    *uids = NULL;
    if (FAILED(hr = profile_get_props(profile, &global_section_uid, (SPropTagArray *)&tags, &n, &props))) return hr;
    if (props->ulPropTag == tag && props->Value.bin.cb >= sizeof(MAPIUID))
    {
        n = props->Value.bin.cb / sizeof(MAPIUID);
        if (SUCCEEDED(hr = MAPIAllocateBuffer(n * sizeof(MAPIUID), (void **)uids)))
        {
            memcpy(*uids, props->Value.bin.lpb, n * sizeof(MAPIUID));
            *count = n;
        }
    }
    MAPIFreeBuffer(props);
    return hr;
}

static HRESULT uid_list_set(struct profile *profile, ULONG tag, ULONG count, const MAPIUID *uids)
{
    SPropValue prop;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = profile_section_key_open(profile, &global_section_uid, TRUE, &key))) return hr;
    prop.ulPropTag = tag;
    prop.Value.bin.cb = count * sizeof(MAPIUID);
    prop.Value.bin.lpb = (BYTE *)uids;
    hr = profile_section_write(key, &prop);
    RegCloseKey(key);
    return hr;
}

static ULONG uid_list_find(ULONG count, const MAPIUID *uids, const MAPIUID *uid)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (!memcmp(&uids[i], uid, sizeof(*uid))) return i;
    return ~0u;
}

static HRESULT uid_list_add(struct profile *profile, ULONG tag, const MAPIUID *uid)
{
    MAPIUID *uids, *grown;
    ULONG count;
    HRESULT hr;

    AcquireSRWLockExclusive(&lists_lock);
    if (SUCCEEDED(hr = uid_list_get(profile, tag, &count, &uids)) && uid_list_find(count, uids, uid) == ~0u)
    {
        if (SUCCEEDED(hr = MAPIAllocateBuffer((count + 1) * sizeof(MAPIUID), (void **)&grown)))
        {
            if (count) memcpy(grown, uids, count * sizeof(MAPIUID));
            grown[count] = *uid;
            hr = uid_list_set(profile, tag, count + 1, grown);
            MAPIFreeBuffer(grown);
        }
    }
    MAPIFreeBuffer(uids);
    ReleaseSRWLockExclusive(&lists_lock);
    return hr;
}

/* MAPI_E_NOT_FOUND when uid is not in the list. */
static HRESULT uid_list_remove(struct profile *profile, ULONG tag, const MAPIUID *uid)
{
    MAPIUID *uids;
    ULONG count, index;
    HRESULT hr;

    AcquireSRWLockExclusive(&lists_lock);
    if (SUCCEEDED(hr = uid_list_get(profile, tag, &count, &uids)))
    {
        if ((index = uid_list_find(count, uids, uid)) == ~0u)
            hr = MAPI_E_NOT_FOUND;
        else
        {
            memmove(&uids[index], &uids[index + 1], (count - index - 1) * sizeof(MAPIUID));
            hr = uid_list_set(profile, tag, count - 1, uids);
        }
    }
    MAPIFreeBuffer(uids);
    ReleaseSRWLockExclusive(&lists_lock);
    return hr;
}

HRESULT profile_services(struct profile *profile, ULONG *count, MAPIUID **uids)
{
    TRACE("%p, %p, %p.\n", profile, count, uids);

    if (!profile || !count || !uids) return MAPI_E_INVALID_PARAMETER;
    return uid_list_get(profile, PR_SERVICES, count, uids);
}

HRESULT profile_service_add(struct profile *profile, const MAPIUID *uid)
{
    TRACE("%p, %p.\n", profile, uid);

    if (!profile || !uid) return MAPI_E_INVALID_PARAMETER;
    return uid_list_add(profile, PR_SERVICES, uid);
}

HRESULT profile_service_remove(struct profile *profile, const MAPIUID *uid)
{
    TRACE("%p, %p.\n", profile, uid);

    if (!profile || !uid) return MAPI_E_INVALID_PARAMETER;
    return uid_list_remove(profile, PR_SERVICES, uid);
}

/* The list a provider of a resource type belongs in, 0 for none. */
static ULONG provider_list_tag(ULONG resource_type)
{
    switch (resource_type)
    {
    case MAPI_STORE_PROVIDER: return PR_STORE_PROVIDERS;
    case MAPI_AB_PROVIDER: return PR_AB_PROVIDERS;
    case MAPI_TRANSPORT_PROVIDER: return PR_TRANSPORT_PROVIDERS;
    case MAPI_HOOK_PROVIDER: return PR_FILTERING_HOOKS;
    }
    return 0;
}

static HRESULT provider_resource_type(struct profile *profile, const MAPIUID *uid, ULONG *type)
{
    SizedSPropTagArray(1, tags) = {1, {PR_RESOURCE_TYPE}};
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = profile_get_props(profile, uid, (SPropTagArray *)&tags, &count, &props))) return hr;
    if (props->ulPropTag == PR_RESOURCE_TYPE) *type = props->Value.l;
    else hr = MAPI_E_NOT_FOUND;
    MAPIFreeBuffer(props);
    return hr;
}

/* The provider's section must already hold its PR_RESOURCE_TYPE. */
HRESULT profile_provider_add(struct profile *profile, const MAPIUID *uid)
{
    ULONG type, tag;
    HRESULT hr;

    TRACE("%p, %p.\n", profile, uid);

    if (!profile || !uid) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = provider_resource_type(profile, uid, &type)))
    {
        WARN("provider section has no PR_RESOURCE_TYPE.\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!(tag = provider_list_tag(type)))
    {
        WARN("unknown resource type %lu.\n", type);
        return MAPI_E_INVALID_PARAMETER;
    }
    return uid_list_add(profile, tag, uid);
}

HRESULT profile_provider_remove(struct profile *profile, const MAPIUID *uid)
{
    static const ULONG lists[] = {PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS, PR_FILTERING_HOOKS};
    HRESULT hr = MAPI_E_NOT_FOUND;
    unsigned int i;

    TRACE("%p, %p.\n", profile, uid);

    if (!profile || !uid) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < ARRAY_SIZE(lists) && hr == MAPI_E_NOT_FOUND; i++) hr = uid_list_remove(profile, lists[i], uid);
    return hr;
}

/* The transports named come first, in the order given; the others follow
 * in their order. */
HRESULT profile_transport_order(struct profile *profile, ULONG count, const MAPIUID *order)
{
    MAPIUID *uids, *sorted = NULL;
    ULONG total, i, n = 0;
    HRESULT hr;

    TRACE("%p, %lu, %p.\n", profile, count, order);

    if (!profile || !count || !order) return MAPI_E_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&lists_lock);
    if (FAILED(hr = uid_list_get(profile, PR_TRANSPORT_PROVIDERS, &total, &uids))) goto done;
    for (i = 0; i < count; i++)
    {
        if (uid_list_find(total, uids, &order[i]) == ~0u) hr = MAPI_E_NOT_FOUND;
        else if (uid_list_find(i, order, &order[i]) != ~0u) hr = MAPI_E_INVALID_PARAMETER;
        if (FAILED(hr)) goto done;
    }
    if (FAILED(hr = MAPIAllocateBuffer(total * sizeof(MAPIUID), (void **)&sorted))) goto done;
    for (i = 0; i < count; i++) sorted[n++] = order[i];
    for (i = 0; i < total; i++)
        if (uid_list_find(count, order, &uids[i]) == ~0u) sorted[n++] = uids[i];
    hr = uid_list_set(profile, PR_TRANSPORT_PROVIDERS, n, sorted);

done:
    MAPIFreeBuffer(sorted);
    MAPIFreeBuffer(uids);
    ReleaseSRWLockExclusive(&lists_lock);
    return hr;
}

/* --- what the host reads --------------------------------------------------- */

static void string_prop_copy(char *dst, SIZE_T size, const SPropValue *prop, ULONG tag)
{
    if (prop->ulPropTag == tag) lstrcpynA(dst, prop->Value.lpszA, size);
    else dst[0] = 0;
}

/* Reads one provider section into info; FALSE when it is missing or has
 * no resource type. */
static BOOL provider_info_read(struct profile *profile, const MAPIUID *uid, struct profile_provider *info)
{
    enum { UID, SERVICE, TYPE, FLAGS, DLL, DISPLAY, PROVIDER_DISPLAY, SERVICE_NAME, COUNT };
    SizedSPropTagArray(COUNT, tags) = {COUNT, {PR_PROVIDER_UID, PR_SERVICE_UID, PR_RESOURCE_TYPE, PR_RESOURCE_FLAGS,
            PR_PROVIDER_DLL_NAME_A, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_SERVICE_NAME_A}};
    SPropValue *props;
    ULONG count;

    if (FAILED(profile_get_props(profile, uid, (SPropTagArray *)&tags, &count, &props))) return FALSE;
    if (props[TYPE].ulPropTag != PR_RESOURCE_TYPE)
    {
        WARN("provider section without PR_RESOURCE_TYPE.\n");
        MAPIFreeBuffer(props);
        return FALSE;
    }
    memset(info, 0, sizeof(*info));
    if (props[UID].ulPropTag == PR_PROVIDER_UID && props[UID].Value.bin.cb == sizeof(MAPIUID))
        memcpy(&info->uid, props[UID].Value.bin.lpb, sizeof(MAPIUID));
    else
        info->uid = *uid;
    if (props[SERVICE].ulPropTag == PR_SERVICE_UID && props[SERVICE].Value.bin.cb == sizeof(MAPIUID))
        memcpy(&info->service_uid, props[SERVICE].Value.bin.lpb, sizeof(MAPIUID));
    info->resource_type = props[TYPE].Value.l;
    if (props[FLAGS].ulPropTag == PR_RESOURCE_FLAGS) info->resource_flags = props[FLAGS].Value.l;
    string_prop_copy(info->dll_name, sizeof(info->dll_name), &props[DLL], PR_PROVIDER_DLL_NAME_A);
    string_prop_copy(info->display_name, sizeof(info->display_name), &props[DISPLAY], PR_DISPLAY_NAME_A);
    string_prop_copy(info->provider_display, sizeof(info->provider_display), &props[PROVIDER_DISPLAY],
            PR_PROVIDER_DISPLAY_A);
    string_prop_copy(info->service_name, sizeof(info->service_name), &props[SERVICE_NAME], PR_SERVICE_NAME_A);
    MAPIFreeBuffer(props);

    /* A provider section may leave the service's name to the service section. */
    if (!info->service_name[0] && props[SERVICE].ulPropTag == PR_SERVICE_UID)
    {
        SizedSPropTagArray(1, name_tag) = {1, {PR_SERVICE_NAME_A}};

        if (SUCCEEDED(profile_get_props(profile, &info->service_uid, (SPropTagArray *)&name_tag, &count, &props)))
        {
            string_prop_copy(info->service_name, sizeof(info->service_name), props, PR_SERVICE_NAME_A);
            MAPIFreeBuffer(props);
        }
    }
    return TRUE;
}

/* Appends the providers of one list, optionally only those of a service. */
static HRESULT providers_append(struct profile *profile, ULONG tag, const MAPIUID *service,
        struct profile_provider **array, ULONG *count, ULONG *capacity)
{
    MAPIUID *uids;
    ULONG n, i;
    HRESULT hr;

    if (FAILED(hr = uid_list_get(profile, tag, &n, &uids))) return hr;
    for (i = 0; i < n; i++)
    {
        struct profile_provider info;

        if (!provider_info_read(profile, &uids[i], &info)) continue;
        if (service && memcmp(&info.service_uid, service, sizeof(*service))) continue;
        if (*count == *capacity)
        {
            ULONG grown = max(*capacity * 2, 8);
            struct profile_provider *bigger = mapi_heap_realloc(*array, grown * sizeof(**array));

            if (!bigger)
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            *array = bigger;
            *capacity = grown;
        }
        (*array)[(*count)++] = info;
    }
    MAPIFreeBuffer(uids);
    return hr;
}

/* Moves the transports that prefer to be last behind the others, keeping
 * the order within both groups. */
static void transports_prefer_last(struct profile_provider *array, ULONG count)
{
    struct profile_provider tmp;
    ULONG i, j, last = count;

    for (i = 0; i < last; )
    {
        if (!(array[i].resource_flags & STATUS_XP_PREFER_LAST))
        {
            i++;
            continue;
        }
        tmp = array[i];
        for (j = i; j + 1 < count; j++) array[j] = array[j + 1];
        array[count - 1] = tmp;
        last--;
    }
}

HRESULT profile_providers(struct profile *profile, ULONG resource_type, ULONG *count,
        struct profile_provider **providers)
{
    static const ULONG lists[] = {PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS, PR_FILTERING_HOOKS};
    struct profile_provider *array = NULL;
    ULONG n = 0, capacity = 0, tag, services, i, j;
    MAPIUID *service_uids;
    HRESULT hr = S_OK;

    TRACE("%p, %lu, %p, %p.\n", profile, resource_type, count, providers);

    if (!profile || !count || !providers) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *providers = NULL;

    if (resource_type)
    {
        if (!(tag = provider_list_tag(resource_type))) return MAPI_E_INVALID_PARAMETER;
        hr = providers_append(profile, tag, NULL, &array, &n, &capacity);
        if (SUCCEEDED(hr) && resource_type == MAPI_TRANSPORT_PROVIDER) transports_prefer_last(array, n);
    }
    else if (SUCCEEDED(hr = uid_list_get(profile, PR_SERVICES, &services, &service_uids)))
    {
        for (i = 0; i < services && SUCCEEDED(hr); i++)
            for (j = 0; j < ARRAY_SIZE(lists) && SUCCEEDED(hr); j++)
                hr = providers_append(profile, lists[j], &service_uids[i], &array, &n, &capacity);
        MAPIFreeBuffer(service_uids);
    }
    if (FAILED(hr))
    {
        mapi_heap_free(array);
        return hr;
    }
    *count = n;
    *providers = array;
    return S_OK;
}

/* --- profiles ------------------------------------------------------------- */

HRESULT profile_open(const char *name, struct profile **out)
{
    struct profile *profile;

    TRACE("%s, %p.\n", debugstr_a(name), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!name_is_valid(name)) return MAPI_E_INVALID_PARAMETER;
    if (!profile_exists(name)) return MAPI_E_NOT_FOUND;

    AcquireSRWLockExclusive(&open_lock);
    if ((profile = open_profile_find(name)))
    {
        if (profile->delete_pending)
        {
            ReleaseSRWLockExclusive(&open_lock);
            return MAPI_E_NOT_FOUND;
        }
        InterlockedIncrement(&profile->refcount);
    }
    else if ((profile = mapi_heap_alloc(sizeof(*profile))))
    {
        profile->refcount = 1;
        profile->delete_pending = FALSE;
        strcpy(profile->name, name);
        profile->next = open_profiles;
        open_profiles = profile;
    }
    ReleaseSRWLockExclusive(&open_lock);
    if (!profile) return MAPI_E_NOT_ENOUGH_MEMORY;
    *out = profile;
    return S_OK;
}

void profile_addref(struct profile *profile)
{
    ULONG refcount = InterlockedIncrement(&profile->refcount);

    TRACE("%p, refcount %lu.\n", profile, refcount);
}

static void default_clear_if(const char *name);

static void profile_key_delete(const char *name)
{
    HKEY profiles;

    if (FAILED(profiles_key_open(FALSE, &profiles))) return;
    RegDeleteTreeA(profiles, name);
    RegCloseKey(profiles);
}

void profile_release(struct profile *profile)
{
    struct profile **entry;
    ULONG refcount;
    BOOL delete;

    if (!profile) return;
    AcquireSRWLockExclusive(&open_lock);
    refcount = InterlockedDecrement(&profile->refcount);
    TRACE("%p, refcount %lu.\n", profile, refcount);
    if (refcount)
    {
        ReleaseSRWLockExclusive(&open_lock);
        return;
    }
    for (entry = &open_profiles; *entry; entry = &(*entry)->next)
    {
        if (*entry != profile) continue;
        *entry = profile->next;
        break;
    }
    delete = profile->delete_pending;
    ReleaseSRWLockExclusive(&open_lock);

    if (delete)
    {
        TRACE("deleting profile %s, marked for deletion while in use.\n", debugstr_a(profile->name));
        profile_key_delete(profile->name);
    }
    mapi_heap_free(profile);
}

const char *profile_name(const struct profile *profile)
{
    return profile->name;
}

/* --- passwords ------------------------------------------------------------- */

static HRESULT password_hash(const BYTE *salt, const char *password, BYTE *hash)
{
    HCRYPTPROV prov;
    HCRYPTHASH handle;
    DWORD size = HASH_SIZE;
    BOOL ok;

    if (!CryptAcquireContextW(&prov, NULL, NULL, PROV_RSA_AES, CRYPT_VERIFYCONTEXT)) return MAPI_E_CALL_FAILED;
    ok = CryptCreateHash(prov, CALG_SHA_256, 0, 0, &handle);
    if (ok)
    {
        ok = CryptHashData(handle, salt, SALT_SIZE, 0)
                && CryptHashData(handle, (const BYTE *)password, strlen(password), 0)
                && CryptGetHashParam(handle, HP_HASHVAL, hash, &size, 0) && size == HASH_SIZE;
        CryptDestroyHash(handle);
    }
    CryptReleaseContext(prov, 0);
    return ok ? S_OK : MAPI_E_CALL_FAILED;
}

static HRESULT salt_make(BYTE *salt)
{
    HCRYPTPROV prov;
    BOOL ok;

    if (!CryptAcquireContextW(&prov, NULL, NULL, PROV_RSA_AES, CRYPT_VERIFYCONTEXT)) return MAPI_E_CALL_FAILED;
    ok = CryptGenRandom(prov, SALT_SIZE, salt);
    CryptReleaseContext(prov, 0);
    return ok ? S_OK : MAPI_E_CALL_FAILED;
}

/* Stores the salted hash of password on the profile key; an empty or
 * NULL password removes it. */
static HRESULT password_store(HKEY key, const char *password)
{
    BYTE record[SALT_SIZE + HASH_SIZE];
    HRESULT hr;

    if (!password || !*password)
    {
        LSTATUS status = RegDeleteValueA(key, PASSWORD_VALUE);

        return status == ERROR_FILE_NOT_FOUND ? S_OK : hr_from_reg(status);
    }
    if (FAILED(hr = salt_make(record))) return hr;
    if (FAILED(hr = password_hash(record, password, record + SALT_SIZE))) return hr;
    hr = hr_from_reg(RegSetValueExA(key, PASSWORD_VALUE, 0, REG_BINARY, record, sizeof(record)));
    SecureZeroMemory(record, sizeof(record));
    return hr;
}

HRESULT profile_check_password(const char *name, const char *password)
{
    BYTE record[SALT_SIZE + HASH_SIZE], hash[HASH_SIZE], diff = 0;
    DWORD size = sizeof(record), type, i;
    LSTATUS status;
    HRESULT hr;
    HKEY key;

    TRACE("%s, %p.\n", debugstr_a(name), password);

    if (!name_is_valid(name)) return MAPI_E_INVALID_PARAMETER;
    if (name_is_pending_delete(name)) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = profile_key_open(name, &key))) return hr;
    status = RegQueryValueExA(key, PASSWORD_VALUE, NULL, &type, record, &size);
    RegCloseKey(key);
    if (status == ERROR_FILE_NOT_FOUND) return S_OK;
    if (status || type != REG_BINARY || size != sizeof(record))
    {
        WARN("unreadable password record for %s.\n", debugstr_a(name));
        return MAPI_E_LOGON_FAILED;
    }
    if (!password) return MAPI_E_LOGON_FAILED;
    if (FAILED(hr = password_hash(record, password, hash))) return hr;
    for (i = 0; i < HASH_SIZE; i++) diff |= hash[i] ^ record[SALT_SIZE + i];
    return diff ? MAPI_E_LOGON_FAILED : S_OK;
}

HRESULT profile_set_password(const char *name, const char *password)
{
    HRESULT hr;
    HKEY key;

    TRACE("%s, %p.\n", debugstr_a(name), password);

    if (!name_is_valid(name)) return MAPI_E_INVALID_PARAMETER;
    if (name_is_pending_delete(name)) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = profile_key_open(name, &key))) return hr;
    hr = password_store(key, password);
    RegCloseKey(key);
    return hr;
}

/* --- making, copying and removing profiles ---------------------------------- */

/* Writes PR_PROFILE_NAME into the global section of the profile called
 * name and, with new_instance, a new PR_SEARCH_KEY into its
 * MUID_PROFILE_INSTANCE section. */
static HRESULT profile_stamp(const char *name, BOOL new_instance)
{
    SPropValue prop;
    MAPIUID search_key;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = section_key_open_by_name(name, &global_section_uid, TRUE, &key))) return hr;
    prop.ulPropTag = PR_PROFILE_NAME_A;
    prop.Value.lpszA = (char *)name;
    hr = profile_section_write(key, &prop);
    RegCloseKey(key);
    if (FAILED(hr) || !new_instance) return hr;

    if (FAILED(hr = CoCreateGuid((GUID *)search_key.ab))) return hr;
    if (FAILED(hr = section_key_open_by_name(name, (const MAPIUID *)&MUID_PROFILE_INSTANCE, TRUE, &key))) return hr;
    prop.ulPropTag = PR_SEARCH_KEY;
    prop.Value.bin.cb = sizeof(search_key);
    prop.Value.bin.lpb = search_key.ab;
    hr = profile_section_write(key, &prop);
    RegCloseKey(key);
    return hr;
}

HRESULT profile_create(const char *name, const char *password)
{
    HKEY profiles, key;
    DWORD disposition;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_a(name), password);

    if (!name_is_valid(name)) return MAPI_E_INVALID_PARAMETER;
    if (name_is_pending_delete(name)) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = profiles_key_open(TRUE, &profiles))) return hr;
    hr = hr_from_reg(RegCreateKeyExA(profiles, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition));
    RegCloseKey(profiles);
    if (FAILED(hr)) return hr;
    if (disposition == REG_OPENED_EXISTING_KEY)
    {
        RegCloseKey(key);
        return MAPI_E_NO_ACCESS;
    }
    hr = password_store(key, password);
    RegCloseKey(key);
    if (SUCCEEDED(hr)) hr = profile_stamp(name, TRUE);
    if (FAILED(hr)) profile_key_delete(name);
    return hr;
}

HRESULT profile_delete(const char *name)
{
    struct profile *profile;
    BOOL in_use = FALSE;

    TRACE("%s.\n", debugstr_a(name));

    if (!name_is_valid(name)) return MAPI_E_INVALID_PARAMETER;
    if (!profile_exists(name)) return MAPI_E_NOT_FOUND;

    AcquireSRWLockExclusive(&open_lock);
    if ((profile = open_profile_find(name)))
    {
        if (profile->delete_pending)
        {
            ReleaseSRWLockExclusive(&open_lock);
            return MAPI_E_NOT_FOUND;
        }
        profile->delete_pending = TRUE;
        in_use = TRUE;
    }
    ReleaseSRWLockExclusive(&open_lock);

    default_clear_if(name);
    if (in_use) TRACE("profile %s is in use; it goes when its last user does.\n", debugstr_a(name));
    else profile_key_delete(name);
    return S_OK;
}

/* Checks both names and makes the key of the copy from the original's. */
static HRESULT profile_key_copy(const char *from, const char *to, BOOL new_instance)
{
    HKEY profiles, src, dst;
    DWORD disposition;
    HRESULT hr;

    if (!name_is_valid(from) || !name_is_valid(to)) return MAPI_E_INVALID_PARAMETER;
    if (name_is_pending_delete(from) || !profile_exists(from)) return MAPI_E_NOT_FOUND;
    if (name_is_pending_delete(to)) return MAPI_E_NO_ACCESS;

    if (FAILED(hr = profiles_key_open(FALSE, &profiles))) return hr;
    if (FAILED(hr = hr_from_reg(RegOpenKeyExA(profiles, from, 0, KEY_ALL_ACCESS, &src))))
    {
        RegCloseKey(profiles);
        return hr;
    }
    hr = hr_from_reg(RegCreateKeyExA(profiles, to, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &dst, &disposition));
    if (SUCCEEDED(hr))
    {
        if (disposition == REG_OPENED_EXISTING_KEY) hr = MAPI_E_NO_ACCESS;
        else hr = hr_from_reg(RegCopyTreeA(src, NULL, dst));
        RegCloseKey(dst);
        if (disposition != REG_OPENED_EXISTING_KEY && FAILED(hr)) profile_key_delete(to);
    }
    RegCloseKey(src);
    RegCloseKey(profiles);
    if (SUCCEEDED(hr) && FAILED(hr = profile_stamp(to, new_instance))) profile_key_delete(to);
    return hr;
}

HRESULT profile_copy(const char *from, const char *to)
{
    TRACE("%s, %s.\n", debugstr_a(from), debugstr_a(to));

    return profile_key_copy(from, to, TRUE);
}

HRESULT profile_rename(const char *from, const char *to)
{
    struct profile *profile;
    char def[PROFILE_NAME_MAX];
    BOOL was_default;
    HRESULT hr;

    TRACE("%s, %s.\n", debugstr_a(from), debugstr_a(to));

    was_default = SUCCEEDED(profile_get_default(def, sizeof(def))) && !lstrcmpiA(def, from);
    if (FAILED(hr = profile_key_copy(from, to, FALSE))) return hr;
    profile_key_delete(from);

    AcquireSRWLockExclusive(&open_lock);
    if ((profile = open_profile_find(from))) strcpy(profile->name, to);
    ReleaseSRWLockExclusive(&open_lock);

    if (was_default) hr = profile_set_default(to);
    return hr;
}

HRESULT profile_list(ULONG *count, char ***names)
{
    DWORD keys = 0, name_max = 0, len, i;
    char **array, *buffer, *pos;
    HKEY profiles;
    ULONG n = 0;
    HRESULT hr;

    TRACE("%p, %p.\n", count, names);

    if (!count || !names) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *names = NULL;
    if (FAILED(hr = profiles_key_open(FALSE, &profiles))) return hr == MAPI_E_NOT_FOUND ? S_OK : hr;
    if (FAILED(hr = hr_from_reg(RegQueryInfoKeyA(profiles, NULL, NULL, NULL, &keys, &name_max, NULL, NULL, NULL,
            NULL, NULL, NULL))) || !keys)
        goto done;
    if (FAILED(hr = MAPIAllocateBuffer(keys * (sizeof(char *) + name_max + 1), (void **)&array))) goto done;
    if (!(buffer = mapi_heap_alloc(name_max + 1)))
    {
        MAPIFreeBuffer(array);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    pos = (char *)(array + keys);
    for (i = 0; i < keys; i++)
    {
        len = name_max + 1;
        if (RegEnumKeyExA(profiles, i, buffer, &len, NULL, NULL, NULL, NULL)) break;
        if (!name_is_valid(buffer) || name_is_pending_delete(buffer)) continue;
        strcpy(pos, buffer);
        array[n++] = pos;
        pos += len + 1;
    }
    mapi_heap_free(buffer);
    *count = n;
    *names = array;

done:
    RegCloseKey(profiles);
    return hr;
}

/* The DefaultProfile value as it is, whether or not that profile exists. */
static HRESULT default_read(char *value)
{
    DWORD len = PROFILE_NAME_MAX, type;
    HKEY profiles;
    LSTATUS status;
    HRESULT hr;

    if (FAILED(hr = profiles_key_open(FALSE, &profiles))) return hr;
    status = RegQueryValueExA(profiles, DEFAULT_VALUE, NULL, &type, (BYTE *)value, &len);
    RegCloseKey(profiles);
    if (status || type != REG_SZ || !len) return MAPI_E_NOT_FOUND;
    value[min(len, PROFILE_NAME_MAX - 1)] = 0;
    return S_OK;
}

HRESULT profile_get_default(char *name, DWORD size)
{
    char value[PROFILE_NAME_MAX];
    HRESULT hr;

    TRACE("%p, %lu.\n", name, size);

    if (!name || !size) return MAPI_E_INVALID_PARAMETER;
    *name = 0;
    if (FAILED(hr = default_read(value))) return hr;
    if (!name_is_valid(value) || name_is_pending_delete(value) || !profile_exists(value)) return MAPI_E_NOT_FOUND;
    if (strlen(value) >= size) return MAPI_E_NOT_ENOUGH_MEMORY;
    strcpy(name, value);
    return S_OK;
}

HRESULT profile_set_default(const char *name)
{
    HKEY profiles;
    LSTATUS status;
    HRESULT hr;

    TRACE("%s.\n", debugstr_a(name));

    if (name && !name_is_valid(name)) return MAPI_E_INVALID_PARAMETER;
    if (name && (name_is_pending_delete(name) || !profile_exists(name))) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = profiles_key_open(!!name, &profiles))) return !name && hr == MAPI_E_NOT_FOUND ? S_OK : hr;
    if (name)
        status = RegSetValueExA(profiles, DEFAULT_VALUE, 0, REG_SZ, (const BYTE *)name, strlen(name) + 1);
    else if ((status = RegDeleteValueA(profiles, DEFAULT_VALUE)) == ERROR_FILE_NOT_FOUND)
        status = ERROR_SUCCESS;
    RegCloseKey(profiles);
    return hr_from_reg(status);
}

/* A deleted profile is no one's default any more. */
static void default_clear_if(const char *name)
{
    char def[PROFILE_NAME_MAX];

    if (SUCCEEDED(default_read(def)) && !lstrcmpiA(def, name)) profile_set_default(NULL);
}
