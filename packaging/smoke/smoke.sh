#!/bin/sh
# The installed Debian packages used as a merchant would: a test merchant's
# configuration written with the installed `sogen`, then C (pkg-config), PHP,
# Python, Perl and the drop-in executables. Run by packaging/test-debs.sh in a
# scratch directory outside the source tree, with a clean environment.
#
# usage: smoke.sh <scratch directory> <the installed library's real path> <version>
set -eu
work=$1
lib=$2
version=$3
cd "$work"
passed=0
failed=0
result() { # result <ok?> <description>
    if [ "$1" = yes ]; then passed=$((passed + 1)); echo "ok - $2"; else failed=$((failed + 1)); echo "not ok - $2"; fi
}
yes_if() { if "$@"; then echo yes; else echo no; fi; }

# A test merchant whose forms post to the local sandbox, with absolute paths.
mkdir -p param
sogen cert --merchant-id 000000000000001 --country fr --url http://127.0.0.1:8090/cgis-payment/demo \
    --ctype php --dir "$work/param" >/dev/null
printf 'RETURN_URL!http://127.0.0.1:8000/r!\nCANCEL_URL!http://127.0.0.1:8000/r!\nAUTO_RESPONSE_URL!http://127.0.0.1:8000/a!\n' \
    >param/parmcom.000000000000001
printf 'CURRENCY!978!\nLANGUAGE!fr!\nMERCHANT_COUNTRY!fr!\nMERCHANT_LANGUAGE!fr!\nPAYMENT_MEANS!CB,2,VISA,2!\n' \
    >param/parmcom.sogenactif
printf 'DEBUG!NO!\nD_LOGO!/logo/!\nF_CERTIFICATE!%s/param/certif!\nF_CTYPE!php!\nF_PARAM!%s/param/parmcom!\nF_DEFAULT!%s/param/parmcom.sogenactif!\n' \
    "$work" "$work" "$work" >pathfile

# language <name> <where its module must come from, or -> <command…>: the
# command must succeed, print OK <name> <version>, map the installed library
# and load its module from the installed place.
language() {
    name=$1 place=$2
    shift 2
    if ! out=$("$@" 2>&1); then result no "$name: $out"; return; fi
    mapped=$(echo "$out" | sed -n 's/^LIB //p')
    module=$(echo "$out" | sed -n 's/^MODULE //p')
    case "$out" in *"OK $name $version"*) said=yes ;; *) said=no ;; esac
    result "$said" "$name: request, DATA read back by response, version $version"
    [ "$said" = yes ] || echo "$out" | sed 's/^/#   /' | cut -c 1-300
    result "$(yes_if test "$(readlink -f "$mapped")" = "$lib")" "$name: the installed library ($mapped)"
    case "$module" in "$place"?*) from=yes ;; *) from=no ;; esac
    [ "$place" = - ] || result "$from" "$name: the installed module ($module)"
}

multiarch_libdir=$(dirname "$lib")
result "$(yes_if test "$(pkg-config --variable=libdir libsogen)" = "$multiarch_libdir")" "pkg-config: libsogen in $multiarch_libdir"
# shellcheck disable=SC2046
if cc -o smoke smoke.c $(pkg-config --cflags --libs libsogen); then
    language C - ./smoke "$work/pathfile"
else
    result no "C: cc \$(pkg-config --cflags --libs libsogen) failed"
fi
language PHP /usr/share/php/Sogen/ php smoke.php "$work/pathfile"
language Python /usr/lib/python3/dist-packages/sogen/ python3 smoke.py "$work/pathfile"
language Perl /usr/share/perl5/ perl smoke.pl "$work/pathfile"

# The drop-in executables, off the PATH.
form=$(/usr/lib/sogen/request "pathfile=$work/pathfile" merchant_id=000000000000001 amount=2500)
data=$(echo "$form" | sed -n 's/.*NAME=DATA VALUE="\([0-9a-f]*\)".*/\1/p')
result "$(yes_if test -n "$data")" "/usr/lib/sogen/request prints the form"
reply=$(/usr/lib/sogen/response "pathfile=$work/pathfile" "message=$data")
result "$(yes_if test "${reply#!0!!000000000000001!fr!2500!}" != "$reply")" "/usr/lib/sogen/response reads it back"
help=$(/usr/lib/sogen/request --help) && status=0 || status=$?
result "$(yes_if test "$help $status" = '!-1!Invalid Keyword in parameter (--help)!! 255')" "request --help answers as the legacy did"
result "$(yes_if test -z "$(command -v request response || true)")" "request and response are not on the PATH"
for page in request response sogen; do
    result "$(yes_if test -f "/usr/share/man/man1/$page.1.gz")" "man page $page(1)"
done
result "$(yes_if test "$(dpkg-query -W -f '${Version}' sogen libsogen1 python3-sogen php-sogen libsogen-perl libsogen-dev)" = \
    "$version-1$version-1$version-1$version-1$version-1$version-1")" "the packages are version $version-1"

echo "installed packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
