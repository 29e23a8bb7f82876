#!/bin/sh
# The demo behind "make run": in a throwaway Wine prefix, installs the
# built mapi32.dll and the built-in providers (the local message store and
# the mail-drop transport), makes a profile with them through mapiprof,
# sends a message with an attachment through the spooler with mapisend, and
# shows the Internet message (.eml) the transport wrote and the Outlook
# message (.msg) the store keeps in Sent Items.  The results are copied to
# BUILD_DIR/../demo so they can be looked at afterwards.
#
# Usage: demo.sh BUILD_DIR
# SPDX-License-Identifier: LGPL-2.1-or-later
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
. "$top/tools/wineprefix.sh"
trap wine_mapi_prefix_stop EXIT
wine_mapi_prefix_start

step() { printf '\n== %s\n' "$*"; }

bin="$WINE_MAPI_TMP/bin"
sys="$WINEPREFIX/drive_c/windows/system32"
mail="$WINE_MAPI_TMP/mail"
mkdir -p "$bin" "$mail"

# mapi32.dll and the providers go where an installed setup has them: the
# providers are named by bare names in MAPISVC.INF, which MAPI loads from
# the system directory only.
cp "$build/mapi32.dll" "$build/msgstore32.dll" "$build/maildrop32.dll" "$sys/"
cp "$build/mapi32.dll" "$build/mapiinfo.exe" "$build/mapiprof.exe" "$build/mapisend.exe" "$bin/"
cp "$top/dlls/msgstore/msgstore.inf" "$top/dlls/maildrop/maildrop.inf" "$bin/"
cd "$bin"

winpath() { winepath -w "$1" 2>/dev/null; }
run() { printf '$ %s\n' "$*"; wine "$@"; }

step "Which mapi32 a program gets"
run ./mapiinfo.exe

step "Install the providers' MAPISVC.INF sections"
run ./mapiprof.exe install-inf msgstore.inf
run ./mapiprof.exe install-inf maildrop.inf

step "A profile with the local store and the mail-drop transport"
run ./mapiprof.exe create Demo --default
run ./mapiprof.exe add-service Demo MsgStore --set "6620001E=$(winpath "$mail/store")"
run ./mapiprof.exe add-service Demo MailDrop --set "6630001E=$(winpath "$mail/outbox")" \
    --set "6631001E=$(winpath "$mail/inbox")" --set "6632001E=demo@localhost" \
    --set "6633001E=Demo User"

step "Send a message with an attachment through the spooler"
printf 'Invoice 42\nAmount due: 100.00 EUR\n' > "$mail/invoice-42.txt"
run ./mapisend.exe --profile Demo --to "someone@example.com" --cc "Accounts <accounts@example.com>" \
    --subject "Invoice 42" --body "Please find invoice 42 attached." \
    --attach "$(winpath "$mail/invoice-42.txt")"

step "The Internet message the mail-drop transport wrote"
eml=$(find "$mail/outbox/new" -type f | head -n 1)
if [ -z "$eml" ]; then
    echo "demo: no message in $mail/outbox/new" >&2
    exit 1
fi
echo "$eml:"
tr -d '\r' < "$eml"

step "The message the store keeps in Sent Items"
msg=$(find "$mail/store/sent" -type f -name '*.msg' 2>/dev/null | head -n 1)
if [ -z "$msg" ]; then
    echo "demo: no .msg file in the store's Sent Items under $mail/store" >&2
    exit 1
fi
ls -l "$msg"
if command -v msgconvert >/dev/null 2>&1; then
    echo "read back with msgconvert (an independent .msg reader):"
    (cd "$WINE_MAPI_TMP" && msgconvert --outfile - "$msg" 2>/dev/null | tr -d '\r' | sed -n '1,/^$/p')
fi

out="$build/../demo"
rm -rf "$out"
cp -r "$mail" "$out"
step "Done: the store and the Maildirs are in $(cd "$out" && pwd)"
echo "mapi32 works."
