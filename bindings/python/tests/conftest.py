"""Shared fixtures: the repository, the demo merchant, the golden file.

bindings/testdata/golden.json holds, for every case, the exact bytes the
library returns and the parts its JSON entry points give; the Rust test
tests/golden_bindings.rs writes and checks it. Cases run from the
repository root (demo/pathfile is relative to it).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import sogen

REPO = Path(__file__).resolve().parents[3]
DEMO_MERCHANT = "000000000000001"
PATHFILE = "demo/pathfile"


def latin1(s: str) -> bytes:
    """A golden string (one code point per byte) as bytes."""
    return s.encode("latin-1")


def load_golden() -> dict:
    with open(REPO / "bindings" / "testdata" / "golden.json", encoding="utf-8") as f:
        return json.load(f)


GOLDEN = load_golden()


def golden_case(name: str) -> dict:
    return next(c for c in GOLDEN["cases"] if c["name"] == name)


@pytest.fixture(scope="session")
def lib():
    return sogen.Sogen()


@pytest.fixture
def at_repo(monkeypatch):
    """demo/pathfile's paths are relative to the repository root."""
    monkeypatch.chdir(REPO)
    return REPO
