//! Zone files (TZif) as the legacy executables' C library read them
//! (docs/behaviour.md §1.5): the 64-bit part when there is one, transitions,
//! types and leap seconds, but never the footer rule, so the last stored
//! transition's type stays in force for ever after it.

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;

/// The fixed header of each part.
const HEADER: usize = 44;
/// Larger files are not zone files (they hold a few kilobytes).
const MAX_FILE: u64 = 1 << 20;

/// A local time type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeType {
    /// Local time minus UTC, in seconds.
    pub offset: i64,
    pub is_dst: bool,
    /// Transition times given in standard time (`isstd`) or in UTC (`isgmt`).
    pub is_std: bool,
    pub is_gmt: bool,
}

/// What a zone file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TzFile {
    pub transitions: Vec<i64>,
    /// The type each transition switches to.
    pub type_of: Vec<u8>,
    pub types: Vec<TimeType>,
    /// (time, total correction in seconds) of each leap second.
    pub leaps: Vec<(i64, i64)>,
}

/// Why a file gave no zone: the `errno` its opening or reading set, if any
/// (a file that is not a zone file sets none).
pub type NotAZone = Option<i32>;

/// Reads the zone file at `path`. A FIFO or a device is not read (the
/// legacy blocked or read garbage there): it is not a zone file.
pub fn read(path: &[u8]) -> Result<TzFile, NotAZone> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(path));
    let errno = |e: std::io::Error| e.raw_os_error();
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(errno)?;
    let kind = file.metadata().map_err(errno)?.file_type();
    if kind.is_dir() {
        return Err(Some(libc::EISDIR));
    }
    if !kind.is_file() {
        return Err(None);
    }
    let mut content = Vec::new();
    file.take(MAX_FILE).read_to_end(&mut content).map_err(errno)?;
    parse(&content).ok_or(None)
}

fn be32(b: &[u8]) -> i64 {
    i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn be64(b: &[u8]) -> i64 {
    i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// The counts of a part's header.
struct Counts {
    isgmt: usize,
    isstd: usize,
    leaps: usize,
    times: usize,
    types: usize,
    chars: usize,
}

impl Counts {
    fn read(header: &[u8]) -> Option<Counts> {
        if header.get(..4)? != b"TZif" || header.len() < HEADER {
            return None;
        }
        let n = |i: usize| usize::try_from(be32(&header[20 + 4 * i..])).ok();
        Some(Counts { isgmt: n(0)?, isstd: n(1)?, leaps: n(2)?, times: n(3)?, types: n(4)?, chars: n(5)? })
    }

    /// The length of the part's body with transitions of `width` bytes.
    fn body(&self, width: usize) -> usize {
        self.times * (width + 1) + self.types * 6 + self.chars + self.leaps * (width + 4) + self.isstd + self.isgmt
    }
}

/// Parses the 64-bit part of a version 2+ file, the only part of a version 1 file.
pub fn parse(content: &[u8]) -> Option<TzFile> {
    let counts = Counts::read(content)?;
    if content[4] == 0 {
        return parse_part(&content[HEADER..], &counts, 4);
    }
    let second = content.get(HEADER + counts.body(4)..)?;
    parse_part(second.get(HEADER..)?, &Counts::read(second)?, 8)
}

fn parse_part(body: &[u8], counts: &Counts, width: usize) -> Option<TzFile> {
    let body = body.get(..counts.body(width))?;
    let time = |b: &[u8]| if width == 8 { be64(b) } else { be32(b) };
    let (times, rest) = body.split_at(counts.times * width);
    let (type_of, rest) = rest.split_at(counts.times);
    let (infos, rest) = rest.split_at(counts.types * 6);
    let rest = &rest[counts.chars..];
    let (leaps, rest) = rest.split_at(counts.leaps * (width + 4));
    let (isstd, isgmt) = rest.split_at(counts.isstd);
    let mut types = Vec::with_capacity(counts.types);
    for (i, info) in infos.chunks_exact(6).enumerate() {
        // The C library refused a file whose type flags or name index were out of range.
        if info[4] > 1 || usize::from(info[5]) > counts.chars {
            return None;
        }
        let flag = |flags: &[u8]| flags.get(i).is_some_and(|&f| f != 0);
        types.push(TimeType { offset: be32(info), is_dst: info[4] == 1, is_std: flag(isstd), is_gmt: flag(isgmt) });
    }
    if types.is_empty() || type_of.iter().any(|&t| usize::from(t) >= types.len()) {
        return None;
    }
    Some(TzFile {
        transitions: times.chunks_exact(width).map(time).collect(),
        type_of: type_of.to_vec(),
        types,
        leaps: leaps.chunks_exact(width + 4).map(|l| (time(l), be32(&l[width..]))).collect(),
    })
}

impl TzFile {
    /// The type in force at `t`: before the first transition the first
    /// standard-time type, after the last one the last transition's type.
    fn type_at(&self, t: i64) -> TimeType {
        if self.transitions.first().is_none_or(|&first| t < first) {
            return self.types.iter().find(|ty| !ty.is_dst).copied().unwrap_or(self.types[0]);
        }
        // The first transition after `t` (the C library's linear search).
        let next = self.transitions.iter().skip(1).position(|&tr| t < tr).map_or(self.transitions.len(), |i| i + 1);
        self.types[usize::from(self.type_of[next - 1])]
    }

    /// Local time minus UTC at `t`.
    pub fn offset_at(&self, t: i64) -> i64 {
        self.type_at(t).offset
    }

    /// The leap-second correction at `t`, and how many leap seconds end
    /// exactly at `t` (shown as second 60).
    pub fn leap_at(&self, t: i64) -> (i64, u32) {
        let Some(i) = self.leaps.iter().rposition(|&(time, _)| time <= t) else { return (0, 0) };
        let (time, correction) = self.leaps[i];
        let previous = if i == 0 { 0 } else { self.leaps[i - 1].1 };
        if time != t || correction <= previous {
            return (correction, 0);
        }
        let mut hit = 1;
        let mut j = i;
        while j > 0 && self.leaps[j].0 == self.leaps[j - 1].0 + 1 && self.leaps[j].1 == self.leaps[j - 1].1 + 1 {
            hit += 1;
            j -= 1;
        }
        (correction, hit)
    }

    /// The file's standard and summer offsets: those of the latest
    /// transitions to a standard and to a summer type.
    fn rule_offsets(&self) -> (i64, i64) {
        if self.transitions.is_empty() {
            return (self.types[0].offset, self.types[0].offset);
        }
        let latest = |dst: bool| {
            self.type_of
                .iter()
                .rev()
                .map(|&i| self.types[usize::from(i)])
                .find(|ty| ty.is_dst == dst)
                .map(|ty| ty.offset)
        };
        let std = latest(false).unwrap_or(0);
        (std, latest(true).unwrap_or(std))
    }

    /// The file's transitions (`posixrules`) with the standard and summer
    /// offsets of a `TZ` value put in place of its own; `None` when it has
    /// fewer than two types.
    pub fn with_offsets(mut self, std: i64, dst: i64) -> Option<TzFile> {
        if self.types.len() < 2 {
            return None;
        }
        let (rule_std, rule_dst) = self.rule_offsets();
        let mut in_dst = false;
        for (time, ty) in self.transitions.iter_mut().zip(self.type_of.iter_mut()) {
            let kind = self.types[usize::from(*ty)];
            *ty = u8::from(kind.is_dst);
            // A transition time is in the local time in force before it,
            // unless the file says it is in UTC.
            if !kind.is_gmt {
                let shift = if in_dst && !kind.is_std { dst - rule_dst } else { std - rule_std };
                *time = time.saturating_add(shift);
            }
            in_dst = kind.is_dst;
        }
        let plain = |offset, is_dst| TimeType { offset, is_dst, is_std: false, is_gmt: false };
        self.types = vec![plain(std, false), plain(dst, true)];
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One part of a zone file: transitions (time, type), types (offset,
    /// is_dst), leap seconds (time, correction), times of `width` bytes.
    fn part(width: usize, transitions: &[(i64, u8)], types: &[(i32, u8)], leaps: &[(i64, i32)]) -> Vec<u8> {
        let time = |t: i64| if width == 8 { t.to_be_bytes().to_vec() } else { (t as i32).to_be_bytes().to_vec() };
        let mut out = b"TZif2".to_vec();
        out.resize(20, 0);
        for n in [0, 0, leaps.len(), transitions.len(), types.len(), 4] {
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        transitions.iter().for_each(|&(t, _)| out.extend(time(t)));
        out.extend(transitions.iter().map(|&(_, ty)| ty));
        for &(offset, dst) in types {
            out.extend_from_slice(&offset.to_be_bytes());
            out.extend_from_slice(&[dst, 0]);
        }
        out.extend_from_slice(b"UTC\0");
        for &(t, correction) in leaps {
            out.extend(time(t));
            out.extend_from_slice(&correction.to_be_bytes());
        }
        out
    }

    /// A version 2 file: a version 1 part without transitions, the 64-bit part, a footer.
    fn file(transitions: &[(i64, u8)], types: &[(i32, u8)], leaps: &[(i64, i32)]) -> Vec<u8> {
        [part(4, &[], types, leaps), part(8, transitions, types, leaps), b"\nCET-1CEST,M3.5.0,M10.5.0/3\n".to_vec()]
            .concat()
    }

    #[test]
    fn last_transition_stays_in_force() {
        let zone = parse(&file(&[(100, 1), (200, 0)], &[(3600, 0), (7200, 1)], &[])).unwrap();
        assert_eq!(zone.offset_at(50), 3600);
        assert_eq!(zone.offset_at(100), 7200);
        assert_eq!(zone.offset_at(199), 7200);
        // The footer rule is never used.
        assert_eq!(zone.offset_at(4_000_000_000), 3600);
    }

    #[test]
    fn before_the_first_transition_the_first_standard_type() {
        let zone = parse(&file(&[(100, 0)], &[(7200, 1), (3600, 0)], &[])).unwrap();
        assert_eq!(zone.offset_at(0), 3600);
    }

    #[test]
    fn leap_seconds_and_the_sixtieth_second() {
        let zone = parse(&file(&[], &[(0, 0)], &[(78796800, 1), (94694401, 2)])).unwrap();
        assert_eq!(zone.leap_at(78796799), (0, 0));
        assert_eq!(zone.leap_at(78796800), (1, 1));
        assert_eq!(zone.leap_at(78796801), (1, 0));
        assert_eq!(zone.leap_at(94694401), (2, 1));
        assert_eq!(zone.leap_at(2_000_000_000), (2, 0));
    }

    #[test]
    fn damaged_files_are_not_zones() {
        let good = file(&[(100, 1)], &[(0, 0), (3600, 1)], &[]);
        assert!(parse(&good).is_some());
        assert!(parse(&good[..good.len() - 40]).is_none());
        assert!(parse(b"TZif").is_none());
        assert!(parse(b"# zone.tab\n").is_none());
        let bad_type = file(&[(100, 5)], &[(0, 0), (3600, 1)], &[]);
        assert!(parse(&bad_type).is_none());
    }

    #[test]
    fn posixrules_offsets_replaced() {
        // New York-like: EST at 100 (standard), EDT at 200, EST at 300; times in local wall time.
        let zone = parse(&file(&[(100, 0), (200, 1), (300, 0)], &[(-18000, 0), (-14400, 1)], &[])).unwrap();
        let moved = zone.with_offsets(3600, 7200).unwrap();
        // +1 h instead of -5 h, +2 h instead of -4 h: each transition 6 h later
        // in UTC (the end of summer by the summer difference).
        assert_eq!(moved.transitions, vec![21_700, 21_800, 21_900]);
        assert_eq!(moved.offset_at(21_800), 7200);
        assert_eq!(moved.offset_at(21_900), 3600);
        assert!(parse(&file(&[], &[(0, 0)], &[])).unwrap().with_offsets(0, 3600).is_none());
    }
}
