//! What a call gives back: the legacy result string with its framing
//! (`!code!error-or-debug!buffer!`), the trace lines printed before it, the
//! DEBUG tables, the red error block; and the same result in parts
//! ([`Outcome`]) for the bindings and the tools.

mod debug;
mod error_block;
pub(crate) mod json;
mod trace;

pub(crate) use debug::DebugLog;
pub(crate) use error_block::error_block;
pub(crate) use trace::Trace;

use crate::error::{ApiError, ArgumentError};
use crate::fields::{Slot, Values};

/// Exit status of the argument errors; every other outcome exits 0.
pub const ARGUMENT_ERROR_EXIT: i32 = 255;

/// Why a call answered `!-1!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// A plain line `!-1!<text>!!`, exit status 255.
    Argument(ArgumentError),
    /// The HTML error block, exit status 0.
    Api(ApiError),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Argument(e) => e.fmt(f),
            CallError::Api(e) => e.fmt(f),
        }
    }
}

impl CallError {
    /// The legacy wording, as printed.
    pub fn text(&self) -> Vec<u8> {
        match self {
            CallError::Argument(a) => a.bytes(),
            CallError::Api(e) => e.printed(),
        }
    }
}

/// The result of one `request` or `response` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Exactly what the legacy executable printed (trace lines included, no
    /// trailing newline).
    pub text: Vec<u8>,
    /// Its exit status: 255 for argument errors, 0 otherwise.
    pub exit_code: i32,
    /// Why the call failed; `None` on success (`!0!`).
    pub error: Option<CallError>,
    /// The DEBUG tables (empty unless the pathfile says `DEBUG!YES!`).
    pub debug: Vec<u8>,
    /// `request`: the `<FORM …>` to put in the payment page (empty on failure).
    pub form: Vec<u8>,
    /// `response`: each value's name and where it lies in `text` (the
    /// values are printed there anyway: no copy of each is kept).
    fields: Vec<(&'static str, (usize, usize))>,
}

impl Outcome {
    /// `response`: the values by name in output order (also after the field
    /// checks fail, as the legacy prints them); none for `request`.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = (&'static str, &[u8])> + '_ {
        // `text` is public: read defensively should a caller have changed it.
        self.fields.iter().map(|&(name, (start, end))| (name, self.text.get(start..end).unwrap_or_default()))
    }

    /// The value named `name` (`response_code`, …), if the response has it.
    pub fn field(&self, name: &str) -> Option<&[u8]> {
        self.fields().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// `!0!`: the request built its form, or the response's MAC (or seal) is
    /// valid and its values passed the checks. Not "paid": see response_code.
    pub fn is_success(&self) -> bool {
        self.error.is_none()
    }

    /// `!-1!<text>!!`, exit 255; `names`: the (empty) values a response has.
    pub(crate) fn argument_error(error: ArgumentError, names: &[&'static str]) -> Outcome {
        let text = [&b"!-1!"[..], &error.bytes(), b"!!"].concat();
        let error = Some(CallError::Argument(error));
        let fields = names.iter().map(|&name| (name, (0, 0))).collect();
        Outcome { text, exit_code: ARGUMENT_ERROR_EXIT, error, debug: Vec::new(), form: Vec::new(), fields }
    }

    /// `<trace>!0!<debug>!<form>!`.
    pub(crate) fn request_success(trace: Trace, debug: Vec<u8>, form: Vec<u8>) -> Outcome {
        let text = trace.framed(&[b"!0!", &debug, b"!", &form, b"!"]);
        Outcome { text, exit_code: 0, error: None, debug, form, fields: Vec::new() }
    }

    /// `<trace>!-1!<debug, error block, debug rows after it>!!`.
    pub(crate) fn request_failure(trace: Trace, debug: Vec<u8>, middle: &[u8], error: ApiError) -> Outcome {
        let text = trace.framed(&[b"!-1!", middle, b"!!"]);
        let error = Some(CallError::Api(error));
        Outcome { text, exit_code: 0, error, debug, form: Vec::new(), fields: Vec::new() }
    }

    /// `<trace><head>!v1!v2!…`: `response` prints its values (`printed`, in
    /// output order) after the code and the error/debug slot, with no
    /// trailing `!`.
    pub(crate) fn response(
        trace: Trace,
        head: &[u8],
        debug: Vec<u8>,
        error: Option<ApiError>,
        values: &Values,
        printed: &[Slot],
    ) -> Outcome {
        let mut text = trace.framed(&[head]);
        let mut fields = Vec::with_capacity(printed.len());
        for &slot in printed {
            text.push(b'!');
            let start = text.len();
            text.extend_from_slice(values.get(slot));
            fields.push((slot.def().name, (start, text.len())));
        }
        Outcome { text, exit_code: 0, error: error.map(CallError::Api), debug, form: Vec::new(), fields }
    }

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
