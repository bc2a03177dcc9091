"""Every recorded legacy case replayed through the binding.

Responses are compared byte for byte. Requests run on the real clock here (the
C ABI has no injected clock), so their DATA value, transmission date and trace
prefixes are normalised on both sides; everything else must be identical.
The parsed results (the JSON entry points) are checked against the legacy line.
"""
from __future__ import annotations

import re

import pytest

from conftest import Layout, corpus_notice, latin1, load_jsonl, normalize, response_names, shared_dir

CASES = [c for c in load_jsonl("legacy.jsonl") + load_jsonl("response.jsonl")
         # In-process calls run with this process's uid; the recorded
         # permission cases need another one (the Rust tests replay them).
         if "run_as_uid" not in c]

# Two cases record the legacy overwrite of customer_email by a long
# customer_id without an `expected_clean` (divergence 3 of
# docs/compatibility.md: libsogen keeps the received e-mail). The core's
# tests/corpus_response.rs checks them; here only their parsing is checked.
LEGACY_EMAIL_OVERWRITE = {"resp_customer_id_9_chars", "rv_pub_old_accepted_uppercase"}

_TRACE_LINES = re.compile(rb"\A(?:\d{3}:\d\d:\d\d:\d\d--\(\d+\)-[^\n]*\n)*")


def result_line(output: bytes) -> bytes:
    """The legacy line without the trace lines a malformed pathfile prints first."""
    return output[_TRACE_LINES.match(output).end():]


def test_corpus_present_or_notice(capsys):
    if shared_dir() is None:
        with capsys.disabled():
            print("\n" + corpus_notice())
        pytest.skip(corpus_notice())
    assert len(CASES) > 650, "the corpus has about 700 cases"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, lib, monkeypatch):
    layout = Layout(case)
    try:
        monkeypatch.chdir(layout.dir)
        args = [layout.sub(a) for a in case["args"]]
        if case["binary"] == "request":
            check_request(case, layout, lib, args)
        else:
            check_response(case, layout, lib, args)
    finally:
        layout.remove()


def check_request(case, layout, lib, args):
    raw = lib.request(args)
    auto = "auto_transaction_id" in case.get("volatile", [])
    wanted = layout.sub(case.get("expected_clean", case["expected"]))
    assert normalize(raw, auto) == normalize(wanted, auto)

    parsed = lib.request_result(args)
    assert normalize(parsed.output_bytes, auto) == normalize(raw, auto)
    assert parsed.exit_status == case["exit"]
    line = result_line(parsed.output_bytes)
    if parsed.code == 0:
        assert parsed.error is None
        assert line == b"!0!" + latin1(parsed.debug) + b"!" + latin1(parsed.form) + b"!"
        assert parsed.form.startswith("<FORM") or parsed.form == ""
    else:
        assert parsed.code == -1 and line.startswith(b"!-1!")
        assert parsed.form == ""
        # (The HTML error block shows a newline of the detail as a space.)
        assert latin1(parsed.error).replace(b"\n", b" ") in line


def check_response(case, layout, lib, args):
    raw = lib.response(args)
    parsed = lib.response_result(args)
    assert parsed.output_bytes == raw  # response does not read the clock
    names = response_names()
    assert list(parsed.fields) == names
    line = result_line(raw)

    if "expected_clean_prefix" in case:
        # The legacy executable crashed here; a well-formed error is required.
        assert raw.startswith(layout.sub(case["expected_clean_prefix"]))
        assert parsed.code == -1 and parsed.error
        return
    wanted = layout.sub(case.get("expected_clean", case["expected"]))
    # Only the trace line of an .old certificate carries the time and pid.
    if case["name"] not in LEGACY_EMAIL_OVERWRITE:
        assert normalize(raw) == normalize(wanted)
    assert parsed.exit_status == case["exit"]
    if parsed.exit_status == 255:  # argument errors: a plain line, no fields
        assert line == b"!-1!" + latin1(parsed.error) + b"!!"
        return
    assert parsed.code == (0 if line.startswith(b"!0!") else -1)
    assert (parsed.error is None) == (parsed.code == 0)
    values = [latin1(parsed.fields[n]) for n in names]
    # The 42 values, as the legacy line ends with them.
    assert line.endswith(b"!" + b"!".join(values))
    if line.count(b"!") == 44 and parsed.code == 0:
        # No value contains '!': the legacy line splits unambiguously.
        assert line.split(b"!")[3:] == values
