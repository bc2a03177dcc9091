//! `sogen sandbox`'s command line.

use super::merchants::{Merchants, Source};
use crate::cli::{unknown, Flags, Stop};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The sandbox's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub merchants: Merchants,
    /// Names besides this machine's under which clients reach the server.
    pub hosts: Vec<String>,
}

pub const USAGE: &str = "usage: sogen sandbox [--listen 127.0.0.1:8090] [--pathfile P]... [--cert-dir DIR]...
                    [--db sogen-sandbox.sqlite] [--host NAME]...

A local payment server: the payment form of `request` posts to the server URL in
the merchant's certificate + /callpayment; generate a certificate pointing here
(sogen init --sandbox, or sogen cert --url http://127.0.0.1:8090/cgis-payment/demo).
A Sips 2.0 merchant's forms post to its key file's PAYMENT_URL: the sandbox
serves Paypage POST at /paymentInit (sogen key --url http://127.0.0.1:8090/paymentInit).
Merchants' certificates and key files are found through their pathfile
(F_CERTIFICATE, F_CTYPE) or in a directory of certif.<country>.<merchant_id>[.<type>]
files, read again at every payment: a file copied there serves at once.
The server answers to localhost, 127.0.0.1, [::1], its listening address and
the names given with --host only. Stop with Ctrl-C or SIGTERM.";

pub fn parse_args(args: &[String]) -> Result<Config, Stop> {
    let mut config = Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 8090)),
        db: PathBuf::from("sogen-sandbox.sqlite"),
        merchants: Merchants::default(),
        hosts: Vec::new(),
    };
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--listen" => config.listen = flags.value(flag)?.parse().map_err(|e| format!("--listen: {e}"))?,
            "--db" => config.db = PathBuf::from(flags.value(flag)?),
            "--pathfile" => config.merchants.sources.push(Source::Pathfile(flags.value(flag)?.into())),
            "--cert-dir" => config.merchants.sources.push(Source::Directory(flags.value(flag)?.into())),
            "--host" => config.hosts.push(flags.value(flag)?),
            "-h" | "--help" => return Err(Stop::Help),
            other => return Err(unknown(other)),
        }
    }
    if config.merchants.sources.is_empty() {
        return Err(Stop::Usage(
            "give --pathfile (the shop's pathfile) or --cert-dir (a directory of certificates)".into(),
        ));
    }
    Ok(config)
}
