//! What the agent sees: `response: {select, max_chars}` applied by the
//! real binary to real responses from loopback servers, shown in the
//! trace ("agent sees") and in `--format json` (`agent_sees`), masked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::server::{Reply, TestServer};
use common::{actionctl_in, stdout_json};
use predicates::prelude::*;
use serde_json::json;

/// A project whose only action is `GET {server}/order` shaped by
/// `response` (indented YAML), with a bearer secret `order-api`.
fn project(server: &TestServer, response: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("actions")).unwrap();
    let text = format!(
        "name: Order\ndescription: Looks up an order by its number.\nmethod: GET\nurl: \"{}/order\"\nauth: {{type: bearer, secret: order-api}}\n{response}",
        server.url()
    );
    std::fs::write(dir.path().join("actions/order.yaml"), text).unwrap();
    dir
}

const SECRET: &str = "tok-Agent-Sees-9f3/x+y";

/// An order that echoes the bearer token back, as careless APIs do.
fn order_server() -> TestServer {
    TestServer::start(|r| {
        let auth = r.header("authorization").unwrap_or_default().to_string();
        Reply::json(
            200,
            json!({"order": {"status": "shipped", "items": [{"sku": "A1"}, {"sku": "B2"}], "echo": auth}, "internal": {"warehouse": 7}}),
        )
    })
}

#[test]
fn select_keeps_the_part_and_the_trace_and_json_show_it_masked() {
    let server = order_server();
    let dir = project(&server, "response:\n  select: $.order\n");
    let run = |args: &[&str]| {
        let output = actionctl_in(dir.path())
            .args(args)
            .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        output
    };
    let text = run(&["test", "order"]);
    let stderr = String::from_utf8(text.stderr).unwrap();
    assert!(
        stderr.contains(
            "* agent sees: {\"status\":\"shipped\",\"items\":[{\"sku\":\"A1\"},{\"sku\":\"B2\"}],\"echo\":\"Bearer <secret:order-api>\"}\n"
        ),
        "{stderr}"
    );
    let doc = stdout_json(&run(&["test", "order", "--format", "json"]));
    assert_eq!(
        doc["agent_sees"],
        json!({
            "text": "{\"status\":\"shipped\",\"items\":[{\"sku\":\"A1\"},{\"sku\":\"B2\"}],\"echo\":\"Bearer <secret:order-api>\"}",
            "cut": false,
            "note": null
        })
    );
    for shown in [stderr, doc.to_string()] {
        assert!(
            !shown.contains(SECRET) && !shown.contains("tok-Agent"),
            "{shown}"
        );
    }
}

#[test]
fn a_selection_of_overlapping_nodes_is_cut_at_the_size_of_the_body() {
    let mut body = json!("x".repeat(2 << 20));
    for _ in 0..100 {
        body = json!({ "a": body });
    }
    let size = body.to_string().len();
    let server = TestServer::start(move |_| Reply::json(200, body.clone()));
    let dir = project(&server, "response:\n  select: $..*\n");
    let output = actionctl_in(dir.path())
        .args(["test", "order", "--format", "json"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .output()
        .unwrap();
    let doc = stdout_json(&output);
    let text = doc["agent_sees"]["text"].as_str().unwrap();
    assert!(text.len() <= size + 40, "{} > {size}", text.len());
    assert!(
        text.ends_with("]…[cut: 1 of 100 nodes]"),
        "{}",
        &text[text.len() - 40..]
    );
    assert_eq!(doc["agent_sees"]["cut"], true);
    assert!(
        doc["agent_sees"]["note"]
            .as_str()
            .unwrap()
            .contains("found 100 nodes"),
        "{}",
        doc["agent_sees"]["note"]
    );
    assert!(output.stdout.len() < 3 * size, "{}", output.stdout.len());
}

#[test]
fn max_chars_cuts_after_select_and_says_so() {
    let server = order_server();
    let dir = project(
        &server,
        "response:\n  select: $.order.items[*].sku\n  max_chars: 6\n",
    );
    let output = actionctl_in(dir.path())
        .args(["test", "order", "--format", "json"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        stdout_json(&output)["agent_sees"],
        json!({"text": "[\"A1\",…[cut: 6 of 11 characters]", "cut": true, "note": null})
    );
}

#[test]
fn a_secret_cut_in_half_never_shows_its_first_characters() {
    // The body is masked before it is cut: the cut lands inside the
    // mask, never inside the secret.
    let server = order_server();
    let dir = project(
        &server,
        "response:\n  select: $.order.echo\n  max_chars: 12\n",
    );
    let output = actionctl_in(dir.path())
        .args(["test", "order", "--format", "json"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .output()
        .unwrap();
    assert_eq!(
        stdout_json(&output)["agent_sees"]["text"],
        "\"Bearer <sec…[cut: 12 of 27 characters]"
    );
}

#[test]
fn without_a_response_section_the_whole_body_is_handed_over_and_the_trace_is_quiet() {
    let server = TestServer::start(|_| Reply::json(200, json!({"a": 1})));
    let dir = project(&server, "");
    let output = actionctl_in(dir.path())
        .args(["test", "order", "--format", "json"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .output()
        .unwrap();
    assert_eq!(
        stdout_json(&output)["agent_sees"],
        json!({"text": "{\"a\":1}", "cut": false, "note": null})
    );
    actionctl_in(dir.path())
        .args(["test", "order"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .assert()
        .success()
        .stderr(predicate::str::contains("agent sees").not());
}

#[test]
fn a_body_that_is_not_json_is_handed_over_as_text_with_a_note() {
    let server = TestServer::start(|_| {
        Reply::text(
            200,
            "text/html",
            "<html><body>Order shipped\u{1b}[31m</body></html>",
        )
    });
    let dir = project(&server, "response:\n  select: $.status\n  max_chars: 20\n");
    actionctl_in(dir.path())
        .args(["test", "order"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "* agent sees: note: the body is not JSON, so `select: $.status` could not apply; the agent sees the text as it came\n* agent sees: <html><body>Order sh…[cut: 20 of 44 characters]\n",
        ));
}

#[test]
fn a_path_that_finds_nothing_gives_null_with_a_note() {
    let server = order_server();
    let dir = project(&server, "response:\n  select: $.order.missing\n");
    actionctl_in(dir.path())
        .args(["test", "order"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "* agent sees: note: `select: $.order.missing` found nothing in the body\n* agent sees: null\n",
        ));
}

#[test]
fn a_flow_step_document_carries_what_the_agent_sees() {
    let server = order_server();
    let dir = project(&server, "response:\n  select: $.order.status\n");
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    std::fs::write(
        dir.path().join("flows/status.yaml"),
        "name: Status\ndescription: Looks the order up.\nsteps:\n  - action: order\n",
    )
    .unwrap();
    let output = actionctl_in(dir.path())
        .args(["test", "status", "--format", "json"])
        .env("ACTIONCTL_SECRET_ORDER_API", SECRET)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        stdout_json(&output)["steps"][0]["agent_sees"]["text"],
        "\"shipped\""
    );
}
