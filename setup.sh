#!/bin/sh
# Installs what wine-mapi needs on Debian (as root, with apt-get), builds it
# in _build/, and then runs the demo, the test suite or nothing.
#
# Usage: ./setup.sh run      install, build, run the demo program (mapiinfo)
#        ./setup.sh check    install, build, run the whole test suite
#        ./setup.sh build    install and build only
#        ./setup.sh bench    install, build, run the benchmarks
# SPDX-License-Identifier: LGPL-2.1-or-later
set -e

what=${1:-build}
case "$what" in
    run|check|build|bench) ;;
    *) echo "usage: $0 run|check|build|bench" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")" && pwd)
packages="autoconf automake make wine wine64 wine64-tools libwine-dev gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 python3 libemail-outlook-message-perl"

missing=
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    if [ "$(id -u)" -eq 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else
        echo "setup: these Debian packages are missing and this is not root:$missing" >&2
        exit 1
    fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y $missing
fi

cd "$top"
[ -x configure ] || autoreconf -fi
mkdir -p _build
cd _build
[ -f Makefile ] || ../configure
make -j"$(nproc)"

case "$what" in
    run) make --no-print-directory run ;;
    check) make --no-print-directory check ;;
    bench) make --no-print-directory bench ;;
esac
