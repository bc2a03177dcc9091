#!/usr/bin/env python3
"""Differential test: libsogen's `request`/`response` executables against the
legacy ones on random inputs. Needs SOGEN_LEGACY_BIN (a directory holding the
legacy `request` and `response`) and a demo configuration laid out by this
script in a temporary directory (the demo certificate is read from
../shared/corpus/crypto.json). Not part of `make test`: the legacy executables
are not redistributable.

usage: tools/difftest.py [--cases N] [--seed S] [--only request|response]
"""
import argparse, json, os, random, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SOGEN_SHARED", os.path.join(ROOT, "..", "shared"))

KEYWORDS = {  # keyword: max value length
    "merchant_id": 15, "merchant_country": 2, "advert": 32, "amount": 12, "automatic_response_url": 511,
    "background_id": 32, "bgcolor": 7, "block_align": 12, "block_order": 32, "browser_type": 32,
    "caddie": 2048, "cancel_return_logo": 50, "cancel_return_url": 511, "card_list": 128,
    "customer_email": 128, "currency_code": 3, "customer_id": 19, "customer_ip_address": 19,
    "customer_phone": 19, "data": 2048, "header_flag": 3, "language": 2, "logo_id": 32, "logo_id2": 32,
    "merchant_language": 2, "normal_return_logo": 50, "normal_return_url": 511, "order_id": 32,
    "order_validity": 32, "payment_means": 128, "receipt_complement": 3072, "return_context": 256,
    "statement_reference": 100, "submit_logo": 50, "target": 32, "templatefile": 32, "textcolor": 7,
    "textfont": 7, "transaction_id": 6, "transaction_condition": 64, "capture_day": 2, "capture_mode": 20,
    "confirm_template": 128,
}
PARMCOM = ["PAYMENT_MEANS", "CARD_LIST", "BLOCK_ORDER", "BLOCK_ALIGN", "HEADER_FLAG", "CURRENCY", "VALIDITY",
           "MERCHANT_LANGUAGE", "MERCHANT_COUNTRY", "LANGUAGE", "LOGO", "LOGO2", "ADVERT", "BGCOLOR", "TEXTCOLOR",
           "BACKGROUND", "RETURN_URL", "CANCEL_URL", "AUTO_RESPONSE_URL", "RECEIPT", "CANCEL_LOGO", "RETURN_LOGO",
           "CONDITION", "CADDIE", "CUSTOMER_ID", "CUSTOMER_EMAIL", "DATA", "SUBMIT_LOGO", "RETURN_CONTEXT",
           "TEMPLATE", "TARGET", "TEXTFONT", "CAPTURE_DAY", "CAPTURE_MODE", "STATEMENT_REFERENCE", "CONFIRM_TEMPLATE"]
PARM_MAX = {"PAYMENT_MEANS": 128, "CARD_LIST": 128, "BLOCK_ORDER": 32, "BLOCK_ALIGN": 12, "HEADER_FLAG": 3,
            "CURRENCY": 3, "VALIDITY": 2, "MERCHANT_LANGUAGE": 2, "MERCHANT_COUNTRY": 2, "LANGUAGE": 2, "LOGO": 32,
            "LOGO2": 32, "ADVERT": 32, "BGCOLOR": 7, "TEXTCOLOR": 7, "BACKGROUND": 32, "RETURN_URL": 511,
            "CANCEL_URL": 511, "AUTO_RESPONSE_URL": 511, "RECEIPT": 3072, "CANCEL_LOGO": 50, "RETURN_LOGO": 50,
            "CONDITION": 64, "CADDIE": 2048, "CUSTOMER_ID": 19, "CUSTOMER_EMAIL": 128, "DATA": 2048,
            "SUBMIT_LOGO": 50, "RETURN_CONTEXT": 256, "TEMPLATE": 32, "TARGET": 32, "TEXTFONT": 64,
            "CAPTURE_DAY": 2, "CAPTURE_MODE": 20, "STATEMENT_REFERENCE": 100, "CONFIRM_TEMPLATE": 50}
LANGS = ["fr", "en", "ge", "de", "sp", "es", "it", "da", "fi", "sv", "sw", "pt", "po", "nl", "du", "no", "ja", "jp",
         "ko", "cs", "cz", "zh", "br", "xx", "", "FR", "f1"]
MEANS = ["CB", "VISA", "MASTERCARD", "AMEX", "PAYLIB", "PAYPAL", "E-CB", "C B", "cb"]


def latin1(s):
    return s.encode("latin-1")


def rand_text(rng, n, safe=False):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-_/:"
    if not safe:
        alphabet += '"!\\<>&;,=\t\xe9\xe8\xff\x80'
    return "".join(rng.choice(alphabet) for _ in range(n))


def means_and_order(rng):
    if rng.random() < 0.3:
        return None, None
    blocks = [str(rng.randint(0, 9)) for _ in range(rng.randint(1, 4))]
    means = ",".join(f"{rng.choice(MEANS)},{rng.choice(blocks + ['1', '2', '01', ''])}" for _ in range(rng.randint(0, 14)))
    order = ",".join(rng.choice(blocks + ["1", "2", "9", "x", "0"]) for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.2:
        order += ","
    return means, order


def mutate_certificate(rng, text):
    lines = text.split(b"\n")
    marker = next(i for i, l in enumerate(lines) if b"certificate_data" in l)
    choice = rng.randrange(9)
    if choice == 0:  # trailer variants
        lines[marker + 43] = rng.choice([b"a,b,c", b"x,1/2/2003,V4,BANK", b"x,01/02/2003,V4", b"x,,,", b"lab,31/12/2030,V4,ACME,PROD",
                                         b"x,2003-02-01,V4,B,N", b"x,1/2,V4,B", b",x,1/2/3,V4,B"])
    elif choice == 1:  # a header line removed
        del lines[rng.randint(2, marker - 1)]
    elif choice == 2:  # header values
        i = rng.randint(2, marker - 1)
        name = lines[i].split(b"!")[0]
        # (longer header values spilled over in the legacy: divergence 1)
        lines[i] = name + rng.choice([b"!other!", b"!!x!", b"!", b"!1.0"])
    elif choice == 3:  # a data line shortened
        i = marker + rng.randint(1, 30)
        lines[i] = lines[i][:rng.choice([0, 16, 63, 64, 65])]
    elif choice == 4:  # URL length field
        i = marker + 26
        lines[i] = rng.choice([b"abc", b"000", b"016", b"160", b" 14"]) + lines[i][3:]
    elif choice == 5:  # CRLF
        lines = [l + b"\r" for l in lines]
    elif choice == 6:  # a data line removed
        del lines[marker + rng.randint(1, 44)]
    elif choice == 7:  # marker spelled differently
        lines[marker] = rng.choice([b"xxcertificate_dataxx", b"certificate-data!"])
    else:  # type mismatch
        lines = [l.replace(b"certificate_type!php!", b"certificate_type!asp!") for l in lines]
    return b"\n".join(lines)


class Layout:
    def __init__(self, crypto):
        self.dir = tempfile.mkdtemp(prefix="sgdiff")
        self.certs = {}
        for name in ("certif.fr.014213245611111.php", "certif.fr.014213245611112.php"):
            self.certs[name] = latin1(crypto["certificates"][name]["text"])

    def pathfile(self, rng, debug):
        d = self.dir
        lines = [f"DEBUG!{'YES' if debug else 'NO'}!", "D_LOGO!/logo/!", f"F_CERTIFICATE!{d}/certif!",
                 "F_CTYPE!php!", f"F_PARAM!{d}/parmcom!", f"F_DEFAULT!{d}/parmcom.sogenactif!"]
        if rng.random() < 0.6:
            return lines, "\n"
        variants = [
            lambda L: L + ["# comment", "", "x"],
            lambda L: [l.replace(d, "ROOT!") if "F_" in l else l for l in L] + [f"ROOT!{d}!"],
            lambda L: ["R!" + d + "!"] + [l.replace(d + "/", "R!/") for l in L],
            lambda L: [l for l in L if not l.startswith(rng.choice(["D_LOGO", "F_DEFAULT", "F_PARAM", "F_CERTIFICATE", "F_CTYPE"]))],
            lambda L: L + ["UNKNOWN!value!", "D_LOGO!/second/!"],
            lambda L: [l.replace("/logo/", rng.choice(["/a b/", " /logo/", "/l!o/", "", "x"])) for l in L],
            lambda L: [l.replace("DEBUG!NO!", "DEBUG!" + rng.choice(["yes", "Yes", "Y", "YES "]) + "!") for l in L],
            lambda L: L + ["D_LONG!" + "x" * rng.randint(240, 260) + "!"],
            lambda L: L + [rng.choice(["GARBAGE", "FOO!bar", "!!!", " #x!y!"])],
            lambda L: L[::-1],
        ]
        lines = rng.choice(variants)(lines)
        return lines, rng.choice(["\n", "\r\n"])

    def files(self, rng, debug):
        d = self.dir
        for name, text in self.certs.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(mutate_certificate(rng, text) if rng.random() < 0.15 else text)
        lines, eol = self.pathfile(rng, debug)
        with open(os.path.join(d, "pathfile"), "wb") as f:
            f.write(latin1(eol.join(lines) + eol))
        for name in ("parmcom.sogenactif", "parmcom.014213245611111", "parmcom.014213245611112"):
            lines = []
            for kw in rng.sample(PARMCOM, rng.randint(0, 12)):
                if kw in ("LANGUAGE", "MERCHANT_LANGUAGE"):
                    v = rng.choice(LANGS)
                elif kw == "MERCHANT_COUNTRY":
                    v = rng.choice(["fr", "fr", "be", ""])
                elif kw == "PAYMENT_MEANS":
                    v = means_and_order(rng)[0] or "CB,2"
                elif kw == "BLOCK_ORDER":
                    v = means_and_order(rng)[1] or "1,2"
                elif kw == "HEADER_FLAG":
                    v = rng.choice(["yes", "YES", "no", "abc"])
                elif kw == "CURRENCY":
                    v = rng.choice(["978", "840", "12", "abc"])
                else:
                    # Values within their field: over-long ones spill over in the legacy (divergence 1).
                    v = rand_text(rng, rng.randint(0, min(PARM_MAX[kw], 40)), safe=True)
                lines.append(f"{kw}!{v}!")
            if name != "parmcom.sogenactif" and rng.random() < 0.9:
                lines += ["RETURN_URL!http://shop/ok!", "CANCEL_URL!http://shop/ko!"]
            if rng.random() < 0.01:
                lines.append("GARBAGE")
            with open(os.path.join(d, name), "wb") as f:
                f.write(latin1("\n".join(lines) + "\n"))


def consistent_means(rng):
    blocks = rng.sample("123456789", rng.randint(1, 5))
    means = ",".join(f"{rng.choice(MEANS)},{rng.choice(blocks)}" for _ in range(rng.randint(1, 15)))
    order = ",".join(rng.sample(blocks, len(blocks)) + rng.sample("123456789", rng.randint(0, 3)))
    return means, order


def request_args(rng, d):
    sane = rng.random() < 0.75
    args = [f"pathfile={d}/pathfile"]
    pick = lambda good, bad: rng.choice(good) if sane else rng.choice(good + bad)
    args.append("merchant_id=" + pick(["014213245611111", "014213245611112"], ["", "12a"]))
    args.append("merchant_country=" + pick(["fr"], ["be", "FR", ""]))
    args.append("amount=" + pick([str(rng.randint(100, 10 ** rng.randint(3, 12) - 1)), "2147483648", "999999999999", "001"], ["12", "abc"]))
    if rng.random() < 0.8:
        args.append("transaction_id=" + pick([str(rng.randint(0, 999999)).zfill(6), str(rng.randint(0, 999))], ["12a"]))
    args += ["normal_return_url=http://shop/ok", "cancel_return_url=http://shop/ko"] if sane else []
    if sane:
        m, o = consistent_means(rng)
        args += [f"payment_means={m}"[:142], f"block_order={o}", "header_flag=" + rng.choice(["yes", "no", "YES"]),
                 "language=" + rng.choice([l for l in LANGS if l.islower() or not l]), "currency_code=978"]
    for kw in rng.sample(sorted(KEYWORDS), rng.randint(0, 10)):
        mx = KEYWORDS[kw]
        if kw in ("merchant_id", "amount", "transaction_id"):
            continue
        if kw in ("language", "merchant_language"):
            v = rng.choice(LANGS)
        elif kw in ("payment_means", "block_order", "browser_type"):
            m, o = means_and_order(rng)
            v = (m if kw == "payment_means" else o) or ""
            v = v[:mx]
        elif kw == "header_flag":
            v = rng.choice(["yes", "YES", "no", "Yes", ""])
        elif kw == "currency_code":
            v = rng.choice(["978", "97", "abc", ""])
        elif kw == "transaction_condition":
            v = rng.choice(["123456", "3D", ""])
        else:
            n = rng.choice([0, 1, 5, mx]) if rng.random() < 0.3 else rng.randint(0, min(mx, 60))
            v = rand_text(rng, n)
        if sane and kw in ("payment_means", "block_order", "browser_type", "currency_code", "language"):
            continue
        if rng.random() < 0.03 and not sane:
            n = mx + 1
            v = rand_text(rng, n, safe=True)
        args.append(f"{kw}={v}")
    if not sane and rng.random() < 0.1:
        args.append(rng.choice(["foo=1", "Amount=100", "", "merchant_id"]))
    rng.shuffle(args[1:])
    return args


def run(binary, args):
    p = subprocess.run([binary] + [latin1(a) for a in args], capture_output=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
    return p.returncode, p.stdout


TRACE = re.compile(rb"^\d{3}:\d\d:\d\d:\d\d--\(\d+\)-", re.M)


def same_clock_run(ours, legacy, args):
    """Runs both within one second (retries when the clock ticked between them)."""
    for _ in range(5):
        lc, lo = run(legacy, args)
        oc, oo = run(ours, args)
        lo2, oo2 = TRACE.sub(b"T-", lo), TRACE.sub(b"T-", oo)
        if (lc, lo2) == (oc, oo2):
            return True, lc, lo, oc, oo
        dates = re.findall(rb"TRANSMISSION_DATE \((\d+)\)", lo + oo)
        if lc < 0 or (len(set(dates)) <= 1 and b"VALUE=" not in lo):
            return False, lc, lo, oc, oo
    return False, lc, lo, oc, oo


# ---- response: an independent encoder (wire-format.md), for random messages ----

SLOTS = [("merchant_id", 2, 15), ("merchant_country", 29, 2), ("amount", 3, 12), ("transaction_id", 5, 6),
         ("payment_means", 105, 20), ("transmission_date", 6, 14), ("payment_time", 103, 6), ("payment_date", 104, 8),
         ("response_code", 101, 2), ("payment_certificate", 102, 12), ("authorisation_id", 100, 32),
         ("currency_code", 8, 3), ("card_number", 106, 7), ("cvv_flag", 110, 1), ("cvv_response_code", 109, 2),
         ("bank_response_code", 111, 2), ("complementary_code", 112, 2), ("complementary_info", 113, 255),
         ("return_context", 33, 256), ("caddie", 24, 2048), ("receipt_complement", 23, 3072),
         ("merchant_language", 28, 2), ("language", 9, 2), ("customer_id", 26, 19), ("order_id", 38, 32),
         ("customer_email", 30, 128), ("customer_ip_address", 37, 19), ("capture_day", 39, 2), ("capture_mode", 40, 20),
         ("data", 27, 2048), ("order_validity", 7, 2), ("transaction_condition", 16, 64),
         ("statement_reference", 73, 100), ("card_validity", 114, 6), ("score_value", 119, 10), ("score_color", 116, 30),
         ("score_info", 117, 512), ("score_threshold", 120, 10), ("score_profile", 121, 50), ("upan", 118, 23),
         ("threed_ls_code", 122, 1), ("threed_relegation_code", 123, 1)]


def matrix_of(text):
    lines = text.split(b"\n")
    m = next(i for i, l in enumerate(lines) if b"certificate_data" in l)
    return [(l + b"\n")[:65] for l in lines[m + 1:m + 26]]


def dg(c):
    return c - 48 if 48 <= c <= 57 else 0


def mac_key(M, A, D, T):
    L, n, nib = len(A) - 2, len(T), []
    at = lambda i: D[i] if i < len(D) else 0
    for i in range(16):
        k = i + 1
        a, t = dg(A[L - k % L]), T[n - 1 - k % n]
        p = 10 - k % 10; d1, d2 = dg(at(p)), dg(at((p + 5) % 10))
        q = k % 10; e1, e2 = dg(at(q)), dg(at((q + 7) % 10))
        col = [(k + d2) * (a + d1), (k + t) * abs(d1 - d2), k * (t + d1)][i % 3] % 65
        line = [(k + a) * (e1 + e2), abs((e1 - t) * (k - e2)), (k + t) * (a + e1)][i % 3] % 25
        nib.append(M[line][col] % 16)
    return bytes(nib[2 * j] * 16 + nib[2 * j + 1] for j in range(8))


def atoi32(s):
    v = int(s) if s.isdigit() else 0
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def width(v, w):
    return (b"-" if v < 0 else b"") + str(abs(v)).zfill(w).encode()


def cid_keys(M, A, D, T):
    a12, t6, d = bytearray(width(atoi32(A), 12)), bytearray(width(atoi32(T), 6)), bytearray(D.ljust(16, b"\0"))
    a, dd, t = bytearray(a12), bytearray(d), bytearray(t6)
    a[0], a[2], a[5], a[9], a[11] = d[7], t6[4], d[0], t6[0], d[3]
    dd[0], dd[3], dd[7] = t6[5], a12[11], a12[10]
    t[0], t[3], t[5] = a12[11], a12[9], d[6]
    k1 = mac_key(M, bytes(a), bytes(dd), bytes(t))
    a, dd, t = bytearray(a12), bytearray(d), bytearray(t6)
    a[1], a[8], a[10] = t6[2], t6[3], t6[5]
    dd[1], dd[8], dd[6] = t6[2], t6[4], t6[5]
    t[3], t[0], t[5] = a12[8], a12[9], a12[10]
    return k1, mac_key(M, bytes(a), bytes(dd), bytes(t))


def ede_encrypt(k1, k2, clear):
    from Crypto.Cipher import DES
    e1, e2 = DES.new(k1, DES.MODE_ECB), DES.new(k2, DES.MODE_ECB)
    clear = clear + b"\0" * (-len(clear) % 8)
    return b"".join(e1.encrypt(e2.decrypt(e1.encrypt(clear[i:i + 8]))) for i in range(0, len(clear), 8)).hex().upper().encode()


def armor(p):
    out, q, s = b"%5d" % len(p), p + b"\0" * (-len(p) % 3), bytearray()
    for i in range(0, len(q), 3):
        b0, b1, b2 = q[i:i + 3]
        for v in (b0 >> 2, (b0 & 3) << 4 | b1 >> 4, (b1 & 15) << 2 | b2 >> 6, b2 & 63):
            s.append(0x60 if v == 0 else v + 0x20)
    return out + bytes(s).replace(b'"', b'\\"')


def seal(records, M, A, D, T):
    from Crypto.Cipher import DES
    body = b"".join(b"%03d%04d" % (c, len(v)) + v + b"\n" for c, v in records)
    plain = b"\x01\x02" + b"%06d" % (13 + len(body)) + b"34" + b"%03d" % len(records) + body
    h = armor(plain).hex().encode()
    return h, mac_key(M, A, D, T)


def mac_hex(key, h):
    from Crypto.Cipher import DES
    return DES.new(key, DES.MODE_CBC, iv=b"\0" * 8).encrypt(h + b"\0" * (8 - len(h) % 8))[-8:].hex().encode()


def random_message(rng, certs):
    mid = rng.choice(["014213245611111", "014213245611112"])
    vals = {}
    for name, code, mx in SLOTS:
        if rng.random() < 0.6:
            n = rng.choice([0, 1, mx, mx]) if rng.random() < 0.2 else rng.randint(0, min(mx, 40))
            vals[name] = latin1(rand_text(rng, n).replace("\t", " "))
    vals["merchant_id"], vals["merchant_country"] = mid.encode(), b"fr"
    vals["amount"] = str(rng.randint(100, 10 ** rng.randint(3, 12) - 1)).encode()
    vals["transaction_id"] = str(rng.randint(0, 999999)).zfill(rng.choice([1, 6])).encode()
    vals["transmission_date"] = b"20%02d%02d%02d%02d%02d%02d" % (rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    for lang in ("language", "merchant_language"):
        if rng.random() < 0.7:
            vals[lang] = rng.choice(LANGS).encode()[:2]
    if "customer_id" in vals:
        # Deciphered ids of 17-19 characters emptied customer_email in the
        # legacy (divergence 3): kept out of the exact comparison.
        vals["customer_id"] = vals["customer_id"][:rng.choice([8, 16])]
    M = matrix_of(certs[mid])
    A, D, T = vals["amount"], vals["transmission_date"], vals["transaction_id"]
    recs = []
    ciphered = rng.random() < 0.6 and vals.get("customer_id")
    for name, code, mx in SLOTS:
        if name in vals and vals[name]:
            v = vals[name]
            if name == "customer_id" and ciphered:
                v = ede_encrypt(*cid_keys(M, A, D, T), v)
            recs.append((code, v))
    if ciphered:
        recs.append((108, b"1"))
    if rng.random() < 0.2 and len(vals.get("data", b"")) < 2000:
        # data + ';' + complement past 2048 bytes spilled into return_context
        # in the legacy (divergence 3): kept out of the exact comparison.
        recs.append((107, ede_encrypt(*cid_keys(M, A, D, T), latin1(rand_text(rng, rng.randint(1, 20), safe=True)))))
    if rng.random() < 0.5:
        rng.shuffle(recs)
    old = rng.random() < 0.1
    h, key = seal(recs, matrix_of(certs["other"]) if old else M, A, D, T)
    message = h + mac_hex(key, h)
    kind = "valid" + (" old" if old else "")
    r = rng.random()
    if r < 0.08:
        cut = rng.randint(0, len(message)); message = message[:cut]; kind = "truncated"
    elif r < 0.14:
        i = rng.randrange(len(message)); message = message[:i] + rng.choice(b"0123456789abcdefxzZ ").to_bytes(1, "big") + message[i + 1:]; kind = "byte changed"
    elif r < 0.17:
        message = message.upper(); kind = "uppercase"
    elif r < 0.20:
        message = message[rng.randint(1, 10):]; kind = "head dropped"
    elif r < 0.22:
        message = bytes(rng.choice(b"0123456789abcdef") for _ in range(rng.randint(0, 600))); kind = "random hex"
    return message, kind


def response_cases(a, legacy_dir, ours_dir, crypto, rng):
    d = tempfile.mkdtemp(prefix="sgresp")
    certs = {}
    for name in ("certif.fr.014213245611111.php", "certif.fr.014213245611112.php"):
        certs[name.split(".")[2]] = latin1(crypto["certificates"][name]["text"])
        open(os.path.join(d, name), "wb").write(certs[name.split(".")[2]])
    certs["other"] = latin1(crypto["certificates"]["certif.fr.000000000000001.php"]["text"])
    stats, kinds = {"same": 0, "differ": 0, "legacy crashed": 0}, {}
    for i in range(a.cases):
        debug = rng.random() < 0.1
        open(os.path.join(d, "pathfile"), "w").write(f"DEBUG!{'YES' if debug else 'NO'}!\nD_LOGO!/l/!\nF_CERTIFICATE!{d}/certif!\nF_CTYPE!php!\nF_PARAM!x!\nF_DEFAULT!x!\n")
        old = os.path.join(d, "certif.fr.014213245611111.old.php")
        if rng.random() < 0.5:
            open(old, "wb").write(certs["other"])
        elif os.path.exists(old):
            os.remove(old)
        message, kind = random_message(rng, certs)
        args = [f"pathfile={d}/pathfile", "message=" + message.decode("latin-1")]
        if rng.random() < 0.5:
            args.reverse()
        lc, lo = run(os.path.join(legacy_dir, "response"), args)
        oc, oo = run(os.path.join(ours_dir, "response"), args)
        m = re.search(rb"<TD>([A-Za-z +-]*?) \(", lo)
        outcome = kind + " -> " + (m.group(1).decode() if m else ("ok" if b"!0!" in lo[:120] else "crash" if lc < 0 or not lo else lo[:20].decode("latin-1")))
        kinds[outcome] = kinds.get(outcome, 0) + 1
        if lc < 0 or not lo:
            stats["legacy crashed"] += 1
            if not oo.startswith(b"!-1!"):
                print(f"--- case {i}: legacy crashed and ours is not an error: {oo[:200]!r}")
            continue
        if (lc, TRACE.sub(b"T-", lo)) == (oc, TRACE.sub(b"T-", oo)):
            stats["same"] += 1
            continue
        stats["differ"] += 1
        os.makedirs("/tmp/sogen-diff", exist_ok=True)
        open(f"/tmp/sogen-diff/response-{i}.msg", "wb").write(message)
        at = next((k for k in range(min(len(lo), len(oo))) if lo[k] != oo[k]), min(len(lo), len(oo)))
        print(f"--- case {i} ({kind}) differs at {at}: exit {lc} vs {oc}")
        print("legacy:", lo[max(0, at - 200):at + 100])
        print("ours:  ", oo[max(0, at - 200):at + 100])
    print("response:", stats)
    print("outcomes:", dict(sorted(kinds.items(), key=lambda kv: -kv[1])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only")
    a = ap.parse_args()
    legacy_dir = os.environ.get("SOGEN_LEGACY_BIN")
    if not legacy_dir:
        sys.exit("SOGEN_LEGACY_BIN is not set: nothing to compare against")
    ours_dir = os.path.join(ROOT, "target", "release")
    crypto = json.load(open(os.path.join(SHARED, "corpus", "crypto.json"), encoding="utf-8"))
    rng = random.Random(a.seed)
    if a.only != "request":
        response_cases(a, legacy_dir, ours_dir, crypto, random.Random(a.seed))
        if a.only == "response":
            return
    layout = Layout(crypto)
    stats = {"same": 0, "differ": 0, "legacy crashed": 0}
    kinds = {}
    for i in range(a.cases):
        layout.files(rng, debug=rng.random() < 0.15)
        args = request_args(rng, layout.dir)
        ok, lc, lo, oc, oo = same_clock_run(os.path.join(ours_dir, "request"), os.path.join(legacy_dir, "request"), args)
        m = re.search(rb"<TD>([A-Za-z +-]*?)(?: at line \d+)?(?: 3 attendu, \d recu)? \(", lo)
        kind = m.group(1).decode() if m else (lo[:25].decode("latin-1") if lc else ("ok" if lo.startswith(b"!0!") else "?"))
        kinds[kind] = kinds.get(kind, 0) + 1
        if lc < 0:
            stats["legacy crashed"] += 1
        elif ok:
            stats["same"] += 1
        else:
            stats["differ"] += 1
            print(f"--- case {i} differs (exit {lc} vs {oc})\nargs: {args!r}")
            saved = f"/tmp/sogen-diff/request-{i}"
            subprocess.run(["rm", "-rf", saved]); subprocess.run(["cp", "-r", layout.dir, saved])
            for label, out in (("legacy error", lo), ("our error", oo)):
                m = re.search(rb"<TD>(.*?) </TD>", out)
                print(f"{label}: {m.group(1)[:200] if m else None}")
            at = next((k for k in range(min(len(lo), len(oo))) if lo[k] != oo[k]), min(len(lo), len(oo)))
            print("legacy:", lo[max(0, at - 150):at + 150])
            print("ours:  ", oo[max(0, at - 150):at + 150])
    print("request:", stats)
    print("outcomes:", dict(sorted(kinds.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
