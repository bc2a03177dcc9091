#!/usr/bin/env python3
"""Seeds the cargo-fuzz corpora (fuzz/corpus/<target>/, not tracked) from the
seeds kept in the repository (fuzz/seeds/<target>/: the demo configuration
and hand-made corners), from the recorded cases in ../shared/corpus when
present, and from fresh requests of the demo merchant.

`python3 fuzz/seeds.py --write-kept` rewrites fuzz/seeds/ (only inputs of
the project's own: no file of the vendor's kit).

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
KEPT = os.path.join(ROOT, "fuzz", "seeds")


def latin1(s):
    return s.encode("latin-1")


def add(target, data, into=None):
    d = os.path.join(into or CORPUS, target)
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


def demo_seeds(into=None):
    for name in ("pathfile",):
        add("pathfile", open(os.path.join(ROOT, "demo", name), "rb").read(), into)
    param = os.path.join(ROOT, "demo", "param")
    for name in os.listdir(param):
        data = open(os.path.join(param, name), "rb").read()
        if name.startswith("parmcom"):
            add("parmcom", data, into)
        else:
            add("certificate", b"\x01" + data, into)
    target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    request = os.path.join(target_dir, "release", "request")
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
        add("args", b"\0".join(args), into)
        out = subprocess.run([request] + args, cwd=ROOT, capture_output=True).stdout
        m = re.search(rb'NAME=DATA VALUE="([0-9a-f]+)"', out)
        if m:
            add("response", m.group(1), into)
            add("response_data", m.group(1), into)


KEY_FILE = (b"SIPS_VERSION!2!\nSECRET_KEY!fuzz-secret-key-0001!\nKEY_VERSION!1!\n"
            b"PAYMENT_URL!http://127.0.0.1:8090/paymentInit!\n")

# Corners a mutation rarely finds on its own: `!` runs and variables in
# pathfile values, repeated certificate header lines, damaged container
# widths, key files, Sips 2.0 Data.
CORNERS = {
    "pathfile": [
        b"D_LOGO!a!!b c!\nF_CTYPE!php!!\nF_DEFAULT!!!\nDEBUG!YES!!\n",
        b"D_LOGO!/x/!LG!!\nLG!logo!\nF_PARAM!V!!/x!!!\nV!/v!!\n",
        b"D_LOGO!A!D_LOGO  !\nA! XD_LOGOBa!\nA!A!\n",
        b"API_VERSION!P617!\nD_LOGO!" + b"x" * 183 + b"!\n",
        # Loops through three keys, in each of the expansion's two stages.
        b"D_LOGO!K0!\nK0!K1!\nK1!K2!\nK2!K0!\n",
        b"D_LOGO!x!A!\nA!!B!\nB!!C!\nC!!A!\n",
    ],
    "certificate": [
        b"\x01merchant_id!000000000000001!\nmerchant_id!000000000000002!\ncertificate_expired!123456789!\n"
        b"certificate_version!1.0!\ncertificate_version!123456!\ncertificate_data!\n" + b"A" * 70 + b"\x00\n",
    ],
    "keyfile": [
        KEY_FILE,
        KEY_FILE + b"INTERFACE_VERSION!HP_2.24!\nSEAL_ALGORITHM!SHA-256!\nSHOP_CHARSET!UTF-8!\n",
        b"# comment\nSIPS_VERSION!2!\nSECRET_KEY!!\n",
    ],
    "sips2_response": [
        b"merchantId=000000000000002|amount=2500|responseCode=00|transactionDateTime=2026-11-23T10:15:00+01:00"
        b"|s10TransactionReference.s10TransactionId=123456|keyVersion=1|currencyCode=978|maskedPan=4500##########01",
        b"bWVyY2hhbnRJZD0wMDAwMDAwMDAwMDAwMDJ8YW1vdW50PTI1MDA=\x00base64",
    ],
}


def corners(into):
    for target, seeds in CORNERS.items():
        for data in seeds:
            add(target, data, into)


def keep(into):
    """The seeds of the project's own, for fuzz/seeds/."""
    corners(into)
    demo_seeds(into)


def main():
    if "--write-kept" in sys.argv:
        keep(KEPT)
        print("fuzz seeds kept:", ", ".join(f"{t} {len(os.listdir(os.path.join(KEPT, t)))}" for t in sorted(os.listdir(KEPT))))
        return
    for target in os.listdir(KEPT) if os.path.isdir(KEPT) else []:
        for name in os.listdir(os.path.join(KEPT, target)):
            add(target, open(os.path.join(KEPT, target, name), "rb").read())
    n = sum(from_cases(os.path.join(SHARED, "corpus", f)) for f in ("legacy.jsonl", "response.jsonl"))
    if n == 0:
        print(f"fuzz seeds: {SHARED}/corpus not found, seeding from demo/ only", file=sys.stderr)
    demo_seeds()
    counts = {t: len(os.listdir(os.path.join(CORPUS, t))) for t in sorted(os.listdir(CORPUS))}
    print("fuzz seeds:", ", ".join(f"{t} {c}" for t, c in counts.items()))


if __name__ == "__main__":
    main()
