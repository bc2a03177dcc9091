//! The trial round trip: the core's `request` with this configuration, then a
//! server response built for its DATA (as the sandbox builds them) read back
//! by the core's `response`. Whatever fails is shown with the exact text the
//! executables print. On the way, the sandbox the certificate points at is
//! asked whether it would accept the request. A Sips 2.0 merchant's trial
//! is in [`trial_sips2`].

use super::catalogue::{self as cat, Entry};
use super::files::certificate_path;
use super::files::read;
use super::{faq_for, probe, show, trial_sips2, Doctor};
use crate::args;
use crate::core::inspect::{certificate, Field};
use crate::core::server::{decode, KeyMatrix, RequestData};
use crate::core::CallError;
use crate::payment_server::{echo_payment, Payment, ServerError, TEST_CARDS};

/// The amount of the trial request (cents): at least the 3 digits request requires.
const TRIAL_AMOUNT: &str = "100";
const TRIAL_CUSTOMER: &str = "doctor-trial";
const PLACEHOLDER_URL: &str = "http://127.0.0.1/doctor-trial";

/// `ACTION` of a request form and the value of its DATA field.
pub(crate) fn form_parts(form: &str) -> Option<(String, String)> {
    let action = form.split("ACTION=\"").nth(1)?.split('"').next()?.to_string();
    let data = form.split("NAME=DATA VALUE=\"").nth(1)?.split('"').next()?.to_string();
    Some((action, data))
}

pub(crate) fn run(d: &mut Doctor) {
    let Some(id) = d.merchant_id().map(str::to_string) else { return };
    if d.paths.is_none() {
        return;
    }
    let pathfile = format!("pathfile={}", show(&d.opts.pathfile));
    let Some(form) = request(d, &pathfile, &id) else { return };
    if let Some(fields) = trial_sips2::first_form(&form) {
        if let Some((subject, args, transaction_id)) = trial_sips2::run(d, &pathfile, fields) {
            answered(d, subject, &args, &transaction_id);
        }
        return;
    }
    let Some((_, data)) = form_parts(&form) else {
        d.found(&cat::TRIAL_NO_DATA, "request", &[]);
        return;
    };
    let Some((decoded, matrix)) = read_back(d, &id, &data) else { return };
    probe::sandbox(d, &[("DATA", data.as_str()), ("means", "CB")]);
    respond(d, &pathfile, &decoded, &matrix);
}

/// The shop's call; the form it prints.
fn request(d: &mut Doctor, pathfile: &str, id: &str) -> Option<String> {
    let mut args = vec![
        pathfile.to_string(),
        format!("merchant_id={id}"),
        format!("amount={TRIAL_AMOUNT}"),
        format!("customer_id={TRIAL_CUSTOMER}"),
    ];
    if d.setting(Field::MerchantCountry).is_none() || d.opts.country.is_some() {
        args.push(format!("merchant_country={}", d.country()));
    }
    // The shop may pass these itself; the trial then stands in for it.
    let mut supplied = Vec::new();
    for field in [Field::NormalReturnUrl, Field::CancelReturnUrl] {
        if d.setting(field).is_none() {
            args.push(format!("{}={PLACEHOLDER_URL}", field.def().name));
            supplied.push(field.def().name);
        }
    }
    let subject = format!("request {}", args.join(" "));
    let outcome = crate::core::request(&args);
    if let Some(error) = &outcome.error {
        failed(d, &cat::TRIAL_REQUEST_FAILS, subject, error);
        return None;
    }
    let form = show(&outcome.form);
    let Some(action) = form.split("ACTION=\"").nth(1).and_then(|rest| rest.split('"').next()) else {
        d.found(&cat::TRIAL_NO_DATA, "request", &[]);
        return None;
    };
    let f = d.found(&cat::TRIAL_REQUEST_OK, subject, args![action = action]);
    if !supplied.is_empty() {
        f.also(&cat::SUPPLIED_BY_TRIAL, args![names = supplied.join(", ")]);
    }
    Some(form)
}

/// The payment server's reading: the DATA decoded, its MAC checked with the certificate.
fn read_back(d: &mut Doctor, id: &str, data: &str) -> Option<(RequestData, KeyMatrix)> {
    let paths = d.paths.as_ref()?;
    let prefix = paths.certificate_prefix.as_deref().unwrap_or_default();
    let path = certificate_path(prefix, d.country(), id, None, &paths.ctype);
    let with_header = !paths.ctype.is_empty();
    let matrix = read(&path).ok().and_then(|c| certificate::parse(&c, with_header).matrix.ok());
    let (Some(matrix), Ok(decoded)) = (matrix, decode(data.as_bytes())) else {
        d.found(&cat::TRIAL_DATA_UNREADABLE, "response", &[]);
        return None;
    };
    if !decoded.mac_matches(&matrix) {
        let text = ServerError::shown(ServerError::SECURITY);
        d.found(&cat::TRIAL_MAC_MISMATCH, "response", &[]).legacy(text);
        return None;
    }
    Some((decoded, matrix))
}

/// An accepted payment's response, read by the core's `response`.
fn respond(d: &mut Doctor, pathfile: &str, decoded: &RequestData, matrix: &KeyMatrix) {
    let clear = decoded.clear_customer_id(matrix).unwrap_or_default();
    let payment = Payment::without_card("CB", TEST_CARDS[0].result.clone());
    let builder = echo_payment(decoded, &clear, &payment, &crate::core::now_local());
    let message = match builder.seal(matrix) {
        Ok(m) => m,
        Err(e) => {
            d.found(&cat::TRIAL_NO_RESPONSE, "response", args![error = e.to_string()]);
            return;
        }
    };
    let subject = format!("response {pathfile} message=…");
    let message_arg = [b"message=".as_slice(), &message].concat();
    answered(d, subject, &[pathfile.as_bytes().to_vec(), message_arg], decoded.get(Field::TransactionId));
}

/// The same number, whatever the leading zeros (Sips 2.0 drops them).
fn same_number(a: &[u8], b: &[u8]) -> bool {
    let trim = |v: &[u8]| v.iter().position(|&c| c != b'0').map_or(&b""[..], |i| &v[i..]).to_vec();
    trim(a) == trim(b)
}

/// The core's `response` on a payment server's answer to the trial request:
/// its amount, transaction id and customer id must come back.
fn answered(d: &mut Doctor, subject: String, args: &[Vec<u8>], transaction_id: &[u8]) {
    let outcome = crate::core::response(args);
    match outcome.error {
        None => {
            let echoed = outcome.field("amount") == Some(TRIAL_AMOUNT.as_bytes())
                && outcome.field("transaction_id").is_some_and(|id| same_number(id, transaction_id))
                && outcome.field("customer_id") == Some(TRIAL_CUSTOMER.as_bytes());
            let entry = if echoed { &cat::TRIAL_RESPONSE_OK } else { &cat::TRIAL_RESPONSE_DIFFERS };
            d.found(entry, subject, &[]);
        }
        Some(error) => failed(d, &cat::TRIAL_RESPONSE_FAILS, subject, &error),
    }
}

/// A failed call, with what the executables print and the FAQ entry of its error.
fn failed(d: &mut Doctor, entry: &Entry, subject: String, error: &CallError) {
    let f = d.found(entry, subject, &[]).legacy(error.to_string());
    if let Some(n) = match error {
        CallError::Api(e) => faq_for(e),
        CallError::Argument(_) => None,
    } {
        f.faq(n);
    }
}
