//! Property tests (proptest): the wire codecs round-trip arbitrary bytes, a
//! single-byte change to a valid DATA is never accepted with other content,
//! and no input makes a public function panic.
//!
//! Case counts are proptest's default (256) unless `PROPTEST_CASES` says
//! otherwise; failures are shrunk and printed with the input.

use proptest::prelude::*;
use sogen::inspect::{Slot, SLOTS};
use sogen::internals::config::{certificate, parmcom, pathfile};
use sogen::internals::language::sips_to_iso_legacy as to_iso_language;
use sogen::internals::wire::{armor, cipher, hex, keys, mac, nlv, received, url, KeyMatrix};
use sogen::server::ResponseBuilder;
use sogen::testkit::{Installation, Options};
use sogen::FixedEnvironment;
use std::sync::OnceLock;

#[path = "support/des_reference.rs"]
mod des_reference;
use des_reference::des_crate_mac;

const ENV: FixedEnvironment =
    FixedEnvironment { now: 1_795_000_000, utc_offset: 0, pid: 1, api_version: None, tz: None };

/// A merchant shared by the tests of this file.
fn merchant() -> &'static Installation {
    static M: OnceLock<Installation> = OnceLock::new();
    M.get_or_init(|| {
        sogen::testkit::remove_stale("properties");
        let options = Options {
            seed: Some(99),
            server_url: "http://127.0.0.1:1/payment".into(),
            defaults: "MERCHANT_COUNTRY!fr!\nRETURN_URL!http://x/ok!\n".into(),
            merchant: "CANCEL_URL!http://x/ko!\n".into(),
            ..Options::default()
        };
        Installation::with("properties", options)
    })
}

fn matrix() -> &'static KeyMatrix {
    static K: OnceLock<KeyMatrix> = OnceLock::new();
    K.get_or_init(|| merchant().matrix())
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

/// Bytes without NUL (response values are C strings).
fn c_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(1u8..=255, 0..=max)
}

fn digits(min: usize, max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(b'0'..=b'9', min..=max)
}

/// A valid response as the payment server sends it, and the 42 values
/// `response` must print for it.
fn valid_response() -> impl Strategy<Value = (Vec<u8>, Vec<Vec<u8>>)> {
    let optional = prop::collection::vec(prop::option::weighted(0.5, c_bytes(24)), SLOTS.len());
    (optional, digits(3, 12), digits(1, 6), digits(14, 14), any::<bool>(), c_bytes(20)).prop_map(
        |(values, amount, tid, date, cipher, complement)| {
            let mut b = ResponseBuilder::new();
            for (def, value) in SLOTS.iter().zip(values) {
                if let Some(mut v) = value {
                    let max = def.max.unwrap_or(if def.id == Slot::CvvFlag { 1 } else { 2 });
                    v.truncate(max);
                    b.set(def.id, v);
                }
            }
            b.set(Slot::MerchantId, "000000000000001").set(Slot::MerchantCountry, "fr");
            b.set(Slot::Amount, amount).set(Slot::TransactionId, tid).set(Slot::TransmissionDate, date);
            b.cipher_customer_id(cipher).complement(complement.clone());
            let mut expected: Vec<Vec<u8>> = b.values().iter().map(<[u8]>::to_vec).collect();
            for slot in [Slot::Language, Slot::MerchantLanguage] {
                expected[slot as usize] = to_iso_language(&expected[slot as usize]).to_vec();
            }
            if !complement.is_empty() {
                let data = &mut expected[Slot::Data as usize];
                if !data.is_empty() && !data.ends_with(b";") {
                    data.push(b';');
                }
                data.extend_from_slice(&complement);
            }
            let data = b.seal(matrix()).expect("valid response");
            (data, expected)
        },
    )
}

fn read_response(data: &[u8]) -> Result<Vec<Vec<u8>>, Vec<u8>> {
    let args = [merchant().pathfile_arg(), [&b"message="[..], data].concat()];
    let e = sogen::response(&args, &ENV);
    match e.error {
        None => Ok(e.fields().map(|(_, v)| v.to_vec()).collect()),
        Some(error) => Err(error.text()),
    }
}

proptest! {
    #[test]
    fn armor_round_trips_any_bytes(plain in bytes(4096)) {
        prop_assert_eq!(armor::decode(&armor::encode(&plain)), Some(plain.clone()));
        // response's lenient reader agrees on what request writes.
        prop_assert_eq!(received::dearmor_lenient(&armor::encode(&plain)), Ok(plain));
    }

    #[test]
    fn hex_round_trips_any_bytes(plain in bytes(1024)) {
        prop_assert_eq!(hex::decode(&hex::encode_lower(&plain)), Some(plain.clone()));
        prop_assert_eq!(hex::decode(&hex::encode_upper(&plain)), Some(plain.clone()));
        prop_assert_eq!(received::hex_decode_lenient(&hex::encode_lower(&plain)), plain);
    }

    #[test]
    fn nlv_round_trips_any_records(records in prop::collection::vec((0u32..1000, bytes(300)), 0..40)) {
        let encoded = nlv::encode(records.iter().map(|(c, v)| (*c, v.as_slice())));
        let kept: Vec<nlv::Record> = records
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(code, value)| nlv::Record { code: *code, value: value.clone() })
            .collect();
        prop_assert_eq!(nlv::decode(&encoded), Ok(kept.clone()));
        // The lenient reader response uses gives the same values for what
        // request writes, when values hold no NUL (C strings), codes are in
        // the legacy's table (1–500) and the whole fits its buffer: one value
        // a code, the last one, in container order.
        if kept.iter().all(|r| (1..=500).contains(&r.code) && !r.value.contains(&0)) && encoded.len() <= 10_752 {
            let last: Vec<nlv::Record> =
                kept.iter().enumerate().filter(|(i, r)| kept[i + 1..].iter().all(|l| l.code != r.code)).map(|(_, r)| r.clone()).collect();
            let read = received::parse_nlv_lenient(&encoded)
                .map(|c| c.records().map(|(code, v)| nlv::Record { code, value: v.to_vec() }).collect::<Vec<_>>());
            prop_assert_eq!(read, Ok(last));
        }
    }

    /// The library's table-driven DES gives the `des` crate's MAC for any key and text.
    #[test]
    fn mac_matches_the_des_crate(key in any::<[u8; 8]>(), text in bytes(600)) {
        prop_assert_eq!(mac::compute(&key, &text), des_crate_mac(&key, &text));
    }

    #[test]
    fn customer_id_cipher_round_trips(clear in c_bytes(40), k1 in any::<[u8; 8]>(), k2 in any::<[u8; 8]>()) {
        let sealed = cipher::encrypt_customer_id(&k1, &k2, &clear);
        prop_assert_eq!(cipher::decrypt_customer_id(&k1, &k2, &sealed), clear);
    }

    #[test]
    fn valid_responses_read_back((data, expected) in valid_response()) {
        prop_assert_eq!(read_response(&data), Ok(expected));
    }

    /// Any one byte changed anywhere in a valid DATA: refused, or read as the
    /// very same values (a change the decoder maps back to the same bytes).
    #[test]
    fn single_byte_changes_are_refused((data, expected) in valid_response(), at in any::<prop::sample::Index>(), byte in 1u8..=255) {
        let i = at.index(data.len());
        prop_assume!(data[i] != byte);
        let mut altered = data.clone();
        altered[i] = byte;
        if let Ok(values) = read_response(&altered) {
            prop_assert_eq!(values, expected, "byte {} changed to {:#04x} accepted with other content", i, byte);
        }
    }

    #[test]
    fn parsers_never_panic(content in bytes(4096), header in any::<bool>(), key in bytes(12)) {
        if let Ok(p) = pathfile::parse(&content) {
            for k in pathfile::KNOWN_KEYS {
                let _ = p.get(k);
            }
            let _ = p.get(&key);
        }
        let _ = parmcom::parse(&content, 2048);
        let _ = certificate::parse(&content, header);
    }

    /// Line-shaped input reaches deeper than random bytes: `KEY!value!` lines
    /// with `!`-variables for the pathfile, certificate-like 66-char lines.
    #[test]
    fn line_shaped_configurations_never_panic(
        lines in prop::collection::vec((prop::sample::select(vec!["D_LOGO", "F_DEFAULT", "F_PARAM", "F_CERTIFICATE", "F_CTYPE", "DEBUG", "A", "B", "LANGUAGE", "TARGET", "certificate_data", "merchant_id"]), c_bytes(70), any::<bool>()), 0..60),
        header in any::<bool>(),
    ) {
        let mut text = Vec::new();
        for (k, v, bang) in &lines {
            text.extend_from_slice(k.as_bytes());
            text.push(b'!');
            text.extend_from_slice(v);
            if *bang { text.push(b'!'); }
            text.push(b'\n');
        }
        if let Ok(p) = pathfile::parse(&text) {
            for k in pathfile::KNOWN_KEYS {
                let _ = p.get(k);
            }
        }
        let _ = parmcom::parse(&text, 2048);
        let _ = certificate::parse(&text, header);
    }

    #[test]
    fn wire_readers_never_panic(text in bytes(3000)) {
        let _ = received::decode_message(&text);
        let _ = received::dearmor_lenient(&text);
        let _ = received::parse_nlv_lenient(&text);
        let _ = armor::decode(&text);
        let _ = nlv::decode(&text);
        let _ = hex::decode(&text);
        let key = [7u8; 8];
        let _ = url::decrypt_block(&key, &text);
        let _ = url::url_key(&text);
        let _ = cipher::decrypt_customer_id(&key, &key, &text);
        let _ = mac::compute(&key, &text);
    }

    /// NLV containers with a valid header and arbitrary records: the lenient
    /// reader's length arithmetic (negative, huge, missing) stays in bounds.
    #[test]
    fn lenient_nlv_headers_never_panic(total in 0usize..2_000_000, widths in any::<(u8, u8)>(), body in bytes(400)) {
        let mut plain = format!("\x01\x02{:06}", total % 1_000_000).into_bytes();
        plain.extend_from_slice(&[b'0' + widths.0 % 10, b'0' + widths.1 % 10]);
        plain.extend_from_slice(b"000");
        plain.extend_from_slice(&body);
        let _ = received::parse_nlv_lenient(&plain);
        let _ = nlv::decode(&plain);
        // And the same container armored and hex-encoded as a whole message.
        let mut message = hex::encode_lower(&armor::encode(&plain));
        message.extend_from_slice(b"0123456789abcdef");
        let _ = received::decode_message(&message);
    }

    /// Any `TZ` value, POSIX-shaped or not, and any instant of ±30 000 years.
    #[test]
    fn time_zones_never_panic(
        tz in prop::collection::vec(prop::sample::select(b"AZaz+-:,./JM0159<> \t".to_vec()), 0..40),
        raw in bytes(40),
        now in -1_000_000_000_000i64..1_000_000_000_000,
    ) {
        use sogen::Environment;
        for value in [tz, raw] {
            let tz: &'static [u8] = Box::leak(value.into_boxed_slice());
            let env = FixedEnvironment { now, utc_offset: 0, pid: 1, api_version: None, tz: Some(tz) };
            let _ = (env.local(now), env.utc(now), env.zone_errno());
        }
    }

    #[test]
    fn key_derivation_never_panics(amount in bytes(20), date in bytes(20), tid in bytes(10)) {
        let _ = keys::mac_key(matrix(), &amount, &date, &tid);
        let _ = keys::customer_id_keys(matrix(), &amount, &date, &tid);
        let _ = keys::mac_key_positions(&amount, &date, &tid);
    }

    /// Arbitrary argument lists, with the real merchant's pathfile or without.
    #[test]
    fn entry_points_never_panic(
        args in prop::collection::vec(prop_oneof![
            bytes(64),
            (prop::sample::select(vec!["merchant_id=", "amount=", "transaction_id=", "merchant_country=", "language=",
                "payment_means=", "block_order=", "customer_id=", "currency_code=", "message=", "pathfile=",
                "data=", "normal_return_url=", "caddie="]), bytes(40))
                .prop_map(|(k, v)| [k.as_bytes(), &v].concat()),
        ], 0..50),
        with_pathfile in any::<bool>(),
    ) {
        let mut args = args;
        if with_pathfile {
            args.insert(0, merchant().pathfile_arg());
        }
        let r = sogen::request(&args, &ENV);
        prop_assert!(r.text.starts_with(b"!") && (r.exit_code == 0 || r.exit_code == 255));
        let s = sogen::response(&args, &ENV);
        prop_assert!(s.text.starts_with(b"!") && (s.exit_code == 0 || s.exit_code == 255));
        let _ = sogen::internals::request_json(&sogen::request(&args, &ENV));
        let _ = sogen::internals::response_json(&sogen::response(&args, &ENV));
    }

    /// A message of any bytes (not only hex) to the real merchant.
    #[test]
    fn response_never_panics_on_any_message(message in bytes(2500)) {
        let args = [merchant().pathfile_arg(), [&b"message="[..], &message].concat()];
        let out = sogen::response(&args, &ENV);
        prop_assert!(out.text.starts_with(b"!-1!") || out.text.starts_with(b"!0!"));
    }

    /// The C ABI with arbitrary (NUL-free) strings, including the JSON forms.
    #[test]
    fn c_abi_never_fails(args in prop::collection::vec(c_bytes(80), 0..8)) {
        let strings: Vec<std::ffi::CString> = args.into_iter().map(|a| std::ffi::CString::new(a).unwrap()).collect();
        let ptrs: Vec<*const std::ffi::c_char> = strings.iter().map(|s| s.as_ptr()).collect();
        for f in [sogen::ffi::sogen_request, sogen::ffi::sogen_response, sogen::ffi::sogen_request_json, sogen::ffi::sogen_response_json] {
            // SAFETY: valid pointers for the call; the result is freed once.
            unsafe {
                let p = f(ptrs.len() as i32, ptrs.as_ptr());
                prop_assert!(!p.is_null());
                sogen::ffi::sogen_free(p);
            }
        }
    }
}

/// The fixture itself works: a broken fixture is reported as such, not as a
/// property failure.
#[test]
fn fixture_merchant_answers() {
    let m = merchant();
    assert!(m.dir.join("pathfile").exists());
    let args = [m.pathfile_arg(), b"merchant_id=000000000000001".to_vec(), b"amount=100".to_vec()];
    let out = sogen::request(&args, &ENV);
    assert!(out.text.starts_with(b"!0!!<FORM"), "{}", String::from_utf8_lossy(&out.text));
}

/// A pathfile whose `!`-variables expand to a megabyte (found by the
/// `pathfile` fuzz target, then made worst-case by hand: each step of the
/// legacy algorithm rescans and shifts the value, so the work grows with the
/// square of its length) is refused like a self-referencing one: the
/// expansion has budgets (`MAX_VALUE_LEN`, `MAX_WORK` in
/// src/config/pathfile.rs). The legacy's 184-byte buffer never let a value
/// grow that far.
#[test]
fn pathfile_expansion_work_is_bounded() {
    let v0 = "!x".repeat(120);
    let v1 = format!("{}!", "!V0".repeat(80));
    let d_logo = format!("a{}!", "!V1".repeat(60));
    let text = format!("V0!{v0}!\nV1!{v1}\nD_LOGO!{d_logo}\nF_DEFAULT!/x!\nF_PARAM!/x!\nF_CERTIFICATE!/x!\n");
    let parsed = pathfile::parse(text.as_bytes()).expect("every line is well-formed");
    assert_eq!(parsed.get(b"D_LOGO"), Err(pathfile::Cycle), "a megabyte of expansion is refused like a cycle");
    // Ordinary variables still expand.
    let ok = pathfile::parse(b"ROOT!/srv/sogen!\nF_PARAM!ROOT!/parmcom!\n").unwrap();
    assert_eq!(ok.get(b"F_PARAM"), Ok(b"/srv/sogen/parmcom".to_vec()));
}
