//! The structural half of validation: the action file checked against the
//! JSON Schema in `schema/action.schema.json` (also usable by editors),
//! with the schema's findings turned into located, readable diagnostics.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::core::diagnostic::{Diagnostic, Location};
use crate::core::suggest::did_you_mean;
use crate::core::yaml::{Document, PointerMap};

/// The action-file JSON Schema, as shipped in the repository.
pub(crate) const ACTION_SCHEMA: &str = include_str!("../../schema/action.schema.json");

/// A compiled action-file schema; build it once and share it across files.
pub(crate) struct SchemaChecker {
    schema: Value,
    validator: Validator,
    /// The action schema's `variables` rule alone, for flow files, which
    /// declare their inputs the same way.
    variables: Validator,
}

impl SchemaChecker {
    /// Compiles the shipped schema.
    pub(crate) fn new() -> Self {
        let schema: Value = serde_json::from_str(ACTION_SCHEMA)
            .unwrap_or_else(|e| unreachable!("shipped schema is JSON: {e}"));
        let validator = jsonschema::draft202012::new(&schema)
            .unwrap_or_else(|e| unreachable!("shipped schema compiles: {e}"));
        // Same `/properties/variables/...` paths as the action schema, so
        // `describe` finds its known keys and bounds there.
        let variables_only = serde_json::json!({
            "type": "object",
            "properties": {"variables": schema["properties"]["variables"].clone()},
        });
        let variables = jsonschema::draft202012::new(&variables_only)
            .unwrap_or_else(|e| unreachable!("shipped schema compiles: {e}"));
        Self {
            schema,
            validator,
            variables,
        }
    }

    /// Every structural problem of `doc`, located.
    pub(crate) fn check(&self, path: &str, doc: &Document) -> Vec<Diagnostic> {
        self.check_with(&self.validator, path, doc)
    }

    /// Every structural problem of a flow's `variables:`, located (the
    /// rest of a flow file is checked by [`crate::core::flow`]).
    pub(crate) fn check_flow_variables(&self, path: &str, doc: &Document) -> Vec<Diagnostic> {
        self.check_with(&self.variables, path, doc)
    }

    fn check_with(&self, validator: &Validator, path: &str, doc: &Document) -> Vec<Diagnostic> {
        if validator.is_valid(&doc.to_json_value()) {
            return Vec::new();
        }
        let (instance, sites) = doc.to_json();
        let mut out = Vec::new();
        for error in validator.iter_errors(&instance) {
            self.describe(path, &error, &sites, &mut out);
        }
        out.sort_by_key(|d| d.location);
        out.dedup();
        out
    }

    fn describe(
        &self,
        path: &str,
        error: &ValidationError<'_>,
        sites: &PointerMap,
        out: &mut Vec<Diagnostic>,
    ) {
        let pointer = error.instance_path().as_str();
        let field = field_name(pointer);
        let site = sites.get(pointer);
        let value_at = match site {
            None => Location::START,
            Some(_) if pointer.is_empty() => Location::START,
            Some(s)
                if error.instance().is_null()
                    || matches!(error.kind(), ValidationErrorKind::Required { .. })
                    || pointer.starts_with("/form/") && error.instance().is_object() =>
            {
                s.key.unwrap_or(s.value)
            }
            Some(s) => s.value,
        };
        let message = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = self.known_keys(error.schema_path().as_str());
                for key in unexpected {
                    let child = format!("{pointer}/{}", crate::core::yaml::escape_pointer(key));
                    let at = sites.get(&child).and_then(|s| s.key).unwrap_or(value_at);
                    let hint = did_you_mean(key, known.iter().map(String::as_str));
                    let place = if pointer.is_empty() {
                        String::new()
                    } else {
                        format!(" in `{field}`")
                    };
                    out.push(Diagnostic::error(
                        path,
                        at,
                        format!("unknown key `{key}`{place}{hint}"),
                    ));
                }
                return;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let place = if pointer.is_empty() {
                    String::new()
                } else {
                    format!(" in `{field}`")
                };
                format!("missing required key `{name}`{place}")
            }
            ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MaxLength { limit } => {
                let len = error.instance().as_str().map_or(0, |s| s.chars().count());
                let (min, max) = self.length_bounds(error.schema_path().as_str());
                let _ = limit;
                match max {
                    _ if len == 0 => format!("`{field}` must not be empty"),
                    Some(max) => {
                        format!("`{field}` must be {min}-{max} characters long, found {len}")
                    }
                    None => {
                        format!("`{field}` must be at least {min} characters long, found {len}")
                    }
                }
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let found = scalar_text(error.instance());
                let hint = did_you_mean(&found, options.iter().copied());
                format!(
                    "`{field}` must be one of {}, found `{found}`{hint}",
                    options.join(", ")
                )
            }
            ValidationErrorKind::Type { .. }
                if pointer == "/timeout" && error.instance().is_number() =>
            {
                format!(
                    "`timeout` needs a unit: write {}s (or 2m, 500ms)",
                    error.instance()
                )
            }
            ValidationErrorKind::Type { .. }
                if pointer.starts_with("/form/") && error.instance().is_object() =>
            {
                flat_form_message(&field, error.instance())
            }
            ValidationErrorKind::Type { .. }
                if error.instance().as_str().is_some_and(names_non_finite)
                    && self.wants_a_number(error.schema_path().as_str()) =>
            {
                format!(
                    "`{field}` must be a finite number, found `{}`",
                    scalar_text(error.instance())
                )
            }
            ValidationErrorKind::Type { .. } => {
                let expected = self.expected_types(error.schema_path().as_str());
                format!(
                    "`{field}` must be {expected}, found {}",
                    describe_value(error.instance())
                )
            }
            ValidationErrorKind::Pattern { .. } if pointer.ends_with("/name") => format!(
                "variable name `{}` must be letters, digits and `_`, not starting with a digit",
                scalar_text(error.instance())
            ),
            ValidationErrorKind::AnyOf { context }
                if pointer == "/expect/status" && error.instance().is_array() =>
            {
                self.describe_status_list(path, pointer, context, sites, value_at, out);
                return;
            }
            ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::Pattern { .. }
                if pointer == "/expect/status" =>
            {
                format!(
                    "`{field}` must be a status code (100-599), a class such as \"2xx\", or a list of them; found {}",
                    describe_value(error.instance())
                )
            }
            ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::Pattern { .. }
                if pointer.starts_with("/expect/status/") =>
            {
                format!(
                    "`{field}` must be a status code (100-599) or a class such as \"2xx\"; found {}",
                    describe_value(error.instance())
                )
            }
            ValidationErrorKind::Minimum { .. } | ValidationErrorKind::Maximum { .. }
                if pointer.ends_with("/status") =>
            {
                let (min, max) = self.number_bounds(error.schema_path().as_str());
                format!(
                    "`{field}` must be a status code from {min} to {max}, found {}",
                    describe_value(error.instance())
                )
            }
            ValidationErrorKind::Minimum { limit } => format!(
                "`{field}` must be at least {limit}, found {}",
                describe_value(error.instance())
            ),
            ValidationErrorKind::MinItems { limit } => {
                format!("`{field}` is an empty list; give at least {limit} value")
            }
            ValidationErrorKind::MaxItems { limit } => format!(
                "`{field}` lists {} values; at most {limit} are allowed",
                error.instance().as_array().map_or(0, Vec::len)
            ),
            _ => format!("`{field}`: {error}"),
        };
        out.push(Diagnostic::error(path, value_at, message));
    }

    /// A status list that matches no form: each bad item at its own
    /// place (found in the list branch of the `anyOf`), rather than one
    /// error about the whole list.
    fn describe_status_list(
        &self,
        path: &str,
        pointer: &str,
        branches: &[Vec<ValidationError<'static>>],
        sites: &PointerMap,
        list_at: Location,
        out: &mut Vec<Diagnostic>,
    ) {
        let item_prefix = format!("{pointer}/");
        let mut items = branches
            .iter()
            .flatten()
            .filter(|e| e.instance_path().as_str().starts_with(&item_prefix))
            .peekable();
        if items.peek().is_none() {
            out.push(Diagnostic::error(
                path,
                list_at,
                "`expect.status` is an empty list; give at least one status",
            ));
        }
        for item in items {
            self.describe(path, item, sites, out);
        }
    }

    fn schema_parent(&self, schema_path: &str) -> Option<&Value> {
        let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
        self.schema.pointer(parent)
    }

    fn known_keys(&self, schema_path: &str) -> Vec<String> {
        self.schema_parent(schema_path)
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .map(|props| props.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// `minLength` (0 when absent) and `maxLength` (when there is one).
    fn length_bounds(&self, schema_path: &str) -> (u64, Option<u64>) {
        let parent = self.schema_parent(schema_path);
        let get = |k: &str| parent.and_then(|p| p.get(k)).and_then(Value::as_u64);
        (get("minLength").unwrap_or(0), get("maxLength"))
    }

    fn number_bounds(&self, schema_path: &str) -> (String, String) {
        let parent = self.schema_parent(schema_path);
        let get = |k: &str| {
            parent
                .and_then(|p| p.get(k))
                .map_or_else(|| "?".to_string(), Value::to_string)
        };
        (get("minimum"), get("maximum"))
    }

    /// True when the rule at `schema_path` takes a number (or integer).
    fn wants_a_number(&self, schema_path: &str) -> bool {
        let types = self.schema_parent(schema_path).and_then(|p| p.get("type"));
        let is_number = |t: &Value| matches!(t.as_str(), Some("number" | "integer"));
        match types {
            Some(Value::Array(ts)) => ts.iter().any(is_number),
            Some(t) => is_number(t),
            None => false,
        }
    }

    fn expected_types(&self, schema_path: &str) -> String {
        let types = self.schema_parent(schema_path).and_then(|p| p.get("type"));
        let names: Vec<String> = match types {
            Some(Value::String(t)) => vec![article(t)],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(article).collect(),
            _ => vec!["another kind of value".to_string()],
        };
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        }
    }
}

impl Default for SchemaChecker {
    fn default() -> Self {
        Self::new()
    }
}

/// A mapping given as a form value: a form is flat, and APIs that take
/// nested keys (Stripe's `metadata[order_id]`) read them from the name.
fn flat_form_message(field: &str, mapping: &Value) -> String {
    let name = field.strip_prefix("form.").unwrap_or(field);
    let key = mapping
        .as_object()
        .and_then(|m| m.keys().next())
        .map_or("key", String::as_str);
    format!(
        "`{field}` is a mapping, but a form is flat: write each nested key as a field of its own, e.g. `{name}[{key}]: VALUE`"
    )
}

/// True for text that YAML or Rust reads as an infinite or NaN number
/// (`.inf`, `-.Inf`, `.nan`, `1e400`): the YAML loader keeps such a
/// scalar as a string, since JSON has no number for it.
fn names_non_finite(text: &str) -> bool {
    let yaml_special = matches!(
        text.trim_start_matches(['+', '-']),
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    );
    yaml_special || text.parse::<f64>().is_ok_and(|f| !f.is_finite())
}

fn article(json_type: &str) -> String {
    match json_type {
        "object" => "a mapping".to_string(),
        "array" => "a list".to_string(),
        "string" => "a string".to_string(),
        "integer" => "an integer".to_string(),
        "number" => "a number".to_string(),
        "boolean" => "a boolean".to_string(),
        other => other.to_string(),
    }
}

/// `/variables/0/name` → `variables[0].name`.
pub(crate) fn field_name(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token.bytes().all(|b| b.is_ascii_digit()) && !token.is_empty() {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    if out.is_empty() {
        "(file)".to_string()
    } else {
        out
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null)".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {:?}", s),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a mapping".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<String> {
        let doc = Document::parse(text.as_bytes()).unwrap();
        SchemaChecker::new()
            .check("a.yaml", &doc)
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    const OK: &str =
        "name: N\ndescription: Ten chars at least\nmethod: GET\nurl: https://x.test/\n";

    #[test]
    fn a_minimal_action_passes() {
        assert_eq!(check(OK), Vec::<String>::new());
    }

    #[test]
    fn missing_keys_are_reported_each() {
        let out = check("name: N\n");
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out[0].contains("missing required key"));
    }

    #[test]
    fn unknown_keys_get_a_suggestion_at_the_key() {
        let out = check(&format!("{OK}timeuot: 5s\n"));
        assert_eq!(
            out,
            vec!["a.yaml:5:1: error: unknown key `timeuot` (did you mean `timeout`?)"]
        );
    }

    #[test]
    fn nested_unknown_keys_are_located() {
        let out = check(&format!("{OK}auth:\n  type: bearer\n  secrte: x\n"));
        assert_eq!(
            out,
            vec!["a.yaml:7:3: error: unknown key `secrte` in `auth` (did you mean `secret`?)"]
        );
    }

    #[test]
    fn lengths_types_and_enums_read_well() {
        let out = check(&format!(
            "{OK}variables:\n  - name: q\n    type: strng\n    required: maybe\n"
        ));
        assert_eq!(
            out,
            vec![
                "a.yaml:7:11: error: `variables[0].type` must be one of string, integer, float, boolean, date, email, phone, array, found `strng` (did you mean `string`?)",
                "a.yaml:8:15: error: `variables[0].required` must be a boolean, found string \"maybe\"",
            ]
        );
        let out = check("name: N\ndescription: short\nmethod: GET\nurl: x\n");
        assert_eq!(
            out,
            vec!["a.yaml:2:14: error: `description` must be 10-200 characters long, found 5"]
        );
    }

    #[test]
    fn non_finite_numbers_are_said_to_be_so() {
        let out = check(&format!(
            "{OK}variables:\n  - {{name: q, type: float, minimum: 1e400, maximum: .inf}}\n  - {{name: r, type: integer, maximum: -.Inf, minimum: nope}}\n"
        ));
        assert_eq!(
            out,
            vec![
                "a.yaml:6:37: error: `variables[0].minimum` must be a finite number, found `1e400`",
                "a.yaml:6:53: error: `variables[0].maximum` must be a finite number, found `.inf`",
                "a.yaml:7:39: error: `variables[1].maximum` must be a finite number, found `-.Inf`",
                "a.yaml:7:55: error: `variables[1].minimum` must be a number, found string \"nope\"",
            ]
        );
    }

    #[test]
    fn expect_status_shapes() {
        assert!(check(&format!("{OK}expect:\n  status: [200, 2xx]\n")).is_empty());
        let out = check(&format!("{OK}expect:\n  status: 700\n"));
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].contains("status code"), "{out:?}");
    }

    #[test]
    fn mock_status_must_be_a_final_status() {
        for status in ["101", "199", "600"] {
            let out = check(&format!("{OK}mock:\n  status: {status}\n"));
            assert_eq!(
                out,
                vec![format!(
                    "a.yaml:6:11: error: `mock.status` must be a status code from 200 to 599, found number {status}"
                )]
            );
        }
        assert!(check(&format!("{OK}mock:\n  status: 200\n")).is_empty());
    }

    #[test]
    fn bad_status_list_items_are_reported_each_at_its_place() {
        let out = check(&format!(
            "{OK}expect:\n  status:\n    - 200\n    - abc\n    - [201]\n"
        ));
        assert_eq!(
            out,
            vec![
                "a.yaml:8:7: error: `expect.status[1]` must be a status code (100-599) or a class such as \"2xx\"; found string \"abc\"",
                "a.yaml:9:7: error: `expect.status[2]` must be a status code (100-599) or a class such as \"2xx\"; found a list",
            ]
        );
        let out = check(&format!("{OK}expect:\n  status: []\n"));
        assert_eq!(
            out,
            vec!["a.yaml:6:11: error: `expect.status` is an empty list; give at least one status"]
        );
        let out = check(&format!("{OK}expect:\n  status: abc\n"));
        assert!(
            out[0].ends_with("or a list of them; found string \"abc\""),
            "{out:?}"
        );
    }

    #[test]
    fn empty_strings_are_called_empty() {
        let out = check(&format!(
            "{OK}auth:\n  type: basic\n  username: \"\"\n  secret: s\n"
        ));
        assert_eq!(
            out,
            vec!["a.yaml:7:13: error: `auth.username` must not be empty"]
        );
        let out = check(
            "name: \"\"\ndescription: Ten chars at least\nmethod: GET\nurl: https://x.test/\n",
        );
        assert_eq!(out, vec!["a.yaml:1:7: error: `name` must not be empty"]);
    }

    #[test]
    fn a_mapping_in_a_form_says_how_to_write_nested_keys() {
        let out = check(&format!(
            "{OK}form:\n  amount: 5\n  metadata:\n    order_id: x\n  To: [a, {{b: 1}}]\n"
        ));
        assert_eq!(
            out,
            vec![
                "a.yaml:7:3: error: `form.metadata` is a mapping, but a form is flat: write each nested key as a field of its own, e.g. `metadata[order_id]: VALUE`",
                "a.yaml:9:11: error: `form.To[1]` is a mapping, but a form is flat: write each nested key as a field of its own, e.g. `To[1][b]: VALUE`",
            ]
        );
        let out = check(&format!("{OK}form:\n  a: ~\n  b: [[1]]\n"));
        assert_eq!(
            out,
            vec![
                "a.yaml:6:3: error: `form.a` must be a string, a number, a boolean or a list, found nothing (null)",
                "a.yaml:7:7: error: `form.b[0]` must be a string, a number or a boolean, found a list",
            ]
        );
    }

    #[test]
    fn field_names_read_like_paths() {
        assert_eq!(field_name("/variables/0/name"), "variables[0].name");
        assert_eq!(field_name("/headers/a~1b"), "headers.a/b");
        assert_eq!(field_name(""), "(file)");
    }
}
