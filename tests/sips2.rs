//! Sips 2.0: the seal vectors and worked legacy mappings of the shared
//! corpus (skipped with a notice when it is absent), and self-contained
//! round trips request → payment server side → response with a key file in
//! place of the certificate, including what must be refused.

mod support;

use serde_json::Value;
use sogen::server::sips2::{self, Items, PostFields, SealAlgorithm, SecretKey};
use sogen::testkit::{key_file_text, page_forms, Installation, Options, PageForm};
use sogen::{FixedEnvironment, Outcome};

const KEY: &str = "002001000000003_KEY1";
const URL: &str = "https://payment-webinit.simu.sogenactif.com/paymentInit";

fn env() -> FixedEnvironment {
    // 2026-03-01 10:00:00 UTC, Paris in winter.
    FixedEnvironment::from_stamp("20260301100000", 3600, 4242).expect("valid stamp")
}

/// A merchant whose certificate file holds a key file.
fn merchant(tag: &str, merchant_id: &str, key_file: &str) -> Installation {
    let options = Options { merchant_id: merchant_id.into(), ..Options::default() };
    let inst = Installation::with(tag, options);
    inst.write_key_file(key_file);
    inst
}

fn request(inst: &Installation, extra: &[&str]) -> Outcome {
    request_bytes(inst, extra, &[])
}

/// `request` with arguments that are not UTF-8 as well (shops send ISO-8859-1).
fn request_bytes(inst: &Installation, extra: &[&str], bytes: &[&[u8]]) -> Outcome {
    let mut args = inst.request_args(extra);
    args.extend(bytes.iter().map(|b| b.to_vec()));
    sogen::request(&args, &env())
}

fn response(inst: &Installation, form: &PostFields) -> Outcome {
    let mut args = form.response_args();
    args.push(inst.pathfile_arg());
    sogen::response(&args, &env())
}

fn text(o: &Outcome) -> String {
    String::from_utf8_lossy(&o.text).into_owned()
}

fn vectors() -> Option<Value> {
    let Some(shared) = support::shared_dir() else {
        support::skip_notice("sips2 vectors");
        return None;
    };
    let file = std::fs::read_to_string(shared.join("corpus/sips2-vectors.json")).expect("vectors readable");
    Some(serde_json::from_str(&file).expect("vectors are JSON"))
}

fn algorithm(v: &Value) -> SealAlgorithm {
    SealAlgorithm::parse(v["algorithm"].as_str().unwrap_or_default().as_bytes()).expect("known algorithm")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {}", v["id"]))
}

#[test]
fn every_seal_vector() {
    let Some(all) = vectors() else { return };
    let list = all["vectors"].as_array().expect("vector list");
    assert!(list.len() >= 14);
    for v in list {
        let key = SecretKey::new(str_of(v, "key"));
        let data = str_of(v, "data").as_bytes();
        assert_eq!(sips2::seal(data, &key, algorithm(v)), str_of(v, "expected_seal"), "{}", v["id"]);
        if let Some(plain) = v["data_plain"].as_str() {
            // The base64 case: Data is the base64 text, and the seal is over it, not over the plain text.
            let form = base64_of(plain.as_bytes());
            assert_eq!(form, data, "{}", v["id"]);
            let wrong = str_of(v, "seal_if_computed_on_plain_data_WRONG");
            assert_eq!(sips2::seal(plain.as_bytes(), &key, algorithm(v)), wrong);
        }
    }
}

fn base64_of(text: &[u8]) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text).into_bytes()
}

/// Each recorded response read by `response` with a key file holding its key,
/// plain and base64-encoded; its responseCode comes back.
#[test]
fn every_response_vector_is_accepted() {
    let Some(all) = vectors() else { return };
    for v in all["vectors"].as_array().unwrap().iter().filter(|v| v["kind"] == "response") {
        let data = str_of(v, "data");
        let id = data.split('|').find_map(|i| i.strip_prefix("merchantId=")).unwrap();
        let extra = format!("SEAL_ALGORITHM!{}!\n", str_of(v, "algorithm"));
        let inst = merchant("v2vec", id, &key_file_text(str_of(v, "key"), URL, &extra));
        let plain = PostFields { data: data.into(), seal: str_of(v, "expected_seal").into(), ..PostFields::default() };
        let out = response(&inst, &plain);
        assert!(out.is_success(), "{}: {}", v["id"], text(&out));
        let code = data.split('|').find_map(|i| i.strip_prefix("responseCode=")).unwrap();
        assert_eq!(out.field("response_code"), Some(code.as_bytes()), "{}", v["id"]);
        let b64 = base64_of(data.as_bytes());
        let key = SecretKey::new(str_of(v, "key"));
        let encoded = PostFields {
            seal: sips2::seal(&b64, &key, algorithm(v)).into(),
            data: b64,
            encode: b"base64".to_vec(),
            ..PostFields::default()
        };
        let again = response(&inst, &encoded);
        assert_eq!(again.text, out.text, "{}: base64", v["id"]);
        let wrong_key =
            PostFields { seal: sips2::seal(data.as_bytes(), &SecretKey::new("other"), algorithm(v)).into(), ..plain };
        assert!(text(&response(&inst, &wrong_key)).contains("Invalid message seal"), "{}", v["id"]);
    }
}

#[test]
fn worked_legacy_mappings() {
    let Some(all) = vectors() else { return };
    let examples = all["legacy_mapping_examples"]["examples"].as_array().expect("examples");
    assert!(!examples.is_empty());
    for example in examples {
        let id = str_of(example, "from_vector");
        let v = all["vectors"].as_array().unwrap().iter().find(|v| v["id"] == id).expect("vector of the example");
        let inst =
            merchant("v2map", "002001000000001", &key_file_text(str_of(v, "key"), URL, "SEAL_ALGORITHM!SHA-256!\n"));
        let form = PostFields {
            data: str_of(v, "data").into(),
            seal: str_of(v, "expected_seal").into(),
            ..PostFields::default()
        };
        let out = response(&inst, &form);
        assert_eq!(text(&out), str_of(example, "legacy_line"), "{id}");
        let order = all["legacy_field_order"].as_array().unwrap();
        let names: Vec<&str> = out.fields().map(|(n, _)| n).collect();
        assert_eq!(names, order.iter().map(|n| n.as_str().unwrap()).collect::<Vec<_>>());
    }
}

/// The forms of a successful request.
fn forms(out: &Outcome) -> Vec<PageForm> {
    assert!(out.is_success(), "{}", text(out));
    page_forms(&out.form)
}

#[test]
fn request_form_is_one_sealed_form_per_brand() {
    let inst = merchant("v2req", "002001000000003", &key_file_text(KEY, URL, ""));
    let out = request_bytes(
        &inst,
        &[
            "merchant_country=fr",
            "amount=02500",
            "transaction_id=42",
            "payment_means=CB,2,VISA,2,BANCONTACTMISTERCASH,3",
            "language=ge",
            "order_id=Cmd \"7\" <b>",
            "customer_ip_address=192.168.1.20",
            "automatic_response_url=http://shop.example/auto.php?a=1&b=2",
            "caddie=not transmitted",
            "cancel_return_url=http://shop.example/cancel",
            "target=a\"b",
        ],
        &[b"return_context=caf\xe9"],
    );
    let forms = forms(&out);
    assert_eq!(forms.len(), 3);
    let html = text(&out);
    assert!(html.starts_with("!0!!"), "{html}");
    assert!(html.contains("accept-charset=\"UTF-8\""));
    assert!(html.contains(" target=\"a&quot;b\""), "{html}");
    assert!(!html.contains("Cmd"), "values travel inside the base64 Data only");
    assert!(html.contains("SRC=\"/logo/BANCONTACTMISTERCASH.gif\""));
    let key = sips2::parse_key_file(key_file_text(KEY, URL, "").as_bytes()).unwrap();
    let brands: Vec<String> = forms
        .iter()
        .map(|f| {
            assert_eq!(f.action, URL);
            assert_eq!(f.field("Encode"), Some("base64"));
            assert_eq!(f.field("SealAlgorithm"), Some("HMAC-SHA-256"));
            assert_eq!(f.field("InterfaceVersion"), Some("HP_2.24"));
            let post = PostFields::from_pairs(f.fields.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
            let read = sips2::read_request(&post, &key).expect("a valid sealed request");
            assert_eq!(read.seal_algorithm, SealAlgorithm::HmacSha256);
            let i = &read.items;
            assert_eq!(i.text("merchantId"), "002001000000003");
            assert_eq!(i.text("amount"), "2500");
            assert_eq!(i.text("currencyCode"), "978");
            assert_eq!(i.text("s10TransactionReference.s10TransactionId"), "000042");
            assert_eq!(i.text("keyVersion"), "1");
            assert_eq!(i.text("customerLanguage"), "de");
            assert_eq!(i.text("orderId"), "Cmd \"7\" <b>");
            assert_eq!(i.text("returnContext"), "café");
            assert_eq!(i.text("customerIpAddress"), "192.168.1.20");
            assert_eq!(i.text("automaticResponseUrl"), "http://shop.example/auto.php?a=1&b=2");
            assert_eq!(i.text("normalReturnUrl"), "http://127.0.0.1:8000/call_response.php");
            assert_eq!(i.text("orderChannel"), "INTERNET");
            assert!(i.get("caddie").is_none() && i.get("cancelReturnUrl").is_none());
            i.text("paymentMeanBrandList")
        })
        .collect();
    assert_eq!(brands, ["CB", "VISA", "BCMC"]);
}

fn key_file(extra: &str) -> sips2::KeyFile {
    sips2::parse_key_file(key_file_text(KEY, URL, extra).as_bytes()).expect("valid key file")
}

fn post_fields(form: &PageForm) -> PostFields {
    PostFields::from_pairs(form.fields.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())))
}

/// What the payment server answers to a request it read: the echoes and an accepted card payment.
fn accepted(request: &Items, extra: &[(&str, &str)]) -> Items {
    let mut items = Items::new();
    for key in
        ["merchantId", "amount", "currencyCode", "orderId", "customerId", "returnContext", "captureDay", "captureMode"]
    {
        items.push(key, request.get(key).unwrap_or_default());
    }
    let s10 = request.text("s10TransactionReference.s10TransactionId");
    items.push("s10TransactionId", s10.trim_start_matches('0')).push("s10TransactionIdDate", "20260301");
    items.push("responseCode", "00").push("acquirerResponseCode", "00").push("authorisationId", "123456");
    items.push("transactionDateTime", "2026-03-01T11:00:07+01:00").push("maskedPan", "4100##########00");
    items.push("paymentMeanBrand", request.text("paymentMeanBrandList")).push("holderAuthentStatus", "SUCCESS");
    items.push("panExpiryDate", "202812").push("keyVersion", "1").push("statementReference", "null");
    for (k, v) in extra {
        items.push(*k, *v);
    }
    items
}

#[test]
fn round_trip_through_the_server_side() {
    for (extra, base64) in [("", true), ("SEAL_ALGORITHM!SHA-256!\n", false)] {
        let inst = merchant("v2trip", "002001000000003", &key_file_text(KEY, URL, extra));
        let out = request_bytes(
            &inst,
            &[
                "merchant_country=fr",
                "amount=1999",
                "transaction_id=7",
                "order_id=A-1",
                "customer_id=client 42",
                "payment_means=BANCONTACTMISTERCASH,1",
                "block_order=1",
            ],
            &[b"return_context=d\xe9j\xe0 vu!"],
        );
        let forms = forms(&out);
        assert_eq!(forms.len(), 1);
        let sealed_with = forms[0].field("SealAlgorithm");
        assert_eq!(sealed_with, if extra.is_empty() { Some("HMAC-SHA-256") } else { None });
        let read = sips2::read_request(&post_fields(&forms[0]), &key_file(extra)).expect("request verifies");
        let reply =
            sips2::build_response(&accepted(&read.items, &[]), &key_file(extra), read.seal_algorithm, base64).unwrap();
        assert_eq!(reply.encode, if base64 { &b"base64"[..] } else { b"" });
        let back = response(&inst, &reply);
        assert!(back.is_success(), "{}", text(&back));
        let field = |n: &str| String::from_utf8_lossy(back.field(n).unwrap()).into_owned();
        assert_eq!(back.field("return_context"), Some(&b"d\xe9j\xe0 vu!"[..]));
        let expected = [
            ("merchant_id", "002001000000003"),
            ("merchant_country", "fr"),
            ("amount", "1999"),
            ("transaction_id", "7"),
            ("payment_means", "BANCONTACTMISTERCASH"),
            ("transmission_date", "20260301100007"),
            ("payment_time", "110007"),
            ("payment_date", "20260301"),
            ("response_code", "00"),
            ("card_number", "4100.00"),
            ("order_id", "A-1"),
            ("customer_id", "client 42"),
            ("transaction_condition", "3D_SUCCESS"),
            ("card_validity", "202812"),
            ("statement_reference", ""),
            ("caddie", ""),
            ("bank_response_code", "00"),
        ];
        for (name, value) in expected {
            assert_eq!(field(name), value, "{name} ({extra})");
        }
    }
}

/// Every single-character change to a sealed response is refused, and no value is printed.
#[test]
fn altered_responses_are_refused() {
    let inst = merchant("v2alter", "002001000000003", &key_file_text(KEY, URL, ""));
    let mut items = Items::new();
    items.push("merchantId", "002001000000003").push("amount", "1000").push("responseCode", "05");
    let reply = sips2::build_response(&items, &key_file(""), SealAlgorithm::HmacSha256, true).unwrap();
    assert!(response(&inst, &reply).is_success());
    let mut rng = sogen::testkit::SeededRng(7);
    for round in 0..200 {
        let mut altered = reply.clone();
        let target = if round % 2 == 0 { &mut altered.data } else { &mut altered.seal };
        let at = rng.below(target.len());
        let replacement = b"0123456789abcdefABCDEF+/="[rng.below(25)];
        // Hex digits are read in either case: `a` and `A` are the same seal.
        if target[at].eq_ignore_ascii_case(&replacement) {
            continue;
        }
        target[at] = replacement;
        let out = response(&inst, &altered);
        assert!(out.text.starts_with(b"!-1!"), "round {round}: {}", text(&out));
        assert!(out.fields().all(|(_, v)| v.is_empty()), "round {round}: values printed");
    }
    let other = merchant("v2other", "002001000000003", &key_file_text("002001000000003_KEY2", URL, ""));
    assert!(
        text(&response(&other, &reply)).contains("Invalid message seal (seal received different than seal computed)")
    );
}

fn error_of(o: &Outcome) -> String {
    o.error.as_ref().map(|e| String::from_utf8_lossy(&e.text()).into_owned()).unwrap_or_default()
}

#[test]
fn values_data_cannot_carry_are_refused() {
    let inst = merchant("v2pipe", "002001000000003", &key_file_text(KEY, URL, ""));
    for (arg, detail) in [
        ("order_id=A|B", "order_id (A|B) cannot contain |"),
        ("return_context=x|y", "return_context (x|y) cannot contain |"),
        ("statement_reference=|", "statement_reference (|) cannot contain |"),
        ("customer_email=a|b@c.fr", "customer_email (a|b@c.fr) cannot contain |"),
        ("payment_means=C|B,1", "payment_means (C|B) cannot contain |"),
        ("capture_mode=PAYMENT_N", "capture_mode (PAYMENT_N) not available with Sips 2.0"),
    ] {
        let out = request(&inst, &["merchant_country=fr", "amount=100", arg]);
        assert!(out.text.starts_with(b"!-1!") && out.text.ends_with(b"!!"), "{arg}: {}", text(&out));
        assert_eq!(error_of(&out), format!("Error in call parameters structure ({detail})"));
        assert!(out.form.is_empty());
    }
    // The legacy checks still come first, with their own texts.
    let out = request(&inst, &["merchant_country=fr", "amount=1x0"]);
    assert_eq!(error_of(&out), "Error in call parameters structure (amount (1x0) not numeric)");
}

#[test]
fn shop_charsets() {
    let utf8 = merchant("v2utf8", "002001000000003", &key_file_text(KEY, URL, "SHOP_CHARSET!UTF-8!\n"));
    let out = request(&utf8, &["merchant_country=fr", "amount=100", "return_context=café"]);
    let read = sips2::read_request(&post_fields(&forms(&out)[0]), &key_file("")).unwrap();
    assert_eq!(read.items.text("returnContext"), "café");
    let out = request_bytes(&utf8, &["merchant_country=fr", "amount=100"], &[b"return_context=caf\xe9"]);
    assert_eq!(error_of(&out), "Error in call parameters structure (return_context (caf\u{fffd}) is not UTF-8)");
    let latin1 = merchant("v2latin1", "002001000000003", &key_file_text(KEY, URL, ""));
    let mut items = Items::new();
    items.push("merchantId", "002001000000003").push("returnContext", "é€").push("responseCode", "00");
    for (inst, want) in [(&utf8, "é€".as_bytes()), (&latin1, &b"\xe9?"[..])] {
        let reply = sips2::build_response(&items, &key_file(""), SealAlgorithm::HmacSha256, false).unwrap();
        let back = response(inst, &reply);
        assert_eq!(back.field("return_context"), Some(want));
    }
}

fn sealed(items: &[(&str, &str)]) -> PostFields {
    let mut list = Items::new();
    for (k, v) in items {
        list.push(*k, *v);
    }
    sips2::build_response(&list, &key_file(""), SealAlgorithm::HmacSha256, true).unwrap()
}

/// A Data text sealed as is (even malformed), base64-encoded.
fn sealed_raw(text: &[u8]) -> PostFields {
    let data = base64_of(text);
    let seal = sips2::seal(&data, &SecretKey::new(KEY), SealAlgorithm::HmacSha256).into_bytes();
    PostFields { data, seal, encode: b"base64".to_vec(), ..PostFields::default() }
}

#[test]
fn malformed_data_is_refused() {
    let inst = merchant("v2bad", "002001000000003", &key_file_text(KEY, URL, ""));
    let id = "merchantId=002001000000003";
    let cases: Vec<(PostFields, &str)> = vec![
        (
            PostFields {
                data: b"not base64!".to_vec(),
                seal: b"00".to_vec(),
                encode: b"base64".to_vec(),
                ..PostFields::default()
            },
            "Error in message decryption (Data is not base64)",
        ),
        (sealed_raw(format!("{id}|junk").as_bytes()), "Error in message decryption (Data item 2 is not key=value)"),
        (
            sealed_raw(format!("{id}|amount=1|amount=2").as_bytes()),
            "Error in message decryption (Data gives amount twice)",
        ),
        (sealed_raw(format!("{id}|a\0=1").as_bytes()), "Error in message decryption (Data holds a NUL character)"),
        (sealed_raw(b"amount=1"), "Error in the response structure (merchant_id)"),
        (sealed_raw(b"merchantId=../../etc/passwd"), "Error in the response structure (merchant_id)"),
        (sealed_raw(b"merchantId=0020010000000031"), "Error in the response structure (merchant_id)"),
        (
            PostFields { encode: b"hex".to_vec(), ..sealed(&[("merchantId", "1")]) },
            "Error get DATA response parameter  (encode (hex) unknown)",
        ),
        (
            PostFields { seal: Vec::new(), ..sealed(&[("merchantId", "1")]) },
            "Error get DATA response parameter  (seal missing)",
        ),
    ];
    for (form, want) in cases {
        let out = response(&inst, &form);
        assert_eq!(error_of(&out), want, "{}", text(&out));
        assert!(out.text.starts_with(b"!-1!") && out.exit_code == 0);
        assert!(out.fields().all(|(_, v)| v.is_empty()));
    }
    let out = sogen::response(&[b"seal=00".to_vec(), inst.pathfile_arg()], &env());
    assert_eq!(error_of(&out), "Error get DATA response parameter  (message missing)");
}

#[test]
fn oversized_values_are_cut_or_refused() {
    let inst = merchant("v2size", "002001000000003", &key_file_text(KEY, URL, ""));
    let long_info = "i".repeat(300);
    let long_score = "s".repeat(600);
    let out = response(
        &inst,
        &sealed(&[
            ("merchantId", "002001000000003"),
            ("complementaryInfo", &long_info),
            ("scoreInfo", &long_score),
            ("acquirerResponseCode", "0000"),
        ]),
    );
    assert!(out.is_success(), "{}", text(&out));
    assert_eq!(out.field("complementary_info").map(<[u8]>::len), Some(255));
    assert_eq!(out.field("score_info").map(<[u8]>::len), Some(512));
    assert_eq!(out.field("bank_response_code"), Some(&b"00"[..]));
    for (key, value, name) in [
        ("orderId", "o".repeat(33), "order_id"),
        ("amount", "1".repeat(13), "amount"),
        ("s10TransactionId", "1234567".into(), "transaction_id"),
        ("returnContext", "r".repeat(257), "return_context"),
    ] {
        let out = response(&inst, &sealed(&[("merchantId", "002001000000003"), (key, &value)]));
        assert_eq!(error_of(&out), format!("Error in the response structure ({name} too long)"));
        assert!(out.fields().all(|(_, v)| v.is_empty()));
    }
}

#[test]
fn hostile_sizes_stay_bounded() {
    let inst = merchant("v2huge", "002001000000003", &key_file_text(KEY, URL, ""));
    let huge = PostFields {
        data: vec![b'A'; 4 << 20],
        seal: vec![b'0'; 64],
        encode: b"base64".to_vec(),
        ..PostFields::default()
    };
    assert_eq!(error_of(&response(&inst, &huge)), "Error in message decryption (Data longer than 65536 characters)");
    let many = format!("merchantId=002001000000003{}", "|a=1".repeat(10_000));
    let plain = PostFields {
        seal: sips2::seal(many.as_bytes(), &SecretKey::new(KEY), SealAlgorithm::HmacSha256).into(),
        data: many.into(),
        ..PostFields::default()
    };
    assert_eq!(error_of(&response(&inst, &plain)), "Error in message decryption (Data holds more than 512 items)");
    let long_seal = PostFields { seal: vec![b'f'; 100_000], ..sealed(&[("merchantId", "002001000000003")]) };
    assert!(error_of(&response(&inst, &long_seal)).starts_with("Invalid message seal"));
}

#[test]
fn key_file_problems_and_unknown_merchants() {
    let broken = merchant("v2broken", "002001000000003", "SIPS_VERSION!2!\nSECRET_KEY!k!\nPAYMENT_URL!https://h/p!\n");
    let path = broken.certificate().display().to_string();
    let out = request(&broken, &["merchant_country=fr", "amount=100"]);
    assert_eq!(error_of(&out), format!("Error reading key file ({path}: KEY_VERSION missing)"));
    let out = response(&broken, &sealed(&[("merchantId", "002001000000003")]));
    assert_eq!(error_of(&out), format!("Error reading key file ({path}: KEY_VERSION missing)"));
    let inst = merchant("v2unknown", "002001000000003", &key_file_text(KEY, URL, ""));
    let out = response(&inst, &sealed(&[("merchantId", "002001000000009")]));
    let prefix = inst.path("param/certif").display().to_string();
    assert_eq!(error_of(&out), format!("Error reading key file (no key file for merchant_id 002001000000009 ({prefix}.<country>.002001000000009.php))"));
    // A SIPS 1.0 merchant has no key file either.
    let v1 = Installation::new("v2v1");
    let out = response(&v1, &sealed(&[("merchantId", "000000000000001")]));
    assert!(error_of(&out).starts_with("Error reading key file (no key file for merchant_id 000000000000001"));
    std::fs::copy(inst.certificate(), inst.path("param/certif.be.002001000000003.php")).unwrap();
    let out = response(&inst, &sealed(&[("merchantId", "002001000000003")]));
    assert!(
        error_of(&out).starts_with("Error reading key file (several key files for merchant_id 002001000000003: "),
        "{}",
        text(&out)
    );
}

/// A SIPS 1.0 message for a merchant that moved to Sips 2.0 never has its key
/// file read as a certificate (whose errors print the file's lines).
#[test]
fn v1_messages_for_a_v2_merchant() {
    let v1 = Installation::new("v2old");
    let mut builder = sogen::server::ResponseBuilder::new();
    builder.set_named("merchant_id", "000000000000001").unwrap().set_named("merchant_country", "fr").unwrap();
    builder.set_named("amount", "100").unwrap().set_named("transaction_id", "1").unwrap();
    builder.set_named("transmission_date", "20260301100000").unwrap();
    let data = builder.seal(&v1.matrix()).unwrap();
    let secret = "SecretOnTheLastLine";
    v1.write_key_file(
        &key_file_text("k", URL, &format!("# the secret again\nSECRET_KEY!{secret}!\n")).replace("SECRET_KEY!k!\n", ""),
    );
    let out = sogen::response(&[[&b"message="[..], &data].concat(), v1.pathfile_arg()], &env());
    let path = v1.certificate().display().to_string();
    assert_eq!(error_of(&out), format!("Error reading key file ({path} is a Sips 2.0 key file: pass the posted Data, Seal and Encode as message=, seal= and encode=)"));
    assert!(!text(&out).contains(secret));
}

#[test]
fn response_arguments() {
    let inst = merchant("v2args", "002001000000003", &key_file_text(KEY, URL, ""));
    let p = inst.pathfile_arg();
    let too_many_v1 = sogen::response(&[b"message=x".to_vec(), p.clone(), b"other=1".to_vec()], &env());
    assert_eq!(too_many_v1.text, b"!-1!invalid number of arguments (must be < 2)!!");
    assert_eq!(too_many_v1.exit_code, 255);
    let five = [b"message=x".to_vec(), b"seal=1".to_vec(), b"encode=".to_vec(), p.clone(), b"x=1".to_vec()];
    assert_eq!(sogen::response(&five, &env()).text, b"!-1!invalid number of arguments (must be <= 4)!!");
    let unknown = [b"message=x".to_vec(), b"seal=1".to_vec(), b"sel=2".to_vec()];
    assert_eq!(sogen::response(&unknown, &env()).text, b"!-1!Invalid Keyword in parameter (sel=2)!!");
    // Any order, encode empty for plain Data.
    let reply = sips2::build_response(
        &accepted(&Items::new(), &[("merchantId", "002001000000003")]),
        &key_file(""),
        SealAlgorithm::HmacSha256,
        false,
    )
    .unwrap();
    let args =
        [p, [&b"seal="[..], &reply.seal].concat(), b"encode=".to_vec(), [&b"message="[..], &reply.data].concat()];
    assert!(sogen::response(&args, &env()).is_success());
}

#[test]
fn the_secret_is_never_shown() {
    let secret = "Sup3rS3cretValueNeverPrinted";
    let inst = merchant("v2secret", "002001000000003", &key_file_text(secret, URL, ""));
    let pathfile = std::fs::read_to_string(inst.pathfile()).unwrap().replace("DEBUG!NO!", "DEBUG!YES!");
    inst.write("pathfile", pathfile.as_bytes());
    let out = request(&inst, &["merchant_country=fr", "amount=100"]);
    assert!(out.is_success() && text(&out).contains("Request sent to the Payment Server"));
    assert!(text(&out).contains("keyVersion (1)"));
    let form = post_fields(&forms(&out)[0]);
    let key = sips2::parse_key_file(key_file_text(secret, URL, "").as_bytes()).unwrap();
    let read = sips2::read_request(&form, &key).unwrap();
    let reply = sips2::build_response(&accepted(&read.items, &[]), &key, read.seal_algorithm, true).unwrap();
    let good = response(&inst, &reply);
    assert!(good.is_success() && text(&good).contains("Response sent by the Payment Server"), "{}", text(&good));
    let bad = response(&inst, &PostFields { seal: b"00".to_vec(), ..reply });
    for o in [&out, &good, &bad] {
        assert!(!text(o).contains(secret) && !String::from_utf8_lossy(&o.debug).contains(secret));
    }
    assert!(!format!("{key:?}").contains(secret));
    let loaded = sips2::load_key_file(inst.certificate().to_str().unwrap().as_bytes()).unwrap();
    assert!(!format!("{loaded:?}").contains(secret));
}

#[test]
fn request_variants() {
    let defaults = Options::default().defaults.replace("PAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2!\n", "");
    let inst =
        Installation::with("v2var", Options { merchant_id: "002001000000003".into(), defaults, ..Options::default() });
    inst.write_key_file(&key_file_text(KEY, URL, "SEAL_ALGORITHM!SHA-256!\nINTERFACE_VERSION!HP_3.4!\n"));
    let out = request(&inst, &["merchant_country=fr", "amount=100", "customer_phone=0612345678", "language=sp"]);
    let forms = forms(&out);
    assert_eq!(forms.len(), 1, "no payment means: one form, every brand");
    assert_eq!(forms[0].field("SealAlgorithm"), None);
    assert_eq!(forms[0].field("InterfaceVersion"), Some("HP_3.4"));
    let read = sips2::read_request(&post_fields(&forms[0]), &key_file("SEAL_ALGORITHM!SHA-256!\n")).unwrap();
    assert_eq!(read.seal_algorithm, SealAlgorithm::Sha256);
    assert!(read.items.get("paymentMeanBrandList").is_none());
    // customer_phone lands in customer_ip_address (the legacy alias): not an IP address, not sent.
    assert!(read.items.get("customerIpAddress").is_none());
    assert_eq!(read.items.text("customerLanguage"), "es");
    // The automatic transaction_id is the local time, as in V1 (11:00:00 in Paris).
    assert_eq!(read.items.text("s10TransactionReference.s10TransactionId"), "110000");
    let mut stale = key_file("");
    stale.key_version = b"2".to_vec();
    let hmac_form = post_fields(
        &page_forms(
            &request(
                &merchant("v2kv", "002001000000003", &key_file_text(KEY, URL, "")),
                &["merchant_country=fr", "amount=100"],
            )
            .form,
        )[0],
    );
    let e = sips2::read_request(&hmac_form, &stale).unwrap_err();
    assert!(e.is_seal_failure() && matches!(e, sips2::Sips2Error::KeyVersion { .. }));
    let e = sips2::read_request(&PostFields { seal: b"00".to_vec(), ..hmac_form.clone() }, &key_file("")).unwrap_err();
    assert_eq!(e, sips2::Sips2Error::Seal);
    assert_eq!(sips2::merchant_id(&hmac_form).unwrap(), "002001000000003");
}

#[test]
fn credentials_tell_the_protocol() {
    let v2 = merchant("v2cred", "002001000000003", &key_file_text(KEY, URL, ""));
    let v1 = Installation::new("v2cred1");
    let path = |i: &Installation| i.certificate().to_str().unwrap().as_bytes().to_vec();
    assert!(matches!(sogen::server::load_credential(&path(&v2), true), Ok(sogen::server::Credential::KeyFile(_))));
    assert!(matches!(sogen::server::load_credential(&path(&v1), true), Ok(sogen::server::Credential::Certificate(_))));
    let missing = sogen::server::load_credential(b"/nonexistent/certif.fr.1.php", true).unwrap_err();
    assert_eq!(missing.to_string(), "Error reading certificate file (/nonexistent/certif.fr.1.php)");
    let text = std::fs::read(v2.certificate()).unwrap();
    assert!(sogen::inspect::keyfile::is_key_file(&text));
    assert!(!sogen::inspect::keyfile::is_key_file(&std::fs::read(v1.certificate()).unwrap()));
    let e = sogen::server::sips2::load_key_file(&path(&v1)).unwrap_err();
    assert!(e.to_string().ends_with(": not a key file)"));
}

/// Random posted fields and random key files: always a result, never a panic,
/// and never `!0!` without the right seal.
#[test]
fn random_input_never_panics() {
    let inst = merchant("v2fuzz", "002001000000003", &key_file_text(KEY, URL, ""));
    let mut rng = sogen::testkit::SeededRng(11);
    let keys = ["amount", "responseCode", "maskedPan", "transactionDateTime", "orderId", "returnContext", "x.y", "a b"];
    let mut accepted = 0;
    for round in 0..1500 {
        let mut text = if rng.chance(80) { b"merchantId=002001000000003".to_vec() } else { rng.bytes(20) };
        for _ in 0..rng.below(8) {
            text.push(b'|');
            text.extend_from_slice(keys[rng.below(keys.len())].as_bytes());
            if rng.chance(90) {
                text.push(b'=');
            }
            text.extend(if rng.chance(20) { b"null".to_vec() } else { rng.bytes(12) });
        }
        let base64 = rng.chance(50);
        let data = if base64 { base64_of(&text) } else { text.clone() };
        let mut seal = sips2::seal(&data, &SecretKey::new(KEY), SealAlgorithm::HmacSha256).into_bytes();
        let honest = rng.chance(50);
        if !honest {
            seal = rng.bytes(70);
        }
        let encode: &[u8] = if base64 {
            b"base64"
        } else if rng.chance(10) {
            b"base64url"
        } else {
            b""
        };
        let form = PostFields { data, seal, encode: encode.to_vec(), ..PostFields::default() };
        let out = response(&inst, &form);
        assert!(out.text.starts_with(b"!0!") || out.text.starts_with(b"!-1!"), "round {round}");
        if out.is_success() {
            assert!(honest, "round {round}: accepted a wrong seal");
            accepted += 1;
        }
        let _ = sips2::parse_key_file(&[&b"SIPS_VERSION!2!\n"[..], &rng.bytes(80)].concat());
    }
    assert!(accepted > 100, "the generator must reach the mapping often ({accepted})");
}
