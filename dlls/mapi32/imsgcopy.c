/*
 * mapi32: IMessage on structured storage, CopyTo and CopyProps
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A copy works from a snapshot of the source taken under the lock, so the
 * destination may be anything, even an object of the same message.  The
 * properties go to the destination with SetProps, their named properties
 * renamed to the destination's identifiers; a message's recipients go with
 * ModifyRecipients and its attachments with CreateAttach, each copied
 * whole with its embedded message or storage.
 *
 * Excluded interfaces: IUnknown and IMAPIProp exclude everything, which is
 * MAPI_E_INTERFACE_NOT_SUPPORTED; the object's own interface (IMessage,
 * IAttachment) leaves only its IMAPIProp properties; IAttachment leaves a
 * message's attachments out, IMessage an attachment's embedded message.
 */

#include "imsg.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DIALOG | MAPI_DECLINE_OK)

/* What one copy takes. */
struct copy_select
{
    const SPropTagArray *excluded;  /* CopyTo: these identifiers stay */
    const SPropTagArray *included;  /* CopyProps: only these go */
    BOOL recips, attachs;           /* a message's subobjects */
    BOOL data_object;               /* an attachment's embedded message or storage */
};

/* The problems of one copy, by index into its property list. */
struct copy_problems
{
    SPropProblem *items;
    ULONG count, capacity;
};

static const ULONG message_computed_ids[] =
{
    PROP_ID(PR_DISPLAY_TO), PROP_ID(PR_DISPLAY_CC), PROP_ID(PR_DISPLAY_BCC), PROP_ID(PR_HASATTACH),
    PROP_ID(PR_STORE_SUPPORT_MASK),
};
static const ULONG attach_computed_ids[] = { PROP_ID(PR_ATTACH_NUM), PROP_ID(PR_ATTACH_SIZE) };

static BOOL tags_have_id(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static BOOL is_computed_id(enum imsg_kind kind, ULONG tag)
{
    const ULONG *ids = kind == IMSG_KIND_MESSAGE ? message_computed_ids : attach_computed_ids;
    ULONG count = kind == IMSG_KIND_MESSAGE ? ARRAY_SIZE(message_computed_ids) : ARRAY_SIZE(attach_computed_ids);
    ULONG i;

    for (i = 0; i < count; i++)
        if (ids[i] == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static void problems_add(struct copy_problems *problems, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblem *items;

    if (!problems) return;
    if (problems->count == problems->capacity)
    {
        ULONG capacity = max(problems->capacity * 2, 8);

        if (!(items = mapi_heap_realloc(problems->items, capacity * sizeof(*items)))) return;
        problems->items = items;
        problems->capacity = capacity;
    }
    problems->items[problems->count].ulIndex = index;
    problems->items[problems->count].ulPropTag = tag;
    problems->items[problems->count++].scode = sc;
}

static void value_set_error(SPropValue *value, SCODE sc)
{
    value->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(value->ulPropTag));
    value->Value.err = sc;
}

/* Gives the named properties among values the identifiers dest has for
 * their names; a value whose name cannot be carried over becomes an error. */
static HRESULT map_names(struct imsg_root *root, IMAPIProp *dest, SPropValue *values, ULONG count)
{
    SPropTagArray *ids = NULL, *dest_ids = NULL;
    MAPINAMEID **names = NULL, **known = NULL;
    ULONG *which = NULL, *known_which = NULL, name_count = 0, i, n = 0, k = 0;
    HRESULT hr = S_OK;

    for (i = 0; i < count; i++)
        if (PROP_ID(values[i].ulPropTag) >= IMSG_FIRST_NAMED_ID && PROP_TYPE(values[i].ulPropTag) != PT_ERROR) n++;
    if (!n) return S_OK;
    which = mapi_heap_alloc(n * sizeof(*which));
    known_which = mapi_heap_alloc(n * sizeof(*known_which));
    known = mapi_heap_alloc(n * sizeof(*known));
    ids = mapi_heap_alloc(CbNewSPropTagArray(n));
    if (!which || !known_which || !known || !ids)
    {
        mapi_heap_free(which);
        mapi_heap_free(known_which);
        mapi_heap_free(known);
        mapi_heap_free(ids);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    n = 0;
    for (i = 0; i < count; i++)
    {
        if (PROP_ID(values[i].ulPropTag) < IMSG_FIRST_NAMED_ID || PROP_TYPE(values[i].ulPropTag) == PT_ERROR) continue;
        ids->aulPropTag[n] = values[i].ulPropTag;
        which[n++] = i;
    }
    ids->cValues = n;
    hr = IPropData_GetNamesFromIDs(root->names, &ids, NULL, 0, &name_count, &names);
    /* Identifiers without a name in the map cannot be carried over. */
    for (i = 0; SUCCEEDED(hr) && i < n; i++)
    {
        if (i < name_count && names[i])
        {
            known[k] = names[i];
            known_which[k++] = which[i];
        }
        else
            value_set_error(&values[which[i]], MAPI_E_NOT_FOUND);
    }
    if (SUCCEEDED(hr) && k) hr = IMAPIProp_GetIDsFromNames(dest, k, known, MAPI_CREATE, &dest_ids);
    for (i = 0; i < k; i++)
    {
        SPropValue *value = &values[known_which[i]];

        if (FAILED(hr))
            value_set_error(value, hr);
        else if (!dest_ids || i >= dest_ids->cValues || PROP_TYPE(dest_ids->aulPropTag[i]) == PT_ERROR)
            value_set_error(value, MAPI_E_NOT_FOUND);
        else
            value->ulPropTag = PROP_TAG(PROP_TYPE(value->ulPropTag), PROP_ID(dest_ids->aulPropTag[i]));
    }
    if (FAILED(hr) && !k)
        for (i = 0; i < n; i++) value_set_error(&values[which[i]], hr);
    if (names) root->free_buffer(names);
    if (dest_ids) MAPIFreeBuffer(dest_ids);
    mapi_heap_free(ids);
    mapi_heap_free(which);
    mapi_heap_free(known_which);
    mapi_heap_free(known);
    return S_OK;
}

/* Whether dest has a property with the identifier of tag. */
static BOOL dest_has(const SPropTagArray *existing, ULONG tag)
{
    return existing && tags_have_id(existing, tag);
}

static const SPropValue *values_find_id(const SPropValue *values, ULONG count, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_ID(values[i].ulPropTag) == PROP_ID(tag)) return &values[i];
    return NULL;
}

/* Copies the properties of bag that select takes to dest.  Problems are
 * reported by index into select->included, or into the list of values
 * sent for CopyTo.  sent receives the tags of the properties that went,
 * for MAPI_MOVE. */
static HRESULT copy_bag(struct imsg_root *root, enum imsg_kind kind, struct imsg_bag *bag,
        const struct copy_select *select, IMAPIProp *dest, ULONG flags, struct copy_problems *problems,
        SPropTagArray **sent)
{
    SPropValue *values, *batch = NULL;
    SPropTagArray *existing = NULL, *tags = NULL;
    SPropProblemArray *dest_problems = NULL;
    ULONG count, total, *index = NULL, n = 0, i;
    BOOL *failed = NULL;
    HRESULT hr;

    if (FAILED(hr = imsg_bag_values(root, bag, &count, &values))) return hr;
    total = select->included ? select->included->cValues : count;
    batch = mapi_heap_alloc(max(total, 1) * sizeof(*batch));
    index = mapi_heap_alloc(max(total, 1) * sizeof(*index));
    failed = mapi_heap_alloc(max(total, 1) * sizeof(*failed));
    tags = mapi_heap_alloc(CbNewSPropTagArray(max(total, 1)));
    if (!batch || !index || !failed || !tags) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr) && (flags & MAPI_NOREPLACE)) hr = IMAPIProp_GetPropList(dest, 0, &existing);

    for (i = 0; SUCCEEDED(hr) && i < total; i++)
    {
        const SPropValue *value;

        if (select->included)
        {
            ULONG tag = select->included->aulPropTag[i];

            if (tag == PR_MESSAGE_RECIPIENTS || tag == PR_MESSAGE_ATTACHMENTS || tag == PR_ATTACH_DATA_OBJ) continue;
            if (!(value = values_find_id(values, count, tag)) || PROP_TYPE(value->ulPropTag) == PT_OBJECT)
            {
                problems_add(problems, i, tag, MAPI_E_NOT_FOUND);
                continue;
            }
        }
        else
        {
            value = &values[i];
            if (PROP_TYPE(value->ulPropTag) == PT_OBJECT || is_computed_id(kind, value->ulPropTag)
                    || tags_have_id(select->excluded, value->ulPropTag))
                continue;
        }
        if (dest_has(existing, value->ulPropTag)) continue;
        index[n] = select->included ? i : n;
        failed[n] = FALSE;
        tags->aulPropTag[n] = value->ulPropTag;
        batch[n++] = *value;
    }
    tags->cValues = n;

    if (SUCCEEDED(hr)) hr = map_names(root, dest, batch, n);
    for (i = 0; SUCCEEDED(hr) && i < n; i++)
    {
        if (PROP_TYPE(batch[i].ulPropTag) != PT_ERROR) continue;
        failed[i] = TRUE;
        problems_add(problems, index[i], tags->aulPropTag[i], batch[i].Value.err);
    }
    if (SUCCEEDED(hr) && n) hr = IMAPIProp_SetProps(dest, n, batch, &dest_problems);
    for (i = 0; SUCCEEDED(hr) && dest_problems && i < dest_problems->cProblem; i++)
    {
        ULONG source = dest_problems->aProblem[i].ulIndex;

        if (source >= n || failed[source]) continue;
        failed[source] = TRUE;
        problems_add(problems, index[source], tags->aulPropTag[source], dest_problems->aProblem[i].scode);
    }

    if (SUCCEEDED(hr) && sent)
    {
        for (i = 0; i < n; i++)
            if (failed[i]) tags->aulPropTag[i] = PR_NULL;
        *sent = tags;
        tags = NULL;
    }
    if (dest_problems) MAPIFreeBuffer(dest_problems);
    if (existing) MAPIFreeBuffer(existing);
    mapi_heap_free(tags);
    mapi_heap_free(batch);
    mapi_heap_free(index);
    mapi_heap_free(failed);
    root->free_buffer(values);
    return hr;
}

static const struct copy_select copy_all = { NULL, NULL, TRUE, TRUE, TRUE };

static HRESULT copy_content(struct imsg_root *root, struct imsg_content *content, const struct copy_select *select,
        IMAPIProp *dest_prop, IMessage *dest, ULONG flags, struct copy_problems *problems, SPropTagArray **sent);

/* The recipients replace those of dest, unless MAPI_NOREPLACE finds some;
 * a message without recipients leaves those of dest alone. */
static HRESULT copy_recips(struct imsg_root *root, struct imsg_content *content, IMessage *dest, ULONG flags)
{
    ADRLIST *list;
    IMAPITable *table;
    ULONG i, j, rows = 0;
    HRESULT hr;

    if (!content->recip_count) return S_OK;
    if (flags & MAPI_NOREPLACE)
    {
        if (FAILED(hr = IMessage_GetRecipientTable(dest, 0, &table))) return hr;
        hr = IMAPITable_GetRowCount(table, 0, &rows);
        IMAPITable_Release(table);
        if (FAILED(hr)) return hr;
        if (rows) return S_OK;
    }
    if (FAILED(hr = MAPIAllocateBuffer(offsetof(ADRLIST, aEntries[content->recip_count]), (void **)&list)))
        return hr;
    memset(list, 0, offsetof(ADRLIST, aEntries[content->recip_count]));
    for (i = 0; i < content->recip_count && SUCCEEDED(hr); i++)
    {
        const struct imsg_recip *recip = &content->recips[i];
        ADRENTRY *entry = &list->aEntries[i];

        /* Everything but PR_ROWID, which the destination gives. */
        if (FAILED(hr = MAPIAllocateBuffer(max(recip->count - 1, 1) * sizeof(SPropValue), (void **)&entry->rgPropVals)))
            break;
        list->cEntries++;
        for (j = 1; j < recip->count && SUCCEEDED(hr); j++)
            hr = PropCopyMore(&entry->rgPropVals[j - 1], &recip->props[j], MAPIAllocateMore, entry->rgPropVals);
        entry->cValues = recip->count - 1;
        if (SUCCEEDED(hr)) hr = map_names(root, (IMAPIProp *)dest, entry->rgPropVals, entry->cValues);
    }
    if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(dest, 0, list);
    FreePadrlist(list);
    return hr;
}

/* dest is NULL when the destination is no attachment. */
static HRESULT copy_attach_data(struct imsg_root *root, struct imsg_attach_data *data,
        const struct copy_select *select, IMAPIProp *dest_prop, IAttach *dest, ULONG flags,
        struct copy_problems *problems, SPropTagArray **sent)
{
    IUnknown *object;
    HRESULT hr;

    if (FAILED(hr = copy_bag(root, IMSG_KIND_ATTACH, &data->bag, select, dest_prop, flags, problems, sent)))
        return hr;
    if (!dest || !select->data_object || (!data->message && !data->storage)) return S_OK;
    if (flags & MAPI_NOREPLACE)
    {
        SPropTagArray *existing;
        BOOL has;

        if (FAILED(hr = IAttach_GetPropList(dest, 0, &existing))) return hr;
        has = tags_have_id(existing, PR_ATTACH_DATA_OBJ);
        MAPIFreeBuffer(existing);
        if (has) return S_OK;
    }

    if (data->message)
    {
        if (FAILED(hr = IAttach_OpenProperty(dest, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY,
                &object)))
            return hr;
        if (SUCCEEDED(hr = copy_content(root, data->message, &copy_all, (IMAPIProp *)object, (IMessage *)object, 0,
                NULL, NULL)))
            hr = IMessage_SaveChanges((IMessage *)object, KEEP_OPEN_READWRITE);
    }
    else
    {
        if (FAILED(hr = IAttach_OpenProperty(dest, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, MAPI_CREATE | MAPI_MODIFY,
                &object)))
            return hr;
        if (SUCCEEDED(hr = IStorage_CopyTo(data->storage, 0, NULL, NULL, (IStorage *)object)))
            hr = IStorage_Commit((IStorage *)object, STGC_DEFAULT);
    }
    IUnknown_Release(object);
    return hr;
}

/* The attachments are added to those of dest, unless MAPI_NOREPLACE finds
 * some. */
static HRESULT copy_attachs(struct imsg_root *root, struct imsg_content *content, IMessage *dest, ULONG flags)
{
    IMAPITable *table;
    IAttach *attach;
    ULONG i, num, rows = 0;
    HRESULT hr = S_OK;

    if (flags & MAPI_NOREPLACE)
    {
        if (FAILED(hr = IMessage_GetAttachmentTable(dest, 0, &table))) return hr;
        hr = IMAPITable_GetRowCount(table, 0, &rows);
        IMAPITable_Release(table);
        if (FAILED(hr)) return hr;
        if (rows) return S_OK;
    }
    for (i = 0; i < content->attach_count && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = IMessage_CreateAttach(dest, NULL, 0, &num, &attach))) break;
        if (SUCCEEDED(hr = copy_attach_data(root, content->attachs[i], &copy_all, (IMAPIProp *)attach, attach, 0,
                NULL, NULL)))
            hr = IAttach_SaveChanges(attach, KEEP_OPEN_READWRITE);
        IAttach_Release(attach);
    }
    return hr;
}

/* dest is NULL when the destination is no message. */
static HRESULT copy_content(struct imsg_root *root, struct imsg_content *content, const struct copy_select *select,
        IMAPIProp *dest_prop, IMessage *dest, ULONG flags, struct copy_problems *problems, SPropTagArray **sent)
{
    HRESULT hr;

    if (FAILED(hr = copy_bag(root, IMSG_KIND_MESSAGE, &content->bag, select, dest_prop, flags, problems, sent)))
        return hr;
    if (!dest) return S_OK;
    if (select->recips && FAILED(hr = copy_recips(root, content, dest, flags))) return hr;
    if (select->attachs) hr = copy_attachs(root, content, dest, flags);
    return hr;
}

static HRESULT report_progress(IMAPIProgress *progress, ULONG done, ULONG total)
{
    ULONG flags = 0, low = 0, high = 0;
    HRESULT hr;

    if (!progress) return S_OK;
    if (FAILED(hr = IMAPIProgress_GetFlags(progress, &flags))) return hr;
    if (FAILED(hr = IMAPIProgress_GetMin(progress, &low))) return hr;
    if (FAILED(hr = IMAPIProgress_GetMax(progress, &high))) return hr;
    return IMAPIProgress_Progress(progress, done ? high : low, flags & MAPI_TOP_LEVEL ? done : 0,
            flags & MAPI_TOP_LEVEL ? total : 0);
}

/* dest must offer iid and must not be the source itself. */
static HRESULT dest_check(IUnknown *self, const IID *iid, void *dest)
{
    IUnknown *check;
    HRESULT hr;

    if (FAILED(IUnknown_QueryInterface((IUnknown *)dest, iid, (void **)&check))) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    IUnknown_Release(check);
    if (FAILED(IUnknown_QueryInterface((IUnknown *)dest, &IID_IUnknown, (void **)&check)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    hr = check == self ? MAPI_E_NO_ACCESS : S_OK;
    IUnknown_Release(check);
    return hr;
}

/* MAPI_MOVE: what went is taken from the source.  The root's lock is held. */
static void move_done(struct imsg_object *obj, enum imsg_kind kind, void *source, const struct copy_select *select,
        const SPropTagArray *sent)
{
    struct imsg_root *root = obj->root;
    ULONG i;

    for (i = 0; sent && i < sent->cValues; i++)
    {
        if (sent->aulPropTag[i] == PR_NULL) continue;
        if (imsg_bag_attr(obj->bag, sent->aulPropTag[i]) & PROPATTR_WRITEABLE)
            imsg_bag_remove(obj->bag, sent->aulPropTag[i]);
    }
    if (kind == IMSG_KIND_MESSAGE)
    {
        struct imsg_message *message = source;
        ADRLIST empty = {0};

        if (select->recips && SUCCEEDED(imsg_recips_modify(root, message->content, 0, &empty)))
        {
            imsg_content_update_display(root, message->content);
            imsg_recip_tables_update(message);
        }
        while (select->attachs && message->content->attach_count)
            imsg_attach_delete(message, message->content->attachs[0]->num);
    }
    else if (select->data_object)
    {
        struct imsg_attach_data *data = ((struct imsg_attach *)source)->data;

        imsg_content_free(root, data->message);
        data->message = NULL;
        if (data->storage) IStorage_Release(data->storage);
        data->storage = NULL;
        imsg_bag_remove(&data->bag, PR_ATTACH_DATA_OBJ);
    }
}

static HRESULT copy_run(struct imsg_object *obj, enum imsg_kind kind, void *source, const struct copy_select *select,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **out)
{
    struct imsg_root *root = obj->root;
    struct copy_problems problems = {0};
    struct imsg_content *content = NULL;
    struct imsg_attach_data *data = NULL;
    struct copy_select taken = *select;
    SPropTagArray *sent = NULL;
    IMAPIProp *dest_prop = NULL;
    IUnknown *dest_object = NULL, *self;
    HRESULT hr;

    self = kind == IMSG_KIND_MESSAGE ? (IUnknown *)&((struct imsg_message *)source)->IMessage_iface
            : (IUnknown *)&((struct imsg_attach *)source)->IAttach_iface;
    if (FAILED(hr = dest_check(self, iid, dest))) return hr;
    if ((flags & MAPI_MOVE) && !imsg_object_writable(obj)) return MAPI_E_NO_ACCESS;
    if (FAILED(IUnknown_QueryInterface((IUnknown *)dest, &IID_IMAPIProp, (void **)&dest_prop)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    /* Subobjects go only where the same kind of object takes them. */
    if (FAILED(IUnknown_QueryInterface((IUnknown *)dest, kind == IMSG_KIND_MESSAGE ? &IID_IMessage : &IID_IAttachment,
            (void **)&dest_object)))
        taken.recips = taken.attachs = taken.data_object = FALSE;

    EnterCriticalSection(&root->cs);
    if (kind == IMSG_KIND_MESSAGE)
        hr = imsg_content_clone(root, ((struct imsg_message *)source)->content, &content);
    else
        hr = imsg_attach_data_clone(root, ((struct imsg_attach *)source)->data, &data);
    LeaveCriticalSection(&root->cs);
    if (FAILED(hr)) goto done;

    if ((flags & MAPI_DIALOG) && FAILED(hr = report_progress(progress, 0, 1))) goto done;
    if (kind == IMSG_KIND_MESSAGE)
        hr = copy_content(root, content, &taken, dest_prop, (IMessage *)dest_object, flags, &problems,
                flags & MAPI_MOVE ? &sent : NULL);
    else
        hr = copy_attach_data(root, data, &taken, dest_prop, (IAttach *)dest_object, flags, &problems,
                flags & MAPI_MOVE ? &sent : NULL);
    if (FAILED(hr)) goto done;
    if ((flags & MAPI_DIALOG) && FAILED(hr = report_progress(progress, 1, 1))) goto done;

    if (flags & MAPI_MOVE)
    {
        EnterCriticalSection(&root->cs);
        move_done(obj, kind, source, &taken, sent);
        LeaveCriticalSection(&root->cs);
    }
    if (out && problems.count)
    {
        if (SUCCEEDED(hr = root->allocate_buffer(CbNewSPropProblemArray(problems.count), (void **)out)))
        {
            (*out)->cProblem = problems.count;
            memcpy((*out)->aProblem, problems.items, problems.count * sizeof(*problems.items));
        }
    }

done:
    imsg_content_free(root, content);
    imsg_attach_data_free(root, data);
    mapi_heap_free(problems.items);
    mapi_heap_free(sent);
    if (dest_object) IUnknown_Release(dest_object);
    IMAPIProp_Release(dest_prop);
    return hr;
}

HRESULT imsg_copy_to(struct imsg_object *obj, enum imsg_kind kind, void *source, ULONG iid_count,
        const IID *excluded_iids, SPropTagArray *excluded, IMAPIProgress *progress, const IID *iid, void *dest,
        ULONG flags, SPropProblemArray **problems)
{
    const IID *own = kind == IMSG_KIND_MESSAGE ? &IID_IMessage : &IID_IAttachment;
    struct copy_select select = { excluded, NULL, TRUE, TRUE, TRUE };
    ULONG i;

    if (problems) *problems = NULL;
    if (!dest || !iid || (iid_count && !excluded_iids) || (excluded && (!excluded->cValues
            || tags_have_id(excluded, PR_NULL))))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;

    for (i = 0; i < iid_count; i++)
    {
        if (IsEqualIID(&excluded_iids[i], &IID_IUnknown) || IsEqualIID(&excluded_iids[i], &IID_IMAPIProp))
            return MAPI_E_INTERFACE_NOT_SUPPORTED;
        if (IsEqualIID(&excluded_iids[i], own)) select.recips = select.attachs = select.data_object = FALSE;
        if (IsEqualIID(&excluded_iids[i], &IID_IAttachment)) select.attachs = FALSE;
        if (IsEqualIID(&excluded_iids[i], &IID_IMessage)) select.data_object = FALSE;
    }
    if (tags_have_id(excluded, PR_MESSAGE_RECIPIENTS)) select.recips = FALSE;
    if (tags_have_id(excluded, PR_MESSAGE_ATTACHMENTS)) select.attachs = FALSE;
    if (tags_have_id(excluded, PR_ATTACH_DATA_OBJ)) select.data_object = FALSE;
    if (kind != IMSG_KIND_MESSAGE) select.recips = select.attachs = FALSE;
    if (kind != IMSG_KIND_ATTACH) select.data_object = FALSE;
    return copy_run(obj, kind, source, &select, progress, iid, dest, flags, problems);
}

HRESULT imsg_copy_props(struct imsg_object *obj, enum imsg_kind kind, void *source, SPropTagArray *included,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct copy_select select = { NULL, included, FALSE, FALSE, FALSE };

    if (problems) *problems = NULL;
    if (!included || !included->cValues || tags_have_id(included, PR_NULL) || !dest || !iid)
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;

    if (kind == IMSG_KIND_MESSAGE)
    {
        select.recips = tags_have_id(included, PR_MESSAGE_RECIPIENTS);
        select.attachs = tags_have_id(included, PR_MESSAGE_ATTACHMENTS);
    }
    else
        select.data_object = tags_have_id(included, PR_ATTACH_DATA_OBJ);
    return copy_run(obj, kind, source, &select, progress, iid, dest, flags, problems);
}
