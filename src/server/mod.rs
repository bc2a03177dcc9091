//! The payment server's side of the protocol, which the legacy kit never
//! shipped: reading a request DATA (MAC check, customer_id in clear) and
//! building a sealed response DATA. The sandbox, the doctor's trial and the
//! tests use it; it calls the same protocol steps as the merchant side.

mod request_data;
mod response_builder;

pub use crate::fields::Values;
pub use request_data::{decode as decode_request, DecodeError, RequestData};
pub use response_builder::{BuildError, ResponseBuilder};
pub(crate) use response_builder::UNCHECKED_MAXIMA;

use crate::config::certificate::{self, Certificate};
use crate::error::ApiError;
use std::sync::Arc;

/// A merchant's SIPS 1.0 certificate as the executables read it (`header`:
/// the pathfile has `F_CTYPE`); the error is the one `request` would print.
pub fn load_certificate(path: &[u8], header: bool) -> Result<Arc<Certificate>, ApiError> {
    crate::config::begin_call();
    crate::merchant::session::load_certificate(path, header)
}

/// Parses certificate text (for files the caller read itself).
pub fn parse_certificate(content: &[u8], header: bool) -> Certificate {
    certificate::parse(content, header)
}
