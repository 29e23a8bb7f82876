/*
 * Tests for the spooler's core: its logon table, what transports tell it,
 * FlushQueues and ValidateState, and its logoff order
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * These functions have no export: spooler.c and spoolerlogon.c are built
 * into this program as the DLL builds them (with the ANSI MAPI
 * declarations); what they take from the rest of mapi32 is given here
 * under names of this test's own, with a transport provider made of mock
 * objects that record every call.  The spooler's worker thread runs for
 * real.
 */

#undef __WINESRC__

#define mapi_heap_alloc spoolcore_heap_alloc
#define mapi_heap_realloc spoolcore_heap_realloc
#define mapi_heap_free spoolcore_heap_free
#define MAPIAllocateBuffer spoolcore_MAPIAllocateBuffer
#define MAPIFreeBuffer spoolcore_MAPIFreeBuffer
#define PpropFindProp spoolcore_PpropFindProp
#define IID_IMAPIAdviseSink spoolcore_IID_IMAPIAdviseSink
#define provider_get spoolcore_provider_get
#define provider_object spoolcore_provider_object
#define provider_get_dll spoolcore_provider_get_dll
#define provider_dll_addref spoolcore_provider_dll_addref
#define provider_dll_release spoolcore_provider_dll_release
#define provider_dll_enter spoolcore_provider_dll_enter
#define provider_dll_leave spoolcore_provider_dll_leave
#define provider_dll_name spoolcore_provider_dll_name
#define support_create spoolcore_support_create
#define support_set_logon spoolcore_support_set_logon
#define support_logoff spoolcore_support_logoff
#define profile_providers spoolcore_profile_providers
#define profile_name spoolcore_profile_name
#define profile_get_props spoolcore_profile_get_props
#define msgservice_call_entry spoolcore_msgservice_call_entry
#define entryid_unwrap_store spoolcore_entryid_unwrap_store
#define status_row_get spoolcore_status_row_get
#define spooler_process_outbound spoolcore_process_outbound
#define spooler_process_inbound spoolcore_process_inbound
#define spooler_outbound_free spoolcore_outbound_free
#define spooler_entry_has_deferred spoolcore_entry_has_deferred
#define spooler_queue_row_deleted spoolcore_queue_row_deleted
#define spooler_sent_deferred spoolcore_sent_deferred
#define spooler_report_recipients spoolcore_report_recipients
#define spooler_status_row_add spoolcore_status_row_add
#define spooler_status_row_set_code spoolcore_status_row_set_code
#define spooler_status_row_remove spoolcore_status_row_remove
#define xp_status_row_failure spoolcore_xp_status_row_failure
#define xp_status_row_ensure spoolcore_xp_status_row_ensure
/* The spooler's own functions, under names no other test uses. */
#define spooler_addref spoolcore_spooler_addref
#define spooler_release spoolcore_spooler_release
#define spooler_wake spoolcore_spooler_wake
#define xp_entry_addref spoolcore_xp_entry_addref
#define xp_entry_release spoolcore_xp_entry_release
#define xp_entry_link_init spoolcore_xp_entry_link_init
#define xp_entry_fault spoolcore_xp_entry_fault
#define xp_entry_begin_call spoolcore_xp_entry_begin_call
#define xp_entry_end_call spoolcore_xp_entry_end_call
#define xp_entry_release_logon spoolcore_xp_entry_release_logon
#define spooler_find_entry spoolcore_find_entry
#define spooler_request_flush spoolcore_request_flush
#define spooler_request_validate spoolcore_request_validate
#define spooler_start spoolcore_start
#define spooler_stop spoolcore_stop
#define spooler_store_ready spoolcore_store_ready
#define spooler_store_notify spoolcore_store_notify
#define spooler_flush_queues spoolcore_flush_queues
#define spooler_validate_state spoolcore_validate_state
#define spooler_address_types spoolcore_address_types
#define spooler_logon_transports spoolcore_logon_transports
#define spooler_logoff_transport spoolcore_logoff_transport
#define spooler_logoff_transports spoolcore_logoff_transports
#define spooler_read_address_types spoolcore_read_address_types

#include "wine/test.h"
#include "../spooler.c"
/* One debug channel for both files. */
#undef WINE_DEFAULT_DEBUG_CHANNEL
#define WINE_DEFAULT_DEBUG_CHANNEL(ch)
#include "../spoolerlogon.c"

const GUID spoolcore_IID_IMAPIAdviseSink = {0x20302, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

#define TEST_PROFILE "Test Profile"
#define WAIT_MS 5000

/* ------------------------------------------------------------------------
 * The call log
 */

static CRITICAL_SECTION log_cs;
static char call_log[16384];

static void log_call(const char *format, ...)
{
    char line[256];
    va_list args;

    va_start(args, format);
    vsprintf(line, format, args);
    va_end(args);
    EnterCriticalSection(&log_cs);
    if (strlen(call_log) + strlen(line) + 2 < sizeof(call_log))
    {
        strcat(call_log, line);
        strcat(call_log, "\n");
    }
    LeaveCriticalSection(&log_cs);
}

static void log_clear(void)
{
    EnterCriticalSection(&log_cs);
    call_log[0] = 0;
    LeaveCriticalSection(&log_cs);
}

/* The line's position in the log (1-based), 0 when absent. */
static int log_find(const char *line)
{
    char *copy, *p, *next;
    int n = 0, found = 0;

    EnterCriticalSection(&log_cs);
    copy = strdup(call_log);
    LeaveCriticalSection(&log_cs);
    for (p = copy; *p && !found; p = next)
    {
        next = strchr(p, '\n');
        *next++ = 0;
        n++;
        if (!strcmp(p, line)) found = n;
    }
    free(copy);
    return found;
}

static int log_count(const char *line)
{
    char *copy, *p, *next;
    int count = 0;

    EnterCriticalSection(&log_cs);
    copy = strdup(call_log);
    LeaveCriticalSection(&log_cs);
    for (p = copy; *p; p = next)
    {
        next = strchr(p, '\n');
        *next++ = 0;
        if (!strcmp(p, line)) count++;
    }
    free(copy);
    return count;
}

static BOOL wait_line(const char *line, int count)
{
    DWORD start = GetTickCount();

    while (log_count(line) < count)
    {
        if (GetTickCount() - start > WAIT_MS) return FALSE;
        Sleep(10);
    }
    return TRUE;
}

/* ------------------------------------------------------------------------
 * The profile's transports and how each behaves
 */

struct xp_config
{
    const char *name;           /* display name, and the name in the log */
    char service;               /* transports with the same letter share a message service */
    HRESULT logon_hr;           /* TransportLogon; MAPI_E_UNCONFIGURED until the service is configured */
    const char *types;          /* "SMTP,X400"; "" is one empty string; NULL a NULL list */
    BOOL release_in_logoff;     /* documented order: the support object goes inside TransportLogoff */
    BOOL configured;
};

static struct xp_config *configs;
static ULONG config_count;
static struct spooler *current_spooler;
static LONG live_objects, provider_logons, shutdowns, outbound_runs, failures_marked, deferred_notes;
static ULONG status_code_answer;
static const char *deferred_name;
static const char poison[] = "POISON";

static struct xp_config *config_find(const char *name)
{
    ULONG i;

    for (i = 0; i < config_count; i++)
        if (!strcmp(configs[i].name, name)) return &configs[i];
    return NULL;
}

static void make_uid(MAPIUID *uid, char kind, char value)
{
    memset(uid, 0, sizeof(*uid));
    uid->ab[0] = kind;
    uid->ab[1] = value;
}

/* ------------------------------------------------------------------------
 * The mock transport logon
 */

struct fake_logon
{
    IXPLogon IXPLogon_iface;
    LONG refcount;
    struct xp_config *config;
    IMAPISupport *support;
    char *types[8];
    char buffer[64];
};

static inline struct fake_logon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct fake_logon, IXPLogon_iface);
}

/* What the provider gave the last time is no longer valid: a spooler that
 * still reads it sees "POISON". */
static void logon_poison_types(struct fake_logon *logon)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(logon->types); i++) logon->types[i] = (char *)poison;
}

static void logon_release_support(struct fake_logon *logon)
{
    IMAPISupport *support = logon->support;

    logon->support = NULL;
    if (support) IMAPISupport_Release(support);
}

static HRESULT WINAPI logon_QueryInterface(IXPLogon *iface, REFIID riid, void **out)
{
    ok(0, "unexpected call.\n");
    return E_NOINTERFACE;
}

static ULONG WINAPI logon_AddRef(IXPLogon *iface)
{
    return InterlockedIncrement(&impl_from_IXPLogon(iface)->refcount);
}

static ULONG WINAPI logon_Release(IXPLogon *iface)
{
    struct fake_logon *logon = impl_from_IXPLogon(iface);
    ULONG refcount = InterlockedDecrement(&logon->refcount);

    if (!refcount)
    {
        log_call("%s.Release(final)", logon->config->name);
        logon_release_support(logon);
        HeapFree(GetProcessHeap(), 0, logon);
        InterlockedDecrement(&live_objects);
    }
    return refcount;
}

static HRESULT WINAPI logon_AddressTypes(IXPLogon *iface, ULONG *flags, ULONG *type_count, LPSTR **types,
        ULONG *uid_count, MAPIUID ***uids)
{
    struct fake_logon *logon = impl_from_IXPLogon(iface);
    const char *config = logon->config->types;
    ULONG n = 0;
    char *p;

    log_call("%s.AddressTypes", logon->config->name);
    logon_poison_types(logon);
    *flags = 0;
    *uid_count = 0;
    *uids = NULL;
    if (!config)
    {
        *type_count = 0;
        *types = NULL;
        return S_OK;
    }
    strcpy(logon->buffer, config);
    logon->types[n++] = logon->buffer;
    for (p = logon->buffer; (p = strchr(p, ',')); )
    {
        *p++ = 0;
        logon->types[n++] = p;
    }
    *type_count = n;
    *types = logon->types;
    return S_OK;
}

static HRESULT WINAPI logon_RegisterOptions(IXPLogon *iface, ULONG *flags, ULONG *count, OPTIONDATA **options)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_TransportNotify(IXPLogon *iface, ULONG *flags, void **data)
{
    struct fake_logon *logon = impl_from_IXPLogon(iface);

    log_call("%s.TransportNotify %#lx", logon->config->name, *flags);
    return S_OK;
}

static HRESULT WINAPI logon_Idle(IXPLogon *iface, ULONG flags)
{
    ok(0, "unexpected call.\n");
    return S_OK;
}

static HRESULT WINAPI logon_TransportLogoff(IXPLogon *iface, ULONG flags)
{
    struct fake_logon *logon = impl_from_IXPLogon(iface);
    ULONG i, found = 0;

    log_call("%s.TransportLogoff %#lx", logon->config->name, flags);

    /* Every AddressTypes pointer of this logon is gone by now. */
    EnterCriticalSection(&current_spooler->lock);
    for (i = 0; i < current_spooler->entry_count; i++)
    {
        struct xp_entry *entry = current_spooler->entries[i];

        if (entry->logon != iface) continue;
        found++;
        ok(!entry->types_valid, "%s: the address types are still valid.\n", logon->config->name);
        ok(!entry->types && !entry->type_count, "%s: the address types are still kept.\n", logon->config->name);
        ok(entry->state & XP_LOGGING_OFF, "%s: got state %#lx.\n", logon->config->name, entry->state);
    }
    LeaveCriticalSection(&current_spooler->lock);
    ok(found == 1, "%s: found %lu entries.\n", logon->config->name, found);

    logon_poison_types(logon);
    if (logon->config->release_in_logoff) logon_release_support(logon);
    return S_OK;
}

static HRESULT WINAPI logon_SubmitMessage(IXPLogon *iface, ULONG flags, IMessage *message, ULONG_PTR *ref,
        ULONG_PTR *param)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_EndMessage(IXPLogon *iface, ULONG_PTR ref, ULONG *flags)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_Poll(IXPLogon *iface, ULONG *incoming)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_StartMessage(IXPLogon *iface, ULONG flags, IMessage *message, ULONG_PTR *ref)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_OpenStatusEntry(IXPLogon *iface, const IID *iid, ULONG flags, ULONG *type,
        IMAPIStatus **status)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_ValidateState(IXPLogon *iface, ULONG_PTR ui, ULONG flags)
{
    struct fake_logon *logon = impl_from_IXPLogon(iface);

    log_call("%s.ValidateState %#lx", logon->config->name, flags);
    return S_OK;
}

static HRESULT WINAPI logon_FlushQueues(IXPLogon *iface, ULONG_PTR ui, ULONG cb, ENTRYID *target, ULONG flags)
{
    struct fake_logon *logon = impl_from_IXPLogon(iface);

    log_call("%s.FlushQueues %#lx", logon->config->name, flags);
    ok(!cb && !target, "got target %lu, %p.\n", cb, target);
    return S_OK;
}

static const IXPLogonVtbl logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_AddressTypes,
    logon_RegisterOptions,
    logon_TransportNotify,
    logon_Idle,
    logon_TransportLogoff,
    logon_SubmitMessage,
    logon_EndMessage,
    logon_Poll,
    logon_StartMessage,
    logon_OpenStatusEntry,
    logon_ValidateState,
    logon_FlushQueues,
};

/* ------------------------------------------------------------------------
 * The mock support object: it tells the logon table of its final release
 * and counts the provider's live logons, as support.c does.
 */

struct fake_support
{
    IMAPISupport IMAPISupport_iface;
    LONG refcount;
    struct xp_link link;
    struct profile_provider info;
};

static inline struct fake_support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct fake_support, IMAPISupport_iface);
}

static HRESULT WINAPI support_QueryInterface(IMAPISupport *iface, REFIID riid, void **out)
{
    ok(0, "unexpected call.\n");
    return E_NOINTERFACE;
}

static ULONG WINAPI support_AddRef(IMAPISupport *iface)
{
    return InterlockedIncrement(&impl_from_IMAPISupport(iface)->refcount);
}

static ULONG WINAPI support_Release(IMAPISupport *iface)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    ULONG refcount = InterlockedDecrement(&support->refcount);

    if (refcount) return refcount;
    log_call("%s.support.Release(final)", support->info.display_name);
    support->link.support_released(support->link.entry);
    support->link.link_release(support->link.entry);
    if (!InterlockedDecrement(&provider_logons))
    {
        log_call("Shutdown");
        InterlockedIncrement(&shutdowns);
    }
    HeapFree(GetProcessHeap(), 0, support);
    InterlockedDecrement(&live_objects);
    return 0;
}

static const IMAPISupportVtbl support_vtbl =
{
    support_QueryInterface,
    support_AddRef,
    support_Release,
};

/* ------------------------------------------------------------------------
 * The mock provider object
 */

static HRESULT WINAPI xpp_QueryInterface(IXPProvider *iface, REFIID riid, void **out)
{
    ok(0, "unexpected call.\n");
    return E_NOINTERFACE;
}

static ULONG WINAPI xpp_AddRef(IXPProvider *iface)
{
    return 2;
}

static ULONG WINAPI xpp_Release(IXPProvider *iface)
{
    return 1;
}

static HRESULT WINAPI xpp_Shutdown(IXPProvider *iface, ULONG *flags)
{
    ok(0, "unexpected call.\n");
    return S_OK;
}

static HRESULT WINAPI xpp_TransportLogon(IXPProvider *iface, IMAPISupport *sup, ULONG_PTR ui, LPSTR profile,
        ULONG *flags, MAPIERROR **error, IXPLogon **out)
{
    struct fake_support *support = impl_from_IMAPISupport(sup);
    struct xp_config *config = config_find(support->info.display_name);
    struct fake_logon *logon;

    log_call("%s.TransportLogon %#lx %s", config->name, *flags, profile);
    ok(error != NULL, "no error pointer.\n");
    *error = NULL;
    *out = NULL;
    if (config->logon_hr == MAPI_E_UNCONFIGURED && !config->configured) return MAPI_E_UNCONFIGURED;
    if (FAILED(config->logon_hr) && config->logon_hr != MAPI_E_UNCONFIGURED) return config->logon_hr;

    logon = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*logon));
    logon->IXPLogon_iface.lpVtbl = &logon_vtbl;
    logon->refcount = 1;
    logon->config = config;
    logon->support = sup;
    IMAPISupport_AddRef(sup);
    InterlockedIncrement(&live_objects);
    *flags = 0;
    *out = &logon->IXPLogon_iface;
    return S_OK;
}

static const IXPProviderVtbl xpp_vtbl =
{
    xpp_QueryInterface,
    xpp_AddRef,
    xpp_Release,
    xpp_Shutdown,
    xpp_TransportLogon,
};

static IXPProvider test_xpp = {&xpp_vtbl};

/* ------------------------------------------------------------------------
 * What the spooler takes from the rest of mapi32
 */

struct provider_dll { LONG refs; };
struct provider { int unused; };

static struct provider_dll test_dll;
static struct provider test_provider;
static struct mapi_host test_host;

void *mapi_heap_alloc(SIZE_T size)
{
    return HeapAlloc(GetProcessHeap(), 0, size);
}

void *mapi_heap_realloc(void *ptr, SIZE_T size)
{
    return ptr ? HeapReAlloc(GetProcessHeap(), 0, ptr, size) : HeapAlloc(GetProcessHeap(), 0, size);
}

void mapi_heap_free(void *ptr)
{
    HeapFree(GetProcessHeap(), 0, ptr);
}

SCODE WINAPI MAPIAllocateBuffer(ULONG size, void **buffer)
{
    *buffer = HeapAlloc(GetProcessHeap(), 0, size);
    return *buffer ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

ULONG WINAPI MAPIFreeBuffer(void *buffer)
{
    HeapFree(GetProcessHeap(), 0, buffer);
    return S_OK;
}

SPropValue * WINAPI PpropFindProp(SPropValue *props, ULONG count, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

HRESULT provider_get(struct provider_set *set, const char *dll_name, enum provider_kind kind,
        struct provider **provider)
{
    ok(kind == PROVIDER_TRANSPORT, "got kind %u.\n", kind);
    ok(!strcmp(dll_name, "test.dll"), "got %s.\n", dll_name);
    *provider = &test_provider;
    return S_OK;
}

IUnknown *provider_object(const struct provider *provider)
{
    return (IUnknown *)&test_xpp;
}

struct provider_dll *provider_get_dll(const struct provider *provider)
{
    return &test_dll;
}

void provider_dll_addref(struct provider_dll *dll)
{
    InterlockedIncrement(&dll->refs);
}

void provider_dll_release(struct provider_dll *dll)
{
    InterlockedDecrement(&dll->refs);
}

void provider_dll_enter(struct provider_dll *dll)
{
}

void provider_dll_leave(struct provider_dll *dll)
{
}

const char *provider_dll_name(const struct provider_dll *dll)
{
    return "test.dll";
}

HRESULT support_create(const struct support_params *params, IMAPISupport **out)
{
    struct fake_support *support;

    ok(params->kind == SUPPORT_TRANSPORT, "got kind %u.\n", params->kind);
    ok(params->link != NULL, "no link.\n");
    support = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*support));
    support->IMAPISupport_iface.lpVtbl = &support_vtbl;
    support->refcount = 1;
    support->link = *params->link;
    support->info = *params->info;
    support->link.link_addref(support->link.entry);
    InterlockedIncrement(&provider_logons);
    InterlockedIncrement(&live_objects);
    *out = &support->IMAPISupport_iface;
    return S_OK;
}

void support_set_logon(IMAPISupport *support, IUnknown *logon)
{
    ok(0, "unexpected call.\n");
}

HRESULT support_logoff(IMAPISupport *support, ULONG flags)
{
    ok(0, "unexpected call.\n");
    return S_OK;
}

HRESULT profile_providers(struct profile *profile, ULONG type, ULONG *count, struct profile_provider **out)
{
    struct profile_provider *infos;
    ULONG i;

    ok(type == MAPI_TRANSPORT_PROVIDER, "got type %lu.\n", type);
    infos = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, max(config_count, 1) * sizeof(*infos));
    for (i = 0; i < config_count; i++)
    {
        make_uid(&infos[i].uid, 'p', configs[i].name[0]);
        make_uid(&infos[i].service_uid, 's', configs[i].service);
        infos[i].resource_type = MAPI_TRANSPORT_PROVIDER;
        strcpy(infos[i].dll_name, "test.dll");
        strcpy(infos[i].display_name, configs[i].name);
        sprintf(infos[i].service_name, "Service %c", configs[i].service);
    }
    *count = config_count;
    *out = infos;
    return S_OK;
}

const char *profile_name(const struct profile *profile)
{
    return TEST_PROFILE;
}

HRESULT profile_get_props(struct profile *profile, const MAPIUID *uid, const SPropTagArray *tags, ULONG *count,
        SPropValue **props)
{
    return MAPI_E_NOT_FOUND;
}

HRESULT msgservice_call_entry(struct profile *profile, const MAPIUID *service_uid, ULONG_PTR ui, ULONG flags,
        ULONG context, ULONG count, SPropValue *props)
{
    ULONG i;

    log_call("service %c context %lu flags %#lx", service_uid->ab[1], context, flags);
    for (i = 0; i < config_count; i++)
        if (configs[i].service == service_uid->ab[1]) configs[i].configured = TRUE;
    return S_OK;
}

HRESULT entryid_unwrap_store(ULONG cb, const ENTRYID *eid, char *dll_name, SIZE_T size, ULONG *cb_inner,
        const ENTRYID **inner)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_INVALID_ENTRYID;
}

HRESULT status_row_get(struct status_table *table, const void *owner, ULONG *count, SPropValue **props)
{
    if (!status_code_answer) return MAPI_E_NOT_FOUND;
    MAPIAllocateBuffer(sizeof(**props), (void **)props);
    (*props)->ulPropTag = PR_STATUS_CODE;
    (*props)->Value.l = status_code_answer;
    *count = 1;
    return S_OK;
}

void spooler_process_outbound(struct spooler *spooler)
{
    InterlockedIncrement(&outbound_runs);
}

void spooler_process_inbound(struct spooler *spooler)
{
}

void spooler_outbound_free(struct spooler *spooler)
{
}

BOOL spooler_entry_has_deferred(struct spooler *spooler, const struct xp_entry *entry)
{
    return deferred_name && !strcmp(entry->info.display_name, deferred_name);
}

void spooler_queue_row_deleted(struct spooler *spooler, const SBinary *instance_key)
{
    ok(0, "unexpected call.\n");
}

HRESULT spooler_sent_deferred(struct spooler *spooler, ULONG cb, const ENTRYID *eid)
{
    ok(cb == 4 && !memcmp(eid, "eid", 4), "got %lu, %p.\n", cb, eid);
    InterlockedIncrement(&deferred_notes);
    return S_OK;
}

HRESULT spooler_report_recipients(struct spooler *spooler, IMessage *message, ADRLIST *list)
{
    ok(0, "unexpected call.\n");
    return MAPI_E_NO_SUPPORT;
}

HRESULT spooler_status_row_add(struct spooler *spooler)
{
    return S_OK;
}

void spooler_status_row_set_code(struct spooler *spooler, ULONG set, ULONG clear)
{
}

void spooler_status_row_remove(struct spooler *spooler)
{
}

void xp_status_row_failure(struct xp_entry *entry)
{
    InterlockedIncrement(&failures_marked);
}

void xp_status_row_ensure(struct xp_entry *entry)
{
}

/* ------------------------------------------------------------------------
 * Helpers
 */

static struct spooler *start(struct xp_config *table, ULONG count)
{
    struct spooler *spooler = NULL;
    HRESULT hr;

    configs = table;
    config_count = count;
    log_clear();
    status_code_answer = 0;
    deferred_name = NULL;
    memset(&test_host, 0, sizeof(test_host));
    test_host.profile = (struct profile *)&test_host;
    test_host.providers = (struct provider_set *)&test_host;
    test_host.status = (struct status_table *)&test_host;
    hr = spooler_start(&test_host, &spooler);
    ok(hr == S_OK, "got %#lx.\n", hr);
    current_spooler = spooler;
    return spooler;
}

/* Stops the spooler; every object of the transport is gone afterwards. */
static void stop(struct spooler *spooler)
{
    spooler_stop(spooler);
    ok(!live_objects, "%ld objects are alive.\n", live_objects);
    ok(!provider_logons, "the provider has %ld logons.\n", provider_logons);
    ok(!test_dll.refs, "the DLL has %ld references.\n", test_dll.refs);
}

static struct xp_entry *entry_named(struct spooler *spooler, const char *name)
{
    struct xp_entry *found = NULL;
    ULONG i;

    EnterCriticalSection(&spooler->lock);
    for (i = 0; i < spooler->entry_count; i++)
        if (!strcmp(spooler->entries[i]->info.display_name, name)) found = spooler->entries[i];
    LeaveCriticalSection(&spooler->lock);
    return found;
}

/* The session's EnumAdrTypes, as one comma-separated string. */
static void address_types(struct spooler *spooler, char *out)
{
    LPSTR *types;
    ULONG count, i;
    HRESULT hr;

    *out = 0;
    hr = spooler_address_types(spooler, &count, &types);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return;
    for (i = 0; i < count; i++)
    {
        if (i) strcat(out, ",");
        strcat(out, types[i]);
    }
    ok(!types[count], "the list does not end with NULL.\n");
    MAPIFreeBuffer(types);
}

/* ------------------------------------------------------------------------
 * Tests
 */

/* Transports log on in profile order with NO_INBOUND | NO_OUTBOUND, are
 * asked for their address types, then begin inbound and outbound.
 * FAILONEPROVIDER disables one provider, another error the rest of its
 * service, MAPI_E_UNCONFIGURED configures the service and tries again. */
static void test_logon(void)
{
    struct xp_config table[] =
    {
        {"A", '1', S_OK, "SMTP,X400"},
        {"B", '2', MAPI_E_FAILONEPROVIDER, "SMTP"},
        {"C", '2', S_OK, NULL},
        {"D", '3', MAPI_E_CALL_FAILED, "FAX"},
        {"E", '3', S_OK, "FAX"},
        {"F", '4', MAPI_E_UNCONFIGURED, ""},
        {"G", '5', S_OK, "X400,FAX,SMTP"},
    };
    struct spooler *spooler;
    char types[64];

    if (!(spooler = start(table, ARRAY_SIZE(table)))) return;
    ok(wait_line("G.TransportNotify 0x2", 1), "G was not started.\n");
    ok(wait_line("F.support.Release(final)", 1), "the failed logons' support objects were kept.\n");
    ok(!strcmp(call_log,
            "A.TransportLogon 0x19 " TEST_PROFILE "\n"
            "A.AddressTypes\n"
            "A.TransportNotify 0x1\n"
            "A.TransportNotify 0x2\n"
            "B.TransportLogon 0x19 " TEST_PROFILE "\n"
            "C.TransportLogon 0x19 " TEST_PROFILE "\n"
            "C.AddressTypes\n"
            "C.TransportNotify 0x1\n"
            "C.TransportNotify 0x2\n"
            "D.TransportLogon 0x19 " TEST_PROFILE "\n"
            "F.TransportLogon 0x19 " TEST_PROFILE "\n"
            "service 4 context 3 flags 0x20\n"
            "F.TransportLogon 0x19 " TEST_PROFILE "\n"
            "F.AddressTypes\n"
            "F.TransportNotify 0x1\n"
            "F.TransportNotify 0x2\n"
            "G.TransportLogon 0x19 " TEST_PROFILE "\n"
            "G.AddressTypes\n"
            "G.TransportNotify 0x1\n"
            "G.TransportNotify 0x2\n"
            "B.support.Release(final)\n"
            "D.support.Release(final)\n"
            "F.support.Release(final)\n"), "got log:\n%s", call_log);
    ok(spooler->entry_count == 4, "got %lu entries.\n", spooler->entry_count);

    /* A NULL list takes every type but names none, an empty string none. */
    address_types(spooler, types);
    ok(!strcmp(types, "SMTP,X400,FAX"), "got %s.\n", types);

    log_clear();
    stop(spooler);
    ok(log_find("A.TransportNotify 0x30000") && log_find("A.TransportNotify 0x30000") < log_find("A.TransportLogoff 0"),
            "got log:\n%s", call_log);
    ok(log_count("Shutdown") == 1, "got log:\n%s", call_log);
    ok(log_find("Shutdown") > log_find("G.TransportLogoff 0"), "got log:\n%s", call_log);
    ok(!log_find("A.TransportNotify 0x40000000"), "ABORT_DEFERRED without deferred messages.\n");
}

/* What SpoolerNotify accepts and what each flag does. */
static void test_notify(void)
{
    struct xp_config table[] = {{"A", '1', S_OK, "SMTP"}, {"B", '2', S_OK, "X400"}};
    struct spooler *spooler;
    struct xp_entry *entry, *found;
    SBinary eid = {4, (BYTE *)"eid"};
    IMAPISupport *support;
    char types[64];
    HRESULT hr;

    if (!(spooler = start(table, ARRAY_SIZE(table)))) return;
    ok(wait_line("B.TransportNotify 0x2", 1), "B was not started.\n");
    entry = entry_named(spooler, "A");
    ok(entry != NULL, "no entry for A.\n");
    if (!entry) goto done;

    hr = entry->link.spooler_notify(entry, 0x00000100, NULL);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = entry->link.spooler_notify(entry, NOTIFY_NEWMAIL_RECEIVED, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = entry->link.spooler_notify(entry, NOTIFY_SENTDEFERRED | NOTIFY_CRITICAL_ERROR, &eid);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = entry->link.spooler_notify(entry, NOTIFY_CRITSEC | NOTIFY_NONCRIT, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = entry->link.spooler_notify(entry, NOTIFY_SENTDEFERRED, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!deferred_notes, "got %ld.\n", deferred_notes);
    hr = entry->link.spooler_notify(entry, NOTIFY_SENTDEFERRED, &eid);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(deferred_notes == 1, "got %ld.\n", deferred_notes);

    hr = entry->link.spooler_notify(entry, NOTIFY_CRITSEC, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(entry->state & XP_CRITSEC, "got state %#lx.\n", entry->state);
    hr = entry->link.spooler_notify(entry, NOTIFY_NONCRIT, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!(entry->state & XP_CRITSEC), "got state %#lx.\n", entry->state);

    hr = entry->link.spooler_yield(entry);
    ok(hr == S_OK, "got %#lx.\n", hr);
    entry->cancel_current = TRUE;
    hr = entry->link.spooler_yield(entry);
    ok(hr == MAPI_W_CANCEL_MESSAGE, "got %#lx.\n", hr);
    entry->cancel_current = FALSE;

    hr = entry->link.register_preprocessor(entry, NULL, "SMTP", "pre.dll", "Pre", "Remove", 0);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);

    /* CONFIG_CHANGE: the worker asks again; the old arrays are not read. */
    table[0].types = "FAX";
    hr = entry->link.spooler_notify(entry, NOTIFY_CONFIG_CHANGE, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(wait_line("A.AddressTypes", 2), "no AddressTypes after CONFIG_CHANGE.\n");
    Sleep(50);
    address_types(spooler, types);
    ok(!strcmp(types, "FAX,X400"), "got %s.\n", types);

    /* CRITICAL_ERROR: logged off by the worker, in the documented order. */
    support = entry->support;
    found = spooler_find_entry(spooler, support);
    ok(found == entry, "got %p, expected %p.\n", found, entry);
    if (found) xp_entry_release(found);
    log_clear();
    hr = entry->link.spooler_notify(entry, NOTIFY_CRITICAL_ERROR, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(failures_marked == 1, "got %ld.\n", failures_marked);
    ok(wait_line("A.Release(final)", 1), "A's logon was not released.\n");
    ok(!strcmp(call_log, "A.TransportNotify 0x30000\nA.TransportLogoff 0\nA.Release(final)\n"
            "A.support.Release(final)\n"), "got log:\n%s", call_log);
    address_types(spooler, types);
    ok(!strcmp(types, "X400"), "got %s.\n", types);
    ok(!spooler_find_entry(spooler, support), "A's row still leads to its entry.\n");
    hr = entry->link.spooler_yield(entry);
    ok(hr == MAPI_W_CANCEL_MESSAGE, "got %#lx.\n", hr);

done:
    log_clear();
    stop(spooler);
    ok(!log_find("A.TransportLogoff 0"), "A was logged off twice:\n%s", call_log);
    ok(log_find("B.TransportLogoff 0") > 0, "got log:\n%s", call_log);
    failures_marked = 0;
    deferred_notes = 0;
}

/* A transport with a deferred message gets ABORT_DEFERRED alone, before
 * END_INBOUND | END_OUTBOUND; the support object released inside
 * TransportLogoff starts the cascade there. */
static void test_logoff_deferred(void)
{
    struct xp_config table[] = {{"A", '1', S_OK, "SMTP", TRUE}, {"B", '2', S_OK, "SMTP", TRUE}};
    struct spooler *spooler;

    if (!(spooler = start(table, ARRAY_SIZE(table)))) return;
    ok(wait_line("B.TransportNotify 0x2", 1), "B was not started.\n");
    deferred_name = "A";
    log_clear();
    stop(spooler);
    ok(!strcmp(call_log,
            "A.TransportNotify 0x40000000\n"
            "A.TransportNotify 0x30000\n"
            "A.TransportLogoff 0\n"
            "A.support.Release(final)\n"
            "B.TransportNotify 0x30000\n"
            "B.TransportLogoff 0\n"
            "B.support.Release(final)\n"
            "Shutdown\n"
            "A.Release(final)\n"
            "B.Release(final)\n"), "got log:\n%s", call_log);
}

/* The spooler's reference on a logon outlives a call that runs while the
 * transport is logged off, and goes when that call ends. */
static void test_release_after_call(void)
{
    struct xp_config table[] = {{"A", '1', S_OK, "SMTP"}};
    struct spooler *spooler;
    struct xp_entry *entry;
    IXPLogon *logon;

    if (!(spooler = start(table, ARRAY_SIZE(table)))) return;
    ok(wait_line("A.TransportNotify 0x2", 1), "A was not started.\n");
    entry = entry_named(spooler, "A");
    xp_entry_addref(entry);
    logon = xp_entry_begin_call(entry);
    ok(logon != NULL, "no logon.\n");

    spooler_stop(spooler);
    ok(log_find("A.TransportLogoff 0") > 0, "got log:\n%s", call_log);
    ok(!log_find("A.Release(final)"), "the logon was released during a call.\n");
    ok(!xp_entry_begin_call(entry), "a call began after the logoff.\n");
    xp_entry_end_call(entry);
    ok(log_find("A.Release(final)") > 0, "the logon was not released at the end of the call.\n");
    xp_entry_release(entry);
    ok(!live_objects, "%ld objects are alive.\n", live_objects);
    ok(!provider_logons, "the provider has %ld logons.\n", provider_logons);
    ok(!test_dll.refs, "the DLL has %ld references.\n", test_dll.refs);
}

/* FlushQueues and ValidateState, synchronous by default, reach every
 * transport in order; ValidateState also logs on what is not. */
static void test_flush_validate(void)
{
    struct xp_config table[] =
    {
        {"A", '1', S_OK, "SMTP"},
        {"B", '2', S_OK, "X400"},
        {"C", '3', MAPI_E_CALL_FAILED, "FAX"},
    };
    struct spooler *spooler;
    char types[64];
    LONG runs;
    HRESULT hr;

    if (!(spooler = start(table, ARRAY_SIZE(table)))) return;
    ok(wait_line("B.TransportNotify 0x2", 1), "B was not started.\n");
    ok(wait_line("C.support.Release(final)", 1), "C's failed logon was kept.\n");

    hr = spooler_flush_queues(spooler, 0x1000);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = spooler_validate_state(spooler, 0x1000);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    log_clear();
    status_code_answer = STATUS_AVAILABLE | STATUS_OUTBOUND_FLUSH;
    runs = outbound_runs;
    hr = spooler_flush_queues(spooler, FLUSH_UPLOAD);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(call_log, "A.FlushQueues 0x2\nA.TransportNotify 0x80000\nB.FlushQueues 0x2\n"
            "B.TransportNotify 0x80000\n"), "got log:\n%s", call_log);
    ok(outbound_runs >= runs + 2, "outbound ran %ld times.\n", outbound_runs - runs);
    status_code_answer = 0;

    log_clear();
    table[2].logon_hr = S_OK;
    table[0].types = "FAX";
    hr = spooler_validate_state(spooler, CONFIG_CHANGED);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!strcmp(call_log, "A.ValidateState 0x100000\nA.AddressTypes\nB.ValidateState 0x100000\nB.AddressTypes\n"
            "C.TransportLogon 0x19 " TEST_PROFILE "\nC.AddressTypes\nC.TransportNotify 0x1\nC.TransportNotify 0x2\n"),
            "got log:\n%s", call_log);
    address_types(spooler, types);
    ok(!strcmp(types, "FAX,X400"), "got %s.\n", types);

    stop(spooler);
}

static void test_arguments(void)
{
    struct spooler *spooler = (struct spooler *)0xdead;
    LPSTR *types = (LPSTR *)0xdead;
    ULONG count = 0xdead;
    HRESULT hr;

    hr = spooler_start(NULL, &spooler);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!spooler, "got %p.\n", spooler);
    hr = spooler_address_types(NULL, &count, &types);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!count && !types, "got %lu, %p.\n", count, types);
    hr = spooler_store_notify(NULL, NOTIFY_READYTOSEND, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

START_TEST(spoolcore)
{
    InitializeCriticalSection(&log_cs);
    test_arguments();
    test_logon();
    test_notify();
    test_logoff_deferred();
    test_release_after_call();
    test_flush_validate();
    DeleteCriticalSection(&log_cs);
}
