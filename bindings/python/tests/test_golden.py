"""Every case of the golden file through the binding: the exact bytes, the
text, the parsed result, and the same arguments given as a mapping."""
from __future__ import annotations

import pytest

from conftest import GOLDEN, golden_case, latin1

CASES = GOLDEN["cases"]
NAMES = GOLDEN["response_fields"]


def call(lib, case, kind, args):
    return getattr(lib, case["program"] + kind)(args)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_exact_bytes(lib, at_repo, case):
    args = [latin1(a) for a in case["args"]]
    assert call(lib, case, "", args) == latin1(case["output"])
    # str arguments are encoded as latin-1: the same bytes reach the library.
    assert call(lib, case, "_text", case["args"]) == case["output"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_parsed_result(lib, at_repo, case):
    r = call(lib, case, "_result", case["args"])
    assert (r.code, r.error, r.exit_status, r.ok) == (case["code"], case["error"], case["exit_status"], case["code"] == 0)
    assert r.output_bytes == latin1(case["output"])
    if case["program"] == "request":
        assert (r.debug, r.form) == (case["debug"], case["form"])
    else:
        assert list(r.fields) == NAMES  # output order
        assert r.fields == case["fields"]


def as_mapping(args):
    """The arguments as a dict, when each is keyword=value with distinct keywords."""
    pairs = [a.split("=", 1) for a in args]
    if any(len(p) != 2 for p in pairs) or len({k for k, _ in pairs}) != len(pairs):
        return None
    return dict(pairs)


MAPPED = [c for c in CASES if as_mapping(c["args"]) is not None]


@pytest.mark.parametrize("case", MAPPED, ids=[c["name"] for c in MAPPED])
def test_mapping_gives_the_same_bytes(lib, at_repo, case):
    assert call(lib, case, "", as_mapping(case["args"])) == latin1(case["output"])


@pytest.mark.parametrize("refused", GOLDEN["refused"], ids=[r["name"] for r in GOLDEN["refused"]])
def test_refused_before_the_call(lib, refused):
    with pytest.raises(ValueError, match="NUL"):
        lib.request(refused["args"])
    with pytest.raises(ValueError, match="NUL"):
        lib.response([latin1(a) for a in refused["args"]])


def test_golden_file_covers_what_a_binding_can_get_wrong():
    names = {c["name"] for c in CASES}
    assert {"request_no_arguments", "request_44_arguments", "request_45_arguments", "request_every_byte",
            "request_long_value", "request_debug_error", "caddie_every_byte", "refused_debug",
            "p617_request_new_keywords", "p617_request_91_arguments", "p617_request_92_arguments",
            "expected_all_match", "expected_amount_differs"} <= names
    # The P617 keywords are also given as a mapping.
    assert {"p617_request_new_keywords", "p617_request_debug_error"} <= {c["name"] for c in MAPPED}
    assert len(NAMES) == 42


def test_p617_keywords_pass_like_any_other(lib, at_repo):
    """A shop on kit version P617 writes its new keywords as it writes the
    others: str (latin-1), bytes, int."""
    args = {"pathfile": "bindings/testdata/p617.pathfile", "merchant_id": "000000000000001", "amount": "12x",
            "customer_name": "Zo\xe9", "customer_firstname": b"Ana\xc3\xafs", "billing_city": "Saint-\xc9tienne",
            "delivery_company": "A ! B", "home_zipcode": 42000}
    assert lib.request(args) == latin1(golden_case("p617_request_new_keywords")["output"])
    assert b"Invalid Keyword in parameter (billing_city=Paris)" in lib.request({"pathfile": "demo/pathfile", "billing_city": "Paris"})


def test_expectations_pass_like_any_other_argument(lib, at_repo):
    case = golden_case("expected_amount_differs")
    args = {"pathfile": "demo/pathfile", "message": golden_case("accepted_all_fields")["message"],
            "expected_amount": 2501, "expected_max_age": 10**9}
    assert lib.response(args) == latin1(case["output"])
    assert lib.response_result(args).fields == case["fields"]
