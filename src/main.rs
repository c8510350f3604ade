//! The `actionctl` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    actionctl::cli::main()
}
