//! The local payment server, served on a free port with a merchant
//! installation whose certificate points at it, and a small merchant site
//! receiving the automatic responses. Every response DATA the sandbox hands
//! out is read back with the core's `response`.

mod common;

use axum::routing::post;
use common::{Shop, MERCHANT};
use sogen_tools::core::server::sips2::{build_response, read_request, Items, PostFields};
use sogen_tools::core::Outcome;
use sogen_tools::doctor::{self, Options};
use sogen_tools::lang::Lang;
use sogen_tools::sandbox::{self, merchants, store::Store, AllowedHosts, AppState};
use std::sync::{Arc, Mutex};

type Received = Arc<Mutex<Vec<(String, String)>>>;

struct Harness {
    shop: Shop,
    sandbox: String,
    merchant: String,
    received: Received,
    http: reqwest::Client,
}

/// A page (status, body).
struct Page {
    status: u16,
    body: String,
}

fn unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of attribute `attr` on the element carrying `marker`.
fn attribute(body: &str, marker: &str, attr: &str) -> String {
    let at = body.find(marker).unwrap_or_else(|| panic!("no {marker} in:\n{body}"));
    let tag_start = body[..at].rfind('<').unwrap();
    let tag = &body[tag_start..tag_start + body[tag_start..].find('>').unwrap()];
    let value = tag.split(&format!("{attr}=\"")).nth(1).unwrap_or_else(|| panic!("no {attr} in {tag}"));
    unescape(&value[..value.find('"').unwrap()])
}

/// Where the sandbox finds the shop's certificate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Certificates {
    /// The shop's own pathfile.
    ShopPathfile,
    /// The directory `sandbox-certificates` of the installation, empty at first.
    Directory,
}

/// A merchant site recording the automatic responses: `/auto-ok` answers 200, `/auto-fail` 500.
async fn merchant_site(received: Received) -> String {
    let record = |status: u16, received: Received| {
        post(move |uri: axum::http::Uri, body: String| {
            let received = received.clone();
            async move {
                let form: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap();
                // SIPS 1.0's DATA; a Sips 2.0 form as it was posted.
                let data = form.into_iter().find(|(k, _)| k == "DATA").map(|(_, v)| v).unwrap_or(body);
                received.lock().unwrap().push((uri.path().to_string(), data));
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        })
    };
    let app =
        axum::Router::new().route("/auto-ok", record(200, received.clone())).route("/auto-fail", record(500, received));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

impl Harness {
    /// `auto` is the path of the automatic response page (`None`: no URL at all).
    async fn start(auto: Option<&str>) -> Harness {
        Harness::start_with(auto, Certificates::ShopPathfile).await
    }

    async fn start_with(auto: Option<&str>, certificates: Certificates) -> Harness {
        let received: Received = Arc::default();
        let merchant = merchant_site(received.clone()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sandbox = format!("http://{}", listener.local_addr().unwrap());
        let shop = Shop::new(&format!("{sandbox}/cgis-payment/demo"));
        let auto_line = auto.map(|p| format!("AUTO_RESPONSE_URL!{merchant}{p}!\n")).unwrap_or_default();
        shop.write(
            &format!("param/parmcom.{MERCHANT}"),
            &format!("RETURN_URL!{merchant}/return!\nCANCEL_URL!{merchant}/cancel!\n{auto_line}"),
        );
        let store = Store::open(&shop.path("sandbox.db")).unwrap();
        let source = match certificates {
            Certificates::ShopPathfile => merchants::Source::Pathfile(shop.path("pathfile")),
            Certificates::Directory => {
                std::fs::create_dir(shop.path("sandbox-certificates")).unwrap();
                merchants::Source::Directory(shop.path("sandbox-certificates"))
            }
        };
        let hosts = AllowedHosts::new(listener.local_addr().unwrap(), &[]);
        let state = Arc::new(AppState::new(store, merchants::Merchants { sources: vec![source] }, hosts).unwrap());
        tokio::spawn(async move { axum::serve(listener, sandbox::router(state)).await.unwrap() });
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        Harness { shop, sandbox, merchant, received, http }
    }

    async fn get(&self, path: &str) -> Page {
        let r = self.http.get(format!("{}{path}", self.sandbox)).send().await.unwrap();
        Page { status: r.status().as_u16(), body: r.text().await.unwrap() }
    }

    async fn post(&self, url: &str, form: &[(&str, &str)]) -> Page {
        let r = self.http.post(url).form(form).send().await.unwrap();
        Page { status: r.status().as_u16(), body: r.text().await.unwrap() }
    }

    /// The form of `request` as a browser submits it after a click on `means`.
    async fn callpayment(&self, data: &str, means: &str) -> Page {
        let (x, y) = (format!("{means}.x"), format!("{means}.y"));
        let url = format!("{}/cgis-payment/demo/callpayment", self.sandbox);
        self.post(&url, &[("DATA", data), (&x, "12"), (&y, "7")]).await
    }

    async fn pay(&self, card_page: &Page, fields: &[(&str, &str)]) -> Page {
        let action = attribute(&card_page.body, "id=\"card-form\"", "action");
        self.post(&format!("{}{action}", self.sandbox), fields).await
    }

    async fn transactions(&self, tid: &str) -> Vec<serde_json::Value> {
        let url = format!("{}/sandbox/api/transactions?transaction_id={tid}", self.sandbox);
        let text = self.http.get(url).send().await.unwrap().text().await.unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json["transactions"].as_array().unwrap().clone()
    }

    /// What `response` makes of a receipt's DATA.
    fn read_response(&self, data: &str) -> Outcome {
        let args = [format!("pathfile={}", self.shop.pathfile()), format!("message={data}")];
        let outcome = sogen_tools::core::response(&args);
        assert!(outcome.error.is_none(), "response refused: {:?}", outcome.error);
        outcome
    }
}

/// The mistakes a card page lists.
fn form_errors(page: &Page) -> Vec<String> {
    let Some(start) = page.body.find("id=\"form-errors\"") else { return Vec::new() };
    let list = &page.body[start..start + page.body[start..].find("</ul>").unwrap()];
    list.split("<li").skip(1).map(|item| unescape(&item[item.find('>').unwrap() + 1..])).collect()
}

/// The return form of a receipt: where it posts, and its DATA.
fn return_form(receipt: &Page) -> (String, String) {
    (attribute(&receipt.body, "id=\"return-form\"", "action"), attribute(&receipt.body, "name=\"DATA\"", "value"))
}

const CARD_OK: &str = "4970 1000 0000 0006";
const CARD_REFUSED: &str = "4970100000000105";

#[tokio::test]
async fn accepted_payment_answers_the_shop_and_its_automatic_response() {
    let h = Harness::start(Some("/auto-ok")).await;
    let data = h.shop.request_data(&[
        "transaction_id=101010",
        "customer_id=client-7",
        "order_id=ORDER-42",
        "caddie=cart;3 items",
        "return_context=ctx-1",
    ]);
    let card = h.callpayment(&data, "VISA").await;
    assert_eq!(card.status, 200, "{}", card.body);
    assert!(card.body.contains("1,00 EUR") && card.body.contains("/logo/VISA.gif"), "{}", card.body);
    assert_eq!(h.transactions("101010").await[0]["status"], "PENDING");

    let receipt =
        h.pay(&card, &[("action", "pay"), ("card_number", CARD_OK), ("expiry", "12/99"), ("cvv", "123")]).await;
    assert_eq!(receipt.status, 200, "{}", receipt.body);
    assert!(receipt.body.contains("RETOUR A LA BOUTIQUE"));
    let (action, data) = return_form(&receipt);
    assert_eq!(action, format!("{}/return", h.merchant));

    // The core's response reads it, with every request value echoed back.
    let v = h.read_response(&data);
    let get = |name: &str| String::from_utf8_lossy(v.field(name).unwrap_or_default()).into_owned();
    assert_eq!(get("response_code"), "00");
    assert_eq!(get("bank_response_code"), "00");
    assert_eq!(get("cvv_response_code"), "4D");
    assert_eq!(get("cvv_flag"), "1");
    assert_eq!(get("merchant_id"), MERCHANT);
    assert_eq!(get("transaction_id"), "101010");
    assert_eq!(get("amount"), "100");
    assert_eq!(get("customer_id"), "client-7", "customer_id comes back in clear");
    assert_eq!(get("order_id"), "ORDER-42");
    assert_eq!(get("caddie"), "cart;3 items");
    assert_eq!(get("return_context"), "ctx-1");
    assert_eq!(get("payment_means"), "VISA");
    assert_eq!(get("card_number"), "4970.06");
    assert_eq!(get("language"), "fr");
    assert_eq!(get("payment_certificate").len(), 12);
    assert!(!get("authorisation_id").is_empty());
    assert_eq!(get("payment_date").len(), 8);
    assert_eq!(get("payment_time").len(), 6);

    // The automatic response left first, with the same DATA; recorded as SENT.
    assert_eq!(h.received.lock().unwrap().clone(), vec![("/auto-ok".to_string(), data.clone())]);
    let t = &h.transactions("101010").await[0];
    assert_eq!((t["status"].as_str(), t["automatic_response_status"].as_str()), (Some("ACCEPTED"), Some("SENT")));
    assert_eq!(t["request_fields"]["customer_id"], "client-7");
    assert_eq!(t["card_number"], "4970.06");
    let office = h.http.get(format!("{}/sandbox/", h.sandbox)).send().await.unwrap().text().await.unwrap();
    assert!(office.contains("data-transaction-id=\"101010\" data-status=\"ACCEPTED\" data-auto=\"SENT\""), "{office}");

    // The same form again: the transaction id is used for the day.
    let replay = h.callpayment(&h.shop.request_data(&["transaction_id=101010"]), "CB").await;
    assert_eq!(replay.status, 409);
    assert!(replay.body.contains("Transaction already processed"), "{}", replay.body);
    // And the card page cannot be submitted twice.
    let again = h.pay(&card, &[("action", "pay"), ("card_number", CARD_OK), ("expiry", "12/99"), ("cvv", "123")]).await;
    assert!(again.body.contains("Transaction already processed"));
}

#[tokio::test]
async fn refused_payment_returns_to_the_cancel_url_and_a_failing_merchant_is_recorded() {
    let h = Harness::start(Some("/auto-fail")).await;
    let card = h.callpayment(&h.shop.request_data(&["transaction_id=202020"]), "CB").await;
    let receipt =
        h.pay(&card, &[("action", "pay"), ("card_number", CARD_REFUSED), ("expiry", "01/99"), ("cvv", "999")]).await;
    let (action, data) = return_form(&receipt);
    assert_eq!(action, format!("{}/cancel", h.merchant));
    let v = h.read_response(&data);
    assert_eq!((v.field("response_code"), v.field("bank_response_code")), (Some(&b"05"[..]), Some(&b"05"[..])));
    assert_eq!(v.field("authorisation_id"), Some(&b""[..]), "no authorisation for a refusal");
    let t = &h.transactions("202020").await[0];
    assert_eq!((t["status"].as_str(), t["automatic_response_status"].as_str()), (Some("REFUSED"), Some("FAILED")));
    assert_eq!(t["automatic_response_detail"], "HTTP 500");
}

#[tokio::test]
async fn cancel_without_automatic_response_url() {
    let h = Harness::start(None).await;
    let card = h.callpayment(&h.shop.request_data(&["transaction_id=303030"]), "MASTERCARD").await;
    let receipt = h.pay(&card, &[("action", "cancel")]).await;
    let (action, data) = return_form(&receipt);
    assert_eq!(action, format!("{}/cancel", h.merchant));
    assert_eq!(h.read_response(&data).field("response_code"), Some(&b"17"[..]));
    let t = &h.transactions("303030").await[0];
    assert_eq!((t["status"].as_str(), t["automatic_response_status"].as_str()), (Some("CANCELLED"), Some("UNDEFINED")));
    assert!(h.received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn card_form_mistakes_show_the_page_again() {
    let h = Harness::start(Some("/auto-ok")).await;
    let card = h.callpayment(&h.shop.request_data(&["transaction_id=404040"]), "CB").await;
    for (number, expiry, cvv, message) in [
        ("4970100000000007", "12/99", "123", "Invalid card number"),
        ("4111111111111111", "12/99", "123", "test cards"),
        (CARD_OK, "13/99", "123", "expiry"),
        (CARD_OK, "12/99", "1", "verification value"),
    ] {
        let page = h.pay(&card, &[("action", "pay"), ("card_number", number), ("expiry", expiry), ("cvv", cvv)]).await;
        assert_eq!(page.status, 200);
        assert_eq!(form_errors(&page).len(), 1, "{message}: {}", page.body);
        assert!(form_errors(&page)[0].contains(message), "{message}: {:?}", form_errors(&page));
    }
    // Every mistake is listed at once, each input marked, the typed values kept.
    let page = h.pay(&card, &[("action", "pay"), ("card_number", "1234"), ("expiry", "99"), ("cvv", "x")]).await;
    let errors = form_errors(&page);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains("card number") && errors[1].contains("expiry") && errors[2].contains("verification"));
    assert_eq!(page.body.matches("aria-invalid=\"true\"").count(), 3);
    assert_eq!(attribute(&page.body, "id=\"card_number\"", "value"), "1234");
    assert_eq!(h.transactions("404040").await[0]["status"], "PENDING");
    // An expired card goes through to a refusal with bank code 54.
    let receipt =
        h.pay(&card, &[("action", "pay"), ("card_number", CARD_OK), ("expiry", "01/20"), ("cvv", "123")]).await;
    let v = h.read_response(&return_form(&receipt).1);
    assert_eq!((v.field("response_code"), v.field("bank_response_code")), (Some(&b"05"[..]), Some(&b"54"[..])));
}

#[tokio::test]
async fn security_errors_for_a_foreign_certificate_or_a_bad_mac() {
    let h = Harness::start(Some("/auto-ok")).await;
    // A changed MAC.
    let data = h.shop.request_data(&["transaction_id=505050"]);
    let forged = format!("{}{}", &data[..data.len() - 16], "0123456789abcdef");
    let page = h.callpayment(&forged, "CB").await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("Security error"), "{}", page.body);
    // The shop signed with a certificate the server does not have.
    h.shop.write_certificate(&h.shop.spec());
    let page = h.callpayment(&data, "CB").await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("Security error"));
    // A merchant the server does not know at all.
    let stranger = Shop::new(&format!("{}/cgis-payment/demo", h.sandbox));
    std::fs::rename(stranger.certificate(), stranger.path("param/certif.fr.000000000000999.php")).unwrap();
    stranger.write("param/parmcom.000000000000999", &stranger.read(&format!("param/parmcom.{MERCHANT}")));
    let mut spec = stranger.spec();
    spec.merchant_id = "000000000000999".into();
    stranger.write_certificate(&spec);
    let out = String::from_utf8_lossy(
        &sogen_tools::core::request(&[
            format!("pathfile={}", stranger.pathfile()),
            "merchant_id=000000000000999".into(),
            "amount=100".into(),
        ])
        .text,
    )
    .into_owned();
    let foreign = out.split("NAME=DATA VALUE=\"").nth(1).unwrap().split('"').next().unwrap();
    let page = h.callpayment(foreign, "CB").await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("no certificate for merchant 000000000000999"), "{}", page.body);
    assert!(h.transactions("505050").await.is_empty(), "nothing recorded");
}

#[tokio::test]
async fn invalid_transactions() {
    let h = Harness::start(Some("/auto-ok")).await;
    let cases = [
        ("zz".repeat(40), "CB", "not hexadecimal"),
        (String::new(), "CB", "no DATA"),
        (h.shop.request_data(&["transaction_id=606060", "currency_code=999"]), "CB", "currency_code (999)"),
        (h.shop.request_data(&["transaction_id=606061"]), "", "payment means"),
        (h.shop.request_data(&["transaction_id=606062", "order_id=a:b"]), "CB", "order_id"),
    ];
    for (data, means, reason) in cases {
        let page = h.callpayment(&data, means).await;
        assert_eq!(page.status, 400, "{reason}");
        assert!(page.body.contains("Invalid Transaction"), "{}", page.body);
        assert!(page.body.contains(reason), "{reason}: {}", page.body);
    }
}

#[tokio::test]
async fn logos_and_unknown_pages() {
    let h = Harness::start(None).await;
    let r = h.http.get(format!("{}/logo/CB.gif", h.sandbox)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "image/gif");
    assert!(r.bytes().await.unwrap().starts_with(b"GIF89a"));
    for path in ["/logo/CB.png", "/logo/..%2Fx.gif", "/nowhere"] {
        assert_eq!(h.http.get(format!("{}{path}", h.sandbox)).send().await.unwrap().status(), 404, "{path}");
    }
    assert_eq!(h.http.get(format!("{}/sandbox/health", h.sandbox)).send().await.unwrap().text().await.unwrap(), "ok");
}

#[tokio::test]
async fn back_office_lists_orders_and_shows_each_transaction_with_its_deliveries() {
    let h = Harness::start(Some("/auto-fail")).await;
    let card = h.callpayment(&h.shop.request_data(&["transaction_id=707070", "order_id=ORDER-77"]), "CB").await;
    h.pay(&card, &[("action", "pay"), ("card_number", CARD_OK), ("expiry", "12/99"), ("cvv", "123")]).await;
    let id = h.transactions("707070").await[0]["id"].as_i64().unwrap();
    let office = h.get("/sandbox/").await;
    assert!(office.body.contains("<th>order_id</th>") && office.body.contains(">ORDER-77</td>"), "{}", office.body);
    assert!(office.body.contains(&format!("href=\"/sandbox/transactions/{id}\"")));
    let page = h.get(&format!("/sandbox/transactions/{id}")).await;
    assert_eq!(page.status, 200);
    for part in
        ["data-field=\"order_id\"", "ORDER-77", "id=\"response-code\">00<", "data-status=\"FAILED\"", "HTTP 500"]
    {
        assert!(page.body.contains(part), "{part}: {}", page.body);
    }
    // Sent again from the page: a second delivery, recorded beside the first.
    let form = attribute(&page.body, "id=\"resend-form\"", "action");
    let again = h.http.post(format!("{}{form}", h.sandbox)).header("Origin", &h.sandbox).send().await.unwrap();
    assert_eq!(again.status(), 200, "redirected back to the page");
    let one: serde_json::Value =
        serde_json::from_str(&h.get(&format!("/sandbox/api/transactions/{id}")).await.body).unwrap();
    assert_eq!(one["automatic_responses"].as_array().unwrap().len(), 2, "{one:#}");
    assert_eq!(h.received.lock().unwrap().len(), 2);
    // Not from another site's page, and not for what does not exist.
    let foreign =
        h.http.post(format!("{}{form}", h.sandbox)).header("Origin", "http://evil.example").send().await.unwrap();
    assert_eq!(foreign.status(), 403);
    assert_eq!(h.get("/sandbox/transactions/999999").await.status, 404);
    assert_eq!(h.get("/sandbox/transactions/x").await.status, 400);
}

#[tokio::test]
async fn a_certificate_dropped_into_the_directory_serves_without_a_restart() {
    let h = Harness::start_with(Some("/auto-ok"), Certificates::Directory).await;
    let data = h.shop.request_data(&["transaction_id=808080"]);
    let refused = h.callpayment(&data, "CB").await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("id=\"how-to\""), "how to add the merchant: {}", refused.body);
    let dir = h.shop.path("sandbox-certificates").display().to_string();
    let body = unescape(&refused.body);
    assert!(body.contains(&format!("certif.fr.{MERCHANT}.php")) && body.contains(&dir), "{body}");
    assert!(body.contains("without a restart"), "{body}");
    std::fs::copy(h.shop.certificate(), h.shop.path(&format!("sandbox-certificates/certif.fr.{MERCHANT}.php")))
        .unwrap();
    let card = h.callpayment(&data, "CB").await;
    assert_eq!(card.status, 200, "{}", card.body);
    assert!(card.body.contains("id=\"card-form\""));
}

/// (status, body) of a GET with exactly this Host header.
fn get_with_host(sandbox: &str, path: &str, host: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(sandbox.trim_start_matches("http://")).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
    (status, answer)
}

#[tokio::test(flavor = "multi_thread")]
async fn only_this_machines_names_are_answered() {
    let h = Harness::start(None).await;
    let port = h.sandbox.rsplit(':').next().unwrap().to_string();
    let sandbox = h.sandbox.clone();
    let answers = tokio::task::spawn_blocking(move || {
        ["evil.example", "evil.example:80", &format!("localhost:{port}"), &format!("127.0.0.1:{port}"), "[::1]"]
            .map(|host| get_with_host(&sandbox, "/sandbox/api/transactions", host))
    })
    .await
    .unwrap();
    assert_eq!(answers.iter().map(|(s, _)| *s).collect::<Vec<_>>(), [421, 421, 200, 200, 200]);
    assert!(answers[0].1.contains("--host"), "{}", answers[0].1);
    let json = &answers[2].1;
    assert!(json.contains("\"transactions\""), "{json}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_doctor_asks_the_running_sandbox_whether_it_accepts_the_merchant() {
    let h = Harness::start(Some("/auto-ok")).await;
    let diagnose = |shop: &Shop| {
        let pathfile = shop.pathfile().into_bytes();
        tokio::task::spawn_blocking(move || doctor::diagnose(Options { pathfile, ..Options::default() }))
    };
    let r = diagnose(&h.shop).await.unwrap();
    assert!(r.is_healthy(), "{}", r.render(Lang::En, true));
    assert_eq!(r.of("sandbox.accepts")[0].id, "SANDBOX_ACCEPTS");
    // Another certificate for the same merchant: the sandbox would answer Security error.
    let other = Shop::new(&h.shop.server_url);
    let r = diagnose(&other).await.unwrap();
    let f = r.of("sandbox.accepts")[0].clone();
    assert_eq!((f.id, f.faq), ("SANDBOX_REFUSES_CERTIFICATE", Some(27)), "{}", r.render(Lang::En, false));
    assert_eq!(f.legacy.as_deref(), Some("Security error (payment server)"));
    assert!(f.fix.unwrap().en.contains("--cert-dir"));
    assert!(!r.is_healthy());
    // A currency the server does not take: Invalid Transaction.
    h.shop.edit("param/parmcom.sogenactif", |p| p.replace("CURRENCY!978!", "CURRENCY!999!"));
    let r = diagnose(&h.shop).await.unwrap();
    let f = r.of("sandbox.accepts")[0].clone();
    assert_eq!(f.id, "SANDBOX_REFUSES_REQUEST");
    assert!(f.problem.en.contains("Invalid Transaction") && f.problem.en.contains("currency_code (999)"), "{f:#?}");
    assert_eq!(h.get("/sandbox/api/transactions").await.body, "{\"transactions\":[]}", "the checks record nothing");
}

/// `sogen sandbox` started for `shop` on `listen`, and the first line it printed.
fn start_command(shop: &Shop, listen: &str) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sogen"))
        .args(["sandbox", "--listen", listen, "--pathfile", &shop.pathfile()])
        .arg("--db")
        .arg(shop.path("cli.db"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    (child, first)
}

/// The command itself: starts on a port it chooses, answers, stops on SIGTERM.
#[test]
fn the_sandbox_command_runs_and_stops_cleanly() {
    use std::io::{Read, Write};
    let shop = Shop::new("http://127.0.0.1:1/x");
    let (mut child, first) = start_command(&shop, "127.0.0.1:0");
    let url = first.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    let mut stream = std::net::TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    stream.write_all(b"GET /sandbox/health HTTP/1.0\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.ends_with("ok"), "{answer}");
    let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    assert!(child.wait().unwrap().success(), "graceful stop");
    assert!(shop.path("cli.db").exists());
    // Without any certificate source it refuses to start, with usage.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sogen")).arg("sandbox").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Listening beyond this machine is said at start-up, on stderr.
#[test]
fn listening_on_every_interface_is_warned_about() {
    use std::io::Read;
    let shop = Shop::new("http://127.0.0.1:1/x");
    let (mut child, first) = start_command(&shop, "0.0.0.0:0");
    assert!(first.starts_with("sogen sandbox listening on http://0.0.0.0:"), "{first}");
    child.kill().unwrap();
    child.wait().unwrap();
    let mut errors = String::new();
    child.stderr.take().unwrap().read_to_string(&mut errors).unwrap();
    assert!(errors.contains("reachable from other machines") && errors.contains("--host"), "{errors}");
}

// Sips 2.0: the shop's certificate replaced by a key file pointing at the sandbox's /paymentInit.

type Fields = Vec<(String, String)>;

/// The hidden fields of each form of a Sips 2.0 page, with the logo it shows.
fn paypage_forms(page: &str) -> Vec<(String, Fields)> {
    page.split("<FORM ")
        .skip(1)
        .map(|form| {
            let value_of = |rest: &str| unescape(rest.split('"').next().unwrap());
            let fields = form
                .split("<INPUT TYPE=\"HIDDEN\" NAME=\"")
                .skip(1)
                .map(|input| {
                    let (name, rest) = input.split_once('"').unwrap();
                    (name.to_string(), value_of(rest.strip_prefix(" VALUE=\"").unwrap()))
                })
                .collect();
            let logo = form.split("ALT=\"").nth(1).map(value_of).unwrap_or_default();
            (logo, fields)
        })
        .collect()
}

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// The return form of a Sips 2.0 page: where it posts, and its fields.
fn return_fields(page: &Page) -> (String, Fields) {
    let start = page.body.find("id=\"return-form\"").unwrap_or_else(|| panic!("no return form: {}", page.body));
    let form = &page.body[start..start + page.body[start..].find("</form>").unwrap()];
    let fields = form
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|input| {
            let (name, rest) = input.split_once('"').unwrap();
            (name.to_string(), unescape(rest.strip_prefix(" value=\"").unwrap().split('"').next().unwrap()))
        })
        .collect();
    (attribute(&page.body, "id=\"return-form\"", "action"), fields)
}

impl Harness {
    /// The shop moved to Sips 2.0: its key file's forms post to the sandbox's /paymentInit.
    async fn sips2(auto: Option<&str>, certificates: Certificates, extra: &str) -> Harness {
        let h = Harness::start_with(auto, certificates).await;
        h.shop.write_key_file(&format!("{}/paymentInit", h.sandbox), extra);
        h
    }

    /// The form of `request` for the card `logo`.
    fn form_for(&self, logo: &str, extra: &[&str]) -> Fields {
        let page = self.shop.request(extra);
        let forms = paypage_forms(&page);
        forms.into_iter().find(|(l, _)| l == logo).unwrap_or_else(|| panic!("no {logo} form: {page}")).1
    }

    async fn payment_init(&self, fields: &Fields) -> Page {
        let form: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        self.post(&format!("{}/paymentInit", self.sandbox), &form).await
    }

    /// What `response` makes of posted Sips 2.0 fields.
    fn read_sips2(&self, fields: &Fields) -> Outcome {
        let get = |name: &str| field(fields, name).unwrap_or_default();
        let args = [
            format!("pathfile={}", self.shop.pathfile()),
            format!("message={}", get("Data")),
            format!("seal={}", get("Seal")),
            format!("encode={}", get("Encode")),
        ];
        let outcome = sogen_tools::core::response(&args);
        assert!(outcome.error.is_none(), "response refused: {:?}", outcome.error);
        outcome
    }

    /// Every page and JSON the sandbox shows for `tid`: none holds the secret key.
    async fn shows_no_secret(&self, pages: &[&Page], tid: &str) {
        let id = self.transactions(tid).await[0]["id"].as_i64().unwrap();
        let mut texts: Vec<String> = pages.iter().map(|p| p.body.clone()).collect();
        for path in
            ["/sandbox/".to_string(), format!("/sandbox/transactions/{id}"), format!("/sandbox/api/transactions/{id}")]
        {
            texts.push(self.get(&path).await.body);
        }
        for text in texts {
            assert!(!text.contains(common::SECRET_KEY), "the secret key is shown:\n{text}");
        }
    }
}

fn value(outcome: &Outcome, name: &str) -> String {
    String::from_utf8_lossy(outcome.field(name).unwrap_or_default()).into_owned()
}

const PAY_OK: [(&str, &str); 4] = [("action", "pay"), ("card_number", CARD_OK), ("expiry", "12/99"), ("cvv", "123")];

#[tokio::test]
async fn sips2_accepted_payment_goes_back_sealed_to_the_normal_return_url_and_the_automatic_response() {
    let h = Harness::sips2(Some("/auto-ok"), Certificates::ShopPathfile, "").await;
    let extra = ["transaction_id=4242", "customer_id=client-7", "order_id=ORDER-42", "return_context=ctx-1"];
    let form = h.form_for("VISA", &extra);
    assert_eq!(field(&form, "SealAlgorithm"), Some("HMAC-SHA-256"));
    let card = h.payment_init(&form).await;
    assert_eq!(card.status, 200, "{}", card.body);
    assert!(card.body.contains("/logo/VISA.gif") && card.body.contains("004242"), "{}", card.body);
    assert!(card.body.contains("responseCode 17"), "the Sips 2.0 hint: {}", card.body);
    let receipt = h.pay(&card, &PAY_OK).await;
    let (action, fields) = return_fields(&receipt);
    assert_eq!(action, format!("{}/return", h.merchant));
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Data", "Seal", "Encode", "InterfaceVersion"]);
    let v = h.read_sips2(&fields);
    for (name, expected) in [
        ("response_code", "00"),
        ("merchant_id", MERCHANT),
        ("merchant_country", "fr"),
        ("transaction_id", "4242"),
        ("amount", "100"),
        ("payment_means", "VISA"),
        ("card_number", "4970.06"),
        ("cvv_flag", "1"),
        ("cvv_response_code", "4D"),
        ("bank_response_code", "00"),
        ("customer_id", "client-7"),
        ("order_id", "ORDER-42"),
        ("return_context", "ctx-1"),
    ] {
        assert_eq!(value(&v, name), expected, "{name}");
    }
    assert_eq!(value(&v, "authorisation_id").len(), 6);
    // The automatic response: the same sealed fields, from the server's side.
    let received = h.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].0, "/auto-ok");
    let posted: Fields = serde_urlencoded::from_str(&received[0].1).unwrap();
    assert_eq!(posted, fields);
    let t = &h.transactions("004242").await[0];
    let got = [&t["protocol"], &t["status"], &t["automatic_response_status"], &t["response_code"]];
    assert_eq!(got, ["V2", "ACCEPTED", "SENT", "00"]);
    assert_eq!(t["request_fields"]["orderId"], "ORDER-42");
    let office = h.get("/sandbox/").await;
    assert!(office.body.contains("data-protocol=\"V2\"") && office.body.contains(">Sips 2.0<"), "{}", office.body);
    let page = h.get(&format!("/sandbox/transactions/{}", t["id"])).await;
    assert!(page.body.contains("data-field=\"s10TransactionReference.s10TransactionId\""), "{}", page.body);
    // Sent again from the back office: the same fields.
    let resend = attribute(&page.body, "id=\"resend-form\"", "action");
    h.http.post(format!("{}{resend}", h.sandbox)).send().await.unwrap();
    assert_eq!(h.received.lock().unwrap()[1].1, received[0].1);
    h.shows_no_secret(&[&card, &receipt], "004242").await;
}

#[tokio::test]
async fn sips2_refusals_cancels_and_expired_cards_all_go_back_to_the_normal_return_url() {
    // The older seal too: the request and its response sealed with SHA-256.
    let h = Harness::sips2(Some("/auto-fail"), Certificates::ShopPathfile, "SEAL_ALGORITHM!SHA-256!\n").await;
    type Answer<'a> = &'a [(&'a str, &'a str)];
    let cases: [(&str, Answer, &str, &str); 3] = [
        (
            "515151",
            &[("action", "pay"), ("card_number", CARD_REFUSED), ("expiry", "01/99"), ("cvv", "999")],
            "05",
            "REFUSED",
        ),
        ("525252", &[("action", "cancel")], "17", "CANCELLED"),
        (
            "535353",
            &[("action", "pay"), ("card_number", CARD_OK), ("expiry", "01/20"), ("cvv", "123")],
            "54",
            "REFUSED",
        ),
    ];
    for (tid, answer, code, status) in cases {
        let form = h.form_for("CB", &[&format!("transaction_id={tid}")]);
        assert_eq!(field(&form, "SealAlgorithm"), None, "no SealAlgorithm: the older seal");
        let receipt = h.pay(&h.payment_init(&form).await, answer).await;
        let (action, fields) = return_fields(&receipt);
        assert_eq!(action, format!("{}/return", h.merchant), "{tid}: Sips 2.0 has no cancel URL");
        let v = h.read_sips2(&fields);
        assert_eq!(value(&v, "response_code"), code, "{tid}");
        assert_eq!(value(&v, "authorisation_id"), "", "{tid}");
        let t = &h.transactions(tid).await[0];
        assert_eq!([&t["status"], &t["response_code"], &t["automatic_response_status"]], [status, code, "FAILED"]);
    }
    let cancel = h.read_sips2(
        &return_fields(
            &h.pay(&h.payment_init(&h.form_for("CB", &["transaction_id=545454"])).await, &[("action", "cancel")]).await,
        )
        .1,
    );
    assert_eq!((value(&cancel, "card_number"), value(&cancel, "payment_means")), (String::new(), String::new()));
}

#[tokio::test]
async fn sips2_wrong_seals_and_key_versions_are_34_and_unreadable_forms_are_refused() {
    let h = Harness::sips2(Some("/auto-ok"), Certificates::ShopPathfile, "").await;
    let form = h.form_for("CB", &["transaction_id=616161"]);
    let with = |name: &str, value: &str| -> Fields {
        form.iter().map(|(n, v)| (n.clone(), if n == name { value.to_string() } else { v.clone() })).collect()
    };
    // The amount changed in Data, the seal kept; a seal made with another key.
    let key = sogen_tools::core::inspect::keyfile::parse(&std::fs::read(h.shop.certificate()).unwrap()).unwrap();
    let post = |f: &Fields| PostFields::from_pairs(f.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
    let mut items = read_request(&post(&form), &key).unwrap().items;
    let mut cheaper = Items::new();
    for (k, v) in items.iter() {
        cheaper.push(k, if k == "amount" { &b"1"[..] } else { v });
    }
    items = cheaper;
    let altered = build_response(&items, &key, key.seal_algorithm, true).unwrap();
    let altered = String::from_utf8(altered.data).unwrap();
    for (fields, why) in [(with("Data", &altered), "seal"), (with("Seal", &"0".repeat(64)), "seal")] {
        let page = h.payment_init(&fields).await;
        assert_eq!(page.status, 403, "{why}");
        assert!(
            page.body.contains("id=\"response-code\">34<") && page.body.contains("Security error"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Check the key file") && !page.body.contains("FAQ §27"), "{}", page.body);
    }
    // The key renewed at the bank (another version): the shop's form still says 1.
    h.shop.edit(&format!("param/certif.fr.{MERCHANT}.php"), |k| k.replace("KEY_VERSION!1!", "KEY_VERSION!2!"));
    let page = h.payment_init(&form).await;
    assert!(page.body.contains("id=\"response-code\">34<") && page.body.contains("keyVersion"), "{}", page.body);
    h.shop.write_key_file(&format!("{}/paymentInit", h.sandbox), "");
    for (fields, code, reason) in [
        (with("InterfaceVersion", "IR_WS_2.0"), "30", "InterfaceVersion"),
        (with("Encode", "hex"), "30", "Encode"),
        (with("Data", ""), "30", "no Data"),
        (with("Data", "!!!"), "30", "base64"),
    ] {
        let page = h.payment_init(&fields).await;
        assert_eq!(page.status, 400, "{reason}");
        assert!(
            page.body.contains(&format!("id=\"response-code\">{code}<")) && page.body.contains(reason),
            "{}",
            page.body
        );
    }
    assert!(h.transactions("616161").await.is_empty(), "nothing recorded");
}

#[tokio::test]
async fn sips2_values_the_server_refuses_are_12() {
    let h = Harness::sips2(None, Certificates::ShopPathfile, "").await;
    let key = sogen_tools::core::inspect::keyfile::parse(&std::fs::read(h.shop.certificate()).unwrap()).unwrap();
    let url = format!("{}/return", h.merchant);
    let base = [
        ("merchantId", MERCHANT),
        ("amount", "100"),
        ("currencyCode", "978"),
        ("s10TransactionReference.s10TransactionId", "717171"),
        ("keyVersion", "1"),
        ("normalReturnUrl", url.as_str()),
    ];
    for (key_name, bad, reason) in [
        ("currencyCode", "999", "currencyCode (999)"),
        ("s10TransactionReference.s10TransactionId", "71", "6 digits"),
        ("normalReturnUrl", "/x", "normalReturnUrl"),
    ] {
        let mut items = Items::new();
        for (k, v) in base {
            items.push(k, if k == key_name { bad } else { v });
        }
        // Sealed as a shop would, with the merchant's key.
        let mut form =
            sogen_tools::core::server::sips2::build_response(&items, &key, key.seal_algorithm, true).unwrap();
        form.seal_algorithm = Some(key.seal_algorithm.name().as_bytes().to_vec());
        let fields: Fields =
            form.pairs().into_iter().map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v).into_owned())).collect();
        let page = h.payment_init(&fields).await;
        assert_eq!(page.status, 400, "{reason}");
        assert!(
            page.body.contains("id=\"response-code\">12<") && page.body.contains(reason),
            "{reason}: {}",
            page.body
        );
    }
}

#[tokio::test]
async fn sips2_the_same_transaction_id_the_same_day_is_94_with_a_sealed_answer_for_the_shop() {
    let h = Harness::sips2(Some("/auto-ok"), Certificates::ShopPathfile, "").await;
    let form = h.form_for("CB", &["transaction_id=818181"]);
    h.pay(&h.payment_init(&form).await, &PAY_OK).await;
    for again in [form.clone(), h.form_for("VISA", &["transaction_id=818181", "amount=999"])] {
        let page = h.payment_init(&again).await;
        assert_eq!(page.status, 409);
        assert!(page.body.contains("id=\"response-code\">94<"), "{}", page.body);
        let (action, fields) = return_fields(&page);
        assert_eq!(action, format!("{}/return", h.merchant));
        let v = h.read_sips2(&fields);
        assert_eq!((value(&v, "response_code"), value(&v, "transaction_id")), ("94".into(), "818181".into()));
        assert_eq!(value(&v, "authorisation_id"), "");
    }
    let t = h.transactions("818181").await;
    assert_eq!(t.len(), 1);
    assert_eq!(t[0]["status"], "ACCEPTED", "the first payment is untouched");
}

#[tokio::test]
async fn a_key_file_dropped_into_the_directory_serves_without_a_restart() {
    let h = Harness::sips2(Some("/auto-ok"), Certificates::Directory, "").await;
    let form = h.form_for("CB", &["transaction_id=919191"]);
    let refused = h.payment_init(&form).await;
    assert_eq!(refused.status, 403);
    let body = unescape(&refused.body);
    assert!(
        body.contains(&format!("no key file for merchant {MERCHANT}")) && body.contains("id=\"response-code\">03<"),
        "{body}"
    );
    assert!(body.contains("copy the shop's key file") && body.contains("without a restart"), "{body}");
    // A certificate for the merchant is not a key file: said so.
    let dropped = h.shop.path(&format!("sandbox-certificates/certif.fr.{MERCHANT}.php"));
    let mut spec = h.shop.spec();
    spec.server_url = format!("{}/cgis-payment/demo", h.sandbox);
    std::fs::write(
        &dropped,
        sogen_tools::core::certgen::generate(&spec, &mut sogen_tools::core::certgen::os_random).unwrap(),
    )
    .unwrap();
    assert!(unescape(&h.payment_init(&form).await.body).contains("has a SIPS 1.0 certificate for merchant"));
    std::fs::copy(h.shop.certificate(), &dropped).unwrap();
    let card = h.payment_init(&form).await;
    assert_eq!(card.status, 200, "{}", card.body);
    // A SIPS 1.0 form for a merchant the server knows by its key file.
    h.shop.write_certificate(&spec);
    let v1 = h.callpayment(&h.shop.request_data(&["transaction_id=919192"]), "CB").await;
    assert_eq!(v1.status, 403);
    assert!(unescape(&v1.body).contains("is a Sips 2.0 key file"), "{}", v1.body);
    assert!(!v1.body.contains(common::SECRET_KEY));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_doctor_asks_the_sandbox_about_a_sips2_merchant() {
    let h = Harness::sips2(Some("/auto-ok"), Certificates::Directory, "").await;
    let diagnose = |pathfile: String| {
        tokio::task::spawn_blocking(move || {
            doctor::diagnose(Options { pathfile: pathfile.into_bytes(), ..Options::default() })
        })
    };
    let dropped = h.shop.path(&format!("sandbox-certificates/certif.fr.{MERCHANT}.php"));
    std::fs::copy(h.shop.certificate(), &dropped).unwrap();
    let r = diagnose(h.shop.pathfile()).await.unwrap();
    assert!(r.is_healthy(), "{}", r.render(Lang::En, false));
    assert_eq!(r.of("sandbox.accepts")[0].id, "SANDBOX_ACCEPTS");
    assert_eq!(r.of("keyfile.server")[0].id, "KEYFILE_SANDBOX_LISTENING");
    // The sandbox holds another key for the merchant: 34, and how to give it the shop's.
    std::fs::write(&dropped, std::fs::read_to_string(&dropped).unwrap().replace(common::SECRET_KEY, "another_key"))
        .unwrap();
    let r = diagnose(h.shop.pathfile()).await.unwrap();
    let f = r.of("sandbox.accepts")[0].clone();
    assert_eq!(f.id, "SANDBOX_REFUSES_KEY_FILE", "{}", r.render(Lang::En, false));
    assert!(f.problem.en.contains("response code 34") && f.fix.unwrap().en.contains("--cert-dir"), "{:#?}", f.problem);
    assert_eq!(h.get("/sandbox/api/transactions").await.body, "{\"transactions\":[]}", "the checks record nothing");
}
