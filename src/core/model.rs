//! The action model: what one action file means once it has been parsed
//! and checked. Built by [`crate::core::parse`]; consumed by request building,
//! output and (later) the transport.

use std::time::Duration;

use crate::core::constraint::Constraints;
use crate::core::convert::{TypedValue, ValueError, VarType, convert_list};
use crate::core::diagnostic::Location;
use crate::core::template::Template;

/// Names a template may use besides the action's own variables.
pub(crate) const CONTEXT_NAMES: [&str; 11] = [
    "contact.first_name",
    "contact.last_name",
    "contact.email",
    "contact.phone_number",
    "contact.id",
    "agent_number",
    "agent_name",
    "agent_id",
    "direction",
    "medium",
    "current_datetime",
];

/// The default whole-exchange timeout.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Shortest duration accepted anywhere (`timeout:`, `--timeout`).
pub(crate) const MIN_DURATION: Duration = Duration::from_millis(1);
/// Longest duration accepted anywhere (`timeout:`, `--timeout`).
pub(crate) const MAX_DURATION: Duration = Duration::from_secs(60 * 60);

/// One custom API action, checked and ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// The file stem, e.g. `lookup-order`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the LLM reads to decide when to call the action.
    pub description: String,
    /// HTTP method.
    pub method: Method,
    /// URL template, with `https://` prepended when it had no scheme.
    pub url: Located<Template>,
    /// How the credential is sent.
    pub auth: Auth,
    /// Header names and value templates, in file order.
    pub headers: Vec<Field>,
    /// Query names and value templates, appended to the URL in file order.
    pub query: Vec<Field>,
    /// The body (`body:` or `form:`), if any.
    pub body: Option<Body>,
    /// Whole-exchange deadline.
    pub timeout: Duration,
    /// The parameters the LLM collects.
    pub variables: Vec<Variable>,
    /// What counts as success for `test`.
    pub expect: Expect,
    /// Canned answers for `test --mock`, in file order (v1's single
    /// answer is a list of one; empty: no `mock:`).
    pub mock: Vec<Mock>,
    /// `cases:`: named runs with their own values, mock answer and
    /// expectations, in file order.
    pub cases: Vec<Case>,
    /// Values pulled out of the response, in file order.
    pub extract: Vec<Extraction>,
    /// What the agent is handed of the response (`response:`); `None`
    /// hands over the whole body.
    pub response: Option<crate::core::shape::ResponseShape>,
    /// The KEYs of the `{{env.KEY}}` placeholders its templates use,
    /// sorted: the selected environment must define each.
    pub env_keys: Vec<String>,
}

/// One `extract:` entry: a name and the JSONPath that finds its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extraction {
    /// The variable the value is stored as.
    pub name: String,
    /// An RFC 9535 JSONPath, bounded and parsed at validation.
    pub path: crate::core::jsonpath::CheckedPath,
}

impl Action {
    /// The declared variable called `name`.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// True when any template of the action (URL, headers, query, basic
    /// auth username, body or form) uses the placeholder `name`.
    pub fn uses(&self, name: &str) -> bool {
        let in_template = |t: &Template| t.placeholders().any(|(n, _)| n == name);
        in_template(&self.url.value)
            || self
                .headers
                .iter()
                .chain(&self.query)
                .any(|f| in_template(&f.value))
            || matches!(&self.auth, Auth::Basic { username, .. } if in_template(username))
            || self.body.as_ref().is_some_and(|b| b.uses(name))
    }

    /// The secret names this action refers to.
    pub fn secret_names(&self) -> Vec<&str> {
        self.auth.secret().into_iter().collect()
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    /// Where it starts in the file.
    pub location: Location,
}

/// A header or query entry: a literal name and a value template.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Header or parameter name.
    pub name: String,
    /// Value template.
    pub value: Template,
}

/// The five HTTP methods an action may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// Parses a method name in any case.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "GET" => Self::Get,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            _ => return None,
        })
    }

    /// The upper-case method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// The auth types of the format, as `auth.type` names them; shared by the
/// model, the drafts of `new` and its `--auth` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// `none`
    None,
    /// `bearer`
    Bearer,
    /// `basic`
    Basic,
    /// `header`
    Header,
    /// `body`
    Body,
    /// `query`
    Query,
}

impl AuthKind {
    /// Every kind, in the order the format lists them.
    pub const ALL: [Self; 6] = [
        Self::None,
        Self::Bearer,
        Self::Basic,
        Self::Header,
        Self::Body,
        Self::Query,
    ];

    /// The name as written in action files.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Bearer => "bearer",
            Self::Basic => "basic",
            Self::Header => "header",
            Self::Body => "body",
            Self::Query => "query",
        }
    }

    /// The kind called `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// How a credential is attached to the request.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// No credential.
    None,
    /// `Authorization: Bearer <secret>`.
    Bearer {
        /// Secret name.
        secret: String,
    },
    /// `Authorization: Basic base64(username:secret)`.
    Basic {
        /// Username template.
        username: Template,
        /// Secret name.
        secret: String,
    },
    /// `Authorization: Basic base64(secret:)`: basic auth written with
    /// `username_secret`, the secret as the username and an empty
    /// password (Stripe, Chargebee: `curl -u KEY:`).
    BasicKey {
        /// Secret name.
        secret: String,
    },
    /// `<header>: <prefix><secret>`.
    Header {
        /// Header name, e.g. `X-API-Key`.
        header: String,
        /// Text before the secret, e.g. `Token ` (empty: none).
        prefix: String,
        /// Secret name.
        secret: String,
    },
    /// `"<param>": "<secret>"` merged into the top level of the JSON body,
    /// or `<param>=<secret>` appended to the form fields.
    Body {
        /// Body key, e.g. `api_key`.
        param: String,
        /// Secret name.
        secret: String,
    },
    /// `<param>=<secret>` appended to the query string.
    Query {
        /// Query parameter name, e.g. `api_key`.
        param: String,
        /// Secret name.
        secret: String,
    },
}

impl Auth {
    /// The secret name, for every type but `none`.
    pub fn secret(&self) -> Option<&str> {
        match self {
            Self::None => None,
            Self::Bearer { secret }
            | Self::Basic { secret, .. }
            | Self::BasicKey { secret }
            | Self::Header { secret, .. }
            | Self::Body { secret, .. }
            | Self::Query { secret, .. } => Some(secret),
        }
    }

    /// Which auth type this is.
    pub fn kind(&self) -> AuthKind {
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

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A YAML mapping or sequence; strings in it may hold templates.
    Structured(BodyNode),
    /// JSON text in which placeholders may stand in value position.
    JsonText(Template),
    /// `form:`: fields sent as `application/x-www-form-urlencoded`, in
    /// file order.
    Form(Vec<FormField>),
}

impl Body {
    /// True when the body uses the placeholder `name`.
    pub fn uses(&self, name: &str) -> bool {
        let in_template = |t: &Template| t.placeholders().any(|(p, _)| p == name);
        match self {
            Self::Structured(node) => node.uses(name),
            Self::JsonText(t) => in_template(t),
            Self::Form(fields) => fields.iter().flat_map(|f| &f.values).any(in_template),
        }
    }
}

/// One `form:` entry: a literal name and the value templates sent under
/// it, one for a scalar, one per item for a YAML sequence (the name is
/// repeated for each value sent).
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The field name, written literally (`metadata[order_id]`).
    pub name: String,
    /// The value templates, in order.
    pub values: Vec<Template>,
}

impl BodyNode {
    /// True when this value or any inside it uses the placeholder `name`.
    pub fn uses(&self, name: &str) -> bool {
        match self {
            Self::Literal(_) => false,
            Self::Text(t) => t.placeholders().any(|(p, _)| p == name),
            Self::Array(items) => items.iter().any(|i| i.uses(name)),
            Self::Object(entries) => entries.iter().any(|(_, v)| v.uses(name)),
        }
    }
}

/// What a request body is sent as, for checking a `Content-Type` header
/// against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    /// JSON: a `body:`, or the object that body auth creates.
    Json,
    /// `application/x-www-form-urlencoded`: a `form:`.
    Form,
}

impl BodyKind {
    /// The media types that fit, as said in messages.
    pub(crate) fn expected(self) -> &'static str {
        match self {
            Self::Json => "application/json or an application/*+json type",
            Self::Form => "application/x-www-form-urlencoded",
        }
    }

    /// The kind's name in messages ("the JSON body").
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Form => "form",
        }
    }

    /// True when a `Content-Type` of `media` describes this body. JSON:
    /// `application/json` or a `+json` structured-syntax suffix (RFC 6839,
    /// e.g. `application/vnd.api+json`), any case, with any parameters
    /// except a charset other than UTF-8 (the body is sent as UTF-8, as
    /// RFC 8259 requires). Form: `application/x-www-form-urlencoded`,
    /// any case, a charset (if any) UTF-8: the fields are sent as
    /// percent-encoded UTF-8; `multipart/form-data` is another format.
    pub(crate) fn fits(self, media: &mime::Mime) -> bool {
        let utf8 = media
            .get_param(mime::CHARSET)
            .is_none_or(|c| c.as_str().eq_ignore_ascii_case("utf-8"));
        match self {
            Self::Json => {
                let json_type = media.type_() == mime::APPLICATION
                    && (media.subtype() == mime::JSON || media.suffix() == Some(mime::JSON));
                json_type && utf8
            }
            Self::Form => {
                media.type_() == mime::APPLICATION
                    && media.subtype() == mime::WWW_FORM_URLENCODED
                    && media.suffix().is_none()
                    && utf8
            }
        }
    }
}

/// A JSON value whose strings are templates.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyNode {
    /// A literal null, boolean or number.
    Literal(serde_json::Value),
    /// A string: exactly one placeholder takes the variable's typed value.
    Text(Template),
    Array(Vec<BodyNode>),
    /// An object, in file order.
    Object(Vec<(String, BodyNode)>),
}

/// One declared variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// `[A-Za-z_][A-Za-z0-9_]*`.
    pub name: String,
    /// The type of a value; for `type: array`, of each item.
    pub ty: VarType,
    /// `type: array`: a value is a list of items of `ty`.
    pub array: bool,
    /// What a value (for an array, each item) must meet beyond its type.
    pub constraints: Constraints,
    /// What the LLM is told it is.
    pub description: Option<String>,
    /// A sample value, valid for the type.
    pub example: Option<TypedValue>,
    /// Whether a value must be given.
    pub required: bool,
    /// Used when not required and not given.
    pub default: Option<TypedValue>,
}

impl Variable {
    /// The type as the format names it: `string`, `array of string`.
    pub fn type_name(&self) -> String {
        if self.array {
            format!("array of {}", self.ty)
        } else {
            self.ty.name().to_string()
        }
    }

    /// Checks and converts `--var` text (for an array, JSON array
    /// text), then checks the constraints.
    pub fn convert(&self, raw: &str) -> Result<TypedValue, ValueError> {
        let value = if self.array {
            TypedValue::List(convert_list(self.ty, raw)?)
        } else {
            self.ty.convert(raw)?
        };
        self.check(&value)?;
        Ok(value)
    }

    /// Checks a converted value against the constraints: a list item by
    /// item, naming the first item that breaks one.
    pub fn check(&self, value: &TypedValue) -> Result<(), ValueError> {
        match value {
            TypedValue::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.constraints.check(item).map_err(|e| ValueError::Item {
                        index: i + 1,
                        source: Box::new(e.into()),
                    })?;
                }
                Ok(())
            }
            single => Ok(self.constraints.check(single)?),
        }
    }
}

/// What counts as success: the status codes, and the checks of the
/// response beyond them.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// Any one of these matches.
    pub status: Vec<StatusMatch>,
    /// `body`, `headers`, `schema`, `max_duration`.
    pub checks: crate::core::check::Checks,
}

impl Default for Expect {
    fn default() -> Self {
        Self {
            status: vec![StatusMatch::Class(2)],
            checks: crate::core::check::Checks::default(),
        }
    }
}

impl Expect {
    /// True when `status` passes.
    pub fn accepts(&self, status: u16) -> bool {
        self.status.iter().any(|m| m.matches(status))
    }
}

/// One accepted status: an exact code or a class such as `2xx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// Exactly this code.
    Code(u16),
    /// Any code whose hundreds digit is this.
    Class(u16),
}

impl StatusMatch {
    /// Parses `200` or `2xx`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(digit) = text.strip_suffix("xx") {
            let class: u16 = digit.parse().ok()?;
            return (1..=5).contains(&class).then_some(Self::Class(class));
        }
        let code: u16 = text.parse().ok()?;
        (100..=599).contains(&code).then_some(Self::Code(code))
    }

    /// True when `status` matches.
    pub fn matches(self, status: u16) -> bool {
        match self {
            Self::Code(c) => c == status,
            Self::Class(c) => status / 100 == c,
        }
    }
}

/// One canned answer of `test --mock`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mock {
    /// `name:`, for `--mock=NAME` and a case's `mock:`.
    pub name: Option<String>,
    /// `when:`: the variable values a request must have for this answer
    /// to be picked (empty: always picked).
    pub when: Vec<(String, TypedValue)>,
    /// Status code (default 200).
    pub status: u16,
    /// Response headers.
    pub headers: Vec<(String, String)>,
    /// Response body; its strings may hold `{{var}}` templates.
    pub body: Option<MockBody>,
    /// How long the server waits before answering.
    pub delay: Option<Duration>,
}

/// A mock answer's body.
#[derive(Debug, Clone, PartialEq)]
pub enum MockBody {
    /// A YAML mapping, sequence or scalar other than a string: sent as
    /// JSON, placeholders taking typed values as in request bodies.
    Json(BodyNode),
    /// A string: sent as it is, placeholders taking the values' text.
    Text(Template),
}

/// One `cases:` entry of an action file.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Unique in the file.
    pub name: String,
    /// `vars:` as `--var` text, checked at validation; variables left
    /// out take their example (or default), as `test --all` does.
    pub vars: Vec<(String, String)>,
    /// The mock answer to use under `--mock` (else picked by `when`).
    pub mock: Option<String>,
    /// `timeout:`, replacing the action's for this case.
    pub timeout: Option<Duration>,
    /// What the case expects.
    pub expect: CaseExpect,
}

/// What an action case expects.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseExpect {
    /// A response that passes this `expect` (the action's own when the
    /// case has none).
    Response(Expect),
    /// `fails: timeout` / `fails: transport`: no response at all.
    Fails(ExpectedFailure),
}

/// The transport failure a case expects instead of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedFailure {
    /// The deadline passed (`fails: timeout`).
    Timeout,
    /// Any transport failure (`fails: transport`).
    Transport,
}

impl ExpectedFailure {
    /// The names `fails:` takes.
    pub const NAMES: [&str; 2] = ["timeout", "transport"];

    /// The kind called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "timeout" => Some(Self::Timeout),
            "transport" => Some(Self::Transport),
            _ => None,
        }
    }

    /// As written in files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::Transport => "transport",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_in_any_case() {
        assert_eq!(Method::parse("get"), Some(Method::Get));
        assert_eq!(Method::parse("Patch"), Some(Method::Patch));
        assert_eq!(Method::parse("HEAD"), None);
    }

    #[test]
    fn json_bodies_fit_json_media_types_only() {
        let fits = |text: &str| BodyKind::Json.fits(&text.parse().unwrap());
        for ok in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=\"UTF-8\"",
            "application/vnd.api+json",
            "application/merge-patch+json; profile=x",
        ] {
            assert!(fits(ok), "{ok}");
        }
        for contradiction in [
            "application/x-www-form-urlencoded",
            "text/plain",
            "multipart/form-data; boundary=x",
            "text/json",
            "application/json; charset=iso-8859-1",
            "application/jsonx",
            "application/xml",
        ] {
            assert!(!fits(contradiction), "{contradiction}");
        }
    }

    #[test]
    fn form_bodies_fit_the_urlencoded_media_type_only() {
        let fits = |text: &str| BodyKind::Form.fits(&text.parse().unwrap());
        for ok in [
            "application/x-www-form-urlencoded",
            "Application/X-WWW-Form-URLEncoded",
            "application/x-www-form-urlencoded; charset=UTF-8",
        ] {
            assert!(fits(ok), "{ok}");
        }
        for contradiction in [
            "multipart/form-data; boundary=x",
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded; charset=latin1",
        ] {
            assert!(!fits(contradiction), "{contradiction}");
        }
    }

    #[test]
    fn status_matches_codes_and_classes() {
        assert_eq!(StatusMatch::parse("2xx"), Some(StatusMatch::Class(2)));
        assert_eq!(StatusMatch::parse("404"), Some(StatusMatch::Code(404)));
        assert_eq!(StatusMatch::parse("6xx"), None);
        assert_eq!(StatusMatch::parse("99"), None);
        let expect = Expect {
            status: vec![StatusMatch::Code(200), StatusMatch::Class(4)],
            ..Expect::default()
        };
        assert!(expect.accepts(200) && expect.accepts(404));
        assert!(!expect.accepts(201));
        assert!(Expect::default().accepts(204));
        assert!(!Expect::default().accepts(302));
    }
}
