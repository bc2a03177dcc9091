//! `sogen doctor`: checks an installation the way the support desk would and
//! explains each problem with the legacy error it causes, the FAQ entry it
//! corresponds to and the fix (English and French).
//!
//! The legacy texts are never written here: they come from the core's own
//! error types (`sogen::ApiError`, `sogen::ArgumentError`), and the trial
//! `request` + `response` round trip runs the core itself.

mod certificate;
mod files;
mod parmcom;
mod pathfile;
mod trial;

use serde::Serialize;
use sogen::inspect::os_path;
use sogen::inspect::{ApiError, Category};
use std::fmt::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

/// How serious a finding is. Only `Warning` and `Error` make the exit status non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A check that passed.
    Ok,
    /// Worth knowing, nothing to fix.
    Note,
    /// Something to fix: payments may work but something is wrong or unsafe.
    Warning,
    /// Payments fail (the legacy executables or the payment server refuse).
    Error,
}

/// A sentence in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

/// Builds a [`Text`].
pub fn t(en: impl Into<String>, fr: impl Into<String>) -> Text {
    Text { en: en.into(), fr: fr.into() }
}

/// One diagnosis.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier of the check (`pathfile.keyword`, `certificate.header`…).
    pub check: &'static str,
    /// The file, line or setting concerned.
    pub subject: String,
    pub problem: Text,
    /// The exact text the legacy executables print for it, when they report it.
    pub legacy: Option<String>,
    /// The FAQ entry (`faq.txt`) it corresponds to.
    pub faq: Option<u32>,
    pub fix: Option<Text>,
}

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The pathfile, as the shop passes it with `pathfile=` (bytes: paths need not be UTF-8).
    pub pathfile: Vec<u8>,
    /// The merchant to check; found from the file names when there is only one.
    pub merchant_id: Option<String>,
    /// `merchant_country`; defaults to the parmcom files' MERCHANT_COUNTRY, then `fr`.
    pub country: Option<String>,
    /// A directory holding `request` and `response` executables to check (FAQ 11–12).
    pub bin_dir: Option<PathBuf>,
    /// Skip the trial request + response.
    pub no_trial: bool,
}

/// Everything the doctor found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub pathfile: String,
    pub merchant_id: Option<String>,
    pub country: Option<String>,
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when nothing needs fixing (notes and passed checks only).
    pub fn is_healthy(&self) -> bool {
        !self.findings.iter().any(|f| f.severity >= Severity::Warning)
    }

    /// 0 when all is well, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        if self.is_healthy() {
            0
        } else {
            1
        }
    }

    /// The findings of one check.
    pub fn of(&self, check: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.check == check).collect()
    }

    /// The problems (warnings and errors).
    pub fn problems(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity >= Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// The report as text; `lang` is `en`, `fr` or `both`; `quiet` hides passed checks.
    pub fn render(&self, lang: &str, quiet: bool) -> String {
        let (en, fr) = (lang != "fr", lang != "en");
        let mut out = String::new();
        let _ = writeln!(
            out,
            "sogen doctor: pathfile {}, merchant {} ({})\n",
            self.pathfile,
            self.merchant_id.as_deref().unwrap_or("?"),
            self.country.as_deref().unwrap_or("?")
        );
        for f in &self.findings {
            if quiet && f.severity == Severity::Ok {
                continue;
            }
            let tag = match f.severity {
                Severity::Ok => "  ok ",
                Severity::Note => " note",
                Severity::Warning => " WARN",
                Severity::Error => "ERROR",
            };
            let _ = writeln!(out, "[{tag}] {:<22} {}", f.check, f.subject);
            if en {
                let _ = writeln!(out, "        {}", f.problem.en);
            }
            if fr {
                let _ = writeln!(out, "        FR : {}", f.problem.fr);
            }
            if f.severity >= Severity::Warning {
                match &f.legacy {
                    Some(l) => {
                        let _ = writeln!(out, "        legacy error: {l}");
                    }
                    None => {
                        let _ = writeln!(out, "        legacy error: none (the executables do not report this)");
                    }
                }
            }
            if let Some(entry) = f.faq.and_then(crate::faq::entry) {
                let _ = writeln!(out, "        FAQ §{}: {} ({})", entry.number, entry.title, crate::faq::FAQ_PATH);
            }
            if let Some(fix) = &f.fix {
                if en {
                    let _ = writeln!(out, "        fix: {}", fix.en);
                }
                if fr {
                    let _ = writeln!(out, "        correctif : {}", fix.fr);
                }
            }
        }
        let _ = writeln!(
            out,
            "\n{} error(s), {} warning(s), {} note(s), {} check(s) passed: {}",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Note),
            self.count(Severity::Ok),
            if self.is_healthy() { "all is well" } else { "see the fixes above" }
        );
        out
    }
}

/// The legacy text of an API error (`MESSAGE (DETAIL)`), from the core's own wording.
pub fn legacy(category: Category, detail: impl Into<Vec<u8>>) -> String {
    ApiError::new(category, detail).to_string()
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

/// What the pathfile names, once read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paths {
    pub logo_dir: Option<Vec<u8>>,
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
    pub defaults: Option<std::sync::Arc<sogen::inspect::parmcom::Parmcom>>,
    pub merchant: Option<std::sync::Arc<sogen::inspect::parmcom::Parmcom>>,
}

impl Doctor {
    /// One finding; the positional form keeps the 69 call sites one line each.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        severity: Severity,
        check: &'static str,
        subject: impl Into<String>,
        problem: Text,
        legacy: Option<String>,
        faq: Option<u32>,
        fix: Option<Text>,
    ) {
        self.report.findings.push(Finding { severity, check, subject: subject.into(), problem, legacy, faq, fix });
    }

    pub fn ok(&mut self, check: &'static str, subject: impl Into<String>, what: Text) {
        self.add(Severity::Ok, check, subject, what, None, None, None);
    }

    pub fn note(&mut self, check: &'static str, subject: impl Into<String>, what: Text) {
        self.add(Severity::Note, check, subject, what, None, None, None);
    }

    pub fn merchant_id(&self) -> Option<&str> {
        self.report.merchant_id.as_deref()
    }

    pub fn country(&self) -> &str {
        self.report.country.as_deref().unwrap_or("fr")
    }

    /// A merged parmcom value: the merchant file wins over the shared one.
    pub fn setting(&self, field: sogen::inspect::Field) -> Option<&[u8]> {
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
    let mut d = Doctor { opts, report, paths: None, defaults: None, merchant: None };
    d.paths = pathfile::check(&mut d);
    if let Some(path) = d.paths.as_ref().and_then(|p| p.defaults.clone()) {
        d.defaults = parmcom::check_file(&mut d, &path, parmcom::Role::Defaults);
    }
    parmcom::resolve_merchant(&mut d);
    if let (Some(prefix), Some(id)) =
        (d.paths.as_ref().and_then(|p| p.merchant_prefix.clone()), d.merchant_id().map(str::to_string))
    {
        let path = [&prefix[..], b".", id.as_bytes()].concat();
        d.merchant = parmcom::check_file(&mut d, &path, parmcom::Role::Merchant);
    }
    parmcom::resolve_country(&mut d);
    parmcom::check_settings(&mut d);
    certificate::check(&mut d);
    if let Some(dir) = d.opts.bin_dir.clone() {
        files::check_executables(&mut d, &dir);
    }
    if !d.opts.no_trial {
        trial::run(&mut d);
    }
    d.report
}

/// A path argument as bytes.
pub fn path_bytes(p: &std::ffi::OsStr) -> Vec<u8> {
    p.as_bytes().to_vec()
}

/// `path` shown for a message.
pub(crate) fn show_path(path: &[u8]) -> String {
    os_path(path).display().to_string()
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
}
