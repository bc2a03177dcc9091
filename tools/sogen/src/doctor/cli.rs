//! `sogen doctor`'s command line.

use super::{diagnose, Options};
use crate::cli::{unknown, Flags, Stop};
use crate::lang::Lang;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;

pub const USAGE: &str = "usage: sogen doctor [--pathfile P] [--merchant-id ID] [--country fr]
                   [--bin-dir DIR] [--logo-dir DIR] [--no-trial]
                   [--lang en|fr] [--json] [--quiet]

Checks the installation the executables would use with pathfile=P (default:
./pathfile) and reports every problem with the legacy error it causes, the FAQ
entry and the fix. --bin-dir also checks the request/response executables the
shop runs; --logo-dir, the directory served as D_LOGO. The report is in the
language of LC_ALL / LC_MESSAGES / LANG (French when it starts with fr) unless
--lang says otherwise. Exit status: 0 when all is well, 1 when something needs
fixing, 2 for a usage error.";

/// How to print the report.
#[derive(Debug, Clone, Copy)]
struct Output {
    lang: Lang,
    json: bool,
    quiet: bool,
}

fn parse(args: &[String]) -> Result<(Options, Output), Stop> {
    let mut opts = Options::default();
    let mut output = Output { lang: Lang::from_env(), json: false, quiet: false };
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--pathfile" => opts.pathfile = std::ffi::OsString::from(flags.value(flag)?).as_bytes().to_vec(),
            "--merchant-id" => opts.merchant_id = Some(flags.value(flag)?),
            "--country" => opts.country = Some(flags.value(flag)?),
            "--bin-dir" => opts.bin_dir = Some(flags.value(flag)?.into()),
            "--logo-dir" => opts.logo_dir = Some(flags.value(flag)?.into()),
            "--lang" => {
                let code = flags.value(flag)?;
                output.lang = Lang::parse(&code).ok_or(format!("--lang {code}: en or fr"))?;
            }
            "--no-trial" => opts.no_trial = true,
            "--json" => output.json = true,
            "--quiet" => output.quiet = true,
            "-h" | "--help" => return Err(Stop::Help),
            other => return Err(unknown(other)),
        }
    }
    Ok((opts, output))
}

pub fn main(args: &[String]) -> ExitCode {
    let (opts, output) = match parse(args) {
        Ok(parsed) => parsed,
        Err(stop) => return stop.exit("sogen doctor", USAGE),
    };
    let report = diagnose(opts);
    if output.json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print!("{}", report.render(output.lang, output.quiet));
    }
    ExitCode::from(report.exit_code() as u8)
}
