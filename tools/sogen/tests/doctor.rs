//! `sogen doctor` against installations broken one way at a time. Each
//! problem must come with its FAQ entry and the legacy text, and that text
//! must be what the core's `request` really prints for the same installation.

mod common;

use common::{Shop, MERCHANT};
use sogen_tools::core::certgen::{self, CertificateSpec};
use sogen_tools::doctor::{self, Finding, Options, Report, Severity};
use sogen_tools::lang::Lang;
use std::os::unix::fs::PermissionsExt;

const SANDBOX_URL: &str = "http://127.0.0.1:1/cgis-payment/demo";

fn diagnose(shop: &Shop) -> Report {
    doctor::diagnose(Options {
        pathfile: shop.pathfile().into_bytes(),
        merchant_id: Some(MERCHANT.into()),
        ..Options::default()
    })
}

/// The problems of `check`, listing the whole report when there is none.
fn problems<'a>(r: &'a Report, check: &str) -> Vec<&'a Finding> {
    let found: Vec<&Finding> = r.problems().filter(|f| f.check == check).collect();
    assert!(!found.is_empty(), "no problem from {check} in:\n{}", r.render(Lang::En, true));
    found
}

/// The single problem of `check`, which must point at FAQ entry `faq`.
fn problem<'a>(r: &'a Report, check: &str, faq: Option<u32>) -> &'a Finding {
    let found = problems(r, check);
    let f = found[0];
    assert_eq!(f.faq, faq, "FAQ of {check}: {f:#?}");
    assert!(f.fix.is_some(), "a fix is given: {f:#?}");
    assert!(!f.problem.fr.is_empty() && f.problem.fr != f.problem.en, "French text: {f:#?}");
    assert!(!r.is_healthy());
    assert_eq!(r.exit_code(), 1);
    f
}

/// The legacy text of `f` must be in what the core's request prints (the HTML
/// error block turns line breaks into spaces).
fn core_prints(shop: &Shop, f: &Finding, extra: &[&str]) {
    let legacy = f.legacy.as_deref().expect("a legacy text").replace(['\r', '\n'], " ");
    let out = shop.request(extra);
    assert!(out.contains(&legacy), "request does not print {legacy:?}:\n{out}");
}

#[test]
fn a_healthy_installation_passes_with_a_working_round_trip() {
    let shop = Shop::new(SANDBOX_URL);
    let r = diagnose(&shop);
    assert!(r.is_healthy(), "{}", r.render(Lang::En, true));
    assert_eq!(r.exit_code(), 0);
    for check in ["trial.request", "trial.response", "certificate.header", "parmcom.payment_means"] {
        assert!(
            r.of(check).iter().any(|f| f.severity == Severity::Ok),
            "{check} passed: {}",
            r.render(Lang::En, false)
        );
    }
    // The merchant is found from the file names when not given.
    let found = doctor::diagnose(Options { pathfile: shop.pathfile().into_bytes(), ..Options::default() });
    assert_eq!(found.merchant_id.as_deref(), Some(MERCHANT));
    assert!(found.is_healthy(), "{}", found.render(Lang::En, true));
}

#[test]
fn faq13_pathfile_missing_unreadable_or_looping() {
    let shop = Shop::new(SANDBOX_URL);
    std::fs::rename(shop.path("pathfile"), shop.path("pathfile.moved")).unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "pathfile.read", Some(13));
    core_prints(&shop, f, &[]);

    let shop = Shop::new(SANDBOX_URL);
    std::fs::remove_file(shop.path("pathfile")).unwrap();
    std::fs::create_dir(shop.path("pathfile")).unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "pathfile.read", Some(13));
    core_prints(&shop, f, &[]);

    // A variable that refers to itself: the key has no value at all.
    let shop = Shop::new(SANDBOX_URL);
    shop.edit("pathfile", |p| {
        let kept: Vec<&str> = p.lines().filter(|l| !l.starts_with("F_PARAM!")).collect();
        format!("F_PARAM!LOOP_A!\nLOOP_A!LOOP_B!\nLOOP_B!LOOP_A!\n{}\n", kept.join("\n"))
    });
    let r = diagnose(&shop);
    let f = problem(&r, "pathfile.variables", Some(13));
    core_prints(&shop, f, &[]);
}

#[test]
fn faq14_to_17_each_missing_keyword() {
    for (key, faq) in [("F_CERTIFICATE", 14), ("F_PARAM", 15), ("F_DEFAULT", 16), ("D_LOGO", 17)] {
        let shop = Shop::new(SANDBOX_URL);
        shop.edit("pathfile", |p| {
            p.lines().filter(|l| !l.starts_with(&format!("{key}!"))).map(|l| format!("{l}\n")).collect()
        });
        let r = diagnose(&shop);
        let f = problem(&r, "pathfile.keyword", Some(faq));
        assert!(f.subject.ends_with(key), "{f:#?}");
        core_prints(&shop, f, &[]);
    }
}

#[test]
fn faq18_and_19_parmcom_files_missing() {
    let shop = Shop::new(SANDBOX_URL);
    std::fs::remove_file(shop.path(&format!("param/parmcom.{MERCHANT}"))).unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "parmcom.read", Some(18));
    core_prints(&shop, f, &[]);

    let shop = Shop::new(SANDBOX_URL);
    std::fs::remove_file(shop.path("param/parmcom.sogenactif")).unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "parmcom.read", Some(19));
    core_prints(&shop, f, &[]);
}

#[test]
fn faq20_certificate_missing_or_for_someone_else() {
    // Renamed for another country: the fix lists what is there.
    let shop = Shop::new(SANDBOX_URL);
    let other = shop.path(&format!("param/certif.be.{MERCHANT}.php"));
    std::fs::rename(shop.certificate(), &other).unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "certificate.read", Some(20));
    assert!(f.fix.as_ref().unwrap().en.contains(&format!("certif.be.{MERCHANT}.php")), "{f:#?}");
    core_prints(&shop, f, &[]);

    // The header names another merchant, another country, another type.
    let shop = Shop::new(SANDBOX_URL);
    type Edit = fn(&mut CertificateSpec);
    let cases: [(&str, Edit); 3] = [
        ("merchant id", |s| s.merchant_id = "999999999999999".into()),
        ("country", |s| s.country = "be".into()),
        ("type", |s| s.ctype = Some("asp".into())),
    ];
    for (what, change) in cases {
        let mut spec = shop.spec();
        change(&mut spec);
        let text = certgen::generate(&spec, &mut certgen::os_random).unwrap();
        std::fs::write(shop.certificate(), text).unwrap();
        let r = diagnose(&shop);
        let f = problem(&r, "certificate.header", Some(20));
        assert!(f.legacy.as_deref().unwrap().contains(what.split(' ').next().unwrap()), "{what}: {f:#?}");
        core_prints(&shop, f, &[]);
    }
}

#[test]
fn faq21_merchant_id_too_long() {
    let shop = Shop::new(SANDBOX_URL);
    let id = format!("{MERCHANT}9");
    let r = doctor::diagnose(Options {
        pathfile: shop.pathfile().into_bytes(),
        merchant_id: Some(id.clone()),
        ..Options::default()
    });
    let f = problem(&r, "merchant.id", Some(21));
    let out = sogen_tools::core::request(&[format!("pathfile={}", shop.pathfile()), format!("merchant_id={id}")]);
    assert!(String::from_utf8_lossy(&out.text).contains(f.legacy.as_deref().unwrap()));
    assert_eq!(out.exit_code, 255);
}

#[test]
fn faq22_separator_errors_with_every_line_number() {
    let shop = Shop::new(SANDBOX_URL);
    shop.edit("pathfile", |p| format!("{p}GARBAGE\nKEY_WITHOUT_VALUE!\nMORE GARBAGE\n"));
    let r = diagnose(&shop);
    let found = problems(&r, "pathfile.syntax");
    assert_eq!(found.len(), 3, "every bad line is listed");
    let lines = shop.read("pathfile").lines().count();
    assert!(found[0].subject.contains(&format!("pathfile:{}:", lines - 2)), "{:#?}", found[0]);
    assert!(found[0].problem.en.starts_with(&format!("line {}", lines - 2)), "{:#?}", found[0]);
    assert!(found[2].problem.en.contains(&format!("first bad line, {}", lines - 2)), "{:#?}", found[2]);
    assert!(found.iter().all(|f| f.faq == Some(22)));
    // The executables stop at the first one: that is the text they print.
    core_prints(&shop, found[0], &[]);
    assert!(!shop.request(&[]).contains(found[1].legacy.as_deref().unwrap()));

    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&format!("param/parmcom.{MERCHANT}"), |p| format!("{p}LOGO!a!b!\nLOGO2!x!"));
    let r = diagnose(&shop);
    let found = problems(&r, "parmcom.syntax");
    assert_eq!(found.len(), 2);
    assert!(found[1].problem.en.contains("no line break"), "{:#?}", found[1]);
    assert!(found.iter().all(|f| f.faq == Some(22)));
    core_prints(&shop, found[0], &[]);
}

#[test]
fn faq23_settings_the_field_checks_refuse() {
    let broken: [(&str, &str, &str); 5] = [
        ("parmcom.payment_means", "PAYMENT_MEANS!CB,2,VISA,3!\nBLOCK_ORDER!1,2!\n", "VISA"),
        ("parmcom.too_long", "ADVERT!abcdefghijklmnopqrstuvwxyz0123456789!\n", "36 characters"),
        ("parmcom.language", "LANGUAGE!FR!\n", "lower case"),
        ("parmcom.currency", "CURRENCY!EU!\n", "ISO 4217"),
        ("parmcom.urls", "", "normal_return_url"),
    ];
    for (check, lines, explained) in broken {
        let shop = Shop::new(SANDBOX_URL);
        shop.edit(&format!("param/parmcom.{MERCHANT}"), |p| {
            let p = if check == "parmcom.urls" { p.replace("RETURN_URL!", "# RETURN_URL!") } else { p };
            format!("{p}{lines}")
        });
        let r = diagnose(&shop);
        let f = problem(&r, check, Some(23));
        let text = format!("{} {}", f.problem.en, f.legacy.as_deref().unwrap_or(""));
        assert!(text.contains(explained), "{check}: {f:#?}");
        core_prints(&shop, f, &[]);
    }
}

#[test]
fn faq25_data_outside_the_documented_keywords() {
    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&format!("param/parmcom.{MERCHANT}"), |p| format!("{p}DATA!please ship quickly!\n"));
    let r = diagnose(&shop);
    let f = problem(&r, "parmcom.data", Some(25));
    assert!(f.problem.en.contains("please ship quickly"));
    // The documented shapes pass.
    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&format!("param/parmcom.{MERCHANT}"), |p| {
        format!("{p}DATA!NB_PAYMENT=3;PERIOD=30;INITIAL_AMOUNT=15000!\n")
    });
    assert!(diagnose(&shop).is_healthy());
}

#[test]
fn faq27_what_the_payment_server_would_refuse() {
    let shop = Shop::new(SANDBOX_URL);
    shop.edit("param/parmcom.sogenactif", |p| p.replace("CURRENCY!978!", "CURRENCY!999!"));
    let r = diagnose(&shop);
    let f = problem(&r, "parmcom.currency", Some(27));
    assert!(f.legacy.as_deref().unwrap().contains("Invalid Transaction"));

    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&format!("param/parmcom.{MERCHANT}"), |p| format!("{p}CUSTOMER_ID!a;b!\n"));
    let r = diagnose(&shop);
    problem(&r, "parmcom.customer_id", Some(27));
}

#[test]
fn faq3_automatic_response_url() {
    let cases = [
        ("", "UNDEFINED"),
        ("AUTO_RESPONSE_URL!http://shop.example:10443/auto.php!\n", "10443"),
        ("AUTO_RESPONSE_URL!http://shop.example/auto.php?PHPSESSID=42!\n", "session"),
        ("AUTO_RESPONSE_URL!auto.php!\n", "absolute"),
    ];
    for (line, explained) in cases {
        let shop = Shop::new(SANDBOX_URL);
        shop.edit(&format!("param/parmcom.{MERCHANT}"), |p| {
            let kept: String =
                p.lines().filter(|l| !l.starts_with("AUTO_RESPONSE_URL")).map(|l| format!("{l}\n")).collect();
            format!("{kept}{line}")
        });
        let r = diagnose(&shop);
        let f = problem(&r, "parmcom.auto_response", Some(3));
        assert!(f.problem.en.contains(explained), "{f:#?}");
    }
}

#[test]
fn faq6_certificate_for_a_vanished_server_or_expired() {
    let shop = Shop::new("https://paiement.sogenactif.com/cgis-payment-sogenactif/demo");
    let r = diagnose(&shop);
    let f = problem(&r, "certificate.server", Some(6));
    assert!(f.problem.en.contains("DEMONSTRATION"));
    let shop = Shop::new("https://paiement.sogenactif.com/cgis-payment-sogenactif/prod");
    let r = diagnose(&shop);
    assert!(problem(&r, "certificate.server", Some(6)).problem.en.contains("PRODUCTION"));

    let shop = Shop::new(SANDBOX_URL);
    shop.write_certificate(&CertificateSpec { expires: "20200101".into(), ..shop.spec() });
    let r = diagnose(&shop);
    let f = problem(&r, "certificate.expired", Some(6));
    assert!(f.problem.en.contains("20200101"));
}

#[test]
fn faq11_and_12_executables() {
    let shop = Shop::new(SANDBOX_URL);
    let bin = shop.path("bin");
    std::fs::create_dir(&bin).unwrap();
    let check = |shop: &Shop| {
        doctor::diagnose(Options {
            pathfile: shop.pathfile().into_bytes(),
            merchant_id: Some(MERCHANT.into()),
            bin_dir: Some(bin.clone()),
            no_trial: true,
            ..Options::default()
        })
    };
    let r = check(&shop);
    let found = problems(&r, "executables");
    assert_eq!(found.iter().map(|f| f.faq).collect::<Vec<_>>(), [Some(11), Some(12)]);
    // Present but not executable, then executable but not the plug-in.
    std::fs::write(bin.join("request"), "#!/bin/sh\necho hello\n").unwrap();
    assert_eq!(problems(&check(&shop), "executables")[0].severity, Severity::Error);
    std::fs::set_permissions(bin.join("request"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let r = check(&shop);
    assert_eq!(problems(&r, "executables")[0].severity, Severity::Warning);
    // The real executables, when cargo built them beside this tool, answer as the library does.
    let built = std::path::Path::new(env!("CARGO_BIN_EXE_sogen")).with_file_name("request");
    if built.exists() {
        for name in ["request", "response"] {
            std::fs::copy(built.with_file_name(name), bin.join(name)).unwrap();
        }
        let r = check(&shop);
        assert!(r.of("executables").iter().all(|f| f.severity == Severity::Ok), "{}", r.render(Lang::En, false));
    }
}

#[test]
fn certificate_layout_privacy_and_damage() {
    // Readable by everyone: the key matrix is a secret.
    let shop = Shop::new(SANDBOX_URL);
    std::fs::set_permissions(shop.certificate(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "certificate.mode", None);
    assert!(f.problem.en.contains("644"));

    // A certificate with a header, but no F_CTYPE in the pathfile.
    let shop = Shop::new(SANDBOX_URL);
    shop.edit("pathfile", |p| p.replace("F_CTYPE!php!\n", ""));
    std::fs::copy(shop.certificate(), shop.path(&format!("param/certif.fr.{MERCHANT}"))).unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "certificate.layout", None);
    core_prints(&shop, f, &[]);

    // The server URL block damaged: data line 1 holds its key.
    let shop = Shop::new(SANDBOX_URL);
    let text = std::fs::read_to_string(shop.certificate()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let first = lines.iter().position(|l| l == "certificate_data!").unwrap() + 1;
    lines[first].replace_range(..16, "zzzzzzzzzzzzzzzz");
    std::fs::write(shop.certificate(), lines.join("\n") + "\n").unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "certificate.url", None);
    core_prints(&shop, f, &[]);

    // The date line damaged.
    let shop = Shop::new(SANDBOX_URL);
    let text = std::fs::read_to_string(shop.certificate()).unwrap();
    let broken: Vec<String> =
        text.lines().map(|l| if l.contains(",V4,") { "broken-date-line".to_string() } else { l.to_string() }).collect();
    std::fs::write(shop.certificate(), broken.join("\n") + "\n").unwrap();
    let r = diagnose(&shop);
    let f = problem(&r, "certificate.layout", None);
    core_prints(&shop, f, &[]);
}

#[test]
fn pathfile_typos_duplicates_debug_and_logo_directory() {
    let shop = Shop::new(SANDBOX_URL);
    shop.edit("pathfile", |p| {
        p.replace("DEBUG!NO!", "DEBUG!YES!").replace("D_LOGO!/logo/!", "D_LOGO!/logo!")
            + "F_CERTIFICAT!/x!\nF_PARAM!/elsewhere/parmcom!\n"
    });
    let r = diagnose(&shop);
    assert!(problem(&r, "pathfile.debug", None).fix.as_ref().unwrap().en.contains("DEBUG!NO!"));
    assert!(problem(&r, "pathfile.d_logo", None).problem.en.contains("/logoCB.gif"));
    assert!(problem(&r, "pathfile.unknown_key", None).problem.en.contains("did you mean F_CERTIFICATE"));
    assert!(problem(&r, "pathfile.duplicate", None).problem.en.contains("first definition"));
    // None of these stops a payment: the trial still works.
    assert!(r.of("trial.response").iter().any(|f| f.severity == Severity::Ok), "{}", r.render(Lang::En, true));
}

#[test]
fn parmcom_unknown_and_misplaced_keywords() {
    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&format!("param/parmcom.{MERCHANT}"), |p| {
        format!("{p}LANGAGE!fr!\nlogo!x.gif!\nAMOUNT!100!\nCOLOUR!red!\n")
    });
    let r = diagnose(&shop);
    let found = problems(&r, "parmcom.keyword");
    let texts: Vec<&str> = found.iter().map(|f| f.problem.en.as_str()).collect();
    assert_eq!(found.len(), 4, "{texts:#?}");
    assert!(texts[0].contains("did you mean LANGUAGE"));
    assert!(texts[1].contains("case-sensitive"));
    assert!(texts[2].contains("cannot be set in a parmcom file"));
    assert!(texts[3].contains("unknown keyword COLOUR"));
}

#[test]
fn several_merchants_need_a_choice() {
    let shop = Shop::new(SANDBOX_URL);
    shop.write("param/parmcom.000000000000077", "LOGO!a.gif!\n");
    let r = doctor::diagnose(Options { pathfile: shop.pathfile().into_bytes(), ..Options::default() });
    let f = problems(&r, "merchant.id")[0];
    assert!(f.problem.en.contains("000000000000077") && f.problem.en.contains(MERCHANT), "{f:#?}");
}

#[test]
fn command_line_exit_status_and_json() {
    let shop = Shop::new(SANDBOX_URL);
    let run = |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_sogen")).args(args).output().unwrap();
    let ok = run(&["doctor", "--pathfile", &shop.pathfile(), "--lang", "fr"]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("tout va bien"));
    std::fs::remove_file(shop.path("param/parmcom.sogenactif")).unwrap();
    let bad = run(&["doctor", "--pathfile", &shop.pathfile(), "--json"]);
    assert_eq!(bad.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["check"] == "parmcom.read" && f["faq"] == 19 && f["severity"] == "error"));
    assert_eq!(run(&["doctor", "--bogus"]).status.code(), Some(2));
}
