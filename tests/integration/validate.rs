//! `actionctl validate` and `list` on real files: exit codes, every
//! problem at its line:col, the JSON and GitHub formats, hostile input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::server::{Reply, TestServer};
use common::{actionctl, actionctl_in, stdout_json};
use predicates::prelude::*;

#[test]
fn shipped_examples_are_valid() {
    actionctl()
        .arg("validate")
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "10 files checked: 10 valid, 0 errors, 0 warnings",
        ));
}

#[test]
fn every_problem_is_reported_with_its_location() {
    let out = actionctl()
        .args(["validate", "tests/fixtures/invalid/many-problems.yaml"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let p = "tests/fixtures/invalid/many-problems.yaml";
    let expected = [
        format!("{p}:2:14: error: `description` must be 10-200 characters long, found 5"),
        format!("{p}:3:9: error: unknown method `FETCH`: use GET, POST, PUT, PATCH or DELETE"),
        format!(
            "{p}:4:6: error: query parameter `api_key` holds a literal credential; store it with `actionctl secret set NAME` and use `auth:` instead"
        ),
        format!(
            "{p}:4:37: error: unknown variable `ordr_number`: declare it under `variables:` or use a context variable (did you mean `order_number`?)"
        ),
        format!("{p}:5:1: error: auth type bearer needs `auth.secret`"),
        format!("{p}:7:3: error: unknown key `secrte` in `auth` (did you mean `secret`?)"),
        format!("{p}:9:13: error: unterminated placeholder: `{{{{` has no matching `}}}}`"),
        format!("{p}:12:12: error: body is not valid JSON: expected value"),
        format!(
            "{p}:13:10: error: timeout `soon` is not a duration such as 30s, 2m, 1m30s or 500ms"
        ),
        format!(
            "{p}:15:11: warning: variable `order_number` has no description; the LLM reads it to know what to ask the caller for"
        ),
        format!("{p}:15:11: warning: variable `order_number` is declared but no template uses it"),
        format!(
            "{p}:19:14: error: example of variable `qty`: `lots` is not a valid integer (expected a whole number such as 42)"
        ),
        format!("{p}:20:11: error: variable `qty` is declared twice (first at 17:11)"),
        format!(
            "{p}:21:11: error: `variables[2].type` must be one of string, integer, float, boolean, date, email, phone, array, found `integr` (did you mean `integer`?)"
        ),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn json_report_has_the_contract_fields() {
    let out = actionctl()
        .args([
            "validate",
            "--format",
            "json",
            "tests/fixtures/invalid/many-problems.yaml",
        ])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let report = stdout_json(&out);
    let items = report.as_array().unwrap();
    assert_eq!(items.len(), 14);
    assert_eq!(
        items[1],
        serde_json::json!({
            "path": "tests/fixtures/invalid/many-problems.yaml",
            "line": 3, "column": 9, "severity": "error",
            "message": "unknown method `FETCH`: use GET, POST, PUT, PATCH or DELETE"
        })
    );
    assert_eq!(items[9]["severity"], "warning");
}

#[test]
fn github_report_is_workflow_annotations() {
    let out = actionctl()
        .args([
            "validate",
            "--format",
            "github",
            "tests/fixtures/invalid/many-problems.yaml",
        ])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
    );
    assert!(stdout.contains("::error file=tests/fixtures/invalid/many-problems.yaml,line=3,col=9::unknown method `FETCH`"));
}

/// Diagnostics quote keys, values and paths from the files they report
/// on. Text and GitHub reports show their control characters escaped
/// (line breaks too: one problem, one line), so a file cannot drive the
/// terminal or forge report lines of whoever validates it.
#[test]
fn reports_show_control_characters_from_files_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("actions")).unwrap();
    std::fs::write(
        dir.path().join("actions/a.yaml"),
        "name: A\ndescription: Reads what the key says.\nmethod: GET\nurl: https://x.test/\n\"k\\e[2J\\e]0;pwned\\a\\u202e\": 1\n\"n\\nactions/a.yaml:1:1: error: forged\": 1\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("actions/\u{1b}[31mb.yaml"), "method: GET\n").unwrap();
    std::fs::write(
        dir.path().join("environments.yaml"),
        "\"\\e[2J\\e]0;pwned\\a\": {}\nqa:\n  base_url: \"http://x\\e[31m.test\"\n",
    )
    .unwrap();
    for format in ["text", "github"] {
        for color in ["never", "always"] {
            let out = actionctl_in(dir.path())
                .args(["--color", color, "validate", "--format", format])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(3));
            let stdout = String::from_utf8(out.stdout).unwrap();
            crate::redaction::assert_no_raw_controls(&stdout, color == "always");
            for shown in [
                r"`k\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}`",
                r"`\u{1b}[2J\u{1b}]0;pwned\u{7}`",
                r"x\u{1b}[31m.test",
                r"actions/\u{1b}[31mb.yaml",
            ] {
                assert!(
                    stdout.contains(shown),
                    "{format} {color}: {shown} in\n{stdout}"
                );
            }
            assert!(
                !stdout
                    .lines()
                    .any(|l| l.starts_with("actions/a.yaml:1:1: error: forged")),
                "{stdout}"
            );
        }
    }
}

#[test]
fn warnings_do_not_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plain-http.yaml"),
        "name: Plain\ndescription: Uses plain http to a remote host\nmethod: GET\nurl: http://api.example.com/x\n",
    )
    .unwrap();
    actionctl_in(dir.path())
        .args(["validate", "."])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "plain-http.yaml:4:6: warning: url uses plain http://",
        ));
}

#[test]
fn folders_are_walked_and_valid_files_pass() {
    actionctl()
        .args([
            "validate",
            "tests/fixtures/valid",
            "actions/lookup-order.yaml",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 files checked: 3 valid"));
}

#[test]
fn missing_paths_and_empty_folders_are_input_errors() {
    actionctl()
        .args(["validate", "no/such/dir"])
        .assert()
        .code(4)
        .stderr(predicate::str::starts_with(
            "error: cannot read no/such/dir:",
        ));
    let dir = tempfile::tempdir().unwrap();
    actionctl_in(dir.path())
        .args(["validate", "."])
        .assert()
        .code(4)
        .stderr("error: no action files (*.yaml, *.yml) in .\n");
}

#[test]
fn dir_option_and_env_choose_the_actions_folder() {
    actionctl()
        .args(["--dir", "tests/fixtures/valid", "validate"])
        .assert()
        .success();
    actionctl()
        .env("ACTIONCTL_DIR", "tests/fixtures/invalid")
        .arg("validate")
        .assert()
        .code(3);
}

/// Hostile files: each must give exit 3 with one `path:line:col: error:`
/// line per problem and never a panic.
#[test]
fn hostile_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let deep_flow = format!("name: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let mut deep_block = String::from("body:\n");
    for i in 1..200 {
        deep_block.push_str(&" ".repeat(i));
        deep_block.push_str("k:\n");
    }
    let alias_bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary.extend_from_slice(b"\xff\xfe\x00");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.yaml", Vec::new()),
        ("whitespace.yaml", b"   \n\n\t\n".to_vec()),
        ("binary.yaml", binary),
        ("bom.yaml", b"\xef\xbb\xbfname: x\n".to_vec()),
        ("deep-flow.yaml", deep_flow.into_bytes()),
        ("deep-block.yaml", deep_block.into_bytes()),
        ("alias-bomb.yaml", alias_bomb.as_bytes().to_vec()),
        ("unterminated.yaml", b"name: N\ndescription: An unterminated one\nmethod: GET\nurl: https://x.test/{{a\nbody: '{\"a\": {{b'\n".to_vec()),
        ("scalar.yaml", b"just a string\n".to_vec()),
        ("list.yaml", b"- a\n- b\n".to_vec()),
        ("tabs.yaml", b"name:\n\t- x\n".to_vec()),
        ("multi-doc.yaml", b"name: a\n---\nname: b\n".to_vec()),
        ("huge-key.yaml", format!("{}: 1\n", "k".repeat(100_000)).into_bytes()),
        ("too-big.yaml", vec![b'#'; 2 * 1024 * 1024]),
        ("wrong-types.yaml", b"name: [1]\ndescription: {a: b}\nmethod: 3\nurl: true\nvariables: x\nheaders: [a]\nbody: 5\nauth: bearer\nexpect: {status: {a: 1}}\nmock: [1]\ntimeout: 30\n".to_vec()),
        ("null-values.yaml", b"name:\ndescription:\nmethod:\nurl:\nvariables:\n  -\n  - name:\nauth:\n  type:\n".to_vec()),
        ("tags.yaml", b"name: !!binary aGVsbG8=\n".to_vec()),
        ("braces.yaml", b"name: N\ndescription: Placeholders everywhere here\nmethod: GET\nurl: \"https://x.test/{{}}/{{ }}/{{a.}}/{{.a}}/{{{{x}}}}\"\n".to_vec()),
        ("control-chars.yaml", b"name: \"a\\u0000b\"\ndescription: \"\\r\\n\\u001b[31m red\"\nmethod: GET\nurl: \"https://x.test/\\n\"\n".to_vec()),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = actionctl_in(dir.path())
        .args(["validate", "."])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    let line_shape = regex_lite_match;
    for line in stdout.lines() {
        assert!(line_shape(line), "not a PATH:LINE:COL diagnostic: {line:?}");
    }
    for (name, _) in &cases {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&format!("./{name}:")) && l.contains(": error: ")),
            "{name} should have an error:\n{stdout}"
        );
    }
}

fn regex_lite_match(line: &str) -> bool {
    let mut parts = line.splitn(4, ':');
    let (Some(path), Some(l), Some(c), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !path.is_empty()
        && l.parse::<usize>().is_ok()
        && c.parse::<usize>().is_ok()
        && (rest.starts_with(" error: ") || rest.starts_with(" warning: "))
}

#[test]
fn list_shows_id_method_and_name() {
    actionctl().arg("list").assert().success().stdout(
        "check-inventory    GET     Check Inventory\n\
             check-store-stock  GET     Check Store Stock\n\
             create-issue       POST    Create Jira Issue\n\
             create-ticket      POST    Create Support Ticket\n\
             lookup-customer    GET     Lookup Customer\n\
             lookup-order       GET     Lookup Order Status\n\
             send-sms           POST    Send SMS\n\
             verify-customer    POST    Verify Customer\n\
             verified-order-lookup  flow    Verified order lookup\n",
    );
    let out = actionctl()
        .args(["list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let list = stdout_json(&out);
    assert_eq!(
        list[5],
        serde_json::json!({"kind": "action", "id": "lookup-order", "method": "GET", "name": "Lookup Order Status", "path": "actions/lookup-order.yaml"})
    );
    assert_eq!(
        list[8],
        serde_json::json!({"kind": "flow", "id": "verified-order-lookup", "name": "Verified order lookup", "path": "flows/verified-order-lookup.yaml", "steps": ["verify-customer", "lookup-order"]})
    );
    assert_eq!(list.as_array().unwrap().len(), 9);
}

#[test]
fn list_names_invalid_files_and_exits_3() {
    actionctl()
        .args(["--dir", "tests/fixtures/invalid", "list"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains(
            "many-problems.yaml: invalid, not listed",
        ));
}

#[test]
fn parallel_and_serial_runs_agree() {
    let serial = actionctl()
        .args(["validate", "-j", "1", "tests/fixtures", "actions"])
        .output()
        .unwrap();
    let parallel = actionctl()
        .args(["validate", "-j", "4", "tests/fixtures", "actions"])
        .output()
        .unwrap();
    assert_eq!(serial.stdout, parallel.stdout);
    assert_eq!(serial.status.code(), Some(3));
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let colored = actionctl()
        .args(["--color", "always", "validate", "tests/fixtures/invalid"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains("\u{1b}["));
    let plain = actionctl()
        .env("NO_COLOR", "1")
        .args(["validate", "tests/fixtures/invalid"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\u{1b}["));
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("\u{1b}["));
}

#[test]
fn usage_errors_exit_2() {
    actionctl()
        .args(["validate", "--format", "xml"])
        .assert()
        .code(2);
    actionctl().arg("frobnicate").assert().code(2);
    actionctl()
        .args(["render", "lookup-order", "--var", "novalue"])
        .assert()
        .code(2);
}

/// A duration must fit in 1ms..=1h wherever it is written: in the file a
/// located validation error, on the command line a usage error. Before,
/// `9223372036854775807s` validated and overflowed the clock at run time,
/// and `--timeout 1ns` was taken and reported as "0ms".
#[test]
fn durations_that_cannot_be_used_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("forever.yaml"),
        "name: Forever\ndescription: Waits longer than any agent\nmethod: GET\nurl: https://x.test/\ntimeout: 9223372036854775807s\n",
    )
    .unwrap();
    actionctl_in(dir.path())
        .args(["validate", "."])
        .assert()
        .code(3)
        .stdout(
            "./forever.yaml:5:10: error: timeout `9223372036854775807s` is too long: durations are at most 1h\n",
        );
    for (value, says) in [
        (
            "9223372036854775807s",
            "is too long: durations are at most 1h",
        ),
        ("1ns", "is too short: durations are at least 1ms"),
    ] {
        actionctl()
            .args([
                "test",
                "lookup-order",
                "--mock",
                "--var",
                "order_number=ORD-1",
            ])
            .args(["--timeout", value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("`{value}` {says}")));
    }
}

/// A `Content-Type` that contradicts the JSON body used to validate and go
/// out as JSON under a form media type. Now it is a validation error at
/// the header, and `test` sends nothing.
#[test]
fn a_content_type_contradicting_the_body_is_refused_before_sending() {
    let file = "tests/fixtures/hostile/form-content-type.yaml";
    actionctl()
        .args(["validate", file])
        .assert()
        .code(3)
        .stdout(format!(
            "{file}:6:17: error: header `Content-Type: application/x-www-form-urlencoded` contradicts the JSON body: use application/json or an application/*+json type, or leave the header out\n"
        ));
    let server = TestServer::start(|_| Reply::json(200, serde_json::json!({})));
    actionctl()
        .args([
            "test",
            file,
            "--var",
            "subject=Broken",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("contradicts the JSON body"));
    assert!(server.requests().is_empty(), "nothing may be sent");
}

/// A 1xx mock used to hang `test --mock` until the timeout: the client
/// waits for the final response that never comes. It is now refused at
/// validation, so the run stops at once with exit 3.
#[test]
fn an_interim_mock_status_is_refused() {
    let file = "tests/fixtures/hostile/mock-interim-status.yaml";
    actionctl()
        .args(["validate", file])
        .assert()
        .code(3)
        .stdout(format!(
            "{file}:7:11: error: `mock.status` must be a status code from 200 to 599, found number 101\n"
        ));
    actionctl()
        .args(["test", file, "--mock"])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(3);
}

/// `/dev/zero`, a FIFO with no writer and an oversized file used to be
/// read to the end (forever, or into memory). Every user file is now a
/// regular file read up to its limit, or an input error naming the path.
#[cfg(unix)]
#[test]
fn special_and_oversized_files_are_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let big = dir.path().join("big-context.json");
    std::fs::write(&big, "#".repeat(2 * 1024 * 1024)).unwrap();
    let fifo = fifo.display().to_string();
    let big = big.display().to_string();
    let not_regular =
        "not a regular file (a folder, device, FIFO or socket); give the path of a file";
    let render = [
        "render",
        "lookup-order",
        "--var",
        "order_number=1",
        "--context",
    ];
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["validate", "/dev/zero"],
            format!("cannot read /dev/zero: {not_regular}"),
        ),
        (
            vec!["validate", &fifo],
            format!("cannot read {fifo}: {not_regular}"),
        ),
        (
            vec!["test", &fifo, "--mock"],
            format!("cannot read {fifo}: {not_regular}"),
        ),
        (
            [&render[..], &["/dev/zero"]].concat(),
            format!("cannot read /dev/zero: {not_regular}"),
        ),
        (
            [&render[..], &[fifo.as_str()]].concat(),
            format!("cannot read {fifo}: {not_regular}"),
        ),
        (
            [&render[..], &[big.as_str()]].concat(),
            format!("cannot read {big}: larger than the limit of 1048576 bytes"),
        ),
    ];
    for (args, says) in cases {
        actionctl()
            .args(&args)
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .code(4)
            .stderr(format!("error: {says}\n"));
    }
    std::fs::write(
        dir.path().join("ok.yaml"),
        "name: Ok\ndescription: A plain valid action\nmethod: GET\nurl: https://x.test/\n",
    )
    .unwrap();
    actionctl_in(dir.path())
        .args(["validate", "."])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success()
        .stderr(predicate::str::contains("1 file checked"));
}

/// Messages that used to mislead: a bad `expect.status` item was reported
/// against the whole list ("…or a list of them; found a list"), an empty
/// `auth.username` "must be 1-18446744073709551615 characters long", and
/// an unclosed `[` only as "illegal placement of ':' indicator" on the
/// next line.
#[test]
fn messages_say_what_is_wrong_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let head = "name: N\ndescription: Ten chars at least\nmethod: GET\nurl: https://x.test/\n";
    let files = [
        (
            "status-item.yaml",
            format!("{head}expect:\n  status: [200, abc]\n"),
        ),
        (
            "empty-username.yaml",
            format!("{head}auth:\n  type: basic\n  username: \"\"\n  secret: s\n"),
        ),
        (
            "unclosed.yaml",
            "name: [N\ndescription: Ten chars at least\n".to_string(),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    actionctl_in(dir.path())
        .args(["validate", "."])
        .assert()
        .code(3)
        .stdout(
            "./empty-username.yaml:7:13: error: `auth.username` must not be empty\n\
             ./status-item.yaml:6:17: error: `expect.status[1]` must be a status code (100-599) or a class such as \"2xx\"; found string \"abc\"\n\
             ./unclosed.yaml:2:12: error: the `[` opened at 1:7 is not closed before this point (is a `]` missing?): YAML syntax error: illegal placement of ':' indicator\n",
        );
}

/// The hostile files of tests/fixtures/hostile plus the large ones made
/// here, each with where its one error must be reported.
fn hostile_actions(dir: &std::path::Path) -> Vec<(&'static str, &'static str)> {
    let mut indented = String::from("x:\n");
    for level in 0..1_400 {
        indented.push_str(&" ".repeat(level));
        indented.push_str("-\n");
    }
    let generated = [
        (
            "deep-inline-lists.yaml",
            format!("x:\n{}\n", "- ".repeat(10_000)),
        ),
        ("deep-indented-lists.yaml", indented),
        (
            "deep-flow-lists.yaml",
            format!("x: {}\n", "[".repeat(100_000)),
        ),
        (
            "deep-jsonpath-extract.yaml",
            format!(
                "name: Deep Path\ndescription: An extract path nested fifty thousand deep\nmethod: GET\nurl: https://api.example.com/\nmock:\n  body: {{}}\nextract:\n  ids: $[?{}@{}]\n",
                "(".repeat(50_000),
                ")".repeat(50_000)
            ),
        ),
    ];
    for (name, text) in &generated {
        std::fs::write(dir.join(name), text).unwrap();
    }
    for entry in std::fs::read_dir(common::fixture("hostile")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    vec![
        ("deep-inline-lists.yaml", "2:127"),
        ("deep-indented-lists.yaml", "65:64"),
        ("deep-flow-lists.yaml", "1:67"),
        ("deep-jsonpath-extract.yaml", "8:8"),
        ("nested-filter-extract.yaml", "8:21"),
        ("huge-timeout.yaml", "5:10"),
        ("mock-interim-status.yaml", "7:11"),
        ("form-content-type.yaml", "6:17"),
        ("unclosed-bracket.yaml", "2:12"),
    ]
}

fn assert_no_crash(output: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    for sign in [
        "panicked",
        "overflow",
        "fatal runtime error",
        "RUST_BACKTRACE",
    ] {
        assert!(!stderr.contains(sign), "{sign}: {stderr}");
    }
}

/// Files that used to overflow the stack (nested lists, nested JSONPath),
/// run for minutes (nested filters), hang (a 1xx mock) or panic later (a
/// timeout no clock can hold): each is one located error, found quickly,
/// and every command that scans the folder ends with its documented code.
#[test]
fn hostile_files_fail_fast_in_every_scanning_command() {
    let dir = tempfile::tempdir().unwrap();
    let actions = dir.path().join("actions");
    std::fs::create_dir(&actions).unwrap();
    let expected = hostile_actions(&actions);
    std::fs::copy(
        common::root().join("actions/lookup-order.yaml"),
        actions.join("lookup-order.yaml"),
    )
    .unwrap();
    let limit = std::time::Duration::from_secs(10);
    for (name, at) in &expected {
        let out = actionctl_in(dir.path())
            .args(["validate", &format!("actions/{name}")])
            .timeout(limit)
            .assert()
            .code(3)
            .get_output()
            .clone();
        assert_no_crash(&out);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.starts_with(&format!("actions/{name}:{at}: error: "))
                && stdout.lines().count() == 1,
            "{name} should have one error at {at}:\n{stdout}"
        );
    }
    let commands: [(&[&str], i32); 5] = [
        (&["validate"], 3),
        (&["list"], 3),
        (&["test", "--all", "--mock"], 3),
        (&["schema", "--all", "--format", "openai"], 3),
        (&["secret", "list"], 0),
    ];
    for (args, code) in commands {
        let out = actionctl_in(dir.path())
            .args(args)
            .timeout(limit)
            .assert()
            .code(code)
            .get_output()
            .clone();
        assert_no_crash(&out);
    }
    actionctl_in(dir.path())
        .args(["secret", "list"])
        .assert()
        .stdout(predicate::str::contains("company-api"))
        .stderr(predicate::str::contains("9 invalid action files not read"));
}

/// Data that cannot be written is a failure (it used to exit 0 with
/// nothing written); a reader that goes away early is not.
#[cfg(target_os = "linux")]
#[test]
fn data_that_cannot_be_written_fails_the_command() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"))
        .current_dir(common::root())
        .env("ACTIONCTL_KEYCHAIN", "none")
        .arg("list")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: could not write to stdout: No space left on device (os error 28)\n"
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"))
        .current_dir(common::root())
        .env("ACTIONCTL_KEYCHAIN", "none")
        .args(["schema", "--all", "--format", "openai"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
}

/// i16-bb 1: headers the transport computes are refused where written.
#[test]
fn framing_and_hop_by_hop_headers_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("framing.yaml");
    let names = [
        "Content-Length",
        "transfer-encoding",
        "Host",
        "Connection",
        "TE",
        "Upgrade",
        "Keep-Alive",
        "Proxy-Connection",
        "Trailer",
    ];
    let mut yaml = "name: Framing\ndescription: Sends framing headers by hand\nmethod: POST\nurl: https://x.test/a\nheaders:\n".to_string();
    for name in names {
        yaml.push_str(&format!("  {name}: \"1\"\n"));
    }
    yaml.push_str("body: {a: 1}\n");
    std::fs::write(&file, yaml).unwrap();
    let out = actionctl()
        .args(["validate", file.to_str().unwrap()])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (i, name) in names.iter().enumerate() {
        let expected = format!(
            "{}:{}:3: error: header `{name}` is set by the transport from the request itself (framing, hop-by-hop or the URL's host); remove it",
            file.display(),
            i + 6
        );
        assert!(stdout.contains(&expected), "{expected}\n{stdout}");
    }
}

/// i16-bb 3: `?auth=`, `?sig=` and session headers with literal values
/// passed `validate`.
#[test]
fn signed_query_keys_and_session_headers_with_literals_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("signed.yaml");
    std::fs::write(
        &file,
        "name: Signed\ndescription: A pre-signed URL and a session\nmethod: GET\nurl: https://x.test/a?auth=CANARY12345&sig=CANARY2\nheaders:\n  X-Session-Id: CANARY3\n  x-csrftoken: CANARY4\n  X-Custom: Bearer CANARY5\n",
    )
    .unwrap();
    let out = actionctl()
        .args(["validate", file.to_str().unwrap()])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let f = file.display();
    for expected in [
        format!("{f}:4:6: error: query parameter `auth` holds a literal credential"),
        format!("{f}:4:6: error: query parameter `sig` holds a literal credential"),
        format!("{f}:6:17: error: header `X-Session-Id` holds a literal credential"),
        format!("{f}:7:16: error: header `x-csrftoken` holds a literal credential"),
        format!("{f}:8:13: error: header `X-Custom` holds a literal credential"),
    ] {
        assert!(stdout.contains(&expected), "{expected}\n{stdout}");
    }
}

/// i16-bb 18: a literal credential in a body member, a form field or a
/// JSON text body passed `validate`, and `export` printed it.
#[test]
fn literal_body_and_form_credentials_are_errors_and_never_exported() {
    let dir = tempfile::tempdir().unwrap();
    let actions = dir.path().join("actions");
    std::fs::create_dir(&actions).unwrap();
    let head = "description: Literal credential in the body\nmethod: POST\nurl: https://api.x.test/v1/items\n";
    let files = [
        (
            "mapping",
            "body:\n  title: Hi\n  password: LITCANARY123pw\n",
            "7:13: error: body member `password`",
        ),
        (
            "nested",
            "body:\n  user:\n    note: sk_live_LITCANARY123pw\n",
            "7:11: error: body member `note`",
        ),
        (
            "form",
            "form:\n  a: \"1\"\n  client_secret: [LITCANARY123pw]\n",
            "7:19: error: form field `client_secret`",
        ),
        (
            "text",
            "body: '{\"a\": {\"api_key\": \"LITCANARY123pw\"}}'\n",
            "5:7: error: body member `api_key`",
        ),
    ];
    for (id, body, _) in files {
        std::fs::write(
            actions.join(format!("{id}.yaml")),
            format!("name: {id}\n{head}{body}"),
        )
        .unwrap();
    }
    let out = actionctl_in(dir.path())
        .args(["validate"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (id, _, expected) in files {
        let expected = format!("{id}.yaml:{expected}");
        assert!(stdout.contains(&expected), "{expected}\n{stdout}");
    }
    for platform in ["vapi", "retell", "elevenlabs"] {
        for (id, _, _) in files {
            let out = actionctl_in(dir.path())
                .args(["export", id, "--platform", platform])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(3), "{id} {platform}");
            for shown in [&out.stdout, &out.stderr] {
                assert!(
                    !String::from_utf8_lossy(shown).contains("LITCANARY"),
                    "{id} {platform}"
                );
            }
        }
    }
}
