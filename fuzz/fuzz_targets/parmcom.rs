//! The parmcom parser on any file content.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sogen::config::parmcom;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = parmcom::parse(data) {
        // Every value read is what a lookup of its field finds (or a later line's).
        for (field, _) in &p.values {
            assert!(p.get(*field).is_some());
        }
    }
});
