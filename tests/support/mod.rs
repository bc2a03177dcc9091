//! Loading and laying out the recorded cases of ../shared/corpus.
//!
//! The shared folder exists on developer machines and in CI but not in a
//! user's clone: [`shared_dir`] returns `None` there and the tests skip with a notice.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// `../shared` (or `$SOGEN_SHARED`), if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SOGEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("corpus").is_dir().then_some(dir)
}

/// Prints why a test did nothing.
pub fn skip_notice(test: &str) {
    eprintln!("NOTICE: {test}: ../shared/corpus is absent (it is not part of the repository); skipped.");
}

/// A JSON string of the corpus as bytes (code points U+0000–U+00FF are bytes).
pub fn bytes(v: &Value) -> Vec<u8> {
    v.as_str()
        .unwrap_or_default()
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("corpus strings hold bytes only"))
        .collect()
}

/// One recorded case.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub binary: String,
    pub tags: Vec<String>,
    pub args: Vec<Vec<u8>>,
    pub files: BTreeMap<String, Vec<u8>>,
    pub file_modes: BTreeMap<String, u32>,
    pub tz: String,
    pub expected: Vec<u8>,
    pub expected_clean: Option<Vec<u8>>,
    pub expected_clean_prefix: Option<Vec<u8>>,
    pub exit: i32,
    pub clock_utc: Option<String>,
    pub pid: Option<u32>,
    pub run_as_uid: Option<u32>,
    pub volatile: Vec<String>,
    /// The working directory, relative to the layout.
    pub cwd: String,
    /// The legacy executable crashed.
    pub undefined_behaviour: bool,
    /// The legacy output depended on the C library it ran with.
    pub host_libc_dependent: bool,
    /// The same input's P615 recording shows a memory-safety bug (set by the
    /// replay for the other versions).
    pub twin_shows_memory_bug: bool,
}

impl Case {
    /// What libsogen must print: the clean answer where the legacy output
    /// shows a memory-safety bug, otherwise the recorded output.
    pub fn wanted(&self) -> &[u8] {
        self.expected_clean.as_deref().unwrap_or(&self.expected)
    }
}

fn parse_case(line: &str) -> Case {
    let v: Value = serde_json::from_str(line).expect("valid JSON line");
    let strings = |key: &str| -> Vec<String> {
        v[key].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
    };
    let map = |key: &str| -> BTreeMap<String, Vec<u8>> {
        v[key].as_object().map(|o| o.iter().map(|(k, x)| (k.clone(), bytes(x))).collect()).unwrap_or_default()
    };
    Case {
        name: v["name"].as_str().unwrap_or_default().to_string(),
        binary: v["binary"].as_str().unwrap_or_default().to_string(),
        tags: strings("tags"),
        args: v["args"].as_array().map(|a| a.iter().map(bytes).collect()).unwrap_or_default(),
        files: map("files"),
        file_modes: v["file_modes"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, m)| (k.clone(), u32::from_str_radix(m.as_str().unwrap_or("644"), 8).unwrap_or(0o644)))
                    .collect()
            })
            .unwrap_or_default(),
        tz: v["env"]["TZ"].as_str().unwrap_or("UTC").to_string(),
        expected: bytes(&v["expected"]),
        expected_clean: v.get("expected_clean").map(bytes),
        expected_clean_prefix: v.get("expected_clean_prefix").map(bytes),
        exit: v["exit"].as_i64().unwrap_or(0) as i32,
        clock_utc: v["clock_utc"].as_str().map(String::from),
        pid: v["pid"].as_u64().map(|p| p as u32),
        run_as_uid: v["run_as_uid"].as_u64().map(|u| u as u32),
        volatile: strings("volatile"),
        cwd: v["cwd"].as_str().unwrap_or_default().to_string(),
        undefined_behaviour: v["undefined_behaviour"].as_bool().unwrap_or(false),
        host_libc_dependent: v["host_libc_dependent"].as_bool().unwrap_or(false),
        twin_shows_memory_bug: false,
    }
}

/// Every case of `corpus/<file>`.
pub fn load_cases(shared: &Path, file: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(shared.join("corpus").join(file)).expect("corpus file readable");
    text.lines().filter(|l| !l.trim().is_empty()).map(parse_case).collect()
}

/// A case's files laid out in a fresh short directory (removed on drop).
pub struct Layout {
    pub dir: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Layout {
    pub fn new(case: &Case) -> Layout {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        // Cases run as another uid need a directory that uid can enter.
        let base = if case.run_as_uid.is_some() { PathBuf::from("/tmp") } else { std::env::temp_dir() };
        let dir = base.join(format!("sg{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let layout = Layout { dir };
        for (name, content) in &case.files {
            std::fs::write(layout.dir.join(name), layout.substitute(content)).expect("write case file");
        }
        for (name, mode) in &case.file_modes {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(layout.dir.join(name), std::fs::Permissions::from_mode(*mode)).expect("chmod");
        }
        layout
    }

    /// Replaces `{DIR}` by this layout's directory.
    pub fn substitute(&self, bytes: &[u8]) -> Vec<u8> {
        let dir = self.dir.to_str().expect("utf-8 temp dir").as_bytes();
        replace_all(bytes, b"{DIR}", dir)
    }
}

impl Drop for Layout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// Local time minus UTC, in seconds, for `tz` at `unix_time` (asks `date`,
/// which knows the system's zone database).
pub fn utc_offset(tz: &str, unix_time: i64) -> i64 {
    if tz == "UTC" {
        return 0;
    }
    let out = std::process::Command::new("date")
        .env("TZ", tz)
        .arg("-d")
        .arg(format!("@{unix_time}"))
        .arg("+%z")
        .output()
        .expect("date(1) available");
    let z = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let hours: i64 = z.get(1..3).and_then(|h| h.parse().ok()).unwrap_or(0);
    let minutes: i64 = z.get(3..5).and_then(|m| m.parse().ok()).unwrap_or(0);
    sign * (hours * 3600 + minutes * 60)
}

/// A readable account of where two outputs first differ.
pub fn describe_difference(name: &str, got: &[u8], want: &[u8]) -> String {
    let at = got.iter().zip(want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    let show = |s: &[u8]| {
        String::from_utf8_lossy(&s[at.saturating_sub(120).min(s.len())..(at + 200).min(s.len())]).into_owned()
    };
    format!(
        "case {name}: output differs at byte {at} (got {} bytes, want {})\n  got:  …{}…\n  want: …{}…",
        got.len(),
        want.len(),
        show(got),
        show(want)
    )
}

/// Replaces what depends on the real clock and pid: the DATA value, the
/// transmission date and automatic transaction id in DEBUG rows, trace prefixes.
pub fn normalize(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(n) = hex_value_len(rest) {
            out.extend_from_slice(b"VALUE=\"{DATA}\"");
            i += n;
        } else if let Some(n) = digits_after(rest, b"TRANSMISSION_DATE (", 14) {
            out.extend_from_slice(b"TRANSMISSION_DATE ({TRANSMISSION_DATE})");
            i += n;
        } else if (i == 0 || text[i - 1] == b'\n') && trace_prefix_len(rest).is_some() {
            let n = trace_prefix_len(rest).unwrap_or(0);
            out.extend_from_slice(b"{TRACE_TIME}--({PID})-");
            i += n;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

fn hex_value_len(s: &[u8]) -> Option<usize> {
    let body = s.strip_prefix(b"VALUE=\"")?;
    let n = body.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    (n > 16 && body.get(n) == Some(&b'"')).then_some(7 + n + 1)
}

fn digits_after(s: &[u8], prefix: &[u8], count: usize) -> Option<usize> {
    let body = s.strip_prefix(prefix)?;
    (body.len() > count && body[..count].iter().all(u8::is_ascii_digit) && body[count] == b')')
        .then_some(prefix.len() + count + 1)
}

/// `DDD:HH:MM:SS--(PID)-`.
fn trace_prefix_len(s: &[u8]) -> Option<usize> {
    let shape = b"ddd:dd:dd:dd--(";
    if s.len() < shape.len() || !shape.iter().zip(s).all(|(p, c)| if *p == b'd' { c.is_ascii_digit() } else { p == c })
    {
        return None;
    }
    let digits = s[shape.len()..].iter().take_while(|b| b.is_ascii_digit()).count();
    s[shape.len() + digits..].starts_with(b")-").then_some(shape.len() + digits + 2)
}

/// Runs a built executable on a case laid out in `layout`, as the corpus was
/// recorded (cwd, minimal environment, the case's TZ and uid). `None`, with a
/// notice, when the case needs another uid and this process is not root.
pub fn run_executable(
    exe: &str,
    case: &Case,
    layout: &Layout,
    api_version: Option<&str>,
) -> Option<std::process::Output> {
    use std::os::unix::ffi::OsStringExt;
    use std::os::unix::process::CommandExt;
    // SAFETY: geteuid has no preconditions.
    let is_root = unsafe { libc::geteuid() } == 0;
    if case.run_as_uid.is_some() && !is_root {
        eprintln!(
            "NOTICE: case {}: needs to run as uid {:?}, which only root can do; skipped.",
            case.name, case.run_as_uid
        );
        return None;
    }
    // Another uid may not reach the build directory (a clone under a 0700
    // directory): it runs a copy in a directory everyone can enter.
    let copy = case.run_as_uid.map(|_| ReachableCopy::new(exe));
    let mut cmd = std::process::Command::new(copy.as_ref().map_or(Path::new(exe), |c| c.0.as_path()));
    cmd.args(case.args.iter().map(|a| std::ffi::OsString::from_vec(layout.substitute(a))));
    cmd.current_dir(layout.dir.join(&case.cwd)).env_clear().env("PATH", "/usr/bin:/bin").env("TZ", &case.tz);
    if let Some(version) = api_version {
        cmd.env("SOGEN_API_VERSION", version);
    }
    if let Some(uid) = case.run_as_uid {
        cmd.uid(uid).gid(uid);
    }
    Some(cmd.output().expect("run the executable"))
}

/// A copy of an executable in a fresh directory everyone can enter, removed on drop.
struct ReachableCopy(PathBuf);

impl ReachableCopy {
    fn new(exe: &str) -> ReachableCopy {
        use std::os::unix::fs::PermissionsExt;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = Path::new("/tmp").join(format!("sogen-exe-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("directory for the executable copy");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod 755");
        let copy = dir.join(Path::new(exe).file_name().expect("executable name"));
        std::fs::copy(exe, &copy).expect("copy the executable");
        ReachableCopy(copy)
    }
}

impl Drop for ReachableCopy {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
