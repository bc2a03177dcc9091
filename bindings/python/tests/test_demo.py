"""The demo merchant of the repository (demo/pathfile): runs everywhere.

Expected outputs are built here from what went in: the legacy framing of
docs/compatibility.md and the values sealed into bindings/testdata.
"""
from __future__ import annotations

import re

import pytest

from conftest import DEMO_MERCHANT, latin1, response_names

PATHFILE = "demo/pathfile"
ACTION = "http://127.0.0.1:8090/cgis-payment/demo/callpayment"


def err_block(message: str, detail: str) -> str:
    """The legacy HTML error block ERR(m, d) (spec: behaviour.md §1.3)."""
    return (
        '</TBODY></TABLE><BR><DIV ALIGN=CENTER><TABLE style="BORDER-RIGHT: #ff0000 1px solid; '
        "BORDER-TOP: #ff0000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #ff0000 1px solid; "
        'BORDER-BOTTOM: #ff0000 1px solid; font-family: sans-serif; border-collapse: collapse;" '
        'cellPadding=3 width=700><TBODY><TR style="background-color: #ff0000"><TD align=middle>'
        f"<B>API ERROR</B></TD></TR><TR><TD>{message} ({detail}) </TD></TR></TBODY></TABLE><BR></DIV>"
    )


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
        assert f'NAME={means} ' in result.form
    assert result.output == f"!0!!{result.form}!"
    assert len(data_of(result.form)) > 400


def test_legacy_string_and_text_agree(lib, at_repo):
    raw = lib.request(demo_args())
    assert isinstance(raw, bytes) and raw.startswith(b"!0!!<FORM METHOD=POST") and raw.endswith(b"</FORM>!")
    text = lib.request_text(demo_args())
    assert isinstance(text, str) and text.startswith("!0!!<FORM")


@pytest.mark.parametrize(
    "args, output, exit_status",
    [
        (["toto=1"], "!-1!Invalid Keyword in parameter (toto=1)!!", 255),
        ([f"merchant_id={DEMO_MERCHANT}"] * 45, "!-1!invalid number of arguments (must be <= 44 )!!", 255),
        (
            [f"pathfile={PATHFILE}", f"merchant_id={DEMO_MERCHANT}", "amount=25a00"],
            "!-1!" + err_block("Error in call parameters structure", "amount (25a00) not numeric") + "!!",
            0,
        ),
        (
            ["pathfile=missing/pathfile", f"merchant_id={DEMO_MERCHANT}", "amount=2500"],
            "!-1!" + err_block("Error reading pathfile", "missing/pathfile") + "!!",
            0,
        ),
        (
            [f"pathfile={PATHFILE}", "merchant_id=000000000000002", "amount=2500"],
            "!-1!" + err_block("Error reading merchant parameters definition", "demo/param/parmcom.000000000000002") + "!!",
            0,
        ),
    ],
    ids=["unknown-keyword", "45-arguments", "amount-not-numeric", "no-pathfile", "unknown-merchant"],
)
def test_request_errors(lib, at_repo, args, output, exit_status):
    assert lib.request(args) == output.encode()
    result = lib.request_result(args)
    assert (result.code, result.output, result.exit_status, result.form) == (-1, output, exit_status, "")
    assert result.error in output and not result.ok


@pytest.mark.parametrize(
    "args, output",
    [
        ([], "!-1!invalid number of arguments (must be > 1)!!"),
        (["pathfile=demo/pathfile", "message=0123456789abcdef"],
         "!-1!" + err_block("Error get DATA response parameter ", "wrong length") + "!" * 42),
    ],
    ids=["no-arguments", "short-message"],
)
def test_response_errors(lib, at_repo, args, output):
    assert lib.response(args) == output.encode()
    result = lib.response_result(args)
    assert result.code == -1 and result.output == output
    assert set(result.fields.values()) == {""}


def test_every_demo_response_decodes_to_what_was_sealed(lib, at_repo, demo_responses):
    names = response_names()
    assert len(names) == 42
    for case in demo_responses["cases"]:
        args = {"pathfile": PATHFILE, "message": case["message"]}
        want = case["fields"]
        assert list(want) == names
        # The legacy line: code 0, no debug, the 42 values joined by '!'.
        output = "!0!!" + "!".join(want[n] for n in names)
        assert lib.response(args) == latin1(output), case["name"]
        result = lib.response_result(args)
        assert (result.code, result.error, result.exit_status) == (0, None, 0)
        assert result.fields == want
        assert list(result.fields) == names  # output order
        assert result.output == output


def test_all_42_fields_and_deciphered_customer_id(lib, at_repo, demo_responses):
    case = next(c for c in demo_responses["cases"] if c["name"] == "accepted_all_fields")
    assert case["customer_id_ciphered"]
    assert all(case["fields"].values())  # all 42 set
    result = lib.response_result({"pathfile": PATHFILE, "message": case["message"]})
    assert result["customer_id"] == "client-42"  # enciphered in DATA (flag 108)
    assert result["caddie"] == "1 x cr\xe8me br\xfbl\xe9e ! 10%"  # latin-1 bytes, a '!'
    assert result["complementary_info"] == "info ! bonus"
    assert result["response_code"] == "00"
    # The legacy line cannot be split at '!' here: two values contain one.
    assert len(result.output.split("!")) == 44 + 2 + 1
    assert result.output_bytes.count(b"\xe8") == 1  # one byte per character, no UTF-8


@pytest.mark.parametrize("where", ["mac", "payload"])
def test_altered_message_fails_the_mac(lib, at_repo, demo_responses, where):
    message = demo_responses["cases"][0]["message"]
    i = len(message) - 1 if where == "mac" else len(message) // 2
    altered = message[:i] + ("0" if message[i] != "0" else "1") + message[i + 1:]
    result = lib.response_result({"pathfile": PATHFILE, "message": altered})
    # No .old certificate beside the demo one: the legacy reports the MAC
    # failure as the failure to open it.
    old = "demo/param/certif.fr.000000000000001.old.php"
    assert result.code == -1
    assert result.error == f"Error in MAC key generation (error open certificate file {old})"
    assert result.output == "!-1!" + err_block("Error in MAC key generation", f"error open certificate file {old}") + "!" * 42
    assert set(result.fields.values()) == {""}


def test_request_data_reads_back(lib, at_repo):
    """A request's DATA, signed with the same key, is readable by response."""
    form = lib.request_result(demo_args(transaction_id=424242, order_id="ORDER-42", caddie="panier \xe9t\xe9")).form
    result = lib.response_result({"message": data_of(form), "pathfile": PATHFILE})
    assert result.ok, result.error
    f = result.fields
    assert (f["merchant_id"], f["amount"], f["transaction_id"], f["order_id"]) == (DEMO_MERCHANT, "2500", "424242", "ORDER-42")
    assert f["caddie"] == "panier \xe9t\xe9"
    assert re.fullmatch(r"\d{14}", f["transmission_date"])
