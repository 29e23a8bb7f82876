/*
 * Tests for IMessage on structured storage (OpenIMsgOnIStg) and message
 * sessions
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
#include "mapitags.h"
#include "imessage.h"

#define MAPI_IID(name, l) static const GUID name = {l, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}}
MAPI_IID(iid_message, 0x20307);
MAPI_IID(iid_attachment, 0x20308);
MAPI_IID(iid_mapi_table, 0x20301);
MAPI_IID(iid_mapi_prop, 0x20303);
MAPI_IID(iid_mapi_prop_data, 0x2031a);
MAPI_IID(ps_mapi, 0x20328);
MAPI_IID(ps_public_strings, 0x20329);
MAPI_IID(ps_internet_headers, 0x20386);
MAPI_IID(psetid_common, 0x62008);

#define MODRECIP_ADD            0x00000002
#define MODRECIP_MODIFY         0x00000004
#define MODRECIP_REMOVE         0x00000008
#define ATTACH_EMBEDDED_MSG     5
#define STORE_UNICODE_OK        0x00040000
#define CLEAR_READ_FLAG         0x00000004
#define GENERATE_RECEIPT_ONLY   0x00000010
#define MAPI_MOVE               0x00000001
#define MAPI_NOREPLACE          0x00000002
#define IMPORTANCE_LOW          0
#define IMPORTANCE_HIGH         2
#define CbNewADRLIST(count)     (offsetof(ADRLIST, aEntries[count]))

static HMODULE mapi32;
static SCODE (WINAPI *pOpenIMsgSession)(LPMALLOC, ULONG, LPMSGSESS *);
static void (WINAPI *pCloseIMsgSession)(LPMSGSESS);
static SCODE (WINAPI *pOpenIMsgOnIStg)(LPMSGSESS, LPALLOCATEBUFFER, LPALLOCATEMORE, LPFREEBUFFER, LPMALLOC, void *,
        LPSTORAGE, MSGCALLRELEASE *, ULONG, ULONG, LPMESSAGE *);
static HRESULT (WINAPI *pGetAttribIMsgOnIStg)(void *, LPSPropTagArray, LPSPropAttrArray *);
static HRESULT (WINAPI *pSetAttribIMsgOnIStg)(void *, LPSPropTagArray, LPSPropAttrArray, LPSPropProblemArray *);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static LPMALLOC (WINAPI *pMAPIGetDefaultMalloc)(void);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);
static void (WINAPI *pFreeProws)(SRowSet *);
static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *,
        LPPROPDATA *);

static WCHAR temp_dir[MAX_PATH];

static BOOL init_function_pointers(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;

#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated); \
    ok((void *)GetProcAddress(mapi32, #name) == (void *)p##name, "%s and %s differ.\n", #name, decorated)

    GET(OpenIMsgSession, "OpenIMsgSession@12");
    GET(CloseIMsgSession, "CloseIMsgSession@4");
    GET(OpenIMsgOnIStg, "OpenIMsgOnIStg@44");
    GET(GetAttribIMsgOnIStg, "GetAttribIMsgOnIStg@12");
    GET(SetAttribIMsgOnIStg, "SetAttribIMsgOnIStg@16");
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(MAPIGetDefaultMalloc, "MAPIGetDefaultMalloc@0");
    GET(HrQueryAllRows, "HrQueryAllRows@24");
    GET(FreeProws, "FreeProws@4");
    GET(CreateIProp, "CreateIProp@24");
#undef GET
    return pOpenIMsgSession && pCloseIMsgSession && pOpenIMsgOnIStg && pGetAttribIMsgOnIStg && pSetAttribIMsgOnIStg
            && pMAPIAllocateBuffer && pMAPIAllocateMore && pMAPIFreeBuffer && pMAPIGetDefaultMalloc
            && pHrQueryAllRows && pFreeProws && pCreateIProp;
}

/* --- helpers ------------------------------------------------------------- */

static void temp_path(WCHAR *path, const WCHAR *name)
{
    lstrcpyW(path, temp_dir);
    lstrcatW(path, name);
}

static IStorage *create_file_storage(const WCHAR *path, DWORD extra)
{
    IStorage *storage = NULL;
    HRESULT hr;

    hr = StgCreateDocfile(path, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE | extra, 0, &storage);
    ok(hr == S_OK, "StgCreateDocfile got %#lx.\n", hr);
    return storage;
}

static IStorage *open_file_storage(const WCHAR *path, DWORD mode)
{
    IStorage *storage = NULL;
    HRESULT hr;

    hr = StgOpenStorage(path, NULL, mode | STGM_SHARE_EXCLUSIVE, NULL, 0, &storage);
    ok(hr == S_OK, "StgOpenStorage got %#lx.\n", hr);
    return storage;
}

static IStorage *create_memory_storage(void)
{
    IStorage *storage = NULL;
    ILockBytes *bytes;
    HRESULT hr;

    hr = CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE | STGM_TRANSACTED,
            0, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ILockBytes_Release(bytes);
    return storage;
}

static IMessage *open_message(LPMSGSESS session, IStorage *storage, MSGCALLRELEASE *release, ULONG data, ULONG flags)
{
    IMessage *message = NULL;
    SCODE sc;

    sc = pOpenIMsgOnIStg(session, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, pMAPIGetDefaultMalloc(), NULL, storage, release, data, flags, &message);
    ok(sc == S_OK, "OpenIMsgOnIStg got %#lx.\n", sc);
    return message;
}

static BOOL has_stream(IStorage *storage, const WCHAR *name)
{
    IStream *stream;

    if (FAILED(IStorage_OpenStream(storage, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream))) return FALSE;
    IStream_Release(stream);
    return TRUE;
}

static ULONG read_stream(IStorage *storage, const WCHAR *name, BYTE *data, ULONG size)
{
    IStream *stream;
    ULONG read = 0;
    HRESULT hr;

    hr = IStorage_OpenStream(storage, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream);
    ok(hr == S_OK, "stream %s: got %#lx.\n", wine_dbgstr_w(name), hr);
    if (FAILED(hr)) return 0;
    IStream_Read(stream, data, size, &read);
    IStream_Release(stream);
    return read;
}

static HRESULT set_string(IMAPIProp *obj, ULONG tag, const WCHAR *value)
{
    SPropProblemArray *problems = NULL;
    SPropValue prop;
    HRESULT hr;

    prop.ulPropTag = tag;
    prop.Value.lpszW = (WCHAR *)value;
    hr = IMAPIProp_SetProps(obj, 1, &prop, &problems);
    ok(!problems, "%#lx: got a problem %#lx.\n", tag, problems ? problems->aProblem[0].scode : 0);
    if (problems) pMAPIFreeBuffer(problems);
    return hr;
}

static HRESULT set_long(IMAPIProp *obj, ULONG tag, LONG value)
{
    SPropValue prop;

    prop.ulPropTag = tag;
    prop.Value.l = value;
    return IMAPIProp_SetProps(obj, 1, &prop, NULL);
}

/* The value of a property, or an error value; free it with MAPIFreeBuffer. */
static SPropValue *get_prop(IMAPIProp *obj, ULONG tag)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    SPropValue *value = NULL;
    ULONG count = 0;
    HRESULT hr;

    hr = IMAPIProp_GetProps(obj, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &value);
    ok(SUCCEEDED(hr), "GetProps %#lx: got %#lx.\n", tag, hr);
    ok(count == 1, "got %lu values.\n", count);
    return value;
}

#define check_string(a, b, c) check_string_(__LINE__, a, b, c)
static void check_string_(int line, IMAPIProp *obj, ULONG tag, const WCHAR *expected)
{
    SPropValue *value = get_prop(obj, tag);

    if (!value) return;
    ok_(__FILE__, line)(value->ulPropTag == tag, "%#lx: got tag %#lx, error %#lx.\n", tag, value->ulPropTag,
            value->Value.err);
    if (value->ulPropTag == tag)
        ok_(__FILE__, line)(!lstrcmpW(value->Value.lpszW, expected), "%#lx: got %s.\n", tag,
                wine_dbgstr_w(value->Value.lpszW));
    pMAPIFreeBuffer(value);
}

#define check_long(a, b, c) check_long_(__LINE__, a, b, c)
static void check_long_(int line, IMAPIProp *obj, ULONG tag, LONG expected)
{
    SPropValue *value = get_prop(obj, tag);

    if (!value) return;
    ok_(__FILE__, line)(value->ulPropTag == tag, "%#lx: got tag %#lx, error %#lx.\n", tag, value->ulPropTag,
            value->Value.err);
    if (value->ulPropTag == tag)
        ok_(__FILE__, line)(value->Value.l == expected, "%#lx: got %ld.\n", tag, value->Value.l);
    pMAPIFreeBuffer(value);
}

#define check_bool(a, b, c) check_bool_(__LINE__, a, b, c)
static void check_bool_(int line, IMAPIProp *obj, ULONG tag, BOOL expected)
{
    SPropValue *value = get_prop(obj, tag);

    if (!value) return;
    ok_(__FILE__, line)(value->ulPropTag == tag, "%#lx: got tag %#lx.\n", tag, value->ulPropTag);
    if (value->ulPropTag == tag)
        ok_(__FILE__, line)(!value->Value.b == !expected, "%#lx: got %u.\n", tag, value->Value.b);
    pMAPIFreeBuffer(value);
}

#define check_missing(a, b) check_missing_(__LINE__, a, b)
static void check_missing_(int line, IMAPIProp *obj, ULONG tag)
{
    SPropValue *value = get_prop(obj, tag);

    if (!value) return;
    ok_(__FILE__, line)(value->ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(tag)), "%#lx: got tag %#lx.\n", tag,
            value->ulPropTag);
    ok_(__FILE__, line)(value->Value.err == MAPI_E_NOT_FOUND, "got error %#lx.\n", value->Value.err);
    pMAPIFreeBuffer(value);
}

static SRowSet *table_rows(IMAPITable *table)
{
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = pHrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    return rows;
}

static ULONG recipient_count(IMessage *message)
{
    IMAPITable *table;
    ULONG count = ~0u;
    HRESULT hr;

    hr = IMessage_GetRecipientTable(message, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return count;
    hr = IMAPITable_GetRowCount(table, 0, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMAPITable_Release(table);
    return count;
}

static ULONG attachment_count(IMessage *message)
{
    IMAPITable *table;
    ULONG count = ~0u;
    HRESULT hr;

    hr = IMessage_GetAttachmentTable(message, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return count;
    hr = IMAPITable_GetRowCount(table, 0, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMAPITable_Release(table);
    return count;
}

struct recipient
{
    const WCHAR *name, *address;
    LONG type;
};

static HRESULT add_recipients(IMessage *message, ULONG flags, const struct recipient *recips, ULONG count)
{
    ADRLIST *list;
    HRESULT hr;
    ULONG i;

    pMAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list);
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        SPropValue *props;

        pMAPIAllocateBuffer(4 * sizeof(*props), (void **)&props);
        props[0].ulPropTag = PR_DISPLAY_NAME_W;
        props[0].Value.lpszW = (WCHAR *)recips[i].name;
        props[1].ulPropTag = PR_EMAIL_ADDRESS_W;
        props[1].Value.lpszW = (WCHAR *)recips[i].address;
        props[2].ulPropTag = PR_ADDRTYPE_W;
        props[2].Value.lpszW = (WCHAR *)L"SMTP";
        props[3].ulPropTag = PR_RECIPIENT_TYPE;
        props[3].Value.l = recips[i].type;
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 4;
        list->aEntries[i].rgPropVals = props;
    }
    hr = IMessage_ModifyRecipients(message, flags, list);
    for (i = 0; i < count; i++) pMAPIFreeBuffer(list->aEntries[i].rgPropVals);
    pMAPIFreeBuffer(list);
    return hr;
}

static ULONG named_id(IMAPIProp *obj, const GUID *guid, const WCHAR *name, LONG id, ULONG flags)
{
    SPropTagArray *tags = NULL;
    MAPINAMEID named, *names = &named;
    ULONG result = 0;
    HRESULT hr;

    named.lpguid = (GUID *)guid;
    named.ulKind = name ? MNID_STRING : MNID_ID;
    if (name) named.Kind.lpwstrName = (WCHAR *)name;
    else named.Kind.lID = id;
    hr = IMAPIProp_GetIDsFromNames(obj, 1, &names, flags, &tags);
    ok(SUCCEEDED(hr), "GetIDsFromNames got %#lx.\n", hr);
    if (tags)
    {
        if (hr == S_OK) result = PROP_ID(tags->aulPropTag[0]);
        pMAPIFreeBuffer(tags);
    }
    return result;
}

static void write_data(IMAPIProp *obj, ULONG tag, const void *data, ULONG size)
{
    IStream *stream = NULL;
    ULONG written;
    HRESULT hr;

    hr = IMAPIProp_OpenProperty(obj, tag, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&stream);
    ok(hr == S_OK, "OpenProperty %#lx got %#lx.\n", tag, hr);
    if (!stream) return;
    hr = IStream_Write(stream, data, size, &written);
    ok(hr == S_OK && written == size, "got %#lx, %lu.\n", hr, written);
    hr = IStream_Commit(stream, STGC_DEFAULT);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);
}

static BYTE *read_data(IMAPIProp *obj, ULONG tag, ULONG *size)
{
    IStream *stream = NULL;
    STATSTG stat;
    BYTE *data;
    HRESULT hr;

    *size = 0;
    hr = IMAPIProp_OpenProperty(obj, tag, &IID_IStream, 0, 0, (IUnknown **)&stream);
    ok(hr == S_OK, "OpenProperty %#lx got %#lx.\n", tag, hr);
    if (!stream) return NULL;
    IStream_Stat(stream, &stat, STATFLAG_NONAME);
    data = HeapAlloc(GetProcessHeap(), 0, stat.cbSize.u.LowPart + 1);
    IStream_Read(stream, data, stat.cbSize.u.LowPart, size);
    IStream_Release(stream);
    return data;
}

static void fill_pattern(BYTE *data, ULONG size, BYTE seed)
{
    ULONG i;

    for (i = 0; i < size; i++) data[i] = (BYTE)(i * 7 + seed + (i >> 8));
}

/* --- tests ------------------------------------------------------------------ */

static void test_OpenIMsgSession(void)
{
    LPMSGSESS session = (LPMSGSESS)0xdeadbeef;
    SCODE sc;

    sc = pOpenIMsgSession(NULL, 0, &session);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    ok(session == NULL, "got %p.\n", session);
    sc = pOpenIMsgSession(pMAPIGetDefaultMalloc(), 0, NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pOpenIMsgSession(pMAPIGetDefaultMalloc(), 0x10, &session);
    ok(sc == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", sc);

    sc = pOpenIMsgSession(pMAPIGetDefaultMalloc(), 0, &session);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(session != NULL, "got no session.\n");
    pCloseIMsgSession(session);
    /* Neither NULL nor a closed session does harm. */
    pCloseIMsgSession(NULL);
    pCloseIMsgSession(session);
}

static void test_OpenIMsgOnIStg_arguments(void)
{
    IStorage *storage = create_memory_storage(), *read_only;
    IMessage *message = (IMessage *)0xdeadbeef;
    LPMALLOC malloc = pMAPIGetDefaultMalloc();
    WCHAR path[MAX_PATH];
    LPMSGSESS session;
    SCODE sc;

    sc = pOpenIMsgOnIStg(NULL, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, malloc, NULL, NULL, NULL, 0, 0, &message);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    ok(message == NULL, "got %p.\n", message);
    sc = pOpenIMsgOnIStg(NULL, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, malloc, NULL, storage, NULL, 0, 0, NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pOpenIMsgOnIStg(NULL, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, NULL, NULL, storage, NULL, 0, 0, &message);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    /* Without a support object the allocators are needed. */
    sc = pOpenIMsgOnIStg(NULL, NULL, (LPALLOCATEMORE)pMAPIAllocateMore, (LPFREEBUFFER)pMAPIFreeBuffer, malloc, NULL,
            storage, NULL, 0, 0, &message);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pOpenIMsgOnIStg(NULL, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, malloc, NULL, storage, NULL, 0, 0x100, &message);
    ok(sc == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", sc);

    /* A session that was closed is no session. */
    pOpenIMsgSession(malloc, 0, &session);
    pCloseIMsgSession(session);
    sc = pOpenIMsgOnIStg(session, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, malloc, NULL, storage, NULL, 0, 0, &message);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    /* A storage with something else in it than a message. */
    temp_path(path, L"imsg_corrupt.msg");
    IStorage_Release(storage);
    storage = create_file_storage(path, 0);
    {
        IStream *stream;
        static const BYTE junk[5] = { 1, 2, 3, 4, 5 };

        IStorage_CreateStream(storage, L"__properties_version1.0", STGM_CREATE | STGM_WRITE | STGM_SHARE_EXCLUSIVE,
                0, 0, &stream);
        IStream_Write(stream, junk, sizeof(junk), NULL);
        IStream_Release(stream);
    }
    IStorage_Release(storage);
    read_only = open_file_storage(path, STGM_READ);
    sc = pOpenIMsgOnIStg(NULL, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, malloc, NULL, read_only, NULL, 0, 0, &message);
    ok(sc == MAPI_E_CORRUPT_DATA, "got %#lx.\n", sc);
    ok(message == NULL, "got %p.\n", message);
    IStorage_Release(read_only);
    DeleteFileW(path);
}

static const struct recipient recipients[] =
{
    { L"Alice Example", L"alice@example.org", MAPI_TO },
    { L"Bob Example", L"bob@example.org", MAPI_CC },
    { L"Carol Example", L"carol@example.org", MAPI_BCC },
};

static const WCHAR long_body_start[] = L"A body long enough to need a stream: ";

/* Writes a message with everything the file format has room for. */
static void write_full_message(IMessage *message, BYTE *file_data, ULONG file_size, WCHAR *body)
{
    ULONG num, named_string, named_number;
    IAttach *attach, *nested;
    IMessage *embedded;
    SPropValue props[6];
    FILETIME when = { 0x12345678, 0x01d9abcd };
    SBinary bins[2] = { { 3, (BYTE *)"abc" }, { 0, NULL } };
    const WCHAR *strings[2] = { L"first", L"second" };
    LONG longs[3] = { 1, -2, 3 };
    HRESULT hr;

    hr = set_string((IMAPIProp *)message, PR_SUBJECT_W, L"Round trip \x00e9\x4e2d");
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_string((IMAPIProp *)message, PR_MESSAGE_CLASS_W, L"IPM.Note");
    set_string((IMAPIProp *)message, PR_SENDER_NAME_W, L"Sender Person");
    set_string((IMAPIProp *)message, PR_SENDER_EMAIL_ADDRESS_W, L"sender@example.org");
    set_string((IMAPIProp *)message, PR_SENDER_ADDRTYPE_W, L"SMTP");
    write_data((IMAPIProp *)message, PR_BODY_W, body, lstrlenW(body) * sizeof(WCHAR));

    props[0].ulPropTag = PR_CLIENT_SUBMIT_TIME;
    props[0].Value.ft = when;
    props[1].ulPropTag = PR_IMPORTANCE;
    props[1].Value.l = IMPORTANCE_HIGH;
    props[2].ulPropTag = PR_READ_RECEIPT_REQUESTED;
    props[2].Value.b = TRUE;
    props[3].ulPropTag = PROP_TAG(PT_MV_BINARY, 0x6601);
    props[3].Value.MVbin.cValues = 2;
    props[3].Value.MVbin.lpbin = bins;
    props[4].ulPropTag = PROP_TAG(PT_MV_UNICODE, 0x6602);
    props[4].Value.MVszW.cValues = 2;
    props[4].Value.MVszW.lppszW = (WCHAR **)strings;
    props[5].ulPropTag = PROP_TAG(PT_MV_LONG, 0x6603);
    props[5].Value.MVl.cValues = 3;
    props[5].Value.MVl.lpl = longs;
    hr = IMessage_SetProps(message, ARRAY_SIZE(props), props, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    named_string = named_id((IMAPIProp *)message, &ps_public_strings, L"X-Test-Header", 0, MAPI_CREATE);
    named_number = named_id((IMAPIProp *)message, &psetid_common, NULL, 0x8554, MAPI_CREATE);
    ok(named_string >= 0x8000 && named_number >= 0x8000 && named_string != named_number, "got %#lx, %#lx.\n",
            named_string, named_number);
    set_string((IMAPIProp *)message, PROP_TAG(PT_UNICODE, named_string), L"named value");
    set_long((IMAPIProp *)message, PROP_TAG(PT_LONG, named_number), 4242);

    hr = add_recipients(message, 0, recipients, ARRAY_SIZE(recipients));
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* A file attachment, its data written through a stream. */
    hr = IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_string((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"data file.bin");
    set_string((IMAPIProp *)attach, PR_DISPLAY_NAME_W, L"data file.bin");
    set_string((IMAPIProp *)attach, PR_ATTACH_MIME_TAG_W, L"application/octet-stream");
    write_data((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, file_data, file_size);
    hr = IAttach_SaveChanges(attach, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IAttach_Release(attach);

    /* An embedded message with a recipient and an attachment of its own. */
    hr = IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    set_string((IMAPIProp *)attach, PR_DISPLAY_NAME_W, L"Forwarded");
    hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&embedded);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_string((IMAPIProp *)embedded, PR_SUBJECT_W, L"Inner subject");
    set_string((IMAPIProp *)embedded, PR_BODY_W, L"Inner body");
    hr = add_recipients(embedded, 0, recipients, 1);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMessage_CreateAttach(embedded, NULL, 0, &num, &nested);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_string((IMAPIProp *)nested, PR_ATTACH_LONG_FILENAME_W, L"nested.txt");
    write_data((IMAPIProp *)nested, PR_ATTACH_DATA_BIN, "nested bytes", 12);
    hr = IAttach_SaveChanges(nested, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IAttach_Release(nested);
    hr = IMessage_SaveChanges(embedded, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_Release(embedded);
    hr = IAttach_SaveChanges(attach, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IAttach_Release(attach);

    ok(attachment_count(message) == 2, "got %lu attachments.\n", attachment_count(message));
}

static void check_full_message(IMessage *message, const BYTE *file_data, ULONG file_size, const WCHAR *body)
{
    SizedSPropTagArray(3, columns) = { 3, { PR_ROWID, PR_DISPLAY_NAME_W, PR_RECIPIENT_TYPE } };
    ULONG named_string, named_number, size, i;
    IMessage *embedded = NULL;
    IMAPITable *table;
    IAttach *attach;
    SPropValue *value;
    SRowSet *rows;
    BYTE *data;
    HRESULT hr;

    check_string((IMAPIProp *)message, PR_SUBJECT_W, L"Round trip \x00e9\x4e2d");
    check_string((IMAPIProp *)message, PR_MESSAGE_CLASS_W, L"IPM.Note");
    check_string((IMAPIProp *)message, PR_SENDER_NAME_W, L"Sender Person");
    check_string((IMAPIProp *)message, PR_SENDER_EMAIL_ADDRESS_W, L"sender@example.org");
    check_string((IMAPIProp *)message, PR_DISPLAY_TO_W, L"Alice Example");
    check_string((IMAPIProp *)message, PR_DISPLAY_CC_W, L"Bob Example");
    check_string((IMAPIProp *)message, PR_DISPLAY_BCC_W, L"Carol Example");
    check_long((IMAPIProp *)message, PR_IMPORTANCE, IMPORTANCE_HIGH);
    check_long((IMAPIProp *)message, PR_STORE_SUPPORT_MASK, STORE_UNICODE_OK);

    data = read_data((IMAPIProp *)message, PR_BODY_W, &size);
    ok(size == lstrlenW(body) * sizeof(WCHAR), "got body size %lu.\n", size);
    ok(data && !memcmp(data, body, size), "the body differs.\n");
    HeapFree(GetProcessHeap(), 0, data);

    value = get_prop((IMAPIProp *)message, PR_CLIENT_SUBMIT_TIME);
    ok(value->Value.ft.dwLowDateTime == 0x12345678 && value->Value.ft.dwHighDateTime == 0x01d9abcd,
            "got %#lx:%#lx.\n", value->Value.ft.dwHighDateTime, value->Value.ft.dwLowDateTime);
    pMAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)message, PR_READ_RECEIPT_REQUESTED);
    ok(value->ulPropTag == PR_READ_RECEIPT_REQUESTED && value->Value.b, "got %#lx %u.\n", value->ulPropTag,
            value->Value.b);
    pMAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)message, PROP_TAG(PT_MV_BINARY, 0x6601));
    ok(value->Value.MVbin.cValues == 2, "got %lu values.\n", value->Value.MVbin.cValues);
    if (value->Value.MVbin.cValues == 2)
    {
        ok(value->Value.MVbin.lpbin[0].cb == 3 && !memcmp(value->Value.MVbin.lpbin[0].lpb, "abc", 3), "wrong value.\n");
        ok(value->Value.MVbin.lpbin[1].cb == 0, "got %lu bytes.\n", value->Value.MVbin.lpbin[1].cb);
    }
    pMAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)message, PROP_TAG(PT_MV_UNICODE, 0x6602));
    ok(value->Value.MVszW.cValues == 2, "got %lu values.\n", value->Value.MVszW.cValues);
    if (value->Value.MVszW.cValues == 2)
        ok(!lstrcmpW(value->Value.MVszW.lppszW[0], L"first") && !lstrcmpW(value->Value.MVszW.lppszW[1], L"second"),
                "got %s, %s.\n", wine_dbgstr_w(value->Value.MVszW.lppszW[0]),
                wine_dbgstr_w(value->Value.MVszW.lppszW[1]));
    pMAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)message, PROP_TAG(PT_MV_LONG, 0x6603));
    ok(value->Value.MVl.cValues == 3 && value->Value.MVl.lpl[1] == -2, "wrong values.\n");
    pMAPIFreeBuffer(value);

    /* Named properties keep their names and values. */
    named_string = named_id((IMAPIProp *)message, &ps_public_strings, L"X-Test-Header", 0, 0);
    named_number = named_id((IMAPIProp *)message, &psetid_common, NULL, 0x8554, 0);
    ok(named_string >= 0x8000, "got %#lx.\n", named_string);
    ok(named_number >= 0x8000, "got %#lx.\n", named_number);
    check_string((IMAPIProp *)message, PROP_TAG(PT_UNICODE, named_string), L"named value");
    check_long((IMAPIProp *)message, PROP_TAG(PT_LONG, named_number), 4242);

    /* Recipients, in the order given. */
    hr = IMessage_GetRecipientTable(message, MAPI_UNICODE, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    rows = table_rows(table);
    ok(rows && rows->cRows == 3, "got %lu rows.\n", rows ? rows->cRows : 0);
    for (i = 0; rows && i < rows->cRows && i < 3; i++)
    {
        ok(rows->aRow[i].lpProps[0].ulPropTag == PR_ROWID, "got %#lx.\n", rows->aRow[i].lpProps[0].ulPropTag);
        ok(!lstrcmpW(rows->aRow[i].lpProps[1].Value.lpszW, recipients[i].name), "got %s.\n",
                wine_dbgstr_w(rows->aRow[i].lpProps[1].Value.lpszW));
        ok(rows->aRow[i].lpProps[2].Value.l == recipients[i].type, "got %ld.\n", rows->aRow[i].lpProps[2].Value.l);
    }
    if (rows) pFreeProws(rows);
    IMAPITable_Release(table);

    /* The file attachment. */
    hr = IMessage_OpenAttach(message, 0, NULL, 0, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_string((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"data file.bin");
    check_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    check_long((IMAPIProp *)attach, PR_ATTACH_NUM, 0);
    data = read_data((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, &size);
    ok(size == file_size, "got %lu bytes.\n", size);
    ok(data && !memcmp(data, file_data, size), "the attachment data differs.\n");
    HeapFree(GetProcessHeap(), 0, data);
    IAttach_Release(attach);

    /* The embedded message, with its own recipient and attachment. */
    hr = IMessage_OpenAttach(message, 1, NULL, 0, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, 0, (IUnknown **)&embedded);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (embedded)
    {
        IAttach *nested;

        check_string((IMAPIProp *)embedded, PR_SUBJECT_W, L"Inner subject");
        check_string((IMAPIProp *)embedded, PR_BODY_W, L"Inner body");
        check_string((IMAPIProp *)embedded, PR_DISPLAY_TO_W, L"Alice Example");
        ok(recipient_count(embedded) == 1, "got %lu recipients.\n", recipient_count(embedded));
        ok(attachment_count(embedded) == 1, "got %lu attachments.\n", attachment_count(embedded));
        hr = IMessage_OpenAttach(embedded, 0, NULL, 0, &nested);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            data = read_data((IMAPIProp *)nested, PR_ATTACH_DATA_BIN, &size);
            ok(size == 12 && !memcmp(data, "nested bytes", 12), "got %lu bytes.\n", size);
            HeapFree(GetProcessHeap(), 0, data);
            IAttach_Release(nested);
        }
        /* Read-only: it was opened without MAPI_MODIFY. */
        hr = set_string((IMAPIProp *)embedded, PR_SUBJECT_W, L"changed");
        ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
        IMessage_Release(embedded);
    }
    IAttach_Release(attach);
}

static LONG release_calls;
static ULONG release_data;
static IMessage *release_message;

static void WINAPI release_callback(ULONG data, LPMESSAGE message)
{
    release_calls++;
    release_data = data;
    release_message = message;
}

static void test_message_round_trip(void)
{
    static const ULONG file_size = 70000;
    WCHAR path[MAX_PATH], *body;
    IStorage *storage;
    IMessage *message;
    BYTE *file_data;
    ULONG refcount, i;
    HRESULT hr;

    temp_path(path, L"imsg_roundtrip.msg");
    file_data = HeapAlloc(GetProcessHeap(), 0, file_size);
    fill_pattern(file_data, file_size, 3);
    body = HeapAlloc(GetProcessHeap(), 0, 20001 * sizeof(WCHAR));
    lstrcpyW(body, long_body_start);
    for (i = lstrlenW(body); i < 20000; i++) body[i] = 'a' + i % 26;
    body[20000] = 0;

    storage = create_file_storage(path, STGM_TRANSACTED);
    message = open_message(NULL, storage, release_callback, 0x1234, MAPI_UNICODE);
    if (!message) return;
    write_full_message(message, file_data, file_size, body);
    check_full_message(message, file_data, file_size, body);
    hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);

    release_calls = 0;
    release_message = NULL;
    refcount = IMessage_Release(message);
    ok(!refcount, "got refcount %lu.\n", refcount);
    ok(release_calls == 1, "the callback was called %ld times.\n", release_calls);
    ok(release_data == 0x1234, "got data %#lx.\n", release_data);
    ok(release_message == message, "got %p, expected %p.\n", release_message, message);
    refcount = IStorage_Release(storage);
    ok(!refcount, "the message kept %lu references on the storage.\n", refcount);

    /* Opened again, read-only, the file has everything. */
    storage = open_file_storage(path, STGM_READ);
    message = open_message(NULL, storage, NULL, 0, 0);
    if (message)
    {
        check_full_message(message, file_data, file_size, body);
        hr = IMessage_SaveChanges(message, 0);
        ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
        hr = set_string((IMAPIProp *)message, PR_SUBJECT_W, L"changed");
        ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
        /* Readers may still name properties. */
        ok(named_id((IMAPIProp *)message, &ps_public_strings, L"Looked up", 0, MAPI_CREATE) >= 0x8000,
                "no identifier for a new name.\n");
        IMessage_Release(message);
    }
    IStorage_Release(storage);
    DeleteFileW(path);
    HeapFree(GetProcessHeap(), 0, file_data);
    HeapFree(GetProcessHeap(), 0, body);
}

static ULONG read_ulong(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

/* The layout of [MS-OXMSG], read from the storage itself. */
static void test_file_layout(void)
{
    static const BYTE name_entry[8] = { 0, 0, 0, 0, 7, 0, 0, 0 };
    static const BYTE name_bucket[8] = { 0x56, 0xc8, 0x3b, 0xb5, 7, 0, 0, 0 };
    BYTE data[512], header[32] = {0};
    IStorage *storage, *sub, *inner;
    ULONG named, num, size, offset;
    BOOL found_subject = FALSE;
    IMessage *message, *embedded;
    IAttach *attach;
    HRESULT hr;

    storage = create_memory_storage();
    message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    if (!message) return;
    /* The first named property, so its index is 0 and its GUID the first stored. */
    named = named_id((IMAPIProp *)message, &ps_internet_headers, L"Named Property", 0, MAPI_CREATE);
    ok(named == 0x8000, "got %#lx.\n", named);
    set_string((IMAPIProp *)message, PROP_TAG(PT_UNICODE, named), L"named prop");
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"Test Subject");
    set_long((IMAPIProp *)message, PR_IMPORTANCE, IMPORTANCE_LOW);
    add_recipients(message, 0, recipients, 2);
    IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&embedded);
    set_string((IMAPIProp *)embedded, PR_SUBJECT_W, L"Inner");
    IMessage_SaveChanges(embedded, 0);
    IMessage_Release(embedded);
    IAttach_SaveChanges(attach, 0);
    IAttach_Release(attach);
    hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* The top-level header: next recipient and attachment numbers, counts. */
    size = read_stream(storage, L"__properties_version1.0", data, sizeof(data));
    ok(size > 32 && !((size - 32) % 16), "got property stream size %lu.\n", size);
    ok(!memcmp(data, header, 8) && !memcmp(data + 24, header, 8), "the reserved bytes are not 0.\n");
    ok(read_ulong(data + 8) == 2 && read_ulong(data + 16) == 2, "got recipients %lu, %lu.\n", read_ulong(data + 8),
            read_ulong(data + 16));
    ok(read_ulong(data + 12) == 1 && read_ulong(data + 20) == 1, "got attachments %lu, %lu.\n",
            read_ulong(data + 12), read_ulong(data + 20));
    for (offset = 32; offset + 16 <= size; offset += 16)
    {
        ULONG tag = read_ulong(data + offset);

        if (tag == PR_SUBJECT_W)
        {
            found_subject = TRUE;
            /* The size of a string counts the terminator, the stream does not have it. */
            ok(read_ulong(data + offset + 8) == 26, "got size %lu.\n", read_ulong(data + offset + 8));
            ok(read_ulong(data + offset + 4) == (PROPATTR_READABLE | PROPATTR_WRITEABLE), "got flags %#lx.\n",
                    read_ulong(data + offset + 4));
        }
        if (tag == PR_IMPORTANCE) ok(read_ulong(data + offset + 8) == IMPORTANCE_LOW, "wrong value.\n");
        ok(PROP_TYPE(tag) != PT_STRING8, "an ANSI string %#lx in a Unicode file.\n", tag);
    }
    ok(found_subject, "no PR_SUBJECT entry.\n");
    size = read_stream(storage, L"__substg1.0_0037001F", data, sizeof(data));
    ok(size == 24 && !memcmp(data, L"Test Subject", 24), "got %lu bytes.\n", size);
    ok(has_stream(storage, L"__substg1.0_8000001F"), "no stream for the named property.\n");

    /* Recipients and attachments are substorages numbered from 0. */
    hr = IStorage_OpenStorage(storage, L"__recip_version1.0_#00000001", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE,
            NULL, 0, &sub);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        size = read_stream(sub, L"__properties_version1.0", data, sizeof(data));
        ok(size > 8 && !((size - 8) % 16), "got recipient property stream size %lu.\n", size);
        size = read_stream(sub, L"__substg1.0_3001001F", data, sizeof(data));
        ok(size == 22 && !memcmp(data, L"Bob Example", 22), "got %lu bytes.\n", size);
        IStorage_Release(sub);
    }
    hr = IStorage_OpenStorage(storage, L"__attach_version1.0_#00000000", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE,
            NULL, 0, &sub);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IStorage_OpenStorage(sub, L"__substg1.0_3701000D", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0,
                &inner);
        ok(hr == S_OK, "no embedded message storage: %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            size = read_stream(inner, L"__properties_version1.0", data, sizeof(data));
            ok(size >= 24 && !((size - 24) % 16), "got embedded property stream size %lu.\n", size);
            ok(has_stream(inner, L"__substg1.0_0037001F"), "no embedded subject.\n");
            IStorage_Release(inner);
        }
        IStorage_Release(sub);
    }

    /* The named property mapping, with the values [MS-OXMSG] gives. */
    hr = IStorage_OpenStorage(storage, L"__nameid_version1.0", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &sub);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        size = read_stream(sub, L"__substg1.0_00020102", data, sizeof(data));
        ok(size == 16 && !memcmp(data, &ps_internet_headers, 16), "got GUID stream size %lu.\n", size);
        size = read_stream(sub, L"__substg1.0_00030102", data, sizeof(data));
        ok(size == 8 && !memcmp(data, name_entry, 8), "got entry stream size %lu.\n", size);
        size = read_stream(sub, L"__substg1.0_00040102", data, sizeof(data));
        ok(size == 32 && read_ulong(data) == 28 && !memcmp(data + 4, L"Named Property", 28),
                "got string stream size %lu.\n", size);
        size = read_stream(sub, L"__substg1.0_100E0102", data, sizeof(data));
        ok(size == 8 && !memcmp(data, name_bucket, 8), "got mapping stream size %lu.\n", size);
        IStorage_Release(sub);
    }

    /* A second save replaces the first: a removed recipient is gone. */
    add_recipients(message, 0, recipients, 1);
    hr = IMessage_SaveChanges(message, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IStorage_OpenStorage(storage, L"__recip_version1.0_#00000001", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE,
            NULL, 0, &sub);
    ok(hr == STG_E_FILENOTFOUND, "got %#lx.\n", hr);
    IMessage_Release(message);
    IStorage_Release(storage);
}

/* Without MAPI_UNICODE the file is an ANSI one. */
static void test_ansi_file(void)
{
    IStorage *storage = create_memory_storage();
    IMessage *message = open_message(NULL, storage, NULL, 0, 0);
    SPropValue *value;
    HRESULT hr;

    if (!message) return;
    hr = set_string((IMAPIProp *)message, PR_SUBJECT_W, L"plain subject");
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_missing((IMAPIProp *)message, PR_STORE_SUPPORT_MASK);
    hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(has_stream(storage, L"__substg1.0_0037001E"), "no ANSI subject stream.\n");
    ok(!has_stream(storage, L"__substg1.0_0037001F"), "a Unicode subject stream in an ANSI file.\n");

    /* A string the ANSI code page cannot hold is not saved in another form. */
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"\x4e2d\x6587");
    hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
    ok(hr == MAPI_E_BAD_CHARWIDTH, "got %#lx.\n", hr);
    IMessage_Release(message);

    message = open_message(NULL, storage, NULL, 0, 0);
    value = get_prop((IMAPIProp *)message, PR_SUBJECT_A);
    ok(value->ulPropTag == PR_SUBJECT_A && !strcmp(value->Value.lpszA, "plain subject"), "got %#lx.\n",
            value->ulPropTag);
    pMAPIFreeBuffer(value);
    IMessage_Release(message);
    IStorage_Release(storage);
}

/* A value stream that is missing loses its property, not the message; an
 * object without its property stream is a damaged message. */
static void test_damaged_file(void)
{
    IStorage *storage = create_memory_storage();
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    IMessage *damaged = (IMessage *)0xdeadbeef;
    IStorage *recip;
    SCODE sc;

    if (!message) return;
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"to be lost");
    set_string((IMAPIProp *)message, PR_BODY_W, L"kept");
    add_recipients(message, 0, recipients, 1);
    IMessage_SaveChanges(message, 0);
    IMessage_Release(message);

    IStorage_DestroyElement(storage, L"__substg1.0_0037001F");
    message = open_message(NULL, storage, NULL, 0, 0);
    if (message)
    {
        check_missing((IMAPIProp *)message, PR_SUBJECT_W);
        check_string((IMAPIProp *)message, PR_BODY_W, L"kept");
        ok(recipient_count(message) == 1, "got %lu recipients.\n", recipient_count(message));
        IMessage_Release(message);
    }

    IStorage_OpenStorage(storage, L"__recip_version1.0_#00000000", NULL, STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
            NULL, 0, &recip);
    IStorage_DestroyElement(recip, L"__properties_version1.0");
    IStorage_Release(recip);
    sc = pOpenIMsgOnIStg(NULL, (LPALLOCATEBUFFER)pMAPIAllocateBuffer, (LPALLOCATEMORE)pMAPIAllocateMore,
            (LPFREEBUFFER)pMAPIFreeBuffer, pMAPIGetDefaultMalloc(), NULL, storage, NULL, 0, 0, &damaged);
    ok(sc == MAPI_E_CORRUPT_DATA, "got %#lx.\n", sc);
    ok(damaged == NULL, "got %p.\n", damaged);
    IStorage_Release(storage);
}

/* Changes reach the storage with SaveChanges, and subobjects reach their
 * parent with theirs. */
static void test_transactions(void)
{
    IStorage *storage = create_memory_storage();
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE), *again;
    WCHAR path[MAX_PATH];
    IAttach *attach;
    ULONG num;
    HRESULT hr;

    if (!message) return;
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"first");
    ok(!has_stream(storage, L"__properties_version1.0"), "the storage changed before SaveChanges.\n");
    hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(has_stream(storage, L"__properties_version1.0"), "SaveChanges wrote nothing.\n");

    /* An attachment not saved is not in the message; saved, it is, but in
     * the storage only once the message is saved. */
    hr = IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_string((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"a.txt");
    ok(attachment_count(message) == 0, "got %lu attachments.\n", attachment_count(message));
    hr = IAttach_SaveChanges(attach, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(attachment_count(message) == 1, "got %lu attachments.\n", attachment_count(message));
    check_bool((IMAPIProp *)message, PR_HASATTACH, TRUE);
    IAttach_Release(attach);
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"second");
    IMessage_Release(message);

    message = open_message(NULL, storage, NULL, 0, 0);
    check_string((IMAPIProp *)message, PR_SUBJECT_W, L"first");
    ok(attachment_count(message) == 0, "got %lu attachments.\n", attachment_count(message));
    check_bool((IMAPIProp *)message, PR_HASATTACH, FALSE);

    /* KEEP_OPEN_READONLY leaves the message read-only. */
    hr = IMessage_SaveChanges(message, KEEP_OPEN_READONLY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = set_string((IMAPIProp *)message, PR_SUBJECT_W, L"third");
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IMessage_SaveChanges(message, 0);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IMessage_SaveChanges(message, KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMessage_SaveChanges(message, 0x10000);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    IMessage_Release(message);
    IStorage_Release(storage);

    /* IMSG_NO_ISTG_COMMIT leaves the commit to the caller. */
    temp_path(path, L"imsg_nocommit.msg");
    storage = create_file_storage(path, STGM_TRANSACTED);
    IStorage_Commit(storage, STGC_DEFAULT);
    message = open_message(NULL, storage, NULL, 0, IMSG_NO_ISTG_COMMIT | MAPI_UNICODE);
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"not committed");
    hr = IMessage_SaveChanges(message, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_Release(message);
    hr = IStorage_Revert(storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!has_stream(storage, L"__properties_version1.0"), "the storage was committed.\n");
    message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"committed");
    hr = IMessage_SaveChanges(message, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_Release(message);
    hr = IStorage_Revert(storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    again = open_message(NULL, storage, NULL, 0, 0);
    check_string((IMAPIProp *)again, PR_SUBJECT_W, L"committed");
    IMessage_Release(again);
    IStorage_Release(storage);
    DeleteFileW(path);
}

static void test_recipients(void)
{
    static const struct recipient more[] = { { L"Dave", L"dave@example.org", MAPI_TO } };
    SizedSPropTagArray(1, rowid_column) = { 1, { PR_ROWID } };
    SizedSPropTagArray(1, name_column) = { 1, { PR_DISPLAY_NAME_A } };
    IStorage *storage = create_memory_storage();
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    SPropProblemArray *problems = NULL;
    SPropValue props[2], display;
    IMAPITable *table;
    ADRLIST *list;
    SRowSet *rows;
    LONG rowids[4];
    ULONG i;
    HRESULT hr;

    if (!message) return;
    hr = IMessage_ModifyRecipients(message, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = add_recipients(message, 0x100, recipients, 1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = add_recipients(message, MODRECIP_ADD | MODRECIP_REMOVE, recipients, 1);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = add_recipients(message, 0, recipients, 3);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = add_recipients(message, MODRECIP_ADD, more, 1);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(recipient_count(message) == 4, "got %lu.\n", recipient_count(message));
    check_string((IMAPIProp *)message, PR_DISPLAY_TO_W, L"Alice Example; Dave");

    /* The table follows the changes. */
    hr = IMessage_GetRecipientTable(message, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMAPITable_SetColumns(table, (SPropTagArray *)&rowid_column, 0);
    rows = table_rows(table);
    ok(rows && rows->cRows == 4, "got %lu rows.\n", rows ? rows->cRows : 0);
    for (i = 0; rows && i < 4 && i < rows->cRows; i++) rowids[i] = rows->aRow[i].lpProps[0].Value.l;
    if (rows) pFreeProws(rows);
    /* Without MAPI_UNICODE the table has ANSI strings. */
    IMAPITable_SetColumns(table, (SPropTagArray *)&name_column, 0);
    rows = table_rows(table);
    ok(rows && rows->cRows == 4 && rows->aRow[0].lpProps[0].ulPropTag == PR_DISPLAY_NAME_A
            && !strcmp(rows->aRow[0].lpProps[0].Value.lpszA, "Alice Example"), "wrong ANSI name.\n");
    if (rows) pFreeProws(rows);
    IMAPITable_SetColumns(table, (SPropTagArray *)&rowid_column, 0);
    ok(rowids[0] != rowids[1] && rowids[1] != rowids[2] && rowids[2] != rowids[3], "row identifiers repeat.\n");

    /* MODRECIP_MODIFY replaces a row whole; MODRECIP_REMOVE removes. */
    pMAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list);
    list->cEntries = 1;
    list->aEntries[0].cValues = 2;
    pMAPIAllocateBuffer(2 * sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals);
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_ROWID;
    list->aEntries[0].rgPropVals[0].Value.l = rowids[3];
    list->aEntries[0].rgPropVals[1].ulPropTag = PR_DISPLAY_NAME_W;
    list->aEntries[0].rgPropVals[1].Value.lpszW = (WCHAR *)L"Dave Renamed";
    hr = IMessage_ModifyRecipients(message, MODRECIP_MODIFY, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_string((IMAPIProp *)message, PR_DISPLAY_TO_W, L"Alice Example");
    list->aEntries[0].rgPropVals[0].Value.l = 0x7777;
    hr = IMessage_ModifyRecipients(message, MODRECIP_MODIFY, list);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_ENTRYID;
    list->aEntries[0].rgPropVals[0].Value.bin.cb = 0;
    hr = IMessage_ModifyRecipients(message, MODRECIP_REMOVE, list);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    list->aEntries[0].rgPropVals[0].ulPropTag = PROP_TAG(PT_NULL, 0x6600);
    hr = IMessage_ModifyRecipients(message, MODRECIP_ADD, list);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    list->aEntries[0].cValues = 1;
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_ROWID;
    list->aEntries[0].rgPropVals[0].Value.l = rowids[1];
    hr = IMessage_ModifyRecipients(message, MODRECIP_REMOVE, list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(recipient_count(message) == 3, "got %lu.\n", recipient_count(message));
    check_missing((IMAPIProp *)message, PR_DISPLAY_CC_W);
    rows = table_rows(table);
    ok(rows && rows->cRows == 3, "the table shows %lu rows.\n", rows ? rows->cRows : 0);
    if (rows) pFreeProws(rows);
    pMAPIFreeBuffer(list->aEntries[0].rgPropVals);
    pMAPIFreeBuffer(list);
    IMAPITable_Release(table);

    /* The display properties are the message's to compute. */
    display.ulPropTag = PR_DISPLAY_TO_W;
    display.Value.lpszW = (WCHAR *)L"someone else";
    props[0] = display;
    props[1].ulPropTag = PR_SUBJECT_W;
    props[1].Value.lpszW = (WCHAR *)L"subject";
    hr = IMessage_SetProps(message, 2, props, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 1, "got %lu problems.\n", problems ? problems->cProblem : 0);
    if (problems)
    {
        ok(problems->aProblem[0].ulIndex == 0 && problems->aProblem[0].scode == MAPI_E_COMPUTED,
                "got index %lu, %#lx.\n", problems->aProblem[0].ulIndex, problems->aProblem[0].scode);
        pMAPIFreeBuffer(problems);
    }
    check_string((IMAPIProp *)message, PR_SUBJECT_W, L"subject");

    /* 0 replaces them all. */
    hr = add_recipients(message, 0, more, 1);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(recipient_count(message) == 1, "got %lu.\n", recipient_count(message));
    IMessage_Release(message);
    IStorage_Release(storage);
}

static void test_attachments(void)
{
    IStorage *storage = create_memory_storage(), *data_storage;
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    IAttach *attach, *attach2, *again;
    SPropProblemArray *problems = NULL;
    ULONG num, num2;
    SPropValue prop;
    HRESULT hr;

    if (!message) return;
    hr = IMessage_CreateAttach(message, NULL, 0, NULL, &attach);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMessage_CreateAttach(message, &iid_mapi_table, 0, &num, &attach);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    hr = IMessage_CreateAttach(message, &iid_attachment, 0, &num, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMessage_CreateAttach(message, NULL, 0, &num2, &attach2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(num != num2, "both are number %lu.\n", num);
    check_long((IMAPIProp *)attach2, PR_ATTACH_NUM, num2);

    /* PR_ATTACH_NUM is computed. */
    prop.ulPropTag = PR_ATTACH_NUM;
    prop.Value.l = 99;
    hr = IAttach_SetProps(attach, 1, &prop, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->aProblem[0].scode == MAPI_E_COMPUTED, "no MAPI_E_COMPUTED problem.\n");
    if (problems) pMAPIFreeBuffer(problems);

    hr = IAttach_SaveChanges(attach, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IAttach_SaveChanges(attach2, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(attachment_count(message) == 2, "got %lu.\n", attachment_count(message));

    /* An attachment open already is handed out again. */
    hr = IMessage_OpenAttach(message, num, NULL, MAPI_MODIFY, &again);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(again == attach, "got %p, expected %p.\n", again, attach);
    IAttach_Release(again);
    hr = IMessage_OpenAttach(message, 0x4444, NULL, 0, &again);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMessage_OpenAttach(message, num, &iid_mapi_table, 0, &again);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    hr = IMessage_OpenAttach(message, num, NULL, 0x100000, &again);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    /* A storage as the data object. */
    hr = IAttach_OpenProperty(attach2, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, 0, (IUnknown **)&data_storage);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IAttach_OpenProperty(attach2, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&data_storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        IStream *stream;

        IStorage_CreateStream(data_storage, L"Contents", STGM_CREATE | STGM_WRITE | STGM_SHARE_EXCLUSIVE, 0, 0,
                &stream);
        IStream_Write(stream, "ole data", 8, NULL);
        IStream_Release(stream);
        IStorage_Release(data_storage);
    }
    set_long((IMAPIProp *)attach2, PR_ATTACH_METHOD, 6);
    hr = IAttach_SaveChanges(attach2, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IAttach_Release(attach2);

    /* Deleting an attachment someone has open. */
    hr = IMessage_DeleteAttach(message, num, 0, NULL, 0x10);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMessage_DeleteAttach(message, num, 0, NULL, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMessage_DeleteAttach(message, num, 0, NULL, 0);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(attachment_count(message) == 1, "got %lu.\n", attachment_count(message));
    hr = IAttach_SaveChanges(attach, 0);
    ok(hr == MAPI_E_OBJECT_DELETED, "got %#lx.\n", hr);
    IAttach_Release(attach);

    hr = IMessage_SaveChanges(message, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_Release(message);

    /* The storage comes back with the message. */
    message = open_message(NULL, storage, NULL, 0, 0);
    hr = IMessage_OpenAttach(message, 0, NULL, 0, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, 0, (IUnknown **)&data_storage);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            char data[16] = {0};

            ok(read_stream(data_storage, L"Contents", (BYTE *)data, sizeof(data)) == 8 && !strcmp(data, "ole data"),
                    "got %s.\n", data);
            IStorage_Release(data_storage);
        }
        /* Opened without MAPI_MODIFY, the attachment cannot change. */
        hr = set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, 1);
        ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
        IAttach_Release(attach);
    }
    IMessage_Release(message);
    IStorage_Release(storage);
}

static void test_named_properties(void)
{
    IStorage *storage = create_memory_storage();
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    ULONG id, num, count = 0;
    SPropTagArray *tags = NULL;
    MAPINAMEID **names = NULL;
    IAttach *attach;
    HRESULT hr;

    if (!message) return;
    ok(!named_id((IMAPIProp *)message, &ps_public_strings, L"Missing", 0, 0), "a name that was never made.\n");
    id = named_id((IMAPIProp *)message, &ps_public_strings, L"Shared", 0, MAPI_CREATE);
    ok(id >= 0x8000, "got %#lx.\n", id);
    /* PS_MAPI names the identifiers themselves. */
    ok(named_id((IMAPIProp *)message, &ps_mapi, NULL, 0x0037, 0) == 0x0037, "PS_MAPI is not the identity.\n");

    /* The attachments of a message share its names. */
    IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    ok(named_id((IMAPIProp *)attach, &ps_public_strings, L"Shared", 0, 0) == id, "the attachment has other names.\n");
    set_string((IMAPIProp *)attach, PROP_TAG(PT_UNICODE, id), L"on the attachment");
    IAttach_SaveChanges(attach, 0);
    IAttach_Release(attach);

    tags = NULL;
    hr = IMessage_GetNamesFromIDs(message, &tags, (GUID *)&ps_public_strings, 0, &count, &names);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 1, "got %lu names.\n", count);
    if (count == 1)
        ok(names[0]->ulKind == MNID_STRING && !lstrcmpW(names[0]->Kind.lpwstrName, L"Shared"), "wrong name.\n");
    if (tags) pMAPIFreeBuffer(tags);
    if (names) pMAPIFreeBuffer(names);
    hr = IMessage_SaveChanges(message, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_Release(message);

    message = open_message(NULL, storage, NULL, 0, 0);
    ok(named_id((IMAPIProp *)message, &ps_public_strings, L"Shared", 0, 0) == id, "the name did not come back.\n");
    hr = IMessage_OpenAttach(message, 0, NULL, 0, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_string((IMAPIProp *)attach, PROP_TAG(PT_UNICODE, id), L"on the attachment");
    IAttach_Release(attach);
    IMessage_Release(message);
    IStorage_Release(storage);
}

static IMessage *make_source_message(IStorage *storage)
{
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE), *embedded;
    ULONG num, id;
    IAttach *attach;

    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"source subject");
    set_string((IMAPIProp *)message, PR_BODY_W, L"source body");
    id = named_id((IMAPIProp *)message, &ps_public_strings, L"Copied", 0, MAPI_CREATE);
    set_long((IMAPIProp *)message, PROP_TAG(PT_LONG, id), 77);
    add_recipients(message, 0, recipients, 3);
    IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    set_string((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"copied.txt");
    write_data((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, "copied data", 11);
    IAttach_SaveChanges(attach, 0);
    IAttach_Release(attach);
    IMessage_CreateAttach(message, NULL, 0, &num, &attach);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&embedded);
    set_string((IMAPIProp *)embedded, PR_SUBJECT_W, L"embedded copy");
    IMessage_SaveChanges(embedded, 0);
    IMessage_Release(embedded);
    IAttach_SaveChanges(attach, 0);
    IAttach_Release(attach);
    return message;
}

static void test_copy_to(void)
{
    SizedSPropTagArray(1, exclude_attachments) = { 1, { PR_MESSAGE_ATTACHMENTS } };
    IStorage *storage = create_memory_storage(), *dest_storage = create_memory_storage();
    IMessage *source = make_source_message(storage), *dest, *embedded;
    SPropProblemArray *problems = (SPropProblemArray *)0xdeadbeef;
    IID excluded[1];
    IPropData *prop_data;
    IAttach *attach;
    ULONG id;
    HRESULT hr;

    dest = open_message(NULL, dest_storage, NULL, 0, MAPI_UNICODE);
    if (!source || !dest) return;

    hr = IMessage_CopyTo(source, 0, NULL, NULL, 0, NULL, NULL, dest, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMessage_CopyTo(source, 0, NULL, NULL, 0, NULL, &iid_message, source, 0, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IMessage_CopyTo(source, 0, NULL, NULL, 0, NULL, &iid_message, dest, 0x10000, NULL);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    excluded[0] = iid_mapi_prop;
    hr = IMessage_CopyTo(source, 1, excluded, NULL, 0, NULL, &iid_message, dest, 0, NULL);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);

    /* Everything: properties, names, recipients, attachments. */
    set_string((IMAPIProp *)dest, PR_SUBJECT_W, L"kept with MAPI_NOREPLACE");
    hr = IMessage_CopyTo(source, 0, NULL, NULL, 0, NULL, &iid_message, dest, MAPI_NOREPLACE, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got problems.\n");
    check_string((IMAPIProp *)dest, PR_SUBJECT_W, L"kept with MAPI_NOREPLACE");
    check_string((IMAPIProp *)dest, PR_BODY_W, L"source body");
    id = named_id((IMAPIProp *)dest, &ps_public_strings, L"Copied", 0, 0);
    ok(id >= 0x8000, "the name did not go over.\n");
    check_long((IMAPIProp *)dest, PROP_TAG(PT_LONG, id), 77);
    ok(recipient_count(dest) == 3, "got %lu recipients.\n", recipient_count(dest));
    check_string((IMAPIProp *)dest, PR_DISPLAY_CC_W, L"Bob Example");
    ok(attachment_count(dest) == 2, "got %lu attachments.\n", attachment_count(dest));
    hr = IMessage_OpenAttach(dest, 1, NULL, 0, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &iid_message, 0, 0, (IUnknown **)&embedded);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            check_string((IMAPIProp *)embedded, PR_SUBJECT_W, L"embedded copy");
            IMessage_Release(embedded);
        }
        IAttach_Release(attach);
    }
    /* The copy is the destination's own: it survives its save. */
    hr = IMessage_SaveChanges(dest, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_Release(dest);
    dest = open_message(NULL, dest_storage, NULL, 0, 0);
    ok(attachment_count(dest) == 2, "got %lu attachments.\n", attachment_count(dest));
    IMessage_Release(dest);
    IStorage_Release(dest_storage);

    /* Excluding the attachments, or IMessage altogether. */
    dest_storage = create_memory_storage();
    dest = open_message(NULL, dest_storage, NULL, 0, MAPI_UNICODE);
    hr = IMessage_CopyTo(source, 0, NULL, (SPropTagArray *)&exclude_attachments, 0, NULL, &iid_message, dest, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(attachment_count(dest) == 0, "got %lu attachments.\n", attachment_count(dest));
    ok(recipient_count(dest) == 3, "got %lu recipients.\n", recipient_count(dest));
    IMessage_Release(dest);
    dest = open_message(NULL, dest_storage, NULL, 0, MAPI_UNICODE);
    excluded[0] = iid_message;
    hr = IMessage_CopyTo(source, 1, excluded, NULL, 0, NULL, &iid_message, dest, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(attachment_count(dest) == 0, "got %lu attachments.\n", attachment_count(dest));
    ok(recipient_count(dest) == 0, "got %lu recipients.\n", recipient_count(dest));
    check_string((IMAPIProp *)dest, PR_SUBJECT_W, L"source subject");
    IMessage_Release(dest);
    IStorage_Release(dest_storage);

    /* To a plain property object, only properties go. */
    pCreateIProp(&iid_mapi_prop_data, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, &prop_data);
    hr = IMessage_CopyTo(source, 0, NULL, NULL, 0, NULL, &iid_mapi_prop, prop_data, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_string((IMAPIProp *)prop_data, PR_SUBJECT_W, L"source subject");
    IPropData_Release(prop_data);

    /* MAPI_MOVE takes the properties from the source. */
    dest_storage = create_memory_storage();
    dest = open_message(NULL, dest_storage, NULL, 0, MAPI_UNICODE);
    hr = IMessage_CopyTo(source, 0, NULL, NULL, 0, NULL, &iid_message, dest, MAPI_MOVE, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_string((IMAPIProp *)dest, PR_BODY_W, L"source body");
    check_missing((IMAPIProp *)source, PR_BODY_W);
    ok(recipient_count(source) == 0, "got %lu recipients.\n", recipient_count(source));
    ok(attachment_count(source) == 0, "got %lu attachments.\n", attachment_count(source));
    ok(attachment_count(dest) == 2, "got %lu attachments.\n", attachment_count(dest));
    IMessage_Release(dest);
    IStorage_Release(dest_storage);

    IMessage_Release(source);
    IStorage_Release(storage);
}

static void test_copy_props(void)
{
    SizedSPropTagArray(3, included) = { 3, { PR_SUBJECT_W, PR_IMPORTANCE, PR_MESSAGE_RECIPIENTS } };
    IStorage *storage = create_memory_storage(), *dest_storage = create_memory_storage();
    IMessage *source = make_source_message(storage), *dest;
    SPropProblemArray *problems = NULL;
    IAttach *attach, *dest_attach;
    ULONG num;
    HRESULT hr;

    dest = open_message(NULL, dest_storage, NULL, 0, MAPI_UNICODE);
    if (!source || !dest) return;
    hr = IMessage_CopyProps(source, NULL, 0, NULL, &iid_message, dest, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* PR_IMPORTANCE is missing: a problem at its index. */
    hr = IMessage_CopyProps(source, (SPropTagArray *)&included, 0, NULL, &iid_message, dest, 0, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 1, "got %lu problems.\n", problems ? problems->cProblem : 0);
    if (problems)
    {
        ok(problems->aProblem[0].ulIndex == 1 && problems->aProblem[0].scode == MAPI_E_NOT_FOUND,
                "got index %lu, %#lx.\n", problems->aProblem[0].ulIndex, problems->aProblem[0].scode);
        pMAPIFreeBuffer(problems);
    }
    check_string((IMAPIProp *)dest, PR_SUBJECT_W, L"source subject");
    check_missing((IMAPIProp *)dest, PR_BODY_W);
    ok(recipient_count(dest) == 3, "got %lu recipients.\n", recipient_count(dest));
    ok(attachment_count(dest) == 0, "got %lu attachments.\n", attachment_count(dest));

    /* An attachment copies to another one with its data. */
    hr = IMessage_OpenAttach(source, 0, NULL, 0, &attach);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_CreateAttach(dest, NULL, 0, &num, &dest_attach);
    hr = IAttach_CopyTo(attach, 0, NULL, NULL, 0, NULL, &iid_attachment, dest_attach, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_string((IMAPIProp *)dest_attach, PR_ATTACH_LONG_FILENAME_W, L"copied.txt");
    check_long((IMAPIProp *)dest_attach, PR_ATTACH_NUM, num);
    IAttach_Release(dest_attach);
    IAttach_Release(attach);

    IMessage_Release(dest);
    IMessage_Release(source);
    IStorage_Release(dest_storage);
    IStorage_Release(storage);
}

static void test_attributes(void)
{
    SizedSPropTagArray(2, tags) = { 2, { PR_SUBJECT_W, PR_BODY_W } };
    SizedSPropAttrArray(2, set_attrs) = { 2, { PROPATTR_READABLE | PROPATTR_MANDATORY, PROPATTR_READABLE } };
    SizedSPropAttrArray(1, one_attr) = { 1, { PROPATTR_READABLE } };
    IStorage *storage = create_memory_storage();
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    SPropProblemArray *problems = NULL;
    SPropAttrArray *attrs = NULL;
    IPropData *prop_data;
    SPropValue prop;
    HRESULT hr;

    if (!message) return;
    set_string((IMAPIProp *)message, PR_SUBJECT_W, L"protected");
    hr = pGetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, &attrs);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(attrs && attrs->cValues == 2, "got %lu attributes.\n", attrs ? attrs->cValues : 0);
    if (attrs)
    {
        ok(attrs->aPropAttr[0] == (PROPATTR_READABLE | PROPATTR_WRITEABLE), "got %#lx.\n", attrs->aPropAttr[0]);
        ok(attrs->aPropAttr[1] == PROPATTR_NOT_PRESENT, "got %#lx.\n", attrs->aPropAttr[1]);
        pMAPIFreeBuffer(attrs);
    }

    /* A property that is not there is a problem. */
    hr = pSetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, (SPropAttrArray *)&set_attrs, &problems);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 1, "got %lu problems.\n", problems ? problems->cProblem : 0);
    if (problems)
    {
        ok(problems->aProblem[0].ulIndex == 1 && problems->aProblem[0].scode == MAPI_E_NOT_FOUND,
                "got %lu, %#lx.\n", problems->aProblem[0].ulIndex, problems->aProblem[0].scode);
        pMAPIFreeBuffer(problems);
    }
    /* Without PROPATTR_WRITEABLE the property is read-only. */
    prop.ulPropTag = PR_SUBJECT_W;
    prop.Value.lpszW = (WCHAR *)L"changed";
    hr = IMessage_SetProps(message, 1, &prop, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->aProblem[0].scode == MAPI_E_NO_ACCESS, "a read-only property was set.\n");
    if (problems) pMAPIFreeBuffer(problems);
    hr = IMessage_SaveChanges(message, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMessage_Release(message);

    /* The attributes are saved with the message. */
    message = open_message(NULL, storage, NULL, 0, 0);
    tags.cValues = 1;
    hr = pGetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, &attrs);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(attrs && attrs->aPropAttr[0] == (PROPATTR_READABLE | PROPATTR_MANDATORY), "got %#lx.\n",
            attrs ? attrs->aPropAttr[0] : 0);
    if (attrs) pMAPIFreeBuffer(attrs);
    check_string((IMAPIProp *)message, PR_SUBJECT_W, L"protected");
    hr = IMessage_DeleteProps(message, (SPropTagArray *)&tags, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->aProblem[0].scode == MAPI_E_NO_ACCESS, "a mandatory property was deleted.\n");
    if (problems) pMAPIFreeBuffer(problems);
    IMessage_Release(message);

    /* Bad arguments, and objects that are not messages on storages. */
    message = open_message(NULL, storage, NULL, 0, 0);
    hr = pSetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, (SPropAttrArray *)&set_attrs, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = pSetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, (SPropAttrArray *)&one_attr, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pGetAttribIMsgOnIStg(message, NULL, &attrs);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    pCreateIProp(&iid_mapi_prop_data, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, &prop_data);
    hr = pGetAttribIMsgOnIStg(prop_data, (SPropTagArray *)&tags, &attrs);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    IPropData_Release(prop_data);
    IMessage_Release(message);
    IStorage_Release(storage);
}

/* A message on a storage has no store behind it. */
static void test_no_store_methods(void)
{
    IStorage *storage = create_memory_storage();
    IMessage *message = open_message(NULL, storage, NULL, 0, MAPI_UNICODE);
    MAPIERROR *error = NULL;
    HRESULT hr;

    if (!message) return;
    hr = IMessage_SubmitMessage(message, 0);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IMessage_SubmitMessage(message, 0x100);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMessage_SetReadFlag(message, 0);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IMessage_SetReadFlag(message, CLEAR_READ_FLAG | GENERATE_RECEIPT_ONLY);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* The last failure is explained by GetLastError. */
    hr = IMessage_GetLastError(message, MAPI_E_INVALID_PARAMETER, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(error && error->lpszError && strstr((char *)error->lpszError, "SetReadFlag"), "got %s.\n",
            error ? wine_dbgstr_a((char *)error->lpszError) : "no error");
    if (error) pMAPIFreeBuffer(error);
    hr = IMessage_GetLastError(message, MAPI_E_INVALID_PARAMETER, 0x10, &error);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    IMessage_Release(message);
    IStorage_Release(storage);
}

static void test_CloseIMsgSession(void)
{
    IStorage *storage1 = create_memory_storage(), *storage2 = create_memory_storage(), *storage3;
    IMessage *message1, *message2, *outside;
    LPMSGSESS session;
    IAttach *attach;
    SPropValue *value;
    ULONG num, count, refcount;
    HRESULT hr;

    hr = pOpenIMsgSession(pMAPIGetDefaultMalloc(), 0, &session);
    ok(hr == S_OK, "got %#lx.\n", hr);
    message1 = open_message(session, storage1, release_callback, 1, MAPI_UNICODE);
    message2 = open_message(session, storage2, release_callback, 2, MAPI_UNICODE);
    storage3 = create_memory_storage();
    outside = open_message(NULL, storage3, release_callback, 3, MAPI_UNICODE);
    if (!message1 || !message2 || !outside) return;
    IMessage_CreateAttach(message1, NULL, 0, &num, &attach);

    release_calls = 0;
    pCloseIMsgSession(session);
    ok(release_calls == 2, "the callback was called %ld times.\n", release_calls);
    refcount = IStorage_AddRef(storage1);
    ok(refcount == 2, "the closed message still holds its storage: refcount %lu.\n", refcount);
    IStorage_Release(storage1);

    /* The messages and their subobjects are closed. */
    hr = IMessage_GetProps(message1, NULL, 0, &count, &value);
    ok(hr == MAPI_E_INVALID_OBJECT, "got %#lx.\n", hr);
    hr = IMessage_SaveChanges(message2, 0);
    ok(hr == MAPI_E_INVALID_OBJECT, "got %#lx.\n", hr);
    hr = set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, 1);
    ok(hr == MAPI_E_INVALID_OBJECT, "got %#lx.\n", hr);
    IAttach_Release(attach);
    /* A message outside the session is not. */
    hr = set_string((IMAPIProp *)outside, PR_SUBJECT_W, L"still open");
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* Their last release does not call back a second time. */
    release_calls = 0;
    IMessage_Release(message1);
    IMessage_Release(message2);
    ok(release_calls == 0, "the callback was called %ld times.\n", release_calls);
    IMessage_Release(outside);
    ok(release_calls == 1, "the callback was called %ld times.\n", release_calls);
    IStorage_Release(storage1);
    IStorage_Release(storage2);
    IStorage_Release(storage3);
}

START_TEST(imsg)
{
    if (!init_function_pointers()) return;
    GetTempPathW(ARRAY_SIZE(temp_dir), temp_dir);

    test_OpenIMsgSession();
    test_OpenIMsgOnIStg_arguments();
    test_message_round_trip();
    test_file_layout();
    test_ansi_file();
    test_damaged_file();
    test_transactions();
    test_recipients();
    test_attachments();
    test_named_properties();
    test_copy_to();
    test_copy_props();
    test_attributes();
    test_no_store_methods();
    test_CloseIMsgSession();
}
