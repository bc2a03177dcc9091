//! Everything that reads a received DATA value: the lenient decoder
//! `response` uses (hex → armor → NLV, with the legacy's quirks) and the
//! strict decoders, on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sogen::internals::wire::{armor, hex, nlv, received};

fuzz_target!(|data: &[u8]| {
    let _ = received::decode_message(data);
    let armor_text = received::hex_decode_lenient(data);
    if let Ok(plain) = received::dearmor_lenient(&armor_text) {
        let _ = received::parse_nlv_lenient(&plain);
    }
    // The same bytes taken as each intermediate form directly.
    let _ = received::parse_nlv_lenient(data);
    let _ = received::dearmor_lenient(data);
    if let Some(bytes) = hex::decode(data) {
        assert_eq!(hex::encode_lower(&bytes), data.to_ascii_lowercase());
    }
    if let Some(plain) = armor::decode(data) {
        // What decodes re-encodes to something that decodes the same.
        assert_eq!(armor::decode(&armor::encode(&plain)), Some(plain));
    }
    if let Ok(records) = nlv::decode(data) {
        let _ = records.len();
    }
});
