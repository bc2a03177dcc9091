//! The Sips 2.0 key file parser on any content: refused or read, never a
//! panic, and the secret never in an error's text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sogen::inspect::keyfile;

fuzz_target!(|data: &[u8]| {
    let _ = keyfile::is_key_file(data);
    if let Err(e) = keyfile::parse(data) {
        let _ = e.detail();
    }
});
