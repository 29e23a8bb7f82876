/*
 * MIME: what the library's files share
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_MAPI_MIMEPRIV_H
#define __WINE_MAPI_MIMEPRIV_H

#include "mime.h"
#include "winnls.h"
#include "wine/debug.h"

/* Outside Wine's tree: the short debug names Wine's own code uses. */
#ifndef TRACE
#define TRACE WINE_TRACE
#define WARN WINE_WARN
#define FIXME WINE_FIXME
static inline const char *debugstr_a(const char *s) { return wine_dbgstr_an(s, -1); }
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* Header lines are folded before this many characters when possible, and
 * no line is ever longer than the hard limit (RFC 5322 2.1.1). */
#define MIME_FOLD_COLUMN 78
#define MIME_LINE_LIMIT 998

/* Code pages that are not Windows' own: converted by charset.c itself. */
#define MIME_CP_ASCII       0x10001     /* US-ASCII: 8-bit bytes read as UTF-8 or Windows-1252 */
#define MIME_CP_EUC_JP      0x10002
#define MIME_CP_ISO2022JP   0x10003
#define MIME_CP_ISO8859_10  0x10004
#define MIME_CP_ISO8859_14  0x10005
#define MIME_CP_ISO8859_16  0x10006

/* charset.c: memory */
extern void *mime_alloc(SIZE_T size);
extern void *mime_realloc(void *ptr, SIZE_T size);
extern WCHAR *mime_wcsdup(const WCHAR *str);
extern WCHAR *mime_wcsndup(const WCHAR *str, SIZE_T len);
extern char *mime_strndup(const char *str, SIZE_T len);

/* A growing byte buffer; the first failed allocation sticks in failed. */
struct mime_buffer
{
    char *data;
    SIZE_T size;
    SIZE_T capacity;
    BOOL failed;
};

extern void buffer_append(struct mime_buffer *buf, const void *data, SIZE_T size);
extern void buffer_puts(struct mime_buffer *buf, const char *str);
extern void buffer_putc(struct mime_buffer *buf, char c);

/* charset.c: ASCII helpers that do not depend on the C library's locale */
static inline char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static inline BOOL ascii_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

extern BOOL ascii_equal(const char *str, SIZE_T len, const char *lower);
extern BOOL ascii_starts_with(const char *str, SIZE_T len, const char *lower);

/* charset.c: conversions */
extern UINT charset_codepage(const char *name, SIZE_T len);
extern BOOL charset_is_utf8(const char *data, SIZE_T size);
extern WCHAR *charset_decode(const char *data, SIZE_T size, UINT codepage, SIZE_T *len);
extern char *charset_utf8(const WCHAR *str, SIZE_T len, SIZE_T *size);

/* mimefield.c: header fields */
struct mime_param
{
    char *name;                     /* lower case, without RFC 2231 marks */
    char *value;                    /* the sections joined and unescaped */
    SIZE_T size;
    UINT codepage;                  /* of an RFC 2231 value */
    BOOL extended;                  /* an RFC 2231 value */
};

struct mime_content
{
    char *type;                     /* lower case: "text/plain", "attachment" */
    struct mime_param *params;
    ULONG count;
};

extern SIZE_T decode_base64(const char *in, SIZE_T len, BYTE *out, BOOL *bad);
extern char *field_unfold(const char *value, SIZE_T len, SIZE_T *out_len);
extern WCHAR *field_decode_text(const char *value, SIZE_T len, ULONG *defects);
extern HRESULT field_addresses(const char *value, SIZE_T len, ULONG *defects, struct mime_address **list,
        ULONG *count);
extern BOOL field_date(const char *value, SIZE_T len, FILETIME *date);
extern HRESULT field_content(const char *value, SIZE_T len, ULONG *defects, struct mime_content *content);
extern const struct mime_param *content_param(const struct mime_content *content, const char *name);
extern WCHAR *param_text(const struct mime_param *param, ULONG *defects);
extern void content_free(struct mime_content *content);

#endif /* __WINE_MAPI_MIMEPRIV_H */
