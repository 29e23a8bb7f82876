/*
 * A small conformance-test harness with the interface of Wine's wine/test.h,
 * so that test files written for Wine's tree build and run here unchanged.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Test files use ok(), skip(), win_skip(), trace(), todo_wine, todo_if(),
 * broken(), flaky and START_TEST(name).  The generated test list defines
 * STANDALONE before including this header, which then supplies main():
 * "prog.exe name" runs one test and prints Wine's summary line,
 * "prog.exe --list" prints the test names.
 *
 * When the environment names a DLL in WINETEST_CHECK_DLL, main() refuses to
 * run any test unless that DLL loads from the test program's own directory
 * and is not one of Wine's builtin DLLs, so a test can never pass against
 * the wrong implementation.
 */

#ifndef __WINE_WINE_TEST_H
#define __WINE_WINE_TEST_H

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <windef.h>
#include <winbase.h>
#include <wine/debug.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

extern int winetest_debug;
extern int winetest_interactive;
extern int winetest_report_success;
extern const char *winetest_platform;

#define winetest_platform_is_wine (strcmp(winetest_platform, "wine") == 0)

#ifdef __GNUC__
#define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#define WINETEST_NORETURN __attribute__((noreturn))
#else
#define WINETEST_PRINTF_ATTR(fmt, args)
#define WINETEST_NORETURN
#endif

extern void winetest_set_location(const char *file, int line);
extern int winetest_ok(int condition, const char *msg, ...) WINETEST_PRINTF_ATTR(2, 3);
extern void winetest_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_win_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_trace(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_print(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_push_context(const char *fmt, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_pop_context(void);
extern void winetest_start_todo(int is_todo);
extern int winetest_loop_todo(void);
extern void winetest_end_todo(void);
extern void winetest_start_flaky(int is_flaky);
extern int winetest_loop_flaky(void);
extern void winetest_end_flaky(void);
extern int winetest_get_mainargs(char ***pargv);
extern void winetest_add_failures(LONG count);
extern DWORD winetest_wait_child_process(HANDLE process);

#define ok_(file, line)        (winetest_set_location(file, line), 0) ? 0 : winetest_ok
#define skip_(file, line)      (winetest_set_location(file, line), 0) ? (void)0 : winetest_skip
#define win_skip_(file, line)  (winetest_set_location(file, line), 0) ? (void)0 : winetest_win_skip
#define trace_(file, line)     (winetest_set_location(file, line), 0) ? (void)0 : winetest_trace
#define wait_child_process_(file, line) (winetest_set_location(file, line), 0) ? 0 : winetest_wait_child_process

#define ok                 ok_(__FILE__, __LINE__)
#define skip               skip_(__FILE__, __LINE__)
#define win_skip           win_skip_(__FILE__, __LINE__)
#define trace              trace_(__FILE__, __LINE__)
#define wait_child_process wait_child_process_(__FILE__, __LINE__)

#define todo_if(is_todo) for (winetest_start_todo(is_todo); winetest_loop_todo(); winetest_end_todo())
#define todo_wine          todo_if(winetest_platform_is_wine)
#define todo_wine_if(is_todo) todo_if((is_todo) && winetest_platform_is_wine)
#define flaky_if(is_flaky) for (winetest_start_flaky(is_flaky); winetest_loop_flaky(); winetest_end_flaky())
#define flaky              flaky_if(TRUE)
#define flaky_wine         flaky_if(winetest_platform_is_wine)
#define flaky_wine_if(is_flaky) flaky_if((is_flaky) && winetest_platform_is_wine)

/* Behaviour of some Windows versions that Wine deliberately does not copy. */
#define broken(condition) (!winetest_platform_is_wine && (condition))

#define START_TEST(name) void func_##name(void)

#ifdef STANDALONE

struct test
{
    const char *name;
    void (*func)(void);
};

extern const struct test winetest_testlist[];

int winetest_debug = 1;
int winetest_interactive = 0;
int winetest_report_success = 0;
const char *winetest_platform = "windows";

static const struct test *winetest_current;
static LONG winetest_successes;
static LONG winetest_failures;
static LONG winetest_todo_successes;
static LONG winetest_todo_failures;
static LONG winetest_flaky_failures;
static LONG winetest_skipped;
static int winetest_argc;
static char **winetest_argv;
static DWORD winetest_tls = TLS_OUT_OF_INDEXES;
static CRITICAL_SECTION winetest_print_cs;

/* Per-thread state: where the current check is, and what it is inside. */
struct winetest_thread_data
{
    const char *file;
    int line;
    int todo_level;     /* bit 0: current todo block is active; shifted per nesting */
    int todo_do_loop;
    int flaky_level;
    int flaky_do_loop;
    unsigned int context_count;
    char context[8][128];
};

static struct winetest_thread_data *winetest_get_thread_data(void)
{
    struct winetest_thread_data *data = TlsGetValue(winetest_tls);

    if (!data)
    {
        data = calloc(1, sizeof(*data));
        data->file = "";
        TlsSetValue(winetest_tls, data);
    }
    return data;
}

static const char *winetest_basename(const char *file)
{
    const char *p = strrchr(file, '/'), *q = strrchr(file, '\\');

    if (q && (!p || q > p)) p = q;
    return p ? p + 1 : file;
}

static void winetest_vprint_line(const char *prefix, const char *msg, va_list args)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    char buffer[4096];
    int len;
    unsigned int i;

    len = snprintf(buffer, sizeof(buffer), "%04lx:%s:%d: %s",
                   GetCurrentProcessId() & 0xffff, winetest_basename(data->file), data->line, prefix);
    for (i = 0; i < data->context_count && len < (int)sizeof(buffer); i++)
        len += snprintf(buffer + len, sizeof(buffer) - len, "%s: ", data->context[i]);
    if (len < (int)sizeof(buffer))
        vsnprintf(buffer + len, sizeof(buffer) - len, msg, args);
    buffer[sizeof(buffer) - 1] = 0;
    EnterCriticalSection(&winetest_print_cs);
    fputs(buffer, stdout);
    fflush(stdout);
    LeaveCriticalSection(&winetest_print_cs);
}

void winetest_set_location(const char *file, int line)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->file = file;
    data->line = line;
}

static int winetest_vok(int condition, const char *msg, va_list args)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    if (data->todo_level & 1)
    {
        if (condition)
        {
            winetest_vprint_line("Test succeeded inside todo block: ", msg, args);
            InterlockedIncrement(&winetest_todo_failures);
            return 0;
        }
        if (winetest_debug > 0) winetest_vprint_line("Test marked todo: ", msg, args);
        InterlockedIncrement(&winetest_todo_successes);
        return 1;
    }
    if (!condition)
    {
        if (data->flaky_level & 1)
        {
            winetest_vprint_line("Test marked flaky: ", msg, args);
            InterlockedIncrement(&winetest_flaky_failures);
            return 1;
        }
        winetest_vprint_line("Test failed: ", msg, args);
        InterlockedIncrement(&winetest_failures);
        return 0;
    }
    if (winetest_report_success) winetest_vprint_line("Test succeeded: ", msg, args);
    InterlockedIncrement(&winetest_successes);
    return 1;
}

int winetest_ok(int condition, const char *msg, ...)
{
    va_list args;
    int ret;

    va_start(args, msg);
    ret = winetest_vok(condition, msg, args);
    va_end(args);
    return ret;
}

void winetest_trace(const char *msg, ...)
{
    va_list args;

    if (winetest_debug <= 0) return;
    va_start(args, msg);
    winetest_vprint_line("", msg, args);
    va_end(args);
}

void winetest_print(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_vprint_line("", msg, args);
    va_end(args);
}

static void winetest_vskip(const char *msg, va_list args)
{
    winetest_vprint_line("Tests skipped: ", msg, args);
    InterlockedIncrement(&winetest_skipped);
}

void winetest_skip(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_vskip(msg, args);
    va_end(args);
}

/* A skip that is only acceptable on old Windows versions: on Wine it fails. */
void winetest_win_skip(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    if (winetest_platform_is_wine) winetest_vok(0, msg, args);
    else winetest_vskip(msg, args);
    va_end(args);
}

void winetest_push_context(const char *fmt, ...)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    va_list args;

    if (data->context_count < ARRAY_SIZE(data->context))
    {
        va_start(args, fmt);
        vsnprintf(data->context[data->context_count], sizeof(data->context[0]), fmt, args);
        va_end(args);
        data->context[data->context_count][sizeof(data->context[0]) - 1] = 0;
    }
    data->context_count++;
}

void winetest_pop_context(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    if (data->context_count) data->context_count--;
}

void winetest_start_todo(int is_todo)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->todo_level = (data->todo_level << 1) | (is_todo != 0);
    data->todo_do_loop = 1;
}

int winetest_loop_todo(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    int do_loop = data->todo_do_loop;

    data->todo_do_loop = 0;
    return do_loop;
}

void winetest_end_todo(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->todo_level >>= 1;
}

void winetest_start_flaky(int is_flaky)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->flaky_level = (data->flaky_level << 1) | (is_flaky != 0);
    data->flaky_do_loop = 1;
}

int winetest_loop_flaky(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    int do_loop = data->flaky_do_loop;

    data->flaky_do_loop = 0;
    return do_loop;
}

void winetest_end_flaky(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->flaky_level >>= 1;
}

int winetest_get_mainargs(char ***pargv)
{
    *pargv = winetest_argv;
    return winetest_argc;
}

void winetest_add_failures(LONG count)
{
    while (count-- > 0) InterlockedIncrement(&winetest_failures);
}

DWORD winetest_wait_child_process(HANDLE process)
{
    DWORD exit_code = 1;

    if (WaitForSingleObject(process, 30000))
    {
        winetest_ok(0, "Timed out waiting for the child process.\n");
        return 1;
    }
    GetExitCodeProcess(process, &exit_code);
    if (exit_code > 255)
        winetest_ok(0, "The child process ended with exception %#lx.\n", exit_code);
    else if (exit_code)
        winetest_add_failures(exit_code);
    return exit_code;
}

static int winetest_summary(void)
{
    LONG failures = winetest_failures + winetest_todo_failures;

    printf("%04lx:%s: %ld tests executed (%ld marked as todo, %ld as flaky, %ld failure%s), %ld skipped.\n",
           GetCurrentProcessId() & 0xffff, winetest_current ? winetest_current->name : "harness",
           winetest_successes + failures + winetest_todo_successes + winetest_flaky_failures,
           winetest_todo_successes, winetest_flaky_failures, failures, failures == 1 ? "" : "s",
           winetest_skipped);
    fflush(stdout);
    return failures > 255 ? 255 : (int)failures;
}

static LONG CALLBACK winetest_exception_filter(EXCEPTION_POINTERS *ptrs)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    printf("%04lx:%s:%d: unhandled exception %08lx at %p\n", GetCurrentProcessId() & 0xffff,
           winetest_basename(data->file), data->line, ptrs->ExceptionRecord->ExceptionCode,
           ptrs->ExceptionRecord->ExceptionAddress);
    InterlockedIncrement(&winetest_failures);
    ExitProcess(winetest_summary());
}

/* Refuses to go on unless the DLL under test is ours: loaded from the test
 * program's directory, and not a copy of one of Wine's builtin DLLs. */
static BOOL winetest_check_dll(const char *name)
{
    char exe_path[MAX_PATH], dll_path[MAX_PATH], *p;
    IMAGE_DOS_HEADER *dos;
    HMODULE module;

    winetest_set_location("harness", 0);
    if (!(module = LoadLibraryA(name)))
    {
        winetest_ok(0, "%s could not be loaded (error %lu): the tests need the DLL under test.\n",
                    name, GetLastError());
        return FALSE;
    }
    GetModuleFileNameA(NULL, exe_path, sizeof(exe_path));
    GetModuleFileNameA(module, dll_path, sizeof(dll_path));
    if ((p = strrchr(exe_path, '\\'))) p[1] = 0;
    if (_strnicmp(exe_path, dll_path, strlen(exe_path)) || strchr(dll_path + strlen(exe_path), '\\'))
    {
        winetest_ok(0, "%s was loaded from %s, not from beside the test program.\n", name, dll_path);
        return FALSE;
    }
    dos = (IMAGE_DOS_HEADER *)((ULONG_PTR)module & ~(ULONG_PTR)0xffff);
    if (dos->e_magic == IMAGE_DOS_SIGNATURE && !memcmp(dos + 1, "Wine builtin DLL", 16))
    {
        winetest_ok(0, "%s is one of Wine's builtin DLLs, not the DLL under test.\n", name);
        return FALSE;
    }
    return TRUE;
}

static void winetest_list_tests(FILE *out)
{
    const struct test *test;

    for (test = winetest_testlist; test->name; test++) fprintf(out, "%s\n", test->name);
}

int main(int argc, char **argv)
{
    const char *env, *dll;
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    const struct test *test;

    winetest_argc = argc;
    winetest_argv = argv;
    winetest_tls = TlsAlloc();
    InitializeCriticalSection(&winetest_print_cs);

    if ((env = getenv("WINETEST_PLATFORM"))) winetest_platform = env;
    else if (ntdll && GetProcAddress(ntdll, "wine_get_version")) winetest_platform = "wine";
    if ((env = getenv("WINETEST_DEBUG"))) winetest_debug = atoi(env);
    if ((env = getenv("WINETEST_INTERACTIVE"))) winetest_interactive = atoi(env);
    if ((env = getenv("WINETEST_REPORT_SUCCESS"))) winetest_report_success = atoi(env);

    if (argc < 2 || !strcmp(argv[1], "--list"))
    {
        if (argc < 2) fprintf(stderr, "Usage: %s test_name | --list\nValid test names:\n", argv[0]);
        winetest_list_tests(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    for (test = winetest_testlist; test->name; test++)
        if (!strcmp(test->name, argv[1])) break;
    if (!test->name)
    {
        fprintf(stderr, "%s: no test named %s. Valid test names:\n", argv[0], argv[1]);
        winetest_list_tests(stderr);
        return 1;
    }

    SetUnhandledExceptionFilter(winetest_exception_filter);
    if ((dll = getenv("WINETEST_CHECK_DLL")) && *dll && !winetest_check_dll(dll))
        return winetest_summary();

    winetest_current = test;
    test->func();
    return winetest_summary();
}

#endif /* STANDALONE */

#endif /* __WINE_WINE_TEST_H */
