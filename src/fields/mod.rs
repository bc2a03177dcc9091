//! The two field tables — the request fields and the response values — in one
//! shape, [`FieldDef`], and the language codes both sides convert.
//!
//! A table says what a field *is* (its name, NLV code, maximum, parmcom
//! keyword, DEBUG label). The orders in which a kit version reads, checks,
//! serialises and shows the fields are data of that version (`crate::version`).

pub mod language;
mod request;
mod response;

pub use request::{Field, Record, FIELDS, FIELD_COUNT};
#[cfg(test)]
pub use response::SLOT_COUNT;
pub use response::{Slot, Values, CIPHERED_FLAG_CODE, COMPLEMENT_CODE, SLOTS};

/// What the legacy knows about one field of a table.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef<Id: 'static> {
    pub id: Id,
    /// Its name in error details (`<name> (<value>) too long`) and in JSON.
    pub name: &'static str,
    /// NLV record code; `None` for request fields that only shape the HTML form.
    pub code: Option<u32>,
    /// Longest accepted value; `None` where the legacy never checked.
    pub max: Option<usize>,
    /// Keyword in the parmcom files, for request fields that can come from there.
    pub parmcom: Option<&'static str>,
    /// Label of its DEBUG row, if it has one.
    pub debug: Option<&'static str>,
}

impl<Id> FieldDef<Id> {
    /// The maximum, or "unbounded" for the fields the legacy never checked.
    pub fn limit(&self) -> usize {
        self.max.unwrap_or(usize::MAX)
    }
}

/// A table entry; `const` so the tables stay static data.
pub(crate) const fn def<Id>(
    id: Id,
    name: &'static str,
    code: Option<u32>,
    max: Option<usize>,
    parmcom: Option<&'static str>,
    debug: Option<&'static str>,
) -> FieldDef<Id> {
    FieldDef { id, name, code, max, parmcom, debug }
}
