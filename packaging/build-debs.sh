#!/bin/sh
# Builds the Debian packages from a `make install` staging tree (PREFIX=/usr,
# LIBDIR=/usr/lib/<multiarch>) and the bindings' sources, with dpkg-deb:
#
#   libsogen1      the shared library (SONAME libsogen.so.1) in the multiarch directory
#   libsogen-dev   the header, libsogen.pc, libsogen.a and the libsogen.so link
#   sogen          the sogen command, request/response in /usr/lib/sogen, man pages
#   php-sogen      /usr/share/php/Sogen (require 'Sogen/autoload.php';)
#   python3-sogen  the sogen package in Python's dist-packages (import sogen)
#   libsogen-perl  Sogen.pm in Perl's vendor directory (use Sogen;)
#
# usage: packaging/build-debs.sh <staging tree> <output directory> <version>
# (from the repository root; mk/deb.mk runs it)
set -eu
stage=$1
out=$2
version=$3
debversion=$version-1
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
roots=$out/roots
rm -rf "$roots"
mkdir -p "$roots"

# The libc version the ELF files need: the highest GLIBC_x.y they import.
libc_depends() {
    v=$(objdump -T "$@" | sed -n 's/.*GLIBC_\([0-9][0-9.]*\).*/\1/p' | sort -t. -k1,1n -k2,2n | tail -n 1)
    echo "libc6 (>= $v), libgcc-s1"
}

# place <package> <source> <destination in the package> [mode]
place() {
    mkdir -p "$roots/$1$(dirname "$3")"
    cp -P "$2" "$roots/$1$3"
    if [ $# -ge 4 ]; then chmod "$4" "$roots/$1$3"; fi
}

# docs <package>: the copyright and the changelog every package carries.
docs() {
    d=$roots/$1/usr/share/doc/$1
    mkdir -p "$d"
    { printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n'
      printf 'Upstream-Name: libsogen\n\nFiles: *\nCopyright: 2026 libsogen contributors\nLicense: MIT\n'
      sed 's/^$/./; s/^/ /' LICENSE; } >"$d/copyright"
    gzip -9n <CHANGELOG.md >"$d/changelog.gz"
}

# build <package> <architecture> <section> <depends> <summary> <description>
build() {
    docs "$1"
    mkdir -p "$roots/$1/DEBIAN"
    size=$(du -sk --exclude=DEBIAN "$roots/$1" | cut -f1)
    { printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: libsogen contributors <libsogen@localhost>\n' \
          "$1" "$debversion" "$2"
      printf 'Installed-Size: %s\nSection: %s\nPriority: optional\nDepends: %s\n' "$size" "$3" "$4"
      printf 'Description: %s\n' "$5"
      printf '%s\n' "$6" | fold -s -w 72 | sed 's/ *$//; s/^/ /'; } >"$roots/$1/DEBIAN/control"
    (cd "$roots/$1" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort | xargs md5sum) \
        >"$roots/$1/DEBIAN/md5sums"
    dpkg-deb --root-owner-group -Zxz --build "$roots/$1" "$out/${1}_${debversion}_$2.deb" >/dev/null
    echo "built $out/${1}_${debversion}_$2.deb"
}

libdir=/usr/lib/$multiarch
same="libsogen1 (= $debversion)"
about="libsogen is an in-process, byte-compatible replacement for the request and response executables of the Sogenactif payment plug-in (Atos SIPS 1.0, API P615)."

place libsogen1 "$stage$libdir/libsogen.so.$version" "$libdir/libsogen.so.$version" 644
place libsogen1 "$stage$libdir/libsogen.so.1" "$libdir/libsogen.so.1"
mkdir -p "$roots/libsogen1/DEBIAN"
echo "libsogen 1 libsogen1 (>= $version)" >"$roots/libsogen1/DEBIAN/shlibs"
echo "activate-noawait ldconfig" >"$roots/libsogen1/DEBIAN/triggers"
build libsogen1 "$arch" libs "$(libc_depends "$stage$libdir/libsogen.so.$version")" \
    "Sogenactif request/response in-process (shared library)" \
    "$about It returns exactly what the executables printed, with no process spawned. This package holds the shared library."

for f in libsogen.so libsogen.a pkgconfig/libsogen.pc; do place libsogen-dev "$stage$libdir/$f" "$libdir/$f"; done
place libsogen-dev "$stage/usr/include/sogen.h" /usr/include/sogen.h
build libsogen-dev "$arch" libdevel "$same" "Sogenactif request/response in-process (development files)" \
    "$about This package holds the header sogen.h, libsogen.pc for pkg-config and the static library."

place sogen "$stage/usr/bin/sogen" /usr/bin/sogen
for f in request response; do place sogen "$stage/usr/lib/sogen/$f" "/usr/lib/sogen/$f"; done
for f in request response sogen; do
    mkdir -p "$roots/sogen/usr/share/man/man1"
    gzip -9n <"$stage/usr/share/man/man1/$f.1" >"$roots/sogen/usr/share/man/man1/$f.1.gz"
done
build sogen "$arch" utils "$(libc_depends "$stage/usr/bin/sogen" "$stage/usr/lib/sogen/request")" \
    "Sogenactif tools: doctor, sandbox, certificates, drop-in executables" \
    "$about This package holds the sogen command (init, doctor, sandbox, cert, key, logos) and the drop-in request and response executables in /usr/lib/sogen."

(cd bindings/php && find autoload.php preload.php sogen-ffi.h src -type f) | while read -r f; do
    place php-sogen "bindings/php/$f" "/usr/share/php/Sogen/$f" 644
done
build php-sogen all php "$same, php-ffi | php8.2-ffi | php8.1-ffi" "Sogenactif request/response in-process for PHP (FFI)" \
    "$about This package holds the PHP binding: require 'Sogen/autoload.php'; then new Sogen\\Sogen()."

for f in __init__.py _native.py py.typed; do
    place python3-sogen "bindings/python/src/sogen/$f" "/usr/lib/python3/dist-packages/sogen/$f" 644
done
mkdir -p "$roots/python3-sogen/DEBIAN"
# Python writes __pycache__ beside the modules when root imports them: removed with the package.
printf '#!/bin/sh\nset -e\nrm -rf /usr/lib/python3/dist-packages/sogen/__pycache__\n' >"$roots/python3-sogen/DEBIAN/prerm"
chmod 755 "$roots/python3-sogen/DEBIAN/prerm"
build python3-sogen all python "$same, python3" "Sogenactif request/response in-process for Python (ctypes)" \
    "$about This package holds the Python binding: import sogen."

place libsogen-perl bindings/perl/lib/Sogen.pm /usr/share/perl5/Sogen.pm 644
mkdir -p "$roots/libsogen-perl/usr/share/man/man3"
pod2man --section=3pm --center=libsogen --release="$version" bindings/perl/lib/Sogen.pm | gzip -9n \
    >"$roots/libsogen-perl/usr/share/man/man3/Sogen.3pm.gz"
build libsogen-perl all perl "$same, perl, libffi-platypus-perl (>= 2.00)" \
    "Sogenactif request/response in-process for Perl (FFI::Platypus)" "$about This package holds the Perl module: use Sogen;"
