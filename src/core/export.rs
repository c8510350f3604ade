//! The action as an LLM sees it: a tool definition for OpenAI, Anthropic
//! or MCP, or the bare JSON Schema of its parameters. Only the action's
//! own variables become parameters; context variables and secrets never
//! do.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::core::convert::{TypedValue, VarType};
use crate::core::flow::Flow;
use crate::core::model::{Action, Method, Variable};

/// Target formats of `schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ToolFormat {
    /// OpenAI function tool.
    Openai,
    /// Anthropic tool.
    Anthropic,
    /// MCP tool definition.
    Mcp,
    /// The parameters' JSON Schema alone.
    JsonSchema,
}

impl ToolFormat {
    /// Every format, in the order `--help` lists them.
    pub(crate) const ALL: [Self; 4] = [Self::Openai, Self::Anthropic, Self::Mcp, Self::JsonSchema];

    /// The name `--format` takes.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Openai => "openai",
            Self::Anthropic => "anthropic",
            Self::Mcp => "mcp",
            Self::JsonSchema => "json-schema",
        }
    }

    /// What the format's output looks like, for `--help`.
    pub(crate) fn summary(self) -> &'static str {
        match self {
            Self::Openai => {
                "OpenAI function tool (`{\"type\": \"function\", \"function\": {...}}`)"
            }
            Self::Anthropic => "Anthropic tool (`{\"name\", \"description\", \"input_schema\"}`)",
            Self::Mcp => {
                "MCP tool definition (`name`, `title`, `description`, `inputSchema`, `annotations`)"
            }
            Self::JsonSchema => "The parameters' JSON Schema alone",
        }
    }

    /// The format called `name`, if any.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The pattern phone parameters carry: optional `+`, then 7 or more of
/// digits, spaces, dashes, dots and parentheses.
pub(crate) const PHONE_PATTERN: &str = r"^\+?[0-9 ().-]{7,}$";

/// A tool name valid for OpenAI and Anthropic (`^[a-zA-Z0-9_-]{1,64}$`).
pub(crate) fn tool_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if name.is_empty() {
        "action".to_string()
    } else {
        name
    }
}

/// Pairs `(earlier, later)` of indexes into `ids` whose tool names are
/// the same (`order.lookup` and `order_lookup` both export as
/// `order_lookup`); an agent could not tell such tools apart.
pub(crate) fn tool_name_clashes(ids: &[&str]) -> Vec<(usize, usize)> {
    let mut first_by_name: std::collections::HashMap<String, usize> = Default::default();
    let mut clashes = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match first_by_name.entry(tool_name(id)) {
            std::collections::hash_map::Entry::Occupied(first) => clashes.push((*first.get(), i)),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    clashes
}

/// What a tool definition is made of: an action's or a flow's id, name,
/// description, variables and MCP behaviour hints.
struct ToolSource<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    variables: &'a [Variable],
    annotations: Value,
}

/// The action as a tool definition in `format`; `strict` applies OpenAI
/// strict mode (every property required, optional ones nullable, no
/// `default`/`examples`).
pub(crate) fn tool(action: &Action, format: ToolFormat, strict: bool) -> Value {
    tool_from(
        &ToolSource {
            id: &action.id,
            name: &action.name,
            description: &action.description,
            variables: &action.variables,
            annotations: annotations(&action.name, &[action.method]),
        },
        format,
        strict,
    )
}

/// The flow as one tool: its inputs are the parameters, as an action's
/// variables are; its MCP hints sum up the methods of its steps'
/// actions (`actions`, by id).
pub(crate) fn flow_tool(
    flow: &Flow,
    actions: &HashMap<String, Action>,
    format: ToolFormat,
    strict: bool,
) -> Value {
    let methods: Vec<Method> = flow
        .steps
        .iter()
        .filter_map(|s| actions.get(&s.action))
        .map(|a| a.method)
        .collect();
    tool_from(
        &ToolSource {
            id: &flow.id,
            name: &flow.name,
            description: &flow.description,
            variables: &flow.variables,
            annotations: annotations(&flow.name, &methods),
        },
        format,
        strict,
    )
}

fn tool_from(source: &ToolSource, format: ToolFormat, strict: bool) -> Value {
    let parameters = parameters_schema(source.variables, strict && format == ToolFormat::Openai);
    match format {
        ToolFormat::Openai => {
            let mut function = json!({
                "name": tool_name(source.id),
                "description": source.description,
                "parameters": parameters,
            });
            if strict {
                function["strict"] = Value::Bool(true);
            }
            json!({"type": "function", "function": function})
        }
        ToolFormat::Anthropic => json!({
            "name": tool_name(source.id),
            "description": source.description,
            "input_schema": parameters,
        }),
        ToolFormat::Mcp => json!({
            "name": tool_name(source.id),
            "title": source.name,
            "description": source.description,
            "inputSchema": parameters,
            "annotations": source.annotations,
        }),
        ToolFormat::JsonSchema => {
            let mut schema = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": source.name,
                "description": source.description,
            });
            if let (Value::Object(target), Value::Object(params)) = (&mut schema, parameters) {
                target.extend(params);
            }
            schema
        }
    }
}

/// MCP behaviour hints from the methods a tool sends: read-only when
/// every one is GET, destructive when any is DELETE, idempotent when
/// none is POST or PATCH.
fn annotations(title: &str, methods: &[Method]) -> Value {
    let read_only = methods.iter().all(|m| *m == Method::Get);
    let destructive = methods.contains(&Method::Delete);
    let idempotent = methods
        .iter()
        .all(|m| matches!(m, Method::Get | Method::Put | Method::Delete));
    json!({
        "title": title,
        "readOnlyHint": read_only,
        "destructiveHint": destructive,
        "idempotentHint": idempotent,
        "openWorldHint": true,
    })
}

/// `{"type": "object", "properties": {...}, "required": [...], "additionalProperties": false}`.
pub(crate) fn parameters_schema(variables: &[Variable], strict: bool) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for variable in variables {
        properties.insert(variable.name.clone(), property(variable, strict));
        if variable.required || strict {
            required.push(Value::String(variable.name.clone()));
        }
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// One parameter: its type (for an array, `items` with the item type),
/// description, constraints, and outside strict mode its example and
/// default. Strict mode makes an optional parameter nullable, and so adds
/// `null` to its `enum`.
fn property(variable: &Variable, strict: bool) -> Value {
    let mut schema = Map::new();
    let items = value_schema(variable.ty, &variable.constraints, strict);
    let base = if variable.array {
        json!("array")
    } else {
        items["type"].clone()
    };
    let nullable = strict && !variable.required;
    schema.insert(
        "type".into(),
        if nullable {
            json!([base, "null"])
        } else {
            base
        },
    );
    if let Some(description) = &variable.description {
        schema.insert("description".into(), json!(description));
    }
    if variable.array {
        schema.insert("items".into(), Value::Object(items));
    } else {
        schema.extend(items.into_iter().filter(|(key, _)| key != "type"));
        if let (true, Some(Value::Array(allowed))) = (nullable, schema.get_mut("enum")) {
            allowed.push(Value::Null);
        }
    }
    if !strict {
        if let Some(example) = &variable.example {
            schema.insert("examples".into(), json!([example.to_json()]));
        }
        if let Some(default) = &variable.default {
            schema.insert("default".into(), typed_json(default));
        }
    }
    Value::Object(schema)
}

/// The schema of one value of `ty` meeting `constraints` (a scalar
/// parameter's, or an array's `items`). `pattern` is anchored so that it
/// means the whole string, as actionctl checks it; a phone's own pattern
/// gives way to the variable's. Strict mode leaves out `minLength` and
/// `maxLength`, which OpenAI strict mode does not support.
fn value_schema(
    ty: VarType,
    constraints: &crate::core::constraint::Constraints,
    strict: bool,
) -> Map<String, Value> {
    let mut schema = Map::new();
    let base = match ty {
        VarType::Integer => "integer",
        VarType::Float => "number",
        VarType::Boolean => "boolean",
        VarType::String | VarType::Date | VarType::Email | VarType::Phone => "string",
    };
    schema.insert("type".into(), json!(base));
    match ty {
        VarType::Date => {
            schema.insert("format".into(), json!("date"));
        }
        VarType::Email => {
            schema.insert("format".into(), json!("email"));
        }
        _ => {}
    }
    if let Some(allowed) = &constraints.allowed {
        let values: Vec<Value> = allowed.iter().map(TypedValue::to_json).collect();
        schema.insert("enum".into(), Value::Array(values));
    }
    if let Some(minimum) = &constraints.minimum {
        schema.insert("minimum".into(), Value::Number(minimum.clone()));
    }
    if let Some(maximum) = &constraints.maximum {
        schema.insert("maximum".into(), Value::Number(maximum.clone()));
    }
    let pattern = match (&constraints.pattern, ty) {
        (Some(pattern), _) => Some(pattern.anchored()),
        (None, VarType::Phone) => Some(PHONE_PATTERN.to_string()),
        (None, _) => None,
    };
    if let Some(pattern) = pattern {
        schema.insert("pattern".into(), json!(pattern));
    }
    if !strict {
        if let Some(min) = constraints.min_length {
            schema.insert("minLength".into(), json!(min));
        }
        if let Some(max) = constraints.max_length {
            schema.insert("maxLength".into(), json!(max));
        }
    }
    schema
}

fn typed_json(value: &TypedValue) -> Value {
    value.to_json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::validate::Validator;

    fn action(vars: &str, method: &str) -> Action {
        let text = format!(
            "name: Demo Action\ndescription: Demonstrates parameter export\nmethod: {method}\nurl: https://x.test/{{{{a}}}}\n{vars}"
        );
        let report = Validator::new().check("demo.action", "d.yaml", text.as_bytes());
        let diagnostics = format!("{:?}", report.diagnostics);
        report
            .into_action()
            .unwrap_or_else(|| panic!("{diagnostics}"))
    }

    const VARS: &str = "variables:\n  - {name: a, type: integer, required: true, description: How many, example: 3}\n  - {name: d, type: date}\n  - {name: e, type: email, default: a@b.co}\n  - {name: p, type: phone}\n  - {name: f, type: float, description: \"\"}\n  - {name: b, type: boolean}\nbody:\n  d: \"{{d}}\"\n  e: \"{{e}}\"\n  p: \"{{p}}\"\n  f: \"{{f}}\"\n  b: \"{{b}}\"\n";

    #[test]
    fn names_are_made_valid() {
        assert_eq!(tool_name("demo.action"), "demo_action");
        assert_eq!(tool_name(&"x".repeat(80)).len(), 64);
        assert_eq!(tool_name("lookup-order"), "lookup-order");
    }

    #[test]
    fn clashing_tool_names_are_found() {
        let long_a = format!("{}a", "x".repeat(64));
        let long_b = format!("{}b", "x".repeat(64));
        let ids = [
            "order.lookup",
            "order-lookup",
            "order_lookup",
            "other",
            long_a.as_str(),
            long_b.as_str(),
        ];
        assert_eq!(tool_name_clashes(&ids), vec![(0, 2), (4, 5)]);
        assert!(tool_name_clashes(&["a", "b"]).is_empty());
    }

    #[test]
    fn types_map_to_json_schema() {
        let p = parameters_schema(&action(VARS, "POST").variables, false);
        assert_eq!(
            p["properties"]["a"],
            json!({"type": "integer", "description": "How many", "examples": [3]})
        );
        assert_eq!(
            p["properties"]["d"],
            json!({"type": "string", "format": "date"})
        );
        assert_eq!(
            p["properties"]["e"],
            json!({"type": "string", "format": "email", "default": "a@b.co"})
        );
        assert_eq!(
            p["properties"]["p"],
            json!({"type": "string", "pattern": PHONE_PATTERN})
        );
        assert_eq!(
            p["properties"]["f"],
            json!({"type": "number"}),
            "an empty description is left out, like a missing one"
        );
        assert_eq!(p["properties"]["b"], json!({"type": "boolean"}));
        assert_eq!(p["required"], json!(["a"]));
        assert_eq!(p["additionalProperties"], json!(false));
    }

    #[test]
    fn strict_mode_requires_everything_and_makes_optionals_nullable() {
        let t = tool(&action(VARS, "POST"), ToolFormat::Openai, true);
        let p = &t["function"]["parameters"];
        assert_eq!(t["function"]["strict"], json!(true));
        assert_eq!(p["required"], json!(["a", "d", "e", "p", "f", "b"]));
        assert_eq!(p["properties"]["a"]["type"], json!("integer"));
        assert_eq!(p["properties"]["e"]["type"], json!(["string", "null"]));
        assert!(p["properties"]["e"].get("default").is_none());
    }

    const CONSTRAINED: &str = "variables:\n  - {name: a, type: integer, required: true, description: How many, minimum: 1, maximum: 9, enum: [1, 3, 9], example: 3}\n  - {name: code, type: phone, pattern: \"[+][0-9]{11}\", min_length: 12, max_length: 12}\n  - {name: p, type: string, enum: [low, high], description: Priority}\n  - name: labels\n    type: array\n    items: {type: string, enum: [bug, p1], max_length: 10}\n    example: [bug]\nbody:\n  code: \"{{code}}\"\n  p: \"{{p}}\"\n  labels: \"{{labels}}\"\n";

    #[test]
    fn constraints_and_items_are_exported() {
        let p = parameters_schema(&action(CONSTRAINED, "POST").variables, false);
        assert_eq!(
            p["properties"]["a"],
            json!({"type": "integer", "description": "How many", "enum": [1, 3, 9], "minimum": 1, "maximum": 9, "examples": [3]})
        );
        assert_eq!(
            p["properties"]["code"],
            json!({"type": "string", "pattern": "^(?:[+][0-9]{11})$", "minLength": 12, "maxLength": 12}),
            "the variable's own pattern, anchored, instead of the phone pattern"
        );
        assert_eq!(
            p["properties"]["labels"],
            json!({"type": "array", "items": {"type": "string", "enum": ["bug", "p1"], "maxLength": 10}, "examples": [["bug"]]})
        );
        jsonschema::meta::validate(&p).unwrap();
        let checker = jsonschema::validator_for(&p).unwrap();
        assert!(checker.is_valid(&json!({"a": 3, "code": "+12345678901", "labels": ["p1"]})));
        assert!(
            !checker.is_valid(&json!({"a": 3, "code": "x+12345678901"})),
            "the pattern is anchored"
        );
        assert!(!checker.is_valid(&json!({"a": 3, "labels": ["wontfix"]})));
    }

    #[test]
    fn strict_mode_keeps_what_openai_supports_and_lets_enums_be_null() {
        let t = tool(&action(CONSTRAINED, "POST"), ToolFormat::Openai, true);
        let p = &t["function"]["parameters"]["properties"];
        assert_eq!(
            p["a"],
            json!({"type": "integer", "description": "How many", "enum": [1, 3, 9], "minimum": 1, "maximum": 9})
        );
        assert_eq!(
            p["p"],
            json!({"type": ["string", "null"], "description": "Priority", "enum": ["low", "high", null]})
        );
        assert_eq!(
            p["code"],
            json!({"type": ["string", "null"], "pattern": "^(?:[+][0-9]{11})$"}),
            "no minLength/maxLength in strict mode"
        );
        assert_eq!(
            p["labels"],
            json!({"type": ["array", "null"], "items": {"type": "string", "enum": ["bug", "p1"]}})
        );
    }

    #[test]
    fn mcp_annotations_follow_the_method() {
        let get = tool(&action(VARS, "GET"), ToolFormat::Mcp, false);
        assert_eq!(get["annotations"]["readOnlyHint"], json!(true));
        let delete = tool(&action(VARS, "DELETE"), ToolFormat::Mcp, false);
        assert_eq!(delete["annotations"]["destructiveHint"], json!(true));
        let put = tool(&action(VARS, "PUT"), ToolFormat::Mcp, false);
        assert_eq!(put["annotations"]["idempotentHint"], json!(true));
        assert_eq!(put["annotations"]["readOnlyHint"], json!(false));
        assert_eq!(get["title"], json!("Demo Action"));
        assert!(get["inputSchema"].is_object());
    }
}
