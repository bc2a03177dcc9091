//! Server side → merchant side: random field sets built into DATA come back
//! from `response` as the same 42 values, and no altered DATA is accepted.
//! Self-contained: a certificate is generated for the test.

use sogen::inspect::{Slot, SLOTS};
use sogen::internals::language::sips_to_iso_legacy as to_iso_language;
use sogen::server::{ResponseBuilder, Values};
use sogen::testkit::{Installation, SeededRng as Rng};
use sogen::FixedEnvironment;

struct Merchant(Installation);

impl Merchant {
    fn new(tag: &str) -> Merchant {
        Merchant(Installation::new(tag))
    }

    fn certificate(&self) -> Vec<u8> {
        self.0.certificate().to_str().expect("utf-8 temp dir").as_bytes().to_vec()
    }

    fn read(&self, data: &[u8]) -> Result<Values, Vec<u8>> {
        let args = [self.0.pathfile_arg(), [&b"message="[..], data].concat()];
        let e =
            sogen::response(&args, &FixedEnvironment { now: 0, utc_offset: 0, pid: 1, api_version: None, tz: None });
        match e.error {
            None => {
                let mut values = Values::default();
                for (name, value) in e.fields() {
                    values.set(Slot::from_name(name).expect("a response field"), value);
                }
                Ok(values)
            }
            Some(error) => Err(error.text()),
        }
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
        let iso = to_iso_language(expected.get(slot)).to_vec();
        expected.set(slot, iso);
    }
    if !complement.is_empty() {
        let mut data = expected.get(Slot::Data).to_vec();
        if !data.is_empty() && !data.ends_with(b";") {
            data.push(b';');
        }
        data.extend_from_slice(&complement);
        expected.set(Slot::Data, data);
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
