//! The 6-bit armor (`wire-format.md` §3.2): `printf("%5d", n)`, then 4
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

/// Strict inverse of [`encode`]: `None` when the length field is not a
/// number or the text is too short for it. (`received` has the lenient
/// reader `response` uses.)
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    let n: usize = std::str::from_utf8(text.get(..5)?).ok()?.trim_start().parse().ok()?;
    let mut body = Vec::with_capacity(text.len());
    let mut rest = &text[5..];
    while let Some((&c, tail)) = rest.split_first() {
        if c == b'\\' && tail.first() == Some(&b'"') {
            body.push(b'"');
            rest = &tail[1..];
        } else {
            body.push(c);
            rest = tail;
        }
    }
    if body.len() < n.div_ceil(3) * 4 {
        return None;
    }
    let mut plain = Vec::with_capacity(n + 2);
    for group in body.chunks_exact(4).take(n.div_ceil(3)) {
        let word = group.iter().fold(0u32, |w, &c| w << 6 | (c.wrapping_sub(0x20) & 63) as u32);
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
        assert_eq!(decode(b"   10abc"), None);
        assert_eq!(decode(b"abc"), None);
    }
}
