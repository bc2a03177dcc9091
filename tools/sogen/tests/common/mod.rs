//! A merchant installation in a temporary directory: pathfile, both parmcom
//! files and a freshly generated certificate, all with absolute paths. Each
//! test breaks one thing in its own copy.

#![allow(dead_code)]

use sogen_tools::core::certgen::{generate, os_random, CertificateSpec};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub const MERCHANT: &str = "012345678900011";
/// The secret key of the Sips 2.0 key files the tests write: no output may show it.
pub const SECRET_KEY: &str = "Test_Secret_Key_7f3a9c";

pub struct Shop {
    pub dir: tempfile::TempDir,
    pub server_url: String,
    pub merchant: String,
}

impl Shop {
    /// A healthy installation whose certificate points at `server_url`.
    pub fn new(server_url: &str) -> Shop {
        Shop::for_merchant(MERCHANT, server_url)
    }

    /// The same for merchant `id`.
    pub fn for_merchant(id: &str, server_url: &str) -> Shop {
        let shop =
            Shop { dir: tempfile::tempdir().unwrap(), server_url: server_url.to_string(), merchant: id.to_string() };
        std::fs::create_dir(shop.path("param")).unwrap();
        shop.write_certificate(&shop.spec());
        let d = shop.dir.path().display();
        shop.write(
            "pathfile",
            &format!(
                "# test installation\nDEBUG!NO!\nD_LOGO!/logo/!\nF_DEFAULT!{d}/param/parmcom.sogenactif!\nF_PARAM!{d}/param/parmcom!\nF_CERTIFICATE!{d}/param/certif!\nF_CTYPE!php!\n"
            ),
        );
        shop.write(
            "param/parmcom.sogenactif",
            "BLOCK_ORDER!1,2,3,4,5,6,7,8,9!\nCURRENCY!978!\nHEADER_FLAG!yes!\nLANGUAGE!fr!\nMERCHANT_COUNTRY!fr!\nMERCHANT_LANGUAGE!fr!\nPAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2!\n",
        );
        shop.write(
            &format!("param/parmcom.{id}"),
            "RETURN_URL!http://127.0.0.1:8000/call_response.php!\nCANCEL_URL!http://127.0.0.1:8000/call_cancel.php!\nAUTO_RESPONSE_URL!http://127.0.0.1:8000/call_autoresponse.php!\n",
        );
        shop
    }

    pub fn spec(&self) -> CertificateSpec {
        CertificateSpec {
            merchant_id: self.merchant.clone(),
            country: "fr".into(),
            server_url: self.server_url.clone(),
            ctype: Some("php".into()),
            date: "01/03/2026".into(),
            expires: "20990101".into(),
            label: "sogentest".into(),
            name: "TEST".into(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn pathfile(&self) -> String {
        self.path("pathfile").display().to_string()
    }

    pub fn certificate(&self) -> PathBuf {
        self.path(&format!("param/certif.fr.{}.php", self.merchant))
    }

    pub fn write(&self, rel: &str, content: &str) {
        std::fs::write(self.path(rel), content).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Rewrites a file with `edit` applied to its text.
    pub fn edit(&self, rel: &str, edit: impl FnOnce(String) -> String) {
        let text = self.read(rel);
        self.write(rel, &edit(text));
    }

    /// Writes a certificate for `spec` under the name the pathfile expects (mode 0600).
    pub fn write_certificate(&self, spec: &CertificateSpec) {
        let text = generate(spec, &mut os_random).unwrap();
        let path = self.path(&format!("param/{}", spec.file_name("certif")));
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    /// Replaces the certificate by a Sips 2.0 key file posting to `url`
    /// (mode 0600); `extra` adds lines.
    pub fn write_key_file(&self, url: &str, extra: &str) {
        let text = format!(
            "# test key file\nSIPS_VERSION!2!\nSECRET_KEY!{SECRET_KEY}!\nKEY_VERSION!1!\nPAYMENT_URL!{url}!\n{extra}"
        );
        std::fs::write(self.certificate(), text).unwrap();
        std::fs::set_permissions(self.certificate(), std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    /// What the core's `request` prints for this installation (the shop's call).
    pub fn request(&self, extra: &[&str]) -> String {
        let mut args = vec![
            format!("pathfile={}", self.pathfile()),
            format!("merchant_id={}", self.merchant),
            "amount=100".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        String::from_utf8_lossy(&sogen_tools::core::request(&args).text).into_owned()
    }

    /// The DATA of a successful request.
    pub fn request_data(&self, extra: &[&str]) -> String {
        let out = self.request(extra);
        out.split("NAME=DATA VALUE=\"")
            .nth(1)
            .unwrap_or_else(|| panic!("no form: {out}"))
            .split('"')
            .next()
            .unwrap()
            .to_string()
    }

    pub fn dir_path(&self) -> &Path {
        self.dir.path()
    }

    /// The merchant's own parmcom file, relative to the installation.
    pub fn merchant_parmcom(&self) -> String {
        format!("param/parmcom.{}", self.merchant)
    }
}

/// `sogen` run with `args`, in `cwd`, with the locale variables of `env` only.
pub fn sogen(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_sogen"));
    command.args(args).current_dir(cwd);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied()).output().unwrap()
}

/// The text a command printed.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
