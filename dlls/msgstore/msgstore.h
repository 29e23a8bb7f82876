/*
 * The local message store: what its files share
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A store is a directory.  Each folder is a subdirectory of it, each
 * message one Outlook message file (.msg) in its folder's directory, and
 * each folder keeps an index of the table columns of its messages:
 *
 *   <store>/store.dat          the store's UID, the next message and folder
 *                              numbers, the receive folders
 *   <store>/<folder>/folder.dat  the folder's number, its parent's, its properties
 *   <store>/<folder>/index.dat   the contents index: a log of records
 *   <store>/<folder>/<group>/<id>.msg   one message, its number in 8 hex
 *                                digits, in the group of 256 (6 hex digits:
 *                                the number without its last two digits)
 *   <store>/<folder>/<group>/<id>.lock  a message the spooler has locked
 *   <store>/~tmp/                where message files are written before they
 *                                move into their folder
 *   ~*                           temporary files and directories
 *
 * The standard folders have fixed numbers and directory names (root, ipm,
 * inbox, outbox, sent, deleted, drafts); folders made later are numbered
 * from 16 and named by their number in 8 hex digits.  The directories are
 * flat: a folder's place in the hierarchy is its parent's number.
 *
 * Every file is written to a temporary file (a message file in ~tmp, the
 * others beside their final name) and moved over the old one (MoveFileEx
 * with MOVEFILE_REPLACE_EXISTING), so a reader sees the old file or the
 * new one, never a part; temporaries a killed process left are removed
 * when the store is opened.  The files are not flushed to the disk: a
 * killed process loses nothing it saved, a crashed system may.  The index
 * is the one file written in place: records are appended, each with its
 * length and checksum, so a record cut short by a killed process is
 * recognized and dropped.  The .msg files are what counts: an index that
 * is missing, damaged or older than the files is rebuilt from them, and a
 * message file that cannot be read (cfb.c checks its structure first) is
 * reported, skipped by the tables and refused by OpenEntry with
 * MAPI_E_CORRUPT_DATA.
 *
 * Processes share a store through a named mutex held around every write
 * and a named shared counter that each write moves; a process whose
 * counter is behind reads what the others wrote (at table queries and
 * OpenEntry) before it answers, and its tables and subscriptions are
 * notified then.  The named objects belong to the wineserver: processes
 * of one Wine prefix share a store, processes of two prefixes must not.
 *
 * Not done: named properties are each message's own (the store, folders
 * and tables have no store-wide name map), search folders, associated
 * contents, soft deletion, read reports.
 *
 * Entry IDs (32 bytes): 4 flag bytes (zero), the store's UID (the provider
 * UID MAPI routes them by), a version byte (1), a kind byte (store,
 * folder, message), two zero bytes, the folder number and the message
 * number, little-endian.  A message keeps its number when it moves, so
 * its entry ID changes only in the folder part; an entry ID from before a
 * move still opens the message, which then answers its new one.  Numbers
 * are never used twice.
 */

#ifndef __WINE_MSGSTORE_H
#define __WINE_MSGSTORE_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#define COBJMACROS
#define CONST_VTABLE
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "winnls.h"
#include "objbase.h"
#ifdef MSGSTORE_DEFINE_GUIDS
#include "initguid.h"
#endif
#include "mapiguid.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapifix.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "imessage.h"
#include "wine/debug.h"

#ifndef TRACE
#define TRACE WINE_TRACE
#define TRACE_ON WINE_TRACE_ON
#define WARN WINE_WARN
#define FIXME WINE_FIXME
#undef ERR
#define ERR WINE_ERR
static inline const char *debugstr_a(const char *s) { return wine_dbgstr_an(s, -1); }
static inline const char *debugstr_w(const WCHAR *s) { return wine_dbgstr_wn(s, -1); }
static inline const char *debugstr_guid(const GUID *id) { return wine_dbgstr_guid(id); }
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* Values of the MAPI SDK that Wine 8.0's headers leave out. */
#ifndef STORE_ENTRYID_UNIQUE
#define STORE_ENTRYID_UNIQUE    0x00000001
#define STORE_MODIFY_OK         0x00000008
#define STORE_CREATE_OK         0x00000010
#define STORE_ATTACH_OK         0x00000020
#define STORE_OLE_OK            0x00000040
#define STORE_SUBMIT_OK         0x00000080
#define STORE_NOTIFY_OK         0x00000100
#define STORE_MV_PROPS_OK       0x00000200
#define STORE_RESTRICTION_OK    0x00001000
#define STORE_SORT_OK           0x00002000
#define STORE_ANSI_OK           0x00020000
#define STORE_UNICODE_OK        0x00040000
#endif
#ifndef FOLDER_ROOT
#define FOLDER_ROOT             0x00000000
#define FOLDER_GENERIC          0x00000001
#define FOLDER_SEARCH           0x00000002
#endif
#ifndef CONVENIENT_DEPTH
#define CONVENIENT_DEPTH        0x00000001
#endif
#ifndef SHOW_SOFT_DELETES
#define SHOW_SOFT_DELETES       0x00000002
#endif
#ifndef MAPI_ASSOCIATED
#define MAPI_ASSOCIATED         0x00000040
#endif
#ifndef MESSAGE_MOVE
#define MESSAGE_MOVE            0x00000001
#define MESSAGE_DIALOG          0x00000002
#endif
#ifndef FOLDER_MOVE
#define FOLDER_MOVE             0x00000001
#define FOLDER_DIALOG           0x00000002
#endif
#ifndef COPY_SUBFOLDERS
#define COPY_SUBFOLDERS         0x00000010
#endif
#ifndef DEL_FOLDERS
#define DEL_FOLDERS             0x00000004
#define DEL_MESSAGES            0x00000008
#endif
#ifndef DEL_ASSOCIATED
#define DEL_ASSOCIATED          0x00000008
#endif
#ifndef DELETE_HARD_DELETE
#define DELETE_HARD_DELETE      0x00000010
#endif
#ifndef OPEN_IF_EXISTS
#define OPEN_IF_EXISTS          0x00000001
#endif
#ifndef FORCE_SUBMIT
#define FORCE_SUBMIT            0x00000001
#endif
#ifndef MSGFLAG_RESEND
#define MSGFLAG_RESEND          0x00000080
#endif
#ifndef MSGFLAG_RN_PENDING
#define MSGFLAG_RN_PENDING      0x00000100
#define MSGFLAG_NRN_PENDING     0x00000200
#endif
#ifndef MODRECIP_ADD
#define MODRECIP_ADD            0x00000002
#define MODRECIP_MODIFY         0x00000004
#define MODRECIP_REMOVE         0x00000008
#endif
#ifndef SUPPRESS_RECEIPT
#define SUPPRESS_RECEIPT        0x00000001
#define CLEAR_READ_FLAG         0x00000004
#define GENERATE_RECEIPT_ONLY   0x00000010
#define CLEAR_RN_PENDING        0x00000020
#define CLEAR_NRN_PENDING       0x00000040
#endif
#ifndef MSGSTATUS_HIGHLIGHTED
#define MSGSTATUS_HIGHLIGHTED   0x00000001
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(n)         (offsetof(ADRLIST, aEntries) + (n) * sizeof(ADRENTRY))
#endif
#ifndef MAPI_TO
#define MAPI_TO                 1
#define MAPI_CC                 2
#define MAPI_BCC                3
#endif

/* The private properties of the provider's profile section. */
#define PR_MSGSTORE_PATH        PROP_TAG(PT_STRING8, 0x6620)    /* the store's directory */
#define PR_MSGSTORE_PATH_W      PROP_TAG(PT_UNICODE, 0x6620)
#define PR_MSGSTORE_UID         PROP_TAG(PT_BINARY, 0x6621)     /* the UID of the store last opened there */

/* Folder numbers. */
#define FOLDER_ID_ROOT          1
#define FOLDER_ID_IPM           2
#define FOLDER_ID_INBOX         3
#define FOLDER_ID_OUTBOX        4
#define FOLDER_ID_SENT          5
#define FOLDER_ID_DELETED       6
#define FOLDER_ID_DRAFTS        7
#define FOLDER_ID_FIRST_FREE    16

/* Entry IDs. */
#define EID_VERSION             1
#define EID_STORE               1
#define EID_FOLDER              2
#define EID_MESSAGE             3

struct msgstore_eid
{
    BYTE flags[4];
    MAPIUID uid;
    BYTE version;
    BYTE kind;
    BYTE pad[2];
    ULONG folder;
    ULONG message;
};

/* The spool-security blob of Logon, which SpoolerLogon gets back: where
 * the store is, and nothing that points into a process. */
#define SPOOL_MAGIC             0x4c4f4f53  /* "SOOL" */
#define SPOOL_VERSION           1

struct spool_blob
{
    ULONG magic;
    ULONG version;
    MAPIUID uid;
    WCHAR path[MAX_PATH];
    WCHAR name[128];
};

/* ------------------------------------------------------------------------
 * msgstore.c: the DLL, the provider, the service entry.
 */

extern LONG msgstore_live_objects;
extern const MAPIUID msgstore_provider_uid;    /* PR_MDB_PROVIDER */

/* mapi32's functions that are looked up by name (the import library at
 * hand lacks them). */
extern __typeof__(PropCopyMore) *pPropCopyMore;
extern __typeof__(CreateTable) *pCreateTable;
extern __typeof__(FreeProws) *pFreeProws;
extern __typeof__(HrQueryAllRows) *pHrQueryAllRows;
extern __typeof__(ScCountNotifications) *pScCountNotifications;
extern __typeof__(ScCopyNotifications) *pScCopyNotifications;
extern __typeof__(MAPIGetDefaultMalloc) *pMAPIGetDefaultMalloc;
extern __typeof__(OpenIMsgOnIStg) *pOpenIMsgOnIStg;

/* ------------------------------------------------------------------------
 * props.c: property values.
 */

extern BOOL is_string_type(ULONG type);
extern const SPropValue *props_find(ULONG count, const SPropValue *props, ULONG tag);   /* by ID */
extern ULONG props_long(ULONG count, const SPropValue *props, ULONG tag, ULONG def);
extern void prop_binary(SPropValue *value, ULONG tag, ULONG cb, const void *data);
extern void prop_long(SPropValue *value, ULONG tag, ULONG l);
extern void prop_bool(SPropValue *value, ULONG tag, BOOL b);
/* A copy of src with its strings Unicode or 8-bit, allocated with parent. */
extern HRESULT prop_copy_as(SPropValue *dst, const SPropValue *src, BOOL unicode, void *parent);
/* A new block: the values of props but those whose IDs are in set or
 * remove, then set; strings as unicode says (TRUE: all Unicode). */
extern HRESULT props_merge(ULONG count, const SPropValue *props, ULONG set_count, const SPropValue *set,
        const SPropTagArray *remove, ULONG *out_count, SPropValue **out);
/* GetProps over a set of values whose strings are Unicode. */
extern HRESULT props_answer(const SPropValue *values, ULONG count, const SPropTagArray *tags, ULONG flags,
        ULONG *out_count, SPropValue **out);
extern HRESULT props_answer_list(const SPropValue *values, ULONG count, ULONG flags, SPropTagArray **out);
extern HRESULT props_problems(ULONG count, const ULONG *indexes, const ULONG *tags, const SCODE *codes,
        SPropProblemArray **out);
extern HRESULT make_last_error(HRESULT result, ULONG flags, MAPIERROR **out);
extern BOOL iid_is_one_of(const IID *iid, const IID *const *allowed, ULONG count);
extern void eid_make(struct msgstore_eid *eid, const MAPIUID *uid, ULONG kind, ULONG folder, ULONG message);
/* FALSE when eid is not one of the store's (uid NULL: of any of ours). */
extern BOOL eid_parse(const MAPIUID *uid, ULONG cb, const ENTRYID *eid, ULONG *kind, ULONG *folder, ULONG *message);
extern ULONGLONG filetime_value(const FILETIME *ft);

/* ------------------------------------------------------------------------
 * index.c: bytes, files and the three formats.
 */

extern ULONG checksum(const void *data, SIZE_T size);

/* A file's stamp: what tells that it changed. */
struct file_stamp
{
    ULONGLONG size;
    FILETIME time;
};
extern BOOL stamp_equal(const struct file_stamp *a, const struct file_stamp *b);

/* path + "\\" + name, FALSE when it does not fit in MAX_PATH. */
extern BOOL path_join(WCHAR *out, const WCHAR *dir, const WCHAR *name);
/* The whole file (heap), MAPI_E_NOT_FOUND when it does not exist. */
extern HRESULT file_read_all(const WCHAR *path, BYTE **data, SIZE_T *size);
/* Written to a temporary file (beside it, or in temp_dir on the same
 * disk), then moved over it; stamp may be NULL. */
extern HRESULT file_write_atomic(const WCHAR *path, const WCHAR *temp_dir, const void *data, SIZE_T size,
        struct file_stamp *stamp);
extern HRESULT file_error(DWORD error);

/* store.dat */
struct receive_folder
{
    WCHAR cls[256];         /* message class, "" for the default */
    ULONG folder;
};
struct store_file
{
    MAPIUID uid;
    ULONG next_message;
    ULONG next_folder;
    ULONG receive_count;
    struct receive_folder *receive;     /* heap */
};
/* MAPI_E_NOT_FOUND, MAPI_E_CORRUPT_DATA */
extern HRESULT store_file_read(const WCHAR *dir, struct store_file *file);
extern HRESULT store_file_write(const WCHAR *dir, const struct store_file *file);
extern void store_file_clear(struct store_file *file);

/* folder.dat: the values are one MAPIAllocateBuffer block. */
extern HRESULT folder_file_read(const WCHAR *dir, ULONG *id, ULONG *parent, ULONG *count, SPropValue **props);
extern HRESULT folder_file_write(const WCHAR *dir, ULONG id, ULONG parent, ULONG count, const SPropValue *props);

/* index.dat */
#define INDEX_PUT       1
#define INDEX_DELETE    2
struct index_record
{
    ULONG kind;
    ULONG id;
    struct file_stamp stamp;
    ULONG count;
    SPropValue *props;      /* INDEX_PUT: one MAPIAllocateBuffer block, taken by the callback */
};
typedef void (*index_callback)(void *context, struct index_record *record);
/* Reads the records from offset from (0: the whole file, header included)
 * and passes each to callback.  *generation is the file's (checked against
 * it when from is not 0), *end where the last whole record ends.  A
 * damaged record ends the reading with MAPI_E_CORRUPT_DATA after the good
 * ones; another generation is MAPI_E_OBJECT_CHANGED. */
extern HRESULT index_read(const WCHAR *dir, ULONGLONG from, ULONGLONG *generation, ULONGLONG *end,
        index_callback callback, void *context);
/* Appends records at end (what follows it is dropped); *end moves past them. */
extern HRESULT index_append(const WCHAR *dir, ULONGLONG generation, ULONGLONG *end, ULONG count,
        const struct index_record *records);
/* A new index holding records, written atomically; new generation and end. */
extern HRESULT index_rewrite(const WCHAR *dir, ULONG count, const struct index_record *records,
        ULONGLONG *generation, ULONGLONG *end);

/* ------------------------------------------------------------------------
 * store.c: a store's directory and its contents, shared by every logon to
 * it in the process.
 */

struct store_folder;

/* A message as its folder's index knows it.  Owned by its folder, guarded
 * by the store's lock. */
struct msg_entry
{
    ULONG id;
    struct store_folder *folder;
    struct msg_entry *hash_next;
    ULONG slot;                     /* in folder->entries */
    struct file_stamp stamp;        /* of its .msg file */
    ULONG count;
    SPropValue *props;              /* table values, strings Unicode; one MAPIAllocateBuffer block */
    DWORD lock_pid;                 /* who locked it for sending, 0: nobody */
    ULONG lock_serial;
};

/* A folder.  Owned by its store, guarded by the store's lock. */
struct store_folder
{
    ULONG id;
    ULONG parent;
    WCHAR dir[MAX_PATH];
    ULONG count;
    SPropValue *props;              /* folder.dat's values; one MAPIAllocateBuffer block */
    struct msg_entry **entries;     /* heap */
    ULONG entry_count, entry_capacity;
    ULONGLONG index_generation, index_end;
    ULONG index_dead;               /* records superseded since the index was written whole */
    ITableData *contents;           /* the contents table, made on first use */
};

/* A live hierarchy table: the children of root, or with depth all its descendants. */
struct hier_table
{
    struct hier_table *next;
    ULONG root;
    BOOL depth;
    ITableData *table;
};

/* An IMsgStore::Advise subscription, made through its logon's support object. */
struct subscription
{
    struct subscription *next;
    void *logon;            /* struct mdb, not referenced: a logon drops its subscriptions at logoff */
    ULONG serial;           /* the logon's */
    ULONG connection;
    ULONG mask;
    ULONG kind;             /* what it watches: 0 the whole store, EID_FOLDER or EID_MESSAGE */
    ULONG folder, message;
};

/* The key a logon subscribes with. */
struct notify_key
{
    ULONG serial;
    ULONG kind;
    ULONG folder;
    ULONG message;
};

/* A table update or notification, queued under the store's lock and
 * delivered once it is left. */
enum op_kind { OP_ROW_PUT, OP_ROW_DELETE, OP_NOTIFY };
struct store_op
{
    struct store_op *next;
    enum op_kind kind;
    ITableData *table;              /* OP_ROW_*: referenced */
    SRow row;                       /* OP_ROW_PUT: one MAPIAllocateBuffer block */
    ULONG number;                   /* OP_ROW_DELETE: the row's PR_INSTANCE_KEY */
    IMAPISupport *support;          /* OP_NOTIFY: referenced */
    struct notify_key key;
    NOTIFICATION *notification;     /* one MAPIAllocateBuffer block */
};

/* The counters processes share: every write moves seq, and a change of
 * the folders (or of store.dat) moves folder_seq too. */
struct store_shared
{
    LONG seq;
    LONG folder_seq;
};

/* A store, found by its directory.  Made by the first logon in the process
 * (which reads the directory), referenced by each logon, freed when the
 * last goes.  refcount and next are guarded by the global list's lock,
 * everything else by cs; disk writes also hold the named mutex, which is
 * always taken before cs. */
struct store
{
    LONG refcount;
    struct store *next;
    CRITICAL_SECTION cs;
    WCHAR path[MAX_PATH];
    WCHAR temp_dir[MAX_PATH];       /* where new message files are written before they move into place */
    MAPIUID uid;
    HANDLE mutex;
    HANDLE mapping;
    struct store_shared *shared;
    LONG seen_seq, seen_folder_seq;
    struct store_folder **folders;  /* heap */
    ULONG folder_count;
    struct msg_entry **hash;        /* heap, by message number */
    ULONG hash_size, entry_count;
    ULONG next_id, id_limit;        /* message numbers this process has reserved */
    ULONG receive_count;
    struct receive_folder *receive; /* heap */
    ULONGLONG last_submit;
    ITableData *queue;              /* the outgoing queue, made on first use */
    struct hier_table *hier_tables;
    struct subscription *subscriptions;
    struct store_op *ops_first, *ops_last;
    BOOL flushing;
    ULONG cb_wrapped;
    ENTRYID *wrapped;               /* PR_STORE_ENTRYID, as the first logon's MAPI wrapped it */
};

/* Opens (or makes) the store in dir; uid is the one to give a new store. */
extern HRESULT store_open(const WCHAR *dir, const MAPIUID *uid, struct store **out);
extern void store_release(struct store *store);
/* Writers: the named mutex, then the lock; readers only the lock.  Leaving
 * delivers what the change queued. */
extern void store_write_begin(struct store *store);
extern void store_write_end(struct store *store);
extern void store_enter(struct store *store);
extern void store_leave(struct store *store);
/* The changes other processes made: read when the shared counter moved. */
extern void store_sync(struct store *store);
extern void store_changed(struct store *store, BOOL folders);
extern void store_flush(struct store *store);

extern struct store_folder *store_folder(struct store *store, ULONG id);     /* NULL when gone */
extern struct msg_entry *store_entry(struct store *store, ULONG id);
extern BOOL store_folder_is_standard(ULONG id);
extern BOOL store_folder_is_below(struct store *store, ULONG id, ULONG ancestor);
extern ULONG store_folder_unread(const struct store_folder *folder);
extern ULONG store_folder_children(struct store *store, ULONG id);
extern BOOL store_message_path(const struct store_folder *folder, ULONG id, const WCHAR *suffix, WCHAR *path);

/* Write lock held. */
extern HRESULT store_reserve_id(struct store *store, ULONG *id);
extern HRESULT store_write_message(struct store *store, struct store_folder *folder, ULONG id, const void *data,
        SIZE_T size, ULONG count, const SPropValue *props);
extern HRESULT store_remove_message(struct store *store, struct msg_entry *entry);
extern HRESULT store_move_message(struct store *store, struct msg_entry *entry, struct store_folder *to);
extern HRESULT store_copy_message(struct store *store, struct msg_entry *entry, struct store_folder *to,
        ULONG *new_id);
extern HRESULT store_create_folder(struct store *store, ULONG parent, ULONG count, const SPropValue *props,
        struct store_folder **out);
extern HRESULT store_write_folder(struct store *store, struct store_folder *folder, ULONG parent, ULONG count,
        const SPropValue *props);
extern HRESULT store_remove_folder(struct store *store, struct store_folder *folder);
extern HRESULT store_write_receive(struct store *store);
/* lock.c */
extern void store_locks_refresh(struct store *store);
extern HRESULT store_lock_message(struct store *store, struct msg_entry *entry, ULONG serial, BOOL lock);
extern BOOL store_entry_locked_by_other(const struct msg_entry *entry, ULONG serial);
/* Unlocks what the logon locked; write lock held. */
extern ULONG store_unlock_all(struct store *store, ULONG serial);
extern FILETIME store_submit_time(struct store *store);
/* A sibling of parent named name (Unicode), or NULL. */
extern struct store_folder *store_folder_named(struct store *store, ULONG parent, const WCHAR *name);
extern const WCHAR *store_folder_name(const struct store_folder *folder);

/* ------------------------------------------------------------------------
 * table.c: the tables, their rows, table updates and notifications.
 */

/* Lock held: queue the table updates for an entry that was in old_folder
 * (NULL: it is new) and in the queue or not before the change. */
extern void publish_entry(struct store *store, const struct msg_entry *entry, struct store_folder *old_folder,
        BOOL was_queued);
extern void publish_entry_removed(struct store *store, const struct msg_entry *entry);
extern void publish_folder(struct store *store, const struct store_folder *folder);
extern void publish_folder_removed(struct store *store, ULONG id);
extern BOOL entry_is_queued(const struct msg_entry *entry);
extern void op_free(struct store_op *op);
extern void tables_free(struct store *store);

/* The values a folder answers (identity, counts and its own), one block;
 * a table row also has PR_INSTANCE_KEY and PR_DEPTH. */
extern HRESULT folder_values(struct store *store, const struct store_folder *folder, BOOL row, ULONG depth,
        ULONG *count, SPropValue **values);

struct mdb;
/* Views, wrapped so that every query sees other processes' changes. */
extern HRESULT table_contents(struct mdb *mdb, ULONG folder, ULONG flags, IMAPITable **out);
extern HRESULT table_hierarchy(struct mdb *mdb, ULONG folder, ULONG flags, IMAPITable **out);
extern HRESULT table_queue(struct mdb *mdb, IMAPITable **out);
/* A static table of rows (taken), columns given. */
extern HRESULT table_snapshot(struct mdb *mdb, const SPropTagArray *columns, SRowSet *rows, IMAPITable **out);

/* Object notifications to the subscriptions that watch them; lock held. */
struct object_event
{
    ULONG type;             /* fnevObject* */
    ULONG obj_type;         /* MAPI_MESSAGE or MAPI_FOLDER */
    ULONG folder, message;  /* the object: a folder has message 0 */
    ULONG parent;           /* its folder (a folder's parent) */
    ULONG old_folder, old_message, old_parent;  /* moved or copied: where from (0: none) */
};
extern void notify_object(struct store *store, const struct object_event *event);
extern void notify_new_mail(struct store *store, const NOTIFICATION *notification);
extern void notify_message(struct store *store, ULONG type, const struct msg_entry *entry, ULONG old_folder,
        ULONG old_id);

/* ------------------------------------------------------------------------
 * logon.c: a logon to a store, IMsgStore and IMSLogon.
 */

/* Made by MSProviderInit; MAPI holds it.  Lists its logons (guarded by
 * mdb_list_lock()), which do not reference it. */
struct ms_provider
{
    IMSProvider IMSProvider_iface;
    LONG refcount;
    struct mdb *logons;
};

/* Made by Logon or SpoolerLogon.  MAPI holds the logon face; clients and
 * the store's folders, messages and tables hold the store face; freed when
 * both counts are zero.  Holds its support object until the store face's
 * final release, and a reference on its store. */
struct mdb
{
    IMsgStore IMsgStore_iface;
    IMSLogon IMSLogon_iface;
    LONG store_refs;
    LONG logon_refs;
    struct ms_provider *provider;   /* NULL after Shutdown; guarded by the provider list's lock */
    struct mdb *next;
    struct store *store;
    IMAPISupport *support;          /* guarded by the store's lock */
    ULONG serial;
    BOOL spooler;
    ULONG flags;                    /* of its Logon */
    WCHAR name[128];
    ULONG cb_wrapped;
    ENTRYID *wrapped;               /* its wrapped entry ID */
    BOOL store_logoff_called;
    ULONG store_logoff_flags;
    BOOL logged_off;                /* guarded by the store's lock */
    BOOL releasing;
};

extern HRESULT mdb_create(struct ms_provider *provider, IMAPISupport *sup, const struct spool_blob *info,
        ULONG flags, BOOL spooler, struct mdb **out);
extern IMAPISupport *mdb_support(struct mdb *mdb);      /* referenced, or NULL once it let go; lock held */
/* OpenEntry of the logon's faces and folders: no entry ID is the root folder. */
extern HRESULT mdb_open_entry(struct mdb *mdb, ULONG cb, const ENTRYID *eid, const IID *iid, ULONG flags,
        ULONG *type, IUnknown **out);
extern void mdb_forget_provider(struct ms_provider *provider);

/* ------------------------------------------------------------------------
 * cfb.c: whether a compound file's structure can be read without looping.
 */

extern BOOL cfb_check(const BYTE *data, SIZE_T size);

/* ------------------------------------------------------------------------
 * folder.c and message.c
 */

extern HRESULT folder_open(struct mdb *mdb, ULONG id, BOOL writable, IMAPIFolder **out);

struct message;
extern HRESULT message_create(struct mdb *mdb, ULONG folder, IMessage **out);
/* Opens a message; an entry ID whose folder is stale finds it where it is now. */
extern HRESULT message_open(struct mdb *mdb, ULONG folder, ULONG id, ULONG flags, IMessage **out);
extern struct message *message_from_iface(IMessage *iface);
extern ULONG message_id(const struct message *msg);
extern struct mdb *message_mdb(const struct message *msg);
extern HRESULT message_save_if_dirty(struct message *msg);
/* Reads a .msg file into the values its index record holds (one block);
 * MAPI_E_CORRUPT_DATA, with a WARN, when it cannot be read. */
extern HRESULT message_file_index(const WCHAR *path, ULONG *count, SPropValue **props, struct file_stamp *stamp);
/* Changes values of a stored message and writes it again (write lock held):
 * set and remove on its properties. */
extern HRESULT message_file_update(struct store *store, struct msg_entry *entry, ULONG set_count,
        const SPropValue *set, const SPropTagArray *remove);

#endif /* __WINE_MSGSTORE_H */
