//! `sogen cert`.

use sogen_tools::cert as command;
use std::os::unix::fs::PermissionsExt;

#[test]
fn writes_a_private_certificate_the_core_reads() {
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<String> = [
        "--merchant-id",
        "000000000000042",
        "--country",
        "be",
        "--url",
        "http://127.0.0.1:1/p",
        "--dir",
        dir.path().to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let o = command::parse_args(&args).unwrap();
    let path = command::write(&o).unwrap();
    assert!(path.ends_with("certif.be.000000000000042.php"));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let cert = sogen_tools::core::inspect::certificate::parse(&std::fs::read(&path).unwrap(), true);
    assert_eq!(cert.url.unwrap(), b"http://127.0.0.1:1/p");
    // A second run refuses to overwrite the merchant's secret unless forced.
    assert!(command::write(&o).unwrap_err().contains("--force"));
    // A replaced file loses a mode that let others read it.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(command::write(&command::CertOptions { force: true, ..o }).is_ok());
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(command::parse_args(&["--country".to_string()]).is_err());
}
