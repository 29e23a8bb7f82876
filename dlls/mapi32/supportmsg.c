/*
 * mapi32: the support object's methods for messages and folders
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a store's support object does with the store's own messages and
 * folders: copying (DoCopyTo, DoCopyProps, CopyMessages), the submission
 * helpers the reference has a store call (PrepareSubmit, ExpandRecips,
 * DoSentMail), and the progress object of DoProgressDialog.  The
 * reference offers these to stores only, DoProgressDialog to address
 * books as well; other kinds get MAPI_E_NO_SUPPORT.
 */

#include "support.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#define MODRECIP_MODIFY 0x00000004
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(count) (offsetof(ADRLIST, aEntries[count]))
#endif
#ifndef MESSAGE_MOVE
#define MESSAGE_MOVE    0x00000001
#define MESSAGE_DIALOG  0x00000002
#endif

/* A progress object that keeps the values it is given and shows nothing. */
struct progress
{
    IMAPIProgress IMAPIProgress_iface;
    LONG refcount;
    ULONG flags, min, max, value;
};

static inline struct progress *impl_from_IMAPIProgress(IMAPIProgress *iface)
{
    return CONTAINING_RECORD(iface, struct progress, IMAPIProgress_iface);
}

static ULONG WINAPI progress_AddRef(IMAPIProgress *iface);

static HRESULT WINAPI progress_QueryInterface(IMAPIProgress *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProgress))
    {
        *out = iface;
        progress_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI progress_AddRef(IMAPIProgress *iface)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);
    ULONG refcount = InterlockedIncrement(&progress->refcount);

    TRACE("%p increasing refcount to %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI progress_Release(IMAPIProgress *iface)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);
    ULONG refcount = InterlockedDecrement(&progress->refcount);

    TRACE("%p decreasing refcount to %lu.\n", iface, refcount);
    if (!refcount) mapi_heap_free(progress);
    return refcount;
}

static HRESULT WINAPI progress_Progress(IMAPIProgress *iface, ULONG value, ULONG count, ULONG total)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);

    TRACE("%p, %lu, %lu, %lu.\n", iface, value, count, total);
    progress->value = value;
    return S_OK;
}

static HRESULT WINAPI progress_GetFlags(IMAPIProgress *iface, ULONG *flags)
{
    TRACE("%p, %p.\n", iface, flags);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    *flags = impl_from_IMAPIProgress(iface)->flags;
    return S_OK;
}

static HRESULT WINAPI progress_GetMax(IMAPIProgress *iface, ULONG *max)
{
    TRACE("%p, %p.\n", iface, max);

    if (!max) return MAPI_E_INVALID_PARAMETER;
    *max = impl_from_IMAPIProgress(iface)->max;
    return S_OK;
}

static HRESULT WINAPI progress_GetMin(IMAPIProgress *iface, ULONG *min)
{
    TRACE("%p, %p.\n", iface, min);

    if (!min) return MAPI_E_INVALID_PARAMETER;
    *min = impl_from_IMAPIProgress(iface)->min;
    return S_OK;
}

static HRESULT WINAPI progress_SetLimits(IMAPIProgress *iface, ULONG *min, ULONG *max, ULONG *flags)
{
    struct progress *progress = impl_from_IMAPIProgress(iface);

    TRACE("%p, %p, %p, %p.\n", iface, min, max, flags);

    if (flags && (*flags & ~MAPI_TOP_LEVEL)) return MAPI_E_UNKNOWN_FLAGS;
    if (min) progress->min = *min;
    if (max) progress->max = *max;
    if (flags) progress->flags = *flags;
    return S_OK;
}

static const IMAPIProgressVtbl progress_vtbl =
{
    progress_QueryInterface,
    progress_AddRef,
    progress_Release,
    progress_Progress,
    progress_GetFlags,
    progress_GetMax,
    progress_GetMin,
    progress_SetLimits,
};

HRESULT WINAPI support_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags,
        IMAPIProgress **out)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct progress *progress;

    TRACE("%p, %#Ix, %#lx, %p.\n", iface, ui_param, flags, out);

    if (!support_offers(support, KIND_STORE | KIND_AB, "DoProgressDialog")) return MAPI_E_NO_SUPPORT;
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_TOP_LEVEL) return MAPI_E_UNKNOWN_FLAGS;
    if (!(progress = mapi_heap_alloc(sizeof(*progress)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    progress->IMAPIProgress_iface.lpVtbl = &progress_vtbl;
    progress->refcount = 1;
    progress->flags = flags;
    progress->min = 1;
    progress->max = 1000;
    progress->value = 0;
    *out = &progress->IMAPIProgress_iface;
    return S_OK;
}

/* The IMAPIProp of an object given with the IID it was passed as. */
static HRESULT object_as_prop(const IID *iid, void *object, IMAPIProp **prop)
{
    if (!object) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(IUnknown_QueryInterface((IUnknown *)object, &IID_IMAPIProp, (void **)prop)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    return S_OK;
}

static BOOL tags_have_id(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Copies the properties of src named by tags (NULL: all it has) but not by
 * exclude onto dest; object-valued properties are left to the caller. */
static HRESULT copy_props(IMAPIProp *src, IMAPIProp *dest, const SPropTagArray *tags, const SPropTagArray *exclude,
        ULONG flags, SPropProblemArray **problems)
{
    SPropTagArray *list = NULL, *wanted = NULL;
    SPropValue *values = NULL, *existing = NULL;
    ULONG count = 0, existing_count = 0, n = 0, i;
    HRESULT hr;

    if (!tags)
    {
        if (FAILED(hr = IMAPIProp_GetPropList(src, 0, &list))) return hr;
        tags = list;
    }
    if ((hr = MAPIAllocateBuffer(CbNewSPropTagArray(tags->cValues), (void **)&wanted))) goto done;
    for (i = 0; i < tags->cValues; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        if (PROP_TYPE(tag) == PT_OBJECT || tags_have_id(exclude, tag)) continue;
        wanted->aulPropTag[n++] = tag;
    }
    wanted->cValues = n;
    if (!n) goto done;

    if (FAILED(hr = IMAPIProp_GetProps(src, wanted, 0, &count, &values))) goto done;
    if ((flags & MAPI_NOREPLACE) && FAILED(IMAPIProp_GetProps(dest, wanted, 0, &existing_count, &existing)))
        existing_count = 0;

    /* Keep the values that exist in src, and under NOREPLACE not in dest. */
    for (i = 0, n = 0; i < count; i++)
    {
        if (PROP_TYPE(values[i].ulPropTag) == PT_ERROR) continue;
        if (i < existing_count && PROP_TYPE(existing[i].ulPropTag) != PT_ERROR) continue;
        values[n] = values[i];
        wanted->aulPropTag[n++] = values[i].ulPropTag;
    }
    wanted->cValues = n;
    hr = n ? IMAPIProp_SetProps(dest, n, values, problems) : S_OK;
    if (SUCCEEDED(hr) && n && (flags & MAPI_MOVE)) hr = IMAPIProp_DeleteProps(src, wanted, NULL);

done:
    MAPIFreeBuffer(existing);
    MAPIFreeBuffer(values);
    MAPIFreeBuffer(wanted);
    MAPIFreeBuffer(list);
    return hr;
}

/* A message's recipients, added to dest's. */
static HRESULT copy_recipients(IMessage *src, IMessage *dest)
{
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetRecipientTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    if (rows->cRows) hr = IMessage_ModifyRecipients(dest, MODRECIP_ADD, (ADRLIST *)rows);
    FreeProws(rows);
    return hr;
}

/* A message's attachments, each copied into a new attachment of dest. */
static HRESULT copy_attachments(IMessage *src, IMessage *dest)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ATTACH_NUM } };
    IAttach *from, *to;
    IMAPITable *table;
    SRowSet *rows = NULL;
    ULONG i, num;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetAttachmentTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;

    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        if (rows->aRow[i].lpProps[0].ulPropTag != PR_ATTACH_NUM) continue;
        if (FAILED(hr = IMessage_OpenAttach(src, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &from))) break;
        if (SUCCEEDED(hr = IMessage_CreateAttach(dest, NULL, 0, &num, &to)))
        {
            hr = IAttach_CopyTo(from, 0, NULL, NULL, 0, NULL, &IID_IAttachment, to, 0, NULL);
            if (SUCCEEDED(hr)) hr = IAttach_SaveChanges(to, KEEP_OPEN_READWRITE);
            IAttach_Release(to);
        }
        IAttach_Release(from);
    }
    FreeProws(rows);
    return hr;
}

static BOOL iids_have(ULONG count, const IID *iids, const IID *iid)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (IsEqualIID(&iids[i], iid)) return TRUE;
    return FALSE;
}

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG)

static HRESULT copy_object(const IID *src_iid, void *src_obj, ULONG exclude_iid_count, const IID *exclude_iids,
        const SPropTagArray *include, const SPropTagArray *exclude, const IID *dest_iid, void *dest_obj,
        ULONG flags, SPropProblemArray **problems)
{
    IMAPIProp *src, *dest;
    IMessage *src_msg, *dest_msg;
    HRESULT hr;

    if (problems) *problems = NULL;
    if (!src_iid || !dest_iid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (exclude_iid_count && !exclude_iids) return MAPI_E_INVALID_PARAMETER;
    if (iids_have(exclude_iid_count, exclude_iids, &IID_IMAPIProp)) return S_OK;
    if (FAILED(hr = object_as_prop(src_iid, src_obj, &src))) return hr;
    if (FAILED(hr = object_as_prop(dest_iid, dest_obj, &dest)))
    {
        IMAPIProp_Release(src);
        return hr;
    }

    hr = copy_props(src, dest, include, exclude, flags, problems);

    /* A message's recipients and attachments are copied as the tags say. */
    if (SUCCEEDED(hr) && IsEqualIID(src_iid, &IID_IMessage) && IsEqualIID(dest_iid, &IID_IMessage)
            && !iids_have(exclude_iid_count, exclude_iids, &IID_IMessage))
    {
        src_msg = src_obj;
        dest_msg = dest_obj;
        if ((include ? tags_have_id(include, PR_MESSAGE_RECIPIENTS) : !tags_have_id(exclude, PR_MESSAGE_RECIPIENTS)))
            hr = copy_recipients(src_msg, dest_msg);
        if (SUCCEEDED(hr) && (include ? tags_have_id(include, PR_MESSAGE_ATTACHMENTS)
                : !tags_have_id(exclude, PR_MESSAGE_ATTACHMENTS)))
            hr = copy_attachments(src_msg, dest_msg);
    }
    IMAPIProp_Release(dest);
    IMAPIProp_Release(src);
    return hr;
}

HRESULT WINAPI support_CopyMessages(IMAPISupport *iface, const IID *src_iid, void *src_folder,
        ENTRYLIST *list, const IID *dest_iid, void *dest_folder, ULONG_PTR ui_param, IMAPIProgress *progress,
        ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    IMAPIFolder *src, *dest;
    IMessage *from, *to;
    ULONG type, i;
    HRESULT hr = S_OK;

    TRACE("%p, %s, %p, %p, %s, %p, %#Ix, %p, %#lx.\n", iface, debugstr_guid(src_iid), src_folder, list,
            debugstr_guid(dest_iid), dest_folder, ui_param, progress, flags);

    if (!support_offers(support, KIND_STORE, "CopyMessages")) return MAPI_E_NO_SUPPORT;
    if (!src_folder || !dest_folder || !list || (list->cValues && !list->lpbin)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_MOVE | MESSAGE_DIALOG)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(IUnknown_QueryInterface((IUnknown *)src_folder, &IID_IMAPIFolder, (void **)&src)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(IUnknown_QueryInterface((IUnknown *)dest_folder, &IID_IMAPIFolder, (void **)&dest)))
    {
        IMAPIFolder_Release(src);
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }

    for (i = 0; i < list->cValues && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = IMAPIFolder_OpenEntry(src, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &IID_IMessage,
                0, &type, (IUnknown **)&from)))
            break;
        if (SUCCEEDED(hr = IMAPIFolder_CreateMessage(dest, &IID_IMessage, 0, &to)))
        {
            hr = copy_object(&IID_IMessage, from, 0, NULL, NULL, NULL, &IID_IMessage, to, 0, NULL);
            if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(to, 0);
            IMessage_Release(to);
        }
        IMessage_Release(from);
        if (SUCCEEDED(hr) && progress && (flags & MESSAGE_DIALOG))
            IMAPIProgress_Progress(progress, (i + 1) * 1000 / list->cValues, i + 1, list->cValues);
    }
    if (SUCCEEDED(hr) && (flags & MESSAGE_MOVE)) hr = IMAPIFolder_DeleteMessages(src, list, 0, NULL, 0);

    IMAPIFolder_Release(dest);
    IMAPIFolder_Release(src);
    return hr;
}

HRESULT WINAPI support_CopyFolder(IMAPISupport *iface, const IID *src_iid, void *src_folder, ULONG cb,
        ENTRYID *eid, const IID *dest_iid, void *dest_folder, LPSTR new_name, ULONG_PTR ui_param,
        IMAPIProgress *progress, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %s, %p, %lu, %p, %s, %p, %p, %#Ix, %p, %#lx.\n", iface, debugstr_guid(src_iid), src_folder, cb, eid,
            debugstr_guid(dest_iid), dest_folder, new_name, ui_param, progress, flags);

    if (!support_offers(support, KIND_STORE, "CopyFolder")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: copying folders is not done yet.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI support_DoCopyTo(IMAPISupport *iface, const IID *src_iid, void *src_obj, ULONG exclude_iid_count,
        const IID *exclude_iids, SPropTagArray *exclude, ULONG_PTR ui_param, IMAPIProgress *progress,
        const IID *dest_iid, void *dest_obj, ULONG flags, SPropProblemArray **problems)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %s, %p, %lu, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, debugstr_guid(src_iid), src_obj,
            exclude_iid_count, exclude_iids, exclude, ui_param, progress, debugstr_guid(dest_iid), dest_obj, flags,
            problems);

    if (!support_offers(support, KIND_STORE, "DoCopyTo")) return MAPI_E_NO_SUPPORT;
    return copy_object(src_iid, src_obj, exclude_iid_count, exclude_iids, NULL, exclude, dest_iid, dest_obj, flags,
            problems);
}

HRESULT WINAPI support_DoCopyProps(IMAPISupport *iface, const IID *src_iid, void *src_obj,
        SPropTagArray *include, ULONG_PTR ui_param, IMAPIProgress *progress, const IID *dest_iid, void *dest_obj,
        ULONG flags, SPropProblemArray **problems)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %s, %p, %p, %#Ix, %p, %s, %p, %#lx, %p.\n", iface, debugstr_guid(src_iid), src_obj, include,
            ui_param, progress, debugstr_guid(dest_iid), dest_obj, flags, problems);

    if (!support_offers(support, KIND_STORE, "DoCopyProps")) return MAPI_E_NO_SUPPORT;
    if (!include) return MAPI_E_INVALID_PARAMETER;
    return copy_object(src_iid, src_obj, 0, NULL, include, NULL, dest_iid, dest_obj, flags, problems);
}

HRESULT WINAPI support_ReadReceipt(IMAPISupport *iface, ULONG flags, IMessage *message, IMessage **empty)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %#lx, %p, %p.\n", iface, flags, message, empty);

    if (!support_offers(support, KIND_STORE, "ReadReceipt")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: read and nonread reports are not made.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

/* One recipient row as PrepareSubmit leaves it, as the reference describes
 * it: one marked MAPI_SUBMITTED loses the mark and is left to the spooler
 * (PR_RESPONSIBILITY FALSE); any other becomes MAPI_P1 and counts as
 * handled.  The values are in a new MAPIAllocateBuffer block and point
 * into the row. */
static HRESULT resend_row(const SRow *row, SPropValue **out, ULONG *count)
{
    const SPropValue *type = PpropFindProp(row->lpProps, row->cValues, PR_RECIPIENT_TYPE);
    BOOL submitted = type && (type->Value.l & MAPI_SUBMITTED);
    SPropValue *values;
    ULONG i, n = 0;
    SCODE sc;

    if ((sc = MAPIAllocateBuffer((row->cValues + 2) * sizeof(*values), (void **)&values))) return sc;
    for (i = 0; i < row->cValues; i++)
    {
        ULONG tag = row->lpProps[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_ERROR || tag == PR_RECIPIENT_TYPE || tag == PR_RESPONSIBILITY) continue;
        values[n++] = row->lpProps[i];
    }
    values[n].ulPropTag = PR_RECIPIENT_TYPE;
    values[n++].Value.l = submitted ? type->Value.l & ~MAPI_SUBMITTED : MAPI_P1;
    values[n].ulPropTag = PR_RESPONSIBILITY;
    values[n++].Value.b = !submitted;
    *out = values;
    *count = n;
    return S_OK;
}

static HRESULT prepare_resend(IMessage *message)
{
    IMAPITable *table;
    SRowSet *rows = NULL;
    ADRLIST *list = NULL;
    ULONG i;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetRecipientTable(message, 0, &table))) return hr;
    hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    if (!rows->cRows)
    {
        FreeProws(rows);
        return S_OK;
    }

    if ((hr = MAPIAllocateBuffer(CbNewADRLIST(rows->cRows), (void **)&list)))
    {
        FreeProws(rows);
        return hr;
    }
    memset(list, 0, CbNewADRLIST(rows->cRows));
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        hr = resend_row(&rows->aRow[i], &list->aEntries[i].rgPropVals, &list->aEntries[i].cValues);
        list->cEntries = i + 1;
    }
    if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(message, MODRECIP_MODIFY, list);
    FreePadrlist(list);
    FreeProws(rows);
    return hr;
}

HRESULT WINAPI support_PrepareSubmit(IMAPISupport *iface, IMessage *message, ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    BOOL faulted;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, message, flags);

    if (!support_offers(support, KIND_STORE, "PrepareSubmit")) return MAPI_E_NO_SUPPORT;
    if (!message) return MAPI_E_INVALID_PARAMETER;
    if (flags && *flags) return MAPI_E_UNKNOWN_FLAGS;

    PROVIDER_CALL(support_dll(support), faulted, hr = prepare_resend(message));
    if (faulted) return MAPI_E_CALL_FAILED;
    if (SUCCEEDED(hr) && flags) *flags = 0;
    return hr;
}

HRESULT WINAPI support_ExpandRecips(IMAPISupport *iface, IMessage *message, ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %p, %p.\n", iface, message, flags);

    if (!support_offers(support, KIND_STORE, "ExpandRecips")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: recipient expansion is not done.\n", iface);
    return MAPI_E_NO_SUPPORT;
}

/* What DoSentMail reads from the message before releasing it. */
enum { SENT_DELETE, SENT_FOLDER, SENT_ENTRYID, SENT_PARENT, SENT_COUNT };

static const SBinary *sent_binary(const SPropValue *props, ULONG index, ULONG tag)
{
    return props[index].ulPropTag == tag ? &props[index].Value.bin : NULL;
}

static HRESULT sent_open_folder(IMSLogon *logon, const SBinary *eid, IMAPIFolder **folder)
{
    ULONG type;
    HRESULT hr;

    if (FAILED(hr = IMSLogon_OpenEntry(logon, eid->cb, (ENTRYID *)eid->lpb, &IID_IMAPIFolder, MAPI_MODIFY, &type,
            (IUnknown **)folder)))
        return hr;
    if (type == MAPI_FOLDER) return S_OK;
    IMAPIFolder_Release(*folder);
    *folder = NULL;
    return MAPI_E_INVALID_ENTRYID;
}

/* Moves the message to the sent-mail folder, unless it is there already. */
static HRESULT sent_move(IMSLogon *logon, IMAPIFolder *from, const SBinary *parent, const SBinary *sent,
        ENTRYLIST *list)
{
    IMAPIFolder *to;
    ULONG same = FALSE;
    HRESULT hr;

    if (FAILED(hr = IMSLogon_CompareEntryIDs(logon, parent->cb, (ENTRYID *)parent->lpb, sent->cb,
            (ENTRYID *)sent->lpb, 0, &same)))
        return hr;
    if (same) return S_OK;
    if (FAILED(hr = sent_open_folder(logon, sent, &to))) return hr;
    hr = IMAPIFolder_CopyMessages(from, list, &IID_IMAPIFolder, to, 0, NULL, MESSAGE_MOVE);
    IMAPIFolder_Release(to);
    return hr;
}

/* The sent message, already released: deleted when PR_DELETE_AFTER_SUBMIT
 * says so, else moved to the folder PR_SENTMAIL_ENTRYID names, else left
 * where it is. */
static HRESULT sent_dispose(IMSLogon *logon, const SPropValue *props)
{
    const SBinary *eid = sent_binary(props, SENT_ENTRYID, PR_ENTRYID);
    const SBinary *parent = sent_binary(props, SENT_PARENT, PR_PARENT_ENTRYID);
    const SBinary *sent = sent_binary(props, SENT_FOLDER, PR_SENTMAIL_ENTRYID);
    BOOL discard = props[SENT_DELETE].ulPropTag == PR_DELETE_AFTER_SUBMIT && props[SENT_DELETE].Value.b;
    IMAPIFolder *from;
    ENTRYLIST list;
    HRESULT hr;

    if (!discard && !sent) return S_OK;
    if (!eid || !parent) return MAPI_E_CORRUPT_DATA;
    list.cValues = 1;
    list.lpbin = (SBinary *)eid;
    if (FAILED(hr = sent_open_folder(logon, parent, &from))) return hr;
    if (discard) hr = IMAPIFolder_DeleteMessages(from, &list, 0, NULL, 0);
    else hr = sent_move(logon, from, parent, sent, &list);
    IMAPIFolder_Release(from);
    return hr;
}

HRESULT WINAPI support_DoSentMail(IMAPISupport *iface, ULONG flags, IMessage *message)
{
    static const SizedSPropTagArray(SENT_COUNT, tags) =
        { SENT_COUNT, { PR_DELETE_AFTER_SUBMIT, PR_SENTMAIL_ENTRYID, PR_ENTRYID, PR_PARENT_ENTRYID } };
    struct support *support = impl_from_IMAPISupport(iface);
    struct provider_dll *dll = support_dll(support);
    SPropValue *props = NULL;
    IUnknown *logon;
    ULONG count;
    BOOL faulted;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, message);

    if (!support_offers(support, KIND_STORE, "DoSentMail")) return MAPI_E_NO_SUPPORT;
    if (!message) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    /* The store's folders are reached through its logon object. */
    if (!(logon = support_logon_get(support)))
    {
        WARN("%p: the store has no logon object.\n", iface);
        return MAPI_E_INVALID_OBJECT;
    }

    PROVIDER_CALL(dll, faulted, hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &props));
    if (faulted) hr = MAPI_E_CALL_FAILED;
    else if (SUCCEEDED(hr) && count != SENT_COUNT)
    {
        MAPIFreeBuffer(props);
        hr = MAPI_E_CALL_FAILED;
    }
    /* The message is released here, as the reference says, before it
     * moves; one whose properties could not be read is left to the store. */
    if (SUCCEEDED(hr))
    {
        PROVIDER_CALL(dll, faulted, IMessage_Release(message); hr = sent_dispose((IMSLogon *)logon, props));
        if (faulted) hr = MAPI_E_CALL_FAILED;
        MAPIFreeBuffer(props);
    }
    PROVIDER_CALL(dll, faulted, IUnknown_Release(logon));
    return hr;
}

HRESULT WINAPI support_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("%p, %#lx, %lu, %p.\n", iface, flags, cb, eid);

    if (!support_offers(support, KIND_STORE, "CompleteMsg")) return MAPI_E_NO_SUPPORT;
    FIXME("%p: the spooler does no postprocessing for stores coupled with a transport.\n", iface);
    return MAPI_E_NO_SUPPORT;
}
