//! The little the tools need to know about URLs and host names.

/// Scheme, host and port of an absolute http(s) URL.
pub fn url_parts(url: &str) -> Option<(&'static str, String, u16)> {
    let (scheme, rest, default) = if let Some(r) = url.strip_prefix("http://") {
        ("http", r, 80)
    } else if let Some(r) = url.strip_prefix("https://") {
        ("https", r, 443)
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = match authority.rsplit_once(':').filter(|(h, _)| !h.ends_with(']') || h.starts_with('[')) {
        Some((h, p)) if !p.contains(']') => (h.to_string(), p.parse().ok()?),
        _ => (authority.to_string(), default),
    };
    (!host.is_empty()).then_some((scheme, host, port))
}

/// `scheme://host:port` of an absolute http(s) URL.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, host, port) = url_parts(url)?;
    Some(format!("{scheme}://{host}:{port}"))
}

/// A name or address of this machine only: `localhost`, `127.x.x.x`, `::1`
/// (with or without brackets).
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_urls() {
        assert_eq!(url_parts("http://127.0.0.1:8000/x"), Some(("http", "127.0.0.1".into(), 8000)));
        assert_eq!(url_parts("https://shop.example/a?b"), Some(("https", "shop.example".into(), 443)));
        assert_eq!(url_parts("http://[::1]:8090/p"), Some(("http", "[::1]".into(), 8090)));
        assert_eq!(url_parts("/call_response.php"), None);
        assert_eq!(url_parts("http://host:notaport/"), None);
        assert_eq!(origin("http://localhost/cgis-payment/demo").as_deref(), Some("http://localhost:80"));
    }

    #[test]
    fn loopback_names() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.4.5.6", "[::1]", "::1", "app.localhost"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["example.com", "10.0.0.1", "0.0.0.0", "localhost.example.com", "[::]"] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
