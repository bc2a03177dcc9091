//! Asks the sandbox the certificate (or key file) points at whether it would
//! accept the trial's payment request (`POST /sandbox/api/check`: the checks of its
//! payment page, nothing recorded), so that "all is well" here means the
//! sandbox will not answer Security error.

use super::catalogue as cat;
use super::{show_path, Doctor};
use crate::args;
use crate::lang::Text;
use crate::payment_server::ServerError;
use crate::urls::{is_loopback_host, url_parts};
use serde::Deserialize;
use std::io::{Read, Write};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(3);
/// The sandbox's answer is a few hundred bytes.
const MAX_ANSWER: u64 = 64 * 1024;
pub(crate) const CHECK_PATH: &str = "/sandbox/api/check";

/// The sandbox's verdict on a request (see `sandbox::backoffice::check`).
#[derive(Debug, Deserialize)]
struct Verdict {
    accepted: bool,
    #[serde(default)]
    message: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    advice: Option<Text>,
    /// Sips 2.0: the response code the error page shows.
    #[serde(default)]
    response_code: Option<String>,
}

/// A form POST over HTTP/1.1 to `host:port` (only this machine's addresses),
/// answered with (status, body).
fn post_form(host: &str, port: u16, path: &str, body: &str) -> Result<(u16, String), String> {
    let ip = if host.eq_ignore_ascii_case("localhost") { "127.0.0.1" } else { host.trim_matches(['[', ']']) };
    let addr = std::net::SocketAddr::new(ip.parse().map_err(|_| format!("{host}: not an address"))?, port);
    let mut stream = std::net::TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .and_then(|_| stream.set_write_timeout(Some(TIMEOUT)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.take(MAX_ANSWER).read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer.split_once("\r\n\r\n").ok_or("no HTTP answer")?;
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("no HTTP status")?;
    Ok((status, body.to_string()))
}

/// Runs when the certificate or key file names a server on this machine;
/// `form` is what the payment page would receive.
pub(crate) fn sandbox(d: &mut Doctor, form: &[(&str, &str)]) {
    let Some(credential) = d.credential.clone() else { return };
    let Some((_, host, port)) = url_parts(&credential.url).filter(|(_, host, _)| is_loopback_host(host)) else {
        return;
    };
    let origin = format!("http://{host}:{port}");
    let body = serde_urlencoded::to_string(form).unwrap_or_default();
    // Nothing listening was reported with the certificate's server.
    let Ok((status, answer)) = post_form(&host, port, CHECK_PATH, &body) else { return };
    let verdict = serde_json::from_str::<Verdict>(&answer).ok().filter(|_| status == 200);
    let Some(verdict) = verdict else {
        d.found(&cat::SANDBOX_UNKNOWN, &origin, args![origin = &origin, answer = format!("HTTP {status}")]);
        return;
    };
    if verdict.accepted {
        d.found(&cat::SANDBOX_ACCEPTS, &origin, args![origin = &origin]);
    } else if verdict.message == ServerError::SECURITY && credential.key.is_some() {
        let args = args![
            origin = &origin,
            detail = &verdict.detail,
            message = &verdict.message,
            code = verdict.response_code.as_deref().unwrap_or("?"),
            pathfile = &d.report.pathfile,
            path = show_path(&credential.path),
        ];
        d.found(&cat::SANDBOX_REFUSES_KEY_FILE, &origin, args).legacy(ServerError::shown(&verdict.message));
    } else if verdict.message == ServerError::SECURITY {
        let args = args![
            origin = &origin,
            detail = &verdict.detail,
            pathfile = &d.report.pathfile,
            certificate = show_path(&credential.path),
        ];
        d.found(&cat::SANDBOX_REFUSES_CERTIFICATE, &origin, args).legacy(ServerError::shown(&verdict.message));
    } else {
        let advice = verdict.advice.unwrap_or_default();
        let args = args![origin = &origin, detail = &verdict.detail, message = &verdict.message, advice = advice];
        d.found(&cat::SANDBOX_REFUSES_REQUEST, &origin, args).legacy(ServerError::shown(&verdict.message));
    }
}
