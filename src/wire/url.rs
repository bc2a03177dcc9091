//! The certificate's DES-encrypted server URL blocks (`wire-format.md` §2.3,
//! `certificates.md`), read the way the legacy `request` read them.

use super::{cipher::des_ecb, hex, received::hex_decode_lenient};
use crate::text::{c_atoi, cut_at_nul};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// The first 3 characters are not a decimal length: `invalid ciphered url length <abc>`.
    CipheredLength(Vec<u8>),
    /// The deciphered length is not digits: `invalid server url length <3 bytes>`.
    ServerUrlLength(Vec<u8>),
}

/// The URL key: `byte mod 16` of the first 16 characters of data line 1, as 8 bytes.
pub fn url_key(line1: &[u8]) -> [u8; 8] {
    let mut key = [0u8; 8];
    for i in 0..16 {
        let nibble = line1.get(i).copied().unwrap_or(0) % 16;
        key[i / 2] |= if i % 2 == 0 { nibble << 4 } else { nibble };
    }
    key
}

/// Decrypts one block: the first 66 characters of 4 consecutive data lines.
/// Only whole 16-digit ciphertext blocks within the announced length are
/// deciphered; the URL is cut at the deciphered length (or what there is).
pub fn decrypt_block(key: &[u8; 8], block: &[u8]) -> Result<Vec<u8>, UrlError> {
    let field = &block[..block.len().min(3)];
    if field.len() != 3 || !field.iter().all(u8::is_ascii_digit) {
        return Err(UrlError::CipheredLength(field.to_vec()));
    }
    let n = c_atoi(field) as usize;
    let hex_text = &block[3..block.len().min(3 + n)];
    let cipher = hex_decode_lenient(&hex_text[..hex_text.len() / 16 * 16]);
    let plain = des_ecb(key, &cipher, false);
    let length = cut_at_nul(&plain[..plain.len().min(3)]);
    if !length.iter().all(u8::is_ascii_digit) {
        return Err(UrlError::ServerUrlLength(length.to_vec()));
    }
    let m = c_atoi(length) as usize;
    let url = &plain[plain.len().min(3)..plain.len().min(3 + m)];
    Ok(cut_at_nul(url).to_vec())
}

/// The 264-character block text for `url` (at most 125 bytes), padded with
/// characters from `filler` (cycled). Inverse of [`decrypt_block`].
pub fn encrypt_block(key: &[u8; 8], url: &[u8], filler: &[u8]) -> Vec<u8> {
    let mut plain = format!("{:03}", url.len()).into_bytes();
    plain.extend_from_slice(url);
    plain.resize(plain.len().div_ceil(8) * 8, 0);
    let cipher_hex = hex::encode_upper(&des_ecb(key, &plain, true));
    let mut block = format!("{:03}", cipher_hex.len()).into_bytes();
    block.extend_from_slice(&cipher_hex);
    let fill = filler.iter().copied().chain(std::iter::repeat(b'+')).cycle();
    let missing = 264usize.saturating_sub(block.len());
    block.extend(fill.take(missing));
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_key_and_round_trip() {
        assert_eq!(url_key(b"RMqyhPQKk4a97wq4"), [0x2d, 0x19, 0x80, 0x1b, 0xb4, 0x19, 0x77, 0x14]);
        let key = url_key(b"RMqyhPQKk4a97wq4");
        for url in [&b""[..], b"https://x", &[b'a'; 125]] {
            let block = encrypt_block(&key, url, b"qQr1zR6d");
            assert_eq!(block.len(), 264);
            assert_eq!(decrypt_block(&key, &block).unwrap(), url);
        }
        assert_eq!(decrypt_block(&key, b"abc"), Err(UrlError::CipheredLength(b"abc".to_vec())));
    }
}
