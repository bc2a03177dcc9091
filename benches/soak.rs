//! 10^6 calls (request and response alternating) in one process, with the
//! heap in use (mallinfo2) and the resident set size sampled every 10^5
//! calls, and a configuration change checked to be seen by the very next
//! call at every sample. Exits non-zero if memory grows after warm-up or a
//! change is missed. `cargo bench --bench soak [-- CALLS]` (or `make bench`);
//! under `cargo test` it runs 2 000 calls.

mod support;

use std::hint::black_box;
use support::Fixture;

/// Allowed growth between the first sample and the last: allocator noise,
/// far below what a leak of even one byte per call (1 MB) would show.
const TOLERANCE: i64 = 256 * 1024;

fn rss_kib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(-1)
}

fn heap_bytes() -> i64 {
    // SAFETY: mallinfo2 only reads the allocator's counters.
    unsafe { libc::mallinfo2().uordblks as i64 }
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let calls: usize = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .find_map(|a| a.parse().ok())
        .unwrap_or(if bench { 1_000_000 } else { 2_000 });
    let samples: usize = std::env::var("SOGEN_SOAK_SAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let rewrite = std::env::var("SOGEN_SOAK_REWRITE").map_or(true, |v| v != "0");
    let fx = Fixture::new("soak");
    let (req, res) = (fx.request_args(), fx.response_args());
    let started = std::time::Instant::now();
    let mut first: Option<(i64, i64)> = None;
    let mut last = (0, 0);
    // Round 0 keeps the fixture's TARGET (_top, from parmcom.sogenactif).
    let mut round = 0usize;
    println!("{:>9} {:>12} {:>10}  config change", "calls", "heap bytes", "RSS KiB");
    for i in 0..calls {
        let ok = if i % 2 == 0 {
            sogen::request(black_box(&req), &sogen::SystemEnvironment).text.starts_with(b"!0!!<FORM")
        } else {
            sogen::response(black_box(&res), &sogen::SystemEnvironment).text.starts_with(b"!0!!000000000000001")
        };
        assert!(ok, "call {i} failed");
        if (i + 1) % (calls / samples).max(1) == 0 {
            // Rewrite the merchant parmcom: the very next request must use it.
            // (SOGEN_SOAK_REWRITE=0 leaves the files alone, to tell growth
            // caused by calls from growth caused by re-reading files.)
            round += usize::from(rewrite);
            let target = if round == 0 { "_top" } else { ["_self", "_parent", "_blank"][round % 3] };
            if rewrite {
                let text = std::fs::read_to_string(&fx.merchant).unwrap();
                let text: String =
                    text.lines().filter(|l| !l.starts_with("TARGET!")).map(|l| format!("{l}\n")).collect();
                std::fs::write(&fx.merchant, format!("{text}TARGET!{target}!\n")).unwrap();
            }
            let form = sogen::request(&req, &sogen::SystemEnvironment).text;
            let wanted = format!("target=\"{target}\"");
            let picked = form.windows(wanted.len()).any(|w| w == wanted.as_bytes());
            let now = (heap_bytes(), rss_kib());
            first.get_or_insert(now);
            last = now;
            println!("{:>9} {:>12} {:>10}  {}", i + 1, now.0, now.1, if picked { "seen" } else { "MISSED" });
            assert!(picked, "TARGET {target} not picked up by the next call");
        }
    }
    let first = first.unwrap_or(last);
    let growth = last.0 - first.0;
    println!(
        "soak: {calls} calls in {:.1} s, heap growth after the first sample {growth} bytes, RSS {} → {} KiB",
        started.elapsed().as_secs_f64(),
        first.1,
        last.1
    );
    if growth > TOLERANCE {
        eprintln!("soak: heap grew by {growth} bytes");
        std::process::exit(1);
    }
}
