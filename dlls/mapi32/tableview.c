/*
 * mapi32: IMAPITable, the views of a table data object made by CreateTable
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
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
 */

#include "private.h"
#include "table.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* --- what a view sees of a row ------------------------------------------ */

static const SPropValue *row_find(const struct table_row *row, ULONG tag)
{
    ULONG i;

    if (PROP_TYPE(tag) != PT_UNSPECIFIED) return table_props_find(row->count, row->props, tag);
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

ULONG view_row_instances(const struct table_view *view, const struct table_row *row)
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

BOOL view_find_entry(const struct table_view *view, const struct table_row *row, ULONG instance, ULONG *pos)
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

BOOL view_reserve_entries(struct table_view *view, ULONG extra)
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
    table_row_release(view->table, entry.row);
}

/* Inserts an entry where it belongs; view_reserve_entries has made room. */
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

    for (i = 0; i < view->count; i++) table_row_release(view->table, view->entries[i].row);
    view->count = 0;
}

void view_reset_positions(struct table_view *view)
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
        instances = view_row_instances(view, table->rows[i]);
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

/* --- changes in a view -------------------------------------------------- */

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
    if (!view_entry_matches(view, view->restriction, row, 0) || !view_find_entry(view, row, 0, &from)) return FALSE;
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
void view_update_row(struct table_view *view, struct table_row *row, SPropValue *old_props,
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
        key = table_row_key(view->table, row);
        instances = view_row_instances(view, row);
        if (instances > ARRAY_SIZE(removed_buffer) && !(removed = mapi_heap_alloc(instances * sizeof(*removed))))
        {
            removed = removed_buffer;
            instances = ARRAY_SIZE(removed_buffer);
            ERR("out of memory: notifications for the row are incomplete.\n");
        }
        for (i = 0; i < instances; i++)
        {
            if (!view_entry_matches(view, view->restriction, row, i) || !view_find_entry(view, row, i, &pos)) continue;
            view_remove_at(view, pos, keep);
            removed[removed_count++] = i;
        }
    }

    row->props = new_props;
    row->count = new_count;
    if (new_props)
    {
        instances = view_row_instances(view, row);
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
