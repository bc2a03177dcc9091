//! P600 (2006), an i386 build: 38 arguments, seven fewer keywords (hence
//! none of P615's aliases), no `F_CTYPE` (bare certificates, no header
//! checks, no records 076–078), no statement_reference, customer_phone or
//! confirm_template, bgcolor/textcolor of 6, 256-byte parmcom lines, plain
//! separator messages, no language conversion, the SIPS-only sentences; a
//! response of 30 values without the `.old` certificate.

use super::tables::{concat, without_fields, without_slots};
use super::{kw, p615, Keyword, Profile, RequestProfile, ResponseProfile, Sentences, Store};
use crate::fields::Field::{self, *};
use crate::fields::Slot;

pub(crate) static PROFILE: Profile = Profile {
    name: "P600",
    request: RequestProfile {
        max_arguments: 38,
        too_many_arguments: "invalid number of arguments (must be < 38 )",
        keywords: &KEYWORDS,
        parmcom_fields: &PARMCOM_FIELDS,
        parmcom_line: 256,
        length_checks: &LENGTH_CHECKS,
        max_overrides: &[(Bgcolor, 6), (Textcolor, 6)],
        extra_digit_checks: &[],
        records: &RECORDS,
        debug_rows: &DEBUG_ROWS,
        converts_languages: false,
        sentences: Sentences::SipsOnly,
    },
    response: ResponseProfile {
        printed: &PRINTED,
        length_checks: &RESPONSE_LENGTH_CHECKS,
        max_overrides: &[(Slot::PaymentMeans, 12), (Slot::AuthorisationId, 10)],
        debug_rows: &RESPONSE_DEBUG_ROWS,
        converts_languages: false,
        old_certificate: false,
        message_buffer: usize::MAX,
        longest_message: Some(21_515),
    },
    reads_ctype: false,
    decorated_separators: false,
    long_bits: 32,
};

/// Fields P600 does not have.
const ABSENT: [Field; 3] = [StatementReference, CustomerPhone, ConfirmTemplate];
/// Certificate header fields (no `F_CTYPE`, no header).
const HEADER: [Field; 3] = [CertificateExpired, CertificateVersion, CertificateType];

const KEYWORDS: [Keyword; 37] = without_keywords(
    p615::KEYWORDS,
    &[
        "browser_type",
        "confirm_template",
        "customer_phone",
        "order_validity",
        "statement_reference",
        "textfont",
        "transaction_condition",
    ],
);

const PARMCOM_FIELDS: [Field; 34] = without_fields(p615::PARMCOM_FIELDS, &ABSENT);
const LENGTH_CHECKS: [Field; 42] = without_fields(p615::LENGTH_CHECKS, &ABSENT);
const RECORDS: [Field; 38] = without_fields(p615::RECORDS, &concat::<Field, 3, 3, 6>(ABSENT, HEADER));
const DEBUG_ROWS: [Field; 43] = without_fields(p615::DEBUG_ROWS, &concat::<Field, 3, 3, 6>(ABSENT, HEADER));

/// `list` without the named keywords, bgcolor and textcolor at most 6.
const fn without_keywords<const A: usize, const N: usize>(list: [Keyword; A], drop: &[&str]) -> [Keyword; N] {
    let mut out = [list[0]; N];
    let (mut i, mut n) = (0, 0);
    while i < A {
        let mut k = list[i];
        if !names_one_of(k.keyword, drop) {
            if let Store::Field(f @ (Bgcolor | Textcolor)) = k.store {
                k = kw(k.keyword, f, 6);
            }
            out[n] = k;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "without_keywords: wrong length");
    out
}

const fn names_one_of(name: &str, list: &[&str]) -> bool {
    let mut i = 0;
    while i < list.len() {
        if bytes_equal(name.as_bytes(), list[i].as_bytes()) {
            return true;
        }
        i += 1;
    }
    false
}

const fn bytes_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The first 30 of P615's values (merchant_id … data).
const PRINTED: [Slot; 30] = first_30(p615::response::PRINTED);

const fn first_30(all: [Slot; 42]) -> [Slot; 30] {
    let mut out = [all[0]; 30];
    let mut i = 0;
    while i < 30 {
        out[i] = all[i];
        i += 1;
    }
    out
}

/// Values P600 does not read at all (codes 073, 114, 116–123).
const UNREAD: [Slot; 10] = [
    Slot::StatementReference,
    Slot::CardValidity,
    Slot::ScoreValue,
    Slot::ScoreColor,
    Slot::ScoreInfo,
    Slot::ScoreThreshold,
    Slot::ScoreProfile,
    Slot::Upan,
    Slot::ThreedLsCode,
    Slot::ThreedRelegationCode,
];

const RESPONSE_DEBUG_ROWS: [Slot; 31] = without_slots(p615::response::RESPONSE_DEBUG_ROWS, &UNREAD);
const RESPONSE_LENGTH_CHECKS: [(Slot, &str); 29] = without_checks(p615::response::RESPONSE_LENGTH_CHECKS);

const fn without_checks<const A: usize, const N: usize>(list: [(Slot, &'static str); A]) -> [(Slot, &'static str); N] {
    let mut out = [list[0]; N];
    let (mut i, mut n) = (0, 0);
    while i < A {
        let mut unread = false;
        let mut j = 0;
        while j < UNREAD.len() {
            unread |= UNREAD[j] as u8 == list[i].0 as u8;
            j += 1;
        }
        if !unread {
            out[n] = list[i];
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "without_checks: wrong length");
    out
}
