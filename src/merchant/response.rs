//! `response`: checks and decodes what the payment server posts back and
//! prints its values (`!0!<debug>!v1!…!v42`, or `!-1!<error>!…`).

use super::expect;
use super::session::{Failure, Session};
use crate::backend::sips1;
use crate::backend::sips2::{self, seal::Encoding, Posted};
use crate::clib::cut_at_nul;
use crate::env::Environment;
use crate::error::{ApiError, ArgumentError, Category};
use crate::fields::Values;
use crate::output::Outcome;
use crate::version::{Profile, Selected};

/// Longest `pathfile=` value.
const MAX_PATHFILE: usize = 255;
/// A message of at most this many characters is refused before anything is read.
const MIN_MESSAGE: usize = 16;

/// The arguments: `message=` and `pathfile=`, 1 or 2 of them, any order;
/// for a Sips 2.0 message also `seal=` and `encode=`, up to 4.
struct Arguments<'a> {
    message: &'a [u8],
    pathfile: &'a [u8],
    /// `seal=` and `encode=`: `Some` when either is given (a Sips 2.0 message).
    sips2: Option<(&'a [u8], &'a [u8])>,
}

/// `message=`, `seal=`, `encode=`, `pathfile=`.
const MAX_SIPS2_ARGUMENTS: usize = 4;

fn parse_arguments<'a>(args: &[&'a [u8]]) -> Result<Arguments<'a>, ArgumentError> {
    let sips2 = args.iter().map(|a| cut_at_nul(a)).any(|a| a.starts_with(b"seal=") || a.starts_with(b"encode="));
    match args.len() {
        0 => return Err(ArgumentError::ResponseNone),
        1 | 2 => {}
        n if sips2 && n <= MAX_SIPS2_ARGUMENTS => {}
        _ if sips2 => return Err(ArgumentError::TooMany("invalid number of arguments (must be <= 4)")),
        _ => return Err(ArgumentError::ResponseTooMany),
    }
    let mut parsed = Arguments { message: &[], pathfile: &[], sips2: sips2.then_some((&[][..], &[][..])) };
    for &arg in args {
        let arg = cut_at_nul(arg);
        if let Some(message) = arg.strip_prefix(b"message=") {
            parsed.message = message;
        } else if let Some(path) = arg.strip_prefix(b"pathfile=") {
            if path.len() > MAX_PATHFILE {
                return Err(ArgumentError::TooLong(arg.to_vec()));
            }
            parsed.pathfile = path;
        } else if let (Some(seal), Some((s, _))) = (arg.strip_prefix(b"seal="), parsed.sips2.as_mut()) {
            *s = seal;
        } else if let (Some(encode), Some((_, e))) = (arg.strip_prefix(b"encode="), parsed.sips2.as_mut()) {
            *e = encode;
        } else {
            return Err(ArgumentError::InvalidKeyword(arg.to_vec()));
        }
    }
    Ok(parsed)
}

/// Why a run stopped, and whether the values loaded so far are printed.
pub(crate) struct Stop {
    pub failure: Failure,
    /// Boxed: the error path stays small beside the values it rarely carries.
    pub values: Option<Box<Values>>,
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

/// Runs `response` on `args` (the arguments after the program name).
pub(crate) fn run<A: AsRef<[u8]>>(args: &[A], env: &dyn Environment, selected: &Selected) -> Outcome {
    let profile = selected.profile;
    let (args, expectations) = expect::split(args);
    let arguments = match parse_arguments(&args) {
        Ok(a) => a,
        Err(e) => return Outcome::argument_error(e, &names(profile)),
    };
    let mut session = Session::new(env, selected);
    let result = process(&mut session, arguments).and_then(|values| {
        if expectations.is_empty() {
            return Ok(values);
        }
        expect::check(&expectations, &values, env).map(|()| values).map_err(Stop::from)
    });
    match result {
        Ok(values) => {
            let debug = std::mem::take(&mut session.debug.out);
            let head = [&b"!0!"[..], &debug].concat();
            Outcome::response(session.trace, &head, debug, None, &values, profile.response.printed)
        }
        Err(stop) => {
            let debug = session.debug.out.clone();
            let head = [&b"!-1!"[..], &session.failure_text(&stop.failure)].concat();
            let values = stop.values.map(|v| *v).unwrap_or_default();
            Outcome::response(session.trace, &head, debug, Some(stop.failure.error), &values, profile.response.printed)
        }
    }
}

fn process(session: &mut Session, args: Arguments) -> Result<Values, Stop> {
    if let Some((seal, encode)) = args.sips2 {
        return process_sips2(session, &args, seal, encode);
    }
    // What lies beyond the legacy argument buffer was never read.
    let message = &args.message[..args.message.len().min(session.profile.response.message_buffer)];
    if message.len() <= MIN_MESSAGE {
        return Err(ApiError::new(Category::ResponseParameter, &b"wrong length"[..]).into());
    }
    let paths = session.read_pathfile(args.pathfile, '-')?;
    sips1::respond(session, &paths, message)
}

/// A Sips 2.0 message: `message=` is the posted Data, `seal=` its Seal,
/// `encode=` its Encode.
fn process_sips2(session: &mut Session, args: &Arguments, seal: &[u8], encode: &[u8]) -> Result<Values, Stop> {
    let parameter = |detail: &[u8]| ApiError::new(Category::ResponseParameter, detail);
    let encoding =
        Encoding::parse(encode).ok_or_else(|| parameter(&[&b"encode ("[..], encode, b") unknown"].concat()))?;
    if args.message.is_empty() {
        return Err(parameter(b"message missing").into());
    }
    if seal.is_empty() {
        return Err(parameter(b"seal missing").into());
    }
    let paths = session.read_pathfile(args.pathfile, '-')?;
    sips2::respond(session, &paths, &Posted { data: args.message, seal, encoding })
}

/// The names of the printed values, in the version's order.
fn names(profile: &Profile) -> Vec<&'static str> {
    profile.response.printed.iter().map(|slot| slot.def().name).collect()
}
