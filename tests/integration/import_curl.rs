//! `actionctl import curl`: a curl command line becomes an action that
//! sends what the command sends. Each round trip runs the original
//! command with the real curl against one loopback server and
//! `actionctl test` of the imported action against another, then
//! `render --format curl` of the import against a third (through
//! `live::assert_curl_sends_what_test_sends_with`), and compares what the
//! servers received. Credentials never reach the file or the output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use crate::common;
use crate::live::assert_curl_sends_what_test_sends_with;
use common::actionctl_in;
use common::server::{Received, TestServer};

const TOKEN: &str = "sk_test_Zq9mTT3rGpX2vW7yimport";

/// `actionctl import curl --id ID COMMAND` in `dir`.
fn import(dir: &Path, id: &str, command: &str) -> std::process::Output {
    actionctl_in(dir)
        .args(["import", "curl", "--id", id, command])
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The headers that say something about the request: curl's and
/// actionctl's own `User-Agent`, `Accept: */*` and the port in `Host`
/// differ by design; `Content-Length` follows the body, compared on its own.
fn headers_that_matter(r: &Received, curl_sets_accept: bool) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = r
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "host" | "user-agent" | "accept-encoding" | "connection" | "content-length"
            ) && (curl_sets_accept || k != "accept")
        })
        .collect();
    headers.sort();
    headers
}

/// The body curl sent, as actionctl sends the same body: JSON text is
/// sent compact (every number and string as written), a form as typed.
fn wire_body(r: &Received) -> Vec<u8> {
    let json = r
        .header("content-type")
        .is_some_and(|ct| ct.starts_with("application/json"));
    if json {
        let value: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        value.to_string().into_bytes()
    } else {
        r.body.clone()
    }
}

/// Runs `command` (its URL written as `{URL}`) with curl, imports it,
/// runs the import with `actionctl test`, and asserts both servers
/// received the same method, target, headers and body bytes. Returns the
/// imported file's text.
fn round_trip(id: &str, command: &str, secret_env: &str, secret: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let by_curl = TestServer::echo(200);
    let url = by_curl.url();
    let original = command
        .replace("{URL}", &url)
        .replace("{HOSTPORT}", url.trim_start_matches("http://"));
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{original} --silent --show-error --output /dev/null"
        ))
        .status()
        .unwrap();
    assert!(status.success(), "curl failed running:\n{original}");
    let out = import(dir.path(), id, &original);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = dir.path().join(format!("actions/{id}.yaml"));
    let yaml = std::fs::read_to_string(&written).unwrap();
    for shown in [text(&out.stdout), text(&out.stderr), yaml.clone()] {
        assert!(!shown.contains(secret), "the credential leaked:\n{shown}");
    }
    let by_test = TestServer::echo(200);
    let test = actionctl_in(dir.path())
        .env(secret_env, secret)
        .args(["test", id, "--base-url", &by_test.url()])
        .output()
        .unwrap();
    assert!(test.status.success(), "{}\n{yaml}", text(&test.stderr));
    let (c, t) = (by_curl.single(), by_test.single());
    let context = format!("{original}\n{yaml}");
    assert_eq!(c.method, t.method, "{context}");
    assert_eq!(c.target, t.target, "{context}");
    assert_eq!(text(&wire_body(&c)), text(&t.body), "{context}");
    let sets_accept =
        command.to_ascii_lowercase().contains("accept:") || command.contains("--json");
    assert_eq!(
        headers_that_matter(&c, sets_accept),
        headers_that_matter(&t, sets_accept),
        "{context}"
    );
    assert_curl_sends_what_test_sends_with(written.to_str().unwrap(), secret_env, secret, &[]);
    yaml
}

#[test]
fn a_bearer_get_with_a_query_sends_the_same_request() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let yaml = round_trip(
        "rt-bearer",
        &format!(
            "curl -sSL '{{URL}}/v1/orders/ORD-1?expand=items&limit=2' -H 'Authorization: Bearer {TOKEN}' -H 'Accept: application/json'"
        ),
        "ACTIONCTL_SECRET_RT_BEARER",
        TOKEN,
    );
    assert!(
        yaml.contains("auth:\n  type: bearer\n  secret: \"rt-bearer\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("method: GET\n"), "{yaml}");
}

#[test]
fn a_json_post_with_an_api_key_header_sends_the_same_bytes() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let yaml = round_trip(
        "rt-json",
        &format!(
            r#"curl {{URL}}/v1/orders \
  -H 'X-API-Key: {TOKEN}' \
  --json '{{"sku": "A-1", "qty": 2, "tags": ["x", "y"], "note": "ünï {{{{x}}}} \"q\"", "big": 123456789012345678901234}}'"#
        ),
        "ACTIONCTL_SECRET_RT_JSON",
        TOKEN,
    );
    assert!(
        yaml.contains("  type: header\n  header: \"X-API-Key\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("method: POST\n"), "{yaml}");
}

#[test]
fn a_form_from_several_data_options_and_basic_auth_sends_the_same_bytes() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let yaml = round_trip(
        "rt-form",
        "curl -u 'bot@shop.test:pa55-word-import' -d a=1 -d a=2 --data 'b=two+words' --data-raw 'c=%21' --data-urlencode 'msg=a&b=c/é~' {URL}/v1/messages",
        "ACTIONCTL_SECRET_RT_FORM",
        "pa55-word-import",
    );
    assert!(
        yaml.contains(
            "auth:\n  type: basic\n  username: \"bot@shop.test\"\n  secret: \"rt-form\"\n"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("form:\n  \"a\": [\"1\", \"2\"]\n"), "{yaml}");
}

#[test]
fn get_moves_the_data_into_the_query_and_a_key_user_is_basic_key_auth() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let yaml = round_trip(
        "rt-get",
        &format!("curl -G {{URL}}/search -d q=shoes -d page=2 -u {TOKEN}:"),
        "ACTIONCTL_SECRET_RT_GET",
        TOKEN,
    );
    assert!(yaml.contains("username_secret: \"rt-get\""), "{yaml}");
    assert!(yaml.contains("/search?q=shoes&page=2\""), "{yaml}");
}

#[test]
fn put_with_a_json_content_type_keeps_every_digit_and_the_timeout() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let yaml = round_trip(
        "rt-put",
        r#"curl -X PUT {URL}/v1/items/7 -H 'Content-Type: application/json' -d '{"price": 19.999999999999999999}' --max-time 5"#,
        "ACTIONCTL_SECRET_RT_PUT",
        "unused",
    );
    assert!(yaml.contains("timeout: \"5s\"\n"), "{yaml}");
    assert!(yaml.contains("method: PUT\n"), "{yaml}");
}

#[test]
fn a_key_in_the_query_and_a_key_in_the_url_userinfo_become_auth() {
    if !common::system_part(&["curl"], "ACTIONCTL_REQUIRE_CURL") {
        return;
    }
    let yaml = round_trip(
        "rt-query",
        &format!("curl -X DELETE '{{URL}}/v1/items/7?force=true&api_key={TOKEN}'"),
        "ACTIONCTL_SECRET_RT_QUERY",
        TOKEN,
    );
    assert!(
        yaml.contains("  type: query\n  param: \"api_key\"\n"),
        "{yaml}"
    );
    let userinfo = round_trip(
        "rt-userinfo",
        "curl 'http://alice:s3cr%40t-userinfo@{HOSTPORT}/me'",
        "ACTIONCTL_SECRET_RT_USERINFO",
        "s3cr@t-userinfo",
    );
    assert!(
        userinfo.contains("  type: basic\n  username: \"alice\"\n"),
        "{userinfo}"
    );
}

#[test]
fn userinfo_in_the_url_becomes_basic_auth_and_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(
        dir.path(),
        "me",
        "curl https://alice:hunter2-very-secret@api.shop.test/me",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let yaml = std::fs::read_to_string(dir.path().join("actions/me.yaml")).unwrap();
    assert!(
        yaml.contains("url: \"https://api.shop.test/me\"\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("username: \"alice\"\n  secret: \"shop\"\n"),
        "{yaml}"
    );
    let stdout = text(&out.stdout);
    assert!(
        text(&out.stderr).contains("note: store the credential from the URL's user:password@ (left out of the file): actionctl secret set shop"),
        "the user is told which secret to store: {}",
        text(&out.stderr)
    );
    for shown in [stdout, text(&out.stderr), yaml] {
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}

#[test]
fn the_command_is_read_from_stdin_with_backslash_newlines() {
    let dir = tempfile::tempdir().unwrap();
    let out = actionctl_in(dir.path())
        .args(["import", "curl", "-"])
        .write_stdin("curl -X PATCH \\\n  'https://api.shop.test/v1/orders/ORD-1' \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"status\": \"paid\"}'\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "wrote actions/patch-v1-orders-ord-1.yaml\n"
    );
    let yaml =
        std::fs::read_to_string(dir.path().join("actions/patch-v1-orders-ord-1.yaml")).unwrap();
    assert_eq!(
        yaml,
        "name: \"PATCH /v1/orders/ORD-1\"\n\
         description: \"Sends PATCH api.shop.test/v1/orders/ORD-1 (imported from curl: say when the agent should use it)\"\n\
         method: PATCH\n\
         url: \"https://api.shop.test/v1/orders/ORD-1\"\n\
         headers:\n  \"Content-Type\": \"application/json\"\n\
         body: \"{\\\"status\\\": \\\"paid\\\"}\"\n"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("name and description are placeholders"),
        "{stderr}"
    );
}

#[test]
fn words_after_a_double_dash_are_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = actionctl_in(dir.path())
        .args([
            "import",
            "curl",
            "--",
            "curl",
            "-sS",
            "-X",
            "DELETE",
            "https://api.shop.test/v1/carts/9",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "wrote actions/delete-v1-carts-9.yaml\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("left out (they do not change the request): -s -S"),
        "{stderr}"
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), "x", "curl https://api.shop.test/a");
    let path = dir.path().join("actions/x.yaml");
    let before = std::fs::read_to_string(&path).unwrap();
    let again = import(dir.path(), "x", "curl https://api.shop.test/b");
    assert_eq!(again.status.code(), Some(4), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    let forced = actionctl_in(dir.path())
        .args([
            "import",
            "curl",
            "--force",
            "--id",
            "x",
            "curl https://api.shop.test/b",
        ])
        .output()
        .unwrap();
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(std::fs::read_to_string(&path).unwrap().contains("/b\""));
}

/// `import curl COMMAND` fails with `code`, one error line containing
/// `says`, nothing written, and none of `hidden` anywhere in the output.
fn refused(command: &str, code: i32, says: &str, hidden: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = actionctl_in(dir.path())
        .args(["import", "curl", command])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{command:?}: {stderr}");
    assert!(stderr.contains(says), "{command:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{command:?}: {stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        !dir.path().join("actions").exists(),
        "nothing written for {command:?}"
    );
    for h in hidden {
        assert!(!stderr.contains(h), "{command:?} shows {h}: {stderr}");
    }
}

#[test]
fn hostile_and_wrong_commands_are_one_clear_error_and_nothing_written() {
    refused("", 4, "the curl command is empty", &[]);
    refused(
        "wget https://x.test",
        4,
        "not a curl command: word 1 is `wget`",
        &[],
    );
    refused("curl 'https://x.test", 4, "missing closing quote", &[]);
    refused("curl -H", 4, "curl option `-H` (word 2) needs a value", &[]);
    refused("curl -s", 4, "no URL in the curl command", &[]);
    refused("curl https://a.test https://b.test", 4, "two URLs", &[]);
    refused(
        "curl --token=sk_live_verysecret1234 --frobnicate -Z https://x.test",
        4,
        "unknown curl options: `--token`, `--frobnicate`, `-Z`",
        &["sk_live_verysecret1234"],
    );
    refused(
        "curl -F file=@a.png https://x.test",
        4,
        "multipart/form-data",
        &[],
    );
    refused("curl -I https://x.test", 4, "-I/--head sends HEAD", &[]);
    refused("curl -X TRACE https://x.test", 4, "asks for `TRACE`", &[]);
    refused(
        "curl -H 'Content-Type: text/xml' -d '<a/>' https://x.test",
        4,
        "`text/xml`",
        &[],
    );
    refused(
        "curl -d 'just text' https://x.test",
        4,
        "neither JSON nor name=value",
        &["just text"],
    );
    refused(
        "curl --json '{\"a\": ' https://x.test",
        4,
        "is meant as JSON but is not",
        &[],
    );
    refused(
        "curl -u 'bob:pw-one-very-secret' -H 'X-API-Key: key-two-very-secret' https://x.test",
        4,
        "2 credentials (header X-API-Key, -u)",
        &["pw-one-very-secret", "key-two-very-secret"],
    );
    refused("curl -u bob https://x.test", 4, "ask for the password", &[]);
    refused(
        "curl -u bob:hunter2secret https://x.test/a -d note=hunter2secret",
        4,
        "the credential from -u also stands elsewhere in the command",
        &["hunter2secret"],
    );
    refused("curl -m 7200 https://x.test", 4, "at most 1h", &[]);
    refused("curl ftp://x.test/file", 4, "is not http or https", &[]);
    refused(
        "curl -H 'X-Note: a\u{1b}[31mred' https://x.test",
        3,
        "would not validate",
        &[],
    );
    refused("curl 'https://x.test/a b'", 3, "would not validate", &[]);
}

#[test]
fn data_from_a_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("body.json"),
        "{\"password\": \"in-the-file\"}",
    )
    .unwrap();
    for command in [
        "curl -d @body.json https://x.test",
        "curl --data-binary @body.json https://x.test",
        "curl --json @body.json https://x.test",
        "curl --data-urlencode name@body.json https://x.test",
        "curl -b cookies.txt https://x.test",
    ] {
        let out = actionctl_in(dir.path())
            .args(["import", "curl", command])
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{command}: {stderr}");
        assert!(stderr.contains("reads a file"), "{command}: {stderr}");
        assert!(!stderr.contains("in-the-file"));
    }
    assert!(!dir.path().join("actions").exists());
}

#[test]
fn huge_and_binary_stdin_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut huge = b"curl https://x.test -d a=".to_vec();
    huge.resize(2 * 1024 * 1024, b'a');
    let out = actionctl_in(dir.path())
        .args(["import", "curl", "-"])
        .write_stdin(huge)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        text(&out.stderr).contains("larger than the limit"),
        "{}",
        text(&out.stderr)
    );
    let out = actionctl_in(dir.path())
        .args(["import", "curl", "-"])
        .write_stdin(vec![b'c', b'u', 0xff, 0xfe, 0, 1])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        text(&out.stderr).contains("not UTF-8"),
        "{}",
        text(&out.stderr)
    );
    let out = actionctl_in(dir.path())
        .args(["import", "curl", "-"])
        .write_stdin("curl https://x.test -H 'A: \u{0}b'")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(!dir.path().join("actions").exists());
}

#[test]
fn a_command_of_twenty_thousand_fields_imports_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let pairs: Vec<String> = (0..20_000).map(|i| format!("f{}=v", i % 10_000)).collect();
    let started = std::time::Instant::now();
    let out = actionctl_in(dir.path())
        .args(["import", "curl", "--id", "big", "-"])
        .write_stdin(format!("curl https://x.test/a -d '{}'", pairs.join("&")))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let yaml = std::fs::read_to_string(dir.path().join("actions/big.yaml")).unwrap();
    assert!(yaml.contains("  \"f9999\": [\"v\", \"v\"]\n"));
    assert!(text(&out.stderr).contains("f0, f1, f2, f3, f4 and 9,995 more repeat"));
}

#[test]
fn a_bad_id_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(dir.path(), "bad id", "curl https://x.test");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--id `bad id` is not an action id"));
}

/// i16-bb 1: a pasted `Content-Length` that is not the body's length
/// hung the server; `Transfer-Encoding` beside it broke the framing;
/// `Host` redirected the request. The import drops them with a note and
/// the action's request carries the transport's own values.
#[test]
fn framing_and_hop_by_hop_headers_are_left_out_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::echo(200);
    let command = format!(
        "curl {}/cl -H 'Content-Type: application/json' -H 'Content-Length: 16' -H 'Transfer-Encoding: chunked' -H 'Host: evil.example' -H 'Connection: keep-alive' -H 'TE: trailers' -H 'Upgrade: h2c' -H 'Keep-Alive: 5' -H 'Proxy-Connection: x' -H 'Trailer: X' -H 'X-Kept: 1' --data-raw '{{ \"a\" : \"bb\"  }}'",
        server.url()
    );
    let out = import(dir.path(), "cl", &command);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let yaml = std::fs::read_to_string(dir.path().join("actions/cl.yaml")).unwrap();
    for name in [
        "Content-Length",
        "Transfer-Encoding",
        "Host",
        "Connection",
        "TE",
        "Upgrade",
        "Keep-Alive",
        "Proxy-Connection",
        "Trailer",
    ] {
        assert!(!yaml.contains(&format!("\"{name}\":")), "{name}:\n{yaml}");
        assert!(
            text(&out.stderr).contains(&format!("`{name}`")),
            "{}",
            text(&out.stderr)
        );
    }
    assert!(yaml.contains("\"X-Kept\": \"1\""), "{yaml}");
    let test = actionctl_in(dir.path())
        .args(["test", "cl"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(test.status.success(), "{}", text(&test.stderr));
    let r = server.single();
    assert_eq!(r.header("content-length"), Some("10"));
    assert_eq!(r.header("transfer-encoding"), None);
    assert!(r.header("host").unwrap().starts_with("127.0.0.1"));
    assert_eq!(text(&r.body), r#"{"a":"bb"}"#);
}

/// Imports `command` as `id` in a new folder, runs `actionctl test` with
/// `secret` as the action's secret, and returns the file, what the
/// import printed, and what the server received.
fn import_and_send(id: &str, command: &str, secret: &str) -> (String, String, Received) {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::echo(200);
    let command = command.replace("{URL}", &server.url());
    let out = import(dir.path(), id, &command);
    let printed = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{printed}");
    let yaml = std::fs::read_to_string(dir.path().join(format!("actions/{id}.yaml"))).unwrap();
    let env = format!(
        "ACTIONCTL_SECRET_{}",
        id.to_ascii_uppercase().replace('-', "_")
    );
    let test = actionctl_in(dir.path())
        .env(env, secret)
        .args(["test", id])
        .output()
        .unwrap();
    assert!(test.status.success(), "{}\n{yaml}", text(&test.stderr));
    for shown in [&yaml, &printed] {
        assert!(!shown.contains(secret), "the credential leaked:\n{shown}");
    }
    (yaml, printed, server.single())
}

/// i16-bb 2: a credential in a form field or a top-level JSON member
/// made the import fail with "`body` and `form` exclude each other" or
/// "duplicate key `body`"; it becomes body auth and is sent in place.
#[test]
fn form_and_json_body_credentials_become_body_auth() {
    let (yaml, _, r) = import_and_send(
        "token",
        "curl {URL}/oauth/token -d 'client_secret=CANARY12345&grant_type=client_credentials'",
        "CANARY12345",
    );
    assert!(
        yaml.contains("auth:\n  type: body\n  param: \"client_secret\"\n  secret: \"token\"\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("form:\n  \"grant_type\": \"client_credentials\"\n"),
        "{yaml}"
    );
    assert_eq!(
        text(&r.body),
        "grant_type=client_credentials&client_secret=CANARY12345"
    );

    let (yaml, _, r) = import_and_send(
        "only",
        "curl {URL}/login -d 'password=CANARY12345'",
        "CANARY12345",
    );
    assert!(yaml.contains("form: {}\n"), "{yaml}");
    assert_eq!(text(&r.body), "password=CANARY12345");

    let (yaml, _, r) = import_and_send(
        "json-key",
        r#"curl {URL}/a --json '{"api_key":"CANARY12345","n":1}'"#,
        "CANARY12345",
    );
    assert!(yaml.contains("  param: \"api_key\"\n"), "{yaml}");
    assert_eq!(text(&r.body), r#"{"n":1,"api_key":"CANARY12345"}"#);
}

/// i16-bb 14: the secret advice went to stdout and `-q` kept it; an id
/// starting with `-` was accepted and then read as an option.
#[test]
fn advice_is_a_note_that_quiet_silences_and_ids_do_not_start_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let out = actionctl_in(dir.path())
        .args([
            "-q",
            "import",
            "curl",
            "--id",
            "quiet",
            "curl https://api.shop.test/a -u bob:hunter2",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "wrote actions/quiet.yaml\n");
    assert_eq!(text(&out.stderr), "");
    let out = actionctl_in(dir.path())
        .args([
            "import",
            "curl",
            "--id",
            "-lead",
            "curl https://api.shop.test/a",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("not starting with `-`"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("actions/-lead.yaml").exists());
}

/// i16-bb 15: curl sends two `-b` as one `Cookie` header; so does the
/// import, once the user stores that header's value as the secret.
#[test]
fn two_cookie_options_are_one_cookie_header() {
    let (yaml, printed, r) = import_and_send(
        "cookies",
        "curl {URL}/a -b 'sid=CANARY1' -b 'theme=dark'",
        "sid=CANARY1; theme=dark",
    );
    assert!(yaml.contains("  header: \"Cookie\"\n"), "{yaml}");
    assert!(printed.contains("from header Cookie"), "{printed}");
    assert_eq!(r.header("cookie"), Some("sid=CANARY1; theme=dark"));
}
