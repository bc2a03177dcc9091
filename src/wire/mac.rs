//! DES CBC-MAC, IV 0, zero padding of at least one byte (docs/wire-format.md §4).

/// The 8-byte MAC of `text` under `key`.
pub fn compute(key: &[u8; 8], text: &[u8]) -> [u8; 8] {
    super::des_sp::cbc_mac(key, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_one_zero_block() {
        assert_eq!(compute(b"\x01\x23\x45\x67\x89\xab\xcd\xef", b""), [0xd5, 0xd4, 0x4f, 0xf7, 0x20, 0x68, 0x3d, 0x0d]);
    }

    /// CBC by hand over single-block ECB: `text` with its padding.
    fn reference(key: &[u8; 8], text: &[u8]) -> [u8; 8] {
        let mut padded = text.to_vec();
        padded.resize((text.len() / 8 + 1) * 8, 0);
        let mut last = [0u8; 8];
        for block in padded.chunks_exact(8) {
            let x: Vec<u8> = block.iter().zip(last).map(|(a, b)| a ^ b).collect();
            last.copy_from_slice(&crate::wire::cipher::des_ecb(key, &x, true));
        }
        last
    }

    #[test]
    fn padding_always_adds_a_zero_byte() {
        let key = *b"\xe9\x58\xb8\x96\x71\x67\x6f\x65";
        for len in 0..25 {
            let text: Vec<u8> = (0..len).map(|i| i as u8 + 1).collect();
            assert_eq!(compute(&key, &text), reference(&key, &text), "len {len}");
        }
        // 8 bytes get a whole zero block: not the MAC of the 8 bytes alone.
        assert_ne!(compute(&key, b"01234567"), crate::wire::cipher::des_ecb(&key, b"01234567", true)[..]);
    }
}
