//! `TZ` values in the POSIX form (`CET-1CEST,M3.5.0,M10.5.0/3`) as the
//! legacy executables' C library read them (docs/behaviour.md §1.5): names of
//! three letters or more (no `<…>` quoting), offsets read with
//! `sscanf("%hu:%hu:%hu")` (hours up to 24, summer hours up to 23), and
//! whatever was read before an error kept. The `errno` that reading leaves
//! is part of the result: the legacy printed it in some trace lines.

use crate::clib::is_c_space;

/// `ERANGE`: a number over the range of `unsigned long`.
const ERANGE: i32 = 34;
const DAY: i64 = 86_400;
/// Days before each month, in common and in leap years.
const MONTH_STARTS: [[i64; 13]; 2] = [
    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
    [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
];

/// How a change date is given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Kind {
    /// `n`: day of the year from 0, February 29 counted.
    #[default]
    Zero,
    /// `Jn`: day of the year from 1, February 29 never counted.
    Julian,
    /// `Mm.w.d`: day `d` of week `w` of month `m`.
    Month,
}

/// One of the two rules: an offset, and when it starts each year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Rule {
    kind: Kind,
    month: u16,
    week: u16,
    day: u16,
    /// Time of day of the change, in local time of the other rule.
    secs: i64,
    /// Local time minus UTC.
    offset: i64,
}

/// Standard time and summer time. All zeros is UTC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PosixZone {
    rules: [Rule; 2],
}

/// Where reading the names and offsets stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Nothing more is read.
    Done,
    /// The change rules follow.
    Rules,
    /// No rules are given: the C library took the changes of the
    /// `posixrules` zone file with these offsets, or else read the rules.
    DefaultRules { std: i64, dst: i64 },
}

/// A `TZ` value being read, with the `errno` the C library's reading left.
pub struct Reader<'a> {
    s: &'a [u8],
    pos: usize,
    pub zone: PosixZone,
}

impl<'a> Reader<'a> {
    pub fn new(s: &'a [u8]) -> Reader<'a> {
        Reader { s, pos: 0, zone: PosixZone::default() }
    }

    fn peek(&self) -> u8 {
        self.s.get(self.pos).copied().unwrap_or(0)
    }

    fn rest(&self) -> &'a [u8] {
        self.s.get(self.pos..).unwrap_or_default()
    }

    /// Letters `[A-Za-z]` at the current position: at least 3 make a name.
    fn name(&mut self) -> bool {
        let n = self.rest().iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if n < 3 {
            return false;
        }
        self.pos += n;
        true
    }

    /// `[+-]hh[:mm[:ss]]`: the sign (east is `-`), and the numbers if any
    /// converted; then the digits and colons of up to three groups are skipped.
    fn offset(&mut self, errno: &mut i32) -> (i64, Option<[u16; 3]>) {
        let sign = match self.peek() {
            b'-' => 1,
            b'+' => -1,
            _ => -1,
        };
        if matches!(self.peek(), b'-' | b'+') {
            self.pos += 1;
        }
        let scanned = scan(self.rest(), b"#:#:#", errno);
        self.skip_groups();
        let [hh, mm, ss] = [0, 1, 2].map(|i| scanned.values.get(i).copied().unwrap_or(0));
        (sign, (!scanned.values.is_empty()).then_some([hh, mm, ss]))
    }

    fn skip_groups(&mut self) {
        for group in 0..3 {
            self.pos += self.rest().iter().take_while(|b| b.is_ascii_digit()).count();
            if group < 2 && self.peek() == b':' {
                self.pos += 1;
            }
        }
    }

    /// The names and offsets (glibc 2.5's `tzset_internal`).
    pub fn names(&mut self, errno: &mut i32) -> Next {
        if !self.name() || !matches!(self.peek(), b'+' | b'-' | b'0'..=b'9') {
            return Next::Done;
        }
        let (sign, Some([hh, mm, ss])) = self.offset(errno) else { return Next::Done };
        let std = sign * seconds(hh.min(24), mm, ss);
        self.zone.rules[0].offset = std;
        if self.pos >= self.s.len() {
            self.zone.rules[1].offset = std;
            return Next::Done;
        }
        if !self.name() {
            return Next::Rules;
        }
        let (sign, hms) = self.offset(errno);
        let dst = hms.map_or(std + 3600, |[hh, mm, ss]| sign * seconds(hh.min(23), mm, ss));
        self.zone.rules[1].offset = dst;
        match self.rest() {
            b"" | b"," => Next::DefaultRules { std, dst },
            _ => Next::Rules,
        }
    }

    /// The two change rules; what was read before an error is kept.
    pub fn rules(&mut self, errno: &mut i32) {
        for which in 0..2 {
            if self.peek() == b',' {
                self.pos += 1;
            }
            if self.date(which, errno).is_none() || self.time(which, errno).is_none() {
                return;
            }
        }
    }

    /// `Jn`, `n` or `Mm.w.d` (nothing: the US rules of the time).
    fn date(&mut self, which: usize, errno: &mut i32) -> Option<()> {
        let rest = self.rest();
        let rule = &mut self.zone.rules[which];
        match rest.first().copied() {
            Some(c @ (b'J' | b'0'..=b'9')) => {
                rule.kind = if c == b'J' { Kind::Julian } else { Kind::Zero };
                let rest = &rest[usize::from(c == b'J')..];
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                let (value, overflow) = unsigned(&rest[..digits]);
                if overflow {
                    *errno = ERANGE;
                }
                rule.day = value as u16;
                self.pos += usize::from(c == b'J') + digits;
                (digits > 0 && rule.day <= 365 && !(rule.kind == Kind::Julian && rule.day == 0)).then_some(())
            }
            Some(b'M') => {
                rule.kind = Kind::Month;
                let scanned = scan(rest, b"M#.#.#", errno);
                let v = |i: usize| scanned.values.get(i).copied().unwrap_or(0);
                (rule.month, rule.week, rule.day) = (v(0), v(1), v(2));
                self.pos += scanned.consumed;
                let valid = (1..=12).contains(&rule.month) && (1..=5).contains(&rule.week) && rule.day <= 6;
                (scanned.values.len() == 3 && valid).then_some(())
            }
            None => {
                (rule.kind, rule.month, rule.week, rule.day) = (Kind::Month, [4, 10][which], [1, 5][which], 0);
                Some(())
            }
            Some(_) => None,
        }
    }

    /// `/hh[:mm[:ss]]` (no limit; a `-1` reads as 65535 hours), else 02:00.
    fn time(&mut self, which: usize, errno: &mut i32) -> Option<()> {
        match self.peek() {
            b'/' => {
                self.pos += 1;
                if self.pos >= self.s.len() {
                    return None;
                }
                let scanned = scan(self.rest(), b"#:#:#", errno);
                let v = |i: usize| scanned.values.get(i).copied().unwrap_or(0);
                let [hh, mm, ss] = if scanned.values.is_empty() { [2, 0, 0] } else { [v(0), v(1), v(2)] };
                self.skip_groups();
                // No limit on any of the three here.
                self.zone.rules[which].secs = i64::from(hh) * 3600 + i64::from(mm) * 60 + i64::from(ss);
                Some(())
            }
            0 | b',' => {
                self.zone.rules[which].secs = 7200;
                Some(())
            }
            _ => None,
        }
    }
}

/// An offset: minutes and seconds stop at 59 (the caller limits the hours).
fn seconds(hh: u16, mm: u16, ss: u16) -> i64 {
    i64::from(hh) * 3600 + i64::from(mm.min(59)) * 60 + i64::from(ss.min(59))
}

/// Decimal digits as `strtoul` reads them: the value, and whether it
/// exceeded `unsigned long` (then the value is its maximum).
fn unsigned(digits: &[u8]) -> (u64, bool) {
    let mut value: u64 = 0;
    for &d in digits {
        match value.checked_mul(10).and_then(|v| v.checked_add(u64::from(d - b'0'))) {
            Some(v) => value = v,
            None => return (u64::MAX, true),
        }
    }
    (value, false)
}

/// What a `sscanf` call with `%hu` conversions gave.
struct Scanned {
    values: Vec<u16>,
    /// Input consumed when every directive matched (for `%n`).
    consumed: usize,
}

/// `sscanf(s, format)` where `#` in `format` is `%hu` and every other byte
/// a literal, as the C library of the legacy executables did it, `errno`
/// included: a `%hu` whose white-space skipping reaches the end of the input
/// sets `errno` to 0, a number beyond `unsigned long` sets `ERANGE`.
fn scan(s: &[u8], format: &[u8], errno: &mut i32) -> Scanned {
    let mut scanned = Scanned { values: Vec::new(), consumed: 0 };
    let mut pos = 0;
    for &directive in format {
        if directive != b'#' {
            if s.get(pos) != Some(&directive) {
                return scanned;
            }
            pos += 1;
            continue;
        }
        pos += s[pos..].iter().take_while(|&&b| is_c_space(b)).count();
        let Some(&first) = s.get(pos) else {
            *errno = 0;
            return scanned;
        };
        let negative = first == b'-';
        let digits_start = pos + usize::from(matches!(first, b'-' | b'+'));
        let digits = s[digits_start..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return scanned;
        }
        let (value, overflow) = unsigned(&s[digits_start..digits_start + digits]);
        if overflow {
            *errno = ERANGE;
        }
        let value = if negative && !overflow { value.wrapping_neg() } else { value };
        scanned.values.push(value as u16);
        pos = digits_start + digits;
    }
    scanned.consumed = pos;
    scanned
}

impl Rule {
    /// When the rule starts in `year` (UTC seconds), glibc 2.5's `compute_change`.
    fn change(&self, year: i64) -> i64 {
        let mut t = if year > 1970 {
            ((year - 1970) * 365 + ((year - 1) / 4 - 1970 / 4) - ((year - 1) / 100 - 1970 / 100)
                + ((year - 1) / 400 - 1970 / 400))
                * DAY
        } else {
            0
        };
        let leap = usize::from(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
        let day = i64::from(self.day);
        match self.kind {
            Kind::Julian => t += (day - 1) * DAY + if day >= 60 && leap == 1 { DAY } else { 0 },
            Kind::Zero => t += day * DAY,
            Kind::Month => t += self.month_day(year, leap) * DAY,
        }
        t - self.offset + self.secs
    }

    /// Days from January 1 to day `day` of week `week` of the rule's month.
    /// (A month outside 1–12, kept after an error, counts as December: the
    /// legacy read outside its table there.)
    fn month_day(&self, year: i64, leap: usize) -> i64 {
        let m = usize::from(self.month.clamp(1, 12));
        let starts = &MONTH_STARTS[leap];
        // Zeller's congruence: the weekday of the month's first day.
        let m1 = (m as i64 + 9) % 12 + 1;
        let yy0 = if m <= 2 { year - 1 } else { year };
        let (yy1, yy2) = (yy0 / 100, yy0 % 100);
        let dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
        let dow = if dow < 0 { dow + 7 } else { dow };
        let mut d = i64::from(self.day) - dow;
        if d < 0 {
            d += 7;
        }
        for _ in 1..self.week {
            if d + 7 >= starts[m] - starts[m - 1] {
                break;
            }
            d += 7;
        }
        starts[m - 1] + d
    }
}

impl PosixZone {
    /// Local time minus UTC at `t`; the rules are those of the UTC year of `t`.
    pub fn offset_at(&self, t: i64, utc_year: i64) -> i64 {
        let [start, end] = self.rules.map(|r| r.change(utc_year));
        // Southern hemisphere: summer time spans the new year.
        let summer = if start > end { t < end || t >= start } else { t >= start && t < end };
        self.rules[usize::from(summer)].offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The zone and errno of a string read without a `posixrules` file.
    fn read(s: &str, errno: i32) -> (PosixZone, Next, i32) {
        let mut errno = errno;
        let mut reader = Reader::new(s.as_bytes());
        let next = reader.names(&mut errno);
        if next != Next::Done {
            reader.rules(&mut errno);
        }
        (reader.zone, next, errno)
    }

    fn offset(s: &str, t: i64) -> i64 {
        read(s, 0).0.offset_at(t, crate::env::CivilTime::from_unix(t).year)
    }

    /// 2026-12-01 14:15:14 UTC and 2026-07-01 12:00:00 UTC.
    const DECEMBER: i64 = 1_796_134_514;
    const JULY: i64 = 1_782_907_200;

    #[test]
    fn offsets_and_names() {
        assert_eq!(offset("UTC+5", DECEMBER), -5 * 3600);
        assert_eq!(offset("IST-5:30", DECEMBER), 5 * 3600 + 1800);
        assert_eq!(offset("EST5", DECEMBER), -5 * 3600);
        assert_eq!(offset("UTC+99", DECEMBER), -24 * 3600);
        // No quoting, two letters, no offset: UTC.
        for s in ["<+0530>-5:30", "AB+5", "UTC", "Europe", "UTC+x"] {
            assert_eq!(offset(s, DECEMBER), 0, "{s}");
        }
    }

    #[test]
    fn summer_time_rules() {
        let cet = "CET-1CEST,M3.5.0,M10.5.0/3";
        assert_eq!(offset(cet, DECEMBER), 3600);
        assert_eq!(offset(cet, JULY), 7200);
        // Summer hours stop at 23, standard ones at 24.
        let capped = "AAA-1BBB-24:30,M1.1.0,M12.5.0/23";
        assert_eq!(offset(capped, DECEMBER), 23 * 3600 + 1800);
        // Southern hemisphere.
        let sydney = "AEST-10AEDT,M10.1.0,M4.1.0/3";
        assert_eq!(offset(sydney, DECEMBER), 11 * 3600);
        assert_eq!(offset(sydney, JULY), 10 * 3600);
        // Julian days; no rules at all: the US rules of the time (April to October).
        assert_eq!(offset("XXX0YYY,J60,J300", JULY), 3600);
        assert_eq!(offset("XXX0YYY,J60,J300", DECEMBER), 0);
    }

    #[test]
    fn what_was_read_before_an_error_stays() {
        // A space after the offset: the summer rules are all zeros, and the
        // year starts in summer time (offset 0) after 05:00 UTC.
        assert_eq!(offset("UTC+5 ", DECEMBER), 0);
        assert_eq!(offset("UTC+5 ", 1_767_225_600 + 3600), -5 * 3600);
    }

    #[test]
    fn errno_left_by_the_reading() {
        // A conversion that meets the end of the string while skipping white
        // space resets errno; a literal at the end does not.
        assert_eq!(read("ABC5DEF", 2).2, 0);
        assert_eq!(read("ABC+5:", 2).2, 0);
        assert_eq!(read("ABC+5:3", 2).2, 2);
        assert_eq!(read("UTC+5", 2).2, 2);
        assert_eq!(read("CET-1CEST,M3.5.0,M10.5.0/3", 2).2, 2);
        assert_eq!(read("XXX0YYY,99999999999999999999", 2).2, ERANGE);
        assert_eq!(read("ABC5DEF", 2).1, Next::DefaultRules { std: -5 * 3600, dst: -4 * 3600 });
        assert_eq!(read("ABC5DEF,", 2).1, Next::DefaultRules { std: -5 * 3600, dst: -4 * 3600 });
    }
}
