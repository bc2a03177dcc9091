//! Reading a received DATA value exactly as the legacy `response` did, minus
//! its memory-safety bugs (docs/compatibility.md, divergence 2).
//!
//! The legacy decoder never validated anything: hex digits are mapped
//! arithmetically, the armor decoder reads past the end of its text (finding
//! zeros), and NLV lengths are trusted. Those quirks decide which certificate
//! a damaged message names, so they are kept; only reads and writes outside
//! the decoded buffer, which crashed or hung the legacy, become an error.

use super::nlv::Record;
use crate::clib::{c_atoi, c_number_start, cut_at_nul, is_c_space};

/// Length of the MAC at the end of a message, in hex digits.
pub const MAC_HEX_LEN: usize = 16;
/// Largest armor length the legacy decoder accepted (`n * 3 / 2 <= 21500`).
const MAX_PLAIN: i64 = 14_333;
/// The container header: version, alphabet, 6-digit total, lg_id, lg_lg, count.
const NLV_HEADER: usize = 13;

/// Why a message cannot be read: `Error in message decryption`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecodable;

/// One hex digit as the legacy mapped it: `c - '0'` below `'A'` (chars are
/// signed, so bytes ≥ 0x80 too), `(c & 15) + 9` from `'A'` on.
#[cfg(test)]
fn nibble(c: u8) -> i32 {
    if (b'A'..0x80).contains(&c) {
        (c & 15) as i32 + 9
    } else {
        (c as i8) as i32 - b'0' as i32
    }
}

/// What each byte contributes as the high and as the low digit of a pair.
const DIGIT: [[u8; 256]; 2] = {
    let mut t = [[0u8; 256]; 2];
    let mut c = 0;
    while c < 256 {
        let n = if c >= b'A' as usize && c < 0x80 { (c & 15) as i32 + 9 } else { (c as u8 as i8) as i32 - b'0' as i32 };
        t[0][c] = (n << 4) as u8;
        t[1][c] = (n & 15) as u8;
        c += 1;
    }
    t
};

/// Hex text → bytes, two characters a byte, `(hi << 4) | (lo & 15)` truncated
/// to 8 bits: never fails. An odd last character pairs with the string's NUL,
/// whose low nibble is 0 (both measured on the legacy executable with every
/// byte value in either position).
pub fn hex_decode_lenient(text: &[u8]) -> Vec<u8> {
    let pairs = text.chunks_exact(2);
    let odd = pairs.remainder().first().map(|&c| DIGIT[0][c as usize] | DIGIT[1][0]);
    pairs.map(|p| DIGIT[0][p[0] as usize] | DIGIT[1][p[1] as usize]).chain(odd).collect()
}

/// Decodes the armor text: `n` from its first 5 characters, `\"` unescaped,
/// groups decoded past the end of the text as if it were zeros (a NUL inside
/// the text is decoded like any other character).
pub fn dearmor_lenient(text: &[u8]) -> Result<Vec<u8>, Undecodable> {
    let n = i64::from(c_atoi(&text[..text.len().min(5)]));
    if n > MAX_PLAIN {
        return Err(Undecodable);
    }
    let n = n.max(0) as usize;
    let rest = text.get(5..).unwrap_or(&[]);
    // Most messages hold no escaped quote: no copy then.
    let unescaped;
    let body = if rest.contains(&b'\\') {
        unescaped = unescape(rest);
        &unescaped[..]
    } else {
        rest
    };
    let groups = n.div_ceil(3);
    let mut plain = Vec::with_capacity(groups * 3);
    for g in 0..groups {
        let c = |i: usize| (body.get(4 * g + i).copied().unwrap_or(0).wrapping_sub(0x20) & 63) as u32;
        let word = (c(0) << 18) | (c(1) << 12) | (c(2) << 6) | c(3);
        plain.extend_from_slice(&[(word >> 16) as u8, (word >> 8) as u8, word as u8]);
    }
    plain.truncate(n);
    Ok(plain)
}

fn unescape(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\\' && body.get(i + 1) == Some(&b'"') {
            i += 1;
        }
        out.push(body[i]);
        i += 1;
    }
    out
}

/// `sscanf(buf + pos, "%<width>d")`: white space skipped (not counted),
/// an optional sign, at most `width` characters; `None` when nothing converts.
fn scan_number(buf: &[u8], pos: usize, width: usize) -> Option<(i64, usize)> {
    let field_start = (pos..).find(|&i| !buf.get(i).is_some_and(|&b| is_c_space(b))).unwrap_or(pos);
    let (mut i, negative) = c_number_start(buf, field_start);
    let digits_start = i;
    let mut value: i64 = 0;
    while i - field_start < width && buf.get(i).is_some_and(u8::is_ascii_digit) {
        value = value.saturating_mul(10).saturating_add((buf[i] - b'0') as i64);
        i += 1;
    }
    (i > digits_start).then_some((if negative { -value } else { value }, i))
}

/// Parses the container as the legacy did, with `sscanf`: a width digit that
/// does not convert keeps its initial value (0 and 3); a code or length that
/// does not convert leaves the variable holding the previous number read (a
/// length then repeats the code). Records run up to the header's total; each
/// value is ended by writing a NUL at `start + length`. Past the data the
/// legacy buffer held zeros. A value ending before its record starts or a
/// record that does not move forward (the legacy crashed or looped) is
/// [`Undecodable`].
pub fn parse_nlv_lenient(plain: &[u8]) -> Result<Vec<Record>, Undecodable> {
    let n = plain.len();
    let total = scan_number(plain, 2, 6).map_or(0, |(t, _)| t.max(0) as usize);
    let (lg_id, lg_lg) = match scan_number(plain, 8, 1) {
        None => (0, 3),
        Some((id, next)) => (id.max(0) as usize, scan_number(plain, next, 1).map_or(3, |(lg, _)| lg.max(0) as usize)),
    };
    let mut buf = plain.to_vec();
    buf.resize(n.max(total) + lg_id + lg_lg + 64, 0);
    let mut records = Vec::new();
    let mut number: i64 = 0;
    let mut pos = NLV_HEADER;
    while pos < total {
        let value_start = pos + lg_id + lg_lg;
        if lg_id > 0 {
            if let Some((code, _)) = scan_number(&buf, pos, lg_id) {
                number = code;
            }
        }
        let code = number;
        if lg_lg > 0 {
            if let Some((len, _)) = scan_number(&buf, pos + lg_id, lg_lg) {
                number = len;
            }
        }
        let end = value_start as i64 + number;
        if end < pos as i64 {
            return Err(Undecodable);
        }
        let end = end as usize;
        if end < buf.len() {
            buf[end] = 0;
        }
        // Code 000 (and garbage read as a negative number) names no field.
        if code > 0 {
            records.push(Record {
                code: code.min(u32::MAX as i64) as u32,
                value: cut_at_nul(&buf[value_start..]).to_vec(),
            });
        }
        pos = end + 1;
    }
    Ok(records)
}

/// The records of a received DATA value (its last 16 characters are the MAC).
pub fn decode_message(message: &[u8]) -> Result<Vec<Record>, Undecodable> {
    let text = &message[..message.len().saturating_sub(MAC_HEX_LEN)];
    let armor = hex_decode_lenient(text);
    let plain = dearmor_lenient(&armor)?;
    parse_nlv_lenient(&plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digits_map_like_the_legacy() {
        assert_eq!(hex_decode_lenient(b"4a4A"), vec![0x4a, 0x4a]);
        // 'z' = 19: (3 << 4) | 19 = 0x33.
        assert_eq!(hex_decode_lenient(b"3z"), vec![b'3']);
        assert_eq!(hex_decode_lenient(b"3@"), vec![b'0']);
        assert_eq!(hex_decode_lenient(b"3`"), vec![b'9']);
        // The low nibble keeps 4 bits: 'x' = 17 → 1, 0x80 = -176 → 0.
        assert_eq!(hex_decode_lenient(b"4x"), vec![0x41]);
        assert_eq!(hex_decode_lenient(b"3\x80"), vec![0x30]);
        // An odd last digit pairs with NUL: -48 → 0.
        assert_eq!(hex_decode_lenient(b"abc"), vec![0xab, 0xc0]);
    }

    #[test]
    fn digit_tables_are_the_arithmetic() {
        for hi in 0..=255u8 {
            for lo in [0u8, b'0', b'9', b'a', b'F', b'z', 0x7f, 0x80, 0xff, hi] {
                let want = ((nibble(hi) << 4) | (nibble(lo) & 15)) as u8;
                assert_eq!(hex_decode_lenient(&[hi, lo]), vec![want], "{hi:#x} {lo:#x}");
            }
        }
    }

    #[test]
    fn armor_reads_zeros_past_its_text() {
        // 3 bytes announced, one group of text: exact.
        assert_eq!(dearmor_lenient(b"    3!\"#$").unwrap(), vec![0x04, 0x20, 0xc4]);
        // Nothing after the length: zeros decode to 0x82 0x08 0x20.
        assert_eq!(dearmor_lenient(b"    3").unwrap(), vec![0x82, 0x08, 0x20]);
        assert_eq!(dearmor_lenient(b"33333"), Err(Undecodable));
        assert_eq!(dearmor_lenient(b"").unwrap(), Vec::<u8>::new());
        assert_eq!(dearmor_lenient(b"   -1").unwrap(), Vec::<u8>::new());
    }

    fn container(body: &[u8]) -> Vec<u8> {
        let mut p = format!("\x01\x02{:06}34000", 13 + body.len()).into_bytes();
        p.extend_from_slice(body);
        p
    }

    #[test]
    fn nlv_quirks() {
        let records = parse_nlv_lenient(&container(b"0020003abc\n0240002xy\n0020001d!")).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[2], Record { code: 2, value: b"d".to_vec() });
        // A length without digits repeats the code (24): here past the end of the data.
        let r = parse_nlv_lenient(&container(b"024x000AB\n0330002CD\n")).unwrap();
        assert_eq!(r, vec![Record { code: 24, value: b"AB\n0330002CD\n".to_vec() }]);
        let r = parse_nlv_lenient(&container(b"002x000ABCDE\n")).unwrap();
        assert_eq!(r[0], Record { code: 2, value: b"AB".to_vec() });
        // sscanf skips white space before a code.
        let r = parse_nlv_lenient(&container(b"\n0020002fr\n")).unwrap();
        assert_eq!(r[0].code, 2, "{r:?}");
        // A length past the end is clipped; a negative one rewinds.
        assert_eq!(parse_nlv_lenient(&container(b"0249999ABCDE")).unwrap()[0].value, b"ABCDE");
        let r = parse_nlv_lenient(&container(b"024-002ABCDE\n")).unwrap();
        assert_eq!(r.last().unwrap(), &Record { code: 2, value: Vec::new() });
    }

    #[test]
    fn nlv_faults_the_legacy_crashed_on() {
        // Total beyond the data: zeros, where nothing converts (the last
        // number read, the length 3, stays the code of empty values).
        let mut p = container(b"0020003abc\n");
        p[2..8].copy_from_slice(b"000500");
        let r = parse_nlv_lenient(&p).unwrap();
        assert_eq!(r[0], Record { code: 2, value: b"abc".to_vec() });
        assert!(r[1..].iter().all(|r| r.code == 3 && r.value.is_empty()));
        // A record that does not advance (the legacy looped forever).
        assert_eq!(parse_nlv_lenient(&container(b"024-008x\n")), Err(Undecodable));
    }
}
