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
use crate::core::template::{encode_form_component, encode_query_credential};

mod base_url;
mod build;
mod env;
mod variables;

pub(crate) use base_url::{Routes, apply_base_url, parse_base_url};
pub(crate) use build::{build, render_body_node, text_of};
pub(crate) use env::require_env_values;
pub(crate) use variables::{
    Declares, convert_given, missing_required, resolve_variables, with_defaults,
};

/// The request an action renders to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    /// HTTP method.
    pub method: Method,
    /// Final URL, encoded, with the query appended; without a query
    /// credential, which [`Request::url_with`] and [`Request::masked_url`]
    /// add.
    pub url: String,
    /// Headers in the order they are sent.
    pub headers: Vec<Header>,
    /// The body, without any body-merged credential.
    pub body: Option<RequestBody>,
    /// `(param, secret name)` for `auth: {type: body}`: merged into the
    /// JSON object, or appended to the form fields.
    pub body_credential: Option<(String, String)>,
    /// `(param, secret name)` for `auth: {type: query}`: appended to the
    /// query string.
    pub query_credential: Option<(String, String)>,
    /// Whole-exchange deadline.
    pub timeout: Duration,
}

/// What a request body is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RequestBody {
    /// A JSON document.
    Json(Value),
    /// Form fields (name, value), in order, sent
    /// `application/x-www-form-urlencoded`.
    Form(Vec<(String, String)>),
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
    /// `Basic base64(secret:)`: the secret as the username, no password.
    BasicKey {
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
                basic(&format!("{username}:{}", secret_value(secret)))
            }
            Self::BasicKey { secret } => basic(&format!("{}:", secret_value(secret))),
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
            Self::BasicKey { secret } => format!("Basic base64({}:)", mask(secret)),
        }
    }
}

fn basic(pair: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// `name=value`, both form-encoded.
fn form_pair(name: &str, value: &str) -> String {
    format!(
        "{}={}",
        encode_form_component(name),
        encode_form_component(value)
    )
}

/// What goes between `url` and one more query parameter: `?` when it has
/// no query, nothing when it ends in `?` or `&`, `&` otherwise.
pub(super) fn query_joiner(url: &str) -> &'static str {
    if !url.contains('?') {
        "?"
    } else if url.ends_with('?') || url.ends_with('&') {
        ""
    } else {
        "&"
    }
}

/// How a secret is shown wherever output is printed.
pub(crate) fn mask(secret_name: &str) -> String {
    format!("<secret:{secret_name}>")
}

impl Request {
    /// True when the body is a form.
    pub(crate) fn has_form(&self) -> bool {
        matches!(self.body, Some(RequestBody::Form(_)))
    }

    /// True when anything is sent as a body (a body credential alone
    /// makes a JSON object).
    pub(crate) fn has_body(&self) -> bool {
        self.body.is_some() || self.body_credential.is_some()
    }

    /// The JSON body as sent, with any body credential merged in; `None`
    /// for a form or no body.
    pub(crate) fn body_with(&self, secret_value: impl Fn(&str) -> Value) -> Option<Value> {
        let mut body = match &self.body {
            Some(RequestBody::Form(_)) => return None,
            Some(RequestBody::Json(value)) => Some(value.clone()),
            None => None,
        };
        if let Some((param, secret)) = &self.body_credential {
            let object = body.get_or_insert_with(|| Value::Object(Default::default()));
            if let Value::Object(map) = object {
                map.insert(param.clone(), secret_value(secret));
            }
        }
        body
    }

    /// The JSON body with any body credential masked: safe to print.
    pub(crate) fn masked_body(&self) -> Option<Value> {
        self.body_with(|name| Value::String(mask(name)))
    }

    /// The form's own fields, without any body credential; `None` when
    /// the body is no form.
    pub(crate) fn form_fields(&self) -> Option<&[(String, String)]> {
        match &self.body {
            Some(RequestBody::Form(fields)) => Some(fields),
            _ => None,
        }
    }

    /// The form fields as sent, any body credential appended last with
    /// its value from `secret_value`; `None` when the body is no form.
    pub(crate) fn form_with(
        &self,
        secret_value: impl Fn(&str) -> String,
    ) -> Option<Vec<(String, String)>> {
        let fields = self.form_fields()?;
        let credential = self
            .body_credential
            .iter()
            .map(|(param, secret)| (param.clone(), secret_value(secret)));
        Some(fields.iter().cloned().chain(credential).collect())
    }

    /// The form fields with any body credential masked: safe to print.
    pub(crate) fn masked_form(&self) -> Option<Vec<(String, String)>> {
        self.form_with(mask)
    }

    /// The form as it goes on the wire, the credential shown as its mask
    /// (written as is, not encoded, so it reads as one): safe to print.
    pub(crate) fn masked_form_text(&self) -> Option<String> {
        let fields = self.form_fields()?;
        let mut pairs: Vec<String> = fields.iter().map(|(n, v)| form_pair(n, v)).collect();
        if let Some((param, secret)) = &self.body_credential {
            pairs.push(format!("{}={}", encode_form_component(param), mask(secret)));
        }
        Some(pairs.join("&"))
    }

    /// The body bytes as sent: compact JSON, or the encoded form.
    pub(crate) fn wire_body(&self, reveal: &dyn Fn(&str) -> String) -> Option<Vec<u8>> {
        if let Some(fields) = self.form_with(reveal) {
            let pairs: Vec<String> = fields.iter().map(|(n, v)| form_pair(n, v)).collect();
            return Some(pairs.join("&").into_bytes());
        }
        self.body_with(|name| Value::String(reveal(name)))
            .map(|b| serde_json::to_vec(&b).unwrap_or_default())
    }

    /// The URL as sent: with the query credential, its value from
    /// `reveal`, encoded as curl's `--url-query` does.
    pub(crate) fn url_with(&self, reveal: &dyn Fn(&str) -> String) -> String {
        self.url_and_credential(|secret| encode_query_credential(&reveal(secret)))
    }

    /// The URL with any query credential masked: safe to print.
    pub(crate) fn masked_url(&self) -> String {
        self.url_and_credential(mask)
    }

    fn url_and_credential(&self, value: impl Fn(&str) -> String) -> String {
        let Some((param, secret)) = &self.query_credential else {
            return self.url.clone();
        };
        let joiner = query_joiner(&self.url);
        let name = encode_query_credential(param);
        format!("{}{joiner}{name}={}", self.url, value(secret))
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
    /// `{{env.KEY}}` placeholders, and no environment selected.
    #[error(
        "{} need{} an environment, but none is selected: pass --env NAME (or set ACTIONCTL_ENV)",
        env_placeholders(.0),
        if .0.len() == 1 { "s" } else { "" }
    )]
    NoEnvironment(Vec<String>),
    /// `{{env.KEY}}` placeholders the selected environment does not define.
    #[error(
        "environment `{environment}` does not define {}: add {} under `{environment}: values:` in the environments file",
        env_placeholders(keys),
        if keys.len() == 1 { "it" } else { "them" }
    )]
    EnvValuesMissing {
        /// The selected environment.
        environment: String,
        /// The KEYs it lacks.
        keys: Vec<String>,
    },
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
    /// A secret sent as the basic-auth username that holds `:`, which
    /// would split it into a username and a password on the server.
    #[error(
        "secret `{0}` cannot be sent as a basic-auth username: it holds `:`, which ends the username; store it again without it, or use `username` and `secret`"
    )]
    SecretNotBasicUsername(String),
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
    /// A header HTTP cannot carry as built. Validation and substitution
    /// refuse every way one could arise; this keeps a case they miss an
    /// input error before anything is sent, never a transport error.
    #[error(
        "header `{0}` cannot be sent: HTTP does not allow its name or value as built (a control character?)"
    )]
    HeaderNotSendable(String),
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

/// `` `env.a`, `env.b` `` from KEYs.
fn env_placeholders(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("`{}{k}`", crate::core::environment::PREFIX))
        .collect::<Vec<_>>()
        .join(", ")
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
