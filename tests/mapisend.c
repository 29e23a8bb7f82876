/*
 * Integration tests: mapisend.exe, run beside the test program against
 * profiles of the memory store with the mail-drop transport (or, for the
 * timeout, the recording transport told to wait): what it sends, its
 * exit codes and its messages.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapispi.h"
#include "mapiadmin.h"

#include "maildrop_test.h"

#define PROFILE "Mapisend Test"
#define WAIT_PROFILE "Mapisend Wait"

static char mapisend_path[MAX_PATH];
static char out_text[8192], err_text[8192];

/* Runs mapisend with a command line; its output in out_text and err_text. */
static DWORD run_mapisend(const char *args)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char cmd[4096], out_path[MAX_PATH], err_path[MAX_PATH], *text;
    DWORD code = ~0u;
    BOOL ret;

    mdt_path(out_path, mdt_root, NULL, "stdout.txt");
    mdt_path(err_path, mdt_root, NULL, "stderr.txt");
    sprintf(cmd, "\"%s\" %s", mapisend_path, args);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = CreateFileA(out_path, GENERIC_WRITE, FILE_SHARE_READ, &sa, CREATE_ALWAYS, 0, NULL);
    si.hStdError = CreateFileA(err_path, GENERIC_WRITE, FILE_SHARE_READ, &sa, CREATE_ALWAYS, 0, NULL);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok(ret, "cannot run %s, error %lu.\n", cmd, GetLastError());
    CloseHandle(si.hStdOutput);
    CloseHandle(si.hStdError);
    out_text[0] = err_text[0] = 0;
    if (!ret) return code;
    ok(!WaitForSingleObject(pi.hProcess, 90000), "mapisend did not end.\n");
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if ((text = mdt_read_file(out_path, NULL)))
    {
        lstrcpynA(out_text, text, sizeof(out_text));
        HeapFree(GetProcessHeap(), 0, text);
    }
    if ((text = mdt_read_file(err_path, NULL)))
    {
        lstrcpynA(err_text, text, sizeof(err_text));
        HeapFree(GetProcessHeap(), 0, text);
    }
    return code;
}

static int outbox_files(void)
{
    return mdt_count_files(mdt_outbox, "new", NULL);
}

static void test_help(void)
{
    static const char *words[] =
    {
        "--to", "--cc", "--bcc", "--subject", "--body", "--body-file", "--attach", "--from", "--profile",
        "--password", "--timeout", "--quiet", "--help", "Exit codes", "  0  sent", "  1  usage", "  2  not found",
        "  3  any other MAPI error", "  4  not delivered", "  5  timeout",
    };
    DWORD code;
    ULONG i;

    code = run_mapisend("--help");
    ok(code == 0, "--help exited with %lu.\n", code);
    for (i = 0; i < ARRAY_SIZE(words); i++)
        ok(strstr(out_text, words[i]) != NULL, "--help does not mention %s.\n", debugstr_a(words[i]));
    ok(!err_text[0], "got errors %s.\n", debugstr_a(err_text));
}

static void test_usage(void)
{
    static const char *command_lines[] =
    {
        "",
        "--to a@example.com --body x",
        "--to a@example.com --subject s",
        "--to a@example.com --subject s --body x --body-file y",
        "--to a@example.com --subject s --body x --timeout soon",
        "--to a@example.com --subject s --body x --colour blue",
        "--to",
    };
    DWORD code;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(command_lines); i++)
    {
        code = run_mapisend(command_lines[i]);
        ok(code == 1, "%s exited with %lu.\n", debugstr_a(command_lines[i]), code);
        ok(!strncmp(err_text, "mapisend: ", 10) && strstr(err_text, "--help"), "%s said %s.\n",
                debugstr_a(command_lines[i]), debugstr_a(err_text));
    }
}

/* The newest file of the outbound Maildir, parsed; its text in *text. */
static struct mime_message *newest_sent(char **text)
{
    WIN32_FIND_DATAA data;
    FILETIME newest = {0};
    char pattern[MAX_PATH], name[MAX_PATH] = "", path[MAX_PATH];
    struct mime_message *msg = NULL;
    SIZE_T size;
    HANDLE find;

    *text = NULL;
    if ((find = FindFirstFileA(mdt_path(pattern, mdt_outbox, "new", "*.eml"), &data)) == INVALID_HANDLE_VALUE)
        return NULL;
    do
    {
        if (CompareFileTime(&data.ftLastWriteTime, &newest) < 0) continue;
        newest = data.ftLastWriteTime;
        strcpy(name, data.cFileName);
    } while (FindNextFileA(find, &data));
    FindClose(find);
    if (!(*text = mdt_read_file(mdt_path(path, mdt_outbox, "new", name), &size))) return NULL;
    ok(mime_read(*text, size, 0, &msg) == S_OK, "%s does not parse.\n", name);
    return msg;
}

static const BYTE attachment_data[] = {0, 1, 2, 0xfe, 0xff, '\r', '\n', 'x', 0x80};

static void test_send(void)
{
    static const char body[] = "Gr\xc3\xbc\xc3\x9f" "e,\nzweite Zeile\n";
    char args[2048], path[MAX_PATH], body_path[MAX_PATH], *text;
    struct mime_message *msg;
    DWORD code;

    mdt_path(path, mdt_root, NULL, "report.bin");
    mdt_write_file(path, attachment_data, sizeof(attachment_data));
    mdt_path(body_path, mdt_root, NULL, "body.txt");
    mdt_write_file(body_path, body, strlen(body));
    sprintf(args, "--profile \"" PROFILE "\" --to first@example.com --cc \"Carol Copy <carol@example.com>\" "
            "--bcc hidden@example.com --subject \"Sent by mapisend\" --body-file \"%s\" --attach \"%s\"",
            body_path, path);
    code = run_mapisend(args);
    ok(code == 0, "mapisend exited with %lu: %s.\n", code, debugstr_a(err_text));
    ok(strstr(out_text, "Submitted \"Sent by mapisend\" to 3 recipients.") != NULL, "got %s.\n", debugstr_a(out_text));
    ok(strstr(out_text, "Mail Drop: Sending") != NULL, "no status string in %s.\n", debugstr_a(out_text));
    ok(strstr(out_text, "Sent \"Sent by mapisend\".") != NULL, "got %s.\n", debugstr_a(out_text));
    ok(!err_text[0], "got errors %s.\n", debugstr_a(err_text));
    ok(outbox_files() == 1, "got %d files.\n", outbox_files());

    if (!(msg = newest_sent(&text))) return;
    ok(!strncmp(text, "X-Maildrop-Recipients: first@example.com, carol@example.com,\r\n hidden@example.com\r\nDate:",
            86), "got %s.\n", debugstr_an(text, 90));
    ok(!strstr(text, "\nBcc:"), "a Bcc field was written.\n");
    ok(msg->subject && !lstrcmpW(msg->subject, L"Sent by mapisend"), "got %s.\n", debugstr_w(msg->subject));
    ok(msg->from.address && !lstrcmpW(msg->from.address, L"" MDT_SENDER), "got From %s.\n",
            debugstr_w(msg->from.address));
    ok(msg->recipient_count == 2, "got %lu recipients.\n", msg->recipient_count);
    if (msg->recipient_count == 2)
    {
        ok(msg->recipients[0].type == MAPI_TO && !lstrcmpW(msg->recipients[0].addr.address, L"first@example.com"),
                "got %s.\n", debugstr_w(msg->recipients[0].addr.address));
        ok(msg->recipients[1].type == MAPI_CC && !lstrcmpW(msg->recipients[1].addr.address, L"carol@example.com"),
                "got %s.\n", debugstr_w(msg->recipients[1].addr.address));
        ok(msg->recipients[1].addr.name && !lstrcmpW(msg->recipients[1].addr.name, L"Carol Copy"), "got name %s.\n",
                debugstr_w(msg->recipients[1].addr.name));
    }
    ok(msg->body && !lstrcmpW(msg->body, L"Gr\x00fc\x00df" L"e,\r\nzweite Zeile\r\n"), "got body %s.\n",
            debugstr_w(msg->body));
    ok(msg->attachment_count == 1, "got %lu attachments.\n", msg->attachment_count);
    if (msg->attachment_count == 1)
    {
        ok(msg->attachments[0].filename && !lstrcmpW(msg->attachments[0].filename, L"report.bin"), "got %s.\n",
                debugstr_w(msg->attachments[0].filename));
        ok(msg->attachments[0].size == sizeof(attachment_data)
                && !memcmp(msg->attachments[0].data, attachment_data, sizeof(attachment_data)), "the data differ.\n");
    }
    mime_message_free(msg);
    HeapFree(GetProcessHeap(), 0, text);
}

static void test_default_profile(void)
{
    IProfAdmin *profiles;
    HRESULT hr;
    DWORD code;
    int before = outbox_files();

    hr = pMAPIAdminProfiles(0, &profiles);
    ok(hr == S_OK, "MAPIAdminProfiles got %#lx.\n", hr);
    if (hr) return;
    hr = IProfAdmin_SetDefaultProfile(profiles, (char *)PROFILE, 0);
    ok(hr == S_OK, "SetDefaultProfile got %#lx.\n", hr);
    code = run_mapisend("--to someone@example.com --subject \"Default profile\" --body \"Short.\" --quiet");
    ok(code == 0, "mapisend exited with %lu: %s.\n", code, debugstr_a(err_text));
    ok(!out_text[0], "--quiet printed %s.\n", debugstr_a(out_text));
    ok(outbox_files() == before + 1, "got %d files.\n", outbox_files());
    IProfAdmin_SetDefaultProfile(profiles, NULL, 0);
    IProfAdmin_Release(profiles);
}

static void test_from(void)
{
    struct mime_message *msg;
    DWORD code;
    char *text;

    code = run_mapisend("--profile \"" PROFILE "\" --from \"Other Sender <other@example.org>\" --to a@example.com "
            "--subject \"From someone else\" --body x");
    ok(code == 0, "mapisend exited with %lu: %s.\n", code, debugstr_a(err_text));
    if (!(msg = newest_sent(&text))) return;
    ok(msg->subject && !lstrcmpW(msg->subject, L"From someone else"), "got %s.\n", debugstr_w(msg->subject));
    ok(msg->from.address && !lstrcmpW(msg->from.address, L"other@example.org"), "got From %s.\n",
            debugstr_w(msg->from.address));
    ok(msg->from.name && !lstrcmpW(msg->from.name, L"Other Sender"), "got name %s.\n", debugstr_w(msg->from.name));
    mime_message_free(msg);
    HeapFree(GetProcessHeap(), 0, text);
}

static void test_not_delivered(void)
{
    DWORD code;
    int before = outbox_files();

    /* No transport takes X400 addresses: the spooler reports it. */
    code = run_mapisend("--profile \"" PROFILE "\" --to \"X400:c=US;a= ;p=Org;s=Smith\" --subject Nowhere --body x");
    ok(code == 4, "mapisend exited with %lu.\n", code);
    ok(strstr(err_text, "mapisend: not delivered to") && strstr(err_text, "X400:c=US;a= ;p=Org;s=Smith"),
            "got %s.\n", debugstr_a(err_text));
    ok(strstr(err_text, "\"Nowhere\" was not delivered") != NULL, "got %s.\n", debugstr_a(err_text));
    ok(outbox_files() == before, "a file was written.\n");

    /* The mail drop reports an address it cannot write; the good one is sent. */
    code = run_mapisend("--profile \"" PROFILE "\" --to user@bad..domain --to fine@example.com --subject Half --body x");
    ok(code == 4, "mapisend exited with %lu.\n", code);
    ok(strstr(err_text, "not delivered to user@bad..domain") != NULL, "got %s.\n", debugstr_a(err_text));
    ok(!strstr(err_text, "fine@example.com"), "the good address was reported: %s.\n", debugstr_a(err_text));
    ok(outbox_files() == before + 1, "got %d files.\n", outbox_files());
}

static void test_not_found(void)
{
    char args[1024], path[MAX_PATH];
    DWORD code;
    int before = outbox_files();

    mdt_path(path, mdt_root, NULL, "no such file.txt");
    sprintf(args, "--profile \"" PROFILE "\" --to a@example.com --subject s --body x --attach \"%s\"", path);
    code = run_mapisend(args);
    ok(code == 2, "a missing attachment exited with %lu.\n", code);
    ok(strstr(err_text, "mapisend: attachment \"") && strstr(err_text, "no such file.txt\": MAPI_E_NOT_FOUND (0x8004010F)"),
            "got %s.\n", debugstr_a(err_text));
    sprintf(args, "--profile \"" PROFILE "\" --to a@example.com --subject s --body-file \"%s\"", path);
    code = run_mapisend(args);
    ok(code == 2, "a missing body file exited with %lu.\n", code);
    code = run_mapisend("--profile \"No Such Profile\" --to a@example.com --subject s --body x");
    ok(code == 2, "a missing profile exited with %lu.\n", code);
    ok(!strcmp(err_text, "mapisend: profile \"No Such Profile\": MAPI_E_NOT_FOUND (0x8004010F)\r\n"), "got %s.\n",
            debugstr_a(err_text));
    code = run_mapisend("--profile \"" PROFILE "\" --to nobody --subject s --body x");
    ok(code == 2, "an unresolvable name exited with %lu.\n", code);
    ok(strstr(err_text, "resolving \"nobody\": MAPI_E_NOT_FOUND") != NULL, "got %s.\n", debugstr_a(err_text));
    ok(outbox_files() == before, "a file was written.\n");
}

static void test_timeout(void)
{
    SPropValue values[4];
    char *types[] = {(char *)"SMTP"};
    DWORD code, start;

    /* A transport that always asks the spooler to wait a minute. */
    mdt_path(mdt_store_path, mdt_root, NULL, "wait-store.dat");
    ok(mdt_create_profile(WAIT_PROFILE, RECXP_SERVICE_A, NULL), "the profile was not made.\n");
    values[0].ulPropTag = PR_RECXP_TYPES;
    values[0].Value.MVszA.cValues = 1;
    values[0].Value.MVszA.lppszA = types;
    values[1].ulPropTag = PR_RECXP_SUBMIT_HR;
    values[1].Value.l = MAPI_E_WAIT;
    values[2].ulPropTag = PR_RECXP_RETURN_PARM;
    values[2].Value.l = 60;
    values[3].ulPropTag = PR_RECXP_MODE;
    values[3].Value.l = 0;
    mdt_configure_providers(WAIT_PROFILE, RECXP_SERVICE_A, ARRAY_SIZE(values), values);
    start = GetTickCount();
    code = run_mapisend("--profile \"" WAIT_PROFILE "\" --to a@example.com --subject Later --body x --timeout 2");
    ok(code == 5, "mapisend exited with %lu: %s.\n", code, debugstr_a(err_text));
    ok(GetTickCount() - start >= 2000, "it did not wait.\n");
    ok(strstr(err_text, "\"Later\"") && strstr(err_text, "MAPI_E_TIMEOUT (0x80040401)"), "got %s.\n",
            debugstr_a(err_text));
    mdt_delete_profile(WAIT_PROFILE);
}

START_TEST(mapisend)
{
    char *slash;

    GetModuleFileNameA(NULL, mapisend_path, sizeof(mapisend_path));
    if ((slash = strrchr(mapisend_path, '\\'))) strcpy(slash + 1, "mapisend.exe");
    ok(GetFileAttributesA(mapisend_path) != INVALID_FILE_ATTRIBUTES, "%s is missing.\n", mapisend_path);
    if (!mdt_init_mapi() || !mdt_install_inf()) return;
    pMAPIInitialize(NULL);
    mdt_dirs_make("mapisend");
    ok(mdt_create_profile(PROFILE, "MailDrop", NULL), "the profile was not made.\n");

    test_help();
    test_usage();
    test_send();
    test_default_profile();
    test_from();
    test_not_delivered();
    test_not_found();
    test_timeout();

    mdt_delete_profile(PROFILE);
    pMAPIUninitialize();
    mdt_remove_inf();
    mdt_remove_tree(mdt_root);
}
