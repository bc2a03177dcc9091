//! The parmcom parser on any file content.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sogen::internals::config::parmcom;

fuzz_target!(|data: &[u8]| {
    // Both line buffers the kit versions use.
    for line in [2048, 256] {
        if let Ok(p) = parmcom::parse(data, line) {
            // Every value listed is what a lookup of its field finds.
            for (field, value) in p.values() {
                assert_eq!(p.get(field), Some(value));
            }
        }
    }
});
