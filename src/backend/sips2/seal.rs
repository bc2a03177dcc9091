//! The Sips 2.0 protocol steps, each written once: the Data text
//! (`key=value|…`, optionally base64), its seal (HMAC-SHA-256 or the older
//! SHA-256), the seal check in constant time, and reading a received Data
//! within fixed bounds.
//!
//! Every side calls these: the merchant's `request` and `response`, and the
//! payment-server side (`crate::server::sips2`).

use crate::config::keyfile::{SealAlgorithm, SecretKey};
use crate::wire::hex;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use hmac::digest::CtOutput;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Longest Data text read (the longest recorded responses are about 5 KB;
/// a command-line argument holds at most 128 KiB).
pub(crate) const MAX_DATA: usize = 64 * 1024;
/// Most items read from one Data.
pub(crate) const MAX_ITEMS: usize = 512;
/// Longest item key (the longest known is under 40 characters).
pub(crate) const MAX_KEY: usize = 64;

/// How the Data text travels (`Encode` form field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Plain,
    Base64,
    /// The URL-safe alphabet; some integrations mention it, none shows it.
    Base64Url,
}

impl Encoding {
    /// The encoding an `Encode` value names (empty: plain; ASCII case ignored).
    pub fn parse(encode: &[u8]) -> Option<Encoding> {
        match encode.to_ascii_lowercase().as_slice() {
            b"" => Some(Encoding::Plain),
            b"base64" => Some(Encoding::Base64),
            b"base64url" => Some(Encoding::Base64Url),
            _ => None,
        }
    }
}

/// Why a received Data cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DataError {
    TooLong,
    NotBase64,
    Nul,
    TooManyItems,
    /// The 1-based item that has no `=` or a key that is not a field name.
    BadItem(usize),
    /// A field the mapping reads is given twice.
    Twice(&'static str),
}

impl DataError {
    pub fn detail(&self) -> String {
        match self {
            DataError::TooLong => format!("Data longer than {MAX_DATA} characters"),
            DataError::NotBase64 => "Data is not base64".into(),
            DataError::Nul => "Data holds a NUL character".into(),
            DataError::TooManyItems => format!("Data holds more than {MAX_ITEMS} items"),
            DataError::BadItem(n) => format!("Data item {n} is not key=value"),
            DataError::Twice(key) => format!("Data gives {key} twice"),
        }
    }
}

/// The lowercase hex seal of `data`, the Data text exactly as posted.
pub(crate) fn seal(algorithm: SealAlgorithm, secret: &SecretKey, data: &[u8]) -> String {
    let digest: [u8; 32] = match algorithm {
        SealAlgorithm::HmacSha256 => hmac(secret, data).finalize().into_bytes().into(),
        SealAlgorithm::Sha256 => Sha256::new().chain_update(data).chain_update(secret.expose()).finalize().into(),
    };
    String::from_utf8(hex::encode_lower(&digest)).unwrap_or_default()
}

fn hmac(secret: &SecretKey, data: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length: the error case does not exist.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose()).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac
}

/// Whether `received` (hex, either case) is the seal of `data`; the digests
/// are compared in constant time.
pub(crate) fn seal_matches(algorithm: SealAlgorithm, secret: &SecretKey, data: &[u8], received: &[u8]) -> bool {
    let Some(received) = hex::decode(received).filter(|r| r.len() == 32) else {
        return false;
    };
    match algorithm {
        SealAlgorithm::HmacSha256 => hmac(secret, data).verify_slice(&received).is_ok(),
        SealAlgorithm::Sha256 => {
            let computed = Sha256::new().chain_update(data).chain_update(secret.expose()).finalize();
            let received = sha2::digest::Output::<Sha256>::clone_from_slice(&received);
            CtOutput::<Sha256>::new(computed) == CtOutput::new(received)
        }
    }
}

/// `key=value|…`; empty values are left out (no integration sends `key=`).
pub(crate) fn join_items<'a>(items: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    for (key, value) in items.into_iter().filter(|(_, v)| !v.is_empty()) {
        if !out.is_empty() {
            out.push(b'|');
        }
        out.extend_from_slice(key.as_bytes());
        out.push(b'=');
        out.extend_from_slice(value);
    }
    out
}

/// Standard base64 with padding (what Worldline's samples post).
pub(crate) fn base64(text: &[u8]) -> Vec<u8> {
    STANDARD.encode(text).into_bytes()
}

/// The Data text of a received `Data` value, decoded as `encoding` says.
pub(crate) fn decode_text(data: &[u8], encoding: Encoding) -> Result<Vec<u8>, DataError> {
    if data.len() > MAX_DATA {
        return Err(DataError::TooLong);
    }
    let lenient = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let text = match encoding {
        Encoding::Plain => Ok(data.to_vec()),
        Encoding::Base64 => GeneralPurpose::new(&alphabet::STANDARD, lenient).decode(data),
        Encoding::Base64Url => GeneralPurpose::new(&alphabet::URL_SAFE, lenient).decode(data),
    }
    .map_err(|_| DataError::NotBase64)?;
    if text.contains(&0) {
        return Err(DataError::Nul);
    }
    Ok(text)
}

/// A received item: its key and its value, as they travel.
pub(crate) type RawItem<'t> = (&'t [u8], &'t [u8]);

/// The items of a Data text, split on `|` and each on its first `=`. Empty
/// items (a stray `|`) are skipped; keys are field names (letters, digits,
/// `.`, `_`), at most [`MAX_KEY`] long.
pub(crate) fn split_items(text: &[u8]) -> Result<Vec<RawItem<'_>>, DataError> {
    let mut items = Vec::new();
    for (n, item) in text.split(|&b| b == b'|').enumerate().filter(|(_, item)| !item.is_empty()) {
        if items.len() == MAX_ITEMS {
            return Err(DataError::TooManyItems);
        }
        let eq = item.iter().position(|&b| b == b'=').ok_or(DataError::BadItem(n + 1))?;
        let key = &item[..eq];
        let name_char = |b: &u8| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'_';
        if key.is_empty() || key.len() > MAX_KEY || !key.iter().all(name_char) {
            return Err(DataError::BadItem(n + 1));
        }
        items.push((key, &item[eq + 1..]));
    }
    Ok(items)
}

/// The value of the first `key=` item of a Data text, without any other
/// check: what finds the merchant before the seal can be checked.
pub(crate) fn peek<'t>(text: &'t [u8], key: &str) -> Option<&'t [u8]> {
    text.split(|&b| b == b'|').find_map(|item| item.strip_prefix(key.as_bytes())?.strip_prefix(b"="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_of_both_algorithms() {
        let key = SecretKey::new(&b"superSafeSecretKey"[..]);
        let hmac = seal(SealAlgorithm::HmacSha256, &key, b"This is a test!");
        assert_eq!(hmac, "198e5f278e3f8548e174e84492953c4871732278b7e2aa2cbf20bb1ab85914ea");
        assert!(seal_matches(SealAlgorithm::HmacSha256, &key, b"This is a test!", hmac.as_bytes()));
        assert!(seal_matches(SealAlgorithm::HmacSha256, &key, b"This is a test!", hmac.to_uppercase().as_bytes()));
        assert!(!seal_matches(SealAlgorithm::HmacSha256, &key, b"This is a test?", hmac.as_bytes()));
        assert!(!seal_matches(SealAlgorithm::Sha256, &key, b"This is a test!", hmac.as_bytes()));
        let sha = seal(SealAlgorithm::Sha256, &key, b"x");
        assert!(seal_matches(SealAlgorithm::Sha256, &key, b"x", sha.as_bytes()));
        for bad in [&b""[..], b"zz", &sha.as_bytes()[..62], &[sha.as_bytes(), b"00"].concat()] {
            assert!(!seal_matches(SealAlgorithm::Sha256, &key, b"x", bad));
        }
    }

    #[test]
    fn items_in_and_out() {
        let text = join_items([("a", &b"1"[..]), ("b", b""), ("c.d", b"x=y")]);
        assert_eq!(text, b"a=1|c.d=x=y");
        assert_eq!(split_items(&text).unwrap(), vec![(&b"a"[..], &b"1"[..]), (b"c.d", b"x=y")]);
        assert_eq!(split_items(b"a=1||b=|").unwrap(), vec![(&b"a"[..], &b"1"[..]), (b"b", b"")]);
        assert_eq!(split_items(b"a=1|junk"), Err(DataError::BadItem(2)));
        assert_eq!(split_items(b"=1"), Err(DataError::BadItem(1)));
        assert_eq!(split_items(b"a b=1"), Err(DataError::BadItem(1)));
        let many = vec!["k=v"; MAX_ITEMS + 1].join("|");
        assert_eq!(split_items(many.as_bytes()), Err(DataError::TooManyItems));
        assert_eq!(peek(b"amount=1|merchantId=42|merchantId=7", "merchantId"), Some(&b"42"[..]));
        assert_eq!(peek(b"xmerchantId=42", "merchantId"), None);
    }

    #[test]
    fn received_data_decoding() {
        assert_eq!(decode_text(b"YT0x", Encoding::Base64).unwrap(), b"a=1");
        assert_eq!(decode_text(b"YT0xfA", Encoding::Base64).unwrap(), b"a=1|");
        assert_eq!(decode_text(b"a=1", Encoding::Plain).unwrap(), b"a=1");
        assert_eq!(decode_text(b"a=1", Encoding::Base64), Err(DataError::NotBase64));
        assert_eq!(decode_text(b"_-8", Encoding::Base64Url).unwrap(), [0xff, 0xef]);
        assert_eq!(decode_text(b"YQA=", Encoding::Base64), Err(DataError::Nul));
        assert_eq!(decode_text(&vec![b'a'; MAX_DATA + 1], Encoding::Plain), Err(DataError::TooLong));
        assert_eq!(Encoding::parse(b"BASE64"), Some(Encoding::Base64));
        assert_eq!(Encoding::parse(b"hex"), None);
    }
}
