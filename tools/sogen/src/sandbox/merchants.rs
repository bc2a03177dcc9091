//! Where the sandbox finds a merchant's certificate or Sips 2.0 key file:
//! the merchant's own pathfile (F_CERTIFICATE + F_CTYPE, exactly as the
//! shop's executables use it) or a directory of
//! `certif.<country>.<merchant_id>[.<type>]` files. Both are read again for
//! every payment: a certificate or key file dropped into the directory
//! serves at once, without a restart. A Sips 2.0 request names no country:
//! its key file is looked for under every country, as `response` does.

use crate::args;
use crate::core::inspect::keyfile::{self, KeyFile};
use crate::core::inspect::{certificate, os_path, pathfile};
use crate::core::server::KeyMatrix;
use crate::lang::{Msg, Text};
use std::path::{Path, PathBuf};

const ADD_TO_DIRECTORY: Msg = Msg::new(
    "To add merchant {id}, copy the shop's certificate (the file its pathfile's F_CERTIFICATE names: certif.{country}.{id}.php, or certif.{country}.{id} without a header) into {dir}: the sandbox reads it at the next payment, without a restart.",
    "Pour ajouter le commerçant {id}, copiez le certificat de la boutique (le fichier que nomme le F_CERTIFICATE de son pathfile : certif.{country}.{id}.php, ou certif.{country}.{id} sans en-tête) dans {dir} : la sandbox le lit au paiement suivant, sans redémarrage.",
);
const ADD_WITHOUT_DIRECTORY: Msg = Msg::new(
    "To add merchant {id}, restart the sandbox with --pathfile <the shop's pathfile>, or with --cert-dir DIR and copy the shop's certificate (certif.{country}.{id}.php) into DIR: certificates dropped there are read at the next payment, without a restart.",
    "Pour ajouter le commerçant {id}, relancez la sandbox avec --pathfile <le pathfile de la boutique>, ou avec --cert-dir RÉP et copiez le certificat de la boutique (certif.{country}.{id}.php) dans RÉP : les certificats déposés là sont lus au paiement suivant, sans redémarrage.",
);

const ADD_KEY_TO_DIRECTORY: Msg = Msg::new(
    "To add merchant {id}, copy the shop's key file (the file its pathfile's F_CERTIFICATE names, written by sogen key: certif.<country>.{id}.php) into {dir}: the sandbox reads it at the next payment, without a restart.",
    "Pour ajouter le commerçant {id}, copiez le fichier de clé de la boutique (le fichier que nomme le F_CERTIFICATE de son pathfile, écrit par sogen key : certif.<pays>.{id}.php) dans {dir} : la sandbox le lit au paiement suivant, sans redémarrage.",
);
const ADD_KEY_WITHOUT_DIRECTORY: Msg = Msg::new(
    "To add merchant {id}, restart the sandbox with --pathfile <the shop's pathfile>, or with --cert-dir DIR and copy the shop's key file (certif.<country>.{id}.php) into DIR: key files dropped there are read at the next payment, without a restart.",
    "Pour ajouter le commerçant {id}, relancez la sandbox avec --pathfile <le pathfile de la boutique>, ou avec --cert-dir RÉP et copiez le fichier de clé de la boutique (certif.<pays>.{id}.php) dans RÉP : les fichiers de clé déposés là sont lus au paiement suivant, sans redémarrage.",
);

/// One place to look.
#[derive(Debug, Clone)]
pub enum Source {
    Pathfile(PathBuf),
    Directory(PathBuf),
}

/// A certificate found for a merchant.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub matrix: KeyMatrix,
}

/// A Sips 2.0 key file found for a merchant, and the country of its name.
#[derive(Debug, Clone)]
pub struct KeyFound {
    pub path: PathBuf,
    pub country: String,
    pub key: KeyFile,
}

/// Why no key serves a merchant, and how to give it one.
#[derive(Debug, Clone)]
pub struct NotFound {
    pub detail: String,
    pub how: Option<Text>,
}

/// F_CERTIFICATE and F_CTYPE of a pathfile (after its variables).
pub fn pathfile_certificate(path: &Path) -> Result<(Vec<u8>, Vec<u8>), String> {
    let content = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = pathfile::parse(&content).map_err(|e| format!("{}: invalid line {}", path.display(), e.line))?;
    let prefix =
        parsed.get(b"F_CERTIFICATE").map_err(|_| format!("{}: F_CERTIFICATE refers to itself", path.display()))?;
    if prefix.is_empty() {
        return Err(format!("{}: no F_CERTIFICATE", path.display()));
    }
    let ctype = parsed.get(b"F_CTYPE").unwrap_or_default();
    Ok((prefix, ctype))
}

/// `certif.<cc>.<id>` (bare) and `certif.<cc>.<id>.<type>` (with a header,
/// not the previous certificate `.old.<type>`) in `dir`, headers first.
fn directory_candidates(dir: &Path, country: &str, id: &str) -> Vec<(PathBuf, bool)> {
    let base = format!("certif.{country}.{id}");
    let mut found: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name == base {
                        return Some((e.path(), false));
                    }
                    let ext = name.strip_prefix(&base)?.strip_prefix('.')?;
                    (!ext.is_empty() && !ext.contains('.') && ext != "old").then(|| (e.path(), true))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|(_, header)| !header);
    found
}

/// The country of `<base>.<country>.<id><tail>`, when `tail` is one the source reads.
fn country_in(name: &str, base: &str, id: &str, tail_ok: impl Fn(&str) -> bool) -> Option<String> {
    let (country, rest) = name.strip_prefix(base)?.strip_prefix('.')?.split_once('.')?;
    let tail = rest.strip_prefix(id)?;
    let country_ok = (1..=2).contains(&country.len()) && country.bytes().all(|b| b.is_ascii_alphabetic());
    (country_ok && tail_ok(tail)).then(|| country.to_string())
}

/// The files of `dir` whose names give a country with `country_of`, sorted.
fn listed(dir: &Path, country_of: impl Fn(&str) -> Option<String>) -> Vec<(PathBuf, String)> {
    let mut found: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| country_of(&e.file_name().to_string_lossy()).map(|country| (e.path(), country)))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

impl Source {
    /// Checks the source can be used at all (at start-up, so mistakes show at once).
    pub fn check(&self) -> Result<(), String> {
        match self {
            Source::Pathfile(p) => pathfile_certificate(p).map(|_| ()),
            Source::Directory(d) if d.is_dir() => Ok(()),
            Source::Directory(d) => Err(format!("{}: not a directory", d.display())),
        }
    }

    /// The certificate files for (country, merchant id), with whether they have a header.
    fn candidates(&self, country: &str, id: &str) -> Vec<(PathBuf, bool)> {
        match self {
            Source::Pathfile(p) => match pathfile_certificate(p) {
                Ok((prefix, ctype)) => {
                    let mut name = [&prefix[..], b".", country.as_bytes(), b".", id.as_bytes()].concat();
                    if !ctype.is_empty() {
                        name.push(b'.');
                        name.extend_from_slice(&ctype);
                    }
                    vec![(os_path(&name).to_path_buf(), !ctype.is_empty())]
                }
                Err(_) => Vec::new(),
            },
            Source::Directory(dir) => directory_candidates(dir, country, id),
        }
    }

    /// The credential files of merchant `id` under every country, with the country.
    fn every_country(&self, id: &str) -> Vec<(PathBuf, String)> {
        match self {
            Source::Pathfile(p) => {
                let Ok((prefix, ctype)) = pathfile_certificate(p) else { return Vec::new() };
                let prefix = os_path(&prefix).to_path_buf();
                let (Some(dir), Some(base)) = (prefix.parent(), prefix.file_name()) else { return Vec::new() };
                let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
                let tail =
                    if ctype.is_empty() { String::new() } else { format!(".{}", String::from_utf8_lossy(&ctype)) };
                listed(dir, |name| country_in(name, &base.to_string_lossy(), id, |t| t == tail))
            }
            Source::Directory(dir) => listed(dir, |name| {
                let extension =
                    |t: &str| t.strip_prefix('.').is_some_and(|e| !e.is_empty() && !e.contains('.') && e != "old");
                country_in(name, "certif", id, |t| t.is_empty() || extension(t))
            }),
        }
    }
}

/// The sources, tried in order.
#[derive(Debug, Clone, Default)]
pub struct Merchants {
    pub sources: Vec<Source>,
}

impl Merchants {
    /// The certificate of merchant `id` in `country`. `country` and `id` must
    /// already be checked (two letters, digits): they become a file name.
    pub fn find(&self, country: &str, id: &str) -> Result<Found, NotFound> {
        for (path, header) in self.sources.iter().flat_map(|s| s.candidates(country, id)) {
            let Ok(content) = std::fs::read(&path) else { continue };
            // Never read as a certificate: its errors would show a line, the secret's maybe.
            if keyfile::is_key_file(&content) {
                let detail = format!(
                    "{} is a Sips 2.0 key file: merchant {id} pays through …/paymentInit, the shop holds a SIPS 1.0 certificate",
                    path.display()
                );
                return Err(NotFound { detail, how: None });
            }
            return match certificate::parse(&content, header).matrix {
                Ok(matrix) => Ok(Found { path, matrix }),
                Err(e) => {
                    let detail = format!("{}: {}", path.display(), String::from_utf8_lossy(&e.detail()));
                    Err(NotFound { detail, how: None })
                }
            };
        }
        let detail = format!("no certificate for merchant {id} ({country}) is configured in this payment server");
        Err(NotFound { detail, how: Some(self.how_to_add(country, id)) })
    }

    /// The Sips 2.0 key file of merchant `id`: exactly one, in the first
    /// source that has any; never a value of the file in an error.
    pub fn find_key_file(&self, id: &str) -> Result<KeyFound, NotFound> {
        let mut certificates = Vec::new();
        for source in &self.sources {
            let mut keys = Vec::new();
            for (path, country) in source.every_country(id) {
                let Ok(content) = std::fs::read(&path) else { continue };
                if !keyfile::is_key_file(&content) {
                    certificates.push(path);
                    continue;
                }
                match keyfile::parse(&content) {
                    Ok(key) => keys.push(KeyFound { path, country, key }),
                    Err(e) => {
                        return Err(NotFound { detail: format!("{}: {}", path.display(), e.detail()), how: None })
                    }
                }
            }
            match keys.len() {
                0 => continue,
                1 => return Ok(keys.remove(0)),
                _ => {
                    let paths: Vec<String> = keys.iter().map(|k| k.path.display().to_string()).collect();
                    let detail = format!("several key files for merchant {id}: {}", paths.join(", "));
                    return Err(NotFound { detail, how: None });
                }
            }
        }
        let detail = match certificates.first() {
            Some(path) => format!(
                "this payment server has a SIPS 1.0 certificate for merchant {id} ({}), not a Sips 2.0 key file",
                path.display()
            ),
            None => format!("no key file for merchant {id} is configured in this payment server"),
        };
        Err(NotFound { detail, how: Some(self.how_to_add_key(id)) })
    }

    /// The directory given with --cert-dir, if any.
    fn directory(&self) -> Option<String> {
        self.sources.iter().find_map(|s| match s {
            Source::Directory(dir) => Some(dir.display().to_string()),
            Source::Pathfile(_) => None,
        })
    }

    fn how_to_add(&self, country: &str, id: &str) -> Text {
        match self.directory() {
            Some(dir) => ADD_TO_DIRECTORY.fill(args![id = id, country = country, dir = dir]),
            None => ADD_WITHOUT_DIRECTORY.fill(args![id = id, country = country]),
        }
    }

    fn how_to_add_key(&self, id: &str) -> Text {
        match self.directory() {
            Some(dir) => ADD_KEY_TO_DIRECTORY.fill(args![id = id, dir = dir]),
            None => ADD_KEY_WITHOUT_DIRECTORY.fill(args![id = id]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_of_credential_file_names() {
        let php = |t: &str| t == ".php";
        assert_eq!(country_in("certif.fr.0042.php", "certif", "0042", php).as_deref(), Some("fr"));
        assert_eq!(country_in("certif.b.0042.php", "certif", "0042", php).as_deref(), Some("b"));
        for name in
            ["certif.fr.00421.php", "certif.fra.0042.php", "certif.fr.0042", "certif.f1.0042.php", "cert.fr.0042.php"]
        {
            assert_eq!(country_in(name, "certif", "0042", php), None, "{name}");
        }
    }
}
