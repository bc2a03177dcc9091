//! Generates a merchant certificate in the legacy layout, with a fresh random
//! key matrix and the payment server URL of your choice.
//!
//! usage: sogen-cert --merchant-id ID --country CC --url URL [--ctype php | --bare]
//!                   [--date dd/mm/yyyy] [--expires yyyymmdd] [--dir DIR]
//!                   [--prefix certif] [--old] [--force]

use sogen::certgen::{generate, os_random, CertificateSpec};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

const USAGE: &str = "usage: sogen-cert --merchant-id ID --country CC --url URL [--ctype php | --bare]
                  [--date dd/mm/yyyy] [--expires yyyymmdd] [--dir DIR] [--prefix certif]
                  [--old] [--force]

Writes <DIR>/<prefix>.<CC>.<ID>[.old][.<ctype>] (mode 0600): a certificate the
legacy executables and libsogen accept, whose forms post to <URL>/callpayment.
--old writes the previous-certificate file `response` falls back to.";

struct Options {
    spec: CertificateSpec,
    dir: String,
    prefix: String,
    old: bool,
    force: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let today = sogen::env::CivilTime::from_unix(sogen::Environment::now(&sogen::SystemEnvironment));
    let mut o = Options {
        spec: CertificateSpec {
            merchant_id: String::new(),
            country: String::new(),
            server_url: String::new(),
            ctype: Some("php".into()),
            date: format!("{:02}/{:02}/{:04}", today.day, today.month, today.year),
            expires: format!("{:04}{:02}{:02}", today.year + 10, today.month, today.day.min(28)),
            label: "sogentest".into(),
            name: "TEST".into(),
        },
        dir: ".".into(),
        prefix: "certif".into(),
        old: false,
        force: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--merchant-id" => o.spec.merchant_id = value()?,
            "--country" => o.spec.country = value()?,
            "--url" => o.spec.server_url = value()?,
            "--ctype" => o.spec.ctype = Some(value()?),
            "--bare" => o.spec.ctype = None,
            "--date" => o.spec.date = value()?,
            "--expires" => o.spec.expires = value()?,
            "--label" => o.spec.label = value()?,
            "--name" => o.spec.name = value()?,
            "--dir" => o.dir = value()?,
            "--prefix" => o.prefix = value()?,
            "--old" => o.old = true,
            "--force" => o.force = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.spec.merchant_id.is_empty() || o.spec.country.is_empty() || o.spec.server_url.is_empty() {
        return Err("--merchant-id, --country and --url are required".into());
    }
    Ok(o)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("sogen-cert: {e}");
            }
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    let text = match generate(&o.spec, &mut os_random) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("sogen-cert: {e}");
            std::process::exit(1);
        }
    };
    let mut name = format!("{}.{}.{}", o.prefix, o.spec.country, o.spec.merchant_id);
    if o.old {
        name.push_str(".old");
    }
    if let Some(t) = &o.spec.ctype {
        name.push('.');
        name.push_str(t);
    }
    let path = std::path::Path::new(&o.dir).join(&name);
    // The matrix is the merchant's secret: owner-only, and never clobbered by accident.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).mode(0o600);
    if o.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    match options.open(&path).and_then(|mut f| f.write_all(&text)) {
        Ok(()) => println!("{}", path.display()),
        Err(e) => {
            eprintln!("sogen-cert: {}: {e}{}", path.display(), if o.force { "" } else { " (--force replaces it)" });
            std::process::exit(1);
        }
    }
}
