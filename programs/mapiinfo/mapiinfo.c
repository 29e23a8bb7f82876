/*
 * mapiinfo: shows which mapi32.dll a Windows program gets, what it exports,
 * and runs a property round trip through it.
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: mapiinfo [--exports]
 * Exit code 0 when the DLL loaded and the round trip gave back what went in,
 * 1 otherwise.
 */

#define COBJMACROS
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windef.h>
#include <winbase.h>
#include <initguid.h>
#include <mapiguid.h>
#include <mapix.h>
#include <mapiutil.h>
#include <mapitags.h>

static SCODE (WINAPI *pMAPIAllocateBuffer)(ULONG, void **);
static SCODE (WINAPI *pMAPIAllocateMore)(ULONG, void *, void **);
static ULONG (WINAPI *pMAPIFreeBuffer)(void *);
static HRESULT (WINAPI *pMAPIInitialize)(void *);
static void (WINAPI *pMAPIUninitialize)(void);
static SCODE (WINAPI *pCreateIProp)(LPCIID, ALLOCATEBUFFER *, ALLOCATEMORE *, FREEBUFFER *, void *, LPPROPDATA *);
static LONG (WINAPI *pLPropCompareProp)(LPSPropValue, LPSPropValue);

static IMAGE_EXPORT_DIRECTORY *export_directory(HMODULE module)
{
    IMAGE_DOS_HEADER *dos = (IMAGE_DOS_HEADER *)module;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)((BYTE *)module + dos->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];

    if (!dir->VirtualAddress) return NULL;
    return (IMAGE_EXPORT_DIRECTORY *)((BYTE *)module + dir->VirtualAddress);
}

/* Prints the export table; returns the number of named exports. */
static DWORD show_exports(HMODULE module, BOOL list)
{
    IMAGE_EXPORT_DIRECTORY *exports = export_directory(module);
    DWORD *names;
    WORD *ordinals;
    DWORD i;

    if (!exports) return 0;
    names = (DWORD *)((BYTE *)module + exports->AddressOfNames);
    ordinals = (WORD *)((BYTE *)module + exports->AddressOfNameOrdinals);
    if (list)
        for (i = 0; i < exports->NumberOfNames; i++)
            printf("  %4lu %s\n", exports->Base + ordinals[i], (const char *)module + names[i]);
    return exports->NumberOfNames;
}

static BOOL is_wine_builtin(HMODULE module)
{
    return !memcmp((IMAGE_DOS_HEADER *)module + 1, "Wine builtin DLL", 16);
}

#define LOAD(name, decorated) \
    if (!(p##name = (void *)GetProcAddress(module, decorated))) \
    { \
        printf("mapiinfo: %s is not exported.\n", decorated); \
        return FALSE; \
    }

static BOOL load_functions(HMODULE module)
{
    LOAD(MAPIAllocateBuffer, "MAPIAllocateBuffer");
    LOAD(MAPIAllocateMore, "MAPIAllocateMore");
    LOAD(MAPIFreeBuffer, "MAPIFreeBuffer");
    LOAD(MAPIInitialize, "MAPIInitialize");
    LOAD(MAPIUninitialize, "MAPIUninitialize");
    LOAD(CreateIProp, "CreateIProp@24");
    LOAD(LPropCompareProp, "LPropCompareProp@8");
    return TRUE;
}

#define PR_TEST_BINARY PROP_TAG(PT_BINARY, 0x6601)

/* Sets a few properties of different types on an IPropData and reads them
 * back; every value must come back equal. */
static BOOL property_round_trip(void)
{
    static BYTE blob[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01 };
    SPropValue in[4];
    SizedSPropTagArray(4, tags) = { 4, { PR_SUBJECT_A, PR_IMPORTANCE, PR_TEST_BINARY, PR_MESSAGE_DELIVERY_TIME } };
    SPropValue *out = NULL;
    IPropData *prop;
    ULONG count, i;
    BOOL ok = TRUE;
    HRESULT hr;

    in[0].ulPropTag = PR_SUBJECT_A;
    in[0].Value.lpszA = (char *)"Invoice 2026-0042 from wine-mapi";
    in[1].ulPropTag = PR_IMPORTANCE;
    in[1].Value.l = 2; /* high importance */
    in[2].ulPropTag = PR_TEST_BINARY;
    in[2].Value.bin.cb = sizeof(blob);
    in[2].Value.bin.lpb = blob;
    in[3].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    GetSystemTimeAsFileTime(&in[3].Value.ft);

    hr = pCreateIProp(&IID_IMAPIPropData, pMAPIAllocateBuffer, pMAPIAllocateMore, pMAPIFreeBuffer, NULL, &prop);
    if (FAILED(hr))
    {
        printf("mapiinfo: CreateIProp failed: %#lx.\n", hr);
        return FALSE;
    }
    hr = IPropData_SetProps(prop, ARRAYSIZE(in), in, NULL);
    if (FAILED(hr))
    {
        printf("mapiinfo: SetProps failed: %#lx.\n", hr);
        IPropData_Release(prop);
        return FALSE;
    }
    hr = IPropData_GetProps(prop, (SPropTagArray *)&tags, 0, &count, &out);
    if (hr != S_OK || count != ARRAYSIZE(in))
    {
        printf("mapiinfo: GetProps failed: %#lx, %lu values.\n", hr, count);
        IPropData_Release(prop);
        return FALSE;
    }
    for (i = 0; i < count; i++)
    {
        BOOL same = out[i].ulPropTag == in[i].ulPropTag && !pLPropCompareProp(&in[i], &out[i]);
        printf("  property %08lx: %s\n", in[i].ulPropTag, same ? "same value back" : "DIFFERENT value back");
        ok = ok && same;
    }
    printf("  subject read back: \"%s\"\n", out[0].ulPropTag == PR_SUBJECT_A ? out[0].Value.lpszA : "(missing)");
    pMAPIFreeBuffer(out);
    IPropData_Release(prop);
    return ok;
}

int main(int argc, char **argv)
{
    BOOL list = argc > 1 && !strcmp(argv[1], "--exports");
    char path[MAX_PATH];
    HMODULE module;
    BOOL ok;

    if (!(module = LoadLibraryA("mapi32.dll")))
    {
        printf("mapiinfo: mapi32.dll could not be loaded (error %lu).\n", GetLastError());
        return 1;
    }
    GetModuleFileNameA(module, path, sizeof(path));
    printf("mapi32.dll: %s\n", path);
    if (is_wine_builtin(module))
        printf("  this is Wine's builtin mapi32, not wine-mapi: run wine-mapi-install for this prefix, or put ours beside the program and set WINEDLLOVERRIDES=mapi32=n.\n");
    printf("exports: %lu names%s\n", show_exports(module, list), list ? "" : " (--exports lists them)");

    if (!load_functions(module)) return 1;
    if (FAILED(pMAPIInitialize(NULL)))
    {
        printf("mapiinfo: MAPIInitialize failed.\n");
        return 1;
    }
    printf("property round trip through IPropData:\n");
    ok = property_round_trip();
    pMAPIUninitialize();
    printf("%s\n", ok ? "mapi32 works." : "mapi32 FAILED the round trip.");
    return ok ? 0 : 1;
}
