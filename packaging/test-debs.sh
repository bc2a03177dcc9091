#!/bin/sh
# Installs the packages of <directory> with dpkg -i, runs smoke/smoke.sh from
# a scratch directory outside the source tree with a clean environment (no
# SOGEN_* variable, no LD_LIBRARY_PATH, Debian's interpreters), then purges
# them — also when a test fails — and checks nothing is left behind.
#
# usage: packaging/test-debs.sh target/debian
set -eu
if [ "$(id -u)" != 0 ]; then echo "test-debs.sh installs packages with dpkg -i: run it as root"; exit 1; fi
debs=$(cd "$1" && pwd)
smoke=$(cd "$(dirname "$0")/smoke" && pwd)
version=$(ls "$debs"/libsogen1_*.deb | sed 's/.*libsogen1_\(.*\)-1_.*/\1/')
packages="libsogen1 libsogen-dev sogen php-sogen python3-sogen libsogen-perl"
for p in $packages; do
    if dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q ' installed$'; then
        echo "$p is already installed; this test installs and purges the packages: dpkg --purge $packages"
        exit 1
    fi
done
work=$(mktemp -d /tmp/sogen-deb-XXXXXX)
chmod 755 "$work"

# dpkg --purge, then nothing of the packages may remain.
purge() {
    # shellcheck disable=SC2086
    dpkg --purge $packages >/dev/null
    left=$(ls -d /usr/lib/*/libsogen* /usr/include/sogen.h /usr/bin/sogen /usr/lib/sogen /usr/share/php/Sogen \
        /usr/lib/python3/dist-packages/sogen /usr/share/perl5/Sogen.pm 2>/dev/null || true)
    rm -rf "$work"
    if [ -n "$left" ]; then echo "left behind by the purge: $left"; return 1; fi
    echo "purged: $packages"
}
trap 'status=$?; trap - EXIT; purge || status=1; exit $status' EXIT
trap 'exit 1' INT TERM

dpkg -i "$debs"/*.deb
cp "$smoke"/smoke.* "$work"/
lib=$(readlink -f "$(dpkg -L libsogen1 | grep '/libsogen\.so\.1$')")
env -i PATH=/usr/bin:/bin HOME="$work" LANG=C.UTF-8 TMPDIR=/tmp \
    sh "$work/smoke.sh" "$work" "$lib" "$version"
