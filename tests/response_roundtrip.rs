//! Server side → merchant side: random field sets built into DATA come back
//! from `response` as the same 42 values, and no altered DATA is accepted.
//! Self-contained: a certificate is generated for the test.

#[path = "support/certificate.rs"]
mod test_certificate;

use sogen::inspect::{Slot, SLOTS};
use sogen::internals::language::sips_to_iso_legacy as to_iso_language;
use sogen::server::ResponseBuilder;
use sogen::server::Values;
use sogen::FixedEnvironment;
use std::path::PathBuf;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// Any byte but NUL (values are C strings).
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = if self.chance(10) { max } else { self.below(max.min(40) + 1) };
        (0..len).map(|_| 1 + self.below(255) as u8).collect()
    }
    fn digits(&mut self, min: usize, max: usize) -> Vec<u8> {
        let len = min + self.below(max - min + 1);
        (0..len).map(|_| b'0' + self.below(10) as u8).collect()
    }
}

struct Merchant {
    dir: PathBuf,
    pathfile: Vec<u8>,
}

impl Merchant {
    fn new(tag: &str) -> Merchant {
        let dir = std::env::temp_dir().join(format!("sogen-rt-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = test_certificate::spec("000000000000001", "http://127.0.0.1:1/payment");
        std::fs::write(dir.join(spec.file_name("certif")), test_certificate::seeded(&spec, 7)).unwrap();
        let pathfile = dir.join("pathfile");
        let text =
            format!("D_LOGO!/l/!\nF_DEFAULT!x!\nF_PARAM!x!\nF_CERTIFICATE!{}/certif!\nF_CTYPE!php!\n", dir.display());
        std::fs::write(&pathfile, text).unwrap();
        Merchant { pathfile: format!("pathfile={}", pathfile.display()).into_bytes(), dir }
    }

    fn certificate(&self) -> Vec<u8> {
        format!("{}/certif.fr.000000000000001.php", self.dir.display()).into_bytes()
    }

    fn read(&self, data: &[u8]) -> Result<Values, Vec<u8>> {
        let args = [self.pathfile.clone(), [&b"message="[..], data].concat()];
        let e = sogen::response(&args, &FixedEnvironment { now: 0, utc_offset: 0, pid: 1, api_version: None });
        match e.error {
            None => Ok(Values(e.fields.into_iter().map(|(_, v)| v).collect())),
            Some(error) => Err(error.text()),
        }
    }
}

impl Drop for Merchant {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A random response; returns the builder and the values `response` must print.
fn random_response(rng: &mut Rng) -> (ResponseBuilder, Values) {
    let mut b = ResponseBuilder::new();
    for def in SLOTS.iter() {
        if rng.chance(60) {
            let max = def.max.unwrap_or(if def.id == Slot::CvvFlag { 1 } else { 2 });
            b.set(def.id, rng.bytes(max));
        }
    }
    b.set(Slot::MerchantId, "000000000000001").set(Slot::MerchantCountry, "fr");
    b.set(Slot::Amount, rng.digits(3, 12)).set(Slot::TransactionId, rng.digits(1, 6));
    b.set(Slot::TransmissionDate, rng.digits(14, 14));
    for slot in [Slot::Language, Slot::MerchantLanguage] {
        let codes: [&[u8]; 8] = [b"sp", b"cz", b"cs", b"ge", b"fr", b"jp", b"en", b""];
        b.set(slot, codes[rng.below(codes.len())]);
    }
    b.cipher_customer_id(rng.chance(70));
    let complement = if rng.chance(30) { rng.bytes(24) } else { Vec::new() };
    if rng.chance(50) && b.values().get(Slot::Data).len() > 2048 - 30 {
        b.set(Slot::Data, "short");
    }
    b.complement(complement.clone());
    let mut expected = b.values().clone();
    for slot in [Slot::Language, Slot::MerchantLanguage] {
        expected.0[slot as usize] = to_iso_language(expected.get(slot)).to_vec();
    }
    if !complement.is_empty() {
        let data = &mut expected.0[Slot::Data as usize];
        if !data.is_empty() && !data.ends_with(b";") {
            data.push(b';');
        }
        data.extend_from_slice(&complement);
    }
    (b, expected)
}

#[test]
fn random_field_sets_round_trip() {
    let merchant = Merchant::new("roundtrip");
    let mut rng = Rng(0x5eed_1234);
    for i in 0..500 {
        let (builder, expected) = random_response(&mut rng);
        let data = builder.seal_with_certificate(&merchant.certificate(), true).expect("valid response");
        match merchant.read(&data) {
            Ok(values) => assert_eq!(values, expected, "case {i}"),
            Err(e) => panic!("case {i}: refused: {}", String::from_utf8_lossy(&e)),
        }
    }
}

#[test]
fn altered_data_is_never_accepted_with_other_content() {
    let merchant = Merchant::new("mutation");
    let mut rng = Rng(0xfeed_beef);
    let mut accepted_unchanged = 0;
    let mut mutations = 0;
    while mutations < 10_000 {
        let (builder, expected) = random_response(&mut rng);
        let data = builder.seal_with_certificate(&merchant.certificate(), true).unwrap();
        for _ in 0..50 {
            let mut altered = data.clone();
            let at = rng.below(altered.len());
            let alphabet = b"0123456789abcdefABCDEF !zZ\"\\";
            altered[at] = if rng.chance(80) { alphabet[rng.below(alphabet.len())] } else { 1 + rng.below(255) as u8 };
            if altered == data {
                continue;
            }
            mutations += 1;
            if let Ok(values) = merchant.read(&altered) {
                assert_eq!(values, expected, "altered DATA accepted with other content (byte {at})");
                accepted_unchanged += 1;
            }
        }
    }
    // Only changes that decode to the same bytes can pass (none in practice).
    assert!(accepted_unchanged < mutations / 100, "{accepted_unchanged} of {mutations} altered messages accepted");
}
