/*
 * mapi32: the one internal header
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_PRIVATE_H
#define __MAPI32_PRIVATE_H

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
#include "mapival.h"
#include "mapiguid.h"
#include "mapifix.h"
#include "wine/debug.h"

/* The DLL is built outside Wine's tree: give it the short debug names that
 * Wine's own DLLs use. */
#ifndef TRACE
#define TRACE WINE_TRACE
#define TRACE_ON WINE_TRACE_ON
#define WARN WINE_WARN
#define WARN_ON WINE_WARN_ON
#define FIXME WINE_FIXME
#undef ERR
#define ERR WINE_ERR
static inline const char *debugstr_a(const char *s) { return wine_dbgstr_an(s, -1); }
static inline const char *debugstr_an(const char *s, int n) { return wine_dbgstr_an(s, n); }
static inline const char *debugstr_w(const WCHAR *s) { return wine_dbgstr_wn(s, -1); }
static inline const char *debugstr_guid(const GUID *id) { return wine_dbgstr_guid(id); }
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* main.c */
extern HINSTANCE mapi32_instance;
extern BOOL mapi_is_initialized(void);

/* alloc.c */
extern void *mapi_heap_alloc(SIZE_T size);
extern void *mapi_heap_realloc(void *ptr, SIZE_T size);
extern void mapi_heap_free(void *ptr);
extern char *mapi_heap_strdup(const char *str);

/* prop.c */
extern ULONG prop_mv_slot_size(ULONG type);
extern SCODE prop_data_size(const SPropValue *prop, ULONG *size);
extern void prop_mv_value_at(const SPropValue *mv, ULONG index, SPropValue *value);

/* validate.c */
extern BOOL prop_tag_is_bad(ULONG tag);
extern BOOL prop_value_is_bad(const SPropValue *prop);

/* notifyreg.c: subscriptions for IMAPISupport::Subscribe/Notify and sessions */
struct notify_registry;
extern HRESULT notify_registry_create(struct notify_registry **registry);
extern void notify_registry_destroy(struct notify_registry *registry);
extern HRESULT notify_subscribe(struct notify_registry *registry, ULONG key_size, const void *key,
        ULONG event_mask, IMAPIAdviseSink *sink, ULONG flags, ULONG_PTR *connection);
extern HRESULT notify_unsubscribe(struct notify_registry *registry, ULONG_PTR connection);
extern HRESULT notify_fire(struct notify_registry *registry, ULONG key_size, const void *key, ULONG count,
        NOTIFICATION *notifications, ULONG *flags);

/* restrict.c: restrictions evaluated on table rows */
typedef const SPropValue *(*restriction_lookup)(void *context, ULONG tag, SPropValue *scratch);
extern HRESULT restriction_check(const SRestriction *res);
extern SRestriction *restriction_dup(const SRestriction *res);
extern BOOL restriction_match(const SRestriction *res, restriction_lookup lookup, void *context);

/* stream.c */
extern HRESULT stream_query_interface(IStream *iface, REFIID riid, void **out);

#endif /* __MAPI32_PRIVATE_H */
