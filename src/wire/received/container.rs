//! The NLV container as the legacy `response` walked it (docs/wire-format.md
//! §8.3): every number read with `sscanf("%<width>d")`, a number that does
//! not convert leaving the variable with what the previous read at the same
//! place stored, each value ended by a NUL written after the record is
//! registered, and the values read once the walk is over (so a later NUL can
//! shorten an earlier value). Which certificate a damaged message names, and
//! so the error text, depends on all of it.
//!
//! Where the legacy read or wrote outside its buffer, or never stopped, the
//! container is [`Undecodable`] (docs/compatibility.md, divergence 2).

use super::Undecodable;
use crate::clib::is_c_space;
use std::cell::OnceCell;

/// The legacy buffer: the plain text up to its first NUL, then zeros.
const BUFFER: usize = 0x2a00;
/// Where the first record starts (after version, alphabet, total, widths, count).
const FIRST_RECORD: i64 = 13;
/// The highest code the legacy's offset table held.
const MAX_CODE: i32 = 500;
/// Steps of the walk after which a container is refused: a record that does
/// not move forward made the legacy loop for ever.
const MAX_STEPS: usize = 4 * BUFFER;
/// Significant digits beyond which `strtol` saturates.
const MAX_DIGITS: usize = 19;

/// The legacy buffer with the NULs the walk writes. A read scans its run of
/// white space, digits or zeros byte by byte up to [`SHORT_RUN`] bytes; a
/// longer run is looked up in tables built on first need, so that a read
/// costs the same however long the run it starts in (a damaged message may
/// hold thousands) while a well-formed message never builds them.
struct Buffer {
    /// The plain text up to its first NUL; zeros follow it.
    bytes: Vec<u8>,
    /// Where the NULs written inside `bytes` are: one bit per byte, so that
    /// finding the first one in a range costs a word per 64 bytes.
    nuls: Vec<u64>,
    runs: OnceCell<RunTables>,
}

/// Bytes a read scans before it looks its run up in the tables.
const SHORT_RUN: usize = 24;

/// The kinds of run a read skips or takes.
#[derive(Clone, Copy)]
enum Run {
    Space,
    Digit,
    Zero,
}

impl Run {
    fn holds(self, b: u8) -> bool {
        match self {
            Run::Space => is_c_space(b),
            Run::Digit => b.is_ascii_digit(),
            Run::Zero => b == b'0',
        }
    }
}

/// For each index and kind of run, the first index at or after it whose byte
/// is not in the run.
struct RunTables {
    space: Vec<u16>,
    digit: Vec<u16>,
    zero: Vec<u16>,
}

impl RunTables {
    fn new(bytes: &[u8]) -> RunTables {
        let ends = |run: Run| {
            let mut ends = vec![bytes.len() as u16; bytes.len() + 1];
            for i in (0..bytes.len()).rev() {
                ends[i] = if run.holds(bytes[i]) { ends[i + 1] } else { i as u16 };
            }
            ends
        };
        RunTables { space: ends(Run::Space), digit: ends(Run::Digit), zero: ends(Run::Zero) }
    }

    fn end(&self, run: Run, i: usize) -> usize {
        let table = match run {
            Run::Space => &self.space,
            Run::Digit => &self.digit,
            Run::Zero => &self.zero,
        };
        usize::from(table[i])
    }
}

impl Buffer {
    fn new(mut plain: Vec<u8>) -> Result<Buffer, Undecodable> {
        let len = crate::clib::cut_at_nul(&plain).len();
        // A longer text overflowed the legacy buffer.
        if len > BUFFER {
            return Err(Undecodable);
        }
        plain.truncate(len);
        Ok(Buffer { nuls: vec![0; len / 64 + 1], bytes: plain, runs: OnceCell::new() })
    }

    /// The first written NUL in `a..b` (within the text).
    fn first_nul_in(&self, a: usize, b: usize) -> Option<usize> {
        let b = b.min(self.bytes.len());
        if a >= b {
            return None;
        }
        let mut w = a / 64;
        let mut word = self.nuls[w] & (!0u64 << (a % 64));
        loop {
            if word != 0 {
                let i = w * 64 + word.trailing_zeros() as usize;
                return (i < b).then_some(i);
            }
            w += 1;
            if w * 64 >= b {
                return None;
            }
            word = self.nuls[w];
        }
    }

    /// Whether `i` is past the text or holds a written NUL.
    fn ends_at(&self, i: usize) -> bool {
        i >= self.bytes.len() || self.nuls[i / 64] & (1 << (i % 64)) != 0
    }

    /// The first NUL at or after `i`.
    fn nul_from(&self, i: usize) -> usize {
        self.first_nul_in(i, self.bytes.len()).unwrap_or(self.bytes.len().max(i))
    }

    /// The end of the `run` that starts at `i`, at most `cap` bytes long,
    /// cut by a NUL.
    fn run_end(&self, run: Run, i: usize, cap: usize) -> usize {
        let len = self.bytes.len();
        if i >= len {
            return i;
        }
        let limit = i.saturating_add(cap).min(len);
        let scanned = limit.min(i + SHORT_RUN);
        let mut end = i + self.bytes[i..scanned].iter().take_while(|&&b| run.holds(b)).count();
        if end == scanned && scanned < limit {
            end = self.runs.get_or_init(|| RunTables::new(&self.bytes)).end(run, i).min(limit);
        }
        self.first_nul_in(i, end).unwrap_or(end)
    }

    fn write_nul(&mut self, at: i64) -> Result<(), Undecodable> {
        let at = usize::try_from(at).ok().filter(|&a| a < BUFFER).ok_or(Undecodable)?;
        if at < self.bytes.len() {
            self.nuls[at / 64] |= 1 << (at % 64);
        }
        Ok(())
    }

    /// `sscanf(buffer + pos, "%<width>d")` (width 0: no limit): white space
    /// skipped, a sign counting in the width, then digits; the number as
    /// `strtol` gives it, stored in an `int`. `None` when no digit is read.
    fn scan(&self, pos: i64, width: i32) -> Result<Option<i32>, Undecodable> {
        let pos = usize::try_from(pos).ok().filter(|&p| p < BUFFER).ok_or(Undecodable)?;
        if let Some(value) = self.plain_digits(pos, width) {
            return Ok(Some(value));
        }
        let start = self.run_end(Run::Space, pos, usize::MAX);
        // No NUL before `start` (the run stops at one): is there one at it?
        if self.ends_at(start) {
            return Ok(None);
        }
        let signed = matches!(self.bytes[start], b'-' | b'+');
        let digits = start + usize::from(signed);
        let room = if width > 0 { width as usize - usize::from(signed) } else { usize::MAX };
        let end = self.run_end(Run::Digit, digits, room);
        if end <= digits {
            return Ok(None);
        }
        let magnitude = self.magnitude(digits, end);
        let value = if self.bytes[start] == b'-' {
            (-magnitude).max(i64::MIN as i128)
        } else {
            magnitude.min(i64::MAX as i128)
        };
        // strtol's long, stored in an int: its low 32 bits.
        Ok(Some(value as i64 as i32))
    }

    /// The common case of [`Buffer::scan`]: `width` (1–9) digits at `pos`
    /// and no NUL among them read as themselves.
    fn plain_digits(&self, pos: usize, width: i32) -> Option<i32> {
        let width = usize::try_from(width).ok().filter(|w| (1..=9).contains(w))?;
        let field = self.bytes.get(pos..pos + width)?;
        if !field.iter().all(u8::is_ascii_digit) || self.first_nul_in(pos, pos + width).is_some() {
            return None;
        }
        Some(field.iter().fold(0, |n, d| n * 10 + i32::from(d - b'0')))
    }

    /// The digits `start..end` as a number, any number beyond `strtol`'s range
    /// standing for all of them.
    fn magnitude(&self, start: usize, end: usize) -> i128 {
        let significant = self.run_end(Run::Zero, start, end - start);
        if end - significant > MAX_DIGITS {
            return i128::MAX;
        }
        self.bytes[significant..end].iter().fold(0i128, |n, d| n * 10 + i128::from(d - b'0'))
    }

    /// The C string at `start` (empty in the zeros after the text).
    fn c_string(&self, start: usize) -> &[u8] {
        let end = self.nul_from(start);
        self.bytes.get(start..end).unwrap_or_default()
    }
}

/// A walked container: where each code's value starts, the last record of a
/// code winning, in container order.
pub struct Container {
    buffer: Buffer,
    values: Vec<(usize, u32)>,
}

impl Container {
    /// The codes and their values (C strings), in container order.
    pub fn records(&self) -> impl Iterator<Item = (u32, &[u8])> + '_ {
        self.values.iter().map(|&(start, code)| (code, self.buffer.c_string(start)))
    }
}

/// The widths of a record's code and length fields and the container's total.
#[derive(Clone, Copy)]
struct Layout {
    lg_id: i32,
    lg_lg: i32,
    total: i64,
}

/// The header, read in the legacy's order, a field that does not convert
/// taking the previous read's value. `None` when the code width does not
/// convert: the legacy then had a stack address as width and found no
/// record (or crashed).
fn layout(buffer: &Buffer) -> Result<Option<Layout>, Undecodable> {
    let Some(lg_id) = buffer.scan(8, 1)? else { return Ok(None) };
    let lg_lg = buffer.scan(9, 1)?.unwrap_or(lg_id);
    let total = buffer.scan(2, 6)?.unwrap_or(lg_lg);
    Ok(Some(Layout { lg_id, lg_lg, total: i64::from(total) }))
}

/// Walks the container of a received message (see the module comment).
pub fn walk(plain: Vec<u8>) -> Result<Container, Undecodable> {
    let mut buffer = Buffer::new(plain)?;
    let Some(layout) = layout(&buffer)? else { return Ok(Container { buffer, values: Vec::new() }) };
    // Records start inside the buffer (a read outside it is refused), so
    // their offsets fit 16 bits.
    let mut offsets = [0u16; MAX_CODE as usize + 1];
    // The codes in the order first seen: the values are then listed without
    // going through all 501 slots.
    let mut codes = Vec::with_capacity(64);
    let mut seen = [0u64; (MAX_CODE as usize).div_ceil(64) + 1];
    let mut walker = Walker { layout, p: FIRST_RECORD, stale: 0, steps: 0 };
    while let Some((record, read)) = walker.next_record(&buffer)? {
        // The record is read again by other code, whose stale value for a
        // code that does not convert was a stack address (it crashed). The
        // buffer has not changed since the walker's reads: where both
        // converted, reading again gives the same numbers.
        let (code, length) = match read {
            (Some(code), Some(length)) => (code, length),
            _ => {
                let code = buffer.scan(record, layout.lg_id)?.ok_or(Undecodable)?;
                (code, buffer.scan(record + i64::from(layout.lg_id), layout.lg_lg)?.unwrap_or(code))
            }
        };
        buffer.write_nul(record + i64::from(layout.lg_id) + i64::from(layout.lg_lg) + i64::from(length))?;
        // Codes outside the table (negative, over 500) are ignored.
        if let Some(slot) = usize::try_from(code).ok().and_then(|c| offsets.get_mut(c)) {
            let (word, bit) = (code as usize / 64, 1u64 << (code % 64));
            if seen[word] & bit == 0 {
                seen[word] |= bit;
                codes.push(code as u32);
            }
            *slot = u16::try_from(record).map_err(|_| Undecodable)?;
        }
    }
    let value_at = i64::from(layout.lg_id) + i64::from(layout.lg_lg);
    let mut values = Vec::with_capacity(codes.len());
    for code in codes {
        let record = offsets[code as usize];
        // An offset of 0 meant "absent" to the legacy.
        if record == 0 {
            continue;
        }
        let start = usize::try_from(i64::from(record) + value_at).ok().filter(|&s| s < BUFFER).ok_or(Undecodable)?;
        values.push((start, code));
    }
    // In container order; usually already so (each code once, in order).
    if !values.is_sorted() {
        values.sort_unstable();
    }
    Ok(Container { buffer, values })
}

/// What a record's code and length fields read (`None`: no conversion).
type Scanned = (Option<i32>, Option<i32>);

/// The legacy's record iterator, with its own stale value (0 at first).
struct Walker {
    layout: Layout,
    p: i64,
    stale: i32,
    steps: usize,
}

impl Walker {
    /// The next record with a non-zero code (code 0 is skipped), if any
    /// starts before the total, with what its code and length fields read.
    fn next_record(&mut self, buffer: &Buffer) -> Result<Option<(i64, Scanned)>, Undecodable> {
        let Layout { lg_id, lg_lg, total } = self.layout;
        while self.p < total {
            self.steps += 1;
            if self.steps > MAX_STEPS {
                return Err(Undecodable);
            }
            let record = self.p;
            let read_code = buffer.scan(record, lg_id)?;
            self.stale = read_code.unwrap_or(self.stale);
            let code = self.stale;
            let read_length = buffer.scan(record + i64::from(lg_id), lg_lg)?;
            self.stale = read_length.unwrap_or(self.stale);
            self.p = record + i64::from(lg_id) + i64::from(lg_lg) + i64::from(self.stale) + 1;
            if self.p < 0 {
                return Err(Undecodable);
            }
            if code != 0 {
                return Ok(Some((record, (read_code, read_length))));
            }
        }
        Ok(None)
    }
}
