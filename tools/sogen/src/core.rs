//! The one door to the core library (crate `sogen`, package `libsogen`).
//! Every use of the core by the tools, their tests included, goes through
//! this file, grouped as the core exposes it: [`inspect`] (read-only views
//! for checkers), [`server`] (the payment server's side of the protocol),
//! [`certgen`] (test certificates), and the two calls [`request`] and
//! [`response`] with their [`Outcome`]. When the core's modules move, only
//! this file changes.

/// Read-only views of the configuration files and field tables, for checkers.
pub mod inspect {
    pub use sogen::config::{certificate, os_path, parmcom, pathfile, FileError};
    pub use sogen::env::CivilTime;
    pub use sogen::error::{ApiError, ArgumentError, Category};
    pub use sogen::fields::{Field, FieldDef, FIELDS};
    pub use sogen::html::means_match_order;
    pub use sogen::response_fields::{Slot, SLOTS};
    pub use sogen::text::{fgets_lines, split_terminated};
    use std::sync::Arc;

    /// A configuration file's bytes, read the way the core reads them: the
    /// same classification of failures (missing or permission denied), FIFOs
    /// and devices refused, size capped, a directory reading as empty.
    pub fn read_file(path: &[u8]) -> Result<Arc<Vec<u8>>, FileError> {
        sogen::config::load("sogen tools: raw file", path, |content| content.to_vec())
    }
}

/// The payment server's half: reading a request DATA (MAC check,
/// customer_id deciphering) and building a sealed response DATA.
pub mod server {
    pub use sogen::builder::{BuildError, ResponseBuilder};
    pub use sogen::request_data::{decode, DecodeError, RequestData};
    pub use sogen::wire::KeyMatrix;
}

/// Test certificates.
pub mod certgen {
    pub use sogen::certgen::{generate, os_random, CertificateSpec};
}

/// The legacy error texts whose detail the core composes in private
/// functions (`request`'s field and certificate checks). The category's
/// wording comes from the core's [`inspect::ApiError`]; the detail is built
/// here exactly as the core builds it, and `tests/doctor.rs` checks each one
/// against what the core's `request` prints. They move to the core when it
/// exposes them.
pub mod legacy {
    use super::inspect::{ApiError, ArgumentError, Category, Field};

    /// `MESSAGE (DETAIL)` of an error the core reports.
    pub fn api(category: Category, detail: impl Into<Vec<u8>>) -> String {
        ApiError::new(category, detail).to_string()
    }

    fn about(field: Field, value: &[u8], suffix: &str) -> String {
        api(Category::CallParameters, format!("{} ({}){suffix}", field.def().name, String::from_utf8_lossy(value)))
    }

    pub fn too_long(field: Field, value: &[u8]) -> String {
        about(field, value, " too long")
    }

    pub fn must_be_lower_case(field: Field, value: &[u8]) -> String {
        about(field, value, " must be lower case")
    }

    pub fn not_numeric(field: Field, value: &[u8]) -> String {
        about(field, value, " not numeric")
    }

    pub fn not_filled(field: Field) -> String {
        api(Category::CallParameters, format!("{} not filled", field.def().name))
    }

    pub fn means_against_order() -> String {
        api(Category::CallParameters, &b"payment_means,block_order"[..])
    }

    pub fn missing_keyword(key: &str) -> String {
        api(Category::ReadingPathfile, format!("no key word {key}"))
    }

    /// What differs between the request and the certificate's header.
    #[derive(Debug, Clone, Copy)]
    pub enum Differs {
        MerchantId,
        Country,
        CertificateType,
    }

    pub fn certificate_differs(what: Differs, ours: &[u8], theirs: &[u8]) -> String {
        let what = match what {
            Differs::MerchantId => "error merchant id request ",
            Differs::Country => "error merchant country request ",
            Differs::CertificateType => "error certificat type pathfile ",
        };
        let detail = [what.as_bytes(), ours, b" differ certificate file ", theirs].concat();
        api(Category::CertificateField, detail)
    }

    /// `Error parameter (ARG) too long`: the core's own argument error.
    pub fn argument_too_long(argument: &str) -> String {
        ArgumentError::TooLong(argument.as_bytes().to_vec()).to_string()
    }
}

use inspect::{ApiError, ArgumentError, CivilTime, SLOTS};
use sogen::Environment;

/// Why a call of `request` or `response` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// Printed as a plain line, exit status 255.
    Argument(ArgumentError),
    /// Printed as the HTML error block.
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

/// What a call of `request` or `response` gave: the executable's text and
/// exit status, and the same result in parts.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub text: Vec<u8>,
    pub exit_code: i32,
    pub error: Option<CallError>,
    /// `request`: the DEBUG tables.
    pub debug: Vec<u8>,
    /// `request`: the `<FORM …>`.
    pub form: Vec<u8>,
    /// `response`: the values by name, in output order.
    pub fields: Vec<(&'static str, Vec<u8>)>,
}

impl Outcome {
    /// A response value by name (empty when absent).
    pub fn field(&self, name: &str) -> &[u8] {
        self.fields.iter().find(|(n, _)| *n == name).map_or(&[][..], |(_, v)| v.as_slice())
    }
}

/// `request` with the real clock and process id.
pub fn request<A: AsRef<[u8]>>(args: &[A]) -> Outcome {
    let eval = sogen::request::evaluate(args, &sogen::SystemEnvironment);
    let mut outcome = Outcome { text: eval.output.text, exit_code: eval.output.exit_code, ..Outcome::default() };
    match eval.result {
        Ok(success) => (outcome.debug, outcome.form) = (success.debug, success.form),
        Err(sogen::request::RequestError::Argument(e)) => outcome.error = Some(CallError::Argument(e)),
        Err(sogen::request::RequestError::Api { debug, error }) => {
            outcome.debug = debug;
            outcome.error = Some(CallError::Api(error));
        }
    }
    outcome
}

/// `response` with the real clock and process id.
pub fn response<A: AsRef<[u8]>>(args: &[A]) -> Outcome {
    let eval = sogen::response::evaluate(args, &sogen::SystemEnvironment);
    let mut outcome = Outcome { text: eval.output.text, exit_code: eval.output.exit_code, ..Outcome::default() };
    let values = match eval.result {
        Ok(values) => values,
        Err(failure) => {
            outcome.error = Some(match failure.error {
                sogen::response::ResponseError::Argument(e) => CallError::Argument(e),
                sogen::response::ResponseError::Api(e) => CallError::Api(e),
            });
            failure.values
        }
    };
    outcome.fields = SLOTS.iter().map(|def| (def.name, values.get(def.slot).to_vec())).collect();
    outcome
}

/// Now, in the local time zone (what the payment server stamps).
pub fn now_local() -> CivilTime {
    let env = sogen::SystemEnvironment;
    env.local(env.now())
}

/// Now, in UTC.
pub fn now_utc() -> CivilTime {
    CivilTime::from_unix(sogen::SystemEnvironment.now())
}

/// The library's version, as `sogen_version()` gives it to C callers.
pub fn library_version() -> String {
    // SAFETY: sogen_version returns a pointer to a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(sogen::ffi::sogen_version()) };
    version.to_string_lossy().into_owned()
}
