"""What the golden file cannot hold: a successful request carries the real
clock (its DATA and transmission date), so its form is checked by shape, and
its DATA read back by response."""
from __future__ import annotations

import re

from conftest import DEMO_MERCHANT, PATHFILE

ACTION = "http://127.0.0.1:8090/cgis-payment/demo/callpayment"


def demo_args(**extra):
    args = {"pathfile": PATHFILE, "merchant_id": DEMO_MERCHANT, "amount": 2500}
    args.update(extra)
    return args


def data_of(form: str) -> str:
    m = re.search(r'NAME=DATA VALUE="([0-9a-f]+)"', form)
    assert m, form
    return m.group(1)


def test_request_gives_the_demo_form(lib, at_repo):
    result = lib.request_result(demo_args(order_id="ORDER-1"))
    assert (result.code, result.error, result.exit_status, result.debug) == (0, None, 0, "")
    assert result.ok
    assert result.form.startswith(f'<FORM METHOD=POST ACTION="{ACTION}" target="_top">')
    for means in ("CB", "VISA", "MASTERCARD"):  # PAYMENT_MEANS of parmcom.sogenactif
        assert f"NAME={means} " in result.form
    assert result.output == f"!0!!{result.form}!"
    assert len(data_of(result.form)) > 400


def test_legacy_bytes_and_text_have_the_same_shape(lib, at_repo):
    raw = lib.request(demo_args())
    assert isinstance(raw, bytes) and raw.startswith(b"!0!!<FORM METHOD=POST") and raw.endswith(b"</FORM>!")
    text = lib.request_text(demo_args())
    assert isinstance(text, str) and text.startswith("!0!!<FORM")


def test_request_data_reads_back(lib, at_repo):
    """A request's DATA, signed with the same key, is readable by response."""
    form = lib.request_result(demo_args(transaction_id=424242, order_id="ORDER-42", caddie="panier \xe9t\xe9")).form
    result = lib.response_result({"message": data_of(form), "pathfile": PATHFILE})
    assert result.ok, result.error
    f = result.fields
    assert (f["merchant_id"], f["amount"], f["transaction_id"], f["order_id"]) == (DEMO_MERCHANT, "2500", "424242", "ORDER-42")
    assert f["caddie"] == "panier \xe9t\xe9"
    assert re.fullmatch(r"\d{14}", f["transmission_date"])
