//! The field checks of `request`, in the legacy order; the first failure is
//! the error (`Error in call parameters structure (<detail>)`).

use super::form::means_match_order;
use crate::clib::all_digits;
use crate::error::{ApiError, Category};
use crate::fields::{Field, Record};
use crate::version::Profile;

fn call_parameters(detail: Vec<u8>) -> ApiError {
    ApiError::new(Category::CallParameters, detail)
}

/// `<name> (<value>)<suffix>`.
fn about(field: Field, value: &[u8], suffix: &[u8]) -> Vec<u8> {
    [field.def().name.as_bytes(), b" (", value, b")", suffix].concat()
}

pub(crate) fn check_fields(profile: &Profile, r: &Record) -> Result<(), ApiError> {
    for &field in profile.request.length_checks {
        if r.get(field).len() > profile.max_of(field) {
            return Err(call_parameters(about(field, r.get(field), b" too long")));
        }
    }
    use Field::*;
    for field in [MerchantId, MerchantCountry, TransactionId, CancelReturnUrl, NormalReturnUrl, Amount] {
        if r.is_empty(field) {
            return Err(call_parameters([field.def().name.as_bytes(), b" not filled"].concat()));
        }
    }
    if r.get(Amount).len() < 3 {
        return Err(call_parameters([&b"invalid amount length ("[..], r.get(Amount), b")"].concat()));
    }
    for field in [MerchantCountry, Language] {
        if r.get(field) != r.get(field).to_ascii_lowercase().as_slice() {
            return Err(call_parameters(about(field, r.get(field), b" must be lower case")));
        }
    }
    let digit_checks = [MerchantId, CurrencyCode, TransactionId, Amount];
    for &field in digit_checks.iter().chain(profile.request.extra_digit_checks) {
        if !all_digits(r.get(field)) {
            return Err(call_parameters(about(field, r.get(field), b" not numeric")));
        }
    }
    if !means_match_order(r.get(PaymentMeans), r.get(BlockOrder)) {
        return Err(call_parameters(b"payment_means,block_order".to_vec()));
    }
    Ok(())
}
