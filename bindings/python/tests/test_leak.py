"""10^5 calls with a stable resident set size.

Every result is at least ~500 bytes (the HTML error block, or a full decoded
response), so forgetting sogen_free on any path would leak tens of megabytes
over the loop: the 8 MB bound catches it while leaving room for allocator
noise.
"""
from __future__ import annotations

import os
import time

from conftest import DEMO_MERCHANT, PATHFILE, golden_case

CALLS = 100_000
BOUND = 8 * 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def test_no_growth_over_100000_calls(lib, at_repo, capsys):
    accepted = {"pathfile": PATHFILE, "message": golden_case("accepted_all_fields")["message"]}
    short = ["message=0123456789", f"pathfile={PATHFILE}"]  # ERR block + 42 '!'
    bad_amount = {"pathfile": PATHFILE, "merchant_id": DEMO_MERCHANT, "amount": "x"}
    calls = [
        lambda: lib.response(short),
        lambda: lib.response_result(short),
        lambda: lib.request(bad_amount),
        lambda: lib.request_result(bad_amount),
        lambda: lib.response_result(accepted),  # a full decode: 42 values, customer_id deciphered
    ]

    def run(n):
        for i in range(n):
            calls[i % len(calls)]()

    run(10_000)  # warm-up: caches, allocator arenas, interned objects
    before = rss()
    start = time.monotonic()
    run(CALLS)
    elapsed = time.monotonic() - start
    growth = rss() - before
    with capsys.disabled():  # the figures, in make test's output
        print(f"\nleak check: {CALLS} calls in {elapsed:.1f} s, RSS {before / 2**20:.1f} MB, growth {growth / 1024:.0f} kB")
    assert growth < BOUND, f"RSS grew by {growth} bytes over {CALLS} calls"
