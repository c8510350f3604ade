//! Shared helpers for the integration tests: the binary with a clean
//! environment, and paths to fixtures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod encodings;
pub mod server;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// `actionctl` run from the repository root with no inherited
/// ACTIONCTL_* or color variables, so results do not depend on the shell.
pub fn actionctl() -> Command {
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
pub fn actionctl_in(dir: &Path) -> Command {
    let mut cmd = actionctl();
    cmd.current_dir(dir);
    cmd
}

/// Parses stdout as JSON.
pub fn stdout_json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}
