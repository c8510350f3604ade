//! Building the exact HTTP request an action describes from variable
//! values and context: typed conversion, defaults, and substitution that
//! is safe for where each value lands. Credentials stay symbolic here
//! (a secret's name), so the same request can be shown masked, exported
//! for curl, or sent with the real value.

use std::time::Duration;

use base64::Engine;
use serde_json::Value;
use thiserror::Error;

use crate::core::convert::ValueError;
use crate::core::model::Method;

mod base_url;
mod build;
mod variables;

pub(crate) use base_url::apply_base_url;
pub(crate) use build::build;
pub(crate) use variables::{
    Declares, convert_given, missing_required, resolve_variables, with_defaults,
};

/// The request an action renders to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    /// HTTP method.
    pub method: Method,
    /// Final URL, encoded, with the query appended.
    pub url: String,
    /// Headers in the order they are sent.
    pub headers: Vec<Header>,
    /// JSON body, without any body-merged credential.
    pub body: Option<Value>,
    /// `(param, secret name)` for `auth: {type: body}`.
    pub body_credential: Option<(String, String)>,
    /// Whole-exchange deadline.
    pub timeout: Duration,
}

/// One request header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// Header name as written.
    pub name: String,
    /// Its value, plain or made from a secret.
    pub value: HeaderValue,
}

/// A header value: plain text, or made from a stored secret.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum HeaderValue {
    /// Plain text.
    Text(String),
    /// `prefix` followed by the secret (`Bearer <secret>`, or the bare secret).
    Secret {
        /// Text before the secret, e.g. `Bearer `.
        prefix: String,
        /// The secret's name.
        secret: String,
    },
    /// `Basic base64(username:secret)`.
    Basic {
        username: String,
        /// The secret's name.
        secret: String,
    },
}

impl HeaderValue {
    /// The value as sent, given the secret values by name.
    pub(crate) fn reveal(&self, secret_value: impl Fn(&str) -> String) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Secret { prefix, secret } => format!("{prefix}{}", secret_value(secret)),
            Self::Basic { username, secret } => {
                let pair = format!("{username}:{}", secret_value(secret));
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                )
            }
        }
    }

    /// The value with the secret masked: safe to print.
    pub(crate) fn masked(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Secret { prefix, secret } => format!("{prefix}{}", mask(secret)),
            Self::Basic { username, secret } => {
                format!("Basic base64({username}:{})", mask(secret))
            }
        }
    }
}

/// How a secret is shown wherever output is printed.
pub(crate) fn mask(secret_name: &str) -> String {
    format!("<secret:{secret_name}>")
}

impl Request {
    /// The body as sent, with any body credential merged in.
    pub(crate) fn body_with(&self, secret_value: impl Fn(&str) -> Value) -> Option<Value> {
        let mut body = self.body.clone();
        if let Some((param, secret)) = &self.body_credential {
            let object = body.get_or_insert_with(|| Value::Object(Default::default()));
            if let Value::Object(map) = object {
                map.insert(param.clone(), secret_value(secret));
            }
        }
        body
    }

    /// The body with any body credential masked: safe to print.
    pub(crate) fn masked_body(&self) -> Option<Value> {
        self.body_with(|name| Value::String(mask(name)))
    }

    /// The value of the first header called `name` (any case), masked.
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.masked())
    }
}

/// Why a request could not be built: every case is an input error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum BuildError {
    /// `--var` names a variable the action (or flow) does not declare.
    #[error("{owner} has no variable `{name}`{hint}")]
    UnknownVariable {
        /// Who was asked, e.g. "action `lookup-order`".
        owner: String,
        name: String,
        /// A "did you mean" hint, or empty.
        hint: String,
    },
    /// The same `--var` given twice.
    #[error("variable `{0}` is given more than once")]
    DuplicateVariable(String),
    /// A value that fails its type or breaks a constraint.
    #[error("variable `{name}`: {source}")]
    BadValue {
        name: String,
        /// What is wrong with the value.
        source: ValueError,
    },
    /// Required variables without a value.
    #[error(
        "missing required variable{}: {} (give {})",
        if .0.len() == 1 { "" } else { "s" },
        .0.join(", "),
        .0.iter().map(|n| format!("--var {n}=VALUE")).collect::<Vec<_>>().join(" ")
    )]
    MissingRequired(Vec<String>),
    /// A placeholder in the URL's path or host that has no value.
    #[error("`{name}` has no value, but the URL needs it ({hint})", name = .0, hint = how_to_give(.0))]
    MissingUrlValue(String),
    /// A value that would be unsafe where it lands.
    #[error("unsafe value for `{name}` in {place}: {reason}")]
    UnsafeValue {
        /// The variable or context name.
        name: String,
        /// Where it would land (`header X-Id`, `URL host`).
        place: String,
        /// Why it is refused.
        reason: String,
    },
    /// A secret whose value cannot stand in the header that carries it.
    #[error(
        "secret `{secret}` cannot be sent in header {header}: a header value carries printable ASCII only, and this secret holds other characters; store it again without them"
    )]
    SecretNotHeaderSafe {
        /// The secret's name (never its value).
        secret: String,
        /// The header it would go in.
        header: String,
    },
    /// The URL does not parse after substitution. A long URL is not
    /// echoed: it is most likely long because of a value, and an error
    /// printed before the run's secrets are known could not mask one.
    #[error("the rendered URL {} is not valid: {reason}", shown_url(url))]
    InvalidUrl {
        /// The rendered URL.
        url: String,
        /// Why.
        reason: String,
    },
}

/// Longest rendered URL quoted whole in an error.
const MAX_URL_SHOWN: usize = 200;

/// The URL in backticks, or only its length when it is too long to read.
fn shown_url(url: &str) -> String {
    if url.len() <= MAX_URL_SHOWN {
        format!("`{url}`")
    } else {
        format!("({} bytes long)", url.len())
    }
}

/// How to give a value the URL needs: `--var` for a variable, a
/// `--context` file for a context value (`--var` refuses those).
fn how_to_give(name: &str) -> String {
    if !crate::core::model::CONTEXT_NAMES.contains(&name) {
        return format!("give --var {name}=VALUE");
    }
    let entry = match name.split_once('.') {
        Some((group, key)) => format!("{group}: {{{key}: VALUE}}"),
        None => format!("{name}: VALUE"),
    };
    format!("set it in a --context FILE: `{entry}`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::context::Context;
    use crate::core::model::Action;

    use crate::core::validate::Validator;

    pub(super) fn action(extra: &str) -> Action {
        let text = format!("name: T\ndescription: A test action here\n{extra}");
        let report = Validator::new().check("t", "t.yaml", text.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        report.into_action().unwrap()
    }

    pub(super) fn build_with(
        action: &Action,
        vars: &[(&str, &str)],
    ) -> Result<Request, BuildError> {
        let given: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let values = resolve_variables(action, &given)?;
        build(action, &values, &Context::default())
    }

    pub(super) const VAR_ID: &str =
        "variables:\n  - name: id\n    type: string\n    required: true\n";

    #[test]
    fn a_long_invalid_url_is_not_echoed() {
        let long = BuildError::InvalidUrl {
            url: format!("https://x.test/{}", "a".repeat(300)),
            reason: "uri too long".into(),
        };
        assert_eq!(
            long.to_string(),
            "the rendered URL (315 bytes long) is not valid: uri too long"
        );
        let short = BuildError::InvalidUrl {
            url: "https://x.test/#a".into(),
            reason: "a fragment".into(),
        };
        assert_eq!(
            short.to_string(),
            "the rendered URL `https://x.test/#a` is not valid: a fragment"
        );
    }
}
