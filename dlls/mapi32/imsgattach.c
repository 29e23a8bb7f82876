/*
 * mapi32: IMessage on structured storage, attachments (IAttach), the
 * attachment table and embedded messages
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An attachment object works on a copy of its attachment; its SaveChanges
 * puts that copy into the message, which writes it with its own
 * SaveChanges.  PR_ATTACH_DATA_OBJ opens as an embedded message
 * (IID_IMessage), which works the same way one level down, or as a
 * storage in memory (IID_IStorage).  An attachment open already is handed
 * out again, as is an embedded message.
 */

#include "imsg.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static const ULONG attach_computed[] = { PR_ATTACH_NUM, PR_ATTACH_SIZE, PR_NULL };

static void attach_tables_update(struct imsg_message *message);

static inline struct imsg_attach *impl_from_IAttach(IAttach *iface)
{
    return CONTAINING_RECORD(iface, struct imsg_attach, IAttach_iface);
}

static HRESULT WINAPI attach_QueryInterface(IAttach *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out || !riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IAttachment))
    {
        *out = iface;
        IAttach_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI attach_AddRef(IAttach *iface)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);
    ULONG refcount = InterlockedIncrement(&attach->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI attach_Release(IAttach *iface)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);
    ULONG refcount = InterlockedDecrement(&attach->refcount);
    struct imsg_message *message = attach->message;
    struct imsg_attach **link;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (refcount) return refcount;
    EnterCriticalSection(&attach->obj.root->cs);
    for (link = &message->open_attachs; *link; link = &(*link)->next)
    {
        if (*link != attach) continue;
        *link = attach->next;
        break;
    }
    LeaveCriticalSection(&attach->obj.root->cs);
    imsg_attach_data_free(attach->obj.root, attach->data);
    mapi_heap_free(attach);
    IMessage_Release(&message->IMessage_iface);
    return 0;
}

static HRESULT WINAPI attach_GetLastError(IAttach *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return imsg_object_get_last_error(&attach->obj, result, flags, error);
}

/* PR_ATTACH_SIZE: the bytes of all the properties of the attachment. */
static HRESULT attach_update_size(struct imsg_attach *attach)
{
    struct imsg_root *root = attach->obj.root;
    SPropValue *values, size;
    ULONG count, data, i;
    HRESULT hr;

    if (FAILED(hr = imsg_bag_values(root, &attach->data->bag, &count, &values))) return hr;
    size.ulPropTag = PR_ATTACH_SIZE;
    size.dwAlignPad = 0;
    size.Value.l = 0;
    for (i = 0; i < count; i++)
    {
        if (values[i].ulPropTag == PR_ATTACH_SIZE) continue;
        size.Value.l += sizeof(values[i].Value);
        if (prop_data_size(&values[i], &data) == S_OK) size.Value.l += data;
    }
    root->free_buffer(values);
    return imsg_bag_put(&attach->data->bag, &size);
}

static HRESULT WINAPI attach_SaveChanges(IAttach *iface, ULONG flags)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);
    struct imsg_message *message = attach->message;
    struct imsg_root *root = attach->obj.root;
    struct imsg_attach_data *copy;
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    if (FAILED(hr = imsg_check_save_flags(flags))) return imsg_object_record(&attach->obj, hr, "SaveChanges");
    if (imsg_object_closed(&attach->obj)) return MAPI_E_INVALID_OBJECT;
    if (!imsg_object_writable(&attach->obj)) return imsg_object_record(&attach->obj, MAPI_E_NO_ACCESS, "SaveChanges");

    EnterCriticalSection(&root->cs);
    if (attach->deleted)
        hr = MAPI_E_OBJECT_DELETED;
    else if (SUCCEEDED(hr = attach_update_size(attach))
            && SUCCEEDED(hr = imsg_attach_data_clone(root, attach->data, &copy))
            && SUCCEEDED(hr = imsg_content_add_attach(root, message->content, copy)))
    {
        attach->saved = TRUE;
        if (FAILED(hr = imsg_content_update_hasattach(message->content)))
            ERR("PR_HASATTACH not updated: %#lx.\n", hr);
        attach_tables_update(message);
        hr = S_OK;
    }
    LeaveCriticalSection(&root->cs);
    if (SUCCEEDED(hr) && (flags & KEEP_OPEN_READONLY)) imsg_object_set_writable(&attach->obj, FALSE);
    return imsg_object_record(&attach->obj, hr, "SaveChanges");
}

static HRESULT WINAPI attach_GetProps(IAttach *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, values);
    return imsg_object_get_props(&attach->obj, tags, flags, count, values);
}

static HRESULT WINAPI attach_GetPropList(IAttach *iface, ULONG flags, SPropTagArray **tags)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);
    return imsg_object_get_prop_list(&attach->obj, flags, tags);
}

/* Marks that the attachment has a data object, which GetPropList lists. */
static HRESULT attach_add_data_object(struct imsg_attach_data *data)
{
    SPropValue value;

    value.ulPropTag = PR_ATTACH_DATA_OBJ;
    value.dwAlignPad = 0;
    value.Value.x = 0;
    return imsg_bag_put(&data->bag, &value);
}

static HRESULT attach_open_message(struct imsg_attach *attach, ULONG flags, BOOL writable, IUnknown **out)
{
    struct imsg_root *root = attach->obj.root;
    struct imsg_content *content = NULL;
    struct imsg_message *message;
    HRESULT hr;

    EnterCriticalSection(&root->cs);
    if (attach->embedded)
    {
        IMessage_AddRef(&attach->embedded->IMessage_iface);
        *out = (IUnknown *)&attach->embedded->IMessage_iface;
        LeaveCriticalSection(&root->cs);
        return S_OK;
    }
    if (flags & MAPI_CREATE)
        hr = imsg_content_create(root, &content);
    else if (!attach->data->message)
        hr = MAPI_E_NOT_FOUND;
    else
        hr = imsg_content_clone(root, attach->data->message, &content);
    if (SUCCEEDED(hr) && FAILED(hr = imsg_message_create(root, content, attach, writable, &message)))
        imsg_content_free(root, content);
    if (SUCCEEDED(hr))
    {
        attach->embedded = message;
        *out = (IUnknown *)&message->IMessage_iface;
    }
    LeaveCriticalSection(&root->cs);
    return hr;
}

/* The storage is the working copy's own: changes made through it are
 * saved with the attachment. */
static HRESULT attach_open_storage(struct imsg_attach *attach, ULONG flags, IUnknown **out)
{
    struct imsg_root *root = attach->obj.root;
    struct imsg_attach_data *data = attach->data;
    IStorage *storage;
    HRESULT hr = S_OK;

    EnterCriticalSection(&root->cs);
    if (flags & MAPI_CREATE)
    {
        if (SUCCEEDED(hr = imsg_storage_clone(NULL, &storage)) && FAILED(hr = attach_add_data_object(data)))
            IStorage_Release(storage);
        if (SUCCEEDED(hr))
        {
            if (data->storage) IStorage_Release(data->storage);
            data->storage = storage;
            imsg_content_free(root, data->message);
            data->message = NULL;
        }
    }
    else if (!data->storage)
        hr = MAPI_E_NOT_FOUND;
    if (SUCCEEDED(hr))
    {
        IStorage_AddRef(data->storage);
        *out = (IUnknown *)data->storage;
    }
    LeaveCriticalSection(&root->cs);
    return hr;
}

static HRESULT WINAPI attach_OpenProperty(IAttach *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);
    BOOL writable, modify;
    HRESULT hr;

    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if (PROP_ID(tag) != PROP_ID(PR_ATTACH_DATA_OBJ) || !iid
            || (!IsEqualIID(iid, &IID_IMessage) && !IsEqualIID(iid, &IID_IStorage)))
        return imsg_object_open_stream(&attach->obj, tag, iid, options, flags, out);

    if (!out) return imsg_object_record(&attach->obj, MAPI_E_INVALID_PARAMETER, "OpenProperty");
    *out = NULL;
    if (imsg_object_closed(&attach->obj)) return MAPI_E_INVALID_OBJECT;
    if (flags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return imsg_object_record(&attach->obj, MAPI_E_UNKNOWN_FLAGS, "OpenProperty");
    writable = imsg_object_writable(&attach->obj);
    modify = (flags & (MAPI_CREATE | MAPI_MODIFY)) != 0;
    if (modify && !writable) return imsg_object_record(&attach->obj, MAPI_E_NO_ACCESS, "OpenProperty");

    if (IsEqualIID(iid, &IID_IMessage))
        hr = attach_open_message(attach, flags, modify || (writable && (flags & MAPI_BEST_ACCESS)), out);
    else
        hr = attach_open_storage(attach, flags, out);
    return imsg_object_record(&attach->obj, hr, "OpenProperty");
}

static HRESULT WINAPI attach_SetProps(IAttach *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);

    TRACE("%p, %lu, %p, %p.\n", iface, count, values, problems);
    return imsg_object_set_props(&attach->obj, count, values, problems);
}

static HRESULT WINAPI attach_DeleteProps(IAttach *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);

    TRACE("%p, %p, %p.\n", iface, tags, problems);
    return imsg_object_delete_props(&attach->obj, tags, problems);
}

static HRESULT WINAPI attach_CopyTo(IAttach *iface, ULONG iid_count, const IID *excluded_iids,
        SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
        SPropProblemArray **problems)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);
    HRESULT hr;

    TRACE("%p, %lu, %p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, iid_count, excluded_iids, excluded, ui_param,
            progress, debugstr_guid(iid), dest, flags, problems);

    if (imsg_object_closed(&attach->obj)) return MAPI_E_INVALID_OBJECT;
    hr = imsg_copy_to(&attach->obj, IMSG_KIND_ATTACH, attach, iid_count, excluded_iids, excluded, progress, iid, dest,
            flags, problems);
    return imsg_object_record(&attach->obj, hr, "CopyTo");
}

static HRESULT WINAPI attach_CopyProps(IAttach *iface, SPropTagArray *included, ULONG ui_param,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, included, ui_param, progress, debugstr_guid(iid), dest,
            flags, problems);

    if (imsg_object_closed(&attach->obj)) return MAPI_E_INVALID_OBJECT;
    hr = imsg_copy_props(&attach->obj, IMSG_KIND_ATTACH, attach, included, progress, iid, dest, flags, problems);
    return imsg_object_record(&attach->obj, hr, "CopyProps");
}

static HRESULT WINAPI attach_GetNamesFromIDs(IAttach *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);

    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return imsg_object_get_names(&attach->obj, tags, guid, flags, count, names);
}

static HRESULT WINAPI attach_GetIDsFromNames(IAttach *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    struct imsg_attach *attach = impl_from_IAttach(iface);

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);
    return imsg_object_get_ids(&attach->obj, count, names, flags, tags);
}

const IAttachVtbl imsg_attach_vtbl =
{
    attach_QueryInterface,
    attach_AddRef,
    attach_Release,
    attach_GetLastError,
    attach_SaveChanges,
    attach_GetProps,
    attach_GetPropList,
    attach_OpenProperty,
    attach_SetProps,
    attach_DeleteProps,
    attach_CopyTo,
    attach_CopyProps,
    attach_GetNamesFromIDs,
    attach_GetIDsFromNames,
};

/* --- what the message does with its attachments ----------------------------- */

/* Makes an attachment object on data, which it takes; the root's lock is
 * held. */
static HRESULT attach_object_create(struct imsg_message *message, struct imsg_attach_data *data, BOOL writable,
        BOOL saved, IAttach **out)
{
    struct imsg_attach *attach;

    if (!(attach = mapi_heap_alloc(sizeof(*attach))))
    {
        imsg_attach_data_free(message->obj.root, data);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memset(attach, 0, sizeof(*attach));
    attach->IAttach_iface.lpVtbl = &imsg_attach_vtbl;
    attach->refcount = 1;
    attach->obj.root = message->obj.root;
    attach->obj.bag = &data->bag;
    attach->obj.computed = attach_computed;
    attach->obj.component = "IAttach";
    attach->message = message;
    attach->data = data;
    attach->saved = saved;
    imsg_object_set_writable(&attach->obj, writable);
    IMessage_AddRef(&message->IMessage_iface);
    attach->next = message->open_attachs;
    message->open_attachs = attach;
    *out = &attach->IAttach_iface;
    return S_OK;
}

static BOOL attach_iid_is_valid(const IID *iid)
{
    return !iid || IsEqualIID(iid, &IID_IAttachment) || IsEqualIID(iid, &IID_IMAPIProp)
            || IsEqualIID(iid, &IID_IUnknown);
}

HRESULT imsg_attach_open(struct imsg_message *message, ULONG num, const IID *iid, ULONG flags, IAttach **out)
{
    struct imsg_root *root = message->obj.root;
    BOOL writable = imsg_object_writable(&message->obj);
    struct imsg_attach_data *record, *data;
    struct imsg_attach *attach;
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!attach_iid_is_valid(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS)) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & MAPI_MODIFY) && !writable) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&root->cs);
    for (attach = message->open_attachs; attach; attach = attach->next)
    {
        if (attach->data->num != num || attach->deleted) continue;
        IAttach_AddRef(&attach->IAttach_iface);
        *out = &attach->IAttach_iface;
        LeaveCriticalSection(&root->cs);
        return S_OK;
    }
    if (!(record = imsg_content_find_attach(message->content, num)))
        hr = MAPI_E_NOT_FOUND;
    else if (SUCCEEDED(hr = imsg_attach_data_clone(root, record, &data)))
        hr = attach_object_create(message, data, (flags & MAPI_MODIFY) || (writable && (flags & MAPI_BEST_ACCESS)),
                TRUE, out);
    LeaveCriticalSection(&root->cs);
    return hr;
}

HRESULT imsg_attach_create(struct imsg_message *message, const IID *iid, ULONG flags, ULONG *num, IAttach **out)
{
    struct imsg_root *root = message->obj.root;
    struct imsg_attach_data *data;
    HRESULT hr;

    if (!out || !num) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!attach_iid_is_valid(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (flags & ~MAPI_DEFERRED_ERRORS) return MAPI_E_UNKNOWN_FLAGS;
    if (!imsg_object_writable(&message->obj)) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&root->cs);
    if (SUCCEEDED(hr = imsg_attach_data_create(root, message->content->next_attach_num, &data)))
    {
        *num = message->content->next_attach_num++;
        hr = attach_object_create(message, data, TRUE, FALSE, out);
    }
    LeaveCriticalSection(&root->cs);
    return hr;
}

HRESULT imsg_attach_delete(struct imsg_message *message, ULONG num)
{
    struct imsg_content *content = message->content;
    struct imsg_root *root = message->obj.root;
    struct imsg_attach *attach;
    HRESULT hr = S_OK;
    ULONG i;

    if (!imsg_object_writable(&message->obj)) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&root->cs);
    for (i = 0; i < content->attach_count; i++)
        if (content->attachs[i]->num == num) break;
    if (i == content->attach_count)
        hr = MAPI_E_NOT_FOUND;
    else
    {
        imsg_attach_data_free(root, content->attachs[i]);
        memmove(&content->attachs[i], &content->attachs[i + 1],
                (content->attach_count - i - 1) * sizeof(*content->attachs));
        content->attach_count--;
        for (attach = message->open_attachs; attach; attach = attach->next)
            if (attach->data->num == num) attach->deleted = TRUE;
        if (FAILED(hr = imsg_content_update_hasattach(content))) ERR("PR_HASATTACH not updated: %#lx.\n", hr);
        attach_tables_update(message);
        hr = S_OK;
    }
    LeaveCriticalSection(&root->cs);
    return hr;
}

/* The embedded message opened on attach was saved: its contents become the
 * attachment's data object.  The root's lock is held. */
HRESULT imsg_attach_embedded_saved(struct imsg_attach *attach, const struct imsg_content *content)
{
    struct imsg_root *root = attach->obj.root;
    struct imsg_attach_data *data = attach->data;
    struct imsg_content *copy;
    HRESULT hr;

    if (FAILED(hr = imsg_content_clone(root, content, &copy))) return hr;
    if (FAILED(hr = attach_add_data_object(data)))
    {
        imsg_content_free(root, copy);
        return hr;
    }
    imsg_content_free(root, data->message);
    data->message = copy;
    if (data->storage) IStorage_Release(data->storage);
    data->storage = NULL;
    return S_OK;
}

/* The root's lock is held. */
void imsg_attach_embedded_released(struct imsg_attach *attach, struct imsg_message *embedded)
{
    if (attach->embedded == embedded) attach->embedded = NULL;
}

/* --- the attachment table ------------------------------------------------- */

static HRESULT attach_row(struct imsg_root *root, struct imsg_attach_data *data, BOOL unicode, SRow *row)
{
    SPropValue *values, *props;
    ULONG count, num = data->num, i, n = 0;
    HRESULT hr;

    if (FAILED(hr = imsg_bag_values(root, &data->bag, &count, &values))) return hr;
    if (!(props = mapi_heap_alloc((count + 1) * sizeof(*props))))
    {
        root->free_buffer(values);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* The data itself is read from the attachment, not from its row. */
    for (i = 0; i < count; i++)
    {
        if (PROP_TYPE(values[i].ulPropTag) == PT_OBJECT || values[i].ulPropTag == PR_ATTACH_DATA_BIN) continue;
        props[n++] = values[i];
    }
    props[n].ulPropTag = PR_INSTANCE_KEY;
    props[n].dwAlignPad = 0;
    props[n].Value.bin.cb = sizeof(num);
    props[n++].Value.bin.lpb = (BYTE *)&num;
    row->ulAdrEntryPad = 0;
    hr = imsg_copy_props_as(root, n, props, unicode, &row->cValues, &row->lpProps);
    mapi_heap_free(props);
    root->free_buffer(values);
    return hr;
}

static HRESULT attach_table_fill(struct imsg_root *root, struct imsg_content *content, ITableData *table,
        BOOL unicode)
{
    HRESULT hr = S_OK;
    SRowSet *rows;
    ULONG i;

    if (FAILED(hr = ITableData_HrDeleteRows(table, TAD_ALL_ROWS, NULL, NULL))) return hr;
    if (!content->attach_count) return S_OK;
    if (!(rows = mapi_heap_alloc(offsetof(SRowSet, aRow[content->attach_count])))) return MAPI_E_NOT_ENOUGH_MEMORY;
    rows->cRows = 0;
    for (i = 0; i < content->attach_count && SUCCEEDED(hr); i++)
        if (SUCCEEDED(hr = attach_row(root, content->attachs[i], unicode, &rows->aRow[rows->cRows]))) rows->cRows++;
    if (SUCCEEDED(hr)) hr = ITableData_HrModifyRows(table, 0, rows);
    for (i = 0; i < rows->cRows; i++) root->free_buffer(rows->aRow[i].lpProps);
    mapi_heap_free(rows);
    return hr;
}

/* The root's lock is held. */
static void attach_tables_update(struct imsg_message *message)
{
    HRESULT hr;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(message->attach_tables); i++)
    {
        if (!message->attach_tables[i]) continue;
        if (FAILED(hr = attach_table_fill(message->obj.root, message->content, message->attach_tables[i], i)))
            ERR("attachment table %p not updated: %#lx.\n", message->attach_tables[i], hr);
    }
}

HRESULT imsg_attach_table(struct imsg_message *message, ULONG flags, IMAPITable **view)
{
    struct imsg_root *root = message->obj.root;
    BOOL unicode = !!(flags & MAPI_UNICODE);
    SizedSPropTagArray(8, columns) =
    {
        8,
        {
            PR_ATTACH_NUM, PR_INSTANCE_KEY, PR_RENDERING_POSITION, PR_ATTACH_METHOD, PR_ATTACH_SIZE,
            unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A,
            unicode ? PR_ATTACH_FILENAME_W : PR_ATTACH_FILENAME_A,
            unicode ? PR_ATTACH_LONG_FILENAME_W : PR_ATTACH_LONG_FILENAME_A,
        }
    };
    ITableData *table;
    HRESULT hr = S_OK;

    EnterCriticalSection(&root->cs);
    if (!(table = message->attach_tables[unicode]))
    {
        hr = CreateTable(&IID_IMAPITableData, root->allocate_buffer, root->allocate_more, root->free_buffer, NULL,
                TBLTYPE_DYNAMIC, PR_ATTACH_NUM, (SPropTagArray *)&columns, &table);
        if (SUCCEEDED(hr) && FAILED(hr = attach_table_fill(root, message->content, table, unicode)))
            ITableData_Release(table);
        if (SUCCEEDED(hr)) message->attach_tables[unicode] = table;
    }
    if (SUCCEEDED(hr)) hr = ITableData_HrGetView(table, NULL, NULL, 0, view);
    LeaveCriticalSection(&root->cs);
    return hr;
}
