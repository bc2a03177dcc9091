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

/// The longest argument read, in bytes: the executables never received a
/// longer one (Linux refuses to start a program with an argument of 128 KiB
/// or more). Longer arguments are cut here, so memory and output stay
/// bounded whatever a caller passes.
pub const MAX_ARGUMENT: usize = 131_071;

/// `args` with each argument cut at its first NUL (an argv element is a C
/// string) and at [`MAX_ARGUMENT`] bytes.
fn bounded<A: AsRef<[u8]>>(args: &[A]) -> Vec<&[u8]> {
    args.iter().map(|a| clib::cut_at_nul(&a.as_ref()[..a.as_ref().len().min(MAX_ARGUMENT)])).collect()
}
pub use output::{CallError, Outcome, ARGUMENT_ERROR_EXIT};
pub use version::ApiVersion;

/// Runs `request` on `args` (the arguments after the program name) with the
/// clock, process id and environment of `env`.
pub fn request<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Outcome {
    config::begin_call();
    let args = bounded(args);
    merchant::request::run(&args, env, &version::select(&args, env))
}

/// Runs `response` on `args` (`message=…`, `pathfile=…`) with the clock,
/// process id and environment of `env`.
pub fn response<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Outcome {
    config::begin_call();
    let args = bounded(args);
    merchant::response::run(&args, env, &version::select(&args, env))
}
