/*
 * mapi32: ITableData (CreateTable): the rows of a table data object; HrQueryAllRows, HrAddColumns
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A table data object keeps its rows in the table order (the order of
 * insertion, HrInsertRow placing a row anywhere) and in a hash on the
 * index column.  The properties of a row are one buffer from the allocators
 * given to CreateTable; views reference rows and never copy them.
 *
 * Not done: categorized sorting (cCategories > 0) is refused with
 * MAPI_E_TOO_COMPLEX, as Microsoft's reference says of its table data
 * objects, so ExpandRow and the other category methods answer
 * MAPI_E_NO_SUPPORT; TBL_ASYNC and TBL_BATCH operations run synchronously.
 */

#include "table.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* --- property arrays ---------------------------------------------------- */

/* Bytes ScCopyProps writes for props, PT_NULL values (which have nothing
 * to copy) taking none. */
static SCODE props_size(ULONG count, const SPropValue *props, ULONG *size)
{
    ULONGLONG total = (ULONGLONG)count * sizeof(SPropValue);
    ULONG data, i;

    for (i = 0; i < count; i++)
    {
        if (PROP_TYPE(props[i].ulPropTag) == PT_NULL) continue;
        if (prop_data_size(&props[i], &data) != S_OK) return MAPI_E_INVALID_PARAMETER;
        total += data;
    }
    if (total > MAXDWORD - SROW_HEADER) return MAPI_E_NOT_ENOUGH_MEMORY;
    *size = total;
    return S_OK;
}

/* Copies props to dst, which has props_size bytes.  ScCopyProps has no
 * layout for PT_NULL, so such values travel as PT_LONG and get their tag
 * back. */
static SCODE props_copy(ULONG count, const SPropValue *props, SPropValue *dst)
{
    SPropValue *copy;
    ULONG i, nulls = 0;
    SCODE sc;

    for (i = 0; i < count; i++)
        if (PROP_TYPE(props[i].ulPropTag) == PT_NULL) nulls++;
    if (!nulls) return ScCopyProps(count, (SPropValue *)props, dst, NULL);

    if (!(copy = mapi_heap_alloc(count * sizeof(*copy)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memcpy(copy, props, count * sizeof(*copy));
    for (i = 0; i < count; i++)
        if (PROP_TYPE(copy[i].ulPropTag) == PT_NULL) copy[i].ulPropTag = CHANGE_PROP_TYPE(copy[i].ulPropTag, PT_LONG);
    sc = ScCopyProps(count, copy, dst, NULL);
    for (i = 0; i < count; i++)
        if (PROP_TYPE(props[i].ulPropTag) == PT_NULL) dst[i].ulPropTag = props[i].ulPropTag;
    mapi_heap_free(copy);
    return sc;
}

/* One buffer from the table's allocate_buffer: header bytes, then a copy
 * of props. */
SCODE table_alloc_props(struct table_data *table, SIZE_T header, ULONG count, const SPropValue *props,
        void **buffer)
{
    ULONG size;
    SCODE sc;

    *buffer = NULL;
    if (FAILED(sc = props_size(count, props, &size))) return sc;
    if (FAILED(sc = table->allocate_buffer(header + size, buffer))) return sc;
    if (FAILED(sc = props_copy(count, props, (SPropValue *)((BYTE *)*buffer + header))))
    {
        table->free_buffer(*buffer);
        *buffer = NULL;
    }
    return sc;
}

const SPropValue *table_props_find(ULONG count, const SPropValue *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

/* --- rows and their keys ------------------------------------------------ */

/* The bytes that make a key value, for hashing and equality. */
static void key_bytes(const SPropValue *key, const void **data, SIZE_T *size, USHORT *scratch)
{
    switch (PROP_TYPE(key->ulPropTag))
    {
    case PT_I2:       *data = &key->Value.i; *size = sizeof(key->Value.i); return;
    case PT_R4:       *data = &key->Value.flt; *size = sizeof(key->Value.flt); return;
    case PT_DOUBLE:   *data = &key->Value.dbl; *size = sizeof(key->Value.dbl); return;
    case PT_APPTIME:  *data = &key->Value.at; *size = sizeof(key->Value.at); return;
    case PT_CURRENCY: *data = &key->Value.cur; *size = sizeof(key->Value.cur); return;
    case PT_I8:       *data = &key->Value.li; *size = sizeof(key->Value.li); return;
    case PT_SYSTIME:  *data = &key->Value.ft; *size = sizeof(key->Value.ft); return;
    case PT_CLSID:    *data = key->Value.lpguid; *size = sizeof(GUID); return;
    case PT_STRING8:  *data = key->Value.lpszA; *size = strlen(key->Value.lpszA); return;
    case PT_UNICODE:  *data = key->Value.lpszW; *size = lstrlenW(key->Value.lpszW) * sizeof(WCHAR); return;
    case PT_BINARY:   *data = key->Value.bin.lpb; *size = key->Value.bin.cb; return;
    case PT_BOOLEAN:
        *scratch = !!key->Value.b;
        *data = scratch;
        *size = sizeof(*scratch);
        return;
    }
    *data = &key->Value.l;
    *size = sizeof(key->Value.l);
}

static ULONG key_hash(const SPropValue *key)
{
    const BYTE *data;
    ULONG hash = 2166136261u;
    USHORT scratch;
    SIZE_T size, i;

    key_bytes(key, (const void **)&data, &size, &scratch);
    for (i = 0; i < size; i++) hash = (hash ^ data[i]) * 16777619u;
    return hash;
}

static BOOL key_equal(const SPropValue *left, const SPropValue *right)
{
    const void *left_data, *right_data;
    USHORT left_scratch, right_scratch;
    SIZE_T left_size, right_size;

    if (left->ulPropTag != right->ulPropTag) return FALSE;
    key_bytes(left, &left_data, &left_size, &left_scratch);
    key_bytes(right, &right_data, &right_size, &right_scratch);
    return left_size == right_size && !memcmp(left_data, right_data, left_size);
}

const SPropValue *table_row_key(const struct table_data *table, const struct table_row *row)
{
    return table_props_find(row->count, row->props, table->index_tag);
}

void table_row_release(struct table_data *table, struct table_row *row)
{
    if (--row->refs) return;
    table->free_buffer(row->props);
    mapi_heap_free(row);
}

static struct table_row *table_find_row(const struct table_data *table, const SPropValue *key)
{
    struct table_row *row;
    ULONG hash;

    if (!table->bucket_count) return NULL;
    hash = key_hash(key);
    for (row = table->buckets[hash & (table->bucket_count - 1)]; row; row = row->hash_next)
        if (row->hash == hash && key_equal(table_row_key(table, row), key)) return row;
    return NULL;
}

/* Makes room in the hash and in the table order for one more row. */
static BOOL table_reserve_row(struct table_data *table)
{
    struct table_row **buckets, *row, *next;
    ULONG capacity, count, i;

    if (table->count == table->capacity)
    {
        capacity = max(table->capacity * 2, 64);
        if (!(buckets = mapi_heap_realloc(table->rows, capacity * sizeof(*table->rows)))) return FALSE;
        table->rows = buckets;
        table->capacity = capacity;
    }
    if (table->count + 1 <= table->bucket_count / 4 * 3) return TRUE;

    count = max(table->bucket_count * 2, 64);
    if (!(buckets = mapi_heap_alloc(count * sizeof(*buckets)))) return FALSE;
    memset(buckets, 0, count * sizeof(*buckets));
    for (i = 0; i < table->bucket_count; i++)
    {
        for (row = table->buckets[i]; row; row = next)
        {
            next = row->hash_next;
            row->hash_next = buckets[row->hash & (count - 1)];
            buckets[row->hash & (count - 1)] = row;
        }
    }
    mapi_heap_free(table->buckets);
    table->buckets = buckets;
    table->bucket_count = count;
    return TRUE;
}

static void table_unhash_row(struct table_data *table, struct table_row *row)
{
    struct table_row **link = &table->buckets[row->hash & (table->bucket_count - 1)];

    while (*link != row) link = &(*link)->hash_next;
    *link = row->hash_next;
}

/* The position of row in the table order. */
static ULONG table_row_position(const struct table_data *table, const struct table_row *row)
{
    ULONG lo = 0, hi = table->count, mid;

    while (lo < hi)
    {
        mid = lo + (hi - lo) / 2;
        if (table->rows[mid]->order < row->order) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Puts row at pos in the table order, renumbering the order keys when
 * there is no room between its neighbours.  table_reserve_row has made
 * room. */
static void table_place_row(struct table_data *table, struct table_row *row, ULONG pos)
{
    ULONGLONG before = pos ? table->rows[pos - 1]->order : 0, after;
    ULONG i;

    memmove(&table->rows[pos + 1], &table->rows[pos], (table->count - pos) * sizeof(*table->rows));
    table->rows[pos] = row;
    table->count++;

    if (pos == table->count - 1)
    {
        row->order = before + ORDER_GAP;
        return;
    }
    after = table->rows[pos + 1]->order;
    if (after - before >= 2)
    {
        row->order = before + (after - before) / 2;
        return;
    }
    for (i = 0; i < table->count; i++) table->rows[i]->order = (ULONGLONG)(i + 1) * ORDER_GAP;
}

/* Makes room for the tags of a row in the table's column set. */
static BOOL table_reserve_columns(struct table_data *table, ULONG count)
{
    SPropTagArray *columns;
    ULONG capacity;

    if (table->columns->cValues + count <= table->columns_capacity) return TRUE;
    capacity = max(table->columns_capacity * 2, table->columns->cValues + count);
    if (!(columns = mapi_heap_realloc(table->columns, CbNewSPropTagArray(capacity)))) return FALSE;
    table->columns = columns;
    table->columns_capacity = capacity;
    return TRUE;
}

/* A new property of a row becomes a column of future views. */
static void table_note_columns(struct table_data *table, ULONG count, const SPropValue *props)
{
    ULONG i, j;

    for (i = 0; i < count; i++)
    {
        for (j = 0; j < table->columns->cValues; j++)
            if (table->columns->aulPropTag[j] == props[i].ulPropTag) break;
        if (j == table->columns->cValues) table->columns->aulPropTag[table->columns->cValues++] = props[i].ulPropTag;
    }
}

/* --- changes ------------------------------------------------------------ */

/* Makes room in every view for the entries of a row with these props. */
static BOOL table_reserve_views(struct table_data *table, SPropValue *props, ULONG count)
{
    struct table_row probe = {0};
    struct table_view *view;

    probe.props = props;
    probe.count = count;
    for (view = table->views; view; view = view->next)
        if (!view_reserve_entries(view, view_row_instances(view, &probe))) return FALSE;
    return TRUE;
}

/* Adds a row at pos in the table order, or replaces the row with the same
 * index column (pos is ignored then, unless must_be_new refuses it). */
static HRESULT table_put_row(struct table_data *table, const SRow *src, ULONG pos, BOOL must_be_new)
{
    const SPropValue *key = table_props_find(src->cValues, src->lpProps, table->index_tag);
    struct table_row *row;
    struct table_view *view;
    SPropValue *props, *old_props;
    ULONG old_count;
    HRESULT hr;

    if (!key) return MAPI_E_INVALID_PARAMETER;
    row = table_find_row(table, key);
    if (row && must_be_new) return MAPI_E_INVALID_PARAMETER;

    if (FAILED(hr = table_alloc_props(table, 0, src->cValues, src->lpProps, (void **)&props))) return hr;
    if (!table_reserve_views(table, props, src->cValues) || !table_reserve_columns(table, src->cValues)
            || (!row && !table_reserve_row(table)))
    {
        table->free_buffer(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    table_note_columns(table, src->cValues, props);

    if (row)
    {
        old_props = row->props;
        old_count = row->count;
        for (view = table->views; view; view = view->next)
            view_update_row(view, row, old_props, old_count, props, src->cValues);
        row->props = props;
        row->count = src->cValues;
        table->free_buffer(old_props);
        return S_OK;
    }

    if (!(row = mapi_heap_alloc(sizeof(*row))))
    {
        table->free_buffer(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    row->refs = 1;
    row->props = props;
    row->count = src->cValues;
    row->hash = key_hash(table_row_key(table, row));
    row->hash_next = table->buckets[row->hash & (table->bucket_count - 1)];
    table->buckets[row->hash & (table->bucket_count - 1)] = row;
    table_place_row(table, row, min(pos, table->count));
    for (view = table->views; view; view = view->next) view_update_row(view, row, NULL, 0, props, src->cValues);
    return S_OK;
}

static void table_delete_row(struct table_data *table, struct table_row *row)
{
    SPropValue *props = row->props;
    ULONG count = row->count, pos;
    struct table_view *view;

    for (view = table->views; view; view = view->next) view_update_row(view, row, props, count, NULL, 0);
    row->props = props;
    row->count = count;
    table_unhash_row(table, row);
    pos = table_row_position(table, row);
    memmove(&table->rows[pos], &table->rows[pos + 1], (table->count - pos - 1) * sizeof(*table->rows));
    table->count--;
    table_row_release(table, row);
}

static void table_delete_all(struct table_data *table)
{
    struct table_view *view;
    ULONG i;

    for (view = table->views; view; view = view->next)
    {
        view_clear_entries(view);
        view_reset_positions(view);
        if (!view->advise_count) continue;
        table_pending_clear(table, &view->pending);
        view->pending.reload = TRUE;
    }
    for (i = 0; i < table->count; i++) table_row_release(table, table->rows[i]);
    table->count = 0;
    if (table->bucket_count) memset(table->buckets, 0, table->bucket_count * sizeof(*table->buckets));
}

/* --- ITableData --------------------------------------------------------- */

static HRESULT WINAPI table_data_QueryInterface(ITableData *iface, REFIID riid, void **out)
{
    struct table_data *table = impl_from_ITableData(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPITableData))
    {
        *out = &table->ITableData_iface;
        ITableData_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI table_data_AddRef(ITableData *iface)
{
    struct table_data *table = impl_from_ITableData(iface);
    ULONG ref = InterlockedIncrement(&table->refcount);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI table_data_Release(ITableData *iface)
{
    struct table_data *table = impl_from_ITableData(iface);
    ULONG ref = InterlockedDecrement(&table->refcount), i;

    TRACE("%p, refcount %lu.\n", iface, ref);

    if (ref) return ref;
    for (i = 0; i < table->count; i++) table_row_release(table, table->rows[i]);
    mapi_heap_free(table->rows);
    mapi_heap_free(table->buckets);
    mapi_heap_free(table->columns);
    DeleteCriticalSection(&table->cs);
    mapi_heap_free(table);
    return 0;
}

HRESULT table_sort_order_check(const SSortOrderSet *sort)
{
    ULONG i;

    if (FBadSortOrderSet((SSortOrderSet *)sort)) return MAPI_E_INVALID_PARAMETER;
    if (sort->cCategories)
    {
        FIXME("categorized sorting is not supported.\n");
        return MAPI_E_TOO_COMPLEX;
    }
    for (i = 0; i < sort->cSorts; i++)
    {
        /* The other orders only mean something in categories. */
        if (sort->aSort[i].ulOrder != TABLE_SORT_ASCEND && sort->aSort[i].ulOrder != TABLE_SORT_DESCEND)
            return MAPI_E_TOO_COMPLEX;
    }
    return S_OK;
}

SSortOrderSet *table_sort_order_dup(const SSortOrderSet *sort)
{
    SSortOrderSet *copy;

    if (!(copy = mapi_heap_alloc(CbSSortOrderSet(sort)))) return NULL;
    memcpy(copy, sort, CbSSortOrderSet(sort));
    return copy;
}

SPropTagArray *table_tag_array_dup(const SPropTagArray *tags)
{
    SPropTagArray *copy;

    if (!(copy = mapi_heap_alloc(CbSPropTagArray(tags)))) return NULL;
    memcpy(copy, tags, CbSPropTagArray(tags));
    return copy;
}

void view_free(struct table_view *view)
{
    mapi_heap_free(view->columns);
    mapi_heap_free(view->sort);
    mapi_heap_free(view->restriction);
    mapi_heap_free(view->mvi_tags);
    mapi_heap_free(view->entries);
    mapi_heap_free(view->bookmarks);
    mapi_heap_free(view);
}

static HRESULT WINAPI table_data_HrGetView(ITableData *iface, SSortOrderSet *sort, caller_release_func *release,
        ULONG_PTR release_data, IMAPITable **out)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct table_view *view;
    HRESULT hr;

    TRACE("%p, %p, %p, %#Ix, %p.\n", iface, sort, release, release_data, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (sort && FAILED(hr = table_sort_order_check(sort))) return hr;
    if (!(view = mapi_heap_alloc(sizeof(*view)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(view, 0, sizeof(*view));
    view->IMAPITable_iface.lpVtbl = &view_vtbl;
    view->refcount = 1;
    view->table = table;
    view->release = release;
    view->release_data = release_data;
    if (sort && sort->cSorts && !(view->sort = table_sort_order_dup(sort)))
    {
        view_free(view);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    EnterCriticalSection(&table->cs);
    if (!(view->columns = table_tag_array_dup(table->columns))
            || FAILED(hr = view_mvi_tags_collect(view->columns, view->sort, &view->mvi_tags, &view->mvi_count))
            || FAILED(hr = view_rebuild(view)))
    {
        LeaveCriticalSection(&table->cs);
        view_free(view);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    view->next = table->views;
    if (table->views) table->views->prev = view;
    table->views = view;
    LeaveCriticalSection(&table->cs);

    ITableData_AddRef(iface);
    *out = &view->IMAPITable_iface;
    TRACE("view %p.\n", view);
    return S_OK;
}

static BOOL row_is_good(const SRow *row)
{
    return !FBadRow((SRow *)row);
}

static HRESULT WINAPI table_data_HrModifyRow(ITableData *iface, SRow *row)
{
    struct table_data *table = impl_from_ITableData(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, row);

    if (!row || !row_is_good(row)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    hr = table_put_row(table, row, MAXDWORD, FALSE);
    table_unlock_and_notify(table);
    return hr;
}

/* A property value that names a row of the table. */
static BOOL key_is_good(const struct table_data *table, const SPropValue *key)
{
    return key && !FBadProp((SPropValue *)key) && key->ulPropTag == table->index_tag;
}

static HRESULT WINAPI table_data_HrDeleteRow(ITableData *iface, SPropValue *key)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct table_row *row;
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, key);

    if (!key_is_good(table, key)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if ((row = table_find_row(table, key))) table_delete_row(table, row);
    else hr = MAPI_E_NOT_FOUND;
    table_unlock_and_notify(table);
    return hr;
}

/* A copy of the whole row as one buffer: the SRow, then its properties. */
static HRESULT table_copy_row(struct table_data *table, const struct table_row *row, SRow **out)
{
    SRow *copy;
    HRESULT hr;

    if (FAILED(hr = table_alloc_props(table, SROW_HEADER, row->count, row->props, (void **)&copy))) return hr;
    copy->ulAdrEntryPad = 0;
    copy->cValues = row->count;
    copy->lpProps = (SPropValue *)((BYTE *)copy + SROW_HEADER);
    *out = copy;
    return S_OK;
}

static HRESULT WINAPI table_data_HrQueryRow(ITableData *iface, SPropValue *key, SRow **out, ULONG *row_number)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct table_row *row;
    HRESULT hr;

    TRACE("%p, %p, %p, %p.\n", iface, key, out, row_number);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!key_is_good(table, key)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (!(row = table_find_row(table, key))) hr = MAPI_E_NOT_FOUND;
    else if (SUCCEEDED(hr = table_copy_row(table, row, out)) && row_number)
        *row_number = table_row_position(table, row);
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI table_data_HrEnumRow(ITableData *iface, ULONG row_number, SRow **out)
{
    struct table_data *table = impl_from_ITableData(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %lu, %p.\n", iface, row_number, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;

    EnterCriticalSection(&table->cs);
    if (row_number < table->count) hr = table_copy_row(table, table->rows[row_number], out);
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI table_data_HrNotify(ITableData *iface, ULONG flags, ULONG count, SPropValue *values)
{
    struct table_data *table = impl_from_ITableData(iface);
    const SPropValue *key;
    struct table_view *view;
    struct table_row *row;
    ULONG instances, i, pos;
    HRESULT hr = S_OK;

    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, count, values);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!count || !values || IsBadReadPtr(values, count * sizeof(*values))) return MAPI_E_INVALID_PARAMETER;
    if (!(key = table_props_find(count, values, table->index_tag)) || !key_is_good(table, key))
        return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if ((row = table_find_row(table, key)))
    {
        for (view = table->views; view; view = view->next)
        {
            instances = view_row_instances(view, row);
            for (i = 0; i < instances; i++)
            {
                if (!view_entry_matches(view, view->restriction, row, i) || !view_find_entry(view, row, i, &pos))
                    continue;
                view_notify_entry(view, TABLE_ROW_MODIFIED, pos);
            }
        }
    }
    else hr = MAPI_E_NOT_FOUND;
    table_unlock_and_notify(table);
    return hr;
}

static HRESULT WINAPI table_data_HrInsertRow(ITableData *iface, ULONG pos, SRow *row)
{
    struct table_data *table = impl_from_ITableData(iface);
    HRESULT hr;

    TRACE("%p, %lu, %p.\n", iface, pos, row);

    if (!row || !row_is_good(row)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    /* The new row comes after the first pos rows: 0 puts it first, the row
     * count last. */
    if (pos > table->count) hr = MAPI_E_INVALID_PARAMETER;
    else hr = table_put_row(table, row, pos, TRUE);
    table_unlock_and_notify(table);
    return hr;
}

static HRESULT WINAPI table_data_HrModifyRows(ITableData *iface, ULONG flags, SRowSet *rows)
{
    struct table_data *table = impl_from_ITableData(iface);
    HRESULT hr = S_OK;
    ULONG i;

    TRACE("%p, %#lx, %p.\n", iface, flags, rows);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!rows || FBadRowSet(rows)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < rows->cRows; i++)
        if (!table_props_find(rows->aRow[i].cValues, rows->aRow[i].lpProps, table->index_tag))
            return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++) hr = table_put_row(table, &rows->aRow[i], MAXDWORD, FALSE);
    table_unlock_and_notify(table);
    return hr;
}

static HRESULT WINAPI table_data_HrDeleteRows(ITableData *iface, ULONG flags, SRowSet *rows, ULONG *deleted)
{
    struct table_data *table = impl_from_ITableData(iface);
    const SPropValue *key;
    struct table_row *row;
    ULONG count = 0, i;

    TRACE("%p, %#lx, %p, %p.\n", iface, flags, rows, deleted);

    if (flags & ~TAD_ALL_ROWS) return MAPI_E_UNKNOWN_FLAGS;
    if (!(flags & TAD_ALL_ROWS) && (!rows || FBadRowSet(rows))) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (flags & TAD_ALL_ROWS)
    {
        count = table->count;
        table_delete_all(table);
    }
    else
    {
        for (i = 0; i < rows->cRows; i++)
        {
            key = table_props_find(rows->aRow[i].cValues, rows->aRow[i].lpProps, table->index_tag);
            if (!key || !(row = table_find_row(table, key))) continue;
            table_delete_row(table, row);
            count++;
        }
    }
    table_unlock_and_notify(table);
    if (deleted) *deleted = count;
    return S_OK;
}

static const ITableDataVtbl table_data_vtbl =
{
    table_data_QueryInterface,
    table_data_AddRef,
    table_data_Release,
    VTBL_SLOT(ITableDataVtbl, HrGetView, table_data_HrGetView),
    table_data_HrModifyRow,
    table_data_HrDeleteRow,
    table_data_HrQueryRow,
    table_data_HrEnumRow,
    table_data_HrNotify,
    table_data_HrInsertRow,
    table_data_HrModifyRows,
    table_data_HrDeleteRows,
};

/***********************************************************************
 *              CreateTable@36 (MAPI32.61)
 *
 * The index column must be single-valued; the column set is the default
 * one of the first views, which then grows with the properties rows add.
 */
SCODE WINAPI CreateTable(LPCIID iid, ALLOCATEBUFFER *allocate_buffer, ALLOCATEMORE *allocate_more,
        FREEBUFFER *free_buffer, void *reserved, ULONG table_type, ULONG index_column, LPSPropTagArray columns,
        LPTABLEDATA *out)
{
    struct table_data *table;
    ULONG type = PROP_TYPE(index_column);

    TRACE("%s, %p, %p, %p, %p, %#lx, %#lx, %p, %p.\n", debugstr_guid(iid), allocate_buffer, allocate_more,
            free_buffer, reserved, table_type, index_column, columns, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (iid && !IsEqualIID(iid, &IID_IMAPITableData)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!allocate_buffer || !allocate_more || !free_buffer || reserved) return MAPI_E_INVALID_PARAMETER;
    if (table_type != TBLTYPE_SNAPSHOT && table_type != TBLTYPE_KEYSET && table_type != TBLTYPE_DYNAMIC)
        return MAPI_E_INVALID_PARAMETER;
    if (prop_tag_is_bad(index_column) || (type & MV_FLAG) || type == PT_UNSPECIFIED || type == PT_NULL
            || type == PT_ERROR || type == PT_OBJECT)
        return MAPI_E_INVALID_PARAMETER;
    if (!columns || FBadColumnSet(columns)) return MAPI_E_INVALID_PARAMETER;

    if (!(table = mapi_heap_alloc(sizeof(*table)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(table, 0, sizeof(*table));
    if (!(table->columns = table_tag_array_dup(columns)))
    {
        mapi_heap_free(table);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    table->ITableData_iface.lpVtbl = &table_data_vtbl;
    table->refcount = 1;
    InitializeCriticalSection(&table->cs);
    table->allocate_buffer = allocate_buffer;
    table->free_buffer = free_buffer;
    table->table_type = table_type;
    table->index_tag = index_column;
    table->columns_capacity = columns->cValues;

    TRACE("table %p.\n", table);
    *out = &table->ITableData_iface;
    return S_OK;
}

/***********************************************************************
 *              HrQueryAllRows@24 (MAPI32.75)
 *
 * Sets what is given (columns, restriction, sort order) and reads every
 * row from the beginning.  More rows than max_rows (when not 0) is
 * MAPI_E_TABLE_TOO_BIG.
 */
HRESULT WINAPI HrQueryAllRows(LPMAPITABLE table, LPSPropTagArray columns, LPSRestriction res, LPSSortOrderSet sort,
        LONG max_rows, LPSRowSet *out)
{
    SRowSet *rows = NULL, *more, *merged;
    LONG chunk;
    HRESULT hr;

    TRACE("%p, %p, %p, %p, %ld, %p.\n", table, columns, res, sort, max_rows, out);

    if (!table || !out || max_rows < 0) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;

    if (columns && FAILED(hr = IMAPITable_SetColumns(table, columns, TBL_BATCH))) return hr;
    if (res && FAILED(hr = IMAPITable_Restrict(table, res, TBL_BATCH))) return hr;
    if (sort && FAILED(hr = IMAPITable_SortTable(table, sort, TBL_BATCH))) return hr;
    if (FAILED(hr = IMAPITable_SeekRow(table, BOOKMARK_BEGINNING, 0, NULL))) return hr;

    /* One row more than allowed tells that there are too many. */
    chunk = max_rows && max_rows < 0x7fffffff ? max_rows + 1 : 0x7fffffff;
    for (;;)
    {
        if (FAILED(hr = IMAPITable_QueryRows(table, chunk, 0, &more))) break;
        if (!more->cRows)
        {
            MAPIFreeBuffer(more);
            break;
        }
        if (!rows)
        {
            rows = more;
        }
        else
        {
            if (FAILED(hr = MAPIAllocateBuffer(CbNewSRowSet(rows->cRows + more->cRows), (void **)&merged)))
            {
                FreeProws(more);
                break;
            }
            memcpy(merged->aRow, rows->aRow, rows->cRows * sizeof(SRow));
            memcpy(merged->aRow + rows->cRows, more->aRow, more->cRows * sizeof(SRow));
            merged->cRows = rows->cRows + more->cRows;
            MAPIFreeBuffer(rows);
            MAPIFreeBuffer(more);
            rows = merged;
        }
        if (max_rows && rows->cRows > (ULONG)max_rows)
        {
            hr = MAPI_E_TABLE_TOO_BIG;
            break;
        }
    }

    if (FAILED(hr))
    {
        FreeProws(rows);
        return hr;
    }
    if (!rows)
    {
        if (FAILED(hr = MAPIAllocateBuffer(CbNewSRowSet(0), (void **)&rows))) return hr;
        rows->cRows = 0;
    }
    *out = rows;
    return S_OK;
}

/***********************************************************************
 *              HrAddColumnsEx@20 (MAPI32.82)
 *
 * The new columns come first, then the columns the view had that are not
 * among them, after filter has seen (and maybe changed) those.
 */
HRESULT WINAPI HrAddColumnsEx(LPMAPITABLE table, LPSPropTagArray columns, LPALLOCATEBUFFER allocate_buffer,
        LPFREEBUFFER free_buffer, void (*filter)(LPSPropTagArray))
{
    SPropTagArray *old = NULL, *merged = NULL;
    ULONG i, j;
    HRESULT hr;

    TRACE("%p, %p, %p, %p, %p.\n", table, columns, allocate_buffer, free_buffer, filter);

    if (!table || !columns || !allocate_buffer || !free_buffer) return MAPI_E_INVALID_PARAMETER;
    if (IsBadReadPtr(columns, offsetof(SPropTagArray, aulPropTag)) || IsBadReadPtr(columns, CbSPropTagArray(columns)))
        return MAPI_E_INVALID_PARAMETER;

    if (FAILED(hr = IMAPITable_QueryColumns(table, 0, &old))) return hr;
    if (filter) filter(old);

    if (SUCCEEDED(hr = allocate_buffer(CbNewSPropTagArray(columns->cValues + old->cValues), (void **)&merged)))
    {
        memcpy(merged->aulPropTag, columns->aulPropTag, columns->cValues * sizeof(ULONG));
        merged->cValues = columns->cValues;
        for (i = 0; i < old->cValues; i++)
        {
            for (j = 0; j < columns->cValues; j++)
                if (columns->aulPropTag[j] == old->aulPropTag[i]) break;
            if (j == columns->cValues) merged->aulPropTag[merged->cValues++] = old->aulPropTag[i];
        }
        hr = IMAPITable_SetColumns(table, merged, 0);
        free_buffer(merged);
    }
    free_buffer(old);
    return hr;
}

/***********************************************************************
 *              HrAddColumns@16 (MAPI32.81)
 */
HRESULT WINAPI HrAddColumns(LPMAPITABLE table, LPSPropTagArray columns, LPALLOCATEBUFFER allocate_buffer,
        LPFREEBUFFER free_buffer)
{
    TRACE("%p, %p, %p, %p.\n", table, columns, allocate_buffer, free_buffer);

    return HrAddColumnsEx(table, columns, allocate_buffer, free_buffer, NULL);
}
