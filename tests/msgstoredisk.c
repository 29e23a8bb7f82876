/*
 * Integration tests: what the local message store (msgstore32.dll) keeps
 * on disk: persistence across sessions and profiles, the default
 * directory, two processes with the store open at once, atomic writes
 * under TerminateProcess, damaged message files and indexes.  Each
 * scenario runs in a child process of its own.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define COBJMACROS
#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapifix.h"
#include "mapispi.h"
#include "mapiadmin.h"

#include "msgstore_test.h"

/* ------------------------------------------------------------------------
 * Persistence.
 */

static void test_persist(int argc, char **argv)
{
    struct eid eids[3], kept_eid, eid, uid1, uid2;
    IMAPIFolder *inbox = NULL, *ipm = NULL, *kept = NULL;
    char text[256];
    ENTRYID *folder_eid;
    struct session s;
    IMessage *msg;
    HRESULT hr;
    ULONG cb, i;

    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(inbox = open_inbox(s.mdb, NULL)) || !(ipm = open_folder(s.mdb, PR_IPM_SUBTREE_ENTRYID, NULL))) goto done;
    hr = create_folder(ipm, "Kept", 0, &kept);
    ok(hr == S_OK, "CreateFolder got %#lx.\n", hr);
    if (hr) goto done;
    get_eid(kept, PR_ENTRYID, &kept_eid);
    for (i = 0; i < 3; i++)
    {
        sprintf(text, "Persistent %lu", i);
        save_message(i == 2 ? kept : inbox, text, "kept across sessions", &eids[i]);
    }
    hr = IMsgStore_SetReceiveFolder(s.mdb, (char *)"IPM.Kept", 0, kept_eid.cb, (ENTRYID *)kept_eid.data);
    ok(hr == S_OK, "SetReceiveFolder got %#lx.\n", hr);
    get_eid(s.mdb, PR_STORE_RECORD_KEY, &uid1);
    IMAPIFolder_Release(kept);
    IMAPIFolder_Release(ipm);
    IMAPIFolder_Release(inbox);
    kept = ipm = inbox = NULL;
    session_close(&s);
    ok(!GetModuleHandleA("recxp32.dll"), "a transport is loaded.\n");

    /* A new session finds everything where it was, by the same entry IDs. */
    if (!session_open(MAPI_NO_MAIL, &s)) goto done;
    get_eid(s.mdb, PR_STORE_RECORD_KEY, &uid2);
    ok(eid_equal(&uid1, &uid2), "the store has another UID.\n");
    for (i = 0; i < 3; i++)
    {
        if (!(msg = open_entry(s.mdb, &eids[i], 0, MAPI_MESSAGE, NULL))) continue;
        sprintf(text, "Persistent %lu", i);
        ok(!strcmp(get_string(msg, PR_SUBJECT_A, text + 100, 100), text), "got %s.\n", text + 100);
        ok(recipient_count(msg) == 2, "got %lu recipients.\n", recipient_count(msg));
        IMessage_Release(msg);
    }
    hr = IMsgStore_GetReceiveFolder(s.mdb, (char *)"IPM.Kept.Note", 0, &cb, &folder_eid, NULL);
    ok(hr == S_OK, "GetReceiveFolder got %#lx.\n", hr);
    if (!hr)
    {
        ok(cb == kept_eid.cb && !memcmp(folder_eid, kept_eid.data, cb), "the receive folder was not kept.\n");
        pMAPIFreeBuffer(folder_eid);
    }
    if ((ipm = open_folder(s.mdb, PR_IPM_SUBTREE_ENTRYID, NULL)))
    {
        child_names(ipm, 0, text);
        ok(!strcmp(text, "Deleted Items,Drafts,Inbox,Kept,Outbox,Sent Items"), "got %s.\n", text);
        IMAPIFolder_Release(ipm);
        ipm = NULL;
    }
    session_close(&s);

    /* Another profile on the same directory: the same store. */
    delete_profile();
    if (!create_profile(store_dir, FALSE) || !session_open(MAPI_NO_MAIL, &s)) goto done;
    get_eid(s.mdb, PR_STORE_RECORD_KEY, &uid2);
    ok(eid_equal(&uid1, &uid2), "the store has another UID.\n");
    ok(get_eid(s.mdb, PR_IPM_SUBTREE_ENTRYID, &eid), "no IPM subtree.\n");
    if ((msg = open_entry(s.mdb, &eids[2], 0, MAPI_MESSAGE, NULL)))
    {
        ok(!strcmp(get_string(msg, PR_SUBJECT_A, text, sizeof(text)), "Persistent 2"), "got %s.\n", text);
        IMessage_Release(msg);
    }

done:
    if (kept) IMAPIFolder_Release(kept);
    if (ipm) IMAPIFolder_Release(ipm);
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
}

/* The store's default directory: %LOCALAPPDATA%\wine-mapi\stores\<profile>\<name>. */
static void test_default_dir(int argc, char **argv)
{
    char expect[MAX_PATH], text[MAX_PATH], base[MAX_PATH];
    struct session s;

    GetEnvironmentVariableA("LOCALAPPDATA", base, sizeof(base));
    sprintf(expect, "%s\\wine-mapi\\stores\\%s\\Local Message Store", base, PROFILE);
    remove_tree(expect);
    store_dir[0] = 0;
    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    ok(!lstrcmpiA(get_string(s.mdb, PR_MSGSTORE_PATH, text, sizeof(text)), expect), "got %s, expected %s.\n", text,
            expect);
    strcat(expect, "\\store.dat");
    ok(file_exists(expect), "%s is missing.\n", expect);

done:
    scenario_end(&s);
    sprintf(expect, "%s\\wine-mapi\\stores\\%s", base, PROFILE);
    remove_tree(expect);
}

/* ------------------------------------------------------------------------
 * Two processes.
 */

#define CHILD_WROTE "msgstore-test-child-wrote"
#define PARENT_WROTE "msgstore-test-parent-wrote"

/* In the child: the store is open in the parent too. */
static void child_write(int argc, char **argv)
{
    HANDLE child_wrote = OpenEventA(EVENT_ALL_ACCESS, FALSE, CHILD_WROTE);
    HANDLE parent_wrote = OpenEventA(EVENT_ALL_ACCESS, FALSE, PARENT_WROTE);
    IMAPIFolder *inbox = NULL, *outbox;
    IMAPITable *table = NULL;
    char text[512];
    struct session s;
    HRESULT hr;
    ULONG i;

    ok(child_wrote && parent_wrote, "no events.\n");
    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (!session_open(MAPI_NO_MAIL, &s) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    subjects(inbox, NULL, NULL, text);
    ok(!strcmp(text, "from the parent"), "the child sees %s.\n", text);

    /* The parent's spooler has locked its message: this one keeps off. */
    if ((outbox = open_folder(s.mdb, PR_IPM_OUTBOX_ENTRYID, NULL)))
    {
        SizedSPropTagArray(2, columns) = {2, {PR_ENTRYID, PR_SUBMIT_FLAGS}};
        IMAPITable *queue;
        SRowSet *rows;

        hr = IMsgStore_GetOutgoingQueue(s.mdb, 0, &queue);
        ok(hr == S_OK, "GetOutgoingQueue got %#lx.\n", hr);
        if (!hr && !pHrQueryAllRows(queue, (SPropTagArray *)&columns, NULL, NULL, 0, &rows))
        {
            ok(rows->cRows == 1, "the queue has %lu rows.\n", rows->cRows);
            if (rows->cRows)
            {
                SBinary *bin = &rows->aRow[0].lpProps[0].Value.bin;
                IMessage *msg;
                ULONG type;

                ok(rows->aRow[0].lpProps[1].Value.l == SUBMITFLAG_LOCKED, "got submit flags %#lx.\n",
                        rows->aRow[0].lpProps[1].Value.l);
                hr = IMsgStore_AbortSubmit(s.mdb, bin->cb, (ENTRYID *)bin->lpb, 0);
                ok(hr == MAPI_E_UNABLE_TO_ABORT, "AbortSubmit got %#lx.\n", hr);
                hr = IMsgStore_OpenEntry(s.mdb, bin->cb, (ENTRYID *)bin->lpb, NULL, MAPI_MODIFY, &type,
                        (IUnknown **)&msg);
                ok(hr == MAPI_E_NO_ACCESS, "opening it for writing got %#lx.\n", hr);
                hr = IMsgStore_OpenEntry(s.mdb, bin->cb, (ENTRYID *)bin->lpb, NULL, 0, &type, (IUnknown **)&msg);
                ok(hr == S_OK, "opening it got %#lx.\n", hr);
                if (!hr)
                {
                    hr = IMsgStore_SetLockState(s.mdb, msg, MSG_LOCKED);
                    ok(hr == MAPI_E_NO_ACCESS, "SetLockState got %#lx.\n", hr);
                    IMessage_Release(msg);
                }
            }
            pFreeProws(rows);
        }
        if (!hr) IMAPITable_Release(queue);
        IMAPIFolder_Release(outbox);
    }
    hr = IMAPIFolder_GetContentsTable(inbox, 0, &table);
    ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
    for (i = 0; i < 5; i++)
    {
        sprintf(text, "from the child %lu", i);
        save_message(inbox, text, "child", NULL);
    }
    SetEvent(child_wrote);
    ok(!WaitForSingleObject(parent_wrote, 20000), "the parent did not write.\n");
    if (table) ok(table_count(table) == 7, "the child's table has %lu rows.\n", table_count(table));

done:
    if (table) IMAPITable_Release(table);
    if (inbox) IMAPIFolder_Release(inbox);
    session_close(&s);
    pMAPIUninitialize();
    if (child_wrote) SetEvent(child_wrote);
    CloseHandle(child_wrote);
    CloseHandle(parent_wrote);
}

static void test_two_processes(int argc, char **argv)
{
    HANDLE child = NULL, child_wrote, parent_wrote;
    SizedSPropTagArray(2, columns) = {2, {PR_ENTRYID, PR_SUBJECT_A}};
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{PR_SUBJECT_A, TABLE_SORT_ASCEND}}};
    IMAPIFolder *inbox = NULL, *outbox;
    IMessage *queued = NULL;
    struct eid queued_eid;
    IMAPITable *table = NULL;
    ULONG connection = 0, type;
    struct sink sink;
    struct session s;
    IMessage *msg;
    SRowSet *rows;
    char text[256];
    HRESULT hr;

    sink_init(&sink);
    child_wrote = CreateEventA(NULL, FALSE, FALSE, CHILD_WROTE);
    parent_wrote = CreateEventA(NULL, FALSE, FALSE, PARENT_WROTE);
    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(inbox = open_inbox(s.mdb, NULL))) goto done;
    save_message(inbox, "from the parent", "parent", NULL);
    /* A message this process's spooler would be sending. */
    if ((outbox = open_folder(s.mdb, PR_IPM_OUTBOX_ENTRYID, NULL)))
    {
        submit(outbox, "locked by the parent", 0, NULL, &queued_eid);
        if ((queued = open_entry(s.mdb, &queued_eid, 0, MAPI_MESSAGE, NULL)))
        {
            hr = IMsgStore_SetLockState(s.mdb, queued, MSG_LOCKED);
            ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        }
        IMAPIFolder_Release(outbox);
    }
    hr = IMAPIFolder_GetContentsTable(inbox, 0, &table);
    ok(hr == S_OK, "GetContentsTable got %#lx.\n", hr);
    if (hr) goto done;
    hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0);
    ok(hr == S_OK, "SetColumns got %#lx.\n", hr);
    hr = IMAPITable_Advise(table, fnevTableModified, &sink.IMAPIAdviseSink_iface, &connection);
    ok(hr == S_OK, "Advise got %#lx.\n", hr);

    if (!(child = start_child("msgstoredisk", "child_write", NULL))) goto done;
    ok(!WaitForSingleObject(child_wrote, 60000), "the child did not write.\n");
    /* The parent's open table sees the child's messages at its next query. */
    ok(!sink.count, "notified before the table was asked.\n");
    ok(table_count(table) == 6, "the parent's table has %lu rows.\n", table_count(table));
    ok(sink.table_events & ((1u << TABLE_ROW_ADDED) | (1u << TABLE_CHANGED)), "no notification, got %#lx.\n",
            sink.table_events);
    hr = IMAPITable_SortTable(table, (SSortOrderSet *)&sort, 0);
    ok(hr == S_OK, "SortTable got %#lx.\n", hr);
    hr = IMAPITable_QueryRows(table, 1, 0, &rows);
    ok(hr == S_OK && rows->cRows == 1, "QueryRows got %#lx.\n", hr);
    if (!hr && rows->cRows)
    {
        ok(!strcmp(rows->aRow[0].lpProps[1].Value.lpszA, "from the child 0"), "got %s.\n",
                rows->aRow[0].lpProps[1].Value.lpszA);
        hr = IMsgStore_OpenEntry(s.mdb, rows->aRow[0].lpProps[0].Value.bin.cb,
                (ENTRYID *)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL, 0, &type, (IUnknown **)&msg);
        ok(hr == S_OK, "opening the child's message got %#lx.\n", hr);
        if (!hr)
        {
            ok(!strcmp(get_string(msg, PR_BODY_A, text, sizeof(text)), "child"), "got %s.\n", text);
            IMessage_Release(msg);
        }
    }
    if (!hr) pFreeProws(rows);
    save_message(inbox, "from the parent again", "parent", NULL);
    SetEvent(parent_wrote);
    wait_child_process(child);
    if (queued)
    {
        hr = IMsgStore_SetLockState(s.mdb, queued, MSG_UNLOCKED);
        ok(hr == S_OK, "SetLockState got %#lx.\n", hr);
        hr = IMsgStore_AbortSubmit(s.mdb, queued_eid.cb, (ENTRYID *)queued_eid.data, 0);
        ok(hr == S_OK, "AbortSubmit got %#lx.\n", hr);
    }

done:
    if (queued) IMessage_Release(queued);
    if (child) CloseHandle(child);
    if (table)
    {
        if (connection) IMAPITable_Unadvise(table, connection);
        IMAPITable_Release(table);
    }
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
    CloseHandle(child_wrote);
    CloseHandle(parent_wrote);
}

/* ------------------------------------------------------------------------
 * Atomic writes: a child saving messages is killed, twenty times, at a
 * random moment; nothing saved is lost and nothing half written is seen.
 * The messages are large (a megabyte), so that many kills land in the
 * middle of writing a file: a store that wrote its files in place fails
 * this test nearly every time.
 */

#define CHURN_ROUNDS 20
#define CHURN_BODY 150000
#define CHURN_ATTACHMENT (1 << 20)

static void journal_path(char *path)
{
    temp_path("msgstore-journal.txt", path);
}

static void journal_add(const char *line)
{
    char path[MAX_PATH];
    HANDLE file;
    DWORD written;

    journal_path(path);
    file = CreateFileA(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return;
    WriteFile(file, line, strlen(line), &written, NULL);
    CloseHandle(file);
}

/* The body and attachment of version v of message name: one letter repeated. */
static char churn_letter(const char *name, ULONG version)
{
    ULONG sum = version;

    while (*name) sum += (BYTE)*name++;
    return 'a' + sum % 26;
}

static void churn_fill(char *buffer, const char *name, ULONG version)
{
    memset(buffer, churn_letter(name, version), CHURN_BODY);
    buffer[CHURN_BODY] = 0;
}

static void child_churn(int argc, char **argv)
{
    char *body = HeapAlloc(GetProcessHeap(), 0, CHURN_BODY + 1), name[64], line[128];
    BYTE *attachment = HeapAlloc(GetProcessHeap(), 0, CHURN_ATTACHMENT);
    const char *round = argc > 3 ? argv[3] : "0";
    IMAPIFolder *inbox = NULL;
    struct eid eids[4096];
    SPropValue props[2];
    struct session s;
    IMessage *msg;
    ULONG i, old;
    HRESULT hr;

    hr = pMAPIInitialize(NULL);
    ok(hr == S_OK, "MAPIInitialize got %#lx.\n", hr);
    if (!session_open(MAPI_NO_MAIL, &s) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    for (i = 0; i < ARRAY_SIZE(eids); i++)
    {
        sprintf(name, "churn %s-%lu", round, i);
        churn_fill(body, name, 1);
        props[0].ulPropTag = PR_TEST_VERSION;
        props[0].Value.l = 1;
        if (!(msg = create_message(inbox, name, body, 1, props))) break;
        memset(attachment, churn_letter(name, 1), CHURN_ATTACHMENT);
        add_attachment(msg, "data.txt", attachment, CHURN_ATTACHMENT);
        hr = IMessage_SaveChanges(msg, KEEP_OPEN_READONLY);
        get_eid(msg, PR_ENTRYID, &eids[i]);
        IMessage_Release(msg);
        if (hr) break;
        sprintf(line, "%s|1\n", name);
        journal_add(line);
        if (i < 2 || i % 2) continue;
        /* A message saved again over its file. */
        old = i - 2;
        sprintf(name, "churn %s-%lu", round, old);
        if (!(msg = open_entry(s.mdb, &eids[old], MAPI_MODIFY, MAPI_MESSAGE, NULL))) break;
        churn_fill(body, name, 2);
        props[0].ulPropTag = PR_TEST_VERSION;
        props[0].Value.l = 2;
        props[1].ulPropTag = PR_BODY_A;
        props[1].Value.lpszA = body;
        IMessage_SetProps(msg, 2, props, NULL);
        hr = IMessage_SaveChanges(msg, 0);
        IMessage_Release(msg);
        if (hr) break;
        sprintf(line, "%s|2\n", name);
        journal_add(line);
    }

done:
    if (inbox) IMAPIFolder_Release(inbox);
    session_close(&s);
    pMAPIUninitialize();
    HeapFree(GetProcessHeap(), 0, attachment);
    HeapFree(GetProcessHeap(), 0, body);
}

static ULONG journal_lines(void)
{
    char path[MAX_PATH];
    DWORD size;
    BYTE *data;
    ULONG count = 0;

    journal_path(path);
    if (!(data = read_file(path, &size))) return 0;
    for (DWORD i = 0; i < size; i++)
        if (data[i] == '\n') count++;
    HeapFree(GetProcessHeap(), 0, data);
    return count;
}

/* Every message of the Inbox opens, whole; every journaled save is there. */
static void check_churned(IMsgStore *mdb, IMAPIFolder *inbox)
{
    SizedSPropTagArray(3, columns) = {3, {PR_ENTRYID, PR_SUBJECT_A, PR_TEST_VERSION}};
    char *body = HeapAlloc(GetProcessHeap(), 0, CHURN_BODY + 1), path[MAX_PATH], *line, *next, *bar;
    ULONG i, version, found, bad = 0, missing = 0;
    SPropValue *value;
    IMessage *msg;
    SRowSet *rows;
    DWORD size;
    BYTE *journal;
    HRESULT hr;

    if (!(rows = contents_rows(inbox, &columns, NULL, NULL))) return;
    ok(count_messages("inbox", "*.msg") == rows->cRows, "%lu message files, %lu in the table.\n",
            count_messages("inbox", "*.msg"), rows->cRows);
    sprintf(path, "%s\\~tmp", store_dir);
    ok(!count_files(path, "*"), "%lu temporary files are left after logon.\n", count_files(path, "*"));
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;
        struct eid eid;

        eid.cb = props[0].Value.bin.cb;
        memcpy(eid.data, props[0].Value.bin.lpb, eid.cb);
        version = props[2].ulPropTag == PR_TEST_VERSION ? props[2].Value.l : 0;
        if (!(msg = open_entry(mdb, &eid, 0, MAPI_MESSAGE, &hr)))
        {
            ok(0, "%s does not open: %#lx.\n", props[1].Value.lpszA, hr);
            bad++;
            continue;
        }
        churn_fill(body, props[1].Value.lpszA, version);
        value = get_prop(msg, PR_BODY_A);
        if (!value || strcmp(value->Value.lpszA, body) || get_long(msg, PR_TEST_VERSION, 0) != version) bad++;
        if (value) pMAPIFreeBuffer(value);
        IMessage_Release(msg);
    }
    ok(!bad, "%lu messages are damaged.\n", bad);

    journal_path(path);
    journal = read_file(path, &size);
    for (line = (char *)journal; journal && *line; line = next)
    {
        if (!(next = strchr(line, '\n'))) break;
        *next++ = 0;
        if (!(bar = strchr(line, '|'))) continue;
        *bar = 0;
        version = atol(bar + 1);
        for (i = 0, found = 0; i < rows->cRows && !found; i++)
            found = rows->aRow[i].lpProps[1].ulPropTag == PR_SUBJECT_A
                    && !strcmp(rows->aRow[i].lpProps[1].Value.lpszA, line)
                    && rows->aRow[i].lpProps[2].Value.l >= version;
        if (!found) missing++;
    }
    ok(!missing, "%lu saved messages are lost.\n", missing);
    HeapFree(GetProcessHeap(), 0, journal);
    pFreeProws(rows);
    HeapFree(GetProcessHeap(), 0, body);
}

static void test_atomic(int argc, char **argv)
{
    IMAPIFolder *inbox;
    struct session s;
    char path[MAX_PATH], round[16];
    HANDLE child;
    DWORD start;
    ULONG i, lines;

    journal_path(path);
    DeleteFileA(path);
    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    session_close(&s);
    srand(GetTickCount());
    for (i = 0; i < CHURN_ROUNDS; i++)
    {
        sprintf(round, "%lu", i);
        lines = journal_lines();
        if (!(child = start_child("msgstoredisk", "child_churn", round))) break;
        start = GetTickCount();
        while (journal_lines() < lines + 3 + i % 3 && GetTickCount() - start < 60000
                && WaitForSingleObject(child, 10) == WAIT_TIMEOUT);
        ok(journal_lines() >= lines + 3, "round %lu: the child saved %lu messages.\n", i, journal_lines() - lines);
        /* Somewhere in the middle of a save. */
        Sleep(rand() % 100);
        TerminateProcess(child, 1);
        WaitForSingleObject(child, INFINITE);
        CloseHandle(child);
    }
    trace("%lu saves journaled.\n", journal_lines());

    if (!session_open(MAPI_NO_MAIL, &s)) goto done;
    if ((inbox = open_inbox(s.mdb, NULL)))
    {
        check_churned(s.mdb, inbox);
        IMAPIFolder_Release(inbox);
    }

done:
    scenario_end(&s);
    DeleteFileA(path);
}

/* ------------------------------------------------------------------------
 * Damaged files.
 */

static void test_damage(int argc, char **argv)
{
    struct eid good, truncated, garbage, after;
    char path[MAX_PATH], copy[MAX_PATH], text[256];
    IMAPIFolder *inbox = NULL;
    struct session s;
    IMessage *msg;
    DWORD size;
    BYTE *data;
    HRESULT hr;

    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(inbox = open_inbox(s.mdb, NULL))) goto done;
    save_message(inbox, "good", "fine", &good);
    save_message(inbox, "truncated", "cut", &truncated);
    save_message(inbox, "garbage", "noise", &garbage);
    IMAPIFolder_Release(inbox);
    inbox = NULL;
    session_close(&s);

    /* A message file cut in half, another overwritten. */
    message_file("inbox", &truncated, path);
    data = read_file(path, &size);
    ok(data && size > 1024, "got %lu bytes.\n", size);
    if (data) write_file(path, data, size / 2);
    HeapFree(GetProcessHeap(), 0, data);
    message_file("inbox", &garbage, path);
    data = HeapAlloc(GetProcessHeap(), 0, 4096);
    memset(data, 0x5a, 4096);
    write_file(path, data, 4096);
    HeapFree(GetProcessHeap(), 0, data);

    if (!session_open(MAPI_NO_MAIL, &s) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    subjects(inbox, NULL, NULL, text);
    ok(!strcmp(text, "good"), "the Inbox has %s.\n", text);
    open_entry(s.mdb, &truncated, 0, MAPI_MESSAGE, &hr);
    ok(hr == MAPI_E_CORRUPT_DATA, "opening the cut message got %#lx.\n", hr);
    open_entry(s.mdb, &garbage, 0, MAPI_MESSAGE, &hr);
    ok(hr == MAPI_E_CORRUPT_DATA, "opening the overwritten message got %#lx.\n", hr);
    if ((msg = open_entry(s.mdb, &good, 0, MAPI_MESSAGE, NULL))) IMessage_Release(msg);
    save_message(inbox, "after", "still works", &after);
    subjects(inbox, NULL, NULL, text);
    ok(!strcmp(text, "good,after"), "the Inbox has %s.\n", text);
    IMAPIFolder_Release(inbox);
    inbox = NULL;
    session_close(&s);

    /* A damaged index is made again from the files. */
    sprintf(path, "%s\\inbox\\index.dat", store_dir);
    write_file(path, "not an index at all", 19);
    if (!session_open(MAPI_NO_MAIL, &s) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    subjects(inbox, NULL, NULL, text);
    ok(!strcmp(text, "good,after") || !strcmp(text, "after,good"), "the Inbox has %s.\n", text);
    IMAPIFolder_Release(inbox);
    inbox = NULL;
    session_close(&s);
    data = read_file(path, &size);
    ok(data && size > 32 && !memcmp(data, "WMSIDX01", 8), "the index was not written again.\n");

    /* A record cut short at the end is dropped; a file the index does not
     * know is read. */
    if (data)
    {
        memcpy(data + size - 8, "\x40\x00\x00\x00\x12\x34\x56\x78", 8);
        write_file(path, data, size);
        HeapFree(GetProcessHeap(), 0, data);
    }
    message_file("inbox", &good, path);
    message_path("inbox", 0xf000, copy);
    ok(CopyFileA(path, copy, FALSE), "CopyFile failed, error %lu.\n", GetLastError());
    if (!session_open(MAPI_NO_MAIL, &s) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    subjects(inbox, NULL, NULL, text);
    ok(strlen(text) == strlen("good,after,good"), "the Inbox has %s.\n", text);
    IMAPIFolder_Release(inbox);
    inbox = NULL;
    session_close(&s);

    /* No index at all. */
    sprintf(path, "%s\\inbox\\index.dat", store_dir);
    DeleteFileA(path);
    if (!session_open(MAPI_NO_MAIL, &s) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    ok(contents_count(inbox) == 3, "the Inbox has %lu messages.\n", contents_count(inbox));

done:
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
}

/* Damaged copies of a message, each read where the store meets it: by the
 * index at logon and by OpenEntry.  None may hang or crash the store. */
static void test_fuzz(int argc, char **argv)
{
    char path[MAX_PATH], copy[MAX_PATH];
    IMAPIFolder *inbox = NULL;
    struct session s;
    struct eid good, eid;
    ULONG i, j, opened = 0, refused = 0, seed = argc > 3 ? atol(argv[3]) : 1;
    IMessage *msg;
    DWORD size;
    BYTE *data, *bad;
    HRESULT hr;

    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL)) goto done;
    if (!(inbox = open_inbox(s.mdb, NULL))) goto done;
    save_message(inbox, "original", "a body to spoil", &good);
    IMAPIFolder_Release(inbox);
    inbox = NULL;
    session_close(&s);
    message_file("inbox", &good, path);
    if (!(data = read_file(path, &size))) goto done;
    bad = HeapAlloc(GetProcessHeap(), 0, size);
    srand(seed);
    for (i = 0; i < 40; i++)
    {
        memcpy(bad, data, size);
        for (j = 0; j < 1 + i % 8; j++) bad[rand() % size] ^= 1 << (rand() % 8);
        message_path("inbox", 0x1000 + i, copy);
        write_file(copy, bad, i % 5 ? size : size - rand() % size);
    }
    HeapFree(GetProcessHeap(), 0, bad);
    HeapFree(GetProcessHeap(), 0, data);
    if (!session_open(MAPI_NO_MAIL, &s) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    ok(contents_count(inbox) >= 1, "the Inbox has %lu messages.\n", contents_count(inbox));
    eid = good;
    for (i = 0; i < 40; i++)
    {
        ULONG number = 0x1000 + i;

        memcpy(eid.data + 28, &number, sizeof(number));
        if ((msg = open_entry(s.mdb, &eid, 0, MAPI_MESSAGE, &hr)))
        {
            SPropValue *value = get_prop(msg, PR_BODY_A);

            if (value) pMAPIFreeBuffer(value);
            recipient_count(msg);
            IMessage_Release(msg);
            opened++;
        }
        else
        {
            ok(hr == MAPI_E_CORRUPT_DATA || hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
            refused++;
        }
    }
    trace("%lu damaged copies opened, %lu refused.\n", opened, refused);
    if ((msg = open_entry(s.mdb, &good, 0, MAPI_MESSAGE, NULL))) IMessage_Release(msg);

done:
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
}

/* ------------------------------------------------------------------------
 * For tests/msgstore-check.sh: messages saved through the store into the
 * directory given, and DIR\expected.json with what each holds, for an
 * independent reader to compare.
 */

struct export_spec
{
    const char *subject;
    const WCHAR *body;
    const char *attachment;     /* a file name, or NULL */
    ULONG size;                 /* its bytes: a pattern */
};

static void json_string_w(HANDLE file, const WCHAR *text)
{
    char buffer[16];
    DWORD written;

    WriteFile(file, "\"", 1, &written, NULL);
    for (; *text; text++)
    {
        if (*text >= 0x20 && *text < 0x7f && *text != '"' && *text != '\\') sprintf(buffer, "%c", (char)*text);
        else sprintf(buffer, "\\u%04x", *text);
        WriteFile(file, buffer, strlen(buffer), &written, NULL);
    }
    WriteFile(file, "\"", 1, &written, NULL);
}

static void json_text(HANDLE file, const char *text)
{
    DWORD written;

    WriteFile(file, text, strlen(text), &written, NULL);
}

static void export_data(BYTE *data, ULONG size)
{
    ULONG i;

    for (i = 0; i < size; i++) data[i] = (BYTE)(i * 13 + (i >> 7));
}

static void export_messages(int argc, char **argv)
{
    static const struct export_spec specs[] =
    {
        {"Plain text", L"Hello from the store.\r\nA second line.\r\n"},
        {"With an attachment", L"See the attached file.\r\n", "data.bin", 3000},
        {"Unicode body", L"Gr\x00fc\x00df\x0065 \x2603 \x65e5\x672c\r\n"},
    };
    char path[MAX_PATH], hex[8];
    IMAPIFolder *inbox = NULL;
    struct session s;
    SPropValue prop;
    IMessage *msg;
    HANDLE file;
    BYTE *data;
    HRESULT hr;
    ULONG i, j;

    ok(argc > 3, "no directory given.\n");
    if (argc <= 3) return;
    lstrcpynA(store_dir, argv[3], sizeof(store_dir));
    if (!scenario_begin(FALSE, &s, MAPI_NO_MAIL) || !(inbox = open_inbox(s.mdb, NULL))) goto done;
    sprintf(path, "%s\\expected.json", store_dir);
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot write %s.\n", path);
    json_text(file, "[\n");
    for (i = 0; i < ARRAY_SIZE(specs); i++)
    {
        if (!(msg = create_message(inbox, specs[i].subject, NULL, 0, NULL))) break;
        prop.ulPropTag = PR_BODY_W;
        prop.Value.lpszW = (WCHAR *)specs[i].body;
        hr = IMessage_SetProps(msg, 1, &prop, NULL);
        ok(hr == S_OK, "SetProps got %#lx.\n", hr);
        data = HeapAlloc(GetProcessHeap(), 0, specs[i].size + 1);
        export_data(data, specs[i].size);
        if (specs[i].attachment) add_attachment(msg, specs[i].attachment, data, specs[i].size);
        hr = IMessage_SaveChanges(msg, 0);
        ok(hr == S_OK, "SaveChanges got %#lx.\n", hr);
        IMessage_Release(msg);

        json_text(file, i ? ",\n  {\"subject\": \"" : "  {\"subject\": \"");
        json_text(file, specs[i].subject);
        json_text(file, "\", \"to\": [[\"Alice Archer\", \"alice@example.com\"]], "
                "\"cc\": [[\"Bob Baker\", \"bob@example.com\"]], \"body\": ");
        json_string_w(file, specs[i].body);
        json_text(file, ", \"attachments\": [");
        if (specs[i].attachment)
        {
            json_text(file, "{\"name\": \"");
            json_text(file, specs[i].attachment);
            json_text(file, "\", \"data\": \"");
            for (j = 0; j < specs[i].size; j++)
            {
                sprintf(hex, "%02x", data[j]);
                json_text(file, hex);
            }
            json_text(file, "\"}");
        }
        json_text(file, "]}");
        HeapFree(GetProcessHeap(), 0, data);
    }
    json_text(file, "\n]\n");
    CloseHandle(file);

done:
    if (inbox) IMAPIFolder_Release(inbox);
    scenario_end(&s);
}


static const struct scenario scenarios[] =
{
    {"persist", test_persist},
    {"default_dir", test_default_dir},
    {"two_processes", test_two_processes},
    {"atomic", test_atomic},
    {"damage", test_damage},
    {"fuzz", test_fuzz},
    {"child_write", child_write},
    {"child_churn", child_churn},
    {"export", export_messages},
    {NULL}
};

START_TEST(msgstoredisk)
{
    static const char *const list[] =
            {"persist", "default_dir", "two_processes", "atomic", "damage", "fuzz", NULL};

    run_scenarios("msgstoredisk", scenarios, list);
}
