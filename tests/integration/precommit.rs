//! The shipped `.pre-commit-hooks.yaml`, run by the real `pre-commit`
//! tool (from PyPI) the way a repository using actionctl runs it:
//! `pre-commit try-repo` on a local git repository holding the hooks
//! file exactly as shipped, the built binary on PATH. Nothing reaches
//! the internet (`language: system` installs nothing).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::system_part;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=actionctl tests",
            "-c",
            "user.email=tests@invalid",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

/// A git repository holding only the shipped hooks file, committed.
fn hooks_repo(root: &Path) -> PathBuf {
    let repo = root.join("hooks");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::copy(
        common::root().join(".pre-commit-hooks.yaml"),
        repo.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "hooks"]);
    repo
}

/// A repository using actionctl: `files` under it, staged.
fn user_repo(root: &Path, files: &[(&str, &str)]) -> PathBuf {
    let repo = root.join("user");
    for (name, text) in files {
        let path = repo.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    repo
}

/// `pre-commit try-repo HOOKS HOOK --all-files` in `repo`, with the
/// built actionctl first on PATH and pre-commit's cache in `root`.
fn try_hook(root: &Path, hooks: &Path, repo: &Path, hook: &str) -> Output {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_actionctl"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut cmd = Command::new("pre-commit");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ACTIONCTL_") {
            cmd.env_remove(key);
        }
    }
    cmd.args(["try-repo"])
        .arg(hooks)
        .args([hook, "--all-files", "--color", "never"])
        .current_dir(repo)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", root.join("cache"))
        .env("ACTIONCTL_KEYCHAIN", "none")
        .output()
        .unwrap()
}

const GOOD: &str = "name: Order\ndescription: Looks up an order by its number.\nmethod: GET\nurl: https://api.example.invalid/orders/1\nmock:\n  status: 200\n  body: {status: shipped}\n";

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_shipped_hooks_pass_a_good_repository_and_stop_a_broken_one() {
    if !system_part(&["pre-commit", "git"], "ACTIONCTL_REQUIRE_PRE_COMMIT") {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let hooks = hooks_repo(root.path());
    let good = user_repo(root.path(), &[("actions/order.yaml", GOOD)]);
    for hook in ["actionctl-validate", "actionctl-test-mock"] {
        let output = try_hook(root.path(), &hooks, &good, hook);
        assert!(output.status.success(), "{hook}: {}", text(&output));
        assert!(
            text(&output).contains("Passed"),
            "{hook}: {}",
            text(&output)
        );
    }

    std::fs::write(
        good.join("actions/order.yaml"),
        GOOD.replace("method: GET", "method: GIT"),
    )
    .unwrap();
    git(&good, &["add", "-A"]);
    let output = try_hook(root.path(), &hooks, &good, "actionctl-validate");
    assert!(!output.status.success());
    let shown = text(&output);
    assert!(shown.contains("Failed"), "{shown}");
    assert!(
        shown.contains("actions/order.yaml:3:9: error:"),
        "the hook shows where: {shown}"
    );

    std::fs::write(
        good.join("actions/order.yaml"),
        GOOD.replace("status: 200", "status: 500"),
    )
    .unwrap();
    git(&good, &["add", "-A"]);
    let output = try_hook(root.path(), &hooks, &good, "actionctl-test-mock");
    assert!(!output.status.success());
    let shown = text(&output);
    assert!(shown.contains("FAIL action order"), "{shown}");
    assert!(shown.contains("0 passed, 1 failed"), "{shown}");
}

#[test]
fn the_hooks_run_only_when_actionctl_files_change() {
    if !system_part(&["pre-commit", "git"], "ACTIONCTL_REQUIRE_PRE_COMMIT") {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let hooks = hooks_repo(root.path());
    let repo = user_repo(root.path(), &[("README.md", "# not actions\n")]);
    let output = try_hook(root.path(), &hooks, &repo, "actionctl-validate");
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("(no files to check)Skipped"),
        "{}",
        text(&output)
    );
}
