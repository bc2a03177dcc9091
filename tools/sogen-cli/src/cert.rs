//! `sogen cert`: the core's certificate generator (`sogen-cert`) under the
//! same command as the doctor and the sandbox, so a merchant setting up a
//! local test needs one tool.

use sogen::certgen::{generate, os_random, CertificateSpec};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

pub const USAGE: &str = "usage: sogen cert --merchant-id ID --country CC --url URL [--ctype php | --bare]
                 [--date dd/mm/yyyy] [--expires yyyymmdd] [--dir DIR] [--prefix certif]
                 [--old] [--force]

Writes <DIR>/<prefix>.<CC>.<ID>[.old][.<ctype>] (mode 0600) whose forms post to
<URL>/callpayment. For the local payment server use its address, e.g.
--url http://127.0.0.1:8090/cgis-payment/demo";

/// What to write.
#[derive(Debug, Clone)]
pub struct CertOptions {
    pub spec: CertificateSpec,
    pub dir: PathBuf,
    pub prefix: String,
    pub old: bool,
    pub force: bool,
}

/// `dd/mm/yyyy` of today and `yyyymmdd` ten years on (UTC).
fn default_dates() -> (String, String) {
    let now = sogen::env::CivilTime::from_unix(sogen::Environment::now(&sogen::SystemEnvironment));
    (
        format!("{:02}/{:02}/{:04}", now.day, now.month, now.year),
        format!("{:04}{:02}{:02}", now.year + 10, now.month, now.day.min(28)),
    )
}

/// Parses the arguments after `cert`; `Err("")` asks for the usage text.
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
            label: "sogensandbox".into(),
            name: "SANDBOX".into(),
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

/// The file name `<prefix>.<cc>.<id>[.old][.<ctype>]`.
pub fn file_name(o: &CertOptions) -> String {
    let mut name = format!("{}.{}.{}", o.prefix, o.spec.country, o.spec.merchant_id);
    if o.old {
        name.push_str(".old");
    }
    if let Some(t) = &o.spec.ctype {
        name.push('.');
        name.push_str(t);
    }
    name
}

/// Generates and writes the certificate; returns its path.
pub fn write(o: &CertOptions) -> Result<PathBuf, String> {
    let text = generate(&o.spec, &mut os_random).map_err(|e| e.to_string())?;
    let path = o.dir.join(file_name(o));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn writes_a_private_certificate_the_core_reads() {
        let dir = tempfile::tempdir().unwrap();
        let args: Vec<String> = [
            "--merchant-id",
            "000000000000042",
            "--country",
            "be",
            "--url",
            "http://127.0.0.1:1/p",
            "--dir",
            dir.path().to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let o = parse_args(&args).unwrap();
        let path = write(&o).unwrap();
        assert!(path.ends_with("certif.be.000000000000042.php"));
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let cert = sogen::config::certificate::parse(&std::fs::read(&path).unwrap(), true);
        assert_eq!(cert.url.unwrap(), b"http://127.0.0.1:1/p");
        // A second run refuses to overwrite the merchant's secret unless forced.
        assert!(write(&o).unwrap_err().contains("--force"));
        assert!(write(&CertOptions { force: true, ..o }).is_ok());
        assert!(parse_args(&["--country".to_string()]).is_err());
    }
}
