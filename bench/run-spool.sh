#!/bin/sh
# Runs the spooler benchmark against our mapi32.dll in a throwaway prefix.
#
# spoolbench.exe sends 10,000 messages with three recipients each through
# the spooler to the recording fixture transport (recxp32.dll) on the
# memory store without persistence (memstore32.dll), once with a transport
# that does the least it can (the cost floor) and once with the fixture's
# normal accepting path, next to a run that only submits (no spooler); it
# prints messages/s, submit-to-EndMessage latency, peak memory and CPU time
# per message.  Only our DLL is run: Wine's builtin mapi32 has no spooler.
# The fixtures' logs stay off (RECXP_LOG and MEMSTORE_LOG are unset).
#
# Usage: run-spool.sh BUILD_DIR [REPEATS]
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
repeats=${2:-5}

for f in mapi32.dll spoolbench.exe recxp32.dll memstore32.dll; do
    [ -f "$build/$f" ] || { echo "run-spool.sh: $build/$f is missing; run make bench-spool" >&2; exit 2; }
done

unset RECXP_LOG MEMSTORE_LOG RECXP_INIT RECXP_CLIENT_THREAD

. "$top/tools/wineprefix.sh"
trap wine_mapi_prefix_stop EXIT
wine_mapi_prefix_start || exit 2

dir="$WINE_MAPI_TMP/ours"
mkdir -p "$dir"
cp "$build/mapi32.dll" "$build/spoolbench.exe" "$build/recxp32.dll" "$build/memstore32.dll" "$dir/"
ours_dll=$(winepath -w "$dir/mapi32.dll" 2>/dev/null | tr -d '\r')

echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null) on $(nproc 2>/dev/null) CPUs"
out="$WINE_MAPI_TMP/spool.txt"
(cd "$dir" && WINEDLLOVERRIDES="mapi32=n;winemenubuilder.exe=d" timeout 3600 wine ./spoolbench.exe "$repeats") \
    >"$out.raw" 2>"$WINE_MAPI_TMP/spool.err"
rc=$?
tr -d '\r' < "$out.raw" > "$out"
cat "$out"
echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null) after the runs"

dll=$(sed -n 's/^dll //p' "$out" | tail -n 1)
ok=$(printf '%s\n' "$dll" | want="$ours_dll" awk '{ print (tolower($0) == tolower(ENVIRON["want"])) }')
if [ "$ok" != 1 ]; then
    echo "run-spool.sh: the benchmark did not load our mapi32.dll ($ours_dll)" >&2
    tail -n 20 "$WINE_MAPI_TMP/spool.err" >&2
    exit 1
fi
if [ $rc -ne 0 ] || grep -q '^FAILED' "$out"; then
    echo "run-spool.sh: the benchmark failed (exit $rc)" >&2
    tail -n 20 "$WINE_MAPI_TMP/spool.err" >&2
    exit 1
fi
