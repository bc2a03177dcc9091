//! The `sogen` command: its version, and `sogen init`.

mod common;

use common::{sogen, stdout, MERCHANT};
use sogen_tools::core::certgen::{generate, os_random};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[test]
fn the_version_is_the_library_s() {
    let out = sogen(&["--version"], Path::new("."), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("sogen {}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(
        env!("CARGO_PKG_VERSION"),
        sogen_tools::core::library_version(),
        "one version for the tools and the library"
    );
}

fn init(dir: &Path, extra: &[&str]) -> std::process::Output {
    let target = dir.join("shop").display().to_string();
    let mut args = vec!["init", "--merchant-id", MERCHANT, "--country", "fr", "--dir", &target, "--lang", "en"];
    args.extend_from_slice(extra);
    sogen(&args, dir, &[])
}

#[test]
fn init_writes_a_healthy_installation_with_absolute_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = init(dir.path(), &["--sandbox"]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("all is well"), "{report}");
    let shop = std::fs::canonicalize(dir.path().join("shop")).unwrap();
    let pathfile = std::fs::read_to_string(shop.join("pathfile")).unwrap();
    for key in ["F_DEFAULT", "F_PARAM", "F_CERTIFICATE"] {
        let line = pathfile.lines().find(|l| l.starts_with(&format!("{key}!"))).unwrap();
        assert!(line.starts_with(&format!("{key}!{}/param/", shop.display())), "{line}");
    }
    let certificate = shop.join(format!("param/certif.fr.{MERCHANT}.php"));
    assert_eq!(std::fs::metadata(&certificate).unwrap().permissions().mode() & 0o777, 0o600);
    for logo in ["CB", "VISA", "MASTERCARD", "CLEF", "INTERVAL"] {
        assert!(shop.join(format!("logo/{logo}.gif")).is_file(), "{logo}");
    }
    // The library pays with it, from any directory, towards the sandbox.
    let args = [
        format!("pathfile={}", shop.join("pathfile").display()),
        format!("merchant_id={MERCHANT}"),
        "amount=100".into(),
    ];
    let form = String::from_utf8_lossy(&sogen_tools::core::request(&args).form).into_owned();
    assert!(form.contains("ACTION=\"http://127.0.0.1:8090/cgis-payment/demo/callpayment\""), "{form}");
    // A second run keeps the merchant's files, unless told otherwise.
    let again = init(dir.path(), &["--sandbox"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(shop.join("pathfile")).unwrap(), pathfile);
    assert_eq!(init(dir.path(), &["--sandbox", "--force"]).status.code(), Some(0));
}

#[test]
fn init_installs_the_bank_s_certificate_and_refuses_another_merchant_s() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |id: &str, ctype: Option<&str>| {
        let mut s = sogen_tools::cert::test_spec(id, "fr", "http://127.0.0.1:8090/cgis-payment/demo");
        s.ctype = ctype.map(str::to_string);
        generate(&s, &mut os_random).unwrap()
    };
    let file = dir.path().join("from-the-bank");
    std::fs::write(&file, spec("999999999999999", Some("php"))).unwrap();
    let refused = init(dir.path(), &["--certificate", &file.display().to_string()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("merchant 999999999999999's"));
    assert!(!dir.path().join("shop/pathfile").exists(), "nothing written");
    // A bare certificate (no header): no F_CTYPE, no extension.
    std::fs::write(&file, spec(MERCHANT, None)).unwrap();
    let out = init(dir.path(), &["--certificate", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(dir.path().join(format!("shop/param/certif.fr.{MERCHANT}")).is_file());
    assert!(!std::fs::read_to_string(dir.path().join("shop/pathfile")).unwrap().contains("F_CTYPE"));
}

#[test]
fn init_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [&[][..], &["--sandbox", "--certificate", "x"], &["--sandbox", "--bogus"]] {
        assert_eq!(init(dir.path(), extra).status.code(), Some(2), "{extra:?}");
    }
    let bad_country =
        sogen(&["init", "--merchant-id", "1", "--country", "FR", "--dir", "x", "--sandbox"], dir.path(), &[]);
    assert_eq!(bad_country.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_country.stderr).contains("two lower-case letters"));
    let spaced =
        sogen(&["init", "--merchant-id", "1", "--country", "fr", "--dir", "a b", "--sandbox"], dir.path(), &[]);
    assert_eq!(spaced.status.code(), Some(2));
    assert!(!dir.path().join("a b").exists());
}
