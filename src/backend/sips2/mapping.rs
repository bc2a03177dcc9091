//! A verified Sips 2.0 response as the 42 legacy values: copies, a few
//! conversions (dates, card number, 3-D Secure status, brand names), and the
//! values Sips 2.0 does not return left empty.
//!
//! Values longer than their legacy maxima: those a shop matches against its
//! own records (merchant_id, amount, transaction_id, response_code,
//! currency_code, order_id, customer_id, return_context) refuse the message;
//! the descriptive ones are cut to their maxima.

use super::seal::{DataError, RawItem};
use super::text::{from_utf8, truncate};
use crate::config::keyfile::ShopCharset;
use crate::env::{CivilTime, FixedEnvironment};
use crate::fields::{Slot, Values};
use crate::server::UNCHECKED_MAXIMA;

/// What to do with a value over its legacy maximum.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    Refuse,
    Cut,
}

/// The values copied from one item.
const COPIED: [(Slot, &str, Fit); 24] = [
    (Slot::MerchantId, "merchantId", Fit::Refuse),
    (Slot::Amount, "amount", Fit::Refuse),
    (Slot::ResponseCode, "responseCode", Fit::Refuse),
    (Slot::AuthorisationId, "authorisationId", Fit::Cut),
    (Slot::CurrencyCode, "currencyCode", Fit::Refuse),
    (Slot::CvvResponseCode, "cardCSCResultCode", Fit::Cut),
    (Slot::BankResponseCode, "acquirerResponseCode", Fit::Cut),
    (Slot::ComplementaryCode, "complementaryCode", Fit::Cut),
    (Slot::ComplementaryInfo, "complementaryInfo", Fit::Cut),
    (Slot::ReturnContext, "returnContext", Fit::Refuse),
    (Slot::CustomerId, "customerId", Fit::Refuse),
    (Slot::OrderId, "orderId", Fit::Refuse),
    (Slot::CustomerEmail, "customerEmail", Fit::Cut),
    (Slot::CustomerIpAddress, "customerIpAddress", Fit::Cut),
    (Slot::CaptureDay, "captureDay", Fit::Cut),
    (Slot::CaptureMode, "captureMode", Fit::Cut),
    (Slot::StatementReference, "statementReference", Fit::Cut),
    (Slot::CardValidity, "panExpiryDate", Fit::Cut),
    (Slot::ScoreValue, "scoreValue", Fit::Cut),
    (Slot::ScoreColor, "scoreColor", Fit::Cut),
    (Slot::ScoreInfo, "scoreInfo", Fit::Cut),
    (Slot::ScoreThreshold, "scoreThreshold", Fit::Cut),
    (Slot::ScoreProfile, "scoreProfile", Fit::Cut),
    (Slot::ThreedRelegationCode, "holderAuthentRelegation", Fit::Cut),
];

/// The other items the mapping reads.
const DERIVED_FROM: [&str; 8] = [
    "s10TransactionId",
    "transactionReference",
    "paymentMeanBrand",
    "transactionDateTime",
    "s10TransactionIdDate",
    "maskedPan",
    "cardCSCPresence",
    "holderAuthentStatus",
];

/// The items of a verified Data text.
pub(crate) struct Message<'a> {
    items: Vec<RawItem<'a>>,
}

impl<'a> Message<'a> {
    /// Refuses a message that gives a field the mapping reads twice (which
    /// value would count?); other keys, known or not, are not looked at.
    pub fn new(items: Vec<RawItem<'a>>) -> Result<Message<'a>, DataError> {
        let read = COPIED.iter().map(|(_, key, _)| *key).chain(DERIVED_FROM);
        for key in read {
            if items.iter().filter(|(k, _)| *k == key.as_bytes()).nth(1).is_some() {
                return Err(DataError::Twice(key));
            }
        }
        Ok(Message { items })
    }

    /// The value of `key`; absent and `null` are empty.
    pub fn get(&self, key: &str) -> &'a [u8] {
        let value = self.items.iter().find(|(k, _)| *k == key.as_bytes()).map_or(&b""[..], |(_, v)| v);
        if value == b"null" {
            b""
        } else {
            value
        }
    }
}

/// The 42 values; `Err` is the detail of `Error in the response structure`.
pub(crate) fn legacy_values(m: &Message, country: &[u8], charset: ShopCharset) -> Result<Values, Vec<u8>> {
    let mut values = Values::default();
    for (slot, key, fit) in COPIED {
        put(&mut values, slot, from_utf8(m.get(key), charset), fit, charset)?;
    }
    put(&mut values, Slot::MerchantCountry, country.to_vec(), Fit::Refuse, charset)?;
    put(&mut values, Slot::TransactionId, transaction_id(m).to_vec(), Fit::Refuse, charset)?;
    put(&mut values, Slot::PaymentMeans, v1_brand(m.get("paymentMeanBrand")).to_vec(), Fit::Cut, charset)?;
    if let Some(t) = transaction_time(m.get("transactionDateTime")) {
        values.set(Slot::TransmissionDate, t.utc);
        values.set(Slot::PaymentTime, &t.local[8..]);
        values.set(Slot::PaymentDate, &t.local[..8]);
    }
    let s10_date = m.get("s10TransactionIdDate");
    if s10_date.len() == 8 && s10_date.iter().all(u8::is_ascii_digit) {
        values.set(Slot::PaymentDate, s10_date);
    }
    values.set(Slot::CardNumber, card_number(m.get("maskedPan")));
    values.set(Slot::CvvFlag, cvv_flag(m.get("cardCSCPresence"), m.get("cardCSCResultCode")));
    let condition = transaction_condition(m.get("holderAuthentStatus"));
    put(&mut values, Slot::TransactionCondition, condition, Fit::Cut, charset)?;
    Ok(values)
}

fn put(values: &mut Values, slot: Slot, value: Vec<u8>, fit: Fit, charset: ShopCharset) -> Result<(), Vec<u8>> {
    let def = slot.def();
    let max = def.max.or_else(|| UNCHECKED_MAXIMA.iter().find(|(s, _)| *s == slot).map(|(_, m)| *m));
    let max = max.unwrap_or(usize::MAX);
    if value.len() > max && fit == Fit::Refuse {
        return Err([def.name, " too long"].concat().into_bytes());
    }
    values.set(slot, truncate(value, max, charset));
    Ok(())
}

/// `s10TransactionId`; else the last 6 digits of a 14-digit
/// `transactionReference` (Sips makes it `yyyymmdd` + the id), or the whole
/// reference when it is 1 to 6 digits; else empty.
fn transaction_id<'a>(m: &Message<'a>) -> &'a [u8] {
    let s10 = m.get("s10TransactionId");
    if !s10.is_empty() {
        return s10;
    }
    let reference = m.get("transactionReference");
    match reference.len() {
        _ if !reference.iter().all(u8::is_ascii_digit) => b"",
        14 => &reference[8..],
        1..=6 => reference,
        _ => b"",
    }
}

/// The V1 name of a brand (the inverse of the request's renaming).
fn v1_brand(v2: &[u8]) -> &[u8] {
    match v2 {
        b"BCMC" => b"BANCONTACTMISTERCASH",
        other => other,
    }
}

/// `transactionDateTime` as the local `yyyymmddhhmmss` it states and the UTC one.
struct TransactionTime {
    local: Vec<u8>,
    utc: Vec<u8>,
}

/// Reads `yyyy-mm-ddThh:mm:ss[.fraction][Z|±hh:mm|±hhmm]`; without a zone
/// the time is taken as UTC. `None` for anything else.
fn transaction_time(v: &[u8]) -> Option<TransactionTime> {
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = v.get(r)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let shape = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !shape.iter().all(|&(i, c)| v.get(i) == Some(&c)) {
        return None;
    }
    let (y, mo, d, h, mi, s) =
        (digits(0..4)?, digits(5..7)?, digits(8..10)?, digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let local = format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}");
    let mut rest = &v[19..];
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        rest = &rest[1 + n..];
    }
    let offset = zone_offset(rest)?;
    let at = FixedEnvironment::from_stamp(&local, 0, 0)?.now - offset;
    Some(TransactionTime { local: local.into_bytes(), utc: CivilTime::from_unix(at).stamp14() })
}

/// Seconds east of UTC of `Z`, `±hh:mm`, `±hhmm` or nothing.
fn zone_offset(zone: &[u8]) -> Option<i64> {
    let (sign, rest) = match zone {
        b"" | b"Z" => return Some(0),
        [b'+', rest @ ..] => (1, rest),
        [b'-', rest @ ..] => (-1, rest),
        _ => return None,
    };
    let rest: Vec<u8> = match rest {
        [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => vec![*h1, *h2, *m1, *m2],
        _ => return None,
    };
    if !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |i: usize| i64::from(rest[i] - b'0') * 10 + i64::from(rest[i + 1] - b'0');
    (n(0) <= 23 && n(2) <= 59).then(|| sign * (n(0) * 3600 + n(2) * 60))
}

/// `4500.01` from `4500#############01`: the first 4 and last 2 digits.
fn card_number(masked: &[u8]) -> Vec<u8> {
    if masked.len() < 6 {
        return Vec::new();
    }
    let (first, last) = (&masked[..4], &masked[masked.len() - 2..]);
    if first.iter().chain(last).all(u8::is_ascii_digit) {
        [first, b".", last].concat()
    } else {
        Vec::new()
    }
}

/// The V1 CVV flag: 1 present, 2 unreadable, 9 missing, 0 none; when Sips
/// does not say, 1 if it checked a CSC.
fn cvv_flag(presence: &[u8], result: &[u8]) -> &'static [u8] {
    match presence {
        b"CSC_PRESENT" => b"1",
        b"CSC_UNREADABLE" => b"2",
        b"CSC_MISSING" => b"9",
        b"NO_CSC" | b"NO_RECURRING" => b"0",
        _ if !result.is_empty() => b"1",
        _ => b"",
    }
}

/// The V1 transaction condition of a 3-D Secure status.
fn transaction_condition(status: &[u8]) -> Vec<u8> {
    let v1: &[u8] = match status {
        b"" => b"",
        s if s.starts_with(b"3D_") => s,
        b"SUCCESS" => b"3D_SUCCESS",
        b"FAILURE" => b"3D_FAILURE",
        b"ERROR" => b"3D_ERROR",
        b"NOT_ENROLLED" => b"3D_NOTENROLLED",
        b"ATTEMPT" => b"3D_ATTEMPT",
        _ => b"SSL",
    };
    v1.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_utc_and_local() {
        let t = transaction_time(b"2018-02-06T07:54:23+01:00").unwrap();
        assert_eq!((t.local.as_slice(), t.utc.as_slice()), (&b"20180206075423"[..], &b"20180206065423"[..]));
        let t = transaction_time(b"2020-01-01T00:30:00.123+0200").unwrap();
        assert_eq!(t.utc, b"20191231223000");
        assert_eq!(transaction_time(b"2020-01-01T00:30:00Z").unwrap().utc, b"20200101003000");
        assert_eq!(transaction_time(b"2020-01-01T00:30:00-05:00").unwrap().utc, b"20200101053000");
        for bad in [&b""[..], b"2020-13-01T00:00:00", b"2020-01-01 00:00:00", b"2020-01-01T00:00:00+1", b"20200101"] {
            assert!(transaction_time(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn card_cvv_and_condition() {
        assert_eq!(card_number(b"4500#############01"), b"4500.01");
        assert_eq!(card_number(b"0000##########00"), b"0000.00");
        assert_eq!(card_number(b"XXXX####01"), b"");
        assert_eq!(card_number(b"4500"), b"");
        assert_eq!(cvv_flag(b"", b"4D"), b"1");
        assert_eq!(cvv_flag(b"CSC_MISSING", b""), b"9");
        assert_eq!(cvv_flag(b"", b""), b"");
        assert_eq!(transaction_condition(b"SUCCESS"), b"3D_SUCCESS");
        assert_eq!(transaction_condition(b"3D_BYPASS"), b"3D_BYPASS");
        assert_eq!(transaction_condition(b"SSL_ONLY"), b"SSL");
    }

    #[test]
    fn transaction_id_fallbacks() {
        let id = |items: &[(&[u8], &[u8])]| transaction_id(&Message::new(items.to_vec()).unwrap()).to_vec();
        assert_eq!(id(&[(b"s10TransactionId", b"17"), (b"transactionReference", b"x")]), b"17");
        assert_eq!(id(&[(b"transactionReference", b"20200427123456")]), b"123456");
        assert_eq!(id(&[(b"transactionReference", b"668930")]), b"668930");
        assert_eq!(id(&[(b"transactionReference", b"b4fb98a9c2c")]), b"");
        assert_eq!(id(&[(b"s10TransactionId", b"null"), (b"transactionReference", b"42")]), b"42");
        assert!(Message::new(vec![(b"amount", b"1"), (b"amount", b"2")]).is_err());
        assert!(Message::new(vec![(b"other", b"1"), (b"other", b"2")]).is_ok());
    }
}
