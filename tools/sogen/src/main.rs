//! `sogen`: the configuration doctor, the local payment server, the
//! installation, certificate and logo writers of libsogen.

use sogen_tools::{cert, cli, doctor, init, key, logos, sandbox};
use std::process::ExitCode;

const USAGE: &str = "usage: sogen <command> [options]

commands:
  doctor   check an installation: pathfile, parmcom files, certificate, trial request + response
  sandbox  run a local payment server where a test certificate or key file points
  init     write a merchant's installation (pathfile, parmcom files, certificate or key file, logos) and check it
  cert     generate a merchant certificate (test key, server URL of your choice)
  key      write a merchant's Sips 2.0 key file (today's Sogenactif) where its certificate was
  logos    write the card logos the payment form asks for under D_LOGO (CB.gif, VISA.gif…)

`sogen <command> --help` describes each command; `sogen --version` prints the version.";

/// The arguments as text: a clear error rather than a panic on other bytes.
fn arguments() -> Result<Vec<String>, String> {
    std::env::args_os()
        .skip(1)
        .map(|a| a.into_string().map_err(|a| format!("argument {a:?} is not UTF-8 text")))
        .collect()
}

fn main() -> ExitCode {
    let args = match arguments() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("sogen: {e}");
            return ExitCode::from(cli::USAGE_ERROR);
        }
    };
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(cli::USAGE_ERROR);
    };
    match command.as_str() {
        "doctor" => doctor::cli::main(rest),
        "sandbox" => sandbox::main(rest),
        "init" => init::main(rest),
        "cert" => cert::main(rest),
        "key" => key::main(rest),
        "logos" => logos::main(rest),
        "-V" | "--version" => {
            println!("sogen {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("sogen: unknown command {other}\n{USAGE}");
            ExitCode::from(cli::USAGE_ERROR)
        }
    }
}
