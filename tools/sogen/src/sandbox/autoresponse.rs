//! The automatic response (FAQ 3): the response posted to the merchant's
//! automatic response URL from the server's side — `DATA` in SIPS 1.0,
//! `Data`, `Seal`, `Encode` and `InterfaceVersion` in Sips 2.0 —, each
//! delivery recorded.

use super::state::AppState;
use super::store::{Attempt, Transaction};

/// The fields a transaction's response posts, as stored with it.
pub fn response_fields(t: &Transaction) -> Vec<(String, String)> {
    let data = &t.result.response_data;
    if t.request.protocol == "V2" {
        serde_urlencoded::from_str(data).unwrap_or_default()
    } else {
        vec![("DATA".to_string(), data.clone())]
    }
}

/// Posts the response to the merchant's automatic response URL: SENT on
/// HTTP 200, FAILED otherwise, UNDEFINED without a URL.
pub async fn send(http: &reqwest::Client, url: &str, fields: &[(String, String)]) -> (&'static str, String) {
    if url.is_empty() {
        return ("UNDEFINED", String::new());
    }
    match http.post(url).form(fields).send().await {
        Ok(r) if r.status() == reqwest::StatusCode::OK => ("SENT", "HTTP 200".into()),
        Ok(r) => ("FAILED", format!("HTTP {}", r.status().as_u16())),
        Err(e) => ("FAILED", e.to_string()),
    }
}

/// Sends the automatic response of a completed transaction and records the attempt.
pub async fn deliver(
    state: &AppState,
    tx: &Transaction,
    fields: &[(String, String)],
) -> Result<Attempt, rusqlite::Error> {
    let url = &tx.request.automatic_response_url;
    let (status, detail) = send(&state.http, url, fields).await;
    let attempt = Attempt {
        attempted_at: super::store::timestamp(&crate::core::now_local()),
        url: url.clone(),
        status: status.into(),
        detail,
    };
    state.store.record_attempt(tx.id, &attempt)?;
    Ok(attempt)
}
