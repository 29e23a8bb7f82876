/*
 * mapi32: the notifications of table views, built under the table's lock and delivered after it
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every change is made under the table's lock.  The notifications it causes
 * are built there, in each view's columns of the moment, and delivered once
 * the lock is released: all the notifications of one ITableData call reach
 * a sink in one OnNotify call, and more than eight row notifications for one
 * view in one call become a single TABLE_CHANGED.
 */

#include "table.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

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
void view_notify_entry(struct table_view *view, ULONG event, ULONG pos)
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

    prior = pos ? table_row_key(table, view->entries[pos - 1].row) : NULL;
    values[0] = *table_row_key(table, entry->row);
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
void view_notify_deleted(struct table_view *view, const SPropValue *key)
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
void table_unlock_and_notify(struct table_data *table)
{
    struct delivery *list;
    ULONG count;

    list = table_take_notifications(table, &count);
    LeaveCriticalSection(&table->cs);
    if (list) deliver_notifications(table, list, count);
}
