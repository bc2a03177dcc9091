//! Where the sandbox finds a merchant's certificate: the merchant's own
//! pathfile (F_CERTIFICATE + F_CTYPE, exactly as the shop's executables use
//! it) or a directory of `certif.<country>.<merchant_id>[.<type>]` files.

use sogen::inspect::KeyMatrix;
use sogen::inspect::{certificate, os_path, pathfile};
use std::path::{Path, PathBuf};

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
            Source::Directory(dir) => {
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
                                // certif.<cc>.<id>.<type>, not the previous certificate (.old.<type>).
                                (!ext.is_empty() && !ext.contains('.') && ext != "old").then(|| (e.path(), true))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                found.sort_by_key(|(_, header)| !header);
                found
            }
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
    pub fn find(&self, country: &str, id: &str) -> Result<Found, String> {
        for source in &self.sources {
            for (path, header) in source.candidates(country, id) {
                let Ok(content) = std::fs::read(&path) else { continue };
                match certificate::parse(&content, header).matrix {
                    Ok(matrix) => return Ok(Found { path, matrix }),
                    Err(e) => return Err(format!("{}: {}", path.display(), String::from_utf8_lossy(&e.detail()))),
                }
            }
        }
        Err(format!("no certificate for merchant {id} ({country}) is configured in this payment server"))
    }
}
