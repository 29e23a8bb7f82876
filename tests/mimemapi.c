/*
 * The MIME library (libs/mime), built into the test program: the mapping
 * to and from MAPI messages, on a small IMessage of the test's own and on
 * mapi32's OpenIMsgOnIStg
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mime_test.h"

static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *,
        IPropData **);
static SCODE (WINAPI *pCreateTable)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, ULONG,
        ULONG, SPropTagArray *, ITableData **);

static struct mime_allocators allocators;

#ifndef MODRECIP_ADD
#define MODRECIP_ADD 0x00000002
#endif

static const GUID iid_message = {0x00020307, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const BYTE oneoff_uid[16] = MAPI_ONE_OFF_UID;

static BOOL init_mapi(void)
{
    HMODULE mapi32 = LoadLibraryA("mapi32.dll");

    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;
#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated)
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(CreateIProp, "CreateIProp@24");
    GET(CreateTable, "CreateTable@36");
#undef GET
    ok((void *)GetProcAddress(mapi32, "CreateIProp") == (void *)pCreateIProp, "CreateIProp names differ.\n");
    allocators.allocate_buffer = pMAPIAllocateBuffer;
    allocators.allocate_more = pMAPIAllocateMore;
    allocators.free_buffer = pMAPIFreeBuffer;
    return pMAPIAllocateBuffer && pMAPIAllocateMore && pMAPIFreeBuffer && pCreateIProp && pCreateTable;
}

/* ------------------------------------------------------------------------
 * A small IMessage for the MAPI mapping: properties in an IPropData,
 * recipients and attachments in ITableData tables, attachments as
 * IAttach objects on IPropData of their own. With big_body set, PR_BODY
 * of more than 1,000 characters goes through streams only, as stores do
 * for values too big for GetProps and SetProps.
 */

struct test_message
{
    IMessage IMessage_iface;
    LONG refcount;
    IPropData *props;
    ITableData *recipients;
    ITableData *attachments;
    struct test_attach *attach[16];
    ULONG attach_count;
    ULONG next_rowid;
    BOOL big_body;
    IStream *body_stream;           /* PR_BODY as given through OpenProperty */
    ULONG saved;                    /* SaveChanges calls */
};

struct test_attach
{
    IAttach IAttach_iface;
    LONG refcount;
    IPropData *props;
    ULONG num;
    struct test_message *embedded;  /* PR_ATTACH_DATA_OBJ */
    ULONG saved;
};

static struct test_message *create_test_message(void);

static const SizedSPropTagArray(1, rowid_column) = {1, {PR_ROWID}};

static struct test_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct test_message, IMessage_iface);
}

static struct test_attach *impl_from_IAttach(IAttach *iface)
{
    return CONTAINING_RECORD(iface, struct test_attach, IAttach_iface);
}

static HRESULT WINAPI attach_QueryInterface(IAttach *iface, REFIID riid, void **out)
{
    *out = NULL;
    if (!IsEqualIID(riid, &IID_IUnknown)) return E_NOINTERFACE;
    *out = iface;
    IAttach_AddRef(iface);
    return S_OK;
}

static ULONG WINAPI attach_AddRef(IAttach *iface)
{
    return InterlockedIncrement(&impl_from_IAttach(iface)->refcount);
}

static ULONG WINAPI attach_Release(IAttach *iface)
{
    struct test_attach *attach = impl_from_IAttach(iface);
    ULONG ref = InterlockedDecrement(&attach->refcount);

    if (!ref)
    {
        if (attach->embedded) IMessage_Release(&attach->embedded->IMessage_iface);
        IPropData_Release(attach->props);
        free(attach);
    }
    return ref;
}

static HRESULT WINAPI attach_GetLastError(IAttach *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI attach_SaveChanges(IAttach *iface, ULONG flags)
{
    impl_from_IAttach(iface)->saved++;
    return S_OK;
}

static HRESULT WINAPI attach_GetProps(IAttach *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    return IPropData_GetProps(impl_from_IAttach(iface)->props, tags, flags, count, values);
}

static HRESULT WINAPI attach_GetPropList(IAttach *iface, ULONG flags, SPropTagArray **tags)
{
    return IPropData_GetPropList(impl_from_IAttach(iface)->props, flags, tags);
}

static HRESULT WINAPI attach_OpenProperty(IAttach *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    struct test_attach *attach = impl_from_IAttach(iface);

    *out = NULL;
    if (tag != PR_ATTACH_DATA_OBJ || !IsEqualIID(iid, &iid_message)) return MAPI_E_NO_SUPPORT;
    if (!attach->embedded)
    {
        if (!(flags & MAPI_CREATE)) return MAPI_E_NOT_FOUND;
        attach->embedded = create_test_message();
    }
    IMessage_AddRef(&attach->embedded->IMessage_iface);
    *out = (IUnknown *)&attach->embedded->IMessage_iface;
    return S_OK;
}

static HRESULT WINAPI attach_SetProps(IAttach *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    return IPropData_SetProps(impl_from_IAttach(iface)->props, count, values, problems);
}

static HRESULT WINAPI attach_DeleteProps(IAttach *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return IPropData_DeleteProps(impl_from_IAttach(iface)->props, tags, problems);
}

static HRESULT WINAPI attach_CopyTo(IAttach *iface, ULONG count, const IID *exclude, SPropTagArray *tags,
        ULONG param, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI attach_CopyProps(IAttach *iface, SPropTagArray *tags, ULONG param,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI attach_GetNamesFromIDs(IAttach *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI attach_GetIDsFromNames(IAttach *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    return MAPI_E_NO_SUPPORT;
}

static const IAttachVtbl attach_vtbl =
{
    attach_QueryInterface, attach_AddRef, attach_Release, attach_GetLastError, attach_SaveChanges,
    attach_GetProps, attach_GetPropList, attach_OpenProperty, attach_SetProps, attach_DeleteProps,
    attach_CopyTo, attach_CopyProps, attach_GetNamesFromIDs, attach_GetIDsFromNames,
};

static HRESULT WINAPI message_QueryInterface(IMessage *iface, REFIID riid, void **out)
{
    *out = NULL;
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &iid_message)) return E_NOINTERFACE;
    *out = iface;
    IMessage_AddRef(iface);
    return S_OK;
}

static ULONG WINAPI message_AddRef(IMessage *iface)
{
    return InterlockedIncrement(&impl_from_IMessage(iface)->refcount);
}

static ULONG WINAPI message_Release(IMessage *iface)
{
    struct test_message *msg = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&msg->refcount), i;

    if (!ref)
    {
        for (i = 0; i < msg->attach_count; i++) IAttach_Release(&msg->attach[i]->IAttach_iface);
        if (msg->body_stream) IStream_Release(msg->body_stream);
        ITableData_Release(msg->recipients);
        ITableData_Release(msg->attachments);
        IPropData_Release(msg->props);
        free(msg);
    }
    return ref;
}

static HRESULT WINAPI message_GetLastError(IMessage *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_SaveChanges(IMessage *iface, ULONG flags)
{
    impl_from_IMessage(iface)->saved++;
    return S_OK;
}

static BOOL body_too_big(struct test_message *msg, const SPropValue *value)
{
    return msg->big_body && value->ulPropTag == PR_BODY_W && lstrlenW(value->Value.lpszW) > 1000;
}

static HRESULT WINAPI message_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values)
{
    struct test_message *msg = impl_from_IMessage(iface);
    HRESULT hr;
    ULONG i;

    hr = IPropData_GetProps(msg->props, tags, flags, count, values);
    for (i = 0; SUCCEEDED(hr) && *values && i < *count; i++)
    {
        if (!body_too_big(msg, &(*values)[i])) continue;
        (*values)[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(PR_BODY_W));
        (*values)[i].Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
        hr = MAPI_W_ERRORS_RETURNED;
    }
    return hr;
}

static HRESULT WINAPI message_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    return IPropData_GetPropList(impl_from_IMessage(iface)->props, flags, tags);
}

/* PR_BODY_W as a stream: read from the properties, or a new stream whose
 * contents the test looks at. */
static HRESULT WINAPI message_OpenProperty(IMessage *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    struct test_message *msg = impl_from_IMessage(iface);
    SPropTagArray tags = {1, {PR_BODY_W}};
    SPropValue *value;
    IStream *stream;
    HGLOBAL global;
    ULONG count;
    HRESULT hr;
    SIZE_T size;

    *out = NULL;
    if (!msg->big_body || tag != PR_BODY_W || !IsEqualIID(iid, &IID_IStream)) return MAPI_E_NO_SUPPORT;
    if (flags & MAPI_MODIFY)
    {
        if (msg->body_stream) IStream_Release(msg->body_stream);
        hr = CreateStreamOnHGlobal(NULL, TRUE, &msg->body_stream);
        if (hr) return hr;
        IStream_AddRef(msg->body_stream);
        *out = (IUnknown *)msg->body_stream;
        return S_OK;
    }
    hr = IPropData_GetProps(msg->props, &tags, 0, &count, &value);
    if (hr) return MAPI_E_NOT_FOUND;
    size = (lstrlenW(value->Value.lpszW) + 1) * sizeof(WCHAR);
    global = GlobalAlloc(GMEM_MOVEABLE, size);
    memcpy(GlobalLock(global), value->Value.lpszW, size);
    GlobalUnlock(global);
    pMAPIFreeBuffer(value);
    hr = CreateStreamOnHGlobal(global, TRUE, &stream);
    *out = (IUnknown *)stream;
    return hr;
}

static HRESULT WINAPI message_SetProps(IMessage *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    struct test_message *msg = impl_from_IMessage(iface);
    ULONG i;

    for (i = 0; i < count; i++)
        if (body_too_big(msg, &values[i])) return MAPI_E_NOT_ENOUGH_MEMORY;
    return IPropData_SetProps(msg->props, count, values, problems);
}

static HRESULT WINAPI message_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return IPropData_DeleteProps(impl_from_IMessage(iface)->props, tags, problems);
}

static HRESULT WINAPI message_CopyTo(IMessage *iface, ULONG count, const IID *exclude, SPropTagArray *tags,
        ULONG param, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_CopyProps(IMessage *iface, SPropTagArray *tags, ULONG param,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return ITableData_HrGetView(impl_from_IMessage(iface)->attachments, NULL, NULL, 0, table);
}

static HRESULT WINAPI message_OpenAttach(IMessage *iface, ULONG num, const IID *iid, ULONG flags, IAttach **out)
{
    struct test_message *msg = impl_from_IMessage(iface);
    ULONG i;

    for (i = 0; i < msg->attach_count; i++)
    {
        if (msg->attach[i]->num != num) continue;
        IAttach_AddRef(&msg->attach[i]->IAttach_iface);
        *out = &msg->attach[i]->IAttach_iface;
        return S_OK;
    }
    return MAPI_E_NOT_FOUND;
}

static HRESULT WINAPI message_CreateAttach(IMessage *iface, const IID *iid, ULONG flags, ULONG *num, IAttach **out)
{
    struct test_message *msg = impl_from_IMessage(iface);
    struct test_attach *attach;
    SPropValue value;
    SRow row = {0, 1, &value};
    HRESULT hr;

    if (msg->attach_count == ARRAY_SIZE(msg->attach)) return MAPI_E_NOT_ENOUGH_MEMORY;
    attach = calloc(1, sizeof(*attach));
    attach->IAttach_iface.lpVtbl = &attach_vtbl;
    attach->refcount = 2;
    attach->num = msg->attach_count + 100;
    hr = pCreateIProp(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, &attach->props);
    ok(hr == S_OK, "CreateIProp got %#lx.\n", hr);
    value.ulPropTag = PR_ATTACH_NUM;
    value.Value.l = attach->num;
    IPropData_SetProps(attach->props, 1, &value, NULL);
    ITableData_HrModifyRow(msg->attachments, &row);
    msg->attach[msg->attach_count++] = attach;
    *num = attach->num;
    *out = &attach->IAttach_iface;
    return S_OK;
}

static HRESULT WINAPI message_DeleteAttach(IMessage *iface, ULONG num, ULONG param, IMAPIProgress *progress,
        ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return ITableData_HrGetView(impl_from_IMessage(iface)->recipients, NULL, NULL, 0, table);
}

/* Flags 0 (replace all) and MODRECIP_ADD; each row gets a PR_ROWID. */
static HRESULT WINAPI message_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *list)
{
    struct test_message *msg = impl_from_IMessage(iface);
    SPropValue *values;
    SRow row;
    HRESULT hr;
    ULONG i;

    if (flags & ~MODRECIP_ADD) return MAPI_E_NO_SUPPORT;
    if (!flags)
    {
        ITableData_Release(msg->recipients);
        hr = pCreateTable(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC,
                PR_ROWID, (SPropTagArray *)&rowid_column, &msg->recipients);
        if (hr) return hr;
    }
    for (i = 0; i < list->cEntries; i++)
    {
        values = malloc((list->aEntries[i].cValues + 1) * sizeof(*values));
        memcpy(values, list->aEntries[i].rgPropVals, list->aEntries[i].cValues * sizeof(*values));
        values[list->aEntries[i].cValues].ulPropTag = PR_ROWID;
        values[list->aEntries[i].cValues].Value.l = msg->next_rowid++;
        row.cValues = list->aEntries[i].cValues + 1;
        row.lpProps = values;
        hr = ITableData_HrModifyRow(msg->recipients, &row);
        free(values);
        if (hr) return hr;
    }
    return S_OK;
}

static HRESULT WINAPI message_SubmitMessage(IMessage *iface, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI message_SetReadFlag(IMessage *iface, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static const IMessageVtbl message_vtbl =
{
    message_QueryInterface, message_AddRef, message_Release, message_GetLastError, message_SaveChanges,
    message_GetProps, message_GetPropList, message_OpenProperty, message_SetProps, message_DeleteProps,
    message_CopyTo, message_CopyProps, message_GetNamesFromIDs, message_GetIDsFromNames,
    message_GetAttachmentTable, message_OpenAttach, message_CreateAttach, message_DeleteAttach,
    message_GetRecipientTable, message_ModifyRecipients, message_SubmitMessage, message_SetReadFlag,
};

static struct test_message *create_test_message(void)
{
    SizedSPropTagArray(1, attach_columns) = {1, {PR_ATTACH_NUM}};
    struct test_message *msg = calloc(1, sizeof(*msg));
    HRESULT hr;

    msg->IMessage_iface.lpVtbl = &message_vtbl;
    msg->refcount = 1;
    hr = pCreateIProp(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, &msg->props);
    ok(hr == S_OK, "CreateIProp got %#lx.\n", hr);
    hr = pCreateTable(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC,
            PR_ROWID, (SPropTagArray *)&rowid_column, &msg->recipients);
    ok(hr == S_OK, "CreateTable got %#lx.\n", hr);
    hr = pCreateTable(NULL, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC,
            PR_ATTACH_NUM, (SPropTagArray *)&attach_columns, &msg->attachments);
    ok(hr == S_OK, "CreateTable got %#lx.\n", hr);
    return msg;
}

static void set_prop(IMAPIProp *obj, ULONG tag, const void *value)
{
    SPropValue prop;
    HRESULT hr;

    prop.ulPropTag = tag;
    switch (PROP_TYPE(tag))
    {
    case PT_LONG: prop.Value.l = (LONG)(LONG_PTR)value; break;
    case PT_BOOLEAN: prop.Value.b = (USHORT)(ULONG_PTR)value; break;
    case PT_UNICODE: prop.Value.lpszW = (WCHAR *)value; break;
    case PT_SYSTIME: prop.Value.ft = *(const FILETIME *)value; break;
    case PT_BINARY: prop.Value.bin = *(const SBinary *)value; break;
    }
    hr = IMAPIProp_SetProps(obj, 1, &prop, NULL);
    ok(hr == S_OK, "SetProps(%#lx) got %#lx.\n", tag, hr);
}

/* The value of one property, freed by the caller with MAPIFreeBuffer. */
static SPropValue *get_prop(IMAPIProp *obj, ULONG tag)
{
    SPropTagArray tags = {1, {tag}};
    SPropValue *value = NULL;
    ULONG count;
    HRESULT hr;

    hr = IMAPIProp_GetProps(obj, &tags, 0, &count, &value);
    if (hr == S_OK && value->ulPropTag == tag) return value;
    if (value) pMAPIFreeBuffer(value);
    return NULL;
}

static void check_string_prop(IMAPIProp *obj, ULONG tag, const WCHAR *want, int line)
{
    SPropValue *value = get_prop(obj, tag);

    ok_(__FILE__, line)(want ? value && !lstrcmpW(value->Value.lpszW, want) : !value, "%#lx: got %s, want %s.\n",
            tag, value ? dbgw(value->Value.lpszW) : "none", dbgw(want));
    if (value) pMAPIFreeBuffer(value);
}
#define check_string_prop(a, b, c) check_string_prop(a, b, c, __LINE__)

static void check_long_prop(IMAPIProp *obj, ULONG tag, LONG want, int line)
{
    SPropValue *value = get_prop(obj, tag);

    ok_(__FILE__, line)(value && value->Value.l == want, "%#lx: got %ld, want %ld.\n", tag,
            value ? value->Value.l : -12345, want);
    if (value) pMAPIFreeBuffer(value);
}
#define check_long_prop(a, b, c) check_long_prop(a, b, c, __LINE__)

static void check_binary_prop(IMAPIProp *obj, ULONG tag, const void *want, ULONG size, int line)
{
    SPropValue *value = get_prop(obj, tag);

    ok_(__FILE__, line)(value && value->Value.bin.cb == size && !memcmp(value->Value.bin.lpb, want, size),
            "%#lx: got %lu bytes, want %lu.\n", tag, value ? value->Value.bin.cb : 0, size);
    if (value) pMAPIFreeBuffer(value);
}
#define check_binary_prop(a, b, c, d) check_binary_prop(a, b, c, d, __LINE__)

/* A Unicode one-off entry ID, built here from MS-OXCDATA 2.2.5.1. */
static ULONG build_oneoff(BYTE *out, const WCHAR *name, const WCHAR *type, const WCHAR *address)
{
    ULONG pos = 24;

    memset(out, 0, 24);
    memcpy(out + 4, oneoff_uid, 16);
    out[22] = 0x01;
    out[23] = 0x80;
    memcpy(out + pos, name, (lstrlenW(name) + 1) * sizeof(WCHAR));
    pos += (lstrlenW(name) + 1) * sizeof(WCHAR);
    memcpy(out + pos, type, (lstrlenW(type) + 1) * sizeof(WCHAR));
    pos += (lstrlenW(type) + 1) * sizeof(WCHAR);
    memcpy(out + pos, address, (lstrlenW(address) + 1) * sizeof(WCHAR));
    return pos + (lstrlenW(address) + 1) * sizeof(WCHAR);
}

static void add_test_recipient(IMessage *message, ULONG type, const WCHAR *name, const WCHAR *addrtype,
        const WCHAR *address, const WCHAR *smtp)
{
    SPropValue values[5];
    ADRLIST list;
    ULONG count = 0;
    HRESULT hr;

    values[count].ulPropTag = PR_RECIPIENT_TYPE;
    values[count++].Value.l = type;
    values[count].ulPropTag = PR_DISPLAY_NAME_W;
    values[count++].Value.lpszW = (WCHAR *)name;
    values[count].ulPropTag = PR_ADDRTYPE_W;
    values[count++].Value.lpszW = (WCHAR *)addrtype;
    values[count].ulPropTag = PR_EMAIL_ADDRESS_W;
    values[count++].Value.lpszW = (WCHAR *)address;
    if (smtp)
    {
        values[count].ulPropTag = PR_SMTP_ADDRESS_W;
        values[count++].Value.lpszW = (WCHAR *)smtp;
    }
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = count;
    list.aEntries[0].rgPropVals = values;
    hr = IMessage_ModifyRecipients(message, MODRECIP_ADD, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
}

static IAttach *add_test_attachment(IMessage *message, ULONG method)
{
    IAttach *attach = NULL;
    ULONG num;
    HRESULT hr;

    hr = IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_prop((IMAPIProp *)attach, PR_ATTACH_METHOD, (void *)(LONG_PTR)method);
    return attach;
}

static const WCHAR pdf_name[] = L"Rechnung f\u00fcr M\u00e4rz \u2013 \u65e5\u672c.pdf";
static const BYTE pdf_data[] = "%PDF-1.4\n\0\1\2\xff\xfe";

/* A message with everything the writer reads from a MAPI message. */
static struct test_message *build_mapi_message(const WCHAR *file_path)
{
    struct test_message *test = create_test_message();
    IMessage *message = &test->IMessage_iface, *inner;
    IMAPIProp *obj = (IMAPIProp *)message;
    BYTE flat[400], *entry = flat + 8;
    SBinary bin;
    IAttach *attach;
    HRESULT hr;
    ULONG cb;

    set_prop(obj, PR_SUBJECT_W, L"Mapped \u00e9 subject");
    set_prop(obj, PR_BODY_W, L"Body text \u00e9\r\n");
    bin.cb = 13;
    bin.lpb = (BYTE *)"<p>caf\xe9</p>\r\n";
    set_prop(obj, PR_HTML, &bin);
    set_prop(obj, PR_INTERNET_CPID, (void *)1252);
    set_prop(obj, PR_SENDER_NAME_W, L"Assistant");
    set_prop(obj, PR_SENDER_ADDRTYPE_W, L"SMTP");
    set_prop(obj, PR_SENDER_EMAIL_ADDRESS_W, L"assistant@example.com");
    set_prop(obj, PR_SENT_REPRESENTING_NAME_W, L"Alice \u00c4");
    set_prop(obj, PR_SENT_REPRESENTING_ADDRTYPE_W, L"EX");
    set_prop(obj, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, L"/o=Org/cn=alice");
    set_prop(obj, PR_SENT_REPRESENTING_SMTP_ADDRESS_W, L"alice@example.com");
    set_prop(obj, PR_CLIENT_SUBMIT_TIME, &fixed_date);
    set_prop(obj, PR_INTERNET_MESSAGE_ID_W, L"<mapped@example.com>");
    set_prop(obj, PR_IN_REPLY_TO_ID_W, L"<parent@example.com>");
    set_prop(obj, PR_INTERNET_REFERENCES_W, L"<root@example.com> <parent@example.com>");
    set_prop(obj, PR_IMPORTANCE, (void *)IMPORTANCE_HIGH);
    set_prop(obj, PR_PRIORITY, (void *)PRIO_NONURGENT);
    cb = build_oneoff(entry + 4, L"Help Desk", L"SMTP", L"help@example.com");
    memcpy(entry, &cb, 4);
    entry += (4 + cb + 3) & ~3;
    /* An 8-bit one-off, and one for another address type. */
    memset(entry, 0, 28);
    memcpy(entry + 8, oneoff_uid, 16);
    memcpy(entry + 28, "Second\0SMTP\0second@example.com", 31);
    cb = 55;
    memcpy(entry, &cb, 4);
    entry += (4 + cb + 3) & ~3;
    cb = build_oneoff(entry + 4, L"Fax", L"FAX", L"+1 555 0100");
    memcpy(entry, &cb, 4);
    entry += (4 + cb + 3) & ~3;
    ((ULONG *)flat)[0] = 3;
    ((ULONG *)flat)[1] = entry - (flat + 8);
    bin.cb = entry - flat;
    bin.lpb = flat;
    set_prop(obj, PR_REPLY_RECIPIENT_ENTRIES, &bin);

    add_test_recipient(message, MAPI_TO, L"Bob", L"SMTP", L"bob@example.org", NULL);
    add_test_recipient(message, MAPI_CC, L"Carol \u00c7", L"EX", L"/o=Org/cn=carol", L"carol@example.org");
    add_test_recipient(message, MAPI_BCC, L"Hidden", L"SMTP", L"hidden@example.org", NULL);
    add_test_recipient(message, MAPI_TO, L"Fax Line", L"FAX", L"+1 555 0100", NULL);

    attach = add_test_attachment(message, ATTACH_BY_VALUE);
    set_prop((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, pdf_name);
    set_prop((IMAPIProp *)attach, PR_ATTACH_FILENAME_W, L"RECHNU~1.PDF");
    set_prop((IMAPIProp *)attach, PR_ATTACH_MIME_TAG_W, L"application/pdf");
    bin.cb = sizeof(pdf_data) - 1;
    bin.lpb = (BYTE *)pdf_data;
    set_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, &bin);
    IAttach_Release(attach);

    attach = add_test_attachment(message, ATTACH_BY_VALUE);
    set_prop((IMAPIProp *)attach, PR_ATTACH_FILENAME_W, L"logo.png");
    set_prop((IMAPIProp *)attach, PR_ATTACH_CONTENT_ID_W, L"logo@example.com");
    set_prop((IMAPIProp *)attach, PR_ATTACHMENT_HIDDEN, (void *)TRUE);
    bin.cb = 4;
    bin.lpb = (BYTE *)"\x89PNG";
    set_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, &bin);
    IAttach_Release(attach);

    attach = add_test_attachment(message, ATTACH_EMBEDDED_MSG);
    hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&inner);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_prop((IMAPIProp *)inner, PR_SUBJECT_W, L"Inner message");
    set_prop((IMAPIProp *)inner, PR_BODY_W, L"Inner body\r\n");
    set_prop((IMAPIProp *)inner, PR_SENT_REPRESENTING_NAME_W, L"Zoe");
    set_prop((IMAPIProp *)inner, PR_SENT_REPRESENTING_ADDRTYPE_W, L"SMTP");
    set_prop((IMAPIProp *)inner, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, L"zoe@example.net");
    IMessage_Release(inner);
    IAttach_Release(attach);

    attach = add_test_attachment(message, ATTACH_BY_REFERENCE);
    set_prop((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"on disk.txt");
    set_prop((IMAPIProp *)attach, PR_ATTACH_LONG_PATHNAME_W, file_path);
    IAttach_Release(attach);
    return test;
}

static void test_imessage_write(void)
{
    WCHAR path[MAX_PATH], dir[MAX_PATH];
    struct mime_message *msg = NULL;
    struct test_message *test;
    WCHAR *message_id = NULL;
    char *data = NULL;
    HANDLE file;
    SIZE_T size;
    DWORD written;
    HRESULT hr;

    GetTempPathW(ARRAY_SIZE(dir), dir);
    GetTempFileNameW(dir, L"mim", 0, path);
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(file, "from a file\n", 12, &written, NULL);
    CloseHandle(file);

    test = build_mapi_message(path);
    hr = mime_write_imessage(&test->IMessage_iface, &allocators, 0, &data, &size, &message_id);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(message_id && !lstrcmpW(message_id, L"<mapped@example.com>"), "got %s.\n", dbgw(message_id));
    if (data)
    {
        check_form(data, size, "imessage");
        ok(!strstr(data, "hidden@example.org") && !strstr(data, "Fax Line") && !has_line(data, "Bcc:"), "got %s.\n",
                data);
        ok(has_line(data, "Sender: Assistant <assistant@example.com>\r\n"), "got %s.\n", wine_dbgstr_a(data));
        ok(has_line(data, "Reply-To: Help Desk <help@example.com>, Second <second@example.com>\r\n"), "got %s.\n",
                wine_dbgstr_a(data));
        ok(has_line(data, "Importance: high\r\n") && has_line(data, "Priority: non-urgent\r\n"),
                "got %s.\n", wine_dbgstr_a(data));
        msg = read_ok(data, size, S_OK, "imessage");
    }
    if (msg)
    {
        ok(wstr_eq(msg->subject, L"Mapped \u00e9 subject"), "got %s.\n", dbgw(msg->subject));
        ok(wstr_eq(msg->body, L"Body text \u00e9\r\n"), "got %s.\n", dbgw(msg->body));
        /* PR_HTML was in code page 1252. */
        ok(wstr_eq(msg->html, L"<p>caf\u00e9</p>\r\n"), "got %s.\n", dbgw(msg->html));
        ok(wstr_eq(msg->from.name, L"Alice \u00c4") && wstr_eq(msg->from.address, L"alice@example.com"),
                "got %s.\n", dbgw(msg->from.address));
        ok(!memcmp(&msg->date, &fixed_date, sizeof(FILETIME)), "got %#lx.\n", msg->date.dwLowDateTime);
        ok(wstr_eq(msg->in_reply_to, L"<parent@example.com>"), "got %s.\n", dbgw(msg->in_reply_to));
        ok(wstr_eq(msg->references, L"<root@example.com> <parent@example.com>"), "got %s.\n", dbgw(msg->references));
        ok(msg->recipient_count == 2, "got %lu.\n", msg->recipient_count);
        if (msg->recipient_count == 2)
        {
            ok(msg->recipients[0].type == MAPI_TO && wstr_eq(msg->recipients[0].addr.address, L"bob@example.org"),
                    "got %s.\n", dbgw(msg->recipients[0].addr.address));
            ok(msg->recipients[1].type == MAPI_CC && wstr_eq(msg->recipients[1].addr.address, L"carol@example.org")
                    && wstr_eq(msg->recipients[1].addr.name, L"Carol \u00c7"), "got %s.\n",
                    dbgw(msg->recipients[1].addr.address));
        }
        ok(msg->attachment_count == 4, "got %lu.\n", msg->attachment_count);
        if (msg->attachment_count == 4)
        {
            /* The inline picture sits with the HTML, in front. */
            ok(wstr_eq(msg->attachments[0].filename, L"logo.png") && msg->attachments[0].is_inline
                    && wstr_eq(msg->attachments[0].content_id, L"logo@example.com")
                    && wstr_eq(msg->attachments[0].mime_type, L"image/png"), "got %s.\n",
                    dbgw(msg->attachments[0].filename));
            ok(wstr_eq(msg->attachments[1].filename, pdf_name) && msg->attachments[1].size == sizeof(pdf_data) - 1
                    && !memcmp(msg->attachments[1].data, pdf_data, sizeof(pdf_data) - 1)
                    && wstr_eq(msg->attachments[1].mime_type, L"application/pdf"), "got %s.\n",
                    dbgw(msg->attachments[1].filename));
            ok(msg->attachments[2].message && wstr_eq(msg->attachments[2].message->subject, L"Inner message")
                    && wstr_eq(msg->attachments[2].message->from.address, L"zoe@example.net"), "got %p.\n",
                    msg->attachments[2].message);
            ok(wstr_eq(msg->attachments[3].filename, L"on disk.txt") && msg->attachments[3].size == 12
                    && !memcmp(msg->attachments[3].data, "from a file\n", 12)
                    && wstr_eq(msg->attachments[3].mime_type, L"text/plain"), "got %s.\n",
                    dbgw(msg->attachments[3].filename));
        }
    }
    mime_message_free(msg);
    mime_free(data);
    mime_free(message_id);
    IMessage_Release(&test->IMessage_iface);
    DeleteFileW(path);
}

static void test_imessage_params(void)
{
    struct test_message *test = create_test_message();
    struct mime_allocators bad = allocators;
    struct mime_message *msg = NULL;
    char *data;
    SIZE_T size;
    HRESULT hr;

    hr = mime_write_imessage(NULL, &allocators, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_write_imessage(&test->IMessage_iface, NULL, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    bad.free_buffer = NULL;
    hr = mime_write_imessage(&test->IMessage_iface, &bad, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_write_imessage(&test->IMessage_iface, &allocators, 4, &data, &size, NULL);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = mime_read_imessage("\r\n", 2, NULL, &allocators, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_read_imessage("\r\n", 2, &test->IMessage_iface, &bad, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_read_imessage("\r\n", 2, &test->IMessage_iface, &allocators, 8);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = mime_message_from_imessage(&test->IMessage_iface, &allocators, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_message_to_imessage(NULL, &test->IMessage_iface, &allocators);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* An empty message has no From: the writer refuses it. */
    hr = mime_write_imessage(&test->IMessage_iface, &allocators, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_message_from_imessage(&test->IMessage_iface, &allocators, &msg);
    ok(hr == S_OK && msg && !msg->subject && !msg->recipient_count && !msg->attachment_count, "got %#lx.\n", hr);
    mime_message_free(msg);
    IMessage_Release(&test->IMessage_iface);
}

static const char incoming[] =
    "Received: from mx.example.com by here; Fri, 13 Feb 2026 10:00:05 +0000\r\n"
    "From: =?utf-8?q?Alice_=C3=84?= <alice@example.com>\r\n"
    "Sender: assistant@example.com\r\n"
    "To: Bob <bob@example.org>, carol@example.org\r\n"
    "Cc: \"Dave\" <dave@example.org>\r\n"
    "Reply-To: Help Desk <help@example.com>\r\n"
    "Subject: Incoming =?iso-8859-1?q?caf=E9?=\r\n"
    "Date: Fri, 13 Feb 2026 11:00:00 +0100\r\n"
    "Message-ID: <incoming@example.com>\r\n"
    "In-Reply-To: <parent@example.com>\r\n"
    "References: <root@example.com>\r\n <parent@example.com>\r\n"
    "Importance: low\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"m\"\r\n"
    "\r\n"
    "--m\r\n"
    "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
    "--a\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "Caf=E9 text.\r\n"
    "--a\r\nContent-Type: multipart/related; boundary=\"r\"\r\n\r\n"
    "--r\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>caf\xe9 <img src=\"cid:pic@x\"></p>\r\n"
    "--r\r\nContent-Type: image/gif; name=pic.gif\r\nContent-ID: <pic@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "R0lGODlh\r\n"
    "--r--\r\n"
    "--a--\r\n"
    "--m\r\nContent-Type: application/pdf\r\n"
    "Content-Disposition: attachment; filename*=utf-8''%E2%82%AC%20bill.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
    "--m\r\nContent-Type: message/rfc822\r\n\r\n"
    "From: zoe@example.net\r\nSubject: Inner\r\n\r\nInner body\r\n"
    "--m--\r\n";

static void check_oneoff(const SPropValue *value, const WCHAR *name, const WCHAR *address)
{
    BYTE want[300];
    ULONG cb = build_oneoff(want, name, L"SMTP", address);

    ok(value && value->Value.bin.cb == cb && !memcmp(value->Value.bin.lpb, want, cb), "got %lu bytes, want %lu.\n",
            value ? value->Value.bin.cb : 0, cb);
}

static void test_imessage_read(void)
{
    static const char cut[] = "Subject: cut\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx";
    static const char html_utf8[] = "<p>caf\xc3\xa9 <img src=\"cid:pic@x\"></p>";
    SizedSPropTagArray(6, columns) = {6, {PR_RECIPIENT_TYPE, PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W,
            PR_ENTRYID, PR_SEARCH_KEY}};
    static const struct { ULONG type; const WCHAR *name, *address; const char *key; } want[] =
    {
        {MAPI_TO, L"Bob", L"bob@example.org", "SMTP:BOB@EXAMPLE.ORG"},
        {MAPI_TO, L"carol@example.org", L"carol@example.org", "SMTP:CAROL@EXAMPLE.ORG"},
        {MAPI_CC, L"Dave", L"dave@example.org", "SMTP:DAVE@EXAMPLE.ORG"},
    };
    struct test_message *test = create_test_message(), *inner;
    IMAPIProp *obj = (IMAPIProp *)&test->IMessage_iface;
    SYSTEMTIME st = {2026, 2, 0, 13, 10, 0, 0, 0};
    IMAPITable *table;
    SPropValue *value;
    SRowSet *rows;
    FILETIME date;
    HRESULT hr;
    ULONG i;

    hr = mime_read_imessage(incoming, strlen(incoming), &test->IMessage_iface, &allocators, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!test->saved, "SaveChanges called %lu times.\n", test->saved);

    check_string_prop(obj, PR_MESSAGE_CLASS_W, L"IPM.Note");
    check_string_prop(obj, PR_SUBJECT_W, L"Incoming caf\u00e9");
    check_string_prop(obj, PR_BODY_W, L"Caf\u00e9 text.");
    check_binary_prop(obj, PR_HTML, html_utf8, strlen(html_utf8));
    check_long_prop(obj, PR_INTERNET_CPID, CP_UTF8);
    check_string_prop(obj, PR_SENT_REPRESENTING_NAME_W, L"Alice \u00c4");
    check_string_prop(obj, PR_SENT_REPRESENTING_ADDRTYPE_W, L"SMTP");
    check_string_prop(obj, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, L"alice@example.com");
    value = get_prop(obj, PR_SENT_REPRESENTING_ENTRYID);
    check_oneoff(value, L"Alice \u00c4", L"alice@example.com");
    if (value) pMAPIFreeBuffer(value);
    check_binary_prop(obj, PR_SENT_REPRESENTING_SEARCH_KEY, "SMTP:ALICE@EXAMPLE.COM", 23);
    /* The Sender field is the sender; the From is whom it represents. */
    check_string_prop(obj, PR_SENDER_NAME_W, L"assistant@example.com");
    check_string_prop(obj, PR_SENDER_EMAIL_ADDRESS_W, L"assistant@example.com");
    value = get_prop(obj, PR_SENDER_ENTRYID);
    check_oneoff(value, L"assistant@example.com", L"assistant@example.com");
    if (value) pMAPIFreeBuffer(value);
    check_string_prop(obj, PR_REPLY_RECIPIENT_NAMES_W, L"Help Desk");
    value = get_prop(obj, PR_REPLY_RECIPIENT_ENTRIES);
    ok(value && value->Value.bin.cb >= 12 && ((ULONG *)value->Value.bin.lpb)[0] == 1, "got %p.\n", value);
    if (value)
    {
        SPropValue entry;

        entry.Value.bin.cb = ((ULONG *)value->Value.bin.lpb)[2];
        entry.Value.bin.lpb = value->Value.bin.lpb + 12;
        check_oneoff(&entry, L"Help Desk", L"help@example.com");
        pMAPIFreeBuffer(value);
    }
    SystemTimeToFileTime(&st, &date);
    value = get_prop(obj, PR_CLIENT_SUBMIT_TIME);
    ok(value && !memcmp(&value->Value.ft, &date, sizeof(date)),
            "got %#lx.\n", value ? value->Value.ft.dwLowDateTime : 0);
    if (value) pMAPIFreeBuffer(value);
    check_string_prop(obj, PR_INTERNET_MESSAGE_ID_W, L"<incoming@example.com>");
    check_string_prop(obj, PR_IN_REPLY_TO_ID_W, L"<parent@example.com>");
    check_string_prop(obj, PR_INTERNET_REFERENCES_W, L"<root@example.com> <parent@example.com>");
    check_long_prop(obj, PR_IMPORTANCE, IMPORTANCE_LOW);
    value = get_prop(obj, PR_TRANSPORT_MESSAGE_HEADERS_W);
    ok(value && !wcsncmp(value->Value.lpszW, L"Received: from mx.example.com", 29)
            && wcsstr(value->Value.lpszW, L"\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n")
            && !wcsstr(value->Value.lpszW, L"--m"), "got %s.\n", value ? dbgw(value->Value.lpszW) : "");
    if (value) pMAPIFreeBuffer(value);

    hr = IMessage_GetRecipientTable(&test->IMessage_iface, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(table, 10, 0, &rows);
    ok(hr == S_OK && rows->cRows == ARRAY_SIZE(want), "got %#lx, %lu rows.\n", hr, hr ? 0 : rows->cRows);
    for (i = 0; !hr && i < rows->cRows && i < ARRAY_SIZE(want); i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        ok(props[0].Value.l == want[i].type, "%lu: got type %ld.\n", i, props[0].Value.l);
        ok(props[1].ulPropTag == PR_DISPLAY_NAME_W && !lstrcmpW(props[1].Value.lpszW, want[i].name), "%lu: got %s.\n",
                i, dbgw(props[1].Value.lpszW));
        ok(props[2].ulPropTag == PR_ADDRTYPE_W && !lstrcmpW(props[2].Value.lpszW, L"SMTP"), "%lu: got %s.\n", i,
                dbgw(props[2].Value.lpszW));
        ok(props[3].ulPropTag == PR_EMAIL_ADDRESS_W && !lstrcmpW(props[3].Value.lpszW, want[i].address),
                "%lu: got %s.\n", i, dbgw(props[3].Value.lpszW));
        check_oneoff(&props[4], want[i].name, want[i].address);
        ok(props[5].ulPropTag == PR_SEARCH_KEY && props[5].Value.bin.cb == strlen(want[i].key) + 1
                && !memcmp(props[5].Value.bin.lpb, want[i].key, props[5].Value.bin.cb), "%lu: got %lu.\n", i,
                props[5].Value.bin.cb);
    }
    if (!hr)
    {
        for (i = 0; i < rows->cRows; i++) pMAPIFreeBuffer(rows->aRow[i].lpProps);
        pMAPIFreeBuffer(rows);
    }
    IMAPITable_Release(table);

    ok(test->attach_count == 3, "got %lu attachments.\n", test->attach_count);
    if (test->attach_count == 3)
    {
        IMAPIProp *pic = (IMAPIProp *)&test->attach[0]->IAttach_iface;
        IMAPIProp *pdf = (IMAPIProp *)&test->attach[1]->IAttach_iface;
        IMAPIProp *eml = (IMAPIProp *)&test->attach[2]->IAttach_iface;

        check_long_prop(pic, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
        check_string_prop(pic, PR_ATTACH_LONG_FILENAME_W, L"pic.gif");
        check_string_prop(pic, PR_ATTACH_EXTENSION_W, L".gif");
        check_string_prop(pic, PR_ATTACH_MIME_TAG_W, L"image/gif");
        check_string_prop(pic, PR_ATTACH_CONTENT_ID_W, L"pic@x");
        check_long_prop(pic, PR_ATTACH_FLAGS, ATT_MHTML_REF);
        check_long_prop(pic, PR_ATTACHMENT_HIDDEN, TRUE);
        check_binary_prop(pic, PR_ATTACH_DATA_BIN, "GIF89a", 6);
        ok(test->attach[0]->saved == 1, "got %lu.\n", test->attach[0]->saved);

        check_string_prop(pdf, PR_ATTACH_LONG_FILENAME_W, L"\u20ac bill.pdf");
        check_string_prop(pdf, PR_DISPLAY_NAME_W, L"\u20ac bill.pdf");
        check_string_prop(pdf, PR_ATTACH_MIME_TAG_W, L"application/pdf");
        check_string_prop(pdf, PR_ATTACH_CONTENT_ID_W, NULL);
        check_binary_prop(pdf, PR_ATTACH_DATA_BIN, "%PDF-1.4\n", 9);
        ok(!get_prop(pdf, PR_ATTACHMENT_HIDDEN), "PR_ATTACHMENT_HIDDEN set.\n");

        check_long_prop(eml, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
        check_string_prop(eml, PR_DISPLAY_NAME_W, L"Inner");
        inner = test->attach[2]->embedded;
        ok(inner != NULL, "no embedded message.\n");
        if (inner)
        {
            check_string_prop((IMAPIProp *)&inner->IMessage_iface, PR_SUBJECT_W, L"Inner");
            check_string_prop((IMAPIProp *)&inner->IMessage_iface, PR_BODY_W, L"Inner body");
            check_string_prop((IMAPIProp *)&inner->IMessage_iface, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W,
                    L"zoe@example.net");
            ok(inner->saved == 1, "got %lu.\n", inner->saved);
        }
    }
    IMessage_Release(&test->IMessage_iface);

    /* Defects come back as the warning, after the message is filled. */
    test = create_test_message();
    hr = mime_read_imessage(cut, strlen(cut), &test->IMessage_iface, &allocators, 0);
    ok(hr == MAPI_W_PARTIAL_COMPLETION, "got %#lx.\n", hr);
    check_string_prop((IMAPIProp *)&test->IMessage_iface, PR_SUBJECT_W, L"cut");
    check_string_prop((IMAPIProp *)&test->IMessage_iface, PR_BODY_W, L"x");
    IMessage_Release(&test->IMessage_iface);
}

/* Values too big for GetProps and SetProps go through streams. */
static void test_imessage_streams(void)
{
    struct test_message *test = create_test_message();
    struct mime_message *msg = NULL;
    WCHAR body[3000], *text;
    STATSTG stat;
    LARGE_INTEGER zero = {{0}};
    char *data = NULL;
    SPropValue prop;
    SIZE_T size;
    ULONG got;
    HRESULT hr;
    int i;

    for (i = 0; i < 2999; i++) body[i] = i % 80 == 79 ? '\n' : 'a' + i % 26;
    body[i] = 0;
    prop.ulPropTag = PR_BODY_W;
    prop.Value.lpszW = body;
    hr = IPropData_SetProps(test->props, 1, &prop, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_prop((IMAPIProp *)&test->IMessage_iface, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, L"big@example.com");
    test->big_body = TRUE;
    hr = mime_write_imessage(&test->IMessage_iface, &allocators, 0, &data, &size, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    msg = data ? read_ok(data, size, S_OK, "big body") : NULL;
    ok(msg && msg->body && lstrlenW(msg->body) == 2999 + 37,
            "got %d characters.\n", msg && msg->body ? lstrlenW(msg->body) : 0);
    mime_free(data);
    IMessage_Release(&test->IMessage_iface);

    test = create_test_message();
    test->big_body = TRUE;
    hr = mime_message_to_imessage(msg, &test->IMessage_iface, &allocators);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(test->body_stream != NULL, "no stream.\n");
    if (test->body_stream && msg)
    {
        IStream_Stat(test->body_stream, &stat, STATFLAG_NONAME);
        ok(stat.cbSize.QuadPart == (lstrlenW(msg->body) + 1) * sizeof(WCHAR), "got %lu bytes.\n",
                (ULONG)stat.cbSize.QuadPart);
        text = malloc(stat.cbSize.QuadPart);
        IStream_Seek(test->body_stream, zero, STREAM_SEEK_SET, NULL);
        IStream_Read(test->body_stream, text, stat.cbSize.QuadPart, &got);
        ok(got == stat.cbSize.QuadPart && !lstrcmpW(text, msg->body), "got %lu bytes.\n", got);
        free(text);
    }
    mime_message_free(msg);
    IMessage_Release(&test->IMessage_iface);
}

/* The mapping on mapi32's own IMessage (OpenIMsgOnIStg, on an in-memory
 * compound file): read a message in, save it, write it out again. */
static void test_imsg_on_istg(void)
{
    SCODE (WINAPI *pOpenIMsgSession)(IMalloc *, ULONG, void **);
    void (WINAPI *pCloseIMsgSession)(void *);
    SCODE (WINAPI *pOpenIMsgOnIStg)(void *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, IMalloc *, void *,
            IStorage *, void *, ULONG, ULONG, IMessage **);
    HMODULE mapi32 = GetModuleHandleA("mapi32.dll");
    struct mime_message *msg = NULL;
    IMessage *message = NULL;
    void *session = NULL;
    IStorage *storage = NULL;
    ILockBytes *bytes = NULL;
    IMalloc *malloc_iface;
    char *data = NULL;
    SIZE_T size;
    HRESULT hr;

    pOpenIMsgSession = (void *)GetProcAddress(mapi32, "OpenIMsgSession@12");
    pCloseIMsgSession = (void *)GetProcAddress(mapi32, "CloseIMsgSession@4");
    pOpenIMsgOnIStg = (void *)GetProcAddress(mapi32, "OpenIMsgOnIStg@44");
    ok(pOpenIMsgSession && pCloseIMsgSession && pOpenIMsgOnIStg, "IMessage-on-IStorage functions missing.\n");
    if (!pOpenIMsgSession || !pCloseIMsgSession || !pOpenIMsgOnIStg) return;

    CoGetMalloc(MEMCTX_TASK, &malloc_iface);
    hr = CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pOpenIMsgSession(malloc_iface, 0, &session);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (storage && session)
    {
        hr = pOpenIMsgOnIStg(session, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, malloc_iface, NULL,
                storage, NULL, 0, MAPI_UNICODE, &message);
        ok(hr == S_OK, "OpenIMsgOnIStg got %#lx.\n", hr);
    }
    if (message)
    {
        hr = mime_read_imessage(incoming, strlen(incoming), message, &allocators, 0);
        ok(hr == S_OK, "got %#lx.\n", hr);
        hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
        ok(hr == S_OK, "got %#lx.\n", hr);
        hr = mime_write_imessage(message, &allocators, 0, &data, &size, NULL);
        ok(hr == S_OK, "got %#lx.\n", hr);
        msg = data ? read_ok(data, size, S_OK, "imsg") : NULL;
        IMessage_Release(message);
    }
    if (msg)
    {
        ok(wstr_eq(msg->subject, L"Incoming caf\u00e9"), "got %s.\n", dbgw(msg->subject));
        ok(wstr_eq(msg->body, L"Caf\u00e9 text."), "got %s.\n", dbgw(msg->body));
        ok(wstr_eq(msg->html, L"<p>caf\u00e9 <img src=\"cid:pic@x\"></p>"), "got %s.\n", dbgw(msg->html));
        ok(wstr_eq(msg->from.address, L"alice@example.com") && wstr_eq(msg->from.name, L"Alice \u00c4"),
                "got %s.\n", dbgw(msg->from.address));
        ok(wstr_eq(msg->sender.address, L"assistant@example.com"), "got %s.\n", dbgw(msg->sender.address));
        ok(msg->reply_to_count == 1 && wstr_eq(msg->reply_to[0].address, L"help@example.com"), "got %lu.\n",
                msg->reply_to_count);
        ok(wstr_eq(msg->message_id, L"<incoming@example.com>"), "got %s.\n", dbgw(msg->message_id));
        ok(msg->importance == MIME_IMPORTANCE_LOW, "got %u.\n", msg->importance);
        ok(msg->recipient_count == 3, "got %lu.\n", msg->recipient_count);
        if (msg->recipient_count == 3)
            ok(msg->recipients[2].type == MAPI_CC && wstr_eq(msg->recipients[2].addr.address, L"dave@example.org"),
                    "got %s.\n", dbgw(msg->recipients[2].addr.address));
        ok(msg->attachment_count == 3, "got %lu.\n", msg->attachment_count);
        if (msg->attachment_count == 3)
        {
            ok(wstr_eq(msg->attachments[0].content_id, L"pic@x") && msg->attachments[0].is_inline
                    && msg->attachments[0].size == 6, "got %s.\n", dbgw(msg->attachments[0].content_id));
            ok(wstr_eq(msg->attachments[1].filename, L"\u20ac bill.pdf") && msg->attachments[1].size == 9,
                    "got %s.\n", dbgw(msg->attachments[1].filename));
            ok(msg->attachments[2].message && wstr_eq(msg->attachments[2].message->subject, L"Inner")
                    && wstr_eq(msg->attachments[2].message->body, L"Inner body"), "got %p.\n",
                    msg->attachments[2].message);
        }
    }
    mime_message_free(msg);
    mime_free(data);
    if (session) pCloseIMsgSession(session);
    if (storage) IStorage_Release(storage);
    if (bytes) ILockBytes_Release(bytes);
    IMalloc_Release(malloc_iface);
}
START_TEST(mimemapi)
{
    if (!init_mapi()) return;
    test_imessage_write();
    test_imessage_params();
    test_imessage_read();
    test_imessage_streams();
    test_imsg_on_istg();
}
