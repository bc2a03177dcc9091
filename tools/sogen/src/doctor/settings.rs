//! The merged settings of both parmcom files, checked the way `request` and
//! the payment server check them: payment means against block order, case
//! and digit rules, URLs, the automatic response, customer_id, DATA.

use super::catalogue as cat;
use super::{show, Doctor};
use crate::args;
use crate::core::inspect::{means_match_order, split_terminated, Field};
use crate::core::legacy;
use crate::lang::Text;
use crate::payment_server::{ServerError, FORBIDDEN_ID_CHARACTERS};
use crate::urls::{is_loopback_host, url_parts};

/// The block order `request` uses when none is set.
const DEFAULT_BLOCK_ORDER: &[u8] = b"1,2,3,4,5,6,7,8,9";

pub(crate) fn check(d: &mut Doctor) {
    // The merged settings only mean something once both files were read
    // (otherwise request stops at the missing file, reported already).
    if d.defaults.is_none() || d.merchant.is_none() {
        return;
    }
    payment_means(d);
    language_and_currency(d);
    return_urls(d);
    auto_response(d, d.setting(Field::AutomaticResponseUrl).map(show));
    if let Some(id) = d.setting(Field::CustomerId).filter(|v| v.iter().any(|b| FORBIDDEN_ID_CHARACTERS.contains(b))) {
        let subject = format!("CUSTOMER_ID {}", show(id));
        d.found(&cat::CUSTOMER_ID_CHARACTERS, subject, &[]).legacy(ServerError::shown(ServerError::INVALID));
    }
    if let Some(data) = d.setting(Field::Data).filter(|v| !v.is_empty()).map(<[u8]>::to_vec) {
        if let Some(item) = bad_data_item(&data) {
            d.found(&cat::DATA_ITEM, format!("DATA {}", show(&data)), args![item = item]);
        }
    }
}

fn payment_means(d: &mut Doctor) {
    let means = d.setting(Field::PaymentMeans).unwrap_or_default().to_vec();
    let order = d.setting(Field::BlockOrder).unwrap_or(DEFAULT_BLOCK_ORDER).to_vec();
    if !means_match_order(&means, &order) {
        let why = explain_means(&means, &order).unwrap_or_default();
        let subject = format!("PAYMENT_MEANS {} / BLOCK_ORDER {}", show(&means), show(&order));
        d.found(&cat::MEANS_AGAINST_ORDER, subject, args![why = why]).legacy(legacy::means_against_order());
    } else if means.is_empty() {
        d.found(&cat::MEANS_NONE, "PAYMENT_MEANS", &[]);
    } else {
        d.found(&cat::MEANS_OK, show(&means), &[]);
    }
}

fn language_and_currency(d: &mut Doctor) {
    if let Some(lang) = d.setting(Field::Language).map(<[u8]>::to_vec) {
        if lang != lang.to_ascii_lowercase() {
            let lower = show(&lang.to_ascii_lowercase());
            let text = legacy::must_be_lower_case(Field::Language, &lang);
            d.found(&cat::LANGUAGE_CASE, format!("LANGUAGE {}", show(&lang)), args![lower = lower]).legacy(text);
        }
    }
    let Some(currency) = d.setting(Field::CurrencyCode).map(<[u8]>::to_vec) else { return };
    let subject = format!("CURRENCY {}", show(&currency));
    if !currency.iter().all(u8::is_ascii_digit) {
        let text = legacy::not_numeric(Field::CurrencyCode, &currency);
        d.found(&cat::CURRENCY_NOT_NUMERIC, subject, &[]).legacy(text);
    } else if crate::currency::find(&show(&currency)).is_none() {
        d.found(&cat::CURRENCY_UNKNOWN, subject, &[]).legacy(ServerError::shown(ServerError::INVALID));
    }
}

fn return_urls(d: &mut Doctor) {
    for (field, key) in [(Field::NormalReturnUrl, "RETURN_URL"), (Field::CancelReturnUrl, "CANCEL_URL")] {
        match d.setting(field).map(show) {
            None => {
                let args = args![key = key, name = field.def().name];
                d.found(&cat::RETURN_URL_MISSING, key, args).legacy(legacy::not_filled(field));
            }
            Some(url) if url_parts(&url).is_none() => {
                d.found(&cat::RETURN_URL_NOT_ABSOLUTE, format!("{key} {url}"), &[]);
            }
            Some(url) => {
                d.found(&cat::RETURN_URL_OK, format!("{key} {url}"), &[]);
            }
        }
    }
}

fn auto_response(d: &mut Doctor, url: Option<String>) {
    let Some(url) = url else {
        d.found(&cat::AUTO_MISSING, "AUTO_RESPONSE_URL", &[]);
        return;
    };
    let subject = format!("AUTO_RESPONSE_URL {url}");
    let Some((_, host, port)) = url_parts(&url) else {
        d.found(&cat::AUTO_NOT_ABSOLUTE, subject, &[]);
        return;
    };
    let local = is_loopback_host(&host);
    let usable_port = (80..=9999).contains(&port);
    let lower = url.to_ascii_lowercase();
    if !usable_port && local {
        // Only the real payment server kept to 80–9999; the sandbox calls any port.
        d.found(&cat::AUTO_PORT_LOCAL, &subject, args![port = port.to_string()]);
    } else if !usable_port {
        d.found(&cat::AUTO_PORT, &subject, args![port = port.to_string()]);
    } else if ["phpsessid", "jsessionid", "sid=", "session"].iter().any(|s| lower.contains(s)) {
        d.found(&cat::AUTO_SESSION, &subject, &[]);
    } else {
        d.found(&cat::AUTO_OK, &subject, &[]);
    }
    if local {
        d.found(&cat::AUTO_LOCAL, subject, &[]);
    }
}

/// Which rule of the payment means / block order check a pair breaks.
pub(crate) fn explain_means(means: &[u8], order: &[u8]) -> Option<Text> {
    let m = split_terminated(means, b',');
    let o = split_terminated(order, b',');
    if m.len() > 30 || o.len() > 30 {
        return Some(cat::MEANS_TOO_MANY.fill(&[]));
    }
    if m.len() % 2 != 0 {
        return Some(cat::MEANS_ODD.fill(&[]));
    }
    let number = |t: &[u8]| -> Option<u32> {
        std::str::from_utf8(t).ok().filter(|s| s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse().ok())
    };
    if let Some(item) = o.iter().skip(1).find(|item| !number(item).is_some_and(|n| (1..=9).contains(&n))) {
        return Some(cat::ORDER_NOT_A_BLOCK.fill(args![item = show(item)]));
    }
    for pair in m.chunks(2) {
        let (name, block) = (show(pair[0]), show(pair[1]));
        if name.is_empty() {
            return Some(cat::MEANS_EMPTY_NAME.fill(&[]));
        }
        if number(pair[1]).is_none_or(|n| n > 9) && !pair[1].is_empty() {
            return Some(cat::MEANS_BAD_BLOCK.fill(args![block = block, name = name]));
        }
        if !o.contains(&pair[1]) {
            return Some(cat::MEANS_BLOCK_NOT_IN_ORDER.fill(args![name = name, block = block, order = show(order)]));
        }
    }
    None
}

/// The first item of a DATA value that is not one of the documented shapes.
pub(crate) fn bad_data_item(data: &[u8]) -> Option<String> {
    let text = show(data);
    let keyword = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'/')
    };
    for item in text.split(';').filter(|i| !i.is_empty()) {
        let tag = item.strip_prefix("</").or_else(|| item.strip_prefix('<')).and_then(|s| s.strip_suffix('>'));
        let ok = match (tag, item.split_once('=')) {
            (Some(name), _) => keyword(name),
            (None, Some((k, _))) => keyword(k),
            // A tagged value: the text between <TAG>; and </TAG> (a URL for <USE_CSS>).
            (None, None) => keyword(item) || item.contains("</"),
        };
        if !ok {
            return Some(item.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_explanations_follow_the_core_rule() {
        for (means, order) in [
            (&b"CB,2,VISA"[..], &b"1,2"[..]),
            (b"CB,3", b"1,2"),
            (b"CB,01", b"1"),
            (b"CB,1", b"1,x"),
            (b",1", b"1"),
            (b"CB,2,VISA,2", b"1,2,3"),
        ] {
            // An explanation exactly when the core refuses the pair.
            let explained = explain_means(means, order).is_some();
            assert_eq!(explained, !means_match_order(means, order), "{} / {}", show(means), show(order));
        }
    }

    #[test]
    fn data_items() {
        assert_eq!(bad_data_item(b"<USE_CSS>;https://x/c.css</USE_CSS>;"), None);
        assert_eq!(bad_data_item(b"NB_PAYMENT=3;PERIOD=30;"), None);
        assert_eq!(bad_data_item(b"hello world"), Some("hello world".into()));
    }
}
