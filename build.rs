//! Generates the C header from src/ffi.rs into OUT_DIR; a test compares it with
//! the checked-in include/sogen.h so that a stale header fails the build's tests.

fn main() {
    // The C library's ABI version: `make install` adds libsogen.so.1 links.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsogen.so.1");
    println!("cargo:rerun-if-changed=src/ffi.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let crate_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("sogen.h");
    let config = cbindgen::Config::from_file(format!("{crate_dir}/cbindgen.toml")).expect("valid cbindgen.toml");
    match cbindgen::Builder::new().with_crate(&crate_dir).with_config(config).generate() {
        Ok(bindings) => {
            bindings.write_to_file(&out);
        }
        // A syntax error elsewhere is reported by rustc itself; keep going.
        Err(e) => println!("cargo:warning=cbindgen: {e}"),
    }
}
