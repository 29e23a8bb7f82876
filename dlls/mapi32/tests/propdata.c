/*
 * Tests for the IPropData object of CreateIProp
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "wine/test.h"

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "winnls.h"
#include "objbase.h"
#include "mapiutil.h"
#include "mapitags.h"

#ifndef MAPI_MOVE
#define MAPI_MOVE 0x00000001
#endif
#ifndef MAPI_NOREPLACE
#define MAPI_NOREPLACE 0x00000002
#endif
#ifndef MAPI_DIALOG
#define MAPI_DIALOG 0x00000008
#endif
#ifndef MAPI_NO_STRINGS
#define MAPI_NO_STRINGS 0x00000001
#endif
#ifndef MAPI_NO_IDS
#define MAPI_NO_IDS 0x00000002
#endif
#ifndef MAPI_TOP_LEVEL
#define MAPI_TOP_LEVEL 0x00000001
#endif

#ifndef IMAPIProgress_Progress
#define INTERFACE IMAPIProgress
DECLARE_INTERFACE_(IMAPIProgress, IUnknown)
{
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, void **out) PURE;
    STDMETHOD_(ULONG, AddRef)(THIS) PURE;
    STDMETHOD_(ULONG, Release)(THIS) PURE;
    STDMETHOD(Progress)(THIS_ ULONG value, ULONG count, ULONG total) PURE;
    STDMETHOD(GetFlags)(THIS_ ULONG *flags) PURE;
    STDMETHOD(GetMax)(THIS_ ULONG *max) PURE;
    STDMETHOD(GetMin)(THIS_ ULONG *min) PURE;
    STDMETHOD(SetLimits)(THIS_ ULONG *min, ULONG *max, ULONG *flags) PURE;
};
#undef INTERFACE
#define IMAPIProgress_Progress(p, a, b, c) (p)->lpVtbl->Progress(p, a, b, c)
#endif

static const GUID iid_mapi_prop = {0x00020303, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID iid_mapi_prop_data = {0x0002031a, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID ps_mapi = {0x00020328, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID ps_public_strings = {0x00020329, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID test_set = {0x6d0f3a2e, 0x41b5, 0x4c3f, {0x9a, 0x31, 0x5b, 0x8e, 0x02, 0x77, 0xc4, 0x19}};

#define PR_TEST_LONG    PROP_TAG(PT_LONG, 0x6601)
#define PR_TEST_STRING  PROP_TAG(PT_STRING8, 0x6602)
#define PR_TEST_BINARY  PROP_TAG(PT_BINARY, 0x6603)
#define PR_TEST_UNICODE PROP_TAG(PT_UNICODE, 0x6604)
#define PR_TEST_MVSTR   PROP_TAG(PT_MV_STRING8, 0x6605)
#define PR_TEST_OBJECT  PROP_TAG(PT_OBJECT, 0x6606)
#define PR_TEST_MISSING PROP_TAG(PT_LONG, 0x6607)

static HMODULE mapi32;

static SCODE (WINAPI *pCreateIProp)(const IID *, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, IPropData **);
static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);

/* Allocators that count their calls, to see whose memory the object uses. */
static LONG buffer_allocs, more_allocs, buffer_frees;

static SCODE WINAPI counting_allocate_buffer(ULONG size, void **buffer)
{
    InterlockedIncrement(&buffer_allocs);
    return pMAPIAllocateBuffer(size, buffer);
}

static SCODE WINAPI counting_allocate_more(ULONG size, void *parent, void **buffer)
{
    InterlockedIncrement(&more_allocs);
    return pMAPIAllocateMore(size, parent, buffer);
}

static ULONG WINAPI counting_free_buffer(void *buffer)
{
    if (buffer) InterlockedIncrement(&buffer_frees);
    return pMAPIFreeBuffer(buffer);
}

static IPropData *create_propdata(void)
{
    IPropData *obj = NULL;
    SCODE sc;

    sc = pCreateIProp(&iid_mapi_prop_data, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, &obj);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(!!obj, "got NULL object.\n");
    return obj;
}

static ULONG get_refcount(void *iface)
{
    IUnknown *unknown = iface;

    IUnknown_AddRef(unknown);
    return IUnknown_Release(unknown);
}

static HRESULT set_long(IPropData *obj, ULONG tag, LONG value)
{
    SPropValue prop;

    prop.ulPropTag = tag;
    prop.Value.l = value;
    return IPropData_SetProps(obj, 1, &prop, NULL);
}

static HRESULT set_string(IPropData *obj, ULONG tag, const char *value)
{
    SPropValue prop;

    prop.ulPropTag = tag;
    prop.Value.lpszA = (char *)value;
    return IPropData_SetProps(obj, 1, &prop, NULL);
}

/* Returns the value of one property, or a PT_ERROR value. */
static SPropValue *get_one(IPropData *obj, ULONG tag, ULONG flags)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *values = NULL;
    ULONG count = 0;
    HRESULT hr;

    hr = IPropData_GetProps(obj, (SPropTagArray *)&tags, flags, &count, &values);
    ok(hr == S_OK || hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(count == 1, "got count %lu.\n", count);
    return values;
}

static ULONG get_access(IPropData *obj, ULONG tag)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropTagArray *list = (SPropTagArray *)&tags;
    ULONG *access = NULL, ret;
    HRESULT hr;

    hr = IPropData_HrGetPropAccess(obj, &list, &access);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list == (SPropTagArray *)&tags, "the caller's array was replaced.\n");
    if (!access) return 0xdeadbeef;
    ret = access[0];
    pMAPIFreeBuffer(access);
    return ret;
}

static BOOL has_prop(IPropData *obj, ULONG tag)
{
    SPropValue *value = get_one(obj, CHANGE_PROP_TYPE(tag, PT_UNSPECIFIED), 0);
    BOOL ret;

    if (!value) return FALSE;
    ret = PROP_TYPE(value->ulPropTag) != PT_ERROR;
    pMAPIFreeBuffer(value);
    return ret;
}

static LONG get_long(IPropData *obj, ULONG tag)
{
    SPropValue *value = get_one(obj, tag, 0);
    LONG ret;

    if (!value) return -1;
    ok(value->ulPropTag == tag, "got tag %#lx.\n", value->ulPropTag);
    ret = value->Value.l;
    pMAPIFreeBuffer(value);
    return ret;
}

static void test_CreateIProp(void)
{
    IPropData *obj, *obj2;
    IUnknown *unknown;
    ULONG refcount;
    SCODE sc;

    ok(GetProcAddress(mapi32, "CreateIProp") != NULL, "CreateIProp is not exported.\n");
    ok(GetProcAddress(mapi32, "CreateIProp") == (void *)pCreateIProp, "the two names differ.\n");

    obj = (IPropData *)0xdeadbeef;
    sc = pCreateIProp(&IID_IStream, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, &obj);
    ok(sc == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", sc);
    ok(!obj, "got %p.\n", obj);

    obj = (IPropData *)0xdeadbeef;
    sc = pCreateIProp(&iid_mapi_prop_data, NULL, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, &obj);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    ok(!obj, "got %p.\n", obj);
    sc = pCreateIProp(&iid_mapi_prop_data, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, NULL,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, &obj);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pCreateIProp(&iid_mapi_prop_data, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            NULL, NULL, &obj);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pCreateIProp(&iid_mapi_prop_data, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, (void *)1, &obj);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);
    sc = pCreateIProp(&iid_mapi_prop_data, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    /* A NULL interface asks for the standard one. */
    obj = NULL;
    sc = pCreateIProp(NULL, (ALLOCATEBUFFER *)pMAPIAllocateBuffer, (ALLOCATEMORE *)pMAPIAllocateMore,
            (FREEBUFFER *)pMAPIFreeBuffer, NULL, &obj);
    ok(sc == S_OK, "got %#lx.\n", sc);
    ok(!!obj, "got NULL.\n");
    if (!obj) return;

    refcount = get_refcount(obj);
    ok(refcount == 1, "got refcount %lu.\n", refcount);

    IPropData_QueryInterface(obj, &IID_IUnknown, (void **)&unknown);
    ok(unknown == (IUnknown *)obj, "got %p, expected %p.\n", unknown, obj);
    IUnknown_Release(unknown);
    obj2 = NULL;
    sc = IPropData_QueryInterface(obj, &iid_mapi_prop, (void **)&obj2);
    ok(sc == S_OK && obj2 == obj, "got %#lx, %p.\n", sc, obj2);
    refcount = get_refcount(obj);
    ok(refcount == 2, "got refcount %lu.\n", refcount);
    IPropData_Release(obj2);
    obj2 = NULL;
    sc = IPropData_QueryInterface(obj, &iid_mapi_prop_data, (void **)&obj2);
    ok(sc == S_OK && obj2 == obj, "got %#lx, %p.\n", sc, obj2);
    IPropData_Release(obj2);
    unknown = (IUnknown *)0xdeadbeef;
    sc = IPropData_QueryInterface(obj, &IID_IStream, (void **)&unknown);
    ok(sc == E_NOINTERFACE, "got %#lx.\n", sc);
    ok(!unknown, "got %p.\n", unknown);
    sc = IPropData_QueryInterface(obj, &IID_IUnknown, NULL);
    ok(sc == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", sc);

    refcount = IPropData_AddRef(obj);
    ok(refcount == 2, "got refcount %lu.\n", refcount);
    refcount = IPropData_Release(obj);
    ok(refcount == 1, "got refcount %lu.\n", refcount);
    refcount = IPropData_Release(obj);
    ok(refcount == 0, "got refcount %lu.\n", refcount);
}

/* The values are deep copies, made and freed with the object's allocators. */
static void test_allocators(void)
{
    SizedSPropTagArray(1, deleted) = {1, {PR_TEST_LONG}};
    char text[] = "original";
    SPropValue props[2], *value;
    IPropData *obj = NULL;
    LONG allocs, mores, frees;
    HRESULT hr;

    buffer_allocs = more_allocs = buffer_frees = 0;
    hr = pCreateIProp(&iid_mapi_prop_data, counting_allocate_buffer, counting_allocate_more, counting_free_buffer,
            NULL, &obj);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!obj) return;

    allocs = buffer_allocs;
    mores = more_allocs;
    props[0].ulPropTag = PR_TEST_STRING;
    props[0].Value.lpszA = text;
    props[1].ulPropTag = PR_TEST_LONG;
    props[1].Value.l = 5;
    hr = IPropData_SetProps(obj, 2, props, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(buffer_allocs > allocs, "allocate_buffer was not used.\n");
    ok(more_allocs > mores, "allocate_more was not used for the string.\n");

    strcpy(text, "changed!");
    value = get_one(obj, PR_TEST_STRING, 0);
    ok(value && !strcmp(value->Value.lpszA, "original"), "got %s.\n", value ? value->Value.lpszA : "(none)");
    ok(value && value->Value.lpszA != text, "the string was not copied.\n");
    counting_free_buffer(value);

    /* Replacing and deleting free the old values. */
    frees = buffer_frees;
    hr = set_string(obj, PR_TEST_STRING, "replaced");
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(buffer_frees > frees, "replacing freed nothing.\n");
    frees = buffer_frees;
    hr = IPropData_DeleteProps(obj, (SPropTagArray *)&deleted, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(buffer_frees > frees, "deleting freed nothing.\n");

    /* What the object returns comes from its allocators too. */
    allocs = buffer_allocs;
    value = get_one(obj, PR_TEST_STRING, 0);
    ok(buffer_allocs == allocs + 1, "got %ld allocations.\n", buffer_allocs - allocs);
    counting_free_buffer(value);

    allocs = buffer_allocs;
    IPropData_Release(obj);
    ok(buffer_frees == buffer_allocs, "%ld buffers allocated, %ld freed.\n", buffer_allocs, buffer_frees);
    ok(buffer_allocs == allocs, "Release allocated memory.\n");
}

/* The sequence of checks that Wine's own suite makes on the object. */
static void test_IProp(void)
{
    SizedSPropTagArray(1, tags);
    SPropProblemArray *problems;
    SPropTagArray *list;
    SPropValue prop, *values;
    MAPIERROR *error;
    IPropData *obj;
    ULONG access, count;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    error = (MAPIERROR *)0xdeadbeef;
    hr = IPropData_GetLastError(obj, E_INVALIDARG, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!error, "got %p.\n", error);

    list = NULL;
    hr = IPropData_GetPropList(obj, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && !list->cValues, "got %lu tags.\n", list ? list->cValues : 0xdeadbeef);
    pMAPIFreeBuffer(list);

    tags.cValues = 1;
    tags.aulPropTag[0] = PR_IMPORTANCE;
    count = 0;
    values = NULL;
    hr = IPropData_GetProps(obj, (SPropTagArray *)&tags, 0, &count, &values);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(count == 1, "got count %lu.\n", count);
    ok(values && values[0].ulPropTag == CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_ERROR), "got tag %#lx.\n",
            values ? values[0].ulPropTag : 0);
    ok(values && values[0].Value.err == MAPI_E_NOT_FOUND, "got %#lx.\n", values ? values[0].Value.err : 0);
    pMAPIFreeBuffer(values);

    problems = (SPropProblemArray *)0xdeadbeef;
    prop.ulPropTag = PROP_TAG(PT_NULL, 0x01);
    hr = IPropData_SetProps(obj, 1, &prop, &problems);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);

    problems = (SPropProblemArray *)0xdeadbeef;
    prop.ulPropTag = PROP_TAG(PT_OBJECT, 0x01);
    hr = IPropData_SetProps(obj, 1, &prop, &problems);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);

    problems = (SPropProblemArray *)0xdeadbeef;
    prop.ulPropTag = PR_IMPORTANCE;
    prop.Value.l = 2;
    hr = IPropData_SetProps(obj, 1, &prop, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);

    list = NULL;
    hr = IPropData_GetPropList(obj, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && list->cValues == 1 && list->aulPropTag[0] == PR_IMPORTANCE, "got %lu tags, first %#lx.\n",
            list ? list->cValues : 0, list && list->cValues ? list->aulPropTag[0] : 0);
    pMAPIFreeBuffer(list);

    hr = IPropData_HrSetObjAccess(obj, IPROP_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* A property access needs one level and one status. */
    tags.aulPropTag[0] = PR_IMPORTANCE;
    access = 0;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, &access);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    access = IPROP_READWRITE;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, &access);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    access = IPROP_CLEAN;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, &access);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    access = IPROP_READWRITE | IPROP_CLEAN;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, &access);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* Property access can be set on a read-only object. */
    hr = IPropData_HrSetObjAccess(obj, IPROP_READONLY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    access = IPROP_READONLY | IPROP_DIRTY;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, &access);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* Nothing can be deleted from a read-only object, present or not. */
    problems = (SPropProblemArray *)0xdeadbeef;
    tags.aulPropTag[0] = PR_RESPONSE_REQUESTED;
    hr = IPropData_DeleteProps(obj, (SPropTagArray *)&tags, &problems);
    ok(hr == E_ACCESSDENIED, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);

    hr = IPropData_HrSetObjAccess(obj, IPROP_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);

    problems = (SPropProblemArray *)0xdeadbeef;
    hr = IPropData_DeleteProps(obj, (SPropTagArray *)&tags, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);

    /* A read-only property is a problem, not a failure. */
    problems = NULL;
    tags.aulPropTag[0] = PR_IMPORTANCE;
    hr = IPropData_DeleteProps(obj, (SPropTagArray *)&tags, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 1, "got %p, %lu.\n", problems, problems ? problems->cProblem : 0);
    if (problems && problems->cProblem)
    {
        ok(!problems->aProblem[0].ulIndex, "got index %lu.\n", problems->aProblem[0].ulIndex);
        ok(problems->aProblem[0].ulPropTag == PR_IMPORTANCE, "got tag %#lx.\n", problems->aProblem[0].ulPropTag);
        ok(problems->aProblem[0].scode == E_ACCESSDENIED, "got %#lx.\n", problems->aProblem[0].scode);
    }
    pMAPIFreeBuffer(problems);

    /* HrAddObjProps takes no other type, and leaves no problem array. */
    problems = (SPropProblemArray *)0xdeadbeef;
    tags.aulPropTag[0] = PR_RESPONSE_REQUESTED;
    hr = IPropData_HrAddObjProps(obj, (SPropTagArray *)&tags, &problems);
    ok(hr == MAPI_E_INVALID_TYPE, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);

    list = NULL;
    hr = IPropData_GetPropList(obj, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && list->cValues == 1 && list->aulPropTag[0] == PR_IMPORTANCE, "got %lu tags, first %#lx.\n",
            list ? list->cValues : 0, list && list->cValues ? list->aulPropTag[0] : 0);
    pMAPIFreeBuffer(list);

    tags.aulPropTag[0] = PR_IMPORTANCE;
    access = IPROP_READWRITE | IPROP_DIRTY;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, &access);
    ok(hr == S_OK, "got %#lx.\n", hr);
    problems = (SPropProblemArray *)0xdeadbeef;
    hr = IPropData_DeleteProps(obj, (SPropTagArray *)&tags, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);
    ok(!has_prop(obj, PR_IMPORTANCE), "PR_IMPORTANCE was not deleted.\n");

    IPropData_Release(obj);
}

static void test_GetProps(void)
{
    static const WCHAR unicodeW[] = L"wide text";
    SizedSPropTagArray(4, tags);
    char *strings[2] = {(char *)"one", (char *)"two"};
    SPropValue props[4], *values, *value;
    IPropData *obj;
    ULONG count;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    /* An object without properties has no values to give. */
    count = 0xdeadbeef;
    values = (SPropValue *)0xdeadbeef;
    hr = IPropData_GetProps(obj, NULL, 0, &count, &values);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got count %lu.\n", count);
    ok(!values, "got %p.\n", values);

    props[0].ulPropTag = PR_TEST_LONG;
    props[0].Value.l = 42;
    props[1].ulPropTag = PR_TEST_STRING;
    props[1].Value.lpszA = (char *)"narrow text";
    props[2].ulPropTag = PR_TEST_UNICODE;
    props[2].Value.lpszW = (WCHAR *)unicodeW;
    props[3].ulPropTag = PR_TEST_MVSTR;
    props[3].Value.MVszA.cValues = 2;
    props[3].Value.MVszA.lppszA = strings;
    hr = IPropData_SetProps(obj, 4, props, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    tags.cValues = 1;
    tags.aulPropTag[0] = PR_TEST_LONG;
    hr = IPropData_GetProps(obj, (SPropTagArray *)&tags, 0, NULL, &values);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetProps(obj, (SPropTagArray *)&tags, 0, &count, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    tags.cValues = 0;
    hr = IPropData_GetProps(obj, (SPropTagArray *)&tags, 0, &count, &values);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    tags.cValues = 1;
    hr = IPropData_GetProps(obj, (SPropTagArray *)&tags, 0x1, &count, &values);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    /* All values, strings as ANSI... */
    count = 0;
    values = NULL;
    hr = IPropData_GetProps(obj, NULL, 0, &count, &values);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 4, "got count %lu.\n", count);
    if (values && count == 4)
    {
        ok(values[0].ulPropTag == PR_TEST_LONG && values[0].Value.l == 42, "got %#lx, %ld.\n",
                values[0].ulPropTag, values[0].Value.l);
        ok(values[1].ulPropTag == PR_TEST_STRING && !strcmp(values[1].Value.lpszA, "narrow text"),
                "got %#lx.\n", values[1].ulPropTag);
        ok(values[2].ulPropTag == CHANGE_PROP_TYPE(PR_TEST_UNICODE, PT_STRING8)
                && !strcmp(values[2].Value.lpszA, "wide text"), "got %#lx.\n", values[2].ulPropTag);
        ok(values[3].ulPropTag == PR_TEST_MVSTR && values[3].Value.MVszA.cValues == 2
                && !strcmp(values[3].Value.MVszA.lppszA[1], "two"), "got %#lx.\n", values[3].ulPropTag);
    }
    pMAPIFreeBuffer(values);

    /* ...or as Unicode. */
    count = 0;
    values = NULL;
    hr = IPropData_GetProps(obj, NULL, MAPI_UNICODE, &count, &values);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 4, "got count %lu.\n", count);
    if (values && count == 4)
    {
        ok(values[1].ulPropTag == CHANGE_PROP_TYPE(PR_TEST_STRING, PT_UNICODE)
                && !wcscmp(values[1].Value.lpszW, L"narrow text"), "got %#lx.\n", values[1].ulPropTag);
        ok(values[2].ulPropTag == PR_TEST_UNICODE && !wcscmp(values[2].Value.lpszW, unicodeW),
                "got %#lx.\n", values[2].ulPropTag);
        ok(values[3].ulPropTag == PROP_TAG(PT_MV_UNICODE, PROP_ID(PR_TEST_MVSTR))
                && values[3].Value.MVszW.cValues == 2 && !wcscmp(values[3].Value.MVszW.lppszW[0], L"one"),
                "got %#lx.\n", values[3].ulPropTag);
    }
    pMAPIFreeBuffer(values);

    /* Asked types are honoured and strings converted; the order is the asked one. */
    tags.cValues = 4;
    tags.aulPropTag[0] = CHANGE_PROP_TYPE(PR_TEST_STRING, PT_UNICODE);
    tags.aulPropTag[1] = CHANGE_PROP_TYPE(PR_TEST_UNICODE, PT_STRING8);
    tags.aulPropTag[2] = CHANGE_PROP_TYPE(PR_TEST_LONG, PT_UNSPECIFIED);
    tags.aulPropTag[3] = CHANGE_PROP_TYPE(PR_TEST_LONG, PT_BOOLEAN);
    count = 0;
    values = NULL;
    hr = IPropData_GetProps(obj, (SPropTagArray *)&tags, 0, &count, &values);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(count == 4, "got count %lu.\n", count);
    if (values && count == 4)
    {
        ok(values[0].ulPropTag == tags.aulPropTag[0] && !wcscmp(values[0].Value.lpszW, L"narrow text"),
                "got %#lx.\n", values[0].ulPropTag);
        ok(values[1].ulPropTag == tags.aulPropTag[1] && !strcmp(values[1].Value.lpszA, "wide text"),
                "got %#lx.\n", values[1].ulPropTag);
        ok(values[2].ulPropTag == PR_TEST_LONG && values[2].Value.l == 42, "got %#lx.\n", values[2].ulPropTag);
        ok(values[3].ulPropTag == CHANGE_PROP_TYPE(PR_TEST_LONG, PT_ERROR), "got %#lx.\n", values[3].ulPropTag);
        ok(values[3].Value.err == MAPI_E_NOT_FOUND, "got %#lx.\n", values[3].Value.err);
    }
    pMAPIFreeBuffer(values);

    /* PT_UNSPECIFIED strings follow MAPI_UNICODE. */
    value = get_one(obj, CHANGE_PROP_TYPE(PR_TEST_UNICODE, PT_UNSPECIFIED), 0);
    ok(value && value->ulPropTag == CHANGE_PROP_TYPE(PR_TEST_UNICODE, PT_STRING8), "got %#lx.\n",
            value ? value->ulPropTag : 0);
    pMAPIFreeBuffer(value);
    value = get_one(obj, CHANGE_PROP_TYPE(PR_TEST_STRING, PT_UNSPECIFIED), MAPI_UNICODE);
    ok(value && value->ulPropTag == CHANGE_PROP_TYPE(PR_TEST_STRING, PT_UNICODE)
            && !wcscmp(value->Value.lpszW, L"narrow text"), "got %#lx.\n", value ? value->ulPropTag : 0);
    pMAPIFreeBuffer(value);

    IPropData_Release(obj);
}

static void test_GetPropList(void)
{
    SizedSPropTagArray(1, objects) = {1, {PR_TEST_OBJECT}};
    SPropTagArray *list;
    IPropData *obj;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    hr = IPropData_GetPropList(obj, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetPropList(obj, 0x1, &list);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    set_string(obj, PR_TEST_STRING, "text");
    set_long(obj, PR_TEST_LONG, 1);
    hr = IPropData_HrAddObjProps(obj, (SPropTagArray *)&objects, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    list = NULL;
    hr = IPropData_GetPropList(obj, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && list->cValues == 3, "got %lu tags.\n", list ? list->cValues : 0);
    if (list && list->cValues == 3)
    {
        ok(list->aulPropTag[0] == PR_TEST_STRING, "got %#lx.\n", list->aulPropTag[0]);
        ok(list->aulPropTag[1] == PR_TEST_LONG, "got %#lx.\n", list->aulPropTag[1]);
        ok(list->aulPropTag[2] == PR_TEST_OBJECT, "got %#lx.\n", list->aulPropTag[2]);
    }
    pMAPIFreeBuffer(list);

    list = NULL;
    hr = IPropData_GetPropList(obj, MAPI_UNICODE, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && list->cValues == 3 && list->aulPropTag[0] == CHANGE_PROP_TYPE(PR_TEST_STRING, PT_UNICODE),
            "got %#lx.\n", list && list->cValues ? list->aulPropTag[0] : 0);
    pMAPIFreeBuffer(list);

    IPropData_Release(obj);
}

static void test_SetProps(void)
{
    SizedSPropTagArray(1, tags) = {1, {PR_TEST_LONG}};
    SPropProblemArray *problems;
    SPropValue props[4];
    IPropData *obj;
    ULONG access;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    props[0].ulPropTag = PR_TEST_LONG;
    props[0].Value.l = 1;
    hr = IPropData_SetProps(obj, 1, NULL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_SetProps(obj, 0, props, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* A multi-valued property needs values; a bad value fails the whole call. */
    props[1].ulPropTag = PR_TEST_MVSTR;
    props[1].Value.MVszA.cValues = 0;
    props[1].Value.MVszA.lppszA = NULL;
    hr = IPropData_SetProps(obj, 2, props, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!has_prop(obj, PR_TEST_LONG), "a property of a failed call was set.\n");
    props[1].ulPropTag = PROP_TAG(0x0044, 0x6610);
    hr = IPropData_SetProps(obj, 2, props, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* PR_NULL and errors are taken and ignored. */
    props[1].ulPropTag = PR_NULL;
    props[2].ulPropTag = CHANGE_PROP_TYPE(PR_TEST_BINARY, PT_ERROR);
    props[2].Value.err = MAPI_E_NOT_FOUND;
    problems = (SPropProblemArray *)0xdeadbeef;
    hr = IPropData_SetProps(obj, 3, props, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);
    ok(get_long(obj, PR_TEST_LONG) == 1, "the value was not set.\n");
    ok(!has_prop(obj, PR_TEST_BINARY), "an error value was stored.\n");

    /* A new value replaces the old, and its type can change. */
    hr = set_string(obj, CHANGE_PROP_TYPE(PR_TEST_LONG, PT_STRING8), "now a string");
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(get_access(obj, PR_TEST_LONG) == (IPROP_READWRITE | IPROP_DIRTY), "got access %#lx.\n",
            get_access(obj, PR_TEST_LONG));
    hr = set_long(obj, PR_TEST_LONG, 2);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(get_long(obj, PR_TEST_LONG) == 2, "the value was not replaced.\n");

    /* A read-only property is reported, the others are still set. */
    access = IPROP_READONLY | IPROP_CLEAN;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, &access);
    ok(hr == S_OK, "got %#lx.\n", hr);
    props[0].ulPropTag = PR_TEST_STRING;
    props[0].Value.lpszA = (char *)"first";
    props[1].ulPropTag = PR_TEST_LONG;
    props[1].Value.l = 3;
    problems = NULL;
    hr = IPropData_SetProps(obj, 2, props, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 1, "got %p.\n", problems);
    if (problems && problems->cProblem == 1)
    {
        ok(problems->aProblem[0].ulIndex == 1, "got index %lu.\n", problems->aProblem[0].ulIndex);
        ok(problems->aProblem[0].ulPropTag == PR_TEST_LONG, "got %#lx.\n", problems->aProblem[0].ulPropTag);
        ok(problems->aProblem[0].scode == MAPI_E_NO_ACCESS, "got %#lx.\n", problems->aProblem[0].scode);
    }
    pMAPIFreeBuffer(problems);
    ok(get_long(obj, PR_TEST_LONG) == 2, "a read-only value was changed.\n");
    ok(has_prop(obj, PR_TEST_STRING), "the writable value was not set.\n");
    hr = IPropData_SetProps(obj, 2, props, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    /* A read-only object takes nothing. */
    hr = IPropData_HrSetObjAccess(obj, IPROP_READONLY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = set_long(obj, PR_TEST_MISSING, 1);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    ok(!has_prop(obj, PR_TEST_MISSING), "a property was added to a read-only object.\n");

    IPropData_Release(obj);
}

static void test_DeleteProps(void)
{
    SizedSPropTagArray(3, tags);
    SPropProblemArray *problems;
    SPropTagArray *list;
    IPropData *obj;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    hr = IPropData_DeleteProps(obj, NULL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    tags.cValues = 0;
    hr = IPropData_DeleteProps(obj, (SPropTagArray *)&tags, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    set_long(obj, PR_TEST_LONG, 1);
    set_string(obj, PR_TEST_STRING, "text");
    set_long(obj, PR_TEST_MISSING, 3);

    /* Only the identifiers count, not the types. */
    tags.cValues = 2;
    tags.aulPropTag[0] = CHANGE_PROP_TYPE(PR_TEST_LONG, PT_UNSPECIFIED);
    tags.aulPropTag[1] = CHANGE_PROP_TYPE(PR_TEST_STRING, PT_BINARY);
    problems = (SPropProblemArray *)0xdeadbeef;
    hr = IPropData_DeleteProps(obj, (SPropTagArray *)&tags, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);

    list = NULL;
    hr = IPropData_GetPropList(obj, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && list->cValues == 1 && list->aulPropTag[0] == PR_TEST_MISSING, "got %lu tags.\n",
            list ? list->cValues : 0);
    pMAPIFreeBuffer(list);

    IPropData_Release(obj);
}

static void test_access(void)
{
    SizedSPropTagArray(3, tags);
    SPropTagArray *list;
    ULONG access[3], *got;
    IPropData *obj;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    hr = IPropData_HrSetObjAccess(obj, 0);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_HrSetObjAccess(obj, IPROP_READONLY | IPROP_READWRITE);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_HrSetObjAccess(obj, IPROP_CLEAN);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    set_long(obj, PR_TEST_LONG, 1);
    set_string(obj, PR_TEST_STRING, "text");

    tags.cValues = 2;
    tags.aulPropTag[0] = PR_TEST_LONG;
    tags.aulPropTag[1] = PR_TEST_MISSING;
    access[0] = IPROP_READONLY | IPROP_CLEAN;
    access[1] = IPROP_READONLY | IPROP_READWRITE | IPROP_CLEAN;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, access);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(get_access(obj, PR_TEST_LONG) == (IPROP_READWRITE | IPROP_DIRTY), "a failed call changed the access.\n");
    access[1] = IPROP_CLEAN | IPROP_DIRTY | IPROP_READONLY;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, access);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    access[1] = IPROP_READONLY | IPROP_DIRTY | 0x100;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, access);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_HrSetPropAccess(obj, NULL, access);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* A tag the object does not have is ignored. */
    access[1] = IPROP_READWRITE | IPROP_CLEAN;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, access);
    ok(hr == S_OK, "got %#lx.\n", hr);

    hr = IPropData_HrGetPropAccess(obj, NULL, &got);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    list = NULL;
    hr = IPropData_HrGetPropAccess(obj, &list, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* A NULL list asks for every property. */
    list = NULL;
    got = NULL;
    hr = IPropData_HrGetPropAccess(obj, &list, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && list->cValues == 2, "got %lu tags.\n", list ? list->cValues : 0);
    if (list && got && list->cValues == 2)
    {
        ok(list->aulPropTag[0] == PR_TEST_LONG, "got %#lx.\n", list->aulPropTag[0]);
        ok(got[0] == (IPROP_READONLY | IPROP_CLEAN), "got %#lx.\n", got[0]);
        ok(list->aulPropTag[1] == PR_TEST_STRING, "got %#lx.\n", list->aulPropTag[1]);
        ok(got[1] == (IPROP_READWRITE | IPROP_DIRTY), "got %#lx.\n", got[1]);
    }
    pMAPIFreeBuffer(list);
    pMAPIFreeBuffer(got);

    /* A given list is answered in place, with 0 for what is missing. */
    tags.cValues = 3;
    tags.aulPropTag[0] = PR_TEST_STRING;
    tags.aulPropTag[1] = PR_TEST_MISSING;
    tags.aulPropTag[2] = CHANGE_PROP_TYPE(PR_TEST_LONG, PT_UNSPECIFIED);
    list = (SPropTagArray *)&tags;
    got = NULL;
    hr = IPropData_HrGetPropAccess(obj, &list, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list == (SPropTagArray *)&tags, "got %p.\n", list);
    ok(tags.aulPropTag[0] == PR_TEST_STRING, "got %#lx.\n", tags.aulPropTag[0]);
    ok(!tags.aulPropTag[1], "got %#lx.\n", tags.aulPropTag[1]);
    ok(got && got[0] == (IPROP_READWRITE | IPROP_DIRTY) && !got[1] && got[2] == (IPROP_READONLY | IPROP_CLEAN),
            "got %#lx, %#lx, %#lx.\n", got ? got[0] : 0, got ? got[1] : 0, got ? got[2] : 0);
    pMAPIFreeBuffer(got);

    /* Changing a clean property makes it dirty. */
    tags.cValues = 1;
    tags.aulPropTag[0] = PR_TEST_STRING;
    access[0] = IPROP_READWRITE | IPROP_CLEAN;
    hr = IPropData_HrSetPropAccess(obj, (SPropTagArray *)&tags, access);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(get_access(obj, PR_TEST_STRING) == (IPROP_READWRITE | IPROP_CLEAN), "got %#lx.\n",
            get_access(obj, PR_TEST_STRING));
    set_string(obj, PR_TEST_STRING, "changed");
    ok(get_access(obj, PR_TEST_STRING) == (IPROP_READWRITE | IPROP_DIRTY), "got %#lx.\n",
            get_access(obj, PR_TEST_STRING));

    IPropData_Release(obj);
}

static void test_HrAddObjProps(void)
{
    SizedSPropTagArray(2, tags);
    SPropProblemArray *problems;
    SPropTagArray *list;
    SPropValue *values, *value;
    IPropData *obj;
    ULONG count;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    hr = IPropData_HrAddObjProps(obj, NULL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* One wrong type fails the call before anything is added. */
    tags.cValues = 2;
    tags.aulPropTag[0] = PR_TEST_OBJECT;
    tags.aulPropTag[1] = PR_TEST_LONG;
    hr = IPropData_HrAddObjProps(obj, (SPropTagArray *)&tags, NULL);
    ok(hr == MAPI_E_INVALID_TYPE, "got %#lx.\n", hr);
    list = NULL;
    IPropData_GetPropList(obj, 0, &list);
    ok(list && !list->cValues, "got %lu tags.\n", list ? list->cValues : 0);
    pMAPIFreeBuffer(list);

    tags.cValues = 1;
    hr = IPropData_HrSetObjAccess(obj, IPROP_READONLY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IPropData_HrAddObjProps(obj, (SPropTagArray *)&tags, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IPropData_HrSetObjAccess(obj, IPROP_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);

    problems = (SPropProblemArray *)0xdeadbeef;
    hr = IPropData_HrAddObjProps(obj, (SPropTagArray *)&tags, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);
    set_long(obj, PR_TEST_LONG, 7);

    list = NULL;
    hr = IPropData_GetPropList(obj, 0, &list);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(list && list->cValues == 2 && list->aulPropTag[0] == PR_TEST_OBJECT, "got %lu tags.\n",
            list ? list->cValues : 0);
    pMAPIFreeBuffer(list);

    /* Object properties have no value for GetProps. */
    count = 0;
    values = NULL;
    hr = IPropData_GetProps(obj, NULL, 0, &count, &values);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 1 && values && values[0].ulPropTag == PR_TEST_LONG, "got %lu values.\n", count);
    pMAPIFreeBuffer(values);
    value = get_one(obj, PR_TEST_OBJECT, 0);
    ok(value && value->ulPropTag == CHANGE_PROP_TYPE(PR_TEST_OBJECT, PT_ERROR), "got %#lx.\n",
            value ? value->ulPropTag : 0);
    pMAPIFreeBuffer(value);

    IPropData_Release(obj);
}

static void check_stream_data(IStream *stream, const void *expect, ULONG size)
{
    LARGE_INTEGER zero = {{0}};
    BYTE buffer[64];
    ULONG read = 0;
    HRESULT hr;

    hr = IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IStream_Read(stream, buffer, sizeof(buffer), &read);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(read == size, "got %lu bytes, expected %lu.\n", read, size);
    ok(read == size && (!size || !memcmp(buffer, expect, size)), "wrong data.\n");
}

static void test_OpenProperty(void)
{
    static const BYTE binary[] = {1, 2, 3, 0, 5};
    static const BYTE written[] = {9, 8, 7, 6, 5, 4};
    IUnknown *unknown;
    IStream *stream;
    SPropValue prop, *value;
    ULONG size, refcount;
    STATSTG stat;
    HRESULT hr;
    IPropData *obj;

    if (!(obj = create_propdata())) return;

    prop.ulPropTag = PR_TEST_BINARY;
    prop.Value.bin.cb = sizeof(binary);
    prop.Value.bin.lpb = (BYTE *)binary;
    IPropData_SetProps(obj, 1, &prop, NULL);
    set_string(obj, PR_TEST_STRING, "stream text");
    set_long(obj, PR_TEST_LONG, 3);

    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStream, 0, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    unknown = (IUnknown *)0xdeadbeef;
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, NULL, 0, 0, &unknown);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!unknown, "got %p.\n", unknown);
    hr = IPropData_OpenProperty(obj, CHANGE_PROP_TYPE(PR_TEST_BINARY, PT_UNSPECIFIED), &IID_IStream, 0, 0, &unknown);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStorage, 0, 0, &unknown);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    hr = IPropData_OpenProperty(obj, PR_TEST_LONG, &IID_IStream, 0, 0, &unknown);
    ok(hr == MAPI_E_NO_SUPPORT, "got %#lx.\n", hr);
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStream, 0, 0x100, &unknown);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IPropData_OpenProperty(obj, CHANGE_PROP_TYPE(PR_TEST_MISSING, PT_BINARY), &IID_IStream, 0, 0, &unknown);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);

    /* Reading; a read-only stream refuses writes. */
    refcount = get_refcount(obj);
    stream = NULL;
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStream, 0, 0, (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!stream) goto done;
    ok(get_refcount(obj) == refcount + 1, "the stream holds no reference to its object.\n");
    check_stream_data(stream, binary, sizeof(binary));
    hr = IStream_Write(stream, written, sizeof(written), &size);
    ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
    hr = IStream_Stat(stream, &stat, STATFLAG_NONAME);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(stat.cbSize.QuadPart == sizeof(binary), "got size %s.\n", wine_dbgstr_longlong(stat.cbSize.QuadPart));
    IStream_Release(stream);
    ok(get_refcount(obj) == refcount, "the stream kept its reference.\n");

    /* A string stream has the characters without the terminator. */
    stream = NULL;
    hr = IPropData_OpenProperty(obj, PR_TEST_STRING, &IID_IStream, 0, 0, (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!stream) goto done;
    check_stream_data(stream, "stream text", 11);
    IStream_Release(stream);
    stream = NULL;
    hr = IPropData_OpenProperty(obj, CHANGE_PROP_TYPE(PR_TEST_STRING, PT_UNICODE), &IID_IStream, 0, 0,
            (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!stream) goto done;
    check_stream_data(stream, L"stream text", 11 * sizeof(WCHAR));
    IStream_Release(stream);

    /* Writing: the property changes on Commit. */
    stream = NULL;
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStream, STGM_READWRITE, MAPI_MODIFY,
            (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!stream) goto done;
    hr = IStream_Write(stream, written, sizeof(written), &size);
    ok(hr == S_OK && size == sizeof(written), "got %#lx, %lu.\n", hr, size);
    value = get_one(obj, PR_TEST_BINARY, 0);
    ok(value && value->Value.bin.cb == sizeof(binary), "the property changed before Commit.\n");
    pMAPIFreeBuffer(value);
    hr = IStream_Commit(stream, STGC_DEFAULT);
    ok(hr == S_OK, "got %#lx.\n", hr);
    value = get_one(obj, PR_TEST_BINARY, 0);
    ok(value && value->Value.bin.cb == sizeof(written) && !memcmp(value->Value.bin.lpb, written, sizeof(written)),
            "got %lu bytes.\n", value ? value->Value.bin.cb : 0);
    pMAPIFreeBuffer(value);

    /* Revert goes back to the committed value. */
    hr = IStream_Write(stream, binary, 2, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IStream_Revert(stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    check_stream_data(stream, written, sizeof(written));
    IStream_Release(stream);
    value = get_one(obj, PR_TEST_BINARY, 0);
    ok(value && value->Value.bin.cb == sizeof(written), "got %lu bytes.\n", value ? value->Value.bin.cb : 0);
    pMAPIFreeBuffer(value);

    /* A string written and released without Commit is kept. */
    stream = NULL;
    hr = IPropData_OpenProperty(obj, PR_TEST_STRING, &IID_IStream, 0, MAPI_MODIFY, (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!stream) goto done;
    hr = IStream_Write(stream, "NEW", 3, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);
    value = get_one(obj, PR_TEST_STRING, 0);
    ok(value && !strcmp(value->Value.lpszA, "NEWeam text"), "got %s.\n", value ? value->Value.lpszA : "(none)");
    pMAPIFreeBuffer(value);

    /* MAPI_CREATE starts from nothing, and makes the property. */
    stream = NULL;
    hr = IPropData_OpenProperty(obj, PR_TEST_UNICODE, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!stream) goto done;
    check_stream_data(stream, NULL, 0);
    hr = IStream_Write(stream, L"created", 7 * sizeof(WCHAR), NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    IStream_Release(stream);
    value = get_one(obj, PR_TEST_UNICODE, 0);
    ok(value && value->ulPropTag == PR_TEST_UNICODE && !wcscmp(value->Value.lpszW, L"created"),
            "got %#lx.\n", value ? value->ulPropTag : 0);
    pMAPIFreeBuffer(value);

    stream = NULL;
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
            (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!stream) goto done;
    check_stream_data(stream, NULL, 0);
    IStream_Release(stream);
    value = get_one(obj, PR_TEST_BINARY, 0);
    ok(value && value->ulPropTag == PR_TEST_BINARY && !value->Value.bin.cb, "got %#lx.\n",
            value ? value->ulPropTag : 0);
    pMAPIFreeBuffer(value);

    /* Writing needs a writable object and property. */
    hr = IPropData_HrSetObjAccess(obj, IPROP_READONLY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStream, 0, MAPI_MODIFY, &unknown);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    stream = NULL;
    hr = IPropData_OpenProperty(obj, PR_TEST_BINARY, &IID_IStream, 0, MAPI_BEST_ACCESS, (IUnknown **)&stream);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (stream)
    {
        hr = IStream_Write(stream, written, 1, NULL);
        ok(hr == STG_E_ACCESSDENIED, "got %#lx.\n", hr);
        IStream_Release(stream);
    }

done:
    IPropData_Release(obj);
}

/* A progress object that records what it is told. */
struct test_progress
{
    IMAPIProgress IMAPIProgress_iface;
    ULONG calls, last_value, last_count, last_total;
};

static struct test_progress *impl_from_IMAPIProgress(IMAPIProgress *iface)
{
    return CONTAINING_RECORD(iface, struct test_progress, IMAPIProgress_iface);
}

static HRESULT WINAPI progress_QueryInterface(IMAPIProgress *iface, REFIID riid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI progress_AddRef(IMAPIProgress *iface)
{
    return 2;
}

static ULONG WINAPI progress_Release(IMAPIProgress *iface)
{
    return 1;
}

static HRESULT WINAPI progress_Progress(IMAPIProgress *iface, ULONG value, ULONG count, ULONG total)
{
    struct test_progress *progress = impl_from_IMAPIProgress(iface);

    progress->calls++;
    progress->last_value = value;
    progress->last_count = count;
    progress->last_total = total;
    return S_OK;
}

static HRESULT WINAPI progress_GetFlags(IMAPIProgress *iface, ULONG *flags)
{
    *flags = MAPI_TOP_LEVEL;
    return S_OK;
}

static HRESULT WINAPI progress_GetMax(IMAPIProgress *iface, ULONG *max)
{
    *max = 1000;
    return S_OK;
}

static HRESULT WINAPI progress_GetMin(IMAPIProgress *iface, ULONG *min)
{
    *min = 1;
    return S_OK;
}

static HRESULT WINAPI progress_SetLimits(IMAPIProgress *iface, ULONG *min, ULONG *max, ULONG *flags)
{
    return S_OK;
}

static const IMAPIProgressVtbl progress_vtbl =
{
    progress_QueryInterface,
    progress_AddRef,
    progress_Release,
    progress_Progress,
    progress_GetFlags,
    progress_GetMax,
    progress_GetMin,
    progress_SetLimits,
};

static void fill_source(IPropData *src)
{
    SPropValue prop;

    set_long(src, PR_TEST_LONG, 10);
    set_string(src, PR_TEST_STRING, "from source");
    prop.ulPropTag = PR_TEST_BINARY;
    prop.Value.bin.cb = 3;
    prop.Value.bin.lpb = (BYTE *)"abc";
    IPropData_SetProps(src, 1, &prop, NULL);
}

static void test_CopyTo(void)
{
    SizedSPropTagArray(1, excluded) = {1, {CHANGE_PROP_TYPE(PR_TEST_BINARY, PT_UNSPECIFIED)}};
    struct test_progress progress = {{&progress_vtbl}};
    SPropProblemArray *problems;
    IPropData *src, *dst;
    SPropValue *value;
    ULONG access;
    IID iids[1];
    HRESULT hr;

    if (!(src = create_propdata())) return;
    if (!(dst = create_propdata())) return;
    fill_source(src);
    set_string(dst, PR_TEST_STRING, "kept");

    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop_data, NULL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, NULL, dst, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_CopyTo(src, 1, NULL, NULL, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    excluded.cValues = 0;
    hr = IPropData_CopyTo(src, 0, NULL, (SPropTagArray *)&excluded, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    excluded.cValues = 1;
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop_data, dst, 0x100, NULL);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IStream, dst, 0, NULL);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    iids[0] = iid_mapi_prop;
    hr = IPropData_CopyTo(src, 1, iids, NULL, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == MAPI_E_INTERFACE_NOT_SUPPORTED, "got %#lx.\n", hr);
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop_data, src, 0, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    ok(!has_prop(dst, PR_TEST_LONG), "a failed call copied something.\n");

    /* Exclusions and MAPI_NOREPLACE, with a progress object. */
    iids[0] = IID_IStream;
    problems = (SPropProblemArray *)0xdeadbeef;
    hr = IPropData_CopyTo(src, 1, iids, (SPropTagArray *)&excluded, 0, &progress.IMAPIProgress_iface,
            &iid_mapi_prop_data, dst, MAPI_NOREPLACE | MAPI_DIALOG, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!problems, "got %p.\n", problems);
    ok(get_long(dst, PR_TEST_LONG) == 10, "PR_TEST_LONG was not copied.\n");
    value = get_one(dst, PR_TEST_STRING, 0);
    ok(value && !strcmp(value->Value.lpszA, "kept"), "got %s.\n", value ? value->Value.lpszA : "(none)");
    pMAPIFreeBuffer(value);
    ok(!has_prop(dst, PR_TEST_BINARY), "an excluded property was copied.\n");
    ok(has_prop(src, PR_TEST_LONG), "a copy removed the source.\n");
    ok(progress.calls >= 1, "got %lu progress calls.\n", progress.calls);
    ok(progress.last_value == 1000, "got last value %lu.\n", progress.last_value);
    ok(progress.last_count == progress.last_total, "got %lu of %lu.\n", progress.last_count, progress.last_total);

    /* Without MAPI_NOREPLACE values are replaced; read-only ones are problems. */
    excluded.aulPropTag[0] = PR_TEST_LONG;
    access = IPROP_READONLY | IPROP_CLEAN;
    hr = IPropData_HrSetPropAccess(dst, (SPropTagArray *)&excluded, &access);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_long(src, PR_TEST_LONG, 11);
    problems = NULL;
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop, dst, 0, &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 1, "got %p.\n", problems);
    if (problems && problems->cProblem == 1)
    {
        ok(problems->aProblem[0].ulPropTag == PR_TEST_LONG, "got %#lx.\n", problems->aProblem[0].ulPropTag);
        ok(problems->aProblem[0].scode == MAPI_E_NO_ACCESS, "got %#lx.\n", problems->aProblem[0].scode);
    }
    pMAPIFreeBuffer(problems);
    ok(get_long(dst, PR_TEST_LONG) == 10, "a read-only property was replaced.\n");
    value = get_one(dst, PR_TEST_STRING, 0);
    ok(value && !strcmp(value->Value.lpszA, "from source"), "got %s.\n", value ? value->Value.lpszA : "(none)");
    pMAPIFreeBuffer(value);
    ok(has_prop(dst, PR_TEST_BINARY), "PR_TEST_BINARY was not copied.\n");

    /* MAPI_MOVE removes what was copied, and only that. */
    excluded.aulPropTag[0] = PR_TEST_STRING;
    hr = IPropData_DeleteProps(dst, (SPropTagArray *)&excluded, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop_data, dst, MAPI_MOVE | MAPI_NOREPLACE, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!has_prop(src, PR_TEST_STRING), "a moved property is still in the source.\n");
    ok(has_prop(dst, PR_TEST_STRING), "a moved property is not in the destination.\n");
    ok(has_prop(src, PR_TEST_LONG), "a property that was not copied was removed.\n");

    hr = IPropData_HrSetObjAccess(src, IPROP_READONLY);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop_data, dst, MAPI_MOVE, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);
    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    IPropData_Release(src);
    IPropData_Release(dst);
}

/* Object properties go to an IPropData destination, unless IPropData is excluded. */
static void test_CopyTo_objects(void)
{
    SizedSPropTagArray(1, objects) = {1, {PR_TEST_OBJECT}};
    SPropTagArray *list;
    IPropData *src, *dst;
    IID iids[1];
    HRESULT hr;

    if (!(src = create_propdata())) return;
    if (!(dst = create_propdata())) return;
    hr = IPropData_HrAddObjProps(src, (SPropTagArray *)&objects, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    set_long(src, PR_TEST_LONG, 4);

    iids[0] = iid_mapi_prop_data;
    hr = IPropData_CopyTo(src, 1, iids, NULL, 0, NULL, &iid_mapi_prop, dst, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    list = NULL;
    IPropData_GetPropList(dst, 0, &list);
    ok(list && list->cValues == 1 && list->aulPropTag[0] == PR_TEST_LONG, "got %lu tags.\n",
            list ? list->cValues : 0);
    pMAPIFreeBuffer(list);

    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop, dst, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    list = NULL;
    IPropData_GetPropList(dst, 0, &list);
    ok(list && list->cValues == 2 && list->aulPropTag[1] == PR_TEST_OBJECT, "got %lu tags.\n",
            list ? list->cValues : 0);
    pMAPIFreeBuffer(list);

    IPropData_Release(src);
    IPropData_Release(dst);
}

static void test_CopyProps(void)
{
    SizedSPropTagArray(3, included);
    SPropProblemArray *problems;
    IPropData *src, *dst;
    SPropValue *value;
    HRESULT hr;

    if (!(src = create_propdata())) return;
    if (!(dst = create_propdata())) return;
    fill_source(src);

    included.cValues = 2;
    included.aulPropTag[0] = PR_TEST_MISSING;
    included.aulPropTag[1] = CHANGE_PROP_TYPE(PR_TEST_STRING, PT_UNSPECIFIED);
    hr = IPropData_CopyProps(src, NULL, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, &iid_mapi_prop_data, NULL, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, NULL, dst, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    included.cValues = 0;
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    included.cValues = 2;
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, &iid_mapi_prop_data, src, 0, NULL);
    ok(hr == MAPI_E_NO_ACCESS, "got %#lx.\n", hr);

    /* A missing property is a problem; the others are copied. */
    problems = NULL;
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, &iid_mapi_prop_data, dst, MAPI_DIALOG,
            &problems);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(problems && problems->cProblem == 1, "got %p.\n", problems);
    if (problems && problems->cProblem == 1)
    {
        ok(!problems->aProblem[0].ulIndex, "got index %lu.\n", problems->aProblem[0].ulIndex);
        ok(problems->aProblem[0].ulPropTag == PR_TEST_MISSING, "got %#lx.\n", problems->aProblem[0].ulPropTag);
        ok(problems->aProblem[0].scode == MAPI_E_NOT_FOUND, "got %#lx.\n", problems->aProblem[0].scode);
    }
    pMAPIFreeBuffer(problems);
    value = get_one(dst, PR_TEST_STRING, 0);
    ok(value && value->ulPropTag == PR_TEST_STRING && !strcmp(value->Value.lpszA, "from source"),
            "got %#lx.\n", value ? value->ulPropTag : 0);
    pMAPIFreeBuffer(value);
    ok(!has_prop(dst, PR_TEST_LONG), "a property that was not asked for was copied.\n");

    /* MAPI_NOREPLACE keeps the destination's value. */
    set_long(dst, PR_TEST_LONG, 99);
    included.cValues = 1;
    included.aulPropTag[0] = PR_TEST_LONG;
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, &iid_mapi_prop_data, dst, MAPI_NOREPLACE,
            NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(get_long(dst, PR_TEST_LONG) == 99, "MAPI_NOREPLACE replaced a value.\n");
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(get_long(dst, PR_TEST_LONG) == 10, "the value was not replaced.\n");

    /* MAPI_MOVE */
    included.aulPropTag[0] = PR_TEST_BINARY;
    hr = IPropData_CopyProps(src, (SPropTagArray *)&included, 0, NULL, &iid_mapi_prop_data, dst, MAPI_MOVE, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!has_prop(src, PR_TEST_BINARY), "a moved property is still in the source.\n");
    ok(has_prop(dst, PR_TEST_BINARY), "a moved property is not in the destination.\n");
    ok(has_prop(src, PR_TEST_LONG), "a property that was not asked for was moved.\n");

    IPropData_Release(src);
    IPropData_Release(dst);
}

static MAPINAMEID make_id_name(const GUID *guid, LONG id)
{
    MAPINAMEID name;

    name.lpguid = (GUID *)guid;
    name.ulKind = MNID_ID;
    name.Kind.lID = id;
    return name;
}

static MAPINAMEID make_string_name(const GUID *guid, const WCHAR *string)
{
    MAPINAMEID name;

    name.lpguid = (GUID *)guid;
    name.ulKind = MNID_STRING;
    name.Kind.lpwstrName = (WCHAR *)string;
    return name;
}

static void test_GetIDsFromNames(void)
{
    MAPINAMEID names[5], *ptrs[5];
    SPropTagArray *tags, *again;
    IPropData *obj;
    HRESULT hr;
    ULONG i;

    if (!(obj = create_propdata())) return;

    names[0] = make_id_name(&test_set, 1);
    names[1] = make_string_name(&test_set, L"Name");
    names[2] = make_string_name(&ps_public_strings, L"Name");
    names[3] = make_id_name(&test_set, 2);
    names[4] = make_id_name(&ps_mapi, PROP_ID(PR_SUBJECT_A));
    for (i = 0; i < ARRAY_SIZE(names); i++) ptrs[i] = &names[i];

    hr = IPropData_GetIDsFromNames(obj, 1, ptrs, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetIDsFromNames(obj, 1, NULL, 0, &tags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetIDsFromNames(obj, 0, NULL, MAPI_CREATE, &tags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetIDsFromNames(obj, 1, ptrs, 0x100, &tags);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    names[0].lpguid = NULL;
    hr = IPropData_GetIDsFromNames(obj, 1, ptrs, MAPI_CREATE, &tags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    names[0].lpguid = (GUID *)&test_set;
    names[0].ulKind = 7;
    hr = IPropData_GetIDsFromNames(obj, 1, ptrs, MAPI_CREATE, &tags);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    names[0].ulKind = MNID_ID;

    /* Unknown names without MAPI_CREATE are errors, but PS_MAPI names map to themselves. */
    tags = NULL;
    hr = IPropData_GetIDsFromNames(obj, 5, ptrs, 0, &tags);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(tags && tags->cValues == 5, "got %p.\n", tags);
    if (tags && tags->cValues == 5)
    {
        for (i = 0; i < 4; i++)
            ok(tags->aulPropTag[i] == PROP_TAG(PT_ERROR, 0), "%lu: got %#lx.\n", i, tags->aulPropTag[i]);
        ok(tags->aulPropTag[4] == PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_SUBJECT_A)), "got %#lx.\n", tags->aulPropTag[4]);
    }
    pMAPIFreeBuffer(tags);

    tags = NULL;
    hr = IPropData_GetIDsFromNames(obj, 5, ptrs, MAPI_CREATE, &tags);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(tags && tags->cValues == 5, "got %p.\n", tags);
    if (!tags || tags->cValues != 5) goto done;
    for (i = 0; i < 4; i++)
    {
        ok(PROP_TYPE(tags->aulPropTag[i]) == PT_UNSPECIFIED, "%lu: got %#lx.\n", i, tags->aulPropTag[i]);
        ok(PROP_ID(tags->aulPropTag[i]) >= 0x8000 && PROP_ID(tags->aulPropTag[i]) <= 0xfffe,
                "%lu: got %#lx.\n", i, tags->aulPropTag[i]);
    }
    ok(tags->aulPropTag[0] != tags->aulPropTag[1] && tags->aulPropTag[1] != tags->aulPropTag[2]
            && tags->aulPropTag[0] != tags->aulPropTag[3], "names share an identifier.\n");
    ok(tags->aulPropTag[4] == PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_SUBJECT_A)), "got %#lx.\n", tags->aulPropTag[4]);

    /* The same names give the same identifiers, in any order. */
    ptrs[0] = &names[3];
    ptrs[3] = &names[0];
    again = NULL;
    hr = IPropData_GetIDsFromNames(obj, 4, ptrs, 0, &again);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(again && again->cValues == 4 && again->aulPropTag[0] == tags->aulPropTag[3]
            && again->aulPropTag[1] == tags->aulPropTag[1] && again->aulPropTag[3] == tags->aulPropTag[0],
            "got other identifiers.\n");
    pMAPIFreeBuffer(again);

    /* No names asks for all of them. */
    again = NULL;
    hr = IPropData_GetIDsFromNames(obj, 0, NULL, 0, &again);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(again && again->cValues == 4, "got %lu.\n", again ? again->cValues : 0);
    if (again && again->cValues == 4)
        for (i = 0; i < 4; i++)
            ok(again->aulPropTag[i] == tags->aulPropTag[i], "%lu: got %#lx.\n", i, again->aulPropTag[i]);
    pMAPIFreeBuffer(again);

    pMAPIFreeBuffer(tags);
done:
    IPropData_Release(obj);
}

static void test_GetNamesFromIDs(void)
{
    SizedSPropTagArray(4, query);
    MAPINAMEID names[3], *ptrs[3], **got;
    SPropTagArray *ids = NULL, *tags;
    IPropData *obj;
    ULONG count, i;
    GUID set;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    names[0] = make_id_name(&test_set, 0x1234);
    names[1] = make_string_name(&test_set, L"Subject line");
    names[2] = make_string_name(&ps_public_strings, L"Keywords");
    for (i = 0; i < ARRAY_SIZE(names); i++) ptrs[i] = &names[i];
    hr = IPropData_GetIDsFromNames(obj, 3, ptrs, MAPI_CREATE, &ids);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!ids || ids->cValues != 3) goto done;

    tags = NULL;
    hr = IPropData_GetNamesFromIDs(obj, NULL, NULL, 0, &count, &got);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, 0, NULL, &got);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, 0, &count, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, 0x100, &count, &got);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    query.cValues = 0;
    tags = (SPropTagArray *)&query;
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, 0, &count, &got);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Given identifiers, in the given order; an unnamed one is NULL. */
    query.cValues = 4;
    query.aulPropTag[0] = CHANGE_PROP_TYPE(ids->aulPropTag[1], PT_STRING8);
    query.aulPropTag[1] = ids->aulPropTag[0];
    query.aulPropTag[2] = PROP_TAG(PT_LONG, 0xfff0);
    query.aulPropTag[3] = PR_SUBJECT_A;
    tags = (SPropTagArray *)&query;
    count = 0;
    got = NULL;
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, 0, &count, &got);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(tags == (SPropTagArray *)&query, "got %p.\n", tags);
    ok(count == 4, "got count %lu.\n", count);
    if (got && count == 4)
    {
        ok(got[0] && IsEqualGUID(got[0]->lpguid, &test_set) && got[0]->ulKind == MNID_STRING
                && !wcscmp(got[0]->Kind.lpwstrName, L"Subject line"), "wrong name 0.\n");
        ok(got[0] && got[0]->Kind.lpwstrName != names[1].Kind.lpwstrName, "the name was not copied.\n");
        ok(got[1] && IsEqualGUID(got[1]->lpguid, &test_set) && got[1]->ulKind == MNID_ID
                && got[1]->Kind.lID == 0x1234, "wrong name 1.\n");
        ok(!got[2], "got a name for an unknown identifier.\n");
        ok(got[3] && IsEqualGUID(got[3]->lpguid, &ps_mapi) && got[3]->ulKind == MNID_ID
                && got[3]->Kind.lID == PROP_ID(PR_SUBJECT_A), "wrong name 3.\n");
    }
    pMAPIFreeBuffer(got);

    /* MAPI_NO_STRINGS leaves out the string names. */
    query.cValues = 2;
    got = NULL;
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, MAPI_NO_STRINGS, &count, &got);
    ok(hr == MAPI_W_ERRORS_RETURNED, "got %#lx.\n", hr);
    ok(count == 2 && got && !got[0] && got[1], "got %lu names.\n", count);
    pMAPIFreeBuffer(got);

    /* No tags asks for every name; a property set narrows them. */
    tags = NULL;
    got = NULL;
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, 0, &count, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 3 && tags && tags->cValues == 3, "got %lu names.\n", count);
    if (got && tags && count == 3)
    {
        for (i = 0; i < 3; i++)
        {
            ok(PROP_ID(tags->aulPropTag[i]) == PROP_ID(ids->aulPropTag[i]), "%lu: got %#lx.\n", i,
                    tags->aulPropTag[i]);
            ok(got[i] && IsEqualGUID(got[i]->lpguid, names[i].lpguid) && got[i]->ulKind == names[i].ulKind,
                    "%lu: wrong name.\n", i);
        }
    }
    pMAPIFreeBuffer(tags);
    pMAPIFreeBuffer(got);

    set = ps_public_strings;
    tags = NULL;
    got = NULL;
    hr = IPropData_GetNamesFromIDs(obj, &tags, &set, 0, &count, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 1 && tags && tags->cValues == 1 && PROP_ID(tags->aulPropTag[0]) == PROP_ID(ids->aulPropTag[2]),
            "got %lu names.\n", count);
    ok(got && got[0] && !wcscmp(got[0]->Kind.lpwstrName, L"Keywords"), "wrong name.\n");
    pMAPIFreeBuffer(tags);
    pMAPIFreeBuffer(got);

    /* Nothing to return: an empty tag array and no names. */
    tags = NULL;
    got = (MAPINAMEID **)0xdeadbeef;
    hr = IPropData_GetNamesFromIDs(obj, &tags, NULL, MAPI_NO_IDS | MAPI_NO_STRINGS, &count, &got);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count && !got && tags && !tags->cValues, "got %lu names.\n", count);
    pMAPIFreeBuffer(tags);

done:
    pMAPIFreeBuffer(ids);
    IPropData_Release(obj);
}

/* Named properties keep their names when copied to another mapping. */
static void test_copy_named(void)
{
    MAPINAMEID other = make_id_name(&test_set, 77), named = make_string_name(&test_set, L"Travels"), *ptr;
    SPropTagArray *src_ids = NULL, *dst_ids = NULL;
    IPropData *src, *dst;
    HRESULT hr;

    if (!(src = create_propdata())) return;
    if (!(dst = create_propdata())) return;

    /* The destination hands out its first identifier to another name. */
    ptr = &other;
    hr = IPropData_GetIDsFromNames(dst, 1, &ptr, MAPI_CREATE, &dst_ids);
    ok(hr == S_OK, "got %#lx.\n", hr);
    pMAPIFreeBuffer(dst_ids);
    ptr = &named;
    hr = IPropData_GetIDsFromNames(src, 1, &ptr, MAPI_CREATE, &src_ids);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!src_ids) goto done;
    set_long(src, CHANGE_PROP_TYPE(src_ids->aulPropTag[0], PT_LONG), 1234);

    hr = IPropData_CopyTo(src, 0, NULL, NULL, 0, NULL, &iid_mapi_prop_data, dst, 0, NULL);
    ok(hr == S_OK, "got %#lx.\n", hr);

    dst_ids = NULL;
    hr = IPropData_GetIDsFromNames(dst, 1, &ptr, 0, &dst_ids);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (dst_ids)
    {
        ok(dst_ids->aulPropTag[0] != src_ids->aulPropTag[0], "the mappings were expected to differ.\n");
        ok(get_long(dst, CHANGE_PROP_TYPE(dst_ids->aulPropTag[0], PT_LONG)) == 1234,
                "the value is not under its name.\n");
        ok(!has_prop(dst, src_ids->aulPropTag[0]), "the value kept the source's identifier.\n");
    }
    pMAPIFreeBuffer(dst_ids);
    pMAPIFreeBuffer(src_ids);
done:
    IPropData_Release(src);
    IPropData_Release(dst);
}

static void test_GetLastError(void)
{
    SPropValue prop;
    MAPIERROR *error;
    IPropData *obj;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    hr = IPropData_GetLastError(obj, MAPI_E_INVALID_PARAMETER, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = IPropData_GetLastError(obj, MAPI_E_INVALID_PARAMETER, 0x1, &error);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    prop.ulPropTag = PR_TEST_OBJECT;
    hr = IPropData_SetProps(obj, 1, &prop, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    error = NULL;
    hr = IPropData_GetLastError(obj, MAPI_E_INVALID_PARAMETER, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!!error, "got no error information.\n");
    if (error)
    {
        const char *text = (const char *)error->lpszError, *component = (const char *)error->lpszComponent;

        ok(!error->ulVersion, "got version %lu.\n", error->ulVersion);
        ok(text && strstr(text, "SetProps"), "got %s.\n", debugstr_a(text));
        ok(component && *component, "got %s.\n", debugstr_a(component));
    }
    pMAPIFreeBuffer(error);

    error = NULL;
    hr = IPropData_GetLastError(obj, MAPI_E_INVALID_PARAMETER, MAPI_UNICODE, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(error && error->lpszError && wcsstr(error->lpszError, L"SetProps"), "got %s.\n",
            error ? debugstr_w(error->lpszError) : "(none)");
    pMAPIFreeBuffer(error);

    /* Another result has nothing to say. */
    error = (MAPIERROR *)0xdeadbeef;
    hr = IPropData_GetLastError(obj, MAPI_E_NOT_FOUND, 0, &error);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!error, "got %p.\n", error);

    IPropData_Release(obj);
}

static void test_SaveChanges(void)
{
    IPropData *obj;
    HRESULT hr;

    if (!(obj = create_propdata())) return;

    set_long(obj, PR_TEST_LONG, 5);
    hr = IPropData_SaveChanges(obj, 0);
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = IPropData_SaveChanges(obj, KEEP_OPEN_READWRITE);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(get_long(obj, PR_TEST_LONG) == 5, "the property was lost.\n");
    hr = set_long(obj, PR_TEST_LONG, 6);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(get_long(obj, PR_TEST_LONG) == 6, "a change after SaveChanges was lost.\n");

    IPropData_Release(obj);
}

START_TEST(propdata)
{
    mapi32 = LoadLibraryA("mapi32.dll");
    ok(!!mapi32, "mapi32.dll did not load: %lu.\n", GetLastError());
    if (!mapi32) return;

    pCreateIProp = (void *)GetProcAddress(mapi32, "CreateIProp@24");
    pMAPIAllocateBuffer = (void *)GetProcAddress(mapi32, "MAPIAllocateBuffer");
    pMAPIAllocateMore = (void *)GetProcAddress(mapi32, "MAPIAllocateMore");
    pMAPIFreeBuffer = (void *)GetProcAddress(mapi32, "MAPIFreeBuffer");
    ok(pCreateIProp && pMAPIAllocateBuffer && pMAPIAllocateMore && pMAPIFreeBuffer, "missing exports.\n");
    if (!pCreateIProp || !pMAPIAllocateBuffer || !pMAPIAllocateMore || !pMAPIFreeBuffer) return;

    test_CreateIProp();
    test_allocators();
    test_IProp();
    test_GetProps();
    test_GetPropList();
    test_SetProps();
    test_DeleteProps();
    test_access();
    test_HrAddObjProps();
    test_OpenProperty();
    test_CopyTo();
    test_CopyTo_objects();
    test_CopyProps();
    test_GetIDsFromNames();
    test_GetNamesFromIDs();
    test_copy_named();
    test_GetLastError();
    test_SaveChanges();

    FreeLibrary(mapi32);
}
