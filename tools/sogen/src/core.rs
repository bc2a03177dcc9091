//! The one door to the core library (crate `sogen`, package `libsogen`).
//! Every use of the core by the tools, their tests included, goes through
//! this file, grouped as the core exposes it: [`inspect`] (read-only views
//! for checkers), [`server`] (the payment server's side of the protocol),
//! [`certgen`] (test certificates), and the two calls [`request`] and
//! [`response`] with their [`Outcome`]. When the core's modules move, only
//! this file changes.

/// Read-only views of the configuration files and field tables, for checkers.
pub mod inspect {
    pub use sogen::inspect::{
        certificate, fgets_lines, means_match_order, os_path, parmcom, pathfile, read_file, split_terminated, ApiError,
        ArgumentError, Category, Field, FieldDef, FileError, Slot, FIELDS, SLOTS,
    };
    pub use sogen::CivilTime;

    /// The Sips 2.0 key file that takes a certificate's place (`is_key_file`
    /// first: a key file read as a certificate would have its lines printed).
    pub mod keyfile {
        pub use sogen::inspect::keyfile::{
            is_key_file, parse, KeyFile, KeyFileError, SealAlgorithm, SecretKey, ShopCharset,
            DEFAULT_INTERFACE_VERSION, KEYS,
        };
    }
}

/// The payment server's half: reading a request DATA (MAC check,
/// customer_id deciphering) and building a sealed response DATA.
pub mod server {
    pub use sogen::inspect::KeyMatrix;
    pub use sogen::server::{decode_request as decode, BuildError, DecodeError, RequestData, ResponseBuilder};

    /// Sips 2.0 "Paypage POST": a posted request checked with the merchant's
    /// key file (seal, keyVersion), and a sealed response's fields.
    pub mod sips2 {
        pub use sogen::server::sips2::{
            build_response, merchant_id, read_request, Items, PaymentRequest, PostFields, Sips2Error,
        };
    }
}

/// Test certificates.
pub mod certgen {
    pub use sogen::certgen::{generate, os_random, CertificateSpec};
}

/// The legacy error texts as the core composes them for `request`'s field
/// and certificate checks, as text for the reports.
pub mod legacy {
    use super::inspect::{ApiError, ArgumentError, Category, Field};
    pub use sogen::HeaderMismatch as Differs;

    /// `MESSAGE (DETAIL)` of an error the core reports.
    pub fn api(category: Category, detail: impl Into<Vec<u8>>) -> String {
        ApiError::new(category, detail).to_string()
    }

    pub fn too_long(field: Field, value: &[u8]) -> String {
        ApiError::field_too_long(field.def().name, value).to_string()
    }

    pub fn must_be_lower_case(field: Field, value: &[u8]) -> String {
        ApiError::field_not_lower_case(field.def().name, value).to_string()
    }

    pub fn not_numeric(field: Field, value: &[u8]) -> String {
        ApiError::field_not_numeric(field.def().name, value).to_string()
    }

    pub fn not_filled(field: Field) -> String {
        ApiError::field_not_filled(field.def().name).to_string()
    }

    pub fn means_against_order() -> String {
        ApiError::means_against_order().to_string()
    }

    pub fn missing_keyword(key: &str) -> String {
        ApiError::missing_key_word(key.as_bytes()).to_string()
    }

    pub fn certificate_differs(what: Differs, ours: &[u8], theirs: &[u8]) -> String {
        ApiError::header_differs(what, ours, theirs).to_string()
    }

    /// `Error reading key file (PATH: DETAIL)`, as `request` and `response`
    /// print a key file they cannot use (the detail never holds a value of the file).
    pub fn key_file(path: &[u8], detail: &str) -> String {
        api(Category::KeyFile, [path, b": ", detail.as_bytes()].concat())
    }

    /// `Error parameter (ARG) too long`: the core's own argument error.
    pub fn argument_too_long(argument: &str) -> String {
        ArgumentError::TooLong(argument.as_bytes().to_vec()).to_string()
    }
}

use inspect::CivilTime;
use sogen::Environment;
pub use sogen::{CallError, Outcome};

/// `request` with the real clock and process id.
pub fn request<A: AsRef<[u8]>>(args: &[A]) -> Outcome {
    sogen::request(args, &sogen::SystemEnvironment)
}

/// `response` with the real clock and process id.
pub fn response<A: AsRef<[u8]>>(args: &[A]) -> Outcome {
    sogen::response(args, &sogen::SystemEnvironment)
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

/// One instant in the local time zone and in UTC (a Sips 2.0 date carries
/// the local time and its offset).
pub fn now_local_and_utc() -> (CivilTime, CivilTime) {
    let env = sogen::SystemEnvironment;
    let now = env.now();
    (env.local(now), CivilTime::from_unix(now))
}

/// The library's version, as `sogen_version()` gives it to C callers.
pub fn library_version() -> String {
    sogen::VERSION.to_string()
}
