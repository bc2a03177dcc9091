//! The local time zone as the legacy executables' C library (glibc 2.5)
//! chose and applied it (docs/behaviour.md §1.5): `TZ` names a zone file
//! (under `TZDIR`, default `/usr/share/zoneinfo`) or else is read as a POSIX
//! string; unset, it means `/etc/localtime`; empty, `Universal`. A zone file
//! with leap seconds (`right/…`) moves UTC too. Reading the zone leaves an
//! `errno` (a file that could not be opened, say), which the legacy printed
//! after some trace lines.

use super::posix::{Next, PosixZone, Reader};
use super::tzfile::{self, TzFile};
use super::CivilTime;
use crate::clib::cut_at_nul;
use std::sync::{Arc, Mutex};

const DEFAULT_DIR: &[u8] = b"/usr/share/zoneinfo";
/// What an unset `TZ` means.
const LOCALTIME: &[u8] = b"/etc/localtime";
/// The zone file whose changes a POSIX string without rules borrows.
const DEFAULT_RULES: &[u8] = b"posixrules";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Rules {
    File(TzFile),
    Posix(PosixZone),
}

/// A time zone and the `errno` reading it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    rules: Rules,
    errno: i32,
}

impl Zone {
    /// The zone `tz` (the value of `TZ`, `None` when unset) selects, zone
    /// files looked up under `tzdir` (`TZDIR`).
    pub fn load(tz: Option<&[u8]>, tzdir: Option<&[u8]>) -> Zone {
        let tz = match tz.map(cut_at_nul) {
            None => LOCALTIME,
            Some(b"") => b"Universal",
            Some(tz) => tz,
        };
        let tz = tz.strip_prefix(b":").unwrap_or(tz);
        let mut errno = 0;
        if tz.is_empty() {
            return Zone { rules: Rules::Posix(PosixZone::default()), errno };
        }
        match tzfile::read(&zone_path(tz, tzdir)) {
            Ok(file) => return Zone { rules: Rules::File(file), errno },
            Err(e) => errno = e.unwrap_or(errno),
        }
        if tz == LOCALTIME {
            return Zone { rules: Rules::Posix(PosixZone::default()), errno };
        }
        let mut reader = Reader::new(tz);
        let next = reader.names(&mut errno);
        let default = match next {
            Next::DefaultRules { std, dst } => default_rules(tzdir, std, dst, &mut errno),
            _ => None,
        };
        let rules = match (next, default) {
            (_, Some(file)) => Rules::File(file),
            (Next::Done, None) => Rules::Posix(reader.zone),
            (_, None) => {
                reader.rules(&mut errno);
                Rules::Posix(reader.zone)
            }
        };
        Zone { rules, errno }
    }

    /// The `errno` reading the zone left (0: none).
    pub fn errno(&self) -> i32 {
        self.errno
    }

    /// `t` in local time: a leap second is second 60.
    pub fn local(&self, t: i64) -> CivilTime {
        match &self.rules {
            Rules::File(file) => leap_adjusted(file, t, file.offset_at(t)),
            Rules::Posix(posix) => CivilTime::from_unix(t + posix.offset_at(t, CivilTime::from_unix(t).year)),
        }
    }

    /// `t` in UTC, less the leap seconds a zone file counts.
    pub fn utc(&self, t: i64) -> CivilTime {
        match &self.rules {
            Rules::File(file) => leap_adjusted(file, t, 0),
            Rules::Posix(_) => CivilTime::from_unix(t),
        }
    }
}

fn leap_adjusted(file: &TzFile, t: i64, offset: i64) -> CivilTime {
    let (correction, hit) = file.leap_at(t);
    let mut civil = CivilTime::from_unix(t + offset - correction);
    civil.second += hit;
    civil
}

/// A name is looked up under `TZDIR` (or the default directory); a path is itself.
fn zone_path(tz: &[u8], tzdir: Option<&[u8]>) -> Vec<u8> {
    if tz.starts_with(b"/") {
        return tz.to_vec();
    }
    let dir = tzdir.map(cut_at_nul).filter(|d| !d.is_empty()).unwrap_or(DEFAULT_DIR);
    [dir, b"/", tz].concat()
}

/// The `posixrules` zone file's changes with the offsets of the `TZ` value.
fn default_rules(tzdir: Option<&[u8]>, std: i64, dst: i64, errno: &mut i32) -> Option<TzFile> {
    match tzfile::read(&zone_path(DEFAULT_RULES, tzdir)) {
        Ok(file) => file.with_offsets(std, dst),
        Err(e) => {
            *errno = e.unwrap_or(*errno);
            None
        }
    }
}

/// The zone of this process's `TZ` and `TZDIR`, read again only when one of
/// them changes (the C library did the same).
pub fn system() -> Arc<Zone> {
    type Key = (Option<Vec<u8>>, Option<Vec<u8>>);
    static CACHE: Mutex<Option<(Key, Arc<Zone>)>> = Mutex::new(None);
    let var = |name: &str| std::env::var_os(name).map(std::os::unix::ffi::OsStringExt::into_vec);
    let key = (var("TZ"), var("TZDIR"));
    let mut cache = CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match cache.as_ref() {
        Some((cached, zone)) if *cached == key => zone.clone(),
        _ => {
            let zone = Arc::new(Zone::load(key.0.as_deref(), key.1.as_deref()));
            *cache = Some((key, zone.clone()));
            zone
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-01 14:15:14 UTC.
    const DECEMBER: i64 = 1_796_134_514;

    fn installed(name: &str) -> bool {
        std::path::Path::new("/usr/share/zoneinfo").join(name).is_file()
    }

    #[test]
    fn errno_of_the_zone_file_attempt() {
        let errno = |tz: &str| Zone::load(Some(tz.as_bytes()), None).errno();
        assert_eq!(errno("UTC+5"), libc::ENOENT);
        assert_eq!(errno("<+0530>-5:30"), libc::ENOENT);
        assert_eq!(errno(":"), 0);
        assert_eq!(errno(&"x".repeat(5000)), libc::ENAMETOOLONG);
        assert_eq!(Zone::load(Some(b"UTC+5"), Some(b"/nonexistent")).errno(), libc::ENOENT);
        if installed("Europe/Paris") {
            assert_eq!(errno("Europe"), libc::EISDIR);
            assert_eq!(errno("Europe/Paris"), 0);
            assert_eq!(errno("Europe/Paris/x"), libc::ENOTDIR);
        }
    }

    #[test]
    fn a_fifo_is_not_a_zone_file() {
        let dir = std::env::temp_dir().join(format!("sogen-tz-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("zone");
        let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string; mkfifo only creates the node.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
        // Opening it does not block; the value is then read as a POSIX string (UTC).
        let zone = Zone::load(Some(path.as_bytes()), None);
        assert_eq!((zone.errno(), zone.local(DECEMBER).hhmmss()), (0, b"141514".to_vec()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn posix_strings_and_quoted_names() {
        let local = |tz: &str| Zone::load(Some(tz.as_bytes()), None).local(DECEMBER).hhmmss();
        assert_eq!(local("UTC+5"), b"091514");
        assert_eq!(local("IST-5:30"), b"194514");
        assert_eq!(local("<+0530>-5:30"), b"141514");
        assert_eq!(local("AAA-1BBB-24:30,M1.1.0,M12.5.0/23"), b"134514");
    }

    #[test]
    fn leap_seconds_under_right() {
        if !installed("right/UTC") {
            return;
        }
        let zone = Zone::load(Some(b"right/UTC"), None);
        assert_eq!(zone.local(DECEMBER).hhmmss(), b"141447");
        assert_eq!(zone.utc(DECEMBER).stamp14(), b"20261201141447");
        // The leap second at the end of 2016 is 23:59:60.
        assert_eq!(zone.utc(1_483_228_826).stamp14(), b"20161231235960");
    }

    #[test]
    fn zone_files_keep_their_last_transition() {
        if !installed("Europe/Paris") {
            return;
        }
        let paris = Zone::load(Some(b":Europe/Paris"), None);
        // 2026-07-01 12:00 UTC: summer time.
        assert_eq!(paris.local(1_782_907_200).hhmmss(), b"140000");
        // 2100-07-01 12:00 UTC: the last stored transition (to winter time,
        // October 2037) is still in force.
        assert_eq!(paris.local(4_118_126_400).hhmmss(), b"130000");
    }
}
