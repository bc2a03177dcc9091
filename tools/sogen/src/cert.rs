//! `sogen cert`: the certificate generator's options, the file name, and a
//! private write (the generator itself is the core's `certgen`).

use sogen::certgen::{generate, os_random, CertificateSpec};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

/// The usage text, for the command spelled `command`.
pub fn usage(command: &str) -> String {
    let pad = " ".repeat(command.len());
    format!(
        "usage: {command} --merchant-id ID --country CC --url URL [--ctype php | --bare]
       {pad} [--date dd/mm/yyyy] [--expires yyyymmdd] [--label L] [--name N]
       {pad} [--dir DIR] [--prefix certif] [--old] [--force]

Writes <DIR>/<prefix>.<CC>.<ID>[.old][.<ctype>] (mode 0600): a certificate the
legacy executables and libsogen accept, whose forms post to <URL>/callpayment.
--old writes the previous-certificate file `response` falls back to. For the
local payment server use its address, e.g.
--url http://127.0.0.1:8090/cgis-payment/demo"
    )
}

/// What to write.
#[derive(Debug, Clone)]
pub struct CertOptions {
    pub spec: CertificateSpec,
    pub dir: PathBuf,
    pub prefix: String,
    pub old: bool,
    pub force: bool,
}

impl CertOptions {
    /// `<prefix>.<cc>.<id>[.old][.<ctype>]`.
    pub fn file_name(&self) -> String {
        let mut name = format!("{}.{}.{}", self.prefix, self.spec.country, self.spec.merchant_id);
        if self.old {
            name.push_str(".old");
        }
        if let Some(t) = &self.spec.ctype {
            name.push('.');
            name.push_str(t);
        }
        name
    }
}

/// `dd/mm/yyyy` of today and `yyyymmdd` ten years on (UTC).
fn default_dates() -> (String, String) {
    let now = sogen::CivilTime::from_unix(sogen::Environment::now(&sogen::SystemEnvironment));
    (
        format!("{:02}/{:02}/{:04}", now.day, now.month, now.year),
        format!("{:04}{:02}{:02}", now.year + 10, now.month, now.day.min(28)),
    )
}

/// Parses the options; `Err("")` asks for the usage text.
pub fn parse_args(args: &[String]) -> Result<CertOptions, String> {
    let (date, expires) = default_dates();
    let mut o = CertOptions {
        spec: CertificateSpec {
            merchant_id: String::new(),
            country: String::new(),
            server_url: String::new(),
            ctype: Some("php".into()),
            date,
            expires,
            label: "sogentest".into(),
            name: "TEST".into(),
        },
        dir: PathBuf::from("."),
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
            "--dir" => o.dir = PathBuf::from(value()?),
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

/// Generates and writes the certificate; returns its path.
pub fn write(o: &CertOptions) -> Result<PathBuf, String> {
    let text = generate(&o.spec, &mut os_random).map_err(|e| e.to_string())?;
    let path = o.dir.join(o.file_name());
    // The key matrix is the merchant's secret: owner-only, never clobbered by accident.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).mode(0o600);
    if o.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options
        .open(&path)
        .and_then(|mut f| f.write_all(&text))
        .map_err(|e| format!("{}: {e}{}", path.display(), if o.force { "" } else { " (--force replaces it)" }))?;
    Ok(path)
}

/// The whole command: prints the path written, or the error and the usage.
/// Returns the exit status: 0 written (or help), 1 failed, 2 bad options.
pub fn run(command: &str, args: &[String]) -> u8 {
    match parse_args(args) {
        Ok(o) => match write(&o) {
            Ok(path) => {
                println!("{}", path.display());
                0
            }
            Err(e) => {
                eprintln!("{command}: {e}");
                1
            }
        },
        Err(e) if e.is_empty() => {
            println!("{}", usage(command));
            0
        }
        Err(e) => {
            eprintln!("{command}: {e}\n{}", usage(command));
            2
        }
    }
}
