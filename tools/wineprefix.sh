# Sourced by the scripts that run our PE programs: a throwaway Wine prefix.
# SPDX-License-Identifier: LGPL-2.1-or-later

# Makes a fresh prefix in a temporary directory and exports WINEPREFIX.
wine_mapi_prefix_start()
{
    WINE_MAPI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/wine-mapi.XXXXXX")
    WINEPREFIX="$WINE_MAPI_TMP/prefix"
    export WINEPREFIX
    : "${WINEDEBUG:=-all}"
    export WINEDEBUG
    export WINEDLLOVERRIDES="mapi32=n;winemenubuilder.exe=d"
    export DISPLAY=
    if ! wineboot -i >"$WINE_MAPI_TMP/wineboot.log" 2>&1; then
        echo "wineboot failed to make a prefix:" >&2
        cat "$WINE_MAPI_TMP/wineboot.log" >&2
        return 1
    fi
    wineserver -w 2>/dev/null || true
}

wine_mapi_prefix_stop()
{
    wineserver -k 2>/dev/null || true
    [ -n "$WINE_MAPI_TMP" ] && rm -rf "$WINE_MAPI_TMP"
}
