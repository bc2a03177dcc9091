//! The 6-bit armor (docs/wire-format.md §3): `printf("%5d", n)`, then 4
//! characters per 3 bytes (`chr(v + 0x20)`, 0 written as `` ` ``), every `"`
//! escaped as `\"`.

fn armor_char(v: u32) -> u8 {
    if v == 0 {
        b'`'
    } else {
        v as u8 + 0x20
    }
}

/// Armors `plain`.
#[cfg_attr(not(any(test, feature = "internals")), allow(dead_code))]
pub fn encode(plain: &[u8]) -> Vec<u8> {
    let mut out = format!("{:5}", plain.len()).into_bytes();
    out.reserve(plain.len() / 3 * 4 + plain.len() / 8 + 8);
    for chunk in plain.chunks(3) {
        let b = |i: usize| chunk.get(i).copied().unwrap_or(0) as u32;
        let word = b(0) << 16 | b(1) << 8 | b(2);
        for shift in [18, 12, 6, 0] {
            let c = armor_char(word >> shift & 63);
            if c == b'"' {
                out.push(b'\\');
            }
            out.push(c);
        }
    }
    out
}

/// The two lowercase hex digits of each armor character, by 6-bit value.
const HEX_OF_VALUE: [[u8; 2]; 64] = {
    let digits = b"0123456789abcdef";
    let mut t = [[0u8; 2]; 64];
    let mut v = 0;
    while v < 64 {
        let c = if v == 0 { b'`' } else { v as u8 + 0x20 };
        t[v] = [digits[(c >> 4) as usize], digits[(c & 15) as usize]];
        v += 1;
    }
    t
};
/// Armor value whose character is `"` (written `\"`).
const QUOTE: u32 = 2;

/// [`encode`] followed by lowercase hex, in one pass: DATA is the hex of the
/// armored container, and the intermediate text is never needed.
pub fn encode_hex(plain: &[u8]) -> Vec<u8> {
    let groups = plain.len().div_ceil(3);
    let mut out = Vec::with_capacity(10 + groups * 8 + plain.len() / 8 + 16);
    for &c in format!("{:5}", plain.len()).as_bytes() {
        out.extend_from_slice(&super::hex::lower_pair(c));
    }
    for chunk in plain.chunks(3) {
        let b = |i: usize| chunk.get(i).copied().unwrap_or(0) as u32;
        let word = b(0) << 16 | b(1) << 8 | b(2);
        let v = [word >> 18, word >> 12 & 63, word >> 6 & 63, word & 63];
        if v.contains(&QUOTE) {
            for x in v {
                if x == QUOTE {
                    out.extend_from_slice(b"5c");
                }
                out.extend_from_slice(&HEX_OF_VALUE[x as usize]);
            }
        } else {
            let h = |x: u32| HEX_OF_VALUE[x as usize];
            let (a, b, c, d) = (h(v[0]), h(v[1]), h(v[2]), h(v[3]));
            out.extend_from_slice(&[a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1]]);
        }
    }
    out
}

/// The length field: 5 characters, leading spaces, then at least one digit.
fn length_field(text: &[u8]) -> Option<usize> {
    let field = text.get(..5)?;
    let digits = &field[field.iter().take_while(|&&c| c == b' ').count()..];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + usize::from(d - b'0')))
}

/// Undoes the `\"` escape (only that sequence: any other `\` is a value).
fn unescape(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some((&c, tail)) = rest.split_first() {
        match tail.split_first() {
            Some((&b'"', after)) if c == b'\\' => {
                out.push(b'"');
                rest = after;
            }
            _ => {
                out.push(c);
                rest = tail;
            }
        }
    }
    out
}

/// Inverse of [`encode`]: `None` when the length field is not a number or
/// there are too few characters for `n` bytes (6 bits each, so a last group
/// may be short). Characters past what `n` needs are ignored. Lengths above
/// 99999, which `encode` writes wider than 5, cannot be read back. (`received`
/// has the lenient reader `response` uses.)
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    let n = length_field(text)?;
    let body = unescape(text.get(5..).unwrap_or_default());
    if body.len() < n.checked_mul(4)?.div_ceil(3) {
        return None;
    }
    let mut plain = Vec::with_capacity(n + 2);
    for group in body.chunks(4).take(n.div_ceil(3)) {
        let c = |i: usize| u32::from(group.get(i).map_or(0, |&c| c.wrapping_sub(0x20) & 63));
        let word = c(0) << 18 | c(1) << 12 | c(2) << 6 | c(3);
        plain.extend_from_slice(&[(word >> 16) as u8, (word >> 8) as u8, word as u8]);
    }
    plain.truncate(n);
    Some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example_and_round_trip() {
        assert_eq!(encode(b"\x01\x02000409"), b"    8`0(P,#`T,#D`");
        for len in 0..40 {
            let plain: Vec<u8> = (0..len).map(|i| (i * 37 + 2) as u8).collect();
            assert_eq!(decode(&encode(&plain)).as_deref(), Some(&plain[..]));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)), Some(all));
    }

    #[test]
    fn quotes_are_escaped() {
        // Value 2 is '"'.
        assert_eq!(encode(b"\x08\x08\x08"), b"    3\\\"`@(");
        assert_eq!(decode(b"    3\\\"`@("), Some(b"\x08\x08\x08".to_vec()));
        // A backslash not before '"' is an ordinary character (value 60).
        assert_eq!(decode(b"    3\\```"), Some(vec![0xf0, 0, 0]));
    }

    #[test]
    fn hex_in_one_pass_is_hex_of_the_armor() {
        for len in [0, 1, 2, 3, 8, 100, 1500] {
            let plain: Vec<u8> = (0..len).map(|i| (i * 7 + 8) as u8).collect();
            assert_eq!(encode_hex(&plain), crate::wire::hex::encode_lower(&encode(&plain)), "{len}");
        }
    }

    #[test]
    fn wide_lengths_are_written_in_full() {
        let plain = vec![0u8; 100_000];
        assert!(encode(&plain).starts_with(b"100000`"));
    }

    #[test]
    fn length_field() {
        assert_eq!(decode(b"    0"), Some(Vec::new()));
        assert_eq!(decode(b"00000"), Some(Vec::new()));
        assert_eq!(decode(b"    0trailing"), Some(Vec::new()));
        for bad in [&b""[..], b"0", b"    ", b"     ", b"  +3!\"#$", b"  -1", b" 3 !\"#$", b"\t   3!!!!", b"3    !!!!"]
        {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn too_few_characters() {
        assert_eq!(decode(b"   10abc"), None);
        // 4 bytes need 6 characters (36 bits); the short last group is read as zeros.
        let full = encode(b"abcd");
        assert_eq!(full.len(), 13);
        assert_eq!(decode(&full[..11]), Some(b"abcd".to_vec()));
        assert_eq!(decode(&full[..10]), None);
        // Extra characters are ignored.
        assert_eq!(decode(&[&full[..], b"zzzz"].concat()), Some(b"abcd".to_vec()));
    }

    #[test]
    fn any_input_is_safe() {
        for text in [&b"99999"[..], b"    1\\", b"    1\\\"", b"\xff\xff\xff\xff\xff\xff"] {
            let _ = decode(text);
        }
        assert_eq!(decode(b"    1\\\""), None);
        assert_eq!(decode(b"    1\\\"\\"), Some(vec![0x0b]));
    }
}
