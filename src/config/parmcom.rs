//! The parmcom files (`parmcom.sogenactif`, `parmcom.<merchant_id>`):
//! `KEYWORD!value!` lines (behaviour.md §2.5).

use crate::fields::Field;
use crate::text::fgets_lines;

/// The legacy read parmcom files with a 2048-byte `fgets` buffer.
const LINE_BUFFER: usize = 2048;

/// The first malformed line: `Invalid separator in file at line N 3 attendu, K recu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeparatorError {
    pub line: usize,
    pub found: usize,
}

/// The values a parmcom file sets, in file order (a later line wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parmcom {
    pub values: Vec<(Field, Vec<u8>)>,
}

impl Parmcom {
    /// The value this file gives `field`, if it names it.
    pub fn get(&self, field: Field) -> Option<&[u8]> {
        self.values.iter().rev().find(|(f, _)| *f == field).map(|(_, v)| v.as_slice())
    }
}

/// Parses a whole file; unknown and lower-case keywords are ignored.
pub fn parse(content: &[u8]) -> Result<Parmcom, SeparatorError> {
    let mut parmcom = Parmcom::default();
    for (index, line) in fgets_lines(content, LINE_BUFFER).into_iter().enumerate() {
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
        if let Some(field) = Field::from_parmcom(tokens[0]) {
            parmcom.values.push((field, tokens[1].to_vec()));
        }
    }
    Ok(parmcom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_values_and_skipped_lines() {
        let p = parse(b"# comment\n\n!!\nLOGO!a.gif!\nlogo!b!\nFOO!x!\nLOGO2!a! # c\nADVERT!  sp !\r\nLOGO!c!\n!x!\n")
            .unwrap();
        assert_eq!(p.get(Field::LogoId), Some(&b"c"[..]));
        assert_eq!(p.get(Field::LogoId2), Some(&b"a"[..]));
        assert_eq!(p.get(Field::Advert), Some(&b"  sp "[..]));
        assert_eq!(p.get(Field::Bgcolor), None);
    }

    #[test]
    fn separator_errors_count_tokens() {
        assert_eq!(parse(b"GARBAGE\n"), Err(SeparatorError { line: 1, found: 1 }));
        assert_eq!(parse(b"#\nLOGO2!a!b!\n"), Err(SeparatorError { line: 2, found: 4 }));
        assert_eq!(parse(b"LOGO2!x!"), Err(SeparatorError { line: 1, found: 2 }));
        assert_eq!(parse(b"    \n"), Err(SeparatorError { line: 1, found: 1 }));
        // A 2048-byte value is read as two lines; the first has 2 tokens.
        let long = format!("ADVERT!{}!\n", "a".repeat(2048));
        assert_eq!(parse(long.as_bytes()), Err(SeparatorError { line: 1, found: 2 }));
    }
}
