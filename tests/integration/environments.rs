//! Environments: `environments.yaml`, `--env`/`ACTIONCTL_ENV`,
//! `--env-file`, where each request goes (`base_url`, `base_urls`,
//! `--base-url`, `--mock`), `{{env.KEY}}` values on the wire, and the
//! errors before anything is sent. The project is
//! tests/fixtures/environments, copied with loopback servers in place of
//! its placeholder ports when a test sends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::server::{Reply, TestServer};
use common::{actionctl, actionctl_in, stdout_json};
use predicates::prelude::*;
use serde_json::json;

/// The fixture project, as `--dir` names its actions folder.
const DIR: &str = "tests/fixtures/environments/actions";

/// The placeholder ports of the fixture's environments.yaml.
const STAGING_PAYMENTS: &str = "http://127.0.0.1:10001";
const STAGING_SHOP: &str = "http://127.0.0.1:10002";
const CI: &str = "http://127.0.0.1:10003";

/// A copy of the fixture project in a temporary folder, each placeholder
/// server URL of its environments file replaced as `servers` says.
fn project(servers: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = common::fixture("environments");
    for folder in ["actions", "flows"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        for entry in std::fs::read_dir(from.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                dir.path().join(folder).join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let mut environments = std::fs::read_to_string(from.join("environments.yaml")).unwrap();
    for (placeholder, url) in servers {
        environments = environments.replace(placeholder, url);
    }
    std::fs::write(dir.path().join("environments.yaml"), environments).unwrap();
    dir
}

fn ok(body: serde_json::Value) -> TestServer {
    TestServer::start(move |_| Reply::json(200, body.clone()))
}

/// The secret create-charge uses, under the staging profile.
const STAGING_SECRET: (&str, &str) = ("ACTIONCTL_STAGING_SECRET_PAYMENTS_API", "tok-staging-123");

#[test]
fn a_flow_sends_each_step_to_the_server_of_its_origin() {
    let payments = ok(json!({"id": "ch_42", "status": "succeeded"}));
    let shop = ok(json!({"shipped": true}));
    let dir = project(&[
        (STAGING_PAYMENTS, &payments.url()),
        (STAGING_SHOP, &shop.url()),
    ]);
    actionctl_in(dir.path())
        .env(STAGING_SECRET.0, STAGING_SECRET.1)
        .args(["--env", "staging", "test", "charge-then-ship"])
        .args(["--var", "order_id=ORD-7"])
        .assert()
        .success()
        .stdout(r#"{"shipped":true}"#)
        .stderr(predicate::str::contains(
            "flow charge-then-ship: 2 steps passed",
        ));
    let charge = payments.single();
    assert_eq!(
        (charge.method.as_str(), charge.target.as_str()),
        ("POST", "/v1/charges")
    );
    assert_eq!(charge.header("x-account"), Some("acct_staging"));
    assert_eq!(
        charge.header("authorization"),
        Some("Bearer tok-staging-123")
    );
    assert_eq!(
        charge.header("host"),
        Some(payments.url().trim_start_matches("http://"))
    );
    assert_eq!(
        charge.json(),
        json!({"amount": 1250, "currency": "usd", "order": "ORD-7"})
    );
    let ship = shop.single();
    assert_eq!(
        (ship.method.as_str(), ship.target.as_str()),
        ("POST", "/admin/api/orders/ORD-7/ship.json?charge=ch_42")
    );
    assert_eq!(ship.header("x-shop-owner"), Some("acme"));
    assert_eq!(ship.header("authorization"), None);
    assert_eq!(ship.body, br#"{"notify":true}"#);
}

#[test]
fn base_url_sends_every_action_to_one_server_under_its_path() {
    let server = ok(json!({"id": "ch_1"}));
    let dir = project(&[(CI, &server.url())]);
    actionctl_in(dir.path())
        .env("ACTIONCTL_ENV", "ci")
        .args([
            "test",
            "create-charge",
            "--var",
            "order_id=A",
            "--var",
            "amount=5",
        ])
        .env("ACTIONCTL_SECRET_PAYMENTS_API", "tok-ci")
        .assert()
        .success();
    let r = server.single();
    assert_eq!(r.target, "/ci/v1/charges");
    assert_eq!(r.header("x-account"), Some("acct_ci"));
    assert_eq!(r.header("authorization"), Some("Bearer tok-ci"));
}

#[test]
fn base_url_on_the_command_line_beats_the_environment_and_mock_beats_both() {
    let payments = ok(json!({"id": "ch_1"}));
    let other = ok(json!({"id": "ch_1"}));
    let dir = project(&[(STAGING_PAYMENTS, &payments.url())]);
    actionctl_in(dir.path())
        .env(STAGING_SECRET.0, STAGING_SECRET.1)
        .args(["--env", "staging", "test", "create-charge"])
        .args(["--var", "order_id=A", "--var", "amount=5"])
        .args(["--base-url", &format!("{}/pre", other.url())])
        .assert()
        .success();
    assert_eq!(other.single().target, "/pre/v1/charges");
    actionctl_in(dir.path())
        .args(["--env", "staging", "test", "create-charge", "--mock"])
        .args(["--var", "order_id=A", "--var", "amount=5"])
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""id": "ch_mock""#));
    assert!(payments.requests().is_empty());
    assert_eq!(other.requests().len(), 1);
}

/// `--base-url` and `base_url:` go through one checker: what the file
/// refuses, the flag refuses with the same words (exit 2 for the flag),
/// and neither repeats credentials or a query.
#[test]
fn base_url_on_the_command_line_is_held_to_the_rules_of_the_file() {
    let dir = project(&[]);
    for (url, message) in [
        (
            "http://u:hunter2@127.0.0.1:9",
            "`http://…@127.0.0.1:9` holds credentials (user:password@)",
        ),
        (
            "http://127.0.0.1:9/?key=k3y",
            "`http://127.0.0.1:9/?…` has a query or fragment",
        ),
        (
            "http://127.0.0.1:9/#x",
            "`http://127.0.0.1:9/#…` has a query or fragment",
        ),
        (
            "http://127.0.0.1:9/a/../b",
            "has the dot segment `..` in its path",
        ),
        (
            "http://127.0.0.1:9/%2e%2e/x",
            "has the dot segment `%2e%2e` in its path",
        ),
        (
            "http://127.0.0.1:9/%zz",
            "holds `%` not followed by two hex digits",
        ),
        ("http://127.0.0.1:0", "has port 0"),
        (" http://127.0.0.1:9", "holds a space or control character"),
        (
            "http://127.0.0.1:9/a\u{1b}",
            "holds a space or control character",
        ),
        (
            "127.0.0.1:8080",
            "it needs a scheme, e.g. `http://127.0.0.1:8080`",
        ),
    ] {
        let out = actionctl_in(dir.path())
            .args(["test", "create-charge", "--base-url", url])
            .args(["--var", "order_id=A", "--var", "amount=5"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{url}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{url}: {stderr}");
        std::fs::write(
            dir.path().join("environments.yaml"),
            format!("qa:\n  base_url: {}\n", serde_json::to_string(url).unwrap()),
        )
        .unwrap();
        let out = actionctl_in(dir.path())
            .args(["validate", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{url}");
        let file = findings(&out);
        assert!(file[0].4.contains(message), "{url}: {file:?}");
        let shown = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr);
        assert!(
            !shown.contains("hunter2") && !shown.contains("k3y"),
            "{shown}"
        );
    }
}

/// With a path prefix, a URL without a path is sent to the prefix and
/// `/` whether or not it has a query (`/pre/`, `/pre/?x=1`), as the
/// URL's own path `/` would be.
#[test]
fn a_base_url_path_prefix_joins_urls_without_a_path_the_same_way() {
    let server = ok(json!({"ok": true}));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("actions")).unwrap();
    for (id, url) in [
        ("bare", "https://api.example"),
        ("query", "https://api.example?x=1"),
        ("slash-query", "https://api.example/?x=1"),
    ] {
        std::fs::write(
            dir.path().join(format!("actions/{id}.yaml")),
            format!("name: {id}\ndescription: Calls the API root.\nmethod: GET\nurl: {url}\n"),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("environments.yaml"),
        format!("qa:\n  base_url: {}/pre\n", server.url()),
    )
    .unwrap();
    for id in ["bare", "query", "slash-query"] {
        actionctl_in(dir.path())
            .args(["--env", "qa", "test", id])
            .assert()
            .success();
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/pre/", "/pre/?x=1", "/pre/?x=1"]);
}

#[test]
fn an_origin_without_an_entry_goes_to_the_action_url() {
    // staging routes only its two origins; `production` routes nothing,
    // so its requests would go to the real hosts: render shows them.
    let out = actionctl()
        .args(["--dir", DIR, "--env", "production", "render", "ship-order"])
        .args(["--var", "order_id=ORD-1", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    assert_eq!(
        doc["url"],
        "https://acme.shop.test/admin/api/orders/ORD-1/ship.json"
    );
    assert_eq!(doc["headers"]["X-Shop-Owner"], "acme");
}

#[test]
fn render_and_dry_run_show_where_the_environment_sends_the_request() {
    actionctl()
        .args(["--dir", DIR, "--env", "staging", "render", "ship-order"])
        .args(["--var", "order_id=ORD-1", "--var", "charge_id=ch 1"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "POST http://127.0.0.1:10002/admin/api/orders/ORD-1/ship.json?charge=ch%201\n",
        ))
        .stdout(predicate::str::contains("X-Shop-Owner: acme\n"));
    actionctl()
        .args(["--dir", DIR, "--env", "staging", "dry-run", "create-charge"])
        .args(["--var", "order_id=A", "--var", "amount=5"])
        .args(["--base-url", "http://127.0.0.1:9/x"])
        .env(STAGING_SECRET.0, STAGING_SECRET.1)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "POST http://127.0.0.1:9/x/v1/charges\n",
        ))
        .stdout(predicate::str::contains("X-Account: acct_staging\n"))
        .stdout(predicate::str::contains(
            "Authorization: Bearer <secret:payments-api>",
        ))
        .stderr(predicate::str::contains(
            "from environment variable ACTIONCTL_STAGING_SECRET_PAYMENTS_API",
        ));
    actionctl()
        .args([
            "--dir",
            DIR,
            "render",
            "create-charge",
            "--base-url",
            "ftp://x",
        ])
        .args(["--var", "order_id=A", "--var", "amount=5"])
        .assert()
        .code(2);
}

#[test]
fn the_curl_export_carries_env_values_and_sends_what_test_sends() {
    let out = actionctl()
        .args([
            "--dir",
            DIR,
            "--env",
            "ci",
            "render",
            "create-charge",
            "--format",
            "curl",
        ])
        .args(["--var", "order_id=A", "--var", "amount=5"])
        .assert()
        .success()
        .get_output()
        .clone();
    let curl = String::from_utf8(out.stdout).unwrap();
    assert!(
        curl.starts_with("curl 'http://127.0.0.1:10003/ci/v1/charges' \\\n"),
        "{curl}"
    );
    assert!(curl.contains("--header 'X-Account: acct_ci'"), "{curl}");
    assert!(curl.contains("$ACTIONCTL_SECRET_PAYMENTS_API"), "{curl}");
    // Under staging's profile, the export reads the profile's variable.
    actionctl()
        .args([
            "--dir",
            DIR,
            "--env",
            "staging",
            "render",
            "create-charge",
            "--format",
            "curl",
        ])
        .args(["--var", "order_id=A", "--var", "amount=5"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "$ACTIONCTL_STAGING_SECRET_PAYMENTS_API",
        ))
        .stdout(predicate::str::contains(
            "'http://127.0.0.1:10001/v1/charges'",
        ));
    if !common::system_part(&["curl", "sh"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let by_curl = ok(json!({"id": "ch_1"}));
    let by_test = ok(json!({"id": "ch_1"}));
    for (server, run_curl) in [(&by_curl, true), (&by_test, false)] {
        let dir = project(&[(CI, &server.url())]);
        if run_curl {
            let out = actionctl_in(dir.path())
                .args(["--env", "ci", "render", "create-charge", "--format", "curl"])
                .args(["--var", "order_id=A", "--var", "amount=5"])
                .output()
                .unwrap();
            let status = std::process::Command::new("sh")
                .arg("-c")
                .arg(String::from_utf8(out.stdout).unwrap())
                .env("ACTIONCTL_SECRET_PAYMENTS_API", "tok-ci")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        } else {
            actionctl_in(dir.path())
                .env("ACTIONCTL_SECRET_PAYMENTS_API", "tok-ci")
                .args(["--env", "ci", "test", "create-charge"])
                .args(["--var", "order_id=A", "--var", "amount=5"])
                .assert()
                .success();
        }
    }
    let (c, t) = (by_curl.single(), by_test.single());
    assert_eq!(
        (&c.method, &c.target, &c.body),
        (&t.method, &t.target, &t.body)
    );
    for name in ["x-account", "authorization", "content-type"] {
        assert_eq!(c.header(name), t.header(name), "{name}");
    }
}

#[test]
fn test_all_with_an_environment_runs_every_action_and_flow_on_its_servers() {
    let payments = ok(json!({"id": "ch_9"}));
    let shop = ok(json!({"shipped": true}));
    let dir = project(&[
        (STAGING_PAYMENTS, &payments.url()),
        (STAGING_SHOP, &shop.url()),
    ]);
    actionctl_in(dir.path())
        .env(STAGING_SECRET.0, STAGING_SECRET.1)
        .args(["--env", "staging", "test", "--all", "-j", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("PASS action create-charge"))
        .stderr(predicate::str::contains("PASS action ship-order"))
        .stderr(predicate::str::contains("PASS flow charge-then-ship"))
        .stderr(predicate::str::contains("3 passed, 0 failed"));
    // create-charge twice (alone, then in the flow), ship-order twice.
    assert_eq!(payments.requests().len(), 2);
    let targets: Vec<String> = shop.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets
            .iter()
            .filter(|t| t.starts_with("/admin/api/orders/ORD-1/ship.json"))
            .count(),
        2,
        "{targets:?}"
    );
    assert!(targets.contains(&"/admin/api/orders/ORD-1/ship.json?charge=ch_9".to_string()));
    // Without an environment, every target fails on its env values and
    // nothing is sent.
    let before = payments.requests().len();
    actionctl_in(dir.path())
        .args(["test", "--all", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "need an environment, but none is selected",
        ));
    assert_eq!(payments.requests().len(), before);
}

#[test]
fn env_values_missing_are_exit_4_before_anything_is_sent() {
    let ci = ok(json!({"id": "ch_1"}));
    let dir = project(&[(CI, &ci.url())]);
    for args in [
        vec!["--env", "ci", "test", "ship-order", "--var", "order_id=1"],
        vec!["--env", "ci", "render", "ship-order", "--var", "order_id=1"],
        vec![
            "--env",
            "ci",
            "dry-run",
            "ship-order",
            "--var",
            "order_id=1",
        ],
        vec![
            "--env",
            "ci",
            "test",
            "charge-then-ship",
            "--var",
            "order_id=1",
        ],
    ] {
        actionctl_in(dir.path())
            .env("ACTIONCTL_SECRET_PAYMENTS_API", "tok-ci")
            .args(&args)
            .assert()
            .code(4)
            .stderr(predicate::str::contains(
                "environment `ci` does not define `env.owner`: add it under `ci: values:` in the environments file",
            ));
    }
    for args in [
        vec!["test", "ship-order", "--var", "order_id=1"],
        vec!["dry-run", "ship-order", "--var", "order_id=1"],
        vec!["test", "charge-then-ship", "--var", "order_id=1"],
    ] {
        actionctl_in(dir.path())
            .env("ACTIONCTL_SECRET_PAYMENTS_API", "tok-ci")
            .args(&args)
            .assert()
            .code(4)
            .stderr(predicate::str::contains(
                "`env.owner`, `env.shop_domain` need an environment, but none is selected: pass --env NAME (or set ACTIONCTL_ENV)",
            ));
    }
    assert!(ci.requests().is_empty());
    actionctl_in(dir.path())
        .args(["--env", "staging", "render", "ship-order"])
        .args(["--var", "order_id=1", "--var", "env.owner=evil"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "action `ship-order` has no variable `env.owner` (`env.` values come from the environment --env selects, never from --var)",
        ));
}

#[test]
fn selecting_an_environment_that_is_not_there_is_exit_4() {
    actionctl()
        .args(["--dir", DIR, "--env", "stagign", "render", "create-charge"])
        .args(["--var", "order_id=A", "--var", "amount=5"])
        .assert()
        .code(4)
        .stderr(
            "error: unknown environment `stagign` (did you mean `staging`?): tests/fixtures/environments/environments.yaml defines staging, ci, production\n",
        );
    actionctl()
        .env("ACTIONCTL_ENV", "staging")
        .args(["render", "lookup-order", "--var", "order_number=1"])
        .assert()
        .code(4)
        .stderr(
            "error: --env staging: there is no environments file (looked for ./environments.yaml; give another with --env-file FILE)\n",
        );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("x/acts")).unwrap();
    std::fs::copy(
        common::root().join("actions/lookup-order.yaml"),
        dir.path().join("x/acts/lookup-order.yaml"),
    )
    .unwrap();
    actionctl_in(dir.path())
        .args([
            "--dir",
            "x/acts",
            "--env",
            "staging",
            "render",
            "lookup-order",
        ])
        .args(["--var", "order_number=1"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("(looked for x/environments.yaml;"));
    std::fs::write(dir.path().join("x/environments.yaml"), "staging: {}\n").unwrap();
    actionctl_in(dir.path())
        .args([
            "--dir",
            "x/acts",
            "--env",
            "staging",
            "render",
            "lookup-order",
        ])
        .args(["--var", "order_number=1"])
        .assert()
        .success();
    actionctl()
        .args(["--dir", DIR, "--env", "a b", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`a b` is not an environment name"));
    // Commands that send nothing ignore the selection (a leftover
    // ACTIONCTL_ENV never stops them), but still read the file.
    for args in [
        ["list", "--format", "json"],
        ["schema", "--all", "--format=mcp"],
    ] {
        actionctl()
            .env("ACTIONCTL_ENV", "nowhere")
            .args(["--dir", DIR])
            .args(args)
            .assert()
            .success();
    }
}

/// A variable set to nothing (`ACTIONCTL_ENV=`, as a shell or CI
/// template leaves it) is not set: it selects nothing and breaks no
/// command. `--env ''` typed on the command line is still a usage error.
#[test]
fn empty_actionctl_variables_count_as_unset() {
    for variable in [
        "ACTIONCTL_ENV",
        "ACTIONCTL_PROFILE",
        "ACTIONCTL_DIR",
        "ACTIONCTL_KEYCHAIN",
    ] {
        for args in [
            &["validate"][..],
            &["list"],
            &["completions", "bash"],
            &["render", "lookup-order", "--var", "order_number=1"],
        ] {
            actionctl().env(variable, "").args(args).assert().success();
        }
    }
    let dir = project(&[]);
    actionctl_in(dir.path())
        .env("ACTIONCTL_ENV", "")
        .args(["render", "ship-order", "--var", "order_id=1"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "need an environment, but none is selected",
        ));
    actionctl()
        .args(["--env", "", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`` is not an environment name"));
}

#[test]
fn test_format_json_prints_a_document_whatever_stops_it() {
    let dir = project(&[]);
    let run = |env: &str| {
        actionctl_in(dir.path())
            .args(["--env", env, "test", "ship-order", "--format", "json"])
            .args(["--var", "order_id=1"])
            .output()
            .unwrap()
    };
    let out = run("stagign");
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(doc["passed"], false);
    assert_eq!(doc["failure"]["kind"], "input");
    assert!(
        doc["failure"]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown environment `stagign` (did you mean `staging`?)")
    );
    let out = run("ci");
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(doc["failure"]["kind"], "input");
    assert_eq!(doc["request"], json!(null));
    std::fs::write(dir.path().join("environments.yaml"), "staging: [\n").unwrap();
    let out = run("staging");
    assert_eq!(out.status.code(), Some(3));
    let doc = stdout_json(&out);
    assert_eq!(doc["failure"]["kind"], "invalid");
    assert!(
        doc["failure"]["message"]
            .as_str()
            .unwrap()
            .starts_with("./environments.yaml:")
    );
}

/// A flow stopped by the environments step (an unknown `--env`, a
/// missing `--env-file`, a broken file) still prints the flow's
/// document, as every other failure of a flow does.
#[test]
fn a_flow_stopped_by_the_environments_prints_the_flow_document() {
    let dir = project(&[]);
    let run = |args: &[&str]| {
        actionctl_in(dir.path())
            .args(args)
            .args(["test", "charge-then-ship", "--format", "json"])
            .args(["--var", "order_id=1"])
            .output()
            .unwrap()
    };
    let flow_keys = json!([
        "duration_ms",
        "failure",
        "flow",
        "passed",
        "steps",
        "stopped_at"
    ]);
    let cases: [(&[&str], i32, &str); 3] = [
        (&["--env", "nope"], 4, "unknown environment `nope`"),
        (
            &["--env-file", "missing.yaml", "--env", "staging"],
            4,
            "cannot read the environments file missing.yaml",
        ),
        (
            &["--env-file", "flows/charge-then-ship.yaml"],
            3,
            "flows/charge-then-ship.yaml:",
        ),
    ];
    for (args, code, message) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let doc = stdout_json(&out);
        let mut keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(json!(keys), flow_keys, "{args:?}");
        assert_eq!(doc["flow"], "charge-then-ship");
        assert_eq!(doc["passed"], false);
        assert_eq!(doc["steps"], json!([]));
        assert!(
            doc["failure"]["message"]
                .as_str()
                .unwrap()
                .starts_with(message),
            "{args:?}: {doc}"
        );
    }
}

#[test]
fn env_file_names_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("elsewhere.yaml");
    std::fs::write(
        &file,
        "qa:\n  base_url: http://127.0.0.1:7/qa\n  values: {account: acct_qa, shop_domain: qa.shop.test, owner: q}\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    actionctl()
        .args([
            "--dir",
            DIR,
            "--env-file",
            file,
            "--env",
            "qa",
            "render",
            "ship-order",
        ])
        .args(["--var", "order_id=1"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "POST http://127.0.0.1:7/qa/admin/api/orders/1/ship.json\n",
        ));
    actionctl()
        .args([
            "--dir",
            DIR,
            "--env-file",
            file,
            "--env",
            "staging",
            "render",
            "ship-order",
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("unknown environment `staging`"))
        .stderr(predicate::str::contains("defines qa"));
    let missing = dir.path().join("missing.yaml");
    actionctl()
        .args(["--dir", DIR, "--env-file", missing.to_str().unwrap()])
        .args(["--env", "qa", "list"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("cannot read").and(predicate::str::contains("missing.yaml")),
        );
    actionctl()
        .args([
            "--dir",
            DIR,
            "--env-file",
            dir.path().to_str().unwrap(),
            "list",
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("not a regular file"));
}

#[test]
fn the_environment_profile_picks_the_secrets_unless_profile_is_given() {
    let server = ok(json!({"id": "ch_1"}));
    let dir = project(&[(STAGING_PAYMENTS, &server.url())]);
    let run = |extra: &[&str]| {
        actionctl_in(dir.path())
            .env(STAGING_SECRET.0, STAGING_SECRET.1)
            .env("ACTIONCTL_OTHER_SECRET_PAYMENTS_API", "tok-other")
            .env("ACTIONCTL_SECRET_PAYMENTS_API", "tok-none")
            .args(extra)
            .args(["--env", "staging", "test", "create-charge"])
            .args(["--var", "order_id=A", "--var", "amount=5"])
            .assert()
            .success();
    };
    run(&[]);
    run(&["--profile", "other"]);
    let auth: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["Bearer tok-staging-123", "Bearer tok-other"]);
    actionctl_in(dir.path())
        .env(STAGING_SECRET.0, STAGING_SECRET.1)
        .args(["--env", "staging", "secret", "list", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ACTIONCTL_STAGING_SECRET_PAYMENTS_API",
        ));
    actionctl_in(dir.path())
        .env("ACTIONCTL_PROFILE", "other")
        .env("ACTIONCTL_OTHER_SECRET_PAYMENTS_API", "tok-other")
        .args(["--env", "staging", "secret", "list", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ACTIONCTL_OTHER_SECRET_PAYMENTS_API",
        ));
}

#[test]
fn a_context_file_cannot_set_env_values() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("ctx.yaml");
    std::fs::write(&context, "medium: phone\nenv:\n  owner: evil\n").unwrap();
    actionctl()
        .args(["--dir", DIR, "--env", "staging", "render", "ship-order"])
        .args(["--var", "order_id=1", "--context", context.to_str().unwrap()])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "ctx.yaml:2:1: `env` values come from the environments file (select one with --env), not from a context file",
        ));
}

#[test]
fn exports_never_show_env_values_or_keys() {
    for format in ["openai", "anthropic", "mcp", "json-schema"] {
        let out = actionctl()
            .args([
                "--dir", DIR, "--env", "staging", "schema", "--all", "--format", format,
            ])
            .assert()
            .success()
            .get_output()
            .clone();
        let text = String::from_utf8(out.stdout).unwrap();
        for hidden in ["env", "shop_domain", "owner", "acct_", "acme", "account"] {
            assert!(!text.contains(hidden), "{format} shows `{hidden}`: {text}");
        }
        assert!(text.contains("order_id"), "{text}");
    }
    let out = actionctl()
        .args([
            "--dir",
            DIR,
            "schema",
            "ship-order",
            "--format",
            "json-schema",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let schema = stdout_json(&out);
    let names: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["order_id", "charge_id"]);
}

/// `validate` in a copy of the fixture project whose environments file
/// is `environments`, with `extra` actions added.
fn validate_with(environments: Option<&str>, extra: &[(&str, &str)]) -> std::process::Output {
    let dir = project(&[]);
    let file = dir.path().join("environments.yaml");
    match environments {
        Some(text) => std::fs::write(&file, text).unwrap(),
        None => std::fs::remove_file(&file).unwrap(),
    }
    for (name, text) in extra {
        std::fs::write(dir.path().join("actions").join(name), text).unwrap();
    }
    actionctl_in(dir.path())
        .args(["validate", "--format", "json"])
        .output()
        .unwrap()
}

/// `(path, line, column, severity, message)` of each finding.
fn findings(out: &std::process::Output) -> Vec<(String, u64, u64, String, String)> {
    stdout_json(out)
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const TYPO_ACTION: &str = "name: Typo\ndescription: Uses an env key nobody defines.\nmethod: GET\nurl: https://x.test/{{env.acount}}\n";

#[test]
fn validate_locates_env_keys_no_environment_defines() {
    let out = validate_with(
        Some("staging:\n  values: {account: a, shop_domain: s.test, owner: o}\n"),
        &[("typo.yaml", TYPO_ACTION)],
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        findings(&out),
        [(
            "actions/typo.yaml".to_string(),
            4,
            21,
            "error".to_string(),
            "`env.acount` is not defined by any environment in ./environments.yaml (did you mean `env.account`?)".to_string()
        )]
    );
    let out = validate_with(None, &[]);
    assert_eq!(out.status.code(), Some(3));
    // (The flow's steps are errors too: their actions are invalid.)
    let found: Vec<_> = findings(&out)
        .into_iter()
        .filter(|f| f.0.starts_with("actions/"))
        .collect();
    assert!(found.iter().all(|f| f.3 == "error" && f.4.ends_with(
        "takes its value from an environment, but there is no environments file (looked for ./environments.yaml; see --env-file)"
    )), "{found:?}");
    let at: Vec<(&str, u64, u64)> = found.iter().map(|f| (f.0.as_str(), f.1, f.2)).collect();
    assert_eq!(
        at,
        [
            ("actions/create-charge.yaml", 9, 15),
            ("actions/ship-order.yaml", 5, 14),
            ("actions/ship-order.yaml", 7, 18),
        ]
    );
}

#[test]
fn validate_reports_a_broken_environments_file_with_the_actions() {
    let out = validate_with(
        Some(
            "staging:\n  base_url: 127.0.0.1:8080\n  valeus: {}\n  values:\n    account: [1]\n    shop_domain: s.test\n    owner: o\nqa: http://x\n",
        ),
        &[],
    );
    assert_eq!(out.status.code(), Some(3));
    let messages: Vec<String> = findings(&out)
        .into_iter()
        .map(|(path, line, column, severity, message)| {
            format!("{path}:{line}:{column}: {severity}: {message}")
        })
        .collect();
    assert_eq!(
        messages,
        [
            "./environments.yaml:2:13: error: `127.0.0.1:8080` is not a URL: it needs a scheme, e.g. `http://127.0.0.1:8080`",
            "./environments.yaml:3:3: error: unknown key `valeus` in environment `staging` (did you mean `values`?)",
            "./environments.yaml:5:14: error: value `account` of environment `staging` must be a single value, not a list or mapping",
            "./environments.yaml:8:5: error: environment `qa` must be a mapping of settings (base_url, base_urls, profile, values)",
        ]
    );
    let dir = project(&[]);
    std::fs::write(dir.path().join("environments.yaml"), "- a\n").unwrap();
    actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .code(3)
        .stdout("./environments.yaml:1:1: error: an environments file must be a YAML mapping of `key: value` lines\n")
        .stderr(predicate::str::contains("4 files checked: 3 valid, 1 error, 0 warnings"));
    // Other commands refuse to run with it, showing the same lines.
    actionctl_in(dir.path())
        .args(["render", "create-charge", "--var", "order_id=A", "--var", "amount=5"])
        .assert()
        .code(3)
        .stderr("./environments.yaml:1:1: error: an environments file must be a YAML mapping of `key: value` lines\n");
}

#[test]
fn hostile_environments_files_are_errors_never_panics() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            Vec::new(),
            "1:1: error: file is empty; an environments file maps names to settings",
        ),
        (
            b"\x00\x01\x02\xff".to_vec(),
            "error: file is not UTF-8 text",
        ),
        (b"a: \x00\n".to_vec(), "NUL byte"),
        (
            format!("a: {}\n", "[".repeat(100_000)).into_bytes(),
            "nested deeper than 64 levels; environments files need only a few",
        ),
        (
            vec![b'#'; 2 * 1024 * 1024],
            "cannot read file: larger than the limit of 1048576 bytes",
        ),
        (
            b"staging:\n  values:\n    k: \"\\e[31m\"\n".to_vec(),
            "3:8: error: value `k` of environment `staging` holds U+001B, a control",
        ),
        (
            "staging:\n  values:\n    k: \"a\u{202e}b\u{2028}\"\n"
                .as_bytes()
                .to_vec(),
            "3:8: error: value `k` of environment `staging` holds U+202E, a control, bidirectional",
        ),
        (
            b"staging:\n  values:\n    refresh_token: abc\n".to_vec(),
            "looks like a credential",
        ),
        (
            b"staging:\n  values:\n    token: abc\n".to_vec(),
            "looks like a credential",
        ),
    ];
    for (bytes, expected) in cases {
        let dir = project(&[]);
        std::fs::write(dir.path().join("environments.yaml"), &bytes).unwrap();
        let out = actionctl_in(dir.path())
            .args(["--env", "staging", "render", "create-charge"])
            .args(["--var", "order_id=A", "--var", "amount=5"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{expected}: {stderr}");
        assert!(stderr.starts_with("./environments.yaml:"), "{stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}

/// The file is beside the actions folder however `--dir` spells it:
/// `--dir ..` from x/acts/sub means x/acts, so x/environments.yaml, not
/// the one in the current folder (inside the actions tree).
#[test]
fn the_environments_file_is_found_beside_the_actions_folder_however_dir_is_spelt() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x");
    std::fs::create_dir_all(x.join("acts/sub")).unwrap();
    std::fs::write(
        x.join("acts/where.yaml"),
        "name: Where\ndescription: Says which environments file was read.\nmethod: GET\nurl: https://x.test/{{env.file}}\n",
    )
    .unwrap();
    std::fs::write(
        x.join("environments.yaml"),
        "qa:\n  values: {file: right}\n",
    )
    .unwrap();
    std::fs::write(
        x.join("acts/sub/environments.yaml"),
        "qa:\n  values: {file: wrong}\n",
    )
    .unwrap();
    for (cwd, dir_arg) in [
        ("acts/sub", ".."),
        ("acts/sub", "../"),
        ("acts", "."),
        ("acts", "./"),
        ("acts/sub", "../../acts"),
    ] {
        actionctl_in(&x.join(cwd))
            .args([
                "--dir", dir_arg, "--env", "qa", "render", "where", "--format", "json",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "\"url\": \"https://x.test/right\"",
            ));
    }
}

/// An environments file at the size limit: one environment defining 200
/// keys, then as many empty ones as fit (about 94,000), and an action
/// using every key. Every command finishes with a few lines per problem:
/// lists of environment names are cut ("and 94,098 more"), and no work
/// grows with uses × environments.
#[test]
fn a_file_of_many_environments_costs_no_more_than_its_size() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("actions")).unwrap();
    let body: String = (0..200)
        .map(|i| format!("  f{i}: \"{{{{env.k{i}}}}}\"\n"))
        .collect();
    std::fs::write(
        dir.path().join("actions/p.yaml"),
        format!("name: P\ndescription: Posts every environment value.\nmethod: POST\nurl: http://127.0.0.1:9/x\nbody:\n{body}"),
    )
    .unwrap();
    let mut file: String = "full:\n  values:\n".to_string();
    file.extend((0..200).map(|i| format!("    k{i}: v\n")));
    let mut empty = 0;
    loop {
        let line = format!("e{empty}: {{}}\n");
        if file.len() + line.len() > 1024 * 1024 {
            break;
        }
        file.push_str(&line);
        empty += 1;
    }
    assert!(empty > 90_000);
    std::fs::write(dir.path().join("environments.yaml"), &file).unwrap();
    let run = |args: &[&str]| actionctl_in(dir.path()).args(args).output().unwrap();
    let more = format!("and {} more", thousands(empty - 5));

    let out = run(&["validate"]);
    assert_eq!(out.status.code(), Some(0));
    let report = String::from_utf8(out.stdout).unwrap();
    assert_eq!(report.lines().count(), 200);
    assert!(report.len() < 200 * 300, "{} bytes", report.len());
    assert!(report.lines().next().unwrap().ends_with(&format!(
        "warning: `env.k0` is not defined in environments `e0`, `e1`, `e2`, `e3`, `e4` {more} of ./environments.yaml; selecting one fails"
    )));

    let out = run(&["--env", "full", "render", "p", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_json(&out)["body"]["f199"], "v");
    assert!(out.stderr.is_empty());

    let out = run(&["--env", "nope", "render", "p"]);
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.len() < 500, "{} bytes", stderr.len());
    assert!(
        stderr.starts_with("error: unknown environment `nope`: ./environments.yaml defines full, e0, e1, e2, e3, e4, e5, e6, e7, e8 and "),
        "{stderr}"
    );

    let out = run(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.len() < 100);
}

/// `n` with a `,` between groups of three digits.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn an_environments_file_inside_the_actions_folder_is_not_an_action() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(
        common::root().join("actions/lookup-order.yaml"),
        root.join("lookup-order.yaml"),
    )
    .unwrap();
    std::fs::write(
        root.join("environments.yaml"),
        "staging:\n  base_url: http://127.0.0.1:1\n",
    )
    .unwrap();
    let inside = ["--dir", ".", "--env-file", "environments.yaml"];
    actionctl_in(root)
        .args(inside)
        .arg("validate")
        .assert()
        .success()
        .stderr(predicate::str::contains("2 files checked: 2 valid"));
    actionctl_in(root)
        .args(inside)
        .args(["validate", "environments.yaml"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 file checked: 1 valid"));
    actionctl_in(root)
        .args(inside)
        .arg("list")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("lookup-order")
                .and(predicate::str::contains("environments").not()),
        );
}

#[test]
fn on_a_terminal_env_values_are_checked_before_any_variable_is_asked_for() {
    let dir = project(&[]);
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    command
        .current_dir(dir.path())
        .args(["--color", "never", "--env", "ci", "test", "ship-order"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("ACTIONCTL_KEYCHAIN", "none");
    let mut session = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
    let before = session
        .exp_string("environment `ci` does not define `env.owner`")
        .unwrap();
    assert!(!before.contains("order_id"), "asked first: {before}");
    session.exp_eof().unwrap();
}
