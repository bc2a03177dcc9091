//! `sogen`: the configuration doctor, the local payment server and the
//! certificate generator of libsogen.

use sogen_tools::{doctor, sandbox};
use std::process::ExitCode;

const USAGE: &str = "usage: sogen <command> [options]

commands:
  doctor   check an installation: pathfile, parmcom files, certificate, trial request + response
  sandbox  run a local payment server where a test certificate points
  cert     generate a merchant certificate (test key, server URL of your choice)
  logos    write the card logos the payment form asks for under D_LOGO (CB.gif, VISA.gif…)

`sogen <command> --help` describes each command.";

const DOCTOR_USAGE: &str = "usage: sogen doctor [--pathfile P] [--merchant-id ID] [--country fr]
                   [--bin-dir DIR] [--no-trial] [--lang en|fr|both] [--json] [--quiet]

Checks the installation the executables would use with pathfile=P (default:
./pathfile) and reports every problem with the legacy error it causes, the FAQ
entry and the fix. --bin-dir also checks the request/response executables the
shop runs. Exit status: 0 when all is well, 1 when something needs fixing.";

fn doctor_main(args: &[String]) -> ExitCode {
    let mut opts = doctor::Options { pathfile: b"pathfile".to_vec(), ..Default::default() };
    let (mut lang, mut json, mut quiet) = ("both".to_string(), false, false);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned();
        let missing = || {
            eprintln!("sogen doctor: {flag} needs a value\n{DOCTOR_USAGE}");
            ExitCode::from(2)
        };
        match flag.as_str() {
            "--pathfile" => match value() {
                Some(v) => opts.pathfile = doctor::path_bytes(std::ffi::OsStr::new(&v)),
                None => return missing(),
            },
            "--merchant-id" => match value() {
                Some(v) => opts.merchant_id = Some(v),
                None => return missing(),
            },
            "--country" => match value() {
                Some(v) => opts.country = Some(v),
                None => return missing(),
            },
            "--bin-dir" => match value() {
                Some(v) => opts.bin_dir = Some(v.into()),
                None => return missing(),
            },
            "--lang" => match value().filter(|v| ["en", "fr", "both"].contains(&v.as_str())) {
                Some(v) => lang = v,
                None => return missing(),
            },
            "--no-trial" => opts.no_trial = true,
            "--json" => json = true,
            "--quiet" => quiet = true,
            "-h" | "--help" => {
                println!("{DOCTOR_USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("sogen doctor: unknown option {other}\n{DOCTOR_USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let report = doctor::diagnose(opts);
    if json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print!("{}", report.render(&lang, quiet));
    }
    ExitCode::from(report.exit_code() as u8)
}

const LOGOS_USAGE: &str = "usage: sogen logos --dir DIR [NAME…]

Writes NAME.gif for each name (default: CB VISA MASTERCARD AMEX CLEF INTERVAL),
small logos drawn by libsogen, to serve under the pathfile's D_LOGO. Existing
files are kept.";

fn logos_main(args: &[String]) -> ExitCode {
    let mut dir = None;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dir" => dir = it.next().cloned(),
            "-h" | "--help" => {
                println!("{LOGOS_USAGE}");
                return ExitCode::SUCCESS;
            }
            name if !name.starts_with('-') => names.push(name.to_string()),
            other => {
                eprintln!("sogen logos: unknown option {other}\n{LOGOS_USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("sogen logos: --dir is required\n{LOGOS_USAGE}");
        return ExitCode::from(2);
    };
    if names.is_empty() {
        names = ["CB", "VISA", "MASTERCARD", "AMEX", "CLEF", "INTERVAL"].map(String::from).to_vec();
    }
    match sogen_tools::gif::write_logos(std::path::Path::new(&dir), &names) {
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "doctor" => doctor_main(rest),
        "sandbox" => match sandbox::parse_args(rest) {
            Ok(config) => match sandbox::run(config) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("sogen sandbox: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(e) if e.is_empty() => {
                println!("{}", sandbox::USAGE);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("sogen sandbox: {e}\n{}", sandbox::USAGE);
                ExitCode::from(2)
            }
        },
        "cert" => ExitCode::from(sogen_tools::cert::run("sogen cert", rest)),
        "logos" => logos_main(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("sogen: unknown command {other}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
