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
use std::collections::BTreeSet;

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

/// The legacy buffer with the NULs the walk writes. Runs of white space,
/// digits and zeros are indexed once, so that a read costs the same however
/// long the run it starts in (a damaged message may hold thousands).
struct Buffer {
    /// The plain text up to its first NUL; zeros follow it.
    bytes: Vec<u8>,
    /// Where the NULs written inside `bytes` are.
    nuls: BTreeSet<usize>,
    space_end: Vec<u16>,
    digit_end: Vec<u16>,
    zero_end: Vec<u16>,
}

/// For each index, the first index at or after it whose byte is not `in_run`.
fn run_ends(bytes: &[u8], in_run: impl Fn(u8) -> bool) -> Vec<u16> {
    let mut ends = vec![bytes.len() as u16; bytes.len() + 1];
    for i in (0..bytes.len()).rev() {
        ends[i] = if in_run(bytes[i]) { ends[i + 1] } else { i as u16 };
    }
    ends
}

impl Buffer {
    fn new(plain: &[u8]) -> Result<Buffer, Undecodable> {
        let bytes = &plain[..plain.iter().position(|&b| b == 0).unwrap_or(plain.len())];
        // A longer text overflowed the legacy buffer.
        if bytes.len() > BUFFER {
            return Err(Undecodable);
        }
        Ok(Buffer {
            space_end: run_ends(bytes, is_c_space),
            digit_end: run_ends(bytes, |b| b.is_ascii_digit()),
            zero_end: run_ends(bytes, |b| b == b'0'),
            bytes: bytes.to_vec(),
            nuls: BTreeSet::new(),
        })
    }

    /// The first NUL at or after `i`.
    fn nul_from(&self, i: usize) -> usize {
        let written = self.nuls.range(i..).next().copied().unwrap_or(usize::MAX);
        written.min(self.bytes.len().max(i))
    }

    /// The end of the run `ends` indexes that starts at `i`, cut by a NUL.
    fn run_end(&self, ends: &[u16], i: usize) -> usize {
        ends.get(i).map_or(i, |&e| usize::from(e)).min(self.nul_from(i))
    }

    fn write_nul(&mut self, at: i64) -> Result<(), Undecodable> {
        let at = usize::try_from(at).ok().filter(|&a| a < BUFFER).ok_or(Undecodable)?;
        if at < self.bytes.len() {
            self.nuls.insert(at);
        }
        Ok(())
    }

    /// `sscanf(buffer + pos, "%<width>d")` (width 0: no limit): white space
    /// skipped, a sign counting in the width, then digits; the number as
    /// `strtol` gives it, stored in an `int`. `None` when no digit is read.
    fn scan(&self, pos: i64, width: i32) -> Result<Option<i32>, Undecodable> {
        let pos = usize::try_from(pos).ok().filter(|&p| p < BUFFER).ok_or(Undecodable)?;
        let start = self.run_end(&self.space_end, pos);
        if start >= self.nul_from(pos) {
            return Ok(None);
        }
        let signed = matches!(self.bytes[start], b'-' | b'+');
        let digits = start + usize::from(signed);
        let room = if width > 0 { width as usize - usize::from(signed) } else { usize::MAX };
        let end = self.run_end(&self.digit_end, digits).min(digits.saturating_add(room));
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

    /// The digits `start..end` as a number, any number beyond `strtol`'s range
    /// standing for all of them.
    fn magnitude(&self, start: usize, end: usize) -> i128 {
        let significant = self.run_end(&self.zero_end, start).min(end);
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
pub fn walk(plain: &[u8]) -> Result<Container, Undecodable> {
    let mut buffer = Buffer::new(plain)?;
    let Some(layout) = layout(&buffer)? else { return Ok(Container { buffer, values: Vec::new() }) };
    let mut offsets = [0i64; MAX_CODE as usize + 1];
    let mut walker = Walker { layout, p: FIRST_RECORD, stale: 0, steps: 0 };
    while let Some(record) = walker.next_record(&buffer)? {
        // The record is read again by other code, whose stale value for a
        // code that does not convert was a stack address (it crashed).
        let code = buffer.scan(record, layout.lg_id)?.ok_or(Undecodable)?;
        let length = buffer.scan(record + i64::from(layout.lg_id), layout.lg_lg)?.unwrap_or(code);
        buffer.write_nul(record + i64::from(layout.lg_id) + i64::from(layout.lg_lg) + i64::from(length))?;
        // Codes outside the table (negative, over 500) are ignored.
        if let Some(slot) = usize::try_from(code).ok().and_then(|c| offsets.get_mut(c)) {
            *slot = record;
        }
    }
    let value_at = i64::from(layout.lg_id) + i64::from(layout.lg_lg);
    let mut values = Vec::new();
    // An offset of 0 meant "absent" to the legacy.
    for (code, &record) in offsets.iter().enumerate().filter(|(_, &r)| r != 0) {
        let start = usize::try_from(record + value_at).ok().filter(|&s| s < BUFFER).ok_or(Undecodable)?;
        values.push((start, code as u32));
    }
    values.sort_unstable();
    Ok(Container { buffer, values })
}

/// The legacy's record iterator, with its own stale value (0 at first).
struct Walker {
    layout: Layout,
    p: i64,
    stale: i32,
    steps: usize,
}

impl Walker {
    /// The next record with a non-zero code (code 0 is skipped), if any
    /// starts before the total.
    fn next_record(&mut self, buffer: &Buffer) -> Result<Option<i64>, Undecodable> {
        let Layout { lg_id, lg_lg, total } = self.layout;
        while self.p < total {
            self.steps += 1;
            if self.steps > MAX_STEPS {
                return Err(Undecodable);
            }
            let record = self.p;
            self.stale = buffer.scan(record, lg_id)?.unwrap_or(self.stale);
            let code = self.stale;
            self.stale = buffer.scan(record + i64::from(lg_id), lg_lg)?.unwrap_or(self.stale);
            self.p = record + i64::from(lg_id) + i64::from(lg_lg) + i64::from(self.stale) + 1;
            if self.p < 0 {
                return Err(Undecodable);
            }
            if code != 0 {
                return Ok(Some(record));
            }
        }
        Ok(None)
    }
}
