#!/bin/sh
# Times property work in our mapi32.dll and in Wine's builtin one, in the
# same run and the same throwaway prefix, and prints them side by side.
#
# propbench.exe runs RUNS times (default 3) on each side, the sides taking
# turns; each operation keeps its best time.  Each run must report the DLL
# it was meant to load: ours beside the program with mapi32=n, Wine's from
# system32 with mapi32=b.  An operation that fails or gives a wrong result
# in any run is "n/a" on that side, with the reason below the table.
#
# Usage: run.sh BUILD_DIR [RUNS]
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
runs=${2:-3}

for f in mapi32.dll propbench.exe; do
    [ -f "$build/$f" ] || { echo "run.sh: $build/$f is missing; run make bench" >&2; exit 2; }
done

. "$top/tools/wineprefix.sh"
trap wine_mapi_prefix_stop EXIT
wine_mapi_prefix_start || exit 2

ours_dir="$WINE_MAPI_TMP/ours"
wine_dir="$WINE_MAPI_TMP/builtin"
mkdir -p "$ours_dir" "$wine_dir"
cp "$build/mapi32.dll" "$build/propbench.exe" "$ours_dir/"
cp "$build/propbench.exe" "$wine_dir/"

ours_dll=$(winepath -w "$ours_dir/mapi32.dll" 2>/dev/null | tr -d '\r')
if [ -z "$ours_dll" ]; then
    echo "run.sh: winepath could not name $ours_dir/mapi32.dll" >&2
    exit 2
fi

# run_side SIDE DIR OVERRIDE N: one run of the program, its output in
# $WINE_MAPI_TMP/SIDE.N.txt; fails when it did not run against the right
# DLL.  A run that stops early only loses the operations it did not reach.
run_side()
{
    out="$WINE_MAPI_TMP/$1.$4.txt"
    err="$WINE_MAPI_TMP/$1.$4.err"
    (cd "$2" && WINEDLLOVERRIDES="mapi32=$3;winemenubuilder.exe=d" timeout 600 wine ./propbench.exe) \
        2>"$err" | tr -d '\r' > "$out"
    dll=$(sed -n 's/^dll //p' "$out" | head -n 1)
    if [ "$1" = ours ]; then
        ok=$(printf '%s\n' "$dll" | want="$ours_dll" awk '{ print (tolower($0) == tolower(ENVIRON["want"])) }')
    else
        ok=$(printf '%s\n' "$dll" | awk '{ print (tolower($0) ~ /\\system32\\mapi32\.dll$/) }')
    fi
    if [ "$ok" != 1 ]; then
        echo "run.sh: the $1 run loaded \"$dll\", not the $1 mapi32.dll:" >&2
        cat "$out" "$err" >&2
        return 1
    fi
    if ! grep -q '^peak_working_set_kib ' "$out"; then
        echo "run.sh: the $1 run $4 stopped early; its last output:" >&2
        tail -n 5 "$out" "$err" >&2
    fi
}

i=1
while [ "$i" -le "$runs" ]; do
    run_side ours "$ours_dir" n "$i" || exit 1
    run_side wine "$wine_dir" b "$i" || exit 1
    i=$((i + 1))
done

printf 'ours: %s\n' "$ours_dll"
printf 'wine: %s\n' "$(sed -n 's/^dll //p' "$WINE_MAPI_TMP/wine.1.txt")"
echo "best of $runs runs per side"
echo

# Each input line is prefixed with its side; the best figure per operation
# and side wins, and any failure makes the side n/a for that operation.
for f in "$WINE_MAPI_TMP"/ours.*.txt; do sed 's/^/ours /' "$f"; done > "$WINE_MAPI_TMP/all"
for f in "$WINE_MAPI_TMP"/wine.*.txt; do sed 's/^/wine /' "$f"; done >> "$WINE_MAPI_TMP/all"
runs=$runs awk '
$2 == "bench" {
    key = $1 SUBSEP $3
    if (!($3 in seen)) { seen[$3] = 1; order[++n] = $3 }
    results[key]++
    if ($4 == "unsupported") {
        if (!(key in why)) { why[key] = $0; sub(/^[a-z]+ bench [^ ]+ unsupported /, "", why[key]) }
    } else if (!(key in best) || $4 + 0 < best[key] + 0) {
        best[key] = $4
    }
}
$2 == "peak_working_set_kib" && $3 ~ /^[0-9]+$/ {
    if ($3 + 0 > peak[$1] + 0) peak[$1] = $3
}
function figure(side, op) {
    key = side SUBSEP op
    return (key in why || !(key in best)) ? "n/a" : sprintf("%.1f", best[key])
}
END {
    for (i = 1; i <= n; i++) {
        for (s = 1; s <= 2; s++) {
            key = (s == 1 ? "ours" : "wine") SUBSEP order[i]
            if (!(key in why) && results[key] < ENVIRON["runs"] + 0)
                why[key] = sprintf("no result in %d of %d runs: propbench.exe stopped early", \
                        ENVIRON["runs"] - results[key], ENVIRON["runs"])
        }
    }
    printf "%-20s %14s %14s %10s\n", "operation", "ours ns/op", "Wine ns/op", "Wine/ours"
    for (i = 1; i <= n; i++) {
        op = order[i]; o = figure("ours", op); w = figure("wine", op)
        ratio = "-"
        if (o != "n/a" && w != "n/a") {
            ratio = sprintf("%.2f", w / o)
            if (w / o < 1) slower = slower (slower == "" ? "" : ", ") op " (" ratio ")"
        } else {
            missing = missing (missing == "" ? "" : ", ") op
        }
        printf "%-20s %14s %14s %10s\n", op, o, w, ratio
    }
    printf "%-20s %14s %14s\n", "peak working set KiB", \
        ("ours" in peak) ? peak["ours"] : "n/a", ("wine" in peak) ? peak["wine"] : "n/a"
    notes = 0
    for (i = 1; i <= n; i++) {
        op = order[i]
        for (s = 1; s <= 2; s++) {
            side = s == 1 ? "ours" : "wine"
            if ((side SUBSEP op) in why) {
                if (!notes++) print ""
                printf "n/a %s (%s): %s\n", op, side == "ours" ? "ours" : "Wine", why[side SUBSEP op]
            }
        }
    }
    print ""
    if (slower == "") print "verdict: no compared line is slower than Wine" (missing == "" ? "" : "; not compared: " missing)
    else print "verdict: slower than Wine: " slower (missing == "" ? "" : "; not compared: " missing)
}' "$WINE_MAPI_TMP/all"
