//! The pathfile: readable, each line's syntax (all of them, with line
//! numbers, where the executables stop at the first), each keyword, the
//! variables, duplicates and likely typos.

use super::files::{is_dir, read};
use super::{legacy, show, show_path, suggest, t, Doctor, Paths, Severity};
use sogen::inspect::fgets_lines;
use sogen::inspect::pathfile::{self, LineProblem, KNOWN_KEYS};
use sogen::inspect::Category;
use sogen::inspect::FileError;

/// The pathfile's line buffer in the legacy code (a longer line is read in pieces).
const LINE_BUFFER: usize = 256;
const REQUIRED: [(&str, u32); 4] = [("D_LOGO", 17), ("F_DEFAULT", 16), ("F_PARAM", 15), ("F_CERTIFICATE", 14)];
/// Keys that only exist in dead legacy code.
const DEAD_KEYS: [&str; 4] = ["D_TRACE", "F_TRACE", "F_BASE", "F_PREF"];

/// One `KEY!value!` line as written (before variable expansion).
struct RawEntry {
    line: usize,
    key: String,
    value: Vec<u8>,
}

/// Key and raw value of a well-formed line (the core decides well-formedness).
fn raw_entry(line: &[u8]) -> Option<(String, Vec<u8>)> {
    if line.len() <= 2 || line[0] == b'\n' || line[0] == b'#' {
        return None;
    }
    let last = line.iter().rposition(|&b| b == b'!')?;
    let body = &line[..last];
    let start = body.iter().position(|&b| b != b'!').unwrap_or(body.len());
    let rest = &body[start..];
    let end = rest.iter().position(|&b| b == b'!').unwrap_or(rest.len());
    Some((show(&rest[..end]), rest.get(end + 1..).unwrap_or_default().to_vec()))
}

pub(crate) fn check(d: &mut Doctor) -> Option<Paths> {
    let path = d.opts.pathfile.clone();
    let shown = show_path(&path);
    let content = match read(&path) {
        Ok(c) => c,
        Err(FileError::NotFound) => {
            let cwd = std::env::current_dir().map(|p| p.display().to_string()).unwrap_or_default();
            d.add(
                Severity::Error,
                "pathfile.read",
                &shown,
                t(format!("the pathfile {shown} cannot be opened"), format!("le fichier pathfile {shown} ne peut pas être ouvert")),
                Some(legacy(Category::ReadingPathfile, path.clone())),
                Some(13),
                Some(t(
                    format!("Pass its real path with pathfile= (there is no default location; a relative path is relative to the script's working directory, here {cwd})."),
                    format!("Passez son vrai chemin avec pathfile= (il n'y a pas d'emplacement par défaut ; un chemin relatif part du répertoire courant du script, ici {cwd})."),
                )),
            );
            return None;
        }
        Err(FileError::PermissionDenied) => {
            d.add(
                Severity::Error,
                "pathfile.read",
                &shown,
                t("the pathfile exists but cannot be read by this user", "le pathfile existe mais cet utilisateur ne peut pas le lire"),
                Some(legacy(Category::PathfilePermission, path.clone())),
                Some(13),
                Some(t(
                    format!("Let the web server's user read it: chmod 644 {shown} (it holds no secret)."),
                    format!("Rendez-le lisible par l'utilisateur du serveur web : chmod 644 {shown} (il ne contient pas de secret)."),
                )),
            );
            return None;
        }
    };
    if is_dir(&path) {
        d.add(
            Severity::Error,
            "pathfile.read",
            &shown,
            t(
                "this is a directory: the executables read it as an empty file",
                "c'est un répertoire : les exécutables le lisent comme un fichier vide",
            ),
            Some(legacy(Category::ReadingPathfile, &b"no key word D_LOGO"[..])),
            Some(13),
            Some(t(
                "Point pathfile= at the pathfile itself, not at its directory.",
                "Faites pointer pathfile= sur le fichier pathfile, pas sur son répertoire.",
            )),
        );
        return None;
    }

    // Syntax: every line is judged by the core's own parser, one at a time,
    // so that all the bad lines are listed.
    let lines = fgets_lines(&content, LINE_BUFFER);
    let mut sanitized = Vec::with_capacity(content.len());
    let mut bad = 0;
    let mut first_bad = None;
    let mut entries: Vec<RawEntry> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        match pathfile::parse(line) {
            Ok(_) => {
                sanitized.extend_from_slice(line);
                if !line.ends_with(b"\n") {
                    sanitized.push(b'\n');
                }
                if let Some((key, value)) = raw_entry(line) {
                    entries.push(RawEntry { line: number, key, value });
                }
            }
            Err(e) => {
                bad += 1;
                let first = *first_bad.get_or_insert(number);
                sanitized.extend_from_slice(b"#\n");
                let what = match e.problem {
                    LineProblem::BangMissing => t("this line has no '!'", "cette ligne n'a aucun '!'"),
                    LineProblem::EmptyKeyOrValue => t(
                        "empty keyword or empty value (KEY!value! expected)",
                        "mot-clé ou valeur vide (KEY!valeur! attendu)",
                    ),
                };
                let long = line.len() == LINE_BUFFER - 1 && !line.ends_with(b"\n");
                let follows_long = i > 0 && lines[i - 1].len() == LINE_BUFFER - 1 && !lines[i - 1].ends_with(b"\n");
                let mut problem = what;
                if long || follows_long {
                    problem.en.push_str(" — the line is longer than 255 bytes, which the executables read in pieces");
                    problem
                        .fr
                        .push_str(" — la ligne dépasse 255 octets, que les exécutables lisent en plusieurs morceaux");
                }
                if first != number {
                    problem.en.push_str(&format!(" (the executables only report the first bad line, {first})"));
                    problem
                        .fr
                        .push_str(&format!(" (les exécutables ne signalent que la première mauvaise ligne, {first})"));
                }
                let trace = e.problem.trace_text();
                problem.en.push_str(&format!("; they also print the trace line `…-{trace}`"));
                problem.fr.push_str(&format!(" ; ils affichent aussi la ligne de trace `…-{trace}`"));
                d.add(
                    Severity::Error,
                    "pathfile.syntax",
                    format!("{shown} line {number}: {}", show(line).trim_end()),
                    problem,
                    Some(legacy(Category::PathfileSeparator { sign: '+', line: number }, path.clone())),
                    Some(22),
                    Some(t(
                        "Write each setting as KEY!value! on its own line; start comments with # in the first column; keep lines under 256 bytes. (`response` reports the same line with '-' instead of '+'.)",
                        "Écrivez chaque réglage sous la forme CLE!valeur! sur sa propre ligne ; commencez les commentaires par # en première colonne ; lignes de moins de 256 octets. (`response` signale la même ligne avec '-' au lieu de '+'.)",
                    )),
                );
            }
        }
    }
    if bad == 0 {
        d.ok(
            "pathfile.syntax",
            &shown,
            t(format!("{} lines, syntax OK", lines.len()), format!("{} lignes, syntaxe correcte", lines.len())),
        );
    }
    let parsed = match pathfile::parse(&sanitized) {
        Ok(p) => p,
        // Every line left passed on its own; nothing else can fail.
        Err(_) => return None,
    };
    check_entries(d, &shown, &entries);

    // The required keywords, all of them (the executables stop at the first missing).
    let mut paths = Paths::default();
    for (key, faq) in REQUIRED {
        match parsed.get(key.as_bytes()) {
            Err(_) => d.add(
                Severity::Error,
                "pathfile.variables",
                format!("{shown}: {key}"),
                t(
                    format!("{key} refers to itself through pathfile variables (A!B! … B!A!): it has no value"),
                    format!("{key} fait référence à lui-même par les variables du pathfile : il n'a pas de valeur"),
                ),
                Some(legacy(Category::ReadingPathfile, path.clone())),
                Some(13),
                Some(t(
                    "Give the key a plain value, or break the loop between the variables.",
                    "Donnez à la clé une valeur simple, ou cassez la boucle entre les variables.",
                )),
            ),
            Ok(v) if v.is_empty() => d.add(
                Severity::Error,
                "pathfile.keyword",
                format!("{shown}: {key}"),
                t(
                    format!("the keyword {key} is missing (or its value is empty)"),
                    format!("le mot-clé {key} est absent (ou sa valeur est vide)"),
                ),
                Some(legacy(Category::ReadingPathfile, format!("no key word {key}"))),
                Some(faq),
                Some(t(
                    format!("Add a line `{key}!<value>!` to the pathfile ({}).", example(key)),
                    format!("Ajoutez une ligne `{key}!<valeur>!` au pathfile ({}).", example(key)),
                )),
            ),
            Ok(v) => {
                d.ok(
                    "pathfile.keyword",
                    format!("{shown}: {key}"),
                    t(format!("{key} = {}", show(&v)), format!("{key} = {}", show(&v))),
                );
                let slot = match key {
                    "D_LOGO" => &mut paths.logo_dir,
                    "F_DEFAULT" => &mut paths.defaults,
                    "F_PARAM" => &mut paths.merchant_prefix,
                    _ => &mut paths.certificate_prefix,
                };
                *slot = Some(v);
            }
        }
    }
    match parsed.get(b"F_CTYPE") {
        Err(_) => d.add(
            Severity::Error,
            "pathfile.variables",
            format!("{shown}: F_CTYPE"),
            t("F_CTYPE refers to itself through pathfile variables", "F_CTYPE fait référence à lui-même par les variables du pathfile"),
            Some(legacy(Category::ReadingPathfile, path.clone())),
            Some(13),
            Some(t("Give F_CTYPE a plain value such as php.", "Donnez à F_CTYPE une valeur simple comme php.")),
        ),
        Ok(v) if v.is_empty() => d.note(
            "pathfile.keyword",
            format!("{shown}: F_CTYPE"),
            t(
                "no F_CTYPE: the certificate file has no extension and no header, so its merchant id and country are not compared with the request",
                "pas de F_CTYPE : le certificat n'a ni extension ni en-tête, son merchant_id et son pays ne sont pas comparés à la requête",
            ),
        ),
        Ok(v) => {
            paths.ctype = v;
            d.ok("pathfile.keyword", format!("{shown}: F_CTYPE"), t(format!("F_CTYPE = {}", show(&paths.ctype)), format!("F_CTYPE = {}", show(&paths.ctype))));
        }
    }
    if let Ok(debug) = parsed.get(b"DEBUG") {
        if debug == b"YES" || debug == b"yes" {
            d.add(
                Severity::Warning,
                "pathfile.debug",
                format!("{shown}: DEBUG"),
                t(
                    "DEBUG mode is on: every payment page shows the request in clear, in tables above the card logos",
                    "le mode DEBUG est actif : chaque page de paiement affiche la requête en clair, dans des tableaux au-dessus des logos",
                ),
                None,
                None,
                Some(t("Set DEBUG!NO! (never YES in production).", "Mettez DEBUG!NO! (jamais YES en production).")),
            );
        } else if !debug.is_empty() && debug != b"NO" && debug != b"no" {
            d.note(
                "pathfile.debug",
                format!("{shown}: DEBUG"),
                t(
                    format!("DEBUG is '{}', which counts as off (only YES or yes turn it on)", show(&debug)),
                    format!("DEBUG vaut '{}', ce qui équivaut à NO (seuls YES ou yes l'activent)", show(&debug)),
                ),
            );
        }
    }
    if let Some(logo) = paths.logo_dir.as_ref().filter(|l| !l.ends_with(b"/")) {
        let logo = show(logo);
        d.add(
            Severity::Warning,
            "pathfile.d_logo",
            format!("{shown}: D_LOGO"),
            t(
                format!("D_LOGO does not end with '/': the form asks for {logo}CB.gif"),
                format!("D_LOGO ne se termine pas par '/' : le formulaire demande {logo}CB.gif"),
            ),
            None,
            None,
            Some(t(format!("Write D_LOGO!{logo}/!"), format!("Écrivez D_LOGO!{logo}/!"))),
        );
    }
    Some(paths)
}

fn example(key: &str) -> &'static str {
    match key {
        "D_LOGO" => "the logos' URL directory, e.g. D_LOGO!/logo/!",
        "F_DEFAULT" => "e.g. F_DEFAULT!/var/www/sogen/param/parmcom.sogenactif!",
        "F_PARAM" => "e.g. F_PARAM!/var/www/sogen/param/parmcom!",
        _ => "e.g. F_CERTIFICATE!/var/www/sogen/param/certif!",
    }
}

/// Duplicates, values cut at a space, variables, unknown keys.
fn check_entries(d: &mut Doctor, shown: &str, entries: &[RawEntry]) {
    let known: Vec<&str> = KNOWN_KEYS.iter().map(|k| std::str::from_utf8(k).unwrap_or("")).collect();
    for (i, e) in entries.iter().enumerate() {
        let subject = format!("{shown} line {}: {}", e.line, e.key);
        if let Some(first) = entries[..i].iter().find(|p| p.key == e.key) {
            d.add(
                Severity::Warning,
                "pathfile.duplicate",
                &subject,
                t(
                    format!("{} is defined again here; the first definition (line {}) wins", e.key, first.line),
                    format!(
                        "{} est défini une seconde fois ; la première définition (ligne {}) l'emporte",
                        e.key, first.line
                    ),
                ),
                None,
                None,
                Some(t("Keep one definition.", "Ne gardez qu'une définition.")),
            );
            continue;
        }
        let value = e.value.trim_ascii_start();
        if value.contains(&b' ') && known.contains(&e.key.as_str()) {
            d.add(
                Severity::Warning,
                "pathfile.space",
                &subject,
                t(
                    format!("the value '{}' contains a space: the executables cut it there (and then drop its first character)", show(value)),
                    format!("la valeur '{}' contient un espace : les exécutables la coupent là (et suppriment ensuite son premier caractère)", show(value)),
                ),
                None,
                None,
                Some(t("Move the files to a path without spaces.", "Déplacez les fichiers vers un chemin sans espace.")),
            );
        }
        if known.contains(&e.key.as_str()) {
            if value.contains(&b'!') {
                d.note(
                    "pathfile.variables",
                    &subject,
                    t(
                        format!("{} uses pathfile variables ('{}')", e.key, show(value)),
                        format!("{} utilise des variables du pathfile ('{}')", e.key, show(value)),
                    ),
                );
            }
            continue;
        }
        // A key named in another line's value is a variable: that is its use.
        let used = entries.iter().any(|o| {
            let v = o.value.trim_ascii_start();
            v.split(|&b| b == b'!').any(|token| token == e.key.as_bytes())
        });
        if used {
            continue;
        }
        if DEAD_KEYS.contains(&e.key.as_str()) {
            d.note(
                "pathfile.unknown_key",
                &subject,
                t(
                    format!("{} is ignored by the executables", e.key),
                    format!("{} est ignoré par les exécutables", e.key),
                ),
            );
        } else if let Some(k) = suggest(&e.key, known.iter().copied()) {
            d.add(
                Severity::Warning,
                "pathfile.unknown_key",
                &subject,
                t(
                    format!("unknown key {} (keys are case-sensitive): did you mean {k}?", e.key),
                    format!("clé inconnue {} (les clés respectent la casse) : vouliez-vous dire {k} ?", e.key),
                ),
                None,
                None,
                Some(t(format!("Rename it {k}."), format!("Renommez-la {k}."))),
            );
        } else {
            d.note(
                "pathfile.unknown_key",
                &subject,
                t(
                    format!("{} is not used by the executables", e.key),
                    format!("{} n'est pas utilisé par les exécutables", e.key),
                ),
            );
        }
    }
}
