#!/bin/sh
# Checks the export tables of built mapi32.dll files against the list of
# Windows' ordinals: every listed name at its ordinal, and every stdcall
# function under both its undecorated and its @N-decorated name.
#
# Usage: check-exports.sh ORDINALS_FILE DLL...
# ORDINALS_FILE lists "ordinal name" pairs: Windows' numbering, as Wine keeps it.
# Prints one line per DLL and "N passed, N failed"; exits non-zero on failure.
# SPDX-License-Identifier: LGPL-2.1-or-later

ordinals=$1; shift
winedump=$(command -v winedump || echo /usr/lib/wine/winedump)
passed=0; failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

grep -E '^[0-9]+ ' "$ordinals" | awk '{ print $1, $2 }' | sort > "$tmp/want"

for dll in "$@"; do
    "$winedump" -j export "$dll" | awk '$1 ~ /^[0-9A-F]+$/ && $2 ~ /^[0-9]+$/ { print $2, $3 }' | sort > "$tmp/have"
    missing=$(comm -23 "$tmp/want" "$tmp/have")
    # Both name forms: for each decorated name the undecorated one and back.
    forms=$(awk '{ print $2 }' "$tmp/have" | awk -v list="$tmp/names" '
        { have[$1] = 1; names[NR] = $1 }
        END {
            for (i = 1; i <= NR; i++) {
                n = names[i]
                if (n ~ /@[0-9]+$/) { base = n; sub(/@[0-9]+$/, "", base); if (!(base in have)) print "no undecorated form of " n }
                else { found = 0; for (h in have) if (index(h, n "@") == 1 && h ~ /@[0-9]+$/ && substr(h, length(n) + 2) ~ /^[0-9]+$/) found = 1
                       if (!found && n != "PRProviderInit" && n != "LAUNCHWIZARD") print "no decorated form of " n }
            }
        }')
    if [ -z "$missing" ] && [ -z "$forms" ]; then
        echo "$dll: $(wc -l < "$tmp/have") exports, every listed ordinal and both name forms: ok"
        passed=$((passed + 1))
    else
        echo "$dll: export table is wrong:"
        [ -n "$missing" ] && echo "$missing" | sed 's/^/  missing at its ordinal: /'
        [ -n "$forms" ] && echo "$forms" | sed 's/^/  /'
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
