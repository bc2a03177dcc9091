//! `sogen logos`: the card logos the payment form shows under D_LOGO.

use crate::cli::{unknown, Flags, Stop};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The logos of the usual payment means, the padlock and the spacer.
pub const DEFAULT_NAMES: [&str; 6] = ["CB", "VISA", "MASTERCARD", "AMEX", "CLEF", "INTERVAL"];

pub const USAGE: &str = "usage: sogen logos --dir DIR [NAME…]

Writes NAME.gif for each name (default: CB VISA MASTERCARD AMEX CLEF INTERVAL),
small logos drawn by libsogen, to serve under the pathfile's D_LOGO. Existing
files are kept.";

fn parse(args: &[String]) -> Result<(PathBuf, Vec<String>), Stop> {
    let (mut dir, mut names) = (None, Vec::new());
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--dir" => dir = Some(PathBuf::from(flags.value(flag)?)),
            "-h" | "--help" => return Err(Stop::Help),
            name if !name.starts_with('-') => names.push(name.to_string()),
            other => return Err(unknown(other)),
        }
    }
    let dir = dir.ok_or(Stop::Usage("--dir is required".into()))?;
    if names.is_empty() {
        names = DEFAULT_NAMES.map(String::from).to_vec();
    }
    Ok((dir, names))
}

/// Writes the logos missing from `dir`; gives the files written.
pub fn write(dir: &Path, names: &[String]) -> Result<Vec<PathBuf>, String> {
    crate::gif::write_logos(dir, names).map_err(|e| format!("{}: {e}", dir.display()))
}

/// `sogen logos …`.
pub fn main(args: &[String]) -> ExitCode {
    let (dir, names) = match parse(args) {
        Ok(parsed) => parsed,
        Err(stop) => return stop.exit("sogen logos", USAGE),
    };
    match write(&dir, &names) {
        Ok(written) => {
            for path in written {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sogen logos: {e}");
            ExitCode::FAILURE
        }
    }
}
