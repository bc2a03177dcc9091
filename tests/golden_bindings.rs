//! The golden file of the bindings: bindings/testdata/golden.json.
//!
//! The recorded corpus is replayed here in Rust; the PHP, Python, Perl and C
//! bindings test what is theirs (marshalling, bytes, errors, memory) against
//! this file instead: for every case, the exact bytes `sogen_request` /
//! `sogen_response` return and the parts their JSON variants give. Every case
//! uses the demo merchant (demo/pathfile, paths relative to the repository
//! root) and is independent of the clock and the pid, which is checked here:
//! the C ABI runs on the real clock, so only such outputs can be golden.
//!
//! `SOGEN_BLESS=1 cargo test --test golden_bindings` rewrites the file; a
//! plain run fails when it is not what the library computes today.

use serde_json::{json, Map, Value};
use sogen::inspect::SLOTS;
use sogen::server::ResponseBuilder;
use sogen::{Environment, FixedEnvironment};
use std::ffi::{c_char, CStr, CString};

const GOLDEN: &str = "bindings/testdata/golden.json";
const PATHFILE: &[u8] = b"pathfile=demo/pathfile";
const DEBUG_PATHFILE: &[u8] = b"pathfile=bindings/testdata/debug.pathfile";
/// The demo merchant on kit version P617 (`API_VERSION!P617!`), and with DEBUG on.
const P617_PATHFILE: &[u8] = b"pathfile=bindings/testdata/p617.pathfile";
const P617_DEBUG_PATHFILE: &[u8] = b"pathfile=bindings/testdata/p617-debug.pathfile";
const MERCHANT: &[u8] = b"merchant_id=000000000000001";
const CERTIFICATE: &[u8] = b"demo/param/certif.fr.000000000000001.php";

#[derive(Clone, Copy, PartialEq)]
enum Program {
    Request,
    Response,
}

/// One golden case: what goes in.
struct Case {
    name: &'static str,
    about: &'static str,
    program: Program,
    args: Vec<Vec<u8>>,
    /// The response values sealed into `message=` (sealed cases only).
    sealed: Option<Vec<Vec<u8>>>,
}

fn case(name: &'static str, about: &'static str, program: Program, args: Vec<Vec<u8>>) -> Case {
    Case { name, about, program, args, sealed: None }
}

fn args(list: &[&[u8]]) -> Vec<Vec<u8>> {
    list.iter().map(|a| a.to_vec()).collect()
}

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// A JSON string holding bytes as the code points U+0000–U+00FF (the
/// library's own JSON rule, so every binding decodes both the same way).
fn text(bytes: &[u8]) -> Value {
    Value::String(bytes.iter().map(|&b| b as char).collect())
}

// ------------------------------------------------------------------ the cases

/// `n` arguments: `pathfile` (the demo's), the demo merchant, `order_id`s,
/// and `last` as the last one.
fn many(n: usize, last: &[u8]) -> Vec<Vec<u8>> {
    many_with(PATHFILE, n, last)
}

fn many_with(pathfile: &[u8], n: usize, last: &[u8]) -> Vec<Vec<u8>> {
    let mut list = args(&[pathfile, MERCHANT]);
    while list.len() < n - 1 {
        list.push(format!("order_id=ORDER-{}", list.len()).into_bytes());
    }
    list.push(last.to_vec());
    list
}

fn request_cases() -> Vec<Case> {
    use Program::Request as R;
    let every_byte: Vec<u8> = std::iter::once(b'x').chain(1..=255u8).collect();
    let long_caddie = concat(&[b"caddie=", &b"0123456789".repeat(300)]);
    vec![
        case("request_no_arguments", "no argument: an API error (no pathfile)", R, vec![]),
        case(
            "request_one_argument",
            "one argument, an unknown keyword: argument error, exit 255",
            R,
            args(&[b"toto=1"]),
        ),
        case(
            "request_44_arguments",
            "44 arguments, the most accepted: the 44th is read (its error)",
            R,
            many(44, b"amount=12x"),
        ),
        case("request_45_arguments", "45 arguments: argument error, exit 255", R, many(45, b"amount=12x")),
        case("request_empty_argument", "an empty argument", R, args(&[b""])),
        case("request_empty_value", "an empty pathfile value", R, args(&[b"pathfile=", MERCHANT, b"amount=2500"])),
        case("request_latin1_byte", "a byte above 0x7F comes back as the same byte", R, args(&[b"caf\xe9=1"])),
        case("request_utf8_bytes", "UTF-8 is two bytes, passed and returned unchanged", R, args(&[b"caf\xc3\xa9=1"])),
        case("request_every_byte", "every byte value 0x01-0xFF in one argument", R, vec![every_byte]),
        case(
            "request_bang_in_value",
            "a '!' inside a value, in an API error",
            R,
            args(&[PATHFILE, MERCHANT, b"amount=12!3"]),
        ),
        case(
            "request_long_value",
            "a 3000-byte caddie: too long, argument error",
            R,
            vec![PATHFILE.to_vec(), MERCHANT.to_vec(), long_caddie],
        ),
    ]
}

/// Errors: of the arguments (exit 255) and of the API (the HTML error block).
fn request_error_cases() -> Vec<Case> {
    use Program::Request as R;
    vec![
        case(
            "request_first_bad_argument",
            "the first unknown keyword is the one reported",
            R,
            args(&[PATHFILE, b"toto=1", b"titi=2"]),
        ),
        case(
            "request_amount_not_numeric",
            "API error: the HTML error block, exit 0",
            R,
            args(&[PATHFILE, MERCHANT, b"amount=25a00"]),
        ),
        case(
            "request_missing_pathfile",
            "API error: pathfile not found",
            R,
            args(&[b"pathfile=missing/pathfile", MERCHANT, b"amount=2500"]),
        ),
        case(
            "request_unknown_merchant",
            "API error: no parmcom file for the merchant",
            R,
            args(&[PATHFILE, b"merchant_id=000000000000002", b"amount=2500"]),
        ),
        case(
            "request_debug_error",
            "DEBUG!YES!: the debug tables, then the error block",
            R,
            args(&[DEBUG_PATHFILE, MERCHANT, b"amount=12x"]),
        ),
    ]
}

/// Kit version P617: its 48 keywords pass like any other, its limits are
/// its own, and the demo pathfile (P615) refuses them. A successful request
/// carries the clock, so these are errors, a DEBUG run and a response.
fn p617_cases() -> Vec<Case> {
    use Program::Request as R;
    // The P617 pathfile, the demo merchant, then `rest`.
    let p617 = |name, about, rest: &[&[u8]]| case(name, about, R, args(&[&[P617_PATHFILE, MERCHANT], rest].concat()));
    let new_keywords: &[&[u8]] = &[
        b"amount=12x",
        b"customer_name=Zo\xe9",
        b"customer_firstname=Ana\xc3\xafs",
        b"billing_city=Saint-\xc9tienne",
        b"delivery_company=A ! B",
        b"home_zipcode=42000",
    ];
    let about_new = "P617: customer_, billing_, delivery_, home_ keywords accepted (then the amount error)";
    vec![
        p617("p617_request_new_keywords", about_new, new_keywords),
        p617(
            "p617_request_not_numeric",
            "P617: customer_birthdate must be digits",
            &[b"amount=2500", b"customer_birthdate=19x00101"],
        ),
        p617(
            "p617_request_too_long",
            "P617: customer_title holds 3 characters at most (exit 255)",
            &[b"customer_title=ABCD"],
        ),
        case(
            "p617_request_91_arguments",
            "P617: 91 arguments, the most accepted: the 91st is read (its error)",
            R,
            many_with(P617_PATHFILE, 91, b"amount=12x"),
        ),
        case(
            "p617_request_92_arguments",
            "P617: 92 arguments: argument error, exit 255",
            R,
            many_with(P617_PATHFILE, 92, b"amount=12x"),
        ),
        case(
            "p617_request_debug_error",
            "P617 with DEBUG!YES!: the debug tables, then the error block",
            R,
            args(&[P617_DEBUG_PATHFILE, MERCHANT, b"amount=12x", b"billing_name=Dupont"]),
        ),
        case(
            "p615_request_refuses_p617_keyword",
            "the demo pathfile (P615): a P617 keyword is unknown",
            R,
            args(&[PATHFILE, MERCHANT, b"billing_city=Paris"]),
        ),
    ]
}

fn response_cases() -> Vec<Case> {
    use Program::Response as S;
    vec![
        case("response_no_arguments", "no argument: argument error, exit 255", S, vec![]),
        case(
            "response_one_argument",
            "one argument (no pathfile): an API error and 42 empty values",
            S,
            args(&[b"message=x"]),
        ),
        case(
            "response_three_arguments",
            "three arguments: argument error, exit 255",
            S,
            args(&[b"message=x", PATHFILE, b"x=1"]),
        ),
        case(
            "response_short_message",
            "a message of the wrong length",
            S,
            args(&[PATHFILE, b"message=0123456789abcdef"]),
        ),
        case("response_empty_message", "an empty message", S, args(&[b"message=", PATHFILE])),
        case(
            "response_latin1_keyword",
            "an unknown keyword with a byte above 0x7F",
            S,
            args(&[b"caf\xe9=1", PATHFILE]),
        ),
    ]
}

// ------------------------------------------------------------ sealed responses

/// The values of an accepted payment with all 42 set (two contain '!', the
/// caddie latin-1 bytes).
fn accepted_values() -> Vec<(&'static str, Vec<u8>)> {
    let all: [(&str, &[u8]); 42] = [
        ("merchant_id", b"000000000000001"),
        ("merchant_country", b"fr"),
        ("amount", b"2500"),
        ("transaction_id", b"123456"),
        ("payment_means", b"CB"),
        ("transmission_date", b"20260115103000"),
        ("payment_time", b"103512"),
        ("payment_date", b"20260115"),
        ("response_code", b"00"),
        ("payment_certificate", b"260115103512"),
        ("authorisation_id", b"654321"),
        ("currency_code", b"978"),
        ("card_number", b"4970.06"),
        ("cvv_flag", b"1"),
        ("cvv_response_code", b"4D"),
        ("bank_response_code", b"00"),
        ("complementary_code", b"00"),
        ("complementary_info", b"info ! bonus"),
        ("return_context", b"session=42&x=\"1\""),
        ("caddie", b"1 x cr\xe8me br\xfbl\xe9e ! 10%"),
        ("receipt_complement", b"Merci de votre visite"),
        ("merchant_language", b"fr"),
        ("language", b"en"),
        ("customer_id", b"client-42"),
        ("order_id", b"ORDER-1"),
        ("customer_email", b"client@example.org"),
        ("customer_ip_address", b"192.0.2.7"),
        ("capture_day", b"0"),
        ("capture_mode", b"AUTHOR_CAPTURE"),
        ("data", b"NO_RESPONSE_PAGE"),
        ("order_validity", b"1"),
        ("transaction_condition", b"3D_SUCCESS"),
        ("statement_reference", b"REF 42"),
        ("card_validity", b"203512"),
        ("score_value", b"12.5"),
        ("score_color", b"GREEN"),
        ("score_info", b"A3;N;N"),
        ("score_threshold", b"10;20"),
        ("score_profile", b"STANDARD"),
        ("upan", b"4970XXXXXXXX0006"),
        ("threed_ls_code", b"1"),
        ("threed_relegation_code", b"0"),
    ];
    all.iter().map(|(k, v)| (*k, v.to_vec())).collect()
}

const REFUSAL_KEEPS: &[&str] = &[
    "merchant_id",
    "merchant_country",
    "amount",
    "transaction_id",
    "payment_means",
    "transmission_date",
    "payment_time",
    "payment_date",
    "response_code",
    "currency_code",
    "card_number",
    "bank_response_code",
    "merchant_language",
    "language",
    "customer_id",
    "order_id",
    "capture_day",
    "capture_mode",
];
const CANCEL_KEEPS: &[&str] = &[
    "merchant_id",
    "merchant_country",
    "amount",
    "transaction_id",
    "transmission_date",
    "response_code",
    "currency_code",
    "merchant_language",
    "language",
    "customer_id",
    "order_id",
];

/// What a sealed case changes from the accepted values.
struct Seal {
    name: &'static str,
    about: &'static str,
    keep: Option<&'static [&'static str]>,
    changes: Vec<(&'static str, Vec<u8>)>,
    cipher: bool,
}

fn seals() -> Vec<Seal> {
    let change = |k: &'static str, v: &[u8]| (k, v.to_vec());
    // 2048 bytes (the caddie's maximum) going eight times through 0x01-0xFF.
    let every_byte: Vec<u8> = (1..=255u8).cycle().take(2048).collect();
    vec![
        Seal {
            name: "accepted_all_fields",
            about: "accepted, all 42 values set (two contain '!', caddie has latin-1 bytes), customer_id enciphered",
            keep: None,
            changes: vec![],
            cipher: true,
        },
        Seal {
            name: "accepted_clear_customer_id",
            about: "accepted, customer_id sent in clear (no flag 108)",
            keep: None,
            changes: vec![change("transaction_id", b"123457"), change("customer_id", b"CUST-0001")],
            cipher: false,
        },
        Seal {
            name: "refused",
            about: "refused card (response_code 05), the values a refusal carries, many empty",
            keep: Some(REFUSAL_KEEPS),
            changes: vec![
                change("transaction_id", b"123458"),
                change("response_code", b"05"),
                change("bank_response_code", b"05"),
                change("card_number", b"4970.05"),
            ],
            cipher: true,
        },
        Seal {
            name: "cancelled",
            about: "cancelled by the customer (response_code 17)",
            keep: Some(CANCEL_KEEPS),
            changes: vec![change("transaction_id", b"123459"), change("response_code", b"17")],
            cipher: true,
        },
        Seal {
            name: "caddie_every_byte",
            about: "a 2048-byte caddie (the maximum) holding every byte 0x01-0xFF",
            keep: None,
            changes: vec![change("transaction_id", b"123460"), ("caddie", every_byte)],
            cipher: true,
        },
    ]
}

/// The 42 values of a sealed case, in output order.
fn sealed_values(seal: &Seal) -> Vec<Vec<u8>> {
    let base = accepted_values();
    SLOTS
        .iter()
        .map(|def| {
            let kept = seal.keep.is_none_or(|k| k.contains(&def.name));
            let changed = seal.changes.iter().find(|(k, _)| *k == def.name).map(|(_, v)| v.clone());
            let original = base.iter().find(|(k, _)| *k == def.name).map(|(_, v)| v.clone()).unwrap_or_default();
            changed.unwrap_or(if kept { original } else { Vec::new() })
        })
        .collect()
}

fn seal_message(seal: &Seal, values: &[Vec<u8>]) -> Vec<u8> {
    let mut builder = ResponseBuilder::new();
    builder.cipher_customer_id(seal.cipher);
    for (def, value) in SLOTS.iter().zip(values) {
        builder.set_named(def.name, value.clone()).expect("a response field");
    }
    builder.seal_with_certificate(CERTIFICATE, true).expect("sealed with the demo certificate")
}

/// The sealed responses, two of them altered, one read in DEBUG mode.
fn sealed_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut first = Vec::new();
    for seal in seals() {
        let values = sealed_values(&seal);
        let message = seal_message(&seal, &values);
        if first.is_empty() {
            first = message.clone();
        }
        let args = vec![PATHFILE.to_vec(), concat(&[b"message=", &message])];
        cases.push(Case { name: seal.name, about: seal.about, program: Program::Response, args, sealed: Some(values) });
    }
    let alter = |i: usize| {
        let mut m = first.clone();
        m[i] = if m[i] == b'0' { b'1' } else { b'0' };
        vec![PATHFILE.to_vec(), concat(&[b"message=", &m])]
    };
    let (last, middle) = (first.len() - 1, first.len() / 2);
    cases.push(case(
        "altered_mac",
        "accepted_all_fields with its last MAC digit changed",
        Program::Response,
        alter(last),
    ));
    cases.push(case(
        "altered_payload",
        "accepted_all_fields with a payload digit changed",
        Program::Response,
        alter(middle),
    ));
    let refused = cases.iter().find(|c| c.name == "refused").expect("refused case").args[1].clone();
    cases.extend(read_again(&concat(&[b"message=", &first]), &refused));
    cases
}

/// Sealed messages read again: in DEBUG mode, on kit version P617, and with
/// the shop's expectations (`expected_…=`). accepted_all_fields is merchant
/// 000000000000001, transaction 123456, 2500 in 978, sent 20260115103000:
/// a maximum age of 10^9 seconds keeps that date recent on any clock here.
fn read_again(accepted: &[u8], refused: &[u8]) -> Vec<Case> {
    use Program::Response as S;
    let expect_all: &[&[u8]] = &[
        b"expected_merchant_id=000000000000001",
        b"expected_transaction_id=123456",
        b"expected_amount=2500",
        b"expected_currency_code=978",
        b"expected_max_age=1000000000",
    ];
    let with = |pathfile: &[u8], message: &[u8], extra: &[&[u8]]| {
        let mut list = vec![pathfile.to_vec(), message.to_vec()];
        list.extend(extra.iter().map(|a| a.to_vec()));
        list
    };
    vec![
        case("refused_debug", "the refused message read with DEBUG!YES!", S, with(DEBUG_PATHFILE, refused, &[])),
        case(
            "p617_response",
            "accepted_all_fields read on kit version P617 (the response is P615's)",
            S,
            with(P617_PATHFILE, accepted, &[]),
        ),
        case(
            "p617_response_debug",
            "the refused message read on P617 with DEBUG!YES!",
            S,
            with(P617_DEBUG_PATHFILE, refused, &[]),
        ),
        case(
            "expected_all_match",
            "accepted_all_fields with the values the shop stored: accepted",
            S,
            with(PATHFILE, accepted, expect_all),
        ),
        case(
            "expected_amount_differs",
            "accepted_all_fields when the shop stored 2501: refused, values empty",
            S,
            with(PATHFILE, accepted, &[b"expected_amount=2501", b"expected_max_age=1000000000"]),
        ),
        case(
            "expected_merchant_differs",
            "accepted_all_fields for another merchant: refused",
            S,
            with(PATHFILE, accepted, &[b"expected_merchant_id=000000000000002", b"expected_max_age=1000000000"]),
        ),
        case(
            "expected_bytes_echoed",
            "an expectation's bytes, latin-1 and '<', echoed in the error block unescaped",
            S,
            with(PATHFILE, accepted, &[b"expected_transaction_id=<b>\xe9</b>"]),
        ),
    ]
}

// ------------------------------------------------------------ running a case
// Each library entry point is called from these three functions only.

/// The legacy text and exit status, with an injected clock and pid.
fn legacy(program: Program, args: &[Vec<u8>], env: &dyn Environment) -> (Vec<u8>, i32) {
    let out = match program {
        Program::Request => sogen::request(args, env),
        Program::Response => sogen::response(args, env),
    };
    (out.text, out.exit_code)
}

/// What the JSON entry point returns, with an injected clock and pid.
fn parts(program: Program, args: &[Vec<u8>], env: &dyn Environment) -> String {
    match program {
        Program::Request => sogen::internals::request_json(&sogen::request(args, env)),
        Program::Response => sogen::internals::response_json(&sogen::response(args, env)),
    }
}

/// The legacy text and the JSON text through the C ABI (real clock and pid).
fn through_c_abi(program: Program, args: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>) {
    let owned: Vec<CString> =
        args.iter().map(|a| CString::new(a.clone()).expect("no NUL in a golden argument")).collect();
    let argv: Vec<*const c_char> = owned.iter().map(|a| a.as_ptr()).collect();
    let argc = argv.len() as i32;
    let call = |f: unsafe extern "C" fn(i32, *const *const c_char) -> *mut c_char| {
        // SAFETY: argv holds argc valid C strings; the result is freed once, after the copy.
        unsafe {
            let p = f(argc, argv.as_ptr());
            let copy = CStr::from_ptr(p).to_bytes().to_vec();
            sogen::ffi::sogen_free(p);
            copy
        }
    };
    match program {
        Program::Request => (call(sogen::ffi::sogen_request), call(sogen::ffi::sogen_request_json)),
        Program::Response => (call(sogen::ffi::sogen_response), call(sogen::ffi::sogen_response_json)),
    }
}

fn environments() -> [FixedEnvironment; 2] {
    [
        FixedEnvironment::from_stamp("20260115103000", 3600, 4242).expect("stamp"),
        FixedEnvironment::from_stamp("20311231235959", -18000, 99_999).expect("stamp"),
    ]
}

/// A case's golden entry, after checking it is the same whatever the clock,
/// the pid, and whether it runs through the C ABI.
fn golden_entry(case: &Case) -> Value {
    let [a, b] = environments();
    let (output, exit_status) = legacy(case.program, &case.args, &a);
    assert_eq!(
        legacy(case.program, &case.args, &b),
        (output.clone(), exit_status),
        "{}: depends on the clock or pid",
        case.name
    );
    let json_text = parts(case.program, &case.args, &a);
    assert_eq!(parts(case.program, &case.args, &b), json_text, "{}: JSON depends on the clock or pid", case.name);
    assert_eq!(
        through_c_abi(case.program, &case.args),
        (output.clone(), json_text.clone().into_bytes()),
        "{}: C ABI",
        case.name
    );
    let mut parsed: Value = serde_json::from_str(&json_text).expect("the library's JSON parses");
    assert_eq!(parsed["output"], text(&output), "{}: JSON output is the legacy text", case.name);
    assert_eq!(parsed["exit_status"], json!(exit_status), "{}: JSON exit status", case.name);
    let mut entry = Map::new();
    entry.insert("name".into(), json!(case.name));
    entry.insert("about".into(), json!(case.about));
    entry.insert("program".into(), json!(if case.program == Program::Request { "request" } else { "response" }));
    entry.insert("args".into(), Value::Array(case.args.iter().map(|a| text(a)).collect()));
    if let Some(values) = &case.sealed {
        check_sealed(case, values, &parsed);
        let message = &case.args[1][b"message=".len()..];
        entry.insert("message".into(), text(message));
    }
    entry.insert("output".into(), text(&output));
    let kept: &[&str] = if case.program == Program::Request {
        &["exit_status", "code", "error", "debug", "form"]
    } else {
        &["exit_status", "code", "error", "fields"]
    };
    for key in kept {
        entry.insert(key.to_string(), parsed[*key].take());
    }
    Value::Object(entry)
}

/// A sealed message decodes to exactly the values sealed, by name and in the legacy line.
fn check_sealed(case: &Case, values: &[Vec<u8>], parsed: &Value) {
    assert_eq!(parsed["code"], json!(0), "{}: {}", case.name, parsed["error"]);
    for (def, value) in SLOTS.iter().zip(values) {
        assert_eq!(parsed["fields"][def.name], text(value), "{}: {}", case.name, def.name);
    }
    let line: Vec<u8> = [&b"!0!"[..], &values.join(&b"!"[..])].join(&b"!"[..]);
    assert_eq!(parsed["output"], text(&line), "{}: the legacy line", case.name);
}

/// Arguments a binding must refuse before calling the library: a C string
/// (and a command line before it) ends at the first NUL.
fn refused() -> Value {
    json!([
        {"name": "nul_in_value", "args": [text(PATHFILE), text(b"amount=1\x002")]},
        {"name": "nul_alone", "args": [text(b"\x00")]},
    ])
}

// ------------------------------------------------------------ POST fields
// What each binding's response-from-post helper (PHP responseFromPost,
// Python and Perl response_from_post) must make of the fields a payment
// server posts: Sips 1.0 posts DATA, Sips 2.0 posts Data, Seal, Encode and
// InterfaceVersion. The arguments are message=, then seal= and encode= (when
// not empty), pathfile=, then the expectations in this order, whatever the
// order they were given in.

const POST_PATHFILE: &[u8] = b"demo/pathfile";
/// The expectation names, in the order their arguments are passed.
const EXPECTATIONS: [&str; 5] = ["merchant_id", "transaction_id", "amount", "currency_code", "max_age"];

/// POST fields, expectations, and the arguments they give (or a word of the refusal).
struct Post {
    name: &'static str,
    about: &'static str,
    fields: Vec<(&'static str, Vec<u8>)>,
    expected: Value,
    outcome: Result<Vec<Vec<u8>>, String>,
}

fn post(name: &'static str, about: &'static str, fields: &[(&'static str, &[u8])], expected: Value) -> Post {
    let fields: Vec<_> = fields.iter().map(|(k, v)| (*k, v.to_vec())).collect();
    let outcome = post_arguments(&fields, &expected);
    Post { name, about, fields, expected, outcome }
}

/// The helpers' rule, stated once here: the golden file carries its result.
fn post_arguments(fields: &[(&str, Vec<u8>)], expected: &Value) -> Result<Vec<Vec<u8>>, String> {
    let field = |name: &str| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
    let mut list = match (field("Data"), field("Seal"), field("DATA")) {
        (Some(data), Some(seal), _) => {
            let mut v2 = vec![concat(&[b"message=", &data]), concat(&[b"seal=", &seal])];
            v2.extend(field("Encode").filter(|e| !e.is_empty()).map(|e| concat(&[b"encode=", &e])));
            v2
        }
        (_, _, Some(data)) => vec![concat(&[b"message=", &data])],
        _ => return Err("DATA".into()),
    };
    list.push(concat(&[b"pathfile=", POST_PATHFILE]));
    let given = expected.as_object().cloned().unwrap_or_default();
    if let Some(unknown) = given.keys().find(|k| !EXPECTATIONS.contains(&k.as_str())) {
        return Err(unknown.clone());
    }
    for name in EXPECTATIONS {
        let value = match given.get(name) {
            None => continue,
            Some(Value::String(s)) => s.chars().map(|c| c as u8).collect(),
            Some(Value::Number(n)) => n.to_string().into_bytes(),
            Some(_) => return Err(name.into()),
        };
        list.push(concat(&[b"expected_", name.as_bytes(), b"=", &value]));
    }
    Ok(list)
}

/// Sips 1.0 posts: the arguments and the library's answer.
fn v1_posts(accepted: &[u8], refused: &[u8]) -> Vec<Post> {
    let every_byte: Vec<u8> = (1..=255u8).collect();
    let stored = json!({"amount": 2500, "currency_code": "978", "transaction_id": "123456",
                        "merchant_id": "000000000000001", "max_age": 1_000_000_000});
    vec![
        post("v1", "Sips 1.0: DATA", &[("DATA", accepted)], Value::Null),
        post(
            "v1_other_fields",
            "fields besides DATA are not passed",
            &[("x", b"1"), ("DATA", refused), ("submit", b"OK")],
            Value::Null,
        ),
        post(
            "v1_expected",
            "the stored values (an int among them) as expected_ arguments, in their order",
            &[("DATA", accepted)],
            stored,
        ),
        post(
            "v1_expected_differs",
            "a stored amount the response does not carry: refused",
            &[("DATA", accepted)],
            json!({"amount": "2501", "max_age": "1000000000"}),
        ),
        post("v1_empty", "an empty DATA is passed: the library reports it", &[("DATA", b"")], Value::Null),
        post(
            "v1_every_byte",
            "every byte 0x01-0xFF in DATA reaches the library",
            &[("DATA", &every_byte)],
            Value::Null,
        ),
    ]
}

/// Sips 2.0 posts (their arguments only: the answer is the core's), and the refusals.
fn other_posts(accepted: &[u8]) -> Vec<Post> {
    vec![
        post(
            "v2",
            "Sips 2.0: Data, Seal, Encode (InterfaceVersion is not passed)",
            &[
                ("Data", b"YW1vdW50PTI1MDA="),
                ("Seal", b"0a1b"),
                ("Encode", b"base64"),
                ("InterfaceVersion", b"HP_2.24"),
            ],
            Value::Null,
        ),
        post(
            "v2_plain",
            "Sips 2.0 with an empty Encode: no encode=",
            &[("Data", b"amount=2500|currencyCode=978"), ("Seal", b"0a1b"), ("Encode", b"")],
            json!({"amount": 2500}),
        ),
        post(
            "v2_over_v1",
            "Data and Seal win over DATA",
            &[("DATA", b"abc"), ("Data", b"def"), ("Seal", b"0a1b")],
            Value::Null,
        ),
        post("refused_empty", "no field: refused", &[], Value::Null),
        post("refused_data_without_seal", "Data without Seal: refused", &[("Data", b"def")], Value::Null),
        post(
            "refused_lower_case",
            "field names are case-sensitive: data is not DATA",
            &[("data", b"abc")],
            Value::Null,
        ),
        post(
            "refused_unknown_expectation",
            "an expectation name that does not exist: refused",
            &[("DATA", accepted)],
            json!({"amout": 2500}),
        ),
        post(
            "refused_null_expectation",
            "an expectation without a value: refused",
            &[("DATA", accepted)],
            json!({"amount": null}),
        ),
    ]
}

/// A post's golden entry; a Sips 1.0 one with what the library answers.
fn post_entry(post: &Post) -> Value {
    let mut entry = Map::new();
    entry.insert("name".into(), json!(post.name));
    entry.insert("about".into(), json!(post.about));
    entry.insert("post".into(), Value::Array(post.fields.iter().map(|(k, v)| json!([k, text(v)])).collect()));
    entry.insert("pathfile".into(), text(POST_PATHFILE));
    entry.insert("expected".into(), post.expected.clone());
    match &post.outcome {
        Err(word) => {
            entry.insert("refused".into(), json!(word));
        }
        Ok(list) if list[0].starts_with(b"message=") && !post.fields.iter().any(|(k, _)| *k == "Seal") => {
            let answer = golden_entry(&case(post.name, post.about, Program::Response, list.clone()));
            for (key, value) in answer.as_object().expect("an entry") {
                if !["name", "about", "program"].contains(&key.as_str()) {
                    entry.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(list) => {
            entry.insert("args".into(), Value::Array(list.iter().map(|a| text(a)).collect()));
        }
    }
    Value::Object(entry)
}

fn golden() -> String {
    let sealed = sealed_cases();
    let message = |name: &str| {
        let case = sealed.iter().find(|c| c.name == name).expect("a sealed case");
        case.args[1][b"message=".len()..].to_vec()
    };
    let (accepted, refusal) = (message("accepted_all_fields"), message("refused"));
    let posts: Vec<Value> =
        [v1_posts(&accepted, &refusal), other_posts(&accepted)].iter().flatten().map(post_entry).collect();
    let cases: Vec<Value> = [request_cases(), request_error_cases(), p617_cases(), response_cases(), sealed]
        .iter()
        .flatten()
        .map(golden_entry)
        .collect();
    let names: Vec<&str> = SLOTS.iter().map(|d| d.name).collect();
    let file = json!({
        "about": "Expected results of libsogen for the bindings' tests, written by tests/golden_bindings.rs \
                  (SOGEN_BLESS=1 cargo test --test golden_bindings). Run every case from the repository root \
                  (demo/pathfile is relative to it). Strings hold bytes as the code points U+0000-U+00FF. \
                  `output` is what sogen_request/sogen_response return; exit_status, code, error, debug, form \
                  and fields are what the JSON entry points give. `refused`: arguments a binding must reject \
                  before the call. `posts`: POST fields and expectations (`expected`, null for none), and what \
                  the bindings' response-from-post helpers make of them: the arguments (`args`, with the \
                  library's answer for Sips 1.0 posts), or `refused` (a word the error names).",
        "response_fields": names,
        "refused": refused(),
        "cases": cases,
        "posts": posts,
    });
    serde_json::to_string_pretty(&file).expect("JSON") + "\n"
}

#[test]
fn golden_file_is_what_the_library_computes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // The demo pathfile names its files relative to the repository root.
    std::env::set_current_dir(root).expect("repository root");
    let computed = golden();
    let path = root.join(GOLDEN);
    if std::env::var_os("SOGEN_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &computed).expect("writing the golden file");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let first_difference = committed.lines().zip(computed.lines()).position(|(a, b)| a != b);
    assert!(
        committed == computed,
        "{GOLDEN} is not what the library computes (first differing line: {:?}); \
         if the change is intended, run SOGEN_BLESS=1 cargo test --test golden_bindings and commit the file",
        first_difference.map(|i| i + 1)
    );
}
