//! Missing required variables are asked for on a terminal: driven here
//! through a real pseudo-terminal, checking the prompt text, type
//! validation as typed, and what the server finally received.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

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

/// Waits for `prompt`, lets the terminal settle into raw mode (keys
/// typed earlier would be flushed), then types `keys`.
fn answer(s: &mut rexpect::session::PtySession, prompt: &str, keys: &str) {
    s.exp_string(prompt).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    s.send(keys).unwrap();
    s.flush().unwrap();
}

#[test]
fn the_new_wizard_writes_a_valid_action() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    command
        .current_dir(dir.path())
        .args(["--color", "never", "new"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut s = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
    answer(&mut s, "Action id", "order-status\r");
    answer(&mut s, "Name (1-64 characters)", "Order Status\r");
    answer(&mut s, "Description", "short\r");
    answer(
        &mut s,
        "5 characters; needs 10-200",
        "Look up an order by its number.\r",
    );
    answer(&mut s, "DELETE", "\r");
    answer(&mut s, "URL", "https://api.test/orders/{{order_number}}\r");
    answer(&mut s, "query (credential in the query string", "\x1b[B");
    answer(&mut s, "> bearer", "\r");
    answer(&mut s, "Secret name", "\r");
    answer(&mut s, "Add a header (e.g. Accept)?", "n");
    answer(&mut s, "phone", "\r");
    answer(
        &mut s,
        "Description of order_number",
        "The order number on the receipt\r",
    );
    answer(&mut s, "Limit the values of order_number", "n");
    answer(&mut s, "Example value of order_number", "ORD-1\r");
    answer(&mut s, "Is order_number required?", "y");
    answer(&mut s, "Add another variable?", "n");
    answer(&mut s, "Write actions/order-status.yaml?", "y");
    s.exp_eof().unwrap();
    let written = std::fs::read_to_string(dir.path().join("actions/order-status.yaml")).unwrap();
    assert!(
        written.contains("secret: \"order-status-api\""),
        "{written}"
    );
    assert!(written.contains("example: \"ORD-1\""), "{written}");
    common::actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .success()
        .stdout("")
        .stderr("1 file checked: 1 valid, 0 errors, 0 warnings\n");
}

/// Runs the `new` wizard for an action without variables, choosing the
/// auth type at `auth_steps` arrow presses below `none` (each step waits
/// for the item it lands on), then answering `auth_answers`; returns the
/// file written.
fn wizard_with_auth(auth_steps: &[&str], auth_answers: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    command
        .current_dir(dir.path())
        .args(["--color", "never", "new"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut s = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
    answer(&mut s, "Action id", "shape\r");
    answer(&mut s, "Name (1-64 characters)", "Shape\r");
    answer(&mut s, "Description", "An action with an auth shape.\r");
    answer(&mut s, "DELETE", "\r");
    answer(&mut s, "URL", "https://api.test/v1/items\r");
    answer(&mut s, "query (credential in the query string", "\x1b[B");
    for (i, item) in auth_steps.iter().enumerate() {
        let key = if i + 1 == auth_steps.len() {
            "\r"
        } else {
            "\x1b[B"
        };
        answer(&mut s, &format!("> {item}"), key);
    }
    for (prompt, keys) in auth_answers {
        answer(&mut s, prompt, keys);
    }
    answer(&mut s, "Add a header (e.g. Accept)?", "n");
    answer(&mut s, "Add a variable the agent collects?", "n");
    answer(&mut s, "Write actions/shape.yaml?", "y");
    s.exp_eof().unwrap();
    common::actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .success()
        .stdout("");
    std::fs::read_to_string(dir.path().join("actions/shape.yaml")).unwrap()
}

#[test]
fn the_new_wizard_asks_for_the_new_auth_shapes() {
    let written = wizard_with_auth(
        &["bearer", "basic", "header", "body", "query"],
        &[("Query parameter name", "\r"), ("Secret name", "\r")],
    );
    assert!(
        written.contains("auth:\n  type: query\n  param: \"api_key\"\n  secret: \"shape-api\"\n"),
        "{written}"
    );
    let written = wizard_with_auth(
        &["bearer", "basic"],
        &[
            ("> a username, and the secret as the password", "\x1b[B"),
            ("> the secret as the username", "\r"),
            ("Secret name", "stripe\r"),
        ],
    );
    assert!(
        written.contains("auth:\n  type: basic\n  username_secret: \"stripe\"\n"),
        "{written}"
    );
    let written = wizard_with_auth(
        &["bearer", "basic", "header"],
        &[
            ("Header name", "Authorization\r"),
            ("Text before the secret", " Token\r"),
            ("printable ASCII, not starting with a space", "\x15Token \r"),
            ("Secret name", "\r"),
        ],
    );
    assert!(
        written.contains(
            "auth:\n  type: header\n  header: \"Authorization\"\n  prefix: \"Token \"\n  secret: \"shape-api\"\n"
        ),
        "{written}"
    );
}

#[test]
fn prompted_values_are_checked_against_the_constraints_and_asked_again() {
    let server = TestServer::start(|_| Reply::json(200, json!({"ok": true})));
    let dir = tempfile::tempdir().unwrap();
    let action = dir.path().join("label.yaml");
    std::fs::write(
        &action,
        "name: Label\ndescription: Labels an issue with a priority\nmethod: POST\nurl: https://api.test/labels\nbody:\n  priority: \"{{priority}}\"\n  labels: \"{{labels}}\"\nvariables:\n  - name: priority\n    type: string\n    description: How urgent\n    enum: [low, high]\n    example: low\n    required: true\n  - name: labels\n    type: array\n    items: {type: string, max_length: 5}\n    description: Labels to add\n    example: [bug]\n    required: true\n",
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
        .exp_string("priority (string) - How urgent [one of: low, high] [e.g. low]")
        .unwrap();
    session.send_line("urgent").unwrap();
    session
        .exp_string("`urgent` is not one of the allowed values (enum): low, high")
        .unwrap();
    session.send_line("high").unwrap();
    session
        .exp_string("labels (array of string) - Labels to add [a JSON array] [e.g. [\"bug\"]]")
        .unwrap();
    session.send_line("bug").unwrap();
    session.exp_string("is not a JSON array").unwrap();
    session.send_line(r#"["bug", "toolong"]"#).unwrap();
    session
        .exp_string("item 2: `toolong` is 7 characters long, above the max_length 5")
        .unwrap();
    session.send_line(r#"["bug", "p1"]"#).unwrap();
    session.exp_string("< HTTP/1.1 200 OK").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(
        server.single().json(),
        json!({"priority": "high", "labels": ["bug", "p1"]})
    );
}

#[test]
fn the_new_wizard_asks_for_constraints_and_array_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    command
        .current_dir(dir.path())
        .args(["--color", "never", "new"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut s = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
    let down = |n: usize| "\x1b[B".repeat(n);
    answer(&mut s, "Action id", "label-issue\r");
    answer(&mut s, "Name (1-64 characters)", "Label Issue\r");
    answer(
        &mut s,
        "Description",
        "Add labels to an issue, with a priority.\r",
    );
    answer(&mut s, "DELETE", &format!("{}\r", down(1)));
    answer(&mut s, "URL", "https://tracker.test/issues/{{issue}}\r");
    answer(&mut s, "query (credential in the query string", "\r");
    answer(&mut s, "Add a header (e.g. Accept)?", "n");
    // issue: an integer from 1 to 99999.
    answer(
        &mut s,
        "array (a list of values)",
        &format!("{}\r", down(1)),
    );
    answer(&mut s, "Description of issue", "The issue number\r");
    answer(&mut s, "Limit the values of issue", "y");
    answer(&mut s, "Allowed values of issue", "\r");
    answer(&mut s, "Smallest value of issue", "1\r");
    answer(&mut s, "Largest value of issue", "0\r");
    answer(&mut s, "must be at least 1", "99999\r");
    answer(&mut s, "Example value of issue", "0\r");
    answer(&mut s, "`0` is below the minimum 1", "42\r");
    answer(&mut s, "Is issue required?", "y");
    // priority: one of three words.
    answer(&mut s, "Add another variable?", "y");
    answer(&mut s, "Variable name", "priority\r");
    answer(&mut s, "array (a list of values)", "\r");
    answer(&mut s, "Description of priority", "How urgent\r");
    answer(&mut s, "Limit the values of priority", "y");
    answer(&mut s, "Allowed values of priority", "low, normal, high\r");
    answer(&mut s, "Regex the whole of priority", "\r");
    answer(&mut s, "Fewest characters in priority", "\r");
    answer(&mut s, "Most characters in priority", "\r");
    answer(&mut s, "Example value of priority", "high\r");
    answer(&mut s, "Is priority required?", "n");
    answer(&mut s, "Default for priority", "normal\r");
    // labels: an array of strings with a pattern.
    answer(&mut s, "Add another variable?", "y");
    answer(&mut s, "Variable name", "labels\r");
    answer(
        &mut s,
        "array (a list of values)",
        &format!("{}\r", down(7)),
    );
    answer(&mut s, "Type of each item of labels", "\r");
    answer(&mut s, "Description of labels", "Labels to add\r");
    answer(&mut s, "Limit the values of each item of labels", "y");
    answer(&mut s, "Allowed values of labels", "\r");
    answer(&mut s, "Regex the whole of labels", "[a-z]+(\r");
    answer(&mut s, "unclosed group", "[a-z]+\r");
    answer(&mut s, "Fewest characters in labels", "\r");
    answer(&mut s, "Most characters in labels", "\r");
    answer(
        &mut s,
        "Example value of labels, as a JSON array such as [\"a\", \"b\"]",
        "[\"bug\", \"p1\"]\r",
    );
    answer(
        &mut s,
        "item 2: `p1` does not match the pattern `[a-z]+`",
        "[\"bug\"]\r",
    );
    answer(&mut s, "Is labels required?", "y");
    answer(&mut s, "Add another variable?", "n");
    answer(&mut s, "Write actions/label-issue.yaml?", "y");
    s.exp_eof().unwrap();
    let written = std::fs::read_to_string(dir.path().join("actions/label-issue.yaml")).unwrap();
    for part in [
        "  - name: issue\n    type: integer\n    minimum: 1\n    maximum: 99999\n",
        "    example: 42\n",
        "  - name: priority\n    type: string\n    enum: [\"low\", \"normal\", \"high\"]\n",
        "    default: \"normal\"\n",
        "  - name: labels\n    type: array\n    items:\n      type: string\n      pattern: \"[a-z]+\"\n",
        "    example: [\"bug\"]\n",
    ] {
        assert!(written.contains(part), "{part:?} in\n{written}");
    }
    common::actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .success()
        .stdout("")
        .stderr("1 file checked: 1 valid, 0 errors, 0 warnings\n");
}
