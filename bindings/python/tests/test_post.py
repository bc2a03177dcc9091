"""response_from_post: the POST fields of the golden file's `posts` as
arguments, what reaches the C ABI (a stand-in library that echoes its
arguments), Sips 1.0 end to end, and Sips 2.0 end to end once the core reads
it (skipped, with the reason, before)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import subprocess

import pytest

import sogen
from conftest import GOLDEN, REPO, latin1

POSTS = GOLDEN["posts"]
ACCEPTED = [c for c in POSTS if "refused" not in c]
SIPS1 = [c for c in POSTS if "output" in c]


def ids(cases):
    return [c["name"] for c in cases]


def fields(case, as_bytes=False):
    """The POST fields as a web framework hands them: a mapping of str (or bytes)."""
    return {k: latin1(v) if as_bytes else v for k, v in case["post"]}


def args_of(case):
    return [latin1(a) for a in case["args"]]


@pytest.mark.parametrize("case", POSTS, ids=ids(POSTS))
def test_post_arguments(case):
    if "refused" in case:
        with pytest.raises((ValueError, TypeError), match=case["refused"]):
            sogen.post_arguments(fields(case), case["pathfile"], case["expected"])
    else:
        assert sogen.post_arguments(fields(case), case["pathfile"], case["expected"]) == args_of(case)


@pytest.mark.parametrize("case", SIPS1, ids=ids(SIPS1))
def test_sips1_end_to_end(lib, at_repo, case):
    for post in (fields(case), fields(case, as_bytes=True)):
        r = lib.response_from_post(post, case["pathfile"], case["expected"])
        assert (r.code, r.error, r.exit_status) == (case["code"], case["error"], case["exit_status"])
        assert r.output_bytes == latin1(case["output"])
        assert r.fields == case["fields"]


def test_no_response_in_the_post_is_an_error(lib):
    with pytest.raises(ValueError, match=r"DATA \(Sips 1\.0\) or Data and Seal \(Sips 2\.0\)"):
        lib.response_from_post({"amount": "2500"}, "demo/pathfile")


@pytest.fixture(scope="module")
def echo(tmp_path_factory):
    """bindings/testdata/echo.c built as a library: it answers with its arguments."""
    path = tmp_path_factory.mktemp("echo") / "libsogen-echo.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(path), str(REPO / "bindings/testdata/echo.c")], check=True)
    return sogen.Sogen(path)


@pytest.mark.parametrize("case", ACCEPTED, ids=ids(ACCEPTED))
def test_what_reaches_the_library(echo, case):
    echoed = b"".join(b"%d:%s;" % (len(a), a) for a in args_of(case))
    assert echo.response_from_post(fields(case), case["pathfile"], case["expected"]).output_bytes == echoed
    assert echo.response_from_post(fields(case, as_bytes=True), case["pathfile"], case["expected"]).output_bytes == echoed


# ---------------------------------------------------------------- Sips 2.0

SIPS2 = json.loads((REPO / "bindings/testdata/sips2.json").read_text())


def encoded(values):
    """Sips 2.0's Data: key=value joined with '|', in base64."""
    return base64.b64encode("|".join(f"{k}={v}" for k, v in values).encode()).decode()


def sips2_post(changed=None):
    """The automatic response of bindings/testdata/sips2.json as the payment
    server posts it, sealed with the key file's key; `changed` alters one
    field after sealing."""
    key = re.search(r"^SECRET_KEY!(.*)!$", (REPO / SIPS2["key_file"]).read_text(), re.M).group(1)
    data = encoded(SIPS2["fields"])
    seal = hmac.new(key.encode(), data.encode(), hashlib.sha256).hexdigest()
    if changed:
        data = encoded([(k, changed[1] if k == changed[0] else v) for k, v in SIPS2["fields"]])
    return {"Data": data, "Seal": seal, "Encode": "base64", "InterfaceVersion": SIPS2["interface_version"]}


@pytest.fixture
def sips2(lib, at_repo):
    """The library, once it reads Sips 2.0 responses."""
    answer = lib.response_from_post(sips2_post(), SIPS2["pathfile"])
    if answer.exit_status == 255 and re.search(r"number of arguments|seal=", answer.error or ""):
        pytest.skip(f"the core does not read Sips 2.0 responses yet (response answers: {answer.error})")
    return lib


def test_sips2_end_to_end(sips2):
    r = sips2.response_from_post(sips2_post(), SIPS2["pathfile"])
    assert (r.code, r.error) == (0, None)
    assert {name: r[name] for name in SIPS2["values"]} == SIPS2["values"]
    direct = [b"message=" + sips2_post()["Data"].encode(), b"seal=" + sips2_post()["Seal"].encode(),
              b"encode=base64", b"pathfile=" + SIPS2["pathfile"].encode()]
    assert sips2.response(direct) == r.output_bytes


def test_sips2_seal_and_expectations(sips2):
    assert sips2.response_from_post(sips2_post(SIPS2["tampered"]), SIPS2["pathfile"]).code == -1
    r = sips2.response_from_post(sips2_post(), SIPS2["pathfile"], {"amount": 2501})
    assert r.code == -1 and "does not match" in r.error
