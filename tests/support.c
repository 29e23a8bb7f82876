/*
 * IMAPISupport of the store, address-book and service-configuration kinds,
 * used from outside through the support objects the fixture was given, and
 * the transport kind as the fixture transport's calls through its own
 * support object show it
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
#include "recxp_inf.h"

#ifndef MODRECIP_MODIFY
#define MODRECIP_MODIFY 0x00000004
#endif
#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif

#define XP_PROFILE "RecXp Support Test"
#define XP_DLL "recxp32.dll"

enum { KIND_STORE, KIND_AB, KIND_CONFIG };

static HRESULT (WINAPI *pRecProvLastSupport)(ULONG, IMAPISupport **);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);
static SPropValue *(WINAPI *pPpropFindProp)(SPropValue *, ULONG, ULONG);
static SCODE (WINAPI *pCreateTable)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, ULONG, ULONG,
        SPropTagArray *, ITableData **);
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

    /* A store may tell the spooler only of mail to send or mail received;
     * with MAPI_NO_MAIL there is no spooler, and the call is ignored. */
    hr = IMAPISupport_SpoolerNotify(sup, NOTIFY_READYTOSEND, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPISupport_SpoolerNotify(sup, NOTIFY_CRITSEC, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISupport_SpoolerNotify(sup, NOTIFY_NEWMAIL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISupport_SpoolerNotify(sup, NOTIFY_NEWMAIL_RECEIVED, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISupport_SpoolerNotify(sup, 0x8, NULL);
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

/* A message with a recipient table that records what ModifyRecipients
 * gets, for PrepareSubmit. */
struct mock_message
{
    IMessage IMessage_iface;
    LONG refcount;
    ITableData *recips;
    ULONG modify_calls, modify_flags, modify_count;
    ULONG row_ids[4], types[4];
    int responsibility[4];      /* -1: not given */
};

static struct mock_message *impl_from_mock_message(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct mock_message, IMessage_iface);
}

static HRESULT WINAPI mock_message_QueryInterface(IMessage *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMessage))
    {
        *out = iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI mock_message_AddRef(IMessage *iface)
{
    return InterlockedIncrement(&impl_from_mock_message(iface)->refcount);
}

static ULONG WINAPI mock_message_Release(IMessage *iface)
{
    return InterlockedDecrement(&impl_from_mock_message(iface)->refcount);
}

static HRESULT WINAPI mock_message_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return ITableData_HrGetView(impl_from_mock_message(iface)->recips, NULL, NULL, 0, table);
}

static HRESULT WINAPI mock_message_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *list)
{
    struct mock_message *msg = impl_from_mock_message(iface);
    SPropValue *prop;
    ULONG i;

    msg->modify_calls++;
    msg->modify_flags = flags;
    msg->modify_count = list->cEntries;
    for (i = 0; i < list->cEntries && i < ARRAY_SIZE(msg->types); i++)
    {
        ADRENTRY *entry = &list->aEntries[i];

        prop = pPpropFindProp(entry->rgPropVals, entry->cValues, PR_ROWID);
        msg->row_ids[i] = prop ? prop->Value.l : ~0u;
        prop = pPpropFindProp(entry->rgPropVals, entry->cValues, PR_RECIPIENT_TYPE);
        msg->types[i] = prop ? prop->Value.l : ~0u;
        prop = pPpropFindProp(entry->rgPropVals, entry->cValues, PR_RESPONSIBILITY);
        msg->responsibility[i] = prop ? prop->Value.b : -1;
    }
    return S_OK;
}

static const IMessageVtbl mock_message_vtbl =
{
    .QueryInterface = mock_message_QueryInterface,
    .AddRef = mock_message_AddRef,
    .Release = mock_message_Release,
    .GetRecipientTable = mock_message_GetRecipientTable,
    .ModifyRecipients = mock_message_ModifyRecipients,
};

static void mock_message_add(struct mock_message *msg, ULONG row_id, ULONG type, const char *name)
{
    SPropValue props[3];
    SRow row;
    HRESULT hr;

    props[0].ulPropTag = PR_ROWID;
    props[0].Value.l = row_id;
    props[1].ulPropTag = PR_RECIPIENT_TYPE;
    props[1].Value.l = type;
    props[2].ulPropTag = PR_DISPLAY_NAME_A;
    props[2].Value.lpszA = (char *)name;
    row.ulAdrEntryPad = 0;
    row.cValues = ARRAY_SIZE(props);
    row.lpProps = props;
    hr = ITableData_HrModifyRow(msg->recips, &row);
    ok(hr == S_OK, "HrModifyRow got %#lx.\n", hr);
}

/* PrepareSubmit on a resent message: a recipient marked MAPI_SUBMITTED
 * loses the mark and is the spooler's again; any other becomes MAPI_P1
 * and counts as handled. */
static void test_prepare_submit(IMAPISupport *sup)
{
    SizedSPropTagArray(4, columns) = {4, {PR_ROWID, PR_RECIPIENT_TYPE, PR_DISPLAY_NAME_A, PR_RESPONSIBILITY}};
    struct mock_message msg;
    ULONG flags, i;
    HRESULT hr;

    memset(&msg, 0, sizeof(msg));
    msg.IMessage_iface.lpVtbl = &mock_message_vtbl;
    msg.refcount = 1;
    hr = pCreateTable(&IID_IMAPITableData, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC, PR_ROWID, (SPropTagArray *)&columns, &msg.recips);
    ok(hr == S_OK, "CreateTable got %#lx.\n", hr);
    if (hr) return;
    mock_message_add(&msg, 0, MAPI_TO | MAPI_SUBMITTED, "again");
    mock_message_add(&msg, 1, MAPI_CC, "done");

    hr = IMAPISupport_PrepareSubmit(sup, NULL, &flags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    flags = 1;
    hr = IMAPISupport_PrepareSubmit(sup, &msg.IMessage_iface, &flags);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(!msg.modify_calls, "the recipients were changed.\n");

    flags = 0;
    hr = IMAPISupport_PrepareSubmit(sup, &msg.IMessage_iface, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!flags, "got flags %#lx.\n", flags);
    ok(msg.modify_calls == 1, "ModifyRecipients was called %lu times.\n", msg.modify_calls);
    ok(msg.modify_flags == MODRECIP_MODIFY, "got flags %#lx.\n", msg.modify_flags);
    ok(msg.modify_count == 2, "got %lu recipients.\n", msg.modify_count);
    for (i = 0; i < msg.modify_count && i < 2; i++)
    {
        if (msg.row_ids[i] == 0)
        {
            ok(msg.types[i] == MAPI_TO, "got type %#lx.\n", msg.types[i]);
            ok(msg.responsibility[i] == FALSE, "got responsibility %d.\n", msg.responsibility[i]);
        }
        else
        {
            ok(msg.row_ids[i] == 1, "got row %lu.\n", msg.row_ids[i]);
            ok(msg.types[i] == MAPI_P1, "got type %#lx.\n", msg.types[i]);
            ok(msg.responsibility[i] == TRUE, "got responsibility %d.\n", msg.responsibility[i]);
        }
    }
    ok(msg.refcount == 1, "got refcount %ld.\n", msg.refcount);
    ITableData_Release(msg.recips);
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
    test_prepare_submit(sup);
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

/* ------------------------------------------------------------------------
 * The transport kind, through the fixture transport in a mail-enabled
 * session.
 */

static const MAPIUID xp_uid = {{'s','u','p','p','o','r','t','-','x','p','-','u','i','d',0,1}};

static BOOL xp_install_inf(void)
{
    static const char text[] = "[Services]\r\n" RECXP_INF_SERVICES "\r\n" RECXP_INF_SECTIONS;
    char dir[MAX_PATH], path[MAX_PATH], *buffer, *out, *slash;
    const char *in;
    DWORD written;
    HANDLE file;
    BOOL ret;

    GetModuleFileNameA(NULL, dir, sizeof(dir));
    if ((slash = strrchr(dir, '\\'))) *slash = 0;
    out = buffer = HeapAlloc(GetProcessHeap(), 0, sizeof(text) + 16 * strlen(dir));
    for (in = text; *in; )
    {
        if (strncmp(in, "@DIR@", 5))
        {
            *out++ = *in++;
            continue;
        }
        strcpy(out, dir);
        out += strlen(dir);
        in += 5;
    }
    recprov_inf_path(path, sizeof(path));
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s, error %lu.\n", path, GetLastError());
    ret = file != INVALID_HANDLE_VALUE && WriteFile(file, buffer, out - buffer, &written, NULL);
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    HeapFree(GetProcessHeap(), 0, buffer);
    return ret;
}

/* A profile with transport A, whose section gives it two address types
 * and a UID to register with SetProviderUID at logon. */
static BOOL xp_create_profile(void)
{
    static const SizedSPropTagArray(1, columns) = {1, {PR_PROVIDER_UID}};
    static char smtp[] = "SMTP", x400[] = "X400";
    static char *types[] = {smtp, x400};
    IMsgServiceAdmin *admin = NULL;
    IProfAdmin *profiles;
    IProfSect *section;
    IMAPITable *table;
    SPropValue props[2];
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = pMAPIAdminProfiles(0, &profiles);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (hr) return FALSE;
    IProfAdmin_DeleteProfile(profiles, (char *)XP_PROFILE, 0);
    hr = IProfAdmin_CreateProfile(profiles, (char *)XP_PROFILE, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile got %#lx.\n", hr);
    if (!hr) hr = IProfAdmin_AdminServices(profiles, (char *)XP_PROFILE, NULL, 0, 0, &admin);
    if (!hr) hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)RECXP_SERVICE_A, NULL, 0, 0);
    ok(hr == S_OK, "creating the service got %#lx.\n", hr);
    if (!hr && !(hr = IMsgServiceAdmin_GetProviderTable(admin, 0, &table)))
    {
        hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
        IMAPITable_Release(table);
    }
    ok(hr == S_OK && rows && rows->cRows == 1, "reading the provider table got %#lx.\n", hr);
    if (!hr && rows && rows->cRows == 1 && rows->aRow[0].lpProps[0].ulPropTag == PR_PROVIDER_UID)
    {
        hr = IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL,
                MAPI_MODIFY | MAPI_FORCE_ACCESS, &section);
        ok(hr == S_OK, "OpenProfileSection got %#lx.\n", hr);
        if (!hr)
        {
            props[0].ulPropTag = PR_RECXP_TYPES;
            props[0].Value.MVszA.cValues = ARRAY_SIZE(types);
            props[0].Value.MVszA.lppszA = types;
            props[1].ulPropTag = PR_RECXP_UID;
            props[1].Value.bin.cb = sizeof(xp_uid);
            props[1].Value.bin.lpb = (BYTE *)&xp_uid;
            hr = IProfSect_SetProps(section, ARRAY_SIZE(props), props, NULL);
            ok(hr == S_OK, "SetProps got %#lx.\n", hr);
            IProfSect_Release(section);
        }
    }
    else if (!hr) hr = E_FAIL;
    if (rows) pFreeProws(rows);
    if (admin) IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
    return hr == S_OK;
}

static void xp_delete_profile(void)
{
    IProfAdmin *profiles;

    if (pMAPIAdminProfiles(0, &profiles)) return;
    IProfAdmin_DeleteProfile(profiles, (char *)XP_PROFILE, 0);
    IProfAdmin_Release(profiles);
}

/* The transport's status row, waited for: its PR_PROVIDER_DLL_NAME and
 * PR_RESOURCE_TYPE come from MAPI, its name from its section. */
static BOOL xp_wait_row(IMAPISession *session, DWORD timeout, char *dll, ULONG *flags_tag)
{
    SizedSPropTagArray(4, columns) = {4, {PR_DISPLAY_NAME_A, PR_RESOURCE_TYPE, PR_PROVIDER_DLL_NAME_A,
            PR_RESOURCE_FLAGS}};
    DWORD start = GetTickCount();
    IMAPITable *table;
    SRowSet *rows;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "GetStatusTable got %#lx.\n", hr);
    if (hr) return FALSE;
    do
    {
        if (FAILED(hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))) break;
        for (i = 0; i < rows->cRows && !found; i++)
        {
            SPropValue *props = rows->aRow[i].lpProps;

            if (props[1].ulPropTag != PR_RESOURCE_TYPE || props[1].Value.l != MAPI_TRANSPORT_PROVIDER) continue;
            found = TRUE;
            ok(props[0].ulPropTag == PR_DISPLAY_NAME_A && !strcmp(props[0].Value.lpszA, "Recording Transport A"),
                    "got name %s.\n", props[0].ulPropTag == PR_DISPLAY_NAME_A ? props[0].Value.lpszA : "none");
            strcpy(dll, props[2].ulPropTag == PR_PROVIDER_DLL_NAME_A ? props[2].Value.lpszA : "");
            *flags_tag = props[3].ulPropTag;
        }
        pFreeProws(rows);
        if (!found) Sleep(50);
    } while (!found && GetTickCount() - start < timeout);
    IMAPITable_Release(table);
    return found;
}

static HRESULT xp_spooler_notify(ULONG flags)
{
    HRESULT (WINAPI *pRecXpSpoolerNotify)(const char *, ULONG);
    HMODULE module = GetModuleHandleA(XP_DLL);

    pRecXpSpoolerNotify = module ? (void *)GetProcAddress(module, "RecXpSpoolerNotify") : NULL;
    ok(pRecXpSpoolerNotify != NULL, "the transport is not loaded.\n");
    return pRecXpSpoolerNotify ? pRecXpSpoolerNotify("A", flags) : E_FAIL;
}

/* SpoolerNotify from a transport: any flag but NEWMAIL_RECEIVED, and
 * SENTDEFERRED names its message. */
static void test_transport_spooler_notify(void)
{
    HRESULT hr;

    hr = xp_spooler_notify(NOTIFY_NEWMAIL_RECEIVED);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = xp_spooler_notify(0x8);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = xp_spooler_notify(NOTIFY_SENTDEFERRED);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = xp_spooler_notify(NOTIFY_READYTOSEND);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = xp_spooler_notify(NOTIFY_NEWMAIL);
    ok(hr == S_OK, "got %#lx.\n", hr);
}

/* The transport registered its UID with SetProviderUID (its logon fails
 * otherwise); the session sends such entry IDs to no store. */
static void test_transport_uid(IMAPISession *session)
{
    BYTE eid[4 + sizeof(MAPIUID) + 8];
    IMAPIAdviseSink *sink;
    struct sink object = { { &sink_vtbl }, 1 };
    IUnknown *unk = NULL;
    ULONG type, connection, result = TRUE;
    HRESULT hr;

    memset(eid, 0, sizeof(eid));
    memcpy(eid + 4, &xp_uid, sizeof(xp_uid));
    strcpy((char *)eid + 4 + sizeof(xp_uid), "a@b");
    hr = IMAPISession_OpenEntry(session, sizeof(eid), (ENTRYID *)eid, NULL, 0, &type, &unk);
    ok(hr != S_OK, "got %#lx.\n", hr);
    if (unk) IUnknown_Release(unk);
    hr = IMAPISession_CompareEntryIDs(session, sizeof(eid), (ENTRYID *)eid, sizeof(eid), (ENTRYID *)eid, 0, &result);
    ok(hr != S_OK || result, "an entry ID differs from itself.\n");
    sink = &object.IMAPIAdviseSink_iface;
    hr = IMAPISession_Advise(session, sizeof(eid), (ENTRYID *)eid, fnevObjectModified, sink, &connection);
    ok(hr != S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IMAPISession_Unadvise(session, connection);
    ok(object.refcount == 1, "the sink has %ld references.\n", object.refcount);
}

/* The session's address types are those the transport gave AddressTypes. */
static void test_transport_adr_types(IMAPISession *session)
{
    ULONG count, i;
    char **types;
    WCHAR **wide;
    BOOL smtp = FALSE, x400 = FALSE;
    HRESULT hr;

    hr = IMAPISession_EnumAdrTypes(session, 0, &count, &types);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return;
    for (i = 0; i < count; i++)
    {
        if (!strcmp(types[i], "SMTP")) smtp = TRUE;
        else if (!strcmp(types[i], "X400")) x400 = TRUE;
    }
    ok(count == 2 && smtp && x400, "got %lu types.\n", count);
    pMAPIFreeBuffer(types);

    hr = IMAPISession_EnumAdrTypes(session, MAPI_UNICODE, &count, (char ***)&wide);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return;
    smtp = x400 = FALSE;
    for (i = 0; i < count; i++)
    {
        if (!wcscmp(wide[i], L"SMTP")) smtp = TRUE;
        else if (!wcscmp(wide[i], L"X400")) x400 = TRUE;
    }
    ok(count == 2 && smtp && x400 && !wide[count], "got %lu types.\n", count);
    pMAPIFreeBuffer(wide);
}

static void test_transport(void)
{
    IMAPISession *session = NULL;
    ULONG flags_tag = 0, count = 1;
    IMAPITable *table = NULL;
    char dll[MAX_PATH] = "";
    DWORD start;
    HRESULT hr;

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (hr) return;
    if (!xp_install_inf() || !xp_create_profile()) goto done;

    hr = pMAPILogonEx(0, (char *)XP_PROFILE, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE,
            &session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) goto done;
    if (!xp_wait_row(session, 8000, dll, &flags_tag))
    {
        ok(0, "the transport has no status row.\n");
        goto done;
    }
    ok(strlen(dll) >= 9 && !_stricmp(dll + strlen(dll) - 9, "RECXP.DLL"), "got DLL %s.\n", dll);
    ok(flags_tag == PR_RESOURCE_FLAGS, "no PR_RESOURCE_FLAGS.\n");

    test_transport_spooler_notify();
    test_transport_uid(session);
    test_transport_adr_types(session);

    /* At logoff the transport releases its support object, which takes
     * its row away; the DLL goes once nothing of it is left. */
    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "GetStatusTable got %#lx.\n", hr);
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    if (table)
    {
        hr = IMAPITable_GetRowCount(table, 0, &count);
        ok(hr == S_OK && !count, "got %#lx, %lu rows.\n", hr, count);
        IMAPITable_Release(table);
    }
    IMAPISession_Release(session);
    session = NULL;
    start = GetTickCount();
    while (GetModuleHandleA(XP_DLL) && GetTickCount() - start < 5000) Sleep(20);
    ok(!GetModuleHandleA(XP_DLL), "the transport DLL is still loaded.\n");

done:
    if (session)
    {
        IMAPISession_Logoff(session, 0, 0, 0);
        IMAPISession_Release(session);
    }
    xp_delete_profile();
    recprov_remove_inf();
    pMAPIUninitialize();
}

START_TEST(support)
{
    static const char *const services[] = { "RecBoth", NULL };
    IMAPISession *session;
    IMsgStore *mdb;
    HMODULE module;
    HRESULT hr;

    if (!recprov_init_mapi()) return;
    pHrQueryAllRows = (void *)GetProcAddress(mapi32, "HrQueryAllRows@24");
    ok(pHrQueryAllRows != NULL, "HrQueryAllRows@24 is not exported.\n");
    pCreateTable = (void *)GetProcAddress(mapi32, "CreateTable@36");
    ok(pCreateTable != NULL, "CreateTable@36 is not exported.\n");
    pPpropFindProp = (void *)GetProcAddress(mapi32, "PpropFindProp@12");
    ok(pPpropFindProp != NULL, "PpropFindProp@12 is not exported.\n");
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
    if (pHrQueryAllRows) test_transport();
}
