//! Loading and laying out the recorded cases of ../shared/corpus.
//!
//! The shared folder exists on developer machines and in CI but not in a
//! user's clone: [`shared_dir`] returns `None` there and the tests skip with a notice.
#![allow(dead_code)]

use serde_json::Value;
use sogen::FixedEnvironment;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    /// The legacy executable gave no answer within the recording's time limit.
    pub timeout: bool,
    /// The legacy output shows memory it never initialised.
    pub uninitialised: bool,
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
        timeout: v["timeout"].as_bool().unwrap_or(false),
        uninitialised: v["uninitialised"].as_bool().unwrap_or(false),
    }
}

/// Every case of `corpus/<file>`.
pub fn load_cases(shared: &Path, file: &str) -> Vec<Case> {
    load_case_file(&shared.join("corpus").join(file))
}

/// Every case of a file in the corpus format (one JSON object a line).
pub fn load_case_file(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("case file readable");
    text.lines().filter(|l| !l.trim().is_empty()).map(parse_case).collect()
}

/// The cases recorded for the legacy's corners (damaged certificates and
/// messages, time zones, pathfile limits): they use the demo merchant only,
/// so they ship with the sources (`tests/data/corners.jsonl`) and always run.
/// All were recorded with P615.
pub fn corners() -> Vec<(Case, Option<&'static str>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corners.jsonl");
    load_case_file(&path).into_iter().map(|c| (c, None)).collect()
}

/// The corner case named `name`.
pub fn corner(name: &str) -> Case {
    corners().into_iter().map(|(c, _)| c).find(|c| c.name == name).expect("a recorded corner case")
}

/// The recorded clock, pid and `TZ` (the library reads the zone as the legacy did).
pub fn environment(case: &Case, version: Option<&'static str>) -> FixedEnvironment {
    let utc = case.clock_utc.as_deref().and_then(|c| FixedEnvironment::from_stamp(c, 0, 0)).map(|e| e.now).unwrap_or(0);
    FixedEnvironment {
        now: utc,
        utc_offset: 0,
        pid: case.pid.unwrap_or(1),
        api_version: version,
        tz: Some(tz(&case.tz)),
    }
}

/// A `TZ` value kept for the whole run (there are a handful).
fn tz(value: &str) -> &'static [u8] {
    static KEPT: Mutex<Vec<&'static [u8]>> = Mutex::new(Vec::new());
    let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(&tz) = kept.iter().find(|&&k| k == value.as_bytes()) {
        return tz;
    }
    let tz: &'static [u8] = Box::leak(value.as_bytes().into());
    kept.push(tz);
    tz
}

/// Cases resolve relative paths against the working directory, which is
/// process-wide: library calls that change it take turns.
static CWD: Mutex<()> = Mutex::new(());

/// The library's answer to `case` laid out in `layout`.
pub fn run_library(case: &Case, layout: &Layout, version: Option<&'static str>) -> sogen::Outcome {
    let args: Vec<Vec<u8>> = case.args.iter().map(|a| layout.substitute(a)).collect();
    let _cwd = CWD.lock().unwrap_or_else(|p| p.into_inner());
    std::env::set_current_dir(layout.dir.join(&case.cwd)).expect("cd into the case directory");
    match case.binary.as_str() {
        "request" => sogen::request(&args, &environment(case, version)),
        _ => sogen::response(&args, &environment(case, version)),
    }
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
            std::fs::write(layout.dir.join(file_name(name)), layout.substitute(content)).expect("write case file");
        }
        for (name, mode) in &case.file_modes {
            use std::os::unix::fs::PermissionsExt;
            let path = layout.dir.join(file_name(name));
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(*mode)).expect("chmod");
        }
        layout
    }

    /// Replaces `{DIR}` by this layout's directory.
    pub fn substitute(&self, bytes: &[u8]) -> Vec<u8> {
        let dir = self.dir.to_str().expect("utf-8 temp dir").as_bytes();
        replace_all(bytes, b"{DIR}", dir)
    }
}

/// A file name of the corpus: its code points U+0000–U+00FF are its bytes.
fn file_name(name: &str) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStringExt;
    std::ffi::OsString::from_vec(bytes(&Value::String(name.to_string())))
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
