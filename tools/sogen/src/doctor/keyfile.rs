//! A Sips 2.0 key file in the certificate's place: who may read it, what the
//! core's parser says of it (the legacy text `request` prints when it cannot
//! use it), where its forms post, a public test key where payments are real;
//! and, for every credential file of the configuration, whether its merchant
//! is a SIPS 1.0 or a Sips 2.0 one. No value of a key file is ever shown:
//! the secret may be on any line.

use super::catalogue as cat;
use super::files::certificate_path;
use super::files::{mode, read, siblings};
use super::server::listening;
use super::{show, show_path, traps, Credential, Doctor};
use crate::args;
use crate::core::inspect::keyfile::{self, KeyFile, SealAlgorithm, SecretKey};
use crate::core::legacy;
use crate::key::ENVIRONMENTS;
use crate::urls::{is_loopback_host, url_parts};

pub(crate) fn check(d: &mut Doctor, path: &[u8], content: &[u8]) {
    let shown = show_path(path);
    if let Some(m) = mode(path).filter(|m| m & 0o007 != 0) {
        d.found(&cat::KEYFILE_READABLE_BY_ALL, &shown, args![mode = format!("{m:o}"), path = &shown]);
    }
    traps::check_secret(d, path, content);
    let key = match keyfile::parse(content) {
        Ok(key) => key,
        Err(e) => {
            let detail = e.detail();
            d.found(&cat::KEYFILE_INVALID, &shown, args![detail = &detail]).legacy(legacy::key_file(path, &detail));
            return;
        }
    };
    let args = args![
        version = show(&key.key_version),
        algorithm = key.seal_algorithm.name(),
        interface = show(&key.interface_version),
        charset = key.shop_charset.name(),
        length = key.secret_key.len(),
    ];
    d.found(&cat::KEYFILE_OK, &shown, args);
    if key.seal_algorithm == SealAlgorithm::Sha256 {
        d.found(&cat::KEYFILE_OLDER_SEAL, &shown, &[]);
    }
    let url = show(&key.payment_url);
    let production = server(d, &shown, &url);
    public_key(d, &key, production);
    d.credential = Some(Credential { path: path.to_vec(), url, key: Some(key) });
}

/// The Sogenactif environment whose host `url` names, with its Paypage POST address.
fn sogenactif(url: &str) -> Option<(&'static str, &'static str)> {
    let (_, host, _) = url_parts(url)?;
    ENVIRONMENTS.into_iter().find(|(_, known)| url_parts(known).is_some_and(|(_, h, _)| h.eq_ignore_ascii_case(&host)))
}

/// Where the forms post; true for Sogenactif's production server.
fn server(d: &mut Doctor, shown: &str, url: &str) -> bool {
    let subject = format!("{shown}: PAYMENT_URL {url}");
    if let Some((env, expected)) = sogenactif(url) {
        let entry = match env {
            _ if url != expected => &cat::KEYFILE_SERVER_INEXACT,
            "simu" => &cat::KEYFILE_SERVER_SIMU,
            "test" => &cat::KEYFILE_SERVER_TEST,
            _ => &cat::KEYFILE_SERVER_PROD,
        };
        let fix = fix_args(d, shown);
        d.found(entry, subject, &[args![env = env, expected = expected], &fix[..]].concat());
        return env == "prod" && url == expected;
    }
    match url_parts(url) {
        Some((_, host, port)) if is_loopback_host(&host) => sandbox(d, subject, url, &format!("{host}:{port}"), shown),
        _ => {
            let lower = url.to_ascii_lowercase();
            let gone = lower.contains("sips-atos.com") || lower.contains("/cgis-payment");
            let entry = if gone { &cat::KEYFILE_SERVER_GONE } else { &cat::KEYFILE_SERVER_OTHER };
            let known = ENVIRONMENTS.map(|(_, u)| u).join(", ");
            let fix = fix_args(d, shown);
            d.found(entry, subject, &[args![known = known, url = url], &fix[..]].concat());
        }
    }
    false
}

/// The values the fix of a wrong PAYMENT_URL names.
fn fix_args(d: &Doctor, shown: &str) -> Vec<(&'static str, crate::lang::Arg)> {
    let id = d.merchant_id().unwrap_or("?").to_string();
    args![id = id, country = d.country(), pathfile = &d.report.pathfile, path = shown].to_vec()
}

/// A sandbox on this machine: serving `/paymentInit`, listening or not.
fn sandbox(d: &mut Doctor, subject: String, url: &str, addr: &str, shown: &str) {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    if !path.ends_with("/paymentInit") {
        d.found(&cat::KEYFILE_SANDBOX_PATH, subject, args![addr = addr, path = shown]);
    } else if listening(url).is_some() {
        d.found(&cat::KEYFILE_SANDBOX_LISTENING, subject, args![url = url]);
    } else {
        let pathfile = d.report.pathfile.clone();
        d.found(&cat::KEYFILE_SANDBOX_DOWN, subject, args![url = url, addr = addr, pathfile = pathfile]);
    }
}

/// The key of Worldline's public simulation shops, `<merchant id>_KEY1`.
fn public_key(d: &mut Doctor, key: &KeyFile, production: bool) {
    let Some(id) = d.merchant_id().map(str::to_string) else { return };
    if key.secret_key != SecretKey::new(format!("{id}_KEY1")) {
        return;
    }
    let entry = if production { &cat::KEYFILE_PUBLIC_KEY_LIVE } else { &cat::KEYFILE_PUBLIC_KEY };
    d.found(entry, &id, args![id = &id]);
}

/// (country, merchant id) of a credential file's name `<base>.<cc>.<id>[.<ctype>]`.
fn credential_name<'a>(name: &'a str, base: &str, ctype: &str) -> Option<(&'a str, &'a str)> {
    let rest = name.strip_prefix(base)?.strip_prefix('.')?;
    let rest = if ctype.is_empty() { rest } else { rest.strip_suffix(ctype)?.strip_suffix('.')? };
    let (country, id) = rest.split_once('.')?;
    let country_ok = (1..=2).contains(&country.len()) && country.bytes().all(|b| b.is_ascii_alphabetic());
    let id_ok = (1..=15).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit());
    (country_ok && id_ok).then_some((country, id))
}

/// Each merchant of the certificate directory, SIPS 1.0 or Sips 2.0.
pub(crate) fn protocols(d: &mut Doctor) {
    let Some(paths) = d.paths.clone() else { return };
    let Some(prefix) = paths.certificate_prefix else { return };
    let base = crate::core::inspect::os_path(&prefix).file_name().map(|n| n.to_string_lossy().into_owned());
    let ctype = show(&paths.ctype);
    for name in siblings(&prefix) {
        let Some((country, id)) = base.as_deref().and_then(|base| credential_name(&name, base, &ctype)) else {
            continue;
        };
        let path = certificate_path(&prefix, country, id, None, &paths.ctype);
        let Ok(content) = read(&path) else { continue };
        let entry = if keyfile::is_key_file(&content) { &cat::MERCHANT_SIPS2 } else { &cat::MERCHANT_SIPS1 };
        d.found(entry, show_path(&path), args![id = id, country = country]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_file_names() {
        assert_eq!(credential_name("certif.fr.0123.php", "certif", "php"), Some(("fr", "0123")));
        assert_eq!(credential_name("certif.fr.0123", "certif", ""), Some(("fr", "0123")));
        for (name, ctype) in [
            ("certif.fr.0123.old.php", "php"),
            ("certif.fr.0123.php", ""),
            ("certif.fr.0123", "php"),
            ("certif.fra.0123.php", "php"),
            ("certif.fr.01x3.php", "php"),
            ("certif.fr.0123.php.bak", "php"),
            ("certif.fr", ""),
        ] {
            assert_eq!(credential_name(name, "certif", ctype), None, "{name} ({ctype})");
        }
    }

    #[test]
    fn sogenactif_hosts() {
        assert_eq!(sogenactif("https://payment-webinit.simu.sogenactif.com/paymentInit").map(|e| e.0), Some("simu"));
        assert_eq!(sogenactif("https://PAYMENT-WEBINIT.sogenactif.com//paymentInit").map(|e| e.0), Some("prod"));
        assert_eq!(sogenactif("https://payment-webinit.simu.sips-services.com/paymentInit"), None);
        assert_eq!(sogenactif("http://127.0.0.1:8090/paymentInit"), None);
    }
}
