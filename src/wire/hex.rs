//! Hexadecimal text, as `request` writes it (lowercase) and certificates hold
//! it (uppercase). Reading received hex is `received::hex_decode_lenient`.

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn encode_with(bytes: &[u8], digits: &[u8; 16]) -> Vec<u8> {
    let mut out = vec![0u8; bytes.len() * 2];
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = digits[(b >> 4) as usize];
        pair[1] = digits[(b & 15) as usize];
    }
    out
}

/// Lowercase hex, two digits per byte.
#[cfg_attr(not(any(test, feature = "internals")), allow(dead_code))]
pub fn encode_lower(bytes: &[u8]) -> Vec<u8> {
    encode_with(bytes, LOWER)
}

/// Lowercase hex into `out`, which holds exactly two digits per byte.
pub fn encode_lower_into(bytes: &[u8], out: &mut [u8]) {
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&lower_pair(b));
    }
}

/// The two lowercase digits of `b`.
#[inline(always)]
pub fn lower_pair(b: u8) -> [u8; 2] {
    [LOWER[(b >> 4) as usize], LOWER[(b & 15) as usize]]
}

/// Uppercase hex (customer_id ciphertext, URL blocks).
pub fn encode_upper(bytes: &[u8]) -> Vec<u8> {
    encode_with(bytes, UPPER)
}

/// Strict decoder: even length, only `0-9a-fA-F`; `None` otherwise.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    text.chunks_exact(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_strictness() {
        assert_eq!(encode_lower(&[0x00, 0xab, 0xff]), b"00abff");
        assert_eq!(encode_upper(&[0x2a, 0x46]), b"2A46");
        let mut two = [0u8; 4];
        encode_lower_into(&[0x0f, 0xa0], &mut two);
        assert_eq!(&two, b"0fa0");
        assert_eq!(decode(b"00aBfF"), Some(vec![0x00, 0xab, 0xff]));
        assert_eq!(decode(b"0"), None);
        assert_eq!(decode(b"0g"), None);
        assert_eq!(decode(b""), Some(Vec::new()));
        assert_eq!(decode(b"\xff\xff"), None);
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode_lower(&all)), Some(all.clone()));
        assert_eq!(decode(&encode_upper(&all)), Some(all));
    }
}
