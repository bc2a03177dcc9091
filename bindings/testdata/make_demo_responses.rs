// Generates demo-responses.json: response DATA for the demo merchant, sealed
// with demo/param/certif.fr.000000000000001.php by sogen::builder. Not built
// by anything in the repository (the Rust tree is the core's); to regenerate,
// e.g. after a new demo certificate:
//
//   cargo new /tmp/fixgen && cd /tmp/fixgen
//   cargo add serde_json --features preserve_order && cargo add sogen --path /path/to/libsogen
//   cp /path/to/libsogen/bindings/testdata/make_demo_responses.rs src/main.rs
//   cd /path/to/libsogen && /tmp/fixgen/target/debug/fixgen \
//       > bindings/testdata/demo-responses.json        (after cargo build in /tmp/fixgen)
//
// The tests derive every expected output from `fields` (the values sealed),
// never from what the library printed when this ran.
use serde_json::{json, Map, Value};
use sogen::builder::ResponseBuilder;
use sogen::response_fields::SLOTS;

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

fn main() {
    let cert = b"demo/param/certif.fr.000000000000001.php";
    let all: Vec<(&str, &[u8])> = vec![
        ("merchant_id", b"000000000000001"), ("merchant_country", b"fr"), ("amount", b"2500"),
        ("transaction_id", b"123456"), ("payment_means", b"CB"), ("transmission_date", b"20260115103000"),
        ("payment_time", b"103512"), ("payment_date", b"20260115"), ("response_code", b"00"),
        ("payment_certificate", b"260115103512"), ("authorisation_id", b"654321"), ("currency_code", b"978"),
        ("card_number", b"4970.06"), ("cvv_flag", b"1"), ("cvv_response_code", b"4D"),
        ("bank_response_code", b"00"), ("complementary_code", b"00"), ("complementary_info", b"info ! bonus"),
        ("return_context", b"session=42&x=\"1\""), ("caddie", b"1 x cr\xe8me br\xfbl\xe9e ! 10%"),
        ("receipt_complement", b"Merci de votre visite"), ("merchant_language", b"fr"), ("language", b"en"),
        ("customer_id", b"client-42"), ("order_id", b"ORDER-1"), ("customer_email", b"client@example.org"),
        ("customer_ip_address", b"192.0.2.7"), ("capture_day", b"0"), ("capture_mode", b"AUTHOR_CAPTURE"),
        ("data", b"NO_RESPONSE_PAGE"), ("order_validity", b"1"), ("transaction_condition", b"3D_SUCCESS"),
        ("statement_reference", b"REF 42"), ("card_validity", b"203512"), ("score_value", b"12.5"),
        ("score_color", b"GREEN"), ("score_info", b"A3;N;N"), ("score_threshold", b"10;20"),
        ("score_profile", b"STANDARD"), ("upan", b"4970XXXXXXXX0006"), ("threed_ls_code", b"1"),
        ("threed_relegation_code", b"0"),
    ];
    // (name, description, values kept from `all`, values changed, customer_id enciphered)
    type Change = (&'static str, &'static [u8]);
    let cases: Vec<(&str, &str, Option<&[&str]>, Vec<Change>, bool)> = vec![
        ("accepted_all_fields",
         "accepted payment, all 42 values set (two contain '!', caddie has latin-1 bytes), customer_id enciphered",
         None, vec![], true),
        ("accepted_clear_customer_id", "accepted payment, customer_id sent in clear (no flag 108)",
         None, vec![("transaction_id", b"123457"), ("customer_id", b"CUST-0001")], false),
        ("refused", "refused card (response_code 05), the values a refusal carries",
         Some(&["merchant_id", "merchant_country", "amount", "transaction_id", "payment_means", "transmission_date",
                "payment_time", "payment_date", "response_code", "currency_code", "card_number", "bank_response_code",
                "merchant_language", "language", "customer_id", "order_id", "capture_day", "capture_mode"]),
         vec![("transaction_id", b"123458"), ("response_code", b"05"), ("bank_response_code", b"05"),
              ("card_number", b"4970.05")], true),
        ("cancelled", "payment cancelled by the customer (response_code 17)",
         Some(&["merchant_id", "merchant_country", "amount", "transaction_id", "transmission_date", "response_code",
                "currency_code", "merchant_language", "language", "customer_id", "order_id"]),
         vec![("transaction_id", b"123459"), ("response_code", b"17")], true),
    ];
    let mut out = Vec::new();
    for (name, description, keep, changes, cipher) in cases {
        let mut b = ResponseBuilder::new();
        b.cipher_customer_id(cipher);
        let mut fields = Map::new();
        for def in SLOTS.iter() {
            let base = all.iter().find(|(k, _)| *k == def.name).map(|(_, v)| *v).unwrap_or(b"");
            let kept = keep.map_or(true, |k| k.contains(&def.name));
            let value = changes.iter().find(|(k, _)| *k == def.name).map(|(_, v)| *v)
                .unwrap_or(if kept { base } else { b"" });
            b.set_named(def.name, value.to_vec()).expect("known field");
            fields.insert(def.name.to_string(), Value::String(latin1(value)));
        }
        let message = b.seal_with_certificate(cert, true).expect("sealed");
        out.push(json!({"name": name, "description": description, "customer_id_ciphered": cipher,
                        "fields": fields, "message": latin1(&message)}));
    }
    println!("{}", serde_json::to_string_pretty(&json!({
        "about": "Response DATA for the demo merchant (demo/pathfile), sealed with demo/param/certif.fr.000000000000001.php by sogen::builder::ResponseBuilder (bindings/testdata/make_demo_responses.rs). `fields` are the values sealed, in output order: `response` must print exactly these (customer_id deciphered). The tests derive every expected output from them. Regenerate if the demo certificate changes.",
        "pathfile": "demo/pathfile",
        "cases": out,
    })).expect("JSON"));
}
