#!/bin/sh
# The C side of libsogen as an integrator sees it, after `make install
# PREFIX=<prefix>`: the installed files and links, the SONAME, pkg-config, and
# the three sample CGI programs of examples/c built against the installation
# (shared, and one static) and run as a web server runs them.
#
# usage: bindings/c/test.sh <prefix>     (from the repository root)
set -eu
prefix=$1
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sogen-c-XXXXXX")
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { # check <description> <command…>
    what=$1
    shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}
has() { grep -qF -- "$2" "$1"; } # has <file> <fixed string>

# --- the installation
lib=$prefix/lib
check "libsogen.so.$version installed" test -f "$lib/libsogen.so.$version"
check "libsogen.so.1 -> libsogen.so.$version" test "$(readlink "$lib/libsogen.so.1")" = "libsogen.so.$version"
check "libsogen.so -> libsogen.so.1" test "$(readlink "$lib/libsogen.so")" = "libsogen.so.1"
check "SONAME libsogen.so.1" sh -c "readelf -d '$lib/libsogen.so.$version' | grep -q 'SONAME.*\[libsogen.so.1\]'"
check "libsogen.a, sogen.h installed" test -f "$lib/libsogen.a" -a -f "$prefix/include/sogen.h"
check "sogen installed in bin" test -x "$prefix/bin/sogen"
check "request, response in lib/sogen, not on the PATH" test -x "$prefix/lib/sogen/request" -a -x "$prefix/lib/sogen/response" \
    -a ! -e "$prefix/bin/request" -a ! -e "$prefix/bin/response"
check "man pages installed" test -f "$prefix/share/man/man1/request.1" -a -f "$prefix/share/man/man1/response.1" \
    -a -f "$prefix/share/man/man1/sogen.1"
export PKG_CONFIG_PATH="$lib/pkgconfig"
check "pkg-config knows libsogen $version" test "$(pkg-config --modversion libsogen)" = "$version"
# A prefix the loader does not search: the .pc adds an rpath to it.
check "pkg-config flags point into the prefix, with an rpath" \
    test "$(pkg-config --cflags --libs libsogen | sed 's/ *$//')" = "-I$prefix/include -L$lib -Wl,-rpath,$lib -lsogen"

# --- the samples, built as an integrator would
cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O2"
for sample in call_request call_response call_autoresponse; do
    # shellcheck disable=SC2086,SC2046
    check "$sample builds with pkg-config" cc $cflags -o "$work/$sample" "examples/c/$sample.c" $(pkg-config --cflags --libs libsogen)
done
check "linked against the SONAME" sh -c "readelf -d '$work/call_request' | grep -q 'NEEDED.*\[libsogen.so.1\]'"
# shellcheck disable=SC2086,SC2046
check "call_response links statically (pkg-config --static)" cc $cflags -o "$work/call_response_static" examples/c/call_response.c \
    $(pkg-config --cflags libsogen) "$lib/libsogen.a" $(pkg-config --static --libs-only-l libsogen | sed 's/-lsogen//')
check "the static one needs no libsogen.so" sh -c "! readelf -d '$work/call_response_static' | grep -q libsogen"

# The programs find the installed library through their rpath: no LD_LIBRARY_PATH.
unset LD_LIBRARY_PATH
check "the rpath finds the installed library" sh -c "ldd '$work/call_request' | grep -q '=> $lib/libsogen.so.1 '"
export SOGEN_AUTORESPONSE_LOG="$work/autoresponse.log"
unset SOGEN_PATHFILE SOGEN_MERCHANT_ID 2>/dev/null || true

# cgi <program> <output> [POST body]: runs a CGI program (GET, or POST with a
# body), with $QUERY_STRING.
cgi() {
    if [ $# -ge 3 ]; then
        printf '%s' "$3" >"$work/body"
        REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded QUERY_STRING="${QUERY_STRING:-}" \
            CONTENT_LENGTH=$(wc -c <"$work/body" | tr -d ' ') "$work/$1" <"$work/body" >"$2"
    else
        REQUEST_METHOD=GET QUERY_STRING="${QUERY_STRING:-}" "$work/$1" </dev/null >"$2"
    fi
}

# store_order <transaction_id> [amount] [max_age]: an order as call_request
# stores it (beside the log), for the demo merchant in EUR; the golden
# responses are months old, so max_age keeps them recent (empty: not given).
orders=$work/sogen-orders
store_order() {
    mkdir -p "$orders"
    printf '{"merchant_id":"000000000000001","transaction_id":"%s","amount":"%s","currency_code":"978"%s}' \
        "$1" "${2:-2500}" "$(if [ -n "${3-1000000000}" ]; then printf ',"max_age":"%s"' "${3-1000000000}"; fi)" >"$orders/$1.json"
}

# The response message of a case of bindings/testdata/golden.json, by name.
message() {
    python3 -c 'import json, sys; print(next(c["message"] for c in json.load(open(sys.argv[1]))["cases"] if c["name"] == sys.argv[2]))' \
        bindings/testdata/golden.json "$1"
}

out=$work/out.html
check "call_request runs" cgi call_request "$out"
check "  the demo form" has "$out" '<FORM METHOD=POST ACTION="http://127.0.0.1:8090/cgis-payment/demo/callpayment"'
check "  the payment means" has "$out" '<INPUT TYPE=IMAGE NAME=CB BORDER=0 SRC="/logo/CB.gif">'
check "  the amount" has "$out" '<b>25,00 EUR</b>'
QUERY_STRING=amount=1234 cgi call_request "$out"
check "  ?amount=" has "$out" '<b>12,34 EUR</b>'
stored=$(ls "$orders")
check "  the order stored" sh -c "grep -Eq '^\{\"merchant_id\":\"000000000000001\",\"transaction_id\":\"[0-9]{6}\",\"amount\":\"1234\",\"currency_code\":\"978\"\}\$' '$orders/$stored'"
rm -rf "$orders"
SOGEN_PATHFILE=bindings/testdata/debug.pathfile cgi call_request "$out"
tid=$(sed -n 's/.*<TD>TRANSACTION_ID (\([0-9]*\))<\/TD>.*/\1/p' "$out")
check "  the return URL names the order" has "$out" "<TD>RETURN_URL (http://127.0.0.1/cgi-bin/call_response?transaction_id=$tid)</TD>"
check "  so does the automatic one" has "$out" "<TD>AUTO_RESPONSE_URL (http://127.0.0.1/cgi-bin/call_autoresponse?transaction_id=$tid)</TD>"
SOGEN_PATHFILE=missing/pathfile cgi call_request "$out"
check "  an API error" has "$out" '<pre>Error reading pathfile (missing/pathfile)</pre>'

accepted=$(message accepted_all_fields)
check "the demo messages are there" test -n "$accepted" -a -n "$(message refused)"
store_order 123456
export QUERY_STRING=transaction_id=123456
for program in call_response call_response_static; do
    check "$program runs" cgi "$program" "$out" "DATA=$accepted"
    check "  accepted" has "$out" '<h2 id="verdict">Payment accepted</h2>'
    check "  transaction_id" has "$out" '<td id="transaction_id">123456</td>'
    check "  customer_id deciphered" has "$out" '<td id="customer_id">client-42</td>'
    check "  a value with a '!'" has "$out" '<td id="complementary_info">info ! bonus</td>'
    check "  a value HTML-escaped" has "$out" "$(printf '<td id="return_context">session=42&amp;x=&quot;1&quot;</td>')"
    check "  latin-1 bytes" has "$out" "$(printf '<td id="caddie">1 x cr\350me br\373l\351e ! 10%%</td>')"
    check "  the last field" has "$out" '<td id="threed_relegation_code">0</td>'
done
store_order 123458
QUERY_STRING=transaction_id=123458 cgi call_response "$out" "DATA=$(message refused)"
check "call_response: refused" has "$out" '<h2 id="verdict">Payment refused</h2>'
store_order 123459
QUERY_STRING=transaction_id=123459 cgi call_response "$out" "DATA=$(message cancelled)"
check "call_response: cancelled" has "$out" '<h2 id="verdict">Payment cancelled</h2>'
last=${accepted#"${accepted%?}"}
if [ "$last" = 0 ]; then altered=${accepted%?}1; else altered=${accepted%?}0; fi
cgi call_response "$out" "DATA=$altered"
check "call_response: MAC failure" has "$out" 'Error in MAC key generation (error open certificate file demo/param/certif.fr.000000000000001.old.php)'
store_order 123456 2501
cgi call_response "$out" "DATA=$accepted"
check "call_response: another amount stored" has "$out" 'Error response does not match the request (amount 2501 expected, 2500 received)'
store_order 123456 2500 ''
cgi call_response "$out" "DATA=$accepted"
check "call_response: an old response" has "$out" 'transmission_date 20260115103000 is not recent'
store_order 123456 '<b>1</b>'
cgi call_response "$out" "DATA=$accepted"
check "call_response: the error escaped" has "$out" 'amount &lt;b&gt;1&lt;/b&gt; expected'
QUERY_STRING=transaction_id=999999 cgi call_response "$out" "DATA=$accepted"
check "call_response: unknown order" has "$out" '<p id="shop-error">Unknown order: the URL names no order of this shop.</p>'
cgi call_response "$out" "data=$accepted"
check "call_response: no payment response" has "$out" '<p id="shop-error">Not a payment response: the POST holds no DATA (Sips 1.0) nor Data and Seal (Sips 2.0).</p>'
store_order 123456
cgi call_response "$out" "Data=YW1vdW50PTI1MDA%3D&Seal=00&Encode=base64&InterfaceVersion=HP_2.24"
check "call_response: a Sips 2.0 POST goes to the library" sh -c "! grep -q 'Not a payment response' '$out' && grep -q 'Payment API error' '$out'"

check "call_autoresponse runs" cgi call_autoresponse "$out" "DATA=$accepted"
printf 'Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n' >"$work/expected"
check "  answers 200, nothing else" cmp -s "$out" "$work/expected"
cgi call_autoresponse "$out" "DATA=garbage"
QUERY_STRING=transaction_id=1 cgi call_autoresponse "$out" "DATA=garbage"
log=$SOGEN_AUTORESPONSE_LOG
check "  logs transaction_id" has "$log" "transaction_id : 123456"
check "  logs customer_id" has "$log" "customer_id : client-42"
check "  logs all 42 fields" test "$(sed -n '/automatic response/,/^---/p' "$log" | grep -c ' : ')" -eq 43
check "  logs the error" has "$log" "Error message : Error get DATA response parameter  (wrong length)"
check "  logs an unknown order" has "$log" "Unknown order: the URL names no order of this shop."

echo "C: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
