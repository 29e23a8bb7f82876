/*
 * mapi32: IMAPITable, the views of a table data object made by CreateTable
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"
#include "table.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* --- IMAPITable --------------------------------------------------------- */

static HRESULT WINAPI view_QueryInterface(IMAPITable *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPITable))
    {
        *out = iface;
        IMAPITable_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI view_AddRef(IMAPITable *iface)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    ULONG ref = InterlockedIncrement(&view->refcount);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI view_Release(IMAPITable *iface)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    ULONG ref = InterlockedDecrement(&view->refcount);

    TRACE("%p, refcount %lu.\n", iface, ref);

    if (ref) return ref;

    if (view->release) view->release(view->release_data, &table->ITableData_iface, iface);

    EnterCriticalSection(&table->cs);
    if (view->prev) view->prev->next = view->next;
    else table->views = view->next;
    if (view->next) view->next->prev = view->prev;
    view_clear_entries(view);
    table_pending_clear(table, &view->pending);
    LeaveCriticalSection(&table->cs);

    notify_registry_destroy(view->advise);
    view_free(view);
    ITableData_Release(&table->ITableData_iface);
    return 0;
}

static HRESULT WINAPI view_GetLastError(IMAPITable *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!error) return MAPI_E_INVALID_PARAMETER;
    /* There is nothing to add to the error codes the methods return. */
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI view_Advise(IMAPITable *iface, ULONG mask, IMAPIAdviseSink *sink, ULONG_PTR *connection)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    HRESULT hr = S_OK;

    TRACE("%p, %#lx, %p, %p.\n", iface, mask, sink, connection);

    if (!sink || !connection) return MAPI_E_INVALID_PARAMETER;
    if (mask != fnevTableModified) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (!view->advise) hr = notify_registry_create(&view->advise);
    LeaveCriticalSection(&table->cs);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = notify_subscribe(view->advise, 0, NULL, mask, sink, 0, connection))) return hr;
    InterlockedIncrement(&view->advise_count);
    return S_OK;
}

static HRESULT WINAPI view_Unadvise(IMAPITable *iface, ULONG_PTR connection)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    HRESULT hr;

    TRACE("%p, %#Ix.\n", iface, connection);

    if (!connection) return MAPI_E_INVALID_PARAMETER;
    if (!view->advise) return MAPI_E_NOT_FOUND;
    /* Not under the table's lock: it may wait for a sink running on another thread. */
    if (FAILED(hr = notify_unsubscribe(view->advise, connection))) return hr;
    InterlockedDecrement(&view->advise_count);
    return S_OK;
}

static HRESULT WINAPI view_GetStatus(IMAPITable *iface, ULONG *status, ULONG *type)
{
    struct table_view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %p.\n", iface, status, type);

    if (!status || !type) return MAPI_E_INVALID_PARAMETER;
    *status = TBLSTAT_COMPLETE;
    *type = view->table->table_type;
    return S_OK;
}

/* A column set a view can show: at least one column, none of type
 * PT_ERROR; multi-valued instance columns (MVI_FLAG) are allowed. */
static BOOL column_set_is_good(const SPropTagArray *columns)
{
    ULONG i, tag;

    if (IsBadReadPtr(columns, offsetof(SPropTagArray, aulPropTag)) || !columns->cValues) return FALSE;
    if (columns->cValues > (MAXDWORD - offsetof(SPropTagArray, aulPropTag)) / sizeof(ULONG)) return FALSE;
    if (IsBadReadPtr(columns, CbSPropTagArray(columns))) return FALSE;
    for (i = 0; i < columns->cValues; i++)
    {
        tag = columns->aulPropTag[i];
        if ((tag & MVI_FLAG) == MVI_FLAG) tag &= ~MV_INSTANCE;
        if (PROP_TYPE(tag) == PT_ERROR || prop_tag_is_bad(tag)) return FALSE;
    }
    return TRUE;
}

static HRESULT WINAPI view_SetColumns(IMAPITable *iface, SPropTagArray *columns, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    SPropTagArray *copy, *old_columns;
    ULONG *mvi_tags, mvi_count, *old_mvi;
    ULONG old_mvi_count;
    HRESULT hr;

    TRACE("%p, %p, %#lx.\n", iface, columns, flags);

    if (flags & ~(TBL_ASYNC | TBL_BATCH)) return MAPI_E_UNKNOWN_FLAGS;
    if (!columns || !column_set_is_good(columns)) return MAPI_E_INVALID_PARAMETER;
    if (!(copy = table_tag_array_dup(columns))) return MAPI_E_NOT_ENOUGH_MEMORY;

    EnterCriticalSection(&table->cs);
    if (FAILED(hr = view_mvi_tags_collect(copy, view->sort, &mvi_tags, &mvi_count)))
    {
        LeaveCriticalSection(&table->cs);
        mapi_heap_free(copy);
        return hr;
    }
    old_columns = view->columns;
    old_mvi = view->mvi_tags;
    old_mvi_count = view->mvi_count;
    view->columns = copy;
    view->mvi_tags = mvi_tags;
    view->mvi_count = mvi_count;
    /* Expanding other columns changes the rows, which drops the bookmarks. */
    if (!view_mvi_tags_equal(old_mvi, old_mvi_count, mvi_tags, mvi_count) && FAILED(hr = view_rebuild(view)))
    {
        view->columns = old_columns;
        view->mvi_tags = old_mvi;
        view->mvi_count = old_mvi_count;
        old_columns = copy;
        old_mvi = mvi_tags;
    }
    LeaveCriticalSection(&table->cs);

    mapi_heap_free(old_columns);
    mapi_heap_free(old_mvi);
    return hr;
}

static HRESULT tag_array_copy_out(struct table_data *table, const SPropTagArray *tags, SPropTagArray **out)
{
    HRESULT hr;

    if (FAILED(hr = table->allocate_buffer(CbSPropTagArray(tags), (void **)out))) return hr;
    memcpy(*out, tags, CbSPropTagArray(tags));
    return S_OK;
}

static HRESULT WINAPI view_QueryColumns(IMAPITable *iface, ULONG flags, SPropTagArray **columns)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, columns);

    if (flags & ~TBL_ALL_COLUMNS) return MAPI_E_UNKNOWN_FLAGS;
    if (!columns) return MAPI_E_INVALID_PARAMETER;
    *columns = NULL;

    EnterCriticalSection(&table->cs);
    hr = tag_array_copy_out(table, flags & TBL_ALL_COLUMNS ? table->columns : view->columns, columns);
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI view_GetRowCount(IMAPITable *iface, ULONG flags, ULONG *count)
{
    struct table_view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, count);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!count) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&view->table->cs);
    *count = view->count;
    LeaveCriticalSection(&view->table->cs);
    return S_OK;
}

/* Where a bookmark stands, and whether its row left the view since its
 * last use (which this use ends).  Called under the table's lock. */
static HRESULT view_bookmark_position(struct table_view *view, BOOKMARK bookmark, ULONG *pos, BOOL *moved)
{
    ULONG i;

    *moved = FALSE;
    switch (bookmark)
    {
    case BOOKMARK_BEGINNING: *pos = 0; return S_OK;
    case BOOKMARK_CURRENT: *pos = view->cursor.pos; return S_OK;
    case BOOKMARK_END: *pos = view->count; return S_OK;
    }
    for (i = 0; i < view->bookmark_count; i++)
    {
        if (view->bookmarks[i].id != bookmark) continue;
        *pos = view->bookmarks[i].marker.pos;
        *moved = view->bookmarks[i].marker.moved;
        view->bookmarks[i].marker.moved = FALSE;
        return S_OK;
    }
    return MAPI_E_INVALID_BOOKMARK;
}

static void view_move_cursor(struct table_view *view, ULONG pos)
{
    memset(&view->cursor, 0, sizeof(view->cursor));
    view->cursor.pos = pos;
}

static HRESULT WINAPI view_SeekRow(IMAPITable *iface, BOOKMARK bookmark, LONG row_count, LONG *sought)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    LONGLONG target;
    BOOL moved;
    ULONG pos;
    HRESULT hr;

    TRACE("%p, %lu, %ld, %p.\n", iface, bookmark, row_count, sought);

    EnterCriticalSection(&table->cs);
    if (SUCCEEDED(hr = view_bookmark_position(view, bookmark, &pos, &moved)))
    {
        target = (LONGLONG)pos + row_count;
        target = max(0, min(target, (LONGLONG)view->count));
        view_move_cursor(view, target);
        if (sought) *sought = target - pos;
        if (moved) hr = MAPI_W_POSITION_CHANGED;
    }
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI view_SeekRowApprox(IMAPITable *iface, ULONG numerator, ULONG denominator)
{
    struct table_view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %lu, %lu.\n", iface, numerator, denominator);

    if (!denominator || numerator > denominator) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&view->table->cs);
    view_move_cursor(view, (ULONGLONG)view->count * numerator / denominator);
    LeaveCriticalSection(&view->table->cs);
    return S_OK;
}

static HRESULT WINAPI view_QueryPosition(IMAPITable *iface, ULONG *row, ULONG *numerator, ULONG *denominator)
{
    struct table_view *view = impl_from_IMAPITable(iface);

    TRACE("%p, %p, %p, %p.\n", iface, row, numerator, denominator);

    if (!row || !numerator || !denominator) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&view->table->cs);
    *row = view->cursor.pos;
    *numerator = view->cursor.pos;
    *denominator = max(view->count, 1);
    LeaveCriticalSection(&view->table->cs);
    return S_OK;
}

static HRESULT WINAPI view_FindRow(IMAPITable *iface, SRestriction *res, BOOKMARK bookmark, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    ULONG start, pos;
    BOOL moved;
    HRESULT hr;

    TRACE("%p, %p, %lu, %#lx.\n", iface, res, bookmark, flags);

    if (flags & ~DIR_BACKWARD) return MAPI_E_UNKNOWN_FLAGS;
    if (!res) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = restriction_check(res))) return hr;

    EnterCriticalSection(&table->cs);
    if (SUCCEEDED(hr = view_bookmark_position(view, bookmark, &start, &moved)))
    {
        hr = MAPI_E_NOT_FOUND;
        /* Forward from the bookmark's row, backward from the row before it. */
        if (flags & DIR_BACKWARD)
        {
            for (pos = start; pos; pos--)
                if (view_entry_matches(view, res, view->entries[pos - 1].row, view->entries[pos - 1].instance)) break;
            if (pos) hr = S_OK, pos--;
        }
        else
        {
            for (pos = start; pos < view->count; pos++)
                if (view_entry_matches(view, res, view->entries[pos].row, view->entries[pos].instance)) break;
            if (pos < view->count) hr = S_OK;
        }
        if (hr == S_OK)
        {
            view_move_cursor(view, pos);
            if (moved) hr = MAPI_W_POSITION_CHANGED;
        }
    }
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI view_Restrict(IMAPITable *iface, SRestriction *res, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    SRestriction *copy = NULL, *old;
    HRESULT hr;

    TRACE("%p, %p, %#lx.\n", iface, res, flags);

    if (flags & ~(TBL_ASYNC | TBL_BATCH)) return MAPI_E_UNKNOWN_FLAGS;
    if (res)
    {
        if (FAILED(hr = restriction_check(res))) return hr;
        if (!(copy = restriction_dup(res))) return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    EnterCriticalSection(&table->cs);
    old = view->restriction;
    view->restriction = copy;
    if (FAILED(hr = view_rebuild(view)))
    {
        view->restriction = old;
        old = copy;
    }
    LeaveCriticalSection(&table->cs);
    mapi_heap_free(old);
    return hr;
}

static HRESULT WINAPI view_CreateBookmark(IMAPITable *iface, BOOKMARK *bookmark)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    struct bookmark *mark;
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, bookmark);

    if (!bookmark) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (!view->bookmarks && !(view->bookmarks = mapi_heap_alloc(MAX_BOOKMARKS * sizeof(*view->bookmarks))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (view->bookmark_count == MAX_BOOKMARKS)
        hr = MAPI_E_UNABLE_TO_COMPLETE;
    else
    {
        mark = &view->bookmarks[view->bookmark_count++];
        mark->id = view->last_bookmark = max(view->last_bookmark, BOOKMARK_END) + 1;
        memset(&mark->marker, 0, sizeof(mark->marker));
        mark->marker.pos = view->cursor.pos;
        *bookmark = mark->id;
    }
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI view_FreeBookmark(IMAPITable *iface, BOOKMARK bookmark)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    HRESULT hr = MAPI_E_INVALID_BOOKMARK;
    ULONG i;

    TRACE("%p, %lu.\n", iface, bookmark);

    if (bookmark == BOOKMARK_BEGINNING || bookmark == BOOKMARK_CURRENT || bookmark == BOOKMARK_END) return S_OK;

    EnterCriticalSection(&table->cs);
    for (i = 0; i < view->bookmark_count; i++)
    {
        if (view->bookmarks[i].id != bookmark) continue;
        view->bookmarks[i] = view->bookmarks[--view->bookmark_count];
        hr = S_OK;
        break;
    }
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI view_SortTable(IMAPITable *iface, SSortOrderSet *sort, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    SSortOrderSet *copy = NULL, *old_sort;
    ULONG *mvi_tags, mvi_count, *old_mvi, old_mvi_count;
    HRESULT hr;

    TRACE("%p, %p, %#lx.\n", iface, sort, flags);

    if (flags & ~(TBL_ASYNC | TBL_BATCH)) return MAPI_E_UNKNOWN_FLAGS;
    if (!sort) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = table_sort_order_check(sort))) return hr;
    if (sort->cSorts && !(copy = table_sort_order_dup(sort))) return MAPI_E_NOT_ENOUGH_MEMORY;

    EnterCriticalSection(&table->cs);
    if (FAILED(hr = view_mvi_tags_collect(view->columns, copy, &mvi_tags, &mvi_count)))
    {
        LeaveCriticalSection(&table->cs);
        mapi_heap_free(copy);
        return hr;
    }
    old_sort = view->sort;
    old_mvi = view->mvi_tags;
    old_mvi_count = view->mvi_count;
    view->sort = copy;
    view->mvi_tags = mvi_tags;
    view->mvi_count = mvi_count;
    /* A failed sort leaves the sort order that was in effect. */
    if (FAILED(hr = view_rebuild(view)))
    {
        view->sort = old_sort;
        view->mvi_tags = old_mvi;
        view->mvi_count = old_mvi_count;
        old_sort = copy;
        old_mvi = mvi_tags;
    }
    LeaveCriticalSection(&table->cs);

    mapi_heap_free(old_sort);
    mapi_heap_free(old_mvi);
    return hr;
}

static HRESULT WINAPI view_QuerySortOrder(IMAPITable *iface, SSortOrderSet **sort)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    static const SSortOrderSet unsorted;
    const SSortOrderSet *current;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, sort);

    if (!sort) return MAPI_E_INVALID_PARAMETER;
    *sort = NULL;

    EnterCriticalSection(&table->cs);
    current = view->sort ? view->sort : &unsorted;
    if (SUCCEEDED(hr = table->allocate_buffer(CbSSortOrderSet(current), (void **)sort)))
        memcpy(*sort, current, CbSSortOrderSet(current));
    LeaveCriticalSection(&table->cs);
    return hr;
}

/* Copies count rows from start, in the view's columns, to a row set whose
 * rows are separate buffers, as FreeProws frees them. */
static HRESULT view_copy_rows(struct table_view *view, ULONG start, ULONG count, SRowSet **out)
{
    struct table_data *table = view->table;
    ULONG columns = view->columns->cValues, i;
    SPropValue *values = NULL;
    SRowSet *rows;
    HRESULT hr;

    if (FAILED(hr = table->allocate_buffer(CbNewSRowSet(count), (void **)&rows))) return hr;
    rows->cRows = 0;
    if (count && !(values = mapi_heap_alloc(max(columns, 1) * sizeof(*values))))
    {
        table->free_buffer(rows);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < count; i++)
    {
        view_project(view, view->entries[start + i].row, view->entries[start + i].instance, values);
        if (FAILED(hr = table_alloc_props(table, 0, columns, values, (void **)&rows->aRow[i].lpProps))) break;
        rows->aRow[i].ulAdrEntryPad = 0;
        rows->aRow[i].cValues = columns;
        rows->cRows++;
    }
    mapi_heap_free(values);

    if (FAILED(hr))
    {
        for (i = 0; i < rows->cRows; i++) table->free_buffer(rows->aRow[i].lpProps);
        table->free_buffer(rows);
        return hr;
    }
    *out = rows;
    return S_OK;
}

static HRESULT WINAPI view_QueryRows(IMAPITable *iface, LONG row_count, ULONG flags, SRowSet **rows)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    ULONG start, end;
    HRESULT hr;

    TRACE("%p, %ld, %#lx, %p.\n", iface, row_count, flags, rows);

    if (flags & ~TBL_NOADVANCE) return MAPI_E_UNKNOWN_FLAGS;
    if (!rows || !row_count) return MAPI_E_INVALID_PARAMETER;
    *rows = NULL;

    EnterCriticalSection(&table->cs);
    /* A negative count moves the cursor back first, then reads forward. */
    if (row_count > 0)
    {
        start = view->cursor.pos;
        end = start + min((ULONG)row_count, view->count - start);
    }
    else
    {
        end = view->cursor.pos;
        start = end - min(end, -(ULONGLONG)row_count);
    }
    if (SUCCEEDED(hr = view_copy_rows(view, start, end - start, rows)))
        view_move_cursor(view, flags & TBL_NOADVANCE ? start : end);
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI view_Abort(IMAPITable *iface)
{
    TRACE("%p.\n", iface);

    /* Every operation completes before its call returns. */
    return S_OK;
}

static HRESULT WINAPI view_ExpandRow(IMAPITable *iface, ULONG key_size, BYTE *key, ULONG row_count, ULONG flags,
        SRowSet **rows, ULONG *more)
{
    TRACE("%p, %lu, %p, %lu, %#lx, %p, %p.\n", iface, key_size, key, row_count, flags, rows, more);

    if (rows) *rows = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI view_CollapseRow(IMAPITable *iface, ULONG key_size, BYTE *key, ULONG flags, ULONG *row_count)
{
    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, key_size, key, flags, row_count);

    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI view_WaitForCompletion(IMAPITable *iface, ULONG flags, ULONG timeout, ULONG *status)
{
    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, timeout, status);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (status) *status = TBLSTAT_COMPLETE;
    return S_OK;
}

static HRESULT WINAPI view_GetCollapseState(IMAPITable *iface, ULONG flags, ULONG key_size, BYTE *key,
        ULONG *state_size, BYTE **state)
{
    TRACE("%p, %#lx, %lu, %p, %p, %p.\n", iface, flags, key_size, key, state_size, state);

    if (state) *state = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI view_SetCollapseState(IMAPITable *iface, ULONG flags, ULONG state_size, BYTE *state,
        BOOKMARK *location)
{
    TRACE("%p, %#lx, %lu, %p, %p.\n", iface, flags, state_size, state, location);

    return MAPI_E_NO_SUPPORT;
}

const IMAPITableVtbl view_vtbl =
{
    view_QueryInterface,
    view_AddRef,
    view_Release,
    view_GetLastError,
    VTBL_SLOT(IMAPITableVtbl, Advise, view_Advise),
    VTBL_SLOT(IMAPITableVtbl, Unadvise, view_Unadvise),
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
