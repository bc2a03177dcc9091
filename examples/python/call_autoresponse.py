#!/usr/bin/env python3
"""call_autoresponse: the payment server posts the same DATA here itself, with
no browser (automatic_response_url): nothing to show, no redirection. As the
vendor's sample did, every field is appended to a log file; a shop would
update its order here. The answer is an empty HTTP 200.

A WSGI application (served by shop.py), or a CGI script when run as one.
"""
import fcntl
import time

import shop_config as cfg
import sogen


def application(environ, start_response):
    result = sogen.response_result({"message": cfg.posted(environ).get("DATA", ""), "pathfile": cfg.PATHFILE})
    log = time.strftime("%Y-%m-%d %H:%M:%S") + " automatic response\n"
    if not result.ok:
        log += f"API call error.\nError message : {result.error}\n"
    else:
        log += "".join(f"{name} : {value}\n" for name, value in result.fields.items())
    log += "-" * 43 + "\n"
    with open(cfg.LOGFILE, "ab") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # responses for several orders may arrive at once
        f.write(log.encode("latin-1"))  # the bytes received
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "0")])
    return [b""]


if __name__ == "__main__":
    from wsgiref.handlers import CGIHandler

    CGIHandler().run(application)
