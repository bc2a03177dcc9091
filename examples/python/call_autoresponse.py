#!/usr/bin/env python3
"""call_autoresponse: the payment server posts the response here itself, with
no browser (automatic_response_url): nothing to show, no redirection. As the
vendor's sample did, every field is appended to a log file; a shop would
update its order here. The answer is an empty HTTP 200.

A WSGI application (served by shop.py), or a CGI script when run as one.
"""
import fcntl
import json
import time

import shop_config as cfg
import sogen


def application(environ, start_response):
    log = time.strftime("%Y-%m-%d %H:%M:%S") + " automatic response\n"
    # What call_request stored for the order this URL names: the response must be its.
    transaction_id = cfg.query(environ).get("transaction_id")
    order = cfg.stored_order(transaction_id)
    try:
        result = order and sogen.response_from_post(cfg.posted(environ), cfg.PATHFILE, order)
    except ValueError as e:  # no DATA (Sips 1.0) nor Data and Seal (Sips 2.0) in the POST
        result, log = None, log + f"Not a payment response: {e}\n"
    if not order:
        log += f"Unknown order: transaction_id {json.dumps(transaction_id)}\n"
    elif result and not result.ok:
        log += f"API call error.\nError message : {result.error}\n"
    elif result:
        # Code 0: sealed with the merchant's key and this order's; paid only when response_code is 00.
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
