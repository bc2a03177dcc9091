//! The protocol primitives and file parsers, for the tests, benchmarks and
//! fuzz targets only (feature `internals`): not an API, no stability.

/// DATA encoding, DES, keys (`crate::wire`).
pub mod wire {
    pub use crate::wire::{armor, cipher, hex, keys, mac, nlv, received, url, KeyMatrix};
}

/// The configuration files and their cache (`crate::config`).
pub mod config {
    pub use crate::config::{certificate, load, os_path, parmcom, pathfile, CacheStats, FileError, Kind};
}

/// Language code conversions.
pub use crate::fields::language;

/// The JSON views the C ABI returns.
pub fn request_json(outcome: &crate::Outcome) -> String {
    crate::output::json::request(outcome)
}

/// The JSON views the C ABI returns.
pub fn response_json(outcome: &crate::Outcome) -> String {
    crate::output::json::response(outcome)
}
