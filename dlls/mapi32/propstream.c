/*
 * mapi32: the property streams of IPropData::OpenProperty
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"
#include "propdata.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* An IStream on a binary or string property, from OpenProperty.  It keeps
 * the data in an HGLOBAL stream and holds a reference to its object; the
 * data goes back into the property on Commit, and on the last Release when
 * it changed since. */
struct prop_stream
{
    IStream IStream_iface;
    LONG refcount;
    IStream *data;
    struct propdata *obj;
    ULONG tag;
    BOOL writable;
    BOOL modified;
};

static inline struct prop_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct prop_stream, IStream_iface);
}

static HRESULT stream_rewind(IStream *data)
{
    LARGE_INTEGER zero = {{0}};

    return IStream_Seek(data, zero, STREAM_SEEK_SET, NULL);
}

/* Fills the stream with the property value, converted to the type of the
 * stream; the lock is held. */
static HRESULT stream_load(struct prop_stream *stream)
{
    struct propdata *obj = stream->obj;
    struct prop_entry *entry = propdata_find(obj, stream->tag);
    ULARGE_INTEGER zero = {{0}};
    SPropValue *value;
    const void *bytes = NULL;
    ULONG size = 0;
    HRESULT hr;

    if (FAILED(hr = IStream_SetSize(stream->data, zero))) return hr;
    if (FAILED(hr = stream_rewind(stream->data))) return hr;
    if (!entry) return S_OK;

    if (FAILED(hr = obj->allocate_buffer(sizeof(*value), (void **)&value))) return hr;
    if (FAILED(hr = propdata_value_copy_as(value, entry->value, PROP_TYPE(stream->tag), obj->allocate_more, value)))
    {
        obj->free_buffer(value);
        return hr;
    }
    switch (PROP_TYPE(stream->tag))
    {
    case PT_BINARY:
        bytes = value->Value.bin.lpb;
        size = value->Value.bin.cb;
        break;
    case PT_STRING8:
        bytes = value->Value.lpszA;
        size = strlen(value->Value.lpszA);
        break;
    case PT_UNICODE:
        bytes = value->Value.lpszW;
        size = lstrlenW(value->Value.lpszW) * sizeof(WCHAR);
        break;
    }
    if (size) hr = IStream_Write(stream->data, bytes, size, NULL);
    obj->free_buffer(value);
    if (FAILED(hr)) return hr;
    return stream_rewind(stream->data);
}

/* Writes the stream back into its property. */
static HRESULT stream_commit(struct prop_stream *stream)
{
    static const BYTE empty[sizeof(WCHAR)];
    struct propdata *obj = stream->obj;
    ULONG type = PROP_TYPE(stream->tag), size;
    BYTE *bytes, *string = NULL;
    SPropValue value;
    HGLOBAL global;
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = IStream_Stat(stream->data, &stat, STATFLAG_NONAME))) return hr;
    if (stat.cbSize.QuadPart > MAXLONG) return STG_E_MEDIUMFULL;
    if (FAILED(hr = GetHGlobalFromStream(stream->data, &global))) return hr;
    size = stat.cbSize.u.LowPart;
    /* A string stream holds the characters without the terminator. */
    if (type == PT_UNICODE) size &= ~(sizeof(WCHAR) - 1);
    if (type != PT_BINARY && !(string = mapi_heap_alloc(size + sizeof(WCHAR)))) return STG_E_INSUFFICIENTMEMORY;

    if (!(bytes = GlobalLock(global)) && size)
    {
        mapi_heap_free(string);
        return STG_E_INSUFFICIENTMEMORY;
    }
    value.ulPropTag = stream->tag;
    value.dwAlignPad = 0;
    if (type == PT_BINARY)
    {
        value.Value.bin.cb = size;
        value.Value.bin.lpb = size ? bytes : (BYTE *)empty;
    }
    else
    {
        if (size) memcpy(string, bytes, size);
        memset(string + size, 0, sizeof(WCHAR));
        if (type == PT_UNICODE)
            value.Value.lpszW = (WCHAR *)string;
        else
            value.Value.lpszA = (char *)string;
    }

    EnterCriticalSection(&obj->cs);
    if (obj->access != IPROP_READWRITE || !entry_is_writable(propdata_find(obj, stream->tag)))
        hr = STG_E_ACCESSDENIED;
    else if (SUCCEEDED(hr = propdata_store(obj, &value)))
        stream->modified = FALSE;
    LeaveCriticalSection(&obj->cs);

    if (bytes) GlobalUnlock(global);
    mapi_heap_free(string);
    return hr;
}

static HRESULT WINAPI stream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);
    return stream_query_interface(iface, riid, out);
}

static ULONG WINAPI stream_AddRef(IStream *iface)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedIncrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI stream_Release(IStream *iface)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);
    HRESULT hr;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (refcount) return refcount;
    if (stream->modified && FAILED(hr = stream_commit(stream)))
        WARN("Changes to property %#lx are lost: %#lx.\n", stream->tag, hr);
    IStream_Release(stream->data);
    IPropData_Release(&stream->obj->IPropData_iface);
    mapi_heap_free(stream);
    return 0;
}

static HRESULT WINAPI stream_Read(IStream *iface, void *buffer, ULONG size, ULONG *read)
{
    struct prop_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %p, %lu, %p.\n", iface, buffer, size, read);
    return IStream_Read(stream->data, buffer, size, read);
}

static HRESULT WINAPI stream_Write(IStream *iface, const void *buffer, ULONG size, ULONG *written)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("%p, %p, %lu, %p.\n", iface, buffer, size, written);

    if (written) *written = 0;
    if (!stream->writable) return STG_E_ACCESSDENIED;
    if (SUCCEEDED(hr = IStream_Write(stream->data, buffer, size, written))) stream->modified = TRUE;
    return hr;
}

static HRESULT WINAPI stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *position)
{
    struct prop_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, position);
    return IStream_Seek(stream->data, move, origin, position);
}

static HRESULT WINAPI stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));

    if (!stream->writable) return STG_E_ACCESSDENIED;
    if (SUCCEEDED(hr = IStream_SetSize(stream->data, size))) stream->modified = TRUE;
    return hr;
}

static HRESULT WINAPI stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size, ULARGE_INTEGER *read,
        ULARGE_INTEGER *written)
{
    struct prop_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read, written);
    return IStream_CopyTo(stream->data, dest, size, read, written);
}

static HRESULT WINAPI stream_Commit(IStream *iface, DWORD flags)
{
    struct prop_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    if (!stream->modified) return S_OK;
    return stream_commit(stream);
}

static HRESULT WINAPI stream_Revert(IStream *iface)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("%p.\n", iface);

    if (!stream->modified) return S_OK;
    EnterCriticalSection(&stream->obj->cs);
    if (SUCCEEDED(hr = stream_load(stream))) stream->modified = FALSE;
    LeaveCriticalSection(&stream->obj->cs);
    return hr;
}

static HRESULT WINAPI stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %lu.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (FAILED(hr = IStream_Stat(stream->data, stat, flags))) return hr;
    stat->grfMode = stream->writable ? STGM_READWRITE : STGM_READ;
    return S_OK;
}

static HRESULT WINAPI stream_Clone(IStream *iface, IStream **out)
{
    FIXME("%p, %p: cloning a property stream is not supported.\n", iface, out);

    if (out) *out = NULL;
    return E_NOTIMPL;
}

static const IStreamVtbl stream_vtbl =
{
    stream_QueryInterface,
    stream_AddRef,
    stream_Release,
    stream_Read,
    stream_Write,
    stream_Seek,
    stream_SetSize,
    stream_CopyTo,
    stream_Commit,
    stream_Revert,
    stream_LockRegion,
    stream_UnlockRegion,
    stream_Stat,
    stream_Clone,
};

/* Opens a stream on the property tag; the lock is held. */
HRESULT propdata_stream_create(struct propdata *obj, ULONG tag, ULONG flags, IStream **out)
{
    struct prop_entry *entry = propdata_find(obj, tag);
    struct prop_stream *stream;
    BOOL allowed, readable;
    HRESULT hr;

    readable = entry && (PROP_TYPE(entry->value->ulPropTag) == PROP_TYPE(tag)
            || (is_string_type(PROP_TYPE(tag)) && is_string_type(PROP_TYPE(entry->value->ulPropTag))));
    if (!readable && !(flags & MAPI_CREATE)) return MAPI_E_NOT_FOUND;

    allowed = obj->access == IPROP_READWRITE && entry_is_writable(entry);
    if ((flags & (MAPI_MODIFY | MAPI_CREATE)) && !allowed) return MAPI_E_NO_ACCESS;

    if (!(stream = mapi_heap_alloc(sizeof(*stream)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    stream->IStream_iface.lpVtbl = &stream_vtbl;
    stream->refcount = 1;
    stream->obj = obj;
    stream->tag = tag;
    stream->writable = (flags & (MAPI_MODIFY | MAPI_CREATE)) || ((flags & MAPI_BEST_ACCESS) && allowed);
    /* A created property exists once the stream is committed or released. */
    stream->modified = (flags & MAPI_CREATE) != 0;
    if (FAILED(hr = CreateStreamOnHGlobal(NULL, TRUE, &stream->data)))
    {
        mapi_heap_free(stream);
        return hr;
    }
    if (!(flags & MAPI_CREATE) && FAILED(hr = stream_load(stream)))
    {
        IStream_Release(stream->data);
        mapi_heap_free(stream);
        return hr;
    }
    IPropData_AddRef(&obj->IPropData_iface);
    *out = &stream->IStream_iface;
    return S_OK;
}
