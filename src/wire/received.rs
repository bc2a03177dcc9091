//! Reading a received DATA value exactly as the legacy `response` did, minus
//! its memory-safety bugs (docs/compatibility.md, divergence 2).
//!
//! The legacy decoder never validated anything: hex digits are mapped
//! arithmetically, the armor decoder reads past the end of its text (finding
//! zeros), and NLV lengths are trusted. Those quirks decide which certificate
//! a damaged message names, so they are kept; only reads and writes outside
//! the decoded buffer, which crashed or hung the legacy, become an error.

mod container;

use crate::clib::c_atoi;
pub use container::Container;

/// Length of the MAC at the end of a message, in hex digits.
pub const MAC_HEX_LEN: usize = 16;
/// Largest armor length the legacy decoder accepted (`n * 3 / 2 <= 21500`).
const MAX_PLAIN: i64 = 14_333;

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
    let mut plain = vec![0; groups * 3];
    let decode = |q: [u8; 4], out: &mut [u8]| {
        let c = |b: u8| u32::from(b.wrapping_sub(0x20) & 63);
        let word = (c(q[0]) << 18) | (c(q[1]) << 12) | (c(q[2]) << 6) | c(q[3]);
        out.copy_from_slice(&[(word >> 16) as u8, (word >> 8) as u8, word as u8]);
    };
    let mut out = plain.chunks_exact_mut(3);
    for (q, o) in body.chunks_exact(4).zip(&mut out) {
        decode([q[0], q[1], q[2], q[3]], o);
    }
    // The groups past the text read it as zeros.
    let read = groups - out.len();
    for (g, o) in (read..groups).zip(out) {
        let c = |i: usize| body.get(4 * g + i).copied().unwrap_or(0);
        decode([c(0), c(1), c(2), c(3)], o);
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

/// Walks the container of a received message as the legacy did
/// ([`container`]); the values stay in the container until asked for.
#[cfg(any(test, feature = "internals"))]
pub fn parse_nlv_lenient(plain: &[u8]) -> Result<Container, Undecodable> {
    container::walk(plain.to_vec())
}

/// The container of a received DATA value (its last 16 characters are the MAC).
pub fn decode_message(message: &[u8]) -> Result<Container, Undecodable> {
    let text = &message[..message.len().saturating_sub(MAC_HEX_LEN)];
    let armor = hex_decode_lenient(text);
    let plain = dearmor_lenient(&armor)?;
    container::walk(plain)
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

    fn records(plain: &[u8]) -> Result<Vec<(u32, Vec<u8>)>, Undecodable> {
        Ok(parse_nlv_lenient(plain)?.records().map(|(c, v)| (c, v.to_vec())).collect())
    }

    fn owned(pairs: &[(u32, &[u8])]) -> Result<Vec<(u32, Vec<u8>)>, Undecodable> {
        Ok(pairs.iter().map(|&(c, v)| (c, v.to_vec())).collect())
    }

    #[test]
    fn nlv_quirks() {
        // The last record of a code wins; records come in container order.
        assert_eq!(records(&container(b"0020003abc\n0240002xy\n0020001d!")), owned(&[(24, b"xy"), (2, b"d")]));
        // A length without digits repeats the code (24): here past the end of the data.
        assert_eq!(records(&container(b"024x000AB\n0330002CD\n")), owned(&[(24, b"AB\n0330002CD\n")]));
        // sscanf skips white space before a number (and does not count it).
        assert_eq!(records(&container(b"\n0020002fr\n")), owned(&[(2, b"2fr\n")]));
        // A length past the end of the data; a negative one rewinds.
        assert_eq!(records(&container(b"0249999ABCDE")), owned(&[(24, b"ABCDE")]));
        assert_eq!(records(&container(b"024-002ABCDE\n")), owned(&[(24, b"ABCDE\n"), (2, b"")]));
        // Values are read after the walk: a later record's NUL ends an earlier value.
        assert_eq!(records(&container(b"024-0010020002fr\n")), owned(&[(24, b"0020002fr"), (2, b"fr")]));
        // Codes outside the legacy's table are ignored.
        assert_eq!(records(&container(b"0020001a\n5010001x\n-020001y\n")), owned(&[(2, b"a")]));
    }

    #[test]
    fn a_nul_ends_the_container() {
        // In the last length: the length repeats the code (38), the value is empty.
        assert_eq!(records(&container(b"0020003abc\n038\x000002b9\n")), owned(&[(2, b"abc"), (38, b"")]));
        // In a value: that value ends there, and so does the container.
        assert_eq!(records(&container(b"0020003abc\n0240005ab\0cd\n")), owned(&[(2, b"abc"), (24, b"ab")]));
        assert_eq!(records(&container(b"0240005ab\0cd\n0020003abc\n")), Err(Undecodable));
        // In a code: code 0 (skipped), and every later record is lost.
        assert_eq!(records(&container(b"0020001a\n0\x00040003abc\n0290002fr\n")), owned(&[(2, b"a")]));
    }

    #[test]
    fn header_widths_read_with_sscanf() {
        let with = |widths: &[u8]| [b"\x01\x02000034", widths, b"000", b"0020003abc\n0290002fr\n"].concat();
        assert_eq!(records(&with(b"34")), owned(&[(2, b"abc"), (29, b"fr")]));
        // No code width: no record (the legacy's width was a stack address).
        assert_eq!(records(&with(b"x4")), owned(&[]));
        // No length width: the code's; the NUL also ends the container.
        assert_eq!(records(&with(b"3\0")), owned(&[]));
        assert_eq!(records(&with(b"3x")), owned(&[(2, b"")]));
        // `+` and `-` count in the one-character width: nothing converts.
        assert_eq!(records(&with(b"3+")), records(&with(b"3x")));
    }

    #[test]
    fn nlv_faults_the_legacy_crashed_on() {
        // Total beyond the data: the zeros after it read as a record whose
        // code does not convert, which crashed the legacy.
        let mut p = container(b"0020003abc\n");
        p[2..8].copy_from_slice(b"000500");
        assert_eq!(records(&p), Err(Undecodable));
        // A record that does not advance (the legacy looped forever).
        assert_eq!(records(&container(b"024-008x\n")), Err(Undecodable));
        // Longer than the legacy buffer.
        let long = [container(b"0020003abc\n"), vec![b' '; 11_000]].concat();
        assert_eq!(records(&long), Err(Undecodable));
    }

    #[test]
    fn long_runs_read_in_one_step() {
        // A code field of unlimited width over thousands of digits: the value saturates.
        let digits = [b"\x01\x0200003000000", &[b'0'; 5000][..], b"2"].concat();
        assert!(records(&digits).is_ok());
    }
}
