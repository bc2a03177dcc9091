//! The payment server the certificate names: the vendor's (gone), a remote
//! one, or a local sandbox (and whether it listens); and the vendor's public
//! demonstration merchant used outside a test setup.

use super::catalogue as cat;
use super::{show, Doctor};
use crate::args;
use crate::core::inspect::Field;
use crate::lang::Text;
use crate::urls::{is_loopback_host, url_parts};
use std::time::Duration;

/// The vendor's public demonstration merchant: its certificate shipped with every kit.
pub(crate) const PUBLIC_DEMO_MERCHANT: &str = "014213245611111";

/// How long the doctor waits for a local server to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(300);

/// Where the certificate's server URL points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    VendorDemo,
    VendorProduction,
    NotHttp,
    Remote,
    Local,
}

fn server_of(url: &str) -> Server {
    let lower = url.to_ascii_lowercase();
    if lower.contains("sogenactif.com") {
        return if lower.contains("/demo") { Server::VendorDemo } else { Server::VendorProduction };
    }
    match url_parts(url) {
        None => Server::NotHttp,
        Some((_, host, _)) if is_loopback_host(&host) => Server::Local,
        Some(_) => Server::Remote,
    }
}

/// Whether something accepts connections at the host and port of `url`.
pub(crate) fn listening(url: &str) -> Option<String> {
    let (_, host, port) = url_parts(url)?;
    let ip = if host.eq_ignore_ascii_case("localhost") { "127.0.0.1" } else { host.trim_matches(['[', ']']) };
    let addr = std::net::SocketAddr::new(ip.parse().ok()?, port);
    std::net::TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).ok().map(|_| addr.to_string())
}

pub(crate) fn classify(d: &mut Doctor, shown: &str, url: &str) {
    let subject = format!("{shown}: {url}");
    let server = server_of(url);
    match server {
        Server::VendorDemo => d.found(&cat::SERVER_VENDOR_DEMO, subject, &[]),
        Server::VendorProduction => d.found(&cat::SERVER_VENDOR_PRODUCTION, subject, &[]),
        Server::NotHttp => d.found(&cat::SERVER_NOT_HTTP, subject, &[]),
        Server::Remote => d.found(&cat::SERVER_REMOTE, subject, args![url = url]),
        Server::Local => match listening(url) {
            Some(_) => d.found(&cat::SERVER_SANDBOX_LISTENING, subject, args![url = url]),
            None => {
                let addr = url_parts(url).map(|(_, h, p)| format!("{h}:{p}")).unwrap_or_default();
                let args = args![url = url, addr = addr, pathfile = &d.report.pathfile];
                d.found(&cat::SERVER_SANDBOX_DOWN, subject, args)
            }
        },
    };
    public_demo_merchant(d, url, server);
}

/// A test setup, for the public demonstration merchant: its certificate
/// points at the vendor's demonstration server or at this machine, and the
/// shop's own addresses (return, cancel, automatic response) are on this
/// machine too. Anywhere else, anyone holding the public certificate can
/// forge a response the shop's `response` accepts as a payment.
fn public_demo_merchant(d: &mut Doctor, url: &str, server: Server) {
    if d.merchant_id() != Some(PUBLIC_DEMO_MERCHANT) {
        return;
    }
    let why = match server {
        Server::VendorDemo | Server::Local => outside_shop_url(d),
        _ => Some(cat::DEMO_SERVER_ELSEWHERE.fill(args![url = url])),
    };
    if let Some(why) = why {
        d.found(&cat::PUBLIC_DEMO_CERTIFICATE, PUBLIC_DEMO_MERCHANT, args![id = PUBLIC_DEMO_MERCHANT, why = why]);
    }
}

/// The first shop address that is not on this machine.
fn outside_shop_url(d: &Doctor) -> Option<Text> {
    let keys = [
        (Field::NormalReturnUrl, "RETURN_URL"),
        (Field::CancelReturnUrl, "CANCEL_URL"),
        (Field::AutomaticResponseUrl, "AUTO_RESPONSE_URL"),
    ];
    keys.into_iter().find_map(|(field, key)| {
        let url = show(d.setting(field)?);
        let local = url_parts(&url).is_some_and(|(_, host, _)| is_loopback_host(&host));
        (!local).then(|| cat::DEMO_SHOP_ELSEWHERE.fill(args![key = key, url = url]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_by_url() {
        assert_eq!(server_of("https://paiement.sogenactif.com/cgis-payment-sogenactif/demo"), Server::VendorDemo);
        assert_eq!(server_of("https://paiement.sogenactif.com/cgis-payment-sogenactif/prod"), Server::VendorProduction);
        assert_eq!(server_of("http://127.0.0.1:8090/cgis-payment/demo"), Server::Local);
        assert_eq!(server_of("http://localhost:8090/x"), Server::Local);
        assert_eq!(server_of("https://pay.example/x"), Server::Remote);
        assert_eq!(server_of("ftp://x"), Server::NotHttp);
    }
}
