#!/usr/bin/env python3
"""Seeds the cargo-fuzz corpora (fuzz/corpus/<target>/) from the recorded
cases in ../shared/corpus (when present) and from the demo configuration.

Seeds are inputs the real executables were given: configuration files,
argument lists (NUL-separated, as the `args` target splits them) and DATA
messages; the `response` target also gets fresh valid messages for the demo
merchant, made by the project's `request` (so mutations start past the MAC).
"""

import hashlib
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # fuzz/ is one level down
SHARED = os.environ.get("SOGEN_SHARED", os.path.join(ROOT, "..", "shared"))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def latin1(s):
    return s.encode("latin-1")


def add(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)


def from_cases(path):
    if not os.path.exists(path):
        return 0
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            n += 1
            for name, content in case.get("files", {}).items():
                data = latin1(content.replace("{DIR}", "demo/param"))
                if name == "pathfile":
                    add("pathfile", data)
                elif name.startswith("parmcom"):
                    add("parmcom", data)
                elif name.startswith("certif"):
                    add("certificate", b"\x01" + data)
                    add("certificate", b"\x00" + data)
            args = [latin1(a) for a in case.get("args", [])]
            add("args", b"\0".join(args))
            for a in args:
                if a.startswith(b"message="):
                    add("response_data", a[8:])
                    add("response", a[8:])
    return n


def demo_seeds():
    for name in ("pathfile",):
        add("pathfile", open(os.path.join(ROOT, "demo", name), "rb").read())
    param = os.path.join(ROOT, "demo", "param")
    for name in os.listdir(param):
        data = open(os.path.join(param, name), "rb").read()
        if name.startswith("parmcom"):
            add("parmcom", data)
        else:
            add("certificate", b"\x01" + data)
    request = os.path.join(ROOT, "target", "release", "request")
    if not os.path.exists(request):
        return
    base = [b"pathfile=demo/pathfile", b"merchant_id=000000000000001"]
    extras = [
        [b"amount=2500"],
        [b"amount=100", b"transaction_id=000001", b"language=es", b"order_id=o-1"],
        [b"amount=123456789012", b"caddie=" + b"x" * 200, b"data=NO_RESPONSE_PAGE", b"customer_email=a@b.c"],
        [b"amount=999", b"customer_id=JD42", b"return_context=ctx;1", b"currency_code=840"],
    ]
    for extra in extras:
        args = base + extra
        add("args", b"\0".join(args))
        out = subprocess.run([request] + args, cwd=ROOT, capture_output=True).stdout
        m = re.search(rb'NAME=DATA VALUE="([0-9a-f]+)"', out)
        if m:
            add("response", m.group(1))
            add("response_data", m.group(1))


def main():
    n = sum(from_cases(os.path.join(SHARED, "corpus", f)) for f in ("legacy.jsonl", "response.jsonl"))
    if n == 0:
        print(f"fuzz seeds: {SHARED}/corpus not found, seeding from demo/ only", file=sys.stderr)
    demo_seeds()
    counts = {t: len(os.listdir(os.path.join(CORPUS, t))) for t in sorted(os.listdir(CORPUS))}
    print("fuzz seeds:", ", ".join(f"{t} {c}" for t, c in counts.items()))


if __name__ == "__main__":
    main()
