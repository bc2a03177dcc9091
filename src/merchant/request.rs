//! `request`: arguments + configuration files → the HTML form that posts the
//! signed payment request (`!0!<debug>!<form>!`, or `!-1!<error>!!`).

use super::checks::check_fields;
use super::form::Page;
use super::session::{Failure, Paths, Session};
use crate::backend::sips1::Sips1;
use crate::backend::sips2;
use crate::backend::{Backend, Form, FormInput};
use crate::clib::cut_at_nul;
use crate::config::{self, parmcom, FileError};
use crate::env::Environment;
use crate::error::{ApiError, ArgumentError, Category};
use crate::fields::language::iso_to_sips;
use crate::fields::{Field, Record};
use crate::output::Outcome;
use crate::version::{Selected, Store};
use std::sync::Arc;

/// Defaults for fields still empty after arguments and parmcom files.
const DEFAULTS: [(Field, &[u8]); 4] = [
    (Field::BlockOrder, b"1,2,3,4,5,6,7,8,9"),
    (Field::BlockAlign, b"center"),
    (Field::HeaderFlag, b"no"),
    (Field::CurrencyCode, b"978"),
];

/// What the command line gave.
struct Arguments {
    pathfile: Vec<u8>,
    record: Record,
}

/// Runs `request` on `args` (the arguments after the program name).
pub(crate) fn run<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment, selected: &Selected) -> Outcome {
    let mut session = Session::new(env, selected);
    let arguments = match parse_arguments(args, &mut session) {
        Ok(a) => a,
        Err(e) => return Outcome::argument_error(e, &[]),
    };
    match process(&mut session, arguments) {
        Ok(form) => {
            let debug = std::mem::take(&mut session.debug.out);
            Outcome::request_success(session.trace, debug, form)
        }
        Err(f) => {
            let debug = session.debug.out.clone();
            let middle = session.failure_text(&f);
            Outcome::request_failure(session.trace, debug, &middle, f.error)
        }
    }
}

fn parse_arguments<A: AsRef<[u8]>>(args: &[A], session: &mut Session) -> Result<Arguments, ArgumentError> {
    let profile = session.profile;
    if args.len() > profile.request.max_arguments {
        return Err(ArgumentError::TooMany(profile.request.too_many_arguments));
    }
    let mut parsed = Arguments { pathfile: Vec::new(), record: Record::default() };
    for arg in args {
        // An argv element is a C string.
        let arg = cut_at_nul(arg.as_ref());
        let keyword = profile.keyword_of(arg).ok_or_else(|| ArgumentError::InvalidKeyword(arg.to_vec()))?;
        let value = &arg[keyword.keyword.len() + 1..];
        if value.len() > keyword.max {
            return Err(ArgumentError::TooLong(arg.to_vec()));
        }
        match keyword.store {
            Store::Pathfile => parsed.pathfile = value.to_vec(),
            Store::Field(field) => parsed.record.set(field, value),
            Store::Nowhere => {}
        }
    }
    if parsed.record.is_empty(Field::TransactionId) {
        parsed.record.set(Field::TransactionId, &session.automatic_transaction_id());
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
    let backend = read_credential(session, &paths, &mut record)?;
    session.debug.close();
    check_fields(session.profile, &record)?;
    if session.profile.request.converts_languages {
        for field in [Field::Language, Field::MerchantLanguage] {
            let sips = iso_to_sips(record.get(field)).to_vec();
            record.set(field, &sips);
        }
    }
    backend.admit(&mut record, &paths.ctype)?;
    let page = Page {
        payment_means: record.get(Field::PaymentMeans),
        block_order: record.get(Field::BlockOrder),
        block_align: record.get(Field::BlockAlign),
        header_flag: record.get(Field::HeaderFlag),
        language: record.get(Field::Language),
        logo_dir: &paths.logo_dir,
        sentences: session.profile.request.sentences,
    };
    let input = FormInput { record: &record, profile: session.profile, page, target: record.get(Field::Target) };
    let form = backend.form(&input)?;
    debug_request(session, &form, &record);
    Ok(form.html)
}

/// Reads both parmcom files and fills every field the arguments left empty.
fn merge_parmcoms(session: &mut Session, paths: &Paths, record: &mut Record) -> Result<(), Failure> {
    let defaults =
        read_parmcom(session, &paths.defaults, b"F_DEFAULT", Category::ReadingDefaults, Category::DefaultsPermission)?;
    if record.is_empty(Field::MerchantId) {
        return Err(ApiError::field_not_filled("merchant_id").into());
    }
    // The merchant id names files: one that could leave their directory is
    // refused before any path is built (the digit check would refuse it
    // later, after the legacy had opened what it named).
    if record.get(Field::MerchantId).contains(&b'/') {
        return Err(ApiError::field_not_numeric("merchant_id", record.get(Field::MerchantId)).into());
    }
    let merchant_path = [&paths.merchant_prefix[..], b".", record.get(Field::MerchantId)].concat();
    let merchant =
        read_parmcom(session, &merchant_path, b"F_PARAM", Category::ReadingMerchant, Category::MerchantPermission)?;
    for &field in session.profile.request.parmcom_fields {
        if record.is_empty(field) {
            if let Some(v) = merchant.get(field).or_else(|| defaults.get(field)) {
                record.set(field, v);
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

/// The parsed parmcom file at `path`, shared with the cache.
fn read_parmcom(
    session: &mut Session,
    path: &[u8],
    label: &[u8],
    missing: Category,
    denied: Category,
) -> Result<Arc<parmcom::Parmcom>, Failure> {
    let line = session.profile.request.parmcom_line;
    let parsed = config::load(config::Kind::Parmcom(line), path, |c| parmcom::parse(c, line)).map_err(|e| match e {
        FileError::NotFound => ApiError::new(missing, path),
        FileError::PermissionDenied => ApiError::new(denied, path),
    })?;
    session.debug.row(&[b"Reading ", label, b" (", path, b") OK"]);
    match parsed.as_ref() {
        Ok(p) => Ok(p.clone()),
        Err(sep) => {
            let category = if session.profile.decorated_separators {
                Category::ParmcomSeparator { line: sep.line, found: sep.found }
            } else {
                Category::PlainSeparator { line: sep.line }
            };
            Err(ApiError::new(category, path).into())
        }
    }
}

/// The merchant's credential, named by the pathfile, the country and the
/// merchant id: a Sips 2.0 key file, else a SIPS 1.0 certificate.
fn read_credential(session: &mut Session, paths: &Paths, record: &mut Record) -> Result<Box<dyn Backend>, Failure> {
    let path = paths.certificate(record.get(Field::MerchantCountry), record.get(Field::MerchantId), None);
    if let Some(sips2) = sips2::credential(session, &path)? {
        return Ok(Box::new(sips2));
    }
    let (certificate, date) = session.read_certificate(&path, paths.certificate_has_header())?;
    record.set(Field::CertificateDate, &date);
    Ok(Box::new(Sips1 { certificate }))
}

fn debug_request(session: &mut Session, form: &Form, record: &Record) {
    let debug = &mut session.debug;
    if !debug.is_on() {
        return;
    }
    debug.section(b"CALL URL");
    debug.row(&[&form.call_url]);
    debug.close();
    debug.section(b"Request sent to the Payment Server");
    for (label, value) in &form.sent {
        debug.labelled(label, value);
    }
    for &field in session.profile.request.debug_rows.iter().filter(|_| form.sent.is_empty()) {
        let value = if field == Field::ApiVersion { session.profile.name.as_bytes() } else { record.get(field) };
        debug.labelled(field.def().debug.unwrap_or_default().as_bytes(), value);
    }
    debug.close();
    debug.section(b"HTML FORM built successfully");
    debug.row(&[&form.html]);
    debug.close();
    debug.end();
}
