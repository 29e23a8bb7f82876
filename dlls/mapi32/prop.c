/*
 * mapi32: property value helpers: copy, size, compare, find, count, relocate
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Placeholders until this file is written: each one fails. */
SCODE WINAPI PropCopyMore(LPSPropValue dst, LPSPropValue src, ALLOCATEMORE *allocate_more, void *parent)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

ULONG WINAPI UlPropSize(LPSPropValue prop)
{
    FIXME("not implemented yet.\n");
    return 0;
}

BOOL WINAPI FPropContainsProp(LPSPropValue haystack, LPSPropValue needle, ULONG fuzzy)
{
    FIXME("not implemented yet.\n");
    return FALSE;
}

BOOL WINAPI FPropCompareProp(LPSPropValue left, ULONG relop, LPSPropValue right)
{
    FIXME("not implemented yet.\n");
    return FALSE;
}

LONG WINAPI LPropCompareProp(LPSPropValue left, LPSPropValue right)
{
    FIXME("not implemented yet.\n");
    return 0;
}

HRESULT WINAPI HrGetOneProp(LPMAPIPROP obj, ULONG tag, LPSPropValue *prop)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrSetOneProp(LPMAPIPROP obj, LPSPropValue prop)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

BOOL WINAPI FPropExists(LPMAPIPROP obj, ULONG tag)
{
    FIXME("not implemented yet.\n");
    return FALSE;
}

void WINAPI FreePadrlist(LPADRLIST list)
{
    FIXME("not implemented yet.\n");
}

void WINAPI FreeProws(LPSRowSet rows)
{
    FIXME("not implemented yet.\n");
}

LPSPropValue WINAPI PpropFindProp(LPSPropValue props, ULONG count, ULONG tag)
{
    FIXME("not implemented yet.\n");
    return NULL;
}

SCODE WINAPI ScCountProps(int count, LPSPropValue props, ULONG *size)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScCopyProps(int count, LPSPropValue props, void *dst, ULONG *size)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScDupPropset(int count, LPSPropValue props, LPALLOCATEBUFFER allocate_buffer, LPSPropValue *dst)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScRelocProps(int count, LPSPropValue props, void *base_old, void *base_new, ULONG *size)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}

LPSPropValue WINAPI LpValFindProp(ULONG tag, ULONG count, LPSPropValue props)
{
    FIXME("not implemented yet.\n");
    return NULL;
}
