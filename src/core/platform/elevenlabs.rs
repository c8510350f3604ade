//! ElevenLabs webhook tool: the body of `POST /v1/convai/tools`
//! (ToolRequestModel with a WebhookToolConfig in ElevenLabs' API
//! reference).

use serde_json::{Map, Value, json};

use super::{
    Limit, Shape, dotted_path, extract_limits, literal_text, parameter_properties, pointer_token,
    seconds_within, secret_placeholder, template_text, variable_pointer,
};
use crate::core::model::{Action, Auth, Method, Variable};
use crate::core::template::Segment;

pub(super) fn limits(action: &Action, shape: &Shape) -> Vec<Limit> {
    let mut limits = shape.unflat.clone();
    if action.method == Method::Put {
        limits.push(Limit::at(
            "/method",
            "ElevenLabs webhook tools send GET, POST, PATCH or DELETE, not PUT",
        ));
    }
    match url_placeholders(action) {
        UrlPlaceholders::Segments => {}
        UrlPlaceholders::InQueryText => limits.push(Limit::at(
            "/url",
            "ElevenLabs fills query parameters only from `query:`: a variable in the URL's own query text cannot be sent; move it to `query:` (`name: \"{{variable}}\"`)",
        )),
        UrlPlaceholders::NotSegment => limits.push(Limit::at(
            "/url",
            "ElevenLabs fills a variable in the URL only as a whole path segment (`/orders/{{id}}`), not in the host or inside a segment",
        )),
    }
    for field in &action.headers {
        if !field.value.is_literal() {
            limits.push(Limit::at(
                format!("/headers/{}", pointer_token(&field.name)),
                "ElevenLabs headers are fixed values, secrets or dynamic variables: a header cannot take the LLM's argument",
            ));
        }
    }
    for field in &action.query {
        let pointer = format!("/query/{}", pointer_token(&field.name));
        match field.value.sole_placeholder() {
            Some(name) if variable(action, name).is_some_and(|v| v.array) => limits.push(Limit::at(
                pointer,
                format!("ElevenLabs query parameters are single values: the array `{name}` cannot be one"),
            )),
            Some(_) => {}
            None if field.value.is_literal() => {}
            None => limits.push(Limit::at(
                pointer,
                "ElevenLabs fills a query parameter with one whole argument: write `{{variable}}` alone",
            )),
        }
    }
    for (key, value) in &shape.constants {
        if value.is_object() || value.is_array() || value.is_null() {
            limits.push(Limit::at(
                format!("/body/{}", pointer_token(key)),
                format!(
                    "ElevenLabs constants are strings, numbers or booleans: `{key}` cannot be sent"
                ),
            ));
        }
    }
    for variable in &action.variables {
        let pointer = variable_pointer(action, &variable.name);
        if variable
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            limits.push(Limit::at(
                pointer.clone(),
                format!("variable `{}`: ElevenLabs needs a description for every parameter the LLM fills", variable.name),
            ));
        }
        if super::has_non_string_enum(variable) {
            limits.push(Limit::at(
                super::enum_pointer(action, variable),
                format!(
                    "variable `{}`: ElevenLabs takes only string `enum` values",
                    variable.name
                ),
            ));
        }
    }
    if matches!(action.auth, Auth::Query { .. } | Auth::Body { .. }) {
        limits.push(Limit::at(
            "/auth",
            "ElevenLabs secrets are sent as header values: a credential in the query or the body cannot be expressed",
        ));
    }
    limits.extend(extract_limits(action));
    limits
}

fn variable<'a>(action: &'a Action, name: &str) -> Option<&'a Variable> {
    action.variables.iter().find(|v| v.name == name)
}

/// Where the URL's placeholders stand, for ElevenLabs, which fills only
/// whole path segments.
enum UrlPlaceholders {
    /// Each stands alone as a path segment after the host (or there are none).
    Segments,
    /// One stands after the `?`, in the URL's own query text.
    InQueryText,
    /// One is in the host or inside a segment.
    NotSegment,
}

fn url_placeholders(action: &Action) -> UrlPlaceholders {
    let in_query = {
        let mut before = String::new();
        action
            .url
            .value
            .segments()
            .iter()
            .any(|segment| match segment {
                Segment::Literal(text) => {
                    before.push_str(text);
                    false
                }
                Segment::Placeholder { .. } => before.contains('?'),
            })
    };
    if in_query {
        UrlPlaceholders::InQueryText
    } else if path_placeholders_are_segments(action) {
        UrlPlaceholders::Segments
    } else {
        UrlPlaceholders::NotSegment
    }
}

/// True when every placeholder of the URL stands alone as a path
/// segment, after the host.
fn path_placeholders_are_segments(action: &Action) -> bool {
    let segments = action.url.value.segments();
    let mut text_before = String::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Literal(text) => text_before.push_str(text),
            Segment::Placeholder { .. } => {
                let after_host = text_before
                    .split_once("://")
                    .is_some_and(|(_, rest)| rest.contains('/'));
                let starts_segment = text_before.ends_with('/');
                let ends_segment = match segments.get(i + 1) {
                    None => true,
                    Some(Segment::Literal(next)) => next.starts_with(['/', '?']),
                    Some(Segment::Placeholder { .. }) => false,
                };
                if !(after_host && starts_segment && ends_segment) || text_before.contains('?') {
                    return false;
                }
                text_before.push('x');
            }
        }
    }
    true
}

pub(super) fn tool(action: &Action, shape: &Shape) -> Value {
    let properties = parameter_properties(&action.variables);
    let literal_property = |name: &str| -> Value {
        let schema = properties.get(name).cloned().unwrap_or(Value::Null);
        eleven_schema(schema)
    };
    let mut api_schema = json!({
        "url": template_text(&action.url.value, "{", "}"),
        "method": action.method.as_str(),
    });
    let path: Map<String, Value> = action
        .url
        .value
        .placeholders()
        .map(|(name, _)| (name.to_string(), literal_property(name)))
        .collect();
    if !path.is_empty() {
        api_schema["path_params_schema"] = Value::Object(path);
    }
    let mut query = Map::new();
    let mut query_required = Vec::new();
    for field in &action.query {
        let property = match field.value.sole_placeholder() {
            Some(name) => {
                if variable(action, name).is_some_and(|v| v.required) {
                    query_required.push(json!(field.name));
                }
                literal_property(name)
            }
            None => json!({"type": "string", "constant_value": literal_text(&field.value)}),
        };
        query.insert(field.name.clone(), property);
    }
    if !query.is_empty() {
        api_schema["query_params_schema"] =
            json!({"properties": query, "required": query_required});
    }
    if action.body.is_some() {
        let mut body = Map::new();
        let mut required = Vec::new();
        for (key, name) in &shape.arguments {
            if variable(action, name).is_some_and(|v| v.required) {
                required.push(json!(key));
            }
            body.insert(key.clone(), literal_property(name));
        }
        for (key, value) in &shape.constants {
            let ty = match value {
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                _ => "string",
            };
            body.insert(key.clone(), json!({"type": ty, "constant_value": value}));
        }
        api_schema["request_body_schema"] =
            json!({"type": "object", "properties": body, "required": required});
        api_schema["content_type"] = json!("application/json");
    }
    let mut headers: Map<String, Value> = action
        .headers
        .iter()
        .map(|f| (f.name.clone(), json!(literal_text(&f.value))))
        .collect();
    if let Some(secret) = action.auth.secret() {
        let header = match &action.auth {
            Auth::Header { header, .. } => header.clone(),
            _ => "Authorization".to_string(),
        };
        headers.insert(header, json!({"secret_id": secret_placeholder(secret)}));
    }
    if !headers.is_empty() {
        api_schema["request_headers"] = Value::Object(headers);
    }
    let mut config = json!({
        "type": "webhook",
        "name": action.id,
        "description": action.description,
        "response_timeout_secs": seconds_within(action, 5, 120),
        "api_schema": api_schema,
    });
    if !action.extract.is_empty() {
        let assignments: Vec<Value> = action
            .extract
            .iter()
            .filter_map(|e| {
                Some(json!({
                    "source": "response",
                    "dynamic_variable": e.name,
                    "value_path": dotted_path(e.path.as_str())?,
                }))
            })
            .collect();
        config["assignments"] = Value::Array(assignments);
    }
    json!({"tool_config": config})
}

/// A parameter schema as ElevenLabs' property types have it: `type`,
/// `description`, string `enum`, and for an array its `items`.
fn eleven_schema(schema: Value) -> Value {
    let Value::Object(map) = schema else {
        return schema;
    };
    let kept: Map<String, Value> = map
        .into_iter()
        .filter_map(|(key, value)| match key.as_str() {
            "type" | "description" => Some((key, value)),
            "items" => Some((key, eleven_schema(value))),
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
