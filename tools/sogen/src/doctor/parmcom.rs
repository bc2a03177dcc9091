//! The parmcom files (shared defaults and the merchant's own): readable,
//! each line's syntax, unknown keywords, values over their maxima.

use super::catalogue::{self as cat, Entry};
use super::files::{is_dir, read, siblings};
use super::{merchant, resolved, show, show_path, suggest, traps, Doctor};
use crate::args;
use crate::core::inspect::parmcom::{self, Parmcom};
use crate::core::inspect::{fgets_lines, Category, Field, FileError, FIELDS};
use crate::core::legacy;
use std::sync::Arc;

/// The parmcom line buffer in the legacy code.
const LINE_BUFFER: usize = 2048;

/// Which parmcom file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
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

    fn unreadable(self) -> &'static Entry {
        match self {
            Role::Defaults => &cat::PARMCOM_UNREADABLE_DEFAULTS,
            Role::Merchant => &cat::PARMCOM_UNREADABLE_MERCHANT,
        }
    }

    /// The legacy categories for (missing, permission denied).
    fn categories(self) -> (Category, Category) {
        match self {
            Role::Defaults => (Category::ReadingDefaults, Category::DefaultsPermission),
            Role::Merchant => (Category::ReadingMerchant, Category::MerchantPermission),
        }
    }
}

/// The shared file, then the merchant (named by the option or the files),
/// then the merchant's own file.
pub(crate) fn check_files(d: &mut Doctor) {
    if let Some(path) = d.paths.as_ref().and_then(|p| p.defaults.clone()) {
        d.defaults = check_file(d, &path, Role::Defaults);
    }
    merchant::resolve_merchant(d);
    let prefix = d.paths.as_ref().and_then(|p| p.merchant_prefix.clone());
    if let (Some(prefix), Some(id)) = (prefix, d.merchant_id().map(str::to_string)) {
        let path = [&prefix[..], b".", id.as_bytes()].concat();
        d.merchant = check_file(d, &path, Role::Merchant);
    }
}

fn check_file(d: &mut Doctor, path: &[u8], role: Role) -> Option<Arc<Parmcom>> {
    let shown = show_path(path);
    let content = match read(path) {
        Ok(c) => c,
        Err(e) => {
            unreadable(d, path, role, e);
            return None;
        }
    };
    if is_dir(path) {
        d.found(&cat::PARMCOM_IS_DIRECTORY, &shown, args![key = role.key()]);
    }
    traps::check(d, path, &content);
    let lines = fgets_lines(&content, LINE_BUFFER);
    let mut sanitized = Vec::with_capacity(content.len());
    let (mut bad, mut seen) = (0, Vec::new());
    for (i, line) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        if check_line(d, path, (i + 1, line, last), &mut seen) {
            sanitized.extend_from_slice(line);
            if !line.ends_with(b"\n") {
                sanitized.push(b'\n');
            }
        } else {
            bad += 1;
            sanitized.extend_from_slice(b"#\n");
        }
    }
    if bad == 0 {
        d.found(&cat::PARMCOM_SYNTAX_OK, &shown, args![lines = lines.len(), settings = seen.len()]);
    }
    parmcom::parse(&sanitized, LINE_BUFFER).ok()
}

fn unreadable(d: &mut Doctor, path: &[u8], role: Role, error: FileError) {
    let shown = show_path(path);
    let (missing, denied) = role.categories();
    let (category, why) = match error {
        FileError::NotFound => (missing, cat::CANNOT_OPEN),
        FileError::PermissionDenied => (denied, cat::CANNOT_READ),
    };
    let others: Vec<String> = match role {
        Role::Merchant => {
            let prefix = &path[..path.iter().rposition(|&b| b == b'.').unwrap_or(path.len())];
            siblings(prefix).into_iter().filter(|n| !n.ends_with(".sogenactif")).collect()
        }
        Role::Defaults => Vec::new(),
    };
    let f = d.found(role.unreadable(), &shown, args![path = &shown, why = why]);
    f.legacy(legacy::api(category, path));
    if let Some((cwd, absolute)) = resolved(path) {
        f.also(&cat::RESOLVED_AGAINST, args![cwd = cwd, absolute = absolute]);
    }
    if !others.is_empty() {
        f.fix_also(&cat::PRESENT, args![names = others.join(", ")]);
    }
}

/// One line: its syntax, its keyword, its value. False when the executables
/// refuse the line.
fn check_line(
    d: &mut Doctor,
    path: &[u8],
    (number, line, last): (usize, &[u8], bool),
    seen: &mut Vec<(String, usize)>,
) -> bool {
    let subject = format!("{}:{number}: {}", show_path(path), show(line).trim_end());
    if let Err(sep) = parmcom::parse(line, LINE_BUFFER) {
        let f = d.found(&cat::PARMCOM_BAD_LINE, subject, args![line = number, found = sep.found]);
        if last && !line.ends_with(b"\n") {
            f.also(&cat::NO_FINAL_LINE_BREAK, &[]);
        }
        if line.len() == LINE_BUFFER - 1 && !line.ends_with(b"\n") {
            f.also(&cat::LONGER_THAN_2047, &[]);
        }
        f.legacy(legacy::api(Category::ParmcomSeparator { line: number, found: sep.found }, path));
        return false;
    }
    // The core skips these lines; the same rule here.
    if line.len() <= 3 || line[0] == b'#' || line[0] == b'\n' {
        return true;
    }
    let mut tokens = line.split(|&b| b == b'!');
    let keyword = show(tokens.next().unwrap_or_default());
    let value = tokens.next().unwrap_or_default();
    if keyword.is_empty() {
        return true;
    }
    match Field::from_parmcom(keyword.as_bytes()) {
        Some(field) => {
            check_value(d, &subject, field, value);
            if let Some((_, earlier)) = seen.iter().find(|(k, _)| *k == keyword) {
                d.found(&cat::PARMCOM_REPEATED, &subject, args![keyword = &keyword, earlier = *earlier]);
            }
            seen.push((keyword, number));
        }
        None => unknown_keyword(d, &subject, &keyword),
    }
    true
}

fn unknown_keyword(d: &mut Doctor, subject: &str, keyword: &str) {
    let known = FIELDS.iter().filter_map(|f| f.parmcom);
    if let Some(def) = FIELDS.iter().find(|f| f.parmcom.is_none() && f.name.eq_ignore_ascii_case(keyword)) {
        d.found(&cat::PARMCOM_ARGUMENT_ONLY, subject, args![keyword = keyword, name = def.name]);
    } else if let Some(k) = suggest(keyword, known) {
        let entry =
            if k.eq_ignore_ascii_case(keyword) { &cat::PARMCOM_KEYWORD_CASE } else { &cat::PARMCOM_KEYWORD_TYPO };
        d.found(entry, subject, args![keyword = keyword, known = k]);
    } else {
        d.found(&cat::PARMCOM_KEYWORD_UNKNOWN, subject, args![keyword = keyword]);
    }
}

fn check_value(d: &mut Doctor, subject: &str, field: Field, value: &[u8]) {
    let def = field.def();
    if let Some(max) = def.max.filter(|&m| value.len() > m) {
        let args = args![name = def.name, length = value.len(), max = max];
        d.found(&cat::PARMCOM_TOO_LONG, subject, args).legacy(legacy::too_long(field, value));
    }
    let trimmed = value.trim_ascii();
    if trimmed.len() != value.len() && !trimmed.is_empty() {
        d.found(&cat::PARMCOM_SPACES, subject, args![name = def.name, value = show(value)]);
    }
}
