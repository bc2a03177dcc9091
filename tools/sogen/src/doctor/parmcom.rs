//! The parmcom files (shared defaults and the merchant's own): each line's
//! syntax, unknown keywords, values over their maxima, then the merged
//! settings (payment means against block order, case and digit rules, URLs).

use super::files::{is_dir, read, siblings};
use super::{legacy, show, show_path, suggest, t, Doctor, Severity};
use sogen::inspect::parmcom::{self, Parmcom};
use sogen::inspect::FileError;
use sogen::inspect::{fgets_lines, split_terminated};
use sogen::inspect::{ArgumentError, Category};
use sogen::inspect::{Field, FIELDS};

/// The parmcom line buffer in the legacy code.
const LINE_BUFFER: usize = 2048;

/// Which parmcom file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Defaults,
    Merchant,
}

impl Role {
    fn key(self) -> &'static str {
        match self {
            Role::Defaults => "F_DEFAULT",
            Role::Merchant => "F_PARAM",
        }
    }

    fn faq(self) -> u32 {
        match self {
            Role::Defaults => 19,
            Role::Merchant => 18,
        }
    }

    fn categories(self) -> (Category, Category) {
        match self {
            Role::Defaults => (Category::ReadingDefaults, Category::DefaultsPermission),
            Role::Merchant => (Category::ReadingMerchant, Category::MerchantPermission),
        }
    }
}

fn keyword_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().filter_map(|d| d.parmcom)
}

/// `<name> (<value>)<suffix>`: the detail of `Error in call parameters structure`.
fn about(field: Field, value: &[u8], suffix: &str) -> String {
    format!("{} ({}){suffix}", field.def().name, show(value))
}

pub(crate) fn check_file(d: &mut Doctor, path: &[u8], role: Role) -> Option<std::sync::Arc<Parmcom>> {
    let shown = show_path(path);
    let (missing, denied) = role.categories();
    let content = match read(path) {
        Ok(c) => c,
        Err(e) => {
            let (category, what) = match e {
                FileError::NotFound => {
                    (missing, t("cannot be opened (missing?)", "ne peut pas être ouvert (absent ?)"))
                }
                FileError::PermissionDenied => {
                    (denied, t("cannot be read by this user", "n'est pas lisible par cet utilisateur"))
                }
            };
            let others: Vec<String> = if role == Role::Merchant {
                let prefix = &path[..path.iter().rposition(|&b| b == b'.').unwrap_or(path.len())];
                siblings(prefix).into_iter().filter(|n| !n.ends_with(".sogenactif")).collect()
            } else {
                Vec::new()
            };
            let mut fix = match role {
                Role::Defaults => t(
                    format!("Create {shown} (shared defaults) or correct F_DEFAULT in the pathfile; the web server's user must be able to read it."),
                    format!("Créez {shown} (paramètres par défaut) ou corrigez F_DEFAULT dans le pathfile ; l'utilisateur du serveur web doit pouvoir le lire."),
                ),
                Role::Merchant => t(
                    format!("The merchant file is F_PARAM + '.' + merchant_id: create {shown} (or rename the demo's parmcom.<id>, FAQ 6 step 2), or correct F_PARAM / merchant_id."),
                    format!("Le fichier commerçant est F_PARAM + '.' + merchant_id : créez {shown} (ou renommez le parmcom.<id> de démonstration, FAQ 6 étape 2), ou corrigez F_PARAM / merchant_id."),
                ),
            };
            if !others.is_empty() {
                fix.en.push_str(&format!(" Present: {}.", others.join(", ")));
                fix.fr.push_str(&format!(" Présents : {}.", others.join(", ")));
            }
            let mut problem = what;
            problem.en = format!("{} file {shown} {}", role.key(), problem.en);
            problem.fr = format!("le fichier {} {shown} {}", role.key(), problem.fr);
            d.add(
                Severity::Error,
                "parmcom.read",
                &shown,
                problem,
                Some(legacy(category, path)),
                Some(role.faq()),
                Some(fix),
            );
            return None;
        }
    };
    if is_dir(path) {
        d.add(
            Severity::Warning,
            "parmcom.read",
            &shown,
            t(
                "this is a directory: the executables read it as an empty file",
                "c'est un répertoire : les exécutables le lisent comme un fichier vide",
            ),
            None,
            None,
            Some(t(
                format!("Correct {} in the pathfile.", role.key()),
                format!("Corrigez {} dans le pathfile.", role.key()),
            )),
        );
    }
    let lines = fgets_lines(&content, LINE_BUFFER);
    let mut sanitized = Vec::with_capacity(content.len());
    let mut bad = 0;
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        let subject = format!("{shown} line {number}: {}", show(line).trim_end());
        if let Err(sep) = parmcom::parse(line, LINE_BUFFER) {
            bad += 1;
            sanitized.extend_from_slice(b"#\n");
            let mut problem = t(
                format!("3 '!'-separated items expected (KEYWORD!value!), found {}", sep.found),
                format!("3 éléments séparés par '!' attendus (MOTCLE!valeur!), {} trouvés", sep.found),
            );
            if i + 1 == lines.len() && !line.ends_with(b"\n") {
                problem.en.push_str(" — the last line has no line break");
                problem.fr.push_str(" — la dernière ligne n'a pas de retour à la ligne");
            }
            if line.len() == LINE_BUFFER - 1 && !line.ends_with(b"\n") {
                problem.en.push_str(" — the line is longer than 2047 bytes, which the executables read in pieces");
                problem
                    .fr
                    .push_str(" — la ligne dépasse 2047 octets, que les exécutables lisent en plusieurs morceaux");
            }
            d.add(
                Severity::Error,
                "parmcom.syntax",
                subject,
                problem,
                Some(legacy(Category::ParmcomSeparator { line: number, found: sep.found }, path)),
                Some(22),
                Some(t(
                    "Write KEYWORD!value! (a '!' may not appear inside the value), end the file with a line break, start comments with #.",
                    "Écrivez MOTCLE!valeur! (pas de '!' dans la valeur), terminez le fichier par un retour à la ligne, commentaires en #.",
                )),
            );
            continue;
        }
        sanitized.extend_from_slice(line);
        if !line.ends_with(b"\n") {
            sanitized.push(b'\n');
        }
        // The core skips these lines; the same rule here.
        if line.len() <= 3 || line[0] == b'#' || line[0] == b'\n' {
            continue;
        }
        let mut tokens = line.split(|&b| b == b'!');
        let keyword = show(tokens.next().unwrap_or_default());
        let value = tokens.next().unwrap_or_default();
        if keyword.is_empty() {
            continue;
        }
        match Field::from_parmcom(keyword.as_bytes()) {
            Some(field) => {
                check_value(d, &subject, path, field, value);
                if let Some((_, earlier)) = seen.iter().find(|(k, _)| *k == keyword) {
                    d.note(
                        "parmcom.duplicate",
                        &subject,
                        t(
                            format!("{keyword} was already set on line {earlier}; this later line wins"),
                            format!("{keyword} était déjà défini ligne {earlier} ; cette ligne, plus loin, l'emporte"),
                        ),
                    );
                }
                seen.push((keyword, number));
            }
            None => unknown_keyword(d, &subject, &keyword),
        }
    }
    if bad == 0 {
        d.ok(
            "parmcom.syntax",
            &shown,
            t(
                format!("{} lines, syntax OK, {} settings", lines.len(), seen.len()),
                format!("{} lignes, syntaxe correcte, {} réglages", lines.len(), seen.len()),
            ),
        );
    }
    parmcom::parse(&sanitized, LINE_BUFFER).ok()
}

fn unknown_keyword(d: &mut Doctor, subject: &str, keyword: &str) {
    if let Some(def) = FIELDS.iter().find(|f| f.parmcom.is_none() && f.name.eq_ignore_ascii_case(keyword)) {
        d.add(
            Severity::Warning,
            "parmcom.keyword",
            subject,
            t(
                format!("{keyword} cannot be set in a parmcom file: the executables ignore the line"),
                format!("{keyword} ne peut pas être réglé dans un fichier parmcom : les exécutables ignorent la ligne"),
            ),
            None,
            None,
            Some(t(
                format!("Pass {}= as an argument of request.", def.name),
                format!("Passez {}= en argument de request.", def.name),
            )),
        );
    } else if let Some(k) = suggest(keyword, keyword_names()) {
        let case_only = k.eq_ignore_ascii_case(keyword);
        d.add(
            Severity::Warning,
            "parmcom.keyword",
            subject,
            if case_only {
                t(
                    format!("keywords are case-sensitive: {keyword} is ignored"),
                    format!("les mots-clés respectent la casse : {keyword} est ignoré"),
                )
            } else {
                t(
                    format!("unknown keyword {keyword}, ignored by the executables: did you mean {k}?"),
                    format!("mot-clé inconnu {keyword}, ignoré par les exécutables : vouliez-vous dire {k} ?"),
                )
            },
            None,
            None,
            Some(t(format!("Write {k}."), format!("Écrivez {k}."))),
        );
    } else {
        d.add(
            Severity::Warning,
            "parmcom.keyword",
            subject,
            t(
                format!("unknown keyword {keyword}, ignored by the executables"),
                format!("mot-clé inconnu {keyword}, ignoré par les exécutables"),
            ),
            None,
            None,
            Some(t(
                "Remove the line or use a keyword of the data dictionary (see docs/configuration.md).",
                "Supprimez la ligne ou utilisez un mot-clé du dictionnaire des données (voir docs/configuration.md).",
            )),
        );
    }
}

fn check_value(d: &mut Doctor, subject: &str, _path: &[u8], field: Field, value: &[u8]) {
    let def = field.def();
    if let Some(max) = def.max.filter(|&m| value.len() > m) {
        d.add(
            Severity::Error,
            "parmcom.too_long",
            subject,
            t(
                format!("{} is {} characters long; at most {max} are allowed", def.name, value.len()),
                format!("{} fait {} caractères ; {max} au plus sont permis", def.name, value.len()),
            ),
            Some(legacy(Category::CallParameters, about(field, value, " too long"))),
            Some(23),
            Some(t(format!("Shorten it to {max} characters."), format!("Réduisez-le à {max} caractères."))),
        );
    }
    let trimmed = value.trim_ascii();
    if trimmed.len() != value.len() && !trimmed.is_empty() {
        d.add(
            Severity::Warning,
            "parmcom.spaces",
            subject,
            t(
                format!("the value of {} has spaces around it, which are kept ('{}')", def.name, show(value)),
                format!("la valeur de {} est entourée d'espaces, qui sont conservés ('{}')", def.name, show(value)),
            ),
            None,
            None,
            Some(t("Remove the spaces between the '!'.", "Supprimez les espaces entre les '!'.")),
        );
    }
}

/// The merchant ids that files in the configuration directories name.
fn discovered_ids(d: &Doctor) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Some(paths) = &d.paths else { return found };
    if let Some(prefix) = &paths.merchant_prefix {
        for name in siblings(prefix) {
            let id = name.rsplit('.').next().unwrap_or("");
            if !id.is_empty() && id.len() <= 15 && id.bytes().all(|b| b.is_ascii_digit()) {
                found.push((id.to_string(), name));
            }
        }
    }
    if let Some(prefix) = &paths.certificate_prefix {
        for name in siblings(prefix) {
            let parts: Vec<&str> = name.split('.').collect();
            if let Some(id) = parts.get(2).filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())) {
                found.push((id.to_string(), name.clone()));
            }
        }
    }
    found
}

pub(crate) fn resolve_merchant(d: &mut Doctor) {
    if let Some(id) = d.opts.merchant_id.clone() {
        if id.len() > 15 {
            d.add(
                Severity::Error,
                "merchant.id",
                &id,
                t("a merchant id has at most 15 digits", "un merchant_id a au plus 15 chiffres"),
                Some(ArgumentError::TooLong(format!("merchant_id={id}").into_bytes()).to_string()),
                Some(21),
                Some(t(
                    "Use the 15-digit id the bank gave you.",
                    "Utilisez l'identifiant à 15 chiffres fourni par la banque.",
                )),
            );
        } else if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            d.add(
                Severity::Error,
                "merchant.id",
                &id,
                t("a merchant id is made of digits only", "un merchant_id ne contient que des chiffres"),
                Some(legacy(Category::CallParameters, format!("merchant_id ({id}) not numeric"))),
                Some(23),
                Some(t(
                    "Use the 15-digit id the bank gave you.",
                    "Utilisez l'identifiant à 15 chiffres fourni par la banque.",
                )),
            );
        }
        d.report.merchant_id = Some(id);
        return;
    }
    let found = discovered_ids(d);
    let mut ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    ids.sort();
    ids.dedup();
    match ids.as_slice() {
        [id] => {
            let id = id.to_string();
            d.note(
                "merchant.id",
                &id,
                t(
                    format!("merchant {id}, the only one the configuration files name (--merchant-id chooses another)"),
                    format!("commerçant {id}, le seul que nomment les fichiers de configuration (--merchant-id en choisit un autre)"),
                ),
            );
            d.report.merchant_id = Some(id);
        }
        [] if d.paths.is_some() => d.add(
            Severity::Error,
            "merchant.id",
            "?",
            t(
                "no parmcom.<merchant_id> or certificate file names a merchant",
                "aucun fichier parmcom.<merchant_id> ni certificat ne désigne de commerçant",
            ),
            None,
            None,
            Some(t(
                "Pass --merchant-id ID (and create its parmcom and certificate).",
                "Passez --merchant-id ID (et créez son parmcom et son certificat).",
            )),
        ),
        [] => {}
        many => {
            let list = many.join(", ");
            d.add(
                Severity::Error,
                "merchant.id",
                "?",
                t(
                    format!("several merchants are configured ({list})"),
                    format!("plusieurs commerçants sont configurés ({list})"),
                ),
                None,
                None,
                Some(t(
                    "Pass --merchant-id ID to choose the one to check.",
                    "Passez --merchant-id ID pour choisir celui à vérifier.",
                )),
            );
        }
    }
}

pub(crate) fn resolve_country(d: &mut Doctor) {
    let from_parmcom = d.setting(Field::MerchantCountry).map(show);
    let country = match (d.opts.country.clone(), from_parmcom.clone()) {
        (Some(c), Some(p)) if c != p => {
            d.add(
                Severity::Warning,
                "merchant.country",
                &c,
                t(
                    format!("--country {c} differs from MERCHANT_COUNTRY {p} in the parmcom files (an argument wins over them)"),
                    format!("--country {c} diffère de MERCHANT_COUNTRY {p} des fichiers parmcom (un argument l'emporte)"),
                ),
                None,
                None,
                Some(t("Make the script's merchant_country= and MERCHANT_COUNTRY agree.", "Accordez le merchant_country= du script et MERCHANT_COUNTRY.")),
            );
            c
        }
        (Some(c), _) => c,
        (None, Some(p)) => p,
        (None, None) => {
            // A certificate file name tells the country too.
            let id = d.merchant_id().unwrap_or("").to_string();
            let named: Vec<String> = discovered_ids(d)
                .into_iter()
                .filter(|(i, n)| *i == id && n.split('.').count() >= 3)
                .filter_map(|(_, n)| n.split('.').nth(1).map(str::to_string))
                .collect();
            let country = named.first().cloned().unwrap_or_else(|| "fr".into());
            d.note(
                "merchant.country",
                &country,
                t(
                    format!("no MERCHANT_COUNTRY in the parmcom files: the script must pass merchant_country= ({country} assumed)"),
                    format!("pas de MERCHANT_COUNTRY dans les fichiers parmcom : le script doit passer merchant_country= ({country} supposé)"),
                ),
            );
            country
        }
    };
    if country != country.to_ascii_lowercase() {
        d.add(
            Severity::Error,
            "merchant.country",
            &country,
            t("merchant_country must be lower case", "merchant_country doit être en minuscules"),
            Some(legacy(Category::CallParameters, format!("merchant_country ({country}) must be lower case"))),
            Some(23),
            Some(t(
                format!("Write {}.", country.to_ascii_lowercase()),
                format!("Écrivez {}.", country.to_ascii_lowercase()),
            )),
        );
    }
    d.report.country = Some(country);
}

/// Which rule of the payment means / block order check a pair breaks.
pub(crate) fn explain_means(means: &[u8], order: &[u8]) -> Option<(String, String)> {
    let m = split_terminated(means, b',');
    let o = split_terminated(order, b',');
    if m.len() > 30 || o.len() > 30 {
        return Some((
            "more than 30 items in PAYMENT_MEANS or BLOCK_ORDER".into(),
            "plus de 30 éléments dans PAYMENT_MEANS ou BLOCK_ORDER".into(),
        ));
    }
    if m.len() % 2 != 0 {
        return Some((
            "PAYMENT_MEANS must be NAME,block pairs: it has an odd number of items".into(),
            "PAYMENT_MEANS doit être une suite de paires NOM,bloc : le nombre d'éléments est impair".into(),
        ));
    }
    let number = |t: &[u8]| -> Option<u32> {
        std::str::from_utf8(t).ok().filter(|s| s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse().ok())
    };
    for item in o.iter().skip(1) {
        if !number(item).is_some_and(|n| (1..=9).contains(&n)) {
            return Some((
                format!("BLOCK_ORDER item '{}' is not a block number from 1 to 9", show(item)),
                format!("l'élément '{}' de BLOCK_ORDER n'est pas un numéro de bloc de 1 à 9", show(item)),
            ));
        }
    }
    for pair in m.chunks(2) {
        let (name, block) = (show(pair[0]), show(pair[1]));
        if name.is_empty() {
            return Some(("a payment means has an empty name".into(), "un moyen de paiement a un nom vide".into()));
        }
        if number(pair[1]).is_none_or(|n| n > 9) && !pair[1].is_empty() {
            return Some((
                format!("the block '{block}' of {name} is not a number from 0 to 9"),
                format!("le bloc '{block}' de {name} n'est pas un nombre de 0 à 9"),
            ));
        }
        if !o.contains(&pair[1]) {
            return Some((
                format!("{name} is in block '{block}', which BLOCK_ORDER ({}) does not list (blocks are compared as written: 01 is not 1)", show(order)),
                format!("{name} est dans le bloc '{block}', absent de BLOCK_ORDER ({}) (les blocs sont comparés tels qu'écrits : 01 n'est pas 1)", show(order)),
            ));
        }
    }
    None
}

/// Host and port of an absolute http(s) URL.
pub(crate) fn url_parts(url: &str) -> Option<(&'static str, String, u16)> {
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

pub(crate) fn check_settings(d: &mut Doctor) {
    // The merged settings only mean something once both files were read
    // (otherwise request stops at the missing file, reported already).
    if d.defaults.is_none() || d.merchant.is_none() {
        return;
    }
    let get = |d: &Doctor, f: Field| d.setting(f).map(<[u8]>::to_vec);
    // Payment means against block order (default block order when unset, as request does).
    let means = get(d, Field::PaymentMeans).unwrap_or_default();
    let order = get(d, Field::BlockOrder).unwrap_or_else(|| b"1,2,3,4,5,6,7,8,9".to_vec());
    if !sogen::inspect::means_match_order(&means, &order) {
        let (en, fr) = explain_means(&means, &order).unwrap_or_default();
        d.add(
            Severity::Error,
            "parmcom.payment_means",
            format!("PAYMENT_MEANS {} / BLOCK_ORDER {}", show(&means), show(&order)),
            t(en, fr),
            Some(legacy(Category::CallParameters, &b"payment_means,block_order"[..])),
            Some(23),
            Some(t(
                "Write PAYMENT_MEANS as NAME,block pairs (e.g. CB,2,VISA,2,MASTERCARD,2) whose blocks all appear in BLOCK_ORDER (e.g. 1,2,3,4,5,6,7,8,9).",
                "Écrivez PAYMENT_MEANS en paires NOM,bloc (ex. CB,2,VISA,2,MASTERCARD,2) dont tous les blocs figurent dans BLOCK_ORDER (ex. 1,2,3,4,5,6,7,8,9).",
            )),
        );
    } else if means.is_empty() {
        d.add(
            Severity::Warning,
            "parmcom.payment_means",
            "PAYMENT_MEANS",
            t(
                "no PAYMENT_MEANS: the payment form has no card to click",
                "pas de PAYMENT_MEANS : le formulaire de paiement n'a aucune carte à cliquer",
            ),
            None,
            None,
            Some(t(
                "Add PAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2! (or pass payment_means=).",
                "Ajoutez PAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2! (ou passez payment_means=).",
            )),
        );
    } else {
        d.ok(
            "parmcom.payment_means",
            show(&means),
            t("payment means and block order agree", "moyens de paiement et ordre des blocs concordent"),
        );
    }
    if let Some(lang) = get(d, Field::Language) {
        if lang != lang.to_ascii_lowercase() {
            d.add(
                Severity::Error,
                "parmcom.language",
                format!("LANGUAGE {}", show(&lang)),
                t("LANGUAGE must be lower case", "LANGUAGE doit être en minuscules"),
                Some(legacy(Category::CallParameters, about(Field::Language, &lang, " must be lower case"))),
                Some(23),
                Some(t(
                    format!("Write LANGUAGE!{}!", show(&lang.to_ascii_lowercase())),
                    format!("Écrivez LANGUAGE!{}!", show(&lang.to_ascii_lowercase())),
                )),
            );
        }
    }
    if let Some(cur) = get(d, Field::CurrencyCode) {
        if !cur.iter().all(u8::is_ascii_digit) {
            d.add(
                Severity::Error,
                "parmcom.currency",
                format!("CURRENCY {}", show(&cur)),
                t(
                    "CURRENCY is the numeric ISO 4217 code (978 for euros)",
                    "CURRENCY est le code ISO 4217 numérique (978 pour l'euro)",
                ),
                Some(legacy(Category::CallParameters, about(Field::CurrencyCode, &cur, " not numeric"))),
                Some(23),
                Some(t("Write CURRENCY!978! (euro).", "Écrivez CURRENCY!978! (euro).")),
            );
        } else if crate::currency::find(&show(&cur)).is_none() {
            d.add(
                Severity::Warning,
                "parmcom.currency",
                format!("CURRENCY {}", show(&cur)),
                t(
                    "the payment server does not accept this currency: it answers Invalid Transaction",
                    "le serveur de paiement n'accepte pas cette devise : il répond Invalid Transaction",
                ),
                Some("Invalid Transaction (payment server)".into()),
                Some(27),
                Some(t(
                    "Use a currency of your contract (978 for euros).",
                    "Utilisez une devise de votre contrat (978 pour l'euro).",
                )),
            );
        }
    }
    for (field, key) in [(Field::NormalReturnUrl, "RETURN_URL"), (Field::CancelReturnUrl, "CANCEL_URL")] {
        match get(d, field).map(|v| show(&v)) {
            None => d.add(
                Severity::Warning,
                "parmcom.urls",
                key,
                t(
                    format!("no {key}: every call of request must pass {}= or it fails", field.def().name),
                    format!("pas de {key} : chaque appel de request doit passer {}= sinon il échoue", field.def().name),
                ),
                Some(legacy(Category::CallParameters, format!("{} not filled", field.def().name))),
                Some(23),
                Some(t(
                    format!("Add {key}!https://your.shop/call_response.php!"),
                    format!("Ajoutez {key}!https://votre.boutique/call_response.php!"),
                )),
            ),
            Some(url) if url_parts(&url).is_none() => d.add(
                Severity::Warning,
                "parmcom.urls",
                format!("{key} {url}"),
                t(
                    "not an absolute http(s) URL: the payment page cannot send the customer back",
                    "pas une URL http(s) absolue : la page de paiement ne peut pas renvoyer le client",
                ),
                None,
                None,
                Some(t("Write the full URL, https://…", "Écrivez l'URL complète, https://…")),
            ),
            Some(url) => d.ok("parmcom.urls", format!("{key} {url}"), t("absolute URL", "URL absolue")),
        }
    }
    check_auto_response(d, get(d, Field::AutomaticResponseUrl).map(|v| show(&v)));
    if let Some(id) = get(d, Field::CustomerId).filter(|v| v.iter().any(|b| b"|;:\"".contains(b))) {
        d.add(
            Severity::Warning,
            "parmcom.customer_id",
            format!("CUSTOMER_ID {}", show(&id)),
            t(
                "the characters | ; : \" are forbidden in customer_id: the payment server refuses the transaction",
                "les caractères | ; : \" sont interdits dans customer_id : le serveur de paiement refuse la transaction",
            ),
            Some("Invalid Transaction (payment server)".into()),
            Some(27),
            Some(t("Remove them.", "Supprimez-les.")),
        );
    }
    if let Some(data) = get(d, Field::Data).filter(|v| !v.is_empty()) {
        if let Some(item) = bad_data_item(&data) {
            d.add(
                Severity::Warning,
                "parmcom.data",
                format!("DATA {}", show(&data)),
                t(
                    format!("DATA holds '{item}', which is not a KEYWORD=value; item: the payment page stays blank after a card logo is clicked"),
                    format!("DATA contient '{item}', qui n'est pas un élément MOTCLE=valeur; : la page de paiement reste blanche après le clic sur une carte"),
                ),
                None,
                Some(25),
                Some(t(
                    "Only put in DATA the keywords the page customisation guide describes (KEYWORD=value; or <TAG>;…</TAG>;).",
                    "Ne mettez dans DATA que les mots-clés décrits dans le guide de personnalisation (MOTCLE=valeur; ou <BALISE>;…</BALISE>;).",
                )),
            );
        }
    }
}

/// The first item of a DATA value that is not one of the documented shapes.
pub(crate) fn bad_data_item(data: &[u8]) -> Option<String> {
    let text = show(data);
    let keyword = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'/')
    };
    for item in text.split(';').filter(|i| !i.is_empty()) {
        let tag = item.strip_prefix("</").or_else(|| item.strip_prefix('<')).and_then(|s| s.strip_suffix('>'));
        let ok = match (tag, item.split_once('=')) {
            (Some(name), _) => keyword(name),
            (None, Some((k, _))) => keyword(k),
            // A tagged value: the text between <TAG>; and </TAG> (a URL for <USE_CSS>).
            (None, None) => keyword(item) || item.contains("</"),
        };
        if !ok {
            return Some(item.to_string());
        }
    }
    None
}

fn check_auto_response(d: &mut Doctor, url: Option<String>) {
    let Some(url) = url else {
        d.add(
            Severity::Warning,
            "parmcom.auto_response",
            "AUTO_RESPONSE_URL",
            t(
                "no AUTO_RESPONSE_URL: the payment server has nowhere to post the automatic response (status UNDEFINED), so a customer who closes the browser before returning to the shop leaves an unrecorded payment",
                "pas de AUTO_RESPONSE_URL : le serveur de paiement n'a nulle part où poster la réponse automatique (statut UNDEFINED) ; un client qui ferme son navigateur avant de revenir laisse un paiement non enregistré",
            ),
            None,
            Some(3),
            Some(t("Add AUTO_RESPONSE_URL!https://your.shop/call_autoresponse.php!", "Ajoutez AUTO_RESPONSE_URL!https://votre.boutique/call_autoresponse.php!")),
        );
        return;
    };
    let subject = format!("AUTO_RESPONSE_URL {url}");
    let Some((_, host, port)) = url_parts(&url) else {
        d.add(
            Severity::Warning,
            "parmcom.auto_response",
            subject,
            t(
                "not an absolute http(s) URL: the automatic response cannot be delivered (status FAILED)",
                "pas une URL http(s) absolue : la réponse automatique ne peut être livrée (statut FAILED)",
            ),
            None,
            Some(3),
            Some(t("Write the full URL, https://…", "Écrivez l'URL complète, https://…")),
        );
        return;
    };
    let lower = url.to_ascii_lowercase();
    let local = host == "localhost" || host.starts_with("127.") || host == "[::1]";
    if !(80..=9999).contains(&port) && local {
        // Only the real payment server kept to 80–9999; the sandbox calls any port.
        d.note(
            "parmcom.auto_response",
            subject.clone(),
            t(
                format!("port {port} is outside 80–9999: fine with the local sandbox, but a real payment server only called ports 80 to 9999"),
                format!("le port {port} est hors de 80–9999 : correct avec le serveur local, mais un vrai serveur de paiement n'appelait que les ports 80 à 9999"),
            ),
        );
    } else if !(80..=9999).contains(&port) {
        d.add(
            Severity::Warning,
            "parmcom.auto_response",
            subject.clone(),
            t(
                format!("port {port} is outside 80–9999, which the payment server does not call"),
                format!("le port {port} est hors de la plage 80–9999, que le serveur de paiement n'appelle pas"),
            ),
            None,
            Some(3),
            Some(t(
                "Serve call_autoresponse on a port from 80 to 9999.",
                "Servez call_autoresponse sur un port de 80 à 9999.",
            )),
        );
    } else if ["phpsessid", "jsessionid", "sid=", "session"].iter().any(|s| lower.contains(s)) {
        d.add(
            Severity::Warning,
            "parmcom.auto_response",
            subject.clone(),
            t(
                "the URL carries a session variable: the automatic response comes without the customer's browser or session",
                "l'URL transporte une variable de session : la réponse automatique arrive sans le navigateur ni la session du client",
            ),
            None,
            Some(3),
            Some(t("Pass context in CADDIE or RETURN_CONTEXT instead.", "Transmettez le contexte dans CADDIE ou RETURN_CONTEXT.")),
        );
    } else {
        d.ok("parmcom.auto_response", subject.clone(), t("absolute URL, usable port", "URL absolue, port utilisable"));
    }
    if local {
        d.note(
            "parmcom.auto_response",
            subject,
            t(
                "the automatic response goes to this machine: fine with the local sandbox, unreachable for a real payment server",
                "la réponse automatique va vers cette machine : correct avec le serveur local, injoignable pour un vrai serveur de paiement",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_explanations_follow_the_core_rule() {
        for (means, order) in [
            (&b"CB,2,VISA"[..], &b"1,2"[..]),
            (b"CB,3", b"1,2"),
            (b"CB,01", b"1"),
            (b"CB,1", b"1,x"),
            (b",1", b"1"),
            (b"CB,2,VISA,2", b"1,2,3"),
        ] {
            // An explanation exactly when the core refuses the pair.
            assert_eq!(
                explain_means(means, order).is_some(),
                !sogen::inspect::means_match_order(means, order),
                "{} / {}",
                show(means),
                show(order)
            );
        }
    }

    #[test]
    fn urls_and_data_items() {
        assert_eq!(url_parts("http://127.0.0.1:8000/x"), Some(("http", "127.0.0.1".into(), 8000)));
        assert_eq!(url_parts("https://shop.example/a?b"), Some(("https", "shop.example".into(), 443)));
        assert_eq!(url_parts("/call_response.php"), None);
        assert_eq!(bad_data_item(b"<USE_CSS>;https://x/c.css</USE_CSS>;"), None);
        assert_eq!(bad_data_item(b"NB_PAYMENT=3;PERIOD=30;"), None);
        assert_eq!(bad_data_item(b"hello world"), Some("hello world".into()));
    }
}
