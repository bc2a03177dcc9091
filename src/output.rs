//! The legacy result string and exit status.

use crate::env::Environment;
use crate::error::ArgumentError;

/// What an executable would print (trace lines included, no final newline)
/// and its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub text: Vec<u8>,
    pub exit_code: i32,
}

/// Exit status of the argument errors; every other outcome exits 0.
pub const ARGUMENT_ERROR_EXIT: i32 = 255;

impl Output {
    /// `!-1!<message>!!`, exit 255.
    pub fn argument_error(error: &ArgumentError) -> Output {
        let text = [&b"!-1!"[..], &error.bytes(), b"!!"].concat();
        Output { text, exit_code: ARGUMENT_ERROR_EXIT }
    }

    /// `!0!<debug>!<form>!`.
    pub(crate) fn request_success(trace: Trace, debug: &[u8], form: &[u8]) -> Output {
        Output::framed(trace, &[b"!0!", debug, b"!", form, b"!"])
    }

    /// `!-1!<debug and error block>!!`.
    pub(crate) fn request_failure(trace: Trace, middle: &[u8]) -> Output {
        Output::framed(trace, &[b"!-1!", middle, b"!!"])
    }

    pub(crate) fn framed(trace: Trace, parts: &[&[u8]]) -> Output {
        let mut text = trace.0;
        for p in parts {
            text.extend_from_slice(p);
        }
        Output { text, exit_code: 0 }
    }
}

impl Output {
    /// What the executables do with a result: print it (no trailing newline)
    /// and exit with its status.
    pub fn print_and_exit(&self) -> ! {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        // Nothing useful can be done if stdout is closed; the exit status still tells.
        let _ = stdout.write_all(&self.text).and_then(|_| stdout.flush());
        std::process::exit(self.exit_code)
    }
}

/// Diagnostic lines printed before the result.
#[derive(Debug, Default)]
pub(crate) struct Trace(pub Vec<u8>);

impl Trace {
    /// `DDD:HH:MM:SS-<name>-(<pid>)-<level>-<text>\n` with an empty name;
    /// `text` starts with the level (`0-…` for the pathfile, `2-…` for OLDCERTIF).
    pub fn line(&mut self, env: &dyn Environment, now: i64, text: &str) {
        let prefix = env.local(now).trace_prefix();
        let line = format!("{prefix}--({})-{text}\n", env.pid());
        self.0.extend_from_slice(line.as_bytes());
    }
}

impl Output {
    /// `<head>!v1!v2!…!v42`: `response` prints its values after the code and
    /// error/debug slot, with no trailing `!`.
    pub(crate) fn response(trace: Trace, head: &[u8], values: &[Vec<u8>]) -> Output {
        let mut text = trace.0;
        text.extend_from_slice(head);
        for value in values {
            text.push(b'!');
            text.extend_from_slice(value);
        }
        Output { text, exit_code: 0 }
    }
}
