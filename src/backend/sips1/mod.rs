//! SIPS 1.0, the protocol of the legacy executables: a certificate with a
//! DES key matrix and the encrypted payment server URL; DATA sealed with a
//! DES CBC-MAC; a form posting DATA to `<server URL>/callpayment`.

mod receive;
pub(crate) mod seal;

pub(crate) use receive::{debug_values, respond};

use super::{Backend, Form, FormInput};
use crate::config::certificate::Certificate;
use crate::error::{ApiError, Category};
use crate::fields::{Field, Record};
use crate::merchant::form::{blocks, logo_src};
use crate::wire::keys::KeyError;
use seal::{Transaction, TransactionKeys};
use std::sync::Arc;

/// `request` refuses a container of this many bytes or more (`message too long`).
const MAX_PLAIN: usize = 10_750;

/// A merchant whose credential is a SIPS 1.0 certificate.
pub(crate) struct Sips1 {
    pub certificate: Arc<Certificate>,
}

impl Backend for Sips1 {
    fn admit(&self, record: &mut Record, ctype: &[u8]) -> Result<(), ApiError> {
        check_certificate_header(&self.certificate, ctype, record)
    }

    fn form(&self, input: &FormInput) -> Result<Form, ApiError> {
        let cert = &self.certificate;
        let server_url = cert.url.clone().map_err(|e| ApiError::new(Category::ReadingUrl, e.detail()))?;
        let matrix = cert.matrix.as_ref().map_err(|e| ApiError::new(Category::MacKeyGeneration, e.detail()))?;
        let transaction = transaction(input.record);
        let keys = if input.record.is_empty(Field::CustomerId) {
            TransactionKeys::new(matrix, transaction)
        } else {
            TransactionKeys::with_cipher_for(matrix, transaction, input.profile.long_bits)
        };
        let data = build_data(input, &keys)?;
        let call_url = [&server_url[..], b"/callpayment"].concat();
        let mut html = Vec::with_capacity(data.len() + 2048);
        html.extend_from_slice(b"<FORM METHOD=POST ACTION=\"");
        html.extend_from_slice(&call_url);
        html.push(b'"');
        if !input.target.is_empty() {
            html.extend_from_slice(b" target=\"");
            html.extend_from_slice(input.target);
            html.push(b'"');
        }
        html.extend_from_slice(b"><INPUT TYPE=HIDDEN NAME=DATA VALUE=\"");
        html.extend_from_slice(&data);
        html.extend_from_slice(b"\">");
        blocks(&mut html, &input.page, &mut |out, name| {
            out.extend_from_slice(b"<INPUT TYPE=IMAGE NAME=");
            out.extend_from_slice(name);
            out.extend_from_slice(b" BORDER=0 SRC=\"");
            logo_src(out, &input.page, name);
        });
        html.extend_from_slice(b"</FORM>");
        Ok(Form { call_url, html, sent: Vec::new() })
    }
}

fn transaction(r: &Record) -> Transaction<'_> {
    Transaction {
        amount: r.get(Field::Amount),
        transmission_date: r.get(Field::TransmissionDate),
        transaction_id: r.get(Field::TransactionId),
    }
}

/// The legacy text for keys that cannot be derived from a request.
fn request_key_error(_: KeyError) -> ApiError {
    ApiError::new(Category::MacKeyGeneration, &b"function compute_column_parameters"[..])
}

/// The DATA value: the profile's records (customer_id enciphered) sealed.
fn build_data(input: &FormInput, keys: &TransactionKeys) -> Result<Vec<u8>, ApiError> {
    let r = input.record;
    let customer_id = if r.is_empty(Field::CustomerId) {
        Vec::new()
    } else {
        keys.encipher(r.get(Field::CustomerId)).map_err(request_key_error)?
    };
    let api_version = input.profile.name.as_bytes();
    let records = input.profile.request.records.iter().filter_map(|&f| {
        let value = match f {
            Field::ApiVersion => api_version,
            Field::CustomerId => &customer_id,
            _ => r.get(f),
        };
        Some((f.def().code?, value))
    });
    let plain = crate::wire::nlv::encode(records);
    if plain.len() >= MAX_PLAIN {
        return Err(ApiError::new(Category::MessageConstruction, &b"message too long"[..]));
    }
    keys.seal_plain(&plain).map_err(request_key_error)
}

/// Compares the certificate header with the request (only with `F_CTYPE`) and
/// copies its expiry, version and type into fields 076–078.
fn check_certificate_header(cert: &Certificate, ctype: &[u8], r: &mut Record) -> Result<(), ApiError> {
    if ctype.is_empty() {
        return Ok(());
    }
    let h = &cert.header;
    h.check(r.get(Field::MerchantId), r.get(Field::MerchantCountry), ctype)?;
    r.set(Field::CertificateExpired, h.expired.as_deref().unwrap_or(b""));
    r.set(Field::CertificateVersion, h.version.as_deref().unwrap_or(b""));
    r.set(Field::CertificateType, ctype);
    Ok(())
}
