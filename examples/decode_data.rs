//! Prints the records of a DATA value as `response` reads them (no MAC check):
//! `cargo run --example decode_data -- <DATA>`. A debugging aid.

use std::os::unix::ffi::OsStringExt;

fn main() {
    let Some(data) = std::env::args_os().nth(1).map(|a| a.into_vec()) else {
        eprintln!("usage: decode_data <DATA>");
        std::process::exit(2);
    };
    let armor = sogen::internals::wire::received::hex_decode_lenient(&data[..data.len().saturating_sub(16)]);
    println!("armor: {} bytes, length field {:?}", armor.len(), String::from_utf8_lossy(&armor[..armor.len().min(5)]));
    match sogen::internals::wire::received::decode_message(&data) {
        Ok(container) => {
            for (code, value) in container.records() {
                println!("{code:03} ({:4}) {:?}", value.len(), String::from_utf8_lossy(value));
            }
        }
        Err(_) => println!("undecodable (Error in message decryption)"),
    }
}
