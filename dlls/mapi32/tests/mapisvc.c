/*
 * Tests for the MAPISVC.INF reader and the property-name table
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Neither has an export: their sources are built into this program, with
 * a counting allocator in place of MAPIAllocateBuffer and MAPIFreeBuffer.
 */

#include "wine/test.h"

#define MAPIAllocateBuffer test_MAPIAllocateBuffer
#define MAPIFreeBuffer test_MAPIFreeBuffer
#include "../mapisvc.c"
#include "../propnames.c"
#undef MAPIAllocateBuffer
#undef MAPIFreeBuffer

static LONG live_blocks, allocations;

SCODE WINAPI test_MAPIAllocateBuffer(ULONG size, void **out)
{
    if (!out) return E_INVALIDARG;
    if (!(*out = HeapAlloc(GetProcessHeap(), 0, size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(*out, 0xcc, size);
    live_blocks++;
    allocations++;
    return S_OK;
}

ULONG WINAPI test_MAPIFreeBuffer(void *buffer)
{
    if (!buffer) return S_OK;
    live_blocks--;
    HeapFree(GetProcessHeap(), 0, buffer);
    return S_OK;
}

static struct mapisvc_inf *parse_string(const char *text)
{
    struct mapisvc_inf *inf = NULL;
    HRESULT hr;

    hr = mapisvc_parse(text, strlen(text), &inf);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(inf != NULL, "got no inf.\n");
    return inf;
}

static void test_tag_from_name(void)
{
    static const struct
    {
        const char *name;
        ULONG tag;
    }
    good[] =
    {
        { "PR_DISPLAY_NAME", PR_DISPLAY_NAME_A },
        { "PR_DISPLAY_NAME_A", PR_DISPLAY_NAME_A },
        { "PR_DISPLAY_NAME_W", PR_DISPLAY_NAME_W },
        { "pr_display_name_w", PR_DISPLAY_NAME_W },
        { "PR_SERVICE_SUPPORT_FILES", PR_SERVICE_SUPPORT_FILES_A },
        { "PR_SERVICE_SUPPORT_FILES_W", PR_SERVICE_SUPPORT_FILES_W },
        { "PR_SERVICE_ENTRY_NAME", PROP_TAG(PT_STRING8, 0x3D0B) },
        { "PR_SERVICE_UID", PR_SERVICE_UID },
        { "PR_PROVIDER_UID", PR_PROVIDER_UID },
        { "PR_RESOURCE_FLAGS", PR_RESOURCE_FLAGS },
        { "PR_RESOURCE_TYPE", PR_RESOURCE_TYPE },
        { "PR_PROVIDER_DLL_NAME", PR_PROVIDER_DLL_NAME_A },
        { "PR_SERVICE_DLL_NAME", PR_SERVICE_DLL_NAME_A },
        { "PR_STATUS_CODE", PR_STATUS_CODE },
        { "PR_MDB_PROVIDER", PR_MDB_PROVIDER },
        { "PR_ENTRYID", PR_ENTRYID },
        { "PR_SUBJECT", PR_SUBJECT_A },
        { "PR_MESSAGE_FLAGS", PR_MESSAGE_FLAGS },
        { "PR_RECIPIENT_TYPE", PR_RECIPIENT_TYPE },
        { "PR_EMAIL_ADDRESS_W", PR_EMAIL_ADDRESS_W },
        { "PR_RESPONSIBILITY", PR_RESPONSIBILITY },
        { "PR_CLIENT_SUBMIT_TIME", PR_CLIENT_SUBMIT_TIME },
        { "PR_7BIT_DISPLAY_NAME", PR_7BIT_DISPLAY_NAME },
        { "3001001E", 0x3001001e },
        { "3001001e", 0x3001001e },
        { "0x6600001F", 0x6600001f },
        { "0X66040003", 0x66040003 },
        { "00000000", 0 },
    };
    static const char *const bad[] =
    {
        "", "PR_", "PR_NOT_A_PROPERTY", "PR_DISPLAY_NAME_X", "PR_DISPLAY_NAME_", "PR_ENTRYID_W",
        "PR_RESOURCE_FLAGS_A", "3001001", "3001001E0", "0x3001001", "3001001G", "0x", " 3001001E",
        "PR_DISPLAY_NAME ", "DISPLAY_NAME",
    };
    ULONG tag, i;
    BOOL ret;

    for (i = 0; i < ARRAY_SIZE(good); i++)
    {
        tag = 0xdeadbeef;
        ret = prop_tag_from_name(good[i].name, &tag);
        ok(ret, "%s: not found.\n", good[i].name);
        ok(tag == good[i].tag, "%s: got %#lx.\n", good[i].name, tag);
    }
    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        tag = 0xdeadbeef;
        ret = prop_tag_from_name(bad[i], &tag);
        ok(!ret, "%s: found %#lx.\n", debugstr_a(bad[i]), tag);
        ok(tag == 0xdeadbeef, "%s: tag changed to %#lx.\n", debugstr_a(bad[i]), tag);
    }
    ret = prop_tag_from_name(NULL, &tag);
    ok(!ret, "NULL name found.\n");
    ret = prop_tag_from_name("PR_SUBJECT", NULL);
    ok(!ret, "NULL tag pointer accepted.\n");
}

static void test_name_from_tag(void)
{
    const char *name;

    name = prop_name_from_tag(PR_DISPLAY_NAME_A);
    ok(name && !strcmp(name, "PR_DISPLAY_NAME"), "got %s.\n", debugstr_a(name));
    name = prop_name_from_tag(PR_DISPLAY_NAME_W);
    ok(name && !strcmp(name, "PR_DISPLAY_NAME_W"), "got %s.\n", debugstr_a(name));
    name = prop_name_from_tag(PR_SERVICE_DELETE_FILES_W);
    ok(name && !strcmp(name, "PR_SERVICE_DELETE_FILES_W"), "got %s.\n", debugstr_a(name));
    name = prop_name_from_tag(PR_RESOURCE_TYPE);
    ok(name && !strcmp(name, "PR_RESOURCE_TYPE"), "got %s.\n", debugstr_a(name));
    name = prop_name_from_tag(PR_SERVICE_UID);
    ok(name && !strcmp(name, "PR_SERVICE_UID"), "got %s.\n", debugstr_a(name));

    name = prop_name_from_tag(0x66000003);
    ok(!name, "got %s.\n", debugstr_a(name));
    /* The right id with another type is not that property. */
    name = prop_name_from_tag(CHANGE_PROP_TYPE(PR_RESOURCE_TYPE, PT_ERROR));
    ok(!name, "got %s.\n", debugstr_a(name));
    name = prop_name_from_tag(CHANGE_PROP_TYPE(PR_ENTRYID, PT_UNICODE));
    ok(!name, "got %s.\n", debugstr_a(name));
}

static void test_name_table(void)
{
    const char *name;
    ULONG i, tag;

    for (i = 1; i < ARRAY_SIZE(prop_names); i++)
        ok(name_compare(prop_names[i - 1].name, strlen(prop_names[i - 1].name), prop_names[i].name) < 0,
                "%s and %s are out of order.\n", prop_names[i - 1].name, prop_names[i].name);

    for (i = 0; i < ARRAY_SIZE(prop_names); i++)
    {
        winetest_push_context("%s", prop_names[i].name);
        ok(!strncmp(prop_names[i].name, "PR_", 3), "bad name.\n");
        ok(PROP_ID(prop_names[i].tag) != 0, "no property id.\n");
        tag = 0;
        ok(prop_tag_from_name(prop_names[i].name, &tag) && tag == prop_names[i].tag, "got %#lx.\n", tag);
        /* Another name may share the tag; it must name the same one. */
        name = prop_name_from_tag(prop_names[i].tag);
        ok(name != NULL, "no name.\n");
        tag = 0;
        ok(name && prop_tag_from_name(name, &tag) && tag == prop_names[i].tag, "%s: got %#lx.\n",
                debugstr_a(name), tag);
        if (prop_names[i].name_w)
        {
            ULONG type = PROP_TYPE(prop_names[i].tag);

            ok(type == PT_STRING8 || type == PT_MV_STRING8, "wide name for type %#lx.\n", type);
            tag = 0;
            ok(prop_tag_from_name(prop_names[i].name_w, &tag)
                    && tag == CHANGE_PROP_TYPE(prop_names[i].tag, (type == PT_STRING8 ? PT_UNICODE : PT_MV_UNICODE)),
                    "got %#lx.\n", tag);
        }
        winetest_pop_context();
    }
}

static void test_parse(void)
{
    static const char text[] =
        "\xef\xbb\xbf; MAPISVC.INF\r\n"
        "\r\n"
        "[Services]\r\n"
        "MSPST MS=Personal Folders\r\n"
        "  Sample  =  A sample service  \n"
        "\n"
        "[ Sample ]\t; trailing comment\n"
        "Providers=Sample Store, Sample AB\r\n"
        "PR_DISPLAY_NAME=Sample\r\n"
        "Empty=\r\n"
        "Semicolon=a;b\r\n"
        "\t\r\n"
        "[sample store]\r\n"
        "PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER";
    const struct inf_section *section;
    struct mapisvc_inf *inf;
    HRESULT hr;

    inf = parse_string(text);
    if (!inf) return;
    ok(inf->count == 3, "got %lu sections.\n", inf->count);

    section = mapisvc_section(inf, "SERVICES");
    ok(section != NULL, "no [Services].\n");
    ok(section && section->line == 3, "got line %lu.\n", section ? section->line : 0);
    ok(section && section->count == 2, "got %lu entries.\n", section ? section->count : 0);
    ok(!strcmp(mapisvc_value(section, "mspst ms"), "Personal Folders"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "mspst ms")));
    ok(!strcmp(mapisvc_value(section, "Sample"), "A sample service"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "Sample")));
    ok(section && section->entries[1].line == 5, "got line %lu.\n", section ? section->entries[1].line : 0);
    ok(!mapisvc_value(section, "Missing"), "found a missing key.\n");

    section = mapisvc_section(inf, "sample");
    ok(section && !strcmp(section->name, "Sample"), "got %s.\n", debugstr_a(section ? section->name : NULL));
    ok(!strcmp(mapisvc_value(section, "PROVIDERS"), "Sample Store, Sample AB"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "PROVIDERS")));
    ok(mapisvc_value(section, "Empty") && !*mapisvc_value(section, "Empty"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "Empty")));
    ok(!strcmp(mapisvc_value(section, "Semicolon"), "a;b"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "Semicolon")));

    section = mapisvc_section(inf, "Sample Store");
    ok(section && section->line == 13, "got line %lu.\n", section ? section->line : 0);
    ok(!strcmp(mapisvc_value(section, "PR_RESOURCE_TYPE"), "MAPI_STORE_PROVIDER"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "PR_RESOURCE_TYPE")));

    ok(!mapisvc_section(inf, "Sample Store "), "found a section with a blank added.\n");
    ok(!mapisvc_section(inf, NULL), "found a NULL section.\n");
    ok(!mapisvc_section(NULL, "Services"), "found a section in no file.\n");
    ok(!mapisvc_value(NULL, "x"), "found a value in no section.\n");
    mapisvc_free(inf);
    mapisvc_free(NULL);

    hr = mapisvc_parse(NULL, 0, &inf);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(inf && !inf->count, "got %lu sections.\n", inf ? inf->count : 0);
    mapisvc_free(inf);
    hr = mapisvc_parse(NULL, 5, &inf);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);
    hr = mapisvc_parse("", 0, NULL);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);
}

static void test_malformed(void)
{
    static const char text_start[] =
        "orphan=before any section\r\n"     /* 1 */
        "[Good]\r\n"                        /* 2 */
        "no equals sign\r\n"                /* 3 */
        "=no key\r\n"                       /* 4 */
        "a=1\r\n"                           /* 5 */
        "[Unclosed\r\n"                     /* 6 */
        "in_unclosed=1\r\n"                 /* 7 */
        "[]\r\n"                            /* 8 */
        "[Bad] text\r\n"                    /* 9 */
        "in_bad=1\r\n"                      /* 10 */
        "[good]\r\n";                       /* 11 */
    char text[16384], *p;
    const struct inf_section *section;
    struct mapisvc_inf *inf;
    ULONG i;
    HRESULT hr;

    strcpy(text, text_start);
    p = text + strlen(text);
    /* 12: a line too long to be a MAPISVC.INF line. */
    memcpy(p, "long=", 5);
    memset(p + 5, 'x', 5000);
    p += 5005;
    memcpy(p, "\r\n", 2);
    p += 2;
    /* 13: a NUL byte inside a line. */
    memcpy(p, "nul=a\0b\r\n", 9);
    p += 9;
    /* 14 to 16 are good again. */
    strcpy(p, "b=2\n[Good 2]\nc=3");
    p += strlen(p);

    hr = mapisvc_parse(text, p - text, &inf);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (!inf) return;
    ok(inf->count == 2, "got %lu sections.\n", inf->count);
    section = mapisvc_section(inf, "Good");
    ok(section && section->count == 2, "got %lu entries.\n", section ? section->count : 0);
    ok(section && section->entries[0].line == 5, "got line %lu.\n", section ? section->entries[0].line : 0);
    ok(section && section->entries[1].line == 14, "got line %lu.\n", section ? section->entries[1].line : 0);
    ok(!strcmp(mapisvc_value(section, "a"), "1"), "got %s.\n", debugstr_a(mapisvc_value(section, "a")));
    ok(!strcmp(mapisvc_value(section, "b"), "2"), "got %s.\n", debugstr_a(mapisvc_value(section, "b")));
    for (i = 0; i < inf->count; i++)
    {
        winetest_push_context("[%s]", inf->sections[i].name);
        ok(!mapisvc_value(&inf->sections[i], "orphan"), "kept a key before any section.\n");
        ok(!mapisvc_value(&inf->sections[i], "long"), "kept a long line.\n");
        ok(!mapisvc_value(&inf->sections[i], "nul"), "kept a line with a NUL byte.\n");
        ok(!mapisvc_value(&inf->sections[i], "in_unclosed"), "kept a key of an unclosed section.\n");
        ok(!mapisvc_value(&inf->sections[i], "in_bad"), "kept a key of a bad section.\n");
        ok(!mapisvc_value(&inf->sections[i], ""), "kept an empty key.\n");
        winetest_pop_context();
    }
    section = mapisvc_section(inf, "Good 2");
    ok(section && section->line == 15, "got line %lu.\n", section ? section->line : 0);
    ok(!strcmp(mapisvc_value(section, "c"), "3"), "got %s.\n", debugstr_a(mapisvc_value(section, "c")));
    mapisvc_free(inf);
}

static void test_duplicates(void)
{
    const struct inf_section *section;
    struct mapisvc_inf *inf;

    inf = parse_string("[A]\nx=1\nx=2\n[B]\ny=1\n[a]\nz=3\n");
    if (!inf) return;
    ok(inf->count == 2, "got %lu sections.\n", inf->count);
    section = mapisvc_section(inf, "A");
    ok(section && section->count == 3, "got %lu entries.\n", section ? section->count : 0);
    ok(!strcmp(mapisvc_value(section, "x"), "1"), "got %s.\n", debugstr_a(mapisvc_value(section, "x")));
    ok(!strcmp(mapisvc_value(section, "z"), "3"), "got %s.\n", debugstr_a(mapisvc_value(section, "z")));
    mapisvc_free(inf);
}

/* Whatever the bytes, parsing ends and gives a file. */
static void test_random_input(void)
{
    static const char alphabet[] = "[]=;, \t\r\n\r\nabcPR_0x\xff";
    struct mapisvc_inf *inf;
    unsigned int seed = 12345, round, i;
    char text[2048];
    ULONG count;
    SPropValue *props;
    HRESULT hr;

    for (round = 0; round < 200; round++)
    {
        SIZE_T size = round * 10 % sizeof(text);

        for (i = 0; i < size; i++)
        {
            seed = seed * 1103515245 + 12345;
            text[i] = round & 1 ? (char)(seed >> 16) : alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        hr = mapisvc_parse(text, size, &inf);
        ok(hr == S_OK, "round %u: got %#lx.\n", round, hr);
        if (FAILED(hr)) continue;
        for (i = 0; i < inf->count; i++)
        {
            hr = mapisvc_section_props(&inf->sections[i], &count, &props);
            ok(hr == S_OK, "round %u: got %#lx.\n", round, hr);
            if (SUCCEEDED(hr)) test_MAPIFreeBuffer(props);
        }
        mapisvc_free(inf);
    }
    ok(!live_blocks, "%ld blocks left.\n", live_blocks);
}

static void test_next_item(void)
{
    const char *rest;
    char item[8];

    rest = mapisvc_next_item(" Store ,, AB,Transport  ", item, sizeof(item));
    ok(rest != NULL && !strcmp(item, "Store"), "got %s.\n", item);
    rest = mapisvc_next_item(rest, item, sizeof(item));
    ok(rest != NULL && !strcmp(item, "AB"), "got %s.\n", item);
    /* An item longer than the buffer is cut. */
    rest = mapisvc_next_item(rest, item, sizeof(item));
    ok(rest != NULL && !strcmp(item, "Transpo"), "got %s.\n", item);
    rest = mapisvc_next_item(rest, item, sizeof(item));
    ok(!rest, "got %s.\n", debugstr_a(rest));
    ok(!item[0], "got %s.\n", item);

    ok(!mapisvc_next_item("", item, sizeof(item)), "found an item in an empty list.\n");
    ok(!mapisvc_next_item(" , ,", item, sizeof(item)), "found an item in a list of commas.\n");
    ok(!mapisvc_next_item(NULL, item, sizeof(item)), "found an item in a NULL list.\n");
    ok(!mapisvc_next_item("a", NULL, 5), "accepted a NULL buffer.\n");
    ok(!mapisvc_next_item("a", item, 0), "accepted an empty buffer.\n");
}

static const SPropValue *find_prop(const SPropValue *props, ULONG count, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++) if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

static void test_section_props(void)
{
    static const char text[] =
        "[Provider]\n"
        "PR_DISPLAY_NAME=Sample Store\n"
        "PR_PROVIDER_DISPLAY_W=Wide Name\n"
        "PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER\n"
        "PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE | status_primary_identity\n"
        "PR_SERVICE_SUPPORT_FILES=a.dll, b.dll ,,c.hlp\n"
        "PR_SERVICE_DELETE_FILES_W=x.dll\n"
        "PR_MDB_PROVIDER=4e495441 f9bfb801 00aa0037 d96e0000\n"
        "Providers=not a property\n"
        "6600001e=C:\\path\\file.txt\n"
        "66010003=1234\n"
        "66020003=0x10\n"
        "66030003=06000000\n"
        "66040003=-5\n"
        "6605000B=TRUE\n"
        "6606000b=0\n"
        "66070102=\n"
        "66080002=-300\n"
        "66090014=0x123456789\n"
        "660A001E=\n";
    static const BYTE mdb[] = { 0x4e, 0x49, 0x54, 0x41, 0xf9, 0xbf, 0xb8, 0x01,
                                0x00, 0xaa, 0x00, 0x37, 0xd9, 0x6e, 0x00, 0x00 };
    const struct inf_section *section;
    const SPropValue *prop;
    struct mapisvc_inf *inf;
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    inf = parse_string(text);
    if (!inf) return;
    section = mapisvc_section(inf, "Provider");
    allocations = 0;
    hr = mapisvc_section_props(section, &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(allocations == 1, "got %ld allocations.\n", allocations);
    ok(count == section->count - 1, "got %lu values.\n", count);

    prop = find_prop(props, count, PR_DISPLAY_NAME_A);
    ok(prop && !strcmp(prop->Value.lpszA, "Sample Store"), "got %s.\n", debugstr_a(prop ? prop->Value.lpszA : NULL));
    prop = find_prop(props, count, PR_PROVIDER_DISPLAY_W);
    ok(prop && !wcscmp(prop->Value.lpszW, L"Wide Name"), "got %s.\n", prop ? debugstr_w(prop->Value.lpszW) : NULL);
    prop = find_prop(props, count, PR_RESOURCE_TYPE);
    ok(prop && prop->Value.l == MAPI_STORE_PROVIDER, "got %ld.\n", prop ? prop->Value.l : 0);
    prop = find_prop(props, count, PR_RESOURCE_FLAGS);
    ok(prop && prop->Value.l == (STATUS_DEFAULT_STORE | STATUS_PRIMARY_IDENTITY), "got %#lx.\n",
            prop ? prop->Value.l : 0);
    prop = find_prop(props, count, PR_SERVICE_SUPPORT_FILES_A);
    ok(prop && prop->Value.MVszA.cValues == 3, "got %lu.\n", prop ? prop->Value.MVszA.cValues : 0);
    if (prop && prop->Value.MVszA.cValues == 3)
    {
        ok(!strcmp(prop->Value.MVszA.lppszA[0], "a.dll"), "got %s.\n", prop->Value.MVszA.lppszA[0]);
        ok(!strcmp(prop->Value.MVszA.lppszA[1], "b.dll"), "got %s.\n", prop->Value.MVszA.lppszA[1]);
        ok(!strcmp(prop->Value.MVszA.lppszA[2], "c.hlp"), "got %s.\n", prop->Value.MVszA.lppszA[2]);
    }
    prop = find_prop(props, count, PR_SERVICE_DELETE_FILES_W);
    ok(prop && prop->Value.MVszW.cValues == 1 && !wcscmp(prop->Value.MVszW.lppszW[0], L"x.dll"),
            "got %lu.\n", prop ? prop->Value.MVszW.cValues : 0);
    prop = find_prop(props, count, PR_MDB_PROVIDER);
    ok(prop && prop->Value.bin.cb == sizeof(mdb) && !memcmp(prop->Value.bin.lpb, mdb, sizeof(mdb)),
            "got %lu bytes.\n", prop ? prop->Value.bin.cb : 0);
    prop = find_prop(props, count, 0x6600001e);
    ok(prop && !strcmp(prop->Value.lpszA, "C:\\path\\file.txt"), "got %s.\n", debugstr_a(prop ? prop->Value.lpszA : NULL));
    prop = find_prop(props, count, 0x66010003);
    ok(prop && prop->Value.l == 1234, "got %ld.\n", prop ? prop->Value.l : 0);
    prop = find_prop(props, count, 0x66020003);
    ok(prop && prop->Value.l == 16, "got %ld.\n", prop ? prop->Value.l : 0);
    /* Eight hex digits are the long's bytes in memory order, as Windows' files write them. */
    prop = find_prop(props, count, 0x66030003);
    ok(prop && prop->Value.l == 6, "got %ld.\n", prop ? prop->Value.l : 0);
    prop = find_prop(props, count, 0x66040003);
    ok(prop && prop->Value.l == -5, "got %ld.\n", prop ? prop->Value.l : 0);
    prop = find_prop(props, count, 0x6605000b);
    ok(prop && prop->Value.b == TRUE, "got %u.\n", prop ? prop->Value.b : 0);
    prop = find_prop(props, count, 0x6606000b);
    ok(prop && prop->Value.b == FALSE, "got %u.\n", prop ? prop->Value.b : 1);
    prop = find_prop(props, count, 0x66070102);
    ok(prop && prop->Value.bin.cb == 0, "got %lu.\n", prop ? prop->Value.bin.cb : 1);
    prop = find_prop(props, count, 0x66080002);
    ok(prop && prop->Value.i == -300, "got %d.\n", prop ? prop->Value.i : 0);
    prop = find_prop(props, count, 0x66090014);
    ok(prop && prop->Value.li.QuadPart == 0x123456789, "got %s.\n", prop ? wine_dbgstr_longlong(prop->Value.li.QuadPart) : NULL);
    prop = find_prop(props, count, 0x660a001e);
    ok(prop && !strcmp(prop->Value.lpszA, ""), "got %s.\n", debugstr_a(prop ? prop->Value.lpszA : NULL));

    test_MAPIFreeBuffer(props);
    ok(!live_blocks, "%ld blocks left.\n", live_blocks);
    mapisvc_free(inf);

    hr = mapisvc_section_props(NULL, &count, &props);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);
    inf = parse_string("[Empty]\n");
    hr = mapisvc_section_props(&inf->sections[0], NULL, &props);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);
    hr = mapisvc_section_props(&inf->sections[0], &count, NULL);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);
    count = 99;
    hr = mapisvc_section_props(&inf->sections[0], &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(!count, "got %lu.\n", count);
    test_MAPIFreeBuffer(props);
    mapisvc_free(inf);
}

/* A value that does not fit the type leaves its key out, and only it. */
static void test_bad_values(void)
{
    static const char *const bad[] =
    {
        "66000003=twelve", "66000003=12x", "66000003=4294967296", "66000003=0x100000000", "66000003=-2147483649",
        "66000003=", "66000003=1||2", "66000003=MAPI_STORE_PROVIDERS", "66000003=0x",
        "6600000B=yes", "6600000B=2", "6600000B=", "66000102=abc", "66000102=123", "66000102=0x12",
        "66000002=40000", "66000002=STATUS_OWN_STORE", "6600101E=", "6600101E= , ,",
        "66000048=1234", "66000040=00", "6600000D=01", "PR_DISPLAY_NAME_Q=x", "PR_FOO=1",
    };
    char text[256];
    struct mapisvc_inf *inf;
    SPropValue *props;
    ULONG i, count;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        winetest_push_context("%s", bad[i]);
        sprintf(text, "[S]\nPR_DISPLAY_NAME=kept\n%s\n66110003=7\n", bad[i]);
        inf = parse_string(text);
        hr = mapisvc_section_props(&inf->sections[0], &count, &props);
        ok(hr == S_OK, "got %#lx.\n", hr);
        ok(count == 2, "got %lu values.\n", count);
        ok(count >= 2 && props[0].ulPropTag == PR_DISPLAY_NAME_A && props[1].ulPropTag == 0x66110003,
                "got %#lx, %#lx.\n", props[0].ulPropTag, props[1].ulPropTag);
        test_MAPIFreeBuffer(props);
        mapisvc_free(inf);
        winetest_pop_context();
    }

    /* The same property twice: the first one counts. */
    inf = parse_string("[S]\nPR_DISPLAY_NAME=one\n3001001E=two\nPR_DISPLAY_NAME_W=three\n");
    hr = mapisvc_section_props(&inf->sections[0], &count, &props);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count == 1, "got %lu values.\n", count);
    ok(!strcmp(props[0].Value.lpszA, "one"), "got %s.\n", props[0].Value.lpszA);
    test_MAPIFreeBuffer(props);
    mapisvc_free(inf);
    ok(!live_blocks, "%ld blocks left.\n", live_blocks);
}

static void test_path(void)
{
    WCHAR path[MAX_PATH], system[MAX_PATH], tiny[10];
    UINT len;
    HRESULT hr;

    hr = mapisvc_path(path, ARRAY_SIZE(path));
    ok(hr == S_OK, "got %#lx.\n", hr);
    len = GetSystemDirectoryW(system, ARRAY_SIZE(system));
    ok(!wcsncmp(path, system, len) && !wcscmp(path + len, L"\\MAPISVC.INF"), "got %s.\n", debugstr_w(path));

    hr = mapisvc_path(tiny, ARRAY_SIZE(tiny));
    ok(hr == E_NOT_SUFFICIENT_BUFFER, "got %#lx.\n", hr);
    hr = mapisvc_path(NULL, MAX_PATH);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);
}

static void make_temp_dir(WCHAR *dir)
{
    WCHAR temp[MAX_PATH];

    GetTempPathW(ARRAY_SIZE(temp), temp);
    swprintf(dir, MAX_PATH, L"%smapisvc-test-%lu", temp, GetCurrentProcessId());
    CreateDirectoryW(dir, NULL);
}

static void write_file(const WCHAR *path, const char *text)
{
    HANDLE file;
    DWORD written;

    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "error %lu.\n", GetLastError());
    WriteFile(file, text, strlen(text), &written, NULL);
    CloseHandle(file);
}

static char *read_file(const WCHAR *path)
{
    char *data;
    SIZE_T size;
    HRESULT hr;

    hr = read_whole_file(path, &data, &size);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    data[size] = 0;
    return data;
}

static ULONG count_files(const WCHAR *dir)
{
    WIN32_FIND_DATAW data;
    WCHAR pattern[MAX_PATH];
    HANDLE find;
    ULONG count = 0;

    swprintf(pattern, ARRAY_SIZE(pattern), L"%s\\*", dir);
    if ((find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE) return 0;
    do if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) count++;
    while (FindNextFileW(find, &data));
    FindClose(find);
    return count;
}

static void test_load(void)
{
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    struct mapisvc_inf *inf = (void *)0xdeadbeef;
    HRESULT hr;

    make_temp_dir(dir);
    swprintf(path, ARRAY_SIZE(path), L"%s\\MAPISVC.INF", dir);
    DeleteFileW(path);

    hr = mapisvc_load(path, &inf);
    ok(hr == MAPI_E_NOT_FOUND, "got %#lx.\n", hr);
    ok(!inf, "got %p.\n", inf);
    hr = mapisvc_load(path, NULL);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);

    write_file(path, "[Services]\r\nA=Service A\r\n[A]\r\nbroken line\r\nPR_DISPLAY_NAME=A\r\n");
    hr = mapisvc_load(path, &inf);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(inf && inf->count == 2, "got %lu sections.\n", inf ? inf->count : 0);
    ok(!strcmp(mapisvc_value(mapisvc_section(inf, "A"), "PR_DISPLAY_NAME"), "A"), "wrong value.\n");
    mapisvc_free(inf);

    DeleteFileW(path);
    RemoveDirectoryW(dir);
}

static void test_merge(void)
{
    static const char original[] =
        "; the system's services\r\n"
        "[Services]\r\n"
        "Old=Old Service\r\n"
        "Sample=Old Sample Name\r\n"
        "\r\n"
        "[Default Services]\r\n"
        "Old=Old Service\r\n"
        "\r\n"
        "; the old service, kept as it is\r\n"
        "[Old]\r\n"
        "PR_DISPLAY_NAME=Old\r\n"
        "Keep=yes\r\n"
        "\r\n"
        "[Sample]\r\n"
        "PR_DISPLAY_NAME=Old Sample\r\n"
        "Stale=1\r\n"
        "\r\n"
        "[Help File Mappings]\r\n"
        "Old=old.hlp";
    static const char fragment[] =
        "[Services]\n"
        "Sample=Sample Service\n"
        "New=New Service\n"
        "[Default Services]\n"
        "New=New Service\n"
        "[sample]\n"
        "PR_DISPLAY_NAME=Sample\n"
        "Providers=Sample Store\n"
        "[Sample Store]\n"
        "PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER\n"
        "[New]\n"
        "PR_DISPLAY_NAME=New\n";
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    const struct inf_section *section;
    struct mapisvc_inf *inf;
    char *text, *upper, *p;
    HRESULT hr;
    ULONG i;

    make_temp_dir(dir);
    swprintf(path, ARRAY_SIZE(path), L"%s\\MAPISVC.INF", dir);
    write_file(path, original);

    hr = mapisvc_merge(path, fragment, strlen(fragment));
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(count_files(dir) == 1, "got %lu files.\n", count_files(dir));
    text = read_file(path);
    if (!text) return;

    for (p = text; (p = strchr(p, '\n')); p++) ok(p > text && p[-1] == '\r', "a line without CR.\n");
    ok(strstr(text, "; the system's services\r\n") == text, "the first comment is gone:\n%s\n", text);
    ok(strstr(text, "; the old service, kept as it is\r\n[Old]\r\n") != NULL, "the comment is gone:\n%s\n", text);
    ok(!strstr(text, "Stale"), "the replaced section's key is still there:\n%s\n", text);
    upper = _strdup(text);
    _strupr(upper);
    ok(strstr(upper, "[OLD]") < strstr(upper, "[SAMPLE]") && strstr(upper, "[SAMPLE]") < strstr(upper, "[HELP FILE MAPPINGS]")
            && strstr(upper, "[HELP FILE MAPPINGS]") < strstr(upper, "[SAMPLE STORE]")
            && strstr(upper, "[SAMPLE STORE]") < strstr(upper, "[NEW]"), "the sections moved:\n%s\n", text);
    free(upper);

    hr = mapisvc_parse(text, strlen(text), &inf);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(inf->count == 7, "got %lu sections.\n", inf->count);
    for (i = 0; i < inf->count; i++)
        ok(mapisvc_section(inf, inf->sections[i].name) == &inf->sections[i], "[%s] is there twice.\n",
                inf->sections[i].name);

    section = mapisvc_section(inf, "Services");
    ok(section && section->count == 3, "got %lu entries.\n", section ? section->count : 0);
    ok(!strcmp(mapisvc_value(section, "Old"), "Old Service"), "got %s.\n", debugstr_a(mapisvc_value(section, "Old")));
    ok(!strcmp(mapisvc_value(section, "Sample"), "Sample Service"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "Sample")));
    ok(!strcmp(mapisvc_value(section, "New"), "New Service"), "got %s.\n", debugstr_a(mapisvc_value(section, "New")));
    section = mapisvc_section(inf, "Default Services");
    ok(section && section->count == 2, "got %lu entries.\n", section ? section->count : 0);
    ok(mapisvc_value(section, "Old") && mapisvc_value(section, "New"), "an entry is missing.\n");
    section = mapisvc_section(inf, "Old");
    ok(section && section->count == 2 && !strcmp(mapisvc_value(section, "Keep"), "yes"), "[Old] changed.\n");
    section = mapisvc_section(inf, "Sample");
    ok(section && section->count == 2, "got %lu entries.\n", section ? section->count : 0);
    ok(!strcmp(mapisvc_value(section, "PR_DISPLAY_NAME"), "Sample"), "got %s.\n",
            debugstr_a(mapisvc_value(section, "PR_DISPLAY_NAME")));
    ok(!strcmp(mapisvc_value(mapisvc_section(inf, "Help File Mappings"), "Old"), "old.hlp"), "mappings changed.\n");
    ok(!strcmp(mapisvc_value(mapisvc_section(inf, "Sample Store"), "PR_RESOURCE_TYPE"), "MAPI_STORE_PROVIDER"),
            "no [Sample Store].\n");
    ok(mapisvc_value(mapisvc_section(inf, "New"), "PR_DISPLAY_NAME") != NULL, "no [New].\n");
    mapisvc_free(inf);

    /* Installing the same again changes nothing. */
    hr = mapisvc_merge(path, fragment, strlen(fragment));
    ok(hr == S_OK, "got %#lx.\n", hr);
    p = read_file(path);
    ok(p && !strcmp(p, text), "a second install changed the file:\n%s\n", p);
    HeapFree(GetProcessHeap(), 0, p);

    /* A fragment without sections is refused and the file is left alone. */
    hr = mapisvc_merge(path, "key=value\n; nothing\n", 20);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    p = read_file(path);
    ok(p && !strcmp(p, text), "the file changed.\n");
    HeapFree(GetProcessHeap(), 0, p);
    ok(count_files(dir) == 1, "got %lu files.\n", count_files(dir));
    HeapFree(GetProcessHeap(), 0, text);

    hr = mapisvc_merge(path, NULL, 5);
    ok(hr == E_INVALIDARG, "got %#lx.\n", hr);

    /* Without a file, the fragment becomes it. */
    DeleteFileW(path);
    hr = mapisvc_merge(path, fragment, strlen(fragment));
    ok(hr == S_OK, "got %#lx.\n", hr);
    hr = mapisvc_load(path, &inf);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(inf && inf->count == 5, "got %lu sections.\n", inf ? inf->count : 0);
    section = mapisvc_section(inf, "Services");
    ok(section && section->count == 2, "got %lu entries.\n", section ? section->count : 0);
    mapisvc_free(inf);

    /* A directory that does not exist. */
    swprintf(path, ARRAY_SIZE(path), L"%s\\missing\\MAPISVC.INF", dir);
    hr = mapisvc_merge(path, fragment, strlen(fragment));
    ok(FAILED(hr), "got %#lx.\n", hr);

    swprintf(path, ARRAY_SIZE(path), L"%s\\MAPISVC.INF", dir);
    DeleteFileW(path);
    ok(count_files(dir) == 0, "got %lu files.\n", count_files(dir));
    RemoveDirectoryW(dir);
}

/* Malformed lines of the installed file stay; new keys go before blank lines. */
static void test_merge_keeps_lines(void)
{
    static const char original[] =
        "[Services]\n"
        "A=Service A\n"
        "this line is broken\n"
        "\n"
        "; about B\n"
        "[B]\n"
        "x=1";
    static const char fragment[] = "[Services]\nC=Service C\n";
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    char *text;
    HRESULT hr;

    make_temp_dir(dir);
    swprintf(path, ARRAY_SIZE(path), L"%s\\MAPISVC.INF", dir);
    write_file(path, original);
    hr = mapisvc_merge(path, fragment, strlen(fragment));
    ok(hr == S_OK, "got %#lx.\n", hr);
    text = read_file(path);
    ok(text && strstr(text, "this line is broken\r\nC=Service C\r\n\r\n; about B\r\n[B]\r\nx=1\r\n") != NULL,
            "got:\n%s\n", text);
    HeapFree(GetProcessHeap(), 0, text);
    DeleteFileW(path);
    RemoveDirectoryW(dir);
}

struct merge_thread
{
    const WCHAR *path;
    char fragment[128];
    HRESULT hr;
};

static DWORD WINAPI merge_thread(void *arg)
{
    struct merge_thread *thread = arg;
    int i;

    for (i = 0; i < 20 && SUCCEEDED(thread->hr); i++)
        thread->hr = mapisvc_merge(thread->path, thread->fragment, strlen(thread->fragment));
    return 0;
}

/* Installers running at once keep each other's sections. */
static void test_merge_concurrent(void)
{
    struct merge_thread threads[3];
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    const struct inf_section *section;
    HANDLE handles[ARRAY_SIZE(threads)];
    struct mapisvc_inf *inf;
    char name[16];
    HRESULT hr;
    int i;

    make_temp_dir(dir);
    swprintf(path, ARRAY_SIZE(path), L"%s\\MAPISVC.INF", dir);
    DeleteFileW(path);
    for (i = 0; i < ARRAY_SIZE(threads); i++)
    {
        threads[i].path = path;
        threads[i].hr = S_OK;
        sprintf(threads[i].fragment, "[Services]\nS%d=Service %d\n[S%d]\nPR_DISPLAY_NAME=%d\n", i, i, i, i);
        handles[i] = CreateThread(NULL, 0, merge_thread, &threads[i], 0, NULL);
    }
    WaitForMultipleObjects(ARRAY_SIZE(handles), handles, TRUE, INFINITE);
    for (i = 0; i < ARRAY_SIZE(threads); i++)
    {
        CloseHandle(handles[i]);
        ok(threads[i].hr == S_OK, "thread %d: got %#lx.\n", i, threads[i].hr);
    }

    hr = mapisvc_load(path, &inf);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(inf && inf->count == 1 + ARRAY_SIZE(threads), "got %lu sections.\n", inf ? inf->count : 0);
    section = mapisvc_section(inf, "Services");
    ok(section && section->count == ARRAY_SIZE(threads), "got %lu entries.\n", section ? section->count : 0);
    for (i = 0; i < ARRAY_SIZE(threads); i++)
    {
        sprintf(name, "S%d", i);
        ok(mapisvc_value(section, name) != NULL, "%s is missing.\n", name);
        ok(mapisvc_section(inf, name) != NULL, "[%s] is missing.\n", name);
    }
    mapisvc_free(inf);
    ok(count_files(dir) == 1, "got %lu files.\n", count_files(dir));
    DeleteFileW(path);
    RemoveDirectoryW(dir);
}

START_TEST(mapisvc)
{
    test_tag_from_name();
    test_name_from_tag();
    test_name_table();
    test_parse();
    test_malformed();
    test_duplicates();
    test_random_input();
    test_next_item();
    test_section_props();
    test_bad_values();
    test_path();
    test_load();
    test_merge();
    test_merge_keeps_lines();
    test_merge_concurrent();
}
