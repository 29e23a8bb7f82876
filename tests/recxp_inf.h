/*
 * The recording fixture transport (tests/fixtures/recxp.c): the
 * properties that steer it and its MAPISVC.INF fragment, shared by the
 * fixture and the tests.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fragment is kept here, as C text, because a test program cannot
 * find the source tree.  It comes in two parts: the lines a test puts
 * under [Services] (RECXP_INF_SERVICES) and the sections
 * (RECXP_INF_SECTIONS).  @DIR@ stands for the directory of the test
 * program, where recxp32.dll sits: the INF names "@DIR@\RECXP.DLL", so
 * loading it exercises the "32" suffix rule.
 *
 * Every transport reads its own provider section at TransportLogon (and
 * again at the next AddressTypes after a configuration change).  A test
 * writes the properties below into that section after creating the
 * message service; absent ones take the default named.
 */

#ifndef __WINE_MAPI_RECXP_INF_H
#define __WINE_MAPI_RECXP_INF_H

/* PT_LONG: behaviour flags (default 0). */
#define PR_RECXP_MODE           PROP_TAG(PT_LONG, 0x6600)
/* The address types AddressTypes answers.  Absent: a NULL list (every
 * type); RECXP_TYPES_EMPTY: one empty string (no addressed mail). */
#define PR_RECXP_TYPES          PROP_TAG(PT_MV_STRING8, 0x6601)
/* What SubmitMessage answers (default S_OK) and to how many calls of this
 * logon (0: all of them; after that S_OK). */
#define PR_RECXP_SUBMIT_HR      PROP_TAG(PT_LONG, 0x6602)
#define PR_RECXP_SUBMIT_COUNT   PROP_TAG(PT_LONG, 0x6603)
/* *lpulReturnParm of MAPI_E_WAIT and MAPI_E_NETWORK_ERROR: seconds (default 1). */
#define PR_RECXP_RETURN_PARM    PROP_TAG(PT_LONG, 0x6604)
/* What EndMessage answers (default 0) and to how many messages (0: all).
 * A message that gets END_RESEND_NOW, END_RESEND_LATER or END_DONT_RESEND
 * is not delivered in that round; after END_DONT_RESEND the fixture calls
 * SpoolerNotify(NOTIFY_SENTDEFERRED) from its timer thread after
 * PR_RECXP_DELAY milliseconds (never when the delay is 0), and delivers it
 * in the SubmitMessage(BEGIN_DEFERRED) that follows. */
#define PR_RECXP_END_FLAGS      PROP_TAG(PT_LONG, 0x6605)
#define PR_RECXP_END_COUNT      PROP_TAG(PT_LONG, 0x6606)
/* The name the log gives this transport (xp=<tag>); the INF sets it. */
#define PR_RECXP_TAG            PROP_TAG(PT_STRING8, 0x6607)
/* A MAPIUID: registered with SetProviderUID at logon and answered by
 * AddressTypes; recipients whose entry IDs carry it (bytes 4-19) are its.
 * Absent: no UID. */
#define PR_RECXP_UID            PROP_TAG(PT_BINARY, 0x6608)
/* How many inbound messages wait for Poll/StartMessage (default 0). */
#define PR_RECXP_INBOUND        PROP_TAG(PT_LONG, 0x6609)
/* RECXP_RAISE_* bits: the methods that raise an exception on every call. */
#define PR_RECXP_RAISE          PROP_TAG(PT_LONG, 0x660A)
/* Milliseconds: the slow part of SubmitMessage (RECXP_CRITSEC runs it
 * inside CRITSEC/NONCRIT), and the delay before SENTDEFERRED or NEWMAIL. */
#define PR_RECXP_DELAY          PROP_TAG(PT_LONG, 0x660B)
/* Set by the service entry's MSG_SERVICE_CONFIGURE; RECXP_UNCONFIGURED
 * transports answer MAPI_E_UNCONFIGURED to TransportLogon until it is. */
#define PR_RECXP_CONFIGURED     PROP_TAG(PT_BOOLEAN, 0x660C)
/* What TransportLogon answers (default S_OK), e.g. MAPI_E_FAILONEPROVIDER. */
#define PR_RECXP_LOGON_HR       PROP_TAG(PT_LONG, 0x660D)

/* PR_RECXP_MODE bits. */
#define RECXP_LOGOFF_SAMPLE     0x0001  /* support object released in the logon's destructor, no MakeInvalid;
                                         * without it: MakeInvalid, support released last in TransportLogoff */
#define RECXP_POLL              0x0002  /* LOGON_SP_POLL */
#define RECXP_IDLE              0x0004  /* LOGON_SP_IDLE */
#define RECXP_SLOW_YIELD        0x0008  /* SubmitMessage SpoolerYield-loops until END_OUTBOUND, CANCEL_MESSAGE,
                                         * TransportLogoff or MAPI_W_CANCEL_MESSAGE, then MAPI_E_USER_CANCEL */
#define RECXP_SLOW_EVENT        0x0010  /* the same, waiting on an event without calling MAPI */
#define RECXP_CRITSEC           0x0020  /* SubmitMessage's PR_RECXP_DELAY runs inside CRITSEC/NONCRIT */
#define RECXP_CRITICAL_ERROR    0x0040  /* SubmitMessage: SpoolerNotify(CRITICAL_ERROR), then MAPI_E_NETWORK_ERROR */
#define RECXP_UNCONFIGURED      0x0080  /* TransportLogon: MAPI_E_UNCONFIGURED until PR_RECXP_CONFIGURED */
#define RECXP_NEWMAIL           0x0100  /* at BEGIN_INBOUND with inbound mail waiting: SpoolerNotify(NEWMAIL)
                                         * from the timer thread after PR_RECXP_DELAY */
#define RECXP_RAISE_NULL        0x0200  /* exceptions are writes through NULL, not RaiseException */
#define RECXP_TYPES_EMPTY       0x0400  /* AddressTypes answers one empty string */
#define RECXP_BENCH_FLOOR       0x0800  /* the benchmark's cost floor: SubmitMessage makes one ModifyRecipients
                                         * setting PR_RESPONSIBILITY on row IDs 1 to RECXP_FLOOR_ROWS (the IDs
                                         * the memory store gives recipients added in one call) and returns
                                         * S_OK; it reads nothing, logs nothing, checks nothing.  EndMessage
                                         * answers 0 at once */

/* The recipients RECXP_BENCH_FLOOR takes. */
#define RECXP_FLOOR_ROWS        3

/* PR_RECXP_RAISE bits: IXPLogon methods in vtable order, then the rest. */
#define RECXP_RAISE_ADDRESSTYPES    0x0001
#define RECXP_RAISE_REGISTEROPTIONS 0x0002
#define RECXP_RAISE_TRANSPORTNOTIFY 0x0004
#define RECXP_RAISE_IDLE            0x0008
#define RECXP_RAISE_TRANSPORTLOGOFF 0x0010
#define RECXP_RAISE_SUBMITMESSAGE   0x0020
#define RECXP_RAISE_ENDMESSAGE      0x0040
#define RECXP_RAISE_POLL            0x0080
#define RECXP_RAISE_STARTMESSAGE    0x0100
#define RECXP_RAISE_OPENSTATUSENTRY 0x0200
#define RECXP_RAISE_VALIDATESTATE   0x0400
#define RECXP_RAISE_FLUSHQUEUES     0x0800
#define RECXP_RAISE_TRANSPORTLOGON  0x1000
#define RECXP_RAISE_SHUTDOWN        0x2000

#define RECXP_EXCEPTION 0xE0525850

/* Benchmark recording: after RecXpBenchRecord(bench), every logon of the
 * DLL counts its SubmitMessage and EndMessage calls in *bench and notes
 * when each EndMessage began; RecXpBenchRecord(NULL) stops it.  The
 * caller owns *bench and its arrays and keeps them valid meanwhile.
 * Recording costs a QueryPerformanceCounter and two interlocked
 * increments per message, whether RECXP_LOG is set or not. */
struct recxp_bench
{
    LONGLONG *times;            /* QueryPerformanceCounter at the start of each EndMessage, in call order */
    ULONG *keys;                /* the last four bytes of that message's PR_ENTRYID as SubmitMessage read it
                                 * (the memory store's message number); 0 with RECXP_BENCH_FLOOR */
    ULONG capacity;             /* entries of times and keys; later calls are only counted */
    LONG submits;               /* SubmitMessage calls (interlocked) */
    LONG ends;                  /* EndMessage calls (interlocked) */
    DWORD thread;               /* the thread of the latest SubmitMessage */
    HANDLE event;               /* when not NULL: set after each EndMessage */
};

typedef void (WINAPI *RECXP_BENCH_RECORD)(struct recxp_bench *bench);

/* A message service with one transport provider (section <service>P). */
#define RECXP_INF_SERVICE(service, name, tag, flags) \
    "[" service "]\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "Providers=" service "P\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\RECXP.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=RecXpServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "\r\n" \
    RECXP_INF_PROVIDER(service "P", name, tag, flags)

#define RECXP_INF_PROVIDER(section, name, tag, flags) \
    "[" section "]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\RECXP.DLL\r\n" \
    "PR_RESOURCE_TYPE=36\r\n" \
    "PR_RESOURCE_FLAGS=" flags "\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "PR_PROVIDER_DISPLAY=Recording Transport\r\n" \
    "6607001E=" tag "\r\n" \
    "\r\n"

/* Service names as CreateMsgService takes them. */
#define RECXP_SERVICE_A     "RecXpA"
#define RECXP_SERVICE_B     "RecXpB"
#define RECXP_SERVICE_C     "RecXpC"
#define RECXP_SERVICE_D     "RecXpD"
#define RECXP_SERVICE_LAST  "RecXpLast"     /* STATUS_XP_PREFER_LAST */
#define RECXP_SERVICE_PAIR  "RecXpPair"     /* two transports in one service: P1, then P2 */

#define RECXP_INF_SERVICES \
    "RecXpA=Recording Transport A\r\n" \
    "RecXpB=Recording Transport B\r\n" \
    "RecXpC=Recording Transport C\r\n" \
    "RecXpD=Recording Transport D\r\n" \
    "RecXpLast=Recording Transport, preferring last\r\n" \
    "RecXpPair=Recording Transport Pair\r\n"

/* PR_RESOURCE_FLAGS 16 is STATUS_XP_PREFER_LAST. */
#define RECXP_INF_SECTIONS \
    RECXP_INF_SERVICE("RecXpA", "Recording Transport A", "A", "0") \
    RECXP_INF_SERVICE("RecXpB", "Recording Transport B", "B", "0") \
    RECXP_INF_SERVICE("RecXpC", "Recording Transport C", "C", "0") \
    RECXP_INF_SERVICE("RecXpD", "Recording Transport D", "D", "0") \
    RECXP_INF_SERVICE("RecXpLast", "Recording Transport L", "L", "16") \
    "[RecXpPair]\r\n" \
    "PR_DISPLAY_NAME=Recording Transport Pair\r\n" \
    "Providers=RecXpPairP1,RecXpPairP2\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\RECXP.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=RecXpServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "\r\n" \
    RECXP_INF_PROVIDER("RecXpPairP1", "Recording Transport P1", "P1", "0") \
    RECXP_INF_PROVIDER("RecXpPairP2", "Recording Transport P2", "P2", "0")

#endif /* __WINE_MAPI_RECXP_INF_H */
