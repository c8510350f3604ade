//! Secrets in a real OS keychain: the freedesktop Secret Service of
//! gnome-keyring, on a private D-Bus session started by the test, with a
//! throwaway HOME. Nothing here touches the developer's own keyring.
//!
//! Needs `dbus-daemon` and `gnome-keyring-daemon`. Where they are not
//! installed these tests skip with a notice, so `cargo test` passes on a
//! machine with only a Rust toolchain; `.ci/run` installs both and sets
//! ACTIONCTL_REQUIRE_SECRET_SERVICE=1, which turns a skip into a failure.
//! ACTIONCTL_TEST_NO_SECRET_SERVICE=1 leaves them out on purpose.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use common::server::{Reply, TestServer};
use common::{actionctl, stdout_json};
use predicates::prelude::*;
use serde_json::json;

const SECRET: &str = "ss-Zq9mTT3rGpX2vW7y/+=";

/// A private session bus with an unlocked gnome-keyring on it.
struct SecretService {
    bus: Child,
    keyring: Child,
    address: String,
    home: tempfile::TempDir,
}

impl SecretService {
    fn start() -> Option<Self> {
        if std::env::var_os("ACTIONCTL_TEST_NO_SECRET_SERVICE").is_some()
            || !common::system_part(
                &["dbus-daemon", "gnome-keyring-daemon"],
                "ACTIONCTL_REQUIRE_SECRET_SERVICE",
            )
        {
            return None;
        }
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one_at_a_time = STARTING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // gnome-keyring occasionally comes up without a usable default
        // collection (every write answers "prompt dismissed"); a fresh
        // daemon does not share that state, so start again a few times.
        let mut last = String::new();
        for _ in 0..4 {
            let service = Self::launch();
            match service.wait_until_ready() {
                Ok(()) => return Some(service),
                Err(why) => last = why,
            }
        }
        panic!("gnome-keyring did not come up on the private bus after 4 starts: {last}");
    }

    fn launch() -> Self {
        let home = tempfile::tempdir().unwrap();
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_RUNTIME_DIR", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon starts");
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"test-keyring-password").unwrap();
        drop(stdin);
        Self {
            bus,
            keyring,
            address,
            home,
        }
    }

    fn wait_until_ready(&self) -> Result<(), String> {
        let login = self.home.path().join(".local/share/keyrings/login.keyring");
        for _ in 0..200 {
            if login.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if !login.exists() {
            return Err("no login keyring was created".into());
        }
        let mut last = String::new();
        for _ in 0..60 {
            let stored = self
                .actionctl()
                .args(["secret", "set", "readiness-probe"])
                .write_stdin("probe-value")
                .output()
                .unwrap();
            if stored.status.success() {
                let removed = self
                    .actionctl()
                    .args(["secret", "rm", "readiness-probe"])
                    .output()
                    .unwrap();
                assert!(removed.status.success());
                return Ok(());
            }
            last = String::from_utf8_lossy(&stored.stderr).into_owned();
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(last)
    }

    /// actionctl talking to this Secret Service only.
    fn actionctl(&self) -> assert_cmd::Command {
        let mut cmd = actionctl();
        cmd.env("ACTIONCTL_KEYCHAIN", "secret-service")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", self.home.path())
            .env("XDG_RUNTIME_DIR", self.home.path());
        cmd
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

fn assert_no_secret(output: &std::process::Output) {
    let all = String::from_utf8_lossy(&[output.stdout.clone(), output.stderr.clone()].concat())
        .into_owned();
    assert!(!all.contains(SECRET), "secret leaked:\n{all}");
}

#[test]
fn set_list_resolve_and_remove_through_the_secret_service() {
    let Some(ss) = SecretService::start() else {
        return;
    };

    let out = ss
        .actionctl()
        .args(["secret", "set", "company-api"])
        .write_stdin(format!("{SECRET}\n"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "stored secret company-api in the Secret Service (service actionctl)\n"
    );

    let out = ss
        .actionctl()
        .args(["secret", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_no_secret(&out);
    let list = stdout_json(&out);
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "company-api")
        .unwrap();
    assert_eq!(entry["set"], true);
    assert_eq!(entry["source"], "the Secret Service (service actionctl)");
    assert_eq!(entry["actions"], json!(["lookup-order", "verify-customer"]));

    let out = ss
        .actionctl()
        .args([
            "dry-run",
            "lookup-order",
            "--var",
            "order_number=1",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("secret company-api: resolved from the Secret Service")
    );

    let server =
        TestServer::start(|r| Reply::json(200, json!({"echo": r.header("authorization")})));
    let out = ss
        .actionctl()
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=1",
            "--base-url",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_no_secret(&out);
    assert_eq!(
        server.single().header("authorization"),
        Some(format!("Bearer {SECRET}").as_str())
    );

    ss.actionctl()
        .args(["secret", "rm", "company-api"])
        .assert()
        .success()
        .stderr("removed secret company-api from the Secret Service (service actionctl)\n");
    ss.actionctl()
        .args(["secret", "rm", "company-api"])
        .assert()
        .success()
        .stderr("secret company-api was not in the Secret Service (service actionctl); nothing to remove\n");
    ss.actionctl()
        .args(["dry-run", "lookup-order", "--var", "order_number=1"])
        .assert()
        .code(4)
        .stderr(
            "error: missing secret `company-api` used by action `lookup-order`: run `actionctl secret set company-api` or set the environment variable ACTIONCTL_SECRET_COMPANY_API\n",
        );
}

#[test]
fn profiles_keep_keys_apart() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    for (profile, value) in [(None, "prod-key-111"), (Some("staging"), "staging-key-222")] {
        let mut cmd = ss.actionctl();
        if let Some(p) = profile {
            cmd.args(["--profile", p]);
        }
        cmd.args(["secret", "set", "inventory-api"])
            .write_stdin(value)
            .assert()
            .success();
    }
    let server = TestServer::start(|r| {
        Reply::json(200, json!({"key_len": r.header("x-api-key").map(str::len)}))
    });
    ss.actionctl()
        .args([
            "--profile",
            "staging",
            "test",
            "check-inventory",
            "--var",
            "sku=P-1",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("staging-key-222").not());
    ss.actionctl()
        .args([
            "test",
            "check-inventory",
            "--var",
            "sku=P-1",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
    let keys: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("x-api-key").unwrap().to_string())
        .collect();
    assert_eq!(keys, vec!["staging-key-222", "prod-key-111"]);
    ss.actionctl()
        .args(["secret", "rm", "inventory-api"])
        .assert()
        .success();
    ss.actionctl()
        .args(["--profile", "staging", "secret", "rm", "inventory-api"])
        .assert()
        .success();
}

#[test]
fn the_hidden_prompt_does_not_echo() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    command
        .args(["secret", "set", "zendesk-api"])
        .env("ACTIONCTL_KEYCHAIN", "secret-service")
        .env("DBUS_SESSION_BUS_ADDRESS", &ss.address)
        .env("HOME", ss.home.path())
        .env("XDG_RUNTIME_DIR", ss.home.path())
        .env("NO_COLOR", "1");
    let mut session = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
    session.exp_string("Value for secret zendesk-api").unwrap();
    // Let the prompt turn echo off first; keys typed before that would be
    // echoed by the terminal itself, not by actionctl.
    std::thread::sleep(std::time::Duration::from_millis(400));
    session.send_line(SECRET).unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(!rest.contains(SECRET), "the value was echoed: {rest}");
    assert!(rest.contains("stored secret zendesk-api"), "{rest}");
    ss.actionctl()
        .args(["secret", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "zendesk-api        set in the Secret Service",
        ));
}

#[test]
fn values_never_come_from_the_command_line() {
    actionctl()
        .args(["secret", "set", "company-api", "the-value"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument"));
}

#[test]
fn without_a_keychain_set_says_how_to_use_the_environment() {
    actionctl()
        .args(["secret", "set", "company-api"])
        .write_stdin("x")
        .assert()
        .code(4)
        .stderr(
            "error: no keychain reachable (the keychain is turned off (ACTIONCTL_KEYCHAIN=none)); set the environment variable ACTIONCTL_SECRET_COMPANY_API instead\n",
        );
}
