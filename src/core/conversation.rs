//! Conversation files (`conversations/<id>.yaml` beside the actions
//! folder): what the user says each turn, and what the agent must do —
//! the calls it makes (arguments checked with the predicates of
//! response checks), or none, and what its reply says.
//!
//! Rules the contract leaves open:
//! - `expect.calls` is the whole list of the turn's calls: the model must
//!   make exactly these, in this order (a call more or less fails);
//! - `args` lists only the arguments it checks; others may be given;
//! - `mock:` is `true`/`false`, or an answer name (as `--mock=NAME`).

use std::collections::HashSet;

use marked_yaml::Node;
use marked_yaml::types::MarkedMappingNode;
use serde_json::Value;

use crate::core::check::{Predicate, SearchPattern, value_holds};
use crate::core::diagnostic::{Diagnostic, Location};
use crate::core::flow::unknown_keys;
use crate::core::parse::{parse_predicate, parse_search_pattern};
use crate::core::suggest::did_you_mean;
use crate::core::yaml::{Document, FileKind, node_start, scalar_to_json};

/// Tool calls per turn unless `max_tool_calls` says otherwise.
pub(crate) const DEFAULT_MAX_TOOL_CALLS: usize = 8;
/// The largest `max_tool_calls` accepted: a turn is a few calls, and a
/// model that loops must be stopped before it costs much.
pub(crate) const MAX_MAX_TOOL_CALLS: usize = 100;
/// Most turns in one file.
pub(crate) const MAX_TURNS: usize = 200;

const KEYS: [&str; 8] = [
    "name",
    "instructions",
    "instructions_file",
    "actions",
    "context",
    "mock",
    "max_tool_calls",
    "turns",
];
const TURN_KEYS: [&str; 2] = ["user", "expect"];
const EXPECT_KEYS: [&str; 3] = ["calls", "no_calls", "reply"];
const CALL_KEYS: [&str; 2] = ["action", "args"];
const REPLY_KEYS: [&str; 2] = ["contains", "matches"];

/// How load errors of conversation files are worded.
pub(crate) const FILE_KIND: FileKind = FileKind {
    plural: "conversation files",
    one: "a conversation file",
    empty: "file is empty; a conversation needs at least name and turns",
};

/// A checked conversation file.
#[derive(Debug, Clone)]
pub(crate) struct Conversation {
    pub id: String,
    /// Display name.
    pub name: String,
    /// The agent's system prompt.
    pub instructions: Option<Instructions>,
    /// The tools offered, by action or flow id; `None`: all.
    pub actions: Option<Vec<(String, Location)>>,
    /// `context:` as JSON text (a context file's form), when given.
    pub context: Option<String>,
    /// `mock:`: `None` calls the actions; `Some("")` answers from their
    /// mocks; `Some(NAME)` picks that answer.
    pub mock: Option<String>,
    /// Where `mock:` stands.
    pub mock_at: Location,
    /// Tool calls allowed per turn.
    pub max_tool_calls: usize,
    /// The turns, in order.
    pub turns: Vec<Turn>,
}

/// `instructions:` text or `instructions_file:` (relative to the file,
/// and where the path stands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Instructions {
    Text(String),
    File(String, Location),
}

/// One turn: what the user says and what must come of it.
#[derive(Debug, Clone)]
pub(crate) struct Turn {
    pub user: String,
    pub expect: TurnExpect,
}

/// `expect:` of a turn.
#[derive(Debug, Clone, Default)]
pub(crate) struct TurnExpect {
    /// The calls, in order; `None`: not checked.
    pub calls: Option<Vec<ExpectedCall>>,
    /// The reply's checks.
    pub reply: Vec<ReplyCheck>,
}

/// One call the model must make.
#[derive(Debug, Clone)]
pub(crate) struct ExpectedCall {
    /// Action or flow id.
    pub action: String,
    /// Where the id stands.
    pub at: Location,
    /// Argument name → what its value must satisfy.
    pub args: Vec<(String, Predicate)>,
}

/// A check of the model's last text of a turn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ReplyCheck {
    Contains(String),
    Matches(SearchPattern),
}

/// One call the model made, as the judge sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MadeCall {
    /// The action or flow id it ran (the tool name when none matched).
    pub action: String,
    /// Its arguments as sent.
    pub arguments: Value,
}

/// Parses conversation file bytes, with every problem located. The
/// conversation is what could be read even when there are errors (so its
/// action ids can still be checked); it is valid only without them.
pub(crate) fn parse_conversation(
    id: &str,
    path: &str,
    bytes: &[u8],
) -> (Option<Conversation>, Vec<Diagnostic>) {
    let doc = match Document::parse_as(bytes, FILE_KIND) {
        Ok(doc) => doc,
        Err(problem) => {
            return (
                None,
                vec![Diagnostic::error(path, problem.location, problem.message)],
            );
        }
    };
    let mut p = Parse {
        path,
        doc: &doc,
        diags: Vec::new(),
    };
    let conversation = p.conversation(id);
    let mut diags = p.diags;
    diags.sort_by_key(|d| d.location);
    (conversation, diags)
}

/// Problems of `conversation` against the tools that exist (action and
/// flow ids): unknown ids in `actions:` and in `expect.calls`, and calls
/// of actions the conversation does not offer.
pub(crate) fn check_conversation(
    path: &str,
    conversation: &Conversation,
    known: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let unknown = |id: &str, at: Location, diags: &mut Vec<Diagnostic>| {
        if known.contains(id) {
            return false;
        }
        let hint = did_you_mean(id, known.iter().map(String::as_str));
        diags.push(Diagnostic::error(
            path,
            at,
            format!("unknown action `{id}`{hint}: no action or flow has this id"),
        ));
        true
    };
    for (id, at) in conversation.actions.iter().flatten() {
        unknown(id, *at, &mut diags);
    }
    let offered: Option<HashSet<&str>> = conversation
        .actions
        .as_ref()
        .map(|list| list.iter().map(|(id, _)| id.as_str()).collect());
    for turn in &conversation.turns {
        for call in turn.expect.calls.iter().flatten() {
            if unknown(&call.action, call.at, &mut diags) {
                continue;
            }
            if let Some(offered) = &offered
                && !offered.contains(call.action.as_str())
            {
                diags.push(Diagnostic::error(
                    path,
                    call.at,
                    format!(
                        "`{}` is not among this conversation's `actions:`, so the model cannot call it",
                        call.action
                    ),
                ));
            }
        }
    }
    diags
}

/// What the checks of a conversation need to know of one action or flow.
#[derive(Debug, Clone, Default)]
pub(crate) struct ToolFacts {
    /// Its arguments (variables), by name.
    pub arguments: Vec<String>,
    /// Its mock answers' names; `None`: not checked (a flow).
    pub mocks: Option<Vec<String>>,
}

/// The conversation against what its tools take: an `args` name the
/// action does not have (that call could never match), and a `mock:`
/// answer name an offered action lacks (every call of it would fail,
/// and the model would be handed the failure). Ids not in `tools` are
/// left to [`check_conversation`].
pub(crate) fn check_tool_use(
    path: &str,
    conversation: &Conversation,
    tools: &std::collections::HashMap<String, ToolFacts>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for call in conversation
        .turns
        .iter()
        .flat_map(|t| t.expect.calls.iter().flatten())
    {
        let Some(facts) = tools.get(&call.action) else {
            continue;
        };
        for (name, _) in &call.args {
            if !facts.arguments.contains(name) {
                let hint = did_you_mean(name, facts.arguments.iter().map(String::as_str));
                diags.push(Diagnostic::error(
                    path,
                    call.at,
                    format!(
                        "`{}` has no argument `{name}`{hint}: this expected call can never match",
                        call.action
                    ),
                ));
            }
        }
    }
    if let Some(name) = conversation.mock.as_ref().filter(|n| !n.is_empty()) {
        let mut offered: Vec<&str> = match &conversation.actions {
            Some(list) => list.iter().map(|(id, _)| id.as_str()).collect(),
            None => tools.keys().map(String::as_str).collect(),
        };
        offered.sort_unstable();
        let lacking: Vec<&str> = offered
            .into_iter()
            .filter(|id| {
                tools
                    .get(*id)
                    .and_then(|f| f.mocks.as_ref())
                    .is_some_and(|mocks| !mocks.contains(name))
            })
            .collect();
        if !lacking.is_empty() {
            diags.push(Diagnostic::error(
                path,
                conversation.mock_at,
                format!(
                    "mock answer `{name}` is not an answer of {}: every call of it would fail",
                    lacking.join(", ")
                ),
            ));
        }
    }
    diags
}

/// Why turn `n` (from 1) failed its `expect`, one line each; empty
/// when it passed.
pub(crate) fn judge_turn(
    n: usize,
    expect: &TurnExpect,
    made: &[MadeCall],
    reply: &str,
) -> Vec<String> {
    let mut failures = Vec::new();
    if let Some(calls) = &expect.calls {
        judge_calls(n, calls, made, &mut failures);
    }
    for check in &expect.reply {
        let (passed, wanted) = match check {
            ReplyCheck::Contains(text) => (
                reply.contains(text.as_str()),
                format!("contains {}", quoted(text)),
            ),
            ReplyCheck::Matches(pattern) => (
                pattern.is_found_in(reply),
                format!("matches /{}/", pattern.source()),
            ),
        };
        if !passed {
            failures.push(format!(
                "turn {n}: reply: expected it {wanted}, got {}",
                quoted(reply)
            ));
        }
    }
    failures
}

fn judge_calls(n: usize, expected: &[ExpectedCall], made: &[MadeCall], failures: &mut Vec<String>) {
    let names = |ids: &mut dyn Iterator<Item = &str>| {
        let list: Vec<&str> = ids.collect();
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        }
    };
    if expected.len() != made.len() {
        failures.push(format!(
            "turn {n}: expected {} ({}), got {} ({})",
            calls_count(expected.len()),
            names(&mut expected.iter().map(|c| c.action.as_str())),
            calls_count(made.len()),
            names(&mut made.iter().map(|c| c.action.as_str())),
        ));
    }
    for (i, (want, got)) in expected.iter().zip(made).enumerate() {
        if want.action != got.action {
            failures.push(format!(
                "turn {n}: call {}: expected {}, got {} with {}",
                i + 1,
                want.action,
                got.action,
                crate::core::constraint::shown(&got.arguments.to_string())
            ));
            continue;
        }
        for (name, predicate) in &want.args {
            let (passed, actual) = value_holds(predicate, got.arguments.get(name));
            if !passed {
                failures.push(format!(
                    "turn {n}: call {} ({}): argument `{name}`: expected {predicate}, got {actual}",
                    i + 1,
                    want.action
                ));
            }
        }
    }
}

fn calls_count(n: usize) -> String {
    format!("{n} call{}", if n == 1 { "" } else { "s" })
}

/// `text` as a JSON string, cut to a readable length.
fn quoted(text: &str) -> String {
    let (cut, _) = crate::core::shape::cut_chars(text, 200);
    Value::String(cut).to_string()
}

struct Parse<'a> {
    path: &'a str,
    doc: &'a Document,
    diags: Vec<Diagnostic>,
}

impl Parse<'_> {
    fn error(&mut self, at: Location, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(self.path, at, message));
    }

    fn conversation(&mut self, id: &str) -> Option<Conversation> {
        let root = self.doc.root();
        unknown_keys(self.path, root, &KEYS, "", &mut self.diags);
        let name = self.text(root, "name", "");
        if name.is_none() && root.get_node("name").is_none() {
            self.error(Location::START, "a conversation needs `name:` text");
        }
        let instructions = self.instructions(root);
        let actions = self.actions(root);
        let context = self.context(root);
        let mock = self.mock(root);
        let max_tool_calls = self.max_tool_calls(root);
        let turns = self.turns(root);
        Some(Conversation {
            id: id.to_string(),
            name: name?,
            instructions,
            actions,
            context,
            mock,
            mock_at: root
                .get_node("mock")
                .map_or(Location::START, |n| node_start(n.span())),
            max_tool_calls,
            turns: turns?,
        })
    }

    /// `key`'s text in `map`, or an error when it is there but not text.
    fn text(&mut self, map: &MarkedMappingNode, key: &str, place: &str) -> Option<String> {
        let node = map.get_node(key)?;
        match node.as_scalar().filter(|s| scalar_to_json(s).is_string()) {
            Some(s) => Some(s.as_str().to_string()),
            None => {
                self.error(
                    node_start(node.span()),
                    format!("`{key}`{place} must be text"),
                );
                None
            }
        }
    }

    fn instructions(&mut self, root: &MarkedMappingNode) -> Option<Instructions> {
        let text = self.text(root, "instructions", "");
        let file = self.text(root, "instructions_file", "");
        match (text, file) {
            (Some(_), Some(_)) => {
                let at = root
                    .get_node("instructions_file")
                    .map_or(Location::START, |n| node_start(n.span()));
                self.error(at, "give `instructions` or `instructions_file`, not both");
                None
            }
            (Some(text), None) => Some(Instructions::Text(text)),
            (None, Some(file)) => {
                let at = root
                    .get_node("instructions_file")
                    .map_or(Location::START, |n| node_start(n.span()));
                Some(Instructions::File(file, at))
            }
            (None, None) => None,
        }
    }

    fn actions(&mut self, root: &MarkedMappingNode) -> Option<Vec<(String, Location)>> {
        let node = root.get_node("actions")?;
        let Some(list) = node.as_sequence() else {
            self.error(
                node_start(node.span()),
                "`actions` must be a list of action or flow ids",
            );
            return None;
        };
        let mut ids: Vec<(String, Location)> = Vec::new();
        for item in list.iter() {
            match item.as_scalar().filter(|s| scalar_to_json(s).is_string()) {
                Some(s) if ids.iter().any(|(id, _)| id == s.as_str()) => self.error(
                    node_start(item.span()),
                    format!("`actions` lists `{}` twice", s.as_str()),
                ),
                Some(s) => ids.push((s.as_str().to_string(), node_start(item.span()))),
                None => self.error(
                    node_start(item.span()),
                    "`actions` must list action or flow ids",
                ),
            }
        }
        Some(ids)
    }

    fn context(&mut self, root: &MarkedMappingNode) -> Option<String> {
        let node = root.get_node("context")?;
        if node.as_mapping().is_none() {
            self.error(
                node_start(node.span()),
                "`context` must be a mapping, as a --context file is",
            );
            return None;
        }
        let text = node_json(node).to_string();
        if let Err(e) = crate::core::context::Context::parse(text.as_bytes()) {
            self.error(node_start(node.span()), format!("`context`: {}", e.message));
            return None;
        }
        Some(text)
    }

    fn mock(&mut self, root: &MarkedMappingNode) -> Option<String> {
        let node = root.get_node("mock")?;
        let scalar = node.as_scalar();
        match scalar.map(scalar_to_json) {
            Some(Value::Bool(true)) => Some(String::new()),
            Some(Value::Bool(false)) => None,
            Some(Value::String(name)) if !name.is_empty() => Some(name),
            _ => {
                self.error(
                    node_start(node.span()),
                    "`mock` takes true, false or the name of a mock answer",
                );
                None
            }
        }
    }

    fn max_tool_calls(&mut self, root: &MarkedMappingNode) -> usize {
        let Some(node) = root.get_node("max_tool_calls") else {
            return DEFAULT_MAX_TOOL_CALLS;
        };
        match node
            .as_scalar()
            .map(scalar_to_json)
            .and_then(|v| v.as_u64())
        {
            Some(n) if (1..=MAX_MAX_TOOL_CALLS as u64).contains(&n) => n as usize,
            _ => {
                self.error(
                    node_start(node.span()),
                    format!("`max_tool_calls` takes a whole number from 1 to {MAX_MAX_TOOL_CALLS}"),
                );
                DEFAULT_MAX_TOOL_CALLS
            }
        }
    }

    fn turns(&mut self, root: &MarkedMappingNode) -> Option<Vec<Turn>> {
        let node = root.get_node("turns");
        let list = node.and_then(Node::as_sequence).filter(|l| !l.is_empty());
        let Some(list) = list else {
            let at = node.map_or(Location::START, |n| node_start(n.span()));
            self.error(
                at,
                "a conversation needs `turns:`, a list of at least one turn with `user:`",
            );
            return None;
        };
        if list.len() > MAX_TURNS {
            self.error(
                node_start(list.span()),
                format!(
                    "{} turns; a conversation has at most {MAX_TURNS}",
                    list.len()
                ),
            );
            return None;
        }
        let mut turns = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let place = format!(" of turn {}", i + 1);
            let Some(map) = item.as_mapping() else {
                self.error(
                    node_start(item.span()),
                    format!("turn {} must be a mapping with `user:`", i + 1),
                );
                continue;
            };
            unknown_keys(self.path, map, &TURN_KEYS, &place, &mut self.diags);
            let user = self.text(map, "user", &place);
            if user.as_deref().is_some_and(|u| u.trim().is_empty()) {
                let at = map
                    .get_node("user")
                    .map_or(node_start(item.span()), |n| node_start(n.span()));
                self.error(
                    at,
                    format!("`user` of turn {} is empty: say something", i + 1),
                );
            }
            if map.get_node("user").is_none() {
                self.error(
                    node_start(item.span()),
                    format!("turn {} needs `user:`, what the user says", i + 1),
                );
            }
            let expect = match map.get_node("expect") {
                None => Some(TurnExpect::default()),
                Some(node) => self.expect(node, i + 1),
            };
            if let (Some(user), Some(expect)) = (user, expect) {
                turns.push(Turn { user, expect });
            }
        }
        Some(turns)
    }

    fn expect(&mut self, node: &Node, n: usize) -> Option<TurnExpect> {
        let Some(map) = node.as_mapping() else {
            self.error(
                node_start(node.span()),
                format!("`expect` of turn {n} must be a mapping"),
            );
            return None;
        };
        let place = format!(" in `expect` of turn {n}");
        unknown_keys(self.path, map, &EXPECT_KEYS, &place, &mut self.diags);
        let mut expect = TurnExpect::default();
        let no_calls = map.get_node("no_calls");
        match no_calls.and_then(Node::as_scalar).map(scalar_to_json) {
            None if no_calls.is_none() => {}
            Some(Value::Bool(true)) => expect.calls = Some(Vec::new()),
            Some(Value::Bool(false)) => {}
            _ => self.error(
                node_start(no_calls?.span()),
                format!("`no_calls`{place} takes true or false"),
            ),
        }
        if let Some(calls) = map.get_node("calls") {
            if expect.calls.is_some() {
                self.error(
                    node_start(calls.span()),
                    format!("`calls`{place} contradicts `no_calls: true`"),
                );
                return None;
            }
            expect.calls = Some(self.calls(calls, n)?);
        }
        if let Some(reply) = map.get_node("reply") {
            expect.reply = self.reply(reply, n)?;
        }
        Some(expect)
    }

    fn calls(&mut self, node: &Node, n: usize) -> Option<Vec<ExpectedCall>> {
        let Some(list) = node.as_sequence() else {
            self.error(
                node_start(node.span()),
                format!("`calls` of turn {n} must be a list of `{{action, args}}`"),
            );
            return None;
        };
        let mut calls = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let place = format!(" of turn {n}, call {}", i + 1);
            let Some(map) = item.as_mapping() else {
                self.error(
                    node_start(item.span()),
                    format!(
                        "call {} of turn {n} must be a mapping with `action:`",
                        i + 1
                    ),
                );
                continue;
            };
            unknown_keys(self.path, map, &CALL_KEYS, &place, &mut self.diags);
            let Some(action) = self.text(map, "action", &place) else {
                if map.get_node("action").is_none() {
                    self.error(
                        node_start(item.span()),
                        format!("call {} of turn {n} needs `action:`", i + 1),
                    );
                }
                continue;
            };
            let at = map
                .get_node("action")
                .map_or(Location::START, |n| node_start(n.span()));
            let mut args = Vec::new();
            if let Some(node) = map.get_node("args") {
                let Some(arg_map) = node.as_mapping() else {
                    self.error(
                        node_start(node.span()),
                        format!("`args`{place} must map argument names to values or predicates"),
                    );
                    continue;
                };
                for (key, value) in arg_map.iter() {
                    let label = format!("turn {n}, call {}, argument `{}`", i + 1, key.as_str());
                    let (predicate, found) = parse_predicate(self.path, self.doc, &label, value);
                    self.diags.extend(found);
                    args.extend(predicate.map(|p| (key.as_str().to_string(), p)));
                }
            }
            calls.push(ExpectedCall { action, at, args });
        }
        Some(calls)
    }

    fn reply(&mut self, node: &Node, n: usize) -> Option<Vec<ReplyCheck>> {
        let place = format!(" in `reply` of turn {n}");
        let Some(map) = node.as_mapping() else {
            self.error(
                node_start(node.span()),
                format!("`reply` of turn {n} must be a mapping with `contains` or `matches`"),
            );
            return None;
        };
        unknown_keys(self.path, map, &REPLY_KEYS, &place, &mut self.diags);
        if map.is_empty() {
            self.error(
                node_start(node.span()),
                format!("`reply` of turn {n} checks nothing: give `contains` or `matches`"),
            );
        }
        let mut checks = Vec::new();
        if let Some(text) = self.text(map, "contains", &place) {
            checks.push(ReplyCheck::Contains(text));
        }
        if let Some(node) = map.get_node("matches") {
            match node.as_scalar().filter(|s| scalar_to_json(s).is_string()) {
                Some(scalar) => {
                    let label = format!("turn {n}, reply");
                    let (pattern, found) =
                        parse_search_pattern(self.path, self.doc, &label, scalar);
                    self.diags.extend(found);
                    checks.extend(pattern.map(ReplyCheck::Matches));
                }
                None => self.error(
                    node_start(node.span()),
                    format!("`matches`{place} must be a regex"),
                ),
            }
        }
        Some(checks)
    }
}

fn node_json(node: &Node) -> Value {
    match node {
        Node::Scalar(s) => scalar_to_json(s),
        Node::Sequence(list) => list.iter().map(node_json).collect(),
        Node::Mapping(map) => map
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), node_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHIPPED: &str = r#"
name: Order status after verification
instructions: |
  Verify the caller first.
actions: [verify-customer, lookup-order]
context: {contact: {first_name: John}}
mock: true
max_tool_calls: 4
turns:
  - user: "What's the status of my order?"
    expect: {no_calls: true}
  - user: "My customer number is 12345 and my PIN is 5678"
    expect:
      calls:
        - action: verify-customer
          args: {customer_id: "12345", phone_pin: {matches: "^5678$"}}
  - user: "It's order ORD-789"
    expect:
      calls: [{action: lookup-order, args: {order_number: ORD-789}}]
      reply: {contains: shipped}
"#;

    fn parsed(text: &str) -> (Option<Conversation>, Vec<String>) {
        let (c, diags) = parse_conversation("c", "c.yaml", text.as_bytes());
        (c, diags.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn the_contract_example_parses() {
        let (c, diags) = parsed(SHIPPED);
        assert!(diags.is_empty(), "{diags:?}");
        let c = c.unwrap();
        assert_eq!(c.mock.as_deref(), Some(""));
        assert_eq!(c.max_tool_calls, 4);
        assert_eq!(c.turns.len(), 3);
        assert_eq!(c.turns[0].expect.calls.as_ref().unwrap().len(), 0);
        assert_eq!(c.turns[1].expect.calls.as_ref().unwrap()[0].args.len(), 2);
        assert_eq!(
            c.context.as_deref(),
            Some(r#"{"contact":{"first_name":"John"}}"#)
        );
    }

    #[test]
    fn problems_are_located() {
        let (c, diags) = parsed(
            "name: x\nturns:\n  - user: hi\n    expect:\n      calls:\n        - action: a\n          args: {n: {bigger: 1}}\n      reply: {matches: \"(\"}\n",
        );
        assert!(c.is_some(), "what parsed is kept, for its action ids");
        assert!(
            diags[0].starts_with(
                "c.yaml:7:22: error: turn 1, call 1, argument `n`: unknown predicate `bigger`"
            ),
            "{diags:?}"
        );
        assert!(
            diags[1].starts_with("c.yaml:8:")
                && diags[1].contains("turn 1, reply: `matches` is not a usable regex"),
            "{diags:?}"
        );
        let (_, diags) = parsed("name: x\nturns: []\n");
        assert_eq!(
            diags,
            [
                "c.yaml:2:8: error: a conversation needs `turns:`, a list of at least one turn with `user:`"
            ]
        );
        let (_, diags) = parsed("name: x\nturns:\n  - expect: {no_calls: true, calls: []}\n");
        assert!(
            diags.iter().any(|d| d.contains("turn 1 needs `user:`")),
            "{diags:?}"
        );
        assert!(
            diags
                .iter()
                .any(|d| d.contains("contradicts `no_calls: true`")),
            "{diags:?}"
        );
        let (_, diags) = parsed("name: x\nmax_tool_calls: 0\nturns: [{user: hi}]\n");
        assert_eq!(
            diags,
            ["c.yaml:2:17: error: `max_tool_calls` takes a whole number from 1 to 100"]
        );
    }

    #[test]
    fn unknown_actions_are_named_with_a_hint() {
        let (c, _) = parsed(SHIPPED);
        let known: HashSet<String> =
            ["verify-customer".to_string(), "lookup-orders".to_string()].into();
        let diags: Vec<String> = check_conversation("c.yaml", &c.unwrap(), &known)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(
            diags[0].starts_with(
                "c.yaml:5:28: error: unknown action `lookup-order` (did you mean `lookup-orders`?)"
            ),
            "{diags:?}"
        );
    }

    #[test]
    fn a_turn_names_the_call_and_the_argument_that_differed() {
        let (c, _) = parsed(SHIPPED);
        let c = c.unwrap();
        let call = |action: &str, args| MadeCall {
            action: action.into(),
            arguments: args,
        };
        let verify = &c.turns[1].expect;
        assert!(
            judge_turn(
                2,
                verify,
                &[call(
                    "verify-customer",
                    json!({"customer_id": "12345", "phone_pin": "5678"})
                )],
                ""
            )
            .is_empty()
        );
        assert_eq!(
            judge_turn(
                2,
                verify,
                &[call(
                    "verify-customer",
                    json!({"customer_id": "12345", "phone_pin": "0000"})
                )],
                ""
            ),
            [
                "turn 2: call 1 (verify-customer): argument `phone_pin`: expected matches /^5678$/, got \"0000\""
            ]
        );
        assert_eq!(
            judge_turn(
                2,
                verify,
                &[call("lookup-order", json!({"order_number": "A"}))],
                ""
            ),
            [
                "turn 2: call 1: expected verify-customer, got lookup-order with `{\"order_number\":\"A\"}`"
            ]
        );
        assert_eq!(
            judge_turn(
                1,
                &c.turns[0].expect,
                &[call("lookup-order", json!({}))],
                ""
            ),
            ["turn 1: expected 0 calls (none), got 1 call (lookup-order)"]
        );
        assert_eq!(
            judge_turn(
                3,
                &c.turns[2].expect,
                &[call("lookup-order", json!({"order_number": "ORD-789"}))],
                "It is pending."
            ),
            ["turn 3: reply: expected it contains \"shipped\", got \"It is pending.\""]
        );
        assert_eq!(
            judge_turn(
                2,
                verify,
                &[call("verify-customer", json!({"phone_pin": "5678"}))],
                ""
            ),
            [
                "turn 2: call 1 (verify-customer): argument `customer_id`: expected equals \"12345\", got not given"
            ]
        );
    }
}
