/*
 * Integration tests: the mail-drop transport (maildrop32.dll), alone with
 * a support object of the test's own, and under the spooler with the
 * memory store: sending into the outbound Maildir (envelope, blind copies,
 * attachments, recipients marked, Sent Items, non-delivery reports),
 * receiving from the inbound one (files removed only once saved, bad files
 * set aside), the status row and status object, TransportLogoff's order,
 * also during SubmitMessage, and nothing left alive.
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
#include "mapispi.h"
#include "mapiadmin.h"
#include "imessage.h"

#include "maildrop_test.h"

#define PROFILE "Maildrop Test"

/* mapiguid.h's values, under names of our own. */
static const GUID iid_propdata = {0x0002031a, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID iid_message = {0x00020307, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID iid_mapistatus = {0x00020305, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *,
        IPropData **);
static LPOPENIMSGSESSION pOpenIMsgSession;
static LPCLOSEIMSGSESSION pCloseIMsgSession;
static LPOPENIMSGONISTG pOpenIMsgOnIStg;
static IMalloc *(WINAPI *pMAPIGetDefaultMalloc)(void);

static HMODULE maildrop;
static XPPROVIDERINIT *pXPProviderInit;
static HRESULT (WINAPI *pDllCanUnloadNow)(void);

static BOOL load_maildrop(void)
{
    maildrop = LoadLibraryA(MAILDROP_DLL);
    ok(maildrop != NULL, "%s did not load, error %lu.\n", MAILDROP_DLL, GetLastError());
    if (!maildrop) return FALSE;
    pXPProviderInit = (void *)GetProcAddress(maildrop, "XPProviderInit");
    pDllCanUnloadNow = (void *)GetProcAddress(maildrop, "DllCanUnloadNow");
    ok(pXPProviderInit && pDllCanUnloadNow, "exports are missing.\n");
    ok(GetProcAddress(maildrop, "MailDropServiceEntry") != NULL, "MailDropServiceEntry is not exported.\n");
    pCreateIProp = (void *)GetProcAddress(mapi32, "CreateIProp@24");
    pOpenIMsgSession = (void *)GetProcAddress(mapi32, "OpenIMsgSession@12");
    pCloseIMsgSession = (void *)GetProcAddress(mapi32, "CloseIMsgSession@4");
    pOpenIMsgOnIStg = (void *)GetProcAddress(mapi32, "OpenIMsgOnIStg@44");
    pMAPIGetDefaultMalloc = (void *)GetProcAddress(mapi32, "MAPIGetDefaultMalloc@0");
    ok(pCreateIProp && pOpenIMsgSession && pCloseIMsgSession && pOpenIMsgOnIStg && pMAPIGetDefaultMalloc,
            "mapi32 exports are missing.\n");
    return pXPProviderInit && pDllCanUnloadNow && pCreateIProp && pOpenIMsgSession && pCloseIMsgSession
            && pOpenIMsgOnIStg && pMAPIGetDefaultMalloc;
}

/* ------------------------------------------------------------------------
 * A support object of the test's own: it keeps what the transport did.
 * Methods a transport has no business calling are left NULL.
 */

struct fake_support
{
    IMAPISupport IMAPISupport_iface;
    LONG refcount;
    IPropData *section;                 /* the provider section */
    CRITICAL_SECTION cs;
    char calls[4096];                   /* the calls made, in order, comma-separated */
    ULONG rows;                         /* ModifyStatusRow calls */
    ULONG first_row_flags, row_flags;
    ULONG status_code, codes_seen;      /* the last PR_STATUS_CODE, and every bit ever set */
    char status_string[128], strings_seen[512];
    char row_display[128], identity[128];
    ULONG row_methods;
    ULONG notify_flags;                 /* SpoolerNotify, every flag */
    ULONG reports;                      /* StatusRecips entries */
    char reported[256];
    LONG report_reason;
    BOOL report_has_text;
};

static inline struct fake_support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct fake_support, IMAPISupport_iface);
}

static void fake_call(struct fake_support *support, const char *name)
{
    EnterCriticalSection(&support->cs);
    if (strlen(support->calls) + strlen(name) + 2 < sizeof(support->calls))
    {
        if (support->calls[0]) strcat(support->calls, ",");
        strcat(support->calls, name);
    }
    LeaveCriticalSection(&support->cs);
}

static HRESULT WINAPI fake_QueryInterface(IMAPISupport *iface, REFIID riid, void **out)
{
    fake_call(impl_from_IMAPISupport(iface), "QueryInterface");
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fake_AddRef(IMAPISupport *iface)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    fake_call(support, "AddRef");
    return InterlockedIncrement(&support->refcount);
}

static ULONG WINAPI fake_Release(IMAPISupport *iface)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    fake_call(support, "Release");
    return InterlockedDecrement(&support->refcount);
}

static HRESULT WINAPI fake_GetLastError(IMAPISupport *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI fake_GetMemAllocRoutines(IMAPISupport *iface, LPALLOCATEBUFFER *alloc, LPALLOCATEMORE *more,
        LPFREEBUFFER *free_buffer)
{
    *alloc = pMAPIAllocateBuffer;
    *more = pMAPIAllocateMore;
    *free_buffer = pMAPIFreeBuffer;
    return S_OK;
}

static HRESULT WINAPI fake_ModifyStatusRow(IMAPISupport *iface, ULONG count, SPropValue *values, ULONG flags)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    const SPropValue *value;

    fake_call(support, "ModifyStatusRow");
    EnterCriticalSection(&support->cs);
    if (!support->rows++) support->first_row_flags = flags;
    support->row_flags = flags;
    if ((value = mdt_find(values, count, PR_STATUS_CODE)))
    {
        support->status_code = value->Value.l;
        support->codes_seen |= value->Value.l;
    }
    if ((value = mdt_find(values, count, PR_STATUS_STRING_A)))
    {
        lstrcpynA(support->status_string, value->Value.lpszA, sizeof(support->status_string));
        if (strlen(support->strings_seen) + strlen(value->Value.lpszA) + 2 < sizeof(support->strings_seen))
        {
            strcat(support->strings_seen, value->Value.lpszA);
            strcat(support->strings_seen, "|");
        }
    }
    if ((value = mdt_find(values, count, PR_DISPLAY_NAME_A)))
        lstrcpynA(support->row_display, value->Value.lpszA, sizeof(support->row_display));
    if ((value = mdt_find(values, count, PR_IDENTITY_DISPLAY_A)))
        lstrcpynA(support->identity, value->Value.lpszA, sizeof(support->identity));
    if ((value = mdt_find(values, count, PR_RESOURCE_METHODS))) support->row_methods = value->Value.l;
    LeaveCriticalSection(&support->cs);
    return S_OK;
}

static HRESULT WINAPI fake_OpenProfileSection(IMAPISupport *iface, MAPIUID *uid, ULONG flags, IProfSect **section)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    fake_call(support, "OpenProfileSection");
    ok(!uid, "the transport opened a section other than its own.\n");
    IPropData_AddRef(support->section);
    /* IProfSect is IMAPIProp; so is IPropData's start. */
    *section = (IProfSect *)support->section;
    return S_OK;
}

/* MakeInvalid as MAPI's: the object keeps its memory and its count (right
 * after the vtable pointer), gets a vtable whose Release frees it. */
struct invalid_object
{
    const void *vtbl;
    LONG refcount;
};

static HRESULT WINAPI invalid_QueryInterface(IUnknown *iface, REFIID riid, void **out)
{
    *out = NULL;
    return MAPI_E_INVALID_OBJECT;
}

static ULONG WINAPI invalid_AddRef(IUnknown *iface)
{
    return InterlockedIncrement(&((struct invalid_object *)iface)->refcount);
}

static ULONG WINAPI invalid_Release(IUnknown *iface)
{
    ULONG refs = InterlockedDecrement(&((struct invalid_object *)iface)->refcount);

    if (!refs) pMAPIFreeBuffer(iface);
    return refs;
}

static const IUnknownVtbl invalid_vtbl = { invalid_QueryInterface, invalid_AddRef, invalid_Release };

static HRESULT WINAPI fake_MakeInvalid(IMAPISupport *iface, ULONG flags, void *object, ULONG refcount, ULONG methods)
{
    struct invalid_object *invalid = object;

    fake_call(impl_from_IMAPISupport(iface), "MakeInvalid");
    ok(!flags, "got flags %#lx.\n", flags);
    ok(methods == sizeof(IXPLogonVtbl) / sizeof(void *), "got %lu methods.\n", methods);
    ok(refcount >= 1, "got refcount %lu.\n", refcount);
    invalid->refcount = refcount;
    invalid->vtbl = &invalid_vtbl;
    return S_OK;
}

static HRESULT WINAPI fake_SpoolerYield(IMAPISupport *iface, ULONG flags)
{
    return S_OK;
}

static HRESULT WINAPI fake_SpoolerNotify(IMAPISupport *iface, ULONG flags, void *data)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    fake_call(support, "SpoolerNotify");
    InterlockedOr((LONG *)&support->notify_flags, flags);
    return S_OK;
}

static HRESULT WINAPI fake_CreateOneOff(IMAPISupport *iface, LPSTR name, LPSTR type, LPSTR address, ULONG flags, ULONG *cb, ENTRYID **eid)
{
    fake_call(impl_from_IMAPISupport(iface), "CreateOneOff");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI fake_StatusRecips(IMAPISupport *iface, IMessage *message, ADRLIST *list)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    const SPropValue *value;
    ULONG i;

    fake_call(support, "StatusRecips");
    for (i = 0; i < list->cEntries; i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];

        support->reports++;
        if ((value = mdt_find(entry->rgPropVals, entry->cValues, PR_EMAIL_ADDRESS_A))
                || (value = mdt_find(entry->rgPropVals, entry->cValues, PR_EMAIL_ADDRESS_W)))
        {
            if (support->reported[0]) strcat(support->reported, ",");
            if (PROP_TYPE(value->ulPropTag) == PT_STRING8) strcat(support->reported, value->Value.lpszA);
            else WideCharToMultiByte(CP_ACP, 0, value->Value.lpszW, -1, support->reported + strlen(support->reported),
                    64, NULL, NULL);
        }
        if ((value = mdt_find(entry->rgPropVals, entry->cValues, PR_NDR_REASON_CODE)))
            support->report_reason = value->Value.l;
        support->report_has_text = mdt_find(entry->rgPropVals, entry->cValues, PR_SUPPLEMENTARY_INFO_A) != NULL;
        ok(mdt_find(entry->rgPropVals, entry->cValues, PR_NDR_DIAG_CODE) != NULL, "no PR_NDR_DIAG_CODE.\n");
        ok(mdt_find(entry->rgPropVals, entry->cValues, PR_REPORT_TIME) != NULL, "no PR_REPORT_TIME.\n");
        ok(!mdt_find(entry->rgPropVals, entry->cValues, PR_RESPONSIBILITY), "PR_RESPONSIBILITY in a report.\n");
    }
    /* The list is MAPI's once the call succeeds. */
    for (i = 0; i < list->cEntries; i++) pMAPIFreeBuffer(list->aEntries[i].rgPropVals);
    pMAPIFreeBuffer(list);
    return S_OK;
}

static const IMAPISupportVtbl fake_support_vtbl =
{
    .QueryInterface = fake_QueryInterface,
    .AddRef = fake_AddRef,
    .Release = fake_Release,
    .GetLastError = fake_GetLastError,
    .GetMemAllocRoutines = fake_GetMemAllocRoutines,
    .ModifyStatusRow = fake_ModifyStatusRow,
    .OpenProfileSection = fake_OpenProfileSection,
    .MakeInvalid = fake_MakeInvalid,
    .SpoolerYield = fake_SpoolerYield,
    .SpoolerNotify = fake_SpoolerNotify,
    .CreateOneOff = fake_CreateOneOff,
    .StatusRecips = fake_StatusRecips,
};

/* A support object whose provider section names outbox and inbox (NULL: "", no inbound). */
static struct fake_support *fake_support_create(const char *outbox, const char *inbox)
{
    struct fake_support *support = calloc(1, sizeof(*support));
    SPropValue values[5];
    HRESULT hr;

    support->IMAPISupport_iface.lpVtbl = &fake_support_vtbl;
    support->refcount = 1;
    InitializeCriticalSection(&support->cs);
    hr = pCreateIProp(&iid_propdata, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, &support->section);
    ok(hr == S_OK, "CreateIProp got %#lx.\n", hr);
    values[0].ulPropTag = PR_MAILDROP_OUTBOX;
    values[0].Value.lpszA = (char *)outbox;
    values[1].ulPropTag = PR_MAILDROP_INBOX;
    values[1].Value.lpszA = (char *)(inbox ? inbox : "");
    values[2].ulPropTag = PR_MAILDROP_SENDER;
    values[2].Value.lpszA = (char *)MDT_SENDER;
    values[3].ulPropTag = PR_MAILDROP_SENDER_NAME;
    values[3].Value.lpszA = (char *)MDT_SENDER_NAME;
    values[4].ulPropTag = PR_DISPLAY_NAME_A;
    values[4].Value.lpszA = (char *)"Drop Test";
    hr = IPropData_SetProps(support->section, ARRAY_SIZE(values), values, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    return support;
}

static void fake_support_free(struct fake_support *support)
{
    ok(support->refcount == 1, "the transport holds %ld references on its support object.\n", support->refcount - 1);
    IPropData_Release(support->section);
    DeleteCriticalSection(&support->cs);
    free(support);
}

static void fake_clear_calls(struct fake_support *support)
{
    EnterCriticalSection(&support->cs);
    support->calls[0] = 0;
    support->strings_seen[0] = 0;
    support->codes_seen = 0;
    support->notify_flags = 0;
    LeaveCriticalSection(&support->cs);
}

/* ------------------------------------------------------------------------
 * Messages: mapi32's IMessage on an in-memory storage, behind a wrapper
 * whose SaveChanges can fail and whose GetRecipientTable can wait.
 */

struct test_message
{
    IMessage IMessage_iface;
    LONG refcount;
    IMessage *inner;
    HRESULT save_hr;                    /* what SaveChanges answers instead of saving; S_OK: it saves */
    ULONG saves;                        /* SaveChanges calls that saved */
    HANDLE entered, go;                 /* GetRecipientTable sets entered, then waits for go */
};

static inline struct test_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct test_message, IMessage_iface);
}

static HRESULT WINAPI msg_QueryInterface(IMessage *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &iid_message))
    {
        *out = iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    return IMessage_QueryInterface(impl_from_IMessage(iface)->inner, riid, out);
}

static ULONG WINAPI msg_AddRef(IMessage *iface)
{
    return InterlockedIncrement(&impl_from_IMessage(iface)->refcount);
}

static ULONG WINAPI msg_Release(IMessage *iface)
{
    struct test_message *msg = impl_from_IMessage(iface);
    ULONG refs = InterlockedDecrement(&msg->refcount);

    if (refs) return refs;
    IMessage_Release(msg->inner);
    if (msg->entered) CloseHandle(msg->entered);
    if (msg->go) CloseHandle(msg->go);
    free(msg);
    return 0;
}

static HRESULT WINAPI msg_GetLastError(IMessage *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    return IMessage_GetLastError(impl_from_IMessage(iface)->inner, hr, flags, error);
}

static HRESULT WINAPI msg_SaveChanges(IMessage *iface, ULONG flags)
{
    struct test_message *msg = impl_from_IMessage(iface);
    HRESULT hr;

    if (msg->save_hr) return msg->save_hr;
    if (SUCCEEDED(hr = IMessage_SaveChanges(msg->inner, flags | KEEP_OPEN_READWRITE))) msg->saves++;
    return hr;
}

static HRESULT WINAPI msg_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count, SPropValue **props)
{
    return IMessage_GetProps(impl_from_IMessage(iface)->inner, tags, flags, count, props);
}

static HRESULT WINAPI msg_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    return IMessage_GetPropList(impl_from_IMessage(iface)->inner, flags, tags);
}

static HRESULT WINAPI msg_OpenProperty(IMessage *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out)
{
    return IMessage_OpenProperty(impl_from_IMessage(iface)->inner, tag, iid, options, flags, out);
}

static HRESULT WINAPI msg_SetProps(IMessage *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    return IMessage_SetProps(impl_from_IMessage(iface)->inner, count, values, problems);
}

static HRESULT WINAPI msg_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return IMessage_DeleteProps(impl_from_IMessage(iface)->inner, tags, problems);
}

static HRESULT WINAPI msg_CopyTo(IMessage *iface, ULONG count, const IID *excluded, SPropTagArray *exclude,
        ULONG ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return IMessage_CopyTo(impl_from_IMessage(iface)->inner, count, excluded, exclude, ui, progress, iid, dest, flags,
            problems);
}

static HRESULT WINAPI msg_CopyProps(IMessage *iface, SPropTagArray *tags, ULONG ui, IMAPIProgress *progress,
        const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return IMessage_CopyProps(impl_from_IMessage(iface)->inner, tags, ui, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI msg_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    return IMessage_GetNamesFromIDs(impl_from_IMessage(iface)->inner, tags, guid, flags, count, names);
}

static HRESULT WINAPI msg_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    return IMessage_GetIDsFromNames(impl_from_IMessage(iface)->inner, count, names, flags, tags);
}

static HRESULT WINAPI msg_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return IMessage_GetAttachmentTable(impl_from_IMessage(iface)->inner, flags, table);
}

static HRESULT WINAPI msg_OpenAttach(IMessage *iface, ULONG num, const IID *iid, ULONG flags, IAttach **attach)
{
    return IMessage_OpenAttach(impl_from_IMessage(iface)->inner, num, iid, flags, attach);
}

static HRESULT WINAPI msg_CreateAttach(IMessage *iface, const IID *iid, ULONG flags, ULONG *num, IAttach **attach)
{
    return IMessage_CreateAttach(impl_from_IMessage(iface)->inner, iid, flags, num, attach);
}

static HRESULT WINAPI msg_DeleteAttach(IMessage *iface, ULONG num, ULONG ui, IMAPIProgress *progress, ULONG flags)
{
    return IMessage_DeleteAttach(impl_from_IMessage(iface)->inner, num, ui, progress, flags);
}

static HRESULT WINAPI msg_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct test_message *msg = impl_from_IMessage(iface);

    if (msg->entered)
    {
        SetEvent(msg->entered);
        WaitForSingleObject(msg->go, 10000);
    }
    return IMessage_GetRecipientTable(msg->inner, flags, table);
}

static HRESULT WINAPI msg_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *list)
{
    return IMessage_ModifyRecipients(impl_from_IMessage(iface)->inner, flags, list);
}

static HRESULT WINAPI msg_SubmitMessage(IMessage *iface, ULONG flags)
{
    return IMessage_SubmitMessage(impl_from_IMessage(iface)->inner, flags);
}

static HRESULT WINAPI msg_SetReadFlag(IMessage *iface, ULONG flags)
{
    return IMessage_SetReadFlag(impl_from_IMessage(iface)->inner, flags);
}

static const IMessageVtbl test_message_vtbl =
{
    msg_QueryInterface, msg_AddRef, msg_Release, msg_GetLastError, msg_SaveChanges, msg_GetProps, msg_GetPropList,
    msg_OpenProperty, msg_SetProps, msg_DeleteProps, msg_CopyTo, msg_CopyProps, msg_GetNamesFromIDs,
    msg_GetIDsFromNames, msg_GetAttachmentTable, msg_OpenAttach, msg_CreateAttach, msg_DeleteAttach,
    msg_GetRecipientTable, msg_ModifyRecipients, msg_SubmitMessage, msg_SetReadFlag,
};

static MSGSESS *msg_session;

static struct test_message *test_message_create(void)
{
    struct test_message *msg = calloc(1, sizeof(*msg));
    ILockBytes *bytes;
    IStorage *storage;
    HRESULT hr;

    msg->IMessage_iface.lpVtbl = &test_message_vtbl;
    msg->refcount = 1;
    hr = CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
    ok(hr == S_OK, "CreateILockBytesOnHGlobal got %#lx.\n", hr);
    hr = StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage);
    ok(hr == S_OK, "StgCreateDocfileOnILockBytes got %#lx.\n", hr);
    ILockBytes_Release(bytes);
    hr = pOpenIMsgOnIStg(msg_session, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer,
            pMAPIGetDefaultMalloc(), NULL, storage, NULL, 0, 0, &msg->inner);
    ok(hr == S_OK, "OpenIMsgOnIStg got %#lx.\n", hr);
    IStorage_Release(storage);
    return msg;
}

/* A recipient of a test message. */
struct test_recip
{
    ULONG type;
    const char *address;
    const char *adrtype;
    BOOL responsibility;                /* PR_RESPONSIBILITY TRUE already */
};

static void add_recipients(IMessage *message, const struct test_recip *recips, ULONG count)
{
    SPropValue *values;
    ADRLIST *list;
    HRESULT hr;
    ULONG i;

    pMAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list);
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        pMAPIAllocateBuffer(5 * sizeof(SPropValue), (void **)&values);
        values[0].ulPropTag = PR_DISPLAY_NAME_A;
        values[0].Value.lpszA = (char *)recips[i].address;
        values[1].ulPropTag = PR_EMAIL_ADDRESS_A;
        values[1].Value.lpszA = (char *)recips[i].address;
        values[2].ulPropTag = PR_ADDRTYPE_A;
        values[2].Value.lpszA = (char *)recips[i].adrtype;
        values[3].ulPropTag = PR_RECIPIENT_TYPE;
        values[3].Value.l = recips[i].type;
        values[4].ulPropTag = PR_RESPONSIBILITY;
        values[4].Value.b = recips[i].responsibility;
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 5;
        list->aEntries[i].rgPropVals = values;
    }
    hr = IMessage_ModifyRecipients(message, MODRECIP_ADD, list);
    ok(hr == S_OK, "ModifyRecipients got %#lx.\n", hr);
    for (i = 0; i < count; i++) pMAPIFreeBuffer(list->aEntries[i].rgPropVals);
    pMAPIFreeBuffer(list);
}

static void set_subject_body(IMessage *message, const char *subject, const char *body)
{
    SPropValue props[3];
    HRESULT hr;

    props[0].ulPropTag = PR_MESSAGE_CLASS_A;
    props[0].Value.lpszA = (char *)"IPM.Note";
    props[1].ulPropTag = PR_SUBJECT_A;
    props[1].Value.lpszA = (char *)subject;
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = (char *)body;
    hr = IMessage_SetProps(message, 3, props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
}

/* "address=responsibility,..." of the recipient table, in table order. */
static void recipient_marks(IMessage *message, char *out, size_t size)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_EMAIL_ADDRESS_A, PR_RESPONSIBILITY}};
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    out[0] = 0;
    if (IMessage_GetRecipientTable(message, 0, &table)) return;
    if (!pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))
    {
        for (i = 0; i < rows->cRows; i++)
        {
            const SPropValue *props = rows->aRow[i].lpProps;
            char item[128];

            sprintf(item, "%s%s=%d", i ? "," : "", props[0].ulPropTag == PR_EMAIL_ADDRESS_A ? props[0].Value.lpszA : "?",
                    props[1].ulPropTag == PR_RESPONSIBILITY ? props[1].Value.b : -1);
            if (strlen(out) + strlen(item) < size) strcat(out, item);
        }
        pFreeProws(rows);
    }
    IMAPITable_Release(table);
}

/* The addresses of a parsed message's recipients of one type, comma-separated. */
static void mime_addresses(const struct mime_message *msg, ULONG type, char *out, size_t size)
{
    char address[256];
    ULONG i;

    out[0] = 0;
    for (i = 0; i < msg->recipient_count; i++)
    {
        if (msg->recipients[i].type != type) continue;
        WideCharToMultiByte(CP_ACP, 0, msg->recipients[i].addr.address, -1, address, sizeof(address), NULL, NULL);
        if (strlen(out) + strlen(address) + 2 >= size) break;
        if (out[0]) strcat(out, ",");
        strcat(out, address);
    }
}

static BOOL starts_with(const char *text, const char *prefix)
{
    return !strncmp(text, prefix, strlen(prefix));
}

static int occurrences(const char *text, const char *what)
{
    int count = 0;

    while ((text = strstr(text, what)))
    {
        count++;
        text += strlen(what);
    }
    return count;
}

/* The one file of outbox\new, parsed; its text in *text (HeapFree it). */
static struct mime_message *read_sent_file(const char *outbox, char **text)
{
    struct mime_message *msg = NULL;
    char name[MAX_PATH], path[MAX_PATH];
    SIZE_T size = 0;
    HRESULT hr;
    int count;

    *text = NULL;
    count = mdt_count_files(outbox, "new", name);
    ok(count == 1, "%d files in new/.\n", count);
    ok(!mdt_count_files(outbox, "tmp", NULL), "files are left in tmp/.\n");
    if (!count) return NULL;
    ok(strlen(name) > 4 && !strcmp(name + strlen(name) - 4, ".eml"), "got name %s.\n", debugstr_a(name));
    *text = mdt_read_file(mdt_path(path, outbox, "new", name), &size);
    ok(*text != NULL, "%s cannot be read.\n", path);
    if (!*text) return NULL;
    hr = mime_read(*text, size, 0, &msg);
    ok(hr == S_OK, "mime_read got %#lx.\n", hr);
    return msg;
}

/* ------------------------------------------------------------------------
 * The transport alone
 */

static IXPProvider *provider_init(void)
{
    IXPProvider *provider = (void *)0xdeadbeef;
    ULONG version = 0;
    HRESULT hr;

    hr = pXPProviderInit(maildrop, pMAPIGetDefaultMalloc(), pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer,
            0, PDK1_SPI_VERSION, &version, &provider);
    ok(hr == MAPI_E_VERSION, "an older MAPI got %#lx.\n", hr);
    ok(version == CURRENT_SPI_VERSION, "got version %#lx.\n", version);
    ok(!provider, "got provider %p.\n", provider);
    hr = pXPProviderInit(maildrop, pMAPIGetDefaultMalloc(), pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer,
            0, CURRENT_SPI_VERSION, NULL, &provider);
    ok(hr == MAPI_E_INVALID_PARAMETER, "no version pointer got %#lx.\n", hr);
    version = 0;
    hr = pXPProviderInit(maildrop, pMAPIGetDefaultMalloc(), pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer,
            0, CURRENT_SPI_VERSION, &version, &provider);
    ok(hr == S_OK, "XPProviderInit got %#lx.\n", hr);
    ok(version == CURRENT_SPI_VERSION, "got version %#lx.\n", version);
    return hr ? NULL : provider;
}

static IXPLogon *transport_logon(IXPProvider *provider, struct fake_support *support, ULONG *flags)
{
    MAPIERROR *error = (void *)0xdeadbeef;
    IXPLogon *logon = NULL;
    HRESULT hr;

    *flags = LOGON_NO_INBOUND | LOGON_NO_OUTBOUND;
    hr = IXPProvider_TransportLogon(provider, &support->IMAPISupport_iface, 0, (char *)"Direct", flags, &error, &logon);
    ok(hr == S_OK, "TransportLogon got %#lx.\n", hr);
    ok(!error, "got error %p.\n", error);
    return logon;
}

static void test_logon_and_status_row(IXPProvider *provider)
{
    struct fake_support *support;
    char path[MAX_PATH], **types;
    MAPIUID **uids = (void *)0xdeadbeef;
    ULONG flags, type_count, uid_count, option_count;
    OPTIONDATA *options;
    IXPLogon *logon;
    HRESULT hr;

    /* Without an inbound Maildir nothing is polled. */
    support = fake_support_create(mdt_outbox, NULL);
    logon = transport_logon(provider, support, &flags);
    if (!logon) return;
    ok(flags == 0, "got flags %#lx.\n", flags);
    ok(GetFileAttributesA(mdt_path(path, mdt_outbox, "tmp", NULL)) != INVALID_FILE_ATTRIBUTES, "no tmp/.\n");
    ok(GetFileAttributesA(mdt_path(path, mdt_outbox, "new", NULL)) != INVALID_FILE_ATTRIBUTES, "no new/.\n");
    ok(GetFileAttributesA(mdt_path(path, mdt_outbox, "cur", NULL)) != INVALID_FILE_ATTRIBUTES, "no cur/.\n");
    ok(support->refcount == 2, "the transport holds %ld references on its support object.\n", support->refcount - 1);

    /* The whole row at logon. */
    ok(support->rows == 1, "got %lu status rows.\n", support->rows);
    ok(support->first_row_flags == 0, "got flags %#lx.\n", support->first_row_flags);
    ok(support->status_code == STATUS_AVAILABLE, "got code %#lx.\n", support->status_code);
    ok(!strcmp(support->status_string, "Ready"), "got %s.\n", debugstr_a(support->status_string));
    ok(!strcmp(support->row_display, "Drop Test"), "got %s.\n", debugstr_a(support->row_display));
    ok(!strcmp(support->identity, MDT_SENDER_NAME), "got identity %s.\n", debugstr_a(support->identity));
    ok(support->row_methods == (STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES), "got methods %#lx.\n",
            support->row_methods);

    hr = IXPLogon_AddressTypes(logon, &flags, &type_count, &types, &uid_count, &uids);
    ok(hr == S_OK, "AddressTypes got %#lx.\n", hr);
    ok(type_count == 1 && types && !strcmp(types[0], "SMTP"), "got %lu types.\n", type_count);
    ok(uid_count == 0 && !uids, "got %lu UIDs.\n", uid_count);
    hr = IXPLogon_RegisterOptions(logon, &flags, &option_count, &options);
    ok(hr == S_OK && !option_count && !options, "RegisterOptions got %#lx, %lu.\n", hr, option_count);

    /* Every state change goes into the row. */
    flags = NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_OUTBOUND;
    hr = IXPLogon_TransportNotify(logon, &flags, NULL);
    ok(hr == S_OK, "TransportNotify got %#lx.\n", hr);
    ok(support->rows == 2, "got %lu status rows.\n", support->rows);
    ok(support->row_flags == STATUSROW_UPDATE, "got flags %#lx.\n", support->row_flags);
    ok(support->status_code == (STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED),
            "got code %#lx.\n", support->status_code);
    hr = IXPLogon_FlushQueues(logon, 0, 0, NULL, FLUSH_UPLOAD);
    ok(hr == S_OK, "FlushQueues got %#lx.\n", hr);
    ok(support->status_code & STATUS_OUTBOUND_FLUSH, "got code %#lx.\n", support->status_code);
    flags = NOTIFY_END_OUTBOUND_FLUSH | NOTIFY_END_INBOUND;
    hr = IXPLogon_TransportNotify(logon, &flags, NULL);
    ok(hr == S_OK, "TransportNotify got %#lx.\n", hr);
    ok(support->status_code == (STATUS_AVAILABLE | STATUS_OUTBOUND_ENABLED), "got code %#lx.\n", support->status_code);
    ok(pDllCanUnloadNow() == S_FALSE, "DllCanUnloadNow says nothing is alive.\n");

    /* TransportLogoff: the logon goes to MAPI, the support object is released last. */
    fake_clear_calls(support);
    hr = IXPLogon_TransportLogoff(logon, 0);
    ok(hr == S_OK, "TransportLogoff got %#lx.\n", hr);
    ok(!strcmp(support->calls, "MakeInvalid,Release"), "got calls %s.\n", debugstr_a(support->calls));
    ok(support->refcount == 1, "the support object has %ld references.\n", support->refcount);
    IXPLogon_Release(logon);
    fake_support_free(support);

    /* With one, the spooler polls. */
    support = fake_support_create(mdt_outbox, mdt_inbox);
    if (!(logon = transport_logon(provider, support, &flags))) return;
    ok(flags == LOGON_SP_POLL, "got flags %#lx.\n", flags);
    IXPLogon_TransportLogoff(logon, 0);
    IXPLogon_Release(logon);
    fake_support_free(support);
}

static void test_submit(IXPProvider *provider)
{
    static const struct test_recip recips[] =
    {
        { MAPI_TO, "to@example.com", "SMTP" },
        { MAPI_BCC, "blind@example.com", "SMTP" },
        { MAPI_TO, "not valid@@example.com", "SMTP" },
        { MAPI_CC, "c=US;s=Smith", "X400" },
        { MAPI_CC, "done@example.com", "SMTP", TRUE },
    };
    struct fake_support *support = fake_support_create(mdt_outbox, NULL);
    struct mime_message *parsed;
    struct test_message *msg;
    ULONG_PTR ref = 0, param = 1;
    char marks[256], list[256], *text, subject[64];
    SPropValue value;
    IXPLogon *logon;
    ULONG flags;
    HRESULT hr;

    if (!(logon = transport_logon(provider, support, &flags))) return;
    flags = NOTIFY_BEGIN_OUTBOUND;
    IXPLogon_TransportNotify(logon, &flags, NULL);
    msg = test_message_create();
    set_subject_body(msg->inner, "Direct submission", "Line one.\r\nLine two.\r\n");
    add_recipients(msg->inner, recips, ARRAY_SIZE(recips));

    fake_clear_calls(support);
    hr = IXPLogon_SubmitMessage(logon, 0, &msg->IMessage_iface, &ref, &param);
    ok(hr == S_OK, "SubmitMessage got %#lx.\n", hr);
    ok(ref != 0, "got no reference.\n");
    ok(param == 0, "got parameter %Iu.\n", param);
    ok(support->codes_seen & STATUS_OUTBOUND_ACTIVE, "the row never said STATUS_OUTBOUND_ACTIVE.\n");
    ok(strstr(support->strings_seen, "Sending|") != NULL, "the row said %s.\n", debugstr_a(support->strings_seen));
    ok(!(support->status_code & STATUS_OUTBOUND_ACTIVE), "got code %#lx.\n", support->status_code);
    ok(!strcmp(support->status_string, "Ready"), "got %s.\n", debugstr_a(support->status_string));

    /* Its recipients, the invalid address too, are marked; the others are not. */
    recipient_marks(msg->inner, marks, sizeof(marks));
    ok(!strcmp(marks, "to@example.com=1,blind@example.com=1,not valid@@example.com=1,c=US;s=Smith=0,"
            "done@example.com=1"), "got %s.\n", debugstr_a(marks));
    ok(support->reports == 1 && !strcmp(support->reported, "not valid@@example.com"), "reported %lu: %s.\n",
            support->reports, debugstr_a(support->reported));
    ok(support->report_reason == 1, "got reason %ld.\n", support->report_reason);
    ok(support->report_has_text, "the report has no PR_SUPPLEMENTARY_INFO.\n");
    hr = IXPLogon_EndMessage(logon, ref, &flags);
    ok(hr == S_OK && !flags, "EndMessage got %#lx, flags %#lx.\n", hr, flags);

    /* One file: the envelope first, then the message without blind copies. */
    if ((parsed = read_sent_file(mdt_outbox, &text)))
    {
        ok(starts_with(text, "X-Maildrop-Recipients: to@example.com, blind@example.com\r\nDate: "), "got %s.\n",
                debugstr_an(text, 80));
        ok(!strstr(text, "\nBcc:") && !strstr(text, "\nbcc:"), "a Bcc field was written.\n");
        ok(occurrences(text, "blind@example.com") == 1, "the blind copy is written elsewhere too.\n");
        WideCharToMultiByte(CP_ACP, 0, parsed->subject, -1, subject, sizeof(subject), NULL, NULL);
        ok(!strcmp(subject, "Direct submission"), "got subject %s.\n", debugstr_a(subject));
        ok(parsed->from.address && !lstrcmpW(parsed->from.address, L"" MDT_SENDER), "got From %s.\n",
                debugstr_w(parsed->from.address));
        ok(parsed->from.name && !lstrcmpW(parsed->from.name, L"" MDT_SENDER_NAME), "got name %s.\n",
                debugstr_w(parsed->from.name));
        mime_addresses(parsed, MAPI_TO, list, sizeof(list));
        ok(!strcmp(list, "to@example.com"), "got To %s.\n", debugstr_a(list));
        mime_addresses(parsed, MAPI_CC, list, sizeof(list));
        ok(!strcmp(list, "done@example.com"), "got Cc %s.\n", debugstr_a(list));
        mime_addresses(parsed, MAPI_BCC, list, sizeof(list));
        ok(!list[0], "got Bcc %s.\n", debugstr_a(list));
        ok(parsed->body && !lstrcmpW(parsed->body, L"Line one.\r\nLine two.\r\n"), "got body %s.\n",
                debugstr_w(parsed->body));
        mime_message_free(parsed);
    }
    HeapFree(GetProcessHeap(), 0, text);
    IMessage_Release(&msg->IMessage_iface);

    /* A message that cannot be written: every recipient of ours is reported, nothing is written. */
    msg = test_message_create();
    set_subject_body(msg->inner, "Broken", "x");
    value.ulPropTag = PROP_TAG(PT_STRING8, 0x1035);  /* PR_INTERNET_MESSAGE_ID_A */
    value.Value.lpszA = (char *)"<no closing bracket";
    IMessage_SetProps(msg->inner, 1, &value, NULL);
    add_recipients(msg->inner, recips, 2);
    support->reports = 0;
    support->reported[0] = 0;
    hr = IXPLogon_SubmitMessage(logon, 0, &msg->IMessage_iface, &ref, &param);
    ok(hr == S_OK, "SubmitMessage got %#lx.\n", hr);
    ok(support->reports == 2, "got %lu reports.\n", support->reports);
    ok(support->report_reason == 2, "got reason %ld.\n", support->report_reason);
    recipient_marks(msg->inner, marks, sizeof(marks));
    ok(!strcmp(marks, "to@example.com=1,blind@example.com=1"), "got %s.\n", debugstr_a(marks));
    ok(mdt_count_files(mdt_outbox, "new", NULL) == 1, "a file was written.\n");
    IMessage_Release(&msg->IMessage_iface);

    hr = IXPLogon_SubmitMessage(logon, 0, NULL, &ref, &param);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    IXPLogon_TransportLogoff(logon, 0);
    IXPLogon_Release(logon);
    fake_support_free(support);
}

static const char inbound_first[] =
    "From: Alice Example <alice@example.net>\r\n"
    "To: " MDT_SENDER "\r\n"
    "Subject: First\r\n"
    "\r\n"
    "The first message.\r\n";

static const char inbound_second[] =
    "X-Maildrop-Recipients: " MDT_SENDER ",\r\n"
    " other@example.org\r\n"
    "From: Bob Example <bob@example.net>\r\n"
    "To: " MDT_SENDER "\r\n"
    "Subject: Second\r\n"
    "\r\n"
    "The second message.\r\n";

static void test_receive(IXPProvider *provider)
{
    struct fake_support *support = fake_support_create(mdt_outbox, mdt_inbox);
    struct test_message *msg;
    char text[1024], path[MAX_PATH];
    ULONG_PTR ref = 0;
    ULONG flags, incoming = 0;
    IXPLogon *logon;
    HRESULT hr;

    if (!(logon = transport_logon(provider, support, &flags))) return;
    flags = NOTIFY_BEGIN_INBOUND;
    IXPLogon_TransportNotify(logon, &flags, NULL);
    ok(mdt_drop(mdt_inbox, "1.garbage", "\x01\x02\x03 not a message at all\n", 30), "cannot write a file.\n");
    ok(mdt_drop(mdt_inbox, "2.first.eml", inbound_first, 20), "cannot write a file.\n");
    ok(mdt_drop(mdt_inbox, "3.second.eml", inbound_second, 10), "cannot write a file.\n");

    hr = IXPLogon_Poll(logon, &incoming);
    ok(hr == S_OK, "Poll got %#lx.\n", hr);
    ok(incoming == 3, "got %lu incoming.\n", incoming);

    /* The store does not save: the file stays; the bad one went to bad/ on the way. */
    msg = test_message_create();
    msg->save_hr = MAPI_E_NOT_ENOUGH_DISK;
    fake_clear_calls(support);
    hr = IXPLogon_StartMessage(logon, 0, &msg->IMessage_iface, &ref);
    ok(hr == MAPI_E_NOT_ENOUGH_DISK, "StartMessage got %#lx.\n", hr);
    ok(ref != 0, "got no reference.\n");
    ok(GetFileAttributesA(mdt_path(path, mdt_inbox, "new", "2.first.eml")) != INVALID_FILE_ATTRIBUTES,
            "the file left new/ without being saved.\n");
    ok(GetFileAttributesA(mdt_path(path, mdt_inbox, "bad", "1.garbage")) != INVALID_FILE_ATTRIBUTES,
            "the bad file is not in bad/.\n");
    ok(mdt_count_files(mdt_inbox, "new", NULL) == 2, "got %d files in new/.\n", mdt_count_files(mdt_inbox, "new", NULL));
    ok(support->codes_seen & STATUS_INBOUND_ACTIVE, "the row never said STATUS_INBOUND_ACTIVE.\n");
    ok(support->notify_flags & NOTIFY_NEWMAIL, "the spooler was not asked to poll again.\n");
    IMessage_Release(&msg->IMessage_iface);

    /* The failed file does not hold up the next one. */
    msg = test_message_create();
    hr = IXPLogon_StartMessage(logon, 0, &msg->IMessage_iface, &ref);
    ok(hr == S_OK, "StartMessage got %#lx.\n", hr);
    ok(msg->saves == 1, "got %lu saves.\n", msg->saves);
    ok(mdt_get_string((IMAPIProp *)msg->inner, PR_SUBJECT_A, text, sizeof(text)) && !strcmp(text, "Second"),
            "got subject %s.\n", debugstr_a(text));
    ok(mdt_get_string((IMAPIProp *)msg->inner, PR_SENDER_EMAIL_ADDRESS_A, text, sizeof(text))
            && !strcmp(text, "bob@example.net"), "got sender %s.\n", debugstr_a(text));
    ok(mdt_get_string((IMAPIProp *)msg->inner, PR_BODY_A, text, sizeof(text))
            && !strcmp(text, "The second message.\r\n"), "got body %s.\n", debugstr_a(text));
    ok(mdt_get_string((IMAPIProp *)msg->inner, PR_TRANSPORT_MESSAGE_HEADERS_A, text, sizeof(text))
            && strstr(text, "Subject: Second") && !strstr(text, "X-Maildrop"), "got headers %s.\n", debugstr_a(text));
    ok(GetFileAttributesA(mdt_path(path, mdt_inbox, "cur", "3.second.eml")) != INVALID_FILE_ATTRIBUTES,
            "the saved file is not in cur/.\n");
    ok(mdt_count_files(mdt_inbox, "new", NULL) == 1, "got %d files in new/.\n", mdt_count_files(mdt_inbox, "new", NULL));
    IMessage_Release(&msg->IMessage_iface);

    /* The failed one waits; nothing else comes. */
    msg = test_message_create();
    hr = IXPLogon_StartMessage(logon, 0, &msg->IMessage_iface, &ref);
    ok(hr == S_OK, "StartMessage got %#lx.\n", hr);
    ok(msg->saves == 0, "got %lu saves.\n", msg->saves);
    IMessage_Release(&msg->IMessage_iface);
    hr = IXPLogon_Poll(logon, &incoming);
    ok(hr == S_OK && incoming == 0, "Poll got %#lx, %lu.\n", hr, incoming);
    ok(!(support->status_code & STATUS_INBOUND_ACTIVE), "got code %#lx.\n", support->status_code);

    IXPLogon_TransportLogoff(logon, 0);
    IXPLogon_Release(logon);
    fake_support_free(support);
}

static void test_status_object(IXPProvider *provider)
{
    static const SizedSPropTagArray(3, tags) = {3, {PR_RESOURCE_TYPE, PR_PROVIDER_DLL_NAME_A, PR_SUBJECT_A}};
    struct fake_support *support = fake_support_create(mdt_outbox, mdt_inbox);
    SPropValue *props, value;
    IMAPIStatus *status;
    IXPLogon *logon;
    ULONG flags, type = 0, count;
    HRESULT hr;

    if (!(logon = transport_logon(provider, support, &flags))) return;
    hr = IXPLogon_OpenStatusEntry(logon, &iid_message, 0, &type, &status);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "OpenStatusEntry(IMessage) got %#lx.\n", hr);
    hr = IXPLogon_OpenStatusEntry(logon, &iid_mapistatus, 0, &type, &status);
    ok(hr == S_OK, "OpenStatusEntry got %#lx.\n", hr);
    ok(type == MAPI_STATUS, "got type %lu.\n", type);
    if (hr) return;

    hr = IMAPIStatus_GetProps(status, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == MAPI_W_ERRORS_RETURNED, "GetProps got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(count == 3, "got %lu values.\n", count);
        ok(props[0].ulPropTag == PR_RESOURCE_TYPE && props[0].Value.l == MAPI_TRANSPORT_PROVIDER, "got %#lx.\n",
                props[0].ulPropTag);
        ok(props[1].ulPropTag == PR_PROVIDER_DLL_NAME_A && !strcmp(props[1].Value.lpszA, "MAILDROP.DLL"),
                "got %#lx.\n", props[1].ulPropTag);
        ok(props[2].ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(PR_SUBJECT_A)), "got %#lx.\n", props[2].ulPropTag);
        pMAPIFreeBuffer(props);
    }
    hr = IMAPIStatus_GetProps(status, NULL, 0, &count, &props);
    ok(hr == S_OK, "GetProps got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(mdt_find(props, count, PR_STATUS_CODE) != NULL, "no PR_STATUS_CODE.\n");
        ok(mdt_find(props, count, PR_RESOURCE_METHODS) != NULL, "no PR_RESOURCE_METHODS.\n");
        ok(mdt_find(props, count, PR_DISPLAY_NAME_A) != NULL, "no PR_DISPLAY_NAME.\n");
        ok(mdt_find(props, count, PR_STATUS_STRING_A) != NULL, "no PR_STATUS_STRING.\n");
        pMAPIFreeBuffer(props);
    }
    value.ulPropTag = PR_DISPLAY_NAME_A;
    value.Value.lpszA = (char *)"x";
    hr = IMAPIStatus_SetProps(status, 1, &value, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "SetProps got %#lx.\n", hr);
    hr = IMAPIStatus_ValidateState(status, 0, 0);
    ok(hr == S_OK, "ValidateState got %#lx.\n", hr);
    hr = IMAPIStatus_SettingsDialog(status, 0, 0);
    ok(hr == MAPI_E_NO_SUPPORT, "SettingsDialog got %#lx.\n", hr);
    hr = IMAPIStatus_ChangePassword(status, (char *)"a", (char *)"b", 0);
    ok(hr == MAPI_E_NO_SUPPORT, "ChangePassword got %#lx.\n", hr);
    fake_clear_calls(support);
    hr = IMAPIStatus_FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD | FLUSH_DOWNLOAD);
    ok(hr == S_OK, "FlushQueues got %#lx.\n", hr);
    ok(support->notify_flags == (NOTIFY_READYTOSEND | NOTIFY_NEWMAIL), "got flags %#lx.\n", support->notify_flags);

    /* It outlives the logon, knowing it is gone. */
    IXPLogon_TransportLogoff(logon, 0);
    IXPLogon_Release(logon);
    hr = IMAPIStatus_GetProps(status, NULL, 0, &count, &props);
    ok(hr == MAPI_E_INVALID_OBJECT, "GetProps after logoff got %#lx.\n", hr);
    ok(pDllCanUnloadNow() == S_FALSE, "DllCanUnloadNow says nothing is alive.\n");
    IMAPIStatus_Release(status);
    fake_support_free(support);
}

struct submit_thread
{
    IXPLogon *logon;
    IMessage *message;
    HRESULT hr;
};

static DWORD WINAPI submit_thread(void *arg)
{
    struct submit_thread *thread = arg;
    ULONG_PTR ref, param;

    thread->hr = IXPLogon_SubmitMessage(thread->logon, 0, thread->message, &ref, &param);
    return 0;
}

/* TransportLogoff while SubmitMessage runs on another thread. */
static void test_logoff_during_submit(IXPProvider *provider)
{
    static const struct test_recip recip = { MAPI_TO, "to@example.com", "SMTP" };
    struct fake_support *support = fake_support_create(mdt_outbox, NULL);
    struct submit_thread thread;
    struct test_message *msg;
    DWORD start, elapsed;
    HANDLE handle;
    ULONG flags;
    HRESULT hr;

    if (!(thread.logon = transport_logon(provider, support, &flags))) return;
    msg = test_message_create();
    set_subject_body(msg->inner, "Interrupted", "x");
    add_recipients(msg->inner, &recip, 1);
    msg->entered = CreateEventA(NULL, TRUE, FALSE, NULL);
    msg->go = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread.message = &msg->IMessage_iface;
    handle = CreateThread(NULL, 0, submit_thread, &thread, 0, NULL);
    ok(!WaitForSingleObject(msg->entered, 5000), "SubmitMessage did not start.\n");

    fake_clear_calls(support);
    start = GetTickCount();
    hr = IXPLogon_TransportLogoff(thread.logon, 0);
    elapsed = GetTickCount() - start;
    ok(hr == S_OK, "TransportLogoff got %#lx.\n", hr);
    ok(elapsed < 2000, "TransportLogoff waited %lu ms.\n", elapsed);
    ok(!strcmp(support->calls, "MakeInvalid,Release"), "got calls %s.\n", debugstr_a(support->calls));
    SetEvent(msg->go);
    ok(!WaitForSingleObject(handle, 10000), "SubmitMessage did not return.\n");
    CloseHandle(handle);
    ok(thread.hr == MAPI_E_USER_CANCEL, "SubmitMessage got %#lx.\n", thread.hr);
    ok(!mdt_count_files(mdt_outbox, "new", NULL), "a message was written after TransportLogoff.\n");
    ok(!mdt_count_files(mdt_outbox, "tmp", NULL), "a file is left in tmp/.\n");
    ok(!strcmp(support->calls, "MakeInvalid,Release"), "got calls %s.\n", debugstr_a(support->calls));
    IXPLogon_Release(thread.logon);
    IMessage_Release(&msg->IMessage_iface);
    fake_support_free(support);
}

static void scenario_direct(void)
{
    IXPProvider *provider;
    ULONG flags = 0;
    HRESULT hr;

    pMAPIInitialize(NULL);
    if (!load_maildrop()) return;
    ok(pDllCanUnloadNow() == S_OK, "DllCanUnloadNow says something is alive.\n");
    hr = pOpenIMsgSession(pMAPIGetDefaultMalloc(), 0, &msg_session);
    ok(hr == S_OK, "OpenIMsgSession got %#lx.\n", hr);
    if (!(provider = provider_init())) return;

    test_logon_and_status_row(provider);
    mdt_remove_tree(mdt_outbox);
    test_submit(provider);
    mdt_remove_tree(mdt_outbox);
    test_receive(provider);
    test_status_object(provider);
    mdt_remove_tree(mdt_outbox);
    test_logoff_during_submit(provider);

    hr = IXPProvider_Shutdown(provider, &flags);
    ok(hr == S_OK, "Shutdown got %#lx.\n", hr);
    IXPProvider_Release(provider);
    ok(pDllCanUnloadNow() == S_OK, "objects of the transport are still alive.\n");
    pCloseIMsgSession(msg_session);
    FreeLibrary(maildrop);
    pMAPIUninitialize();
}

/* ------------------------------------------------------------------------
 * The service entry
 */

static void scenario_service(void)
{
    static const SizedSPropTagArray(4, tags) =
            {4, {PR_MAILDROP_OUTBOX, PR_MAILDROP_INBOX, PR_MAILDROP_SENDER, PR_MAILDROP_SENDER_NAME}};
    static const char *suffix[] = {"\\wine-mapi\\maildrop\\" PROFILE "\\outbox", "\\wine-mapi\\maildrop\\" PROFILE "\\inbox"};
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    SPropValue *props, value;
    IProfSect *section;
    IMAPITable *table;
    SRowSet *rows;
    MAPIUID uid;
    ULONG count, i;
    HRESULT hr;

    pMAPIInitialize(NULL);
    ok(mdt_create_profile(PROFILE, NULL, NULL), "the profile was not made.\n");
    hr = mdt_admin(PROFILE, &profiles, &admin);
    ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    if (hr) return;
    hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)"MailDrop", NULL, 0, 0);
    ok(hr == S_OK, "CreateMsgService got %#lx.\n", hr);

    /* MSG_SERVICE_CREATE wrote the defaults into the provider section. */
    hr = IMsgServiceAdmin_GetProviderTable(admin, 0, &table);
    ok(hr == S_OK, "GetProviderTable got %#lx.\n", hr);
    {
        static const SizedSPropTagArray(2, columns) = {2, {PR_PROVIDER_UID, PR_SERVICE_NAME_A}};

        hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
        IMAPITable_Release(table);
    }
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows; i++)
    {
        SPropValue *row = rows->aRow[i].lpProps;

        if (row[1].ulPropTag != PR_SERVICE_NAME_A || strcmp(row[1].Value.lpszA, "MailDrop")) continue;
        hr = IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)row[0].Value.bin.lpb, NULL, 0, &section);
        ok(hr == S_OK, "OpenProfileSection got %#lx.\n", hr);
        if (hr) break;
        hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
        ok(hr == S_OK, "GetProps got %#lx.\n", hr);
        if (hr == S_OK)
        {
            size_t len = strlen(props[0].Value.lpszA), want = strlen(suffix[0]);

            ok(len > want && !strcmp(props[0].Value.lpszA + len - want, suffix[0]), "got outbox %s.\n",
                    debugstr_a(props[0].Value.lpszA));
            len = strlen(props[1].Value.lpszA);
            want = strlen(suffix[1]);
            ok(len > want && !strcmp(props[1].Value.lpszA + len - want, suffix[1]), "got inbox %s.\n",
                    debugstr_a(props[1].Value.lpszA));
            ok(strstr(props[2].Value.lpszA, "@localhost") != NULL, "got sender %s.\n",
                    debugstr_a(props[2].Value.lpszA));
            ok(props[3].Value.lpszA[0] != 0, "no sender name.\n");
            pMAPIFreeBuffer(props);
        }
        IProfSect_Release(section);
    }
    pFreeProws(rows);

    /* MSG_SERVICE_CONFIGURE refuses a sender that is no address. */
    ok(mdt_service_uid(admin, "MailDrop", &uid), "no MailDrop service.\n");
    value.ulPropTag = PR_MAILDROP_SENDER;
    value.Value.lpszA = (char *)"not an address";
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0, 1, &value);
    ok(hr == MAPI_E_INVALID_PARAMETER, "ConfigureMsgService got %#lx.\n", hr);
    value.Value.lpszA = (char *)"someone@example.org";
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0, 1, &value);
    ok(hr == S_OK, "ConfigureMsgService got %#lx.\n", hr);
    hr = IMsgServiceAdmin_DeleteMsgService(admin, &uid);
    ok(hr == S_OK, "DeleteMsgService got %#lx.\n", hr);

    IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
    mdt_delete_profile(PROFILE);
    pMAPIUninitialize();
}

/* ------------------------------------------------------------------------
 * Under the spooler, with the memory store
 */

struct session
{
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *outbox;
    SBinary sent;
    BYTE sent_eid[128];
};

static BOOL session_open(struct session *s)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_DEFAULT_STORE, PR_ENTRYID}};
    static const SizedSPropTagArray(2, tags) = {2, {PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID}};
    SPropValue *props;
    IMAPITable *table;
    SRowSet *rows;
    ULONG count, type, i;
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    hr = pMAPILogonEx(0, (char *)PROFILE, NULL, MDT_LOGON_FLAGS, &s->session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) return FALSE;
    IMAPISession_GetMsgStoresTable(s->session, 0, &table);
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows && !s->store; i++)
        if (rows->aRow[i].lpProps[0].ulPropTag == PR_DEFAULT_STORE && rows->aRow[i].lpProps[0].Value.b)
            IMAPISession_OpenMsgStore(s->session, 0, rows->aRow[i].lpProps[1].Value.bin.cb,
                    (ENTRYID *)rows->aRow[i].lpProps[1].Value.bin.lpb, NULL, MDB_WRITE | MDB_NO_DIALOG, &s->store);
    if (!hr) pFreeProws(rows);
    ok(s->store != NULL, "the default store did not open.\n");
    if (!s->store) return FALSE;
    hr = IMsgStore_GetProps(s->store, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "GetProps got %#lx.\n", hr);
    if (hr) return FALSE;
    s->sent.cb = min(props[1].Value.bin.cb, sizeof(s->sent_eid));
    memcpy(s->sent_eid, props[1].Value.bin.lpb, s->sent.cb);
    s->sent.lpb = s->sent_eid;
    hr = IMsgStore_OpenEntry(s->store, props[0].Value.bin.cb, (ENTRYID *)props[0].Value.bin.lpb, NULL, MAPI_MODIFY,
            &type, (IUnknown **)&s->outbox);
    ok(hr == S_OK, "opening the Outbox got %#lx.\n", hr);
    pMAPIFreeBuffer(props);
    return hr == S_OK;
}

static void session_close(struct session *s)
{
    HRESULT hr;

    if (s->outbox) IMAPIFolder_Release(s->outbox);
    if (s->store) IMsgStore_Release(s->store);
    if (!s->session) return;
    hr = IMAPISession_Logoff(s->session, 0, 0, 0);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    IMAPISession_Release(s->session);
}

static IMAPIFolder *open_folder(struct session *s, ULONG cb, const ENTRYID *eid)
{
    IMAPIFolder *folder = NULL;
    ULONG type;
    HRESULT hr;

    hr = IMsgStore_OpenEntry(s->store, cb, (ENTRYID *)eid, NULL, 0, &type, (IUnknown **)&folder);
    ok(hr == S_OK, "OpenEntry got %#lx.\n", hr);
    return folder;
}

static IMAPIFolder *open_inbox(struct session *s)
{
    IMAPIFolder *folder;
    ENTRYID *eid = NULL;
    char *cls = NULL;
    ULONG cb = 0;
    HRESULT hr;

    hr = IMsgStore_GetReceiveFolder(s->store, (char *)"IPM.Note", 0, &cb, &eid, &cls);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    folder = hr ? NULL : open_folder(s, cb, eid);
    pMAPIFreeBuffer(eid);
    pMAPIFreeBuffer(cls);
    return folder;
}

static ULONG folder_count(IMAPIFolder *folder)
{
    IMAPITable *table;
    ULONG count = ~0u;

    if (!folder || IMAPIFolder_GetContentsTable(folder, 0, &table)) return count;
    IMAPITable_GetRowCount(table, 0, &count);
    IMAPITable_Release(table);
    return count;
}

/* The message of a folder with this subject, opened; NULL when there is none. */
static IMessage *folder_message(struct session *s, IMAPIFolder *folder, const char *subject)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_ENTRYID, PR_SUBJECT_A}};
    IMessage *message = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG type, i;

    if (!folder || IMAPIFolder_GetContentsTable(folder, 0, &table)) return NULL;
    if (!pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))
    {
        for (i = 0; i < rows->cRows && !message; i++)
        {
            SPropValue *props = rows->aRow[i].lpProps;

            if (props[1].ulPropTag != PR_SUBJECT_A || strcmp(props[1].Value.lpszA, subject)) continue;
            IMsgStore_OpenEntry(s->store, props[0].Value.bin.cb, (ENTRYID *)props[0].Value.bin.lpb, NULL, 0, &type,
                    (IUnknown **)&message);
        }
        pFreeProws(rows);
    }
    IMAPITable_Release(table);
    return message;
}

static BOOL wait_for(BOOL (*done)(void *), void *context)
{
    DWORD start = GetTickCount();

    while (!done(context))
    {
        if (GetTickCount() - start > MDT_TIMEOUT) return FALSE;
        Sleep(50);
    }
    return TRUE;
}

static BOOL outbox_empty(void *context)
{
    return !folder_count(context);
}

static BOOL inbound_new_empty(void *context)
{
    return !mdt_count_files(mdt_inbox, "new", NULL);
}

static const BYTE attachment_data[] = {'P', 'K', 3, 4, 0, 0xff, 0x80, '\r', '\n', 'z', 0};

static void add_attachment(IMessage *message, const char *name, const BYTE *data, ULONG size)
{
    SPropValue props[3];
    IAttach *attach;
    ULONG num;
    HRESULT hr;

    hr = IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    ok(hr == S_OK, "CreateAttach got %#lx.\n", hr);
    if (hr) return;
    props[0].ulPropTag = PR_ATTACH_METHOD;
    props[0].Value.l = ATTACH_BY_VALUE;
    props[1].ulPropTag = PR_ATTACH_LONG_FILENAME_A;
    props[1].Value.lpszA = (char *)name;
    props[2].ulPropTag = PR_ATTACH_DATA_BIN;
    props[2].Value.bin.cb = size;
    props[2].Value.bin.lpb = (BYTE *)data;
    hr = IAttach_SetProps(attach, 3, props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    hr = IAttach_SaveChanges(attach, 0);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
    IAttach_Release(attach);
}

static HRESULT submit(struct session *s, const char *subject, const struct test_recip *recips, ULONG count,
        BOOL attach)
{
    SPropValue props[2];
    IMessage *message;
    HRESULT hr;

    hr = IMAPIFolder_CreateMessage(s->outbox, NULL, 0, &message);
    ok(hr == S_OK, "CreateMessage got %#lx.\n", hr);
    if (hr) return hr;
    set_subject_body(message, subject, "Body of the message.\r\n");
    props[0].ulPropTag = PR_SENTMAIL_ENTRYID;
    props[0].Value.bin = s->sent;
    props[1].ulPropTag = PR_DELETE_AFTER_SUBMIT;
    props[1].Value.b = FALSE;
    hr = IMessage_SetProps(message, 2, props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);
    add_recipients(message, recips, count);
    if (attach) add_attachment(message, "data.bin", attachment_data, sizeof(attachment_data));
    hr = IMessage_SubmitMessage(message, 0);
    ok(hr == S_OK, "SubmitMessage got %#lx.\n", hr);
    IMessage_Release(message);
    return hr;
}

/* The transport's row of the status table. */
static void check_status_row(struct session *s)
{
    static const SizedSPropTagArray(5, columns) =
            {5, {PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A, PR_STATUS_CODE, PR_STATUS_STRING_A, PR_IDENTITY_DISPLAY_A}};
    IMAPITable *table;
    SRowSet *rows;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMAPISession_GetStatusTable(s->session, 0, &table);
    ok(hr == S_OK, "GetStatusTable got %#lx.\n", hr);
    if (hr) return;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    if (hr) return;
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].Value.l != MAPI_TRANSPORT_PROVIDER || props[1].ulPropTag != PR_DISPLAY_NAME_A
                || strcmp(props[1].Value.lpszA, "Mail Drop"))
            continue;
        found = TRUE;
        ok(props[2].ulPropTag == PR_STATUS_CODE && props[2].Value.l
                == (STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED), "got code %#lx.\n",
                props[2].Value.l);
        ok(props[3].ulPropTag == PR_STATUS_STRING_A && !strcmp(props[3].Value.lpszA, "Ready"), "got string %#lx.\n",
                props[3].ulPropTag);
        ok(props[4].ulPropTag == PR_IDENTITY_DISPLAY_A && !strcmp(props[4].Value.lpszA, MDT_SENDER_NAME),
                "got identity %#lx.\n", props[4].ulPropTag);
    }
    ok(found, "the status table has no row for the mail drop.\n");
    pFreeProws(rows);
}

/* The attachment of a parsed message. */
static void check_parsed_attachment(const struct mime_message *msg)
{
    ok(msg->attachment_count == 1, "got %lu attachments.\n", msg->attachment_count);
    if (msg->attachment_count != 1) return;
    ok(msg->attachments[0].filename && !lstrcmpW(msg->attachments[0].filename, L"data.bin"), "got name %s.\n",
            debugstr_w(msg->attachments[0].filename));
    ok(msg->attachments[0].size == sizeof(attachment_data)
            && !memcmp(msg->attachments[0].data, attachment_data, sizeof(attachment_data)), "the data differ.\n");
}

static void scenario_send(void)
{
    static const struct test_recip recips[] =
    {
        { MAPI_TO, "first@example.com", "SMTP" },
        { MAPI_TO, "second@example.com", "SMTP" },
        { MAPI_CC, "copy@example.com", "SMTP" },
        { MAPI_BCC, "hidden@example.com", "SMTP" },
    };
    struct mime_message *parsed;
    IMAPIFolder *sent;
    struct session s;
    IMessage *message;
    char list[256], *text = NULL;
    HRESULT hr;

    pMAPIInitialize(NULL);
    if (!load_maildrop()) return;
    ok(mdt_create_profile(PROFILE, "MailDrop", mdt_inbox), "the profile was not made.\n");
    if (!session_open(&s)) goto done;
    hr = submit(&s, "Through the spooler", recips, ARRAY_SIZE(recips), TRUE);
    if (!hr) ok(wait_for(outbox_empty, s.outbox), "the message is still in the Outbox.\n");

    /* Exactly one file, none in tmp/, with the envelope and no Bcc. */
    if ((parsed = read_sent_file(mdt_outbox, &text)))
    {
        ok(starts_with(text, "X-Maildrop-Recipients: first@example.com, second@example.com,\r\n"
                " copy@example.com, hidden@example.com\r\nDate: "), "got %s.\n", debugstr_an(text, 110));
        ok(!strstr(text, "\nBcc:"), "a Bcc field was written.\n");
        ok(occurrences(text, "hidden@example.com") == 1, "the blind copy is written elsewhere too.\n");
        mime_addresses(parsed, MAPI_TO, list, sizeof(list));
        ok(!strcmp(list, "first@example.com,second@example.com"), "got To %s.\n", debugstr_a(list));
        mime_addresses(parsed, MAPI_CC, list, sizeof(list));
        ok(!strcmp(list, "copy@example.com"), "got Cc %s.\n", debugstr_a(list));
        mime_addresses(parsed, MAPI_BCC, list, sizeof(list));
        ok(!list[0], "got Bcc %s.\n", debugstr_a(list));
        ok(parsed->from.address && !lstrcmpW(parsed->from.address, L"" MDT_SENDER), "got From %s.\n",
                debugstr_w(parsed->from.address));
        ok(parsed->subject && !lstrcmpW(parsed->subject, L"Through the spooler"), "got subject %s.\n",
                debugstr_w(parsed->subject));
        check_parsed_attachment(parsed);
        mime_message_free(parsed);
    }
    HeapFree(GetProcessHeap(), 0, text);

    /* In Sent Items with every recipient marked. */
    sent = open_folder(&s, s.sent.cb, (ENTRYID *)s.sent.lpb);
    message = folder_message(&s, sent, "Through the spooler");
    ok(message != NULL, "the message is not in Sent Items.\n");
    if (message)
    {
        recipient_marks(message, list, sizeof(list));
        ok(!strcmp(list, "first@example.com=1,second@example.com=1,copy@example.com=1,hidden@example.com=1"),
                "got %s.\n", debugstr_a(list));
        IMessage_Release(message);
    }
    if (sent) IMAPIFolder_Release(sent);
    check_status_row(&s);
    session_close(&s);

done:
    mdt_delete_profile(PROFILE);
    pMAPIUninitialize();
    ok(pDllCanUnloadNow() == S_OK, "objects of the transport are still alive.\n");
    FreeLibrary(maildrop);
    ok(!GetModuleHandleA(MAILDROP_DLL), "%s is still loaded.\n", MAILDROP_DLL);
}

/* Non-delivery reports in the Inbox for the message with this subject, and their recipients. */
static int inbox_reports(struct session *s, const char *subject, char *recipients, size_t size)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_ENTRYID, PR_MESSAGE_CLASS_A}};
    IMAPIFolder *inbox = open_inbox(s);
    IMAPITable *table;
    IMessage *report;
    SRowSet *rows;
    char original[128], marks[256];
    ULONG type, i;
    int count = 0;

    recipients[0] = 0;
    if (!inbox || IMAPIFolder_GetContentsTable(inbox, 0, &table)) return -1;
    if (!pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))
    {
        for (i = 0; i < rows->cRows; i++)
        {
            SPropValue *props = rows->aRow[i].lpProps;

            if (props[1].ulPropTag != PR_MESSAGE_CLASS_A || strcmp(props[1].Value.lpszA, "REPORT.IPM.Note.NDR")) continue;
            if (IMsgStore_OpenEntry(s->store, props[0].Value.bin.cb, (ENTRYID *)props[0].Value.bin.lpb, NULL, 0,
                    &type, (IUnknown **)&report))
                continue;
            if (mdt_get_string((IMAPIProp *)report, PR_ORIGINAL_SUBJECT_A, original, sizeof(original))
                    && !strcmp(original, subject))
            {
                count++;
                recipient_marks(report, marks, sizeof(marks));
                if (strlen(recipients) + strlen(marks) + 2 < size)
                {
                    if (recipients[0]) strcat(recipients, ";");
                    strcat(recipients, marks);
                }
            }
            IMessage_Release(report);
        }
        pFreeProws(rows);
    }
    IMAPITable_Release(table);
    IMAPIFolder_Release(inbox);
    return count;
}

static void scenario_undeliverable(void)
{
    static const struct test_recip recips[] =
    {
        { MAPI_TO, "good@example.com", "SMTP" },
        { MAPI_TO, "user@bad..domain", "SMTP" },
        { MAPI_CC, "c=US;s=Smith", "X400" },
    };
    struct mime_message *parsed;
    struct session s;
    char reported[512], *text = NULL;
    HRESULT hr;

    pMAPIInitialize(NULL);
    ok(mdt_create_profile(PROFILE, "MailDrop", NULL), "the profile was not made.\n");
    if (!session_open(&s)) goto done;
    hr = submit(&s, "Partly undeliverable", recips, ARRAY_SIZE(recips), FALSE);
    if (!hr) ok(wait_for(outbox_empty, s.outbox), "the message is still in the Outbox.\n");

    /* Only the good address is in the envelope. */
    if ((parsed = read_sent_file(mdt_outbox, &text)))
    {
        ok(starts_with(text, "X-Maildrop-Recipients: good@example.com\r\nDate: "), "got %s.\n",
                debugstr_an(text, 60));
        ok(!strstr(text, "bad..domain"), "the bad address was written.\n");
        mime_message_free(parsed);
    }
    HeapFree(GetProcessHeap(), 0, text);
    /* The transport reported the bad SMTP address, the spooler the X400 one nobody takes. */
    ok(inbox_reports(&s, "Partly undeliverable", reported, sizeof(reported)) == 2, "got reports %s.\n",
            debugstr_a(reported));
    ok(strstr(reported, "user@bad..domain") != NULL, "the bad address was not reported: %s.\n", debugstr_a(reported));
    ok(strstr(reported, "c=US;s=Smith") != NULL, "the X400 address was not reported: %s.\n", debugstr_a(reported));
    ok(!strstr(reported, "good@example.com"), "the good address was reported: %s.\n", debugstr_a(reported));
    session_close(&s);

done:
    mdt_delete_profile(PROFILE);
    pMAPIUninitialize();
}

static const char inbound_with_attachment[] =
    "From: Carol Example <carol@example.net>\r\n"
    "To: " MDT_SENDER "\r\n"
    "Subject: With attachment\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "See the attachment.\r\n"
    "--b1\r\n"
    "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
    "Content-Disposition: attachment; filename=\"data.bin\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "UEsDBAD/gA0KegA=\r\n"
    "--b1--\r\n";

static void check_inbound_attachment(IMessage *message)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_ATTACH_NUM, PR_ATTACH_LONG_FILENAME_A}};
    static const SizedSPropTagArray(1, data_tag) = {1, {PR_ATTACH_DATA_BIN}};
    SPropValue *props;
    IMAPITable *table;
    IAttach *attach;
    SRowSet *rows;
    ULONG count;
    HRESULT hr;

    hr = IMessage_GetAttachmentTable(message, 0, &table);
    ok(hr == S_OK, "GetAttachmentTable got %#lx.\n", hr);
    if (hr) return;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    ok(hr == S_OK && rows->cRows == 1, "got %#lx, %lu rows.\n", hr, hr ? 0 : rows->cRows);
    if (hr) return;
    if (rows->cRows == 1)
    {
        ok(rows->aRow[0].lpProps[1].ulPropTag == PR_ATTACH_LONG_FILENAME_A
                && !strcmp(rows->aRow[0].lpProps[1].Value.lpszA, "data.bin"), "wrong file name.\n");
        hr = IMessage_OpenAttach(message, rows->aRow[0].lpProps[0].Value.l, NULL, 0, &attach);
        ok(hr == S_OK, "OpenAttach got %#lx.\n", hr);
        if (!hr)
        {
            hr = IAttach_GetProps(attach, (SPropTagArray *)&data_tag, 0, &count, &props);
            ok(hr == S_OK && props[0].Value.bin.cb == sizeof(attachment_data)
                    && !memcmp(props[0].Value.bin.lpb, attachment_data, sizeof(attachment_data)),
                    "the attachment's data differ.\n");
            if (SUCCEEDED(hr)) pMAPIFreeBuffer(props);
            IAttach_Release(attach);
        }
    }
    pFreeProws(rows);
}

/* The transport's status object, through the status table's entry ID. */
static IMAPIStatus *open_status_object(struct session *s)
{
    static const SizedSPropTagArray(3, columns) = {3, {PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A, PR_ENTRYID}};
    IMAPIStatus *status = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG type, i;
    HRESULT hr;

    if (IMAPISession_GetStatusTable(s->session, 0, &table)) return NULL;
    if (!pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))
    {
        for (i = 0; i < rows->cRows && !status; i++)
        {
            SPropValue *props = rows->aRow[i].lpProps;

            if (props[0].Value.l != MAPI_TRANSPORT_PROVIDER || props[1].ulPropTag != PR_DISPLAY_NAME_A
                    || strcmp(props[1].Value.lpszA, "Mail Drop") || props[2].ulPropTag != PR_ENTRYID)
                continue;
            hr = IMAPISession_OpenEntry(s->session, props[2].Value.bin.cb, (ENTRYID *)props[2].Value.bin.lpb, NULL, 0,
                    &type, (IUnknown **)&status);
            ok(hr == S_OK, "opening the status object got %#lx.\n", hr);
            ok(hr || type == MAPI_STATUS, "got type %lu.\n", type);
        }
        pFreeProws(rows);
    }
    IMAPITable_Release(table);
    ok(status != NULL, "no status object for the mail drop.\n");
    return status;
}

static void scenario_receive(void)
{
    struct session s;
    IMAPIFolder *inbox;
    IMessage *message;
    IMAPIStatus *status;
    char text[256], path[MAX_PATH];
    HRESULT hr;

    pMAPIInitialize(NULL);
    ok(mdt_create_profile(PROFILE, "MailDrop", mdt_inbox), "the profile was not made.\n");
    mdt_set_poll_interval(PROFILE, 600);
    ok(mdt_drop(mdt_inbox, "1.first.eml", inbound_first, 30), "cannot write a file.\n");
    ok(mdt_drop(mdt_inbox, "2.bad.eml", "", 20), "cannot write a file.\n");
    ok(mdt_drop(mdt_inbox, "3.attachment.eml", inbound_with_attachment, 10), "cannot write a file.\n");
    if (!session_open(&s)) goto done;

    ok(wait_for(inbound_new_empty, NULL), "%d files are still in new/.\n", mdt_count_files(mdt_inbox, "new", NULL));
    ok(mdt_count_files(mdt_inbox, "cur", NULL) == 2, "got %d files in cur/.\n", mdt_count_files(mdt_inbox, "cur", NULL));
    ok(GetFileAttributesA(mdt_path(path, mdt_inbox, "bad", "2.bad.eml")) != INVALID_FILE_ATTRIBUTES,
            "the empty file is not in bad/.\n");
    inbox = open_inbox(&s);
    message = folder_message(&s, inbox, "First");
    ok(message != NULL, "\"First\" is not in the Inbox.\n");
    if (message)
    {
        ok(mdt_get_string((IMAPIProp *)message, PR_SENDER_NAME_A, text, sizeof(text))
                && !strcmp(text, "Alice Example"), "got sender %s.\n", debugstr_a(text));
        ok(mdt_get_string((IMAPIProp *)message, PR_BODY_A, text, sizeof(text))
                && !strcmp(text, "The first message.\r\n"), "got body %s.\n", debugstr_a(text));
        IMessage_Release(message);
    }
    message = folder_message(&s, inbox, "With attachment");
    ok(message != NULL, "\"With attachment\" is not in the Inbox.\n");
    if (message)
    {
        check_inbound_attachment(message);
        IMessage_Release(message);
    }

    /* A file that comes while the session runs comes when the transport's
     * status object is asked to flush (the next poll is minutes away). */
    ok(mdt_drop(mdt_inbox, "4.later.eml", inbound_second, 0), "cannot write a file.\n");
    if ((status = open_status_object(&s)))
    {
        hr = IMAPIStatus_FlushQueues(status, 0, 0, NULL, FLUSH_DOWNLOAD);
        ok(hr == S_OK, "FlushQueues got %#lx.\n", hr);
        IMAPIStatus_Release(status);
    }
    ok(wait_for(inbound_new_empty, NULL), "the later file is still in new/.\n");
    message = folder_message(&s, inbox, "Second");
    ok(message != NULL, "\"Second\" is not in the Inbox.\n");
    if (message) IMessage_Release(message);
    if (inbox) IMAPIFolder_Release(inbox);
    session_close(&s);

done:
    mdt_delete_profile(PROFILE);
    pMAPIUninitialize();
}

START_TEST(maildrop)
{
    static const struct mdt_scenario scenarios[] =
    {
        { "direct", scenario_direct },
        { "service", scenario_service },
        { "send", scenario_send },
        { "undeliverable", scenario_undeliverable },
        { "receive", scenario_receive },
        { NULL }
    };

    mdt_run_scenarios("maildrop", scenarios);
}
