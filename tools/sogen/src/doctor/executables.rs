//! FAQ 11 and 12: the `request` and `response` executables the shop's
//! scripts run must exist, be executable and answer like the plug-in. Each is
//! run once, with no arguments, in its own process group, for a bounded time.

use super::catalogue as cat;
use super::Doctor;
use crate::args;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// More output than any answer of the plug-in: the rest is not read.
const MAX_OUTPUT: u64 = 64 * 1024;
const POLL: Duration = Duration::from_millis(10);
/// How long the output may take to close once the process is gone.
const OUTPUT_GRACE: Duration = Duration::from_secs(1);
const BUSY_RETRIES: usize = 20;
const BUSY_WAIT: Duration = Duration::from_millis(50);

/// What a bounded run gave.
#[derive(Debug)]
pub(crate) enum Run {
    Finished {
        code: Option<i32>,
        stdout: Vec<u8>,
    },
    /// Still running at the deadline: stopped, with everything it started.
    TimedOut,
    CannotStart(std::io::Error),
}

/// Stops every process of the group `pgid` (the child and what it started).
fn kill_group(pgid: u32) {
    // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
    unsafe {
        libc::kill(-(pgid as libc::pid_t), libc::SIGKILL);
    }
}

/// Starts `command`. A file still open for writing somewhere (being
/// installed, or inherited for a moment by another thread's child between
/// its fork and its exec) cannot be run: a few short waits get past that.
fn spawn(command: &mut Command) -> std::io::Result<std::process::Child> {
    for _ in 0..BUSY_RETRIES {
        match command.spawn() {
            Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) => std::thread::sleep(BUSY_WAIT),
            started => return started,
        }
    }
    command.spawn()
}

/// Runs `path` without arguments, stdin empty, for at most `timeout`.
pub(crate) fn run_bounded(path: &Path, timeout: Duration) -> Run {
    let mut command = Command::new(path);
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).process_group(0);
    let mut child = match spawn(&mut command) {
        Ok(c) => c,
        Err(e) => return Run::CannotStart(e),
    };
    let pgid = child.id();
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let (sender, output) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(MAX_OUTPUT).read_to_end(&mut out);
        let _ = sender.send(out);
    });
    let deadline = Instant::now() + timeout;
    let finished = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status.code()),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
            _ => break None,
        }
    };
    // Whatever it left behind in its group would hold the output pipe open;
    // something that left the group may still, hence the bounded wait.
    kill_group(pgid);
    let _ = child.wait();
    let stdout = output.recv_timeout(OUTPUT_GRACE).unwrap_or_default();
    match finished {
        Some(code) => Run::Finished { code, stdout },
        None => Run::TimedOut,
    }
}

pub(crate) fn check(d: &mut Doctor, dir: &Path) {
    for (name, faq) in [("request", 11), ("response", 12)] {
        let path = dir.join(name);
        let shown = path.display().to_string();
        match std::fs::metadata(&path) {
            Err(e) => {
                let args = args![name = name, error = e.to_string(), path = &shown];
                d.found(&cat::EXECUTABLE_MISSING, &shown, args).faq(faq);
            }
            Ok(meta) if !meta.is_file() || meta.permissions().mode() & 0o111 == 0 => {
                d.found(&cat::EXECUTABLE_NOT_EXECUTABLE, &shown, args![name = name, path = &shown]).faq(faq);
            }
            Ok(_) => answer(d, name, faq, &path),
        }
    }
}

/// Its answer to an empty argument list against the library's (the legacy
/// executables answer the same).
fn answer(d: &mut Doctor, name: &str, faq: u32, path: &Path) {
    let shown = path.display().to_string();
    let expected =
        if name == "request" { crate::core::request::<&str>(&[]) } else { crate::core::response::<&str>(&[]) };
    let timeout = d.opts.executable_timeout;
    let f = match run_bounded(path, timeout) {
        Run::Finished { code, stdout } if stdout == expected.text && code == Some(expected.exit_code) => {
            d.found(&cat::EXECUTABLE_OK, &shown, args![name = name]);
            return;
        }
        Run::Finished { code, stdout } => {
            let printed = format!("{:?}", String::from_utf8_lossy(&stdout));
            let args = args![name = name, status = format!("{code:?}"), printed = printed];
            d.found(&cat::EXECUTABLE_ANSWERS_OTHERWISE, &shown, args)
        }
        Run::TimedOut => {
            let seconds = timeout.as_secs_f32().to_string();
            d.found(&cat::EXECUTABLE_HANGS, &shown, args![name = name, seconds = seconds])
        }
        Run::CannotStart(e) => {
            d.found(&cat::EXECUTABLE_CANNOT_RUN, &shown, args![name = name, error = e.to_string(), path = &shown])
        }
    };
    f.faq(faq);
}
