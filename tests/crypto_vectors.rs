//! Every unit vector of ../shared/corpus/crypto.json: MAC keys with their
//! matrix positions, MACs, armor, customer_id 3DES, URL blocks and two full
//! containers (one request, one response read back by `response`).
//!
//! The shared folder is not part of the repository: without crypto.json each
//! test prints a notice and passes.

mod support;

use serde_json::Value;
use sogen::internals::config::certificate;
use sogen::internals::wire::{self, KeyMatrix};

fn vectors() -> Option<Value> {
    let path = support::shared_dir().map(|d| d.join("corpus/crypto.json")).filter(|p| p.is_file());
    let Some(path) = path else {
        eprintln!(
            "NOTICE: crypto_vectors: ../shared/corpus/crypto.json is absent (not part of the repository); skipped."
        );
        return None;
    };
    let text = std::fs::read_to_string(path).expect("crypto.json readable");
    Some(serde_json::from_str(&text).expect("valid JSON"))
}

/// A JSON string as bytes (code points U+0000–U+00FF are bytes).
fn b(v: &Value) -> Vec<u8> {
    assert!(v.is_string(), "expected a string: {v}");
    support::bytes(v)
}

fn hex(v: &Value) -> Vec<u8> {
    wire::hex::decode(&b(v)).expect("valid hex")
}

fn key8(v: &Value) -> [u8; 8] {
    hex(v).try_into().expect("8-byte key")
}

fn list<'a>(all: &'a Value, key: &str) -> &'a Vec<Value> {
    all[key].as_array().unwrap_or_else(|| panic!("{key} list"))
}

fn usize_of(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("expected a number: {v}")) as usize
}

/// What the tests need from a certificate, read independently of the
/// library's parser: the data lines (after the first line holding
/// `certificate_data`, without their `\n`) and the key matrix (row r = the
/// first 65 bytes of data line r + 1 with its `\n`, as `fgets` kept it).
struct Certificate {
    data: Vec<Vec<u8>>,
    matrix: KeyMatrix,
}

fn read_certificate(text: &[u8]) -> Certificate {
    let lines: Vec<&[u8]> = text.split_inclusive(|&c| c == b'\n').collect();
    let marker = lines.iter().position(|l| l.windows(16).any(|w| w == b"certificate_data")).expect("certificate_data");
    let with_newlines = &lines[marker + 1..];
    let mut matrix = KeyMatrix { rows: [[0; 65]; 25] };
    for (row, line) in matrix.rows.iter_mut().zip(with_newlines) {
        let n = line.len().min(65);
        row[..n].copy_from_slice(&line[..n]);
    }
    let data = with_newlines.iter().map(|l| l.strip_suffix(b"\n").unwrap_or(l).to_vec()).collect();
    Certificate { data, matrix }
}

fn certificate_text(all: &Value, name: &Value) -> Vec<u8> {
    b(&all["certificates"][name.as_str().expect("certificate name")]["text"])
}

fn certificate(all: &Value, name: &Value) -> Certificate {
    read_certificate(&certificate_text(all, name))
}

#[test]
fn mac_keys() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "mac_key") {
        let m = certificate(&all, &v["certificate"]).matrix;
        let (amount, date, tid) = (b(&v["amount"]), b(&v["transmission_date"]), b(&v["transaction_id"]));
        assert_eq!(wire::keys::mac_key(&m, &amount, &date, &tid), Ok(key8(&v["key"])), "{v}");
        let expected: Vec<(usize, usize)> =
            v["positions"].as_array().expect("positions").iter().map(|p| (usize_of(&p[0]), usize_of(&p[1]))).collect();
        let positions = wire::keys::mac_key_positions(&amount, &date, &tid).unwrap();
        assert_eq!(positions.to_vec(), expected, "{v}");
        // The positions name the matrix characters the key is made of.
        let chars: Vec<u8> = positions.iter().map(|&(line, col)| m.rows[line][col]).collect();
        assert_eq!(chars, b(&v["matrix_chars"]), "{v}");
    }
    assert_eq!(list(&all, "mac_key").len(), 40);
}

#[test]
fn macs() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "mac") {
        let text = b(&v["text"]);
        assert_eq!(text.len(), usize_of(&v["text_len"]), "{v}");
        assert_eq!((text.len() / 8 + 1) * 8, usize_of(&v["padded_len"]), "{v}");
        assert_eq!(wire::mac::compute(&key8(&v["key"]), &text).to_vec(), hex(&v["mac"]), "{v}");
    }
    assert_eq!(list(&all, "mac").len(), 15);
}

#[test]
fn armor_both_ways() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "armor") {
        let plain = hex(&v["plain_hex"]);
        assert_eq!(plain, b(&v["plain"]), "{v}");
        let armored = b(&v["armored"]);
        assert_eq!(wire::armor::encode(&plain), armored, "{v}");
        assert_eq!(armored.windows(2).filter(|w| w == b"\\\"").count(), usize_of(&v["escaped_quotes"]), "{v}");
        assert_eq!(wire::armor::decode(&armored), Some(plain.clone()), "{v}");
        assert_eq!(wire::received::dearmor_lenient(&armored), Ok(plain), "{v}");
    }
    assert_eq!(list(&all, "armor").len(), 18);
}

#[test]
fn customer_id_cipher() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "customer_id_3des") {
        let m = certificate(&all, &v["certificate"]).matrix;
        let (amount, date, tid) = (b(&v["amount"]), b(&v["transmission_date"]), b(&v["transaction_id"]));
        let inputs = wire::keys::customer_id_inputs(&amount, &date, &tid);
        for (got, want) in inputs.iter().zip([&v["key1_inputs"], &v["key2_inputs"]]) {
            assert_eq!([&got.amount, &got.date, &got.tid], [b(&want[0]), b(&want[1]), b(&want[2])].each_ref(), "{v}");
        }
        let (k1, k2) = wire::keys::customer_id_keys(&m, &amount, &date, &tid).unwrap();
        assert_eq!((k1, k2), (key8(&v["key1"]), key8(&v["key2"])), "{v}");
        let clear = b(&v["clear"]);
        assert_eq!(clear.len(), usize_of(&v["clear_len"]), "{v}");
        let cipher = b(&v["cipher"]);
        assert_eq!(wire::cipher::encrypt_customer_id(&k1, &k2, &clear), cipher, "{v}");
        assert_eq!(wire::cipher::decrypt_customer_id(&k1, &k2, &cipher), clear, "{v}");
        assert_eq!(wire::cipher::decrypt_customer_id(&k1, &k2, &cipher.to_ascii_lowercase()), clear, "{v}");
    }
    assert_eq!(list(&all, "customer_id_3des").len(), 32);
}

#[test]
fn url_blocks() {
    let Some(all) = vectors() else { return };
    for v in list(&all, "url") {
        let data = certificate(&all, &v["certificate"]).data;
        assert_eq!(&data[0][..16], b(&v["line1_first16"]).as_slice(), "{v}");
        let key = wire::url::url_key(&data[0]);
        assert_eq!(key, key8(&v["url_key"]), "{v}");
        let first = usize_of(&v["block_first_line"]);
        let block: Vec<u8> = data[first - 1..first + 3].iter().flat_map(|l| l[..66].iter().copied()).collect();
        let cipher_hex = b(&v["cipher_hex"]);
        assert_eq!(&block[..3], b(&v["length_field"]).as_slice(), "{v}");
        assert_eq!(&block[3..3 + cipher_hex.len()], cipher_hex.as_slice(), "{v}");
        let url = b(&v["url"]);
        assert_eq!(wire::url::decrypt_block(&key, &block), Ok(url.clone()), "{v}");
        // The deciphered text: 3-digit length, URL, zero padding.
        let plain = hex(&v["plain_hex"]);
        assert_eq!(plain[..3], *format!("{:03}", url.len()).as_bytes(), "{v}");
        assert_eq!(&plain[3..3 + url.len()], url.as_slice(), "{v}");
        assert!(plain[3 + url.len()..].iter().all(|&c| c == 0), "{v}");
        // Re-encrypting gives the same ciphertext, and reads back.
        let rebuilt = wire::url::encrypt_block(&key, &url, b"filler");
        assert_eq!(rebuilt.len(), 264);
        assert_eq!(&rebuilt[..3], b(&v["length_field"]).as_slice(), "{v}");
        assert_eq!(&rebuilt[3..3 + cipher_hex.len()], cipher_hex.as_slice(), "{v}");
        assert_eq!(wire::url::decrypt_block(&key, &rebuilt), Ok(url), "{v}");
    }
    assert_eq!(list(&all, "url").len(), 16);
}

/// The library's certificate parser reads the same matrix and URL as the
/// helper above.
#[test]
fn certificate_parser_agrees() {
    let Some(all) = vectors() else { return };
    for (name, _) in all["certificates"].as_object().expect("certificates") {
        let text = certificate_text(&all, &Value::from(name.as_str()));
        let mine = read_certificate(&text);
        let parsed = certificate::parse(&text, true);
        assert_eq!(parsed.matrix.as_ref().ok(), Some(&mine.matrix), "{name}");
        let block: Vec<u8> = mine.data[25..29].iter().flat_map(|l| l[..66].iter().copied()).collect();
        let url = wire::url::decrypt_block(&wire::url::url_key(&mine.data[0]), &block).unwrap();
        assert_eq!(parsed.url.as_deref().ok(), Some(url.as_slice()), "{name}");
    }
}

fn records(v: &Value) -> Vec<(u32, Vec<u8>)> {
    v["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| (r[0].as_str().expect("code").parse().expect("numeric code"), b(&r[1])))
        .collect()
}

/// Container → armor → hex → MAC, as `request` seals DATA, and back.
fn check_container(all: &Value, v: &Value) {
    let recs = records(v);
    let plain = wire::nlv::encode(recs.iter().map(|(c, v)| (*c, v.as_slice())));
    assert_eq!(plain, b(&v["plain"]));
    assert_eq!(plain.len(), usize_of(&v["plain_len"]));
    let h = &v["header"];
    assert_eq!([plain[0], plain[1]].map(usize::from), [usize_of(&h["version"]), usize_of(&h["alphabet"])]);
    assert_eq!(plain[2..8], *format!("{:06}", usize_of(&h["total"])).as_bytes());
    assert_eq!(plain[8..10], *format!("{}{}", usize_of(&h["lg_id"]), usize_of(&h["lg_lg"])).as_bytes());
    assert_eq!(plain[10..13], *format!("{:03}", usize_of(&h["count"])).as_bytes());
    let decoded: Vec<(u32, Vec<u8>)> =
        wire::nlv::decode(&plain).expect("strict decode").into_iter().map(|r| (r.code, r.value)).collect();
    assert_eq!(decoded, recs);

    let armored = wire::armor::encode(&plain);
    assert_eq!(armored, b(&v["armored"]));
    assert_eq!(wire::armor::decode(&armored), Some(plain));
    let hex_text = wire::hex::encode_lower(&armored);
    assert_eq!(hex_text, b(&v["hex_text"]));
    assert_eq!(wire::hex::decode(&hex_text), Some(armored));

    let field = |code: u32| recs.iter().find(|(c, _)| *c == code).map(|(_, v)| v.clone()).unwrap_or_default();
    let m = certificate(all, &v["certificate"]).matrix;
    let key = wire::keys::mac_key(&m, &field(3), &field(6), &field(5)).unwrap();
    assert_eq!(key, key8(&v["mac_key"]));
    let mac = wire::hex::encode_lower(&wire::mac::compute(&key, &hex_text));
    assert_eq!(mac, b(&v["mac"]));
    assert_eq!([hex_text, mac].concat(), b(&v["data"]));
    // The lenient reader `response` uses finds the same records.
    let read: Vec<(u32, Vec<u8>)> =
        wire::received::decode_message(&b(&v["data"])).unwrap().records().map(|(c, v)| (c, v.to_vec())).collect();
    assert_eq!(read, recs);
}

#[test]
fn full_request_container() {
    let Some(all) = vectors() else { return };
    let v = &all["nlv"]["request"];
    check_container(&all, v);
    let date = records(v).into_iter().find(|(c, _)| *c == 6).map(|(_, d)| d);
    assert_eq!(date, Some(b(&v["transmission_date"])));
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
    let out = sogen::response(&args, &sogen::SystemEnvironment);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.text, b(&v["response_stdout"]));
}
