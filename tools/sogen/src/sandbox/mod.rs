//! `sogen sandbox`: a local payment server answering where a generated test
//! certificate points (`<server URL>/callpayment`), so an unchanged merchant
//! integration runs a whole payment on one machine.
//!
//! Routes:
//! * `POST <any path>/callpayment` — the form of `request` (DATA + the clicked card);
//! * `POST /sandbox/pay/{token}` — the card page's submission (pay or cancel);
//! * `GET /` and `GET /sandbox/` — the back office; `GET /sandbox/api/transactions` — JSON;
//! * `GET /logo/{NAME}.gif` — card logos; `GET /sandbox/health` — `ok`.

pub mod merchants;
pub mod payment;
pub mod store;

use crate::currency::format_amount;
use crate::doctor::{t, Text};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use merchants::Merchants;
use payment::{Payment, ServerError, Status};
use serde::{Deserialize, Serialize};
use sogen::inspect::Field;
use sogen::server::{decode_request, RequestData};
use sogen::Environment;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::{Completion, InsertError, NewTransaction, Store, Transaction};

/// How long the server waits for the merchant's automatic response page.
const AUTO_RESPONSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The sandbox's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub merchants: Merchants,
}

/// Everything the handlers share.
pub struct AppState {
    store: Store,
    merchants: Merchants,
    pages: minijinja::Environment<'static>,
    http: reqwest::Client,
}

impl AppState {
    pub fn new(store: Store, merchants: Merchants) -> Result<AppState, String> {
        let mut pages = minijinja::Environment::new();
        for (name, source) in [
            ("base.html", include_str!("../../templates/base.html")),
            ("card.html", include_str!("../../templates/card.html")),
            ("receipt.html", include_str!("../../templates/receipt.html")),
            ("error.html", include_str!("../../templates/error.html")),
            ("backoffice.html", include_str!("../../templates/backoffice.html")),
        ] {
            pages.add_template(name, source).map_err(|e| e.to_string())?;
        }
        // No proxy: the automatic response goes where the merchant said, not through the environment's proxy.
        let http = reqwest::Client::builder()
            .timeout(AUTO_RESPONSE_TIMEOUT)
            .no_proxy()
            .user_agent("sogen-sandbox")
            .build()
            .map_err(|e| e.to_string())?;
        Ok(AppState { store, merchants, pages, http })
    }

    fn render(&self, name: &str, context: impl Serialize) -> Response {
        match self.pages.get_template(name).and_then(|t| t.render(context)) {
            Ok(html) => Html(html).into_response(),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("template {name}: {e}")).into_response(),
        }
    }

    fn error_page(&self, error: &ServerError) -> Response {
        let status = match error {
            ServerError::Security(_) => StatusCode::FORBIDDEN,
            ServerError::Invalid(_) => StatusCode::BAD_REQUEST,
            ServerError::AlreadyProcessed(_) => StatusCode::CONFLICT,
        };
        let mut page = self.render(
            "error.html",
            minijinja::context! { message => error.message(), detail => error.detail(), advice => error.advice() },
        );
        *page.status_mut() = status;
        page
    }
}

/// The router (tests serve it on a port of their choosing).
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/sandbox/") }))
        .route("/sandbox/", get(backoffice))
        .route("/sandbox/api/transactions", get(api_transactions))
        .route("/sandbox/pay/{token}", post(pay))
        .route("/sandbox/health", get(|| async { "ok" }))
        .route("/logo/{file}", get(logo))
        .fallback(fallback)
        .with_state(state)
}

/// Serves until `shutdown` resolves; prints where once listening.
pub async fn serve(
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    for source in &config.merchants.sources {
        source.check()?;
    }
    let store = Store::open(&config.db).map_err(|e| format!("{}: {e}", config.db.display()))?;
    let state = Arc::new(AppState::new(store, config.merchants.clone())?);
    let listener = tokio::net::TcpListener::bind(config.listen).await.map_err(|e| format!("{}: {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // Whoever started the server may have stopped reading its output: never fail on that.
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "sogen sandbox listening on http://{addr}");
    let _ = writeln!(out, "  payment requests: POST http://{addr}/<certificate path>/callpayment");
    let _ = writeln!(out, "  back office:      http://{addr}/sandbox/   (JSON: /sandbox/api/transactions)");
    let _ = writeln!(out, "  database:         {}", config.db.display());
    let _ = out.flush();
    drop(out);
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await.map_err(|e| e.to_string())
}

/// `sogen sandbox` arguments.
pub const USAGE: &str = "usage: sogen sandbox [--listen 127.0.0.1:8090] [--pathfile P]... [--cert-dir DIR]...
                    [--db sogen-sandbox.sqlite]

A local payment server: the payment form of `request` posts to the server URL in
the merchant's certificate + /callpayment; generate a certificate pointing here
(sogen cert --url http://127.0.0.1:8090/cgis-payment/demo …). Merchants'
certificates are found through their pathfile (F_CERTIFICATE, F_CTYPE) or in a
directory of certif.<country>.<merchant_id>[.<type>] files. Stop with Ctrl-C or
SIGTERM.";

pub fn parse_args(args: &[String]) -> Result<Config, String> {
    let mut config = Config {
        listen: "127.0.0.1:8090".parse().map_err(|_| "address")?,
        db: PathBuf::from("sogen-sandbox.sqlite"),
        merchants: Merchants::default(),
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => config.listen = value()?.parse().map_err(|e| format!("--listen: {e}"))?,
            "--db" => config.db = PathBuf::from(value()?),
            "--pathfile" => config.merchants.sources.push(merchants::Source::Pathfile(value()?.into())),
            "--cert-dir" => config.merchants.sources.push(merchants::Source::Directory(value()?.into())),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if config.merchants.sources.is_empty() {
        return Err("give --pathfile (the shop's pathfile) or --cert-dir (a directory of certificates)".into());
    }
    Ok(config)
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(config: Config) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(serve(config, async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
        }
    }))
}

fn now_local() -> sogen::CivilTime {
    let env = sogen::SystemEnvironment;
    env.local(env.now())
}

fn timestamp(c: &sogen::CivilTime) -> String {
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

fn random_token() -> String {
    let mut bytes = [0u8; 16];
    sogen::certgen::os_random(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The request's fields for the back office (customer_id in clear).
fn fields_json(req: &RequestData, customer_id: &[u8]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (field, value) in req.fields() {
        let value = if field == Field::CustomerId { customer_id } else { value };
        map.insert(
            field.def().name.to_string(),
            serde_json::Value::String(String::from_utf8_lossy(value).into_owned()),
        );
    }
    serde_json::Value::Object(map)
}

/// Reads and checks a request DATA: its merchant's certificate, its MAC, its fields.
fn verify(state: &AppState, data: &str, means: &str) -> Result<(RequestData, merchants::Found, Vec<u8>), ServerError> {
    if data.is_empty() {
        return Err(ServerError::Invalid("the form has no DATA field".into()));
    }
    let req = decode_request(data.as_bytes()).map_err(|e| ServerError::Invalid(e.to_string()))?;
    let (id, country) = (req.text(Field::MerchantId), req.text(Field::MerchantCountry));
    // Both become part of a file name: only the shapes the executables produce.
    if id.is_empty() || id.len() > 15 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ServerError::Invalid(format!("merchant_id ({id}) is not 1 to 15 digits")));
    }
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(ServerError::Invalid(format!("merchant_country ({country}) is not two lower-case letters")));
    }
    let found = state.merchants.find(&country, &id).map_err(ServerError::Security)?;
    if !req.mac_matches(&found.matrix) {
        return Err(ServerError::Security(format!(
            "the request's MAC does not verify with the certificate {}: the shop signed it with another certificate",
            found.path.display()
        )));
    }
    let customer_id = req.clear_customer_id(&found.matrix).unwrap_or_default();
    payment::validate(&req, &customer_id, means)?;
    Ok((req, found, customer_id))
}

#[derive(Serialize)]
struct CardView {
    number: &'static str,
    label: &'static str,
    response_code: &'static str,
    bank_response_code: &'static str,
    cvv_response_code: &'static str,
}

fn card_page(state: &AppState, tx: &Transaction, error: Option<Text>, card_number: &str, expiry: &str) -> Response {
    let cards: Vec<CardView> = payment::TEST_CARDS
        .iter()
        .map(|c| CardView {
            number: c.number,
            label: c.label,
            response_code: c.outcome.response_code,
            bank_response_code: c.outcome.bank_response_code,
            cvv_response_code: c.outcome.cvv_response_code,
        })
        .collect();
    state.render(
        "card.html",
        minijinja::context! {
            token => tx.request.token, merchant_id => tx.request.merchant_id, merchant_country => tx.request.merchant_country,
            transaction_id => tx.request.transaction_id, order_id => tx.request.order_id,
            amount => format_amount(&tx.request.amount, &tx.request.currency_code), means => tx.request.payment_means,
            error => error, card_number => card_number, expiry => expiry, cards => cards,
        },
    )
}

/// `POST …/callpayment` and the 404s.
async fn fallback(State(state): State<Arc<AppState>>, method: Method, uri: Uri, body: Bytes) -> Response {
    if method != Method::POST || !uri.path().ends_with("/callpayment") {
        return (StatusCode::NOT_FOUND, Html("<h1>404</h1><p>Payment requests go to …/callpayment; the back office is at <a href=\"/sandbox/\">/sandbox/</a>.</p>")).into_response();
    }
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let data = form.iter().find(|(k, _)| k == "DATA").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    // An <INPUT TYPE=IMAGE NAME=CB> sends CB.x and CB.y: the card the customer clicked.
    let means = form.iter().find_map(|(k, _)| k.strip_suffix(".x")).unwrap_or("").to_string();
    let (req, _found, customer_id) = match verify(&state, &data, &means) {
        Ok(v) => v,
        Err(e) => return state.error_page(&e),
    };
    let now = now_local();
    let new = NewTransaction {
        token: random_token(),
        created_at: timestamp(&now),
        merchant_id: req.text(Field::MerchantId),
        merchant_country: req.text(Field::MerchantCountry),
        transaction_id: req.text(Field::TransactionId),
        transmission_date: req.text(Field::TransmissionDate),
        amount: req.text(Field::Amount),
        currency_code: req.text(Field::CurrencyCode),
        payment_means: means,
        order_id: req.text(Field::OrderId),
        customer_id: String::from_utf8_lossy(&customer_id).into_owned(),
        normal_return_url: req.text(Field::NormalReturnUrl),
        cancel_return_url: req.text(Field::CancelReturnUrl),
        automatic_response_url: req.text(Field::AutomaticResponseUrl),
        request_fields: fields_json(&req, &customer_id),
        request_data: data,
    };
    match state.store.insert(&new) {
        Ok(_) => {}
        Err(InsertError::Duplicate) => {
            return state.error_page(&ServerError::AlreadyProcessed(format!(
                "transaction_id {} was already used on {} by merchant {}",
                new.transaction_id,
                &new.transmission_date[..8],
                new.merchant_id
            )))
        }
        Err(InsertError::Database(e)) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
    match state.store.by_token(&new.token) {
        Ok(Some(tx)) => card_page(&state, &tx, None, "", ""),
        Ok(None) => (StatusCode::INTERNAL_SERVER_ERROR, "transaction vanished").into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[derive(Deserialize, Default)]
struct CardForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    expiry: String,
    #[serde(default)]
    cvv: String,
}

/// Posts the response DATA to the merchant's automatic response URL: SENT on
/// HTTP 200, FAILED otherwise, UNDEFINED without a URL (FAQ 3).
pub async fn send_automatic_response(http: &reqwest::Client, url: &str, data: &str) -> (&'static str, String) {
    if url.is_empty() {
        return ("UNDEFINED", String::new());
    }
    match http.post(url).form(&[("DATA", data)]).send().await {
        Ok(r) if r.status() == reqwest::StatusCode::OK => ("SENT", "HTTP 200".into()),
        Ok(r) => ("FAILED", format!("HTTP {}", r.status().as_u16())),
        Err(e) => ("FAILED", e.to_string()),
    }
}

/// `POST /sandbox/pay/{token}`: the card page's answer.
async fn pay(State(state): State<Arc<AppState>>, UrlPath(token): UrlPath<String>, body: Bytes) -> Response {
    let form: CardForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let tx = match state.store.by_token(&token) {
        Ok(Some(tx)) => tx,
        Ok(None) => return state.error_page(&ServerError::Invalid("unknown payment session".into())),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    if tx.result.status != Status::Pending.as_str() {
        return state.error_page(&ServerError::AlreadyProcessed(format!(
            "transaction_id {} is already {}",
            tx.request.transaction_id, tx.result.status
        )));
    }
    let payment = if form.action == "cancel" {
        Payment::cancelled(&tx.request.payment_means)
    } else {
        let now = now_local();
        match payment::decide(
            &tx.request.payment_means,
            &form.card_number,
            &form.expiry,
            &form.cvv,
            (now.year, now.month),
        ) {
            Ok(p) => p,
            Err(message) => return card_page(&state, &tx, Some(message), &form.card_number, &form.expiry),
        }
    };
    // The request as the shop sent it: decoded and verified again, then answered.
    let (req, found, customer_id) = match verify(&state, &tx.request.request_data, &tx.request.payment_means) {
        Ok(v) => v,
        Err(e) => return state.error_page(&e),
    };
    let now = now_local();
    let builder = payment::echo_payment(&req, &customer_id, &payment, &now);
    let data = match builder.seal(&found.matrix) {
        Ok(d) => String::from_utf8_lossy(&d).into_owned(),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("response: {e}")).into_response(),
    };
    let values = builder.values();
    let value = |s| String::from_utf8_lossy(values.get(s)).into_owned();
    use sogen::inspect::Slot;
    let completion = Completion {
        status: payment.outcome.status.as_str().into(),
        response_code: payment.outcome.response_code.into(),
        bank_response_code: payment.outcome.bank_response_code.into(),
        cvv_response_code: payment.outcome.cvv_response_code.into(),
        authorisation_id: value(Slot::AuthorisationId),
        payment_certificate: value(Slot::PaymentCertificate),
        card_number: payment.card_number.clone(),
        payment_date: value(Slot::PaymentDate),
        payment_time: value(Slot::PaymentTime),
        response_data: data.clone(),
    };
    match state.store.complete(&token, &completion) {
        Ok(true) => {}
        Ok(false) => {
            return state.error_page(&ServerError::AlreadyProcessed(format!(
                "transaction_id {} was completed meanwhile",
                tx.request.transaction_id
            )))
        }
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
    // The automatic response leaves before the receipt is shown, as the real server sent it.
    let (auto_status, auto_detail) =
        send_automatic_response(&state.http, &tx.request.automatic_response_url, &data).await;
    if let Err(e) = state.store.set_automatic_response(&token, auto_status, &auto_detail) {
        return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    let accepted = payment.outcome.status == Status::Accepted;
    let title = match payment.outcome.status {
        Status::Accepted => t("Payment accepted", "Paiement accepté"),
        Status::Cancelled => t("Payment cancelled", "Paiement annulé"),
        _ => t("Payment refused", "Paiement refusé"),
    };
    let d = &completion.payment_date;
    let tm = &completion.payment_time;
    state.render(
        "receipt.html",
        minijinja::context! {
            status => payment.outcome.status.as_str(), title => title,
            merchant_id => tx.request.merchant_id, merchant_country => tx.request.merchant_country,
            transaction_id => tx.request.transaction_id, order_id => tx.request.order_id,
            amount => format_amount(&tx.request.amount, &tx.request.currency_code),
            payment_date => format!("{}/{}/{}", &d[6..8], &d[4..6], &d[..4]),
            payment_time => format!("{}:{}:{}", &tm[..2], &tm[2..4], &tm[4..6]),
            means => tx.request.payment_means, card_number => completion.card_number,
            authorisation_id => completion.authorisation_id, payment_certificate => completion.payment_certificate,
            response_code => completion.response_code, bank_response_code => completion.bank_response_code,
            cvv_response_code => completion.cvv_response_code,
            auto_status => auto_status, auto_detail => auto_detail,
            return_url => if accepted { &tx.request.normal_return_url } else { &tx.request.cancel_return_url },
            data => data,
        },
    )
}

#[derive(Deserialize)]
struct ListQuery {
    merchant_id: Option<String>,
    transaction_id: Option<String>,
}

async fn api_transactions(State(state): State<Arc<AppState>>, Query(q): Query<ListQuery>) -> Response {
    match state.store.list(q.merchant_id.as_deref(), q.transaction_id.as_deref()) {
        Ok(list) => Json(serde_json::json!({ "transactions": list })).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn backoffice(State(state): State<Arc<AppState>>) -> Response {
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        t: &'a Transaction,
        amount_text: String,
    }
    match state.store.list(None, None) {
        Ok(list) => {
            let rows: Vec<Row> = list
                .iter()
                .map(|t| Row { t, amount_text: format_amount(&t.request.amount, &t.request.currency_code) })
                .collect();
            state.render("backoffice.html", minijinja::context! { transactions => rows })
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn logo(UrlPath(file): UrlPath<String>) -> Response {
    let Some(name) = file.strip_suffix(".gif") else { return StatusCode::NOT_FOUND.into_response() };
    if name.is_empty() || name.len() > 20 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    ([(header::CONTENT_TYPE, "image/gif"), (header::CACHE_CONTROL, "max-age=3600")], crate::gif::logo_gif(name))
        .into_response()
}
