/*
 * Tests for mapiprof.exe, the profile command-line tool
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * mapiprof.exe sits beside the test program.  The tests install a
 * MAPISVC.INF whose service has no configuration entry point and whose
 * providers are never loaded, run the commands, and check their exit codes
 * (0 success, 1 usage error, 2 not found, 3 other MAPI error) and output.
 */

#include <ctype.h>

#include "wine/test.h"
#include <winreg.h>

#define PROFILES_KEY "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"

static const char test_inf[] =
    "; written by the mapiprof tests\r\n"
    "[Services]\r\n"
    "MAPIPROF_TEST=mapiprof Test Service\r\n"
    "MAPIPROF_BARE=A service without a display name\r\n"
    "\r\n"
    "[Default Services]\r\n"
    "\r\n"
    "[MAPIPROF_TEST]\r\n"
    "PR_DISPLAY_NAME=mapiprof Test Service\r\n"
    "Providers=MAPIPROF_TEST Store, MAPIPROF_TEST AB\r\n"
    "PR_RESOURCE_FLAGS=SERVICE_NO_PRIMARY_IDENTITY\r\n"
    "66110003=0x10\r\n"
    "this line is malformed\r\n"
    "\r\n"
    "[MAPIPROF_TEST Store]\r\n"
    "PR_DISPLAY_NAME=Test Store\r\n"
    "PR_PROVIDER_DISPLAY=Test Store Provider\r\n"
    "PR_PROVIDER_DLL_NAME=NOSUCHSTORE.DLL\r\n"
    "PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER\r\n"
    "PR_RESOURCE_FLAGS=STATUS_NO_DEFAULT_STORE\r\n"
    "\r\n"
    "[MAPIPROF_TEST AB]\r\n"
    "PR_DISPLAY_NAME=Test Address Book\r\n"
    "PR_PROVIDER_DISPLAY=Test Address Book Provider\r\n"
    "PR_PROVIDER_DLL_NAME=NOSUCHAB.DLL\r\n"
    "PR_RESOURCE_TYPE=MAPI_AB_PROVIDER\r\n"
    "\r\n"
    "[MAPIPROF_BARE]\r\n"
    "PR_RESOURCE_FLAGS=SERVICE_NO_PRIMARY_IDENTITY\r\n";

static char mapiprof_path[MAX_PATH], inf_path[MAX_PATH], temp_dir[MAX_PATH];
static char *saved_inf;
static DWORD saved_inf_size;

struct result
{
    DWORD exit_code;
    char out[16384];
    char err[4096];
};

static void read_back(HANDLE file, char *buffer, DWORD size)
{
    DWORD done = 0;

    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    ReadFile(file, buffer, size - 1, &done, NULL);
    buffer[done] = 0;
}

static HANDLE inheritable_temp_file(const char *name)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    char path[MAX_PATH];

    sprintf(path, "%s\\%s", temp_dir, name);
    return CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, CREATE_ALWAYS,
            FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
}

/* Runs "mapiprof.exe args" and collects its exit code, stdout and stderr. */
static void run_(const char *file, int line, struct result *result, const char *args)
{
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    char command[2048];
    HANDLE out, err;
    BOOL ret;

    result->exit_code = 0xdeadbeef;
    result->out[0] = result->err[0] = 0;
    out = inheritable_temp_file("mapiprof-out.txt");
    err = inheritable_temp_file("mapiprof-err.txt");
    ok_(file, line)(out != INVALID_HANDLE_VALUE && err != INVALID_HANDLE_VALUE, "error %lu.\n", GetLastError());

    sprintf(command, "\"%s\" %s", mapiprof_path, args);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = INVALID_HANDLE_VALUE;
    si.hStdOutput = out;
    si.hStdError = err;
    ret = CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok_(file, line)(ret, "%s: CreateProcess failed, error %lu.\n", command, GetLastError());
    if (ret)
    {
        ok_(file, line)(!WaitForSingleObject(pi.hProcess, 60000), "%s did not end.\n", args);
        GetExitCodeProcess(pi.hProcess, &result->exit_code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    read_back(out, result->out, sizeof(result->out));
    read_back(err, result->err, sizeof(result->err));
    CloseHandle(out);
    CloseHandle(err);
    if (winetest_debug > 1) trace("%s -> %lu\n%s%s", args, result->exit_code, result->out, result->err);
}
#define run(result, args) run_(__FILE__, __LINE__, result, args)

/* Runs a command that must succeed. */
static void run_ok_(const char *file, int line, struct result *result, const char *args)
{
    run_(file, line, result, args);
    ok_(file, line)(result->exit_code == 0, "%s: got exit code %lu, stderr %s.\n", args, result->exit_code, result->err);
    ok_(file, line)(!result->err[0], "%s: stderr %s.\n", args, result->err);
}
#define run_ok(result, args) run_ok_(__FILE__, __LINE__, result, args)

/* Runs a command that must fail with code and an error line holding text. */
static void run_fail_(const char *file, int line, struct result *result, const char *args, DWORD code,
        const char *text)
{
    run_(file, line, result, args);
    ok_(file, line)(result->exit_code == code, "%s: got exit code %lu.\n", args, result->exit_code);
    ok_(file, line)(!strncmp(result->err, "mapiprof: ", 10), "%s: got stderr %s.\n", args, result->err);
    ok_(file, line)(strstr(result->err, text) != NULL, "%s: %s is not in stderr %s.\n", args, text, result->err);
    ok_(file, line)(!result->out[0], "%s: got stdout %s.\n", args, result->out);
}
#define run_fail(result, args, code, text) run_fail_(__FILE__, __LINE__, result, args, code, text)

static BOOL profile_key_exists(const char *name)
{
    char path[512];
    HKEY key;

    sprintf(path, "%s\\%s", PROFILES_KEY, name);
    if (RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &key)) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

static int count_lines_starting(const char *text, const char *prefix)
{
    const char *line = text;
    int count = 0;

    while (line && *line)
    {
        if (!strncmp(line, prefix, strlen(prefix))) count++;
        if ((line = strchr(line, '\n'))) line++;
    }
    return count;
}

/* The 32 hex digits after "prefix" in text, or FALSE. */
static BOOL find_uid(const char *text, const char *prefix, char *uid)
{
    const char *p = strstr(text, prefix);
    int i;

    if (!p) return FALSE;
    p += strlen(prefix);
    for (i = 0; i < 32; i++) if (!isxdigit((unsigned char)p[i])) return FALSE;
    memcpy(uid, p, 32);
    uid[32] = 0;
    return TRUE;
}

static void write_text_file(const char *path, const char *text)
{
    HANDLE file;
    DWORD done;

    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "%s: error %lu.\n", path, GetLastError());
    WriteFile(file, text, strlen(text), &done, NULL);
    CloseHandle(file);
}

static char *read_text_file(const char *path, DWORD *size)
{
    HANDLE file;
    DWORD done = 0, len;
    char *data;

    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return NULL;
    len = GetFileSize(file, NULL);
    data = HeapAlloc(GetProcessHeap(), 0, len + 1);
    ReadFile(file, data, len, &done, NULL);
    data[done] = 0;
    CloseHandle(file);
    if (size) *size = done;
    return data;
}

static BOOL setup(void)
{
    char *slash;

    GetModuleFileNameA(NULL, mapiprof_path, sizeof(mapiprof_path));
    if ((slash = strrchr(mapiprof_path, '\\'))) strcpy(slash + 1, "mapiprof.exe");
    ok(GetFileAttributesA(mapiprof_path) != INVALID_FILE_ATTRIBUTES, "%s is missing.\n", mapiprof_path);
    if (GetFileAttributesA(mapiprof_path) == INVALID_FILE_ATTRIBUTES) return FALSE;

    GetTempPathA(sizeof(temp_dir), temp_dir);
    sprintf(temp_dir + strlen(temp_dir), "mapiprof-test-%lu", GetCurrentProcessId());
    CreateDirectoryA(temp_dir, NULL);

    GetSystemDirectoryA(inf_path, sizeof(inf_path));
    strcat(inf_path, "\\MAPISVC.INF");
    saved_inf = read_text_file(inf_path, &saved_inf_size);
    write_text_file(inf_path, test_inf);
    return TRUE;
}

static void cleanup(void)
{
    struct result result;
    HANDLE file;
    DWORD done;

    /* Whatever a failed test left behind. */
    run(&result, "delete mapiprof-one");
    run(&result, "delete mapiprof-two");
    ok(!profile_key_exists("mapiprof-one") && !profile_key_exists("mapiprof-two"), "a profile is left.\n");

    if (saved_inf)
    {
        file = CreateFileA(inf_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        WriteFile(file, saved_inf, saved_inf_size, &done, NULL);
        CloseHandle(file);
        HeapFree(GetProcessHeap(), 0, saved_inf);
    }
    else DeleteFileA(inf_path);
    RemoveDirectoryA(temp_dir);
}

static void test_usage(void)
{
    static const char *const commands[] =
    {
        "list", "create", "delete", "default", "show", "services", "add-service", "remove-service",
        "configure", "install-inf", "--set", "--display", "--default", "--password",
    };
    struct result result;
    unsigned int i;

    run_ok(&result, "--help");
    for (i = 0; i < ARRAY_SIZE(commands); i++)
        ok(strstr(result.out, commands[i]) != NULL, "%s is not in the usage text.\n", commands[i]);
    ok(strstr(result.out, "Exit codes") != NULL, "the exit codes are not in the usage text.\n");
    run_ok(&result, "show --help");
    ok(strstr(result.out, "Usage:") != NULL, "got %s.\n", result.out);

    run_fail(&result, "", 1, "no command");
    run_fail(&result, "frobnicate", 1, "unknown command \"frobnicate\"");
    run_fail(&result, "create", 1, "missing");
    run_fail(&result, "list extra", 1, "too many");
    run_fail(&result, "create mapiprof-one --bogus", 1, "unknown option --bogus");
    run_fail(&result, "delete mapiprof-one --default", 1, "unknown option --default");
    run_fail(&result, "show mapiprof-one --password", 1, "--password");
    ok(!profile_key_exists("mapiprof-one"), "a usage error created a profile.\n");
}

static void test_profiles(void)
{
    struct result result;

    run_ok(&result, "create mapiprof-one --default");
    ok(profile_key_exists("mapiprof-one"), "the profile is not in the registry.\n");
    run_ok(&result, "create mapiprof-two");
    ok(profile_key_exists("mapiprof-two"), "the profile is not in the registry.\n");

    run_ok(&result, "list");
    ok(strstr(result.out, "* mapiprof-one\r\n") != NULL, "got %s.\n", result.out);
    ok(strstr(result.out, "  mapiprof-two\r\n") != NULL, "got %s.\n", result.out);
    ok(count_lines_starting(result.out, "* ") == 1, "got %s.\n", result.out);

    run_ok(&result, "default mapiprof-two");
    run_ok(&result, "list");
    ok(strstr(result.out, "  mapiprof-one\r\n") != NULL, "got %s.\n", result.out);
    ok(strstr(result.out, "* mapiprof-two\r\n") != NULL, "got %s.\n", result.out);

    run_ok(&result, "show mapiprof-two");
    ok(strstr(result.out, "Profile \"mapiprof-two\" (default)") != NULL, "got %s.\n", result.out);
    ok(!strstr(result.out, "Service "), "got %s.\n", result.out);

    run_fail(&result, "create mapiprof-one", 3, "mapiprof-one");
    run_fail(&result, "default mapiprof-none", 2, "profile \"mapiprof-none\": MAPI_E_NOT_FOUND (0x8004010F)");
    run_fail(&result, "show mapiprof-none", 2, "profile \"mapiprof-none\": MAPI_E_NOT_FOUND (0x8004010F)");
    run_fail(&result, "delete mapiprof-none", 2, "profile \"mapiprof-none\": MAPI_E_NOT_FOUND (0x8004010F)");

    run_ok(&result, "delete mapiprof-two");
    ok(!profile_key_exists("mapiprof-two"), "the profile is still in the registry.\n");
    run_ok(&result, "list");
    ok(!strstr(result.out, "mapiprof-two"), "got %s.\n", result.out);
    ok(strstr(result.out, "mapiprof-one") != NULL, "got %s.\n", result.out);
    run_fail(&result, "delete mapiprof-two", 2, "MAPI_E_NOT_FOUND");
}

static void test_inf_services(void)
{
    struct result result;

    run_ok(&result, "services");
    ok(strstr(result.out, "MAPIPROF_TEST") && strstr(result.out, "mapiprof Test Service"), "got %s.\n", result.out);
    ok(count_lines_starting(result.out, "*") == 0, "got %s.\n", result.out);
}

static void test_service_commands(void)
{
    char uid[33], uid2[33], uid3[33], args[256];
    struct result result;
    const char *p;

    /* Bad input changes nothing. */
    run_fail(&result, "add-service mapiprof-none MAPIPROF_TEST", 2, "profile \"mapiprof-none\": MAPI_E_NOT_FOUND");
    run_fail(&result, "add-service mapiprof-one NO_SUCH_SERVICE", 2, "MAPI_E_NOT_FOUND (0x8004010F)");
    ok(strstr(result.err, "NO_SUCH_SERVICE") != NULL, "got %s.\n", result.err);
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set PR_NO_SUCH_PROPERTY=1", 1,
            "unknown property name PR_NO_SUCH_PROPERTY");
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set PR_COMMENT", 1, "TAG=VALUE");
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set =x", 1, "TAG=VALUE");
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set 6612000=1", 1, "unknown property name");
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set PR_RESOURCE_TYPE=lots", 1, "PT_LONG");
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set 6613000B=maybe", 1, "PT_BOOLEAN");
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set 66140102=abc", 1, "PT_BINARY");
    run_fail(&result, "add-service mapiprof-one MAPIPROF_TEST --set PR_COMMENT=a --set PR_COMMENT_W=b", 1, "twice");
    run_ok(&result, "show mapiprof-one");
    ok(!strstr(result.out, "Service "), "a failed command added a service:\n%s\n", result.out);

    run_ok(&result, "add-service mapiprof-one MAPIPROF_TEST --set \"PR_COMMENT=hello world\" "
            "--set 66120003=42 --set=6615000B=TRUE --set 66160102=\"01 ab FF\" --set \"6617101E=a,b, c\"");
    ok(find_uid(result.out, "Added service \"MAPIPROF_TEST\" to profile \"mapiprof-one\": ", uid),
            "got %s.\n", result.out);

    run_ok(&result, "show mapiprof-one");
    ok(count_lines_starting(result.out, "  Service \"mapiprof Test Service\" ") == 1, "got %s.\n", result.out);
    ok(strstr(result.out, uid) != NULL, "the UID %s is not shown:\n%s\n", uid, result.out);
    ok(strstr(result.out, "    PR_COMMENT = hello world\r\n") != NULL, "got %s.\n", result.out);
    ok(strstr(result.out, "    66120003 = 42\r\n") != NULL, "got %s.\n", result.out);
    ok(strstr(result.out, "    6615000B = TRUE\r\n") != NULL, "got %s.\n", result.out);
    ok(strstr(result.out, "    66160102 = 01ABFF\r\n") != NULL, "got %s.\n", result.out);
    ok(strstr(result.out, "    6617101E = a, b, c\r\n") != NULL, "got %s.\n", result.out);
    /* From the INF: the service's own hex-tag line and its providers. */
    ok(strstr(result.out, "    66110003 = 16\r\n") != NULL, "got %s.\n", result.out);
    ok(strstr(result.out, "    PR_SERVICE_NAME = MAPIPROF_TEST\r\n") != NULL, "got %s.\n", result.out);
    ok(count_lines_starting(result.out, "    Provider \"") == 2, "got %s.\n", result.out);
    p = strstr(result.out, "    Provider \"Test Store\" ");
    ok(p != NULL, "no store provider:\n%s\n", result.out);
    ok(p && strstr(p, "      PR_PROVIDER_DLL_NAME = NOSUCHSTORE.DLL\r\n"), "got %s.\n", result.out);
    ok(p && strstr(p, "      PR_RESOURCE_TYPE = 33\r\n"), "got %s.\n", result.out);
    ok(strstr(result.out, "    Provider \"Test Address Book\" ") != NULL, "no address book:\n%s\n", result.out);

    /* The display name given is used when the INF has none. */
    run_ok(&result, "add-service mapiprof-one MAPIPROF_BARE --display \"Second Copy\"");
    ok(find_uid(result.out, "\": ", uid2) && strcmp(uid, uid2), "got %s.\n", result.out);
    run_ok(&result, "show mapiprof-one");
    ok(count_lines_starting(result.out, "  Service \"Second Copy\" ") == 1, "got %s.\n", result.out);
    /* A second copy of the first service. */
    run_ok(&result, "add-service mapiprof-one MAPIPROF_TEST");
    ok(find_uid(result.out, "\": ", uid3) && strcmp(uid, uid3) && strcmp(uid2, uid3), "got %s.\n", result.out);

    /* configure, by name (now two match) and by UID. */
    run_fail(&result, "configure mapiprof-one MAPIPROF_TEST --set PR_COMMENT=x", 1, "2 services");
    run_fail(&result, "configure mapiprof-one MAPIPROF_TEST", 1, "--set");
    sprintf(args, "configure mapiprof-one %s --set PR_COMMENT=changed --set 66120003=0x20", uid);
    run_ok(&result, args);
    ok(!result.out[0], "got %s.\n", result.out);
    run_ok(&result, "show mapiprof-one");
    p = strstr(result.out, uid);
    ok(p && strstr(p, "    PR_COMMENT = changed\r\n"), "got %s.\n", result.out);
    ok(p && strstr(p, "    66120003 = 32\r\n"), "got %s.\n", result.out);
    ok(!strstr(result.out, "hello world"), "the old value is still there:\n%s\n", result.out);
    run_fail(&result, "configure mapiprof-one NO_SUCH_SERVICE --set PR_COMMENT=x", 2,
            "service \"NO_SUCH_SERVICE\" in profile \"mapiprof-one\": MAPI_E_NOT_FOUND");
    run_fail(&result, "configure mapiprof-none MAPIPROF_TEST --set PR_COMMENT=x", 2, "MAPI_E_NOT_FOUND");
    run_fail(&result, "configure mapiprof-one MAPIPROF_TEST --set PR_NO_SUCH=x", 1, "unknown property name");

    /* remove-service, by UID and by display name. */
    run_fail(&result, "remove-service mapiprof-one NO_SUCH_SERVICE", 2, "MAPI_E_NOT_FOUND");
    run_fail(&result, "remove-service mapiprof-one 00000000000000000000000000000000", 2, "MAPI_E_NOT_FOUND");
    sprintf(args, "remove-service mapiprof-one %s", uid);
    run_ok(&result, args);
    run_ok(&result, "remove-service mapiprof-one \"Second Copy\"");
    run_ok(&result, "show mapiprof-one");
    ok(count_lines_starting(result.out, "  Service ") == 1 && strstr(result.out, uid3), "got %s.\n", result.out);
    run_ok(&result, "remove-service mapiprof-one MAPIPROF_TEST");
    run_ok(&result, "show mapiprof-one");
    ok(!strstr(result.out, "Service "), "got %s.\n", result.out);
    ok(!strstr(result.out, "Provider "), "got %s.\n", result.out);
}

static void test_install_inf(void)
{
    static const char fragment[] =
        "[Services]\r\n"
        "MAPIPROF_NEW=Newly Installed Service\r\n"
        "[Default Services]\r\n"
        "MAPIPROF_NEW=Newly Installed Service\r\n"
        "[MAPIPROF_NEW]\r\n"
        "PR_DISPLAY_NAME=Newly Installed Service\r\n";
    char path[MAX_PATH], empty[MAX_PATH], args[MAX_PATH + 32];
    struct result result;
    char *inf;

    sprintf(path, "%s\\fragment.inf", temp_dir);
    write_text_file(path, fragment);
    sprintf(args, "install-inf \"%s\"", path);
    run_ok(&result, args);
    ok(strstr(result.out, "MAPISVC.INF") != NULL, "got %s.\n", result.out);

    run_ok(&result, "services");
    ok(strstr(result.out, "MAPIPROF_TEST") != NULL, "the old service is gone:\n%s\n", result.out);
    ok(strstr(result.out, "* MAPIPROF_NEW") != NULL, "the new default service is missing:\n%s\n", result.out);

    inf = read_text_file(inf_path, NULL);
    ok(inf != NULL, "MAPISVC.INF is gone.\n");
    if (inf)
    {
        ok(strstr(inf, "; written by the mapiprof tests\r\n") == inf, "the file lost its comment:\n%s\n", inf);
        ok(strstr(inf, "[MAPIPROF_TEST Store]\r\n") != NULL, "a provider section is gone:\n%s\n", inf);
        HeapFree(GetProcessHeap(), 0, inf);
    }

    run_fail(&result, "install-inf C:\\no\\such\\file.inf", 2, "MAPI_E_NOT_FOUND");
    sprintf(empty, "%s\\empty.inf", temp_dir);
    write_text_file(empty, "; nothing\r\nkey=value\r\n");
    sprintf(args, "install-inf \"%s\"", empty);
    run_fail(&result, args, 1, "no section");

    DeleteFileA(path);
    DeleteFileA(empty);
}

START_TEST(mapiprof)
{
    if (!setup()) return;
    test_usage();
    test_profiles();
    test_inf_services();
    test_service_commands();
    test_install_inf();
    cleanup();
}
