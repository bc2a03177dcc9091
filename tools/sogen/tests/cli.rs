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

/// `sogen` run with `input` on its standard input.
fn sogen_with_input<A: AsRef<std::ffi::OsStr>>(args: &[A], cwd: &Path, input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sogen"))
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A run that stops before reading its input (a usage error) closes the pipe.
    if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

const SECRET: &str = "S3cr3t_for_the_key_command";

#[test]
fn key_replaces_the_certificate_the_pathfile_names() {
    let shop = common::Shop::new("http://127.0.0.1:1/cgis-payment/demo");
    let pathfile = shop.pathfile();
    let args = |extra: &[&str]| {
        let mut a =
            vec!["key", "--merchant-id", MERCHANT, "--country", "fr", "--secret-key", "-", "--key-version", "3"];
        a.extend_from_slice(&["--env", "simu", "--pathfile", &pathfile]);
        a.extend_from_slice(extra);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    // The certificate is there: kept, and the user told to keep a copy.
    let kept = sogen_with_input(&args(&[]), shop.dir_path(), SECRET);
    assert_eq!(kept.status.code(), Some(1));
    let said = String::from_utf8_lossy(&kept.stderr);
    assert!(said.contains("certificate is there") && said.contains("--force"), "{said}");
    assert!(!String::from_utf8_lossy(&std::fs::read(shop.certificate()).unwrap()).contains(SECRET));
    let out = sogen_with_input(&args(&["--force"]), shop.dir_path(), &format!("{SECRET}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out).trim(), shop.certificate().display().to_string());
    let printed = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(!printed.contains(SECRET), "the secret is never printed: {printed}");
    assert_eq!(std::fs::metadata(shop.certificate()).unwrap().permissions().mode() & 0o777, 0o600);
    let key = sogen_tools::core::inspect::keyfile::parse(&std::fs::read(shop.certificate()).unwrap()).unwrap();
    assert_eq!(key.secret_key, sogen_tools::core::inspect::keyfile::SecretKey::new(SECRET));
    assert_eq!(key.key_version, b"3");
    // The shop's unchanged call now posts Sips 2.0 forms to the simulation server.
    let form = shop.request(&[]);
    assert!(form.contains("ACTION=\"https://payment-webinit.simu.sogenactif.com/paymentInit\""), "{form}");
    assert!(form.contains("NAME=\"Seal\""), "{form}");
}

#[test]
fn key_writes_into_a_directory_and_refuses_bad_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let base = ["key", "--merchant-id", MERCHANT, "--country", "fr", "--key-version", "1", "--dir", &d];
    let run = |extra: &[&str]| sogen(&[&base[..], extra].concat(), dir.path(), &[]);
    let out = run(&["--secret-key", SECRET, "--url", "http://127.0.0.1:8090/paymentInit", "--bare"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(dir.path().join(format!("certif.fr.{MERCHANT}"))).unwrap();
    assert!(text.contains("PAYMENT_URL!http://127.0.0.1:8090/paymentInit!"), "{text}");
    // A key file already there is kept too.
    let again = run(&["--secret-key", SECRET, "--env", "prod", "--bare"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("a key file is already there"));
    let refused = run(&["--secret-key", "has space", "--env", "prod"]);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("--secret-key: must be") && !said.contains("has space"), "{said}");
    assert!(!dir.path().join(format!("certif.fr.{MERCHANT}.php")).exists(), "nothing written");
    // A directory that does not exist is named as such (no talk of --force).
    let missing = dir.path().join("no-such-dir").display().to_string();
    let lost = sogen(
        &["key", "--merchant-id", MERCHANT, "--country", "fr", "--key-version", "1", "--dir", &missing]
            .into_iter()
            .chain(["--secret-key", SECRET, "--env", "simu"])
            .collect::<Vec<_>>(),
        dir.path(),
        &[],
    );
    let said = String::from_utf8_lossy(&lost.stderr);
    assert!(said.contains("its directory does not exist") && !said.contains("--force"), "{said}");
    for usage in [
        &["--secret-key", SECRET][..],
        &["--secret-key", SECRET, "--env", "simu", "--url", "http://x/"],
        &["--secret-key", SECRET, "--env", "staging"],
        &["--env", "simu"],
    ] {
        assert_eq!(run(usage).status.code(), Some(2), "{usage:?}");
    }
}

#[test]
fn init_writes_a_sips2_installation_with_a_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("shop").display().to_string();
    let base = ["init", "--merchant-id", MERCHANT, "--country", "fr", "--dir", &target, "--lang", "en"];
    let run = |extra: &[&str]| sogen_with_input(&[&base[..], extra].concat(), dir.path(), SECRET);
    let out = run(&["--sips2-key", "-", "--key-version", "2"]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("is a Sips 2.0 merchant") && report.contains("all is well"), "{report}");
    assert!(!report.contains(SECRET) && !String::from_utf8_lossy(&out.stderr).contains(SECRET));
    let shop = std::fs::canonicalize(dir.path().join("shop")).unwrap();
    let file = shop.join(format!("param/certif.fr.{MERCHANT}.php"));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let key = sogen_tools::core::inspect::keyfile::parse(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        (key.key_version.as_slice(), key.payment_url.as_slice()),
        (&b"2"[..], &b"http://127.0.0.1:8090/paymentInit"[..])
    );
    let args = [
        format!("pathfile={}", shop.join("pathfile").display()),
        format!("merchant_id={MERCHANT}"),
        "amount=100".into(),
    ];
    let form = String::from_utf8_lossy(&sogen_tools::core::request(&args).form).into_owned();
    assert!(form.contains("ACTION=\"http://127.0.0.1:8090/paymentInit\"") && form.contains("NAME=\"Seal\""), "{form}");
    // Sogenactif's simulation server instead of the sandbox.
    let simu = run(&["--sips2-key", "-", "--key-version", "2", "--env", "simu", "--force"]);
    assert!(stdout(&simu).contains("simulation server"), "{}", stdout(&simu));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("PAYMENT_URL!https://payment-webinit.simu.sogenactif.com/paymentInit!"), "{text}");
    for usage in [
        &["--sips2-key", "k"][..],
        &["--sips2-key", "k", "--key-version", "1", "--sandbox"],
        &["--sandbox", "--env", "simu"],
        &["--certificate", "x", "--sandbox-url", "http://127.0.0.1:1/x"],
        &["--sips2-key", "k", "--key-version", "1", "--env", "simu", "--payment-url", "http://x/"],
    ] {
        assert_eq!(run(usage).status.code(), Some(2), "{usage:?}");
    }
}
