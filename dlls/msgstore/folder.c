/*
 * The local message store: folders
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A folder object names its folder by number: the folder may be deleted
 * (by another object or process) while it is open, and then its methods
 * answer MAPI_E_OBJECT_DELETED.  Folders are not transacted: SetProps,
 * DeleteProps and the other changes are written at once, and SaveChanges
 * has nothing to do.
 *
 * Not done: search folders (FOLDER_SEARCH, Set/GetSearchCriteria),
 * associated contents (MAPI_ASSOCIATED: the table is empty and nothing can
 * be made there), soft deletion, named properties on folders, saved sorts
 * (SaveContentsSort), streams on folder properties.
 */

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

/* Opened through a logon.  Holds a reference on the logon's store face. */
struct folder
{
    IMAPIFolder IMAPIFolder_iface;
    LONG refcount;
    struct mdb *mdb;
    ULONG id;
};

static const IMAPIFolderVtbl folder_vtbl;

/* The values a folder computes; clients cannot set them. */
static const ULONG computed_tags[] =
{
    PR_ENTRYID, PR_RECORD_KEY, PR_PARENT_ENTRYID, PR_INSTANCE_KEY, PR_OBJECT_TYPE, PR_FOLDER_TYPE, PR_CONTENT_COUNT,
    PR_CONTENT_UNREAD, PR_ASSOC_CONTENT_COUNT, PR_SUBFOLDERS, PR_STORE_RECORD_KEY, PR_STORE_ENTRYID, PR_ACCESS,
    PR_ACCESS_LEVEL, PR_IPM_DRAFTS_ENTRYID, PR_DEPTH,
};

static inline struct folder *impl_from_IMAPIFolder(IMAPIFolder *iface)
{
    return CONTAINING_RECORD(iface, struct folder, IMAPIFolder_iface);
}

static BOOL folder_from_iface(IUnknown *iface, struct mdb **mdb, ULONG *id)
{
    struct folder *folder;

    if (!iface || ((IMAPIFolder *)iface)->lpVtbl != &folder_vtbl) return FALSE;
    folder = impl_from_IMAPIFolder((IMAPIFolder *)iface);
    *mdb = folder->mdb;
    *id = folder->id;
    return TRUE;
}

HRESULT folder_open(struct mdb *mdb, ULONG id, BOOL writable, IMAPIFolder **out)
{
    struct folder *folder;

    if (!(folder = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*folder)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    folder->IMAPIFolder_iface.lpVtbl = &folder_vtbl;
    folder->refcount = 1;
    folder->mdb = mdb;
    folder->id = id;
    IMsgStore_AddRef(&mdb->IMsgStore_iface);
    InterlockedIncrement(&msgstore_live_objects);
    *out = &folder->IMAPIFolder_iface;
    return S_OK;
}

static BOOL is_computed(ULONG tag)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(computed_tags); i++)
        if (PROP_ID(computed_tags[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* A string argument as Unicode (heap), NULL for NULL or no memory. */
static WCHAR *string_arg(const void *text, ULONG flags)
{
    WCHAR *copy;
    int len;

    if (!text) return NULL;
    if (flags & MAPI_UNICODE)
    {
        len = wcslen(text) + 1;
        if ((copy = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR)))) memcpy(copy, text, len * sizeof(WCHAR));
        return copy;
    }
    len = MultiByteToWideChar(CP_ACP, 0, text, -1, NULL, 0);
    if ((copy = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR))))
        MultiByteToWideChar(CP_ACP, 0, text, -1, copy, len);
    return copy;
}

static void progress_report(IMAPIProgress *progress, ULONG flags, ULONG done, ULONG total)
{
    if (progress && (flags & (MESSAGE_DIALOG | FOLDER_DIALOG)) && total)
        IMAPIProgress_Progress(progress, done * 1000 / total, done, total);
}

static HRESULT WINAPI folder_QueryInterface(IMAPIFolder *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp)
            || IsEqualGUID(riid, &IID_IMAPIContainer) || IsEqualGUID(riid, &IID_IMAPIFolder))
    {
        *out = iface;
        IMAPIFolder_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI folder_AddRef(IMAPIFolder *iface)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    ULONG refs = InterlockedIncrement(&folder->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refs);
    return refs;
}

static ULONG WINAPI folder_Release(IMAPIFolder *iface)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    ULONG refs = InterlockedDecrement(&folder->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refs);
    if (refs) return refs;
    IMsgStore_Release(&folder->mdb->IMsgStore_iface);
    HeapFree(GetProcessHeap(), 0, folder);
    InterlockedDecrement(&msgstore_live_objects);
    return 0;
}

static HRESULT WINAPI folder_GetLastError(IMAPIFolder *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return make_last_error(result, flags, error);
}

static HRESULT WINAPI folder_SaveChanges(IMAPIFolder *iface, ULONG flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

/* The folder's values (one block), after what other processes changed. */
static HRESULT folder_current_values(struct folder *folder, ULONG *count, SPropValue **values)
{
    struct store *store = folder->mdb->store;
    struct store_folder *state;
    HRESULT hr;

    store_sync(store);
    store_enter(store);
    if (!(state = store_folder(store, folder->id))) hr = MAPI_E_OBJECT_DELETED;
    else hr = folder_values(store, state, FALSE, 0, count, values);
    store_leave(store);
    return hr;
}

static HRESULT WINAPI folder_GetProps(IMAPIFolder *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **props)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    SPropValue *values;
    ULONG n;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, props);

    if (!count || !props) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = folder_current_values(folder, &n, &values))) return hr;
    hr = props_answer(values, n, tags, flags, count, props);
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT WINAPI folder_GetPropList(IMAPIFolder *iface, ULONG flags, SPropTagArray **tags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    SPropValue *values;
    ULONG n;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = folder_current_values(folder, &n, &values))) return hr;
    hr = props_answer_list(values, n, flags, tags);
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT WINAPI folder_OpenProperty(IMAPIFolder *iface, ULONG tag, const IID *iid, ULONG options,
        ULONG flags, IUnknown **out)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);

    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if (!out || !iid) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (tag == PR_CONTAINER_CONTENTS || tag == PR_CONTAINER_HIERARCHY)
    {
        if (!IsEqualGUID(iid, &IID_IMAPITable)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        if (tag == PR_CONTAINER_CONTENTS) return table_contents(folder->mdb, folder->id, options, (IMAPITable **)out);
        return table_hierarchy(folder->mdb, folder->id, options, (IMAPITable **)out);
    }
    FIXME("no stream on folder property %#lx.\n", tag);
    return MAPI_E_NO_SUPPORT;
}

/* Writes new values of the folder: set (taken as they are) and remove.
 * The name must stay unique among its siblings. */
static HRESULT folder_change(struct folder *folder, ULONG count, const SPropValue *set, const SPropTagArray *remove)
{
    struct store *store = folder->mdb->store;
    struct store_folder *state, *other;
    const SPropValue *name;
    SPropValue *merged;
    ULONG merged_count;
    HRESULT hr;

    store_write_begin(store);
    if (!(state = store_folder(store, folder->id))) hr = MAPI_E_OBJECT_DELETED;
    else hr = props_merge(state->count, state->props, count, set, remove, &merged_count, &merged);
    if (SUCCEEDED(hr))
    {
        name = props_find(merged_count, merged, PR_DISPLAY_NAME_W);
        if (name && (other = store_folder_named(store, state->parent, name->Value.lpszW)) && other != state)
            hr = MAPI_E_COLLISION;
        else hr = store_write_folder(store, state, state->parent, merged_count, merged);
        MAPIFreeBuffer(merged);
    }
    store_write_end(store);
    return hr;
}

static HRESULT WINAPI folder_SetProps(IMAPIFolder *iface, ULONG count, SPropValue *values,
        SPropProblemArray **problems)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    ULONG *indexes, *tags, i, n = 0, refused = 0;
    SPropValue *kept;
    SCODE *codes;
    HRESULT hr;

    TRACE("%p, %lu, %p, %p.\n", iface, count, values, problems);

    if (problems) *problems = NULL;
    if (!values || !count) return MAPI_E_INVALID_PARAMETER;
    if (!(kept = HeapAlloc(GetProcessHeap(), 0, count * (sizeof(*kept) + 2 * sizeof(ULONG) + sizeof(SCODE)))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    indexes = (ULONG *)(kept + count);
    tags = indexes + count;
    codes = (SCODE *)(tags + count);
    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag, type = PROP_TYPE(tag);
        SCODE problem = S_OK;

        if (is_computed(tag)) problem = MAPI_E_COMPUTED;
        else if (type == PT_OBJECT || type == PT_ERROR || type == PT_UNSPECIFIED || type == PT_NULL)
            problem = MAPI_E_INVALID_TYPE;
        else if (PROP_ID(tag) == PROP_ID(PR_DISPLAY_NAME) && (!is_string_type(type)
                || (type == PT_UNICODE ? !values[i].Value.lpszW[0] : !values[i].Value.lpszA[0])))
            problem = MAPI_E_INVALID_PARAMETER;
        if (problem == S_OK)
        {
            kept[n++] = values[i];
            continue;
        }
        indexes[refused] = i;
        tags[refused] = tag;
        codes[refused++] = problem;
    }
    hr = n ? folder_change(folder, n, kept, NULL) : S_OK;
    if (SUCCEEDED(hr) && problems) hr = props_problems(refused, indexes, tags, codes, problems);
    HeapFree(GetProcessHeap(), 0, kept);
    return hr;
}

static HRESULT WINAPI folder_DeleteProps(IMAPIFolder *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    ULONG *indexes, *refused_tags, i, n = 0, refused = 0;
    SPropTagArray *kept;
    SCODE *codes;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, tags, problems);

    if (problems) *problems = NULL;
    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (!(kept = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(tags->cValues)
            + tags->cValues * (2 * sizeof(ULONG) + sizeof(SCODE)))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    indexes = (ULONG *)((BYTE *)kept + CbNewSPropTagArray(tags->cValues));
    refused_tags = indexes + tags->cValues;
    codes = (SCODE *)(refused_tags + tags->cValues);
    for (i = 0; i < tags->cValues; i++)
    {
        if (!is_computed(tags->aulPropTag[i]) && PROP_ID(tags->aulPropTag[i]) != PROP_ID(PR_DISPLAY_NAME))
        {
            kept->aulPropTag[n++] = tags->aulPropTag[i];
            continue;
        }
        indexes[refused] = i;
        refused_tags[refused] = tags->aulPropTag[i];
        codes[refused++] = MAPI_E_COMPUTED;
    }
    kept->cValues = n;
    hr = n ? folder_change(folder, 0, NULL, kept) : S_OK;
    if (SUCCEEDED(hr) && problems) hr = props_problems(refused, indexes, refused_tags, codes, problems);
    HeapFree(GetProcessHeap(), 0, kept);
    return hr;
}

static HRESULT WINAPI folder_CopyTo(IMAPIFolder *iface, ULONG count, const IID *excluded, SPropTagArray *exclude,
        ULONG ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    IMAPISupport *sup;
    HRESULT hr;

    TRACE("%p, %lu, %p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, count, excluded, exclude, ui, progress,
            debugstr_guid(iid), dest, flags, problems);

    if (!dest) return MAPI_E_INVALID_PARAMETER;
    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    store_enter(folder->mdb->store);
    sup = mdb_support(folder->mdb);
    store_leave(folder->mdb->store);
    if (!sup) return MAPI_E_INVALID_OBJECT;
    hr = IMAPISupport_DoCopyTo(sup, &IID_IMAPIFolder, iface, count, (IID *)excluded, exclude, ui, progress,
            (IID *)iid, dest, flags, problems);
    IMAPISupport_Release(sup);
    return hr;
}

static HRESULT WINAPI folder_CopyProps(IMAPIFolder *iface, SPropTagArray *tags, ULONG ui, IMAPIProgress *progress,
        const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    IMAPISupport *sup;
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, tags, ui, progress, debugstr_guid(iid), dest, flags,
            problems);

    if (!dest || !tags) return MAPI_E_INVALID_PARAMETER;
    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    store_enter(folder->mdb->store);
    sup = mdb_support(folder->mdb);
    store_leave(folder->mdb->store);
    if (!sup) return MAPI_E_INVALID_OBJECT;
    hr = IMAPISupport_DoCopyProps(sup, &IID_IMAPIFolder, iface, tags, ui, progress, (IID *)iid, dest, flags,
            problems);
    IMAPISupport_Release(sup);
    return hr;
}

static HRESULT WINAPI folder_GetNamesFromIDs(IMAPIFolder *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    FIXME("%p, %p, %s, %#lx, %p, %p: folders have no named properties.\n", iface, tags, debugstr_guid(guid), flags,
            count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI folder_GetIDsFromNames(IMAPIFolder *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    FIXME("%p, %lu, %p, %#lx, %p: folders have no named properties.\n", iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI folder_GetContentsTable(IMAPIFolder *iface, ULONG flags, IMAPITable **out)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    SizedSPropTagArray(2, columns) = {2, {PR_INSTANCE_KEY, PR_ENTRYID}};
    SRowSet rows = {0};

    TRACE("%p, %#lx, %p.\n", iface, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED | SHOW_SOFT_DELETES))
        return MAPI_E_UNKNOWN_FLAGS;
    if (flags & SHOW_SOFT_DELETES)
    {
        FIXME("nothing is soft-deleted.\n");
        return MAPI_E_NO_SUPPORT;
    }
    /* Associated messages are never made: their table is empty. */
    if (flags & MAPI_ASSOCIATED) return table_snapshot(folder->mdb, (SPropTagArray *)&columns, &rows, out);
    return table_contents(folder->mdb, folder->id, flags, out);
}

static HRESULT WINAPI folder_GetHierarchyTable(IMAPIFolder *iface, ULONG flags, IMAPITable **out)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | CONVENIENT_DEPTH | SHOW_SOFT_DELETES))
        return MAPI_E_UNKNOWN_FLAGS;
    if (flags & SHOW_SOFT_DELETES)
    {
        FIXME("nothing is soft-deleted.\n");
        return MAPI_E_NO_SUPPORT;
    }
    return table_hierarchy(folder->mdb, folder->id, flags, out);
}

static HRESULT WINAPI folder_OpenEntry(IMAPIFolder *iface, ULONG cb, ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct msgstore_eid self;

    TRACE("%p, %lu, %p, %s, %#lx, %p, %p.\n", iface, cb, eid, debugstr_guid(iid), flags, type, out);

    /* No entry ID: the folder itself. */
    if (!cb && !eid)
    {
        eid_make(&self, &folder->mdb->store->uid, EID_FOLDER, folder->id, 0);
        return mdb_open_entry(folder->mdb, sizeof(self), (ENTRYID *)&self, iid, flags, type, out);
    }
    return mdb_open_entry(folder->mdb, cb, eid, iid, flags, type, out);
}

static HRESULT WINAPI folder_SetSearchCriteria(IMAPIFolder *iface, SRestriction *res, ENTRYLIST *folders,
        ULONG flags)
{
    FIXME("%p, %p, %p, %#lx: there are no search folders.\n", iface, res, folders, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI folder_GetSearchCriteria(IMAPIFolder *iface, ULONG flags, SRestriction **res,
        ENTRYLIST **folders, ULONG *state)
{
    FIXME("%p, %#lx, %p, %p, %p: there are no search folders.\n", iface, flags, res, folders, state);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI folder_CreateMessage(IMAPIFolder *iface, const IID *iid, ULONG flags, IMessage **out)
{
    static const IID *const allowed[] = {&IID_IMessage, &IID_IMAPIProp, &IID_IUnknown};
    struct folder *folder = impl_from_IMAPIFolder(iface);

    TRACE("%p, %s, %#lx, %p.\n", iface, debugstr_guid(iid), flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED)) return MAPI_E_UNKNOWN_FLAGS;
    if (!iid_is_one_of(iid, allowed, ARRAY_SIZE(allowed))) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (flags & MAPI_ASSOCIATED)
    {
        FIXME("associated messages are not kept.\n");
        return MAPI_E_NO_SUPPORT;
    }
    return message_create(folder->mdb, folder->id, out);
}

/* The message an entry-list item names, when it is one of this folder's; write lock held. */
static struct msg_entry *folder_entry(struct folder *folder, const SBinary *bin)
{
    struct store *store = folder->mdb->store;
    struct msg_entry *entry;
    ULONG kind, folder_id, id;

    if (!eid_parse(&store->uid, bin->cb, (const ENTRYID *)bin->lpb, &kind, &folder_id, &id) || kind != EID_MESSAGE)
        return NULL;
    if (!(entry = store_entry(store, id)) || entry->folder->id != folder->id) return NULL;
    return entry;
}

static BOOL entry_list_ok(const ENTRYLIST *list)
{
    return list && (!list->cValues || list->lpbin);
}

static HRESULT WINAPI folder_CopyMessages(IMAPIFolder *iface, ENTRYLIST *list, const IID *iid, void *dest,
        ULONG ui, IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct store_folder *to;
    struct msg_entry *entry;
    struct mdb *dest_mdb;
    IMAPISupport *sup;
    ULONG dest_id, i, failed = 0, new_id;
    HRESULT hr = S_OK;

    TRACE("%p, %p, %s, %p, %#lx, %p, %#lx.\n", iface, list, debugstr_guid(iid), dest, ui, progress, flags);

    if (!entry_list_ok(list) || !dest) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK)) return MAPI_E_UNKNOWN_FLAGS;
    if (!folder_from_iface(dest, &dest_mdb, &dest_id) || dest_mdb->store != store)
    {
        /* Another store's folder: MAPI copies through the objects. */
        store_enter(store);
        sup = mdb_support(folder->mdb);
        store_leave(store);
        if (!sup) return MAPI_E_INVALID_OBJECT;
        hr = IMAPISupport_CopyMessages(sup, &IID_IMAPIFolder, iface, list, (IID *)iid, dest, ui, progress,
                flags & (MESSAGE_MOVE | MESSAGE_DIALOG));
        IMAPISupport_Release(sup);
        return hr;
    }

    store_write_begin(store);
    if (!store_folder(store, folder->id) || !(to = store_folder(store, dest_id))) hr = MAPI_E_OBJECT_DELETED;
    for (i = 0; SUCCEEDED(hr) && i < list->cValues; i++)
    {
        if (!(entry = folder_entry(folder, &list->lpbin[i])) || store_entry_locked_by_other(entry, folder->mdb->serial))
        {
            failed++;
            continue;
        }
        if (flags & MESSAGE_MOVE) hr = store_move_message(store, entry, to);
        else hr = store_copy_message(store, entry, to, &new_id);
        progress_report(progress, flags, i + 1, list->cValues);
    }
    store_write_end(store);
    if (FAILED(hr)) return hr;
    return failed ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static HRESULT WINAPI folder_DeleteMessages(IMAPIFolder *iface, ENTRYLIST *list, ULONG ui,
        IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct msg_entry *entry;
    ULONG i, failed = 0;
    HRESULT hr = S_OK;

    TRACE("%p, %p, %#lx, %p, %#lx.\n", iface, list, ui, progress, flags);

    if (!entry_list_ok(list)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_DIALOG | DELETE_HARD_DELETE)) return MAPI_E_UNKNOWN_FLAGS;

    store_write_begin(store);
    if (!store_folder(store, folder->id)) hr = MAPI_E_OBJECT_DELETED;
    for (i = 0; SUCCEEDED(hr) && i < list->cValues; i++)
    {
        if (!(entry = folder_entry(folder, &list->lpbin[i])) || store_entry_locked_by_other(entry, folder->mdb->serial))
        {
            failed++;
            continue;
        }
        hr = store_remove_message(store, entry);
        progress_report(progress, MESSAGE_DIALOG & flags, i + 1, list->cValues);
    }
    store_write_end(store);
    if (FAILED(hr)) return hr;
    return failed ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static HRESULT WINAPI folder_CreateFolder(IMAPIFolder *iface, ULONG type, LPSTR name, LPSTR comment, const IID *iid,
        ULONG flags, IMAPIFolder *result)
{
    static const IID *const allowed[] = {&IID_IMAPIFolder, &IID_IMAPIContainer, &IID_IMAPIProp, &IID_IUnknown};
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    IMAPIFolder **out = (IMAPIFolder **)result;
    struct store_folder *state, *created = NULL;
    WCHAR *name_w, *comment_w = NULL;
    SPropValue values[2];
    ULONG count = 0, id = 0;
    HRESULT hr;

    TRACE("%p, %lu, %p, %p, %s, %#lx, %p.\n", iface, type, name, comment, debugstr_guid(iid), flags, result);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | OPEN_IF_EXISTS | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (!name) return MAPI_E_INVALID_PARAMETER;
    if (!iid_is_one_of(iid, allowed, ARRAY_SIZE(allowed))) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (type == FOLDER_SEARCH)
    {
        FIXME("there are no search folders.\n");
        return MAPI_E_NO_SUPPORT;
    }
    if (type != FOLDER_GENERIC) return MAPI_E_INVALID_PARAMETER;
    if (!(name_w = string_arg(name, flags)) || (comment && !(comment_w = string_arg(comment, flags))))
    {
        HeapFree(GetProcessHeap(), 0, name_w);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!name_w[0]) hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        values[count].ulPropTag = PR_DISPLAY_NAME_W;
        values[count++].Value.lpszW = name_w;
        if (comment_w && comment_w[0])
        {
            values[count].ulPropTag = PR_COMMENT_W;
            values[count++].Value.lpszW = comment_w;
        }
        store_write_begin(store);
        if (!(state = store_folder(store, folder->id))) hr = MAPI_E_OBJECT_DELETED;
        else if ((created = store_folder_named(store, folder->id, name_w)))
            hr = (flags & OPEN_IF_EXISTS) ? S_OK : MAPI_E_COLLISION;
        else hr = store_create_folder(store, folder->id, count, values, &created);
        if (SUCCEEDED(hr)) id = created->id;
        store_write_end(store);
    }
    HeapFree(GetProcessHeap(), 0, name_w);
    HeapFree(GetProcessHeap(), 0, comment_w);
    if (FAILED(hr)) return hr;
    return folder_open(folder->mdb, id, TRUE, out);
}

/* The child of this folder an entry ID names; write lock held. */
static HRESULT folder_child(struct folder *folder, ULONG cb, const ENTRYID *eid, struct store_folder **child)
{
    struct store *store = folder->mdb->store;
    ULONG kind, id, message;

    if (!eid_parse(&store->uid, cb, eid, &kind, &id, &message) || kind != EID_FOLDER) return MAPI_E_INVALID_ENTRYID;
    if (!store_folder(store, folder->id)) return MAPI_E_OBJECT_DELETED;
    if (!(*child = store_folder(store, id)) || (*child)->parent != folder->id || id == folder->id)
        return MAPI_E_NOT_FOUND;
    return S_OK;
}

/* Copies a folder (and with subfolders its subtree) under parent; write lock held. */
static HRESULT folder_copy_tree(struct store *store, struct store_folder *source, ULONG parent, const WCHAR *name,
        BOOL subfolders)
{
    ULONG source_id = source->id, i, count, new_id, *children = NULL, child_count = 0;
    struct store_folder *copy, *child;
    SPropValue *values, value;
    HRESULT hr;

    value.ulPropTag = PR_DISPLAY_NAME_W;
    value.Value.lpszW = (WCHAR *)name;
    if (FAILED(hr = props_merge(source->count, source->props, 1, &value, NULL, &count, &values))) return hr;
    hr = store_create_folder(store, parent, count, values, &copy);
    MAPIFreeBuffer(values);
    if (FAILED(hr)) return hr;
    new_id = copy->id;
    if (!(source = store_folder(store, source_id))) return MAPI_E_OBJECT_DELETED;
    for (i = 0; i < source->entry_count && SUCCEEDED(hr); i++)
    {
        ULONG id;

        if (!(copy = store_folder(store, new_id))) return MAPI_E_OBJECT_DELETED;
        hr = store_copy_message(store, source->entries[i], copy, &id);
    }
    if (FAILED(hr) || !subfolders) return hr;
    /* The children as they are now (the copy is not among them). */
    if (!(children = HeapAlloc(GetProcessHeap(), 0, (store->folder_count + 1) * sizeof(*children))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < store->folder_count; i++)
        if (store->folders[i]->parent == source_id && store->folders[i]->id != new_id)
            children[child_count++] = store->folders[i]->id;
    for (i = 0; i < child_count && SUCCEEDED(hr); i++)
    {
        if (!(child = store_folder(store, children[i]))) continue;
        hr = folder_copy_tree(store, child, new_id, store_folder_name(child), TRUE);
    }
    HeapFree(GetProcessHeap(), 0, children);
    return hr;
}

static HRESULT WINAPI folder_CopyFolder(IMAPIFolder *iface, ULONG cb, ENTRYID *eid, const IID *iid, void *dest,
        LPSTR new_name, ULONG ui, IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct store_folder *source, *target, *other;
    struct mdb *dest_mdb;
    IMAPISupport *sup;
    WCHAR *name = NULL;
    ULONG dest_id;
    HRESULT hr;

    TRACE("%p, %lu, %p, %s, %p, %p, %#lx, %p, %#lx.\n", iface, cb, eid, debugstr_guid(iid), dest, new_name, ui,
            progress, flags);

    if (!eid || !dest) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(FOLDER_MOVE | FOLDER_DIALOG | COPY_SUBFOLDERS | MAPI_UNICODE | MAPI_DECLINE_OK))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!folder_from_iface(dest, &dest_mdb, &dest_id) || dest_mdb->store != store)
    {
        store_enter(store);
        sup = mdb_support(folder->mdb);
        store_leave(store);
        if (!sup) return MAPI_E_INVALID_OBJECT;
        hr = IMAPISupport_CopyFolder(sup, &IID_IMAPIFolder, iface, cb, eid, (IID *)iid, dest, new_name, ui, progress,
                flags);
        IMAPISupport_Release(sup);
        return hr;
    }
    if (new_name && !(name = string_arg(new_name, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;

    store_write_begin(store);
    if (FAILED(hr = folder_child(folder, cb, eid, &source))) ;
    else if (!(target = store_folder(store, dest_id))) hr = MAPI_E_OBJECT_DELETED;
    else if (store_folder_is_below(store, dest_id, source->id)) hr = MAPI_E_FOLDER_CYCLE;
    else if ((flags & FOLDER_MOVE) && store_folder_is_standard(source->id)) hr = MAPI_E_NO_ACCESS;
    else if (name && !name[0]) hr = MAPI_E_INVALID_PARAMETER;
    else
    {
        const WCHAR *final = name ? name : store_folder_name(source);

        if ((other = store_folder_named(store, dest_id, final)) && other != source) hr = MAPI_E_COLLISION;
        else if (flags & FOLDER_MOVE)
        {
            SPropValue value, *merged;
            ULONG merged_count;

            value.ulPropTag = PR_DISPLAY_NAME_W;
            value.Value.lpszW = (WCHAR *)final;
            if (SUCCEEDED(hr = props_merge(source->count, source->props, 1, &value, NULL, &merged_count, &merged)))
            {
                hr = store_write_folder(store, source, dest_id, merged_count, merged);
                MAPIFreeBuffer(merged);
            }
        }
        else hr = folder_copy_tree(store, source, dest_id, final, (flags & COPY_SUBFOLDERS) != 0);
    }
    store_write_end(store);
    HeapFree(GetProcessHeap(), 0, name);
    if (SUCCEEDED(hr)) progress_report(progress, flags, 1, 1);
    return hr;
}

static HRESULT WINAPI folder_DeleteFolder(IMAPIFolder *iface, ULONG cb, ENTRYID *eid, ULONG ui,
        IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct store_folder *child;
    HRESULT hr;

    TRACE("%p, %lu, %p, %#lx, %p, %#lx.\n", iface, cb, eid, ui, progress, flags);

    if (!eid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(DEL_MESSAGES | DEL_FOLDERS | FOLDER_DIALOG | DELETE_HARD_DELETE)) return MAPI_E_UNKNOWN_FLAGS;

    store_write_begin(store);
    if (FAILED(hr = folder_child(folder, cb, eid, &child))) ;
    else if (store_folder_is_standard(child->id)) hr = MAPI_E_NO_ACCESS;
    else if (child->entry_count && !(flags & DEL_MESSAGES)) hr = MAPI_E_HAS_MESSAGES;
    else if (store_folder_children(store, child->id) && !(flags & DEL_FOLDERS)) hr = MAPI_E_HAS_FOLDERS;
    else hr = store_remove_folder(store, child);
    store_write_end(store);
    if (SUCCEEDED(hr)) progress_report(progress, flags, 1, 1);
    return hr;
}

/* The PR_MESSAGE_FLAGS SetReadFlags leaves, from those a message has. */
static ULONG read_flags_apply(ULONG old, ULONG flags)
{
    ULONG set = old;

    if (flags & CLEAR_READ_FLAG) set &= ~MSGFLAG_READ;
    else if (!(flags & GENERATE_RECEIPT_ONLY)) set |= MSGFLAG_READ;
    if (flags & CLEAR_RN_PENDING) set &= ~MSGFLAG_RN_PENDING;
    if (flags & CLEAR_NRN_PENDING) set &= ~MSGFLAG_NRN_PENDING;
    if ((set & MSGFLAG_READ) && !(old & MSGFLAG_READ) && (old & MSGFLAG_RN_PENDING) && !(flags & SUPPRESS_RECEIPT))
        FIXME("the read report the sender asked for is not sent.\n");
    return set;
}

static HRESULT entry_set_long(struct store *store, struct msg_entry *entry, ULONG tag, ULONG value)
{
    SPropValue prop;

    prop_long(&prop, tag, value);
    return message_file_update(store, entry, 1, &prop, NULL);
}

static HRESULT WINAPI folder_SetReadFlags(IMAPIFolder *iface, ENTRYLIST *list, ULONG ui, IMAPIProgress *progress,
        ULONG flags)
{
    static const ULONG valid = SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MESSAGE_DIALOG | MAPI_DEFERRED_ERRORS
            | GENERATE_RECEIPT_ONLY | CLEAR_RN_PENDING | CLEAR_NRN_PENDING;
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct store_folder *state;
    struct msg_entry *entry, **entries = NULL;
    ULONG i, count = 0, failed = 0, old, set;
    HRESULT hr = S_OK;

    TRACE("%p, %p, %#lx, %p, %#lx.\n", iface, list, ui, progress, flags);

    if (list && list->cValues && !list->lpbin) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~valid) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & CLEAR_READ_FLAG) && (flags & (SUPPRESS_RECEIPT | GENERATE_RECEIPT_ONLY)))
        return MAPI_E_INVALID_PARAMETER;
    if ((flags & GENERATE_RECEIPT_ONLY) && !(flags & SUPPRESS_RECEIPT))
    {
        FIXME("read reports are not generated.\n");
        return MAPI_E_NO_SUPPORT;
    }

    store_write_begin(store);
    if (!(state = store_folder(store, folder->id))) hr = MAPI_E_OBJECT_DELETED;
    else if (!(entries = HeapAlloc(GetProcessHeap(), 0,
            (list ? list->cValues : state->entry_count) * sizeof(*entries) + 1)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!list)
        for (i = 0; i < state->entry_count; i++) entries[count++] = state->entries[i];
    else
    {
        for (i = 0; i < list->cValues; i++)
        {
            if ((entry = folder_entry(folder, &list->lpbin[i]))) entries[count++] = entry;
            else failed++;
        }
    }
    /* The entries array is taken first: writing a message may move entries. */
    for (i = 0; SUCCEEDED(hr) && i < count; i++)
    {
        entry = entries[i];
        old = props_long(entry->count, entry->props, PR_MESSAGE_FLAGS, 0);
        if (entry_is_queued(entry) || store_entry_locked_by_other(entry, folder->mdb->serial))
        {
            failed++;
            continue;
        }
        if ((set = read_flags_apply(old, flags)) != old
                && FAILED(entry_set_long(store, entry, PR_MESSAGE_FLAGS, set)))
            failed++;
        progress_report(progress, flags, i + 1, count);
    }
    store_write_end(store);
    HeapFree(GetProcessHeap(), 0, entries);
    if (FAILED(hr)) return hr;
    return failed ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static HRESULT WINAPI folder_GetMessageStatus(IMAPIFolder *iface, ULONG cb, ENTRYID *eid, ULONG flags,
        ULONG *status)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct msg_entry *entry;
    SBinary bin = {cb, (BYTE *)eid};
    HRESULT hr = S_OK;

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, cb, eid, flags, status);

    if (!eid || !status) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    store_sync(store);
    store_enter(store);
    if (!(entry = folder_entry(folder, &bin))) hr = MAPI_E_NOT_FOUND;
    else *status = props_long(entry->count, entry->props, PR_MSG_STATUS, 0);
    store_leave(store);
    return hr;
}

static HRESULT WINAPI folder_SetMessageStatus(IMAPIFolder *iface, ULONG cb, ENTRYID *eid, ULONG status, ULONG mask,
        ULONG *old_status)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct msg_entry *entry;
    SBinary bin = {cb, (BYTE *)eid};
    HRESULT hr = S_OK;
    ULONG old;

    TRACE("%p, %lu, %p, %#lx, %#lx, %p.\n", iface, cb, eid, status, mask, old_status);

    if (!eid) return MAPI_E_INVALID_PARAMETER;
    store_write_begin(store);
    if (!(entry = folder_entry(folder, &bin))) hr = MAPI_E_NOT_FOUND;
    else
    {
        old = props_long(entry->count, entry->props, PR_MSG_STATUS, 0);
        if (old_status) *old_status = old;
        if (((old & ~mask) | (status & mask)) != old)
            hr = entry_set_long(store, entry, PR_MSG_STATUS, (old & ~mask) | (status & mask));
    }
    store_write_end(store);
    return hr;
}

static HRESULT WINAPI folder_SaveContentsSort(IMAPIFolder *iface, SSortOrderSet *sort, ULONG flags)
{
    FIXME("%p, %p, %#lx: sorts are not saved.\n", iface, sort, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI folder_EmptyFolder(IMAPIFolder *iface, ULONG ui, IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct store *store = folder->mdb->store;
    struct store_folder *state, *child;
    struct msg_entry *entry;
    ULONG i, failed = 0, skipped;
    HRESULT hr = S_OK;

    TRACE("%p, %#lx, %p, %#lx.\n", iface, ui, progress, flags);

    if (flags & ~(DEL_ASSOCIATED | FOLDER_DIALOG | DELETE_HARD_DELETE | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;

    store_write_begin(store);
    if (!(state = store_folder(store, folder->id))) hr = MAPI_E_OBJECT_DELETED;
    /* Messages a spooler has locked stay. */
    for (skipped = 0; SUCCEEDED(hr) && state->entry_count > skipped;)
    {
        entry = state->entries[skipped];
        if (store_entry_locked_by_other(entry, folder->mdb->serial))
        {
            skipped++;
            failed++;
            continue;
        }
        hr = store_remove_message(store, entry);
        if (!(state = store_folder(store, folder->id))) break;
    }
    /* The standard folders stay too. */
    for (i = 0; SUCCEEDED(hr) && i < store->folder_count;)
    {
        child = store->folders[i];
        if (child->parent != folder->id || child->id == folder->id) i++;
        else if (store_folder_is_standard(child->id))
        {
            failed++;
            i++;
        }
        else
        {
            hr = store_remove_folder(store, child);
            i = 0;
        }
    }
    store_write_end(store);
    if (SUCCEEDED(hr)) progress_report(progress, flags, 1, 1);
    if (FAILED(hr)) return hr;
    return failed ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static const IMAPIFolderVtbl folder_vtbl =
{
    folder_QueryInterface,
    folder_AddRef,
    folder_Release,
    folder_GetLastError,
    folder_SaveChanges,
    folder_GetProps,
    folder_GetPropList,
    folder_OpenProperty,
    folder_SetProps,
    folder_DeleteProps,
    folder_CopyTo,
    folder_CopyProps,
    folder_GetNamesFromIDs,
    folder_GetIDsFromNames,
    folder_GetContentsTable,
    folder_GetHierarchyTable,
    folder_OpenEntry,
    folder_SetSearchCriteria,
    folder_GetSearchCriteria,
    folder_CreateMessage,
    folder_CopyMessages,
    folder_DeleteMessages,
    folder_CreateFolder,
    folder_CopyFolder,
    folder_DeleteFolder,
    folder_SetReadFlags,
    folder_GetMessageStatus,
    folder_SetMessageStatus,
    folder_SaveContentsSort,
    folder_EmptyFolder,
};
