/*
 * Integration tests: IMsgServiceAdmin calling a message service's entry
 * point, watched through the recording fixture provider's call log.
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
#include "mapispi.h"
#include "mapiadmin.h"

#include "recprov_test.h"

static IProfAdmin *profiles;

static IMsgServiceAdmin *svc_begin(void)
{
    static const char *const none[] = {NULL};
    IMsgServiceAdmin *admin = NULL;
    HRESULT hr;

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (hr || !recprov_create_profile(none)) return NULL;
    hr = pMAPIAdminProfiles(0, &profiles);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (hr) return NULL;
    hr = IProfAdmin_AdminServices(profiles, (char *)RECPROV_PROFILE, NULL, 0, 0, &admin);
    ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    recprov_log_start();
    return admin;
}

static void svc_end(IMsgServiceAdmin *admin)
{
    if (admin) IMsgServiceAdmin_Release(admin);
    if (profiles) IProfAdmin_Release(profiles);
    profiles = NULL;
    recprov_delete_profile();
    pMAPIUninitialize();
    ok(!recprov_loaded(), "recprov32.dll is still loaded.\n");
}

/* The PR_SERVICE_UID of the service called name, or FALSE. */
static BOOL service_uid(IMsgServiceAdmin *admin, const char *name, MAPIUID *uid)
{
    SizedSPropTagArray(2, columns) = {2, {PR_SERVICE_NAME_A, PR_SERVICE_UID}};
    IMAPITable *table;
    SRowSet *rows = NULL;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMsgServiceAdmin_GetMsgServiceTable(admin, 0, &table);
    ok(hr == S_OK, "GetMsgServiceTable got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    if (!hr) hr = IMAPITable_QueryRows(table, 100, 0, &rows);
    ok(hr == S_OK, "reading the service table got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows && !found; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;
        if (props[0].ulPropTag != PR_SERVICE_NAME_A || strcmp(props[0].Value.lpszA, name)) continue;
        if (props[1].ulPropTag != PR_SERVICE_UID || props[1].Value.bin.cb != sizeof(*uid)) continue;
        memcpy(uid, props[1].Value.bin.lpb, sizeof(*uid));
        found = TRUE;
    }
    if (rows) pFreeProws(rows);
    IMAPITable_Release(table);
    return found;
}

/* The mode property of the service's first provider section. */
static BOOL provider_mode(IMsgServiceAdmin *admin, const MAPIUID *service, LONG *mode)
{
    SizedSPropTagArray(1, columns) = {1, {PR_PROVIDER_UID}};
    SizedSPropTagArray(1, tags) = {1, {PR_RECPROV_MODE}};
    IProviderAdmin *providers;
    IProfSect *section;
    IMAPITable *table;
    SRowSet *rows = NULL;
    SPropValue *props;
    BOOL found = FALSE;
    ULONG count;
    HRESULT hr;

    hr = IMsgServiceAdmin_AdminProviders(admin, (MAPIUID *)service, 0, &providers);
    ok(hr == S_OK, "AdminProviders got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = IProviderAdmin_GetProviderTable(providers, 0, &table);
    ok(hr == S_OK, "GetProviderTable got %#lx.\n", hr);
    if (!hr)
    {
        hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
        if (!hr) hr = IMAPITable_QueryRows(table, 1, 0, &rows);
        ok(hr == S_OK && rows->cRows == 1, "reading the provider table got %#lx.\n", hr);
        IMAPITable_Release(table);
    }
    if (!hr && rows->cRows == 1 && rows->aRow[0].lpProps[0].ulPropTag == PR_PROVIDER_UID)
    {
        hr = IProviderAdmin_OpenProfileSection(providers, (MAPIUID *)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL,
                0, &section);
        ok(hr == S_OK, "OpenProfileSection got %#lx.\n", hr);
        if (!hr)
        {
            hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
            ok(hr == S_OK, "GetProps got %#lx.\n", hr);
            if (!hr)
            {
                found = props[0].ulPropTag == PR_RECPROV_MODE;
                *mode = props[0].Value.l;
                pMAPIFreeBuffer(props);
            }
            IProfSect_Release(section);
        }
    }
    if (rows) pFreeProws(rows);
    IProviderAdmin_Release(providers);
    return found;
}

/* Create, configure and delete: the entry point sees each context. */
static void test_service_contexts(void)
{
    IMsgServiceAdmin *admin = svc_begin();
    SPropValue value;
    MAPIUID uid;
    LONG mode = -1;
    HRESULT hr;

    if (!admin) goto done;
    hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)"RecStore", NULL, 0, 0);
    ok(hr == S_OK, "CreateMsgService got %#lx.\n", hr);
    check_log("service", "service context=2 flags=0x0 values=0\n");
    recprov_drop_supports();
    ok(service_uid(admin, "RecStore", &uid), "the service is not in the table.\n");
    ok(provider_mode(admin, &uid, &mode) && mode == 0, "the INF's mode did not reach the profile: %ld.\n", mode);

    value.ulPropTag = PR_RECPROV_MODE;
    value.Value.l = 5;
    hr = IMsgServiceAdmin_ConfigureMsgService(admin, &uid, 0, 0, 1, &value);
    ok(hr == S_OK, "ConfigureMsgService got %#lx.\n", hr);
    check_log("service", "service context=3 flags=0x0 values=1\n");
    recprov_drop_supports();
    ok(provider_mode(admin, &uid, &mode) && mode == 5, "the service's configuration was not kept: %ld.\n", mode);

    hr = IMsgServiceAdmin_DeleteMsgService(admin, &uid);
    ok(hr == S_OK, "DeleteMsgService got %#lx.\n", hr);
    check_log("service", "service context=4 flags=0x0 values=0\n");
    recprov_drop_supports();
    ok(!service_uid(admin, "RecStore", &uid), "the service is still in the table.\n");
done:
    svc_end(admin);
}

/* Services that cannot be made: nothing is left in the profile. */
static void test_service_failures(void)
{
    static const struct
    {
        const char *service, *behaviour;
        HRESULT hr;
        BOOL called;
    }
    tests[] =
    {
        {"NoSuchService", NULL, MAPI_E_NOT_FOUND, FALSE},
        {"RecNoServiceDll", NULL, MAPI_E_NOT_FOUND, FALSE},
        {"RecStore", "fail", MAPI_E_CALL_FAILED, TRUE},
        {"RecStore", "raise", MAPI_E_CALL_FAILED, TRUE},
    };
    IMsgServiceAdmin *admin = svc_begin();
    MAPIUID uid;
    HRESULT hr;
    ULONG i;

    for (i = 0; admin && i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("%s %s", tests[i].service, tests[i].behaviour ? tests[i].behaviour : "");
        SetEnvironmentVariableA("RECPROV_SERVICE", tests[i].behaviour);
        hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)tests[i].service, NULL, 0, 0);
        SetEnvironmentVariableA("RECPROV_SERVICE", NULL);
        /* Windows names no error for a service DLL that is not there; ours is MAPI_E_NOT_FOUND. */
        ok(hr == tests[i].hr, "CreateMsgService got %#lx.\n", hr);
        ok(recprov_log_has("service context=2 *") == tests[i].called, "the entry point was%s called.\n",
                tests[i].called ? " not" : "");
        recprov_log_skip();
        recprov_drop_supports();
        ok(!service_uid(admin, tests[i].service, &uid), "the service was left in the profile.\n");
        winetest_pop_context();
    }
    svc_end(admin);
}

START_TEST(svcentry)
{
    static const struct recprov_scenario scenarios[] =
    {
        {"contexts", test_service_contexts},
        {"failures", test_service_failures},
        {NULL}
    };

    recprov_run_scenarios("svcentry", scenarios);
}
