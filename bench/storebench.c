/*
 * storebench: the local message store (msgstore32.dll) and the mail-drop
 * transport (maildrop32.dll) through whichever mapi32.dll loads, next to
 * writing the same .eml files directly
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One profile with both services, the store's directory and the Maildirs
 * in a temporary directory beside the program (inbound mail off):
 *
 *   store   in a MAPI_NO_MAIL session, 10,000 messages (subject, a 1 KiB
 *           body, two SMTP recipients) created and saved in a folder of
 *           their own; then each reopened by its entry ID (OpenEntry and
 *           GetProps); then the folder's contents table sorted by subject
 *           and read whole (QueryRows).  Bytes on disk per message: the
 *           growth of the store's directory over the messages.
 *   spool   in a mail-enabled session, 1,000 messages made in the Outbox
 *           and submitted; timed until the outgoing queue is empty and
 *           outbox/new holds 1,000 .eml files.
 *   floor   the same 1,000 .eml files (the bytes of one that the transport
 *           wrote) written directly, Maildir style: CreateFile, WriteFile,
 *           CloseHandle in tmp/, MoveFile into new/.
 *
 * Every phase is checked (all messages reopened with their subject, 10,000
 * rows in subject order, 1,000 .eml files, the queue empty); a failed check
 * prints "FAILED <what>" and the program exits with 1.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapiadmin.h"
#include "mapifix.h"

#ifndef MODRECIP_ADD
#define MODRECIP_ADD    0x00000002
#endif
#ifndef MAPI_FORCE_ACCESS
#define MAPI_FORCE_ACCESS 0x00080000
#endif
#ifndef FOLDER_GENERIC
#define FOLDER_GENERIC    0x00000001
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(c) (offsetof(ADRLIST, aEntries) + (c) * sizeof(ADRENTRY))
#endif

/* The providers' private properties (dlls/msgstore/msgstore.inf, dlls/maildrop/maildrop.inf). */
#define PR_MSGSTORE_PATH        PROP_TAG(PT_STRING8, 0x6620)
#define PR_MAILDROP_OUTBOX      PROP_TAG(PT_STRING8, 0x6630)
#define PR_MAILDROP_INBOX       PROP_TAG(PT_STRING8, 0x6631)

#define STORE_MESSAGES  10000
#define SPOOL_MESSAGES  1000
#define BODY_SIZE       1024
#define PROFILE         "Store Benchmark"
#define LOGON_FLAGS     (MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE)
#define STALL_MS        120000      /* the spooler phase fails when nothing moves for this long */

/* The sections of dlls/msgstore/msgstore.inf and dlls/maildrop/maildrop.inf,
 * the DLLs named by absolute path (@DIR@: this program's directory). */
static const char inf_text[] =
    "; The store benchmark (wine-mapi)\r\n"
    "[Services]\r\n"
    "MsgStore=Local Message Store\r\n"
    "MailDrop=Mail Drop\r\n"
    "\r\n"
    "[MsgStore]\r\n"
    "PR_DISPLAY_NAME=Local Message Store\r\n"
    "Providers=MsgStoreP\r\n"
    "PR_SERVICE_DLL_NAME=@DIR@\\MSGSTORE.DLL\r\n"
    "PR_SERVICE_ENTRY_NAME=MsgStoreServiceEntry\r\n"
    "PR_RESOURCE_FLAGS=SERVICE_DEFAULT_STORE\r\n"
    "\r\n"
    "[MsgStoreP]\r\n"
    "PR_PROVIDER_DLL_NAME=@DIR@\\MSGSTORE.DLL\r\n"
    "PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER\r\n"
    "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE\r\n"
    "PR_DISPLAY_NAME=Local Message Store\r\n"
    "PR_PROVIDER_DISPLAY=Local Message Store\r\n"
    "\r\n"
    "[MailDrop]\r\n"
    "PR_DISPLAY_NAME=Mail Drop\r\n"
    "Providers=MailDropTransport\r\n"
    "PR_SERVICE_DLL_NAME=@DIR@\\MAILDROP.DLL\r\n"
    "PR_SERVICE_ENTRY_NAME=MailDropServiceEntry\r\n"
    "PR_RESOURCE_FLAGS=0\r\n"
    "\r\n"
    "[MailDropTransport]\r\n"
    "PR_PROVIDER_DLL_NAME=@DIR@\\MAILDROP.DLL\r\n"
    "PR_RESOURCE_TYPE=36\r\n"
    "PR_RESOURCE_FLAGS=0\r\n"
    "PR_DISPLAY_NAME=Mail Drop\r\n"
    "PR_PROVIDER_DISPLAY=Mail Drop Transport\r\n"
    "\r\n";

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
static char work[MAX_PATH];         /* the temporary directory */
static char store_dir[MAX_PATH], outbox_dir[MAX_PATH], floor_dir[MAX_PATH];
static char body[BODY_SIZE + 1];

static LONGLONG counter(void)
{
    LARGE_INTEGER now;

    QueryPerformanceCounter(&now);
    return now.QuadPart;
}

static double seconds_since(LONGLONG from)
{
    return (double)(counter() - from) / frequency.QuadPart;
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
 * Files and directories
 */

/* The regular files under dir, recursively: how many and how many bytes. */
static void tree_size(const char *dir, ULONG *files, ULONGLONG *bytes)
{
    WIN32_FIND_DATAA data;
    char path[MAX_PATH];
    HANDLE find;

    sprintf(path, "%s\\*", dir);
    if ((find = FindFirstFileA(path, &data)) == INVALID_HANDLE_VALUE) return;
    do
    {
        if (!strcmp(data.cFileName, ".") || !strcmp(data.cFileName, "..")) continue;
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        {
            sprintf(path, "%s\\%s", dir, data.cFileName);
            tree_size(path, files, bytes);
            continue;
        }
        (*files)++;
        *bytes += ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
    } while (FindNextFileA(find, &data));
    FindClose(find);
}

static void remove_tree(const char *dir)
{
    WIN32_FIND_DATAA data;
    char path[MAX_PATH];
    HANDLE find;

    sprintf(path, "%s\\*", dir);
    if ((find = FindFirstFileA(path, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!strcmp(data.cFileName, ".") || !strcmp(data.cFileName, "..")) continue;
            sprintf(path, "%s\\%s", dir, data.cFileName);
            if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) remove_tree(path);
            else DeleteFileA(path);
        } while (FindNextFileA(find, &data));
        FindClose(find);
    }
    RemoveDirectoryA(dir);
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

/* The providers' sections with @DIR@ replaced by this program's directory;
 * the temporary directory's paths. */
static BOOL install_inf(void)
{
    char dir[MAX_PATH], path[MAX_PATH], *buffer, *out, *slash;
    const char *in;
    DWORD written;
    HANDLE file;
    BOOL ret;

    GetModuleFileNameA(NULL, dir, sizeof(dir));
    if ((slash = strrchr(dir, '\\'))) *slash = 0;
    sprintf(work, "%s\\storebench.tmp", dir);
    sprintf(store_dir, "%s\\store", work);
    sprintf(outbox_dir, "%s\\outbox", work);
    sprintf(floor_dir, "%s\\floor", work);
    remove_tree(work);
    if (!CreateDirectoryA(work, NULL))
    {
        failed("cannot make %s, error %lu", work, GetLastError());
        return FALSE;
    }
    if (!(out = buffer = malloc(sizeof(inf_text) * 4))) return FALSE;
    for (in = inf_text; *in; )
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

/* Writes values into the provider sections of a service. */
static BOOL configure(IMsgServiceAdmin *admin, const char *service, ULONG count, SPropValue *values)
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
        if (SUCCEEDED(IProfSect_SetProps(section, count, values, NULL))) written++;
        IProfSect_Release(section);
    }
    pFreeProws(rows);
    return written > 0;
}

/* A fresh profile: the store in store_dir, the transport writing to outbox_dir, receiving off. */
static BOOL create_profile(void)
{
    IMsgServiceAdmin *admin = NULL;
    IProfAdmin *profiles;
    SPropValue values[2];
    HRESULT hr;

    if (FAILED(hr = pMAPIAdminProfiles(0, &profiles)))
    {
        failed("MAPIAdminProfiles returned %#lx", hr);
        return FALSE;
    }
    IProfAdmin_DeleteProfile(profiles, (char *)PROFILE, 0);
    hr = IProfAdmin_CreateProfile(profiles, (char *)PROFILE, NULL, 0, 0);
    if (SUCCEEDED(hr)) hr = IProfAdmin_AdminServices(profiles, (char *)PROFILE, NULL, 0, 0, &admin);
    if (SUCCEEDED(hr)) hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)"MsgStore", NULL, 0, 0);
    if (SUCCEEDED(hr)) hr = IMsgServiceAdmin_CreateMsgService(admin, (char *)"MailDrop", NULL, 0, 0);
    if (SUCCEEDED(hr))
    {
        values[0].ulPropTag = PR_MSGSTORE_PATH;
        values[0].Value.lpszA = store_dir;
        if (!configure(admin, "MsgStore", 1, values)) hr = MAPI_E_NOT_FOUND;
    }
    if (SUCCEEDED(hr))
    {
        values[0].ulPropTag = PR_MAILDROP_OUTBOX;
        values[0].Value.lpszA = outbox_dir;
        values[1].ulPropTag = PR_MAILDROP_INBOX;
        values[1].Value.lpszA = (char *)"";
        if (!configure(admin, "MailDrop", 2, values)) hr = MAPI_E_NOT_FOUND;
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
 * The session and its default store.
 */

struct session
{
    IMAPISession *session;
    IMsgStore *store;
    SPropValue *store_props;        /* IPM subtree, Outbox, Sent Items */
};

static BOOL session_open(struct session *s, ULONG flags)
{
    static const SizedSPropTagArray(2, columns) = {2, {PR_DEFAULT_STORE, PR_ENTRYID}};
    static const SizedSPropTagArray(3, tags) =
            {3, {PR_IPM_SUBTREE_ENTRYID, PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID}};
    IMAPITable *table;
    SRowSet *rows = NULL;
    ULONG i, count;
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    if (FAILED(hr = pMAPILogonEx(0, (char *)PROFILE, NULL, LOGON_FLAGS | flags, &s->session)))
    {
        failed("MAPILogonEx returned %#lx", hr);
        return FALSE;
    }
    if (SUCCEEDED(hr = IMAPISession_GetMsgStoresTable(s->session, 0, &table)))
    {
        hr = pHrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
        IMAPITable_Release(table);
    }
    if (FAILED(hr))
    {
        failed("reading the stores table returned %#lx", hr);
        return FALSE;
    }
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_DEFAULT_STORE || !props[0].Value.b || props[1].ulPropTag != PR_ENTRYID)
            continue;
        hr = IMAPISession_OpenMsgStore(s->session, 0, props[1].Value.bin.cb, (ENTRYID *)props[1].Value.bin.lpb,
                NULL, MDB_WRITE | MDB_NO_DIALOG, &s->store);
        break;
    }
    pFreeProws(rows);
    if (FAILED(hr))
    {
        failed("opening the default store returned %#lx", hr);
        return FALSE;
    }
    hr = IMsgStore_GetProps(s->store, (SPropTagArray *)&tags, 0, &count, &s->store_props);
    if (hr != S_OK)
    {
        failed("the store's standard folders are missing, hr %#lx", hr);
        return FALSE;
    }
    return TRUE;
}

static void session_close(struct session *s)
{
    if (s->store_props) pMAPIFreeBuffer(s->store_props);
    if (s->store) IMsgStore_Release(s->store);
    if (!s->session) return;
    IMAPISession_Logoff(s->session, 0, 0, 0);
    IMAPISession_Release(s->session);
}

static IMAPIFolder *open_folder(struct session *s, const SBinary *eid)
{
    IMAPIFolder *folder;
    ULONG type;
    HRESULT hr;

    hr = IMsgStore_OpenEntry(s->store, eid->cb, (ENTRYID *)eid->lpb, NULL, MAPI_MODIFY, &type, (IUnknown **)&folder);
    if (FAILED(hr))
    {
        failed("opening a folder returned %#lx", hr);
        return NULL;
    }
    return folder;
}

/* ------------------------------------------------------------------------
 * One message: subject, body, two SMTP recipients.
 */

static void subject_of(ULONG number, ULONG count, char *subject)
{
    /* Spread over the range so that the table has to sort. */
    sprintf(subject, "Store benchmark %05lu", (ULONG)(((ULONGLONG)number * 7919) % count));
}

static HRESULT make_message(IMAPIFolder *folder, const char *subject, const SBinary *sent, IMessage **message)
{
    static const char *addresses[2] = {"anna@bench.example", "ben@bench.example"};
    SPropValue props[4], *values;
    ADRLIST *list;
    ULONG i, count = 3;
    HRESULT hr;

    if (FAILED(hr = IMAPIFolder_CreateMessage(folder, NULL, 0, message))) return hr;
    props[0].ulPropTag = PR_MESSAGE_CLASS_A;
    props[0].Value.lpszA = (char *)"IPM.Note";
    props[1].ulPropTag = PR_SUBJECT_A;
    props[1].Value.lpszA = (char *)subject;
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = body;
    if (sent)
    {
        props[3].ulPropTag = PR_SENTMAIL_ENTRYID;
        props[3].Value.bin = *sent;
        count++;
    }
    hr = IMessage_SetProps(*message, count, props, NULL);
    if (SUCCEEDED(hr)) hr = pMAPIAllocateBuffer(CbNewADRLIST(2), (void **)&list);
    if (SUCCEEDED(hr))
    {
        for (list->cEntries = 0; list->cEntries < 2; list->cEntries++)
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
        if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(*message, MODRECIP_ADD, list);
        for (i = 0; i < list->cEntries; i++) pMAPIFreeBuffer(list->aEntries[i].rgPropVals);
        pMAPIFreeBuffer(list);
    }
    if (FAILED(hr))
    {
        IMessage_Release(*message);
        *message = NULL;
    }
    return hr;
}

/* ------------------------------------------------------------------------
 * The phases.
 */

static void print_rate(const char *what, ULONG count, double seconds)
{
    printf("%-34s %6lu in %8.3f s: %9.1f per s\n", what, count, seconds, seconds > 0 ? count / seconds : 0.0);
    fflush(stdout);
}

/* Create+save, reopen and table STORE_MESSAGES messages in a new folder. */
static void store_phase(void)
{
    static const SizedSPropTagArray(1, eid_tag) = {1, {PR_ENTRYID}};
    static const SizedSPropTagArray(3, read_tags) = {3, {PR_SUBJECT_A, PR_BODY_A, PR_MESSAGE_CLASS_A}};
    static const SizedSPropTagArray(2, columns) = {2, {PR_SUBJECT_A, PR_ENTRYID}};
    static const SizedSSortOrderSet(1, order) = {1, 0, 0, {{PR_SUBJECT_A, TABLE_SORT_ASCEND}}};
    ULONG n = STORE_MESSAGES, i, count, type, files_before = 0, files_after = 0, rows_read = 0;
    ULONGLONG bytes_before = 0, bytes_after = 0;
    char subject[64], previous[64] = "";
    IMAPIFolder *ipm, *folder = NULL;
    SPropValue *props, **eids;
    IMAPITable *table = NULL;
    IMessage *message;
    struct session s;
    SRowSet *rows;
    LONGLONG start;
    HRESULT hr;

    if (!(eids = calloc(n, sizeof(*eids))))
    {
        failed("out of memory");
        return;
    }
    if (!session_open(&s, MAPI_NO_MAIL) || !(ipm = open_folder(&s, &s.store_props[0].Value.bin))) goto done;
    hr = IMAPIFolder_CreateFolder(ipm, FOLDER_GENERIC, (char *)"Store Benchmark", NULL, NULL, 0,
            (IMAPIFolder *)&folder);
    IMAPIFolder_Release(ipm);
    if (FAILED(hr))
    {
        failed("CreateFolder returned %#lx", hr);
        goto done;
    }
    tree_size(store_dir, &files_before, &bytes_before);

    start = counter();
    for (i = 0; i < n; i++)
    {
        subject_of(i, n, subject);
        if (FAILED(hr = make_message(folder, subject, NULL, &message)))
        {
            failed("message %lu: making it returned %#lx", i, hr);
            goto done;
        }
        hr = IMessage_SaveChanges(message, KEEP_OPEN_READONLY);
        if (SUCCEEDED(hr)) hr = IMessage_GetProps(message, (SPropTagArray *)&eid_tag, 0, &count, &eids[i]);
        IMessage_Release(message);
        if (hr != S_OK || eids[i]->ulPropTag != PR_ENTRYID)
        {
            failed("message %lu: SaveChanges or its PR_ENTRYID returned %#lx", i, hr);
            goto done;
        }
    }
    print_rate("store: create + SaveChanges", n, seconds_since(start));
    tree_size(store_dir, &files_after, &bytes_after);

    start = counter();
    for (i = 0; i < n; i++)
    {
        subject_of(i, n, subject);
        hr = IMsgStore_OpenEntry(s.store, eids[i]->Value.bin.cb, (ENTRYID *)eids[i]->Value.bin.lpb, NULL, 0, &type,
                (IUnknown **)&message);
        if (FAILED(hr))
        {
            failed("message %lu: OpenEntry returned %#lx", i, hr);
            goto done;
        }
        hr = IMessage_GetProps(message, (SPropTagArray *)&read_tags, 0, &count, &props);
        IMessage_Release(message);
        if (hr != S_OK || strcmp(props[0].Value.lpszA, subject) || strlen(props[1].Value.lpszA) != BODY_SIZE)
        {
            failed("message %lu: GetProps returned %#lx or the wrong subject or body", i, hr);
            if (SUCCEEDED(hr)) pMAPIFreeBuffer(props);
            goto done;
        }
        pMAPIFreeBuffer(props);
    }
    print_rate("store: OpenEntry + GetProps", n, seconds_since(start));

    start = counter();
    hr = IMAPIFolder_GetContentsTable(folder, 0, &table);
    if (SUCCEEDED(hr)) hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    if (SUCCEEDED(hr)) hr = IMAPITable_SortTable(table, (SSortOrderSet *)&order, 0);
    while (SUCCEEDED(hr))
    {
        if (FAILED(hr = IMAPITable_QueryRows(table, 1000, 0, &rows))) break;
        if (!rows->cRows)
        {
            pFreeProws(rows);
            break;
        }
        for (i = 0; i < rows->cRows; i++)
        {
            SPropValue *row = rows->aRow[i].lpProps;

            if (row[0].ulPropTag != PR_SUBJECT_A || strcmp(previous, row[0].Value.lpszA) >= 0)
                failed("row %lu is not in subject order", rows_read + i);
            else strcpy(previous, row[0].Value.lpszA);
        }
        rows_read += rows->cRows;
        pFreeProws(rows);
        if (failures) break;
    }
    if (FAILED(hr)) failed("reading the contents table returned %#lx", hr);
    else if (rows_read != n) failed("the contents table has %lu rows, %lu messages were saved", rows_read, n);
    else print_rate("store: contents table by subject", rows_read, seconds_since(start));
    if (table) IMAPITable_Release(table);

    if (!failures)
        printf("store: %.0f bytes on disk per message (%lu files, %.0f bytes added)\n",
                (double)(bytes_after - bytes_before) / n, files_after - files_before,
                (double)(bytes_after - bytes_before));
done:
    for (i = 0; i < n; i++) if (eids[i]) pMAPIFreeBuffer(eids[i]);
    free(eids);
    if (folder) IMAPIFolder_Release(folder);
    session_close(&s);
}

static ULONG count_files(const char *dir, ULONGLONG *bytes)
{
    ULONG files = 0;
    ULONGLONG size = 0;

    tree_size(dir, &files, &size);
    if (bytes) *bytes = size;
    return files;
}

/* SPOOL_MESSAGES submitted in the Outbox and sent through the spooler to the mail drop. */
static void spool_phase(char **eml, DWORD *eml_size)
{
    ULONG n = SPOOL_MESSAGES, i, left = ~0u, files = 0, seen = 0;
    char subject[64], path[MAX_PATH];
    ULONGLONG bytes = 0;
    IMAPIFolder *outbox;
    IMAPITable *queue;
    IMessage *message;
    WIN32_FIND_DATAA data;
    struct session s;
    DWORD last_change;
    HANDLE find, file;
    LONGLONG start;
    HRESULT hr;

    *eml = NULL;
    if (!session_open(&s, 0) || !(outbox = open_folder(&s, &s.store_props[1].Value.bin))) goto done;
    if (FAILED(hr = IMsgStore_GetOutgoingQueue(s.store, 0, &queue)))
    {
        failed("GetOutgoingQueue returned %#lx", hr);
        IMAPIFolder_Release(outbox);
        goto done;
    }
    sprintf(path, "%s\\new", outbox_dir);

    start = counter();
    for (i = 0; i < n; i++)
    {
        subject_of(i, n, subject);
        hr = make_message(outbox, subject, &s.store_props[2].Value.bin, &message);
        if (SUCCEEDED(hr))
        {
            hr = IMessage_SubmitMessage(message, 0);
            IMessage_Release(message);
        }
        if (FAILED(hr))
        {
            failed("message %lu: submitting returned %#lx", i, hr);
            break;
        }
    }
    last_change = GetTickCount();
    while (!failures)
    {
        if (FAILED(hr = IMAPITable_GetRowCount(queue, 0, &left)))
        {
            failed("the outgoing queue's GetRowCount returned %#lx", hr);
            break;
        }
        files = count_files(path, NULL);
        if (!left && files >= n) break;
        if (left + files != seen)
        {
            seen = left + files;
            last_change = GetTickCount();
        }
        else if (GetTickCount() - last_change > STALL_MS)
        {
            failed("%lu messages still queued, %lu .eml files after %u s without progress", left, files,
                    STALL_MS / 1000);
            break;
        }
        Sleep(1);
    }
    if (!failures)
    {
        double seconds = seconds_since(start);

        if ((files = count_files(path, &bytes)) != n)
            failed("%lu messages submitted, %lu .eml files in %s", n, files, path);
        else
        {
            print_rate("spool: submit to .eml in new/", n, seconds);
            printf("spool: %.0f bytes per .eml\n", (double)bytes / n);
        }
    }
    IMAPITable_Release(queue);
    IMAPIFolder_Release(outbox);

    /* One .eml as the floor's content: its bytes, its size. */
    if (!failures)
    {
        sprintf(path, "%s\\new\\*", outbox_dir);
        if ((find = FindFirstFileA(path, &data)) != INVALID_HANDLE_VALUE)
        {
            do
            {
                if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
                sprintf(path, "%s\\new\\%s", outbox_dir, data.cFileName);
                file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
                if (file == INVALID_HANDLE_VALUE) break;
                *eml_size = GetFileSize(file, NULL);
                if ((*eml = malloc(*eml_size + 1)) && !ReadFile(file, *eml, *eml_size, eml_size, NULL))
                {
                    free(*eml);
                    *eml = NULL;
                }
                CloseHandle(file);
                break;
            } while (FindNextFileA(find, &data));
            FindClose(find);
        }
        if (!*eml) failed("cannot read an .eml file of %s", outbox_dir);
    }
done:
    session_close(&s);
}

/* The same number of .eml files written directly, Maildir style. */
static void floor_phase(const char *eml, DWORD size)
{
    ULONG n = SPOOL_MESSAGES, i;
    char tmp[MAX_PATH], new[MAX_PATH];
    ULONGLONG bytes;
    LONGLONG start;
    DWORD written;
    HANDLE file;
    BOOL ret;

    sprintf(tmp, "%s\\tmp", floor_dir);
    sprintf(new, "%s\\new", floor_dir);
    if (!CreateDirectoryA(floor_dir, NULL) || !CreateDirectoryA(tmp, NULL) || !CreateDirectoryA(new, NULL))
    {
        failed("cannot make %s, error %lu", floor_dir, GetLastError());
        return;
    }
    start = counter();
    for (i = 0; i < n; i++)
    {
        sprintf(tmp, "%s\\tmp\\%lu.%lu.bench.eml", floor_dir, GetCurrentProcessId(), i);
        sprintf(new, "%s\\new\\%lu.%lu.bench.eml", floor_dir, GetCurrentProcessId(), i);
        file = CreateFileA(tmp, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
        if (file == INVALID_HANDLE_VALUE)
        {
            failed("cannot make %s, error %lu", tmp, GetLastError());
            return;
        }
        ret = WriteFile(file, eml, size, &written, NULL) && written == size;
        CloseHandle(file);
        if (!ret || !MoveFileA(tmp, new))
        {
            failed("cannot write or move %s, error %lu", tmp, GetLastError());
            return;
        }
    }
    {
        double seconds = seconds_since(start);

        sprintf(new, "%s\\new", floor_dir);
        if ((i = count_files(new, &bytes)) != n) failed("%lu files written, %lu in %s", n, i, new);
        else
        {
            print_rate("floor: .eml written directly", n, seconds);
            printf("floor: %.0f bytes per .eml\n", (double)bytes / n);
        }
    }
}

int main(int argc, char **argv)
{
    char path[MAX_PATH], *eml = NULL;
    DWORD eml_size = 0;
    HRESULT hr;
    ULONG i;

    QueryPerformanceFrequency(&frequency);
    for (i = 0; i < BODY_SIZE; i++) body[i] = (i % 64 == 63) ? '\n' : 'a' + i % 26;
    if (!load_mapi() || !install_inf()) return 1;
    if (FAILED(hr = pMAPIInitialize(NULL)))
    {
        failed("MAPIInitialize returned %#lx", hr);
        return 1;
    }
    if (create_profile())
    {
        printf("store %s\n", store_dir);
        store_phase();
        if (!failures) spool_phase(&eml, &eml_size);
        delete_profile();
    }
    pMAPIUninitialize();
    if (!failures && eml) floor_phase(eml, eml_size);
    free(eml);

    inf_path(path, sizeof(path));
    DeleteFileA(path);
    remove_tree(work);
    if (failures)
    {
        printf("FAILED: %d checks failed\n", failures);
        return 1;
    }
    return 0;
}
