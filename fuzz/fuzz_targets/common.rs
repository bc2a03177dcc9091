// Shared by the targets that call the entry points: the demo configuration
// (demo/pathfile names its files relative to the repository root).
#![allow(dead_code)]

use sogen::FixedEnvironment;
use std::sync::Once;

pub const ENV: FixedEnvironment = FixedEnvironment { now: 1_795_000_000, utc_offset: 3600, pid: 4242, api_version: None, tz: None };
pub const PATHFILE: &[u8] = b"pathfile=demo/pathfile";

/// Moves to the repository root once, so that demo/pathfile resolves.
pub fn at_repo_root() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repository root");
        std::env::set_current_dir(root).expect("cd to the repository root");
    });
}
