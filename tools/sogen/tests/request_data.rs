//! The core's server-side reader of request DATA, on what the
//! core's `request` builds.

use sogen_tools::core::certgen::{generate, os_random, CertificateSpec};
use sogen_tools::core::inspect::{certificate, Field};
use sogen_tools::core::server::{decode, DecodeError};

/// A request made by the core with a generated certificate must decode to
/// the arguments it was given, and its MAC must hold only under that key.
#[test]
fn decodes_what_request_builds() {
    let dir = tempfile::tempdir().unwrap();
    let spec = CertificateSpec {
        merchant_id: "012345678901234".into(),
        country: "fr".into(),
        server_url: "http://127.0.0.1:9/x".into(),
        ctype: Some("php".into()),
        date: "01/02/2026".into(),
        expires: "20360101".into(),
        label: "t".into(),
        name: "T".into(),
    };
    let cert = generate(&spec, &mut os_random).unwrap();
    std::fs::write(dir.path().join(spec.file_name("certif")), &cert).unwrap();
    let d = dir.path().display();
    std::fs::write(dir.path().join("parmcom.sogenactif"), "CURRENCY!978!\n").unwrap();
    std::fs::write(dir.path().join("parmcom.012345678901234"), "LANGUAGE!es!\n").unwrap();
    std::fs::write(
        dir.path().join("pathfile"),
        format!("D_LOGO!/l/!\nF_DEFAULT!{d}/parmcom.sogenactif!\nF_PARAM!{d}/parmcom!\nF_CERTIFICATE!{d}/certif!\nF_CTYPE!php!\n"),
    )
    .unwrap();
    let args = [
        format!("pathfile={d}/pathfile"),
        "merchant_id=012345678901234".into(),
        "merchant_country=fr".into(),
        "amount=4321".into(),
        "transaction_id=123456".into(),
        "customer_id=client 42".into(),
        "normal_return_url=http://shop/ok".into(),
        "cancel_return_url=http://shop/ko".into(),
    ];
    let form = String::from_utf8(sogen_tools::core::request(&args).form).unwrap();
    let data = form.split("VALUE=\"").nth(1).unwrap().split('"').next().unwrap();
    let decoded = decode(data.as_bytes()).unwrap();
    assert_eq!(decoded.get(Field::Amount), b"4321");
    assert_eq!(decoded.get(Field::TransactionId), b"123456");
    assert_eq!(decoded.get(Field::Language), b"sp", "languages travel as SIPS codes");
    assert_eq!(decoded.get(Field::NormalReturnUrl), b"http://shop/ok");
    assert!(decoded.unknown_codes.is_empty());
    let matrix = certificate::parse(&cert, true).matrix.unwrap();
    assert!(decoded.mac_matches(&matrix));
    assert_eq!(decoded.clear_customer_id(&matrix).unwrap(), b"client 42");
    assert_ne!(decoded.get(Field::CustomerId), b"client 42", "customer_id travels ciphered");
    // Another merchant's key does not verify it.
    let other = generate(&spec, &mut os_random).unwrap();
    let other = certificate::parse(&other, true).matrix.unwrap();
    assert!(!decoded.mac_matches(&other));
    // Any change to the sealed text breaks the MAC or the decoding.
    let mut tampered = data.as_bytes().to_vec();
    let i = tampered.len() / 2;
    tampered[i] = if tampered[i] == b'0' { b'1' } else { b'0' };
    assert!(decode(&tampered).map_or(true, |t| !t.mac_matches(&matrix)));
    assert_eq!(decode(b"0123").unwrap_err(), DecodeError::TooShort);
    assert_eq!(decode(&[b'Z'; 40]).unwrap_err(), DecodeError::NotHex);
}
