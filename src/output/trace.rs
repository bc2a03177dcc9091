//! Trace lines: diagnostics the legacy executables printed on stdout before
//! the result (a malformed pathfile line, a MAC verified with the `.old`
//! certificate).

use crate::env::Environment;

/// The trace lines of one call, in order.
#[derive(Debug, Default)]
pub(crate) struct Trace(Vec<u8>);

impl Trace {
    /// `DDD:HH:MM:SS-<name>-(<pid>)-<text>\n` with an empty name; `text` starts
    /// with its level (`0-…` for the pathfile, `2-…` for OLDCERTIF). Bytes,
    /// printed as they are.
    pub fn line(&mut self, env: &dyn Environment, now: i64, text: &[u8]) {
        let prefix = env.local(now).trace_prefix();
        self.0.extend_from_slice(format!("{prefix}--({})-", env.pid()).as_bytes());
        self.0.extend_from_slice(text);
        self.0.push(b'\n');
    }

    /// The trace lines followed by `parts`.
    pub fn framed(self, parts: &[&[u8]]) -> Vec<u8> {
        let mut text = self.0;
        text.reserve(parts.iter().map(|p| p.len()).sum());
        for p in parts {
            text.extend_from_slice(p);
        }
        text
    }
}
