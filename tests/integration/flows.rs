//! Flows and extraction: the verify-then-lookup flow end to end against
//! loopback servers, stopping on a failed condition, and validation of
//! flow files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::server::{Reply, TestServer};
use common::{actionctl, stdout_json};
use predicates::prelude::*;
use serde_json::json;

const FLOW_VARS: [&str; 6] = [
    "--var",
    "customer_id=CUST-1",
    "--var",
    "phone_pin=0421",
    "--var",
    "order_number=ORD-9",
];

fn verify_server(verified: bool) -> TestServer {
    TestServer::start(move |r| {
        if r.target.starts_with("/v1/customers/verify") {
            Reply::json(
                200,
                json!({"verified": verified, "customer_name": "Jane Doe"}),
            )
        } else {
            Reply::json(200, json!({"status": "shipped"}))
        }
    })
}

#[test]
fn the_verified_lookup_flow_runs_both_steps() {
    let server = verify_server(true);
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", "verified-order-lookup", "--base-url", &server.url()])
        .args(FLOW_VARS)
        .assert()
        .success()
        .stdout(r#"{"status":"shipped"}"#)
        .stderr(predicate::str::contains("── step 1/2: verify-customer"))
        .stderr(predicate::str::contains("* extracted verified = true"))
        .stderr(predicate::str::contains("── step 2/2: lookup-order"))
        .stderr(predicate::str::contains(
            "flow verified-order-lookup: 2 steps passed",
        ));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].json(),
        json!({"customer_id": "CUST-1", "phone_pin": "0421"}),
        "`channel` (the unset context value medium) is left out"
    );
    assert_eq!(requests[1].target, "/v1/orders/ORD-9?include=items");
}

/// Stderr of the verified lookup flow run with `--keychain KEYCHAIN` and
/// no D-Bus session, the secret in the environment.
fn flow_stderr_with_keychain(keychain: &str) -> String {
    let server = verify_server(true);
    let out = actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(["--keychain", keychain])
        .args(["test", "verified-order-lookup", "--base-url", &server.url()])
        .args(FLOW_VARS)
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(server.requests().len(), 2);
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_unreachable_keychain_is_noted_once_per_run_not_per_step() {
    let stderr = flow_stderr_with_keychain("secret-service");
    assert_eq!(
        stderr.matches("no keychain reachable").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_keychain_turned_off_is_not_noted() {
    let stderr = flow_stderr_with_keychain("none");
    assert!(!stderr.contains("keychain"), "{stderr}");
}

#[test]
fn a_failed_condition_stops_the_flow_with_the_reason() {
    let server = verify_server(false);
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", "verified-order-lookup", "--base-url", &server.url()])
        .args(FLOW_VARS)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: flow verified-order-lookup stopped before step 2 (lookup-order): condition `{{verified}} == true` does not hold (verified = false)",
        ));
    assert_eq!(server.requests().len(), 1, "the lookup must not be sent");
}

#[test]
fn a_failing_step_stops_the_flow() {
    let server = TestServer::start(|_| Reply::json(401, json!({"error": "bad pin"})));
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", "verified-order-lookup", "--base-url", &server.url()])
        .args(FLOW_VARS)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error: flow verified-order-lookup stopped at step 1: verify-customer: expected status 200, got 401"));
}

#[test]
fn the_flow_runs_with_mock_and_reports_json() {
    let out = actionctl()
        .args([
            "test",
            "verified-order-lookup",
            "--mock",
            "--format",
            "json",
        ])
        .args(FLOW_VARS)
        .assert()
        .success()
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    assert_eq!(doc["flow"], "verified-order-lookup");
    assert_eq!(doc["passed"], true);
    assert_eq!(doc["steps"][0]["action"], "verify-customer");
    assert_eq!(
        doc["steps"][0]["extracted"],
        json!({"verified": true, "customer_name": "Jane Doe"})
    );
    assert_eq!(doc["steps"][1]["response"]["body"]["status"], "shipped");
}

#[test]
fn missing_extractions_fail_the_check() {
    let server = TestServer::start(|_| Reply::json(200, json!({"something": "else"})));
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", "verify-customer", "--var", "customer_id=C", "--var", "phone_pin=1", "--base-url", &server.url()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("* extract verified: $.verified matched nothing"))
        .stderr(predicate::str::contains(
            "error: verify-customer: extract failed: verified ($.verified) matched nothing; customer_name ($.customer_name) matched nothing",
        ));
}

#[test]
fn validate_checks_flows_against_the_actions() {
    let out = actionctl()
        .args(["validate", "tests/fixtures/bad-flows/broken-flow.yaml"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let p = "tests/fixtures/bad-flows/broken-flow.yaml";
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                "{p}:6:13: error: step 1: unknown action `verify-customr` (did you mean `verify-customer`?)"
            ),
            format!(
                "{p}:9:13: error: step 2: action `lookup-order` needs `order_number`; give it under `vars:`"
            ),
            format!(
                "{p}:10:11: error: step 2: nothing provides `verifed` (not a flow variable, context value or earlier extraction)"
            ),
            format!(
                "{p}:12:7: error: step 2: action `lookup-order` has no variable `order_nmber` (did you mean `order_number`?)"
            ),
            format!(
                "{p}:12:21: error: step 2: nothing provides `order` (not a flow variable, context value or earlier extraction)"
            ),
        ]
    );
}

#[test]
fn validate_checks_flows_against_actions_named_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let action = "name: Check account\ndescription: Check an account.\nmethod: GET\n\
        url: api.company.com/v1/accounts/{{account}}\n\
        variables:\n  - {name: account, type: string, required: true, description: The account, example: A-1}\n";
    std::fs::write(dir.path().join("check-account.yaml"), action).unwrap();
    let flow = "name: Account flow\ndescription: Checks an account.\n\
        steps:\n  - action: check-account\n    vars: {}\n";
    std::fs::write(dir.path().join("account-flow.yaml"), flow).unwrap();
    let out = actionctl()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let flow_path = dir.path().join("account-flow.yaml");
    assert_eq!(
        stdout.trim_end(),
        format!(
            "{}:4:13: error: step 1: action `check-account` needs `account`; give it under `vars:`",
            flow_path.display()
        )
    );
}

#[test]
fn validate_includes_the_flows_folder() {
    // 8 actions, 1 flow and the shipped conversation.
    actionctl()
        .arg("validate")
        .assert()
        .success()
        .stderr(predicate::str::contains("10 files checked: 10 valid"));
}

#[test]
fn test_all_runs_everything_and_writes_junit() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("results.xml");
    actionctl()
        .args([
            "test", "--all", "--mock", "--jobs", "3", "--report", "junit",
        ])
        .arg(&report)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "PASS flow verified-order-lookup / wrong-pin",
        ))
        // 6 files without cases, lookup-order's 5, verify-customer's 4
        // and the flow's 4: each case counts.
        .stderr(predicate::str::contains("19 passed, 0 failed"));
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(
        xml.contains("<testsuite name=\"actionctl\" tests=\"19\" failures=\"0\""),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 19);
    assert!(
        xml.contains("name=\"verified-order-lookup / wrong-pin\""),
        "{xml}"
    );
}

#[test]
fn test_all_reports_failures_in_junit_and_exits_1() {
    let server = TestServer::start(|_| Reply::json(500, json!({"error": "down"})));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("results.xml");
    let mut cmd = actionctl();
    for env in [
        "COMPANY_API",
        "ZENDESK_API",
        "INVENTORY_API",
        "SALESFORCE_API",
        "JIRA_API",
        "STORE_INVENTORY",
        "TWILIO_AUTH_TOKEN",
    ] {
        cmd.env(format!("ACTIONCTL_SECRET_{env}"), "tok-123456");
    }
    cmd.args([
        "test",
        "--all",
        "--base-url",
        &server.url(),
        "--report",
        "junit",
    ])
    .arg(&report)
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "FAIL action lookup-order / found: lookup-order: expected status 200, got 500",
    ))
    // The cases that expect a 500 pass against it, and so does the flow
    // case that expects a stop at verification.
    .stderr(predicate::str::contains(
        "PASS action lookup-order / server-error",
    ))
    .stderr(predicate::str::contains(
        "PASS flow verified-order-lookup / wrong-pin",
    ))
    .stderr(predicate::str::contains(
        "FAIL action lookup-order / slow-answer: expected the exchange to fail (timeout), but a response came",
    ))
    .stderr(predicate::str::contains("3 passed, 16 failed"));
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(xml.contains("failures=\"16\""), "{xml}");
    assert!(
        xml.contains("<testcase classname=\"actionctl.action\" name=\"lookup-order / found\""),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<failure message=\"lookup-order: expected status 200, got 500 Internal Server Error: the API failed on its side; the request may be fine, try again later; 2 checks failed too: $.order_number: expected equals &quot;ORD-12345&quot;, got nothing at this path"
        ),
        "{xml}"
    );
    assert!(!xml.contains("tok-123456"));
}

/// A deadline past what `Instant` can hold used to panic in the
/// transport; the panicking workers' results were dropped and the run
/// ended `0 passed, 0 failed` with exit 0 and an empty JUnit report. Such
/// a timeout is now refused before anything runs (the transport's own
/// robustness against it is a unit test in src/transport.rs).
#[test]
fn test_all_refuses_a_timeout_too_long_for_a_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("results.xml");
    actionctl()
        .args(["test", "--all", "--mock", "--jobs", "2"])
        .args(["--timeout", "9223372036854775807s", "--report", "junit"])
        .arg(&report)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`9223372036854775807s` is too long: durations are at most 1h",
        ));
    assert!(!report.exists());
}

#[test]
fn test_all_json_lists_every_run() {
    let out = actionctl()
        .args(["test", "--all", "--mock", "--format", "json", "-j", "1"])
        .assert()
        .success()
        .get_output()
        .clone();
    let list = stdout_json(&out);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "check-inventory",
            "check-store-stock",
            "create-issue",
            "create-ticket",
            "lookup-customer",
            "lookup-order / found",
            "lookup-order / not-found",
            "lookup-order / server-error",
            "lookup-order / unauthorized",
            "lookup-order / slow-answer",
            "send-sms",
            "verify-customer / verified",
            "verify-customer / wrong-pin",
            "verify-customer / unauthorized",
            "verify-customer / server-error",
            "verified-order-lookup / verified-caller",
            "verified-order-lookup / wrong-pin",
            "verified-order-lookup / order-not-found",
            "verified-order-lookup / lookup-server-error",
        ]
    );
    let first_case = &list[5];
    assert_eq!(first_case["id"], "lookup-order");
    assert_eq!(first_case["case"], "found");
    assert_eq!(list[0]["case"], serde_json::Value::Null);
}

#[test]
fn flow_inputs_are_checked_like_action_variables() {
    actionctl()
        .args(["test", "verified-order-lookup", "--mock", "--var", "customer_idd=C"])
        .assert()
        .code(4)
        .stderr("error: flow `verified-order-lookup` has no variable `customer_idd` (did you mean `customer_id`?)\n");
    actionctl()
        .args(["test", "verified-order-lookup", "--mock", "--var", "customer_id=C"])
        .assert()
        .code(4)
        .stderr("error: missing required variables: phone_pin, order_number (give --var phone_pin=VALUE --var order_number=VALUE)\n");
}

#[test]
fn an_unset_optional_flow_value_never_becomes_an_empty_path_segment() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("optional-lookup.yaml");
    std::fs::write(
        &flow,
        "name: Optional lookup\ndescription: Looks up an order whose number may be missing.\n\
         variables:\n  - {name: order, type: string}\n\
         steps:\n  - action: lookup-order\n    vars: {order_number: \"{{order}}\"}\n",
    )
    .unwrap();
    let server = TestServer::start(|_| Reply::json(200, json!({"status": "shipped"})));
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", flow.to_str().unwrap(), "--base-url", &server.url()])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: flow optional-lookup stopped at step 1 (lookup-order): `order_number` takes `{{order}}`, which has no value (give --var order=VALUE)",
        ));
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", flow.to_str().unwrap(), "--base-url", &server.url()])
        .args(["--var", "order=ORD-7"])
        .assert()
        .success();
    assert_eq!(server.single().target, "/v1/orders/ORD-7?include=items");
}

#[test]
fn an_unset_flow_value_for_an_optional_path_variable_names_the_flow_value() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("actions")).unwrap();
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    std::fs::write(
        dir.path().join("actions/get-item.yaml"),
        "name: Get item\ndescription: Gets an item by an optional id.\nmethod: GET\n\
         url: https://api.example.com/items/{{id}}\n\
         variables:\n  - {name: id, type: string}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("flows/item-flow.yaml"),
        "name: Item flow\ndescription: Gets an item.\n\
         variables:\n  - {name: item, type: string}\n\
         steps:\n  - action: get-item\n    vars: {id: \"{{item}}\"}\n",
    )
    .unwrap();
    let server = TestServer::start(|_| Reply::json(200, json!({})));
    common::actionctl_in(dir.path())
        .args(["test", "item-flow", "--base-url", &server.url()])
        .assert()
        .code(4)
        .stderr(predicate::str::ends_with(
            "error: flow item-flow stopped at step 1 (get-item): `id` takes `{{item}}`, which has no value (give --var item=VALUE)\n",
        ));
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

/// `actionctl --dir tests/fixtures/extraction/actions test ...` against `server`.
fn extraction_test(server: &TestServer, target: &str) -> assert_cmd::Command {
    let mut cmd = actionctl();
    cmd.args(["--dir", "tests/fixtures/extraction/actions", "test", target])
        .args(["--base-url", &server.url()]);
    cmd
}

#[test]
fn json_flow_stopped_by_a_condition_says_where_and_why() {
    let server = verify_server(false);
    let out = actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args([
            "test",
            "verified-order-lookup",
            "--format",
            "json",
            "--base-url",
            &server.url(),
        ])
        .args(FLOW_VARS)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    assert_eq!(doc["flow"], "verified-order-lookup");
    assert_eq!(doc["passed"], false);
    assert_eq!(
        doc["stopped_at"],
        json!({"step": 2, "action": "lookup-order"})
    );
    assert_eq!(doc["failure"]["kind"], "condition");
    assert_eq!(
        doc["failure"]["message"],
        "flow verified-order-lookup stopped before step 2 (lookup-order): condition `{{verified}} == true` does not hold (verified = false)"
    );
    let steps = doc["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "the skipped step is not listed");
    assert_eq!(steps[0]["action"], "verify-customer");
    assert_eq!(steps[0]["passed"], true);
    assert_eq!(steps[0]["failure"], json!(null));
    assert_eq!(steps[0]["extracted"]["verified"], false);
}

#[test]
fn json_flow_reports_a_failing_status_step() {
    let server = TestServer::start(|_| Reply::json(401, json!({"error": "bad pin"})));
    let out = actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args([
            "test",
            "verified-order-lookup",
            "--format",
            "json",
            "--base-url",
            &server.url(),
        ])
        .args(FLOW_VARS)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    assert_eq!(
        doc["stopped_at"],
        json!({"step": 1, "action": "verify-customer"})
    );
    assert_eq!(doc["failure"]["kind"], "status");
    assert_eq!(doc["steps"][0]["failure"]["kind"], "status");
    assert_eq!(doc["steps"][0]["response"]["status"], 401);
    assert_eq!(
        doc["steps"][0]["extracted"],
        json!(null),
        "not run on a failed status"
    );
}

#[test]
fn json_flow_whose_second_step_fails_in_transport() {
    let server = TestServer::start(|r| {
        if r.target.starts_with("/v1/customers/verify") {
            Reply::json(200, json!({"verified": true, "customer_name": "Jane Doe"}))
        } else {
            Reply::Drop
        }
    });
    let out = actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args([
            "test",
            "verified-order-lookup",
            "--format",
            "json",
            "--base-url",
            &server.url(),
        ])
        .args(FLOW_VARS)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "a transport error keeps exit 5");
    let doc = stdout_json(&out);
    assert_eq!(doc["passed"], false);
    assert_eq!(
        doc["stopped_at"],
        json!({"step": 2, "action": "lookup-order"})
    );
    assert_eq!(doc["failure"]["kind"], "transport");
    let message = doc["failure"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("flow verified-order-lookup stopped at step 2 (lookup-order): the server closed the connection"),
        "{message}"
    );
    let steps = doc["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["passed"], true);
    assert_eq!(steps[1]["action"], "lookup-order");
    assert_eq!(steps[1]["failure"]["kind"], "transport");
    assert_eq!(steps[1]["response"], json!(null));
    assert_eq!(
        steps[1]["request"]["url"],
        format!("{}/v1/orders/ORD-9?include=items", server.url())
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "error: flow verified-order-lookup stopped at step 2 (lookup-order): the server closed"
        ),
        "{stderr}"
    );
}

const INVOICE: &str =
    r#"{"id":123456789012345678901234,"amount":19.999999999999999999,"lines":[]}"#;

fn invoice_server() -> TestServer {
    TestServer::start(|r| {
        if r.method == "GET" {
            Reply::text(200, "application/json", INVOICE)
        } else {
            Reply::json(201, json!({"paid": true}))
        }
    })
}

#[test]
fn json_flow_whose_second_step_gets_an_unusable_value() {
    let server = invoice_server();
    let out = extraction_test(&server, "archive-invoice-flow")
        .args(["--var", "number=INV-1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(
        doc["stopped_at"],
        json!({"step": 2, "action": "archive-invoice"})
    );
    assert_eq!(doc["failure"]["kind"], "input");
    assert_eq!(
        doc["failure"]["message"],
        "flow archive-invoice-flow stopped at step 2 (archive-invoice): variable `invoice_id`: `123456789012345678901234` is not a valid integer (expected a whole number such as 42)"
    );
    assert_eq!(doc["steps"][1]["request"], json!(null));
    assert_eq!(server.requests().len(), 1, "nothing altered is sent");
}

#[test]
fn numbers_reach_the_next_request_exactly_as_received() {
    let server = invoice_server();
    let out = extraction_test(&server, "pay-invoice-flow")
        .args(["--var", "number=INV-1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].target,
        "/invoices/123456789012345678901234/payments"
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[1].body),
        r#"{"invoice_id":"123456789012345678901234","amount":19.999999999999999999}"#
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for exact in [
        r#""id": 123456789012345678901234"#,
        r#""amount": 19.999999999999999999"#,
        r#""invoice_id": 123456789012345678901234"#,
        r#""amount": 19.999999999999999999,"#,
    ] {
        assert!(stdout.contains(exact), "{exact} missing from {stdout}");
    }
}

#[test]
fn extraction_skips_failed_statuses_and_wildcards_give_arrays() {
    let server = invoice_server();
    let out = extraction_test(&server, "get-invoice")
        .args(["--var", "number=INV-1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "an empty list is not a failure");
    assert_eq!(stdout_json(&out)["extracted"]["line_ids"], json!([]));

    let one_line = TestServer::start(|_| {
        Reply::json(
            200,
            json!({"id": 7, "amount": 1.5, "lines": [{"id": "L1"}]}),
        )
    });
    extraction_test(&one_line, "get-invoice")
        .args(["--var", "number=INV-1"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "* extracted line_ids = [\"L1\"]\n",
        ));

    let missing = TestServer::start(|_| Reply::json(404, json!({"error": "no such invoice"})));
    let out = extraction_test(&missing, "get-invoice")
        .args(["--var", "number=INV-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr
            .matches("* extract skipped: the response did not pass `expect`")
            .count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("matched nothing"), "{stderr}");
}

#[test]
fn oversized_extractions_fail_and_long_trace_lines_are_cut() {
    let mut tree = json!({"id": "x".repeat(9 * 1024 * 1024)});
    for _ in 0..100 {
        tree = json!({"id": tree});
    }
    let body = serde_json::to_vec(&tree).unwrap();
    let server = TestServer::start(move |_| Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.clone(),
    });
    let out = extraction_test(&server, "get-tree").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: get-tree: extract failed: ids ($..id) matched more than 1 MiB of JSON, the limit for an extracted value; note ($.note) matched nothing"),
        "{stderr}"
    );
    assert!(
        stderr.len() < 4096,
        "the trace stays small: {} bytes",
        stderr.len()
    );

    let note = "n".repeat(5000);
    let long = TestServer::start(move |_| Reply::json(200, json!({"note": note})));
    let out = extraction_test(&long, "get-tree").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("* extracted note = "))
        .unwrap();
    assert!(line.ends_with("… (4,621 more bytes)"), "{line}");
    assert_eq!(
        line.chars().count(),
        400 + "… (4,621 more bytes)".chars().count()
    );
}

#[test]
fn schema_exports_a_flow_as_one_tool() {
    let out = actionctl()
        .args(["schema", "verified-order-lookup", "--format", "mcp"])
        .assert()
        .success()
        .get_output()
        .clone();
    let tool = stdout_json(&out);
    assert_eq!(tool["name"], "verified-order-lookup");
    assert_eq!(tool["title"], "Verified order lookup");
    assert_eq!(
        tool["inputSchema"]["required"],
        json!(["customer_id", "phone_pin", "order_number"])
    );
    assert_eq!(
        tool["inputSchema"]["properties"]["phone_pin"],
        json!({"type": "string", "description": "The caller's phone PIN", "examples": ["0421"]})
    );
    assert_eq!(
        tool["annotations"]["readOnlyHint"], false,
        "verify-customer is a POST"
    );
    assert_eq!(tool["annotations"]["idempotentHint"], false);

    let out = actionctl()
        .args(["schema", "--all", "--format", "anthropic"])
        .assert()
        .success()
        .get_output()
        .clone();
    let names: Vec<String> = stdout_json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 9);
    assert_eq!(
        names[8], "verified-order-lookup",
        "flows follow the actions"
    );
}

/// `--report junit` used to rename its file over whatever the path was:
/// a FIFO, a device (as root, /dev/full or /dev/null itself) or a link.
#[cfg(unix)]
#[test]
fn reports_never_replace_what_is_not_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.xml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    actionctl()
        .args(["test", "--all", "--mock", "--report", "junit"])
        .arg(&fifo)
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "is not a regular file; nothing written",
        ));
    assert!(fifo.metadata().unwrap().file_type().is_fifo());
}

/// A flow named like an action could never be run by id (`test ID` runs
/// the action), so validate says so.
#[test]
fn a_flow_with_an_action_id_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("actions")).unwrap();
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    for id in ["verify-customer", "lookup-order"] {
        std::fs::copy(
            common::root().join(format!("actions/{id}.yaml")),
            dir.path().join(format!("actions/{id}.yaml")),
        )
        .unwrap();
    }
    std::fs::copy(
        common::root().join("flows/verified-order-lookup.yaml"),
        dir.path().join("flows/lookup-order.yaml"),
    )
    .unwrap();
    common::actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .code(3)
        .stdout(predicate::str::contains(
            "flows/lookup-order.yaml:1:1: error: flow id `lookup-order` is also an action's id; `test lookup-order` would run the action: rename one of the files",
        ));
}
