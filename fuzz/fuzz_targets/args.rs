//! The argument list of `request` and `response`: the input is split on NUL
//! into arguments. A `pathfile=` argument always names the demo pathfile, so
//! the fuzzer explores the argument parser, the field checks, the parmcom
//! merge and the form, not the file system.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::at_repo_root();
    let mut args: Vec<&[u8]> = data.split(|&b| b == 0).take(60).collect();
    for a in args.iter_mut().filter(|a| a.starts_with(b"pathfile")) {
        *a = common::PATHFILE;
    }
    if !args.is_empty() && data.first() == Some(&b'+') {
        args[0] = common::PATHFILE;
    }
    let request = sogen::request(&args, &common::ENV);
    assert!(request.text.starts_with(b"!"));
    let _ = sogen::internals::request_json(&request);
    let response = sogen::response(&args, &common::ENV);
    assert!(response.text.starts_with(b"!"));
    let _ = sogen::internals::response_json(&response);
});
