/*
 * Tests for the MAPI service-provider interface declarations (mapispi.h):
 * vtable layouts, constants and argument passing through the C macros.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>

#define CONST_VTABLE
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "mapix.h"
#include "mapispi.h"

/* A method's place in a vtable, and the place the reference gives it. */
struct slot
{
    const char *name;
    size_t offset;
};

#define SLOT(vtbl, method) { #method, offsetof(vtbl, method) }

#define IUNKNOWN_SLOTS(vtbl) SLOT(vtbl, QueryInterface), SLOT(vtbl, AddRef), SLOT(vtbl, Release)

/* Number of methods after IUnknown, as documented. */
#define IMAPISUPPORT_METHODS 41
#define IXPPROVIDER_METHODS  2
#define IXPLOGON_METHODS     12
#define IMSPROVIDER_METHODS  4
#define IMSLOGON_METHODS     7
#define IABPROVIDER_METHODS  2
#define IABLOGON_METHODS     10
#define IMAPISTATUS_METHODS  (11 + 4)

C_ASSERT(sizeof(IMAPISupportVtbl) == (3 + IMAPISUPPORT_METHODS) * sizeof(void *));
C_ASSERT(sizeof(IXPProviderVtbl) == (3 + IXPPROVIDER_METHODS) * sizeof(void *));
C_ASSERT(sizeof(IXPLogonVtbl) == (3 + IXPLOGON_METHODS) * sizeof(void *));
C_ASSERT(sizeof(IMSProviderVtbl) == (3 + IMSPROVIDER_METHODS) * sizeof(void *));
C_ASSERT(sizeof(IMSLogonVtbl) == (3 + IMSLOGON_METHODS) * sizeof(void *));
C_ASSERT(sizeof(IABProviderVtbl) == (3 + IABPROVIDER_METHODS) * sizeof(void *));
C_ASSERT(sizeof(IABLogonVtbl) == (3 + IABLOGON_METHODS) * sizeof(void *));
C_ASSERT(sizeof(IMAPIStatusVtbl) == (3 + IMAPISTATUS_METHODS) * sizeof(void *));

static void check_slots(const char *iface, const struct slot *slots, unsigned int count,
                        size_t vtbl_size, unsigned int documented_methods)
{
    unsigned int i;

    ok(count == 3 + documented_methods, "%s: the test lists %u slots, expected %u.\n",
       iface, count, 3 + documented_methods);
    ok(vtbl_size / sizeof(void *) == 3 + documented_methods, "%s: got %u slots, expected %u.\n",
       iface, (unsigned int)(vtbl_size / sizeof(void *)), 3 + documented_methods);
    for (i = 0; i < count; i++)
        ok(slots[i].offset == i * sizeof(void *), "%s::%s: got slot %u, expected %u.\n",
           iface, slots[i].name, (unsigned int)(slots[i].offset / sizeof(void *)), i);
}

static void test_imapisupport_layout(void)
{
    /* Order of MAPI's support object, including UpdatePAB and Preprocess,
     * which the reference's method table leaves out. */
    static const struct slot slots[] =
    {
        IUNKNOWN_SLOTS(IMAPISupportVtbl),
        SLOT(IMAPISupportVtbl, GetLastError),
        SLOT(IMAPISupportVtbl, GetMemAllocRoutines),
        SLOT(IMAPISupportVtbl, Subscribe),
        SLOT(IMAPISupportVtbl, Unsubscribe),
        SLOT(IMAPISupportVtbl, Notify),
        SLOT(IMAPISupportVtbl, ModifyStatusRow),
        SLOT(IMAPISupportVtbl, OpenProfileSection),
        SLOT(IMAPISupportVtbl, RegisterPreprocessor),
        SLOT(IMAPISupportVtbl, NewUID),
        SLOT(IMAPISupportVtbl, MakeInvalid),
        SLOT(IMAPISupportVtbl, SpoolerYield),
        SLOT(IMAPISupportVtbl, SpoolerNotify),
        SLOT(IMAPISupportVtbl, CreateOneOff),
        SLOT(IMAPISupportVtbl, SetProviderUID),
        SLOT(IMAPISupportVtbl, CompareEntryIDs),
        SLOT(IMAPISupportVtbl, OpenTemplateID),
        SLOT(IMAPISupportVtbl, OpenEntry),
        SLOT(IMAPISupportVtbl, GetOneOffTable),
        SLOT(IMAPISupportVtbl, Address),
        SLOT(IMAPISupportVtbl, Details),
        SLOT(IMAPISupportVtbl, NewEntry),
        SLOT(IMAPISupportVtbl, DoConfigPropsheet),
        SLOT(IMAPISupportVtbl, CopyMessages),
        SLOT(IMAPISupportVtbl, CopyFolder),
        SLOT(IMAPISupportVtbl, DoCopyTo),
        SLOT(IMAPISupportVtbl, DoCopyProps),
        SLOT(IMAPISupportVtbl, DoProgressDialog),
        SLOT(IMAPISupportVtbl, ReadReceipt),
        SLOT(IMAPISupportVtbl, PrepareSubmit),
        SLOT(IMAPISupportVtbl, ExpandRecips),
        SLOT(IMAPISupportVtbl, UpdatePAB),
        SLOT(IMAPISupportVtbl, DoSentMail),
        SLOT(IMAPISupportVtbl, OpenAddressBook),
        SLOT(IMAPISupportVtbl, Preprocess),
        SLOT(IMAPISupportVtbl, CompleteMsg),
        SLOT(IMAPISupportVtbl, StoreLogoffTransports),
        SLOT(IMAPISupportVtbl, StatusRecips),
        SLOT(IMAPISupportVtbl, WrapStoreEntryID),
        SLOT(IMAPISupportVtbl, ModifyProfile),
        SLOT(IMAPISupportVtbl, IStorageFromStream),
        SLOT(IMAPISupportVtbl, GetSvcConfigSupportObj),
    };

    check_slots("IMAPISupport", slots, ARRAY_SIZE(slots), sizeof(IMAPISupportVtbl),
                IMAPISUPPORT_METHODS);
}

static void test_transport_layouts(void)
{
    static const struct slot provider_slots[] =
    {
        IUNKNOWN_SLOTS(IXPProviderVtbl),
        SLOT(IXPProviderVtbl, Shutdown),
        SLOT(IXPProviderVtbl, TransportLogon),
    };
    static const struct slot logon_slots[] =
    {
        IUNKNOWN_SLOTS(IXPLogonVtbl),
        SLOT(IXPLogonVtbl, AddressTypes),
        SLOT(IXPLogonVtbl, RegisterOptions),
        SLOT(IXPLogonVtbl, TransportNotify),
        SLOT(IXPLogonVtbl, Idle),
        SLOT(IXPLogonVtbl, TransportLogoff),
        SLOT(IXPLogonVtbl, SubmitMessage),
        SLOT(IXPLogonVtbl, EndMessage),
        SLOT(IXPLogonVtbl, Poll),
        SLOT(IXPLogonVtbl, StartMessage),
        SLOT(IXPLogonVtbl, OpenStatusEntry),
        SLOT(IXPLogonVtbl, ValidateState),
        SLOT(IXPLogonVtbl, FlushQueues),
    };

    check_slots("IXPProvider", provider_slots, ARRAY_SIZE(provider_slots), sizeof(IXPProviderVtbl),
                IXPPROVIDER_METHODS);
    check_slots("IXPLogon", logon_slots, ARRAY_SIZE(logon_slots), sizeof(IXPLogonVtbl),
                IXPLOGON_METHODS);
}

static void test_store_layouts(void)
{
    static const struct slot provider_slots[] =
    {
        IUNKNOWN_SLOTS(IMSProviderVtbl),
        SLOT(IMSProviderVtbl, Shutdown),
        SLOT(IMSProviderVtbl, Logon),
        SLOT(IMSProviderVtbl, SpoolerLogon),
        SLOT(IMSProviderVtbl, CompareStoreIDs),
    };
    static const struct slot logon_slots[] =
    {
        IUNKNOWN_SLOTS(IMSLogonVtbl),
        SLOT(IMSLogonVtbl, GetLastError),
        SLOT(IMSLogonVtbl, Logoff),
        SLOT(IMSLogonVtbl, OpenEntry),
        SLOT(IMSLogonVtbl, CompareEntryIDs),
        SLOT(IMSLogonVtbl, Advise),
        SLOT(IMSLogonVtbl, Unadvise),
        SLOT(IMSLogonVtbl, OpenStatusEntry),
    };

    check_slots("IMSProvider", provider_slots, ARRAY_SIZE(provider_slots), sizeof(IMSProviderVtbl),
                IMSPROVIDER_METHODS);
    check_slots("IMSLogon", logon_slots, ARRAY_SIZE(logon_slots), sizeof(IMSLogonVtbl),
                IMSLOGON_METHODS);
}

static void test_addrbook_layouts(void)
{
    static const struct slot provider_slots[] =
    {
        IUNKNOWN_SLOTS(IABProviderVtbl),
        SLOT(IABProviderVtbl, Shutdown),
        SLOT(IABProviderVtbl, Logon),
    };
    static const struct slot logon_slots[] =
    {
        IUNKNOWN_SLOTS(IABLogonVtbl),
        SLOT(IABLogonVtbl, GetLastError),
        SLOT(IABLogonVtbl, Logoff),
        SLOT(IABLogonVtbl, OpenEntry),
        SLOT(IABLogonVtbl, CompareEntryIDs),
        SLOT(IABLogonVtbl, Advise),
        SLOT(IABLogonVtbl, Unadvise),
        SLOT(IABLogonVtbl, OpenStatusEntry),
        SLOT(IABLogonVtbl, OpenTemplateID),
        SLOT(IABLogonVtbl, GetOneOffTable),
        SLOT(IABLogonVtbl, PrepareRecips),
    };

    check_slots("IABProvider", provider_slots, ARRAY_SIZE(provider_slots), sizeof(IABProviderVtbl),
                IABPROVIDER_METHODS);
    check_slots("IABLogon", logon_slots, ARRAY_SIZE(logon_slots), sizeof(IABLogonVtbl),
                IABLOGON_METHODS);
}

static void test_imapistatus_layout(void)
{
    static const struct slot slots[] =
    {
        IUNKNOWN_SLOTS(IMAPIStatusVtbl),
        SLOT(IMAPIStatusVtbl, GetLastError),
        SLOT(IMAPIStatusVtbl, SaveChanges),
        SLOT(IMAPIStatusVtbl, GetProps),
        SLOT(IMAPIStatusVtbl, GetPropList),
        SLOT(IMAPIStatusVtbl, OpenProperty),
        SLOT(IMAPIStatusVtbl, SetProps),
        SLOT(IMAPIStatusVtbl, DeleteProps),
        SLOT(IMAPIStatusVtbl, CopyTo),
        SLOT(IMAPIStatusVtbl, CopyProps),
        SLOT(IMAPIStatusVtbl, GetNamesFromIDs),
        SLOT(IMAPIStatusVtbl, GetIDsFromNames),
        SLOT(IMAPIStatusVtbl, ValidateState),
        SLOT(IMAPIStatusVtbl, SettingsDialog),
        SLOT(IMAPIStatusVtbl, ChangePassword),
        SLOT(IMAPIStatusVtbl, FlushQueues),
    };

    check_slots("IMAPIStatus", slots, ARRAY_SIZE(slots), sizeof(IMAPIStatusVtbl),
                IMAPISTATUS_METHODS);

    /* A status object is an IMAPIProp: the inherited part must line up. */
    ok(offsetof(IMAPIStatusVtbl, GetIDsFromNames) == offsetof(IMAPIPropVtbl, GetIDsFromNames),
       "got %u, expected %u.\n", (unsigned int)offsetof(IMAPIStatusVtbl, GetIDsFromNames),
       (unsigned int)offsetof(IMAPIPropVtbl, GetIDsFromNames));
    ok(offsetof(IMAPIStatusVtbl, ValidateState) == sizeof(IMAPIPropVtbl),
       "got %u, expected %u.\n", (unsigned int)offsetof(IMAPIStatusVtbl, ValidateState),
       (unsigned int)sizeof(IMAPIPropVtbl));
}

struct constant
{
    const char *name;
    ULONG value;
    ULONG expected;
};

#define CONSTANT(name, expected) { #name, (ULONG)(name), expected }

static void test_constants(void)
{
    static const struct constant constants[] =
    {
        /* provider versions */
        CONSTANT(CURRENT_SPI_VERSION, 0x00010010),
        CONSTANT(PDK1_SPI_VERSION, 0x00010000),
        CONSTANT(PDK2_SPI_VERSION, 0x00010008),
        CONSTANT(PDK3_SPI_VERSION, 0x00010010),
        CONSTANT(MAPI_NT_SERVICE, 0x00010000),
        CONSTANT(MAPI_BG_SESSION, 0x00200000),
        CONSTANT(MAPI_DEFAULT_SERVICES, 0x00000001),
        CONSTANT(DEINIT_NORMAL, 0x00000001),
        CONSTANT(DEINIT_HURRY, 0x80000000),

        /* error codes */
        CONSTANT(MAPI_E_NO_SUPPORT, 0x80040102),
        CONSTANT(MAPI_E_INVALID_OBJECT, 0x80040108),
        CONSTANT(MAPI_E_BUSY, 0x8004010b),
        CONSTANT(MAPI_E_VERSION, 0x80040110),
        CONSTANT(MAPI_E_LOGON_FAILED, 0x80040111),
        CONSTANT(MAPI_E_USER_CANCEL, 0x80040113),
        CONSTANT(MAPI_E_NETWORK_ERROR, 0x80040115),
        CONSTANT(MAPI_E_UNCONFIGURED, 0x8004011c),
        CONSTANT(MAPI_E_FAILONEPROVIDER, 0x8004011d),
        CONSTANT(MAPI_E_TIMEOUT, 0x80040401),
        CONSTANT(MAPI_E_WAIT, 0x80040500),
        CONSTANT(MAPI_E_CANCEL, 0x80040501),
        CONSTANT(MAPI_E_NOT_ME, 0x80040502),
        CONSTANT(MAPI_W_ERRORS_RETURNED, 0x00040380),
        CONSTANT(MAPI_W_CANCEL_MESSAGE, 0x00040580),

        /* IXPProvider::TransportLogon */
        CONSTANT(LOGON_NO_DIALOG, 0x00000001),
        CONSTANT(LOGON_NO_CONNECT, 0x00000004),
        CONSTANT(LOGON_NO_INBOUND, 0x00000008),
        CONSTANT(LOGON_NO_OUTBOUND, 0x00000010),
        CONSTANT(LOGON_SP_IDLE, 0x00010000),
        CONSTANT(LOGON_SP_POLL, 0x00020000),
        CONSTANT(LOGON_SP_RESOLVE, 0x00040000),

        /* IXPLogon */
        CONSTANT(OPTION_TYPE_RECIPIENT, 0x00000001),
        CONSTANT(OPTION_TYPE_MESSAGE, 0x00000002),
        CONSTANT(NOTIFY_BEGIN_INBOUND, 0x00000001),
        CONSTANT(NOTIFY_BEGIN_OUTBOUND, 0x00000002),
        CONSTANT(NOTIFY_BEGIN_INBOUND_FLUSH, 0x00000004),
        CONSTANT(NOTIFY_BEGIN_OUTBOUND_FLUSH, 0x00000008),
        CONSTANT(NOTIFY_END_INBOUND, 0x00010000),
        CONSTANT(NOTIFY_END_OUTBOUND, 0x00020000),
        CONSTANT(NOTIFY_END_INBOUND_FLUSH, 0x00040000),
        CONSTANT(NOTIFY_END_OUTBOUND_FLUSH, 0x00080000),
        CONSTANT(NOTIFY_ABORT_DEFERRED, 0x40000000),
        CONSTANT(NOTIFY_CANCEL_MESSAGE, 0x80000000),
        CONSTANT(LOGOFF_NORMAL, 0x00000001),
        CONSTANT(LOGOFF_HURRY, 0x80000000),
        CONSTANT(BEGIN_DEFERRED, 0x00000001),
        CONSTANT(END_RESEND_NOW, 0x00010000),
        CONSTANT(END_RESEND_LATER, 0x00020000),
        CONSTANT(END_DONT_RESEND, 0x00040000),
        CONSTANT(SUPPRESS_UI, 0x00000001),
        CONSTANT(REFRESH_XP_HEADER_CACHE, 0x00010000),
        CONSTANT(PROCESS_XP_HEADER_CACHE, 0x00020000),
        CONSTANT(FORCE_XP_CONNECT, 0x00040000),
        CONSTANT(FORCE_XP_DISCONNECT, 0x00080000),
        CONSTANT(CONFIG_CHANGED, 0x00100000),
        CONSTANT(ABORT_XP_HEADER_OPERATION, 0x00200000),
        CONSTANT(SHOW_XP_SESSION_UI, 0x00400000),
        CONSTANT(FLUSH_UPLOAD, 0x00000002),
        CONSTANT(FLUSH_DOWNLOAD, 0x00000004),
        CONSTANT(FLUSH_FORCE, 0x00000008),
        CONSTANT(FLUSH_NO_UI, 0x00000010),
        CONSTANT(FLUSH_ASYNC_OK, 0x00000020),

        /* stores */
        CONSTANT(MDB_NO_DIALOG, 0x00000001),
        CONSTANT(MDB_WRITE, 0x00000004),
        CONSTANT(MAPI_DEFERRED_ERRORS, 0x00000008),
        CONSTANT(MDB_TEMPORARY, 0x00000020),
        CONSTANT(MDB_NO_MAIL, 0x00000080),
        CONSTANT(LOGOFF_NO_WAIT, 0x00000001),
        CONSTANT(LOGOFF_ORDERLY, 0x00000002),
        CONSTANT(LOGOFF_PURGE, 0x00000004),
        CONSTANT(LOGOFF_ABORT, 0x00000008),
        CONSTANT(LOGOFF_QUIET, 0x00000010),
        CONSTANT(LOGOFF_COMPLETE, 0x00010000),
        CONSTANT(LOGOFF_INBOUND, 0x00020000),
        CONSTANT(LOGOFF_OUTBOUND, 0x00040000),
        CONSTANT(LOGOFF_OUTBOUND_QUEUE, 0x00080000),
        CONSTANT(MSG_LOCKED, 0x00000001),
        CONSTANT(MSG_UNLOCKED, 0x00000000),
        CONSTANT(SUBMITFLAG_LOCKED, 0x00000001),
        CONSTANT(SUBMITFLAG_PREPROCESS, 0x00000002),
        CONSTANT(FOLDER_IPM_SUBTREE_VALID, 0x00000001),
        CONSTANT(FOLDER_IPM_INBOX_VALID, 0x00000002),
        CONSTANT(FOLDER_IPM_OUTBOX_VALID, 0x00000004),
        CONSTANT(FOLDER_IPM_WASTEBASKET_VALID, 0x00000008),
        CONSTANT(FOLDER_IPM_SENTMAIL_VALID, 0x00000010),
        CONSTANT(FOLDER_VIEWS_VALID, 0x00000020),
        CONSTANT(FOLDER_COMMON_VIEWS_VALID, 0x00000040),
        CONSTANT(FOLDER_FINDER_VALID, 0x00000080),

        /* address books */
        CONSTANT(AB_NO_DIALOG, 0x00000001),

        /* IMAPISupport */
        CONSTANT(NOTIFY_NEWMAIL, 0x00000001),
        CONSTANT(NOTIFY_READYTOSEND, 0x00000002),
        CONSTANT(NOTIFY_SENTDEFERRED, 0x00000004),
        CONSTANT(NOTIFY_CRITSEC, 0x00001000),
        CONSTANT(NOTIFY_NONCRIT, 0x00002000),
        CONSTANT(NOTIFY_CONFIG_CHANGE, 0x00004000),
        CONSTANT(NOTIFY_CRITICAL_ERROR, 0x10000000),
        CONSTANT(NOTIFY_NEWMAIL_RECEIVED, 0x20000000),
        CONSTANT(STATUSROW_UPDATE, 0x10000000),

        /* status rows */
        CONSTANT(STATUS_AVAILABLE, 0x00000001),
        CONSTANT(STATUS_OFFLINE, 0x00000002),
        CONSTANT(STATUS_FAILURE, 0x00000004),
        CONSTANT(STATUS_INBOUND_ENABLED, 0x00010000),
        CONSTANT(STATUS_INBOUND_ACTIVE, 0x00020000),
        CONSTANT(STATUS_INBOUND_FLUSH, 0x00040000),
        CONSTANT(STATUS_OUTBOUND_ENABLED, 0x00100000),
        CONSTANT(STATUS_OUTBOUND_ACTIVE, 0x00200000),
        CONSTANT(STATUS_OUTBOUND_FLUSH, 0x00400000),
        CONSTANT(STATUS_REMOTE_ACCESS, 0x00800000),
        CONSTANT(STATUS_VALIDATE_STATE, 0x00000001),
        CONSTANT(STATUS_SETTINGS_DIALOG, 0x00000002),
        CONSTANT(STATUS_CHANGE_PASSWORD, 0x00000004),
        CONSTANT(STATUS_FLUSH_QUEUES, 0x00000008),

        /* profiles and services */
        CONSTANT(MAPI_STORE_PROVIDER, 33),
        CONSTANT(MAPI_AB_PROVIDER, 35),
        CONSTANT(MAPI_TRANSPORT_PROVIDER, 36),
        CONSTANT(SERVICE_DEFAULT_STORE, 0x00000001),
        CONSTANT(SERVICE_SINGLE_COPY, 0x00000002),
        CONSTANT(SERVICE_CREATE_WITH_STORE, 0x00000004),
        CONSTANT(SERVICE_PRIMARY_IDENTITY, 0x00000008),
        CONSTANT(SERVICE_NO_PRIMARY_IDENTITY, 0x00000020),
        CONSTANT(STATUS_DEFAULT_OUTBOUND, 0x00000001),
        CONSTANT(STATUS_DEFAULT_STORE, 0x00000002),
        CONSTANT(STATUS_PRIMARY_IDENTITY, 0x00000004),
        CONSTANT(STATUS_SIMPLE_STORE, 0x00000008),
        CONSTANT(STATUS_XP_PREFER_LAST, 0x00000010),
        CONSTANT(STATUS_NO_PRIMARY_IDENTITY, 0x00000020),
        CONSTANT(STATUS_NO_DEFAULT_STORE, 0x00000040),
        CONSTANT(STATUS_TEMP_SECTION, 0x00000080),
        CONSTANT(STATUS_OWN_STORE, 0x00000100),
        CONSTANT(STATUS_NEED_IPM_TREE, 0x00000800),
        CONSTANT(STATUS_PRIMARY_STORE, 0x00001000),
        CONSTANT(STATUS_SECONDARY_STORE, 0x00002000),
        CONSTANT(MSG_SERVICE_INSTALL, 1),
        CONSTANT(MSG_SERVICE_CREATE, 2),
        CONSTANT(MSG_SERVICE_CONFIGURE, 3),
        CONSTANT(MSG_SERVICE_DELETE, 4),
        CONSTANT(MSG_SERVICE_UNINSTALL, 5),
        CONSTANT(MSG_SERVICE_PROVIDER_CREATE, 6),
        CONSTANT(MSG_SERVICE_PROVIDER_DELETE, 7),
        CONSTANT(SERVICE_UI_ALWAYS, 0x00000002),
        CONSTANT(UI_CURRENT_PROVIDER_FIRST, 0x00000004),
        CONSTANT(MSG_SERVICE_UI_READ_ONLY, 0x00000008),
        CONSTANT(SERVICE_UI_ALLOWED, 0x00000010),
        CONSTANT(SERVICE_LOGON_FAILED, 0x00000020),
        CONSTANT(SERVICE_NO_RESTART_WARNING, 0x00000080),
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(constants); i++)
        ok(constants[i].value == constants[i].expected, "%s: got %#lx, expected %#lx.\n",
           constants[i].name, constants[i].value, constants[i].expected);
}

static void test_notifkey(void)
{
    SizedNOTIFKEY(16, key);

    ok(offsetof(NOTIFKEY, ab) == sizeof(ULONG), "got %u.\n", (unsigned int)offsetof(NOTIFKEY, ab));
    ok(CbNewNOTIFKEY(16) == sizeof(ULONG) + 16, "got %u.\n", (unsigned int)CbNewNOTIFKEY(16));
    key.cb = 16;
    ok(CbNOTIFKEY((NOTIFKEY *)&key) == sizeof(ULONG) + 16, "got %u.\n",
       (unsigned int)CbNOTIFKEY((NOTIFKEY *)&key));
    ok(sizeof(key.ab) == 16, "got %u.\n", (unsigned int)sizeof(key.ab));
}

/* A transport logon that records what each call received, to check that
 * the C macros reach the right method and pass full-width arguments. */
struct test_xplogon
{
    IXPLogon IXPLogon_iface;
    const char *called;
    ULONG_PTR ptr_arg;
    ULONG flags_arg;
};

static const ULONG_PTR test_ref = (ULONG_PTR)0x12345678 << (sizeof(ULONG_PTR) > 4 ? 28 : 0);

static inline struct test_xplogon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct test_xplogon, IXPLogon_iface);
}

static HRESULT WINAPI test_xplogon_QueryInterface(IXPLogon *iface, REFIID riid, void **out)
{
    impl_from_IXPLogon(iface)->called = "QueryInterface";
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI test_xplogon_AddRef(IXPLogon *iface)
{
    impl_from_IXPLogon(iface)->called = "AddRef";
    return 2;
}

static ULONG WINAPI test_xplogon_Release(IXPLogon *iface)
{
    impl_from_IXPLogon(iface)->called = "Release";
    return 1;
}

static HRESULT WINAPI test_xplogon_AddressTypes(IXPLogon *iface, ULONG *flags, ULONG *count,
                                                LPSTR **types, ULONG *uid_count, LPMAPIUID **uids)
{
    impl_from_IXPLogon(iface)->called = "AddressTypes";
    *flags = 0;
    *count = 0;
    *types = NULL;
    *uid_count = 0;
    *uids = NULL;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_RegisterOptions(IXPLogon *iface, ULONG *flags, ULONG *count,
                                                   LPOPTIONDATA *options)
{
    impl_from_IXPLogon(iface)->called = "RegisterOptions";
    *flags = 0;
    *count = 0;
    *options = NULL;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_TransportNotify(IXPLogon *iface, ULONG *flags, void **data)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "TransportNotify";
    logon->flags_arg = *flags;
    logon->ptr_arg = (ULONG_PTR)*data;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_Idle(IXPLogon *iface, ULONG flags)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "Idle";
    logon->flags_arg = flags;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_TransportLogoff(IXPLogon *iface, ULONG flags)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "TransportLogoff";
    logon->flags_arg = flags;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_SubmitMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message,
                                                 ULONG_PTR *ref, ULONG_PTR *return_parm)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "SubmitMessage";
    logon->flags_arg = flags;
    *ref = test_ref;
    *return_parm = test_ref + 1;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_EndMessage(IXPLogon *iface, ULONG_PTR ref, ULONG *flags)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "EndMessage";
    logon->ptr_arg = ref;
    *flags = END_RESEND_LATER;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_Poll(IXPLogon *iface, ULONG *incoming)
{
    impl_from_IXPLogon(iface)->called = "Poll";
    *incoming = 1;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_StartMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message,
                                                ULONG_PTR *ref)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "StartMessage";
    logon->flags_arg = flags;
    *ref = test_ref;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_OpenStatusEntry(IXPLogon *iface, LPCIID iid, ULONG flags,
                                                   ULONG *type, LPMAPISTATUS *status)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "OpenStatusEntry";
    logon->flags_arg = flags;
    *type = MAPI_STATUS;
    *status = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_xplogon_ValidateState(IXPLogon *iface, ULONG_PTR ui_param, ULONG flags)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "ValidateState";
    logon->ptr_arg = ui_param;
    logon->flags_arg = flags;
    return S_OK;
}

static HRESULT WINAPI test_xplogon_FlushQueues(IXPLogon *iface, ULONG_PTR ui_param, ULONG cb_target,
                                               LPENTRYID target, ULONG flags)
{
    struct test_xplogon *logon = impl_from_IXPLogon(iface);

    logon->called = "FlushQueues";
    logon->ptr_arg = ui_param;
    logon->flags_arg = flags;
    return S_OK;
}

static const IXPLogonVtbl test_xplogon_vtbl =
{
    test_xplogon_QueryInterface,
    test_xplogon_AddRef,
    test_xplogon_Release,
    test_xplogon_AddressTypes,
    test_xplogon_RegisterOptions,
    test_xplogon_TransportNotify,
    test_xplogon_Idle,
    test_xplogon_TransportLogoff,
    test_xplogon_SubmitMessage,
    test_xplogon_EndMessage,
    test_xplogon_Poll,
    test_xplogon_StartMessage,
    test_xplogon_OpenStatusEntry,
    test_xplogon_ValidateState,
    test_xplogon_FlushQueues,
};

static void test_xplogon_macros(void)
{
    struct test_xplogon logon = {{&test_xplogon_vtbl}};
    IXPLogon *iface = &logon.IXPLogon_iface;
    ULONG flags, count, uid_count, type;
    ULONG_PTR ref, return_parm;
    LPSTR *types;
    LPMAPIUID *uids;
    LPOPTIONDATA options;
    LPMAPISTATUS status;
    void *data;
    ULONG ret;
    HRESULT hr;

    hr = IXPLogon_QueryInterface(iface, &IID_IUnknown, &data);
    ok(hr == E_NOINTERFACE, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "QueryInterface"), "got %s.\n", logon.called);
    ret = IXPLogon_AddRef(iface);
    ok(ret == 2, "got %lu.\n", ret);
    ok(!strcmp(logon.called, "AddRef"), "got %s.\n", logon.called);
    ret = IXPLogon_Release(iface);
    ok(ret == 1, "got %lu.\n", ret);
    ok(!strcmp(logon.called, "Release"), "got %s.\n", logon.called);

    hr = IXPLogon_AddressTypes(iface, &flags, &count, &types, &uid_count, &uids);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "AddressTypes"), "got %s.\n", logon.called);

    hr = IXPLogon_RegisterOptions(iface, &flags, &count, &options);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "RegisterOptions"), "got %s.\n", logon.called);

    flags = NOTIFY_CANCEL_MESSAGE;
    data = (void *)test_ref;
    hr = IXPLogon_TransportNotify(iface, &flags, &data);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "TransportNotify"), "got %s.\n", logon.called);
    ok(logon.flags_arg == NOTIFY_CANCEL_MESSAGE, "got %#lx.\n", logon.flags_arg);
    ok(logon.ptr_arg == test_ref, "got %#Ix.\n", logon.ptr_arg);

    hr = IXPLogon_Idle(iface, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "Idle"), "got %s.\n", logon.called);

    hr = IXPLogon_TransportLogoff(iface, LOGOFF_HURRY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "TransportLogoff"), "got %s.\n", logon.called);
    ok(logon.flags_arg == LOGOFF_HURRY, "got %#lx.\n", logon.flags_arg);

    ref = return_parm = 0;
    hr = IXPLogon_SubmitMessage(iface, BEGIN_DEFERRED, NULL, &ref, &return_parm);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "SubmitMessage"), "got %s.\n", logon.called);
    ok(logon.flags_arg == BEGIN_DEFERRED, "got %#lx.\n", logon.flags_arg);
    ok(ref == test_ref, "got %#Ix.\n", ref);
    ok(return_parm == test_ref + 1, "got %#Ix.\n", return_parm);

    flags = 0;
    hr = IXPLogon_EndMessage(iface, test_ref, &flags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "EndMessage"), "got %s.\n", logon.called);
    ok(logon.ptr_arg == test_ref, "got %#Ix.\n", logon.ptr_arg);
    ok(flags == END_RESEND_LATER, "got %#lx.\n", flags);

    count = 0;
    hr = IXPLogon_Poll(iface, &count);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "Poll"), "got %s.\n", logon.called);
    ok(count == 1, "got %lu.\n", count);

    ref = 0;
    hr = IXPLogon_StartMessage(iface, 0, NULL, &ref);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "StartMessage"), "got %s.\n", logon.called);
    ok(ref == test_ref, "got %#Ix.\n", ref);

    hr = IXPLogon_OpenStatusEntry(iface, NULL, MAPI_MODIFY, &type, &status);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "OpenStatusEntry"), "got %s.\n", logon.called);
    ok(logon.flags_arg == MAPI_MODIFY, "got %#lx.\n", logon.flags_arg);
    ok(type == MAPI_STATUS, "got %lu.\n", type);

    hr = IXPLogon_ValidateState(iface, test_ref, CONFIG_CHANGED);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "ValidateState"), "got %s.\n", logon.called);
    ok(logon.ptr_arg == test_ref, "got %#Ix.\n", logon.ptr_arg);
    ok(logon.flags_arg == CONFIG_CHANGED, "got %#lx.\n", logon.flags_arg);

    hr = IXPLogon_FlushQueues(iface, test_ref, 0, NULL, FLUSH_UPLOAD | FLUSH_NO_UI);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(logon.called, "FlushQueues"), "got %s.\n", logon.called);
    ok(logon.ptr_arg == test_ref, "got %#Ix.\n", logon.ptr_arg);
    ok(logon.flags_arg == (FLUSH_UPLOAD | FLUSH_NO_UI), "got %#lx.\n", logon.flags_arg);
}

START_TEST(mapispi)
{
    test_imapisupport_layout();
    test_transport_layouts();
    test_store_layouts();
    test_addrbook_layouts();
    test_imapistatus_layout();
    test_constants();
    test_notifkey();
    test_xplogon_macros();
}
