/*
 * mapi32: PROVIDER_CALL, the guarded call into a provider
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_GUARD_H
#define __MAPI32_GUARD_H

#define PROVIDER_CALL(dll, faulted, statement) \
    do { \
        provider_dll_enter(dll); \
        (faulted) = FALSE; \
        statement; \
        provider_dll_leave(dll); \
    } while (0)

#endif /* __MAPI32_GUARD_H */
