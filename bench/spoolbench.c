/*
 * spoolbench: messages through the spooler of whichever mapi32.dll loads,
 * from a client in the same process to the recording fixture transport
 * (recxp32.dll), on the memory store without persistence (memstore32.dll)
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs, each in a child process of its own ("spoolbench.exe run <name>"),
 * so that every run starts with a fresh profile, a fresh store and its own
 * peak memory:
 *
 *   client        10,000 messages submitted in a MAPI_NO_MAIL session: no
 *                 spooler; what the client and the store cost alone
 *   floor         10,000 messages through the spooler to a transport that
 *                 does the least a transport can do to take them
 *                 (RECXP_BENCH_FLOOR: one blind ModifyRecipients setting
 *                 PR_RESPONSIBILITY, S_OK, EndMessage 0)
 *   accept        10,000 messages to the fixture's normal path: it reads
 *                 the message's subject, entry ID and recipient table,
 *                 marks every recipient with ModifyRecipients, S_OK,
 *                 EndMessage 0 (its logging is off)
 *   floor-paced   1,000 messages, each submitted once the previous one's
 *   accept-paced  EndMessage came: the latency of one message alone
 *
 * Every message has three SMTP recipients and PR_SENTMAIL_ENTRYID, so the
 * spooler's FinishedMsg moves it to Sent Items.  The client submits from
 * the main thread; the spooler works on its own thread.  A run's time goes
 * from the first CreateMessage to the moment the outgoing queue is seen
 * empty (for "client": to the last SubmitMessage's return).  Latency is
 * from the client's SubmitMessage returning to the transport's EndMessage
 * starting (the fixture notes the time, struct recxp_bench); EndMessage
 * calls are matched to messages by entry ID in the accept runs and by
 * order in the floor runs, whose transport reads nothing (the accept runs
 * show whether the order holds).
 *
 * Every run is checked: each message ended exactly once (EndMessage count
 * and, in the accept runs, entry IDs), no EndMessage for a message that
 * was not submitted, every message in Sent Items, the Outbox and the
 * outgoing queue empty, and no non-delivery report in the Inbox.  A check
 * that fails prints "FAILED <what>" and the program exits with 1.
 *
 * Lines printed by a run:
 *     dll <path of the mapi32.dll that loaded>
 *     result <name> <messages> <seconds> <submit seconds> <messages/s of the spooler alone> <p50 us>
 *            <p99 us> <peak working set KiB> <peak pagefile KiB> <working set before KiB>
 *            <worker CPU us/message> <client CPU us/message> <EndMessage calls out of submission order>
 * The parent ("spoolbench.exe [repeats]") runs each kind repeats times
 * (default 5), keeps the fastest run of each and prints the table.
 * "spoolbench.exe run <name> [messages]" makes one run by hand.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "psapi.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapiadmin.h"
#include "../tests/memstore_inf.h"
#include "../tests/recxp_inf.h"

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#endif
#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(c) (offsetof(ADRLIST, aEntries) + (c) * sizeof(ADRENTRY))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

#define MESSAGES        10000
#define PACED_MESSAGES  1000
#define RECIPIENTS      3
#define PROFILE         "Spooler Benchmark"
#define XP_DLL          "recxp32.dll"
#define LOGON_FLAGS     (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE)
#define STALL_MS        60000       /* a run fails when no message ends for this long */
#define CHILD_TIMEOUT   900000      /* ms a run may take */

struct kind
{
    const char *name;
    BOOL spooler;
    ULONG mode;                     /* PR_RECXP_MODE */
    BOOL paced;
    ULONG messages;
};

static const struct kind kinds[] =
{
    {"client", FALSE, 0, FALSE, MESSAGES},
    {"floor", TRUE, RECXP_BENCH_FLOOR, FALSE, MESSAGES},
    {"accept", TRUE, 0, FALSE, MESSAGES},
    {"floor-paced", TRUE, RECXP_BENCH_FLOOR, TRUE, PACED_MESSAGES},
    {"accept-paced", TRUE, 0, TRUE, PACED_MESSAGES},
};

/* What a run measured. */
struct result
{
    char name[32];
    ULONG messages;
    double seconds, submit_seconds;
    double alone;                   /* messages/s of the spooler once the client is done; < 0: not measured */
    double p50, p99;                /* microseconds; < 0: not measured */
    ULONG peak_ws, peak_pagefile, start_ws;     /* KiB */
    double worker_cpu, client_cpu;  /* microseconds per message; < 0: not measured */
    ULONG out_of_order;
};

static HMODULE mapi32;
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static HRESULT (WINAPI *pMAPILogonEx)(ULONG_PTR, char *, char *, ULONG, IMAPISession **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);
static HRESULT (WINAPI *pHrQueryAllRows)(IMAPITable *, SPropTagArray *, SRestriction *, SSortOrderSet *, LONG,
        SRowSet **);

static LARGE_INTEGER frequency;
static int failures;

static LONGLONG counter(void)
{
    LARGE_INTEGER now;

    QueryPerformanceCounter(&now);
    return now.QuadPart;
}

static double seconds_between(LONGLONG from, LONGLONG to)
{
    return (double)(to - from) / frequency.QuadPart;
}

static void failed(const char *text, ...)
{
    va_list args;

    printf("FAILED ");
    va_start(args, text);
    vprintf(text, args);
    va_end(args);
    printf("\n");
    fflush(stdout);
    failures++;
}

/* ------------------------------------------------------------------------
 * Setting up: mapi32's exports, MAPISVC.INF, the profile.
 */

static BOOL load_mapi(void)
{
    char path[MAX_PATH];

    if (!(mapi32 = LoadLibraryA("mapi32.dll")))
    {
        failed("mapi32.dll did not load, error %lu", GetLastError());
        return FALSE;
    }
    GetModuleFileNameA(mapi32, path, sizeof(path));
    printf("dll %s\n", path);
#define GET(name, decorated) \
    if (!(p##name = (void *)GetProcAddress(mapi32, decorated))) \
    { \
        failed("%s is not exported", decorated); \
        return FALSE; \
    }
    GET(MAPIInitialize, "MAPIInitialize@4");
    GET(MAPIUninitialize, "MAPIUninitialize@0");
    GET(MAPIAdminProfiles, "MAPIAdminProfiles@8");
    GET(MAPILogonEx, "MAPILogonEx@20");
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreeProws, "FreeProws@4");
    GET(HrQueryAllRows, "HrQueryAllRows@24");
#undef GET
    return TRUE;
}

static void inf_path(char *path, DWORD size)
{
    GetSystemDirectoryA(path, size - 16);
    strcat(path, "\\MAPISVC.INF");
}

/* The memory store's and the transport's services, with @DIR@ replaced by this program's directory. */
static BOOL install_inf(void)
{
    static const char text[] =
        "; The spooler benchmark (wine-mapi)\r\n"
        "[Services]\r\n"
        MEMSTORE_INF_SERVICES
        RECXP_INF_SERVICES
        "\r\n"
        MEMSTORE_INF_SECTIONS
        RECXP_INF_SECTIONS;
    char dir[MAX_PATH], path[MAX_PATH], *buffer, *out, *slash;
    const char *in;
    DWORD written;
    HANDLE file;
    BOOL ret;

    GetModuleFileNameA(NULL, dir, sizeof(dir));
    if ((slash = strrchr(dir, '\\'))) *slash = 0;
    if (!(out = buffer = malloc(sizeof(text) * 4))) return FALSE;
    for (in = text; *in; )
    {
        if (!strncmp(in, "@DIR@", 5))
        {
            strcpy(out, dir);
            out += strlen(dir);
            in += 5;
        }
        else *out++ = *in++;
    }
    inf_path(path, sizeof(path));
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        failed("cannot write %s, error %lu", path, GetLastError());
        free(buffer);
        return FALSE;
    }
    ret = WriteFile(file, buffer, out - buffer, &written, NULL);
    CloseHandle(file);
    free(buffer);
    if (!ret) failed("cannot write %s, error %lu", path, GetLastError());
    return ret;
}

/* Writes one value into the provider sections of a service. */
static BOOL configure(IMsgServiceAdmin *admin, const char *service, SPropValue *value)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_PROVIDER_UID, PR_SERVICE_NAME_A}};
    IProfSect *section;
    IMAPITable *table;
    SRowSet *rows;
    int written = 0;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = IMsgServiceAdmin_GetProviderTable(admin, 0, &table))) return FALSE;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return FALSE;
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_PROVIDER_UID || props[1].ulPropTag != PR_SERVICE_NAME_A
                || strcmp(props[1].Value.lpszA, service))
            continue;
        if (FAILED(IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)props[0].Value.bin.lpb, NULL,
                MAPI_MODIFY | MAPI_FORCE_ACCESS, &section)))
            continue;
        if (SUCCEEDED(IProfSect_SetProps(section, 1, value, NULL))) written++;
        IProfSect_Release(section);
    }
    pFreeProws(rows);
    return written > 0;
}

/* A fresh profile: the memory store without persistence, then the transport in the given mode. */
static BOOL create_profile(ULONG mode)
{
    IMsgServiceAdmin *admin = NULL;
    IProfAdmin *profiles;
    SPropValue value;
    HRESULT hr;

    if (FAILED(hr = pMAPIAdminProfiles(0, &profiles)))
    {
        failed("MAPIAdminProfiles returned %#lx", hr);
        return FALSE;
    }
    IProfAdmin_DeleteProfile(profiles, (char *)PROFILE, 0);
    hr = IProfAdmin_CreateProfile(profiles, (char *)PROFILE, NULL, 0, 0);
    if (SUCCEEDED(hr)) hr = IProfAdmin_AdminServices(profiles, (char *)PROFILE, NULL, 0, 0, &admin);
    if (SUCCEEDED(hr)) hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)"MemStoreBench", NULL, 0, 0);
    if (SUCCEEDED(hr)) hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)RECXP_SERVICE_A, NULL, 0, 0);
    if (SUCCEEDED(hr))
    {
        value.ulPropTag = PR_RECXP_MODE;
        value.Value.l = mode;
        if (!configure(admin, RECXP_SERVICE_A, &value)) hr = MAPI_E_NOT_FOUND;
    }
    if (admin) IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
    if (FAILED(hr)) failed("making the profile failed, hr %#lx", hr);
    return SUCCEEDED(hr);
}

static void delete_profile(void)
{
    IProfAdmin *profiles;

    if (FAILED(pMAPIAdminProfiles(0, &profiles))) return;
    IProfAdmin_DeleteProfile(profiles, (char *)PROFILE, 0);
    IProfAdmin_Release(profiles);
}

/* ------------------------------------------------------------------------
 * The session, its default store and its folders.
 */

struct session
{
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *outbox;
    SBinary sent;                   /* PR_IPM_SENTMAIL_ENTRYID, MAPI memory */
    SPropValue *store_props;
};

static BOOL default_store(IMAPISession *session, ULONG *cb, ENTRYID **eid)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_DEFAULT_STORE, PR_ENTRYID}};
    IMAPITable *table;
    SRowSet *rows;
    BOOL found = FALSE;
    ULONG i;

    if (FAILED(IMAPISession_GetMsgStoresTable(session, 0, &table))) return FALSE;
    if (FAILED(pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows)))
    {
        IMAPITable_Release(table);
        return FALSE;
    }
    IMAPITable_Release(table);
    for (i = 0; i < rows->cRows && !found; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_DEFAULT_STORE || !props[0].Value.b || props[1].ulPropTag != PR_ENTRYID)
            continue;
        *cb = props[1].Value.bin.cb;
        if (!(*eid = malloc(*cb))) break;
        memcpy(*eid, props[1].Value.bin.lpb, *cb);
        found = TRUE;
    }
    pFreeProws(rows);
    return found;
}

static BOOL session_open(struct session *s, ULONG flags)
{
    static const SizedSPropTagArray(2, tags) = {2, {PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID}};
    ENTRYID *eid;
    ULONG cb, count, type;
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    if (FAILED(hr = pMAPILogonEx(0, (char *)PROFILE, NULL, LOGON_FLAGS | flags, &s->session)))
    {
        failed("MAPILogonEx returned %#lx", hr);
        return FALSE;
    }
    if (!default_store(s->session, &cb, &eid))
    {
        failed("no default store in the stores table");
        return FALSE;
    }
    hr = IMAPISession_OpenMsgStore(s->session, 0, cb, eid, NULL, MDB_WRITE | MDB_NO_DIALOG, &s->store);
    free(eid);
    if (FAILED(hr))
    {
        failed("OpenMsgStore returned %#lx", hr);
        return FALSE;
    }
    hr = IMsgStore_GetProps(s->store, (SPropTagArray *)&tags, 0, &count, &s->store_props);
    if (FAILED(hr) || s->store_props[0].ulPropTag != PR_IPM_OUTBOX_ENTRYID
            || s->store_props[1].ulPropTag != PR_IPM_SENTMAIL_ENTRYID)
    {
        failed("the store has no Outbox or no Sent Items, hr %#lx", hr);
        return FALSE;
    }
    s->sent = s->store_props[1].Value.bin;
    hr = IMsgStore_OpenEntry(s->store, s->store_props[0].Value.bin.cb, (ENTRYID *)s->store_props[0].Value.bin.lpb,
            NULL, MAPI_MODIFY, &type, (IUnknown **)&s->outbox);
    if (FAILED(hr)) failed("opening the Outbox returned %#lx", hr);
    return SUCCEEDED(hr);
}

static void session_close(struct session *s)
{
    if (s->outbox) IMAPIFolder_Release(s->outbox);
    if (s->store_props) pMAPIFreeBuffer(s->store_props);
    if (s->store) IMsgStore_Release(s->store);
    if (!s->session) return;
    IMAPISession_Logoff(s->session, 0, 0, 0);
    IMAPISession_Release(s->session);
}

/* Rows of a folder's contents table, ~0u when it cannot be read. */
static ULONG folder_count(struct session *s, ULONG cb, ENTRYID *eid)
{
    IMAPIFolder *folder;
    IMAPITable *table;
    ULONG type, count = ~0u;

    if (FAILED(IMsgStore_OpenEntry(s->store, cb, eid, NULL, 0, &type, (IUnknown **)&folder))) return count;
    if (SUCCEEDED(IMAPIFolder_GetContentsTable(folder, 0, &table)))
    {
        if (FAILED(IMAPITable_GetRowCount(table, 0, &count))) count = ~0u;
        IMAPITable_Release(table);
    }
    IMAPIFolder_Release(folder);
    return count;
}

/* The receive folder's rows: where non-delivery reports go. */
static ULONG inbox_count(struct session *s)
{
    char *explicit_class = NULL;
    ENTRYID *eid = NULL;
    ULONG cb = 0, count;

    if (FAILED(IMsgStore_GetReceiveFolder(s->store, (char *)"IPM.Note", 0, &cb, &eid, &explicit_class)))
        return ~0u;
    count = folder_count(s, cb, eid);
    pMAPIFreeBuffer(eid);
    pMAPIFreeBuffer(explicit_class);
    return count;
}

/* ------------------------------------------------------------------------
 * One message: made in the Outbox and submitted, as a client does.
 */

static HRESULT submit(struct session *s, ULONG number, ULONG *key, LONGLONG *submitted)
{
    static const char *addresses[RECIPIENTS] = {"anna@bench.example", "ben@bench.example", "chloe@bench.example"};
    static const SizedSPropTagArray(1, eid_tag) = {1, {PR_ENTRYID}};
    SPropValue props[4], *values, *eid;
    char subject[64];
    IMessage *message;
    ADRLIST *list;
    ULONG i, count;
    HRESULT hr;

    if (FAILED(hr = IMAPIFolder_CreateMessage(s->outbox, NULL, 0, &message))) return hr;
    sprintf(subject, "Spooler benchmark %lu", number);
    props[0].ulPropTag = PR_MESSAGE_CLASS_A;
    props[0].Value.lpszA = (char *)"IPM.Note";
    props[1].ulPropTag = PR_SUBJECT_A;
    props[1].Value.lpszA = subject;
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = (char *)"A message of the spooler benchmark, with three recipients.";
    props[3].ulPropTag = PR_SENTMAIL_ENTRYID;
    props[3].Value.bin = s->sent;
    hr = IMessage_SetProps(message, 4, props, NULL);

    *key = 0;
    if (SUCCEEDED(hr) && SUCCEEDED(hr = IMessage_GetProps(message, (SPropTagArray *)&eid_tag, 0, &count, &eid)))
    {
        if (eid->ulPropTag == PR_ENTRYID && eid->Value.bin.cb >= sizeof(*key))
            memcpy(key, eid->Value.bin.lpb + eid->Value.bin.cb - sizeof(*key), sizeof(*key));
        else hr = MAPI_E_NOT_FOUND;
        pMAPIFreeBuffer(eid);
    }

    if (SUCCEEDED(hr)) hr = pMAPIAllocateBuffer(CbNewADRLIST(RECIPIENTS), (void **)&list);
    if (SUCCEEDED(hr))
    {
        for (list->cEntries = 0; list->cEntries < RECIPIENTS; list->cEntries++)
        {
            if (FAILED(hr = pMAPIAllocateBuffer(4 * sizeof(SPropValue), (void **)&values))) break;
            values[0].ulPropTag = PR_DISPLAY_NAME_A;
            values[0].Value.lpszA = (char *)addresses[list->cEntries];
            values[1].ulPropTag = PR_EMAIL_ADDRESS_A;
            values[1].Value.lpszA = (char *)addresses[list->cEntries];
            values[2].ulPropTag = PR_ADDRTYPE_A;
            values[2].Value.lpszA = (char *)"SMTP";
            values[3].ulPropTag = PR_RECIPIENT_TYPE;
            values[3].Value.l = MAPI_TO;
            list->aEntries[list->cEntries].ulReserved1 = 0;
            list->aEntries[list->cEntries].cValues = 4;
            list->aEntries[list->cEntries].rgPropVals = values;
        }
        if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(message, MODRECIP_ADD, list);
        for (i = 0; i < list->cEntries; i++) pMAPIFreeBuffer(list->aEntries[i].rgPropVals);
        pMAPIFreeBuffer(list);
    }
    if (SUCCEEDED(hr))
    {
        hr = IMessage_SubmitMessage(message, 0);
        *submitted = counter();
    }
    IMessage_Release(message);
    return hr;
}

/* ------------------------------------------------------------------------
 * One run, in a child process.
 */

static ULONG kib(SIZE_T bytes)
{
    return (ULONG)(bytes / 1024);
}

static double thread_cpu_us(HANDLE thread)
{
    FILETIME created, exited, kernel, user;

    if (!thread || !GetThreadTimes(thread, &created, &exited, &kernel, &user)) return -1.0;
    return ((((ULONGLONG)kernel.dwHighDateTime << 32) | kernel.dwLowDateTime)
            + (((ULONGLONG)user.dwHighDateTime << 32) | user.dwLowDateTime)) / 10.0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

struct key_index
{
    ULONG key, index;
};

static int compare_keys(const void *a, const void *b)
{
    const struct key_index *x = a, *y = b;

    return x->key < y->key ? -1 : x->key > y->key;
}

/* Waits for the transport's EndMessage calls; FALSE when they stall. */
static BOOL wait_ends(struct recxp_bench *bench, LONG count)
{
    DWORD last_change = GetTickCount();
    LONG seen = bench->ends;

    while (bench->ends < count)
    {
        if (bench->event) WaitForSingleObject(bench->event, 100);
        else Sleep(1);
        if (bench->ends != seen)
        {
            seen = bench->ends;
            last_change = GetTickCount();
        }
        else if (GetTickCount() - last_change > STALL_MS) return FALSE;
    }
    return TRUE;
}

/* Waits for the outgoing queue to be empty, through one view of it; FALSE after STALL_MS. */
static BOOL wait_queue_empty(struct session *s, ULONG *left)
{
    DWORD start = GetTickCount();
    IMAPITable *queue;
    HRESULT hr;

    *left = ~0u;
    if (FAILED(hr = IMsgStore_GetOutgoingQueue(s->store, 0, &queue)))
    {
        failed("GetOutgoingQueue returned %#lx", hr);
        return FALSE;
    }
    while (SUCCEEDED(IMAPITable_GetRowCount(queue, 0, left)) && *left)
    {
        if (GetTickCount() - start > STALL_MS) break;
        Sleep(1);
    }
    IMAPITable_Release(queue);
    return !*left;
}

/* The latencies of the run, matched to their messages; computes the percentiles. */
static void latencies(const struct kind *kind, ULONG n, const struct recxp_bench *bench, const LONGLONG *submitted,
        const ULONG *keys, struct result *res)
{
    ULONG i, out_of_order = 0;
    struct key_index *sorted, *found, probe;
    double *lat;
    BOOL *seen;

    lat = calloc(n, sizeof(*lat));
    sorted = calloc(n, sizeof(*sorted));
    seen = calloc(n, sizeof(*seen));
    if (!lat || !sorted || !seen)
    {
        failed("out of memory");
        goto done;
    }
    for (i = 0; i < n; i++)
    {
        sorted[i].key = keys[i];
        sorted[i].index = i;
    }
    qsort(sorted, n, sizeof(*sorted), compare_keys);
    for (i = 1; i < n; i++)
        if (sorted[i].key == sorted[i - 1].key)
        {
            failed("two messages have the same entry ID key %lu", sorted[i].key);
            goto done;
        }
    for (i = 0; i < n; i++)
    {
        ULONG index = i;

        if (kind->mode != RECXP_BENCH_FLOOR)
        {
            probe.key = bench->keys[i];
            if (!(found = bsearch(&probe, sorted, n, sizeof(*sorted), compare_keys)))
            {
                failed("EndMessage %lu was for message key %lu, which was not submitted", i, bench->keys[i]);
                goto done;
            }
            index = found->index;
            if (seen[index])
            {
                failed("message %lu ended twice", index);
                goto done;
            }
            seen[index] = TRUE;
            if (index != i) out_of_order++;
        }
        lat[i] = seconds_between(submitted[index], bench->times[i]) * 1e6;
    }
    qsort(lat, n, sizeof(*lat), compare_doubles);
    res->p50 = lat[(n - 1) / 2];
    res->p99 = lat[(n * 99 + 99) / 100 - 1];
    res->out_of_order = out_of_order;
done:
    free(lat);
    free(sorted);
    free(seen);
}

static int run(const struct kind *kind, ULONG messages)
{
    struct recxp_bench bench = {0};
    PROCESS_MEMORY_COUNTERS memory;
    RECXP_BENCH_RECORD pRecXpBenchRecord;
    struct result res = {{0}};
    LONGLONG *submitted, start, end, client_end;
    ULONG n = messages, *keys, i, left, count;
    double client_cpu;
    struct session s;
    HANDLE worker = NULL;
    HMODULE xp;
    char path[MAX_PATH];
    HRESULT hr;

    if (!load_mapi()) return 1;
    inf_path(path, sizeof(path));
    if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES && !install_inf()) return 1;
    if (!(xp = LoadLibraryA(XP_DLL)) || !(pRecXpBenchRecord = (void *)GetProcAddress(xp, "RecXpBenchRecord")))
    {
        failed("%s or its RecXpBenchRecord is missing, error %lu", XP_DLL, GetLastError());
        return 1;
    }
    submitted = calloc(n, sizeof(*submitted));
    keys = calloc(n, sizeof(*keys));
    bench.times = calloc(n, sizeof(*bench.times));
    bench.keys = calloc(n, sizeof(*bench.keys));
    bench.capacity = n;
    if (kind->paced) bench.event = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (!submitted || !keys || !bench.times || !bench.keys || (kind->paced && !bench.event))
    {
        failed("out of memory");
        return 1;
    }
    pRecXpBenchRecord(&bench);

    if (FAILED(hr = pMAPIInitialize(NULL)))
    {
        failed("MAPIInitialize returned %#lx", hr);
        return 1;
    }
    if (!create_profile(kind->mode))
    {
        pMAPIUninitialize();
        return 1;
    }
    if (!session_open(&s, kind->spooler ? 0 : MAPI_NO_MAIL))
    {
        session_close(&s);
        delete_profile();
        pMAPIUninitialize();
        return 1;
    }
    GetProcessMemoryInfo(GetCurrentProcess(), &memory, sizeof(memory));
    res.start_ws = kib(memory.WorkingSetSize);

    client_cpu = thread_cpu_us(GetCurrentThread());
    start = counter();
    for (i = 0; i < n; i++)
    {
        if (FAILED(hr = submit(&s, i + 1, &keys[i], &submitted[i])))
        {
            failed("message %lu: submitting returned %#lx", i + 1, hr);
            break;
        }
        if (!worker && bench.thread) worker = OpenThread(THREAD_QUERY_INFORMATION, FALSE, bench.thread);
        if (kind->paced && !wait_ends(&bench, i + 1))
        {
            failed("message %lu did not reach EndMessage in %u s", i + 1, STALL_MS / 1000);
            break;
        }
    }
    end = client_end = counter();
    client_cpu = thread_cpu_us(GetCurrentThread()) - client_cpu;
    res.submit_seconds = seconds_between(start, end);

    if (!failures && kind->spooler)
    {
        if (!wait_ends(&bench, n))
            failed("%ld of %lu messages reached EndMessage; none for %u s", bench.ends, n, STALL_MS / 1000);
        else if (!wait_queue_empty(&s, &left))
            failed("%lu messages are still in the outgoing queue after %u s", left, STALL_MS / 1000);
        end = counter();
    }
    res.seconds = seconds_between(start, end);
    if (!worker && bench.thread) worker = OpenThread(THREAD_QUERY_INFORMATION, FALSE, bench.thread);
    GetProcessMemoryInfo(GetCurrentProcess(), &memory, sizeof(memory));
    res.peak_ws = kib(memory.PeakWorkingSetSize);
    res.peak_pagefile = kib(memory.PeakPagefileUsage);
    res.client_cpu = client_cpu >= 0 ? client_cpu / n : -1.0;
    res.worker_cpu = -1.0;
    res.p50 = res.p99 = -1.0;
    res.alone = -1.0;

    /* Every message ended once, none was reported as undeliverable. */
    if (!failures && kind->spooler)
    {
        if (bench.submits != (LONG)n || bench.ends != (LONG)n)
            failed("%lu messages submitted, the transport saw %ld SubmitMessage and %ld EndMessage calls", n,
                    bench.submits, bench.ends);
        if ((count = folder_count(&s, s.sent.cb, (ENTRYID *)s.sent.lpb)) != n)
            failed("%lu messages submitted, %lu in Sent Items", n, count);
        if ((count = folder_count(&s, s.store_props[0].Value.bin.cb, (ENTRYID *)s.store_props[0].Value.bin.lpb)))
            failed("%lu messages are left in the Outbox", count);
        if ((count = inbox_count(&s)))
            failed("the Inbox holds %lu messages: non-delivery reports", count);
        if (!failures) latencies(kind, n, &bench, submitted, keys, &res);
        /* The spooler alone: the messages it ended after the last submission. */
        for (i = count = 0; i < n; i++)
            if (bench.times[i] > client_end) count++;
        if (count >= n / 10 && end > client_end) res.alone = count / seconds_between(client_end, end);
        if (worker) res.worker_cpu = thread_cpu_us(worker) / n;
    }
    else if (!failures)
    {
        if (bench.submits || bench.ends)
            failed("without a spooler the transport saw %ld SubmitMessage calls", bench.submits);
        if ((count = folder_count(&s, s.store_props[0].Value.bin.cb, (ENTRYID *)s.store_props[0].Value.bin.lpb)) != n)
            failed("%lu messages submitted, %lu in the Outbox", n, count);
    }
    if (worker) CloseHandle(worker);

    session_close(&s);
    pRecXpBenchRecord(NULL);
    delete_profile();
    pMAPIUninitialize();
    if (failures) return 1;

    printf("result %s %lu %.6f %.6f %.1f %.3f %.3f %lu %lu %lu %.3f %.3f %lu\n", kind->name, n, res.seconds,
            res.submit_seconds, res.alone, res.p50, res.p99, res.peak_ws, res.peak_pagefile, res.start_ws,
            res.worker_cpu, res.client_cpu, res.out_of_order);
    fflush(stdout);
    return 0;
}

/* ------------------------------------------------------------------------
 * The parent: every run in a child, the table.
 */

/* Runs "spoolbench.exe run <name>"; its output is parsed, "dll" and "FAILED" lines are shown. */
static BOOL run_child(const struct kind *kind, struct result *res, char *dll, size_t dll_size)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char self[MAX_PATH], cmd[MAX_PATH + 64], *output, *line, *next;
    size_t size = 0, used = 0;
    HANDLE read_end, write_end;
    DWORD got, code = 1;
    BOOL ok = FALSE;

    GetModuleFileNameA(NULL, self, sizeof(self));
    sprintf(cmd, "\"%s\" run %s", self, kind->name);
    if (!CreatePipe(&read_end, &write_end, &sa, 0)) return FALSE;
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = write_end;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
    {
        printf("FAILED cannot start %s, error %lu\n", cmd, GetLastError());
        CloseHandle(read_end);
        CloseHandle(write_end);
        return FALSE;
    }
    CloseHandle(write_end);
    output = NULL;
    for (;;)
    {
        if (used + 4096 + 1 > size)
        {
            char *bigger = realloc(output, size = size * 2 + 8192);

            if (!bigger) break;
            output = bigger;
        }
        if (!ReadFile(read_end, output + used, size - used - 1, &got, NULL) || !got) break;
        used += got;
    }
    CloseHandle(read_end);
    if (WaitForSingleObject(pi.hProcess, CHILD_TIMEOUT) == WAIT_TIMEOUT)
    {
        printf("FAILED %s: still running after %u s\n", kind->name, CHILD_TIMEOUT / 1000);
        TerminateProcess(pi.hProcess, 1);
    }
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if (!output) return FALSE;
    output[used] = 0;

    for (line = output; line && *line; line = next)
    {
        if ((next = strchr(line, '\n'))) *next++ = 0;
        line[strcspn(line, "\r")] = 0;
        if (!strncmp(line, "dll ", 4)) lstrcpynA(dll, line + 4, dll_size);
        else if (!strncmp(line, "FAILED ", 7)) printf("FAILED %s: %s\n", kind->name, line + 7);
        else if (!strncmp(line, "result ", 7))
            ok = sscanf(line + 7, "%31s %lu %lf %lf %lf %lf %lf %lu %lu %lu %lf %lf %lu", res->name, &res->messages,
                    &res->seconds, &res->submit_seconds, &res->alone, &res->p50, &res->p99, &res->peak_ws,
                    &res->peak_pagefile, &res->start_ws, &res->worker_cpu, &res->client_cpu,
                    &res->out_of_order) == 13;
    }
    free(output);
    if (code && ok) printf("FAILED %s: exit code %lu\n", kind->name, code);
    if (!ok && !code) printf("FAILED %s: no result line\n", kind->name);
    return ok && !code;
}

static double rate(const struct result *res)
{
    return res->seconds > 0 ? res->messages / res->seconds : 0.0;
}

static void print_ms(double us)
{
    if (us < 0) printf(" %9s", "-");
    else printf(" %9.3f", us / 1000);
}

static void print_us(double us)
{
    if (us < 0) printf(" %10s", "-");
    else printf(" %10.1f", us);
}

static int parent(int repeats)
{
    struct result best[ARRAY_SIZE(kinds)], res;
    BOOL have[ARRAY_SIZE(kinds)] = {0};
    char dll[MAX_PATH] = "", path[MAX_PATH];
    int r, bad = 0;
    ULONG k;

    if (!install_inf()) return 1;
    for (r = 0; r < repeats; r++)
        for (k = 0; k < ARRAY_SIZE(kinds); k++)
        {
            memset(&res, 0, sizeof(res));
            if (!run_child(&kinds[k], &res, dll, sizeof(dll)))
            {
                bad++;
                continue;
            }
            printf("run %-13s #%d: %8.0f messages/s, %.3f s\n", kinds[k].name, r + 1, rate(&res), res.seconds);
            fflush(stdout);
            if (!have[k] || rate(&res) > rate(&best[k])) best[k] = res;
            have[k] = TRUE;
        }
    inf_path(path, sizeof(path));
    DeleteFileA(path);

    printf("dll %s\n", dll);
    printf("\nbest of %d runs each; latency is SubmitMessage's return to EndMessage's start; memory is the process's\n",
            repeats);
    printf("%-13s %8s %8s %8s %9s %9s %9s %7s %10s %10s\n", "run", "messages", "msg/s", "alone", "p50 ms",
            "p99 ms", "peak MiB", "+MiB", "worker us", "client us");
    for (k = 0; k < ARRAY_SIZE(kinds); k++)
    {
        if (!have[k])
        {
            printf("%-13s %8s FAILED\n", kinds[k].name, "-");
            continue;
        }
        printf("%-13s %8lu %8.0f", kinds[k].name, best[k].messages, rate(&best[k]));
        if (best[k].alone < 0) printf(" %8s", "-");
        else printf(" %8.0f", best[k].alone);
        print_ms(best[k].p50);
        print_ms(best[k].p99);
        printf(" %9.1f %7.1f", best[k].peak_ws / 1024.0, ((double)best[k].peak_ws - best[k].start_ws) / 1024.0);
        print_us(best[k].worker_cpu);
        print_us(best[k].client_cpu);
        printf("\n");
    }
    printf("alone: messages/s of the spooler after the last submission; +MiB: peak working set over the one\n"
            "before the first message; worker us, client us: CPU time per message of the spooler's thread and of\n"
            "the submitting thread (10 ms ticks under Wine; time spent in wineserver not included)\n");
    for (k = 0; k < ARRAY_SIZE(kinds); k++)
        if (have[k] && best[k].out_of_order)
            printf("%s: %lu EndMessage calls came out of submission order\n", kinds[k].name, best[k].out_of_order);

    if (have[0] && have[1] && have[2])
    {
        printf("\nper message                                   client      floor     accept\n");
        printf("wall time, us (1 / msg/s)                 %10.1f %10.1f %10.1f\n", 1e6 / rate(&best[0]),
                1e6 / rate(&best[1]), 1e6 / rate(&best[2]));
        printf("spooler thread CPU, us                    %10s %10.1f %10.1f\n", "-", best[1].worker_cpu,
                best[2].worker_cpu);
        printf("spooler's own cost (floor: spooler thread CPU): %.1f us per message\n", best[1].worker_cpu);
        printf("the accepting transport's extra work (accept - floor): %.1f us CPU, %.1f us wall per message\n",
                best[2].worker_cpu - best[1].worker_cpu, 1e6 / rate(&best[2]) - 1e6 / rate(&best[1]));
        printf("the spooler's wall time over submitting alone (floor - client): %.1f us per message\n",
                1e6 / rate(&best[1]) - 1e6 / rate(&best[0]));
    }
    if (bad) printf("\nFAILED: %d runs failed\n", bad);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    ULONG k;

    QueryPerformanceFrequency(&frequency);
    if (argc > 2 && !strcmp(argv[1], "run"))
    {
        for (k = 0; k < ARRAY_SIZE(kinds); k++)
            if (!strcmp(argv[2], kinds[k].name))
                return run(&kinds[k], argc > 3 && atoi(argv[3]) > 0 ? atoi(argv[3]) : kinds[k].messages);
        printf("FAILED no run named %s\n", argv[2]);
        return 1;
    }
    return parent(argc > 1 ? max(atoi(argv[1]), 1) : 5);
}
