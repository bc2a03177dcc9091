//! Reading the configuration files as the executables do, and what their
//! directories hold.

use crate::core::inspect::{os_path, read_file, FileError};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

/// A file's content with the core's classification of failures (missing vs
/// permission denied), directories reading as empty files as with `fgets`.
pub(crate) fn read(path: &[u8]) -> Result<Arc<Vec<u8>>, FileError> {
    read_file(path)
}

pub(crate) fn is_dir(path: &[u8]) -> bool {
    std::fs::metadata(os_path(path)).is_ok_and(|m| m.is_dir())
}

/// The file mode's permission bits, if the file exists.
pub(crate) fn mode(path: &[u8]) -> Option<u32> {
    std::fs::metadata(os_path(path)).ok().map(|m| m.permissions().mode() & 0o7777)
}

/// The names in the directory of `prefix` that start with its last component and a dot.
pub(crate) fn siblings(prefix: &[u8]) -> Vec<String> {
    let p = os_path(prefix);
    let (dir, base) = match (p.parent(), p.file_name()) {
        (Some(d), Some(b)) => (if d.as_os_str().is_empty() { Path::new(".") } else { d }, b.to_string_lossy()),
        _ => return Vec::new(),
    };
    let start = format!("{base}.");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&start))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `F_CERTIFICATE.<country>.<merchant_id>[.<suffix>][.<F_CTYPE>]`, as the executables build it.
pub(crate) fn certificate_path(prefix: &[u8], country: &str, id: &str, suffix: Option<&str>, ctype: &[u8]) -> Vec<u8> {
    let mut path = [prefix, b".", country.as_bytes(), b".", id.as_bytes()].concat();
    for part in suffix.map(str::as_bytes).into_iter().chain((!ctype.is_empty()).then_some(ctype)) {
        path.push(b'.');
        path.extend_from_slice(part);
    }
    path
}
