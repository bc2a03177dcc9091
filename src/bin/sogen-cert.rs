//! Generates a merchant certificate in the legacy layout, with a fresh random
//! key matrix and the payment server URL of your choice (`--help`).

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::ExitCode::from(sogen::certgen::command::run("sogen-cert", &args))
}
