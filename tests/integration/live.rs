//! `actionctl test` against real HTTP servers on 127.0.0.1: what the
//! server received (path, query, auth headers, typed body), the trace,
//! exit codes for failing statuses and broken transports, redirects, and
//! that no secret ever comes out, even when the server echoes it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::time::Duration;

use base64::Engine;
use common::server::{Reply, TestServer, refused_url};
use common::{actionctl, stdout_json};
use predicates::prelude::*;
use serde_json::json;

const SECRET: &str = "sk_test_Zq9mTT3rGpX2vW7y";

/// `actionctl test lookup-order --var order_number=1` against `server`,
/// with the company-api secret in the environment.
fn lookup_order(server: &TestServer) -> assert_cmd::Command {
    let mut cmd = actionctl();
    cmd.env("ACTIONCTL_SECRET_COMPANY_API", SECRET).args([
        "test",
        "lookup-order",
        "--var",
        "order_number=1",
        "--base-url",
        &server.url(),
    ]);
    cmd
}

fn ok_json() -> TestServer {
    TestServer::start(|_| Reply::json(200, json!({"status": "shipped"})))
}

#[test]
fn bearer_get_sends_path_query_and_header() {
    let server = ok_json();
    let out = actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=ORD 1/2",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let got = server.single();
    assert_eq!(got.method, "GET");
    assert_eq!(got.target, "/v1/orders/ORD%201%2F2?include=items");
    assert_eq!(
        got.header("authorization"),
        Some(format!("Bearer {SECRET}").as_str())
    );
    assert_eq!(got.header("accept"), Some("application/json"));
    assert!(got.header("user-agent").unwrap().starts_with("actionctl/"));
    assert_eq!(got.header("content-type"), None);
    assert!(got.body.is_empty());
    assert_eq!(out.stdout, br#"{"status":"shipped"}"#);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("> GET http://127.0.0.1:"), "{stderr}");
    assert!(
        stderr.contains("> Authorization: Bearer <secret:company-api>"),
        "{stderr}"
    );
    assert!(stderr.contains("< HTTP/1.1 200 OK"), "{stderr}");
    assert!(stderr.contains("* 200 OK in "), "{stderr}");
}

#[test]
fn basic_auth_sends_exact_base64() {
    let server = TestServer::start(|_| Reply::json(201, json!({"ticket": {"id": 1}})));
    actionctl()
        .env("ACTIONCTL_SECRET_ZENDESK_API", SECRET)
        .args([
            "test",
            "create-ticket",
            "--var",
            "issue_description=Broken box",
            "--var",
            "priority_level=high",
            "--context",
            "tests/fixtures/context.yaml",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
    let got = server.single();
    assert_eq!(got.method, "POST");
    assert_eq!(got.target, "/api/v2/tickets.json");
    let expected =
        base64::engine::general_purpose::STANDARD.encode(format!("agent@acme.com/token:{SECRET}"));
    assert_eq!(
        got.header("authorization"),
        Some(format!("Basic {expected}").as_str())
    );
    assert_eq!(got.header("content-type"), Some("application/json"));
    assert_eq!(
        got.body,
        serde_json::to_vec(&json!({"ticket": {
            "subject": "Call from Ada Lovelace",
            "comment": {"body": "Broken box"},
            "priority": "high",
            "requester": {"name": "Ada Lovelace", "email": "ada@example.com"},
            "tags": ["voice-agent", "inbound"]
        }}))
        .unwrap()
    );
}

#[test]
fn header_auth_sends_the_named_header() {
    let server = ok_json();
    actionctl()
        .env("ACTIONCTL_SECRET_INVENTORY_API", SECRET)
        .args([
            "test",
            "check-inventory",
            "--var",
            "sku=PROD-12345",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
    let got = server.single();
    assert_eq!(got.target, "/v2/stock/PROD-12345");
    assert_eq!(got.header("x-api-key"), Some(SECRET));
    assert_eq!(got.header("authorization"), None);
}

#[test]
fn body_auth_merges_the_credential_into_a_typed_body() {
    let server = ok_json();
    actionctl()
        .env("ACTIONCTL_SECRET_PEOPLE_API", SECRET)
        .args([
            "test",
            "tests/fixtures/valid/all-types.yaml",
            "--var",
            "id=7",
            "--var",
            "score=4.5",
            "--var",
            "notify=no",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
    let got = server.single();
    assert_eq!(got.method, "PUT");
    assert_eq!(got.target, "/people/7?notify=false");
    assert_eq!(
        got.json(),
        json!({"id": 7, "score": 4.5, "notify": false, "label": "score 4.5 for ", "api_key": SECRET}),
        "members whose whole value is an unset optional variable are left out"
    );
    assert_eq!(
        got.header("x-request-date"),
        None,
        "a header from a missing optional variable is left out"
    );
}

#[test]
fn no_auth_sends_no_credential() {
    let server = ok_json();
    actionctl()
        .args([
            "test",
            "tests/fixtures/valid/json-text-body.yaml",
            "--var",
            "sku=A1",
            "--var",
            "qty=2",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
    let got = server.single();
    assert_eq!(got.header("authorization"), None);
    assert_eq!(
        got.body,
        br#"{"sku":"A1","qty":2,"gift":false,"note":"for : "}"#
    );
}

#[test]
fn failing_statuses_exit_1_with_a_hint() {
    let cases = [
        (
            401,
            "the API refused the credentials: check that secret `company-api` holds a valid key",
        ),
        (403, "auth type `bearer` is what the API expects"),
        (404, "not found: check the URL and the values placed in it"),
        (500, "the API failed on its side"),
    ];
    for (status, hint) in cases {
        let server = TestServer::start(move |_| Reply::json(status, json!({"error": "nope"})));
        lookup_order(&server)
            .assert()
            .code(1)
            .stdout(r#"{"error":"nope"}"#)
            .stderr(predicate::str::contains(format!(
                "error: lookup-order: expected status 200, got {status}"
            )))
            .stderr(predicate::str::contains(hint));
    }
}

#[test]
fn expect_lists_accept_any_listed_status() {
    let server = TestServer::start(|_| Reply::json(201, json!({})));
    actionctl()
        .env("ACTIONCTL_SECRET_ZENDESK_API", SECRET)
        .args([
            "test",
            "create-ticket",
            "--var",
            "issue_description=x",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success();
}

#[test]
fn timeouts_exit_5() {
    let server = TestServer::start(|_| {
        Reply::Delay(
            Duration::from_secs(3),
            Box::new(Reply::json(200, json!({}))),
        )
    });
    let started = std::time::Instant::now();
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=1",
            "--timeout",
            "300ms",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .code(5)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: timed out after 300ms: no complete response (raise it with --timeout or `timeout:`)",
        ));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the deadline must cut the wait short"
    );
}

#[test]
fn refused_connections_exit_5() {
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=1",
            "--base-url",
            &refused_url(),
        ])
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "error: could not connect to 127.0.0.1:",
        ));
}

#[test]
fn dropped_connections_exit_5() {
    let server = TestServer::start(|_| Reply::Drop);
    lookup_order(&server)
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "error: the server closed the connection before a complete response",
        ));
}

#[test]
fn garbage_responses_exit_5() {
    let server = TestServer::start(|_| Reply::Raw(b"NOT HTTP AT ALL\r\n\r\n".to_vec()));
    lookup_order(&server)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("error:"));
}

#[test]
fn non_json_responses_are_called_out_with_an_excerpt() {
    let server = TestServer::start(|_| {
        Reply::text(200, "text/html", "<html><body>Maintenance</body></html>")
    });
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args(["test", "lookup-order", "--var", "order_number=1", "--base-url", &server.url()])
        .assert()
        .success()
        .stdout("<html><body>Maintenance</body></html>")
        .stderr(predicate::str::contains(
            "warning: the response is not JSON (Content-Type: text/html), so the agent cannot read fields from it: <html><body>Maintenance</body></html>",
        ));
}

#[test]
fn oversized_bodies_exit_5() {
    let server = TestServer::start(|_| Reply::Respond {
        status: 200,
        headers: vec![],
        body: vec![b'x'; 3 * 1024 * 1024],
    });
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=1",
            "--max-response-size",
            "1MiB",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .code(5)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: response too large: the body exceeds 1048576 bytes",
        ));
}

#[test]
fn cross_host_redirects_never_carry_the_credential() {
    let second = TestServer::start(|_| Reply::json(200, json!({"landed": true})));
    let target = format!("{}/elsewhere", second.url());
    let first = TestServer::start(move |_| Reply::redirect(302, &target));
    lookup_order(&first)
        .assert()
        .success()
        .stdout(r#"{"landed":true}"#)
        .stderr(predicate::str::contains(
            "* 302 redirect → GET http://127.0.0.1:",
        ))
        .stderr(predicate::str::contains(
            "(Authorization not sent to another host)",
        ));
    assert_eq!(
        first.single().header("authorization"),
        Some(format!("Bearer {SECRET}").as_str())
    );
    let landed = second.single();
    assert_eq!(landed.target, "/elsewhere");
    assert_eq!(landed.header("authorization"), None);
    assert!(!String::from_utf8_lossy(&landed.raw).contains(SECRET));
}

#[test]
fn cross_host_redirects_drop_the_header_credential_too() {
    let second = TestServer::start(|_| Reply::json(200, json!({})));
    let target = second.url();
    let first = TestServer::start(move |_| Reply::redirect(307, &target));
    actionctl()
        .env("ACTIONCTL_SECRET_INVENTORY_API", SECRET)
        .args([
            "test",
            "check-inventory",
            "--var",
            "sku=P-1",
            "--base-url",
            &first.url(),
        ])
        .assert()
        .success();
    assert_eq!(first.single().header("x-api-key"), Some(SECRET));
    assert!(!String::from_utf8_lossy(&second.single().raw).contains(SECRET));
}

#[test]
fn same_host_redirects_keep_the_credential() {
    let server = TestServer::start(|r| {
        if r.target.starts_with("/v1/orders") {
            Reply::redirect(301, "/v2/orders/1")
        } else {
            Reply::json(200, json!({"v": 2}))
        }
    });
    lookup_order(&server).assert().success();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].target, "/v2/orders/1");
    assert_eq!(
        requests[1].header("authorization"),
        Some(format!("Bearer {SECRET}").as_str())
    );
}

#[test]
fn redirect_loops_stop_with_exit_5() {
    let server = TestServer::start(|_| Reply::redirect(302, "/again"));
    lookup_order(&server)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("stopped after 5 redirects"));
    assert_eq!(server.requests().len(), 6);
}

#[test]
fn secrets_never_leak_even_when_echoed() {
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("agent@acme.com/token:{SECRET}"));
    let secret_b64 = base64::engine::general_purpose::STANDARD.encode(SECRET);
    let runs: Vec<(&str, Vec<&str>)> = vec![
        (
            "COMPANY_API",
            vec!["lookup-order", "--var", "order_number=1"],
        ),
        (
            "ZENDESK_API",
            vec!["create-ticket", "--var", "issue_description=x"],
        ),
        ("INVENTORY_API", vec!["check-inventory", "--var", "sku=P-1"]),
        (
            "PEOPLE_API",
            vec![
                "tests/fixtures/valid/all-types.yaml",
                "--var",
                "id=1",
                "--var",
                "score=1",
            ],
        ),
    ];
    for (env, args) in runs {
        for format in ["text", "json"] {
            for verbosity in [None, Some("-vv")] {
                let server = TestServer::echo(200);
                let mut cmd = actionctl();
                cmd.env(format!("ACTIONCTL_SECRET_{env}"), SECRET)
                    .arg("test");
                cmd.args(&args)
                    .args(["--format", format, "--base-url", &server.url()]);
                if let Some(v) = verbosity {
                    cmd.arg(v);
                }
                let out = cmd.output().unwrap();
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{env} {format}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(
                    String::from_utf8_lossy(&server.single().raw).contains(SECRET)
                        || env == "ZENDESK_API"
                );
                let all = [out.stdout, out.stderr].concat();
                let all = String::from_utf8_lossy(&all);
                for needle in [SECRET, basic.as_str(), secret_b64.as_str()] {
                    assert!(
                        !all.contains(needle),
                        "{env} {format} {verbosity:?} leaked {needle}:\n{all}"
                    );
                }
                assert!(
                    all.contains("<secret:"),
                    "{env} {format}: the mask should show where the secret was"
                );
            }
        }
    }
}

#[test]
fn json_format_is_one_document() {
    let server = TestServer::start(|_| Reply::json(200, json!({"status": "shipped"})));
    let out = actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=ORD-1",
            "--format",
            "json",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    assert_eq!(doc["request"]["method"], "GET");
    assert_eq!(
        doc["request"]["url"],
        format!("{}/v1/orders/ORD-1?include=items", server.url())
    );
    assert_eq!(
        doc["request"]["headers"]["Authorization"],
        "Bearer <secret:company-api>"
    );
    assert_eq!(doc["response"]["status"], 200);
    assert_eq!(
        doc["response"]["headers"]["content-type"],
        "application/json"
    );
    assert_eq!(doc["response"]["body"], json!({"status": "shipped"}));
    assert!(doc["duration_ms"].is_u64());
    assert_eq!(doc["passed"], true);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("> GET"),
        "no trace in json mode"
    );
}

#[test]
fn missing_inputs_are_input_errors_before_anything_is_sent() {
    let server = ok_json();
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args(["test", "lookup-order", "--base-url", &server.url()])
        .assert()
        .code(4)
        .stderr("error: missing required variable: order_number (give --var order_number=VALUE)\n");
    actionctl()
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=1",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("missing secret `company-api`"));
    assert!(server.requests().is_empty());
}

#[test]
fn mock_mode_runs_with_no_network_and_no_credentials() {
    let out = actionctl()
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=ORD-1",
            "--mock",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "secret company-api is not stored; --mock sends a placeholder instead",
        ))
        .stderr(predicate::str::contains("> GET http://127.0.0.1:"))
        .get_output()
        .clone();
    assert_eq!(stdout_json(&out)["status"], "shipped");
    actionctl()
        .args([
            "test",
            "create-ticket",
            "--var",
            "issue_description=x",
            "--mock",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"status\": 201"));
}

/// Headers as a sorted list of (lower-case name, value): what both
/// clients sent, independent of order and name case.
fn header_set(r: &common::server::Received) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = r
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    headers.sort();
    headers
}

/// Runs `render --format curl` for `file` and `vars` with the real curl
/// against one loopback server and `test` against another, and checks
/// that both sent the same method, request target, headers and body.
pub(crate) fn assert_curl_sends_what_test_sends(file: &str, env: &str, vars: &[(&str, &str)]) {
    assert_curl_sends_what_test_sends_with(file, env, SECRET, vars);
}

/// [`assert_curl_sends_what_test_sends`] with `secret` as the value of
/// the secret in `env`.
pub(crate) fn assert_curl_sends_what_test_sends_with(
    file: &str,
    env: &str,
    secret: &str,
    vars: &[(&str, &str)],
) {
    let var_args: Vec<String> = vars.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut render = actionctl();
    render.args(["render", file, "--format", "curl"]);
    for arg in &var_args {
        render.arg("--var").arg(arg);
    }
    let out = render.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let by_curl = TestServer::echo(200);
    let script = String::from_utf8(out.stdout).unwrap();
    let origin = script.split('\'').nth(1).unwrap();
    let origin = &origin[..origin[8..].find('/').unwrap() + 8];
    let script = script.trim_end().replacen(origin, &by_curl.url(), 1);
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{script} --silent --show-error --output /dev/null"))
        .env(env, secret)
        .status()
        .unwrap();
    assert!(status.success(), "curl failed running:\n{script}");
    let by_test = TestServer::echo(200);
    let mut test = actionctl();
    test.env(env, secret)
        .args(["test", file, "--base-url", &by_test.url()]);
    for arg in &var_args {
        test.arg("--var").arg(arg);
    }
    test.assert().success();
    let (c, t) = (by_curl.single(), by_test.single());
    let context = format!("{file} {vars:?}\n{script}");
    assert_eq!(c.method, t.method, "{context}");
    assert_eq!(c.target, t.target, "{context}");
    let mask = format!("<secret:{}>", secret_name(env));
    assert_eq!(
        rendered_target(file, vars).replace(&mask, &common::encodings::url_query(secret)),
        t.target,
        "render shows the wire, the query credential masked: {context}"
    );
    assert_eq!(c.body, t.body, "{context}");
    let (mut ch, mut th) = (header_set(&c), header_set(&t));
    for headers in [&mut ch, &mut th] {
        for (name, value) in headers.iter_mut() {
            if name == "host" {
                *value = value.rsplit_once(':').unwrap().0.to_string();
            }
        }
    }
    assert_eq!(ch, th, "{context}");
}

#[test]
fn the_curl_export_sends_the_same_request() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    assert_curl_sends_what_test_sends(
        "tests/fixtures/valid/all-types.yaml",
        "ACTIONCTL_SECRET_PEOPLE_API",
        &[
            ("id", "7"),
            ("score", "2.5"),
            ("email", "o'brien@example.com"),
        ],
    );
    assert_curl_sends_what_test_sends(
        "create-ticket",
        "ACTIONCTL_SECRET_ZENDESK_API",
        &[("issue_description", "it's \"broken\" $HOME `id`")],
    );
    let hostile = [
        "#vip",
        "a&b=c",
        "x=y",
        "a+b",
        "two words",
        "100%",
        "it's",
        "say \"hi\"",
        "$HOME ${PATH} $(id)",
        "`id`",
        "ünïcødé ✓",
        "all of #&=+ %'\"$`é together",
        "\\back\\slash",
    ];
    for value in hostile {
        assert_curl_sends_what_test_sends(
            "tests/fixtures/wire/hostile.yaml",
            "ACTIONCTL_SECRET_WIRE_API",
            &[("value", value)],
        );
        assert_curl_sends_what_test_sends(
            "tests/fixtures/wire/body-auth.yaml",
            "ACTIONCTL_SECRET_WIRE_API",
            &[("note", value)],
        );
    }
    assert_curl_sends_what_test_sends(
        "tests/fixtures/wire/body-auth.yaml",
        "ACTIONCTL_SECRET_WIRE_API",
        &[("note", "forged \u{1}ACTIONCTL-SECRET\u{1} sentinel")],
    );
    assert_curl_sends_what_test_sends(
        "tests/fixtures/wire/search.yaml",
        "ACTIONCTL_SECRET_NONE",
        &[("order", "ORD 1"), ("term", "a b#c&d=e+f%")],
    );
}

#[test]
fn the_curl_export_refuses_a_line_break_in_a_header_value() {
    actionctl()
        .args(["render", "tests/fixtures/wire/hostile.yaml", "--format", "curl"])
        .args(["--var", "value=two\nlines"])
        .assert()
        .code(4)
        .stdout("")
        .stderr("error: unsafe value for `value` in header X-Value: header values cannot hold line breaks or control characters\n");
}

#[test]
fn a_literal_header_http_cannot_carry_is_invalid_not_a_transport_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("esc.yaml");
    std::fs::write(
        &file,
        "name: Esc\ndescription: A header with a control character\nmethod: GET\nurl: https://x.test/\nheaders:\n  X-A: \"v\\e[31m\"\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let located = format!(
        "{file}:6:8: error: header `X-A` value holds the control character U+001B, which HTTP cannot send in a header; remove it\n"
    );
    let server = TestServer::echo(200);
    actionctl()
        .args(["validate", file])
        .assert()
        .code(3)
        .stdout(located.clone());
    for command in ["render", "dry-run", "test"] {
        actionctl()
            .args([command, file, "--base-url", &server.url()])
            .assert()
            .code(3)
            .stdout("")
            .stderr(located.clone());
    }
    let out = actionctl()
        .args([
            "test",
            file,
            "--base-url",
            &server.url(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(stdout_json(&out)["failure"]["kind"], "invalid");
    assert!(server.requests().is_empty(), "nothing was sent");
}

/// `actionctl test FILE --var K=V... --base-url SERVER` with the
/// wire-api secret in the environment.
fn test_fixture(server: &TestServer, file: &str, vars: &[(&str, &str)]) -> assert_cmd::Command {
    let mut cmd = actionctl();
    cmd.env("ACTIONCTL_SECRET_WIRE_API", SECRET)
        .args(["test", file, "--base-url", &server.url()]);
    for (name, value) in vars {
        cmd.arg("--var").arg(format!("{name}={value}"));
    }
    cmd
}

/// The secret name an `ACTIONCTL_SECRET_*` variable holds, as the
/// fixtures write it (`WIRE_API` → `wire-api`).
fn secret_name(env: &str) -> String {
    env.trim_start_matches("ACTIONCTL_SECRET_")
        .to_ascii_lowercase()
        .replace('_', "-")
}

/// The path and query of `render --format json` for the same inputs.
fn rendered_target(file: &str, vars: &[(&str, &str)]) -> String {
    let mut cmd = actionctl();
    cmd.args(["render", file, "--format", "json"]);
    for (name, value) in vars {
        cmd.arg("--var").arg(format!("{name}={value}"));
    }
    let out = cmd.assert().success().get_output().clone();
    let url = stdout_json(&out)["url"].as_str().unwrap().to_string();
    let after_scheme = &url[url.find("://").unwrap() + 3..];
    after_scheme[after_scheme.find('/').unwrap()..].to_string()
}

#[test]
fn literal_and_templated_query_values_arrive_as_one_parameter_each() {
    let file = "tests/fixtures/wire/search.yaml";
    let term = "a b#c&d=e+f%'\"é";
    let vars = [("order", "ORD 1"), ("term", term)];
    let server = ok_json();
    test_fixture(&server, file, &vars).assert().success();
    let got = server.single();
    let encoded_term = "a%20b%23c%26d%3De%2Bf%25%27%22%C3%A9";
    assert_eq!(
        got.target,
        format!(
            "/v1/orders/ORD%201/search?fixed=a-b&v={encoded_term}\
             &q=SELECT%20a%2C%20b&tag=%23vip&expr=x%3D1%26y%3D2&plus=a%2Bb&pct=100%25\
             &mixed={encoded_term}%20%26%20more&term={encoded_term}&sort%20by=name%20asc"
        )
    );
    let query = &got.target[got.target.find('?').unwrap() + 1..];
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let expected: Vec<(String, String)> = [
        ("fixed", "a-b"),
        ("v", term),
        ("q", "SELECT a, b"),
        ("tag", "#vip"),
        ("expr", "x=1&y=2"),
        ("plus", "a+b"),
        ("pct", "100%"),
        ("mixed", &format!("{term} & more")),
        ("term", term),
        ("sort by", "name asc"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);
    assert_eq!(
        rendered_target(file, &vars),
        got.target,
        "render shows the wire"
    );
}

#[test]
fn dot_and_empty_path_values_are_refused_before_anything_is_sent() {
    let server = ok_json();
    for (value, reason) in [
        ("..", "`..` is a dot segment"),
        (".", "`.` is a dot segment"),
        ("", "an empty value leaves an empty path segment"),
    ] {
        for command in ["test", "render"] {
            let mut cmd = actionctl();
            cmd.env("ACTIONCTL_SECRET_COMPANY_API", SECRET).args([
                command,
                "lookup-order",
                "--var",
                &format!("order_number={value}"),
            ]);
            if command == "test" {
                cmd.args(["--base-url", &server.url()]);
            }
            cmd.assert()
                .code(4)
                .stdout("")
                .stderr(predicate::str::contains(format!(
                    "error: unsafe value for `order_number` in the URL path: {reason}"
                )));
        }
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    lookup_order(&server).assert().success();
    assert_eq!(server.single().target, "/v1/orders/1?include=items");
}

#[test]
fn a_secret_that_cannot_go_in_a_header_is_an_input_error_naming_it() {
    let server = ok_json();
    let secret = "tökén-ünïcode";
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", secret)
        .args(["test", "lookup-order", "--var", "order_number=1"])
        .args(["--base-url", &server.url()])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: secret `company-api` cannot be sent in header Authorization:",
        ))
        .stderr(predicate::str::contains(secret).not())
        .stderr(predicate::str::contains("t%C3%B6k").not());
    assert!(server.requests().is_empty());
}

/// dry-run does everything test does but send: it refuses the same
/// secret (it used to print the request and exit 0).
#[test]
fn dry_run_refuses_a_secret_that_cannot_go_in_a_header() {
    let secret = "tökén-ünïcode";
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", secret)
        .args(["dry-run", "lookup-order", "--var", "order_number=1"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: secret `company-api` cannot be sent in header Authorization:",
        ))
        .stderr(predicate::str::contains(secret).not());
}

#[test]
fn too_many_response_headers_are_named_as_such() {
    let server = TestServer::start(|_| {
        let mut raw = String::from("HTTP/1.1 200 OK\r\n");
        for i in 0..150 {
            raw.push_str(&format!("X-H{i}: v\r\n"));
        }
        raw.push_str("Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        Reply::Raw(raw.into_bytes())
    });
    lookup_order(&server)
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "error: the response from 127.0.0.1:",
        ))
        .stderr(predicate::str::contains("has more than 128 headers"))
        .stderr(predicate::str::contains("closed the connection").not());
}

/// An action folder in `dir` with one action whose mock answers `status`
/// with `headers`.
fn mock_action(dir: &std::path::Path, status: u16, headers: &str) -> std::path::PathBuf {
    let file = dir.join("mocked.yaml");
    std::fs::write(
        &file,
        format!(
            "name: Mocked\ndescription: An action answered by its mock.\nmethod: GET\n\
             url: https://api.example.com/v1/x\nexpect:\n  status: {status}\n\
             mock:\n  status: {status}\n  headers: {headers}\n  body: {{ok: true}}\n"
        ),
    )
    .unwrap();
    file
}

#[test]
fn mock_redirects_to_another_host_are_not_followed() {
    let elsewhere = ok_json();
    let dir = tempfile::tempdir().unwrap();
    let file = mock_action(
        dir.path(),
        302,
        &format!("{{Location: \"{}/stolen\"}}", elsewhere.url()),
    );
    actionctl()
        .args(["test", file.to_str().unwrap(), "--mock"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "* redirect not followed: --mock stays on the mock server at 127.0.0.1:",
        ))
        .stderr(predicate::str::contains("< HTTP/1.1 302"));
    assert!(
        elsewhere.requests().is_empty(),
        "{:?}",
        elsewhere.requests()
    );
}

#[test]
fn mock_mode_ignores_proxy_variables() {
    let proxy = TestServer::start(|_| Reply::json(200, json!({"from": "proxy"})));
    let dir = tempfile::tempdir().unwrap();
    let file = mock_action(dir.path(), 200, "{}");
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        let out = actionctl()
            .env(var, proxy.url())
            .args(["test", file.to_str().unwrap(), "--mock"])
            .assert()
            .success()
            .get_output()
            .clone();
        assert_eq!(stdout_json(&out), json!({"ok": true}), "{var}");
    }
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());
}

/// `test lookup-order --format json` against `base_url`, with the secret set.
fn lookup_order_json(base_url: &str, extra: &[&str]) -> std::process::Output {
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", SECRET)
        .args([
            "test",
            "lookup-order",
            "--var",
            "order_number=1",
            "--format",
            "json",
        ])
        .args(["--base-url", base_url])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn json_format_reports_a_status_outside_expect() {
    let server = TestServer::start(|_| Reply::json(500, json!({"error": "down"})));
    let out = lookup_order_json(&server.url(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    assert_eq!(doc["passed"], false);
    assert_eq!(doc["failure"]["kind"], "status");
    let message = doc["failure"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("lookup-order: expected status 200, got 500 Internal Server Error: the API failed on its side"),
        "{message}"
    );
    assert_eq!(doc["response"]["status"], 500);
    assert_eq!(doc["response"]["body"], json!({"error": "down"}));
    assert_eq!(doc["request"]["method"], "GET");
    assert!(doc["duration_ms"].is_u64());
}

#[test]
fn json_format_reports_a_refused_connection() {
    let url = refused_url();
    let out = lookup_order_json(&url, &[]);
    assert_eq!(out.status.code(), Some(5));
    let doc = stdout_json(&out);
    assert_eq!(doc["passed"], false);
    assert_eq!(doc["failure"]["kind"], "transport");
    let message = doc["failure"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("could not connect to 127.0.0.1:"),
        "{message}"
    );
    assert_eq!(doc["response"], json!(null));
    assert_eq!(doc["extracted"], json!(null));
    assert_eq!(
        doc["request"]["url"],
        format!("{url}/v1/orders/1?include=items")
    );
    assert!(doc["duration_ms"].is_u64(), "time spent trying is reported");
}

#[test]
fn json_format_reports_a_timeout() {
    let server = TestServer::start(|_| {
        Reply::Delay(
            Duration::from_secs(3),
            Box::new(Reply::json(200, json!({}))),
        )
    });
    let out = lookup_order_json(&server.url(), &["--timeout", "300ms"]);
    assert_eq!(out.status.code(), Some(5));
    let doc = stdout_json(&out);
    assert_eq!(doc["failure"]["kind"], "transport");
    assert_eq!(
        doc["failure"]["message"],
        "timed out after 300ms: no complete response (raise it with --timeout or `timeout:`)"
    );
    assert_eq!(doc["response"], json!(null));
    assert!(doc["duration_ms"].as_u64().unwrap() >= 300);
}

#[test]
fn json_format_reports_errors_before_anything_is_sent() {
    let server = ok_json();
    let json_test = |args: &[&str], secret: bool| {
        let mut cmd = actionctl();
        if secret {
            cmd.env("ACTIONCTL_SECRET_COMPANY_API", SECRET);
        }
        cmd.arg("test")
            .args(args)
            .args(["--format", "json", "--base-url", &server.url()])
            .output()
            .unwrap()
    };
    let out = json_test(&["lookup-order"], true);
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(doc["failure"]["kind"], "input");
    assert_eq!(
        doc["failure"]["message"],
        "missing required variable: order_number (give --var order_number=VALUE)"
    );
    assert_eq!(doc["request"], json!(null));
    assert_eq!(doc["response"], json!(null));
    assert_eq!(doc["duration_ms"], json!(null));
    assert_eq!(doc["passed"], false);

    let out = json_test(&["lookup-order", "--var", "order_number=1"], false);
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(doc["failure"]["kind"], "secret");
    assert!(
        doc["failure"]["message"]
            .as_str()
            .unwrap()
            .starts_with("missing secret `company-api`")
    );
    assert_eq!(doc["request"]["method"], "GET", "the request was built");
    assert_eq!(doc["response"], json!(null));

    let out = json_test(&["lookup-ordr"], true);
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(doc["failure"]["kind"], "input");
    assert!(
        doc["failure"]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown action `lookup-ordr`")
    );

    let out = json_test(&["tests/fixtures/invalid/many-problems.yaml"], true);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(stdout_json(&out)["failure"]["kind"], "invalid");
    assert!(server.requests().is_empty());
}

#[test]
fn json_format_usage_errors_print_no_document() {
    actionctl()
        .args([
            "test",
            "lookup-order",
            "--format",
            "json",
            "--timeout",
            "soon",
        ])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn json_format_keeps_numbers_exactly_as_received() {
    let server = TestServer::start(|_| {
        Reply::text(
            200,
            "application/json",
            r#"{"id":123456789012345678901234,"amount":19.999999999999999999,"small":1E-7}"#,
        )
    });
    let out = lookup_order_json(&server.url(), &[]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(r#""id": 123456789012345678901234,"#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#""amount": 19.999999999999999999,"#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#""small": 1e-7"#),
        "every digit kept: {stdout}"
    );
}

#[test]
fn literal_numbers_in_the_file_are_sent_as_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pay.yaml"),
        "name: Pay\ndescription: Pay an invoice in full.\nmethod: POST\n\
         url: http://127.0.0.1:9/pay\n\
         body:\n  id: 123456789012345678901234\n  amount: 19.999999999999999999\n  small: 1.5\n  count: 3\n",
    )
    .unwrap();
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    actionctl()
        .args(["--dir"])
        .arg(dir.path())
        .args(["test", "pay", "--base-url", &server.url()])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(server.single().body).unwrap(),
        r#"{"id":123456789012345678901234,"amount":19.999999999999999999,"small":1.5,"count":3}"#
    );
}
