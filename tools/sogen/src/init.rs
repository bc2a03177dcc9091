//! `sogen init`: a merchant's installation written in one go — pathfile,
//! parmcom files, certificate (or Sips 2.0 key file) and logos, every path
//! absolute — then checked by the doctor.

use crate::cert::{test_spec, write_private};
use crate::cli::{unknown, Flags, Stop};
use crate::core::certgen::{generate, os_random};
use crate::core::inspect::certificate;
use crate::doctor::{self, Options};
use crate::key::{KeySpec, SANDBOX_PAYMENT_URL};
use crate::lang::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const USAGE: &str = "usage: sogen init --merchant-id ID --country CC --dir DIR
                 (--sandbox | --certificate FILE | --sips2-key KEY|- --key-version N)
                 [--sandbox-url URL] [--env simu|test|prod | --payment-url URL]
                 [--shop-url URL] [--logo-url /logo/] [--force] [--lang en|fr]

Writes DIR/pathfile, DIR/param/parmcom.sogenactif, DIR/param/parmcom.<ID>, the
certificate or key file DIR/param/certif.<CC>.<ID>[.<type>] (mode 0600) and the
card logos in DIR/logo/, every path absolute, then runs the doctor on the result.
--sandbox generates a test certificate whose forms post to the local sandbox
(--sandbox-url, default http://127.0.0.1:8090/cgis-payment/demo); --certificate
installs the certificate the bank sent; --sips2-key writes a Sips 2.0 key file
(today's Sogenactif) with the secret key and key version the bank gave (- reads
the key from the standard input), whose forms post to the local sandbox
(default http://127.0.0.1:8090/paymentInit), to --payment-url, or to Sogenactif's
simulation, test or production server (--env). --shop-url is where the shop's
call_response.php and call_autoresponse.php answer (default
http://127.0.0.1:8000); --logo-url is the URL the web server serves DIR/logo/
under (D_LOGO). Existing files are kept unless --force. Exit status: the
doctor's (0 when all is well), 2 for a usage error.";

const SANDBOX_URL: &str = "http://127.0.0.1:8090/cgis-payment/demo";
const SHOP_URL: &str = "http://127.0.0.1:8000";

/// Where the merchant's key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A test certificate generated for the sandbox at this URL.
    Sandbox(String),
    /// The certificate file the bank sent.
    Certificate(PathBuf),
    /// A Sips 2.0 key file: the secret key the bank sent (`-`: read from the
    /// standard input), its version and where the forms post.
    Sips2(KeySpec),
}

/// What `sogen init` writes.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub merchant_id: String,
    pub country: String,
    pub dir: PathBuf,
    pub key: KeySource,
    pub shop_url: String,
    pub logo_url: String,
    pub force: bool,
    pub lang: Lang,
}

/// The options naming where the forms post, one of each kind at most.
#[derive(Default)]
struct Servers {
    sandbox_url: Option<String>,
    env: Option<String>,
    payment_url: Option<String>,
    key_version: Option<String>,
}

pub fn parse_args(args: &[String]) -> Result<InitOptions, Stop> {
    let (mut id, mut country, mut dir, mut key) = (String::new(), String::new(), None, None);
    let mut servers = Servers::default();
    let (mut shop_url, mut logo_url, mut force, mut lang) =
        (SHOP_URL.to_string(), "/logo/".to_string(), false, Lang::from_env());
    let mut flags = Flags::new(args);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--merchant-id" => id = flags.value(flag)?,
            "--country" => country = flags.value(flag)?,
            "--dir" => dir = Some(PathBuf::from(flags.value(flag)?)),
            "--sandbox" => key = one_key(key, KeySource::Sandbox(String::new()))?,
            "--sandbox-url" => servers.sandbox_url = Some(flags.value(flag)?),
            "--certificate" => key = one_key(key, KeySource::Certificate(flags.value(flag)?.into()))?,
            "--sips2-key" => key = one_key(key, sips2_key(flags.value(flag)?))?,
            "--key-version" => servers.key_version = Some(flags.value(flag)?),
            "--env" => servers.env = Some(flags.value(flag)?),
            "--payment-url" => servers.payment_url = Some(flags.value(flag)?),
            "--shop-url" => shop_url = flags.value(flag)?.trim_end_matches('/').to_string(),
            "--logo-url" => logo_url = flags.value(flag)?,
            "--force" => force = true,
            "--lang" => lang = Lang::parse(&flags.value(flag)?).ok_or(Stop::Usage("--lang: en or fr".into()))?,
            "-h" | "--help" => return Err(Stop::Help),
            other => return Err(unknown(other)),
        }
    }
    let key = key.ok_or(Stop::Usage("--sandbox, --certificate FILE or --sips2-key KEY is required".into()))?;
    let key = complete_key(key, servers, &id, &country)?;
    let dir = dir.ok_or(Stop::Usage("--dir is required".into()))?;
    let o = InitOptions { merchant_id: id, country, dir, key, shop_url, logo_url, force, lang };
    check_options(&o)?;
    Ok(o)
}

fn sips2_key(secret: String) -> KeySource {
    KeySource::Sips2(KeySpec { secret_key: secret, ..KeySpec::default() })
}

fn one_key(before: Option<KeySource>, key: KeySource) -> Result<Option<KeySource>, Stop> {
    match before {
        None => Ok(Some(key)),
        Some(_) => Err(Stop::Usage("--sandbox, --certificate and --sips2-key exclude each other".into())),
    }
}

/// The key source with the server options that belong to it; others are refused.
fn complete_key(key: KeySource, servers: Servers, id: &str, country: &str) -> Result<KeySource, Stop> {
    let Servers { sandbox_url, env, payment_url, key_version } = servers;
    let sips2 = matches!(key, KeySource::Sips2(_));
    if !sips2 && (env.is_some() || payment_url.is_some() || key_version.is_some()) {
        return Err(Stop::Usage("--env, --payment-url and --key-version go with --sips2-key".into()));
    }
    if sandbox_url.is_some() && !matches!(key, KeySource::Sandbox(_)) {
        return Err(Stop::Usage("--sandbox-url goes with --sandbox".into()));
    }
    Ok(match key {
        KeySource::Sandbox(_) => KeySource::Sandbox(sandbox_url.unwrap_or_else(|| SANDBOX_URL.into())),
        KeySource::Sips2(spec) => {
            let key_version = key_version.ok_or(Stop::Usage("--sips2-key needs --key-version N".into()))?;
            let payment_url = match (env, payment_url) {
                (None, None) => SANDBOX_PAYMENT_URL.to_string(),
                (env, url) => crate::key::payment_url(env, url, "--payment-url")?,
            };
            let (merchant_id, country) = (id.to_string(), country.to_string());
            KeySource::Sips2(KeySpec { merchant_id, country, key_version, payment_url, ..spec })
        }
        file => file,
    })
}

fn check_options(o: &InitOptions) -> Result<(), String> {
    crate::cli::check_merchant(&o.merchant_id, &o.country)?;
    // The executables cut pathfile values at the first space.
    if o.dir.to_string_lossy().contains([' ', '!']) {
        return Err(format!("--dir {}: the pathfile cannot name a path with a space or a '!'", o.dir.display()));
    }
    if !o.logo_url.ends_with('/') || o.logo_url.contains([' ', '!']) {
        return Err(format!("--logo-url {}: a URL directory ending with '/', without spaces", o.logo_url));
    }
    Ok(())
}

/// The credential file's bytes and its type (`F_CTYPE`; empty for a bare certificate).
fn certificate_text(o: &InitOptions) -> Result<(Vec<u8>, String), String> {
    match &o.key {
        KeySource::Sips2(spec) => Ok((spec.text()?, "php".into())),
        KeySource::Sandbox(url) => {
            let text =
                generate(&test_spec(&o.merchant_id, &o.country, url), &mut os_random).map_err(|e| e.to_string())?;
            Ok((text, "php".into()))
        }
        KeySource::Certificate(file) => {
            let text = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let ctype = bank_certificate_type(&text, o).map_err(|e| format!("{}: {e}", file.display()))?;
            Ok((text, ctype))
        }
    }
}

/// Checks the bank's certificate is this merchant's and readable; gives its type.
fn bank_certificate_type(text: &[u8], o: &InitOptions) -> Result<String, String> {
    let with_header = text.windows(16).any(|w| w == b"certificate_data");
    let cert = certificate::parse(text, with_header);
    cert.matrix.as_ref().map_err(|e| format!("no key matrix ({})", String::from_utf8_lossy(&e.detail())))?;
    let h = &cert.header;
    if let Some(theirs) = h.merchant_id.as_deref().filter(|v| *v != o.merchant_id.as_bytes()) {
        return Err(format!(
            "this certificate is merchant {}'s, not {}",
            String::from_utf8_lossy(theirs),
            o.merchant_id
        ));
    }
    if let Some(theirs) = h.merchant_country.as_deref().filter(|v| *v != o.country.as_bytes()) {
        return Err(format!("this certificate is for country {}, not {}", String::from_utf8_lossy(theirs), o.country));
    }
    let ctype = h.certificate_type.as_deref().map(|t| String::from_utf8_lossy(t).trim().to_string());
    Ok(if with_header { ctype.filter(|t| !t.is_empty()).unwrap_or_else(|| "php".into()) } else { String::new() })
}

/// The files to write: (path, content, private).
fn files(o: &InitOptions, dir: &Path, certificate: Vec<u8>, ctype: &str) -> Vec<(PathBuf, Vec<u8>, bool)> {
    let (param, id, country) = (dir.join("param"), &o.merchant_id, &o.country);
    let d = dir.display();
    let mut name = format!("certif.{country}.{id}");
    let mut pathfile = format!(
        "# Written by sogen init for merchant {id}: every path is absolute.\nDEBUG!NO!\nD_LOGO!{}!\nF_DEFAULT!{d}/param/parmcom.sogenactif!\nF_PARAM!{d}/param/parmcom!\nF_CERTIFICATE!{d}/param/certif!\n",
        o.logo_url
    );
    if !ctype.is_empty() {
        name = format!("{name}.{ctype}");
        pathfile.push_str(&format!("F_CTYPE!{ctype}!\n"));
    }
    let defaults = format!(
        "# Defaults shared by every merchant of this installation.\nBLOCK_ALIGN!center!\nBLOCK_ORDER!1,2,3,4,5,6,7,8,9!\nCONDITION!SSL!\nCURRENCY!978!\nHEADER_FLAG!yes!\nLANGUAGE!fr!\nMERCHANT_COUNTRY!{country}!\nMERCHANT_LANGUAGE!fr!\nPAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2!\nTARGET!_top!\n"
    );
    let shop = &o.shop_url;
    let merchant = format!(
        "# Merchant {id}'s own settings (they win over parmcom.sogenactif).\nRETURN_URL!{shop}/call_response.php!\nCANCEL_URL!{shop}/call_response.php!\nAUTO_RESPONSE_URL!{shop}/call_autoresponse.php!\n"
    );
    vec![
        (dir.join("pathfile"), pathfile.into_bytes(), false),
        (param.join("parmcom.sogenactif"), defaults.into_bytes(), false),
        (param.join(format!("parmcom.{id}")), merchant.into_bytes(), false),
        (param.join(name), certificate, true),
    ]
}

/// Writes everything, or nothing when a file is there already (without --force).
fn write_all(o: &InitOptions) -> Result<PathBuf, String> {
    std::fs::create_dir_all(o.dir.join("param")).map_err(|e| format!("{}: {e}", o.dir.display()))?;
    let dir = std::fs::canonicalize(&o.dir).map_err(|e| format!("{}: {e}", o.dir.display()))?;
    let (certificate, ctype) = certificate_text(o)?;
    let files = files(o, &dir, certificate, &ctype);
    let existing: Vec<String> =
        files.iter().filter(|(p, _, _)| p.exists()).map(|(p, _, _)| p.display().to_string()).collect();
    if !o.force && !existing.is_empty() {
        return Err(format!("already there: {} (--force replaces them)", existing.join(", ")));
    }
    for (path, content, private) in &files {
        if *private {
            write_private(path, content, true)?;
        } else {
            std::fs::write(path, content).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        println!("{}", path.display());
    }
    let names: Vec<String> = crate::logos::DEFAULT_NAMES.map(String::from).to_vec();
    for path in crate::logos::write(&dir.join("logo"), &names)? {
        println!("{}", path.display());
    }
    Ok(dir)
}

/// `sogen init …`: the files written, then the doctor's report.
pub fn main(args: &[String]) -> ExitCode {
    let mut o = match parse_args(args) {
        Ok(o) => o,
        Err(stop) => return stop.exit("sogen init", USAGE),
    };
    let written = match &mut o.key {
        KeySource::Sips2(spec) if spec.secret_key == "-" => {
            crate::key::secret_from_stdin().map(|secret| spec.secret_key = secret)
        }
        _ => Ok(()),
    }
    .and_then(|()| write_all(&o));
    let dir = match written {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("sogen init: {e}");
            return ExitCode::FAILURE;
        }
    };
    let pathfile = dir.join("pathfile");
    let report = doctor::diagnose(Options {
        pathfile: pathfile.as_os_str().as_encoded_bytes().to_vec(),
        merchant_id: Some(o.merchant_id.clone()),
        logo_dir: Some(dir.join("logo")),
        ..Options::default()
    });
    print!("\n{}", report.render(o.lang, true));
    ExitCode::from(report.exit_code() as u8)
}
