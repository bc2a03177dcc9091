//! `response` end to end for the demo merchant: any message, MAC checked
//! with the demo certificate (seeds are valid messages, so mutations reach
//! the MAC check, the value checks and customer_id deciphering).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::at_repo_root();
    let message = [&b"message="[..], data].concat();
    let args = [common::PATHFILE, &message[..]];
    let e = sogen::response(&args, &common::ENV);
    let text = &e.text;
    assert!(text.starts_with(b"!0!") || text.starts_with(b"!-1!"));
    // Accepted only with the demo merchant's certificate, hence its id.
    if e.is_success() {
        assert_eq!(e.field("merchant_id"), Some(&b"000000000000001"[..]));
    }
});
