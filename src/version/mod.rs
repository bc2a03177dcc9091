//! Kit versions. The executables were the same for every bank brand; what
//! changed between kit versions (P600 in 2006, P615, P617 in 2016) is the
//! keyword table, a few limits and flags, the DEBUG rows and the response
//! value list. Each version is a [`Profile`] of static data; the pipelines
//! read the profile and never test the version themselves.

mod p600;
mod p615;
mod p617;
mod tables;

use crate::clib::cut_at_nul;
use crate::config::{self, pathfile};
use crate::env::{Environment, API_VERSION_VARIABLE};
use crate::fields::{Field, Slot};

/// The pathfile key naming the kit version (the legacy ignores unknown keys).
pub(crate) const PATHFILE_KEY: &[u8] = b"API_VERSION";

/// The kit version of a call, and what to report if it names no known one.
pub(crate) struct Selected {
    pub profile: &'static Profile,
    /// `unknown API_VERSION P999` (or `… SOGEN_API_VERSION …`): reported as a
    /// pathfile error once the pathfile is read; the call runs as P615 until then.
    pub problem: Option<Vec<u8>>,
}

/// The profile of a call: the pathfile's `API_VERSION`, else the
/// environment's `SOGEN_API_VERSION`, else P615.
pub(crate) fn select<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Selected {
    let (name, source) = match pathfile_version(args) {
        Some(name) => (Some(name), "API_VERSION"),
        None => (env.api_version(), API_VERSION_VARIABLE),
    };
    match name {
        None => Selected { profile: ApiVersion::DEFAULT.profile(), problem: None },
        Some(name) => match ApiVersion::parse(&name) {
            Some(version) => Selected { profile: version.profile(), problem: None },
            None => {
                let problem = [b"unknown ", source.as_bytes(), b" ", &name[..]].concat();
                Selected { profile: ApiVersion::DEFAULT.profile(), problem: Some(problem) }
            }
        },
    }
}

/// The version name the configuration asks for, if any.
pub(crate) fn requested<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Option<Vec<u8>> {
    pathfile_version(args).or_else(|| env.api_version())
}

/// `API_VERSION` of the pathfile the arguments name (the last `pathfile=`
/// wins, as it does for the executables), read through the cache.
fn pathfile_version<A: AsRef<[u8]>>(args: &[A]) -> Option<Vec<u8>> {
    let path = args.iter().rev().find_map(|a| cut_at_nul(a.as_ref()).strip_prefix(b"pathfile="))?;
    let parsed = config::load(config::Kind::Pathfile, path, pathfile::parse).ok()?;
    let value = parsed.as_ref().as_ref().ok()?.get(PATHFILE_KEY).ok()?;
    (!value.is_empty()).then_some(value)
}

/// A kit version, as the pathfile's `API_VERSION!…!` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    P600,
    P615,
    P617,
}

impl ApiVersion {
    /// Every supported version.
    pub const ALL: [ApiVersion; 3] = [ApiVersion::P600, ApiVersion::P615, ApiVersion::P617];

    /// The default when neither the pathfile nor the environment names one.
    pub const DEFAULT: ApiVersion = ApiVersion::P615;

    /// `P615`, as written in record 001 and the DEBUG row.
    pub fn name(self) -> &'static str {
        self.profile().name
    }

    /// The version named `text` exactly (`P615`…).
    pub fn parse(text: &[u8]) -> Option<ApiVersion> {
        ApiVersion::ALL.into_iter().find(|v| v.name().as_bytes() == text)
    }

    pub(crate) fn profile(self) -> &'static Profile {
        match self {
            ApiVersion::P600 => &p600::PROFILE,
            ApiVersion::P615 => &p615::PROFILE,
            ApiVersion::P617 => &p617::PROFILE,
        }
    }
}

/// Where a command-line keyword stores its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Store {
    Pathfile,
    Field(Field),
    /// Accepted and stored nowhere (P617's `customer_birth_country`).
    Nowhere,
}

/// One accepted `keyword=` argument of `request`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keyword {
    pub keyword: &'static str,
    pub store: Store,
    /// Longest accepted value (the whole argument may be `keyword=` + this).
    pub max: usize,
}

pub(crate) const fn kw(keyword: &'static str, field: Field, max: usize) -> Keyword {
    Keyword { keyword, store: Store::Field(field), max }
}

/// Everything a kit version decides.
pub(crate) struct Profile {
    pub name: &'static str,
    pub request: RequestProfile,
    pub response: ResponseProfile,
    /// Whether `F_CTYPE` is a pathfile key: the certificate's extension, its
    /// header checks and records 076–078.
    pub reads_ctype: bool,
    /// Separator errors say `+ `/`- ` first and, for parmcom files, ` 3 attendu, K recu`.
    pub decorated_separators: bool,
    /// The build's `long`: 64 bits (amd64 kits) or 32 (the i386 P600), which
    /// the customer_id key derivation's `atoi` overflows differently.
    pub long_bits: u32,
}

/// Which language codes select the header sentences of the payment page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sentences {
    /// ISO and SIPS codes (`es` and `sp`, `de` and `ge`…).
    IsoAndSips,
    /// SIPS codes only, and two texts of their own (P600).
    SipsOnly,
}

/// What `request` reads, checks and writes.
pub(crate) struct RequestProfile {
    pub max_arguments: usize,
    /// The argument error for more than `max_arguments` (its number is the legacy's).
    pub too_many_arguments: &'static str,
    pub keywords: &'static [Keyword],
    /// Fields a parmcom keyword can set.
    pub parmcom_fields: &'static [Field],
    /// `fgets` buffer of the parmcom reader.
    pub parmcom_line: usize,
    /// `<name> (<value>) too long`, in this order.
    pub length_checks: &'static [Field],
    /// Maxima that differ from the field table's.
    pub max_overrides: &'static [(Field, usize)],
    /// `<name> (<value>) not numeric`, after the legacy's own four (kit additions).
    pub extra_digit_checks: &'static [Field],
    /// Records of DATA, in this order (empty values are skipped).
    pub records: &'static [Field],
    /// Rows of the DEBUG section "Request sent to the Payment Server".
    pub debug_rows: &'static [Field],
    /// `es`/`cs` stored as `sp`/`cz`.
    pub converts_languages: bool,
    pub sentences: Sentences,
}

/// What `response` reads, checks and prints.
pub(crate) struct ResponseProfile {
    /// The printed values, in order.
    pub printed: &'static [Slot],
    /// `Error in the response structure (<detail>)`, in this order.
    pub length_checks: &'static [(Slot, &'static str)],
    /// Maxima that differ from the value table's.
    pub max_overrides: &'static [(Slot, usize)],
    /// Rows of the DEBUG section "Response sent by the Payment Server".
    pub debug_rows: &'static [Slot],
    /// SIPS language codes printed as ISO ones.
    pub converts_languages: bool,
    /// A MAC that fails is tried again with the `.old` certificate.
    pub old_certificate: bool,
    /// The legacy argument buffer: characters of a message beyond it were never read.
    pub message_buffer: usize,
    /// Longer messages fail the MAC step with `message too long` (P600).
    pub longest_message: Option<usize>,
}

impl Profile {
    /// The longest value of `field` the length checks accept.
    pub fn max_of(&self, field: Field) -> usize {
        let overridden = self.request.max_overrides.iter().find(|(f, _)| *f == field);
        overridden.map_or_else(|| field.def().limit(), |(_, max)| *max)
    }

    /// The longest value of response `slot` the checks accept.
    pub fn response_max_of(&self, slot: Slot) -> usize {
        let overridden = self.response.max_overrides.iter().find(|(s, _)| *s == slot);
        overridden.map_or_else(|| slot.def().limit(), |(_, max)| *max)
    }

    /// The keyword whose `keyword=` starts `arg` (keywords hold no `=`, so
    /// it is the text before the first `=`).
    pub fn keyword_of(&self, arg: &[u8]) -> Option<&'static Keyword> {
        let name = &arg[..arg.iter().position(|&b| b == b'=')?];
        self.request.keywords.iter().find(|k| k.keyword.as_bytes() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{FIELDS, SLOTS};

    #[test]
    fn every_profile_is_consistent() {
        for version in ApiVersion::ALL {
            let p = version.profile();
            assert_eq!(ApiVersion::parse(p.name.as_bytes()), Some(version));
            let r = &p.request;
            assert!(r.records.iter().all(|f| f.def().code.is_some()), "{}: records have codes", p.name);
            let mut checked = r.length_checks.to_vec();
            checked.sort();
            checked.dedup();
            assert_eq!(checked.len(), r.length_checks.len(), "{}: each field checked once", p.name);
            assert!(r.parmcom_fields.iter().all(|f| f.def().parmcom.is_some()));
            assert!(r.keywords.len() < r.max_arguments + 10);
            let res = &p.response;
            assert!(res.debug_rows.iter().all(|s| s.def().debug.is_some()));
            for (slot, detail) in res.length_checks {
                assert_eq!(detail.trim_end(), slot.def().name);
            }
        }
        assert!(ApiVersion::parse(b"P999").is_none());
        let p = ApiVersion::P615.profile();
        assert_eq!(p.keyword_of(b"logo_id2=x").map(|k| k.keyword), Some("logo_id2"));
        assert_eq!(p.keyword_of(b"logo_id=x").map(|k| k.keyword), Some("logo_id"));
        assert_eq!(p.keyword_of(b"amount=").map(|k| k.keyword), Some("amount"));
        for bad in [&b"merchant_id"[..], b"Amount=1", b" amount=1", b"=1", b"amount==1x"] {
            assert_eq!(p.keyword_of(bad).map(|k| k.keyword), if bad == b"amount==1x" { Some("amount") } else { None });
        }
        assert_eq!(p.keyword_of(b"textfont=a").map(|k| k.store), Some(Store::Field(Field::Textcolor)));
        assert_eq!(FIELDS.len(), crate::fields::FIELD_COUNT);
        assert_eq!(SLOTS.len(), crate::fields::SLOT_COUNT);
    }
}
