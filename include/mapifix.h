/*
 * Declarations that Wine 8.0's MAPI headers lack
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each one is guarded, so this header also compiles where another set of
 * headers (mingw-w64's, a later Wine's) already has it.
 */

#ifndef __WINE_MAPI_MAPIFIX_H
#define __WINE_MAPI_MAPIFIX_H

#include <stddef.h>
#include <mapidefs.h>

/* Flags of IMAPIProp::CopyTo / CopyProps and GetNamesFromIDs. */
#ifndef MAPI_MOVE
#define MAPI_MOVE 0x00000001
#endif
#ifndef MAPI_NOREPLACE
#define MAPI_NOREPLACE 0x00000002
#endif
#ifndef MAPI_DECLINE_OK
#define MAPI_DECLINE_OK 0x00000004
#endif
#ifndef MAPI_DIALOG
#define MAPI_DIALOG 0x00000008
#endif
#ifndef MAPI_NO_STRINGS
#define MAPI_NO_STRINGS 0x00000001
#endif
#ifndef MAPI_NO_IDS
#define MAPI_NO_IDS 0x00000002
#endif
#ifndef MAPI_DEFERRED_ERRORS
#define MAPI_DEFERRED_ERRORS 0x00000008
#endif
#ifndef MAPI_ERROR_VERSION
#define MAPI_ERROR_VERSION 0
#endif
#ifndef MAPI_TOP_LEVEL
#define MAPI_TOP_LEVEL 0x00000001
#endif
#ifndef SPAMFILTER_ONSAVE
#define SPAMFILTER_ONSAVE 0x00000080
#endif
#ifndef NON_EMS_XP_SAVE
#define NON_EMS_XP_SAVE 0x00001000
#endif
#ifndef CbNewSPropProblemArray
#define CbNewSPropProblemArray(c) (offsetof(SPropProblemArray, aProblem) + (c) * sizeof(SPropProblem))
#endif

/* Wine's mapidefs.h names IMAPIProgress but does not declare its methods. */
#ifndef IMAPIProgress_Progress
#define INTERFACE IMAPIProgress
DECLARE_INTERFACE_(IMAPIProgress, IUnknown)
{
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **out) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    STDMETHOD(Progress)(THIS_ ULONG value, ULONG count, ULONG total) PURE;
    STDMETHOD(GetFlags)(THIS_ ULONG *flags) PURE;
    STDMETHOD(GetMax)(THIS_ ULONG *max) PURE;
    STDMETHOD(GetMin)(THIS_ ULONG *min) PURE;
    STDMETHOD(SetLimits)(THIS_ ULONG *min, ULONG *max, ULONG *flags) PURE;
};
#undef INTERFACE
#define IMAPIProgress_Progress(p, a, b, c) (p)->lpVtbl->Progress(p, a, b, c)
#define IMAPIProgress_GetFlags(p, a)       (p)->lpVtbl->GetFlags(p, a)
#define IMAPIProgress_GetMax(p, a)         (p)->lpVtbl->GetMax(p, a)
#define IMAPIProgress_GetMin(p, a)         (p)->lpVtbl->GetMin(p, a)
#endif

/* WrapCompressedRTFStream and RTFSync. */
#ifndef STORE_UNCOMPRESSED_RTF
#define STORE_UNCOMPRESSED_RTF 0x00008000
#endif
#ifndef MAPI_NATIVE_BODY
#define MAPI_NATIVE_BODY 0x00010000
#endif
#ifndef RTF_SYNC_RTF_CHANGED
#define RTF_SYNC_RTF_CHANGED 0x00000001
#endif
#ifndef RTF_SYNC_BODY_CHANGED
#define RTF_SYNC_BODY_CHANGED 0x00000002
#endif

/* Tables: IMAPITable flags, sort orders and restriction values. */
#ifndef TBL_ALL_COLUMNS
#define TBL_ALL_COLUMNS 0x00000001
#endif
#ifndef TBL_NOADVANCE
#define TBL_NOADVANCE 0x00000001
#endif
#ifndef TABLE_SORT_CATEG_MAX
#define TABLE_SORT_CATEG_MAX 4U
#define TABLE_SORT_CATEG_MIN 8U
#endif
#ifndef BMR_EQZ
#define BMR_EQZ 0U
#define BMR_NEZ 1U
#endif
#ifndef RES_COUNT
#define RES_COUNT 11U
#endif
#ifndef RES_ANNOTATION
#define RES_ANNOTATION 12U
#endif
#ifndef CbNewSSortOrderSet
#define CbNewSSortOrderSet(c) (offsetof(SSortOrderSet, aSort) + (c) * sizeof(SSortOrder))
#define CbSSortOrderSet(p) CbNewSSortOrderSet((p)->cSorts)
#endif
#ifndef SizedSSortOrderSet
#define SizedSSortOrderSet(n, name) \
    struct _SSortOrderSet_##name \
    { \
        ULONG cSorts; \
        ULONG cCategories; \
        ULONG cExpanded; \
        SSortOrder aSort[n]; \
    } name
#endif

/* Wine 8.0's mapidefs.h misspells Restrict and gives SeekRow and
 * QueryPosition one argument too few. */
#undef IMAPITable_Restrict
#define IMAPITable_Restrict(p, a, b)        (p)->lpVtbl->Restrict(p, a, b)
#undef IMAPITable_SeekRow
#define IMAPITable_SeekRow(p, a, b, c)      (p)->lpVtbl->SeekRow(p, a, b, c)
#undef IMAPITable_QueryPosition
#define IMAPITable_QueryPosition(p, a, b, c) (p)->lpVtbl->QueryPosition(p, a, b, c)

#endif /* __WINE_MAPI_MAPIFIX_H */
