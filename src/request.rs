//! `request`: arguments + configuration files → the HTML form whose hidden
//! DATA field carries the signed payment request (behaviour.md §2–§4).

use crate::config::certificate::Certificate;
use crate::config::{self, parmcom, FileError};
use crate::env::Environment;
use crate::error::{ApiError, ArgumentError, Category};
use crate::fields::{keyword_of, Field, Target, FIELDS, FIELD_COUNT, LENGTH_CHECK_ORDER, SERIAL_ORDER};
use crate::html::{self, FormSpec};
use crate::output::Output;
use crate::session::{Failure, Paths, Session};
use crate::text::{all_digits, cut_at_nul};
use crate::wire;
use std::sync::Arc;

/// More arguments than this is an argument error.
pub const MAX_ARGUMENTS: usize = 44;
/// The API version written in field 001.
pub const API_VERSION: &[u8] = b"P615";
/// `request` refuses a container of this many bytes or more (`message too long`).
const MAX_PLAIN: usize = 10_750;

/// Defaults for fields still empty after arguments and parmcom files.
const DEFAULTS: [(Field, &[u8]); 4] = [
    (Field::BlockOrder, b"1,2,3,4,5,6,7,8,9"),
    (Field::BlockAlign, b"center"),
    (Field::HeaderFlag, b"no"),
    (Field::CurrencyCode, b"978"),
];

/// One value per request field.
#[derive(Debug, Clone)]
pub struct Record {
    values: Vec<Vec<u8>>,
}

impl Default for Record {
    fn default() -> Record {
        Record { values: vec![Vec::new(); FIELD_COUNT] }
    }
}

impl Record {
    pub fn get(&self, field: Field) -> &[u8] {
        &self.values[field as usize]
    }

    pub fn set(&mut self, field: Field, value: &[u8]) {
        self.values[field as usize] = value.to_vec();
    }

    fn is_empty(&self, field: Field) -> bool {
        self.values[field as usize].is_empty()
    }
}

/// What the command line gave.
struct Arguments {
    pathfile: Vec<u8>,
    record: Record,
}

/// A `request` run: the legacy text, and the same result in parts.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub output: Output,
    pub result: Result<Success, RequestError>,
}

/// What a successful request produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Success {
    /// The DEBUG tables (empty unless the pathfile says `DEBUG!YES!`).
    pub debug: Vec<u8>,
    /// The `<FORM …>` to put in the payment page.
    pub form: Vec<u8>,
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// Printed as a plain line, exit status 255.
    Argument(ArgumentError),
    /// Printed as the HTML error block after any DEBUG output.
    Api { debug: Vec<u8>, error: ApiError },
}

/// Runs `request` on `args` (the arguments after the program name).
pub fn run<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Output {
    evaluate(args, env).output
}

/// Runs `request` and keeps the parts of its result.
pub fn evaluate<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Evaluation {
    let mut session = Session::new(env);
    let arguments = match parse_arguments(args, env, session.now) {
        Ok(a) => a,
        Err(e) => return Evaluation { output: Output::argument_error(&e), result: Err(RequestError::Argument(e)) },
    };
    match process(&mut session, arguments) {
        Ok(form) => {
            let debug = std::mem::take(&mut session.debug.out);
            let output = Output::request_success(session.trace, &debug, &form);
            Evaluation { output, result: Ok(Success { debug, form }) }
        }
        Err(f) => {
            let debug = session.debug.out.clone();
            let middle = session.failure_text(&f);
            let output = Output::request_failure(session.trace, &middle);
            Evaluation { output, result: Err(RequestError::Api { debug, error: f.error }) }
        }
    }
}

fn parse_arguments<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment, now: i64) -> Result<Arguments, ArgumentError> {
    if args.len() > MAX_ARGUMENTS {
        return Err(ArgumentError::RequestTooMany);
    }
    let mut parsed = Arguments { pathfile: Vec::new(), record: Record::default() };
    for arg in args {
        // An argv element is a C string.
        let arg = cut_at_nul(arg.as_ref());
        let keyword = keyword_of(arg).ok_or_else(|| ArgumentError::InvalidKeyword(arg.to_vec()))?;
        let value = &arg[keyword.keyword.len() + 1..];
        if value.len() > keyword.max {
            return Err(ArgumentError::TooLong(arg.to_vec()));
        }
        match keyword.target {
            Target::Pathfile => parsed.pathfile = value.to_vec(),
            Target::Field(field) => parsed.record.set(field, value),
        }
    }
    if parsed.record.is_empty(Field::TransactionId) {
        parsed.record.set(Field::TransactionId, &env.local(now).hhmmss());
    }
    Ok(parsed)
}

fn process(session: &mut Session, args: Arguments) -> Result<Vec<u8>, Failure> {
    let Arguments { pathfile: pathfile_path, mut record } = args;
    let paths = session.read_pathfile(&pathfile_path, '+')?;
    session.debug.section(b"System");
    merge_parmcoms(session, &paths, &mut record)?;
    let transmission = session.env.utc(session.now).stamp14();
    record.set(Field::TransmissionDate, &transmission);
    let certificate = read_certificate(session, &paths, &mut record)?;
    session.debug.close();
    check_fields(&record)?;
    for field in [Field::Language, Field::MerchantLanguage] {
        let iso = to_sips_language(record.get(field)).to_vec();
        record.set(field, &iso);
    }
    check_certificate_header(&certificate, &paths.ctype, &mut record)?;
    let server_url = certificate.url.clone().map_err(|e| ApiError::new(Category::ReadingUrl, e.detail()))?;
    let matrix = certificate.matrix.as_ref().map_err(|e| ApiError::new(Category::MacKeyGeneration, e.detail()))?;
    let data = build_data(&record, matrix)?;
    let form = html::form(&FormSpec {
        server_url: &server_url,
        target: record.get(Field::Target),
        data: &data,
        payment_means: record.get(Field::PaymentMeans),
        block_order: record.get(Field::BlockOrder),
        block_align: record.get(Field::BlockAlign),
        header_flag: record.get(Field::HeaderFlag),
        language: record.get(Field::Language),
        logo_dir: &paths.logo_dir,
    });
    debug_request(session, &server_url, &record, &form);
    Ok(form)
}

/// Reads both parmcom files and fills every field the arguments left empty.
fn merge_parmcoms(session: &mut Session, paths: &Paths, record: &mut Record) -> Result<(), Failure> {
    let defaults =
        read_parmcom(session, &paths.defaults, b"F_DEFAULT", Category::ReadingDefaults, Category::DefaultsPermission)?;
    if record.is_empty(Field::MerchantId) {
        return Err(ApiError::new(Category::CallParameters, &b"merchant_id not filled"[..]).into());
    }
    let merchant_path = [&paths.merchant_prefix[..], b".", record.get(Field::MerchantId)].concat();
    let merchant =
        read_parmcom(session, &merchant_path, b"F_PARAM", Category::ReadingMerchant, Category::MerchantPermission)?;
    for def in FIELDS.iter().filter(|d| d.parmcom.is_some()) {
        if record.is_empty(def.field) {
            if let Some(v) = merchant.get(def.field).or_else(|| defaults.get(def.field)) {
                record.set(def.field, v);
            }
        }
    }
    for (field, value) in DEFAULTS {
        if record.is_empty(field) {
            record.set(field, value);
        }
    }
    Ok(())
}

fn read_parmcom(
    session: &mut Session,
    path: &[u8],
    label: &[u8],
    missing: Category,
    denied: Category,
) -> Result<Arc<parmcom::Parmcom>, Failure> {
    let parsed = config::load("parmcom", path, parmcom::parse).map_err(|e| match e {
        FileError::NotFound => ApiError::new(missing, path),
        FileError::PermissionDenied => ApiError::new(denied, path),
    })?;
    session.debug.row(&[b"Reading ", label, b" (", path, b") OK"]);
    match parsed.as_ref() {
        Ok(p) => Ok(Arc::new(p.clone())),
        Err(sep) => Err(ApiError::new(Category::ParmcomSeparator { line: sep.line, found: sep.found }, path).into()),
    }
}

fn read_certificate(session: &mut Session, paths: &Paths, record: &mut Record) -> Result<Arc<Certificate>, Failure> {
    let path = paths.certificate(record.get(Field::MerchantCountry), record.get(Field::MerchantId), None);
    let (certificate, date) = session.read_certificate(&path, paths.certificate_has_header())?;
    record.set(Field::CertificateDate, &date);
    Ok(certificate)
}

fn debug_request(session: &mut Session, server_url: &[u8], record: &Record, form: &[u8]) {
    let debug = &mut session.debug;
    if !debug.is_on() {
        return;
    }
    debug.section(b"CALL URL");
    debug.row(&[server_url, b"/callpayment"]);
    debug.close();
    debug.section(b"Request sent to the Payment Server");
    for def in FIELDS.iter() {
        let value = if def.field == Field::ApiVersion { API_VERSION } else { record.get(def.field) };
        debug.labelled(def.debug.as_bytes(), value);
    }
    debug.close();
    debug.section(b"HTML FORM built successfully");
    debug.row(&[form]);
    debug.close();
    debug.end();
}

fn call_parameters(detail: Vec<u8>) -> ApiError {
    ApiError::new(Category::CallParameters, detail)
}

/// `<name> (<value>)<suffix>`.
fn about(field: Field, value: &[u8], suffix: &[u8]) -> Vec<u8> {
    [field.def().name.as_bytes(), b" (", value, b")", suffix].concat()
}

/// The field checks, in the legacy order; the first failure is reported.
fn check_fields(r: &Record) -> Result<(), ApiError> {
    for field in LENGTH_CHECK_ORDER {
        let max = field.def().max.unwrap_or(usize::MAX);
        if r.get(field).len() > max {
            return Err(call_parameters(about(field, r.get(field), b" too long")));
        }
    }
    use Field::*;
    for field in [MerchantId, MerchantCountry, TransactionId, CancelReturnUrl, NormalReturnUrl, Amount] {
        if r.is_empty(field) {
            return Err(call_parameters([field.def().name.as_bytes(), b" not filled"].concat()));
        }
    }
    if r.get(Amount).len() < 3 {
        return Err(call_parameters([&b"invalid amount length ("[..], r.get(Amount), b")"].concat()));
    }
    for field in [MerchantCountry, Language] {
        if r.get(field) != r.get(field).to_ascii_lowercase().as_slice() {
            return Err(call_parameters(about(field, r.get(field), b" must be lower case")));
        }
    }
    for field in [MerchantId, CurrencyCode, TransactionId, Amount] {
        if !all_digits(r.get(field)) {
            return Err(call_parameters(about(field, r.get(field), b" not numeric")));
        }
    }
    if !html::means_match_order(r.get(PaymentMeans), r.get(BlockOrder)) {
        return Err(call_parameters(b"payment_means,block_order".to_vec()));
    }
    Ok(())
}

/// ISO → SIPS language codes, as `request` stores them.
pub fn to_sips_language(code: &[u8]) -> &[u8] {
    match code {
        b"es" => b"sp",
        b"cs" => b"cz",
        other => other,
    }
}

/// Compares the certificate header with the request (only with `F_CTYPE`) and
/// copies its expiry, version and type into fields 076–078.
fn check_certificate_header(cert: &Certificate, ctype: &[u8], r: &mut Record) -> Result<(), ApiError> {
    if ctype.is_empty() {
        return Ok(());
    }
    let h = &cert.header;
    let differ = |what: &[u8], ours: &[u8], theirs: &[u8]| {
        ApiError::new(Category::CertificateField, [what, ours, b" differ certificate file ", theirs].concat())
    };
    if let Some(id) = h.merchant_id.as_deref().filter(|id| *id != r.get(Field::MerchantId)) {
        return Err(differ(b"error merchant id request ", r.get(Field::MerchantId), id));
    }
    if let Some(c) = h.merchant_country.as_deref().filter(|c| *c != r.get(Field::MerchantCountry)) {
        return Err(differ(b"error merchant country request ", r.get(Field::MerchantCountry), c));
    }
    if let Some(t) = h.certificate_type.as_deref().filter(|t| *t != ctype) {
        return Err(differ(b"error certificat type pathfile ", ctype, t));
    }
    r.set(Field::CertificateExpired, h.expired.as_deref().unwrap_or(b""));
    r.set(Field::CertificateVersion, h.version.as_deref().unwrap_or(b""));
    r.set(Field::CertificateType, ctype);
    Ok(())
}

/// The DATA value: NLV container → armor → hex, followed by its MAC.
fn build_data(r: &Record, matrix: &wire::KeyMatrix) -> Result<Vec<u8>, ApiError> {
    let (amount, date, tid) = (r.get(Field::Amount), r.get(Field::TransmissionDate), r.get(Field::TransactionId));
    let key_error = |_| ApiError::new(Category::MacKeyGeneration, &b"function compute_column_parameters"[..]);
    let customer_id = if r.is_empty(Field::CustomerId) {
        Vec::new()
    } else {
        let (k1, k2) = wire::keys::customer_id_keys(matrix, amount, date, tid).map_err(key_error)?;
        wire::cipher::encrypt_customer_id(&k1, &k2, r.get(Field::CustomerId))
    };
    let records = SERIAL_ORDER.iter().filter_map(|&f| {
        let code = f.def().code?;
        let value = match f {
            Field::ApiVersion => API_VERSION,
            Field::CustomerId => &customer_id,
            _ => r.get(f),
        };
        Some((code, value))
    });
    let plain = wire::nlv::encode(records);
    if plain.len() >= MAX_PLAIN {
        return Err(ApiError::new(Category::MessageConstruction, &b"message too long"[..]));
    }
    let mut data = wire::hex::encode_lower(&wire::armor::encode(&plain));
    let key = wire::keys::mac_key(matrix, amount, date, tid).map_err(key_error)?;
    let mac = wire::mac::compute(&key, &data);
    data.extend_from_slice(&wire::hex::encode_lower(&mac));
    Ok(data)
}
