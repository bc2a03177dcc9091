//! Errors, worded exactly as the legacy executables print them.
//!
//! `Display` gives the legacy text (with any non-UTF-8 byte of a detail shown
//! lossily); [`ApiError::message`] and [`ArgumentError::bytes`] give the exact bytes.

use std::fmt;

/// The MESSAGE part of the legacy HTML error block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Category {
    #[error("Error reading pathfile")]
    ReadingPathfile,
    #[error("Error reading pathfile permission denied")]
    PathfilePermission,
    /// `+` in `request`, `-` in `response`.
    #[error("{sign} Invalid separator in file at line {line}")]
    PathfileSeparator { sign: char, line: usize },
    /// The separator error without decoration (kit P600, pathfile and parmcom files).
    #[error("Invalid separator in file at line {line}")]
    PlainSeparator { line: usize },
    #[error("Error reading default parameters definition")]
    ReadingDefaults,
    #[error("Error reading default parameters definition permission denied")]
    DefaultsPermission,
    #[error("Error reading merchant parameters definition")]
    ReadingMerchant,
    #[error("Error reading merchant parameters definition permission denied")]
    MerchantPermission,
    #[error("Invalid separator in file at line {line} 3 attendu, {found} recu")]
    ParmcomSeparator { line: usize, found: usize },
    #[error("Error in call parameters structure")]
    CallParameters,
    #[error("Error reading certificate file")]
    ReadingCertificate,
    #[error("Error reading certificate file permission denied")]
    CertificatePermission,
    #[error("Error reading certificate data at line ")]
    CertificateData,
    #[error("Error extracting certificate date ")]
    CertificateDate,
    #[error("Error reading certificate file field")]
    CertificateField,
    #[error("Error reading URL")]
    ReadingUrl,
    #[error("Error in message construction")]
    MessageConstruction,
    #[error("Error in MAC key generation")]
    MacKeyGeneration,
    #[error("Error get DATA response parameter ")]
    ResponseParameter,
    #[error("Error in message decryption")]
    MessageDecryption,
    #[error("Error in loading the response structure")]
    LoadingResponse,
    #[error("Error in the response structure")]
    ResponseStructure,
    #[error("Invalid message MAC")]
    InvalidMac,
    /// The shop asked for its stored request's values (`expected_…=`) and
    /// the response carries others, or no plausible transmission date.
    #[error("Error response does not match the request")]
    UnexpectedResponse,
    /// Sips 2.0: the merchant's key file is missing a key or malformed, or
    /// (response) no key file serves the message's merchant.
    #[error("Error reading key file")]
    KeyFile,
    /// Sips 2.0: the seal of a response does not match its Data.
    #[error("Invalid message seal")]
    InvalidSeal,
    /// A library bug caught at the C boundary; never expected.
    #[error("Internal error on the server")]
    Internal,
}

/// A functional error: printed as the HTML error block, exit status 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub category: Category,
    /// The text between the parentheses; bytes, as the legacy prints them.
    pub detail: Vec<u8>,
}

impl ApiError {
    pub fn new(category: Category, detail: impl Into<Vec<u8>>) -> ApiError {
        ApiError { category, detail: detail.into() }
    }

    /// `MESSAGE (DETAIL)` as the legacy printed it: CR and LF become spaces.
    pub fn printed(&self) -> Vec<u8> {
        self.message().into_iter().map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b }).collect()
    }

    /// `MESSAGE (DETAIL)` as bytes, before the HTML block turns CR/LF into spaces.
    pub fn message(&self) -> Vec<u8> {
        let mut out = self.category.to_string().into_bytes();
        out.extend_from_slice(b" (");
        out.extend_from_slice(&self.detail);
        out.push(b')');
        out
    }
}

/// What differs between a request and its certificate's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderMismatch {
    MerchantId,
    Country,
    CertificateType,
}

/// The legacy texts whose detail is composed from the request: one place
/// for `request`'s checks and for the tools that explain them.
impl ApiError {
    /// `Error in call parameters structure (<name> (<value>)<suffix>)`.
    fn about(name: &str, value: &[u8], suffix: &[u8]) -> ApiError {
        ApiError::new(Category::CallParameters, [name.as_bytes(), b" (", value, b")", suffix].concat())
    }

    pub fn field_too_long(name: &str, value: &[u8]) -> ApiError {
        ApiError::about(name, value, b" too long")
    }

    pub fn field_not_lower_case(name: &str, value: &[u8]) -> ApiError {
        ApiError::about(name, value, b" must be lower case")
    }

    pub fn field_not_numeric(name: &str, value: &[u8]) -> ApiError {
        ApiError::about(name, value, b" not numeric")
    }

    pub fn field_not_filled(name: &str) -> ApiError {
        ApiError::new(Category::CallParameters, [name.as_bytes(), b" not filled"].concat())
    }

    /// `invalid amount length (<value>)`.
    pub fn amount_length(value: &[u8]) -> ApiError {
        ApiError::new(Category::CallParameters, [&b"invalid amount length ("[..], value, b")"].concat())
    }

    /// The payment means name blocks that `block_order` does not list.
    pub fn means_against_order() -> ApiError {
        ApiError::new(Category::CallParameters, &b"payment_means,block_order"[..])
    }

    /// A required pathfile key is missing or empty.
    pub fn missing_key_word(key: &[u8]) -> ApiError {
        ApiError::new(Category::ReadingPathfile, [&b"no key word "[..], key].concat())
    }

    /// The certificate's header names another merchant, country or type.
    pub fn header_differs(what: HeaderMismatch, ours: &[u8], theirs: &[u8]) -> ApiError {
        let what: &[u8] = match what {
            HeaderMismatch::MerchantId => b"error merchant id request ",
            HeaderMismatch::Country => b"error merchant country request ",
            HeaderMismatch::CertificateType => b"error certificat type pathfile ",
        };
        ApiError::new(Category::CertificateField, [what, ours, b" differ certificate file ", theirs].concat())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message()))
    }
}

impl std::error::Error for ApiError {}

/// An argument error: a plain line `!-1!<text>!!`, exit status 255.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentError {
    /// `request` with more arguments than the kit version takes; the text
    /// is that version's (`invalid number of arguments (must be <= 44 )` in P615).
    TooMany(&'static str),
    /// `response` without arguments.
    ResponseNone,
    /// `response` with more than 2 arguments.
    ResponseTooMany,
    /// The whole argument, which starts with no known `keyword=`.
    InvalidKeyword(Vec<u8>),
    /// The whole argument, longer than its keyword allows.
    TooLong(Vec<u8>),
}

impl ArgumentError {
    /// The exact legacy text.
    pub fn bytes(&self) -> Vec<u8> {
        let wrap = |pre: &[u8], arg: &[u8], post: &[u8]| [pre, arg, post].concat();
        match self {
            ArgumentError::TooMany(text) => text.as_bytes().to_vec(),
            ArgumentError::ResponseNone => b"invalid number of arguments (must be > 1)".to_vec(),
            ArgumentError::ResponseTooMany => b"invalid number of arguments (must be < 2)".to_vec(),
            ArgumentError::InvalidKeyword(a) => wrap(b"Invalid Keyword in parameter (", a, b")"),
            ArgumentError::TooLong(a) => wrap(b"Error parameter (", a, b") too long"),
        }
    }
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.bytes()))
    }
}

impl std::error::Error for ArgumentError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_wording() {
        let e = ApiError::new(Category::PathfileSeparator { sign: '+', line: 7 }, &b"/p"[..]);
        assert_eq!(e.to_string(), "+ Invalid separator in file at line 7 (/p)");
        let e = ApiError::new(Category::ParmcomSeparator { line: 3, found: 2 }, &b"/x"[..]);
        assert_eq!(e.to_string(), "Invalid separator in file at line 3 3 attendu, 2 recu (/x)");
        let e = ApiError::new(Category::ResponseParameter, &b"wrong length"[..]);
        assert_eq!(e.to_string(), "Error get DATA response parameter  (wrong length)");
        assert_eq!(
            ArgumentError::TooLong(b"amount=1234567890123".to_vec()).to_string(),
            "Error parameter (amount=1234567890123) too long"
        );
        assert_eq!(ArgumentError::ResponseTooMany.bytes(), b"invalid number of arguments (must be < 2)");
    }
}
