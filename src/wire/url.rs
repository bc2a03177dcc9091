//! The certificate's DES-encrypted server URL blocks (docs/wire-format.md
//! §7.5), read the way the legacy `request` read them.
//!
//! Behaviour on damaged blocks was established against the legacy amd64
//! `request` with crafted certificates:
//! * only whole 16-digit ciphertext blocks within the announced length N are
//!   deciphered (N < 16 gives an empty URL, not an error);
//! * inside a block, hex digits (either case) are written nibble by nibble
//!   into one 8-byte buffer until the first other character; the rest of the
//!   buffer keeps the previous block's ciphertext (`10 00 … 00` before the
//!   first block), and the next block is read normally;
//! * the deciphered length is the C string of its 3 bytes (`"01\0"` is 1,
//!   `"\0"` is 0) and must be digits only (no space, no sign); the URL is cut
//!   at that length, at the end of the plaintext and at its first NUL.
//!
//! One legacy behaviour is not reproduced: when the length runs past the
//! deciphered text (N cut short), the legacy read uninitialised memory there;
//! here the URL just ends.

use super::{cipher::des_ecb, hex};
use crate::clib::cut_at_nul;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// The first 3 characters are not a decimal length: `invalid ciphered url length <abc>`.
    CipheredLength(Vec<u8>),
    /// The deciphered length is not digits: `invalid server url length <3 bytes>`
    /// (the bytes before the first NUL, as the legacy printed them).
    ServerUrlLength(Vec<u8>),
}

/// Characters of a block: 4 lines of 66.
const BLOCK_LEN: usize = 264;
/// The legacy ciphertext buffer before the first block (observed).
const INITIAL_CIPHER_BUFFER: [u8; 8] = [0x10, 0, 0, 0, 0, 0, 0, 0];

/// The URL key: `byte mod 16` of the first 16 characters of data line 1, as 8
/// bytes (missing characters count as 0).
pub fn url_key(line1: &[u8]) -> [u8; 8] {
    let nibble = |j: usize| line1.get(j).copied().unwrap_or(0) % 16;
    let mut key = [0u8; 8];
    for (i, k) in key.iter_mut().enumerate() {
        *k = nibble(2 * i) << 4 | nibble(2 * i + 1);
    }
    key
}

fn hex_digit(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Writes one 16-character block into `buffer`, nibble by nibble, up to its
/// first non-hex character.
fn read_cipher_block(buffer: &mut [u8; 8], block: &[u8]) {
    for (i, &c) in block.iter().enumerate() {
        let (Some(n), Some(byte)) = (hex_digit(c), buffer.get_mut(i / 2)) else { break };
        *byte = if i % 2 == 0 { (*byte & 0x0f) | n << 4 } else { (*byte & 0xf0) | n };
    }
}

/// The ciphertext of `hex_text`, whole 16-digit blocks only: never fails.
fn cipher_bytes(hex_text: &[u8]) -> Vec<u8> {
    let mut buffer = INITIAL_CIPHER_BUFFER;
    let mut out = Vec::with_capacity(hex_text.len() / 2);
    for block in hex_text.chunks_exact(16) {
        read_cipher_block(&mut buffer, block);
        out.extend_from_slice(&buffer);
    }
    out
}

/// Decrypts one block: the first 66 characters of 4 consecutive data lines.
pub fn decrypt_block(key: &[u8; 8], block: &[u8]) -> Result<Vec<u8>, UrlError> {
    let field = block.get(..3).unwrap_or(block);
    let n = match field {
        [a, b, c] if field.iter().all(u8::is_ascii_digit) => {
            usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0')
        }
        _ => return Err(UrlError::CipheredLength(field.to_vec())),
    };
    let hex_text = block.get(3..).unwrap_or_default();
    let plain = des_ecb(key, &cipher_bytes(&hex_text[..hex_text.len().min(n)]), false);
    let (length, rest) = plain.split_at(plain.len().min(3));
    let length = cut_at_nul(length);
    if !length.iter().all(u8::is_ascii_digit) {
        return Err(UrlError::ServerUrlLength(length.to_vec()));
    }
    let m = length.iter().fold(0usize, |m, d| m * 10 + usize::from(d - b'0'));
    Ok(cut_at_nul(&rest[..rest.len().min(m)]).to_vec())
}

/// The 264-character block text for `url` (the caller keeps it to at most
/// 125 bytes, else the text is longer than 264), padded with the characters
/// of `filler` from its start, repeated if needed (`+` if it is empty).
pub fn encrypt_block(key: &[u8; 8], url: &[u8], filler: &[u8]) -> Vec<u8> {
    let mut plain = format!("{:03}", url.len()).into_bytes();
    plain.extend_from_slice(url);
    plain.resize(plain.len().div_ceil(8) * 8, 0);
    let cipher_hex = hex::encode_upper(&des_ecb(key, &plain, true));
    let mut block = format!("{:03}", cipher_hex.len()).into_bytes();
    block.extend_from_slice(&cipher_hex);
    let filler = if filler.is_empty() { b"+" } else { filler };
    let missing = BLOCK_LEN.saturating_sub(block.len());
    block.extend(filler.iter().cycle().take(missing));
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE1: &[u8] = b"RMqyhPQKk4a97wq4";

    fn key() -> [u8; 8] {
        url_key(LINE1)
    }

    /// A block whose plaintext is `plain` (zero-padded), with the ciphered
    /// length field `n` and the hex text edited by `edit`.
    fn block_with(plain: &[u8], n: Option<&[u8]>, edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
        let mut p = plain.to_vec();
        p.resize(p.len().div_ceil(8) * 8, 0);
        let mut h = hex::encode_upper(&des_ecb(&key(), &p, true));
        edit(&mut h);
        let mut block = n.map_or_else(|| format!("{:03}", h.len()).into_bytes(), <[u8]>::to_vec);
        block.extend_from_slice(&h);
        block.resize(BLOCK_LEN, b'+');
        block
    }

    #[test]
    fn demo_key() {
        assert_eq!(key(), [0x2d, 0x19, 0x80, 0x1b, 0xb4, 0x19, 0x77, 0x14]);
        assert_eq!(url_key(b"0"), [0; 8]);
        assert_eq!(url_key(b""), [0; 8]);
        assert_eq!(url_key(b"\x11\x22"), [0x12, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn round_trip() {
        for url in [&b""[..], b"https://x", &[b'a'; 125]] {
            for filler in [&b"qQr1zR6d"[..], b""] {
                let block = encrypt_block(&key(), url, filler);
                assert_eq!(block.len(), BLOCK_LEN);
                assert_eq!(decrypt_block(&key(), &block).unwrap(), url);
            }
        }
        let block = encrypt_block(&key(), b"u", b"ab");
        assert_eq!(&block[3 + 16..3 + 20], b"abab");
        assert_eq!(encrypt_block(&key(), b"u", b"")[BLOCK_LEN - 1], b'+');
    }

    #[test]
    fn ciphered_length_must_be_three_digits() {
        for field in [&b"abc"[..], b" 32", b"03x", b"+32", b"", b"1"] {
            let mut block = field.to_vec();
            block.extend_from_slice(&block_with(b"010http://a.b/", None, |_| ())[3..]);
            if field.len() < 3 {
                block.truncate(field.len());
            }
            assert_eq!(decrypt_block(&key(), &block), Err(UrlError::CipheredLength(field.to_vec())), "{field:?}");
        }
    }

    // Each expectation below is what the legacy `request` put in its form.
    #[test]
    fn deciphered_length_as_the_legacy_read_it() {
        let url = |plain: &[u8]| decrypt_block(&key(), &block_with(plain, None, |_| ()));
        assert_eq!(url(b"010http://a.b/"), Ok(b"http://a.b".to_vec()));
        assert_eq!(url(b"01\0http://a.b/xyz"), Ok(b"h".to_vec()));
        assert_eq!(url(b"\0\0\0http://a.b/"), Ok(Vec::new()));
        assert_eq!(url(b"0"), Ok(Vec::new()));
        assert_eq!(url(b"050http://a.b/"), Ok(b"http://a.b/".to_vec()));
        assert_eq!(url(b"099http://a.b/xy"), Ok(b"http://a.b/xy".to_vec()));
        assert_eq!(url(b"010http\0//a.b/"), Ok(b"http".to_vec()));
        for bad in [&b" 10"[..], b"+10", b"1a0", b"-01"] {
            let plain = [bad, b"http://a.b/"].concat();
            assert_eq!(url(&plain), Err(UrlError::ServerUrlLength(bad.to_vec())));
        }
        assert_eq!(url(b"0ab"), Err(UrlError::ServerUrlLength(b"0ab".to_vec())));
        assert_eq!(url(b"a\0bhttp"), Err(UrlError::ServerUrlLength(b"a".to_vec())));
    }

    #[test]
    fn only_whole_blocks_within_n() {
        let plain = b"054http://abcdefghijklmnopqrstuvwxyz0123456789/ABCDEFGHIJ";
        let url = |n: usize| decrypt_block(&key(), &block_with(plain, Some(format!("{n:03}").as_bytes()), |_| ()));
        for n in 0..16 {
            assert_eq!(url(n), Ok(Vec::new()), "N={n}");
        }
        for n in [16, 24, 31] {
            assert_eq!(url(n), Ok(b"http:".to_vec()), "N={n}");
        }
        assert_eq!(url(32), Ok(b"http://abcdef".to_vec()));
        assert_eq!(url(115), Ok(b"http://abcdefghijklmnopqrstuvwxyz0123456789/ABCDEFGHI".to_vec()));
        // N past the block text: what there is.
        assert_eq!(url(999), Ok(plain[3..].to_vec()));
    }

    #[test]
    fn lowercase_hex_is_read() {
        let block = block_with(b"010http://a.b/", None, |h| h.make_ascii_lowercase());
        assert_eq!(decrypt_block(&key(), &block), Ok(b"http://a.b".to_vec()));
    }

    #[test]
    fn a_bad_hex_character_ends_its_block_only() {
        // Ciphertext of "010http://a.b/": CEE9C494474F4D56 D92EB89D007926E9.
        let at = |i: usize, c: u8| move |h: &mut Vec<u8>| h[i] = c;
        let url = |i: usize, c: u8| decrypt_block(&key(), &block_with(b"010http://a.b/", None, at(i, c))).unwrap();
        // Nothing read in block 2: it repeats block 1's ciphertext.
        assert_eq!(url(16, b'R'), b"http:010ht");
        // Legacy outputs, whatever the bad character.
        for c in [b'R', b'G', b'g', b'+', b' ', b'-', b'x', 0xe9] {
            assert_eq!(url(17, c), b"http:\xc6\x9aJ\xe9\xcc");
            assert_eq!(url(18, c), b"http:\x9c\xa7\x7f\xb6\x88");
            assert_eq!(url(20, c), b"http: i\xfe\x1bJ");
            assert_eq!(url(31, c), b"http:\x0c\x11\x05,\xb9");
        }
        // In block 1 the buffer starts as 10 00 … 00; the legacy printed these bytes.
        let plain = b"020http://a.b/0123456789";
        let err = |i: usize| decrypt_block(&key(), &block_with(plain, None, at(i, b'R')));
        assert_eq!(err(0), Err(UrlError::ServerUrlLength(b"g;\xbf".to_vec())));
        assert_eq!(err(1), Err(UrlError::ServerUrlLength(b"y\x96{".to_vec())));
        assert_eq!(err(15), Err(UrlError::ServerUrlLength(b"\xae\x10\xfc".to_vec())));
    }

    #[test]
    fn block_3_is_read_after_a_bad_block_2() {
        let url = decrypt_block(&key(), &block_with(b"020http://a.b/0123456789", None, |h: &mut Vec<u8>| h[21] = b' '))
            .unwrap();
        assert_eq!(url, b"http:_\x99\x82ToP\x7f\xf12345678");
    }

    #[test]
    fn never_panics_on_short_or_odd_input() {
        for block in [&b""[..], b"0", b"00", b"000", b"001", b"0161234", b"017CEE9C494474F4D56D"] {
            let _ = decrypt_block(&key(), block);
        }
        assert_eq!(decrypt_block(&key(), b"000"), Ok(Vec::new()));
    }

    #[test]
    fn damaged_blocks_never_panic() {
        let block = encrypt_block(&key(), b"https://paiement.example/x", b"qQr1zR6d");
        for i in 0..block.len() {
            let _ = decrypt_block(&key(), &block[..i]);
            for c in [b'0', b'9', b'F', b'f', b'x', 0, 0xff] {
                let mut b = block.clone();
                b[i] = c;
                let _ = decrypt_block(&key(), &b);
            }
        }
    }
}
