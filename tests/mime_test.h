/*
 * What the MIME tests (mime.c, mimemapi.c) share: looking at what the
 * writer wrote and what the reader read.  Included after wine/test.h;
 * everything here is static.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_MAPI_MIME_TEST_H
#define __WINE_MAPI_MIME_TEST_H

#include "../libs/mime/mime.h"

/* 2026-02-13 10:00:00 UTC */
static const FILETIME fixed_date = {0x83f05000, 0x01dc9ccf};

/* Whether a line of data starts with prefix. */
static inline BOOL has_line(const char *data, const char *prefix)
{
    const char *p = data;
    SIZE_T len = strlen(prefix);

    for (;;)
    {
        if (!strncmp(p, prefix, len)) return TRUE;
        if (!(p = strchr(p, '\n'))) return FALSE;
        p++;
    }
}

/* Checks CRLF line ends, lines of at most 998 characters, header lines of
 * at most 78 and 7-bit data. */
static inline void check_form(const char *data, SIZE_T size, const char *name)
{
    SIZE_T i, line = 0, longest = 0, longest_header = 0;
    BOOL in_header = TRUE, bare = FALSE, high = FALSE;

    for (i = 0; i < size; i++)
    {
        if ((BYTE)data[i] >= 0x80) high = TRUE;
        if (data[i] == '\r' && (i + 1 >= size || data[i + 1] != '\n')) bare = TRUE;
        if (data[i] == '\n' && (!i || data[i - 1] != '\r')) bare = TRUE;
        if (data[i] == '\r' || data[i] == '\n')
        {
            if (data[i] == '\n')
            {
                if (!line) in_header = FALSE;
                line = 0;
            }
            continue;
        }
        line++;
        longest = max(longest, line);
        if (in_header) longest_header = max(longest_header, line);
    }
    ok(!bare, "%s: a line end that is not CRLF.\n", name);
    ok(!high, "%s: 8-bit data.\n", name);
    ok(longest <= 998, "%s: a line of %Iu characters.\n", name, longest);
    ok(longest_header <= 78, "%s: a header line of %Iu characters.\n", name, longest_header);
}

static inline struct mime_message *read_ok(const char *data, SIZE_T size, HRESULT expect, const char *name)
{
    struct mime_message *msg = NULL;
    HRESULT hr;

    hr = mime_read(data, size, 0, &msg);
    ok(hr == expect, "%s: got %#lx.\n", name, hr);
    ok(hr != S_OK || (msg && !msg->defects), "%s: defects %#lx.\n", name, msg ? msg->defects : 0);
    return msg;
}

static inline BOOL wstr_eq(const WCHAR *a, const WCHAR *b)
{
    if (!a || !b) return a == b;
    return !lstrcmpW(a, b);
}

static inline const char *dbgw(const WCHAR *str)
{
    return wine_dbgstr_w(str);
}

#endif /* __WINE_MAPI_MIME_TEST_H */
