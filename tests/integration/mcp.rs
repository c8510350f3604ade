//! `actionctl mcp` started as a child process and driven by rmcp's own
//! client, over stdio and over Streamable HTTP, against loopback API
//! servers that record what they received.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{NotificationContext, RunningService};
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::{Value, json};

use crate::common::server::{Reply, TestServer, refused_url};
use crate::common::{self, actionctl, encodings};

/// The fixture folder: three actions and a flow (`flows/` beside it).
fn fixture() -> PathBuf {
    common::fixture("mcp/actions")
}

/// A client that counts `notifications/tools/list_changed`.
#[derive(Clone, Default)]
struct Watch(Arc<AtomicUsize>);

impl ClientHandler for Watch {
    async fn on_tool_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A running `actionctl mcp` with a connected client; stderr kept in a file.
struct Served {
    client: RunningService<RoleClient, Watch>,
    watch: Watch,
    stderr: tempfile::NamedTempFile,
    /// The HTTP server's process (the stdio one belongs to the transport).
    child: Option<std::process::Child>,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `actionctl --dir DIR mcp ARGS` with a clean environment plus `envs`
/// (as `common::actionctl`, but a std command a transport can take).
fn command(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> std::process::Command {
    #[allow(deprecated)]
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    cmd.current_dir(common::root());
    cmd.env("ACTIONCTL_KEYCHAIN", "none");
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("ACTIONCTL_") || key == "NO_COLOR" || key == "CLICOLOR_FORCE" {
            cmd.env_remove(&key);
        }
    }
    cmd.arg("--dir").arg(dir).arg("mcp").args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd
}

impl Served {
    /// Over stdio, as an MCP client starts it.
    async fn stdio(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Self {
        let stderr = tempfile::NamedTempFile::new().unwrap();
        let cmd = tokio::process::Command::from(command(dir, args, envs));
        let (transport, _) = TokioChildProcess::builder(cmd)
            .stderr(stderr.reopen().unwrap())
            .spawn()
            .unwrap();
        let watch = Watch::default();
        let client = watch.clone().serve(transport).await.unwrap_or_else(|e| {
            panic!("{e}: {}", read(stderr.path()));
        });
        Self {
            client,
            watch,
            stderr,
            child: None,
        }
    }

    /// Over Streamable HTTP on `addr` (port 0: any free one; the server
    /// says which on stderr).
    async fn http(dir: &Path, addr: &str, args: &[&str], envs: &[(&str, &str)]) -> Self {
        let stderr = tempfile::NamedTempFile::new().unwrap();
        let mut cmd = command(dir, &[&["--http", addr], args].concat(), envs);
        let child = cmd
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(stderr.reopen().unwrap())
            .spawn()
            .unwrap();
        let url = wait_for_url(stderr.path()).await;
        let url = url.replace("0.0.0.0", "127.0.0.1");
        let watch = Watch::default();
        let client = watch
            .clone()
            .serve(StreamableHttpClientTransport::from_uri(url))
            .await
            .unwrap();
        Self {
            client,
            watch,
            stderr,
            child: Some(child),
        }
    }

    async fn call(&self, name: &str, arguments: Value) -> CallToolResult {
        let Value::Object(arguments) = arguments else {
            panic!("arguments are an object")
        };
        self.client
            .call_tool(CallToolRequestParams::new(name.to_string()).with_arguments(arguments))
            .await
            .unwrap_or_else(|e| panic!("{e}: {}", self.log()))
    }

    async fn tools(&self) -> Value {
        let tools = self.client.list_all_tools().await.unwrap();
        serde_json::to_value(tools).unwrap()
    }

    fn log(&self) -> String {
        read(self.stderr.path())
    }
}

fn read(path: &Path) -> String {
    let mut text = String::new();
    std::fs::File::open(path)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The `http://…/mcp` URL the server says it listens on.
async fn wait_for_url(stderr: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let log = read(stderr);
        if let Some(url) = log
            .split_whitespace()
            .find(|w| w.starts_with("http://") && w.ends_with("/mcp"))
        {
            return url.to_string();
        }
        assert!(Instant::now() < deadline, "no URL on stderr: {log}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The only text content of a result.
fn text(result: &CallToolResult) -> &str {
    assert_eq!(result.content.len(), 1, "{result:?}");
    &result.content[0].as_text().expect("text content").text
}

/// A failure line without the `; the API said: …` excerpt MCP adds to
/// `test`'s words, and the excerpt.
fn api_said(text: &str) -> (String, Option<String>) {
    let Some((before, rest)) = text.split_once("; the API said: ") else {
        return (text.to_string(), None);
    };
    let end = [" check failed too: ", " checks failed too: "]
        .iter()
        .filter_map(|tail| rest.find(tail))
        .filter_map(|at| rest[..at].rfind("; "))
        .min()
        .unwrap_or(rest.len());
    (
        format!("{before}{}", &rest[end..]),
        Some(rest[..end].to_string()),
    )
}

fn failed(result: &CallToolResult) -> bool {
    result.is_error == Some(true)
}

/// `schema --all --format mcp` of `dir`.
fn schema_all(dir: &Path) -> Value {
    let output = actionctl()
        .arg("--dir")
        .arg(dir)
        .args(["schema", "--all", "--format", "mcp"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    common::stdout_json(&output)
}

/// `failure.message` of `test ACTION --format json` with `args`.
fn test_failure(dir: &Path, action: &str, args: &[&str], envs: &[(&str, &str)]) -> String {
    let mut cmd = actionctl();
    cmd.arg("--dir")
        .arg(dir)
        .args(["test", action, "--format", "json"])
        .args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let doc = common::stdout_json(&cmd.output().unwrap());
    doc["failure"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no failure: {doc}"))
        .to_string()
}

const KEY: (&str, &str) = ("ACTIONCTL_SECRET_MCP_TEST_KEY", "sk-live-4f9a-mcp");

fn order_args() -> Value {
    json!({
        "customer_id": "C 9", "sku": "PROD-7", "qty": 3, "gift": true,
        "price": 19.99, "tags": ["red", "big"], "channel": "chat"
    })
}

/// The same values as `--var` text.
const ORDER_VARS: &[&str] = &[
    "--var",
    "customer_id=C 9",
    "--var",
    "sku=PROD-7",
    "--var",
    "qty=3",
    "--var",
    "gift=true",
    "--var",
    "price=19.99",
    "--var",
    r#"tags=["red","big"]"#,
    "--var",
    "channel=chat",
];

#[tokio::test(flavor = "multi_thread")]
async fn tools_list_is_exactly_what_schema_all_prints() {
    let served = Served::stdio(&fixture(), &[], &[]).await;
    let tools = served.tools().await;
    assert_eq!(tools, schema_all(&fixture()));
    assert_eq!(tools.as_array().unwrap().len(), 4, "{tools}");
    assert!(served.log().contains("serving 4 tools"), "{}", served.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_call_sends_byte_for_byte_what_test_sends_and_returns_the_body() {
    let api = TestServer::start(|_| {
        Reply::json(
            201,
            json!({"stored": true, "order_id": "ORD-9", "note": "ok"}),
        )
    });
    let base = ["--base-url", &api.url()].map(str::to_string);
    let base: Vec<&str> = base.iter().map(String::as_str).collect();
    let served = Served::stdio(&fixture(), &base, &[KEY]).await;
    let result = served.call("place-order", order_args()).await;
    assert!(!failed(&result), "{result:?}");
    let received = api.single();
    assert_eq!(received.method, "POST");
    assert_eq!(received.target, "/v1/orders/C%209?channel=chat");
    assert_eq!(
        received.header("authorization"),
        Some("Bearer sk-live-4f9a-mcp")
    );
    assert_eq!(
        received.json(),
        json!({"sku": "PROD-7", "qty": 3, "gift": true, "price": 19.99, "tags": ["red", "big"]})
    );
    assert_eq!(
        text(&result),
        r#"{"stored":true,"order_id":"ORD-9","note":"ok"}"#
    );
    assert_eq!(
        result.structured_content,
        Some(json!({"stored": true, "order_id": "ORD-9", "note": "ok"}))
    );
    // `test` with the same values sends the same bytes.
    let mut cmd = actionctl();
    cmd.arg("--dir")
        .arg(fixture())
        .args(["test", "place-order"])
        .args(&base)
        .args(ORDER_VARS)
        .env(KEY.0, KEY.1);
    assert!(cmd.output().unwrap().status.success());
    let both = api.requests();
    assert_eq!(both[0].target, both[1].target);
    assert_eq!(both[0].body, both[1].body);
    assert_eq!(
        both[0].header("authorization"),
        both[1].header("authorization")
    );
}

/// The reason a failed call gives.
enum Want {
    /// What `test --format json` says with these arguments.
    AsTest(Vec<String>),
    /// This, where `test` has no equivalent (a JSON kind).
    Literal(&'static str),
}

#[tokio::test(flavor = "multi_thread")]
async fn every_failure_is_an_error_result_worded_as_test_words_it_and_serving_goes_on() {
    let api = TestServer::start(|r| {
        if r.target.starts_with("/v1/orders/boom") {
            Reply::json(500, json!({"error": "down"}))
        } else if r.target.starts_with("/v1/orders/nocheck") {
            Reply::json(201, json!({"stored": false, "order_id": "X"}))
        } else {
            Reply::json(201, json!({"stored": true, "order_id": "X"}))
        }
    });
    let url = api.url();
    let base = ["--base-url", url.as_str()];
    let served = Served::stdio(&fixture(), &base, &[KEY]).await;
    let ok = json!({"customer_id": "c", "sku": "PROD-1", "qty": 1});
    let with = |key: &str, value: Value| {
        let mut args = ok.clone();
        args[key] = value;
        args
    };
    let without = |key: &str| {
        let mut args = ok.clone();
        args.as_object_mut().unwrap().remove(key);
        args
    };
    let vars = |pairs: &[&str]| -> Vec<String> {
        let mut args = vec!["--base-url".to_string(), url.clone()];
        for pair in pairs {
            args.push("--var".into());
            args.push((*pair).to_string());
        }
        args
    };
    let cases: Vec<(&str, Value, Want)> = vec![
        (
            "wrong JSON kind",
            with("qty", json!(true)),
            Want::Literal("variable `qty`: `true` is a JSON boolean, not a value of type integer"),
        ),
        (
            "not a value of the type",
            with("qty", json!("three")),
            Want::AsTest(vars(&["customer_id=c", "sku=PROD-1", "qty=three"])),
        ),
        (
            "missing required",
            without("sku"),
            Want::AsTest(vars(&["customer_id=c", "qty=1"])),
        ),
        (
            "constraint",
            with("qty", json!(9)),
            Want::AsTest(vars(&["customer_id=c", "sku=PROD-1", "qty=9"])),
        ),
        (
            "enum",
            with("channel", json!("fax")),
            Want::AsTest(vars(&[
                "customer_id=c",
                "sku=PROD-1",
                "qty=1",
                "channel=fax",
            ])),
        ),
        (
            "undeclared argument",
            with("colour", json!("red")),
            Want::AsTest(vars(&[
                "customer_id=c",
                "sku=PROD-1",
                "qty=1",
                "colour=red",
            ])),
        ),
        (
            "status outside expect",
            with("customer_id", json!("boom")),
            Want::AsTest(vars(&["customer_id=boom", "sku=PROD-1", "qty=1"])),
        ),
        (
            "failed expect check",
            with("customer_id", json!("nocheck")),
            Want::AsTest(vars(&["customer_id=nocheck", "sku=PROD-1", "qty=1"])),
        ),
    ];
    for (kind, args, want) in cases {
        let result = served.call("place-order", args).await;
        assert!(failed(&result), "{kind}: {result:?}");
        let want = match want {
            Want::AsTest(test_args) => {
                let test_args: Vec<&str> = test_args.iter().map(String::as_str).collect();
                test_failure(&fixture(), "place-order", &test_args, &[KEY])
            }
            Want::Literal(literal) => literal.to_string(),
        };
        let (line, said) = api_said(text(&result));
        assert_eq!(line, want, "{kind}");
        if kind == "status outside expect" {
            assert_eq!(said.as_deref(), Some(r#"{"error":"down"}"#));
        }
        assert!(!want.contains('\n'), "{kind}: {want}");
        assert_eq!(result.structured_content, None, "{kind}");
        // Still serving.
        let again = served.call("place-order", ok.clone()).await;
        assert!(!failed(&again), "{kind}: then {again:?}");
    }
    let unknown = served.call("place-ordr", json!({})).await;
    assert!(failed(&unknown));
    assert_eq!(
        text(&unknown),
        "unknown tool `place-ordr` (did you mean `place-order`?): see tools/list"
    );
    assert!(!failed(&served.call("place-order", ok.clone()).await));
    assert!(
        served
            .log()
            .contains("tools/call place-ordr: failed: unknown tool"),
        "{}",
        served.log()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_connection_and_a_missing_secret_are_error_results() {
    let refused = refused_url();
    let served = Served::stdio(&fixture(), &["--base-url", &refused], &[KEY]).await;
    let args = json!({"customer_id": "c", "sku": "PROD-1", "qty": 1});
    let result = served.call("place-order", args.clone()).await;
    assert!(failed(&result), "{result:?}");
    let vars = [
        "--base-url",
        &refused,
        "--var",
        "customer_id=c",
        "--var",
        "sku=PROD-1",
        "--var",
        "qty=1",
    ];
    assert_eq!(
        text(&result),
        test_failure(&fixture(), "place-order", &vars, &[KEY])
    );
    assert!(text(&result).contains("refused"), "{}", text(&result));

    let api = TestServer::start(|_| Reply::json(201, json!({"stored": true, "order_id": "X"})));
    let served = Served::stdio(&fixture(), &["--base-url", &api.url()], &[]).await;
    let result = served.call("place-order", args.clone()).await;
    assert!(failed(&result));
    assert_eq!(
        text(&result),
        "missing secret `mcp-test-key` used by action `place-order`: set the environment variable ACTIONCTL_SECRET_MCP_TEST_KEY"
    );
    assert!(api.requests().is_empty());
    // An action that needs no secret still runs.
    let status = served.call("order-status", json!({"order_id": "A"})).await;
    assert!(!failed(&status), "{status:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn mock_answers_and_the_shaped_body_are_what_the_agent_gets() {
    let served = Served::stdio(&fixture(), &["--mock"], &[]).await;
    let placed = served
        .call(
            "place-order",
            json!({"customer_id": "C1", "sku": "PROD-1", "qty": 2}),
        )
        .await;
    assert!(!failed(&placed), "{placed:?}");
    assert_eq!(
        placed.structured_content,
        Some(json!({"stored": true, "order_id": "ORD-C1", "sku": "PROD-1", "qty": 2}))
    );
    // `response: {select: $.order.status, max_chars: 12}`: a cut string, not an object.
    let status = served.call("order-status", json!({"order_id": "A"})).await;
    assert!(!failed(&status), "{status:?}");
    assert_eq!(text(&status), "\"shipped by …[cut: 12 of 26 characters]");
    assert_eq!(status.structured_content, None);
    // Said once per process, however many calls send the placeholder.
    let again = served
        .call(
            "place-order",
            json!({"customer_id": "C2", "sku": "PROD-1", "qty": 1}),
        )
        .await;
    assert!(!failed(&again), "{again:?}");
    assert_eq!(
        served
            .log()
            .matches("secret mcp-test-key is not stored; --mock sends a placeholder instead")
            .count(),
        1,
        "{}",
        served.log()
    );

    let refused = Served::stdio(&fixture(), &["--mock=refused"], &[]).await;
    let result = refused
        .call(
            "place-order",
            json!({"customer_id": "C1", "sku": "PROD-1", "qty": 2}),
        )
        .await;
    assert!(failed(&result));
    let vars = [
        "--mock=refused",
        "--var",
        "customer_id=C1",
        "--var",
        "sku=PROD-1",
        "--var",
        "qty=2",
    ];
    let (line, said) = api_said(text(&result));
    assert_eq!(line, test_failure(&fixture(), "place-order", &vars, &[]));
    assert_eq!(
        said.as_deref(),
        Some(r#"{ "stored": false, "error": "out of stock" }"#)
    );
    assert!(text(&result).contains("got 409"), "{}", text(&result));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flow_returns_its_last_shaped_result_or_where_and_why_it_stopped() {
    let served = Served::stdio(&fixture(), &["--mock"], &[]).await;
    let args = json!({"customer_id": "C7", "qty": 2});
    let result = served.call("order-then-status", args.clone()).await;
    assert!(!failed(&result), "{result:?}");
    assert_eq!(text(&result), "\"shipped by …[cut: 12 of 26 characters]");
    let wrong = served
        .call(
            "order-then-status",
            json!({"customer_id": "C7", "qty": "x"}),
        )
        .await;
    assert!(failed(&wrong));
    assert_eq!(
        text(&wrong),
        test_failure(
            &fixture(),
            "order-then-status",
            &["--mock", "--var", "customer_id=C7", "--var", "qty=x"],
            &[]
        )
    );

    let stopping = Served::stdio(&fixture(), &["--mock=refused"], &[]).await;
    let stopped = stopping.call("order-then-status", args).await;
    assert!(failed(&stopped));
    let vars = [
        "--mock=refused",
        "--var",
        "customer_id=C7",
        "--var",
        "qty=2",
    ];
    let want = test_failure(&fixture(), "order-then-status", &vars, &[]);
    let (line, said) = api_said(text(&stopped));
    assert_eq!(line, want);
    assert!(said.unwrap().contains("out of stock"));
    assert!(
        want.starts_with(
            "flow order-then-status stopped at step 1: place-order: expected status 201, got 409"
        ),
        "{want}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_in_flight_at_once_run_at_once() {
    let api = TestServer::start(|_| {
        Reply::Delay(
            Duration::from_millis(400),
            Box::new(Reply::json(201, json!({"stored": true, "order_id": "X"}))),
        )
    });
    let served = Served::stdio(&fixture(), &["--base-url", &api.url()], &[KEY]).await;
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..8 {
        let peer = served.client.peer().clone();
        calls.spawn(async move {
            let Value::Object(args) =
                json!({"customer_id": format!("c{i}"), "sku": "PROD-1", "qty": 1})
            else {
                unreachable!()
            };
            peer.call_tool(CallToolRequestParams::new("place-order").with_arguments(args))
                .await
                .unwrap()
        });
    }
    while let Some(result) = calls.join_next().await {
        assert!(!failed(&result.unwrap()));
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(8 * 400 / 2), "{elapsed:?}");
    let mut targets: Vec<String> = api.requests().into_iter().map(|r| r.target).collect();
    targets.sort();
    assert_eq!(targets.len(), 8);
    assert_eq!(targets[0], "/v1/orders/c0?channel=voice");
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_mock_calls_each_get_their_own_answer() {
    let served = Served::stdio(&fixture(), &["--mock"], &[]).await;
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..16 {
        let peer = served.client.peer().clone();
        calls.spawn(async move {
            let Value::Object(args) =
                json!({"customer_id": format!("C{i}"), "sku": "PROD-1", "qty": 1})
            else {
                unreachable!()
            };
            let result = peer
                .call_tool(CallToolRequestParams::new("place-order").with_arguments(args))
                .await
                .unwrap();
            (i, result)
        });
    }
    while let Some(done) = calls.join_next().await {
        let (i, result) = done.unwrap();
        assert_eq!(
            result.structured_content.as_ref().unwrap()["order_id"],
            json!(format!("ORD-C{i}")),
            "each call gets its own answer"
        );
    }
}

/// A copy of the fixture folder (actions and flows) to edit.
fn editable_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["actions", "flows"] {
        let from = common::fixture("mcp").join(sub);
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.path().join(sub).join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_files_are_not_served_and_edits_are_served_without_a_restart() {
    let dir = editable_copy();
    let actions = dir.path().join("actions");
    std::fs::write(actions.join("broken.yaml"), "name: Broken\nmethod: FETCH\n").unwrap();
    let served = Served::stdio(&actions, &["--mock"], &[]).await;
    let names = |tools: &Value| -> Vec<String> {
        tools
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    let tools = served.tools().await;
    assert_eq!(
        names(&tools),
        ["order-status", "place-order", "whoami", "order-then-status"]
    );
    let log = served.log();
    let broken_lines: Vec<&str> = log.lines().filter(|l| l.contains("broken.yaml")).collect();
    assert_eq!(broken_lines.len(), 1, "{log}");
    assert!(
        broken_lines[0].contains("broken.yaml:") && broken_lines[0].contains("not served"),
        "{log}"
    );

    // A fixed file, a new one and an edited one: served on the next request.
    std::fs::remove_file(actions.join("broken.yaml")).unwrap();
    let status = std::fs::read_to_string(actions.join("order-status.yaml")).unwrap();
    std::fs::write(
        actions.join("order-status.yaml"),
        status.replace("max_chars: 12", "max_chars: 7"),
    )
    .unwrap();
    std::fs::write(
        actions.join("ping.yaml"),
        "name: Ping\ndescription: Is the API up?\nmethod: GET\nurl: https://api.example.invalid/ping\nmock: {status: 200, body: {up: true}}\n",
    )
    .unwrap();
    let tools = served.tools().await;
    assert!(names(&tools).contains(&"ping".to_string()), "{tools}");
    assert_eq!(tools, schema_all(&actions));
    let cut = served.call("order-status", json!({"order_id": "A"})).await;
    assert_eq!(text(&cut), "\"shippe…[cut: 7 of 26 characters]");
    assert!(
        served.watch.0.load(Ordering::SeqCst) >= 1,
        "no list_changed"
    );

    // Broken again: no longer served, said once.
    std::fs::write(actions.join("ping.yaml"), "name: [\n").unwrap();
    let result = served.call("ping", json!({})).await;
    assert!(failed(&result));
    assert!(
        text(&result).starts_with("unknown tool `ping`"),
        "{}",
        text(&result)
    );
    assert!(served.log().contains("ping.yaml:"), "{}", served.log());

    // An environments file that breaks: what was read before is served.
    std::fs::write(dir.path().join("environments.yaml"), "environments: [\n").unwrap();
    let still = served.call("order-status", json!({"order_id": "A"})).await;
    assert_eq!(text(&still), "\"shippe…[cut: 7 of 26 characters]");
    let log = served.log();
    assert!(
        log.contains("the actions folder changed but cannot be read (")
            && log.contains("environments.yaml:"),
        "{log}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_form_of_a_secret_comes_back_from_an_echoing_server() {
    let api = TestServer::echo(200);
    let secret = "tok-\"q/+=%&?#: <x>{y}$`e";
    let served = Served::stdio(
        &fixture(),
        &["--base-url", &api.url()],
        &[("ACTIONCTL_SECRET_MCP_ECHO_KEY", secret)],
    )
    .await;
    let result = served.call("whoami", json!({})).await;
    assert!(!failed(&result), "{result:?}");
    let request = api.single();
    assert_eq!(
        request.header("authorization").unwrap(),
        format!("Bearer {secret}")
    );
    let whole = serde_json::to_string(&result).unwrap();
    assert!(whole.contains("<secret:mcp-echo-key>"), "{whole}");
    if let Some(found) = encodings::find_secret(&whole, secret) {
        panic!("the tool result leaks the secret: {found}");
    }
    assert!(result.structured_content.is_some(), "still JSON: {whole}");
    if let Some(found) = encodings::find_secret(&served.log(), secret) {
        panic!("stderr leaks the secret: {found}");
    }
    // And when the same echo is a failure (status outside `expect`).
    let failing = TestServer::echo(500);
    let served = Served::stdio(
        &fixture(),
        &["--base-url", &failing.url()],
        &[("ACTIONCTL_SECRET_MCP_ECHO_KEY", secret)],
    )
    .await;
    let result = served.call("whoami", json!({})).await;
    assert!(failed(&result));
    let whole = serde_json::to_string(&result).unwrap();
    assert!(whole.contains("; the API said: "), "{whole}");
    assert!(encodings::find_secret(&whole, secret).is_none(), "{whole}");
    assert!(encodings::find_secret(&served.log(), secret).is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn streamable_http_serves_the_same_tools_and_calls() {
    let api = TestServer::start(|_| Reply::json(201, json!({"stored": true, "order_id": "H1"})));
    let served = Served::http(
        &fixture(),
        "127.0.0.1:0",
        &["--base-url", &api.url()],
        &[KEY],
    )
    .await;
    assert_eq!(served.tools().await, schema_all(&fixture()));
    let result = served.call("place-order", order_args()).await;
    assert!(!failed(&result), "{result:?}");
    assert_eq!(
        result.structured_content,
        Some(json!({"stored": true, "order_id": "H1"}))
    );
    let received = api.single();
    assert_eq!(received.target, "/v1/orders/C%209?channel=chat");
    assert_eq!(
        received.header("authorization"),
        Some("Bearer sk-live-4f9a-mcp")
    );
    let error = served.call("place-order", json!({"qty": 9})).await;
    assert!(failed(&error));
    assert!(!failed(&served.call("place-order", order_args()).await));
    assert!(served.log().contains("/mcp"), "{}", served.log());
}

/// Ctrl-C ends the HTTP server with success, also with a client
/// connected (whose event stream a graceful shutdown would wait for).
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_ends_the_http_server() {
    let mut served = Served::http(&fixture(), "127.0.0.1:0", &["--mock"], &[]).await;
    assert!(!failed(
        &served.call("order-status", json!({"order_id": "A"})).await
    ));
    let mut child = served.child.take().unwrap();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}: {}", served.log());
}

#[test]
fn http_beyond_loopback_needs_allow_remote() {
    let output = command(&fixture(), &["--http", "0.0.0.0:0"], &[])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--allow-remote"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn allow_remote_listens_beyond_loopback_with_a_warning() {
    let served = Served::http(&fixture(), "0.0.0.0:0", &["--allow-remote", "--mock"], &[]).await;
    assert!(
        served.log().contains("warning: --allow-remote"),
        "{}",
        served.log()
    );
    let status = served.call("order-status", json!({"order_id": "A"})).await;
    assert!(!failed(&status));
}

/// stdout carries JSON-RPC messages and nothing else, also when a call
/// makes notes (a placeholder secret) and fails, and after hostile input.
#[test]
fn stdout_is_only_protocol_messages() {
    use std::io::Write;
    let mut child = command(&fixture(), &["--mock"], &[])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let messages = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "place-order", "arguments": {"customer_id": "C", "sku": "PROD-1", "qty": 1}}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "place-order", "arguments": {"qty": 99}}}),
    ];
    let mut stdin = child.stdin.take().unwrap();
    // Hostile lines first: not JSON, nested past any parser's depth, and
    // longer than rmcp's 16 MiB line bound. None stops the server.
    writeln!(stdin, "garbage{{{{").unwrap();
    writeln!(stdin, "{}", "[".repeat(100_000)).unwrap();
    writeln!(stdin, "{}", "a".repeat(17 << 20)).unwrap();
    for m in &messages {
        writeln!(stdin, "{m}").unwrap();
    }
    // Closing stdin ends the session once the answers are out.
    let mut stdout = child.stdout.take().unwrap();
    let mut out = String::new();
    let reader = std::thread::spawn(move || {
        let mut buf = String::new();
        stdout.read_to_string(&mut buf).unwrap();
        buf
    });
    std::thread::sleep(Duration::from_millis(1500));
    drop(stdin);
    out.push_str(&reader.join().unwrap());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect();
    // The three hostile lines are each answered with an error (id null).
    assert_eq!(lines.len(), 6, "{out}");
    assert!(lines.iter().all(|m| m["jsonrpc"] == "2.0"), "{out}");
    assert_eq!(lines.iter().filter(|m| m["id"].is_null()).count(), 3);
    let by_id = |id: u64| lines.iter().find(|m| m["id"] == id).unwrap();
    assert_eq!(by_id(2)["result"]["isError"], false);
    assert_eq!(by_id(3)["result"]["isError"], true);
}

/// `actionctl mcp ARGS` over stdio fed `lines` raw after `initialize`;
/// the messages it wrote and its stderr.
fn raw_stdio(dir: &Path, args: &[&str], lines: &[Vec<u8>]) -> (Vec<Value>, String) {
    use std::io::Write;
    let mut child = command(dir, args, &[])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let initialize = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}});
    writeln!(stdin, "{initialize}").unwrap();
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","method":"notifications/initialized"}}"#
    )
    .unwrap();
    for line in lines {
        stdin.write_all(line).unwrap();
        stdin.write_all(b"\n").unwrap();
    }
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = String::new();
        stdout.read_to_string(&mut buf).unwrap();
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = String::new();
        stderr.read_to_string(&mut buf).unwrap();
        buf
    });
    std::thread::sleep(Duration::from_millis(1500));
    drop(stdin);
    let out = out.join().unwrap();
    assert!(child.wait().unwrap().success());
    let messages = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .filter(|m: &Value| m["id"] != 0)
        .collect();
    (messages, err.join().unwrap())
}

#[test]
fn a_line_that_does_not_parse_gets_a_parse_error_with_id_null_and_a_stderr_line() {
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    let lines = [
        b"not json".to_vec(),
        br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"n":Infinity}}}"#.to_vec(),
        deep.into_bytes(),
        b"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"x\":\"\xff\"}".to_vec(),
        br#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#.to_vec(),
    ];
    let (messages, stderr) = raw_stdio(&fixture(), &["--mock"], &lines);
    assert_eq!(messages.len(), 5, "{messages:?}");
    let errors: Vec<&Value> = messages.iter().filter(|m| m["id"].is_null()).collect();
    assert_eq!(errors.len(), 4, "{messages:?}");
    assert!(
        errors.iter().all(|m| m["error"]["code"] == -32700),
        "{errors:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m["id"] == 3 && m["result"].is_object())
    );
    assert_eq!(
        stderr
            .matches("answered with a parse error (-32700)")
            .count(),
        4,
        "{stderr}"
    );
}

/// One raw HTTP/1.1 POST to `url` with `headers`; the status code.
fn post_status(url: &str, headers: &[(&str, &str)]) -> u16 {
    use std::io::Write;
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}).to_string();
    let mut request = format!(
        "POST /{path} HTTP/1.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {answer:?}"))
}

/// No web page can call the user's actions (a request with an `Origin`
/// is refused), nor a rebinding DNS name (only loopback `Host`s).
#[tokio::test(flavor = "multi_thread")]
async fn http_refuses_browsers_and_foreign_hosts() {
    let served = Served::http(&fixture(), "127.0.0.1:0", &["--mock"], &[]).await;
    let url = wait_for_url(served.stderr.path()).await;
    let authority = url
        .trim_start_matches("http://")
        .trim_end_matches("/mcp")
        .to_string();
    let host = ("Host", authority.as_str());
    assert_eq!(post_status(&url, &[host]), 200);
    let from_page = post_status(&url, &[host, ("Origin", "https://evil.example")]);
    assert_eq!(from_page, 403);
    let rebound = post_status(&url, &[("Host", "evil.example")]);
    assert_eq!(rebound, 403);
    let elsewhere = url.replace("/mcp", "/other");
    assert_eq!(post_status(&elsewhere, &[host]), 404);
    // Still serving.
    assert!(!failed(
        &served.call("order-status", json!({"order_id": "A"})).await
    ));
}

/// Whether `python3` can import the official MCP SDK; skips with a
/// notice when not (as `common::system_part` does for programs), unless
/// `ACTIONCTL_REQUIRE_PYTHON_MCP=1`.
fn python_mcp() -> bool {
    const REQUIRE: &str = "ACTIONCTL_REQUIRE_PYTHON_MCP";
    if !common::system_part(&["python3"], REQUIRE) {
        return false;
    }
    let found = std::process::Command::new("python3")
        .args(["-c", "import mcp"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    if std::env::var(REQUIRE).as_deref() == Ok("1") {
        panic!("{REQUIRE}=1 but the Python package mcp is not installed");
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "notice: skipping {}: the Python package mcp is not installed (pip install mcp; set {REQUIRE}=1 to make this a failure)",
        std::thread::current().name().unwrap_or("a test"),
    );
    false
}

/// The official Python SDK lists the same tools and gets the same
/// results as rmcp's client.
#[test]
fn the_official_python_sdk_lists_and_calls_the_tools() {
    if !python_mcp() {
        return;
    }
    #[allow(deprecated)]
    let binary = assert_cmd::cargo::cargo_bin("actionctl");
    let output = std::process::Command::new("python3")
        .arg(common::fixture("mcp/python_client.py"))
        .arg(binary)
        .arg(fixture())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen = common::stdout_json(&output);
    assert_eq!(seen["tools"], schema_all(&fixture()));
    assert_eq!(seen["ok"]["isError"], false);
    assert_eq!(
        seen["ok"]["structuredContent"],
        json!({"stored": true, "order_id": "ORD-C1", "sku": "PROD-1", "qty": 2})
    );
    assert_eq!(seen["bad"]["isError"], true);
    assert_eq!(
        seen["bad"]["content"][0]["text"],
        "variable `qty`: `9` is above the maximum 5"
    );
    assert_eq!(
        seen["flow"]["content"][0]["text"],
        "\"shipped by …[cut: 12 of 26 characters]"
    );
}

/// The shipped examples, as docs/mcp.md tells a user to serve them:
/// every action and flow listed, and callable under --mock.
#[tokio::test(flavor = "multi_thread")]
async fn the_shipped_examples_are_served_and_callable() {
    let actions = common::root().join("actions");
    let served = Served::stdio(&actions, &["--mock"], &[]).await;
    assert_eq!(served.tools().await, schema_all(&actions));
    let order = served
        .call("lookup-order", json!({"order_number": "ORD-12345"}))
        .await;
    assert!(!failed(&order), "{order:?}");
    assert_eq!(
        order.structured_content.as_ref().unwrap()["status"],
        "shipped"
    );
    let flow = served
        .call(
            "verified-order-lookup",
            json!({"customer_id": "CUST-1", "phone_pin": "0421", "order_number": "ORD-1"}),
        )
        .await;
    assert!(!failed(&flow), "{flow:?}");
    assert_eq!(
        flow.structured_content.as_ref().unwrap()["order_number"],
        "ORD-1"
    );
    let wrong_pin = served
        .call(
            "verified-order-lookup",
            json!({"customer_id": "CUST-1", "phone_pin": "0000", "order_number": "ORD-1"}),
        )
        .await;
    assert!(failed(&wrong_pin));
    assert!(
        text(&wrong_pin).starts_with("flow verified-order-lookup stopped at step 1"),
        "{}",
        text(&wrong_pin)
    );
}

/// A `tools/call` request line with `id`.
fn call_line(id: u64, name: &str, arguments: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": name, "arguments": arguments}})
        .to_string()
        .into_bytes()
}

#[test]
fn huge_arguments_and_tool_names_are_cut_and_no_name_forges_a_log_line() {
    let huge = "9".repeat(300).to_string() + &"x".repeat(1 << 20);
    let long_name = "n".repeat(1 << 20);
    let forged = "x\ntools/call whoami: ok\nactionctl mcp: FAKE";
    let args = json!({"customer_id": "C", "sku": "PROD-1", "qty": huge});
    let lines = [
        call_line(1, "place-order", args),
        call_line(2, &long_name, json!({})),
        call_line(3, forged, json!({})),
    ];
    let started = Instant::now();
    let (messages, stderr) = raw_stdio(&fixture(), &["--mock"], &lines);
    assert!(started.elapsed() < Duration::from_secs(20));
    let text = |id: u64| {
        let m = messages.iter().find(|m| m["id"] == id).unwrap();
        assert_eq!(m["result"]["isError"], true, "{m}");
        m["result"]["content"][0]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let value = text(1);
    assert!(value.contains("is not a valid integer"), "{value}");
    assert!(value.len() < 400, "{value}");
    let name = text(2);
    assert!(name.len() < 200, "{name}");
    assert!(name.contains("1,048,576 bytes"), "{name}");
    assert!(!text(3).contains('\n'));
    assert!(stderr.len() < 4_000, "{} bytes of stderr", stderr.len());
    assert!(
        stderr
            .lines()
            .all(|l| !l.starts_with("tools/call whoami") && !l.starts_with("actionctl mcp: FAKE")),
        "{stderr}"
    );
    assert!(stderr.contains(r"tools/call x\n"), "{stderr}");
}

/// Sessions hold memory: beyond 64 live ones a new `initialize` is
/// refused, and the sessions already open keep working.
#[tokio::test(flavor = "multi_thread")]
async fn http_sessions_are_capped() {
    let served = Served::http(&fixture(), "127.0.0.1:0", &["--mock"], &[]).await;
    let url = wait_for_url(served.stderr.path()).await;
    let authority = url
        .trim_start_matches("http://")
        .trim_end_matches("/mcp")
        .to_string();
    let host = ("Host", authority.as_str());
    for n in 1..64 {
        assert_eq!(post_status(&url, &[host]), 200, "session {n}");
    }
    assert_eq!(post_status(&url, &[host]), 500);
    assert!(!failed(
        &served.call("order-status", json!({"order_id": "A"})).await
    ));
}

/// `actionctl mcp ARGS` with stdin closed: its exit code and stderr.
fn start(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = command(dir, args, &[])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn mistakes_that_would_fail_every_call_stop_the_server_at_start() {
    let (code, stderr) = start(&fixture(), &["--mock=nosuch"]);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(
        stderr.contains("--mock=nosuch: no action in ")
            && stderr.contains("has a mock answer named `nosuch`"),
        "{stderr}"
    );
    assert!(!stderr.contains("serving"), "{stderr}");
    let missing = fixture().join("no-such-context.yaml");
    let (code, stderr) = start(&fixture(), &["--context", missing.to_str().unwrap()]);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("no-such-context.yaml"), "{stderr}");
    assert!(!stderr.contains("serving"), "{stderr}");
    // A name some action answers is fine.
    let (_, stderr) = start(&fixture(), &["--mock=refused"]);
    assert!(stderr.contains("serving"), "{stderr}");
}

#[test]
fn a_folder_with_nothing_to_serve_is_warned_about() {
    let empty = tempfile::tempdir().unwrap();
    let (_, stderr) = start(empty.path(), &[]);
    assert!(
        stderr.contains("has no valid action or flow: serving 0 tools"),
        "{stderr}"
    );
}

#[test]
fn an_authenticated_action_whose_host_the_agent_chooses_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let action = |host: &str, extra: &str| {
        format!(
            "name: Tenant\ndescription: Look up a record.\nmethod: GET\nurl: https://{host}/v1/{{{{id}}}}\nauth:\n  type: bearer\n  secret: api-key\nvariables:\n  - name: tenant\n    type: string\n    description: tenant\n    example: a\n    required: true\n{extra}  - name: id\n    type: string\n    description: id\n    example: b\n    required: true\n"
        )
    };
    std::fs::write(
        dir.path().join("tenant.yaml"),
        action("{{tenant}}.example.com", ""),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("fixed.yaml"),
        action("{{tenant}}.example.com", "    enum: [a, b]\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("path.yaml"),
        action("api.example.com/{{tenant}}", ""),
    )
    .unwrap();
    let (_, stderr) = start(dir.path(), &[]);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("host from variable"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: action `tenant` takes its URL's host from variable `tenant`: the agent chooses where its credentials (api-key) are sent; give `tenant` an enum, or take the host from env."
        ],
        "{stderr}"
    );
}

/// JSON Schema counts 42.0 as an integer; so does a call.
#[tokio::test(flavor = "multi_thread")]
async fn a_whole_number_with_a_fraction_is_taken_for_an_integer() {
    let served = Served::stdio(&fixture(), &["--mock"], &[]).await;
    let arguments: Value =
        serde_json::from_str(r#"{"customer_id": "C1", "sku": "PROD-1", "qty": 2.0}"#).unwrap();
    let placed = served.call("place-order", arguments).await;
    assert!(!failed(&placed), "{placed:?}");
    assert_eq!(placed.structured_content.unwrap()["qty"], 2);
    let arguments: Value =
        serde_json::from_str(r#"{"customer_id": "C1", "sku": "PROD-1", "qty": 2.5}"#).unwrap();
    assert!(failed(&served.call("place-order", arguments).await));
}

/// `--http localhost:PORT` is 127.0.0.1; another loopback address is
/// served under its own `Host`.
#[tokio::test(flavor = "multi_thread")]
async fn http_takes_localhost_and_other_loopback_addresses() {
    let local = Served::http(&fixture(), "localhost:0", &["--mock"], &[]).await;
    assert!(
        wait_for_url(local.stderr.path())
            .await
            .starts_with("http://127.0.0.1:")
    );
    assert!(!failed(
        &local.call("order-status", json!({"order_id": "A"})).await
    ));
    let other = Served::http(&fixture(), "127.0.0.2:0", &["--mock"], &[]).await;
    assert!(!failed(
        &other.call("order-status", json!({"order_id": "A"})).await
    ));
    let (code, stderr) = start(&fixture(), &["--http", "example.com:80"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("such as 127.0.0.1:8765"), "{stderr}");
}

#[test]
fn a_tools_call_with_params_that_do_not_fit_is_invalid_params() {
    let line = |id: u64, params: Value| {
        json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params})
            .to_string()
            .into_bytes()
    };
    let lines = [
        br#"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#.to_vec(),
        line(2, json!({"name": 5})),
        line(3, json!({"name": "whoami", "arguments": [1]})),
        line(4, json!({"name": "whoami", "arguments": "x"})),
        br#"{"jsonrpc":"2.0","id":5,"method":"no/such"}"#.to_vec(),
    ];
    let (messages, _) = raw_stdio(&fixture(), &["--mock"], &lines);
    let code = |id: u64| messages.iter().find(|m| m["id"] == id).unwrap()["error"]["code"].clone();
    for id in 1..=4 {
        assert_eq!(code(id), -32602, "{id}: {messages:?}");
    }
    assert_eq!(code(5), -32601);
}
