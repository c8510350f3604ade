//! Agent platforms' create-tool shapes (Vapi `apiRequest` tool, Retell
//! custom function, ElevenLabs webhook tool) made from an action, and
//! the limits of each: what the platform cannot express is a [`Limit`]
//! at the file's node, which `validate --platform` reports and `export`
//! refuses on. One analysis of the action ([`Shape`]) feeds all three.

mod elevenlabs;
mod retell;
mod vapi;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::core::diagnostic::{Diagnostic, Location};
use crate::core::export::parameters_schema;
use crate::core::model::{Action, Body, BodyNode, Variable};
use crate::core::template::{Segment, Template};

/// The platforms `export --platform` and `validate --platform` know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platform {
    /// Vapi `apiRequest` tool (`POST /tool`).
    Vapi,
    /// Retell custom function (a `general_tools` entry of a Retell LLM).
    Retell,
    /// ElevenLabs webhook tool (`POST /v1/convai/tools`).
    Elevenlabs,
}

impl Platform {
    /// Every platform, in the order `--help` lists them.
    pub(crate) const ALL: [Self; 3] = [Self::Vapi, Self::Retell, Self::Elevenlabs];

    /// The name `--platform` takes.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Vapi => "vapi",
            Self::Retell => "retell",
            Self::Elevenlabs => "elevenlabs",
        }
    }

    /// What the export is, for `--help`.
    pub(crate) fn summary(self) -> &'static str {
        match self {
            Self::Vapi => "Vapi apiRequest tool (the body of POST /tool)",
            Self::Retell => "Retell custom function (an entry of a Retell LLM's general_tools)",
            Self::Elevenlabs => "ElevenLabs webhook tool (the body of POST /v1/convai/tools)",
        }
    }

    /// The platform called `name`, if any.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The platform's name in messages.
    fn title(self) -> &'static str {
        match self {
            Self::Vapi => "Vapi",
            Self::Retell => "Retell",
            Self::Elevenlabs => "ElevenLabs",
        }
    }
}

/// Something the platform cannot express, at a JSON pointer into the
/// action file (`/timeout`, `/variables/2`, `` for the file itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Limit {
    /// Where, as a JSON pointer into the file.
    pub pointer: String,
    /// What the platform cannot do, and what to do instead.
    pub message: String,
}

impl Limit {
    fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// The action as `platform`'s create-tool request, or every limit that
/// stands in the way.
pub(crate) fn export(action: &Action, platform: Platform) -> Result<Value, Vec<Limit>> {
    let limits = limits(action, platform);
    if !limits.is_empty() {
        return Err(limits);
    }
    let shape = Shape::of(action);
    Ok(match platform {
        Platform::Vapi => vapi::tool(action, &shape),
        Platform::Retell => retell::tool(action, &shape),
        Platform::Elevenlabs => elevenlabs::tool(action, &shape),
    })
}

/// What `platform` cannot express of the action.
pub(crate) fn limits(action: &Action, platform: Platform) -> Vec<Limit> {
    let mut limits = common_limits(action, platform);
    // The platforms' own limits concern the LLM's arguments. A
    // placeholder that names no variable (`{{env.KEY}}` without `--env`)
    // has its one limit above; as text here, it is not also taken for
    // an argument ("a header cannot take a variable").
    let arguments_only = with_placeholders_as_text(action);
    let shape = Shape::of(&arguments_only);
    limits.extend(match platform {
        Platform::Vapi => vapi::limits(&arguments_only, &shape),
        Platform::Retell => retell::limits(&arguments_only, &shape),
        Platform::Elevenlabs => elevenlabs::limits(&arguments_only, &shape),
    });
    limits
}

/// The action with each placeholder that names no variable written as
/// its own text (`{{env.hdr}}`), so that only variables are placeholders.
fn with_placeholders_as_text(action: &Action) -> Action {
    let text = |t: &Template| {
        t.with_literals(|name, _| {
            (!action.variables.iter().any(|v| v.name == name)).then(|| format!("{{{{{name}}}}}"))
        })
    };
    replace_templates(action, &text, &text)
}

/// The limits as diagnostics of the file `path`, located through
/// `pointers` (the file's JSON pointer map), each saying the platform.
pub(crate) fn diagnostics(
    limits: &[Limit],
    platform: Platform,
    path: &str,
    pointers: &crate::core::yaml::PointerMap,
) -> Vec<Diagnostic> {
    limits
        .iter()
        .map(|limit| {
            let at = pointers
                .get(&limit.pointer)
                .filter(|_| !limit.pointer.is_empty())
                .map_or(Location::START, |site| site.key.unwrap_or(site.value));
            Diagnostic::error(
                path,
                at,
                format!("{} (--platform {})", limit.message, platform.name()),
            )
        })
        .collect()
}

/// The action with the selected environment's `{{env.KEY}}` values
/// written in as literal text, as actionctl would send them where they
/// stand: in the URL's path as one encoded segment, in its query
/// encoded, in the host as it is (when it is host text); elsewhere as
/// the text itself (headers, `query:` values and bodies are encoded
/// when sent). A value that could not stand where it is (`..` as a
/// segment, a space in a host) and a key the environment lacks stay
/// placeholders, which the platform's limits then report.
pub(crate) fn with_environment(action: &Action, values: &BTreeMap<String, String>) -> Action {
    let value = |name: &str| {
        name.strip_prefix(crate::core::environment::PREFIX)
            .and_then(|key| values.get(key))
    };
    let plain = |t: &Template| t.with_literals(|name, _| value(name).cloned());
    let url = |t: &Template| {
        t.with_literals(|name, before| {
            let v = value(name)?;
            let after_scheme = before.split_once("://").map_or(before, |(_, rest)| rest);
            if before.contains('?') {
                Some(crate::core::template::encode_query_component(v))
            } else if after_scheme.contains('/') {
                let fits = !v.is_empty() && v != "." && v != "..";
                fits.then(|| crate::core::template::encode_path_segment(v))
            } else {
                let host = !v.is_empty()
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
                host.then(|| v.clone())
            }
        })
    };
    replace_templates(action, &url, &plain)
}

/// The action with `url` applied to its URL and `plain` to every other
/// template that is sent (headers, query, basic-auth username, body).
fn replace_templates(
    action: &Action,
    url: &impl Fn(&Template) -> Template,
    plain: &impl Fn(&Template) -> Template,
) -> Action {
    let mut action = action.clone();
    action.url.value = url(&action.url.value);
    for field in action.headers.iter_mut().chain(action.query.iter_mut()) {
        field.value = plain(&field.value);
    }
    if let crate::core::model::Auth::Basic { username, .. } = &mut action.auth {
        *username = plain(username);
    }
    action.body = match action.body.take() {
        Some(Body::Structured(node)) => Some(Body::Structured(node_with(&node, plain))),
        Some(Body::Form(mut fields)) => {
            for field in &mut fields {
                field.values = field.values.iter().map(plain).collect();
            }
            Some(Body::Form(fields))
        }
        other => other,
    };
    action
}

fn node_with(node: &BodyNode, plain: &impl Fn(&Template) -> Template) -> BodyNode {
    match node {
        BodyNode::Literal(value) => BodyNode::Literal(value.clone()),
        BodyNode::Text(t) => BodyNode::Text(plain(t)),
        BodyNode::Array(items) => {
            BodyNode::Array(items.iter().map(|n| node_with(n, plain)).collect())
        }
        BodyNode::Object(members) => BodyNode::Object(
            members
                .iter()
                .map(|(k, n)| (k.clone(), node_with(n, plain)))
                .collect(),
        ),
    }
}

/// Name length and characters, context and environment placeholders
/// (which no platform fills), and the timeout range.
fn common_limits(action: &Action, platform: Platform) -> Vec<Limit> {
    let mut limits = Vec::new();
    let max = match platform {
        Platform::Vapi => 40,
        Platform::Retell | Platform::Elevenlabs => 64,
    };
    let valid_chars = action
        .id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid_chars || action.id.is_empty() {
        limits.push(Limit::at(
            "",
            format!(
                "the tool name is the id `{}`, and {} takes only letters, digits, `_` and `-`: rename the file",
                action.id,
                platform.title()
            ),
        ));
    } else if action.id.len() > max {
        limits.push(Limit::at(
            "",
            format!(
                "the tool name is the id `{}` ({} characters), and {} takes at most {max}: rename the file",
                action.id,
                action.id.len(),
                platform.title()
            ),
        ));
    }
    for (pointer, template) in templates(action) {
        for (name, _) in template.placeholders() {
            if !action.variables.iter().any(|v| v.name == name) {
                let message = if name.starts_with(crate::core::environment::PREFIX) {
                    format!(
                        "`{{{{{name}}}}}` is an environment value: `actionctl export --env NAME` writes the selected environment's value in (it must fit where it stands)"
                    )
                } else {
                    format!(
                        "`{{{{{name}}}}}` is a context value, which this export does not map to the platform's own variables: use an action variable or a literal"
                    )
                };
                limits.push(Limit::at(pointer.clone(), message));
            }
        }
    }
    if let crate::core::model::Auth::Basic { username, .. } = &action.auth
        && !username.is_literal()
    {
        limits.push(Limit::at(
            "/auth/username",
            "a basic-auth username taken from a variable cannot be expressed: the platform's credential holds the whole value",
        ));
    }
    let (low, high, unit) = platform.timeout_range();
    let wanted = action.timeout.as_secs_f64();
    if wanted < low || wanted > high {
        limits.push(Limit::at(
            "/timeout",
            format!(
                "the timeout {} is outside {}'s range of {low}{unit} to {high}{unit}",
                shown_duration(action.timeout),
                platform.title()
            ),
        ));
    }
    limits
}

impl Platform {
    /// The tool timeout range in seconds, and how it is written.
    fn timeout_range(self) -> (f64, f64, &'static str) {
        match self {
            Self::Vapi => (1.0, 300.0, "s"),
            Self::Retell => (1.0, 600.0, "s"),
            Self::Elevenlabs => (5.0, 120.0, "s"),
        }
    }
}

/// `30s` or `2500ms`, as a `timeout:` would say it.
fn shown_duration(duration: std::time::Duration) -> String {
    let millis = duration.as_millis();
    if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{millis}ms")
    }
}

/// The action's timeout in whole seconds within `low..=high`, rounded up
/// (a platform's shorter deadline would cut calls the action allows).
fn seconds_within(action: &Action, low: u64, high: u64) -> u64 {
    let millis = u64::try_from(action.timeout.as_millis()).unwrap_or(u64::MAX);
    millis.div_ceil(1000).clamp(low, high)
}

/// Every template of the request with the pointer of its node.
fn templates(action: &Action) -> Vec<(String, &Template)> {
    let mut all = vec![("/url".to_string(), &action.url.value)];
    for field in &action.headers {
        all.push((
            format!("/headers/{}", pointer_token(&field.name)),
            &field.value,
        ));
    }
    for field in &action.query {
        all.push((
            format!("/query/{}", pointer_token(&field.name)),
            &field.value,
        ));
    }
    if let crate::core::model::Auth::Basic { username, .. } = &action.auth {
        all.push(("/auth/username".into(), username));
    }
    match &action.body {
        Some(Body::Form(fields)) => {
            for field in fields {
                for value in &field.values {
                    all.push((format!("/form/{}", pointer_token(&field.name)), value));
                }
            }
        }
        Some(Body::JsonText(t)) => all.push(("/body".into(), t)),
        Some(Body::Structured(node)) => body_templates(node, "/body".into(), &mut all),
        None => {}
    }
    all
}

fn body_templates<'a>(node: &'a BodyNode, pointer: String, all: &mut Vec<(String, &'a Template)>) {
    match node {
        BodyNode::Literal(_) => {}
        BodyNode::Text(t) => all.push((pointer, t)),
        BodyNode::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                body_templates(item, format!("{pointer}/{i}"), all);
            }
        }
        BodyNode::Object(members) => {
            for (key, value) in members {
                body_templates(value, format!("{pointer}/{}", pointer_token(key)), all);
            }
        }
    }
}

/// A JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`).
fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What the platforms need to know of the request's body: each
/// top-level member of a mapping body, as an argument or a constant.
#[derive(Debug, Default)]
struct Shape {
    /// `key: "{{var}}"` members, in file order.
    arguments: Vec<(String, String)>,
    /// Members with a literal value.
    constants: Vec<(String, Value)>,
    /// Where the body is more than that (nested templates, a list, JSON
    /// text, a form), with why.
    unflat: Vec<Limit>,
}

impl Shape {
    fn of(action: &Action) -> Self {
        let mut shape = Self::default();
        match &action.body {
            None => {}
            Some(Body::Form(_)) => shape.unflat.push(Limit::at(
                "/form",
                "a form body cannot be expressed: the platform sends its arguments as JSON",
            )),
            Some(Body::JsonText(_)) => shape.unflat.push(Limit::at(
                "/body",
                "a JSON-text body cannot be expressed: write the body as a mapping of arguments and constants",
            )),
            Some(Body::Structured(BodyNode::Object(members))) => {
                for (key, node) in members {
                    shape.member(key, node);
                }
            }
            Some(Body::Structured(_)) => shape.unflat.push(Limit::at(
                "/body",
                "a body that is not a mapping cannot be expressed",
            )),
        }
        shape
    }

    fn member(&mut self, key: &str, node: &BodyNode) {
        let pointer = format!("/body/{}", pointer_token(key));
        match node {
            BodyNode::Text(t) if t.sole_placeholder().is_some() => self.arguments.push((
                key.to_string(),
                t.sole_placeholder().unwrap_or_default().to_string(),
            )),
            BodyNode::Text(t) if t.is_literal() => {
                self.constants.push((key.to_string(), Value::String(literal_text(t))));
            }
            BodyNode::Literal(value) => self.constants.push((key.to_string(), value.clone())),
            _ if !node_uses_placeholders(node) => {
                self.constants.push((key.to_string(), literal_json(node)));
            }
            _ => self.unflat.push(Limit::at(
                pointer,
                "only a whole `{{variable}}` or a literal can stand as a body member here: the platform fills each argument as one member",
            )),
        }
    }
}

fn node_uses_placeholders(node: &BodyNode) -> bool {
    match node {
        BodyNode::Literal(_) => false,
        BodyNode::Text(t) => !t.is_literal(),
        BodyNode::Array(items) => items.iter().any(node_uses_placeholders),
        BodyNode::Object(members) => members.iter().any(|(_, n)| node_uses_placeholders(n)),
    }
}

fn literal_json(node: &BodyNode) -> Value {
    match node {
        BodyNode::Literal(value) => value.clone(),
        BodyNode::Text(t) => Value::String(literal_text(t)),
        BodyNode::Array(items) => Value::Array(items.iter().map(literal_json).collect()),
        BodyNode::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, n)| (k.clone(), literal_json(n)))
                .collect(),
        ),
    }
}

/// The literal text of a template without placeholders.
fn literal_text(template: &Template) -> String {
    template
        .segments()
        .iter()
        .map(|s| match s {
            Segment::Literal(text) => text.as_str(),
            Segment::Placeholder { .. } => "",
        })
        .collect()
}

/// A template's text with each placeholder written `open name close`
/// (`{{name}}` for Vapi's Liquid, `{name}` for ElevenLabs' path).
fn template_text(template: &Template, open: &str, close: &str) -> String {
    template
        .segments()
        .iter()
        .map(|s| match s {
            Segment::Literal(text) => text.clone(),
            Segment::Placeholder { name, .. } => format!("{open}{name}{close}"),
        })
        .collect()
}

/// The parameters of each variable, through the `schema` export's one
/// mapping (not strict), keyed by name.
fn parameter_properties(variables: &[Variable]) -> Map<String, Value> {
    match parameters_schema(variables, false) {
        Value::Object(mut schema) => match schema.remove("properties") {
            Some(Value::Object(properties)) => properties,
            _ => Map::new(),
        },
        _ => Map::new(),
    }
}

/// The JSON pointer of variable `name`'s `name:` in the file.
fn variable_pointer(action: &Action, name: &str) -> String {
    format!("{}/name", variable_base(action, name))
}

/// True when `variable`'s `enum` holds a value that is not a string,
/// which Vapi's and ElevenLabs' parameter schemas cannot take.
fn has_non_string_enum(variable: &Variable) -> bool {
    variable
        .constraints
        .allowed
        .as_ref()
        .is_some_and(|values| values.iter().any(|v| !v.to_json().is_string()))
}

/// The JSON pointer of variable `name`'s `enum:` (under `items` for an
/// array).
fn enum_pointer(action: &Action, variable: &Variable) -> String {
    let base = variable_base(action, &variable.name);
    if variable.array {
        format!("{base}/items/enum")
    } else {
        format!("{base}/enum")
    }
}

fn variable_base(action: &Action, name: &str) -> String {
    let index = action
        .variables
        .iter()
        .position(|v| v.name == name)
        .unwrap_or_default();
    format!("/variables/{index}")
}

/// A simple JSONPath (`$.a.b[0]`, `$['a']`) as dot notation (`a.b.0`);
/// `None` for filters, wildcards, slices and the other selectors the
/// platforms' path fields do not take.
fn dotted_path(path: &str) -> Option<String> {
    path_parts(path).map(|parts| parts.join("."))
}

/// A simple JSONPath as Liquid over Vapi's `$` (the response body):
/// `$.booking.id`, `$.slots[0]`.
fn liquid_path(path: &str) -> Option<String> {
    let parts = path_parts(path)?;
    let mut liquid = String::from("$");
    for part in parts {
        if part.chars().all(|c| c.is_ascii_digit()) {
            liquid.push_str(&format!("[{part}]"));
        } else {
            liquid.push('.');
            liquid.push_str(&part);
        }
    }
    Some(liquid)
}

/// The names and indexes of a simple JSONPath.
fn path_parts(path: &str) -> Option<Vec<String>> {
    let mut rest = path.strip_prefix('$')?;
    let mut parts: Vec<String> = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                return None;
            }
            parts.push(name.to_string());
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            let inner = &after[..end];
            let part = if let Some(quoted) = inner
                .strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
                .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
            {
                quoted.to_string()
            } else if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
                inner.to_string()
            } else {
                return None;
            };
            if part.is_empty() || part.contains(['.', '[', ']']) {
                return None;
            }
            parts.push(part);
            rest = &after[end + 1..];
        } else {
            return None;
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// `extract:` entries whose path is not simple enough for `platform`.
fn extract_limits(action: &Action) -> Vec<Limit> {
    action
        .extract
        .iter()
        .filter(|e| dotted_path(e.path.as_str()).is_none())
        .map(|e| {
            Limit::at(
                format!("/extract/{}", pointer_token(&e.name)),
                format!(
                    "`{}` cannot be expressed: the platform takes a plain path of names and indexes (`$.a.b[0]`), no filters, wildcards or slices",
                    e.path.as_str()
                ),
            )
        })
        .collect()
}

/// Query text encoded as actionctl sends `query:` entries (all but
/// `A-Za-z0-9-._~` as `%XX`).
fn encoded(text: &str) -> String {
    crate::core::template::encode_query_component(text)
}

/// The placeholder a credential stands as in exported text: never a
/// value, the name of the secret the user stores on the platform.
/// What the user needs besides the secret's name to build a basic-auth
/// credential on the platform: the tool holds only a secret reference,
/// and the username (not a secret, written in the action) would be lost.
pub(crate) fn credential_note(action: &Action) -> Option<String> {
    match &action.auth {
        crate::core::model::Auth::Basic { username, secret } => {
            let username = literal_text(username);
            Some(format!(
                "{}: basic auth: build the credential from the username `{username}` and the password in the secret `{secret}` (as a whole header value: `Basic ` + base64 of `{username}:` followed by the password)",
                action.id
            ))
        }
        crate::core::model::Auth::BasicKey { secret } => Some(format!(
            "{}: basic auth: build the credential from the secret `{secret}` as the username and an empty password (as a whole header value: `Basic ` + base64 of the key followed by `:`)",
            action.id
        )),
        _ => None,
    }
}

fn secret_placeholder(secret: &str) -> String {
    format!("<secret:{secret}>")
}

#[cfg(test)]
mod tests;
