//! The stages `request` and `response` share: the pathfile and its required
//! keys, the certificate and its date, and the DEBUG and trace output they
//! accumulate on the way.

use crate::config::certificate::{self, Certificate};
use crate::config::{self, keyfile, pathfile, FileError};
use crate::env::Environment;
use crate::error::{ApiError, Category};
use crate::output::{error_block, DebugLog, Trace};
use crate::version::{Profile, Selected};
use std::sync::Arc;

/// The four keys a pathfile must define, in the order they are checked.
const REQUIRED_KEYS: [&[u8]; 4] = [b"D_LOGO", b"F_DEFAULT", b"F_PARAM", b"F_CERTIFICATE"];

/// Why processing stopped after the arguments were accepted.
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    /// DEBUG rows printed after the error block (only the keyword check has them).
    pub debug_tail: bool,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Failure {
        Failure { error, debug_tail: false }
    }
}

/// What the pathfile names.
#[derive(Debug, Clone)]
pub struct Paths {
    pub logo_dir: Vec<u8>,
    pub defaults: Vec<u8>,
    pub merchant_prefix: Vec<u8>,
    pub certificate_prefix: Vec<u8>,
    pub ctype: Vec<u8>,
}

impl Paths {
    /// `F_CERTIFICATE.<country>.<merchant_id>[.<suffix>][.<F_CTYPE>]`.
    pub fn certificate(&self, country: &[u8], merchant_id: &[u8], suffix: Option<&[u8]>) -> Vec<u8> {
        let mut path = [&self.certificate_prefix[..], b".", country, b".", merchant_id].concat();
        for part in suffix.into_iter().chain((!self.ctype.is_empty()).then_some(&self.ctype[..])) {
            path.push(b'.');
            path.extend_from_slice(part);
        }
        path
    }

    /// Certificates have a header (and are read after their marker line) only with `F_CTYPE`.
    pub fn certificate_has_header(&self) -> bool {
        !self.ctype.is_empty()
    }
}

/// One run of an executable.
pub struct Session<'a> {
    pub env: &'a dyn Environment,
    pub now: i64,
    pub profile: &'static Profile,
    /// An unknown kit version asked for, reported when the pathfile is read.
    version_problem: Option<Vec<u8>>,
    pub debug: DebugLog,
    pub trace: Trace,
    /// What reading the time zone left in `errno` when the transaction id
    /// was made from the clock (0 otherwise): the pathfile trace lines print it.
    zone_errno: i32,
}

impl<'a> Session<'a> {
    pub fn new(env: &'a dyn Environment, selected: &Selected) -> Session<'a> {
        Session {
            env,
            now: env.now(),
            profile: selected.profile,
            version_problem: selected.problem.clone(),
            debug: DebugLog::new(false),
            trace: Trace::default(),
            zone_errno: 0,
        }
    }

    /// `request`'s transaction id when none is given: the local `hhmmss`.
    /// The legacy's first time conversion; the `errno` reading the time zone
    /// left stayed for the pathfile trace lines.
    pub fn automatic_transaction_id(&mut self) -> Vec<u8> {
        self.zone_errno = self.env.zone_errno();
        self.env.local(self.now).hhmmss()
    }

    /// Reads the pathfile, turns DEBUG on if it says so, checks the required
    /// keys. `sign` starts the separator message: `+` in request, `-` in response.
    pub fn read_pathfile(&mut self, path: &[u8], sign: char) -> Result<Paths, Failure> {
        let parsed = config::load(config::Kind::Pathfile, path, pathfile::parse).map_err(|e| match e {
            FileError::NotFound => ApiError::new(Category::ReadingPathfile, path),
            FileError::PermissionDenied => ApiError::new(Category::PathfilePermission, path),
        })?;
        let pf = match parsed.as_ref() {
            Ok(pf) => pf,
            Err(sep) => {
                let text = sep.problem.trace_text().as_bytes();
                self.trace.line_with_errno(self.env, self.now, text, self.zone_errno);
                let category = if self.profile.decorated_separators {
                    Category::PathfileSeparator { sign, line: sep.line }
                } else {
                    Category::PlainSeparator { line: sep.line }
                };
                return Err(ApiError::new(category, path).into());
            }
        };
        // A self-referencing variable has no value: the pathfile cannot be used.
        let lookup = |key: &[u8]| pf.get(key).map_err(|_| ApiError::new(Category::ReadingPathfile, path));
        let debug = lookup(b"DEBUG")?;
        self.debug = DebugLog::new(debug == b"YES" || debug == b"yes");
        self.debug.open();
        self.debug.section(b"Pathfile");
        self.debug.row(&[b"Reading pathfile (", path, b") OK"]);
        if let Some(problem) = self.version_problem.take() {
            return Err(Failure { error: ApiError::new(Category::ReadingPathfile, problem), debug_tail: true });
        }
        let mut values = Vec::with_capacity(REQUIRED_KEYS.len());
        for key in REQUIRED_KEYS {
            let value = lookup(key)?;
            if value.is_empty() {
                return Err(Failure { error: ApiError::missing_key_word(key), debug_tail: true });
            }
            self.debug.labelled(key, &value);
            values.push(value);
        }
        self.debug.close();
        // Kits without F_CTYPE name and read the certificate without it.
        let ctype = if self.profile.reads_ctype { lookup(b"F_CTYPE")? } else { Vec::new() };
        let [logo_dir, defaults, merchant_prefix, certificate_prefix]: [Vec<u8>; 4] =
            values.try_into().unwrap_or_else(|_| Default::default());
        Ok(Paths { logo_dir, defaults, merchant_prefix, certificate_prefix, ctype })
    }

    /// Opens the certificate and reads its date trailer (both executables do,
    /// with the same DEBUG rows). Returns the certificate and its `yyyymmdd` date.
    pub fn read_certificate(&mut self, path: &[u8], with_header: bool) -> Result<(Arc<Certificate>, Vec<u8>), Failure> {
        let certificate = load_certificate(path, with_header)?;
        self.debug.row(&[b"Reading F_CERTIFICATE (", path, b") OK"]);
        let trailer =
            certificate.trailer.as_ref().map_err(|first| ApiError::new(Category::CertificateData, first.clone()))?;
        self.debug.row(&[b"Version du certificat = ", &trailer.date_text, b" (", &trailer.bank, b")"]);
        let date = trailer.date.clone().map_err(|part| ApiError::new(Category::CertificateDate, part))?;
        Ok((certificate, date))
    }

    /// The DEBUG output so far, the error block, and the rows that follow it.
    pub fn failure_text(&mut self, failure: &Failure) -> Vec<u8> {
        let mut text = std::mem::take(&mut self.debug.out);
        error_block(&mut text, &failure.error);
        if failure.debug_tail {
            self.debug.close();
            text.append(&mut self.debug.out);
        }
        text
    }
}

/// The parsed certificate at `path`, or the legacy error naming it. A Sips
/// 2.0 key file is refused first: certificate errors print its lines.
pub fn load_certificate(path: &[u8], with_header: bool) -> Result<Arc<Certificate>, ApiError> {
    not_a_key_file(path)?;
    config::load(config::Kind::Certificate { header: with_header }, path, |c| certificate::parse(c, with_header))
        .map_err(|e| match e {
            FileError::NotFound => ApiError::new(Category::ReadingCertificate, path),
            FileError::PermissionDenied => ApiError::new(Category::CertificatePermission, path),
        })
}

/// Refuses a key file where a certificate is read (a V1 message for a V2
/// merchant): the certificate errors would print its lines, the secret among
/// them. Files that are not key files, or cannot be opened, pass.
fn not_a_key_file(path: &[u8]) -> Result<(), ApiError> {
    match keyfile::probe(path).as_deref() {
        Ok(Some(_)) => {
            let why = b" is a Sips 2.0 key file: pass the posted Data, Seal and Encode as message=, seal= and encode=";
            Err(ApiError::new(Category::KeyFile, [path, &why[..]].concat()))
        }
        Ok(None) | Err(_) => Ok(()),
    }
}
