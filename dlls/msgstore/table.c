/*
 * The local message store: contents, hierarchy and outgoing-queue tables,
 * and notifications
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every table is an ITableData of mapi32's CreateTable, so that views sort
 * and restrict on any column: a contents row holds every value the index
 * keeps for the message (long strings cut at 255 characters, no large
 * binaries; see message.c), a hierarchy row every value of the folder.
 * A row holds each string in both forms, 8-bit and Unicode, so that either
 * column works in any view; MAPI_UNICODE chooses a view's default columns.
 * The tables are made when first asked for and kept up to date from then
 * on: a change queues the row updates and the notifications under the
 * store's lock, and they are delivered, in order, once the lock is left.
 *
 * The views clients get are wrapped: before a query the wrapper reads what
 * other processes changed, which updates the table (and notifies) before
 * the view answers.
 */

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

static const ULONG contents_columns[] =
{
    PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_OBJECT_TYPE, PR_SUBJECT_W, PR_MESSAGE_FLAGS, PR_MESSAGE_CLASS_W,
    PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME, PR_SENDER_NAME_W, PR_DISPLAY_TO_W, PR_DISPLAY_CC_W,
    PR_MESSAGE_SIZE, PR_PRIORITY, PR_HASATTACH, PR_LAST_MODIFICATION_TIME,
};

static const ULONG hierarchy_columns[] =
{
    PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_W, PR_DEPTH, PR_OBJECT_TYPE, PR_FOLDER_TYPE, PR_CONTENT_COUNT,
    PR_CONTENT_UNREAD, PR_SUBFOLDERS, PR_CONTAINER_CLASS_W, PR_COMMENT_W,
};

/* The columns "Outgoing Queue Tables" requires. */
static const ULONG queue_columns[] =
{
    PR_INSTANCE_KEY, PR_ENTRYID, PR_CLIENT_SUBMIT_TIME, PR_DISPLAY_BCC_W, PR_DISPLAY_CC_W, PR_DISPLAY_TO_W,
    PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE, PR_PRIORITY, PR_SENDER_NAME_W, PR_SUBJECT_W, PR_SUBMIT_FLAGS,
};

BOOL entry_is_queued(const struct msg_entry *entry)
{
    return (props_long(entry->count, entry->props, PR_MESSAGE_FLAGS, 0) & MSGFLAG_SUBMIT) != 0;
}

/* A column set with its strings 8-bit or Unicode (heap). */
static SPropTagArray *columns_make(const ULONG *tags, ULONG count, BOOL unicode)
{
    SPropTagArray *columns = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(count));
    ULONG i, tag;

    if (!columns) return NULL;
    columns->cValues = count;
    for (i = 0; i < count; i++)
    {
        tag = tags[i];
        if (is_string_type(PROP_TYPE(tag))) tag = CHANGE_PROP_TYPE(tag, (unicode ? PT_UNICODE : PT_STRING8));
        columns->aulPropTag[i] = tag;
    }
    return columns;
}

static HRESULT table_create(const ULONG *tags, ULONG count, ITableData **out)
{
    SPropTagArray *columns = columns_make(tags, count, TRUE);
    HRESULT hr;

    if (!columns) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = pCreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, columns, out);
    HeapFree(GetProcessHeap(), 0, columns);
    return hr;
}

static BOOL has_two_forms(ULONG type)
{
    return is_string_type(type) || type == PT_MV_STRING8 || type == PT_MV_UNICODE;
}

/* Copies a value into a row: a string in both forms. */
static HRESULT row_put(SPropValue *values, ULONG *n, const SPropValue *value)
{
    HRESULT hr;

    if (!has_two_forms(PROP_TYPE(value->ulPropTag))) return pPropCopyMore(&values[(*n)++], (SPropValue *)value,
            MAPIAllocateMore, values);
    if (FAILED(hr = prop_copy_as(&values[(*n)++], value, TRUE, values))) return hr;
    return prop_copy_as(&values[(*n)++], value, FALSE, values);
}

/* A row in one block: the values of extra, then those of props whose IDs
 * extra does not have. */
static HRESULT row_build(const SPropValue *extra, ULONG extra_count, const SPropValue *props, ULONG count, SRow *row)
{
    SPropValue *values;
    HRESULT hr = S_OK;
    ULONG i, n = 0;

    if (MAPIAllocateBuffer((extra_count + count + 1) * 2 * sizeof(*values), (void **)&values))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < extra_count && SUCCEEDED(hr); i++) hr = row_put(values, &n, &extra[i]);
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (props_find(extra_count, extra, props[i].ulPropTag) || PROP_TYPE(props[i].ulPropTag) == PT_ERROR) continue;
        hr = row_put(values, &n, &props[i]);
    }
    if (FAILED(hr))
    {
        MAPIFreeBuffer(values);
        return hr;
    }
    row->ulAdrEntryPad = 0;
    row->cValues = n;
    row->lpProps = values;
    return S_OK;
}

/* What a message row has besides the index's values. */
struct entry_identity
{
    struct msgstore_eid eid, parent;
    BYTE record_key[sizeof(MAPIUID) + sizeof(ULONG)];
    SPropValue values[9];
    ULONG count;
};

static void entry_identity(const struct store *store, const struct msg_entry *entry, struct entry_identity *id)
{
    ULONG n = 0;

    eid_make(&id->eid, &store->uid, EID_MESSAGE, entry->folder->id, entry->id);
    eid_make(&id->parent, &store->uid, EID_FOLDER, entry->folder->id, 0);
    memcpy(id->record_key, &store->uid, sizeof(MAPIUID));
    memcpy(id->record_key + sizeof(MAPIUID), &entry->id, sizeof(ULONG));
    prop_binary(&id->values[n++], PR_INSTANCE_KEY, sizeof(entry->id), &entry->id);
    prop_binary(&id->values[n++], PR_ENTRYID, sizeof(id->eid), &id->eid);
    prop_binary(&id->values[n++], PR_RECORD_KEY, sizeof(id->record_key), id->record_key);
    prop_binary(&id->values[n++], PR_PARENT_ENTRYID, sizeof(id->parent), &id->parent);
    prop_long(&id->values[n++], PR_OBJECT_TYPE, MAPI_MESSAGE);
    prop_binary(&id->values[n++], PR_STORE_RECORD_KEY, sizeof(store->uid), &store->uid);
    if (store->wrapped) prop_binary(&id->values[n++], PR_STORE_ENTRYID, store->cb_wrapped, store->wrapped);
    if (entry_is_queued(entry)) prop_long(&id->values[n++], PR_SUBMIT_FLAGS, entry->lock_pid ? SUBMITFLAG_LOCKED : 0);
    id->count = n;
}

static HRESULT entry_row(const struct store *store, const struct msg_entry *entry, SRow *row)
{
    struct entry_identity id;

    entry_identity(store, entry, &id);
    return row_build(id.values, id.count, entry->props, entry->count, row);
}

HRESULT folder_values(struct store *store, const struct store_folder *folder, BOOL row, ULONG depth,
        ULONG *count, SPropValue **values)
{
    struct msgstore_eid eid, parent, drafts;
    SPropValue extra[20];
    ULONG n = 0, parent_id = folder->parent ? folder->parent : folder->id;
    BOOL standard = store_folder_is_standard(folder->id);

    eid_make(&eid, &store->uid, EID_FOLDER, folder->id, 0);
    eid_make(&parent, &store->uid, EID_FOLDER, parent_id, 0);
    eid_make(&drafts, &store->uid, EID_FOLDER, FOLDER_ID_DRAFTS, 0);
    if (row) prop_binary(&extra[n++], PR_INSTANCE_KEY, sizeof(folder->id), &folder->id);
    prop_binary(&extra[n++], PR_ENTRYID, sizeof(eid), &eid);
    prop_binary(&extra[n++], PR_RECORD_KEY, sizeof(eid), &eid);
    prop_binary(&extra[n++], PR_PARENT_ENTRYID, sizeof(parent), &parent);
    prop_long(&extra[n++], PR_OBJECT_TYPE, MAPI_FOLDER);
    prop_long(&extra[n++], PR_FOLDER_TYPE, folder->id == FOLDER_ID_ROOT ? FOLDER_ROOT : FOLDER_GENERIC);
    prop_long(&extra[n++], PR_CONTENT_COUNT, folder->entry_count);
    prop_long(&extra[n++], PR_CONTENT_UNREAD, store_folder_unread(folder));
    prop_long(&extra[n++], PR_ASSOC_CONTENT_COUNT, 0);
    prop_bool(&extra[n++], PR_SUBFOLDERS, store_folder_children(store, folder->id) != 0);
    prop_binary(&extra[n++], PR_STORE_RECORD_KEY, sizeof(store->uid), &store->uid);
    if (store->wrapped) prop_binary(&extra[n++], PR_STORE_ENTRYID, store->cb_wrapped, store->wrapped);
    prop_long(&extra[n++], PR_ACCESS, MAPI_ACCESS_READ | MAPI_ACCESS_MODIFY | MAPI_ACCESS_CREATE_HIERARCHY
            | MAPI_ACCESS_CREATE_CONTENTS | (standard ? 0 : MAPI_ACCESS_DELETE));
    prop_long(&extra[n++], PR_ACCESS_LEVEL, MAPI_MODIFY);
    if (folder->id == FOLDER_ID_ROOT || folder->id == FOLDER_ID_IPM || folder->id == FOLDER_ID_INBOX)
        prop_binary(&extra[n++], PR_IPM_DRAFTS_ENTRYID, sizeof(drafts), &drafts);
    if (row) prop_long(&extra[n++], PR_DEPTH, depth);
    if (!props_find(folder->count, folder->props, PR_DISPLAY_NAME_W))
    {
        extra[n].ulPropTag = PR_DISPLAY_NAME_W;
        extra[n++].Value.lpszW = (WCHAR *)L"";
    }
    return props_merge(folder->count, folder->props, n, extra, NULL, count, values);
}

/* ------------------------------------------------------------------------
 * Queued updates.
 */

void op_free(struct store_op *op)
{
    if (op->table) ITableData_Release(op->table);
    if (op->support) IMAPISupport_Release(op->support);
    MAPIFreeBuffer(op->row.lpProps);
    MAPIFreeBuffer(op->notification);
    HeapFree(GetProcessHeap(), 0, op);
}

static struct store_op *op_alloc(enum op_kind kind)
{
    struct store_op *op = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*op));

    if (op) op->kind = kind;
    else ERR("out of memory: a table update or notification is lost.\n");
    return op;
}

static void store_queue_op(struct store *store, struct store_op *op)
{
    if (store->ops_last) store->ops_last->next = op;
    else store->ops_first = op;
    store->ops_last = op;
}

static void op_apply(struct store_op *op)
{
    SizedNOTIFKEY(sizeof(struct notify_key), key);
    SPropValue instance;
    HRESULT hr = S_OK;
    ULONG flags = 0;

    switch (op->kind)
    {
    case OP_ROW_PUT:
        hr = ITableData_HrModifyRow(op->table, &op->row);
        break;
    case OP_ROW_DELETE:
        prop_binary(&instance, PR_INSTANCE_KEY, sizeof(op->number), &op->number);
        hr = ITableData_HrDeleteRow(op->table, &instance);
        if (hr == MAPI_E_NOT_FOUND) hr = S_OK;
        break;
    case OP_NOTIFY:
        key.cb = sizeof(op->key);
        memcpy(key.ab, &op->key, sizeof(op->key));
        hr = IMAPISupport_Notify(op->support, (NOTIFKEY *)&key, 1, op->notification, &flags);
        break;
    }
    if (FAILED(hr)) WARN("a queued update failed, hr %#lx.\n", hr);
}

void store_flush(struct store *store)
{
    struct store_op *op;

    EnterCriticalSection(&store->cs);
    if (store->flushing)
    {
        LeaveCriticalSection(&store->cs);
        return;
    }
    store->flushing = TRUE;
    while ((op = store->ops_first))
    {
        if (!(store->ops_first = op->next)) store->ops_last = NULL;
        LeaveCriticalSection(&store->cs);
        op_apply(op);
        op_free(op);
        EnterCriticalSection(&store->cs);
    }
    store->flushing = FALSE;
    LeaveCriticalSection(&store->cs);
}

static void queue_row_put(struct store *store, ITableData *table, SRow *row)
{
    struct store_op *op;

    if (!(op = op_alloc(OP_ROW_PUT)))
    {
        MAPIFreeBuffer(row->lpProps);
        return;
    }
    ITableData_AddRef(table);
    op->table = table;
    op->row = *row;
    store_queue_op(store, op);
}

static void queue_row_delete(struct store *store, ITableData *table, ULONG number)
{
    struct store_op *op;

    if (!table || !(op = op_alloc(OP_ROW_DELETE))) return;
    ITableData_AddRef(table);
    op->table = table;
    op->number = number;
    store_queue_op(store, op);
}

/* ------------------------------------------------------------------------
 * Keeping the tables up to date; the lock is held.
 */

static void put_entry_row(struct store *store, ITableData *table, const struct msg_entry *entry)
{
    SRow row;

    if (!table) return;
    if (FAILED(entry_row(store, entry, &row)))
    {
        ERR("out of memory: a table misses message %lu.\n", entry->id);
        return;
    }
    queue_row_put(store, table, &row);
}

void publish_entry(struct store *store, const struct msg_entry *entry, struct store_folder *old_folder,
        BOOL was_queued)
{
    if (old_folder && old_folder != entry->folder) queue_row_delete(store, old_folder->contents, entry->id);
    put_entry_row(store, entry->folder->contents, entry);
    if (entry_is_queued(entry)) put_entry_row(store, store->queue, entry);
    else if (was_queued) queue_row_delete(store, store->queue, entry->id);
}

void publish_entry_removed(struct store *store, const struct msg_entry *entry)
{
    queue_row_delete(store, entry->folder->contents, entry->id);
    if (entry_is_queued(entry)) queue_row_delete(store, store->queue, entry->id);
}

/* The depth of a folder in a hierarchy table of root (0: its children), or -1 when it is not in it. */
static LONG hier_depth(struct store *store, const struct hier_table *table, const struct store_folder *folder)
{
    struct store_folder *parent;
    LONG depth = 0;

    if (folder->id == table->root) return -1;
    if (!table->depth) return folder->parent == table->root ? 0 : -1;
    for (parent = store_folder(store, folder->parent); parent && depth < 1024;
            parent = store_folder(store, parent->parent))
    {
        if (parent->id == table->root) return depth;
        if (parent->id == parent->parent) break;
        depth++;
    }
    return -1;
}

static HRESULT hier_row(struct store *store, const struct store_folder *folder, ULONG depth, SRow *row)
{
    SPropValue *values;
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = folder_values(store, folder, TRUE, depth, &count, &values))) return hr;
    hr = row_build(NULL, 0, values, count, row);
    MAPIFreeBuffer(values);
    return hr;
}

void publish_folder(struct store *store, const struct store_folder *folder)
{
    struct hier_table *table;
    LONG depth;
    SRow row;

    for (table = store->hier_tables; table; table = table->next)
    {
        if ((depth = hier_depth(store, table, folder)) < 0)
            queue_row_delete(store, table->table, folder->id);
        else if (SUCCEEDED(hier_row(store, folder, depth, &row)))
            queue_row_put(store, table->table, &row);
        else
            ERR("out of memory: a hierarchy table misses folder %lu.\n", folder->id);
    }
}

void publish_folder_removed(struct store *store, ULONG id)
{
    struct hier_table *table;

    for (table = store->hier_tables; table; table = table->next) queue_row_delete(store, table->table, id);
}

/* The tables, made and filled when first asked for; the lock is held. */
static HRESULT contents_table_get(struct store *store, struct store_folder *folder, ITableData **out)
{
    ITableData *table;
    SRowSet *rows;
    HRESULT hr = S_OK;
    ULONG i;

    if ((table = folder->contents))
    {
        *out = table;
        return S_OK;
    }
    if (FAILED(hr = table_create(contents_columns, ARRAY_SIZE(contents_columns), &table))) return hr;
    if (MAPIAllocateBuffer(CbNewSRowSet(max(folder->entry_count, 1)), (void **)&rows))
    {
        ITableData_Release(table);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    rows->cRows = 0;
    for (i = 0; i < folder->entry_count && SUCCEEDED(hr); i++)
        if (SUCCEEDED(hr = entry_row(store, folder->entries[i], &rows->aRow[rows->cRows]))) rows->cRows++;
    if (SUCCEEDED(hr) && rows->cRows) hr = ITableData_HrModifyRows(table, 0, rows);
    pFreeProws(rows);
    if (FAILED(hr))
    {
        ITableData_Release(table);
        return hr;
    }
    folder->contents = table;
    *out = table;
    return S_OK;
}

static HRESULT hier_table_get(struct store *store, ULONG root, BOOL depth, ITableData **out)
{
    struct hier_table *entry;
    SRowSet *rows;
    HRESULT hr = S_OK;
    LONG level;
    ULONG i;

    for (entry = store->hier_tables; entry; entry = entry->next)
    {
        if (entry->root != root || entry->depth != depth) continue;
        *out = entry->table;
        return S_OK;
    }
    if (!(entry = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*entry)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    entry->root = root;
    entry->depth = depth;
    if (FAILED(hr = table_create(hierarchy_columns, ARRAY_SIZE(hierarchy_columns), &entry->table)))
    {
        HeapFree(GetProcessHeap(), 0, entry);
        return hr;
    }
    if (MAPIAllocateBuffer(CbNewSRowSet(store->folder_count + 1), (void **)&rows))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        rows->cRows = 0;
        for (i = 0; i < store->folder_count && SUCCEEDED(hr); i++)
        {
            if ((level = hier_depth(store, entry, store->folders[i])) < 0) continue;
            if (SUCCEEDED(hr = hier_row(store, store->folders[i], level, &rows->aRow[rows->cRows])))
                rows->cRows++;
        }
        if (SUCCEEDED(hr) && rows->cRows) hr = ITableData_HrModifyRows(entry->table, 0, rows);
        pFreeProws(rows);
    }
    if (FAILED(hr))
    {
        ITableData_Release(entry->table);
        HeapFree(GetProcessHeap(), 0, entry);
        return hr;
    }
    entry->next = store->hier_tables;
    store->hier_tables = entry;
    *out = entry->table;
    return S_OK;
}

static HRESULT queue_table_get(struct store *store, ITableData **out)
{
    struct msg_entry *entry;
    ITableData *table;
    HRESULT hr = S_OK;
    SRow row;
    ULONG i, j;

    if ((table = store->queue))
    {
        *out = table;
        return S_OK;
    }
    if (FAILED(hr = table_create(queue_columns, ARRAY_SIZE(queue_columns), &table))) return hr;
    for (i = 0; i < store->folder_count && SUCCEEDED(hr); i++)
    {
        for (j = 0; j < store->folders[i]->entry_count && SUCCEEDED(hr); j++)
        {
            entry = store->folders[i]->entries[j];
            if (!entry_is_queued(entry) || FAILED(hr = entry_row(store, entry, &row))) continue;
            hr = ITableData_HrModifyRow(table, &row);
            MAPIFreeBuffer(row.lpProps);
        }
    }
    if (FAILED(hr))
    {
        ITableData_Release(table);
        return hr;
    }
    store->queue = table;
    *out = table;
    return S_OK;
}

void tables_free(struct store *store)
{
    struct hier_table *table;

    while ((table = store->hier_tables))
    {
        store->hier_tables = table->next;
        ITableData_Release(table->table);
        HeapFree(GetProcessHeap(), 0, table);
    }
    if (store->queue) ITableData_Release(store->queue);
    store->queue = NULL;
}

/* ------------------------------------------------------------------------
 * The views clients get.
 */

/* A view of one of the store's tables.  Holds the inner view and a
 * reference on its logon's store face. */
struct view
{
    IMAPITable IMAPITable_iface;
    LONG refcount;
    IMAPITable *inner;
    struct mdb *mdb;
};

static inline struct view *impl_from_IMAPITable(IMAPITable *iface)
{
    return CONTAINING_RECORD(iface, struct view, IMAPITable_iface);
}

/* Before a query: what other processes changed reaches the table. */
static IMAPITable *view_synced(struct view *view)
{
    store_sync(view->mdb->store);
    return view->inner;
}

static HRESULT WINAPI view_QueryInterface(IMAPITable *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPITable))
    {
        *out = iface;
        IMAPITable_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI view_AddRef(IMAPITable *iface)
{
    struct view *view = impl_from_IMAPITable(iface);
    ULONG refs = InterlockedIncrement(&view->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refs);
    return refs;
}

static ULONG WINAPI view_Release(IMAPITable *iface)
{
    struct view *view = impl_from_IMAPITable(iface);
    ULONG refs = InterlockedDecrement(&view->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refs);
    if (refs) return refs;
    view->inner->lpVtbl->Release(view->inner);
    IMsgStore_Release(&view->mdb->IMsgStore_iface);
    HeapFree(GetProcessHeap(), 0, view);
    InterlockedDecrement(&msgstore_live_objects);
    return 0;
}

static HRESULT WINAPI view_GetLastError(IMAPITable *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return view->inner->lpVtbl->GetLastError(view->inner, result, flags, error);
}

static HRESULT WINAPI view_Advise(IMAPITable *iface, ULONG mask, IMAPIAdviseSink *sink, ULONG *connection)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %p, %p.\n", iface, mask, sink, connection);
    return view->inner->lpVtbl->Advise(view->inner, mask, sink, connection);
}

static HRESULT WINAPI view_Unadvise(IMAPITable *iface, ULONG connection)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %lu.\n", iface, connection);
    return view->inner->lpVtbl->Unadvise(view->inner, connection);
}

static HRESULT WINAPI view_GetStatus(IMAPITable *iface, ULONG *status, ULONG *type)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %p.\n", iface, status, type);
    return view->inner->lpVtbl->GetStatus(view->inner, status, type);
}

static HRESULT WINAPI view_SetColumns(IMAPITable *iface, SPropTagArray *columns, ULONG flags)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %#lx.\n", iface, columns, flags);
    return view->inner->lpVtbl->SetColumns(view->inner, columns, flags);
}

static HRESULT WINAPI view_QueryColumns(IMAPITable *iface, ULONG flags, SPropTagArray **columns)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, columns);
    return view_synced(view)->lpVtbl->QueryColumns(view->inner, flags, columns);
}

static HRESULT WINAPI view_GetRowCount(IMAPITable *iface, ULONG flags, ULONG *count)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, count);
    return view_synced(view)->lpVtbl->GetRowCount(view->inner, flags, count);
}

static HRESULT WINAPI view_SeekRow(IMAPITable *iface, BOOKMARK origin, LONG rows, LONG *sought)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %Iu, %ld, %p.\n", iface, (ULONG_PTR)origin, rows, sought);
    return view_synced(view)->lpVtbl->SeekRow(view->inner, origin, rows, sought);
}

static HRESULT WINAPI view_SeekRowApprox(IMAPITable *iface, ULONG numerator, ULONG denominator)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %lu, %lu.\n", iface, numerator, denominator);
    return view_synced(view)->lpVtbl->SeekRowApprox(view->inner, numerator, denominator);
}

static HRESULT WINAPI view_QueryPosition(IMAPITable *iface, ULONG *row, ULONG *numerator, ULONG *denominator)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %p, %p.\n", iface, row, numerator, denominator);
    return view_synced(view)->lpVtbl->QueryPosition(view->inner, row, numerator, denominator);
}

static HRESULT WINAPI view_FindRow(IMAPITable *iface, SRestriction *res, BOOKMARK origin, ULONG flags)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %Iu, %#lx.\n", iface, res, (ULONG_PTR)origin, flags);
    return view_synced(view)->lpVtbl->FindRow(view->inner, res, origin, flags);
}

static HRESULT WINAPI view_Restrict(IMAPITable *iface, SRestriction *res, ULONG flags)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %#lx.\n", iface, res, flags);
    return view_synced(view)->lpVtbl->Restrict(view->inner, res, flags);
}

static HRESULT WINAPI view_CreateBookmark(IMAPITable *iface, BOOKMARK *position)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p.\n", iface, position);
    return view->inner->lpVtbl->CreateBookmark(view->inner, position);
}

static HRESULT WINAPI view_FreeBookmark(IMAPITable *iface, BOOKMARK position)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %Iu.\n", iface, (ULONG_PTR)position);
    return view->inner->lpVtbl->FreeBookmark(view->inner, position);
}

static HRESULT WINAPI view_SortTable(IMAPITable *iface, SSortOrderSet *sort, ULONG flags)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %#lx.\n", iface, sort, flags);
    return view_synced(view)->lpVtbl->SortTable(view->inner, sort, flags);
}

static HRESULT WINAPI view_QuerySortOrder(IMAPITable *iface, SSortOrderSet **sort)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p.\n", iface, sort);
    return view->inner->lpVtbl->QuerySortOrder(view->inner, sort);
}

static HRESULT WINAPI view_QueryRows(IMAPITable *iface, LONG count, ULONG flags, SRowSet **rows)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %ld, %#lx, %p.\n", iface, count, flags, rows);
    return view_synced(view)->lpVtbl->QueryRows(view->inner, count, flags, rows);
}

static HRESULT WINAPI view_Abort(IMAPITable *iface)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p.\n", iface);
    return view->inner->lpVtbl->Abort(view->inner);
}

static HRESULT WINAPI view_ExpandRow(IMAPITable *iface, ULONG cb, BYTE *key, ULONG count, ULONG flags,
        SRowSet **rows, ULONG *more)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %lu, %p, %lu, %#lx, %p, %p.\n", iface, cb, key, count, flags, rows, more);
    return view->inner->lpVtbl->ExpandRow(view->inner, cb, key, count, flags, rows, more);
}

static HRESULT WINAPI view_CollapseRow(IMAPITable *iface, ULONG cb, BYTE *key, ULONG flags, ULONG *count)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, cb, key, flags, count);
    return view->inner->lpVtbl->CollapseRow(view->inner, cb, key, flags, count);
}

static HRESULT WINAPI view_WaitForCompletion(IMAPITable *iface, ULONG flags, ULONG timeout, ULONG *status)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, timeout, status);
    return view->inner->lpVtbl->WaitForCompletion(view->inner, flags, timeout, status);
}

static HRESULT WINAPI view_GetCollapseState(IMAPITable *iface, ULONG flags, ULONG cb, BYTE *key, ULONG *size,
        BYTE **state)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %lu, %p, %p, %p.\n", iface, flags, cb, key, size, state);
    return view->inner->lpVtbl->GetCollapseState(view->inner, flags, cb, key, size, state);
}

static HRESULT WINAPI view_SetCollapseState(IMAPITable *iface, ULONG flags, ULONG size, BYTE *state,
        BOOKMARK *position)
{
    struct view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %lu, %p, %p.\n", iface, flags, size, state, position);
    return view->inner->lpVtbl->SetCollapseState(view->inner, flags, size, state, position);
}

static const IMAPITableVtbl view_vtbl =
{
    view_QueryInterface,
    view_AddRef,
    view_Release,
    view_GetLastError,
    view_Advise,
    view_Unadvise,
    view_GetStatus,
    view_SetColumns,
    view_QueryColumns,
    view_GetRowCount,
    view_SeekRow,
    view_SeekRowApprox,
    view_QueryPosition,
    view_FindRow,
    view_Restrict,
    view_CreateBookmark,
    view_FreeBookmark,
    view_SortTable,
    view_QuerySortOrder,
    view_QueryRows,
    view_Abort,
    view_ExpandRow,
    view_CollapseRow,
    view_WaitForCompletion,
    view_GetCollapseState,
    view_SetCollapseState,
};

static HRESULT view_wrap(struct mdb *mdb, IMAPITable *inner, IMAPITable **out)
{
    struct view *view;

    if (!(view = HeapAlloc(GetProcessHeap(), 0, sizeof(*view))))
    {
        inner->lpVtbl->Release(inner);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    view->IMAPITable_iface.lpVtbl = &view_vtbl;
    view->refcount = 1;
    view->inner = inner;
    view->mdb = mdb;
    IMsgStore_AddRef(&mdb->IMsgStore_iface);
    InterlockedIncrement(&msgstore_live_objects);
    *out = &view->IMAPITable_iface;
    return S_OK;
}

/* A view of a table the store keeps, its default columns 8-bit or Unicode. */
static HRESULT view_of(struct mdb *mdb, ITableData *table, const SSortOrderSet *sort, const ULONG *tags,
        ULONG count, BOOL unicode, IMAPITable **out)
{
    SPropTagArray *columns;
    IMAPITable *inner;
    HRESULT hr;

    if (!(columns = columns_make(tags, count, unicode))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr = ITableData_HrGetView(table, (SSortOrderSet *)sort, NULL, 0, &inner))
            && !unicode && FAILED(hr = inner->lpVtbl->SetColumns(inner, columns, 0)))
        inner->lpVtbl->Release(inner);
    HeapFree(GetProcessHeap(), 0, columns);
    if (FAILED(hr)) return hr;
    return view_wrap(mdb, inner, out);
}

HRESULT table_contents(struct mdb *mdb, ULONG id, ULONG flags, IMAPITable **out)
{
    struct store *store = mdb->store;
    struct store_folder *folder;
    ITableData *table = NULL;
    HRESULT hr;

    store_sync(store);
    store_enter(store);
    if (!(folder = store_folder(store, id))) hr = MAPI_E_OBJECT_DELETED;
    else hr = contents_table_get(store, folder, &table);
    if (SUCCEEDED(hr)) ITableData_AddRef(table);
    store_leave(store);
    if (FAILED(hr)) return hr;
    hr = view_of(mdb, table, NULL, contents_columns, ARRAY_SIZE(contents_columns), (flags & MAPI_UNICODE) != 0, out);
    ITableData_Release(table);
    return hr;
}

HRESULT table_hierarchy(struct mdb *mdb, ULONG id, ULONG flags, IMAPITable **out)
{
    struct store *store = mdb->store;
    ITableData *table = NULL;
    HRESULT hr;

    store_sync(store);
    store_enter(store);
    if (!store_folder(store, id)) hr = MAPI_E_OBJECT_DELETED;
    else hr = hier_table_get(store, id, (flags & CONVENIENT_DEPTH) != 0, &table);
    if (SUCCEEDED(hr)) ITableData_AddRef(table);
    store_leave(store);
    if (FAILED(hr)) return hr;
    hr = view_of(mdb, table, NULL, hierarchy_columns, ARRAY_SIZE(hierarchy_columns), (flags & MAPI_UNICODE) != 0,
            out);
    ITableData_Release(table);
    return hr;
}

HRESULT table_queue(struct mdb *mdb, IMAPITable **out)
{
    static const SizedSSortOrderSet(1, oldest_first) = {1, 0, 0, {{PR_CLIENT_SUBMIT_TIME, TABLE_SORT_ASCEND}}};
    struct store *store = mdb->store;
    ITableData *table = NULL;
    HRESULT hr;

    store_sync(store);
    store_enter(store);
    if (SUCCEEDED(hr = queue_table_get(store, &table))) ITableData_AddRef(table);
    store_leave(store);
    if (FAILED(hr)) return hr;
    hr = view_of(mdb, table, (const SSortOrderSet *)&oldest_first, queue_columns, ARRAY_SIZE(queue_columns), FALSE,
            out);
    ITableData_Release(table);
    return hr;
}

HRESULT table_snapshot(struct mdb *mdb, const SPropTagArray *columns, SRowSet *rows, IMAPITable **out)
{
    ITableData *table;
    IMAPITable *inner;
    HRESULT hr;

    if (FAILED(hr = pCreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)columns, &table)))
        return hr;
    if (rows->cRows) hr = ITableData_HrModifyRows(table, 0, rows);
    if (SUCCEEDED(hr)) hr = ITableData_HrGetView(table, NULL, NULL, 0, &inner);
    ITableData_Release(table);
    if (FAILED(hr)) return hr;
    return view_wrap(mdb, inner, out);
}

/* ------------------------------------------------------------------------
 * Notifications.
 */

static NOTIFICATION *object_notification(const struct store *store, const struct object_event *event)
{
    struct
    {
        NOTIFICATION notification;
        struct msgstore_eid eid, parent, old, old_parent;
    } *block;
    OBJECT_NOTIFICATION *obj;
    ULONG kind = event->obj_type == MAPI_MESSAGE ? EID_MESSAGE : EID_FOLDER;

    if (MAPIAllocateBuffer(sizeof(*block), (void **)&block)) return NULL;
    memset(block, 0, sizeof(*block));
    block->notification.ulEventType = event->type;
    obj = &block->notification.info.obj;
    eid_make(&block->eid, &store->uid, kind, event->folder, event->message);
    obj->cbEntryID = sizeof(block->eid);
    obj->lpEntryID = (ENTRYID *)&block->eid;
    obj->ulObjType = event->obj_type;
    if (event->parent)
    {
        eid_make(&block->parent, &store->uid, EID_FOLDER, event->parent, 0);
        obj->cbParentID = sizeof(block->parent);
        obj->lpParentID = (ENTRYID *)&block->parent;
    }
    if (event->old_folder)
    {
        eid_make(&block->old, &store->uid, kind, event->old_folder, event->old_message);
        obj->cbOldID = sizeof(block->old);
        obj->lpOldID = (ENTRYID *)&block->old;
    }
    if (event->old_parent)
    {
        eid_make(&block->old_parent, &store->uid, EID_FOLDER, event->old_parent, 0);
        obj->cbOldParentID = sizeof(block->old_parent);
        obj->lpOldParentID = (ENTRYID *)&block->old_parent;
    }
    return &block->notification;
}

static NOTIFICATION *notification_dup(const NOTIFICATION *notification)
{
    NOTIFICATION *copy;
    ULONG size;

    if (pScCountNotifications(1, (NOTIFICATION *)notification, &size)) return NULL;
    if (MAPIAllocateBuffer(size, (void **)&copy)) return NULL;
    if (!pScCopyNotifications(1, (NOTIFICATION *)notification, copy, &size)) return copy;
    MAPIFreeBuffer(copy);
    return NULL;
}

static BOOL subscription_watches(const struct subscription *s, const struct object_event *event, ULONG new_mail_folder)
{
    if (!s->kind) return TRUE;
    if (!event) return s->kind == EID_FOLDER && s->folder == new_mail_folder;
    if (s->kind == EID_FOLDER)
    {
        if (event->parent == s->folder || (event->old_parent && event->old_parent == s->folder)) return TRUE;
        return event->obj_type == MAPI_FOLDER && event->folder == s->folder;
    }
    return event->obj_type == MAPI_MESSAGE && (event->message == s->message
            || (event->old_message && event->old_message == s->message));
}

/* Queues a notification for each subscription that wants it: an object
 * event, or (event NULL) the new-mail notification given.  One Notify per
 * logon and key reaches every subscription with that key. */
static void store_notify(struct store *store, const struct object_event *event, const NOTIFICATION *given,
        ULONG new_mail_folder)
{
    ULONG type = event ? event->type : fnevNewMail;
    struct subscription *s, *t;
    struct store_op *op;

    for (s = store->subscriptions; s; s = s->next)
    {
        if (!(s->mask & type) || !subscription_watches(s, event, new_mail_folder)) continue;
        for (t = store->subscriptions; t != s; t = t->next)
            if (t->serial == s->serial && t->kind == s->kind && t->folder == s->folder && t->message == s->message
                    && (t->mask & type))
                break;
        if (t != s) continue;
        if (!(op = op_alloc(OP_NOTIFY))) return;
        op->notification = event ? object_notification(store, event) : notification_dup(given);
        if (!op->notification || !(op->support = mdb_support(s->logon)))
        {
            op_free(op);
            continue;
        }
        op->key.serial = s->serial;
        op->key.kind = s->kind;
        op->key.folder = s->folder;
        op->key.message = s->message;
        store_queue_op(store, op);
    }
}

void notify_object(struct store *store, const struct object_event *event)
{
    if (store->subscriptions) store_notify(store, event, NULL, 0);
}

void notify_message(struct store *store, ULONG type, const struct msg_entry *entry, ULONG old_folder, ULONG old_id)
{
    struct object_event event = {type, MAPI_MESSAGE, entry->folder->id, entry->id, entry->folder->id};

    if (old_folder)
    {
        event.old_folder = old_folder;
        event.old_message = old_id;
        event.old_parent = old_folder;
    }
    notify_object(store, &event);
}

void notify_new_mail(struct store *store, const NOTIFICATION *notification)
{
    const NEWMAIL_NOTIFICATION *mail = &notification->info.newmail;
    ULONG kind, folder = 0, message;

    if (!eid_parse(&store->uid, mail->cbParentID, mail->lpParentID, &kind, &folder, &message)) folder = 0;
    if (store->subscriptions) store_notify(store, NULL, notification, folder);
}
