//! What the executables read silently in any configuration file: a byte
//! order mark, Windows or old Mac line endings, NUL bytes. Each of them
//! changes what a line says without anything visible in an editor.

use super::catalogue as cat;
use super::{show, show_path, Doctor};
use crate::args;

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn check(d: &mut Doctor, path: &[u8], content: &[u8]) {
    check_with(d, path, content, |first| show(first).trim_end().to_string());
}

/// The same for a file holding a secret (a key file): of the first line,
/// only a keyword is shown, never a value.
pub(crate) fn check_secret(d: &mut Doctor, path: &[u8], content: &[u8]) {
    check_with(d, path, content, |first| {
        let keyword = first.split(|&b| b == b'!').next().unwrap_or_default();
        let plain = first.contains(&b'!') && keyword.iter().all(|&b| b.is_ascii_uppercase() || b == b'_');
        if plain {
            format!("{}!…", show(keyword))
        } else {
            "…".to_string()
        }
    });
}

fn check_with(d: &mut Doctor, path: &[u8], content: &[u8], first_line: impl Fn(&[u8]) -> String) {
    let shown = show_path(path);
    if let Some(rest) = content.strip_prefix(BOM) {
        let first = rest.split(|&b| b == b'\n').next().unwrap_or_default();
        d.found(&cat::FILE_BOM, &shown, args![first = first_line(first), path = &shown]);
    }
    let crlf = content.windows(2).filter(|w| w == b"\r\n").count();
    if crlf > 0 {
        d.found(&cat::FILE_CRLF, &shown, args![count = crlf, path = &shown]);
    } else if content.contains(&b'\r') && !content.contains(&b'\n') {
        d.found(&cat::FILE_CR_ONLY, &shown, args![path = &shown]);
    }
    if let Some(line) = content.split(|&b| b == b'\n').position(|l| l.contains(&0)) {
        d.found(&cat::FILE_NUL, format!("{shown}:{}", line + 1), args![line = line + 1]);
    }
}
