//! The customer's path through the server: the form of `request` posted to
//! `…/callpayment` (SIPS 1.0) or `…/paymentInit` (Sips 2.0, in [`paypage`])
//! checked, recorded, answered with the card page; then the card page's
//! submission (the payment decided, the response sealed, the automatic
//! response sent, the receipt shown).

use super::autoresponse;
use super::cardpage::{card_page, random_token, record, start_payment, CardForm};
use super::cards;
use super::merchants::Found;
use super::paypage;
use super::state::{internal, AppState, Refusal, ReturnForm};
use super::store::{Completion, NewTransaction, Transaction};
use crate::core::inspect::{Field, Slot};
use crate::core::server::{decode, RequestData};
use crate::currency::format_amount;
use crate::lang::t;
use crate::payment_server::{echo_payment, validate, CardResult, Payment, ServerError, Status};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;

/// The request's fields for the back office (customer_id in clear).
fn fields_json(req: &RequestData, customer_id: &[u8]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (field, value) in req.fields() {
        let value = if field == Field::CustomerId { customer_id } else { value };
        let text = serde_json::Value::String(String::from_utf8_lossy(value).into_owned());
        map.insert(field.def().name.to_string(), text);
    }
    serde_json::Value::Object(map)
}

/// Reads and checks a request DATA: its merchant's certificate, its MAC, its
/// fields. Gives the request, the certificate and the clear customer_id.
pub(crate) fn verify(state: &AppState, data: &str, means: &str) -> Result<(RequestData, Found, Vec<u8>), Refusal> {
    if data.is_empty() {
        return Err(ServerError::Invalid("the form has no DATA field".into()).into());
    }
    let req = decode(data.as_bytes()).map_err(|e| ServerError::Invalid(e.to_string()))?;
    let (id, country) = (req.text(Field::MerchantId), req.text(Field::MerchantCountry));
    // Both become part of a file name: only the shapes the executables produce.
    if id.is_empty() || id.len() > 15 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ServerError::Invalid(format!("merchant_id ({id}) is not 1 to 15 digits")).into());
    }
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(ServerError::Invalid(format!("merchant_country ({country}) is not two lower-case letters")).into());
    }
    let found = state
        .merchants
        .find(&country, &id)
        .map_err(|missing| Refusal { how: missing.how, ..ServerError::Security(missing.detail).into() })?;
    if !req.mac_matches(&found.matrix) {
        let detail = format!(
            "the request's MAC does not verify with the certificate {}: the shop signed it with another certificate",
            found.path.display()
        );
        return Err(ServerError::Security(detail).into());
    }
    let customer_id = req.clear_customer_id(&found.matrix).unwrap_or_default();
    validate(&req, &customer_id, means)?;
    Ok((req, found, customer_id))
}

fn new_transaction(req: &RequestData, customer_id: &[u8], means: String, data: String) -> NewTransaction {
    NewTransaction {
        token: random_token(),
        created_at: super::store::timestamp(&crate::core::now_local()),
        merchant_id: req.text(Field::MerchantId),
        merchant_country: req.text(Field::MerchantCountry),
        transaction_id: req.text(Field::TransactionId),
        transmission_date: req.text(Field::TransmissionDate),
        amount: req.text(Field::Amount),
        currency_code: req.text(Field::CurrencyCode),
        payment_means: means,
        order_id: req.text(Field::OrderId),
        customer_id: String::from_utf8_lossy(customer_id).into_owned(),
        normal_return_url: req.text(Field::NormalReturnUrl),
        cancel_return_url: req.text(Field::CancelReturnUrl),
        automatic_response_url: req.text(Field::AutomaticResponseUrl),
        request_fields: fields_json(req, customer_id),
        request_data: data,
        protocol: "V1".into(),
    }
}

/// `POST …/callpayment` and `POST …/paymentInit`; anything else the router
/// does not know is a 404.
pub(crate) async fn fallback(State(state): State<Arc<AppState>>, method: Method, uri: Uri, body: Bytes) -> Response {
    match uri.path() {
        path if method == Method::POST && path.ends_with("/callpayment") => callpayment(&state, &body),
        path if method == Method::POST && path.ends_with("/paymentInit") => paypage::payment_init(&state, &body),
        _ => {
            let page = "<h1>404</h1><p>Payment requests go to …/callpayment (SIPS 1.0) or …/paymentInit (Sips 2.0); \
                the back office is at <a href=\"/sandbox/\">/sandbox/</a>.</p>";
            (StatusCode::NOT_FOUND, Html(page)).into_response()
        }
    }
}

/// The form of a SIPS 1.0 `request`: DATA and the card clicked.
fn callpayment(state: &AppState, body: &[u8]) -> Response {
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let data = form.iter().find(|(k, _)| k == "DATA").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    // An <INPUT TYPE=IMAGE NAME=CB> sends CB.x and CB.y: the card the customer clicked.
    let means = form.iter().find_map(|(k, _)| k.strip_suffix(".x")).unwrap_or("").to_string();
    let (req, _found, customer_id) = match verify(state, &data, &means) {
        Ok(v) => v,
        Err(refusal) => return state.refusal_page(&refusal),
    };
    let new = new_transaction(&req, &customer_id, means, data);
    start_payment(state, &new).unwrap_or_else(|| state.refusal_page(&already_used(&new).into()))
}

/// Transaction already processed: the id was used that day (day of the transmission date).
fn already_used(new: &NewTransaction) -> ServerError {
    let day = new.transmission_date.get(..8).unwrap_or_default();
    let detail =
        format!("transaction_id {} was already used on {day} by merchant {}", new.transaction_id, new.merchant_id);
    ServerError::AlreadyProcessed(detail)
}

/// The transaction of a card page, still waiting for its card.
fn pending(state: &AppState, token: &str) -> Result<Transaction, Box<Response>> {
    let tx = match state.store.by_token(token) {
        Ok(Some(tx)) => tx,
        Ok(None) => {
            return Err(Box::new(state.refusal_page(&ServerError::Invalid("unknown payment session".into()).into())))
        }
        Err(e) => return Err(Box::new(internal(e))),
    };
    if tx.result.status != Status::Pending.as_str() {
        let detail = format!("transaction_id {} is already {}", tx.request.transaction_id, tx.result.status);
        return Err(Box::new(state.refusal_page(&ServerError::AlreadyProcessed(detail).into())));
    }
    Ok(tx)
}

/// `POST /sandbox/pay/{token}`: the card page's answer.
pub(crate) async fn pay(State(state): State<Arc<AppState>>, UrlPath(token): UrlPath<String>, body: Bytes) -> Response {
    let form: CardForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let tx = match pending(&state, &token) {
        Ok(tx) => tx,
        Err(page) => return *page,
    };
    let means = &tx.request.payment_means;
    let payment = if form.action == "cancel" {
        Payment::without_card(means, CardResult::CANCELLED)
    } else {
        let now = crate::core::now_local();
        match cards::decide(means, &form.card_number, &form.expiry, &form.cvv, (now.year, now.month)) {
            Ok(p) => p,
            Err(mistakes) => return card_page(&state, &tx, &mistakes, &form),
        }
    };
    let done = match tx.request.protocol.as_str() {
        "V2" => paypage::complete(&state, &tx, &payment),
        _ => complete(&state, &tx, &payment),
    };
    let (completion, back) = match done {
        Ok(done) => done,
        Err(page) => return *page,
    };
    // The automatic response leaves before the receipt is shown, as the real server sent it.
    let attempt = match autoresponse::deliver(&state, &tx, &back.fields).await {
        Ok(a) => a,
        Err(e) => return internal(e),
    };
    receipt(&state, &tx, &payment, &completion, (&attempt.status, &attempt.detail), &back)
}

/// The response for the payment: sealed with the merchant's key, recorded;
/// with the return form (the normal return URL for an accepted payment, the
/// cancel one otherwise).
fn complete(state: &AppState, tx: &Transaction, payment: &Payment) -> Result<(Completion, ReturnForm), Box<Response>> {
    // The request as the shop sent it: decoded and verified again, then answered.
    let (req, found, customer_id) = verify(state, &tx.request.request_data, &tx.request.payment_means)
        .map_err(|r| Box::new(state.refusal_page(&r)))?;
    let builder = echo_payment(&req, &customer_id, payment, &crate::core::now_local());
    let data = builder.seal(&found.matrix).map_err(|e| Box::new(internal(format!("response: {e}"))))?;
    let data = String::from_utf8_lossy(&data).into_owned();
    let value = |slot: Slot| String::from_utf8_lossy(builder.values().get(slot)).into_owned();
    let result = &payment.result;
    let completion = Completion {
        status: result.status.as_str().into(),
        response_code: result.response_code.into(),
        bank_response_code: result.bank_response_code.into(),
        cvv_response_code: result.cvv_response_code.into(),
        authorisation_id: value(Slot::AuthorisationId),
        payment_certificate: value(Slot::PaymentCertificate),
        card_number: payment.card_number.clone(),
        payment_date: value(Slot::PaymentDate),
        payment_time: value(Slot::PaymentTime),
        response_data: data.clone(),
    };
    record(state, tx, &completion)?;
    let r = &tx.request;
    let url = if result.status == Status::Accepted { &r.normal_return_url } else { &r.cancel_return_url };
    Ok((completion, ReturnForm { url: url.clone(), fields: vec![("DATA".into(), data)] }))
}

fn receipt(
    state: &AppState,
    tx: &Transaction,
    payment: &Payment,
    c: &Completion,
    (auto_status, auto_detail): (&str, &str),
    back: &ReturnForm,
) -> Response {
    let status = payment.result.status;
    let title = match status {
        Status::Accepted => t("Payment accepted", "Paiement accepté"),
        Status::Cancelled => t("Payment cancelled", "Paiement annulé"),
        _ => t("Payment refused", "Paiement refusé"),
    };
    let r = &tx.request;
    let (d, tm) = (&c.payment_date, &c.payment_time);
    let part = |s: &str, range: std::ops::Range<usize>| s.get(range).unwrap_or_default().to_string();
    state.render(
        "receipt.html",
        minijinja::context! {
            status => status.as_str(), title => title,
            merchant_id => r.merchant_id, merchant_country => r.merchant_country,
            transaction_id => r.transaction_id, order_id => r.order_id,
            amount => format_amount(&r.amount, &r.currency_code),
            payment_date => format!("{}/{}/{}", part(d, 6..8), part(d, 4..6), part(d, 0..4)),
            payment_time => format!("{}:{}:{}", part(tm, 0..2), part(tm, 2..4), part(tm, 4..6)),
            means => r.payment_means, card_number => c.card_number,
            authorisation_id => c.authorisation_id, payment_certificate => c.payment_certificate,
            response_code => c.response_code, bank_response_code => c.bank_response_code,
            cvv_response_code => c.cvv_response_code,
            auto_status => auto_status, auto_detail => auto_detail, back => back,
        },
    )
}
