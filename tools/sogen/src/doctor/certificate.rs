//! The certificate: found under the name the executables build, private,
//! laid out as F_CTYPE says, header against merchant id / country / type,
//! date, expiry, the server URL it enciphers (demo, production or local) and
//! the previous (`.old`) certificate.

use super::files::{mode, read, siblings};
use super::{legacy, parmcom::url_parts, show, show_path, t, Doctor, Severity};
use sogen::inspect::certificate;
use sogen::inspect::Category;
use sogen::inspect::FileError;

/// `F_CERTIFICATE.<country>.<merchant_id>[.<suffix>][.<F_CTYPE>]`, as the executables build it.
pub(crate) fn certificate_path(prefix: &[u8], country: &str, id: &str, suffix: Option<&str>, ctype: &[u8]) -> Vec<u8> {
    let mut path = [prefix, b".", country.as_bytes(), b".", id.as_bytes()].concat();
    for part in suffix.map(str::as_bytes).into_iter().chain((!ctype.is_empty()).then_some(ctype)) {
        path.push(b'.');
        path.extend_from_slice(part);
    }
    path
}

fn today() -> String {
    let now = sogen::Environment::now(&sogen::SystemEnvironment);
    String::from_utf8_lossy(&sogen::CivilTime::from_unix(now).stamp14()[..8]).into_owned()
}

fn valid_yyyymmdd(s: &[u8]) -> bool {
    if s.len() != 8 || !s.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n =
        |r: std::ops::Range<usize>| std::str::from_utf8(&s[r]).ok().and_then(|x| x.parse::<u32>().ok()).unwrap_or(0);
    (1..=12).contains(&n(4..6)) && (1..=31).contains(&n(6..8))
}

pub(crate) fn check(d: &mut Doctor) {
    let Some(paths) = d.paths.clone() else { return };
    let (Some(prefix), Some(id)) = (paths.certificate_prefix.clone(), d.merchant_id().map(str::to_string)) else {
        return;
    };
    let country = d.country().to_string();
    let path = certificate_path(&prefix, &country, &id, None, &paths.ctype);
    let shown = show_path(&path);
    let with_header = !paths.ctype.is_empty();
    let content = match read(&path) {
        Ok(c) => c,
        Err(e) => {
            let others: Vec<String> = siblings(&prefix);
            let category = if e == FileError::PermissionDenied {
                Category::CertificatePermission
            } else {
                Category::ReadingCertificate
            };
            let mut fix = t(
                format!(
                    "The certificate must be named F_CERTIFICATE.<merchant_country>.<merchant_id>{}: check merchant_country ({country}), merchant_id ({id}) and F_CTYPE; for a local test generate one with `sogen cert --merchant-id {id} --country {country} --url http://127.0.0.1:8090/cgis-payment/demo --dir <dir>`.",
                    if with_header { ".<F_CTYPE>" } else { "" }
                ),
                format!(
                    "Le certificat doit s'appeler F_CERTIFICATE.<merchant_country>.<merchant_id>{} : vérifiez merchant_country ({country}), merchant_id ({id}) et F_CTYPE ; pour un test local, générez-en un avec `sogen cert --merchant-id {id} --country {country} --url http://127.0.0.1:8090/cgis-payment/demo --dir <rép>`.",
                    if with_header { ".<F_CTYPE>" } else { "" }
                ),
            );
            if !others.is_empty() {
                fix.en.push_str(&format!(" Present: {}.", others.join(", ")));
                fix.fr.push_str(&format!(" Présents : {}.", others.join(", ")));
            }
            let problem = if e == FileError::PermissionDenied {
                t(
                    format!("the certificate {shown} cannot be read by this user"),
                    format!("le certificat {shown} n'est pas lisible par cet utilisateur"),
                )
            } else {
                t(format!("no certificate at {shown}"), format!("pas de certificat en {shown}"))
            };
            d.add(
                Severity::Error,
                "certificate.read",
                &shown,
                problem,
                Some(legacy(category, path.clone())),
                Some(20),
                Some(fix),
            );
            return;
        }
    };
    if let Some(m) = mode(&path).filter(|m| m & 0o007 != 0) {
        d.add(
            Severity::Warning,
            "certificate.mode",
            &shown,
            t(
                format!("the certificate is readable by every user of this machine (mode {m:o}): it holds the merchant's secret key"),
                format!("le certificat est lisible par tous les utilisateurs de la machine (mode {m:o}) : il contient la clé secrète du commerçant"),
            ),
            None,
            None,
            Some(t(
                format!("chmod 600 {shown} (or 640 with the web server's group)."),
                format!("chmod 600 {shown} (ou 640 avec le groupe du serveur web)."),
            )),
        );
    }
    let has_marker = content.windows(16).any(|w| w == b"certificate_data");
    let cert = certificate::parse(&content, with_header);
    if !with_header && has_marker {
        d.add(
            Severity::Error,
            "certificate.layout",
            &shown,
            t(
                "this certificate has a header (merchant_id!…! lines, certificate_data!) but the pathfile has no F_CTYPE, so it is read as a bare certificate",
                "ce certificat a un en-tête (lignes merchant_id!…!, certificate_data!) mais le pathfile n'a pas de F_CTYPE : il est lu comme un certificat nu",
            ),
            cert.trailer.as_ref().err().map(|first| legacy(Category::CertificateData, first.clone())),
            None,
            Some(t("Add F_CTYPE!php! (the certificate's type) to the pathfile.", "Ajoutez F_CTYPE!php! (le type du certificat) au pathfile.")),
        );
    } else if with_header && !has_marker {
        d.add(
            Severity::Error,
            "certificate.layout",
            &shown,
            t(
                "F_CTYPE is set but the certificate has no certificate_data! line: the executables find no key in it",
                "F_CTYPE est défini mais le certificat n'a pas de ligne certificate_data! : les exécutables n'y trouvent aucune clé",
            ),
            cert.trailer.as_ref().err().map(|first| legacy(Category::CertificateData, first.clone())),
            None,
            Some(t(
                "Use the certificate file as the bank sent it, or remove F_CTYPE for a bare certificate.",
                "Utilisez le certificat tel que la banque l'a envoyé, ou retirez F_CTYPE pour un certificat nu.",
            )),
        );
    }
    // The date trailer (read by both executables before anything else).
    match &cert.trailer {
        Err(first) => d.add(
            Severity::Error,
            "certificate.layout",
            &shown,
            t(
                "the certificate's date line (data line 43: label,dd/mm/yyyy,V4,bank,name) is missing or damaged",
                "la ligne de date du certificat (ligne de données 43 : libellé,jj/mm/aaaa,V4,banque,nom) manque ou est abîmée",
            ),
            Some(legacy(Category::CertificateData, first.clone())),
            None,
            Some(t("Restore the certificate file as the bank sent it (or generate a test one with sogen cert).", "Restaurez le certificat tel qu'envoyé par la banque (ou générez-en un de test avec sogen cert).")),
        ),
        Ok(trailer) => match &trailer.date {
            Err(part) => d.add(
                Severity::Error,
                "certificate.date",
                &shown,
                t(
                    format!("the certificate date '{}' is not dd/mm/yyyy", show(&trailer.date_text)),
                    format!("la date du certificat '{}' n'est pas au format jj/mm/aaaa", show(&trailer.date_text)),
                ),
                Some(legacy(Category::CertificateDate, part.clone())),
                None,
                Some(t("Restore the certificate file as the bank sent it.", "Restaurez le certificat tel qu'envoyé par la banque.")),
            ),
            Ok(date) if date.len() > 8 => d.add(
                Severity::Error,
                "certificate.date",
                &shown,
                t(
                    format!("the certificate date '{}' gives {} characters, more than the 8 of yyyymmdd", show(&trailer.date_text), date.len()),
                    format!("la date du certificat '{}' donne {} caractères, plus que les 8 de aaaammjj", show(&trailer.date_text), date.len()),
                ),
                Some(legacy(Category::CallParameters, format!("certificate_date ({}) too long", show(date)))),
                Some(23),
                Some(t("Restore the certificate file as the bank sent it.", "Restaurez le certificat tel qu'envoyé par la banque.")),
            ),
            Ok(date) if !valid_yyyymmdd(date) => d.add(
                Severity::Warning,
                "certificate.date",
                &shown,
                t(
                    format!("the certificate date '{}' is not a calendar date (the payment server would refuse it)", show(&trailer.date_text)),
                    format!("la date du certificat '{}' n'est pas une date du calendrier (le serveur de paiement la refuserait)", show(&trailer.date_text)),
                ),
                None,
                None,
                Some(t("Restore the certificate file as the bank sent it.", "Restaurez le certificat tel qu'envoyé par la banque.")),
            ),
            Ok(_) => d.ok(
                "certificate.date",
                &shown,
                t(format!("certificate of {} ({})", show(&trailer.date_text), show(&trailer.bank).trim_end_matches(['+', '\n'])), format!("certificat du {}", show(&trailer.date_text))),
            ),
        },
    }
    if with_header {
        check_header(d, &shown, &cert.header, &id, &country, &paths.ctype);
    }
    match &cert.url {
        Err(e) => d.add(
            Severity::Error,
            "certificate.url",
            &shown,
            t(
                "the payment server URL enciphered in the certificate cannot be read (data lines 1 and 26–29 damaged)",
                "l'URL du serveur de paiement chiffrée dans le certificat est illisible (lignes de données 1 et 26 à 29 abîmées)",
            ),
            Some(legacy(Category::ReadingUrl, e.detail())),
            None,
            Some(t("Restore the certificate file as the bank sent it.", "Restaurez le certificat tel qu'envoyé par la banque.")),
        ),
        Ok(url) => classify_server(d, &shown, &show(url)),
    }
    match &cert.matrix {
        Err(e) => d.add(
            Severity::Error,
            "certificate.key",
            &shown,
            t(
                "the key lines of the certificate (data lines 1–25, 64+ characters each) are damaged",
                "les lignes de clé du certificat (lignes de données 1 à 25, 64 caractères ou plus) sont abîmées",
            ),
            Some(legacy(Category::MacKeyGeneration, e.detail())),
            None,
            Some(t(
                "Restore the certificate file as the bank sent it.",
                "Restaurez le certificat tel qu'envoyé par la banque.",
            )),
        ),
        Ok(_) => d.ok("certificate.key", &shown, t("key matrix readable", "matrice de clés lisible")),
    }
    // The previous certificate `response` falls back to when a MAC does not match.
    let old = certificate_path(&prefix, &country, &id, Some("old"), &paths.ctype);
    if let Ok(content) = read(&old) {
        let old_shown = show_path(&old);
        match certificate::parse(&content, with_header).matrix {
            Ok(_) => d.note(
                "certificate.old",
                &old_shown,
                t(
                    "previous certificate present: responses sealed with it are still accepted",
                    "ancien certificat présent : les réponses scellées avec lui sont encore acceptées",
                ),
            ),
            Err(e) => d.add(
                Severity::Warning,
                "certificate.old",
                &old_shown,
                t(
                    "the previous certificate is damaged: a response whose MAC does not match fails on it",
                    "l'ancien certificat est abîmé : une réponse dont le MAC ne correspond pas échoue dessus",
                ),
                Some(legacy(Category::MacKeyGeneration, e.detail())),
                None,
                Some(t("Remove it or restore it.", "Supprimez-le ou restaurez-le.")),
            ),
        }
    }
}

fn check_header(d: &mut Doctor, shown: &str, h: &certificate::Header, id: &str, country: &str, ctype: &[u8]) {
    let differ = |what: &str, ours: &str, theirs: &[u8]| {
        legacy(Category::CertificateField, format!("{what}{ours} differ certificate file {}", show(theirs)))
    };
    let mut clean = true;
    if let Some(theirs) = h.merchant_id.as_deref().filter(|v| *v != id.as_bytes()) {
        clean = false;
        d.add(
            Severity::Error,
            "certificate.header",
            shown,
            t(
                format!("the certificate is for merchant '{}', not {id}", show(theirs)),
                format!("le certificat est celui du commerçant '{}', pas {id}", show(theirs)),
            ),
            Some(differ("error merchant id request ", id, theirs)),
            Some(20),
            Some(t(
                "Use this merchant's own certificate (the file name and its merchant_id line must both carry the merchant id).",
                "Utilisez le certificat de ce commerçant (le nom du fichier et sa ligne merchant_id portent tous deux son identifiant).",
            )),
        );
    }
    if let Some(theirs) = h.merchant_country.as_deref().filter(|v| *v != country.as_bytes()) {
        clean = false;
        d.add(
            Severity::Error,
            "certificate.header",
            shown,
            t(
                format!("the certificate is for country '{}', not {country}", show(theirs).escape_debug()),
                format!("le certificat est pour le pays '{}', pas {country}", show(theirs).escape_debug()),
            ),
            Some(differ("error merchant country request ", country, theirs)),
            Some(20),
            Some(t(
                "Make merchant_country agree with the certificate.",
                "Accordez merchant_country avec le certificat.",
            )),
        );
    }
    if let Some(theirs) = h.certificate_type.as_deref().filter(|v| *v != ctype) {
        clean = false;
        d.add(
            Severity::Error,
            "certificate.header",
            shown,
            t(
                format!("the certificate's type is '{}' but the pathfile's F_CTYPE is '{}'", show(theirs), show(ctype)),
                format!(
                    "le type du certificat est '{}' mais le F_CTYPE du pathfile est '{}'",
                    show(theirs),
                    show(ctype)
                ),
            ),
            Some(differ("error certificat type pathfile ", &show(ctype), theirs)),
            Some(20),
            Some(t(
                format!("Write F_CTYPE!{}! in the pathfile.", show(theirs)),
                format!("Écrivez F_CTYPE!{}! dans le pathfile.", show(theirs)),
            )),
        );
    }
    if clean {
        d.ok(
            "certificate.header",
            shown,
            t("merchant id, country and type match", "merchant_id, pays et type concordent"),
        );
    }
    if let Some(expired) = h.expired.as_deref() {
        if valid_yyyymmdd(expired) && show(expired) < today() {
            d.add(
                Severity::Warning,
                "certificate.expired",
                shown,
                t(
                    format!("certificate_expired {} is past (the executables never check it; a payment server refuses an expired certificate)", show(expired)),
                    format!("certificate_expired {} est dépassé (les exécutables ne le vérifient pas ; un serveur de paiement refuse un certificat expiré)", show(expired)),
                ),
                None,
                Some(6),
                Some(t("Install the new certificate (FAQ 6).", "Installez le nouveau certificat (FAQ 6).")),
            );
        }
    }
}

/// Demo, production or local server.
fn classify_server(d: &mut Doctor, shown: &str, url: &str) {
    let subject = format!("{shown}: {url}");
    let lower = url.to_ascii_lowercase();
    let fix = t(
        "The Sogenactif servers are gone: generate a certificate for the local sandbox (sogen cert --url http://127.0.0.1:8090/cgis-payment/demo …) and run `sogen sandbox`.",
        "Les serveurs Sogenactif n'existent plus : générez un certificat pour le serveur local (sogen cert --url http://127.0.0.1:8090/cgis-payment/demo …) et lancez `sogen sandbox`.",
    );
    if lower.contains("sogenactif.com") {
        let demo = lower.contains("/demo");
        d.add(
            Severity::Warning,
            "certificate.server",
            subject,
            if demo {
                t(
                    "the certificate points at the vendor's DEMONSTRATION server, which no longer exists",
                    "le certificat désigne le serveur de DÉMONSTRATION de l'éditeur, qui n'existe plus",
                )
            } else {
                t(
                    "the certificate points at the vendor's PRODUCTION server, which no longer exists",
                    "le certificat désigne le serveur de PRODUCTION de l'éditeur, qui n'existe plus",
                )
            },
            None,
            Some(6),
            Some(fix),
        );
        return;
    }
    let Some((_, host, port)) = url_parts(url) else {
        d.add(
            Severity::Warning,
            "certificate.server",
            subject,
            t(
                "the server URL is not an absolute http(s) URL: the form cannot post anywhere",
                "l'URL du serveur n'est pas une URL http(s) absolue : le formulaire ne peut rien poster",
            ),
            None,
            None,
            Some(fix),
        );
        return;
    };
    let local = host == "localhost" || host.starts_with("127.") || host == "[::1]";
    if !local {
        d.note("certificate.server", subject, t(format!("payment server {url}"), format!("serveur de paiement {url}")));
        return;
    }
    let addr = format!("{}:{port}", if host == "localhost" { "127.0.0.1" } else { host.trim_matches(['[', ']']) });
    let listening = addr
        .parse::<std::net::SocketAddr>()
        .ok()
        .and_then(|a| std::net::TcpStream::connect_timeout(&a, std::time::Duration::from_millis(300)).ok())
        .is_some();
    d.note(
        "certificate.server",
        subject,
        if listening {
            t(format!("local payment server (sandbox) at {url}/callpayment; something is listening there"), format!("serveur de paiement local (sandbox) en {url}/callpayment ; un serveur y écoute"))
        } else {
            t(
                format!("local payment server (sandbox) at {url}/callpayment; nothing listens there yet: start `sogen sandbox --listen {addr} --pathfile <this pathfile>`"),
                format!("serveur de paiement local (sandbox) en {url}/callpayment ; rien n'y écoute encore : lancez `sogen sandbox --listen {addr} --pathfile <ce pathfile>`"),
            )
        },
    );
}
