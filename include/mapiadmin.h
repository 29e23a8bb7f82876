/*
 * Profile administration and address-book interfaces that Wine 8.0's
 * mapix.h and mapidefs.h name but do not declare: IProfAdmin,
 * IMsgServiceAdmin, IProviderAdmin, IProfSect, IAddrBook, IABContainer,
 * IMailUser and IDistList, with their C macros.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_MAPI_MAPIADMIN_H
#define __WINE_MAPI_MAPIADMIN_H

#include <mapidefs.h>
#include <mapix.h>
#include <mapispi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* IProfAdmin::CreateProfile, IMsgServiceAdmin and IMAPISession::Logoff flags. */
#ifndef MAPI_DEFAULT_SERVICES
#define MAPI_DEFAULT_SERVICES   ((ULONG)0x00000001)
#endif
#ifndef SERVICE_UI_ALWAYS
#define SERVICE_UI_ALWAYS       ((ULONG)0x00000002)
#endif
#ifndef SERVICE_UI_ALLOWED
#define SERVICE_UI_ALLOWED      ((ULONG)0x00000010)
#endif
#ifndef MAPI_LOGOFF_SHARED
#define MAPI_LOGOFF_SHARED      ((ULONG)0x00000001)
#define MAPI_LOGOFF_UI          ((ULONG)0x00000002)
#endif
#ifndef MAPI_DEFAULT_STORE
#define MAPI_DEFAULT_STORE      ((ULONG)0x00000001)
#define MAPI_SIMPLE_STORE_TEMPORARY ((ULONG)0x00000002)
#define MAPI_SIMPLE_STORE_PERMANENT ((ULONG)0x00000003)
#define MAPI_PRIMARY_STORE      ((ULONG)0x00000004)
#define MAPI_SECONDARY_STORE    ((ULONG)0x00000005)
#endif
#ifndef MAPI_NO_CACHE
#define MAPI_NO_CACHE           ((ULONG)0x00000200)
#endif
#ifndef MAPI_CACHE_ONLY
#define MAPI_CACHE_ONLY         ((ULONG)0x00004000)
#endif
#ifndef MAPI_SEND_NO_RICH_INFO
#define MAPI_SEND_NO_RICH_INFO  ((ULONG)0x00010000)
#endif
#ifndef MAPI_ONE_OFF_UNICODE
#define MAPI_ONE_OFF_UNICODE    ((ULONG)0x00008000)
#define MAPI_ONE_OFF_NO_RICH_INFO ((ULONG)0x00010000)
#endif
#ifndef MAPI_DIALOG
#define MAPI_DIALOG             ((ULONG)0x00000008)
#endif
#ifndef AB_NO_DIALOG
#define AB_NO_DIALOG            ((ULONG)0x00000001)
#endif
#ifndef MAPI_AB_NOMODIFY
#define MAPI_AB_NOMODIFY        ((ULONG)0x00000400)
#endif
#ifndef DIALOG_MODAL
#define DIALOG_MODAL            ((ULONG)0x00000001)
#define DIALOG_SDI              ((ULONG)0x00000002)
#define DIALOG_OPTIONS          ((ULONG)0x00000004)
#endif

/* The methods of IMAPIProp, first in every interface below that derives
 * from it. */
#define MAPIPROP_METHODS \
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **out) PURE; \
    STDMETHOD_(ULONG, AddRef)(THIS) PURE; \
    STDMETHOD_(ULONG, Release)(THIS) PURE; \
    STDMETHOD(GetLastError)(THIS_ HRESULT hr, ULONG flags, LPMAPIERROR *error) PURE; \
    STDMETHOD(SaveChanges)(THIS_ ULONG flags) PURE; \
    STDMETHOD(GetProps)(THIS_ LPSPropTagArray tags, ULONG flags, ULONG *count, LPSPropValue *props) PURE; \
    STDMETHOD(GetPropList)(THIS_ ULONG flags, LPSPropTagArray *tags) PURE; \
    STDMETHOD(OpenProperty)(THIS_ ULONG tag, LPCIID iid, ULONG options, ULONG flags, LPUNKNOWN *out) PURE; \
    STDMETHOD(SetProps)(THIS_ ULONG count, LPSPropValue props, LPSPropProblemArray *problems) PURE; \
    STDMETHOD(DeleteProps)(THIS_ LPSPropTagArray tags, LPSPropProblemArray *problems) PURE; \
    STDMETHOD(CopyTo)(THIS_ ULONG count, LPCIID excluded, LPSPropTagArray exclude, ULONG_PTR ui, \
            LPMAPIPROGRESS progress, LPCIID iid, LPVOID dest, ULONG flags, LPSPropProblemArray *problems) PURE; \
    STDMETHOD(CopyProps)(THIS_ LPSPropTagArray tags, ULONG_PTR ui, LPMAPIPROGRESS progress, LPCIID iid, \
            LPVOID dest, ULONG flags, LPSPropProblemArray *problems) PURE; \
    STDMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray *tags, LPGUID guid, ULONG flags, ULONG *count, \
            LPMAPINAMEID **names) PURE; \
    STDMETHOD(GetIDsFromNames)(THIS_ ULONG count, LPMAPINAMEID *names, ULONG flags, LPSPropTagArray *tags) PURE;

/*****************************************************************************
 * IProfSect: IMAPIProp without transactions
 */
#define INTERFACE IProfSect
DECLARE_INTERFACE_(IProfSect, IMAPIProp)
{
    MAPIPROP_METHODS
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IProfSect_QueryInterface(p,a,b)         (p)->lpVtbl->QueryInterface(p,a,b)
#define IProfSect_AddRef(p)                     (p)->lpVtbl->AddRef(p)
#define IProfSect_Release(p)                    (p)->lpVtbl->Release(p)
#define IProfSect_GetLastError(p,a,b,c)         (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProfSect_SaveChanges(p,a)              (p)->lpVtbl->SaveChanges(p,a)
#define IProfSect_GetProps(p,a,b,c,d)           (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IProfSect_GetPropList(p,a,b)            (p)->lpVtbl->GetPropList(p,a,b)
#define IProfSect_OpenProperty(p,a,b,c,d,e)     (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IProfSect_SetProps(p,a,b,c)             (p)->lpVtbl->SetProps(p,a,b,c)
#define IProfSect_DeleteProps(p,a,b)            (p)->lpVtbl->DeleteProps(p,a,b)
#define IProfSect_CopyTo(p,a,b,c,d,e,f,g,h,i)   (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IProfSect_CopyProps(p,a,b,c,d,e,f,g)    (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IProfSect_GetNamesFromIDs(p,a,b,c,d,e)  (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IProfSect_GetIDsFromNames(p,a,b,c,d)    (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#endif

/*****************************************************************************
 * IProviderAdmin
 */
#define INTERFACE IProviderAdmin
DECLARE_INTERFACE_(IProviderAdmin, IUnknown)
{
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **out) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    STDMETHOD(GetLastError)(THIS_ HRESULT hr, ULONG flags, LPMAPIERROR *error) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG flags, LPMAPITABLE *table) PURE;
    STDMETHOD(CreateProvider)(THIS_ LPSTR name, ULONG count, LPSPropValue props, ULONG_PTR ui,
            ULONG flags, MAPIUID *uid) PURE;
    STDMETHOD(DeleteProvider)(THIS_ LPMAPIUID uid) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID uid, LPCIID iid, ULONG flags, LPPROFSECT *section) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IProviderAdmin_QueryInterface(p,a,b)        (p)->lpVtbl->QueryInterface(p,a,b)
#define IProviderAdmin_AddRef(p)                    (p)->lpVtbl->AddRef(p)
#define IProviderAdmin_Release(p)                   (p)->lpVtbl->Release(p)
#define IProviderAdmin_GetLastError(p,a,b,c)        (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProviderAdmin_GetProviderTable(p,a,b)      (p)->lpVtbl->GetProviderTable(p,a,b)
#define IProviderAdmin_CreateProvider(p,a,b,c,d,e,f) (p)->lpVtbl->CreateProvider(p,a,b,c,d,e,f)
#define IProviderAdmin_DeleteProvider(p,a)          (p)->lpVtbl->DeleteProvider(p,a)
#define IProviderAdmin_OpenProfileSection(p,a,b,c,d) (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#endif

/*****************************************************************************
 * IMsgServiceAdmin
 */
#define INTERFACE IMsgServiceAdmin
DECLARE_INTERFACE_(IMsgServiceAdmin, IUnknown)
{
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **out) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    STDMETHOD(GetLastError)(THIS_ HRESULT hr, ULONG flags, LPMAPIERROR *error) PURE;
    STDMETHOD(GetMsgServiceTable)(THIS_ ULONG flags, LPMAPITABLE *table) PURE;
    STDMETHOD(CreateMsgService)(THIS_ LPSTR service, LPSTR display_name, ULONG_PTR ui, ULONG flags) PURE;
    STDMETHOD(DeleteMsgService)(THIS_ LPMAPIUID uid) PURE;
    STDMETHOD(CopyMsgService)(THIS_ LPMAPIUID uid, LPSTR display_name, LPCIID src_iid, LPCIID dest_iid,
            LPVOID dest, ULONG_PTR ui, ULONG flags) PURE;
    STDMETHOD(RenameMsgService)(THIS_ LPMAPIUID uid, ULONG flags, LPSTR display_name) PURE;
    STDMETHOD(ConfigureMsgService)(THIS_ LPMAPIUID uid, ULONG_PTR ui, ULONG flags, ULONG count,
            LPSPropValue props) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID uid, LPCIID iid, ULONG flags, LPPROFSECT *section) PURE;
    STDMETHOD(MsgServiceTransportOrder)(THIS_ ULONG count, LPMAPIUID uids, ULONG flags) PURE;
    STDMETHOD(AdminProviders)(THIS_ LPMAPIUID uid, ULONG flags, LPPROVIDERADMIN *admin) PURE;
    STDMETHOD(SetPrimaryIdentity)(THIS_ LPMAPIUID uid, ULONG flags) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG flags, LPMAPITABLE *table) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMsgServiceAdmin_QueryInterface(p,a,b)          (p)->lpVtbl->QueryInterface(p,a,b)
#define IMsgServiceAdmin_AddRef(p)                      (p)->lpVtbl->AddRef(p)
#define IMsgServiceAdmin_Release(p)                     (p)->lpVtbl->Release(p)
#define IMsgServiceAdmin_GetLastError(p,a,b,c)          (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMsgServiceAdmin_GetMsgServiceTable(p,a,b)      (p)->lpVtbl->GetMsgServiceTable(p,a,b)
#define IMsgServiceAdmin_CreateMsgService(p,a,b,c,d)    (p)->lpVtbl->CreateMsgService(p,a,b,c,d)
#define IMsgServiceAdmin_DeleteMsgService(p,a)          (p)->lpVtbl->DeleteMsgService(p,a)
#define IMsgServiceAdmin_CopyMsgService(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyMsgService(p,a,b,c,d,e,f,g)
#define IMsgServiceAdmin_RenameMsgService(p,a,b,c)      (p)->lpVtbl->RenameMsgService(p,a,b,c)
#define IMsgServiceAdmin_ConfigureMsgService(p,a,b,c,d,e) (p)->lpVtbl->ConfigureMsgService(p,a,b,c,d,e)
#define IMsgServiceAdmin_OpenProfileSection(p,a,b,c,d)  (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#define IMsgServiceAdmin_MsgServiceTransportOrder(p,a,b,c) (p)->lpVtbl->MsgServiceTransportOrder(p,a,b,c)
#define IMsgServiceAdmin_AdminProviders(p,a,b,c)        (p)->lpVtbl->AdminProviders(p,a,b,c)
#define IMsgServiceAdmin_SetPrimaryIdentity(p,a,b)      (p)->lpVtbl->SetPrimaryIdentity(p,a,b)
#define IMsgServiceAdmin_GetProviderTable(p,a,b)        (p)->lpVtbl->GetProviderTable(p,a,b)
#endif

/*****************************************************************************
 * IProfAdmin
 */
#define INTERFACE IProfAdmin
DECLARE_INTERFACE_(IProfAdmin, IUnknown)
{
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **out) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    STDMETHOD(GetLastError)(THIS_ HRESULT hr, ULONG flags, LPMAPIERROR *error) PURE;
    STDMETHOD(GetProfileTable)(THIS_ ULONG flags, LPMAPITABLE *table) PURE;
    STDMETHOD(CreateProfile)(THIS_ LPSTR name, LPSTR password, ULONG_PTR ui, ULONG flags) PURE;
    STDMETHOD(DeleteProfile)(THIS_ LPSTR name, ULONG flags) PURE;
    STDMETHOD(ChangeProfilePassword)(THIS_ LPSTR name, LPSTR old_password, LPSTR new_password,
            ULONG flags) PURE;
    STDMETHOD(CopyProfile)(THIS_ LPSTR old_name, LPSTR old_password, LPSTR new_name, ULONG_PTR ui,
            ULONG flags) PURE;
    STDMETHOD(RenameProfile)(THIS_ LPSTR old_name, LPSTR old_password, LPSTR new_name, ULONG_PTR ui,
            ULONG flags) PURE;
    STDMETHOD(SetDefaultProfile)(THIS_ LPSTR name, ULONG flags) PURE;
    STDMETHOD(AdminServices)(THIS_ LPSTR name, LPSTR password, ULONG_PTR ui, ULONG flags,
            LPSERVICEADMIN *admin) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IProfAdmin_QueryInterface(p,a,b)            (p)->lpVtbl->QueryInterface(p,a,b)
#define IProfAdmin_AddRef(p)                        (p)->lpVtbl->AddRef(p)
#define IProfAdmin_Release(p)                       (p)->lpVtbl->Release(p)
#define IProfAdmin_GetLastError(p,a,b,c)            (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProfAdmin_GetProfileTable(p,a,b)           (p)->lpVtbl->GetProfileTable(p,a,b)
#define IProfAdmin_CreateProfile(p,a,b,c,d)         (p)->lpVtbl->CreateProfile(p,a,b,c,d)
#define IProfAdmin_DeleteProfile(p,a,b)             (p)->lpVtbl->DeleteProfile(p,a,b)
#define IProfAdmin_ChangeProfilePassword(p,a,b,c,d) (p)->lpVtbl->ChangeProfilePassword(p,a,b,c,d)
#define IProfAdmin_CopyProfile(p,a,b,c,d,e)         (p)->lpVtbl->CopyProfile(p,a,b,c,d,e)
#define IProfAdmin_RenameProfile(p,a,b,c,d,e)       (p)->lpVtbl->RenameProfile(p,a,b,c,d,e)
#define IProfAdmin_SetDefaultProfile(p,a,b)         (p)->lpVtbl->SetDefaultProfile(p,a,b)
#define IProfAdmin_AdminServices(p,a,b,c,d,e)       (p)->lpVtbl->AdminServices(p,a,b,c,d,e)
#endif

/*****************************************************************************
 * IAddrBook
 */
#define INTERFACE IAddrBook
DECLARE_INTERFACE_(IAddrBook, IMAPIProp)
{
    MAPIPROP_METHODS
    STDMETHOD(OpenEntry)(THIS_ ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags, ULONG *type,
            LPUNKNOWN *out) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cb1, LPENTRYID eid1, ULONG cb2, LPENTRYID eid2, ULONG flags,
            ULONG *result) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cb, LPENTRYID eid, ULONG mask, LPMAPIADVISESINK sink,
            ULONG_PTR *connection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR connection) PURE;
    STDMETHOD(CreateOneOff)(THIS_ LPSTR name, LPSTR adrtype, LPSTR address, ULONG flags, ULONG *cb,
            LPENTRYID *eid) PURE;
    STDMETHOD(NewEntry)(THIS_ ULONG_PTR ui, ULONG flags, ULONG cb_container, LPENTRYID container,
            ULONG cb_template, LPENTRYID template_eid, ULONG *cb_new, LPENTRYID *new_eid) PURE;
    STDMETHOD(ResolveName)(THIS_ ULONG_PTR ui, ULONG flags, LPSTR title, LPADRLIST list) PURE;
    STDMETHOD(Address)(THIS_ ULONG_PTR *ui, LPADRPARM params, LPADRLIST *list) PURE;
    STDMETHOD(Details)(THIS_ ULONG_PTR *ui, LPFNDISMISS dismiss, LPVOID dismiss_context, ULONG cb,
            LPENTRYID eid, LPFNBUTTON button, LPVOID button_context, LPSTR button_text, ULONG flags) PURE;
    STDMETHOD(RecipOptions)(THIS_ ULONG_PTR ui, ULONG flags, LPADRENTRY recip) PURE;
    STDMETHOD(QueryDefaultRecipOpt)(THIS_ LPSTR adrtype, ULONG flags, ULONG *count, LPSPropValue *options) PURE;
    STDMETHOD(GetPAB)(THIS_ ULONG *cb, LPENTRYID *eid) PURE;
    STDMETHOD(SetPAB)(THIS_ ULONG cb, LPENTRYID eid) PURE;
    STDMETHOD(GetDefaultDir)(THIS_ ULONG *cb, LPENTRYID *eid) PURE;
    STDMETHOD(SetDefaultDir)(THIS_ ULONG cb, LPENTRYID eid) PURE;
    STDMETHOD(GetSearchPath)(THIS_ ULONG flags, LPSRowSet *path) PURE;
    STDMETHOD(SetSearchPath)(THIS_ ULONG flags, LPSRowSet path) PURE;
    STDMETHOD(PrepareRecips)(THIS_ ULONG flags, LPSPropTagArray tags, LPADRLIST recips) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IAddrBook_QueryInterface(p,a,b)             (p)->lpVtbl->QueryInterface(p,a,b)
#define IAddrBook_AddRef(p)                         (p)->lpVtbl->AddRef(p)
#define IAddrBook_Release(p)                        (p)->lpVtbl->Release(p)
#define IAddrBook_GetLastError(p,a,b,c)             (p)->lpVtbl->GetLastError(p,a,b,c)
#define IAddrBook_SaveChanges(p,a)                  (p)->lpVtbl->SaveChanges(p,a)
#define IAddrBook_GetProps(p,a,b,c,d)               (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IAddrBook_GetPropList(p,a,b)                (p)->lpVtbl->GetPropList(p,a,b)
#define IAddrBook_OpenProperty(p,a,b,c,d,e)         (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IAddrBook_SetProps(p,a,b,c)                 (p)->lpVtbl->SetProps(p,a,b,c)
#define IAddrBook_DeleteProps(p,a,b)                (p)->lpVtbl->DeleteProps(p,a,b)
#define IAddrBook_CopyTo(p,a,b,c,d,e,f,g,h,i)       (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IAddrBook_CopyProps(p,a,b,c,d,e,f,g)        (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IAddrBook_GetNamesFromIDs(p,a,b,c,d,e)      (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IAddrBook_GetIDsFromNames(p,a,b,c,d)        (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IAddrBook_OpenEntry(p,a,b,c,d,e,f)          (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IAddrBook_CompareEntryIDs(p,a,b,c,d,e,f)    (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IAddrBook_Advise(p,a,b,c,d,e)               (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IAddrBook_Unadvise(p,a)                     (p)->lpVtbl->Unadvise(p,a)
#define IAddrBook_CreateOneOff(p,a,b,c,d,e,f)       (p)->lpVtbl->CreateOneOff(p,a,b,c,d,e,f)
#define IAddrBook_NewEntry(p,a,b,c,d,e,f,g,h)       (p)->lpVtbl->NewEntry(p,a,b,c,d,e,f,g,h)
#define IAddrBook_ResolveName(p,a,b,c,d)            (p)->lpVtbl->ResolveName(p,a,b,c,d)
#define IAddrBook_Address(p,a,b,c)                  (p)->lpVtbl->Address(p,a,b,c)
#define IAddrBook_Details(p,a,b,c,d,e,f,g,h,i)      (p)->lpVtbl->Details(p,a,b,c,d,e,f,g,h,i)
#define IAddrBook_RecipOptions(p,a,b,c)             (p)->lpVtbl->RecipOptions(p,a,b,c)
#define IAddrBook_QueryDefaultRecipOpt(p,a,b,c,d)   (p)->lpVtbl->QueryDefaultRecipOpt(p,a,b,c,d)
#define IAddrBook_GetPAB(p,a,b)                     (p)->lpVtbl->GetPAB(p,a,b)
#define IAddrBook_SetPAB(p,a,b)                     (p)->lpVtbl->SetPAB(p,a,b)
#define IAddrBook_GetDefaultDir(p,a,b)              (p)->lpVtbl->GetDefaultDir(p,a,b)
#define IAddrBook_SetDefaultDir(p,a,b)              (p)->lpVtbl->SetDefaultDir(p,a,b)
#define IAddrBook_GetSearchPath(p,a,b)              (p)->lpVtbl->GetSearchPath(p,a,b)
#define IAddrBook_SetSearchPath(p,a,b)              (p)->lpVtbl->SetSearchPath(p,a,b)
#define IAddrBook_PrepareRecips(p,a,b,c)            (p)->lpVtbl->PrepareRecips(p,a,b,c)
#endif

/* ResolveNames' flag list. */
#ifndef MAPI_UNRESOLVED
typedef struct
{
    ULONG cFlags;
    ULONG ulFlag[MAPI_DIM];
} FlagList, *LPFlagList;
#define MAPI_UNRESOLVED         ((ULONG)0x00000000)
#define MAPI_AMBIGUOUS          ((ULONG)0x00000001)
#define MAPI_RESOLVED           ((ULONG)0x00000002)
#endif
#ifndef CbNewFlagList
#define CbNewFlagList(c) (offsetof(FlagList, ulFlag) + (c) * sizeof(ULONG))
#endif

/*****************************************************************************
 * IABContainer and IDistList (IMAPIContainer plus entry management)
 */
#define ABCONTAINER_METHODS \
    MAPIPROP_METHODS \
    STDMETHOD(GetContentsTable)(THIS_ ULONG flags, LPMAPITABLE *table) PURE; \
    STDMETHOD(GetHierarchyTable)(THIS_ ULONG flags, LPMAPITABLE *table) PURE; \
    STDMETHOD(OpenEntry)(THIS_ ULONG cb, LPENTRYID eid, LPCIID iid, ULONG flags, ULONG *type, \
            LPUNKNOWN *out) PURE; \
    STDMETHOD(SetSearchCriteria)(THIS_ LPSRestriction res, LPENTRYLIST containers, ULONG flags) PURE; \
    STDMETHOD(GetSearchCriteria)(THIS_ ULONG flags, LPSRestriction *res, LPENTRYLIST *containers, \
            ULONG *state) PURE; \
    STDMETHOD(CreateEntry)(THIS_ ULONG cb, LPENTRYID eid, ULONG flags, LPMAPIPROP *entry) PURE; \
    STDMETHOD(CopyEntries)(THIS_ LPENTRYLIST entries, ULONG_PTR ui, LPMAPIPROGRESS progress, \
            ULONG flags) PURE; \
    STDMETHOD(DeleteEntries)(THIS_ LPENTRYLIST entries, ULONG flags) PURE; \
    STDMETHOD(ResolveNames)(THIS_ LPSPropTagArray tags, ULONG flags, LPADRLIST list, \
            LPFlagList resolved) PURE;

#define INTERFACE IABContainer
DECLARE_INTERFACE_(IABContainer, IMAPIContainer)
{
    ABCONTAINER_METHODS
};
#undef INTERFACE

#define INTERFACE IDistList
DECLARE_INTERFACE_(IDistList, IMAPIContainer)
{
    ABCONTAINER_METHODS
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IABContainer_QueryInterface(p,a,b)          (p)->lpVtbl->QueryInterface(p,a,b)
#define IABContainer_AddRef(p)                      (p)->lpVtbl->AddRef(p)
#define IABContainer_Release(p)                     (p)->lpVtbl->Release(p)
#define IABContainer_GetProps(p,a,b,c,d)            (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IABContainer_GetContentsTable(p,a,b)        (p)->lpVtbl->GetContentsTable(p,a,b)
#define IABContainer_GetHierarchyTable(p,a,b)       (p)->lpVtbl->GetHierarchyTable(p,a,b)
#define IABContainer_OpenEntry(p,a,b,c,d,e,f)       (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IABContainer_CreateEntry(p,a,b,c,d)         (p)->lpVtbl->CreateEntry(p,a,b,c,d)
#define IABContainer_CopyEntries(p,a,b,c,d)         (p)->lpVtbl->CopyEntries(p,a,b,c,d)
#define IABContainer_DeleteEntries(p,a,b)           (p)->lpVtbl->DeleteEntries(p,a,b)
#define IABContainer_ResolveNames(p,a,b,c,d)        (p)->lpVtbl->ResolveNames(p,a,b,c,d)
#endif

/*****************************************************************************
 * IMailUser: IMAPIProp
 */
#define INTERFACE IMailUser
DECLARE_INTERFACE_(IMailUser, IMAPIProp)
{
    MAPIPROP_METHODS
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMailUser_QueryInterface(p,a,b)     (p)->lpVtbl->QueryInterface(p,a,b)
#define IMailUser_AddRef(p)                 (p)->lpVtbl->AddRef(p)
#define IMailUser_Release(p)                (p)->lpVtbl->Release(p)
#define IMailUser_GetProps(p,a,b,c,d)       (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMailUser_GetPropList(p,a,b)        (p)->lpVtbl->GetPropList(p,a,b)
#define IMailUser_SetProps(p,a,b,c)         (p)->lpVtbl->SetProps(p,a,b,c)
#endif

/* Wine 8.0's mapix.h puts a stray parenthesis in this one. */
#undef IMAPISession_MessageOptions
#define IMAPISession_MessageOptions(p,a,b,c,d) (p)->lpVtbl->MessageOptions(p,a,b,c,d)

#ifdef __cplusplus
}
#endif

#endif /* __WINE_MAPI_MAPIADMIN_H */
