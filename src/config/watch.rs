//! Change notification for cached files (Linux inotify): a call asks once
//! whether anything it depends on changed, instead of one `stat` per file.
//!
//! Every directory on the way to a cached file is watched, and an event
//! counts when it names the next component of that way (or the file itself,
//! or a watched directory going away): a file rewritten in place, replaced by
//! rename, chmod-ed, or a symlink swapped anywhere on its path. Events are
//! queued by the kernel before the changing system call returns, so the very
//! next call sees them. Any event that counts starts a new *generation*; an
//! entry cached in an older generation is read again.
//!
//! Where inotify is unavailable (no more instances, a watch refused, a
//! relative path whose directory can change with the working directory),
//! the cache falls back to comparing file stamps for that file.

use std::collections::{HashMap, HashSet};
use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

/// What makes a directory entry or a directory change for us.
const EVENTS: u32 = libc::IN_MODIFY
    | libc::IN_ATTRIB
    | libc::IN_CLOSE_WRITE
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO
    | libc::IN_CREATE
    | libc::IN_DELETE
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF;

/// The watched directories and, for each, the entry names that matter.
struct Watches {
    fd: OwnedFd,
    /// Directory path → watch descriptor.
    dirs: HashMap<Vec<u8>, i32>,
    /// Watch descriptor → names in that directory that lead to a cached file.
    names: HashMap<i32, HashSet<Vec<u8>>>,
    /// The process that created `fd` (a forked child shares it: it must not).
    owner: u32,
}

static WATCHES: Mutex<Option<Watches>> = Mutex::new(None);
static GENERATION: AtomicU64 = AtomicU64::new(1);
/// inotify could not be set up in this process: stamps only.
static UNAVAILABLE: AtomicBool = AtomicBool::new(false);

/// The current generation: entries cached under another are stale.
pub(super) fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// Reads the queued events (without waiting) and starts a new generation if
/// any of them concerns a watched path. Called once at the start of a call.
pub(super) fn refresh() {
    let mut guard = WATCHES.lock().unwrap_or_else(|p| p.into_inner());
    let Some(w) = guard.as_mut() else { return };
    if w.owner != std::process::id() {
        // A forked child: the parent's queue is not ours to drain.
        *guard = None;
        GENERATION.fetch_add(1, Ordering::AcqRel);
        return;
    }
    if drain(w) {
        GENERATION.fetch_add(1, Ordering::AcqRel);
    }
}

/// Whether any queued event concerns a watched path.
fn drain(w: &mut Watches) -> bool {
    // Aligned for the event headers; not zeroed (the kernel writes what `read` returns).
    let mut buf = std::mem::MaybeUninit::<[u64; 512]>::uninit();
    let mut changed = false;
    loop {
        // SAFETY: reading into a buffer we own, of its size, from our descriptor.
        let n = unsafe { libc::read(w.fd.as_raw_fd(), buf.as_mut_ptr().cast(), 4096) };
        if n <= 0 {
            return changed;
        }
        // SAFETY: the kernel initialised the first `n` bytes.
        let bytes = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), n as usize) };
        changed |= events_matter(w, bytes);
    }
}

fn events_matter(w: &mut Watches, mut bytes: &[u8]) -> bool {
    const HEADER: usize = std::mem::size_of::<libc::inotify_event>();
    let mut matters = false;
    while bytes.len() >= HEADER {
        // SAFETY: the kernel wrote whole events; read_unaligned copes with the byte buffer.
        let event: libc::inotify_event = unsafe { std::ptr::read_unaligned(bytes.as_ptr().cast()) };
        let name_len = event.len as usize;
        let name = bytes.get(HEADER..HEADER + name_len).unwrap_or_default();
        let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
        if event.mask & (libc::IN_Q_OVERFLOW | libc::IN_IGNORED | libc::IN_DELETE_SELF | libc::IN_MOVE_SELF) != 0 {
            forget(w, event.wd);
            matters = true;
        } else if w.names.get(&event.wd).is_some_and(|names| names.contains(name)) {
            matters = true;
        }
        bytes = bytes.get(HEADER + name_len..).unwrap_or_default();
    }
    matters
}

/// A watch the kernel dropped (its directory is gone): watch it again when needed.
fn forget(w: &mut Watches, wd: i32) {
    w.names.remove(&wd);
    w.dirs.retain(|_, d| *d != wd);
}

/// Watches every directory on the way to the absolute, normalised `path`.
/// `false` when that cannot be done: the caller then relies on stamps.
pub(super) fn watch(path: &[u8]) -> bool {
    if UNAVAILABLE.load(Ordering::Relaxed) || !is_plain_absolute(path) || !is_canonical(path) {
        return false;
    }
    let mut guard = WATCHES.lock().unwrap_or_else(|p| p.into_inner());
    if guard.as_ref().is_some_and(|w| w.owner != std::process::id()) {
        *guard = None;
        GENERATION.fetch_add(1, Ordering::AcqRel);
    }
    if guard.is_none() {
        match Watches::new() {
            Some(w) => *guard = Some(w),
            None => {
                UNAVAILABLE.store(true, Ordering::Relaxed);
                return false;
            }
        }
    }
    let Some(w) = guard.as_mut() else { return false };
    let mut dir: Vec<u8> = b"/".to_vec();
    for component in path[1..].split(|&b| b == b'/') {
        let Some(wd) = w.add(&dir) else { return false };
        w.names.entry(wd).or_default().insert(component.to_vec());
        if dir.len() > 1 {
            dir.push(b'/');
        }
        dir.extend_from_slice(component);
    }
    true
}

/// `/a/b/c`: absolute, no empty, `.` or `..` component (a path the cache
/// can watch component by component without resolving it).
fn is_plain_absolute(path: &[u8]) -> bool {
    path.len() > 1
        && path[0] == b'/'
        && !path.contains(&0)
        && path[1..].split(|&b| b == b'/').all(|c| !c.is_empty() && c != b"." && c != b"..")
}

/// No symlink on the way: a symlink's target lives in directories the watch
/// of this path would not see. (A component that becomes a symlink later is
/// a change in its parent, which is watched.)
fn is_canonical(path: &[u8]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    std::fs::canonicalize(super::os_path(path)).is_ok_and(|real| real.as_os_str().as_bytes() == path)
}

impl Watches {
    fn new() -> Option<Watches> {
        // SAFETY: no pointers; the result is checked.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if fd < 0 {
            return None;
        }
        // SAFETY: a descriptor we just opened and own.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Some(Watches { fd, dirs: HashMap::new(), names: HashMap::new(), owner: std::process::id() })
    }

    fn add(&mut self, dir: &[u8]) -> Option<i32> {
        if let Some(&wd) = self.dirs.get(dir) {
            return Some(wd);
        }
        let c = CString::new(dir).ok()?;
        // SAFETY: a valid C string and our descriptor.
        let wd = unsafe { libc::inotify_add_watch(self.fd.as_raw_fd(), c.as_ptr(), EVENTS | libc::IN_ONLYDIR) };
        if wd < 0 {
            return None;
        }
        self.dirs.insert(dir.to_vec(), wd);
        Some(wd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_absolute_paths_are_watched() {
        assert!(is_plain_absolute(b"/etc/sogen/pathfile"));
        for p in [&b"pathfile"[..], b"/", b"/a//b", b"/a/./b", b"/a/../b", b"/a/b/", b"./x"] {
            assert!(!is_plain_absolute(p), "{p:?}");
        }
    }
}
