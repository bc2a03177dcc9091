//! Per-transaction key derivation from the certificate matrix
//! (docs/wire-format.md §5 and §6).
//!
//! The legacy code worked on C strings held in zero-filled buffers: amount and
//! transaction id are used up to their length, while the date is indexed
//! directly, so a position past its end reads as 0.

use super::KeyMatrix;
#[cfg(any(test, feature = "internals"))]
use crate::clib::c_atoi;
use crate::clib::cut_at_nul;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// The amount has fewer than 3 characters (`function compute_column_parameters`).
    AmountTooShort,
    /// The transaction id is empty (the legacy code divides by its length).
    EmptyTransactionId,
}

/// Large enough for any value the derivation indexes (a 13-character amount,
/// the 14-digit date): zero-filled like the legacy buffers.
const BUFFER: usize = 32;

/// `c - '0'` for a digit, else 0 (`atoi` of a one-character string).
fn digit(c: u8) -> i64 {
    if c.is_ascii_digit() {
        (c - b'0') as i64
    } else {
        0
    }
}

fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// The 16 matrix positions `(line, col)` the MAC key is read from (§3.4).
pub fn mac_key_positions(amount: &[u8], date: &[u8], tid: &[u8]) -> Result<[(usize, usize); 16], KeyError> {
    let l = amount.len().checked_sub(2).filter(|&l| l >= 1).ok_or(KeyError::AmountTooShort)?;
    let n = tid.len();
    if n == 0 {
        return Err(KeyError::EmptyTransactionId);
    }
    // Only the date's first eleven characters are ever indexed (p is 1 to 10).
    let date_digits: [i64; 11] = std::array::from_fn(|i| digit(at(date, i)));
    let d = |i: usize| date_digits[i];
    let mut positions = [(0, 0); 16];
    // k % l and k % n, kept as counters (a division each would cost more
    // than the rest of the loop).
    let (mut k_mod_l, mut k_mod_n) = (0, 0);
    for (i, pos) in positions.iter_mut().enumerate() {
        let k = i + 1;
        k_mod_l = if k_mod_l + 1 == l { 0 } else { k_mod_l + 1 };
        k_mod_n = if k_mod_n + 1 == n { 0 } else { k_mod_n + 1 };
        // Both indexes are in range: k % l < l <= len - 2, k % n < n.
        let a = digit(at(amount, l - k_mod_l));
        let t = i64::from(at(tid, n - 1 - k_mod_n));
        let ki = k as i64;
        let p = 10 - k % 10;
        let (d1, d2) = (d(p), d((p + 5) % 10));
        let q = k % 10;
        let (e1, e2) = (d(q), d((q + 7) % 10));
        let (col, line) = match i % 3 {
            0 => ((ki + d2) * (a + d1), (ki + a) * (e1 + e2)),
            1 => ((ki + t) * (d1 - d2).abs(), ((e1 - t) * (ki - e2)).abs()),
            _ => (ki * (t + d1), (ki + t) * (a + e1)),
        };
        // Every factor is non-negative here, so these are the spec's `mod`.
        *pos = (line.rem_euclid(25) as usize, col.rem_euclid(65) as usize);
    }
    Ok(positions)
}

/// The MAC key: nibble `i` is `M[line][col] mod 16` at the `i`-th of
/// [`mac_key_positions`], nibble 0 the high one of byte 0.
pub fn mac_key(m: &KeyMatrix, amount: &[u8], date: &[u8], tid: &[u8]) -> Result<[u8; 8], KeyError> {
    let positions = mac_key_positions(amount, date, tid)?;
    let nibble = |(line, col): (usize, usize)| m.rows.get(line).and_then(|r| r.get(col)).map_or(0, |c| c % 16);
    let mut key = [0u8; 8];
    for (byte, pair) in key.iter_mut().zip(positions.chunks_exact(2)) {
        *byte = nibble(pair[0]) << 4 | nibble(pair[1]);
    }
    Ok(key)
}

/// A value copied into a zero-filled buffer (longer values are cut: the
/// derivation never reads past position 13).
fn buffer(s: &[u8]) -> [u8; BUFFER] {
    let mut b = [0u8; BUFFER];
    let n = s.len().min(BUFFER - 1);
    b[..n].copy_from_slice(&s[..n]);
    b
}

/// The inputs of one key derivation (§4.5).
#[cfg(any(test, feature = "internals"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInputs {
    /// The amount as a C string (up to its first NUL).
    pub amount: Vec<u8>,
    /// The date as the derivation indexes it: the whole buffer, trailing
    /// zeros dropped, since a byte written past the string's end still counts.
    pub date: Vec<u8>,
    /// The transaction id as a C string.
    pub tid: Vec<u8>,
}

/// Amount, date and transaction id buffers of one derivation, before they
/// are read as [`KeyInputs`] (kept on the stack: a response derives three keys).
type Buffers = [[u8; BUFFER]; 3];

/// The three values as the derivation reads them: see `KeyInputs`.
fn views(b: &Buffers) -> [&[u8]; 3] {
    let date_len = b[1].iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    [cut_at_nul(&b[0]), &b[1][..date_len], cut_at_nul(&b[2])]
}

#[cfg(any(test, feature = "internals"))]
impl KeyInputs {
    fn new(b: &Buffers) -> KeyInputs {
        let [amount, date, tid] = views(b);
        KeyInputs { amount: amount.to_vec(), date: date.to_vec(), tid: tid.to_vec() }
    }
}

/// The (key1, key2) derivation inputs: `A12` and `T6` with characters swapped
/// in from each other and from the date. `atoi` is the amd64 one: amounts
/// above 2³¹−1 wrap to negative numbers (13-character `%12.12d`).
#[cfg(any(test, feature = "internals"))]
pub fn customer_id_inputs(amount: &[u8], date: &[u8], tid: &[u8]) -> [KeyInputs; 2] {
    customer_id_inputs_with(amount, date, tid, c_atoi)
}

/// [`customer_id_inputs`] with the given `atoi` (the i386 kit saturates where
/// the amd64 ones wrap).
#[cfg(any(test, feature = "internals"))]
pub fn customer_id_inputs_with(amount: &[u8], date: &[u8], tid: &[u8], atoi: fn(&[u8]) -> i32) -> [KeyInputs; 2] {
    swapped(amount, date, tid, atoi).each_ref().map(KeyInputs::new)
}

fn swapped(amount: &[u8], date: &[u8], tid: &[u8], atoi: fn(&[u8]) -> i32) -> [Buffers; 2] {
    let a12 = fmt_width(atoi(amount), 12);
    let t6 = fmt_width(atoi(tid), 6);
    let d = buffer(date);

    let (mut a, mut dd, mut t) = (a12, d, t6);
    a[0] = d[7];
    a[2] = t6[4];
    a[5] = d[0];
    a[9] = t6[0];
    a[11] = d[3];
    dd[0] = t6[5];
    dd[3] = a12[11];
    dd[7] = a12[10];
    t[0] = a12[11];
    t[3] = a12[9];
    t[5] = d[6];
    let key1 = [a, dd, t];

    let (mut a, mut dd, mut t) = (a12, d, t6);
    a[1] = t6[2];
    a[8] = t6[3];
    a[10] = t6[5];
    dd[1] = t6[2];
    dd[8] = t6[4];
    dd[6] = t6[5];
    t[3] = a12[8];
    t[0] = a12[9];
    t[5] = a12[10];
    [key1, [a, dd, t]]
}

/// The two customer_id 3DES keys (key1, key2): the MAC key derivation run on
/// [`customer_id_inputs`].
#[cfg(any(test, feature = "internals"))]
pub fn customer_id_keys(m: &KeyMatrix, amount: &[u8], date: &[u8], tid: &[u8]) -> Result<([u8; 8], [u8; 8]), KeyError> {
    customer_id_keys_with(m, amount, date, tid, c_atoi)
}

/// [`customer_id_keys`] with the given `atoi`.
pub fn customer_id_keys_with(
    m: &KeyMatrix,
    amount: &[u8],
    date: &[u8],
    tid: &[u8],
    atoi: fn(&[u8]) -> i32,
) -> Result<([u8; 8], [u8; 8]), KeyError> {
    let [b1, b2] = swapped(amount, date, tid, atoi);
    let key = |b: &Buffers| {
        let [amount, date, tid] = views(b);
        mac_key(m, amount, date, tid)
    };
    Ok((key(&b1)?, key(&b2)?))
}

/// `printf("%W.Wd", v)` into a zero-filled buffer: at least W digits, a
/// leading `-` for negatives.
fn fmt_width(v: i32, width: usize) -> [u8; BUFFER] {
    // i32 has at most 10 digits; the widths used are 6 and 12.
    let mut digits = [b'0'; 20];
    let mut n = (v as i64).unsigned_abs();
    let mut start = digits.len();
    while n > 0 {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let shown = (digits.len() - start).max(width.min(digits.len()));
    let mut out = [0u8; BUFFER];
    let sign = usize::from(v < 0);
    out[0] = if v < 0 { b'-' } else { 0 };
    out[sign..sign + shown].copy_from_slice(&digits[digits.len() - shown..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A matrix whose cell (line, col) holds `(line * 65 + col) % 16` in its low nibble.
    fn counting_matrix() -> KeyMatrix {
        let mut m = KeyMatrix { rows: [[0; 65]; 25] };
        for (line, row) in m.rows.iter_mut().enumerate() {
            for (col, c) in row.iter_mut().enumerate() {
                *c = b'@' + ((line * 65 + col) % 16) as u8;
            }
        }
        m
    }

    #[test]
    fn printf_widths() {
        assert_eq!(cut_at_nul(&fmt_width(100, 12)), b"000000000100");
        assert_eq!(cut_at_nul(&fmt_width(i32::MIN, 12)), b"-002147483648");
        assert_eq!(cut_at_nul(&fmt_width(123456, 6)), b"123456");
        assert_eq!(cut_at_nul(&fmt_width(-5, 6)), b"-000005");
        assert_eq!(cut_at_nul(&fmt_width(1234567, 6)), b"1234567");
    }

    #[test]
    fn spec_worked_example_positions() {
        let expected = [
            (1, 2),
            (0, 32),
            (16, 23),
            (0, 4),
            (22, 21),
            (10, 64),
            (0, 32),
            (2, 60),
            (20, 4),
            (20, 0),
            (15, 55),
            (16, 10),
            (3, 0),
            (3, 1),
            (21, 10),
            (5, 0),
        ];
        assert_eq!(mac_key_positions(b"100", b"20140610120000", b"123456"), Ok(expected));
        // Only D[0..=10] matters.
        assert_eq!(mac_key_positions(b"100", b"20140610120959", b"123456"), Ok(expected));
        assert_ne!(mac_key_positions(b"100", b"20140610121000", b"123456"), Ok(expected));
    }

    #[test]
    fn key_nibbles_come_from_the_positions() {
        let m = counting_matrix();
        let positions = mac_key_positions(b"2599", b"20261123051051", b"654321").unwrap();
        let key = mac_key(&m, b"2599", b"20261123051051", b"654321").unwrap();
        for (i, (line, col)) in positions.into_iter().enumerate() {
            let nibble = if i % 2 == 0 { key[i / 2] >> 4 } else { key[i / 2] & 15 };
            assert_eq!(nibble as usize, (line * 65 + col) % 16);
        }
    }

    #[test]
    fn missing_or_odd_date_characters_read_as_zero() {
        let p = |d: &[u8]| mac_key_positions(b"1234", d, b"7");
        assert_eq!(p(b""), p(b"00000000000"));
        assert_eq!(p(b"2014"), p(b"2014\0\0\0\0\0\0\0"));
        assert_eq!(p(b"2014x6"), p(b"201406"));
        // Non-digit amount characters count as 0; the tid character is raw.
        assert_eq!(mac_key_positions(b"1a34", b"", b"7"), mac_key_positions(b"1034", b"", b"7"));
        assert_ne!(mac_key_positions(b"1234", b"", b"a"), mac_key_positions(b"1234", b"", b"1"));
    }

    #[test]
    fn short_amount_and_empty_tid_are_errors() {
        let m = KeyMatrix { rows: [[b'a'; 65]; 25] };
        assert_eq!(mac_key(&m, b"", b"20140610120000", b"1"), Err(KeyError::AmountTooShort));
        assert_eq!(mac_key(&m, b"10", b"20140610120000", b"1"), Err(KeyError::AmountTooShort));
        assert_eq!(mac_key(&m, b"100", b"20140610120000", b""), Err(KeyError::EmptyTransactionId));
        assert!(mac_key(&m, b"100", b"", b"1").is_ok());
        // Long inputs and any byte are fine.
        assert!(mac_key(&m, &[0xff; 300], &[0xff; 300], &[0; 300]).is_ok());
    }

    #[test]
    fn customer_id_inputs_of_the_spec() {
        let [k1, k2] = customer_id_inputs(b"100", b"20140610120000", b"123456");
        assert_eq!(
            (k1.amount.as_slice(), k1.date.as_slice(), k1.tid.as_slice()),
            (&b"005002000104"[..], &b"60100610120000"[..], &b"023151"[..])
        );
        assert_eq!(
            (k2.amount.as_slice(), k2.date.as_slice(), k2.tid.as_slice()),
            (&b"030000004160"[..], &b"23140660520000"[..], &b"123050"[..])
        );
    }

    #[test]
    fn customer_id_inputs_in_c_buffers() {
        // A short date: d[7] and d[8] are written past its end; the derivation sees them.
        let [k1, k2] = customer_id_inputs(b"100", b"20140", b"123456");
        assert_eq!(k1.date, b"60100\0\0\x30");
        assert_eq!(k2.date, b"23140\0\x36\0\x35");
        // a[0] = D[7], which is then NUL: the amount is empty.
        assert_eq!(k1.amount, b"");
        let m = KeyMatrix { rows: [[b'a'; 65]; 25] };
        assert_eq!(customer_id_keys(&m, b"100", b"20140", b"123456"), Err(KeyError::AmountTooShort));
        // amd64 atoi: 2^31 wraps, giving a 13-character A12.
        let [k1, _] = customer_id_inputs(b"2147483648", b"20261123051055", b"654321");
        assert_eq!(k1.amount.len(), 13);
        // Garbage numbers are atoi'd like the legacy (0 here).
        let [a, _] = customer_id_inputs(b"abc", b"20261123051055", b"xyz");
        let [b, _] = customer_id_inputs(b"0", b"20261123051055", b"0");
        assert_eq!(a, b);
    }
}
