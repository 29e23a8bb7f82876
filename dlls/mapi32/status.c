/*
 * mapi32: status rows and the session's status table
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One ITableData (CreateTable) indexed by PR_ROWID holds a row per owner
 * (a support object, MAPI itself, the spooler).  Its views are the status
 * tables that IMAPISession::GetStatusTable hands out, so they see rows come,
 * change and go through the table's notifications.
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* The entry ID MAPI gives a status row: 4 flag bytes, this UID and the
 * row's PR_ROWID, little-endian. */
static const MAPIUID status_uid =
    {{0x5c, 0x1e, 0x4d, 0x9a, 0x27, 0x83, 0x4b, 0x61, 0x9f, 0x0e, 0x6a, 0x53, 0xd2, 0x18, 0x7b, 0x44}};
#define STATUS_EID_SIZE (4 + sizeof(MAPIUID) + sizeof(ULONG))

struct status_owner
{
    const void *owner;
    ULONG row_id;
};

/* Made by the session with status_table_create and destroyed with it; holds
 * the table data object, which each view handed out references too. */
struct status_table
{
    CRITICAL_SECTION cs;
    ITableData *data;
    struct status_owner *owners;
    ULONG count, capacity;
    ULONG last_row_id;
};

static const ULONG status_columns[] =
{
    PR_ROWID, PR_DISPLAY_NAME_A, PR_ENTRYID, PR_INSTANCE_KEY, PR_OBJECT_TYPE, PR_PROVIDER_DISPLAY_A,
    PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_RESOURCE_TYPE, PR_STATUS_CODE,
    PR_STATUS_STRING_A, PR_IDENTITY_DISPLAY_A, PR_IDENTITY_ENTRYID, PR_IDENTITY_SEARCH_KEY,
};

/* The properties MAPI sets on every row, whatever the owner gave. */
static const ULONG status_mapi_tags[] = { PR_ROWID, PR_INSTANCE_KEY, PR_OBJECT_TYPE, PR_ENTRYID };

HRESULT status_table_create(struct status_table **out)
{
    SizedSPropTagArray(ARRAY_SIZE(status_columns), columns);
    struct status_table *table;
    HRESULT hr;

    TRACE("%p.\n", out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!(table = mapi_heap_alloc(sizeof(*table)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(table, 0, sizeof(*table));

    columns.cValues = ARRAY_SIZE(status_columns);
    memcpy(columns.aulPropTag, status_columns, sizeof(status_columns));
    if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
            TBLTYPE_DYNAMIC, PR_ROWID, (SPropTagArray *)&columns, &table->data)))
    {
        mapi_heap_free(table);
        return hr;
    }
    InitializeCriticalSection(&table->cs);
    *out = table;
    return S_OK;
}

void status_table_destroy(struct status_table *table)
{
    TRACE("%p.\n", table);

    if (!table) return;
    ITableData_Release(table->data);
    DeleteCriticalSection(&table->cs);
    mapi_heap_free(table->owners);
    mapi_heap_free(table);
}

HRESULT status_table_view(struct status_table *table, IMAPITable **view)
{
    TRACE("%p, %p.\n", table, view);

    if (!view) return MAPI_E_INVALID_PARAMETER;
    *view = NULL;
    if (!table) return MAPI_E_INVALID_PARAMETER;
    return ITableData_HrGetView(table->data, NULL, NULL, 0, view);
}

static struct status_owner *status_find(struct status_table *table, const void *owner)
{
    ULONG i;

    for (i = 0; i < table->count; i++)
        if (table->owners[i].owner == owner) return &table->owners[i];
    return NULL;
}

static struct status_owner *status_add_owner(struct status_table *table, const void *owner)
{
    struct status_owner *owners;

    if (table->count == table->capacity)
    {
        ULONG capacity = table->capacity ? table->capacity * 2 : 8;

        if (!(owners = mapi_heap_realloc(table->owners, capacity * sizeof(*owners)))) return NULL;
        table->owners = owners;
        table->capacity = capacity;
    }
    owners = &table->owners[table->count++];
    owners->owner = owner;
    owners->row_id = ++table->last_row_id;
    return owners;
}

static BOOL status_is_mapi_tag(ULONG tag)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(status_mapi_tags); i++)
        if (PROP_ID(status_mapi_tags[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static BOOL status_props_have_id(ULONG count, const SPropValue *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Writes the row: the kept values of old (those props does not replace),
 * then props, then MAPI's columns.  The values are shallow copies; the
 * table copies them. */
static HRESULT status_write_row(struct status_table *table, ULONG row_id, const SRow *old, ULONG count,
        const SPropValue *props)
{
    ULONG old_count = old ? old->cValues : 0, n = 0, i;
    BYTE entryid[STATUS_EID_SIZE];
    SPropValue *values;
    SRow row;
    HRESULT hr;

    if (!(values = mapi_heap_alloc((old_count + count + ARRAY_SIZE(status_mapi_tags)) * sizeof(*values))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < old_count; i++)
    {
        const SPropValue *value = &old->lpProps[i];

        if (status_is_mapi_tag(value->ulPropTag) || status_props_have_id(count, props, value->ulPropTag)) continue;
        values[n++] = *value;
    }
    for (i = 0; i < count; i++)
        if (!status_is_mapi_tag(props[i].ulPropTag)) values[n++] = props[i];

    memset(entryid, 0, 4);
    memcpy(entryid + 4, &status_uid, sizeof(status_uid));
    memcpy(entryid + 4 + sizeof(status_uid), &row_id, sizeof(row_id));
    values[n].ulPropTag = PR_ROWID;
    values[n++].Value.l = row_id;
    values[n].ulPropTag = PR_INSTANCE_KEY;
    values[n].Value.bin.cb = sizeof(row_id);
    values[n++].Value.bin.lpb = (BYTE *)&row_id;
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_STATUS;
    values[n].ulPropTag = PR_ENTRYID;
    values[n].Value.bin.cb = sizeof(entryid);
    values[n++].Value.bin.lpb = entryid;

    row.ulAdrEntryPad = 0;
    row.cValues = n;
    row.lpProps = values;
    hr = ITableData_HrModifyRow(table->data, &row);
    mapi_heap_free(values);
    return hr;
}

static HRESULT status_query_row(struct status_table *table, ULONG row_id, SRow **row)
{
    SPropValue key;

    key.ulPropTag = PR_ROWID;
    key.Value.l = row_id;
    return ITableData_HrQueryRow(table->data, &key, row, NULL);
}

HRESULT status_row_set(struct status_table *table, const void *owner, ULONG count, const SPropValue *props,
        BOOL merge)
{
    struct status_owner *entry;
    SRow *old = NULL;
    BOOL added = FALSE;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %p, %lu, %p, %d.\n", table, owner, count, props, merge);

    if (!table || !owner || (count && !props)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
        if (prop_value_is_bad(&props[i])) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (!(entry = status_find(table, owner)))
    {
        if (!(entry = status_add_owner(table, owner)))
        {
            LeaveCriticalSection(&table->cs);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        added = TRUE;
    }
    else if (merge && FAILED(hr = status_query_row(table, entry->row_id, &old)) && hr != MAPI_E_NOT_FOUND)
    {
        LeaveCriticalSection(&table->cs);
        return hr;
    }

    hr = status_write_row(table, entry->row_id, old, count, props);
    if (FAILED(hr) && added) table->count--;
    LeaveCriticalSection(&table->cs);
    MAPIFreeBuffer(old);
    return hr;
}

void status_row_remove(struct status_table *table, const void *owner)
{
    struct status_owner *entry;
    SPropValue key;

    TRACE("%p, %p.\n", table, owner);

    if (!table) return;
    EnterCriticalSection(&table->cs);
    if ((entry = status_find(table, owner)))
    {
        key.ulPropTag = PR_ROWID;
        key.Value.l = entry->row_id;
        ITableData_HrDeleteRow(table->data, &key);
        *entry = table->owners[--table->count];
    }
    LeaveCriticalSection(&table->cs);
}

HRESULT status_row_get(struct status_table *table, const void *owner, ULONG *count, SPropValue **props)
{
    struct status_owner *entry;
    SRow *row = NULL;
    HRESULT hr;
    SCODE sc;

    TRACE("%p, %p, %p, %p.\n", table, owner, count, props);

    if (!props) return MAPI_E_INVALID_PARAMETER;
    *props = NULL;
    if (!table || !count) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (!(entry = status_find(table, owner))) hr = MAPI_E_NOT_FOUND;
    else hr = status_query_row(table, entry->row_id, &row);
    LeaveCriticalSection(&table->cs);
    if (FAILED(hr)) return hr;

    sc = ScDupPropset(row->cValues, row->lpProps, MAPIAllocateBuffer, props);
    if (!sc) *count = row->cValues;
    MAPIFreeBuffer(row);
    return sc;
}

HRESULT status_row_owner(struct status_table *table, ULONG cb, const ENTRYID *eid, const void **owner)
{
    const BYTE *data = (const BYTE *)eid;
    HRESULT hr = MAPI_E_NOT_FOUND;
    ULONG row_id, i;

    TRACE("%p, %lu, %p, %p.\n", table, cb, eid, owner);

    if (!table || !owner) return MAPI_E_INVALID_PARAMETER;
    *owner = NULL;
    if (cb != STATUS_EID_SIZE || !eid) return MAPI_E_INVALID_ENTRYID;
    if (data[0] || data[1] || data[2] || data[3] || memcmp(data + 4, &status_uid, sizeof(status_uid)))
        return MAPI_E_INVALID_ENTRYID;
    memcpy(&row_id, data + 4 + sizeof(status_uid), sizeof(row_id));

    EnterCriticalSection(&table->cs);
    for (i = 0; i < table->count; i++)
    {
        if (table->owners[i].row_id != row_id) continue;
        *owner = table->owners[i].owner;
        hr = S_OK;
        break;
    }
    LeaveCriticalSection(&table->cs);
    return hr;
}
