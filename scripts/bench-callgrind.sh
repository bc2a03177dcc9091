#!/bin/sh
# Instructions per call (valgrind --tool=callgrind): repeatable whatever else
# the machine is doing, unlike wall-clock time. For each kind, two runs of the
# `inprocess` bench binary making N1 and N2 calls; the difference divided by
# N2 - N1 is the cost of one call (start-up and the first, cache-filling call
# cancel out). Then one whole run of each executable (ours, and the legacy ones
# when SOGEN_LEGACY_BIN names their directory): everything a spawned call
# costs in user space, start-up and dynamic loading included.
# Usage: scripts/bench-callgrind.sh INPUTS.json  (from the repo root)
set -eu
inputs=${1:?usage: $0 INPUTS.json}
command -v valgrind >/dev/null || { echo "callgrind: skipped (valgrind not installed)"; exit 0; }
bin=$(cargo bench --bench inprocess --no-run --message-format=json 2>/dev/null |
      sed -n 's/.*"executable":"\([^"]*inprocess[^"]*\)".*/\1/p' | tail -n 1)
[ -x "$bin" ] || { echo "callgrind: inprocess bench binary not found" >&2; exit 1; }
n1=200 n2=1200
total() {
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" --bench "$inputs" "$1" count "$2" >/dev/null 2>&1
    sed -n 's/^summary: *//p; s/^totals: *//p' "$out" | head -n 1
    rm -f "$out"
}
printf '%-14s %16s\n' kind instructions/call
for kind in request response mac mac-des-crate; do
    a=$(total $n1 $kind) b=$(total $n2 $kind)
    printf '%-14s %16d\n' "$kind" $(( (b - a) / (n2 - n1) ))
done

# Whole processes: the instructions a spawned call executes (kernel work of
# fork/exec not counted).
process_total() {
    out=$(mktemp) exe=$1
    eval "set -- $(python3 -c 'import json,shlex,sys; print(" ".join(shlex.quote(a) for a in json.load(open(sys.argv[1]))[sys.argv[2]]))' "$inputs" "$2")"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$exe" "$@" >/dev/null 2>&1
    sed -n 's/^summary: *//p; s/^totals: *//p' "$out" | head -n 1
    rm -f "$out"
}
printf '%-34s %16s\n' "process (one spawned call)" instructions
for kind in request response; do
    printf '%-34s %16d\n' "libsogen $kind executable" "$(process_total target/release/$kind $kind)"
    if [ -n "${SOGEN_LEGACY_BIN:-}" ]; then
        printf '%-34s %16d\n' "legacy $kind executable" "$(process_total "$SOGEN_LEGACY_BIN/$kind" $kind)"
    fi
done
