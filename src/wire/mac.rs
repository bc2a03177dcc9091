//! DES CBC-MAC, IV 0, zero padding of at least one byte (`wire-format.md` §3.4).

use cbc::cipher::{BlockModeEncrypt, KeyIvInit};

/// The 8-byte MAC of `text` under `key`.
pub fn compute(key: &[u8; 8], text: &[u8]) -> [u8; 8] {
    let mut mode = cbc::Encryptor::<des::Des>::new(key.into(), &[0u8; 8].into());
    let mut last = [0u8; 8];
    // The padding always adds at least one zero byte.
    let padded_len = (text.len() / 8 + 1) * 8;
    for i in (0..padded_len).step_by(8) {
        let mut block = [0u8; 8];
        let end = (i + 8).min(text.len());
        if i < end {
            block[..end - i].copy_from_slice(&text[i..end]);
        }
        let mut b = block.into();
        mode.encrypt_block(&mut b);
        last = b.into();
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_one_zero_block() {
        assert_eq!(compute(b"\x01\x23\x45\x67\x89\xab\xcd\xef", b""), [0xd5, 0xd4, 0x4f, 0xf7, 0x20, 0x68, 0x3d, 0x0d]);
    }
}
