//! libsogen: the `request` and `response` executables of the Sogenactif
//! plug-in (SIPS 1.0 kits P600, P615, P617), in-process and byte-compatible.
//!
//! Two calls, one result shape: [`request`] and [`response`] take the
//! executables' `keyword=value` arguments and return an [`Outcome`] whose
//! `text` is exactly what the executable printed.
//!
//! ```no_run
//! let out = sogen::request(&["pathfile=demo/pathfile", "merchant_id=000000000000001", "amount=2500"],
//!                          &sogen::SystemEnvironment);
//! assert_eq!(out.exit_code, 0);
//! print!("{}", String::from_utf8_lossy(&out.text)); // !0!!<FORM …>!
//! ```
//!
//! Layers, from the bottom: `clib` (the C library behaviour the legacy code
//! relied on), `wire` (DATA encoding and DES), `config` (the files), `fields`
//! and `version` (tables), `backend` (the protocol seam), `output` (result
//! framing), then `merchant` (the two calls) beside `server` (the payment
//! server's side). `docs/architecture.md` draws it.
//!
//! What other programs need beyond the two calls is exposed deliberately:
//! [`inspect`] (read-only views for configuration checkers), [`server`] (the
//! payment server's side) and [`certgen`] (test certificates). The C ABI is
//! in [`ffi`].

mod backend;
pub mod certgen;
mod clib;
mod config;
mod env;
mod error;
pub mod ffi;
mod fields;
pub mod inspect;
mod merchant;
mod output;
pub mod server;
mod version;
mod wire;

#[cfg(feature = "internals")]
pub mod internals;
#[cfg(feature = "internals")]
pub mod testkit;

pub use env::{CivilTime, Environment, FixedEnvironment, SystemEnvironment};
pub use error::{ApiError, ArgumentError, Category, HeaderMismatch};

/// The library's version (`sogen_version()` from C).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use output::{CallError, Outcome, ARGUMENT_ERROR_EXIT};
pub use version::ApiVersion;

/// Runs `request` on `args` (the arguments after the program name) with the
/// clock, process id and environment of `env`.
pub fn request<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Outcome {
    config::begin_call();
    merchant::request::run(args, env, &version::select(args, env))
}

/// Runs `response` on `args` (`message=…`, `pathfile=…`) with the clock,
/// process id and environment of `env`.
pub fn response<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Outcome {
    config::begin_call();
    merchant::response::run(args, env, &version::select(args, env))
}
