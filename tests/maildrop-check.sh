#!/bin/sh
# Independent check of the mail-drop transport, run outside Wine's tests:
# the production INF (dlls/maildrop/maildrop.inf, installed with mapiprof
# as a user would, maildrop32.dll in the system directory) and a profile
# of the memory store and the mail drop made with mapiprof; mapisend.exe
# sends a set of messages (non-ASCII subjects, bodies and names, display
# names with commas and quotes, blind copies, binary attachments with
# non-ASCII file names, many recipients, long subjects); Python's email
# package (policy=email.policy.default) parses each .eml written and
# compares it with what was sent, and checks its raw form: the envelope
# field first and holding every recipient, blind copies nowhere else, CRLF
# only, 7-bit, lines of at most 998 characters, no defects.  The
# comparator is also shown a changed message and must catch it.  It checks
# too that tests/maildrop_test.h carries the INF's sections.
# Last line: "N passed, N failed".
#
# Usage: maildrop-check.sh BUILD_DIR   (mapiprof.exe, mapisend.exe,
#        maildrop32.dll, memstore32.dll and mapi32.dll in BUILD_DIR)
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
python=/usr/bin/python3

for f in mapiprof.exe mapisend.exe maildrop32.dll memstore32.dll mapi32.dll; do
    if [ ! -f "$build/$f" ]; then
        echo "maildrop-check: $build/$f is not built"
        echo "0 passed, 1 failed"
        exit 1
    fi
done
if [ -z "$WINEPREFIX" ]; then
    . "$top/tools/wineprefix.sh"
    trap wine_mapi_prefix_stop EXIT
    wine_mapi_prefix_start || exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/maildrop-check.XXXXXX")
"$python" - "$work" "$build" "$top" <<'PYEOF'
import email, email.policy, os, random, re, shutil, subprocess, sys

work, build, top = sys.argv[1], sys.argv[2], sys.argv[3]
prefix = os.environ['WINEPREFIX']
system32 = os.path.join(prefix, 'drive_c', 'windows', 'system32')
inf = os.path.join(system32, 'MAPISVC.INF')
profile = 'Maildrop Check'
sender, sender_name = 'check.sender@example.org', 'Check Sender'
outbox = os.path.join(work, 'outbox')
passed = failed = 0
env = dict(os.environ, LC_ALL='C.UTF-8', LANG='C.UTF-8')

def result(ok, what, detail=''):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL %s: %s' % (what, detail))

def wine_path(path):
    return 'Z:' + os.path.abspath(path).replace('/', '\\')

def wine(program, *args):
    p = subprocess.run(['wine', os.path.join(build, program)] + list(args), cwd=build, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')

# --- the INF and its copy in the tests --------------------------------------

def inf_sections(text):
    sections, current = {}, None
    for line in text.replace('\r\n', '\n').split('\n'):
        line = line.strip()
        if not line or line.startswith(';'):
            continue
        if line.startswith('['):
            current = line[1:-1]
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return sections

production = inf_sections(open(os.path.join(top, 'dlls', 'maildrop', 'maildrop.inf'), encoding='utf-8').read())
header = open(os.path.join(top, 'tests', 'maildrop_test.h'), encoding='utf-8').read()
body = header[header.index('#define MAILDROP_INF_SECTIONS'):]
body = body[:body.index('\n\n')]
literal = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))
literal = literal.encode().decode('unicode_escape').replace('@DIR@\\MAILDROP.DLL', 'MAILDROP.DLL')
copied = inf_sections(literal)
for name in ('MailDrop', 'MailDropTransport'):
    result(production.get(name) == copied.get(name), 'tests/maildrop_test.h has [%s] as maildrop.inf has it' % name,
           '%r != %r' % (copied.get(name), production.get(name)))
result(any(l.startswith('MailDrop=') for l in production.get('Services', [])), 'maildrop.inf lists the service')

# --- a profile made as a user would -----------------------------------------

saved_inf = open(inf, 'rb').read() if os.path.exists(inf) else None
shutil.copy(os.path.join(build, 'maildrop32.dll'), os.path.join(system32, 'maildrop32.dll'))
memstore_inf = os.path.join(work, 'memstore.inf')
with open(memstore_inf, 'w', newline='\r\n') as f:
    f.write('[Services]\nMemStore=Memory Store\n\n[MemStore]\nPR_DISPLAY_NAME=Memory Store\nProviders=MemStoreP\n'
            'PR_SERVICE_DLL_NAME=%s\nPR_SERVICE_ENTRY_NAME=MemServiceEntry\nPR_RESOURCE_FLAGS=0\n\n'
            '[MemStoreP]\nPR_PROVIDER_DLL_NAME=%s\nPR_RESOURCE_TYPE=33\nPR_RESOURCE_FLAGS=2\n'
            'PR_DISPLAY_NAME=Memory Store\nPR_PROVIDER_DISPLAY=Memory Message Store\n'
            % ((wine_path(os.path.join(build, 'MEMSTORE.DLL')),) * 2))
steps = [
    ('install-inf', wine_path(os.path.join(top, 'dlls', 'maildrop', 'maildrop.inf'))),
    ('install-inf', wine_path(memstore_inf)),
    ('delete', profile),
    ('create', profile),
    ('add-service', profile, 'MemStore', '--set', '6610001E=' + wine_path(os.path.join(work, 'store.dat'))),
    ('add-service', profile, 'MailDrop', '--set', '6630001E=' + wine_path(outbox), '--set', '6631001E=',
     '--set', '6632001E=' + sender, '--set', '6633001E=' + sender_name),
]
for step in steps:
    rc, out, err = wine('mapiprof.exe', *step)
    if step[0] != 'delete':
        result(rc == 0, 'mapiprof %s' % ' '.join(step[:2]), 'exit %d: %s%s' % (rc, out, err))

# --- messages ---------------------------------------------------------------

random.seed(6)
binary = bytes(random.randrange(256) for _ in range(70000))
files_dir = os.path.join(work, 'files')
os.makedirs(files_dir)

def make_file(name, data):
    path = os.path.join(files_dir, name)
    with open(path, 'wb') as f:
        f.write(data)
    return path

many = ['person%02d@example.com' % i for i in range(20)]
cases = [
    {'name': 'plain', 'to': [('', 'alice@example.com')], 'cc': [], 'bcc': [],
     'subject': 'A plain message', 'body': 'Hello Alice,\nthis is plain ASCII.\n', 'attach': []},
    {'name': 'unicode', 'to': [('Jürgen Groß', 'juergen@example.de')], 'cc': [('Smith, John "JJ"', 'john@example.com')],
     'bcc': [('', 'secret@example.net')],
     'subject': 'Grüße aus Köln — 日本語のテスト 🎉', 'body': 'Schöne Grüße,\n日本語の本文。\n\nMit 🎉!\n',
     'attach': [('résumé ü.txt', 'Lebenslauf: ÄÖÜ\n'.encode('utf-8')), ('random.bin', binary)]},
    {'name': 'many', 'to': [('', a) for a in many[:10]], 'cc': [('', a) for a in many[10:15]],
     'bcc': [('', a) for a in many[15:]],
     'subject': 'Long subject ' + ' '.join('word%d' % i for i in range(40)), 'body': 'x' * 3000 + '\n',
     'attach': [('empty.dat', b'')]},
]

def listing(sub):
    path = os.path.join(outbox, sub)
    return set(os.listdir(path)) if os.path.isdir(path) else set()

def recipient_arg(name, address):
    return '%s <%s>' % (name, address) if name else address

def run_case(case):
    body_path = make_file(case['name'] + '-body.txt', case['body'].encode('utf-8'))
    args = ['--profile', profile, '--subject', case['subject'], '--body-file', wine_path(body_path)]
    for kind in ('to', 'cc', 'bcc'):
        for name, address in case[kind]:
            args += ['--' + kind, recipient_arg(name, address)]
    for name, data in case['attach']:
        args += ['--attach', wine_path(make_file(name, data))]
    before = listing('new')
    rc, out, err = wine('mapisend.exe', *args)
    result(rc == 0, 'mapisend %s' % case['name'], 'exit %d: %s%s' % (rc, out, err))
    new = sorted(listing('new') - before)
    result(len(new) == 1, 'one file for %s' % case['name'], repr(new))
    result(not listing('tmp'), 'nothing left in tmp/ after %s' % case['name'])
    return open(os.path.join(outbox, 'new', new[0]), 'rb').read() if new else None

def addresses(msg, field):
    header = msg[field]
    if header is None:
        return []
    return [(' '.join(a.display_name.split()), a.username + '@' + a.domain) for a in header.addresses]

def differences(case, raw):
    diffs = []
    text = raw.decode('ascii', 'replace')
    lines = text.split('\r\n')
    if b'\n' in raw.replace(b'\r\n', b'') or b'\r' in raw.replace(b'\r\n', b''):
        diffs.append('a bare CR or LF')
    if any(b > 127 for b in raw):
        diffs.append('8-bit bytes')
    if any(len(l) > 998 for l in lines):
        diffs.append('a line over 998 characters')
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    envelope = msg.get_all('x-maildrop-recipients') or []
    if not lines[0].lower().startswith('x-maildrop-recipients:'):
        diffs.append('the envelope is not the first field')
    want_envelope = [a for kind in ('to', 'cc', 'bcc') for _, a in case[kind]]
    got_envelope = [a.strip() for v in envelope for a in str(v).split(',') if a.strip()]
    if len(envelope) != 1 or sorted(got_envelope) != sorted(want_envelope):
        diffs.append('envelope %r, want %r' % (got_envelope, want_envelope))
    head = text[:text.index('\r\n\r\n')]
    for _, address in case['bcc']:
        if head.count(address) != 1 or text.count(address) != 1:
            diffs.append('the blind copy %s is written elsewhere' % address)
    if msg['bcc'] is not None:
        diffs.append('a Bcc field')
    if str(msg['subject']) != case['subject']:
        diffs.append('subject %r' % str(msg['subject']))
    if addresses(msg, 'from') != [(sender_name, sender)]:
        diffs.append('from %r' % addresses(msg, 'from'))
    for kind in ('to', 'cc'):
        want = [(' '.join(n.split()), a) for n, a in case[kind]]
        if addresses(msg, kind) != want:
            diffs.append('%s %r, want %r' % (kind, addresses(msg, kind), want))
    plain = msg.get_body(('plain',))
    got_body = plain.get_content().replace('\r\n', '\n') if plain is not None else None
    if got_body != case['body']:
        diffs.append('body %r' % (got_body[:80] if got_body else got_body))
    attachments = [(p.get_filename(), p.get_payload(decode=True) or b'') for p in msg.iter_attachments()]
    if attachments != case['attach']:
        diffs.append('attachments %r' % [(n, len(d)) for n, d in attachments])
    for part in msg.walk():
        if part.defects:
            diffs.append('defects %r' % part.defects)
    return diffs

written = {}
for case in cases:
    raw = run_case(case)
    if raw is None:
        continue
    written[case['name']] = raw
    diffs = differences(case, raw)
    result(not diffs, 'python reads %s as sent' % case['name'], '; '.join(diffs))

if 'plain' in written and 'unicode' in written:
    result(differences(cases[0], written['unicode']) != [], 'the comparator catches a different message')

# Not every recipient can be reached: exit code 4, and the good one still gets its file.
before = listing('new')
rc, out, err = wine('mapisend.exe', '--profile', profile, '--to', 'X400:c=US;s=Nobody', '--to', 'fine@example.com',
                    '--subject', 'Partly', '--body', 'x')
result(rc == 4 and 'X400:c=US;s=Nobody' in err, 'an undeliverable recipient exits 4', 'exit %d: %s' % (rc, err))
new = sorted(listing('new') - before)
result(len(new) == 1, 'the deliverable recipient still gets the message', repr(new))

# --- cleanup ----------------------------------------------------------------

wine('mapiprof.exe', 'delete', profile)
if saved_inf is None:
    os.remove(inf)
else:
    open(inf, 'wb').write(saved_inf)
os.remove(os.path.join(system32, 'maildrop32.dll'))

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
PYEOF
rc=$?
rm -rf "$work"
exit $rc
