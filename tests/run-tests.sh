#!/bin/sh
# Runs the conformance tests under Wine in a throwaway prefix, with the
# built mapi32.dll beside the test program and WINEDLLOVERRIDES=mapi32=n,
# one "mapi32_test.exe <test>" per test as Wine's own harness does; then
# the cross-DLL tests of integration_test.exe, with the fixture providers
# and mapiprof.exe beside it.
# Prints each test's summary line, the failures, and last a line
# "N passed, N failed, N skipped" (checks, not files).  Exits non-zero when
# anything failed.
#
# Usage: run-tests.sh BUILD_DIR [TEST...]
# SPDX-License-Identifier: LGPL-2.1-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || exit 2
shift
timeout_secs=${WINETEST_TIMEOUT:-600}

. "$top/tools/wineprefix.sh"
trap wine_mapi_prefix_stop EXIT
wine_mapi_prefix_start || exit 2

bin="$WINE_MAPI_TMP/bin"
mkdir -p "$bin"
cp "$build/mapi32.dll" "$build/mapi32_test.exe" "$bin/"
for f in integration_test.exe recprov32.dll recxp32.dll memstore32.dll msgstore32.dll mapiprof.exe maildrop32.dll mapisend.exe; do
    [ -f "$build/$f" ] && cp "$build/$f" "$bin/"
done
export WINETEST_CHECK_DLL=mapi32.dll

passed=0; failed=0; skipped=0

# Runs a checking script that ends with "N passed, N failed" and adds its counts.
run_check()
{
    out=$("$@" 2>&1); rc=$?
    echo "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed'
    last=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ -z "$last" ]; then
        echo "$*: no result line (exit $rc)"
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$last" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$last" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    passed=$((passed + p)); failed=$((failed + f))
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
}

# The export tables of every DLL built, against Windows' ordinals.
dlls="$build/mapi32.dll"
[ -f "$build/../i686/mapi32.dll" ] && dlls="$dlls $build/../i686/mapi32.dll"
run_check sh "$top/tools/check-exports.sh" "$top/tests/data/mapi32-ordinals.txt" $dlls

# include/mapispi.h compiles with Wine's headers and with mingw-w64's.
[ -f "$top/tools/check-headers.sh" ] && run_check sh "$top/tools/check-headers.sh" "$top"

# The MIME library against Python's email package, both directions.
if [ -f "$build/mimetool.exe" ]; then
    run_check sh "$top/tests/mime-check.sh" "$build"
else
    echo "mime-check: skipped: mimetool.exe was not built"
fi

# .msg files written through OpenIMsgOnIStg, read back by msgconvert.
if [ -f "$build/msgwrite.exe" ]; then
    run_check sh "$top/tests/msg-check.sh" "$build"
else
    echo "msg-check: skipped: msgwrite.exe was not built"
fi

# Message files the local message store wrote, read back by msgconvert.
if [ -f "$build/msgstore32.dll" ] && [ -f "$build/integration_test.exe" ]; then
    run_check sh "$top/tests/msgstore-check.sh" "$build"
else
    echo "msgstore-check: skipped: msgstore32.dll or integration_test.exe was not built"
fi

# The mail-drop transport through mapiprof and mapisend, read back by
# Python's email package.
if [ -f "$build/mapisend.exe" ] && [ -f "$build/maildrop32.dll" ]; then
    run_check sh "$top/tests/maildrop-check.sh" "$build"
else
    echo "maildrop-check: skipped: mapisend.exe or maildrop32.dll was not built"
fi

# The harness must refuse a DLL that is not ours: an empty mapi32.dll
# beside the test program has to make a test fail, never fall back to
# Wine's builtin.
mkdir -p "$WINE_MAPI_TMP/empty"
cp "$build/mapi32_test.exe" "$WINE_MAPI_TMP/empty/"
: > "$WINE_MAPI_TMP/empty/mapi32.dll"
first=$(cd "$bin" && wine ./mapi32_test.exe --list 2>/dev/null | tr -d '\r' | head -n 1)
(cd "$WINE_MAPI_TMP/empty" && timeout 120 wine ./mapi32_test.exe "$first" >"$WINE_MAPI_TMP/empty.log" 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -q "Test failed" "$WINE_MAPI_TMP/empty.log"; then
    echo "harness: an empty mapi32.dll is refused (exit $rc): ok"
    passed=$((passed + 1))
else
    echo "harness: an empty mapi32.dll was NOT refused (exit $rc):"
    cat "$WINE_MAPI_TMP/empty.log"
    failed=$((failed + 1))
fi

programs="mapi32_test.exe"
[ -f "$bin/integration_test.exe" ] && programs="$programs integration_test.exe"

# Prints "program test" for every test to run: all of them, or those named.
list_tests()
{
    for p in $programs; do
        for t in $(cd "$bin" && wine ./$p --list 2>/dev/null | tr -d '\r'); do
            if [ $# -eq 0 ]; then
                echo "$p $t"
                continue
            fi
            for want in "$@"; do
                [ "$want" = "$t" ] && echo "$p $t"
            done
        done
    done
}

runs=$(list_tests "$@")
if [ -z "$runs" ]; then
    echo "no tests listed by $programs"
    failed=$((failed + 1))
fi

echo "$runs" | while read -r prog t; do
    [ -n "$t" ] || continue
    log="$WINE_MAPI_TMP/$t.log"
    (cd "$bin" && timeout "$timeout_secs" wine ./$prog "$t" >"$log" 2>"$log.err")
    rc=$?
    tr -d '\r' < "$log" > "$log.txt"
    summary=$(grep -E "^[0-9a-f]+:$t: [0-9]+ tests executed" "$log.txt" | tail -n 1)
    grep -E "Test failed|Test succeeded inside todo|unhandled exception" "$log.txt" | head -n 50
    if [ -z "$summary" ]; then
        echo "$t: no summary line (exit $rc): the test crashed or timed out"
        tail -n 20 "$log.err"
        echo "COUNT 0 1 0"
        continue
    fi
    echo "$summary"
    executed=$(echo "$summary" | sed -E 's/.* ([0-9]+) tests executed.*/\1/')
    failures=$(echo "$summary" | sed -E 's/.*, ([0-9]+) failures?\).*/\1/')
    skips=$(echo "$summary" | sed -E 's/.*\), ([0-9]+) skipped.*/\1/')
    good=$((executed - failures))
    if [ $rc -ne 0 ] && [ "$failures" -eq 0 ]; then
        echo "$t: exit code $rc without a failure in its summary"
        failures=1
    fi
    echo "COUNT $good $failures $skips"
done > "$WINE_MAPI_TMP/results.txt"

grep -v '^COUNT ' "$WINE_MAPI_TMP/results.txt"
while read -r tag p f s; do
    [ "$tag" = COUNT ] || continue
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done < "$WINE_MAPI_TMP/results.txt"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
