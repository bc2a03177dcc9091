//! Drop-in replacement for the legacy `request` executable: same arguments,
//! same output (no trailing newline), same exit status.

use std::io::Write;
use std::os::unix::ffi::OsStringExt;

fn main() {
    let args: Vec<Vec<u8>> = std::env::args_os().skip(1).map(|a| a.into_vec()).collect();
    let output = sogen::request(&args);
    let mut stdout = std::io::stdout().lock();
    // Nothing useful can be done if stdout is closed; the exit status still tells.
    let _ = stdout.write_all(&output.text).and_then(|_| stdout.flush());
    std::process::exit(output.exit_code);
}
