//! A process-wide cache of parsed configuration files, keyed by path and
//! validated against the file's identity and modification stamps on every use:
//! a long-lived process re-reads a file only when it changed.

use super::{classify, os_path, FileError};
use once_cell::sync::Lazy;
use std::any::Any;
use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// What identifies one version of a file. `ctime` covers chmod as well as
/// writes; device and inode cover a file replaced by rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

struct Entry {
    stamp: Stamp,
    value: Arc<dyn Any + Send + Sync>,
}

/// What a cached file was parsed as: the same file may be parsed as two
/// different things (a certificate with and without `F_CTYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Pathfile,
    /// Read with this `fgets` buffer size.
    Parmcom(usize),
    Certificate {
        header: bool,
    },
    /// The bytes themselves (checkers read files the executables parse).
    Raw,
}

/// Entries are keyed by (kind, path).
type Key = (Kind, Vec<u8>);

static CACHE: Lazy<RwLock<HashMap<Key, Entry>>> = Lazy::new(|| RwLock::new(HashMap::new()));
static HITS: AtomicU64 = AtomicU64::new(0);
static MISSES: AtomicU64 = AtomicU64::new(0);

/// Bounds memory in a process that sees many paths; beyond it the cache restarts.
const MAX_ENTRIES: usize = 4096;

/// Counters for the benchmarks.
#[cfg(feature = "internals")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
}

#[cfg(feature = "internals")]
impl CacheStats {
    pub fn now() -> CacheStats {
        CacheStats { hits: HITS.load(Ordering::Relaxed), misses: MISSES.load(Ordering::Relaxed) }
    }
}

/// The parsed form of the file at `path`, from the cache when the file has not
/// changed since it was parsed, otherwise read and parsed now by `parse`.
pub fn load<T: Send + Sync + 'static>(
    kind: Kind,
    path: &[u8],
    parse: impl FnOnce(&[u8]) -> T,
) -> Result<Arc<T>, FileError> {
    let meta = std::fs::metadata(os_path(path)).map_err(|e| classify(&e))?;
    // A FIFO or a device would block or never end (the legacy hung on them too).
    if !meta.is_file() && !meta.is_dir() {
        return Err(FileError::NotFound);
    }
    let stamp = Stamp {
        dev: meta.dev(),
        ino: meta.ino(),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
        ctime: (meta.ctime(), meta.ctime_nsec()),
    };
    let key: Key = (kind, path.to_vec());
    // A chmod changes ctime, so a file that became unreadable is re-read (and refused).
    if let Some(value) = lookup(&key, stamp) {
        HITS.fetch_add(1, Ordering::Relaxed);
        return value.downcast::<T>().map_err(|_| FileError::NotFound);
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    let content = if meta.is_dir() { Vec::new() } else { super::read_file(path)? };
    let parsed = Arc::new(parse(&content));
    // A file changed less than a timestamp tick ago may change again without
    // its stamp changing (same size, same mtime and ctime on a filesystem
    // with coarse timestamps): such a version is used but not cached.
    if is_racy(&meta) {
        return Ok(parsed);
    }
    let mut map = CACHE.write().unwrap_or_else(|p| p.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, Entry { stamp, value: parsed.clone() });
    Ok(parsed)
}

/// Coarsest timestamp granularity allowed for (1 s: FAT has 2 s, but config
/// files do not live there; ext4 before Linux 6.13 ticks every few ms).
const RACY_WINDOW_NS: i128 = 1_000_000_000;

fn is_racy(meta: &std::fs::Metadata) -> bool {
    let now = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(_) => return true,
    };
    let changed = i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec());
    let modified = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
    now - changed.max(modified) < RACY_WINDOW_NS
}

fn lookup(key: &Key, stamp: Stamp) -> Option<Arc<dyn Any + Send + Sync>> {
    let map = CACHE.read().unwrap_or_else(|p| p.into_inner());
    map.get(key).filter(|e| e.stamp == stamp).map(|e| e.value.clone())
}
