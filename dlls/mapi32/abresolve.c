/*
 * mapi32: address-book settings, the search path and name resolution
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "addrbook.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* MAPI's own profile section (pbGlobalProfileSectionGuid).  It keeps the
 * address-book settings of the profile: PR_AB_SEARCH_PATH,
 * PR_AB_DEFAULT_DIR and PR_AB_DEFAULT_PAB. */
static const MAPIUID global_section_uid =
    {{0x13, 0xdb, 0xb0, 0xc8, 0xaa, 0x05, 0x10, 0x1a, 0x9b, 0xb0, 0x00, 0xaa, 0x00, 0x2f, 0xc4, 0x5a}};

#define ADRLIST_SIZE(count) (offsetof(ADRLIST, aEntries) + (count) * sizeof(ADRENTRY))

/* ------------------------------------------------------------------------
 * Strings and property arrays
 */

static WCHAR *strdupAtoW(const char *str)
{
    WCHAR *ret;
    int len;

    if (!str) str = "";
    len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    if ((ret = mapi_heap_alloc(len * sizeof(WCHAR)))) MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

static char *strdupWtoA(const WCHAR *str)
{
    char *ret;
    int len;

    if (!str) str = L"";
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if ((ret = mapi_heap_alloc(len))) WideCharToMultiByte(CP_ACP, 0, str, -1, ret, len, NULL, NULL);
    return ret;
}

static WCHAR *strdupW(const WCHAR *str)
{
    WCHAR *ret;

    if (!str) str = L"";
    if ((ret = mapi_heap_alloc((lstrlenW(str) + 1) * sizeof(WCHAR)))) lstrcpyW(ret, str);
    return ret;
}

/* The string value of a property of either string type, as a new heap
 * string; NULL when the property is not a string. */
static WCHAR *prop_string_dupW(const SPropValue *prop)
{
    if (!prop) return NULL;
    if (PROP_TYPE(prop->ulPropTag) == PT_UNICODE) return strdupW(prop->Value.lpszW);
    if (PROP_TYPE(prop->ulPropTag) == PT_STRING8) return strdupAtoW(prop->Value.lpszA);
    return NULL;
}

static const SPropValue *props_find_id(const SPropValue *props, ULONG count, ULONG id)
{
    ULONG i;

    if (!props) return NULL;
    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == id && PROP_TYPE(props[i].ulPropTag) != PT_ERROR) return &props[i];
    return NULL;
}

static ULONG row_long(const SRow *row, ULONG tag, ULONG fallback)
{
    const SPropValue *prop = row_find_prop(row, tag);
    return prop ? prop->Value.l : fallback;
}

static BOOL binary_equal(const SBinary *bin, ULONG cb, const void *data)
{
    return bin->cb == cb && (!cb || !memcmp(bin->lpb, data, cb));
}

/* ------------------------------------------------------------------------
 * Settings kept in the profile
 */

static HRESULT ab_setting_get(struct ab_set *set, ULONG tag, SPropValue **out)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *props = NULL;
    ULONG count = 0;
    HRESULT hr;

    *out = NULL;
    hr = profile_get_props(set->host->profile, &global_section_uid, (SPropTagArray *)&tags, &count, &props);
    if (FAILED(hr)) return hr;
    if (count != 1 || props[0].ulPropTag != tag)
    {
        MAPIFreeBuffer(props);
        return MAPI_E_NOT_FOUND;
    }
    *out = props;
    return S_OK;
}

HRESULT ab_setting_set(struct ab_set *set, SPropValue *prop)
{
    SPropProblemArray *problems = NULL;
    IProfSect *section;
    HRESULT hr;

    if (FAILED(hr = profile_open_section(set->host->profile, &global_section_uid, MAPI_MODIFY, &section)))
        return hr;
    hr = IProfSect_SetProps(section, 1, prop, &problems);
    if (SUCCEEDED(hr) && problems)
    {
        if (problems->cProblem) hr = problems->aProblem[0].scode;
        MAPIFreeBuffer(problems);
    }
    IProfSect_Release(section);
    return hr;
}

/* Whether an entry ID belongs to one of the set's providers. */
static BOOL ab_set_knows(struct ab_set *set, ULONG cb, const ENTRYID *eid)
{
    return cb && eid && !entryid_is_oneoff(cb, eid) && ab_set_find_logon(set, cb, eid);
}

/* The PAB: the one set in the profile while its provider is there, else the
 * first modifiable container.  Index into rows, or -1. */
int ab_pab_index(struct ab_set *set, const SRowSet *rows)
{
    SPropValue *stored;
    ULONG i;
    int ret = -1;

    if (SUCCEEDED(ab_setting_get(set, PR_AB_DEFAULT_PAB, &stored)))
    {
        for (i = 0; i < rows->cRows && ret < 0; i++)
        {
            const SPropValue *eid = row_find_prop(&rows->aRow[i], PR_ENTRYID);
            if (eid && binary_equal(&eid->Value.bin, stored->Value.bin.cb, stored->Value.bin.lpb)) ret = i;
        }
        MAPIFreeBuffer(stored);
        if (ret >= 0) return ret;
    }
    for (i = 0; i < rows->cRows; i++)
        if (row_long(&rows->aRow[i], PR_CONTAINER_FLAGS, 0) & AB_MODIFIABLE) return i;
    return -1;
}

/* The default directory: the one set in the profile, else the first
 * container with recipients that is not the PAB, else the PAB.  A container
 * that does not give PR_CONTAINER_FLAGS counts as one with recipients. */
int ab_default_dir_index(struct ab_set *set, const SRowSet *rows)
{
    SPropValue *stored;
    int pab = ab_pab_index(set, rows), ret = -1;
    ULONG i;

    if (SUCCEEDED(ab_setting_get(set, PR_AB_DEFAULT_DIR, &stored)))
    {
        for (i = 0; i < rows->cRows && ret < 0; i++)
        {
            const SPropValue *eid = row_find_prop(&rows->aRow[i], PR_ENTRYID);
            if (eid && binary_equal(&eid->Value.bin, stored->Value.bin.cb, stored->Value.bin.lpb)) ret = i;
        }
        MAPIFreeBuffer(stored);
        if (ret >= 0) return ret;
    }
    for (i = 0; i < rows->cRows; i++)
        if ((int)i != pab && (row_long(&rows->aRow[i], PR_CONTAINER_FLAGS, AB_RECIPIENTS) & AB_RECIPIENTS))
            return i;
    return pab;
}

/* Adds the row's entry ID (and display name) to path unless it is there. */
static HRESULT search_path_add(SRowSet *path, const SBinary *eid, const SPropValue *name, BOOL unicode)
{
    SPropValue *props;
    WCHAR *nameW;
    HRESULT hr;
    ULONG i;

    for (i = 0; i < path->cRows; i++)
        if (binary_equal(&path->aRow[i].lpProps[0].Value.bin, eid->cb, eid->lpb)) return S_OK;
    if (FAILED(hr = MAPIAllocateBuffer(2 * sizeof(*props), (void **)&props))) return hr;
    hr = ab_prop_set_binary(&props[0], PR_ENTRYID, eid->cb, eid->lpb, props);
    nameW = prop_string_dupW(name);
    if (SUCCEEDED(hr)) hr = ab_prop_set_string(&props[1], PROP_ID(PR_DISPLAY_NAME), nameW, unicode, props);
    mapi_heap_free(nameW);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(props);
        return hr;
    }
    path->aRow[path->cRows].ulAdrEntryPad = 0;
    path->aRow[path->cRows].cValues = 2;
    path->aRow[path->cRows++].lpProps = props;
    return S_OK;
}

static HRESULT search_path_add_row(SRowSet *path, const SRow *row, BOOL unicode)
{
    const SPropValue *eid = row_find_prop(row, PR_ENTRYID);

    if (!eid) return S_OK;
    return search_path_add(path, &eid->Value.bin, props_find_id(row->lpProps, row->cValues,
            PROP_ID(PR_DISPLAY_NAME)), unicode);
}

/* The search path: the one stored in the profile, without the containers
 * whose providers are not in the session, or the default one the reference
 * describes.  Rows of PR_ENTRYID and PR_DISPLAY_NAME; FreeProws() it. */
HRESULT ab_search_path(struct ab_set *set, BOOL unicode, SRowSet **out)
{
    SRowSet *rows = NULL, *path;
    SPropValue *stored = NULL;
    BOOL global = FALSE;
    ULONG i, capacity;
    int pab, dir;
    HRESULT hr;

    if (FAILED(hr = ab_set_containers(set, unicode ? MAPI_UNICODE : 0, &rows))) return hr;
    if (SUCCEEDED(ab_setting_get(set, PR_AB_SEARCH_PATH, &stored)))
        capacity = stored->Value.MVbin.cValues;
    else
        capacity = rows->cRows;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewSRowSet(capacity), (void **)&path)))
        goto done;
    path->cRows = 0;

    if (stored)
    {
        for (i = 0; i < stored->Value.MVbin.cValues && SUCCEEDED(hr); i++)
        {
            const SBinary *eid = &stored->Value.MVbin.lpbin[i];
            const SPropValue *name = NULL;
            ULONG j;

            if (!ab_set_knows(set, eid->cb, (const ENTRYID *)eid->lpb)) continue;
            for (j = 0; j < rows->cRows && !name; j++)
            {
                const SPropValue *row_eid = row_find_prop(&rows->aRow[j], PR_ENTRYID);
                if (row_eid && binary_equal(&row_eid->Value.bin, eid->cb, eid->lpb))
                    name = props_find_id(rows->aRow[j].lpProps, rows->aRow[j].cValues, PROP_ID(PR_DISPLAY_NAME));
            }
            hr = search_path_add(path, eid, name, unicode);
        }
    }
    else
    {
        pab = ab_pab_index(set, rows);
        if (pab >= 0) hr = search_path_add_row(path, &rows->aRow[pab], unicode);
        for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
        {
            if (row_long(&rows->aRow[i], PR_DISPLAY_TYPE, 0) != DT_GLOBAL) continue;
            global = TRUE;
            hr = search_path_add_row(path, &rows->aRow[i], unicode);
        }
        dir = ab_default_dir_index(set, rows);
        if (SUCCEEDED(hr) && !global && dir >= 0 && dir != pab)
            hr = search_path_add_row(path, &rows->aRow[dir], unicode);
    }
    if (FAILED(hr)) FreeProws(path);
    else *out = path;

done:
    MAPIFreeBuffer(stored);
    FreeProws(rows);
    return hr;
}

/* ------------------------------------------------------------------------
 * Name resolution
 */

/* What an unresolved recipient's display name says, when it is an address
 * of its own: "TYPE:address", "[TYPE:address]", or "user@host" (SMTP). */
static BOOL address_parse(const WCHAR *name, WCHAR **type, WCHAR **address)
{
    WCHAR *copy, *start, *end, *colon, *p;
    BOOL ret = FALSE;

    *type = *address = NULL;
    if (!(copy = strdupW(name))) return FALSE;
    for (start = copy; *start == ' ' || *start == '\t'; start++);
    for (end = start + lstrlenW(start); end > start && (end[-1] == ' ' || end[-1] == '\t'); end--);
    *end = 0;
    if (*start == '[' && end > start + 1 && end[-1] == ']')
    {
        start++;
        *--end = 0;
    }

    if ((colon = wcschr(start, ':')) && colon > start && colon[1])
    {
        for (p = start; p < colon; p++)
            if (!iswalnum(*p) && *p != '-' && *p != '_') break;
        if (p == colon)
        {
            *colon = 0;
            *type = strdupW(start);
            *address = strdupW(colon + 1);
            ret = TRUE;
        }
    }
    else if ((p = wcschr(start, '@')) && p > start && p[1] && !wcschr(p + 1, '@')
            && !wcspbrk(start, L" \t<>()[],;:\""))
    {
        *type = strdupW(L"SMTP");
        *address = strdupW(start);
        ret = TRUE;
    }
    mapi_heap_free(copy);
    if (ret && (!*type || !*address))
    {
        mapi_heap_free(*type);
        mapi_heap_free(*address);
        *type = *address = NULL;
        ret = FALSE;
    }
    return ret;
}

/* The properties a recipient resolved to a one-off gets. */
static HRESULT resolve_oneoff(const WCHAR *type, const WCHAR *address, BOOL unicode, ULONG *count,
        SPropValue **props)
{
    char *typeA = NULL, *addressA = NULL;
    ENTRYID *eid;
    HRESULT hr;
    ULONG cb;

    if (unicode)
        hr = oneoff_create(address, type, address, MAPI_UNICODE, &cb, &eid);
    else if (!(typeA = strdupWtoA(type)) || !(addressA = strdupWtoA(address)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
        hr = oneoff_create(addressA, typeA, addressA, 0, &cb, &eid);
    mapi_heap_free(typeA);
    mapi_heap_free(addressA);
    if (FAILED(hr)) return hr;
    hr = oneoff_props(cb, eid, unicode, ONEOFF_RESOLVE, count, props);
    MAPIFreeBuffer(eid);
    return hr;
}

/* The recipient's new property array: the given values first, then the
 * old ones (PR_RECIPIENT_TYPE and anything else the caller had) whose
 * property IDs the given ones do not have.  Errors among the given values
 * are left out unless keep_errors.  Both old arrays are freed; the new one
 * is one MAPIAllocateBuffer block. */
static HRESULT adrentry_replace(ADRENTRY *entry, ULONG count, SPropValue *given, BOOL keep_errors)
{
    SPropValue *merged, *result;
    ULONG i, j, n = 0, first;
    HRESULT hr;

    if (!(merged = mapi_heap_alloc((count + entry->cValues + 1) * sizeof(*merged))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < count; i++)
        if (keep_errors || PROP_TYPE(given[i].ulPropTag) != PT_ERROR) merged[n++] = given[i];
    first = n;
    for (i = 0; i < entry->cValues; i++)
    {
        ULONG id = PROP_ID(entry->rgPropVals[i].ulPropTag);

        if (PROP_TYPE(entry->rgPropVals[i].ulPropTag) == PT_ERROR) continue;
        for (j = 0; j < first; j++)
            if (PROP_ID(merged[j].ulPropTag) == id) break;
        if (j == first) merged[n++] = entry->rgPropVals[i];
    }
    hr = ScDupPropset(n, merged, MAPIAllocateBuffer, &result);
    mapi_heap_free(merged);
    if (FAILED(hr)) return hr;
    MAPIFreeBuffer(entry->rgPropVals);
    MAPIFreeBuffer(given);
    entry->rgPropVals = result;
    entry->cValues = n;
    return S_OK;
}

enum resolve_state { RESOLVE_PENDING, RESOLVE_DONE, RESOLVE_AMBIGUOUS, RESOLVE_NONE };

struct resolve_job
{
    ADRLIST *list;
    BOOL unicode;
    enum resolve_state *state;
    WCHAR **names;
    const SPropTagArray *tags;
};

/* A PR_ANR restriction on the container's contents table, for a container
 * without ResolveNames.  Fills row with the match and flag with the result. */
static HRESULT resolve_anr(struct ab_logon *owner, IABContainer *container, const struct resolve_job *job,
        const WCHAR *name, ULONG *flag, SPropValue **props, ULONG *count)
{
    SPropValue anr;
    SRestriction res;
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    char *nameA = NULL;
    BOOL faulted;
    HRESULT hr;

    anr.dwAlignPad = 0;
    if (job->unicode)
    {
        anr.ulPropTag = PR_ANR_W;
        anr.Value.lpszW = (WCHAR *)name;
    }
    else
    {
        if (!(nameA = strdupWtoA(name))) return MAPI_E_NOT_ENOUGH_MEMORY;
        anr.ulPropTag = PR_ANR_A;
        anr.Value.lpszA = nameA;
    }
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.ulPropTag = anr.ulPropTag;
    res.res.resProperty.lpProp = &anr;

    PROVIDER_CALL(owner->dll, faulted,
            hr = IABContainer_GetContentsTable(container, job->unicode ? MAPI_UNICODE : 0, &table);
            if (SUCCEEDED(hr)) hr = IMAPITable_SetColumns(table, (SPropTagArray *)job->tags, 0);
            if (SUCCEEDED(hr)) hr = IMAPITable_Restrict(table, &res, 0);
            if (SUCCEEDED(hr)) hr = IMAPITable_QueryRows(table, 2, 0, &rows));
    if (faulted)
    {
        table = NULL;
        hr = MAPI_E_CALL_FAILED;
    }
    ab_logon_release_object(owner, (IUnknown *)table);
    mapi_heap_free(nameA);
    if (FAILED(hr)) return hr;

    if (rows->cRows == 1)
    {
        *flag = MAPI_RESOLVED;
        *props = rows->aRow[0].lpProps;
        *count = rows->aRow[0].cValues;
        rows->aRow[0].lpProps = NULL;
        rows->aRow[0].cValues = 0;
    }
    else
        *flag = rows->cRows ? MAPI_AMBIGUOUS : MAPI_UNRESOLVED;
    FreeProws(rows);
    return S_OK;
}

/* Offers the pending recipients to one container. */
static HRESULT resolve_in_container(struct ab_set *set, const SBinary *container_eid, struct resolve_job *job)
{
    ULONG i, k, n = 0, pending = 0, type = 0;
    IABContainer *container = NULL;
    struct ab_logon *owner;
    FlagList *flags = NULL;
    ULONG *index = NULL;
    ADRLIST *sub = NULL;
    BOOL faulted;
    HRESULT hr;

    for (i = 0; i < job->list->cEntries; i++)
        if (job->state[i] == RESOLVE_PENDING) pending++;
    if (!pending) return S_OK;

    hr = ab_set_open_with_owner(set, container_eid->cb, (const ENTRYID *)container_eid->lpb, NULL, 0, &type,
            (IUnknown **)&container, &owner);
    if (FAILED(hr) || !owner || type != MAPI_ABCONT)
    {
        WARN("search path container not opened: %#lx, type %lu.\n", hr, type);
        if (container) ab_logon_release_object(owner, (IUnknown *)container);
        return S_OK;
    }

    if (!(index = mapi_heap_alloc(pending * sizeof(*index)))
            || FAILED(MAPIAllocateBuffer(ADRLIST_SIZE(pending), (void **)&sub))
            || FAILED(MAPIAllocateBuffer(CbNewFlagList(pending), (void **)&flags)))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    sub->cEntries = 0;
    for (i = 0; i < job->list->cEntries && SUCCEEDED(hr); i++)
    {
        SPropValue *prop;

        if (job->state[i] != RESOLVE_PENDING) continue;
        if (FAILED(hr = MAPIAllocateBuffer(sizeof(*prop), (void **)&prop))) break;
        if (FAILED(hr = ab_prop_set_string(prop, PROP_ID(PR_DISPLAY_NAME), job->names[i], job->unicode, prop)))
        {
            MAPIFreeBuffer(prop);
            break;
        }
        sub->aEntries[n].ulReserved1 = 0;
        sub->aEntries[n].cValues = 1;
        sub->aEntries[n].rgPropVals = prop;
        flags->ulFlag[n] = MAPI_UNRESOLVED;
        index[n++] = i;
        sub->cEntries = n;
    }
    flags->cFlags = n;
    if (FAILED(hr)) goto done;

    PROVIDER_CALL(owner->dll, faulted, hr = IABContainer_ResolveNames(container, (SPropTagArray *)job->tags,
            job->unicode ? MAPI_UNICODE : 0, sub, flags));
    if (faulted)
    {
        /* The list may be half rewritten: leak it rather than free it twice. */
        sub = NULL;
        hr = MAPI_E_CALL_FAILED;
    }
    if (hr == MAPI_E_NO_SUPPORT)
    {
        for (k = 0, hr = S_OK; k < n && SUCCEEDED(hr); k++)
        {
            SPropValue *props = NULL;
            ULONG count = 0;

            hr = resolve_anr(owner, container, job, job->names[index[k]], &flags->ulFlag[k], &props, &count);
            if (SUCCEEDED(hr) && props)
            {
                MAPIFreeBuffer(sub->aEntries[k].rgPropVals);
                sub->aEntries[k].rgPropVals = props;
                sub->aEntries[k].cValues = count;
            }
        }
    }
    if (FAILED(hr))
    {
        WARN("container %p did not resolve: %#lx.\n", container, hr);
        hr = S_OK;
        goto done;
    }

    for (k = 0; k < n && SUCCEEDED(hr); k++)
    {
        ADRENTRY *target = &job->list->aEntries[index[k]];

        if (flags->ulFlag[k] == MAPI_AMBIGUOUS)
            job->state[index[k]] = RESOLVE_AMBIGUOUS;
        else if (flags->ulFlag[k] == MAPI_RESOLVED && sub->aEntries[k].rgPropVals)
        {
            hr = adrentry_replace(target, sub->aEntries[k].cValues, sub->aEntries[k].rgPropVals, FALSE);
            if (SUCCEEDED(hr))
            {
                sub->aEntries[k].rgPropVals = NULL;
                job->state[index[k]] = RESOLVE_DONE;
            }
        }
    }

done:
    if (sub) FreePadrlist(sub);
    MAPIFreeBuffer(flags);
    mapi_heap_free(index);
    ab_logon_release_object(owner, (IUnknown *)container);
    return hr;
}

HRESULT ab_resolve_names(struct ab_set *set, ULONG flags, ADRLIST *list)
{
    BOOL unicode = !!(flags & MAPI_UNICODE);
    SizedSPropTagArray(7, tags) = {7, {PR_ENTRYID, unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A,
            unicode ? PR_ADDRTYPE_W : PR_ADDRTYPE_A, unicode ? PR_EMAIL_ADDRESS_W : PR_EMAIL_ADDRESS_A,
            PR_SEARCH_KEY, PR_OBJECT_TYPE, PR_DISPLAY_TYPE}};
    struct resolve_job job;
    SRowSet *path = NULL;
    BOOL ambiguous = FALSE, unresolved = FALSE;
    HRESULT hr = S_OK;
    ULONG i;

    job.list = list;
    job.unicode = unicode;
    job.tags = (SPropTagArray *)&tags;
    job.state = mapi_heap_alloc(list->cEntries * sizeof(*job.state));
    job.names = mapi_heap_alloc(list->cEntries * sizeof(*job.names));
    if (list->cEntries && (!job.state || !job.names))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (list->cEntries) memset(job.names, 0, list->cEntries * sizeof(*job.names));

    /* Entries with an entry ID are resolved; addresses become one-offs. */
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
    {
        ADRENTRY *entry = &list->aEntries[i];
        WCHAR *type, *address;
        SPropValue *props;
        ULONG count;

        job.state[i] = RESOLVE_NONE;
        if (props_find_id(entry->rgPropVals, entry->cValues, PROP_ID(PR_ENTRYID)))
        {
            job.state[i] = RESOLVE_DONE;
            continue;
        }
        if (!(job.names[i] = prop_string_dupW(props_find_id(entry->rgPropVals, entry->cValues,
                PROP_ID(PR_DISPLAY_NAME)))))
            continue;
        if (!address_parse(job.names[i], &type, &address))
        {
            job.state[i] = RESOLVE_PENDING;
            continue;
        }
        hr = resolve_oneoff(type, address, unicode, &count, &props);
        if (SUCCEEDED(hr) && FAILED(hr = adrentry_replace(entry, count, props, FALSE))) MAPIFreeBuffer(props);
        if (SUCCEEDED(hr)) job.state[i] = RESOLVE_DONE;
        mapi_heap_free(type);
        mapi_heap_free(address);
    }
    if (FAILED(hr)) goto done;

    /* The rest go to the containers of the search path, in order. */
    for (i = 0; i < list->cEntries && job.state[i] != RESOLVE_PENDING; i++);
    if (i < list->cEntries && set->host && SUCCEEDED(hr = ab_search_path(set, unicode, &path)))
    {
        for (i = 0; i < path->cRows && SUCCEEDED(hr); i++)
            hr = resolve_in_container(set, &path->aRow[i].lpProps[0].Value.bin, &job);
        FreeProws(path);
    }
    if (FAILED(hr)) goto done;

    for (i = 0; i < list->cEntries; i++)
    {
        if (job.state[i] == RESOLVE_AMBIGUOUS) ambiguous = TRUE;
        else if (job.state[i] != RESOLVE_DONE) unresolved = TRUE;
    }
    if (ambiguous) hr = MAPI_E_AMBIGUOUS_RECIP;
    else if (unresolved) hr = MAPI_E_NOT_FOUND;

done:
    if (job.names)
        for (i = 0; i < list->cEntries; i++) mapi_heap_free(job.names[i]);
    mapi_heap_free(job.names);
    mapi_heap_free(job.state);
    return hr;
}

/* The requested properties of one resolved recipient, first, then the ones
 * it had.  A recipient whose entry cannot be opened gets errors. */
HRESULT ab_prepare_recip(struct ab_set *set, ULONG flags, const SPropTagArray *tags, ADRENTRY *entry)
{
    const SPropValue *eid = props_find_id(entry->rgPropVals, entry->cValues, PROP_ID(PR_ENTRYID));
    SPropValue *values = NULL;
    struct ab_logon *owner;
    IMAPIProp *object = NULL;
    ULONG type, count = 0, i;
    BOOL faulted = FALSE;
    HRESULT hr;

    if (!eid || PROP_TYPE(eid->ulPropTag) != PT_BINARY) return S_OK;
    hr = ab_set_open_with_owner(set, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb, NULL, 0, &type,
            (IUnknown **)&object, &owner);
    if (SUCCEEDED(hr))
    {
        PROVIDER_CALL(owner ? owner->dll : NULL, faulted, hr = IMAPIProp_GetProps(object, (SPropTagArray *)tags,
                flags & MAPI_UNICODE, &count, &values));
        if (faulted)
        {
            values = NULL;
            hr = MAPI_E_CALL_FAILED;
        }
        ab_logon_release_object(owner, (IUnknown *)object);
    }
    if (SUCCEEDED(hr) && (!values || count != tags->cValues))
    {
        MAPIFreeBuffer(values);
        values = NULL;
        hr = MAPI_E_CALL_FAILED;
    }
    if (FAILED(hr))
    {
        MAPIFreeBuffer(values);
        if (FAILED(MAPIAllocateBuffer(tags->cValues * sizeof(*values), (void **)&values)))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        count = tags->cValues;
        for (i = 0; i < count; i++)
        {
            values[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
            values[i].dwAlignPad = 0;
            values[i].Value.err = hr;
        }
    }
    if (FAILED(hr = adrentry_replace(entry, count, values, TRUE))) MAPIFreeBuffer(values);
    return hr;
}
