//! The ten bank brands of the kit (Sogenactif, Mercanet, Sherlocks,
//! Cyberplus, E-Transactions, Elysnet, Scelliusnet, Webaffaires, Citelis,
//! SMC) shipped the same executables with their own demo certificate and
//! parmcom file: each works in every kit version, for a request and for a
//! response.
//!
//! The vendor's files are not part of the repository: set SOGEN_BRANDS_DIR
//! to a folder holding them (the `param/` folder of a published kit: the
//! `certif.fr.<merchant_id>` files and `parmcom.<brand>`). Without it the
//! test prints a notice and checks nothing.

use sogen::inspect::Slot;
use sogen::server::{parse_certificate, ResponseBuilder};
use sogen::FixedEnvironment;
use std::path::{Path, PathBuf};

/// The bank named in a certificate's trailer, and its parmcom file's suffix.
const BRANDS: [(&str, &str); 10] = [
    ("SOGENACTIF", "sogenactif"),
    ("MERCANET", "mercanet"),
    ("SHERLOCKS", "sherlocks"),
    ("CYBERPLUS", "cyberplus"),
    ("ETRANSACTIONS", "etransactions"),
    ("ELYSNET", "elysnet"),
    ("SCELLIUS", "scelliusnet"),
    ("WEBAFFAIRES", "webaffaires"),
    ("CITELIS", "citelis"),
    ("SIPS", "smc"),
];

const VERSIONS: [&str; 3] = ["P600", "P615", "P617"];

struct Kit {
    merchant_id: String,
    certificate: Vec<u8>,
    parmcom: Vec<u8>,
}

/// Every brand's demo certificate with its parmcom file.
fn kits(dir: &Path) -> Vec<(&'static str, Kit)> {
    let mut kits = Vec::new();
    for entry in std::fs::read_dir(dir).expect("SOGEN_BRANDS_DIR readable").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(merchant_id) = name.strip_prefix("certif.fr.") else { continue };
        let certificate = std::fs::read(entry.path()).expect("certificate readable");
        let bank = parse_certificate(&certificate, false).trailer.map(|t| t.bank).unwrap_or_default();
        let Some((label, suffix)) = BRANDS.iter().find(|(b, _)| bank == b.as_bytes()) else { continue };
        let parmcom = std::fs::read(dir.join(format!("parmcom.{suffix}"))).expect("the brand's parmcom file");
        kits.push((*label, Kit { merchant_id: merchant_id.to_string(), certificate, parmcom }));
    }
    kits
}

/// A shop of `kit` in a fresh directory: the brand's parmcom as defaults,
/// its bare certificate (no F_CTYPE: every version reads it).
fn lay_out(kit: &Kit, n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sogen-brand-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("certif.fr.{}", kit.merchant_id)), &kit.certificate).unwrap();
    std::fs::write(dir.join("parmcom.brand"), &kit.parmcom).unwrap();
    std::fs::write(dir.join(format!("parmcom.{}", kit.merchant_id)), "").unwrap();
    let d = dir.display();
    let pathfile = format!(
        "DEBUG!NO!\nD_LOGO!/logo/!\nF_DEFAULT!{d}/parmcom.brand!\nF_PARAM!{d}/parmcom!\nF_CERTIFICATE!{d}/certif!\n"
    );
    std::fs::write(dir.join("pathfile"), pathfile).unwrap();
    dir
}

fn response_for(kit: &Kit) -> Vec<u8> {
    let matrix = parse_certificate(&kit.certificate, false).matrix.expect("a key matrix");
    let mut b = ResponseBuilder::new();
    b.set(Slot::MerchantId, kit.merchant_id.as_str()).set(Slot::MerchantCountry, "fr").set(Slot::Amount, "1999");
    b.set(Slot::TransactionId, "654321").set(Slot::TransmissionDate, "20261123101500").set(Slot::ResponseCode, "00");
    b.set(Slot::CustomerId, "client-42");
    b.seal(&matrix).expect("a valid response")
}

fn check(label: &str, kit: &Kit, dir: &Path, version: &'static str) -> Result<(), String> {
    let env = FixedEnvironment { now: 1_795_428_900, utc_offset: 0, pid: 1, api_version: Some(version), tz: None };
    let pathfile = format!("pathfile={}", dir.join("pathfile").display());
    let args = [
        pathfile.clone(),
        format!("merchant_id={}", kit.merchant_id),
        "amount=1999".into(),
        "normal_return_url=http://shop.test/ok".into(),
        "cancel_return_url=http://shop.test/ko".into(),
    ];
    let request = sogen::request(&args, &env);
    let url = parse_certificate(&kit.certificate, false).url.unwrap_or_default();
    let action = [&b"ACTION=\""[..], &url, b"/callpayment\""].concat();
    if !request.is_success() || !request.form.windows(action.len()).any(|w| w == action) {
        return Err(format!("{label} {version}: request {}", String::from_utf8_lossy(&request.text)));
    }
    let message = [&b"message="[..], &response_for(kit)].concat();
    let response = sogen::response(&[pathfile.as_bytes(), &message], &env);
    let fine = response.is_success() && response.field("customer_id") == Some(&b"client-42"[..]);
    if !fine {
        return Err(format!("{label} {version}: response {}", String::from_utf8_lossy(&response.text)));
    }
    Ok(())
}

#[test]
fn every_brand_works_in_every_version() {
    let Some(dir) = std::env::var_os("SOGEN_BRANDS_DIR") else {
        eprintln!(
            "NOTICE: brands: SOGEN_BRANDS_DIR is not set (the vendor's files are not in the repository); skipped."
        );
        return;
    };
    let kits = kits(Path::new(&dir));
    assert_eq!(kits.len(), BRANDS.len(), "one demo certificate and parmcom file per brand");
    let mut failures = Vec::new();
    for (n, (label, kit)) in kits.iter().enumerate() {
        let shop = lay_out(kit, n);
        failures.extend(VERSIONS.iter().filter_map(|v| check(label, kit, &shop, v).err()));
        let _ = std::fs::remove_dir_all(shop);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("brands: {} brands x {} versions, request and response each", kits.len(), VERSIONS.len());
}
