//! `sogen cert`: the certificate generator's options, the file name, and a
//! private write (the generator itself is the core's `certgen`).

use crate::cli::{unknown, Flags, Stop};
use crate::core::certgen::{generate, os_random, CertificateSpec};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

/// A test certificate's description: dated today, expiring in ten years (UTC).
pub fn test_spec(merchant_id: &str, country: &str, server_url: &str) -> CertificateSpec {
    let now = crate::core::now_utc();
    CertificateSpec {
        merchant_id: merchant_id.into(),
        country: country.into(),
        server_url: server_url.into(),
        ctype: Some("php".into()),
        date: format!("{:02}/{:02}/{:04}", now.day, now.month, now.year),
        expires: format!("{:04}{:02}{:02}", now.year + 10, now.month, now.day.min(28)),
        label: "sogentest".into(),
        name: "TEST".into(),
    }
}

/// Parses the options.
pub fn parse_args(args: &[String]) -> Result<CertOptions, Stop> {
    let mut o = CertOptions {
        spec: test_spec("", "", ""),
        dir: PathBuf::from("."),
        prefix: "certif".into(),
        old: false,
        force: false,
    };
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--merchant-id" => o.spec.merchant_id = flags.value(flag)?,
            "--country" => o.spec.country = flags.value(flag)?,
            "--url" => o.spec.server_url = flags.value(flag)?,
            "--ctype" => o.spec.ctype = Some(flags.value(flag)?),
            "--bare" => o.spec.ctype = None,
            "--date" => o.spec.date = flags.value(flag)?,
            "--expires" => o.spec.expires = flags.value(flag)?,
            "--label" => o.spec.label = flags.value(flag)?,
            "--name" => o.spec.name = flags.value(flag)?,
            "--dir" => o.dir = PathBuf::from(flags.value(flag)?),
            "--prefix" => o.prefix = flags.value(flag)?,
            "--old" => o.old = true,
            "--force" => o.force = true,
            "-h" | "--help" => return Err(Stop::Help),
            other => return Err(unknown(other)),
        }
    }
    if o.spec.merchant_id.is_empty() || o.spec.country.is_empty() || o.spec.server_url.is_empty() {
        return Err(Stop::Usage("--merchant-id, --country and --url are required".into()));
    }
    Ok(o)
}

/// Writes a merchant's secret: owner-only, never over an existing file unless `force`.
/// A file replaced keeps its inode but not its mode: it is made owner-only
/// before the secret is written into it.
pub fn write_private(path: &Path, content: &[u8], force: bool) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).mode(0o600);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options
        .open(path)
        .and_then(|mut f| {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            f.write_all(content)
        })
        .map_err(|e| {
            let hint = match e.kind() {
                std::io::ErrorKind::AlreadyExists => " (--force replaces it)",
                std::io::ErrorKind::NotFound => " (its directory does not exist)",
                _ => "",
            };
            format!("{}: {e}{hint}", path.display())
        })
}

/// Generates and writes the certificate; returns its path.
pub fn write(o: &CertOptions) -> Result<PathBuf, String> {
    let text = generate(&o.spec, &mut os_random).map_err(|e| e.to_string())?;
    let path = o.dir.join(o.file_name());
    write_private(&path, &text, o.force)?;
    Ok(path)
}

/// `sogen cert …`: prints the path written, or the error and the usage.
pub fn main(args: &[String]) -> ExitCode {
    let command = "sogen cert";
    match parse_args(args) {
        Ok(o) => match write(&o) {
            Ok(path) => {
                println!("{}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{command}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(stop) => stop.exit(command, &usage(command)),
    }
}
