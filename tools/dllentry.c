/*
 * Entry point for DLLs linked without Wine's winecrt0 (the i686 build).
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include "windef.h"
#include "winbase.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved);

BOOL WINAPI DllMainCRTStartup(HINSTANCE instance, DWORD reason, void *reserved)
{
    return DllMain(instance, reason, reserved);
}
