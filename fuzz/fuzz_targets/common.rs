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

/// The key file of the Sips 2.0 merchant the fuzz targets use.
pub const KEY_FILE: &str = "SIPS_VERSION!2!\nSECRET_KEY!fuzz-secret-key-0001!\nKEY_VERSION!1!\n\
                            PAYMENT_URL!http://127.0.0.1:8090/paymentInit!\n";

/// `pathfile=…` of a Sips 2.0 merchant 000000000000002 laid out once.
pub fn sips2_shop() -> Vec<u8> {
    static SHOP: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    SHOP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sogen-fuzz-sips2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("fuzz directory");
        std::fs::write(dir.join("certif.fr.000000000000002.php"), KEY_FILE).expect("key file");
        let d = dir.display();
        let pathfile = format!(
            "D_LOGO!/logo/!\nF_DEFAULT!{d}/parmcom!\nF_PARAM!{d}/parmcom!\nF_CERTIFICATE!{d}/certif!\nF_CTYPE!php!\n"
        );
        std::fs::write(dir.join("pathfile"), pathfile).expect("pathfile");
        format!("pathfile={d}/pathfile").into_bytes()
    })
    .clone()
}
