/*
 * The mail-drop transport: what its files share
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAILDROP_H
#define __MAILDROP_H

#include <stdarg.h>
#include <stddef.h>

#define COBJMACROS
#define CONST_VTABLE
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "winnls.h"
#include "objbase.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapifix.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "wine/debug.h"
#include "../../libs/mime/mime.h"

/* Built outside Wine's tree: the short debug names Wine's DLLs use. */
#ifndef TRACE
#define TRACE WINE_TRACE
#define WARN WINE_WARN
#define FIXME WINE_FIXME
#undef ERR
#define ERR WINE_ERR
static inline const char *debugstr_a(const char *s) { return wine_dbgstr_an(s, -1); }
static inline const char *debugstr_w(const WCHAR *s) { return wine_dbgstr_wn(s, -1); }
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* The private properties of the provider section (see maildrop.inf).  A
 * missing path is the default under the user's local application data; an
 * empty inbound path turns receiving off. */
#define PR_MAILDROP_OUTBOX      PROP_TAG(PT_STRING8, 0x6630)
#define PR_MAILDROP_INBOX       PROP_TAG(PT_STRING8, 0x6631)
#define PR_MAILDROP_SENDER      PROP_TAG(PT_STRING8, 0x6632)
#define PR_MAILDROP_SENDER_NAME PROP_TAG(PT_STRING8, 0x6633)

/* The header field that carries the envelope of an outgoing message: the
 * addresses of every recipient it is for, blind copies included.  It is
 * the first field of each .eml written, and removed from inbound files
 * before they are read. */
#define MAILDROP_ENVELOPE_FIELD "X-Maildrop-Recipients"

#define MAILDROP_DLL_NAME "MAILDROP.DLL"
#define MAILDROP_DISPLAY "Mail Drop"
#define MAILDROP_PROVIDER_DISPLAY "Mail Drop Transport"
#define MAILDROP_ADDRTYPE "SMTP"

/* What a logon works with, read from its provider section. */
struct maildrop_config
{
    WCHAR outbox[MAX_PATH];         /* the outbound Maildir */
    WCHAR inbox[MAX_PATH];          /* the inbound Maildir; empty: no inbound mail */
    WCHAR sender[256];              /* the From of messages that have none; empty: none */
    WCHAR sender_name[256];
    char display[256];              /* PR_DISPLAY_NAME of the provider section */
    ULONG resource_flags;           /* PR_RESOURCE_FLAGS of the provider section */
};

/* maildrop.c */
extern LONG maildrop_objects;       /* live objects of this DLL, for DllCanUnloadNow */
extern HRESULT hresult_from_error(DWORD error);
/* The provider section's values, with the defaults for the profile named. */
extern HRESULT config_read(IMAPISupport *support, const char *profile, struct maildrop_config *config);
/* Makes the Maildir's directories (root, tmp, new, cur) when missing. */
extern HRESULT maildir_prepare(const WCHAR *root);
/* Delivery in two steps: maildir_write writes data as a new file in tmp/
 * (its name returned) and flushes it to disk; maildir_commit moves it into
 * new/, maildir_discard deletes it. */
extern HRESULT maildir_write(const WCHAR *root, const char *data, SIZE_T size, WCHAR *name, DWORD count);
extern HRESULT maildir_commit(const WCHAR *root, const WCHAR *name);
extern void maildir_discard(const WCHAR *root, const WCHAR *name);
/* The names of the files in new/, oldest first (one HeapAlloc block). */
extern HRESULT maildir_scan(const WCHAR *root, WCHAR ***names, ULONG *count);
/* Opens root/sub/name so that no other reader can open it and reads it
 * whole; the handle stays open (and the file claimed) until closed. */
extern HRESULT maildir_claim(const WCHAR *root, const WCHAR *sub, const WCHAR *name, HANDLE *file, char **data,
        SIZE_T *size);
/* Moves root/new/name into root/to/ (made when missing), replacing a file of that name. */
extern HRESULT maildir_move(const WCHAR *root, const WCHAR *name, const WCHAR *to);
/* Whether an address is one the transport writes: an addr-spec of
 * printable ASCII, a dot-atom or quoted local part and a domain. */
extern BOOL address_is_valid(const WCHAR *address);

#define MAX_SKIPPED 64

/* An inbound file this logon passes over: the store did not take it, or it
 * was saved but could not be moved out of new/. */
struct skipped_file
{
    WCHAR name[MAX_PATH];
    ULONG failures;                 /* of filling the message */
    ULONGLONG not_before;           /* GetTickCount64(); ~0: never again */
};

/* What a logon and its status objects share.  Made by logon_create; held
 * by the logon until TransportLogoff, by each status object and by each
 * call running.  The support object is referenced here until
 * TransportLogoff.  cs guards everything after it and is never held across
 * a call into MAPI other than the support object's AddRef (taken under it
 * so that TransportLogoff's release cannot come in between); status_cs
 * keeps ModifyStatusRow calls in order. */
struct logon_state
{
    LONG refs;
    struct mime_allocators alloc;
    char profile[256];
    CRITICAL_SECTION status_cs;
    CRITICAL_SECTION cs;
    IMAPISupport *support;
    struct maildrop_config config;
    ULONG cb_identity;
    ENTRYID *identity;              /* the sender's one-off entry ID, HeapAlloc */
    BOOL stopping;                  /* TransportLogoff has begun */
    BOOL reload;                    /* read the configuration again at the next call */
    ULONG status_code;
    char status_string[256];
    ULONG_PTR next_ref;
    ULONG_PTR current_ref;          /* of the SubmitMessage running, 0 for none */
    BOOL cancel;                    /* CANCEL_MESSAGE came for current_ref */
    WCHAR **pending;                /* the files of new/ the last scan found, oldest first */
    ULONG pending_count, pending_next;
    struct skipped_file skipped[MAX_SKIPPED];
    ULONG skipped_count;
};

/* logon.c */
extern HRESULT logon_create(IMAPISupport *support, const struct mime_allocators *alloc, const char *profile,
        ULONG *flags, IXPLogon **out);
extern void state_release(struct logon_state *state);
/* The support object, AddRef'd, or NULL once the logon is stopping. */
extern IMAPISupport *state_support(struct logon_state *state);
/* ValidateState of the logon and of its status objects. */
extern HRESULT state_validate(struct logon_state *state, ULONG flags);
extern void spooler_notify(struct logon_state *state, ULONG flags);
/* "SMTP:ADDRESS" with its terminator, as one-off search keys are; HeapAlloc. */
extern BYTE *search_key(const WCHAR *address, ULONG *cb);

/* maildrop.c: the status object; it takes over a reference on state. */
extern HRESULT status_create(struct logon_state *state, IMAPIStatus **out);

#endif /* __MAILDROP_H */
