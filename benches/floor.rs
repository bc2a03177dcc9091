//! The cryptographic floor: a call cannot be faster than the DES CBC-MAC over
//! its DATA text (CBC is sequential). This bench times, in one run and
//! interleaved so that all see the same machine, a warm `request` and the
//! MAC alone over that request's DATA text, then a warm `response` and the
//! MAC alone over the message it reads, and prints each call's ratio to the
//! MAC: libsogen's own table DES, OpenSSL's (`DES_cbc_cksum` from the
//! system's libcrypto, loaded at run time when present) and the des crate's.
//!
//! `cargo bench --bench floor` (or `make bench-floor`). Under `cargo test`
//! it only checks that its inputs work.

mod support;

use sogen::internals::config::certificate;
use sogen::internals::wire::{keys, mac};
use sogen::SystemEnvironment;
use std::hint::black_box;
use std::time::Instant;
use support::{data_of, Fixture};

/// Calls per timed batch, batches per measurement.
const BATCH: usize = 200;
const ROUNDS: usize = 60;

/// Median nanoseconds per call of each closure, the closures' batches
/// interleaved round after round.
fn interleaved(calls: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); calls.len()];
    for call in calls.iter_mut() {
        for _ in 0..BATCH {
            call();
        }
    }
    for _ in 0..ROUNDS {
        for (call, s) in calls.iter_mut().zip(samples.iter_mut()) {
            let t = Instant::now();
            for _ in 0..BATCH {
                call();
            }
            s.push(t.elapsed().as_nanos() as f64 / BATCH as f64);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(|a, b| a.total_cmp(b));
            s[s.len() / 2]
        })
        .collect()
}

/// The MAC key and text a DATA value carries, with the certificate's matrix.
struct Sealed {
    key: [u8; 8],
    text: Vec<u8>,
}

fn sealed(fx: &Fixture, data: &[u8], amount: &[u8], date: &[u8], tid: &[u8]) -> Sealed {
    let cert = certificate::parse(&std::fs::read(&fx.certificate).expect("certificate"), true);
    let key = keys::mac_key(&cert.matrix.expect("key matrix"), amount, date, tid).expect("key");
    let text = data[..data.len() - 16].to_vec();
    assert_eq!(sogen::internals::wire::hex::encode_lower(&mac::compute(&key, &text)), &data[data.len() - 16..]);
    Sealed { key, text }
}

type SetKey = unsafe extern "C" fn(*const [u8; 8], *mut [u32; 32]);
type Cksum = unsafe extern "C" fn(*const u8, *mut [u8; 8], libc::c_long, *const [u32; 32], *const [u8; 8]) -> u32;

/// OpenSSL's DES CBC-MAC (`DES_cbc_cksum`), from the system's libcrypto.
struct OpenSsl {
    set_key: SetKey,
    cksum: Cksum,
}

impl OpenSsl {
    fn load() -> Option<OpenSsl> {
        // SAFETY: dlopen/dlsym with C strings; the symbols have these C signatures.
        unsafe {
            let lib = libc::dlopen(c"libcrypto.so.3".as_ptr(), libc::RTLD_NOW);
            if lib.is_null() {
                return None;
            }
            let set_key = libc::dlsym(lib, c"DES_set_key_unchecked".as_ptr());
            let cksum = libc::dlsym(lib, c"DES_cbc_cksum".as_ptr());
            if set_key.is_null() || cksum.is_null() {
                return None;
            }
            let set_key = std::mem::transmute::<*mut libc::c_void, SetKey>(set_key);
            let cksum = std::mem::transmute::<*mut libc::c_void, Cksum>(cksum);
            Some(OpenSsl { set_key, cksum })
        }
    }

    /// The MAC of `text` as the protocol pads it (at least one zero byte).
    fn mac(&self, key: &[u8; 8], text_and_zero: &[u8]) -> [u8; 8] {
        let mut schedule = [0u32; 32];
        let mut out = [0u8; 8];
        // SAFETY: valid buffers of the sizes OpenSSL expects (a key schedule is 128 bytes).
        unsafe {
            (self.set_key)(key, &mut schedule);
            (self.cksum)(text_and_zero.as_ptr(), &mut out, text_and_zero.len() as libc::c_long, &schedule, &[0; 8]);
        }
        out
    }
}

fn report(name: &str, call_ns: f64, macs: &[(&str, f64)], text_len: usize) {
    println!("{name}: {call_ns:.0} ns; the MAC over its {text_len} DATA characters:");
    for (who, mac_ns) in macs {
        println!("    {who:<10} {mac_ns:>8.0} ns   call / MAC = {:.2}", call_ns / mac_ns);
    }
}

/// The calls and the MACs inside them, checked before anything is timed.
struct Inputs {
    req: Vec<Vec<u8>>,
    res: Vec<Vec<u8>>,
    request_mac: Sealed,
    response_mac: Sealed,
}

impl Inputs {
    fn prepare(fx: &Fixture) -> Inputs {
        let (req, res) = (fx.request_args(), fx.response_args());
        let out = sogen::request(&req, &SystemEnvironment);
        let data = data_of(&out.text);
        let answered = sogen::response(&res, &SystemEnvironment);
        assert!(answered.is_success(), "{}", String::from_utf8_lossy(&answered.text));
        let message = res[0].strip_prefix(b"message=").expect("message first").to_vec();
        let response_mac = sealed(fx, &message, b"2599", b"20261123101500", b"123456");
        // The request's transmission date is the clock's: read it back from DATA.
        let decoded = sogen::server::decode_request(&data).expect("request DATA decodes");
        let date = decoded.get(sogen::inspect::Field::TransmissionDate);
        let request_mac = sealed(fx, &data, b"2599", date, b"123456");
        Inputs { req, res, request_mac, response_mac }
    }
}

/// Medians of: request, its MAC (ours, OpenSSL's, the des crate's), then the
/// same four for response.
fn measure(inputs: &Inputs, openssl: Option<&OpenSsl>) -> Vec<f64> {
    let (req, res) = (&inputs.req, &inputs.res);
    let padded = |t: &[u8]| [t, &[0]].concat();
    let (rq, rs) = (&inputs.request_mac, &inputs.response_mac);
    let (rq0, rs0) = (padded(&rq.text), padded(&rs.text));
    if let Some(o) = openssl {
        assert_eq!(o.mac(&rq.key, &rq0), mac::compute(&rq.key, &rq.text), "OpenSSL computes the same MAC");
    }
    let ossl = |key: &[u8; 8], text: &[u8]| openssl.map(|o| o.mac(key, text));
    interleaved(&mut [
        &mut || {
            black_box(sogen::request(black_box(req), &SystemEnvironment));
        },
        &mut || {
            black_box(mac::compute(black_box(&rq.key), black_box(&rq.text)));
        },
        &mut || {
            black_box(ossl(black_box(&rq.key), black_box(&rq0)));
        },
        &mut || {
            black_box(support::des_crate_mac(black_box(&rq.key), black_box(&rq.text)));
        },
        &mut || {
            black_box(sogen::response(black_box(res), &SystemEnvironment));
        },
        &mut || {
            black_box(mac::compute(black_box(&rs.key), black_box(&rs.text)));
        },
        &mut || {
            black_box(ossl(black_box(&rs.key), black_box(&rs0)));
        },
        &mut || {
            black_box(support::des_crate_mac(black_box(&rs.key), black_box(&rs.text)));
        },
    ])
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let fx = Fixture::new("floor");
    let inputs = Inputs::prepare(&fx);
    // `-- --profile request|response N`: only those calls, for a profiler.
    let argv: Vec<String> = std::env::args().collect();
    if let Some(i) = argv.iter().position(|a| a == "--profile") {
        let n = argv.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(100_000);
        let args = if argv.get(i + 1).map(String::as_str) == Some("request") { &inputs.req } else { &inputs.res };
        for _ in 0..n {
            black_box(if args == &inputs.req { sogen::request(args, &SystemEnvironment) } else { sogen::response(args, &SystemEnvironment) });
        }
        return;
    }
    if !bench {
        println!("floor: inputs check out (run with `cargo bench --bench floor` to time)");
        return;
    }
    let openssl = OpenSsl::load();
    let m = measure(&inputs, openssl.as_ref());
    println!("median of {ROUNDS} batches of {BATCH} calls, interleaved, warm cache, {} request arguments", inputs.req.len());
    let macs = |own: f64, ssl: f64, crate_: f64| {
        let mut v = vec![("libsogen", own)];
        if openssl.is_some() {
            v.push(("OpenSSL", ssl));
        }
        v.push(("des crate", crate_));
        v
    };
    report("request", m[0], &macs(m[1], m[2], m[3]), inputs.request_mac.text.len());
    report("response", m[4], &macs(m[5], m[6], m[7]), inputs.response_mac.text.len());
}
