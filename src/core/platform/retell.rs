//! Retell custom function: an entry of a Retell LLM's `general_tools`
//! (`POST /create-retell-llm`, `PATCH /update-retell-llm/{id}`).

use serde_json::{Map, Value, json};

use super::{
    Limit, Shape, dotted_path, extract_limits, literal_text, parameters_schema, pointer_token,
    seconds_within, template_text, variable_pointer,
};
use crate::core::model::{Action, Auth, Method};

pub(super) fn limits(action: &Action, shape: &Shape) -> Vec<Limit> {
    let mut limits = shape.unflat.clone();
    let has_body = matches!(action.method, Method::Post | Method::Put | Method::Patch);
    if !has_body && !action.variables.is_empty() {
        limits.push(Limit::at(
            "/method",
            format!(
                "Retell sends the LLM's arguments as the body of POST, PUT and PATCH only; a {} cannot take variables",
                action.method.as_str()
            ),
        ));
    }
    for (pointer, template) in super::templates(action) {
        let in_request =
            pointer == "/url" || pointer.starts_with("/headers/") || pointer.starts_with("/query/");
        for (name, _) in template.placeholders() {
            if in_request && action.variables.iter().any(|v| v.name == name) {
                limits.push(Limit::at(
                    pointer.clone(),
                    format!("Retell fills the URL, headers and query from call variables, not from the LLM's arguments: send `{name}` in the body"),
                ));
            }
        }
    }
    for (key, name) in &shape.arguments {
        if key != name {
            limits.push(Limit::at(
                format!("/body/{}", pointer_token(key)),
                format!("Retell sends each argument under its own name: write `{name}: \"{{{{{name}}}}}\"`"),
            ));
        }
    }
    for (key, _) in &shape.constants {
        limits.push(Limit::at(
            format!("/body/{}", pointer_token(key)),
            format!("Retell sends only the LLM's arguments as the body: the constant member `{key}` cannot be sent"),
        ));
    }
    for variable in &action.variables {
        let in_body = shape.arguments.iter().any(|(_, n)| n == &variable.name);
        if has_body && !in_body && action.body.is_some() && shape.unflat.is_empty() {
            limits.push(Limit::at(
                variable_pointer(action, &variable.name),
                format!(
                    "Retell sends every argument in the body: `{}` is not a body member",
                    variable.name
                ),
            ));
        }
    }
    match &action.auth {
        Auth::Basic { .. } | Auth::BasicKey { .. } => limits.push(Limit::at(
            "/auth",
            "Retell headers cannot build a basic-auth value (base64): send the key as a header or bearer token",
        )),
        Auth::Body { .. } => limits.push(Limit::at(
            "/auth",
            "Retell sends only the LLM's arguments as the body: a credential in the body cannot be expressed",
        )),
        _ => {}
    }
    limits.extend(extract_limits(action));
    limits
}

pub(super) fn tool(action: &Action, _shape: &Shape) -> Value {
    let mut headers: Map<String, Value> = action
        .headers
        .iter()
        .map(|f| (f.name.clone(), json!(literal_text(&f.value))))
        .collect();
    let mut query: Map<String, Value> = action
        .query
        .iter()
        .map(|f| (f.name.clone(), json!(literal_text(&f.value))))
        .collect();
    match &action.auth {
        Auth::Bearer { secret } => {
            headers.insert(
                "Authorization".into(),
                json!(format!("Bearer {}", dynamic(secret))),
            );
        }
        Auth::Header {
            header,
            prefix,
            secret,
        } => {
            headers.insert(
                header.clone(),
                json!(format!("{prefix}{}", dynamic(secret))),
            );
        }
        Auth::Query { param, secret } => {
            query.insert(param.clone(), json!(dynamic(secret)));
        }
        _ => {}
    }
    let mut tool = json!({
        "type": "custom",
        "name": action.id,
        "description": action.description,
        "url": template_text(&action.url.value, "{{", "}}"),
        "method": action.method.as_str(),
        "args_at_root": true,
        "speak_during_execution": true,
        "speak_after_execution": true,
        "timeout_ms": seconds_within(action, 1, 600) * 1000,
    });
    if !action.variables.is_empty() {
        let mut parameters = parameters_schema(&action.variables, false);
        if let Value::Object(map) = &mut parameters {
            map.remove("additionalProperties");
        }
        tool["parameters"] = parameters;
    }
    if !headers.is_empty() {
        tool["headers"] = Value::Object(headers);
    }
    if !query.is_empty() {
        tool["query_params"] = Value::Object(query);
    }
    if !action.extract.is_empty() {
        let variables: Map<String, Value> = action
            .extract
            .iter()
            .filter_map(|e| Some((e.name.clone(), json!(dotted_path(e.path.as_str())?))))
            .collect();
        tool["response_variables"] = Value::Object(variables);
    }
    tool
}

/// The Retell dynamic variable a secret is passed as: the user sets it
/// in the LLM's `default_dynamic_variables` or per call.
pub(super) fn dynamic(secret: &str) -> String {
    let name: String = secret
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{{{{secret_{name}}}}}")
}
