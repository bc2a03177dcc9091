//! Replays every recorded case of ../shared/corpus once, in each kit version
//! it was recorded with: through the library with the recorded clock and pid
//! (byte for byte, DATA and MAC included), and through the built `request`
//! and `response` executables (exit status and everything that does not
//! depend on the real clock), the version set by `SOGEN_API_VERSION` as a
//! shop without an `API_VERSION` pathfile line would.
//!
//! A case whose recording shows a legacy memory-safety bug carries the clean
//! answer (`expected_clean`), or for a crash the start of a well-formed error
//! (`expected_clean_prefix`); a crash without one must give a well-formed
//! error. Cases left out of the byte comparison say why in [`left_out`].

mod support;

use support::{corners, describe_difference, load_cases, normalize, run_library, Case, Layout};

/// The corpus files and the version each was recorded with.
const FILES: [(&str, Option<&str>); 4] =
    [("legacy.jsonl", None), ("response.jsonl", None), ("p617.jsonl", Some("P617")), ("p600.jsonl", Some("P600"))];

fn corpus() -> Option<Vec<(Case, Option<&'static str>)>> {
    let Some(shared) = support::shared_dir() else {
        support::skip_notice("corpus");
        return None;
    };
    let mut all = Vec::new();
    for (file, version) in FILES {
        all.extend(load_cases(&shared, file).into_iter().map(|c| (c, version)));
    }
    give_clean_answers(&mut all);
    Some(all)
}

/// The P617 and P600 files hold the P615 inputs recorded on those
/// executables, without the clean answers the P615 files carry where the
/// legacy output shows a memory-safety bug. P617's response is P615's, and a
/// request error is the same in both (no DATA; DEBUG aside, which prints the
/// version): such a case takes its P615 twin's clean answer.
fn give_clean_answers(all: &mut [(Case, Option<&'static str>)]) {
    let twins: std::collections::HashMap<String, Case> =
        all.iter().filter(|(_, v)| v.is_none()).map(|(c, _)| (c.name.clone(), c.clone())).collect();
    for (case, version) in all.iter_mut().filter(|(_, v)| v.is_some()) {
        let Some(twin) = twins.get(case.name.trim_end_matches("__noext")) else { continue };
        case.twin_shows_memory_bug = twin.expected_clean.is_some();
        if twin.expected_clean_prefix.is_some() {
            case.expected_clean_prefix = twin.expected_clean_prefix.clone();
        }
        let version_free =
            |c: &&Vec<u8>| case.binary == "response" || c.starts_with(b"!-1!") && !contains(c, b"DEBUG MODE");
        if let (Some(clean), Some("P617")) = (twin.expected_clean.as_ref().filter(version_free), *version) {
            case.expected_clean = Some(clean.clone());
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Spill-overs whose clean answer no recording shows: the legacy reports
/// another field than the one that overflowed (the no-spill-over divergence).
const SPILL_NAMING_ANOTHER_FIELD: [(&str, &str); 3] = [
    ("vp_parm_line_256", "a 247-byte ADVERT overflows into merchant_language, which the legacy reports instead"),
    (
        "req_len_parm_currency_over",
        "CURRENCY!1111! empties merchant_country in the legacy, which then names a certificate without country",
    ),
    (
        "req_len_parm_currency_over__noext",
        "CURRENCY!1111! empties merchant_country in the legacy, which then names a certificate without country",
    ),
];

/// Corner cases where libsogen deliberately answers otherwise
/// (docs/compatibility.md; tests/divergences.rs checks its answers).
const DELIBERATE: [(&str, &str); 16] = [
    (
        "pf_value_183_next_key_missing",
        "a pathfile value filling the legacy's 184-byte buffer emptied its key table; no limit here",
    ),
    ("pf_dev_null", "a device as pathfile is refused; the legacy read /dev/null as an empty file"),
    ("resp_pf_dev_null", "a device as pathfile is refused; the legacy read /dev/null as an empty file"),
    ("cert_hdr_expired_9_spills_into_version", "a header value longer than its slot spilled into the next ones"),
    ("cert_hdr_version_before_expired_9", "a header value longer than its slot spilled into the next ones"),
    ("cert_hdr_version_6_clears_type", "a header value longer than its slot spilled into the next ones"),
    ("cert_hdr_version_6_after_type_line", "a header value longer than its slot spilled into the next ones"),
    ("cert_hdr_version_12_clears_merchant_id", "a header value longer than its slot spilled into the next ones"),
    ("req_tcond_40_then_tid", "transaction_condition= spilled into payment_means"),
    ("req_tcond_23_then_tid", "transaction_condition= spilled into payment_means"),
    ("req_tcond_tail_is_means", "transaction_condition= spilled into payment_means"),
    ("resp_first_record_negative_length", "an over-long merchant_id is refused before any certificate path is built"),
    (
        "resp_msg_len_21517_msg_first",
        "a message over 21 503 characters overwrote the legacy's argument loop; its head is read here",
    ),
    (
        "resp_msg_len_40000_msg_first",
        "a message over 21 503 characters overwrote the legacy's argument loop; its head is read here",
    ),
    (
        "resp_tid_high_bytes_key_outside_matrix",
        "bytes >= 0x80 made the legacy read its MAC key outside the matrix (layout-dependent)",
    ),
    (
        "resp_108_customer_id_nonhex_nondeterministic",
        "the legacy deciphered a damaged customer_id from uninitialised memory",
    ),
];

/// Why a case is not compared byte for byte (`None`: it is).
fn left_out(case: &Case) -> Option<&'static str> {
    if let Some((_, why)) = DELIBERATE.iter().find(|(n, _)| *n == case.name) {
        return Some(why);
    }
    if case.uninitialised {
        return Some("the legacy output shows memory it never initialised");
    }
    if let Some((_, why)) = SPILL_NAMING_ANOTHER_FIELD.iter().find(|(n, _)| *n == case.name) {
        if case.expected_clean.is_none() {
            return Some(why);
        }
    }
    if case.host_libc_dependent {
        return Some(
            "the P600 executable's output depended on the C library it ran with (an overlapping strcpy in \
             its pathfile reader); libsogen follows the documented algorithm, which the executable also gives \
             with a copy that tolerates the overlap",
        );
    }
    None
}

/// Whether the difference between libsogen's answer and the recorded one is
/// a documented memory-safety divergence: a value spilling into its
/// neighbours in the legacy's fixed-size slots. Checked narrowly: a request
/// must print the same error with the legacy's value longer by the spilled
/// bytes; a response the same head (code and error), for an error naming a
/// value over its maximum, a customer_id long enough to clobber
/// customer_email in the legacy, or an input whose P615 recording shows the
/// same kind of spill.
fn spill_over(case: &Case, ours: &[u8], legacy: &[u8], outcome: Option<&sogen::Outcome>) -> bool {
    if case.binary == "request" {
        return request_spill(ours, legacy);
    }
    let (Some(outcome), true) = (outcome, response_head(ours) == response_head(legacy)) else { return false };
    let over_maximum = error_detail(ours).is_some_and(|d| {
        d.starts_with(b"Error in the response structure")
            || outcome.fields().any(|(n, _)| d.trim_ascii_end() == n.as_bytes())
    });
    let len = |name: &str| outcome.field(name).map_or(0, <[u8]>::len);
    // Three values the legacy never checked overflow silently.
    let unchecked = len("cvv_flag") > 1 || len("cvv_response_code") > 2 || len("bank_response_code") > 2;
    over_maximum || unchecked || len("customer_id") >= 17 || case.twin_shows_memory_bug
}

/// Everything up to the values: the code and the error block or DEBUG.
fn response_head(text: &[u8]) -> &[u8] {
    let end = text.windows(6).rposition(|w| w == b"</DIV>").map_or(3, |i| i + 6);
    &text[..end.min(text.len())]
}

/// `(<field> (<value>) too long)` where the legacy's value is ours followed
/// by a neighbour's bytes; everything else identical.
fn request_spill(ours: &[u8], legacy: &[u8]) -> bool {
    let (Some((os, oe)), Some((ls, le))) = (detail_span(ours), detail_span(legacy)) else { return false };
    let (o, l) = (&ours[os..oe], &legacy[ls..le]);
    let (Some(o_value), Some(l_value)) = (o.strip_suffix(b") too long"), l.strip_suffix(b") too long")) else {
        return false;
    };
    os == ls
        && ours[..os] == legacy[..ls]
        && ours[oe..] == legacy[le..]
        && l_value.len() > o_value.len()
        && l_value.starts_with(o_value)
}

/// Where the text inside the error block's parentheses lies.
fn detail_span(text: &[u8]) -> Option<(usize, usize)> {
    let end = text.windows(6).position(|w| w == b") </TD")?;
    let start = text[..end].windows(2).position(|w| w == b" (")? + 2;
    Some((start, end))
}

/// The error block's message with its detail, if any.
fn error_detail(text: &[u8]) -> Option<&[u8]> {
    let end = text.windows(6).position(|w| w == b") </TD")?;
    let start = text[..end].windows(8).rposition(|w| w == b"<TR><TD>")? + 8;
    Some(&text[start..end])
}

/// What the case must give: `Err` describes a mismatch. `outcome` is the
/// library's structured answer when `got` is its text.
fn judge(
    case: &Case,
    layout: &Layout,
    got: &[u8],
    exit: i32,
    clock_free: bool,
    outcome: Option<&sogen::Outcome>,
) -> Result<(), String> {
    if let Some(prefix) = &case.expected_clean_prefix {
        return well_formed_error(case, got, exit, Some(&layout.substitute(prefix)));
    }
    // A legacy crash or hang has no output to compare with.
    if (case.undefined_behaviour || case.timeout) && case.expected_clean.is_none() {
        return well_formed_error(case, got, exit, None);
    }
    let want = layout.substitute(case.wanted());
    let (got, want) =
        if clock_free { (clock_independent(case, got), clock_independent(case, &want)) } else { (got.to_vec(), want) };
    if exit != case.exit {
        Err(format!("case {}: exit {exit} instead of {}", case.name, case.exit))
    } else if got != want && !(case.expected_clean.is_none() && spill_over(case, &got, &want, outcome)) {
        Err(describe_difference(&case.name, &got, &want))
    } else {
        Ok(())
    }
}

/// A crash of the legacy must be a well-formed `!-1!` result here: the
/// error block, then `!!` (request) or the empty values (response). Where
/// libsogen has no such limit (prefix `!0!`), a success.
fn well_formed_error(case: &Case, got: &[u8], exit: i32, prefix: Option<&[u8]>) -> Result<(), String> {
    let starts = prefix.map_or(got.starts_with(b"!-1!"), |p| got.starts_with(p));
    let framed = match case.binary.as_str() {
        _ if prefix.is_some_and(|p| p.starts_with(b"!0!")) => true,
        "request" => got.ends_with(b"!!"),
        _ => got.iter().filter(|&&b| b == b'!').count() >= 32,
    };
    if starts && framed && exit == 0 {
        return Ok(());
    }
    Err(format!(
        "case {}: wanted a well-formed error{}, got exit {exit}: {:?}",
        case.name,
        prefix.map(|p| format!(" starting {:?}", String::from_utf8_lossy(p))).unwrap_or_default(),
        String::from_utf8_lossy(&got[..got.len().min(300)])
    ))
}

/// Normalises what the executable's real clock changes.
fn clock_independent(case: &Case, text: &[u8]) -> Vec<u8> {
    let out = normalize(text);
    if !case.volatile.iter().any(|v| v == "auto_transaction_id") {
        return out;
    }
    // The automatic transaction id is the local hhmmss of the run.
    let mut fixed = Vec::new();
    let mut rest = &out[..];
    while let Some(i) = rest.windows(16).position(|w| w == b"TRANSACTION_ID (") {
        let start = i + 16;
        fixed.extend_from_slice(&rest[..start]);
        let digits = rest[start..].iter().take_while(|b| b.is_ascii_digit()).count();
        fixed.extend_from_slice(if digits == 6 { b"{AUTO}" } else { &rest[start..start + digits] });
        rest = &rest[start + digits..];
    }
    fixed.extend_from_slice(rest);
    fixed
}

/// Two recorded cases show the legacy `customer_email` overwrite (a
/// memory-safety divergence) but carry no `expected_clean`: a clear
/// customer_id of 20+ characters spilled `customer_id[20..]` into
/// customer_email, and a deciphered one of 17–19 characters emptied it.
/// libsogen keeps the received e-mail; for these cases the replay checks that
/// (1) the e-mail printed is the one the message carries (decoded
/// independently, with the strict decoder) and (2) putting back the legacy
/// overwrite yields the recorded output exactly.
const LEGACY_EMAIL_OVERWRITE: [&str; 2] = ["resp_customer_id_9_chars", "rv_pub_old_accepted_uppercase"];

fn shows_email_overwrite(case: &Case) -> bool {
    LEGACY_EMAIL_OVERWRITE.contains(&case.name.trim_end_matches("__noext"))
}

fn with_legacy_email_overwrite(outcome: &sogen::Outcome, message: &[u8]) -> Option<Vec<u8>> {
    use sogen::internals::wire::{armor, hex, nlv};
    let value = |name: &str| outcome.field(name).unwrap_or_default().to_vec();
    let text = &message[..message.len() - 16];
    let plain = armor::decode(&hex::decode(text).or_else(|| hex::decode(&text.to_ascii_lowercase()))?)?;
    let records = nlv::decode(&plain).ok()?;
    let received_email = records.iter().rev().find(|r| r.code == 30).map(|r| r.value.clone()).unwrap_or_default();
    if value("customer_email") != received_email {
        return None; // not the printed e-mail: compared as it is, and reported if it differs
    }
    let ciphered = records.iter().any(|r| r.code == 108 && !r.value.is_empty());
    let cid = value("customer_id");
    let legacy_email = match (ciphered, cid.len()) {
        (false, n) if n >= 20 => cid[20..].to_vec(),
        (true, 17..=19) => Vec::new(),
        _ => return None,
    };
    let values_len: usize = outcome.fields().map(|(_, v)| v.len() + 1).sum();
    let mut out = outcome.text[..outcome.text.len() - values_len].to_vec();
    for (name, v) in outcome.fields() {
        out.push(b'!');
        out.extend_from_slice(if name == "customer_email" { &legacy_email } else { v });
    }
    Some(out)
}

/// The library's text for `case`, with the legacy overwrite put back where
/// the case shows it.
fn library_text(case: &Case, out: &sogen::Outcome, layout: &Layout) -> Vec<u8> {
    if !shows_email_overwrite(case) {
        return out.text.clone();
    }
    let args: Vec<Vec<u8>> = case.args.iter().map(|a| layout.substitute(a)).collect();
    let message = args.iter().find_map(|a| a.strip_prefix(b"message=")).expect("message argument");
    with_legacy_email_overwrite(out, message).unwrap_or_else(|| out.text.clone())
}

/// Replays `cases` through the library: the number replayed, the failures
/// and the cases left out (with why).
fn replay_library(cases: &[(Case, Option<&'static str>)]) -> (usize, Vec<String>, Vec<String>) {
    let (mut failures, mut replayed, mut skipped) = (Vec::new(), 0, Vec::new());
    for (case, version) in cases {
        if let Some(reason) = left_out(case) {
            skipped.push(format!("{} ({}): {reason}", case.name, version.unwrap_or("P615")));
            continue;
        }
        if case.run_as_uid.is_some() {
            continue; // the library runs with this process's uid: replayed through the executable
        }
        let layout = Layout::new(case);
        let out = run_library(case, &layout, *version);
        replayed += 1;
        if let Err(f) = judge(case, &layout, &library_text(case, &out, &layout), out.exit_code, false, Some(&out)) {
            failures.push(format!("[{}] {f}", version.unwrap_or("P615")));
        }
    }
    (replayed, failures, skipped)
}

/// Runs `cases` through the built executables; returns the failures.
fn replay_executables(cases: &[(Case, Option<&'static str>)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (case, version) in cases {
        if left_out(case).is_some() {
            continue;
        }
        let exe = if case.binary == "request" { env!("CARGO_BIN_EXE_request") } else { env!("CARGO_BIN_EXE_response") };
        let layout = Layout::new(case);
        let Some(out) = support::run_executable(exe, case, &layout, *version) else { continue };
        if shows_email_overwrite(case) {
            // Checked in detail by the library replay; here: the library's text.
            let lib = run_library(case, &layout, *version);
            if normalize(&lib.text) != normalize(&out.stdout) {
                failures.push(describe_difference(&case.name, &out.stdout, &lib.text));
            }
            continue;
        }
        let exit = out.status.code().unwrap_or(-1);
        let lib = || run_library(case, &layout, *version);
        // A divergence is judged on the library's answer; the executable must give the same.
        if judge(case, &layout, &out.stdout, exit, true, None).is_err()
            && normalize(&lib().text) == normalize(&out.stdout)
            && judge(case, &layout, &library_text(case, &lib(), &layout), exit, false, Some(&lib())).is_ok()
        {
            continue;
        }
        if let Err(f) = judge(case, &layout, &out.stdout, exit, true, None) {
            failures.push(format!("[{}] {f}", version.unwrap_or("P615")));
        } else if !out.stderr.is_empty() {
            failures.push(format!("case {}: wrote to stderr: {}", case.name, String::from_utf8_lossy(&out.stderr)));
        }
    }
    failures
}

#[test]
fn library_replays_every_case_exactly() {
    let Some(cases) = corpus() else { return };
    let (replayed, failures, skipped) = replay_library(&cases);
    eprintln!("corpus: {replayed} cases replayed through the library; left out:\n  {}", skipped.join("\n  "));
    assert!(replayed > 2500, "only {replayed} cases replayed");
    assert!(failures.is_empty(), "{} of {replayed} cases differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn executables_match_every_case_but_the_clock() {
    let Some(cases) = corpus() else { return };
    let failures = replay_executables(&cases);
    assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn library_replays_the_corner_cases() {
    let cases = corners();
    let (replayed, failures, skipped) = replay_library(&cases);
    eprintln!("corners: {replayed} cases replayed through the library; left out:\n  {}", skipped.join("\n  "));
    assert_eq!(replayed + skipped.len(), cases.len());
    assert!(replayed >= 59, "only {replayed} of {} corner cases replayed", cases.len());
    assert!(failures.is_empty(), "{} of {replayed} cases differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn executables_match_the_corner_cases() {
    let failures = replay_executables(&corners());
    assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
}
