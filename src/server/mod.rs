//! The payment server's side of the protocol, which the legacy kit never
//! shipped: reading a request DATA (MAC check, customer_id in clear) and
//! building a sealed response DATA; for Sips 2.0 merchants the same in
//! [`sips2`]. The sandbox, the doctor's trial and the tests use it; it calls
//! the same protocol steps as the merchant side.

mod request_data;
mod response_builder;
pub mod sips2;

pub use crate::fields::Values;
pub use request_data::{decode as decode_request, DecodeError, RequestData};
pub(crate) use response_builder::UNCHECKED_MAXIMA;
pub use response_builder::{BuildError, ResponseBuilder};

use crate::config::certificate::{self, Certificate};
use crate::error::ApiError;
use std::sync::Arc;

/// A merchant's SIPS 1.0 certificate as the executables read it (`header`:
/// the pathfile has `F_CTYPE`); the error is the one `request` would print.
pub fn load_certificate(path: &[u8], header: bool) -> Result<Arc<Certificate>, ApiError> {
    crate::config::begin_call();
    crate::merchant::session::load_certificate(path, header)
}

/// A merchant's credential file, whichever protocol it serves.
#[derive(Debug, Clone)]
pub enum Credential {
    /// SIPS 1.0: a certificate.
    Certificate(Arc<Certificate>),
    /// Sips 2.0: a key file.
    KeyFile(Arc<sips2::KeyFile>),
}

/// The credential file at `path` as `request` reads it: a key file when it
/// holds one, else a certificate (`header`: the pathfile has `F_CTYPE`).
/// The error is the one `request` would print.
pub fn load_credential(path: &[u8], header: bool) -> Result<Credential, ApiError> {
    crate::config::begin_call();
    match crate::config::keyfile::probe(path).as_deref() {
        Ok(Some(Ok(key))) => Ok(Credential::KeyFile(key.clone())),
        Ok(Some(Err(e))) => Err(crate::backend::sips2::key_file_error(path, e)),
        Ok(None) | Err(_) => crate::merchant::session::load_certificate(path, header).map(Credential::Certificate),
    }
}

/// Parses certificate text (for files the caller read itself).
pub fn parse_certificate(content: &[u8], header: bool) -> Certificate {
    certificate::parse(content, header)
}
