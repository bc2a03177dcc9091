//! The merchant certificate (docs/wire-format.md §7): header
//! lines, 44 data lines holding the key matrix, the encrypted server URL
//! blocks and the date trailer.

use crate::clib::{chomp, split_terminated, whole_lines};
use crate::wire::{url, KeyMatrix};

/// The line after which data lines are counted (when `F_CTYPE` is set).
const MARKER: &[u8] = b"certificate_data";
/// Data line holding the date trailer (1-based).
const TRAILER_LINE: usize = 43;
/// `request` reads data lines 1–29 through its URL reader: ≥ 66 characters each.
const URL_READER_LINES: usize = 29;
const URL_LINE_MIN: usize = 66;
/// The URL block starts at data line 26; four lines of 66 characters.
const URL_BLOCK_LINE: usize = 26;
/// The key loader checks data lines 1–26 (it uses 25): ≥ 64 characters + `\n`.
const KEY_LOADER_LINES: usize = 26;
const KEY_LINE_MIN: usize = 65;

/// The header lines (`name!value!`) before the marker. Only read with `F_CTYPE`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub merchant_id: Option<Vec<u8>>,
    pub merchant_country: Option<Vec<u8>>,
    pub expired: Option<Vec<u8>>,
    pub version: Option<Vec<u8>>,
    pub certificate_type: Option<Vec<u8>>,
}

/// The trailer `label,dd/mm/yyyy,V4,bank,name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// Its second item, shown in DEBUG (`Version du certificat = <this> (<bank>)`).
    pub date_text: Vec<u8>,
    /// Its fourth item, up to the next `,` or the end of the line (newline included).
    pub bank: Vec<u8>,
    /// `yyyymmdd`, or the first `/`-part of the date when it has not 3 parts.
    pub date: Result<Vec<u8>, Vec<u8>>,
}

/// Why the URL reader failed; [`UrlReadError::detail`] is the legacy text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlReadError {
    ShortLine(Vec<u8>),
    KeyNotFound,
    UrlNotFound,
    Block(url::UrlError),
}

impl UrlReadError {
    pub fn detail(&self) -> Vec<u8> {
        match self {
            UrlReadError::ShortLine(line) => bracketed(b"invalid record certificate ", line),
            UrlReadError::KeyNotFound => b"key not found in certificate".to_vec(),
            UrlReadError::UrlNotFound => b"server url not found in certificate".to_vec(),
            UrlReadError::Block(url::UrlError::CipheredLength(t)) => bracketed(b"invalid ciphered url length ", t),
            UrlReadError::Block(url::UrlError::ServerUrlLength(t)) => bracketed(b"invalid server url length ", t),
        }
    }
}

/// Why the key loader failed; [`MatrixError::detail`] is the legacy text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixError {
    ShortLine(Vec<u8>),
    TooFewLines(usize),
}

impl MatrixError {
    pub fn detail(&self) -> Vec<u8> {
        match self {
            MatrixError::ShortLine(line) => bracketed(b"invalid record certificate ", line),
            MatrixError::TooFewLines(n) => format!("invalid number of record certificate <{n}>").into_bytes(),
        }
    }
}

fn bracketed(prefix: &[u8], value: &[u8]) -> Vec<u8> {
    [prefix, b"<", value, b">"].concat()
}

/// A parsed certificate. Every part is parsed up front so that a cached
/// certificate costs nothing per call; each keeps its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub header: Header,
    /// `Err(first item)` when the trailer has fewer than 4 items.
    pub trailer: Result<Trailer, Vec<u8>>,
    pub url: Result<Vec<u8>, UrlReadError>,
    pub matrix: Result<KeyMatrix, MatrixError>,
}

/// Parses a certificate. With `F_CTYPE` (`with_header`) data lines follow the
/// first line containing `certificate_data`; without, they start at line 1.
pub fn parse(content: &[u8], with_header: bool) -> Certificate {
    let lines = whole_lines(content);
    let (header_lines, data): (&[&[u8]], &[&[u8]]) = if with_header {
        match lines.iter().position(|l| contains(l, MARKER)) {
            Some(m) => (&lines[..m], &lines[m + 1..]),
            None => (&lines[..], &[]),
        }
    } else {
        (&[], &lines[..])
    };
    // Reading stops at end of file: the last line read stands in for the trailer.
    let trailer_line = data.get(TRAILER_LINE - 1).or(lines.last()).copied().unwrap_or(b"");
    Certificate {
        header: parse_header(header_lines),
        trailer: parse_trailer(trailer_line),
        url: read_url(data),
        matrix: load_matrix(data),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn parse_header(lines: &[&[u8]]) -> Header {
    let find = |name: &[u8]| {
        lines.iter().find(|l| contains(l, name)).map(|l| {
            // strtok(line, "!"): empty tokens are skipped; the value is the second.
            l.split(|&b| b == b'!').filter(|t| !t.is_empty()).nth(1).unwrap_or(b"").to_vec()
        })
    };
    Header {
        merchant_id: find(b"merchant_id"),
        merchant_country: find(b"merchant_country"),
        expired: find(b"certificate_expired"),
        version: find(b"certificate_version"),
        certificate_type: find(b"certificate_type"),
    }
}

fn parse_trailer(line: &[u8]) -> Result<Trailer, Vec<u8>> {
    let items = split_terminated(line, b',');
    if items.len() < 4 {
        return Err(items.first().copied().unwrap_or(b"").to_vec());
    }
    let parts = split_terminated(items[1], b'/');
    let date = if parts.len() == 3 {
        Ok([parts[2], parts[1], parts[0]].concat())
    } else {
        Err(parts.first().copied().unwrap_or(b"").to_vec())
    };
    Ok(Trailer { date_text: items[1].to_vec(), bank: items[3].to_vec(), date })
}

fn read_url(data: &[&[u8]]) -> Result<Vec<u8>, UrlReadError> {
    for i in 0..URL_READER_LINES {
        let line = data.get(i).map(|l| chomp(l));
        match line {
            None if i == 0 => return Err(UrlReadError::KeyNotFound),
            None => return Err(UrlReadError::UrlNotFound),
            Some(l) if l.len() < URL_LINE_MIN => return Err(UrlReadError::ShortLine(l.to_vec())),
            Some(_) => {}
        }
    }
    let key = url::url_key(data[0]);
    let block: Vec<u8> =
        data[URL_BLOCK_LINE - 1..URL_BLOCK_LINE + 3].iter().flat_map(|l| l[..URL_LINE_MIN].iter().copied()).collect();
    url::decrypt_block(&key, &block).map_err(UrlReadError::Block)
}

fn load_matrix(data: &[&[u8]]) -> Result<KeyMatrix, MatrixError> {
    let checked = &data[..data.len().min(KEY_LOADER_LINES)];
    if let Some(short) = checked.iter().find(|l| l.len() < KEY_LINE_MIN) {
        return Err(MatrixError::ShortLine(chomp(short).to_vec()));
    }
    if checked.len() < 25 {
        return Err(MatrixError::TooFewLines(checked.len()));
    }
    let mut rows = [[0u8; 65]; 25];
    for (row, line) in rows.iter_mut().zip(checked) {
        row.copy_from_slice(&line[..65]);
    }
    Ok(KeyMatrix { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_items_and_date_parts() {
        let t = parse_trailer(b"demo,11/08/1999,V4,SOGENACTIF,DEMO+++\n").unwrap();
        assert_eq!(t.date, Ok(b"19990811".to_vec()));
        assert_eq!(t.bank, b"SOGENACTIF");
        assert_eq!(t.date_text, b"11/08/1999");
        let t = parse_trailer(b"a,11//1999,V4,X\n").unwrap();
        assert_eq!(t.date, Ok(b"199911".to_vec()));
        assert_eq!(t.bank, b"X\n");
        assert_eq!(parse_trailer(b"a,11/08/1999/,V4,X\n").unwrap().date, Ok(b"19990811".to_vec()));
        assert_eq!(parse_trailer(b"a,11/08,V4,X\n").unwrap().date, Err(b"11".to_vec()));
        assert_eq!(parse_trailer(b"a,,11/08/1999,V4,X\n").unwrap().date, Err(Vec::new()));
        assert_eq!(parse_trailer(b"a,b,c\n"), Err(b"a".to_vec()));
        assert_eq!(parse_trailer(b"php>\n"), Err(b"php>\n".to_vec()));
    }

    #[test]
    fn header_values_are_second_strtok_tokens() {
        let h = parse_header(&[
            b"merchant_id!!123!\n",
            b"merchant_country!fr\n",
            b"certificate_version!!\n",
            b"merchant_id!999!\n",
        ]);
        assert_eq!(h.merchant_id, Some(b"123".to_vec()));
        assert_eq!(h.merchant_country, Some(b"fr\n".to_vec()));
        assert_eq!(h.version, Some(b"\n".to_vec()));
        assert_eq!(h.expired, None);
    }

    #[test]
    fn key_loader_limits() {
        let line = [b'a'; 64].iter().chain(b"\n").copied().collect::<Vec<u8>>();
        let lines: Vec<&[u8]> = vec![&line; 25];
        assert!(load_matrix(&lines).is_ok());
        assert_eq!(load_matrix(&lines[..24]), Err(MatrixError::TooFewLines(24)));
        assert_eq!(load_matrix(&[]).unwrap_err().detail(), b"invalid number of record certificate <0>");
        let short: &[u8] = b"abc\n";
        let mut with_short = lines.clone();
        with_short[3] = short;
        assert_eq!(load_matrix(&with_short).unwrap_err().detail(), b"invalid record certificate <abc>");
    }
}
