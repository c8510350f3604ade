//! Mock scenarios (`mock:` as a list: `when`, names, templated bodies,
//! `delay`) and `cases:` (`--case`, `--cases`, `test --all`, JUnit),
//! run by the real binary on tests/fixtures/cases, under `--mock` and
//! against a loopback TestServer; and every bad input, located.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::path::Path;

use common::server::{Reply, TestServer};
use common::{actionctl_in, fixture, stdout_json};
use predicates::prelude::*;
use serde_json::json;

/// A copy of tests/fixtures/cases with `{{server}}` replaced by `url`.
fn project(url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["actions", "flows"] {
        let from = fixture("cases").join(sub);
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let to = dir.path().join(sub).join(path.file_name().unwrap());
            std::fs::write(to, text.replace("{{server}}", url)).unwrap();
        }
    }
    dir
}

fn mock_project() -> tempfile::TempDir {
    project("https://api.example.invalid")
}

fn stdout(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = actionctl_in(dir).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn when_picks_the_first_matching_answer_and_bodies_take_typed_values() {
    let dir = mock_project();
    let (code, body, _) = stdout(
        dir.path(),
        &["test", "get-order", "--mock", "--var", "order=ORD-0"],
    );
    assert_eq!(code, Some(1), "404 is outside expect");
    assert_eq!(body, "{\n  \"error\": \"no order ORD-0\"\n}");
    let (code, body, _) = stdout(
        dir.path(),
        &[
            "test",
            "get-order",
            "--mock",
            "--var",
            "order=ORD-7",
            "--var",
            "qty=100",
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(
        body,
        "{\n  \"order\": \"ORD-7\",\n  \"qty\": 100,\n  \"bulk\": true\n}"
    );
    // No `qty`: the first answer without a matching `when` is `found`,
    // and the unset value is left out of its body.
    let (code, body, _) = stdout(
        dir.path(),
        &["test", "get-order", "--mock", "--var", "order=ORD-7"],
    );
    assert_eq!(code, Some(0));
    assert_eq!(body, "{\n  \"order\": \"ORD-7\"\n}");
}

#[test]
fn mock_name_picks_an_answer_and_a_text_body_is_sent_as_text() {
    let dir = mock_project();
    let (code, body, _) = stdout(
        dir.path(),
        &[
            "test",
            "get-order",
            "--mock=text",
            "--var",
            "order=ORD-0",
            "--var",
            "qty=3",
        ],
    );
    assert_eq!(code, Some(0), "the name wins over `when`");
    assert_eq!(body, "order=ORD-0 qty=3");
    actionctl_in(dir.path())
        .args(["test", "get-order", "--mock=fuond", "--var", "order=ORD-1"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(
            "error: action `get-order` has no mock answer named `fuond` (did you mean `found`?)\n",
        );
}

#[test]
fn a_delay_past_the_timeout_is_a_transport_failure() {
    let dir = mock_project();
    let started = std::time::Instant::now();
    actionctl_in(dir.path())
        .args([
            "test",
            "get-order",
            "--mock=slow",
            "--var",
            "order=ORD-1",
            "--timeout",
            "200ms",
        ])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("timed out after 200ms"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "the run does not wait out the delay"
    );
}

#[test]
fn one_case_runs_with_its_values_mock_and_expectations() {
    let dir = mock_project();
    actionctl_in(dir.path())
        .args(["test", "get-order", "--case", "missing", "--mock"])
        .assert()
        .success()
        .stdout("{\n  \"error\": \"no order ORD-0\"\n}")
        .stderr(predicate::str::contains("case get-order / missing passed"));
    actionctl_in(dir.path())
        .args(["test", "get-order", "--case", "slow", "--mock"])
        .assert()
        .success();
    actionctl_in(dir.path())
        .args(["test", "get-order", "--case", "wrong-expectation", "--mock"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("expected status 200, got 404"));
    // --mock=NAME wins over the case's own pick.
    actionctl_in(dir.path())
        .args(["test", "get-order", "--case", "found", "--mock=text"])
        .assert()
        .code(1)
        .stdout("order=ORD-1 qty=2")
        .stderr(predicate::str::contains("$.qty"));
    actionctl_in(dir.path())
        .args(["test", "get-order", "--case", "fonud", "--mock"])
        .assert()
        .code(4)
        .stderr("error: `get-order` has no case named `fonud` (did you mean `found`?)\n");
}

#[test]
fn cases_run_every_case_of_a_file_and_count_each() {
    let dir = mock_project();
    actionctl_in(dir.path())
        .args(["test", "get-order", "--cases", "--mock"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("PASS action get-order / found"))
        .stderr(predicate::str::contains("PASS action get-order / slow"))
        .stderr(predicate::str::contains(
            "FAIL action get-order / wrong-expectation: get-order: expected status 200, got 404",
        ))
        .stderr(predicate::str::contains("4 passed, 1 failed"));
    let out = actionctl_in(dir.path())
        .args(["test", "get-order", "--cases", "--mock", "--format", "json"])
        .output()
        .unwrap();
    let list = stdout_json(&out);
    let rows: Vec<(String, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["case"].as_str().unwrap().to_string(),
                r["passed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("found".into(), true),
            ("missing".into(), true),
            ("bulk".into(), true),
            ("slow".into(), true),
            ("wrong-expectation".into(), false)
        ]
    );
    assert_eq!(list[4]["name"], "get-order / wrong-expectation");
    assert_eq!(list[4]["id"], "get-order");
}

#[test]
fn json_documents_carry_the_case_verdict_and_unknown_cases_still_print_one() {
    let dir = mock_project();
    // A case expecting a timeout passes: so does its document.
    let (code, out, _) = stdout(
        dir.path(),
        &[
            "test",
            "get-order",
            "--case",
            "slow",
            "--mock",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (code, &doc["passed"], &doc["failure"]),
        (Some(0), &json!(true), &json!(null))
    );
    // A flow case that stops where expected: passed, and says where.
    let (code, out, _) = stdout(
        dir.path(),
        &[
            "test",
            "verified-get",
            "--case",
            "wrong-pin",
            "--mock",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((code, &doc["passed"]), (Some(0), &json!(true)), "{doc}");
    assert_eq!(doc["stopped_at"]["action"], "verify", "{doc}");
    // An unknown case: exit 4 with a failed document naming it.
    for id in ["get-order", "verified-get"] {
        let (code, out, _) = stdout(
            dir.path(),
            &["test", id, "--case", "nope", "--mock", "--format", "json"],
        );
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!((code, &doc["passed"]), (Some(4), &json!(false)), "{doc}");
        assert!(
            doc["failure"].to_string().contains("no case named `nope`"),
            "{doc}"
        );
    }
    // --cases on a file that is not there: the array --cases promises.
    let (code, out, _) = stdout(
        dir.path(),
        &["test", "nope", "--cases", "--mock", "--format", "json"],
    );
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, Some(4));
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(
        (&list[0]["id"], &list[0]["passed"]),
        (&json!("nope"), &json!(false))
    );
}

#[test]
fn an_answer_name_no_action_of_the_run_has_is_an_input_error() {
    let dir = mock_project();
    for args in [
        &["test", "get-order", "--cases", "--mock=nope"][..],
        &["test", "verified-get", "--cases", "--mock=nope"][..],
        &["test", "--all", "--mock=nope"][..],
    ] {
        actionctl_in(dir.path())
            .args(args)
            .assert()
            .code(4)
            .stderr("error: --mock=nope: no action in this run has a mock answer named `nope`\n");
    }
    actionctl_in(dir.path())
        .args(["test", "get-order", "--cases", "--mock=slwo"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("(did you mean `slow`?)"));
}

#[test]
fn a_flow_case_proves_a_wrong_pin_stops_the_flow_under_mock() {
    let dir = mock_project();
    actionctl_in(dir.path())
        .args(["test", "verified-get", "--case", "wrong-pin", "--mock"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "case verified-get / wrong-pin passed",
        ))
        .stderr(predicate::str::contains("GET ").not());
    actionctl_in(dir.path())
        .args([
            "test",
            "verified-get",
            "--case",
            "wrongly-expects-completion",
            "--mock",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "stopped at step 1: verify: expected status 2xx, got 403",
        ));
}

#[test]
fn test_all_counts_cases_and_names_junit_testcases_id_slash_case() {
    let dir = mock_project();
    let report = dir.path().join("r.xml");
    actionctl_in(dir.path())
        .args(["test", "--all", "--mock", "--report", "junit"])
        .arg(&report)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "PASS flow verified-get / lookup-fails",
        ))
        .stderr(predicate::str::contains("PASS action verify ("))
        .stderr(predicate::str::contains("8 passed, 2 failed"));
    let xml = std::fs::read_to_string(&report).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 10, "{xml}");
    assert!(xml.contains("name=\"get-order / found\""), "{xml}");
    assert!(
        xml.contains("name=\"verified-get / wrongly-expects-completion\""),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"get-order: expected status 200, got 404 Not Found"),
        "{xml}"
    );
}

#[test]
fn cases_run_against_the_live_api_without_mock() {
    let server = TestServer::start(|req| {
        if req.target.starts_with("/verify") {
            let ok = req.json()["pin"] != "0000";
            return Reply::json(if ok { 200 } else { 403 }, json!({"verified": ok}));
        }
        if req.target.starts_with("/orders/ORD-0") {
            return Reply::json(404, json!({"error": "none"}));
        }
        Reply::json(200, json!({"order": "ORD-1", "qty": 2, "bulk": true}))
    });
    let dir = project(&server.url());
    actionctl_in(dir.path())
        .args(["test", "verified-get", "--cases"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("PASS flow verified-get / completes"))
        .stderr(predicate::str::contains("PASS flow verified-get / wrong-pin"))
        // Its `mock:` applies only under --mock: live, the order is found.
        .stderr(predicate::str::contains("FAIL flow verified-get / lookup-fails: expected the flow to stop at `get-order`, but every step passed"))
        .stderr(predicate::str::contains("2 passed, 2 failed"));
    let pins: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.target == "/verify")
        .map(|r| r.json()["pin"].as_str().unwrap().to_string())
        .collect();
    assert!(
        pins.contains(&"0000".to_string()) && pins.contains(&"1234".to_string()),
        "{pins:?}"
    );
    let orders = server
        .requests()
        .iter()
        .filter(|r| r.target.starts_with("/orders/"))
        .count();
    assert_eq!(orders, 2, "a wrong PIN never reaches the lookup");
    actionctl_in(dir.path())
        .args(["test", "get-order", "--case", "missing"])
        .assert()
        .success();
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.target == "/orders/ORD-0?qty=2")
    );
}

/// Writes `actions/a.yaml` (and `flows/f.yaml` when given) and returns
/// `validate`'s diagnostics.
fn validate(action: &str, flow: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("actions")).unwrap();
    std::fs::write(dir.path().join("actions/a.yaml"), action).unwrap();
    if let Some(flow) = flow {
        std::fs::create_dir_all(dir.path().join("flows")).unwrap();
        std::fs::write(dir.path().join("flows/f.yaml"), flow).unwrap();
    }
    let out = actionctl_in(dir.path()).arg("validate").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const HEAD: &str = "name: A\ndescription: An action for tests\nmethod: GET\nurl: https://x.test/{{n}}\nvariables:\n  - {name: n, type: integer, description: A number, example: 1, required: true, maximum: 10}\n";

#[test]
fn bad_mock_answers_are_located() {
    let cases = [
        (
            "mock:\n  - when: {m: 1}\n",
            "a.yaml:8:12: error: `when` of the mock answer 1: `m` is not a declared variable (did you mean `n`?)",
        ),
        (
            "mock:\n  - when: {n: abc}\n",
            "a.yaml:8:15: error: `when` of the mock answer 1: `n`: `abc` is not a valid integer",
        ),
        (
            "mock:\n  - when: {n: 11}\n",
            "a.yaml:8:15: error: `when` of the mock answer 1: `n`: `11` is above the maximum 10",
        ),
        (
            "mock:\n  - name: x\n  - name: x\n",
            "a.yaml:9:11: error: mock answer name `x` is used twice; names must be unique",
        ),
        (
            "mock:\n  - delay: soon\n",
            "a.yaml:8:12: error: delay `soon` of the mock answer 1 is not a duration",
        ),
        (
            "mock:\n  body: {a: \"{{nn}}\"}\n",
            "a.yaml:8:14: error: unknown variable `nn`: declare it under `variables:` or use a context variable (did you mean `n`?)",
        ),
        (
            "mock:\n  - nmae: x\n",
            "a.yaml:8:5: error: unknown key `nmae` in `mock[0]` (did you mean `name`?)",
        ),
        (
            "mock: 3\n",
            "a.yaml:7:7: error: `mock` must be a mapping, found number 3",
        ),
    ];
    for (yaml, want) in cases {
        let stderr = validate(&format!("{HEAD}{yaml}"), None);
        assert!(stderr.contains(want), "{yaml}\nwant: {want}\ngot: {stderr}");
    }
}

#[test]
fn errors_in_mock_answers_do_not_hide_errors_in_cases() {
    let out = validate(
        &format!(
            "{HEAD}mock:\n  - name: m\n  - name: m\ncases:\n  - name: x\n    mock: zz\n  - name: x\n    vars: {{nn: 1}}\n  - name: y\n    expect: {{fails: timeout, status: 200}}\n  - name: z\n    timeout: 0s\n"
        ),
        None,
    );
    for expected in [
        "a.yaml:9:11: error: mock answer name `m` is used twice",
        "a.yaml:12:11: error: case `x`: no mock answer is named `zz`",
        "a.yaml:13:11: error: case name `x` is used twice",
        "a.yaml:14:12: error: case `x`: `nn` is not a declared variable",
        "a.yaml:16:21: error: case `y`: `fails` stands alone in `expect`",
        "a.yaml:18:14: error: case `z`: timeout `0s` is too short",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

#[test]
fn bad_cases_are_located() {
    let mock = "mock:\n  - name: found\n";
    let cases = [
        (
            "cases:\n  - name: x\n  - name: x\n",
            "a.yaml:11:11: error: case name `x` is used twice; names must be unique in a file",
        ),
        (
            "cases:\n  - name: x\n    vars: {m: 1}\n",
            "a.yaml:11:12: error: case `x`: `m` is not a declared variable (did you mean `n`?)",
        ),
        (
            "cases:\n  - name: x\n    vars: {n: abc}\n",
            "a.yaml:11:15: error: case `x`: `n`: `abc` is not a valid integer",
        ),
        (
            "cases:\n  - name: x\n    mock: fonud\n",
            "a.yaml:11:11: error: case `x`: no mock answer is named `fonud` (did you mean `found`?)",
        ),
        (
            "cases:\n  - name: x\n    timeout: fast\n",
            "a.yaml:11:14: error: case `x`: timeout `fast` is not a duration",
        ),
        (
            "cases:\n  - name: x\n    expect: {fails: timeuot}\n",
            "a.yaml:11:21: error: `cases[0].expect.fails` must be one of timeout, transport, found `timeuot` (did you mean `timeout`?)",
        ),
        (
            "cases:\n  - name: x\n    expect: {fails: timeout, status: 200}\n",
            "a.yaml:11:21: error: case `x`: `fails` stands alone in `expect`",
        ),
        (
            "cases:\n  - name: x\n    expect: {body: {$.a: {equalz: 1}}}\n",
            "a.yaml:11:27: error: expect.body `$.a`: unknown predicate `equalz` (did you mean `equals`?)",
        ),
        (
            "cases:\n  - vars: {}\n",
            "a.yaml:10:9: error: missing required key `name` in `cases[0]`",
        ),
        (
            "cases:\n  - name: x\n    expectt: {}\n",
            "a.yaml:11:5: error: unknown key `expectt` in `cases[0]` (did you mean `expect`?)",
        ),
    ];
    for (yaml, want) in cases {
        let found = validate(&format!("{HEAD}{mock}{yaml}"), None);
        assert!(found.contains(want), "{yaml}\nwant: {want}\ngot: {found}");
        assert_eq!(found.lines().count(), 1, "one error each: {found}");
    }
}

#[test]
fn bad_flow_cases_are_located() {
    let action = format!("{HEAD}mock:\n  - name: found\n");
    let flow = |cases: &str| {
        format!(
            "name: F\ndescription: A flow\nvariables:\n  - {{name: n, type: integer, example: 1}}\nsteps:\n  - action: a\n    vars: {{n: \"{{{{n}}}}\"}}\n{cases}"
        )
    };
    let cases = [
        (
            "cases:\n  - name: x\n    expect: {stops_at: b}\n",
            "./flows/f.yaml:10:24: error: case `x`: `stops_at` names `b`, which is no step's action (did you mean `a`?)",
        ),
        (
            "cases:\n  - name: x\n    mock: {b: found}\n",
            "./flows/f.yaml:10:12: error: case `x`: `mock` names `b`, which is no step's action (did you mean `a`?)",
        ),
        (
            "cases:\n  - name: x\n    mock: {a: fonud}\n",
            "./flows/f.yaml:10:15: error: case `x`: action `a` has no mock answer named `fonud` (did you mean `found`?)",
        ),
        (
            "cases:\n  - name: x\n    vars: {n: abc}\n",
            "./flows/f.yaml:10:15: error: case `x`: `n`: `abc` is not a valid integer",
        ),
        (
            "cases:\n  - name: x\n  - name: x\n",
            "./flows/f.yaml:10:11: error: case name `x` is used twice",
        ),
        (
            "cases:\n  - name: x\n    expect: {stop_at: a}\n",
            "unknown key `stop_at` in the expect of case `x` (did you mean `stops_at`?)",
        ),
        (
            "cases:\n  - name: x\n    expect: {completes: false}\n",
            "case `x`: `completes` takes `true`",
        ),
    ];
    for (yaml, want) in cases {
        let stderr = validate(&action, Some(&flow(yaml)));
        assert!(stderr.contains(want), "{yaml}\nwant: {want}\ngot: {stderr}");
    }
}
