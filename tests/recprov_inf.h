/*
 * The recording fixture provider (tests/fixtures/recprov.c): its behaviour
 * modes and its MAPISVC.INF fragment, shared by the fixture and the tests.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fragment is kept here, as C text, because a test program cannot
 * find the source tree; this is its only copy.  Tests write it as the
 * system directory's MAPISVC.INF after replacing @DIR@ with the directory
 * of the test program, where recprov32.dll sits: the INF names
 * "@DIR@\RECPROV.DLL", so loading it exercises the "32" suffix rule.
 */

#ifndef __WINE_MAPI_RECPROV_INF_H
#define __WINE_MAPI_RECPROV_INF_H

/* PT_LONG 0x66000003 of a provider section: when the provider lets go of
 * its support object (bits 0-3), and what goes wrong (flags). */
#define RECPROV_RELEASE_DEFAULT     0x000   /* store: final Release; address book: Logoff */
#define RECPROV_RELEASE_LOGOFF      0x001   /* in Logoff */
#define RECPROV_RELEASE_STORELOGOFF 0x002   /* store: in StoreLogoff */
#define RECPROV_RELEASE_DESTRUCTOR  0x003   /* only when the logon object is destroyed */
#define RECPROV_RELEASE_MASK        0x00f
#define RECPROV_MODE_FAIL           0x010   /* every method, Logon too: MAPI_E_CALL_FAILED */
#define RECPROV_MODE_FAIL_AFTER     0x020   /* Logon works, every later method fails */
#define RECPROV_MODE_RAISE_LOGON    0x040
#define RECPROV_MODE_RAISE_LOGOFF   0x080
#define RECPROV_MODE_RAISE_NULL     0x100   /* raise by writing through NULL */

#define PR_RECPROV_MODE     PROP_TAG(PT_LONG, 0x6600)
#define PR_RECPROV_ENTRIES  PROP_TAG(PT_MV_STRING8, 0x6601)   /* "Name|TYPE|address" */
#define PR_RECPROV_UID      PROP_TAG(PT_BINARY, 0x6602)

#define RECPROV_EXCEPTION   0xE0524543

/* A message service with one provider: the service section, then the
 * provider section (named <service>P). */
#define RECPROV_INF_STORE(service, name, flags, mode) \
    "[" service "]\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "Providers=" service "P\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=RecServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "\r\n" \
    "[" service "P]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_RESOURCE_TYPE=33\r\n" \
    "PR_RESOURCE_FLAGS=" flags "\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "PR_PROVIDER_DISPLAY=Recording Store Provider\r\n" \
    "66000003=" mode "\r\n" \
    "\r\n"

#define RECPROV_AB_ENTRIES "Alice Archer|SMTP|alice@example.com,Bob Baker|SMTP|bob@example.com," \
    "Bobby Tables|SMTP|bobby@example.org"

#define RECPROV_INF_AB(service, name, mode) \
    "[" service "]\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "Providers=" service "P\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=RecServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "\r\n" \
    "[" service "P]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_RESOURCE_TYPE=35\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "PR_PROVIDER_DISPLAY=Recording Address Book Provider\r\n" \
    "66000003=" mode "\r\n" \
    "6601101E=" RECPROV_AB_ENTRIES "\r\n" \
    "\r\n"

/* PR_RESOURCE_FLAGS 2 is STATUS_DEFAULT_STORE; modes are decimal. */
#define RECPROV_INF_TEXT \
    "; The recording fixture provider (wine-mapi tests)\r\n" \
    "[Services]\r\n" \
    "RecStore=Recording Store\r\n" \
    "RecStore2=Second Recording Store\r\n" \
    "RecAB=Recording Address Book\r\n" \
    "RecBoth=Recording Store and Address Book\r\n" \
    "RecStoreLogoff=Recording Store, release in Logoff\r\n" \
    "RecStoreStoreLogoff=Recording Store, release in StoreLogoff\r\n" \
    "RecStoreSample=Recording Store, release in the destructor\r\n" \
    "RecStoreFail=Recording Store, failing\r\n" \
    "RecStoreFailLater=Recording Store, failing after logon\r\n" \
    "RecStoreRaiseLogon=Recording Store, raising in Logon\r\n" \
    "RecStoreRaiseLogoff=Recording Store, raising in Logoff\r\n" \
    "RecABSample=Recording Address Book, release in the destructor\r\n" \
    "RecABFail=Recording Address Book, failing\r\n" \
    "RecMissing=Missing Provider DLL\r\n" \
    "RecNoServiceDll=Missing Service DLL\r\n" \
    "\r\n" \
    RECPROV_INF_STORE("RecStore", "Recording Store", "2", "0") \
    RECPROV_INF_STORE("RecStore2", "Second Recording Store", "0", "0") \
    RECPROV_INF_AB("RecAB", "Recording Address Book", "0") \
    "[RecBoth]\r\n" \
    "PR_DISPLAY_NAME=Recording Store and Address Book\r\n" \
    "Providers=RecBothStore,RecBothAB\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=RecServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "\r\n" \
    "[RecBothStore]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_RESOURCE_TYPE=33\r\n" \
    "PR_RESOURCE_FLAGS=2\r\n" \
    "PR_DISPLAY_NAME=Recording Store of Both\r\n" \
    "PR_PROVIDER_DISPLAY=Recording Store Provider\r\n" \
    "\r\n" \
    "[RecBothAB]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_RESOURCE_TYPE=35\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "PR_DISPLAY_NAME=Recording Directory of Both\r\n" \
    "PR_PROVIDER_DISPLAY=Recording Address Book Provider\r\n" \
    "6601101E=" RECPROV_AB_ENTRIES "\r\n" \
    "\r\n" \
    RECPROV_INF_STORE("RecStoreLogoff", "Recording Store, release in Logoff", "2", "1") \
    RECPROV_INF_STORE("RecStoreStoreLogoff", "Recording Store, release in StoreLogoff", "2", "2") \
    RECPROV_INF_STORE("RecStoreSample", "Recording Store, release in the destructor", "2", "3") \
    RECPROV_INF_STORE("RecStoreFail", "Recording Store, failing", "2", "16") \
    RECPROV_INF_STORE("RecStoreFailLater", "Recording Store, failing after logon", "2", "32") \
    RECPROV_INF_STORE("RecStoreRaiseLogon", "Recording Store, raising in Logon", "2", "64") \
    RECPROV_INF_STORE("RecStoreRaiseLogoff", "Recording Store, raising in Logoff", "2", "384") \
    RECPROV_INF_AB("RecABSample", "Recording Address Book, release in the destructor", "3") \
    RECPROV_INF_AB("RecABFail", "Recording Address Book, failing", "16") \
    "[RecMissing]\r\n" \
    "PR_DISPLAY_NAME=Missing Provider DLL\r\n" \
    "Providers=RecMissingP\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=RecServiceEntry\r\n" \
    "\r\n" \
    "[RecMissingP]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\NOSUCHPROV.DLL\r\n" \
    "PR_RESOURCE_TYPE=33\r\n" \
    "PR_RESOURCE_FLAGS=2\r\n" \
    "PR_DISPLAY_NAME=Missing Provider DLL\r\n" \
    "\r\n" \
    "[RecNoServiceDll]\r\n" \
    "PR_DISPLAY_NAME=Missing Service DLL\r\n" \
    "Providers=RecNoServiceDllP\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\NOSUCHSVC.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=RecServiceEntry\r\n" \
    "\r\n" \
    "[RecNoServiceDllP]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\RECPROV.DLL\r\n" \
    "PR_RESOURCE_TYPE=33\r\n" \
    "PR_DISPLAY_NAME=Missing Service DLL\r\n"

#endif /* __WINE_MAPI_RECPROV_INF_H */
