//! The C ABI from C: the checked-in header is the one cbindgen generates, and
//! a C program compiled against it and the shared library runs green.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn checked_in_header_is_current() {
    let generated = Path::new(env!("OUT_DIR")).join("sogen.h");
    let generated = std::fs::read_to_string(&generated).expect("build.rs generated the header");
    let checked_in = std::fs::read_to_string(manifest_dir().join("include/sogen.h")).unwrap_or_default();
    assert!(generated == checked_in, "include/sogen.h is stale: run `make header` and commit it");
}

/// The directory holding the shared library cargo built for this test run:
/// `cargo test` builds every crate type of the library into the directory of
/// the test binaries (`target/<profile>/deps`), so no prior build is needed.
fn library_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.parent().expect("target deps directory").to_path_buf()
}

/// Compiles `source` against include/ and libsogen.so; returns the program path.
fn compile_c(source: &Path, name: &str) -> PathBuf {
    let lib_dir = library_dir();
    assert!(lib_dir.join("libsogen.so").exists(), "cargo test built no libsogen.so in {}", lib_dir.display());
    let out_dir = lib_dir.join("c-tests");
    std::fs::create_dir_all(&out_dir).expect("c-tests directory");
    // Programs load the library by its SONAME, as an installed one would be.
    let soname = out_dir.join("libsogen.so.1");
    let _ = std::fs::remove_file(&soname);
    std::os::unix::fs::symlink(lib_dir.join("libsogen.so"), &soname).expect("libsogen.so.1 link");
    let program = out_dir.join(name);
    let status = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-g", "-o"])
        .arg(&program)
        .arg(source)
        .arg(format!("-I{}", manifest_dir().join("include").display()))
        .arg(format!("-L{}", lib_dir.display()))
        .arg(format!("-Wl,-rpath,{}", out_dir.display()))
        .arg("-lsogen")
        .status()
        .expect("a C compiler (cc) is installed");
    assert!(status.success(), "compiling {} failed", source.display());
    program
}

#[test]
fn c_program_drives_the_library() {
    // The demo pathfile names its files relative to the repository root.
    let program = compile_c(&manifest_dir().join("tests/c/ffi_test.c"), "ffi_test");
    let out = Command::new(&program)
        .arg("demo/pathfile")
        .current_dir(manifest_dir())
        .output()
        .expect("run the C test program");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "C test program failed:\n{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.lines().filter(|l| l.starts_with("ok ")).count() >= 9, "{stdout}");
}
