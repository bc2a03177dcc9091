//! A process-wide cache of parsed configuration files. A long-lived process
//! (PHP-FPM, a WSGI server) parses each file once and re-reads it only when
//! it changed: watched files are checked once per call for the whole
//! configuration (`watch`), other files by comparing their stamps.

use super::{open_regular, os_path, watch, FileError, Fnv1a};
use once_cell::sync::Lazy;
use std::any::Any;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::os::unix::fs::MetadataExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

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
    /// A credential file probed for a Sips 2.0 key file.
    KeyFile,
    /// The bytes themselves (checkers read files the executables parse).
    Raw,
}

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

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// How an entry is known to be current.
#[derive(Debug, Clone, Copy)]
enum Validity {
    /// Its path is watched: current while no change has been seen since.
    Watched { generation: u64 },
    /// Not watched: current while the file's stamp is the same.
    Stamp(Stamp),
}

struct Entry {
    kind: Kind,
    validity: Validity,
    value: Arc<dyn Any + Send + Sync>,
}

/// Entries by path (a path has one entry per kind it was parsed as).
/// FNV-1a keys: only files that exist on the server are cached (a missing
/// one is not), so no attacker chooses colliding keys, and the map restarts
/// beyond [`MAX_ENTRIES`].
type Map = HashMap<Vec<u8>, Vec<Entry>, BuildHasherDefault<Fnv1a>>;

static CACHE: Lazy<RwLock<Map>> = Lazy::new(|| RwLock::new(Map::default()));
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

/// Starts a call: one look at what changed since the last one.
pub fn begin_call() {
    watch::refresh();
}

/// The parsed form of the file at `path`, from the cache when the file has not
/// changed since it was parsed, otherwise read and parsed now by `parse`.
pub fn load<T: Send + Sync + 'static>(
    kind: Kind,
    path: &[u8],
    parse: impl FnOnce(&[u8]) -> T,
) -> Result<Arc<T>, FileError> {
    if let Some(value) = lookup(kind, path) {
        HITS.fetch_add(1, Ordering::Relaxed);
        return value.downcast::<T>().map_err(|_| FileError::NotFound);
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    // Watch before reading: a change after this point is seen by a later call.
    let watched = watch::watch(path);
    let generation = watch::generation();
    let (content, meta) = read(path)?;
    let parsed = Arc::new(parse(&content));
    let validity = if watched {
        Validity::Watched { generation }
    } else if is_racy(&meta) {
        // Changed less than a timestamp tick ago: it may change again
        // without its stamp changing. Used, not cached.
        return Ok(parsed);
    } else {
        Validity::Stamp(Stamp::of(&meta))
    };
    insert(path, Entry { kind, validity, value: parsed.clone() });
    Ok(parsed)
}

/// The whole file and its metadata; a directory reads as an empty file, as
/// `fgets` on it does. FIFOs and devices are refused before and after
/// opening (non-blocking), so a file swapped for one cannot block a call.
fn read(path: &[u8]) -> Result<(Vec<u8>, std::fs::Metadata), FileError> {
    let meta = std::fs::metadata(os_path(path)).map_err(|e| super::classify(&e))?;
    if meta.is_dir() {
        return Ok((Vec::new(), meta));
    }
    if !meta.is_file() {
        return Err(FileError::NotFound);
    }
    open_regular(path)
}

fn lookup(kind: Kind, path: &[u8]) -> Option<Arc<dyn Any + Send + Sync>> {
    let map = CACHE.read().unwrap_or_else(|p| p.into_inner());
    let entry = map.get(path)?.iter().find(|e| e.kind == kind)?;
    let current = match entry.validity {
        Validity::Watched { generation } => generation == watch::generation(),
        Validity::Stamp(stamp) => std::fs::metadata(os_path(path)).is_ok_and(|m| Stamp::of(&m) == stamp),
    };
    current.then(|| entry.value.clone())
}

fn insert(path: &[u8], entry: Entry) {
    let mut map = CACHE.write().unwrap_or_else(|p| p.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    let entries = map.entry(path.to_vec()).or_default();
    entries.retain(|e| e.kind != entry.kind);
    entries.push(entry);
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
