"""Serves the WSGI application `application` of a Python file on 127.0.0.1:PORT.

usage: python3 serve_wsgi.py path/to/shop.py PORT

The end-to-end test runs the Python sample shop with it (threads, so that the
automatic response can arrive while a browser request is being answered).
"""
import importlib.util
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main():
    path, port = sys.argv[1], int(sys.argv[2])
    spec = importlib.util.spec_from_file_location("shop", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(__import__("pathlib").Path(path).resolve().parent))
    spec.loader.exec_module(module)
    with make_server("127.0.0.1", port, module.application, ThreadingWSGIServer, WSGIRequestHandler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
