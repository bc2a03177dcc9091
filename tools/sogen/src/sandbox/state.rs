//! What the handlers share: the store, the merchants' certificates, the
//! page templates, the HTTP client of the automatic response, and the
//! answers every handler gives the same way.

use super::hosts::AllowedHosts;
use super::merchants::Merchants;
use super::store::Store;
use crate::faq;
use crate::lang::Text;
use crate::payment_server::ServerError;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// How long the server waits for the merchant's automatic response page.
const AUTO_RESPONSE_TIMEOUT: Duration = Duration::from_secs(10);

const TEMPLATES: [(&str, &str); 7] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("return_form.html", include_str!("../../templates/return_form.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("receipt.html", include_str!("../../templates/receipt.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("backoffice.html", include_str!("../../templates/backoffice.html")),
    ("transaction.html", include_str!("../../templates/transaction.html")),
];

/// A refusal of the payment server and, when there is one, how to avoid it.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub error: ServerError,
    pub how: Option<Text>,
    /// Sips 2.0: the responseCode its error page states (34 for a seal…).
    pub response_code: Option<&'static str>,
    /// Sips 2.0: a sealed response the customer may take back to the shop.
    pub back: Option<Box<ReturnForm>>,
}

impl From<ServerError> for Refusal {
    fn from(error: ServerError) -> Refusal {
        Refusal { error, how: None, response_code: None, back: None }
    }
}

impl Refusal {
    /// A Sips 2.0 refusal, with the response code its page states.
    pub fn sips2(error: ServerError, response_code: &'static str) -> Refusal {
        Refusal { response_code: Some(response_code), ..Refusal::from(error) }
    }

    /// What to do about it (a Sips 2.0 security error is about the key file).
    pub fn advice(&self) -> Text {
        match self.response_code {
            Some(_) => crate::payment_server::sips2::advice(&self.error),
            None => self.error.advice(),
        }
    }
}

/// What a "back to the shop" button posts, and where.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnForm {
    pub url: String,
    pub fields: Vec<(String, String)>,
}

/// Everything the handlers share.
pub struct AppState {
    pub(crate) store: Store,
    pub(crate) merchants: Merchants,
    pub(crate) hosts: Arc<AllowedHosts>,
    pages: minijinja::Environment<'static>,
    pub(crate) http: reqwest::Client,
}

impl AppState {
    pub fn new(store: Store, merchants: Merchants, hosts: AllowedHosts) -> Result<AppState, String> {
        let mut pages = minijinja::Environment::new();
        for (name, source) in TEMPLATES {
            pages.add_template(name, source).map_err(|e| e.to_string())?;
        }
        // No proxy: the automatic response goes where the merchant said, not through the environment's proxy.
        let http = reqwest::Client::builder()
            .timeout(AUTO_RESPONSE_TIMEOUT)
            .no_proxy()
            .user_agent("sogen-sandbox")
            .build()
            .map_err(|e| e.to_string())?;
        Ok(AppState { store, merchants, hosts: Arc::new(hosts), pages, http })
    }

    pub(crate) fn render(&self, name: &str, context: impl Serialize) -> Response {
        match self.pages.get_template(name).and_then(|t| t.render(context)) {
            Ok(html) => Html(html).into_response(),
            Err(e) => internal(format!("template {name}: {e}")),
        }
    }

    /// The payment server's error page (FAQ 27), red on yellow.
    pub(crate) fn refusal_page(&self, refusal: &Refusal) -> Response {
        let error = &refusal.error;
        let status = match error {
            ServerError::Security(_) => StatusCode::FORBIDDEN,
            ServerError::Invalid(_) => StatusCode::BAD_REQUEST,
            ServerError::AlreadyProcessed(_) => StatusCode::CONFLICT,
        };
        // FAQ 27 is the SIPS 1.0 kit's.
        let faq = faq::entry(27).map(|e| e.title).filter(|_| refusal.response_code.is_none());
        let context = minijinja::context! {
            message => error.message(), detail => error.detail(), advice => refusal.advice(), how => refusal.how, faq => faq,
            response_code => refusal.response_code, back => refusal.back,
        };
        let mut page = self.render("error.html", context);
        *page.status_mut() = status;
        page
    }
}

/// A failure of the sandbox itself (its database, a template).
pub(crate) fn internal(e: impl std::fmt::Display) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
}
