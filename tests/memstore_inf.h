/*
 * The memory message store (tests/fixtures/memstore.c): its MAPISVC.INF
 * fragment, its private properties, its entry IDs and its test hooks,
 * shared by the fixture and the tests that run on it.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fragment is C text because a test program cannot find the source
 * tree.  Tests write it into the system directory's MAPISVC.INF after
 * replacing @DIR@ with the directory of the test program, where
 * memstore32.dll sits: the INF names "@DIR@\MEMSTORE.DLL", so loading it
 * exercises the "32" suffix rule.  MEMSTORE_INF_SERVICES (the lines of
 * [Services]) and MEMSTORE_INF_SECTIONS can be combined with another
 * fixture's fragment; MEMSTORE_INF_TEXT is a whole INF.
 */

#ifndef __WINE_MAPI_MEMSTORE_INF_H
#define __WINE_MAPI_MEMSTORE_INF_H

/* Properties of the store provider's own profile section (MSG_SERVICE_CONFIGURE
 * writes the values it is given there).  The store answers the first two
 * in IMsgStore::GetProps too. */
#define PR_MEMSTORE_PATH        PROP_TAG(PT_STRING8, 0x6610)    /* the state file; default %TEMP%\memstore-<uid>.dat */
#define PR_MEMSTORE_NO_PERSIST  PROP_TAG(PT_LONG, 0x6611)       /* 1: benchmark mode, no file is read or written */
#define PR_MEMSTORE_UID         PROP_TAG(PT_BINARY, 0x6612)     /* the store's UID, made at its first logon */

#define MEMSTORE_DLL "memstore32.dll"
#define MEMSTORE_LOG_VARIABLE "MEMSTORE_LOG"

/* Test hooks exported by memstore32.dll.  MemStoreCounts reads a state
 * file without MAPI: messages in the outgoing queue, in Sent Items, in the
 * Inbox, and anywhere else (not queued).  MAPI_E_NOT_FOUND when there is
 * no file, MAPI_E_CORRUPT_DATA when it cannot be read; NULL counts are
 * skipped. */
typedef LONG (WINAPI *MEMSTORE_LIVE_OBJECTS)(void);
typedef HRESULT (WINAPI *MEMSTORE_COUNTS)(const char *path, ULONG *outgoing, ULONG *sent, ULONG *inbox,
        ULONG *other);

/* The store's entry IDs (28 bytes): the store's UID is the provider UID
 * MAPI routes them by.  Messages are numbered from 1 in the order they are
 * created and a number is never used twice; that number is the "short id"
 * of the log. */
#define MEMSTORE_EID_STORE      1
#define MEMSTORE_EID_FOLDER     2
#define MEMSTORE_EID_MESSAGE    3

/* Folder numbers. */
#define MEMSTORE_FOLDER_ROOT        1
#define MEMSTORE_FOLDER_IPM         2
#define MEMSTORE_FOLDER_INBOX       3
#define MEMSTORE_FOLDER_OUTBOX      4
#define MEMSTORE_FOLDER_SENT        5
#define MEMSTORE_FOLDER_DELETED     6

struct memstore_entryid
{
    BYTE flags[4];
    MAPIUID store;
    ULONG kind;
    ULONG id;
};

/* The short id of a message entry ID, 0 when it is not one of the store's. */
static inline ULONG memstore_eid_short(ULONG cb, const ENTRYID *eid)
{
    const struct memstore_entryid *id = (const struct memstore_entryid *)eid;

    if (!eid || cb != sizeof(*id) || id->kind != MEMSTORE_EID_MESSAGE) return 0;
    return id->id;
}

/* A message service with one store provider (the provider section is
 * named <service>P); extra: more lines for the provider section. */
#define MEMSTORE_INF_SERVICE(service, name, flags, extra) \
    "[" service "]\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "Providers=" service "P\r\n" \
    "PR_SERVICE_DLL_NAME=@DIR@\\MEMSTORE.DLL\r\n" \
    "PR_SERVICE_ENTRY_NAME=MemServiceEntry\r\n" \
    "PR_RESOURCE_FLAGS=0\r\n" \
    "\r\n" \
    "[" service "P]\r\n" \
    "PR_PROVIDER_DLL_NAME=@DIR@\\MEMSTORE.DLL\r\n" \
    "PR_RESOURCE_TYPE=33\r\n" \
    "PR_RESOURCE_FLAGS=" flags "\r\n" \
    "PR_DISPLAY_NAME=" name "\r\n" \
    "PR_PROVIDER_DISPLAY=Memory Message Store\r\n" \
    extra \
    "\r\n"

/* MemStore: the default store (PR_RESOURCE_FLAGS 2 is STATUS_DEFAULT_STORE);
 * MemStoreBench: the default store without persistence, for the benchmark;
 * MemStore2: a second store that is not the default. */
#define MEMSTORE_INF_SERVICES \
    "MemStore=Memory Store\r\n" \
    "MemStoreBench=Memory Store, no persistence\r\n" \
    "MemStore2=Second Memory Store\r\n"

#define MEMSTORE_INF_SECTIONS \
    MEMSTORE_INF_SERVICE("MemStore", "Memory Store", "2", "") \
    MEMSTORE_INF_SERVICE("MemStoreBench", "Memory Store, no persistence", "2", "66110003=1\r\n") \
    MEMSTORE_INF_SERVICE("MemStore2", "Second Memory Store", "0", "")

#define MEMSTORE_INF_TEXT \
    "; The memory message store (wine-mapi tests)\r\n" \
    "[Services]\r\n" \
    MEMSTORE_INF_SERVICES \
    "\r\n" \
    MEMSTORE_INF_SECTIONS

#endif /* __WINE_MAPI_MEMSTORE_INF_H */
