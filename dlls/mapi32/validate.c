/*
 * mapi32: validation of MAPI structures (FBad*)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Placeholders until this file is written: each one fails. */
BOOL WINAPI FBadRglpszA(LPSTR *strings, ULONG count)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

BOOL WINAPI FBadRglpszW(LPWSTR *strings, ULONG count)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

BOOL WINAPI FBadRowSet(LPSRowSet rows)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

BOOL WINAPI FBadRglpNameID(LPMAPINAMEID *names, ULONG count)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

BOOL WINAPI FBadEntryList(LPENTRYLIST list)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

ULONG WINAPI FBadRestriction(LPSRestriction restriction)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

ULONG WINAPI FBadPropTag(ULONG tag)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

ULONG WINAPI FBadRow(LPSRow row)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

ULONG WINAPI FBadProp(LPSPropValue prop)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

ULONG WINAPI FBadSortOrderSet(LPSSortOrderSet sort)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}

ULONG WINAPI FBadColumnSet(LPSPropTagArray columns)
{
    FIXME("not implemented yet.\n");
    return TRUE;
}
