//! The field checks of `request`, in the legacy order; the first failure is
//! the error (`Error in call parameters structure (<detail>)`).

use super::form::means_match_order;
use crate::clib::all_digits;
use crate::error::ApiError;
use crate::fields::{Field, Record};
use crate::version::Profile;

pub(crate) fn check_fields(profile: &Profile, r: &Record) -> Result<(), ApiError> {
    for &field in profile.request.length_checks {
        if r.get(field).len() > profile.max_of(field) {
            return Err(ApiError::field_too_long(field.def().name, r.get(field)));
        }
    }
    use Field::*;
    for field in [MerchantId, MerchantCountry, TransactionId, CancelReturnUrl, NormalReturnUrl, Amount] {
        if r.is_empty(field) {
            return Err(ApiError::field_not_filled(field.def().name));
        }
    }
    if r.get(Amount).len() < 3 {
        return Err(ApiError::amount_length(r.get(Amount)));
    }
    for field in [MerchantCountry, Language] {
        if r.get(field) != r.get(field).to_ascii_lowercase().as_slice() {
            return Err(ApiError::field_not_lower_case(field.def().name, r.get(field)));
        }
    }
    let digit_checks = [MerchantId, CurrencyCode, TransactionId, Amount];
    for &field in digit_checks.iter().chain(profile.request.extra_digit_checks) {
        if !all_digits(r.get(field)) {
            return Err(ApiError::field_not_numeric(field.def().name, r.get(field)));
        }
    }
    if !means_match_order(r.get(PaymentMeans), r.get(BlockOrder)) {
        return Err(ApiError::means_against_order());
    }
    Ok(())
}
