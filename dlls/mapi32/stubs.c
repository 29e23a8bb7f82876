/*
 * mapi32: exports whose subsystems are not written yet
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every function here is exported at its ordinal so that programs load, and
 * answers with an honest error (MAPI_E_NO_SUPPORT, Simple MAPI's
 * MAPI_E_NOT_SUPPORTED or CMC_E_NOT_SUPPORTED) and a FIXME.  A function
 * leaves this file for its subsystem's file when it is implemented.
 */

#include "private.h"
#include "mapi.h"
#include "mapiform.h"
#include "xcmc.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Types that Wine's headers do not declare. */
typedef struct ITnef *LPITNEF;
typedef void *FTG;
typedef BOOL (WINAPI *PFNIDLE)(void *);
typedef int METHODS;

/* sessions and profiles */
SCODE WINAPI LaunchWizard(HWND parent, ULONG flags, LPCSTR *services, ULONG buffer_size, LPSTR profile_name)
{
    FIXME("%p, %#lx, %p, %#lx, %s: not implemented yet.\n", parent, flags, services, buffer_size, debugstr_a(profile_name));
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrComposeEID(LPMAPISESSION session, ULONG cb_store_key, LPBYTE store_key, ULONG cb_msg_eid, LPENTRYID msg_eid, ULONG *cb_eid, LPENTRYID *eid)
{
    FIXME("%p, %#lx, %p, %#lx, %p, %p, %p: not implemented yet.\n", session, cb_store_key, store_key, cb_msg_eid, msg_eid, cb_eid, eid);
    if (eid) *eid = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrDecomposeEID(LPMAPISESSION session, ULONG cb_eid, LPENTRYID eid, ULONG *cb_store_eid, LPENTRYID *store_eid, ULONG *cb_msg_eid, LPENTRYID *msg_eid)
{
    FIXME("%p, %#lx, %p, %p, %p, %p, %p: not implemented yet.\n", session, cb_eid, eid, cb_store_eid, store_eid, cb_msg_eid, msg_eid);
    if (store_eid) *store_eid = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrComposeMsgID(LPMAPISESSION session, ULONG cb_store_key, LPBYTE store_key, ULONG cb_msg_eid, LPENTRYID msg_eid, LPSTR *msg_id)
{
    FIXME("%p, %#lx, %p, %#lx, %p, %p: not implemented yet.\n", session, cb_store_key, store_key, cb_msg_eid, msg_eid, msg_id);
    if (msg_id) *msg_id = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrDecomposeMsgID(LPMAPISESSION session, LPSTR msg_id, ULONG *cb_store_eid, LPENTRYID *store_eid, ULONG *cb_msg_eid, LPENTRYID *msg_eid)
{
    FIXME("%p, %s, %p, %p, %p, %p: not implemented yet.\n", session, debugstr_a(msg_id), cb_store_eid, store_eid, cb_msg_eid, msg_eid);
    if (store_eid) *store_eid = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrValidateIPMSubtree(LPMDB store, ULONG flags, ULONG *count, LPSPropValue *props, LPMAPIERROR *error)
{
    FIXME("%p, %#lx, %p, %p, %p: not implemented yet.\n", store, flags, count, props, error);
    if (props) *props = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrGetOmiProvidersFlags(LPMAPISESSION session, ULONG *flags)
{
    FIXME("%p, %p: not implemented yet.\n", session, flags);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrSetOmiProvidersFlagsInvalid(LPMAPISESSION session)
{
    FIXME("%p: not implemented yet.\n", session);
    return MAPI_E_NO_SUPPORT;
}

/* provider entry points */
HRESULT __cdecl PRProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, ULONG flags, ULONG mapi_version, ULONG *provider_version, void **provider)
{
    FIXME("%p, %p, %p, %p, %p, %#lx, %#lx, %p, %p: not implemented yet.\n", instance, malloc, allocate_buffer, allocate_more, free_buffer, flags, mapi_version, provider_version, provider);
    if (provider) *provider = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* tables, notifications, streams and progress */
SCODE WINAPI BuildDisplayTable(LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, LPMALLOC malloc, HINSTANCE instance, UINT pages, void *dtpage, ULONG flags, LPMAPITABLE *table, LPTABLEDATA *table_data)
{
    FIXME("%p, %p, %p, %p, %p, %u, %p, %#lx, %p, %p: not implemented yet.\n", allocate_buffer, allocate_more, free_buffer, malloc, instance, pages, dtpage, flags, table, table_data);
    if (table) *table = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI WrapProgress(LPMAPIPROGRESS progress, ULONG min, ULONG max, ULONG flags, LPMAPIPROGRESS *wrapped)
{
    FIXME("%p, %#lx, %#lx, %#lx, %p: not implemented yet.\n", progress, min, max, flags, wrapped);
    if (wrapped) *wrapped = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* idle routines */
LONG WINAPI MAPIInitIdle(void *reserved)
{
    FIXME("%p: not implemented yet.\n", reserved);
    return -1;
}

void WINAPI MAPIDeinitIdle(void)
{
    FIXME("not implemented yet.\n");
}

FTG WINAPI FtgRegisterIdleRoutine(PFNIDLE routine, void *context, short priority, ULONG idle_time, USHORT flags)
{
    FIXME("%p, %p, %d, %#lx, %u: not implemented yet.\n", routine, context, priority, idle_time, flags);
    return NULL;
}

void WINAPI EnableIdleRoutine(FTG ftg, BOOL enable)
{
    FIXME("%p, %d: not implemented yet.\n", ftg, enable);
}

void WINAPI DeregisterIdleRoutine(FTG ftg)
{
    FIXME("%p: not implemented yet.\n", ftg);
}

void WINAPI ChangeIdleRoutine(FTG ftg, PFNIDLE routine, void *context, short priority, ULONG idle_time, USHORT flags, USHORT change_flags)
{
    FIXME("%p, %p, %p, %d, %#lx, %u, %u: not implemented yet.\n", ftg, routine, context, priority, idle_time, flags, change_flags);
}

SCODE WINAPI InstallFilterHook(BOOL install)
{
    FIXME("%d: not implemented yet.\n", install);
    return MAPI_E_NO_SUPPORT;
}

/* TNEF */
HRESULT WINAPI OpenTnefStream(void *support, LPSTREAM stream, LPSTR stream_name, ULONG flags, LPMESSAGE message, WORD key, LPITNEF *tnef)
{
    FIXME("%p, %p, %s, %#lx, %p, %u, %p: not implemented yet.\n", support, stream, debugstr_a(stream_name), flags, message, key, tnef);
    if (tnef) *tnef = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI OpenTnefStreamEx(void *support, LPSTREAM stream, LPSTR stream_name, ULONG flags, LPMESSAGE message, WORD key, LPADRBOOK address_book, LPITNEF *tnef)
{
    FIXME("%p, %p, %s, %#lx, %p, %u, %p, %p: not implemented yet.\n", support, stream, debugstr_a(stream_name), flags, message, key, address_book, tnef);
    if (tnef) *tnef = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI GetTnefStreamCodepage(LPSTREAM stream, ULONG *codepage, ULONG *sub_codepage)
{
    FIXME("%p, %p, %p: not implemented yet.\n", stream, codepage, sub_codepage);
    return MAPI_E_NO_SUPPORT;
}

/* forms */
HRESULT WINAPI MAPIOpenFormMgr(LPMAPISESSION session, void **form_mgr)
{
    FIXME("%p, %p: not implemented yet.\n", session, form_mgr);
    if (form_mgr) *form_mgr = NULL;
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI MAPIOpenLocalFormContainer(LPVOID *container)
{
    FIXME("%p: not implemented yet.\n", container);
    if (container) *container = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* Simple MAPI */
ULONG WINAPI MAPILogon(ULONG_PTR ui_param, LPSTR profile, LPSTR password, FLAGS flags, ULONG reserved, LPLHANDLE session)
{
    FIXME("%#Ix, %s, %p, %#lx, %#lx, %p: not implemented yet.\n", ui_param, debugstr_a(profile), password, flags, reserved, session);
    if (session) *session = 0;
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPILogoff(LHANDLE session, ULONG_PTR ui_param, FLAGS flags, ULONG reserved)
{
    FIXME("%#Ix, %#Ix, %#lx, %#lx: not implemented yet.\n", session, ui_param, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPISendMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage message, FLAGS flags, ULONG reserved)
{
    FIXME("%#Ix, %#Ix, %p, %#lx, %#lx: not implemented yet.\n", session, ui_param, message, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPISendMailW(LHANDLE session, ULONG_PTR ui_param, lpMapiMessageW message, FLAGS flags, ULONG reserved)
{
    FIXME("%#Ix, %#Ix, %p, %#lx, %#lx: not implemented yet.\n", session, ui_param, message, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPISendDocuments(ULONG_PTR ui_param, LPSTR delimiter, LPSTR paths, LPSTR names, ULONG reserved)
{
    FIXME("%#Ix, %s, %s, %s, %#lx: not implemented yet.\n", ui_param, debugstr_a(delimiter), debugstr_a(paths), debugstr_a(names), reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPISaveMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage message, FLAGS flags, ULONG reserved, LPSTR message_id)
{
    FIXME("%#Ix, %#Ix, %p, %#lx, %#lx, %s: not implemented yet.\n", session, ui_param, message, flags, reserved, debugstr_a(message_id));
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIReadMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved, lpMapiMessage message)
{
    FIXME("%#Ix, %#Ix, %s, %#lx, %#lx, %p: not implemented yet.\n", session, ui_param, debugstr_a(message_id), flags, reserved, message);
    /* Wine's mapi.h types the last parameter one level of pointer short. */
    if (message) *(lpMapiMessage *)message = NULL;
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIFindNext(LHANDLE session, ULONG_PTR ui_param, LPSTR message_type, LPSTR seed_id, FLAGS flags, ULONG reserved, LPSTR message_id)
{
    FIXME("%#Ix, %#Ix, %s, %s, %#lx, %#lx, %s: not implemented yet.\n", session, ui_param, debugstr_a(message_type), debugstr_a(seed_id), flags, reserved, debugstr_a(message_id));
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIDeleteMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved)
{
    FIXME("%#Ix, %#Ix, %s, %#lx, %#lx: not implemented yet.\n", session, ui_param, debugstr_a(message_id), flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIAddress(LHANDLE session, ULONG_PTR ui_param, LPSTR caption, ULONG edit_fields, LPSTR labels, ULONG recip_count, lpMapiRecipDesc recips, FLAGS flags, ULONG reserved, LPULONG new_count, lpMapiRecipDesc *new_recips)
{
    FIXME("%#Ix, %#Ix, %s, %#lx, %s, %#lx, %p, %#lx, %#lx, %p, %p: not implemented yet.\n", session, ui_param, debugstr_a(caption), edit_fields, debugstr_a(labels), recip_count, recips, flags, reserved, new_count, new_recips);
    if (new_recips) *new_recips = NULL;
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIDetails(LHANDLE session, ULONG_PTR ui_param, lpMapiRecipDesc recip, FLAGS flags, ULONG reserved)
{
    FIXME("%#Ix, %#Ix, %p, %#lx, %#lx: not implemented yet.\n", session, ui_param, recip, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIResolveName(LHANDLE session, ULONG_PTR ui_param, LPSTR name, FLAGS flags, ULONG reserved, lpMapiRecipDesc *recip)
{
    FIXME("%#Ix, %#Ix, %s, %#lx, %#lx, %p: not implemented yet.\n", session, ui_param, debugstr_a(name), flags, reserved, recip);
    if (recip) *recip = NULL;
    return MAPI_E_NOT_SUPPORTED;
}

SCODE WINAPI ScMAPIXFromSMAPI(LHANDLE session, ULONG flags, LPCIID iid, LPMAPISESSION *mapi_session)
{
    FIXME("%#Ix, %#lx, %p, %p: not implemented yet.\n", session, flags, iid, mapi_session);
    if (mapi_session) *mapi_session = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* Simple MAPI for Visual Basic */
ULONG WINAPI BMAPISendMail(LHANDLE session, ULONG_PTR ui_param, void *message, void *recips, void *files, ULONG flags, ULONG reserved)
{
    FIXME("%#Ix, %#Ix, %p, %p, %p, %#lx, %#lx: not implemented yet.\n", session, ui_param, message, recips, files, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPISaveMail(LHANDLE session, ULONG_PTR ui_param, void *message, void *recips, void *files, ULONG flags, ULONG reserved, void *message_id)
{
    FIXME("%#Ix, %#Ix, %p, %p, %p, %#lx, %#lx, %p: not implemented yet.\n", session, ui_param, message, recips, files, flags, reserved, message_id);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIReadMail(ULONG *message, ULONG *recip_count, ULONG *file_count, LHANDLE session, ULONG_PTR ui_param, void *message_id, ULONG flags, ULONG reserved)
{
    FIXME("%p, %p, %p, %#Ix, %#Ix, %p, %#lx, %#lx: not implemented yet.\n", message, recip_count, file_count, session, ui_param, message_id, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIGetReadMail(ULONG message, void *vb_message, void *recips, void *files, void *originator)
{
    FIXME("%#lx, %p, %p, %p, %p: not implemented yet.\n", message, vb_message, recips, files, originator);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIFindNext(LHANDLE session, ULONG_PTR ui_param, void *message_type, void *seed_id, ULONG flags, ULONG reserved, void *message_id)
{
    FIXME("%#Ix, %#Ix, %p, %p, %#lx, %#lx, %p: not implemented yet.\n", session, ui_param, message_type, seed_id, flags, reserved, message_id);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIAddress(ULONG *recip_data, LHANDLE session, ULONG_PTR ui_param, void *caption, ULONG edit_fields, void *labels, ULONG *recip_count, void *recips, ULONG flags, ULONG reserved)
{
    FIXME("%p, %#Ix, %#Ix, %p, %#lx, %p, %p, %p, %#lx, %#lx: not implemented yet.\n", recip_data, session, ui_param, caption, edit_fields, labels, recip_count, recips, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIGetAddress(ULONG recip_data, ULONG count, void *recips)
{
    FIXME("%#lx, %#lx, %p: not implemented yet.\n", recip_data, count, recips);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIDetails(LHANDLE session, ULONG_PTR ui_param, void *recip, ULONG flags, ULONG reserved)
{
    FIXME("%#Ix, %#Ix, %p, %#lx, %#lx: not implemented yet.\n", session, ui_param, recip, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIResolveName(LHANDLE session, ULONG_PTR ui_param, void *name, ULONG flags, ULONG reserved, void *recip)
{
    FIXME("%#Ix, %#Ix, %p, %#lx, %#lx, %p: not implemented yet.\n", session, ui_param, name, flags, reserved, recip);
    return MAPI_E_NOT_SUPPORTED;
}

/* Common Messaging Calls */
CMC_return_code WINAPI cmc_act_on(CMC_session_id session, CMC_message_reference *message_reference, CMC_enum operation, CMC_flags flags, CMC_ui_id ui_id, CMC_extension *reserved)
{
    FIXME("%#lx, %p, %ld, %#lx, %#lx, %p: not implemented yet.\n", session, message_reference, operation, flags, ui_id, reserved);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_free(CMC_buffer memory)
{
    FIXME("%p: not implemented yet.\n", memory);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_list(CMC_session_id session, CMC_string message_type, CMC_flags flags, CMC_message_reference *seed, CMC_uint32 *count, CMC_ui_id ui_id, CMC_message_summary **result, CMC_extension *reserved)
{
    FIXME("%#lx, %s, %#lx, %p, %p, %#lx, %p, %p: not implemented yet.\n", session, debugstr_a(message_type), flags, seed, count, ui_id, result, reserved);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_logoff(CMC_session_id session, CMC_ui_id ui_id, CMC_flags flags, CMC_extension *reserved)
{
    FIXME("%#lx, %#lx, %#lx, %p: not implemented yet.\n", session, ui_id, flags, reserved);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_logon(CMC_string service, CMC_string user, CMC_string password, CMC_object_identifier character_set, CMC_ui_id ui_id, CMC_uint16 caller_version, CMC_flags flags, CMC_session_id *session, CMC_extension *reserved)
{
    FIXME("%s, %s, %p, %s, %#lx, %u, %#lx, %p, %p: not implemented yet.\n", debugstr_a(service), debugstr_a(user), password, debugstr_a(character_set), ui_id, caller_version, flags, session, reserved);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_look_up(CMC_session_id session, CMC_recipient *recipient_in, CMC_flags flags, CMC_ui_id ui_id, CMC_uint32 *count, CMC_recipient **recipient_out, CMC_extension *reserved)
{
    FIXME("%#lx, %p, %#lx, %#lx, %p, %p, %p: not implemented yet.\n", session, recipient_in, flags, ui_id, count, recipient_out, reserved);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_query_configuration(CMC_session_id session, CMC_enum item, CMC_buffer reference, CMC_extension *config_extensions)
{
    FIXME("%#lx, %ld, %p, %p: not implemented yet.\n", session, item, reference, config_extensions);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_read(CMC_session_id session, CMC_message_reference *message_reference, CMC_flags flags, CMC_message **message, CMC_ui_id ui_id, CMC_extension *reserved)
{
    FIXME("%#lx, %p, %#lx, %p, %#lx, %p: not implemented yet.\n", session, message_reference, flags, message, ui_id, reserved);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_send(CMC_session_id session, CMC_message *message, CMC_flags flags, CMC_ui_id ui_id, CMC_extension *reserved)
{
    FIXME("%#lx, %p, %#lx, %#lx, %p: not implemented yet.\n", session, message, flags, ui_id, reserved);
    return CMC_E_NOT_SUPPORTED;
}

CMC_return_code WINAPI cmc_send_documents(CMC_string recipient_addresses, CMC_string subject, CMC_string text_note, CMC_flags flags, CMC_string file_paths, CMC_string file_names, CMC_string delimiter, CMC_ui_id ui_id)
{
    FIXME("%s, %s, %s, %#lx, %s, %s, %s, %#lx: not implemented yet.\n", debugstr_a(recipient_addresses), debugstr_a(subject), debugstr_a(text_note), flags, debugstr_a(file_paths), debugstr_a(file_names), debugstr_a(delimiter), ui_id);
    return CMC_E_NOT_SUPPORTED;
}

SCODE WINAPI ScMAPIXFromCMC(CMC_session_id session, ULONG flags, LPCIID iid, LPMAPISESSION *mapi_session)
{
    FIXME("%#lx, %#lx, %p, %p: not implemented yet.\n", session, flags, iid, mapi_session);
    if (mapi_session) *mapi_session = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* parameter validation */
HRESULT WINAPI __ValidateParameters(METHODS method, void *first)
{
    FIXME("%d, %p: not implemented yet.\n", method, first);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI __CPPValidateParameters(METHODS method, void *first)
{
    FIXME("%d, %p: not implemented yet.\n", method, first);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrValidateParameters(METHODS method, void **first)
{
    FIXME("%d, %p: not implemented yet.\n", method, first);
    return MAPI_E_NO_SUPPORT;
}

/* UNKOBJ helpers (undocumented) */
SCODE WINAPI UNKOBJ_ScAllocate(void *object, ULONG size, void **buffer)
{
    FIXME("%p, %#lx, %p: not implemented yet.\n", object, size, buffer);
    if (buffer) *buffer = NULL;
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI UNKOBJ_ScAllocateMore(void *object, ULONG size, void *parent, void **buffer)
{
    FIXME("%p, %#lx, %p, %p: not implemented yet.\n", object, size, parent, buffer);
    if (buffer) *buffer = NULL;
    return MAPI_E_NO_SUPPORT;
}

void WINAPI UNKOBJ_Free(void *object, void *buffer)
{
    FIXME("%p, %p: not implemented yet.\n", object, buffer);
}

void WINAPI UNKOBJ_FreeRows(void *object, LPSRowSet rows)
{
    FIXME("%p, %p: not implemented yet.\n", object, rows);
}

SCODE WINAPI UNKOBJ_ScCOAllocate(void *object, ULONG size, void **buffer)
{
    FIXME("%p, %#lx, %p: not implemented yet.\n", object, size, buffer);
    if (buffer) *buffer = NULL;
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI UNKOBJ_ScCOReallocate(void *object, ULONG size, void **buffer)
{
    FIXME("%p, %#lx, %p: not implemented yet.\n", object, size, buffer);
    return MAPI_E_NO_SUPPORT;
}

void WINAPI UNKOBJ_COFree(void *object, void *buffer)
{
    FIXME("%p, %p: not implemented yet.\n", object, buffer);
}

SCODE WINAPI UNKOBJ_ScSzFromIdsAlloc(void *object, UINT id, ULONG flags, int max_chars, LPSTR *string)
{
    FIXME("%p, %u, %#lx, %d, %p: not implemented yet.\n", object, id, flags, max_chars, string);
    if (string) *string = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* paths and Outlook-specific entry points */
SCODE WINAPI ScUNCFromLocalPath(LPSTR local, LPSTR unc, UINT size)
{
    FIXME("%s, %s, %u: not implemented yet.\n", debugstr_a(local), debugstr_a(unc), size);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScLocalPathFromUNC(LPSTR unc, LPSTR local, UINT size)
{
    FIXME("%s, %s, %u: not implemented yet.\n", debugstr_a(unc), debugstr_a(local), size);
    return MAPI_E_NO_SUPPORT;
}

DWORD WINAPI GetOutlookVersion(void)
{
    FIXME("not implemented yet.\n");
    return 0;
}

void WINAPI FixMAPI(void)
{
    FIXME("not implemented yet.\n");
}

BOOL WINAPI FGetComponentPath(LPCSTR component, LPCSTR qualifier, LPSTR dll_path, DWORD dll_path_size, BOOL install)
{
    FIXME("%s, %s, %s, %#lx, %d: not implemented yet.\n", debugstr_a(component), debugstr_a(qualifier), debugstr_a(dll_path), dll_path_size, install);
    return FALSE;
}
