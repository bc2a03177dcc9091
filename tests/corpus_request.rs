//! Replays every `request` case of ../shared/corpus/legacy.jsonl: through the
//! library with the recorded clock and pid (byte for byte, DATA and MAC
//! included), and through the built `request` executable (exit status and
//! everything that does not depend on the clock).

mod support;

use sogen::FixedEnvironment;
use std::sync::Mutex;
use support::{describe_difference, load_cases, normalize, Case, Layout};

/// Cases resolve relative paths against the working directory, which is
/// process-wide: replays that change it take turns.
static CWD: Mutex<()> = Mutex::new(());

fn request_cases() -> Option<Vec<Case>> {
    let Some(shared) = support::shared_dir() else {
        support::skip_notice("corpus_request");
        return None;
    };
    Some(load_cases(&shared, "legacy.jsonl").into_iter().filter(|c| c.binary == "request").collect())
}

fn environment(case: &Case) -> FixedEnvironment {
    let clock = case.clock_utc.as_deref().expect("request cases record their clock");
    let utc = FixedEnvironment::from_stamp(clock, 0, 0).expect("clock_utc is yyyymmddhhmmss");
    let offset = support::utc_offset(&case.tz, utc.now);
    FixedEnvironment { now: utc.now, utc_offset: offset, pid: case.pid.unwrap_or(1), api_version: None }
}

#[test]
fn library_replays_every_request_case_exactly() {
    let Some(cases) = request_cases() else { return };
    let mut failures = Vec::new();
    let mut replayed = 0;
    for case in &cases {
        if case.run_as_uid.is_some() {
            // The library runs with this process's uid; these cases are replayed
            // through the executable under the recorded uid below.
            continue;
        }
        let layout = Layout::new(case);
        let args: Vec<Vec<u8>> = case.args.iter().map(|a| layout.substitute(a)).collect();
        let output = {
            let _cwd = CWD.lock().unwrap_or_else(|p| p.into_inner());
            std::env::set_current_dir(&layout.dir).expect("cd into the case directory");
            sogen::request(&args, &environment(case))
        };
        let want = layout.substitute(case.wanted());
        replayed += 1;
        if output.text != want {
            failures.push(describe_difference(&case.name, &output.text, &want));
        } else if output.exit_code != case.exit {
            failures.push(format!("case {}: exit {} instead of {}", case.name, output.exit_code, case.exit));
        }
    }
    assert!(replayed > 200, "only {replayed} request cases replayed");
    assert!(failures.is_empty(), "{} of {replayed} cases differ:\n{}", failures.len(), failures.join("\n"));
}

/// Normalises what the executable's real clock changes.
fn clock_independent(case: &Case, text: &[u8]) -> Vec<u8> {
    let mut out = normalize(text);
    if case.volatile.iter().any(|v| v == "auto_transaction_id") {
        // The automatic transaction id is the local hhmmss of the run.
        let mut fixed = Vec::new();
        let mut rest = &out[..];
        while let Some(i) = find(rest, b"TRANSACTION_ID (") {
            let start = i + b"TRANSACTION_ID (".len();
            fixed.extend_from_slice(&rest[..start]);
            let digits = rest[start..].iter().take_while(|b| b.is_ascii_digit()).count();
            fixed.extend_from_slice(if digits == 6 { b"{AUTO}" } else { &rest[start..start + digits] });
            rest = &rest[start + digits..];
        }
        fixed.extend_from_slice(rest);
        out = fixed;
    }
    out
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

#[test]
fn executable_matches_every_request_case_except_the_clock() {
    let Some(cases) = request_cases() else { return };
    let exe = env!("CARGO_BIN_EXE_request");
    let mut failures = Vec::new();
    for case in &cases {
        let layout = Layout::new(case);
        let Some(out) = support::run_executable(exe, case, &layout) else { continue };
        let code = out.status.code().unwrap_or(-1);
        let want = layout.substitute(case.wanted());
        let got_n = clock_independent(case, &out.stdout);
        let want_n = clock_independent(case, &want);
        if code != case.exit {
            failures.push(format!("case {}: exit {code} instead of {}", case.name, case.exit));
        } else if got_n != want_n {
            failures.push(describe_difference(&case.name, &got_n, &want_n));
        } else if !out.stderr.is_empty() {
            failures.push(format!("case {}: wrote to stderr: {}", case.name, String::from_utf8_lossy(&out.stderr)));
        }
    }
    assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
}
