#!/usr/bin/env python3
"""call_response: where the customer comes back from the payment server
(normal_return_url / cancel_return_url), with the result in the POST.

A WSGI application (served by shop.py), or a CGI script when run as one.
"""
import result_page
import shop_config as cfg
import sogen


def application(environ, start_response):
    # What call_request stored for the order this URL names: the response
    # must be that order's (same merchant, transaction, amount, currency, and
    # a recent date), else it is refused with the reason.
    order = cfg.stored_order(cfg.query(environ).get("transaction_id"))
    result, problem = None, None if order else "unknown_order"
    try:
        # DATA (Sips 1.0) or Data, Seal, Encode (Sips 2.0), as posted.
        result = order and sogen.response_from_post(cfg.posted(environ), cfg.PATHFILE, order)
    except ValueError:
        problem = "no_response"
    # Code 0 means sealed with the merchant's key; the page tells paid from
    # refused and cancelled by response_code.
    lang = result_page.language(environ.get("HTTP_ACCEPT_LANGUAGE"))
    return cfg.page(start_response, result_page.render(lang, result, problem, cfg.sibling(environ, "call_request")))


if __name__ == "__main__":
    from wsgiref.handlers import CGIHandler

    CGIHandler().run(application)
