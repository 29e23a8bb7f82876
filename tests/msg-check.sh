#!/bin/sh
# Independent check of IMessage on structured storage (OpenIMsgOnIStg), run
# outside Wine except for the writer:
#  1. msgwrite.exe writes .msg files through our mapi32.dll, and
#     expected.json with what each holds;
#  2. msgconvert (Debian's libemail-outlook-message-perl, a reader written
#     without MAPI) converts each to an .eml file;
#  3. Python's email package parses the .eml files, and the subject, the
#     sender, the To and Cc recipients (names and addresses), the body and
#     the attachments (names and bytes, or the headers and body of an
#     embedded message) are compared with expected.json.
# msgconvert has no Bcc header, and prints a message wrongly when a header
# holds characters beyond Latin-1, so the headers of the test messages stay
# within Latin-1 (their bodies do not).  The comparator is also shown
# changed expectations once and must catch them.  Last line:
# "N passed, N failed".
#
# Usage: msg-check.sh BUILD_DIR   (with msgwrite.exe and mapi32.dll in it)
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
python=/usr/bin/python3

for f in msgwrite.exe mapi32.dll; do
    if [ ! -f "$build/$f" ]; then
        echo "msg-check: $build/$f is not built"
        echo "0 passed, 1 failed"
        exit 1
    fi
done
if ! command -v msgconvert >/dev/null; then
    echo "msg-check: msgconvert is missing (Debian package libemail-outlook-message-perl, see setup.sh)"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ -z "$WINEPREFIX" ]; then
    . "$top/tools/wineprefix.sh"
    trap wine_mapi_prefix_stop EXIT
    wine_mapi_prefix_start || exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/msg-check.XXXXXX")
mkdir -p "$work/bin" "$work/msg" "$work/eml"
cp "$build/msgwrite.exe" "$build/mapi32.dll" "$work/bin/"
if ! (cd "$work/bin" && WINEDLLOVERRIDES="mapi32=n" wine ./msgwrite.exe "$(winepath -w "$work/msg")") \
        >"$work/write.log" 2>&1; then
    echo "msg-check: msgwrite failed:"
    grep -v -e '^it looks like wine32' -e 'multiarch' -e 'dpkg --add-architecture' -e 'apt-get install' \
        -e 'err:winediag' -e 'err:systray' "$work/write.log"
fi
for msg in "$work"/msg/*.msg; do
    [ -f "$msg" ] || continue
    name=$(basename "$msg" .msg)
    msgconvert --outfile "$work/eml/$name.eml" "$msg" 2>"$work/eml/$name.err"
done

"$python" - "$work" <<'PYEOF'
import copy, email, email.header, email.utils, json, os, sys

work = sys.argv[1]
passed = failed = 0

def result(ok, what, detail=''):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL %s: %s' % (what, detail))

def raw_header(msg, name):
    """The first header of that name as it came, 8-bit bytes escaped."""
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return value
    return None

def header_text(raw):
    """A header as the reader wrote it: raw 8-bit text (UTF-8, or Latin-1
    where it is not valid UTF-8) with RFC 2047 words decoded."""
    if raw is None:
        return None
    data = str(raw).encode('utf-8', 'surrogateescape')
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        text = data.decode('latin-1')
    if '=?' in text:
        text = str(email.header.make_header(email.header.decode_header(text)))
    return ' '.join(text.split())

def addresses(msg, name):
    raw = raw_header(msg, name)
    if raw is None:
        return []
    pairs = email.utils.getaddresses([header_text(raw)])
    return [[n, a] for n, a in pairs]

def lines(text):
    return text.replace('\r\n', '\n').rstrip('\n')

def body_of(msg):
    for part in msg.walk():
        if part.get_content_type() == 'message/rfc822':
            return None
        if part.is_multipart():
            continue
        if part.get_content_type() == 'text/plain' and part.get_content_disposition() != 'attachment':
            data = part.get_payload(decode=True) or b''
            return data.decode(part.get_content_charset() or 'utf-8')
    return None

def attachments_of(msg):
    if not msg.is_multipart():
        return []
    return [p for p in msg.get_payload() if p.get_content_disposition() == 'attachment'
            or p.get_content_type() == 'message/rfc822']

def compare(msg, want, where, problems):
    def check(ok, what, detail=''):
        problems.append((ok, '%s: %s' % (where, what), detail))

    subject = header_text(raw_header(msg, 'Subject'))
    check(subject == want['subject'], 'subject', '%r, expected %r' % (subject, want['subject']))
    sender = addresses(msg, 'From')
    check(sender == [want['from']], 'sender', '%r, expected %r' % (sender, [want['from']]))
    for field in ('to', 'cc'):
        got = addresses(msg, field)
        check(got == want[field], field + ' recipients', '%r, expected %r' % (got, want[field]))
    body = body_of(msg)
    check(body is not None and lines(body) == lines(want['body']), 'body',
          '%r, expected %r' % (body, want['body']))

    parts = attachments_of(msg)
    check(len(parts) == len(want['attachments']), 'attachment count',
          '%d, expected %d' % (len(parts), len(want['attachments'])))
    by_name = {}
    for part in parts:
        if part.get_content_type() == 'message/rfc822':
            inner = part.get_payload(0)
            by_name[('message', header_text(raw_header(inner, 'Subject')))] = inner
        else:
            by_name[('file', header_text(part.get_filename()))] = part
    for attach in want['attachments']:
        what = 'attachment %r' % attach['name']
        if 'message' in attach:
            inner = by_name.get(('message', attach['message']['subject']))
            check(inner is not None, what + ' (embedded message)', 'not found among %r' % list(by_name))
            if inner is not None:
                compare(inner, attach['message'], where + '/' + attach['name'], problems)
            continue
        part = by_name.get(('file', attach['name']))
        check(part is not None, what, 'not found among %r' % list(by_name))
        if part is None:
            continue
        data = part.get_payload(decode=True) or b''
        check(data == bytes.fromhex(attach['data']), what + ' bytes',
              '%d bytes, expected %d' % (len(data), len(attach['data']) // 2))
        check(part.get_content_type() == attach['type'], what + ' type', part.get_content_type())

def compare_all(expected, report):
    problems = []
    for name, want in sorted(expected.items()):
        path = os.path.join(work, 'eml', name + '.eml')
        if not os.path.exists(path) or not os.path.getsize(path):
            problems.append((False, name, 'msgconvert produced nothing'))
            continue
        with open(path, 'rb') as f:
            msg = email.message_from_bytes(f.read())
        compare(msg, want, name, problems)
        if report:
            with open(os.path.join(work, 'eml', name + '.err'), errors='replace') as f:
                unknown = [l for l in f if 'Unknown DIR entry' in l]
            problems.append((not unknown, name + ': no storage the reader does not know', ''.join(unknown)))
    return problems

try:
    with open(os.path.join(work, 'msg', 'expected.json'), encoding='utf-8') as f:
        expected = json.load(f)
except (OSError, ValueError) as e:
    result(False, 'expected.json', str(e))
    expected = {}

result(len(expected) >= 4, 'messages written', '%d' % len(expected))
for ok, what, detail in compare_all(expected, True):
    result(ok, what, detail)

# The comparator has to see a difference: changed expectations must fail.
if expected:
    changed = copy.deepcopy(expected)
    changed['simple']['subject'] += '!'
    data = bytearray.fromhex(changed['full']['attachments'][1]['data'])
    data[40000] ^= 1
    changed['full']['attachments'][1]['data'] = data.hex()
    changed['full']['cc'][0][1] = 'someone@example.org'
    missed = [w for ok, w, d in compare_all(changed, False) if not ok]
    result(len(missed) == 3, 'the comparator catches changed expectations', repr(missed))

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
PYEOF
rc=$?
rm -rf "$work"
exit $rc
