//! The host names the sandbox answers to. A browser page on another site
//! could point its own domain name at 127.0.0.1 (DNS rebinding) and read the
//! back office's JSON, which holds payment DATA and customer ids in clear:
//! requests naming any other host are refused.

use crate::urls::is_loopback_host;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// This machine's names, the listening address and the names given with `--host`.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    /// Lower-case names besides the loopback ones.
    names: Vec<String>,
}

/// The host part of a `Host` header value (`name`, `name:port`, `[v6]:port`).
fn host_name(value: &str) -> &str {
    match value.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => value.rsplit_once(':').map_or(value, |(name, _)| name),
    }
}

impl AllowedHosts {
    /// For a server listening on `listen`, also reached under `extra` names.
    pub fn new(listen: SocketAddr, extra: &[String]) -> AllowedHosts {
        let mut names: Vec<String> = extra.iter().map(|n| host_name(n).to_ascii_lowercase()).collect();
        if !listen.ip().is_unspecified() {
            names.push(listen.ip().to_string());
        }
        AllowedHosts { names }
    }

    /// Whether a request with this `Host` header is answered. Browsers always
    /// send one; a request without (HTTP/1.0 tools) cannot come from a page.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(value) = host else { return true };
        let name = host_name(value.trim()).to_ascii_lowercase();
        is_loopback_host(&name) || self.names.contains(&name)
    }

    /// The names accepted, for messages.
    pub fn describe(&self) -> String {
        let mut all = vec!["localhost".to_string(), "127.0.0.1".into(), "[::1]".into()];
        all.extend(self.names.iter().cloned());
        all.join(", ")
    }
}

/// Refuses a request for another host with 421 (Misdirected Request).
pub async fn guard(State(hosts): State<Arc<AllowedHosts>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if hosts.allows(host.as_deref()) {
        return next.run(request).await;
    }
    let message = format!(
        "sogen sandbox: Host {} is not one of this server's names ({}); start it with --host NAME to be reached under another name.\n",
        host.unwrap_or_default(),
        hosts.describe()
    );
    (StatusCode::MISDIRECTED_REQUEST, message).into_response()
}

/// The warning printed when the server listens beyond this machine.
pub fn listen_warning(listen: SocketAddr) -> Option<String> {
    if listen.ip().is_loopback() {
        return None;
    }
    Some(format!(
        "warning: listening on {listen}, reachable from other machines: the back office shows payment DATA and customer ids in clear to whoever reaches it; \
         listen on 127.0.0.1 unless other machines must pay here (they must then use a name given with --host)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_and_configured_names_only() {
        let hosts = AllowedHosts::new("0.0.0.0:8090".parse().unwrap(), &["Sandbox.Test".into()]);
        for host in ["localhost:8090", "127.0.0.1:8090", "[::1]:8090", "LOCALHOST", "sandbox.test:8090", "sandbox.test"]
        {
            assert!(hosts.allows(Some(host)), "{host}");
        }
        for host in ["evil.example", "evil.example:8090", "0.0.0.0:8090", "127.0.0.1.evil.example", ""] {
            assert!(!hosts.allows(Some(host)), "{host}");
        }
        assert!(hosts.allows(None));
        let lan = AllowedHosts::new("192.168.1.5:8090".parse().unwrap(), &[]);
        assert!(lan.allows(Some("192.168.1.5:8090")) && !lan.allows(Some("192.168.1.6:8090")));
    }

    #[test]
    fn listening_beyond_loopback_is_said() {
        assert_eq!(listen_warning("127.0.0.1:8090".parse().unwrap()), None);
        assert_eq!(listen_warning("[::1]:8090".parse().unwrap()), None);
        for addr in ["0.0.0.0:8090", "192.168.1.5:8090", "[::]:8090"] {
            assert!(listen_warning(addr.parse().unwrap()).unwrap().contains("other machines"), "{addr}");
        }
    }
}
