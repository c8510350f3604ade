//! Vapi `apiRequest` tool: the body of `POST https://api.vapi.ai/tool`
//! (CreateApiRequestToolDTO in Vapi's API reference).

use serde_json::{Map, Value, json};

use super::{
    Limit, Shape, extract_limits, liquid_path, parameter_properties, pointer_token, seconds_within,
    secret_placeholder, template_text,
};
use crate::core::model::{Action, Auth};

/// The formats Vapi's JSON Schema takes (JsonSchemaFormat).
const FORMATS: [&str; 9] = [
    "date-time",
    "time",
    "date",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uuid",
];

pub(super) fn limits(action: &Action, shape: &Shape) -> Vec<Limit> {
    let mut limits = shape.unflat.clone();
    for (key, name) in &shape.arguments {
        if key != name {
            limits.push(Limit::at(
                format!("/body/{}", pointer_token(key)),
                format!("Vapi sends each argument under its own name: write `{name}: \"{{{{{name}}}}}\"` (or rename the variable `{name}` to `{key}`)"),
            ));
        }
    }
    for variable in &action.variables {
        if super::has_non_string_enum(variable) {
            limits.push(Limit::at(
                super::enum_pointer(action, variable),
                format!(
                    "variable `{}`: Vapi's JSON Schema takes only string `enum` values",
                    variable.name
                ),
            ));
        }
    }
    for (key, value) in &shape.constants {
        if value.is_null() {
            limits.push(Limit::at(
                format!("/body/{}", pointer_token(key)),
                format!("Vapi's static parameters take no `null`: `{key}` cannot be sent"),
            ));
        }
    }
    for field in &action.headers {
        if !field.value.is_literal() {
            limits.push(Limit::at(
                format!("/headers/{}", pointer_token(&field.name)),
                "Vapi's headers are fixed values: a header cannot take a variable",
            ));
        }
    }
    if matches!(action.auth, Auth::Query { .. } | Auth::Body { .. }) {
        limits.push(Limit::at(
            "/auth",
            "Vapi credentials send a header: a credential in the query or the body cannot be expressed",
        ));
    }
    limits.extend(extract_limits(action));
    for extraction in &action.extract {
        let name = &extraction.name;
        let fits = name.len() <= 40 && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if !fits {
            limits.push(Limit::at(
                format!("/extract/{}", pointer_token(name)),
                format!("Vapi variable names start with a letter and have at most 40 characters: rename `{name}`"),
            ));
        }
    }
    limits
}

pub(super) fn tool(action: &Action, shape: &Shape) -> Value {
    let mut tool = json!({
        "type": "apiRequest",
        "name": action.id,
        "description": action.description,
        "method": action.method.as_str(),
        "url": url(action),
        "timeoutSeconds": seconds_within(action, 1, 300),
    });
    if !action.variables.is_empty() {
        let required: Vec<&str> = action
            .variables
            .iter()
            .filter(|v| v.required)
            .map(|v| v.name.as_str())
            .collect();
        let properties: Map<String, Value> = parameter_properties(&action.variables)
            .into_iter()
            .map(|(name, schema)| (name, vapi_schema(schema)))
            .collect();
        tool["body"] = json!({"type": "object", "properties": properties, "required": required});
    }
    if !action.headers.is_empty() {
        let properties: Map<String, Value> = action
            .headers
            .iter()
            .map(|f| {
                let value = template_text(&f.value, "{{", "}}");
                (f.name.clone(), json!({"type": "string", "enum": [value]}))
            })
            .collect();
        tool["headers"] = json!({"type": "object", "properties": properties});
    }
    if !shape.constants.is_empty() {
        let parameters: Vec<Value> = shape
            .constants
            .iter()
            .map(|(key, value)| json!({"key": key, "value": value}))
            .collect();
        tool["parameters"] = Value::Array(parameters);
    }
    if let Some(secret) = action.auth.secret() {
        tool["credentialId"] = json!(secret_placeholder(secret));
    }
    if !action.extract.is_empty() {
        let aliases: Vec<Value> = action
            .extract
            .iter()
            .filter_map(|e| {
                let path = liquid_path(e.path.as_str())?;
                Some(json!({"key": e.name, "value": format!("{{{{{path}}}}}")}))
            })
            .collect();
        tool["variableExtractionPlan"] = json!({"aliases": aliases});
    }
    tool
}

/// The URL with `query:` appended, placeholders as Liquid `{{name}}`.
fn url(action: &Action) -> String {
    let mut url = template_text(&action.url.value, "{{", "}}");
    for field in &action.query {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&super::encoded(&field.name));
        url.push('=');
        for segment in field.value.segments() {
            match segment {
                crate::core::template::Segment::Literal(text) => {
                    url.push_str(&super::encoded(text))
                }
                crate::core::template::Segment::Placeholder { name, .. } => {
                    url.push_str(&format!("{{{{{name}}}}}"));
                }
            }
        }
    }
    url
}

/// A parameter schema with only what Vapi's JsonSchema has: `type`,
/// `items`, `description`, `pattern`, `format` (its list), `enum`
/// (strings). Bounds, lengths, defaults and examples are left out.
fn vapi_schema(schema: Value) -> Value {
    let Value::Object(map) = schema else {
        return schema;
    };
    let kept: Map<String, Value> = map
        .into_iter()
        .filter_map(|(key, value)| match key.as_str() {
            "type" | "description" | "pattern" => Some((key, value)),
            "items" => Some((key, vapi_schema(value))),
            "format" if value.as_str().is_some_and(|f| FORMATS.contains(&f)) => Some((key, value)),
            "enum"
                if value
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string)) =>
            {
                Some((key, value))
            }
            _ => None,
        })
        .collect();
    Value::Object(kept)
}
