//! `response` end to end for a Sips 2.0 merchant: the input is the posted
//! Data (and, after a NUL, an Encode value); one input in two carries the
//! right seal, so that mutations reach the Data reader and the mapping.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sogen::server::sips2::{parse_key_file, seal};

fuzz_target!(|input: &[u8]| {
    let shop = common::sips2_shop();
    let (data, encode) = match input.iter().position(|&b| b == 0) {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => (input, &b""[..]),
    };
    let key = parse_key_file(common::KEY_FILE.as_bytes()).expect("the fixed key file");
    let right = seal(data, &key.secret_key, key.seal_algorithm);
    let sealed = if input.len() % 2 == 0 { right.as_bytes().to_vec() } else { b"00".to_vec() };
    let mut args = vec![shop.clone(), [&b"message="[..], data].concat(), [&b"seal="[..], &sealed].concat()];
    if !encode.is_empty() {
        args.push([&b"encode="[..], encode].concat());
    }
    let out = sogen::response(&args, &common::ENV);
    assert!(out.text.starts_with(b"!0!") || out.text.starts_with(b"!-1!"));
    if out.is_success() {
        assert_eq!(sealed, right.as_bytes(), "accepted without the right seal");
    }
});
