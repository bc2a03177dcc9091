//! Fixed-count timing of in-process calls from Rust, for the side-by-side
//! script (scripts/bench.py), which times every other row the same way:
//! warm-up calls, then N individually timed calls, median reported.
//!
//! `cargo bench --bench inprocess -- INPUTS.json N` where INPUTS.json is
//! `{"request": [args…], "response": [args…]}` (latin-1 strings) prints one
//! JSON object of nanosecond statistics. Under `cargo test` (no `--bench`)
//! it only checks that the demo inputs work.
//!
//! `… -- INPUTS.json N count request|response|mac|mac-des-crate` makes exactly
//! one warming call and then N calls of one kind, untimed: run under
//! `valgrind --tool=callgrind` for two values of N, the difference gives
//! instructions per call (scripts/bench-callgrind.sh).

mod support;

use sogen::ffi::{sogen_free, sogen_request, sogen_response};
use std::hint::black_box;
use std::time::Instant;
use support::{CArgs, Fixture};

const WARM_UP: usize = 1000;

fn stats(mut ns: Vec<u64>) -> serde_json::Value {
    ns.sort_unstable();
    let q = |p: f64| ns[((ns.len() - 1) as f64 * p).round() as usize];
    serde_json::json!({"n": ns.len(), "median_ns": q(0.5), "p10_ns": q(0.1), "p90_ns": q(0.9)})
}

fn time(n: usize, mut call: impl FnMut()) -> serde_json::Value {
    for _ in 0..WARM_UP {
        call();
    }
    let samples = (0..n)
        .map(|_| {
            let t = Instant::now();
            call();
            t.elapsed().as_nanos() as u64
        })
        .collect();
    stats(samples)
}

fn c_call(f: unsafe extern "C" fn(i32, *const *const std::ffi::c_char) -> *mut std::ffi::c_char, args: &CArgs) {
    // SAFETY: `args` keeps its strings alive; the result is released once.
    unsafe {
        let p = f(args.ptrs.len() as i32, args.ptrs.as_ptr());
        assert!(!p.is_null());
        sogen_free(black_box(p));
    }
}

fn latin1_args(v: &serde_json::Value) -> Vec<Vec<u8>> {
    let list = v.as_array().expect("an argument list");
    list.iter().map(|a| a.as_str().expect("string").chars().map(|c| c as u32 as u8).collect()).collect()
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --all-targets`: a smoke check, no timing.
        let fx = Fixture::new("inprocess-smoke");
        let req = sogen::request(&fx.request_args(), &sogen::SystemEnvironment);
        assert!(req.text.starts_with(b"!0!!<FORM"), "{}", String::from_utf8_lossy(&req.text));
        let res = sogen::response(&fx.response_args(), &sogen::SystemEnvironment);
        assert!(res.text.starts_with(b"!0!!000000000000001!fr!2599!"), "{}", String::from_utf8_lossy(&res.text));
        println!("inprocess: smoke check passed (run with `cargo bench --bench inprocess -- INPUTS N` to time)");
        return;
    }
    let (inputs, n) = match argv.as_slice() {
        [path, n, ..] => (path.clone(), n.parse::<usize>().expect("N")),
        _ => {
            eprintln!("usage: cargo bench --bench inprocess -- INPUTS.json N");
            std::process::exit(2);
        }
    };
    let inputs: serde_json::Value = serde_json::from_slice(&std::fs::read(&inputs).expect("inputs")).expect("json");
    let (req, res) = (latin1_args(&inputs["request"]), latin1_args(&inputs["response"]));
    // The inputs must succeed: timing an error path would flatter us.
    assert!(sogen::request(&req, &sogen::SystemEnvironment).text.starts_with(b"!0!!<FORM"), "request inputs fail");
    assert!(sogen::response(&res, &sogen::SystemEnvironment).text.starts_with(b"!0!"), "response inputs fail");
    if let Some(kind) = argv.get(3).filter(|_| argv[2] == "count") {
        count(kind, n, &req, &res);
        return;
    }
    let (creq, cres) = (CArgs::new(&req), CArgs::new(&res));
    let out = serde_json::json!({
        "rust_api": {
            "request": time(n, || { black_box(sogen::request(black_box(&req), &sogen::SystemEnvironment)); }),
            "response": time(n, || { black_box(sogen::response(black_box(&res), &sogen::SystemEnvironment)); }),
        },
        "rust_c_abi": {
            "request": time(n, || c_call(sogen_request, &creq)),
            "response": time(n, || c_call(sogen_response, &cres)),
        },
    });
    println!("{out}");
}

/// Exactly `n` calls of one kind after one warming call (the caches filled).
fn count(kind: &str, n: usize, req: &[Vec<u8>], res: &[Vec<u8>]) {
    let form = sogen::request(req, &sogen::SystemEnvironment).text;
    let data = support::data_of(&form);
    let text = &data[..data.len() - 16];
    let key = [0x13, 0x34, 0x57, 0x79, 0x9b, 0xbc, 0xdf, 0xf1];
    let mut call: Box<dyn FnMut()> = match kind {
        "request" => Box::new(|| {
            black_box(sogen::request(black_box(req), &sogen::SystemEnvironment));
        }),
        "response" => Box::new(|| {
            black_box(sogen::response(black_box(res), &sogen::SystemEnvironment));
        }),
        // The MAC over the text the request signed (the same length every run).
        "mac" => Box::new(|| {
            black_box(sogen::internals::wire::mac::compute(&key, black_box(text)));
        }),
        // The same MAC with the `des` crate, as before the table-driven DES.
        "mac-des-crate" => Box::new(|| {
            black_box(support::des_crate_mac(&key, black_box(text)));
        }),
        other => panic!("unknown kind {other}"),
    };
    call();
    for _ in 0..n {
        call();
    }
    println!("{kind}: {n} calls, MAC text {} bytes", text.len());
}
