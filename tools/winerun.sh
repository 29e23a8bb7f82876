#!/bin/sh
# Runs one of the built programs under Wine in a throwaway prefix, with the
# built mapi32.dll beside it.  Usage: winerun.sh BUILD_DIR PROGRAM [ARGS...]
# SPDX-License-Identifier: LGPL-2.1-or-later
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=$1; prog=$2; shift 2
. "$top/tools/wineprefix.sh"
trap wine_mapi_prefix_stop EXIT
wine_mapi_prefix_start
mkdir -p "$WINE_MAPI_TMP/bin"
cp "$build/mapi32.dll" "$build/$prog" "$WINE_MAPI_TMP/bin/"
cd "$WINE_MAPI_TMP/bin"
wine "./$prog" "$@"
