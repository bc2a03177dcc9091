//! A damaged message costs what a sound message of the same size costs.
//!
//! The legacy `response` registered where each record starts and read the
//! values once the container was walked. Copying each value when its record
//! is met instead costs the rest of the container per record: with
//! overlapping records of a negative length (`024-001` repeated), a 21.5 KB
//! message made the reader copy megabytes. The allocations of a call are
//! counted here (not its time): they must stay within a small factor of a
//! sound message's.

use sogen::internals::wire::{armor, hex, received};
use sogen::testkit::Installation;
use sogen::FixedEnvironment;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes every allocation asks for.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes to the system allocator with the same arguments.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated while `f` runs (this binary has one test: no other thread allocates).
fn allocated<T>(f: impl FnOnce() -> T) -> usize {
    let before = ALLOCATED.load(Ordering::Relaxed);
    drop(f());
    ALLOCATED.load(Ordering::Relaxed) - before
}

/// A message around `body`: container header, armor, hex and a MAC that
/// does not match.
fn message(body: &[u8]) -> Vec<u8> {
    let mut plain = format!("\x01\x02{:06}34000", 13 + body.len()).into_bytes();
    plain.extend_from_slice(body);
    let mut text = hex::encode_lower(&armor::encode(&plain));
    text.extend_from_slice(b"0123456789abcdef");
    text
}

/// The longest message `response` reads (21 503 characters) made of `unit` repeated.
fn longest(unit: &[u8]) -> Vec<u8> {
    let fits = |n: usize| message(&unit.repeat(n)).len() <= 21_503;
    let n = (1..).find(|&n| !fits(n)).expect("a limit") - 1;
    message(&unit.repeat(n))
}

#[test]
fn overlapping_records_cost_what_sound_ones_do() {
    // Records `024-001`: each one's value runs to the end of the data until
    // the next record's NUL ends it.
    let damaged = longest(b"024-001");
    // Sound records, as many bytes.
    let sound = longest(b"0240002xy\n");
    assert!(damaged.len() > 21_400 && sound.len() > 21_400);
    let container = received::decode_message(&damaged).expect("the legacy read it");
    assert_eq!(container.records().map(|(c, v)| (c, v.len())).collect::<Vec<_>>(), vec![(24, 0)]);
    let (damaged_bytes, sound_bytes) =
        (allocated(|| received::decode_message(&damaged)), allocated(|| received::decode_message(&sound)));
    assert!(damaged_bytes <= 2 * sound_bytes, "decoding: {damaged_bytes} bytes against {sound_bytes}");

    // The whole call, with a merchant installation.
    let installation = Installation::new("damaged");
    let env = FixedEnvironment { now: 1_795_000_000, utc_offset: 0, pid: 1, api_version: None, tz: None };
    let call = |m: &[u8]| {
        let args = [installation.pathfile_arg(), [b"message=".as_slice(), m].concat()];
        allocated(|| sogen::response(&args, &env))
    };
    call(&sound); // the configuration is cached by the first call
    let (damaged_bytes, sound_bytes) = (call(&damaged), call(&sound));
    assert!(damaged_bytes <= 2 * sound_bytes, "response: {damaged_bytes} bytes against {sound_bytes}");
}
