//! The parmcom files (`parmcom.sogenactif`, `parmcom.<merchant_id>`):
//! `KEYWORD!value!` lines giving defaults for request fields.

use crate::clib::fgets_lines;
use crate::fields::{Field, FIELD_COUNT};
use std::sync::Arc;

/// The first malformed line: `Invalid separator in file at line N 3 attendu, K recu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeparatorError {
    pub line: usize,
    pub found: usize,
}

/// The values a parmcom file sets (for each field, the last line naming it),
/// looked up by field in constant time: a cached file of any size costs a
/// request nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parmcom {
    text: Vec<u8>,
    spans: [Option<(u32, u32)>; FIELD_COUNT],
}

impl Parmcom {
    /// The value this file gives `field`, if it names it.
    pub fn get(&self, field: Field) -> Option<&[u8]> {
        self.spans[field as usize].map(|(start, len)| &self.text[start as usize..(start + len) as usize])
    }

    /// Every field the file sets, with its value.
    pub fn values(&self) -> impl Iterator<Item = (Field, &[u8])> {
        crate::fields::FIELDS.iter().filter_map(|d| Some((d.id, self.get(d.id)?)))
    }
}

/// Parses a whole file read with a `line_buffer`-byte `fgets` (2048 in P615);
/// unknown and lower-case keywords are ignored.
pub fn parse(content: &[u8], line_buffer: usize) -> Result<Arc<Parmcom>, SeparatorError> {
    let mut parmcom = Parmcom { text: Vec::new(), spans: [None; FIELD_COUNT] };
    for (index, line) in fgets_lines(content, line_buffer).into_iter().enumerate() {
        if line.len() <= 3 || line[0] == b'#' || line[0] == b'\n' {
            continue;
        }
        let mut tokens: Vec<&[u8]> = line.split(|&b| b == b'!').collect();
        if tokens.last().is_some_and(|t| t.is_empty()) {
            tokens.pop();
        }
        if tokens.len() != 3 {
            return Err(SeparatorError { line: index + 1, found: tokens.len() });
        }
        let (keyword, value) = (tokens[0], tokens[1]);
        if let Some(field) = Field::from_parmcom(keyword) {
            let start = parmcom.text.len() as u32;
            parmcom.text.extend_from_slice(value);
            parmcom.spans[field as usize] = Some((start, value.len() as u32));
        }
    }
    Ok(Arc::new(parmcom))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_values_and_skipped_lines() {
        let p = parse(
            b"# comment\n\n!!\nLOGO!a.gif!\nlogo!b!\nFOO!x!\nLOGO2!a! # c\nADVERT!  sp !\r\nLOGO!c!\n!x!\n",
            2048,
        )
        .unwrap();
        assert_eq!(p.get(Field::LogoId), Some(&b"c"[..]));
        assert_eq!(p.get(Field::LogoId2), Some(&b"a"[..]));
        assert_eq!(p.get(Field::Advert), Some(&b"  sp "[..]));
        assert_eq!(p.get(Field::Bgcolor), None);
        assert_eq!(p.values().count(), 3);
    }

    #[test]
    fn separator_errors_count_tokens() {
        assert_eq!(parse(b"GARBAGE\n", 2048), Err(SeparatorError { line: 1, found: 1 }));
        assert_eq!(parse(b"#\nLOGO2!a!b!\n", 2048), Err(SeparatorError { line: 2, found: 4 }));
        assert_eq!(parse(b"LOGO2!x!", 2048), Err(SeparatorError { line: 1, found: 2 }));
        assert_eq!(parse(b"    \n", 2048), Err(SeparatorError { line: 1, found: 1 }));
        // A 2048-byte value is read as two lines; the first has 2 tokens.
        let long = format!("ADVERT!{}!\n", "a".repeat(2048));
        assert_eq!(parse(long.as_bytes(), 2048), Err(SeparatorError { line: 1, found: 2 }));
        // With a 256-byte buffer, a 255-byte line fits and a 256-byte one does not.
        let fits = format!("ADVERT!{}!\n", "a".repeat(246));
        assert!(parse(fits.as_bytes(), 256).is_ok());
        let over = format!("ADVERT!{}!\n", "a".repeat(247));
        assert!(parse(over.as_bytes(), 256).is_err());
    }
}
