//! A Sips 2.0 response as `response` reads it: the merchant's key file
//! found from the message's merchantId, the seal checked over Data as
//! posted, then Data decoded and mapped to the 42 legacy values.
//!
//! A V2 message names no country. The key file is the one file
//! `<F_CERTIFICATE>.<country>.<merchantId>[.<F_CTYPE>]`, whatever the
//! country, that holds a key file; none or several is an error.

use super::key_file_error;
use super::mapping::{legacy_values, Message};
use super::seal::{self, DataError, Encoding};
use crate::backend::sips1::debug_values;
use crate::config::keyfile::{self, KeyFile};
use crate::config::os_path;
use crate::error::{ApiError, Category};
use crate::fields::Values;
use crate::merchant::response::Stop;
use crate::merchant::session::{Paths, Session};
use std::os::unix::ffi::OsStrExt;
use std::sync::Arc;

/// Most directory entries looked at for the key file (a certificate
/// directory holds a few files per merchant).
const MAX_ENTRIES: usize = 100_000;

/// The POST fields of a response, as the shop's script passed them.
pub(crate) struct Posted<'a> {
    pub data: &'a [u8],
    pub seal: &'a [u8],
    pub encoding: Encoding,
}

/// The merchant's key file and the country its name gives.
struct Found {
    path: Vec<u8>,
    country: Vec<u8>,
    key: Arc<KeyFile>,
}

fn malformed(e: DataError) -> ApiError {
    ApiError::new(Category::MessageDecryption, e.detail())
}

/// Checks and decodes a posted response and returns the values to print.
/// Before the seal is checked only the merchantId is read, to find the key.
pub(crate) fn respond(session: &mut Session, paths: &Paths, posted: &Posted) -> Result<Values, Stop> {
    let text = seal::decode_text(posted.data, posted.encoding).map_err(malformed)?;
    let merchant_id = seal::peek(&text, "merchantId").unwrap_or_default();
    if merchant_id.is_empty() || merchant_id.len() > 15 || !merchant_id.iter().all(u8::is_ascii_digit) {
        return Err(ApiError::new(Category::ResponseStructure, &b"merchant_id"[..]).into());
    }
    session.debug.section(b"System");
    let found = locate(paths, merchant_id)?;
    session.debug.row(&[b"Reading F_CERTIFICATE (", &found.path, b") OK"]);
    session.debug.close();
    let key = &found.key;
    if !seal::seal_matches(key.seal_algorithm, &key.secret_key, posted.data, posted.seal) {
        return Err(ApiError::new(Category::InvalidSeal, &b"seal received different than seal computed"[..]).into());
    }
    let message = seal::split_items(&text).and_then(Message::new).map_err(malformed)?;
    let values = legacy_values(&message, &found.country, key.shop_charset)
        .map_err(|detail| ApiError::new(Category::ResponseStructure, detail))?;
    debug_values(session, &values);
    session.debug.end();
    Ok(values)
}

/// The directory of the certificate prefix and the start of the names in it.
fn split_prefix(prefix: &[u8]) -> (&[u8], &[u8]) {
    match prefix.iter().rposition(|&b| b == b'/') {
        Some(0) => (b"/", &prefix[1..]),
        Some(i) => (&prefix[..i], &prefix[i + 1..]),
        None => (b".", prefix),
    }
}

/// The countries of the files named `<base>.<country>.<merchant_id>[.<ctype>]` in `dir`.
fn countries(dir: &[u8], base: &[u8], merchant_id: &[u8], ctype: &[u8]) -> Result<Vec<Vec<u8>>, ApiError> {
    let entries = std::fs::read_dir(os_path(dir))
        .map_err(|_| ApiError::new(Category::KeyFile, [&b"cannot list "[..], dir].concat()))?;
    let tail: Vec<u8> = [&b"."[..], merchant_id, if ctype.is_empty() { b"" } else { b"." }, ctype].concat();
    let mut out = Vec::new();
    for entry in entries.take(MAX_ENTRIES).flatten() {
        let name = entry.file_name();
        let country = name
            .as_bytes()
            .strip_prefix(base)
            .and_then(|n| n.strip_prefix(b"."))
            .and_then(|n| n.strip_suffix(&tail[..]));
        // Countries are two letters; `.old` certificates and the like do not match.
        if let Some(c) = country.filter(|c| (1..=2).contains(&c.len()) && !c.contains(&b'.')) {
            out.push(c.to_vec());
        }
    }
    out.sort();
    Ok(out)
}

/// The one key file serving `merchant_id`.
fn locate(paths: &Paths, merchant_id: &[u8]) -> Result<Found, ApiError> {
    let (dir, base) = split_prefix(&paths.certificate_prefix);
    let mut found = Vec::new();
    for country in countries(dir, base, merchant_id, &paths.ctype)? {
        let path = paths.certificate(&country, merchant_id, None);
        match keyfile::probe(&path).as_deref() {
            Ok(Some(Ok(key))) => found.push(Found { path, country, key: key.clone() }),
            Ok(Some(Err(e))) => return Err(key_file_error(&path, e)),
            Ok(None) | Err(_) => {}
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => {
            let pattern = paths.certificate(b"<country>", merchant_id, None);
            let detail = [&b"no key file for merchant_id "[..], merchant_id, b" (", &pattern, b")"].concat();
            Err(ApiError::new(Category::KeyFile, detail))
        }
        _ => {
            let names: Vec<&[u8]> = found.iter().map(|f| f.path.as_slice()).collect();
            let detail =
                [&b"several key files for merchant_id "[..], merchant_id, b": ", &names.join(&b", "[..])].concat();
            Err(ApiError::new(Category::KeyFile, detail))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_parts() {
        assert_eq!(split_prefix(b"/a/b/certif"), (&b"/a/b"[..], &b"certif"[..]));
        assert_eq!(split_prefix(b"/certif"), (&b"/"[..], &b"certif"[..]));
        assert_eq!(split_prefix(b"certif"), (&b"."[..], &b"certif"[..]));
    }
}
