#!/usr/bin/env python3
"""call_response: where the customer comes back from the payment server
(normal_return_url / cancel_return_url), with the result in the posted DATA.

A WSGI application (served by shop.py), or a CGI script when run as one.
"""
import shop_config as cfg
import sogen

VERDICTS = {"00": "Payment accepted", "17": "Payment cancelled"}


def application(environ, start_response):
    result = sogen.response_result({"message": cfg.posted(environ).get("DATA", ""), "pathfile": cfg.PATHFILE})
    if not result.ok:
        body = f'<p id="shop-error">Payment API error (response):</p>\n<pre>{cfg.h(result.error)}</pre>'
    else:
        rows = "".join(
            f'<tr><th>{name}</th><td id="{name}">{cfg.h(value)}</td></tr>\n' for name, value in result.fields.items()
        )
        verdict = VERDICTS.get(result["response_code"], "Payment refused")
        body = f'<h2 id="verdict">{verdict}</h2>\n<table border="1" cellpadding="3">\n{rows}</table>'
    return cfg.page(start_response, f"""<!DOCTYPE html>
<html>
<head><title>Sogenactif - payment result</title></head>
<body style="font-family: sans-serif">
<h1>Demo shop - payment result</h1>
{body}
<p><a href="{cfg.sibling(environ, 'call_request')}">New order</a></p>
</body>
</html>
""")


if __name__ == "__main__":
    from wsgiref.handlers import CGIHandler

    CGIHandler().run(application)
