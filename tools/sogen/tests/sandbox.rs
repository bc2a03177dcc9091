//! The local payment server, served on a free port with a merchant
//! installation whose certificate points at it, and a small merchant site
//! receiving the automatic responses. Every response DATA the sandbox hands
//! out is read back with the core's `response`.

mod common;

use axum::routing::post;
use common::{Shop, MERCHANT};
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
                let data = form.into_iter().find(|(k, _)| k == "DATA").map(|(_, v)| v).unwrap_or_default();
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
