/*
 * Exports called with NULL and zero arguments must fail
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every function here needs at least one pointer to write its result to or
 * an object to work on, so a call with nothing but NULL and zero arguments
 * has to fail, whether the function is finished or not yet written.  This
 * guards against an export that answers success without doing its job.
 */

#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"

typedef ULONG_PTR (WINAPI *func0)(void);
typedef ULONG_PTR (WINAPI *func1)(ULONG_PTR);
typedef ULONG_PTR (WINAPI *func2)(ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func3)(ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func4)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func5)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func6)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func7)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func8)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                  ULONG_PTR);
typedef ULONG_PTR (WINAPI *func9)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                  ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func10)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                   ULONG_PTR, ULONG_PTR, ULONG_PTR);
typedef ULONG_PTR (WINAPI *func11)(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                   ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR);

static const struct
{
    const char *name;
    unsigned int args;
    BOOL hresult;   /* an HRESULT/SCODE; otherwise a Simple MAPI or CMC code, 0 for success */
}
exports[] =
{
    { "MAPILogonEx", 5, TRUE },
    { "MAPIAdminProfiles", 2, TRUE },
    { "LaunchWizard", 5, TRUE },
    { "WrapStoreEntryID", 6, TRUE },
    { "HrComposeEID", 7, TRUE },
    { "HrDecomposeEID", 7, TRUE },
    { "HrComposeMsgID", 6, TRUE },
    { "HrDecomposeMsgID", 6, TRUE },
    { "HrValidateIPMSubtree", 5, TRUE },
    { "HrGetOmiProvidersFlags", 2, TRUE },
    { "HrSetOmiProvidersFlagsInvalid", 1, TRUE },
    { "CreateTable", 9, TRUE },
    { "HrQueryAllRows", 6, TRUE },
    { "HrAddColumns", 4, TRUE },
    { "BuildDisplayTable", 10, TRUE },
    { "HrAllocAdviseSink", 3, TRUE },
    { "HrThisThreadAdviseSink", 2, TRUE },
    { "OpenStreamOnFile", 6, TRUE },
    { "WrapCompressedRTFStream", 3, TRUE },
    { "RTFSync", 3, TRUE },
    { "HrIStorageFromStream", 4, TRUE },
    { "WrapProgress", 5, TRUE },
    { "OpenIMsgSession", 3, TRUE },
    { "OpenIMsgOnIStg", 11, TRUE },
    { "SetAttribIMsgOnIStg", 4, TRUE },
    { "GetAttribIMsgOnIStg", 3, TRUE },
    { "OpenTnefStream", 7, TRUE },
    { "OpenTnefStreamEx", 8, TRUE },
    { "GetTnefStreamCodepage", 3, TRUE },
    { "MAPIOpenFormMgr", 2, TRUE },
    { "MAPIOpenLocalFormContainer", 1, TRUE },
    { "MAPILogon", 6, FALSE },
    { "MAPILogoff", 4, FALSE },
    { "MAPISendMail", 5, FALSE },
    { "MAPISendMailW", 5, FALSE },
    { "MAPISendDocuments", 5, FALSE },
    { "MAPISaveMail", 6, FALSE },
    { "MAPIReadMail", 6, FALSE },
    { "MAPIFindNext", 7, FALSE },
    { "MAPIDeleteMail", 5, FALSE },
    { "MAPIAddress", 11, FALSE },
    { "MAPIDetails", 5, FALSE },
    { "MAPIResolveName", 6, FALSE },
    { "ScMAPIXFromSMAPI", 4, TRUE },
    { "BMAPISendMail", 7, FALSE },
    { "BMAPISaveMail", 8, FALSE },
    { "BMAPIReadMail", 8, FALSE },
    { "BMAPIGetReadMail", 5, FALSE },
    { "BMAPIFindNext", 7, FALSE },
    { "BMAPIAddress", 10, FALSE },
    { "BMAPIGetAddress", 3, FALSE },
    { "BMAPIDetails", 5, FALSE },
    { "BMAPIResolveName", 6, FALSE },
    { "cmc_act_on", 6, FALSE },
    { "cmc_list", 8, FALSE },
    { "cmc_logoff", 4, FALSE },
    { "cmc_logon", 9, FALSE },
    { "cmc_look_up", 7, FALSE },
    { "cmc_query_configuration", 4, FALSE },
    { "cmc_read", 6, FALSE },
    { "cmc_send", 5, FALSE },
    { "cmc_send_documents", 8, FALSE },
    { "ScMAPIXFromCMC", 4, TRUE },
    { "__ValidateParameters", 2, TRUE },
    { "__CPPValidateParameters", 2, TRUE },
    { "HrValidateParameters", 2, TRUE },
    { "UNKOBJ_ScAllocate", 3, TRUE },
    { "UNKOBJ_ScAllocateMore", 4, TRUE },
    { "UNKOBJ_ScCOAllocate", 3, TRUE },
    { "UNKOBJ_ScCOReallocate", 3, TRUE },
    { "UNKOBJ_ScSzFromIdsAlloc", 5, TRUE },
    { "ScUNCFromLocalPath", 3, TRUE },
    { "ScLocalPathFromUNC", 3, TRUE },
};

static ULONG_PTR call_with_zeros(void *func, unsigned int args)
{
    switch (args)
    {
    case 0: return ((func0)func)();
    case 1: return ((func1)func)(0);
    case 2: return ((func2)func)(0, 0);
    case 3: return ((func3)func)(0, 0, 0);
    case 4: return ((func4)func)(0, 0, 0, 0);
    case 5: return ((func5)func)(0, 0, 0, 0, 0);
    case 6: return ((func6)func)(0, 0, 0, 0, 0, 0);
    case 7: return ((func7)func)(0, 0, 0, 0, 0, 0, 0);
    case 8: return ((func8)func)(0, 0, 0, 0, 0, 0, 0, 0);
    case 9: return ((func9)func)(0, 0, 0, 0, 0, 0, 0, 0, 0);
    case 10: return ((func10)func)(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    case 11: return ((func11)func)(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return 0;
}

static void test_null_arguments(HMODULE mapi32)
{
    unsigned int i;
    ULONG_PTR ret;
    void *func;

    for (i = 0; i < ARRAY_SIZE(exports); i++)
    {
        winetest_push_context("%s", exports[i].name);
        func = GetProcAddress(mapi32, exports[i].name);
        ok(func != NULL, "not exported.\n");
        if (func)
        {
            ret = call_with_zeros(func, exports[i].args);
            if (exports[i].hresult)
                ok(FAILED((HRESULT)ret), "got %#lx.\n", (HRESULT)ret);
            else
                ok((ULONG)ret != 0, "got %lu.\n", (ULONG)ret);
        }
        winetest_pop_context();
    }
}

START_TEST(nullargs)
{
    HMODULE mapi32 = LoadLibraryA("mapi32.dll");

    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return;
    test_null_arguments(mapi32);
}
