/*
 * mapi32: PROVIDER_CALL, the guarded call into a provider
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_GUARD_H
#define __MAPI32_GUARD_H

#include "wine/exception.h"

/* Runs the statement with dll pinned (provider_dll_enter/leave) inside a
 * __TRY block.  An exception raised in it is logged with ERR, its code and
 * the DLL's name, and sets faulted; the code after the macro runs either
 * way.
 *
 * The guard is setjmp-based: after a fault, whatever the statement had
 * assigned is undefined, so a caller reads its results only when faulted
 * is FALSE (and replaces them otherwise, as with hr = MAPI_E_CALL_FAILED).
 * The macro's own state lives in volatile locals for the same reason.  The
 * statement must not leave the block with return, break, continue or goto.
 * The statement is variadic so that it may contain unparenthesized commas. */
#define PROVIDER_CALL(dll, faulted, ...) \
    do { \
        struct provider_dll * volatile provider_call_dll = (dll); \
        volatile BOOL provider_call_faulted = FALSE; \
        provider_dll_enter(provider_call_dll); \
        __TRY \
        { \
            __VA_ARGS__; \
        } \
        __EXCEPT_ALL \
        { \
            provider_call_faulted = TRUE; \
            ERR("exception %#lx in a call into %s.\n", (unsigned long)GetExceptionCode(), \
                    provider_call_dll ? provider_dll_name(provider_call_dll) : "a provider"); \
        } \
        __ENDTRY \
        provider_dll_leave(provider_call_dll); \
        (faulted) = provider_call_faulted; \
    } while (0)

#endif /* __MAPI32_GUARD_H */
