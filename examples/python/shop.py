#!/usr/bin/env python3
"""The three sample pages as one WSGI application, `application`:

    /call_request   /call_response   /call_autoresponse   /logo/<NAME>.gif

Serve it with any WSGI server, or run this file for wsgiref on 127.0.0.1:8001
(the PHP shop has 8000): python3 examples/python/shop.py [--port 8001]
then open http://127.0.0.1:8001/call_request. call_request gives the payment
server this shop's own return URLs, so the demo merchant works on any port.
"""
import argparse
import os
import socketserver
import sys
from wsgiref.simple_server import WSGIServer, make_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import call_autoresponse  # noqa: E402
import call_request  # noqa: E402
import call_response  # noqa: E402
import shop_config as cfg  # noqa: E402

PAGES = {
    "/call_request": call_request.application,
    "/call_response": call_response.application,
    "/call_autoresponse": call_autoresponse.application,
}
# The card logos, for a pathfile whose D_LOGO is /logo/ (the demo's).
LOGOS = cfg.ROOT / "examples" / "logo"


def application(environ, start_response):
    path = environ.get("PATH_INFO") or "/"
    if path in PAGES:
        return PAGES[path](environ, start_response)
    if path == "/":
        start_response("302 Found", [("Location", "/call_request")])
        return [b""]
    name = path[len("/logo/"):] if path.startswith("/logo/") else ""
    logo = LOGOS / name
    if name and "/" not in name and name.endswith(".gif") and logo.is_file():
        start_response("200 OK", [("Content-Type", "image/gif")])
        return [logo.read_bytes()]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    # The automatic response may arrive while a browser request is answered.
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    with make_server(args.host, args.port, application, ThreadingWSGIServer) as server:
        print(f"sample shop on http://{args.host}:{args.port}/call_request", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
