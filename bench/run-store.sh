#!/bin/sh
# Runs the store benchmark against our mapi32.dll in a throwaway prefix.
#
# storebench.exe creates, saves, reopens and tables 10,000 messages in the
# local message store (msgstore32.dll), sends 1,000 through the spooler to
# the mail-drop transport (maildrop32.dll), and writes the same 1,000 .eml
# files directly (the floor); it prints messages/s for each and the bytes
# on disk per message.  Only our DLL is run: Wine's builtin mapi32 has no
# spooler and cannot load these providers.
#
# Usage: run-store.sh BUILD_DIR
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2

for f in mapi32.dll storebench.exe msgstore32.dll maildrop32.dll; do
    [ -f "$build/$f" ] || { echo "run-store.sh: $build/$f is missing; run make bench-store" >&2; exit 2; }
done

. "$top/tools/wineprefix.sh"
trap wine_mapi_prefix_stop EXIT
wine_mapi_prefix_start || exit 2

dir="$WINE_MAPI_TMP/ours"
mkdir -p "$dir"
cp "$build/mapi32.dll" "$build/storebench.exe" "$build/msgstore32.dll" "$build/maildrop32.dll" "$dir/"
ours_dll=$(winepath -w "$dir/mapi32.dll" 2>/dev/null | tr -d '\r')

echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null) on $(nproc 2>/dev/null) CPUs;" \
    "disk: $(df -hT "$dir" 2>/dev/null | awk 'NR == 2 { print $2 }')"
out="$WINE_MAPI_TMP/store.txt"
(cd "$dir" && WINEDLLOVERRIDES="mapi32=n;winemenubuilder.exe=d" timeout 3600 wine ./storebench.exe) \
    >"$out.raw" 2>"$WINE_MAPI_TMP/store.err"
rc=$?
tr -d '\r' < "$out.raw" > "$out"
cat "$out"
echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null) after the run"

dll=$(sed -n 's/^dll //p' "$out" | tail -n 1)
ok=$(printf '%s\n' "$dll" | want="$ours_dll" awk '{ print (tolower($0) == tolower(ENVIRON["want"])) }')
if [ "$ok" != 1 ]; then
    echo "run-store.sh: the benchmark did not load our mapi32.dll ($ours_dll)" >&2
    tail -n 20 "$WINE_MAPI_TMP/store.err" >&2
    exit 1
fi
if [ $rc -ne 0 ] || grep -q '^FAILED' "$out"; then
    echo "run-store.sh: the benchmark failed (exit $rc)" >&2
    tail -n 20 "$WINE_MAPI_TMP/store.err" >&2
    exit 1
fi
