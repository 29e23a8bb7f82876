/*
 * IMessage on structured storage: OpenIMsgSession, OpenIMsgOnIStg and the
 * property attributes of such messages
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Wine's headers have no imessage.h; this one declares what the MAPI
 * reference documents for it, with the values of the Windows SDK.
 */

#ifndef __WINE_MAPI_IMESSAGE_H
#define __WINE_MAPI_IMESSAGE_H

#include <stddef.h>
#include <mapidefs.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A message session: groups the messages opened on storages in it. */
typedef struct _MSGSESS MSGSESS, *LPMSGSESS;

/* Called after the last release of a message from OpenIMsgOnIStg. */
typedef void (WINAPI MSGCALLRELEASE)(ULONG caller_data, LPMESSAGE message);

/* OpenIMsgOnIStg: SaveChanges does not commit the storage. */
#define IMSG_NO_ISTG_COMMIT     0x00000001

/* Property attributes: GetAttribIMsgOnIStg and SetAttribIMsgOnIStg. */
#define PROPATTR_MANDATORY      0x00000001
#define PROPATTR_READABLE       0x00000002
#define PROPATTR_WRITEABLE      0x00000004
#define PROPATTR_NOT_PRESENT    0x00000008

typedef struct _SPropAttrArray
{
    ULONG cValues;
    ULONG aPropAttr[MAPI_DIM];
} SPropAttrArray, *LPSPropAttrArray;

#define CbNewSPropAttrArray(count) (offsetof(SPropAttrArray, aPropAttr) + (count) * sizeof(ULONG))
#define CbSPropAttrArray(array) (offsetof(SPropAttrArray, aPropAttr) + (array)->cValues * sizeof(ULONG))
#define SizedSPropAttrArray(count, name) \
    struct _SPropAttrArray_##name { ULONG cValues; ULONG aPropAttr[count]; } name

SCODE WINAPI OpenIMsgSession(LPMALLOC malloc, ULONG flags, LPMSGSESS *session);
void WINAPI CloseIMsgSession(LPMSGSESS session);
SCODE WINAPI OpenIMsgOnIStg(LPMSGSESS session, LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more,
        LPFREEBUFFER free_buffer, LPMALLOC malloc, void *support, LPSTORAGE storage, MSGCALLRELEASE *release,
        ULONG caller_data, ULONG flags, LPMESSAGE *message);
HRESULT WINAPI GetAttribIMsgOnIStg(void *object, LPSPropTagArray tags, LPSPropAttrArray *attribs);
HRESULT WINAPI SetAttribIMsgOnIStg(void *object, LPSPropTagArray tags, LPSPropAttrArray attribs,
        LPSPropProblemArray *problems);

typedef SCODE (WINAPI *LPOPENIMSGSESSION)(LPMALLOC, ULONG, LPMSGSESS *);
typedef void (WINAPI *LPCLOSEIMSGSESSION)(LPMSGSESS);
typedef SCODE (WINAPI *LPOPENIMSGONISTG)(LPMSGSESS, LPALLOCATEBUFFER, LPALLOCATEMORE, LPFREEBUFFER, LPMALLOC,
        void *, LPSTORAGE, MSGCALLRELEASE *, ULONG, ULONG, LPMESSAGE *);
typedef HRESULT (WINAPI *LPGETATTRIBIMSGONISTG)(void *, LPSPropTagArray, LPSPropAttrArray *);
typedef HRESULT (WINAPI *LPSETATTRIBIMSGONISTG)(void *, LPSPropTagArray, LPSPropAttrArray, LPSPropProblemArray *);

#ifdef __cplusplus
}
#endif

#endif /* __WINE_MAPI_IMESSAGE_H */
