//! The checks the payment server made on a request before showing its card
//! page (its signature is checked separately, with the merchant's certificate).

use super::ServerError;
use crate::core::inspect::Field;
use crate::core::server::RequestData;

/// The characters the server refused in customer_id and order_id.
pub const FORBIDDEN_ID_CHARACTERS: &[u8] = b"|;:\"";

/// `Err(Invalid Transaction)` with the reason, for what the server refused.
pub fn validate(req: &RequestData, customer_id: &[u8], means: &str) -> Result<(), ServerError> {
    let invalid = |why: String| Err(ServerError::Invalid(why));
    if req.get(Field::ApiVersion).is_empty() {
        return invalid("no API version (field 001)".into());
    }
    for (field, min, max) in [(Field::Amount, 3, 12), (Field::TransactionId, 1, 6), (Field::TransmissionDate, 14, 14)] {
        let v = req.get(field);
        if !(min..=max).contains(&v.len()) || !v.iter().all(u8::is_ascii_digit) {
            return invalid(format!("{} ({}) must be {min} to {max} digits", field.def().name, req.text(field)));
        }
    }
    if crate::currency::find(&req.text(Field::CurrencyCode)).is_none() {
        return invalid(format!("currency_code ({}) is not a currency of the contract", req.text(Field::CurrencyCode)));
    }
    for field in [Field::NormalReturnUrl, Field::CancelReturnUrl, Field::AutomaticResponseUrl] {
        let url = req.text(field);
        let absolute = url.starts_with("http://") || url.starts_with("https://");
        if (field != Field::AutomaticResponseUrl || !url.is_empty()) && !absolute {
            return invalid(format!("{} ({url}) is not an absolute http(s) URL", field.def().name));
        }
    }
    for (name, value) in [("customer_id", customer_id), ("order_id", req.get(Field::OrderId))] {
        if value.iter().any(|b| FORBIDDEN_ID_CHARACTERS.contains(b)) {
            return invalid(format!("{name} contains one of the forbidden characters | ; : \""));
        }
    }
    let means_ok = !means.is_empty()
        && means.len() <= 20
        && means.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !means_ok {
        return invalid(format!("no valid payment means chosen ({means:?})"));
    }
    Ok(())
}
