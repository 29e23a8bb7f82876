/*
 * What wine/exception.h's __TRY and __EXCEPT_ALL need on i386, for DLLs
 * linked without Wine's winecrt0.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A __TRY block saves the registers with __wine_setjmpex and puts its frame
 * at the head of the thread's SEH chain (fs:0).  When an exception reaches
 * the frame, __wine_exception_handler_all unwinds the frames above it (so
 * their own handlers see the unwind), takes the frame off the chain and
 * returns into the block's __EXCEPT branch with __wine_longjmp.
 */

#ifdef __i386__

#include <stdarg.h>
#include "windef.h"
#include "winbase.h"
#include "winternl.h"
#include "wine/exception.h"

/* __wine_jmp_buf words used: 0 ebp, 1 ebx, 2 edi, 3 esi, 4 esp, 5 eip. */
int __cdecl __attribute__((naked)) __wine_setjmpex(__wine_jmp_buf *buf, EXCEPTION_REGISTRATION_RECORD *frame)
{
    __asm__( "movl 4(%esp),%ecx\n\t"
             "movl %ebp,0(%ecx)\n\t"
             "movl %ebx,4(%ecx)\n\t"
             "movl %edi,8(%ecx)\n\t"
             "movl %esi,12(%ecx)\n\t"
             "leal 4(%esp),%eax\n\t"    /* the caller's esp after our ret */
             "movl %eax,16(%ecx)\n\t"
             "movl (%esp),%eax\n\t"     /* our return address */
             "movl %eax,20(%ecx)\n\t"
             "xorl %eax,%eax\n\t"
             "ret" );
}

void __cdecl __attribute__((naked)) __wine_longjmp(__wine_jmp_buf *buf, int retval)
{
    __asm__( "movl 4(%esp),%ecx\n\t"
             "movl 8(%esp),%eax\n\t"
             "testl %eax,%eax\n\t"
             "jnz 1f\n\t"
             "incl %eax\n"
             "1:\tmovl 0(%ecx),%ebp\n\t"
             "movl 4(%ecx),%ebx\n\t"
             "movl 8(%ecx),%edi\n\t"
             "movl 12(%ecx),%esi\n\t"
             "movl 16(%ecx),%esp\n\t"
             "jmp *20(%ecx)" );
}

/* Calls unwind (RtlUnwind) as unwind(frame, NULL, record, NULL).  Windows'
 * RtlUnwind does not keep ebx, esi and edi, so all callee-saved registers
 * are kept here around it. */
static void __attribute__((naked)) unwind_to_frame(EXCEPTION_REGISTRATION_RECORD *frame, EXCEPTION_RECORD *record,
        void *unwind)
{
    __asm__( "pushl %ebp\n\t"
             "pushl %ebx\n\t"
             "pushl %esi\n\t"
             "pushl %edi\n\t"
             "pushl $0\n\t"             /* return value */
             "pushl 28(%esp)\n\t"       /* record */
             "pushl $0\n\t"             /* target address */
             "pushl 32(%esp)\n\t"       /* frame */
             "call *44(%esp)\n\t"       /* unwind; stdcall, pops its four arguments */
             "popl %edi\n\t"
             "popl %esi\n\t"
             "popl %ebx\n\t"
             "popl %ebp\n\t"
             "ret" );
}

DWORD __cdecl __wine_exception_handler_all(EXCEPTION_RECORD *record, EXCEPTION_REGISTRATION_RECORD *frame,
        CONTEXT *context, EXCEPTION_REGISTRATION_RECORD **dispatcher)
{
    __WINE_FRAME *wine_frame = (__WINE_FRAME *)frame;

    if (record->ExceptionFlags & (EH_UNWINDING | EH_EXIT_UNWIND | EH_NESTED_CALL))
        return ExceptionContinueSearch;

    /* What GetExceptionCode() reads in the __EXCEPT branch. */
    wine_frame->ExceptionCode = record->ExceptionCode;
    wine_frame->ExceptionRecord = wine_frame;

    unwind_to_frame(frame, record, (void *)RtlUnwind);
    __wine_pop_frame(frame);
    __wine_longjmp(&wine_frame->jmp, 1);
}

#endif /* __i386__ */
