//! The doctor's findings and how they are printed: one language at a time,
//! every word of the report from the catalogue.

pub use super::catalogue::Severity;
use super::catalogue::{self as cat, Entry};
use crate::args;
use crate::faq;
use crate::lang::{Arg, Lang, Msg, Text};
use serde::Serialize;
use std::fmt::Write as _;

/// One diagnosis.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The group of checks (`pathfile.keyword`, `certificate.header`…).
    pub check: &'static str,
    /// The catalogue entry (`PATHFILE_KEYWORD_MISSING`…).
    pub id: &'static str,
    /// The file, line or setting concerned.
    pub subject: String,
    pub problem: Text,
    /// The exact text the legacy executables print for it, when they report it.
    pub legacy: Option<String>,
    /// The FAQ entry it corresponds to, and that entry's heading.
    pub faq: Option<u32>,
    pub faq_title: Option<&'static str>,
    pub fix: Option<Text>,
}

impl Finding {
    /// The finding `entry` describes, its placeholders filled from `args`.
    pub fn new(entry: &Entry, subject: String, args: &[(&str, Arg)]) -> Finding {
        let mut finding = Finding {
            severity: entry.severity,
            check: entry.check,
            id: entry.name,
            subject,
            problem: entry.problem.fill(args),
            legacy: None,
            faq: None,
            faq_title: None,
            fix: entry.fix.map(|m| m.fill(args)),
        };
        if let Some(n) = entry.faq {
            finding.faq(n);
        }
        finding
    }

    /// The text the executables print for this problem.
    pub fn legacy(&mut self, text: impl Into<String>) -> &mut Finding {
        self.legacy = Some(text.into());
        self
    }

    /// The FAQ entry, where it depends on the case (the missing keyword).
    pub fn faq(&mut self, number: u32) -> &mut Finding {
        self.faq = Some(number);
        self.faq_title = faq::entry(number).map(|e| e.title);
        self
    }

    /// Adds a fragment to the problem.
    pub fn also(&mut self, fragment: &Msg, args: &[(&str, Arg)]) -> &mut Finding {
        self.problem.push(&fragment.fill(args));
        self
    }

    /// Adds a fragment to the fix.
    pub fn fix_also(&mut self, fragment: &Msg, args: &[(&str, Arg)]) -> &mut Finding {
        if let Some(fix) = &mut self.fix {
            fix.push(&fragment.fill(args));
        }
        self
    }
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
        i32::from(!self.is_healthy())
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

    /// The report as text in `lang`; `quiet` hides the passed checks.
    pub fn render(&self, lang: Lang, quiet: bool) -> String {
        let merchant = self.merchant_id.as_deref().unwrap_or("?");
        let country = self.country.as_deref().unwrap_or("?");
        let header = cat::REPORT_HEADER.fill(args![pathfile = &self.pathfile, merchant = merchant, country = country]);
        let mut out = format!("{}\n\n", header.get(lang));
        for f in self.findings.iter().filter(|f| !quiet || f.severity != Severity::Ok) {
            render_finding(&mut out, f, lang);
        }
        let verdict = if self.is_healthy() { cat::REPORT_ALL_WELL } else { cat::REPORT_SEE_FIXES };
        let summary = cat::REPORT_SUMMARY.fill(args![
            errors = self.count(Severity::Error),
            warnings = self.count(Severity::Warning),
            notes = self.count(Severity::Note),
            passed = self.count(Severity::Ok),
            verdict = verdict,
        ]);
        let _ = writeln!(out, "\n{}", summary.get(lang));
        out
    }
}

fn render_finding(out: &mut String, f: &Finding, lang: Lang) {
    let tag = match f.severity {
        Severity::Ok => cat::TAG_OK,
        Severity::Note => cat::TAG_NOTE,
        Severity::Warning => cat::TAG_WARNING,
        Severity::Error => cat::TAG_ERROR,
    };
    let line = |out: &mut String, m: Msg, args: &[(&str, Arg)]| {
        let _ = writeln!(out, "        {}", m.fill(args).get(lang));
    };
    let _ = writeln!(out, "[{}] {:<22} {}", tag.fill(&[]).get(lang), f.check, f.subject);
    let _ = writeln!(out, "        {}", f.problem.get(lang));
    if f.severity >= Severity::Warning {
        match &f.legacy {
            Some(text) => line(out, cat::REPORT_LEGACY, args![text = text]),
            None => line(out, cat::REPORT_NO_LEGACY, &[]),
        }
    }
    if let Some(entry) = f.faq.and_then(faq::entry) {
        line(out, cat::REPORT_FAQ, args![number = entry.number.to_string(), gloss = entry.gloss, title = entry.title]);
    }
    if let Some(fix) = &f.fix {
        line(out, cat::REPORT_FIX, args![text = fix.get(lang)]);
    }
}
