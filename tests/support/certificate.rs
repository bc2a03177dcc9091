//! Test certificates with a key matrix drawn from a seed, so that a test makes
//! the same certificate every run (and two certificates can share a matrix).

use sogen::certgen::{generate, CertificateSpec};

/// The spec of a test certificate (country fr, type php) for `merchant_id`
/// whose forms post to `server_url`.
pub fn spec(merchant_id: &str, server_url: &str) -> CertificateSpec {
    CertificateSpec {
        merchant_id: merchant_id.into(),
        country: "fr".into(),
        server_url: server_url.into(),
        ctype: Some("php".into()),
        date: "01/01/2026".into(),
        expires: "20361231".into(),
        label: "test".into(),
        name: "TEST".into(),
    }
}

/// The certificate text of `spec`, its random bytes from `seed`.
pub fn seeded(spec: &CertificateSpec, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut random = |buf: &mut [u8]| {
        for b in buf {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            *b = (state >> 33) as u8;
        }
    };
    generate(spec, &mut random).expect("a valid test certificate spec")
}
