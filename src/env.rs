//! The clock, the time zone and the process id, injected so that tests can
//! replay recorded cases.
//!
//! `request` reads the clock twice: `transmission_date` is UTC, the automatic
//! `transaction_id` is local `hhmmss`. Trace lines print local day-of-year and
//! time plus the pid. The time zone is read from `TZ` by the legacy's rules
//! ([`zone`]). Production uses [`SystemEnvironment`].

mod posix;
mod tzfile;
mod zone;

/// The environment variable naming the kit version when the pathfile does not.
pub const API_VERSION_VARIABLE: &str = "SOGEN_API_VERSION";

/// A broken-down calendar time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Day of the year, 1–366.
    pub yday: u32,
}

impl CivilTime {
    /// Converts seconds since the Unix epoch (already shifted to the wanted zone).
    pub fn from_unix(t: i64) -> CivilTime {
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        let yday = (days - days_from_civil(year, 1, 1) + 1) as u32;
        CivilTime { year, month, day, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60, yday }
    }

    /// `yyyymmddhhmmss`.
    pub fn stamp14(&self) -> Vec<u8> {
        format!("{:04}{:02}{:02}{:02}{:02}{:02}", self.year, self.month, self.day, self.hour, self.minute, self.second)
            .into_bytes()
    }

    /// `hhmmss`.
    pub fn hhmmss(&self) -> Vec<u8> {
        format!("{:02}{:02}{:02}", self.hour, self.minute, self.second).into_bytes()
    }

    /// `DDD:HH:MM:SS`, the prefix of the legacy trace lines.
    pub fn trace_prefix(&self) -> String {
        format!("{:03}:{:02}:{:02}:{:02}", self.yday, self.hour, self.minute, self.second)
    }
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

/// Where the library gets the time, the time zone and the process id.
pub trait Environment: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;
    /// `t` in the local time zone.
    fn local(&self, t: i64) -> CivilTime;
    /// The process id printed in trace lines.
    fn pid(&self) -> u32;

    /// `t` in UTC.
    fn utc(&self, t: i64) -> CivilTime {
        CivilTime::from_unix(t)
    }

    /// The C `errno` reading the time zone left (a zone file that could not
    /// be opened, say), 0 for none: the legacy `request` printed it after its
    /// pathfile trace lines when it had made the transaction id from the clock.
    fn zone_errno(&self) -> i32 {
        0
    }

    /// The kit version the environment asks for (`SOGEN_API_VERSION`), used
    /// when the pathfile names none.
    fn api_version(&self) -> Option<Vec<u8>> {
        use std::os::unix::ffi::OsStringExt;
        std::env::var_os(API_VERSION_VARIABLE).map(|v| v.into_vec()).filter(|v| !v.is_empty())
    }
}

/// The real clock, the time zone of the process (`TZ`, `TZDIR`) and its pid.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemEnvironment;

impl Environment for SystemEnvironment {
    fn now(&self) -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }

    fn local(&self, t: i64) -> CivilTime {
        zone::system().local(t)
    }

    fn utc(&self, t: i64) -> CivilTime {
        zone::system().utc(t)
    }

    fn zone_errno(&self) -> i32 {
        zone::system().errno()
    }

    fn pid(&self) -> u32 {
        std::process::id()
    }
}

/// A fixed instant, time zone, pid and kit version: for tests and corpus replay.
#[derive(Debug, Clone, Copy)]
pub struct FixedEnvironment {
    /// Seconds since the Unix epoch.
    pub now: i64,
    /// Local time minus UTC, in seconds (when `tz` is `None`).
    pub utc_offset: i64,
    pub pid: u32,
    /// What `SOGEN_API_VERSION` would say.
    pub api_version: Option<&'static str>,
    /// What `TZ` would say: the zone is then read as the legacy read it
    /// (from this host's zone files), instead of `utc_offset`.
    pub tz: Option<&'static [u8]>,
}

/// Seconds since the Unix epoch of a `yyyymmddhhmmss` UTC stamp naming a
/// real instant (month 1–12, a day of that month, 00:00:00–23:59:59).
pub(crate) fn parse_stamp14(stamp: &[u8]) -> Option<i64> {
    if stamp.len() != 14 || !stamp.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| stamp[r].iter().fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
    let (year, month, day) = (n(0..4) as i64, n(4..6), n(6..8));
    let (hour, minute, second) = (n(8..10), n(10..12), n(12..14));
    let days = days_from_civil(year, month, day);
    let real = (1..=12).contains(&month) && day >= 1 && civil_from_days(days) == (year, month, day);
    (real && hour < 24 && minute < 60 && second < 60)
        .then(|| days * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

impl FixedEnvironment {
    /// `yyyymmddhhmmss` (UTC), as the corpus records `clock_utc`; `None` if malformed.
    pub fn from_stamp(stamp: &str, utc_offset: i64, pid: u32) -> Option<FixedEnvironment> {
        let now = parse_stamp14(stamp.as_bytes())?;
        Some(FixedEnvironment { now, utc_offset, pid, api_version: None, tz: None })
    }

    fn zone(&self) -> Option<zone::Zone> {
        self.tz.map(|tz| zone::Zone::load(Some(tz), None))
    }
}

impl Environment for FixedEnvironment {
    fn now(&self) -> i64 {
        self.now
    }
    fn local(&self, t: i64) -> CivilTime {
        self.zone().map_or_else(|| CivilTime::from_unix(t + self.utc_offset), |z| z.local(t))
    }
    fn utc(&self, t: i64) -> CivilTime {
        self.zone().map_or_else(|| CivilTime::from_unix(t), |z| z.utc(t))
    }
    fn zone_errno(&self) -> i32 {
        self.zone().map_or(0, |z| z.errno())
    }
    fn pid(&self) -> u32 {
        self.pid
    }
    fn api_version(&self) -> Option<Vec<u8>> {
        self.api_version.map(|v| v.as_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 10_957, 19_000, 20_415, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn stamps_and_trace_prefix() {
        let env = FixedEnvironment::from_stamp("20261123035245", 0, 7).unwrap();
        let t = env.utc(env.now());
        assert_eq!(t.stamp14(), b"20261123035245");
        assert_eq!(t.hhmmss(), b"035245");
        assert_eq!(t.trace_prefix(), "327:03:52:45");
        // 2024 is a leap year: 31 Dec is day 366.
        let leap = FixedEnvironment::from_stamp("20241231235959", 3600, 7).unwrap();
        assert_eq!(leap.local(leap.now()).trace_prefix(), "001:00:59:59");
        assert!(FixedEnvironment::from_stamp("2026112303524", 0, 1).is_none());
        for bad in [&b"20260230120000"[..], b"20261301000000", b"20260101240000", b"2026010100006x", b"00000000000000"]
        {
            assert_eq!(parse_stamp14(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parse_stamp14(b"20240229235959").map(|t| t % 86_400), Some(86_399));
    }
}
