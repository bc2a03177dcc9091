//! The automatic response (FAQ 3): the response DATA posted to the
//! merchant's `automatic_response_url` from the server's side, each delivery
//! recorded.

use super::state::AppState;
use super::store::{Attempt, Transaction};

/// Posts the response DATA to the merchant's automatic response URL: SENT on
/// HTTP 200, FAILED otherwise, UNDEFINED without a URL.
pub async fn send(http: &reqwest::Client, url: &str, data: &str) -> (&'static str, String) {
    if url.is_empty() {
        return ("UNDEFINED", String::new());
    }
    match http.post(url).form(&[("DATA", data)]).send().await {
        Ok(r) if r.status() == reqwest::StatusCode::OK => ("SENT", "HTTP 200".into()),
        Ok(r) => ("FAILED", format!("HTTP {}", r.status().as_u16())),
        Err(e) => ("FAILED", e.to_string()),
    }
}

/// Sends the automatic response of a completed transaction and records the attempt.
pub async fn deliver(state: &AppState, tx: &Transaction, data: &str) -> Result<Attempt, rusqlite::Error> {
    let url = &tx.request.automatic_response_url;
    let (status, detail) = send(&state.http, url, data).await;
    let attempt = Attempt {
        attempted_at: super::store::timestamp(&crate::core::now_local()),
        url: url.clone(),
        status: status.into(),
        detail,
    };
    state.store.record_attempt(tx.id, &attempt)?;
    Ok(attempt)
}
