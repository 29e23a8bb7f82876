/*
 * MIME: Internet messages (RFC 5322, MIME) to and from MAPI messages
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_MAPI_MIME_H
#define __WINE_MAPI_MIME_H

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "mapix.h"

/* The library is compiled into the programs and provider DLLs that use it
 * (MIME_SRCS in Makefile.am; they link ole32 and uuid). Everything it
 * allocates comes from the process heap and is freed with mime_free() or
 * mime_message_free(); docs/mime.md has the mapping between headers and
 * MAPI properties. */

/* An address: a display name (NULL or empty: none) and an addr-spec. */
struct mime_address
{
    WCHAR *name;
    WCHAR *address;
};

struct mime_recipient
{
    ULONG type;                     /* MAPI_TO, MAPI_CC or MAPI_BCC */
    struct mime_address addr;
};

struct mime_attachment
{
    WCHAR *filename;                /* NULL: none */
    WCHAR *mime_type;               /* "type/subtype"; NULL: guessed from the file name */
    WCHAR *content_id;              /* without the angle brackets; NULL: none */
    BOOL is_inline;                 /* shown in the body: Content-Disposition inline */
    BYTE *data;
    SIZE_T size;
    struct mime_message *message;   /* message/rfc822: the message itself (data then
                                     * holds its text when read, is unused when written) */
};

enum mime_importance
{
    MIME_IMPORTANCE_NONE = 0,       /* not given */
    MIME_IMPORTANCE_LOW,
    MIME_IMPORTANCE_NORMAL,
    MIME_IMPORTANCE_HIGH,
};

/* Problems the reader met and worked around (struct mime_message defects). */
#define MIME_DEFECT_NO_HEADERS          0x00000001  /* no header field at all */
#define MIME_DEFECT_BAD_HEADER          0x00000002  /* a line in the header block without a colon */
#define MIME_DEFECT_NO_BOUNDARY         0x00000004  /* a multipart without boundary or without any part */
#define MIME_DEFECT_MISSING_END         0x00000008  /* a multipart without its closing delimiter */
#define MIME_DEFECT_BAD_ENCODING        0x00000010  /* bad base64 or quoted-printable data */
#define MIME_DEFECT_UNKNOWN_CHARSET     0x00000020  /* a charset we cannot convert */
#define MIME_DEFECT_BAD_DATE            0x00000040  /* a Date field that is not a date */
#define MIME_DEFECT_TOO_DEEP            0x00000080  /* parts nested deeper than the limit, kept opaque */
#define MIME_DEFECT_UNKNOWN_ENCODING    0x00000100  /* a Content-Transfer-Encoding we do not know */

/* A message. Strings are NUL-terminated UTF-16; message_id, in_reply_to
 * and references keep their angle brackets. */
struct mime_message
{
    WCHAR *subject;
    struct mime_address from;
    struct mime_address sender;     /* written only when it differs from From */
    ULONG reply_to_count;
    struct mime_address *reply_to;
    ULONG recipient_count;
    struct mime_recipient *recipients;
    FILETIME date;                  /* UTC; zero: none (the writer uses the current time) */
    WCHAR *message_id;              /* NULL: the writer makes one */
    WCHAR *in_reply_to;
    WCHAR *references;
    enum mime_importance importance;
    LONG priority;                  /* PRIO_NONURGENT, PRIO_NORMAL or PRIO_URGENT */
    WCHAR *body;                    /* text/plain, CRLF line ends; NULL: none */
    WCHAR *html;                    /* text/html; NULL: none */
    ULONG attachment_count;
    struct mime_attachment *attachments;
    /* Set by the reader only. */
    WCHAR *headers;                 /* the header block as received */
    ULONG defects;                  /* MIME_DEFECT_* */
};

/* The allocators of the MAPI objects the mapping talks to. */
struct mime_allocators
{
    ALLOCATEBUFFER *allocate_buffer;
    ALLOCATEMORE *allocate_more;
    FREEBUFFER *free_buffer;
};

/* Writes msg as an Internet message with CRLF line ends into *data (size
 * bytes, freed with mime_free); *message_id (optional, freed with
 * mime_free) receives the Message-ID written. Fields that would change the
 * header structure are refused with MAPI_E_INVALID_PARAMETER. */
extern HRESULT mime_write(const struct mime_message *msg, ULONG flags, char **data, SIZE_T *size,
        WCHAR **message_id);

/* Parses an Internet message with any line ends. Returns S_OK, or
 * MAPI_W_PARTIAL_COMPLETION when it met defects (listed in (*msg)->defects);
 * *msg is freed with mime_message_free. */
extern HRESULT mime_read(const char *data, SIZE_T size, ULONG flags, struct mime_message **msg);

extern void mime_message_free(struct mime_message *msg);
extern void mime_free(void *ptr);

/* The MAPI side: the message's properties, recipients and attachments to
 * and from the plain structure. mime_message_to_imessage does not call
 * SaveChanges on the message (it does on the attachments it creates). */
extern HRESULT mime_message_from_imessage(IMessage *message, const struct mime_allocators *alloc,
        struct mime_message **msg);
extern HRESULT mime_message_to_imessage(const struct mime_message *msg, IMessage *message,
        const struct mime_allocators *alloc);
extern HRESULT mime_write_imessage(IMessage *message, const struct mime_allocators *alloc, ULONG flags,
        char **data, SIZE_T *size, WCHAR **message_id);
extern HRESULT mime_read_imessage(const char *data, SIZE_T size, IMessage *message,
        const struct mime_allocators *alloc, ULONG flags);

/* Values and properties Wine's headers do not name (MAPI reference, MS-OXPROPS). */
#ifndef PRIO_URGENT
#define PRIO_URGENT 1
#define PRIO_NORMAL 0
#define PRIO_NONURGENT (-1)
#endif
#ifndef IMPORTANCE_HIGH
#define IMPORTANCE_LOW 0
#define IMPORTANCE_NORMAL 1
#define IMPORTANCE_HIGH 2
#endif

#ifndef ATTACH_EMBEDDED_MSG
#define ATTACH_BY_REFERENCE 2
#define ATTACH_BY_REF_RESOLVE 3
#define ATTACH_BY_REF_ONLY 4
#define ATTACH_EMBEDDED_MSG 5
#define ATTACH_OLE 6
#endif
#ifndef DT_MAILUSER
#define DT_MAILUSER 0
#endif

#ifndef PR_INTERNET_MESSAGE_ID_W
#define PR_INTERNET_MESSAGE_ID_W PROP_TAG(PT_UNICODE, 0x1035)
#endif
#ifndef PR_IN_REPLY_TO_ID_W
#define PR_IN_REPLY_TO_ID_W PROP_TAG(PT_UNICODE, 0x1042)
#endif
#ifndef PR_INTERNET_REFERENCES_W
#define PR_INTERNET_REFERENCES_W PROP_TAG(PT_UNICODE, 0x1039)
#endif
#ifndef PR_BODY_HTML_W
#define PR_BODY_HTML_W PROP_TAG(PT_UNICODE, 0x1013)
#endif
#ifndef PR_HTML
#define PR_HTML PROP_TAG(PT_BINARY, 0x1013)
#endif
#ifndef PR_INTERNET_CPID
#define PR_INTERNET_CPID PROP_TAG(PT_LONG, 0x3FDE)
#endif
#ifndef PR_ATTACH_CONTENT_ID_W
#define PR_ATTACH_CONTENT_ID_W PROP_TAG(PT_UNICODE, 0x3712)
#endif
#ifndef PR_ATTACH_FLAGS
#define PR_ATTACH_FLAGS PROP_TAG(PT_LONG, 0x3714)
#endif
#ifndef ATT_MHTML_REF
#define ATT_MHTML_REF 0x00000004
#endif
#ifndef PR_ATTACHMENT_HIDDEN
#define PR_ATTACHMENT_HIDDEN PROP_TAG(PT_BOOLEAN, 0x7FFE)
#endif
#ifndef PR_SMTP_ADDRESS_W
#define PR_SMTP_ADDRESS_W PROP_TAG(PT_UNICODE, 0x39FE)
#endif
#ifndef PR_SENDER_SMTP_ADDRESS_W
#define PR_SENDER_SMTP_ADDRESS_W PROP_TAG(PT_UNICODE, 0x5D01)
#endif
#ifndef PR_SENT_REPRESENTING_SMTP_ADDRESS_W
#define PR_SENT_REPRESENTING_SMTP_ADDRESS_W PROP_TAG(PT_UNICODE, 0x5D02)
#endif

#endif /* __WINE_MAPI_MIME_H */
