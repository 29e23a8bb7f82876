/*
 * mapi32: IMessage on structured storage (OpenIMsgOnIStg), message
 * sessions and property attributes
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * imsg.h describes the model: a message works on its contents in memory
 * and writes them to its storage in the Outlook message file layout when
 * it is saved.  A message without a store has nothing to submit and no
 * read reports to manage: SubmitMessage and SetReadFlag answer
 * MAPI_E_NO_SUPPORT, which leaves them to a store wrapping the message.
 */

#include "imsg.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* A message session from OpenIMsgSession: the top-level messages opened in
 * it, each linked through its root.  Guarded by sessions_cs. */
struct imsg_session
{
    IMalloc *malloc;
    ULONG flags;                    /* MAPI_UNICODE */
    struct imsg_root *roots;
    struct imsg_session *next;      /* in the list of live sessions */
};

static struct imsg_session *sessions;
static CRITICAL_SECTION sessions_cs;
static CRITICAL_SECTION_DEBUG sessions_cs_debug =
{
    0, 0, &sessions_cs,
    { &sessions_cs_debug.ProcessLocksList, &sessions_cs_debug.ProcessLocksList },
    0, 0, { 0 }
};
static CRITICAL_SECTION sessions_cs = { &sessions_cs_debug, -1, 0, 0, 0, 0 };

static const ULONG message_computed[] =
{
    PR_DISPLAY_TO, PR_DISPLAY_CC, PR_DISPLAY_BCC, PR_HASATTACH, PR_STORE_SUPPORT_MASK,
    PR_MESSAGE_RECIPIENTS, PR_MESSAGE_ATTACHMENTS, PR_NULL
};

static const IMessageVtbl message_vtbl;

static inline struct imsg_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct imsg_message, IMessage_iface);
}

/* The lock of sessions_cs is held. */
static BOOL session_is_live(const struct imsg_session *session)
{
    const struct imsg_session *live;

    for (live = sessions; live; live = live->next)
        if (live == session) return TRUE;
    return FALSE;
}

static void session_remove_root(struct imsg_root *root)
{
    struct imsg_root **link;

    EnterCriticalSection(&sessions_cs);
    if (root->session)
    {
        for (link = &root->session->roots; *link; link = &(*link)->session_next)
        {
            if (*link != root) continue;
            *link = root->session_next;
            break;
        }
        root->session = NULL;
    }
    LeaveCriticalSection(&sessions_cs);
}

/* Ends the use of the storage: after this the message never touches it
 * again, and the caller's callback is told.  Done once, at the last
 * release or when the session closes. */
static void root_close_storage(struct imsg_root *root)
{
    MSGCALLRELEASE *release = NULL;
    IStorage *storage;

    EnterCriticalSection(&root->cs);
    storage = root->storage;
    root->storage = NULL;
    if (storage) release = root->release;
    LeaveCriticalSection(&root->cs);
    if (!storage) return;
    IStorage_Release(storage);
    if (release)
    {
        TRACE("calling %p(%#lx, %p).\n", release, root->caller_data, root->message);
        release(root->caller_data, root->message);
    }
}

static void root_free(struct imsg_root *root)
{
    if (root->names) IPropData_Release(root->names);
    if (root->support) IMAPISupport_Release(root->support);
    if (root->malloc) IMalloc_Release(root->malloc);
    DeleteCriticalSection(&root->cs);
    mapi_heap_free(root);
}

/* --- IMessage --------------------------------------------------------------- */

static HRESULT WINAPI message_QueryInterface(IMessage *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out || !riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMessage))
    {
        *out = iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI message_AddRef(IMessage *iface)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    ULONG refcount = InterlockedIncrement(&message->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI message_Release(IMessage *iface)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    ULONG refcount = InterlockedDecrement(&message->refcount);
    struct imsg_root *root = message->obj.root;
    ULONG i;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (refcount) return refcount;
    if (message->parent)
    {
        EnterCriticalSection(&root->cs);
        imsg_attach_embedded_released(message->parent, message);
        LeaveCriticalSection(&root->cs);
    }
    else
    {
        session_remove_root(root);
        root_close_storage(root);
    }
    for (i = 0; i < ARRAY_SIZE(message->recip_tables); i++)
        if (message->recip_tables[i]) ITableData_Release(message->recip_tables[i]);
    for (i = 0; i < ARRAY_SIZE(message->attach_tables); i++)
        if (message->attach_tables[i]) ITableData_Release(message->attach_tables[i]);
    imsg_content_free(root, message->content);
    if (message->parent)
        IAttach_Release(&message->parent->IAttach_iface);
    else
        root_free(root);
    mapi_heap_free(message);
    return 0;
}

static HRESULT WINAPI message_GetLastError(IMessage *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);
    return imsg_object_get_last_error(&message->obj, result, flags, error);
}

/* A top-level message writes its storage; an embedded one hands its
 * contents to its attachment. */
static HRESULT WINAPI message_SaveChanges(IMessage *iface, ULONG flags)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    struct imsg_root *root = message->obj.root;
    HRESULT hr;

    TRACE("%p, %#lx.\n", iface, flags);

    if (FAILED(hr = imsg_check_save_flags(flags))) return imsg_object_record(&message->obj, hr, "SaveChanges");
    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    if (!imsg_object_writable(&message->obj) || (!message->parent && !root->storage_writable))
        return imsg_object_record(&message->obj, MAPI_E_NO_ACCESS, "SaveChanges");

    EnterCriticalSection(&root->cs);
    if (message->parent)
        hr = imsg_attach_embedded_saved(message->parent, message->content);
    else
        hr = imsg_file_save(root, message->content);
    LeaveCriticalSection(&root->cs);
    if (SUCCEEDED(hr) && (flags & KEEP_OPEN_READONLY)) imsg_object_set_writable(&message->obj, FALSE);
    return imsg_object_record(&message->obj, hr, "SaveChanges");
}

static HRESULT WINAPI message_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, values);
    return imsg_object_get_props(&message->obj, tags, flags, count, values);
}

static HRESULT WINAPI message_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);
    return imsg_object_get_prop_list(&message->obj, flags, tags);
}

static HRESULT table_flags_check(ULONG flags, IMAPITable **table)
{
    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

static HRESULT WINAPI message_OpenProperty(IMessage *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if ((tag != PR_MESSAGE_RECIPIENTS && tag != PR_MESSAGE_ATTACHMENTS) || !iid
            || !IsEqualIID(iid, &IID_IMAPITable))
        return imsg_object_open_stream(&message->obj, tag, iid, options, flags, out);

    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    if (flags & (MAPI_CREATE | MAPI_MODIFY)) return imsg_object_record(&message->obj, MAPI_E_NO_ACCESS, "OpenProperty");
    if (FAILED(hr = table_flags_check(options, (IMAPITable **)out)))
        return imsg_object_record(&message->obj, hr, "OpenProperty");
    if (tag == PR_MESSAGE_RECIPIENTS)
        hr = imsg_recip_table(message, options, (IMAPITable **)out);
    else
        hr = imsg_attach_table(message, options, (IMAPITable **)out);
    return imsg_object_record(&message->obj, hr, "OpenProperty");
}

static HRESULT WINAPI message_SetProps(IMessage *iface, ULONG count, SPropValue *values,
        SPropProblemArray **problems)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %lu, %p, %p.\n", iface, count, values, problems);
    return imsg_object_set_props(&message->obj, count, values, problems);
}

static HRESULT WINAPI message_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %p, %p.\n", iface, tags, problems);
    return imsg_object_delete_props(&message->obj, tags, problems);
}

static HRESULT WINAPI message_CopyTo(IMessage *iface, ULONG iid_count, const IID *excluded_iids,
        SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
        SPropProblemArray **problems)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    TRACE("%p, %lu, %p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, iid_count, excluded_iids, excluded, ui_param,
            progress, debugstr_guid(iid), dest, flags, problems);

    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    hr = imsg_copy_to(&message->obj, IMSG_KIND_MESSAGE, message, iid_count, excluded_iids, excluded, progress, iid,
            dest, flags, problems);
    return imsg_object_record(&message->obj, hr, "CopyTo");
}

static HRESULT WINAPI message_CopyProps(IMessage *iface, SPropTagArray *included, ULONG ui_param,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    TRACE("%p, %p, %#lx, %p, %s, %p, %#lx, %p.\n", iface, included, ui_param, progress, debugstr_guid(iid), dest,
            flags, problems);

    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    hr = imsg_copy_props(&message->obj, IMSG_KIND_MESSAGE, message, included, progress, iid, dest, flags, problems);
    return imsg_object_record(&message->obj, hr, "CopyProps");
}

static HRESULT WINAPI message_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return imsg_object_get_names(&message->obj, tags, guid, flags, count, names);
}

static HRESULT WINAPI message_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);
    return imsg_object_get_ids(&message->obj, count, names, flags, tags);
}

static HRESULT WINAPI message_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (FAILED(hr = table_flags_check(flags, table)))
        return imsg_object_record(&message->obj, hr, "GetAttachmentTable");
    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    return imsg_object_record(&message->obj, imsg_attach_table(message, flags, table), "GetAttachmentTable");
}

static HRESULT WINAPI message_OpenAttach(IMessage *iface, ULONG num, const IID *iid, ULONG flags, IAttach **attach)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %lu, %s, %#lx, %p.\n", iface, num, debugstr_guid(iid), flags, attach);

    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    return imsg_object_record(&message->obj, imsg_attach_open(message, num, iid, flags, attach), "OpenAttach");
}

static HRESULT WINAPI message_CreateAttach(IMessage *iface, const IID *iid, ULONG flags, ULONG *num, IAttach **attach)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %s, %#lx, %p, %p.\n", iface, debugstr_guid(iid), flags, num, attach);

    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    return imsg_object_record(&message->obj, imsg_attach_create(message, iid, flags, num, attach), "CreateAttach");
}

static HRESULT WINAPI message_DeleteAttach(IMessage *iface, ULONG num, ULONG ui_param, IMAPIProgress *progress,
        ULONG flags)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %lu, %#lx, %p, %#lx.\n", iface, num, ui_param, progress, flags);

    if (flags & ~ATTACH_DIALOG) return imsg_object_record(&message->obj, MAPI_E_UNKNOWN_FLAGS, "DeleteAttach");
    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    return imsg_object_record(&message->obj, imsg_attach_delete(message, num), "DeleteAttach");
}

static HRESULT WINAPI message_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, table);

    if (FAILED(hr = table_flags_check(flags, table)))
        return imsg_object_record(&message->obj, hr, "GetRecipientTable");
    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    return imsg_object_record(&message->obj, imsg_recip_table(message, flags, table), "GetRecipientTable");
}

static HRESULT WINAPI message_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *mods)
{
    struct imsg_message *message = impl_from_IMessage(iface);
    struct imsg_root *root = message->obj.root;
    HRESULT hr;

    TRACE("%p, %#lx, %p.\n", iface, flags, mods);

    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    if (!imsg_object_writable(&message->obj))
        return imsg_object_record(&message->obj, MAPI_E_NO_ACCESS, "ModifyRecipients");

    EnterCriticalSection(&root->cs);
    if (SUCCEEDED(hr = imsg_recips_modify(root, message->content, flags, mods)))
    {
        if (FAILED(hr = imsg_content_update_display(root, message->content)))
            ERR("display properties not updated: %#lx.\n", hr);
        imsg_recip_tables_update(message);
        hr = S_OK;
    }
    LeaveCriticalSection(&root->cs);
    return imsg_object_record(&message->obj, hr, "ModifyRecipients");
}

static HRESULT WINAPI message_SubmitMessage(IMessage *iface, ULONG flags)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~FORCE_SUBMIT) return imsg_object_record(&message->obj, MAPI_E_UNKNOWN_FLAGS, "SubmitMessage");
    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    WARN("a message on a storage has no store to submit it to.\n");
    return imsg_object_record(&message->obj, MAPI_E_NO_SUPPORT, "SubmitMessage");
}

static HRESULT WINAPI message_SetReadFlag(IMessage *iface, ULONG flags)
{
    struct imsg_message *message = impl_from_IMessage(iface);

    TRACE("%p, %#lx.\n", iface, flags);

    if (flags & ~(SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MAPI_DEFERRED_ERRORS | GENERATE_RECEIPT_ONLY
            | CLEAR_RN_PENDING | CLEAR_NRN_PENDING))
        return imsg_object_record(&message->obj, MAPI_E_UNKNOWN_FLAGS, "SetReadFlag");
    if ((flags & CLEAR_READ_FLAG) && (flags & (SUPPRESS_RECEIPT | GENERATE_RECEIPT_ONLY)))
        return imsg_object_record(&message->obj, MAPI_E_INVALID_PARAMETER, "SetReadFlag");
    if (imsg_object_closed(&message->obj)) return MAPI_E_INVALID_OBJECT;
    WARN("a message on a storage has no store to keep its read state and reports.\n");
    return imsg_object_record(&message->obj, MAPI_E_NO_SUPPORT, "SetReadFlag");
}

static const IMessageVtbl message_vtbl =
{
    message_QueryInterface,
    message_AddRef,
    message_Release,
    message_GetLastError,
    message_SaveChanges,
    message_GetProps,
    message_GetPropList,
    message_OpenProperty,
    message_SetProps,
    message_DeleteProps,
    message_CopyTo,
    message_CopyProps,
    message_GetNamesFromIDs,
    message_GetIDsFromNames,
    message_GetAttachmentTable,
    message_OpenAttach,
    message_CreateAttach,
    message_DeleteAttach,
    message_GetRecipientTable,
    message_ModifyRecipients,
    message_SubmitMessage,
    message_SetReadFlag,
};

/* Makes a message object on content, which it takes.  An embedded message
 * references its attachment object; the root's lock is held for it. */
HRESULT imsg_message_create(struct imsg_root *root, struct imsg_content *content, struct imsg_attach *parent,
        BOOL writable, struct imsg_message **out)
{
    struct imsg_message *message;

    if (!(message = mapi_heap_alloc(sizeof(*message)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(message, 0, sizeof(*message));
    message->IMessage_iface.lpVtbl = &message_vtbl;
    message->refcount = 1;
    message->obj.root = root;
    message->obj.bag = &content->bag;
    message->obj.computed = message_computed;
    message->obj.component = "IMessage";
    message->content = content;
    message->parent = parent;
    imsg_object_set_writable(&message->obj, writable);
    if (parent) IAttach_AddRef(&parent->IAttach_iface);
    *out = message;
    return S_OK;
}

/* The message or attachment object behind a pointer that GetAttribIMsgOnIStg
 * or SetAttribIMsgOnIStg was given, or NULL when it is not one of ours. */
static struct imsg_object *object_from_pointer(void *pointer)
{
    IUnknown *unknown = pointer;

    if (!unknown) return NULL;
    if (unknown->lpVtbl == (const void *)&message_vtbl)
        return &impl_from_IMessage((IMessage *)unknown)->obj;
    if (unknown->lpVtbl == (const void *)&imsg_attach_vtbl)
        return &CONTAINING_RECORD((IAttach *)unknown, struct imsg_attach, IAttach_iface)->obj;
    return NULL;
}

/***********************************************************************
 *              OpenIMsgSession@12 (MAPI32.196)
 *              OpenIMsgSession (MAPI32.403)
 */
SCODE WINAPI OpenIMsgSession(LPMALLOC malloc, ULONG flags, LPMSGSESS *out)
{
    struct imsg_session *session;

    TRACE("%p, %#lx, %p.\n", malloc, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!malloc) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;

    if (!(session = mapi_heap_alloc(sizeof(*session)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    session->malloc = malloc;
    IMalloc_AddRef(malloc);
    session->flags = flags;
    session->roots = NULL;
    EnterCriticalSection(&sessions_cs);
    session->next = sessions;
    sessions = session;
    LeaveCriticalSection(&sessions_cs);
    *out = (LPMSGSESS)session;
    return S_OK;
}

/***********************************************************************
 *              CloseIMsgSession@4 (MAPI32.197)
 *              CloseIMsgSession (MAPI32.404)
 *
 * Every message of the session is closed: its storage is released and
 * its callback called, and it answers MAPI_E_INVALID_OBJECT from then on
 * (its subobjects too) until its last release.
 */
void WINAPI CloseIMsgSession(LPMSGSESS handle)
{
    struct imsg_session *session = (struct imsg_session *)handle, **link;
    struct closing
    {
        IStorage *storage;
        MSGCALLRELEASE *release;
        ULONG caller_data;
        IMessage *message;
    } *closing = NULL;
    struct imsg_root *root;
    ULONG count = 0, i;

    TRACE("%p.\n", handle);

    EnterCriticalSection(&sessions_cs);
    for (link = &sessions; *link; link = &(*link)->next)
        if (*link == session) break;
    if (!*link)
    {
        LeaveCriticalSection(&sessions_cs);
        WARN("%p is not an open message session.\n", handle);
        return;
    }
    *link = session->next;
    for (root = session->roots; root; root = root->session_next) count++;
    if (count && !(closing = mapi_heap_alloc(count * sizeof(*closing))))
        ERR("out of memory: the storages of %lu messages stay referenced.\n", count);
    /* What the messages hold is taken here: once the lock is released a
     * message may go with its last release. */
    for (root = session->roots, i = 0; root; root = root->session_next, i++)
    {
        EnterCriticalSection(&root->cs);
        root->closed = TRUE;
        if (closing)
        {
            closing[i].storage = root->storage;
            closing[i].release = root->storage ? root->release : NULL;
            closing[i].caller_data = root->caller_data;
            closing[i].message = root->message;
            root->storage = NULL;
        }
        LeaveCriticalSection(&root->cs);
        root->session = NULL;
    }
    LeaveCriticalSection(&sessions_cs);

    for (i = 0; closing && i < count; i++)
    {
        if (!closing[i].storage) continue;
        IStorage_Release(closing[i].storage);
        if (closing[i].release) closing[i].release(closing[i].caller_data, closing[i].message);
    }
    mapi_heap_free(closing);
    IMalloc_Release(session->malloc);
    mapi_heap_free(session);
}

/* The allocators of OpenIMsgOnIStg: the caller's, or its support object's
 * for those it left out. */
static HRESULT root_set_allocators(struct imsg_root *root, LPALLOCATEBUFFER allocate_buffer,
        LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, IMAPISupport *support)
{
    HRESULT hr;

    root->allocate_buffer = allocate_buffer;
    root->allocate_more = allocate_more;
    root->free_buffer = free_buffer;
    if (allocate_buffer && allocate_more && free_buffer) return S_OK;
    if (!support) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = IMAPISupport_GetMemAllocRoutines(support, allocate_buffer ? NULL : &root->allocate_buffer,
            allocate_more ? NULL : &root->allocate_more, free_buffer ? NULL : &root->free_buffer)))
        return hr;
    if (!root->allocate_buffer || !root->allocate_more || !root->free_buffer) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

/* Reads the storage into a new message tree. */
static HRESULT root_load(struct imsg_root *root, IStorage *storage, struct imsg_content **out)
{
    struct imsg_content *content;
    HRESULT hr;

    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, root->allocate_buffer, root->allocate_more, root->free_buffer,
            NULL, &root->names)))
        return hr;
    if (FAILED(hr = imsg_file_names_load(root, storage))) return hr;
    if (FAILED(hr = imsg_content_create(root, &content))) return hr;
    if (FAILED(hr = imsg_file_content_load(root, storage, 0, content)))
    {
        imsg_content_free(root, content);
        return hr;
    }
    *out = content;
    return S_OK;
}

/* Storage errors are reported as MAPI errors. */
static HRESULT map_error(HRESULT hr)
{
    return HRESULT_FACILITY(hr) == FACILITY_STORAGE ? MapStorageSCode(hr) : hr;
}

/***********************************************************************
 *              OpenIMsgOnIStg@44 (MAPI32.198)
 *              OpenIMsgOnIStg (MAPI32.405)
 *
 * The storage must be readable: opened STGM_READ the message is read-only,
 * opened STGM_READWRITE it can be saved.  SaveChanges commits it unless
 * IMSG_NO_ISTG_COMMIT is given.
 */
SCODE WINAPI OpenIMsgOnIStg(LPMSGSESS handle, LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more,
        LPFREEBUFFER free_buffer, LPMALLOC malloc, void *support, LPSTORAGE storage, MSGCALLRELEASE *release,
        ULONG caller_data, ULONG flags, LPMESSAGE *out)
{
    struct imsg_session *session = (struct imsg_session *)handle;
    struct imsg_content *content = NULL;
    struct imsg_message *message;
    struct imsg_root *root;
    STATSTG stat;
    HRESULT hr;

    TRACE("%p, %p, %p, %p, %p, %p, %p, %p, %#lx, %#lx, %p.\n", handle, allocate_buffer, allocate_more, free_buffer,
            malloc, support, storage, release, caller_data, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!storage || !malloc) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(IMSG_NO_ISTG_COMMIT | MAPI_UNICODE)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = IStorage_Stat(storage, &stat, STATFLAG_NONAME))) return map_error(hr);
    if ((stat.grfMode & (STGM_WRITE | STGM_READWRITE)) == STGM_WRITE)
    {
        WARN("the storage is write-only.\n");
        return MAPI_E_INVALID_PARAMETER;
    }

    if (!(root = mapi_heap_alloc(sizeof(*root)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(root, 0, sizeof(*root));
    InitializeCriticalSection(&root->cs);
    if (support)
    {
        root->support = support;
        IMAPISupport_AddRef(root->support);
    }
    root->malloc = malloc;
    IMalloc_AddRef(malloc);
    if (FAILED(hr = root_set_allocators(root, allocate_buffer, allocate_more, free_buffer, support)))
    {
        root_free(root);
        return hr;
    }
    root->flags = flags & IMSG_NO_ISTG_COMMIT;
    root->storage_writable = (stat.grfMode & STGM_READWRITE) != 0;
    root->release = release;
    root->caller_data = caller_data;

    EnterCriticalSection(&sessions_cs);
    hr = !session || session_is_live(session) ? S_OK : MAPI_E_INVALID_PARAMETER;
    if (SUCCEEDED(hr) && session && (session->flags & MAPI_UNICODE)) flags |= MAPI_UNICODE;
    LeaveCriticalSection(&sessions_cs);
    if (SUCCEEDED(hr))
    {
        root->unicode = (flags & MAPI_UNICODE) || imsg_file_is_unicode(storage);
        hr = root_load(root, storage, &content);
    }
    if (SUCCEEDED(hr) && FAILED(hr = imsg_message_create(root, content, NULL, root->storage_writable, &message)))
        imsg_content_free(root, content);
    if (FAILED(hr))
    {
        root_free(root);
        return map_error(hr);
    }

    root->storage = storage;
    IStorage_AddRef(storage);
    root->message = &message->IMessage_iface;
    EnterCriticalSection(&sessions_cs);
    if (session && session_is_live(session))
    {
        root->session = session;
        root->session_next = session->roots;
        session->roots = root;
    }
    LeaveCriticalSection(&sessions_cs);
    *out = &message->IMessage_iface;
    return S_OK;
}

/***********************************************************************
 *              GetAttribIMsgOnIStg@12 (MAPI32.200)
 *              GetAttribIMsgOnIStg (MAPI32.407)
 *
 * A property the object does not have is PROPATTR_NOT_PRESENT.
 */
HRESULT WINAPI GetAttribIMsgOnIStg(void *object, LPSPropTagArray tags, LPSPropAttrArray *out)
{
    struct imsg_object *obj = object_from_pointer(object);
    SPropAttrArray *attrs;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %p, %p.\n", object, tags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!obj || !tags) return MAPI_E_INVALID_PARAMETER;
    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;

    if (FAILED(hr = obj->root->allocate_buffer(CbNewSPropAttrArray(tags->cValues), (void **)&attrs))) return hr;
    attrs->cValues = tags->cValues;
    for (i = 0; i < tags->cValues; i++) attrs->aPropAttr[i] = imsg_bag_attr(obj->bag, tags->aulPropTag[i]);
    *out = attrs;
    return S_OK;
}

/***********************************************************************
 *              SetAttribIMsgOnIStg@16 (MAPI32.199)
 *              SetAttribIMsgOnIStg (MAPI32.406)
 *
 * A property without PROPATTR_WRITEABLE becomes read-only; the attributes
 * are saved with the message.  A property the object does not have is a
 * problem (MAPI_E_NOT_FOUND), and the result MAPI_W_ERRORS_RETURNED.
 */
HRESULT WINAPI SetAttribIMsgOnIStg(void *object, LPSPropTagArray tags, LPSPropAttrArray attrs,
        LPSPropProblemArray *problems)
{
    struct imsg_object *obj = object_from_pointer(object);
    SPropProblemArray *list;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %p, %p, %p.\n", object, tags, attrs, problems);

    if (problems) *problems = NULL;
    if (!obj || !tags || !attrs || tags->cValues != attrs->cValues) return MAPI_E_INVALID_PARAMETER;
    if (imsg_object_closed(obj)) return MAPI_E_INVALID_OBJECT;

    if (FAILED(hr = obj->root->allocate_buffer(CbNewSPropProblemArray(tags->cValues), (void **)&list))) return hr;
    list->cProblem = 0;
    for (i = 0; i < tags->cValues; i++)
    {
        SPropProblem *problem = &list->aProblem[list->cProblem];

        if (SUCCEEDED(hr = imsg_bag_set_attr(obj->bag, tags->aulPropTag[i], attrs->aPropAttr[i]))) continue;
        problem->ulIndex = i;
        problem->ulPropTag = tags->aulPropTag[i];
        problem->scode = hr;
        list->cProblem++;
    }
    hr = list->cProblem ? MAPI_W_ERRORS_RETURNED : S_OK;
    if (problems && list->cProblem)
        *problems = list;
    else
        obj->root->free_buffer(list);
    return hr;
}
