#!/usr/bin/env python3
"""call_request: shows the payment means of the shop; the customer's click
posts the signed DATA to the payment server. (The vendor's sample ran the
`request` executable; this calls libsogen in-process.)

A WSGI application (served by shop.py), or a CGI script when run as one.
"""
import time

import shop_config as cfg
import sogen


def application(environ, start_response):
    amount = "".join(c for c in cfg.query(environ).get("amount", "") if c.isdigit()) or "2500"
    # The request: keyword => value, as in the data dictionary. The parmcom
    # files of the pathfile give the rest; a value given here wins over them.
    result = sogen.request_result({
        "merchant_id": cfg.MERCHANT_ID,
        "merchant_country": "fr",
        "amount": amount,  # in cents: 25.00 EUR
        "currency_code": "978",  # EUR
        "pathfile": cfg.PATHFILE,
        # "transaction_id": "123456",  # default: the time, hhmmss (one order per second)
        # This shop's own pages, so that the demo merchant works on any port:
        "normal_return_url": cfg.sibling(environ, "call_response"),
        "cancel_return_url": cfg.sibling(environ, "call_response"),
        "automatic_response_url": cfg.sibling(environ, "call_autoresponse"),
        # "language": "fr", "payment_means": "CB,2,VISA,2,MASTERCARD,2", "header_flag": "yes",
        "customer_id": "client-42",
        "order_id": time.strftime("ORDER-%H%M%S"),
        "caddie": "1 x sample item",
    })
    error = ""
    if not result.ok:
        error = f'<p id="shop-error">Payment API error (request):</p><pre>{cfg.h(result.error)}</pre>\n'
    euros = f"{int(amount) // 100},{int(amount) % 100:02d}"
    # DEBUG!YES! in the pathfile: the plug-in's own HTML first; then the payment means.
    return cfg.page(start_response, f"""<!DOCTYPE html>
<html>
<head><title>Sogenactif - demo shop</title></head>
<body style="font-family: sans-serif">
<h1>Demo shop</h1>
<p>Your order: <b>{euros} EUR</b>.</p>
{error}{result.debug}{result.form}
</body>
</html>
""")


if __name__ == "__main__":
    from wsgiref.handlers import CGIHandler

    CGIHandler().run(application)
