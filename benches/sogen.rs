//! Criterion benchmarks: `request` and `response` in-process with the
//! configuration cache warm and cold, through the Rust API and the C ABI;
//! the MAC alone (the cryptographic floor of a request); and the parser of
//! each configuration file. Run: `cargo bench --bench sogen` (or `make bench`).

mod support;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sogen::ffi::{sogen_free, sogen_request, sogen_response};
use sogen::internals::config::{certificate, parmcom, pathfile};
use sogen::internals::wire::{hex, keys, mac};
use std::hint::black_box;
use support::{data_of, CArgs, Fixture};

type RustEntry = fn(&[Vec<u8>], &dyn sogen::Environment) -> sogen::Outcome;
type CEntry = unsafe extern "C" fn(i32, *const *const std::ffi::c_char) -> *mut std::ffi::c_char;

/// One entry point warm (Rust API and C ABI) and cold (all its files changed
/// since the last call, so re-read and re-parsed).
fn entry_point(c: &mut Criterion, name: &str, mut fx: Fixture, args: Vec<Vec<u8>>, rust: RustEntry, c_abi: CEntry) {
    let mut g = c.benchmark_group(name);
    g.bench_function("warm", |b| b.iter(|| black_box(rust(black_box(&args), &sogen::SystemEnvironment))));
    let cargs = CArgs::new(&args);
    g.bench_function("warm_c_abi", |b| {
        b.iter(|| unsafe {
            let p = c_abi(cargs.ptrs.len() as i32, cargs.ptrs.as_ptr());
            sogen_free(black_box(p));
        })
    });
    g.bench_function("cold", |b| {
        b.iter_batched(|| fx.touch(), |_| black_box(rust(&args, &sogen::SystemEnvironment)), BatchSize::PerIteration)
    });
    g.finish();
}

fn request(c: &mut Criterion) {
    let fx = Fixture::new("criterion-request");
    let args = fx.request_args();
    let out = sogen::request(&args, &sogen::SystemEnvironment);
    assert!(out.text.starts_with(b"!0!!<FORM"), "{}", String::from_utf8_lossy(&out.text));
    entry_point(c, "request", fx, args, sogen::request::<Vec<u8>>, sogen_request);
}

fn response(c: &mut Criterion) {
    let fx = Fixture::new("criterion-response");
    let args = fx.response_args();
    let out = sogen::response(&args, &sogen::SystemEnvironment);
    assert!(out.text.starts_with(b"!0!!000000000000001!fr!2599!"), "{}", String::from_utf8_lossy(&out.text));
    entry_point(c, "response", fx, args, sogen::response::<Vec<u8>>, sogen_response);
}

/// The DES CBC-MAC over the hex text a request signs: what no implementation
/// of the protocol can avoid computing.
fn mac_floor(c: &mut Criterion) {
    let fx = Fixture::new("criterion-mac");
    let out = sogen::request(&fx.request_args(), &sogen::SystemEnvironment);
    let data = data_of(&out.text);
    let text = &data[..data.len() - 16];
    let cert = certificate::parse(&std::fs::read(&fx.certificate).unwrap(), true);
    let matrix = cert.matrix.expect("demo matrix");
    let key = keys::mac_key(&matrix, b"2599", b"20261123101500", b"123456").unwrap();
    let mut g = c.benchmark_group("mac");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(format!("des_cbc_mac_{}_bytes", text.len()), |b| {
        b.iter(|| black_box(mac::compute(black_box(&key), black_box(text))))
    });
    assert_eq!(support::des_crate_mac(&key, text), mac::compute(&key, text));
    g.bench_function(format!("des_crate_mac_{}_bytes", text.len()), |b| {
        b.iter(|| black_box(support::des_crate_mac(black_box(&key), black_box(text))))
    });
    g.bench_function("key_derivation_and_mac", |b| {
        b.iter(|| {
            let k = keys::mac_key(&matrix, b"2599", b"20261123101500", b"123456").unwrap();
            black_box(hex::encode_lower(&mac::compute(&k, black_box(text))))
        })
    });
    g.finish();
}

fn parsers(c: &mut Criterion) {
    let fx = Fixture::new("criterion-parse");
    let read = |p: &std::path::Path| std::fs::read(p).unwrap();
    let (pf, defaults, merchant, cert) =
        (read(&fx.pathfile), read(&fx.defaults), read(&fx.merchant), read(&fx.certificate));
    assert!(
        pathfile::parse(&pf).is_ok()
            && parmcom::parse(&defaults, 2048).is_ok()
            && parmcom::parse(&merchant, 2048).is_ok()
    );
    assert!(certificate::parse(&cert, true).matrix.is_ok());
    let mut g = c.benchmark_group("parse");
    g.bench_function("pathfile", |b| b.iter(|| black_box(pathfile::parse(black_box(&pf)))));
    g.bench_function("parmcom_sogenactif", |b| b.iter(|| black_box(parmcom::parse(black_box(&defaults), 2048))));
    g.bench_function("parmcom_merchant", |b| b.iter(|| black_box(parmcom::parse(black_box(&merchant), 2048))));
    g.bench_function("certificate", |b| b.iter(|| black_box(certificate::parse(black_box(&cert), true))));
    g.finish();
}

criterion_group! {
    name = benches;
    // Short windows: the whole suite stays around a minute on 2 busy cores.
    config = Criterion::default().warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = request, response, mac_floor, parsers
}
criterion_main!(benches);
