#!/bin/sh
# Runs every cargo-fuzz target for a fixed budget (`make fuzz`), seeded from
# fuzz/seeds/ (kept in the repository), ../shared/corpus when present and the
# demo merchant (fuzz/seeds.py), and prints executions and findings per
# target. Limits are tight on purpose: an input that takes more than 1 s or
# 256 MB is a finding. Crashes, timeouts and out-of-memory inputs are kept in
# fuzz/artifacts/<target>/ and make the run fail after all targets ran.
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]
#
# cargo fuzz needs nightly flags; with the one stable toolchain here,
# RUSTC_BOOTSTRAP=1 enables them (sanitizer=address, coverage instrumentation).
set -u
cd "$(dirname "$0")/.."
seconds=${1:-60}
export RUSTC_BOOTSTRAP=1
# AddressSanitizer keeps freed memory in a quarantine (256 MB by default) to
# catch use after free; it counts in the process's RSS, so an input that
# allocates and frees a lot would pass the 256 MB limit on the quarantine
# alone. A smaller one keeps the limit about the code's own memory.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16}
python3 fuzz/seeds.py || exit 1
RUSTC_BOOTSTRAP=1 cargo fuzz build -O || exit 1
summary=$(mktemp)
failed=0
shift 2>/dev/null
targets=${*:-args pathfile parmcom certificate keyfile response_data response sips2_response}
for target in $targets; do
    case $target in
        response|response_data|sips2_response) max_len=24000 ;;  # messages up to the legacy's 21 503 characters
        *) max_len=8192 ;;
    esac
    log=fuzz/artifacts/$target.log
    mkdir -p fuzz/artifacts/$target
    echo "== fuzz $target for ${seconds}s"
    cargo fuzz run -O "$target" -- -max_total_time="$seconds" -max_len=$max_len -timeout=1 \
        -rss_limit_mb=256 -malloc_limit_mb=256 -print_final_stats=1 >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    crashes=$(ls fuzz/artifacts/$target 2>/dev/null | grep -c -E '^(crash|oom|timeout|leak)-' || true)
    if [ $status -ne 0 ]; then
        failed=1
        result="FINDING (exit $status): $(grep -m1 -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log")"
    else
        result="no finding"
    fi
    printf '%-14s %12s executions  %s  (%s saved artifacts)\n' "$target" "${runs:-?}" "$result" "$crashes" | tee -a "$summary"
done
echo
echo "fuzz summary (${seconds}s per target, logs in fuzz/artifacts/<target>.log):"
cat "$summary"
rm -f "$summary"
exit $failed
