//! Missing required variables are asked for on a terminal: driven here
//! through a real pseudo-terminal, checking the prompt text, type
//! validation as typed, and what the server finally received.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::server::{Reply, TestServer};
use serde_json::json;

#[test]
fn missing_variables_are_asked_for_with_description_and_example() {
    let server = TestServer::start(|_| Reply::json(200, json!({"ok": true})));
    let dir = tempfile::tempdir().unwrap();
    let action = dir.path().join("order.yaml");
    std::fs::write(
        &action,
        "name: Order\ndescription: Orders some units of one product\nmethod: POST\nurl: https://api.test/orders\nbody:\n  qty: \"{{qty}}\"\nvariables:\n  - name: qty\n    type: integer\n    description: How many units\n    example: 3\n    required: true\n",
    )
    .unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    command
        .args(["--color", "never", "test"])
        .arg(&action)
        .args(["--base-url", &server.url()])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
    session
        .exp_string("qty (integer) - How many units [e.g. 3]")
        .unwrap();
    session.send_line("lots").unwrap();
    session.exp_string("is not a valid integer").unwrap();
    session.send_line("5").unwrap();
    session.exp_string("< HTTP/1.1 200 OK").unwrap();
    session.exp_eof().unwrap();
    let got = server.single();
    assert_eq!(got.json(), json!({"qty": 5}));
}
