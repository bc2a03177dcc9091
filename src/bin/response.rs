//! Drop-in replacement for the legacy `response` executable: same arguments,
//! same output (no trailing newline), same exit status.

use std::os::unix::ffi::OsStringExt;

fn main() {
    let args: Vec<Vec<u8>> = std::env::args_os().skip(1).map(|a| a.into_vec()).collect();
    sogen::response(&args, &sogen::SystemEnvironment).print_and_exit()
}
