//! The pathfile: `KEY!value!` lines naming the other configuration files
//! (behaviour.md §2.4), with the legacy's undocumented `!`-variables.

use crate::clib::fgets_lines;
use std::collections::HashMap;

/// The legacy read the pathfile with a 256-byte `fgets` buffer: a longer
/// physical line is read as several lines, and line numbers count those.
const LINE_BUFFER: usize = 256;

/// Expansion budget: a variable that refers to itself (directly or not)
/// would loop forever in the legacy code; here it is an error.
const MAX_SUBSTITUTIONS: usize = 10_000;
const MAX_VALUE_LEN: usize = 1 << 20;
/// Work budget of one expansion, in bytes: each edit is charged the length of
/// the value (the scan before it and the shift after it). Without it a 2 KB
/// pathfile whose variables expand to a megabyte of `!` took seconds
/// (quadratic deletions). The legacy's buffers held 255 bytes.
const MAX_WORK: usize = 16 << 20;

/// Why a pathfile line was refused; the text is the legacy trace line's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    /// No `!` at all.
    BangMissing,
    /// Empty key or empty value.
    EmptyKeyOrValue,
}

impl LineProblem {
    pub fn trace_text(self) -> &'static str {
        match self {
            LineProblem::BangMissing => "0-chargpath() : pbm cleaning line, ! missing",
            LineProblem::EmptyKeyOrValue => "0-chargpath() : problem line in pathfile",
        }
    }
}

/// The first malformed line (1-based, counting every line read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeparatorError {
    pub line: usize,
    pub problem: LineProblem,
}

/// A variable expansion that never ends (a key that refers to itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle;

/// The keys the executables look up, resolved once when the file is parsed.
pub const KNOWN_KEYS: [&[u8]; 7] =
    [b"DEBUG", b"D_LOGO", b"F_DEFAULT", b"F_PARAM", b"F_CERTIFICATE", b"F_CTYPE", b"API_VERSION"];

/// The value of a key after variable expansion.
type Resolved = Result<Vec<u8>, Cycle>;

/// A parsed pathfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pathfile {
    /// Raw stored values; the first definition of a key wins.
    entries: HashMap<Vec<u8>, Vec<u8>>,
    resolved: Vec<(&'static [u8], Resolved)>,
}

/// Parses the whole file; the first malformed line is the result.
pub fn parse(content: &[u8]) -> Result<Pathfile, SeparatorError> {
    let mut entries: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    for (index, line) in fgets_lines(content, LINE_BUFFER).into_iter().enumerate() {
        match parse_line(line) {
            Ok(None) => {}
            Ok(Some((key, value))) => {
                entries.entry(key.to_vec()).or_insert_with(|| value.to_vec());
            }
            Err(problem) => return Err(SeparatorError { line: index + 1, problem }),
        }
    }
    let mut pathfile = Pathfile { entries, resolved: Vec::new() };
    pathfile.resolved = KNOWN_KEYS.iter().map(|&k| (k, pathfile.expand_key(k))).collect();
    Ok(pathfile)
}

/// A key and its raw value.
type Entry<'a> = (&'a [u8], &'a [u8]);

/// One line: skipped (`None`), a key and its raw value, or refused.
fn parse_line(line: &[u8]) -> Result<Option<Entry<'_>>, LineProblem> {
    if line.len() <= 2 || line[0] == b'\n' || line[0] == b'#' {
        return Ok(None);
    }
    // Everything after the last `!` (CR, LF, junk) is ignored.
    let last = line.iter().rposition(|&b| b == b'!').ok_or(LineProblem::BangMissing)?;
    let line = &line[..=last];
    let key_start = line.iter().position(|&b| b != b'!').unwrap_or(line.len());
    let key_end = key_start + line[key_start..].iter().position(|&b| b == b'!').unwrap_or(line.len() - key_start);
    let key = &line[key_start..key_end];
    let after = line.get(key_end + 1..).unwrap_or(&[]);
    let value_start = after.iter().position(|&b| b != b' ').unwrap_or(after.len());
    let value = &after[value_start..];
    let value = &value[..value.iter().position(|&b| b == b' ').unwrap_or(value.len())];
    if key.is_empty() || value.is_empty() {
        return Err(LineProblem::EmptyKeyOrValue);
    }
    Ok(Some((key, value)))
}

impl Pathfile {
    /// The value of `key` after variable expansion; empty when the key is absent.
    pub fn get(&self, key: &[u8]) -> Resolved {
        match self.resolved.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => value.clone(),
            None => self.expand_key(key),
        }
    }

    fn expand_key(&self, key: &[u8]) -> Result<Vec<u8>, Cycle> {
        match self.entries.get(key) {
            Some(raw) => self.expand(raw.clone()),
            None => Ok(Vec::new()),
        }
    }

    /// The legacy `getpath`: leading `NAME!` segments naming keys are replaced by
    /// their values, then each `!` either introduces another key's value or is
    /// deleted. A value without any `!` loses its first character (legacy bug,
    /// visible when a space cuts the value before its closing `!`).
    fn expand(&self, mut buf: Vec<u8>) -> Result<Vec<u8>, Cycle> {
        let mut budget = MAX_SUBSTITUTIONS;
        let mut work = 0usize;
        let mut spend = |buf: &Vec<u8>, substitution: bool| {
            if substitution {
                budget = budget.checked_sub(1).ok_or(Cycle)?;
            }
            work += buf.len();
            if buf.len() > MAX_VALUE_LEN || work > MAX_WORK {
                Err(Cycle)
            } else {
                Ok(())
            }
        };
        loop {
            let start = buf.iter().position(|&b| b != b'!').unwrap_or(buf.len());
            let end = token_end(&buf, start);
            match self.variable(&buf[start..end]) {
                Some(value) => {
                    buf.splice(start..(end + 1).min(buf.len()), value.iter().copied());
                    spend(&buf, true)?;
                }
                None => break,
            }
        }
        let Some(mut pos) = buf.iter().position(|&b| b == b'!') else {
            if !buf.is_empty() {
                buf.remove(0);
            }
            return Ok(buf);
        };
        while let Some(bang) = buf[pos..].iter().position(|&b| b == b'!').map(|i| pos + i) {
            let end = token_end(&buf, bang + 1);
            match self.variable(&buf[bang + 1..end]) {
                Some(value) => {
                    buf.splice(bang + 1..(end + 1).min(buf.len()), value.iter().copied());
                    spend(&buf, true)?;
                }
                None => {
                    buf.remove(bang);
                    // A deletion is no substitution, but it costs a shift too.
                    spend(&buf, false)?;
                }
            }
            pos = bang;
        }
        Ok(buf)
    }

    /// The raw value of the key named `token`, if any.
    fn variable(&self, token: &[u8]) -> Option<&Vec<u8>> {
        if token.is_empty() {
            None
        } else {
            self.entries.get(token)
        }
    }
}

fn token_end(buf: &[u8], start: usize) -> usize {
    let start = start.min(buf.len());
    start + buf[start..].iter().position(|&b| b == b'!').unwrap_or(buf.len() - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(file: &str, key: &str) -> Result<Vec<u8>, Cycle> {
        parse(file.as_bytes()).unwrap().get(key.as_bytes())
    }

    #[test]
    fn plain_values_and_variables() {
        assert_eq!(value("D_LOGO!/sogen/logo/!\n", "D_LOGO").unwrap(), b"/sogen/logo/");
        assert_eq!(value("D_LOGO!/a!b/!\n", "D_LOGO").unwrap(), b"/ab/");
        assert_eq!(value("D_LOGO!/sogen/ logo/!\n", "D_LOGO").unwrap(), b"sogen/");
        assert_eq!(value("D_LOGO!a b c!\n", "D_LOGO").unwrap(), b"");
        assert_eq!(value("D_LOGO!  x!\n", "D_LOGO").unwrap(), b"x");
        assert_eq!(value("D_LOGO!/a!bc d!\n", "D_LOGO").unwrap(), b"/abc");
        assert_eq!(value("D_LOGO!!!/x/!\n", "D_LOGO").unwrap(), b"/x/");
        assert_eq!(value("D_LOGO!a!!b!\n", "D_LOGO").unwrap(), b"ab");
        assert_eq!(value("D_LOGO!\t/x/!\n", "D_LOGO").unwrap(), b"\t/x/");
        assert_eq!(value("F_PARAM!ROOT!/parmcom!\nROOT!/var/x!\n", "F_PARAM").unwrap(), b"/var/x/parmcom");
        assert_eq!(value("D_LOGO!/x/!LG!/!\nLG!logo!\n", "D_LOGO").unwrap(), b"/x/logo/");
        assert_eq!(value("D_LOGO!/a/!\nD_LOGO!/b/!\n", "D_LOGO").unwrap(), b"/a/");
        assert_eq!(value("D_LOGO!/a/!\n", "F_CTYPE").unwrap(), b"");
    }

    #[test]
    fn self_reference_is_an_error_not_a_hang() {
        assert_eq!(value("A!A!\n", "A"), Err(Cycle));
        assert_eq!(value("D_LOGO!A!\nA!B!\nB!A!\n", "D_LOGO"), Err(Cycle));
        assert_eq!(value("D_LOGO!x!A!\nA!!A!\n", "D_LOGO"), Err(Cycle));
        // A cycle in a key nobody looks up is harmless.
        assert!(parse(b"A!A!\nD_LOGO!/x/!\n").unwrap().get(b"D_LOGO").is_ok());
    }

    #[test]
    fn malformed_lines() {
        let err = |f: &str| parse(f.as_bytes()).unwrap_err();
        assert_eq!(err("D_LOGO!/x/!\nGARBAGE\n"), SeparatorError { line: 2, problem: LineProblem::BangMissing });
        assert_eq!(err("# c\nFOO!bar\n"), SeparatorError { line: 2, problem: LineProblem::EmptyKeyOrValue });
        assert_eq!(err("!!!\n"), SeparatorError { line: 1, problem: LineProblem::EmptyKeyOrValue });
        // Short lines, comments and blank lines are skipped but counted.
        assert!(parse(b"x\n\t\n\n#a\n").is_ok());
        let long = format!("D_LOGO!/x/!\nD_LONG!{}!\n", "x".repeat(249));
        assert_eq!(parse(long.as_bytes()).unwrap_err().line, 2);
        let fits = format!("D_LOGO!/x/!\nD_LONG!{}!\n", "x".repeat(247));
        assert!(parse(fits.as_bytes()).is_ok());
    }
}
