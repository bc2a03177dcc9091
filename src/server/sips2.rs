//! Sips 2.0 "Paypage POST" on the payment server's side, for a merchant
//! whose certificate file holds a key file: reading the form a payment page
//! posts (seal and keyVersion checked, Data items out) and building the
//! sealed fields the response posts back (`Data`, `Seal`, `Encode`,
//! `InterfaceVersion`). It calls the same protocol steps as the merchant's
//! `request` and `response`.

use crate::backend::sips2::seal::{self as steps, Encoding};
use crate::config::keyfile;
use crate::error::{ApiError, Category};
use std::sync::Arc;

pub use crate::config::keyfile::{KeyFile, KeyFileError, SealAlgorithm, SecretKey, ShopCharset};

/// The form fields of a Paypage POST exchange, as posted (URL-decoded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostFields {
    pub data: Vec<u8>,
    pub seal: Vec<u8>,
    /// `SealAlgorithm`: requests only; absent means the SHA-256 seal.
    pub seal_algorithm: Option<Vec<u8>>,
    /// `Encode`: empty for plain Data, `base64`.
    pub encode: Vec<u8>,
    pub interface_version: Vec<u8>,
}

impl PostFields {
    /// The fields among decoded form fields, by their names (`Data`, `Seal`,
    /// `SealAlgorithm`, `Encode`, `InterfaceVersion`); other names are ignored.
    pub fn from_pairs<K: AsRef<[u8]>, V: AsRef<[u8]>>(pairs: impl IntoIterator<Item = (K, V)>) -> PostFields {
        let mut form = PostFields::default();
        for (name, value) in pairs {
            let value = value.as_ref().to_vec();
            match name.as_ref() {
                b"Data" => form.data = value,
                b"Seal" => form.seal = value,
                b"SealAlgorithm" => form.seal_algorithm = Some(value),
                b"Encode" => form.encode = value,
                b"InterfaceVersion" => form.interface_version = value,
                _ => {}
            }
        }
        form
    }

    /// The fields to post, by name (`SealAlgorithm` only when set).
    pub fn pairs(&self) -> Vec<(&'static str, &[u8])> {
        let mut out = vec![("Data", &self.data[..]), ("Seal", &self.seal[..])];
        if let Some(algorithm) = &self.seal_algorithm {
            out.push(("SealAlgorithm", algorithm));
        }
        out.extend([("Encode", &self.encode[..]), ("InterfaceVersion", &self.interface_version[..])]);
        out
    }

    /// The arguments the merchant's `response` takes for these fields
    /// (`message=`, `seal=`, `encode=`; add `pathfile=`).
    pub fn response_args(&self) -> Vec<Vec<u8>> {
        vec![
            [&b"message="[..], &self.data].concat(),
            [&b"seal="[..], &self.seal].concat(),
            [&b"encode="[..], &self.encode].concat(),
        ]
    }
}

/// The items of a Data text, in order. Keys are field names (`amount`,
/// `s10TransactionReference.s10TransactionId`); values are UTF-8 text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Items(Vec<(String, Vec<u8>)>);

impl Items {
    pub fn new() -> Items {
        Items::default()
    }

    pub fn push(&mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> &mut Items {
        self.0.push((key.into(), value.into()));
        self
    }

    /// The value of the first `key` item, as it travels (`null` included).
    pub fn get(&self, key: &str) -> Option<&[u8]> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_slice())
    }

    /// The value as text, empty when absent (shown lossily if not UTF-8).
    pub fn text(&self, key: &str) -> String {
        String::from_utf8_lossy(self.get(key).unwrap_or_default()).into_owned()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why a posted request cannot be read or a response cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Sips2Error {
    #[error("InterfaceVersion {0:?} is not a Paypage POST version (HP_…)")]
    InterfaceVersion(String),
    #[error("unknown Encode {0:?}")]
    Encode(String),
    #[error("unknown SealAlgorithm {0:?}")]
    SealAlgorithm(String),
    /// Data that does not decode or split into `key=value` items.
    #[error("{0}")]
    Data(String),
    #[error("Data has no merchantId")]
    NoMerchantId,
    #[error("the seal does not match Data")]
    Seal,
    #[error("keyVersion {got:?} is not the key file's ({expected})")]
    KeyVersion { got: String, expected: String },
    /// An item a response cannot carry: a key that is not a field name, or
    /// a value holding `|` or NUL.
    #[error("item {0:?} cannot be carried in Data")]
    Item(String),
}

impl Sips2Error {
    /// Whether Sips answers this with responseCode 34 (seal or key version).
    pub fn is_seal_failure(&self) -> bool {
        matches!(self, Sips2Error::Seal | Sips2Error::KeyVersion { .. })
    }
}

/// A posted request, checked with the merchant's key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    pub items: Items,
    /// The algorithm it was sealed with (its response is sealed the same way).
    pub seal_algorithm: SealAlgorithm,
    /// Data asked for a base64 response (`responseEncoding=base64`).
    pub base64_response: bool,
    pub interface_version: Vec<u8>,
}

fn encoding(form: &PostFields) -> Result<Encoding, Sips2Error> {
    Encoding::parse(&form.encode).ok_or_else(|| Sips2Error::Encode(String::from_utf8_lossy(&form.encode).into_owned()))
}

fn data_text(form: &PostFields) -> Result<Vec<u8>, Sips2Error> {
    steps::decode_text(&form.data, encoding(form)?).map_err(|e| Sips2Error::Data(e.detail()))
}

/// The merchantId of a posted Data, read before anything is checked: what
/// finds the merchant's key file.
pub fn merchant_id(form: &PostFields) -> Result<String, Sips2Error> {
    let text = data_text(form)?;
    let id = steps::peek(&text, "merchantId").filter(|v| !v.is_empty()).ok_or(Sips2Error::NoMerchantId)?;
    Ok(String::from_utf8_lossy(id).into_owned())
}

/// Checks a posted request as Sips does: InterfaceVersion, the seal over
/// Data as posted (with the form's `SealAlgorithm`; none means SHA-256),
/// then keyVersion against the key file; returns its items.
pub fn read_request(form: &PostFields, key: &KeyFile) -> Result<PaymentRequest, Sips2Error> {
    if !form.interface_version.starts_with(b"HP_") {
        return Err(Sips2Error::InterfaceVersion(String::from_utf8_lossy(&form.interface_version).into_owned()));
    }
    let seal_algorithm = match &form.seal_algorithm {
        None => SealAlgorithm::Sha256,
        Some(name) => SealAlgorithm::parse(name)
            .ok_or_else(|| Sips2Error::SealAlgorithm(String::from_utf8_lossy(name).into_owned()))?,
    };
    let text = data_text(form)?;
    if !steps::seal_matches(seal_algorithm, &key.secret_key, &form.data, &form.seal) {
        return Err(Sips2Error::Seal);
    }
    let split = steps::split_items(&text).map_err(|e| Sips2Error::Data(e.detail()))?;
    let mut items = Items::new();
    for (k, v) in split {
        items.push(String::from_utf8_lossy(k), v);
    }
    let got = items.get("keyVersion").unwrap_or_default();
    if got != key.key_version.as_slice() {
        let expected = String::from_utf8_lossy(&key.key_version).into_owned();
        return Err(Sips2Error::KeyVersion { got: String::from_utf8_lossy(got).into_owned(), expected });
    }
    let base64_response = items.get("responseEncoding").is_some_and(|e| e.eq_ignore_ascii_case(b"base64"));
    Ok(PaymentRequest { items, seal_algorithm, base64_response, interface_version: form.interface_version.clone() })
}

/// The fields a response posts: Data made of `items` (empty values left
/// out; base64 when `base64`), sealed with `algorithm` under the key file's
/// secret, and the key file's InterfaceVersion.
pub fn build_response(
    items: &Items,
    key: &KeyFile,
    algorithm: SealAlgorithm,
    base64: bool,
) -> Result<PostFields, Sips2Error> {
    let name_char = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'_';
    for (k, v) in items.iter() {
        if k.is_empty() || !k.bytes().all(name_char) || v.contains(&b'|') || v.contains(&0) {
            return Err(Sips2Error::Item(k.to_string()));
        }
    }
    let text = steps::join_items(items.iter());
    let data = if base64 { steps::base64(&text) } else { text };
    let seal = steps::seal(algorithm, &key.secret_key, &data).into_bytes();
    let encode = if base64 { b"base64".to_vec() } else { Vec::new() };
    Ok(PostFields { data, seal, seal_algorithm: None, encode, interface_version: key.interface_version.clone() })
}

/// The lowercase hex seal of `data` (the Data field exactly as posted).
pub fn seal(data: &[u8], secret: &SecretKey, algorithm: SealAlgorithm) -> String {
    steps::seal(algorithm, secret, data)
}

/// Parses key file text (for files the caller read itself).
pub fn parse_key_file(content: &[u8]) -> Result<KeyFile, KeyFileError> {
    keyfile::parse(content)
}

/// The key file at `path`, through the library's cache. The error is the
/// legacy-format one (`Error reading key file (<path>: …)`).
pub fn load_key_file(path: &[u8]) -> Result<Arc<KeyFile>, ApiError> {
    crate::config::begin_call();
    let error = |why: &[u8]| ApiError::new(Category::KeyFile, [path, b": ", why].concat());
    let probe = keyfile::probe(path).map_err(|e| match e {
        crate::config::FileError::NotFound => error(b"cannot be read"),
        crate::config::FileError::PermissionDenied => error(b"permission denied"),
    })?;
    match probe.as_ref() {
        Some(Ok(key)) => Ok(key.clone()),
        Some(Err(e)) => Err(crate::backend::sips2::key_file_error(path, e)),
        None => Err(error(b"not a key file")),
    }
}
