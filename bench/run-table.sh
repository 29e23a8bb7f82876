#!/bin/sh
# Runs the table benchmark against our mapi32.dll and against Wine's
# builtin one, in the same run and the same throwaway prefix.
#
# tablebench.exe builds a 100,000-row table with CreateTable, sorts,
# restricts and pages through it, and prints rows per second and the peak
# working set.  Ours runs beside the program with mapi32=n, Wine's alone in
# another directory with mapi32=b; each run must report the DLL it was
# meant to load.  A side whose CreateTable does not work says so instead of
# giving figures.
#
# Usage: run-table.sh BUILD_DIR
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2

for f in mapi32.dll tablebench.exe; do
    [ -f "$build/$f" ] || { echo "run-table.sh: $build/$f is missing; run make bench-table" >&2; exit 2; }
done

. "$top/tools/wineprefix.sh"
trap wine_mapi_prefix_stop EXIT
wine_mapi_prefix_start || exit 2

ours_dir="$WINE_MAPI_TMP/ours"
wine_dir="$WINE_MAPI_TMP/builtin"
mkdir -p "$ours_dir" "$wine_dir"
cp "$build/mapi32.dll" "$build/tablebench.exe" "$ours_dir/"
cp "$build/tablebench.exe" "$wine_dir/"

ours_dll=$(winepath -w "$ours_dir/mapi32.dll" 2>/dev/null | tr -d '\r')

# run_side SIDE DIR OVERRIDE: prints the side's results; fails when it did
# not load the DLL it was meant to, or when a result was wrong.
run_side()
{
    out="$WINE_MAPI_TMP/$1.txt"
    (cd "$2" && WINEDLLOVERRIDES="mapi32=$3;winemenubuilder.exe=d" timeout 1200 wine ./tablebench.exe) \
        2>"$WINE_MAPI_TMP/$1.err" | tr -d '\r' > "$out"
    rc=$?
    dll=$(sed -n 's/^dll //p' "$out" | head -n 1)
    if [ "$1" = ours ]; then
        ok=$(printf '%s\n' "$dll" | want="$ours_dll" awk '{ print (tolower($0) == tolower(ENVIRON["want"])) }')
    else
        ok=$(printf '%s\n' "$dll" | awk '{ print (tolower($0) ~ /\\system32\\mapi32\.dll$/) }')
    fi
    printf "== %s: %s\n" "$1" "$dll"
    if [ "$ok" != 1 ]; then
        echo "run-table.sh: the $1 run did not load the $1 mapi32.dll:" >&2
        cat "$out" "$WINE_MAPI_TMP/$1.err" >&2
        return 1
    fi
    if grep -q '^unsupported ' "$out"; then
        sed -n 's/^unsupported /not measured: /p' "$out"
        return 0
    fi
    awk '$1 == "bench" { printf "%-20s %12s rows/s  %8s s  %s\n", $2, $3, $5, substr($0, index($0, $7)) }
         $1 == "memory" { printf "%-20s %12s KiB\n", $2, $3 }
         $1 == "peak_working_set_kib" { printf "%-20s %12s KiB\n", "peak working set", $2 }
         $1 == "error" { print }' "$out"
    if grep -q '^error ' "$out" || ! grep -q '^peak_working_set_kib ' "$out"; then
        echo "run-table.sh: the $1 run failed (exit $rc):" >&2
        tail -n 5 "$WINE_MAPI_TMP/$1.err" >&2
        return 1
    fi
}

status=0
run_side ours "$ours_dir" n || status=1
echo
run_side wine "$wine_dir" b || status=1
exit $status
