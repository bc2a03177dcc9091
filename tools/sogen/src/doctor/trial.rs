//! The trial round trip: the core's `request` with this configuration, then a
//! server response built for its DATA (as the sandbox builds them) read back
//! by the core's `response`. Whatever fails is shown with the exact text the
//! executables print. On the way, the sandbox the certificate points at is
//! asked whether it would accept the request.

use super::catalogue::{self as cat, Entry};
use super::certificate::certificate_path;
use super::files::read;
use super::{faq_for, probe, show, Doctor};
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
    let Some(data) = request(d, &pathfile, &id) else { return };
    let Some((decoded, matrix)) = read_back(d, &id, &data) else { return };
    probe::sandbox(d, &data);
    respond(d, &pathfile, &decoded, &matrix);
}

/// The shop's call; the DATA of its form.
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
    let Some((action, data)) = form_parts(&show(&outcome.form)) else {
        d.found(&cat::TRIAL_NO_DATA, "request", &[]);
        return None;
    };
    let f = d.found(&cat::TRIAL_REQUEST_OK, subject, args![action = action]);
    if !supplied.is_empty() {
        f.also(&cat::SUPPLIED_BY_TRIAL, args![names = supplied.join(", ")]);
    }
    Some(data)
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
    let outcome = crate::core::response(&[pathfile.as_bytes(), &message_arg]);
    match outcome.error {
        None => {
            let echoed = outcome.field("amount") == Some(TRIAL_AMOUNT.as_bytes())
                && outcome.field("transaction_id") == Some(decoded.get(Field::TransactionId))
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
