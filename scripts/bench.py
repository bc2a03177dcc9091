#!/usr/bin/env python3
"""Side-by-side timing of one payment request and one response, on the same
inputs, every way a shop can make them (`make bench`, docs/performance.md):

  in-process through the C ABI from Rust, Python ctypes, PHP FFI and Perl
  FFI::Platypus; the project's `request`/`response` executables spawned
  through `/bin/sh -c` (as PHP's exec() does), directly, and by PHP exec()
  itself; and the legacy executables the same three ways when the environment
  variable SOGEN_LEGACY_BIN names the directory holding them.

Every row: warm-up calls, then N individually timed calls; the median is
reported, with the ratio to the in-process call from Rust. A row whose
interpreter or module is missing (and cannot be installed) prints "skipped".
Run from anywhere; paths are taken relative to the repository root.
"""

import argparse
import ctypes
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIB = os.path.join(ROOT, "target", "release", "libsogen.so")

# A typical shop call for the demo merchant (demo/pathfile, relative to ROOT);
# the arguments are shared with the criterion benchmarks.
with open(os.path.join(ROOT, "benches", "request-args.txt")) as _f:
    REQUEST = ["pathfile=demo/pathfile"] + _f.read().split()


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def build():
    run(["cargo", "build", "--release", "--quiet"])
    run(["cargo", "bench", "--bench", "inprocess", "--no-run", "--quiet"], stderr=subprocess.DEVNULL)


def make_inputs(path):
    """The request arguments, and a response to a request for the same order.

    The response reads the DATA of a request made without customer_id: the
    legacy `request` enciphers customer_id without the flag `response` needs
    to decipher it, and a 32-digit ciphertext fails the response's checks.
    """
    no_customer = [a for a in REQUEST if not a.startswith("customer_id=")]
    out = run([os.path.join(ROOT, "target/release/request")] + no_customer, capture_output=True).stdout
    data = re.search(rb'NAME=DATA VALUE="([0-9a-f]+)"', out).group(1).decode()
    inputs = {"request": REQUEST, "response": ["message=" + data, "pathfile=demo/pathfile"]}
    with open(path, "w") as f:
        json.dump(inputs, f)
    return inputs


def stats(samples_ns):
    samples_ns = sorted(samples_ns)
    return {"median_ns": statistics.median(samples_ns), "n": len(samples_ns)}


# ---------------------------------------------------------------- in-process

def rust_rows(inputs_path, n):
    out = run(
        ["cargo", "bench", "--quiet", "--bench", "inprocess", "--", inputs_path, str(n)],
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return {
        "Rust, sogen::request (API)": result["rust_api"],
        "Rust → C ABI (sogen_request)": result["rust_c_abi"],
    }


def python_row(inputs, n, warm):
    lib = ctypes.CDLL(LIB)
    for name in ("sogen_request", "sogen_response"):
        f = getattr(lib, name)
        f.restype = ctypes.c_void_p
        f.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    lib.sogen_free.argtypes = [ctypes.c_void_p]
    row = {}
    for kind in ("request", "response"):
        f = getattr(lib, "sogen_" + kind)
        args = inputs[kind]

        # What a binding does on every call: encode, call, copy, free.
        def call():
            argv = (ctypes.c_char_p * len(args))(*[a.encode("latin-1") for a in args])
            p = f(len(args), argv)
            text = ctypes.string_at(p)
            lib.sogen_free(p)
            return text

        assert call().startswith(b"!0!"), kind
        for _ in range(warm):
            call()
        samples = []
        for _ in range(n):
            t = time.perf_counter_ns()
            call()
            samples.append(time.perf_counter_ns() - t)
        row[kind] = stats(samples)
    return row


# The PHP rows' timing loop: one checked call, warm-up calls, then n timed calls.
PHP_TIMED = r"""
function timed($kind, $call, $n, $warm) {
    if (substr($call(), 0, 3) !== "!0!") { fwrite(STDERR, "$kind failed\n"); exit(1); }
    for ($i = 0; $i < $warm; $i++) { $call(); }
    $t = [];
    for ($i = 0; $i < $n; $i++) { $s = hrtime(true); $call(); $t[] = hrtime(true) - $s; }
    return $t;
}
"""

PHP_FFI = r"""
$ffi = FFI::cdef("char *sogen_request(int, const char *const *); char *sogen_response(int, const char *const *);
                  void sogen_free(char *);", $argv[1]);
$inputs = json_decode(file_get_contents($argv[2]), true);
[$n, $warm] = [(int)$argv[3], (int)$argv[4]];
$out = [];
foreach (["request", "response"] as $kind) {
    $args = $inputs[$kind];  // ASCII: no charset conversion needed
    $call = function () use ($ffi, $kind, $args) {
        $c = count($args);
        $argv = FFI::new("char *[$c]");
        $keep = [];
        foreach ($args as $i => $a) {
            $s = FFI::new("char[" . (strlen($a) + 1) . "]", false);
            FFI::memcpy($s, $a, strlen($a));
            $s[strlen($a)] = "\0";
            $argv[$i] = FFI::cast("char *", $s);
            $keep[] = $s;
        }
        $p = $kind === "request" ? $ffi->sogen_request($c, $argv) : $ffi->sogen_response($c, $argv);
        $text = FFI::string($p);
        $ffi->sogen_free($p);
        foreach ($keep as $s) { FFI::free($s); }
        return $text;
    };
    $out[$kind] = timed($kind, $call, $n, $warm);
}
echo json_encode($out), "\n";
"""

PERL_FFI = r"""
use strict; use warnings;
use FFI::Platypus 1.00; use JSON::PP; use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);
my ($lib, $inputs_path, $n, $warm) = @ARGV;
my $ffi = FFI::Platypus->new(api => 1, lib => $lib);
$ffi->attach(sogen_request => ['int', 'string[]'] => 'opaque');
$ffi->attach(sogen_response => ['int', 'string[]'] => 'opaque');
$ffi->attach(sogen_free => ['opaque'] => 'void');
open(my $fh, '<:raw', $inputs_path) or die; local $/; my $inputs = JSON::PP->new->latin1->decode(<$fh>);
my %out;
for my $kind ('request', 'response') {
    my @args = @{$inputs->{$kind}};
    my $f = $kind eq 'request' ? \&sogen_request : \&sogen_response;
    my $call = sub {
        my $p = $f->(scalar @args, \@args);
        my $text = $ffi->cast('opaque' => 'string', $p);
        sogen_free($p);
        return $text;
    };
    die "$kind failed" unless substr($call->(), 0, 3) eq '!0!';
    $call->() for 1 .. $warm;
    my @t;
    for (1 .. $n) {
        my $s = clock_gettime(CLOCK_MONOTONIC);
        $call->();
        push @t, (clock_gettime(CLOCK_MONOTONIC) - $s) * 1e9;
    }
    $out{$kind} = \@t;
}
print encode_json(\%out), "\n";
"""


def ensure_debs(*packages):
    """Installs missing Debian packages when possible; True when all are there."""
    script = os.path.join(ROOT, "scripts", "ensure-debs.sh")
    return subprocess.run([script, *packages], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def interpreter_row(name, cmd, n, warm):
    try:
        out = subprocess.run(cmd + [str(n), str(warm)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"skipped ({e})"
    if out.returncode != 0:
        return f"skipped ({name}: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode})"
    samples = json.loads(out.stdout.strip().splitlines()[-1])
    return {kind: stats(samples[kind]) for kind in ("request", "response")}


def php_row(inputs_path, n, warm):
    if not shutil.which("php") and not ensure_debs("php-cli"):
        return "skipped (php not installed)"
    has_ffi = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout
    if "FFI" not in has_ffi.split():
        return "skipped (PHP without the FFI extension)"
    return php_script_row(PHP_FFI, ["-d", "ffi.enable=1"], [LIB, inputs_path], n, warm)


def php_script_row(body, flags, args, n, warm):
    """Runs a PHP timing script (PHP_TIMED + body) with `args` after its name."""
    with tempfile.NamedTemporaryFile("w", suffix=".php", delete=False) as f:
        f.write("<?php\n" + PHP_TIMED + body)
    try:
        return interpreter_row("php", ["php", *flags, f.name, *args], n, warm)
    finally:
        os.unlink(f.name)


def perl_row(inputs_path, n, warm):
    probe = ["perl", "-MFFI::Platypus", "-e", "1"]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        ensure_debs("libffi-platypus-perl")
        if subprocess.run(probe, capture_output=True).returncode != 0:
            return "skipped (FFI::Platypus not installed)"
    return interpreter_row("perl", ["perl", "-e", PERL_FFI, LIB, inputs_path], n, warm)


# ---------------------------------------------------------------- spawned

def spawn_row(bindir, inputs, n, warm, shell):
    """One process per call, as a CGI script or PHP's exec() runs the kit."""
    row = {}
    for kind in ("request", "response"):
        exe = os.path.join(bindir, kind)
        args = inputs[kind]
        if shell:
            line = " ".join(shlex.quote(a) for a in [exe] + args)
            cmd = ["/bin/sh", "-c", line]
        else:
            cmd = [exe] + args
        first = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE).stdout
        if not first.startswith(b"!0!"):
            return f"skipped ({exe} failed: {first[:80]!r})"
        for _ in range(warm):
            subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE)
        samples = []
        for _ in range(n):
            t = time.perf_counter_ns()
            subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE)
            samples.append(time.perf_counter_ns() - t)
        row[kind] = stats(samples)
    return row


PHP_EXEC = r"""
[$bindir, $inputs_path, $n, $warm] = [$argv[1], $argv[2], (int)$argv[3], (int)$argv[4]];
$inputs = json_decode(file_get_contents($inputs_path), true);
$out = [];
foreach (["request", "response"] as $kind) {
    $line = escapeshellcmd("$bindir/$kind");
    foreach ($inputs[$kind] as $a) { $line .= " " . escapeshellarg($a); }
    // The kit's documented integration: exec() (popen through /bin/sh -c).
    $call = function () use ($line) { $r = []; exec($line, $r); return implode("\n", $r); };
    $out[$kind] = timed($kind, $call, $n, $warm);
}
echo json_encode($out), "\n";
"""


def php_exec_row(bindir, inputs_path, n, warm):
    if not shutil.which("php"):
        return "skipped (php not installed)"
    return php_script_row(PHP_EXEC, [], [bindir, inputs_path], n, warm)


# ---------------------------------------------------------------- report

def fmt_us(ns):
    return f"{ns / 1000:,.1f} µs" if ns < 1e6 else f"{ns / 1e6:,.2f} ms"


def print_table(rows, inputs, n, interp_n, spawns):
    """The Markdown table, each row against the Rust C ABI row."""
    base = rows[1][2]  # Rust → C ABI
    print()
    print(f"Same inputs for every row: {len(inputs['request'])} request arguments (demo merchant), "
          f"a {len(inputs['response'][0]) - 8}-character response DATA.")
    print(f"In-process rows: {n} timed calls (Rust), {interp_n} (interpreters); spawn rows: {spawns}.")
    print()
    print("| how | request median | × Rust C ABI | response median | × Rust C ABI |")
    print("|---|---:|---:|---:|---:|")
    for label, how, value in rows:
        if isinstance(value, str):
            print(f"| {label} | {value} | | | |")
            continue
        cells = []
        for kind in ("request", "response"):
            m = value[kind]["median_ns"]
            cells += [fmt_us(m), f"{m / base[kind]['median_ns']:.1f}"]
        print(f"| {label} | " + " | ".join(cells) + " |")


def print_headline(rows):
    """The legacy integration (exec) against the in-process call from the same language."""
    by_label = {label: value for label, _, value in rows if not isinstance(value, str)}
    pairs = [("legacy executable, PHP exec()", "PHP FFI → C ABI"),
             ("legacy executable, /bin/sh -c (Python)", "Python ctypes → C ABI"),
             ("libsogen executable, PHP exec()", "PHP FFI → C ABI")]
    print()
    for slow, fast in pairs:
        if slow in by_label and fast in by_label:
            r = [by_label[slow][k]["median_ns"] / by_label[fast][k]["median_ns"] for k in ("request", "response")]
            print(f"{slow} / {fast}: request ×{r[0]:.0f}, response ×{r[1]:.0f}")


def spawn_rows(add, rows, inputs, inputs_path, spawns):
    """Our executables, then the legacy ones when SOGEN_LEGACY_BIN names them."""
    ours = os.path.join(ROOT, "target", "release")
    warm = max(spawns // 10, 10)
    add("libsogen executable, /bin/sh -c (Python)", "spawn", spawn_row(ours, inputs, spawns, warm, True))
    add("libsogen executable, direct (Python)", "spawn", spawn_row(ours, inputs, spawns, warm, False))
    add("libsogen executable, PHP exec()", "spawn", php_exec_row(ours, inputs_path, spawns, warm))
    legacy = os.environ.get("SOGEN_LEGACY_BIN")
    if legacy:
        add("legacy executable, /bin/sh -c (Python)", "spawn", spawn_row(legacy, inputs, spawns, warm, True))
        add("legacy executable, direct (Python)", "spawn", spawn_row(legacy, inputs, spawns, warm, False))
        add("legacy executable, PHP exec()", "spawn", php_exec_row(legacy, inputs_path, spawns, warm))
    else:
        rows.append(("legacy executables", "spawn", "skipped (set SOGEN_LEGACY_BIN to their directory)"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=20000, help="timed in-process calls per row (default 20000)")
    ap.add_argument("--spawns", type=int, default=300, help="timed process spawns per row (default 300)")
    ap.add_argument("--json", help="also write the figures to this file")
    opts = ap.parse_args()
    build()
    tmp = tempfile.mkdtemp(prefix="sogen-bench-")
    inputs_path = os.path.join(tmp, "inputs.json")
    inputs = make_inputs(inputs_path)
    n, warm = opts.calls, max(opts.calls // 20, 100)
    interp_n = max(opts.calls // 4, 1000)
    rows = []

    def add(label, how, value):
        rows.append((label, how, value))
        status = value if isinstance(value, str) else "  ".join(
            f"{k} {fmt_us(v['median_ns'])}" for k, v in value.items())
        print(f"  {label:<44} {status}", file=sys.stderr, flush=True)

    print("timing (medians):", file=sys.stderr)
    for label, value in rust_rows(inputs_path, n).items():
        add(label, "in-process", value)
    add("Python ctypes → C ABI", "in-process", python_row(inputs, interp_n, warm))
    add("PHP FFI → C ABI", "in-process", php_row(inputs_path, interp_n, warm))
    add("Perl FFI::Platypus → C ABI", "in-process", perl_row(inputs_path, interp_n, warm))
    spawn_rows(add, rows, inputs, inputs_path, opts.spawns)
    shutil.rmtree(tmp, ignore_errors=True)
    print_table(rows, inputs, n, interp_n, opts.spawns)
    print_headline(rows)
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump({label: value for label, _, value in rows}, f, indent=1)


if __name__ == "__main__":
    main()
