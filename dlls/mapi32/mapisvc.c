/*
 * mapi32: MAPISVC.INF, the list of the message services a system offers
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The file has the syntax of Windows' INI files: "[Section]" headers,
 * "key=value" lines, ";" comments and blank lines, with CRLF or LF line
 * ends.  Section names and keys compare without case; keys and values are
 * trimmed, and a value may be empty.  A line that cannot be read (no "=",
 * no closing "]", a key before any section, a NUL byte, a line too long)
 * is reported with its number and skipped: one bad line never makes the
 * whole file unreadable.
 *
 * [Services] lists the message services by section name, [Default
 * Services] those a new profile gets, and each service's section lists its
 * providers' sections (Providers=) and other sections (Sections=).  The
 * other keys of service and provider sections are properties: a PR_* name
 * or an eight-digit hex tag.
 *
 * This file is also built into mapiprof.exe, so it uses only Win32,
 * propnames.c, MAPIAllocateBuffer/MAPIFreeBuffer and the debug macros.
 */

#include "private.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define INF_LINE_MAX    4096                /* longer lines are refused */
#define INF_FILE_MAX    (16 * 1024 * 1024)  /* larger files are refused */

#ifndef HOOK_INBOUND
#define HOOK_INBOUND    ((ULONG)0x00000200)
#define HOOK_OUTBOUND   ((ULONG)0x00000400)
#endif

static char ascii_upper(char c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static BOOL equal_nocase(const char *a, const char *b)
{
    while (*a && ascii_upper(*a) == ascii_upper(*b)) a++, b++;
    return ascii_upper(*a) == ascii_upper(*b);
}

static BOOL equal_nocase_n(const char *a, SIZE_T len, const char *b)
{
    SIZE_T i;

    for (i = 0; i < len; i++) if (!b[i] || ascii_upper(a[i]) != ascii_upper(b[i])) return FALSE;
    return !b[len];
}

static BOOL is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void trim(const char **str, SIZE_T *len)
{
    while (*len && is_blank(**str)) (*str)++, (*len)--;
    while (*len && is_blank((*str)[*len - 1])) (*len)--;
}

static char *strdup_n(const char *str, SIZE_T len)
{
    char *ret;

    if (!(ret = HeapAlloc(GetProcessHeap(), 0, len + 1))) return NULL;
    memcpy(ret, str, len);
    ret[len] = 0;
    return ret;
}

static HRESULT hr_from_win32(DWORD error)
{
    switch (error)
    {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        return MAPI_E_NOT_FOUND;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_WRITE_PROTECT:
        return MAPI_E_NO_ACCESS;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return MAPI_E_NOT_ENOUGH_DISK;
    }
    return HRESULT_FROM_WIN32(error);
}

/* ------------------------------------------------------------------------
 * Lines
 */

enum line_kind { LINE_EMPTY, LINE_SECTION, LINE_ENTRY, LINE_BAD };

/* One line of the text: pointers into it, nothing allocated. */
struct inf_line
{
    const char *start;          /* without the end of line */
    SIZE_T len;
    enum line_kind kind;
    const char *name;           /* section name or key, trimmed */
    SIZE_T name_len;
    const char *value;          /* an entry's value, trimmed */
    SIZE_T value_len;
    const char *problem;        /* why a LINE_BAD line is bad */
    BOOL header;                /* a section header, good or bad */
};

/* Splits the next line off text at *pos; FALSE at the end. */
static BOOL next_line(const char *text, SIZE_T size, SIZE_T *pos, struct inf_line *line)
{
    SIZE_T start = *pos, end = start;

    if (start >= size) return FALSE;
    while (end < size && text[end] != '\n') end++;
    *pos = end < size ? end + 1 : end;
    if (end > start && text[end - 1] == '\r') end--;
    line->start = text + start;
    line->len = end - start;
    return TRUE;
}

static void classify_line(struct inf_line *line)
{
    const char *str = line->start, *end;
    SIZE_T len = line->len, rest;

    line->kind = LINE_BAD;
    line->header = FALSE;
    if (len > INF_LINE_MAX)
    {
        line->problem = "line too long";
        return;
    }
    if (memchr(str, 0, len))
    {
        line->problem = "NUL byte";
        return;
    }
    trim(&str, &len);
    if (!len || *str == ';')
    {
        line->kind = LINE_EMPTY;
        return;
    }
    if (*str == '[')
    {
        line->header = TRUE;
        if (!(end = memchr(str, ']', len)))
        {
            line->problem = "no closing ']'";
            return;
        }
        rest = len - (end + 1 - str);
        line->name = str + 1;
        line->name_len = end - str - 1;
        str = end + 1;
        trim(&str, &rest);
        if (rest && *str != ';')
        {
            line->problem = "text after the section name";
            return;
        }
        trim(&line->name, &line->name_len);
        if (!line->name_len)
        {
            line->problem = "empty section name";
            return;
        }
        line->kind = LINE_SECTION;
        return;
    }
    if (!(end = memchr(str, '=', len)))
    {
        line->problem = "no '='";
        return;
    }
    line->name = str;
    line->name_len = end - str;
    line->value = end + 1;
    line->value_len = len - (end + 1 - str);
    trim(&line->name, &line->name_len);
    trim(&line->value, &line->value_len);
    if (!line->name_len)
    {
        line->problem = "empty key";
        return;
    }
    line->kind = LINE_ENTRY;
}

/* A UTF-8 byte-order mark is skipped. */
static SIZE_T text_start(const char *text, SIZE_T size)
{
    return size >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
}

/* ------------------------------------------------------------------------
 * Parsing
 */

/* Room for one more of count items of item_size bytes: arrays grow at 4, 8, 16... */
static BOOL grow_array(void **array, ULONG count, SIZE_T item_size)
{
    void *ptr;

    if (count && (count < 4 || (count & (count - 1)))) return TRUE;
    if (count >= 0x10000000) return FALSE;
    if (!*array) ptr = HeapAlloc(GetProcessHeap(), 0, 4 * item_size);
    else ptr = HeapReAlloc(GetProcessHeap(), 0, *array, count * 2 * item_size);
    if (!ptr) return FALSE;
    *array = ptr;
    return TRUE;
}

static struct inf_section *find_section(struct mapisvc_inf *inf, const char *name, SIZE_T len)
{
    ULONG i;

    for (i = 0; i < inf->count; i++)
        if (equal_nocase_n(name, len, inf->sections[i].name)) return &inf->sections[i];
    return NULL;
}

static struct inf_section *add_section(struct mapisvc_inf *inf, const struct inf_line *line, ULONG number)
{
    struct inf_section *section;

    if (!grow_array((void **)&inf->sections, inf->count, sizeof(*inf->sections))) return NULL;
    section = &inf->sections[inf->count];
    if (!(section->name = strdup_n(line->name, line->name_len))) return NULL;
    section->line = number;
    section->count = 0;
    section->entries = NULL;
    inf->count++;
    return section;
}

static BOOL add_entry(struct inf_section *section, const struct inf_line *line, ULONG number)
{
    struct inf_entry *entry;

    if (!grow_array((void **)&section->entries, section->count, sizeof(*section->entries))) return FALSE;
    entry = &section->entries[section->count];
    if (!(entry->key = strdup_n(line->name, line->name_len))) return FALSE;
    if (!(entry->value = strdup_n(line->value, line->value_len)))
    {
        HeapFree(GetProcessHeap(), 0, entry->key);
        return FALSE;
    }
    entry->line = number;
    section->count++;
    return TRUE;
}

HRESULT mapisvc_parse(const char *text, SIZE_T size, struct mapisvc_inf **out)
{
    struct inf_section *section = NULL;
    struct mapisvc_inf *inf;
    struct inf_line line;
    ULONG number = 0;
    SIZE_T pos;

    TRACE("%p, %Iu, %p.\n", text, size, out);

    if (!out || (!text && size)) return E_INVALIDARG;
    *out = NULL;
    if (!(inf = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*inf)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    pos = text_start(text, size);
    while (next_line(text, size, &pos, &line))
    {
        number++;
        classify_line(&line);
        switch (line.kind)
        {
        case LINE_EMPTY:
            break;
        case LINE_BAD:
            WARN("line %lu: %s, skipped.\n", number, line.problem);
            /* The keys under a broken header belong to no section. */
            if (line.header) section = NULL;
            break;
        case LINE_SECTION:
            if ((section = find_section(inf, line.name, line.name_len)))
            {
                WARN("line %lu: section [%s] again, its keys are added to the first one.\n",
                        number, debugstr_a(section->name));
                break;
            }
            if (!(section = add_section(inf, &line, number))) goto oom;
            break;
        case LINE_ENTRY:
            if (!section)
            {
                WARN("line %lu: key %s is not in a section, skipped.\n", number,
                        debugstr_an(line.name, line.name_len));
                break;
            }
            if (!add_entry(section, &line, number)) goto oom;
            break;
        }
    }
    *out = inf;
    return S_OK;

oom:
    mapisvc_free(inf);
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

void mapisvc_free(struct mapisvc_inf *inf)
{
    ULONG i, j;

    if (!inf) return;
    for (i = 0; i < inf->count; i++)
    {
        struct inf_section *section = &inf->sections[i];

        for (j = 0; j < section->count; j++)
        {
            HeapFree(GetProcessHeap(), 0, section->entries[j].key);
            HeapFree(GetProcessHeap(), 0, section->entries[j].value);
        }
        HeapFree(GetProcessHeap(), 0, section->entries);
        HeapFree(GetProcessHeap(), 0, section->name);
    }
    HeapFree(GetProcessHeap(), 0, inf->sections);
    HeapFree(GetProcessHeap(), 0, inf);
}

HRESULT mapisvc_path(WCHAR *path, DWORD size)
{
    static const WCHAR name[] = L"\\MAPISVC.INF";
    UINT len;

    TRACE("%p, %lu.\n", path, size);

    if (!path || !size) return E_INVALIDARG;
    if (!(len = GetSystemDirectoryW(path, size))) return hr_from_win32(GetLastError());
    if (len + ARRAY_SIZE(name) > size) return E_NOT_SUFFICIENT_BUFFER;
    memcpy(path + len, name, sizeof(name));
    return S_OK;
}

/* The whole file in one HeapAlloc block. */
static HRESULT read_whole_file(const WCHAR *path, char **data, SIZE_T *size)
{
    LARGE_INTEGER file_size;
    DWORD done;
    HANDLE file;
    HRESULT hr = S_OK;

    *data = NULL;
    *size = 0;
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return hr_from_win32(GetLastError());
    if (!GetFileSizeEx(file, &file_size)) hr = hr_from_win32(GetLastError());
    else if (file_size.QuadPart > INF_FILE_MAX) hr = MAPI_E_TOO_BIG;
    else if (!(*data = HeapAlloc(GetProcessHeap(), 0, file_size.QuadPart + 1))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!ReadFile(file, *data, file_size.QuadPart, &done, NULL)) hr = hr_from_win32(GetLastError());
    else *size = done;
    CloseHandle(file);
    if (FAILED(hr))
    {
        HeapFree(GetProcessHeap(), 0, *data);
        *data = NULL;
    }
    return hr;
}

HRESULT mapisvc_load(const WCHAR *path, struct mapisvc_inf **inf)
{
    WCHAR default_path[MAX_PATH];
    SIZE_T size;
    char *data;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_w(path), inf);

    if (!inf) return E_INVALIDARG;
    *inf = NULL;
    if (!path)
    {
        if (FAILED(hr = mapisvc_path(default_path, ARRAY_SIZE(default_path)))) return hr;
        path = default_path;
    }
    if (FAILED(hr = read_whole_file(path, &data, &size)))
    {
        TRACE("%s: %#lx.\n", debugstr_w(path), hr);
        return hr;
    }
    hr = mapisvc_parse(data, size, inf);
    HeapFree(GetProcessHeap(), 0, data);
    return hr;
}

const struct inf_section *mapisvc_section(const struct mapisvc_inf *inf, const char *name)
{
    ULONG i;

    if (!inf || !name) return NULL;
    for (i = 0; i < inf->count; i++)
        if (equal_nocase(inf->sections[i].name, name)) return &inf->sections[i];
    return NULL;
}

const char *mapisvc_value(const struct inf_section *section, const char *key)
{
    ULONG i;

    if (!section || !key) return NULL;
    for (i = 0; i < section->count; i++)
        if (equal_nocase(section->entries[i].key, key)) return section->entries[i].value;
    return NULL;
}

/* The next non-empty item of a comma-separated list: its trimmed span and
 * the rest of the list, or NULL when there is none. */
static const char *list_item(const char *list, const char **item, SIZE_T *len)
{
    const char *end;

    if (!list) return NULL;
    for (;;)
    {
        while (*list == ',' || is_blank(*list)) list++;
        if (!*list) return NULL;
        for (end = list; *end && *end != ','; end++);
        *item = list;
        *len = end - list;
        trim(item, len);
        return end;
    }
}

const char *mapisvc_next_item(const char *list, char *item, SIZE_T size)
{
    const char *start, *rest;
    SIZE_T len;

    if (!item || !size) return NULL;
    *item = 0;
    if (!(rest = list_item(list, &start, &len))) return NULL;
    if (len >= size)
    {
        WARN("item %s is too long, cut to %Iu characters.\n", debugstr_an(start, len), size - 1);
        len = size - 1;
    }
    memcpy(item, start, len);
    item[len] = 0;
    return rest;
}

/* ------------------------------------------------------------------------
 * Values
 */

static const struct
{
    const char *name;
    ULONG value;
}
long_symbols[] =
{
    { "HOOK_INBOUND", HOOK_INBOUND },
    { "HOOK_OUTBOUND", HOOK_OUTBOUND },
    { "MAPI_AB", MAPI_AB },
    { "MAPI_AB_PROVIDER", MAPI_AB_PROVIDER },
    { "MAPI_HOOK_PROVIDER", MAPI_HOOK_PROVIDER },
    { "MAPI_PROFILE_PROVIDER", MAPI_PROFILE_PROVIDER },
    { "MAPI_SPOOLER", MAPI_SPOOLER },
    { "MAPI_STORE_PROVIDER", MAPI_STORE_PROVIDER },
    { "MAPI_SUBSYSTEM", MAPI_SUBSYSTEM },
    { "MAPI_TRANSPORT_PROVIDER", MAPI_TRANSPORT_PROVIDER },
    { "SERVICE_CREATE_WITH_STORE", SERVICE_CREATE_WITH_STORE },
    { "SERVICE_DEFAULT_STORE", SERVICE_DEFAULT_STORE },
    { "SERVICE_NO_PRIMARY_IDENTITY", SERVICE_NO_PRIMARY_IDENTITY },
    { "SERVICE_PRIMARY_IDENTITY", SERVICE_PRIMARY_IDENTITY },
    { "SERVICE_SINGLE_COPY", SERVICE_SINGLE_COPY },
    { "STATUS_DEFAULT_OUTBOUND", STATUS_DEFAULT_OUTBOUND },
    { "STATUS_DEFAULT_STORE", STATUS_DEFAULT_STORE },
    { "STATUS_NEED_IPM_TREE", STATUS_NEED_IPM_TREE },
    { "STATUS_NO_DEFAULT_STORE", STATUS_NO_DEFAULT_STORE },
    { "STATUS_NO_PRIMARY_IDENTITY", STATUS_NO_PRIMARY_IDENTITY },
    { "STATUS_OWN_STORE", STATUS_OWN_STORE },
    { "STATUS_PRIMARY_IDENTITY", STATUS_PRIMARY_IDENTITY },
    { "STATUS_PRIMARY_STORE", STATUS_PRIMARY_STORE },
    { "STATUS_SECONDARY_STORE", STATUS_SECONDARY_STORE },
    { "STATUS_SIMPLE_STORE", STATUS_SIMPLE_STORE },
    { "STATUS_TEMP_SECTION", STATUS_TEMP_SECTION },
    { "STATUS_XP_PREFER_LAST", STATUS_XP_PREFER_LAST },
};

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = ascii_upper(c);
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* One number: "0x" and hex digits; eight hex digits, which MAPISVC.INF
 * uses for the four bytes of a long in memory order ("06000000" is 6); a
 * decimal number, maybe negative; or one of MAPI's constant names. */
static BOOL parse_number(const char *str, SIZE_T len, LONGLONG min, ULONGLONG max, ULONGLONG *out)
{
    ULONGLONG value = 0;
    BOOL negative = FALSE;
    SIZE_T i;
    int digit;

    if (!len) return FALSE;
    if (len > 2 && str[0] == '0' && (str[1] == 'x' || str[1] == 'X'))
    {
        if (len > 18) return FALSE;
        for (i = 2; i < len; i++)
        {
            if ((digit = hex_digit(str[i])) < 0) return FALSE;
            value = (value << 4) | digit;
        }
        *out = value;
        return value <= max;
    }
    if (len == 8 && max == 0xffffffff)
    {
        for (i = 0; i < 8 && hex_digit(str[i]) >= 0; i++);
        if (i == 8)
        {
            for (i = 0; i < 8; i += 2)
                value |= (ULONGLONG)(hex_digit(str[i]) * 16 + hex_digit(str[i + 1])) << (i * 4);
            *out = value;
            return TRUE;
        }
    }
    if (*str == '-' || (*str >= '0' && *str <= '9'))
    {
        if (*str == '-') negative = TRUE, str++, len--;
        if (!len || len > 19) return FALSE;
        for (i = 0; i < len; i++)
        {
            if (str[i] < '0' || str[i] > '9') return FALSE;
            value = value * 10 + (str[i] - '0');
        }
        if (negative)
        {
            if (value > (ULONGLONG)-min) return FALSE;
            *out = (ULONGLONG)-(LONGLONG)value;
            return TRUE;
        }
        *out = value;
        return value <= max;
    }
    if (max != 0xffffffff) return FALSE;
    for (i = 0; i < ARRAY_SIZE(long_symbols); i++)
    {
        if (!equal_nocase_n(str, len, long_symbols[i].name)) continue;
        *out = long_symbols[i].value;
        return TRUE;
    }
    return FALSE;
}

/* A long: numbers or constant names, joined with '|'. */
static BOOL parse_long(const char *value, LONG *out)
{
    ULONGLONG number;
    ULONG result = 0;
    const char *end;
    SIZE_T len;

    do
    {
        if (!(end = strchr(value, '|'))) end = value + strlen(value);
        len = end - value;
        trim(&value, &len);
        if (!parse_number(value, len, -0x80000000ll, 0xffffffff, &number)) return FALSE;
        result |= (ULONG)number;
        value = end + 1;
    } while (*end);
    *out = result;
    return TRUE;
}

static BOOL parse_boolean(const char *value, unsigned short *out)
{
    if (!strcmp(value, "1") || equal_nocase(value, "TRUE")) *out = TRUE;
    else if (!strcmp(value, "0") || equal_nocase(value, "FALSE")) *out = FALSE;
    else return FALSE;
    return TRUE;
}

/* Hex digits, two per byte, blanks allowed between them.  Without data,
 * only counts the bytes. */
static BOOL parse_binary(const char *value, BYTE *data, ULONG *count)
{
    ULONG digits = 0;
    int digit;

    for (; *value; value++)
    {
        if (is_blank(*value)) continue;
        if ((digit = hex_digit(*value)) < 0) return FALSE;
        if (data)
        {
            if (digits & 1) data[digits / 2] |= digit;
            else data[digits / 2] = digit << 4;
        }
        digits++;
    }
    if (digits & 1) return FALSE;
    *count = digits / 2;
    return TRUE;
}

static int wide_len(const char *str, SIZE_T len)
{
    return len ? MultiByteToWideChar(CP_ACP, 0, str, len, NULL, 0) : 0;
}

/* A list of strings: one pointer per item, then the items.  Without
 * prop, only checks the list and says how big it is. */
static BOOL parse_string_list(const char *value, BOOL unicode, SPropValue *prop, BYTE *data, SIZE_T *size)
{
    const char *rest = value, *item;
    ULONG count = 0;
    SIZE_T len, used;

    while ((rest = list_item(rest, &item, &len))) count++;
    if (!count) return FALSE;
    used = count * sizeof(void *);
    count = 0;
    rest = value;
    while ((rest = list_item(rest, &item, &len)))
    {
        SIZE_T bytes = unicode ? (wide_len(item, len) + 1) * sizeof(WCHAR) : len + 1;

        if (prop)
        {
            if (unicode)
            {
                WCHAR *str = (WCHAR *)(data + used);
                int chars = len ? MultiByteToWideChar(CP_ACP, 0, item, len, str, bytes / sizeof(WCHAR)) : 0;
                str[chars] = 0;
                ((WCHAR **)data)[count] = str;
            }
            else
            {
                char *str = (char *)(data + used);
                memcpy(str, item, len);
                str[len] = 0;
                ((char **)data)[count] = str;
            }
        }
        used += bytes;
        count++;
    }
    if (prop)
    {
        prop->Value.MVszA.cValues = count;
        prop->Value.MVszA.lppszA = (char **)data;
    }
    *size = used;
    return TRUE;
}

/* Converts value by the type of tag.  Without prop, only checks it and
 * says how many bytes of data it needs; with prop, fills prop, putting
 * its data at data. */
static BOOL convert_value(ULONG tag, const char *value, SPropValue *prop, BYTE *data, SIZE_T *size)
{
    SPropValue scratch;
    ULONGLONG number;
    SIZE_T len = strlen(value);
    ULONG count;

    *size = 0;
    if (!prop) prop = &scratch;
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;

    switch (PROP_TYPE(tag))
    {
    case PT_STRING8:
        *size = len + 1;
        if (data) memcpy(data, value, len + 1);
        prop->Value.lpszA = (char *)data;
        return TRUE;
    case PT_UNICODE:
        *size = (wide_len(value, len) + 1) * sizeof(WCHAR);
        if (data)
        {
            int chars = len ? MultiByteToWideChar(CP_ACP, 0, value, len, (WCHAR *)data, *size / sizeof(WCHAR)) : 0;
            ((WCHAR *)data)[chars] = 0;
        }
        prop->Value.lpszW = (WCHAR *)data;
        return TRUE;
    case PT_LONG:
        return parse_long(value, &prop->Value.l);
    case PT_I2:
        if (!parse_number(value, len, -0x8000, 0x7fff, &number)) return FALSE;
        prop->Value.i = (short)number;
        return TRUE;
    case PT_I8:
        if (!parse_number(value, len, -0x7fffffffffffffffll - 1, ~(ULONGLONG)0, &number)) return FALSE;
        prop->Value.li.QuadPart = number;
        return TRUE;
    case PT_BOOLEAN:
        return parse_boolean(value, &prop->Value.b);
    case PT_BINARY:
        if (!parse_binary(value, data, &count)) return FALSE;
        prop->Value.bin.cb = count;
        prop->Value.bin.lpb = data;
        *size = count;
        return TRUE;
    case PT_CLSID:
        if (!parse_binary(value, data, &count) || count != sizeof(GUID)) return FALSE;
        prop->Value.lpguid = (GUID *)data;
        *size = count;
        return TRUE;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
        return parse_string_list(value, PROP_TYPE(tag) == PT_MV_UNICODE, data ? prop : NULL, data, size);
    }
    return FALSE;
}

static SIZE_T align_size(SIZE_T size)
{
    return (size + 7) & ~(SIZE_T)7;
}

/* The tag of an entry that is a property, 0 for other keys. */
static ULONG entry_tag(const struct inf_entry *entry)
{
    ULONG tag;

    if (prop_tag_from_name(entry->key, &tag) && PROP_ID(tag)) return tag;
    if (equal_nocase_n(entry->key, 3, "PR_"))
        WARN("line %lu: unknown property %s, skipped.\n", entry->line, debugstr_a(entry->key));
    return 0;
}

HRESULT mapisvc_section_props(const struct inf_section *section, ULONG *count, SPropValue **props)
{
    SIZE_T size, data_size = 0;
    ULONG i, j, used = 0, *tags = NULL;
    SPropValue *values;
    BYTE *data;
    SCODE sc;

    TRACE("%p, %p, %p.\n", section, count, props);

    if (!section || !count || !props) return E_INVALIDARG;
    *count = 0;
    *props = NULL;
    if (section->count && !(tags = HeapAlloc(GetProcessHeap(), 0, section->count * sizeof(*tags))))
        return MAPI_E_NOT_ENOUGH_MEMORY;

    /* First the keys to keep and the room their values need. */
    for (i = 0; i < section->count; i++)
    {
        const struct inf_entry *entry = &section->entries[i];

        if (!(tags[i] = entry_tag(entry))) continue;
        for (j = 0; j < i; j++) if (tags[j] && PROP_ID(tags[j]) == PROP_ID(tags[i])) break;
        if (j < i)
        {
            WARN("line %lu: %s names a property given on line %lu, skipped.\n", entry->line,
                    debugstr_a(entry->key), section->entries[j].line);
            tags[i] = 0;
            continue;
        }
        if (!convert_value(tags[i], entry->value, NULL, NULL, &size))
        {
            WARN("line %lu: value %s is not valid for %s (type %#lx), skipped.\n", entry->line,
                    debugstr_a(entry->value), debugstr_a(entry->key), PROP_TYPE(tags[i]));
            tags[i] = 0;
            continue;
        }
        data_size += align_size(size);
        used++;
    }

    sc = MAPIAllocateBuffer(align_size(used * sizeof(SPropValue)) + data_size + 1, (void **)&values);
    if (FAILED(sc))
    {
        HeapFree(GetProcessHeap(), 0, tags);
        return sc;
    }
    data = (BYTE *)values + align_size(used * sizeof(SPropValue));
    for (i = 0, j = 0; i < section->count; i++)
    {
        if (!tags[i]) continue;
        convert_value(tags[i], section->entries[i].value, &values[j++], data, &size);
        data += align_size(size);
    }
    HeapFree(GetProcessHeap(), 0, tags);
    *count = used;
    *props = values;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * Installing: merging a fragment into the file
 */

struct text_buffer
{
    char *data;
    SIZE_T len, size;
    BOOL failed;
};

static void text_append(struct text_buffer *text, const char *str, SIZE_T len)
{
    SIZE_T size;
    char *ptr;

    if (text->failed) return;
    if (text->len + len > text->size)
    {
        size = text->size * 2;
        if (size < text->len + len + 256) size = text->len + len + 256;
        if (!text->data) ptr = HeapAlloc(GetProcessHeap(), 0, size);
        else ptr = HeapReAlloc(GetProcessHeap(), 0, text->data, size);
        if (!ptr)
        {
            text->failed = TRUE;
            return;
        }
        text->data = ptr;
        text->size = size;
    }
    memcpy(text->data + text->len, str, len);
    text->len += len;
}

static void text_line(struct text_buffer *text, const char *str, SIZE_T len)
{
    text_append(text, str, len);
    text_append(text, "\r\n", 2);
}

static void text_entry(struct text_buffer *text, const struct inf_entry *entry)
{
    text_append(text, entry->key, strlen(entry->key));
    text_append(text, "=", 1);
    text_line(text, entry->value, strlen(entry->value));
}

static void text_section(struct text_buffer *text, const struct inf_section *section)
{
    ULONG i;

    text_append(text, "[", 1);
    text_append(text, section->name, strlen(section->name));
    text_line(text, "]", 1);
    for (i = 0; i < section->count; i++) text_entry(text, &section->entries[i]);
}

static BOOL is_list_section(const char *name)
{
    return equal_nocase(name, "Services") || equal_nocase(name, "Default Services")
            || equal_nocase(name, "Help File Mappings");
}

/* The first entry of section with key, or -1. */
static LONG entry_index(const struct inf_section *section, const char *key, SIZE_T len)
{
    ULONG i;

    for (i = 0; i < section->count; i++)
        if (equal_nocase_n(key, len, section->entries[i].key)) return i;
    return -1;
}

enum chunk_mode { CHUNK_KEEP, CHUNK_LIST, CHUNK_REPLACE };

struct merge_state
{
    const struct mapisvc_inf *fragment;
    struct text_buffer *out;
    BOOL *written;                      /* per fragment section: already in the output */
    BOOL *seen;                         /* per entry of the current list section */
    enum chunk_mode mode;
    const struct inf_section *section;  /* the fragment's section for this chunk */
    const char *pending;                /* blank and comment lines not written yet */
    SIZE_T pending_len;
};

static void flush_pending(struct merge_state *state)
{
    struct inf_line line;
    SIZE_T pos = 0;

    while (next_line(state->pending, state->pending_len, &pos, &line)) text_line(state->out, line.start, line.len);
    state->pending_len = 0;
}

/* Ends the current chunk: a list section gets the fragment's new keys
 * after its last entry, before its trailing blank lines. */
static void end_chunk(struct merge_state *state)
{
    const struct inf_section *section = state->section;
    ULONG i;

    if (state->mode == CHUNK_LIST)
    {
        ULONG index = section - state->fragment->sections;

        if (!state->written[index])
        {
            for (i = 0; i < section->count; i++)
            {
                if (state->seen[i] || entry_index(section, section->entries[i].key, strlen(section->entries[i].key)) != i)
                    continue;
                text_entry(state->out, &section->entries[i]);
            }
            state->written[index] = TRUE;
        }
    }
    flush_pending(state);
    HeapFree(GetProcessHeap(), 0, state->seen);
    state->seen = NULL;
    state->mode = CHUNK_KEEP;
    state->section = NULL;
}

static void start_chunk(struct merge_state *state, const struct inf_line *line)
{
    const struct inf_section *section = NULL;
    ULONG i, index;

    for (i = 0; i < state->fragment->count && !section; i++)
        if (equal_nocase_n(line->name, line->name_len, state->fragment->sections[i].name))
            section = &state->fragment->sections[i];
    if (!section)
    {
        text_line(state->out, line->start, line->len);
        return;
    }
    index = section - state->fragment->sections;
    state->section = section;
    if (is_list_section(section->name))
    {
        state->mode = CHUNK_LIST;
        if (section->count && !(state->seen = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                section->count * sizeof(*state->seen))))
            state->out->failed = TRUE;
        text_line(state->out, line->start, line->len);
        return;
    }
    state->mode = CHUNK_REPLACE;
    if (state->written[index]) return;
    text_section(state->out, section);
    state->written[index] = TRUE;
}

static void merge_entry(struct merge_state *state, const struct inf_line *line)
{
    LONG index;

    if (state->mode == CHUNK_LIST && (index = entry_index(state->section, line->name, line->name_len)) >= 0)
    {
        if (state->seen && !state->seen[index]) text_entry(state->out, &state->section->entries[index]);
        if (state->seen) state->seen[index] = TRUE;
        return;
    }
    text_line(state->out, line->start, line->len);
}

static HRESULT merge_text(const struct mapisvc_inf *fragment, const char *old, SIZE_T old_size,
        struct text_buffer *out)
{
    struct merge_state state = { fragment, out };
    struct inf_line line;
    SIZE_T pos = text_start(old, old_size);
    ULONG i;

    if (!(state.written = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, fragment->count * sizeof(BOOL))))
        return MAPI_E_NOT_ENOUGH_MEMORY;

    while (next_line(old, old_size, &pos, &line))
    {
        classify_line(&line);
        if (line.kind == LINE_SECTION)
        {
            end_chunk(&state);
            start_chunk(&state, &line);
            continue;
        }
        if (line.kind == LINE_BAD && line.header)
        {
            /* What follows a broken header is kept as it is. */
            end_chunk(&state);
            text_line(out, line.start, line.len);
            continue;
        }
        if (line.kind == LINE_EMPTY)
        {
            /* Kept together so that a list's new keys go before them. */
            if (!state.pending_len) state.pending = line.start;
            state.pending_len = pos - (state.pending - old);
            continue;
        }
        if (state.mode == CHUNK_REPLACE)
        {
            state.pending_len = 0;
            continue;
        }
        flush_pending(&state);
        if (line.kind == LINE_ENTRY) merge_entry(&state, &line);
        else text_line(out, line.start, line.len);
    }
    end_chunk(&state);

    for (i = 0; i < fragment->count; i++)
    {
        if (state.written[i]) continue;
        if (out->len && (out->len < 4 || memcmp(out->data + out->len - 4, "\r\n\r\n", 4)))
            text_line(out, "", 0);
        text_section(out, &fragment->sections[i]);
    }
    HeapFree(GetProcessHeap(), 0, state.written);
    return out->failed ? MAPI_E_NOT_ENOUGH_MEMORY : S_OK;
}

/* Writes a new file beside path and moves it over path, so that path holds
 * either the old or the new contents, never a part. */
static HRESULT write_file_atomically(const WCHAR *path, const char *data, SIZE_T size)
{
    WCHAR dir[MAX_PATH], temp[MAX_PATH];
    const WCHAR *slash = NULL, *p;
    DWORD written;
    HANDLE file;
    HRESULT hr = S_OK;

    for (p = path; *p; p++) if (*p == '\\' || *p == '/') slash = p;
    if (slash && slash - path >= ARRAY_SIZE(dir)) return MAPI_E_INVALID_PARAMETER;
    if (slash)
    {
        memcpy(dir, path, (slash - path) * sizeof(WCHAR));
        dir[slash - path] = 0;
        if (!dir[0]) lstrcpyW(dir, L"\\");
    }
    else lstrcpyW(dir, L".");
    if (!GetTempFileNameW(dir, L"msv", 0, temp)) return hr_from_win32(GetLastError());

    file = CreateFileW(temp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        hr = hr_from_win32(GetLastError());
        DeleteFileW(temp);
        return hr;
    }
    if (size > MAXDWORD) hr = MAPI_E_TOO_BIG;
    else if (!WriteFile(file, data, size, &written, NULL) || written != size) hr = hr_from_win32(GetLastError());
    else if (!FlushFileBuffers(file)) hr = hr_from_win32(GetLastError());
    CloseHandle(file);
    if (SUCCEEDED(hr) && !MoveFileExW(temp, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        hr = hr_from_win32(GetLastError());
    if (FAILED(hr))
    {
        WARN("writing %s failed: %#lx.\n", debugstr_w(path), hr);
        DeleteFileW(temp);
    }
    return hr;
}

HRESULT mapisvc_merge(const WCHAR *path, const char *fragment, SIZE_T size)
{
    struct text_buffer out = { 0 };
    struct mapisvc_inf *inf;
    WCHAR default_path[MAX_PATH];
    HANDLE mutex;
    char *old = NULL;
    SIZE_T old_size = 0;
    HRESULT hr;

    TRACE("%s, %p, %Iu.\n", debugstr_w(path), fragment, size);

    if (!fragment && size) return E_INVALIDARG;
    if (!path)
    {
        if (FAILED(hr = mapisvc_path(default_path, ARRAY_SIZE(default_path)))) return hr;
        path = default_path;
    }
    if (FAILED(hr = mapisvc_parse(fragment, size, &inf))) return hr;
    if (!inf->count)
    {
        WARN("the fragment has no section.\n");
        mapisvc_free(inf);
        return MAPI_E_INVALID_PARAMETER;
    }
    /* Two installers at once must not lose each other's sections. */
    if (!(mutex = CreateMutexW(NULL, FALSE, L"wine-mapi MAPISVC.INF")))
    {
        mapisvc_free(inf);
        return hr_from_win32(GetLastError());
    }
    if (WaitForSingleObject(mutex, 30000) == WAIT_TIMEOUT)
    {
        CloseHandle(mutex);
        mapisvc_free(inf);
        return MAPI_E_TIMEOUT;
    }
    hr = read_whole_file(path, &old, &old_size);
    if (hr == MAPI_E_NOT_FOUND) hr = S_OK;
    if (SUCCEEDED(hr)) hr = merge_text(inf, old, old_size, &out);
    if (SUCCEEDED(hr)) hr = write_file_atomically(path, out.data, out.len);
    ReleaseMutex(mutex);
    CloseHandle(mutex);

    HeapFree(GetProcessHeap(), 0, out.data);
    HeapFree(GetProcessHeap(), 0, old);
    mapisvc_free(inf);
    return hr;
}
