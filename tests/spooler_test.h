/*
 * What the spooler's integration tests share: mapi32's exports, a
 * MAPISVC.INF with the memory store and the recording transport, profiles
 * made of them, submitting through the store, the transport's call log,
 * and the store's counts.  Included by test files after wine/test.h;
 * everything here is static.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each scenario runs in a child process of its own (a crash fails that
 * scenario only): the child makes the profile (the memory store as the
 * default store, then the transports in the order given), logs on with
 * mail, submits messages through the store's Outbox, waits for the
 * spooler with a timeout, logs off, and checks what the transport logged
 * and what the store's state file holds once the session is gone.
 */

#ifndef __WINE_MAPI_SPOOLER_TEST_H
#define __WINE_MAPI_SPOOLER_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "memstore_inf.h"
#include "recxp_inf.h"

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#endif
#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif

#define SPT_PROFILE "Spooler Test"
#define SPT_XP_DLL "recxp32.dll"
#define SPT_STORE_NAME "Memory Store"
#define SPT_LOGON_FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE)
#define SPT_TIMEOUT 8000    /* ms a scenario waits for the spooler to do one thing */

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

static char spt_log_path[MAX_PATH];
static ULONG spt_outgoing, spt_sent, spt_inbox, spt_other;  /* the store's counts after spt_end */
static char spt_store_path[MAX_PATH];
static char spt_store_log_path[MAX_PATH];     /* the memory store's own log (MEMSTORE_LOG) */
static DWORD spt_log_mark;

static inline BOOL spt_init_mapi(void)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(mapi32 != NULL, "mapi32.dll did not load, error %lu.\n", GetLastError());
    if (!mapi32) return FALSE;
#define GET(name, decorated) \
    p##name = (void *)GetProcAddress(mapi32, decorated); \
    ok(p##name != NULL, "%s is not exported.\n", decorated)
    GET(MAPIInitialize, "MAPIInitialize@4");
    GET(MAPIUninitialize, "MAPIUninitialize@0");
    GET(MAPIAdminProfiles, "MAPIAdminProfiles@8");
    GET(MAPILogonEx, "MAPILogonEx@20");
    GET(MAPIAllocateBuffer, "MAPIAllocateBuffer@8");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreeProws, "FreeProws@4");
    GET(HrQueryAllRows, "HrQueryAllRows@24");
#undef GET
    ok((void *)GetProcAddress(mapi32, "HrQueryAllRows") == (void *)pHrQueryAllRows, "HrQueryAllRows names differ.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPILogonEx && pMAPIAllocateBuffer
            && pMAPIFreeBuffer && pFreeProws && pHrQueryAllRows;
}

/* ------------------------------------------------------------------------
 * MAPISVC.INF: the memory store's and the transport's fragments in one.
 */

static inline void spt_inf_path(char *path, DWORD size)
{
    GetSystemDirectoryA(path, size - 16);
    strcat(path, "\\MAPISVC.INF");
}

static inline BOOL spt_install_inf(void)
{
    static const char text[] =
        "; The spooler tests (wine-mapi)\r\n"
        "[Services]\r\n"
        MEMSTORE_INF_SERVICES
        RECXP_INF_SERVICES
        "\r\n"
        MEMSTORE_INF_SECTIONS
        RECXP_INF_SECTIONS;
    char dir[MAX_PATH], path[MAX_PATH], *p, *out, *slash;
    const char *in;
    DWORD written;
    HANDLE file;
    BOOL ret;

    GetModuleFileNameA(NULL, dir, sizeof(dir));
    if ((slash = strrchr(dir, '\\'))) *slash = 0;
    out = p = HeapAlloc(GetProcessHeap(), 0, sizeof(text) * 4);
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
    spt_inf_path(path, sizeof(path));
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s, error %lu.\n", path, GetLastError());
    if (file == INVALID_HANDLE_VALUE)
    {
        HeapFree(GetProcessHeap(), 0, p);
        return FALSE;
    }
    ret = WriteFile(file, p, out - p, &written, NULL);
    ok(ret, "WriteFile failed, error %lu.\n", GetLastError());
    CloseHandle(file);
    HeapFree(GetProcessHeap(), 0, p);
    return ret;
}

static inline void spt_remove_inf(void)
{
    char path[MAX_PATH];

    spt_inf_path(path, sizeof(path));
    DeleteFileA(path);
}

/* ------------------------------------------------------------------------
 * The transport's log: tests look at what was written since the last mark.
 * Lines end in " thread=<name>"; comparisons ignore it unless the
 * expected line names a thread.
 */

static inline void spt_log_names(void)
{
    GetTempPathA(sizeof(spt_log_path), spt_log_path);
    strcat(spt_log_path, "recxp.log");
    GetTempPathA(sizeof(spt_store_path), spt_store_path);
    strcat(spt_store_path, "spooler-store.dat");
    GetTempPathA(sizeof(spt_store_log_path), spt_store_log_path);
    strcat(spt_store_log_path, "spooler-store.log");
}

static inline void spt_log_start(void)
{
    char tid[16];

    spt_log_names();
    DeleteFileA(spt_log_path);
    DeleteFileA(spt_store_path);
    DeleteFileA(spt_store_log_path);
    SetEnvironmentVariableA("RECXP_LOG", spt_log_path);
    SetEnvironmentVariableA(MEMSTORE_LOG_VARIABLE, spt_store_log_path);
    sprintf(tid, "%lu", GetCurrentThreadId());
    SetEnvironmentVariableA("RECXP_CLIENT_THREAD", tid);
    spt_log_mark = 0;
}

static inline char *spt_log_text(DWORD from)
{
    HANDLE file = CreateFileA(spt_log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
            NULL, OPEN_EXISTING, 0, NULL);
    DWORD size = 0, got = 0;
    char *text;

    if (file != INVALID_HANDLE_VALUE) size = GetFileSize(file, NULL);
    if (size < from) from = size;
    text = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size - from + 1);
    if (file == INVALID_HANDLE_VALUE) return text;
    SetFilePointer(file, from, NULL, FILE_BEGIN);
    ReadFile(file, text, size - from, &got, NULL);
    text[got] = 0;
    CloseHandle(file);
    return text;
}

/* Later checks only see what comes after this. */
static inline void spt_log_skip(void)
{
    HANDLE file = CreateFileA(spt_log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
            NULL, OPEN_EXISTING, 0, NULL);

    spt_log_mark = 0;
    if (file == INVALID_HANDLE_VALUE) return;
    spt_log_mark = GetFileSize(file, NULL);
    CloseHandle(file);
}

/* '*' matches any run of characters. */
static inline BOOL spt_glob(const char *pattern, const char *text)
{
    if (*pattern == '*')
    {
        do
            if (spt_glob(pattern + 1, text)) return TRUE;
        while (*text++);
        return FALSE;
    }
    if (!*pattern) return !*text;
    return *pattern == *text && spt_glob(pattern + 1, text + 1);
}

/* A line matches a pattern; the line's thread counts only when the pattern names one. */
static inline BOOL spt_line_matches(const char *pattern, const char *line)
{
    char copy[1536], *thread;

    if (strstr(pattern, "thread=")) return spt_glob(pattern, line);
    lstrcpynA(copy, line, sizeof(copy));
    if ((thread = strstr(copy, " thread="))) *thread = 0;
    return spt_glob(pattern, copy);
}

/* keep: NULL for every line, else comma-separated prefixes of the lines to look at. */
static inline BOOL spt_log_keep(const char *line, const char *keep)
{
    const char *p, *end;

    if (!keep) return TRUE;
    for (p = keep; *p; p = *end ? end + 1 : end)
    {
        if (!(end = strchr(p, ','))) end = p + strlen(p);
        if (!strncmp(line, p, end - p)) return TRUE;
    }
    return FALSE;
}

/* The next line of text (cut off in place), or NULL at the end. */
static inline char *spt_next_line(char **text)
{
    char *line = *text, *end;

    if (!*line) return NULL;
    if ((end = strchr(line, '\n'))) *end++ = 0;
    else end = line + strlen(line);
    *text = end;
    return line;
}

/* The kept lines since the mark, one per line, in a string. */
static inline char *spt_log_lines(const char *keep)
{
    char *text = spt_log_text(spt_log_mark), *out, *p = text, *line;

    out = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, strlen(text) + 1);
    while ((line = spt_next_line(&p)))
    {
        if (!spt_log_keep(line, keep)) continue;
        strcat(out, line);
        strcat(out, "\n");
    }
    HeapFree(GetProcessHeap(), 0, text);
    return out;
}

/* Compares the kept lines since the mark with expected, line by line
 * ('*' is a wildcard), then moves the mark past them. */
#define check_log(keep, expected) check_log_(__FILE__, __LINE__, keep, expected)
static inline void check_log_(const char *file, int line, const char *keep, const char *expected)
{
    char *actual = spt_log_lines(keep), *want = HeapAlloc(GetProcessHeap(), 0, strlen(expected) + 1);
    char *a = actual, *e = want, *got, *wanted;
    int n = 0;

    strcpy(want, expected);
    for (;;)
    {
        got = spt_next_line(&a);
        wanted = spt_next_line(&e);
        n++;
        if (!got && !wanted)
        {
            ok_(file, line)(1, "the log matches.\n");
            break;
        }
        if (got && wanted && spt_line_matches(wanted, got)) continue;
        ok_(file, line)(0, "log line %d: expected \"%s\", got \"%s\".\n", n, wanted ? wanted : "(end)",
                got ? got : "(end)");
        HeapFree(GetProcessHeap(), 0, actual);
        actual = spt_log_lines(keep);
        trace_(file, line)("the log was:\n%s", actual);
        break;
    }
    HeapFree(GetProcessHeap(), 0, want);
    HeapFree(GetProcessHeap(), 0, actual);
    spt_log_skip();
}

/* How many lines of the whole log (this scenario's) match pattern. */
static inline int spt_log_count(const char *pattern)
{
    char *text = spt_log_text(0), *p = text, *line;
    int count = 0;

    while ((line = spt_next_line(&p)))
        if (spt_line_matches(pattern, line)) count++;
    HeapFree(GetProcessHeap(), 0, text);
    return count;
}

/* The number of the first line of the whole log matching pattern (from 1), 0 if none. */
static inline int spt_log_find(const char *pattern)
{
    char *text = spt_log_text(0), *p = text, *line;
    int n = 0, found = 0;

    while (!found && (line = spt_next_line(&p)))
    {
        n++;
        if (spt_line_matches(pattern, line)) found = n;
    }
    HeapFree(GetProcessHeap(), 0, text);
    return found;
}

/* The number of the last line of the whole log matching pattern, 0 if none. */
static inline int spt_log_find_last(const char *pattern)
{
    char *text = spt_log_text(0), *p = text, *line;
    int n = 0, found = 0;

    while ((line = spt_next_line(&p)))
    {
        n++;
        if (spt_line_matches(pattern, line)) found = n;
    }
    HeapFree(GetProcessHeap(), 0, text);
    return found;
}

/* How many lines of the whole log between two line numbers (inclusive) match pattern. */
static inline int spt_log_count_between(const char *pattern, int from, int to)
{
    char *text = spt_log_text(0), *p = text, *line;
    int n = 0, count = 0;

    while ((line = spt_next_line(&p)))
        if (++n >= from && n <= to && spt_line_matches(pattern, line)) count++;
    HeapFree(GetProcessHeap(), 0, text);
    return count;
}

/* How many lines of the memory store's log match pattern. */
static inline int spt_store_log_count(const char *pattern)
{
    char path[MAX_PATH], *text, *p, *line;
    int count = 0;

    strcpy(path, spt_log_path);
    strcpy(spt_log_path, spt_store_log_path);
    text = spt_log_text(0);
    strcpy(spt_log_path, path);
    for (p = text; (line = spt_next_line(&p)); )
        if (spt_glob(pattern, line)) count++;
    HeapFree(GetProcessHeap(), 0, text);
    return count;
}

/* Waits until count lines of the whole log match pattern; FALSE on timeout. */
static inline BOOL spt_wait_log(const char *pattern, int count, DWORD timeout)
{
    DWORD start = GetTickCount();

    for (;;)
    {
        if (spt_log_count(pattern) >= count) return TRUE;
        if (GetTickCount() - start > timeout) return FALSE;
        Sleep(20);
    }
}

#define wait_log(pattern, count) wait_log_(__FILE__, __LINE__, pattern, count)
static inline BOOL wait_log_(const char *file, int line, const char *pattern, int count)
{
    BOOL ret = spt_wait_log(pattern, count, SPT_TIMEOUT);
    char *text;

    ok_(file, line)(ret, "timed out waiting for %d lines \"%s\" (got %d).\n", count, pattern, spt_log_count(pattern));
    if (!ret && winetest_debug > 1)
    {
        text = spt_log_text(0);
        trace_(file, line)("the log was:\n%s", text);
        HeapFree(GetProcessHeap(), 0, text);
    }
    return ret;
}

/* The union of the flags of the TransportNotify lines of transport tag between two line numbers (0: the end). */
static inline ULONG spt_notify_flags(const char *tag, int from, int to)
{
    char *text = spt_log_text(0), *p = text, *line, prefix[64];
    ULONG flags = 0;
    int n = 0;

    sprintf(prefix, "xpl.TransportNotify xp=%s flags=", tag);
    while ((line = spt_next_line(&p)))
    {
        if (++n < from || (to && n > to)) continue;
        if (!strncmp(line, prefix, strlen(prefix))) flags |= strtoul(line + strlen(prefix), NULL, 16);
    }
    HeapFree(GetProcessHeap(), 0, text);
    return flags;
}

/* ------------------------------------------------------------------------
 * Profiles: the memory store (the default store, its state file at
 * spt_store_path), then transports configured through their sections.
 */

/* One transport to set up; zero fields take the fixture's defaults. */
struct xp_setup
{
    const char *service;        /* RECXP_SERVICE_* */
    const char *tag;            /* NULL: every provider of the service, else only this one */
    ULONG mode;                 /* RECXP_* */
    const char *types;          /* "SMTP,X400"; NULL: no type list (every type) */
    const MAPIUID *uid;
    HRESULT submit_hr;
    ULONG submit_count;
    ULONG return_parm;
    ULONG end_flags;
    ULONG end_count;
    ULONG inbound;
    ULONG raise;
    ULONG delay;
    HRESULT logon_hr;
};

/* The values a setup writes into a provider section (props: 16 entries; types: room for the list). */
static inline ULONG spt_setup_props(const struct xp_setup *setup, SPropValue *props, char *types_buf, char **type_ptrs)
{
    ULONG n = 0, count = 0;
    char *p;

    props[n].ulPropTag = PR_RECXP_MODE;
    props[n++].Value.l = setup->mode;
    if (setup->types)
    {
        strcpy(types_buf, setup->types);
        for (p = strtok(types_buf, ","); p && count < 8; p = strtok(NULL, ",")) type_ptrs[count++] = p;
        props[n].ulPropTag = PR_RECXP_TYPES;
        props[n].Value.MVszA.cValues = count;
        props[n++].Value.MVszA.lppszA = type_ptrs;
    }
    if (setup->uid)
    {
        props[n].ulPropTag = PR_RECXP_UID;
        props[n].Value.bin.cb = sizeof(MAPIUID);
        props[n++].Value.bin.lpb = (BYTE *)setup->uid;
    }
#define LONG_PROP(tag, value) if (value) { props[n].ulPropTag = tag; props[n++].Value.l = value; }
    LONG_PROP(PR_RECXP_SUBMIT_HR, setup->submit_hr)
    LONG_PROP(PR_RECXP_SUBMIT_COUNT, setup->submit_count)
    LONG_PROP(PR_RECXP_RETURN_PARM, setup->return_parm)
    LONG_PROP(PR_RECXP_END_FLAGS, setup->end_flags)
    LONG_PROP(PR_RECXP_END_COUNT, setup->end_count)
    LONG_PROP(PR_RECXP_INBOUND, setup->inbound)
    LONG_PROP(PR_RECXP_RAISE, setup->raise)
    LONG_PROP(PR_RECXP_DELAY, setup->delay)
    LONG_PROP(PR_RECXP_LOGON_HR, setup->logon_hr)
#undef LONG_PROP
    return n;
}

/* The provider's tag from its section. */
static inline BOOL spt_section_tag(IProfSect *section, char *tag, DWORD size)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_RECXP_TAG}};
    SPropValue *props;
    ULONG count;
    HRESULT hr;
    BOOL ret;

    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
    if (FAILED(hr)) return FALSE;
    if ((ret = props[0].ulPropTag == PR_RECXP_TAG)) lstrcpynA(tag, props[0].Value.lpszA, size);
    pMAPIFreeBuffer(props);
    return ret;
}

/* Writes values into the sections of the providers of the named service
 * (only_tag: only the provider with that tag).  Returns how many it wrote. */
static inline int spt_configure(IMsgServiceAdmin *admin, const char *service, const char *only_tag, ULONG count,
        SPropValue *values)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_PROVIDER_UID, PR_SERVICE_NAME_A}};
    char tag[32];
    IProfSect *section;
    IMAPITable *table;
    SRowSet *rows;
    int written = 0;
    HRESULT hr;
    ULONG i;

    hr = IMsgServiceAdmin_GetProviderTable(admin, 0, &table);
    ok(hr == S_OK, "GetProviderTable got %#lx.\n", hr);
    if (hr) return 0;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    if (hr) return 0;
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_PROVIDER_UID || props[1].ulPropTag != PR_SERVICE_NAME_A) continue;
        if (strcmp(props[1].Value.lpszA, service)) continue;
        hr = IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)props[0].Value.bin.lpb, NULL,
                MAPI_MODIFY | MAPI_FORCE_ACCESS, &section);
        ok(hr == S_OK, "OpenProfileSection got %#lx.\n", hr);
        if (hr) continue;
        if (!only_tag || (spt_section_tag(section, tag, sizeof(tag)) && !strcmp(tag, only_tag)))
        {
            hr = IProfSect_SetProps(section, count, values, NULL);
            ok(hr == S_OK, "SetProps got %#lx.\n", hr);
            written++;
        }
        IProfSect_Release(section);
    }
    pFreeProws(rows);
    return written;
}

static inline HRESULT spt_admin(IProfAdmin **profiles, IMsgServiceAdmin **admin)
{
    HRESULT hr;

    *admin = NULL;
    if ((hr = pMAPIAdminProfiles(0, profiles))) return hr;
    if ((hr = IProfAdmin_AdminServices(*profiles, (char *)SPT_PROFILE, NULL, 0, 0, admin)))
        IProfAdmin_Release(*profiles);
    return hr;
}

/* A fresh profile: the memory store, then the transports in order (a
 * service listed twice, with different tags, is created once). */
static inline BOOL spt_create_profile(const struct xp_setup *xps, ULONG count)
{
    IMsgServiceAdmin *admin = NULL;
    char types[256], *type_ptrs[8];
    SPropValue props[16];
    IProfAdmin *profiles;
    ULONG i, j, n;
    HRESULT hr;

    hr = pMAPIAdminProfiles(0, &profiles);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (hr) return FALSE;
    IProfAdmin_DeleteProfile(profiles, (char *)SPT_PROFILE, 0);
    hr = IProfAdmin_CreateProfile(profiles, (char *)SPT_PROFILE, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile got %#lx.\n", hr);
    if (!hr)
    {
        hr = IProfAdmin_AdminServices(profiles, (char *)SPT_PROFILE, NULL, 0, 0, &admin);
        ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    }
    if (!hr)
    {
        hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)"MemStore", NULL, 0, 0);
        ok(hr == S_OK, "CreateMsgService(MemStore) got %#lx.\n", hr);
    }
    for (i = 0; !hr && i < count; i++)
    {
        for (j = 0; j < i; j++)
            if (!strcmp(xps[j].service, xps[i].service)) break;
        if (j < i) continue;
        hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)xps[i].service, NULL, 0, 0);
        ok(hr == S_OK, "CreateMsgService(%s) got %#lx.\n", xps[i].service, hr);
    }
    if (!hr)
    {
        props[0].ulPropTag = PR_MEMSTORE_PATH;
        props[0].Value.lpszA = spt_store_path;
        ok(spt_configure(admin, "MemStore", NULL, 1, props) == 1, "the store's section was not written.\n");
    }
    for (i = 0; !hr && i < count; i++)
    {
        n = spt_setup_props(&xps[i], props, types, type_ptrs);
        ok(spt_configure(admin, xps[i].service, xps[i].tag, n, props) > 0, "%s was not configured.\n",
                xps[i].service);
    }
    if (admin) IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
    return hr == S_OK;
}

/* Changes values of a transport while the session runs. */
static inline void spt_reconfigure(const char *service, const char *tag, ULONG count, SPropValue *values)
{
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    HRESULT hr;

    hr = spt_admin(&profiles, &admin);
    ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    if (hr) return;
    ok(spt_configure(admin, service, tag, count, values) > 0, "%s was not reconfigured.\n", service);
    IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
}

/* The profile's global section (pbGlobalProfileSectionGuid). */
static const MAPIUID spt_global_section = {{0x13,0xdb,0xb0,0xc8,0xaa,0x05,0x10,0x1a,0x9b,0xb0,0x00,0xaa,0x00,0x2f,0xc4,0x5a}};

/* The spooler's poll interval in seconds: PT_LONG 0x6620 of the global
 * section, as dlls/mapi32/spooler.c reads it at logon. */
static inline void spt_set_poll_interval(ULONG seconds)
{
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    IProfSect *section;
    SPropValue value;
    HRESULT hr;

    hr = spt_admin(&profiles, &admin);
    ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    if (hr) return;
    hr = IMsgServiceAdmin_OpenProfileSection(admin, (MAPIUID *)&spt_global_section, NULL,
            MAPI_MODIFY | MAPI_FORCE_ACCESS, &section);
    ok(hr == S_OK, "OpenProfileSection got %#lx.\n", hr);
    if (!hr)
    {
        value.ulPropTag = PROP_TAG(PT_LONG, 0x6620);
        value.Value.l = seconds;
        hr = IProfSect_SetProps(section, 1, &value, NULL);
        ok(hr == S_OK, "SetProps got %#lx.\n", hr);
        IProfSect_Release(section);
    }
    IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
}

static inline void spt_delete_profile(void)
{
    IProfAdmin *profiles;
    HRESULT hr;

    if (pMAPIAdminProfiles(0, &profiles)) return;
    hr = IProfAdmin_DeleteProfile(profiles, (char *)SPT_PROFILE, 0);
    ok(hr == S_OK, "DeleteProfile got %#lx.\n", hr);
    IProfAdmin_Release(profiles);
}

/* ------------------------------------------------------------------------
 * Scenarios, one per child process.
 */

struct spt_scenario
{
    const char *name;
    void (*func)(void);
};

/* How many times a recipient got a message it had already got, by any
 * transport: deliver lines that repeat "to=... subject=..." of an earlier one. */
static inline int spt_duplicate_deliveries(void)
{
    char *text = spt_log_text(0), *p = text, *line, *key, *end, **keys;
    int count = 0, duplicates = 0, i;

    keys = HeapAlloc(GetProcessHeap(), 0, sizeof(*keys) * (strlen(text) / 16 + 1));
    while ((line = spt_next_line(&p)))
    {
        if (strncmp(line, "deliver ", 8) || !(key = strstr(line, " to="))) continue;
        if ((end = strstr(key, " in=")) || (end = strstr(key, " thread="))) *end = 0;
        for (i = 0; i < count; i++)
            if (!strcmp(keys[i], key)) break;
        if (i < count) duplicates++;
        else keys[count++] = key;
    }
    HeapFree(GetProcessHeap(), 0, keys);
    HeapFree(GetProcessHeap(), 0, text);
    return duplicates;
}

static inline void spt_run_child(const char *test, const char *scenario)
{
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char **argv, cmd[MAX_PATH + 128];
    BOOL ret;

    winetest_get_mainargs(&argv);
    sprintf(cmd, "\"%s\" %s %s", argv[0], test, scenario);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok(ret, "cannot start %s, error %lu.\n", cmd, GetLastError());
    if (!ret) return;
    winetest_push_context("%s", scenario);
    wait_child_process(pi.hProcess);
    /* The log outlives a child that crashed. */
    spt_log_names();
    spt_log_mark = 0;
    ok(!spt_log_count("detach * in=*"), "MAPI freed the transport DLL while its code was running.\n");
    ok(!spt_log_count("violation*"), "the transport saw %d violations, the first at line %d.\n",
            spt_log_count("violation*"), spt_log_find("violation*"));
    ok(!spt_duplicate_deliveries(), "%d deliveries were made twice.\n", spt_duplicate_deliveries());
    winetest_pop_context();
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

/* The body of START_TEST: in the parent, every scenario in a child of its
 * own; in a child, the scenario it names. */
static inline void spt_run_scenarios(const char *test, const struct spt_scenario *scenarios)
{
    const struct spt_scenario *scenario;
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    if (argc > 2)
    {
        char path[MAX_PATH];
        BOOL own_inf;

        /* A scenario run by hand installs the INF itself. */
        spt_inf_path(path, sizeof(path));
        if ((own_inf = GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) && !spt_install_inf()) return;
        for (scenario = scenarios; scenario->name; scenario++)
            if (!strcmp(scenario->name, argv[2])) break;
        ok(scenario->name != NULL, "no scenario %s.\n", argv[2]);
        if (scenario->name && spt_init_mapi()) scenario->func();
        if (own_inf) spt_remove_inf();
        return;
    }
    if (!spt_install_inf()) return;
    for (scenario = scenarios; scenario->name; scenario++)
        spt_run_child(test, scenario->name);
    spt_remove_inf();
}

/* ------------------------------------------------------------------------
 * A scenario's session, its default store and its Outbox.
 */

struct spt_session
{
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *outbox;
    ULONG cb_sent;
    BYTE sent[64];              /* PR_IPM_SENTMAIL_ENTRYID */
    int submitted;
};

/* Initializes MAPI, makes the profile and starts the log. */
static inline BOOL spt_begin(const struct xp_setup *xps, ULONG count)
{
    HRESULT hr;

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (hr) return FALSE;
    spt_log_start();
    if (!spt_create_profile(xps, count)) return FALSE;
    /* What the service entries logged while the profile was made is not the spooler's doing. */
    spt_log_skip();
    return TRUE;
}

static inline HRESULT spt_logon(ULONG flags, IMAPISession **session)
{
    return pMAPILogonEx(0, (char *)SPT_PROFILE, NULL, SPT_LOGON_FLAGS | flags, session);
}

/* The default store's entry ID from the stores table (HeapFree it). */
static inline BOOL spt_default_store_eid(IMAPISession *session, ULONG *cb, ENTRYID **eid)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_DEFAULT_STORE, PR_ENTRYID}};
    IMAPITable *table;
    SRowSet *rows;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    ok(hr == S_OK, "GetMsgStoresTable got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    if (hr) return FALSE;
    for (i = 0; i < rows->cRows && !found; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_DEFAULT_STORE || !props[0].Value.b || props[1].ulPropTag != PR_ENTRYID) continue;
        *cb = props[1].Value.bin.cb;
        *eid = HeapAlloc(GetProcessHeap(), 0, *cb);
        memcpy(*eid, props[1].Value.bin.lpb, *cb);
        found = TRUE;
    }
    pFreeProws(rows);
    return found;
}

/* Logs on with mail, opens the default store and its Outbox. */
static inline BOOL spt_open(struct spt_session *s)
{
    static const SizedSPropTagArray(2, tags) = {2, {PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID}};
    SPropValue *props;
    ENTRYID *eid;
    ULONG cb, count, type;
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    hr = spt_logon(0, &s->session);
    ok(hr == S_OK, "MAPILogonEx got %#lx.\n", hr);
    if (hr) return FALSE;
    if (!spt_default_store_eid(s->session, &cb, &eid))
    {
        ok(0, "no default store in the stores table.\n");
        return FALSE;
    }
    hr = IMAPISession_OpenMsgStore(s->session, 0, cb, eid, NULL, MDB_WRITE | MDB_NO_DIALOG, &s->store);
    HeapFree(GetProcessHeap(), 0, eid);
    ok(hr == S_OK, "OpenMsgStore got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = IMsgStore_GetProps(s->store, (SPropTagArray *)&tags, 0, &count, &props);
    ok(SUCCEEDED(hr), "GetProps got %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;
    ok(props[0].ulPropTag == PR_IPM_OUTBOX_ENTRYID, "the store has no Outbox, tag %#lx.\n", props[0].ulPropTag);
    if (props[1].ulPropTag == PR_IPM_SENTMAIL_ENTRYID && props[1].Value.bin.cb <= sizeof(s->sent))
    {
        s->cb_sent = props[1].Value.bin.cb;
        memcpy(s->sent, props[1].Value.bin.lpb, s->cb_sent);
    }
    if (props[0].ulPropTag == PR_IPM_OUTBOX_ENTRYID)
        hr = IMsgStore_OpenEntry(s->store, props[0].Value.bin.cb, (ENTRYID *)props[0].Value.bin.lpb, NULL,
                MAPI_MODIFY, &type, (IUnknown **)&s->outbox);
    else hr = MAPI_E_NOT_FOUND;
    pMAPIFreeBuffer(props);
    ok(hr == S_OK, "opening the Outbox got %#lx.\n", hr);
    return hr == S_OK;
}

/* A recipient of a test message. */
struct spt_recip
{
    const char *address;        /* PR_EMAIL_ADDRESS and PR_DISPLAY_NAME */
    const char *type;           /* PR_ADDRTYPE; NULL: none */
    const MAPIUID *uid;         /* an entry ID carrying this provider UID; NULL: none */
};

/* Creates a message in the Outbox with these recipients and submits it. */
static inline HRESULT spt_submit(struct spt_session *s, const char *subject, const struct spt_recip *recips, ULONG count)
{
    SPropValue props[4], *values;
    IMessage *message;
    ADRLIST *list;
    ULONG i, n;
    HRESULT hr;

    if (!s->outbox) return MAPI_E_NOT_FOUND;
    hr = IMAPIFolder_CreateMessage(s->outbox, NULL, 0, &message);
    ok(hr == S_OK, "CreateMessage got %#lx.\n", hr);
    if (hr) return hr;
    props[0].ulPropTag = PR_MESSAGE_CLASS_A;
    props[0].Value.lpszA = (char *)"IPM.Note";
    props[1].ulPropTag = PR_SUBJECT_A;
    props[1].Value.lpszA = (char *)subject;
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = (char *)"A message of the spooler tests.";
    props[3].ulPropTag = PR_SENTMAIL_ENTRYID;
    props[3].Value.bin.cb = s->cb_sent;
    props[3].Value.bin.lpb = s->sent;
    hr = IMessage_SetProps(message, s->cb_sent ? 4 : 3, props, NULL);
    ok(hr == S_OK, "SetProps got %#lx.\n", hr);

    pMAPIAllocateBuffer(offsetof(ADRLIST, aEntries[count]), (void **)&list);
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        pMAPIAllocateBuffer(sizeof(SPropValue) * 5 + 256, (void **)&values);
        n = 0;
        values[n].ulPropTag = PR_DISPLAY_NAME_A;
        values[n++].Value.lpszA = (char *)recips[i].address;
        values[n].ulPropTag = PR_EMAIL_ADDRESS_A;
        values[n++].Value.lpszA = (char *)recips[i].address;
        values[n].ulPropTag = PR_RECIPIENT_TYPE;
        values[n++].Value.l = MAPI_TO;
        if (recips[i].type)
        {
            values[n].ulPropTag = PR_ADDRTYPE_A;
            values[n++].Value.lpszA = (char *)recips[i].type;
        }
        if (recips[i].uid)
        {
            BYTE *eid = (BYTE *)(values + 5);

            memset(eid, 0, 4);
            memcpy(eid + 4, recips[i].uid, sizeof(MAPIUID));
            strcpy((char *)eid + 4 + sizeof(MAPIUID), recips[i].address);
            values[n].ulPropTag = PR_ENTRYID;
            values[n].Value.bin.cb = 4 + sizeof(MAPIUID) + strlen(recips[i].address) + 1;
            values[n++].Value.bin.lpb = eid;
        }
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = n;
        list->aEntries[i].rgPropVals = values;
    }
    hr = IMessage_ModifyRecipients(message, MODRECIP_ADD, list);
    ok(hr == S_OK, "ModifyRecipients got %#lx.\n", hr);
    for (i = 0; i < count; i++) pMAPIFreeBuffer(list->aEntries[i].rgPropVals);
    pMAPIFreeBuffer(list);
    hr = IMessage_SubmitMessage(message, 0);
    ok(hr == S_OK, "SubmitMessage(%s) got %#lx.\n", subject, hr);
    if (!hr) s->submitted++;
    IMessage_Release(message);
    return hr;
}

/* One SMTP recipient. */
static inline HRESULT spt_submit_one(struct spt_session *s, const char *subject, const char *address)
{
    struct spt_recip recip = {address, "SMTP", NULL};

    return spt_submit(s, subject, &recip, 1);
}

/* How many messages the Outbox holds. */
static inline ULONG spt_outbox_count(struct spt_session *s)
{
    IMAPITable *table;
    ULONG count = ~0u;
    HRESULT hr;

    if (!s->outbox) return count;
    hr = IMAPIFolder_GetContentsTable(s->outbox, 0, &table);
    ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
    if (hr) return count;
    hr = IMAPITable_GetRowCount(table, 0, &count);
    ok(hr == S_OK, "GetRowCount got %#lx.\n", hr);
    IMAPITable_Release(table);
    return count;
}

/* Waits until the spooler has finished every message of the Outbox. */
#define wait_outbox_empty(s) wait_outbox_empty_(__FILE__, __LINE__, s)
static inline BOOL wait_outbox_empty_(const char *file, int line, struct spt_session *s)
{
    DWORD start = GetTickCount();
    ULONG count;

    while ((count = spt_outbox_count(s)))
    {
        if (GetTickCount() - start > SPT_TIMEOUT)
        {
            ok_(file, line)(0, "%lu messages are still in the Outbox.\n", count);
            return FALSE;
        }
        Sleep(20);
    }
    return TRUE;
}

/* Logs the session off and lets go of everything. */
static inline void spt_close(struct spt_session *s)
{
    HRESULT hr;

    if (s->outbox) IMAPIFolder_Release(s->outbox);
    s->outbox = NULL;
    if (s->store) IMsgStore_Release(s->store);
    s->store = NULL;
    if (!s->session) return;
    hr = IMAPISession_Logoff(s->session, 0, 0, 0);
    ok(hr == S_OK, "Logoff got %#lx.\n", hr);
    IMAPISession_Release(s->session);
    s->session = NULL;
}

/* Waits up to timeout ms for the transport DLL to be unloaded. */
static inline BOOL spt_wait_unloaded(DWORD timeout)
{
    DWORD start = GetTickCount();

    while (GetModuleHandleA(SPT_XP_DLL))
    {
        if (GetTickCount() - start > timeout) return FALSE;
        Sleep(20);
    }
    return TRUE;
}

/* The store's counts from its state file, read without MAPI once the session is gone. */
static inline BOOL spt_store_counts(ULONG *outgoing, ULONG *sent, ULONG *inbox, ULONG *other)
{
    MEMSTORE_COUNTS pMemStoreCounts;
    HMODULE module;
    HRESULT hr = E_FAIL;

    *outgoing = *sent = *inbox = *other = ~0u;
    module = LoadLibraryA(MEMSTORE_DLL);
    ok(module != NULL, "cannot load %s, error %lu.\n", MEMSTORE_DLL, GetLastError());
    if (!module) return FALSE;
    pMemStoreCounts = (void *)GetProcAddress(module, "MemStoreCounts");
    ok(pMemStoreCounts != NULL, "MemStoreCounts is not exported.\n");
    if (pMemStoreCounts) hr = pMemStoreCounts(spt_store_path, outgoing, sent, inbox, other);
    ok(hr == S_OK, "MemStoreCounts got %#lx.\n", hr);
    FreeLibrary(module);
    return hr == S_OK;
}

/* The end of every scenario: session off, profile gone, MAPI uninitialized;
 * the transport DLL unloaded with nothing alive.  submitted >= 0: every
 * submitted message is either still queued or finished (in Sent Items). */
static inline void spt_end(struct spt_session *s, int submitted)
{
    spt_close(s);
    spt_delete_profile();
    pMAPIUninitialize();
    ok(spt_wait_unloaded(3000), "recxp32.dll is still loaded.\n");
    ok(spt_log_count("detach live=0") == spt_log_count("detach*"), "the transport left objects alive.\n");
    if (submitted < 0) return;
    if (!spt_store_counts(&spt_outgoing, &spt_sent, &spt_inbox, &spt_other)) return;
    ok(spt_outgoing + spt_sent == submitted, "%d submitted, %lu queued, %lu sent (%lu in the Inbox, %lu elsewhere).\n",
            submitted, spt_outgoing, spt_sent, spt_inbox, spt_other);
}

/* How many times each recipient of a message was delivered to, at most once each. */
#define check_delivered_once(subject, addresses) check_delivered_once_(__FILE__, __LINE__, subject, addresses)
static inline void check_delivered_once_(const char *file, int line, const char *subject, const char *addresses)
{
    char copy[256], pattern[256], *address;
    int count;

    strcpy(copy, addresses);
    for (address = strtok(copy, ","); address; address = strtok(NULL, ","))
    {
        sprintf(pattern, "deliver xp=* to=%s subject=\"%s\"", address, subject);
        count = spt_log_count(pattern);
        ok_(file, line)(count <= 1, "%s got \"%s\" %d times.\n", address, subject, count);
    }
}

/* ------------------------------------------------------------------------
 * Reading the store: the Inbox and its reports.
 */

static inline IMAPIFolder *spt_open_inbox(struct spt_session *s)
{
    IMAPIFolder *inbox = NULL;
    ENTRYID *eid = NULL;
    char *explicit_class = NULL;
    ULONG cb = 0, type;
    HRESULT hr;

    hr = IMsgStore_GetReceiveFolder(s->store, (char *)"IPM.Note", 0, &cb, &eid, &explicit_class);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (hr) return NULL;
    hr = IMsgStore_OpenEntry(s->store, cb, eid, NULL, 0, &type, (IUnknown **)&inbox);
    ok(hr == S_OK, "opening the Inbox got %#lx.\n", hr);
    pMAPIFreeBuffer(eid);
    pMAPIFreeBuffer(explicit_class);
    return hr ? NULL : inbox;
}

/* The Inbox's messages: their class, subject, original subject and entry ID. */
static inline SRowSet *spt_inbox_rows(struct spt_session *s)
{
    static const SizedSPropTagArray(4, columns) =
            {4, {PR_MESSAGE_CLASS_A, PR_SUBJECT_A, PR_ORIGINAL_SUBJECT_A, PR_ENTRYID}};
    IMAPIFolder *inbox = spt_open_inbox(s);
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;

    if (!inbox) return NULL;
    hr = IMAPIFolder_GetContentsTable(inbox, 0, &table);
    ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
    if (!hr)
    {
        hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
        ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
        IMAPITable_Release(table);
    }
    IMAPIFolder_Release(inbox);
    return hr ? NULL : rows;
}

/* Whether the Inbox holds a message with this subject. */
static inline BOOL spt_inbox_has(struct spt_session *s, const char *subject)
{
    SRowSet *rows = spt_inbox_rows(s);
    BOOL found = FALSE;
    ULONG i;

    for (i = 0; rows && i < rows->cRows && !found; i++)
        found = rows->aRow[i].lpProps[1].ulPropTag == PR_SUBJECT_A
                && !strcmp(rows->aRow[i].lpProps[1].Value.lpszA, subject);
    if (rows) pFreeProws(rows);
    return found;
}

static inline int spt_compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted, comma-separated e-mail addresses of a message's recipients. */
static inline void spt_message_recipients(IMessage *message, char *out, size_t size)
{
    static const SizedSPropTagArray(1, columns) = {1, {PR_EMAIL_ADDRESS_A}};
    const char *addresses[32];
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, n = 0;

    out[0] = 0;
    if (IMessage_GetRecipientTable(message, 0, &table)) return;
    if (!pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))
    {
        for (i = 0; i < rows->cRows && n < ARRAY_SIZE(addresses); i++)
            if (rows->aRow[i].lpProps[0].ulPropTag == PR_EMAIL_ADDRESS_A)
                addresses[n++] = rows->aRow[i].lpProps[0].Value.lpszA;
        qsort(addresses, n, sizeof(addresses[0]), spt_compare_strings);
        for (i = 0; i < n && strlen(out) + strlen(addresses[i]) + 2 < size; i++)
        {
            if (i) strcat(out, ",");
            strcat(out, addresses[i]);
        }
        pFreeProws(rows);
    }
    IMAPITable_Release(table);
}

/* A message's PR_ORIGINAL_SUBJECT (HeapFree it), or NULL. */
static inline char *spt_original_subject(IMessage *message)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_ORIGINAL_SUBJECT_A}};
    SPropValue *props;
    char *subject = NULL;
    ULONG count;

    if (FAILED(IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &props))) return NULL;
    if (props[0].ulPropTag == PR_ORIGINAL_SUBJECT_A)
    {
        subject = HeapAlloc(GetProcessHeap(), 0, strlen(props[0].Value.lpszA) + 1);
        strcpy(subject, props[0].Value.lpszA);
    }
    pMAPIFreeBuffer(props);
    return subject;
}

/* The non-delivery reports in the Inbox for the message with this subject
 * (their PR_ORIGINAL_SUBJECT): how many, and the sorted recipients of the
 * last one. */
static inline int spt_ndr(struct spt_session *s, const char *subject, char *recipients, size_t size)
{
    SRowSet *rows = spt_inbox_rows(s);
    IMessage *message;
    char *original;
    ULONG i, type;
    int count = 0;
    HRESULT hr;

    recipients[0] = 0;
    for (i = 0; rows && i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;
        size_t len;

        if (props[0].ulPropTag != PR_MESSAGE_CLASS_A || strncmp(props[0].Value.lpszA, "REPORT.", 7)) continue;
        len = strlen(props[0].Value.lpszA);
        if (len < 4 || strcmp(props[0].Value.lpszA + len - 4, ".NDR")) continue;
        if (props[3].ulPropTag != PR_ENTRYID) continue;
        hr = IMsgStore_OpenEntry(s->store, props[3].Value.bin.cb, (ENTRYID *)props[3].Value.bin.lpb, NULL, 0,
                &type, (IUnknown **)&message);
        ok(hr == S_OK, "opening the report got %#lx.\n", hr);
        if (hr) continue;
        original = spt_original_subject(message);
        ok(original != NULL, "a report without PR_ORIGINAL_SUBJECT.\n");
        if (original && !strcmp(original, subject))
        {
            count++;
            spt_message_recipients(message, recipients, size);
        }
        HeapFree(GetProcessHeap(), 0, original);
        IMessage_Release(message);
    }
    if (rows) pFreeProws(rows);
    return count;
}

/* ------------------------------------------------------------------------
 * The status table.
 */

enum spt_status_column
{
    SC_DISPLAY, SC_CODE, SC_TYPE, SC_DLL, SC_METHODS, SC_STRING, SC_OBJECT_TYPE, SC_ENTRYID, SC_ROWID,
    SC_INSTANCE_KEY, SC_RESOURCE_FLAGS, SC_COUNT
};

static inline SRowSet *spt_status_rows(IMAPISession *session)
{
    static const SizedSPropTagArray(SC_COUNT, columns) =
    {
        SC_COUNT,
        {
            PR_DISPLAY_NAME_A, PR_STATUS_CODE, PR_RESOURCE_TYPE, PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_METHODS,
            PR_STATUS_STRING_A, PR_OBJECT_TYPE, PR_ENTRYID, PR_ROWID, PR_INSTANCE_KEY, PR_RESOURCE_FLAGS,
        }
    };
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;

    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "GetStatusTable got %#lx.\n", hr);
    if (hr) return NULL;
    hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    ok(hr == S_OK, "HrQueryAllRows got %#lx.\n", hr);
    IMAPITable_Release(table);
    return hr ? NULL : rows;
}

/* The row with this display name and resource type, or NULL. */
static inline SPropValue *spt_status_row(SRowSet *rows, const char *name, ULONG type)
{
    ULONG i;

    for (i = 0; rows && i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[SC_TYPE].ulPropTag != PR_RESOURCE_TYPE || props[SC_TYPE].Value.l != type) continue;
        if (name && (props[SC_DISPLAY].ulPropTag != PR_DISPLAY_NAME_A || strcmp(props[SC_DISPLAY].Value.lpszA, name)))
            continue;
        return props;
    }
    return NULL;
}

/* How many rows have this resource type. */
static inline int spt_status_count(SRowSet *rows, ULONG type)
{
    ULONG i;
    int count = 0;

    for (i = 0; rows && i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[SC_TYPE].ulPropTag == PR_RESOURCE_TYPE
                && rows->aRow[i].lpProps[SC_TYPE].Value.l == type)
            count++;
    return count;
}

/* ------------------------------------------------------------------------
 * The transport's test hooks, called while the spooler has the DLL loaded.
 */

static inline HRESULT spt_xp_notify(const char *tag, ULONG flags)
{
    HRESULT (WINAPI *pRecXpSpoolerNotify)(const char *, ULONG);
    HMODULE module = GetModuleHandleA(SPT_XP_DLL);

    if (!module) return MAPI_E_NOT_FOUND;
    pRecXpSpoolerNotify = (void *)GetProcAddress(module, "RecXpSpoolerNotify");
    return pRecXpSpoolerNotify ? pRecXpSpoolerNotify(tag, flags) : MAPI_E_NOT_FOUND;
}

#endif /* __WINE_MAPI_SPOOLER_TEST_H */
