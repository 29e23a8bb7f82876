/*
 * mapi32: IMessage on structured storage, recipients
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A message keeps its recipients as rows of properties, each with a
 * PR_ROWID the message gives it.  ModifyRecipients changes the rows;
 * PR_DISPLAY_TO, PR_DISPLAY_CC and PR_DISPLAY_BCC follow them, and so do
 * the recipient tables already handed out.
 */

#include "imsg.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static const SPropValue *props_find(ULONG count, const SPropValue *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

/* A recipient row: PR_ROWID, then the properties of props but PR_ROWID,
 * errors and PR_NULL, in one buffer of the root's allocator. */
static HRESULT recip_make(struct imsg_root *root, ULONG rowid, ULONG count, const SPropValue *props,
        struct imsg_recip *recip)
{
    SPropValue *out;
    HRESULT hr;
    ULONG i, n = 1;

    if (FAILED(hr = root->allocate_buffer((count + 1) * sizeof(*out), (void **)&out))) return hr;
    out[0].ulPropTag = PR_ROWID;
    out[0].dwAlignPad = 0;
    out[0].Value.l = rowid;
    for (i = 0; i < count; i++)
    {
        ULONG tag = props[i].ulPropTag;

        if (PROP_ID(tag) == PROP_ID(PR_ROWID) || PROP_TYPE(tag) == PT_ERROR || tag == PR_NULL) continue;
        if (FAILED(hr = PropCopyMore(&out[n++], (SPropValue *)&props[i], root->allocate_more, out)))
        {
            root->free_buffer(out);
            return hr;
        }
    }
    recip->count = n;
    recip->props = out;
    return S_OK;
}

static ULONG recip_rowid(const struct imsg_recip *recip)
{
    return recip->props[0].Value.l;
}

static HRESULT recips_reserve(struct imsg_content *content, ULONG count)
{
    struct imsg_recip *recips;
    ULONG capacity;

    if (content->recip_count + count <= content->recip_capacity) return S_OK;
    capacity = max(content->recip_capacity * 2, content->recip_count + count);
    capacity = max(capacity, 4);
    if (!(recips = mapi_heap_realloc(content->recips, capacity * sizeof(*recips)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    content->recips = recips;
    content->recip_capacity = capacity;
    return S_OK;
}

void imsg_recips_free(struct imsg_root *root, struct imsg_content *content)
{
    ULONG i;

    for (i = 0; i < content->recip_count; i++) root->free_buffer(content->recips[i].props);
    mapi_heap_free(content->recips);
    content->recips = NULL;
    content->recip_count = content->recip_capacity = 0;
}

HRESULT imsg_recips_clone(struct imsg_root *root, const struct imsg_content *src, struct imsg_content *dst)
{
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = recips_reserve(dst, src->recip_count))) return hr;
    for (i = 0; i < src->recip_count; i++)
    {
        const struct imsg_recip *recip = &src->recips[i];

        if (FAILED(hr = recip_make(root, recip_rowid(recip), recip->count - 1, recip->props + 1,
                &dst->recips[dst->recip_count])))
            return hr;
        dst->recip_count++;
    }
    dst->next_rowid = src->next_rowid;
    return S_OK;
}

/* Adds a recipient with a new row identifier; for the file reader. */
HRESULT imsg_recip_add(struct imsg_root *root, struct imsg_content *content, ULONG count, const SPropValue *props)
{
    HRESULT hr;

    if (FAILED(hr = recips_reserve(content, 1))) return hr;
    if (FAILED(hr = recip_make(root, content->next_rowid, count, props, &content->recips[content->recip_count])))
        return hr;
    content->recip_count++;
    content->next_rowid++;
    return S_OK;
}

static struct imsg_recip *recip_find(struct imsg_content *content, ULONG rowid)
{
    ULONG i;

    for (i = 0; i < content->recip_count; i++)
        if (recip_rowid(&content->recips[i]) == rowid) return &content->recips[i];
    return NULL;
}

/* The checks of ModifyRecipients, made before anything changes. */
static HRESULT modify_check(struct imsg_content *content, ULONG flags, const ADRLIST *mods)
{
    ULONG i, j;

    for (i = 0; i < mods->cEntries; i++)
    {
        const ADRENTRY *entry = &mods->aEntries[i];
        const SPropValue *rowid;

        if (!entry->cValues) continue;
        if (!entry->rgPropVals) return MAPI_E_INVALID_PARAMETER;
        for (j = 0; j < entry->cValues; j++)
        {
            ULONG type = PROP_TYPE(entry->rgPropVals[j].ulPropTag);

            if (type == PT_ERROR) continue;
            if (type == PT_NULL || type == PT_UNSPECIFIED || type == PT_OBJECT
                    || prop_tag_is_bad(entry->rgPropVals[j].ulPropTag)
                    || prop_value_is_bad(&entry->rgPropVals[j]))
                return MAPI_E_INVALID_PARAMETER;
        }
        if (!(flags & (MODRECIP_MODIFY | MODRECIP_REMOVE))) continue;
        if (!(rowid = props_find(entry->cValues, entry->rgPropVals, PR_ROWID))) return MAPI_E_INVALID_PARAMETER;
        if (!recip_find(content, rowid->Value.l)) return MAPI_E_NOT_FOUND;
    }
    return S_OK;
}

static void recip_remove(struct imsg_root *root, struct imsg_content *content, struct imsg_recip *recip)
{
    ULONG index = recip - content->recips;

    root->free_buffer(recip->props);
    memmove(recip, recip + 1, (content->recip_count - index - 1) * sizeof(*recip));
    content->recip_count--;
}

/* Makes the rows of the entries to add or to put in place of others, so
 * that nothing changes when one of them cannot be made. */
static HRESULT modify_make_rows(struct imsg_root *root, struct imsg_content *content, ULONG flags,
        const ADRLIST *mods, struct imsg_recip *rows, ULONG *count)
{
    ULONG rowid = content->next_rowid, i;
    HRESULT hr = S_OK;

    *count = 0;
    for (i = 0; i < mods->cEntries && SUCCEEDED(hr); i++)
    {
        const ADRENTRY *entry = &mods->aEntries[i];

        if (!entry->cValues) continue;
        if (flags & MODRECIP_MODIFY)
            hr = recip_make(root, props_find(entry->cValues, entry->rgPropVals, PR_ROWID)->Value.l,
                    entry->cValues, entry->rgPropVals, &rows[*count]);
        else
            hr = recip_make(root, rowid++, entry->cValues, entry->rgPropVals, &rows[*count]);
        if (SUCCEEDED(hr)) (*count)++;
    }
    if (SUCCEEDED(hr)) return S_OK;
    for (i = 0; i < *count; i++) root->free_buffer(rows[i].props);
    return hr;
}

HRESULT imsg_recips_modify(struct imsg_root *root, struct imsg_content *content, ULONG flags, const ADRLIST *mods)
{
    static BOOL warned;
    struct imsg_recip *rows, *recip;
    ULONG count, i;
    HRESULT hr;

    if (flags & ~(MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE)) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & (flags - 1)) return MAPI_E_INVALID_PARAMETER;
    if (!mods) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = modify_check(content, flags, mods))) return hr;
    if (root->support && !warned)
    {
        warned = TRUE;
        FIXME("short-term entry identifiers are kept as given, not made long-term through the address book.\n");
    }

    if (flags & MODRECIP_REMOVE)
    {
        for (i = 0; i < mods->cEntries; i++)
        {
            const ADRENTRY *entry = &mods->aEntries[i];

            if (entry->cValues && (recip = recip_find(content,
                    props_find(entry->cValues, entry->rgPropVals, PR_ROWID)->Value.l)))
                recip_remove(root, content, recip);
        }
        return S_OK;
    }

    if (!(rows = mapi_heap_alloc(max(mods->cEntries, 1) * sizeof(*rows)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = modify_make_rows(root, content, flags, mods, rows, &count)))
    {
        mapi_heap_free(rows);
        return hr;
    }
    if (FAILED(hr = recips_reserve(content, count)))
    {
        for (i = 0; i < count; i++) root->free_buffer(rows[i].props);
        mapi_heap_free(rows);
        return hr;
    }

    if (!flags)
    {
        for (i = 0; i < content->recip_count; i++) root->free_buffer(content->recips[i].props);
        content->recip_count = 0;
    }
    for (i = 0; i < count; i++)
    {
        if ((flags & MODRECIP_MODIFY) && (recip = recip_find(content, recip_rowid(&rows[i]))))
        {
            root->free_buffer(recip->props);
            *recip = rows[i];
        }
        else
            content->recips[content->recip_count++] = rows[i];
    }
    if (!(flags & MODRECIP_MODIFY)) content->next_rowid += count;
    mapi_heap_free(rows);
    return S_OK;
}

/* --- PR_DISPLAY_TO, PR_DISPLAY_CC, PR_DISPLAY_BCC -------------------------- */

/* The display name of a recipient as Unicode, heap memory, or NULL. */
static WCHAR *recip_display_name(const struct imsg_recip *recip)
{
    const SPropValue *name;
    WCHAR *result;
    int len;

    if ((name = props_find(recip->count, recip->props, PR_DISPLAY_NAME_W)))
    {
        len = lstrlenW(name->Value.lpszW) + 1;
        if ((result = mapi_heap_alloc(len * sizeof(WCHAR)))) memcpy(result, name->Value.lpszW, len * sizeof(WCHAR));
        return result;
    }
    if (!(name = props_find(recip->count, recip->props, PR_DISPLAY_NAME_A))) return NULL;
    len = MultiByteToWideChar(CP_ACP, 0, name->Value.lpszA, -1, NULL, 0);
    if ((result = mapi_heap_alloc(len * sizeof(WCHAR))))
        MultiByteToWideChar(CP_ACP, 0, name->Value.lpszA, -1, result, len);
    return result;
}

/* The names of the recipients of one type, separated by "; ". */
static HRESULT display_list(const struct imsg_content *content, ULONG type, WCHAR **out)
{
    static const WCHAR separator[] = {';', ' ', 0};
    SIZE_T size = 1, used = 0;
    WCHAR *list, *name, *grown;
    ULONG i;

    if (!(list = mapi_heap_alloc(size * sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    list[0] = 0;
    for (i = 0; i < content->recip_count; i++)
    {
        const struct imsg_recip *recip = &content->recips[i];
        const SPropValue *recip_type = props_find(recip->count, recip->props, PR_RECIPIENT_TYPE);
        SIZE_T len;

        if (!recip_type || (recip_type->Value.l & ~(MAPI_P1 | MAPI_SUBMITTED)) != type) continue;
        if (!(name = recip_display_name(recip))) continue;
        len = lstrlenW(name);
        if (!len)
        {
            mapi_heap_free(name);
            continue;
        }
        size = used + (used ? 2 : 0) + len + 1;
        if (!(grown = mapi_heap_realloc(list, size * sizeof(WCHAR))))
        {
            mapi_heap_free(name);
            mapi_heap_free(list);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        list = grown;
        if (used)
        {
            memcpy(list + used, separator, 2 * sizeof(WCHAR));
            used += 2;
        }
        memcpy(list + used, name, (len + 1) * sizeof(WCHAR));
        used += len;
        mapi_heap_free(name);
    }
    *out = list;
    return S_OK;
}

/* Sets the three display properties from the recipients, or removes them
 * where there is no recipient of their type: a .msg file cannot hold an
 * empty string. */
HRESULT imsg_content_update_display(struct imsg_root *root, struct imsg_content *content)
{
    static const struct { ULONG type, tag; } displays[] =
    {
        { MAPI_TO, PR_DISPLAY_TO_W },
        { MAPI_CC, PR_DISPLAY_CC_W },
        { MAPI_BCC, PR_DISPLAY_BCC_W },
    };
    SPropValue value;
    HRESULT hr;
    WCHAR *list;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(displays); i++)
    {
        if (FAILED(hr = display_list(content, displays[i].type, &list))) return hr;
        if (!list[0])
            imsg_bag_remove(&content->bag, displays[i].tag);
        else
        {
            value.ulPropTag = displays[i].tag;
            value.dwAlignPad = 0;
            value.Value.lpszW = list;
            hr = imsg_bag_put(&content->bag, &value);
        }
        mapi_heap_free(list);
        if (FAILED(hr)) return hr;
    }
    return S_OK;
}

/* --- the recipient table -------------------------------------------------- */

static HRESULT recip_table_fill(struct imsg_root *root, struct imsg_content *content, ITableData *table,
        BOOL unicode)
{
    SPropValue *props = NULL;
    SRowSet *rows;
    HRESULT hr = S_OK;
    ULONG i;

    if (FAILED(hr = ITableData_HrDeleteRows(table, TAD_ALL_ROWS, NULL, NULL))) return hr;
    if (!content->recip_count) return S_OK;
    if (!(rows = mapi_heap_alloc(offsetof(SRowSet, aRow[content->recip_count])))) return MAPI_E_NOT_ENOUGH_MEMORY;
    rows->cRows = 0;
    for (i = 0; i < content->recip_count && SUCCEEDED(hr); i++)
    {
        const struct imsg_recip *recip = &content->recips[i];
        ULONG rowid = recip_rowid(recip);
        SRow *row = &rows->aRow[rows->cRows];

        if (!(props = mapi_heap_alloc((recip->count + 1) * sizeof(*props))))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        memcpy(props, recip->props, recip->count * sizeof(*props));
        props[recip->count].ulPropTag = PR_INSTANCE_KEY;
        props[recip->count].dwAlignPad = 0;
        props[recip->count].Value.bin.cb = sizeof(rowid);
        props[recip->count].Value.bin.lpb = (BYTE *)&rowid;
        row->ulAdrEntryPad = 0;
        if (SUCCEEDED(hr = imsg_copy_props_as(root, recip->count + 1, props, unicode, &row->cValues, &row->lpProps)))
            rows->cRows++;
        mapi_heap_free(props);
    }
    if (SUCCEEDED(hr)) hr = ITableData_HrModifyRows(table, 0, rows);
    for (i = 0; i < rows->cRows; i++) root->free_buffer(rows->aRow[i].lpProps);
    mapi_heap_free(rows);
    return hr;
}

/* Keeps the tables handed out in step with the recipients; the root's
 * lock is held. */
void imsg_recip_tables_update(struct imsg_message *message)
{
    HRESULT hr;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(message->recip_tables); i++)
    {
        if (!message->recip_tables[i]) continue;
        if (FAILED(hr = recip_table_fill(message->obj.root, message->content, message->recip_tables[i], i)))
            ERR("recipient table %p not updated: %#lx.\n", message->recip_tables[i], hr);
    }
}

HRESULT imsg_recip_table(struct imsg_message *message, ULONG flags, IMAPITable **view)
{
    struct imsg_root *root = message->obj.root;
    BOOL unicode = !!(flags & MAPI_UNICODE);
    SizedSPropTagArray(7, columns) =
    {
        7,
        {
            PR_ROWID, PR_INSTANCE_KEY, PR_RECIPIENT_TYPE, PR_ENTRYID,
            unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A,
            unicode ? PR_ADDRTYPE_W : PR_ADDRTYPE_A,
            unicode ? PR_EMAIL_ADDRESS_W : PR_EMAIL_ADDRESS_A,
        }
    };
    ITableData *table;
    HRESULT hr = S_OK;

    EnterCriticalSection(&root->cs);
    if (!(table = message->recip_tables[unicode]))
    {
        hr = CreateTable(&IID_IMAPITableData, root->allocate_buffer, root->allocate_more, root->free_buffer, NULL,
                TBLTYPE_DYNAMIC, PR_ROWID, (SPropTagArray *)&columns, &table);
        if (SUCCEEDED(hr) && FAILED(hr = recip_table_fill(root, message->content, table, unicode)))
            ITableData_Release(table);
        if (SUCCEEDED(hr)) message->recip_tables[unicode] = table;
    }
    if (SUCCEEDED(hr)) hr = ITableData_HrGetView(table, NULL, NULL, 0, view);
    LeaveCriticalSection(&root->cs);
    return hr;
}
