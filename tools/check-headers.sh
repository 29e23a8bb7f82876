#!/bin/sh
# Compiles the project's include/mapispi.h as C against Wine's headers
# (winegcc) and against mingw-w64's own headers, with -Wall -Werror.
# Every IFoo_Method() macro the header defines is expanded once, with as
# many arguments as the macro takes, inside a function that is never
# called: a macro whose argument count does not match the interface
# declaration, or that calls a method other than the one it names, fails
# the build.  A second unit includes mapispi.h before the other MAPI
# headers, with INITGUID, to show that the header stands on its own and
# defines no interface identifier a second time.
#
# Usage: check-headers.sh TOP_SRCDIR
# Prints one line per configuration and last "N passed, N failed"; exits
# non-zero when any compilation fails.
# SPDX-License-Identifier: LGPL-2.1-or-later

top=${1:?usage: check-headers.sh TOP_SRCDIR}
top=$(cd "$top" && pwd) || exit 2
hdr="$top/include/mapispi.h"
if [ ! -f "$hdr" ]; then
    echo "check-headers: $hdr not found" >&2
    exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# The unit that expands every interface macro of mapispi.h.
{
    cat <<'EOF'
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include "mapispi.h"
#include "mapispi.h"

#ifndef IID_IMAPISupport
#error "the compiler found another mapispi.h than the project's"
#endif

EOF
    awk '
    /^#define I[A-Za-z]*_[A-Za-z]*\(p(,[a-z])*\)/ {
        macro = $2
        name = macro; sub(/\(.*/, "", name)
        iface = name; sub(/_.*/, "", iface)
        method = name; sub(/^[^_]*_/, "", method)
        if (!index($0, "(p)->lpVtbl->" method "(p")) {
            print "#error \"" name " does not call method " method "\""
        }
        nargs = split(macro, parts, ",") - 1
        call = "    (void)" name "(p" iface
        for (i = 0; i < nargs; i++) call = call ", 0"
        calls = calls call ");\n"
        if (!(iface in seen)) {
            seen[iface] = 1
            params = params (params == "" ? "" : ", ") iface " *p" iface
        }
        count++
    }
    END {
        if (!count) {
            print "#error \"no interface macros found in mapispi.h\""
            exit
        }
        print "/* " count " macros */"
        print "void check_mapispi_macros(" params ");"
        print "void check_mapispi_macros(" params ")"
        print "{"
        printf "%s", calls
        print "}"
    }' "$hdr"
} > "$tmp/macros.c"

cat > "$tmp/first.c" <<'EOF'
#include <windows.h>
#include <initguid.h>
#define USES_IID_IXPLogon
#include "mapispi.h"
#include <mapix.h>
#include <mapiutil.h>

const IID *check_mapispi_iid(void);
const IID *check_mapispi_iid(void)
{
    return &IID_IXPLogon;
}

HRESULT check_mapispi_entry(LPXPPROVIDERINIT init, LPMSGSERVICEENTRY entry);
HRESULT check_mapispi_entry(LPXPPROVIDERINIT init, LPMSGSERVICEENTRY entry)
{
    LPXPPROVIDER provider;
    ULONG version;
    HRESULT hr;

    hr = init(NULL, NULL, NULL, NULL, NULL, 0, CURRENT_SPI_VERSION, &version, &provider);
    if (FAILED(hr)) return hr;
    return entry(NULL, NULL, NULL, 0, SERVICE_UI_ALLOWED, MSG_SERVICE_CONFIGURE, 0, NULL, NULL, NULL);
}
EOF

passed=0
failed=0
count=$(grep -c '^    (void)' "$tmp/macros.c")

# compile LABEL COMPILER [FLAGS...]
compile()
{
    label=$1
    shift
    for unit in macros first; do
        if ! "$@" -I"$top/include" -Wall -Werror -c -o "$tmp/$unit.o" "$tmp/$unit.c"; then
            echo "check-headers: $label: $unit.c FAILED"
            failed=$((failed + 1))
            return
        fi
    done
    echo "check-headers: $label: ok ($count macros)"
    passed=$((passed + 1))
}

if ! command -v winegcc >/dev/null 2>&1 || ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    echo "check-headers: winegcc and x86_64-w64-mingw32-gcc are needed"
    echo "0 passed, 1 failed"
    exit 1
fi

compile "Wine headers, x86_64" winegcc -b x86_64-w64-mingw32
compile "Wine headers, x86_64, __WINESRC__" winegcc -b x86_64-w64-mingw32 -D__WINESRC__
compile "mingw-w64 headers, x86_64" x86_64-w64-mingw32-gcc
if command -v i686-w64-mingw32-gcc >/dev/null 2>&1; then
    compile "Wine headers, i686" winegcc -b i686-w64-mingw32
    compile "mingw-w64 headers, i686" i686-w64-mingw32-gcc
fi

if [ $failed -ne 0 ]; then
    echo "check-headers: generated sources were:"
    cat "$tmp/macros.c" "$tmp/first.c"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
