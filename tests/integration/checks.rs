//! `expect:` beyond the status — `body`, `headers`, `schema`,
//! `max_duration` — run by the real binary against loopback servers:
//! what fails, how every failed check is reported (trace, JSON, `--all`
//! summary, JUnit), and that no secret shows in any of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::time::Duration;

use common::server::{Reply, TestServer};
use common::{actionctl_in, stdout_json};
use predicates::prelude::*;
use serde_json::json;

/// A temporary project whose `actions/` holds `files` (name, text);
/// `{{server}}` in a text becomes the server's URL.
fn project(server: &TestServer, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join("actions").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text.replace("{{server}}", &server.url())).unwrap();
    }
    dir
}

/// An action `GET {{server}}/PATH` with `expect` (indented YAML).
fn action(path: &str, expect: &str) -> String {
    format!(
        "name: Order\ndescription: Looks up an order by its number.\nmethod: GET\nurl: \"{{{{server}}}}{path}\"\nexpect:\n{expect}"
    )
}

const GRAPHQL_EXPECT: &str = "  status: 200\n  body:\n    $.errors: {exists: false}\n    $.data.order.id: {type: string}\n    $.data: {type: object}\n";

fn graphql_server() -> TestServer {
    TestServer::start(|_| {
        Reply::json(
            200,
            json!({"errors": [{"message": "Cannot query field \"ordr\""}], "data": null}),
        )
    })
}

#[test]
fn a_graphql_200_with_errors_fails_every_body_check_at_once() {
    let server = graphql_server();
    let dir = project(
        &server,
        &[("gql.yaml", &action("/graphql", GRAPHQL_EXPECT))],
    );
    actionctl_in(dir.path())
        .args(["test", "gql"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "* check failed: $.errors: expected does not exist, got [{\"message\":\"Cannot query field \\\"ordr\\\"\"}]\n",
        ))
        .stderr(predicate::str::contains(
            "* check failed: $.data.order.id: expected type string, got nothing at this path\n",
        ))
        .stderr(predicate::str::contains(
            "* check failed: $.data: expected type object, got null\n",
        ))
        .stderr(predicate::str::contains(
            "error: gql: 3 checks failed: $.errors: expected does not exist, got ",
        ));
    let fixed = TestServer::start(|_| Reply::json(200, json!({"data": {"order": {"id": "A-1"}}})));
    let dir = project(&fixed, &[("gql.yaml", &action("/graphql", GRAPHQL_EXPECT))]);
    actionctl_in(dir.path())
        .args(["test", "gql"])
        .assert()
        .success()
        .stderr(predicate::str::contains("check failed").not());
}

#[test]
fn json_output_has_the_failure_kind_and_every_check() {
    let server = graphql_server();
    let dir = project(
        &server,
        &[("gql.yaml", &action("/graphql", GRAPHQL_EXPECT))],
    );
    let output = actionctl_in(dir.path())
        .args(["test", "gql", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc = stdout_json(&output);
    assert_eq!(doc["passed"], false);
    assert_eq!(doc["failure"]["kind"], "check");
    let message = doc["failure"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("gql: 3 checks failed: $.errors"),
        "{message}"
    );
    assert!(!message.contains('\n'));
    assert_eq!(
        doc["checks"],
        json!([
            {"path": "$.errors", "expected": "does not exist", "actual": "[{\"message\":\"Cannot query field \\\"ordr\\\"\"}]", "passed": false},
            {"path": "$.data.order.id", "expected": "type string", "actual": "nothing at this path", "passed": false},
            {"path": "$.data", "expected": "type object", "actual": "null", "passed": false},
        ])
    );
    assert_eq!(doc["extracted"], serde_json::Value::Null);
}

#[test]
fn a_failing_status_reports_the_checks_that_failed_too() {
    let server = TestServer::start(|_| Reply::json(500, json!({"error": "down"})));
    let dir = project(
        &server,
        &[(
            "o.yaml",
            &action(
                "/o",
                "  status: 200\n  body:\n    $.id: A-1\n    $.error: {exists: false}\n",
            ),
        )],
    );
    let output = actionctl_in(dir.path())
        .args(["test", "o", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc = stdout_json(&output);
    assert_eq!(doc["failure"]["kind"], "status");
    let message = doc["failure"]["message"].as_str().unwrap();
    assert!(
        message.contains("; 2 checks failed too: $.id: expected equals \"A-1\", got nothing at this path; $.error: expected does not exist, got \"down\""),
        "{message}"
    );
    assert_eq!(doc["checks"].as_array().unwrap().len(), 2);
}

#[test]
fn header_checks_match_names_in_any_case() {
    let server = TestServer::start(|_| Reply::Respond {
        status: 200,
        headers: vec![
            (
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            ),
            ("X-Request-Id".into(), "req-123".into()),
        ],
        body: b"{}".to_vec(),
    });
    let passing = "  headers:\n    content-type: {matches: \"^application/json\"}\n    x-request-id: req-123\n";
    let failing = "  headers:\n    Content-Type: {matches: \"^text/\"}\n    X-Request-Id: req-999\n    X-Missing: yes\n";
    let dir = project(
        &server,
        &[
            ("ok.yaml", &action("/", passing)),
            ("bad.yaml", &action("/", failing)),
        ],
    );
    actionctl_in(dir.path())
        .args(["test", "ok"])
        .assert()
        .success();
    actionctl_in(dir.path())
        .args(["test", "bad"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "* check failed: header Content-Type: expected matches /^text//, got \"application/json; charset=utf-8\"\n",
        ))
        .stderr(predicate::str::contains(
            "* check failed: header X-Request-Id: expected \"req-999\", got \"req-123\"\n",
        ))
        .stderr(predicate::str::contains(
            "* check failed: header X-Missing: expected \"yes\", got no such header\n",
        ))
        .stderr(predicate::str::contains("bad: 3 checks failed"));
}

const ORDER_SCHEMA: &str = r#"{
  "type": "object",
  "required": ["id", "total"],
  "properties": {"id": {"type": "string"}, "total": {"type": "number", "minimum": 0}}
}"#;

#[test]
fn a_schema_file_beside_the_action_checks_the_body() {
    let server = TestServer::start(|r| {
        if r.target == "/good" {
            Reply::json(200, json!({"id": "A-1", "total": 12.5}))
        } else {
            Reply::json(200, json!({"id": 7, "total": -1}))
        }
    });
    let expect = "  schema: schemas/order.json\n";
    let dir = project(
        &server,
        &[
            ("schemas/order.json", ORDER_SCHEMA),
            ("good.yaml", &action("/good", expect)),
            ("bad.yaml", &action("/bad", expect)),
        ],
    );
    actionctl_in(dir.path())
        .args(["test", "good"])
        .assert()
        .success();
    let output = actionctl_in(dir.path())
        .args(["test", "bad", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc = stdout_json(&output);
    let checks = doc["checks"].as_array().unwrap();
    let paths: Vec<&str> = checks.iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["schema at /id", "schema at /total"]);
    assert!(checks.iter().all(|c| c["passed"] == false));
    assert_eq!(
        checks[0]["expected"],
        "a body valid against schemas/order.json"
    );
    assert!(
        checks[0]["actual"].as_str().unwrap().starts_with("7 ("),
        "{checks:?}"
    );
}

#[test]
fn a_schema_file_that_is_missing_or_not_a_schema_is_a_located_error() {
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    let dir = project(
        &server,
        &[
            ("schemas/bad.json", r#"{"type": "thing"}"#),
            ("schemas/text.json", "not json"),
            ("a.yaml", &action("/", "  schema: schemas/bad.json\n")),
            ("b.yaml", &action("/", "  schema: schemas/none.json\n")),
            ("c.yaml", &action("/", "  schema: schemas/text.json\n")),
            ("d.yaml", &action("/", "  schema:\n    type: 5\n")),
        ],
    );
    let output = actionctl_in(dir.path()).arg("validate").output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "actions/a.yaml:6:11: error: expect.schema: `schemas/bad.json` is not a valid JSON Schema: ",
        "actions/b.yaml:6:11: error: expect.schema: `schemas/none.json` cannot be read: ",
        "actions/c.yaml:6:11: error: expect.schema: `schemas/text.json` is not JSON: ",
        "actions/d.yaml:7:9: error: expect.schema is not a valid JSON Schema: 5 is not valid",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    actionctl_in(dir.path())
        .args(["test", "a"])
        .assert()
        .code(3);
}

#[test]
fn bad_predicates_paths_and_regexes_fail_validation_where_written() {
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    let dir = project(
        &server,
        &[(
            "a.yaml",
            &action(
                "/",
                "  body:\n    $.a: {equal: 1}\n    $[oops: 1\n    $.b: {matches: \"(\"}\n    $.c: {gt: lots}\n    $.d: {length: -2}\n",
            ),
        )],
    );
    let output = actionctl_in(dir.path()).arg("validate").output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "actions/a.yaml:7:11: error: expect.body `$.a`: unknown predicate `equal` (did you mean `equals`?)",
        "actions/a.yaml:8:5: error: expect.body: `$[oops` is not a JSONPath",
        "actions/a.yaml:9:21: error: expect.body `$.b`: `matches` is not a usable regex: unclosed group",
        "actions/a.yaml:10:15: error: expect.body `$.c`: `gt` takes a number, found \"lots\"",
        "actions/a.yaml:11:19: error: expect.body `$.d`: `length` takes a whole number of 0 or more, found -2",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}

#[test]
fn filter_function_regexes_fail_validation_and_the_run_where_written() {
    let server = TestServer::start(|_| Reply::json(200, json!({"a": ["x"], "b": {"c": 1}})));
    let dir = project(
        &server,
        &[(
            "a.yaml",
            &format!(
                "{}response:\n  select: \"$.b[?match(@, '[')]\"\nextract:\n  c: \"$.b[?search(@, @.d)]\"\n",
                action(
                    "/",
                    "  body:\n    '$.a[?search(@, \"(\")]': {exists: false}\n"
                )
            ),
        )],
    );
    let output = actionctl_in(dir.path()).arg("validate").output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "actions/a.yaml:7:11: error: expect.body `$.a[?search(@, \"(\")]`: search(): the regex `(` is refused: ",
        "actions/a.yaml:9:17: error: response.select: match(): the regex `[` is refused: ",
        "actions/a.yaml:11:12: error: extract `c`: search(): the regex must be a string literal",
    ] {
        assert!(stdout.contains(expected), "{expected}\n{stdout}");
    }
    actionctl_in(dir.path())
        .args(["test", "a"])
        .assert()
        .code(3);
}

#[test]
fn numbers_compare_exactly_as_written_not_as_floating_point() {
    let server = TestServer::start(|_| {
        Reply::text(
            200,
            "application/json",
            r#"{"big": 12345678901234567890123, "near": 9007199254740993.0, "tiny": 1.0000000000000000001, "huge": 1e400}"#,
        )
    });
    let expect = "  body:\n    $.big: 12345678901234567890124\n    $.near: {equals: 9007199254740992}\n    $.tiny: {equals: 1}\n    $.huge: {gt: 1}\n";
    let dir = project(&server, &[("n.yaml", &action("/", expect))]);
    let output = actionctl_in(dir.path())
        .args(["test", "n"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for failed in [
        "* check failed: $.big: expected equals 12345678901234567890124, got 12345678901234567890123\n",
        "* check failed: $.near: expected equals 9007199254740992, got 9007199254740993.0\n",
        "* check failed: $.tiny: expected equals 1, got 1.0000000000000000001\n",
    ] {
        assert!(stderr.contains(failed), "{failed}\n{stderr}");
    }
    assert!(!stderr.contains("$.huge"), "{stderr}");
}

#[test]
fn schema_failures_say_why_each_once_and_external_refs_are_refused_plainly() {
    let server = TestServer::start(|_| {
        let mut body = serde_json::Map::new();
        body.insert("pad".into(), json!("x".repeat(300)));
        for key in [
            "Aa", "Bb", "Cc", "Dd", "Ee", "Ff", "Gg", "Hh", "Ii", "Jj", "Kk", "Ll",
        ] {
            body.insert(key.into(), json!(1));
        }
        Reply::json(200, serde_json::Value::Object(body))
    });
    let expect = "  schema: {propertyNames: {pattern: '^[a-z]+$'}}\n";
    let dir = project(&server, &[("s.yaml", &action("/", expect))]);
    let output = actionctl_in(dir.path())
        .args(["test", "s"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("* check failed: schema"))
        .collect();
    assert_eq!(failed.len(), 10, "{stderr}");
    assert!(failed[0].contains("\"Aa\""), "{stderr}");
    assert!(
        failed[9].contains("\"Jj\"") && failed[9].ends_with("; and 2 more schema errors not shown"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("more errors\n") && !stderr.contains("xxxx"),
        "{stderr}"
    );
    let external = "  schema: {$ref: 'https://example.com/s.json'}\n";
    let dir = project(&server, &[("e.yaml", &action("/", external))]);
    let output = actionctl_in(dir.path()).arg("validate").output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("only local $refs (`#/$defs/…` within the schema) are supported"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("resolve-http") && !stdout.contains("resolver"),
        "{stdout}"
    );
}

#[test]
fn max_duration_fails_a_slow_answer() {
    let server = TestServer::start(|_| {
        Reply::Delay(
            Duration::from_millis(400),
            Box::new(Reply::json(200, json!({"ok": true}))),
        )
    });
    let dir = project(
        &server,
        &[
            ("slow.yaml", &action("/", "  max_duration: 100ms\n")),
            ("patient.yaml", &action("/", "  max_duration: 30s\n")),
        ],
    );
    actionctl_in(dir.path())
        .args(["test", "slow"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::is_match(
                r"\* check failed: duration: expected at most 100ms, got (4\d\d|[5-9]\d\d)ms\n",
            )
            .unwrap(),
        );
    actionctl_in(dir.path())
        .args(["test", "patient"])
        .assert()
        .success();
}

#[test]
fn a_body_that_is_not_json_fails_its_checks_saying_so() {
    let server = TestServer::start(|_| Reply::text(200, "text/html", "<html>maintenance</html>"));
    let dir = project(
        &server,
        &[(
            "o.yaml",
            &action("/", "  body:\n    $.id: {exists: true}\n    $.ok: true\n"),
        )],
    );
    actionctl_in(dir.path())
        .args(["test", "o"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "* check failed: $.id: expected exists, got a body that is not JSON\n",
        ))
        .stderr(predicate::str::contains(
            "* check failed: $.ok: expected equals true, got a body that is not JSON\n",
        ));
}

#[test]
fn test_all_and_junit_carry_the_failed_checks() {
    let server = graphql_server();
    let dir = project(
        &server,
        &[("gql.yaml", &action("/graphql", GRAPHQL_EXPECT))],
    );
    let report = dir.path().join("results.xml");
    actionctl_in(dir.path())
        .args(["test", "--all", "--report", "junit"])
        .arg(&report)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "FAIL action gql: gql: 3 checks failed: $.errors: expected does not exist, got [{\"message\":",
        ))
        .stderr(predicate::str::contains("0 passed, 1 failed"));
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(
        xml.contains("<failure message=\"gql: 3 checks failed: $.errors: expected does not exist, got [{&quot;message&quot;:"),
        "{xml}"
    );
    assert!(
        xml.contains("$.data.order.id: expected type string, got nothing at this path; $.data: expected type object, got null\">"),
        "{xml}"
    );
}

#[test]
fn a_flow_stops_at_a_step_whose_checks_fail() {
    let server = TestServer::start(|r| {
        if r.target.starts_with("/verify") {
            Reply::json(200, json!({"verified": false}))
        } else {
            Reply::json(200, json!({"status": "shipped"}))
        }
    });
    let verify = "name: Verify\ndescription: Verifies the caller by PIN.\nmethod: POST\nurl: \"{{server}}/verify\"\nexpect:\n  body:\n    $.verified: true\nextract:\n  verified: $.verified\n";
    let lookup = action("/orders/1", "  status: 200\n");
    let dir = project(
        &server,
        &[("verify.yaml", verify), ("lookup.yaml", &lookup)],
    );
    std::fs::create_dir(dir.path().join("flows")).unwrap();
    std::fs::write(
        dir.path().join("flows/verified.yaml"),
        "name: Verified\ndescription: Verify, then look up.\nsteps:\n  - action: verify\n  - action: lookup\n",
    )
    .unwrap();
    let output = actionctl_in(dir.path())
        .args(["test", "verified", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc = stdout_json(&output);
    assert_eq!(doc["failure"]["kind"], "check");
    assert_eq!(
        doc["failure"]["message"],
        "flow verified stopped at step 1: verify: 1 check failed: $.verified: expected equals true, got false"
    );
    assert_eq!(server.requests().len(), 1, "the lookup never ran");
}

#[test]
fn failed_checks_never_show_a_secret() {
    let secret = "s3cr3t-Tok/en+with=chars";
    let server = TestServer::echo(200);
    let echoing = "name: Echo\ndescription: Sends a bearer token to an echo.\nmethod: GET\nurl: \"{{server}}/echo\"\nauth: {type: bearer, secret: echo-api}\nexpect:\n  body:\n    $.raw: {equals: nothing}\n    $.headers: {length: 0}\n    $.headers[*][1]: {matches: \"^nothing$\"}\n  headers:\n    X-Echo-Authorization: nothing\n    x-echo-authorization: {matches: \"^nothing\"}\n";
    let dir = project(&server, &[("echo.yaml", echoing)]);
    let run = |args: &[&str]| {
        let output = actionctl_in(dir.path())
            .args(args)
            .env("ACTIONCTL_SECRET_ECHO_API", secret)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        output
    };
    let text = run(&["test", "echo"]);
    let json_run = run(&["test", "echo", "--format", "json"]);
    let report = dir.path().join("r.xml");
    let all = run(&[
        "test",
        "--all",
        "--report",
        "junit",
        report.to_str().unwrap(),
    ]);
    let xml = std::fs::read_to_string(&report).unwrap();
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(stderr.contains("* check failed: header X-Echo-Authorization: expected \"nothing\", got \"Bearer <secret:echo-api>\""), "{stderr}");
    assert_eq!(stderr.matches("* check failed:").count(), 5, "{stderr}");
    let doc = stdout_json(&json_run);
    assert_eq!(doc["checks"].as_array().unwrap().len(), 5);
    for shown in [
        String::from_utf8_lossy(&text.stdout).into_owned(),
        stderr.into_owned(),
        String::from_utf8_lossy(&json_run.stdout).into_owned(),
        String::from_utf8_lossy(&json_run.stderr).into_owned(),
        String::from_utf8_lossy(&all.stderr).into_owned(),
        xml,
    ] {
        for form in [
            secret.to_string(),
            common::encodings::json(secret),
            common::encodings::php_json(secret),
            common::encodings::double_json(secret),
            common::encodings::percent_lower(secret),
            "s3cr3t-Tok".to_string(),
        ] {
            assert!(!shown.contains(&form), "secret form {form:?} in:\n{shown}");
        }
    }
}
