//! Which merchant and which country the checks are about: given, or found
//! from the configuration files.

use super::catalogue as cat;
use super::files::siblings;
use super::{show, Doctor};
use crate::args;
use crate::core::inspect::Field;
use crate::core::legacy;

/// The merchant ids that files in the configuration directories name, with the file name.
fn discovered_ids(d: &Doctor) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Some(paths) = &d.paths else { return found };
    let digits = |id: &str| !id.is_empty() && id.len() <= 15 && id.bytes().all(|b| b.is_ascii_digit());
    if let Some(prefix) = &paths.merchant_prefix {
        for name in siblings(prefix) {
            let id = name.rsplit('.').next().unwrap_or("");
            if digits(id) {
                found.push((id.to_string(), name));
            }
        }
    }
    if let Some(prefix) = &paths.certificate_prefix {
        for name in siblings(prefix) {
            if let Some(id) = name.split('.').nth(2).filter(|id| digits(id)) {
                found.push((id.to_string(), name.clone()));
            }
        }
    }
    found
}

pub(crate) fn resolve_merchant(d: &mut Doctor) {
    if let Some(id) = d.opts.merchant_id.clone() {
        check_given_id(d, &id);
        d.report.merchant_id = Some(id);
        return;
    }
    let found = discovered_ids(d);
    let mut ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    ids.sort();
    ids.dedup();
    match ids.as_slice() {
        [id] => {
            let id = id.to_string();
            d.found(&cat::MERCHANT_FOUND, &id, args![id = &id]);
            d.report.merchant_id = Some(id);
        }
        [] if d.paths.is_some() => {
            d.found(&cat::MERCHANT_NONE, "?", &[]);
        }
        [] => {}
        many => {
            let list = many.join(", ");
            d.found(&cat::MERCHANT_SEVERAL, "?", args![list = list]);
        }
    }
}

fn check_given_id(d: &mut Doctor, id: &str) {
    if id.len() > 15 {
        let text = legacy::argument_too_long(&format!("merchant_id={id}"));
        d.found(&cat::MERCHANT_ID_TOO_LONG, id, &[]).legacy(text);
    } else if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        let text = legacy::not_numeric(Field::MerchantId, id.as_bytes());
        d.found(&cat::MERCHANT_ID_NOT_DIGITS, id, &[]).legacy(text);
    }
}

pub(crate) fn resolve_country(d: &mut Doctor) {
    let from_parmcom = d.setting(Field::MerchantCountry).map(show);
    let country = match (d.opts.country.clone(), from_parmcom) {
        (Some(given), Some(parmcom)) if given != parmcom => {
            d.found(&cat::COUNTRY_DIFFERS, &given, args![given = &given, parmcom = parmcom]);
            given
        }
        (Some(given), _) => given,
        (None, Some(parmcom)) => parmcom,
        (None, None) => {
            // A certificate file name tells the country too.
            let id = d.merchant_id().unwrap_or("").to_string();
            let named = discovered_ids(d)
                .into_iter()
                .filter(|(i, n)| *i == id && n.split('.').count() >= 3)
                .find_map(|(_, n)| n.split('.').nth(1).map(str::to_string));
            let country = named.unwrap_or_else(|| "fr".into());
            d.found(&cat::COUNTRY_ASSUMED, &country, args![country = &country]);
            country
        }
    };
    if country != country.to_ascii_lowercase() {
        let lower = country.to_ascii_lowercase();
        let text = legacy::must_be_lower_case(Field::MerchantCountry, country.as_bytes());
        d.found(&cat::COUNTRY_CASE, &country, args![lower = lower]).legacy(text);
    }
    d.report.country = Some(country);
}
