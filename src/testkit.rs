//! One way to lay out a merchant installation for tests and benchmarks, and
//! one seeded random generator (feature `internals`; not an API).
//!
//! An [`Installation`] is a temporary directory (removed on drop) holding a
//! pathfile with absolute paths, both parmcom files and a certificate
//! generated for the test (deterministic from a seed, or fresh), in the
//! demo merchant's layout. Tests change what they need in their own copy.

use crate::certgen::{generate, CertificateSpec};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// xorshift64*: deterministic from its seed, no dependency.
#[derive(Debug, Clone)]
pub struct SeededRng(pub u64);

impl SeededRng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Up to `max` bytes, none of them NUL (values are C strings); the
    /// maximum itself one time in ten.
    pub fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = if self.chance(10) { max } else { self.below(max.min(40) + 1) };
        (0..len).map(|_| 1 + self.below(255) as u8).collect()
    }

    /// `min..=max` decimal digits.
    pub fn digits(&mut self, min: usize, max: usize) -> Vec<u8> {
        let len = min + self.below(max - min + 1);
        (0..len).map(|_| b'0' + self.below(10) as u8).collect()
    }

    /// Fills `buf` (a source of randomness for the certificate generator).
    pub fn fill(&mut self, buf: &mut [u8]) {
        for b in buf {
            *b = (self.next_u64() >> 33) as u8;
        }
    }
}

/// The demo merchant of the repository (`demo/`).
pub const MERCHANT: &str = "000000000000001";

/// What goes into an installation.
#[derive(Debug, Clone)]
pub struct Options {
    pub merchant_id: String,
    /// Where the certificate's forms post.
    pub server_url: String,
    /// The certificate's key matrix comes from this seed (`None`: OS randomness).
    pub seed: Option<u64>,
    /// `F_CTYPE` (`None`: a bare certificate and no `F_CTYPE` line).
    pub ctype: Option<String>,
    /// Extra pathfile lines (e.g. `DEBUG!YES!`, `API_VERSION!P617!`).
    pub pathfile_extra: String,
    pub defaults: String,
    pub merchant: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            merchant_id: MERCHANT.into(),
            server_url: "http://127.0.0.1:8090/cgis-payment/demo".into(),
            seed: Some(1),
            ctype: Some("php".into()),
            pathfile_extra: String::new(),
            defaults: "MERCHANT_COUNTRY!fr!\nMERCHANT_LANGUAGE!fr!\nLANGUAGE!fr!\nCURRENCY!978!\nHEADER_FLAG!yes!\n\
                       PAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2!\nBLOCK_ORDER!1,2,3,4,5,6,7,8,9!\n"
                .into(),
            merchant: "RETURN_URL!http://127.0.0.1:8000/call_response.php!\n\
                       CANCEL_URL!http://127.0.0.1:8000/call_response.php!\n"
                .into(),
        }
    }
}

/// A merchant installation in a temporary directory.
#[derive(Debug)]
pub struct Installation {
    pub dir: PathBuf,
    pub options: Options,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Installation {
    /// The default installation for the demo merchant (`tag` names the directory).
    pub fn new(tag: &str) -> Installation {
        Installation::with(tag, Options::default())
    }

    pub fn with(tag: &str, options: Options) -> Installation {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("sogen-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("param")).expect("installation directory");
        let installation = Installation { dir, options };
        installation.write_pathfile();
        installation.write("param/parmcom.sogenactif", installation.options.defaults.as_bytes());
        let merchant_parmcom = format!("param/parmcom.{}", installation.options.merchant_id);
        installation.write(&merchant_parmcom, installation.options.merchant.as_bytes());
        installation.write_certificate(&installation.spec());
        installation
    }

    fn write_pathfile(&self) {
        let d = self.dir.display();
        let ctype = self.options.ctype.as_ref().map(|t| format!("F_CTYPE!{t}!\n")).unwrap_or_default();
        let text = format!(
            "DEBUG!NO!\nD_LOGO!/logo/!\nF_DEFAULT!{d}/param/parmcom.sogenactif!\nF_PARAM!{d}/param/parmcom!\n\
             F_CERTIFICATE!{d}/param/certif!\n{ctype}{}",
            self.options.pathfile_extra
        );
        self.write("pathfile", text.as_bytes());
    }

    /// The certificate spec of this merchant (country fr).
    pub fn spec(&self) -> CertificateSpec {
        CertificateSpec {
            merchant_id: self.options.merchant_id.clone(),
            country: "fr".into(),
            server_url: self.options.server_url.clone(),
            ctype: self.options.ctype.clone(),
            date: "01/01/2026".into(),
            expires: "20361231".into(),
            label: "test".into(),
            name: "TEST".into(),
        }
    }

    /// The certificate text of `spec`: the same key matrix for the same seed.
    pub fn certificate_text(&self, spec: &CertificateSpec) -> Vec<u8> {
        let text = match self.options.seed {
            Some(seed) => {
                let mut rng = SeededRng(seed.max(1));
                generate(spec, &mut |b: &mut [u8]| rng.fill(b))
            }
            None => generate(spec, &mut crate::certgen::os_random),
        };
        text.expect("a valid certificate spec")
    }

    /// Writes the certificate of `spec` where the pathfile looks for it (mode 0600).
    pub fn write_certificate(&self, spec: &CertificateSpec) -> PathBuf {
        let path = self.path(&format!("param/{}", spec.file_name("certif")));
        std::fs::write(&path, self.certificate_text(spec)).expect("write the certificate");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod 600");
        path
    }

    /// Puts a Sips 2.0 key file (`text`, see [`key_file_text`]) where the
    /// certificate was (mode 0600): the merchant becomes a Sips 2.0 merchant.
    pub fn write_key_file(&self, text: &str) -> PathBuf {
        let path = self.certificate();
        std::fs::write(&path, text).expect("write the key file");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod 600");
        path
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn write(&self, rel: &str, content: &[u8]) {
        std::fs::write(self.path(rel), content).expect("write an installation file");
    }

    pub fn pathfile(&self) -> PathBuf {
        self.path("pathfile")
    }

    /// `pathfile=<absolute path>`.
    pub fn pathfile_arg(&self) -> Vec<u8> {
        format!("pathfile={}", self.pathfile().display()).into_bytes()
    }

    /// The certificate's path.
    pub fn certificate(&self) -> PathBuf {
        self.path(&format!("param/{}", self.spec().file_name("certif")))
    }

    /// The key matrix of the certificate.
    pub fn matrix(&self) -> crate::wire::KeyMatrix {
        let text = std::fs::read(self.certificate()).expect("read the certificate");
        crate::config::certificate::parse(&text, self.options.ctype.is_some()).matrix.expect("a valid key matrix")
    }

    /// `pathfile=…`, `merchant_id=…`, then `extra`.
    pub fn request_args(&self, extra: &[&str]) -> Vec<Vec<u8>> {
        let mut args = vec![self.pathfile_arg(), format!("merchant_id={}", self.options.merchant_id).into_bytes()];
        args.extend(extra.iter().map(|a| a.as_bytes().to_vec()));
        args
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Installation {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Removes the installations `tag` left by processes that are gone (a
/// `static` installation is never dropped).
pub fn remove_stale(tag: &str) {
    let prefix = format!("sogen-{tag}-");
    for entry in std::fs::read_dir(std::env::temp_dir()).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name.strip_prefix(&prefix).and_then(|rest| rest.split('-').next());
        if pid.is_some_and(|pid| !Path::new("/proc").join(pid).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A key file for `secret` and key version 1 posting to `url`, then `extra` lines.
pub fn key_file_text(secret: &str, url: &str, extra: &str) -> String {
    format!("SIPS_VERSION!2!\nSECRET_KEY!{secret}!\nKEY_VERSION!1!\nPAYMENT_URL!{url}!\n{extra}")
}

/// One form of a Sips 2.0 payment page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageForm {
    pub action: String,
    /// Its hidden fields, by name, attribute values unescaped.
    pub fields: Vec<(String, String)>,
}

impl PageForm {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The forms of a Sips 2.0 payment page, in page order.
pub fn page_forms(html: &[u8]) -> Vec<PageForm> {
    let html = String::from_utf8_lossy(html);
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let len = tag[start..].find('"')?;
        Some(unescape(&tag[start..start + len]))
    };
    let mut forms = Vec::new();
    for part in html.split("<FORM ").skip(1) {
        let body = part.split("</FORM>").next().unwrap_or_default();
        let action = attribute(body.split('>').next().unwrap_or_default(), "ACTION").unwrap_or_default();
        let fields = body
            .split("<INPUT ")
            .skip(1)
            .filter_map(|tag| Some((attribute(tag, "NAME")?, attribute(tag, "VALUE")?)))
            .collect();
        forms.push(PageForm { action, fields });
    }
    forms
}

fn unescape(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The DATA value of a request's form (`VALUE="…"` of the hidden field).
pub fn form_data(form: &[u8]) -> Option<Vec<u8>> {
    const MARK: &[u8] = b"NAME=DATA VALUE=\"";
    let start = form.windows(MARK.len()).position(|w| w == MARK)? + MARK.len();
    let len = form[start..].iter().position(|&b| b == b'"')?;
    Some(form[start..start + len].to_vec())
}
