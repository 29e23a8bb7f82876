/*
 * IMAPISupport of the store, address-book and service-configuration kinds,
 * used from outside through the support objects the fixture was given
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
#include "initguid.h"
#include "mapiguid.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapifix.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "recprov_test.h"

enum { KIND_STORE, KIND_AB, KIND_CONFIG };

static HRESULT (WINAPI *pRecProvLastSupport)(ULONG, IMAPISupport **);
static SCODE (WINAPI *pWrapStoreEntryID)(ULONG, LPSTR, ULONG, LPENTRYID, ULONG *, LPENTRYID *);

static const BYTE oneoff_uid[16] =
    { 0x81, 0x2b, 0x1f, 0xa4, 0xbe, 0xa3, 0x10, 0x19, 0x9d, 0x6e, 0x00, 0xdd, 0x01, 0x0f, 0x54, 0x02 };
static const BYTE wrap_uid[16] =
    { 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a, 0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 };

/* An advise sink that counts its calls. */
struct sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    ULONG calls, last_count, last_event;
};

static struct sink *impl_from_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIAdviseSink))
    {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_sink(iface)->refcount);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_sink(iface)->refcount);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct sink *sink = impl_from_sink(iface);

    sink->calls++;
    sink->last_count = count;
    sink->last_event = count ? notifications[0].ulEventType : 0;
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl = { sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify };

/* The object MakeInvalid gets: a vtable of five methods of our own. */
static HRESULT WINAPI own_method(void *iface)
{
    return 0x1234;
}

static void *own_vtbl[5] = { own_method, own_method, own_method, own_method, own_method };

typedef HRESULT (WINAPI *method0)(void *);
typedef HRESULT (WINAPI *query_method)(void *, REFIID, void **);
typedef ULONG (WINAPI *count_method)(void *);

static IMAPISupport *get_support(ULONG which)
{
    IMAPISupport *sup = NULL;
    HRESULT hr;

    hr = pRecProvLastSupport(which, &sup);
    ok(hr == S_OK, "RecProvLastSupport(%lu) got %#lx.\n", which, hr);
    return hr == S_OK ? sup : NULL;
}

static void test_common(IMAPISupport *sup, const char *own_name)
{
    ALLOCATEBUFFER *allocate_buffer = NULL;
    ALLOCATEMORE *allocate_more = NULL;
    FREEBUFFER *free_buffer = NULL;
    SPropTagArray tags = { 1, { PR_DISPLAY_NAME_A } };
    MAPIUID uid1, uid2, zero;
    IProfSect *section;
    SPropValue *props;
    MAPIERROR *error;
    ULONG count;
    HRESULT hr;

    hr = IMAPISupport_GetMemAllocRoutines(sup, &allocate_buffer, &allocate_more, &free_buffer);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(allocate_buffer == (void *)pMAPIAllocateBuffer, "got %p.\n", allocate_buffer);
    ok(allocate_more == (void *)pMAPIAllocateMore, "got %p.\n", allocate_more);
    ok(free_buffer == (void *)pMAPIFreeBuffer, "got %p.\n", free_buffer);

    error = (MAPIERROR *)0xdeadbeef;
    hr = IMAPISupport_GetLastError(sup, MAPI_E_CALL_FAILED, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!error, "got %p.\n", error);

    memset(&zero, 0, sizeof(zero));
    hr = IMAPISupport_NewUID(sup, &uid1);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPISupport_NewUID(sup, &uid2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(memcmp(&uid1, &uid2, sizeof(uid1)) && memcmp(&uid1, &zero, sizeof(zero)), "the UIDs are not new.\n");
    hr = IMAPISupport_NewUID(sup, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Its own section. */
    hr = IMAPISupport_OpenProfileSection(sup, NULL, 0, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = IProfSect_GetProps(section, &tags, 0, &count, &props);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (hr == S_OK)
        {
            ok(props[0].ulPropTag == PR_DISPLAY_NAME_A && !strcmp(props[0].Value.lpszA, own_name),
                    "got %#lx %s.\n", props[0].ulPropTag,
                    props[0].ulPropTag == PR_DISPLAY_NAME_A ? props[0].Value.lpszA : "");
            pMAPIFreeBuffer(props);
        }
        IProfSect_Release(section);
    }
    /* A missing one is only made with MAPI_MODIFY. */
    section = (IProfSect *)0xdeadbeef;
    hr = IMAPISupport_OpenProfileSection(sup, &uid1, 0, &section);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!section, "got %p.\n", section);
    hr = IMAPISupport_OpenProfileSection(sup, &uid1, MAPI_MODIFY, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IProfSect_Release(section);
    hr = IMAPISupport_OpenProfileSection(sup, &uid1, 0, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IProfSect_Release(section);
    hr = IMAPISupport_OpenProfileSection(sup, NULL, 0x100, &section);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
}

static void test_make_invalid(IMAPISupport *sup)
{
    void **object;
    void *out;
    ULONG count;
    HRESULT hr;

    hr = pMAPIAllocateBuffer(32, (void **)&object);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return;
    memset(object, 0, 32);
    object[0] = own_vtbl;

    hr = IMAPISupport_MakeInvalid(sup, 1, object, 2, 5);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISupport_MakeInvalid(sup, 0, NULL, 2, 5);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISupport_MakeInvalid(sup, 0, object, 2, 2);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(object[0] == own_vtbl, "the vtable was replaced.\n");

    hr = IMAPISupport_MakeInvalid(sup, 0, object, 2, 5);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(object[0] != own_vtbl, "the vtable was kept.\n");

    hr = ((method0 *)object[0])[3](object);
    ok(hr == MAPI_E_INVALID_OBJECT, "got %#lx.\n", hr);
    hr = ((method0 *)object[0])[4](object);
    ok(hr == MAPI_E_INVALID_OBJECT, "got %#lx.\n", hr);
    out = (void *)0xdeadbeef;
    hr = ((query_method *)object[0])[0](object, &IID_IUnknown, &out);
    ok(hr == MAPI_E_INVALID_OBJECT, "got %#lx.\n", hr);
    ok(!out, "got %p.\n", out);

    count = ((count_method *)object[0])[1](object);
    ok(count == 3, "got %lu.\n", count);
    count = ((count_method *)object[0])[2](object);
    ok(count == 2, "got %lu.\n", count);
    count = ((count_method *)object[0])[2](object);
    ok(count == 1, "got %lu.\n", count);
    /* The last release frees it with MAPIFreeBuffer. */
    count = ((count_method *)object[0])[2](object);
    ok(count == 0, "got %lu.\n", count);
}

static void test_subscribe(IMAPISupport *sup)
{
    struct sink sink = { { &sink_vtbl }, 1 };
    SizedNOTIFKEY(8, key) = { 8, "supkey1" };
    SizedNOTIFKEY(8, other) = { 8, "supkey2" };
    NOTIFICATION notification;
    ULONG connection = 0, flags;
    HRESULT hr;

    hr = IMAPISupport_Subscribe(sup, (NOTIFKEY *)&key, fnevObjectModified, 0, &sink.IMAPIAdviseSink_iface,
            &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(connection, "got connection 0.\n");
    ok(sink.refcount > 1, "the sink was not kept.\n");

    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevObjectModified;
    flags = 0;
    hr = IMAPISupport_Notify(sup, (NOTIFKEY *)&key, 1, &notification, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!flags, "got %#lx.\n", flags);
    ok(sink.calls == 1, "got %lu calls.\n", sink.calls);
    ok(sink.last_count == 1 && sink.last_event == fnevObjectModified, "got %lu, %#lx.\n", sink.last_count,
            sink.last_event);

    notification.ulEventType = fnevNewMail;
    hr = IMAPISupport_Notify(sup, (NOTIFKEY *)&key, 1, &notification, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    notification.ulEventType = fnevObjectModified;
    hr = IMAPISupport_Notify(sup, (NOTIFKEY *)&other, 1, &notification, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1, "got %lu calls.\n", sink.calls);

    hr = IMAPISupport_Unsubscribe(sup, connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.refcount == 1, "got refcount %ld.\n", sink.refcount);
    hr = IMAPISupport_Notify(sup, (NOTIFKEY *)&key, 1, &notification, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1, "got %lu calls.\n", sink.calls);
    hr = IMAPISupport_Unsubscribe(sup, connection);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    flags = 0x1;
    hr = IMAPISupport_Notify(sup, (NOTIFKEY *)&key, 1, &notification, &flags);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = IMAPISupport_Subscribe(sup, NULL, fnevObjectModified, 0, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

/* The session's status table row whose PR_STATUS_STRING_A is text. */
static BOOL find_status_row(IMAPISession *session, const char *text, ULONG *type, ULONG *code, char *dll,
        char *name, ULONG *object_type)
{
    SizedSPropTagArray(7, columns) = { 7, { PR_STATUS_STRING_A, PR_RESOURCE_TYPE, PR_STATUS_CODE,
            PR_PROVIDER_DLL_NAME_A, PR_DISPLAY_NAME_A, PR_OBJECT_TYPE, PR_ROWID } };
    IMAPITable *table;
    SRowSet *rows = NULL;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "GetStatusTable got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    if (!hr) hr = IMAPITable_QueryRows(table, 100, 0, &rows);
    ok(hr == S_OK, "reading the status table got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows && !found; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_STATUS_STRING_A || strcmp(props[0].Value.lpszA, text)) continue;
        found = TRUE;
        *type = props[1].ulPropTag == PR_RESOURCE_TYPE ? props[1].Value.l : 0;
        *code = props[2].ulPropTag == PR_STATUS_CODE ? props[2].Value.l : 0;
        strcpy(dll, props[3].ulPropTag == PR_PROVIDER_DLL_NAME_A ? props[3].Value.lpszA : "");
        strcpy(name, props[4].ulPropTag == PR_DISPLAY_NAME_A ? props[4].Value.lpszA : "");
        *object_type = props[5].ulPropTag == PR_OBJECT_TYPE ? props[5].Value.l : 0;
        ok(props[6].ulPropTag == PR_ROWID, "got %#lx.\n", props[6].ulPropTag);
    }
    if (rows) pFreeProws(rows);
    IMAPITable_Release(table);
    return found;
}

static void test_status_row(IMAPISupport *sup, IMAPISession *session, const char *text, ULONG resource_type,
        const char *display_name)
{
    char dll[MAX_PATH], name[256];
    ULONG type, code, object_type;
    SPropValue props[2];
    HRESULT hr;

    props[0].ulPropTag = PR_STATUS_STRING_A;
    props[0].Value.lpszA = (char *)text;
    props[1].ulPropTag = PR_STATUS_CODE;
    props[1].Value.l = STATUS_AVAILABLE;
    hr = IMAPISupport_ModifyStatusRow(sup, 2, props, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(find_status_row(session, text, &type, &code, dll, name, &object_type), "the row is not in the table.\n");
    ok(type == resource_type, "got type %lu.\n", type);
    ok(code == STATUS_AVAILABLE, "got code %#lx.\n", code);
    ok(object_type == MAPI_STATUS, "got object type %lu.\n", object_type);
    ok(strlen(dll) >= 11 && !_stricmp(dll + strlen(dll) - 11, "RECPROV.DLL"), "got DLL %s.\n", dll);
    ok(!strcmp(name, display_name), "got name %s.\n", name);

    /* STATUSROW_UPDATE changes only what it names. */
    props[0].ulPropTag = PR_STATUS_CODE;
    props[0].Value.l = STATUS_OFFLINE;
    hr = IMAPISupport_ModifyStatusRow(sup, 1, props, STATUSROW_UPDATE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(find_status_row(session, text, &type, &code, dll, name, &object_type), "the row is not in the table.\n");
    ok(code == STATUS_OFFLINE, "got code %#lx.\n", code);
    ok(!strcmp(name, display_name), "got name %s.\n", name);

    hr = IMAPISupport_ModifyStatusRow(sup, 1, props, 0x1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
}

static void test_set_provider_uid(IMAPISupport *sup, IMAPISession *session)
{
    BYTE eid[24];
    IUnknown *object = NULL;
    MAPIUID uid;
    ULONG type;
    HRESULT hr;

    hr = IMAPISupport_NewUID(sup, &uid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    memset(eid, 0, sizeof(eid));
    memcpy(eid + 4, &uid, sizeof(uid));

    recprov_log_skip();
    hr = IMAPISession_OpenEntry(session, sizeof(eid), (ENTRYID *)eid, NULL, 0, &type, &object);
    ok(hr != S_OK, "got %#lx.\n", hr);
    ok(!recprov_log_has("*.OpenEntry*"), "the provider was asked before it registered the UID.\n");
    if (object) IUnknown_Release(object);

    hr = IMAPISupport_SetProviderUID(sup, &uid, 1);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISupport_SetProviderUID(sup, NULL, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISupport_SetProviderUID(sup, &uid, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    object = NULL;
    IMAPISession_OpenEntry(session, sizeof(eid), (ENTRYID *)eid, NULL, 0, &type, &object);
    ok(recprov_log_has("*.OpenEntry*"), "the entry ID did not reach the provider.\n");
    if (object) IUnknown_Release(object);
}

static void test_create_oneoff(IMAPISupport *sup)
{
    static const BYTE expect_a[] = "Alice\0SMTP\0alice@example.com";
    static const WCHAR expect_w[] = L"Al\0SMTP\0a@b";
    ENTRYID *eid;
    BYTE *data;
    ULONG cb;
    HRESULT hr;

    hr = IMAPISupport_CreateOneOff(sup, (char *)"Alice", (char *)"SMTP", (char *)"alice@example.com", 0, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        data = (BYTE *)eid;
        ok(cb == 24 + sizeof(expect_a), "got %lu.\n", cb);
        ok(!memcmp(data, "\0\0\0\0", 4), "wrong flags.\n");
        ok(!memcmp(data + 4, oneoff_uid, 16), "wrong UID.\n");
        ok(!data[20] && !data[21] && !data[22] && !data[23], "got version/flags %02x%02x %02x%02x.\n",
                data[20], data[21], data[22], data[23]);
        ok(cb == 24 + sizeof(expect_a) && !memcmp(data + 24, expect_a, sizeof(expect_a)), "wrong strings.\n");
        pMAPIFreeBuffer(eid);
    }

    hr = IMAPISupport_CreateOneOff(sup, (char *)L"Al", (char *)L"SMTP", (char *)L"a@b",
            MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO, &cb, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        data = (BYTE *)eid;
        ok(cb == 24 + sizeof(expect_w), "got %lu.\n", cb);
        /* Flags word, little-endian: MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO. */
        ok(data[22] == 0x01 && data[23] == 0x80, "got flags %02x%02x.\n", data[22], data[23]);
        ok(cb == 24 + sizeof(expect_w) && !memcmp(data + 24, expect_w, sizeof(expect_w)), "wrong strings.\n");
        pMAPIFreeBuffer(eid);
    }

    hr = IMAPISupport_CreateOneOff(sup, (char *)"Alice", NULL, (char *)"a@b", 0, &cb, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

static void test_wrap(IMAPISupport *sup)
{
    static const BYTE inner[20] = { 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    ENTRYID *wrapped, *direct;
    ULONG cb, cb_direct, name_size, offset;
    const char *name;
    BYTE *data;
    HRESULT hr;

    hr = IMAPISupport_WrapStoreEntryID(sup, sizeof(inner), (ENTRYID *)inner, &cb, &wrapped);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return;
    data = (BYTE *)wrapped;
    ok(!memcmp(data + 4, wrap_uid, 16), "wrong UID.\n");
    name = (const char *)data + 22;
    name_size = strlen(name) + 1;
    ok(name_size >= 12 && !_stricmp(name + name_size - 12, "RECPROV.DLL"), "got name %s.\n", name);
    offset = (22 + name_size + 3) & ~3;
    ok(cb == offset + sizeof(inner), "got %lu.\n", cb);
    ok(cb == offset + sizeof(inner) && !memcmp(data + offset, inner, sizeof(inner)), "wrong store ID.\n");

    /* The same as the exported function makes with that name. */
    hr = pWrapStoreEntryID(0, (char *)name, sizeof(inner), (ENTRYID *)inner, &cb_direct, &direct);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        ok(cb_direct == cb && !memcmp(direct, wrapped, cb), "the wrapped IDs differ.\n");
        pMAPIFreeBuffer(direct);
    }
    pMAPIFreeBuffer(wrapped);
}

static void test_misc_provider(IMAPISupport *sup)
{
    IMAPIProgress *progress;
    IStorage *storage;
    IStream *stream;
    IAddrBook *book;
    IMAPISupport *config;
    HRESULT hr;

    hr = IMAPISupport_DoProgressDialog(sup, 0, MAPI_TOP_LEVEL, &progress);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        ULONG min = 1, max = 10, flags = 0, value;

        hr = progress->lpVtbl->SetLimits(progress, &min, &max, &flags);
        ok(hr == S_OK, "got %#lx.\n", hr);
        hr = IMAPIProgress_GetMax(progress, &value);
        ok(hr == S_OK && value == 10, "got %#lx, %lu.\n", hr, value);
        hr = IMAPIProgress_Progress(progress, 5, 1, 2);
        ok(hr == S_OK, "got %#lx.\n", hr);
        progress->lpVtbl->Release(progress);
    }

    hr = CreateStreamOnHGlobal(NULL, TRUE, &stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPISupport_IStorageFromStream(sup, (IUnknown *)stream, NULL, STGSTRM_CREATE, &storage);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IStorage_Release(storage);
    IStream_Release(stream);

    hr = IMAPISupport_OpenAddressBook(sup, NULL, 0, &book);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IAddrBook_Release(book);

    hr = IMAPISupport_GetSvcConfigSupportObj(sup, 0, &config);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        IProfSect *section;

        hr = IMAPISupport_OpenProfileSection(config, NULL, 0, &section);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (hr == S_OK) IProfSect_Release(section);
        hr = IMAPISupport_Subscribe(config, NULL, 0, 0, NULL, NULL);
        ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
        IMAPISupport_Release(config);
    }
}

static void test_store_only(IMAPISupport *sup)
{
    ULONG flags;
    HRESULT hr;

    flags = LOGOFF_ORDERLY;
    hr = IMAPISupport_StoreLogoffTransports(sup, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(flags == LOGOFF_COMPLETE, "got %#lx.\n", flags);
    flags = LOGOFF_ORDERLY | LOGOFF_ABORT;
    hr = IMAPISupport_StoreLogoffTransports(sup, &flags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = IMAPISupport_ModifyProfile(sup, MDB_TEMPORARY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPISupport_ModifyProfile(sup, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPISupport_ModifyProfile(sup, 0x4000);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
}

static void test_ab_only(IMAPISupport *sup)
{
    SPropTagArray *columns = NULL;
    IMAPITable *table;
    HRESULT hr;

    hr = IMAPISupport_GetOneOffTable(sup, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return;
    hr = IMAPITable_QueryColumns(table, 0, &columns);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        ok(columns->cValues >= 7, "got %lu columns.\n", columns->cValues);
        ok(columns->aulPropTag[0] == PR_DISPLAY_NAME_A, "got %#lx.\n", columns->aulPropTag[0]);
        pMAPIFreeBuffer(columns);
    }
    IMAPITable_Release(table);
}

/* The methods the reference does not offer a kind. */
static void test_no_support(IMAPISupport *sup, int kind)
{
    ULONG flags = LOGOFF_ORDERLY, cb, connection;
    IMAPITable *table;
    IMAPIProgress *progress;
    ENTRYID *eid;
    IAddrBook *book;
    MAPIUID uid;
    HRESULT hr;

#define NO_SUPPORT(call) do { hr = call; ok(hr == MAPI_E_NO_SUPPORT, "%s got %#lx.\n", #call, hr); } while (0)
    NO_SUPPORT(IMAPISupport_UpdatePAB(sup, 0, NULL));
    NO_SUPPORT(IMAPISupport_Preprocess(sup, 0, 0, NULL));
    NO_SUPPORT(IMAPISupport_SpoolerYield(sup, 0));
    NO_SUPPORT(IMAPISupport_StatusRecips(sup, NULL, NULL));
    NO_SUPPORT(IMAPISupport_RegisterPreprocessor(sup, NULL, NULL, NULL, NULL, NULL, 0));
    if (kind != KIND_STORE)
    {
        NO_SUPPORT(IMAPISupport_StoreLogoffTransports(sup, &flags));
        NO_SUPPORT(IMAPISupport_ModifyProfile(sup, 0));
        NO_SUPPORT(IMAPISupport_CopyMessages(sup, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0));
        NO_SUPPORT(IMAPISupport_CopyFolder(sup, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, 0));
        NO_SUPPORT(IMAPISupport_DoCopyTo(sup, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL));
        NO_SUPPORT(IMAPISupport_DoCopyProps(sup, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL));
        NO_SUPPORT(IMAPISupport_ReadReceipt(sup, 0, NULL, NULL));
        NO_SUPPORT(IMAPISupport_PrepareSubmit(sup, NULL, &flags));
        NO_SUPPORT(IMAPISupport_ExpandRecips(sup, NULL, &flags));
        NO_SUPPORT(IMAPISupport_DoSentMail(sup, 0, NULL));
        NO_SUPPORT(IMAPISupport_CompleteMsg(sup, 0, 0, NULL));
        NO_SUPPORT(IMAPISupport_SpoolerNotify(sup, NOTIFY_READYTOSEND, NULL));
    }
    if (kind != KIND_AB)
    {
        NO_SUPPORT(IMAPISupport_GetOneOffTable(sup, 0, &table));
        NO_SUPPORT(IMAPISupport_OpenTemplateID(sup, 0, NULL, 0, NULL, NULL, NULL, NULL));
        NO_SUPPORT(IMAPISupport_Address(sup, NULL, NULL, NULL));
        NO_SUPPORT(IMAPISupport_Details(sup, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0));
        NO_SUPPORT(IMAPISupport_NewEntry(sup, 0, 0, 0, NULL, 0, NULL, NULL, NULL));
    }
    if (kind == KIND_CONFIG)
    {
        NO_SUPPORT(IMAPISupport_Subscribe(sup, NULL, 0, 0, NULL, &connection));
        NO_SUPPORT(IMAPISupport_Unsubscribe(sup, 1));
        NO_SUPPORT(IMAPISupport_Notify(sup, NULL, 0, NULL, NULL));
        NO_SUPPORT(IMAPISupport_ModifyStatusRow(sup, 0, NULL, 0));
        NO_SUPPORT(IMAPISupport_SetProviderUID(sup, &uid, 0));
        NO_SUPPORT(IMAPISupport_CreateOneOff(sup, NULL, NULL, NULL, 0, &cb, &eid));
        NO_SUPPORT(IMAPISupport_CompareEntryIDs(sup, 0, NULL, 0, NULL, 0, &flags));
        NO_SUPPORT(IMAPISupport_OpenEntry(sup, 0, NULL, NULL, 0, &flags, NULL));
        NO_SUPPORT(IMAPISupport_OpenAddressBook(sup, NULL, 0, &book));
        NO_SUPPORT(IMAPISupport_WrapStoreEntryID(sup, 0, NULL, &cb, &eid));
        NO_SUPPORT(IMAPISupport_IStorageFromStream(sup, NULL, NULL, 0, NULL));
        NO_SUPPORT(IMAPISupport_DoProgressDialog(sup, 0, 0, &progress));
    }
#undef NO_SUPPORT
}

static void test_config(void)
{
    IMAPISupport *sup = get_support(KIND_CONFIG);

    if (!sup) return;
    test_common(sup, "Recording Store and Address Book");
    test_make_invalid(sup);
    test_no_support(sup, KIND_CONFIG);
    IMAPISupport_Release(sup);
}

static void test_store(IMAPISession *session)
{
    IMAPISupport *sup = get_support(KIND_STORE);

    if (!sup) return;
    test_common(sup, "Recording Store of Both");
    test_make_invalid(sup);
    test_subscribe(sup);
    test_status_row(sup, session, "store support test", MAPI_STORE_PROVIDER, "Recording Store of Both");
    test_set_provider_uid(sup, session);
    test_create_oneoff(sup);
    test_wrap(sup);
    test_misc_provider(sup);
    test_store_only(sup);
    test_no_support(sup, KIND_STORE);
    IMAPISupport_Release(sup);
}

static void test_ab(IMAPISession *session)
{
    IMAPISupport *sup = get_support(KIND_AB);

    if (!sup) return;
    test_common(sup, "Recording Directory of Both");
    test_make_invalid(sup);
    test_subscribe(sup);
    test_status_row(sup, session, "ab support test", MAPI_AB_PROVIDER, "Recording Directory of Both");
    test_set_provider_uid(sup, session);
    test_create_oneoff(sup);
    test_wrap(sup);
    test_misc_provider(sup);
    test_ab_only(sup);
    test_no_support(sup, KIND_AB);
    IMAPISupport_Release(sup);
}

START_TEST(support)
{
    static const char *const services[] = { "RecBoth", NULL };
    IMAPISession *session;
    IMsgStore *mdb;
    HMODULE module;
    HRESULT hr;

    if (!recprov_init_mapi()) return;
    pWrapStoreEntryID = (void *)GetProcAddress(mapi32, "WrapStoreEntryID@24");
    ok(pWrapStoreEntryID != NULL, "WrapStoreEntryID@24 is not exported.\n");
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    recprov_log_start();
    if (!recprov_install_inf()) return;

    module = recprov_pin();
    ok(module != NULL, "%s did not load, error %lu.\n", RECPROV_DLL, GetLastError());
    pRecProvLastSupport = module ? (void *)GetProcAddress(module, "RecProvLastSupport") : NULL;
    if (pRecProvLastSupport && recprov_create_profile(services))
    {
        test_config();
        hr = recprov_logon(&session);
        ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
        if (hr == S_OK)
        {
            hr = recprov_open_store(session, "Recording Store of Both", &mdb);
            ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
            if (hr == S_OK)
            {
                test_store(session);
                IMsgStore_Release(mdb);
            }
            test_ab(session);
            hr = IMAPISession_Logoff(session, 0, 0, 0);
            ok(hr == S_OK, "Logoff got %#lx.\n", hr);
            IMAPISession_Release(session);
            ok(recprov_live_objects() == 0, "%ld objects of the fixture are alive.\n", recprov_live_objects());
        }
        recprov_delete_profile();
    }
    if (module)
    {
        void (WINAPI *pRecProvDropSupports)(void) = (void *)GetProcAddress(module, "RecProvDropSupports");
        if (pRecProvDropSupports) pRecProvDropSupports();
        FreeLibrary(module);
    }
    recprov_remove_inf();
    pMAPIUninitialize();
}
