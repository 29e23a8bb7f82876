/*
 * mapi32: IMessage on structured storage, reading the Outlook message file
 * layout
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The layout is the one of [MS-OXMSG]: each object (message, recipient,
 * attachment) is a storage with a property stream, "__properties_version1.0",
 * which has a header (32 bytes for the top-level message, 24 for an
 * embedded one, 8 for recipients and attachments) and one 16-byte entry per
 * property: tag, attributes, and the value itself or, for strings, binaries,
 * GUIDs and multi-valued properties, the size of the "__substg1.0_TTTTPPPP"
 * stream holding it.  Recipients are the "__recip_version1.0_#XXXXXXXX"
 * substorages, attachments the "__attach_version1.0_#XXXXXXXX" ones, an
 * embedded message or an attached storage the "__substg1.0_3701000D"
 * substorage of its attachment, and the names of the named properties are
 * in "__nameid_version1.0".
 *
 * A storage without a property stream is a new, empty message.  A value
 * that cannot be read is left out with a warning; a property stream that
 * cannot be read makes the message MAPI_E_CORRUPT_DATA.
 */

#include "imsg.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define TOP_HEADER_SIZE         32
#define EMBEDDED_HEADER_SIZE    24
#define SUBOBJECT_HEADER_SIZE   8
#define ENTRY_SIZE              16
/* Embedded messages deeper than this make a file MAPI_E_CORRUPT_DATA. */
#define MAX_DEPTH               64

/* Writes prefix and tag as eight upper-case hexadecimal digits. */
void imsg_stream_name(WCHAR *out, const WCHAR *prefix, ULONG tag)
{
    static const WCHAR digits[] = L"0123456789ABCDEF";
    int i;

    while (*prefix) *out++ = *prefix++;
    for (i = 7; i >= 0; i--) *out++ = digits[(tag >> (i * 4)) & 0xf];
    *out = 0;
}

/* "__substg1.0_TTTTPPPP", with "-IIIIIIII" for a value of a multi-valued
 * property when index is not ~0u. */
void imsg_value_stream_name(WCHAR *out, ULONG tag, ULONG index)
{
    imsg_stream_name(out, L"__substg1.0_", tag);
    if (index != ~0u) imsg_stream_name(out + lstrlenW(out), L"-", index);
}

/* Reads a whole stream into heap memory, with two zero bytes after it. */
static HRESULT stream_read(IStorage *storage, const WCHAR *name, BYTE **data, ULONG *size)
{
    IStream *stream;
    STATSTG stat;
    ULONG read;
    HRESULT hr;

    *data = NULL;
    *size = 0;
    if (FAILED(hr = IStorage_OpenStream(storage, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream)))
        return hr;
    if (SUCCEEDED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
    {
        if (stat.cbSize.QuadPart > MAXLONG - sizeof(WCHAR))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else if (!(*data = mapi_heap_alloc(stat.cbSize.u.LowPart + sizeof(WCHAR))))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else if (SUCCEEDED(hr = IStream_Read(stream, *data, stat.cbSize.u.LowPart, &read)))
        {
            memset(*data + read, 0, sizeof(WCHAR));
            *size = read;
        }
    }
    IStream_Release(stream);
    if (FAILED(hr))
    {
        mapi_heap_free(*data);
        *data = NULL;
    }
    return hr;
}

static ULONG read_ulong(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

/* The size of one value of a fixed-length multi-valued type, or 0. */
static ULONG mv_fixed_size(ULONG type)
{
    switch (type)
    {
    case PT_MV_I2: return 2;
    case PT_MV_LONG:
    case PT_MV_R4: return 4;
    case PT_MV_DOUBLE:
    case PT_MV_CURRENCY:
    case PT_MV_APPTIME:
    case PT_MV_SYSTIME:
    case PT_MV_I8: return 8;
    case PT_MV_CLSID: return 16;
    }
    return 0;
}

/* A value held in its property entry. */
static BOOL decode_fixed(ULONG tag, const BYTE *data, SPropValue *value)
{
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    switch (PROP_TYPE(tag))
    {
    case PT_I2:
        memcpy(&value->Value.i, data, sizeof(value->Value.i));
        return TRUE;
    case PT_LONG:
        memcpy(&value->Value.l, data, sizeof(value->Value.l));
        return TRUE;
    case PT_R4:
        memcpy(&value->Value.flt, data, sizeof(value->Value.flt));
        return TRUE;
    case PT_BOOLEAN:
        value->Value.b = data[0] != 0;
        return TRUE;
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_I8:
    case PT_SYSTIME:
        memcpy(&value->Value.li, data, sizeof(value->Value.li));
        return TRUE;
    }
    return FALSE;
}

/* A string, binary or GUID in its own stream; *data is kept for the value. */
static HRESULT read_variable(IStorage *storage, ULONG tag, SPropValue *value, BYTE **data)
{
    WCHAR name[32];
    ULONG size;
    HRESULT hr;

    imsg_value_stream_name(name, tag, ~0u);
    if (FAILED(hr = stream_read(storage, name, data, &size))) return hr;
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    switch (PROP_TYPE(tag))
    {
    case PT_STRING8:
        value->Value.lpszA = (char *)*data;
        return S_OK;
    case PT_UNICODE:
        (*data)[size & ~1] = (*data)[(size & ~1) + 1] = 0;
        value->Value.lpszW = (WCHAR *)*data;
        return S_OK;
    case PT_BINARY:
        value->Value.bin.cb = size;
        value->Value.bin.lpb = *data;
        return S_OK;
    case PT_CLSID:
        if (size < sizeof(GUID)) return MAPI_E_CORRUPT_DATA;
        value->Value.lpguid = (GUID *)*data;
        return S_OK;
    }
    return MAPI_E_INVALID_TYPE;
}

/* The values of a multi-valued property of a variable-length type: a
 * stream of lengths and one stream per value. */
struct mv_parts
{
    void **items;           /* heap memory of each value */
    ULONG count;
};

static void mv_parts_free(struct mv_parts *parts)
{
    ULONG i;

    for (i = 0; i < parts->count; i++) mapi_heap_free(parts->items[i]);
    mapi_heap_free(parts->items);
}

static HRESULT read_mv_variable(IStorage *storage, ULONG tag, SPropValue *value, BYTE **lengths,
        struct mv_parts *parts)
{
    ULONG type = PROP_TYPE(tag), entry = type == PT_MV_BINARY ? 8 : 4, size, count, i, part_size;
    SBinary *bins = NULL;
    void **pointers;
    WCHAR name[32];
    HRESULT hr;

    imsg_value_stream_name(name, tag, ~0u);
    if (FAILED(hr = stream_read(storage, name, lengths, &size))) return hr;
    if (!(count = size / entry)) return MAPI_E_CORRUPT_DATA;
    if (!(parts->items = mapi_heap_alloc(count * sizeof(*parts->items)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    /* The lengths are those of the value streams; their buffer becomes the
     * array of pointers or SBinary. */
    mapi_heap_free(*lengths);
    *lengths = NULL;
    if (!(*lengths = mapi_heap_alloc(count * max(sizeof(SBinary), sizeof(void *))))) return MAPI_E_NOT_ENOUGH_MEMORY;
    pointers = (void **)*lengths;
    bins = (SBinary *)*lengths;

    for (i = 0; i < count; i++)
    {
        BYTE *part;

        imsg_value_stream_name(name, tag, i);
        if (FAILED(hr = stream_read(storage, name, &part, &part_size))) return hr;
        parts->items[parts->count++] = part;
        if (type == PT_MV_BINARY)
        {
            bins[i].cb = part_size;
            bins[i].lpb = part;
        }
        else
        {
            if (type == PT_MV_UNICODE) part[part_size & ~1] = part[(part_size & ~1) + 1] = 0;
            pointers[i] = part;
        }
    }
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    value->Value.MVi.cValues = count;
    value->Value.MVi.lpi = (short *)*lengths;
    return S_OK;
}

static HRESULT read_mv_fixed(IStorage *storage, ULONG tag, SPropValue *value, BYTE **data)
{
    WCHAR name[32];
    ULONG size;
    HRESULT hr;

    imsg_value_stream_name(name, tag, ~0u);
    if (FAILED(hr = stream_read(storage, name, data, &size))) return hr;
    if (!(size / mv_fixed_size(PROP_TYPE(tag)))) return MAPI_E_CORRUPT_DATA;
    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    value->Value.MVi.cValues = size / mv_fixed_size(PROP_TYPE(tag));
    value->Value.MVi.lpi = (short *)*data;
    return S_OK;
}

/* Reads one property entry into bag.  Entries of object properties, and
 * errors, have no value to read here. */
static HRESULT load_entry(IStorage *storage, const BYTE *entry, struct imsg_bag *bag)
{
    ULONG tag = read_ulong(entry), flags = read_ulong(entry + 4), type = PROP_TYPE(tag);
    struct mv_parts parts = {0};
    BYTE *data = NULL;
    SPropValue value;
    HRESULT hr;

    if (type == PT_OBJECT || type == PT_ERROR || PROP_ID(tag) == PROP_ID_NULL) return S_OK;
    if (decode_fixed(tag, entry + 8, &value))
        hr = S_OK;
    else if (type == PT_STRING8 || type == PT_UNICODE || type == PT_BINARY || type == PT_CLSID)
        hr = read_variable(storage, tag, &value, &data);
    else if (mv_fixed_size(type))
        hr = read_mv_fixed(storage, tag, &value, &data);
    else if (type == PT_MV_STRING8 || type == PT_MV_UNICODE || type == PT_MV_BINARY)
        hr = read_mv_variable(storage, tag, &value, &data, &parts);
    else
        hr = MAPI_E_INVALID_TYPE;

    if (SUCCEEDED(hr) && SUCCEEDED(hr = imsg_bag_put(bag, &value)))
        hr = imsg_bag_set_attr(bag, tag, flags);
    mapi_heap_free(data);
    mv_parts_free(&parts);
    if (hr == MAPI_E_NOT_ENOUGH_MEMORY) return hr;
    if (FAILED(hr)) WARN("property %#lx left out: %#lx.\n", tag, hr);
    return S_OK;
}

/* Reads the property stream of an object into bag. */
static HRESULT load_props(IStorage *storage, ULONG header_size, struct imsg_bag *bag)
{
    ULONG size, offset;
    HRESULT hr = S_OK;
    BYTE *data;

    if (FAILED(stream_read(storage, L"__properties_version1.0", &data, &size)) || size < header_size)
    {
        WARN("no property stream.\n");
        mapi_heap_free(data);
        return MAPI_E_CORRUPT_DATA;
    }
    for (offset = header_size; offset + ENTRY_SIZE <= size && SUCCEEDED(hr); offset += ENTRY_SIZE)
        hr = load_entry(storage, data + offset, bag);
    mapi_heap_free(data);
    return hr;
}

/* The substorages whose names are prefix and a hexadecimal number, in the
 * order of their numbers. */
struct substorages
{
    ULONG *numbers;
    ULONG count, capacity;
};

static int __cdecl compare_numbers(const void *a, const void *b)
{
    ULONG x = *(const ULONG *)a, y = *(const ULONG *)b;

    return x < y ? -1 : x > y;
}

static BOOL parse_number(const WCHAR *name, const WCHAR *prefix, ULONG *number)
{
    ULONG len = lstrlenW(prefix), i, value = 0;

    if (wcsncmp(name, prefix, len) || lstrlenW(name) != len + 8) return FALSE;
    for (i = len; i < len + 8; i++)
    {
        WCHAR c = name[i];

        value <<= 4;
        if (c >= '0' && c <= '9') value |= c - '0';
        else if (c >= 'A' && c <= 'F') value |= c - 'A' + 10;
        else if (c >= 'a' && c <= 'f') value |= c - 'a' + 10;
        else return FALSE;
    }
    *number = value;
    return TRUE;
}

static HRESULT find_substorages(IStorage *storage, const WCHAR *prefix, struct substorages *found)
{
    IEnumSTATSTG *elements;
    STATSTG stat;
    ULONG number, *numbers;
    HRESULT hr;

    found->numbers = NULL;
    found->count = found->capacity = 0;
    if (FAILED(hr = IStorage_EnumElements(storage, 0, NULL, 0, &elements))) return hr;
    while (SUCCEEDED(hr) && IEnumSTATSTG_Next(elements, 1, &stat, NULL) == S_OK)
    {
        if (stat.type == STGTY_STORAGE && parse_number(stat.pwcsName, prefix, &number))
        {
            if (found->count == found->capacity)
            {
                found->capacity = max(found->capacity * 2, 8);
                if (!(numbers = mapi_heap_realloc(found->numbers, found->capacity * sizeof(*numbers))))
                    hr = MAPI_E_NOT_ENOUGH_MEMORY;
                else
                    found->numbers = numbers;
            }
            if (SUCCEEDED(hr)) found->numbers[found->count++] = number;
        }
        CoTaskMemFree(stat.pwcsName);
    }
    IEnumSTATSTG_Release(elements);
    if (FAILED(hr))
    {
        mapi_heap_free(found->numbers);
        return hr;
    }
    if (found->count) qsort(found->numbers, found->count, sizeof(*found->numbers), compare_numbers);
    return S_OK;
}

static HRESULT open_substorage(IStorage *storage, const WCHAR *prefix, ULONG number, IStorage **sub)
{
    WCHAR name[40];

    imsg_stream_name(name, prefix, number);
    return IStorage_OpenStorage(storage, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, sub);
}

static HRESULT load_recip(struct imsg_root *root, IStorage *storage, ULONG depth, struct imsg_content *content)
{
    struct imsg_bag bag;
    SPropValue *values;
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = imsg_bag_init(root, &bag))) return hr;
    if (SUCCEEDED(hr = load_props(storage, SUBOBJECT_HEADER_SIZE, &bag))
            && SUCCEEDED(hr = imsg_bag_values(root, &bag, &count, &values)))
    {
        hr = imsg_recip_add(root, content, count, values);
        root->free_buffer(values);
    }
    imsg_bag_free(&bag);
    return hr;
}

static LONG bag_long(struct imsg_root *root, struct imsg_bag *bag, ULONG tag, LONG fallback)
{
    SPropTagArray tags = { 1, { tag } };
    SPropValue *value;
    LONG result = fallback;
    ULONG count;

    if (FAILED(IPropData_GetProps(bag->props, &tags, 0, &count, &value))) return fallback;
    if (value->ulPropTag == tag) result = value->Value.l;
    root->free_buffer(value);
    return result;
}

/* The attachment's data object: an embedded message when the attachment
 * says so, any other storage kept as it is, in memory. */
static HRESULT load_data_object(struct imsg_root *root, IStorage *storage, ULONG depth,
        struct imsg_attach_data *data)
{
    SPropValue object = { PR_ATTACH_DATA_OBJ };
    IStorage *sub;
    HRESULT hr;

    if (FAILED(IStorage_OpenStorage(storage, L"__substg1.0_3701000D", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL,
            0, &sub)))
        return S_OK;
    if (bag_long(root, &data->bag, PR_ATTACH_METHOD, NO_ATTACHMENT) == ATTACH_EMBEDDED_MSG)
    {
        if (SUCCEEDED(hr = imsg_content_create(root, &data->message))
                && FAILED(hr = imsg_file_content_load(root, sub, depth + 1, data->message)))
        {
            imsg_content_free(root, data->message);
            data->message = NULL;
        }
    }
    else
        hr = imsg_storage_clone(sub, &data->storage);
    IStorage_Release(sub);
    if (SUCCEEDED(hr)) hr = imsg_bag_put(&data->bag, &object);
    return hr;
}

static HRESULT load_attach(struct imsg_root *root, IStorage *storage, ULONG depth, struct imsg_content *content)
{
    struct imsg_attach_data *data;
    SPropValue num;
    HRESULT hr;

    if (FAILED(hr = imsg_attach_data_create(root, content->next_attach_num, &data))) return hr;
    num.ulPropTag = PR_ATTACH_NUM;
    num.dwAlignPad = 0;
    num.Value.l = data->num;
    /* The number is the message's to give, whatever the file says. */
    if (FAILED(hr = load_props(storage, SUBOBJECT_HEADER_SIZE, &data->bag))
            || FAILED(hr = imsg_bag_put(&data->bag, &num))
            || FAILED(hr = load_data_object(root, storage, depth, data)))
    {
        imsg_attach_data_free(root, data);
        return hr;
    }
    return imsg_content_add_attach(root, content, data);
}

static HRESULT load_subobjects(struct imsg_root *root, IStorage *storage, ULONG depth, const WCHAR *prefix,
        struct imsg_content *content, HRESULT (*load)(struct imsg_root *, IStorage *, ULONG, struct imsg_content *))
{
    struct substorages found;
    IStorage *sub;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = find_substorages(storage, prefix, &found))) return hr;
    for (i = 0; i < found.count && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = open_substorage(storage, prefix, found.numbers[i], &sub))) break;
        hr = load(root, sub, depth, content);
        IStorage_Release(sub);
    }
    mapi_heap_free(found.numbers);
    return hr;
}

/* Fills content, made empty, from a message storage: the top-level one
 * at depth 0, embedded ones below.  A top-level storage without a property
 * stream is a new message. */
HRESULT imsg_file_content_load(struct imsg_root *root, IStorage *storage, ULONG depth,
        struct imsg_content *content)
{
    SPropValue mask;
    IStream *stream;
    HRESULT hr;

    if (depth > MAX_DEPTH)
    {
        WARN("embedded messages nested too deep.\n");
        return MAPI_E_CORRUPT_DATA;
    }
    if (!depth)
    {
        if (FAILED(IStorage_OpenStream(storage, L"__properties_version1.0", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE,
                0, &stream)))
            return S_OK;
        IStream_Release(stream);
    }
    if (FAILED(hr = load_props(storage, depth ? EMBEDDED_HEADER_SIZE : TOP_HEADER_SIZE, &content->bag))) return hr;
    if (FAILED(hr = load_subobjects(root, storage, depth, L"__recip_version1.0_#", content, load_recip))) return hr;
    if (FAILED(hr = load_subobjects(root, storage, depth, L"__attach_version1.0_#", content, load_attach)))
        return hr;

    if (root->unicode)
    {
        mask.ulPropTag = PR_STORE_SUPPORT_MASK;
        mask.dwAlignPad = 0;
        mask.Value.l = bag_long(root, &content->bag, PR_STORE_SUPPORT_MASK, 0) | STORE_UNICODE_OK;
        if (FAILED(hr = imsg_bag_put(&content->bag, &mask))) return hr;
    }
    if (FAILED(hr = imsg_content_update_display(root, content))) return hr;
    return imsg_content_update_hasattach(content);
}

/* Whether the top-level property stream has PR_STORE_SUPPORT_MASK with
 * STORE_UNICODE_OK. */
BOOL imsg_file_is_unicode(IStorage *storage)
{
    BOOL unicode = FALSE;
    ULONG size, offset;
    BYTE *data;

    if (FAILED(stream_read(storage, L"__properties_version1.0", &data, &size))) return FALSE;
    for (offset = TOP_HEADER_SIZE; offset + ENTRY_SIZE <= size; offset += ENTRY_SIZE)
    {
        if (read_ulong(data + offset) != PR_STORE_SUPPORT_MASK) continue;
        unicode = (read_ulong(data + offset + 8) & STORE_UNICODE_OK) != 0;
        break;
    }
    mapi_heap_free(data);
    return unicode;
}

/* --- named properties ------------------------------------------------------ */

struct name_streams
{
    BYTE *guids, *entries, *strings;
    ULONG guids_size, entries_size, strings_size;
};

/* Decodes entry index of the entry stream into named; FALSE when it does
 * not make sense. */
static BOOL decode_name(const struct name_streams *streams, ULONG index, struct named_prop *named, ULONG *slot)
{
    const BYTE *entry = streams->entries + index * 8;
    ULONG id = read_ulong(entry), info = read_ulong(entry + 4), guid_index = (info >> 1) & 0x7fff, len;

    *slot = info >> 16;
    if (*slot > 0xfffe - IMSG_FIRST_NAMED_ID) return FALSE;
    if (guid_index == 1)
        named->guid = PS_MAPI;
    else if (guid_index == 2)
        named->guid = PS_PUBLIC_STRINGS;
    else if (guid_index >= 3 && (guid_index - 3 + 1) * sizeof(GUID) <= streams->guids_size)
        memcpy(&named->guid, streams->guids + (guid_index - 3) * sizeof(GUID), sizeof(GUID));
    else
        return FALSE;

    named->id = 0;
    named->name = NULL;
    if (!(info & 1))
    {
        named->kind = MNID_ID;
        named->id = id;
        return TRUE;
    }
    named->kind = MNID_STRING;
    if (id > streams->strings_size || streams->strings_size - id < 4) return FALSE;
    len = read_ulong(streams->strings + id);
    if (len > streams->strings_size - id - 4) return FALSE;
    if (!(named->name = mapi_heap_alloc(len + sizeof(WCHAR)))) return FALSE;
    memcpy(named->name, streams->strings + id + 4, len);
    named->name[len / sizeof(WCHAR)] = 0;
    return TRUE;
}

/* Puts the names into the map at their slots; a slot the file leaves
 * empty holds GUID_NULL, a name no one asks for. */
static HRESULT names_fill(struct propdata *map, const struct name_streams *streams)
{
    ULONG count = streams->entries_size / 8, i, slot, used = 0;
    struct named_prop named, *names;

    for (i = 0; i < count; i++)
    {
        if (!decode_name(streams, i, &named, &slot))
        {
            WARN("named property entry %lu left out.\n", i);
            continue;
        }
        if (slot >= map->name_capacity)
        {
            ULONG capacity = max(slot + 1, map->name_capacity * 2);

            if (!(names = mapi_heap_realloc(map->names, capacity * sizeof(*names))))
            {
                mapi_heap_free(named.name);
                return MAPI_E_NOT_ENOUGH_MEMORY;
            }
            memset(names + map->name_capacity, 0, (capacity - map->name_capacity) * sizeof(*names));
            map->names = names;
            map->name_capacity = capacity;
        }
        mapi_heap_free(map->names[slot].name);
        map->names[slot] = named;
        used = max(used, slot + 1);
    }
    map->name_count = used;
    return S_OK;
}

HRESULT imsg_file_names_load(struct imsg_root *root, IStorage *storage)
{
    struct propdata *map = CONTAINING_RECORD(root->names, struct propdata, IPropData_iface);
    struct name_streams streams = {0};
    IStorage *sub;
    HRESULT hr;

    if (FAILED(IStorage_OpenStorage(storage, L"__nameid_version1.0", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0,
            &sub)))
        return S_OK;
    if (FAILED(stream_read(sub, L"__substg1.0_00020102", &streams.guids, &streams.guids_size)))
        WARN("no GUID stream.\n");
    if (FAILED(stream_read(sub, L"__substg1.0_00040102", &streams.strings, &streams.strings_size)))
        WARN("no string stream.\n");
    if (SUCCEEDED(hr = stream_read(sub, L"__substg1.0_00030102", &streams.entries, &streams.entries_size)))
    {
        EnterCriticalSection(&map->cs);
        hr = names_fill(map, &streams);
        LeaveCriticalSection(&map->cs);
    }
    else
    {
        WARN("no entry stream: %#lx.\n", hr);
        hr = S_OK;
    }
    IStorage_Release(sub);
    mapi_heap_free(streams.guids);
    mapi_heap_free(streams.entries);
    mapi_heap_free(streams.strings);
    return hr;
}
