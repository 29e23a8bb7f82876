/*
 * mapi32: what the files of IMessage on structured storage share
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A message opened with OpenIMsgOnIStg works on a copy of its contents in
 * memory, read from the storage when it is opened.  Its SaveChanges writes
 * that copy to the storage in the Outlook message file layout (MS-OXMSG).
 * Subobjects follow the same model one level down: an open attachment or
 * embedded message works on its own copy, and its SaveChanges hands that
 * copy to its parent, where it stays until the parent is saved.
 *
 * imsg.c       the exported functions, message sessions, IMessage
 * imsgprop.c   the IMAPIProp part that messages and attachments share
 * imsgrecip.c  recipients: ModifyRecipients and the recipient table
 * imsgattach.c IAttach, the attachment table, embedded messages
 * imsgcopy.c   CopyTo and CopyProps
 * imsgread.c   reading the storage, imsgwrite.c writing it
 */

#ifndef __MAPI32_IMSG_H
#define __MAPI32_IMSG_H

#include "private.h"
#include "imessage.h"
#include "propdata.h"

/* Values of the MAPI SDK that Wine's headers leave out. */
#ifndef MODRECIP_ADD
#define MODRECIP_ADD            0x00000002
#define MODRECIP_MODIFY         0x00000004
#define MODRECIP_REMOVE         0x00000008
#endif
#ifndef ATTACH_EMBEDDED_MSG
#define ATTACH_EMBEDDED_MSG     5
#endif
#ifndef ATTACH_OLE
#define ATTACH_OLE              6
#endif
#ifndef ATTACH_DIALOG
#define ATTACH_DIALOG           0x00000001
#endif
#ifndef FORCE_SUBMIT
#define FORCE_SUBMIT            0x00000001
#endif
#ifndef SUPPRESS_RECEIPT
#define SUPPRESS_RECEIPT        0x00000001
#endif
#ifndef CLEAR_READ_FLAG
#define CLEAR_READ_FLAG         0x00000004
#endif
#ifndef GENERATE_RECEIPT_ONLY
#define GENERATE_RECEIPT_ONLY   0x00000010
#endif
#ifndef CLEAR_RN_PENDING
#define CLEAR_RN_PENDING        0x00000020
#endif
#ifndef CLEAR_NRN_PENDING
#define CLEAR_NRN_PENDING       0x00000040
#endif
#ifndef STORE_UNICODE_OK
#define STORE_UNICODE_OK        0x00040000
#endif

#define IMSG_FIRST_NAMED_ID     0x8000
#define IMSG_DEFAULT_ATTR       (PROPATTR_READABLE | PROPATTR_WRITEABLE)

/* A property attribute that differs from IMSG_DEFAULT_ATTR. */
struct imsg_attr
{
    ULONG id;           /* property identifier */
    ULONG attr;         /* PROPATTR_MANDATORY, PROPATTR_READABLE, PROPATTR_WRITEABLE */
};

/* The properties of a message, recipient table aside, or of an
 * attachment: an IPropData made with the root's allocators, which also
 * keeps the access of each property (IPROP_READONLY for a property whose
 * attributes lack PROPATTR_WRITEABLE), and the attributes that differ
 * from the default.  Owned by the content or attachment data it is in. */
struct imsg_bag
{
    IPropData *props;
    struct imsg_attr *attrs;
    ULONG attr_count;
};

/* One recipient: its properties, PR_ROWID first, in one buffer of the
 * root's allocate_buffer. */
struct imsg_recip
{
    ULONG count;
    SPropValue *props;
};

struct imsg_attach_data;

/* The contents of a message: properties, recipients and attachments.
 * Owned by the message object working on it, or by the attachment data
 * of an embedded message. */
struct imsg_content
{
    struct imsg_bag bag;
    struct imsg_recip *recips;
    ULONG recip_count, recip_capacity;
    ULONG next_rowid;
    struct imsg_attach_data **attachs;      /* in the order of their numbers */
    ULONG attach_count, attach_capacity;
    ULONG next_attach_num;
};

/* The contents of an attachment.  Owned by the message content that lists
 * it, or by the attachment object working on it. */
struct imsg_attach_data
{
    ULONG num;                      /* PR_ATTACH_NUM */
    struct imsg_bag bag;
    struct imsg_content *message;   /* PR_ATTACH_DATA_OBJ as an embedded message, or NULL */
    IStorage *storage;              /* PR_ATTACH_DATA_OBJ as a storage (in memory), or NULL */
};

struct imsg_session;

/* What a message tree shares: the storage, the allocators, the named
 * property map and the lock of every structure in the tree.  Made by
 * OpenIMsgOnIStg and owned by the top-level message; its subobjects keep
 * that message alive through their parents. */
struct imsg_root
{
    CRITICAL_SECTION cs;
    ALLOCATEBUFFER *allocate_buffer;
    ALLOCATEMORE *allocate_more;
    FREEBUFFER *free_buffer;
    IMalloc *malloc;
    IMAPISupport *support;
    IStorage *storage;              /* referenced; NULL once the message is closed */
    IPropData *names;               /* the named property map of the file */
    ULONG flags;                    /* IMSG_NO_ISTG_COMMIT */
    BOOL unicode;                   /* the file's strings are Unicode (STORE_UNICODE_OK) */
    BOOL storage_writable;
    BOOL closed;                    /* by CloseIMsgSession */
    struct imsg_session *session;   /* guarded by the sessions' lock */
    struct imsg_root *session_next;
    MSGCALLRELEASE *release;
    ULONG caller_data;
    IMessage *message;              /* the top-level message, for the release callback */
};

/* The IMAPIProp state of a message or attachment object. */
struct imsg_object
{
    struct imsg_root *root;
    struct imsg_bag *bag;           /* the working copy's properties */
    const ULONG *computed;          /* properties the object computes, PR_NULL-terminated */
    const char *component;          /* "IMessage" or "IAttach", for GetLastError */
    HRESULT last_error;
    const char *last_method;
};

struct imsg_attach;

/* An IMessage: the top-level message of OpenIMsgOnIStg or an embedded
 * message opened on an attachment.  Callers hold references; an embedded
 * message holds one on its attachment object.  It owns its working
 * content and its tables, and lists its open attachment objects. */
struct imsg_message
{
    IMessage IMessage_iface;
    LONG refcount;
    struct imsg_object obj;
    struct imsg_content *content;
    struct imsg_attach *parent;     /* an embedded message's attachment, or NULL */
    struct imsg_attach *open_attachs;
    ITableData *recip_tables[2];    /* ANSI and Unicode, made on demand */
    ITableData *attach_tables[2];
};

/* An IAttach opened or created on a message.  Callers and an open embedded
 * message hold references; it holds one on its message.  It owns its
 * working copy. */
struct imsg_attach
{
    IAttach IAttach_iface;
    LONG refcount;
    struct imsg_object obj;
    struct imsg_message *message;
    struct imsg_attach *next;       /* in message->open_attachs */
    struct imsg_attach_data *data;
    BOOL saved;                     /* the message lists it */
    BOOL deleted;                   /* DeleteAttach removed it meanwhile */
    struct imsg_message *embedded;  /* its open embedded message, not referenced */
};

static inline BOOL imsg_is_string(ULONG type)
{
    return type == PT_STRING8 || type == PT_UNICODE;
}

/* util.c; Wine's headers do not declare it. */
SCODE WINAPI MapStorageSCode(SCODE storage_code);

/* imsg.c */
extern HRESULT imsg_message_create(struct imsg_root *root, struct imsg_content *content, struct imsg_attach *parent,
        BOOL writable, struct imsg_message **out);

/* imsgprop.c: bags, contents, and the IMAPIProp methods */
extern HRESULT imsg_bag_init(struct imsg_root *root, struct imsg_bag *bag);
extern void imsg_bag_free(struct imsg_bag *bag);
extern HRESULT imsg_bag_put(struct imsg_bag *bag, const SPropValue *value);   /* ignores access */
extern void imsg_bag_remove(struct imsg_bag *bag, ULONG tag);
extern ULONG imsg_bag_attr(struct imsg_bag *bag, ULONG tag);                  /* PROPATTR_NOT_PRESENT when missing */
extern HRESULT imsg_bag_set_attr(struct imsg_bag *bag, ULONG tag, ULONG attr);
extern HRESULT imsg_bag_values(struct imsg_root *root, struct imsg_bag *bag, ULONG *count, SPropValue **values);
extern HRESULT imsg_content_create(struct imsg_root *root, struct imsg_content **out);
extern void imsg_content_free(struct imsg_root *root, struct imsg_content *content);
extern HRESULT imsg_content_clone(struct imsg_root *root, const struct imsg_content *src, struct imsg_content **out);
extern HRESULT imsg_attach_data_create(struct imsg_root *root, ULONG num, struct imsg_attach_data **out);
extern void imsg_attach_data_free(struct imsg_root *root, struct imsg_attach_data *data);
extern HRESULT imsg_attach_data_clone(struct imsg_root *root, const struct imsg_attach_data *src,
        struct imsg_attach_data **out);
extern HRESULT imsg_storage_clone(IStorage *src, IStorage **out);
extern HRESULT imsg_content_add_attach(struct imsg_root *root, struct imsg_content *content,
        struct imsg_attach_data *data);
extern struct imsg_attach_data *imsg_content_find_attach(struct imsg_content *content, ULONG num);
extern HRESULT imsg_content_update_hasattach(struct imsg_content *content);
extern HRESULT imsg_object_record(struct imsg_object *obj, HRESULT hr, const char *method);
extern BOOL imsg_object_closed(struct imsg_object *obj);
extern HRESULT imsg_object_get_last_error(struct imsg_object *obj, HRESULT result, ULONG flags, MAPIERROR **error);
extern HRESULT imsg_object_get_props(struct imsg_object *obj, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **values);
extern HRESULT imsg_object_get_prop_list(struct imsg_object *obj, ULONG flags, SPropTagArray **tags);
extern HRESULT imsg_object_open_stream(struct imsg_object *obj, ULONG tag, const IID *iid, ULONG options, ULONG flags,
        IUnknown **out);
extern HRESULT imsg_object_set_props(struct imsg_object *obj, ULONG count, SPropValue *values,
        SPropProblemArray **problems);
extern HRESULT imsg_object_delete_props(struct imsg_object *obj, SPropTagArray *tags, SPropProblemArray **problems);
extern HRESULT imsg_object_get_names(struct imsg_object *obj, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names);
extern HRESULT imsg_object_get_ids(struct imsg_object *obj, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags);
extern BOOL imsg_object_writable(struct imsg_object *obj);
extern void imsg_object_set_writable(struct imsg_object *obj, BOOL writable);
extern HRESULT imsg_check_save_flags(ULONG flags);
extern SCODE imsg_copy_props_as(struct imsg_root *root, ULONG count, const SPropValue *props, BOOL unicode,
        ULONG *out_count, SPropValue **out);

/* imsgrecip.c */
extern HRESULT imsg_recips_modify(struct imsg_root *root, struct imsg_content *content, ULONG flags,
        const ADRLIST *mods);
extern void imsg_recips_free(struct imsg_root *root, struct imsg_content *content);
extern HRESULT imsg_recips_clone(struct imsg_root *root, const struct imsg_content *src, struct imsg_content *dst);
extern HRESULT imsg_recip_add(struct imsg_root *root, struct imsg_content *content, ULONG count,
        const SPropValue *props);
extern HRESULT imsg_content_update_display(struct imsg_root *root, struct imsg_content *content);
extern HRESULT imsg_recip_table(struct imsg_message *message, ULONG flags, IMAPITable **table);
extern void imsg_recip_tables_update(struct imsg_message *message);

/* imsgattach.c */
extern const IAttachVtbl imsg_attach_vtbl;
extern HRESULT imsg_attach_open(struct imsg_message *message, ULONG num, const IID *iid, ULONG flags, IAttach **out);
extern HRESULT imsg_attach_create(struct imsg_message *message, const IID *iid, ULONG flags, ULONG *num,
        IAttach **out);
extern HRESULT imsg_attach_delete(struct imsg_message *message, ULONG num);
extern HRESULT imsg_attach_table(struct imsg_message *message, ULONG flags, IMAPITable **table);
extern HRESULT imsg_attach_embedded_saved(struct imsg_attach *attach, const struct imsg_content *content);
extern void imsg_attach_embedded_released(struct imsg_attach *attach, struct imsg_message *embedded);

/* imsgcopy.c */
enum imsg_kind { IMSG_KIND_MESSAGE, IMSG_KIND_ATTACH };
extern HRESULT imsg_copy_to(struct imsg_object *obj, enum imsg_kind kind, void *source, ULONG iid_count,
        const IID *excluded_iids, SPropTagArray *excluded, IMAPIProgress *progress, const IID *iid, void *dest,
        ULONG flags, SPropProblemArray **problems);
extern HRESULT imsg_copy_props(struct imsg_object *obj, enum imsg_kind kind, void *source, SPropTagArray *included,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems);

/* imsgread.c and imsgwrite.c */
extern void imsg_stream_name(WCHAR *out, const WCHAR *prefix, ULONG tag);
extern void imsg_value_stream_name(WCHAR *out, ULONG tag, ULONG index);
extern HRESULT imsg_file_names_load(struct imsg_root *root, IStorage *storage);
extern HRESULT imsg_file_content_load(struct imsg_root *root, IStorage *storage, ULONG depth,
        struct imsg_content *content);
extern BOOL imsg_file_is_unicode(IStorage *storage);
extern HRESULT imsg_file_save(struct imsg_root *root, struct imsg_content *content);

#endif /* __MAPI32_IMSG_H */
