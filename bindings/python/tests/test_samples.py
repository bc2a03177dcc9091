"""The vendor's three sample pages rewritten on the binding (examples/python):
served by shop.py as a WSGI application, and run as CGI scripts."""
from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import DEMO_MERCHANT, REPO, golden_case

SAMPLES = REPO / "examples" / "python"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def debug_pathfile(tmp_path_factory):
    """The demo pathfile with DEBUG on (the form then lists the request's
    fields) and absolute paths."""
    text = (REPO / "demo" / "pathfile").read_text()
    text = text.replace("DEBUG!NO!", "DEBUG!YES!").replace("!demo/param/", f"!{REPO}/demo/param/")
    path = tmp_path_factory.mktemp("pathfile") / "pathfile"
    path.write_text(text)
    return str(path)


@pytest.fixture(scope="module")
def shop(tmp_path_factory, lib):
    """shop.py serving on a free port; yields (base URL, autoresponse log).
    The orders the pages store go beside the log."""
    log = tmp_path_factory.mktemp("shop") / "autoresponse.log"
    port = free_port()
    env = dict(os.environ, SOGEN_AUTORESPONSE_LOG=str(log), SOGEN_PATHFILE="", SOGEN_LIBRARY=lib.path)
    server = subprocess.Popen([sys.executable, str(SAMPLES / "shop.py"), "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"shop.py exited: {server.stdout.read().decode()}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def http(url, post=None, headers=None):
    data = urllib.parse.urlencode(post, encoding="latin-1").encode() if post is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=20) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def store_order_of(log, name, **changes):
    """An order as call_request stores it, for the golden response `name` (its
    merchant, transaction, amount and currency), with `changes`; its date is
    months old, so a max_age keeps it recent unless `changes` drops it."""
    f = golden_case(name)["fields"]
    order = {k: f[k] for k in ("merchant_id", "transaction_id", "amount", "currency_code")}
    order.update({"max_age": "1000000000", **changes})
    orders = log.parent / "sogen-orders"
    orders.mkdir(exist_ok=True)
    (orders / f"{f['transaction_id']}.json").write_text(json.dumps({k: v for k, v in order.items() if v is not None}))
    return f["transaction_id"]


def return_with(shop, name, headers=None, **changes):
    """Posts the golden response `name` to call_response for its stored order: the page, as text."""
    url, log = shop
    tid = store_order_of(log, name, **changes)
    status, _, body = http(f"{url}/call_response?transaction_id={tid}", {"DATA": golden_case(name)["message"]}, headers)
    assert status == 200
    return body.decode("latin-1")


def test_call_request_shows_the_payment_means(shop):
    url, _ = shop
    status, headers, body = http(f"{url}/call_request")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=ISO-8859-1"
    assert b'<FORM METHOD=POST ACTION="http://127.0.0.1:8090/cgis-payment/demo/callpayment"' in body
    assert b'<INPUT TYPE=IMAGE NAME=CB BORDER=0 SRC="/logo/CB.gif">' in body
    assert b"<b>25,00 EUR</b>" in body
    assert b"<b>12,34 EUR</b>" in http(f"{url}/call_request?amount=1234")[2]


def test_call_request_stores_what_its_data_carries(shop, lib, at_repo):
    url, log = shop
    data = re.search(rb'NAME=DATA VALUE="([0-9a-f]+)"', http(f"{url}/call_request?amount=4321")[2]).group(1)
    # A request's DATA read back: the legacy customer_id quirk (behaviour.md §5.3) still prints the fields.
    f = lib.response_result({"message": data, "pathfile": "demo/pathfile"}).fields
    assert re.fullmatch(r"\d{6}", f["transaction_id"]) and f["order_id"] == "ORDER-" + f["transaction_id"]
    stored = json.loads((log.parent / "sogen-orders" / f"{f['transaction_id']}.json").read_text())
    assert stored == {"merchant_id": DEMO_MERCHANT, "transaction_id": f["transaction_id"], "amount": "4321",
                      "currency_code": "978"} == {k: f[k] for k in stored}


def test_call_response_shows_the_payment(shop):
    page = return_with(shop, "accepted_all_fields")
    assert '<html lang="en">' in page
    assert ('<div id="outcome" class="paid" data-outcome="paid" data-code="00"><h2>Payment accepted</h2>'
            "<p>Response code 00: authorisation accepted</p></div>") in page
    for row, value in (("amount", "25.00 EUR"), ("transaction", "123456"), ("order", "ORDER-1"),
                       ("card", "CB 4970 \xb7\xb7\xb7\xb7 \xb7\xb7\xb7\xb7 \xb7\xb706"), ("date", "2026-01-15 10:35:12"),
                       ("authorisation", "654321")):
        assert re.search(f'<tr data-field="{row}"><th>[^<]+</th><td>{re.escape(value)}</td></tr>', page), row
    # Every value received, under the details: the empty ones left out.
    for name, value in golden_case("accepted_all_fields")["fields"].items():
        assert (f'<td id="{name}">{html.escape(value)}</td>' in page) == (value != ""), name
    assert "cr\xe8me" in page  # the bytes received, in a latin-1 page


def test_call_response_outcomes_in_french(shop):
    french = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}
    for name, outcome, code, title in (("refused", "refused", "05", "Paiement refusé"),
                                       ("cancelled", "cancelled", "17", "Paiement annulé")):
        page = return_with(shop, name, french)
        assert '<html lang="fr">' in page
        assert f'<div id="outcome" class="{outcome}" data-outcome="{outcome}" data-code="{code}"><h2>{title}</h2>' in page
    assert "<p>Code réponse 17 : annulation de l'internaute</p>" in page
    assert "<td>25,00 EUR</td>" in page and "<td>15/01/2026 " in page
    assert "<h2>Payment refused</h2>" in return_with(shop, "refused", {"Accept-Language": "fr;q=0.5, en-GB"})


@pytest.mark.parametrize("changes, error", [
    ({"amount": "2501"}, "Error response does not match the request (amount 2501 expected, 2500 received)"),
    ({"merchant_id": "000000000000002"}, "merchant_id 000000000000002 expected, 000000000000001 received"),
    ({"max_age": None}, "transmission_date 20260115103000 is not recent"),
    ({"amount": "<b>1</b>"}, "amount &lt;b&gt;1&lt;/b&gt; expected"),
], ids=["amount", "merchant", "old", "escaped"])
def test_call_response_refuses_what_the_order_did_not_send(shop, changes, error):
    page = return_with(shop, "accepted_all_fields", **changes)
    assert '<div id="shop-error">' in page and error in page and 'id="outcome"' not in page


def test_call_response_without_an_order_or_a_response(shop):
    url, log = shop
    message = golden_case("accepted_all_fields")["message"]
    for query in ("", "?transaction_id=999999", "?transaction_id=../x"):
        assert b"This page names no order of this shop." in http(f"{url}/call_response{query}", {"DATA": message})[2]
    tid = store_order_of(log, "accepted_all_fields")
    assert b"No payment response in this request." in http(f"{url}/call_response?transaction_id={tid}", {"data": message})[2]
    body = http(f"{url}/call_response?transaction_id={tid}", {"DATA": message[:-1] + "x"})[2]
    assert b'<div id="shop-error">' in body and b"Error in MAC key generation" in body


def test_call_autoresponse_logs_every_field(shop):
    url, log = shop
    log.unlink(missing_ok=True)
    case = golden_case("accepted_all_fields")
    tid = store_order_of(log, "accepted_all_fields")
    for query, data in ((f"?transaction_id={tid}", case["message"]), (f"?transaction_id={tid}", "garbage"),
                        ("?transaction_id=1", case["message"])):
        assert http(f"{url}/call_autoresponse{query}", {"DATA": data})[::2] == (200, b"")
    text = log.read_bytes().decode("latin-1")
    for name, value in case["fields"].items():
        assert f"\n{name} : {value}\n" in text
    assert "\nError message : Error get DATA response parameter  (wrong length)\n" in text
    assert '\nUnknown order: transaction_id "1"\n' in text
    assert text.count("-" * 43 + "\n") == 3


def test_logos_and_root(shop):
    url, _ = shop
    if not (REPO / "examples" / "logo" / "CB.gif").is_file():
        pytest.skip("examples/logo is not there")
    status, headers, body = http(f"{url}/logo/CB.gif")
    assert (status, headers["Content-Type"], body[:4]) == (200, "image/gif", b"GIF8")
    assert http(f"{url}/logo/../shop.py")[0] == 404
    assert http(f"{url}/")[2].startswith(b"<!DOCTYPE html>")  # followed the redirection to call_request


def run_cgi(script, env, stdin=b""):
    """One page run as a web server runs a CGI script; returns (headers, body).
    `python -S`: no site-packages, so the sample's fallback to the repository's
    copy of the binding is what imports sogen."""
    out = subprocess.run([sys.executable, "-S", str(SAMPLES / script)], input=stdin, env=env,
                         capture_output=True, timeout=60, check=True)
    headers, _, body = out.stdout.partition(b"\r\n\r\n")
    return headers.decode("latin-1"), body


def cgi_env(lib, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOGEN_")}
    env.update(GATEWAY_INTERFACE="CGI/1.1", SERVER_PROTOCOL="HTTP/1.1", SERVER_NAME="127.0.0.1",
               SERVER_PORT="8080", HTTP_HOST="127.0.0.1:8080", REQUEST_METHOD="GET", QUERY_STRING="",
               SOGEN_LIBRARY=lib.path)
    env.update(extra)
    return env


def test_cgi_request_carries_this_servers_return_urls(lib, debug_pathfile, tmp_path):
    env = cgi_env(lib, SCRIPT_NAME="/cgi-bin/call_request.py", SOGEN_PATHFILE=debug_pathfile,
                  SOGEN_AUTORESPONSE_LOG=str(tmp_path / "auto.log"))
    headers, body = run_cgi("call_request.py", env)
    assert headers.startswith("Status: 200 OK")
    # DEBUG mode lists the request's values: the sibling CGI scripts, naming the order.
    tid = re.search(rb"<TD>TRANSACTION_ID \((\d{6})\)</TD>", body).group(1).decode()
    assert f"<TD>RETURN_URL (http://127.0.0.1:8080/cgi-bin/call_response.py?transaction_id={tid})</TD>".encode() in body
    assert f"<TD>AUTO_RESPONSE_URL (http://127.0.0.1:8080/cgi-bin/call_autoresponse.py?transaction_id={tid})</TD>".encode() in body
    assert b"<INPUT TYPE=IMAGE NAME=CB " in body


def test_shop_request_carries_its_return_urls(lib, debug_pathfile, tmp_path):
    env = cgi_env(lib, SCRIPT_NAME="", PATH_INFO="/call_request", SOGEN_PATHFILE=debug_pathfile,
                  SOGEN_AUTORESPONSE_LOG=str(tmp_path / "auto.log"))
    # shop.py's application, run once through CGI rather than a server.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import shop; "
            "from wsgiref.handlers import CGIHandler; CGIHandler().run(shop.application)")
    out = subprocess.run([sys.executable, "-S", "-c", code, str(SAMPLES)], env=env, capture_output=True,
                         timeout=60, check=True).stdout
    assert re.search(rb"<TD>RETURN_URL \(http://127\.0\.0\.1:8080/call_response\?transaction_id=\d{6}\)</TD>", out)


def test_cgi_response_and_autoresponse(lib, tmp_path):
    case = golden_case("refused")
    body = urllib.parse.urlencode({"DATA": case["message"]}).encode()
    log = tmp_path / "auto.log"
    tid = store_order_of(log, "refused")
    env = cgi_env(lib, REQUEST_METHOD="POST", CONTENT_TYPE="application/x-www-form-urlencoded", QUERY_STRING=f"transaction_id={tid}",
                  CONTENT_LENGTH=str(len(body)), SCRIPT_NAME="/cgi-bin/call_response.py", SOGEN_AUTORESPONSE_LOG=str(log))
    headers, page = run_cgi("call_response.py", env, body)
    assert b'<div id="outcome" class="refused" data-outcome="refused" data-code="05">' in page
    assert b'<a href="http://127.0.0.1:8080/cgi-bin/call_request.py">' in page
    headers, page = run_cgi("call_autoresponse.py", dict(env, SCRIPT_NAME="/cgi-bin/call_autoresponse.py"), body)
    assert headers.startswith("Status: 200 OK") and page == b""
    assert f"\ntransaction_id : {case['fields']['transaction_id']}\n" in log.read_text(encoding="latin-1")
