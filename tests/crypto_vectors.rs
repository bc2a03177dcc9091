//! Every unit vector of ../shared/corpus/crypto.json: MAC keys with their
//! matrix positions, MACs, armor, customer_id 3DES, URL blocks and two full
//! containers (one request, one response read back by `response`).

mod support;

use serde_json::Value;
use sogen::config::certificate;
use sogen::wire::{self, KeyMatrix};

fn vectors() -> Option<Value> {
    let Some(shared) = support::shared_dir() else {
        support::skip_notice("crypto_vectors");
        return None;
    };
    let text = std::fs::read_to_string(shared.join("corpus/crypto.json")).expect("crypto.json readable");
    Some(serde_json::from_str(&text).expect("valid JSON"))
}

fn b(v: &Value) -> Vec<u8> {
    support::bytes(v)
}

fn hex(v: &Value) -> Vec<u8> {
    wire::hex::decode(v.as_str().expect("hex string").as_bytes()).expect("valid hex")
}

fn key8(v: &Value) -> [u8; 8] {
    hex(v).try_into().expect("8-byte key")
}

fn certificate_text(all: &Value, name: &Value) -> Vec<u8> {
    b(&all["certificates"][name.as_str().expect("certificate name")]["text"])
}

fn matrix(all: &Value, name: &Value) -> KeyMatrix {
    certificate::parse(&certificate_text(all, name), true).matrix.expect("certificate matrix")
}

fn list<'a>(all: &'a Value, key: &str) -> &'a Vec<Value> {
    all[key].as_array().unwrap_or_else(|| panic!("{key} list"))
}

#[test]
fn mac_keys() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "mac_key") {
        let m = matrix(&all, &v["certificate"]);
        let key =
            wire::keys::mac_key(&m, &b(&v["amount"]), &b(&v["transmission_date"]), &b(&v["transaction_id"])).unwrap();
        assert_eq!(key, key8(&v["key"]), "{v}");
        // The positions name the matrix characters the key is made of.
        let chars: Vec<u8> = v["positions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| m.rows[p[0].as_u64().unwrap() as usize][p[1].as_u64().unwrap() as usize])
            .collect();
        assert_eq!(chars, b(&v["matrix_chars"]), "{v}");
    }
    assert!(list(&all, "mac_key").len() >= 40);
}

#[test]
fn macs() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "mac") {
        assert_eq!(wire::mac::compute(&key8(&v["key"]), &b(&v["text"])).to_vec(), hex(&v["mac"]), "{v}");
    }
}

#[test]
fn armor_both_ways() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "armor") {
        let plain = hex(&v["plain_hex"]);
        let armored = b(&v["armored"]);
        assert_eq!(wire::armor::encode(&plain), armored, "{v}");
        assert_eq!(wire::armor::decode(&armored), Some(plain.clone()), "{v}");
        assert_eq!(wire::received::dearmor_lenient(&armored).unwrap(), plain, "{v}");
    }
}

#[test]
fn customer_id_cipher() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "customer_id_3des") {
        let m = matrix(&all, &v["certificate"]);
        let (k1, k2) =
            wire::keys::customer_id_keys(&m, &b(&v["amount"]), &b(&v["transmission_date"]), &b(&v["transaction_id"]))
                .unwrap();
        assert_eq!((k1, k2), (key8(&v["key1"]), key8(&v["key2"])), "{v}");
        let clear = b(&v["clear"]);
        let cipher = b(&v["cipher"]);
        assert_eq!(wire::cipher::encrypt_customer_id(&k1, &k2, &clear), cipher, "{v}");
        assert_eq!(wire::cipher::decrypt_customer_id(&k1, &k2, &cipher), clear, "{v}");
    }
    assert!(list(&all, "customer_id_3des").len() >= 32);
}

#[test]
fn url_blocks() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "url") {
        let text = certificate_text(&all, &v["certificate"]);
        let lines: Vec<&[u8]> = text.split(|&c| c == b'\n').collect();
        let marker = lines.iter().position(|l| l.windows(16).any(|w| w == b"certificate_data")).unwrap();
        let data = &lines[marker + 1..];
        let key = wire::url::url_key(data[0]);
        assert_eq!(key, key8(&v["url_key"]), "{v}");
        let first = v["block_first_line"].as_u64().unwrap() as usize;
        let block: Vec<u8> = data[first - 1..first + 3].iter().flat_map(|l| l[..66].iter().copied()).collect();
        let url = b(&v["url"]);
        assert_eq!(wire::url::decrypt_block(&key, &block), Ok(url.clone()), "{v}");
        let rebuilt = wire::url::encrypt_block(&key, &url, b"filler");
        assert_eq!(
            &rebuilt[3..3 + rebuilt[..3].iter().fold(0, |n, d| n * 10 + (d - b'0') as usize)],
            b(&v["cipher_hex"]).as_slice(),
            "{v}"
        );
        assert_eq!(wire::url::decrypt_block(&key, &rebuilt), Ok(url), "{v}");
    }
    // The URL the request form posts to comes from the same parser.
    let cert = certificate::parse(&certificate_text(&all, &Value::from("certif.fr.014213245611111.php")), true);
    assert_eq!(cert.url.unwrap(), b"https://paiement.sogenactif.com:443/cgis-payment-sogenactif/demo");
}

fn records(v: &Value) -> Vec<(u32, Vec<u8>)> {
    v["records"].as_array().unwrap().iter().map(|r| (r[0].as_str().unwrap().parse().unwrap(), b(&r[1]))).collect()
}

/// Container → armor → hex → MAC, as `request` seals DATA.
fn check_container(all: &Value, v: &Value) {
    let recs = records(v);
    let plain = wire::nlv::encode(recs.iter().map(|(c, v)| (*c, v.as_slice())));
    assert_eq!(plain, b(&v["plain"]));
    let armored = wire::armor::encode(&plain);
    assert_eq!(armored, b(&v["armored"]));
    let hex_text = wire::hex::encode_lower(&armored);
    assert_eq!(hex_text, b(&v["hex_text"]));
    let field = |code: u32| recs.iter().find(|(c, _)| *c == code).map(|(_, v)| v.clone()).unwrap_or_default();
    let key = wire::keys::mac_key(&matrix(all, &v["certificate"]), &field(3), &field(6), &field(5)).unwrap();
    assert_eq!(key, key8(&v["mac_key"]));
    let mac = wire::hex::encode_lower(&wire::mac::compute(&key, &hex_text));
    assert_eq!(mac, b(&v["mac"]));
    assert_eq!([hex_text, mac].concat(), b(&v["data"]));
    // The lenient reader `response` uses finds the same records.
    let read: Vec<(u32, Vec<u8>)> =
        wire::received::decode_message(&b(&v["data"])).unwrap().into_iter().map(|r| (r.code, r.value)).collect();
    assert_eq!(read, recs);
}

#[test]
fn full_request_container() {
    let Some(all) = vectors() else { return };
    check_container(&all, &all["nlv"]["request"]);
}

#[test]
fn full_response_container_read_by_response() {
    let Some(all) = vectors() else { return };
    let v = &all["nlv"]["response"];
    check_container(&all, v);
    let dir = std::env::temp_dir().join(format!("sogen-vectors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name = v["certificate"].as_str().unwrap();
    std::fs::write(dir.join(name), certificate_text(&all, &v["certificate"])).unwrap();
    let pathfile = dir.join("pathfile");
    let prefix = dir.join("certif");
    std::fs::write(
        &pathfile,
        format!("D_LOGO!/l/!\nF_DEFAULT!x!\nF_PARAM!x!\nF_CERTIFICATE!{}!\nF_CTYPE!php!\n", prefix.display()),
    )
    .unwrap();
    let args = [format!("pathfile={}", pathfile.display()).into_bytes(), [&b"message="[..], &b(&v["data"])].concat()];
    let out = sogen::response(&args);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.text, b(&v["response_stdout"]));
}
