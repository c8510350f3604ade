//! Building the exact HTTP request an action describes from variable
//! values and context: typed conversion, defaults, and substitution that
//! is safe for where each value lands. Credentials stay symbolic here
//! (a secret's name), so the same request can be shown masked, exported
//! for curl, or sent with the real value.

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine;
use serde_json::Value;
use thiserror::Error;

use crate::context::Context;
use crate::convert::{ConvertError, TypedValue};
use crate::json_text;
use crate::model::{Action, Auth, Body, BodyNode, Field, Method, Variable};
use crate::suggest::did_you_mean;
use crate::template::{Segment, Template, encode_path_segment, encode_query_component};

/// The request an action renders to.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
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
pub struct Header {
    /// Header name as written.
    pub name: String,
    /// Its value, plain or made from a secret.
    pub value: HeaderValue,
}

/// A header value: plain text, or made from a stored secret.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderValue {
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
        /// The rendered username.
        username: String,
        /// The secret's name.
        secret: String,
    },
}

impl HeaderValue {
    /// The value as sent, given the secret values by name.
    pub fn reveal(&self, secret_value: impl Fn(&str) -> String) -> String {
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
    pub fn masked(&self) -> String {
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
pub fn mask(secret_name: &str) -> String {
    format!("<secret:{secret_name}>")
}

impl Request {
    /// The body as sent, with any body credential merged in.
    pub fn body_with(&self, secret_value: impl Fn(&str) -> Value) -> Option<Value> {
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
    pub fn masked_body(&self) -> Option<Value> {
        self.body_with(|name| Value::String(mask(name)))
    }

    /// The value of the first header called `name` (any case), masked.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.masked())
    }
}

/// Why a request could not be built: every case is an input error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BuildError {
    /// `--var` names a variable the action (or flow) does not declare.
    #[error("{owner} has no variable `{name}`{hint}")]
    UnknownVariable {
        /// Who was asked, e.g. "action `lookup-order`".
        owner: String,
        /// The name given.
        name: String,
        /// A "did you mean" hint, or empty.
        hint: String,
    },
    /// The same `--var` given twice.
    #[error("variable `{0}` is given more than once")]
    DuplicateVariable(String),
    /// A value that fails its type.
    #[error("variable `{name}`: {source}")]
    BadValue {
        /// The variable.
        name: String,
        /// What is wrong with the value.
        source: ConvertError,
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
    /// The URL does not parse after substitution.
    #[error("the rendered URL `{url}` is not valid: {reason}")]
    InvalidUrl {
        /// The rendered URL.
        url: String,
        /// Why.
        reason: String,
    },
}

/// How to give a value the URL needs: `--var` for a variable, a
/// `--context` file for a context value (`--var` refuses those).
fn how_to_give(name: &str) -> String {
    if !crate::model::CONTEXT_NAMES.contains(&name) {
        return format!("give --var {name}=VALUE");
    }
    let entry = match name.split_once('.') {
        Some((group, key)) => format!("{group}: {{{key}: VALUE}}"),
        None => format!("{name}: VALUE"),
    };
    format!("set it in a --context FILE: `{entry}`")
}

/// Something that declares variables: an action, or a flow's inputs.
pub trait Declares {
    /// Who declares them, for messages: "action `lookup-order`".
    fn owner(&self) -> String;
    /// The declared variables.
    fn declared(&self) -> &[Variable];
}

impl Declares for Action {
    fn owner(&self) -> String {
        format!("action `{}`", self.id)
    }

    fn declared(&self) -> &[Variable] {
        &self.variables
    }
}

/// Checks and converts `--var` pairs, applies defaults, and reports every
/// missing required variable at once.
pub fn resolve_variables(
    owner: &impl Declares,
    given: &[(String, String)],
) -> Result<HashMap<String, TypedValue>, BuildError> {
    let values = convert_given(owner, given)?;
    let missing = missing_required(owner, &values);
    if !missing.is_empty() {
        return Err(BuildError::MissingRequired(missing));
    }
    Ok(with_defaults(owner, values))
}

/// Converts the given pairs without checking for missing ones.
pub fn convert_given(
    owner: &impl Declares,
    given: &[(String, String)],
) -> Result<HashMap<String, TypedValue>, BuildError> {
    let variables = owner.declared();
    let mut values = HashMap::new();
    for (name, raw) in given {
        let Some(variable) = variables.iter().find(|v| v.name == *name) else {
            return Err(BuildError::UnknownVariable {
                owner: owner.owner(),
                name: name.clone(),
                hint: did_you_mean(name, variables.iter().map(|v| v.name.as_str())),
            });
        };
        let value = variable
            .ty
            .convert(raw)
            .map_err(|source| BuildError::BadValue {
                name: name.clone(),
                source,
            })?;
        if values.insert(name.clone(), value).is_some() {
            return Err(BuildError::DuplicateVariable(name.clone()));
        }
    }
    Ok(values)
}

/// The required variables that have no value in `values`.
pub fn missing_required(
    owner: &impl Declares,
    values: &HashMap<String, TypedValue>,
) -> Vec<String> {
    owner
        .declared()
        .iter()
        .filter(|v| v.required && !values.contains_key(&v.name))
        .map(|v| v.name.clone())
        .collect()
}

/// Adds each default for a variable that has no value.
pub fn with_defaults(
    owner: &impl Declares,
    mut values: HashMap<String, TypedValue>,
) -> HashMap<String, TypedValue> {
    for variable in owner.declared() {
        if let Some(default) = &variable.default {
            values
                .entry(variable.name.clone())
                .or_insert_with(|| default.clone());
        }
    }
    values
}

/// Points `url` at `base`: its scheme, host and port replace the URL's;
/// a path in `base` (other than `/`) is put in front of the URL's path.
/// The URL's path and query are kept byte for byte: they are taken as
/// `http::Uri` (the transport's own parser) reads them, never through a
/// URL parser that would resolve dot segments or re-encode.
pub fn apply_base_url(url: &str, base: &url::Url) -> Result<String, BuildError> {
    let invalid = |reason: String| BuildError::InvalidUrl {
        url: url.to_string(),
        reason,
    };
    let uri: ureq::http::Uri = url.parse().map_err(|e| invalid(format!("{e}")))?;
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    if !matches!(base.scheme(), "http" | "https") {
        return Err(invalid(format!("cannot use scheme {}", base.scheme())));
    }
    let host = base
        .host_str()
        .ok_or_else(|| invalid(format!("the base URL `{base}` has no host")))?;
    let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
    let prefix = base.path().trim_end_matches('/');
    let joined = format!("{}://{host}{port}{prefix}{path_and_query}", base.scheme());
    check_sendable(&joined)?;
    Ok(joined)
}

/// Where a URL placeholder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlPart {
    Authority,
    Path,
    Query,
}

/// Builds the request from resolved variable values and context.
pub fn build(
    action: &Action,
    variables: &HashMap<String, TypedValue>,
    context: &Context,
) -> Result<Request, BuildError> {
    let lookup = |name: &str| -> Option<TypedValue> {
        variables
            .get(name)
            .cloned()
            .or_else(|| context.get(name).map(|v| TypedValue::Text(v.to_string())))
    };
    let url = build_url(action, &lookup)?;
    let mut headers = Vec::new();
    for field in &action.headers {
        if let Some(value) = render_header(&field.name, &field.value, &lookup)? {
            headers.push(Header {
                name: field.name.clone(),
                value: HeaderValue::Text(value),
            });
        }
    }
    let mut body_credential = None;
    match &action.auth {
        Auth::None => {}
        Auth::Bearer { secret } => headers.push(Header {
            name: "Authorization".into(),
            value: HeaderValue::Secret {
                prefix: "Bearer ".into(),
                secret: secret.clone(),
            },
        }),
        Auth::Basic { username, secret } => {
            let username = render_header("Authorization", username, &lookup)?.unwrap_or_default();
            if username.contains(':') {
                return Err(BuildError::UnsafeValue {
                    name: "auth.username".into(),
                    place: "basic auth".into(),
                    reason: "a username cannot contain `:`".into(),
                });
            }
            headers.push(Header {
                name: "Authorization".into(),
                value: HeaderValue::Basic {
                    username,
                    secret: secret.clone(),
                },
            });
        }
        Auth::Header { header, secret } => headers.push(Header {
            name: header.clone(),
            value: HeaderValue::Secret {
                prefix: String::new(),
                secret: secret.clone(),
            },
        }),
        Auth::Body { param, secret } => body_credential = Some((param.clone(), secret.clone())),
    }
    let body = match &action.body {
        None => None,
        Some(Body::Structured(node)) => Some(render_body_node(node, &lookup)),
        Some(Body::JsonText(template)) => {
            let rendered: Result<_, BuildError> =
                json_text::render(template, |name| Ok(lookup(name).map(|v| v.to_json())));
            Some(rendered?.map_err(|e| BuildError::UnsafeValue {
                name: "body".into(),
                place: "the JSON body".into(),
                reason: json_text::serde_error_message(&e),
            })?)
        }
    };
    let has_body = body.is_some() || body_credential.is_some();
    if has_body
        && !headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("content-type"))
    {
        headers.push(Header {
            name: "Content-Type".into(),
            value: HeaderValue::Text("application/json".into()),
        });
    }
    Ok(Request {
        method: action.method,
        url,
        headers,
        body,
        body_credential,
        timeout: action.timeout,
    })
}

fn build_url(
    action: &Action,
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Result<String, BuildError> {
    let mut url = String::new();
    let mut part = UrlPart::Authority;
    let mut after_scheme = false;
    for segment in action.url.value.segments() {
        match segment {
            Segment::Literal(text) => {
                url.push_str(text);
                part = advance_url_part(&url, part, &mut after_scheme);
            }
            Segment::Placeholder { name, .. } => {
                let value = lookup(name);
                url.push_str(&encode_url_value(name, value, part)?);
            }
        }
    }
    let pairs = query_pairs(&action.query, lookup);
    if !pairs.is_empty() {
        let joiner = if !url.contains('?') {
            "?"
        } else if url.ends_with('?') || url.ends_with('&') {
            ""
        } else {
            "&"
        };
        url = format!("{url}{joiner}{}", pairs.join("&"));
    }
    check_sendable(&url)?;
    Ok(url)
}

/// The `query:` entries as `name=value`, both encoded as a whole: literal
/// text exactly like substituted values, so `#`, `&`, `=`, `+` and `%`
/// written in the action file arrive as text, never as URL syntax.
fn query_pairs(fields: &[Field], lookup: &impl Fn(&str) -> Option<TypedValue>) -> Vec<String> {
    fields
        .iter()
        .filter(|field| {
            field
                .value
                .sole_placeholder()
                .is_none_or(|sole| lookup(sole).is_some())
        })
        .map(|field| {
            let Ok(value) = field.value.render_with(|n| {
                Ok::<_, std::convert::Infallible>(
                    lookup(n).map(|v| v.to_string()).unwrap_or_default(),
                )
            });
            format!(
                "{}={}",
                encode_query_component(&field.name),
                encode_query_component(&value)
            )
        })
        .collect()
}

/// Checks that the transport sends `url` as it is: it parses as a URL,
/// and `http::Uri` (what ureq sends from) takes it whole, with no
/// fragment to drop.
fn check_sendable(url: &str) -> Result<(), BuildError> {
    let invalid = |reason: String| BuildError::InvalidUrl {
        url: url.to_string(),
        reason,
    };
    url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if url.contains('#') {
        return Err(invalid(
            "a fragment (`#…`) is never sent to the server".into(),
        ));
    }
    let uri: ureq::http::Uri = url.parse().map_err(|e| invalid(format!("{e}")))?;
    if uri.scheme().is_none() || uri.authority().is_none() {
        return Err(invalid("it needs a scheme and a host".into()));
    }
    Ok(())
}

fn advance_url_part(url_so_far: &str, part: UrlPart, after_scheme: &mut bool) -> UrlPart {
    let rest = match url_so_far.find("://") {
        Some(i) => {
            *after_scheme = true;
            &url_so_far[i + 3..]
        }
        None => return part,
    };
    if rest.contains(['?', '#']) {
        UrlPart::Query
    } else if rest.contains('/') {
        UrlPart::Path
    } else {
        UrlPart::Authority
    }
}

fn encode_url_value(
    name: &str,
    value: Option<TypedValue>,
    part: UrlPart,
) -> Result<String, BuildError> {
    let text = value.map(|v| v.to_string());
    match (part, text) {
        (UrlPart::Query, text) => Ok(encode_query_component(&text.unwrap_or_default())),
        (_, None) => Err(BuildError::MissingUrlValue(name.to_string())),
        (UrlPart::Path, Some(text)) => encode_path_value(name, &text),
        (UrlPart::Authority, Some(text)) => {
            let host_safe = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if host_safe {
                Ok(text)
            } else {
                Err(BuildError::UnsafeValue {
                    name: name.to_string(),
                    place: "the URL host".into(),
                    reason: "only letters, digits, `-` and `.` may stand in a host name".into(),
                })
            }
        }
    }
}

/// Encodes a value as one path segment, refusing the values that would
/// not stay one: empty (`/orders/` is another endpoint) and the dot
/// segments `.` and `..`, which servers resolve to another path.
fn encode_path_value(name: &str, text: &str) -> Result<String, BuildError> {
    let reason = match text {
        "" => "an empty value leaves an empty path segment, which calls another endpoint".into(),
        "." | ".." => format!("`{text}` is a dot segment, which servers resolve to another path"),
        _ => return Ok(encode_path_segment(text)),
    };
    Err(BuildError::UnsafeValue {
        name: name.to_string(),
        place: "the URL path".into(),
        reason,
    })
}

/// Renders a header value: `None` when it is one placeholder with no value.
fn render_header(
    header: &str,
    template: &Template,
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Result<Option<String>, BuildError> {
    if let Some(sole) = template.sole_placeholder() {
        if lookup(sole).is_none() {
            return Ok(None);
        }
    }
    template
        .render_with(|name| {
            let text = lookup(name).map(|v| v.to_string()).unwrap_or_default();
            if text.chars().any(|c| c.is_control() && c != '\t') {
                return Err(BuildError::UnsafeValue {
                    name: name.to_string(),
                    place: format!("header {header}"),
                    reason: "header values cannot hold line breaks or control characters".into(),
                });
            }
            Ok(text)
        })
        .map(Some)
}

fn render_body_node(node: &BodyNode, lookup: &impl Fn(&str) -> Option<TypedValue>) -> Value {
    match node {
        BodyNode::Literal(value) => value.clone(),
        BodyNode::Text(template) => match template.sole_placeholder() {
            Some(name) => lookup(name).map_or(Value::Null, |v| v.to_json()),
            None => Value::String(
                template
                    .render_with(|name| {
                        Ok::<_, ()>(lookup(name).map(|v| v.to_string()).unwrap_or_default())
                    })
                    .unwrap_or_default(),
            ),
        },
        BodyNode::Array(items) => {
            Value::Array(items.iter().map(|n| render_body_node(n, lookup)).collect())
        }
        BodyNode::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), render_body_node(v, lookup)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Validator;
    use serde_json::json;

    fn action(extra: &str) -> Action {
        let text = format!("name: T\ndescription: A test action here\n{extra}");
        let report = Validator::new().check("t", "t.yaml", text.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        report.action.unwrap()
    }

    fn build_with(action: &Action, vars: &[(&str, &str)]) -> Result<Request, BuildError> {
        let given: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let values = resolve_variables(action, &given)?;
        build(action, &values, &Context::default())
    }

    const VAR_ID: &str = "variables:\n  - name: id\n    type: string\n    required: true\n";

    #[test]
    fn path_values_are_one_encoded_segment() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/orders/{{{{id}}}}/items\n{VAR_ID}"
        ));
        assert_eq!(
            build_with(&a, &[("id", "../admin")]).unwrap().url,
            "https://x.test/orders/..%2Fadmin/items"
        );
        assert_eq!(
            build_with(&a, &[("id", "a b/c?d")]).unwrap().url,
            "https://x.test/orders/a%20b%2Fc%3Fd/items"
        );
    }

    #[test]
    fn query_values_are_encoded_and_missing_optionals_dropped() {
        let a = action(
            "method: GET\nurl: https://x.test/s?fixed=1\nquery:\n  q: \"{{q}}\"\n  page: \"{{page}}\"\nvariables:\n  - name: q\n    type: string\n  - name: page\n    type: integer\n",
        );
        assert_eq!(
            build_with(&a, &[("q", "a&b=c d")]).unwrap().url,
            "https://x.test/s?fixed=1&q=a%26b%3Dc%20d"
        );
    }

    #[test]
    fn header_values_refuse_line_breaks() {
        let a = action(
            "method: GET\nurl: https://x.test/\nheaders:\n  X-Id: \"{{id}}\"\nvariables:\n  - name: id\n    type: string\n",
        );
        let err = build_with(&a, &[("id", "1\r\nX-Admin: yes")]).unwrap_err();
        assert!(matches!(err, BuildError::UnsafeValue { .. }), "{err}");
        assert!(err.to_string().contains("header X-Id"));
    }

    #[test]
    fn body_values_are_typed() {
        let a = action(
            "method: POST\nurl: https://x.test/\nbody:\n  qty: \"{{qty}}\"\n  note: \"qty={{qty}}\"\n  flag: \"{{flag}}\"\n  fixed: 3\nvariables:\n  - name: qty\n    type: integer\n  - name: flag\n    type: boolean\n",
        );
        let r = build_with(&a, &[("qty", "3"), ("flag", "yes")]).unwrap();
        assert_eq!(
            r.body,
            Some(json!({"qty": 3, "note": "qty=3", "flag": true, "fixed": 3}))
        );
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/json")
        );
    }

    #[test]
    fn every_auth_type_renders_masked() {
        let bearer =
            action("method: GET\nurl: https://x.test/\nauth:\n  type: bearer\n  secret: api\n");
        let r = build_with(&bearer, &[]).unwrap();
        assert_eq!(
            r.header("authorization").as_deref(),
            Some("Bearer <secret:api>")
        );
        assert_eq!(r.headers[0].value.reveal(|_| "tok".into()), "Bearer tok");

        let basic = action(
            "method: GET\nurl: https://x.test/\nauth:\n  type: basic\n  username: jdoe\n  secret: api\n",
        );
        let r = build_with(&basic, &[]).unwrap();
        assert_eq!(
            r.headers[0].value.reveal(|_| "pw".into()),
            "Basic amRvZTpwdw=="
        );
        assert_eq!(
            r.header("authorization").as_deref(),
            Some("Basic base64(jdoe:<secret:api>)")
        );

        let header = action(
            "method: GET\nurl: https://x.test/\nauth:\n  type: header\n  header: X-API-Key\n  secret: api\n",
        );
        assert_eq!(
            build_with(&header, &[])
                .unwrap()
                .header("x-api-key")
                .as_deref(),
            Some("<secret:api>")
        );

        let body = action(
            "method: POST\nurl: https://x.test/\nauth:\n  type: body\n  param: api_key\n  secret: api\nbody:\n  a: 1\n",
        );
        let r = build_with(&body, &[]).unwrap();
        assert_eq!(
            r.masked_body(),
            Some(json!({"a": 1, "api_key": "<secret:api>"}))
        );
        assert_eq!(
            r.body_with(|_| json!("k")),
            Some(json!({"a": 1, "api_key": "k"}))
        );
    }

    #[test]
    fn variable_errors_name_the_variable() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/{{{{id}}}}\n{VAR_ID}"
        ));
        assert_eq!(
            build_with(&a, &[]).unwrap_err(),
            BuildError::MissingRequired(vec!["id".into()])
        );
        let err = build_with(&a, &[("di", "1")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "action `t` has no variable `di` (did you mean `id`?)"
        );
        let n = action(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n    required: true\n",
        );
        let err = build_with(&n, &[("n", "x")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "variable `n`: `x` is not a valid integer (expected a whole number such as 42)"
        );
    }

    #[test]
    fn defaults_fill_optional_variables() {
        let a = action(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n    default: 7\n",
        );
        assert_eq!(build_with(&a, &[]).unwrap().url, "https://x.test/7");
    }

    #[test]
    fn optional_path_value_missing_is_an_input_error() {
        let a = action(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n",
        );
        assert_eq!(
            build_with(&a, &[]).unwrap_err(),
            BuildError::MissingUrlValue("n".into())
        );
    }

    #[test]
    fn host_placeholders_take_only_host_characters() {
        let a = action(
            "method: GET\nurl: https://{{sub}}.zendesk.test/api\nvariables:\n  - name: sub\n    type: string\n    required: true\n",
        );
        assert_eq!(
            build_with(&a, &[("sub", "acme")]).unwrap().url,
            "https://acme.zendesk.test/api"
        );
        assert!(build_with(&a, &[("sub", "evil.test/x?")]).is_err());
    }

    #[test]
    fn base_url_replaces_scheme_host_and_port() {
        let base = url::Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            apply_base_url("https://api.test/v1/x?a=1%20b", &base).unwrap(),
            "http://127.0.0.1:8080/v1/x?a=1%20b"
        );
        let staged = url::Url::parse("https://gw.test/staging/").unwrap();
        assert_eq!(
            apply_base_url("http://api.test:81/v1/x", &staged).unwrap(),
            "https://gw.test/staging/v1/x"
        );
    }

    #[test]
    fn path_values_that_are_empty_or_dot_segments_are_refused() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/orders/{{{{id}}}}/items\n{VAR_ID}"
        ));
        for value in ["", ".", ".."] {
            let err = build_with(&a, &[("id", value)]).unwrap_err();
            assert!(
                matches!(&err, BuildError::UnsafeValue { name, place, .. } if name == "id" && place == "the URL path"),
                "{value:?}: {err}"
            );
        }
        assert_eq!(
            build_with(&a, &[("id", "...")]).unwrap().url,
            "https://x.test/orders/.../items"
        );
        assert_eq!(
            build_with(&a, &[("id", ".%2E")]).unwrap().url,
            "https://x.test/orders/.%252E/items",
            "a value's own `%` is encoded, so it cannot spell a dot segment"
        );
    }

    #[test]
    fn literal_query_values_are_encoded_like_substituted_ones() {
        let a = action(
            "method: GET\nurl: https://x.test/s?fixed=1\nquery:\n  q: \"SELECT a, b\"\n  tag: \"#vip\"\n  mix: \"a+b&{{t}}=%\"\nvariables:\n  - {name: t, type: string}\n",
        );
        assert_eq!(
            build_with(&a, &[("t", "x#y")]).unwrap().url,
            "https://x.test/s?fixed=1&q=SELECT%20a%2C%20b&tag=%23vip&mix=a%2Bb%26x%23y%3D%25"
        );
    }

    #[test]
    fn a_missing_context_value_asks_for_a_context_file() {
        assert_eq!(
            BuildError::MissingUrlValue("contact.id".into()).to_string(),
            "`contact.id` has no value, but the URL needs it (set it in a --context FILE: `contact: {id: VALUE}`)"
        );
        assert_eq!(
            BuildError::MissingUrlValue("agent_id".into()).to_string(),
            "`agent_id` has no value, but the URL needs it (set it in a --context FILE: `agent_id: VALUE`)"
        );
        assert_eq!(
            BuildError::MissingUrlValue("n".into()).to_string(),
            "`n` has no value, but the URL needs it (give --var n=VALUE)"
        );
    }

    #[test]
    fn base_url_keeps_path_and_query_bytes() {
        let base = url::Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            apply_base_url(
                "https://api.test/v1/%2E%2E/a/./b/%2e?q=%2e%2E&x=a%20b",
                &base
            )
            .unwrap(),
            "http://127.0.0.1:8080/v1/%2E%2E/a/./b/%2e?q=%2e%2E&x=a%20b"
        );
        assert_eq!(
            apply_base_url("https://api.test", &base).unwrap(),
            "http://127.0.0.1:8080/"
        );
        let v6 = url::Url::parse("http://[::1]:9/pre/").unwrap();
        assert_eq!(
            apply_base_url("https://api.test/x?y", &v6).unwrap(),
            "http://[::1]:9/pre/x?y"
        );
    }

    #[test]
    fn context_values_fill_templates() {
        let a = action(
            "method: POST\nurl: https://x.test/\nbody:\n  name: \"{{contact.first_name}}\"\n  who: \"{{agent_name}}\"\n",
        );
        let ctx = Context::from_pairs([("contact.first_name".to_string(), "Ada".to_string())]);
        let r = build(&a, &HashMap::new(), &ctx).unwrap();
        assert_eq!(r.body, Some(json!({"name": "Ada", "who": null})));
    }
}
