//! A checked V1 request as Sips 2.0 Data items: which V1 field becomes which
//! V2 key, and how the value changes on the way. The V1 fields not listed
//! here have no Sips 2.0 field and are not transmitted.

use super::text;
use crate::config::keyfile::KeyFile;
use crate::error::{ApiError, Category};
use crate::fields::language::sips2_customer_language;
use crate::fields::{Field, Record};

/// The V2 key of the brand list, which differs between the forms of a page.
pub(crate) const BRAND_LIST: &str = "paymentMeanBrandList";

/// One Data item (UTF-8, without `|`).
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub key: &'static str,
    pub value: Vec<u8>,
}

/// How a V1 value becomes a V2 value.
#[derive(Clone, Copy)]
enum Conversion {
    Copy,
    /// Leading zeros dropped (V1 wanted at least 3 digits: `050`), `0` kept.
    Amount,
    /// Left-padded with zeros to the 6 digits of `s10TransactionId`.
    TransactionId,
    /// Sent only when it is an IP address (the legacy stores `customer_phone` here).
    IpAddress,
    Language,
}

/// Where a Data value comes from.
#[derive(Clone, Copy)]
enum Source {
    Field(Field, Conversion),
    KeyVersion,
    /// The brand list: one brand per form, filled in by [`data_text`].
    Brands,
    Fixed(&'static [u8]),
}

/// The Data items, in the order Data carries them.
const MAPPED: [(&str, Source); 18] = [
    ("merchantId", Source::Field(Field::MerchantId, Conversion::Copy)),
    ("amount", Source::Field(Field::Amount, Conversion::Amount)),
    ("currencyCode", Source::Field(Field::CurrencyCode, Conversion::Copy)),
    ("s10TransactionReference.s10TransactionId", Source::Field(Field::TransactionId, Conversion::TransactionId)),
    ("keyVersion", Source::KeyVersion),
    ("normalReturnUrl", Source::Field(Field::NormalReturnUrl, Conversion::Copy)),
    ("automaticResponseUrl", Source::Field(Field::AutomaticResponseUrl, Conversion::Copy)),
    ("orderId", Source::Field(Field::OrderId, Conversion::Copy)),
    ("customerId", Source::Field(Field::CustomerId, Conversion::Copy)),
    ("customerEmail", Source::Field(Field::CustomerEmail, Conversion::Copy)),
    ("customerIpAddress", Source::Field(Field::CustomerIpAddress, Conversion::IpAddress)),
    ("customerLanguage", Source::Field(Field::Language, Conversion::Language)),
    ("captureDay", Source::Field(Field::CaptureDay, Conversion::Copy)),
    ("captureMode", Source::Field(Field::CaptureMode, Conversion::Copy)),
    ("returnContext", Source::Field(Field::ReturnContext, Conversion::Copy)),
    ("statementReference", Source::Field(Field::StatementReference, Conversion::Copy)),
    (BRAND_LIST, Source::Brands),
    ("orderChannel", Source::Fixed(b"INTERNET")),
];

fn convert(conversion: Conversion, value: &[u8]) -> Vec<u8> {
    match conversion {
        Conversion::Copy => value.to_vec(),
        Conversion::Amount if value.is_empty() => Vec::new(),
        Conversion::Amount => value.iter().position(|&b| b != b'0').map_or(&b"0"[..], |i| &value[i..]).to_vec(),
        Conversion::TransactionId => {
            let pad = 6usize.saturating_sub(value.len());
            [&b"000000"[..pad], value].concat()
        }
        Conversion::IpAddress => {
            let ip = std::str::from_utf8(value).ok().and_then(|v| v.parse::<std::net::IpAddr>().ok());
            ip.map_or_else(Vec::new, |_| value.to_vec())
        }
        Conversion::Language => sips2_customer_language(value).unwrap_or_default().to_vec(),
    }
}

fn refused(field: Field, value: &[u8], why: &[u8]) -> ApiError {
    ApiError::new(Category::CallParameters, [field.def().name.as_bytes(), b" (", value, b") ", why].concat())
}

/// `value` of `field` as a Data value: UTF-8, without `|` (which Data cannot carry).
pub(crate) fn carried(field: Field, value: &[u8], key: &KeyFile) -> Result<Vec<u8>, ApiError> {
    if value.contains(&b'|') {
        return Err(refused(field, value, b"cannot contain |"));
    }
    text::to_utf8(value, key.shop_charset).ok_or_else(|| refused(field, value, b"is not UTF-8"))
}

/// The Data items of a checked record; the brand list is empty (one per form).
pub(crate) fn items(r: &Record, key: &KeyFile) -> Result<Vec<Item>, ApiError> {
    let mode = r.get(Field::CaptureMode);
    if mode.starts_with(b"PAYMENT_") {
        // Payment in N instalments is another request shape in Sips 2.0.
        return Err(refused(Field::CaptureMode, mode, b"not available with Sips 2.0"));
    }
    let mut out = Vec::with_capacity(MAPPED.len());
    for (v2, source) in MAPPED {
        let value = match source {
            Source::Field(field, conversion) => carried(field, &convert(conversion, r.get(field)), key)?,
            Source::KeyVersion => key.key_version.clone(),
            Source::Brands => Vec::new(),
            Source::Fixed(value) => value.to_vec(),
        };
        out.push(Item { key: v2, value });
    }
    Ok(out)
}

/// The Sips 2.0 name of a V1 payment means.
pub(crate) fn v2_brand(v1: &[u8]) -> &[u8] {
    match v1 {
        b"BANCONTACTMISTERCASH" => b"BCMC",
        other => other,
    }
}

/// The Data text of `items` with `brands` as the brand list (empty: left out).
pub(crate) fn data_text(items: &[Item], brands: &[u8]) -> Vec<u8> {
    super::seal::join_items(items.iter().map(|i| (i.key, if i.key == BRAND_LIST { brands } else { &i.value[..] })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(convert(Conversion::Amount, b"050"), b"50");
        assert_eq!(convert(Conversion::Amount, b"000"), b"0");
        assert_eq!(convert(Conversion::Amount, b"2500"), b"2500");
        assert_eq!(convert(Conversion::TransactionId, b"42"), b"000042");
        assert_eq!(convert(Conversion::TransactionId, b"123456"), b"123456");
        assert_eq!(convert(Conversion::IpAddress, b"192.168.0.1"), b"192.168.0.1");
        assert_eq!(convert(Conversion::IpAddress, b"::1"), b"::1");
        assert_eq!(convert(Conversion::IpAddress, b"0612345678"), b"");
        assert_eq!(convert(Conversion::Language, b"ge"), b"de");
        assert_eq!(v2_brand(b"BANCONTACTMISTERCASH"), b"BCMC");
        assert_eq!(v2_brand(b"CB"), b"CB");
    }
}
