//! Hostile inputs stay bounded: memory measured by a counting allocator
//! (peak bytes in use during a call, not time), a file swapped for a FIFO
//! answered without blocking, paths never built from a merchant id that
//! could leave its directory. The tests of this binary take turns: the
//! allocator's counters are process-wide.

use sogen::ffi::{sogen_free, sogen_request, sogen_request_json, sogen_response};
use sogen::testkit::{Installation, Options};
use sogen::FixedEnvironment;
use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_char, CStr, CString};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TURN: Mutex<()> = Mutex::new(());

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: same layout, forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes in use at the peak of `f`, above what was in use before it.
fn peak_growth<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

const MB: usize = 1 << 20;

/// Calls a C entry point and returns its text (released).
fn c_call(f: unsafe extern "C" fn(i32, *const *const c_char) -> *mut c_char, ptrs: &[*const c_char]) -> Vec<u8> {
    // SAFETY: the pointers are valid C strings for the call; the result is freed once.
    unsafe {
        let p = f(ptrs.len() as i32, ptrs.as_ptr());
        let text = CStr::from_ptr(p).to_bytes().to_vec();
        sogen_free(p);
        text
    }
}

#[test]
fn a_thousand_arguments_of_a_megabyte_cost_little() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let huge = CString::new(vec![b'a'; MB]).unwrap();
    let ptrs = vec![huge.as_ptr(); 1000];
    let (text, growth) = peak_growth(|| c_call(sogen_request, &ptrs));
    assert_eq!(text, b"!-1!invalid number of arguments (must be <= 44 )!!");
    assert!(growth < 64 * MB, "peak memory grew by {growth} bytes");
}

#[test]
fn a_hundred_megabyte_argument_is_cut_not_echoed_whole() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let mut arg = b"caddie=".to_vec();
    arg.resize(100 * MB, b'x');
    let arg = CString::new(arg).unwrap();
    let (text, growth) = peak_growth(|| c_call(sogen_request, &[arg.as_ptr()]));
    assert!(text.starts_with(b"!-1!Error parameter (caddie=xxx"), "{}", String::from_utf8_lossy(&text[..60]));
    assert_eq!(text.len(), b"!-1!Error parameter () too long!!".len() + sogen::MAX_ARGUMENT);
    assert!(growth < 64 * MB, "peak memory grew by {growth} bytes");
}

#[test]
fn json_results_do_not_multiply_a_value() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let mut arg = b"caddie=".to_vec();
    arg.resize(20 * MB, 0xff);
    let arg = CString::new(arg).unwrap();
    let (json, growth) = peak_growth(|| c_call(sogen_request_json, &[arg.as_ptr()]));
    // The echoed value appears twice (error and output), two bytes per byte.
    assert!(json.len() < 5 * sogen::MAX_ARGUMENT, "{} bytes of JSON", json.len());
    assert!(growth < 64 * MB, "peak memory grew by {growth} bytes");
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    assert!(parsed["error"].as_str().unwrap().contains('\u{ff}'));
}

#[test]
fn a_cached_megabyte_parmcom_file_is_not_copied_per_call() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    // A megabyte of settings (each line overrides the one before).
    let mut defaults = Options::default().defaults;
    for i in 0..40_000 {
        defaults.push_str(&format!("ADVERT!banner-{i:06}.gif!\n"));
    }
    let shop = Installation::with("hostile-parmcom", Options { defaults, ..Options::default() });
    assert!(std::fs::metadata(shop.path("param/parmcom.sogenactif")).unwrap().len() > MB as u64 - 200_000);
    let args = shop.request_args(&["amount=100"]);
    let env = FixedEnvironment { now: 1_795_000_000, utc_offset: 0, pid: 1, api_version: None, tz: None };
    assert!(sogen::request(&args, &env).is_success());
    let (out, growth) = peak_growth(|| sogen::request(&args, &env));
    assert!(out.is_success());
    assert!(growth < 256 * 1024, "a cached call grew memory by {growth} bytes");
}

#[test]
fn a_file_swapped_for_a_fifo_is_refused_without_blocking() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let shop = Installation::new("hostile-fifo");
    let args = shop.request_args(&["amount=100"]);
    assert!(sogen::request(&args, &sogen::SystemEnvironment).is_success());
    let fifo = shop.path("pathfile.fifo");
    let c = CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    std::fs::rename(&fifo, shop.pathfile()).unwrap();
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(sogen::request(&args, &sogen::SystemEnvironment).text);
    });
    // A bound on a hang, not a measure of speed: the call returns at once.
    let text = answer.recv_timeout(std::time::Duration::from_secs(60)).expect("the call returned");
    assert!(String::from_utf8_lossy(&text).contains("Error reading pathfile ("), "{}", String::from_utf8_lossy(&text));
}

#[test]
fn a_merchant_id_with_a_slash_names_no_file() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let shop = Installation::new("hostile-slash");
    let args = [shop.pathfile_arg(), b"merchant_id=/../../../../et".to_vec(), b"amount=100".to_vec()];
    let out = sogen::request(&args, &sogen::SystemEnvironment);
    let text = String::from_utf8_lossy(&out.text);
    assert!(text.contains("Error in call parameters structure (merchant_id (/../../../../et) not numeric)"), "{text}");
    let response = CString::new(format!("message={}", "0".repeat(40))).unwrap();
    let text = c_call(sogen_response, &[response.as_ptr()]);
    assert!(text.starts_with(b"!-1!"));
}

#[test]
fn pathfile_variables_cannot_grow_into_megabytes() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let shop = Installation::new("hostile-pathfile-growth");
    // Keys whose values name a key whose value names itself grow with every
    // expansion until the budget stops them: the work is bounded, and so is
    // what stays allocated.
    let mut pathfile = Vec::new();
    for key in ["D_LOGO", "F_DEFAULT", "F_PARAM", "F_CERTIFICATE", "F_CTYPE", "DEBUG", "API_VERSION"] {
        pathfile.extend_from_slice(format!("{key}!A!{key}  !\n").as_bytes());
    }
    pathfile.extend_from_slice(b"A! XD_LOGOCa!*A!A!\n");
    std::fs::write(shop.pathfile(), &pathfile).unwrap();
    let args = shop.request_args(&["amount=100"]);
    let (out, growth) = peak_growth(|| sogen::request(&args, &sogen::SystemEnvironment));
    assert!(!out.is_success());
    assert!(growth < 4 * MB, "reading the pathfile grew memory by {growth} bytes");
}

