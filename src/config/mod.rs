//! The three configuration files (pathfile, parmcom files, certificate), read
//! as the legacy executables read them, the Sips 2.0 key file that may take
//! the certificate's place, and a process-wide cache of their parsed form.

pub mod certificate;
pub mod keyfile;
pub mod parmcom;
pub mod pathfile;

mod cache;
mod watch;

#[cfg(feature = "internals")]
pub use cache::CacheStats;
pub use cache::{begin_call, load, Kind};

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

/// Opens `path` without blocking (a FIFO swapped in must not hang the call),
/// checks that the opened file is a regular file or a directory, and reads
/// it whole, up to [`MAX_FILE_SIZE`]; a directory reads as empty.
pub(crate) fn open_regular(path: &[u8]) -> Result<(Vec<u8>, std::fs::Metadata), FileError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(os_path(path))
        .map_err(|e| classify(&e))?;
    let meta = file.metadata().map_err(|e| classify(&e))?;
    if meta.is_dir() {
        return Ok((Vec::new(), meta));
    }
    if !meta.is_file() {
        return Err(FileError::NotFound);
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_SIZE) as usize + 1);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).map_err(|e| classify(&e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(FileError::NotFound);
    }
    Ok((bytes, meta))
}

fn classify(e: &std::io::Error) -> FileError {
    match e.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EPERM) => FileError::PermissionDenied,
        _ => FileError::NotFound,
    }
}

/// FNV-1a: a few cycles for a short key where SipHash costs tens of
/// nanoseconds. For maps whose keys come from the server's own files.
#[derive(Default)]
pub(crate) struct Fnv1a(u64);

impl std::hash::Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}
