//! The certificate parser (header, key matrix, URL blocks, trailer) on any
//! content; the first byte chooses with or without the F_CTYPE header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sogen::internals::config::certificate;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, content)) = data.split_first() else { return };
    let cert = certificate::parse(content, mode & 1 == 1);
    if let Err(e) = &cert.url {
        let _ = e.detail();
    }
    if let Err(e) = &cert.matrix {
        let _ = e.detail();
    }
});
