//! The Sips 2.0 key file: what replaces the certificate of a merchant that
//! moved to today's Sogenactif. Same place and name as the certificate it
//! replaces; `KEY!value!` lines as in the pathfile, `#` comments:
//!
//! ```text
//! SIPS_VERSION!2!
//! SECRET_KEY!002001000000003_KEY1!
//! KEY_VERSION!1!
//! PAYMENT_URL!https://payment-webinit.simu.sogenactif.com/paymentInit!
//! INTERFACE_VERSION!HP_2.24!      (optional, this default)
//! SEAL_ALGORITHM!HMAC-SHA-256!    (optional, this default; or SHA-256)
//! SHOP_CHARSET!ISO-8859-1!        (optional, this default; or UTF-8)
//! ```
//!
//! The secret key is never shown: not by `Debug`, not in an error detail,
//! not in DEBUG mode.

use std::fmt;
use std::sync::Arc;

/// InterfaceVersion when the file names none (Worldline's own migration sample uses it).
pub const DEFAULT_INTERFACE_VERSION: &[u8] = b"HP_2.24";

/// The keys a key file may hold, in the order `sogen key` writes them.
pub const KEYS: [&str; 7] =
    ["SIPS_VERSION", "SECRET_KEY", "KEY_VERSION", "PAYMENT_URL", "INTERFACE_VERSION", "SEAL_ALGORITHM", "SHOP_CHARSET"];

/// The keys that must be present.
const REQUIRED: [&str; 4] = ["SIPS_VERSION", "SECRET_KEY", "KEY_VERSION", "PAYMENT_URL"];

/// Longest secret key accepted (Worldline's are 20 to 50 characters).
const MAX_SECRET: usize = 256;
/// Longest payment URL accepted (the legacy URL fields held 511 bytes).
const MAX_URL: usize = 511;

/// How a message is sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SealAlgorithm {
    /// `HMAC-SHA-256` keyed with the secret key (the default).
    HmacSha256,
    /// `SHA-256` of the Data text followed by the secret key (the older seal).
    Sha256,
}

impl SealAlgorithm {
    /// The name in the key file and in the `SealAlgorithm` form field.
    pub fn name(self) -> &'static str {
        match self {
            SealAlgorithm::HmacSha256 => "HMAC-SHA-256",
            SealAlgorithm::Sha256 => "SHA-256",
        }
    }

    /// The algorithm named `text` (ASCII case ignored).
    pub fn parse(text: &[u8]) -> Option<SealAlgorithm> {
        [SealAlgorithm::HmacSha256, SealAlgorithm::Sha256]
            .into_iter()
            .find(|a| text.eq_ignore_ascii_case(a.name().as_bytes()))
    }
}

/// The character set the shop's scripts work in: how V1 argument bytes
/// become the UTF-8 text Sips 2.0 wants, and back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShopCharset {
    /// Every byte is one ISO-8859-1 character (the default: the V1 kit era).
    Latin1,
    /// The scripts already work in UTF-8: text passes unchanged.
    Utf8,
}

impl ShopCharset {
    pub fn name(self) -> &'static str {
        match self {
            ShopCharset::Latin1 => "ISO-8859-1",
            ShopCharset::Utf8 => "UTF-8",
        }
    }

    pub fn parse(text: &[u8]) -> Option<ShopCharset> {
        [ShopCharset::Latin1, ShopCharset::Utf8].into_iter().find(|c| text.eq_ignore_ascii_case(c.name().as_bytes()))
    }
}

/// The merchant's secret key. It cannot be printed: `Debug` shows its length.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    pub fn new(bytes: impl Into<Vec<u8>>) -> SecretKey {
        SecretKey(bytes.into())
    }

    /// Its length in bytes (what a checker may report about it).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes, for the seal computations only.
    pub(crate) fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(<{} bytes, not shown>)", self.0.len())
    }
}

/// A parsed key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    pub secret_key: SecretKey,
    /// Digits (`1` for the public test shops).
    pub key_version: Vec<u8>,
    /// Where the payment forms post (`…/paymentInit`).
    pub payment_url: Vec<u8>,
    /// `HP_<major>.<minor>`.
    pub interface_version: Vec<u8>,
    pub seal_algorithm: SealAlgorithm,
    pub shop_charset: ShopCharset,
}

/// Why a key file cannot be used. No variant holds a value of the file:
/// whatever a line held might be the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyFileError {
    /// A line that is neither blank, nor a comment, nor `KEY!value!`.
    Syntax {
        line: usize,
    },
    /// A key this format does not know.
    UnknownKey {
        line: usize,
    },
    Duplicate {
        line: usize,
        key: &'static str,
    },
    Missing(&'static str),
    /// A value of the wrong form; `rule` says what it must be.
    Invalid {
        line: usize,
        key: &'static str,
        rule: &'static str,
    },
}

impl KeyFileError {
    /// The text after the file's path in the legacy-format error.
    pub fn detail(&self) -> String {
        match self {
            KeyFileError::Syntax { line } => format!("line {line} is not KEY!value!"),
            KeyFileError::UnknownKey { line } => format!("line {line}: unknown key (known: {})", KEYS.join(", ")),
            KeyFileError::Duplicate { line, key } => format!("line {line}: {key} given twice"),
            KeyFileError::Missing(key) => format!("{key} missing"),
            KeyFileError::Invalid { line, key, rule } => format!("line {line}: {key} {rule}"),
        }
    }
}

impl fmt::Display for KeyFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail())
    }
}

impl std::error::Error for KeyFileError {}

/// Whether `content` is a key file rather than a certificate: one of its
/// lines starts with a required key and `!`. Certificates hold no such line,
/// and a key file missing some key is still recognised (and then refused
/// with a clear error instead of certificate errors).
pub fn is_key_file(content: &[u8]) -> bool {
    lines(content)
        .any(|(_, line)| REQUIRED.iter().any(|k| line.strip_prefix(k.as_bytes()).is_some_and(|r| r.starts_with(b"!"))))
}

/// The lines worth reading, numbered from 1, trimmed; blank ones and comments skipped.
fn lines(content: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    content
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_ascii()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with(b"#"))
}

/// The key and value of `KEY!value!`; the value is what lies between the
/// first and the last `!`, trimmed.
fn split_line(number: usize, line: &[u8]) -> Result<(&'static str, &[u8]), KeyFileError> {
    let syntax = KeyFileError::Syntax { line: number };
    let first = line.iter().position(|&b| b == b'!').ok_or(syntax.clone())?;
    let rest = line[first + 1..].strip_suffix(b"!").ok_or(syntax)?;
    let key = KEYS.iter().find(|k| k.as_bytes() == line[..first].trim_ascii());
    let key = key.ok_or(KeyFileError::UnknownKey { line: number })?;
    Ok((key, rest.trim_ascii()))
}

/// Parses a key file.
pub fn parse(content: &[u8]) -> Result<KeyFile, KeyFileError> {
    let mut found: Vec<(&'static str, usize, &[u8])> = Vec::new();
    for (number, line) in lines(content) {
        let (key, value) = split_line(number, line)?;
        if found.iter().any(|(k, _, _)| *k == key) {
            return Err(KeyFileError::Duplicate { line: number, key });
        }
        found.push((key, number, value));
    }
    let get = |key: &'static str| found.iter().find(|(k, _, _)| *k == key).map(|&(_, line, value)| (line, value));
    if let Some(missing) = REQUIRED.iter().find(|k| get(k).is_none()) {
        return Err(KeyFileError::Missing(missing));
    }
    let checked = |key: &'static str, rule: &'static str, ok: fn(&[u8]) -> bool| match get(key) {
        Some((line, value)) if !ok(value) => Err(KeyFileError::Invalid { line, key, rule }),
        other => Ok(other.map(|(_, value)| value)),
    };
    checked("SIPS_VERSION", "must be 2", |v| v == b"2")?;
    let secret = checked("SECRET_KEY", "must be 1 to 256 printable ASCII characters, no spaces", valid_secret)?;
    let key_version = checked("KEY_VERSION", "must be 1 to 10 digits", |v| {
        (1..=10).contains(&v.len()) && v.iter().all(u8::is_ascii_digit)
    })?;
    let url = checked("PAYMENT_URL", "must be an http:// or https:// URL without spaces or quotes", valid_url)?;
    let interface = checked("INTERFACE_VERSION", "must be HP_<digits>.<digits>", valid_interface)?;
    let algorithm =
        checked("SEAL_ALGORITHM", "must be HMAC-SHA-256 or SHA-256", |v| SealAlgorithm::parse(v).is_some())?;
    let charset = checked("SHOP_CHARSET", "must be ISO-8859-1 or UTF-8", |v| ShopCharset::parse(v).is_some())?;
    Ok(KeyFile {
        secret_key: SecretKey::new(secret.unwrap_or_default()),
        key_version: key_version.unwrap_or_default().to_vec(),
        payment_url: url.unwrap_or_default().to_vec(),
        interface_version: interface.unwrap_or(DEFAULT_INTERFACE_VERSION).to_vec(),
        seal_algorithm: algorithm.and_then(SealAlgorithm::parse).unwrap_or(SealAlgorithm::HmacSha256),
        shop_charset: charset.and_then(ShopCharset::parse).unwrap_or(ShopCharset::Latin1),
    })
}

fn valid_secret(v: &[u8]) -> bool {
    (1..=MAX_SECRET).contains(&v.len()) && v.iter().all(|b| b.is_ascii_graphic())
}

fn valid_url(v: &[u8]) -> bool {
    let lower = v.to_ascii_lowercase();
    let rest = lower.strip_prefix(b"https://").or_else(|| lower.strip_prefix(b"http://"));
    let host_present = rest.is_some_and(|r| r.first().is_some_and(|&b| b != b'/'));
    host_present && v.len() <= MAX_URL && v.iter().all(|&b| b.is_ascii_graphic() && !b"\"'<>`|".contains(&b))
}

fn valid_interface(v: &[u8]) -> bool {
    let Some(number) = v.strip_prefix(b"HP_") else { return false };
    let mut parts = number.split(|&b| b == b'.');
    let digits = |p: Option<&[u8]>| p.is_some_and(|p| (1..=4).contains(&p.len()) && p.iter().all(u8::is_ascii_digit));
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// What the credential file at a path holds for the request and response
/// pipelines: not a key file (`None`: a certificate, read as before), or a
/// key file, usable or not.
pub(crate) type Probe = Option<Result<Arc<KeyFile>, KeyFileError>>;

/// Reads the credential file at `path` through the cache and says whether it
/// is a key file.
pub(crate) fn probe(path: &[u8]) -> Result<Arc<Probe>, super::FileError> {
    super::load(super::Kind::KeyFile, path, |content| is_key_file(content).then(|| parse(content).map(Arc::new)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"# merchant 002001000000003\nSIPS_VERSION!2!\nSECRET_KEY!002001000000003_KEY1!\r\n\
        KEY_VERSION!1!\n\n  PAYMENT_URL!https://payment-webinit.simu.sogenactif.com/paymentInit!\n";

    #[test]
    fn defaults_and_values() {
        let k = parse(SAMPLE).unwrap();
        assert_eq!(k.secret_key.expose(), b"002001000000003_KEY1");
        assert_eq!(k.key_version, b"1");
        assert_eq!(k.payment_url, b"https://payment-webinit.simu.sogenactif.com/paymentInit");
        assert_eq!(k.interface_version, b"HP_2.24");
        assert_eq!(k.seal_algorithm, SealAlgorithm::HmacSha256);
        assert_eq!(k.shop_charset, ShopCharset::Latin1);
        let more = [SAMPLE, b"SEAL_ALGORITHM!sha-256!\nINTERFACE_VERSION!HP_3.4!\nSHOP_CHARSET!UTF-8!\n"].concat();
        let k = parse(&more).unwrap();
        assert_eq!((k.seal_algorithm, k.shop_charset), (SealAlgorithm::Sha256, ShopCharset::Utf8));
        assert_eq!(k.interface_version, b"HP_3.4");
    }

    #[test]
    fn the_secret_is_never_printed() {
        let k = parse(SAMPLE).unwrap();
        let shown = format!("{k:?}");
        assert!(!shown.contains("KEY1"), "{shown}");
        assert!(shown.contains("20 bytes"));
        // A secret written alone on a line is an unknown key: the error does not echo it.
        let e = parse(b"SIPS_VERSION!2!\nS3cr3tValue!x!\n").unwrap_err();
        assert_eq!(e, KeyFileError::UnknownKey { line: 2 });
        assert!(!e.detail().contains("S3cr3t"));
        let e = parse(b"SIPS_VERSION!2!\nSECRET_KEY!has space!\nKEY_VERSION!1!\nPAYMENT_URL!http://h/!\n").unwrap_err();
        assert!(e.detail().starts_with("line 2: SECRET_KEY must be"), "{}", e.detail());
        assert!(!e.detail().contains("has space"));
    }

    #[test]
    fn malformed_files() {
        let base = "SIPS_VERSION!2!\nSECRET_KEY!k!\nKEY_VERSION!1!\nPAYMENT_URL!https://h/paymentInit!\n";
        let err = |text: &str| parse(text.as_bytes()).unwrap_err().detail();
        assert_eq!(err(&base.replace("KEY_VERSION!1!\n", "")), "KEY_VERSION missing");
        assert_eq!(err(&base.replace("!1!", "!v1!")), "line 3: KEY_VERSION must be 1 to 10 digits");
        assert_eq!(err(&base.replace("!2!", "!1!")), "line 1: SIPS_VERSION must be 2");
        assert_eq!(err(&format!("{base}KEY_VERSION!2!\n")), "line 5: KEY_VERSION given twice");
        assert_eq!(err(&base.replace("!k!", "!k")), "line 2 is not KEY!value!");
        assert_eq!(
            err(&base.replace("https://h/", "ftp://h/")),
            "line 4: PAYMENT_URL must be an http:// or https:// URL without spaces or quotes"
        );
        assert!(err(&base.replace("https://h/", "https://h/\"x")).starts_with("line 4: PAYMENT_URL"));
        assert!(err(&base.replace("https://h/paymentInit", "https://")).starts_with("line 4"));
        assert!(err(&format!("{base}INTERFACE_VERSION!HP_2!\n")).contains("HP_<digits>.<digits>"));
        assert!(err(&format!("{base}SEAL_ALGORITHM!MD5!\n")).contains("HMAC-SHA-256 or SHA-256"));
        assert!(err(&format!("{base}SHOP_CHARSET!cp1252!\n")).contains("ISO-8859-1 or UTF-8"));
        assert!(parse(base.as_bytes()).is_ok());
        // A value may hold `!` (it ends at the last one).
        assert_eq!(parse(base.replace("!k!", "!a!b!").as_bytes()).unwrap().secret_key.expose(), b"a!b");
    }

    #[test]
    fn recognised_by_content() {
        assert!(is_key_file(SAMPLE));
        assert!(is_key_file(b"# only the key\nSECRET_KEY!x!\n"));
        assert!(!is_key_file(b"merchant_id!014295303911111!\ncertificate_data\n"));
        assert!(!is_key_file(b"#SIPS_VERSION!2!\n"));
        assert!(!is_key_file(b""));
    }
}
