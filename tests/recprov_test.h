/*
 * What the integration tests share: mapi32's exports, the fixture's
 * MAPISVC.INF and profiles, and the fixture's call log.  Included by test
 * files after wine/test.h; everything here is static inline.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_MAPI_RECPROV_TEST_H
#define __WINE_MAPI_RECPROV_TEST_H

#include "recprov_inf.h"

#define RECPROV_PROFILE "RecProv Test"
#define RECPROV_DLL "recprov32.dll"

#define RECPROV_LOGON_FLAGS (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL | MAPI_EXPLICIT_PROFILE)

static HMODULE mapi32;
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static HRESULT (WINAPI *pMAPIAdminProfiles)(ULONG, IProfAdmin **);
static HRESULT (WINAPI *pMAPILogonEx)(ULONG_PTR, char *, char *, ULONG, IMAPISession **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static void (WINAPI *pFreeProws)(SRowSet *);

static char recprov_log_path[MAX_PATH];
static DWORD recprov_log_mark;

static inline BOOL recprov_init_mapi(void)
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
    GET(MAPIAllocateMore, "MAPIAllocateMore@12");
    GET(MAPIFreeBuffer, "MAPIFreeBuffer@4");
    GET(FreeProws, "FreeProws@4");
#undef GET
    ok((void *)GetProcAddress(mapi32, "MAPILogonEx") == (void *)pMAPILogonEx, "MAPILogonEx names differ.\n");
    return pMAPIInitialize && pMAPIUninitialize && pMAPIAdminProfiles && pMAPILogonEx && pMAPIAllocateBuffer
            && pMAPIAllocateMore && pMAPIFreeBuffer && pFreeProws;
}

/* ------------------------------------------------------------------------
 * MAPISVC.INF in the system directory, naming the DLL beside the test.
 */

static inline void recprov_inf_path(char *path, DWORD size)
{
    GetSystemDirectoryA(path, size - 16);
    strcat(path, "\\MAPISVC.INF");
}

static inline BOOL recprov_install_inf(void)
{
    static const char text[] = RECPROV_INF_TEXT;
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
    recprov_inf_path(path, sizeof(path));
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

static inline void recprov_remove_inf(void)
{
    char path[MAX_PATH];

    recprov_inf_path(path, sizeof(path));
    DeleteFileA(path);
}

/* ------------------------------------------------------------------------
 * Profiles.
 */

/* The fixture keeps the support object of its last service entry call for
 * RecProvLastSupport(2), and with it the profile open: lets go of it. */
static inline void recprov_drop_supports(void)
{
    void (WINAPI *pRecProvDropSupports)(void);
    HMODULE module = GetModuleHandleA("recprov32.dll");

    if (!module) return;
    pRecProvDropSupports = (void *)GetProcAddress(module, "RecProvDropSupports");
    if (pRecProvDropSupports) pRecProvDropSupports();
}

/* A fresh profile with the given services (a NULL-terminated list). */
static inline BOOL recprov_create_profile(const char *const *services)
{
    IMsgServiceAdmin *admin = NULL;
    IProfAdmin *profiles;
    HRESULT hr;

    hr = pMAPIAdminProfiles(0, &profiles);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (hr) return FALSE;
    IProfAdmin_DeleteProfile(profiles, (char *)RECPROV_PROFILE, 0);
    recprov_drop_supports();
    hr = IProfAdmin_CreateProfile(profiles, (char *)RECPROV_PROFILE, NULL, 0, 0);
    ok(hr == S_OK, "CreateProfile got %#lx.\n", hr);
    if (!hr)
    {
        hr = IProfAdmin_AdminServices(profiles, (char *)RECPROV_PROFILE, NULL, 0, 0, &admin);
        ok(hr == S_OK, "AdminServices got %#lx.\n", hr);
    }
    for (; !hr && *services; services++)
    {
        hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)*services, NULL, 0, 0);
        ok(hr == S_OK, "CreateMsgService(%s) got %#lx.\n", *services, hr);
    }
    if (admin) IMsgServiceAdmin_Release(admin);
    IProfAdmin_Release(profiles);
    return hr == S_OK;
}

static inline void recprov_delete_profile(void)
{
    IProfAdmin *profiles;
    HRESULT hr;

    if (pMAPIAdminProfiles(0, &profiles)) return;
    hr = IProfAdmin_DeleteProfile(profiles, (char *)RECPROV_PROFILE, 0);
    ok(hr == S_OK, "DeleteProfile got %#lx.\n", hr);
    recprov_drop_supports();
    IProfAdmin_Release(profiles);
}

/* ------------------------------------------------------------------------
 * The fixture's log: tests look at what was written since the last mark.
 */

static inline void recprov_log_start(void)
{
    GetTempPathA(sizeof(recprov_log_path), recprov_log_path);
    strcat(recprov_log_path, "recprov.log");
    DeleteFileA(recprov_log_path);
    SetEnvironmentVariableA("RECPROV_LOG", recprov_log_path);
    recprov_log_mark = 0;
}

static inline char *recprov_log_text(DWORD from)
{
    HANDLE file = CreateFileA(recprov_log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
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
static inline void recprov_log_skip(void)
{
    HANDLE file = CreateFileA(recprov_log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
            NULL, OPEN_EXISTING, 0, NULL);

    recprov_log_mark = 0;
    if (file == INVALID_HANDLE_VALUE) return;
    recprov_log_mark = GetFileSize(file, NULL);
    CloseHandle(file);
}

/* '*' matches any run of characters. */
static inline BOOL recprov_glob(const char *pattern, const char *text)
{
    if (*pattern == '*')
    {
        do
            if (recprov_glob(pattern + 1, text)) return TRUE;
        while (*text++);
        return FALSE;
    }
    if (!*pattern) return !*text;
    return *pattern == *text && recprov_glob(pattern + 1, text + 1);
}

/* keep: NULL for every line, else comma-separated prefixes of the lines to look at. */
static inline BOOL recprov_log_keep(const char *line, const char *keep)
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

/* The kept lines since the mark, one per line, in a string. */
static inline char *recprov_log_lines(const char *keep)
{
    char *text = recprov_log_text(recprov_log_mark), *out, *line, *next;

    out = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, strlen(text) + 1);
    for (line = text; *line; line = next)
    {
        if ((next = strchr(line, '\n'))) *next++ = 0;
        else next = line + strlen(line);
        if (!recprov_log_keep(line, keep)) continue;
        strcat(out, line);
        strcat(out, "\n");
    }
    HeapFree(GetProcessHeap(), 0, text);
    return out;
}

/* The next line of text (cut off in place), or NULL at the end. */
static inline char *recprov_next_line(char **text)
{
    char *line = *text, *end;

    if (!*line) return NULL;
    if ((end = strchr(line, '\n'))) *end++ = 0;
    else end = line + strlen(line);
    *text = end;
    return line;
}

/* Compares the kept lines since the mark with expected, line by line
 * ('*' is a wildcard), then moves the mark past them. */
#define check_log(keep, expected) check_log_(__FILE__, __LINE__, keep, expected)
static inline void check_log_(const char *file, int line, const char *keep, const char *expected)
{
    char *actual = recprov_log_lines(keep), *want = HeapAlloc(GetProcessHeap(), 0, strlen(expected) + 1);
    char *a = actual, *e = want, *got, *wanted;
    int n = 0;

    strcpy(want, expected);
    for (;;)
    {
        got = recprov_next_line(&a);
        wanted = recprov_next_line(&e);
        n++;
        if (!got && !wanted)
        {
            ok_(file, line)(1, "the log matches.\n");
            break;
        }
        if (got && wanted && recprov_glob(wanted, got)) continue;
        ok_(file, line)(0, "log line %d: expected \"%s\", got \"%s\".\n", n, wanted ? wanted : "(end)",
                got ? got : "(end)");
        HeapFree(GetProcessHeap(), 0, actual);
        actual = recprov_log_lines(keep);
        trace_(file, line)("the log was:\n%s", actual);
        break;
    }
    HeapFree(GetProcessHeap(), 0, want);
    HeapFree(GetProcessHeap(), 0, actual);
    recprov_log_skip();
}

/* Whether a line matching pattern was logged since the mark; the mark stays. */
static inline BOOL recprov_log_has(const char *pattern)
{
    char *text = recprov_log_lines(NULL), *line, *next;
    BOOL found = FALSE;

    for (line = text; *line && !found; line = next)
    {
        next = strchr(line, '\n');
        *next++ = 0;
        found = recprov_glob(pattern, line);
    }
    HeapFree(GetProcessHeap(), 0, text);
    return found;
}

/* How many lines of the whole log (this scenario's) match pattern. */
static inline int recprov_log_count(const char *pattern)
{
    char *text = recprov_log_text(0), *p = text, *line;
    int count = 0;

    while ((line = recprov_next_line(&p)))
        if (recprov_glob(pattern, line)) count++;
    HeapFree(GetProcessHeap(), 0, text);
    return count;
}

/* ------------------------------------------------------------------------
 * The fixture DLL itself.
 */

static inline BOOL recprov_loaded(void)
{
    return GetModuleHandleA(RECPROV_DLL) != NULL;
}

/* Objects of the fixture alive: asked of the DLL while it is loaded (the
 * test takes no reference on it), else read from its last "detach" line. */
static inline LONG recprov_live_objects(void)
{
    LONG (WINAPI *pRecProvLiveObjects)(void);
    HMODULE module = GetModuleHandleA(RECPROV_DLL);
    char *text, *p;
    LONG live = -1;

    if (module)
    {
        pRecProvLiveObjects = (void *)GetProcAddress(module, "RecProvLiveObjects");
        return pRecProvLiveObjects ? pRecProvLiveObjects() : -1;
    }
    text = recprov_log_text(0);
    if ((p = strstr(text, "detach live=")))
    {
        while (strstr(p + 1, "detach live=")) p = strstr(p + 1, "detach live=");
        live = atol(p + strlen("detach live="));
    }
    HeapFree(GetProcessHeap(), 0, text);
    return live;
}

/* A reference of the test's own on the fixture DLL, for scenarios in which
 * the provider lets go of its support object while a client still holds
 * one of its objects, so that MAPI may free the DLL too early. */
static inline HMODULE recprov_pin(void)
{
    char path[MAX_PATH], *slash;

    GetModuleFileNameA(NULL, path, sizeof(path));
    if ((slash = strrchr(path, '\\'))) strcpy(slash + 1, RECPROV_DLL);
    return LoadLibraryA(path);
}

/* ------------------------------------------------------------------------
 * Scenarios run one per child process: a fresh process has the fixture
 * unloaded, and a provider host that crashes fails one scenario only.
 */

struct recprov_scenario
{
    const char *name;
    void (*func)(void);
};

/* A child that failed may have stopped before its own cleanup, and one
 * that hung is still running: either would leave the fixture's profile to
 * the next scenario, and to the next test run in the same prefix, whose
 * CreateProfile then fails.  The child is ended and the profile removed. */
static inline void recprov_child_cleanup(HANDLE process)
{
    IProfAdmin *profiles;

    if (WaitForSingleObject(process, 0) == WAIT_TIMEOUT)
    {
        TerminateProcess(process, 1);
        WaitForSingleObject(process, INFINITE);
    }
    if (!mapi32 && !recprov_init_mapi()) return;
    if (pMAPIInitialize(NULL)) return;
    if (!pMAPIAdminProfiles(0, &profiles))
    {
        IProfAdmin_DeleteProfile(profiles, (char *)RECPROV_PROFILE, 0);
        recprov_drop_supports();
        IProfAdmin_Release(profiles);
    }
    pMAPIUninitialize();
}

static inline void recprov_run_child(const char *test, const char *scenario)
{
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char **argv, cmd[MAX_PATH + 128];
    DWORD failures;
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
    failures = wait_child_process(pi.hProcess);
    /* The log outlives a child that crashed: the DLL must never go while its code runs. */
    GetTempPathA(sizeof(recprov_log_path), recprov_log_path);
    strcat(recprov_log_path, "recprov.log");
    recprov_log_mark = 0;
    ok(!recprov_log_count("detach * in=*"), "MAPI freed the fixture DLL while its code was running.\n");
    if (failures) recprov_child_cleanup(pi.hProcess);
    winetest_pop_context();
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

/* The body of START_TEST: in the parent, every scenario in a child of its
 * own; in a child, the scenario it names. */
static inline void recprov_run_scenarios(const char *test, const struct recprov_scenario *scenarios)
{
    const struct recprov_scenario *scenario;
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    if (argc > 2)
    {
        for (scenario = scenarios; scenario->name; scenario++)
            if (!strcmp(scenario->name, argv[2])) break;
        ok(scenario->name != NULL, "no scenario %s.\n", argv[2]);
        if (scenario->name && recprov_init_mapi()) scenario->func();
        return;
    }
    if (!recprov_install_inf()) return;
    for (scenario = scenarios; scenario->name; scenario++)
        recprov_run_child(test, scenario->name);
    recprov_remove_inf();
}

/* ------------------------------------------------------------------------
 * Sessions and tables.
 */

static inline HRESULT recprov_logon(IMAPISession **session)
{
    return pMAPILogonEx(0, (char *)RECPROV_PROFILE, NULL, RECPROV_LOGON_FLAGS, session);
}

/* A copy (HeapAlloc) of a binary column of the row whose PR_DISPLAY_NAME_A is name. */
static inline BOOL recprov_table_binary(IMAPITable *table, ULONG tag, const char *name, ULONG *cb, BYTE **data)
{
    SizedSPropTagArray(2, columns) = {2, {PR_DISPLAY_NAME_A, tag}};
    SRowSet *rows = NULL;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    ok(hr == S_OK, "SetColumns got %#lx.\n", hr);
    hr = table->lpVtbl->SeekRow(table, BOOKMARK_BEGINNING, 0, NULL);  /* Wine 8.0's macro drops an argument */
    ok(hr == S_OK, "SeekRow got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(table, 100, 0, &rows);
    ok(hr == S_OK, "QueryRows got %#lx.\n", hr);
    if (hr) return FALSE;
    for (i = 0; i < rows->cRows && !found; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;
        if (props[0].ulPropTag != PR_DISPLAY_NAME_A || strcmp(props[0].Value.lpszA, name)) continue;
        if (props[1].ulPropTag != tag) continue;
        found = TRUE;
        if (PROP_TYPE(tag) == PT_BINARY)
        {
            *cb = props[1].Value.bin.cb;
            *data = HeapAlloc(GetProcessHeap(), 0, *cb);
            memcpy(*data, props[1].Value.bin.lpb, *cb);
        }
        else
        {
            *cb = props[1].Value.l;
            *data = NULL;
        }
    }
    pFreeProws(rows);
    return found;
}

/* The stores table's PR_ENTRYID of the named store (HeapFree it). */
static inline BOOL recprov_store_eid(IMAPISession *session, const char *name, ULONG *cb, ENTRYID **eid)
{
    IMAPITable *table;
    HRESULT hr;
    BOOL found;

    hr = IMAPISession_GetMsgStoresTable(session, 0, &table);
    ok(hr == S_OK, "GetMsgStoresTable got %#lx.\n", hr);
    if (hr) return FALSE;
    found = recprov_table_binary(table, PR_ENTRYID, name, cb, (BYTE **)eid);
    IMAPITable_Release(table);
    return found;
}

/* Opens the named store of the stores table. */
static inline HRESULT recprov_open_store(IMAPISession *session, const char *name, IMsgStore **mdb)
{
    ENTRYID *eid;
    HRESULT hr;
    ULONG cb;

    *mdb = NULL;
    if (!recprov_store_eid(session, name, &cb, &eid)) return MAPI_E_NOT_FOUND;
    hr = IMAPISession_OpenMsgStore(session, 0, cb, eid, NULL, MDB_WRITE | MDB_NO_DIALOG, mdb);
    HeapFree(GetProcessHeap(), 0, eid);
    return hr;
}

/* Whether the status table has a row whose PR_STATUS_CODE has any of bits; its
 * name is matched against name unless NULL. */
static inline BOOL recprov_status_row(IMAPISession *session, const char *name, ULONG bits)
{
    SizedSPropTagArray(2, columns) = {2, {PR_DISPLAY_NAME_A, PR_STATUS_CODE}};
    IMAPITable *table;
    SRowSet *rows = NULL;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    hr = IMAPISession_GetStatusTable(session, 0, &table);
    ok(hr == S_OK, "GetStatusTable got %#lx.\n", hr);
    if (hr) return FALSE;
    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    if (!hr) hr = IMAPITable_QueryRows(table, 100, 0, &rows);
    ok(hr == S_OK, "reading the status table got %#lx.\n", hr);
    for (i = 0; !hr && i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;
        if (name && (props[0].ulPropTag != PR_DISPLAY_NAME_A || strcmp(props[0].Value.lpszA, name))) continue;
        if (props[1].ulPropTag == PR_STATUS_CODE && (props[1].Value.l & bits)) found = TRUE;
        if (!bits && name) found = TRUE;
    }
    if (rows) pFreeProws(rows);
    IMAPITable_Release(table);
    return found;
}

#endif /* __WINE_MAPI_RECPROV_TEST_H */
