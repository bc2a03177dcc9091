//! Replays every `response` case of ../shared/corpus (legacy.jsonl and
//! response.jsonl): through the library with the recorded clock and pid, and
//! through the built `response` executable.

mod support;

use sogen::FixedEnvironment;
use std::process::Command;
use support::{describe_difference, load_cases, normalize, Case, Layout};

fn response_cases() -> Option<Vec<Case>> {
    let Some(shared) = support::shared_dir() else {
        support::skip_notice("corpus_response");
        return None;
    };
    let mut cases: Vec<Case> = load_cases(&shared, "legacy.jsonl").into_iter().filter(|c| c.binary == "response").collect();
    cases.extend(load_cases(&shared, "response.jsonl"));
    Some(cases)
}

/// `response` reads the clock only for its OLDCERTIF trace line.
fn environment(case: &Case) -> FixedEnvironment {
    let utc = case.clock_utc.as_deref().and_then(|c| FixedEnvironment::from_stamp(c, 0, 0)).map(|e| e.now).unwrap_or(0);
    FixedEnvironment { now: utc, utc_offset: support::utc_offset(&case.tz, utc), pid: case.pid.unwrap_or(1) }
}

/// Checks one output against the case: the exact clean answer, or for a case
/// that crashed the legacy executable, a well-formed error with the recorded prefix.
fn judge(case: &Case, layout: &Layout, got: &[u8], exit: i32, normalized: bool) -> Option<String> {
    if let Some(prefix) = &case.expected_clean_prefix {
        let prefix = layout.substitute(prefix);
        if !got.starts_with(&prefix) || exit != 0 {
            return Some(format!("case {}: wanted a well-formed error starting {:?}, got exit {exit}: {:?}", case.name, String::from_utf8_lossy(&prefix), String::from_utf8_lossy(&got[..got.len().min(300)])));
        }
        // A well-formed error result ends with the 42 values.
        if got.iter().filter(|&&b| b == b'!').count() < 44 {
            return Some(format!("case {}: error result without its 42 values", case.name));
        }
        return None;
    }
    let want = layout.substitute(case.wanted());
    let (got, want) = if normalized { (normalize(got), normalize(&want)) } else { (got.to_vec(), want) };
    if exit != case.exit {
        Some(format!("case {}: exit {exit} instead of {}", case.name, case.exit))
    } else if got != want {
        Some(describe_difference(&case.name, &got, &want))
    } else {
        None
    }
}

#[test]
fn library_replays_every_response_case_exactly() {
    let Some(cases) = response_cases() else { return };
    let mut failures = Vec::new();
    let mut replayed = 0;
    for case in &cases {
        if case.run_as_uid.is_some() {
            // Replayed through the executable under the recorded uid below.
            continue;
        }
        let layout = Layout::new(case);
        let args: Vec<Vec<u8>> = case.args.iter().map(|a| layout.substitute(a)).collect();
        let output = sogen::response_with(&args, &environment(case));
        replayed += 1;
        if let Some(f) = judge(case, &layout, &output.text, output.exit_code, false) {
            failures.push(f);
        }
    }
    assert!(replayed > 400, "only {replayed} response cases replayed");
    assert!(failures.is_empty(), "{} of {replayed} cases differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn executable_matches_every_response_case() {
    let Some(cases) = response_cases() else { return };
    let exe = env!("CARGO_BIN_EXE_response");
    let is_root = unsafe { libc::geteuid() } == 0;
    let mut failures = Vec::new();
    for case in &cases {
        if case.run_as_uid.is_some() && !is_root {
            eprintln!("NOTICE: case {}: needs to run as uid {:?}, which only root can do; skipped.", case.name, case.run_as_uid);
            continue;
        }
        let layout = Layout::new(case);
        let mut cmd = Command::new(exe);
        cmd.args(case.args.iter().map(|a| <std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(layout.substitute(a))));
        cmd.current_dir(&layout.dir).env_clear().env("PATH", "/usr/bin:/bin").env("TZ", &case.tz);
        if let Some(uid) = case.run_as_uid {
            use std::os::unix::process::CommandExt;
            cmd.uid(uid).gid(uid);
        }
        let out = cmd.output().expect("run response");
        if let Some(f) = judge(case, &layout, &out.stdout, out.status.code().unwrap_or(-1), true) {
            failures.push(f);
        }
    }
    assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
}
