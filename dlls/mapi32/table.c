/*
 * mapi32: ITableData and IMAPITable (CreateTable): columns, sort, restrictions, bookmarks, notifications
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A table data object keeps its rows in the table order (the order of
 * insertion, HrInsertRow placing a row anywhere) and in a hash on the
 * index column.  The properties of a row are one buffer from the allocators
 * given to CreateTable; views reference rows and never copy them.
 *
 * A view keeps the rows it shows as an array of entries (row, instance)
 * sorted by its sort keys, then by table order, then by instance, so that
 * the position of any row is found by binary search and a change in the
 * table moves one entry in each view.  A row is one entry, or one entry per
 * combination of values of the multi-valued columns the view expands
 * (MVI_FLAG in its columns or its sort keys).
 *
 * The cursor and the bookmarks stand on a row and follow it when it moves;
 * when it leaves the view they stand on the row that followed it, and a
 * bookmark reports MAPI_W_POSITION_CHANGED at its next use.  At the end of
 * a view they stay at the end, so rows added there later are read next.
 *
 * Every change is made under the table's lock.  The notifications it causes
 * are built there, in each view's columns of the moment, and delivered once
 * the lock is released: all the notifications of one ITableData call reach
 * a sink in one OnNotify call, and more than eight row notifications for one
 * view in one call become a single TABLE_CHANGED.
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

static const SPropValue *props_find(ULONG count, const SPropValue *props, ULONG tag)
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

static const SPropValue *row_key(const struct table_data *table, const struct table_row *row)
{
    return props_find(row->count, row->props, table->index_tag);
}

static void row_release(struct table_data *table, struct table_row *row)
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
        if (row->hash == hash && key_equal(row_key(table, row), key)) return row;
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

/* --- what a view sees of a row ------------------------------------------ */

static const SPropValue *row_find(const struct table_row *row, ULONG tag)
{
    ULONG i;

    if (PROP_TYPE(tag) != PT_UNSPECIFIED) return props_find(row->count, row->props, tag);
    for (i = 0; i < row->count; i++)
        if (PROP_ID(row->props[i].ulPropTag) == PROP_ID(tag)) return &row->props[i];
    return NULL;
}

/* How many values the expanded column j has in row: one at least, for a
 * row that lacks it. */
static ULONG row_radix(const struct table_view *view, const struct table_row *row, ULONG j)
{
    const SPropValue *mv = row_find(row, view->mvi_tags[j]);

    return mv && mv->Value.MVi.cValues ? mv->Value.MVi.cValues : 1;
}

static ULONG row_instances(const struct table_view *view, const struct table_row *row)
{
    ULONGLONG count = 1;
    ULONG j;

    for (j = 0; j < view->mvi_count; j++)
    {
        count *= row_radix(view, row, j);
        if (count > MAX_INSTANCES)
        {
            WARN("row has more than %u value combinations; only the first are shown.\n", MAX_INSTANCES);
            return MAX_INSTANCES;
        }
    }
    return count;
}

/* The value of tag for an entry, or NULL.  An expanded column gives the
 * entry's single value, in scratch; a multi-valued instance column the
 * view does not expand gives the whole property. */
static const SPropValue *entry_value(const struct table_view *view, const struct table_row *row, ULONG instance,
        ULONG tag, SPropValue *scratch)
{
    const SPropValue *mv;
    ULONG j, stride = 1, radix;

    if ((tag & MVI_FLAG) != MVI_FLAG) return row_find(row, tag);

    tag &= ~MV_INSTANCE;
    if (!(mv = row_find(row, tag)) || !mv->Value.MVi.cValues) return NULL;
    for (j = 0; j < view->mvi_count; j++)
    {
        radix = row_radix(view, row, j);
        if (view->mvi_tags[j] == tag)
        {
            prop_mv_value_at(mv, (instance / stride) % radix, scratch);
            return scratch;
        }
        stride *= radix;
    }
    return mv;
}

struct entry_context
{
    const struct table_view *view;
    const struct table_row *row;
    ULONG instance;
};

static const SPropValue *entry_lookup(void *context, ULONG tag, SPropValue *scratch)
{
    const struct entry_context *entry = context;

    return entry_value(entry->view, entry->row, entry->instance, tag, scratch);
}

BOOL view_entry_matches(const struct table_view *view, const SRestriction *res, const struct table_row *row,
        ULONG instance)
{
    struct entry_context context = {view, row, instance};

    return !res || restriction_match(res, entry_lookup, &context);
}

/* Rows without the key come last in both directions. */
static int compare_keys(const SPropValue *left, const SPropValue *right, ULONG order)
{
    LONG cmp;

    if (!left || !right) return left ? -1 : right ? 1 : 0;
    cmp = LPropCompareProp((SPropValue *)left, (SPropValue *)right);
    return order == TABLE_SORT_DESCEND ? -cmp : cmp;
}

static int compare_order(const struct table_row *left, ULONG left_instance, const struct table_row *right,
        ULONG right_instance)
{
    if (left->order != right->order) return left->order < right->order ? -1 : 1;
    return left_instance < right_instance ? -1 : left_instance > right_instance ? 1 : 0;
}

/* The view order: sort keys, table order, instance. */
static int view_compare(const struct table_view *view, const struct table_row *left, ULONG left_instance,
        const struct table_row *right, ULONG right_instance)
{
    SPropValue left_scratch, right_scratch;
    const SSortOrder *key;
    ULONG i;
    int cmp;

    for (i = 0; view->sort && i < view->sort->cSorts; i++)
    {
        key = &view->sort->aSort[i];
        cmp = compare_keys(entry_value(view, left, left_instance, key->ulPropTag, &left_scratch),
                entry_value(view, right, right_instance, key->ulPropTag, &right_scratch), key->ulOrder);
        if (cmp) return cmp;
    }
    return compare_order(left, left_instance, right, right_instance);
}

/* The first position whose entry does not come before (row, instance). */
static ULONG view_lower_bound(const struct table_view *view, const struct table_row *row, ULONG instance)
{
    ULONG lo = 0, hi = view->count, mid;

    while (lo < hi)
    {
        mid = lo + (hi - lo) / 2;
        if (view_compare(view, view->entries[mid].row, view->entries[mid].instance, row, instance) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static BOOL view_find(const struct table_view *view, const struct table_row *row, ULONG instance, ULONG *pos)
{
    ULONG i = view_lower_bound(view, row, instance);

    if (i < view->count && view->entries[i].row == row && view->entries[i].instance == instance)
    {
        *pos = i;
        return TRUE;
    }
    /* Only a comparison that is not a strict order can get here. */
    for (i = 0; i < view->count; i++)
    {
        if (view->entries[i].row != row || view->entries[i].instance != instance) continue;
        ERR("entry %lu of %p is out of order.\n", i, view);
        *pos = i;
        return TRUE;
    }
    return FALSE;
}

/* The columns of an entry, pointing into the row: PR_NULL for PR_NULL
 * columns, PT_ERROR with MAPI_E_NOT_FOUND for what the row lacks. */
void view_project(const struct table_view *view, const struct table_row *row, ULONG instance, SPropValue *out)
{
    const SPropValue *value;
    ULONG i, tag;

    for (i = 0; i < view->columns->cValues; i++)
    {
        tag = view->columns->aulPropTag[i];
        if (tag == PR_NULL)
        {
            out[i].ulPropTag = PR_NULL;
            out[i].dwAlignPad = 0;
            out[i].Value.x = 0;
        }
        else if ((value = entry_value(view, row, instance, tag, &out[i])))
        {
            if (value != &out[i]) out[i] = *value;
        }
        else
        {
            out[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
            out[i].dwAlignPad = 0;
            out[i].Value.err = MAPI_E_NOT_FOUND;
        }
    }
}

/* --- positions in a view ------------------------------------------------ */

static void marker_removed(struct marker *marker, ULONG pos, const struct view_entry *entry, BOOL follow)
{
    if (marker->pos > pos) marker->pos--;
    else if (marker->pos != pos) return;
    else if (!follow) marker->moved = TRUE;
    else if (!marker->follow)
    {
        marker->follow = entry->row;
        marker->follow_instance = entry->instance;
    }
}

static void marker_inserted(struct marker *marker, ULONG pos, ULONG old_count, const struct view_entry *entry)
{
    if (marker->pos > pos || (marker->pos == pos && pos < old_count)) marker->pos++;
    if (marker->follow == entry->row && marker->follow_instance == entry->instance)
    {
        marker->pos = pos;
        marker->follow = NULL;
    }
}

static void marker_start_change(struct marker *marker, ULONG count)
{
    marker->at_end = marker->pos == count;
}

/* After a change: a marker whose row did not come back moves on, and one
 * at the end stays there, since only new rows are read at the end. */
static void marker_settle(struct marker *marker, const struct table_row *row, ULONG count)
{
    if (marker->at_end) marker->pos = count;
    marker->at_end = FALSE;
    if (marker->follow != row) return;
    marker->follow = NULL;
    marker->moved = TRUE;
}

static BOOL view_reserve(struct table_view *view, ULONG extra)
{
    struct view_entry *entries;
    ULONG capacity;

    if (view->count + extra <= view->capacity) return TRUE;
    if (extra > MAXDWORD / 2 - view->count) return FALSE;
    capacity = max(max(view->capacity * 2, view->count + extra), 16);
    if (!(entries = mapi_heap_realloc(view->entries, capacity * sizeof(*entries)))) return FALSE;
    view->entries = entries;
    view->capacity = capacity;
    return TRUE;
}

/* Removes the entry at pos; markers on it follow its row when follow is
 * set, and stand on the next row otherwise. */
static void view_remove_at(struct table_view *view, ULONG pos, BOOL follow)
{
    struct view_entry entry = view->entries[pos];
    ULONG i;

    memmove(&view->entries[pos], &view->entries[pos + 1], (view->count - pos - 1) * sizeof(*view->entries));
    view->count--;
    marker_removed(&view->cursor, pos, &entry, follow);
    for (i = 0; i < view->bookmark_count; i++) marker_removed(&view->bookmarks[i].marker, pos, &entry, follow);
    row_release(view->table, entry.row);
}

/* Inserts an entry where it belongs; view_reserve has made room. */
static ULONG view_insert(struct table_view *view, struct table_row *row, ULONG instance)
{
    struct view_entry entry = {row, instance};
    ULONG pos = view_lower_bound(view, row, instance), i;

    memmove(&view->entries[pos + 1], &view->entries[pos], (view->count - pos) * sizeof(*view->entries));
    view->entries[pos] = entry;
    view->count++;
    row->refs++;
    marker_inserted(&view->cursor, pos, view->count - 1, &entry);
    for (i = 0; i < view->bookmark_count; i++)
        marker_inserted(&view->bookmarks[i].marker, pos, view->count - 1, &entry);
    return pos;
}

void view_clear_entries(struct table_view *view)
{
    ULONG i;

    for (i = 0; i < view->count; i++) row_release(view->table, view->entries[i].row);
    view->count = 0;
}

static void view_reset_positions(struct table_view *view)
{
    memset(&view->cursor, 0, sizeof(view->cursor));
    view->bookmark_count = 0;
}

/* --- sorting ------------------------------------------------------------ */

/* Sorting compares keys fetched once per entry; a key of tag 0 is one the
 * row lacks. */
struct sort_context
{
    const struct table_view *view;
    const struct view_entry *entries;
    const SPropValue *keys;
    ULONG key_count;
};

static int sort_compare(const struct sort_context *context, ULONG left, ULONG right)
{
    const SPropValue *left_keys = &context->keys[(SIZE_T)left * context->key_count];
    const SPropValue *right_keys = &context->keys[(SIZE_T)right * context->key_count];
    ULONG i;
    int cmp;

    for (i = 0; i < context->key_count; i++)
    {
        cmp = compare_keys(left_keys[i].ulPropTag ? &left_keys[i] : NULL,
                right_keys[i].ulPropTag ? &right_keys[i] : NULL, context->view->sort->aSort[i].ulOrder);
        if (cmp) return cmp;
    }
    return compare_order(context->entries[left].row, context->entries[left].instance,
            context->entries[right].row, context->entries[right].instance);
}

static void merge_sort(const struct sort_context *context, ULONG *items, ULONG *scratch, ULONG count)
{
    ULONG half = count / 2, i, j, k, item;

    if (count <= 8)
    {
        for (i = 1; i < count; i++)
        {
            item = items[i];
            for (j = i; j && sort_compare(context, items[j - 1], item) > 0; j--) items[j] = items[j - 1];
            items[j] = item;
        }
        return;
    }
    merge_sort(context, items, scratch, half);
    merge_sort(context, items + half, scratch, count - half);
    if (sort_compare(context, items[half - 1], items[half]) <= 0) return;

    memcpy(scratch, items, half * sizeof(*items));
    for (i = 0, j = half, k = 0; i < half && j < count; k++)
        items[k] = sort_compare(context, scratch[i], items[j]) <= 0 ? scratch[i++] : items[j++];
    while (i < half) items[k++] = scratch[i++];
}

/* Appends the sort key of a string, as lstrcmpA and lstrcmpW order it, to
 * the arena; returns its size, or 0 on failure. */
static ULONG sort_key_append(const SPropValue *value, BYTE **arena, SIZE_T *size, SIZE_T *capacity)
{
    LCID lcid = GetThreadLocale();
    BYTE *grown;
    int len;

    for (;;)
    {
        /* With no room at all LCMapString would return the size it needs. */
        if (*capacity - *size < 256)
        {
            if (*capacity > MAXDWORD / 2 || !(grown = mapi_heap_realloc(*arena, max(*capacity * 2, 65536))))
                return 0;
            *arena = grown;
            *capacity = max(*capacity * 2, 65536);
        }
        if (PROP_TYPE(value->ulPropTag) == PT_STRING8)
            len = LCMapStringA(lcid, LCMAP_SORTKEY, value->Value.lpszA, -1, (char *)*arena + *size, *capacity - *size);
        else
            len = LCMapStringW(lcid, LCMAP_SORTKEY, value->Value.lpszW, -1, (WCHAR *)(*arena + *size),
                    *capacity - *size);
        if (len) break;
        if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || *capacity > MAXDWORD / 2) return 0;
        if (!(grown = mapi_heap_realloc(*arena, *capacity * 2))) return 0;
        *arena = grown;
        *capacity *= 2;
    }
    *size += len;
    return len;
}

/* lstrcmpA and lstrcmpW compare strings much more slowly than memcmp
 * compares their sort keys, which CompareString orders the same way: a sort
 * turns each string key into its sort key once, as a PT_BINARY value.
 * arena receives the sort keys. */
static BOOL sort_keys_prepare(const struct table_view *view, SPropValue *keys, SIZE_T count, BYTE **arena)
{
    ULONG key_count = view->sort->cSorts, k, type;
    SIZE_T size = 0, capacity = 0, i;
    BYTE *data;

    *arena = NULL;
    for (i = 0; i < count; i++)
    {
        k = i % key_count;
        type = PROP_TYPE(view->sort->aSort[k].ulPropTag) & ~MVI_FLAG;
        if (!keys[i].ulPropTag || (type != PT_STRING8 && type != PT_UNICODE)) continue;
        keys[i].Value.bin.lpb = (BYTE *)size;
        if (!(keys[i].Value.bin.cb = sort_key_append(&keys[i], arena, &size, &capacity))) return FALSE;
        keys[i].ulPropTag = CHANGE_PROP_TYPE(keys[i].ulPropTag, PT_BINARY);
    }
    /* The arena has moved while it grew: the keys held offsets. */
    for (i = 0, data = *arena; i < count; i++)
    {
        k = i % key_count;
        type = PROP_TYPE(view->sort->aSort[k].ulPropTag) & ~MVI_FLAG;
        if (keys[i].ulPropTag && (type == PT_STRING8 || type == PT_UNICODE))
            keys[i].Value.bin.lpb = data + (SIZE_T)keys[i].Value.bin.lpb;
    }
    return TRUE;
}

/* Sorts entries in the view order. */
static BOOL view_sort_entries(const struct table_view *view, struct view_entry *entries, ULONG count)
{
    struct sort_context context = {view, NULL, NULL, view->sort ? view->sort->cSorts : 0};
    SPropValue *keys = NULL, scratch;
    ULONG *items = NULL, *merge = NULL, i, k;
    const SPropValue *value;
    struct view_entry *copy = NULL;
    BYTE *strings = NULL;
    BOOL ret = FALSE;

    if (!context.key_count || count < 2) return TRUE;
    if ((SIZE_T)count * context.key_count > MAXDWORD / sizeof(*keys)) return FALSE;
    if (!(keys = mapi_heap_alloc((SIZE_T)count * context.key_count * sizeof(*keys)))) goto done;
    if (!(items = mapi_heap_alloc(count * sizeof(*items)))) goto done;
    if (!(merge = mapi_heap_alloc((count / 2 + 1) * sizeof(*merge)))) goto done;
    if (!(copy = mapi_heap_alloc(count * sizeof(*copy)))) goto done;

    for (i = 0; i < count; i++)
    {
        items[i] = i;
        for (k = 0; k < context.key_count; k++)
        {
            value = entry_value(view, entries[i].row, entries[i].instance, view->sort->aSort[k].ulPropTag, &scratch);
            if (value) keys[(SIZE_T)i * context.key_count + k] = *value;
            else keys[(SIZE_T)i * context.key_count + k].ulPropTag = 0;
        }
    }
    if (!sort_keys_prepare(view, keys, (SIZE_T)count * context.key_count, &strings)) goto done;
    context.entries = entries;
    context.keys = keys;
    merge_sort(&context, items, merge, count);

    memcpy(copy, entries, count * sizeof(*copy));
    for (i = 0; i < count; i++) entries[i] = copy[items[i]];
    ret = TRUE;

done:
    mapi_heap_free(strings);
    mapi_heap_free(keys);
    mapi_heap_free(items);
    mapi_heap_free(merge);
    mapi_heap_free(copy);
    return ret;
}

/* Fills the view anew from the table with its restriction, sort order and
 * expanded columns; the cursor goes to the beginning and the bookmarks are
 * dropped.  Nothing changes on failure. */
HRESULT view_rebuild(struct table_view *view)
{
    struct table_data *table = view->table;
    struct view_entry *entries = NULL, *grown;
    ULONG count = 0, capacity = 0, i, j, instances;

    for (i = 0; i < table->count; i++)
    {
        instances = row_instances(view, table->rows[i]);
        for (j = 0; j < instances; j++)
        {
            if (!view_entry_matches(view, view->restriction, table->rows[i], j)) continue;
            if (count == capacity)
            {
                capacity = max(max(capacity * 2, table->count), 16);
                if (!(grown = mapi_heap_realloc(entries, capacity * sizeof(*entries))))
                {
                    mapi_heap_free(entries);
                    return MAPI_E_NOT_ENOUGH_MEMORY;
                }
                entries = grown;
            }
            entries[count].row = table->rows[i];
            entries[count++].instance = j;
        }
    }
    if (!view_sort_entries(view, entries, count))
    {
        mapi_heap_free(entries);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    for (i = 0; i < count; i++) entries[i].row->refs++;
    view_clear_entries(view);
    mapi_heap_free(view->entries);
    view->entries = entries;
    view->count = count;
    view->capacity = capacity;
    view_reset_positions(view);
    return S_OK;
}

/* The multi-valued columns a column set and a sort order expand. */
HRESULT view_mvi_tags_collect(const SPropTagArray *columns, const SSortOrderSet *sort, ULONG **tags, ULONG *count)
{
    ULONG total = columns->cValues + (sort ? sort->cSorts : 0), i, j, tag;

    *count = 0;
    if (!(*tags = mapi_heap_alloc(max(total, 1) * sizeof(**tags)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < total; i++)
    {
        tag = i < columns->cValues ? columns->aulPropTag[i] : sort->aSort[i - columns->cValues].ulPropTag;
        if ((tag & MVI_FLAG) != MVI_FLAG) continue;
        tag &= ~MV_INSTANCE;
        for (j = 0; j < *count; j++)
            if ((*tags)[j] == tag) break;
        if (j == *count) (*tags)[(*count)++] = tag;
    }
    return S_OK;
}

BOOL view_mvi_tags_equal(const ULONG *left, ULONG left_count, const ULONG *right, ULONG right_count)
{
    return left_count == right_count && !memcmp(left, right, left_count * sizeof(*left));
}

/* --- notifications ------------------------------------------------------ */

void table_pending_clear(struct table_data *table, struct pending *pending)
{
    ULONG i;

    for (i = 0; i < pending->count; i++) table->free_buffer(pending->blocks[i]);
    pending->count = 0;
    pending->changed = pending->reload = FALSE;
}

/* The next row notification for the view, or NULL when the view has no
 * sink or gets a TABLE_CHANGED instead. */
static NOTIFICATION *view_next_notification(struct table_view *view)
{
    struct pending *pending = &view->pending;

    if (!view->advise_count || pending->changed || pending->reload) return NULL;
    if (pending->count < MAX_ROW_NOTIFICATIONS) return &pending->items[pending->count];
    table_pending_clear(view->table, pending);
    pending->changed = TRUE;
    return NULL;
}

/* Queues a notification about the entry at pos: TABLE_ROW_ADDED or
 * TABLE_ROW_MODIFIED with the row in the view's columns and the index
 * column of the row before it. */
static void view_notify_entry(struct table_view *view, ULONG event, ULONG pos)
{
    struct table_data *table = view->table;
    const struct view_entry *entry = &view->entries[pos];
    static const SPropValue null_prop = {PR_NULL};
    ULONG count = view->columns->cValues + 2;
    NOTIFICATION *notification;
    SPropValue *values, *copy;
    const SPropValue *prior;
    void *block;

    if (!(notification = view_next_notification(view))) return;
    if (!(values = mapi_heap_alloc(count * sizeof(*values)))) goto failed;

    prior = pos ? row_key(table, view->entries[pos - 1].row) : NULL;
    values[0] = *row_key(table, entry->row);
    values[1] = prior ? *prior : null_prop;
    view_project(view, entry->row, entry->instance, values + 2);
    if (FAILED(table_alloc_props(table, 0, count, values, &block)))
    {
        mapi_heap_free(values);
        goto failed;
    }
    mapi_heap_free(values);

    copy = block;
    memset(notification, 0, sizeof(*notification));
    notification->ulEventType = fnevTableModified;
    notification->info.tab.ulTableEvent = event;
    notification->info.tab.propIndex = copy[0];
    notification->info.tab.propPrior = copy[1];
    notification->info.tab.row.cValues = count - 2;
    notification->info.tab.row.lpProps = copy + 2;
    view->pending.blocks[view->pending.count++] = block;
    return;

failed:
    /* Without memory for the details, the sink still learns that the table changed. */
    table_pending_clear(table, &view->pending);
    view->pending.changed = TRUE;
}

/* Queues a TABLE_ROW_DELETED notification for a row that left the view. */
static void view_notify_deleted(struct table_view *view, const SPropValue *key)
{
    struct table_data *table = view->table;
    NOTIFICATION *notification;
    SPropValue *copy;
    void *block;

    if (!(notification = view_next_notification(view))) return;
    if (FAILED(table_alloc_props(table, 0, 1, key, &block)))
    {
        table_pending_clear(table, &view->pending);
        view->pending.changed = TRUE;
        return;
    }
    copy = block;
    memset(notification, 0, sizeof(*notification));
    notification->ulEventType = fnevTableModified;
    notification->info.tab.ulTableEvent = TABLE_ROW_DELETED;
    notification->info.tab.propIndex = copy[0];
    notification->info.tab.propPrior.ulPropTag = PR_NULL;
    view->pending.blocks[view->pending.count++] = block;
}

struct delivery
{
    struct table_view *view;
    struct pending pending;
};

/* Takes what the views have queued, each with a reference to its view.
 * Called under the table's lock. */
static struct delivery *table_take_notifications(struct table_data *table, ULONG *count)
{
    struct delivery *list = NULL;
    struct table_view *view;
    ULONG total = 0;
    LONG ref;

    *count = 0;
    for (view = table->views; view; view = view->next)
        if (view->pending.count || view->pending.changed || view->pending.reload) total++;
    if (!total) return NULL;
    if (!(list = mapi_heap_alloc(total * sizeof(*list))))
    {
        ERR("out of memory: %lu views miss their notifications.\n", total);
        for (view = table->views; view; view = view->next) table_pending_clear(table, &view->pending);
        return NULL;
    }

    for (view = table->views; view; view = view->next)
    {
        if (!view->pending.count && !view->pending.changed && !view->pending.reload) continue;
        /* A view whose last reference is gone is about to leave the list. */
        do
        {
            if (!(ref = view->refcount)) break;
        } while (InterlockedCompareExchange(&view->refcount, ref + 1, ref) != ref);
        if (!ref) continue;

        list[*count].view = view;
        list[*count].pending = view->pending;
        view->pending.count = 0;
        view->pending.changed = view->pending.reload = FALSE;
        (*count)++;
    }
    return list;
}

static void deliver_notifications(struct table_data *table, struct delivery *list, ULONG count)
{
    struct pending *pending;
    NOTIFICATION single;
    ULONG i;

    for (i = 0; i < count; i++)
    {
        pending = &list[i].pending;
        if (pending->changed || pending->reload)
        {
            memset(&single, 0, sizeof(single));
            single.ulEventType = fnevTableModified;
            single.info.tab.ulTableEvent = pending->reload ? TABLE_RELOAD : TABLE_CHANGED;
            single.info.tab.propIndex.ulPropTag = PR_NULL;
            single.info.tab.propPrior.ulPropTag = PR_NULL;
            notify_fire(list[i].view->advise, 0, NULL, 1, &single, NULL);
        }
        else notify_fire(list[i].view->advise, 0, NULL, pending->count, pending->items, NULL);

        table_pending_clear(table, pending);
        IMAPITable_Release(&list[i].view->IMAPITable_iface);
    }
    mapi_heap_free(list);
}

/* Leaves the table's lock and delivers what the call queued. */
static void table_unlock_and_notify(struct table_data *table)
{
    struct delivery *list;
    ULONG count;

    list = table_take_notifications(table, &count);
    LeaveCriticalSection(&table->cs);
    if (list) deliver_notifications(table, list, count);
}

/* --- changes ------------------------------------------------------------ */

/* The position (row, instance) takes among the entries other than skip. */
static ULONG view_lower_bound_without(const struct table_view *view, ULONG skip, const struct table_row *row,
        ULONG instance)
{
    ULONG lo = 0, hi = view->count - 1, mid, i;

    while (lo < hi)
    {
        mid = lo + (hi - lo) / 2;
        i = mid < skip ? mid : mid + 1;
        if (view_compare(view, view->entries[i].row, view->entries[i].instance, row, instance) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The usual change: a row the view shows, as one entry, before and after.
 * Its entry moves only as far as its new place, with TABLE_ROW_MODIFIED.
 * FALSE for any other change, which leaves row->props unset. */
static BOOL view_move_row(struct table_view *view, struct table_row *row, SPropValue *old_props, ULONG old_count,
        SPropValue *new_props, ULONG new_count)
{
    struct view_entry entry;
    ULONG from, to, i;

    if (view->mvi_count) return FALSE;
    row->props = old_props;
    row->count = old_count;
    if (!view_entry_matches(view, view->restriction, row, 0) || !view_find(view, row, 0, &from)) return FALSE;
    row->props = new_props;
    row->count = new_count;
    if (!view_entry_matches(view, view->restriction, row, 0)) return FALSE;

    to = view_lower_bound_without(view, from, row, 0);
    entry = view->entries[from];
    if (to < from) memmove(&view->entries[to + 1], &view->entries[to], (from - to) * sizeof(*view->entries));
    else memmove(&view->entries[from], &view->entries[from + 1], (to - from) * sizeof(*view->entries));
    view->entries[to] = entry;

    /* The markers move as if the entry had been removed and inserted. */
    marker_removed(&view->cursor, from, &entry, TRUE);
    marker_inserted(&view->cursor, to, view->count - 1, &entry);
    for (i = 0; i < view->bookmark_count; i++)
    {
        marker_removed(&view->bookmarks[i].marker, from, &entry, TRUE);
        marker_inserted(&view->bookmarks[i].marker, to, view->count - 1, &entry);
    }
    view_notify_entry(view, TABLE_ROW_MODIFIED, to);
    return TRUE;
}

/* Brings the entries of row in one view up to date.  The view showed the
 * row with old_props (none for a new row) and must show it with new_props
 * (none for a deleted row); row->props is left at new_props. */
static void view_update_row(struct table_view *view, struct table_row *row, SPropValue *old_props,
        ULONG old_count, SPropValue *new_props, ULONG new_count)
{
    ULONG removed_buffer[16], *removed = removed_buffer, removed_count = 0, instances, i, j, pos;
    BOOL keep = old_props && new_props, found;
    const SPropValue *key = NULL;

    if (keep)
    {
        marker_start_change(&view->cursor, view->count);
        for (j = 0; j < view->bookmark_count; j++) marker_start_change(&view->bookmarks[j].marker, view->count);
        if (view_move_row(view, row, old_props, old_count, new_props, new_count)) goto done;
    }
    if (old_props)
    {
        row->props = old_props;
        row->count = old_count;
        key = row_key(view->table, row);
        instances = row_instances(view, row);
        if (instances > ARRAY_SIZE(removed_buffer) && !(removed = mapi_heap_alloc(instances * sizeof(*removed))))
        {
            removed = removed_buffer;
            instances = ARRAY_SIZE(removed_buffer);
            ERR("out of memory: notifications for the row are incomplete.\n");
        }
        for (i = 0; i < instances; i++)
        {
            if (!view_entry_matches(view, view->restriction, row, i) || !view_find(view, row, i, &pos)) continue;
            view_remove_at(view, pos, keep);
            removed[removed_count++] = i;
        }
    }

    row->props = new_props;
    row->count = new_count;
    if (new_props)
    {
        instances = row_instances(view, row);
        for (i = 0; i < instances; i++)
        {
            if (!view_entry_matches(view, view->restriction, row, i)) continue;
            pos = view_insert(view, row, i);
            for (j = 0, found = FALSE; j < removed_count && !found; j++)
            {
                if (removed[j] != i) continue;
                removed[j] = MAXDWORD;
                found = TRUE;
            }
            view_notify_entry(view, found ? TABLE_ROW_MODIFIED : TABLE_ROW_ADDED, pos);
        }
    }

    for (j = 0; j < removed_count; j++)
        if (removed[j] != MAXDWORD) view_notify_deleted(view, key);
    if (removed != removed_buffer) mapi_heap_free(removed);

done:
    marker_settle(&view->cursor, row, view->count);
    for (j = 0; j < view->bookmark_count; j++) marker_settle(&view->bookmarks[j].marker, row, view->count);
}

/* Makes room in every view for the entries of a row with these props. */
static BOOL table_reserve_views(struct table_data *table, SPropValue *props, ULONG count)
{
    struct table_row probe = {0};
    struct table_view *view;

    probe.props = props;
    probe.count = count;
    for (view = table->views; view; view = view->next)
        if (!view_reserve(view, row_instances(view, &probe))) return FALSE;
    return TRUE;
}

/* Adds a row at pos in the table order, or replaces the row with the same
 * index column (pos is ignored then, unless must_be_new refuses it). */
static HRESULT table_put_row(struct table_data *table, const SRow *src, ULONG pos, BOOL must_be_new)
{
    const SPropValue *key = props_find(src->cValues, src->lpProps, table->index_tag);
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
    row->hash = key_hash(row_key(table, row));
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
    row_release(table, row);
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
    for (i = 0; i < table->count; i++) row_release(table, table->rows[i]);
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
    for (i = 0; i < table->count; i++) row_release(table, table->rows[i]);
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
    if (!(key = props_find(count, values, table->index_tag)) || !key_is_good(table, key))
        return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if ((row = table_find_row(table, key)))
    {
        for (view = table->views; view; view = view->next)
        {
            instances = row_instances(view, row);
            for (i = 0; i < instances; i++)
            {
                if (!view_entry_matches(view, view->restriction, row, i) || !view_find(view, row, i, &pos)) continue;
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
        if (!props_find(rows->aRow[i].cValues, rows->aRow[i].lpProps, table->index_tag))
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
            key = props_find(rows->aRow[i].cValues, rows->aRow[i].lpProps, table->index_tag);
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
