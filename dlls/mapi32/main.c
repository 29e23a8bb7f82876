/*
 * mapi32: DllMain, MAPIInitialize/MAPIUninitialize and process-wide state
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

HINSTANCE mapi32_instance;

/* MAPIInitialize and ScInitMapiUtil count separately; both guarded by one lock. */
static SRWLOCK init_lock = SRWLOCK_INIT;
static LONG mapi_init_count;
static LONG util_init_count;
static ULONG mapi_init_flags;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("%p, %lu, %p.\n", instance, reason, reserved);

    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        mapi32_instance = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        if (reserved) break;
        if (mapi_init_count) WARN("unloaded with %ld MAPIInitialize calls not undone.\n", mapi_init_count);
        break;
    }
    return TRUE;
}

BOOL mapi_is_initialized(void)
{
    return ReadAcquire(&mapi_init_count) > 0;
}

#define MAPI_INIT_KNOWN_FLAGS (MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NT_SERVICE | MAPI_NO_COINIT)

/***********************************************************************
 *              MAPIInitialize (MAPI32.20)
 *              MAPIInitialize@4 (MAPI32.21)
 */
HRESULT WINAPI MAPIInitialize(void *init)
{
    MAPIINIT_0 *params = init;
    ULONG flags = 0;

    TRACE("%p.\n", init);

    if (params)
    {
        TRACE("version %lu, flags %#lx.\n", params->ulVersion, params->ulFlags);
        if (params->ulVersion != MAPI_INIT_VERSION) return MAPI_E_INVALID_PARAMETER;
        if (params->ulFlags & ~MAPI_INIT_KNOWN_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
        flags = params->ulFlags;
    }

    AcquireSRWLockExclusive(&init_lock);
    if (!mapi_init_count++) mapi_init_flags = flags;
    else mapi_init_flags |= flags & MAPI_MULTITHREAD_NOTIFICATIONS;
    ReleaseSRWLockExclusive(&init_lock);
    return S_OK;
}

/***********************************************************************
 *              MAPIUninitialize (MAPI32.22)
 *              MAPIUninitialize@0 (MAPI32.23)
 */
void WINAPI MAPIUninitialize(void)
{
    BOOL last;

    TRACE("\n");

    AcquireSRWLockExclusive(&init_lock);
    if (mapi_init_count) --mapi_init_count;
    else WARN("called without a matching MAPIInitialize.\n");
    if ((last = !mapi_init_count)) mapi_init_flags = 0;
    ReleaseSRWLockExclusive(&init_lock);

    /* The client's last call: the provider DLLs left pending go now.  A
     * provider balancing its own MAPIInitialize never makes it the last. */
    if (last) provider_dll_collect();
}

/***********************************************************************
 *              ScInitMapiUtil@4 (MAPI32.33)
 *
 * Lets a program use the utility functions without MAPIInitialize.
 */
SCODE WINAPI ScInitMapiUtil(ULONG flags)
{
    TRACE("%#lx.\n", flags);

    if (flags) WARN("reserved flags %#lx ignored.\n", flags);
    AcquireSRWLockExclusive(&init_lock);
    util_init_count++;
    ReleaseSRWLockExclusive(&init_lock);
    return S_OK;
}

/***********************************************************************
 *              DeinitMapiUtil@0 (MAPI32.34)
 */
void WINAPI DeinitMapiUtil(void)
{
    TRACE("\n");

    AcquireSRWLockExclusive(&init_lock);
    if (util_init_count) util_init_count--;
    else WARN("called without a matching ScInitMapiUtil.\n");
    ReleaseSRWLockExclusive(&init_lock);
}

/***********************************************************************
 *              DllCanUnloadNow (MAPI32.28)
 *
 * MAPI hands out objects that outlive any count we could keep (provider
 * support objects, buffers with vtables), so it never asks to be unloaded.
 */
HRESULT WINAPI DllCanUnloadNow(void)
{
    TRACE("\n");
    return S_FALSE;
}

/***********************************************************************
 *              DllGetClassObject (MAPI32.27)
 *
 * mapi32 registers no COM classes.
 */
HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    TRACE("%s, %s, %p.\n", debugstr_guid(clsid), debugstr_guid(riid), out);

    if (!out) return E_INVALIDARG;
    *out = NULL;
    return CLASS_E_CLASSNOTAVAILABLE;
}
