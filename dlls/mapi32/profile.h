/*
 * mapi32: what the profile store shares with its profile sections
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_PROFILE_H
#define __MAPI32_PROFILE_H

#include "private.h"

/* What profile_section_snapshot puts in its IPropData. */
enum profile_snapshot_flags
{
    PROFILE_SNAPSHOT_SECURE = 0x1,      /* include the secure properties */
    PROFILE_SNAPSHOT_COMPUTED = 0x2,    /* add PR_OBJECT_TYPE and PR_PROFILE_NAME */
};

/* --- shared between profile.c and profsect.c ----------------------------- */

HRESULT profile_section_key_open(struct profile *profile, const MAPIUID *uid, BOOL create, HKEY *key);
BOOL profile_value_can_be_stored(const SPropValue *prop);
HRESULT profile_section_write(HKEY key, const SPropValue *prop);
void profile_section_delete_prop(HKEY key, ULONG tag);
HRESULT profile_section_snapshot(struct profile *profile, const MAPIUID *uid, ULONG flags, IPropData **out);

#endif /* __MAPI32_PROFILE_H */
