/*
 * Tests for MAPILogonEx and IMAPISession
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapiguid.h"
#include "mapispi.h"
#include "mapiadmin.h"

#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif

static HMODULE mapi32;

static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPILogonEx)(ULONG_PTR, void *, void *, ULONG, IMAPISession **);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);
static void (WINAPI *pFreeProws)(SRowSet *);
static SPropValue *(WINAPI *pPpropFindProp)(SPropValue *, ULONG, ULONG);

static IProfAdmin *admin;

static const char profile_a[] = "wine session test A";
static const char profile_b[] = "wine session test B";
static const char profile_pw[] = "wine session test password";

/* A section no provider owns, for the tests' own marks. */
static MAPIUID test_section_uid =
    {{0x3a, 0x91, 0x0c, 0x5e, 0x77, 0x12, 0x4d, 0x2b, 0x8f, 0x60, 0xb4, 0x1d, 0x93, 0xe2, 0x05, 0xc8}};

static BOOL init_function_pointers(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;

#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated)

    GET(MAPIInitialize, "MAPIInitialize@4");
    GET(MAPIUninitialize, "MAPIUninitialize@0");
    GET(MAPILogonEx, "MAPILogonEx@20");
    GET(MAPIAdminProfiles, "MAPIAdminProfiles@8");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(HrQueryAllRows, "HrQueryAllRows@24");
    GET(FreeProws, "FreeProws@4");
    GET(PpropFindProp, "PpropFindProp@12");
#undef GET
    ok((void *)GetProcAddress(mapi32, "MAPILogonEx") == (void *)pMAPILogonEx, "MAPILogonEx differs.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPILogonEx && pMAPIAdminProfiles && pMAPIFreeBuffer
            && pHrQueryAllRows && pFreeProws && pPpropFindProp;
}

/* An advise sink that counts what it gets. */
struct sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    ULONG calls;
    ULONG last_event;
};

static inline struct sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIAdviseSink))
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
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct sink *sink = impl_from_IMAPIAdviseSink(iface);

    sink->calls++;
    if (count) sink->last_event = notifications[count - 1].ulEventType;
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

static void sink_init(struct sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->refcount = 1;
}

static IMAPISession *logon(const char *name, ULONG flags)
{
    IMAPISession *session = NULL;
    HRESULT hr;

    hr = pMAPILogonEx(0, (char *)name, NULL, flags, &session);
    ok(hr == S_OK, "logon to %s: got %#lx.\n", debugstr_a(name), hr);
    return session;
}

static void logoff(IMAPISession *session)
{
    HRESULT hr;
    ULONG ref;

    if (!session) return;
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ref = IMAPISession_Release(session);
    ok(!ref, "got refcount %lu.\n", ref);
}

/* Writes a mark into the test section of the profile the session uses. */
static void write_mark(IMAPISession *session, const char *mark)
{
    IProfSect *section;
    SPropValue value;
    HRESULT hr;

    hr = IMAPISession_OpenProfileSection(session, &test_section_uid, NULL, MAPI_MODIFY, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return;
    value.ulPropTag = PR_DISPLAY_NAME_A;
    value.Value.lpszA = (char *)mark;
    hr = IProfSect_SetProps(section, 1, &value, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IProfSect_Release(section);
}

/* The mark of the profile the session uses, or "" when it has none. */
static void read_mark(IMAPISession *session, char *mark, SIZE_T size)
{
    SizedSPropTagArray(1, tags) = {1, {PR_DISPLAY_NAME_A}};
    IProfSect *section;
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    mark[0] = 0;
    hr = IMAPISession_OpenProfileSection(session, &test_section_uid, NULL, 0, &section);
    if (FAILED(hr)) return;
    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        if (props[0].ulPropTag == PR_DISPLAY_NAME_A) lstrcpynA(mark, props[0].Value.lpszA, size);
        pMAPIFreeBuffer(props);
    }
    IProfSect_Release(section);
}

static void test_not_initialized(void)
{
    IMAPISession *session = (IMAPISession *)0xdeadbeef;
    HRESULT hr;

    hr = pMAPILogonEx(0, (char *)profile_a, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
    ok(hr == MAPI_E_NOT_INITIALIZED, "got %#lx.\n", hr);
    ok(!session, "got %p.\n", session);
}

static void test_logon_errors(void)
{
    IMAPISession *session;
    char long_name[200];
    HRESULT hr;

    hr = pMAPILogonEx(0, (char *)profile_a, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    session = (IMAPISession *)0xdeadbeef;
    hr = pMAPILogonEx(0, (char *)"wine session test missing", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    ok(!session, "got %p.\n", session);

    memset(long_name, 'x', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = 0;
    hr = pMAPILogonEx(0, long_name, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);

    hr = pMAPILogonEx(0, (char *)profile_a, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | 0x4, &session);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = pMAPILogonEx(0, (char *)profile_a, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | 0x40000000, &session);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    /* Without a name, MAPI_EXPLICIT_PROFILE forbids the default and there
     * is no dialog to ask for one: a clear failure, not a hang. */
    hr = pMAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = pMAPILogonEx(0, (char *)"", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE
            | MAPI_LOGON_UI, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
}

static void test_logon_explicit(void)
{
    IMAPISession *session;
    char mark[64];

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE | MAPI_NO_MAIL);
    if (!session) return;
    write_mark(session, "A");
    logoff(session);

    session = logon(profile_b, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL);
    if (!session) return;
    write_mark(session, "B");
    logoff(session);

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;
    read_mark(session, mark, sizeof(mark));
    ok(!strcmp(mark, "A"), "got %s.\n", debugstr_a(mark));
    logoff(session);
}

static void test_logon_default(void)
{
    IMAPISession *session;
    char mark[64];
    HRESULT hr;

    hr = IProfAdmin_SetDefaultProfile(admin, NULL, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    session = (IMAPISession *)0xdeadbeef;
    hr = pMAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    ok(!session, "got %p.\n", session);
    hr = pMAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT | MAPI_LOGON_UI, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);

    hr = IProfAdmin_SetDefaultProfile(admin, (char *)profile_b, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    session = logon(NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT);
    if (session)
    {
        read_mark(session, mark, sizeof(mark));
        ok(!strcmp(mark, "B"), "got %s.\n", debugstr_a(mark));
        logoff(session);
    }

    /* MAPI_USE_DEFAULT puts the default profile in place of the name. */
    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT);
    if (session)
    {
        read_mark(session, mark, sizeof(mark));
        ok(!strcmp(mark, "B"), "got %s.\n", debugstr_a(mark));
        logoff(session);
    }

    /* Without MAPI_EXPLICIT_PROFILE a missing name means the default. */
    session = logon("", MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (session)
    {
        read_mark(session, mark, sizeof(mark));
        ok(!strcmp(mark, "B"), "got %s.\n", debugstr_a(mark));
        logoff(session);
    }

    hr = pMAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);

    hr = IProfAdmin_SetDefaultProfile(admin, NULL, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
}

static void test_logon_unicode(void)
{
    WCHAR name[64], missing[] = L"wine session test missing";
    IMAPISession *session = NULL;
    char mark[64];
    HRESULT hr;

    MultiByteToWideChar(CP_ACP, 0, profile_a, -1, name, ARRAY_SIZE(name));
    hr = pMAPILogonEx(0, name, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE, &session);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (session)
    {
        read_mark(session, mark, sizeof(mark));
        ok(!strcmp(mark, "A"), "got %s.\n", debugstr_a(mark));
        logoff(session);
    }

    hr = pMAPILogonEx(0, missing, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
}

static void test_logon_password(void)
{
    WCHAR wide_password[] = L"secret";
    IMAPISession *session = NULL;
    WCHAR name[64];
    HRESULT hr;

    hr = IProfAdmin_CreateProfile(admin, (char *)profile_pw, (char *)"secret", 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = pMAPILogonEx(0, (char *)profile_pw, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    hr = pMAPILogonEx(0, (char *)profile_pw, (char *)"wrong", MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    /* There is no password dialog: the request fails instead of waiting. */
    hr = pMAPILogonEx(0, (char *)profile_pw, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_PASSWORD_UI
            | MAPI_LOGON_UI, &session);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);

    session = NULL;
    hr = pMAPILogonEx(0, (char *)profile_pw, (char *)"secret", MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
    ok(hr == S_OK, "got %#lx.\n", hr);
    logoff(session);

    session = NULL;
    MultiByteToWideChar(CP_ACP, 0, profile_pw, -1, name, ARRAY_SIZE(name));
    hr = pMAPILogonEx(0, name, wide_password, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE, &session);
    ok(hr == S_OK, "got %#lx.\n", hr);
    logoff(session);

    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_pw, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
}

static void test_shared_session(void)
{
    IMAPISession *shared, *second, *separate;
    IMAPITable *table;
    struct sink sink;
    ULONG connection, ref;
    HRESULT hr;

    shared = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_ALLOW_OTHERS);
    if (!shared) return;
    sink_init(&sink);
    hr = IMAPISession_Advise(shared, 0, NULL, fnevExtended, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(connection != 0, "got a zero connection.\n");

    /* Without MAPI_NEW_SESSION the shared session is returned, whatever
     * profile is named. */
    second = NULL;
    hr = pMAPILogonEx(0, (char *)"wine session test missing", NULL, MAPI_EXTENDED, &second);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(second == shared, "got %p, expected %p.\n", second, shared);

    separate = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    ok(separate && separate != shared, "got %p.\n", separate);
    logoff(separate);

    /* One client's plain Logoff leaves the others their session. */
    hr = IMAPISession_Logoff(second, 0, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!sink.calls, "got %lu notifications.\n", sink.calls);
    IMAPISession_Release(second);
    hr = IMAPISession_GetMsgStoresTable(shared, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IMAPITable_Release(table);

    second = NULL;
    hr = pMAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &second);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(second == shared, "got %p, expected %p.\n", second, shared);

    /* MAPI_LOGOFF_SHARED ends it for every client, and tells them. */
    hr = IMAPISession_Logoff(second, 0, MAPI_LOGOFF_SHARED, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1, "got %lu notifications.\n", sink.calls);
    ok(sink.last_event == fnevExtended, "got event %#lx.\n", sink.last_event);
    ok(sink.refcount == 1, "the sink has %lu references.\n", sink.refcount);
    hr = IMAPISession_GetMsgStoresTable(shared, 0, &table);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    IMAPISession_Release(second);
    ref = IMAPISession_Release(shared);
    ok(!ref, "got refcount %lu.\n", ref);

    /* With the shared session gone, the name counts again. */
    second = (IMAPISession *)0xdeadbeef;
    hr = pMAPILogonEx(0, (char *)"wine session test missing", NULL, MAPI_EXTENDED, &second);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    ok(!second, "got %p.\n", second);

    /* A session made without MAPI_ALLOW_OTHERS is not shared. */
    separate = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    hr = pMAPILogonEx(0, (char *)"wine session test missing", NULL, MAPI_EXTENDED, &second);
    ok(hr == MAPI_E_LOGON_FAILED, "got %#lx.\n", hr);
    logoff(separate);
}

struct mutex_holder
{
    HANDLE acquired, done;
};

static DWORD WINAPI hold_logon_mutex(void *arg)
{
    struct mutex_holder *holder = arg;
    char name[64];
    HANDLE mutex;

    sprintf(name, "wine_mapi32_logon_%lu", GetCurrentProcessId());
    /* The mutex exists already when a logon was made: take it by waiting. */
    mutex = CreateMutexA(NULL, FALSE, name);
    ok(mutex != NULL, "got error %lu.\n", GetLastError());
    WaitForSingleObject(mutex, INFINITE);
    SetEvent(holder->acquired);
    WaitForSingleObject(holder->done, INFINITE);
    ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}

/* Logons are serialized by a named mutex; this test knows its name in
 * this implementation and holds it from another thread. */
static void test_logon_timeout(void)
{
    struct mutex_holder holder;
    IMAPISession *session;
    HANDLE thread;
    DWORD start;
    HRESULT hr;

    holder.acquired = CreateEventA(NULL, TRUE, FALSE, NULL);
    holder.done = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, hold_logon_mutex, &holder, 0, NULL);
    WaitForSingleObject(holder.acquired, INFINITE);

    start = GetTickCount();
    session = (IMAPISession *)0xdeadbeef;
    hr = pMAPILogonEx(0, (char *)profile_a, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_TIMEOUT_SHORT, &session);
    ok(hr == MAPI_E_TIMEOUT, "got %#lx.\n", hr);
    ok(!session, "got %p.\n", session);
    ok(GetTickCount() - start < 20000, "waited %lu ms.\n", GetTickCount() - start);

    SetEvent(holder.done);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(holder.acquired);
    CloseHandle(holder.done);

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_TIMEOUT_SHORT);
    logoff(session);
}

static void test_stores_table(void)
{
    IMAPISession *session;
    SPropTagArray *columns;
    IMAPITable *table;
    ULONG count, i, j;
    HRESULT hr;
    static const ULONG required[] =
    {
        PR_DEFAULT_STORE, PR_DISPLAY_NAME_A, PR_ENTRYID, PR_INSTANCE_KEY, PR_MDB_PROVIDER, PR_OBJECT_TYPE,
        PR_PROVIDER_DISPLAY_A, PR_RECORD_KEY, PR_RESOURCE_FLAGS, PR_RESOURCE_TYPE,
    };

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;

    hr = IMAPISession_GetMsgStoresTable(session, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_GetMsgStoresTable(session, 0x4, &table);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISession_GetMsgStoresTable(session, MAPI_UNICODE, &table);
    ok(hr == S_OK || hr == MAPI_E_BAD_CHARWIDTH, "got %#lx.\n", hr);
    if (hr == S_OK) IMAPITable_Release(table);

    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = IMAPITable_GetRowCount(table, 0, &count);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(!count, "a profile without stores has %lu stores.\n", count);

        hr = IMAPITable_QueryColumns(table, 0, &columns);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (hr == S_OK)
        {
            for (i = 0; i < ARRAY_SIZE(required); i++)
            {
                for (j = 0; j < columns->cValues; j++)
                    if (columns->aulPropTag[j] == required[i]) break;
                ok(j < columns->cValues, "column %#lx is missing.\n", required[i]);
            }
            pMAPIFreeBuffer(columns);
        }
        IMAPITable_Release(table);
    }

    /* No store: nothing to open or make the default. */
    hr = IMAPISession_OpenMsgStore(session, 0, 0, NULL, NULL, MDB_NO_DIALOG, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_SetDefaultStore(session, 0, 0, NULL);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISession_SetDefaultStore(session, MAPI_DEFAULT_STORE, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    logoff(session);
}

static const SPropValue *find_row_prop(const SRow *row, ULONG tag)
{
    return pPpropFindProp(row->lpProps, row->cValues, tag);
}

static const SRow *find_status_row(const SRowSet *rows, ULONG type)
{
    const SPropValue *prop;
    ULONG i;

    for (i = 0; i < rows->cRows; i++)
        if ((prop = find_row_prop(&rows->aRow[i], PR_RESOURCE_TYPE)) && prop->Value.l == type)
            return &rows->aRow[i];
    return NULL;
}

static void test_status_table(void)
{
    SizedSPropTagArray(7, columns) = {7, {PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A, PR_STATUS_CODE, PR_OBJECT_TYPE,
            PR_ENTRYID, PR_ROWID, PR_INSTANCE_KEY}};
    const SPropValue *prop;
    IMAPISession *session;
    IMAPITable *table;
    SRowSet *rows;
    const SRow *row;
    ULONG count;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL);
    if (!session) return;

    hr = IMAPISession_GetStatusTable(session, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_GetStatusTable(session, 0x4, &table);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr != S_OK)
    {
        logoff(session);
        return;
    }

    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        row = find_status_row(rows, MAPI_SUBSYSTEM);
        ok(row != NULL, "no row for the MAPI subsystem.\n");
        if (row)
        {
            prop = find_row_prop(row, PR_DISPLAY_NAME_A);
            ok(prop && !strcmp(prop->Value.lpszA, "MAPI Subsystem"), "got %s.\n",
                    prop ? debugstr_a(prop->Value.lpszA) : "nothing");
            prop = find_row_prop(row, PR_STATUS_CODE);
            ok(prop && (prop->Value.l & STATUS_AVAILABLE), "got %#lx.\n", prop ? prop->Value.l : 0);
            prop = find_row_prop(row, PR_OBJECT_TYPE);
            ok(prop && prop->Value.l == MAPI_STATUS, "got %#lx.\n", prop ? prop->Value.l : 0);
            ok(find_row_prop(row, PR_ENTRYID) != NULL, "no PR_ENTRYID.\n");
            ok(find_row_prop(row, PR_ROWID) != NULL, "no PR_ROWID.\n");
            ok(find_row_prop(row, PR_INSTANCE_KEY) != NULL, "no PR_INSTANCE_KEY.\n");
        }
        row = find_status_row(rows, MAPI_AB);
        ok(row != NULL, "no row for the address book.\n");
        ok(!find_status_row(rows, MAPI_TRANSPORT_PROVIDER), "MAPI_NO_MAIL shows a transport.\n");
        ok(!find_status_row(rows, MAPI_SPOOLER), "MAPI_NO_MAIL shows a spooler.\n");
        pFreeProws(rows);
    }

    /* After Logoff the session's rows are gone. */
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPITable_GetRowCount(table, 0, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "%lu rows are left.\n", count);
    IMAPITable_Release(table);
    IMAPISession_Release(session);
}

/* The status table's row of type, waited for up to timeout ms; a copy of
 * the row's entry ID when it has one (HeapFree it). */
static BOOL wait_status_row(IMAPISession *session, ULONG type, DWORD timeout, ULONG *cb, ENTRYID **eid)
{
    SizedSPropTagArray(2, columns) = {2, {PR_RESOURCE_TYPE, PR_ENTRYID}};
    DWORD start = GetTickCount();
    const SPropValue *prop;
    IMAPITable *table;
    const SRow *row;
    SRowSet *rows;
    BOOL found;
    HRESULT hr;

    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return FALSE;
    for (;;)
    {
        hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (hr) break;
        row = find_status_row(rows, type);
        if ((found = row != NULL) && cb && eid)
        {
            prop = find_row_prop(row, PR_ENTRYID);
            ok(prop != NULL, "the row of type %lu has no PR_ENTRYID.\n", type);
            *cb = prop ? prop->Value.bin.cb : 0;
            *eid = HeapAlloc(GetProcessHeap(), 0, *cb + 1);
            if (prop) memcpy(*eid, prop->Value.bin.lpb, *cb);
        }
        pFreeProws(rows);
        if (found || GetTickCount() - start >= timeout) break;
        Sleep(50);
    }
    IMAPITable_Release(table);
    return hr == S_OK && found;
}

/* A mail-enabled logon starts the spooler, whose row joins MAPI's; it
 * goes with the session's logoff.  MAPI_NO_MAIL has none (above). */
static void test_status_table_mail(void)
{
    IMAPISession *session;
    IMAPITable *table = NULL;
    IMAPIStatus *status;
    ENTRYID *eid;
    ULONG cb, type, count;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;
    ok(wait_status_row(session, MAPI_SUBSYSTEM, 0, NULL, NULL), "no row for the MAPI subsystem.\n");
    if (!wait_status_row(session, MAPI_SPOOLER, 5000, &cb, &eid))
    {
        ok(0, "a mail-enabled session shows no spooler row.\n");
        logoff(session);
        return;
    }

    /* The spooler's row opens its status object. */
    status = NULL;
    hr = IMAPISession_OpenEntry(session, cb, eid, NULL, 0, &type, (IUnknown **)&status);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        ok(type == MAPI_STATUS, "got type %lu.\n", type);
        IMAPIStatus_Release(status);
    }
    HeapFree(GetProcessHeap(), 0, eid);

    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (table)
    {
        hr = IMAPITable_GetRowCount(table, 0, &count);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(!count, "%lu rows are left.\n", count);
        IMAPITable_Release(table);
    }
    IMAPISession_Release(session);
}

/* The MAPI subsystem's row opens a status object of MAPI's own: read-only
 * properties of the row, ValidateState and nothing else. */
static void test_mapi_status(ULONG flags)
{
    SizedSPropTagArray(3, tags) = {3, {PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A, PR_RESOURCE_METHODS}};
    SizedSPropTagArray(1, missing) = {1, {PR_IDENTITY_DISPLAY_A}};
    IMAPISession *session;
    IMAPIStatus *status;
    SPropTagArray *list;
    SPropValue *props, value;
    IUnknown *unk;
    ENTRYID *eid;
    ULONG cb, type, count, i;
    BYTE *bytes;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION | flags);
    if (!session) return;
    if (!wait_status_row(session, MAPI_SUBSYSTEM, 0, &cb, &eid))
    {
        ok(0, "no row for the MAPI subsystem.\n");
        logoff(session);
        return;
    }

    hr = IMAPISession_OpenEntry(session, cb, eid, &IID_IMAPITable, 0, &type, &unk);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    status = NULL;
    hr = IMAPISession_OpenEntry(session, cb, eid, &IID_IMAPIStatus, 0, &type, (IUnknown **)&status);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr)
    {
        HeapFree(GetProcessHeap(), 0, eid);
        logoff(session);
        return;
    }
    ok(type == MAPI_STATUS, "got type %lu.\n", type);
    hr = IMAPIStatus_QueryInterface(status, &IID_IMAPIProp, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IUnknown_Release(unk);

    hr = IMAPIStatus_GetProps(status, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        ok(count == 3, "got %lu values.\n", count);
        ok(props[0].ulPropTag == PR_RESOURCE_TYPE && props[0].Value.l == MAPI_SUBSYSTEM, "got %#lx, %lu.\n",
                props[0].ulPropTag, props[0].Value.l);
        ok(props[1].ulPropTag == PR_DISPLAY_NAME_A && !strcmp(props[1].Value.lpszA, "MAPI Subsystem"),
                "got %#lx.\n", props[1].ulPropTag);
        /* The subsystem's status object supports ValidateState only. */
        ok(props[2].ulPropTag == PR_RESOURCE_METHODS && props[2].Value.l == STATUS_VALIDATE_STATE,
                "got %#lx, %#lx.\n", props[2].ulPropTag, props[2].Value.l);
        pMAPIFreeBuffer(props);
    }
    hr = IMAPIStatus_GetProps(status, (SPropTagArray *)&missing, 0, &count, &props);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(count == 1 && PROP_TYPE(props[0].ulPropTag) == PT_ERROR, "got %lu, %#lx.\n", count, props[0].ulPropTag);
        pMAPIFreeBuffer(props);
    }
    hr = IMAPIStatus_GetPropList(status, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        for (i = 0; i < list->cValues; i++)
            if (list->aulPropTag[i] == PR_STATUS_CODE) break;
        ok(i < list->cValues, "PR_STATUS_CODE is not listed.\n");
        pMAPIFreeBuffer(list);
    }
    value.ulPropTag = PR_DISPLAY_NAME_A;
    value.Value.lpszA = (char *)"renamed";
    hr = IMAPIStatus_SetProps(status, 1, &value, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    hr = IMAPIStatus_ValidateState(status, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPIStatus_ValidateState(status, 0, 0x2);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPIStatus_FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IMAPIStatus_SettingsDialog(status, 0, 0);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IMAPIStatus_ChangePassword(status, (char *)"a", (char *)"b", 0);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);

    /* An entry ID of the same form whose row does not exist. */
    bytes = (BYTE *)eid;
    bytes[cb - 1] ^= 0x7f;
    unk = NULL;
    hr = IMAPISession_OpenEntry(session, cb, eid, NULL, 0, &type, &unk);
    ok(hr != S_OK, "got %#lx.\n", hr);
    if (unk) IUnknown_Release(unk);
    HeapFree(GetProcessHeap(), 0, eid);

    /* The object outlives the session, which ends its use. */
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IMAPIStatus_GetProps(status, (SPropTagArray *)&tags, 0, &count, &props);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    hr = IMAPIStatus_ValidateState(status, 0, 0);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    IMAPISession_Release(session);
    IMAPIStatus_Release(status);
}

/* Address types come from logged-on transports: none without a spooler,
 * none when the profile has no transport. */
static void test_enum_adr_types(ULONG flags)
{
    IMAPISession *session;
    WCHAR **wide;
    char **types;
    ULONG count;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION | flags);
    if (!session) return;

    count = 0xdead;
    types = (char **)0xdeadbeef;
    hr = IMAPISession_EnumAdrTypes(session, 0, &count, &types);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got %lu types.\n", count);
    if (hr == S_OK)
    {
        ok(types != NULL && !types[0], "the list is not empty.\n");
        pMAPIFreeBuffer(types);
    }
    count = 0xdead;
    hr = IMAPISession_EnumAdrTypes(session, MAPI_UNICODE, &count, (char ***)&wide);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got %lu types.\n", count);
    if (hr == S_OK) pMAPIFreeBuffer(wide);
    hr = IMAPISession_EnumAdrTypes(session, 0x1, &count, &types);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISession_EnumAdrTypes(session, 0, &count, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    logoff(session);
}

static void test_profile_section(void)
{
    SizedSPropTagArray(1, tags) = {1, {PR_COMMENT_A}};
    MAPIUID uid = {{0x51, 0x07, 0xa4, 0x1e, 0x6c, 0x3d, 0x4e, 0x92, 0x8b, 0x05, 0xf1, 0x72, 0x9a, 0x3c, 0x44, 0x10}};
    IMAPISession *session;
    IProfSect *section;
    SPropValue value, *props;
    ULONG count;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;

    hr = IMAPISession_OpenProfileSection(session, &uid, NULL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    section = (IProfSect *)0xdeadbeef;
    hr = IMAPISession_OpenProfileSection(session, NULL, NULL, 0, &section);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_OpenProfileSection(session, &uid, NULL, 0x1000000, &section);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISession_OpenProfileSection(session, &uid, &IID_IMAPITable, MAPI_MODIFY, &section);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);

    /* A missing section is created only with MAPI_MODIFY. */
    section = (IProfSect *)0xdeadbeef;
    hr = IMAPISession_OpenProfileSection(session, &uid, NULL, 0, &section);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!section, "got %p.\n", section);
    hr = IMAPISession_OpenProfileSection(session, &uid, &IID_IProfSect, MAPI_MODIFY, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        value.ulPropTag = PR_COMMENT_A;
        value.Value.lpszA = (char *)"written by the session test";
        hr = IProfSect_SetProps(section, 1, &value, NULL);
        ok(hr == S_OK, "got %#lx.\n", hr);
        IProfSect_Release(section);
    }
    hr = IMAPISession_OpenProfileSection(session, &uid, NULL, MAPI_DEFERRED_ERRORS, &section);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (hr == S_OK)
        {
            ok(count == 1 && props[0].ulPropTag == PR_COMMENT_A
                    && !strcmp(props[0].Value.lpszA, "written by the session test"),
                    "got %lu, %#lx.\n", count, props[0].ulPropTag);
            pMAPIFreeBuffer(props);
        }
        IProfSect_Release(section);
    }
    logoff(session);
}

static void test_admin_services(void)
{
    IMsgServiceAdmin *services;
    IMAPISession *session;
    IMAPITable *table;
    ULONG count;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;

    hr = IMAPISession_AdminServices(session, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_AdminServices(session, 1, &services);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISession_AdminServices(session, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = IMsgServiceAdmin_GetMsgServiceTable(services, 0, &table);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (hr == S_OK)
        {
            hr = IMAPITable_GetRowCount(table, 0, &count);
            ok(hr == S_OK, "got %#lx.\n", hr);
            ok(!count, "got %lu services.\n", count);
            IMAPITable_Release(table);
        }
        IMsgServiceAdmin_Release(services);
    }
    logoff(session);
}

static void test_logoff(void)
{
    IMAPISession *session;
    IMAPITable *table;
    IProfSect *section;
    MAPIERROR *error;
    struct sink sink;
    ULONG connection, ref;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;

    hr = IMAPISession_Logoff(session, 0, 0x100, 0);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IMAPISession_Logoff(session, 0, 0, 1);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    ok(hr == S_OK, "the session was logged off: got %#lx.\n", hr);
    if (hr == S_OK) IMAPITable_Release(table);

    sink_init(&sink);
    hr = IMAPISession_Advise(session, 0, NULL, fnevExtended, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* There is no dialog; MAPI_LOGOFF_SHARED on an unshared session is a
     * plain logoff. */
    hr = IMAPISession_Logoff(session, 0, MAPI_LOGOFF_UI | MAPI_LOGOFF_SHARED, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.calls == 1, "got %lu notifications.\n", sink.calls);
    ok(sink.refcount == 1, "the sink has %lu references.\n", sink.refcount);

    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    hr = IMAPISession_OpenProfileSection(session, &test_section_uid, NULL, 0, &section);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    hr = IMAPISession_Logoff(session, 0, 0, 0);
    ok(hr == MAPI_E_END_OF_SESSION, "got %#lx.\n", hr);
    hr = IMAPISession_GetLastError(session, MAPI_E_END_OF_SESSION, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) pMAPIFreeBuffer(error);
    ref = IMAPISession_Release(session);
    ok(!ref, "got refcount %lu.\n", ref);

    /* The client's final Release logs the session off. */
    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;
    sink_init(&sink);
    hr = IMAPISession_Advise(session, 0, NULL, fnevExtended, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ref = IMAPISession_Release(session);
    ok(!ref, "got refcount %lu.\n", ref);
    ok(sink.calls == 1, "got %lu notifications.\n", sink.calls);
    ok(sink.refcount == 1, "the sink has %lu references.\n", sink.refcount);
}

static void test_advise(void)
{
    IMAPISession *session;
    struct sink sink;
    ULONG connection;
    BYTE bogus[24];
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;
    sink_init(&sink);

    hr = IMAPISession_Advise(session, 0, NULL, fnevExtended, NULL, &connection);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_Advise(session, 0, NULL, fnevExtended, &sink.IMAPIAdviseSink_iface, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* An entry ID no provider of the session knows. */
    memset(bogus, 0x5a, sizeof(bogus));
    memset(bogus, 0, 4);
    hr = IMAPISession_Advise(session, sizeof(bogus), (ENTRYID *)bogus, fnevNewMail,
            &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == MAPI_E_UNKNOWN_ENTRYID, "got %#lx.\n", hr);

    hr = IMAPISession_Advise(session, 0, NULL, fnevExtended, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.refcount > 1, "the session holds no reference on the sink.\n");
    hr = IMAPISession_Unadvise(session, connection);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(sink.refcount == 1, "the sink has %lu references.\n", sink.refcount);
    hr = IMAPISession_Unadvise(session, connection);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    logoff(session);
    ok(!sink.calls, "an unadvised sink got %lu notifications.\n", sink.calls);
}

static void test_entry_ids(void)
{
    BYTE eid1[24], eid2[24];
    IMAPISession *session;
    IUnknown *unk;
    ULONG type, result;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;

    memset(eid1, 0, sizeof(eid1));
    memset(eid1 + 4, 0x11, 16);
    memset(eid2, 0, sizeof(eid2));
    memset(eid2 + 4, 0x22, 16);

    hr = IMAPISession_OpenEntry(session, 0, NULL, NULL, 0, &type, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    unk = (IUnknown *)0xdeadbeef;
    hr = IMAPISession_OpenEntry(session, 2, (ENTRYID *)eid1, NULL, 0, &type, &unk);
    ok(hr == MAPI_E_INVALID_ENTRYID, "got %#lx.\n", hr);
    ok(!unk, "got %p.\n", unk);
    hr = IMAPISession_OpenEntry(session, sizeof(eid1), (ENTRYID *)eid1, NULL, 0, &type, &unk);
    ok(hr == MAPI_E_UNKNOWN_ENTRYID || hr == MAPI_E_INVALID_ENTRYID, "got %#lx.\n", hr);

    /* Entry IDs of different providers never name the same object. */
    result = 0xdead;
    hr = IMAPISession_CompareEntryIDs(session, sizeof(eid1), (ENTRYID *)eid1, sizeof(eid2), (ENTRYID *)eid2, 0,
            &result);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(result == FALSE, "got %lu.\n", result);
    hr = IMAPISession_CompareEntryIDs(session, sizeof(eid1), (ENTRYID *)eid1, sizeof(eid2), (ENTRYID *)eid2, 0,
            NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_CompareEntryIDs(session, sizeof(eid1), (ENTRYID *)eid1, sizeof(eid2), (ENTRYID *)eid2, 1,
            &result);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    hr = IMAPISession_OpenMsgStore(session, 0, sizeof(eid1), (ENTRYID *)eid1, NULL, MDB_NO_DIALOG,
            (IMsgStore **)&unk);
    ok(hr == MAPI_E_INVALID_ENTRYID || hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    hr = IMAPISession_OpenMsgStore(session, 0, sizeof(eid1), (ENTRYID *)eid1, NULL, 0x40000000,
            (IMsgStore **)&unk);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    logoff(session);
}

static char inf_path[MAX_PATH];
static char *saved_inf;
static DWORD saved_inf_size;

/* Two stores whose DLLs do not exist: enough for the stores table. */
static const char stores_inf[] =
    "[Services]\r\n"
    "SESSION_TEST=Session test service\r\n"
    "\r\n"
    "[SESSION_TEST]\r\n"
    "PR_DISPLAY_NAME=Session test service\r\n"
    "Providers=SESSION_TEST_MS1, SESSION_TEST_MS2\r\n"
    "\r\n"
    "[SESSION_TEST_MS1]\r\n"
    "PR_DISPLAY_NAME=Session store one\r\n"
    "PR_PROVIDER_DISPLAY=Session store provider\r\n"
    "PR_PROVIDER_DLL_NAME=SESSNONE.DLL\r\n"
    "PR_RESOURCE_TYPE=33\r\n"
    "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE\r\n"
    "\r\n"
    "[SESSION_TEST_MS2]\r\n"
    "PR_DISPLAY_NAME=Session store two\r\n"
    "PR_PROVIDER_DISPLAY=Session store provider\r\n"
    "PR_PROVIDER_DLL_NAME=SESSNONE.DLL\r\n"
    "PR_RESOURCE_TYPE=33\r\n"
    "PR_RESOURCE_FLAGS=0\r\n";

/* Our MAPISVC.INF replaces the system directory's until restore_inf. */
static BOOL install_inf(void)
{
    HANDLE file;
    DWORD size, written;
    BOOL ret;

    GetSystemDirectoryA(inf_path, sizeof(inf_path));
    lstrcatA(inf_path, "\\MAPISVC.INF");
    file = CreateFileA(inf_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file != INVALID_HANDLE_VALUE)
    {
        size = GetFileSize(file, NULL);
        saved_inf = HeapAlloc(GetProcessHeap(), 0, size + 1);
        if (saved_inf && !ReadFile(file, saved_inf, size, &saved_inf_size, NULL)) saved_inf_size = 0;
        CloseHandle(file);
    }
    file = CreateFileA(inf_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s, error %lu.\n", inf_path, GetLastError());
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = WriteFile(file, stores_inf, strlen(stores_inf), &written, NULL);
    ok(ret, "WriteFile failed, error %lu.\n", GetLastError());
    CloseHandle(file);
    return ret;
}

static void restore_inf(void)
{
    HANDLE file;
    DWORD written;

    if (!saved_inf)
    {
        ok(DeleteFileA(inf_path), "cannot delete %s, error %lu.\n", inf_path, GetLastError());
        return;
    }
    file = CreateFileA(inf_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file != INVALID_HANDLE_VALUE)
    {
        WriteFile(file, saved_inf, saved_inf_size, &written, NULL);
        CloseHandle(file);
    }
    HeapFree(GetProcessHeap(), 0, saved_inf);
    saved_inf = NULL;
}

static const SRow *find_store_row(const SRowSet *rows, const char *name)
{
    const SPropValue *prop;
    ULONG i;

    for (i = 0; i < rows->cRows; i++)
        if ((prop = pPpropFindProp(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_DISPLAY_NAME_A))
                && !strcmp(prop->Value.lpszA, name))
            return &rows->aRow[i];
    return NULL;
}

static SRowSet *query_stores(IMAPISession *session)
{
    SizedSPropTagArray(7, columns) = {7, {PR_DISPLAY_NAME_A, PR_ENTRYID, PR_DEFAULT_STORE, PR_RESOURCE_FLAGS,
            PR_RESOURCE_TYPE, PR_OBJECT_TYPE, PR_PROVIDER_DISPLAY_A}};
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IMAPITable_Release(table);
    return rows;
}

static ULONG row_long(const SRow *row, ULONG tag)
{
    const SPropValue *prop = pPpropFindProp(row->lpProps, row->cValues, tag);
    return prop ? prop->Value.l : 0xdeadbeef;
}

static BOOL row_default(const SRow *row)
{
    const SPropValue *prop = pPpropFindProp(row->lpProps, row->cValues, PR_DEFAULT_STORE);
    return prop && prop->Value.b;
}

static void test_stores_of_profile(void)
{
    SizedSPropTagArray(1, uid_tag) = {1, {PR_PROVIDER_UID}};
    IMsgServiceAdmin *services;
    IMAPISession *session;
    IMAPITable *table;
    IMsgStore *store;
    IProfSect *section;
    SRowSet *rows, *providers;
    const SRow *one, *two;
    const SPropValue *eid1, *eid2;
    ULONG result;
    HRESULT hr;

    if (!install_inf()) return;
    hr = IProfAdmin_AdminServices(admin, (char *)profile_b, NULL, 0, 0, &services);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr))
    {
        restore_inf();
        return;
    }
    hr = IMsgServiceAdmin_CreateMsgService(services, (char *)"SESSION_TEST", NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    session = logon(profile_b, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL);
    if (!session || !(rows = query_stores(session)))
    {
        logoff(session);
        IMsgServiceAdmin_Release(services);
        restore_inf();
        return;
    }
    ok(rows->cRows == 2, "got %lu stores.\n", rows->cRows);
    one = find_store_row(rows, "Session store one");
    two = find_store_row(rows, "Session store two");
    ok(one && two, "got %p, %p.\n", one, two);
    if (one && two)
    {
        ok(row_default(one), "store one is not the default.\n");
        ok(!row_default(two), "store two is the default.\n");
        ok(row_long(one, PR_RESOURCE_TYPE) == MAPI_STORE_PROVIDER, "got %#lx.\n", row_long(one, PR_RESOURCE_TYPE));
        ok(row_long(one, PR_OBJECT_TYPE) == MAPI_STORE, "got %#lx.\n", row_long(one, PR_OBJECT_TYPE));
        eid1 = pPpropFindProp(one->lpProps, one->cValues, PR_ENTRYID);
        eid2 = pPpropFindProp(two->lpProps, two->cValues, PR_ENTRYID);
        ok(eid1 && eid2, "got %p, %p.\n", eid1, eid2);
        if (eid1 && eid2)
        {
            hr = IMAPISession_CompareEntryIDs(session, eid1->Value.bin.cb, (ENTRYID *)eid1->Value.bin.lpb,
                    eid1->Value.bin.cb, (ENTRYID *)eid1->Value.bin.lpb, 0, &result);
            ok(hr == S_OK && result == TRUE, "got %#lx, %lu.\n", hr, result);
            hr = IMAPISession_CompareEntryIDs(session, eid1->Value.bin.cb, (ENTRYID *)eid1->Value.bin.lpb,
                    eid2->Value.bin.cb, (ENTRYID *)eid2->Value.bin.lpb, 0, &result);
            ok(hr == S_OK && result == FALSE, "got %#lx, %lu.\n", hr, result);

            /* The store's DLL does not exist. */
            store = (IMsgStore *)0xdeadbeef;
            hr = IMAPISession_OpenMsgStore(session, 0, eid1->Value.bin.cb, (ENTRYID *)eid1->Value.bin.lpb, NULL,
                    MDB_NO_DIALOG, &store);
            ok(FAILED(hr), "got %#lx.\n", hr);
            ok(!store, "got %p.\n", store);

            hr = IMAPISession_SetDefaultStore(session, MAPI_DEFAULT_STORE, eid2->Value.bin.cb,
                    (ENTRYID *)eid2->Value.bin.lpb);
            ok(hr == S_OK, "got %#lx.\n", hr);
            hr = IMAPISession_SetDefaultStore(session, MAPI_SIMPLE_STORE_TEMPORARY, eid1->Value.bin.cb,
                    (ENTRYID *)eid1->Value.bin.lpb);
            ok(hr == S_OK, "got %#lx.\n", hr);
        }
    }
    pFreeProws(rows);

    if ((rows = query_stores(session)))
    {
        one = find_store_row(rows, "Session store one");
        two = find_store_row(rows, "Session store two");
        ok(one && !row_default(one), "store one is still the default.\n");
        ok(two && row_default(two), "store two is not the default.\n");
        ok(two && (row_long(two, PR_RESOURCE_FLAGS) & STATUS_DEFAULT_STORE), "no STATUS_DEFAULT_STORE.\n");
        ok(one && (row_long(one, PR_RESOURCE_FLAGS) & STATUS_SIMPLE_STORE), "no STATUS_SIMPLE_STORE.\n");
        pFreeProws(rows);
    }

    /* Provider sections are the providers' own. */
    hr = IMsgServiceAdmin_GetProviderTable(services, 0, &table);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = pHrQueryAllRows(table, (SPropTagArray *)&uid_tag, NULL, NULL, 0, &providers);
        ok(hr == S_OK, "got %#lx.\n", hr);
        if (hr == S_OK && providers->cRows && providers->aRow[0].lpProps[0].ulPropTag == PR_PROVIDER_UID)
        {
            MAPIUID *uid = (MAPIUID *)providers->aRow[0].lpProps[0].Value.bin.lpb;

            hr = IMAPISession_OpenProfileSection(session, uid, NULL, 0, &section);
            ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
            hr = IMAPISession_OpenProfileSection(session, uid, NULL, MAPI_FORCE_ACCESS, &section);
            ok(hr == S_OK, "got %#lx.\n", hr);
            if (hr == S_OK) IProfSect_Release(section);
        }
        else ok(0, "no provider rows.\n");
        if (hr == S_OK) pFreeProws(providers);
        IMAPITable_Release(table);
    }
    logoff(session);

    /* The default store is in the profile; the temporary flag is gone. */
    session = logon(profile_b, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL);
    if (session && (rows = query_stores(session)))
    {
        one = find_store_row(rows, "Session store one");
        two = find_store_row(rows, "Session store two");
        ok(two && row_default(two), "store two is not the default.\n");
        ok(one && !(row_long(one, PR_RESOURCE_FLAGS) & STATUS_SIMPLE_STORE), "STATUS_SIMPLE_STORE stayed.\n");
        pFreeProws(rows);
    }
    logoff(session);
    IMsgServiceAdmin_Release(services);
    restore_inf();
}

static void test_misc_methods(void)
{
    IMAPISession *session;
    IAddrBook *book;
    IUnknown *unk;
    SPropValue *options;
    ENTRYID *eid;
    MAPIERROR *error;
    char **types;
    ULONG count, cb, token;
    HRESULT hr;

    session = logon(profile_a, MAPI_EXTENDED | MAPI_NEW_SESSION);
    if (!session) return;

    hr = IMAPISession_QueryInterface(session, &IID_IMAPISession, (void **)&unk);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IUnknown_Release(unk);
    hr = IMAPISession_QueryInterface(session, &IID_IMAPITable, (void **)&unk);
    ok(hr == E_NOINTERFACE, "got %#lx.\n", hr);

    hr = IMAPISession_GetLastError(session, E_FAIL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_GetLastError(session, E_FAIL, 0x4, &error);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    error = (MAPIERROR *)0xdeadbeef;
    hr = IMAPISession_GetLastError(session, E_FAIL, MAPI_UNICODE, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK && error) pMAPIFreeBuffer(error);

    /* No transport runs in this session: no address types, no options. */
    hr = IMAPISession_EnumAdrTypes(session, 0, &count, &types);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got %lu types.\n", count);
    if (hr == S_OK) pMAPIFreeBuffer(types);
    hr = IMAPISession_EnumAdrTypes(session, 0, NULL, &types);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IMAPISession_QueryDefaultMessageOpt(session, (char *)"SMTP", 0, &count, &options);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got %lu options.\n", count);
    hr = IMAPISession_QueryDefaultMessageOpt(session, (char *)"SMTP", 0, NULL, &options);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* No service supplies an identity. */
    eid = NULL;
    hr = IMAPISession_QueryIdentity(session, &cb, &eid);
    ok(hr == MAPI_W_NO_SERVICE, "got %#lx.\n", hr);
    ok(eid != NULL && cb >= 20, "got %p, %lu.\n", eid, cb);
    if (eid) pMAPIFreeBuffer(eid);
    hr = IMAPISession_QueryIdentity(session, NULL, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr == S_OK) IAddrBook_Release(book);
    hr = IMAPISession_OpenAddressBook(session, 0, &IID_IMAPITable, 0, &book);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    hr = IMAPISession_OpenAddressBook(session, 0, NULL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    hr = IMAPISession_PrepareForm(session, NULL, NULL, &token);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IMAPISession_ShowForm(session, 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, 0, (char *)"IPM.Note");
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);

    logoff(session);
}

START_TEST(session)
{
    HRESULT hr;

    if (!init_function_pointers()) return;

    test_not_initialized();

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = pMAPIAdminProfiles(0, &admin);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr))
    {
        pMAPIUninitialize();
        return;
    }
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_a, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_CreateProfile(admin, (char *)profile_b, NULL, 0, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);

    test_logon_errors();
    test_logon_explicit();
    test_logon_default();
    test_logon_unicode();
    test_logon_password();
    test_shared_session();
    test_logon_timeout();
    test_stores_table();
    test_status_table();
    test_status_table_mail();
    test_mapi_status(MAPI_NO_MAIL);
    test_mapi_status(0);
    test_enum_adr_types(MAPI_NO_MAIL);
    test_enum_adr_types(0);
    test_profile_section();
    test_admin_services();
    test_logoff();
    test_advise();
    test_entry_ids();
    test_misc_methods();
    test_stores_of_profile();

    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_a, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IProfAdmin_DeleteProfile(admin, (char *)profile_b, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IProfAdmin_Release(admin);
    pMAPIUninitialize();
}
