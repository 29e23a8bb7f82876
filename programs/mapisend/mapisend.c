/*
 * mapisend: sends one message through a MAPI profile from the command line
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * It logs on to a profile (which runs the profile's spooler in this
 * process), resolves the recipients through the address book, creates the
 * message in the default store's Outbox with its attachments, submits it,
 * and stays logged on until the outcome is known: the message has left
 * the Outbox (it is in Sent Items), a non-delivery report for it has come
 * into the Inbox, or the time is up.  The transports' status strings are
 * printed as they change, from the status table's notifications.  The
 * usage text below says everything else; it is what --help prints.
 *
 * The tool uses mapi32 only through its exports and interfaces.  Wine's
 * import library lacks FreeProws and HrQueryAllRows, so rows are read and
 * freed here.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <io.h>

#define COBJMACROS
#define CONST_VTABLE
#include "windef.h"
#include "winbase.h"
#include "winnls.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapifix.h"
#include "mapiadmin.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif
#ifndef MODRECIP_ADD
#define MODRECIP_ADD 0x00000002
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(count) (offsetof(ADRLIST, aEntries) + (count) * sizeof(ADRENTRY))
#endif
#ifndef ATTACH_BY_VALUE
#define ATTACH_BY_VALUE 1
#endif

enum exit_code
{
    EXIT_SENT = 0,
    EXIT_USAGE = 1,
    EXIT_NOT_FOUND = 2,
    EXIT_MAPI = 3,
    EXIT_NOT_DELIVERED = 4,
    EXIT_TIMEOUT = 5,
};

#define MAX_RECIPIENTS  256
#define MAX_ATTACHMENTS 64
#define DEFAULT_TIMEOUT 60
#define POLL_MS         100

static const char usage_text[] =
    "Usage: mapisend [OPTION]... --to ADDRESS --subject TEXT (--body TEXT | --body-file FILE)\n"
    "\n"
    "Sends one message through a MAPI profile: logs on (which runs the profile's\n"
    "spooler in this process), creates the message in the default store's Outbox,\n"
    "submits it and waits until the spooler has sent it or a non-delivery report\n"
    "has come for it.\n"
    "\n"
    "Recipients (at least one; each option may be given any number of times):\n"
    "  --to ADDRESS          a To recipient\n"
    "  --cc ADDRESS          a Cc recipient\n"
    "  --bcc ADDRESS         a blind copy: delivered, and shown to no other recipient\n"
    "  ADDRESS is what the profile's address book resolves: user@example.org (an\n"
    "  SMTP one-off), TYPE:address (SMTP:user@example.org, X400:c=US;s=Smith), a\n"
    "  name in the address book, or \"Display Name <user@example.org>\".\n"
    "\n"
    "Content:\n"
    "  --subject TEXT        the subject (required, may be empty)\n"
    "  --body TEXT           the text of the message\n"
    "  --body-file FILE      the text of the message from FILE (UTF-8, else the ANSI\n"
    "                        code page); exactly one of --body and --body-file\n"
    "  --attach FILE         attaches FILE under its file name (any number of times)\n"
    "  --from ADDRESS        the sender; by default the session's identity (for the\n"
    "                        mail drop: its configured sender)\n"
    "\n"
    "Session:\n"
    "  --profile NAME        the profile to log on to; by default the default profile\n"
    "  --password PASSWORD   the profile's password, when it has one\n"
    "  --timeout SECONDS     how long to wait for the outcome (default 60; 0: no limit)\n"
    "  --quiet               print nothing but errors\n"
    "  --help                print this text and exit\n"
    "\n"
    "Options may also be written --option=VALUE.  Progress goes to standard output:\n"
    "the submission, the transports' status as it changes, and the outcome.  A\n"
    "message that is still in the Outbox when mapisend exits stays queued and is\n"
    "sent by the next session that runs a spooler.\n"
    "\n"
    "Exit codes:\n"
    "  0  sent: the message left the Outbox and no non-delivery report came for it\n"
    "  1  usage error\n"
    "  2  not found: the profile, a file, or a recipient the address book cannot\n"
    "     resolve (or resolves to more than one entry)\n"
    "  3  any other MAPI error\n"
    "  4  not delivered: a non-delivery report came for some or all recipients\n"
    "  5  timeout: no outcome within --timeout seconds\n"
    "Errors go to standard error as \"mapisend: <what>: <MAPI error name> (0x...)\".\n";

struct recipient
{
    ULONG type;                     /* MAPI_TO, MAPI_CC, MAPI_BCC */
    const WCHAR *text;
};

struct options
{
    const WCHAR *profile;
    const WCHAR *password;
    const WCHAR *subject;
    const WCHAR *body;
    const WCHAR *body_file;
    const WCHAR *from;
    struct recipient recips[MAX_RECIPIENTS];
    ULONG recip_count;
    const WCHAR *attach[MAX_ATTACHMENTS];
    ULONG attach_count;
    ULONG timeout;
    BOOL quiet;
};

static BOOL quiet;

/* ------------------------------------------------------------------------
 * Output
 */

static const struct
{
    HRESULT hr;
    const char *name;
}
error_names[] =
{
#define E(x) { x, #x }
    E(MAPI_E_CALL_FAILED), E(MAPI_E_NOT_ENOUGH_MEMORY), E(MAPI_E_INVALID_PARAMETER), E(MAPI_E_INTERFACE_NOT_SUPPORTED),
    E(MAPI_E_NO_ACCESS), E(MAPI_E_NO_SUPPORT), E(MAPI_E_BAD_CHARWIDTH), E(MAPI_E_STRING_TOO_LONG),
    E(MAPI_E_UNKNOWN_FLAGS), E(MAPI_E_INVALID_ENTRYID), E(MAPI_E_INVALID_OBJECT), E(MAPI_E_OBJECT_CHANGED),
    E(MAPI_E_OBJECT_DELETED), E(MAPI_E_BUSY), E(MAPI_E_NOT_ENOUGH_DISK), E(MAPI_E_NOT_ENOUGH_RESOURCES),
    E(MAPI_E_NOT_FOUND), E(MAPI_E_VERSION), E(MAPI_E_LOGON_FAILED), E(MAPI_E_SESSION_LIMIT),
    E(MAPI_E_USER_CANCEL), E(MAPI_E_UNABLE_TO_ABORT), E(MAPI_E_NETWORK_ERROR), E(MAPI_E_DISK_ERROR),
    E(MAPI_E_TOO_COMPLEX), E(MAPI_E_BAD_COLUMN), E(MAPI_E_EXTENDED_ERROR), E(MAPI_E_COMPUTED),
    E(MAPI_E_CORRUPT_DATA), E(MAPI_E_UNCONFIGURED), E(MAPI_E_FAILONEPROVIDER), E(MAPI_E_UNKNOWN_CPID),
    E(MAPI_E_UNKNOWN_LCID), E(MAPI_E_PASSWORD_CHANGE_REQUIRED), E(MAPI_E_PASSWORD_EXPIRED),
    E(MAPI_E_END_OF_SESSION), E(MAPI_E_UNKNOWN_ENTRYID), E(MAPI_E_MISSING_REQUIRED_COLUMN),
    E(MAPI_E_BAD_VALUE), E(MAPI_E_INVALID_TYPE), E(MAPI_E_TYPE_NO_SUPPORT), E(MAPI_E_UNEXPECTED_TYPE),
    E(MAPI_E_TOO_BIG), E(MAPI_E_DECLINE_COPY), E(MAPI_E_UNEXPECTED_ID), E(MAPI_E_UNABLE_TO_COMPLETE),
    E(MAPI_E_TIMEOUT), E(MAPI_E_TABLE_EMPTY), E(MAPI_E_TABLE_TOO_BIG), E(MAPI_E_INVALID_BOOKMARK),
    E(MAPI_E_WAIT), E(MAPI_E_CANCEL), E(MAPI_E_NOT_ME), E(MAPI_E_CORRUPT_STORE), E(MAPI_E_NOT_IN_QUEUE),
    E(MAPI_E_NO_SUPPRESS), E(MAPI_E_COLLISION), E(MAPI_E_NOT_INITIALIZED), E(MAPI_E_NON_STANDARD),
    E(MAPI_E_NO_RECIPIENTS), E(MAPI_E_SUBMITTED), E(MAPI_E_HAS_FOLDERS), E(MAPI_E_HAS_MESSAGES),
    E(MAPI_E_FOLDER_CYCLE), E(MAPI_E_AMBIGUOUS_RECIP), E(E_FAIL), E(E_NOTIMPL), E(E_UNEXPECTED),
    E(E_POINTER), E(E_OUTOFMEMORY),
#undef E
};

static const char *error_name(HRESULT hr)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(error_names); i++) if (error_names[i].hr == hr) return error_names[i].name;
    return "error";
}

/* A string as UTF-8, what mapisend prints; free() it. */
static char *output_text(const WCHAR *str)
{
    char *ret;
    int len;

    if (!str) str = L"";
    len = WideCharToMultiByte(CP_UTF8, 0, str, -1, NULL, 0, NULL, NULL);
    if (!(ret = malloc(len ? len : 1))) return NULL;
    ret[0] = 0;
    WideCharToMultiByte(CP_UTF8, 0, str, -1, ret, len, NULL, NULL);
    return ret;
}

/* An 8-bit MAPI string (the ANSI code page) as UTF-8; free() it. */
static char *output_text_ansi(const char *str)
{
    WCHAR *wide;
    char *ret;
    int len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);

    if (!len || !(wide = malloc(len * sizeof(WCHAR)))) return NULL;
    MultiByteToWideChar(CP_ACP, 0, str, -1, wide, len);
    ret = output_text(wide);
    free(wide);
    return ret;
}

/* Writes UTF-8 text: as Unicode to a console, as UTF-8 bytes to a file or pipe. */
static void write_text(FILE *stream, const char *text)
{
    HANDLE handle = (HANDLE)_get_osfhandle(_fileno(stream));
    DWORD mode, written;
    WCHAR *wide;
    int len;

    if (GetConsoleMode(handle, &mode) && (len = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0))
            && (wide = malloc(len * sizeof(WCHAR))))
    {
        MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, len);
        fflush(stream);
        WriteConsoleW(handle, wide, len - 1, &written, NULL);
        free(wide);
        return;
    }
    fputs(text, stream);
    fflush(stream);
}

static void print_args(FILE *stream, const char *format, va_list args)
{
    char buffer[4096];

    vsnprintf(buffer, sizeof(buffer), format, args);
    buffer[sizeof(buffer) - 1] = 0;
    write_text(stream, buffer);
}

static void __attribute__((format(printf, 2, 3))) print(FILE *stream, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    print_args(stream, format, args);
    va_end(args);
}

/* Prints "mapisend: <what>: <error name> (0x...)" to stderr; the exit code
 * is EXIT_NOT_FOUND for MAPI_E_NOT_FOUND, else EXIT_MAPI. */
static int __attribute__((format(printf, 2, 3))) fail(HRESULT hr, const char *format, ...)
{
    va_list args;

    write_text(stderr, "mapisend: ");
    va_start(args, format);
    print_args(stderr, format, args);
    va_end(args);
    print(stderr, ": %s (0x%08lX)\n", error_name(hr), (ULONG)hr);
    return hr == MAPI_E_NOT_FOUND ? EXIT_NOT_FOUND : EXIT_MAPI;
}

static int __attribute__((format(printf, 1, 2))) usage_error(const char *format, ...)
{
    va_list args;

    write_text(stderr, "mapisend: ");
    va_start(args, format);
    print_args(stderr, format, args);
    va_end(args);
    write_text(stderr, "\nTry 'mapisend --help'.\n");
    return EXIT_USAGE;
}

static void __attribute__((format(printf, 1, 2))) progress(const char *format, ...)
{
    va_list args;

    if (quiet) return;
    va_start(args, format);
    print_args(stdout, format, args);
    va_end(args);
}

/* ------------------------------------------------------------------------
 * The command line
 */

/* The value of "--name VALUE" or "--name=VALUE" at argv[*i], or NULL when argv[*i] is not that option. */
static const WCHAR *option_value(int argc, WCHAR **argv, int *i, const WCHAR *name, BOOL *missing)
{
    size_t len = wcslen(name);

    if (wcsncmp(argv[*i], name, len)) return NULL;
    if (argv[*i][len] == '=') return argv[*i] + len + 1;
    if (argv[*i][len]) return NULL;
    if (*i + 1 >= argc)
    {
        *missing = TRUE;
        return NULL;
    }
    return argv[++*i];
}

static int parse_options(int argc, WCHAR **argv, struct options *options, BOOL *help)
{
    static const struct { const WCHAR *name; ULONG type; } recipient_options[] =
    {
        { L"--to", MAPI_TO }, { L"--cc", MAPI_CC }, { L"--bcc", MAPI_BCC },
    };
    const WCHAR *value, *timeout = NULL;
    BOOL missing = FALSE, matched;
    WCHAR *end;
    char *name;
    int i;
    ULONG j;

    memset(options, 0, sizeof(*options));
    options->timeout = DEFAULT_TIMEOUT;
    *help = FALSE;
    for (i = 1; i < argc; i++)
    {
        if (!wcscmp(argv[i], L"--help") || !wcscmp(argv[i], L"-h"))
        {
            *help = TRUE;
            return EXIT_SENT;
        }
        if (!wcscmp(argv[i], L"--quiet"))
        {
            options->quiet = TRUE;
            continue;
        }
        matched = FALSE;
        for (j = 0; j < ARRAY_SIZE(recipient_options) && !matched; j++)
        {
            if (!(value = option_value(argc, argv, &i, recipient_options[j].name, &missing))) continue;
            if (options->recip_count == MAX_RECIPIENTS) return usage_error("more than %u recipients", MAX_RECIPIENTS);
            if (!*value) return usage_error("an empty address");
            options->recips[options->recip_count].type = recipient_options[j].type;
            options->recips[options->recip_count++].text = value;
            matched = TRUE;
        }
        if (matched) continue;
        if ((value = option_value(argc, argv, &i, L"--attach", &missing)))
        {
            if (options->attach_count == MAX_ATTACHMENTS)
                return usage_error("more than %u attachments", MAX_ATTACHMENTS);
            options->attach[options->attach_count++] = value;
        }
        else if ((value = option_value(argc, argv, &i, L"--subject", &missing))) options->subject = value;
        else if ((value = option_value(argc, argv, &i, L"--body-file", &missing))) options->body_file = value;
        else if ((value = option_value(argc, argv, &i, L"--body", &missing))) options->body = value;
        else if ((value = option_value(argc, argv, &i, L"--from", &missing))) options->from = value;
        else if ((value = option_value(argc, argv, &i, L"--profile", &missing))) options->profile = value;
        else if ((value = option_value(argc, argv, &i, L"--password", &missing))) options->password = value;
        else if ((value = option_value(argc, argv, &i, L"--timeout", &missing))) timeout = value;
        else
        {
            name = output_text(argv[i]);
            if (missing) i = usage_error("%s needs a value", name ? name : "?");
            else i = usage_error("unknown argument '%s'", name ? name : "?");
            free(name);
            return i;
        }
    }
    if (!options->recip_count) return usage_error("no recipient: give --to, --cc or --bcc");
    if (!options->subject) return usage_error("no --subject");
    if (!options->body == !options->body_file) return usage_error("give exactly one of --body and --body-file");
    if (timeout)
    {
        options->timeout = wcstoul(timeout, &end, 10);
        if (!*timeout || *end || *timeout == '-' || options->timeout > 86400 * 365)
            return usage_error("--timeout needs a number of seconds");
    }
    return EXIT_SENT;
}

/* ------------------------------------------------------------------------
 * Files
 */

/* A whole file, NUL-terminated (two NULs); free() it. */
static HRESULT file_read(const WCHAR *path, char **data, DWORD *size)
{
    LARGE_INTEGER length;
    HANDLE file;
    DWORD got;
    HRESULT hr = S_OK;

    *data = NULL;
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return GetLastError() == ERROR_ACCESS_DENIED ? MAPI_E_NO_ACCESS : MAPI_E_NOT_FOUND;
    if (!GetFileSizeEx(file, &length)) hr = MAPI_E_DISK_ERROR;
    else if (length.QuadPart > 0x40000000) hr = MAPI_E_TOO_BIG;
    else if (!(*data = malloc(length.QuadPart + 2))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!ReadFile(file, *data, length.QuadPart, &got, NULL) || got != length.QuadPart) hr = MAPI_E_DISK_ERROR;
    CloseHandle(file);
    if (FAILED(hr))
    {
        free(*data);
        *data = NULL;
        return hr;
    }
    (*data)[got] = (*data)[got + 1] = 0;
    *size = got;
    return S_OK;
}

/* A body file's text: UTF-8 (with or without a byte-order mark) when it is
 * valid, else the ANSI code page; line ends made CRLF.  free() it. */
static WCHAR *text_from_bytes(const char *data, DWORD size)
{
    WCHAR *text, *crlf;
    UINT cp = CP_UTF8;
    int len, i, n = 0;

    if (size >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
    {
        data += 3;
        size -= 3;
    }
    if (size && !MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, data, size, NULL, 0)) cp = CP_ACP;
    len = size ? MultiByteToWideChar(cp, 0, data, size, NULL, 0) : 0;
    if (!(text = malloc((len + 1) * sizeof(WCHAR)))) return NULL;
    if (len) MultiByteToWideChar(cp, 0, data, size, text, len);
    text[len] = 0;
    if (!(crlf = malloc((2 * len + 1) * sizeof(WCHAR))))
    {
        free(text);
        return NULL;
    }
    for (i = 0; i < len; i++)
    {
        if (text[i] == '\n' && (!i || text[i - 1] != '\r')) crlf[n++] = '\r';
        crlf[n++] = text[i];
        if (text[i] == '\r' && text[i + 1] != '\n') crlf[n++] = '\n';
    }
    crlf[n] = 0;
    free(text);
    return crlf;
}

static const WCHAR *file_name_part(const WCHAR *path)
{
    const WCHAR *p, *name = path;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':') name = p + 1;
    return name;
}

/* ------------------------------------------------------------------------
 * MAPI helpers
 */

static void free_rows(SRowSet *rows)
{
    ULONG i;

    if (!rows) return;
    for (i = 0; i < rows->cRows; i++) MAPIFreeBuffer(rows->aRow[i].lpProps);
    MAPIFreeBuffer(rows);
}

static void free_adrlist(ADRLIST *list)
{
    ULONG i;

    if (!list) return;
    for (i = 0; i < list->cEntries; i++) MAPIFreeBuffer(list->aEntries[i].rgPropVals);
    MAPIFreeBuffer(list);
}

static const SPropValue *find_prop(const SPropValue *props, ULONG count, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

/* Every row of a table with the given columns, in one set. */
static HRESULT query_all_rows(IMAPITable *table, const SPropTagArray *columns, SRowSet **out)
{
    SRowSet *all = NULL, *rows, *grown;
    ULONG count = 0, i;
    HRESULT hr;

    *out = NULL;
    if (columns && FAILED(hr = IMAPITable_SetColumns(table, (SPropTagArray *)columns, 0))) return hr;
    if (FAILED(hr = IMAPITable_SeekRow(table, BOOKMARK_BEGINNING, 0, NULL))) return hr;
    for (;;)
    {
        if (FAILED(hr = IMAPITable_QueryRows(table, 128, 0, &rows)))
        {
            free_rows(all);
            return hr;
        }
        if (!rows->cRows)
        {
            MAPIFreeBuffer(rows);
            break;
        }
        if (FAILED(hr = MAPIAllocateBuffer(offsetof(SRowSet, aRow[count + rows->cRows]), (void **)&grown)))
        {
            free_rows(rows);
            free_rows(all);
            return hr;
        }
        if (all) memcpy(grown->aRow, all->aRow, count * sizeof(SRow));
        for (i = 0; i < rows->cRows; i++) grown->aRow[count + i] = rows->aRow[i];
        count += rows->cRows;
        grown->cRows = count;
        MAPIFreeBuffer(all);
        MAPIFreeBuffer(rows);
        all = grown;
    }
    if (!all && FAILED(hr = MAPIAllocateBuffer(sizeof(SRowSet), (void **)&all))) return hr;
    all->cRows = count;
    *out = all;
    return S_OK;
}

static BOOL binary_equal(const SBinary *bin, ULONG cb, const void *data)
{
    return cb && bin->cb == cb && !memcmp(bin->lpb, data, cb);
}

/* A copy of a binary value; free() it. */
static BYTE *binary_dup(const SBinary *bin)
{
    BYTE *copy = malloc(bin->cb ? bin->cb : 1);

    if (copy) memcpy(copy, bin->lpb, bin->cb);
    return copy;
}

/* ------------------------------------------------------------------------
 * Logon and the store
 */

/* S_OK when the profile exists (the default one when name is NULL); MAPI_E_NOT_FOUND when not. */
static HRESULT profile_check(const char *name)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE}};
    IProfAdmin *admin;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = MAPIAdminProfiles(0, &admin))) return hr;
    hr = IProfAdmin_GetProfileTable(admin, 0, &table);
    IProfAdmin_Release(admin);
    if (FAILED(hr)) return hr;
    hr = query_all_rows(table, (const SPropTagArray *)&columns, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < rows->cRows && hr == MAPI_E_NOT_FOUND; i++)
    {
        const SPropValue *row_name = find_prop(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_DISPLAY_NAME_A);
        const SPropValue *is_default = find_prop(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_DEFAULT_PROFILE);

        if (name ? row_name && !lstrcmpiA(row_name->Value.lpszA, name) : is_default && is_default->Value.b) hr = S_OK;
    }
    free_rows(rows);
    return hr;
}

static HRESULT open_default_store(IMAPISession *session, IMsgStore **store)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_DEFAULT_STORE, PR_ENTRYID}};
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    *store = NULL;
    if (FAILED(hr = IMAPISession_GetMsgStoresTable(session, 0, &table))) return hr;
    hr = query_all_rows(table, (const SPropTagArray *)&columns, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < rows->cRows && hr == MAPI_E_NOT_FOUND; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_DEFAULT_STORE || !props[0].Value.b || props[1].ulPropTag != PR_ENTRYID) continue;
        hr = IMAPISession_OpenMsgStore(session, 0, props[1].Value.bin.cb, (ENTRYID *)props[1].Value.bin.lpb, NULL,
                MDB_WRITE | MDB_NO_DIALOG, store);
    }
    free_rows(rows);
    return hr;
}

/* The store's folder whose entry ID is the store property tag. */
static HRESULT open_store_folder(IMsgStore *store, ULONG tag, IMAPIFolder **folder)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *props = NULL;
    ULONG count, type;
    HRESULT hr;

    *folder = NULL;
    if (FAILED(hr = IMsgStore_GetProps(store, (SPropTagArray *)&tags, 0, &count, &props))) return hr;
    if (props[0].ulPropTag != tag) hr = MAPI_E_NOT_FOUND;
    else hr = IMsgStore_OpenEntry(store, props[0].Value.bin.cb, (ENTRYID *)props[0].Value.bin.lpb, NULL,
            MAPI_MODIFY, &type, (IUnknown **)folder);
    MAPIFreeBuffer(props);
    return hr;
}

/* The folder that receives messages of this class (the Inbox). */
static HRESULT open_receive_folder(IMsgStore *store, const char *message_class, IMAPIFolder **folder)
{
    ENTRYID *eid = NULL;
    char *explicit_class = NULL;
    ULONG cb = 0, type;
    HRESULT hr;

    *folder = NULL;
    if (FAILED(hr = IMsgStore_GetReceiveFolder(store, (char *)message_class, 0, &cb, &eid, &explicit_class))) return hr;
    hr = IMsgStore_OpenEntry(store, cb, eid, NULL, 0, &type, (IUnknown **)folder);
    MAPIFreeBuffer(eid);
    MAPIFreeBuffer(explicit_class);
    return hr;
}

/* ------------------------------------------------------------------------
 * Recipients and the sender
 */

/* "Display Name <address>": the address part, and the name (NULL when
 * there is none); both malloc()ed. */
static void split_address(const WCHAR *text, WCHAR **name, WCHAR **address)
{
    const WCHAR *open = wcsrchr(text, '<');
    size_t len = wcslen(text), name_len;

    *name = NULL;
    if (!open || len < 3 || text[len - 1] != '>' || open == text + len - 2)
    {
        *address = _wcsdup(text);
        return;
    }
    *address = _wcsdup(open + 1);
    if (*address) (*address)[wcslen(*address) - 1] = 0;
    for (name_len = open - text; name_len && (text[name_len - 1] == ' ' || text[name_len - 1] == '\t'); name_len--);
    while (name_len && *text == ' ')
    {
        text++;
        name_len--;
    }
    if (name_len >= 2 && text[0] == '"' && text[name_len - 1] == '"')
    {
        text++;
        name_len -= 2;
    }
    if (name_len && (*name = malloc((name_len + 1) * sizeof(WCHAR))))
    {
        memcpy(*name, text, name_len * sizeof(WCHAR));
        (*name)[name_len] = 0;
    }
}

/* Resolves one recipient and appends it to list (which has room for it). */
static HRESULT resolve_one(IAddrBook *ab, const struct recipient *recip, ADRLIST *list)
{
    WCHAR *name, *address;
    ADRLIST *one = NULL;
    SPropValue *props, *display;
    HRESULT hr;

    split_address(recip->text, &name, &address);
    if (!address) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&one))) goto done;
    one->cEntries = 0;
    if (FAILED(hr = MAPIAllocateBuffer(2 * sizeof(SPropValue) + (wcslen(address) + 1) * sizeof(WCHAR),
            (void **)&props)))
        goto done;
    props[0].ulPropTag = PR_DISPLAY_NAME_W;
    props[0].Value.lpszW = (WCHAR *)(props + 2);
    wcscpy(props[0].Value.lpszW, address);
    props[1].ulPropTag = PR_RECIPIENT_TYPE;
    props[1].Value.l = recip->type;
    one->cEntries = 1;
    one->aEntries[0].ulReserved1 = 0;
    one->aEntries[0].cValues = 2;
    one->aEntries[0].rgPropVals = props;
    if (FAILED(hr = IAddrBook_ResolveName(ab, 0, MAPI_UNICODE, NULL, one))) goto done;

    /* The resolved values, with the display name given. */
    if (name && (display = (SPropValue *)find_prop(one->aEntries[0].rgPropVals, one->aEntries[0].cValues,
            PR_DISPLAY_NAME_W)))
    {
        WCHAR *copy;

        if (SUCCEEDED(hr = MAPIAllocateMore((wcslen(name) + 1) * sizeof(WCHAR), one->aEntries[0].rgPropVals,
                (void **)&copy)))
        {
            wcscpy(copy, name);
            display->Value.lpszW = copy;
        }
    }
    if (SUCCEEDED(hr))
    {
        list->aEntries[list->cEntries++] = one->aEntries[0];
        one->cEntries = 0;
    }

done:
    free_adrlist(one);
    free(name);
    free(address);
    return hr;
}

static int resolve_recipients(IAddrBook *ab, const struct options *options, ADRLIST **list)
{
    char *text;
    HRESULT hr;
    ULONG i;
    int ret;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(options->recip_count), (void **)list)))
        return fail(hr, "allocating the recipients");
    (*list)->cEntries = 0;
    for (i = 0; i < options->recip_count; i++)
    {
        if (SUCCEEDED(hr = resolve_one(ab, &options->recips[i], *list))) continue;
        text = output_text(options->recips[i].text);
        ret = fail(hr, "resolving \"%s\"", text ? text : "?");
        free(text);
        return hr == MAPI_E_AMBIGUOUS_RECIP ? EXIT_NOT_FOUND : ret;
    }
    return EXIT_SENT;
}

enum { SENDER_NAME, SENDER_TYPE, SENDER_ADDRESS, SENDER_ENTRYID, SENDER_KEY, SENDER_COUNT };

/* The sender's values from a resolved or opened entry: props[SENDER_*]. */
static void sender_from_props(const SPropValue *values, ULONG count, SPropValue *sender)
{
    static const ULONG tags[SENDER_COUNT] =
            {PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_ENTRYID, PR_SEARCH_KEY};
    const SPropValue *value;
    ULONG i;

    for (i = 0; i < SENDER_COUNT; i++)
    {
        if ((value = find_prop(values, count, tags[i]))) sender[i] = *value;
        else sender[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags[i]));
    }
}

/* The sender: --from resolved, or the session's identity.  *block holds
 * the values (MAPIFreeBuffer it); S_FALSE when there is none. */
static HRESULT sender_get(IMAPISession *session, IAddrBook *ab, const struct options *options, SPropValue *sender,
        void **block)
{
    static const SizedSPropTagArray(SENDER_COUNT, tags) =
            {SENDER_COUNT, {PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_ENTRYID, PR_SEARCH_KEY}};
    struct recipient from = {MAPI_ORIG, options->from};
    SPropValue *values = NULL;
    IMAPIProp *entry;
    ENTRYID *eid = NULL;
    ADRLIST *list;
    ULONG cb = 0, type, count;
    HRESULT hr;

    *block = NULL;
    if (options->from)
    {
        if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list))) return hr;
        list->cEntries = 0;
        if (SUCCEEDED(hr = resolve_one(ab, &from, list)))
        {
            sender_from_props(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, sender);
            *block = list->aEntries[0].rgPropVals;
        }
        MAPIFreeBuffer(list);
        return hr;
    }
    if (FAILED(IMAPISession_QueryIdentity(session, &cb, &eid))) return S_FALSE;
    hr = IMAPISession_OpenEntry(session, cb, eid, NULL, 0, &type, (IUnknown **)&entry);
    MAPIFreeBuffer(eid);
    if (FAILED(hr)) return S_FALSE;
    hr = IMAPIProp_GetProps(entry, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &values);
    IMAPIProp_Release(entry);
    if (FAILED(hr) || values[SENDER_ADDRESS].ulPropTag != PR_EMAIL_ADDRESS_W || !values[SENDER_ADDRESS].Value.lpszW[0])
    {
        MAPIFreeBuffer(values);
        return S_FALSE;
    }
    sender_from_props(values, count, sender);
    *block = values;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The message
 */

static HRESULT set_body(IMessage *message, const WCHAR *body)
{
    SPropValue value;
    IStream *stream;
    ULONG size = (wcslen(body) + 1) * sizeof(WCHAR), written;
    HRESULT hr;

    value.ulPropTag = PR_BODY_W;
    value.Value.lpszW = (WCHAR *)body;
    hr = IMessage_SetProps(message, 1, &value, NULL);
    if (hr != MAPI_E_NOT_ENOUGH_MEMORY && hr != MAPI_E_TOO_BIG) return hr;
    /* Too big for SetProps: through a stream. */
    if (FAILED(hr = IMessage_OpenProperty(message, PR_BODY_W, &IID_IStream, STGM_WRITE, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&stream)))
        return hr;
    hr = IStream_Write(stream, body, size, &written);
    if (SUCCEEDED(hr)) hr = IStream_Commit(stream, STGC_DEFAULT);
    IStream_Release(stream);
    return hr;
}

/* One attachment by value: its name, then its bytes through a stream. */
static HRESULT add_attachment(IMessage *message, const WCHAR *path)
{
    const WCHAR *name = file_name_part(path), *dot = wcsrchr(name, '.');
    SPropValue props[5];
    IAttach *attach;
    IStream *stream;
    HANDLE file;
    BYTE buffer[65536];
    ULONG num, n = 0, written;
    DWORD got;
    HRESULT hr;

    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return GetLastError() == ERROR_ACCESS_DENIED ? MAPI_E_NO_ACCESS : MAPI_E_NOT_FOUND;
    if (FAILED(hr = IMessage_CreateAttach(message, NULL, 0, &num, &attach)))
    {
        CloseHandle(file);
        return hr;
    }
    props[n].ulPropTag = PR_ATTACH_METHOD;
    props[n++].Value.l = ATTACH_BY_VALUE;
    props[n].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
    props[n++].Value.lpszW = (WCHAR *)name;
    props[n].ulPropTag = PR_DISPLAY_NAME_W;
    props[n++].Value.lpszW = (WCHAR *)name;
    props[n].ulPropTag = PR_RENDERING_POSITION;
    props[n++].Value.l = -1;
    if (dot && dot != name)
    {
        props[n].ulPropTag = PR_ATTACH_EXTENSION_W;
        props[n++].Value.lpszW = (WCHAR *)dot;
    }
    hr = IAttach_SetProps(attach, n, props, NULL);
    if (SUCCEEDED(hr))
        hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_BIN, &IID_IStream, STGM_WRITE, MAPI_CREATE | MAPI_MODIFY,
                (IUnknown **)&stream);
    if (SUCCEEDED(hr))
    {
        while (SUCCEEDED(hr))
        {
            if (!ReadFile(file, buffer, sizeof(buffer), &got, NULL))
            {
                hr = MAPI_E_DISK_ERROR;
                break;
            }
            if (!got) break;
            hr = IStream_Write(stream, buffer, got, &written);
        }
        if (SUCCEEDED(hr)) hr = IStream_Commit(stream, STGC_DEFAULT);
        IStream_Release(stream);
    }
    if (SUCCEEDED(hr)) hr = IAttach_SaveChanges(attach, 0);
    IAttach_Release(attach);
    CloseHandle(file);
    return hr;
}

/* The entry ID and search key of the message sent, to know it again. */
struct sent_message
{
    SBinary eid;
    SBinary key;
    char subject[256];
};

static int build_message(IMessage *message, const struct options *options, const WCHAR *body, ADRLIST *recips,
        const SPropValue *sender, const SBinary *sent_items)
{
    static const ULONG sender_tags[SENDER_COUNT] =
            {PR_SENDER_NAME_W, PR_SENDER_ADDRTYPE_W, PR_SENDER_EMAIL_ADDRESS_W, PR_SENDER_ENTRYID, PR_SENDER_SEARCH_KEY};
    static const ULONG representing_tags[SENDER_COUNT] =
            {PR_SENT_REPRESENTING_NAME_W, PR_SENT_REPRESENTING_ADDRTYPE_W, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W,
             PR_SENT_REPRESENTING_ENTRYID, PR_SENT_REPRESENTING_SEARCH_KEY};
    SPropValue props[4 + 2 * SENDER_COUNT];
    ULONG n = 0, i;
    char *text;
    HRESULT hr;
    int ret;

    props[n].ulPropTag = PR_MESSAGE_CLASS_W;
    props[n++].Value.lpszW = (WCHAR *)L"IPM.Note";
    props[n].ulPropTag = PR_SUBJECT_W;
    props[n++].Value.lpszW = (WCHAR *)options->subject;
    props[n].ulPropTag = PR_DELETE_AFTER_SUBMIT;
    props[n++].Value.b = FALSE;
    if (sent_items->cb)
    {
        props[n].ulPropTag = PR_SENTMAIL_ENTRYID;
        props[n++].Value.bin = *sent_items;
    }
    for (i = 0; sender && i < SENDER_COUNT; i++)
    {
        if (PROP_TYPE(sender[i].ulPropTag) == PT_ERROR) continue;
        props[n] = sender[i];
        props[n++].ulPropTag = sender_tags[i];
        props[n] = sender[i];
        props[n++].ulPropTag = representing_tags[i];
    }
    if (FAILED(hr = IMessage_SetProps(message, n, props, NULL))) return fail(hr, "setting the message's properties");
    if (FAILED(hr = set_body(message, body))) return fail(hr, "setting the body");
    if (FAILED(hr = IMessage_ModifyRecipients(message, MODRECIP_ADD, recips)))
        return fail(hr, "adding the recipients");
    for (i = 0; i < options->attach_count; i++)
    {
        if (SUCCEEDED(hr = add_attachment(message, options->attach[i]))) continue;
        text = output_text(options->attach[i]);
        ret = fail(hr, "attaching \"%s\"", text ? text : "?");
        free(text);
        return ret;
    }
    return EXIT_SENT;
}

static HRESULT sent_message_read(IMessage *message, const WCHAR *subject, struct sent_message *sent)
{
    static const SizedSPropTagArray(2, tags) = {2, {PR_ENTRYID, PR_SEARCH_KEY}};
    SPropValue *props = NULL;
    char *text;
    ULONG count;
    HRESULT hr;

    memset(sent, 0, sizeof(*sent));
    if ((text = output_text(subject)))
    {
        lstrcpynA(sent->subject, text, sizeof(sent->subject));
        free(text);
    }
    if (FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &props))) return hr;
    if (props[0].ulPropTag == PR_ENTRYID)
    {
        sent->eid.lpb = binary_dup(&props[0].Value.bin);
        sent->eid.cb = sent->eid.lpb ? props[0].Value.bin.cb : 0;
    }
    if (props[1].ulPropTag == PR_SEARCH_KEY)
    {
        sent->key.lpb = binary_dup(&props[1].Value.bin);
        sent->key.cb = sent->key.lpb ? props[1].Value.bin.cb : 0;
    }
    MAPIFreeBuffer(props);
    return sent->eid.cb || sent->key.cb ? S_OK : MAPI_E_NOT_FOUND;
}

/* Whether a row (or a message's values) names the message sent. */
static BOOL is_sent_message(const SPropValue *props, ULONG count, ULONG eid_tag, ULONG key_tag,
        const struct sent_message *sent)
{
    const SPropValue *value;

    if ((value = find_prop(props, count, eid_tag)) && binary_equal(&value->Value.bin, sent->eid.cb, sent->eid.lpb))
        return TRUE;
    return (value = find_prop(props, count, key_tag)) && binary_equal(&value->Value.bin, sent->key.cb, sent->key.lpb);
}

/* ------------------------------------------------------------------------
 * Watching the status table
 */

#define MAX_STATUS_ROWS 32
#define MAX_STATUS_LINES 64

/* Receives the status table's notifications on whatever thread changes a
 * row, and keeps the lines to print for the main thread. */
struct status_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG refcount;
    CRITICAL_SECTION cs;
    struct
    {
        LONG row_id;
        char string[256];
    } last[MAX_STATUS_ROWS];
    ULONG row_count;
    char lines[MAX_STATUS_LINES][320];
    ULONG line_count;
};

static inline struct status_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct status_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIAdviseSink))
    {
        *out = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->refcount);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    struct status_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG refs = InterlockedDecrement(&sink->refcount);

    if (refs) return refs;
    DeleteCriticalSection(&sink->cs);
    free(sink);
    return 0;
}

/* cs held.  A transport row's status string, as a line when it changed. */
static void sink_row(struct status_sink *sink, const SRow *row)
{
    const SPropValue *id = find_prop(row->lpProps, row->cValues, PR_ROWID);
    const SPropValue *type = find_prop(row->lpProps, row->cValues, PR_RESOURCE_TYPE);
    const SPropValue *name = find_prop(row->lpProps, row->cValues, PR_DISPLAY_NAME_A);
    const SPropValue *string = find_prop(row->lpProps, row->cValues, PR_STATUS_STRING_A);
    char *display, *status;
    ULONG i;

    if (!id || !type || type->Value.l != MAPI_TRANSPORT_PROVIDER || !string) return;
    for (i = 0; i < sink->row_count; i++)
        if (sink->last[i].row_id == id->Value.l) break;
    if (i == sink->row_count)
    {
        if (i == MAX_STATUS_ROWS) return;
        sink->row_count++;
        sink->last[i].row_id = id->Value.l;
        sink->last[i].string[0] = 0;
    }
    if (!strcmp(sink->last[i].string, string->Value.lpszA)) return;
    lstrcpynA(sink->last[i].string, string->Value.lpszA, sizeof(sink->last[i].string));
    if (sink->line_count == MAX_STATUS_LINES) return;
    display = output_text_ansi(name ? name->Value.lpszA : "transport");
    status = output_text_ansi(string->Value.lpszA);
    snprintf(sink->lines[sink->line_count++], sizeof(sink->lines[0]), "%s: %s", display ? display : "?",
            status ? status : "?");
    free(display);
    free(status);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct status_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG i;

    EnterCriticalSection(&sink->cs);
    for (i = 0; i < count; i++)
    {
        const TABLE_NOTIFICATION *table = &notifications[i].info.tab;

        if (notifications[i].ulEventType != fnevTableModified) continue;
        if (table->ulTableEvent == TABLE_ROW_ADDED || table->ulTableEvent == TABLE_ROW_MODIFIED)
            sink_row(sink, &table->row);
    }
    LeaveCriticalSection(&sink->cs);
    return S_OK;
}

static const IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

static const SizedSPropTagArray(4, status_columns) =
        {4, {PR_ROWID, PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A, PR_STATUS_STRING_A}};

struct status_watch
{
    IMAPITable *table;
    struct status_sink *sink;
    ULONG connection;
};

/* Starts watching: the current strings are what later ones are compared with. */
static void status_watch_start(IMAPISession *session, struct status_watch *watch)
{
    SRowSet *rows = NULL;
    ULONG i;

    memset(watch, 0, sizeof(*watch));
    if (FAILED(IMAPISession_GetStatusTable(session, 0, &watch->table))) return;
    if (!(watch->sink = calloc(1, sizeof(*watch->sink)))) return;
    watch->sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    watch->sink->refcount = 1;
    InitializeCriticalSection(&watch->sink->cs);
    if (SUCCEEDED(query_all_rows(watch->table, (const SPropTagArray *)&status_columns, &rows)))
    {
        for (i = 0; i < rows->cRows; i++) sink_row(watch->sink, &rows->aRow[i]);
        watch->sink->line_count = 0;
        free_rows(rows);
    }
    if (FAILED(IMAPITable_Advise(watch->table, fnevTableModified, &watch->sink->IMAPIAdviseSink_iface,
            &watch->connection)))
        watch->connection = 0;
}

/* Prints the status lines that came. */
static void status_watch_print(struct status_watch *watch)
{
    ULONG i;

    if (!watch->sink) return;
    EnterCriticalSection(&watch->sink->cs);
    for (i = 0; i < watch->sink->line_count; i++) progress("%s\n", watch->sink->lines[i]);
    watch->sink->line_count = 0;
    LeaveCriticalSection(&watch->sink->cs);
}

static void status_watch_stop(struct status_watch *watch)
{
    if (watch->connection) IMAPITable_Unadvise(watch->table, watch->connection);
    if (watch->table) IMAPITable_Release(watch->table);
    if (watch->sink) IMAPIAdviseSink_Release(&watch->sink->IMAPIAdviseSink_iface);
}

/* ------------------------------------------------------------------------
 * Waiting for the outcome
 */

/* Whether the message is still in the Outbox. */
static HRESULT outbox_holds(IMAPIFolder *outbox, const struct sent_message *sent, BOOL *holds)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_ENTRYID, PR_SEARCH_KEY}};
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    *holds = FALSE;
    if (FAILED(hr = IMAPIFolder_GetContentsTable(outbox, 0, &table))) return hr;
    hr = query_all_rows(table, (const SPropTagArray *)&columns, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    for (i = 0; i < rows->cRows && !*holds; i++)
        *holds = is_sent_message(rows->aRow[i].lpProps, rows->aRow[i].cValues, PR_ENTRYID, PR_SEARCH_KEY, sent);
    free_rows(rows);
    return S_OK;
}

/* The reports looked at already (entry IDs), so that each is opened once. */
struct seen_reports
{
    SBinary *eids;
    ULONG count;
};

static BOOL seen_add(struct seen_reports *seen, const SBinary *eid)
{
    SBinary *grown;
    ULONG i;

    for (i = 0; i < seen->count; i++)
        if (binary_equal(&seen->eids[i], eid->cb, eid->lpb)) return FALSE;
    if (!(grown = realloc(seen->eids, (seen->count + 1) * sizeof(*grown)))) return FALSE;
    seen->eids = grown;
    seen->eids[seen->count].cb = eid->cb;
    if (!(seen->eids[seen->count].lpb = binary_dup(eid))) return FALSE;
    seen->count++;
    return TRUE;
}

static void seen_free(struct seen_reports *seen)
{
    ULONG i;

    for (i = 0; i < seen->count; i++) free(seen->eids[i].lpb);
    free(seen->eids);
}

/* Prints the recipients a report names as not delivered; returns how many. */
static ULONG report_print(IMessage *report)
{
    static const SizedSPropTagArray(4, columns) =
            {4, {PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_SUPPLEMENTARY_INFO_W}};
    IMAPITable *table;
    SRowSet *rows = NULL;
    ULONG i, count = 0;
    char *line[4], text[1024];
    int j;

    if (FAILED(IMessage_GetRecipientTable(report, MAPI_UNICODE, &table))) return 0;
    if (SUCCEEDED(query_all_rows(table, (const SPropTagArray *)&columns, &rows)))
    {
        for (i = 0; i < rows->cRows; i++)
        {
            const SPropValue *props = rows->aRow[i].lpProps;

            for (j = 0; j < 4; j++)
                line[j] = output_text(PROP_TYPE(props[j].ulPropTag) == PT_UNICODE ? props[j].Value.lpszW : L"");
            snprintf(text, sizeof(text), "mapisend: not delivered to %s", line[0] ? line[0] : "?");
            if (line[1] && line[2] && *line[2])
                snprintf(text + strlen(text), sizeof(text) - strlen(text), " (%s:%s)", line[1], line[2]);
            if (line[3] && *line[3]) snprintf(text + strlen(text), sizeof(text) - strlen(text), ": %s", line[3]);
            print(stderr, "%s\n", text);
            for (j = 0; j < 4; j++) free(line[j]);
            count++;
        }
        free_rows(rows);
    }
    IMAPITable_Release(table);
    return count;
}

/* Looks at the non-delivery reports in the Inbox that were not seen yet;
 * TRUE when one is about the message sent (its recipients are printed). */
static BOOL report_arrived(IMsgStore *store, IMAPIFolder *inbox, const struct sent_message *sent,
        struct seen_reports *seen, BOOL print)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_ENTRYID, PR_MESSAGE_CLASS_A}};
    static const SizedSPropTagArray(2, original) = {2, {PR_ORIGINAL_ENTRYID, PR_ORIGINAL_SEARCH_KEY}};
    SPropValue *props = NULL;
    IMAPITable *table;
    IMessage *report;
    SRowSet *rows;
    BOOL found = FALSE;
    ULONG i, type, count;
    size_t len;

    if (FAILED(IMAPIFolder_GetContentsTable(inbox, 0, &table))) return FALSE;
    if (FAILED(query_all_rows(table, (const SPropTagArray *)&columns, &rows)))
    {
        IMAPITable_Release(table);
        return FALSE;
    }
    IMAPITable_Release(table);
    for (i = 0; i < rows->cRows && !found; i++)
    {
        const SPropValue *row = rows->aRow[i].lpProps;

        if (row[0].ulPropTag != PR_ENTRYID || row[1].ulPropTag != PR_MESSAGE_CLASS_A) continue;
        len = strlen(row[1].Value.lpszA);
        if (_strnicmp(row[1].Value.lpszA, "REPORT.", 7) || len < 4 || _stricmp(row[1].Value.lpszA + len - 4, ".NDR"))
            continue;
        if (!seen_add(seen, &row[0].Value.bin)) continue;
        if (FAILED(IMsgStore_OpenEntry(store, row[0].Value.bin.cb, (ENTRYID *)row[0].Value.bin.lpb, NULL, 0, &type,
                (IUnknown **)&report)))
            continue;
        if (SUCCEEDED(IMessage_GetProps(report, (SPropTagArray *)&original, 0, &count, &props)))
        {
            found = is_sent_message(props, count, PR_ORIGINAL_ENTRYID, PR_ORIGINAL_SEARCH_KEY, sent);
            MAPIFreeBuffer(props);
        }
        if (found && print) report_print(report);
        IMessage_Release(report);
    }
    free_rows(rows);
    return found;
}

static int wait_outcome(IMsgStore *store, IMAPIFolder *outbox, IMAPIFolder *inbox,
        struct status_watch *watch, const struct sent_message *sent, struct seen_reports *seen, ULONG timeout)
{
    ULONGLONG start = GetTickCount64();
    BOOL holds = TRUE, reported = FALSE;
    HRESULT hr;

    for (;;)
    {
        status_watch_print(watch);
        if (inbox && !reported && report_arrived(store, inbox, sent, seen, TRUE)) reported = TRUE;
        if (FAILED(hr = outbox_holds(outbox, sent, &holds))) return fail(hr, "reading the Outbox");
        if (!holds)
        {
            status_watch_print(watch);
            /* The report comes before the message leaves the queue. */
            if (inbox && !reported && report_arrived(store, inbox, sent, seen, TRUE)) reported = TRUE;
            if (reported)
            {
                print(stderr, "mapisend: \"%s\" was not delivered to every recipient\n", sent->subject);
                return EXIT_NOT_DELIVERED;
            }
            progress("Sent \"%s\".\n", sent->subject);
            return EXIT_SENT;
        }
        if (timeout && GetTickCount64() - start >= (ULONGLONG)timeout * 1000)
        {
            if (reported)
            {
                print(stderr, "mapisend: \"%s\" was not delivered to every recipient\n", sent->subject);
                return EXIT_NOT_DELIVERED;
            }
            fail(MAPI_E_TIMEOUT, "waiting %lu seconds for \"%s\" to be sent (it stays in the Outbox)", timeout,
                    sent->subject);
            return EXIT_TIMEOUT;
        }
        Sleep(POLL_MS);
    }
}

/* ------------------------------------------------------------------------
 * The whole run
 */

struct run
{
    IMAPISession *session;
    IMsgStore *store;
    IAddrBook *ab;
    IMAPIFolder *outbox, *inbox;
    ADRLIST *recips;
    SPropValue sender[SENDER_COUNT];
    void *sender_block;             /* the sender's values; NULL: no sender */
    SBinary sent_items;
    struct sent_message sent;
    struct seen_reports seen;
    struct status_watch watch;
    WCHAR *body;
};

static void run_free(struct run *run)
{
    status_watch_stop(&run->watch);
    free_adrlist(run->recips);
    MAPIFreeBuffer(run->sender_block);
    if (run->inbox) IMAPIFolder_Release(run->inbox);
    if (run->outbox) IMAPIFolder_Release(run->outbox);
    if (run->ab) IAddrBook_Release(run->ab);
    if (run->store) IMsgStore_Release(run->store);
    if (run->session)
    {
        IMAPISession_Logoff(run->session, 0, 0, 0);
        IMAPISession_Release(run->session);
    }
    free(run->sent_items.lpb);
    free(run->sent.eid.lpb);
    free(run->sent.key.lpb);
    seen_free(&run->seen);
    free(run->body);
}

static char *ansi_dup(const WCHAR *str)
{
    int len;
    char *ret;

    if (!str) return NULL;
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if ((ret = malloc(len ? len : 1))) WideCharToMultiByte(CP_ACP, 0, str, -1, ret, len, NULL, NULL);
    return ret;
}

static int logon(const struct options *options, struct run *run)
{
    char *profile = ansi_dup(options->profile), *password = ansi_dup(options->password);
    ULONG flags = MAPI_EXTENDED | MAPI_NEW_SESSION;
    HRESULT hr;
    int ret = EXIT_SENT;

    flags |= profile ? MAPI_EXPLICIT_PROFILE : MAPI_USE_DEFAULT;
    if (FAILED(hr = profile_check(profile)))
    {
        if (profile) ret = fail(hr, "profile \"%s\"", profile);
        else ret = fail(hr, "no default profile; give --profile");
    }
    else if (FAILED(hr = MAPILogonEx(0, profile, password, flags, &run->session)))
        ret = fail(hr, "logging on to %s%s%s", profile ? "\"" : "the default profile", profile ? profile : "",
                profile ? "\"" : "");
    free(profile);
    free(password);
    return ret;
}

/* PR_IPM_SENTMAIL_ENTRYID of the store; none when it has no Sent Items. */
static void sent_items_read(IMsgStore *store, SBinary *eid)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_IPM_SENTMAIL_ENTRYID}};
    SPropValue *props = NULL;
    ULONG count;

    if (SUCCEEDED(IMsgStore_GetProps(store, (SPropTagArray *)&tags, 0, &count, &props))
            && props[0].ulPropTag == PR_IPM_SENTMAIL_ENTRYID && (eid->lpb = binary_dup(&props[0].Value.bin)))
        eid->cb = props[0].Value.bin.cb;
    MAPIFreeBuffer(props);
}

static int prepare(const struct options *options, struct run *run)
{
    HRESULT hr;
    int ret;

    if ((ret = logon(options, run))) return ret;
    if (FAILED(hr = open_default_store(run->session, &run->store))) return fail(hr, "opening the default store");
    if (FAILED(hr = open_store_folder(run->store, PR_IPM_OUTBOX_ENTRYID, &run->outbox)))
        return fail(hr, "opening the Outbox");
    sent_items_read(run->store, &run->sent_items);
    /* Without a folder for reports no report can come: the outcome is the Outbox alone. */
    if (FAILED(open_receive_folder(run->store, "REPORT.IPM.Note.NDR", &run->inbox))) run->inbox = NULL;
    if (FAILED(hr = IMAPISession_OpenAddressBook(run->session, 0, NULL, 0, &run->ab)))
        return fail(hr, "opening the address book");
    if ((ret = resolve_recipients(run->ab, options, &run->recips))) return ret;
    hr = sender_get(run->session, run->ab, options, run->sender, &run->sender_block);
    if (FAILED(hr))
    {
        char *text = output_text(options->from);

        ret = fail(hr, "resolving the sender \"%s\"", text ? text : "?");
        free(text);
        return hr == MAPI_E_AMBIGUOUS_RECIP ? EXIT_NOT_FOUND : ret;
    }
    return EXIT_SENT;
}

static int send_message(const struct options *options, struct run *run)
{
    IMessage *message;
    HRESULT hr;
    int ret;

    if (FAILED(hr = IMAPIFolder_CreateMessage(run->outbox, NULL, 0, &message)))
        return fail(hr, "creating the message in the Outbox");
    ret = build_message(message, options, run->body, run->recips, run->sender_block ? run->sender : NULL,
            &run->sent_items);
    if (!ret && FAILED(hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE))) ret = fail(hr, "saving the message");
    if (!ret && FAILED(hr = sent_message_read(message, options->subject, &run->sent)))
        ret = fail(hr, "reading the message's entry ID");
    /* Reports already in the Inbox are not about this message. */
    if (!ret && run->inbox) report_arrived(run->store, run->inbox, &run->sent, &run->seen, FALSE);
    if (!ret)
    {
        status_watch_start(run->session, &run->watch);
        if (FAILED(hr = IMessage_SubmitMessage(message, 0))) ret = fail(hr, "submitting the message");
    }
    IMessage_Release(message);
    if (!ret)
        progress("Submitted \"%s\" to %lu recipient%s.\n", run->sent.subject, run->recips->cEntries,
                run->recips->cEntries == 1 ? "" : "s");
    return ret;
}

static int run_options(const struct options *options)
{
    struct run run;
    char *data, *text;
    DWORD size;
    HRESULT hr;
    ULONG i;
    int ret;

    memset(&run, 0, sizeof(run));
    /* Files first: nothing is sent when one is missing. */
    if (options->body_file)
    {
        if (FAILED(hr = file_read(options->body_file, &data, &size)))
        {
            text = output_text(options->body_file);
            ret = fail(hr, "reading \"%s\"", text ? text : "?");
            free(text);
            return ret;
        }
        run.body = text_from_bytes(data, size);
        free(data);
    }
    else run.body = _wcsdup(options->body);
    if (!run.body) return fail(MAPI_E_NOT_ENOUGH_MEMORY, "reading the body");
    for (i = 0; i < options->attach_count; i++)
    {
        HANDLE file = CreateFileW(options->attach[i], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                FILE_ATTRIBUTE_NORMAL, NULL);

        if (file != INVALID_HANDLE_VALUE)
        {
            CloseHandle(file);
            continue;
        }
        hr = GetLastError() == ERROR_ACCESS_DENIED ? MAPI_E_NO_ACCESS : MAPI_E_NOT_FOUND;
        text = output_text(options->attach[i]);
        ret = fail(hr, "attachment \"%s\"", text ? text : "?");
        free(text);
        free(run.body);
        return ret;
    }

    if (FAILED(hr = MAPIInitialize(NULL)))
    {
        free(run.body);
        return fail(hr, "MAPIInitialize");
    }
    if (!(ret = prepare(options, &run)) && !(ret = send_message(options, &run)))
        ret = wait_outcome(run.store, run.outbox, run.inbox, &run.watch, &run.sent, &run.seen,
                options->timeout);
    run_free(&run);
    MAPIUninitialize();
    return ret;
}

int __cdecl wmain(int argc, WCHAR **argv)
{
    struct options options;
    BOOL help;
    int ret;

    if ((ret = parse_options(argc, argv, &options, &help))) return ret;
    if (help)
    {
        write_text(stdout, usage_text);
        return EXIT_SENT;
    }
    quiet = options.quiet;
    return run_options(&options);
}
