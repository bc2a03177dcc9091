//! The merchant certificate (docs/wire-format.md §7): header
//! lines, 44 data lines holding the key matrix, the encrypted server URL
//! blocks and the date trailer.
//!
//! Every legacy reader took the file in `fgets` chunks of at most 255 bytes
//! (a longer physical line counts as several lines) and looked at each as a
//! C string (up to its first NUL); those rules decide which line is which
//! and what an error prints, so they are kept.

use crate::clib::{cut_at_nul, fgets_chunks, split_terminated};
use crate::error::{ApiError, HeaderMismatch};
use crate::wire::{url, KeyMatrix};

/// The legacy readers' `fgets` buffer.
const LINE_BUFFER: usize = 256;
/// The line after which data lines are counted (when `F_CTYPE` is set).
const MARKER: &[u8] = b"certificate_data";
/// Data line holding the date trailer (1-based).
const TRAILER_LINE: usize = 43;
/// `request` reads data lines 1–29 through its URL reader.
const URL_READER_LINES: usize = 29;
/// The URL reader refuses a line whose C string has 1 to 66 bytes (its
/// check was `strlen - 1 <= 65` on an unsigned length, so an empty one passes).
const URL_LINE_MAX_REFUSED: usize = 66;
/// Bytes of the line buffer the URL reader takes from each line it uses.
const URL_LINE_BYTES: usize = 66;
/// The URL block starts at data line 26; four lines of 66 characters.
const URL_BLOCK_LINE: usize = 26;
/// The key loader checks data lines 1–26 (it uses 25): ≥ 64 characters + `\n`.
const KEY_LOADER_LINES: usize = 26;
const KEY_LINE_MIN: usize = 65;

/// What a header line is about: the first of these names its C string
/// contains (the legacy's `strstr` tests, in its order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    MerchantId,
    MerchantCountry,
    Expired,
    Version,
    CertificateType,
}

const HEADER_NAMES: [(&[u8], Option<HeaderKind>); 6] = [
    (b"merchant_id", Some(HeaderKind::MerchantId)),
    (b"merchant_country", Some(HeaderKind::MerchantCountry)),
    (b"certificate_expired", Some(HeaderKind::Expired)),
    (b"certificate_version", Some(HeaderKind::Version)),
    (b"certificate_type", Some(HeaderKind::CertificateType)),
    // The marker ends the header.
    (MARKER, None),
];

/// One header line: its kind and its value, the second `strtok(line, "!")`
/// token (empty tokens do not exist; a newline is part of a token), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLine {
    pub kind: HeaderKind,
    pub value: Option<Vec<u8>>,
}

/// The header lines before the marker, in file order. Only read with `F_CTYPE`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub lines: Vec<HeaderLine>,
    /// The first merchant_id, merchant_country and certificate_type values
    /// (what a reader of the file sees first; the check is [`Header::check`]).
    pub merchant_id: Option<Vec<u8>>,
    pub merchant_country: Option<Vec<u8>>,
    pub certificate_type: Option<Vec<u8>>,
    /// The last certificate_expired and certificate_version values: each
    /// line with a value replaced the previous one.
    pub expired: Option<Vec<u8>>,
    pub version: Option<Vec<u8>>,
}

impl Header {
    fn from_lines(lines: Vec<HeaderLine>) -> Header {
        let first = |kind| lines.iter().find(|l| l.kind == kind).map(|l| l.value.clone().unwrap_or_default());
        let last = |kind| lines.iter().rev().find_map(|l| l.value.clone().filter(|_| l.kind == kind));
        Header {
            merchant_id: first(HeaderKind::MerchantId),
            merchant_country: first(HeaderKind::MerchantCountry),
            certificate_type: first(HeaderKind::CertificateType),
            expired: last(HeaderKind::Expired),
            version: last(HeaderKind::Version),
            lines,
        }
    }

    /// The legacy check, line by line in file order: every merchant_id,
    /// merchant_country and certificate_type line must name the request's
    /// value; the first that does not is the error, with its own value.
    /// A line without a value compares as empty (the legacy crashed there).
    pub fn check(&self, merchant_id: &[u8], country: &[u8], ctype: &[u8]) -> Result<(), ApiError> {
        for line in &self.lines {
            let (what, ours) = match line.kind {
                HeaderKind::MerchantId => (HeaderMismatch::MerchantId, merchant_id),
                HeaderKind::MerchantCountry => (HeaderMismatch::Country, country),
                HeaderKind::CertificateType => (HeaderMismatch::CertificateType, ctype),
                HeaderKind::Expired | HeaderKind::Version => continue,
            };
            let theirs = line.value.as_deref().unwrap_or_default();
            if theirs != ours {
                return Err(ApiError::header_differs(what, ours, theirs));
            }
        }
        Ok(())
    }
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
    let chunks = fgets_chunks(content, LINE_BUFFER);
    let lines: Vec<&[u8]> = chunks.iter().map(|c| cut_at_nul(c)).collect();
    let data_start = match with_header {
        true => lines.iter().position(|l| contains(l, MARKER)).map_or(lines.len(), |m| m + 1),
        false => 0,
    };
    let data = &lines[data_start..];
    // Reading stops at end of file: the last line read stands in for the trailer.
    let trailer_line = data.get(TRAILER_LINE - 1).or(lines.last()).copied().unwrap_or(b"");
    Certificate {
        header: if with_header { parse_header(&lines) } else { Header::default() },
        trailer: parse_trailer(trailer_line),
        url: read_url(&chunks, data_start),
        matrix: load_matrix(data),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The header lines up to the marker (lines naming a header field first are
/// header lines even if they contain the marker too).
fn parse_header(lines: &[&[u8]]) -> Header {
    let mut header = Vec::new();
    for line in lines {
        let Some(&(_, kind)) = HEADER_NAMES.iter().find(|(name, _)| contains(line, name)) else { continue };
        let Some(kind) = kind else { break };
        let value = line.split(|&b| b == b'!').filter(|t| !t.is_empty()).nth(1).map(<[u8]>::to_vec);
        header.push(HeaderLine { kind, value });
    }
    Header::from_lines(header)
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

/// The legacy line buffer: each `fgets` writes a chunk and its NUL over the
/// previous content, so bytes after the NUL are those of longer earlier lines.
struct LineBuffer([u8; LINE_BUFFER]);

impl LineBuffer {
    fn fill(&mut self, chunk: &[u8]) {
        self.0[..chunk.len()].copy_from_slice(chunk);
        if let Some(end) = self.0.get_mut(chunk.len()) {
            *end = 0;
        }
    }

    fn head(&self) -> &[u8] {
        &self.0[..URL_LINE_BYTES]
    }
}

/// The URL reader: data lines 1–29, each refused when its C string has 1 to
/// 66 bytes (printed without its last byte); the key comes from line 1 and
/// the block from lines 26–29, each the first 66 bytes of the line buffer.
fn read_url(chunks: &[&[u8]], data_start: usize) -> Result<Vec<u8>, UrlReadError> {
    // The buffer starts as zeros (the legacy's was never initialised).
    let mut buffer = LineBuffer([0; LINE_BUFFER]);
    chunks[..data_start].iter().for_each(|c| buffer.fill(c));
    let mut used = Vec::with_capacity(URL_READER_LINES * URL_LINE_BYTES);
    for i in 0..URL_READER_LINES {
        let Some(chunk) = chunks.get(data_start + i) else {
            return Err(if i == 0 { UrlReadError::KeyNotFound } else { UrlReadError::UrlNotFound });
        };
        buffer.fill(chunk);
        let line = cut_at_nul(chunk);
        if (1..=URL_LINE_MAX_REFUSED).contains(&line.len()) {
            return Err(UrlReadError::ShortLine(line[..line.len() - 1].to_vec()));
        }
        used.extend_from_slice(buffer.head());
    }
    let key = url::url_key(&used[..URL_LINE_BYTES]);
    url::decrypt_block(&key, &used[(URL_BLOCK_LINE - 1) * URL_LINE_BYTES..]).map_err(UrlReadError::Block)
}

/// The key loader: data lines 1–26 must have C strings of 65 bytes or more;
/// the first that does not is printed without its last byte (normally the
/// newline, but the byte before a NUL or the end of the file otherwise).
fn load_matrix(data: &[&[u8]]) -> Result<KeyMatrix, MatrixError> {
    let checked = &data[..data.len().min(KEY_LOADER_LINES)];
    if let Some(short) = checked.iter().find(|l| l.len() < KEY_LINE_MIN) {
        return Err(MatrixError::ShortLine(short[..short.len().saturating_sub(1)].to_vec()));
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

    const DEMO: &[u8] = include_bytes!("../../demo/param/certif.fr.000000000000001.php");
    const ID: &[u8] = b"000000000000001";

    /// The demo certificate with its header lines replaced by `header`.
    fn with_header(header: &str) -> Certificate {
        let marker = DEMO.windows(17).position(|w| w == b"certificate_data!").unwrap();
        parse(&[b"<?php\n/*__DEBUT__\n", header.as_bytes(), &DEMO[marker..]].concat(), true)
    }

    fn header_error(header: &str) -> Option<Vec<u8>> {
        with_header(header).header.check(ID, b"fr", b"php").err().map(|e| e.message())
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
        assert_eq!(h.lines.len(), 4);
    }

    #[test]
    fn every_header_line_is_checked_in_file_order() {
        let good = "merchant_id!000000000000001!\nmerchant_country!fr!\ncertificate_type!php!\n";
        assert_eq!(header_error(good), None);
        let extra = format!("{good}merchant_id!014213245611112!\n");
        assert_eq!(
            header_error(&extra).unwrap(),
            b"Error reading certificate file field (error merchant id request 000000000000001 differ certificate file 014213245611112)"
        );
        // The first differing line in the file is reported, whatever its kind.
        let country_first = format!("merchant_country!be!\n{good}merchant_id!2!\n");
        assert!(header_error(&country_first).unwrap().ends_with(b"request fr differ certificate file be)"));
        // A line is a header line when it contains a name anywhere.
        let comment = format!("{good}# old merchant_id!X!\n");
        assert!(header_error(&comment).unwrap().ends_with(b"differ certificate file X)"));
        let type_line = format!("{good}certificate_type!php\t!\n");
        assert!(header_error(&type_line).unwrap().ends_with(b"differ certificate file php\t)"));
        // A line without a second token (the legacy crashed) compares as empty.
        let bare = format!("merchant_id\n{good}");
        assert!(header_error(&bare).unwrap().ends_with(b"differ certificate file )"));
        // CRLF ends: the `\r` is a third token.
        assert_eq!(header_error(&good.replace("!\n", "!\r\n")), None);
    }

    #[test]
    fn last_expiry_and_version_win() {
        let h = with_header("certificate_expired!1!\ncertificate_version!1.0!\ncertificate_expired!2!\ncertificate_version!!\ncertificate_expired\n").header;
        assert_eq!(h.expired.as_deref(), Some(&b"2"[..]));
        assert_eq!(h.version.as_deref(), Some(&b"\n"[..]));
    }

    #[test]
    fn marker_ends_the_header_unless_the_line_names_a_field() {
        let h = with_header("merchant_id!1!certificate_data\nmerchant_country!fr!\n").header;
        assert_eq!(h.lines.len(), 2);
        let cert = with_header("merchant_country!fr!\n");
        assert!(cert.matrix.is_ok() && cert.url.is_ok());
    }

    /// The demo certificate with `edit` applied to its bytes.
    fn edited(edit: impl FnOnce(&mut Vec<u8>)) -> Certificate {
        let mut text = DEMO.to_vec();
        edit(&mut text);
        parse(&text, true)
    }

    /// Where data line `n` (1-based) of the demo certificate starts.
    fn data_line(n: usize) -> usize {
        let marker = DEMO.windows(17).position(|w| w == b"certificate_data!").unwrap();
        let mut at = marker + DEMO[marker..].iter().position(|&b| b == b'\n').unwrap() + 1;
        for _ in 1..n {
            at += DEMO[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
        }
        at
    }

    #[test]
    fn the_byte_before_a_nul_or_the_end_is_dropped_from_printed_lines() {
        let demo_line = |n: usize| &DEMO[data_line(n)..data_line(n) + 66];
        let cert = edited(|t| t.insert(data_line(20) + 20, 0));
        let want = [b"invalid record certificate <", &demo_line(20)[..19], b">"].concat();
        assert_eq!(cert.url.unwrap_err().detail(), want);
        assert_eq!(cert.matrix.unwrap_err().detail(), want);
        // A file that ends inside data line 5 (no newline).
        let cert = edited(|t| t.truncate(data_line(5) + 30));
        assert_eq!(
            cert.matrix.unwrap_err().detail(),
            [b"invalid record certificate <", &demo_line(5)[..29], b">"].concat()
        );
        // 66 characters then a NUL: the URL reader refuses the line (65 shown), the key loader takes it.
        let cert = edited(|t| t.insert(data_line(3) + 66, 0));
        assert_eq!(
            cert.url.unwrap_err().detail(),
            [b"invalid record certificate <", &demo_line(3)[..65], b">"].concat()
        );
        assert!(cert.matrix.is_ok());
    }

    #[test]
    fn an_empty_c_string_passes_the_url_reader_only() {
        let cert = edited(|t| t.insert(data_line(4), 0));
        assert_eq!(cert.matrix.unwrap_err().detail(), b"invalid record certificate <>");
        assert!(cert.url.is_ok(), "{:?}", cert.url);
        // Lines 27–29 are read by the URL reader only.
        assert!(edited(|t| t.insert(data_line(28), 0)).url.is_ok());
    }

    #[test]
    fn lines_over_255_bytes_count_twice() {
        // The marker line made 300 bytes long: data line 43 is then the `+++` line.
        let cert = edited(|t| {
            let at = data_line(1) - 1;
            t.splice(at..at, std::iter::repeat_n(b'!', 300));
        });
        assert_eq!(cert.trailer.unwrap_err(), [&[b'+'; 66][..], b"\n"].concat());
        assert!(parse(DEMO, true).trailer.is_ok());
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
