//! The two model APIs a conversation talks to, as data: the request
//! body of one non-streaming call, the reply it gets (text and tool
//! calls), and the history each protocol wants back. Pure: `io/llm.rs`
//! sends the bytes.
//!
//! - `openai`: Chat Completions (`POST {URL}/chat/completions`); tools as
//!   `{"type": "function", "function": {...}}`, calls in
//!   `choices[0].message.tool_calls` (arguments as JSON *text*), results
//!   as `{"role": "tool", "tool_call_id", "content"}` messages.
//! - `anthropic`: Messages (`POST {URL}/v1/messages`); tools as
//!   `{"name", "description", "input_schema"}`, calls as `tool_use`
//!   content blocks (`input` an object), results as `tool_result` blocks
//!   of one user message.

use serde_json::{Map, Value, json};
use thiserror::Error;

use crate::core::export::ToolFormat;

/// `max_tokens` of an Anthropic request (required there): room for a
/// reply of a few paragraphs, which is what an agent turn is.
pub(crate) const ANTHROPIC_MAX_TOKENS: u32 = 1024;

/// The `anthropic-version` header every Messages request carries.
pub(crate) const ANTHROPIC_VERSION: &str = "2023-06-01";

/// Which protocol the model endpoint speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Api {
    /// OpenAI Chat Completions (OpenAI, Ollama, vLLM, llama.cpp, LM Studio).
    #[default]
    Openai,
    /// Anthropic Messages.
    Anthropic,
}

impl Api {
    /// The API called `name`, if any.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "openai" => Some(Self::Openai),
            "anthropic" => Some(Self::Anthropic),
            _ => None,
        }
    }

    /// The tool definitions this API takes (`schema --format` of it).
    pub(crate) fn tool_format(self) -> ToolFormat {
        match self {
            Self::Openai => ToolFormat::Openai,
            Self::Anthropic => ToolFormat::Anthropic,
        }
    }

    /// The endpoint under the base URL `--llm` gives.
    /// A query (`?api-version=...`, as Azure OpenAI wants) stays at the end.
    pub(crate) fn endpoint(self, base: &str) -> String {
        let (base, query) = match base.split_once('?') {
            Some((base, query)) => (base, Some(query)),
            None => (base, None),
        };
        let base = base.trim_end_matches('/');
        let path = match self {
            Self::Openai => format!("{base}/chat/completions"),
            Self::Anthropic => format!("{base}/v1/messages"),
        };
        match query {
            Some(query) => format!("{path}?{query}"),
            None => path,
        }
    }
}

/// One tool call the model made.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ToolCall {
    /// The id the result must carry back.
    pub id: String,
    /// The tool's name, as the model wrote it.
    pub name: String,
    /// The arguments; an object when they were one.
    pub arguments: Value,
    /// OpenAI sends arguments as JSON text; kept as sent, for the history.
    pub arguments_text: Option<String>,
}

impl ToolCall {
    /// The arguments as an object, or why they are not one.
    pub(crate) fn object(&self) -> Result<&Map<String, Value>, String> {
        match &self.arguments {
            Value::Object(map) => Ok(map),
            _ => match &self.arguments_text {
                Some(text) if self.arguments.is_null() => Err(format!(
                    "the arguments are not JSON: {}",
                    crate::core::constraint::shown(text)
                )),
                _ => Err(format!(
                    "the arguments are not a JSON object: {}",
                    crate::core::constraint::shown(&self.arguments.to_string())
                )),
            },
        }
    }
}

/// What the model answered in one call.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ModelReply {
    /// Its text (empty when it only called tools).
    pub text: String,
    /// Its tool calls, in order.
    pub calls: Vec<ToolCall>,
    /// The message as the protocol wants it back in the history.
    pub message: Value,
}

/// A tool's result, handed back to the model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ToolResult {
    /// The call it answers.
    pub call_id: String,
    /// What the model is handed (already masked).
    pub content: String,
    /// The call failed.
    pub is_error: bool,
}

/// A reply that is not what the protocol promises.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum ReplyError {
    /// The body is not JSON.
    #[error("the model's answer is not JSON")]
    NotJson,
    /// The endpoint said what went wrong.
    #[error("the model endpoint answered {status}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// `error.message`, or the start of the body.
        message: String,
    },
    /// Two tool calls of one answer carry the same id.
    #[error(
        "the model's answer gives two tool calls the same id {0}; each result is paired with its call by id"
    )]
    ReusedId(String),
    /// A key the protocol requires is missing or of the wrong kind.
    #[error("the model's answer has no {0}")]
    Shape(&'static str),
}

/// The conversation so far, in the protocol's own message form.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    api: Api,
    messages: Vec<Value>,
}

impl History {
    /// An empty history for `api`.
    pub(crate) fn new(api: Api) -> Self {
        Self {
            api,
            messages: Vec::new(),
        }
    }

    /// The messages, oldest first.
    pub(crate) fn messages(&self) -> &[Value] {
        &self.messages
    }

    /// Drops what came after the first `len` messages (a turn that was
    /// aborted leaves no half-answered calls behind).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.messages.truncate(len);
    }

    /// What the user said.
    pub(crate) fn user(&mut self, text: &str) {
        self.messages.push(json!({"role": "user", "content": text}));
    }

    /// What the model answered, as it answered it.
    pub(crate) fn assistant(&mut self, reply: &ModelReply) {
        self.messages.push(reply.message.clone());
    }

    /// The results of the calls of the last answer: one `tool` message
    /// each (OpenAI), or one user message of `tool_result` blocks
    /// (Anthropic).
    pub(crate) fn tool_results(&mut self, results: &[ToolResult]) {
        match self.api {
            Api::Openai => {
                for result in results {
                    self.messages.push(json!({
                        "role": "tool",
                        "tool_call_id": result.call_id,
                        "content": result.content,
                    }));
                }
            }
            Api::Anthropic => {
                let blocks: Vec<Value> = results
                    .iter()
                    .map(|result| {
                        let mut block = json!({
                            "type": "tool_result",
                            "tool_use_id": result.call_id,
                        });
                        // `content` is optional, and an empty text is refused.
                        if !result.content.is_empty() {
                            block["content"] = result.content.clone().into();
                        }
                        if result.is_error {
                            block["is_error"] = Value::Bool(true);
                        }
                        block
                    })
                    .collect();
                self.messages
                    .push(json!({"role": "user", "content": blocks}));
            }
        }
    }
}

/// The body of one call: `model`, the instructions, the history and the
/// tools (left out when there are none).
pub(crate) fn request_body(
    model: &str,
    instructions: Option<&str>,
    history: &History,
    tools: &[Value],
) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), model.into());
    match history.api {
        Api::Openai => {
            let system = instructions.map(|text| json!({"role": "system", "content": text}));
            let messages: Vec<Value> = system
                .into_iter()
                .chain(history.messages.iter().cloned())
                .collect();
            body.insert("messages".into(), messages.into());
        }
        Api::Anthropic => {
            body.insert("max_tokens".into(), ANTHROPIC_MAX_TOKENS.into());
            if let Some(text) = instructions {
                body.insert("system".into(), text.into());
            }
            body.insert("messages".into(), history.messages.clone().into());
        }
    }
    if !tools.is_empty() {
        body.insert("tools".into(), tools.to_vec().into());
    }
    Value::Object(body)
}

/// The model's answer from the response `status` and `body`.
pub(crate) fn parse_reply(api: Api, status: u16, body: &[u8]) -> Result<ModelReply, ReplyError> {
    let value: Option<Value> = serde_json::from_slice(body).ok();
    if !(200..300).contains(&status) {
        let message = value
            .as_ref()
            .and_then(|v| v.pointer("/error/message"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
        return Err(ReplyError::Refused {
            status,
            message: crate::core::text::cut_line(message.trim(), 300).into_owned(),
        });
    }
    let value = value.ok_or(ReplyError::NotJson)?;
    let reply = match api {
        Api::Openai => openai_reply(&value),
        Api::Anthropic => anthropic_reply(&value),
    }?;
    check_call_ids(&reply.calls)?;
    Ok(reply)
}

fn openai_reply(value: &Value) -> Result<ModelReply, ReplyError> {
    let message = value
        .pointer("/choices/0/message")
        .filter(|m| m.is_object())
        .ok_or(ReplyError::Shape("choices[0].message"))?;
    let text = message
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut calls = Vec::new();
    for call in message
        .get("tool_calls")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let function = call.get("function");
        let name = function.and_then(|f| f.get("name")).and_then(Value::as_str);
        let Some(name) = name else {
            return Err(ReplyError::Shape("function.name in a tool call"));
        };
        let Some(id) = call.get("id").and_then(Value::as_str) else {
            return Err(ReplyError::Shape("id in a tool call"));
        };
        let (arguments, arguments_text) =
            openai_arguments(function.and_then(|f| f.get("arguments")));
        calls.push(ToolCall {
            id: id.to_string(),
            name: name.to_string(),
            arguments,
            arguments_text,
        });
    }
    // The assistant message goes back as received, less what a request
    // does not take (`refusal`, `annotations`, … are answer-only), and
    // with arguments sent as an object turned into the JSON text the
    // protocol wants.
    let mut back = json!({"role": "assistant", "content": message.get("content").cloned().unwrap_or(Value::Null)});
    if let Some(tool_calls) = message.get("tool_calls").filter(|c| c.is_array()) {
        let mut tool_calls = tool_calls.clone();
        for (sent, call) in tool_calls.as_array_mut().into_iter().flatten().zip(&calls) {
            if let Some(function) = sent.get_mut("function").and_then(Value::as_object_mut)
                && !function.get("arguments").is_some_and(Value::is_string)
                && call.arguments.is_object()
            {
                function.insert("arguments".into(), call.arguments.to_string().into());
            }
        }
        back["tool_calls"] = tool_calls;
    }
    Ok(ModelReply {
        text,
        calls,
        message: back,
    })
}

/// A tool call's `arguments`: JSON text as the protocol says, but also
/// an object (some servers send one) and nothing or `""` (some local
/// servers send that for a tool without arguments), both taken as they
/// mean. Anything else stays as it came, for [`ToolCall::object`] to
/// report.
fn openai_arguments(sent: Option<&Value>) -> (Value, Option<String>) {
    match sent {
        None | Some(Value::Null) => (json!({}), Some("{}".into())),
        Some(Value::String(text)) if text.trim().is_empty() => (json!({}), Some(text.clone())),
        Some(Value::String(text)) => (
            serde_json::from_str(text).unwrap_or(Value::Null),
            Some(text.clone()),
        ),
        Some(Value::Object(map)) => (Value::Object(map.clone()), None),
        Some(other) => (other.clone(), None),
    }
}

/// The tool-call ids of one answer must differ: each result is paired
/// with its call by id.
fn check_call_ids(calls: &[ToolCall]) -> Result<(), ReplyError> {
    for (i, call) in calls.iter().enumerate() {
        if calls[..i].iter().any(|earlier| earlier.id == call.id) {
            return Err(ReplyError::ReusedId(crate::core::constraint::shown(
                &call.id,
            )));
        }
    }
    Ok(())
}

fn anthropic_reply(value: &Value) -> Result<ModelReply, ReplyError> {
    let blocks = value
        .get("content")
        .and_then(Value::as_array)
        .ok_or(ReplyError::Shape("content"))?;
    let mut texts = Vec::new();
    let mut calls = Vec::new();
    for block in blocks {
        match block.get("type").and_then(Value::as_str) {
            Some("text") => texts.extend(block.get("text").and_then(Value::as_str)),
            Some("tool_use") => {
                let id = block.get("id").and_then(Value::as_str);
                let name = block.get("name").and_then(Value::as_str);
                let (Some(id), Some(name)) = (id, name) else {
                    return Err(ReplyError::Shape("id and name in a tool_use block"));
                };
                calls.push(ToolCall {
                    id: id.to_string(),
                    name: name.to_string(),
                    arguments: block.get("input").cloned().unwrap_or(Value::Null),
                    arguments_text: None,
                });
            }
            _ => {}
        }
    }
    Ok(ModelReply {
        text: texts.join("\n"),
        calls,
        message: json!({"role": "assistant", "content": blocks}),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openai_calls(tool_calls: Value) -> Result<ModelReply, ReplyError> {
        let body = json!({"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": tool_calls}}]});
        parse_reply(Api::Openai, 200, body.to_string().as_bytes())
    }

    #[test]
    fn a_query_in_the_base_url_stays_after_the_path() {
        assert_eq!(
            Api::Openai.endpoint("https://h.example/openai/deployments/x?api-version=2024-06-01"),
            "https://h.example/openai/deployments/x/chat/completions?api-version=2024-06-01"
        );
        assert_eq!(
            Api::Anthropic.endpoint("http://127.0.0.1:1/?a=b"),
            "http://127.0.0.1:1/v1/messages?a=b"
        );
    }

    #[test]
    fn openai_arguments_as_an_object_or_empty_are_taken_as_meant() {
        let reply = openai_calls(json!([
            {"id": "a", "type": "function", "function": {"name": "t", "arguments": {"order": "ORD-1"}}},
            {"id": "b", "type": "function", "function": {"name": "u", "arguments": ""}},
            {"id": "c", "type": "function", "function": {"name": "v", "arguments": 42}}
        ]))
        .unwrap();
        assert_eq!(reply.calls[0].object().unwrap()["order"], "ORD-1");
        assert!(reply.calls[1].object().unwrap().is_empty());
        assert_eq!(
            reply.calls[2].object().unwrap_err(),
            "the arguments are not a JSON object: `42`"
        );
        // The history gets the arguments as JSON text, as the protocol wants.
        assert_eq!(
            reply.message["tool_calls"][0]["function"]["arguments"],
            r#"{"order":"ORD-1"}"#
        );
    }

    #[test]
    fn tool_call_ids_missing_or_reused_are_named_precisely() {
        let missing = openai_calls(
            json!([{"type": "function", "function": {"name": "t", "arguments": "{}"}}]),
        );
        assert_eq!(
            missing.unwrap_err().to_string(),
            "the model's answer has no id in a tool call"
        );
        let call =
            json!({"id": "same", "type": "function", "function": {"name": "t", "arguments": "{}"}});
        let reused = openai_calls(json!([call, call]));
        assert_eq!(
            reused.unwrap_err().to_string(),
            "the model's answer gives two tool calls the same id `same`; each result is paired with its call by id"
        );
    }

    #[test]
    fn endpoints_follow_each_protocol() {
        assert_eq!(
            Api::Openai.endpoint("http://127.0.0.1:11434/v1/"),
            "http://127.0.0.1:11434/v1/chat/completions"
        );
        assert_eq!(
            Api::Anthropic.endpoint("https://api.anthropic.com"),
            "https://api.anthropic.com/v1/messages"
        );
    }

    #[test]
    fn an_openai_request_has_the_system_message_first_and_the_tools() {
        let mut history = History::new(Api::Openai);
        history.user("hi");
        let tools = [json!({"type": "function", "function": {"name": "t"}})];
        let body = request_body("m", Some("be brief"), &history, &tools);
        assert_eq!(
            body,
            json!({"model": "m", "messages": [
                {"role": "system", "content": "be brief"},
                {"role": "user", "content": "hi"}],
                "tools": tools})
        );
        let bare = request_body("m", None, &history, &[]);
        assert_eq!(
            bare,
            json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
        );
    }

    #[test]
    fn an_anthropic_request_has_system_and_max_tokens() {
        let mut history = History::new(Api::Anthropic);
        history.user("hi");
        let body = request_body("claude", Some("be brief"), &history, &[]);
        assert_eq!(
            body,
            json!({"model": "claude", "max_tokens": 1024, "system": "be brief",
                   "messages": [{"role": "user", "content": "hi"}]})
        );
    }

    #[test]
    fn openai_tool_calls_and_their_results_go_back_by_id() {
        let answer = json!({"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
            "role": "assistant", "content": null, "refusal": null,
            "tool_calls": [{"id": "call_1", "type": "function",
                "function": {"name": "verify_customer", "arguments": "{\"customer_id\":\"1\"}"}}]}}]});
        let reply = parse_reply(Api::Openai, 200, answer.to_string().as_bytes()).unwrap();
        assert_eq!(reply.text, "");
        assert_eq!(reply.calls.len(), 1);
        assert_eq!(reply.calls[0].id, "call_1");
        assert_eq!(reply.calls[0].arguments, json!({"customer_id": "1"}));
        let mut history = History::new(Api::Openai);
        history.assistant(&reply);
        history.tool_results(&[ToolResult {
            call_id: "call_1".into(),
            content: "{\"ok\":true}".into(),
            is_error: false,
        }]);
        assert_eq!(
            history.messages()[0],
            json!({"role": "assistant", "content": null, "tool_calls": answer
                .pointer("/choices/0/message/tool_calls").unwrap().clone()})
        );
        assert_eq!(
            history.messages()[1],
            json!({"role": "tool", "tool_call_id": "call_1", "content": "{\"ok\":true}"})
        );
    }

    #[test]
    fn anthropic_tool_use_blocks_and_their_results_go_back_by_id() {
        let answer = json!({"id": "msg_1", "type": "message", "role": "assistant",
            "content": [{"type": "text", "text": "Let me check."},
                {"type": "tool_use", "id": "toolu_1", "name": "lookup_order", "input": {"order_number": "A"}}],
            "stop_reason": "tool_use"});
        let reply = parse_reply(Api::Anthropic, 200, answer.to_string().as_bytes()).unwrap();
        assert_eq!(reply.text, "Let me check.");
        assert_eq!(reply.calls[0].name, "lookup_order");
        let mut history = History::new(Api::Anthropic);
        history.assistant(&reply);
        history.tool_results(&[ToolResult {
            call_id: "toolu_1".into(),
            content: "no such order".into(),
            is_error: true,
        }]);
        assert_eq!(history.messages()[0]["content"], answer["content"]);
        let mut empty = History::new(Api::Anthropic);
        empty.tool_results(&[ToolResult {
            call_id: "toolu_2".into(),
            content: String::new(),
            is_error: false,
        }]);
        assert_eq!(
            empty.messages()[0],
            json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_2"}]})
        );
        assert_eq!(
            history.messages()[1],
            json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1",
                "content": "no such order", "is_error": true}]})
        );
    }

    #[test]
    fn arguments_that_are_not_an_object_say_so() {
        let answer = json!({"choices": [{"message": {"role": "assistant", "content": null,
            "tool_calls": [{"id": "c", "type": "function", "function": {"name": "t", "arguments": "{oops"}},
                           {"id": "d", "type": "function", "function": {"name": "t", "arguments": "[1]"}}]}}]});
        let reply = parse_reply(Api::Openai, 200, answer.to_string().as_bytes()).unwrap();
        assert_eq!(
            reply.calls[0].object().unwrap_err(),
            "the arguments are not JSON: `{oops`"
        );
        assert_eq!(
            reply.calls[1].object().unwrap_err(),
            "the arguments are not a JSON object: `[1]`"
        );
    }

    #[test]
    fn errors_and_shapes_the_protocol_does_not_promise_are_named() {
        let refused = json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}});
        assert_eq!(
            parse_reply(Api::Openai, 401, refused.to_string().as_bytes())
                .unwrap_err()
                .to_string(),
            "the model endpoint answered 401: Incorrect API key provided"
        );
        assert_eq!(
            parse_reply(Api::Anthropic, 200, b"<html>").unwrap_err(),
            ReplyError::NotJson
        );
        assert_eq!(
            parse_reply(Api::Openai, 200, b"{\"choices\": []}").unwrap_err(),
            ReplyError::Shape("choices[0].message")
        );
        assert_eq!(
            parse_reply(
                Api::Anthropic,
                200,
                b"{\"content\": [{\"type\": \"tool_use\"}]}"
            )
            .unwrap_err(),
            ReplyError::Shape("id and name in a tool_use block")
        );
    }
}
