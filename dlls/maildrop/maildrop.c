/*
 * The mail-drop transport: the provider object, the status object, the
 * service entry, the configuration and the Maildir files
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * maildrop32.dll ("MAILDROP.DLL" in MAPISVC.INF, service MailDrop) is a
 * transport provider that needs no server: every outgoing message becomes
 * an Internet message (.eml) in an outbound Maildir, and the messages
 * placed in an inbound Maildir are delivered into the store's Inbox.  What
 * another program does with the outbound files (hand them to sendmail, copy
 * them elsewhere) is up to it; Maildir's protocol makes sure it never sees
 * a half-written one.
 *
 * Maildirs.  A Maildir is a directory with tmp/, new/ and cur/.  A message
 * is written into tmp/ under a name no other writer uses
 * ("<seconds>.M<microseconds>P<process>Q<count>R<random>.<host>.eml"), made
 * durable (FlushFileBuffers), and only then moved into new/, so a file in
 * new/ is always complete.  Inbound, a file of new/ is claimed by opening
 * it without sharing (a second reader skips it), read, and moved into cur/
 * under the same name once the store has saved the message (Windows file
 * names cannot carry Maildir's ":2," suffix); a file that is not an
 * Internet message goes to bad/ instead.  Nothing is ever deleted.
 *
 * The service entry (MSG_SERVICE_CREATE and _CONFIGURE) writes the
 * defaults of the private properties into the provider section when they
 * are missing, then the values it is given.  MSG_SERVICE_DELETE leaves the
 * Maildirs alone: they hold mail.
 */

#include <stdio.h>
#include <stdlib.h>

#include "initguid.h"
#include "maildrop.h"

WINE_DEFAULT_DEBUG_CHANNEL(maildrop);

/* MAPI's own profile section, which holds PR_PROFILE_NAME. */
static const MAPIUID global_section_uid =
    {{0x13, 0xdb, 0xb0, 0xc8, 0xaa, 0x05, 0x10, 0x1a, 0x9b, 0xb0, 0x00, 0xaa, 0x00, 0x2f, 0xc4, 0x5a}};

#define MAX_MESSAGE_SIZE (512u << 20)   /* inbound files larger than this are not read */

LONG maildrop_objects;
static LONG delivery_count;

HRESULT hresult_from_error(DWORD error)
{
    switch (error)
    {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
        return MAPI_E_NOT_FOUND;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_WRITE_PROTECT:
        return MAPI_E_NO_ACCESS;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return MAPI_E_NOT_ENOUGH_DISK;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        return MAPI_E_COLLISION;
    default:
        return MAPI_E_DISK_ERROR;
    }
}

/* ------------------------------------------------------------------------
 * Addresses
 */

static BOOL is_atext(WCHAR c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return TRUE;
    return c && c < 0x80 && strchr("!#$%&'*+-/=?^_`{|}~", (char)c) != NULL;
}

static BOOL is_dot_atom(const WCHAR *str, SIZE_T len)
{
    SIZE_T i;

    if (!len || str[0] == '.' || str[len - 1] == '.') return FALSE;
    for (i = 0; i < len; i++)
    {
        if (str[i] == '.' && i + 1 < len && str[i + 1] == '.') return FALSE;
        if (str[i] != '.' && !is_atext(str[i])) return FALSE;
    }
    return TRUE;
}

static BOOL is_quoted_string(const WCHAR *str, SIZE_T len)
{
    SIZE_T i;

    if (len < 2 || str[0] != '"' || str[len - 1] != '"') return FALSE;
    for (i = 1; i + 1 < len; i++)
    {
        if (str[i] < 0x20 || str[i] >= 0x7f || str[i] == '"') return FALSE;
        if (str[i] == '\\' && ++i + 1 >= len) return FALSE;
    }
    return TRUE;
}

static BOOL is_domain_literal(const WCHAR *str, SIZE_T len)
{
    SIZE_T i;

    if (len < 3 || str[0] != '[' || str[len - 1] != ']') return FALSE;
    for (i = 1; i + 1 < len; i++)
        if (str[i] <= 0x20 || str[i] >= 0x7f || str[i] == '[' || str[i] == ']' || str[i] == '\\') return FALSE;
    return TRUE;
}

BOOL address_is_valid(const WCHAR *address)
{
    const WCHAR *at;
    SIZE_T len;

    if (!address || (len = lstrlenW(address)) < 3 || len > 254) return FALSE;
    if (!(at = wcsrchr(address, '@')) || at == address) return FALSE;
    if (!is_dot_atom(at + 1, len - (at + 1 - address)) && !is_domain_literal(at + 1, len - (at + 1 - address)))
        return FALSE;
    return is_dot_atom(address, at - address) || is_quoted_string(address, at - address);
}

/* ------------------------------------------------------------------------
 * The configuration
 */

static void ansi_to_wide(const char *str, WCHAR *out, DWORD count)
{
    if (!MultiByteToWideChar(CP_ACP, 0, str, -1, out, count)) out[0] = 0;
    out[count - 1] = 0;
}

static void wide_to_ansi(const WCHAR *str, char *out, DWORD count)
{
    if (!WideCharToMultiByte(CP_ACP, 0, str, -1, out, count, NULL, NULL)) out[0] = 0;
    out[count - 1] = 0;
}

/* The directory of a profile's Maildirs: %LOCALAPPDATA%\wine-mapi\maildrop\<profile>,
 * characters that cannot be in a file name made '_'. */
static void default_root(const char *profile, WCHAR *root, DWORD count)
{
    WCHAR base[MAX_PATH], name[128], *p;
    DWORD len;

    len = GetEnvironmentVariableW(L"LOCALAPPDATA", base, ARRAY_SIZE(base));
    if (!len || len >= ARRAY_SIZE(base))
    {
        len = GetEnvironmentVariableW(L"USERPROFILE", base, ARRAY_SIZE(base) - 20);
        if (len && len < ARRAY_SIZE(base) - 20) lstrcatW(base, L"\\AppData\\Local");
        else if (!GetTempPathW(ARRAY_SIZE(base), base)) lstrcpyW(base, L"C:\\");
    }
    len = lstrlenW(base);
    if (len && base[len - 1] == '\\') base[len - 1] = 0;
    ansi_to_wide(profile && *profile ? profile : "default", name, ARRAY_SIZE(name));
    for (p = name; *p; p++)
        if (*p < 0x20 || wcschr(L"\\/:*?\"<>|", *p)) *p = '_';
    if (name[0] == '.') name[0] = '_';
    _snwprintf(root, count, L"%s\\wine-mapi\\maildrop\\%s", base, name);
    root[count - 1] = 0;
}

/* The user's name as the local part of an address: "user@localhost". */
static void default_sender(WCHAR *address, DWORD address_count, WCHAR *name, DWORD name_count)
{
    WCHAR user[128], local[128];
    DWORD size = ARRAY_SIZE(user), i, n = 0;

    if (!GetUserNameW(user, &size) || !user[0]) lstrcpyW(user, L"user");
    for (i = 0; user[i] && n < ARRAY_SIZE(local) - 1; i++)
        local[n++] = is_atext(user[i]) ? user[i] : user[i] == ' ' ? '.' : '_';
    local[n] = 0;
    if (!is_dot_atom(local, n)) lstrcpyW(local, L"user");
    _snwprintf(address, address_count, L"%s@localhost", local);
    address[address_count - 1] = 0;
    lstrcpynW(name, user, name_count);
}

enum { CFG_OUTBOX, CFG_INBOX, CFG_SENDER, CFG_SENDER_NAME, CFG_DISPLAY, CFG_FLAGS, CFG_COUNT };

static void config_from_props(const SPropValue *props, const char *profile, struct maildrop_config *config)
{
    WCHAR root[MAX_PATH];

    memset(config, 0, sizeof(*config));
    default_root(profile, root, ARRAY_SIZE(root));
    if (props[CFG_OUTBOX].ulPropTag == PR_MAILDROP_OUTBOX)
        ansi_to_wide(props[CFG_OUTBOX].Value.lpszA, config->outbox, ARRAY_SIZE(config->outbox));
    else
        _snwprintf(config->outbox, ARRAY_SIZE(config->outbox) - 1, L"%s\\outbox", root);
    if (props[CFG_INBOX].ulPropTag == PR_MAILDROP_INBOX)
        ansi_to_wide(props[CFG_INBOX].Value.lpszA, config->inbox, ARRAY_SIZE(config->inbox));
    else
        _snwprintf(config->inbox, ARRAY_SIZE(config->inbox) - 1, L"%s\\inbox", root);
    default_sender(config->sender, ARRAY_SIZE(config->sender), config->sender_name, ARRAY_SIZE(config->sender_name));
    if (props[CFG_SENDER].ulPropTag == PR_MAILDROP_SENDER)
    {
        ansi_to_wide(props[CFG_SENDER].Value.lpszA, config->sender, ARRAY_SIZE(config->sender));
        config->sender_name[0] = 0;
    }
    if (props[CFG_SENDER_NAME].ulPropTag == PR_MAILDROP_SENDER_NAME)
        ansi_to_wide(props[CFG_SENDER_NAME].Value.lpszA, config->sender_name, ARRAY_SIZE(config->sender_name));
    if (props[CFG_DISPLAY].ulPropTag == PR_DISPLAY_NAME_A)
        lstrcpynA(config->display, props[CFG_DISPLAY].Value.lpszA, sizeof(config->display));
    else
        lstrcpyA(config->display, MAILDROP_DISPLAY);
    if (props[CFG_FLAGS].ulPropTag == PR_RESOURCE_FLAGS) config->resource_flags = props[CFG_FLAGS].Value.l;
}

HRESULT config_read(IMAPISupport *support, const char *profile, struct maildrop_config *config)
{
    static const SizedSPropTagArray(CFG_COUNT, tags) =
    {
        CFG_COUNT,
        {
            PR_MAILDROP_OUTBOX, PR_MAILDROP_INBOX, PR_MAILDROP_SENDER, PR_MAILDROP_SENDER_NAME, PR_DISPLAY_NAME_A,
            PR_RESOURCE_FLAGS,
        }
    };
    SPropValue *props = NULL;
    IProfSect *section;
    ULONG count = 0;
    HRESULT hr;

    if (FAILED(hr = IMAPISupport_OpenProfileSection(support, NULL, 0, &section))) return hr;
    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
    IProfSect_Release(section);
    if (SUCCEEDED(hr) && count != CFG_COUNT) hr = MAPI_E_CALL_FAILED;
    if (SUCCEEDED(hr))
    {
        config_from_props(props, profile, config);
        hr = S_OK;
    }
    MAPIFreeBuffer(props);
    if (FAILED(hr)) return hr;
    TRACE("outbox %s, inbox %s, sender %s.\n", debugstr_w(config->outbox), debugstr_w(config->inbox),
            debugstr_w(config->sender));
    if (!config->outbox[0])
    {
        WARN("no outbound Maildir is configured.\n");
        return MAPI_E_UNCONFIGURED;
    }
    return S_OK;
}

/* ------------------------------------------------------------------------
 * Maildirs
 */

static HRESULT directory_create(const WCHAR *path)
{
    DWORD attributes;

    if (CreateDirectoryW(path, NULL)) return S_OK;
    attributes = GetFileAttributesW(path);
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) return S_OK;
    return hresult_from_error(GetLastError());
}

/* Makes path and the directories above it. */
static HRESULT directory_create_all(const WCHAR *path)
{
    WCHAR copy[MAX_PATH], *p;
    HRESULT hr;

    if (lstrlenW(path) >= ARRAY_SIZE(copy)) return MAPI_E_NOT_FOUND;
    lstrcpyW(copy, path);
    /* Past the drive ("C:\") or the server and share ("\\server\share\"). */
    p = copy;
    if (p[0] == '\\' && p[1] == '\\')
    {
        if ((p = wcschr(p + 2, '\\'))) p = wcschr(p + 1, '\\');
    }
    else if (p[0] && p[1] == ':') p += 2;
    while (p && (p = wcschr(p + 1, '\\')))
    {
        *p = 0;
        if (copy[lstrlenW(copy) - 1] != ':' && FAILED(hr = directory_create(copy))) return hr;
        *p = '\\';
    }
    return directory_create(copy);
}

static BOOL maildir_path(const WCHAR *root, const WCHAR *sub, const WCHAR *name, WCHAR *path)
{
    int len;

    if (name) len = _snwprintf(path, MAX_PATH, L"%s\\%s\\%s", root, sub, name);
    else len = _snwprintf(path, MAX_PATH, L"%s\\%s", root, sub);
    return len > 0 && len < MAX_PATH;
}

HRESULT maildir_prepare(const WCHAR *root)
{
    static const WCHAR *subs[] = { L"tmp", L"new", L"cur" };
    WCHAR path[MAX_PATH];
    HRESULT hr;
    ULONG i;

    TRACE("%s.\n", debugstr_w(root));

    if (FAILED(hr = directory_create_all(root))) return hr;
    for (i = 0; i < ARRAY_SIZE(subs); i++)
    {
        if (!maildir_path(root, subs[i], NULL, path)) return MAPI_E_NOT_FOUND;
        if (FAILED(hr = directory_create(path))) return hr;
    }
    return S_OK;
}

/* The host part of a Maildir name: the DNS host name without characters
 * that Windows or Maildir do not allow in it. */
static void host_name(WCHAR *host, DWORD count)
{
    DWORD size = count;
    WCHAR *p;

    if (!GetComputerNameExW(ComputerNameDnsHostname, host, &size) || !host[0]) lstrcpynW(host, L"localhost", count);
    for (p = host; *p; p++)
        if (*p < 0x20 || wcschr(L"\\/:*?\"<>|.", *p)) *p = '_';
}

static void unique_name(WCHAR *name, DWORD count)
{
    ULARGE_INTEGER now;
    ULONGLONG micro;
    FILETIME ft;
    WCHAR host[64];
    GUID random;

    GetSystemTimeAsFileTime(&ft);
    now.LowPart = ft.dwLowDateTime;
    now.HighPart = ft.dwHighDateTime;
    micro = now.QuadPart / 10 - 11644473600000000ull;
    if (FAILED(CoCreateGuid(&random))) random.Data1 = GetTickCount();
    host_name(host, ARRAY_SIZE(host));
    _snwprintf(name, count, L"%I64u.M%06luP%luQ%luR%08lx.%s.eml", micro / 1000000, (ULONG)(micro % 1000000),
            GetCurrentProcessId(), (ULONG)InterlockedIncrement(&delivery_count), random.Data1, host);
    name[count - 1] = 0;
}

static HRESULT file_write_all(HANDLE file, const char *data, SIZE_T size)
{
    DWORD written;

    while (size)
    {
        DWORD chunk = size > (1u << 30) ? (1u << 30) : (DWORD)size;

        if (!WriteFile(file, data, chunk, &written, NULL)) return hresult_from_error(GetLastError());
        if (!written) return MAPI_E_DISK_ERROR;
        data += written;
        size -= written;
    }
    return S_OK;
}

/* Writes tmp/name, durable on disk, and closes it. */
static HRESULT maildir_write_tmp(const WCHAR *path, const char *data, SIZE_T size)
{
    HANDLE file;
    HRESULT hr;

    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return hresult_from_error(GetLastError());
    hr = file_write_all(file, data, size);
    if (SUCCEEDED(hr) && !FlushFileBuffers(file)) hr = hresult_from_error(GetLastError());
    if (!CloseHandle(file) && SUCCEEDED(hr)) hr = MAPI_E_DISK_ERROR;
    if (FAILED(hr)) DeleteFileW(path);
    return hr;
}

HRESULT maildir_write(const WCHAR *root, const char *data, SIZE_T size, WCHAR *name, DWORD count)
{
    WCHAR path[MAX_PATH];
    HRESULT hr = MAPI_E_COLLISION;
    int attempt;

    TRACE("%s, %p, %lu.\n", debugstr_w(root), data, (ULONG)size);

    /* A name in use (another writer, a clock set back) is simply made again. */
    for (attempt = 0; attempt < 3 && hr == MAPI_E_COLLISION; attempt++)
    {
        unique_name(name, count);
        if (!maildir_path(root, L"tmp", name, path)) return MAPI_E_NOT_FOUND;
        hr = maildir_write_tmp(path, data, size);
    }
    if (FAILED(hr)) WARN("cannot write a message into %s, hr %#lx.\n", debugstr_w(root), hr);
    return hr;
}

HRESULT maildir_commit(const WCHAR *root, const WCHAR *name)
{
    WCHAR tmp[MAX_PATH], target[MAX_PATH];
    HRESULT hr;

    TRACE("%s, %s.\n", debugstr_w(root), debugstr_w(name));

    if (!maildir_path(root, L"tmp", name, tmp) || !maildir_path(root, L"new", name, target)) return MAPI_E_NOT_FOUND;
    if (MoveFileExW(tmp, target, MOVEFILE_WRITE_THROUGH)) return S_OK;
    hr = hresult_from_error(GetLastError());
    WARN("cannot move %s into %s\\new, hr %#lx.\n", debugstr_w(name), debugstr_w(root), hr);
    return hr;
}

void maildir_discard(const WCHAR *root, const WCHAR *name)
{
    WCHAR path[MAX_PATH];

    TRACE("%s, %s.\n", debugstr_w(root), debugstr_w(name));

    if (maildir_path(root, L"tmp", name, path)) DeleteFileW(path);
}

struct scan_entry
{
    FILETIME time;
    WCHAR *name;
};

static int scan_entry_compare(const void *a, const void *b)
{
    const struct scan_entry *x = a, *y = b;
    LONG order = CompareFileTime(&x->time, &y->time);

    return order ? order : lstrcmpW(x->name, y->name);
}

HRESULT maildir_scan(const WCHAR *root, WCHAR ***names, ULONG *count)
{
    struct scan_entry *entries = NULL, *grown;
    ULONG n = 0, capacity = 0, i;
    SIZE_T chars = 0;
    WIN32_FIND_DATAW data;
    WCHAR pattern[MAX_PATH], **list, *p;
    HANDLE find;

    *names = NULL;
    *count = 0;
    if (!maildir_path(root, L"new", L"*", pattern)) return MAPI_E_NOT_FOUND;
    find = FindFirstFileW(pattern, &data);
    if (find == INVALID_HANDLE_VALUE)
        return GetLastError() == ERROR_FILE_NOT_FOUND ? S_OK : hresult_from_error(GetLastError());
    do
    {
        if ((data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || data.cFileName[0] == '.') continue;
        if (n == capacity)
        {
            capacity = capacity ? capacity * 2 : 16;
            if (!(grown = HeapReAlloc(GetProcessHeap(), 0, entries, capacity * sizeof(*entries))) && entries) break;
            if (!grown && !(grown = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*entries)))) break;
            entries = grown;
        }
        if (!(entries[n].name = HeapAlloc(GetProcessHeap(), 0, (lstrlenW(data.cFileName) + 1) * sizeof(WCHAR))))
            break;
        lstrcpyW(entries[n].name, data.cFileName);
        entries[n].time = data.ftLastWriteTime;
        chars += lstrlenW(data.cFileName) + 1;
        n++;
    } while (FindNextFileW(find, &data));
    FindClose(find);

    if (n) qsort(entries, n, sizeof(*entries), scan_entry_compare);
    list = HeapAlloc(GetProcessHeap(), 0, (n + 1) * sizeof(*list) + chars * sizeof(WCHAR));
    for (i = 0, p = list ? (WCHAR *)(list + n + 1) : NULL; list && i < n; i++)
    {
        list[i] = p;
        lstrcpyW(p, entries[i].name);
        p += lstrlenW(p) + 1;
    }
    for (i = 0; i < n; i++) HeapFree(GetProcessHeap(), 0, entries[i].name);
    HeapFree(GetProcessHeap(), 0, entries);
    if (!list) return MAPI_E_NOT_ENOUGH_MEMORY;
    *names = list;
    *count = n;
    return S_OK;
}

HRESULT maildir_claim(const WCHAR *root, const WCHAR *sub, const WCHAR *name, HANDLE *file, char **data,
        SIZE_T *size)
{
    WCHAR path[MAX_PATH];
    LARGE_INTEGER length;
    DWORD got;
    HRESULT hr = S_OK;

    *file = INVALID_HANDLE_VALUE;
    *data = NULL;
    *size = 0;
    if (!maildir_path(root, sub, name, path)) return MAPI_E_NOT_FOUND;
    /* No other reader can open it; it can still be renamed, by us. */
    *file = CreateFileW(path, GENERIC_READ | DELETE, FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL,
            NULL);
    if (*file == INVALID_HANDLE_VALUE) return hresult_from_error(GetLastError());
    if (!GetFileSizeEx(*file, &length)) hr = hresult_from_error(GetLastError());
    else if (length.QuadPart > MAX_MESSAGE_SIZE) hr = MAPI_E_TOO_BIG;
    else if (!(*data = HeapAlloc(GetProcessHeap(), 0, length.QuadPart + 1))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!ReadFile(*file, *data, length.QuadPart, &got, NULL)) hr = hresult_from_error(GetLastError());
    else if (got != length.QuadPart) hr = MAPI_E_DISK_ERROR;
    if (SUCCEEDED(hr))
    {
        (*data)[got] = 0;
        *size = got;
        return S_OK;
    }
    HeapFree(GetProcessHeap(), 0, *data);
    *data = NULL;
    /* A file too big to read is still claimed: the caller sets it aside. */
    if (hr == MAPI_E_TOO_BIG) return hr;
    CloseHandle(*file);
    *file = INVALID_HANDLE_VALUE;
    return hr;
}

HRESULT maildir_move(const WCHAR *root, const WCHAR *name, const WCHAR *to)
{
    WCHAR from_path[MAX_PATH], to_path[MAX_PATH];
    HRESULT hr;

    if (!maildir_path(root, L"new", name, from_path) || !maildir_path(root, to, NULL, to_path))
        return MAPI_E_NOT_FOUND;
    if (FAILED(hr = directory_create(to_path))) return hr;
    if (!maildir_path(root, to, name, to_path)) return MAPI_E_NOT_FOUND;
    if (!MoveFileExW(from_path, to_path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return hresult_from_error(GetLastError());
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The provider object
 */

/* Made by XPProviderInit; MAPI holds it.  Logons are independent of it:
 * it only hands them the allocators. */
struct xp_provider
{
    IXPProvider IXPProvider_iface;
    LONG refcount;
    struct mime_allocators alloc;
};

static inline struct xp_provider *impl_from_IXPProvider(IXPProvider *iface)
{
    return CONTAINING_RECORD(iface, struct xp_provider, IXPProvider_iface);
}

static HRESULT WINAPI provider_QueryInterface(IXPProvider *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, wine_dbgstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IXPProvider))
    {
        *out = iface;
        IXPProvider_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI provider_AddRef(IXPProvider *iface)
{
    struct xp_provider *provider = impl_from_IXPProvider(iface);
    ULONG refs = InterlockedIncrement(&provider->refcount);

    TRACE("%p, refcount %lu.\n", iface, refs);
    return refs;
}

static ULONG WINAPI provider_Release(IXPProvider *iface)
{
    struct xp_provider *provider = impl_from_IXPProvider(iface);
    ULONG refs = InterlockedDecrement(&provider->refcount);

    TRACE("%p, refcount %lu.\n", iface, refs);

    if (refs) return refs;
    HeapFree(GetProcessHeap(), 0, provider);
    InterlockedDecrement(&maildrop_objects);
    return 0;
}

static HRESULT WINAPI provider_Shutdown(IXPProvider *iface, ULONG *flags)
{
    TRACE("%p, %p.\n", iface, flags);

    /* Every logon lets go of its own resources at TransportLogoff. */
    return S_OK;
}

static HRESULT WINAPI provider_TransportLogon(IXPProvider *iface, IMAPISupport *support, ULONG_PTR ui,
        LPSTR profile, ULONG *flags, MAPIERROR **error, IXPLogon **logon)
{
    struct xp_provider *provider = impl_from_IXPProvider(iface);
    char name[256];

    TRACE("%p, %p, %#Ix, %p, %p, %p, %p.\n", iface, support, ui, profile, flags, error, logon);

    if (error) *error = NULL;
    if (!support || !flags || !logon) return MAPI_E_INVALID_PARAMETER;
    *logon = NULL;
    /* With MAPI_UNICODE the profile's name comes in UTF-16. */
    if (profile && (*flags & MAPI_UNICODE)) wide_to_ansi((const WCHAR *)profile, name, sizeof(name));
    else lstrcpynA(name, profile ? profile : "", sizeof(name));
    TRACE("profile %s, flags %#lx.\n", debugstr_a(name), *flags);
    return logon_create(support, &provider->alloc, name, flags, logon);
}

static const IXPProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_TransportLogon,
};

HRESULT __cdecl XPProviderInit(HINSTANCE instance, IMalloc *malloc, LPALLOCATEBUFFER allocate_buffer,
        LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, ULONG flags, ULONG mapi_version, ULONG *version,
        IXPProvider **out)
{
    struct xp_provider *provider;

    TRACE("%p, %p, %p, %p, %p, %#lx, %#lx, %p, %p.\n", instance, malloc, allocate_buffer, allocate_more, free_buffer,
            flags, mapi_version, version, out);

    if (out) *out = NULL;
    if (!allocate_buffer || !allocate_more || !free_buffer || !version || !out) return MAPI_E_INVALID_PARAMETER;
    /* Our version is answered whatever MAPI's; MAPI decides whether it can work with it. */
    *version = CURRENT_SPI_VERSION;
    if (mapi_version < CURRENT_SPI_VERSION)
    {
        WARN("MAPI's service provider interface %#lx is older than ours.\n", mapi_version);
        return MAPI_E_VERSION;
    }
    if (!(provider = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*provider))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IXPProvider_iface.lpVtbl = &provider_vtbl;
    provider->refcount = 1;
    provider->alloc.allocate_buffer = allocate_buffer;
    provider->alloc.allocate_more = allocate_more;
    provider->alloc.free_buffer = free_buffer;
    InterlockedIncrement(&maildrop_objects);
    *out = &provider->IXPProvider_iface;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The status object
 */

/* Made by OpenStatusEntry; the client holds it; it holds the state. */
struct xp_status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG refcount;
    struct logon_state *state;
};

static inline struct xp_status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct xp_status, IMAPIStatus_iface);
}

#define STATUS_VALUES 12     /* the most status_values gives */
#define STATUS_BLOCKS 6      /* the most strings and keys it makes */

/* An 8-bit string as a PT_UNICODE value, its copy kept in *block. */
static ULONG string_value(SPropValue *value, ULONG tag, const char *str, void **block)
{
    int len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    WCHAR *text;

    if (!len || !(text = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR)))) return 0;
    MultiByteToWideChar(CP_ACP, 0, str, -1, text, len);
    *block = text;
    value->ulPropTag = tag;
    value->Value.lpszW = text;
    return 1;
}

/* The status object's values, with state->cs held until status_values_done;
 * strings are PT_UNICODE, those made here HeapAlloc'd into blocks[]. */
static ULONG status_values(struct logon_state *state, SPropValue *values, void **blocks)
{
    ULONG n = 0, cb;
    int i = 0;

    memset(blocks, 0, STATUS_BLOCKS * sizeof(*blocks));
    EnterCriticalSection(&state->cs);
    n += string_value(&values[n], PR_DISPLAY_NAME_W, state->config.display, &blocks[i++]);
    n += string_value(&values[n], PR_PROVIDER_DISPLAY_W, MAILDROP_PROVIDER_DISPLAY, &blocks[i++]);
    n += string_value(&values[n], PR_PROVIDER_DLL_NAME_W, MAILDROP_DLL_NAME, &blocks[i++]);
    n += string_value(&values[n], PR_STATUS_STRING_W, state->status_string, &blocks[i++]);
    values[n].ulPropTag = PR_RESOURCE_FLAGS;
    values[n++].Value.l = state->config.resource_flags;
    values[n].ulPropTag = PR_RESOURCE_METHODS;
    values[n++].Value.l = STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES;
    values[n].ulPropTag = PR_RESOURCE_TYPE;
    values[n++].Value.l = MAPI_TRANSPORT_PROVIDER;
    values[n].ulPropTag = PR_STATUS_CODE;
    values[n++].Value.l = state->status_code;
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_STATUS;
    if (state->config.sender[0])
    {
        values[n].ulPropTag = PR_IDENTITY_DISPLAY_W;
        values[n++].Value.lpszW = state->config.sender_name[0] ? state->config.sender_name : state->config.sender;
        if ((blocks[i] = search_key(state->config.sender, &cb)))
        {
            values[n].ulPropTag = PR_IDENTITY_SEARCH_KEY;
            values[n].Value.bin.cb = cb;
            values[n++].Value.bin.lpb = blocks[i++];
        }
    }
    if (state->identity)
    {
        values[n].ulPropTag = PR_IDENTITY_ENTRYID;
        values[n].Value.bin.cb = state->cb_identity;
        values[n++].Value.bin.lpb = (BYTE *)state->identity;
    }
    return n;
}

static void status_values_done(struct logon_state *state, void **blocks)
{
    int i;

    LeaveCriticalSection(&state->cs);
    for (i = 0; i < STATUS_BLOCKS; i++) HeapFree(GetProcessHeap(), 0, blocks[i]);
}

/* A value as asked for (PT_STRING8 or PT_UNICODE) into a block of out. */
static HRESULT status_value_out(const SPropValue *value, ULONG type, SPropValue *out, void *block,
        const struct mime_allocators *alloc)
{
    int len;

    *out = *value;
    if (PROP_TYPE(value->ulPropTag) == PT_BINARY)
    {
        if (alloc->allocate_more(max(value->Value.bin.cb, 1), block, (void **)&out->Value.bin.lpb))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(out->Value.bin.lpb, value->Value.bin.lpb, value->Value.bin.cb);
        return S_OK;
    }
    if (PROP_TYPE(value->ulPropTag) != PT_UNICODE) return S_OK;
    out->ulPropTag = CHANGE_PROP_TYPE(value->ulPropTag, type);
    if (type == PT_UNICODE)
    {
        if (alloc->allocate_more((lstrlenW(value->Value.lpszW) + 1) * sizeof(WCHAR), block, (void **)&out->Value.lpszW))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        lstrcpyW(out->Value.lpszW, value->Value.lpszW);
        return S_OK;
    }
    len = WideCharToMultiByte(CP_ACP, 0, value->Value.lpszW, -1, NULL, 0, NULL, NULL);
    if (alloc->allocate_more(max(len, 1), block, (void **)&out->Value.lpszA)) return MAPI_E_NOT_ENOUGH_MEMORY;
    out->Value.lpszA[0] = 0;
    WideCharToMultiByte(CP_ACP, 0, value->Value.lpszW, -1, out->Value.lpszA, len, NULL, NULL);
    return S_OK;
}

static HRESULT WINAPI status_QueryInterface(IMAPIStatus *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, wine_dbgstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProp) || IsEqualGUID(riid, &IID_IMAPIStatus))
    {
        *out = iface;
        IMAPIStatus_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI status_AddRef(IMAPIStatus *iface)
{
    struct xp_status *status = impl_from_IMAPIStatus(iface);
    ULONG refs = InterlockedIncrement(&status->refcount);

    TRACE("%p, refcount %lu.\n", iface, refs);
    return refs;
}

static ULONG WINAPI status_Release(IMAPIStatus *iface)
{
    struct xp_status *status = impl_from_IMAPIStatus(iface);
    ULONG refs = InterlockedDecrement(&status->refcount);

    TRACE("%p, refcount %lu.\n", iface, refs);

    if (refs) return refs;
    state_release(status->state);
    HeapFree(GetProcessHeap(), 0, status);
    InterlockedDecrement(&maildrop_objects);
    return 0;
}

static BOOL status_is_valid(struct xp_status *status)
{
    BOOL valid;

    EnterCriticalSection(&status->state->cs);
    valid = !status->state->stopping;
    LeaveCriticalSection(&status->state->cs);
    return valid;
}

static HRESULT WINAPI status_GetLastError(IMAPIStatus *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("%p, %#lx, %#lx, %p.\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* There is nothing to add to the error codes. */
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI status_SaveChanges(IMAPIStatus *iface, ULONG flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Status objects are not transacted. */
    return status_is_valid(impl_from_IMAPIStatus(iface)) ? S_OK : MAPI_E_INVALID_OBJECT;
}

static HRESULT WINAPI status_GetProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
        SPropValue **props)
{
    struct xp_status *status = impl_from_IMAPIStatus(iface);
    struct logon_state *state = status->state;
    SPropValue values[STATUS_VALUES], *out;
    void *blocks[STATUS_BLOCKS];
    ULONG i, j, n, wanted;
    HRESULT hr = S_OK;

    TRACE("%p, %p, %#lx, %p, %p.\n", iface, tags, flags, count, props);

    if (!count || !props) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (tags && !tags->cValues) return MAPI_E_INVALID_PARAMETER;
    if (!status_is_valid(status)) return MAPI_E_INVALID_OBJECT;
    n = status_values(state, values, blocks);
    wanted = tags ? tags->cValues : n;
    if (state->alloc.allocate_buffer(wanted * sizeof(*out), (void **)&out))
    {
        status_values_done(state, blocks);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < wanted && hr != MAPI_E_NOT_ENOUGH_MEMORY; i++)
    {
        ULONG want = tags ? tags->aulPropTag[i] : values[i].ulPropTag, type = PROP_TYPE(want);

        if (type == PT_UNSPECIFIED || !tags) type = (flags & MAPI_UNICODE) ? PT_UNICODE : PT_STRING8;
        for (j = 0; j < n; j++)
        {
            ULONG have = PROP_TYPE(values[j].ulPropTag);

            if (PROP_ID(values[j].ulPropTag) != PROP_ID(want)) continue;
            if (PROP_TYPE(want) == PT_UNSPECIFIED || PROP_TYPE(want) == have
                    || (have == PT_UNICODE && PROP_TYPE(want) == PT_STRING8) || !tags)
                break;
        }
        if (j == n)
        {
            out[i].ulPropTag = CHANGE_PROP_TYPE(want, PT_ERROR);
            out[i].Value.err = MAPI_E_NOT_FOUND;
            hr = MAPI_W_ERRORS_RETURNED;
            continue;
        }
        if (FAILED(status_value_out(&values[j], type, &out[i], out, &state->alloc))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    status_values_done(state, blocks);
    if (hr == MAPI_E_NOT_ENOUGH_MEMORY)
    {
        state->alloc.free_buffer(out);
        return hr;
    }
    *count = wanted;
    *props = out;
    return hr;
}

static HRESULT WINAPI status_GetPropList(IMAPIStatus *iface, ULONG flags, SPropTagArray **tags)
{
    struct xp_status *status = impl_from_IMAPIStatus(iface);
    struct logon_state *state = status->state;
    SPropValue values[STATUS_VALUES];
    void *blocks[STATUS_BLOCKS];
    ULONG i, n;

    TRACE("%p, %#lx, %p.\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!status_is_valid(status)) return MAPI_E_INVALID_OBJECT;
    n = status_values(state, values, blocks);
    if (state->alloc.allocate_buffer(CbNewSPropTagArray(n), (void **)tags))
    {
        status_values_done(state, blocks);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    (*tags)->cValues = n;
    for (i = 0; i < n; i++)
    {
        ULONG tag = values[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_UNICODE && !(flags & MAPI_UNICODE)) tag = CHANGE_PROP_TYPE(tag, PT_STRING8);
        (*tags)->aulPropTag[i] = tag;
    }
    status_values_done(state, blocks);
    return S_OK;
}

static HRESULT WINAPI status_OpenProperty(IMAPIStatus *iface, ULONG tag, const IID *iid, ULONG options,
        ULONG flags, IUnknown **out)
{
    TRACE("%p, %#lx, %s, %#lx, %#lx, %p.\n", iface, tag, wine_dbgstr_guid(iid), options, flags, out);

    if (!iid || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    /* No value of a status object is an object or a stream. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_SetProps(IMAPIStatus *iface, ULONG count, SPropValue *values,
        SPropProblemArray **problems)
{
    TRACE("%p, %lu, %p, %p.\n", iface, count, values, problems);

    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI status_DeleteProps(IMAPIStatus *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("%p, %p, %p.\n", iface, tags, problems);

    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI status_CopyTo(IMAPIStatus *iface, ULONG count, const IID *excluded, SPropTagArray *exclude,
        ULONG_PTR ui, IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    FIXME("%p, %lu, %p, %p, %#Ix, %p, %s, %p, %#lx, %p: not supported.\n", iface, count, excluded, exclude, ui,
            progress, wine_dbgstr_guid(iid), dest, flags, problems);

    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_CopyProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG_PTR ui,
        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    FIXME("%p, %p, %#Ix, %p, %s, %p, %#lx, %p: not supported.\n", iface, tags, ui, progress, wine_dbgstr_guid(iid),
            dest, flags, problems);

    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_GetNamesFromIDs(IMAPIStatus *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
        ULONG *count, MAPINAMEID ***names)
{
    TRACE("%p, %p, %s, %#lx, %p, %p.\n", iface, tags, wine_dbgstr_guid(guid), flags, count, names);

    /* A status object has no named properties. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_GetIDsFromNames(IMAPIStatus *iface, ULONG count, MAPINAMEID **names, ULONG flags,
        SPropTagArray **tags)
{
    TRACE("%p, %lu, %p, %#lx, %p.\n", iface, count, names, flags, tags);

    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_ValidateState(IMAPIStatus *iface, ULONG_PTR ui, ULONG flags)
{
    struct xp_status *status = impl_from_IMAPIStatus(iface);

    TRACE("%p, %#Ix, %#lx.\n", iface, ui, flags);

    if (!status_is_valid(status)) return MAPI_E_INVALID_OBJECT;
    return state_validate(status->state, flags);
}

static HRESULT WINAPI status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ui, ULONG flags)
{
    FIXME("%p, %#Ix, %#lx: no settings dialog; use mapiprof configure.\n", iface, ui, flags);

    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_ChangePassword(IMAPIStatus *iface, LPSTR old_password, LPSTR new_password, ULONG flags)
{
    TRACE("%p, %p, %p, %#lx.\n", iface, old_password, new_password, flags);

    /* A mail drop has no password. */
    return MAPI_E_NO_SUPPORT;
}

/* A client asks for the queues to be flushed: the spooler is told there is
 * mail to send (upload) or to fetch (download). */
static HRESULT WINAPI status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ui, ULONG cb, ENTRYID *target, ULONG flags)
{
    struct xp_status *status = impl_from_IMAPIStatus(iface);
    struct logon_state *state = status->state;
    ULONG notify = 0;
    BOOL inbound;

    TRACE("%p, %#Ix, %lu, %p, %#lx.\n", iface, ui, cb, target, flags);

    if (flags & ~(FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI | FLUSH_ASYNC_OK))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!status_is_valid(status)) return MAPI_E_INVALID_OBJECT;
    EnterCriticalSection(&state->cs);
    inbound = state->config.inbox[0] != 0;
    LeaveCriticalSection(&state->cs);
    if (flags & FLUSH_UPLOAD) notify |= NOTIFY_READYTOSEND;
    if ((flags & FLUSH_DOWNLOAD) && inbound) notify |= NOTIFY_NEWMAIL;
    if (notify) spooler_notify(state, notify);
    return S_OK;
}

static const IMAPIStatusVtbl status_vtbl =
{
    status_QueryInterface,
    status_AddRef,
    status_Release,
    status_GetLastError,
    status_SaveChanges,
    status_GetProps,
    status_GetPropList,
    status_OpenProperty,
    status_SetProps,
    status_DeleteProps,
    status_CopyTo,
    status_CopyProps,
    status_GetNamesFromIDs,
    status_GetIDsFromNames,
    status_ValidateState,
    status_SettingsDialog,
    status_ChangePassword,
    status_FlushQueues,
};

HRESULT status_create(struct logon_state *state, IMAPIStatus **out)
{
    struct xp_status *status;

    if (!(status = HeapAlloc(GetProcessHeap(), 0, sizeof(*status)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    status->IMAPIStatus_iface.lpVtbl = &status_vtbl;
    status->refcount = 1;
    status->state = state;
    InterlockedIncrement(&maildrop_objects);
    *out = &status->IMAPIStatus_iface;
    return S_OK;
}

/* ------------------------------------------------------------------------
 * The service entry
 */

static HRESULT profile_name(IProviderAdmin *admin, char *name, DWORD size)
{
    static const SizedSPropTagArray(1, tags) = {1, {PR_PROFILE_NAME_A}};
    SPropValue *props = NULL;
    IProfSect *section;
    ULONG count = 0;
    HRESULT hr;

    name[0] = 0;
    if (FAILED(hr = IProviderAdmin_OpenProfileSection(admin, (MAPIUID *)&global_section_uid, NULL, 0, &section)))
        return hr;
    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
    IProfSect_Release(section);
    if (SUCCEEDED(hr) && count == 1 && props[0].ulPropTag == PR_PROFILE_NAME_A)
        lstrcpynA(name, props[0].Value.lpszA, size);
    MAPIFreeBuffer(props);
    return SUCCEEDED(hr) ? S_OK : hr;
}

/* Whether a given value is one of ours and well-formed. */
static HRESULT value_check(const SPropValue *value)
{
    switch (value->ulPropTag)
    {
    case PR_MAILDROP_OUTBOX:
        if (!value->Value.lpszA || !value->Value.lpszA[0]) return MAPI_E_INVALID_PARAMETER;
        return lstrlenA(value->Value.lpszA) < MAX_PATH - 64 ? S_OK : MAPI_E_STRING_TOO_LONG;
    case PR_MAILDROP_INBOX:
        if (!value->Value.lpszA) return MAPI_E_INVALID_PARAMETER;
        return lstrlenA(value->Value.lpszA) < MAX_PATH - 64 ? S_OK : MAPI_E_STRING_TOO_LONG;
    case PR_MAILDROP_SENDER:
    {
        WCHAR address[256];

        if (!value->Value.lpszA) return MAPI_E_INVALID_PARAMETER;
        ansi_to_wide(value->Value.lpszA, address, ARRAY_SIZE(address));
        if (address[0] && !address_is_valid(address))
        {
            WARN("%s is not an Internet address.\n", debugstr_a(value->Value.lpszA));
            return MAPI_E_INVALID_PARAMETER;
        }
        return S_OK;
    }
    case PR_MAILDROP_SENDER_NAME:
        if (!value->Value.lpszA) return MAPI_E_INVALID_PARAMETER;
        return strpbrk(value->Value.lpszA, "\r\n") ? MAPI_E_INVALID_PARAMETER : S_OK;
    default:
        return S_OK;
    }
}

/* The defaults of the private properties a provider section lacks. */
static HRESULT section_defaults(IProfSect *section, const char *profile)
{
    static const SizedSPropTagArray(4, tags) =
            {4, {PR_MAILDROP_OUTBOX, PR_MAILDROP_INBOX, PR_MAILDROP_SENDER, PR_MAILDROP_SENDER_NAME}};
    char outbox[MAX_PATH], inbox[MAX_PATH], sender[256], sender_name[256];
    WCHAR root[MAX_PATH], path[MAX_PATH], address[256], name[256];
    SPropValue *props = NULL, values[4];
    ULONG count = 0, n = 0;
    HRESULT hr;

    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &props);
    if (FAILED(hr)) return hr;
    if (count != 4)
    {
        MAPIFreeBuffer(props);
        return MAPI_E_CALL_FAILED;
    }
    default_root(profile, root, ARRAY_SIZE(root));
    default_sender(address, ARRAY_SIZE(address), name, ARRAY_SIZE(name));
    if (props[0].ulPropTag != PR_MAILDROP_OUTBOX)
    {
        _snwprintf(path, ARRAY_SIZE(path) - 1, L"%s\\outbox", root);
        path[ARRAY_SIZE(path) - 1] = 0;
        wide_to_ansi(path, outbox, sizeof(outbox));
        values[n].ulPropTag = PR_MAILDROP_OUTBOX;
        values[n++].Value.lpszA = outbox;
    }
    if (props[1].ulPropTag != PR_MAILDROP_INBOX)
    {
        _snwprintf(path, ARRAY_SIZE(path) - 1, L"%s\\inbox", root);
        path[ARRAY_SIZE(path) - 1] = 0;
        wide_to_ansi(path, inbox, sizeof(inbox));
        values[n].ulPropTag = PR_MAILDROP_INBOX;
        values[n++].Value.lpszA = inbox;
    }
    if (props[2].ulPropTag != PR_MAILDROP_SENDER)
    {
        wide_to_ansi(address, sender, sizeof(sender));
        values[n].ulPropTag = PR_MAILDROP_SENDER;
        values[n++].Value.lpszA = sender;
    }
    if (props[3].ulPropTag != PR_MAILDROP_SENDER_NAME && props[2].ulPropTag != PR_MAILDROP_SENDER)
    {
        wide_to_ansi(name, sender_name, sizeof(sender_name));
        values[n].ulPropTag = PR_MAILDROP_SENDER_NAME;
        values[n++].Value.lpszA = sender_name;
    }
    MAPIFreeBuffer(props);
    return n ? IProfSect_SetProps(section, n, values, NULL) : S_OK;
}

/* MSG_SERVICE_CREATE and _CONFIGURE: defaults, then the given values, in
 * every provider section of the service. */
static HRESULT service_configure(IProviderAdmin *admin, ULONG count, SPropValue *values)
{
    static const SizedSPropTagArray(1, columns) = {1, {PR_PROVIDER_UID}};
    char profile[256];
    IProfSect *section;
    IMAPITable *table;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i;

    for (i = 0; i < count; i++)
        if (FAILED(hr = value_check(&values[i]))) return hr;
    if (FAILED(hr = profile_name(admin, profile, sizeof(profile))))
        WARN("the profile's name cannot be read, hr %#lx.\n", hr);
    if (FAILED(hr = IProviderAdmin_GetProviderTable(admin, 0, &table))) return hr;
    if (SUCCEEDED(hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0)))
        hr = IMAPITable_QueryRows(table, 64, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        const SPropValue *uid = rows->aRow[i].lpProps;

        if (uid->ulPropTag != PR_PROVIDER_UID || uid->Value.bin.cb != sizeof(MAPIUID)) continue;
        hr = IProviderAdmin_OpenProfileSection(admin, (MAPIUID *)uid->Value.bin.lpb, NULL, MAPI_MODIFY, &section);
        if (FAILED(hr)) break;
        if (count) hr = IProfSect_SetProps(section, count, values, NULL);
        if (SUCCEEDED(hr)) hr = section_defaults(section, profile);
        IProfSect_Release(section);
    }
    for (i = 0; i < rows->cRows; i++) MAPIFreeBuffer(rows->aRow[i].lpProps);
    MAPIFreeBuffer(rows);
    return FAILED(hr) ? hr : S_OK;
}

HRESULT WINAPI MailDropServiceEntry(HINSTANCE instance, IMalloc *malloc, IMAPISupport *support, ULONG_PTR ui,
        ULONG flags, ULONG context, ULONG count, SPropValue *values, IProviderAdmin *admin, MAPIERROR **error)
{
    TRACE("%p, %p, %p, %#Ix, %#lx, %lu, %lu, %p, %p, %p.\n", instance, malloc, support, ui, flags, context, count,
            values, admin, error);

    if (error) *error = NULL;
    switch (context)
    {
    case MSG_SERVICE_CREATE:
    case MSG_SERVICE_CONFIGURE:
        if (!admin || (count && !values)) return MAPI_E_INVALID_PARAMETER;
        if (flags & SERVICE_UI_ALWAYS) FIXME("no configuration dialog; the values given are used.\n");
        return service_configure(admin, count, values);
    case MSG_SERVICE_INSTALL:
    case MSG_SERVICE_UNINSTALL:
    case MSG_SERVICE_DELETE:
    case MSG_SERVICE_PROVIDER_CREATE:
    case MSG_SERVICE_PROVIDER_DELETE:
        return S_OK;
    default:
        return MAPI_E_NO_SUPPORT;
    }
}

/* ------------------------------------------------------------------------
 * The DLL
 */

HRESULT WINAPI DllCanUnloadNow(void)
{
    TRACE("live objects %ld.\n", maildrop_objects);

    return maildrop_objects ? S_FALSE : S_OK;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("%p, %lu, %p.\n", instance, reason, reserved);

    if (reason == DLL_PROCESS_ATTACH) DisableThreadLibraryCalls(instance);
    return TRUE;
}
