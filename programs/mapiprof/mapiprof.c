/*
 * mapiprof: MAPI profiles and message services from the command line
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: mapiprof COMMAND [ARGUMENT...] [OPTION...]
 *
 *   list                          the profiles, one per line; "* " marks the
 *                                 default one, "  " the others
 *   create NAME [--default] [--password PASSWORD]
 *   delete NAME
 *   default NAME                  makes NAME the default profile
 *   show NAME                     the profile's services with their UIDs and
 *                                 display names, their providers, and every
 *                                 property of each section as "PR_NAME = value"
 *   services                      the services MAPISVC.INF offers ("*": one
 *                                 of its default services)
 *   add-service PROFILE SERVICE [--display NAME] [--set TAG=VALUE]...
 *                                 adds the MAPISVC.INF service SERVICE, then
 *                                 configures it with the properties given;
 *                                 --display names it when MAPISVC.INF gives
 *                                 it no PR_DISPLAY_NAME
 *   remove-service PROFILE SERVICE|UID
 *   configure PROFILE SERVICE|UID --set TAG=VALUE...
 *   install-inf FILE              merges the sections of FILE (a provider's
 *                                 MAPISVC.INF fragment) into the system's
 *                                 MAPISVC.INF
 *
 * Options may also be written --option=VALUE; --password PASSWORD opens a
 * profile that has one.  SERVICE names a service of a profile by its
 * MAPISVC.INF name (PR_SERVICE_NAME) or its display name, UID by the 32
 * hex digits "show" prints.  TAG is a property name (PR_DISPLAY_NAME,
 * PR_DISPLAY_NAME_W, ...) or a tag in eight hex digits (6600001E); VALUE is
 * read by the tag's type as MAPISVC.INF values are: strings as written,
 * PT_LONG as a decimal number, 0x and hex digits, exactly eight hex digits
 * holding the long's bytes in memory order as Windows' MAPISVC.INF files
 * write them (06000000 is 6), or constant names joined with '|'
 * (STATUS_DEFAULT_STORE|STATUS_PRIMARY_IDENTITY), PT_BOOLEAN as 0,
 * 1, TRUE or FALSE, PT_BINARY as hex digits, PT_MV_STRING8 as a comma list.
 * A service with a configuration entry point (PR_SERVICE_ENTRY_NAME) gets
 * the properties through IMsgServiceAdmin::ConfigureMsgService; one without
 * gets them written into its profile section.
 *
 * Exit codes: 0 success, 1 usage error (bad command, arguments, property
 * name or value), 2 something named was not found (profile, service,
 * file), 3 any other MAPI error.  Errors go to stderr as
 * "mapiprof: <what>: <MAPI error name> (0x...)".
 *
 * The tool uses mapi32 only through its exports and interfaces, plus the
 * MAPISVC.INF reader and the property-name table, which it is built with.
 * (Wine's import library has FreeProws only under its decorated name, so
 * rows are freed here, as FreeProws does.)
 */

#include <stdio.h>
#include <stdlib.h>

#include "private.h"

enum exit_code
{
    EXIT_OK = 0,
    EXIT_USAGE = 1,
    EXIT_NOT_FOUND = 2,
    EXIT_MAPI = 3,
};

#define MAX_SETS 64

/* The parsed command line of one command. */
struct options
{
    const char *args[3];
    int count;
    BOOL set_default;
    const char *password;
    const char *display;
    const char *sets[MAX_SETS];
    int set_count;
};

static const char usage_text[] =
    "Usage: mapiprof COMMAND [ARGUMENT...] [OPTION...]\n"
    "\n"
    "Profiles:\n"
    "  list                          list the profiles; '*' marks the default one\n"
    "  create NAME [--default] [--password PASSWORD]\n"
    "                                create a profile\n"
    "  delete NAME                   delete a profile\n"
    "  default NAME                  make NAME the default profile\n"
    "  show NAME                     show the services, providers and properties of a profile\n"
    "\n"
    "Message services:\n"
    "  services                      list the services MAPISVC.INF offers ('*': a default service)\n"
    "  add-service PROFILE SERVICE [--display NAME] [--set TAG=VALUE]...\n"
    "                                add a MAPISVC.INF service to a profile and configure it;\n"
    "                                --display names it when MAPISVC.INF gives no PR_DISPLAY_NAME\n"
    "  remove-service PROFILE SERVICE|UID\n"
    "                                remove a service from a profile\n"
    "  configure PROFILE SERVICE|UID --set TAG=VALUE...\n"
    "                                configure a service of a profile\n"
    "  install-inf FILE              merge a provider's MAPISVC.INF fragment into the system's file\n"
    "\n"
    "Options: --option VALUE or --option=VALUE; --password PASSWORD opens a profile that has one.\n"
    "SERVICE is a service's MAPISVC.INF name or display name, UID the 32 hex digits 'show' prints.\n"
    "TAG is a property name (PR_DISPLAY_NAME, PR_DISPLAY_NAME_W) or eight hex digits (6600001E).\n"
    "VALUE is read by the tag's type: strings as written; PT_LONG decimal, 0x hex, eight hex\n"
    "digits as MAPISVC.INF writes a long's bytes (06000000 is 6) or constant names joined with\n"
    "'|'; PT_BOOLEAN 0, 1, TRUE or FALSE; PT_BINARY hex digits; PT_MV_STRING8 a comma-separated\n"
    "list.  A service without a configuration entry point gets the properties written into its\n"
    "profile section.\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 not found, 3 other MAPI error.\n";

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
    E(MAPI_E_INVALID_WORKSTATION_ACCOUNT), E(MAPI_E_INVALID_ACCESS_TIME), E(MAPI_E_ACCOUNT_DISABLED),
    E(MAPI_E_END_OF_SESSION), E(MAPI_E_UNKNOWN_ENTRYID), E(MAPI_E_MISSING_REQUIRED_COLUMN),
    E(MAPI_E_BAD_VALUE), E(MAPI_E_INVALID_TYPE), E(MAPI_E_TYPE_NO_SUPPORT), E(MAPI_E_UNEXPECTED_TYPE),
    E(MAPI_E_TOO_BIG), E(MAPI_E_DECLINE_COPY), E(MAPI_E_UNEXPECTED_ID), E(MAPI_E_UNABLE_TO_COMPLETE),
    E(MAPI_E_TIMEOUT), E(MAPI_E_TABLE_EMPTY), E(MAPI_E_TABLE_TOO_BIG), E(MAPI_E_INVALID_BOOKMARK),
    E(MAPI_E_WAIT), E(MAPI_E_CANCEL), E(MAPI_E_NOT_ME), E(MAPI_E_CORRUPT_STORE), E(MAPI_E_NOT_IN_QUEUE),
    E(MAPI_E_NO_SUPPRESS), E(MAPI_E_COLLISION), E(MAPI_E_NOT_INITIALIZED), E(MAPI_E_NON_STANDARD),
    E(MAPI_E_NO_RECIPIENTS), E(MAPI_E_SUBMITTED), E(MAPI_E_HAS_FOLDERS), E(MAPI_E_HAS_MESSAGES),
    E(MAPI_E_FOLDER_CYCLE), E(MAPI_E_AMBIGUOUS_RECIP), E(E_FAIL), E(E_NOTIMPL), E(E_UNEXPECTED),
    E(E_POINTER),
#undef E
};

static const char *error_name(HRESULT hr)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(error_names); i++) if (error_names[i].hr == hr) return error_names[i].name;
    return "error";
}

/* Prints "mapiprof: <what>: <error name> (0x...)" and gives the exit code. */
static int __attribute__((format(printf, 2, 3))) fail(HRESULT hr, const char *format, ...)
{
    va_list args;

    fputs("mapiprof: ", stderr);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, ": %s (0x%08lX)\n", error_name(hr), (ULONG)hr);
    return hr == MAPI_E_NOT_FOUND ? EXIT_NOT_FOUND : EXIT_MAPI;
}

static int __attribute__((format(printf, 1, 2))) usage_error(const char *format, ...)
{
    va_list args;

    fputs("mapiprof: ", stderr);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputs("\nTry 'mapiprof --help'.\n", stderr);
    return EXIT_USAGE;
}

/* ------------------------------------------------------------------------
 * Small helpers
 */

static void print_uid(const MAPIUID *uid)
{
    unsigned int i;

    for (i = 0; i < sizeof(uid->ab); i++) printf("%02X", uid->ab[i]);
}

static BOOL parse_uid(const char *str, MAPIUID *uid)
{
    unsigned int i, hi, lo;

    if (strlen(str) != 2 * sizeof(uid->ab)) return FALSE;
    for (i = 0; i < sizeof(uid->ab); i++)
    {
        if (sscanf(str + 2 * i, "%1x%1x", &hi, &lo) != 2) return FALSE;
        uid->ab[i] = hi << 4 | lo;
    }
    return TRUE;
}

static void free_rows(SRowSet *rows)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++) MAPIFreeBuffer(rows->aRow[i].lpProps);
    MAPIFreeBuffer(rows);
}

static const SPropValue *row_value(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++) if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

static const char *row_string(const SRow *row, ULONG tag)
{
    const SPropValue *value = row_value(row, tag);

    return value ? value->Value.lpszA : NULL;
}

static const MAPIUID *row_uid(const SRow *row, ULONG tag)
{
    const SPropValue *value = row_value(row, tag);

    if (!value || value->Value.bin.cb != sizeof(MAPIUID)) return NULL;
    return (const MAPIUID *)value->Value.bin.lpb;
}

/* Every row of table, with columns, in one set (FreeProws it). */
static HRESULT query_all_rows(IMAPITable *table, const SPropTagArray *columns, SRowSet **out)
{
    SRowSet *all = NULL, *rows, *grown;
    ULONG count = 0, i;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = IMAPITable_SetColumns(table, (SPropTagArray *)columns, 0))) return hr;
    if (FAILED(hr = IMAPITable_SeekRow(table, BOOKMARK_BEGINNING, 0, NULL))) return hr;
    for (;;)
    {
        if (FAILED(hr = IMAPITable_QueryRows(table, 64, 0, &rows)))
        {
            if (all) free_rows(all);
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
            if (all) free_rows(all);
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

/* ------------------------------------------------------------------------
 * Profiles
 */

static HRESULT open_prof_admin(IProfAdmin **admin)
{
    return MAPIAdminProfiles(0, admin);
}

static HRESULT profile_rows(IProfAdmin *admin, SRowSet **rows)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE}};
    IMAPITable *table;
    HRESULT hr;

    if (FAILED(hr = IProfAdmin_GetProfileTable(admin, 0, &table))) return hr;
    hr = query_all_rows(table, (const SPropTagArray *)&columns, rows);
    IMAPITable_Release(table);
    return hr;
}

/* S_OK when the profile exists, MAPI_E_NOT_FOUND when not; is_default may be NULL. */
static HRESULT find_profile(IProfAdmin *admin, const char *name, BOOL *is_default)
{
    const SPropValue *value;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = profile_rows(admin, &rows))) return hr;
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < rows->cRows; i++)
    {
        const char *row_name = row_string(&rows->aRow[i], PR_DISPLAY_NAME_A);

        if (!row_name || lstrcmpiA(row_name, name)) continue;
        value = row_value(&rows->aRow[i], PR_DEFAULT_PROFILE);
        if (is_default) *is_default = value && value->Value.b;
        hr = S_OK;
        break;
    }
    free_rows(rows);
    return hr;
}

static int cmd_list(IProfAdmin *admin, const struct options *options)
{
    const SPropValue *value;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = profile_rows(admin, &rows))) return fail(hr, "reading the profile table");
    for (i = 0; i < rows->cRows; i++)
    {
        const char *name = row_string(&rows->aRow[i], PR_DISPLAY_NAME_A);

        if (!name) continue;
        value = row_value(&rows->aRow[i], PR_DEFAULT_PROFILE);
        printf("%s%s\n", value && value->Value.b ? "* " : "  ", name);
    }
    free_rows(rows);
    return EXIT_OK;
}

static int cmd_create(IProfAdmin *admin, const struct options *options)
{
    const char *name = options->args[0];
    HRESULT hr;

    if (!*name) return usage_error("a profile name cannot be empty");
    if (SUCCEEDED(find_profile(admin, name, NULL))) return fail(MAPI_E_NO_ACCESS, "profile \"%s\" exists already", name);
    if (FAILED(hr = IProfAdmin_CreateProfile(admin, (char *)name, (char *)options->password, 0, 0)))
        return fail(hr, "creating profile \"%s\"", name);
    if (options->set_default && FAILED(hr = IProfAdmin_SetDefaultProfile(admin, (char *)name, 0)))
        return fail(hr, "making profile \"%s\" the default", name);
    return EXIT_OK;
}

static int cmd_delete(IProfAdmin *admin, const struct options *options)
{
    const char *name = options->args[0];
    HRESULT hr;

    if (FAILED(hr = find_profile(admin, name, NULL))) return fail(hr, "profile \"%s\"", name);
    if (FAILED(hr = IProfAdmin_DeleteProfile(admin, (char *)name, 0))) return fail(hr, "deleting profile \"%s\"", name);
    return EXIT_OK;
}

static int cmd_default(IProfAdmin *admin, const struct options *options)
{
    const char *name = options->args[0];
    HRESULT hr;

    if (FAILED(hr = find_profile(admin, name, NULL))) return fail(hr, "profile \"%s\"", name);
    if (FAILED(hr = IProfAdmin_SetDefaultProfile(admin, (char *)name, 0)))
        return fail(hr, "making profile \"%s\" the default", name);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * Services of a profile
 */

static int open_services(IProfAdmin *admin, const struct options *options, IMsgServiceAdmin **services)
{
    const char *name = options->args[0];
    HRESULT hr;

    if (FAILED(hr = find_profile(admin, name, NULL))) return fail(hr, "profile \"%s\"", name);
    if (FAILED(hr = IProfAdmin_AdminServices(admin, (char *)name, (char *)options->password, 0, 0, services)))
        return fail(hr, "opening profile \"%s\"", name);
    return EXIT_OK;
}

static HRESULT service_rows(IMsgServiceAdmin *services, SRowSet **rows)
{
    static const SizedSPropTagArray(3, columns) = {3, {PR_SERVICE_UID, PR_SERVICE_NAME_A, PR_DISPLAY_NAME_A}};
    IMAPITable *table;
    HRESULT hr;

    if (FAILED(hr = IMsgServiceAdmin_GetMsgServiceTable(services, 0, &table))) return hr;
    hr = query_all_rows(table, (const SPropTagArray *)&columns, rows);
    IMAPITable_Release(table);
    return hr;
}

/* The service named by a UID, its MAPISVC.INF name or its display name. */
static int find_service(IMsgServiceAdmin *services, const char *profile, const char *name, MAPIUID *uid)
{
    MAPIUID wanted;
    BOOL by_uid = parse_uid(name, &wanted);
    ULONG i, found = 0;
    SRowSet *rows;
    HRESULT hr;

    if (FAILED(hr = service_rows(services, &rows))) return fail(hr, "reading the services of profile \"%s\"", profile);
    for (i = 0; i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];
        const MAPIUID *row_id = row_uid(row, PR_SERVICE_UID);
        const char *service_name = row_string(row, PR_SERVICE_NAME_A), *display = row_string(row, PR_DISPLAY_NAME_A);

        if (!row_id) continue;
        if (by_uid ? !memcmp(row_id, &wanted, sizeof(wanted))
                : (service_name && !lstrcmpiA(service_name, name)) || (display && !lstrcmpiA(display, name)))
        {
            if (!found++) *uid = *row_id;
        }
    }
    free_rows(rows);
    if (!found) return fail(MAPI_E_NOT_FOUND, "service \"%s\" in profile \"%s\"", name, profile);
    if (found > 1)
        return usage_error("profile \"%s\" has %lu services named \"%s\"; name one by the UID 'mapiprof show %s' prints",
                profile, found, name, profile);
    return EXIT_OK;
}

static void print_string_list(ULONG count, char **strings)
{
    ULONG i;

    for (i = 0; i < count; i++) printf("%s%s", i ? ", " : "", strings[i]);
}

static void print_wide(const WCHAR *str)
{
    char buffer[1024];

    if (!WideCharToMultiByte(CP_ACP, 0, str, -1, buffer, sizeof(buffer), NULL, NULL))
        lstrcpynA(buffer, "(not convertible)", sizeof(buffer));
    fputs(buffer, stdout);
}

static void print_binary(const SBinary *bin)
{
    ULONG i;

    for (i = 0; i < bin->cb; i++) printf("%02X", bin->lpb[i]);
}

static void print_value(const SPropValue *prop)
{
    SYSTEMTIME time;
    ULONG i;

    switch (PROP_TYPE(prop->ulPropTag))
    {
    case PT_STRING8: fputs(prop->Value.lpszA, stdout); break;
    case PT_UNICODE: print_wide(prop->Value.lpszW); break;
    case PT_LONG: printf("%ld", prop->Value.l); break;
    case PT_I2: printf("%d", prop->Value.i); break;
    case PT_BOOLEAN: fputs(prop->Value.b ? "TRUE" : "FALSE", stdout); break;
    case PT_I8: printf("%I64d", prop->Value.li.QuadPart); break;
    case PT_BINARY: print_binary(&prop->Value.bin); break;
    case PT_CLSID: print_binary(&(SBinary){sizeof(GUID), (BYTE *)prop->Value.lpguid}); break;
    case PT_ERROR: printf("(%s, 0x%08lX)", error_name(prop->Value.err), (ULONG)prop->Value.err); break;
    case PT_MV_STRING8: print_string_list(prop->Value.MVszA.cValues, prop->Value.MVszA.lppszA); break;
    case PT_SYSTIME:
        if (FileTimeToSystemTime(&prop->Value.ft, &time))
            printf("%04u-%02u-%02u %02u:%02u:%02u UTC", time.wYear, time.wMonth, time.wDay,
                    time.wHour, time.wMinute, time.wSecond);
        break;
    case PT_MV_UNICODE:
        for (i = 0; i < prop->Value.MVszW.cValues; i++)
        {
            if (i) fputs(", ", stdout);
            print_wide(prop->Value.MVszW.lppszW[i]);
        }
        break;
    case PT_MV_LONG:
        for (i = 0; i < prop->Value.MVl.cValues; i++) printf("%s%ld", i ? ", " : "", prop->Value.MVl.lpl[i]);
        break;
    case PT_MV_BINARY:
        for (i = 0; i < prop->Value.MVbin.cValues; i++)
        {
            if (i) fputs(", ", stdout);
            print_binary(&prop->Value.MVbin.lpbin[i]);
        }
        break;
    default:
        printf("(a value of type 0x%04lX)", PROP_TYPE(prop->ulPropTag));
        break;
    }
}

static void print_section(IMsgServiceAdmin *services, const MAPIUID *uid, const char *indent)
{
    IProfSect *section;
    SPropValue *props;
    ULONG count, i;
    HRESULT hr;

    if (FAILED(hr = IMsgServiceAdmin_OpenProfileSection(services, (MAPIUID *)uid, NULL, 0, &section)))
    {
        printf("%s(section not readable: %s, 0x%08lX)\n", indent, error_name(hr), (ULONG)hr);
        return;
    }
    hr = IProfSect_GetProps(section, NULL, 0, &count, &props);
    IProfSect_Release(section);
    if (FAILED(hr))
    {
        printf("%s(properties not readable: %s, 0x%08lX)\n", indent, error_name(hr), (ULONG)hr);
        return;
    }
    for (i = 0; i < count; i++)
    {
        const char *name = prop_name_from_tag(props[i].ulPropTag);

        if (name) printf("%s%s = ", indent, name);
        else printf("%s%08lX = ", indent, props[i].ulPropTag);
        print_value(&props[i]);
        putchar('\n');
    }
    MAPIFreeBuffer(props);
}

static void print_providers(IMsgServiceAdmin *services, const MAPIUID *service_uid)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_PROVIDER_UID, PR_DISPLAY_NAME_A}};
    IProviderAdmin *providers;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = IMsgServiceAdmin_AdminProviders(services, (MAPIUID *)service_uid, 0, &providers)))
    {
        printf("    (providers not readable: %s, 0x%08lX)\n", error_name(hr), (ULONG)hr);
        return;
    }
    if (SUCCEEDED(hr = IProviderAdmin_GetProviderTable(providers, 0, &table)))
    {
        hr = query_all_rows(table, (const SPropTagArray *)&columns, &rows);
        IMAPITable_Release(table);
    }
    IProviderAdmin_Release(providers);
    if (FAILED(hr))
    {
        printf("    (providers not readable: %s, 0x%08lX)\n", error_name(hr), (ULONG)hr);
        return;
    }
    for (i = 0; i < rows->cRows; i++)
    {
        const MAPIUID *uid = row_uid(&rows->aRow[i], PR_PROVIDER_UID);
        const char *display = row_string(&rows->aRow[i], PR_DISPLAY_NAME_A);

        if (!uid) continue;
        printf("    Provider \"%s\" ", display ? display : "");
        print_uid(uid);
        putchar('\n');
        print_section(services, uid, "      ");
    }
    free_rows(rows);
}

static int cmd_show(IProfAdmin *admin, const struct options *options)
{
    const char *name = options->args[0];
    IMsgServiceAdmin *services;
    BOOL is_default = FALSE;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;
    int ret;

    if (FAILED(hr = find_profile(admin, name, &is_default))) return fail(hr, "profile \"%s\"", name);
    if ((ret = open_services(admin, options, &services))) return ret;
    if (FAILED(hr = service_rows(services, &rows)))
    {
        IMsgServiceAdmin_Release(services);
        return fail(hr, "reading the services of profile \"%s\"", name);
    }
    printf("Profile \"%s\"%s\n", name, is_default ? " (default)" : "");
    for (i = 0; i < rows->cRows; i++)
    {
        const MAPIUID *uid = row_uid(&rows->aRow[i], PR_SERVICE_UID);
        const char *display = row_string(&rows->aRow[i], PR_DISPLAY_NAME_A);

        if (!uid) continue;
        printf("  Service \"%s\" ", display ? display : "");
        print_uid(uid);
        putchar('\n');
        print_section(services, uid, "    ");
        print_providers(services, uid);
    }
    free_rows(rows);
    IMsgServiceAdmin_Release(services);
    return EXIT_OK;
}

static const char *type_name(ULONG tag)
{
    static char buffer[16];

    switch (PROP_TYPE(tag))
    {
    case PT_STRING8: return "PT_STRING8";
    case PT_UNICODE: return "PT_UNICODE";
    case PT_LONG: return "PT_LONG";
    case PT_I2: return "PT_I2";
    case PT_I8: return "PT_I8";
    case PT_BOOLEAN: return "PT_BOOLEAN";
    case PT_BINARY: return "PT_BINARY";
    case PT_CLSID: return "PT_CLSID";
    case PT_MV_STRING8: return "PT_MV_STRING8";
    case PT_MV_UNICODE: return "PT_MV_UNICODE";
    }
    sprintf(buffer, "type 0x%04lX", PROP_TYPE(tag));
    return buffer;
}

/* The --set options as property values (MAPIFreeBuffer them), checked
 * before anything is changed. */
static int parse_sets(const struct options *options, ULONG *count, SPropValue **props)
{
    struct inf_entry entries[MAX_SETS];
    struct inf_section section = { (char *)"--set", 0, 0, entries };
    char keys[MAX_SETS][64];
    SPropValue *one;
    ULONG tags[MAX_SETS], n;
    HRESULT hr;
    int i, j;

    *count = 0;
    *props = NULL;
    for (i = 0; i < options->set_count; i++)
    {
        const char *set = options->sets[i], *equal = strchr(set, '=');

        if (!equal || equal == set) return usage_error("--set %s: expected TAG=VALUE", set);
        if (equal - set >= sizeof(keys[i])) return usage_error("--set %s: unknown property name", set);
        memcpy(keys[i], set, equal - set);
        keys[i][equal - set] = 0;
        if (!prop_tag_from_name(keys[i], &tags[i]) || !PROP_ID(tags[i]))
            return usage_error("--set %s: unknown property name %s", set, keys[i]);
        for (j = 0; j < i; j++)
            if (PROP_ID(tags[j]) == PROP_ID(tags[i])) return usage_error("--set %s: property given twice", set);
        entries[i].key = keys[i];
        entries[i].value = (char *)equal + 1;
        entries[i].line = i + 1;

        /* Each value alone first, to name the one that is wrong. */
        section.count = 1;
        section.entries = &entries[i];
        if (FAILED(hr = mapisvc_section_props(&section, &n, &one))) return fail(hr, "--set %s", set);
        MAPIFreeBuffer(one);
        if (!n) return usage_error("--set %s: \"%s\" is not a valid %s value", set, equal + 1, type_name(tags[i]));
    }
    section.count = options->set_count;
    section.entries = entries;
    if (FAILED(hr = mapisvc_section_props(&section, count, props))) return fail(hr, "converting the --set values");
    return EXIT_OK;
}

static BOOL service_has_entry_point(IMsgServiceAdmin *services, const MAPIUID *uid)
{
    static const SizedSPropTagArray(1, tags) = {1, {PROP_TAG(PT_STRING8, 0x3D0B)}};
    IProfSect *section;
    SPropValue *props;
    ULONG count;
    BOOL ret = FALSE;

    if (FAILED(IMsgServiceAdmin_OpenProfileSection(services, (MAPIUID *)uid, NULL, 0, &section))) return FALSE;
    if (SUCCEEDED(IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props)))
    {
        ret = count == 1 && PROP_TYPE(props[0].ulPropTag) == PT_STRING8 && props[0].Value.lpszA[0];
        MAPIFreeBuffer(props);
    }
    IProfSect_Release(section);
    return ret;
}

/* Through the service's entry point if it has one, else into its section. */
static HRESULT configure_service(IMsgServiceAdmin *services, const MAPIUID *uid, ULONG count, SPropValue *props)
{
    SPropProblemArray *problems = NULL;
    IProfSect *section;
    HRESULT hr;

    if (service_has_entry_point(services, uid))
        return IMsgServiceAdmin_ConfigureMsgService(services, (MAPIUID *)uid, 0, 0, count, props);

    if (FAILED(hr = IMsgServiceAdmin_OpenProfileSection(services, (MAPIUID *)uid, NULL, MAPI_MODIFY, &section)))
        return hr;
    hr = IProfSect_SetProps(section, count, props, &problems);
    if (SUCCEEDED(hr) && problems && problems->cProblem) hr = problems->aProblem[0].scode;
    MAPIFreeBuffer(problems);
    if (SUCCEEDED(hr)) hr = IProfSect_SaveChanges(section, 0);
    IProfSect_Release(section);
    return hr;
}

static BOOL uid_in_rows(const SRowSet *rows, const MAPIUID *uid)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++)
    {
        const MAPIUID *row_id = row_uid(&rows->aRow[i], PR_SERVICE_UID);
        if (row_id && !memcmp(row_id, uid, sizeof(*uid))) return TRUE;
    }
    return FALSE;
}

static int cmd_add_service(IProfAdmin *admin, const struct options *options)
{
    const char *profile = options->args[0], *service = options->args[1];
    SRowSet *before = NULL, *after = NULL;
    IMsgServiceAdmin *services;
    const MAPIUID *uid = NULL;
    SPropValue *props;
    ULONG count, i;
    HRESULT hr;
    int ret;

    if ((ret = parse_sets(options, &count, &props))) return ret;
    if ((ret = open_services(admin, options, &services)))
    {
        MAPIFreeBuffer(props);
        return ret;
    }
    if (FAILED(hr = service_rows(services, &before))) ret = fail(hr, "reading the services of profile \"%s\"", profile);
    else if (FAILED(hr = IMsgServiceAdmin_CreateMsgService(services, (char *)service, (char *)options->display, 0, 0)))
        ret = fail(hr, "adding service \"%s\" to profile \"%s\"", service, profile);
    else if (FAILED(hr = service_rows(services, &after)))
        ret = fail(hr, "reading the services of profile \"%s\"", profile);
    if (!ret)
    {
        for (i = 0; i < after->cRows && !uid; i++)
        {
            const MAPIUID *row_id = row_uid(&after->aRow[i], PR_SERVICE_UID);
            if (row_id && !uid_in_rows(before, row_id)) uid = row_id;
        }
        if (!uid) ret = fail(MAPI_E_NOT_FOUND, "the new service \"%s\" in profile \"%s\"", service, profile);
    }
    if (!ret && count && FAILED(hr = configure_service(services, uid, count, props)))
        ret = fail(hr, "configuring service \"%s\" in profile \"%s\"", service, profile);
    if (!ret)
    {
        printf("Added service \"%s\" to profile \"%s\": ", service, profile);
        print_uid(uid);
        putchar('\n');
    }
    if (before) free_rows(before);
    if (after) free_rows(after);
    MAPIFreeBuffer(props);
    IMsgServiceAdmin_Release(services);
    return ret;
}

static int cmd_remove_service(IProfAdmin *admin, const struct options *options)
{
    const char *profile = options->args[0], *service = options->args[1];
    IMsgServiceAdmin *services;
    MAPIUID uid;
    HRESULT hr;
    int ret;

    if ((ret = open_services(admin, options, &services))) return ret;
    if (!(ret = find_service(services, profile, service, &uid))
            && FAILED(hr = IMsgServiceAdmin_DeleteMsgService(services, &uid)))
        ret = fail(hr, "removing service \"%s\" from profile \"%s\"", service, profile);
    IMsgServiceAdmin_Release(services);
    return ret;
}

static int cmd_configure(IProfAdmin *admin, const struct options *options)
{
    const char *profile = options->args[0], *service = options->args[1];
    IMsgServiceAdmin *services;
    SPropValue *props;
    ULONG count;
    MAPIUID uid;
    HRESULT hr;
    int ret;

    if (!options->set_count) return usage_error("configure: give at least one --set TAG=VALUE");
    if ((ret = parse_sets(options, &count, &props))) return ret;
    if ((ret = open_services(admin, options, &services)))
    {
        MAPIFreeBuffer(props);
        return ret;
    }
    if (!(ret = find_service(services, profile, service, &uid)) && FAILED(hr = configure_service(services, &uid, count, props)))
        ret = fail(hr, "configuring service \"%s\" in profile \"%s\"", service, profile);
    MAPIFreeBuffer(props);
    IMsgServiceAdmin_Release(services);
    return ret;
}

/* ------------------------------------------------------------------------
 * MAPISVC.INF
 */

static int cmd_services(IProfAdmin *admin, const struct options *options)
{
    const struct inf_section *services, *defaults;
    struct mapisvc_inf *inf;
    WCHAR path[MAX_PATH];
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = mapisvc_path(path, ARRAY_SIZE(path)))) return fail(hr, "finding MAPISVC.INF");
    if (FAILED(hr = mapisvc_load(path, &inf))) return fail(hr, "reading %ls", path);
    services = mapisvc_section(inf, "Services");
    defaults = mapisvc_section(inf, "Default Services");
    for (i = 0; services && i < services->count; i++)
    {
        const char *name = services->entries[i].key;

        printf("%s %-24s %s\n", mapisvc_value(defaults, name) ? "*" : " ", name, services->entries[i].value);
    }
    mapisvc_free(inf);
    return EXIT_OK;
}

static int cmd_install_inf(IProfAdmin *admin, const struct options *options)
{
    const char *file_name = options->args[0];
    LARGE_INTEGER size;
    WCHAR path[MAX_PATH];
    DWORD done;
    HANDLE file;
    char *data;
    HRESULT hr;

    file = CreateFileA(file_name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        DWORD error = GetLastError();

        hr = error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND ? MAPI_E_NOT_FOUND : HRESULT_FROM_WIN32(error);
        return fail(hr, "opening %s", file_name);
    }
    if (!GetFileSizeEx(file, &size) || size.QuadPart > 16 * 1024 * 1024)
    {
        CloseHandle(file);
        return fail(MAPI_E_TOO_BIG, "reading %s", file_name);
    }
    if (!(data = HeapAlloc(GetProcessHeap(), 0, size.QuadPart + 1)))
    {
        CloseHandle(file);
        return fail(MAPI_E_NOT_ENOUGH_MEMORY, "reading %s", file_name);
    }
    if (!ReadFile(file, data, size.QuadPart, &done, NULL))
    {
        hr = HRESULT_FROM_WIN32(GetLastError());
        CloseHandle(file);
        HeapFree(GetProcessHeap(), 0, data);
        return fail(hr, "reading %s", file_name);
    }
    CloseHandle(file);

    hr = mapisvc_path(path, ARRAY_SIZE(path));
    if (SUCCEEDED(hr)) hr = mapisvc_merge(path, data, done);
    HeapFree(GetProcessHeap(), 0, data);
    if (hr == MAPI_E_INVALID_PARAMETER) return usage_error("%s has no section to install", file_name);
    if (FAILED(hr)) return fail(hr, "installing %s into %ls", file_name, path);
    printf("Installed %s into %ls\n", file_name, path);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * The command line
 */

enum option_flags
{
    OPT_DEFAULT = 0x1,
    OPT_PASSWORD = 0x2,
    OPT_DISPLAY = 0x4,
    OPT_SET = 0x8,
};

static const struct command
{
    const char *name;
    int min_args, max_args;
    unsigned int options;
    BOOL needs_mapi;
    int (*run)(IProfAdmin *admin, const struct options *options);
}
commands[] =
{
    { "list", 0, 0, 0, TRUE, cmd_list },
    { "create", 1, 1, OPT_DEFAULT | OPT_PASSWORD, TRUE, cmd_create },
    { "delete", 1, 1, 0, TRUE, cmd_delete },
    { "default", 1, 1, 0, TRUE, cmd_default },
    { "show", 1, 1, OPT_PASSWORD, TRUE, cmd_show },
    { "services", 0, 0, 0, FALSE, cmd_services },
    { "add-service", 2, 2, OPT_PASSWORD | OPT_DISPLAY | OPT_SET, TRUE, cmd_add_service },
    { "remove-service", 2, 2, OPT_PASSWORD, TRUE, cmd_remove_service },
    { "configure", 2, 2, OPT_PASSWORD | OPT_SET, TRUE, cmd_configure },
    { "install-inf", 1, 1, 0, FALSE, cmd_install_inf },
};

/* An option's value: after '=' in the same argument, or the next argument. */
static const char *option_value(int argc, char **argv, int *i, const char *arg, size_t len)
{
    if (arg[len] == '=') return arg + len + 1;
    if (arg[len] || *i + 1 >= argc) return NULL;
    return argv[++*i];
}

static BOOL option_is(const char *arg, const char *name, size_t *len)
{
    *len = strlen(name);
    return !strncmp(arg, name, *len) && (!arg[*len] || arg[*len] == '=');
}

static int parse_options(const struct command *command, int argc, char **argv, struct options *options)
{
    size_t len;
    int i;

    memset(options, 0, sizeof(*options));
    for (i = 2; i < argc; i++)
    {
        const char *arg = argv[i], *value;

        if (arg[0] != '-' || !arg[1] || !strcmp(arg, "--"))
        {
            if (!strcmp(arg, "--") && ++i >= argc) break;
            if (options->count >= command->max_args)
                return usage_error("%s: too many arguments (\"%s\")", command->name, argv[i]);
            options->args[options->count++] = argv[i];
            continue;
        }
        if ((command->options & OPT_DEFAULT) && !strcmp(arg, "--default"))
        {
            options->set_default = TRUE;
            continue;
        }
        if ((command->options & OPT_PASSWORD) && option_is(arg, "--password", &len))
        {
            if (!(value = option_value(argc, argv, &i, arg, len))) return usage_error("--password needs a value");
            options->password = value;
            continue;
        }
        if ((command->options & OPT_DISPLAY) && option_is(arg, "--display", &len))
        {
            if (!(value = option_value(argc, argv, &i, arg, len))) return usage_error("--display needs a value");
            options->display = value;
            continue;
        }
        if ((command->options & OPT_SET) && option_is(arg, "--set", &len))
        {
            if (!(value = option_value(argc, argv, &i, arg, len))) return usage_error("--set needs TAG=VALUE");
            if (options->set_count >= MAX_SETS) return usage_error("at most %u --set options", MAX_SETS);
            options->sets[options->set_count++] = value;
            continue;
        }
        return usage_error("%s: unknown option %s", command->name, arg);
    }
    if (options->count < command->min_args) return usage_error("%s: missing arguments", command->name);
    return EXIT_OK;
}

int __cdecl main(int argc, char **argv)
{
    const struct command *command = NULL;
    struct options options;
    IProfAdmin *admin = NULL;
    unsigned int i;
    HRESULT hr;
    int ret;

    if (argc < 2) return usage_error("no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
    {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    for (i = 0; i < ARRAY_SIZE(commands); i++) if (!strcmp(argv[1], commands[i].name)) command = &commands[i];
    if (!command) return usage_error("unknown command \"%s\"", argv[1]);
    for (i = 2; i < argc; i++)
    {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
        {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
    }
    if ((ret = parse_options(command, argc, argv, &options))) return ret;

    if (FAILED(hr = MAPIInitialize(NULL))) return fail(hr, "MAPIInitialize");
    if (command->needs_mapi && FAILED(hr = open_prof_admin(&admin)))
        ret = fail(hr, "MAPIAdminProfiles");
    else
        ret = command->run(admin, &options);
    if (admin) IProfAdmin_Release(admin);
    MAPIUninitialize();
    fflush(stdout);
    return ret;
}
