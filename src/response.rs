//! `response`: checks and decodes the DATA the payment server posts back and
//! prints its 42 values (behaviour.md §5, wire-format.md §5–§6).

use crate::env::Environment;
use crate::error::{ApiError, ArgumentError, Category};
use crate::output::Output;
use crate::response_fields::{
    to_iso_language, Slot, CIPHERED_FLAG_CODE, COMPLEMENT_CODE, DEBUG_ROWS, LENGTH_CHECKS, SLOTS, SLOT_COUNT,
};
use crate::session::{Failure, Paths, Session};
use crate::text::{all_digits, cut_at_nul};
use crate::wire::{self, keys::KeyError, received, KeyMatrix};

/// Longest `pathfile=` value.
const MAX_PATHFILE: usize = 255;
/// A message of at most this many characters is refused before anything is read.
const MIN_MESSAGE: usize = 16;

/// The 42 values, in output order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values(pub Vec<Vec<u8>>);

impl Default for Values {
    fn default() -> Values {
        Values(vec![Vec::new(); SLOT_COUNT])
    }
}

impl Values {
    pub fn get(&self, slot: Slot) -> &[u8] {
        &self.0[slot as usize]
    }

    fn set(&mut self, slot: Slot, value: Vec<u8>) {
        self.0[slot as usize] = value;
    }
}

/// The arguments: `message=` and `pathfile=`, 1 or 2 of them, any order.
struct Arguments {
    message: Vec<u8>,
    pathfile: Vec<u8>,
}

fn parse_arguments<A: AsRef<[u8]>>(args: &[A]) -> Result<Arguments, ArgumentError> {
    match args.len() {
        0 => return Err(ArgumentError::ResponseNone),
        1 | 2 => {}
        _ => return Err(ArgumentError::ResponseTooMany),
    }
    let mut parsed = Arguments { message: Vec::new(), pathfile: Vec::new() };
    for arg in args {
        let arg = cut_at_nul(arg.as_ref());
        if let Some(message) = arg.strip_prefix(b"message=") {
            parsed.message = message.to_vec();
        } else if let Some(path) = arg.strip_prefix(b"pathfile=") {
            if path.len() > MAX_PATHFILE {
                return Err(ArgumentError::TooLong(arg.to_vec()));
            }
            parsed.pathfile = path.to_vec();
        } else {
            return Err(ArgumentError::InvalidKeyword(arg.to_vec()));
        }
    }
    Ok(parsed)
}

/// Why a run stopped, and whether the values loaded so far are printed.
struct Stop {
    failure: Failure,
    values: Option<Values>,
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Stop {
        Stop { failure, values: None }
    }
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Stop {
        Stop { failure: error.into(), values: None }
    }
}

/// A `response` run: the legacy text, and the same result in parts.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub output: Output,
    /// The 42 values, or why there are none.
    pub result: Result<Values, ResponseFailure>,
}

/// Why a response was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseFailure {
    pub error: ResponseError,
    /// The values printed beside the error (all empty but for the field checks).
    pub values: Values,
}

/// The two kinds of refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// Printed as a plain line, exit status 255.
    Argument(ArgumentError),
    /// Printed as the HTML error block.
    Api(ApiError),
}

impl ResponseFailure {
    /// The legacy wording of the error.
    pub fn text(&self) -> Vec<u8> {
        match &self.error {
            ResponseError::Argument(a) => a.bytes(),
            ResponseError::Api(e) => e.printed(),
        }
    }
}

/// Runs `response` on `args` (the arguments after the program name).
pub fn run<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Output {
    evaluate(args, env).output
}

/// Runs `response` and keeps the parts of its result.
pub fn evaluate<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment) -> Evaluation {
    let arguments = match parse_arguments(args) {
        Ok(a) => a,
        Err(e) => {
            let failure = ResponseFailure { error: ResponseError::Argument(e.clone()), values: Values::default() };
            return Evaluation { output: Output::argument_error(&e), result: Err(failure) };
        }
    };
    let mut session = Session::new(env);
    match process(&mut session, arguments) {
        Ok(values) => {
            let head = [&b"!0!"[..], &session.debug.out].concat();
            let output = Output::response(session.trace, &head, &values.0);
            Evaluation { output, result: Ok(values) }
        }
        Err(stop) => {
            let head = [&b"!-1!"[..], &session.failure_text(&stop.failure)].concat();
            let values = stop.values.unwrap_or_default();
            let output = Output::response(session.trace, &head, &values.0);
            Evaluation {
                output,
                result: Err(ResponseFailure { error: ResponseError::Api(stop.failure.error), values }),
            }
        }
    }
}

/// The fields a message carries, later records winning; 107 and 108 apart.
struct Received {
    values: Values,
    complement: Vec<u8>,
    ciphered: bool,
}

fn receive(records: Vec<wire::nlv::Record>) -> Received {
    let mut r = Received { values: Values::default(), complement: Vec::new(), ciphered: false };
    for record in records {
        match record.code {
            COMPLEMENT_CODE => r.complement = record.value,
            CIPHERED_FLAG_CODE => r.ciphered = !record.value.is_empty(),
            code => {
                if let Some(slot) = Slot::from_code(code) {
                    r.values.set(slot, record.value);
                }
            }
        }
    }
    r
}

fn process(session: &mut Session, args: Arguments) -> Result<Values, Stop> {
    // The legacy argument buffer held 21 503 characters; what lies beyond was never read.
    let message = &args.message[..args.message.len().min(received::MAX_MESSAGE)];
    if message.len() <= MIN_MESSAGE {
        return Err(ApiError::new(Category::ResponseParameter, &b"wrong length"[..]).into());
    }
    let paths = session.read_pathfile(&args.pathfile, '-')?;
    let records =
        received::decode_message(message).map_err(|_| ApiError::new(Category::MessageDecryption, Vec::new()))?;
    let mut received = receive(records);
    check_certificate_names(&received.values)?;
    session.debug.section(b"System");
    let (merchant_id, country) =
        (received.values.get(Slot::MerchantId).to_vec(), received.values.get(Slot::MerchantCountry).to_vec());
    let path = paths.certificate(&country, &merchant_id, None);
    let (certificate, _date) = session.read_certificate(&path, paths.certificate_has_header())?;
    session.debug.close();
    let matrix = certificate.matrix.as_ref().map_err(|e| ApiError::new(Category::MacKeyGeneration, e.detail()))?;
    verify_mac(session, &paths, message, &received.values, matrix)?;
    load(&mut received, matrix);
    debug_values(session, &received.values);
    if let Err(detail) = check_values(&received.values) {
        let error = ApiError::new(Category::ResponseStructure, detail);
        return Err(Stop { failure: error.into(), values: Some(received.values) });
    }
    append_complement(&mut received, matrix);
    session.debug.end();
    Ok(received.values)
}

/// The certificate path is built from the message (`compatibility.md`
/// divergence 4): values over their maxima (which the legacy refused only
/// after opening the file they named) and values that could leave the
/// certificate directory are refused first. Empty values keep the legacy path
/// (`certif.fr..php`), which the recorded cases show.
fn check_certificate_names(values: &Values) -> Result<(), ApiError> {
    for (slot, detail) in [(Slot::MerchantId, &b"merchant_id"[..]), (Slot::MerchantCountry, b"merchant_country")] {
        let value = values.get(slot);
        if value.len() > slot.def().max.unwrap_or(0) || value.contains(&b'/') {
            return Err(ApiError::new(Category::ResponseStructure, detail));
        }
    }
    Ok(())
}

/// The legacy text for a key that cannot be derived from the message.
fn key_error(e: KeyError) -> ApiError {
    match e {
        KeyError::AmountTooShort => {
            ApiError::new(Category::MacKeyGeneration, &b"function compute_column_parameters"[..])
        }
        // The legacy divided by zero here (no transaction_id in the message).
        KeyError::EmptyTransactionId => ApiError::new(Category::LoadingResponse, &b"transaction_id"[..]),
    }
}

/// Whether the MAC at the end of `message` seals the rest of it under `matrix`.
fn mac_matches(message: &[u8], values: &Values, matrix: &KeyMatrix) -> Result<bool, ApiError> {
    let (text, mac) = message.split_at(message.len() - received::MAC_HEX_LEN);
    let key = wire::keys::mac_key(
        matrix,
        values.get(Slot::Amount),
        values.get(Slot::TransmissionDate),
        values.get(Slot::TransactionId),
    )
    .map_err(key_error)?;
    Ok(wire::hex::encode_lower(&wire::mac::compute(&key, text)) == mac)
}

/// Checks the MAC with the current certificate, then with the `.old` one.
fn verify_mac(
    session: &mut Session,
    paths: &Paths,
    message: &[u8],
    values: &Values,
    matrix: &KeyMatrix,
) -> Result<(), ApiError> {
    if mac_matches(message, values, matrix)? {
        return Ok(());
    }
    let (merchant_id, country) = (values.get(Slot::MerchantId), values.get(Slot::MerchantCountry));
    let old_path = paths.certificate(country, merchant_id, Some(b"old"));
    let old = crate::session::load_certificate(&old_path, paths.certificate_has_header()).map_err(|_| {
        ApiError::new(Category::MacKeyGeneration, [&b"error open certificate file "[..], &old_path].concat())
    })?;
    let old_matrix = old.matrix.as_ref().map_err(|e| ApiError::new(Category::MacKeyGeneration, e.detail()))?;
    if !mac_matches(message, values, old_matrix)? {
        return Err(ApiError::new(Category::InvalidMac, &b"mac received diffrent than mac computed"[..]));
    }
    let line = format!(
        "2-OLDCERTIF;{};{};?;AAAAMMJJHHMMSS",
        String::from_utf8_lossy(merchant_id),
        String::from_utf8_lossy(country)
    );
    session.trace.line(session.env, session.now, &line);
    Ok(())
}

/// The customer_id 3DES keys of this message (always from the current certificate).
fn customer_id_keys(values: &Values, matrix: &KeyMatrix) -> Option<([u8; 8], [u8; 8])> {
    wire::keys::customer_id_keys(
        matrix,
        values.get(Slot::Amount),
        values.get(Slot::TransmissionDate),
        values.get(Slot::TransactionId),
    )
    .ok()
}

/// Languages back to ISO codes and customer_id deciphered when 108 says so.
fn load(received: &mut Received, matrix: &KeyMatrix) {
    for slot in [Slot::Language, Slot::MerchantLanguage] {
        let iso = to_iso_language(received.values.get(slot)).to_vec();
        received.values.set(slot, iso);
    }
    if received.ciphered {
        let clear = match customer_id_keys(&received.values, matrix) {
            Some((k1, k2)) => wire::cipher::decrypt_customer_id(&k1, &k2, received.values.get(Slot::CustomerId)),
            None => Vec::new(),
        };
        received.values.set(Slot::CustomerId, clear);
    }
}

fn debug_values(session: &mut Session, values: &Values) {
    session.debug.section(b"Response sent by the Payment Server");
    for (label, slot) in DEBUG_ROWS {
        session.debug.labelled(label.as_bytes(), values.get(slot));
    }
    session.debug.close();
}

/// The legacy checks, in order: lengths, presence, digits. `Err` is the detail.
fn check_values(values: &Values) -> Result<(), Vec<u8>> {
    for (slot, detail) in LENGTH_CHECKS {
        if values.get(slot).len() > slot.def().max.unwrap_or(usize::MAX) {
            return Err(detail.as_bytes().to_vec());
        }
    }
    let presence: [(Slot, &[u8]); 4] = [
        (Slot::MerchantId, b"merchant_id not filled"),
        (Slot::TransactionId, b"transaction_id not filled"),
        (Slot::Amount, b"invalid amount length"),
        (Slot::TransmissionDate, b"transmission_date not filled"),
    ];
    for (slot, detail) in presence {
        if values.get(slot).is_empty() {
            return Err(detail.to_vec());
        }
    }
    let digits: [(Slot, &[u8]); 3] = [
        (Slot::TransactionId, b"transaction_id not numeric"),
        (Slot::Amount, b"amount not numeric"),
        (Slot::TransmissionDate, b"transmission_date not numeric"),
    ];
    for (slot, detail) in digits {
        if !all_digits(values.get(slot)) {
            return Err(detail.to_vec());
        }
    }
    Ok(())
}

/// Field 107, deciphered, goes at the end of `data` after a `;`.
fn append_complement(received: &mut Received, matrix: &KeyMatrix) {
    if received.complement.is_empty() {
        return;
    }
    let clear = match customer_id_keys(&received.values, matrix) {
        Some((k1, k2)) => wire::cipher::decrypt_customer_id(&k1, &k2, &received.complement),
        None => Vec::new(),
    };
    let mut data = received.values.get(Slot::Data).to_vec();
    if !data.is_empty() && !data.ends_with(b";") {
        data.push(b';');
    }
    data.extend_from_slice(&clear);
    received.values.set(Slot::Data, data);
}

/// The names of the 42 values, in output order.
pub fn value_names() -> impl Iterator<Item = &'static str> {
    SLOTS.iter().map(|d| d.name)
}
