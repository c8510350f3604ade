//! Variable constraints and arrays, end to end: what an array value
//! puts on the wire (query, body, header, path) as a loopback server
//! receives it, values that break a constraint refused before anything
//! is sent (exit 4), bad and hostile constraints as located validation
//! errors (exit 3), flows, `test --all` with array examples, and the
//! tool-schema exports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::time::{Duration, Instant};

use common::server::{Reply, TestServer};
use common::{actionctl, actionctl_in};
use predicates::prelude::*;
use serde_json::json;

const LABELS: &str = "tests/fixtures/arrays/actions/label-issue.yaml";
const CONSTRAINED: &str = "tests/fixtures/arrays/actions/constrained.yaml";

fn ok_json() -> TestServer {
    TestServer::start(|_| Reply::json(200, json!({"ok": true})))
}

/// `actionctl test FILE --var K=V... --base-url SERVER`.
fn test_file(server: &TestServer, file: &str, vars: &[(&str, &str)]) -> assert_cmd::Command {
    let mut cmd = actionctl();
    cmd.args(["test", file, "--base-url", &server.url()]);
    for (name, value) in vars {
        cmd.arg("--var").arg(format!("{name}={value}"));
    }
    cmd
}

const HOSTILE_LABELS: &str = r#"["bug", "a&b=c", "a+b", "100%", "é ✓", "x,y"]"#;

#[test]
fn an_array_repeats_its_query_key_and_is_a_json_array_in_the_body() {
    let server = ok_json();
    let vars = [
        ("labels", HOSTILE_LABELS),
        ("ids", r#"[1, "2"]"#),
        ("flags", "[true, false]"),
        ("tags", r#"["a b", "c/d"]"#),
    ];
    test_file(&server, LABELS, &vars).assert().success();
    let got = server.single();
    assert_eq!(
        got.target,
        "/issues/a%20b%2Cc%2Fd/labels\
         ?label=bug&label=a%26b%3Dc&label=a%2Bb&label=100%25&label=%C3%A9%20%E2%9C%93&label=x%2Cy\
         &id=1&id=2\
         &note=on%20bug%2Ca%26b%3Dc%2Ca%2Bb%2C100%25%2C%C3%A9%20%E2%9C%93%2Cx%2Cy"
    );
    let query = &got.target[got.target.find('?').unwrap() + 1..];
    let labels: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "label")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(labels, ["bug", "a&b=c", "a+b", "100%", "é ✓", "x,y"]);
    assert_eq!(got.header("x-tags"), Some("a b,c/d"));
    assert_eq!(
        String::from_utf8(got.body).unwrap(),
        r#"{"labels":["bug","a&b=c","a+b","100%","é ✓","x,y"],"ids":[1,2],"flags":[true,false],"text":"labels: bug,a&b=c,a+b,100%,é ✓,x,y"}"#
    );
}

#[test]
fn an_empty_array_sends_no_parameter_but_cannot_fill_a_path_segment() {
    let server = ok_json();
    let empty = [("labels", "[]"), ("ids", "[]"), ("flags", "[]")];
    test_file(
        &server,
        LABELS,
        &[&empty[..], &[("tags", r#"["t"]"#)]].concat(),
    )
    .assert()
    .success();
    let got = server.single();
    assert_eq!(got.target, "/issues/t/labels?note=on%20");
    assert_eq!(
        String::from_utf8(got.body).unwrap(),
        r#"{"labels":[],"ids":[],"flags":[],"text":"labels: "}"#
    );
    test_file(&server, LABELS, &[("labels", "[]"), ("tags", "[]")])
        .assert()
        .code(4)
        .stdout("")
        .stderr("error: unsafe value for `tags` in the URL path: an empty value leaves an empty path segment, which calls another endpoint\n");
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

#[test]
fn the_curl_export_sends_the_same_array_request() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    crate::live::assert_curl_sends_what_test_sends(
        LABELS,
        "ACTIONCTL_SECRET_NONE",
        &[
            ("labels", HOSTILE_LABELS),
            ("ids", "[3]"),
            ("tags", r#"["it's", "$HOME"]"#),
        ],
    );
}

#[test]
fn array_text_that_is_not_a_list_of_the_item_type_is_exit_4() {
    let server = ok_json();
    let cases = [
        (
            "labels",
            "bug",
            r#"error: variable `labels`: `bug` is not a JSON array; give the items as JSON array text such as ["a", "b"]"#,
        ),
        (
            "labels",
            r#"["a",]"#,
            r#"error: variable `labels`: `["a",]` is not valid JSON (trailing comma at line 1 column 6); give the items as JSON array text such as ["a", "b"]"#,
        ),
        (
            "labels",
            "[1]",
            r#"error: variable `labels`: item 1 is a number; string items are written as JSON strings such as "a""#,
        ),
        (
            "ids",
            "[1, 0]",
            "error: variable `ids`: item 2: `0` is below the minimum 1",
        ),
        (
            "ids",
            r#"[1, "two"]"#,
            "error: variable `ids`: item 2: `two` is not a valid integer (expected a whole number such as 42)",
        ),
        (
            "flags",
            "[true, null]",
            "error: variable `flags`: item 2 is null; boolean items are written as true or false (or strings holding one)",
        ),
    ];
    for (name, value, line) in cases {
        let mut vars = vec![("tags", r#"["t"]"#), ("labels", r#"["x"]"#)];
        vars.retain(|(n, _)| *n != name);
        vars.push((name, value));
        test_file(&server, LABELS, &vars)
            .assert()
            .code(4)
            .stdout("")
            .stderr(format!("{line}\n"));
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn values_that_break_a_constraint_are_exit_4_before_anything_is_sent() {
    let server = ok_json();
    let long_name = "x".repeat(500);
    let cases: Vec<(&str, &str, String)> = vec![
        ("party", "0", "`0` is below the minimum 1".into()),
        ("party", "13", "`13` is above the maximum 12".into()),
        ("deposit", "99.51", "`99.51` is above the maximum 99.5".into()),
        (
            "seating",
            "garden",
            "`garden` is not one of the allowed values (enum): inside, terrace, bar".into(),
        ),
        (
            "code",
            "abc-1234",
            "`abc-1234` does not match the pattern `[A-Z]{3}-[0-9]{4}`".into(),
        ),
        (
            "code",
            "XABC-1234",
            "`XABC-1234` does not match the pattern `[A-Z]{3}-[0-9]{4}`".into(),
        ),
        (
            "name",
            "J",
            "`J` is 1 characters long, below the min_length 2".into(),
        ),
        (
            "name",
            &long_name,
            format!(
                "`{}… (440 more bytes)` is 500 characters long, above the max_length 40",
                "x".repeat(60)
            ),
        ),
        (
            "name",
            "Jane\u{1b}[2J\nDoe and a very long tail that goes on and on and on and past forty",
            "`Jane\\u{1b}[2J\\nDoe and a very long tail that goes on and on … (21 more bytes)` is 75 characters long, above the max_length 40".into(),
        ),
        (
            "phone",
            "+1 555 0100 200",
            "`+1 555 0100 200` does not match the pattern `[+]44[0-9 ]+`".into(),
        ),
        (
            "diets",
            r#"["vegan", "keto"]"#,
            "item 2: `keto` is not one of the allowed values (enum): vegan, vegetarian, halal, kosher, gluten-free".into(),
        ),
        (
            "tables",
            "[4]",
            "item 1: `4` is not one of the allowed values (enum): 1, 2, 3, 5, 8".into(),
        ),
    ];
    for (name, value, reason) in cases {
        let mut vars = vec![("party", "2")];
        vars.retain(|(n, _)| *n != name);
        vars.push((name, value));
        let line = format!("error: variable `{name}`: {reason}\n");
        test_file(&server, CONSTRAINED, &vars)
            .assert()
            .code(4)
            .stdout("")
            .stderr(line.clone());
        let mut render = actionctl();
        render.args(["render", CONSTRAINED]);
        for (n, v) in &vars {
            render.arg("--var").arg(format!("{n}={v}"));
        }
        render.assert().code(4).stdout("").stderr(line);
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    test_file(
        &server,
        CONSTRAINED,
        &[
            ("party", "12"),
            ("deposit", "99.5"),
            ("seating", "bar"),
            ("code", "XYZ-0001"),
            ("name", "Al"),
            ("phone", "+44 20 7946 0958"),
            ("diets", "[]"),
            ("tables", "[8, 1]"),
        ],
    )
    .assert()
    .success();
    assert_eq!(
        server.single().json(),
        json!({"party": 12, "deposit": 99.5, "seating": "bar", "code": "XYZ-0001", "name": "Al",
               "phone": "+44 20 7946 0958", "diets": [], "tables": [8, 1]})
    );
}

#[test]
fn bad_constraints_are_located_validation_errors() {
    let p = "tests/fixtures/bad-constraints/bad-constraints.yaml";
    let out = actionctl()
        .args(["validate", p])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let expected = [
        "20:60: error: `enum` of variable `a` mixes numbers and strings: list values of one type",
        "21:72: error: enum value of variable `b`: `nobody` is not a valid email (expected an address such as jane@example.com)",
        "22:69: error: `pattern` of variable `c` is not a usable regex: unclosed group",
        "23:72: error: variable `d`: `minimum` 10 is greater than `maximum` 1, so no value fits",
        "24:74: error: variable `e`: `min_length` 5 is greater than `max_length` 2, so no value fits",
        "25:65: error: `min_length` applies to string, date, email and phone values, not to integer (variable `f`)",
        "26:63: error: `minimum` applies to integer and float values, not to string (variable `g`)",
        "27:61: error: `items` applies only to `type: array`; variable `h` is a string",
        "28:21: error: variable `i` is an array: give the type of its items with `items: {type: string}` (or another type)",
        "29:86: error: example of variable `j`: `z` is not one of the allowed values (enum): x, y",
        "30:112: error: default of variable `k`, item 2: `9` is above the maximum 5",
        "31:63: error: unknown key `patern` in `variables[11]` (did you mean `pattern`?)",
        "32:42: error: `variables[12].items.type` must be one of string, integer, float, boolean, date, email, phone, found `array`",
    ]
    .map(|l| format!("{p}:{l}"));
    assert_eq!(lines, expected);
    actionctl()
        .args(["test", p, "--mock"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(format!("{p}:22:69: error:")));
}

/// A file with one variable whose constraint lines are `constraint`.
fn one_variable(constraint: &str) -> String {
    format!(
        "name: Hostile\ndescription: A hostile constraint.\nmethod: GET\nurl: https://x.test/{{{{v}}}}\n\
         variables:\n  - name: v\n    type: string\n    description: V\n{constraint}"
    )
}

#[test]
fn hostile_constraints_are_refused_quickly_and_boundedly() {
    let dir = tempfile::tempdir().unwrap();
    let enum_100k: String = (0..100_000).map(|i| format!("v{i},")).collect();
    let files = [
        (
            "long-pattern.yaml",
            one_variable(&format!("    pattern: \"{}\"\n", "a".repeat(100 * 1024))),
            "9:14: error: `variables[0].pattern` must be 1-1000 characters long, found 102400",
        ),
        (
            "nested-pattern.yaml",
            one_variable(&format!(
                "    pattern: \"{}a{}\"\n",
                "(".repeat(100),
                ")".repeat(100)
            )),
            "9:79: error: `pattern` of variable `v` is not a usable regex: exceed the maximum number of nested parentheses/brackets (64)",
        ),
        (
            "huge-pattern.yaml",
            one_variable("    pattern: \"((a{1000}){1000}){1000}\"\n"),
            "9:14: error: `pattern` of variable `v` is not a usable regex: it compiles to more than 1 MiB; write a simpler pattern",
        ),
        (
            "catastrophic-pattern.yaml",
            one_variable("    pattern: \"((a+)+)+b\"\n"),
            "",
        ),
        (
            "enum-100k.yaml",
            one_variable(&format!(
                "    enum: [{}]\n",
                enum_100k.trim_end_matches(',')
            )),
            "9:11: error: `variables[0].enum` lists 100000 values; at most 1000 are allowed",
        ),
    ];
    for (name, text, _) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for (name, _, line) in &files {
        let started = Instant::now();
        let assert = actionctl_in(dir.path()).args(["validate", name]).assert();
        if line.is_empty() {
            assert.success().stdout("");
        } else {
            assert.code(3).stdout(format!("{name}:{line}\n"));
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name} took {:?}",
            started.elapsed()
        );
    }
    let started = Instant::now();
    actionctl_in(dir.path())
        .args(["render", "catastrophic-pattern.yaml", "--var"])
        .arg(format!("v={}c", "a".repeat(100_000)))
        .assert()
        .code(4)
        .stderr(predicate::str::ends_with(
            "… (99,941 more bytes)` does not match the pattern `((a+)+)+b`\n",
        ));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn flow_inputs_and_step_values_are_checked_and_arrays_pass_between_steps() {
    let server = ok_json();
    let flow = |vars: &[(&str, &str)]| {
        let mut cmd = actionctl();
        cmd.args([
            "--dir",
            "tests/fixtures/arrays/actions",
            "test",
            "label-flow",
            "--base-url",
            &server.url(),
        ]);
        for (name, value) in vars {
            cmd.arg("--var").arg(format!("{name}={value}"));
        }
        cmd
    };
    flow(&[("labels", r#"["bug", "waytoolong1"]"#), ("party", "4")])
        .assert()
        .code(4)
        .stderr("error: variable `labels`: item 2: `waytoolong1` is 11 characters long, above the max_length 10\n");
    assert!(server.requests().is_empty());
    flow(&[("labels", r#"["bug", "p1"]"#), ("party", "40")])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "error: flow label-flow stopped at step 2 (constrained): variable `party`: `40` is above the maximum 12\n",
        ));
    let first = &server.requests()[0];
    assert_eq!(
        first.target,
        "/issues/flow/labels?label=bug&label=p1&note=on%20bug%2Cp1"
    );
    assert_eq!(server.requests().len(), 1, "step 2 sent nothing");
}

/// Flow files declare inputs like actions do; their `variables:` get the
/// same structural (schema) and semantic checks, each located.
#[test]
fn flow_variables_are_checked_like_action_variables() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("f.yaml"),
        "name: F\ndescription: A flow with bad inputs.\nvariables:\n\
         \x20 - {name: a, type: strng, description: A}\n\
         \x20 - {name: b, type: string, patern: x, description: B}\n\
         \x20 - {name: c, type: string, pattern: \"[a-\", description: C}\n\
         \x20 - {name: d, type: array, description: D}\n\
         \x20 - {name: e, type: string, enum: [x, 1], description: E}\n\
         \x20 - {name: f, type: string, required: true}\n\
         steps:\n  - action: lookup-order\n    vars: {order_number: \"{{c}}\"}\n",
    )
    .unwrap();
    actionctl()
        .arg("validate")
        .arg(dir.path().join("f.yaml"))
        .assert()
        .code(3)
        .stdout(predicate::function(|out: &str| {
            let lines: Vec<&str> = out
                .lines()
                .map(|l| &l[l.find("f.yaml:").unwrap() + 7..])
                .collect();
            lines
                == [
                    "4:21: error: `variables[0].type` must be one of string, integer, float, boolean, date, email, phone, array, found `strng` (did you mean `string`?)",
                    "5:29: error: unknown key `patern` in `variables[1]` (did you mean `pattern`?)",
                    "6:39: error: `pattern` of variable `c` is not a usable regex: unclosed character class",
                    "7:21: error: variable `d` is an array: give the type of its items with `items: {type: string}` (or another type)",
                    "8:35: error: `enum` of variable `e` mixes numbers and strings: list values of one type",
                    "9:12: warning: variable `f` has no description; the LLM reads it to know what to ask the caller for",
                    "9:12: warning: required variable `f` has no example; the LLM sees it as a sample value, and `test --all` runs with it",
                ]
        }));
}

#[test]
fn test_all_runs_with_array_examples_as_given() {
    let server = ok_json();
    actionctl()
        .args([
            "--dir",
            "tests/fixtures/arrays/actions",
            "test",
            "--all",
            "--jobs",
            "1",
            "--base-url",
            &server.url(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 passed, 0 failed"));
    let labelled = server
        .requests()
        .into_iter()
        .find(|r| r.target.starts_with("/issues/triage/"))
        .unwrap();
    assert_eq!(
        labelled.target,
        "/issues/triage/labels?label=bug&label=a%26b&id=7&id=8&note=on%20bug%2Ca%26b"
    );
    let booked = server
        .requests()
        .into_iter()
        .find(|r| r.target == "/bookings")
        .unwrap();
    assert_eq!(booked.json()["diets"], json!(["vegan", "gluten-free"]));
    assert_eq!(booked.json()["tables"], json!([2, 3]));
}

#[test]
fn exports_carry_the_constraints() {
    for format in ["openai", "anthropic", "mcp", "json-schema"] {
        let out = actionctl()
            .args(["schema", CONSTRAINED, "--format", format])
            .assert()
            .success()
            .get_output()
            .clone();
        insta::assert_snapshot!(
            format!("constraints__{format}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
    let out = actionctl()
        .args(["schema", CONSTRAINED, "--format", "openai", "--strict"])
        .assert()
        .success()
        .get_output()
        .clone();
    insta::assert_snapshot!(
        "constraints__openai-strict",
        String::from_utf8(out.stdout).unwrap()
    );
}

#[test]
fn exported_schemas_accept_what_actionctl_accepts_and_refuse_what_it_refuses() {
    let out = actionctl()
        .args(["schema", CONSTRAINED, "--format", "json-schema"])
        .output()
        .unwrap();
    let schema = common::stdout_json(&out);
    jsonschema::meta::validate(&schema).unwrap();
    let checker = jsonschema::validator_for(&schema).unwrap();
    let good = json!({"party": 12, "seating": "bar", "code": "XYZ-0001", "name": "Al",
                      "phone": "+44 20", "diets": ["vegan"], "tables": [8]});
    assert!(checker.is_valid(&good));
    for (key, bad) in [
        ("party", json!(13)),
        ("seating", json!("garden")),
        ("code", json!("XYZ-0001x")),
        ("code", json!("xXYZ-0001")),
        ("name", json!("J")),
        ("phone", json!("+1 555")),
        ("diets", json!(["keto"])),
        ("tables", json!([4])),
    ] {
        let mut value = good.clone();
        value[key] = bad.clone();
        assert!(!checker.is_valid(&value), "{key}: {bad}");
    }
}
