//! A private copy of the demo merchant for the benchmarks: absolute paths (so
//! the working directory does not matter) and files of our own to touch for
//! the cold-cache measurements (the repository's demo/ is never modified).
#![allow(dead_code)] // each bench target uses a different part

use sogen::inspect::Slot;
use sogen::server::ResponseBuilder;
use sogen::testkit::{Installation, Options, MERCHANT};
use std::fs::{File, FileTimes};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The demo merchant's parmcom files with a certificate of the benchmarks'
/// own, in an installation with absolute paths.
pub struct Fixture {
    pub installation: Installation,
    pub pathfile: PathBuf,
    pub certificate: PathBuf,
    pub defaults: PathBuf,
    pub merchant: PathBuf,
    stamp: u64,
}

fn demo(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo").join(name);
    std::fs::read_to_string(path).expect("demo file")
}

impl Fixture {
    pub fn new(tag: &str) -> Fixture {
        let options = Options {
            defaults: demo("param/parmcom.sogenactif"),
            merchant: demo("param/parmcom.000000000000001"),
            ..Options::default()
        };
        let installation = Installation::with(&format!("bench-{tag}"), options);
        let mut fixture = Fixture {
            pathfile: installation.pathfile(),
            certificate: installation.certificate(),
            defaults: installation.path("param/parmcom.sogenactif"),
            merchant: installation.path(&format!("param/parmcom.{MERCHANT}")),
            installation,
            stamp: 0,
        };
        // Old modification times, as deployed files have.
        fixture.touch();
        fixture
    }

    pub fn files(&self) -> [&Path; 4] {
        [&self.pathfile, &self.defaults, &self.merchant, &self.certificate]
    }

    /// Gives every configuration file a new modification time: the next call
    /// misses the cache for all four.
    pub fn touch(&mut self) {
        self.stamp += 1;
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000) + Duration::from_nanos(self.stamp * 1000);
        for path in self.files() {
            let f = File::options().write(true).open(path).expect("open for touch");
            f.set_times(FileTimes::new().set_modified(t)).expect("set mtime");
        }
    }

    pub fn pathfile_arg(&self) -> Vec<u8> {
        self.installation.pathfile_arg()
    }

    /// A typical shop call: explicit transaction_id, customer and order ids
    /// (benches/request-args.txt, which `make bench-side` uses too).
    pub fn request_args(&self) -> Vec<Vec<u8>> {
        let mut args = vec![self.pathfile_arg()];
        args.extend(include_str!("../request-args.txt").lines().map(|a| a.as_bytes().to_vec()));
        args
    }

    /// A response as the payment server sends it after an accepted payment.
    pub fn response_data(&self) -> Vec<u8> {
        let mut b = ResponseBuilder::new();
        let values: [(Slot, &str); 22] = [
            (Slot::MerchantId, MERCHANT),
            (Slot::MerchantCountry, "fr"),
            (Slot::Amount, "2599"),
            (Slot::TransactionId, "123456"),
            (Slot::PaymentMeans, "CB"),
            (Slot::TransmissionDate, "20261123101500"),
            (Slot::PaymentTime, "101623"),
            (Slot::PaymentDate, "20261123"),
            (Slot::ResponseCode, "00"),
            (Slot::PaymentCertificate, "1700000000"),
            (Slot::AuthorisationId, "A12345"),
            (Slot::CurrencyCode, "978"),
            (Slot::CardNumber, "4974.00"),
            (Slot::CvvFlag, "1"),
            (Slot::CvvResponseCode, "4D"),
            (Slot::BankResponseCode, "00"),
            (Slot::MerchantLanguage, "fr"),
            (Slot::Language, "fr"),
            (Slot::CustomerId, "CUST-000042"),
            (Slot::OrderId, "ORDER-2026-000123"),
            (Slot::CustomerEmail, "jane.doe@example.org"),
            (Slot::CaptureMode, "AUTHOR_CAPTURE"),
        ];
        for (slot, value) in values {
            b.set(slot, value);
        }
        b.set(Slot::CustomerIpAddress, "192.0.2.10").set(Slot::CaptureDay, "0").set(Slot::Caddie, "cart:3-items");
        b.seal_with_certificate(self.certificate.to_str().unwrap().as_bytes(), true).expect("valid response")
    }

    pub fn response_args(&self) -> Vec<Vec<u8>> {
        vec![[&b"message="[..], &self.response_data()].concat(), self.pathfile_arg()]
    }
}

/// The DATA value of a successful request output.
pub fn data_of(output: &[u8]) -> Vec<u8> {
    sogen::testkit::form_data(output).expect("DATA in the form")
}

/// Argument vector for the C ABI (NUL-terminated copies kept alive by the caller).
pub struct CArgs {
    _strings: Vec<std::ffi::CString>,
    pub ptrs: Vec<*const std::ffi::c_char>,
}

impl CArgs {
    pub fn new(args: &[Vec<u8>]) -> CArgs {
        let strings: Vec<std::ffi::CString> =
            args.iter().map(|a| std::ffi::CString::new(a.clone()).expect("no NUL")).collect();
        let ptrs = strings.iter().map(|s| s.as_ptr()).collect();
        CArgs { _strings: strings, ptrs }
    }
}

#[path = "../../tests/support/des_reference.rs"]
mod des_reference;
#[allow(unused_imports)]
pub use des_reference::des_crate_mac;
