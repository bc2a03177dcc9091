//! Generating a merchant certificate in the legacy layout (docs/wire-format.md §7):
//! a fresh random key matrix and a server URL of the merchant's choice, so a
//! shop can be tested without the vendor's files.

use crate::wire::url;

/// Characters used in data lines, grouped by low nibble: only `byte mod 16`
/// of a matrix character matters, so a nibble is drawn first (uniform) and
/// then one of the alphanumerics that carry it.
const BY_NIBBLE: [&[u8]; 16] = [
    b"0Pp", b"1AQaq", b"2BRbr", b"3CScs", b"4DTdt", b"5EUeu", b"6FVfv", b"7GWgw", b"8HXhx", b"9IYiy", b"JZjz", b"Kk",
    b"Ll", b"Mm", b"Nn", b"Oo",
];
const LINE: usize = 66;
const MATRIX_LINES: usize = 25;
const BLOCK_LINES: usize = 4;
/// `request` reads one URL block; the vendor files hold four (payment, office,
/// payment again, logistic). Repeating the payment URL is accepted.
const URL_BLOCKS: usize = 4;
/// 3 + 125 bytes → 256 hex digits + 3 = 259 ≤ 264 (four lines of 66).
pub const MAX_URL_LEN: usize = 125;

/// What goes into a certificate.
#[derive(Debug, Clone)]
pub struct CertificateSpec {
    pub merchant_id: String,
    pub country: String,
    /// The payment server URL; forms post to it + `/callpayment`.
    pub server_url: String,
    /// `F_CTYPE` (e.g. `php`): a header is written; `None` writes a bare certificate.
    pub ctype: Option<String>,
    /// The certificate date `dd/mm/yyyy` (field 041 of every request).
    pub date: String,
    /// `certificate_expired`, `yyyymmdd` (never checked by the executables).
    pub expires: String,
    /// The trailer's label and last item, e.g. `sogenactifsandbox` / `SANDBOX`.
    pub label: String,
    pub name: String,
}

/// Why a certificate cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertGenError {
    #[error("merchant id must be 1 to 15 digits")]
    MerchantId,
    #[error("country must be two lower-case letters")]
    Country,
    #[error("server URL longer than {MAX_URL_LEN} bytes (the certificate block cannot hold it)")]
    UrlTooLong,
    #[error("server URL must not contain '\"' or '!' (they break the form or the result line)")]
    UrlCharacters,
    #[error("certificate date must be dd/mm/yyyy")]
    Date,
    #[error("F_CTYPE must be letters and digits")]
    Ctype,
    #[error("label and name must not contain ',' or a line break")]
    Trailer,
}

impl CertificateSpec {
    fn validate(&self) -> Result<(), CertGenError> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if self.merchant_id.len() > 15 || !digits(&self.merchant_id) {
            return Err(CertGenError::MerchantId);
        }
        if self.country.len() != 2 || !self.country.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(CertGenError::Country);
        }
        if self.server_url.len() > MAX_URL_LEN {
            return Err(CertGenError::UrlTooLong);
        }
        if self.server_url.contains(['"', '!']) {
            return Err(CertGenError::UrlCharacters);
        }
        let parts: Vec<&str> = self.date.split('/').collect();
        if parts.len() != 3 || [2, 2, 4].iter().zip(&parts).any(|(n, p)| p.len() != *n || !digits(p)) {
            return Err(CertGenError::Date);
        }
        if self.ctype.as_deref().is_some_and(|t| t.is_empty() || !t.bytes().all(|b| b.is_ascii_alphanumeric())) {
            return Err(CertGenError::Ctype);
        }
        if [&self.label, &self.name].iter().any(|s| s.contains([',', '\n', '\r'])) {
            return Err(CertGenError::Trailer);
        }
        Ok(())
    }

    /// The file name for `F_CERTIFICATE` prefix `prefix`, e.g. `certif.fr.000000000000001.php`.
    pub fn file_name(&self, prefix: &str) -> String {
        let mut name = format!("{prefix}.{}.{}", self.country, self.merchant_id);
        if let Some(t) = &self.ctype {
            name.push('.');
            name.push_str(t);
        }
        name
    }
}

/// The certificate text. `random` fills a buffer with secret random bytes
/// (use [`os_random`]; tests pass a deterministic source).
pub fn generate(spec: &CertificateSpec, random: &mut dyn FnMut(&mut [u8])) -> Result<Vec<u8>, CertGenError> {
    spec.validate()?;
    let mut chars = RandomChars { random, pool: Vec::new() };
    let matrix: Vec<Vec<u8>> = (0..MATRIX_LINES).map(|_| chars.line(LINE)).collect();
    let key = url::url_key(&matrix[0]);
    let mut data = matrix;
    for _ in 0..URL_BLOCKS {
        let filler = chars.line(BLOCK_LINES * LINE);
        let block = url::encrypt_block(&key, spec.server_url.as_bytes(), &filler);
        data.extend(block.chunks(LINE).map(<[u8]>::to_vec));
    }
    data.push(vec![b'+'; LINE]);
    data.push(pad_plus(format!("{},{},V4,SOGENACTIF,{}", spec.label, spec.date, spec.name).into_bytes()));
    data.push([vec![b'+'; LINE - 3], b"END".to_vec()].concat());

    let mut out = Vec::new();
    if let Some(ctype) = &spec.ctype {
        out.extend_from_slice(b"<?php\n/*__DEBUT__\n");
        for (k, v) in [
            ("merchant_id", spec.merchant_id.as_str()),
            ("merchant_country", &spec.country),
            ("certificate_expired", &spec.expires),
            ("certificate_version", "1.0"),
            ("certificate_type", ctype),
        ] {
            out.extend_from_slice(format!("{k}!{v}!\n").as_bytes());
        }
        out.extend_from_slice(b"certificate_data!\n");
    }
    for line in &data {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    if spec.ctype.is_some() {
        out.extend_from_slice(b"__FIN__*/\nphp>\n");
    }
    Ok(out)
}

fn pad_plus(mut line: Vec<u8>) -> Vec<u8> {
    if line.len() < LINE {
        line.resize(LINE, b'+');
    }
    line
}

/// Alphanumeric characters whose low nibbles are uniformly distributed.
struct RandomChars<'a> {
    random: &'a mut dyn FnMut(&mut [u8]),
    pool: Vec<u8>,
}

impl RandomChars<'_> {
    fn byte(&mut self) -> u8 {
        if self.pool.is_empty() {
            self.pool = vec![0; 256];
            (self.random)(&mut self.pool);
        }
        self.pool.pop().unwrap_or(0)
    }

    fn line(&mut self, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                let b = self.byte();
                let choices = BY_NIBBLE[(b & 15) as usize];
                // The high nibble picks among the characters carrying that low nibble.
                choices[(b >> 4) as usize % choices.len()]
            })
            .collect()
    }
}

/// Fills `buf` from the operating system's secure random source.
pub fn os_random(buf: &mut [u8]) {
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: the pointer and length describe the unfilled tail of `buf`.
        let n = unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if n > 0 {
            filled += n as usize;
        } else if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            panic!("the operating system's random source failed: {}", std::io::Error::last_os_error());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::certificate;

    fn spec() -> CertificateSpec {
        CertificateSpec {
            merchant_id: "000000000000001".into(),
            country: "fr".into(),
            server_url: "http://127.0.0.1:8181/cgis-payment-sogenactif/sandbox".into(),
            ctype: Some("php".into()),
            date: "23/11/2026".into(),
            expires: "20361231".into(),
            label: "sogenactifsandbox".into(),
            name: "SANDBOX".into(),
        }
    }

    fn counter() -> impl FnMut(&mut [u8]) {
        let mut n = 0u8;
        move |buf: &mut [u8]| {
            for b in buf {
                n = n.wrapping_mul(73).wrapping_add(41);
                *b = n;
            }
        }
    }

    #[test]
    fn generated_certificate_parses_with_its_url_and_date() {
        let text = generate(&spec(), &mut counter()).unwrap();
        let cert = certificate::parse(&text, true);
        assert_eq!(cert.url.as_deref(), Ok(spec().server_url.as_bytes()));
        assert_eq!(cert.trailer.unwrap().date, Ok(b"20261123".to_vec()));
        assert!(cert.matrix.is_ok());
        assert_eq!(cert.header.merchant_id.as_deref(), Some(&b"000000000000001"[..]));
        let bare = generate(&CertificateSpec { ctype: None, ..spec() }, &mut counter()).unwrap();
        assert_eq!(certificate::parse(&bare, false).url.as_deref(), Ok(spec().server_url.as_bytes()));
    }

    #[test]
    fn refuses_what_the_legacy_would_mangle() {
        let too_long = CertificateSpec { server_url: format!("http://x/{}", "a".repeat(120)), ..spec() };
        assert_eq!(generate(&too_long, &mut counter()), Err(CertGenError::UrlTooLong));
        let quote = CertificateSpec { server_url: "http://x/\"".into(), ..spec() };
        assert_eq!(generate(&quote, &mut counter()), Err(CertGenError::UrlCharacters));
        let id = CertificateSpec { merchant_id: "12a".into(), ..spec() };
        assert_eq!(generate(&id, &mut counter()), Err(CertGenError::MerchantId));
    }

    #[test]
    fn matrix_nibbles_are_uniform() {
        let text = generate(&spec(), &mut os_random).unwrap();
        let cert = certificate::parse(&text, true);
        let mut counts = [0usize; 16];
        for row in cert.matrix.unwrap().rows.iter() {
            for &c in &row[..65] {
                counts[(c % 16) as usize] += 1;
            }
        }
        // 1625 draws: each nibble expected ~101; a biased alphabet would leave some near 0.
        assert!(counts.iter().all(|&c| c > 40), "{counts:?}");
    }
}
