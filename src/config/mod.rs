//! The three configuration files (pathfile, parmcom files, certificate), read
//! as the legacy executables read them, and a process-wide cache of their
//! parsed form.

pub mod certificate;
pub mod parmcom;
pub mod pathfile;

mod cache;

pub use cache::{load, CacheStats};

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Why a configuration file could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileError {
    /// Missing, or any error other than a permission problem.
    NotFound,
    /// `EACCES`/`EPERM`: reported with the `… permission denied` categories.
    PermissionDenied,
}

/// A path given as bytes (pathfile values and arguments are not UTF-8).
pub fn os_path(path: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(path))
}

/// The whole file. A directory reads as an empty file, as `fgets` on it does.
pub(crate) fn read_file(path: &[u8]) -> Result<Vec<u8>, FileError> {
    match std::fs::read(os_path(path)) {
        Ok(bytes) => Ok(bytes),
        Err(e) => Err(classify(&e)),
    }
}

fn classify(e: &std::io::Error) -> FileError {
    match e.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EPERM) => FileError::PermissionDenied,
        _ => FileError::NotFound,
    }
}
