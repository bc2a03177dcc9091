//! The pathfile: readable, each line's syntax (all of them, with line
//! numbers, where the executables stop at the first), each keyword, the
//! variables, relative paths, duplicates and likely typos.

use super::catalogue::{self as cat, REQUIRED_KEYWORDS};
use super::files::{is_dir, read};
use super::{resolved, show, show_path, suggest, traps, Doctor, Paths};
use crate::args;
use crate::core::inspect::pathfile::{self, LineProblem, Pathfile, KNOWN_KEYS};
use crate::core::inspect::{fgets_lines, Category, FileError};
use crate::core::legacy;

/// The pathfile's line buffer in the legacy code (a longer line is read in pieces).
const LINE_BUFFER: usize = 256;
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
    let content = read_pathfile(d, &path, &shown)?;
    traps::check(d, &path, &content);
    let (parsed, entries) = check_lines(d, &path, &shown, &content)?;
    check_entries(d, &shown, &entries);
    let mut paths = required_keywords(d, &path, &shown, &parsed);
    paths.ctype = ctype(d, &path, &shown, &parsed);
    debug_mode(d, &shown, &parsed);
    if let Some(logo) = paths.logo_url.as_ref().filter(|l| !l.ends_with(b"/")) {
        let logo = show(logo);
        d.found(&cat::PATHFILE_D_LOGO_SLASH, format!("{shown}: D_LOGO"), args![logo = logo]);
    }
    relative_paths(d, &shown, &paths);
    Some(paths)
}

/// The file's bytes, or the finding that says why there are none.
fn read_pathfile(d: &mut Doctor, path: &[u8], shown: &str) -> Option<std::sync::Arc<Vec<u8>>> {
    let content = match read(path) {
        Ok(c) => c,
        Err(FileError::NotFound) => {
            let f = d.found(&cat::PATHFILE_MISSING, shown, args![path = shown]);
            f.legacy(legacy::api(Category::ReadingPathfile, path));
            if let Some((cwd, absolute)) = resolved(path) {
                f.also(&cat::RESOLVED_AGAINST, args![cwd = cwd, absolute = absolute]);
            }
            return None;
        }
        Err(FileError::PermissionDenied) => {
            let f = d.found(&cat::PATHFILE_DENIED, shown, args![path = shown]);
            f.legacy(legacy::api(Category::PathfilePermission, path));
            return None;
        }
    };
    if is_dir(path) {
        d.found(&cat::PATHFILE_IS_DIRECTORY, shown, &[]).legacy(legacy::missing_keyword("D_LOGO"));
        return None;
    }
    Some(content)
}

/// Every line judged by the core's own parser, one at a time, so that all
/// the bad lines are listed; then the file without them, parsed whole.
fn check_lines(d: &mut Doctor, path: &[u8], shown: &str, content: &[u8]) -> Option<(Pathfile, Vec<RawEntry>)> {
    let lines = fgets_lines(content, LINE_BUFFER);
    let mut sanitized = Vec::with_capacity(content.len());
    let mut first_bad = None;
    let mut entries = Vec::new();
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
                sanitized.extend_from_slice(b"#\n");
                let first = *first_bad.get_or_insert(number);
                let long = |l: &[u8]| l.len() == LINE_BUFFER - 1 && !l.ends_with(b"\n");
                let cut = long(line) || (i > 0 && long(lines[i - 1]));
                bad_line(d, path, shown, (number, line), e.problem, (first, cut));
            }
        }
    }
    if first_bad.is_none() {
        d.found(&cat::PATHFILE_SYNTAX_OK, shown, args![lines = lines.len()]);
    }
    // Every line left passed on its own: the whole cannot fail.
    let parsed = pathfile::parse(&sanitized).ok()?;
    Some((parsed, entries))
}

fn bad_line(
    d: &mut Doctor,
    path: &[u8],
    shown: &str,
    (number, line): (usize, &[u8]),
    problem: LineProblem,
    (first, cut): (usize, bool),
) {
    let what = match problem {
        LineProblem::BangMissing => cat::NO_BANG,
        LineProblem::EmptyKeyOrValue => cat::EMPTY_KEY_OR_VALUE,
    };
    let subject = format!("{shown}:{number}: {}", show(line).trim_end());
    let f = d.found(&cat::PATHFILE_BAD_LINE, subject, args![line = number, what = what]);
    if cut {
        f.also(&cat::LONGER_THAN_255, &[]);
    }
    if first != number {
        f.also(&cat::ONLY_FIRST_REPORTED, args![first = first]);
    }
    f.also(&cat::TRACE_LINE, args![trace = problem.trace_text()]);
    f.legacy(legacy::api(Category::PathfileSeparator { sign: '+', line: number }, path));
}

/// The required keywords, all of them (the executables stop at the first missing).
fn required_keywords(d: &mut Doctor, path: &[u8], shown: &str, parsed: &Pathfile) -> Paths {
    let mut paths = Paths::default();
    for (key, faq, example) in REQUIRED_KEYWORDS {
        let subject = format!("{shown}: {key}");
        match parsed.get(key.as_bytes()) {
            Err(_) => {
                d.found(&cat::PATHFILE_LOOP, subject, args![key = key])
                    .legacy(legacy::api(Category::ReadingPathfile, path));
            }
            Ok(v) if v.is_empty() => {
                d.found(&cat::PATHFILE_KEYWORD_MISSING, subject, args![key = key, example = example])
                    .faq(faq)
                    .legacy(legacy::missing_keyword(key));
            }
            Ok(v) => {
                d.found(&cat::PATHFILE_KEYWORD_OK, subject, args![key = key, value = show(&v)]);
                let slot = match key {
                    "D_LOGO" => &mut paths.logo_url,
                    "F_DEFAULT" => &mut paths.defaults,
                    "F_PARAM" => &mut paths.merchant_prefix,
                    _ => &mut paths.certificate_prefix,
                };
                *slot = Some(v);
            }
        }
    }
    paths
}

/// F_CTYPE: optional, but it decides the certificate's name and layout.
fn ctype(d: &mut Doctor, path: &[u8], shown: &str, parsed: &Pathfile) -> Vec<u8> {
    let subject = format!("{shown}: F_CTYPE");
    match parsed.get(b"F_CTYPE") {
        Err(_) => {
            d.found(&cat::PATHFILE_LOOP, subject, args![key = "F_CTYPE"])
                .legacy(legacy::api(Category::ReadingPathfile, path));
            Vec::new()
        }
        Ok(v) if v.is_empty() => {
            d.found(&cat::PATHFILE_NO_CTYPE, subject, &[]);
            v
        }
        Ok(v) => {
            d.found(&cat::PATHFILE_KEYWORD_OK, subject, args![key = "F_CTYPE", value = show(&v)]);
            v
        }
    }
}

fn debug_mode(d: &mut Doctor, shown: &str, parsed: &Pathfile) {
    let Ok(debug) = parsed.get(b"DEBUG") else { return };
    let subject = format!("{shown}: DEBUG");
    if debug == b"YES" || debug == b"yes" {
        d.found(&cat::PATHFILE_DEBUG_ON, subject, &[]);
    } else if !debug.is_empty() && debug != b"NO" && debug != b"no" {
        d.found(&cat::PATHFILE_DEBUG_ODD, subject, args![value = show(&debug)]);
    }
}

/// A relative file path depends on the current directory of whoever runs
/// the executables: say against which directory it was resolved here.
fn relative_paths(d: &mut Doctor, shown: &str, paths: &Paths) {
    let files = [
        ("F_DEFAULT", &paths.defaults),
        ("F_PARAM", &paths.merchant_prefix),
        ("F_CERTIFICATE", &paths.certificate_prefix),
    ];
    for (key, value) in files {
        let Some(value) = value else { continue };
        if let Some((cwd, absolute)) = resolved(value) {
            let args = args![key = key, value = show(value), cwd = cwd, absolute = absolute];
            d.found(&cat::PATHFILE_RELATIVE, format!("{shown}: {key}"), args);
        }
    }
}

/// Duplicates, values cut at a space, variables, unknown keys.
fn check_entries(d: &mut Doctor, shown: &str, entries: &[RawEntry]) {
    let known: Vec<&str> = KNOWN_KEYS.iter().map(|k| std::str::from_utf8(k).unwrap_or("")).collect();
    for (i, e) in entries.iter().enumerate() {
        let subject = format!("{shown}:{}: {}", e.line, e.key);
        if let Some(first) = entries[..i].iter().find(|p| p.key == e.key) {
            d.found(&cat::PATHFILE_DUPLICATE, subject, args![key = &e.key, first = first.line]);
            continue;
        }
        let value = e.value.trim_ascii_start();
        if known.contains(&e.key.as_str()) {
            if value.contains(&b' ') {
                d.found(&cat::PATHFILE_SPACE, subject.clone(), args![value = show(value)]);
            }
            if value.contains(&b'!') {
                d.found(&cat::PATHFILE_USES_VARIABLES, subject, args![key = &e.key, value = show(value)]);
            }
            continue;
        }
        // A key named in another line's value is a variable: that is its use.
        let used =
            entries.iter().any(|o| o.value.trim_ascii_start().split(|&b| b == b'!').any(|t| t == e.key.as_bytes()));
        if !used {
            unknown_key(d, subject, &e.key, &known);
        }
    }
}

fn unknown_key(d: &mut Doctor, subject: String, key: &str, known: &[&str]) {
    if DEAD_KEYS.contains(&key) {
        d.found(&cat::PATHFILE_DEAD_KEY, subject, args![key = key]);
    } else if let Some(k) = suggest(key, known.iter().copied()) {
        d.found(&cat::PATHFILE_KEY_TYPO, subject, args![key = key, known = k]);
    } else {
        d.found(&cat::PATHFILE_UNUSED_KEY, subject, args![key = key]);
    }
}
