//! `sogen doctor`: checks an installation the way the support desk would and
//! explains each problem with the legacy error it causes, the FAQ entry it
//! corresponds to and the fix (English and French). A merchant whose
//! certificate file holds a Sips 2.0 key file gets the key file's checks and
//! a Sips 2.0 trial instead.
//!
//! What it can say is data ([`catalogue`]); the legacy texts come from the
//! core, and the trial `request` + `response` round trip runs the core itself.

pub mod catalogue;
mod certificate;
pub mod cli;
mod executables;
mod files;
mod keyfile;
mod logos;
mod merchant;
mod parmcom;
mod pathfile;
mod probe;
mod report;
mod server;
mod settings;
mod traps;
mod trial;
mod trial_sips2;

pub use report::{Finding, Report, Severity};

use crate::core::inspect::keyfile::KeyFile;
use crate::core::inspect::{os_path, parmcom::Parmcom, ApiError, Category, Field};
use crate::lang::Arg;
use catalogue::Entry;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The pathfile, as the shop passes it with `pathfile=` (bytes: paths need not be UTF-8).
    pub pathfile: Vec<u8>,
    /// The merchant to check; found from the file names when there is only one.
    pub merchant_id: Option<String>,
    /// `merchant_country`; defaults to the parmcom files' MERCHANT_COUNTRY, then `fr`.
    pub country: Option<String>,
    /// A directory holding `request` and `response` executables to check (FAQ 11–12).
    pub bin_dir: Option<PathBuf>,
    /// The directory the web server serves as D_LOGO; default: `logo/` beside the pathfile.
    pub logo_dir: Option<PathBuf>,
    /// How long an executable of `bin_dir` may take to answer.
    pub executable_timeout: Duration,
    /// Skip the trial request + response.
    pub no_trial: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            pathfile: b"pathfile".to_vec(),
            merchant_id: None,
            country: None,
            bin_dir: None,
            logo_dir: None,
            executable_timeout: Duration::from_secs(5),
            no_trial: false,
        }
    }
}

/// What the pathfile names, once read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paths {
    pub logo_url: Option<Vec<u8>>,
    pub defaults: Option<Vec<u8>>,
    pub merchant_prefix: Option<Vec<u8>>,
    pub certificate_prefix: Option<Vec<u8>>,
    pub ctype: Vec<u8>,
}

/// The state shared by the checks.
pub(crate) struct Doctor {
    pub opts: Options,
    pub report: Report,
    pub paths: Option<Paths>,
    pub defaults: Option<Arc<Parmcom>>,
    pub merchant: Option<Arc<Parmcom>>,
    /// The merchant's credential file, once read.
    pub credential: Option<Credential>,
}

/// A merchant's credential file: a certificate (SIPS 1.0) or a key file (Sips 2.0).
#[derive(Debug, Clone)]
pub(crate) struct Credential {
    pub path: Vec<u8>,
    /// Where the payment forms post: the certificate's server URL, the key file's PAYMENT_URL.
    pub url: String,
    /// The key file, for a Sips 2.0 merchant.
    pub key: Option<KeyFile>,
}

impl Doctor {
    /// Records the finding `entry` describes and returns it for the details.
    pub fn found(&mut self, entry: &Entry, subject: impl Into<String>, args: &[(&str, Arg)]) -> &mut Finding {
        self.report.findings.push(Finding::new(entry, subject.into(), args));
        self.report.findings.last_mut().expect("just pushed")
    }

    pub fn merchant_id(&self) -> Option<&str> {
        self.report.merchant_id.as_deref()
    }

    pub fn country(&self) -> &str {
        self.report.country.as_deref().unwrap_or("fr")
    }

    /// A merged parmcom value: the merchant file wins over the shared one.
    pub fn setting(&self, field: Field) -> Option<&[u8]> {
        self.merchant.as_ref().and_then(|p| p.get(field)).or_else(|| self.defaults.as_ref().and_then(|p| p.get(field)))
    }
}

/// Runs every check.
pub fn diagnose(opts: Options) -> Report {
    let report = Report {
        pathfile: show(&opts.pathfile),
        merchant_id: None,
        country: opts.country.clone(),
        findings: Vec::new(),
    };
    let mut d = Doctor { opts, report, paths: None, defaults: None, merchant: None, credential: None };
    d.paths = pathfile::check(&mut d);
    parmcom::check_files(&mut d);
    merchant::resolve_country(&mut d);
    settings::check(&mut d);
    keyfile::protocols(&mut d);
    certificate::check(&mut d);
    logos::check(&mut d);
    if let Some(dir) = d.opts.bin_dir.clone() {
        executables::check(&mut d, &dir);
    }
    if !d.opts.no_trial {
        trial::run(&mut d);
    }
    d.report
}

/// The FAQ entry a legacy error corresponds to.
pub fn faq_for(error: &ApiError) -> Option<u32> {
    Some(match error.category {
        Category::ReadingPathfile => match error.detail.strip_prefix(b"no key word ") {
            Some(b"F_CERTIFICATE") => 14,
            Some(b"F_PARAM") => 15,
            Some(b"F_DEFAULT") => 16,
            Some(b"D_LOGO") => 17,
            _ => 13,
        },
        Category::PathfilePermission => 13,
        Category::PathfileSeparator { .. } | Category::ParmcomSeparator { .. } => 22,
        Category::ReadingMerchant | Category::MerchantPermission => 18,
        Category::ReadingDefaults | Category::DefaultsPermission => 19,
        Category::ReadingCertificate | Category::CertificatePermission | Category::CertificateField => 20,
        Category::CallParameters => 23,
        Category::MessageConstruction => 24,
        _ => return None,
    })
}

/// Bytes shown as text.
pub(crate) fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `path` shown for a message.
pub(crate) fn show_path(path: &[u8]) -> String {
    os_path(path).display().to_string()
}

/// For a relative path: the current directory it is resolved against and
/// the absolute path it names (the executables resolve it the same way).
pub(crate) fn resolved(path: &[u8]) -> Option<(String, String)> {
    let p = os_path(path);
    if p.is_absolute() || path.is_empty() {
        return None;
    }
    let cwd = std::env::current_dir().ok()?;
    Some((cwd.display().to_string(), cwd.join(p).display().to_string()))
}

/// Levenshtein distance, for "did you mean" suggestions.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The closest of `known` to `word` (case-insensitive, at most 2 edits).
pub(crate) fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let upper = word.to_ascii_uppercase();
    known
        .into_iter()
        .map(|k| (distance(&upper, &k.to_ascii_uppercase()), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(distance("F_CERTIFICAT", "F_CERTIFICATE"), 1);
        assert_eq!(suggest("f_param", ["F_PARAM", "D_LOGO"]), Some("F_PARAM"));
        assert_eq!(suggest("COLOUR", ["F_PARAM", "D_LOGO"]), None);
    }

    #[test]
    fn faq_mapping_follows_the_error() {
        let e = |c, d: &str| ApiError::new(c, d.as_bytes().to_vec());
        assert_eq!(faq_for(&e(Category::ReadingPathfile, "no key word F_PARAM")), Some(15));
        assert_eq!(faq_for(&e(Category::ReadingPathfile, "/x/pathfile")), Some(13));
        assert_eq!(faq_for(&e(Category::ParmcomSeparator { line: 1, found: 2 }, "/p")), Some(22));
        assert_eq!(faq_for(&e(Category::InvalidMac, "")), None);
    }

    #[test]
    fn relative_paths_are_resolved_against_the_current_directory() {
        let cwd = std::env::current_dir().unwrap();
        let (dir, absolute) = resolved(b"param/parmcom").unwrap();
        assert_eq!(dir, cwd.display().to_string());
        assert_eq!(absolute, cwd.join("param/parmcom").display().to_string());
        assert_eq!(resolved(b"/etc/x"), None);
    }
}
