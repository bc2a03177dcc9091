"""Settings of the three sample pages (the vendor's scripts had them at their
top; edit them here). The environment overrides them, so that tests can choose
their own files: SOGEN_PATHFILE, SOGEN_MERCHANT_ID, SOGEN_AUTORESPONSE_LOG, and
SOGEN_LIBRARY for the library itself.
"""
import html
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlencode
from wsgiref.util import request_uri

ROOT = Path(__file__).resolve().parents[2]

# The pathfile: its path is given to the library as it is (no quoting, no shell).
PATHFILE = os.environ.get("SOGEN_PATHFILE") or str(ROOT / "demo" / "pathfile")
MERCHANT_ID = os.environ.get("SOGEN_MERCHANT_ID") or "000000000000001"
# The file call_autoresponse appends each automatic response to.
LOGFILE = os.environ.get("SOGEN_AUTORESPONSE_LOG") or os.path.join(tempfile.gettempdir(), "sogen-autoresponse.log")
# What call_request sent for each order, one small file a transaction beside
# the log: a shop keeps it with its orders.
ORDERS = Path(LOGFILE).parent / "sogen-orders"

# demo/pathfile names its files relative to the repository root (an
# installation with absolute paths does not need this).
os.chdir(ROOT)

# In a checkout, the release build is the library unless one is configured.
_built = ROOT / "target" / "release" / "libsogen.so"
if not os.environ.get("SOGEN_LIBRARY") and _built.is_file():
    os.environ["SOGEN_LIBRARY"] = str(_built)

try:  # `pip install bindings/python`
    import sogen  # noqa: F401
except ImportError:  # else the repository's copy
    sys.path.insert(0, str(ROOT / "bindings" / "python" / "src"))
    import sogen  # noqa: F401

# The plug-in's strings are bytes, latin-1 for the vendor's texts.
CHARSET = "ISO-8859-1"


def posted(environ):
    """The form fields of a POST (application/x-www-form-urlencoded)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    return {k: v[0] for k, v in parse_qs(body.decode("latin-1"), encoding="latin-1").items()}


def query(environ):
    return {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", ""), encoding="latin-1").items()}


def sibling(environ, name, **query):
    """The URL of another sample page beside this one, whatever the server and
    port (as CGI scripts, the pages keep their .py), with `query`."""
    here = request_uri(environ, include_query=False)
    url = here.rsplit("/", 1)[0] + "/" + name + (".py" if here.endswith(".py") else "")
    return url + ("?" + urlencode(query) if query else "")


def h(text):
    return html.escape(text, quote=True)


def page(start_response, body, status="200 OK"):
    data = body.encode(CHARSET)
    start_response(status, [("Content-Type", f"text/html; charset={CHARSET}"), ("Content-Length", str(len(data)))])
    return [data]


def store_order(order):
    """Records what the request sent (merchant_id, transaction_id, amount,
    currency_code): the values the response must carry back."""
    ORDERS.mkdir(mode=0o700, parents=True, exist_ok=True)
    (ORDERS / f"{order['transaction_id']}.json").write_text(json.dumps(order, separators=(",", ":")))


def stored_order(transaction_id):
    """What call_request stored for a transaction (the expectations of its
    response), or None: unknown, or not a transaction id (6 digits at most)."""
    if not re.fullmatch(r"\d{1,6}", transaction_id or "", re.ASCII):
        return None
    path = ORDERS / f"{transaction_id}.json"
    return json.loads(path.read_text()) if path.is_file() else None
