"""The vendor's three sample pages rewritten on the binding (examples/python):
served by shop.py as a WSGI application, and run as CGI scripts."""
from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import REPO, golden_case

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
    """shop.py serving on a free port; yields (base URL, autoresponse log)."""
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


def http(url, post=None):
    data = urllib.parse.urlencode(post, encoding="latin-1").encode() if post is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=20) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_call_request_shows_the_payment_means(shop):
    url, _ = shop
    status, headers, body = http(f"{url}/call_request")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=ISO-8859-1"
    assert b'<FORM METHOD=POST ACTION="http://127.0.0.1:8090/cgis-payment/demo/callpayment"' in body
    assert b'<INPUT TYPE=IMAGE NAME=CB BORDER=0 SRC="/logo/CB.gif">' in body
    assert b"<b>25,00 EUR</b>" in body
    assert b"<b>12,34 EUR</b>" in http(f"{url}/call_request?amount=1234")[2]


def test_call_response_shows_the_fields(shop):
    url, _ = shop
    case = golden_case("accepted_all_fields")
    status, _, body = http(f"{url}/call_response", {"DATA": case["message"]})
    assert status == 200
    page = body.decode("latin-1")
    assert '<h2 id="verdict">Payment accepted</h2>' in page
    for name, value in case["fields"].items():
        assert f'<td id="{name}">{html.escape(value)}</td>' in page
    assert b"cr\xe8me" in body  # the bytes received, in a latin-1 page
    for name, verdict in (("refused", "Payment refused"), ("cancelled", "Payment cancelled")):
        body = http(f"{url}/call_response", {"DATA": golden_case(name)["message"]})[2]
        assert f'<h2 id="verdict">{verdict}</h2>'.encode() in body
    body = http(f"{url}/call_response", {"DATA": case["message"][:-1] + "x"})[2]
    assert b'<p id="shop-error">' in body and b"Error in MAC key generation" in body


def test_call_autoresponse_logs_every_field(shop):
    url, log = shop
    case = golden_case("accepted_all_fields")
    assert http(f"{url}/call_autoresponse", {"DATA": case["message"]})[::2] == (200, b"")
    assert http(f"{url}/call_autoresponse", {"DATA": "garbage"})[::2] == (200, b"")
    text = log.read_bytes().decode("latin-1")
    for name, value in case["fields"].items():
        assert f"\n{name} : {value}\n" in text
    assert "\nError message : Error get DATA response parameter  (wrong length)\n" in text
    assert text.count("-" * 43 + "\n") == 2


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


def test_cgi_request_carries_this_servers_return_urls(lib, debug_pathfile):
    env = cgi_env(lib, SCRIPT_NAME="/cgi-bin/call_request.py", SOGEN_PATHFILE=debug_pathfile)
    headers, body = run_cgi("call_request.py", env)
    assert headers.startswith("Status: 200 OK")
    # DEBUG mode lists the request's values: the sibling CGI scripts.
    assert b"<TD>RETURN_URL (http://127.0.0.1:8080/cgi-bin/call_response.py)</TD>" in body
    assert b"<TD>AUTO_RESPONSE_URL (http://127.0.0.1:8080/cgi-bin/call_autoresponse.py)</TD>" in body
    assert b"<INPUT TYPE=IMAGE NAME=CB " in body


def test_shop_request_carries_its_return_urls(lib, debug_pathfile):
    env = cgi_env(lib, SCRIPT_NAME="", PATH_INFO="/call_request", SOGEN_PATHFILE=debug_pathfile)
    # shop.py's application, run once through CGI rather than a server.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import shop; "
            "from wsgiref.handlers import CGIHandler; CGIHandler().run(shop.application)")
    out = subprocess.run([sys.executable, "-S", "-c", code, str(SAMPLES)], env=env, capture_output=True,
                         timeout=60, check=True).stdout
    assert b"<TD>RETURN_URL (http://127.0.0.1:8080/call_response)</TD>" in out


def test_cgi_response_and_autoresponse(lib, tmp_path):
    case = golden_case("refused")
    body = urllib.parse.urlencode({"DATA": case["message"]}).encode()
    log = tmp_path / "auto.log"
    env = cgi_env(lib, REQUEST_METHOD="POST", CONTENT_TYPE="application/x-www-form-urlencoded",
                  CONTENT_LENGTH=str(len(body)), SCRIPT_NAME="/cgi-bin/call_response.py", SOGEN_AUTORESPONSE_LOG=str(log))
    headers, page = run_cgi("call_response.py", env, body)
    assert b'<td id="response_code">05</td>' in page
    assert b'<a href="http://127.0.0.1:8080/cgi-bin/call_request.py">' in page
    headers, page = run_cgi("call_autoresponse.py", dict(env, SCRIPT_NAME="/cgi-bin/call_autoresponse.py"), body)
    assert headers.startswith("Status: 200 OK") and page == b""
    assert f"\ntransaction_id : {case['fields']['transaction_id']}\n" in log.read_text(encoding="latin-1")
