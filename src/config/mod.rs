//! The three configuration files (pathfile, parmcom files, certificate), read
//! as the legacy executables read them, and a process-wide cache of their
//! parsed form.

pub mod certificate;
pub mod parmcom;
pub mod pathfile;

mod cache;

#[cfg(feature = "internals")]
pub use cache::CacheStats;
pub use cache::{load, Kind};

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

/// Largest configuration file read (certificates are about 3 KB): a path
/// naming something endless (`/dev/zero`) must not exhaust memory.
pub const MAX_FILE_SIZE: u64 = 1 << 20;

/// The whole file, up to [`MAX_FILE_SIZE`]. A directory reads as an empty
/// file, as `fgets` on it does.
pub(crate) fn read_file(path: &[u8]) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let file = std::fs::File::open(os_path(path)).map_err(|e| classify(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).map_err(|e| classify(&e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(FileError::NotFound);
    }
    Ok(bytes)
}

fn classify(e: &std::io::Error) -> FileError {
    match e.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EPERM) => FileError::PermissionDenied,
        _ => FileError::NotFound,
    }
}
