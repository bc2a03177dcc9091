//! `sogen key`: the Sips 2.0 key file of a merchant moving to today's
//! Sogenactif, written where its certificate was (the name the pathfile's
//! F_CERTIFICATE and F_CTYPE give), readable by its owner only. The text is
//! checked with the core's own key file parser before anything is written;
//! the secret key is never printed, not even in an error.

use crate::cert::write_private;
use crate::cli::{unknown, Flags, Stop};
use crate::core::inspect::keyfile::{self, KeyFileError};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the local sandbox serves Paypage POST.
pub const SANDBOX_PAYMENT_URL: &str = "http://127.0.0.1:8090/paymentInit";

/// Sogenactif's Paypage POST addresses: simulation (nothing is stored), test
/// ("recette": stored, fake acquirer), production.
pub const ENVIRONMENTS: [(&str, &str); 3] = [
    ("simu", "https://payment-webinit.simu.sogenactif.com/paymentInit"),
    ("test", "https://payment-webinit-sogenactif.test.sips-services.com/paymentInit"),
    ("prod", "https://payment-webinit.sogenactif.com/paymentInit"),
];

/// The PAYMENT_URL of an environment's name.
pub fn environment_url(name: &str) -> Option<&'static str> {
    ENVIRONMENTS.iter().find(|(n, _)| *n == name).map(|(_, url)| *url)
}

pub const USAGE: &str = "usage: sogen key --merchant-id ID --country CC --secret-key KEY|- --key-version N
                (--env simu|test|prod | --url URL) (--dir DIR | --pathfile P)
                [--prefix certif] [--ctype php | --bare] [--interface-version HP_2.24]
                [--seal-algorithm HMAC-SHA-256|SHA-256] [--shop-charset ISO-8859-1|UTF-8] [--force]

Writes the Sips 2.0 key file of a merchant moving to today's Sogenactif
(Paypage POST) where its certificate was: DIR/<prefix>.<CC>.<ID>[.<ctype>]
(default certif.<CC>.<ID>.php), or the name the pathfile P gives (F_CERTIFICATE,
F_CTYPE); mode 0600. The bank gives the secret key and its version;
--secret-key - reads the key from the standard input (it then stays out of the
shell's history and the process list). The payment forms post to Sogenactif's
simulation (--env simu), test (--env test) or production (--env prod) server,
or to --url (the local sandbox: --url http://127.0.0.1:8090/paymentInit).
An existing file (the merchant's certificate) is kept unless --force.
The secret key is never printed.";

/// What a key file says.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KeySpec {
    pub merchant_id: String,
    pub country: String,
    pub secret_key: String,
    pub key_version: String,
    pub payment_url: String,
    pub interface_version: Option<String>,
    pub seal_algorithm: Option<String>,
    pub shop_charset: Option<String>,
}

impl fmt::Debug for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySpec")
            .field("merchant_id", &self.merchant_id)
            .field("country", &self.country)
            .field("secret_key", &format_args!("<{} bytes, not shown>", self.secret_key.len()))
            .field("key_version", &self.key_version)
            .field("payment_url", &self.payment_url)
            .finish_non_exhaustive()
    }
}

/// The option that gives a key's value, for error messages.
fn option_of(key: &str) -> &'static str {
    match key {
        "SECRET_KEY" => "--secret-key",
        "KEY_VERSION" => "--key-version",
        "PAYMENT_URL" => "--url",
        "INTERFACE_VERSION" => "--interface-version",
        "SEAL_ALGORITHM" => "--seal-algorithm",
        "SHOP_CHARSET" => "--shop-charset",
        _ => "the key file",
    }
}

impl KeySpec {
    /// The (key, value) lines, in the order the key file format lists them.
    fn lines(&self) -> Vec<(&'static str, &str)> {
        let optional = [
            ("INTERFACE_VERSION", &self.interface_version),
            ("SEAL_ALGORITHM", &self.seal_algorithm),
            ("SHOP_CHARSET", &self.shop_charset),
        ];
        let mut lines = vec![
            ("SIPS_VERSION", "2"),
            ("SECRET_KEY", self.secret_key.as_str()),
            ("KEY_VERSION", self.key_version.as_str()),
            ("PAYMENT_URL", self.payment_url.as_str()),
        ];
        lines.extend(optional.iter().filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))));
        lines
    }

    /// The file's text, checked by the core's parser. The error names the
    /// option at fault and its rule, never the secret.
    pub fn text(&self) -> Result<Vec<u8>, String> {
        crate::cli::check_merchant(&self.merchant_id, &self.country)?;
        let (id, country) = (&self.merchant_id, &self.country);
        let mut text = format!(
            "# Sips 2.0 key file of merchant {id} ({country}), written by sogen key.\n\
             # It takes the certificate's place (same directory, same name) and holds the\n\
             # bank's secret key: readable by the web server's user only.\n"
        );
        for (key, value) in self.lines() {
            // A line break in a value would write a line of its own choosing.
            if value.chars().any(char::is_control) {
                return Err(format!("{}: one line of text without control characters", option_of(key)));
            }
            text.push_str(&format!("{key}!{value}!\n"));
        }
        match keyfile::parse(text.as_bytes()) {
            Ok(_) => Ok(text.into_bytes()),
            Err(KeyFileError::Invalid { key, rule, .. }) => Err(format!("{}: {rule}", option_of(key))),
            Err(e) => Err(format!("the key file would not be read back ({})", e.detail())),
        }
    }
}

/// Where the key file goes: the certificate's directory and name parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub dir: PathBuf,
    pub prefix: String,
    /// `F_CTYPE`: the file name's extension (none for a bare certificate's name).
    pub ctype: Option<String>,
}

impl Target {
    /// F_CERTIFICATE and F_CTYPE of a pathfile (after its variables).
    pub fn from_pathfile(pathfile: &Path) -> Result<Target, String> {
        let (prefix, ctype) = crate::sandbox::merchants::pathfile_certificate(pathfile)?;
        let prefix = crate::core::inspect::os_path(&prefix).to_path_buf();
        let dir = prefix.parent().map(Path::to_path_buf).unwrap_or_default();
        let base = prefix.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ctype = (!ctype.is_empty()).then(|| String::from_utf8_lossy(&ctype).into_owned());
        Ok(Target { dir, prefix: base, ctype })
    }

    /// `<dir>/<prefix>.<country>.<id>[.<ctype>]`.
    pub fn path(&self, spec: &KeySpec) -> PathBuf {
        let mut name = format!("{}.{}.{}", self.prefix, spec.country, spec.merchant_id);
        if let Some(t) = &self.ctype {
            name.push('.');
            name.push_str(t);
        }
        self.dir.join(name)
    }
}

/// What `sogen key` writes, and where.
#[derive(Debug, Clone)]
pub struct KeyOptions {
    pub spec: KeySpec,
    pub target: Target,
    pub force: bool,
}

/// The flags that fill the key file itself; false for any other.
fn spec_flag(spec: &mut KeySpec, flag: &str, flags: &mut Flags) -> Result<bool, Stop> {
    let slot = match flag {
        "--merchant-id" => &mut spec.merchant_id,
        "--country" => &mut spec.country,
        "--secret-key" => &mut spec.secret_key,
        "--key-version" => &mut spec.key_version,
        "--interface-version" => spec.interface_version.insert(String::new()),
        "--seal-algorithm" => spec.seal_algorithm.insert(String::new()),
        "--shop-charset" => spec.shop_charset.insert(String::new()),
        _ => return Ok(false),
    };
    *slot = flags.value(flag)?;
    Ok(true)
}

/// `--env NAME` or the URL given with `url_flag`, exactly one.
pub fn payment_url(env: Option<String>, url: Option<String>, url_flag: &str) -> Result<String, Stop> {
    match (env, url) {
        (Some(_), Some(_)) => Err(Stop::Usage(format!("--env and {url_flag} exclude each other"))),
        (None, None) => Err(Stop::Usage(format!("--env simu|test|prod or {url_flag} URL is required"))),
        (None, Some(url)) => Ok(url),
        (Some(env), None) => environment_url(&env)
            .map(str::to_string)
            .ok_or_else(|| Stop::Usage(format!("--env {env}: simu, test or prod"))),
    }
}

pub fn parse_args(args: &[String]) -> Result<KeyOptions, Stop> {
    let mut spec = KeySpec::default();
    let (mut env, mut url, mut dir, mut pathfile) = (None, None, None, None);
    let (mut prefix, mut ctype, mut force) = ("certif".to_string(), Some("php".to_string()), false);
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next_flag() {
        if spec_flag(&mut spec, flag, &mut flags)? {
            continue;
        }
        match flag {
            "--env" => env = Some(flags.value(flag)?),
            "--url" => url = Some(flags.value(flag)?),
            "--dir" => dir = Some(PathBuf::from(flags.value(flag)?)),
            "--pathfile" => pathfile = Some(PathBuf::from(flags.value(flag)?)),
            "--prefix" => prefix = flags.value(flag)?,
            "--ctype" => ctype = Some(flags.value(flag)?),
            "--bare" => ctype = None,
            "--force" => force = true,
            "-h" | "--help" => return Err(Stop::Help),
            other => return Err(unknown(other)),
        }
    }
    spec.payment_url = payment_url(env, url, "--url")?;
    if [&spec.merchant_id, &spec.country, &spec.secret_key, &spec.key_version].iter().any(|v| v.is_empty()) {
        return Err(Stop::Usage("--merchant-id, --country, --secret-key and --key-version are required".into()));
    }
    let target = match (dir, pathfile) {
        (Some(dir), None) => Target { dir, prefix, ctype },
        (None, Some(pathfile)) => Target::from_pathfile(&pathfile)?,
        _ => return Err(Stop::Usage("give --dir DIR or --pathfile P (one of them)".into())),
    };
    Ok(KeyOptions { spec, target, force })
}

/// The secret key from the standard input (`--secret-key -`): its first line.
pub fn secret_from_stdin() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin().take(4096).read_to_string(&mut text).map_err(|e| format!("--secret-key -: {e}"))?;
    Ok(text.lines().next().unwrap_or_default().trim().to_string())
}

/// Why an existing file is kept: a key file, or the certificate it would replace.
fn kept(path: &Path) -> Option<String> {
    let content = std::fs::read(path).ok()?;
    let what = if keyfile::is_key_file(&content) {
        "a key file is already there".to_string()
    } else {
        "the merchant's certificate is there: keep a copy elsewhere to be able to go back to SIPS 1.0".to_string()
    };
    Some(format!("{}: {what} (--force replaces it)", path.display()))
}

/// Checks and writes the key file; returns its path.
pub fn write(o: &KeyOptions) -> Result<PathBuf, String> {
    let text = o.spec.text()?;
    let path = o.target.path(&o.spec);
    if !o.force {
        if let Some(why) = kept(&path) {
            return Err(why);
        }
    }
    write_private(&path, &text, o.force)?;
    Ok(path)
}

/// `sogen key …`: prints the path written, or the error and the usage.
pub fn main(args: &[String]) -> ExitCode {
    let mut o = match parse_args(args) {
        Ok(o) => o,
        Err(stop) => return stop.exit("sogen key", USAGE),
    };
    let written = match o.spec.secret_key.as_str() {
        "-" => secret_from_stdin().map(|secret| o.spec.secret_key = secret),
        _ => Ok(()),
    }
    .and_then(|()| write(&o));
    match written {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sogen key: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> KeySpec {
        KeySpec {
            merchant_id: "002001000000003".into(),
            country: "fr".into(),
            secret_key: "002001000000003_KEY1".into(),
            key_version: "1".into(),
            payment_url: environment_url("simu").unwrap().into(),
            ..KeySpec::default()
        }
    }

    #[test]
    fn the_text_is_what_the_core_reads() {
        let text = spec().text().unwrap();
        let key = keyfile::parse(&text).unwrap();
        assert_eq!(key.key_version, b"1");
        assert_eq!(key.payment_url, b"https://payment-webinit.simu.sogenactif.com/paymentInit");
        assert_eq!(key.secret_key, keyfile::SecretKey::new("002001000000003_KEY1"));
        assert_eq!(key.interface_version, keyfile::DEFAULT_INTERFACE_VERSION);
        let more =
            KeySpec { seal_algorithm: Some("SHA-256".into()), interface_version: Some("HP_3.4".into()), ..spec() };
        let key = keyfile::parse(&more.text().unwrap()).unwrap();
        assert_eq!(
            (key.seal_algorithm, key.interface_version.as_slice()),
            (keyfile::SealAlgorithm::Sha256, &b"HP_3.4"[..])
        );
    }

    #[test]
    fn bad_values_name_their_option_never_the_secret() {
        let err = |s: KeySpec| s.text().unwrap_err();
        let secret = err(KeySpec { secret_key: "two words".into(), ..spec() });
        assert!(secret.starts_with("--secret-key: must be") && !secret.contains("words"), "{secret}");
        // A line break would add a line of its own: refused before anything is parsed.
        let injected = err(KeySpec { secret_key: "k!\nSHOP_CHARSET!UTF-8".into(), ..spec() });
        assert!(injected.starts_with("--secret-key: one line") && !injected.contains("UTF-8"), "{injected}");
        assert!(err(KeySpec { key_version: "v1".into(), ..spec() }).starts_with("--key-version: must be"));
        assert!(err(KeySpec { payment_url: "ftp://x".into(), ..spec() }).starts_with("--url: must be"));
        assert!(err(KeySpec { seal_algorithm: Some("MD5".into()), ..spec() }).starts_with("--seal-algorithm"));
        assert!(err(KeySpec { country: "FR".into(), ..spec() }).contains("two lower-case letters"));
        assert!(!format!("{:?}", spec()).contains("KEY1"), "Debug hides the secret");
    }
}
