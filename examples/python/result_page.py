"""The payment result as a page a person reads, in French or English (the
browser's Accept-Language): the outcome and what its response code means,
the amount, the transaction and order, the card, the date; every value
received under "Details". Used by call_response. The texts are trusted HTML;
the values are escaped.
"""
import re

from shop_config import ROOT, h

TEXTS = {
    "en": {
        "title": "Payment result",
        "paid": "Payment accepted",
        "refused": "Payment refused",
        "cancelled": "Payment cancelled",
        "error": "The payment response could not be read",
        "unknown_order": "This page names no order of this shop.",
        "no_response": "No payment response in this request.",
        "code": "Response code",
        "colon": ": ",
        "amount": "Amount",
        "transaction": "Transaction",
        "order": "Order",
        "card": "Card",
        "date": "Date",
        "authorisation": "Authorisation",
        "details": "Details: every value received",
        "new_order": "New order",
    },
    "fr": {
        "title": "Résultat du paiement",
        "paid": "Paiement accepté",
        "refused": "Paiement refusé",
        "cancelled": "Paiement annulé",
        "error": "La réponse du paiement n'a pas pu être lue",
        "unknown_order": "Cette page ne désigne aucune commande de la boutique.",
        "no_response": "Aucune réponse de paiement dans cette requête.",
        "code": "Code réponse",
        "colon": " : ",
        "amount": "Montant",
        "transaction": "Transaction",
        "order": "Commande",
        "card": "Carte",
        "date": "Date",
        "authorisation": "Autorisation",
        "details": "Détails : toutes les valeurs reçues",
        "new_order": "Nouvelle commande",
    },
}

# What the response codes of the data dictionary mean: (English, French).
RESPONSE_CODES = {
    "00": ("authorisation accepted", "autorisation acceptée"),
    "02": ("card limit exceeded: authorisation to ask the bank by phone",
           "plafond de la carte dépassé : autorisation à demander par téléphone"),
    "03": ("invalid merchant or no distance-selling contract", "commerçant invalide ou contrat de vente à distance absent"),
    "05": ("authorisation refused", "autorisation refusée"),
    "12": ("invalid transaction", "transaction invalide"),
    "14": ("invalid card details or security code", "coordonnées bancaires ou cryptogramme invalides"),
    "17": ("cancelled by the customer", "annulation de l'internaute"),
    "30": ("format error", "erreur de format"),
    "34": ("suspected fraud", "suspicion de fraude"),
    "75": ("too many attempts at the card number", "nombre de tentatives de saisie du numéro de carte dépassé"),
    "90": ("service temporarily unavailable", "service temporairement indisponible"),
}

# ISO 4217 numeric codes: (code, decimals).
CURRENCIES = {"978": ("EUR", 2), "840": ("USD", 2), "826": ("GBP", 2), "756": ("CHF", 2), "124": ("CAD", 2),
              "036": ("AUD", 2), "392": ("JPY", 0), "952": ("XOF", 0), "953": ("XPF", 0)}

STAMP = re.compile(r"(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)")


def language(accept_language):
    """'fr' when the browser prefers French to English, else 'en'."""
    best = ("en", 0.0)
    for part in (accept_language or "").split(","):
        m = re.match(r"\s*([a-zA-Z]{2})(?:-[\w-]+)?\s*(?:;\s*q=([\d.]+))?", part)
        if not m:
            continue
        lang, q = m.group(1).lower(), float(m.group(2) or 1)
        if lang in TEXTS and q > best[1]:
            best = (lang, q)
    return best[0]


def outcome(response_code):
    """paid, cancelled or refused: what response_code says (code 0 only says the seal is good)."""
    return {"00": "paid", "17": "cancelled"}.get(response_code, "refused")


def money(cents, currency, lang):
    """'25,00 EUR' (fr) or '25.00 EUR' (en) from cents and an ISO 4217 numeric code."""
    code, decimals = CURRENCIES.get(currency, (f"({currency})", 2))
    text = f"{int(cents or 0) / 10 ** decimals:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", " ").replace(".", ",")
    return f"{text} {code}"


def masked_card(means, number):
    """'CB 4970 ···· ···· ··06': the means and the card number as received, first and last digits."""
    m = re.fullmatch(r"(\d+)\.(\d+)", number)
    if not m:
        return f"{means} {number}".strip()
    digits = m.group(1) + "·" * max(0, 16 - len(m.group(1)) - len(m.group(2))) + m.group(2)
    return f"{means} " + " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def payment_when(fields, lang):
    """The payment's date and time (payment_date, payment_time), else the transmission date."""
    m = STAMP.fullmatch(fields["payment_date"] + fields["payment_time"]) or STAMP.fullmatch(fields["transmission_date"])
    if not m:
        return ""
    y, mo, d, hh, mi, ss = m.groups()
    return (f"{d}/{mo}/{y}" if lang == "fr" else f"{y}-{mo}-{d}") + f" {hh}:{mi}:{ss}"


def summary(result, lang):
    """The outcome banner and the main values of a response read (code 0)."""
    t, f = TEXTS[lang], result.fields
    code = f["response_code"]
    meaning = RESPONSE_CODES.get(code, ("", ""))[lang == "fr"]
    rows = {
        "amount": money(f["amount"], f["currency_code"], lang),
        "transaction": f["transaction_id"],
        "order": f["order_id"],
        "card": masked_card(f["payment_means"], f["card_number"]),
        "date": payment_when(f, lang),
        "authorisation": f["authorisation_id"],
    }
    kind = outcome(code)
    html = (f'<div id="outcome" class="{kind}" data-outcome="{kind}" data-code="{h(code)}"><h2>{t[kind]}</h2>'
            f'<p>{t["code"]} {h(code)}{t["colon"] + meaning if meaning else ""}</p></div>\n<table id="summary">\n')
    for name, value in rows.items():
        if value:
            html += f'<tr data-field="{name}"><th>{t[name]}</th><td>{h(value)}</td></tr>\n'
    return html + "</table>\n"


def details(result, lang):
    """Every value received (the empty ones left out), by its name in the data dictionary."""
    rows = "".join(f'<tr><th>{h(k)}</th><td id="{h(k)}">{h(v)}</td></tr>\n' for k, v in result.fields.items() if v)
    return f'<details id="details"><summary>{TEXTS[lang]["details"]}</summary>\n<table>\n{rows}</table></details>\n'


# The page's style, shared with the PHP shop.
STYLE = (ROOT / "examples" / "result.css").read_text()


def render(lang, result, problem, new_order_url):
    """The page: the result, or why there is none (`problem`: unknown_order,
    no_response), or the API error (escaped: it may echo what was posted)."""
    t = TEXTS[lang]
    if problem:
        body = f'<div id="shop-error"><h2>{t["error"]}</h2><p>{t[problem]}</p></div>\n'
    elif not result.ok:
        body = f'<div id="shop-error"><h2>{t["error"]}</h2><pre>{h(result.error)}</pre></div>\n'
    else:
        body = summary(result, lang) + details(result, lang)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><title>Sogenactif - {t["title"]}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
{STYLE}</style></head>
<body>
<h1>{t["title"]}</h1>
{body}<p><a href="{h(new_order_url)}">{t["new_order"]}</a></p>
</body>
</html>
"""
