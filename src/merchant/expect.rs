//! The opt-in binding of a response to the request the shop stored.
//!
//! A valid MAC only says the message was sealed with the merchant's key
//! matrix; the SIPS 1.0 key of a message is taken from 16 matrix cells that
//! the message's own amount, transmission date and transaction id choose,
//! and with values an attacker picks the 16 cells can fall on very few, so a
//! forged `!0!` answer is within reach of a brute force. A shop that passes
//! what it stored (`expected_amount=…` and the others) gets a response whose
//! values are those of its request and whose transmission date is a real,
//! recent instant, or an error: the attacker no longer picks the key cells.

use crate::env::Environment;
use crate::error::{ApiError, Category};
use crate::fields::{Slot, Values};

/// The keywords, and the response value each one must equal.
const EXPECTED: [(&[u8], Slot); 4] = [
    (b"expected_merchant_id=", Slot::MerchantId),
    (b"expected_transaction_id=", Slot::TransactionId),
    (b"expected_amount=", Slot::Amount),
    (b"expected_currency_code=", Slot::CurrencyCode),
];
const MAX_AGE: &[u8] = b"expected_max_age=";
/// How old a transmission date may be by default: a payment page left open
/// for a day, and automatic responses sent late.
const DEFAULT_MAX_AGE: i64 = 48 * 3600;
/// How far in the future it may be (clocks differ).
const CLOCK_SKEW: i64 = 300;

/// What the shop expects of the response.
#[derive(Debug, Default, Clone)]
pub(crate) struct Expectations {
    values: Vec<(Slot, Vec<u8>)>,
    max_age: Option<i64>,
}

impl Expectations {
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.max_age.is_none()
    }
}

/// Takes the `expected_*=` arguments out of `args`; the rest are the
/// legacy arguments. An argument that starts like an expectation but cannot
/// be read stays in the rest (and is reported as the legacy would).
pub(crate) fn split<A: AsRef<[u8]>>(args: &[A]) -> (Vec<&[u8]>, Expectations) {
    let mut rest = Vec::with_capacity(args.len());
    let mut expect = Expectations::default();
    for arg in args.iter().map(AsRef::as_ref) {
        if let Some((slot, value)) = EXPECTED.iter().find_map(|(k, s)| Some((*s, arg.strip_prefix(*k)?))) {
            expect.values.push((slot, value.to_vec()));
        } else if let Some(age) = arg.strip_prefix(MAX_AGE).and_then(parse_seconds) {
            expect.max_age = Some(age);
        } else {
            rest.push(arg);
        }
    }
    (rest, expect)
}

fn parse_seconds(text: &[u8]) -> Option<i64> {
    std::str::from_utf8(text).ok()?.parse().ok().filter(|&s: &i64| s >= 0)
}

/// Checks decoded `values` against what the shop expects; `Err` is the
/// error to answer instead of the values.
pub(crate) fn check(expect: &Expectations, values: &Values, env: &dyn Environment) -> Result<(), ApiError> {
    for (slot, wanted) in &expect.values {
        let got = values.get(*slot);
        if got != wanted.as_slice() {
            let name = slot.def().name.as_bytes();
            let detail = [name, b" ", wanted, b" expected, ", got, b" received"].concat();
            return Err(ApiError::new(Category::UnexpectedResponse, detail));
        }
    }
    let date = values.get(Slot::TransmissionDate);
    let Some(sent) = crate::env::parse_stamp14(date) else {
        let detail = [&b"transmission_date "[..], date, b" is not a date"].concat();
        return Err(ApiError::new(Category::UnexpectedResponse, detail));
    };
    let age = env.now() - sent;
    if age > expect.max_age.unwrap_or(DEFAULT_MAX_AGE) || age < -CLOCK_SKEW {
        let detail = [&b"transmission_date "[..], date, b" is not recent"].concat();
        return Err(ApiError::new(Category::UnexpectedResponse, detail));
    }
    Ok(())
}
