//! A new action being authored (by `actionctl new`), and its YAML text.
//! Every scalar is written as a JSON string, which YAML reads back
//! exactly, so no value can break the file's structure.

use crate::core::constraint::Constraints;
use crate::core::convert::{TypedValue, VarType, convert_list};
use crate::core::model::{AuthKind, CONTEXT_NAMES, Method, Variable};
use crate::core::template::Template;

/// How the new action authenticates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum AuthDraft {
    /// No credential.
    #[default]
    None,
    /// `Authorization: Bearer <secret>`.
    Bearer {
        /// Secret name.
        secret: String,
    },
    /// Basic auth.
    Basic {
        /// Username (may hold templates).
        username: String,
        /// Secret name.
        secret: String,
    },
    /// Basic auth with the secret as the username, no password.
    BasicKey {
        /// Secret name (`username_secret`).
        secret: String,
    },
    Header {
        /// Header name.
        header: String,
        /// Text before the secret, if any.
        prefix: Option<String>,
        /// Secret name.
        secret: String,
    },
    Body {
        /// Body key.
        param: String,
        /// Secret name.
        secret: String,
    },
    /// The credential as a query parameter.
    Query {
        /// Query parameter name.
        param: String,
        /// Secret name.
        secret: String,
    },
}

/// One variable of the new action.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VariableDraft {
    pub name: String,
    /// The type of a value; for an array, of each item.
    pub ty: VarType,
    /// `type: array`: a value is a list of items of `ty`.
    pub array: bool,
    /// What a value (each item, for an array) must meet; written as
    /// given, so validation judges it like any file's.
    pub constraints: Constraints,
    /// What the LLM is told.
    pub description: Option<String>,
    /// A sample value as `--var` text (JSON array text for an array).
    pub example: Option<String>,
    /// Whether it must be given.
    pub required: bool,
    /// Used when not given, as `--var` text.
    pub default: Option<String>,
}

/// Everything `new` collects.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActionDraft {
    /// The id: the file is `<id>.yaml`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// When the LLM should use it.
    pub description: String,
    /// HTTP method.
    pub method: Method,
    /// URL template.
    pub url: String,
    /// Authentication.
    pub auth: AuthDraft,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Variables.
    pub variables: Vec<VariableDraft>,
}

/// Where an imported action sends its values, written as given.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RequestShape {
    /// `query:` key → value template, in order.
    pub query: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<BodyShape>,
}

/// An imported action's body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BodyShape {
    /// `body:`: a JSON object whose strings are templates.
    Json(serde_json::Value),
    /// `form:`: field name → value template, in order.
    Form(Vec<(String, String)>),
}

/// True for a usable action id: letters, digits, `-` and `_`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The action-variable placeholders in a URL template (context names left out).
pub(crate) fn url_variables(url: &str) -> Vec<String> {
    let mut names: Vec<String> = Template::parse(url)
        .map(|t| {
            t.placeholders()
                .map(|(n, _)| n.to_string())
                .filter(|n| !CONTEXT_NAMES.contains(&n.as_str()))
                .collect()
        })
        .unwrap_or_default();
    names.dedup();
    names
}

fn q(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

impl AuthDraft {
    /// Which auth type this is.
    pub(crate) fn kind(&self) -> AuthKind {
        match self {
            Self::None => AuthKind::None,
            Self::Bearer { .. } => AuthKind::Bearer,
            Self::Basic { .. } | Self::BasicKey { .. } => AuthKind::Basic,
            Self::Header { .. } => AuthKind::Header,
            Self::Body { .. } => AuthKind::Body,
            Self::Query { .. } => AuthKind::Query,
        }
    }
}

impl ActionDraft {
    /// Variables that the URL does not use: they go into the body.
    fn body_variables(&self) -> Vec<&VariableDraft> {
        let in_url = url_variables(&self.url);
        self.variables
            .iter()
            .filter(|v| !in_url.contains(&v.name))
            .collect()
    }

    /// The action file's text.
    pub(crate) fn to_yaml(&self) -> String {
        let mut out = self.head_yaml();
        self.push_derived_request(&mut out);
        self.push_variables(&mut out);
        out
    }

    /// The action file's text with its query and body written as `shape`
    /// says (an importer knows where each value goes), not derived from
    /// the variables the URL leaves over.
    pub(crate) fn to_yaml_shaped(&self, shape: &RequestShape) -> String {
        let mut out = self.head_yaml();
        if !shape.query.is_empty() {
            out.push_str("query:\n");
            for (key, value) in &shape.query {
                out.push_str(&format!("  {}: {}\n", q(key), q(value)));
            }
        }
        match &shape.body {
            None => {}
            Some(BodyShape::Json(value)) => {
                out.push_str("body:");
                push_yaml_value(&mut out, 1, value);
            }
            Some(BodyShape::Form(fields)) if fields.is_empty() => out.push_str("form: {}\n"),
            Some(BodyShape::Form(fields)) => {
                out.push_str("form:\n");
                for (key, value) in fields {
                    out.push_str(&format!("  {}: {}\n", q(key), q(value)));
                }
            }
        }
        self.push_variables(&mut out);
        out
    }

    /// `name` to `headers`.
    fn head_yaml(&self) -> String {
        let mut out = format!("name: {}\n", q(&self.name));
        out.push_str(&format!("description: {}\n", q(&self.description)));
        out.push_str(&format!("method: {}\n", self.method.as_str()));
        out.push_str(&format!("url: {}\n", q(&self.url)));
        self.push_auth(&mut out);
        if !self.headers.is_empty() {
            out.push_str("headers:\n");
            for (name, value) in &self.headers {
                out.push_str(&format!("  {}: {}\n", q(name), q(value)));
            }
        }
        out
    }

    /// `body:` or `query:` for the variables the URL does not use (`new`).
    fn push_derived_request(&self, out: &mut String) {
        let body_vars = self.body_variables();
        let has_body = !matches!(self.method, Method::Get | Method::Delete);
        if has_body && (!body_vars.is_empty() || matches!(self.auth, AuthDraft::Body { .. })) {
            if body_vars.is_empty() {
                out.push_str("body: {}\n");
            } else {
                out.push_str("body:\n");
                for v in &body_vars {
                    out.push_str(&format!(
                        "  {}: {}\n",
                        q(&v.name),
                        q(&format!("{{{{{}}}}}", v.name))
                    ));
                }
            }
        } else if !body_vars.is_empty() {
            out.push_str("query:\n");
            for v in &body_vars {
                out.push_str(&format!(
                    "  {}: {}\n",
                    q(&v.name),
                    q(&format!("{{{{{}}}}}", v.name))
                ));
            }
        }
    }

    /// `variables:`.
    fn push_variables(&self, out: &mut String) {
        if !self.variables.is_empty() {
            out.push_str("variables:\n");
            for v in &self.variables {
                out.push_str(&format!("  - name: {}\n", v.name));
                if v.array {
                    out.push_str(&format!(
                        "    type: array\n    items:\n      type: {}\n",
                        v.ty
                    ));
                    push_constraints(out, "      ", &v.constraints);
                } else {
                    out.push_str(&format!("    type: {}\n", v.ty));
                    push_constraints(out, "    ", &v.constraints);
                }
                if let Some(d) = &v.description {
                    out.push_str(&format!("    description: {}\n", q(d)));
                }
                if let Some(e) = &v.example {
                    out.push_str(&format!("    example: {}\n", v.sample(e)));
                }
                out.push_str(&format!("    required: {}\n", v.required));
                if let Some(d) = &v.default {
                    out.push_str(&format!("    default: {}\n", v.sample(d)));
                }
            }
        }
    }

    fn push_auth(&self, out: &mut String) {
        let kind = self.auth.kind().name();
        let fields: Vec<(&str, &str)> = match &self.auth {
            AuthDraft::None => return,
            AuthDraft::Bearer { secret } => vec![("secret", secret)],
            AuthDraft::Basic { username, secret } => {
                vec![("username", username), ("secret", secret)]
            }
            AuthDraft::BasicKey { secret } => vec![("username_secret", secret)],
            AuthDraft::Header {
                header,
                prefix,
                secret,
            } => {
                let mut fields = vec![("header", header.as_str())];
                fields.extend(prefix.as_deref().map(|p| ("prefix", p)));
                fields.push(("secret", secret));
                fields
            }
            AuthDraft::Body { param, secret } | AuthDraft::Query { param, secret } => {
                vec![("param", param), ("secret", secret)]
            }
        };
        out.push_str(&format!("auth:\n  type: {kind}\n"));
        for (key, value) in fields {
            out.push_str(&format!("  {key}: {}\n", q(value)));
        }
    }
}

/// A body an importer copies from its source as it was (`import curl`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LiteralBody {
    /// JSON text, written as a `body:` string so its bytes are sent as given.
    JsonText(String),
    /// Form fields in order; a repeated name becomes a list.
    Form(Vec<(String, String)>),
}

/// What an importer adds to an [`ActionDraft`] beyond `new`'s fields:
/// literal request parts and a timeout. Texts are templates: an importer
/// escapes a literal `{{` as `\{{` before handing it over.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct DraftLiterals {
    /// The body, if any.
    pub body: Option<LiteralBody>,
    /// `timeout:` text such as `30s`.
    pub timeout: Option<String>,
}

impl ActionDraft {
    /// The action file's text with `literals` added after `new`'s keys.
    /// A literal body takes the place of the `body: {}` that `new` writes
    /// for body auth: a file holds one body.
    pub(crate) fn to_yaml_with(&self, literals: &DraftLiterals) -> String {
        let mut out = match &literals.body {
            None => self.to_yaml(),
            Some(body) => {
                let mut out = self.head_yaml();
                match body {
                    LiteralBody::JsonText(text) => out.push_str(&format!("body: {}\n", q(text))),
                    LiteralBody::Form(fields) if fields.is_empty() => out.push_str("form: {}\n"),
                    LiteralBody::Form(fields) => push_form(&mut out, fields),
                }
                self.push_variables(&mut out);
                out
            }
        };
        if let Some(timeout) = &literals.timeout {
            out.push_str(&format!("timeout: {}\n", q(timeout)));
        }
        out
    }
}

/// `form:` with each name once, at its first place; a name given more
/// than once takes the list of its values.
fn push_form(out: &mut String, fields: &[(String, String)]) {
    let mut grouped: Vec<(&str, Vec<String>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (name, value) in fields {
        let at = *index.entry(name).or_insert_with(|| {
            grouped.push((name, Vec::new()));
            grouped.len() - 1
        });
        grouped[at].1.push(q(value));
    }
    out.push_str("form:\n");
    for (name, values) in grouped {
        let value = match values.as_slice() {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        };
        out.push_str(&format!("  {}: {value}\n", q(name)));
    }
}

impl VariableDraft {
    /// `example`/`default` text as YAML: one typed value, or for an
    /// array a flow sequence of typed items (text that is not a JSON
    /// array is written as one quoted string, for validation to refuse).
    fn sample(&self, raw: &str) -> String {
        if !self.array {
            return typed(self.ty, raw);
        }
        match convert_list(self.ty, raw) {
            Ok(items) => {
                let items: Vec<String> = items.iter().map(typed_value).collect();
                format!("[{}]", items.join(", "))
            }
            Err(_) => q(raw),
        }
    }

    /// The variable as the model has it, to check values against while
    /// they are asked for.
    pub(crate) fn to_variable(&self) -> Variable {
        Variable {
            name: self.name.clone(),
            ty: self.ty,
            array: self.array,
            constraints: self.constraints.clone(),
            description: self.description.clone(),
            example: None,
            required: self.required,
            default: None,
        }
    }
}

/// A JSON value as YAML after a `key:` already written: a scalar on the
/// same line (strings quoted), a mapping or list on the lines below at
/// `level` (two spaces each), empty ones in flow style.
fn push_yaml_value(out: &mut String, level: usize, value: &serde_json::Value) {
    use serde_json::Value;
    let indent = "  ".repeat(level);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            for (key, item) in map {
                out.push_str(&format!("{indent}{}:", q(key)));
                push_yaml_value(out, level + 1, item);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.push_str(&format!("{indent}-"));
                push_yaml_value(out, level + 1, item);
            }
        }
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(_) => out.push_str(" []\n"),
        Value::String(text) => out.push_str(&format!(" {}\n", q(text))),
        other => out.push_str(&format!(" {other}\n")),
    }
}

/// The constraint keys of `c` at `indent`, each value typed.
fn push_constraints(out: &mut String, indent: &str, c: &Constraints) {
    if let Some(allowed) = &c.allowed {
        let values: Vec<String> = allowed.iter().map(typed_value).collect();
        out.push_str(&format!("{indent}enum: [{}]\n", values.join(", ")));
    }
    for (key, bound) in [("minimum", &c.minimum), ("maximum", &c.maximum)] {
        if let Some(n) = bound {
            out.push_str(&format!("{indent}{key}: {n}\n"));
        }
    }
    if let Some(pattern) = &c.pattern {
        out.push_str(&format!("{indent}pattern: {}\n", q(pattern.source())));
    }
    for (key, length) in [("min_length", c.min_length), ("max_length", c.max_length)] {
        if let Some(n) = length {
            out.push_str(&format!("{indent}{key}: {n}\n"));
        }
    }
}

/// A value written so YAML reads it as the variable's type: numbers and
/// booleans plain, everything else quoted.
fn typed(ty: VarType, raw: &str) -> String {
    match ty.convert(raw) {
        Ok(value) => typed_value(&value),
        Err(_) => q(raw),
    }
}

fn typed_value(value: &TypedValue) -> String {
    match value {
        TypedValue::Integer(i) => i.to_string(),
        TypedValue::Float(f) => f.to_string(),
        TypedValue::Boolean(b) => b.to_string(),
        TypedValue::Text(text) => q(text),
        TypedValue::List(_) => q(&value.to_input_text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::constraint::Pattern;
    use crate::core::validate::Validator;

    fn draft() -> ActionDraft {
        ActionDraft {
            id: "create-order".into(),
            name: "Create \"Order\": fast".into(),
            description: "Creates an order for the caller: sku and quantity".into(),
            method: Method::Post,
            url: "api.shop.test/orders/{{store}}".into(),
            auth: AuthDraft::Basic {
                username: "bot@shop.test".into(),
                secret: "shop-api".into(),
            },
            headers: vec![("Accept".into(), "application/json".into())],
            variables: vec![
                VariableDraft {
                    name: "store".into(),
                    ty: VarType::String,
                    array: false,
                    constraints: Constraints {
                        pattern: Some(Pattern::new("[a-z]+").unwrap()),
                        max_length: Some(10),
                        ..Constraints::default()
                    },
                    description: Some("Store code #1: 'main'".into()),
                    example: Some("main".into()),
                    required: true,
                    default: None,
                },
                VariableDraft {
                    name: "qty".into(),
                    ty: VarType::Integer,
                    array: false,
                    constraints: Constraints {
                        allowed: Some(vec![TypedValue::Integer(1), TypedValue::Integer(3)]),
                        minimum: Some(1.into()),
                        ..Constraints::default()
                    },
                    description: Some("How many".into()),
                    example: Some("3".into()),
                    required: false,
                    default: Some("1".into()),
                },
            ],
        }
    }

    #[test]
    fn the_yaml_validates_cleanly() {
        let yaml = draft().to_yaml();
        let report = Validator::new().check("create-order", "create-order.yaml", yaml.as_bytes());
        assert!(
            report.diagnostics.is_empty(),
            "{:?}\n{yaml}",
            report.diagnostics
        );
        let action = report.into_action().unwrap();
        assert_eq!(action.name, "Create \"Order\": fast");
        assert_eq!(
            action.variables[1].default,
            Some(crate::core::convert::TypedValue::Integer(1))
        );
        assert!(yaml.contains("body:\n  \"qty\": \"{{qty}}\"\n"), "{yaml}");
    }

    #[test]
    fn constraints_and_arrays_are_written_where_the_format_wants_them() {
        let mut d = draft();
        d.variables.push(VariableDraft {
            name: "labels".into(),
            ty: VarType::String,
            array: true,
            constraints: Constraints {
                allowed: Some(vec![
                    TypedValue::Text("bug".into()),
                    TypedValue::Text("p: 1".into()),
                ]),
                ..Constraints::default()
            },
            description: Some("Labels".into()),
            example: Some(r#"["bug", "p: 1"]"#.into()),
            required: false,
            default: Some("[]".into()),
        });
        let yaml = d.to_yaml();
        assert!(
            yaml.contains("  - name: qty\n    type: integer\n    enum: [1, 3]\n    minimum: 1\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("    pattern: \"[a-z]+\"\n    max_length: 10\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  - name: labels\n    type: array\n    items:\n      type: string\n      enum: [\"bug\", \"p: 1\"]\n    description: \"Labels\"\n    example: [\"bug\", \"p: 1\"]\n    required: false\n    default: []\n"),
            "{yaml}"
        );
        let report = Validator::new().check("x", "x.yaml", yaml.as_bytes());
        assert!(
            report.diagnostics.is_empty(),
            "{:?}\n{yaml}",
            report.diagnostics
        );
        let action = report.into_action().unwrap();
        assert_eq!(
            action.variables[2].example,
            Some(TypedValue::List(vec![
                TypedValue::Text("bug".into()),
                TypedValue::Text("p: 1".into())
            ]))
        );
    }

    #[test]
    fn get_actions_put_extra_variables_in_the_query() {
        let mut d = draft();
        d.method = Method::Get;
        let yaml = d.to_yaml();
        assert!(yaml.contains("query:\n  \"qty\": \"{{qty}}\"\n"), "{yaml}");
        let report = Validator::new().check("x", "x.yaml", yaml.as_bytes());
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    }

    #[test]
    fn every_auth_shape_validates() {
        let shapes = [
            AuthDraft::BasicKey {
                secret: "stripe".into(),
            },
            AuthDraft::Header {
                header: "Authorization".into(),
                prefix: Some("Token ".into()),
                secret: "gh".into(),
            },
            AuthDraft::Query {
                param: "api_key".into(),
                secret: "inv".into(),
            },
        ];
        for auth in shapes {
            let mut d = draft();
            d.method = Method::Get;
            d.auth = auth.clone();
            let yaml = d.to_yaml();
            let report = Validator::new().check("x", "x.yaml", yaml.as_bytes());
            assert!(
                report.diagnostics.is_empty(),
                "{:?}\n{yaml}",
                report.diagnostics
            );
            assert_eq!(report.action().unwrap().auth.kind(), auth.kind());
        }
    }

    #[test]
    fn literal_bodies_and_timeouts_are_written_after_new_keys_and_validate() {
        let mut d = draft();
        d.variables.clear();
        d.url = "api.shop.test/orders".into();
        let form = DraftLiterals {
            body: Some(LiteralBody::Form(vec![
                ("a".into(), "1".into()),
                ("b: x".into(), "\\{{y}}".into()),
                ("a".into(), "2".into()),
            ])),
            timeout: Some("2500ms".into()),
        };
        let yaml = d.to_yaml_with(&form);
        assert!(
            yaml.ends_with(
                "form:\n  \"a\": [\"1\", \"2\"]\n  \"b: x\": \"\\\\{{y}}\"\ntimeout: \"2500ms\"\n"
            ),
            "{yaml}"
        );
        let json = DraftLiterals {
            body: Some(LiteralBody::JsonText("{\"n\": [1, 2.50]}".into())),
            timeout: None,
        };
        for yaml in [yaml, d.to_yaml_with(&json)] {
            let report = Validator::new().check("x", "x.yaml", yaml.as_bytes());
            assert!(
                report.diagnostics.is_empty(),
                "{:?}\n{yaml}",
                report.diagnostics
            );
        }
        assert_eq!(d.to_yaml_with(&DraftLiterals::default()), d.to_yaml());
    }

    #[test]
    fn url_variables_skip_context_names() {
        assert_eq!(
            url_variables("https://x.test/{{a}}/{{contact.id}}/{{b}}"),
            vec!["a", "b"]
        );
        assert!(is_valid_id("lookup-order_2"));
        assert!(!is_valid_id("bad id"));
    }
}
