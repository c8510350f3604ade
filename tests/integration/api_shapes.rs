//! The six API shapes a new user tried (GitHub, Stripe, Zendesk, Shopify
//! GraphQL, Twilio, an inventory API with a query-string key), written as
//! plain action files in tests/fixtures/api-shapes and run against a
//! loopback imitation through an environment whose `base_urls` send each
//! production origin there. Each test asserts the exact request the API
//! would have received.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use base64::Engine;
use common::server::{Received, Reply, TestServer};
use common::{actionctl_in, fixture};
use serde_json::json;

/// A copy of the fixture folder whose environment `local` sends every
/// production origin to `server`.
fn workspace(server: &TestServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("api-shapes");
    let environments = std::fs::read_to_string(source.join("environments.yaml")).unwrap();
    std::fs::write(
        dir.path().join("environments.yaml"),
        environments.replace("http://127.0.0.1:1", &server.url()),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("actions")).unwrap();
    for entry in std::fs::read_dir(source.join("actions")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("actions").join(entry.file_name()),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("context.yaml"),
        "contact: {first_name: Jane, last_name: Doe}\n",
    )
    .unwrap();
    dir
}

/// Runs `actionctl test ID --env local` with `secret` stored as the
/// environment variable `secret_var`, and returns what the server got.
fn call(id: &str, vars: &[&str], secret: (&str, &str), status: u16) -> Received {
    let server = TestServer::start(move |_| Reply::json(status, json!({"ok": true})));
    let dir = workspace(&server);
    let mut command = actionctl_in(dir.path());
    command
        .args(["test", id, "--env", "local", "--context", "context.yaml"])
        .env(format!("ACTIONCTL_SECRET_{}", secret.0), secret.1);
    for var in vars {
        command.args(["--var", var]);
    }
    command.assert().success();
    server.single()
}

fn basic(pair: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

#[test]
fn every_shape_validates_without_a_warning() {
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    let dir = workspace(&server);
    actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .success()
        .stderr("7 files checked: 7 valid, 0 errors, 0 warnings\n");
}

#[test]
fn github_takes_owner_and_repo_from_the_environment_and_labels_as_an_array() {
    let got = call(
        "github-create-issue",
        &["title=Refund not received", r#"labels=["billing","p1"]"#],
        ("GITHUB", "ghp_test_token"),
        201,
    );
    assert_eq!(got.method, "POST");
    assert_eq!(got.target, "/repos/acme/support/issues");
    assert_eq!(got.header("authorization"), Some("Bearer ghp_test_token"));
    assert_eq!(got.header("accept"), Some("application/vnd.github+json"));
    assert_eq!(got.header("x-github-api-version"), Some("2022-11-28"));
    assert_eq!(
        String::from_utf8(got.body).unwrap(),
        r#"{"title":"Refund not received","labels":["billing","p1"]}"#,
        "the unset `details` is left out"
    );
}

#[test]
fn stripe_sends_a_form_with_the_key_as_basic_username() {
    let got = call(
        "stripe-create-customer",
        &["email=jane+vip@example.com", "order_id=ORD-12345"],
        ("STRIPE", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        200,
    );
    assert_eq!(got.target, "/v1/customers");
    assert_eq!(
        got.header("authorization").map(str::to_string),
        Some(basic("sk_test_4eC39HqLyjWDarjtT1zdp7dc:"))
    );
    assert_eq!(
        got.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(got.body).unwrap(),
        "email=jane%2Bvip%40example.com&name=Jane+Doe&metadata%5Border_id%5D=ORD-12345\
         &expand%5B%5D=subscriptions&expand%5B%5D=tax",
        "the unset `description` is left out; literal bracket keys and the list repeat"
    );
}

#[test]
fn stripe_refuses_an_order_id_outside_its_pattern_before_sending() {
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    let dir = workspace(&server);
    actionctl_in(dir.path())
        .args(["test", "stripe-create-customer", "--env", "local"])
        .args(["--var", "email=jane@example.com", "--var", "order_id=12345"])
        .env("ACTIONCTL_SECRET_STRIPE", "sk_test_x")
        .assert()
        .code(4)
        .stderr(predicates::str::contains("order_id"))
        .stderr(predicates::str::contains("pattern"));
    assert!(server.requests().is_empty());
}

#[test]
fn zendesk_builds_the_host_and_username_from_the_environment() {
    let got = call(
        "zendesk-create-ticket",
        &["issue=The parcel arrived \"damaged\"."],
        ("ZENDESK", "zd-token-1"),
        201,
    );
    assert_eq!(got.target, "/api/v2/tickets.json");
    assert_eq!(
        got.header("authorization").map(str::to_string),
        Some(basic("agent@acme.com/token:zd-token-1"))
    );
    assert_eq!(
        got.json(),
        json!({"ticket": {
            "subject": "Call from Jane",
            "comment": {"body": "The parcel arrived \"damaged\"."},
            "priority": "normal"
        }})
    );
}

#[test]
fn zendesk_refuses_a_priority_outside_its_enum() {
    let server = TestServer::start(|_| Reply::json(201, json!({})));
    let dir = workspace(&server);
    actionctl_in(dir.path())
        .args(["test", "zendesk-create-ticket", "--env", "local"])
        .args(["--var", "issue=x", "--var", "priority=asap"])
        .env("ACTIONCTL_SECRET_ZENDESK", "zd")
        .assert()
        .code(4)
        .stderr(predicates::str::contains("`asap`"))
        .stderr(predicates::str::contains("low, normal, high, urgent"));
    assert!(server.requests().is_empty());
}

#[test]
fn shopify_graphql_keeps_the_query_text_and_fills_the_variables() {
    let got = call(
        "shopify-product",
        &["product_id=632910392"],
        ("SHOPIFY", "shpat_test"),
        200,
    );
    assert_eq!(got.target, "/admin/api/2024-10/graphql.json");
    assert_eq!(got.header("x-shopify-access-token"), Some("shpat_test"));
    assert_eq!(
        got.json(),
        json!({
            "query": "query($id: ID!) { product(id: $id) { title totalInventory } }",
            "variables": {"id": "gid://shopify/Product/632910392"}
        })
    );
}

#[test]
fn twilio_posts_a_form_to_the_account_path() {
    let got = call(
        "twilio-send-sms",
        &["to=+15558675310", "message=Shipped & paid: 100% = done"],
        ("TWILIO", "twilio-auth"),
        201,
    );
    assert_eq!(
        got.target,
        "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"
    );
    assert_eq!(
        got.header("authorization").map(str::to_string),
        Some(basic("AC0123456789abcdef0123456789abcdef:twilio-auth"))
    );
    assert_eq!(
        String::from_utf8(got.body).unwrap(),
        "To=%2B15558675310&From=%2B15005550006&Body=Shipped+%26+paid%3A+100%25+%3D+done"
    );
}

#[test]
fn inventory_sends_its_key_in_the_query_string_and_never_prints_it() {
    let server = TestServer::echo(200);
    let dir = workspace(&server);
    let out = actionctl_in(dir.path())
        .args(["test", "inventory-check", "--env", "local", "-v"])
        .args(["--var", "sku=PROD 1&2"])
        .env("ACTIONCTL_SECRET_INVENTORY", "inv-key-8f3a9c")
        .assert()
        .success()
        .get_output()
        .clone();
    let got = server.single();
    assert_eq!(got.method, "GET");
    assert_eq!(
        got.target,
        "/v1/stock?sku=PROD%201%262&api_key=inv-key-8f3a9c"
    );
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains("inv-key-8f3a9c"), "{text}");
    }
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(
        trace.contains("api_key=<secret:inventory>"),
        "the trace shows where the key goes: {trace}"
    );
}
