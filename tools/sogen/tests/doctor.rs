//! `sogen doctor` against installations broken one way at a time. Each
//! problem must come with its FAQ entry and the legacy text, and that text
//! must be what the core's `request` really prints for the same installation.

mod common;

use common::{sogen, stdout, Shop, MERCHANT};
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
    let ok = sogen(&["doctor", "--pathfile", &shop.pathfile()], shop.dir_path(), &[]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("all is well"));
    std::fs::remove_file(shop.path("param/parmcom.sogenactif")).unwrap();
    let bad = sogen(&["doctor", "--pathfile", &shop.pathfile(), "--json"], shop.dir_path(), &[]);
    assert_eq!(bad.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let read = findings.iter().find(|f| f["check"] == "parmcom.read").expect("parmcom.read");
    assert_eq!((read["faq"].as_u64(), read["severity"].as_str()), (Some(19), Some("error")));
    assert!(read["faq_title"].as_str().unwrap().contains("PARMCOM.<DEFAUT>"), "{read}");
    assert_eq!(read["id"], "PARMCOM_UNREADABLE_DEFAULTS");
    for args in [&["doctor", "--bogus"][..], &["doctor", "--lang", "both"], &["doctor", "--pathfile"]] {
        assert_eq!(sogen(args, shop.dir_path(), &[]).status.code(), Some(2), "{args:?}");
    }
}

/// Words of the report's frame and labels, in each language.
/// (The legacy texts stay as the executables print them, in English.)
const ENGLISH_WORDS: [&str; 6] =
    ["sogen doctor: pathfile", "legacy error", "fix:", "error(s)", "check(s) passed", "see the fixes"];
const FRENCH_WORDS: [&str; 6] = [
    "sogen doctor : pathfile",
    "erreur des exécutables",
    "correctif :",
    "erreur(s)",
    "vérification(s) réussie(s)",
    "voyez les correctifs",
];

#[test]
fn one_language_at_a_time_french_when_asked_or_when_the_locale_says_so() {
    let shop = Shop::new(SANDBOX_URL);
    std::fs::remove_file(shop.path(&shop.merchant_parmcom())).unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["doctor", "--pathfile"];
        let pathfile = shop.pathfile();
        all.push(&pathfile);
        all.extend_from_slice(args);
        stdout(&sogen(&all, shop.dir_path(), env))
    };
    let french = run(&["--lang", "fr"], &[("LANG", "en_GB.UTF-8")]);
    for word in FRENCH_WORDS {
        assert!(french.contains(word), "{word}:\n{french}");
    }
    for word in ENGLISH_WORDS {
        assert!(!french.contains(word), "{word}:\n{french}");
    }
    // The FAQ entry by number and by its own heading, never by a file outside the project.
    assert!(french.contains("FAQ §18 : ERROR READING MERCHANT PARAMETERS DEFINITION"), "{french}");
    assert!(!french.contains("faq.txt") && !french.contains("../"), "{french}");
    assert_eq!(run(&[], &[("LANG", "fr_FR.UTF-8")]), french, "LANG=fr chooses French");
    assert_eq!(run(&[], &[("LC_ALL", "fr_BE.UTF-8"), ("LANG", "C")]), french, "LC_ALL first");
    let english = run(&[], &[("LC_ALL", "C"), ("LANG", "fr_FR.UTF-8")]);
    for word in ENGLISH_WORDS {
        assert!(english.contains(word), "{word}:\n{english}");
    }
    assert!(english.contains("FAQ §18 (the merchant's parmcom file cannot be read): ERROR READING"), "{english}");
    for word in FRENCH_WORDS {
        assert!(!english.contains(word), "{word}:\n{english}");
    }
    assert_eq!(run(&[], &[]), english, "English without a locale");
}

#[test]
fn relative_paths_are_resolved_against_the_current_directory() {
    let shop = Shop::new(SANDBOX_URL);
    let d = shop.dir_path().display().to_string();
    shop.edit("pathfile", |p| p.replace(&format!("{d}/param/"), "param/"));
    let json = |cwd: &std::path::Path| {
        let out = sogen(&["doctor", "--pathfile", &shop.pathfile(), "--json"], cwd, &[]);
        (out.status.code(), serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap())
    };
    let (status, report) = json(shop.dir_path());
    assert_eq!(status, Some(0), "{report:#}");
    let notes: Vec<&serde_json::Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["check"] == "pathfile.relative").collect();
    assert_eq!(notes.len(), 3, "F_DEFAULT, F_PARAM, F_CERTIFICATE: {notes:#?}");
    let text = notes[0]["problem"]["en"].as_str().unwrap();
    assert!(
        text.contains(&format!("resolved against {d}")) && text.contains(&format!("{d}/param/parmcom.sogenactif")),
        "{text}"
    );
    // From another directory the same pathfile names other files: the error says where it looked.
    let (status, report) = json(&shop.path("param"));
    assert_eq!(status, Some(1));
    let read = report["findings"].as_array().unwrap().iter().find(|f| f["check"] == "parmcom.read").unwrap();
    let text = read["problem"]["en"].as_str().unwrap();
    assert!(
        text.contains(&format!("from the current directory {d}/param it names {d}/param/param/parmcom.sogenactif")),
        "{text}"
    );
}

#[test]
fn invisible_bytes_line_endings_byte_order_marks_nul() {
    let shop = Shop::new(SANDBOX_URL);
    shop.edit("pathfile", |p| p.replace('\n', "\r\n"));
    let r = diagnose(&shop);
    let f = problem(&r, "file.format", None);
    assert!(
        f.subject.ends_with("pathfile") && f.problem.en.contains("CR LF") && f.problem.en.contains("7 line(s)"),
        "{f:#?}"
    );
    // Nothing else changes: the executables read CR LF files.
    assert!(r.of("trial.response").iter().any(|f| f.severity == Severity::Ok), "{}", r.render(Lang::En, true));

    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&shop.merchant_parmcom(), |p| format!("\u{feff}{p}"));
    let r = diagnose(&shop);
    let f = problem(&r, "file.format", None);
    assert!(f.problem.en.contains("byte order mark") && f.problem.en.contains("'RETURN_URL!http"), "{f:#?}");
    // The first keyword is lost: the shop must now pass normal_return_url itself.
    assert!(problems(&r, "parmcom.urls")[0].problem.en.contains("no RETURN_URL"));

    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&shop.merchant_parmcom(), |p| p.replace('\n', "\r"));
    assert!(problem(&diagnose(&shop), "file.format", None).problem.en.contains("as one line"));

    let shop = Shop::new(SANDBOX_URL);
    shop.edit(&shop.merchant_parmcom(), |p| p.replacen("call_cancel", "call\0cancel", 1));
    assert_eq!(problem(&diagnose(&shop), "file.format", None).id, "FILE_NUL");
}

#[test]
fn the_public_demo_merchant_outside_a_test_setup() {
    const DEMO: &str = "014213245611111";
    let diagnose = |shop: &Shop| {
        doctor::diagnose(Options {
            pathfile: shop.pathfile().into_bytes(),
            merchant_id: Some(DEMO.into()),
            ..Options::default()
        })
    };
    // With this machine's sandbox and shop: a test setup.
    let local = Shop::for_merchant(DEMO, SANDBOX_URL);
    let r = diagnose(&local);
    assert!(r.is_healthy(), "{}", r.render(Lang::En, true));
    // Its certificate for another server.
    let remote = Shop::for_merchant(DEMO, "https://pay.example/cgis");
    let f = problem(&diagnose(&remote), "certificate.public_demo", None).clone();
    assert!(f.problem.en.contains("https://pay.example/cgis") && f.problem.en.contains("forge"), "{f:#?}");
    // The sandbox, but a shop others reach.
    let public = Shop::for_merchant(DEMO, SANDBOX_URL);
    public.edit(&public.merchant_parmcom(), |p| {
        p.replace("http://127.0.0.1:8000/call_response", "https://shop.example/ok")
    });
    let f = problem(&diagnose(&public), "certificate.public_demo", None).clone();
    assert!(f.problem.en.contains("RETURN_URL is https://shop.example/ok"), "{f:#?}");
}

#[test]
fn card_logos_where_the_web_server_serves_them() {
    let shop = Shop::new(SANDBOX_URL);
    let with_logos = |dir: Option<std::path::PathBuf>| {
        doctor::diagnose(Options {
            pathfile: shop.pathfile().into_bytes(),
            merchant_id: Some(MERCHANT.into()),
            logo_dir: dir,
            no_trial: true,
            ..Options::default()
        })
    };
    // Not known: said, nothing to fix.
    assert_eq!(with_logos(None).of("logos")[0].id, "LOGOS_NOT_FOUND");
    // Empty: which ones, and the command that writes them.
    std::fs::create_dir(shop.path("logo")).unwrap();
    let r = with_logos(None);
    let f = problem(&r, "logos", None);
    assert!(f.problem.en.contains("CB VISA MASTERCARD CLEF INTERVAL"), "{f:#?}");
    let fix = &f.fix.as_ref().unwrap().en;
    assert!(fix.contains(&format!("sogen logos --dir {}", shop.path("logo").display())), "{fix}");
    let names: Vec<String> = ["CB", "VISA", "MASTERCARD", "CLEF", "INTERVAL"].map(String::from).to_vec();
    sogen_tools::logos::write(&shop.path("logo"), &names).unwrap();
    assert_eq!(with_logos(Some(shop.path("logo"))).of("logos")[0].severity, Severity::Ok);
}

/// Whether process `pid` is gone (or only a zombie), waiting a bounded while:
/// SIGKILL is delivered at once, the process table may need a moment to show it.
fn process_gone(pid: &str) -> bool {
    let stat = format!("/proc/{}/stat", pid.trim());
    (0..500).any(|_| {
        let state =
            std::fs::read_to_string(&stat).ok().and_then(|s| s.rsplit(')').next().map(|r| r.trim().chars().next()));
        std::thread::sleep(std::time::Duration::from_millis(10));
        matches!(state, None | Some(Some('Z')) | Some(Some('X')))
    })
}

#[test]
fn an_executable_that_never_answers_is_stopped() {
    let shop = Shop::new(SANDBOX_URL);
    let bin = shop.path("bin");
    std::fs::create_dir(&bin).unwrap();
    let d = bin.display();
    // `request` leaves a child behind, holding the output open: both are
    // stopped. `response` answers at once but a process that left its group
    // keeps the output open: the doctor does not wait for it.
    let scripts = [
        ("request", format!("#!/bin/sh\nsleep 600 &\necho $! > {d}/child.pid\nwait\n")),
        ("response", format!("#!/bin/sh\nsetsid sleep 600 &\necho $! > {d}/escaped.pid\n")),
    ];
    for (name, script) in scripts {
        std::fs::write(bin.join(name), script).unwrap();
        std::fs::set_permissions(bin.join(name), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let r = doctor::diagnose(Options {
        pathfile: shop.pathfile().into_bytes(),
        merchant_id: Some(MERCHANT.into()),
        bin_dir: Some(bin.clone()),
        executable_timeout: std::time::Duration::from_millis(300),
        no_trial: true,
        ..Options::default()
    });
    let escaped = std::fs::read_to_string(bin.join("escaped.pid")).unwrap();
    // This test started it: stop it by its id.
    let _ = std::process::Command::new("kill").args(["-KILL", escaped.trim()]).status();
    let found = problems(&r, "executables");
    assert_eq!(
        found.iter().map(|f| (f.id, f.faq)).collect::<Vec<_>>(),
        [("EXECUTABLE_HANGS", Some(11)), ("EXECUTABLE_ANSWERS_OTHERWISE", Some(12))]
    );
    assert!(
        process_gone(&std::fs::read_to_string(bin.join("child.pid")).unwrap()),
        "the left-behind child was stopped"
    );
    assert!(process_gone(&escaped));
}

const SIPS2_SANDBOX: &str = "http://127.0.0.1:1/paymentInit";
const SIMU: &str = "https://payment-webinit.simu.sogenactif.com/paymentInit";

/// Everything a report can show, in both languages and as JSON: never the secret key.
fn shows_no_secret(r: &Report) {
    for text in [r.render(Lang::En, false), r.render(Lang::Fr, false), serde_json::to_string(r).unwrap()] {
        assert!(!text.contains(common::SECRET_KEY), "the secret key is shown:\n{text}");
    }
}

fn ids(r: &Report, check: &str) -> Vec<&'static str> {
    r.of(check).iter().map(|f| f.id).collect()
}

#[test]
fn a_sips2_merchant_passes_with_a_sips2_round_trip() {
    for extra in ["", "SEAL_ALGORITHM!SHA-256!\nINTERFACE_VERSION!HP_3.4!\n"] {
        let shop = Shop::new(SANDBOX_URL);
        shop.write_key_file(SIPS2_SANDBOX, extra);
        let r = diagnose(&shop);
        assert!(r.is_healthy(), "{}", r.render(Lang::En, false));
        assert_eq!(ids(&r, "merchant.protocol"), ["MERCHANT_SIPS2"]);
        assert_eq!(ids(&r, "keyfile.server"), ["KEYFILE_SANDBOX_DOWN"]);
        let ok = &r.of("keyfile.read")[0];
        assert_eq!(ok.id, "KEYFILE_OK");
        let length = common::SECRET_KEY.len().to_string();
        assert!(ok.problem.en.contains(&format!("secret key of {length} characters")), "{ok:#?}");
        assert_eq!(ids(&r, "trial.response"), ["TRIAL_RESPONSE_OK"], "{}", r.render(Lang::En, false));
        assert!(r.of("trial.request")[0].problem.en.contains(SIPS2_SANDBOX));
        assert!(r.of("certificate.key").is_empty(), "not read as a certificate");
        assert_eq!(ids(&r, "keyfile.seal").is_empty(), extra.is_empty());
        shows_no_secret(&r);
    }
}

#[test]
fn a_broken_key_file_gets_the_text_request_prints_and_never_shows_a_value() {
    let shop = Shop::new(SANDBOX_URL);
    for (change, detail) in [
        (("KEY_VERSION!1!", "KEY_VERSION!v1!"), "line 4: KEY_VERSION must be 1 to 10 digits"),
        (("KEY_VERSION!1!\n", ""), "KEY_VERSION missing"),
        (("SECRET_KEY!", "SECRET_KEY!two words "), "line 3: SECRET_KEY must be"),
        (("SECRET_KEY!", "\u{feff}SECRET_KEY!"), "line 3: unknown key"),
    ] {
        shop.write_key_file(SIMU, "");
        shop.edit(&format!("param/certif.fr.{MERCHANT}.php"), |t| t.replacen(change.0, change.1, 1));
        let r = diagnose(&shop);
        let f = problem(&r, "keyfile.read", None);
        assert!(f.problem.en.contains(detail), "{f:#?}");
        assert!(f.legacy.as_deref().unwrap().starts_with("Error reading key file ("), "{f:#?}");
        core_prints(&shop, f, &[]);
        shows_no_secret(&r);
        assert!(r.of("certificate.key").is_empty() && r.of("trial.response").is_empty());
    }
    // A byte order mark before the secret's line: the keyword is named, not the value.
    shop.write_key_file(SIMU, "");
    shop.edit(&format!("param/certif.fr.{MERCHANT}.php"), |t| {
        format!("\u{feff}{}", t.replacen("# test key file\n", "", 1).replacen("SIPS_VERSION!2!\n", "", 1))
    });
    let r = diagnose(&shop);
    let bom = problems(&r, "file.format")[0];
    assert!(bom.problem.en.contains("'SECRET_KEY!…'"), "{bom:#?}");
    shows_no_secret(&r);
}

#[test]
fn key_file_privacy_hosts_and_public_keys() {
    let shop = Shop::new(SANDBOX_URL);
    shop.write_key_file(SIMU, "");
    std::fs::set_permissions(shop.certificate(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = diagnose(&shop);
    assert!(problem(&r, "keyfile.mode", None).fix.as_ref().unwrap().en.contains("chmod 600"));
    let cases = [
        (SIMU, "KEYFILE_SERVER_SIMU"),
        ("https://payment-webinit-sogenactif.test.sips-services.com/paymentInit", "KEYFILE_SERVER_TEST"),
        ("https://payment-webinit.sogenactif.com/paymentInit", "KEYFILE_SERVER_PROD"),
        ("https://payment-webinit.sogenactif.com//paymentInit", "KEYFILE_SERVER_INEXACT"),
        ("http://payment-webinit.simu.sogenactif.com/paymentInit", "KEYFILE_SERVER_INEXACT"),
        ("https://paiement.sogenactif.com/cgis-payment-sogenactif/prod", "KEYFILE_SERVER_GONE"),
        ("https://pay.example/paymentInit", "KEYFILE_SERVER_OTHER"),
        ("http://127.0.0.1:1/callpayment", "KEYFILE_SANDBOX_PATH"),
    ];
    for (url, id) in cases {
        shop.write_key_file(url, "");
        let r = diagnose(&shop);
        let f = &r.of("keyfile.server")[0];
        assert_eq!(f.id, id, "{url}");
        if f.severity >= Severity::Warning {
            assert!(f.fix.as_ref().unwrap().en.contains("PAYMENT_URL"), "{f:#?}");
        }
    }
    // Worldline's public test key: a note for the simulation, a warning for real payments.
    shop.write_key_file(SIMU, "");
    shop.edit(&format!("param/certif.fr.{MERCHANT}.php"), |t| {
        t.replace(common::SECRET_KEY, &format!("{MERCHANT}_KEY1"))
    });
    assert_eq!(ids(&diagnose(&shop), "keyfile.public_key"), ["KEYFILE_PUBLIC_KEY"]);
    shop.edit(&format!("param/certif.fr.{MERCHANT}.php"), |t| {
        t.replace(SIMU, "https://payment-webinit.sogenactif.com/paymentInit")
    });
    let r = diagnose(&shop);
    assert!(problem(&r, "keyfile.public_key", None).problem.en.contains("production"));
}

#[test]
fn each_merchant_is_said_to_be_sips1_or_sips2() {
    let shop = Shop::new(SANDBOX_URL);
    let mut other = shop.spec();
    other.merchant_id = "000000000000777".into();
    shop.write_certificate(&other);
    shop.write_key_file(SIMU, "");
    // Neither an old certificate nor a file of another type is a merchant's credential.
    std::fs::write(shop.path(&format!("param/certif.fr.{MERCHANT}.old.php")), "x").unwrap();
    std::fs::write(shop.path("param/certif.fr.000000000000888.bak"), "x").unwrap();
    let r = diagnose(&shop);
    let found: Vec<(&str, &str)> = r.of("merchant.protocol").iter().map(|f| (f.id, f.subject.as_str())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&("MERCHANT_SIPS1", shop.path("param/certif.fr.000000000000777.php").to_str().unwrap())));
    assert!(found.contains(&("MERCHANT_SIPS2", shop.certificate().to_str().unwrap())));
}
