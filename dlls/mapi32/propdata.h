/*
 * mapi32: what the IPropData object shares with its property streams
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_PROPDATA_H
#define __MAPI32_PROPDATA_H

/* One property of an object.  The value is a root buffer from the object's
 * allocate_buffer with everything it points to chained to it by
 * allocate_more, so one free_buffer releases it. */
struct prop_entry
{
    SPropValue *value;
    ULONG access;       /* IPROP_READONLY or IPROP_READWRITE, and IPROP_CLEAN or IPROP_DIRTY */
};

/* One name of the named property map; prop_id is FIRST_NAMED_ID plus the
 * index of the entry, and entries are never removed. */
struct named_prop
{
    GUID guid;
    ULONG kind;         /* MNID_ID or MNID_STRING */
    LONG id;            /* the name of an MNID_ID entry */
    WCHAR *name;        /* the name of an MNID_STRING entry, from the heap */
};

/* An IPropData from CreateIProp.  Callers and the streams of OpenProperty
 * hold references.  It holds its properties (made with the caller's
 * allocators), its named property map and its last error, all behind cs. */
struct propdata
{
    IPropData IPropData_iface;
    LONG refcount;
    ALLOCATEBUFFER *allocate_buffer;
    ALLOCATEMORE *allocate_more;
    FREEBUFFER *free_buffer;
    CRITICAL_SECTION cs;
    ULONG access;
    struct prop_entry *props;
    ULONG prop_count;
    ULONG prop_capacity;
    struct named_prop *names;
    ULONG name_count;
    ULONG name_capacity;
    HRESULT last_error;
    const char *last_error_method;
};

static inline BOOL is_string_type(ULONG type)
{
    return type == PT_STRING8 || type == PT_UNICODE;
}

static inline BOOL entry_is_writable(const struct prop_entry *entry)
{
    return !entry || (entry->access & IPROP_READWRITE);
}

/* propdata.c */
extern struct prop_entry *propdata_find(struct propdata *obj, ULONG tag);
extern HRESULT propdata_store(struct propdata *obj, const SPropValue *value);
extern SCODE propdata_value_copy_as(SPropValue *dst, const SPropValue *src, ULONG type, ALLOCATEMORE *allocate_more,
        void *parent);

/* propstream.c */
extern HRESULT propdata_stream_create(struct propdata *obj, ULONG tag, ULONG flags, IStream **out);

#endif /* __MAPI32_PROPDATA_H */
