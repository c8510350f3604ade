//! Property-style leak check: random secrets pushed through every output
//! path (trace, body, JSON document, -vv, dry-run, curl export, errors)
//! against a server that echoes everything back. No raw, base64 or
//! basic-auth form of a secret may come out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use actionctl::Redactor;
use base64::Engine;
use common::server::{Reply, TestServer};
use common::{actionctl, encodings};

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Printable ASCII, as header values allow, weighted toward the
    /// characters that need escaping somewhere.
    fn secret(&mut self) -> String {
        const TRICKY: &[u8] = b"\"\\'/+=%&?#: <>{}$`";
        let len = 12 + (self.next() % 29) as usize;
        (0..len)
            .map(|_| {
                let r = self.next();
                if r.is_multiple_of(4) {
                    TRICKY[(r / 4) as usize % TRICKY.len()] as char
                } else {
                    (b' ' + 1 + (r % 94) as u8) as char
                }
            })
            .collect()
    }
}

struct Case {
    env: &'static str,
    args: &'static [&'static str],
    /// The secret is the basic-auth username, where `:` cannot stand.
    username: bool,
}

impl Case {
    /// `secret` as this case can send it.
    fn usable(&self, secret: &str) -> String {
        if self.username {
            secret.replace(':', ";")
        } else {
            secret.to_string()
        }
    }
}

const CASES: &[Case] = &[
    Case {
        env: "COMPANY_API",
        args: &["lookup-order", "--var", "order_number=1"],
        username: false,
    },
    Case {
        env: "ZENDESK_API",
        args: &["create-ticket", "--var", "issue_description=x"],
        username: false,
    },
    Case {
        env: "INVENTORY_API",
        args: &["check-inventory", "--var", "sku=P-1"],
        username: false,
    },
    Case {
        env: "PEOPLE_API",
        args: &[
            "tests/fixtures/valid/all-types.yaml",
            "--var",
            "id=1",
            "--var",
            "score=1",
        ],
        username: false,
    },
    // Body auth merged into a form.
    Case {
        env: "WIRE_API",
        args: &["tests/fixtures/wire/form.yaml", "--var", "value=1"],
        username: false,
    },
    Case {
        env: "WIRE_API",
        args: &["tests/fixtures/wire/query-auth.yaml", "--var", "value=1"],
        username: false,
    },
    Case {
        env: "WIRE_API",
        args: &["tests/fixtures/wire/basic-key.yaml", "--var", "value=1"],
        username: true,
    },
    Case {
        env: "WIRE_API",
        args: &["tests/fixtures/wire/token-prefix.yaml", "--var", "value=1"],
        username: false,
    },
];

/// The cases whose secret may be any text (it is not sent in a header
/// as it is): body, form, query and basic-key auth.
const ANY_TEXT_CASES: [usize; 4] = [3, 4, 5, 6];

fn forms(secret: &str) -> Vec<String> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        secret.to_string(),
        b64(secret),
        b64(&format!("agent@acme.com/token:{secret}")),
        b64(&format!("{secret}:")),
    ]
}

fn check(output: &std::process::Output, secret: &str, what: &str) {
    let all = String::from_utf8_lossy(&[output.stdout.clone(), output.stderr.clone()].concat())
        .into_owned();
    for form in forms(secret) {
        assert!(
            !all.contains(&form),
            "{what}: leaked {form:?} (secret {secret:?}):\n{all}"
        );
    }
}

#[test]
fn random_secrets_never_come_out() {
    let mut rng = XorShift(0x5eed_ac71_0c71);
    for round in 0..12 {
        let random = rng.secret();
        for case in CASES {
            let secret = case.usable(&random);
            let env = format!("ACTIONCTL_SECRET_{}", case.env);
            for (status, extra) in [
                (200, &["--format", "text"][..]),
                (200, &["--format", "json"][..]),
                (200, &["-vv"][..]),
                (401, &[][..]),
            ] {
                let server = TestServer::echo(status);
                let out = actionctl()
                    .env(&env, &secret)
                    .arg("test")
                    .args(case.args)
                    .args(extra)
                    .args(["--base-url", &server.url()])
                    .output()
                    .unwrap();
                let what = format!("round {round} test {} {extra:?}", case.args[0]);
                assert_eq!(
                    out.status.code(),
                    Some(if status == 200 { 0 } else { 1 }),
                    "{what}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                check(&out, &secret, &what);
            }
            for (command, format) in [("dry-run", "text"), ("dry-run", "json"), ("render", "curl")]
            {
                let out = actionctl()
                    .env(&env, &secret)
                    .arg(command)
                    .args(case.args)
                    .args(["--format", format])
                    .output()
                    .unwrap();
                assert_eq!(out.status.code(), Some(0));
                check(
                    &out,
                    &secret,
                    &format!("round {round} {command} {format} {}", case.args[0]),
                );
            }
        }
        let out = actionctl()
            .env("ACTIONCTL_SECRET_COMPANY_API", &random)
            .args([
                "dry-run",
                "lookup-order",
                "--var",
                &format!("order_number={random}"),
            ])
            .output()
            .unwrap();
        check(
            &out,
            &random,
            &format!("round {round}: the secret given as a variable value"),
        );
    }
}

/// The secret a request carried: bearer or `Token` token, API-key
/// header, basic-auth password (or username, when the password is
/// empty), the query's `api_key`, or the body's or form's `api_key`.
fn secret_in(r: &common::server::Received) -> String {
    if let Some(auth) = r.header("authorization") {
        if let Some(token) = auth
            .strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("Token "))
        {
            return token.to_string();
        }
        if let Some(b64) = auth.strip_prefix("Basic ") {
            let pair = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            let pair = String::from_utf8(pair).unwrap();
            let (username, password) = pair.split_once(':').unwrap();
            return if password.is_empty() {
                username
            } else {
                password
            }
            .to_string();
        }
    }
    if let Some(key) = r.header("x-api-key") {
        return key.to_string();
    }
    let api_key = |form: &[u8]| {
        url::form_urlencoded::parse(form)
            .find(|(k, _)| k == "api_key")
            .map(|(_, v)| v.into_owned())
    };
    let query = r.target.split_once('?').map_or("", |(_, q)| q);
    if let Some(key) = api_key(query.as_bytes()) {
        return key;
    }
    if r.header("content-type") == Some("application/x-www-form-urlencoded") {
        return api_key(&r.body).unwrap_or_default();
    }
    r.json()["api_key"].as_str().unwrap_or_default().to_string()
}

/// A server that echoes the secret it received in every encoding of
/// `encodings::all_forms`: each as a JSON string in the body, and the
/// ASCII ones also as `X-Form-<name>` headers.
fn encoding_echo(status: u16) -> TestServer {
    TestServer::start(move |r| {
        let secret = secret_in(r);
        let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        let mut fields = Vec::new();
        for (name, form) in encodings::all_forms(&secret) {
            let as_json_content = if name.contains("json") || name.starts_with("fully-escaped") {
                form.clone()
            } else {
                encodings::json(&form)
            };
            fields.push(format!("\"{name}\":\"{as_json_content}\""));
            if form.is_ascii() {
                headers.push((format!("X-Form-{name}"), form));
            }
        }
        Reply::Respond {
            status,
            headers,
            body: format!("{{{}}}", fields.join(",")).into_bytes(),
        }
    })
}

fn assert_no_form(output: &std::process::Output, secret: &str, what: &str) {
    let all = String::from_utf8_lossy(&[output.stdout.clone(), output.stderr.clone()].concat())
        .into_owned();
    if let Some(how) = encodings::find_secret(&all, secret) {
        panic!("{what}: secret {secret:?} recognisable ({how}) in:\n{all}");
    }
}

#[test]
fn every_encoding_a_server_echoes_is_masked() {
    let mut rng = XorShift(0x00c0_ffee_1234);
    let mut secrets: Vec<String> = (0..4).map(|_| rng.secret()).collect();
    secrets.push("s3cr3t/+val&ue<x>".to_string());
    let body_only = ["pässwörd-中文-😀-key", "tøken with spaces/and+plus"];
    for given in secrets.iter().map(String::as_str).chain(body_only) {
        let cases: Vec<&Case> = if given.is_ascii() && !given.contains(' ') {
            CASES.iter().collect()
        } else {
            ANY_TEXT_CASES.iter().map(|&i| &CASES[i]).collect()
        };
        for case in cases {
            let secret = &case.usable(given);
            for (status, extra) in [
                (200, &["--format", "text"][..]),
                (200, &["--format", "json"][..]),
                (200, &["-vv"][..]),
                (401, &[][..]),
            ] {
                let server = encoding_echo(status);
                let out = actionctl()
                    .env(format!("ACTIONCTL_SECRET_{}", case.env), secret)
                    .arg("test")
                    .args(case.args)
                    .args(extra)
                    .args(["--base-url", &server.url()])
                    .output()
                    .unwrap();
                let what = format!("test {} {extra:?}", case.args[0]);
                assert_eq!(
                    out.status.code(),
                    Some(if status == 200 { 0 } else { 1 }),
                    "{what}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert_no_form(&out, secret, &what);
            }
        }
    }
}

/// A token too long for the character-by-character search (600
/// printable characters) is still masked raw, JSON-escaped,
/// percent-encoded and inside base64 at every alignment, in both
/// alphabets.
#[test]
fn a_long_token_is_masked_in_its_common_forms() {
    let mut rng = XorShift(0x1a2b_3c4d);
    let token: String = (0..600)
        .map(|_| (b'!' + (rng.next() % 94) as u8) as char)
        .collect();
    let server = TestServer::start(|r| {
        let token = secret_in(r);
        let mut forms = vec![
            encodings::json(&token),
            encodings::percent_lower(&format!("{token}/")),
        ];
        for url_safe in [false, true] {
            for prefix in [&b""[..], b"u", b"us"] {
                forms.push(encodings::base64_in_stream(
                    prefix, &token, b"!", url_safe, true,
                ));
            }
        }
        let headers = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("X-Token".to_string(), token.clone()),
        ];
        Reply::Respond {
            status: 200,
            headers,
            body: serde_json::to_vec(&serde_json::json!({ "forms": forms })).unwrap(),
        }
    });
    for format in ["text", "json"] {
        let out = actionctl()
            .env("ACTIONCTL_SECRET_COMPANY_API", &token)
            .args([
                "test",
                "lookup-order",
                "--var",
                "order_number=1",
                "--format",
                format,
            ])
            .args(["--base-url", &server.url()])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_no_form(&out, &token, &format!("long token, {format}"));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 200, failure_persistence: None, ..Default::default()
    })]
    /// Whatever the secret (ASCII, accented, CJK, astral), whatever text
    /// surrounds it and however a server encodes it, no decoding of the
    /// redacted text shows it.
    #[test]
    fn no_encoding_of_a_random_secret_survives(
        secret in "[ -~éüß中文😀\u{2028}]{4,24}",
        before in "[ -~\n]{0,24}",
        after in "[ -~\n]{0,24}",
        prefix in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..7),
        suffix in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..4),
        picks in proptest::collection::vec(proptest::prelude::any::<bool>(), 1..6),
        upper in proptest::prelude::any::<bool>(),
    ) {
        proptest::prop_assume!(!secret.contains("<secret:api>") && !"<secret:api>".contains(&secret));
        proptest::prop_assume!(!before.contains(&secret) && !after.contains(&secret));
        let mut redactor = Redactor::default();
        redactor.add("api", &secret);
        let mut forms = encodings::all_forms(&secret);
        forms.push(("percent-picked", encodings::percent(&secret, &picks, upper, true)));
        forms.push(("fully-escaped", encodings::fully_escaped(&secret, upper)));
        for url_safe in [false, true] {
            forms.push(("base64-stream", encodings::base64_in_stream(&prefix, &secret, &suffix, url_safe, upper)));
        }
        for (name, form) in forms {
            let text = format!("{before}{form}{after}");
            let outputs = [
                redactor.redact(&text),
                String::from_utf8_lossy(&redactor.redact_bytes(text.as_bytes())).into_owned(),
            ];
            for out in outputs {
                let found = encodings::find_secret(&out, &secret);
                proptest::prop_assert!(found.is_none(), "{name} form {form:?} survived as {out:?}: {found:?}");
            }
        }
    }
}

#[test]
fn a_secret_across_the_excerpt_cut_shows_no_part_of_itself() {
    let secret = "Q7vZpX2mKwR9tLsBjH4n";
    for at in [100, 110, 119] {
        let body = format!("{}{secret} and more text after it", ".".repeat(at));
        let server = TestServer::start(move |_| Reply::text(200, "text/plain", &body));
        let out = actionctl()
            .env("ACTIONCTL_SECRET_COMPANY_API", secret)
            .args(["test", "lookup-order", "--var", "order_number=1"])
            .args(["--base-url", &server.url()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning: the response is not JSON"),
            "{stderr}"
        );
        for len in 2..=secret.len() {
            assert!(
                !stderr.contains(&secret[..len]),
                "secret at {at}: its first {len} characters show in:\n{stderr}"
            );
        }
        assert_no_form(&out, secret, &format!("secret at {at}"));
    }
}

/// A secret whose value is also a JSON token must not break JSON output:
/// `true` is left alone where it is a keyword, a number holding a secret
/// becomes a masked string.
#[test]
fn json_output_stays_json_when_a_secret_looks_like_a_json_value() {
    for (secret, body, field) in [
        ("true", r#"{"ok": true, "token": "true"}"#, "token"),
        ("912345", r#"{"ok": true, "pin": 912345}"#, "pin"),
        ("null", r#"{"ok": true, "v": null, "s": "null"}"#, "s"),
    ] {
        let server = TestServer::start(move |_| Reply::text(200, "application/json", body));
        let run = |format: &str| {
            actionctl()
                .env("ACTIONCTL_SECRET_COMPANY_API", secret)
                .args(["test", "lookup-order", "--var", "order_number=1"])
                .args(["--base-url", &server.url(), "--format", format])
                .output()
                .unwrap()
        };
        let out = run("json");
        assert_eq!(out.status.code(), Some(0), "{secret}");
        let doc = common::stdout_json(&out);
        assert_eq!(doc["passed"], serde_json::json!(true), "{secret}: {doc}");
        assert_eq!(doc["response"]["body"]["ok"], serde_json::json!(true));
        assert_eq!(
            doc["response"]["body"][field],
            serde_json::json!("<secret:company-api>"),
            "{secret}: {doc}"
        );
        let text = run("text");
        let body = common::stdout_json(&text);
        assert_eq!(body["ok"], serde_json::json!(true), "{secret}");
        assert_eq!(body[field], serde_json::json!("<secret:company-api>"));
    }
}

/// The flow whose first step extracts `verified` from `value`.
fn run_flow_with_verified(value: serde_json::Value, extra: &[&str]) -> std::process::Output {
    let server = TestServer::start(move |_| {
        Reply::json(
            200,
            serde_json::json!({"verified": value.clone(), "customer_name": "Jane"}),
        )
    });
    actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", "verified-order-lookup", "--base-url", &server.url()])
        .args(["--var", "customer_id=C-1", "--var", "phone_pin=0421"])
        .args(["--var", "order_number=ORD-9"])
        .args(extra)
        .output()
        .unwrap()
}

const HOSTILE: &str = "no\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

/// Fails when `stderr` holds a control character (or a bidi override)
/// other than line feed, tab and, when `allow_sgr`, actionctl's own colors.
pub(crate) fn assert_no_raw_controls(stderr: &str, allow_sgr: bool) {
    let mut rest = stderr;
    while let Some(at) = rest.find(|c: char| c.is_control() && c != '\n' && c != '\t') {
        let tail = &rest[at..];
        let ours = allow_sgr
            && [
                "\u{1b}[0m",
                "\u{1b}[1m",
                "\u{1b}[2m",
                "\u{1b}[1;31m",
                "\u{1b}[36m",
                "\u{1b}[35m",
            ]
            .iter()
            .chain(&["\u{1b}[1;32m", "\u{1b}[33m", "\u{1b}[1;33m"])
            .any(|sgr| tail.starts_with(sgr));
        assert!(
            ours,
            "raw control character at {:?} in:\n{stderr}",
            &tail[..tail.len().min(12)]
        );
        rest = &tail[1..];
    }
    assert!(!stderr.contains('\u{202e}'), "bidi override in:\n{stderr}");
}

#[test]
fn control_characters_from_a_server_value_are_shown_escaped() {
    for extra in [&[][..], &["--color", "always"][..]] {
        let out = run_flow_with_verified(serde_json::json!(HOSTILE), extra);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                r"does not hold (verified = no\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e})"
            ),
            "{stderr}"
        );
        assert_no_raw_controls(&stderr, !extra.is_empty());
    }
}

#[test]
fn control_characters_in_response_headers_are_shown_escaped() {
    let server = TestServer::start(|_| Reply::Respond {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Evil".into(), "a\u{9b}2Jb\u{85}c\u{202e}d".into()),
        ],
        body: br#"{"ok":1}"#.to_vec(),
    });
    for extra in [&[][..], &["--color", "always"][..]] {
        let out = actionctl()
            .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
            .args(["test", "lookup-order", "--var", "order_number=1"])
            .args(["--base-url", &server.url()])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(r": a\u{9b}2Jb\u{85}c\u{202e}d"), "{stderr}");
        assert_no_raw_controls(&stderr, !extra.is_empty());
    }
}

/// stdout is data: piped, the body's bytes come out as received.
#[test]
fn a_piped_body_keeps_its_bytes() {
    let body = "line\u{1b}[2J\u{9b}\r\n";
    let server = TestServer::start(move |_| Reply::text(200, "text/plain", body));
    let out = actionctl()
        .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
        .args(["test", "lookup-order", "--var", "order_number=1"])
        .args(["--base-url", &server.url()])
        .output()
        .unwrap();
    assert_eq!(out.stdout, body.as_bytes());
}

/// On a terminal the body is for reading: control characters are shown
/// escaped, in a text body and in a pretty-printed JSON one (driven
/// through a real pseudo-terminal).
#[test]
fn a_body_shown_on_a_terminal_cannot_drive_it() {
    for (content_type, body, shown) in [
        (
            "text/plain",
            "a\u{1b}]0;pwned\u{7}b\u{9b}2J",
            r"a\u{1b}]0;pwned\u{7}b\u{9b}2J",
        ),
        (
            "application/json",
            r#"{"t":"c1\u009bx\u001b[2J"}"#,
            r#""t": "c1\u009bx\u001b[2J""#,
        ),
    ] {
        let server = TestServer::start(move |_| Reply::text(200, content_type, body));
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
        command
            .current_dir(common::root())
            .args(["-q", "--color", "never", "test", "lookup-order"])
            .args(["--var", "order_number=1", "--base-url", &server.url()])
            .env("ACTIONCTL_KEYCHAIN", "none")
            .env("ACTIONCTL_SECRET_COMPANY_API", "tok-123456")
            .env("TERM", "xterm");
        let mut session = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
        let seen = session.exp_eof().unwrap();
        assert!(seen.contains(shown), "{content_type}: {seen:?}");
        assert!(
            !seen.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{content_type}: raw control character in {seen:?}"
        );
    }
}

/// Every character of `text` is one XML 1.0 allows.
fn assert_xml_chars(text: &str, what: &str) {
    let bad = text.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    });
    assert!(
        bad.is_none(),
        "{what}: {bad:?} is not an XML 1.0 character in {text:?}"
    );
}

#[test]
fn junit_reports_stay_well_formed_with_hostile_values() {
    let hostile = format!("{HOSTILE}\u{ffff}\u{0}");
    let value = serde_json::json!(hostile);
    let server = TestServer::start(move |_| {
        Reply::json(
            200,
            serde_json::json!({"verified": value.clone(), "customer_name": "Jane", "status": "ok"}),
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("results.xml");
    let mut cmd = actionctl();
    for env in [
        "COMPANY_API",
        "ZENDESK_API",
        "INVENTORY_API",
        "SALESFORCE_API",
    ] {
        cmd.env(format!("ACTIONCTL_SECRET_{env}"), "tok-123456");
    }
    let out = cmd
        .args([
            "test",
            "--all",
            "--base-url",
            &server.url(),
            "--report",
            "junit",
        ])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("FAIL flow verified-order-lookup"),
        "{stderr}"
    );
    assert_no_raw_controls(&stderr, false);

    let xml = std::fs::read_to_string(&report).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut failure_text = String::new();
    let mut in_failure = false;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{e}: {xml}")) {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                in_failure = e.name().as_ref() == "failure";
                for attr in e.attributes() {
                    let attr = attr.unwrap();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap();
                    assert_xml_chars(&value, "attribute");
                }
            }
            quick_xml::events::Event::End(_) => in_failure = false,
            quick_xml::events::Event::Text(t) => {
                assert_xml_chars(&t, "text");
                if in_failure {
                    failure_text.push_str(&t);
                }
            }
            quick_xml::events::Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    assert_xml_chars(&c.to_string(), "character reference");
                }
            }
            _ => {}
        }
    }
    assert!(
        failure_text
            .contains(r"verified = no\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}\u{ffff}\u{0}"),
        "{failure_text}\n{xml}"
    );
}

/// A URL too long to send used to be echoed whole in the error, which is
/// printed before the run's secrets are known: a secret given as part of
/// a value came out raw, or partly percent-encoded.
#[test]
fn an_unsendable_url_does_not_echo_a_secret_in_a_value() {
    for secret in ["sk0abcdefghijklmnopq", "sk_abc/def+ghi_jkl-XYZ"] {
        let value = format!("{}{secret}", "a".repeat(65_500));
        for format in ["text", "json"] {
            let out = actionctl()
                .env("ACTIONCTL_SECRET_COMPANY_API", secret)
                .args(["test", "lookup-order", "--mock", "--format", format])
                .arg("--var")
                .arg(format!("order_number={value}"))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(4), "{format}");
            let all = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
            assert!(all.contains("bytes long) is not valid"), "{all:.300}");
            assert!(all.len() < 2_000, "the error is short: {} bytes", all.len());
            let found = encodings::find_secret(&all, secret);
            assert!(found.is_none(), "{format}: {found:?}");
        }
    }
}
