/*
 * The MIME library (libs/mime), built into the test program: the writer
 * and the reader
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "wine/test.h"
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mapix.h"
#include "mime_test.h"

/* ------------------------------------------------------------------------
 * Looking at what was written
 */

/* The header block of a written message (up to the blank line), copied. */
static char *header_block(const char *data)
{
    const char *end = strstr(data, "\r\n\r\n");
    SIZE_T len = end ? end - data + 2 : strlen(data);
    char *copy = malloc(len + 1);

    memcpy(copy, data, len);
    copy[len] = 0;
    return copy;
}

static char *write_ok(const struct mime_message *msg, SIZE_T *size, const char *name)
{
    SIZE_T dummy;
    char *data = NULL;
    HRESULT hr;

    hr = mime_write(msg, 0, &data, size ? size : &dummy, NULL);
    ok(hr == S_OK, "%s: got %#lx.\n", name, hr);
    if (hr) return NULL;
    check_form(data, size ? *size : dummy, name);
    return data;
}

static struct mime_message *read_text(const char *text, HRESULT expect, const char *name)
{
    return read_ok(text, strlen(text), expect, name);
}

static const struct mime_recipient bob[] = {{MAPI_TO, {(WCHAR *)L"Bob", (WCHAR *)L"bob@example.org"}}};

static void init_simple(struct mime_message *msg)
{
    memset(msg, 0, sizeof(*msg));
    msg->subject = (WCHAR *)L"Hello";
    msg->from.name = (WCHAR *)L"Alice";
    msg->from.address = (WCHAR *)L"alice@example.com";
    msg->recipient_count = 1;
    msg->recipients = (struct mime_recipient *)bob;
    msg->date = fixed_date;
    msg->body = (WCHAR *)L"Hi Bob.\r\n";
}

/* ------------------------------------------------------------------------
 * The writer
 */

static void test_write_simple(void)
{
    struct mime_message msg;
    WCHAR *message_id = NULL;
    char *data, *header;
    SIZE_T size;
    HRESULT hr;

    init_simple(&msg);
    hr = mime_write(&msg, 0, &data, &size, &message_id);
    ok(hr == S_OK, "got %#lx.\n", hr);
    if (hr) return;
    ok(size == strlen(data), "got size %Iu, length %Iu.\n", size, strlen(data));
    check_form(data, size, "simple");
    header = header_block(data);
    ok(has_line(header, "Date: Fri, 13 Feb 2026 10:00:00 +0000\r\n"), "got %s.\n", wine_dbgstr_a(header));
    ok(has_line(header, "From: Alice <alice@example.com>\r\n"), "got %s.\n", wine_dbgstr_a(header));
    ok(has_line(header, "To: Bob <bob@example.org>\r\n"), "got %s.\n", wine_dbgstr_a(header));
    ok(has_line(header, "Subject: Hello\r\n"), "got %s.\n", wine_dbgstr_a(header));
    ok(has_line(header, "MIME-Version: 1.0\r\n"), "got %s.\n", wine_dbgstr_a(header));
    ok(has_line(header, "Content-Type: text/plain; charset=us-ascii\r\n"), "got %s.\n", wine_dbgstr_a(header));
    ok(has_line(header, "Content-Transfer-Encoding: 7bit\r\n"), "got %s.\n", wine_dbgstr_a(header));
    ok(!strcmp(data + strlen(header) + 2, "Hi Bob.\r\n"), "got body %s.\n", data + strlen(header));
    /* The Message-ID made for it has the sender's domain. */
    ok(message_id && message_id[0] == '<' && wcsstr(message_id, L"@example.com>"), "got %s.\n", dbgw(message_id));
    if (message_id)
    {
        char line[300];

        sprintf(line, "Message-ID: %ls\r\n", message_id);
        ok(has_line(header, line), "%s not in %s.\n", line, header);
    }
    free(header);
    mime_free(data);
    mime_free(message_id);

    /* One given is kept, and two messages get different ones. */
    msg.message_id = (WCHAR *)L"<given@example.com>";
    hr = mime_write(&msg, 0, &data, &size, &message_id);
    ok(hr == S_OK, "got %#lx.\n", hr);
    ok(message_id && !lstrcmpW(message_id, L"<given@example.com>"), "got %s.\n", dbgw(message_id));
    ok(hr || has_line(data, "Message-ID: <given@example.com>\r\n"), "got %s.\n", wine_dbgstr_a(data));
    mime_free(data);
    mime_free(message_id);

    msg.message_id = (WCHAR *)L"bare-id@example.com";
    data = write_ok(&msg, NULL, "bare id");
    ok(data && has_line(data, "Message-ID: <bare-id@example.com>\r\n"), "got %s.\n", wine_dbgstr_a(data));
    mime_free(data);
}

static void test_write_params(void)
{
    struct mime_message msg;
    char *data = NULL;
    WCHAR *id = (WCHAR *)0xdead;
    SIZE_T size = 1;
    HRESULT hr;

    init_simple(&msg);
    hr = mime_write(NULL, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_write(&msg, 0, NULL, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_write(&msg, 0, &data, NULL, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_write(&msg, 1, &data, &size, &id);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);

    /* RFC 5322 wants a From. */
    msg.from.address = NULL;
    hr = mime_write(&msg, 0, &data, &size, &id);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    ok(!data && !size && !id, "got %p, %Iu, %p.\n", data, size, id);
    /* The Sender stands in for it. */
    msg.sender.address = (WCHAR *)L"sender@example.com";
    data = write_ok(&msg, NULL, "sender only");
    ok(data && has_line(data, "From: sender@example.com\r\n") && !has_line(data, "Sender:"),
            "got %s.\n", wine_dbgstr_a(data));
    mime_free(data);
}

/* Each field that could carry a line break into the header. */
static void test_write_injection(void)
{
    static const WCHAR subject[] = L"x\r\nBcc: evil@x";
    struct mime_attachment att = {0};
    struct mime_recipient rcpt[2];
    struct mime_message msg, *read;
    char *data, *header;
    SIZE_T size;
    HRESULT hr;

    init_simple(&msg);
    msg.subject = (WCHAR *)subject;
    data = write_ok(&msg, &size, "subject");
    if (!data) return;
    header = header_block(data);
    ok(!has_line(header, "Bcc:"), "got %s.\n", wine_dbgstr_a(header));
    ok(has_line(header, "Subject: =?UTF-8?"), "got %s.\n", wine_dbgstr_a(header));
    read = read_ok(data, size, S_OK, "subject");
    ok(read && wstr_eq(read->subject, subject), "got %s.\n", read ? dbgw(read->subject) : "");
    ok(read && read->recipient_count == 1, "got %lu recipients.\n", read ? read->recipient_count : 0);
    mime_message_free(read);
    free(header);
    mime_free(data);

    /* A bare CR or LF too, and the other control characters. */
    init_simple(&msg);
    msg.subject = (WCHAR *)L"a\rTo: x@y\nCc: z@y\x01\x7f";
    data = write_ok(&msg, &size, "bare");
    ok(data && !has_line(data, "Cc:") && !strstr(data, "To: x@y"), "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "bare") : NULL;
    ok(read && wstr_eq(read->subject, msg.subject), "got %s.\n", read ? dbgw(read->subject) : "");
    mime_message_free(read);
    mime_free(data);

    /* Display names: control characters are encoded, line breaks refused. */
    init_simple(&msg);
    msg.from.name = (WCHAR *)L"Eve\x01, Bcc: evil@x";
    data = write_ok(&msg, &size, "name");
    read = data ? read_ok(data, size, S_OK, "name") : NULL;
    ok(read && wstr_eq(read->from.name, msg.from.name), "got %s.\n", read ? dbgw(read->from.name) : "");
    ok(read && read->recipient_count == 1, "got %lu recipients.\n", read ? read->recipient_count : 0);
    mime_message_free(read);
    mime_free(data);
    msg.from.name = (WCHAR *)L"Eve\r\nBcc: evil@x";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    init_simple(&msg);
    rcpt[0] = bob[0];
    rcpt[1].type = MAPI_CC;
    rcpt[1].addr.name = (WCHAR *)L"Carol\n";
    rcpt[1].addr.address = (WCHAR *)L"carol@example.org";
    msg.recipients = rcpt;
    msg.recipient_count = 2;
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    /* Addresses and identifiers are refused. */
    rcpt[1].addr.name = NULL;
    rcpt[1].addr.address = (WCHAR *)L"carol@example.org\r\nBcc: evil@x";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    rcpt[1].addr.address = (WCHAR *)L"c\u00e4rol@example.org";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    rcpt[1].addr.address = (WCHAR *)L"carol";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    rcpt[1].addr.address = (WCHAR *)L"carol@exa mple.org";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    rcpt[1].type = 7;
    rcpt[1].addr.address = (WCHAR *)L"carol@example.org";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);

    init_simple(&msg);
    msg.message_id = (WCHAR *)L"<id@x>\r\nBcc: evil@x";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    msg.message_id = (WCHAR *)L"<one@x> <two@x>";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    msg.message_id = NULL;
    msg.in_reply_to = (WCHAR *)L"<a b@x>";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    msg.in_reply_to = NULL;
    msg.references = (WCHAR *)L"<a@x>\n<b@x>\x01";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    msg.references = NULL;

    /* Attachments: the file name is encoded, the rest refused. */
    msg.attachments = &att;
    msg.attachment_count = 1;
    att.filename = (WCHAR *)L"a\r\nContent-Type: text/html\r\n\r\n<script>.txt";
    att.data = (BYTE *)"x";
    att.size = 1;
    data = write_ok(&msg, &size, "file name");
    ok(data && !has_line(data, "Content-Type: text/html") && !has_line(data, "<script>"),
            "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "file name") : NULL;
    ok(read && read->attachment_count == 1 && wstr_eq(read->attachments[0].filename, att.filename),
            "got %s.\n", read && read->attachment_count ? dbgw(read->attachments[0].filename) : "");
    mime_message_free(read);
    mime_free(data);
    att.mime_type = (WCHAR *)L"text/plain\r\nX-Evil: 1";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    att.mime_type = (WCHAR *)L"textplain";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    att.mime_type = NULL;
    att.content_id = (WCHAR *)L"id@x>\r\nX-Evil: <1";
    hr = mime_write(&msg, 0, &data, &size, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
}

static void test_write_folding(void)
{
    struct mime_recipient rcpt[30];
    WCHAR subject[600], names[30][40], addresses[30][40];
    struct mime_message msg, *read;
    char *data;
    SIZE_T size;
    ULONG i;

    /* Plain words fold at spaces. */
    init_simple(&msg);
    subject[0] = 0;
    for (i = 0; i < 30; i++) lstrcatW(subject, L"folding words ");
    lstrcatW(subject, L"end");
    msg.subject = subject;
    data = write_ok(&msg, &size, "plain words");
    ok(data && has_line(data, "Subject: folding words folding words"), "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "plain words") : NULL;
    ok(read && wstr_eq(read->subject, subject), "got %s.\n", read ? dbgw(read->subject) : "");
    mime_message_free(read);
    mime_free(data);

    /* A word longer than a line, and non-ASCII text, go in encoded words. */
    subject[0] = 0;
    for (i = 0; i < 20; i++) lstrcatW(subject, L"abcdefghij");
    lstrcatW(subject, L" \u65e5\u672c\u8a9e \U0001f600 caf\u00e9 ");
    for (i = 0; i < 10; i++) lstrcatW(subject, L"\u00fc\u00f6\u00e4");
    msg.subject = subject;
    data = write_ok(&msg, &size, "long word");
    read = data ? read_ok(data, size, S_OK, "long word") : NULL;
    ok(read && wstr_eq(read->subject, subject), "got %s.\n", read ? dbgw(read->subject) : "");
    mime_message_free(read);
    mime_free(data);

    /* Spaces at the ends and runs of them are kept. */
    msg.subject = (WCHAR *)L"  two  spaces ";
    data = write_ok(&msg, &size, "spaces");
    read = data ? read_ok(data, size, S_OK, "spaces") : NULL;
    ok(read && wstr_eq(read->subject, msg.subject), "got %s.\n", read ? dbgw(read->subject) : "");
    mime_message_free(read);
    mime_free(data);

    /* Text that looks like an encoded word is not one. */
    msg.subject = (WCHAR *)L"=?utf-8?q?not_encoded?=";
    data = write_ok(&msg, &size, "fake word");
    read = data ? read_ok(data, size, S_OK, "fake word") : NULL;
    ok(read && wstr_eq(read->subject, msg.subject), "got %s.\n", read ? dbgw(read->subject) : "");
    mime_message_free(read);
    mime_free(data);

    /* Many addresses fold between addresses. */
    init_simple(&msg);
    for (i = 0; i < ARRAY_SIZE(rcpt); i++)
    {
        wsprintfW(names[i], i % 2 ? L"N\u00e4me %lu, \"Q\"" : L"Name %lu", i);
        wsprintfW(addresses[i], L"user%lu@example.com", i);
        rcpt[i].type = i % 3 ? MAPI_TO : MAPI_CC;
        rcpt[i].addr.name = names[i];
        rcpt[i].addr.address = addresses[i];
    }
    msg.recipients = rcpt;
    msg.recipient_count = ARRAY_SIZE(rcpt);
    data = write_ok(&msg, &size, "addresses");
    read = data ? read_ok(data, size, S_OK, "addresses") : NULL;
    ok(read && read->recipient_count == ARRAY_SIZE(rcpt), "got %lu.\n", read ? read->recipient_count : 0);
    for (i = 0; read && i < read->recipient_count && i < ARRAY_SIZE(rcpt); i++)
    {
        /* To first, then Cc. */
        ULONG k = i < 20 ? (i / 2) * 3 + 1 + i % 2 : (i - 20) * 3;

        ok(read->recipients[i].type == rcpt[k].type, "%lu: got type %lu.\n", i, read->recipients[i].type);
        ok(wstr_eq(read->recipients[i].addr.name, rcpt[k].addr.name), "%lu: got %s.\n", i,
                dbgw(read->recipients[i].addr.name));
        ok(wstr_eq(read->recipients[i].addr.address, rcpt[k].addr.address), "%lu: got %s.\n", i,
                dbgw(read->recipients[i].addr.address));
    }
    mime_message_free(read);
    mime_free(data);
}

static void test_write_structure(void)
{
    static const WCHAR long_name[] = L"\u00c9t\u00e9 \u65e5\u672c\u8a9e \u00e9t\u00e9 \u00e9t\u00e9 \u00e9t\u00e9 "
            L"\u00e9t\u00e9 \u00e9t\u00e9 \u00e9t\u00e9 \u00e9t\u00e9 \u00e9t\u00e9.pdf";
    struct mime_attachment atts[3];
    struct mime_recipient rcpt[2];
    struct mime_message msg, *read;
    const char *p;
    char *data;
    SIZE_T size;

    /* Bcc recipients are never written. */
    init_simple(&msg);
    rcpt[0] = bob[0];
    rcpt[1].type = MAPI_BCC;
    rcpt[1].addr.name = (WCHAR *)L"Hidden";
    rcpt[1].addr.address = (WCHAR *)L"hidden@example.org";
    msg.recipients = rcpt;
    msg.recipient_count = 2;
    data = write_ok(&msg, &size, "bcc");
    ok(data && !strstr(data, "hidden") && !strstr(data, "Hidden") && !has_line(data, "Bcc"),
            "got %s.\n", wine_dbgstr_a(data));
    mime_free(data);

    /* Text and HTML: multipart/alternative, text first. */
    init_simple(&msg);
    msg.html = (WCHAR *)L"<p>Hi Bob.</p>";
    data = write_ok(&msg, &size, "alternative");
    ok(data && has_line(data, "Content-Type: multipart/alternative;"), "got %s.\n", wine_dbgstr_a(data));
    p = data ? strstr(data, "Content-Type: text/plain") : NULL;
    ok(p && strstr(p, "Content-Type: text/html"), "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "alternative") : NULL;
    ok(read && wstr_eq(read->body, msg.body) && wstr_eq(read->html, msg.html) && !read->attachment_count,
            "got %s, %s.\n", read ? dbgw(read->body) : "", read ? dbgw(read->html) : "");
    mime_message_free(read);
    mime_free(data);

    /* Attachments: multipart/mixed around it; inline ones with a
     * Content-ID go into multipart/related with the HTML. */
    memset(atts, 0, sizeof(atts));
    atts[0].filename = (WCHAR *)long_name;
    atts[0].data = (BYTE *)"%PDF\0\xff";
    atts[0].size = 6;
    atts[1].filename = (WCHAR *)L"logo.png";
    atts[1].content_id = (WCHAR *)L"logo@x";
    atts[1].is_inline = TRUE;
    atts[1].data = (BYTE *)"\x89PNG";
    atts[1].size = 4;
    atts[2].filename = (WCHAR *)L"notes.txt";
    atts[2].mime_type = (WCHAR *)L"text/plain";
    atts[2].data = (BYTE *)"line\nline\r\n";
    atts[2].size = 11;
    msg.attachments = atts;
    msg.attachment_count = 3;
    data = write_ok(&msg, &size, "mixed");
    ok(data && has_line(data, "Content-Type: multipart/mixed;"), "got %s.\n", wine_dbgstr_a(data));
    p = data ? strstr(data, "Content-Type: multipart/alternative;") : NULL;
    ok(p && strstr(p, "Content-Type: multipart/related;"), "got %s.\n", wine_dbgstr_a(data));
    ok(data && has_line(data, "Content-ID: <logo@x>\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(data && has_line(data, "Content-Type: image/png; name=logo.png\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(data && has_line(data, "Content-Disposition: inline; filename=logo.png\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(data && has_line(data, "Content-Type: application/pdf;"), "got %s.\n", wine_dbgstr_a(data));
    /* RFC 2231 for the long name, encoded words in name= for older readers. */
    ok(data && has_line(data, " filename*0*=UTF-8''%C3%89t%C3%A9%20%E6%97%A5%E6%9C%AC%E8%AA%9E"),
            "got %s.\n", wine_dbgstr_a(data));
    ok(data && strstr(data, "Content-Type: application/pdf; name=\"=?UTF-8?B?w4l0w6kg5pel5pys6KqeIA==?=\r\n"),
            "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "mixed") : NULL;
    ok(read && read->attachment_count == 3, "got %lu.\n", read ? read->attachment_count : 0);
    if (read && read->attachment_count == 3)
    {
        /* The related part comes first, inside the body. */
        ok(wstr_eq(read->attachments[0].filename, L"logo.png") && read->attachments[0].is_inline
                && wstr_eq(read->attachments[0].content_id, L"logo@x")
                && wstr_eq(read->attachments[0].mime_type, L"image/png"), "got %s.\n",
                dbgw(read->attachments[0].filename));
        ok(wstr_eq(read->attachments[1].filename, long_name) && !read->attachments[1].is_inline
                && read->attachments[1].size == 6 && !memcmp(read->attachments[1].data, "%PDF\0\xff", 6),
                "got %s.\n", dbgw(read->attachments[1].filename));
        ok(wstr_eq(read->attachments[2].mime_type, L"text/plain") && read->attachments[2].size == 11
                && !memcmp(read->attachments[2].data, "line\nline\r\n", 11), "got %s.\n",
                dbgw(read->attachments[2].mime_type));
    }
    mime_message_free(read);
    mime_free(data);

    /* No body and no HTML: the attachments alone. */
    init_simple(&msg);
    msg.body = NULL;
    msg.attachments = &atts[2];
    msg.attachment_count = 1;
    data = write_ok(&msg, &size, "attachment only");
    read = data ? read_ok(data, size, S_OK, "attachment only") : NULL;
    ok(read && !read->body && read->attachment_count == 1, "got %s, %lu.\n", read ? dbgw(read->body) : "",
            read ? read->attachment_count : 0);
    mime_message_free(read);
    mime_free(data);

    /* Nothing at all: an empty text part. */
    msg.attachment_count = 0;
    data = write_ok(&msg, &size, "empty");
    read = data ? read_ok(data, size, S_OK, "empty") : NULL;
    ok(read && wstr_eq(read->body, L"") && !read->attachment_count, "got %s.\n", read ? dbgw(read->body) : "");
    mime_message_free(read);
    mime_free(data);
}

static void test_write_encodings(void)
{
    static const WCHAR cyrillic[] = L"\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! "
            L"\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440!\r\n";
    WCHAR long_line[2100];
    struct mime_message msg, *read;
    char *data;
    SIZE_T size;
    int i;

    init_simple(&msg);
    msg.body = (WCHAR *)L"Gr\u00fc\u00dfe, caf\u00e9 = coffee.  \r\nFrom the start\r\n";
    data = write_ok(&msg, &size, "latin");
    ok(data && has_line(data, "Content-Type: text/plain; charset=UTF-8\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(data && has_line(data, "Content-Transfer-Encoding: quoted-printable\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(data && strstr(data, "Gr=C3=BC=C3=9Fe, caf=C3=A9 =3D coffee. =20\r\n=46rom the start\r\n"),
            "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "latin") : NULL;
    ok(read && wstr_eq(read->body, msg.body), "got %s.\n", read ? dbgw(read->body) : "");
    mime_message_free(read);
    mime_free(data);

    msg.body = (WCHAR *)cyrillic;
    data = write_ok(&msg, &size, "cyrillic");
    ok(data && has_line(data, "Content-Transfer-Encoding: base64\r\n"), "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "cyrillic") : NULL;
    ok(read && wstr_eq(read->body, msg.body), "got %s.\n", read ? dbgw(read->body) : "");
    mime_message_free(read);
    mime_free(data);

    /* A line longer than 998: quoted-printable with soft breaks. */
    for (i = 0; i < 2000; i++) long_line[i] = 'a' + i % 26;
    long_line[i] = 0;
    msg.body = long_line;
    data = write_ok(&msg, &size, "long line");
    ok(data && has_line(data, "Content-Type: text/plain; charset=us-ascii\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(data && has_line(data, "Content-Transfer-Encoding: quoted-printable\r\n"), "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "long line") : NULL;
    ok(read && wstr_eq(read->body, long_line), "got %s.\n", read ? dbgw(read->body) : "");
    mime_message_free(read);
    mime_free(data);

    /* Bare line ends become CRLF; text without a final line end keeps none. */
    msg.body = (WCHAR *)L"one\ntwo\rthree\r\nfour";
    data = write_ok(&msg, &size, "line ends");
    read = data ? read_ok(data, size, S_OK, "line ends") : NULL;
    ok(read && wstr_eq(read->body, L"one\r\ntwo\r\nthree\r\nfour"), "got %s.\n", read ? dbgw(read->body) : "");
    mime_message_free(read);
    mime_free(data);

    msg.body = (WCHAR *)L"ctl \x01\x1b\x0c end\r\n";
    data = write_ok(&msg, &size, "controls");
    read = data ? read_ok(data, size, S_OK, "controls") : NULL;
    ok(read && wstr_eq(read->body, msg.body), "got %s.\n", read ? dbgw(read->body) : "");
    mime_message_free(read);
    mime_free(data);
}

static void test_write_headers(void)
{
    struct mime_address reply_to[2] = {{(WCHAR *)L"Desk", (WCHAR *)L"desk@example.com"},
                                       {NULL, (WCHAR *)L"team@example.com"}};
    struct mime_message msg, *read;
    char *data;
    SIZE_T size;

    init_simple(&msg);
    msg.sender.name = (WCHAR *)L"Assistant";
    msg.sender.address = (WCHAR *)L"assistant@example.com";
    msg.reply_to = reply_to;
    msg.reply_to_count = 2;
    msg.in_reply_to = (WCHAR *)L"<parent@example.com>";
    msg.references = (WCHAR *)L"<a@example.com> <b@example.com>,<parent@example.com>";
    msg.importance = MIME_IMPORTANCE_HIGH;
    msg.priority = PRIO_URGENT;
    data = write_ok(&msg, &size, "headers");
    if (!data) return;
    ok(has_line(data, "Sender: Assistant <assistant@example.com>\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(has_line(data, "Reply-To: Desk <desk@example.com>, team@example.com\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(has_line(data, "In-Reply-To: <parent@example.com>\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(has_line(data, "References: <a@example.com> <b@example.com> <parent@example.com>\r\n"),
            "got %s.\n", wine_dbgstr_a(data));
    ok(has_line(data, "Importance: high\r\n") && has_line(data, "X-Priority: 1\r\n"), "got %s.\n", wine_dbgstr_a(data));
    ok(has_line(data, "Priority: urgent\r\n"), "got %s.\n", wine_dbgstr_a(data));
    read = read_ok(data, size, S_OK, "headers");
    if (read)
    {
        ok(wstr_eq(read->sender.address, L"assistant@example.com"), "got %s.\n", dbgw(read->sender.address));
        ok(read->reply_to_count == 2 && wstr_eq(read->reply_to[1].address, L"team@example.com"), "got %lu.\n",
                read->reply_to_count);
        ok(wstr_eq(read->references, L"<a@example.com> <b@example.com> <parent@example.com>"), "got %s.\n",
                dbgw(read->references));
        ok(read->importance == MIME_IMPORTANCE_HIGH, "got %u.\n", read->importance);
        ok(read->priority == PRIO_URGENT, "got %ld.\n", read->priority);
        ok(!memcmp(&read->date, &fixed_date, sizeof(FILETIME)), "got %#lx:%#lx.\n", read->date.dwHighDateTime,
                read->date.dwLowDateTime);
    }
    mime_message_free(read);
    mime_free(data);

    /* The Sender is left out when it is the From. */
    msg.sender = msg.from;
    msg.importance = MIME_IMPORTANCE_NORMAL;
    msg.priority = PRIO_NORMAL;
    data = write_ok(&msg, &size, "same sender");
    ok(data && !has_line(data, "Sender:") && !has_line(data, "Importance:") && !has_line(data, "Priority:"),
            "got %s.\n", wine_dbgstr_a(data));
    mime_free(data);
}

/* A message inside a message. */
static void test_write_embedded(void)
{
    struct mime_attachment inner_att = {(WCHAR *)L"in.bin", NULL, NULL, FALSE, (BYTE *)"\0\1", 2};
    struct mime_message msg, inner, *read;
    struct mime_attachment att = {0};
    char *data;
    SIZE_T size;

    init_simple(&inner);
    inner.subject = (WCHAR *)L"Inner \u00e9";
    inner.message_id = (WCHAR *)L"<inner@x>";
    inner.attachments = &inner_att;
    inner.attachment_count = 1;
    init_simple(&msg);
    att.message = &inner;
    msg.attachments = &att;
    msg.attachment_count = 1;
    data = write_ok(&msg, &size, "embedded");
    ok(data && has_line(data, "Content-Type: message/rfc822\r\n"), "got %s.\n", wine_dbgstr_a(data));
    read = data ? read_ok(data, size, S_OK, "embedded") : NULL;
    ok(read && read->attachment_count == 1 && read->attachments[0].message, "got %lu.\n",
            read ? read->attachment_count : 0);
    if (read && read->attachment_count == 1 && read->attachments[0].message)
    {
        struct mime_message *got = read->attachments[0].message;

        ok(wstr_eq(got->subject, inner.subject), "got %s.\n", dbgw(got->subject));
        ok(wstr_eq(got->message_id, L"<inner@x>"), "got %s.\n", dbgw(got->message_id));
        ok(wstr_eq(got->body, inner.body), "got %s.\n", dbgw(got->body));
        ok(got->attachment_count == 1 && got->attachments[0].size == 2, "got %lu.\n", got->attachment_count);
        ok(wstr_eq(read->attachments[0].mime_type, L"message/rfc822"), "got %s.\n",
                dbgw(read->attachments[0].mime_type));
    }
    mime_message_free(read);
    mime_free(data);
}

/* ------------------------------------------------------------------------
 * The reader
 */

static void test_read_params(void)
{
    struct mime_message *msg = (void *)0xdead;
    HRESULT hr;

    hr = mime_read("x", 1, 0, NULL);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_read(NULL, 1, 0, &msg);
    ok(hr == MAPI_E_INVALID_PARAMETER, "got %#lx.\n", hr);
    hr = mime_read("x", 1, 2, &msg);
    ok(hr == MAPI_E_UNKNOWN_FLAGS, "got %#lx.\n", hr);
    ok(!msg, "got %p.\n", msg);

    /* Nothing at all is a message without headers. */
    msg = read_ok("", 0, MAPI_W_PARTIAL_COMPLETION, "empty");
    ok(msg && msg->defects == MIME_DEFECT_NO_HEADERS, "got %#lx.\n", msg ? msg->defects : 0);
    ok(msg && !msg->subject && !msg->from.address && wstr_eq(msg->body, L""), "got %s.\n", msg ? dbgw(msg->body) : "");
    mime_message_free(msg);
    mime_message_free(NULL);
}

static void test_read_headers(void)
{
    static const char text[] =
        "From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>\r\n"
        "Sender: \"Smith, John\" (the boss) <john@example.com>\r\n"
        "To: Team: one@example.com, \"Two, Person\" <two@example.com>;,\r\n"
        "\t=?utf-8?b?5pel5pys?= =?utf-8?b?6Kqe?= <jp@example.jp> (comment),\r\n"
        " \"=?utf-8?q?Quoted_=C3=A9?=\" <q@example.com>, bare@example.com (Bare Name)\r\n"
        "cc: <@route.example,@other.example:routed@example.com>, undisclosed-recipients:;\r\n"
        "Bcc: hidden@example.com\r\n"
        "Reply-To: r1@example.com,, r2@example.com\r\n"
        "Subject: =?utf-8?B?5pel5pys6Kqe44Gu?=\r\n"
        "  =?utf-8?B?44OG44K544OI?= and =?iso-8859-1?q?caf=E9?=\r\n"
        " =?UTF-8?Q?_split_=E6=97?= =?UTF-8?q?=A5_char?= =?unknown?q?x?=\r\n"
        "Date: Tue, 1 Jul 03 10:52:37 EST (Eastern)\r\n"
        "Message-ID:\r\n <folded.id@example.com>\r\n"
        "In-Reply-To: <p1@x>\r\n <p2@x>\r\n"
        "X-Priority: 5 (Lowest)\r\n"
        "Priority: non-urgent\r\n"
        "\r\n"
        "body\r\n";
    SYSTEMTIME st = {2003, 7, 0, 1, 15, 52, 37, 0};
    struct mime_message *msg;
    FILETIME date;

    msg = read_text(text, MAPI_W_PARTIAL_COMPLETION, "headers");
    if (!msg) return;
    /* The charset that is not one. */
    ok(msg->defects == MIME_DEFECT_UNKNOWN_CHARSET, "got %#lx.\n", msg->defects);
    ok(wstr_eq(msg->from.name, L"Andr\u00e9 Pirard"), "got %s.\n", dbgw(msg->from.name));
    ok(wstr_eq(msg->from.address, L"PIRARD@vm1.ulg.ac.be"), "got %s.\n", dbgw(msg->from.address));
    ok(wstr_eq(msg->sender.name, L"Smith, John"), "got %s.\n", dbgw(msg->sender.name));
    ok(msg->recipient_count == 7, "got %lu.\n", msg->recipient_count);
    if (msg->recipient_count == 7)
    {
        static const struct { ULONG type; const WCHAR *name, *address; } want[] =
        {
            {MAPI_TO, NULL, L"one@example.com"},
            {MAPI_TO, L"Two, Person", L"two@example.com"},
            {MAPI_TO, L"\u65e5\u672c\u8a9e", L"jp@example.jp"},
            {MAPI_TO, L"Quoted \u00e9", L"q@example.com"},
            {MAPI_TO, L"Bare Name", L"bare@example.com"},
            {MAPI_CC, NULL, L"routed@example.com"},
            {MAPI_BCC, NULL, L"hidden@example.com"},
        };
        ULONG i;

        for (i = 0; i < ARRAY_SIZE(want); i++)
        {
            ok(msg->recipients[i].type == want[i].type, "%lu: got %lu.\n", i, msg->recipients[i].type);
            ok(wstr_eq(msg->recipients[i].addr.name, want[i].name), "%lu: got %s.\n", i,
                    dbgw(msg->recipients[i].addr.name));
            ok(wstr_eq(msg->recipients[i].addr.address, want[i].address), "%lu: got %s.\n", i,
                    dbgw(msg->recipients[i].addr.address));
        }
    }
    ok(msg->reply_to_count == 2, "got %lu.\n", msg->reply_to_count);
    /* Whitespace between encoded words goes; a character split between
     * two words of one charset survives. */
    ok(wstr_eq(msg->subject, L"\u65e5\u672c\u8a9e\u306e\u30c6\u30b9\u30c8 and caf\u00e9 split \u65e5 charx"),
            "got %s.\n", dbgw(msg->subject));
    /* Obsolete zone and two-digit year (RFC 5322 4.3). */
    SystemTimeToFileTime(&st, &date);
    ok(!memcmp(&msg->date, &date, sizeof(date)), "got %#lx:%#lx.\n", msg->date.dwHighDateTime, msg->date.dwLowDateTime);
    ok(wstr_eq(msg->message_id, L"<folded.id@example.com>"), "got %s.\n", dbgw(msg->message_id));
    ok(wstr_eq(msg->in_reply_to, L"<p1@x> <p2@x>"), "got %s.\n", dbgw(msg->in_reply_to));
    ok(msg->importance == MIME_IMPORTANCE_LOW, "got %u.\n", msg->importance);
    ok(msg->priority == PRIO_NONURGENT, "got %ld.\n", msg->priority);
    ok(wstr_eq(msg->body, L"body\r\n"), "got %s.\n", dbgw(msg->body));
    ok(msg->headers && !wcsncmp(msg->headers, L"From: =?ISO-8859-1?Q?Andr=E9?= Pirard", 37)
            && wcsstr(msg->headers, L"Priority: non-urgent\r\n") && !wcsstr(msg->headers, L"body"),
            "got %s.\n", dbgw(msg->headers));
    mime_message_free(msg);
}

static void test_read_dates(void)
{
    static const struct
    {
        const char *text;
        SYSTEMTIME utc;
    }
    tests[] =
    {
        {"Fri, 13 Feb 2026 10:00:00 +0000", {2026, 2, 0, 13, 10, 0, 0, 0}},
        {"13 Feb 2026 11:30 +0130", {2026, 2, 0, 13, 10, 0, 0, 0}},
        {"Thu, 12 Feb 2026 23:00:00 -1100", {2026, 2, 0, 13, 10, 0, 0, 0}},
        {"Fri Feb 13 10:00:00 2026", {2026, 2, 0, 13, 10, 0, 0, 0}},
        {"13 February 1999 02:00:00 PDT", {1999, 2, 0, 13, 9, 0, 0, 0}},
        {"1 Jan 70 00:00:00 GMT", {1970, 1, 0, 1, 0, 0, 0, 0}},
        {"1 Jan 049 00:00:00 UT", {1949, 1, 0, 1, 0, 0, 0, 0}},
    };
    struct mime_message *msg;
    char text[200];
    FILETIME want;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        sprintf(text, "Date: %s\r\n\r\n", tests[i].text);
        msg = read_text(text, S_OK, tests[i].text);
        SystemTimeToFileTime(&tests[i].utc, &want);
        ok(msg && !memcmp(&msg->date, &want, sizeof(want)), "%s: got %#lx:%#lx.\n", tests[i].text,
                msg ? msg->date.dwHighDateTime : 0, msg ? msg->date.dwLowDateTime : 0);
        mime_message_free(msg);
    }
    msg = read_text("Date: yesterday at noon\r\n\r\n", MAPI_W_PARTIAL_COMPLETION, "bad date");
    ok(msg && msg->defects == MIME_DEFECT_BAD_DATE && !msg->date.dwHighDateTime, "got %#lx.\n",
            msg ? msg->defects : 0);
    mime_message_free(msg);
}

static void test_read_parameters(void)
{
    static const char text[] =
        "From: a@example.com\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"outer boundary\"\r\n\r\n"
        "preamble\r\n--outer boundary\r\nContent-Type: text/plain\r\n\r\nbody text\r\n"
        "--outer boundary\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment;\r\n filename*1=\" summer\";\r\n filename*0*=iso-8859-1'fr'%E9t%E9;\r\n"
        " filename*2*=%20caf%E9.txt; filename=\"ignored.txt\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nZGF0YQ==\r\n"
        "--outer boundary\r\nContent-Type: application/octet-stream;\r\n name=\"=?utf-8?B?w6TDtsO8LmJpbg==?=\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
        "--outer boundary\r\nContent-Type: text/plain; charset=utf-8; name*=UTF-8''%E2%82%AC%20euro.txt\r\n"
        "Content-Disposition: attachment\r\n\r\nattached\r\n"
        "--outer boundary\r\nContent-Type: application/pdf; name=my file name.pdf\r\n\r\npdf\r\n"
        "--outer boundary--\r\nepilogue\r\n";
    static const WCHAR *const names[] =
        {L"\u00e9t\u00e9 summer caf\u00e9.txt", L"\u00e4\u00f6\u00fc.bin", L"\u20ac euro.txt", L"my file name.pdf"};
    struct mime_message *msg;
    ULONG i;

    msg = read_text(text, S_OK, "parameters");
    if (!msg) return;
    ok(wstr_eq(msg->body, L"body text"), "got %s.\n", dbgw(msg->body));
    ok(msg->attachment_count == 4, "got %lu.\n", msg->attachment_count);
    for (i = 0; i < msg->attachment_count && i < ARRAY_SIZE(names); i++)
        ok(wstr_eq(msg->attachments[i].filename, names[i]), "%lu: got %s.\n", i, dbgw(msg->attachments[i].filename));
    if (msg->attachment_count == 4)
    {
        ok(msg->attachments[0].size == 4 && !memcmp(msg->attachments[0].data, "data", 4), "got %Iu.\n",
                msg->attachments[0].size);
        ok(msg->attachments[2].size == 8 && !memcmp(msg->attachments[2].data, "attached", 8), "got %Iu.\n",
                msg->attachments[2].size);
        ok(wstr_eq(msg->attachments[3].mime_type, L"application/pdf"), "got %s.\n",
                dbgw(msg->attachments[3].mime_type));
    }
    mime_message_free(msg);
}

static void test_read_bodies(void)
{
    static const char qp[] =
        "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\n"
        "caf=e9 =3D lower hex   \r\nsoft=\r\n break, stray = sign, =ZZ\r\nend=";
    static const char b64[] =
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "  w6l0\r\n w6kg\tbWlz!c2luZyBwYWRkaW5n\r\n";
    static const char bad_b64[] =
        "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nYWJjZ\r\n";
    static const char unknown[] =
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 x\r\n";
    static const char eightbit[] =
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xc3\xa9t\xc3\xa9\n";
    struct mime_message *msg;

    msg = read_text(qp, S_OK, "qp");
    ok(msg && wstr_eq(msg->body, L"caf\u00e9 = lower hex\r\nsoft break, stray = sign, =ZZ\r\nend"), "got %s.\n",
            msg ? dbgw(msg->body) : "");
    mime_message_free(msg);
    msg = read_text(b64, S_OK, "base64");
    ok(msg && wstr_eq(msg->body, L"\u00e9t\u00e9 missing padding"), "got %s.\n", msg ? dbgw(msg->body) : "");
    mime_message_free(msg);
    /* One character too many in the last group: reported. */
    msg = read_text(bad_b64, MAPI_W_PARTIAL_COMPLETION, "bad base64");
    ok(msg && msg->defects == MIME_DEFECT_BAD_ENCODING, "got %#lx.\n", msg ? msg->defects : 0);
    ok(msg && msg->attachment_count == 1 && msg->attachments[0].size == 3
            && !memcmp(msg->attachments[0].data, "abc", 3), "got %lu.\n", msg ? msg->attachment_count : 0);
    mime_message_free(msg);
    msg = read_text(unknown, MAPI_W_PARTIAL_COMPLETION, "unknown encoding");
    ok(msg && msg->defects == MIME_DEFECT_UNKNOWN_ENCODING && wstr_eq(msg->body, L"begin 644 x\r\n"), "got %#lx.\n",
            msg ? msg->defects : 0);
    mime_message_free(msg);
    /* Bare LF in the body become CRLF. */
    msg = read_text(eightbit, S_OK, "8bit");
    ok(msg && wstr_eq(msg->body, L"\u00e9t\u00e9\r\n"), "got %s.\n", msg ? dbgw(msg->body) : "");
    mime_message_free(msg);
}

static void test_read_charsets(void)
{
    static const struct
    {
        const char *charset;
        const char *bytes;
        const WCHAR *text;
    }
    tests[] =
    {
        {"Shift_JIS", "\x93\xfa\x96\x7b\x8c\xea\x83\x65\x83\x58\x83\x67", L"\u65e5\u672c\u8a9e\u30c6\u30b9\u30c8"},
        {"ISO-2022-JP", "\x1b$BF|K\\8l%F%9%H\x1b(B ok \x1b(I6\x1b(B",
                L"\u65e5\u672c\u8a9e\u30c6\u30b9\u30c8 ok \uff76"},
        {"euc-jp", "\xc6\xfc\xcb\xdc\xb8\xec\xa5\xc6\xa5\xb9\xa5\xc8\x8e\xb6",
                L"\u65e5\u672c\u8a9e\u30c6\u30b9\u30c8\uff76"},
        {"koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", L"\u041f\u0440\u0438\u0432\u0435\u0442"},
        {"gb2312", "\xd6\xd0\xce\xc4", L"\u4e2d\u6587"},
        {"GBK", "\xd6\xd0\xce\xc4", L"\u4e2d\u6587"},
        {"big5", "\xa4\xa4\xa4\xe5", L"\u4e2d\u6587"},
        {"euc-kr", "\xc7\xd1\xb1\xb9\xbe\xee", L"\ud55c\uad6d\uc5b4"},
        {"ks_c_5601-1987", "\xc7\xd1\xb1\xb9\xbe\xee", L"\ud55c\uad6d\uc5b4"},
        {"iso-8859-15", "\xa4\xbd", L"\u20ac\u0153"},
        {"ISO_8859-10:1992", "\xa1\xa2\xbf", L"\u0104\u0112\u014b"},
        {"iso-8859-2", "Za\xbf\xf3\xb3\xe6", L"Za\u017c\u00f3\u0142\u0107"},
        {"latin1", "caf\xe9", L"caf\u00e9"},
        {"windows-1252", "\x93\x80\x94", L"\u201c\u20ac\u201d"},
        {"cp1251", "\xcf\xf0\xe8", L"\u041f\u0440\u0438"},
        {"us-ascii", "caf\xc3\xa9", L"caf\u00e9"},
        {"us-ascii", "caf\xe9", L"caf\u00e9"},
    };
    struct mime_message *msg;
    char text[300];
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        sprintf(text, "Subject: =?%s?B?", tests[i].charset);
        /* The same bytes as an encoded word and as the body. */
        {
            static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            const BYTE *b = (const BYTE *)tests[i].bytes;
            SIZE_T n = strlen(tests[i].bytes), k, len = strlen(text);

            for (k = 0; k < n; k += 3)
            {
                UINT v = b[k] << 16 | (k + 1 < n ? b[k + 1] << 8 : 0) | (k + 2 < n ? b[k + 2] : 0);

                text[len++] = digits[v >> 18];
                text[len++] = digits[(v >> 12) & 63];
                text[len++] = k + 1 < n ? digits[(v >> 6) & 63] : '=';
                text[len++] = k + 2 < n ? digits[v & 63] : '=';
            }
            text[len] = 0;
        }
        sprintf(text + strlen(text), "?=\r\nContent-Type: text/plain; charset=\"%s\"\r\n\r\n%s", tests[i].charset,
                tests[i].bytes);
        msg = read_text(text, S_OK, tests[i].charset);
        ok(msg && wstr_eq(msg->subject, tests[i].text), "%s: got subject %s.\n", tests[i].charset,
                msg ? dbgw(msg->subject) : "");
        ok(msg && wstr_eq(msg->body, tests[i].text), "%s: got body %s.\n", tests[i].charset,
                msg ? dbgw(msg->body) : "");
        mime_message_free(msg);
    }

    msg = read_text("Content-Type: text/plain; charset=x-klingon\r\n\r\ncaf\xe9", MAPI_W_PARTIAL_COMPLETION,
            "unknown charset");
    ok(msg && msg->defects == MIME_DEFECT_UNKNOWN_CHARSET && wstr_eq(msg->body, L"caf\u00e9"), "got %#lx, %s.\n",
            msg ? msg->defects : 0, msg ? dbgw(msg->body) : "");
    mime_message_free(msg);
}

static void test_read_multipart(void)
{
    static const char text[] =
        "From: a@example.com\nSubject: nested\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=m\n\n"
        "--m\nContent-Type: multipart/alternative; boundary=a\n\n"
        "--a\nContent-Type: text/plain; charset=utf-8\n\nplain\n"
        "--a\nContent-Type: multipart/related; boundary=r; start=\"<root@x>\"\n\n"
        "--r\nContent-Type: image/gif\nContent-ID: <img@x>\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n"
        "--r\nContent-Type: text/html; charset=utf-8\nContent-ID: <root@x>\n\n<img src=\"cid:img@x\">\n"
        "--r--\n"
        "--a--\n"
        "--m\nContent-Type: multipart/digest; boundary=d\n\n"
        "--d\n\nSubject: first\nFrom: one@example.com\n\nfirst body\n"
        "--d\nContent-Type: message/rfc822\n\nSubject: second\n\nsecond body\n"
        "--d--\n"
        "--m\nContent-Type: text/plain; name=\"more.txt\"\nContent-Disposition: inline\n\nmore text\n"
        "--m\nContent-Type: application/octet-stream; name=x.bin\nContent-Transfer-Encoding: base64\n\nAAEC\n"
        "--m--\n";
    struct mime_message *msg;

    msg = read_text(text, S_OK, "nested");
    if (!msg) return;
    ok(wstr_eq(msg->body, L"plain"), "got %s.\n", dbgw(msg->body));
    ok(wstr_eq(msg->html, L"<img src=\"cid:img@x\">"), "got %s.\n", dbgw(msg->html));
    ok(msg->attachment_count == 5, "got %lu.\n", msg->attachment_count);
    if (msg->attachment_count == 5)
    {
        ok(wstr_eq(msg->attachments[0].content_id, L"img@x") && msg->attachments[0].is_inline
                && msg->attachments[0].size == 6 && !memcmp(msg->attachments[0].data, "GIF89a", 6),
                "got %s.\n", dbgw(msg->attachments[0].content_id));
        ok(msg->attachments[1].message && wstr_eq(msg->attachments[1].message->subject, L"first")
                && wstr_eq(msg->attachments[1].message->body, L"first body")
                && wstr_eq(msg->attachments[1].mime_type, L"message/rfc822"), "got %p.\n", msg->attachments[1].message);
        ok(msg->attachments[2].message && wstr_eq(msg->attachments[2].message->subject, L"second"), "got %p.\n",
                msg->attachments[2].message);
        /* A second inline text part is an attachment. */
        ok(wstr_eq(msg->attachments[3].filename, L"more.txt") && msg->attachments[3].is_inline
                && msg->attachments[3].size == 9, "got %s.\n", dbgw(msg->attachments[3].filename));
        ok(wstr_eq(msg->attachments[4].filename, L"x.bin") && !msg->attachments[4].is_inline
                && msg->attachments[4].size == 3, "got %s.\n", dbgw(msg->attachments[4].filename));
    }
    mime_message_free(msg);
}

static void test_read_damaged(void)
{
    static const char missing_end[] =
        "Subject: cut\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--b\r\nContent-Type: application/octet-stream\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nAAEC";
    static const char no_parts[] =
        "Subject: none\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\nno delimiter here\r\n";
    static const char no_boundary[] =
        "Subject: none\r\nContent-Type: multipart/mixed\r\n\r\ntext\r\n";
    static const char bad_header[] =
        "Subject: ok\r\nthis line is no header\r\nTo: lost@example.com\r\n\r\nbody";
    static const char headers_only[] = "Subject: only\r\nFrom: a@example.com";
    static const char mbox[] = "From someone@example.com Fri Feb 13 10:00:00 2026\nSubject: mbox\n\nbody\n";
    struct mime_message *msg;
    char *deep, *p;
    BYTE noise[4096];
    ULONG i, seed = 12345;

    msg = read_text(missing_end, MAPI_W_PARTIAL_COMPLETION, "missing end");
    ok(msg && msg->defects == MIME_DEFECT_MISSING_END, "got %#lx.\n", msg ? msg->defects : 0);
    ok(msg && wstr_eq(msg->body, L"first") && msg->attachment_count == 1 && msg->attachments[0].size == 3,
            "got %s.\n", msg ? dbgw(msg->body) : "");
    mime_message_free(msg);

    msg = read_text(no_parts, MAPI_W_PARTIAL_COMPLETION, "no parts");
    ok(msg && msg->defects == MIME_DEFECT_NO_BOUNDARY && wstr_eq(msg->body, L"no delimiter here\r\n"),
            "got %#lx, %s.\n", msg ? msg->defects : 0, msg ? dbgw(msg->body) : "");
    mime_message_free(msg);
    msg = read_text(no_boundary, MAPI_W_PARTIAL_COMPLETION, "no boundary");
    ok(msg && msg->defects == MIME_DEFECT_NO_BOUNDARY && wstr_eq(msg->body, L"text\r\n"), "got %#lx.\n",
            msg ? msg->defects : 0);
    mime_message_free(msg);

    /* A line that is no field starts the body. */
    msg = read_text(bad_header, MAPI_W_PARTIAL_COMPLETION, "bad header");
    ok(msg && msg->defects == MIME_DEFECT_BAD_HEADER && !msg->recipient_count
            && wstr_eq(msg->body, L"this line is no header\r\nTo: lost@example.com\r\n\r\nbody"), "got %s.\n",
            msg ? dbgw(msg->body) : "");
    mime_message_free(msg);
    msg = read_text(headers_only, S_OK, "headers only");
    ok(msg && wstr_eq(msg->from.address, L"a@example.com") && wstr_eq(msg->body, L""), "got %s.\n",
            msg ? dbgw(msg->from.address) : "");
    mime_message_free(msg);
    msg = read_text(mbox, S_OK, "mbox");
    ok(msg && wstr_eq(msg->subject, L"mbox"), "got %s.\n", msg ? dbgw(msg->subject) : "");
    mime_message_free(msg);

    /* Parts nested past the limit are kept whole, as an attachment. */
    deep = malloc(100 * 80 + 100);
    p = deep;
    for (i = 0; i < 40; i++) p += sprintf(p, "Content-Type: multipart/mixed; boundary=b%lu\r\n\r\n--b%lu\r\n", i, i);
    strcpy(p, "Content-Type: text/plain\r\n\r\ndeep\r\n");
    msg = read_text(deep, MAPI_W_PARTIAL_COMPLETION, "deep");
    ok(msg && (msg->defects & MIME_DEFECT_TOO_DEEP) && msg->attachment_count == 1 && !msg->body, "got %#lx.\n",
            msg ? msg->defects : 0);
    mime_message_free(msg);
    free(deep);

    /* Noise is read, never crashed on; and every prefix of a message. */
    for (i = 0; i < sizeof(noise); i++)
    {
        seed = seed * 1103515245 + 12345;
        noise[i] = "=?\r\n:-; \"<>b"[(seed >> 16) % 12] ^ ((seed >> 8) & 0x80);
    }
    msg = NULL;
    ok(SUCCEEDED(mime_read((const char *)noise, sizeof(noise), 0, &msg)) && msg, "noise not read.\n");
    mime_message_free(msg);
    for (i = 0; i < sizeof(missing_end) - 1; i++)
    {
        msg = NULL;
        if (FAILED(mime_read(missing_end, i, 0, &msg)) || !msg) break;
        mime_message_free(msg);
    }
    ok(i == sizeof(missing_end) - 1, "prefix of %lu bytes not read.\n", i);
}

START_TEST(mime)
{
    test_write_simple();
    test_write_params();
    test_write_injection();
    test_write_folding();
    test_write_structure();
    test_write_encodings();
    test_write_headers();
    test_write_embedded();
    test_read_params();
    test_read_headers();
    test_read_dates();
    test_read_parameters();
    test_read_bodies();
    test_read_charsets();
    test_read_multipart();
    test_read_damaged();
}
