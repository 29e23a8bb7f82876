/*
 * mapi32: definitions shared by the table data object and its views
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_TABLE_H
#define __MAPI32_TABLE_H

#include "private.h"

#define MAX_ROW_NOTIFICATIONS 8
#define MAX_BOOKMARKS 1024
#define MAX_INSTANCES 0x10000
#define ORDER_GAP 0x100000
#define SROW_HEADER ((sizeof(SRow) + 7) & ~(SIZE_T)7)

/* Windows declares these with ULONG_PTR where Wine 8.0's headers have
 * ULONG: the methods take Windows' types and the vtables cast them. */
typedef void (WINAPI caller_release_func)(ULONG_PTR data, ITableData *table, IMAPITable *view);
#define VTBL_SLOT(vtbl, slot, func) ((__typeof__(((vtbl *)0)->slot))(func))

/* Made when a row is added; referenced by the table while it holds the row
 * and by every view entry that shows it.  Guarded by the table's lock. */
struct table_row
{
    ULONG refs;
    ULONG hash;
    struct table_row *hash_next;
    ULONGLONG order;            /* increases along the table order */
    ULONG count;
    SPropValue *props;          /* one buffer from the table's allocate_buffer */
};

struct view_entry
{
    struct table_row *row;
    ULONG instance;             /* which combination of expanded values */
};

/* A place in a view: the position of the row it stands on, or the row
 * count for the end. */
struct marker
{
    ULONG pos;
    BOOL moved;                         /* its row left the view since its last use */
    const struct table_row *follow;     /* while its row changes: that row */
    ULONG follow_instance;
    BOOL at_end;                        /* while a row changes: it was at the end */
};

struct bookmark
{
    BOOKMARK id;
    struct marker marker;
};

/* The notifications one ITableData call makes for one view. */
struct pending
{
    ULONG count;
    BOOL changed;                       /* too many rows: one TABLE_CHANGED */
    BOOL reload;                        /* all rows deleted: one TABLE_RELOAD */
    NOTIFICATION items[MAX_ROW_NOTIFICATIONS];
    void *blocks[MAX_ROW_NOTIFICATIONS];    /* their values, from allocate_buffer */
};

struct table_data;

/* Made by HrGetView; referenced by its users and while notifications are
 * delivered to its sinks.  Holds a reference to its table data object and
 * one to each row it shows.  All but refcount is guarded by the table's
 * lock. */
struct table_view
{
    IMAPITable IMAPITable_iface;
    LONG refcount;
    struct table_data *table;
    struct table_view *prev, *next;     /* the table's views */
    caller_release_func *release;
    ULONG_PTR release_data;

    SPropTagArray *columns;
    SSortOrderSet *sort;                /* NULL when unsorted */
    SRestriction *restriction;          /* NULL for none */
    ULONG *mvi_tags;                    /* expanded columns, MV_FLAG without MV_INSTANCE */
    ULONG mvi_count;

    struct view_entry *entries;
    ULONG count, capacity;
    struct marker cursor;
    struct bookmark *bookmarks;
    ULONG bookmark_count;
    BOOKMARK last_bookmark;

    struct notify_registry *advise;     /* made by the first Advise */
    LONG advise_count;
    struct pending pending;
};

/* Made by CreateTable; referenced by its users and by each of its views. */
struct table_data
{
    ITableData ITableData_iface;
    LONG refcount;
    CRITICAL_SECTION cs;
    ALLOCATEBUFFER *allocate_buffer;
    FREEBUFFER *free_buffer;
    ULONG table_type;
    ULONG index_tag;

    SPropTagArray *columns;             /* every column a row has had */
    ULONG columns_capacity;
    struct table_row **rows;            /* in table order */
    ULONG count, capacity;
    struct table_row **buckets;         /* hash on the index column */
    ULONG bucket_count;                 /* a power of two, or 0 */
    struct table_view *views;
};

static inline struct table_data *impl_from_ITableData(ITableData *iface)
{
    return CONTAINING_RECORD(iface, struct table_data, ITableData_iface);
}

static inline struct table_view *impl_from_IMAPITable(IMAPITable *iface)
{
    return CONTAINING_RECORD(iface, struct table_view, IMAPITable_iface);
}

/* --- shared between table.c, tableview.c and tablenotify.c -------------- */

extern const IMAPITableVtbl view_vtbl;

BOOL view_entry_matches(const struct table_view *view, const SRestriction *res, const struct table_row *row,
        ULONG instance);
HRESULT view_mvi_tags_collect(const SPropTagArray *columns, const SSortOrderSet *sort, ULONG **tags, ULONG *count);
BOOL view_mvi_tags_equal(const ULONG *left, ULONG left_count, const ULONG *right, ULONG right_count);
void table_pending_clear(struct table_data *table, struct pending *pending);
HRESULT table_sort_order_check(const SSortOrderSet *sort);
SSortOrderSet *table_sort_order_dup(const SSortOrderSet *sort);
SPropTagArray *table_tag_array_dup(const SPropTagArray *tags);
SCODE table_alloc_props(struct table_data *table, SIZE_T header, ULONG count, const SPropValue *props,
        void **buffer);
void view_clear_entries(struct table_view *view);
void view_free(struct table_view *view);
void view_project(const struct table_view *view, const struct table_row *row, ULONG instance, SPropValue *out);
HRESULT view_rebuild(struct table_view *view);

/* table.c: rows. */
const SPropValue *table_props_find(ULONG count, const SPropValue *props, ULONG tag);
const SPropValue *table_row_key(const struct table_data *table, const struct table_row *row);
void table_row_release(struct table_data *table, struct table_row *row);

/* tableview.c: the entries of a view, and how they follow the rows. */
ULONG view_row_instances(const struct table_view *view, const struct table_row *row);
BOOL view_find_entry(const struct table_view *view, const struct table_row *row, ULONG instance, ULONG *pos);
BOOL view_reserve_entries(struct table_view *view, ULONG extra);
void view_reset_positions(struct table_view *view);
void view_update_row(struct table_view *view, struct table_row *row, SPropValue *old_props,
        ULONG old_count, SPropValue *new_props, ULONG new_count);

/* tablenotify.c: notifications are queued in each view under the table's
 * lock and delivered by table_unlock_and_notify. */
void view_notify_entry(struct table_view *view, ULONG event, ULONG pos);
void view_notify_deleted(struct table_view *view, const SPropValue *key);
void table_unlock_and_notify(struct table_data *table);

#endif /* __MAPI32_TABLE_H */
