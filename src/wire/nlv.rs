//! The NLV container (docs/wire-format.md §2): `\x01\x02`, a 6-digit total
//! length (header included), digits per code (`3`) and per length (`4`), a
//! 3-digit record count, then `code length value \n` records.

/// One record: a field code and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub code: u32,
    pub value: Vec<u8>,
}

const HEADER_LEN: usize = 13;

/// Writes the records in the given order; empty values are skipped (and not
/// counted). Fields are fixed-width as long as codes stay below 1000, values
/// below 10000 bytes and the whole below 10^6 bytes (`request` stays far
/// below); larger numbers are written in full.
pub fn encode<'a>(records: impl IntoIterator<Item = (u32, &'a [u8])>) -> Vec<u8> {
    // The header's total is known only at the end: reserve its 13 bytes.
    let mut out = Vec::with_capacity(1024);
    out.resize(HEADER_LEN, 0);
    let mut count = 0;
    for (code, value) in records.into_iter().filter(|(_, v)| !v.is_empty()) {
        push_number(&mut out, code as usize, 3);
        push_number(&mut out, value.len(), 4);
        out.extend_from_slice(value);
        out.push(b'\n');
        count += 1;
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(b"\x01\x02");
    push_number(&mut header, out.len(), 6);
    header.extend_from_slice(b"34");
    push_number(&mut header, count, 3);
    // Numbers wider than their fields (never from `request`) lengthen the header.
    out.splice(..HEADER_LEN, header);
    out
}

/// `n` in decimal, zero-padded to at least `width` digits, as `{n:0width$}`
/// writes it (without the formatting machinery: this runs 40 times a request).
fn push_number(out: &mut Vec<u8>, mut n: usize, width: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(std::iter::repeat_n(b'0', width.saturating_sub(digits.len() - start)));
    out.extend_from_slice(&digits[start..]);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Header shorter than 13 bytes or a digit field that is not digits.
    Header,
    /// The total length is not the container's or a record overruns it.
    Length,
}

fn number(digits: &[u8]) -> Result<usize, DecodeError> {
    if digits.iter().all(u8::is_ascii_digit) {
        Ok(digits.iter().fold(0usize, |n, d| n.saturating_mul(10).saturating_add(usize::from(d - b'0'))))
    } else {
        Err(DecodeError::Header)
    }
}

/// Strict reader with the header's own digit widths (`lg_id` at byte 8,
/// `lg_lg` at byte 9; version, alphabet and count are not read): records in
/// wire order, duplicates and code 0 kept. Records run from byte 13 up to the
/// header's total; bytes past it are ignored. The byte after each value is
/// skipped unread; the last value may end exactly at the total, without it.
/// (`received` has the lenient reader `response` uses.)
pub fn decode(plain: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let header = plain.get(..HEADER_LEN).ok_or(DecodeError::Header)?;
    let total = number(&header[2..8])?;
    let (lg_id, lg_lg) = (number(&header[8..9])?, number(&header[9..10])?);
    if total > plain.len() || total < HEADER_LEN {
        return Err(DecodeError::Length);
    }
    let body = &plain[..total];
    let mut records = Vec::new();
    let mut pos = HEADER_LEN;
    while pos < total {
        let (code, len, start) = record_head(body, pos, lg_id, lg_lg)?;
        let value = body.get(start..start.saturating_add(len)).ok_or(DecodeError::Length)?;
        records.push(Record { code, value: value.to_vec() });
        // Past the terminator: every record moves on by at least one byte.
        pos = start + len + 1;
    }
    Ok(records)
}

/// A record's code and value length at `pos`, and where its value starts.
fn record_head(body: &[u8], pos: usize, lg_id: usize, lg_lg: usize) -> Result<(u32, usize, usize), DecodeError> {
    let code = body.get(pos..pos + lg_id).ok_or(DecodeError::Length)?;
    let len = body.get(pos + lg_id..pos + lg_id + lg_lg).ok_or(DecodeError::Length)?;
    // lg_id is one digit: at most 9 digits, below u32::MAX.
    let code = u32::try_from(number(code)?).map_err(|_| DecodeError::Header)?;
    Ok((code, number(len)?, pos + lg_id + lg_lg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(code: u32, value: &[u8]) -> Record {
        Record { code, value: value.to_vec() }
    }

    fn container(digits: &[u8; 2], body: &[u8]) -> Vec<u8> {
        let mut p = format!("\x01\x02{:06}", HEADER_LEN + body.len()).into_bytes();
        p.extend_from_slice(digits);
        p.extend_from_slice(b"000");
        p.extend_from_slice(body);
        p
    }

    #[test]
    fn encode_decode() {
        let plain = encode([(1, &b"P615"[..]), (2, b""), (41, b"19990811")]);
        assert_eq!(plain, b"\x01\x02000041340020010004P615\n041000819990811\n");
        assert_eq!(decode(&plain), Ok(vec![rec(1, b"P615"), rec(41, b"19990811")]));
        assert_eq!(encode([]), b"\x01\x0200001334000");
        assert_eq!(decode(&encode([])), Ok(Vec::new()));
    }

    #[test]
    fn values_are_any_bytes() {
        let value: Vec<u8> = (1..=255).collect();
        let plain = encode([(30, &value[..]), (30, b"\n")]);
        assert_eq!(decode(&plain), Ok(vec![rec(30, &value), rec(30, b"\n")]));
    }

    #[test]
    fn reader_follows_the_header() {
        // Other digit widths, any terminator, code 0 and duplicates kept.
        let plain = container(b"23", b"02003abc!00002xy\n02001z.");
        assert_eq!(decode(&plain), Ok(vec![rec(2, b"abc"), rec(0, b"xy"), rec(2, b"z")]));
        // Bytes past the total are ignored, whatever they are.
        let mut longer = plain.clone();
        longer.extend_from_slice(b"garbage");
        assert_eq!(decode(&longer), decode(&plain));
        // The last value may end at the total without its terminator.
        assert_eq!(decode(&container(b"34", b"0020003abc")), Ok(vec![rec(2, b"abc")]));
        // Widths of 0: every record still moves on (code 0, empty values).
        assert_eq!(decode(&container(b"00", b"ab")), Ok(vec![rec(0, b""), rec(0, b"")]));
        assert_eq!(decode(&container(b"03", b"002ab\n")), Ok(vec![rec(0, b"ab")]));
        // Version, alphabet and count are not read.
        let mut odd = encode([(1, &b"x"[..])]);
        odd[0] = b'z';
        odd[1] = 0;
        odd[10..13].copy_from_slice(b"abc");
        assert_eq!(decode(&odd), Ok(vec![rec(1, b"x")]));
    }

    #[test]
    fn header_errors() {
        assert_eq!(decode(b""), Err(DecodeError::Header));
        assert_eq!(decode(b"\x01\x02"), Err(DecodeError::Header));
        assert_eq!(decode(b"\x01\x020000133400"), Err(DecodeError::Header));
        assert_eq!(decode(b"\x01\x02 0001334000"), Err(DecodeError::Header));
        assert_eq!(decode(b"\x01\x02000013x4000"), Err(DecodeError::Header));
        assert_eq!(decode(b"\x01\x020000133-000"), Err(DecodeError::Header));
        assert_eq!(decode(&container(b"34", b"0x20003abc\n")), Err(DecodeError::Header));
        assert_eq!(decode(&container(b"34", b"002000+abc\n")), Err(DecodeError::Header));
    }

    #[test]
    fn length_errors() {
        let plain = encode([(1, &b"P615"[..]), (41, b"19990811")]);
        assert_eq!(decode(&plain[..30]), Err(DecodeError::Length));
        let mut short_total = plain.clone();
        short_total[2..8].copy_from_slice(b"000012");
        assert_eq!(decode(&short_total), Err(DecodeError::Length));
        // A total that cuts a record.
        let mut cut = plain.clone();
        cut[2..8].copy_from_slice(b"000030");
        assert_eq!(decode(&cut), Err(DecodeError::Length));
        // A record head cut by the total.
        assert_eq!(decode(&container(b"34", b"0020003abc\n002")), Err(DecodeError::Length));
        assert_eq!(decode(&container(b"34", b"0029999abc\n")), Err(DecodeError::Length));
        assert_eq!(decode(&container(b"99", b"1")), Err(DecodeError::Length));
        assert_eq!(decode(b"\x01\x02999999340000"), Err(DecodeError::Length));
    }

    #[test]
    fn damaged_containers_never_panic() {
        let plain = encode([(1, &b"P615"[..]), (41, b"19990811"), (2, b"x")]);
        for i in 0..plain.len() {
            let _ = decode(&plain[..i]);
            for c in [b'0', b'9', b'x', 0, 0xff, b'\n'] {
                let mut p = plain.clone();
                p[i] = c;
                let _ = decode(&p);
            }
        }
    }
}
