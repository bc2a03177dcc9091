//! The certificate: found under the name the executables build, private,
//! laid out as F_CTYPE says, header against merchant id / country / type,
//! date, expiry, the server URL it enciphers and the previous (`.old`)
//! certificate.

use super::catalogue as cat;
use super::files::{mode, read, siblings};
use super::{keyfile, resolved, server, show, show_path, traps, Credential, Doctor};
use crate::args;
use crate::core::inspect::certificate::{self, Certificate, Header, Trailer};
use crate::core::inspect::keyfile::is_key_file;
use crate::core::inspect::{Category, Field, FileError};
use crate::core::legacy::{self, Differs};
use crate::lang::Arg;
use super::files::certificate_path;

fn today() -> String {
    show(&crate::core::now_utc().stamp14()[..8])
}

fn valid_yyyymmdd(s: &[u8]) -> bool {
    if s.len() != 8 || !s.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n =
        |r: std::ops::Range<usize>| std::str::from_utf8(&s[r]).ok().and_then(|x| x.parse::<u32>().ok()).unwrap_or(0);
    (1..=12).contains(&n(4..6)) && (1..=31).contains(&n(6..8))
}

/// What the certificate checks need to know.
struct Subject {
    path: Vec<u8>,
    shown: String,
    id: String,
    country: String,
    ctype: Vec<u8>,
}

pub(crate) fn check(d: &mut Doctor) {
    let Some(paths) = d.paths.clone() else { return };
    let (Some(prefix), Some(id)) = (paths.certificate_prefix.clone(), d.merchant_id().map(str::to_string)) else {
        return;
    };
    let country = d.country().to_string();
    let path = certificate_path(&prefix, &country, &id, None, &paths.ctype);
    let s = Subject { shown: show_path(&path), path, id, country, ctype: paths.ctype.clone() };
    let content = match read(&s.path) {
        Ok(c) => c,
        Err(e) => return unreadable(d, &s, &prefix, e),
    };
    // Before any certificate reading: a certificate error would show a line, the secret key's maybe.
    if is_key_file(&content) {
        return keyfile::check(d, &s.path, &content);
    }
    if let Some(m) = mode(&s.path).filter(|m| m & 0o007 != 0) {
        d.found(&cat::CERTIFICATE_READABLE_BY_ALL, &s.shown, args![mode = format!("{m:o}"), path = &s.shown]);
    }
    traps::check(d, &s.path, &content);
    let cert = certificate::parse(&content, !s.ctype.is_empty());
    layout(d, &s, &content, &cert);
    match &cert.trailer {
        Err(first) => {
            let text = legacy::api(Category::CertificateData, first.clone());
            d.found(&cat::CERTIFICATE_DATE_LINE, &s.shown, &[]).legacy(text);
        }
        Ok(trailer) => date(d, &s.shown, trailer),
    }
    if !s.ctype.is_empty() {
        header(d, &s, &cert.header);
    }
    key_and_url(d, &s, &cert);
    previous(d, &s, &prefix);
}

fn unreadable(d: &mut Doctor, s: &Subject, prefix: &[u8], e: FileError) {
    let others = siblings(prefix);
    let (entry, category) = match e {
        FileError::PermissionDenied => (&cat::CERTIFICATE_DENIED, Category::CertificatePermission),
        FileError::NotFound => (&cat::CERTIFICATE_MISSING, Category::ReadingCertificate),
    };
    let suffix: Arg = if s.ctype.is_empty() { "".into() } else { cat::CERTIFICATE_SUFFIX.into() };
    let args = args![path = &s.shown, suffix = suffix, country = &s.country, id = &s.id];
    let f = d.found(entry, &s.shown, args);
    f.legacy(legacy::api(category, s.path.clone()));
    if let Some((cwd, absolute)) = resolved(&s.path) {
        f.also(&cat::RESOLVED_AGAINST, args![cwd = cwd, absolute = absolute]);
    }
    if !others.is_empty() {
        f.fix_also(&cat::PRESENT, args![names = others.join(", ")]);
    }
}

/// A header exactly when F_CTYPE is set.
fn layout(d: &mut Doctor, s: &Subject, content: &[u8], cert: &Certificate) {
    let has_marker = content.windows(16).any(|w| w == b"certificate_data");
    let entry = match (s.ctype.is_empty(), has_marker) {
        (true, true) => &cat::CERTIFICATE_HEADER_WITHOUT_CTYPE,
        (false, false) => &cat::CERTIFICATE_CTYPE_WITHOUT_HEADER,
        _ => return,
    };
    let f = d.found(entry, &s.shown, &[]);
    if let Err(first) = &cert.trailer {
        f.legacy(legacy::api(Category::CertificateData, first.clone()));
    }
}

/// The date trailer (read by both executables before anything else).
fn date(d: &mut Doctor, shown: &str, trailer: &Trailer) {
    let text = show(&trailer.date_text);
    match &trailer.date {
        Err(part) => {
            let legacy = legacy::api(Category::CertificateDate, part.clone());
            d.found(&cat::CERTIFICATE_DATE_FORMAT, shown, args![date = text]).legacy(legacy);
        }
        Ok(date) if date.len() > 8 => {
            let legacy = legacy::too_long(Field::CertificateDate, date);
            let args = args![date = text, length = date.len()];
            d.found(&cat::CERTIFICATE_DATE_TOO_LONG, shown, args).legacy(legacy);
        }
        Ok(date) if !valid_yyyymmdd(date) => {
            d.found(&cat::CERTIFICATE_DATE_NOT_CALENDAR, shown, args![date = text]);
        }
        Ok(_) => {
            let bank = show(&trailer.bank).trim_end_matches(['+', '\n', '\r']).to_string();
            d.found(&cat::CERTIFICATE_DATE_OK, shown, args![date = text, bank = bank]);
        }
    }
}

fn header(d: &mut Doctor, s: &Subject, h: &Header) {
    let mut clean = true;
    if let Some(theirs) = h.merchant_id.as_deref().filter(|v| *v != s.id.as_bytes()) {
        clean = false;
        let text = legacy::certificate_differs(Differs::MerchantId, s.id.as_bytes(), theirs);
        let args = args![theirs = show(theirs).escape_debug().to_string(), id = &s.id];
        d.found(&cat::CERTIFICATE_OTHER_MERCHANT, &s.shown, args).legacy(text);
    }
    if let Some(theirs) = h.merchant_country.as_deref().filter(|v| *v != s.country.as_bytes()) {
        clean = false;
        let text = legacy::certificate_differs(Differs::Country, s.country.as_bytes(), theirs);
        let args = args![theirs = show(theirs).escape_debug().to_string(), country = &s.country];
        d.found(&cat::CERTIFICATE_OTHER_COUNTRY, &s.shown, args).legacy(text);
    }
    if let Some(theirs) = h.certificate_type.as_deref().filter(|v| *v != s.ctype) {
        clean = false;
        let text = legacy::certificate_differs(Differs::CertificateType, &s.ctype, theirs);
        let args = args![theirs = show(theirs).escape_debug().to_string(), ctype = show(&s.ctype)];
        d.found(&cat::CERTIFICATE_OTHER_TYPE, &s.shown, args).legacy(text);
    }
    if clean {
        d.found(&cat::CERTIFICATE_HEADER_OK, &s.shown, &[]);
    }
    if let Some(expired) = h.expired.as_deref().filter(|e| valid_yyyymmdd(e) && show(e) < today()) {
        d.found(&cat::CERTIFICATE_EXPIRED, &s.shown, args![date = show(expired)]);
    }
}

fn key_and_url(d: &mut Doctor, s: &Subject, cert: &Certificate) {
    match &cert.url {
        Err(e) => {
            let text = legacy::api(Category::ReadingUrl, e.detail());
            d.found(&cat::CERTIFICATE_URL_UNREADABLE, &s.shown, &[]).legacy(text);
        }
        Ok(url) => {
            let url = show(url);
            server::classify(d, &s.shown, &url);
            d.credential = Some(Credential { path: s.path.clone(), url, key: None });
        }
    }
    match &cert.matrix {
        Err(e) => {
            let text = legacy::api(Category::MacKeyGeneration, e.detail());
            d.found(&cat::CERTIFICATE_KEY_DAMAGED, &s.shown, &[]).legacy(text);
        }
        Ok(_) => {
            d.found(&cat::CERTIFICATE_KEY_OK, &s.shown, &[]);
        }
    }
}

/// The previous certificate `response` falls back to when a MAC does not match.
fn previous(d: &mut Doctor, s: &Subject, prefix: &[u8]) {
    let old = certificate_path(prefix, &s.country, &s.id, Some("old"), &s.ctype);
    let Ok(content) = read(&old) else { return };
    let shown = show_path(&old);
    match certificate::parse(&content, !s.ctype.is_empty()).matrix {
        Ok(_) => {
            d.found(&cat::CERTIFICATE_OLD_OK, shown, &[]);
        }
        Err(e) => {
            let text = legacy::api(Category::MacKeyGeneration, e.detail());
            d.found(&cat::CERTIFICATE_OLD_DAMAGED, shown, &[]).legacy(text);
        }
    }
}
