//! Per-transaction key derivation from the certificate matrix
//! (`wire-format.md` §3.4 and §4.5).
//!
//! The legacy code worked on C strings held in zero-filled buffers: amount and
//! transaction id are used up to their length, while the date is indexed
//! directly, so a position past its end reads as 0.

use super::KeyMatrix;
use crate::text::c_atoi;

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

/// The MAC key: 16 matrix positions from amount, transmission_date and
/// transaction_id; nibble `i` is `M[line][col] mod 16`.
pub fn mac_key(m: &KeyMatrix, amount: &[u8], date: &[u8], tid: &[u8]) -> Result<[u8; 8], KeyError> {
    let l = amount.len().checked_sub(2).filter(|&l| l >= 1).ok_or(KeyError::AmountTooShort)?;
    let n = tid.len();
    if n == 0 {
        return Err(KeyError::EmptyTransactionId);
    }
    let d = |i: usize| digit(at(date, i));
    let mut key = [0u8; 8];
    for i in 0..16usize {
        let k = i + 1;
        let a = digit(amount[l - k % l]);
        let t = tid[n - 1 - k % n] as i64;
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
        let nibble = m.rows[(line % 25) as usize][(col % 65) as usize] % 16;
        key[i / 2] |= if i % 2 == 0 { nibble << 4 } else { nibble };
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

fn c_str(b: &[u8; BUFFER]) -> &[u8] {
    crate::text::cut_at_nul(b)
}

/// The two customer_id 3DES keys (key1, key2). `atoi` is the amd64 one:
/// amounts above 2³¹−1 wrap to negative numbers (13-character `%12.12d`).
pub fn customer_id_keys(m: &KeyMatrix, amount: &[u8], date: &[u8], tid: &[u8]) -> Result<([u8; 8], [u8; 8]), KeyError> {
    let a12 = buffer(&fmt_width(c_atoi(amount), 12));
    let t6 = buffer(&fmt_width(c_atoi(tid), 6));
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
    let key1 = mac_key(m, c_str(&a), &dd, c_str(&t))?;

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
    let key2 = mac_key(m, c_str(&a), &dd, c_str(&t))?;
    Ok((key1, key2))
}

/// `printf("%W.Wd", v)`: at least W digits, a leading `-` for negatives.
fn fmt_width(v: i32, width: usize) -> Vec<u8> {
    let digits = format!("{:0width$}", (v as i64).abs());
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{digits}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_widths() {
        assert_eq!(fmt_width(100, 12), b"000000000100");
        assert_eq!(fmt_width(i32::MIN, 12), b"-002147483648");
        assert_eq!(fmt_width(123456, 6), b"123456");
    }

    #[test]
    fn short_amount_and_empty_tid_are_errors() {
        let m = KeyMatrix { rows: [[b'a'; 65]; 25] };
        assert_eq!(mac_key(&m, b"10", b"20140610120000", b"1"), Err(KeyError::AmountTooShort));
        assert_eq!(mac_key(&m, b"100", b"20140610120000", b""), Err(KeyError::EmptyTransactionId));
        assert!(mac_key(&m, b"100", b"", b"1").is_ok());
    }
}
