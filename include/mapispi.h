/*
 * MAPI service-provider interface: what MAPI and its store, address-book
 * and transport providers use to talk to each other.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Wine's headers have no mapispi.h; mingw-w64 ships one.  This file takes
 * the conventional include guard, so whichever is found first on the
 * include path is the only one used.  It builds on the mapidefs.h,
 * mapicode.h, mapiguid.h and mapitags.h of either set of headers, and every
 * name those may already provide is guarded.
 *
 * The interface identifiers (IID_IXPProvider, IID_IXPLogon, IID_IMSProvider,
 * IID_IMSLogon, IID_IABProvider, IID_IABLogon, IID_IMAPISup,
 * IID_IMAPIStatus) come from mapiguid.h, which is included here so that a
 * unit defining INITGUID defines each of them exactly once.
 */

#ifndef MAPISPI_H
#define MAPISPI_H

#include <mapidefs.h>
#include <mapicode.h>
#include <mapiguid.h>
#include <mapitags.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Strings in SPI calls are 8-bit unless the caller sets MAPI_UNICODE in the
 * call's flags.  They are TCHAR strings, which Wine's own sources (built
 * with WINE_NO_UNICODE_MACROS) do not have: those see 8-bit strings, as
 * Wine's mapidefs.h declares the strings of IMsgStore and IMAPIFolder. */
#ifdef WINE_NO_UNICODE_MACROS
#define WINE_MAPISPI_LPTSTR LPSTR
#else
#define WINE_MAPISPI_LPTSTR LPTSTR
#endif

/* Provider entry points use the C calling convention. */
#ifndef STDMAPIINITCALLTYPE
#define STDMAPIINITCALLTYPE __cdecl
#define STDINITMETHODIMP HRESULT STDMAPIINITCALLTYPE
#define STDINITMETHODIMP_(type) type STDMAPIINITCALLTYPE
#endif

/*****************************************************************************
 * Versions of the provider interface: major in bits 24-31, minor in 16-23,
 * build in 0-15.
 */
#define PDK1_SPI_VERSION    ((ULONG)0x00010000)
#define PDK2_SPI_VERSION    ((ULONG)0x00010008)
#define PDK3_SPI_VERSION    ((ULONG)0x00010010)
#define CURRENT_SPI_VERSION PDK3_SPI_VERSION

/*****************************************************************************
 * Error codes of the provider interface.
 */
#ifndef MAPI_E_NO_SUPPORT
#define MAPI_E_NO_SUPPORT       ((SCODE)0x80040102)
#endif
#ifndef MAPI_E_INVALID_OBJECT
#define MAPI_E_INVALID_OBJECT   ((SCODE)0x80040108)
#endif
#ifndef MAPI_E_BUSY
#define MAPI_E_BUSY             ((SCODE)0x8004010B)
#endif
#ifndef MAPI_E_VERSION
#define MAPI_E_VERSION          ((SCODE)0x80040110)
#endif
#ifndef MAPI_E_LOGON_FAILED
#define MAPI_E_LOGON_FAILED     ((SCODE)0x80040111)
#endif
#ifndef MAPI_E_USER_CANCEL
#define MAPI_E_USER_CANCEL      ((SCODE)0x80040113)
#endif
#ifndef MAPI_E_NETWORK_ERROR
#define MAPI_E_NETWORK_ERROR    ((SCODE)0x80040115)
#endif
#ifndef MAPI_E_UNCONFIGURED
#define MAPI_E_UNCONFIGURED     ((SCODE)0x8004011C)
#endif
#ifndef MAPI_E_FAILONEPROVIDER
#define MAPI_E_FAILONEPROVIDER  ((SCODE)0x8004011D)
#endif
#ifndef MAPI_E_TIMEOUT
#define MAPI_E_TIMEOUT          ((SCODE)0x80040401)
#endif
#ifndef MAPI_E_WAIT
#define MAPI_E_WAIT             ((SCODE)0x80040500)
#endif
#ifndef MAPI_E_CANCEL
#define MAPI_E_CANCEL           ((SCODE)0x80040501)
#endif
#ifndef MAPI_E_NOT_ME
#define MAPI_E_NOT_ME           ((SCODE)0x80040502)
#endif
#ifndef MAPI_W_ERRORS_RETURNED
#define MAPI_W_ERRORS_RETURNED  ((SCODE)0x00040380)
#endif
#ifndef MAPI_W_CANCEL_MESSAGE
#define MAPI_W_CANCEL_MESSAGE   ((SCODE)0x00040580)
#endif

/*****************************************************************************
 * Flags shared with mapidefs.h and mapix.h that the provider interface
 * passes on: logon and open flags, provider kinds, status rows.
 */
#ifndef MAPI_DEFERRED_ERRORS
#define MAPI_DEFERRED_ERRORS    ((ULONG)0x00000008)
#endif
#ifndef MAPI_NT_SERVICE
#define MAPI_NT_SERVICE         ((ULONG)0x00010000)
#endif
#ifndef MAPI_BG_SESSION
#define MAPI_BG_SESSION         ((ULONG)0x00200000)
#endif
#ifndef MAPI_DEFAULT_SERVICES
#define MAPI_DEFAULT_SERVICES   ((ULONG)0x00000001)
#endif

/* IMSProvider::Logon */
#ifndef MDB_NO_DIALOG
#define MDB_NO_DIALOG           ((ULONG)0x00000001)
#endif
#ifndef MDB_WRITE
#define MDB_WRITE               ((ULONG)0x00000004)
#endif
#ifndef MDB_TEMPORARY
#define MDB_TEMPORARY           ((ULONG)0x00000020)
#endif
#ifndef MDB_NO_MAIL
#define MDB_NO_MAIL             ((ULONG)0x00000080)
#endif

/* IABProvider::Logon */
#ifndef AB_NO_DIALOG
#define AB_NO_DIALOG            ((ULONG)0x00000001)
#endif

/* PR_RESOURCE_TYPE */
#ifndef MAPI_STORE_PROVIDER
#define MAPI_STORE_PROVIDER     ((ULONG)33)
#endif
#ifndef MAPI_AB
#define MAPI_AB                 ((ULONG)34)
#endif
#ifndef MAPI_AB_PROVIDER
#define MAPI_AB_PROVIDER        ((ULONG)35)
#endif
#ifndef MAPI_TRANSPORT_PROVIDER
#define MAPI_TRANSPORT_PROVIDER ((ULONG)36)
#endif
#ifndef MAPI_SPOOLER
#define MAPI_SPOOLER            ((ULONG)37)
#endif
#ifndef MAPI_PROFILE_PROVIDER
#define MAPI_PROFILE_PROVIDER   ((ULONG)38)
#endif
#ifndef MAPI_SUBSYSTEM
#define MAPI_SUBSYSTEM          ((ULONG)39)
#endif
#ifndef MAPI_HOOK_PROVIDER
#define MAPI_HOOK_PROVIDER      ((ULONG)40)
#endif

/* PR_RESOURCE_METHODS */
#ifndef STATUS_VALIDATE_STATE
#define STATUS_VALIDATE_STATE   ((ULONG)0x00000001)
#endif
#ifndef STATUS_SETTINGS_DIALOG
#define STATUS_SETTINGS_DIALOG  ((ULONG)0x00000002)
#endif
#ifndef STATUS_CHANGE_PASSWORD
#define STATUS_CHANGE_PASSWORD  ((ULONG)0x00000004)
#endif
#ifndef STATUS_FLUSH_QUEUES
#define STATUS_FLUSH_QUEUES     ((ULONG)0x00000008)
#endif

/* PR_RESOURCE_FLAGS of a provider */
#ifndef STATUS_DEFAULT_OUTBOUND
#define STATUS_DEFAULT_OUTBOUND     ((ULONG)0x00000001)
#endif
#ifndef STATUS_DEFAULT_STORE
#define STATUS_DEFAULT_STORE        ((ULONG)0x00000002)
#endif
#ifndef STATUS_PRIMARY_IDENTITY
#define STATUS_PRIMARY_IDENTITY     ((ULONG)0x00000004)
#endif
#ifndef STATUS_SIMPLE_STORE
#define STATUS_SIMPLE_STORE         ((ULONG)0x00000008)
#endif
#ifndef STATUS_XP_PREFER_LAST
#define STATUS_XP_PREFER_LAST       ((ULONG)0x00000010)
#endif
#ifndef STATUS_NO_PRIMARY_IDENTITY
#define STATUS_NO_PRIMARY_IDENTITY  ((ULONG)0x00000020)
#endif
#ifndef STATUS_NO_DEFAULT_STORE
#define STATUS_NO_DEFAULT_STORE     ((ULONG)0x00000040)
#endif
#ifndef STATUS_TEMP_SECTION
#define STATUS_TEMP_SECTION         ((ULONG)0x00000080)
#endif
#ifndef STATUS_OWN_STORE
#define STATUS_OWN_STORE            ((ULONG)0x00000100)
#endif
#ifndef STATUS_NEED_IPM_TREE
#define STATUS_NEED_IPM_TREE        ((ULONG)0x00000800)
#endif
#ifndef STATUS_PRIMARY_STORE
#define STATUS_PRIMARY_STORE        ((ULONG)0x00001000)
#endif
#ifndef STATUS_SECONDARY_STORE
#define STATUS_SECONDARY_STORE      ((ULONG)0x00002000)
#endif

/* PR_RESOURCE_FLAGS of a message service */
#ifndef SERVICE_DEFAULT_STORE
#define SERVICE_DEFAULT_STORE       ((ULONG)0x00000001)
#endif
#ifndef SERVICE_SINGLE_COPY
#define SERVICE_SINGLE_COPY         ((ULONG)0x00000002)
#endif
#ifndef SERVICE_CREATE_WITH_STORE
#define SERVICE_CREATE_WITH_STORE   ((ULONG)0x00000004)
#endif
#ifndef SERVICE_PRIMARY_IDENTITY
#define SERVICE_PRIMARY_IDENTITY    ((ULONG)0x00000008)
#endif
#ifndef SERVICE_NO_PRIMARY_IDENTITY
#define SERVICE_NO_PRIMARY_IDENTITY ((ULONG)0x00000020)
#endif

/* PR_STATUS_CODE */
#ifndef STATUS_AVAILABLE
#define STATUS_AVAILABLE        ((ULONG)0x00000001)
#endif
#ifndef STATUS_OFFLINE
#define STATUS_OFFLINE          ((ULONG)0x00000002)
#endif
#ifndef STATUS_FAILURE
#define STATUS_FAILURE          ((ULONG)0x00000004)
#endif
#ifndef STATUS_INBOUND_ENABLED
#define STATUS_INBOUND_ENABLED  ((ULONG)0x00010000)
#endif
#ifndef STATUS_INBOUND_ACTIVE
#define STATUS_INBOUND_ACTIVE   ((ULONG)0x00020000)
#endif
#ifndef STATUS_INBOUND_FLUSH
#define STATUS_INBOUND_FLUSH    ((ULONG)0x00040000)
#endif
#ifndef STATUS_OUTBOUND_ENABLED
#define STATUS_OUTBOUND_ENABLED ((ULONG)0x00100000)
#endif
#ifndef STATUS_OUTBOUND_ACTIVE
#define STATUS_OUTBOUND_ACTIVE  ((ULONG)0x00200000)
#endif
#ifndef STATUS_OUTBOUND_FLUSH
#define STATUS_OUTBOUND_FLUSH   ((ULONG)0x00400000)
#endif
#ifndef STATUS_REMOTE_ACCESS
#define STATUS_REMOTE_ACCESS    ((ULONG)0x00800000)
#endif

/* IMAPIStatus::ValidateState and IXPLogon::ValidateState */
#ifndef SUPPRESS_UI
#define SUPPRESS_UI                 ((ULONG)0x00000001)
#endif
#ifndef REFRESH_XP_HEADER_CACHE
#define REFRESH_XP_HEADER_CACHE     ((ULONG)0x00010000)
#endif
#ifndef PROCESS_XP_HEADER_CACHE
#define PROCESS_XP_HEADER_CACHE     ((ULONG)0x00020000)
#endif
#ifndef FORCE_XP_CONNECT
#define FORCE_XP_CONNECT            ((ULONG)0x00040000)
#endif
#ifndef FORCE_XP_DISCONNECT
#define FORCE_XP_DISCONNECT         ((ULONG)0x00080000)
#endif
#ifndef CONFIG_CHANGED
#define CONFIG_CHANGED              ((ULONG)0x00100000)
#endif
#ifndef ABORT_XP_HEADER_OPERATION
#define ABORT_XP_HEADER_OPERATION   ((ULONG)0x00200000)
#endif
#ifndef SHOW_XP_SESSION_UI
#define SHOW_XP_SESSION_UI          ((ULONG)0x00400000)
#endif

/* IMAPIStatus::SettingsDialog */
#ifndef UI_READONLY
#define UI_READONLY             ((ULONG)0x00000001)
#endif

/* IMAPIStatus::FlushQueues and IXPLogon::FlushQueues */
#ifndef FLUSH_UPLOAD
#define FLUSH_UPLOAD            ((ULONG)0x00000002)
#endif
#ifndef FLUSH_DOWNLOAD
#define FLUSH_DOWNLOAD          ((ULONG)0x00000004)
#endif
#ifndef FLUSH_FORCE
#define FLUSH_FORCE             ((ULONG)0x00000008)
#endif
#ifndef FLUSH_NO_UI
#define FLUSH_NO_UI             ((ULONG)0x00000010)
#endif
#ifndef FLUSH_ASYNC_OK
#define FLUSH_ASYNC_OK          ((ULONG)0x00000020)
#endif

/* IMsgStore::StoreLogoff, in (one at a time) and out */
#ifndef LOGOFF_NO_WAIT
#define LOGOFF_NO_WAIT          ((ULONG)0x00000001)
#endif
#ifndef LOGOFF_ORDERLY
#define LOGOFF_ORDERLY          ((ULONG)0x00000002)
#endif
#ifndef LOGOFF_PURGE
#define LOGOFF_PURGE            ((ULONG)0x00000004)
#endif
#ifndef LOGOFF_ABORT
#define LOGOFF_ABORT            ((ULONG)0x00000008)
#endif
#ifndef LOGOFF_QUIET
#define LOGOFF_QUIET            ((ULONG)0x00000010)
#endif
#ifndef LOGOFF_COMPLETE
#define LOGOFF_COMPLETE         ((ULONG)0x00010000)
#endif
#ifndef LOGOFF_INBOUND
#define LOGOFF_INBOUND          ((ULONG)0x00020000)
#endif
#ifndef LOGOFF_OUTBOUND
#define LOGOFF_OUTBOUND         ((ULONG)0x00040000)
#endif
#ifndef LOGOFF_OUTBOUND_QUEUE
#define LOGOFF_OUTBOUND_QUEUE   ((ULONG)0x00080000)
#endif

/* IMsgStore::SetLockState */
#ifndef MSG_LOCKED
#define MSG_LOCKED              ((ULONG)0x00000001)
#endif
#ifndef MSG_UNLOCKED
#define MSG_UNLOCKED            ((ULONG)0x00000000)
#endif

/* PR_SUBMIT_FLAGS */
#ifndef SUBMITFLAG_LOCKED
#define SUBMITFLAG_LOCKED       ((ULONG)0x00000001)
#endif
#ifndef SUBMITFLAG_PREPROCESS
#define SUBMITFLAG_PREPROCESS   ((ULONG)0x00000002)
#endif

/* PR_VALID_FOLDER_MASK */
#ifndef FOLDER_IPM_SUBTREE_VALID
#define FOLDER_IPM_SUBTREE_VALID        ((ULONG)0x00000001)
#endif
#ifndef FOLDER_IPM_INBOX_VALID
#define FOLDER_IPM_INBOX_VALID          ((ULONG)0x00000002)
#endif
#ifndef FOLDER_IPM_OUTBOX_VALID
#define FOLDER_IPM_OUTBOX_VALID         ((ULONG)0x00000004)
#endif
#ifndef FOLDER_IPM_WASTEBASKET_VALID
#define FOLDER_IPM_WASTEBASKET_VALID    ((ULONG)0x00000008)
#endif
#ifndef FOLDER_IPM_SENTMAIL_VALID
#define FOLDER_IPM_SENTMAIL_VALID       ((ULONG)0x00000010)
#endif
#ifndef FOLDER_VIEWS_VALID
#define FOLDER_VIEWS_VALID              ((ULONG)0x00000020)
#endif
#ifndef FOLDER_COMMON_VIEWS_VALID
#define FOLDER_COMMON_VIEWS_VALID       ((ULONG)0x00000040)
#endif
#ifndef FOLDER_FINDER_VALID
#define FOLDER_FINDER_VALID             ((ULONG)0x00000080)
#endif

/*****************************************************************************
 * Address dialog parameters (IMAPISupport::Address and ::Details), which
 * Wine's mapidefs.h lacks; a header that declares them defines
 * ADRPARM_HELP_CTX with them.
 */
#ifndef ADRPARM_HELP_CTX
#define ADRPARM_HELP_CTX        ((ULONG)0x00000000)

#define GET_ADRPARM_VERSION(flags)    (((ULONG)(flags)) & 0xF0000000)
#define SET_ADRPARM_VERSION(flags,ver) (((ULONG)(ver)) | (((ULONG)(flags)) & 0x0FFFFFFF))

#ifndef DIALOG_MODAL
#define DIALOG_MODAL            ((ULONG)0x00000001)
#endif
#ifndef DIALOG_SDI
#define DIALOG_SDI              ((ULONG)0x00000002)
#endif
#ifndef DIALOG_OPTIONS
#define DIALOG_OPTIONS          ((ULONG)0x00000004)
#endif
#ifndef ADDRESS_ONE
#define ADDRESS_ONE             ((ULONG)0x00000008)
#endif
#ifndef AB_SELECTONLY
#define AB_SELECTONLY           ((ULONG)0x00000010)
#endif
#ifndef AB_RESOLVE
#define AB_RESOLVE              ((ULONG)0x00000020)
#endif

typedef BOOL (STDMETHODCALLTYPE ACCELERATEABSDI)(ULONG_PTR ulUIParam, LPVOID lpvmsg);
typedef ACCELERATEABSDI *LPFNABSDI;

typedef void (STDMETHODCALLTYPE DISMISSMODELESS)(ULONG_PTR ulUIParam, LPVOID lpvContext);
typedef DISMISSMODELESS *LPFNDISMISS;

typedef SCODE (STDMETHODCALLTYPE *LPFNBUTTON)(ULONG_PTR ulUIParam, LPVOID lpvContext,
        ULONG cbEntryID, LPENTRYID lpSelection, ULONG ulFlags);

typedef struct _ADRPARM
{
    ULONG               cbABContEntryID;
    LPENTRYID           lpABContEntryID;
    ULONG               ulFlags;
    LPVOID              lpReserved;
    ULONG               ulHelpContext;
    WINE_MAPISPI_LPTSTR lpszHelpFileName;
    LPFNABSDI           lpfnABSDI;
    LPFNDISMISS         lpfnDismiss;
    LPVOID              lpvDismissContext;
    WINE_MAPISPI_LPTSTR lpszCaption;
    WINE_MAPISPI_LPTSTR lpszNewEntryTitle;
    WINE_MAPISPI_LPTSTR lpszDestWellsTitle;
    ULONG               cDestFields;
    ULONG               nDestFieldFocus;
    WINE_MAPISPI_LPTSTR *lppszDestTitles;
    ULONG               *lpulDestComps;
    LPSRestriction      lpContRestriction;
    LPSRestriction      lpHierRestriction;
} ADRPARM, *LPADRPARM;
#endif /* ADRPARM_HELP_CTX */

/*****************************************************************************
 * Notification keys (IMAPISupport::Subscribe and ::Notify)
 */
#ifndef CbNewNOTIFKEY
typedef struct
{
    ULONG cb;
    BYTE  ab[MAPI_DIM];
} NOTIFKEY, *LPNOTIFKEY;

#define CbNewNOTIFKEY(cb)        (offsetof(NOTIFKEY,ab) + (cb))
#define CbNOTIFKEY(key)          (offsetof(NOTIFKEY,ab) + (key)->cb)
#define SizedNOTIFKEY(n,name)    struct _NOTIFKEY_ ## name { ULONG cb; BYTE ab[n]; } name
#endif

/* IMAPISupport::Subscribe, ::Notify and their callbacks */
#define NOTIFY_SYNC             ((ULONG)0x40000000)
#define NOTIFY_CANCELED         ((ULONG)0x80000000)
#define CALLBACK_DISCONTINUE    ((ULONG)0x80000000)

/* IMAPISupport::SpoolerNotify */
#define NOTIFY_NEWMAIL          ((ULONG)0x00000001)
#define NOTIFY_READYTOSEND      ((ULONG)0x00000002)
#define NOTIFY_SENTDEFERRED     ((ULONG)0x00000004)
#define NOTIFY_CRITSEC          ((ULONG)0x00001000)
#define NOTIFY_NONCRIT          ((ULONG)0x00002000)
#define NOTIFY_CONFIG_CHANGE    ((ULONG)0x00004000)
#define NOTIFY_CRITICAL_ERROR   ((ULONG)0x10000000)
#define NOTIFY_NEWMAIL_RECEIVED ((ULONG)0x20000000)

/* IMAPISupport::ModifyStatusRow */
#define STATUSROW_UPDATE        ((ULONG)0x10000000)

/* IMAPISupport::IStorageFromStream */
#define STGSTRM_RESET           ((ULONG)0x00000000)
#define STGSTRM_CURRENT         ((ULONG)0x10000000)
#define STGSTRM_MODIFY          ((ULONG)0x00000002)
#define STGSTRM_CREATE          ((ULONG)0x00001000)

/* IMAPISupport::ReadReceipt */
#define MAPI_NON_READ           ((ULONG)0x00000001)

/* IMAPISupport::PrepareSubmit and ::ExpandRecips, out */
#define NEEDS_PREPROCESSING     ((ULONG)0x00000001)
#define NEEDS_SPOOLER           ((ULONG)0x00000002)

/* Preprocessors registered with IMAPISupport::RegisterPreprocessor */
typedef HRESULT (WINAPI PREPROCESSMESSAGE)(LPVOID lpvSession, LPMESSAGE lpMessage,
        LPADRBOOK lpAdrBook, LPMAPIFOLDER lpFolder, LPALLOCATEBUFFER lpAllocateBuffer,
        LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG *lpcOutbound,
        LPMESSAGE **lpppMessage, LPADRLIST *lppRecipList);
typedef PREPROCESSMESSAGE *LPPREPROCESSMESSAGE;

typedef HRESULT (WINAPI REMOVEPREPROCESSINFO)(LPMESSAGE lpMessage);
typedef REMOVEPREPROCESSINFO *LPREMOVEPREPROCESSINFO;

/*****************************************************************************
 * Provider object shutdown (IXPProvider, IMSProvider, IABProvider::Shutdown)
 */
#define DEINIT_NORMAL           ((ULONG)0x00000001)
#define DEINIT_HURRY            ((ULONG)0x80000000)

/*****************************************************************************
 * Transport logon: IXPProvider::TransportLogon flags in and out
 */
#define LOGON_NO_DIALOG         ((ULONG)0x00000001)
#define LOGON_NO_CONNECT        ((ULONG)0x00000004)
#define LOGON_NO_INBOUND        ((ULONG)0x00000008)
#define LOGON_NO_OUTBOUND       ((ULONG)0x00000010)

#define LOGON_SP_IDLE           ((ULONG)0x00010000)
#define LOGON_SP_POLL           ((ULONG)0x00020000)
#define LOGON_SP_RESOLVE        ((ULONG)0x00040000)

/* IXPLogon::RegisterOptions */
#define OPTION_TYPE_RECIPIENT   ((ULONG)0x00000001)
#define OPTION_TYPE_MESSAGE     ((ULONG)0x00000002)

typedef struct _OPTIONDATA
{
    ULONG               ulFlags;
    LPGUID              lpRecipGUID;
    WINE_MAPISPI_LPTSTR lpszAdrType;
    WINE_MAPISPI_LPTSTR lpszDLLName;
    ULONG               ulOrdinal;
    ULONG               cbOptionsData;
    LPBYTE              lpbOptionsData;
    ULONG               cOptionsProps;
    LPSPropValue        lpOptionsProps;
} OPTIONDATA, *LPOPTIONDATA;

/* IXPLogon::TransportNotify */
#define NOTIFY_BEGIN_INBOUND        ((ULONG)0x00000001)
#define NOTIFY_BEGIN_OUTBOUND       ((ULONG)0x00000002)
#define NOTIFY_BEGIN_INBOUND_FLUSH  ((ULONG)0x00000004)
#define NOTIFY_BEGIN_OUTBOUND_FLUSH ((ULONG)0x00000008)
#define NOTIFY_END_INBOUND          ((ULONG)0x00010000)
#define NOTIFY_END_OUTBOUND         ((ULONG)0x00020000)
#define NOTIFY_END_INBOUND_FLUSH    ((ULONG)0x00040000)
#define NOTIFY_END_OUTBOUND_FLUSH   ((ULONG)0x00080000)
#define NOTIFY_ABORT_DEFERRED       ((ULONG)0x40000000)
#define NOTIFY_CANCEL_MESSAGE       ((ULONG)0x80000000)

/* IXPLogon::TransportLogoff */
#define LOGOFF_NORMAL           ((ULONG)0x00000001)
#define LOGOFF_HURRY            ((ULONG)0x80000000)

/* IXPLogon::SubmitMessage */
#define BEGIN_DEFERRED          ((ULONG)0x00000001)

/* IXPLogon::EndMessage, out */
#define END_RESEND_NOW          ((ULONG)0x00010000)
#define END_RESEND_LATER        ((ULONG)0x00020000)
#define END_DONT_RESEND         ((ULONG)0x00040000)

/*****************************************************************************
 * Message service entry point: contexts and flags
 */
#define MSG_SERVICE_INSTALL         ((ULONG)0x00000001)
#define MSG_SERVICE_CREATE          ((ULONG)0x00000002)
#define MSG_SERVICE_CONFIGURE       ((ULONG)0x00000003)
#define MSG_SERVICE_DELETE          ((ULONG)0x00000004)
#define MSG_SERVICE_UNINSTALL       ((ULONG)0x00000005)
#define MSG_SERVICE_PROVIDER_CREATE ((ULONG)0x00000006)
#define MSG_SERVICE_PROVIDER_DELETE ((ULONG)0x00000007)

#ifndef SERVICE_UI_ALWAYS
#define SERVICE_UI_ALWAYS           ((ULONG)0x00000002)
#endif
#ifndef UI_CURRENT_PROVIDER_FIRST
#define UI_CURRENT_PROVIDER_FIRST   ((ULONG)0x00000004)
#endif
#ifndef MSG_SERVICE_UI_READ_ONLY
#define MSG_SERVICE_UI_READ_ONLY    ((ULONG)0x00000008)
#endif
#ifndef SERVICE_UI_ALLOWED
#define SERVICE_UI_ALLOWED          ((ULONG)0x00000010)
#endif
#ifndef SERVICE_LOGON_FAILED
#define SERVICE_LOGON_FAILED        ((ULONG)0x00000020)
#endif
#ifndef SERVICE_NO_RESTART_WARNING
#define SERVICE_NO_RESTART_WARNING  ((ULONG)0x00000080)
#endif

/*****************************************************************************
 * Interface pointers
 */
typedef struct IMAPISupport *LPMAPISUP;
typedef struct IXPProvider *LPXPPROVIDER;
typedef struct IXPLogon *LPXPLOGON;
typedef struct IMSProvider *LPMSPROVIDER;
typedef struct IMSLogon *LPMSLOGON;
typedef struct IABProvider *LPABPROVIDER;
typedef struct IABLogon *LPABLOGON;

/* Option callbacks named by OPTIONDATA */
typedef SCODE (STDMAPIINITCALLTYPE OPTIONCALLBACK)(HINSTANCE hInst, LPMALLOC lpMalloc,
        ULONG ulFlags, ULONG cbOptionData, LPBYTE lpbOptionData, LPMAPISUP lpMAPISup,
        LPMAPIPROP lpDataSource, LPMAPIPROP *lppWrappedSource, LPMAPIERROR *lppMAPIError);
typedef OPTIONCALLBACK *LPOPTIONCALLBACK;

/*****************************************************************************
 * IMAPIStatus interface (mingw-w64's mapidefs.h has it, Wine's does not)
 */
#if !defined(MAPI_IMAPISTATUS_METHODS) && !defined(__IMAPIStatus_INTERFACE_DEFINED__)
#define __IMAPIStatus_INTERFACE_DEFINED__

#undef INTERFACE
#define INTERFACE IMAPIStatus
DECLARE_INTERFACE_(IMAPIStatus,IMAPIProp)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIProp methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(SaveChanges)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG *lpcValues,
                        LPSPropValue *lppPropArray) PURE;
    STDMETHOD(GetPropList)(THIS_ ULONG ulFlags, LPSPropTagArray *lppPropTagArray) PURE;
    STDMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions,
                            ULONG ulFlags, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpPropArray,
                        LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTagArray, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                      ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
                      LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                         LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                         ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid,
                               ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames) PURE;
    STDMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames, LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                               LPSPropTagArray *lppPropTags) PURE;
    /*** IMAPIStatus methods ***/
    STDMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(SettingsDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(ChangePassword)(THIS_ WINE_MAPISPI_LPTSTR lpOldPass, WINE_MAPISPI_LPTSTR lpNewPass,
                              ULONG ulFlags) PURE;
    STDMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport,
                           LPENTRYID lpTargetTransport, ULONG ulFlags) PURE;
};
#undef INTERFACE
#endif /* IMAPIStatus */

#if (!defined(__cplusplus) || defined(CINTERFACE)) && !defined(IMAPIStatus_QueryInterface)
        /*** IUnknown methods ***/
#define IMAPIStatus_QueryInterface(p,a,b)        (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIStatus_AddRef(p)                    (p)->lpVtbl->AddRef(p)
#define IMAPIStatus_Release(p)                   (p)->lpVtbl->Release(p)
        /*** IMAPIProp methods ***/
#define IMAPIStatus_GetLastError(p,a,b,c)        (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIStatus_SaveChanges(p,a)             (p)->lpVtbl->SaveChanges(p,a)
#define IMAPIStatus_GetProps(p,a,b,c,d)          (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMAPIStatus_GetPropList(p,a,b)           (p)->lpVtbl->GetPropList(p,a,b)
#define IMAPIStatus_OpenProperty(p,a,b,c,d,e)    (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMAPIStatus_SetProps(p,a,b,c)            (p)->lpVtbl->SetProps(p,a,b,c)
#define IMAPIStatus_DeleteProps(p,a,b)           (p)->lpVtbl->DeleteProps(p,a,b)
#define IMAPIStatus_CopyTo(p,a,b,c,d,e,f,g,h,i)  (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMAPIStatus_CopyProps(p,a,b,c,d,e,f,g)   (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMAPIStatus_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMAPIStatus_GetIDsFromNames(p,a,b,c,d)   (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
        /*** IMAPIStatus methods ***/
#define IMAPIStatus_ValidateState(p,a,b)         (p)->lpVtbl->ValidateState(p,a,b)
#define IMAPIStatus_SettingsDialog(p,a,b)        (p)->lpVtbl->SettingsDialog(p,a,b)
#define IMAPIStatus_ChangePassword(p,a,b,c)      (p)->lpVtbl->ChangePassword(p,a,b,c)
#define IMAPIStatus_FlushQueues(p,a,b,c,d)       (p)->lpVtbl->FlushQueues(p,a,b,c,d)
#endif

/*****************************************************************************
 * IMAPISupport interface: MAPI's services to one provider logon or one
 * message service.  Each kind of support object (store, transport, address
 * book, service configuration) answers MAPI_E_NO_SUPPORT to the methods it
 * does not offer.  UpdatePAB and Preprocess, missing from the reference's
 * method table, hold their places in the vtable.
 */
#undef INTERFACE
#define INTERFACE IMAPISupport
DECLARE_INTERFACE_(IMAPISupport,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPISupport methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetMemAllocRoutines)(THIS_ LPALLOCATEBUFFER *lpAllocateBuffer,
                                   LPALLOCATEMORE *lpAllocateMore, LPFREEBUFFER *lpFreeBuffer) PURE;
    STDMETHOD(Subscribe)(THIS_ LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags,
                         LPMAPIADVISESINK lpAdviseSink, ULONG *lpulConnection) PURE;
    STDMETHOD(Unsubscribe)(THIS_ ULONG ulConnection) PURE;
    STDMETHOD(Notify)(THIS_ LPNOTIFKEY lpKey, ULONG cNotification, LPNOTIFICATION lpNotifications,
                      ULONG *lpulFlags) PURE;
    STDMETHOD(ModifyStatusRow)(THIS_ ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUid, ULONG ulFlags, LPPROFSECT *lppProfileObj) PURE;
    STDMETHOD(RegisterPreprocessor)(THIS_ LPMAPIUID lpMuid, WINE_MAPISPI_LPTSTR lpszAdrType,
                                    WINE_MAPISPI_LPTSTR lpszDLLName, LPSTR lpszPreprocess,
                                    LPSTR lpszRemovePreprocessInfo, ULONG ulFlags) PURE;
    STDMETHOD(NewUID)(THIS_ LPMAPIUID lpMuid) PURE;
    STDMETHOD(MakeInvalid)(THIS_ ULONG ulFlags, LPVOID lpObject, ULONG ulRefCount, ULONG cMethods) PURE;
    STDMETHOD(SpoolerYield)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(SpoolerNotify)(THIS_ ULONG ulFlags, LPVOID lpvData) PURE;
    STDMETHOD(CreateOneOff)(THIS_ WINE_MAPISPI_LPTSTR lpszName, WINE_MAPISPI_LPTSTR lpszAdrType,
                            WINE_MAPISPI_LPTSTR lpszAddress, ULONG ulFlags, ULONG *lpcbEntryID,
                            LPENTRYID *lppEntryID) PURE;
    STDMETHOD(SetProviderUID)(THIS_ LPMAPIUID lpProviderID, ULONG ulFlags) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntry1, LPENTRYID lpEntry1, ULONG cbEntry2,
                               LPENTRYID lpEntry2, ULONG ulCompareFlags, ULONG *lpulResult) PURE;
    STDMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID, LPENTRYID lpTemplateID, ULONG ulTemplateFlags,
                              LPMAPIPROP lpMAPIPropData, LPCIID lpInterface, LPMAPIPROP *lppMAPIPropNew,
                              LPMAPIPROP lpMAPIPropSibling) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                         ULONG ulOpenFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(Address)(THIS_ ULONG_PTR *lpulUIParam, LPADRPARM lpAdrParms, LPADRLIST *lppAdrList) PURE;
    STDMETHOD(Details)(THIS_ ULONG_PTR *lpulUIParam, LPFNDISMISS lpfnDismiss, LPVOID lpvDismissContext,
                       ULONG cbEntryID, LPENTRYID lpEntryID, LPFNBUTTON lpfButtonCallback,
                       LPVOID lpvButtonContext, WINE_MAPISPI_LPTSTR lpszButtonText, ULONG ulFlags) PURE;
    STDMETHOD(NewEntry)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, ULONG cbEIDContainer,
                        LPENTRYID lpEIDContainer, ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl,
                        ULONG *lpcbEIDNewEntry, LPENTRYID *lppEIDNewEntry) PURE;
    STDMETHOD(DoConfigPropsheet)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, WINE_MAPISPI_LPTSTR lpszTitle,
                                 LPMAPITABLE lpDisplayTable, LPMAPIPROP lpConfigData, ULONG ulTopPage) PURE;
    STDMETHOD(CopyMessages)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder, LPENTRYLIST lpMsgList,
                            LPCIID lpDestInterface, LPVOID lpDestFolder, ULONG_PTR ulUIParam,
                            LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(CopyFolder)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder, ULONG cbEntryID,
                          LPENTRYID lpEntryID, LPCIID lpDestInterface, LPVOID lpDestFolder,
                          WINE_MAPISPI_LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam,
                          LPMAPIPROGRESS lpProgress, ULONG ulFlags) PURE;
    STDMETHOD(DoCopyTo)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj, ULONG ciidExclude,
                        LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                        LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface, LPVOID lpDestObj,
                        ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(DoCopyProps)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj, LPSPropTagArray lpIncludeProps,
                           ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface,
                           LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(DoProgressDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPMAPIPROGRESS *lppProgress) PURE;
    STDMETHOD(ReadReceipt)(THIS_ ULONG ulFlags, LPMESSAGE lpReadMessage, LPMESSAGE *lppEmptyMessage) PURE;
    STDMETHOD(PrepareSubmit)(THIS_ LPMESSAGE lpMessage, ULONG *lpulFlags) PURE;
    STDMETHOD(ExpandRecips)(THIS_ LPMESSAGE lpMessage, ULONG *lpulFlags) PURE;
    STDMETHOD(UpdatePAB)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) PURE;
    STDMETHOD(DoSentMail)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) PURE;
    STDMETHOD(OpenAddressBook)(THIS_ LPCIID lpInterface, ULONG ulFlags, LPADRBOOK *lppAdrBook) PURE;
    STDMETHOD(Preprocess)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(CompleteMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(StoreLogoffTransports)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(StatusRecips)(THIS_ LPMESSAGE lpMessage, LPADRLIST lpRecipList) PURE;
    STDMETHOD(WrapStoreEntryID)(THIS_ ULONG cbOrigEntry, LPENTRYID lpOrigEntry,
                                ULONG *lpcbWrappedEntry, LPENTRYID *lppWrappedEntry) PURE;
    STDMETHOD(ModifyProfile)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(IStorageFromStream)(THIS_ LPUNKNOWN lpUnkIn, LPCIID lpInterface, ULONG ulFlags,
                                  LPSTORAGE *lppStorageOut) PURE;
    STDMETHOD(GetSvcConfigSupportObj)(THIS_ ULONG ulFlags, LPMAPISUP *lppSvcSupport) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMAPISupport_QueryInterface(p,a,b)               (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPISupport_AddRef(p)                           (p)->lpVtbl->AddRef(p)
#define IMAPISupport_Release(p)                          (p)->lpVtbl->Release(p)
        /*** IMAPISupport methods ***/
#define IMAPISupport_GetLastError(p,a,b,c)               (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPISupport_GetMemAllocRoutines(p,a,b,c)        (p)->lpVtbl->GetMemAllocRoutines(p,a,b,c)
#define IMAPISupport_Subscribe(p,a,b,c,d,e)              (p)->lpVtbl->Subscribe(p,a,b,c,d,e)
#define IMAPISupport_Unsubscribe(p,a)                    (p)->lpVtbl->Unsubscribe(p,a)
#define IMAPISupport_Notify(p,a,b,c,d)                   (p)->lpVtbl->Notify(p,a,b,c,d)
#define IMAPISupport_ModifyStatusRow(p,a,b,c)            (p)->lpVtbl->ModifyStatusRow(p,a,b,c)
#define IMAPISupport_OpenProfileSection(p,a,b,c)         (p)->lpVtbl->OpenProfileSection(p,a,b,c)
#define IMAPISupport_RegisterPreprocessor(p,a,b,c,d,e,f) (p)->lpVtbl->RegisterPreprocessor(p,a,b,c,d,e,f)
#define IMAPISupport_NewUID(p,a)                         (p)->lpVtbl->NewUID(p,a)
#define IMAPISupport_MakeInvalid(p,a,b,c,d)              (p)->lpVtbl->MakeInvalid(p,a,b,c,d)
#define IMAPISupport_SpoolerYield(p,a)                   (p)->lpVtbl->SpoolerYield(p,a)
#define IMAPISupport_SpoolerNotify(p,a,b)                (p)->lpVtbl->SpoolerNotify(p,a,b)
#define IMAPISupport_CreateOneOff(p,a,b,c,d,e,f)         (p)->lpVtbl->CreateOneOff(p,a,b,c,d,e,f)
#define IMAPISupport_SetProviderUID(p,a,b)               (p)->lpVtbl->SetProviderUID(p,a,b)
#define IMAPISupport_CompareEntryIDs(p,a,b,c,d,e,f)      (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IMAPISupport_OpenTemplateID(p,a,b,c,d,e,f,g)     (p)->lpVtbl->OpenTemplateID(p,a,b,c,d,e,f,g)
#define IMAPISupport_OpenEntry(p,a,b,c,d,e,f)            (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMAPISupport_GetOneOffTable(p,a,b)               (p)->lpVtbl->GetOneOffTable(p,a,b)
#define IMAPISupport_Address(p,a,b,c)                    (p)->lpVtbl->Address(p,a,b,c)
#define IMAPISupport_Details(p,a,b,c,d,e,f,g,h,i)        (p)->lpVtbl->Details(p,a,b,c,d,e,f,g,h,i)
#define IMAPISupport_NewEntry(p,a,b,c,d,e,f,g,h)         (p)->lpVtbl->NewEntry(p,a,b,c,d,e,f,g,h)
#define IMAPISupport_DoConfigPropsheet(p,a,b,c,d,e,f)    (p)->lpVtbl->DoConfigPropsheet(p,a,b,c,d,e,f)
#define IMAPISupport_CopyMessages(p,a,b,c,d,e,f,g,h)     (p)->lpVtbl->CopyMessages(p,a,b,c,d,e,f,g,h)
#define IMAPISupport_CopyFolder(p,a,b,c,d,e,f,g,h,i,j)   (p)->lpVtbl->CopyFolder(p,a,b,c,d,e,f,g,h,i,j)
#define IMAPISupport_DoCopyTo(p,a,b,c,d,e,f,g,h,i,j,k)   (p)->lpVtbl->DoCopyTo(p,a,b,c,d,e,f,g,h,i,j,k)
#define IMAPISupport_DoCopyProps(p,a,b,c,d,e,f,g,h,i)    (p)->lpVtbl->DoCopyProps(p,a,b,c,d,e,f,g,h,i)
#define IMAPISupport_DoProgressDialog(p,a,b,c)           (p)->lpVtbl->DoProgressDialog(p,a,b,c)
#define IMAPISupport_ReadReceipt(p,a,b,c)                (p)->lpVtbl->ReadReceipt(p,a,b,c)
#define IMAPISupport_PrepareSubmit(p,a,b)                (p)->lpVtbl->PrepareSubmit(p,a,b)
#define IMAPISupport_ExpandRecips(p,a,b)                 (p)->lpVtbl->ExpandRecips(p,a,b)
#define IMAPISupport_UpdatePAB(p,a,b)                    (p)->lpVtbl->UpdatePAB(p,a,b)
#define IMAPISupport_DoSentMail(p,a,b)                   (p)->lpVtbl->DoSentMail(p,a,b)
#define IMAPISupport_OpenAddressBook(p,a,b,c)            (p)->lpVtbl->OpenAddressBook(p,a,b,c)
#define IMAPISupport_Preprocess(p,a,b,c)                 (p)->lpVtbl->Preprocess(p,a,b,c)
#define IMAPISupport_CompleteMsg(p,a,b,c)                (p)->lpVtbl->CompleteMsg(p,a,b,c)
#define IMAPISupport_StoreLogoffTransports(p,a)          (p)->lpVtbl->StoreLogoffTransports(p,a)
#define IMAPISupport_StatusRecips(p,a,b)                 (p)->lpVtbl->StatusRecips(p,a,b)
#define IMAPISupport_WrapStoreEntryID(p,a,b,c,d)         (p)->lpVtbl->WrapStoreEntryID(p,a,b,c,d)
#define IMAPISupport_ModifyProfile(p,a)                  (p)->lpVtbl->ModifyProfile(p,a)
#define IMAPISupport_IStorageFromStream(p,a,b,c,d)       (p)->lpVtbl->IStorageFromStream(p,a,b,c,d)
#define IMAPISupport_GetSvcConfigSupportObj(p,a,b)       (p)->lpVtbl->GetSvcConfigSupportObj(p,a,b)
#endif

/* The reference calls the interface identifier IID_IMAPISup. */
#ifndef IID_IMAPISupport
#define IID_IMAPISupport IID_IMAPISup
#endif

/*****************************************************************************
 * IXPProvider interface: a transport provider, returned by XPProviderInit
 */
#undef INTERFACE
#define INTERFACE IXPProvider
DECLARE_INTERFACE_(IXPProvider,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IXPProvider methods ***/
    STDMETHOD(Shutdown)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(TransportLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,
                              WINE_MAPISPI_LPTSTR lpszProfileName, ULONG *lpulFlags,
                              LPMAPIERROR *lppMAPIError, LPXPLOGON *lppXPLogon) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IXPProvider_QueryInterface(p,a,b)          (p)->lpVtbl->QueryInterface(p,a,b)
#define IXPProvider_AddRef(p)                      (p)->lpVtbl->AddRef(p)
#define IXPProvider_Release(p)                     (p)->lpVtbl->Release(p)
        /*** IXPProvider methods ***/
#define IXPProvider_Shutdown(p,a)                  (p)->lpVtbl->Shutdown(p,a)
#define IXPProvider_TransportLogon(p,a,b,c,d,e,f)  (p)->lpVtbl->TransportLogon(p,a,b,c,d,e,f)
#endif

/*****************************************************************************
 * IXPLogon interface: one transport logon, driven by the spooler
 */
#undef INTERFACE
#define INTERFACE IXPLogon
DECLARE_INTERFACE_(IXPLogon,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IXPLogon methods ***/
    STDMETHOD(AddressTypes)(THIS_ ULONG *lpulFlags, ULONG *lpcAdrType,
                            WINE_MAPISPI_LPTSTR **lpppszAdrTypeArray, ULONG *lpcMAPIUID,
                            LPMAPIUID **lpppUIDArray) PURE;
    STDMETHOD(RegisterOptions)(THIS_ ULONG *lpulFlags, ULONG *lpcOptions, LPOPTIONDATA *lppOptions) PURE;
    STDMETHOD(TransportNotify)(THIS_ ULONG *lpulFlags, LPVOID *lppvData) PURE;
    STDMETHOD(Idle)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(TransportLogoff)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(SubmitMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR *lpulMsgRef,
                             ULONG_PTR *lpulReturnParm) PURE;
    STDMETHOD(EndMessage)(THIS_ ULONG_PTR ulMsgRef, ULONG *lpulFlags) PURE;
    STDMETHOD(Poll)(THIS_ ULONG *lpulIncoming) PURE;
    STDMETHOD(StartMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR *lpulMsgRef) PURE;
    STDMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
                               LPMAPISTATUS *lppEntry) PURE;
    STDMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport,
                           LPENTRYID lpTargetTransport, ULONG ulFlags) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IXPLogon_QueryInterface(p,a,b)       (p)->lpVtbl->QueryInterface(p,a,b)
#define IXPLogon_AddRef(p)                   (p)->lpVtbl->AddRef(p)
#define IXPLogon_Release(p)                  (p)->lpVtbl->Release(p)
        /*** IXPLogon methods ***/
#define IXPLogon_AddressTypes(p,a,b,c,d,e)   (p)->lpVtbl->AddressTypes(p,a,b,c,d,e)
#define IXPLogon_RegisterOptions(p,a,b,c)    (p)->lpVtbl->RegisterOptions(p,a,b,c)
#define IXPLogon_TransportNotify(p,a,b)      (p)->lpVtbl->TransportNotify(p,a,b)
#define IXPLogon_Idle(p,a)                   (p)->lpVtbl->Idle(p,a)
#define IXPLogon_TransportLogoff(p,a)        (p)->lpVtbl->TransportLogoff(p,a)
#define IXPLogon_SubmitMessage(p,a,b,c,d)    (p)->lpVtbl->SubmitMessage(p,a,b,c,d)
#define IXPLogon_EndMessage(p,a,b)           (p)->lpVtbl->EndMessage(p,a,b)
#define IXPLogon_Poll(p,a)                   (p)->lpVtbl->Poll(p,a)
#define IXPLogon_StartMessage(p,a,b,c)       (p)->lpVtbl->StartMessage(p,a,b,c)
#define IXPLogon_OpenStatusEntry(p,a,b,c,d)  (p)->lpVtbl->OpenStatusEntry(p,a,b,c,d)
#define IXPLogon_ValidateState(p,a,b)        (p)->lpVtbl->ValidateState(p,a,b)
#define IXPLogon_FlushQueues(p,a,b,c,d)      (p)->lpVtbl->FlushQueues(p,a,b,c,d)
#endif

/*****************************************************************************
 * IMSProvider interface: a message store provider, returned by MSProviderInit
 */
#undef INTERFACE
#define INTERFACE IMSProvider
DECLARE_INTERFACE_(IMSProvider,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMSProvider methods ***/
    STDMETHOD(Shutdown)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, WINE_MAPISPI_LPTSTR lpszProfileName,
                     ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface,
                     ULONG *lpcbSpoolSecurity, LPBYTE *lppbSpoolSecurity, LPMAPIERROR *lppMAPIError,
                     LPMSLOGON *lppMSLogon, LPMDB *lppMDB) PURE;
    STDMETHOD(SpoolerLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam,
                            WINE_MAPISPI_LPTSTR lpszProfileName, ULONG cbEntryID, LPENTRYID lpEntryID,
                            ULONG ulFlags, LPCIID lpInterface, ULONG cbSpoolSecurity,
                            LPBYTE lpbSpoolSecurity, LPMAPIERROR *lppMAPIError, LPMSLOGON *lppMSLogon,
                            LPMDB *lppMDB) PURE;
    STDMETHOD(CompareStoreIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                               LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMSProvider_QueryInterface(p,a,b)                   (p)->lpVtbl->QueryInterface(p,a,b)
#define IMSProvider_AddRef(p)                               (p)->lpVtbl->AddRef(p)
#define IMSProvider_Release(p)                              (p)->lpVtbl->Release(p)
        /*** IMSProvider methods ***/
#define IMSProvider_Shutdown(p,a)                           (p)->lpVtbl->Shutdown(p,a)
#define IMSProvider_Logon(p,a,b,c,d,e,f,g,h,i,j,k,l)        (p)->lpVtbl->Logon(p,a,b,c,d,e,f,g,h,i,j,k,l)
#define IMSProvider_SpoolerLogon(p,a,b,c,d,e,f,g,h,i,j,k,l) (p)->lpVtbl->SpoolerLogon(p,a,b,c,d,e,f,g,h,i,j,k,l)
#define IMSProvider_CompareStoreIDs(p,a,b,c,d,e,f)          (p)->lpVtbl->CompareStoreIDs(p,a,b,c,d,e,f)
#endif

/*****************************************************************************
 * IMSLogon interface: MAPI's side of one message store logon
 */
#undef INTERFACE
#define INTERFACE IMSLogon
DECLARE_INTERFACE_(IMSLogon,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMSLogon methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(Logoff)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                         ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                               LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                      LPMAPIADVISESINK lpAdviseSink, ULONG *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG ulConnection) PURE;
    STDMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
                               LPVOID *lppEntry) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMSLogon_QueryInterface(p,a,b)         (p)->lpVtbl->QueryInterface(p,a,b)
#define IMSLogon_AddRef(p)                     (p)->lpVtbl->AddRef(p)
#define IMSLogon_Release(p)                    (p)->lpVtbl->Release(p)
        /*** IMSLogon methods ***/
#define IMSLogon_GetLastError(p,a,b,c)         (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMSLogon_Logoff(p,a)                   (p)->lpVtbl->Logoff(p,a)
#define IMSLogon_OpenEntry(p,a,b,c,d,e,f)      (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IMSLogon_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IMSLogon_Advise(p,a,b,c,d,e)           (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IMSLogon_Unadvise(p,a)                 (p)->lpVtbl->Unadvise(p,a)
#define IMSLogon_OpenStatusEntry(p,a,b,c,d)    (p)->lpVtbl->OpenStatusEntry(p,a,b,c,d)
#endif

/*****************************************************************************
 * IABProvider interface: an address book provider, returned by ABProviderInit
 */
#undef INTERFACE
#define INTERFACE IABProvider
DECLARE_INTERFACE_(IABProvider,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IABProvider methods ***/
    STDMETHOD(Shutdown)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, WINE_MAPISPI_LPTSTR lpszProfileName,
                     ULONG ulFlags, ULONG *lpulcbSecurity, LPBYTE *lppbSecurity,
                     LPMAPIERROR *lppMAPIError, LPABLOGON *lppABLogon) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IABProvider_QueryInterface(p,a,b)     (p)->lpVtbl->QueryInterface(p,a,b)
#define IABProvider_AddRef(p)                 (p)->lpVtbl->AddRef(p)
#define IABProvider_Release(p)                (p)->lpVtbl->Release(p)
        /*** IABProvider methods ***/
#define IABProvider_Shutdown(p,a)             (p)->lpVtbl->Shutdown(p,a)
#define IABProvider_Logon(p,a,b,c,d,e,f,g,h)  (p)->lpVtbl->Logon(p,a,b,c,d,e,f,g,h)
#endif

/*****************************************************************************
 * IABLogon interface: MAPI's side of one address book logon
 */
#undef INTERFACE
#define INTERFACE IABLogon
DECLARE_INTERFACE_(IABLogon,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IABLogon methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(Logoff)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                         ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                               LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                      LPMAPIADVISESINK lpAdviseSink, ULONG *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG ulConnection) PURE;
    STDMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
                               LPMAPISTATUS *lppEntry) PURE;
    STDMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID, LPENTRYID lpTemplateID, ULONG ulTemplateFlags,
                              LPMAPIPROP lpMAPIPropData, LPCIID lpInterface, LPMAPIPROP *lppMAPIPropNew,
                              LPMAPIPROP lpMAPIPropSibling) PURE;
    STDMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(PrepareRecips)(THIS_ ULONG ulFlags, LPSPropTagArray lpPropTagArray,
                             LPADRLIST lpRecipList) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IABLogon_QueryInterface(p,a,b)           (p)->lpVtbl->QueryInterface(p,a,b)
#define IABLogon_AddRef(p)                       (p)->lpVtbl->AddRef(p)
#define IABLogon_Release(p)                      (p)->lpVtbl->Release(p)
        /*** IABLogon methods ***/
#define IABLogon_GetLastError(p,a,b,c)           (p)->lpVtbl->GetLastError(p,a,b,c)
#define IABLogon_Logoff(p,a)                     (p)->lpVtbl->Logoff(p,a)
#define IABLogon_OpenEntry(p,a,b,c,d,e,f)        (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IABLogon_CompareEntryIDs(p,a,b,c,d,e,f)  (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IABLogon_Advise(p,a,b,c,d,e)             (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IABLogon_Unadvise(p,a)                   (p)->lpVtbl->Unadvise(p,a)
#define IABLogon_OpenStatusEntry(p,a,b,c,d)      (p)->lpVtbl->OpenStatusEntry(p,a,b,c,d)
#define IABLogon_OpenTemplateID(p,a,b,c,d,e,f,g) (p)->lpVtbl->OpenTemplateID(p,a,b,c,d,e,f,g)
#define IABLogon_GetOneOffTable(p,a,b)           (p)->lpVtbl->GetOneOffTable(p,a,b)
#define IABLogon_PrepareRecips(p,a,b,c)          (p)->lpVtbl->PrepareRecips(p,a,b,c)
#endif

/*****************************************************************************
 * Entry points of provider DLLs.  The three provider kinds export
 * MSProviderInit, ABProviderInit and XPProviderInit (C calling convention);
 * a message service exports the function named by PR_SERVICE_ENTRY_NAME
 * (WINAPI).
 */
typedef HRESULT (STDMAPIINITCALLTYPE MSPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
        ULONG ulFlags, ULONG ulMAPIVer, ULONG *lpulProviderVer, LPMSPROVIDER *lppMSProvider);
typedef MSPROVIDERINIT *LPMSPROVIDERINIT;

typedef HRESULT (STDMAPIINITCALLTYPE XPPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
        ULONG ulFlags, ULONG ulMAPIVer, ULONG *lpulProviderVer, LPXPPROVIDER *lppXPProvider);
typedef XPPROVIDERINIT *LPXPPROVIDERINIT;

typedef HRESULT (STDMAPIINITCALLTYPE ABPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
        LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer,
        ULONG ulFlags, ULONG ulMAPIVer, ULONG *lpulProviderVer, LPABPROVIDER *lppABProvider);
typedef ABPROVIDERINIT *LPABPROVIDERINIT;

typedef HRESULT (WINAPI MSGSERVICEENTRY)(HINSTANCE hInstance, LPMALLOC lpMalloc, LPMAPISUP lpMAPISup,
        ULONG_PTR ulUIParam, ULONG ulFlags, ULONG ulContext, ULONG cValues, LPSPropValue lpProps,
        LPPROVIDERADMIN lpProviderAdmin, LPMAPIERROR *lppMapiError);
typedef MSGSERVICEENTRY *LPMSGSERVICEENTRY;

#undef WINE_MAPISPI_LPTSTR

#ifdef __cplusplus
}
#endif

#endif /* MAPISPI_H */
