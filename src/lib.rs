//! libsogen: the Sogenactif plug-in (API P615) `request` and `response`,
//! in-process and byte-compatible with the legacy executables.
//!
//! The argv-shaped entry points ([`request`], [`request_with`]) take the same
//! `keyword=value` arguments as the executables and return exactly what they
//! printed, with their exit status.

pub mod builder;
pub mod certgen;
pub mod config;
pub mod env;
pub mod error;
pub mod ffi;
pub mod fields;
pub mod html;
pub mod json;
pub mod output;
pub mod request;
pub mod request_data;
pub mod response;
pub mod response_fields;
mod sentences;
mod session;
pub mod text;
pub mod wire;

pub use env::{Environment, FixedEnvironment, SystemEnvironment};
pub use error::{ApiError, ArgumentError, Category};
pub use output::Output;

/// Runs `request` with the real clock and process id.
pub fn request<A: AsRef<[u8]>>(args: &[A]) -> Output {
    request::run(args, &SystemEnvironment)
}

/// Runs `request` with an injected clock and pid (tests, corpus replay).
pub fn request_with<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Output {
    request::run(args, env)
}

/// Runs `response` with the real clock and process id.
pub fn response<A: AsRef<[u8]>>(args: &[A]) -> Output {
    response::run(args, &SystemEnvironment)
}

/// Runs `response` with an injected clock and pid (tests, corpus replay).
pub fn response_with<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Output {
    response::run(args, env)
}
