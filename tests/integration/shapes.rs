//! The request shapes real APIs need, on the wire: form bodies, the
//! query, basic-key and prefixed-header auth shapes, optional values left
//! out; byte for byte as a loopback server received them, the same bytes
//! from the curl export, and the located errors for shapes that are wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::live::assert_curl_sends_what_test_sends_with;

use base64::Engine;
use common::server::{Reply, TestServer};
use common::{actionctl, stdout_json};
use predicates::prelude::*;
use serde_json::json;

const ENV: &str = "ACTIONCTL_SECRET_WIRE_API";
const SECRET: &str = "k3y+w/ith&odd=chars é";

/// Values that need encoding everywhere a request carries text.
const HOSTILE: [&str; 12] = [
    "a+b",
    "a&b=c",
    "100%",
    "two words",
    "ünïcødé ✓",
    "line\nbreak",
    "it's",
    "say \"hi\"",
    "$HOME ${PATH} $(id)",
    "`id`",
    "#vip?x=[1]{2}",
    "all of +&=% \n'\"$`é together",
];

fn ok_json() -> TestServer {
    TestServer::start(|_| Reply::json(200, json!({"ok": true})))
}

/// `actionctl test FILE --var K=V...` against `server`, the wire-api
/// secret set to `secret`.
fn test_with(
    server: &TestServer,
    file: &str,
    secret: &str,
    vars: &[(&str, &str)],
) -> assert_cmd::Command {
    let mut cmd = actionctl();
    cmd.env(ENV, secret)
        .args(["test", file, "--base-url", &server.url()]);
    for (name, value) in vars {
        cmd.arg("--var").arg(format!("{name}={value}"));
    }
    cmd
}

/// `(name, value)` pairs of a form-encoded text, decoded.
fn decoded(text: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(text).into_owned().collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// curl's `--data-urlencode` encoding, written here independently of
/// actionctl: `A-Za-z0-9-._~` kept, space `+`, other bytes `%XX`.
fn form_encoded(s: &str) -> String {
    common::encodings::url_query(s)
        .split('%')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                format!("%{}{}", part[..2].to_ascii_uppercase(), &part[2..])
            }
        })
        .collect()
}

#[test]
fn form_bodies_arrive_encoded_and_decode_to_their_fields() {
    let file = "tests/fixtures/wire/form.yaml";
    for value in HOSTILE {
        let server = ok_json();
        test_with(&server, file, SECRET, &[("value", value)])
            .assert()
            .success();
        let got = server.single();
        assert_eq!(got.method, "POST");
        assert_eq!(
            got.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let v = form_encoded(value);
        let expected_raw = format!(
            "To={v}&To=%2B1+555+0100&Body=Hi+{v}%21&metadata%5Border_id%5D={v}\
             &a+b%26c%3Dd=literal+%26+%22quoted%22+100%25+%C3%A9&api_key={}",
            form_encoded(SECRET)
        );
        assert_eq!(
            String::from_utf8_lossy(&got.body),
            expected_raw,
            "{value:?}"
        );
        assert_eq!(
            decoded(&got.body),
            pairs(&[
                ("To", value),
                ("To", "+1 555 0100"),
                ("Body", &format!("Hi {value}!")),
                ("metadata[order_id]", value),
                ("a b&c=d", "literal & \"quoted\" 100% é"),
                ("api_key", SECRET),
            ]),
            "{value:?}: the unset optional `Note` is left out"
        );
    }
}

#[test]
fn a_form_value_fills_its_field_when_given() {
    let server = ok_json();
    test_with(
        &server,
        "tests/fixtures/wire/form.yaml",
        SECRET,
        &[("value", "v"), ("note", "")],
    )
    .assert()
    .success();
    let fields = decoded(&server.single().body);
    assert_eq!(
        fields[5..],
        pairs(&[("Note", ""), ("api_key", SECRET)])[..],
        "an empty value is a value: the field is sent, empty"
    );
}

#[test]
fn query_auth_appends_the_key_to_the_query_string() {
    let server = ok_json();
    test_with(
        &server,
        "tests/fixtures/wire/query-auth.yaml",
        SECRET,
        &[("value", "a b&c")],
    )
    .assert()
    .success();
    let got = server.single();
    assert_eq!(
        got.target,
        "/v1/stock/a%20b%26c?fixed=1&q=a%20b%26c&api_key=k3y%2bw%2fith%26odd%3dchars+%c3%a9"
    );
    let query = &got.target[got.target.find('?').unwrap() + 1..];
    assert_eq!(
        decoded(query.as_bytes()),
        pairs(&[("fixed", "1"), ("q", "a b&c"), ("api_key", SECRET)])
    );
    assert_eq!(got.header("authorization"), None);
}

#[test]
fn basic_with_username_secret_sends_the_key_as_the_username() {
    let server = ok_json();
    let key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    test_with(
        &server,
        "tests/fixtures/wire/basic-key.yaml",
        key,
        &[("value", "100")],
    )
    .assert()
    .success();
    let got = server.single();
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("{key}:"));
    assert_eq!(
        got.header("authorization"),
        Some(format!("Basic {expected}").as_str())
    );
    assert_eq!(got.body, b"amount=100&currency=eur");
}

#[test]
fn a_username_secret_holding_a_colon_is_refused_before_sending() {
    let server = ok_json();
    for command in ["test", "dry-run"] {
        let mut cmd = actionctl();
        cmd.env(ENV, "user:pass")
            .args([command, "tests/fixtures/wire/basic-key.yaml"])
            .args(["--var", "value=1"]);
        if command == "test" {
            cmd.args(["--base-url", &server.url()]);
        }
        cmd.assert()
            .code(4)
            .stdout("")
            .stderr(predicate::str::contains(
                "error: secret `wire-api` cannot be sent as a basic-auth username: it holds `:`",
            ))
            .stderr(predicate::str::contains("user:pass").not());
    }
    assert!(server.requests().is_empty());
}

#[test]
fn a_header_prefix_stands_before_the_secret() {
    let server = ok_json();
    let token = "ghp_notARealTokenButLongEnough";
    test_with(
        &server,
        "tests/fixtures/wire/token-prefix.yaml",
        token,
        &[("value", "x")],
    )
    .assert()
    .success();
    assert_eq!(
        server.single().header("authorization"),
        Some(format!("Token {token}").as_str())
    );
}

#[test]
fn the_curl_export_sends_what_test_sends_for_every_shape() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let secrets = [SECRET, "plain_key-1.2~", "all of +&=%/?#[]{}@!$'\"`\\ é😀"];
    for secret in secrets {
        for value in HOSTILE {
            for file in ["form", "query-auth"] {
                assert_curl_sends_what_test_sends_with(
                    &format!("tests/fixtures/wire/{file}.yaml"),
                    ENV,
                    secret,
                    &[("value", value)],
                );
            }
        }
    }
    assert_curl_sends_what_test_sends_with(
        "tests/fixtures/wire/query-auth-name.yaml",
        ENV,
        SECRET,
        &[],
    );
    for value in ["a b&c", "é"] {
        assert_curl_sends_what_test_sends_with(
            "tests/fixtures/wire/query-auth-name.yaml",
            ENV,
            SECRET,
            &[("value", value)],
        );
        assert_curl_sends_what_test_sends_with(
            "tests/fixtures/wire/form.yaml",
            ENV,
            SECRET,
            &[("value", value), ("note", "n+1 ✓")],
        );
        assert_curl_sends_what_test_sends_with(
            "tests/fixtures/wire/basic-key.yaml",
            ENV,
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            &[("value", value)],
        );
        assert_curl_sends_what_test_sends_with(
            "tests/fixtures/wire/token-prefix.yaml",
            ENV,
            "tok'en\"$`x",
            &[("value", value)],
        );
    }
}

/// True for a byte sequence a terminal could obey: C0 controls but tab
/// and line feed, DEL, C1 controls, bidirectional overrides.
fn drives_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn render_shows_control_characters_escaped_and_curl_still_sends_them() {
    let form = "tests/fixtures/wire/terminal-form.yaml";
    let json = "tests/fixtures/wire/terminal-json.yaml";
    let values = ["v\u{1b}[31m\u{7}", "\u{9b}2J", "\u{7f}", "plain"];
    for value in values {
        for (file, vars) in [
            (form, vec![("value", value)]),
            (json, vec![("value", value), ("dir", "\u{202e}ab")]),
        ] {
            for format in ["text", "curl", "json"] {
                let mut render = actionctl();
                render.args(["render", file, "--format", format]);
                for (name, value) in &vars {
                    render.arg("--var").arg(format!("{name}={value}"));
                }
                let out = render.output().unwrap();
                assert!(out.status.success(), "{file} {format} {value:?}");
                let shown = String::from_utf8(out.stdout).unwrap();
                assert!(
                    !drives_a_terminal(&shown),
                    "{file} {format} {value:?}:\n{shown}"
                );
            }
            if common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
                assert_curl_sends_what_test_sends_with(file, ENV, SECRET, &vars);
            }
        }
    }
    let text = actionctl()
        .args(["render", form, "--var", "value=v"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        "POST https://api.example.com/v1/forms\nContent-Type: application/x-www-form-urlencoded\n\nTitle=%1B%5D0%3Bpwned%07&Nul=a%00b&Value=v&api_key=<secret:wire-api>\n"
    );
    let text = actionctl()
        .args([
            "render",
            json,
            "--var",
            "value=v",
            "--var",
            "dir=\u{202e}ab",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(text.stdout)
            .unwrap()
            .starts_with("POST https://api.example.com/v1/notes\nX-Dir: \\u{202e}ab\nAuthorization: Basic base64(u\\u{1b}[1m:<secret:wire-api>)\n"),
    );
}

/// A folder with one action file, `a.yaml`, holding `text`.
fn action_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("actions")).unwrap();
    std::fs::write(dir.path().join("actions/a.yaml"), text).unwrap();
    dir
}

const HEAD: &str = "name: Shape\ndescription: An action with a request shape\nmethod: POST\nurl: https://api.test/x\n";

#[test]
fn wrong_shapes_are_located_validation_errors() {
    let cases = [
        (
            "form:\n  amount: 5\n  metadata:\n    order_id: x\n",
            "actions/a.yaml:7:3: error: `form.metadata` is a mapping, but a form is flat: write each nested key as a field of its own, e.g. `metadata[order_id]: VALUE`",
        ),
        (
            "body: {a: 1}\nform: {a: 1}\n",
            "actions/a.yaml:5:1: error: `body` and `form` exclude each other: a request has one body; keep the one the API takes",
        ),
        (
            "headers:\n  Content-Type: multipart/form-data\nform: {a: 1}\n",
            "actions/a.yaml:6:17: error: header `Content-Type: multipart/form-data` contradicts the form body: use application/x-www-form-urlencoded, or leave the header out",
        ),
        (
            "auth:\n  type: basic\n  username_secret: stripe\n  username: me\n",
            "actions/a.yaml:8:3: error: `auth.username` does not apply with `auth.username_secret`, which sends the secret as the username and an empty password; use either `username` and `secret`, or `username_secret` alone",
        ),
        (
            "auth:\n  type: header\n  header: Authorization\n  prefix: \"Token\\n\"\n  secret: gh\n",
            "actions/a.yaml:8:11: error: `auth.prefix` may hold only printable ASCII characters and spaces: it is sent in a header value",
        ),
        (
            "auth: {type: query, param: access, secret: inv}\nquery: {access: x}\n",
            "actions/a.yaml:6:9: error: query parameter `access` is also set by auth type query; remove one",
        ),
        (
            "auth: {type: body, param: api_key, secret: s}\nform: {api_key: x}\n",
            "actions/a.yaml:6:8: error: form field `api_key` is also set by auth type body; remove one",
        ),
    ];
    for (shape, line) in cases {
        let dir = action_dir(&format!("{HEAD}{shape}"));
        common::actionctl_in(dir.path())
            .args(["validate", "actions/a.yaml"])
            .assert()
            .code(3)
            .stdout(format!("{line}\n"));
        common::actionctl_in(dir.path())
            .args(["render", "a"])
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::starts_with(format!("{line}\n")));
    }
}

#[test]
fn hostile_form_shapes_end_in_one_located_error() {
    let deep = format!("form:\n  a: {}1{}\n", "[".repeat(70), "]".repeat(70));
    let dir = action_dir(&format!("{HEAD}{deep}"));
    common::actionctl_in(dir.path())
        .args(["validate", "actions/a.yaml"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("actions/a.yaml:6:"));
    let many: String = (0..5000).map(|i| format!("  f{i}: \"v{i}\"\n")).collect();
    let dir = action_dir(&format!("{HEAD}form:\n{many}"));
    let out = common::actionctl_in(dir.path())
        .args(["render", "a", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(stdout_json(&out)["form"].as_array().unwrap().len(), 5000);
    let dir = action_dir(&format!(
        "{HEAD}form:\n  \"\\u0000\\u001b[31m\": \"\\u0007\\r\\n\"\n"
    ));
    let out = common::actionctl_in(dir.path())
        .args(["render", "a"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("\n\n%00%1B%5B31m=%07%0D%0A\n"),
        "control characters travel encoded: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// An action file whose optional `x` stands alone as body members, list
/// items and in text; `body` is YAML or JSON text.
fn unset_action(body: &str) -> tempfile::TempDir {
    action_dir(&format!(
        "{HEAD}body: {body}\nvariables:\n  - {{name: x, type: integer}}\n"
    ))
}

#[test]
fn unset_optional_values_are_left_out_on_the_wire() {
    for body in [
        "{a: \"{{x}}\", b: \"x={{x}}\", c: [1, \"{{x}}\", 2], d: {e: \"{{x}}\"}, n: null}",
        "'{\"a\": {{x}}, \"b\": \"x={{x}}\", \"c\": [1, \"{{x}}\", 2], \"d\": {\"e\": {{x}}}, \"n\": null}'",
    ] {
        let dir = unset_action(body);
        let server = ok_json();
        common::actionctl_in(dir.path())
            .args(["test", "a", "--base-url", &server.url()])
            .assert()
            .success();
        assert_eq!(
            server.single().json(),
            json!({"b": "x=", "c": [1, 2], "n": null}),
            "{body}: a mapping of unset values is left out, not sent as {{}}"
        );
        let server = ok_json();
        common::actionctl_in(dir.path())
            .args(["test", "a", "--var", "x=0", "--base-url", &server.url()])
            .assert()
            .success();
        assert_eq!(
            server.single().json(),
            json!({"a": 0, "b": "x=0", "c": [1, 0, 2], "d": {"e": 0}, "n": null}),
            "{body}"
        );
    }
}

#[test]
fn the_query_key_is_masked_in_every_url_printed() {
    let server = TestServer::start(|r| {
        if r.target.starts_with("/v1/stock/") {
            Reply::redirect(
                302,
                &format!("/moved{}", &r.target[r.target.find('?').unwrap()..]),
            )
        } else {
            Reply::json(200, json!({"ok": true}))
        }
    });
    let file = "tests/fixtures/wire/query-auth.yaml";
    // A key of under 4 bytes is too short for the redactor to look for
    // in free text; the redirect target is masked by parameter name.
    for secret in [SECRET, "a&c"] {
        let before = server.requests().len();
        for format in ["text", "json"] {
            let out = test_with(&server, file, secret, &[("value", "1")])
                .args(["--format", format, "-v"])
                .assert()
                .success()
                .get_output()
                .clone();
            let all = String::from_utf8_lossy(&[out.stdout.clone(), out.stderr.clone()].concat())
                .into_owned();
            if let Some(how) = common::encodings::find_secret(&all, secret) {
                panic!("{format}: the key shows ({how}):\n{all}");
            }
            let moved = format!(
                "{}/moved?fixed=1&q=1&api_key=<secret:wire-api>",
                server.url()
            );
            if format == "text" {
                assert!(
                    all.contains(&format!(
                        "> GET {}/v1/stock/1?fixed=1&q=1&api_key=<secret:wire-api>",
                        server.url()
                    )),
                    "{all}"
                );
                assert!(
                    all.contains(&format!("* 302 redirect → GET {moved}")),
                    "{all}"
                );
            } else {
                let doc = stdout_json(&out);
                assert_eq!(
                    doc["request"]["url"],
                    format!(
                        "{}/v1/stock/1?fixed=1&q=1&api_key=<secret:wire-api>",
                        server.url()
                    )
                );
                assert_eq!(doc["redirects"][0]["location"], moved, "{doc:#}");
            }
        }
        let requests = &server.requests()[before..];
        let sent = format!("&api_key={}", common::encodings::url_query(secret));
        assert!(
            requests.len() == 4 && requests.iter().all(|r| r.target.ends_with(&sent)),
            "same-host redirects keep the key: {requests:?}"
        );
    }
}

#[test]
fn a_redirect_carrying_the_query_key_to_another_host_is_not_followed() {
    let other = ok_json();
    let target = other.url();
    let server = TestServer::start(move |r| {
        let query = &r.target[r.target.find('?').unwrap()..];
        Reply::redirect(302, &format!("{target}/elsewhere{query}"))
    });
    test_with(
        &server,
        "tests/fixtures/wire/query-auth.yaml",
        SECRET,
        &[("value", "1")],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "* redirect not followed: redirect to another host (127.0.0.1) would carry the credential in its query; not followed",
    ))
    .stderr(predicate::str::contains("k3y").not());
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

fn render(file: &str, format: &str, vars: &[(&str, &str)]) -> String {
    let mut cmd = actionctl();
    cmd.args(["render", file, "--format", format]);
    for (name, value) in vars {
        cmd.arg("--var").arg(format!("{name}={value}"));
    }
    let out = cmd.assert().success().get_output().clone();
    let user_agent = concat!("actionctl/", env!("CARGO_PKG_VERSION"));
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(user_agent, "actionctl/VERSION")
}

#[test]
fn render_snapshots_of_the_new_shapes() {
    let vars = [("value", "a b&c")];
    for file in ["form", "query-auth", "basic-key", "token-prefix"] {
        let path = format!("tests/fixtures/wire/{file}.yaml");
        for format in ["text", "json", "curl"] {
            insta::assert_snapshot!(
                format!("render__{file}__{format}"),
                render(&path, format, &vars)
            );
        }
    }
}

#[test]
fn dry_run_shows_the_form_and_the_query_key_masked() {
    let out = actionctl()
        .env(ENV, SECRET)
        .args([
            "dry-run",
            "tests/fixtures/wire/form.yaml",
            "--var",
            "value=a b",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    insta::assert_snapshot!("dry_run__form", String::from_utf8(out.stdout).unwrap());
    let out = actionctl()
        .env(ENV, SECRET)
        .args([
            "dry-run",
            "tests/fixtures/wire/query-auth.yaml",
            "--var",
            "value=1",
        ])
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        stdout_json(&out)["url"],
        "https://api.example.com/v1/stock/1?fixed=1&q=1&api_key=<secret:wire-api>"
    );
}

/// `--mock` answers forms and query-keyed requests like any other: the
/// placeholder secret goes where the credential goes, and is masked.
#[test]
fn mock_mode_answers_forms_and_query_keys() {
    let dir = action_dir(&format!(
        "{HEAD}auth: {{type: query, param: api_key, secret: wire-api}}\nform:\n  To: \"{{{{to}}}}\"\nvariables:\n  - {{name: to, type: string, required: true}}\nmock:\n  status: 201\n  body: {{sid: SM1}}\n"
    ));
    let out = common::actionctl_in(dir.path())
        .args([
            "test",
            "a",
            "--mock",
            "--var",
            "to=+1 555",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    assert_eq!(doc["response"]["status"], 201);
    assert_eq!(doc["request"]["form"], json!([["To", "+1 555"]]));
    assert!(
        doc["request"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/x?api_key=<secret:wire-api>"),
        "{doc}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--mock sends a placeholder"), "{stderr}");
    assert!(!stderr.contains("mock-placeholder-for"), "{stderr}");
}
