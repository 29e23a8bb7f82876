/*
 * mapi32: IMessage on structured storage, the IMAPIProp part of messages
 * and attachments, and their contents in memory
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The properties of each message and attachment are kept in an IPropData
 * (CreateIProp), which does the property work of IMAPIProp: GetProps with
 * its string conversions, SetProps, DeleteProps, GetPropList and the
 * streams of OpenProperty.  What the IPropData does not know is added
 * here: the properties the object computes, the attributes of
 * SetAttribIMsgOnIStg, and the named property map, which is one for the
 * whole message file.
 */

#include <stdio.h>

#include "imsg.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static inline struct propdata *bag_data(const struct imsg_bag *bag)
{
    return CONTAINING_RECORD(bag->props, struct propdata, IPropData_iface);
}

/* --- property bags ------------------------------------------------------- */

HRESULT imsg_bag_init(struct imsg_root *root, struct imsg_bag *bag)
{
    bag->attrs = NULL;
    bag->attr_count = 0;
    return CreateIProp(&IID_IMAPIPropData, root->allocate_buffer, root->allocate_more, root->free_buffer, NULL,
            &bag->props);
}

void imsg_bag_free(struct imsg_bag *bag)
{
    if (bag->props) IPropData_Release(bag->props);
    mapi_heap_free(bag->attrs);
    bag->props = NULL;
    bag->attrs = NULL;
    bag->attr_count = 0;
}

/* A copy of src with the same values, access and attributes; the copy is
 * read/write as a whole. */
static HRESULT bag_clone(struct imsg_root *root, const struct imsg_bag *src, struct imsg_bag *dst)
{
    struct propdata *from = bag_data(src), *to;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = imsg_bag_init(root, dst))) return hr;
    to = bag_data(dst);
    if (src->attr_count)
    {
        if (!(dst->attrs = mapi_heap_alloc(src->attr_count * sizeof(*dst->attrs))))
        {
            imsg_bag_free(dst);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        memcpy(dst->attrs, src->attrs, src->attr_count * sizeof(*dst->attrs));
        dst->attr_count = src->attr_count;
    }

    EnterCriticalSection(&from->cs);
    EnterCriticalSection(&to->cs);
    for (i = 0; i < from->prop_count && SUCCEEDED(hr); i++)
    {
        if (SUCCEEDED(hr = propdata_store(to, from->props[i].value)))
            propdata_find(to, from->props[i].value->ulPropTag)->access = from->props[i].access;
    }
    LeaveCriticalSection(&to->cs);
    LeaveCriticalSection(&from->cs);
    if (FAILED(hr)) imsg_bag_free(dst);
    return hr;
}

/* Stores a copy of value whatever the access of the bag or the property. */
HRESULT imsg_bag_put(struct imsg_bag *bag, const SPropValue *value)
{
    struct propdata *data = bag_data(bag);
    HRESULT hr;

    EnterCriticalSection(&data->cs);
    hr = propdata_store(data, value);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static void attrs_remove(struct imsg_bag *bag, ULONG index)
{
    memmove(&bag->attrs[index], &bag->attrs[index + 1], (bag->attr_count - index - 1) * sizeof(*bag->attrs));
    bag->attr_count--;
}

static struct imsg_attr *attrs_find(struct imsg_bag *bag, ULONG tag)
{
    ULONG i;

    for (i = 0; i < bag->attr_count; i++)
        if (bag->attrs[i].id == PROP_ID(tag)) return &bag->attrs[i];
    return NULL;
}

/* Removes the property whatever its access; the attributes go with it. */
void imsg_bag_remove(struct imsg_bag *bag, ULONG tag)
{
    struct propdata *data = bag_data(bag);
    struct prop_entry *entry;
    struct imsg_attr *attr;

    EnterCriticalSection(&data->cs);
    if ((entry = propdata_find(data, tag)))
    {
        ULONG index = entry - data->props;

        data->free_buffer(entry->value);
        memmove(entry, entry + 1, (data->prop_count - index - 1) * sizeof(*entry));
        data->prop_count--;
    }
    if ((attr = attrs_find(bag, tag))) attrs_remove(bag, attr - bag->attrs);
    LeaveCriticalSection(&data->cs);
}

/* The attributes of a property: PROPATTR_WRITEABLE follows the access of
 * the property in the IPropData, the others are kept beside it. */
ULONG imsg_bag_attr(struct imsg_bag *bag, ULONG tag)
{
    struct propdata *data = bag_data(bag);
    struct prop_entry *entry;
    struct imsg_attr *attr;
    ULONG result = PROPATTR_NOT_PRESENT;

    EnterCriticalSection(&data->cs);
    if ((entry = propdata_find(data, tag)))
    {
        result = (attr = attrs_find(bag, tag)) ? attr->attr : PROPATTR_READABLE;
        if (entry->access & IPROP_READWRITE) result |= PROPATTR_WRITEABLE;
    }
    LeaveCriticalSection(&data->cs);
    return result;
}

/* MAPI_E_NOT_FOUND when the bag has no such property. */
HRESULT imsg_bag_set_attr(struct imsg_bag *bag, ULONG tag, ULONG attr)
{
    struct propdata *data = bag_data(bag);
    ULONG kept = attr & (PROPATTR_MANDATORY | PROPATTR_READABLE);
    struct prop_entry *entry;
    struct imsg_attr *found, *attrs;
    HRESULT hr = S_OK;

    EnterCriticalSection(&data->cs);
    if (!(entry = propdata_find(data, tag)))
        hr = MAPI_E_NOT_FOUND;
    else if ((found = attrs_find(bag, tag)))
    {
        if (kept == PROPATTR_READABLE)
            attrs_remove(bag, found - bag->attrs);
        else
            found->attr = kept;
    }
    else if (kept != PROPATTR_READABLE)
    {
        if (!(attrs = mapi_heap_realloc(bag->attrs, (bag->attr_count + 1) * sizeof(*attrs))))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            bag->attrs = attrs;
            attrs[bag->attr_count].id = PROP_ID(tag);
            attrs[bag->attr_count++].attr = kept;
        }
    }
    if (SUCCEEDED(hr))
        entry->access = (entry->access & (IPROP_CLEAN | IPROP_DIRTY))
                | (attr & PROPATTR_WRITEABLE ? IPROP_READWRITE : IPROP_READONLY);
    LeaveCriticalSection(&data->cs);
    return hr;
}

/* Every property of the bag as stored, object properties included, in one
 * buffer of the root's allocate_buffer. */
HRESULT imsg_bag_values(struct imsg_root *root, struct imsg_bag *bag, ULONG *count, SPropValue **values)
{
    struct propdata *data = bag_data(bag);
    SPropValue *out = NULL;
    HRESULT hr = S_OK;
    ULONG i;

    EnterCriticalSection(&data->cs);
    if (SUCCEEDED(hr = root->allocate_buffer(max(data->prop_count, 1) * sizeof(*out), (void **)&out)))
    {
        for (i = 0; i < data->prop_count && SUCCEEDED(hr); i++)
            hr = PropCopyMore(&out[i], data->props[i].value, root->allocate_more, out);
        *count = data->prop_count;
    }
    LeaveCriticalSection(&data->cs);
    if (FAILED(hr) && out) root->free_buffer(out);
    if (SUCCEEDED(hr)) *values = out;
    return hr;
}

/* Copies count props into one buffer of the root's allocate_buffer, with
 * strings and multi-valued strings converted to Unicode or to ANSI. */
SCODE imsg_copy_props_as(struct imsg_root *root, ULONG count, const SPropValue *props, BOOL unicode,
        ULONG *out_count, SPropValue **out)
{
    SPropValue *values;
    SCODE sc;
    ULONG i;

    if (FAILED(sc = root->allocate_buffer(max(count, 1) * sizeof(*values), (void **)&values))) return sc;
    for (i = 0; i < count && SUCCEEDED(sc); i++)
    {
        ULONG type = PROP_TYPE(props[i].ulPropTag);

        if (imsg_is_string(type)) type = unicode ? PT_UNICODE : PT_STRING8;
        else if (imsg_is_string(type & ~MV_FLAG)) type = unicode ? PT_MV_UNICODE : PT_MV_STRING8;
        sc = propdata_value_copy_as(&values[i], &props[i], type, root->allocate_more, values);
    }
    if (FAILED(sc))
    {
        root->free_buffer(values);
        return sc;
    }
    *out_count = count;
    *out = values;
    return S_OK;
}

/* --- contents ------------------------------------------------------------- */

HRESULT imsg_content_create(struct imsg_root *root, struct imsg_content **out)
{
    struct imsg_content *content;
    SPropValue value;
    HRESULT hr;

    if (!(content = mapi_heap_alloc(sizeof(*content)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(content, 0, sizeof(*content));
    if (FAILED(hr = imsg_bag_init(root, &content->bag)))
    {
        mapi_heap_free(content);
        return hr;
    }
    value.ulPropTag = PR_HASATTACH;
    value.Value.b = FALSE;
    hr = imsg_bag_put(&content->bag, &value);
    if (SUCCEEDED(hr) && root->unicode)
    {
        value.ulPropTag = PR_STORE_SUPPORT_MASK;
        value.Value.l = STORE_UNICODE_OK;
        hr = imsg_bag_put(&content->bag, &value);
    }
    if (FAILED(hr))
    {
        imsg_content_free(root, content);
        return hr;
    }
    *out = content;
    return S_OK;
}

void imsg_content_free(struct imsg_root *root, struct imsg_content *content)
{
    ULONG i;

    if (!content) return;
    imsg_bag_free(&content->bag);
    imsg_recips_free(root, content);
    for (i = 0; i < content->attach_count; i++) imsg_attach_data_free(root, content->attachs[i]);
    mapi_heap_free(content->attachs);
    mapi_heap_free(content);
}

HRESULT imsg_content_clone(struct imsg_root *root, const struct imsg_content *src, struct imsg_content **out)
{
    struct imsg_content *content;
    struct imsg_attach_data *data;
    HRESULT hr;
    ULONG i;

    if (!(content = mapi_heap_alloc(sizeof(*content)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(content, 0, sizeof(*content));
    if (FAILED(hr = bag_clone(root, &src->bag, &content->bag)))
    {
        mapi_heap_free(content);
        return hr;
    }
    content->next_rowid = src->next_rowid;
    content->next_attach_num = src->next_attach_num;
    hr = imsg_recips_clone(root, src, content);
    for (i = 0; i < src->attach_count && SUCCEEDED(hr); i++)
    {
        if (SUCCEEDED(hr = imsg_attach_data_clone(root, src->attachs[i], &data)))
            hr = imsg_content_add_attach(root, content, data);
    }
    if (FAILED(hr))
    {
        imsg_content_free(root, content);
        return hr;
    }
    *out = content;
    return S_OK;
}

HRESULT imsg_attach_data_create(struct imsg_root *root, ULONG num, struct imsg_attach_data **out)
{
    struct imsg_attach_data *data;
    SPropValue value;
    HRESULT hr;

    if (!(data = mapi_heap_alloc(sizeof(*data)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(data, 0, sizeof(*data));
    data->num = num;
    if (FAILED(hr = imsg_bag_init(root, &data->bag)))
    {
        mapi_heap_free(data);
        return hr;
    }
    value.ulPropTag = PR_ATTACH_NUM;
    value.Value.l = num;
    if (FAILED(hr = imsg_bag_put(&data->bag, &value)))
    {
        imsg_attach_data_free(root, data);
        return hr;
    }
    *out = data;
    return S_OK;
}

void imsg_attach_data_free(struct imsg_root *root, struct imsg_attach_data *data)
{
    if (!data) return;
    imsg_bag_free(&data->bag);
    imsg_content_free(root, data->message);
    if (data->storage) IStorage_Release(data->storage);
    mapi_heap_free(data);
}

HRESULT imsg_attach_data_clone(struct imsg_root *root, const struct imsg_attach_data *src,
        struct imsg_attach_data **out)
{
    struct imsg_attach_data *data;
    HRESULT hr;

    if (!(data = mapi_heap_alloc(sizeof(*data)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(data, 0, sizeof(*data));
    data->num = src->num;
    if (FAILED(hr = bag_clone(root, &src->bag, &data->bag)))
    {
        mapi_heap_free(data);
        return hr;
    }
    if (src->message) hr = imsg_content_clone(root, src->message, &data->message);
    if (SUCCEEDED(hr) && src->storage) hr = imsg_storage_clone(src->storage, &data->storage);
    if (FAILED(hr))
    {
        imsg_attach_data_free(root, data);
        return hr;
    }
    *out = data;
    return S_OK;
}

/* A storage in memory with the contents of src, or empty when src is NULL. */
HRESULT imsg_storage_clone(IStorage *src, IStorage **out)
{
    ILockBytes *bytes;
    IStorage *storage;
    HRESULT hr;

    if (FAILED(hr = CreateILockBytesOnHGlobal(NULL, TRUE, &bytes))) return hr;
    hr = StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage);
    ILockBytes_Release(bytes);
    if (FAILED(hr)) return hr;
    if (src && FAILED(hr = IStorage_CopyTo(src, 0, NULL, NULL, storage)))
    {
        IStorage_Release(storage);
        return hr;
    }
    *out = storage;
    return S_OK;
}

/* Takes data into the content's list, in the place of its number; an
 * attachment with the same number is freed. */
HRESULT imsg_content_add_attach(struct imsg_root *root, struct imsg_content *content, struct imsg_attach_data *data)
{
    struct imsg_attach_data **attachs;
    ULONG i;

    for (i = 0; i < content->attach_count; i++)
    {
        if (content->attachs[i]->num == data->num)
        {
            imsg_attach_data_free(root, content->attachs[i]);
            content->attachs[i] = data;
            return S_OK;
        }
        if (content->attachs[i]->num > data->num) break;
    }
    if (content->attach_count == content->attach_capacity)
    {
        ULONG capacity = max(content->attach_capacity * 2, 4);

        if (!(attachs = mapi_heap_realloc(content->attachs, capacity * sizeof(*attachs))))
        {
            imsg_attach_data_free(root, data);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        content->attachs = attachs;
        content->attach_capacity = capacity;
    }
    memmove(&content->attachs[i + 1], &content->attachs[i], (content->attach_count - i) * sizeof(*content->attachs));
    content->attachs[i] = data;
    content->attach_count++;
    if (data->num >= content->next_attach_num) content->next_attach_num = data->num + 1;
    return S_OK;
}

struct imsg_attach_data *imsg_content_find_attach(struct imsg_content *content, ULONG num)
{
    ULONG i;

    for (i = 0; i < content->attach_count; i++)
        if (content->attachs[i]->num == num) return content->attachs[i];
    return NULL;
}

/* PR_HASATTACH, and MSGFLAG_HASATTACH in PR_MESSAGE_FLAGS when the message
 * has flags. */
HRESULT imsg_content_update_hasattach(struct imsg_content *content)
{
    struct propdata *data = bag_data(&content->bag);
    struct prop_entry *flags;
    SPropValue value;
    HRESULT hr;

    value.ulPropTag = PR_HASATTACH;
    value.Value.b = content->attach_count != 0;
    if (FAILED(hr = imsg_bag_put(&content->bag, &value))) return hr;

    EnterCriticalSection(&data->cs);
    if ((flags = propdata_find(data, PR_MESSAGE_FLAGS)) && flags->value->ulPropTag == PR_MESSAGE_FLAGS)
    {
        if (content->attach_count)
            flags->value->Value.l |= MSGFLAG_HASATTACH;
        else
            flags->value->Value.l &= ~MSGFLAG_HASATTACH;
    }
    LeaveCriticalSection(&data->cs);
    return S_OK;
}

/* --- the IMAPIProp methods ------------------------------------------------ */

HRESULT imsg_object_record(struct imsg_object *obj, HRESULT hr, const char *method)
{
    if (FAILED(hr))
    {
        EnterCriticalSection(&obj->root->cs);
        obj->last_error = hr;
        obj->last_method = method;
        LeaveCriticalSection(&obj->root->cs);
    }
    return hr;
}

/* A message closed by CloseIMsgSession takes no more calls, nor do its
 * subobjects. */
BOOL imsg_object_closed(struct imsg_object *obj)
{
    BOOL closed;

    EnterCriticalSection(&obj->root->cs);
    closed = obj->root->closed;
    LeaveCriticalSection(&obj->root->cs);
    return closed;
}

BOOL imsg_object_writable(struct imsg_object *obj)
{
    struct propdata *data = bag_data(obj->bag);
    BOOL writable;

    EnterCriticalSection(&data->cs);
    writable = data->access == IPROP_READWRITE;
    LeaveCriticalSection(&data->cs);
    return writable;
}

void imsg_object_set_writable(struct imsg_object *obj, BOOL writable)
{
    IPropData_HrSetObjAccess(obj->bag->props, writable ? IPROP_READWRITE : IPROP_READONLY);
}

HRESULT imsg_check_save_flags(ULONG flags)
{
    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS | SPAMFILTER_ONSAVE
            | NON_EMS_XP_SAVE))
        return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & KEEP_OPEN_READONLY) && (flags & KEEP_OPEN_READWRITE)) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

static SCODE error_string(struct imsg_root *root, const char *text, BOOL unicode, void *parent, char **out)
{
    int len;
    SCODE sc;

    if (!unicode)
    {
        if (FAILED(sc = root->allocate_more(strlen(text) + 1, parent, (void **)out))) return sc;
        strcpy(*out, text);
        return S_OK;
    }
    len = MultiByteToWideChar(CP_ACP, 0, text, -1, NULL, 0);
    if (FAILED(sc = root->allocate_more(len * sizeof(WCHAR), parent, (void **)out))) return sc;
    MultiByteToWideChar(CP_ACP, 0, text, -1, (WCHAR *)*out, len);
    return S_OK;
}

HRESULT imsg_object_get_last_error(struct imsg_object *obj, HRESULT result, ULONG flags, MAPIERROR **out)
{
    struct imsg_root *root = obj->root;
    const char *method = NULL;
    MAPIERROR *error;
    char text[128];
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&root->cs);
    if (FAILED(result) && result == obj->last_error) method = obj->last_method;
    LeaveCriticalSection(&root->cs);
    if (!method) return S_OK;

    snprintf(text, sizeof(text), "%s::%s failed with error %#lx.", obj->component, method, result);
    if (FAILED(hr = root->allocate_buffer(sizeof(*error), (void **)&error))) return hr;
    error->ulVersion = MAPI_ERROR_VERSION;
    error->ulLowLevelError = 0;
    error->ulContext = 0;
    if (FAILED(hr = error_string(root, text, flags & MAPI_UNICODE, error, (char **)&error->lpszError))
            || FAILED(hr = error_string(root, obj->component, flags & MAPI_UNICODE, error,
            (char **)&error->lpszComponent)))
    {
        root->free_buffer(error);
        return hr;
    }
    *out = error;
    return S_OK;
}

HRESULT imsg_object_get_props(struct imsg_object *obj, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;
    return imsg_object_record(obj, IPropData_GetProps(obj->bag->props, tags, flags, count, values), "GetProps");
}

HRESULT imsg_object_get_prop_list(struct imsg_object *obj, ULONG flags, SPropTagArray **tags)
{
    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;
    return imsg_object_record(obj, IPropData_GetPropList(obj->bag->props, flags, tags), "GetPropList");
}

static BOOL is_computed(const struct imsg_object *obj, ULONG tag)
{
    const ULONG *computed;

    for (computed = obj->computed; *computed != PR_NULL; computed++)
        if (PROP_ID(*computed) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Streams on string and binary properties come from the IPropData. */
HRESULT imsg_object_open_stream(struct imsg_object *obj, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    HRESULT hr;

    if (out) *out = NULL;
    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;
    if ((flags & (MAPI_CREATE | MAPI_MODIFY)) && is_computed(obj, tag) && out && iid)
        return imsg_object_record(obj, MAPI_E_COMPUTED, "OpenProperty");
    hr = IPropData_OpenProperty(obj->bag->props, tag, iid, options, flags, out);
    return imsg_object_record(obj, hr, "OpenProperty");
}

/* The problems of a call on part of the caller's values, moved to the
 * indexes of the whole array, followed by the extra ones. */
static HRESULT problems_merge(struct imsg_root *root, SPropProblemArray *part, const ULONG *index,
        const SPropProblem *extra, ULONG extra_count, SPropProblemArray **out)
{
    ULONG count = (part ? part->cProblem : 0) + extra_count, i, n = 0;
    SPropProblemArray *problems;
    HRESULT hr;

    if (!count || !out) return S_OK;
    if (FAILED(hr = root->allocate_buffer(CbNewSPropProblemArray(count), (void **)&problems))) return hr;
    for (i = 0; part && i < part->cProblem; i++)
    {
        problems->aProblem[n] = part->aProblem[i];
        problems->aProblem[n++].ulIndex = index[part->aProblem[i].ulIndex];
    }
    for (i = 0; i < extra_count; i++) problems->aProblem[n++] = extra[i];
    problems->cProblem = n;
    *out = problems;
    return S_OK;
}

/* Splits tags or values into those the object computes, which are reported
 * as problems with sc, and the rest, which the IPropData handles. */
struct split
{
    ULONG *index;           /* of each passed item in the caller's array */
    ULONG passed;
    SPropProblem *problems;
    ULONG problem_count;
};

static HRESULT split_init(struct split *split, ULONG count)
{
    split->passed = split->problem_count = 0;
    split->index = mapi_heap_alloc(max(count, 1) * sizeof(*split->index));
    split->problems = mapi_heap_alloc(max(count, 1) * sizeof(*split->problems));
    if (split->index && split->problems) return S_OK;
    mapi_heap_free(split->index);
    mapi_heap_free(split->problems);
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

static void split_problem(struct split *split, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblem *problem = &split->problems[split->problem_count++];

    problem->ulIndex = index;
    problem->ulPropTag = tag;
    problem->scode = sc;
}

static void split_free(struct split *split)
{
    mapi_heap_free(split->index);
    mapi_heap_free(split->problems);
}

HRESULT imsg_object_set_props(struct imsg_object *obj, ULONG count, SPropValue *values,
        SPropProblemArray **problems)
{
    SPropProblemArray *part = NULL;
    SPropValue *passed = NULL;
    struct split split;
    HRESULT hr = S_OK;
    ULONG i;

    if (problems) *problems = NULL;
    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;
    if (!values || !count) return imsg_object_record(obj, MAPI_E_INVALID_PARAMETER, "SetProps");
    if (!imsg_object_writable(obj)) return imsg_object_record(obj, MAPI_E_NO_ACCESS, "SetProps");
    if (FAILED(hr = split_init(&split, count))) return imsg_object_record(obj, hr, "SetProps");
    if (!(passed = mapi_heap_alloc(count * sizeof(*passed))))
    {
        split_free(&split);
        return imsg_object_record(obj, MAPI_E_NOT_ENOUGH_MEMORY, "SetProps");
    }

    for (i = 0; i < count; i++)
    {
        if (is_computed(obj, values[i].ulPropTag) && PROP_TYPE(values[i].ulPropTag) != PT_ERROR)
            split_problem(&split, i, values[i].ulPropTag, MAPI_E_COMPUTED);
        else
        {
            split.index[split.passed] = i;
            passed[split.passed++] = values[i];
        }
    }
    if (split.passed) hr = IPropData_SetProps(obj->bag->props, split.passed, passed, &part);
    if (SUCCEEDED(hr)) hr = problems_merge(obj->root, part, split.index, split.problems, split.problem_count, problems);
    if (part) obj->root->free_buffer(part);
    mapi_heap_free(passed);
    split_free(&split);
    return imsg_object_record(obj, hr, "SetProps");
}

HRESULT imsg_object_delete_props(struct imsg_object *obj, SPropTagArray *tags, SPropProblemArray **problems)
{
    SPropProblemArray *part = NULL;
    SPropTagArray *passed = NULL;
    struct split split;
    HRESULT hr = S_OK;
    ULONG i;

    if (problems) *problems = NULL;
    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;
    if (!tags || !tags->cValues) return imsg_object_record(obj, MAPI_E_INVALID_PARAMETER, "DeleteProps");
    if (!imsg_object_writable(obj)) return imsg_object_record(obj, MAPI_E_NO_ACCESS, "DeleteProps");
    if (FAILED(hr = split_init(&split, tags->cValues))) return imsg_object_record(obj, hr, "DeleteProps");
    if (!(passed = mapi_heap_alloc(CbNewSPropTagArray(tags->cValues))))
    {
        split_free(&split);
        return imsg_object_record(obj, MAPI_E_NOT_ENOUGH_MEMORY, "DeleteProps");
    }

    for (i = 0; i < tags->cValues; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        if (is_computed(obj, tag))
            split_problem(&split, i, tag, MAPI_E_COMPUTED);
        else if (imsg_bag_attr(obj->bag, tag) & PROPATTR_MANDATORY)
            split_problem(&split, i, tag, MAPI_E_NO_ACCESS);
        else
        {
            split.index[split.passed] = i;
            passed->aulPropTag[split.passed++] = tag;
        }
    }
    passed->cValues = split.passed;
    if (split.passed) hr = IPropData_DeleteProps(obj->bag->props, passed, &part);
    if (SUCCEEDED(hr))
    {
        /* Attributes go with the properties that are gone. */
        for (i = 0; i < passed->cValues; i++)
            if (imsg_bag_attr(obj->bag, passed->aulPropTag[i]) == PROPATTR_NOT_PRESENT)
                imsg_bag_remove(obj->bag, passed->aulPropTag[i]);
        hr = problems_merge(obj->root, part, split.index, split.problems, split.problem_count, problems);
    }
    if (part) obj->root->free_buffer(part);
    mapi_heap_free(passed);
    split_free(&split);
    return imsg_object_record(obj, hr, "DeleteProps");
}

/* The named property map is the file's: every object of it shares one,
 * and it is saved with the top-level message. */
HRESULT imsg_object_get_names(struct imsg_object *obj, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    HRESULT hr;

    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;
    hr = IPropData_GetNamesFromIDs(obj->root->names, tags, guid, flags, count, names);
    return imsg_object_record(obj, hr, "GetNamesFromIDs");
}

HRESULT imsg_object_get_ids(struct imsg_object *obj, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    HRESULT hr;

    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;
    /* A name made on a read-only message is kept in the map all the same:
     * readers look properties up that way. */
    hr = IPropData_GetIDsFromNames(obj->root->names, count, names, flags, tags);
    return imsg_object_record(obj, hr, "GetIDsFromNames");
}
