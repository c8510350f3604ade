//! Exporting actions for agents and shells: tool definitions (snapshots,
//! and checks against the published shapes kept in
//! tests/fixtures/tool-shapes), completions and the man page.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{actionctl, fixture, root, stdout_json};
use predicates::prelude::*;

const ACTIONS: [&str; 8] = [
    "check-inventory",
    "check-store-stock",
    "create-issue",
    "create-ticket",
    "lookup-customer",
    "lookup-order",
    "send-sms",
    "verify-customer",
];

fn schema(args: &[&str]) -> String {
    let out = actionctl()
        .arg("schema")
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_format_matches_its_snapshot() {
    for format in ["openai", "anthropic", "mcp", "json-schema"] {
        for action in ACTIONS {
            insta::assert_snapshot!(
                format!("{format}__{action}"),
                schema(&[action, "--format", format])
            );
        }
    }
    insta::assert_snapshot!(
        "openai-strict__create-ticket",
        schema(&["create-ticket", "--format", "openai", "--strict"])
    );
}

fn validator(shape: &str) -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(fixture(&format!("tool-shapes/{shape}.schema.json"))).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(shape: &str, value: &serde_json::Value) {
    let errors: Vec<String> = validator(shape)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{shape}: {errors:?}\n{value:#}");
}

#[test]
fn exports_fit_the_published_shapes() {
    for (format, shape) in [
        ("openai", "openai-tool"),
        ("anthropic", "anthropic-tool"),
        ("mcp", "mcp-tool"),
    ] {
        let out = actionctl()
            .args(["schema", "--all", "--format", format])
            .output()
            .unwrap();
        let tools = stdout_json(&out);
        assert_eq!(tools.as_array().unwrap().len(), 9, "8 actions and the flow");
        for tool in tools.as_array().unwrap() {
            assert_valid(shape, tool);
        }
    }
    let out = actionctl()
        .args(["schema", "--all", "--format", "openai", "--strict"])
        .output()
        .unwrap();
    for tool in stdout_json(&out).as_array().unwrap() {
        assert_valid("openai-tool", tool);
        assert_valid("openai-strict", tool);
    }
}

#[test]
fn parameters_are_the_variables_only() {
    let out = actionctl()
        .args(["schema", "create-ticket", "--format", "json-schema"])
        .output()
        .unwrap();
    let schema = stdout_json(&out);
    let names: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        ["issue_description", "priority_level"],
        "no context variables, no secrets"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("zendesk"));
    jsonschema::meta::validate(&schema).unwrap();
}

#[test]
fn schema_needs_an_action_or_all() {
    actionctl()
        .args(["schema", "--format", "mcp"])
        .assert()
        .code(2);
    actionctl()
        .args(["schema", "nope", "--format", "mcp"])
        .assert()
        .code(4);
    actionctl()
        .args([
            "--dir",
            "tests/fixtures/invalid",
            "schema",
            "--all",
            "--format",
            "mcp",
        ])
        .assert()
        .code(3);
}

#[test]
fn strict_is_refused_where_it_would_change_nothing() {
    for format in ["anthropic", "mcp", "json-schema"] {
        for target in [&["create-ticket"][..], &["--all"][..]] {
            actionctl()
                .arg("schema")
                .args(target)
                .args(["--format", format, "--strict"])
                .assert()
                .code(2)
                .stdout("")
                .stderr(format!(
                    "error: --strict is OpenAI's strict mode and applies to --format openai only, not {format}\n"
                ));
        }
    }
}

/// Compares generated text with the committed file; with
/// ACTIONCTL_UPDATE_GENERATED=1 rewrites the file instead.
fn check_generated(args: &[&str], path: &str) {
    let out = actionctl().args(args).output().unwrap();
    assert!(out.status.success());
    let file = root().join(path);
    if std::env::var_os("ACTIONCTL_UPDATE_GENERATED").is_some() {
        std::fs::write(&file, &out.stdout).unwrap();
        return;
    }
    let committed = std::fs::read(&file).unwrap_or_default();
    assert!(
        committed == out.stdout,
        "{path} is out of date: run `ACTIONCTL_UPDATE_GENERATED=1 cargo test --test integration authoring::` and commit it"
    );
}

#[test]
fn committed_completions_and_man_page_are_up_to_date() {
    check_generated(&["completions", "bash"], "completions/actionctl.bash");
    check_generated(&["completions", "zsh"], "completions/_actionctl");
    check_generated(&["completions", "fish"], "completions/actionctl.fish");
    check_generated(&["completions", "powershell"], "completions/_actionctl.ps1");
    check_generated(&["completions", "elvish"], "completions/actionctl.elv");
    check_generated(&["man"], "man/actionctl.1");
}

#[test]
fn dynamic_completion_offers_action_ids() {
    actionctl()
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .args(["--", "actionctl", "test", "lookup-"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("lookup-customer")
                .and(predicate::str::contains("lookup-order")),
        );
}

#[test]
fn dynamic_completion_offers_flows_to_test_and_schema() {
    for command in ["test", "schema"] {
        let out = actionctl()
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", "2")
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .args(["--", "actionctl", command, "verif"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let stdout = String::from_utf8(out.stdout).unwrap();
        let offered: Vec<&str> = stdout.split_whitespace().collect();
        assert_eq!(
            offered,
            ["verify-customer", "verified-order-lookup"],
            "{command}"
        );
    }
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in [
        "validate",
        "list",
        "render",
        "dry-run",
        "test",
        "secret",
        "schema",
        "completions",
    ] {
        let out = actionctl()
            .args([command, "--help"])
            .assert()
            .success()
            .get_output()
            .clone();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Usage: actionctl"), "{command}");
        if command != "secret" {
            assert!(
                help.contains("Examples:"),
                "{command} --help has no example"
            );
        }
    }
}

/// Examples are commands to copy: on a terminal of 80 columns none is
/// wrapped, where its tail would stand on a line of its own and look like
/// another command.
#[test]
fn help_examples_fit_80_columns() {
    let examples = |args: &[&str], columns: &str| -> Vec<String> {
        let out = actionctl()
            .env("COLUMNS", columns)
            .args(args)
            .arg("--help")
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .skip_while(|l| *l != "Examples:")
            .take_while(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    for args in [
        &[][..],
        &["validate"],
        &["list"],
        &["render"],
        &["dry-run"],
        &["test"],
        &["new"],
        &["schema"],
        &["completions"],
        &["secret", "set"],
        &["secret", "list"],
        &["secret", "rm"],
        &["import", "curl"],
        &["export"],
    ] {
        let wide = examples(args, "1000");
        assert!(wide.len() > 1, "{args:?}");
        for line in &wide {
            assert!(line.chars().count() <= 80, "{args:?}: {line}");
        }
        assert_eq!(examples(args, "80"), wide, "{args:?}");
        assert_eq!(examples(args, "100"), wide, "{args:?}");
    }
}

fn new_args() -> Vec<&'static str> {
    vec![
        "new",
        "check-stock",
        "--name",
        "Check Stock",
        "--description",
        "Check whether a product is in stock by its SKU.",
        "--method",
        "get",
        "--url",
        "https://inventory.test/v1/stock/{{sku}}",
        "--auth",
        "header",
        "--auth-header",
        "X-API-Key",
        "--secret",
        "inventory-api",
        "--header",
        "Accept=application/json",
        "--variable",
        "sku:string:required:example=P-1:The product SKU",
        "--variable",
        "warehouse:string::Warehouse code",
    ]
}

#[test]
fn new_from_flags_writes_a_file_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    common::actionctl_in(dir.path())
        .args(new_args())
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "wrote actions/check-stock.yaml",
        ));
    let text = std::fs::read_to_string(dir.path().join("actions/check-stock.yaml")).unwrap();
    assert!(
        text.contains("query:\n  \"warehouse\": \"{{warehouse}}\"\n"),
        "{text}"
    );
    common::actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .success()
        .stdout("");
    common::actionctl_in(dir.path())
        .args([
            "render",
            "check-stock",
            "--var",
            "sku=P-1",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"X-API-Key\": \"<secret:inventory-api>\"",
        ));
}

#[test]
fn new_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    common::actionctl_in(dir.path())
        .args(new_args())
        .assert()
        .success();
    let path = dir.path().join("actions/check-stock.yaml");
    std::fs::write(&path, "original").unwrap();
    common::actionctl_in(dir.path())
        .args(new_args())
        .assert()
        .code(4)
        .stderr("error: actions/check-stock.yaml already exists; nothing written (use --force to replace it)\n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
    common::actionctl_in(dir.path())
        .args(new_args())
        .arg("--force")
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Check Stock")
    );
    let leftovers = std::fs::read_dir(dir.path().join("actions"))
        .unwrap()
        .count();
    assert_eq!(leftovers, 1, "no temporary files left behind");
}

#[test]
fn new_without_a_terminal_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    common::actionctl_in(dir.path())
        .args(["new", "x", "--name", "X"])
        .assert()
        .code(2)
        .stderr("error: stdin is not a terminal, so `new` cannot ask: give --description, --method, --url\n");
    common::actionctl_in(dir.path())
        .args([
            "new",
            "x",
            "--name",
            "X",
            "--description",
            "Long enough text",
            "--method",
            "GET",
            "--url",
            "https://x.test/{{a}}",
        ])
        .assert()
        .code(2)
        .stderr(
            "error: --url uses {{a}}, but no --variable declares it: add --variable 'a:TYPE' (TYPE: string, integer, float, boolean, date, email, phone, array<TYPE>)\n",
        );
    assert!(!dir.path().join("actions/x.yaml").exists());
}

/// Files the user keeps get the umask's permissions, like any file made
/// from a shell, not the 0600 of a temporary file.
#[cfg(unix)]
#[test]
fn written_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("actionctl");
    let mode_after = |umask: &str, args: &[&str], file: &str| {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$@\""))
            .arg("sh")
            .arg(&binary)
            .args(args)
            .current_dir(dir.path())
            .env("ACTIONCTL_KEYCHAIN", "none")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        std::fs::metadata(dir.path().join(file))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(
        mode_after("022", &new_args(), "actions/check-stock.yaml"),
        0o644
    );
    let mut again = new_args();
    again.push("--force");
    assert_eq!(mode_after("027", &again, "actions/check-stock.yaml"), 0o640);
    std::fs::write(
        dir.path().join("actions/check-stock.yaml"),
        std::fs::read_to_string(common::root().join("actions/lookup-order.yaml")).unwrap(),
    )
    .unwrap();
    let report = [
        "test",
        "--all",
        "--mock",
        "--report",
        "junit",
        "out/report.xml",
    ];
    assert_eq!(mode_after("002", &report, "out/report.xml"), 0o664);
}

#[test]
fn schema_all_refuses_ids_that_export_as_one_tool_name() {
    let dir = tempfile::tempdir().unwrap();
    let actions = dir.path().join("actions");
    std::fs::create_dir(&actions).unwrap();
    let text = std::fs::read_to_string(common::root().join("actions/lookup-order.yaml")).unwrap();
    for id in ["order.lookup", "order-lookup", "order_lookup"] {
        std::fs::write(actions.join(format!("{id}.yaml")), &text).unwrap();
    }
    common::actionctl_in(dir.path())
        .args(["schema", "--all", "--format", "openai"])
        .assert()
        .code(3)
        .stdout("")
        .stderr("actions/order_lookup.yaml:1:1: error: id `order_lookup` exports as tool name `order_lookup`, like actions/order.lookup.yaml (`order.lookup`); rename one of the files\n");
    std::fs::remove_file(actions.join("order_lookup.yaml")).unwrap();
    let out = common::actionctl_in(dir.path())
        .args(["schema", "--all", "--format", "openai"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let names: Vec<String> = common::stdout_json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["order-lookup", "order_lookup"]);
}

/// `--variable` takes constraints, examples and array types; the file
/// written has them where the format wants them and validates cleanly.
#[test]
fn new_variable_flags_give_constraints_examples_and_arrays() {
    let dir = tempfile::tempdir().unwrap();
    common::actionctl_in(dir.path())
        .args([
            "new",
            "label-issue",
            "--name",
            "Label Issue",
            "--description",
            "Add labels to an issue, with a priority.",
            "--method",
            "POST",
            "--url",
            "https://tracker.test/issues/{{issue}}/labels",
            "--variable",
            "issue:integer:required:minimum=1:example=42:The issue number",
            "--variable",
            "priority:string:enum=low,normal,high:default=normal:How urgent: low, normal or high",
            "--variable",
            r#"labels:array<string>:required:pattern=[a-z][a-z0-9-]*:max_length=20:example=["bug","p1"]:Labels to add"#,
        ])
        .assert()
        .success()
        .stderr(predicate::str::starts_with("wrote actions/label-issue.yaml"));
    let text = std::fs::read_to_string(dir.path().join("actions/label-issue.yaml")).unwrap();
    assert!(
        text.contains(
            "  - name: issue\n    type: integer\n    minimum: 1\n    description: \"The issue number\"\n    example: 42\n    required: true\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  - name: priority\n    type: string\n    enum: [\"low\", \"normal\", \"high\"]\n    description: \"How urgent: low, normal or high\"\n    required: false\n    default: \"normal\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  - name: labels\n    type: array\n    items:\n      type: string\n      pattern: \"[a-z][a-z0-9-]*\"\n      max_length: 20\n    description: \"Labels to add\"\n    example: [\"bug\", \"p1\"]\n    required: true\n"
        ),
        "{text}"
    );
    common::actionctl_in(dir.path())
        .arg("validate")
        .assert()
        .success()
        .stdout("")
        .stderr("1 file checked: 1 valid, 0 errors, 0 warnings\n");
    common::actionctl_in(dir.path())
        .args(["render", "label-issue", "--format", "json"])
        .args(["--var", "issue=7", "--var", r#"labels=["bug","needs-info"]"#])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"body\": {\n    \"priority\": \"normal\",\n    \"labels\": [\n      \"bug\",\n      \"needs-info\"\n    ]\n  }",
        ));
}

#[test]
fn new_refuses_constraints_that_do_not_fit_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let new = |variable: &str| {
        let mut cmd = common::actionctl_in(dir.path());
        cmd.args([
            "new",
            "x",
            "--name",
            "X",
            "--description",
            "Long enough text",
            "--method",
            "GET",
            "--url",
            "https://x.test/{{n}}",
            "--variable",
            variable,
        ]);
        cmd
    };
    new("n:integer:minimum=5:maximum=1:example=3:N")
        .assert()
        .code(3)
        .stderr("error: --variable: variable `n`: `minimum` 5 is greater than `maximum` 1, so no value fits; nothing written\n");
    new("n:integer:min_length=2:N")
        .assert()
        .code(3)
        .stderr("error: --variable: `min_length` applies to string, date, email and phone values, not to integer (variable `n`); nothing written\n");
    new("n:string:enum=a,b:example=c:N")
        .assert()
        .code(3)
        .stderr("error: --variable: example of variable `n`: `c` is not one of the allowed values (enum): a, b; nothing written\n");
    new("n:integer:maximum=many")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: --variable `n:integer:maximum=many`: `maximum` takes a number, not `many` (form: NAME:TYPE[:required][:KEY=VALUE]...[:DESCRIPTION])",
        ));
    assert!(!dir.path().join("actions/x.yaml").exists());
}

/// Problems found when the drafted file is checked are said about the
/// flags they came from, never located in a file that was not written.
#[test]
fn new_names_the_flag_behind_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    common::actionctl_in(dir.path())
        .args([
            "new",
            "x",
            "--name",
            "X",
            "--description",
            "short",
            "--method",
            "GET",
            "--url",
            "https://x.test/{{ a",
        ])
        .assert()
        .code(3)
        .stderr(
            "error: --description: `description` must be 10-200 characters long, found 5; nothing written\n\
             error: --url: unterminated placeholder: `{{` has no matching `}}`; nothing written\n",
        );
    assert!(!dir.path().join("actions").exists());
}

/// `new` with the base flags of a GET action and `auth`, in a fresh folder.
fn new_with_auth(dir: &std::path::Path, auth: &[&str]) -> assert_cmd::assert::Assert {
    common::actionctl_in(dir)
        .args([
            "new",
            "shape",
            "--name",
            "Shape",
            "--description",
            "An action with one of the auth shapes.",
            "--method",
            "GET",
            "--url",
            "https://api.test/v1/items",
        ])
        .args(auth)
        .assert()
}

#[test]
fn new_refuses_a_body_variable_that_body_auth_also_sets() {
    let dir = tempfile::tempdir().unwrap();
    common::actionctl_in(dir.path())
        .args([
            "new",
            "x",
            "--name",
            "X",
            "--description",
            "Long enough text",
            "--method",
            "POST",
            "--url",
            "https://x.test/items",
            "--auth",
            "body",
            "--param",
            "api_key",
            "--secret",
            "inv",
            "--variable",
            "api_key:string:optional:The key",
        ])
        .assert()
        .code(3)
        .stderr("error: --variable: body key `api_key` is also set by auth type body; remove one; nothing written\n");
    assert!(!dir.path().join("actions/x.yaml").exists());
}

#[test]
fn new_writes_the_query_basic_key_and_prefixed_header_shapes() {
    for (auth, yaml, shown) in [
        (
            &["--auth", "query", "--param", "api_key", "--secret", "inv"][..],
            "auth:\n  type: query\n  param: \"api_key\"\n  secret: \"inv\"\n",
            "\"url\": \"https://api.test/v1/items?api_key=<secret:inv>\"",
        ),
        (
            &["--auth", "basic", "--username-secret", "stripe"][..],
            "auth:\n  type: basic\n  username_secret: \"stripe\"\n",
            "\"Authorization\": \"Basic base64(<secret:stripe>:)\"",
        ),
        (
            &[
                "--auth",
                "header",
                "--auth-header",
                "Authorization",
                "--prefix",
                "Token ",
                "--secret",
                "gh",
            ][..],
            "auth:\n  type: header\n  header: \"Authorization\"\n  prefix: \"Token \"\n  secret: \"gh\"\n",
            "\"Authorization\": \"Token <secret:gh>\"",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        new_with_auth(dir.path(), auth).success();
        let text = std::fs::read_to_string(dir.path().join("actions/shape.yaml")).unwrap();
        assert!(text.contains(yaml), "{auth:?}:\n{text}");
        common::actionctl_in(dir.path())
            .args(["render", "shape", "--format", "json"])
            .assert()
            .success()
            .stdout(predicate::str::contains(shown));
    }
}

#[test]
fn new_refuses_auth_flags_that_do_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    for (auth, error) in [
        (
            &["--auth", "basic", "--username-secret", "s", "--secret", "t"][..],
            "error: --username-secret sends the secret as the username with an empty password; give it alone, or --username and --secret\n",
        ),
        (
            &["--auth", "bearer", "--secret", "s", "--prefix", "Token "][..],
            "error: --prefix is for --auth header, not --auth bearer\n",
        ),
        (
            &["--auth", "query", "--username-secret", "s"][..],
            "error: --username-secret is for --auth basic, not --auth query\n",
        ),
        (
            &["--auth", "query", "--secret", "s"][..],
            "error: --auth query needs --param NAME\n",
        ),
        (
            &["--auth", "basic", "--secret", "s"][..],
            "error: --auth basic needs --username USER (or --username-secret NAME)\n",
        ),
        (
            &["--secret", "s"][..],
            "error: --secret is for --auth bearer, basic, header, body or query; give --auth TYPE too\n",
        ),
        (
            &["--auth", "none", "--secret", "s"][..],
            "error: --secret is for --auth bearer, basic, header, body or query, not --auth none\n",
        ),
        (
            &["--auth", "bearer", "--secret", "s", "--param", "k"][..],
            "error: --param is for --auth body or query, not --auth bearer\n",
        ),
        (
            &["--auth", "bearer", "--secret", "s", "--auth-header", "X-K"][..],
            "error: --auth-header is for --auth header, not --auth bearer\n",
        ),
        (
            &[
                "--auth",
                "body",
                "--param",
                "k",
                "--secret",
                "s",
                "--username",
                "u",
            ][..],
            "error: --username is for --auth basic, not --auth body\n",
        ),
    ] {
        new_with_auth(dir.path(), auth).code(2).stderr(error);
    }
    new_with_auth(
        dir.path(),
        &[
            "--auth",
            "header",
            "--auth-header",
            "Authorization",
            "--prefix",
            " Token",
            "--secret",
            "s",
        ],
    )
    .code(3)
    .stderr("error: --auth: `auth.prefix` starts with a space, which a header value loses on the way; remove it; nothing written\n");
    assert!(!dir.path().join("actions/shape.yaml").exists());
}
