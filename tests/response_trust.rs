//! What a valid MAC proves, and the opt-in check that binds a response to
//! the request the shop stored (`expected_…=` arguments of `response`).

use sogen::inspect::Slot;
use sogen::internals::wire::keys;
use sogen::server::ResponseBuilder;
use sogen::testkit::Installation;
use sogen::FixedEnvironment;
use std::collections::HashSet;

/// 2026-11-23 10:15:00 UTC, the clock of these tests.
const NOW: i64 = 1_795_428_900;
const ENV: FixedEnvironment = FixedEnvironment { now: NOW, utc_offset: 0, pid: 1, api_version: None, tz: None };

/// A response sealed with the merchant's key matrix for these values.
fn sealed(shop: &Installation, amount: &str, date: &str, tid: &str) -> Vec<u8> {
    let mut b = ResponseBuilder::new();
    b.set(Slot::MerchantId, "000000000000001").set(Slot::MerchantCountry, "fr").set(Slot::Amount, amount);
    b.set(Slot::TransactionId, tid).set(Slot::TransmissionDate, date).set(Slot::ResponseCode, "00");
    b.set(Slot::CurrencyCode, "978");
    b.seal(&shop.matrix()).expect("a valid response")
}

fn answer(shop: &Installation, data: &[u8], expect: &[&str]) -> sogen::Outcome {
    let mut args = vec![shop.pathfile_arg(), [&b"message="[..], data].concat()];
    args.extend(expect.iter().map(|e| e.as_bytes().to_vec()));
    sogen::response(&args, &ENV)
}

const STORED: [&str; 4] = [
    "expected_merchant_id=000000000000001",
    "expected_transaction_id=123456",
    "expected_amount=2500",
    "expected_currency_code=978",
];

#[test]
fn chosen_values_leave_few_key_cells() {
    // The values a forger picks decide which matrix cells make the MAC key.
    let cells = |amount: &[u8], date: &[u8], tid: &[u8]| -> usize {
        keys::mac_key_positions(amount, date, tid).unwrap().iter().collect::<HashSet<_>>().len()
    };
    assert!(cells(b"100", b"00000000000000", b"215282") <= 5, "chosen values: few cells, few keys");
    assert!(cells(b"2500", b"20261123101500", b"123456") > 10, "a shop's own values: many cells");
}

#[test]
fn a_sealed_forgery_passes_the_mac_but_not_the_stored_request() {
    let shop = Installation::new("trust-forgery");
    let forged = sealed(&shop, "100", "00000000000000", "215282");
    let plain = answer(&shop, &forged, &[]);
    assert!(plain.is_success(), "the MAC alone cannot tell: {}", String::from_utf8_lossy(&plain.text));
    let checked = answer(&shop, &forged, &STORED);
    let text = String::from_utf8_lossy(&checked.text);
    assert!(text.starts_with("!-1!"), "{text}");
    assert!(
        text.contains("Error response does not match the request (transaction_id 123456 expected, 215282 received)"),
        "{text}"
    );
    assert!(checked.fields().all(|(_, v)| v.is_empty()), "no values from a refused response");
}

#[test]
fn the_transmission_date_must_be_a_recent_instant() {
    let shop = Installation::new("trust-date");
    let no_date = answer(&shop, &sealed(&shop, "2500", "00000000000000", "123456"), &STORED);
    assert!(String::from_utf8_lossy(&no_date.text).contains("(transmission_date 00000000000000 is not a date)"));
    let old = answer(&shop, &sealed(&shop, "2500", "20261019101500", "123456"), &STORED);
    assert!(String::from_utf8_lossy(&old.text).contains("(transmission_date 20261019101500 is not recent)"));
    let ahead = answer(&shop, &sealed(&shop, "2500", "20261123113000", "123456"), &STORED);
    assert!(String::from_utf8_lossy(&ahead.text).contains("is not recent"));
    let an_hour_ago = sealed(&shop, "2500", "20261123091500", "123456");
    assert!(answer(&shop, &an_hour_ago, &STORED).is_success());
    let strict = [&STORED[..], &["expected_max_age=600"]].concat();
    assert!(!answer(&shop, &an_hour_ago, &strict).is_success());
}

#[test]
fn the_genuine_response_passes_with_its_values() {
    let shop = Installation::new("trust-genuine");
    let out = answer(&shop, &sealed(&shop, "2500", "20261123101000", "123456"), &STORED);
    assert!(out.is_success(), "{}", String::from_utf8_lossy(&out.text));
    assert_eq!(out.field("amount"), Some(&b"2500"[..]));
    let other_amount = answer(&shop, &sealed(&shop, "2501", "20261123101000", "123456"), &STORED);
    assert!(String::from_utf8_lossy(&other_amount.text).contains("(amount 2500 expected, 2501 received)"));
}

#[test]
fn a_changed_text_never_makes_fields_panic() {
    let shop = Installation::new("trust-text");
    let mut out = sogen::response(&[shop.pathfile_arg(), b"message=x".to_vec()], &ENV);
    assert_eq!(out.fields().len(), 42);
    out.text.clear();
    assert_eq!(out.field("amount"), Some(&b""[..]));
    assert!(out.fields().all(|(_, v)| v.is_empty()));
}
