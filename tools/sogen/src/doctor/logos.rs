//! The card logos the payment form shows (`D_LOGO` + `NAME.gif`): when the
//! directory the web server serves is known, every logo the form asks for
//! must be in it (`sogen logos` writes them).

use super::catalogue as cat;
use super::{show, Doctor};
use crate::args;
use crate::core::inspect::{os_path, split_terminated, Field};
use std::path::{Path, PathBuf};

/// The logos the form of this configuration shows: one per payment means,
/// the padlock of block 2's header, the spacer between two logos of a block.
fn needed(d: &Doctor) -> Vec<String> {
    let means = d.setting(Field::PaymentMeans).unwrap_or_default();
    let pairs: Vec<(String, String)> =
        split_terminated(means, b',').chunks(2).filter(|p| p.len() == 2).map(|p| (show(p[0]), show(p[1]))).collect();
    let mut names: Vec<String> = pairs.iter().map(|(name, _)| name.clone()).filter(|n| !n.is_empty()).collect();
    let header = d.setting(Field::HeaderFlag).is_some_and(|h| h.eq_ignore_ascii_case(b"yes"));
    if header && pairs.iter().any(|(_, block)| block == "2") {
        names.push("CLEF".into());
    }
    let shared_block = pairs.iter().enumerate().any(|(i, (_, b))| pairs[..i].iter().any(|(_, other)| other == b));
    if shared_block {
        names.push("INTERVAL".into());
    }
    names.dedup();
    names
}

/// The directory served as D_LOGO: the option, else `logo/` beside the
/// pathfile or the D_LOGO path under the pathfile's directory.
fn directory(d: &Doctor, url: &str) -> Result<PathBuf, PathBuf> {
    if let Some(dir) = &d.opts.logo_dir {
        return Ok(dir.clone());
    }
    let base = os_path(&d.opts.pathfile).parent().unwrap_or(Path::new("")).to_path_buf();
    let beside = base.join("logo");
    let under = base.join(url.trim_start_matches('/'));
    let found = [&beside, &under].into_iter().find(|p| p.is_dir()).cloned();
    found.ok_or(beside)
}

pub(crate) fn check(d: &mut Doctor) {
    let Some(url) = d.paths.as_ref().and_then(|p| p.logo_url.clone()).map(|u| show(&u)) else { return };
    // An absolute URL is another server's business (the sandbox serves its own).
    if url.contains("://") || d.defaults.is_none() {
        return;
    }
    let dir = match directory(d, &url) {
        Ok(dir) => dir,
        Err(beside) => {
            let shown = beside.display().to_string();
            d.found(&cat::LOGOS_NOT_FOUND, format!("D_LOGO {url}"), args![url = &url, dir = shown]);
            return;
        }
    };
    let shown = dir.display().to_string();
    let needed = needed(d);
    let missing: Vec<&String> = needed.iter().filter(|n| !dir.join(format!("{n}.gif")).is_file()).collect();
    if missing.is_empty() {
        d.found(&cat::LOGOS_OK, &shown, args![dir = &shown, names = needed.join(", ")]);
    } else {
        let names = missing.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(" ");
        d.found(&cat::LOGOS_MISSING, &shown, args![dir = &shown, names = names]);
    }
}
