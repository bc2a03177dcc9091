//! The pathfile parser and its `!`-variable expansion, on any file content;
//! the first line of the input also serves as a key to look up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sogen::internals::config::pathfile;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = pathfile::parse(data) {
        for key in pathfile::KNOWN_KEYS {
            let _ = p.get(key);
        }
        let key = data.split(|&b| b == b'!').next().unwrap_or_default();
        let _ = p.get(key);
    }
});
