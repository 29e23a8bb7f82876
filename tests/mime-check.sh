#!/bin/sh
# Independent checks of the MIME library (libs/mime) with Python's email
# package (policy=email.policy.default), run outside Wine:
#  1. mimetool.exe writes a set of nasty messages and what each holds;
#     Python parses every .eml and compares, and checks the raw form
#     (CRLF only, 7-bit, line lengths, no header beyond those expected).
#  2. Python writes messages, real-world shapes included (folded and
#     encoded headers, RFC 2231 continuations, nested multiparts,
#     message/rfc822, legacy charsets, a missing final boundary, bare LF);
#     mimetool.exe reads each and Python compares with its own reading.
# Each comparison is one check; the comparator is also shown a changed
# message once per direction and must catch it.  Last line:
# "N passed, N failed".
#
# Usage: mime-check.sh BUILD_DIR   (with mimetool.exe in BUILD_DIR)
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
tool="$build/mimetool.exe"
python=/usr/bin/python3

if [ ! -f "$tool" ]; then
    echo "mime-check: $tool is not built"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ -z "$WINEPREFIX" ]; then
    . "$top/tools/wineprefix.sh"
    trap wine_mapi_prefix_stop EXIT
    wine_mapi_prefix_start || exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mime-check.XXXXXX")
mkdir -p "$work/written" "$work/read"
if ! wine "$tool" write "$(winepath -w "$work/written")" >"$work/write.log" 2>&1; then
    echo "mime-check: mimetool write failed:"
    cat "$work/write.log"
fi

"$python" - "$work" "$tool" <<'PYEOF'
import copy, datetime, email, email.policy, email.utils, json, os, subprocess, sys, time
from email.message import EmailMessage
from email.headerregistry import Address
from email.mime.multipart import MIMEMultipart
from email.mime.message import MIMEMessage
from email.mime.text import MIMEText

work, tool = sys.argv[1], sys.argv[2]
passed = failed = 0

def result(ok, what, detail=''):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL %s: %s' % (what, detail))

def wine_path(path):
    return 'Z:' + os.path.abspath(path).replace('/', '\\')

def parse(data):
    return email.message_from_bytes(data, policy=email.policy.default)

# --- a message in the JSON shape mimetool prints -------------------------

def address_of(a):
    return a.username + '@' + a.domain if a.domain else a.username

def addresses(msg, name):
    header = msg[name]
    if header is None:
        return []
    return [{'name': a.display_name or None, 'address': address_of(a)} for a in header.addresses]

def header_text(msg, name):
    value = msg[name]
    return None if value is None else ' '.join(str(value).split())

def leaves(part, in_related=False):
    """The leaf parts in document order, message/rfc822 parts not opened."""
    if part.get_content_type() == 'message/rfc822' or not part.is_multipart():
        yield part, in_related
        return
    related = part.get_content_type() == 'multipart/related'
    for sub in part.iter_parts():
        yield from leaves(sub, related)

def describe(msg):
    d = {'subject': None if msg['subject'] is None else str(msg['subject'])}
    d['from'] = (addresses(msg, 'from') or [None])[0]
    d['sender'] = (addresses(msg, 'sender') or [None])[0]
    d['reply_to'] = addresses(msg, 'reply-to')
    d['recipients'] = [{'type': t, 'addr': a} for t in ('to', 'cc', 'bcc') for a in addresses(msg, t)]
    d['date'] = int(msg['date'].datetime.timestamp()) if msg['date'] is not None and msg['date'].datetime else None
    d['message_id'] = header_text(msg, 'message-id')
    d['in_reply_to'] = header_text(msg, 'in-reply-to')
    d['references'] = header_text(msg, 'references')
    importance = (header_text(msg, 'importance') or '').lower() or None
    if importance is None and msg['x-priority'] is not None:
        importance = {'1': 'high', '2': 'high', '3': 'normal', '4': 'low', '5': 'low'}.get(str(msg['x-priority']).strip()[:1])
    d['importance'] = importance
    d['priority'] = {'urgent': 1, 'non-urgent': -1}.get((header_text(msg, 'priority') or '').lower(), 0)
    plain = msg.get_body(('plain',))
    html = msg.get_body(('html',))
    d['body'] = plain.get_content() if plain is not None else None
    d['html'] = html.get_content() if html is not None else None
    d['attachments'] = []
    for leaf, in_related in leaves(msg):
        if leaf is plain or leaf is html:
            continue
        cid = leaf['content-id']
        cid = str(cid).strip() if cid is not None else None
        if cid and cid.startswith('<') and cid.endswith('>'):
            cid = cid[1:-1]
        att = {'filename': leaf.get_filename(), 'mime_type': leaf.get_content_type(), 'content_id': cid or None,
               'inline': in_related or leaf.get_content_disposition() == 'inline', 'message': None}
        if leaf.get_content_type() == 'message/rfc822':
            att['data'] = None
            att['message'] = describe(leaf.get_payload(0))
        else:
            att['data'] = (leaf.get_payload(decode=True) or b'').hex()
        d['attachments'].append(att)
    d['defects'] = []
    return d

def newlines(text):
    return None if text is None else text.replace('\r\n', '\n').replace('\r', '\n')

def normalize(d):
    """What both sides must agree on, with the forms that mean the same made one."""
    d = copy.deepcopy(d)
    def addr(a):
        if a is None:
            return None
        # Runs of whitespace in display names are one space: Python's
        # email keeps the space between two encoded words of a phrase,
        # which RFC 2047 6.2 says to drop, and reads a tab as a space.
        name = ' '.join((a['name'] or '').split()) or None
        if name is not None and name == a['address']:
            name = None
        return {'name': name, 'address': a['address']}
    d['from'] = addr(d['from'])
    d['sender'] = addr(d['sender'])
    if d['sender'] == d['from']:
        d['sender'] = None
    d['reply_to'] = [addr(a) for a in d['reply_to']]
    # The header has To, then Cc, then Bcc; keep the order within each.
    d['recipients'] = sorted(({'type': r['type'], 'addr': addr(r['addr'])} for r in d['recipients']),
                             key=lambda r: ('to', 'cc', 'bcc').index(r['type']))
    for key in ('message_id', 'in_reply_to', 'references'):
        d[key] = ' '.join(d[key].split()) if d[key] else None
    if d['importance'] == 'normal':
        d['importance'] = None
    d['body'] = newlines(d['body'])
    d['html'] = newlines(d['html'])
    for att in d['attachments']:
        att['mime_type'] = (att['mime_type'] or '').lower()
        if att['message'] is not None:
            att['message'] = normalize(att['message'])
            att['data'] = None
    d['attachments'].sort(key=lambda a: (a['filename'] or '', a['content_id'] or '', a['mime_type'], a['data'] or ''))
    d.pop('defects', None)
    return d

def differences(want, got, path=''):
    out = []
    if isinstance(want, dict) and isinstance(got, dict):
        for key in want:
            out += differences(want[key], got.get(key), path + '.' + key)
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (w, g) in enumerate(zip(want, got)):
            out += differences(w, g, '%s[%d]' % (path, i))
    elif want != got:
        out.append('%s: want %r, got %r' % (path, want if len(repr(want)) < 300 else repr(want)[:300] + '...',
                                            got if len(repr(got)) < 300 else repr(got)[:300] + '...'))
    return out

# --- 1. we write, Python reads -------------------------------------------

guessed_types = {'.txt': 'text/plain', '.bin': 'application/octet-stream', '.eml': 'message/rfc822',
                 '.png': 'image/png', '.pdf': 'application/pdf'}

def expected_from_written(d, top=True):
    """What a reader must find in a message we wrote from d."""
    d = copy.deepcopy(d)
    d['recipients'] = [r for r in d['recipients'] if r['type'] != 'bcc']
    if d['body'] is None and d['html'] is None and not d['attachments']:
        d['body'] = ''
    html_related = d['html'] is not None
    for att in d['attachments']:
        if att['mime_type'] is None:
            ext = os.path.splitext(att['filename'] or '')[1].lower()
            att['mime_type'] = 'message/rfc822' if att['message'] else guessed_types.get(ext, 'application/octet-stream')
        if att['message'] is not None:
            att['message'] = expected_from_written(att['message'], False)
    return d

def header_names(d):
    names = ['Date', 'From', 'Message-ID', 'MIME-Version', 'Content-Type']
    if d['subject'] is not None: names.append('Subject')
    if d['sender'] and d['from'] and d['sender']['address'].lower() != d['from']['address'].lower(): names.append('Sender')
    if d['reply_to']: names.append('Reply-To')
    if any(r['type'] == 'to' for r in d['recipients']): names.append('To')
    if any(r['type'] == 'cc' for r in d['recipients']): names.append('Cc')
    if d['in_reply_to']: names.append('In-Reply-To')
    if d['references']: names.append('References')
    if d['importance'] in ('high', 'low'): names += ['Importance', 'X-Priority']
    if d['priority']: names.append('Priority')
    return sorted(n.lower() for n in names)

def allowed_header_defect(name, defect):
    # Control characters we were given come back, and Python notes them.
    if type(defect).__name__ == 'NonPrintableDefect':
        return True
    # The name= parameter carries encoded words inside quotes, as many
    # programs write it for readers without RFC 2231; Python notes that.
    return name.lower() == 'content-type' and ('encoded word inside quoted string' in str(defect)
                                               or 'missing trailing whitespace after encoded-word' in str(defect))

def check_raw(name, data, d):
    problems = []
    stripped = data.replace(b'\r\n', b'')
    if b'\r' in stripped or b'\n' in stripped:
        problems.append('a line end that is not CRLF')
    if any(b >= 0x80 for b in data):
        problems.append('8-bit data')
    lines = data.split(b'\r\n')
    if max(len(l) for l in lines) > 998:
        problems.append('a line longer than 998')
    header = data.split(b'\r\n\r\n', 1)[0].split(b'\r\n')
    long_lines = [l for l in header if len(l) > 78]
    if long_lines:
        problems.append('header lines longer than 78: %r' % long_lines[:2])
    msg = parse(data)
    keys = sorted(k.lower() for k in msg.keys() if k.lower() != 'content-transfer-encoding')
    if keys != header_names(d):
        problems.append('header fields %r, want %r' % (keys, header_names(d)))
    for part in msg.walk():
        if part.defects:
            problems.append('defects %r' % part.defects)
        for key, value in part.items():
            bad = [x for x in getattr(value, 'defects', ()) if not allowed_header_defect(key, x)]
            if bad:
                problems.append('%s defects %r' % (key, bad))
    result(not problems, 'written %s (raw form)' % name, '; '.join(problems))
    return msg

written = os.path.join(work, 'written')
expected_path = os.path.join(written, 'expected.json')
if not os.path.exists(expected_path):
    result(False, 'mimetool write', 'no expected.json')
    samples = []
else:
    samples = json.load(open(expected_path, encoding='utf-8'))
result(len(samples) >= 10, 'mimetool wrote its samples', '%d samples' % len(samples))

first_seen = None
for sample in samples:
    name, d = sample['name'], sample['message']
    data = open(os.path.join(written, sample['file']), 'rb').read()
    msg = check_raw(name, data, d)
    got = describe(msg)
    want = expected_from_written(d)
    if want['date'] is None:
        # Written with the current time.
        ok = got['date'] is not None and abs(got['date'] - time.time()) < 86400
        result(ok, 'written %s (current date)' % name, repr(got['date']))
        got['date'] = None
    diffs = differences(normalize(want), normalize(got))
    result(not diffs, 'written %s' % name, '; '.join(diffs))
    if name == 'injection':
        result(msg['bcc'] is None and msg['x-injected'] is None and msg['subject'] == 'x\r\nBcc: evil@x',
               'written injection (no injected field)', repr(msg.items()))
    if first_seen is None:
        first_seen = (want, got)

if first_seen:
    broken = copy.deepcopy(first_seen[1])
    broken['subject'] = (broken['subject'] or '') + '!'
    result(differences(normalize(first_seen[0]), normalize(broken)) != [], 'the comparator catches a changed subject')

# --- 2. Python writes, we read --------------------------------------------

smtp = email.policy.default.clone(linesep='\r\n')
fixed = datetime.datetime(2024, 3, 5, 17, 4, 11, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))
png = bytes.fromhex('89504e470d0a1a0a0000000d49484452') + bytes(range(256))

def py_basic():
    m = EmailMessage()
    m['Subject'] = ('Grüße aus Köln – ein sehr langer Betreff, der gefaltet werden muss, weil er länger '
                    'als achtundsiebzig Zeichen ist – 日本語のテキスト')
    m['From'] = Address('Jörg Müller', 'joerg', 'example.de')
    m['To'] = [Address('Ann Smith', 'ann', 'example.com'), Address('山田 太郎', 'taro', 'example.jp'),
               Address('', 'bare', 'example.org')]
    m['Cc'] = Address('O\'Brien, "Pat"', 'pat', 'example.ie')
    m['Date'] = email.utils.format_datetime(fixed)
    m['Message-ID'] = '<basic.1@example.de>'
    m['In-Reply-To'] = '<parent@example.com>'
    m['References'] = ' '.join('<ref%d.%s@example.com>' % (i, 'x' * 20) for i in range(8))
    m['Importance'] = 'High'
    m.set_content('Hallo,\nümlauts äöü and a long line: ' + 'wörter ' * 150 + '\n-- \nJörg\n')
    return m.as_bytes(policy=smtp)

def py_full():
    m = EmailMessage()
    m['Subject'] = 'Report with picture'
    m['From'] = 'Alice <alice@example.com>'
    m['To'] = 'bob@example.org'
    m['Date'] = email.utils.format_datetime(fixed)
    m.set_content('Plain text version.\n')
    m.add_alternative('<html><body><p>HTML é</p><img src="cid:logo@example.com"></body></html>\n', subtype='html')
    m.get_payload()[1].add_related(png, 'image', 'png', cid='<logo@example.com>', filename='logo.png')
    m.add_attachment(b'%PDF-1.4\n' + bytes(range(256)) * 3, maintype='application', subtype='pdf',
                     filename='Überweisungsbestätigung für den Zeitraum Januar bis März – 日本語のファイル名.pdf')
    m.add_attachment('text attachment\nwith lines\n', filename='notes.txt')
    return m.as_bytes(policy=smtp)

def py_charset(text, charset, cte):
    m = EmailMessage()
    m['Subject'] = 'charset ' + charset
    m['From'] = 'a@example.com'
    m['To'] = 'b@example.com'
    m.set_content(text, charset=charset, cte=cte)
    return m.as_bytes(policy=smtp)

def py_rfc822():
    inner = EmailMessage()
    inner['Subject'] = 'Inner – weitergeleitet'
    inner['From'] = 'Zoë <zoe@example.net>'
    inner['To'] = 'x@example.net'
    inner['Message-ID'] = '<inner@example.net>'
    inner.set_content('Inner body é\n')
    inner.add_attachment(b'\x00\x01inner', maintype='application', subtype='octet-stream', filename='in.bin')
    m = EmailMessage()
    m['Subject'] = 'Fwd: Inner'
    m['From'] = 'a@example.com'
    m['To'] = 'b@example.com'
    m.set_content('See the forwarded message.\n')
    m.add_attachment(inner)
    return m.as_bytes(policy=smtp)

def py_digest():
    digest = MIMEMultipart('digest')
    for i in range(3):
        inner = MIMEText('Digest entry %d\n' % i, 'plain', 'utf-8')
        inner['Subject'] = 'Entry %d' % i
        inner['From'] = 'list@example.com'
        digest.attach(MIMEMessage(inner))
    outer = MIMEMultipart('mixed')
    outer['Subject'] = 'Digest'
    outer['From'] = 'list@example.com'
    outer['To'] = 'member@example.com'
    outer.attach(MIMEText('Today\'s digest.\n', 'plain', 'utf-8'))
    outer.attach(digest)
    return outer.as_bytes(policy=smtp)

def py_nested():
    inner_mixed = MIMEMultipart('mixed')
    inner_mixed.attach(MIMEText('first text\n', 'plain', 'utf-8'))
    part = MIMEText('attached text\n', 'plain', 'utf-8')
    part.add_header('Content-Disposition', 'attachment', filename='a.txt')
    inner_mixed.attach(part)
    alternative = MIMEMultipart('alternative')
    alternative.attach(MIMEText('second text\n', 'plain', 'utf-8'))
    alternative.attach(MIMEText('<p>second html</p>\n', 'html', 'utf-8'))
    outer = MIMEMultipart('mixed')
    outer['Subject'] = 'Nested'
    outer['From'] = 'a@example.com'
    outer.attach(inner_mixed)
    outer.attach(alternative)
    return outer.as_bytes(policy=smtp)

RAW_HEADERS = (b'From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>\r\n'
    b'To: Team: one@example.com, "Two, Person" <two@example.com>;,\r\n'
    b'\t=?utf-8?b?5pel5pys6Kqe?= <jp@example.jp> (a comment),\r\n'
    b' "=?utf-8?q?Quoted_=C3=A9?=" <q@example.com>\r\n'
    b'Cc: <@route.example:routed@example.com>\r\n'
    b'Subject: =?utf-8?B?5pel5pys6Kqe44Gu?=\r\n'
    b'  =?utf-8?B?44OG44K544OI?= and =?iso-8859-1?q?caf=E9?=\r\n'
    b' =?UTF-8?Q?_split_=E6=97?= =?UTF-8?Q?=A5_char?=\r\n'
    b'Date: Tue, 1 Jul 2003 10:52:37 +0200 (CEST)\r\n'
    b'Message-ID:\r\n <folded.id@example.com>\r\n'
    b'X-Priority: 5 (Lowest)\r\n'
    b'Priority: non-urgent\r\n'
    b'MIME-Version: 1.0\r\n'
    b'Content-Type: text/plain; charset="koi8-r"\r\n'
    b'Content-Transfer-Encoding: 8bit\r\n\r\n' + 'Привет, мир!\r\nВторая строка.\r\n'.encode('koi8-r'))

RAW_2231 = (b'From: a@example.com\r\nSubject: 2231\r\nMIME-Version: 1.0\r\n'
    b'Content-Type: multipart/mixed; boundary=outer\r\n\r\n'
    b'preamble\r\n--outer\r\nContent-Type: text/plain\r\n\r\nbody text\r\n'
    b'--outer\r\nContent-Type: application/octet-stream\r\n'
    b"Content-Disposition: attachment;\r\n filename*0*=iso-8859-1''%E9t%E9;\r\n filename*1=\" summer\";\r\n"
    b' filename*2*=%20caf%E9.txt\r\nContent-Transfer-Encoding: base64\r\n\r\nZGF0YQ==\r\n'
    b'--outer\r\nContent-Type: application/octet-stream;\r\n name="=?utf-8?B?w6TDtsO8LmJpbg==?="\r\n'
    b'Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n'
    b'--outer\r\nContent-Type: text/plain; charset=utf-8; name*=UTF-8\'\'%E2%82%AC%20euro.txt\r\n'
    b'Content-Disposition: attachment\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
    b'=E2=82=ac lower=3dcase hex =\r\nsoft break\r\n'
    b'--outer--\r\nepilogue\r\n')

RAW_MISSING_END = (b'From: a@example.com\r\nSubject: truncated\r\nMIME-Version: 1.0\r\n'
    b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
    b'--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfirst part\r\n'
    b'--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=cut.bin\r\n'
    b'Content-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\nBgcI\r\n')

RAW_BARE_LF = (b'From: Bare <bare@example.com>\nTo: x@example.com\nSubject: bare\n line feeds\n'
    b'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=alt\n\n'
    b'--alt\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n'
    b'caf=E9 au lait\nline two\n'
    b'--alt\nContent-Type: text/html; charset=utf-8\n\n<p>caf\xc3\xa9</p>\n'
    b'--alt--\n')

RAW_BAD_BASE64 = (b'From: a@example.com\r\nSubject: bad base64\r\nMIME-Version: 1.0\r\n'
    b'Content-Type: multipart/mixed; boundary=x\r\n\r\n'
    b'--x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    b'  SGVsbG8g \r\n d29y bGQh\r\n'
    b'--x\r\nContent-Type: application/octet-stream; name=nopad.bin\r\nContent-Transfer-Encoding: BASE64\r\n\r\n'
    b'YWJjZA\r\n'
    b'--x--\r\n')

RAW_ISO2022JP = (b'From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>\r\n'
    b'Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\nMIME-Version: 1.0\r\n'
    b'Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n'
    + 'こんにちは、世界。\r\nカタカナと漢字。\r\n'.encode('iso2022_jp'))

RAW_RELATED_START = (b'From: a@example.com\r\nSubject: related start\r\nMIME-Version: 1.0\r\n'
    b'Content-Type: multipart/related; boundary=r; start="<root@x>"; type="text/html"\r\n\r\n'
    b'--r\r\nContent-Type: image/gif\r\nContent-ID: <img@x>\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlh\r\n'
    b'--r\r\nContent-Type: text/html; charset=us-ascii\r\nContent-ID: <root@x>\r\n\r\n<img src="cid:img@x">\r\n'
    b'--r--\r\n')

RAW_DIGEST_DEFAULT = (b'From: list@example.com\r\nSubject: digest defaults\r\nMIME-Version: 1.0\r\n'
    b'Content-Type: multipart/digest; boundary=d\r\n\r\n'
    b'--d\r\n\r\nFrom: one@example.com\r\nSubject: one\r\n\r\nfirst\r\n'
    b'--d\r\n\r\nFrom: two@example.com\r\nSubject: two\r\n\r\nsecond\r\n'
    b'--d--\r\n')

cases = [('py_basic', py_basic()), ('py_full', py_full()),
         ('latin1_qp', py_charset('Grüße, café crème - naïve façade\n', 'iso-8859-1', 'quoted-printable')),
         ('shift_jis', py_charset('日本語のテキストです。\nカタカナ、ひらがな、漢字。\n', 'shift_jis', 'base64')),
         ('euc_jp', py_charset('日本語のテキスト（EUC）\n', 'euc_jp', 'base64')),
         ('gb2312', py_charset('中文测试，简体字。\n', 'gb2312', 'base64')),
         ('big5', py_charset('中文測試，繁體字。\n', 'big5', 'base64')),
         ('euc_kr', py_charset('한국어 시험입니다.\n', 'euc-kr', 'base64')),
         ('koi8_r', py_charset('Съешь же ещё этих мягких французских булок.\n', 'koi8-r', 'quoted-printable')),
         ('windows_1252', py_charset('Smart “quotes” – and € sign\n', 'windows-1252', 'quoted-printable')),
         ('iso_8859_15', py_charset('Euro € and œ\n', 'iso-8859-15', 'quoted-printable')),
         ('iso_8859_2', py_charset('Zażółć gęślą jaźń\n', 'iso-8859-2', 'base64')),
         ('windows_1251', py_charset('Кириллица в windows-1251\n', 'windows-1251', 'base64')),
         ('py_rfc822', py_rfc822()), ('py_digest', py_digest()), ('py_nested', py_nested()),
         ('raw_headers', RAW_HEADERS), ('raw_2231', RAW_2231), ('raw_missing_end', RAW_MISSING_END),
         ('raw_bare_lf', RAW_BARE_LF), ('raw_bad_base64', RAW_BAD_BASE64), ('raw_iso2022jp', RAW_ISO2022JP),
         ('raw_related_start', RAW_RELATED_START), ('raw_digest_default', RAW_DIGEST_DEFAULT)]

read_dir = os.path.join(work, 'read')
args = [tool, 'read']
for name, data in cases:
    path = os.path.join(read_dir, name + '.eml')
    with open(path, 'wb') as f:
        f.write(data)
    args += [wine_path(path), wine_path(path + '.json')]
run = subprocess.run(['wine'] + args, capture_output=True, text=True, errors='replace')
if run.returncode:
    print('mimetool read exited %d: %s' % (run.returncode, run.stderr[-2000:]))

close_defects = ('CloseBoundaryNotFoundDefect',)
compared = None
for name, data in cases:
    msg = parse(data)
    want = describe(msg)
    try:
        got = json.load(open(os.path.join(read_dir, name + '.eml.json'), encoding='utf-8'))
    except (OSError, ValueError) as e:
        result(False, 'read %s' % name, 'no result from mimetool: %s' % e)
        continue
    diffs = differences(normalize(want), normalize(got))
    result(not diffs, 'read %s' % name, '; '.join(diffs))
    python_truncated = any(type(x).__name__ in close_defects for part in msg.walk() for x in part.defects)
    result(python_truncated == ('missing_end' in got['defects']), 'read %s (truncation reported)' % name,
           'python %r, ours %r' % (python_truncated, got['defects']))
    if compared is None:
        compared = (want, got)

if compared:
    broken = copy.deepcopy(compared[1])
    broken['body'] = (broken['body'] or '') + 'x'
    result(differences(normalize(compared[0]), normalize(broken)) != [], 'the comparator catches a changed body')

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
PYEOF
rc=$?
rm -rf "$work"
exit $rc
