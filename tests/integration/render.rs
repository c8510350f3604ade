//! `actionctl render` and `dry-run` on the shipped examples and fixtures:
//! the exact request, field by field, masked secrets, and input errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{actionctl, stdout_json};
use predicates::prelude::*;
use serde_json::json;

#[test]
fn render_json_gives_method_url_headers_and_body() {
    let out = actionctl()
        .args([
            "render",
            "lookup-order",
            "--var",
            "order_number=ORD-12345",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let request = stdout_json(&out);
    assert_eq!(request["method"], "GET");
    assert_eq!(
        request["url"],
        "https://api.company.com/v1/orders/ORD-12345?include=items"
    );
    assert_eq!(
        request["headers"],
        json!({"Accept": "application/json", "Authorization": "Bearer <secret:company-api>"})
    );
    assert_eq!(request["body"], serde_json::Value::Null);
    assert_eq!(request.as_object().unwrap().len(), 4);
}

#[test]
fn render_json_types_body_values_and_fills_context() {
    let out = actionctl()
        .args([
            "render",
            "create-ticket",
            "--var",
            "issue_description=Box arrived \"crushed\"",
            "--context",
            "tests/fixtures/context.yaml",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .clone();
    let request = stdout_json(&out);
    assert_eq!(request["method"], "POST");
    assert_eq!(
        request["url"],
        "https://acme.zendesk.com/api/v2/tickets.json"
    );
    assert_eq!(
        request["headers"],
        json!({
            "Authorization": "Basic base64(agent@acme.com/token:<secret:zendesk-api>)",
            "Content-Type": "application/json"
        })
    );
    assert_eq!(
        request["body"],
        json!({"ticket": {
            "subject": "Call from Ada Lovelace",
            "comment": {"body": "Box arrived \"crushed\""},
            "priority": "normal",
            "requester": {"name": "Ada Lovelace", "email": "ada@example.com"},
            "tags": ["voice-agent", "inbound"]
        }})
    );
}

#[test]
fn render_types_every_variable_kind() {
    let out = actionctl()
        .args([
            "render",
            "tests/fixtures/valid/all-types.yaml",
            "--format",
            "json",
            "--var",
            "id=7",
            "--var",
            "score=4.5",
            "--var",
            "notify=yes",
            "--var",
            "when=2024-05-31",
            "--var",
            "email=ada@example.com",
            "--var",
            "phone=+44 20 7946 0000",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let request = stdout_json(&out);
    assert_eq!(request["method"], "PUT");
    assert_eq!(
        request["url"],
        "https://api.example.com/people/7?notify=true"
    );
    assert_eq!(request["headers"]["X-Request-Date"], "2024-05-31");
    assert_eq!(
        request["body"],
        json!({
            "id": 7, "score": 4.5, "notify": true, "when": "2024-05-31",
            "email": "ada@example.com", "phone": "+44 20 7946 0000",
            "label": "score 4.5 for ada@example.com",
            "api_key": "<secret:people-api>"
        })
    );
}

#[test]
fn json_text_bodies_take_typed_values() {
    let out = actionctl()
        .args([
            "render",
            "tests/fixtures/valid/json-text-body.yaml",
            "--format",
            "json",
            "--var",
            "sku=P\"1",
            "--var",
            "qty=3",
            "--var",
            "note=fragile, \"handle\" with care",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        stdout_json(&out)["body"],
        json!({"sku": "P\"1", "qty": 3, "gift": false, "note": "for : fragile, \"handle\" with care"})
    );
}

#[test]
fn render_text_reads_like_an_http_message() {
    actionctl()
        .args([
            "render",
            "check-inventory",
            "--var",
            "sku=PROD-12345",
            "--var",
            "warehouse=EU 1",
        ])
        .assert()
        .success()
        .stdout(
            "GET https://inventory.company.com/v2/stock/PROD-12345?warehouse=EU%201\n\
             Accept: application/json\n\
             X-API-Key: <secret:inventory-api>\n",
        );
}

#[test]
fn path_values_cannot_climb() {
    let out = actionctl()
        .args([
            "render",
            "lookup-order",
            "--var",
            "order_number=../../admin?x=1",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        stdout_json(&out)["url"],
        "https://api.company.com/v1/orders/..%2F..%2Fadmin%3Fx%3D1?include=items"
    );
}

#[test]
fn render_curl_reads_the_secret_from_the_environment() {
    actionctl()
        .args([
            "render",
            "verify-customer",
            "--var",
            "customer_id=C-1",
            "--var",
            "phone_pin=0421",
            "--format",
            "curl",
        ])
        .assert()
        .success()
        .stdout(format!(
            "curl 'https://api.company.com/v1/customers/verify' \\\n  \
             --request POST \\\n  \
             --user-agent 'actionctl/{}' \\\n  \
             --header 'Accept: application/json' \\\n  \
             --header 'Authorization: Bearer '\"$ACTIONCTL_SECRET_COMPANY_API\" \\\n  \
             --header 'Content-Type: application/json' \\\n  \
             --max-time 15 \\\n  \
             --data-raw '{{\"customer_id\":\"C-1\",\"phone_pin\":\"0421\"}}'\n",
            env!("CARGO_PKG_VERSION")
        ));
}

#[test]
fn render_never_touches_secrets() {
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "sk_live_do_not_print_me")
        .args([
            "render",
            "lookup-order",
            "--var",
            "order_number=1",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("sk_live_do_not_print_me").not());
}

#[test]
fn dry_run_resolves_secrets_and_masks_them() {
    let secret = "s3cr3t-value-123";
    let out = actionctl()
        .env("ACTIONCTL_SECRET_ZENDESK_API", secret)
        .args([
            "dry-run",
            "create-ticket",
            "--var",
            "issue_description=contains s3cr3t-value-123 by accident",
            "--context",
            "tests/fixtures/context.yaml",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(!stdout.contains(secret) && !stderr.contains(secret));
    assert!(stderr.contains("secret zendesk-api: resolved from environment variable ACTIONCTL_SECRET_ZENDESK_API (masked)"));
    assert!(stderr.contains("dry run: nothing was sent"));
    let request = stdout_json(&out);
    assert_eq!(
        request["body"]["ticket"]["comment"]["body"],
        "contains <secret:zendesk-api> by accident"
    );
}

#[test]
fn dry_run_without_the_secret_is_an_input_error() {
    actionctl()
        .args(["dry-run", "lookup-order", "--var", "order_number=1"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(
            "error: missing secret `company-api` used by action `lookup-order`: \
             set the environment variable ACTIONCTL_SECRET_COMPANY_API\n",
        );
}

#[test]
fn input_errors_exit_4_with_one_line() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["render", "lookup-ordr"],
            "error: unknown action `lookup-ordr`: no lookup-ordr.yaml or lookup-ordr.yml in actions (did you mean `lookup-order`?)\n",
        ),
        (
            &["render", "lookup-order"],
            "error: missing required variable: order_number (give --var order_number=VALUE)\n",
        ),
        (
            &["render", "lookup-order", "--var", "order=1"],
            "error: action `lookup-order` has no variable `order` (did you mean `order_number`?)\n",
        ),
        (
            &[
                "render",
                "lookup-order",
                "--var",
                "order_number=1",
                "--var",
                "order_number=2",
            ],
            "error: variable `order_number` is given more than once\n",
        ),
        (
            &[
                "render",
                "tests/fixtures/valid/all-types.yaml",
                "--var",
                "id=seven",
                "--var",
                "score=1",
            ],
            "error: variable `id`: `seven` is not a valid integer (expected a whole number such as 42)\n",
        ),
        (
            &["render", "lookup-customer", "--var", "phone_number=call me"],
            "error: variable `phone_number`: `call me` is not a valid phone (expected 7-15 digits, optionally with +, spaces, dashes, dots or parentheses)\n",
        ),
        (
            &["render", "no/such/file.yaml"],
            "error: cannot read no/such/file.yaml: no such file\n",
        ),
        (
            &[
                "render",
                "create-ticket",
                "--var",
                "issue_description=x",
                "--context",
                "tests/fixtures/bad-context.yaml",
            ],
            "error: tests/fixtures/bad-context.yaml:3:3: unknown context key `contact.frist_name` (did you mean `contact.first_name`?)\n",
        ),
    ];
    for (args, expected) in cases {
        actionctl()
            .args(*args)
            .assert()
            .code(4)
            .stdout("")
            .stderr(*expected);
    }
}

#[test]
fn header_values_with_line_breaks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.yaml");
    std::fs::write(
        &file,
        "name: H\ndescription: Sends a header from a variable\nmethod: GET\nurl: https://x.test/\nheaders:\n  X-Note: \"{{note}}\"\nvariables:\n  - {name: note, type: string}\n",
    )
    .unwrap();
    actionctl()
        .args(["render", file.to_str().unwrap(), "--var", "note=a\r\nX-Admin: 1"])
        .assert()
        .code(4)
        .stderr("error: unsafe value for `note` in header X-Note: header values cannot hold line breaks or control characters\n");
}

#[test]
fn invalid_action_files_exit_3_with_their_diagnostics() {
    actionctl()
        .args(["render", "tests/fixtures/invalid/many-problems.yaml"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "tests/fixtures/invalid/many-problems.yaml:2:14: error: `description` must be 10-200 characters long, found 5\n",
        ))
        .stderr(predicate::str::contains("warning").not());
}

#[test]
fn unset_context_values_are_noted_on_stderr_unless_quiet() {
    actionctl()
        .args(["render", "create-ticket", "--var", "issue_description=x"])
        .assert()
        .success()
        .stderr(predicate::str::contains("context values contact.first_name, contact.last_name, contact.email, direction not set"));
    actionctl()
        .args([
            "-q",
            "render",
            "create-ticket",
            "--var",
            "issue_description=x",
        ])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn curl_export_never_turns_a_value_into_a_secret_reference() {
    let sentinel = "\u{1}ACTIONCTL-SECRET\u{1}";
    let out = actionctl()
        .args([
            "render",
            "tests/fixtures/wire/body-auth.yaml",
            "--format",
            "curl",
        ])
        .args(["--var", &format!("note=a {sentinel} b")])
        .assert()
        .success()
        .get_output()
        .clone();
    let curl = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        curl.matches("$ACTIONCTL_SECRET_WIRE_API").count(),
        1,
        "only the body credential reads the environment:\n{curl}"
    );
    assert!(
        curl.contains(r#"--data-raw '{"note":"a \u0001ACTIONCTL-SECRET\u0001 b","source":"voice agent","api_key":"'"$ACTIONCTL_SECRET_WIRE_API"'"}'"#),
        "{curl}"
    );
}

#[test]
fn a_missing_context_value_in_the_url_asks_for_a_context_file() {
    actionctl()
        .args(["render", "tests/fixtures/wire/contact-path.yaml"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: `contact.id` has no value, but the URL needs it (set it in a --context FILE: `contact: {id: VALUE}`)\n",
        ))
        .stderr(predicate::str::contains("--var").not());
    actionctl()
        .args([
            "render",
            "tests/fixtures/wire/contact-path.yaml",
            "--context",
        ])
        .arg(common::fixture("context.yaml"))
        .assert()
        .success();
}

#[test]
fn literal_url_text_that_is_not_a_url_is_a_validation_error() {
    let file = "tests/fixtures/wire/bad-literal-url.yaml";
    let out = actionctl()
        .args(["validate", file])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for expected in [
        format!(
            "{file}:6:6: error: url holds `é`, which a URL cannot carry as written; percent-encode it (`%C3%A9`)"
        ),
        format!(
            "{file}:6:6: error: url holds `\"`, which a URL cannot carry as written; percent-encode it (`%22`)"
        ),
        format!(
            "{file}:6:6: error: url holds a fragment (`#vip`): it is never sent to the server; remove it, or write `%23` for a literal `#`"
        ),
    ] {
        assert!(stdout.contains(&expected), "{expected}\nnot in:\n{stdout}");
    }
}
