//! The back office: the transactions (a page and JSON), a page per
//! transaction with its request, its result and every delivery of its
//! automatic response (which can be sent again), and the check the doctor
//! asks for (would this request be accepted?).

use super::autoresponse;
use super::checkout::verify;
use super::paypage;
use super::state::{internal, AppState};
use super::store::{Attempt, Transaction};
use crate::currency::format_amount;
use crate::urls::url_parts;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A transaction as the pages show it.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    t: &'a Transaction,
    amount_text: String,
    protocol_name: &'static str,
}

fn row(t: &Transaction) -> Row<'_> {
    let protocol_name = if t.request.protocol == "V2" { "Sips 2.0" } else { "SIPS 1.0" };
    Row { t, amount_text: format_amount(&t.request.amount, &t.request.currency_code), protocol_name }
}

pub(crate) async fn list(State(state): State<Arc<AppState>>) -> Response {
    match state.store.list(None, None) {
        Ok(list) => {
            let rows: Vec<Row> = list.iter().map(row).collect();
            state.render("backoffice.html", minijinja::context! { transactions => rows })
        }
        Err(e) => internal(e),
    }
}

/// The transaction and its deliveries, or the page saying there is none.
fn transaction(state: &AppState, id: i64) -> Result<(Transaction, Vec<Attempt>), Box<Response>> {
    match state.store.by_id(id) {
        Ok(Some(t)) => state.store.attempts(id).map(|a| (t, a)).map_err(|e| Box::new(internal(e))),
        Ok(None) => Err(Box::new((StatusCode::NOT_FOUND, format!("no transaction {id}")).into_response())),
        Err(e) => Err(Box::new(internal(e))),
    }
}

pub(crate) async fn page(State(state): State<Arc<AppState>>, UrlPath(id): UrlPath<i64>) -> Response {
    let (t, attempts) = match transaction(&state, id) {
        Ok(found) => found,
        Err(page) => return *page,
    };
    let fields: Vec<(String, String)> = match &t.request.request_fields {
        serde_json::Value::Object(map) => {
            map.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()
        }
        _ => Vec::new(),
    };
    let context = minijinja::context! {
        t => row(&t), fields => fields, attempts => attempts,
        can_resend => !t.result.response_data.is_empty(),
    };
    state.render("transaction.html", context)
}

/// Whether a browser request comes from a page of this server: a page of
/// another site may post forms here, and says so in `Origin`.
fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else { return true };
    let host = url_parts(origin).map(|(_, host, port)| format!("{host}:{port}"));
    host.is_some_and(|h| state.hosts.allows(Some(&h)))
}

/// `POST /sandbox/transactions/{id}/resend`: the automatic response again.
pub(crate) async fn resend(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<i64>,
    headers: HeaderMap,
) -> Response {
    if !same_origin(&state, &headers) {
        return (StatusCode::FORBIDDEN, "sogen sandbox: only the back office's own page may ask for this")
            .into_response();
    }
    let t = match transaction(&state, id) {
        Ok((t, _)) => t,
        Err(page) => return *page,
    };
    if t.result.response_data.is_empty() {
        return (StatusCode::CONFLICT, "this transaction has no response yet: nothing to send").into_response();
    }
    let fields = autoresponse::response_fields(&t);
    match autoresponse::deliver(&state, &t, &fields).await {
        Ok(_) => Redirect::to(&format!("/sandbox/transactions/{id}")).into_response(),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    merchant_id: Option<String>,
    transaction_id: Option<String>,
}

pub(crate) async fn api_list(State(state): State<Arc<AppState>>, Query(q): Query<ListQuery>) -> Response {
    match state.store.list(q.merchant_id.as_deref(), q.transaction_id.as_deref()) {
        Ok(list) => Json(serde_json::json!({ "transactions": list })).into_response(),
        Err(e) => internal(e),
    }
}

pub(crate) async fn api_one(State(state): State<Arc<AppState>>, UrlPath(id): UrlPath<i64>) -> Response {
    match transaction(&state, id) {
        Ok((t, attempts)) => {
            Json(serde_json::json!({ "transaction": t, "automatic_responses": attempts })).into_response()
        }
        Err(page) => *page,
    }
}

#[derive(Deserialize, Default)]
struct CheckForm {
    #[serde(rename = "DATA", default)]
    data: String,
    #[serde(default)]
    means: String,
}

/// `POST /sandbox/api/check`: whether the payment page would be shown for
/// this request — `DATA` and `means` (SIPS 1.0), or the Paypage POST fields
/// `Data`, `Seal`… (Sips 2.0) —, and if not the error the customer would
/// see. Nothing is recorded.
pub(crate) async fn check(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let sips2 = paypage::posted(&body);
    let verdict = if !sips2.data.is_empty() {
        paypage::verify(&state, &sips2).map(|v| ("key_file", v.found.path))
    } else {
        let form: CheckForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        let means = if form.means.is_empty() { "CB" } else { &form.means };
        verify(&state, form.data.trim(), means).map(|(_, found, _)| ("certificate", found.path))
    };
    let verdict = match verdict {
        Ok((kind, path)) => serde_json::json!({ "accepted": true, kind: path.display().to_string() }),
        Err(refusal) => serde_json::json!({
            "accepted": false,
            "message": refusal.error.message(),
            "detail": refusal.error.detail(),
            "advice": refusal.advice(),
            "how": refusal.how,
            "response_code": refusal.response_code,
        }),
    };
    Json(verdict).into_response()
}
