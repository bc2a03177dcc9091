//! What every `sogen` command does with its arguments: flags with values,
//! `--help`, and the exit status of a usage error.

use std::process::ExitCode;

/// Exit status of a usage error (an unknown option, a missing value).
pub const USAGE_ERROR: u8 = 2;

/// The arguments of a command, read flag by flag.
pub struct Flags<'a> {
    rest: std::slice::Iter<'a, String>,
}

impl<'a> Flags<'a> {
    pub fn new(args: &'a [String]) -> Flags<'a> {
        Flags { rest: args.iter() }
    }

    /// The next argument.
    pub fn next_flag(&mut self) -> Option<&'a str> {
        self.rest.next().map(String::as_str)
    }

    /// The value following `flag`.
    pub fn value(&mut self, flag: &str) -> Result<String, String> {
        self.rest.next().cloned().ok_or_else(|| format!("{flag} needs a value"))
    }
}

/// How parsing ended when it did not give options to run with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    Help,
    Usage(String),
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop::Usage(message)
    }
}

impl Stop {
    /// Prints the usage (to stdout for --help, to stderr after the error)
    /// and gives the exit status.
    pub fn exit(&self, command: &str, usage: &str) -> ExitCode {
        match self {
            Stop::Help => {
                println!("{usage}");
                ExitCode::SUCCESS
            }
            Stop::Usage(message) => {
                eprintln!("{command}: {message}\n{usage}");
                ExitCode::from(USAGE_ERROR)
            }
        }
    }
}

/// The error for an argument no command knows.
pub fn unknown(flag: &str) -> Stop {
    Stop::Usage(format!("unknown option {flag}"))
}

/// Checks a merchant id (1 to 15 digits) and country (two lower-case
/// letters): both become part of a file name.
pub fn check_merchant(id: &str, country: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 15 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("--merchant-id {id:?}: 1 to 15 digits"));
    }
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(format!("--country {country:?}: two lower-case letters (fr, be…)"));
    }
    Ok(())
}
