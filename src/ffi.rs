//! The C ABI. Every function is panic-safe and NULL-safe; every returned
//! string is heap-allocated by the library and must be released with
//! [`sogen_free`].

use std::ffi::{c_char, c_int, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{ApiError, Category};
use crate::output::{error_block, json};
use crate::SystemEnvironment;

/// Which executable a call stands for (their error framings differ).
#[derive(Clone, Copy)]
enum Program {
    Request,
    Response,
    RequestJson,
    ResponseJson,
}

/// Runs `request` like the legacy executable with `argc` arguments in `argv`
/// (`keyword=value` strings, without the program name), using the real clock.
///
/// Returns the exact text the executable printed (trace lines included, no
/// trailing newline), as a NUL-terminated string owned by the caller: release
/// it with `sogen_free`. Never returns NULL. Thread-safe.
///
/// A negative `argc`, or a NULL `argv` with `argc > 0`, gives an error string
/// in the legacy format `!-1!…!!`. A NULL element counts as an empty argument.
///
/// # Safety
/// `argv` must be NULL or point to `argc` pointers, each NULL or pointing to a
/// NUL-terminated string, all valid for the duration of the call.
#[no_mangle]
pub unsafe extern "C" fn sogen_request(argc: c_int, argv: *const *const c_char) -> *mut c_char {
    // SAFETY: forwarded from the caller's contract.
    unsafe { call(Program::Request, argc, argv) }
}

/// Runs `response` like the legacy executable (`message=…` and `pathfile=…`).
/// Same contract as `sogen_request`: the result is never NULL and must be
/// released with `sogen_free`.
///
/// # Safety
/// As for `sogen_request`.
#[no_mangle]
pub unsafe extern "C" fn sogen_response(argc: c_int, argv: *const *const c_char) -> *mut c_char {
    // SAFETY: forwarded from the caller's contract.
    unsafe { call(Program::Response, argc, argv) }
}

/// Runs `request` like `sogen_request`, and returns the result as a JSON
/// object instead of the legacy line:
/// `{"program":"request","exit_status":0,"code":0,"error":null,"debug":"…","form":"<FORM …>","output":"…"}`
/// (`error` is the legacy error text when `code` is -1; `output` is exactly
/// what `sogen_request` returns). JSON strings carry bytes as the code points
/// U+0000–U+00FF: decode them as latin-1 to get the bytes back. Release with
/// `sogen_free`.
///
/// # Safety
/// As for `sogen_request`.
#[no_mangle]
pub unsafe extern "C" fn sogen_request_json(argc: c_int, argv: *const *const c_char) -> *mut c_char {
    // SAFETY: forwarded from the caller's contract.
    unsafe { call(Program::RequestJson, argc, argv) }
}

/// Runs `response` like `sogen_response`, and returns the result as a JSON
/// object: `{"program":"response","exit_status":0,"code":0,"error":null,
/// "fields":{"merchant_id":"…", … the 42 values by name},"output":"…"}`.
/// Unlike the legacy line, the fields stay apart when a value contains `!`.
/// Same string conventions as `sogen_request_json`; release with `sogen_free`.
///
/// # Safety
/// As for `sogen_request`.
#[no_mangle]
pub unsafe extern "C" fn sogen_response_json(argc: c_int, argv: *const *const c_char) -> *mut c_char {
    // SAFETY: forwarded from the caller's contract.
    unsafe { call(Program::ResponseJson, argc, argv) }
}

/// Releases a string returned by this library. NULL is ignored.
///
/// # Safety
/// `s` must be NULL or a pointer returned by `sogen_request` or
/// `sogen_response` that has not been released yet.
#[no_mangle]
pub unsafe extern "C" fn sogen_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller passes back a pointer from CString::into_raw.
        drop(unsafe { CString::from_raw(s) });
    }));
}

/// The library version, e.g. `"0.1.0"`: a static string, not to be freed.
#[no_mangle]
pub extern "C" fn sogen_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

unsafe fn call(program: Program, argc: c_int, argv: *const *const c_char) -> *mut c_char {
    let text = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded from the caller's contract.
        match unsafe { collect_args(argc, argv) } {
            Some(args) => match program {
                Program::Request => crate::request(&args, &SystemEnvironment).text,
                Program::Response => crate::response(&args, &SystemEnvironment).text,
                Program::RequestJson => json::request(&crate::request(&args, &SystemEnvironment)).into_bytes(),
                Program::ResponseJson => json::response(&crate::response(&args, &SystemEnvironment)).into_bytes(),
            },
            None => unusable_arguments(program),
        }
    }))
    .unwrap_or_else(|_| internal_error(program));
    into_c_string(text)
}

/// More arguments than any kit version takes: only their starts are read
/// (enough to find `pathfile=`), since the answer is the count error.
const MOST_ARGUMENTS: usize = 91;
const START_OF_ARGUMENT: usize = 256;

/// The arguments as byte strings, each at most [`crate::MAX_ARGUMENT`]
/// bytes (longer ones are never read in full); `None` when `argc`/`argv`
/// are unusable.
unsafe fn collect_args(argc: c_int, argv: *const *const c_char) -> Option<Vec<Vec<u8>>> {
    let count = usize::try_from(argc).ok()?;
    if count == 0 {
        return Some(Vec::new());
    }
    if argv.is_null() {
        return None;
    }
    let cap = if count > MOST_ARGUMENTS { START_OF_ARGUMENT } else { crate::MAX_ARGUMENT };
    let mut args = Vec::with_capacity(count);
    for i in 0..count {
        // SAFETY: argv holds `argc` readable pointers (caller's contract).
        let p = unsafe { *argv.add(i) };
        if p.is_null() {
            args.push(Vec::new());
        } else {
            // SAFETY: a non-NULL element is a valid NUL-terminated string; strnlen
            // reads no further than its NUL or `cap` bytes.
            let len = unsafe { libc::strnlen(p, cap) };
            // SAFETY: the `len` bytes before that point are readable.
            args.push(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) }.to_vec());
        }
    }
    Some(args)
}

const UNUSABLE_ARGUMENTS: &str = "invalid number of arguments (argc < 0 or argv NULL)";

/// The answer to a negative `argc` or a NULL `argv`.
fn unusable_arguments(program: Program) -> Vec<u8> {
    let legacy = format!("!-1!{UNUSABLE_ARGUMENTS}!!");
    match program {
        Program::Request | Program::Response => legacy.into_bytes(),
        Program::RequestJson | Program::ResponseJson => json_error(program, UNUSABLE_ARGUMENTS, 255, &legacy),
    }
}

/// What a call returns if the library itself failed (a bug): a legacy error.
fn internal_error(program: Program) -> Vec<u8> {
    let error = ApiError::new(Category::Internal, Vec::new());
    let mut text = b"!-1!".to_vec();
    error_block(&mut text, &error);
    match program {
        Program::Request | Program::RequestJson => text.extend_from_slice(b"!!"),
        // As many empty values as the default version prints.
        Program::Response | Program::ResponseJson => {
            text.extend(std::iter::repeat_n(b'!', crate::ApiVersion::DEFAULT.profile().response.printed.len()))
        }
    }
    match program {
        Program::Request | Program::Response => text,
        _ => json_error(program, &error.to_string(), 0, &String::from_utf8_lossy(&text)),
    }
}

fn json_error(program: Program, error: &str, exit_status: i32, legacy: &str) -> Vec<u8> {
    let name = if matches!(program, Program::RequestJson) { "request" } else { "response" };
    json::failure(name, error.as_bytes(), exit_status, legacy.as_bytes()).into_bytes()
}

fn into_c_string(mut text: Vec<u8>) -> *mut c_char {
    // Outputs are built from C strings and NUL-cut file lines; keep the C
    // string whole even if that ever failed.
    for b in text.iter_mut().filter(|b| **b == 0) {
        *b = b' ';
    }
    CString::new(text).map(CString::into_raw).unwrap_or(std::ptr::null_mut())
}
