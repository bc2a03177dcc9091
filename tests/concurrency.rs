//! Threads and the configuration cache.
//!
//! 16 threads make mixed request/response calls on 4 merchants, each with
//! its own pathfile, parmcom files and certificate, while another thread keeps
//! replacing those files (write a temporary file, rename it over the old one)
//! by one of two versions that change what the calls print: the logo
//! directory (pathfile), the form target (parmcom) and the server URL
//! (certificate). Every result must be exactly one that the same call gives
//! sequentially under some combination of whole file versions: a result
//! mixing the old and new text of one file, or a stale file, matches none.
//! A call made after a rewrite must see the new file.
//!
//! Release builds make 16 × 10 000 calls (`make test-concurrency`); debug
//! builds (`cargo test`) make 16 × 1 000 to keep the suite fast.

use sogen::inspect::Slot;
use sogen::server::ResponseBuilder;
use sogen::testkit::{Installation, Options, SeededRng as Rng};
use sogen::FixedEnvironment;
use std::collections::{HashMap, HashSet};
use std::ffi::{c_char, CString};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

const THREADS: usize = 16;
const CALLS_PER_THREAD: usize = if cfg!(debug_assertions) { 1_000 } else { 10_000 };
const MERCHANTS: usize = 4;
const VARIANTS: usize = 6;

/// The clock every request uses, so that outputs are comparable.
const ENV: FixedEnvironment =
    FixedEnvironment { now: 1_795_000_000, utc_offset: 3600, pid: 4242, api_version: None, tz: None };

/// Which file of a merchant's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum File {
    Pathfile,
    Parmcom,
    Certificate,
}

const FILES: [File; 3] = [File::Pathfile, File::Parmcom, File::Certificate];

struct Merchant {
    installation: Installation,
    /// The two versions of each file.
    versions: HashMap<File, [Vec<u8>; 2]>,
}

impl Merchant {
    fn new(k: usize) -> Merchant {
        // Versions differ in length too: a torn read cannot pass for either.
        let parmcom = |target: &str| {
            format!("RETURN_URL!http://shop{k}.test/ok!\nCANCEL_URL!http://shop{k}.test/ko!\nTARGET!{target}!\n")
        };
        let options = Options {
            merchant_id: format!("00000000000010{k}"),
            server_url: format!("http://127.0.0.1:1/pay{k}"),
            // One seed: both certificate versions share the key matrix, so a
            // response sealed once verifies under either.
            seed: Some(0x1234_5678 + k as u64),
            defaults: "MERCHANT_COUNTRY!fr!\nCURRENCY!978!\nLANGUAGE!fr!\nPAYMENT_MEANS!CB,2,VISA,2!\n".into(),
            merchant: parmcom("_top"),
            ..Options::default()
        };
        let installation = Installation::with("concurrency", options);
        let pathfile = std::fs::read_to_string(installation.pathfile()).unwrap();
        let logo = |dir: &str| pathfile.replace("D_LOGO!/logo/!", &format!("D_LOGO!{dir}!")).into_bytes();
        let mut other = installation.spec();
        other.server_url = format!("http://127.0.0.1:2/pay{k}/b");
        let versions = HashMap::from([
            (File::Pathfile, [logo("/logo-a/"), logo("/logos-version-b/")]),
            (File::Parmcom, [parmcom("_top").into_bytes(), parmcom("_blank_b").into_bytes()]),
            (
                File::Certificate,
                [installation.certificate_text(&installation.spec()), installation.certificate_text(&other)],
            ),
        ]);
        let matrix = |v: &[u8]| sogen::internals::config::certificate::parse(v, true).matrix.unwrap();
        let certs = &versions[&File::Certificate];
        assert_eq!(matrix(&certs[0]), matrix(&certs[1]), "both certificate versions share the key matrix");
        let m = Merchant { installation, versions };
        for file in FILES {
            m.install(file, 0);
        }
        m
    }

    fn id(&self) -> &str {
        &self.installation.options.merchant_id
    }

    fn path(&self, file: File) -> PathBuf {
        match file {
            File::Pathfile => self.installation.pathfile(),
            File::Parmcom => self.installation.path(&format!("param/parmcom.{}", self.id())),
            File::Certificate => self.installation.certificate(),
        }
    }

    /// Replaces a file atomically, as a deployment should (see docs/security.md).
    fn install(&self, file: File, version: usize) {
        let path = self.path(file);
        let tmp = path.with_extension(format!("tmp{version}"));
        std::fs::write(&tmp, &self.versions[&file][version]).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
}

/// One call of the mix: which merchant, request or response, which inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Call {
    merchant: usize,
    response: bool,
    variant: usize,
}

struct World {
    merchants: Vec<Merchant>,
    /// Arguments of every call.
    args: HashMap<Call, Vec<Vec<u8>>>,
}

impl World {
    fn new() -> World {
        let merchants: Vec<Merchant> = (0..MERCHANTS).map(Merchant::new).collect();
        let mut args = HashMap::new();
        for (k, m) in merchants.iter().enumerate() {
            let pathfile = format!("pathfile={}", m.path(File::Pathfile).display()).into_bytes();
            for v in 0..VARIANTS {
                let amount = format!("{}", 100 + 37 * v + 1000 * k);
                let request: Vec<Vec<u8>> = [
                    String::from_utf8(pathfile.clone()).unwrap(),
                    format!("merchant_id={}", m.id()),
                    format!("amount={amount}"),
                    format!("transaction_id={:06}", 10 * v + k),
                    format!("customer_id=cust-{v}"),
                ]
                .into_iter()
                .map(String::into_bytes)
                .collect();
                args.insert(Call { merchant: k, response: false, variant: v }, request);
                let mut b = ResponseBuilder::new();
                b.set(Slot::MerchantId, m.id()).set(Slot::MerchantCountry, "fr");
                b.set(Slot::Amount, amount).set(Slot::TransactionId, format!("{:06}", 10 * v + k));
                b.set(Slot::TransmissionDate, "20261123101500").set(Slot::ResponseCode, "00");
                b.set(Slot::CustomerId, format!("cust-{v}")).set(Slot::OrderId, format!("order-{k}-{v}"));
                let cert = m.path(File::Certificate);
                let data = b.seal_with_certificate(cert.to_str().unwrap().as_bytes(), true).unwrap();
                let response = vec![[&b"message="[..], &data].concat(), pathfile.clone()];
                args.insert(Call { merchant: k, response: true, variant: v }, response);
            }
        }
        World { merchants, args }
    }

    fn calls(&self) -> Vec<Call> {
        let mut calls: Vec<Call> = self.args.keys().copied().collect();
        calls.sort_by_key(|c| (c.merchant, c.response, c.variant));
        calls
    }

    /// Sets every file of every merchant to the versions in `combo` (bit i = FILES[i]).
    fn install_combo(&self, combo: usize) {
        for m in &self.merchants {
            for (i, file) in FILES.into_iter().enumerate() {
                m.install(file, combo >> i & 1);
            }
        }
    }

    /// Every call's output under each of the 8 combinations of file versions,
    /// computed one call at a time.
    fn sequential_results(&self) -> HashMap<Call, Vec<Vec<u8>>> {
        let mut results: HashMap<Call, Vec<Vec<u8>>> = HashMap::new();
        for combo in 0..8 {
            self.install_combo(combo);
            for call in self.calls() {
                results.entry(call).or_default().push(run(&self.args[&call], call, 0));
            }
        }
        self.install_combo(0);
        results
    }
}

/// One call; `path` alternates between the Rust API and the C ABI.
fn run(args: &[Vec<u8>], call: Call, path: usize) -> Vec<u8> {
    if !call.response {
        // The C ABI uses the real clock; requests use the fixed one to be comparable.
        return sogen::request(args, &ENV).text;
    }
    if path % 2 == 0 {
        return sogen::response(args, &ENV).text;
    }
    let strings: Vec<CString> = args.iter().map(|a| CString::new(a.clone()).unwrap()).collect();
    let ptrs: Vec<*const c_char> = strings.iter().map(|s| s.as_ptr()).collect();
    // SAFETY: the pointers stay valid for the call; the result is freed once.
    unsafe {
        let p = sogen::ffi::sogen_response(ptrs.len() as i32, ptrs.as_ptr());
        let text = std::ffi::CStr::from_ptr(p).to_bytes().to_vec();
        sogen::ffi::sogen_free(p);
        text
    }
}

fn expect_distinct_successes(results: &HashMap<Call, Vec<Vec<u8>>>) {
    for (call, outs) in results {
        for out in outs {
            let ok: &[u8] = if call.response { b"!0!!00000000000010" } else { b"!0!!<FORM" };
            assert!(out.starts_with(ok), "{call:?} failed sequentially: {}", String::from_utf8_lossy(out));
        }
        // The two versions of each file change request outputs; response outputs stay equal.
        let distinct: HashSet<&Vec<u8>> = outs.iter().collect();
        assert_eq!(distinct.len(), if call.response { 1 } else { 8 }, "{call:?}");
    }
}

/// Keeps replacing random files of random merchants until `done`.
fn spawn_rewriter(
    world: Arc<World>,
    done: Arc<AtomicBool>,
    rewrites: Arc<AtomicUsize>,
    start: Arc<Barrier>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut rng = Rng(0xdead_beef);
        start.wait();
        while !done.load(Ordering::Relaxed) {
            let m = &world.merchants[rng.below(MERCHANTS)];
            m.install(FILES[rng.below(FILES.len())], rng.below(2));
            rewrites.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
    })
}

type Expected = HashMap<Call, Vec<Vec<u8>>>;

/// Thread `t`'s random calls; returns which version combination each output
/// came from, and panics on an output that matches none.
fn spawn_worker(
    t: usize,
    world: Arc<World>,
    expected: Arc<Expected>,
    start: Arc<Barrier>,
) -> std::thread::JoinHandle<HashSet<(Call, usize)>> {
    std::thread::spawn(move || {
        let calls = world.calls();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (t as u64 + 1));
        let mut seen = HashSet::new();
        start.wait();
        for i in 0..CALLS_PER_THREAD {
            let call = calls[rng.below(calls.len())];
            let out = run(&world.args[&call], call, i + t);
            match expected[&call].iter().position(|e| *e == out) {
                Some(combo) => {
                    seen.insert((call, combo));
                }
                None => panic!(
                    "thread {t} call {i} {call:?}: output matches no sequential result:\n{}",
                    String::from_utf8_lossy(&out)
                ),
            }
        }
        seen
    })
}

#[test]
fn threads_match_sequential_results_while_files_are_replaced() {
    let world = Arc::new(World::new());
    let expected = Arc::new(world.sequential_results());
    expect_distinct_successes(&expected);
    let done = Arc::new(AtomicBool::new(false));
    let rewrites = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(THREADS + 1));
    let rewriter = spawn_rewriter(world.clone(), done.clone(), rewrites.clone(), start.clone());
    let workers: Vec<_> =
        (0..THREADS).map(|t| spawn_worker(t, world.clone(), expected.clone(), start.clone())).collect();
    let mut seen: HashSet<(Call, usize)> = HashSet::new();
    for w in workers {
        seen.extend(w.join().expect("worker thread panicked"));
    }
    done.store(true, Ordering::Relaxed);
    rewriter.join().unwrap();

    // The rewrites really happened under the readers: requests came out of
    // more than one combination of file versions.
    let combos_seen = seen.iter().filter(|(c, _)| !c.response).map(|(_, combo)| combo).collect::<HashSet<_>>();
    assert!(rewrites.load(Ordering::Relaxed) > 10, "the rewriter ran");
    assert!(combos_seen.len() > 1, "no thread saw a rewritten file: the test exercised nothing");
}

#[test]
fn threads_without_rewrites_give_exactly_the_sequential_results() {
    let world = Arc::new(World::new());
    let calls = world.calls();
    let expected: HashMap<Call, Vec<u8>> = calls.iter().map(|&c| (c, run(&world.args[&c], c, 0))).collect();
    let expected = Arc::new(expected);
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (world, expected) = (world.clone(), expected.clone());
            let calls = calls.clone();
            std::thread::spawn(move || {
                let mut rng = Rng(0x1234_5678 + t as u64);
                for i in 0..CALLS_PER_THREAD / 4 {
                    let call = calls[rng.below(calls.len())];
                    assert_eq!(run(&world.args[&call], call, i + t), expected[&call], "thread {t} call {i} {call:?}");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker thread panicked");
    }
}

/// A file changed on disk is read again by the very next call: after an
/// atomic replacement and after an in-place rewrite of the same length.
#[test]
fn next_call_sees_a_changed_file() {
    let world = World::new();
    let m = &world.merchants[0];
    let call = Call { merchant: 0, response: false, variant: 0 };
    let form = || sogen::request(&world.args[&call], &ENV).text;
    let has = |text: &[u8], s: &str| text.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has(&form(), "target=\"_top\""));
    m.install(File::Parmcom, 1);
    assert!(has(&form(), "target=\"_blank_b\""));
    m.install(File::Parmcom, 0);
    assert!(has(&form(), "target=\"_top\""));
    // Same size, same inode: only the modification time tells.
    let path = m.path(File::Parmcom);
    let text = String::from_utf8(m.versions[&File::Parmcom][0].clone()).unwrap();
    for target in ["_tip", "_tap", "_top"] {
        std::fs::write(&path, text.replace("_top", target)).unwrap();
        assert!(has(&form(), &format!("target=\"{target}\"")), "in-place rewrite to {target} missed");
    }
    // A certificate replaced by one with another server URL.
    m.install(File::Certificate, 1);
    assert!(has(&form(), "ACTION=\"http://127.0.0.1:2/pay0/b/callpayment\""));
    // A removed file is an error at once, not a cached success.
    std::fs::remove_file(m.path(File::Certificate)).unwrap();
    assert!(form().starts_with(b"!-1!"));
}
