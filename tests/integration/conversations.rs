//! Conversations (`actionctl test CONVERSATION`) against a scripted model
//! on 127.0.0.1 that speaks the OpenAI Chat Completions and Anthropic
//! Messages protocols: it checks every request against the request
//! schema of its API (tests/fixtures/llm/), answers only after checking
//! its own answer against the response schema, decides its tool calls
//! from the conversation it is sent, and records what it received.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::common::server::{Received, Reply, TestServer};
use crate::common::{self, actionctl};

const KEY: &str = "sk-test-model-key-4f8a2c91";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Api {
    Openai,
    Anthropic,
}

impl Api {
    fn name(self) -> &'static str {
        match self {
            Self::Openai => "openai",
            Self::Anthropic => "anthropic",
        }
    }

    fn schema(self, kind: &str) -> jsonschema::Validator {
        let file = match self {
            Self::Openai => format!("llm/openai-chat-{kind}.schema.json"),
            Self::Anthropic => format!("llm/anthropic-messages-{kind}.schema.json"),
        };
        let text = std::fs::read_to_string(common::fixture(&file)).unwrap();
        jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
    }
}

/// What was said so far, whatever the protocol.
#[derive(Debug, Clone)]
enum Said {
    User(String),
    Call { id: String, name: String },
    Result { id: String, content: String },
}

/// What the scripted model does next.
enum Decision {
    Text(String),
    Calls(Vec<(String, Value)>),
}

/// The scripted model: a server, what it received, and every protocol
/// violation it saw (in requests or in its own answers).
struct Model {
    server: TestServer,
    violations: Arc<Mutex<Vec<String>>>,
}

impl Model {
    fn start(api: Api) -> Self {
        let violations = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&violations);
        let counter = Arc::new(AtomicUsize::new(0));
        let (request_schema, response_schema) = (api.schema("request"), api.schema("response"));
        let server = TestServer::start(move |r| {
            let mut problems = Vec::new();
            let body: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            for error in request_schema.iter_errors(&body) {
                problems.push(format!("request: {error} at {}", error.instance_path()));
            }
            let said = normalize(api, &body, &mut problems);
            if !problems.is_empty() {
                seen.lock().unwrap().extend(problems.clone());
                return Reply::json(
                    400,
                    json!({"error": {"message": problems.join("; "), "type": "invalid_request_error"}}),
                );
            }
            let slow = said.iter().rev().find_map(|s| match s {
                Said::User(text) => Some(text.contains("SLOW")),
                _ => None,
            });
            let answer = render(api, decide(&said), &counter);
            for error in response_schema.iter_errors(&answer) {
                seen.lock().unwrap().push(format!("answer: {error}"));
            }
            if slow == Some(true) {
                return Reply::Delay(
                    std::time::Duration::from_secs(8),
                    Box::new(Reply::json(200, answer)),
                );
            }
            Reply::json(200, answer)
        });
        Self { server, violations }
    }

    /// `--llm` for this model: OpenAI's base URL ends in /v1, Anthropic's does not.
    fn url(&self, api: Api) -> String {
        match api {
            Api::Openai => format!("{}/v1", self.server.url()),
            Api::Anthropic => self.server.url(),
        }
    }

    fn requests(&self) -> Vec<Received> {
        let requests = self.server.requests();
        let violations = self.violations.lock().unwrap();
        assert!(
            violations.is_empty(),
            "protocol violations: {violations:#?}"
        );
        requests
    }
}

/// The conversation of a request, checking that every tool result
/// answers a call of the message just before it (as both APIs require).
fn normalize(api: Api, body: &Value, problems: &mut Vec<String>) -> Vec<Said> {
    let mut said = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for message in body["messages"].as_array().into_iter().flatten() {
        let role = message["role"].as_str().unwrap_or_default();
        match (api, role) {
            (_, "user") if message["content"].is_string() => {
                said.push(Said::User(message["content"].as_str().unwrap().to_string()));
            }
            (Api::Openai, "assistant") => {
                open.clear();
                for call in message["tool_calls"].as_array().into_iter().flatten() {
                    let id = call["id"].as_str().unwrap_or_default().to_string();
                    open.push(id.clone());
                    let name = call["function"]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    said.push(Said::Call { id, name });
                }
            }
            (Api::Openai, "tool") => {
                let id = message["tool_call_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                if !open.contains(&id) {
                    problems.push(format!("tool message for `{id}`, which no open call has"));
                }
                let content = message["content"].as_str().unwrap_or_default().to_string();
                said.push(Said::Result { id, content });
            }
            (Api::Anthropic, "assistant") => {
                open.clear();
                for block in message["content"].as_array().into_iter().flatten() {
                    if block["type"] == "tool_use" {
                        let id = block["id"].as_str().unwrap_or_default().to_string();
                        open.push(id.clone());
                        let name = block["name"].as_str().unwrap_or_default().to_string();
                        said.push(Said::Call { id, name });
                    }
                }
            }
            (Api::Anthropic, "user") => {
                for block in message["content"].as_array().into_iter().flatten() {
                    let id = block["tool_use_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    if !open.contains(&id) {
                        problems.push(format!("tool_result for `{id}`, which no open call has"));
                    }
                    let content = block["content"].as_str().unwrap_or_default().to_string();
                    said.push(Said::Result { id, content });
                }
                open.clear();
            }
            _ => {}
        }
    }
    said
}

/// The word after `marker` in `text`, without trailing punctuation.
fn word_after(text: &str, marker: &str) -> Option<String> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let word = rest.split_whitespace().next()?;
    Some(word.trim_end_matches(['.', ',', '!', '?']).to_string())
}

fn last_in_users(said: &[Said], find: impl Fn(&str) -> Option<String>) -> Option<String> {
    said.iter().rev().find_map(|s| match s {
        Said::User(text) => find(text),
        _ => None,
    })
}

/// A compliant phone agent, plus scripted misbehaviour on keywords.
fn decide(said: &[Said]) -> Decision {
    let turn_start = said
        .iter()
        .rposition(|s| matches!(s, Said::User(_)))
        .unwrap_or(0);
    let Said::User(current) = &said[turn_start] else {
        return Decision::Text("nothing said".into());
    };
    let results: Vec<(String, String)> = said[turn_start..]
        .iter()
        .filter_map(|s| match s {
            Said::Result { id, content } => {
                let name = said.iter().find_map(|c| match c {
                    Said::Call { id: cid, name } if cid == id => Some(name.clone()),
                    _ => None,
                });
                Some((name.unwrap_or_default(), content.clone()))
            }
            _ => None,
        })
        .collect();
    let call = |name: &str, args: Value| Decision::Calls(vec![(name.to_string(), args)]);
    if current.contains("LOOP") {
        return call(
            "verify-customer",
            json!({"customer_id": "CUST-1", "phone_pin": "1111"}),
        );
    }
    if current.contains("UNKNOWN") {
        return match results.first() {
            None => call("delete_everything", json!({})),
            Some((_, content)) => Decision::Text(format!("That failed: {content}")),
        };
    }
    if current.contains("BADARGS") {
        return match results.first() {
            None => call(
                "verify-customer",
                json!({"customer_id": 42, "phone_pin": "1"}),
            ),
            Some((_, content)) => Decision::Text(format!("That failed: {content}")),
        };
    }
    if current.contains("FLOW") {
        return match results.first() {
            None => call(
                "verified-order-lookup",
                json!({"customer_id": "CUST-48213", "phone_pin": "0421", "order_number": "ORD-7"}),
            ),
            Some((_, content)) => Decision::Text(format!("The flow said: {content}")),
        };
    }
    if current.contains("REPEAT") {
        return Decision::Text(format!("you said {current}"));
    }
    if let Some(account) = word_after(current, "ARGECHO ") {
        return match results.first() {
            None => call("echo-account", json!({ "account": account })),
            Some((_, content)) => Decision::Text(format!("{account}: {content}")),
        };
    }
    if current.contains("ECHO") {
        return match results.first() {
            None => call("echo-account", json!({"account": "A-1"})),
            Some((_, content)) => Decision::Text(format!("The API said: {content}")),
        };
    }
    let customer = last_in_users(said, |t| word_after(t, "customer ID is "));
    let pin = last_in_users(said, |t| word_after(t, "PIN is "));
    let order = last_in_users(said, |t| {
        t.split_whitespace()
            .find(|w| w.starts_with("ORD-"))
            .map(|w| w.trim_end_matches(['.', ',', '?']).to_string())
    });
    match results.last() {
        None => match (customer, pin) {
            (Some(customer_id), Some(phone_pin)) if current.contains("PIN") => call(
                "verify-customer",
                json!({"customer_id": customer_id, "phone_pin": phone_pin}),
            ),
            _ => Decision::Text(
                "Before I look anything up, please give me your customer ID and phone PIN.".into(),
            ),
        },
        Some((name, content)) if name == "verify-customer" => {
            let verified =
                serde_json::from_str::<Value>(content).is_ok_and(|v| v["verified"] == true);
            match (verified, order) {
                (true, Some(order)) => call("lookup-order", json!({"order_number": order})),
                (true, None) => Decision::Text("You are verified. Which order?".into()),
                (false, _) => Decision::Text(
                    "Sorry, I could not verify you, so I cannot look up your order.".into(),
                ),
            }
        }
        Some((_, content)) => {
            let status = serde_json::from_str::<Value>(content)
                .ok()
                .and_then(|v| v["status"].as_str().map(str::to_string))
                .unwrap_or_else(|| "unknown".into());
            Decision::Text(format!("Your order has status {status}."))
        }
    }
}

/// The decision as the API answers it; call ids count up per server.
fn render(api: Api, decision: Decision, counter: &AtomicUsize) -> Value {
    let next = || counter.fetch_add(1, Ordering::SeqCst) + 1;
    match (api, decision) {
        (Api::Openai, Decision::Text(text)) => json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1_700_000_000, "model": "scripted",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                "message": {"role": "assistant", "content": text, "refusal": null}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
        }),
        (Api::Openai, Decision::Calls(calls)) => json!({
            "id": "chatcmpl-2", "object": "chat.completion", "created": 1_700_000_000, "model": "scripted",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null,
                "message": {"role": "assistant", "content": null, "refusal": null,
                    "tool_calls": calls.iter().map(|(name, args)| json!({
                        "id": format!("call_{}", next()), "type": "function",
                        "function": {"name": name, "arguments": args.to_string()}
                    })).collect::<Vec<_>>()}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
        }),
        (Api::Anthropic, Decision::Text(text)) => json!({
            "id": "msg_1", "type": "message", "role": "assistant", "model": "scripted",
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn", "stop_sequence": null,
            "usage": {"input_tokens": 10, "output_tokens": 5}
        }),
        (Api::Anthropic, Decision::Calls(calls)) => json!({
            "id": "msg_2", "type": "message", "role": "assistant", "model": "scripted",
            "content": calls.iter().map(|(name, args)| json!({
                "type": "tool_use", "id": format!("toolu_{}", next()), "name": name, "input": args
            })).collect::<Vec<_>>(),
            "stop_reason": "tool_use", "stop_sequence": null,
            "usage": {"input_tokens": 10, "output_tokens": 5}
        }),
    }
}

fn fixture_dir() -> PathBuf {
    common::fixture("agent")
}

/// `actionctl --dir DIR test TARGET --llm ... --model ...` with the key stored.
fn run_with(
    model: &Model,
    api: Api,
    dir: &str,
    target: &str,
    extra: &[&str],
) -> std::process::Output {
    actionctl()
        .args([
            "--dir",
            dir,
            "test",
            target,
            "--llm",
            &model.url(api),
            "--model",
            "scripted-1",
        ])
        .args(["--llm-api", api.name()])
        .args(extra)
        .env("ACTIONCTL_SECRET_LLM", KEY)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_no_key(output: &std::process::Output) {
    for stream in [&output.stdout, &output.stderr] {
        let shown = text(stream);
        assert!(!shown.contains(KEY), "the model key leaked: {shown}");
        assert!(
            !shown.contains("4f8a2c91"),
            "part of the model key leaked: {shown}"
        );
    }
}

/// `schema ID --format FORMAT` of the shipped actions, as a JSON value.
fn exported(id: &str, api: Api) -> Value {
    let output = actionctl()
        .args(["schema", id, "--format", api.name()])
        .output()
        .unwrap();
    assert!(output.status.success());
    common::stdout_json(&output)
}

fn shipped_conversation_passes(api: Api) {
    let model = Model::start(api);
    let output = run_with(&model, api, "actions", "verify-then-lookup", &[]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(
        output.status.success(),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert_no_key(&output);
    assert!(
        stderr.contains("conversation verify-then-lookup: 3 of 3 turns passed"),
        "{stderr}"
    );
    // The per-turn trace: user words, the call with its arguments, the
    // action's own trace (mock answer), what the model was handed.
    assert!(
        stderr.contains("── turn 2\nuser: My customer ID is CUST-48213 and my PIN is 0000."),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"→ verify-customer {"customer_id":"CUST-48213","phone_pin":"0000"}"#),
        "{stderr}"
    );
    assert!(stderr.contains("< HTTP/1.1 403"), "{stderr}");
    assert!(
        stderr.contains("← failed: verify-customer: expected status 200, got 403"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Your order has status shipped."),
        "{stdout}"
    );

    let requests = model.requests();
    // Turn 1: one call; turn 2: call + result; turn 3: two calls + text.
    assert_eq!(requests.len(), 1 + 2 + 3, "{requests:#?}");
    let first = &requests[0];
    assert_eq!(first.method, "POST");
    let body = first.json();
    let tools = body["tools"].as_array().unwrap();
    assert_eq!(
        tools,
        &vec![
            exported("verify-customer", api),
            exported("lookup-order", api)
        ]
    );
    assert_eq!(body["model"], "scripted-1");
    let instructions = "You are the phone agent of an online shop.";
    match api {
        Api::Openai => {
            assert_eq!(first.target, "/v1/chat/completions");
            assert_eq!(
                first.header("authorization"),
                Some(format!("Bearer {KEY}").as_str())
            );
            assert!(
                body["messages"][0]["content"]
                    .as_str()
                    .unwrap()
                    .starts_with(instructions)
            );
            assert_eq!(body["messages"][0]["role"], "system");
        }
        Api::Anthropic => {
            assert_eq!(first.target, "/v1/messages");
            assert_eq!(first.header("x-api-key"), Some(KEY));
            assert_eq!(first.header("anthropic-version"), Some("2023-06-01"));
            assert_eq!(first.header("authorization"), None);
            assert!(body["system"].as_str().unwrap().starts_with(instructions));
            assert_eq!(body["max_tokens"], 1024);
        }
    }
    // The last request holds the whole history: every call answered by
    // its id, the wrong PIN's failure and the order found.
    let last = requests.last().unwrap().json();
    let history = last["messages"].to_string();
    match api {
        Api::Openai => {
            let tool_messages: Vec<&Value> = last["messages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["role"] == "tool")
                .collect();
            assert_eq!(tool_messages.len(), 3, "{history}");
            assert_eq!(tool_messages[0]["tool_call_id"], "call_1");
            assert!(
                tool_messages[0]["content"]
                    .as_str()
                    .unwrap()
                    .contains("got 403")
            );
            assert_eq!(tool_messages[2]["tool_call_id"], "call_3");
            let found: Value =
                serde_json::from_str(tool_messages[2]["content"].as_str().unwrap()).unwrap();
            assert_eq!(found["status"], "shipped");
        }
        Api::Anthropic => {
            let results: Vec<&Value> = last["messages"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|m| m["content"].as_array())
                .flatten()
                .filter(|b| b["type"] == "tool_result")
                .collect();
            assert_eq!(results.len(), 3, "{history}");
            assert_eq!(results[0]["tool_use_id"], "toolu_1");
            assert_eq!(results[0]["is_error"], true);
            assert_eq!(results[2]["tool_use_id"], "toolu_3");
            assert!(results[2].get("is_error").is_none());
        }
    }
    assert!(!history.contains(KEY));
}

#[test]
fn the_shipped_conversation_passes_over_openai_chat_completions() {
    shipped_conversation_passes(Api::Openai);
}

#[test]
fn the_shipped_conversation_passes_over_anthropic_messages() {
    shipped_conversation_passes(Api::Anthropic);
}

#[test]
fn json_format_prints_one_document_with_every_turn() {
    let model = Model::start(Api::Openai);
    let output = run_with(
        &model,
        Api::Openai,
        "actions",
        "verify-then-lookup",
        &["--format", "json"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let doc = common::stdout_json(&output);
    assert_eq!(doc["conversation"], "verify-then-lookup");
    assert_eq!(doc["passed"], true);
    assert_eq!(doc["failure"], Value::Null);
    let turns = doc["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 3);
    assert_eq!(turns[0]["calls"], json!([]));
    assert_eq!(turns[1]["calls"][0]["action"], "verify-customer");
    assert_eq!(turns[1]["calls"][0]["failed"], true);
    assert_eq!(
        turns[2]["calls"][1]["arguments"],
        json!({"order_number": "ORD-12345"})
    );
    assert_eq!(turns[2]["reply"], "Your order has status shipped.");
    assert!(
        !text(&output.stderr).contains("── turn"),
        "no trace with --format json"
    );
}

fn failing(target: &str) -> (std::process::Output, Vec<Received>) {
    let model = Model::start(Api::Openai);
    let dir = fixture_dir().join("actions");
    let path = fixture_dir().join("conversations").join(target);
    let output = run_with(
        &model,
        Api::Openai,
        dir.to_str().unwrap(),
        path.to_str().unwrap(),
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_no_key(&output);
    (output, model.requests())
}

#[test]
fn a_model_that_keeps_calling_is_stopped_at_max_tool_calls() {
    let (output, requests) = failing("loop.yaml");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error: turn 1: the model made more than max_tool_calls (3) tool calls; the turn was stopped"),
        "{stderr}"
    );
    // Three calls run, the fourth answered "not run", and the model is not asked again.
    assert_eq!(requests.len(), 4);
    assert_eq!(stderr.matches("→ verify-customer").count(), 4, "{stderr}");
    assert_eq!(stderr.matches("< HTTP/1.1").count(), 3, "{stderr}");
}

#[test]
fn a_call_of_an_unknown_tool_fails_the_turn_and_the_model_is_told() {
    let (output, requests) = failing("unknown-tool.yaml");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "error: turn 1: the model called `delete_everything`, which is not one of its tools"
        ),
        "{stderr}"
    );
    let history = requests[1].json()["messages"].to_string();
    assert!(
        history.contains("unknown tool `delete_everything`; the tools are: "),
        "{history}"
    );
}

#[test]
fn arguments_that_fail_the_variable_checks_fail_the_turn() {
    let (output, requests) = failing("bad-args.yaml");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error: turn 1: call of verify-customer: the arguments fail the variable checks: variable `customer_id`: `42` is a JSON number, not a value of type string"),
        "{stderr}"
    );
    assert_eq!(
        requests.len(),
        2,
        "the failure goes back to the model as the result"
    );
}

#[test]
fn a_failed_expectation_names_the_turn_the_call_and_the_argument() {
    let (output, _) = failing("wrong-pin-expected.yaml");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("turn 1: call 1 (verify-customer): argument `phone_pin`: expected matches /^9999$/, got \"1234\""),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "turn 1: reply: expected it matches /^Welcome/, got \"You are verified. Which order?\""
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("conversation wrong-pin-expected: 0 of 1 turns passed"),
        "{stderr}"
    );
}

#[test]
fn secrets_of_actions_and_the_model_key_never_show_nor_reach_the_model() {
    let model = Model::start(Api::Anthropic);
    let api = TestServer::echo(200);
    let dir = fixture_dir().join("actions");
    let path = fixture_dir().join("conversations/echo.yaml");
    let secret = "acct-secret-value-93e1";
    let output = actionctl()
        .args([
            "--dir",
            dir.to_str().unwrap(),
            "test",
            path.to_str().unwrap(),
        ])
        .args([
            "--llm",
            &model.url(Api::Anthropic),
            "--model",
            "m",
            "--llm-api",
            "anthropic",
        ])
        .args(["--llm-secret", "model-key", "--base-url", &api.url()])
        .env("ACTIONCTL_SECRET_MODEL_KEY", KEY)
        .env("ACTIONCTL_SECRET_ACCOUNTS_API", secret)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_no_key(&output);
    // The API did get the credential; nothing shows it or hands it on.
    assert_eq!(
        api.single().header("authorization"),
        Some(format!("Bearer {secret}").as_str())
    );
    for stream in [&output.stdout, &output.stderr] {
        assert!(!text(stream).contains(secret), "{}", text(stream));
    }
    let requests = model.requests();
    assert_eq!(requests[0].header("x-api-key"), Some(KEY));
    let history = requests[1].json()["messages"].to_string();
    assert!(!history.contains(secret), "{history}");
    assert!(history.contains("<secret:accounts-api>"), "{history}");
    assert!(text(&output.stdout).contains("The API said:"));
}

#[test]
fn an_action_secret_is_masked_from_the_first_byte_before_any_call() {
    let model = Model::start(Api::Openai);
    let api = TestServer::echo(200);
    let secret = "acct-secret-value-93e1";
    let tmp = tempfile::tempdir().unwrap();
    let conversations = tmp.path().join("conversations");
    std::fs::create_dir_all(&conversations).unwrap();
    let path = conversations.join("said.yaml");
    std::fs::write(
        &path,
        format!(
            "name: Said\nactions: [echo-account]\nturns:\n  - user: \"REPEAT my key is {secret}\"\n    expect: {{no_calls: true}}\n  - user: \"ARGECHO {secret}\"\n    expect:\n      calls: [{{action: echo-account}}]\n"
        ),
    )
    .unwrap();
    let dir = fixture_dir().join("actions");
    for format in ["text", "json"] {
        let output = actionctl()
            .args([
                "--dir",
                dir.to_str().unwrap(),
                "test",
                path.to_str().unwrap(),
            ])
            .args(["--llm", &model.url(Api::Openai), "--model", "m"])
            .args(["--base-url", &api.url(), "--format", format])
            .env("ACTIONCTL_SECRET_ACCOUNTS_API", secret)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        for stream in [&output.stdout, &output.stderr] {
            assert!(!text(stream).contains(secret), "{format}: {}", text(stream));
        }
        let all = text(&output.stdout) + &text(&output.stderr);
        assert!(all.contains("my key is <secret:accounts-api>"), "{all}");
        if format == "json" {
            let doc = common::stdout_json(&output);
            assert_eq!(
                doc["turns"][0]["user"],
                "REPEAT my key is <secret:accounts-api>"
            );
            assert_eq!(
                doc["turns"][1]["calls"][0]["arguments"]["account"],
                "<secret:accounts-api>"
            );
        } else {
            let stderr = text(&output.stderr);
            assert!(
                stderr.contains("echo-account {\"account\":\"<secret:accounts-api>\"}"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn without_a_key_none_is_sent() {
    let model = Model::start(Api::Openai);
    let output = actionctl()
        .args([
            "test",
            "verify-then-lookup",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    for request in model.requests() {
        assert_eq!(request.header("authorization"), None);
    }
}

#[test]
fn a_conversation_needs_a_model_and_says_how_to_give_one() {
    let output = actionctl()
        .args(["test", "verify-then-lookup"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    assert!(text(&output.stderr).contains("no model configured: give --llm URL and --model NAME"));
    let output = actionctl()
        .args([
            "test",
            "verify-then-lookup",
            "--llm",
            "http://127.0.0.1:9/v1",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--llm needs --model NAME"));
}

#[test]
fn a_model_endpoint_that_refuses_is_a_transport_error_with_its_reason() {
    let server = TestServer::start(|_| {
        Reply::json(
            401,
            json!({"error": {"message": format!("Incorrect API key provided: {KEY}"), "type": "invalid_request_error"}}),
        )
    });
    let output = actionctl()
        .args([
            "test",
            "verify-then-lookup",
            "--llm",
            &server.url(),
            "--model",
            "m",
        ])
        .env("ACTIONCTL_SECRET_LLM", KEY)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(5));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("answered 401: Incorrect API key provided: <secret:llm>"),
        "{stderr}"
    );
    assert_no_key(&output);
}

#[test]
fn validate_checks_conversations_with_located_errors() {
    let dir = fixture_dir().join("invalid/actions");
    let output = actionctl()
        .args(["--dir", dir.to_str().unwrap(), "validate"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stdout = text(&output.stdout);
    let shown: Vec<&str> = stdout.lines().collect();
    let expected = [
        "2:11: error: unknown action `verify-customr` (did you mean `verify-customer`?): no action or flow has this id",
        "7:19: error: unknown action `lookup-order`: no action or flow has this id",
        "8:32: error: turn 1, call 1, argument `customer_id`: unknown predicate `bigger_than`; use one of equals, exists, matches, contains, gt, gte, lt, lte, length, type",
        "9:25: error: turn 1, reply: `matches` is not a usable regex: unclosed group",
    ];
    for (line, want) in shown.iter().zip(expected) {
        assert!(
            line.ends_with(want),
            "{line} should end with {want}\n{stdout}"
        );
        assert!(line.contains("conversations/broken.yaml:"), "{line}");
    }
    assert!(
        stdout.contains("conversations/empty-turns.yaml:2:8: error: a conversation needs `turns:`, a list of at least one turn with `user:`"),
        "{stdout}"
    );
    // The shipped conversation is valid with the shipped actions.
    let output = actionctl().arg("validate").output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stdout));
    assert!(
        text(&output.stderr).contains("10 files checked: 10 valid"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn an_invalid_conversation_is_not_run() {
    let model = Model::start(Api::Openai);
    let dir = fixture_dir().join("invalid/actions");
    let path = fixture_dir().join("invalid/conversations/broken.yaml");
    let output = run_with(
        &model,
        Api::Openai,
        dir.to_str().unwrap(),
        path.to_str().unwrap(),
        &[],
    );
    assert_eq!(output.status.code(), Some(3));
    assert!(text(&output.stderr).contains("unknown predicate `bigger_than`"));
    assert!(model.requests().is_empty());
}

#[test]
fn hostile_conversation_files_are_refused_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let actions = tmp.path().join("actions");
    let conversations = tmp.path().join("conversations");
    std::fs::create_dir_all(&actions).unwrap();
    std::fs::create_dir_all(&conversations).unwrap();
    std::fs::copy(
        common::root().join("actions/verify-customer.yaml"),
        actions.join("verify-customer.yaml"),
    )
    .unwrap();
    let deep = format!("name: x\nturns: {}{}\n", "[".repeat(200), "]".repeat(200));
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("empty.yaml", Vec::new(), "a conversation needs at least name and turns"),
        ("binary.yaml", vec![0xff, 0xfe, 0x00, 0x01], "UTF-8"),
        ("deep.yaml", deep.into_bytes(), "nest"),
        ("huge.yaml", format!("name: x\nturns: [{{user: \"{}\"}}]\n", "a".repeat(2 << 20)).into_bytes(), "larger than the limit"),
        ("control.yaml", b"name: x\nturns:\n  - user: \"hi\"\n    expect: {calls: [{action: \"\\u001b[31mevil\"}]}\n".to_vec(), "unknown action"),
    ];
    for (name, bytes, _) in &cases {
        std::fs::write(conversations.join(name), bytes).unwrap();
    }
    let output = actionctl_in_dir(tmp.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stdout = text(&output.stdout);
    for (name, _, says) in cases {
        let line = stdout
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}: {stdout}"));
        assert!(line.contains(says), "{name}: {line}");
        assert!(line.len() < 400, "{name}: {line}");
    }
    assert!(
        !stdout.contains('\u{1b}'),
        "control characters are shown escaped"
    );
}

fn actionctl_in_dir(dir: &std::path::Path) -> assert_cmd::Command {
    common::actionctl_in(dir)
}

#[test]
fn test_all_skips_conversations_without_a_model_and_says_so() {
    let output = actionctl()
        .args(["test", "--all", "--mock"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("skipped 1 conversation: no model configured (give --llm URL and --model NAME; see docs/agent-testing.md)"),
        "{stderr}"
    );
    assert!(!stderr.contains("turn 1"), "{stderr}");
}

#[test]
fn test_all_runs_conversations_with_one_junit_case_per_turn() {
    let model = Model::start(Api::Openai);
    let tmp = tempfile::tempdir().unwrap();
    let junit = tmp.path().join("results.xml");
    let output = actionctl()
        .args([
            "test",
            "--all",
            "--mock",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
        ])
        .args(["--report", "junit", junit.to_str().unwrap()])
        .env("ACTIONCTL_SECRET_LLM", KEY)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_no_key(&output);
    let stderr = text(&output.stderr);
    for n in 1..=3 {
        assert!(
            stderr.contains(&format!(
                "PASS conversation verify-then-lookup / turn {n} ("
            )),
            "{stderr}"
        );
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    for n in 1..=3 {
        assert!(
            xml.contains(&format!("name=\"verify-then-lookup / turn {n}\"")),
            "{xml}"
        );
    }
    assert_eq!(model.requests().len(), 6);
    // --format json lists each turn with its id and turn.
    let output = actionctl()
        .args([
            "test",
            "--all",
            "--mock",
            "--format",
            "json",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let list = common::stdout_json(&output);
    let turns: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "conversation")
        .collect();
    assert_eq!(turns.len(), 3);
    assert_eq!(turns[1]["id"], "verify-then-lookup");
    assert_eq!(turns[1]["case"], "turn 2");
    assert_eq!(turns[1]["passed"], true);
}

#[test]
fn test_all_reports_a_failing_turn_and_exits_1() {
    let model = Model::start(Api::Anthropic);
    let tmp = tempfile::tempdir().unwrap();
    let actions = tmp.path().join("actions");
    let conversations = tmp.path().join("conversations");
    std::fs::create_dir_all(&actions).unwrap();
    std::fs::create_dir_all(&conversations).unwrap();
    for id in ["verify-customer", "lookup-order"] {
        std::fs::copy(
            common::root().join(format!("actions/{id}.yaml")),
            actions.join(format!("{id}.yaml")),
        )
        .unwrap();
    }
    std::fs::copy(
        fixture_dir().join("conversations/wrong-pin-expected.yaml"),
        conversations.join("wrong-pin-expected.yaml"),
    )
    .unwrap();
    let output = actionctl_in_dir(tmp.path())
        .args([
            "test",
            "--all",
            "--mock",
            "--llm",
            &model.url(Api::Anthropic),
            "--model",
            "m",
            "--llm-api",
            "anthropic",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("FAIL conversation wrong-pin-expected / turn 1: turn 1: call 1 (verify-customer): argument `phone_pin`"),
        "{stderr}"
    );
}

/// `actionctl chat ...` on a real pseudo-terminal.
fn chat_session(
    model: &Model,
    api: Api,
    dir: &std::path::Path,
    extra: &[&str],
) -> rexpect::session::PtySession {
    chat_session_with(model, api, dir, &[&["--mock"], extra].concat(), &[])
}

/// `chat_session` with `args` after the model options and `env` set.
fn chat_session_with(
    model: &Model,
    api: Api,
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> rexpect::session::PtySession {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionctl"));
    command
        .current_dir(dir)
        .args([
            "--color",
            "never",
            "--dir",
            common::root().join("actions").to_str().unwrap(),
            "chat",
        ])
        .args([
            "--llm",
            &model.url(api),
            "--model",
            "scripted-1",
            "--llm-api",
            api.name(),
        ])
        .args(args)
        .env("ACTIONCTL_KEYCHAIN", "none")
        .env("ACTIONCTL_SECRET_LLM", KEY)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("ACTIONCTL_")
            && key != "ACTIONCTL_SECRET_LLM"
            && key != "ACTIONCTL_KEYCHAIN"
        {
            command.env_remove(&key);
        }
    }
    for (key, value) in env {
        command.env(key, value);
    }
    rexpect::session::spawn_command(command, Some(20_000)).unwrap()
}

/// Waits for the prompt, lets the editor settle into raw mode, types `line`.
fn say(s: &mut rexpect::session::PtySession, line: &str) {
    s.exp_string("you> ").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send(line).unwrap();
    s.send("\r").unwrap();
    s.flush().unwrap();
}

#[test]
fn chat_on_a_terminal_talks_runs_the_tools_and_saves_a_conversation() {
    let model = Model::start(Api::Openai);
    let tmp = tempfile::tempdir().unwrap();
    let mut s = chat_session(
        &model,
        Api::Openai,
        tmp.path(),
        &["verify-customer", "lookup-order"],
    );
    s.exp_string("chat with scripted-1 at").unwrap();
    s.exp_string("2 tools").unwrap();
    say(&mut s, "/tools");
    s.exp_string("verify-customer").unwrap();
    s.exp_string("lookup-order").unwrap();
    say(&mut s, "Hi, where is my order ORD-12345?");
    s.exp_string("please give me your customer ID and phone PIN")
        .unwrap();
    say(&mut s, "My customer ID is CUST-48213 and my PIN is 0421.");
    s.exp_string(r#" verify-customer {"customer_id":"CUST-48213","phone_pin":"0421"}"#)
        .unwrap();
    s.exp_string("< HTTP/1.1 200 OK").unwrap();
    s.exp_string(" lookup-order {").unwrap();
    s.exp_string("Your order has status shipped.").unwrap();
    say(&mut s, "/save saved.yaml");
    s.exp_string("wrote saved.yaml: run it with actionctl test saved.yaml")
        .unwrap();
    // Ctrl-C while the model thinks aborts that turn, not the chat.
    say(&mut s, "SLOW question");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.send_control('c').unwrap();
    s.exp_string("turn aborted").unwrap();
    say(&mut s, "/reset");
    s.exp_string("the conversation is forgotten").unwrap();
    s.exp_string("you> ").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();

    // The saved file is a conversation that validates and replays.
    let saved = std::fs::read_to_string(tmp.path().join("saved.yaml")).unwrap();
    assert!(saved.contains("expect: {no_calls: true}"), "{saved}");
    assert!(saved.contains(r#"- {action: "verify-customer", args: {"customer_id":"CUST-48213","phone_pin":"0421"}}"#), "{saved}");
    assert!(
        !saved.contains("SLOW"),
        "an aborted turn is not saved: {saved}"
    );
    // Run as chat says, where it was written (not in a conversations folder).
    let output = run_with(
        &model,
        Api::Openai,
        common::root().join("actions").to_str().unwrap(),
        tmp.path().join("saved.yaml").to_str().unwrap(),
        &[],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("conversation saved: 2 of 2 turns passed"));
    // The history the model got after the tool calls carried their ids.
    let requests = model.requests();
    let third = requests[2].json();
    assert_eq!(
        third["messages"].as_array().unwrap().last().unwrap()["tool_call_id"],
        "call_1"
    );
}

#[test]
fn chat_reads_lines_from_a_pipe_and_keeps_the_key_masked() {
    let model = Model::start(Api::Anthropic);
    let output = actionctl()
        .args([
            "chat",
            "--llm",
            &model.url(Api::Anthropic),
            "--model",
            "m",
            "--llm-api",
            "anthropic",
            "--mock",
        ])
        .env("ACTIONCTL_SECRET_LLM", KEY)
        .write_stdin("/tools\n/help\nMy customer ID is CUST-1 and my PIN is 0000.\n/unknown\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_no_key(&output);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(
        stdout,
        "Sorry, I could not verify you, so I cannot look up your order.\n"
    );
    assert!(stderr.contains("→ verify-customer"), "{stderr}");
    // /tools and /help answer on stderr: stdout is the model's words alone.
    assert!(stderr.contains("lookup-order "), "{stderr}");
    assert!(stderr.contains("/save FILE "), "{stderr}");
    assert!(
        stderr.contains("unknown command /unknown; /help lists them"),
        "{stderr}"
    );
    // All the tools, as `schema --all --format anthropic` exports them.
    let all = actionctl()
        .args(["schema", "--all", "--format", "anthropic"])
        .output()
        .unwrap();
    assert_eq!(
        model.requests()[0].json()["tools"],
        common::stdout_json(&all)
    );
}

#[test]
fn a_model_that_answers_outside_its_protocol_is_named_and_bounded() {
    let answers: [(Reply, &str); 4] = [
        (
            Reply::text(200, "text/html", "<html>busy</html>"),
            "the model's answer is not JSON",
        ),
        (
            Reply::json(200, json!({"choices": []})),
            "the model's answer has no choices[0].message",
        ),
        (
            Reply::text(
                200,
                "application/json",
                &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            ),
            "the model's answer is not JSON",
        ),
        (
            Reply::text(200, "application/json", &"x".repeat(9 << 20)),
            "the answer is larger than 8 MiB",
        ),
    ];
    for (answer, says) in answers {
        let answer = std::sync::Mutex::new(Some(answer));
        let server =
            TestServer::start(move |_| answer.lock().unwrap().take().unwrap_or(Reply::Drop));
        let output = actionctl()
            .args([
                "test",
                "verify-then-lookup",
                "--llm",
                &server.url(),
                "--model",
                "m",
            ])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(5),
            "{says}: {}",
            text(&output.stderr)
        );
        let stderr = text(&output.stderr);
        assert!(stderr.contains(says), "{says}: {stderr}");
        assert!(stderr.lines().count() < 10, "{stderr}");
    }
}

#[test]
fn conversation_options_that_do_not_apply_are_usage_errors() {
    let output = actionctl()
        .args([
            "test",
            "verify-then-lookup",
            "--var",
            "a=b",
            "--llm",
            "http://127.0.0.1:9",
            "--model",
            "m",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("is a conversation: --var, --case and --cases do not apply")
    );
}

#[test]
fn a_model_url_is_checked_without_being_repeated() {
    for (url, says) in [
        (
            "https://user:hunter2-pass@api.example.invalid/v1",
            "the URL carries credentials",
        ),
        (
            "ftp://hunter2-pass.example.invalid",
            "use an http:// or https:// URL",
        ),
        ("not a url hunter2-pass", "--llm: not a URL such as"),
    ] {
        let output = actionctl()
            .args(["test", "verify-then-lookup", "--llm", url, "--model", "m"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{url}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(says), "{url}: {stderr}");
        assert!(!stderr.contains("hunter2"), "{stderr}");
    }
}

#[test]
fn the_model_key_follows_the_environments_profile() {
    let model = Model::start(Api::Openai);
    let tmp = tempfile::tempdir().unwrap();
    let actions = tmp.path().join("actions");
    let conversations = tmp.path().join("conversations");
    std::fs::create_dir_all(&actions).unwrap();
    std::fs::create_dir_all(&conversations).unwrap();
    for id in ["verify-customer", "lookup-order"] {
        let from = common::root().join(format!("actions/{id}.yaml"));
        std::fs::copy(from, actions.join(format!("{id}.yaml"))).unwrap();
    }
    std::fs::copy(
        common::root().join("conversations/verify-then-lookup.yaml"),
        conversations.join("verify-then-lookup.yaml"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("environments.yaml"),
        "staging:\n  profile: staging\n",
    )
    .unwrap();
    let output = actionctl_in_dir(tmp.path())
        .args([
            "test",
            "verify-then-lookup",
            "--env",
            "staging",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
        ])
        .env("ACTIONCTL_STAGING_SECRET_LLM", KEY)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_no_key(&output);
    let output = actionctl_in_dir(tmp.path())
        .args([
            "chat",
            "--mock",
            "--env",
            "staging",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
        ])
        .env("ACTIONCTL_STAGING_SECRET_LLM", KEY)
        .write_stdin("hello\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let requests = model.requests();
    assert_eq!(requests.len(), 7);
    for request in requests {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
    }
}

#[test]
fn a_flow_is_a_tool_like_an_action() {
    let model = Model::start(Api::Openai);
    let output = actionctl()
        .args([
            "chat",
            "--mock",
            "verified-order-lookup",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
        ])
        .write_stdin("FLOW please\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("The flow said: {"), "{stdout}");
    assert!(stdout.contains("ORD-7"), "{stdout}");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("── step 2/2: lookup-order"), "{stderr}");
    let requests = model.requests();
    let tools = requests[0].json()["tools"].clone();
    assert_eq!(
        tools,
        json!([exported("verified-order-lookup", Api::Openai)])
    );
}

#[test]
fn a_slow_model_times_out_with_the_option_that_raises_it() {
    let server = TestServer::start(|_| {
        Reply::Delay(
            std::time::Duration::from_secs(5),
            Box::new(Reply::json(200, json!({}))),
        )
    });
    let output = actionctl()
        .args([
            "test",
            "verify-then-lookup",
            "--llm",
            &server.url(),
            "--model",
            "m",
            "--llm-timeout",
            "300ms",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(5));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no complete answer within 300ms (raise it with --llm-timeout)"),
        "{stderr}"
    );
}

#[test]
fn a_conversation_file_outside_a_conversations_folder_is_read_by_its_turns() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("anywhere.yaml");
    std::fs::write(
        &file,
        "name: \"Saved chat\"\nmock: true\nturns:\n  - user: \"hello\"\n    expect: {no_calls: true}\n",
    )
    .unwrap();
    let output = actionctl()
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let model = Model::start(Api::Openai);
    let output = run_with(&model, Api::Openai, "actions", file.to_str().unwrap(), &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("conversation anywhere: 1 of 1 turns passed"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn save_says_how_to_use_it_and_never_hints_at_replacing() {
    let model = Model::start(Api::Openai);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("taken.yaml"), "kept").unwrap();
    std::fs::create_dir(tmp.path().join("adir")).unwrap();
    let output = actionctl_in_dir(tmp.path())
        .args(["--dir", common::root().join("actions").to_str().unwrap()])
        .args([
            "chat",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
            "--mock",
        ])
        .write_stdin("hello\n/save\n/save --force taken.yaml\n/save taken.yaml\n/save adir\n")
        .output()
        .unwrap();
    // The chat goes on after each.
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert_eq!(
        stderr
            .matches(
                "usage: /save FILE (a new file: /save never replaces one, and takes no options)"
            )
            .count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("`taken.yaml` already exists; nothing written (/save never replaces a file: give a new name)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`adir` is not a regular file (a folder, link or device); nothing written (give a new file name)"),
        "{stderr}"
    );
    assert!(!stderr.contains("--force to"), "{stderr}");
    assert!(!stderr.contains("write reports"), "{stderr}");
    assert!(!tmp.path().join("--force taken.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("taken.yaml")).unwrap(),
        "kept"
    );
}

#[test]
fn an_instructions_file_must_stay_inside_the_project_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let conversations = tmp.path().join("project/conversations");
    std::fs::create_dir_all(&conversations).unwrap();
    std::fs::write(tmp.path().join("outside.txt"), "SECRET-OUTSIDE-TEXT").unwrap();
    std::fs::write(tmp.path().join("project/prompt.md"), "You are kind.").unwrap();
    let outside = tmp.path().join("outside.txt");
    let cases = [
        (
            "dotdot",
            "../../outside.txt".to_string(),
            "outside the project folder",
        ),
        (
            "absolute",
            outside.display().to_string(),
            "outside the project folder",
        ),
        ("missing", "../nosuch.md".to_string(), "cannot read it"),
        ("inside", "../prompt.md".to_string(), ""),
    ];
    let model = Model::start(Api::Openai);
    for (name, file, problem) in &cases {
        let path = conversations.join(format!("{name}.yaml"));
        std::fs::write(
            &path,
            format!(
                "name: N\nmock: true\ninstructions_file: {}\nturns:\n  - user: hello\n",
                json!(file)
            ),
        )
        .unwrap();
        let validate = actionctl()
            .args(["validate", path.to_str().unwrap()])
            .output()
            .unwrap();
        let ran = run_with(&model, Api::Openai, "actions", path.to_str().unwrap(), &[]);
        if problem.is_empty() {
            assert!(validate.status.success(), "{}", text(&validate.stderr));
            assert!(ran.status.success(), "{}", text(&ran.stderr));
            continue;
        }
        for output in [&validate, &ran] {
            assert_eq!(
                output.status.code(),
                Some(3),
                "{name}: {}",
                text(&output.stderr)
            );
            let stderr = text(&output.stdout) + &text(&output.stderr);
            assert!(
                stderr.contains(&format!(
                    "{name}.yaml:3:20: error: instructions_file `{file}`: {problem}"
                )),
                "{name}: {stderr}"
            );
        }
    }
    // Only the conversation inside the folder reached the model.
    let requests = model.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].json()["messages"][0]["content"],
        "You are kind."
    );
    assert!(!String::from_utf8_lossy(&requests[0].body).contains("SECRET-OUTSIDE-TEXT"));
}

#[test]
fn a_redirect_from_the_model_endpoint_is_named_with_where_it_pointed() {
    let server = TestServer::start(|_| Reply::Respond {
        status: 307,
        headers: vec![(
            "Location".into(),
            format!("https://elsewhere.invalid/v1?k={KEY}"),
        )],
        body: Vec::new(),
    });
    let output = actionctl()
        .args([
            "test",
            "verify-then-lookup",
            "--llm",
            &server.url(),
            "--model",
            "m",
        ])
        .env("ACTIONCTL_SECRET_LLM", KEY)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(5));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("the model endpoint answered 307, a redirect to `https://elsewhere.invalid/v1?k=<secret:llm>`; redirects are not followed"),
        "{stderr}"
    );
    assert_no_key(&output);
}

#[test]
fn chat_ctrl_c_aborts_a_turn_while_an_action_runs() {
    let model = Model::start(Api::Openai);
    let api = TestServer::start(|_| {
        Reply::Delay(
            std::time::Duration::from_secs(15),
            Box::new(Reply::json(200, json!({"verified": true}))),
        )
    });
    let tmp = tempfile::tempdir().unwrap();
    let mut s = chat_session_with(
        &model,
        Api::Openai,
        tmp.path(),
        &["--base-url", &api.url(), "verify-customer"],
        &[("ACTIONCTL_SECRET_COMPANY_API", "company-key-5c1e9a")],
    );
    say(&mut s, "My customer ID is CUST-1 and my PIN is 0421.");
    s.exp_string(" verify-customer {").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    let pressed = std::time::Instant::now();
    s.send_control('c').unwrap();
    s.exp_string("turn aborted").unwrap();
    assert!(
        pressed.elapsed() < std::time::Duration::from_secs(5),
        "Ctrl-C waited for the action: {:?}",
        pressed.elapsed()
    );
    say(&mut s, "hello again");
    s.exp_string("please give me your customer ID").unwrap();
    s.exp_string("you> ").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    // The aborted turn, call and all, is not in the history the model got next.
    let requests = model.requests();
    let messages = requests.last().unwrap().json()["messages"].clone();
    assert_eq!(messages.as_array().unwrap().len(), 1, "{messages}");
    assert_eq!(messages[0]["content"], "hello again");
}

#[test]
fn validate_finds_what_a_conversation_could_never_do() {
    let tmp = tempfile::tempdir().unwrap();
    let conversations = tmp.path().join("conversations");
    std::fs::create_dir_all(&conversations).unwrap();
    let gaps = conversations.join("gaps.yaml");
    std::fs::write(
        &gaps,
        "name: Gaps\nmock: nosuchmock\nactions: [lookup-order, verify-customer, lookup-order]\nturns:\n  - user: \"\"\n  - user: ORD-1 please\n    expect:\n      calls: [{action: lookup-order, args: {nonexistent_arg: x}}]\n      reply: {}\n",
    )
    .unwrap();
    let shadowed = conversations.join("verify-customer.yaml");
    std::fs::write(&shadowed, "name: S\nturns:\n  - user: hi\n").unwrap();
    let actions = common::root().join("actions");
    let output = actionctl()
        .args(["--dir", actions.to_str().unwrap(), "validate"])
        .args([gaps.to_str().unwrap(), shadowed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    let all = text(&output.stdout) + &text(&output.stderr);
    for expected in [
        "gaps.yaml:2:7: error: mock answer `nosuchmock` is not an answer of lookup-order, verify-customer: every call of it would fail",
        "gaps.yaml:3:42: error: `actions` lists `lookup-order` twice",
        "gaps.yaml:5:11: error: `user` of turn 1 is empty: say something",
        "gaps.yaml:8:24: error: `lookup-order` has no argument `nonexistent_arg`",
        "gaps.yaml:9:14: error: `reply` of turn 2 checks nothing: give `contains` or `matches`",
        "verify-customer.yaml:1:1: warning: an action or flow has the id `verify-customer`, so `actionctl test verify-customer` runs it, not this conversation",
    ] {
        assert!(all.contains(expected), "missing {expected}\n{all}");
    }
}

#[test]
fn under_test_all_a_conversation_that_cannot_run_is_one_failed_case() {
    let down = TestServer::start(|_| Reply::Drop);
    for (extra, message) in [
        (
            vec![],
            "FAIL conversation verify-then-lookup: --llm needs --model NAME",
        ),
        (
            vec!["--model", "m"],
            "FAIL conversation verify-then-lookup: model endpoint",
        ),
    ] {
        let output = actionctl()
            .args(["test", "--all", "--mock", "--llm", &down.url()])
            .args(&extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
        assert!(
            text(&output.stderr).contains(message),
            "{}",
            text(&output.stderr)
        );
    }
}

#[test]
fn an_unknown_id_in_test_says_no_conversation_has_it_either() {
    let output = actionctl().args(["test", "nosuch"]).output().unwrap();
    assert_eq!(output.status.code(), Some(4));
    assert!(
        text(&output.stderr).contains(
            "unknown action `nosuch`: no nosuch.yaml or nosuch.yml in actions, nor a conversation nosuch.yaml in conversations"
        ),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_saved_chat_has_the_action_secrets_masked() {
    let model = Model::start(Api::Openai);
    let tmp = tempfile::tempdir().unwrap();
    let secret = "acct-secret-value-93e1";
    let output = actionctl_in_dir(tmp.path())
        .args(["--dir", fixture_dir().join("actions").to_str().unwrap()])
        .args([
            "chat",
            "--llm",
            &model.url(Api::Openai),
            "--model",
            "m",
            "--mock",
        ])
        .env("ACTIONCTL_SECRET_ACCOUNTS_API", secret)
        .write_stdin(format!(
            "REPEAT my key is {secret}\nARGECHO {secret}\n/save saved.yaml\n"
        ))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    for stream in [&output.stdout, &output.stderr] {
        assert!(!text(stream).contains(secret), "{}", text(stream));
    }
    let saved = std::fs::read_to_string(tmp.path().join("saved.yaml")).unwrap();
    assert!(!saved.contains(secret), "{saved}");
    assert!(saved.contains("my key is <secret:accounts-api>"), "{saved}");
}
