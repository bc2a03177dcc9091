//! Sips 2.0 "Paypage POST", today's Sogenactif: a key file instead of the
//! certificate; Data as `key=value|…` text, base64-encoded, sealed with
//! HMAC-SHA-256 (or SHA-256) under the secret key; one form per payment
//! means posting `Data`, `Encode`, `Seal`, `SealAlgorithm` and
//! `InterfaceVersion` to the key file's PAYMENT_URL. The shop's calls and
//! result strings stay those of SIPS 1.0.

mod mapping;
mod receive;
pub(crate) mod request;
pub(crate) mod seal;
mod text;

pub(crate) use receive::{respond, Posted};

use super::{Backend, Form, FormInput};
use crate::clib::split_terminated;
use crate::config::keyfile::{self, KeyFile, KeyFileError, SealAlgorithm};
use crate::error::{ApiError, Category};
use crate::fields::{Field, Record};
use crate::merchant::form::blocks;
use crate::merchant::session::Session;
use request::{carried, data_text, v2_brand, Item};
use std::sync::Arc;

/// A merchant whose credential is a Sips 2.0 key file.
pub(crate) struct Sips2 {
    pub key: Arc<KeyFile>,
}

/// The legacy-format error for an unusable key file.
pub(crate) fn key_file_error(path: &[u8], e: &KeyFileError) -> ApiError {
    ApiError::new(Category::KeyFile, [path, b": ", e.detail().as_bytes()].concat())
}

/// The Sips 2.0 backend when the credential file at `path` is a key file.
/// `None` when it is not (a certificate) or cannot be opened: the
/// certificate reader then reports it exactly as before.
pub(crate) fn credential(session: &mut Session, path: &[u8]) -> Result<Option<Sips2>, ApiError> {
    let Ok(probe) = keyfile::probe(path) else {
        return Ok(None);
    };
    match probe.as_ref() {
        None => Ok(None),
        Some(Err(e)) => Err(key_file_error(path, e)),
        Some(Ok(key)) => {
            session.debug.row(&[b"Reading F_CERTIFICATE (", path, b") OK"]);
            debug_key_file(session, key);
            Ok(Some(Sips2 { key: key.clone() }))
        }
    }
}

/// What DEBUG shows of a key file: everything but the secret.
fn debug_key_file(session: &mut Session, key: &KeyFile) {
    let algorithm = key.seal_algorithm.name().as_bytes();
    session.debug.row(&[b"Sips 2.0 key file: KEY_VERSION (", &key.key_version, b") SEAL_ALGORITHM (", algorithm, b")"]);
}

impl Backend for Sips2 {
    /// The key file has nothing to compare with the request (no header).
    fn admit(&self, _record: &mut Record, _ctype: &[u8]) -> Result<(), ApiError> {
        Ok(())
    }

    fn form(&self, input: &FormInput) -> Result<Form, ApiError> {
        let items = request::items(input.record, &self.key)?;
        let brands = brands(input.page.payment_means, &self.key)?;
        let mut html = Vec::with_capacity(2048 * brands.len().max(1));
        if brands.is_empty() {
            // No payment means: one form for every brand Sips offers, with
            // nothing to click (the V1 page had nothing either).
            self.write_form(&mut html, input, &items, &[], None);
        } else {
            blocks(&mut html, &input.page, &mut |out, name| {
                if let Some((_, v2)) = brands.iter().find(|(v1, _)| v1 == name) {
                    self.write_form(out, input, &items, v2, Some(name));
                }
            });
        }
        let all: Vec<&[u8]> = brands.iter().map(|(_, v2)| v2.as_slice()).collect();
        let sent = self.sent_rows(&items, &all.join(&b","[..]));
        Ok(Form { call_url: self.key.payment_url.clone(), html, sent })
    }
}

/// The payment means of the page: V1 names (the logos) and Sips 2.0 names (Data).
type Brands = Vec<(Vec<u8>, Vec<u8>)>;

fn brands(payment_means: &[u8], key: &KeyFile) -> Result<Brands, ApiError> {
    let tokens = split_terminated(payment_means, b',');
    let mut out = Vec::new();
    for pair in tokens.chunks(2).filter(|p| p.len() == 2) {
        let v2 = carried(Field::PaymentMeans, v2_brand(pair[0]), key)?;
        out.push((pair[0].to_vec(), v2));
    }
    Ok(out)
}

impl Sips2 {
    /// One sealed form restricted to `brand` (empty: all brands), drawn as
    /// the logo of `logo` when there is one.
    fn write_form(&self, out: &mut Vec<u8>, input: &FormInput, items: &[Item], brand: &[u8], logo: Option<&[u8]>) {
        let key = &self.key;
        let data = seal::base64(&data_text(items, brand));
        let seal = seal::seal(key.seal_algorithm, &key.secret_key, &data);
        out.extend_from_slice(b"<FORM METHOD=\"POST\" ACTION=\"");
        escape_into(out, &key.payment_url);
        out.extend_from_slice(b"\" accept-charset=\"UTF-8\" STYLE=\"display:inline\"");
        if !input.target.is_empty() {
            out.extend_from_slice(b" target=\"");
            escape_into(out, input.target);
            out.push(b'"');
        }
        out.push(b'>');
        hidden(out, b"Data", &data);
        hidden(out, b"Encode", b"base64");
        hidden(out, b"Seal", seal.as_bytes());
        // The older seal is the one Sips assumes when the field is absent.
        if key.seal_algorithm == SealAlgorithm::HmacSha256 {
            hidden(out, b"SealAlgorithm", key.seal_algorithm.name().as_bytes());
        }
        hidden(out, b"InterfaceVersion", &key.interface_version);
        if let Some(name) = logo {
            // An unnamed button posts no field of its own (an image input
            // would add its click coordinates to what Sips receives).
            out.extend_from_slice(b"<BUTTON TYPE=\"SUBMIT\" STYLE=\"border:0;padding:0;background:none;cursor:pointer\"><IMG BORDER=0 SRC=\"");
            escape_into(out, &[input.page.logo_dir, name, b".gif"].concat());
            out.extend_from_slice(b"\" ALT=\"");
            escape_into(out, name);
            out.extend_from_slice(b"\"></BUTTON>");
        }
        out.extend_from_slice(b"</FORM>");
    }

    /// The DEBUG rows "Request sent to the Payment Server": the Data items
    /// with every brand of the page, and the form fields (not the seal key).
    fn sent_rows(&self, items: &[Item], all_brands: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut rows: Vec<(Vec<u8>, Vec<u8>)> = items
            .iter()
            .map(|i| (i.key, if i.key == request::BRAND_LIST { all_brands } else { i.value.as_slice() }))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.as_bytes().to_vec(), v.to_vec()))
            .collect();
        rows.push((b"InterfaceVersion".to_vec(), self.key.interface_version.clone()));
        rows.push((b"SealAlgorithm".to_vec(), self.key.seal_algorithm.name().as_bytes().to_vec()));
        rows
    }
}

fn hidden(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    out.extend_from_slice(b"<INPUT TYPE=\"HIDDEN\" NAME=\"");
    out.extend_from_slice(name);
    out.extend_from_slice(b"\" VALUE=\"");
    escape_into(out, value);
    out.extend_from_slice(b"\">");
}

/// `value` escaped for a double-quoted HTML attribute.
pub(crate) fn escape_into(out: &mut Vec<u8>, value: &[u8]) {
    for &b in value {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\'' => out.extend_from_slice(b"&#39;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_escaping() {
        let mut out = Vec::new();
        escape_into(&mut out, b"a&b\"c'd<e>f");
        assert_eq!(out, b"a&amp;b&quot;c&#39;d&lt;e&gt;f");
    }
}
