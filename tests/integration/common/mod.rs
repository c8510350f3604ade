//! Shared helpers for the integration tests: the binary with a clean
//! environment, and paths to fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub(crate) mod encodings;
pub(crate) mod server;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file under tests/fixtures.
pub(crate) fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// `actionctl` run from the repository root with no inherited
/// ACTIONCTL_* or color variables, so results do not depend on the shell.
pub(crate) fn actionctl() -> Command {
    let mut cmd = Command::cargo_bin("actionctl").expect("binary builds");
    cmd.current_dir(root());
    cmd.env("ACTIONCTL_KEYCHAIN", "none");
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("ACTIONCTL_") || key == "NO_COLOR" || key == "CLICOLOR_FORCE" {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// `actionctl` run inside `dir` (for temporary action folders).
pub(crate) fn actionctl_in(dir: &Path) -> Command {
    let mut cmd = actionctl();
    cmd.current_dir(dir);
    cmd
}

/// Whether every program in `programs` is on PATH, for tests that need a
/// system part. A missing one skips the test with a notice on the real
/// stderr (libtest captures `eprintln!`, not direct writes), unless the
/// variable `require` is set to `1`, as `.ci/run` does: then the test
/// fails, so CI proves the real part instead of skipping it.
pub(crate) fn system_part(programs: &[&str], require: &str) -> bool {
    let missing: Vec<&str> = programs.iter().copied().filter(|p| !on_path(p)).collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var(require).as_deref() == Ok("1") {
        panic!("{require}=1 but {} not installed", missing.join(", "));
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "notice: skipping {}: {} not installed (set {require}=1 to make this a failure)",
        std::thread::current().name().unwrap_or("a test"),
        missing.join(", ")
    );
    false
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Parses stdout as JSON.
pub(crate) fn stdout_json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}
