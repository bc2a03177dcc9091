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
    # What the response must carry back (call_response checks it): stored below.
    order = {
        "merchant_id": cfg.MERCHANT_ID,
        "transaction_id": time.strftime("%H%M%S"),  # the plug-in's default made explicit: one order per second
        "amount": amount,  # in cents: 25.00 EUR
        "currency_code": "978",  # EUR
    }
    # The return pages name the order, so that they read the response against it.
    back = {"transaction_id": order["transaction_id"]}
    # The request: keyword => value, as in the data dictionary. The parmcom
    # files of the pathfile give the rest; a value given here wins over them.
    result = sogen.request_result({
        **order,
        "merchant_country": "fr",
        "pathfile": cfg.PATHFILE,
        # This shop's own pages, so that the demo merchant works on any port:
        "normal_return_url": cfg.sibling(environ, "call_response", **back),
        "cancel_return_url": cfg.sibling(environ, "call_response", **back),
        "automatic_response_url": cfg.sibling(environ, "call_autoresponse", **back),
        # "language": "fr", "payment_means": "CB,2,VISA,2,MASTERCARD,2", "header_flag": "yes",
        # With API_VERSION!P617! in the pathfile: "customer_name": "Dupont", "billing_city": "Paris"…
        "customer_id": "client-42",
        "order_id": "ORDER-" + order["transaction_id"],
        "caddie": "1 x sample item",
    })
    error = ""
    if result.ok:
        cfg.store_order(order)
    else:
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
