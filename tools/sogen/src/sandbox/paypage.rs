//! Sips 2.0 "Paypage POST" at `…/paymentInit`, where the key file of a
//! merchant that moved to today's Sogenactif points its forms (`Data`,
//! `Seal`, `SealAlgorithm`, `Encode`, `InterfaceVersion`). Checked as Sips
//! checks it — the seal and the key version first, a failure being the
//! error page with responseCode 34 —, recorded, answered with the card page.
//! The result goes back to `normalReturnUrl` (Sips 2.0 has no cancel URL: a
//! cancel comes back there with 17) and to `automaticResponseUrl`, sealed
//! with the algorithm the request was sealed with. The same
//! s10TransactionId twice the same day is refused with 94.

use super::cardpage::{random_token, record, start_payment};
use super::merchants::KeyFound;
use super::state::{internal, AppState, Refusal, ReturnForm};
use super::store::{timestamp, Completion, NewTransaction, Transaction};
use crate::core::server::sips2::{build_response, merchant_id, read_request, PaymentRequest, PostFields, Sips2Error};
use crate::payment_server::sips2::{brand, response_items, validate, DUPLICATE, S10_TRANSACTION_ID};
use crate::payment_server::{Payment, ServerError};
use axum::response::Response;

/// A posted request, checked, with the merchant's key file.
pub(crate) struct Verified {
    pub request: PaymentRequest,
    pub found: KeyFound,
}

/// The Paypage POST fields of a URL-encoded form body.
pub(crate) fn posted(body: &[u8]) -> PostFields {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    PostFields::from_pairs(pairs.iter().map(|(k, v)| (k.as_bytes(), v.as_bytes())))
}

/// Fields as text pairs (what a form posts).
fn text_pairs(form: &PostFields) -> Vec<(String, String)> {
    form.pairs().into_iter().map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v).into_owned())).collect()
}

/// The refusal for a form Sips cannot read or verify.
fn unread(e: Sips2Error, key_file: Option<&KeyFound>) -> Refusal {
    match key_file {
        Some(found) if e.is_seal_failure() => {
            let detail = format!(
                "{e}: the shop did not seal this form with the secret key and key version of {}",
                found.path.display()
            );
            Refusal::sips2(ServerError::Security(detail), "34")
        }
        _ => Refusal::sips2(ServerError::Invalid(e.to_string()), "30"),
    }
}

/// Reads and checks a posted form: its merchant's key file, its seal and
/// key version, then its values.
pub(crate) fn verify(state: &AppState, form: &PostFields) -> Result<Verified, Refusal> {
    if form.data.is_empty() {
        return Err(Refusal::sips2(ServerError::Invalid("the form has no Data field".into()), "30"));
    }
    let id = merchant_id(form).map_err(|e| unread(e, None))?;
    // It becomes part of a file name: only the shape merchant ids have.
    if id.len() > 15 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::sips2(ServerError::Invalid(format!("merchantId ({id}) is not 1 to 15 digits")), "12"));
    }
    let found = state.merchants.find_key_file(&id).map_err(|missing| Refusal {
        how: missing.how,
        ..Refusal::sips2(ServerError::Security(missing.detail), "03")
    })?;
    let request = read_request(form, &found.key).map_err(|e| unread(e, Some(&found)))?;
    validate(&request.items).map_err(|e| Refusal::sips2(e, "12"))?;
    Ok(Verified { request, found })
}

fn new_transaction(v: &Verified, form: &PostFields) -> NewTransaction {
    let items = &v.request.items;
    let now = crate::core::now_local();
    let fields: serde_json::Map<String, serde_json::Value> =
        items.iter().map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v).into_owned().into())).collect();
    NewTransaction {
        token: random_token(),
        created_at: timestamp(&now),
        merchant_id: items.text("merchantId"),
        merchant_country: v.found.country.clone(),
        transaction_id: items.text(S10_TRANSACTION_ID),
        // Sips dates an s10TransactionId with its own local day.
        transmission_date: String::from_utf8_lossy(&now.stamp14()).into_owned(),
        amount: items.text("amount"),
        currency_code: items.text("currencyCode"),
        payment_means: brand(items),
        order_id: items.text("orderId"),
        customer_id: items.text("customerId"),
        normal_return_url: items.text("normalReturnUrl"),
        cancel_return_url: String::new(),
        automatic_response_url: items.text("automaticResponseUrl"),
        request_fields: serde_json::Value::Object(fields),
        request_data: serde_urlencoded::to_string(text_pairs(form)).unwrap_or_default(),
        protocol: "V2".into(),
    }
}

/// `POST …/paymentInit`: the card page, or Sips's error page.
pub(crate) fn payment_init(state: &AppState, body: &[u8]) -> Response {
    let form = posted(body);
    let verified = match verify(state, &form) {
        Ok(v) => v,
        Err(refusal) => return state.refusal_page(&refusal),
    };
    let new = new_transaction(&verified, &form);
    start_payment(state, &new).unwrap_or_else(|| duplicate(state, &verified, &new))
}

/// The same s10TransactionId again the same day: the error page with 94,
/// and a sealed response saying so that the customer may take to the shop
/// (which must not take it for news of the first payment with that id).
fn duplicate(state: &AppState, v: &Verified, new: &NewTransaction) -> Response {
    let detail =
        format!("{S10_TRANSACTION_ID} {} was already used today by merchant {}", new.transaction_id, new.merchant_id);
    let back = sealed(v, &Payment::without_card(&new.payment_means, DUPLICATE))
        .ok()
        .map(|(_, fields)| Box::new(ReturnForm { url: new.normal_return_url.clone(), fields }));
    state.refusal_page(&Refusal { back, ..Refusal::sips2(ServerError::AlreadyProcessed(detail), "94") })
}

/// The response items for `payment` and the fields that post them, sealed
/// as the request was.
fn sealed(
    v: &Verified,
    payment: &Payment,
) -> Result<(crate::core::server::sips2::Items, Vec<(String, String)>), Sips2Error> {
    let (local, utc) = crate::core::now_local_and_utc();
    let items = response_items(&v.request.items, payment, (&local, &utc));
    let reply = build_response(&items, &v.found.key, v.request.seal_algorithm, v.request.base64_response)?;
    Ok((items, text_pairs(&reply)))
}

/// The response for a payment: sealed, recorded; its return form goes to normalReturnUrl.
pub(crate) fn complete(
    state: &AppState,
    tx: &Transaction,
    payment: &Payment,
) -> Result<(Completion, ReturnForm), Box<Response>> {
    // The request as the shop posted it: verified again, then answered.
    let v = verify(state, &posted(tx.request.request_data.as_bytes())).map_err(|r| Box::new(state.refusal_page(&r)))?;
    let (items, fields) = sealed(&v, payment).map_err(|e| Box::new(internal(format!("response: {e}"))))?;
    let time = items.text("transactionDateTime");
    let completion = Completion {
        status: payment.result.status.as_str().into(),
        response_code: items.text("responseCode"),
        bank_response_code: items.text("acquirerResponseCode"),
        cvv_response_code: items.text("cardCSCResultCode"),
        authorisation_id: items.text("authorisationId"),
        payment_certificate: String::new(),
        card_number: payment.card_number.clone(),
        payment_date: items.text("s10TransactionIdDate"),
        payment_time: time.get(11..19).unwrap_or_default().replace(':', ""),
        response_data: serde_urlencoded::to_string(&fields).unwrap_or_default(),
    };
    record(state, tx, &completion)?;
    Ok((completion, ReturnForm { url: tx.request.normal_return_url.clone(), fields }))
}
