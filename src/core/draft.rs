//! A new action being authored (by `actionctl new`), and its YAML text.
//! Every scalar is written as a JSON string, which YAML reads back
//! exactly, so no value can break the file's structure.

use crate::core::convert::VarType;
use crate::core::model::{AuthKind, CONTEXT_NAMES, Method};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VariableDraft {
    pub name: String,
    pub ty: VarType,
    /// What the LLM is told.
    pub description: Option<String>,
    /// A sample value (already checked against the type).
    pub example: Option<String>,
    /// Whether it must be given.
    pub required: bool,
    /// Used when not given (already checked against the type).
    pub default: Option<String>,
}

/// Everything `new` collects.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        if !self.variables.is_empty() {
            out.push_str("variables:\n");
            for v in &self.variables {
                out.push_str(&format!(
                    "  - name: {}\n    type: {}\n",
                    v.name,
                    v.ty.name()
                ));
                if let Some(d) = &v.description {
                    out.push_str(&format!("    description: {}\n", q(d)));
                }
                if let Some(e) = &v.example {
                    out.push_str(&format!("    example: {}\n", typed(v.ty, e)));
                }
                out.push_str(&format!("    required: {}\n", v.required));
                if let Some(d) = &v.default {
                    out.push_str(&format!("    default: {}\n", typed(v.ty, d)));
                }
            }
        }
        out
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

/// A value written so YAML reads it as the variable's type: numbers and
/// booleans plain, everything else quoted.
fn typed(ty: VarType, raw: &str) -> String {
    match ty.convert(raw) {
        Ok(crate::core::convert::TypedValue::Integer(i)) => i.to_string(),
        Ok(crate::core::convert::TypedValue::Float(f)) => f.to_string(),
        Ok(crate::core::convert::TypedValue::Boolean(b)) => b.to_string(),
        _ => q(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                    description: Some("Store code #1: 'main'".into()),
                    example: Some("main".into()),
                    required: true,
                    default: None,
                },
                VariableDraft {
                    name: "qty".into(),
                    ty: VarType::Integer,
                    description: None,
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
    fn url_variables_skip_context_names() {
        assert_eq!(
            url_variables("https://x.test/{{a}}/{{contact.id}}/{{b}}"),
            vec!["a", "b"]
        );
        assert!(is_valid_id("lookup-order_2"));
        assert!(!is_valid_id("bad id"));
    }
}
