//! The card page both protocols lead to: a transaction recorded and shown
//! with the test cards, and its result recorded once the card is chosen.

use super::cards::Mistake;
use super::state::{internal, AppState};
use super::store::{Completion, InsertError, NewTransaction, Transaction};
use crate::currency::format_amount;
use crate::payment_server::{ServerError, TEST_CARDS};
use axum::response::Response;
use serde::{Deserialize, Serialize};

/// A payment session's token: 128 random bits in hex.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 16];
    crate::core::certgen::os_random(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Records a transaction and shows its card page; `None` when its
/// transaction id was already used that day (the caller's refusal).
pub(crate) fn start_payment(state: &AppState, new: &NewTransaction) -> Option<Response> {
    match state.store.insert(new) {
        Ok(_) => {}
        Err(InsertError::Duplicate) => return None,
        Err(InsertError::Database(e)) => return Some(internal(e)),
    }
    Some(match state.store.by_token(&new.token) {
        Ok(Some(tx)) => card_page(state, &tx, &[], &CardForm::default()),
        Ok(None) => internal("transaction vanished"),
        Err(e) => internal(e),
    })
}

#[derive(Serialize)]
struct CardView {
    number: &'static str,
    label: &'static str,
    response_code: &'static str,
    bank_response_code: &'static str,
    cvv_response_code: &'static str,
}

pub(crate) fn card_page(state: &AppState, tx: &Transaction, mistakes: &[Mistake], form: &CardForm) -> Response {
    let cards: Vec<CardView> = TEST_CARDS
        .iter()
        .map(|c| CardView {
            number: c.number,
            label: c.label,
            response_code: c.result.response_code,
            bank_response_code: c.result.bank_response_code,
            cvv_response_code: c.result.cvv_response_code,
        })
        .collect();
    let wrong: Vec<_> = mistakes.iter().map(|m| m.input).collect();
    let r = &tx.request;
    state.render(
        "card.html",
        minijinja::context! {
            token => r.token, merchant_id => r.merchant_id, merchant_country => r.merchant_country,
            transaction_id => r.transaction_id, order_id => r.order_id,
            amount => format_amount(&r.amount, &r.currency_code), means => r.payment_means,
            mistakes => mistakes, wrong => wrong, card_number => form.card_number, expiry => form.expiry, cards => cards,
            protocol => r.protocol,
        },
    )
}

#[derive(Deserialize, Default)]
pub(crate) struct CardForm {
    #[serde(default)]
    pub(crate) action: String,
    #[serde(default)]
    pub(crate) card_number: String,
    #[serde(default)]
    pub(crate) expiry: String,
    #[serde(default)]
    pub(crate) cvv: String,
}

/// Records a payment's result; a page when it cannot be (completed meanwhile).
pub(crate) fn record(state: &AppState, tx: &Transaction, completion: &Completion) -> Result<(), Box<Response>> {
    match state.store.complete(&tx.request.token, completion) {
        Ok(true) => Ok(()),
        Ok(false) => {
            let detail = format!("transaction_id {} was completed meanwhile", tx.request.transaction_id);
            Err(Box::new(state.refusal_page(&ServerError::AlreadyProcessed(detail).into())))
        }
        Err(e) => Err(Box::new(internal(e))),
    }
}
