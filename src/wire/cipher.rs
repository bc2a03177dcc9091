//! customer_id / 107 encryption: two-key 3DES EDE in ECB mode.

use super::des_sp::Des;
use super::hex;

struct Ede2 {
    k1: Des,
    k1_inverse: Des,
    k2: Des,
    k2_inverse: Des,
}

impl Ede2 {
    fn new(key1: &[u8; 8], key2: &[u8; 8]) -> Ede2 {
        let (k1, k2) = (Des::new(key1), Des::new(key2));
        Ede2 { k1_inverse: k1.reversed(), k2_inverse: k2.reversed(), k1, k2 }
    }

    /// E_k1(D_k2(E_k1(x))).
    fn encrypt(&self, block: [u8; 8]) -> [u8; 8] {
        self.k1.encrypt_block(self.k2_inverse.encrypt_block(self.k1.encrypt_block(block)))
    }

    /// D_k1(E_k2(D_k1(x))), with its middle stage E_k2(D_k1(x)).
    fn decrypt(&self, block: [u8; 8]) -> ([u8; 8], [u8; 8]) {
        let middle = self.k2.encrypt_block(self.k1_inverse.encrypt_block(block));
        (middle, self.k1_inverse.encrypt_block(middle))
    }
}

/// Encrypt: 8-byte blocks, the last partial one zero-padded (no extra block
/// when the length is a multiple of 8); uppercase hex out.
pub fn encrypt_customer_id(key1: &[u8; 8], key2: &[u8; 8], clear: &[u8]) -> Vec<u8> {
    let ede = Ede2::new(key1, key2);
    let mut out = Vec::with_capacity(clear.len().div_ceil(8) * 8);
    for chunk in clear.chunks(8) {
        let mut block = [0u8; 8];
        block[..chunk.len()].copy_from_slice(chunk);
        out.extend_from_slice(&ede.encrypt(block));
    }
    hex::encode_upper(&out)
}

/// Decrypt hex text by whole 16-digit blocks (a trailing partial block is
/// ignored), cut at the first NUL. A block's digits are read as the legacy
/// read them, into 16 nibbles up to its first non-hex digit: that digit and
/// the rest of the block keep the nibbles the previous block left, the
/// middle stage of its decryption (zeros before the first block; for a
/// customer_id the legacy had uninitialised memory there).
pub fn decrypt_customer_id(key1: &[u8; 8], key2: &[u8; 8], hex_text: &[u8]) -> Vec<u8> {
    let ede = Ede2::new(key1, key2);
    let mut nibbles = [0u8; 16];
    let mut out = Vec::with_capacity(hex_text.len() / 2);
    for digits in hex_text.chunks_exact(16) {
        for (nibble, &c) in nibbles.iter_mut().zip(digits) {
            match (c as char).to_digit(16) {
                Some(d) => *nibble = d as u8,
                None => break,
            }
        }
        let (middle, clear) = ede.decrypt(std::array::from_fn(|i| nibbles[2 * i] << 4 | nibbles[2 * i + 1]));
        nibbles = std::array::from_fn(|i| if i % 2 == 0 { middle[i / 2] >> 4 } else { middle[i / 2] & 15 });
        out.extend_from_slice(&clear);
    }
    let end = out.iter().position(|&b| b == 0).unwrap_or(out.len());
    out.truncate(end);
    out
}

/// Single DES, ECB, over whole 8-byte blocks (the certificate's URL blocks).
pub(crate) fn des_ecb(key: &[u8; 8], data: &[u8], encrypt: bool) -> Vec<u8> {
    let des = if encrypt { Des::new(key) } else { Des::new(key).reversed() };
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(8) {
        let mut block = [0u8; 8];
        block.copy_from_slice(chunk);
        out.extend_from_slice(&des.encrypt_block(block));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_block_rules() {
        let (k1, k2) = (*b"\x2c\x28\x86\x21\x7b\x4c\x6d\x51", *b"\x98\x57\xb6\xd9\x28\x2c\x6d\x6b");
        assert_eq!(encrypt_customer_id(&k1, &k2, b"ABC"), b"2A4611676F3B2C13");
        assert_eq!(encrypt_customer_id(&k1, &k2, b"12345678").len(), 16);
        assert_eq!(decrypt_customer_id(&k1, &k2, b"2a4611676f3b2c13"), b"ABC");
        assert_eq!(decrypt_customer_id(&k1, &k2, b"2A4611676F3B2C1"), b"");
        assert_eq!(decrypt_customer_id(&k1, &k2, b"2A4611676F3B2C1312"), b"ABC");
    }

    #[test]
    fn spec_examples() {
        let (k1, k2) = (*b"\x2c\x28\x86\x21\x7b\x4c\x6d\x51", *b"\x98\x57\xb6\xd9\x28\x2c\x6d\x6b");
        assert_eq!(encrypt_customer_id(&k1, &k2, b"12345678"), b"90126399C4AEF6C9");
        assert_eq!(encrypt_customer_id(&k1, &k2, b"Jean Dupont"), b"244FE05B38906005BABBACA7AF08E5E0");
        assert_eq!(decrypt_customer_id(&k1, &k2, b"244FE05B38906005BABBACA7AF08E5E0"), b"Jean Dupont");
        assert_eq!(encrypt_customer_id(&k1, &k2, b""), b"");
    }

    #[test]
    fn equal_keys_are_single_des() {
        let k = *b"\x01\x23\x45\x67\x89\xab\xcd\xef";
        let clear = b"Now is the time for all ";
        assert_eq!(encrypt_customer_id(&k, &k, clear), hex::encode_upper(&des_ecb(&k, clear, true)));
        // FIPS 81 ECB example.
        assert_eq!(des_ecb(&k, clear, true), hex::decode(b"3fa40e8a984d48156a271787ab8883f9893d51ec4b563b53").unwrap());
        assert_eq!(des_ecb(&k, &des_ecb(&k, clear, true), false), clear);
        // Parity bits are ignored.
        let k2 = k.map(|b| b ^ 1);
        assert_eq!(des_ecb(&k2, clear, true), des_ecb(&k, clear, true));
    }

    #[test]
    fn non_hex_digits_keep_the_previous_nibbles() {
        let (k1, k2) = (*b"\x2c\x28\x86\x21\x7b\x4c\x6d\x51", *b"\x98\x57\xb6\xd9\x28\x2c\x6d\x6b");
        let plain = |text: &[u8]| {
            let ede = Ede2::new(&k1, &k2);
            let block: [u8; 8] = hex::decode(text).unwrap().try_into().unwrap();
            ede.decrypt(block)
        };
        // First block: zeros from the first non-hex digit on, wherever it is.
        let (_, fz) = plain(b"F000000000000000");
        assert_eq!(decrypt_customer_id(&k1, &k2, b"Fz0123456789abcd"), cut(&fz));
        assert_eq!(decrypt_customer_id(&k1, &k2, b"F\xe9ffffffffffffff"), cut(&fz));
        let (_, zero) = plain(b"0000000000000000");
        assert_eq!(decrypt_customer_id(&k1, &k2, b"zFFFFFFFFFFFFFFF"), cut(&zero));
        // Later blocks: the previous block's middle stage.
        let first = b"90126399C4AEF6C9";
        let (middle, clear) = plain(first);
        assert_eq!(&clear, b"12345678");
        let kept = hex::encode_upper(&middle);
        let second = [&b"0123"[..], &kept[4..]].concat();
        let (_, want) = plain(&second);
        let got = decrypt_customer_id(&k1, &k2, &[&first[..], b"0123G56789abcdef"].concat());
        assert_eq!(got, cut(&[clear, want].concat()));
    }

    fn cut(bytes: &[u8]) -> Vec<u8> {
        bytes[..bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len())].to_vec()
    }

    #[test]
    fn decrypt_never_panics() {
        let k = [0u8; 8];
        for text in [&b""[..], b"z", b"zzzzzzzzzzzzzzzz", &[0xff; 33]] {
            let _ = decrypt_customer_id(&k, &k, text);
        }
    }
}
