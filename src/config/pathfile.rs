//! The pathfile: `KEY!value!` lines naming the other configuration files
//! (docs/behaviour.md §4), with the legacy's undocumented `!`-variables.

use crate::clib::fgets_lines;
use super::Fnv1a;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// The legacy read the pathfile with a 256-byte `fgets` buffer: a longer
/// physical line is read as several lines, and line numbers count those.
const LINE_BUFFER: usize = 256;

/// Expansion budget: a variable that refers to itself (directly or not)
/// would loop forever in the legacy code; here it is an error. Each step
/// removes a `!` or replaces a key: a real pathfile's values take tens, but
/// keys naming keys form trees the legacy expands in its 255-byte buffers
/// (four levels of ten: 11,111 steps), so the budget stays far above.
const MAX_STEPS: usize = 100_000;
/// The longest expanded value: four times the legacy's 255-byte buffers,
/// beyond any real path or logo prefix. A value that keeps growing without
/// repeating (a key whose value names it again) stops here, and the time
/// an expansion takes grows with the square of this length.
const MAX_VALUE_LEN: usize = 1024;
/// Work budget of one expansion, in bytes: each edit is charged the length of
/// the value (the scan before it and the shift after it). Without it a 2 KB
/// pathfile whose variables expand to a megabyte of `!` took seconds
/// (quadratic deletions). The legacy tree of 11,111 steps needs under
/// 1 MiB; 4 MiB keeps a margin and holds the slowest hostile pathfile to a
/// few milliseconds.
const MAX_WORK: usize = 4 << 20;

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
    /// Raw stored values; the first definition of a key wins. (The keys are
    /// the server's own file: FNV-1a, no need of a keyed hash.)
    entries: HashMap<Vec<u8>, Vec<u8>, BuildHasherDefault<Fnv1a>>,
    resolved: Vec<(&'static [u8], Resolved)>,
}

/// Parses the whole file; the first malformed line is the result.
pub fn parse(content: &[u8]) -> Result<Pathfile, SeparatorError> {
    let mut entries: HashMap<Vec<u8>, Vec<u8>, BuildHasherDefault<Fnv1a>> = HashMap::default();
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

    /// The legacy `getpath`, step for step. First, while the value starts
    /// with a token naming a key (leading `!`s skipped), that token and the
    /// `!` after it are replaced by the key's stored value. Then, repeatedly,
    /// the token after the first run of `!`s is looked up: a key is replaced
    /// by its value after the first `!` (which stays, to be looked at again),
    /// anything else deletes that first `!`; a value without `!` loses its
    /// first byte. The loop ends when the token reached the end of the value
    /// before the step. In effect every run of `!` disappears but the last,
    /// which loses one `!` (`a!!` → `a!`). A token at the very end is kept
    /// after its key's value (the legacy's scratch buffer still held it).
    fn expand(&self, raw: Vec<u8>) -> Result<Vec<u8>, Cycle> {
        let mut g = raw;
        let mut meter = Meter::default();
        meter.start(&g);
        loop {
            let (start, end) = word(&g, 0);
            let Some(value) = self.variable(&g[start..end]) else { break };
            substitute(&mut g, 0, (start, end), value);
            meter.spend(&g)?;
        }
        meter.start(&g);
        loop {
            let p = g.iter().position(|&b| b == b'!').map_or(0, |first| first + 1);
            let (start, end) = word(&g, p);
            match self.variable(&g[start..end]) {
                Some(value) => substitute(&mut g, p, (start, end), value),
                None if p > 0 => drop(g.remove(p - 1)),
                None if !g.is_empty() => drop(g.remove(0)),
                None => {}
            }
            // The loop's end is checked first: a value that stops changing
            // there is the answer, not a cycle.
            if end > g.len() || g.is_empty() {
                return Ok(g);
            }
            meter.spend(&g)?;
        }
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

/// `g[..at]`, then `value`, then what followed the token and its `!` — or,
/// for a token at the very end, the token itself (the legacy's scratch
/// buffer still held it). In place: a step costs no allocation.
fn substitute(g: &mut Vec<u8>, at: usize, (start, end): (usize, usize), value: &[u8]) {
    let replaced = if end < g.len() { at..end + 1 } else { at..start };
    g.splice(replaced, value.iter().copied());
}

/// The legacy `pos_mot`: from `i`, skip `!`s; the token runs to the next
/// `!` or the end. Returns where it starts and ends.
fn word(g: &[u8], i: usize) -> (usize, usize) {
    let start = i + g.get(i..).unwrap_or_default().iter().take_while(|&&b| b == b'!').count();
    let start = start.min(g.len());
    let end = start + g[start..].iter().position(|&b| b == b'!').unwrap_or(g.len() - start);
    (start, end)
}

/// The work budget of one expansion: the legacy looped forever on a value
/// that keeps naming keys; here it is refused as a cycle. Each step is a
/// function of the value alone, so a value seen before means a loop: the
/// value is compared with one saved at intervals that double (after steps
/// 1, 3, 7, 15…: Brent's method), which finds a loop within a few times its
/// period plus the steps that led into it.
#[derive(Default)]
struct Meter {
    steps: usize,
    work: usize,
    saved: Vec<u8>,
    since_saved: usize,
    period_bound: usize,
}

impl Meter {
    /// Starts watching the values of one loop of `getpath` from `g`.
    fn start(&mut self, g: &[u8]) {
        self.save(g);
        self.period_bound = 1;
    }

    fn save(&mut self, g: &[u8]) {
        self.saved.clear();
        self.saved.extend_from_slice(g);
        self.since_saved = 0;
    }

    fn spend(&mut self, g: &[u8]) -> Result<(), Cycle> {
        self.steps += 1;
        self.work += g.len();
        if self.steps > MAX_STEPS || g.len() > MAX_VALUE_LEN || self.work > MAX_WORK || g == self.saved {
            return Err(Cycle);
        }
        self.since_saved += 1;
        if self.since_saved == self.period_bound {
            self.save(g);
            self.period_bound = self.period_bound.saturating_mul(2);
        }
        Ok(())
    }
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
        // Runs of `!` in the stored value (which keeps its final `!`): all
        // deleted but the last, which loses one.
        for (stored, want) in [("a!!", "a!"), ("!!", "!"), ("a!b!!", "ab!"), ("a!!!!b!", "ab"), ("!!x!!y!!!!", "xy!!!")]
        {
            let file = format!("D_LOGO!{stored}\n");
            assert_eq!(value(&file, "D_LOGO").unwrap(), want.as_bytes(), "{stored}");
        }
        assert_eq!(value("F_DEFAULT!!!\n", "F_DEFAULT").unwrap(), b"!");
        assert_eq!(value("F_CTYPE!php!!\n", "F_CTYPE").unwrap(), b"php!");
        assert_eq!(value("D_LOGO!a!!b c!\n", "D_LOGO").unwrap(), b"a!b");
        // Keys inside values; a key name at the very end comes back after its value.
        assert_eq!(value("D_LOGO!/x/!LG!!\nLG!logo!\n", "D_LOGO").unwrap(), b"/x/logo!");
        assert_eq!(value("D_LOGO!/x/!!LG!\nLG!logo!\n", "D_LOGO").unwrap(), b"/x/logo");
        assert_eq!(value("D_LOGO!LG!!/x/!\nLG!logo!\n", "D_LOGO").unwrap(), b"logo/x/");
        assert_eq!(value("D_LOGO!V!!/x!!!\nV!/v!!\n", "D_LOGO").unwrap(), b"/v/x!!");
        assert_eq!(value("D_LOGO!/x/!LG !\nLG!logo !\n", "D_LOGO").unwrap(), b"/x/logoLG");
        assert_eq!(value("D_LOGO!LG!!\nLG!/logo/!!\n", "D_LOGO").unwrap(), b"/logo/!!");
        assert_eq!(value("D_LOGO!\t/x/!\n", "D_LOGO").unwrap(), b"\t/x/");
        assert_eq!(value("F_PARAM!ROOT!/parmcom!\nROOT!/var/x!\n", "F_PARAM").unwrap(), b"/var/x/parmcom");
        assert_eq!(value("D_LOGO!/x/!LG!/!\nLG!logo!\n", "D_LOGO").unwrap(), b"/x/logo/");
        assert_eq!(value("D_LOGO!/a/!\nD_LOGO!/b/!\n", "D_LOGO").unwrap(), b"/a/");
        assert_eq!(value("D_LOGO!/a/!\n", "F_CTYPE").unwrap(), b"");
    }

    #[test]
    fn self_reference_is_an_error_not_a_hang() {
        assert_eq!(value("A!A!\n", "A"), Err(Cycle));
        // Naming itself does not always loop.
        let text = "D_LOGO!A!D_LOGO  !\nA! XD_LOGOBa!\n";
        assert_eq!(value(text, "D_LOGO").unwrap(), b"XD_LOGOBaXD_LOGOBaD_LOGOD_LOGO");
        assert_eq!(value("D_LOGO!A!\nA!B!\nB!A!\n", "D_LOGO"), Err(Cycle));
        assert_eq!(value("D_LOGO!x!A!\nA!!A!\n", "D_LOGO"), Err(Cycle));
        // A cycle in a key nobody looks up is harmless.
        assert!(parse(b"A!A!\nD_LOGO!/x/!\n").unwrap().get(b"D_LOGO").is_ok());
    }

    #[test]
    fn values_are_bounded() {
        // Each line doubles the value: from 240 bytes, 960 after 2 levels;
        // the third is longer than any path.
        let mut file = format!("D_LOGO!L15!\nL0!{}!\n", "x".repeat(240));
        for level in 1..=15 {
            file += &format!("L{level}!L{}!L{}!\n", level - 1, level - 1);
        }
        let at = |level: u32| value(&file.replace("D_LOGO!L15!", &format!("D_LOGO!L{level}!")), "D_LOGO");
        assert_eq!(at(2).unwrap().len(), 240 << 2);
        assert_eq!(at(3), Err(Cycle));
        assert_eq!(at(15), Err(Cycle));
        // A value that grows by naming itself (found by fuzzing: bounded).
        let grows = b"D_LOG\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffO!A!D_LOGO  !\nA! XD_LOGOCa!*A!A!\n";
        let parsed = parse(grows).unwrap();
        for key in KNOWN_KEYS {
            assert!(parsed.get(key).map_or(0, |v| v.len()) <= MAX_VALUE_LEN);
        }
    }

    #[test]
    fn a_tree_of_keys_expands_as_the_legacy_expanded_it() {
        // 11,111 steps, each value short: the legacy P615 executable answers
        // `Error reading default parameters definition (/p/parmcom.x!!!)`.
        let mut file = String::from("K0!!!\nF_DEFAULT!/p/parmcom.x!K4!\n");
        for level in 1..=4 {
            file += &format!("K{level}!{}\n", format!("K{}!", level - 1).repeat(10));
        }
        assert_eq!(value(&file, "F_DEFAULT").unwrap(), b"/p/parmcom.x!!!");
    }

    #[test]
    fn a_loop_of_any_period_is_found_by_comparison_not_by_a_budget() {
        for period in 1..=50usize {
            let values: Vec<Vec<u8>> = (0..period).map(|i| format!("K{i}!").into_bytes()).collect();
            let mut meter = Meter::default();
            meter.start(&values[0]);
            let found = (1..).find(|&step| meter.spend(&values[step % period]).is_err()).unwrap();
            assert!(found <= 3 * period, "period {period}: found after {found} steps");
        }
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
