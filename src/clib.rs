//! Small byte-string helpers reproducing the C library calls the legacy code
//! relied on (`fgets`, `atoi`, `strtok`-free splitting).

/// The lines `fgets` would return with a buffer of `buf_size` bytes: each
/// chunk ends after `\n` or after `buf_size - 1` bytes. A chunk is then cut at
/// its first NUL, as every C string operation on it would be.
pub fn fgets_lines(content: &[u8], buf_size: usize) -> Vec<&[u8]> {
    fgets_chunks(content, buf_size).into_iter().map(cut_at_nul).collect()
}

/// The chunks `fgets` would read with a buffer of `buf_size` bytes, whole
/// (a NUL does not end a chunk; only `\n`, the buffer size or the end of the file do).
pub fn fgets_chunks(content: &[u8], buf_size: usize) -> Vec<&[u8]> {
    let max = buf_size.saturating_sub(1).max(1);
    let mut chunks = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let end = match rest.iter().take(max).position(|&b| b == b'\n') {
            Some(i) => i + 1,
            None => rest.len().min(max),
        };
        chunks.push(&rest[..end]);
        rest = &rest[end..];
    }
    chunks
}

/// The C string view of `s`.
pub fn cut_at_nul(s: &[u8]) -> &[u8] {
    if s.is_empty() {
        return s;
    }
    // The C library's memchr reads a word at a time; messages are kilobytes.
    // SAFETY: `s` is a valid, non-empty slice; memchr reads at most `s.len()` bytes.
    let found = unsafe { libc::memchr(s.as_ptr().cast(), 0, s.len()) };
    if found.is_null() {
        s
    } else {
        &s[..found as usize - s.as_ptr() as usize]
    }
}

/// C `atoi` on amd64: `(int) strtol(s, NULL, 10)`.
pub fn c_atoi(s: &[u8]) -> i32 {
    c_strtol(s) as i32
}

/// C `atoi` on i386, where `long` is 32 bits: `strtol` saturates at the
/// 32-bit limits instead of wrapping.
pub fn c_atoi_i386(s: &[u8]) -> i32 {
    c_strtol(s).clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

/// C `isspace` in the C locale.
pub fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Where a C number conversion starting at `i` finds its digits: after white
/// space and an optional sign. Returns that index and whether the sign was `-`.
pub fn c_number_start(s: &[u8], mut i: usize) -> (usize, bool) {
    while s.get(i).is_some_and(|&b| is_c_space(b)) {
        i += 1;
    }
    match s.get(i) {
        Some(b'-') => (i + 1, true),
        Some(b'+') => (i + 1, false),
        _ => (i, false),
    }
}

/// C `strtol(s, NULL, 10)` with a 64-bit `long`: leading white space, an
/// optional sign, digits; saturates on overflow.
pub fn c_strtol(s: &[u8]) -> i64 {
    let (i, negative) = c_number_start(s, 0);
    let mut value: i64 = 0;
    let mut overflow = false;
    for &b in s[i..].iter().take_while(|b| b.is_ascii_digit()) {
        let d = (b - b'0') as i64;
        // Accumulate towards the sign's side so that i64::MIN is reachable.
        let next = value.checked_mul(10).and_then(|v| if negative { v.checked_sub(d) } else { v.checked_add(d) });
        match next {
            Some(v) => value = v,
            None => overflow = true,
        }
    }
    if overflow {
        if negative {
            i64::MIN
        } else {
            i64::MAX
        }
    } else {
        value
    }
}

/// True when every byte is an ASCII digit (the empty string included).
pub fn all_digits(s: &[u8]) -> bool {
    s.iter().all(u8::is_ascii_digit)
}

/// Splits on `sep` where each separator ends a token and a final empty token
/// is dropped: `"1,"` → `["1"]`, `",1"` → `["", "1"]`, `""` → `[]`.
pub fn split_terminated(s: &[u8], sep: u8) -> Vec<&[u8]> {
    let mut tokens: Vec<&[u8]> = s.split(|&b| b == sep).collect();
    if tokens.last().is_some_and(|t| t.is_empty()) {
        tokens.pop();
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fgets_chunks_long_lines_and_cuts_nul() {
        let content = b"abcdef\nxy\0z\nlast";
        assert_eq!(fgets_lines(content, 5), vec![&b"abcd"[..], b"ef\n", b"xy", b"\n", b"last"]);
        assert_eq!(fgets_lines(b"", 256), Vec::<&[u8]>::new());
        assert_eq!(fgets_chunks(b"x\0y\nz", 256), vec![&b"x\0y\n"[..], b"z"]);
    }

    #[test]
    fn atoi_like_c() {
        assert_eq!(c_atoi(b"123"), 123);
        assert_eq!(c_atoi(b"  -7x"), -7);
        assert_eq!(c_atoi(b"x"), 0);
        assert_eq!(c_atoi(b""), 0);
        assert_eq!(c_atoi(b"2147483648"), -2147483648);
        assert_eq!(c_atoi_i386(b"2147483648"), 2147483647);
        assert_eq!(c_atoi_i386(b"-99999999999"), i32::MIN);
        assert_eq!(c_atoi_i386(b"123"), 123);
        assert_eq!(c_strtol(b"99999999999999999999"), i64::MAX);
        assert_eq!(c_strtol(b"-9223372036854775808"), i64::MIN);
    }

    #[test]
    fn terminated_split() {
        assert_eq!(split_terminated(b"1,", b','), vec![&b"1"[..]]);
        assert_eq!(split_terminated(b",1", b','), vec![&b""[..], b"1"]);
        assert_eq!(split_terminated(b"CB,,1", b','), vec![&b"CB"[..], b"", b"1"]);
        assert!(split_terminated(b"", b',').is_empty());
    }
}
