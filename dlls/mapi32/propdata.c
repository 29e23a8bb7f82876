/*
 * mapi32: IPropData (CreateIProp)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Placeholders until this file is written: each one fails. */
SCODE WINAPI CreateIProp(LPCIID iid, ALLOCATEBUFFER *allocate_buffer, ALLOCATEMORE *allocate_more, FREEBUFFER *free_buffer, void *reserved, LPPROPDATA *out)
{
    FIXME("not implemented yet.\n");
    return MAPI_E_NO_SUPPORT;
}
