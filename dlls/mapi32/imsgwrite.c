/*
 * mapi32: IMessage on structured storage, writing the Outlook message file
 * layout
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * SaveChanges of a top-level message replaces what an earlier save put in
 * the storage (the elements of the layout that imsgread.c describes; other
 * elements are the caller's and stay) with the message as it is now, then
 * commits the storage.  Recipients and attachments are numbered from 0 in
 * their storage names, in PR_ROWID and in PR_ATTACH_NUM.
 *
 * Strings follow the file: in a Unicode file (STORE_UNICODE_OK) every
 * string is written as PT_UNICODE, in an ANSI one as PT_STRING8 in the
 * ANSI code page, and a string that code page cannot hold fails the save
 * with MAPI_E_BAD_CHARWIDTH rather than being changed.  The format cannot
 * hold empty strings: those properties are left out.
 */

#include "imsg.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define ENTRY_SIZE 16

/* A growing block of bytes. */
struct buffer
{
    BYTE *data;
    ULONG size, capacity;
};

static HRESULT buffer_append(struct buffer *buffer, const void *data, ULONG size)
{
    BYTE *grown;

    if (buffer->size + size > buffer->capacity)
    {
        ULONG capacity = max(buffer->capacity * 2, buffer->size + size);

        capacity = max(capacity, 256);
        if (!(grown = mapi_heap_realloc(buffer->data, capacity))) return MAPI_E_NOT_ENOUGH_MEMORY;
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
    return S_OK;
}

static HRESULT buffer_append_ulong(struct buffer *buffer, ULONG value)
{
    BYTE bytes[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

    return buffer_append(buffer, bytes, sizeof(bytes));
}

static void put_ulong(BYTE *p, ULONG value)
{
    p[0] = value & 0xff;
    p[1] = (value >> 8) & 0xff;
    p[2] = (value >> 16) & 0xff;
    p[3] = value >> 24;
}

static HRESULT stream_write(IStorage *storage, const WCHAR *name, const void *data, ULONG size)
{
    IStream *stream;
    HRESULT hr;

    if (FAILED(hr = IStorage_CreateStream(storage, name, STGM_CREATE | STGM_WRITE | STGM_SHARE_EXCLUSIVE, 0, 0,
            &stream)))
        return hr;
    if (size) hr = IStream_Write(stream, data, size, NULL);
    IStream_Release(stream);
    return hr;
}

static HRESULT create_substorage(IStorage *storage, const WCHAR *name, IStorage **sub)
{
    return IStorage_CreateStorage(storage, name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, sub);
}

/* --- strings ------------------------------------------------------------- */

/* A string in the encoding of the file, heap memory, without its
 * terminator; *size is its length in bytes. */
static HRESULT string_encode(BOOL unicode, ULONG type, const void *str, BYTE **out, ULONG *size)
{
    BOOL lost = FALSE;
    int len;

    if (unicode && type == PT_UNICODE)
    {
        *size = lstrlenW(str) * sizeof(WCHAR);
        if (!(*out = mapi_heap_alloc(*size + sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(*out, str, *size);
    }
    else if (!unicode && type == PT_STRING8)
    {
        *size = strlen(str);
        if (!(*out = mapi_heap_alloc(*size + 1))) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(*out, str, *size);
    }
    else if (unicode)
    {
        len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
        if (!(*out = mapi_heap_alloc(len * sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        MultiByteToWideChar(CP_ACP, 0, str, -1, (WCHAR *)*out, len);
        *size = (len - 1) * sizeof(WCHAR);
    }
    else
    {
        len = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, str, -1, NULL, 0, NULL, &lost);
        if (lost)
        {
            WARN("%s cannot be written in an ANSI message file.\n", debugstr_w(str));
            return MAPI_E_BAD_CHARWIDTH;
        }
        if (!(*out = mapi_heap_alloc(len))) return MAPI_E_NOT_ENOUGH_MEMORY;
        WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, str, -1, (char *)*out, len, NULL, NULL);
        *size = len - 1;
    }
    return S_OK;
}

/* --- property streams ---------------------------------------------------- */

static HRESULT write_string(IStorage *storage, BOOL unicode, const SPropValue *value, ULONG tag, BYTE *entry)
{
    WCHAR name[32];
    ULONG size;
    BYTE *data;
    HRESULT hr;

    if (FAILED(hr = string_encode(unicode, PROP_TYPE(value->ulPropTag), (const void *)value->Value.lpszA, &data,
            &size)))
        return hr;
    if (!size)
    {
        mapi_heap_free(data);
        return S_FALSE;
    }
    imsg_value_stream_name(name, tag, ~0u);
    hr = stream_write(storage, name, data, size);
    mapi_heap_free(data);
    put_ulong(entry + 8, size + (unicode ? sizeof(WCHAR) : 1));
    return hr;
}

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

/* A multi-valued string or binary property: a stream of lengths and one
 * stream per value; string values keep their terminator. */
static HRESULT write_mv_variable(IStorage *storage, BOOL unicode, const SPropValue *value, ULONG tag, BYTE *entry)
{
    ULONG type = PROP_TYPE(value->ulPropTag), count = value->Value.MVi.cValues, size, i;
    struct buffer lengths = {0};
    WCHAR name[32];
    BYTE *data;
    HRESULT hr = S_OK;

    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        imsg_value_stream_name(name, tag, i);
        if (type == PT_MV_BINARY)
        {
            size = value->Value.MVbin.lpbin[i].cb;
            if (SUCCEEDED(hr = stream_write(storage, name, value->Value.MVbin.lpbin[i].lpb, size))
                    && SUCCEEDED(hr = buffer_append_ulong(&lengths, size)))
                hr = buffer_append_ulong(&lengths, 0);
            continue;
        }
        if (FAILED(hr = string_encode(unicode, type & ~MV_FLAG, type == PT_MV_UNICODE
                ? (const void *)value->Value.MVszW.lppszW[i] : (const void *)value->Value.MVszA.lppszA[i],
                &data, &size)))
            break;
        /* string_encode leaves room for the terminator. */
        size += unicode ? sizeof(WCHAR) : 1;
        memset(data + size - (unicode ? sizeof(WCHAR) : 1), 0, unicode ? sizeof(WCHAR) : 1);
        if (SUCCEEDED(hr = stream_write(storage, name, data, size))) hr = buffer_append_ulong(&lengths, size);
        mapi_heap_free(data);
    }
    if (SUCCEEDED(hr))
    {
        imsg_value_stream_name(name, tag, ~0u);
        hr = stream_write(storage, name, lengths.data, lengths.size);
        put_ulong(entry + 8, lengths.size);
    }
    mapi_heap_free(lengths.data);
    return hr;
}

/* The tag a value is written with: strings in the file's encoding. */
static ULONG file_tag(BOOL unicode, ULONG tag)
{
    ULONG type = PROP_TYPE(tag);

    if (imsg_is_string(type)) type = unicode ? PT_UNICODE : PT_STRING8;
    else if (imsg_is_string(type & ~MV_FLAG)) type = unicode ? PT_MV_UNICODE : PT_MV_STRING8;
    return PROP_TAG(type, PROP_ID(tag));
}

/* Writes the value (and its streams) and fills its entry; S_FALSE when the
 * property has no place in the file. */
static HRESULT write_value(IStorage *storage, BOOL unicode, const SPropValue *value, ULONG attr, BYTE *entry)
{
    ULONG tag = file_tag(unicode, value->ulPropTag), type = PROP_TYPE(tag), size;
    WCHAR name[32];

    memset(entry, 0, ENTRY_SIZE);
    put_ulong(entry, tag);
    put_ulong(entry + 4, attr);
    switch (type)
    {
    case PT_I2:
        memcpy(entry + 8, &value->Value.i, sizeof(value->Value.i));
        return S_OK;
    case PT_LONG:
        memcpy(entry + 8, &value->Value.l, sizeof(value->Value.l));
        return S_OK;
    case PT_R4:
        memcpy(entry + 8, &value->Value.flt, sizeof(value->Value.flt));
        return S_OK;
    case PT_BOOLEAN:
        entry[8] = value->Value.b != 0;
        return S_OK;
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_I8:
    case PT_SYSTIME:
        memcpy(entry + 8, &value->Value.li, sizeof(value->Value.li));
        return S_OK;
    case PT_STRING8:
    case PT_UNICODE:
        return write_string(storage, unicode, value, tag, entry);
    case PT_BINARY:
        imsg_value_stream_name(name, tag, ~0u);
        put_ulong(entry + 8, value->Value.bin.cb);
        return stream_write(storage, name, value->Value.bin.lpb, value->Value.bin.cb);
    case PT_CLSID:
        imsg_value_stream_name(name, tag, ~0u);
        put_ulong(entry + 8, sizeof(GUID));
        return stream_write(storage, name, value->Value.lpguid, sizeof(GUID));
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
        return write_mv_variable(storage, unicode, value, tag, entry);
    }
    if (!(size = mv_fixed_size(type))) return S_FALSE;
    imsg_value_stream_name(name, tag, ~0u);
    put_ulong(entry + 8, size * value->Value.MVi.cValues);
    return stream_write(storage, name, value->Value.MVi.lpi, size * value->Value.MVi.cValues);
}

/* What one property stream is written from. */
struct object_props
{
    const BYTE *header;
    ULONG header_size;
    ULONG count;
    const SPropValue *values;
    struct imsg_bag *bag;           /* for the attributes; NULL: the default ones */
    ULONG number_tag;               /* PR_ROWID or PR_ATTACH_NUM, written as number; PR_NULL */
    ULONG number;
    BOOL data_object;               /* an attachment with "__substg1.0_3701000D" */
};

static HRESULT write_props(struct imsg_root *root, IStorage *storage, const struct object_props *props)
{
    struct buffer stream = {0};
    BYTE entry[ENTRY_SIZE];
    HRESULT hr;
    ULONG i;

    hr = buffer_append(&stream, props->header, props->header_size);
    for (i = 0; i < props->count && SUCCEEDED(hr); i++)
    {
        SPropValue value = props->values[i];
        ULONG attr = props->bag ? imsg_bag_attr(props->bag, value.ulPropTag) : IMSG_DEFAULT_ATTR;

        if (attr == PROPATTR_NOT_PRESENT) attr = IMSG_DEFAULT_ATTR;
        if (value.ulPropTag == props->number_tag) value.Value.l = props->number;
        if (value.ulPropTag == PR_ATTACH_DATA_OBJ)
        {
            if (!props->data_object) continue;
            memset(entry, 0, sizeof(entry));
            put_ulong(entry, PR_ATTACH_DATA_OBJ);
            put_ulong(entry + 4, attr);
            put_ulong(entry + 8, ~0u);
            hr = buffer_append(&stream, entry, sizeof(entry));
            continue;
        }
        if ((hr = write_value(storage, root->unicode, &value, attr, entry)) == S_OK)
            hr = buffer_append(&stream, entry, sizeof(entry));
        else if (hr == S_FALSE)
            hr = S_OK;
    }
    if (SUCCEEDED(hr)) hr = stream_write(storage, L"__properties_version1.0", stream.data, stream.size);
    mapi_heap_free(stream.data);
    return hr;
}

static HRESULT write_content(struct imsg_root *root, IStorage *storage, BOOL embedded, struct imsg_content *content);

static HRESULT write_recip(struct imsg_root *root, IStorage *storage, const struct imsg_recip *recip, ULONG index)
{
    static const BYTE header[8];
    struct object_props props = { header, sizeof(header), recip->count, recip->props, NULL, PR_ROWID, index };
    IStorage *sub;
    WCHAR name[40];
    HRESULT hr;

    imsg_stream_name(name, L"__recip_version1.0_#", index);
    if (FAILED(hr = create_substorage(storage, name, &sub))) return hr;
    hr = write_props(root, sub, &props);
    IStorage_Release(sub);
    return hr;
}

static HRESULT write_attach(struct imsg_root *root, IStorage *storage, struct imsg_attach_data *data, ULONG index)
{
    static const BYTE header[8];
    struct object_props props = { header, sizeof(header), 0, NULL, &data->bag, PR_ATTACH_NUM, index };
    IStorage *sub, *object;
    SPropValue *values;
    WCHAR name[40];
    HRESULT hr;

    imsg_stream_name(name, L"__attach_version1.0_#", index);
    if (FAILED(hr = create_substorage(storage, name, &sub))) return hr;
    if (data->message || data->storage)
    {
        props.data_object = TRUE;
        if (SUCCEEDED(hr = create_substorage(sub, L"__substg1.0_3701000D", &object)))
        {
            if (data->message)
                hr = write_content(root, object, TRUE, data->message);
            else
                hr = IStorage_CopyTo(data->storage, 0, NULL, NULL, object);
            IStorage_Release(object);
        }
    }
    if (SUCCEEDED(hr) && SUCCEEDED(hr = imsg_bag_values(root, &data->bag, &props.count, &values)))
    {
        props.values = values;
        hr = write_props(root, sub, &props);
        root->free_buffer(values);
    }
    IStorage_Release(sub);
    return hr;
}

/* A message: its property stream, with the header of a top-level or an
 * embedded message, its recipients and its attachments. */
static HRESULT write_content(struct imsg_root *root, IStorage *storage, BOOL embedded, struct imsg_content *content)
{
    struct object_props props = { NULL, embedded ? 24 : 32, 0, NULL, &content->bag, PR_NULL, 0 };
    BYTE header[32] = {0};
    SPropValue *values;
    HRESULT hr = S_OK;
    ULONG i;

    /* Next recipient and attachment numbers, then their counts. */
    put_ulong(header + 8, content->recip_count);
    put_ulong(header + 12, content->attach_count);
    put_ulong(header + 16, content->recip_count);
    put_ulong(header + 20, content->attach_count);
    props.header = header;

    for (i = 0; i < content->recip_count && SUCCEEDED(hr); i++)
        hr = write_recip(root, storage, &content->recips[i], i);
    for (i = 0; i < content->attach_count && SUCCEEDED(hr); i++)
        hr = write_attach(root, storage, content->attachs[i], i);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = imsg_bag_values(root, &content->bag, &props.count, &values))) return hr;
    props.values = values;
    hr = write_props(root, storage, &props);
    root->free_buffer(values);
    return hr;
}

/* --- named properties ------------------------------------------------------ */

/* The CRC-32 of [MS-OXMSG] for string names: reflected, polynomial
 * 0xedb88320, starting from 0 and not inverted at the end. */
static ULONG name_crc(const WCHAR *name)
{
    const BYTE *bytes = (const BYTE *)name;
    ULONG crc = 0, size = lstrlenW(name) * sizeof(WCHAR), i;
    int bit;

    for (i = 0; i < size; i++)
    {
        crc ^= bytes[i];
        for (bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320 : 0);
    }
    return crc;
}

struct name_writer
{
    struct buffer guids, entries, strings;
    struct buffer buckets[0x1f];    /* the property name to identifier streams */
};

static ULONG guid_index(struct name_writer *writer, const GUID *guid, HRESULT *hr)
{
    ULONG i, count = writer->guids.size / sizeof(GUID);

    if (IsEqualGUID(guid, &PS_MAPI)) return 1;
    if (IsEqualGUID(guid, &PS_PUBLIC_STRINGS)) return 2;
    for (i = 0; i < count; i++)
        if (!memcmp(writer->guids.data + i * sizeof(GUID), guid, sizeof(GUID))) return i + 3;
    *hr = buffer_append(&writer->guids, guid, sizeof(*guid));
    return count + 3;
}

static HRESULT name_add(struct name_writer *writer, const struct named_prop *named, ULONG slot)
{
    static const BYTE padding[4];
    HRESULT hr = S_OK;
    ULONG index = guid_index(writer, &named->guid, &hr), info, key, len;

    if (FAILED(hr)) return hr;
    info = (slot << 16) | (index << 1) | (named->kind == MNID_STRING);
    if (named->kind == MNID_STRING)
    {
        len = lstrlenW(named->name) * sizeof(WCHAR);
        key = name_crc(named->name);
        if (FAILED(hr = buffer_append_ulong(&writer->entries, writer->strings.size))
                || FAILED(hr = buffer_append_ulong(&writer->strings, len))
                || FAILED(hr = buffer_append(&writer->strings, named->name, len))
                || FAILED(hr = buffer_append(&writer->strings, padding, (4 - len % 4) % 4)))
            return hr;
    }
    else
    {
        key = named->id;
        if (FAILED(hr = buffer_append_ulong(&writer->entries, named->id))) return hr;
    }
    if (FAILED(hr = buffer_append_ulong(&writer->entries, info))) return hr;

    /* The bucket of a name: its key, mixed with its GUID index and kind. */
    index = (key ^ ((index << 1) | (named->kind == MNID_STRING))) % 0x1f;
    if (FAILED(hr = buffer_append_ulong(&writer->buckets[index], key))) return hr;
    return buffer_append_ulong(&writer->buckets[index], info);
}

static HRESULT names_write(IStorage *storage, struct name_writer *writer)
{
    WCHAR name[32];
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = stream_write(storage, L"__substg1.0_00020102", writer->guids.data, writer->guids.size))) return hr;
    if (FAILED(hr = stream_write(storage, L"__substg1.0_00030102", writer->entries.data, writer->entries.size)))
        return hr;
    if (FAILED(hr = stream_write(storage, L"__substg1.0_00040102", writer->strings.data, writer->strings.size)))
        return hr;
    for (i = 0; i < ARRAY_SIZE(writer->buckets); i++)
    {
        if (!writer->buckets[i].size) continue;
        imsg_stream_name(name, L"__substg1.0_", ((0x1000 + i) << 16) | PT_BINARY);
        if (FAILED(hr = stream_write(storage, name, writer->buckets[i].data, writer->buckets[i].size))) return hr;
    }
    return S_OK;
}

/* The named property mapping storage, with every name of the map. */
static HRESULT write_names(struct imsg_root *root, IStorage *storage)
{
    struct propdata *map = CONTAINING_RECORD(root->names, struct propdata, IPropData_iface);
    struct name_writer writer;
    IStorage *sub;
    HRESULT hr = S_OK;
    ULONG i;

    memset(&writer, 0, sizeof(writer));
    EnterCriticalSection(&map->cs);
    for (i = 0; i < map->name_count && SUCCEEDED(hr); i++)
    {
        if (IsEqualGUID(&map->names[i].guid, &GUID_NULL)) continue;
        hr = name_add(&writer, &map->names[i], i);
    }
    LeaveCriticalSection(&map->cs);

    if (SUCCEEDED(hr) && SUCCEEDED(hr = create_substorage(storage, L"__nameid_version1.0", &sub)))
    {
        hr = names_write(sub, &writer);
        IStorage_Release(sub);
    }
    mapi_heap_free(writer.guids.data);
    mapi_heap_free(writer.entries.data);
    mapi_heap_free(writer.strings.data);
    for (i = 0; i < ARRAY_SIZE(writer.buckets); i++) mapi_heap_free(writer.buckets[i].data);
    return hr;
}

/* --- saving ------------------------------------------------------------------ */

static BOOL is_layout_element(const WCHAR *name)
{
    static const WCHAR *const prefixes[] =
    {
        L"__substg1.0_", L"__recip_version1.0_#", L"__attach_version1.0_#",
        L"__properties_version1.0", L"__nameid_version1.0",
    };
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(prefixes); i++)
        if (!wcsncmp(name, prefixes[i], lstrlenW(prefixes[i]))) return TRUE;
    return FALSE;
}

/* Destroys what an earlier save wrote. */
static HRESULT clear_layout(IStorage *storage)
{
    IEnumSTATSTG *elements;
    WCHAR **names = NULL, **grown;
    ULONG count = 0, capacity = 0, i;
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = IStorage_EnumElements(storage, 0, NULL, 0, &elements))) return hr;
    while (IEnumSTATSTG_Next(elements, 1, &stat, NULL) == S_OK)
    {
        if (!is_layout_element(stat.pwcsName))
        {
            CoTaskMemFree(stat.pwcsName);
            continue;
        }
        if (count == capacity)
        {
            capacity = max(capacity * 2, 16);
            if (!(grown = mapi_heap_realloc(names, capacity * sizeof(*names))))
            {
                CoTaskMemFree(stat.pwcsName);
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            names = grown;
        }
        names[count++] = stat.pwcsName;
    }
    IEnumSTATSTG_Release(elements);
    for (i = 0; i < count; i++)
    {
        if (SUCCEEDED(hr)) hr = IStorage_DestroyElement(storage, names[i]);
        CoTaskMemFree(names[i]);
    }
    mapi_heap_free(names);
    return hr;
}

/* Writes the message to the root's storage; the root's lock is held. */
HRESULT imsg_file_save(struct imsg_root *root, struct imsg_content *content)
{
    IStorage *storage = root->storage;
    HRESULT hr;

    if (!storage) return MAPI_E_INVALID_OBJECT;
    if (SUCCEEDED(hr = clear_layout(storage)) && SUCCEEDED(hr = write_names(root, storage)))
        hr = write_content(root, storage, FALSE, content);
    if (root->flags & IMSG_NO_ISTG_COMMIT) return hr;
    if (SUCCEEDED(hr)) return IStorage_Commit(storage, STGC_DEFAULT);
    /* Nothing half-written is left for a later commit to keep. */
    IStorage_Revert(storage);
    return hr;
}
