//! Reading the configuration files as the executables do, and the FAQ 11–12
//! check of the `request` / `response` executables.

use super::{t, Doctor, Severity};
use sogen::inspect::{os_path, FileError};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

/// A file's content with the core's classification of failures (missing vs
/// permission denied), directories reading as empty files as with `fgets`.
pub(crate) fn read(path: &[u8]) -> Result<Arc<Vec<u8>>, FileError> {
    sogen::inspect::read_file(path)
}

pub(crate) fn is_dir(path: &[u8]) -> bool {
    std::fs::metadata(os_path(path)).is_ok_and(|m| m.is_dir())
}

/// The file mode's permission bits, if the file exists.
pub(crate) fn mode(path: &[u8]) -> Option<u32> {
    std::fs::metadata(os_path(path)).ok().map(|m| m.permissions().mode() & 0o7777)
}

/// The names in the directory of `prefix` that start with its last component.
pub(crate) fn siblings(prefix: &[u8]) -> Vec<String> {
    let p = os_path(prefix);
    let (dir, base) = match (p.parent(), p.file_name()) {
        (Some(d), Some(b)) => (if d.as_os_str().is_empty() { Path::new(".") } else { d }, b.to_string_lossy()),
        _ => return Vec::new(),
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&format!("{base}.")))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// FAQ 11 and 12: the executables the shop's scripts run must exist, be
/// executable and answer. Their answer to an empty argument list is compared
/// with the library's (the legacy binaries answer the same).
pub(crate) fn check_executables(d: &mut Doctor, dir: &Path) {
    for (name, faq) in [("request", 11), ("response", 12)] {
        let path = dir.join(name);
        let shown = path.display().to_string();
        let fix = t(
            format!("Check the path the script runs ($path_bin) and `chmod 755 {shown}`; run it by hand: `{shown}` must print a result line."),
            format!("Vérifiez le chemin lancé par le script ($path_bin) et `chmod 755 {shown}` ; lancez-le à la main : `{shown}` doit afficher une ligne de résultat."),
        );
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                d.add(
                    Severity::Error,
                    "executables",
                    &shown,
                    t(
                        format!("the {name} executable cannot be found: {e}"),
                        format!("l'exécutable {name} est introuvable : {e}"),
                    ),
                    None,
                    Some(faq),
                    Some(fix),
                );
                continue;
            }
        };
        if !meta.is_file() || meta.permissions().mode() & 0o111 == 0 {
            d.add(
                Severity::Error,
                "executables",
                &shown,
                t(format!("{name} is not an executable file"), format!("{name} n'est pas un fichier exécutable")),
                None,
                Some(faq),
                Some(fix),
            );
            continue;
        }
        let expected = if name == "request" {
            sogen::request::<&str>(&[], &sogen::SystemEnvironment)
        } else {
            sogen::response::<&str>(&[], &sogen::SystemEnvironment)
        };
        match std::process::Command::new(&path).output() {
            Ok(out) if out.stdout == expected.text && out.status.code() == Some(expected.exit_code) => {
                d.ok("executables", &shown, t(format!("{name} runs and answers"), format!("{name} se lance et répond")));
            }
            Ok(out) => d.add(
                Severity::Warning,
                "executables",
                &shown,
                t(
                    format!(
                        "{name} runs but does not answer like the legacy executable (exit {:?}, printed {:?})",
                        out.status.code(),
                        String::from_utf8_lossy(&out.stdout)
                    ),
                    format!("{name} se lance mais ne répond pas comme l'exécutable d'origine"),
                ),
                None,
                Some(faq),
                Some(t(
                    "Install the request/response executables built from libsogen (make release, target/release/).",
                    "Installez les exécutables request/response construits avec libsogen (make release, target/release/).",
                )),
            ),
            Err(e) => d.add(
                Severity::Error,
                "executables",
                &shown,
                t(format!("{name} cannot be run: {e}"), format!("{name} ne peut pas être lancé : {e}")),
                None,
                Some(faq),
                Some(fix),
            ),
        }
    }
}
