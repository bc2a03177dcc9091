//! The NLV container (`wire-format.md` §3.1): `\x01\x02`, a 6-digit total
//! length (header included), digits per code (`3`) and per length (`4`), a
//! 3-digit record count, then `code length value \n` records.

/// One record: a field code and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub code: u32,
    pub value: Vec<u8>,
}

const HEADER_LEN: usize = 13;

/// Writes the records in the given order; empty values are skipped (and not counted).
pub fn encode<'a>(records: impl IntoIterator<Item = (u32, &'a [u8])>) -> Vec<u8> {
    let mut body = Vec::with_capacity(1024);
    let mut count = 0;
    for (code, value) in records.into_iter().filter(|(_, v)| !v.is_empty()) {
        body.extend_from_slice(format!("{code:03}{:04}", value.len()).as_bytes());
        body.extend_from_slice(value);
        body.push(b'\n');
        count += 1;
    }
    let mut out = format!("\x01\x02{:06}34{:03}", HEADER_LEN + body.len(), count).into_bytes();
    out.append(&mut body);
    out
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
        Ok(digits.iter().fold(0, |n, d| n * 10 + (d - b'0') as usize))
    } else {
        Err(DecodeError::Header)
    }
}

/// Strict reader with the header's own digit widths: records in wire order,
/// duplicates kept. (`received` has the lenient reader `response` uses.)
pub fn decode(plain: &[u8]) -> Result<Vec<Record>, DecodeError> {
    if plain.len() < HEADER_LEN {
        return Err(DecodeError::Header);
    }
    let total = number(&plain[2..8])?;
    let (lg_id, lg_lg) = (number(&plain[8..9])?, number(&plain[9..10])?);
    if total > plain.len() || total < HEADER_LEN {
        return Err(DecodeError::Length);
    }
    let mut records = Vec::new();
    let mut pos = HEADER_LEN;
    while pos < total {
        let start = pos + lg_id + lg_lg;
        if start > total {
            return Err(DecodeError::Length);
        }
        let code = number(&plain[pos..pos + lg_id])? as u32;
        let len = number(&plain[pos + lg_id..start])?;
        // The value and its terminator must fit.
        if start + len + 1 > total {
            return Err(DecodeError::Length);
        }
        records.push(Record { code, value: plain[start..start + len].to_vec() });
        pos = start + len + 1;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode() {
        let plain = encode([(1, &b"P615"[..]), (2, b""), (41, b"19990811")]);
        assert_eq!(plain, b"\x01\x02000041340020010004P615\n041000819990811\n");
        let records = decode(&plain).unwrap();
        assert_eq!(
            records,
            vec![Record { code: 1, value: b"P615".to_vec() }, Record { code: 41, value: b"19990811".to_vec() }]
        );
        assert_eq!(decode(&plain[..30]), Err(DecodeError::Length));
        assert_eq!(decode(b"\x01\x02"), Err(DecodeError::Header));
    }
}
