//! `sogen sandbox`: a local payment server answering where a generated test
//! certificate points (`<server URL>/callpayment`) and where a Sips 2.0 key
//! file points (`…/paymentInit`), so an unchanged merchant integration runs a
//! whole payment on one machine.
//!
//! Routes:
//! * `POST <any path>/callpayment` — the form of `request` (DATA + the clicked card);
//! * `POST <any path>/paymentInit` — a Sips 2.0 form (Data, Seal…: [`paypage`]);
//! * `POST /sandbox/pay/{token}` — the card page's submission (pay or cancel);
//! * `GET /` and `GET /sandbox/` — the back office; `GET /sandbox/transactions/{id}` — one
//!   transaction, `POST …/resend` — its automatic response again;
//! * `GET /sandbox/api/transactions[/{id}]` — JSON; `POST /sandbox/api/check` — would a
//!   request be accepted (for the doctor);
//! * `GET /logo/{NAME}.gif` — card logos; `GET /sandbox/health` — `ok`.

mod autoresponse;
mod backoffice;
mod cardpage;
mod cards;
mod checkout;
pub mod cli;
pub mod hosts;
pub mod merchants;
mod paypage;
mod state;
pub mod store;

pub use cli::{parse_args, Config, USAGE};
pub use hosts::AllowedHosts;
pub use state::AppState;

use axum::extract::Path as UrlPath;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::process::ExitCode;
use std::sync::Arc;
use store::Store;

/// The router (tests serve it on a port of their choosing).
pub fn router(state: Arc<AppState>) -> Router {
    let hosts = state.hosts.clone();
    Router::new()
        .route("/", get(|| async { Redirect::to("/sandbox/") }))
        .route("/sandbox/", get(backoffice::list))
        .route("/sandbox/transactions/{id}", get(backoffice::page))
        .route("/sandbox/transactions/{id}/resend", post(backoffice::resend))
        .route("/sandbox/api/transactions", get(backoffice::api_list))
        .route("/sandbox/api/transactions/{id}", get(backoffice::api_one))
        .route("/sandbox/api/check", post(backoffice::check))
        .route("/sandbox/pay/{token}", post(checkout::pay))
        .route("/sandbox/health", get(|| async { "ok" }))
        .route("/logo/{file}", get(logo))
        .fallback(checkout::fallback)
        .layer(axum::middleware::from_fn_with_state(hosts, hosts::guard))
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
    let hosts = AllowedHosts::new(config.listen, &config.hosts);
    let state = Arc::new(AppState::new(store, config.merchants.clone(), hosts)?);
    let listener = tokio::net::TcpListener::bind(config.listen).await.map_err(|e| format!("{}: {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if let Some(warning) = hosts::listen_warning(addr) {
        eprintln!("sogen sandbox: {warning}");
    }
    // Whoever started the server may have stopped reading its output: never fail on that.
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "sogen sandbox listening on http://{addr}");
    let _ = writeln!(out, "  payment requests: POST http://{addr}/<certificate path>/callpayment");
    let _ = writeln!(out, "  Sips 2.0:         POST http://{addr}/paymentInit");
    let _ = writeln!(out, "  back office:      http://{addr}/sandbox/   (JSON: /sandbox/api/transactions)");
    let _ = writeln!(out, "  database:         {}", config.db.display());
    let _ = out.flush();
    drop(out);
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await.map_err(|e| e.to_string())
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(config: Config) -> Result<(), String> {
    use tokio::signal::unix::{signal, SignalKind};
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        // Registered before the address is printed: whoever reads it may stop the server at once.
        let mut term = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
        let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
        serve(config, async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = interrupt.recv() => {}
            }
        })
        .await
    })
}

/// `sogen sandbox …`.
pub fn main(args: &[String]) -> ExitCode {
    match parse_args(args) {
        Ok(config) => match run(config) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sogen sandbox: {e}");
                ExitCode::FAILURE
            }
        },
        Err(stop) => stop.exit("sogen sandbox", USAGE),
    }
}

async fn logo(UrlPath(file): UrlPath<String>) -> Response {
    let Some(name) = file.strip_suffix(".gif") else { return StatusCode::NOT_FOUND.into_response() };
    let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if name.is_empty() || name.len() > 20 || !plain {
        return StatusCode::NOT_FOUND.into_response();
    }
    ([(header::CONTENT_TYPE, "image/gif"), (header::CACHE_CONTROL, "max-age=3600")], crate::gif::logo_gif(name))
        .into_response()
}
