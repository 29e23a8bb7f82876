#!/bin/sh
# Independent check of the message files the local message store writes:
#  1. integration_test.exe's "msgstoredisk export" scenario saves messages
#     through the store (msgstore32.dll, in a MAPI session) into a store
#     directory, and writes expected.json with what each holds;
#  2. msgconvert (Debian's libemail-outlook-message-perl, a reader written
#     without MAPI) converts each .msg file of the store's Inbox to .eml;
#  3. Python's email package parses them, and the subject, the To and Cc
#     recipients, the body and the attachments (names and bytes) are
#     compared with expected.json; the comparator must also catch a changed
#     expectation.  Last line: "N passed, N failed".
#
# Usage: msgstore-check.sh BUILD_DIR
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
python=/usr/bin/python3

for f in integration_test.exe mapi32.dll msgstore32.dll; do
    if [ ! -f "$build/$f" ]; then
        echo "msgstore-check: $build/$f is not built"
        echo "0 passed, 1 failed"
        exit 1
    fi
done
if ! command -v msgconvert >/dev/null; then
    echo "msgstore-check: msgconvert is missing (Debian package libemail-outlook-message-perl, see setup.sh)"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ -z "$WINEPREFIX" ]; then
    . "$top/tools/wineprefix.sh"
    trap wine_mapi_prefix_stop EXIT
    wine_mapi_prefix_start || exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/msgstore-check.XXXXXX")
mkdir -p "$work/bin" "$work/store" "$work/eml"
cp "$build/integration_test.exe" "$build/mapi32.dll" "$build/msgstore32.dll" "$work/bin/"
if ! (cd "$work/bin" && WINEDLLOVERRIDES="mapi32=n" wine ./integration_test.exe msgstoredisk export \
        "$(winepath -w "$work/store")") >"$work/export.log" 2>&1; then
    echo "msgstore-check: the export scenario failed:"
    grep -a -e "Test failed" -e "unhandled" "$work/export.log"
fi
for msg in "$work"/store/inbox/*/*.msg; do
    [ -f "$msg" ] || continue
    name=$(basename "$msg" .msg)
    msgconvert --outfile "$work/eml/$name.eml" "$msg" 2>"$work/eml/$name.err"
done

"$python" - "$work" <<'PYEOF'
import copy, email, email.header, email.utils, json, os, sys

work = sys.argv[1]
counts = [0, 0]

def result(good, what, detail=''):
    counts[0 if good else 1] += 1
    if not good:
        print('FAIL %s: %s' % (what, detail))

def text_of(raw):
    """A header as msgconvert wrote it, encoded words decoded, spaces folded."""
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

def header(msg, name):
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return value
    return None

def people(msg, name):
    raw = header(msg, name)
    return [] if raw is None else [[n, a] for n, a in email.utils.getaddresses([text_of(raw)])]

def body_of(msg):
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == 'attachment':
            continue
        if part.get_content_type() == 'text/plain':
            data = part.get_payload(decode=True) or b''
            return data.decode(part.get_content_charset() or 'utf-8').replace('\r\n', '\n').rstrip('\n')
    return None

def attachments_of(msg):
    found = {}
    for part in msg.walk():
        if part.get_content_disposition() == 'attachment':
            found[text_of(part.get_filename())] = part.get_payload(decode=True) or b''
    return found

def compare(messages, expected):
    problems = []
    by_subject = {text_of(header(m, 'Subject')): m for m in messages}
    for want in expected:
        msg = by_subject.get(want['subject'])
        where = want['subject']
        problems.append((msg is not None, where, 'no message with this subject among %r' % list(by_subject)))
        if msg is None:
            continue
        for field in ('to', 'cc'):
            got = people(msg, field)
            problems.append((got == want[field], where + ': ' + field, '%r, expected %r' % (got, want[field])))
        body = body_of(msg)
        expect = want['body'].replace('\r\n', '\n').rstrip('\n')
        problems.append((body == expect, where + ': body', '%r, expected %r' % (body, expect)))
        got = attachments_of(msg)
        names = sorted(a['name'] for a in want['attachments'])
        problems.append((sorted(got) == names, where + ': attachments', '%r, expected %r' % (sorted(got), names)))
        for attach in want['attachments']:
            data = got.get(attach['name'])
            problems.append((data == bytes.fromhex(attach['data']), where + ': ' + attach['name'] + ' bytes',
                             '%s bytes' % (None if data is None else len(data))))
    return problems

try:
    with open(os.path.join(work, 'store', 'expected.json'), encoding='utf-8') as f:
        expected = json.load(f)
except (OSError, ValueError) as e:
    result(False, 'expected.json', str(e))
    expected = []

messages = []
for name in sorted(os.listdir(os.path.join(work, 'eml'))):
    if name.endswith('.eml') and os.path.getsize(os.path.join(work, 'eml', name)):
        with open(os.path.join(work, 'eml', name), 'rb') as f:
            messages.append(email.message_from_bytes(f.read()))
result(len(expected) == 3 and len(messages) == len(expected), 'messages read back',
       '%d written, %d converted' % (len(expected), len(messages)))
for good, what, detail in compare(messages, expected):
    result(good, what, detail)

# The comparator has to see a difference.
if expected:
    changed = copy.deepcopy(expected)
    changed[0]['body'] += 'x'
    changed[1]['attachments'][0]['data'] = 'ff' + changed[1]['attachments'][0]['data'][2:]
    missed = [w for good, w, d in compare(messages, changed) if not good]
    result(len(missed) == 2, 'the comparator catches changed expectations', repr(missed))

print('%d passed, %d failed' % (counts[0], counts[1]))
sys.exit(1 if counts[1] else 0)
PYEOF
rc=$?
rm -rf "$work"
exit $rc
