//! Where the sandbox finds a merchant's certificate: the merchant's own
//! pathfile (F_CERTIFICATE + F_CTYPE, exactly as the shop's executables use
//! it) or a directory of `certif.<country>.<merchant_id>[.<type>]` files.
//! Both are read again for every payment: a certificate dropped into the
//! directory serves at once, without a restart.

use crate::args;
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

    fn how_to_add(&self, country: &str, id: &str) -> Text {
        let directory = self.sources.iter().find_map(|s| match s {
            Source::Directory(dir) => Some(dir.display().to_string()),
            Source::Pathfile(_) => None,
        });
        match directory {
            Some(dir) => ADD_TO_DIRECTORY.fill(args![id = id, country = country, dir = dir]),
            None => ADD_WITHOUT_DIRECTORY.fill(args![id = id, country = country]),
        }
    }
}
