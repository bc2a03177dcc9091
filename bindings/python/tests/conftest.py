"""Shared helpers: the repository, the demo merchant, the recorded corpus.

The corpus (../shared/corpus, or $SOGEN_SHARED/corpus) exists on developer
machines and in CI, not in a user's clone: its tests skip with a notice there.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

import sogen

REPO = Path(__file__).resolve().parents[3]
DEMO_MERCHANT = "000000000000001"


def shared_dir():
    d = Path(os.environ.get("SOGEN_SHARED") or REPO.parent / "shared")
    return d if (d / "corpus").is_dir() else None


def corpus_notice():
    return f"NOTICE: {REPO.parent / 'shared'}/corpus is absent (it is not part of the repository): corpus cases skipped"


def load_jsonl(name):
    d = shared_dir()
    if d is None:
        return []
    with open(d / "corpus" / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def latin1(s: str) -> bytes:
    """A corpus or JSON string (one code point per byte) as bytes."""
    return s.encode("latin-1")


class Layout:
    """A case's files in a fresh directory, ``{DIR}`` substituted."""

    def __init__(self, case):
        self.dir = tempfile.mkdtemp(prefix="sogen-py-")
        for name, content in case.get("files", {}).items():
            with open(os.path.join(self.dir, name), "wb") as f:
                f.write(self.sub(content))
        for name, mode in case.get("file_modes", {}).items():
            os.chmod(os.path.join(self.dir, name), int(mode, 8))

    def sub(self, s: str) -> bytes:
        return latin1(s).replace(b"{DIR}", self.dir.encode())

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


# What the real clock and pid change in an output (the C ABI has no injected
# clock): the DATA hex, the 14-digit transmission date and trace-line prefixes.
_DATA = re.compile(rb'VALUE="[0-9A-Fa-f]{17,}"')
_DATE = re.compile(rb"TRANSMISSION_DATE \(\d{14}\)")
_TRACE = re.compile(rb"(?m)^\d{3}:\d\d:\d\d:\d\d--\(\d+\)-")
_AUTO_TID = re.compile(rb"TRANSACTION_ID \(\d{6}\)")


def normalize(text: bytes, auto_tid: bool = False) -> bytes:
    text = _DATA.sub(b'VALUE="{DATA}"', text)
    text = _DATE.sub(b"TRANSMISSION_DATE ({TRANSMISSION_DATE})", text)
    text = _TRACE.sub(b"{TRACE}-", text)
    if auto_tid:  # the automatic transaction id is the local hhmmss
        text = _AUTO_TID.sub(b"TRANSACTION_ID ({AUTO})", text)
    return text


@pytest.fixture(scope="session")
def lib():
    return sogen.Sogen()


@pytest.fixture
def at_repo(monkeypatch):
    """demo/pathfile's paths are relative to the repository root."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture(scope="session")
def demo_responses():
    with open(REPO / "bindings" / "testdata" / "demo-responses.json", encoding="utf-8") as f:
        return json.load(f)


def response_names():
    """The 42 names in output order, from the core's table (src/response_fields.rs)."""
    text = (REPO / "src" / "response_fields.rs").read_text()
    return re.findall(r'def\(\w+, "(\w+)", \d+', text)
