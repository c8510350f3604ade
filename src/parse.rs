//! From a located YAML document to an [`Action`]: every semantic rule of
//! the action format, each problem reported at its own line and column.
//! Structural rules (types, required keys, unknown keys) live in the JSON
//! Schema ([`crate::schema`]); this module stays silent where the schema
//! already speaks.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use marked_yaml::Node;
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};

use crate::convert::{TypedValue, VarType};
use crate::credentials;
use crate::diagnostic::{Diagnostic, Location};
use crate::json_text;
use crate::jsonpath::{CheckedPath, PathProblem};
use crate::model::{
    Action, Auth, Body, BodyKind, BodyNode, CONTEXT_NAMES, DEFAULT_TIMEOUT, Expect, Extraction,
    Field, Located, MAX_DURATION, MIN_DURATION, Method, Mock, StatusMatch, Variable,
};
use crate::suggest::did_you_mean;
use crate::template::Template;
use crate::yaml::{Document, node_start, scalar_to_json};

/// Most `extract:` entries one action may have: each JSONPath costs a
/// parse at validation, so a file cannot make `validate` slow with
/// thousands of them.
pub const MAX_EXTRACTIONS: usize = 64;

/// Builds the action from `doc`, with every semantic problem found.
/// The action is `None` when any error was found.
pub fn parse_action(id: &str, path: &str, doc: &Document) -> (Option<Action>, Vec<Diagnostic>) {
    let mut parser = Parser {
        path,
        doc,
        diagnostics: Vec::new(),
        uses: Vec::new(),
    };
    let action = parser.action(id);
    parser.check_references(action.as_ref());
    let mut diagnostics = parser.diagnostics;
    diagnostics.sort_by_key(|d| d.location);
    let action = action.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    (action, diagnostics)
}

/// The `variables:` list of any mapping (flows declare inputs the same
/// way actions do), with its problems.
pub fn parse_variables(
    path: &str,
    doc: &Document,
    map: &MarkedMappingNode,
) -> (Option<Vec<Variable>>, Vec<Diagnostic>) {
    let mut parser = Parser {
        path,
        doc,
        diagnostics: Vec::new(),
        uses: Vec::new(),
    };
    let variables = parser.variables(map);
    (variables, parser.diagnostics)
}

/// Placeholder names with the location each stands at.
pub type Uses = Vec<(String, Location)>;

/// A scalar parsed as a template, with each placeholder's location, or
/// the located parse error.
pub fn parse_template(
    doc: &Document,
    scalar: &MarkedScalarNode,
) -> Result<(Template, Uses), (Location, String)> {
    match Template::parse(scalar.as_str()) {
        Ok(template) => {
            let uses = template
                .segments()
                .iter()
                .filter_map(|s| match s {
                    crate::template::Segment::Placeholder { name, offset, len } => {
                        Some((name.clone(), doc.locate_in_scalar(scalar, *offset, *len)))
                    }
                    crate::template::Segment::Literal(_) => None,
                })
                .collect();
            Ok((template, uses))
        }
        Err(e) => Err((doc.locate_in_scalar(scalar, e.offset(), 2), e.to_string())),
    }
}

struct Parser<'a> {
    path: &'a str,
    doc: &'a Document,
    diagnostics: Vec<Diagnostic>,
    /// Every placeholder seen: name and where it stands.
    uses: Vec<(String, Location)>,
}

impl Parser<'_> {
    fn error(&mut self, at: Location, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.path, at, message));
    }

    fn warning(&mut self, at: Location, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, at, message));
    }

    fn action(&mut self, id: &str) -> Option<Action> {
        let root = self.doc.root();
        let name = self.display_text(root, "name");
        let description = self.display_text(root, "description");
        let method = self.method(root);
        let url = self.url(root);
        let auth = self.auth(root);
        let headers = self.fields(root, "headers");
        let query = self.fields(root, "query");
        self.check_header_conflicts(auth.as_ref());
        let body = self.body(root, method, auth.as_ref());
        self.check_content_type(root, body_kind(root, auth.as_ref()));
        let timeout = self.timeout(root);
        let variables = self.variables(root);
        let expect = self.expect(root);
        let mock = self.mock(root);
        let extract = self.extract(root);
        Some(Action {
            id: id.to_string(),
            name: name?,
            description: description?,
            method: method?,
            url: url?,
            auth: auth?,
            headers: headers?,
            query: query?,
            body: body?,
            timeout: timeout?,
            variables: variables?,
            expect: expect?,
            mock: mock?,
            extract: extract?,
        })
    }

    /// `name` and `description`: text the LLM reads, so no control characters.
    fn display_text(&mut self, root: &MarkedMappingNode, key: &str) -> Option<String> {
        let scalar = string_scalar(root, key)?;
        if scalar
            .as_str()
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            self.error(
                node_start(scalar.span()),
                format!("`{key}` holds control characters"),
            );
            return None;
        }
        Some(scalar.as_str().to_string())
    }

    fn method(&mut self, root: &MarkedMappingNode) -> Option<Method> {
        let scalar = string_scalar(root, "method")?;
        let method = Method::parse(scalar.as_str());
        if method.is_none() {
            let hint = did_you_mean(scalar.as_str(), ["GET", "POST", "PUT", "PATCH", "DELETE"]);
            self.error(
                node_start(scalar.span()),
                format!(
                    "unknown method `{}`: use GET, POST, PUT, PATCH or DELETE{hint}",
                    scalar.as_str()
                ),
            );
        }
        method
    }

    /// Parses a scalar as a template, recording its placeholders.
    fn template(&mut self, scalar: &MarkedScalarNode) -> Option<Template> {
        match parse_template(self.doc, scalar) {
            Ok((template, uses)) => {
                self.uses.extend(uses);
                Some(template)
            }
            Err((at, message)) => {
                self.error(at, message);
                None
            }
        }
    }

    fn url(&mut self, root: &MarkedMappingNode) -> Option<Located<Template>> {
        let scalar = string_scalar(root, "url")?;
        let location = node_start(scalar.span());
        let template = self.template(scalar)?;
        if literal_text(&template)
            .trim()
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            self.error(
                location,
                "url holds spaces or control characters; percent-encode them (%20)",
            );
            return None;
        }
        let text = scalar.as_str().trim();
        let full = if text.contains("://") {
            template
        } else {
            Template::parse(&format!("https://{text}")).ok()?
        };
        let probe = full.render_with(|_| Ok::<_, ()>("x".to_string())).ok()?;
        let url = match url::Url::parse(&probe) {
            Ok(url) => url,
            Err(e) => {
                self.error(location, format!("url `{text}` is not a valid URL: {e}"));
                return None;
            }
        };
        let mut ok = true;
        for problem in url_text_problems(&full, &probe) {
            self.error(location, problem);
            ok = false;
        }
        if !matches!(url.scheme(), "http" | "https") {
            self.error(
                location,
                format!(
                    "url scheme `{}` is not supported; use https:// or http://",
                    url.scheme()
                ),
            );
            ok = false;
        }
        if !url.username().is_empty() || url.password().is_some() {
            self.error(
                location,
                "url holds credentials (user:password@); use `auth:` with a stored secret instead",
            );
            ok = false;
        }
        for (key, value) in url.query_pairs() {
            if credentials::is_sensitive_name(&key) && !value.is_empty() && value != "x" {
                self.error(
                    location,
                    literal_credential_message("query parameter", &key),
                );
                ok = false;
            }
        }
        if credentials::has_token_shape(text) {
            self.error(
                location,
                "url holds what looks like a credential; use `auth:` with a stored secret",
            );
            ok = false;
        }
        if url.scheme() == "http" && !is_loopback(url.host_str().unwrap_or_default()) {
            self.warning(
                location,
                format!(
                    "url uses plain http:// to `{}`; requests and credentials travel unencrypted",
                    url.host_str().unwrap_or_default()
                ),
            );
        }
        ok.then_some(Located {
            value: full,
            location,
        })
    }

    fn fields(&mut self, root: &MarkedMappingNode, key: &str) -> Option<Vec<Field>> {
        let Some(map) = root.get_mapping(key) else {
            return Some(Vec::new());
        };
        let is_header = key == "headers";
        let mut fields = Vec::new();
        let mut ok = true;
        for (name, value) in map.iter() {
            let Node::Scalar(value) = value else {
                ok = false;
                continue;
            };
            if is_header && !is_header_name(name.as_str()) {
                self.error(
                    node_start(name.span()),
                    format!("`{}` is not a valid header name", name.as_str()),
                );
                ok = false;
            }
            if is_header && value.as_str().contains(['\r', '\n']) {
                self.error(
                    node_start(value.span()),
                    format!("header `{}` value holds a line break", name.as_str()),
                );
                ok = false;
                continue;
            }
            let Some(template) = self.template(value) else {
                ok = false;
                continue;
            };
            ok &= self.check_literal_credential(key, name.as_str(), value, &template);
            fields.push(Field {
                name: name.as_str().to_string(),
                value: template,
            });
        }
        ok.then_some(fields)
    }

    fn check_literal_credential(
        &mut self,
        key: &str,
        name: &str,
        value: &MarkedScalarNode,
        template: &Template,
    ) -> bool {
        let at = node_start(value.span());
        let what = if key == "headers" {
            "header"
        } else {
            "query parameter"
        };
        let literal = literal_text(template);
        if credentials::has_token_shape(&literal) {
            self.error(at, literal_credential_message(what, name));
            return false;
        }
        if !credentials::is_sensitive_name(name) {
            return true;
        }
        if credentials::is_literal_credential(&literal) {
            self.error(at, literal_credential_message(what, name));
            return false;
        }
        if !template.is_literal() {
            self.warning(
                at,
                format!(
                    "{what} `{name}` takes a credential from a template value; prefer `auth:` with a stored secret"
                ),
            );
        }
        true
    }

    fn check_header_conflicts(&mut self, auth: Option<&Auth>) {
        let auth_header = match auth {
            Some(Auth::Bearer { .. } | Auth::Basic { .. }) => "authorization",
            Some(Auth::Header { header, .. }) => header.as_str(),
            _ => return,
        };
        let Some(map) = self.doc.root().get_mapping("headers") else {
            return;
        };
        let type_name = auth.map_or("none", Auth::type_name);
        for key in map
            .keys()
            .filter(|k| k.as_str().eq_ignore_ascii_case(auth_header))
        {
            self.error(
                node_start(key.span()),
                format!(
                    "header `{}` is also set by auth type {type_name}; remove one",
                    key.as_str()
                ),
            );
        }
    }

    /// A literal `Content-Type` header must describe the body that is
    /// sent; a templated one cannot be checked, so it is refused too.
    fn check_content_type(&mut self, root: &MarkedMappingNode, kind: Option<BodyKind>) {
        let (Some(kind), Some(headers)) = (kind, root.get_mapping("headers")) else {
            return;
        };
        let content_types = headers
            .iter()
            .filter(|(name, _)| name.as_str().eq_ignore_ascii_case("content-type"))
            .filter_map(|(name, value)| Some((name.as_str(), value.as_scalar()?)));
        for (name, value) in content_types {
            let Ok(template) = Template::parse(value.as_str()) else {
                continue;
            };
            let at = node_start(value.span());
            let body = kind.name();
            let expected = kind.expected();
            if !template.is_literal() {
                self.error(at, format!("header `{name}` takes a template, but the body is always {body}: write {expected}, or leave the header out"));
                continue;
            }
            let text = literal_text(&template);
            match text.trim().parse::<mime::Mime>() {
                Ok(media) if kind.fits(&media) => {}
                Ok(_) => self.error(at, format!("header `{name}: {text}` contradicts the {body} body: use {expected}, or leave the header out")),
                Err(_) => self.error(at, format!("header `{name}: {text}` is not a media type; the body is {body}: use {expected}")),
            }
        }
    }

    fn auth(&mut self, root: &MarkedMappingNode) -> Option<Auth> {
        let Some(map) = root.get_mapping("auth") else {
            return match root.get_node("auth") {
                None => Some(Auth::None),
                Some(_) => None,
            };
        };
        let type_name = string_scalar(map, "type")?.as_str().to_string();
        let allowed: &[&str] = match type_name.as_str() {
            "none" => &[],
            "bearer" => &["secret"],
            "basic" => &["username", "secret"],
            "header" => &["header", "secret"],
            "body" => &["param", "secret"],
            _ => return None,
        };
        let auth_key_at = root
            .keys()
            .find(|k| k.as_str() == "auth")
            .map_or(Location::START, |k| node_start(k.span()));
        let mut ok = true;
        for (key, _) in map.iter() {
            let key_name = key.as_str();
            if key_name != "type"
                && !allowed.contains(&key_name)
                && ["secret", "username", "header", "param"].contains(&key_name)
            {
                self.error(
                    node_start(key.span()),
                    format!("`auth.{key_name}` does not apply to auth type {type_name}"),
                );
                ok = false;
            }
        }
        for needed in allowed {
            if map.get_node(needed).is_none() {
                self.error(
                    auth_key_at,
                    format!("auth type {type_name} needs `auth.{needed}`"),
                );
                ok = false;
            }
        }
        let secret = match string_scalar(map, "secret") {
            Some(s) => self.secret_name(s),
            None => Some(String::new()),
        };
        let text = |k: &str| string_scalar(map, k).map(|s| s.as_str().to_string());
        let auth = match type_name.as_str() {
            "none" => Auth::None,
            "bearer" => Auth::Bearer { secret: secret? },
            "basic" => {
                let username = self.template(string_scalar(map, "username")?)?;
                Auth::Basic {
                    username,
                    secret: secret?,
                }
            }
            "header" => {
                let header = string_scalar(map, "header")?;
                if !is_header_name(header.as_str()) {
                    self.error(
                        node_start(header.span()),
                        format!("`{}` is not a valid header name", header.as_str()),
                    );
                    ok = false;
                }
                Auth::Header {
                    header: text("header")?,
                    secret: secret?,
                }
            }
            _ => Auth::Body {
                param: text("param")?,
                secret: secret?,
            },
        };
        ok.then_some(auth)
    }

    fn secret_name(&mut self, scalar: &MarkedScalarNode) -> Option<String> {
        let name = scalar.as_str();
        let at = node_start(scalar.span());
        if credentials::has_token_shape(name) || credentials::looks_random(name) {
            self.error(
                at,
                "`auth.secret` names a stored secret, but this looks like the credential itself; store it with `actionctl secret set NAME` and write the NAME here",
            );
            return None;
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            self.error(
                at,
                format!("secret name `{name}` may hold only letters, digits, `-`, `_` and `.`"),
            );
            return None;
        }
        Some(name.to_string())
    }

    fn body(
        &mut self,
        root: &MarkedMappingNode,
        method: Option<Method>,
        auth: Option<&Auth>,
    ) -> Option<Option<Body>> {
        let Some(node) = root.get_node("body") else {
            return Some(None);
        };
        let at = node_start(node.span());
        if method == Some(Method::Get) {
            self.warning(
                at,
                "GET request with a body; many servers ignore or refuse it",
            );
        }
        let body = match node {
            Node::Scalar(scalar) => self.json_text_body(scalar)?,
            other => Body::Structured(self.body_node(other)?),
        };
        let is_object = match &body {
            Body::Structured(node) => matches!(node, BodyNode::Object(_)),
            Body::JsonText(_) => node
                .as_scalar()
                .is_some_and(|s| s.as_str().trim_start().starts_with('{')),
        };
        if matches!(auth, Some(Auth::Body { .. })) && !is_object {
            self.error(at, "auth type body merges the credential into a JSON object, but this body is not an object");
            return None;
        }
        Some(Some(body))
    }

    fn json_text_body(&mut self, scalar: &MarkedScalarNode) -> Option<Body> {
        let template = self.template(scalar)?;
        if let Err(e) = json_text::check(scalar.as_str(), &template) {
            let rest = &scalar.as_str()[e.offset..];
            let needle_len = rest
                .find('\n')
                .unwrap_or(rest.len())
                .clamp(1, 24)
                .min(rest.len());
            let at = self.doc.locate_in_scalar(scalar, e.offset, needle_len);
            self.error(at, format!("body is not valid JSON: {}", e.message));
            return None;
        }
        Some(Body::JsonText(template))
    }

    fn body_node(&mut self, node: &Node) -> Option<BodyNode> {
        Some(match node {
            Node::Scalar(scalar) => match scalar_to_json(scalar) {
                serde_json::Value::String(_) => BodyNode::Text(self.template(scalar)?),
                literal => BodyNode::Literal(literal),
            },
            Node::Sequence(items) => {
                let items: Vec<_> = items.iter().map(|n| self.body_node(n)).collect();
                BodyNode::Array(items.into_iter().collect::<Option<_>>()?)
            }
            Node::Mapping(map) => {
                let mut entries = Vec::new();
                let mut ok = true;
                for (key, value) in map.iter() {
                    if key.as_str().contains("{{") {
                        self.error(
                            node_start(key.span()),
                            "placeholders are not allowed in body keys",
                        );
                        ok = false;
                    }
                    match self.body_node(value) {
                        Some(v) => entries.push((key.as_str().to_string(), v)),
                        None => ok = false,
                    }
                }
                ok.then_some(BodyNode::Object(entries))?
            }
        })
    }

    fn timeout(&mut self, root: &MarkedMappingNode) -> Option<Duration> {
        let Some(node) = root.get_node("timeout") else {
            return Some(DEFAULT_TIMEOUT);
        };
        let scalar = node.as_scalar().filter(|s| scalar_to_json(s).is_string())?;
        match parse_duration(scalar.as_str()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(
                    node_start(scalar.span()),
                    format!("timeout `{}` {e}", scalar.as_str()),
                );
                None
            }
        }
    }

    fn variables(&mut self, root: &MarkedMappingNode) -> Option<Vec<Variable>> {
        let Some(list) = root.get_sequence("variables") else {
            return root.get_node("variables").is_none().then(Vec::new);
        };
        let mut seen: HashMap<String, Location> = HashMap::new();
        let mut variables = Vec::new();
        let mut ok = true;
        for item in list.iter() {
            let Some(map) = item.as_mapping() else {
                ok = false;
                continue;
            };
            match self.variable(map, &mut seen) {
                Some(v) => variables.push(v),
                None => ok = false,
            }
        }
        ok.then_some(variables)
    }

    fn variable(
        &mut self,
        map: &MarkedMappingNode,
        seen: &mut HashMap<String, Location>,
    ) -> Option<Variable> {
        let name_node = string_scalar(map, "name")?;
        let name = name_node.as_str().to_string();
        let at = node_start(name_node.span());
        if !crate::template::is_identifier(&name) {
            return None;
        }
        if let Some(first) = seen.insert(name.clone(), at) {
            self.error(
                at,
                format!("variable `{name}` is declared twice (first at {first})"),
            );
            return None;
        }
        if CONTEXT_NAMES
            .iter()
            .any(|c| c.split('.').next() == Some(name.as_str()))
        {
            self.error(
                at,
                format!(
                    "variable `{name}` would shadow the context variable of that name; rename it"
                ),
            );
            return None;
        }
        let ty = VarType::from_name(string_scalar(map, "type")?.as_str())?;
        let required = map
            .get_scalar("required")
            .map(|s| scalar_to_json(s) == serde_json::Value::Bool(true))
            .unwrap_or(false);
        let example = self.typed_value(map, "example", &name, ty);
        let default = self.typed_value(map, "default", &name, ty);
        let (example, default) = (example?, default?);
        if required && default.is_some() {
            if let Some(node) = map.get_node("default") {
                self.warning(
                    node_start(node.span()),
                    format!("variable `{name}` is required, so its default is never used"),
                );
            }
        }
        Some(Variable {
            name,
            ty,
            description: string_scalar(map, "description").map(|s| s.as_str().to_string()),
            example,
            required,
            default,
        })
    }

    /// `Some(None)` when absent or null, `None` when invalid.
    fn typed_value(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        name: &str,
        ty: VarType,
    ) -> Option<Option<TypedValue>> {
        let Some(scalar) = map.get_scalar(key) else {
            return Some(None);
        };
        if scalar_to_json(scalar).is_null() {
            return Some(None);
        }
        match ty.convert(scalar.as_str()) {
            Ok(v) => Some(Some(v)),
            Err(e) => {
                self.error(
                    node_start(scalar.span()),
                    format!("{key} of variable `{name}`: {e}"),
                );
                None
            }
        }
    }

    fn expect(&mut self, root: &MarkedMappingNode) -> Option<Expect> {
        let Some(node) = root
            .get_mapping("expect")
            .and_then(|m| m.get_node("status"))
        else {
            return Some(Expect::default());
        };
        let items: Vec<&MarkedScalarNode> = match node {
            Node::Scalar(s) => vec![s],
            Node::Sequence(seq) => seq.iter().filter_map(Node::as_scalar).collect(),
            Node::Mapping(_) => return None,
        };
        let status: Option<Vec<StatusMatch>> = items
            .iter()
            .map(|s| StatusMatch::parse(s.as_str()))
            .collect();
        Some(Expect { status: status? })
    }

    fn mock(&mut self, root: &MarkedMappingNode) -> Option<Option<Mock>> {
        let Some(map) = root.get_mapping("mock") else {
            return Some(None);
        };
        let status = match map.get_scalar("status") {
            Some(s) => s
                .as_str()
                .parse()
                .ok()
                .filter(|c| (200..=599).contains(c))?,
            None => 200,
        };
        if let Some(body) = map.get_node("body").filter(|_| no_content_allowed(status)) {
            self.error(
                node_start(body.span()),
                format!(
                    "a {status} response carries no body; remove `mock.body` or use another status"
                ),
            );
            return None;
        }
        let headers = map
            .get_mapping("headers")
            .map(|h| {
                h.iter()
                    .filter_map(|(k, v)| {
                        Some((k.as_str().to_string(), v.as_scalar()?.as_str().to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let body = map.get_node("body").map(node_json);
        Some(Some(Mock {
            status,
            headers,
            body,
        }))
    }

    fn extract(&mut self, root: &MarkedMappingNode) -> Option<Vec<Extraction>> {
        let Some(map) = root.get_mapping("extract") else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (index, (name, path)) in map.iter().enumerate() {
            if index == MAX_EXTRACTIONS {
                self.error(
                    node_start(name.span()),
                    format!("more than {MAX_EXTRACTIONS} `extract:` entries; an action is limited to {MAX_EXTRACTIONS}"),
                );
                return None;
            }
            let Some(path) = path.as_scalar().filter(|s| scalar_to_json(s).is_string()) else {
                ok = false;
                continue;
            };
            match CheckedPath::parse(path.as_str()) {
                Ok(checked) => out.push(Extraction {
                    name: name.as_str().to_string(),
                    path: checked,
                }),
                Err(problem) => {
                    self.extract_problem(name.as_str(), path, &problem);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn extract_problem(&mut self, name: &str, path: &MarkedScalarNode, problem: &PathProblem) {
        let at = match problem {
            PathProblem::TooDeep { offset } => self.doc.locate_in_scalar(path, *offset, 1),
            PathProblem::TooLong { .. } | PathProblem::Syntax(_) => node_start(path.span()),
        };
        let message = match problem {
            PathProblem::Syntax(message) => format!(
                "extract `{name}`: `{}` is not a JSONPath such as $.customer.name: {message}",
                path.as_str()
            ),
            bound => format!("extract `{name}`: {bound}"),
        };
        self.error(at, message);
    }

    fn check_references(&mut self, action: Option<&Action>) {
        let declared: Vec<(String, Location)> = self
            .doc
            .root()
            .get_sequence("variables")
            .map(|list| {
                list.iter()
                    .filter_map(|v| string_scalar(v.as_mapping()?, "name"))
                    .filter(|s| crate::template::is_identifier(s.as_str()))
                    .map(|s| (s.as_str().to_string(), node_start(s.span())))
                    .collect()
            })
            .unwrap_or_default();
        let known: HashSet<&str> = declared
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(CONTEXT_NAMES)
            .collect();
        let uses = std::mem::take(&mut self.uses);
        for (name, at) in &uses {
            if !known.contains(name.as_str()) {
                let hint = did_you_mean(name, known.iter().copied());
                self.error(
                    *at,
                    format!("unknown variable `{name}`: declare it under `variables:` or use a context variable{hint}"),
                );
            }
        }
        let used: HashSet<&str> = uses.iter().map(|(n, _)| n.as_str()).collect();
        for (name, at) in &declared {
            if !used.contains(name.as_str()) && action.is_none_or(|a| a.variable(name).is_some()) {
                self.warning(
                    *at,
                    format!("variable `{name}` is declared but no template uses it"),
                );
            }
        }
    }
}

/// The scalar at `key` when it is a string (not a number, boolean or
/// null: those are type errors the schema reports).
fn string_scalar<'m>(map: &'m MarkedMappingNode, key: &str) -> Option<&'m MarkedScalarNode> {
    map.get_scalar(key)
        .filter(|s| scalar_to_json(s).is_string())
}

/// Statuses whose responses never have content (RFC 9110 §15.3.5,
/// §15.3.6, §15.4.5): a mock body there would not be read as the body.
fn no_content_allowed(status: u16) -> bool {
    matches!(status, 204 | 205 | 304)
}

/// What the request body is sent as, if there is one: `body:` and body
/// auth (which creates an object when there is no body) send JSON.
fn body_kind(root: &MarkedMappingNode, auth: Option<&Auth>) -> Option<BodyKind> {
    (root.get_node("body").is_some() || matches!(auth, Some(Auth::Body { .. })))
        .then_some(BodyKind::Json)
}

fn node_json(node: &Node) -> serde_json::Value {
    match node {
        Node::Scalar(s) => scalar_to_json(s),
        Node::Sequence(seq) => seq.iter().map(node_json).collect(),
        Node::Mapping(map) => map
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), node_json(v)))
            .collect(),
    }
}

/// What keeps the literal text of a URL from going on the wire exactly as
/// written. actionctl sends that text as it is (only values are encoded),
/// so it must already be URI text: RFC 3986 characters, `%` only as
/// `%XX`, no fragment (never sent) and no `.`/`..` segment (resolved away
/// by servers). `probe` is the URL with every placeholder filled.
fn url_text_problems(url: &Template, probe: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let host_end = probe
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| probe[start..].find(['/', '?', '#']).map(|i| start + i));
    let literals = url.segments().iter().filter_map(|s| match s {
        crate::template::Segment::Literal(text) => Some(text.as_str()),
        crate::template::Segment::Placeholder { .. } => None,
    });
    for text in literals {
        for (i, c) in text.char_indices() {
            if c == '#' {
                problems.push(format!(
                    "url holds a fragment (`{}`): it is never sent to the server; remove it, or write `%23` for a literal `#`",
                    &text[i..]
                ));
                break;
            }
            let hex_follows = || {
                let next = text.as_bytes().get(i + 1..i + 3);
                next.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            };
            if c == '%' && !hex_follows() && !seen.contains(&c) {
                seen.push(c);
                problems.push(
                    "url holds `%` not followed by two hex digits; write `%25` for a literal `%`"
                        .to_string(),
                );
            }
            let uri_char = c.is_ascii_alphanumeric() || "-._~:/?[]@!$&'()*+,;=%".contains(c);
            if !uri_char && !seen.contains(&c) {
                seen.push(c);
                problems.push(not_uri_char_message(c, probe, host_end));
            }
        }
    }
    problems.extend(dot_segment_problem(probe, host_end));
    problems
}

fn not_uri_char_message(c: char, probe: &str, host_end: Option<usize>) -> String {
    let in_host = host_end.is_none_or(|end| probe[..end].contains(c));
    if in_host && !c.is_ascii() {
        return format!(
            "url holds `{c}` in its host; write the host in its ASCII form (`xn--…`, as `idn` or a browser shows it)"
        );
    }
    let mut buf = [0u8; 4];
    let encoded: String = c
        .encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    format!("url holds `{c}`, which a URL cannot carry as written; percent-encode it (`{encoded}`)")
}

fn dot_segment_problem(probe: &str, host_end: Option<usize>) -> Option<String> {
    let path = &probe[host_end?..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    path.split('/').find_map(|segment| {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        matches!(decoded.as_ref(), "." | "..").then(|| {
            format!(
                "url path holds the dot segment `{segment}`, which servers resolve away; write the path it stands for"
            )
        })
    })
}

fn literal_text(template: &Template) -> String {
    template
        .segments()
        .iter()
        .filter_map(|s| match s {
            crate::template::Segment::Literal(t) => Some(t.as_str()),
            crate::template::Segment::Placeholder { .. } => None,
        })
        .collect()
}

fn literal_credential_message(what: &str, name: &str) -> String {
    format!(
        "{what} `{name}` holds a literal credential; store it with `actionctl secret set NAME` and use `auth:` instead"
    )
}

/// True for an HTTP header name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// True for localhost and loopback addresses.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Why a duration was refused; reads after the value, as in
/// "timeout `5y` is not a duration such as …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Not a duration at all, or not positive.
    #[error("is not a duration such as 30s, 2m, 1m30s or 500ms")]
    NotADuration,
    /// Below [`MIN_DURATION`]: nothing completes that fast, and traces
    /// count in milliseconds.
    #[error("is too short: durations are at least 1ms")]
    TooShort,
    /// Above [`MAX_DURATION`]: no agent waits that long, and larger
    /// values cannot be added to a clock without overflowing.
    #[error("is too long: durations are at most 1h")]
    TooLong,
}

/// Parses `30s`, `2m`, `1m30s`, `500ms`, `1h` (and ISO 8601 `PT30S`),
/// within [`MIN_DURATION`]..=[`MAX_DURATION`]. Every duration in action
/// files and on the command line goes through here.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let d: jiff::SignedDuration = text
        .trim()
        .parse()
        .map_err(|_| DurationError::NotADuration)?;
    if d.is_negative() || d.is_zero() {
        return Err(DurationError::NotADuration);
    }
    let d = Duration::try_from(d).map_err(|_| DurationError::NotADuration)?;
    if d < MIN_DURATION {
        Err(DurationError::TooShort)
    } else if d > MAX_DURATION {
        Err(DurationError::TooLong)
    } else {
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "name: Lookup\ndescription: Looks up an order by number\n";

    fn run(text: &str) -> (Option<Action>, Vec<String>) {
        let doc = Document::parse(text.as_bytes()).unwrap();
        let (action, diags) = parse_action("a", "a.yaml", &doc);
        (action, diags.iter().map(ToString::to_string).collect())
    }

    fn diags(body: &str) -> Vec<String> {
        run(&format!("{HEAD}{body}")).1
    }

    #[test]
    fn a_full_action_parses() {
        let (action, d) = run(&format!(
            "{HEAD}method: get\nurl: api.test/orders/{{{{order_number}}}}\nauth:\n  type: bearer\n  secret: company-api\ntimeout: 30s\nvariables:\n  - name: order_number\n    type: string\n    required: true\n    example: ORD-1\n"
        ));
        assert_eq!(d, Vec::<String>::new());
        let action = action.unwrap();
        assert_eq!(action.method, Method::Get);
        assert_eq!(action.timeout, Duration::from_secs(30));
        assert_eq!(
            action.auth,
            Auth::Bearer {
                secret: "company-api".into()
            }
        );
        let first = &action.url.value.segments()[0];
        assert_eq!(
            first,
            &crate::template::Segment::Literal("https://api.test/orders/".into())
        );
    }

    #[test]
    fn unknown_variables_are_reported_at_the_placeholder() {
        let d = diags(
            "method: GET\nurl: https://x.test/{{ordr}}\nvariables:\n  - name: order\n    type: string\n",
        );
        assert_eq!(
            d,
            vec![
                "a.yaml:4:21: error: unknown variable `ordr`: declare it under `variables:` or use a context variable (did you mean `order`?)",
                "a.yaml:6:11: warning: variable `order` is declared but no template uses it",
            ]
        );
    }

    #[test]
    fn context_variables_are_known() {
        let d = diags(
            "method: POST\nurl: https://x.test/\nbody:\n  who: \"{{contact.first_name}} {{ agent_name }}\"\n",
        );
        assert_eq!(d, Vec::<String>::new());
    }

    #[test]
    fn method_and_timeout_are_checked() {
        let d = diags("method: FETCH\nurl: https://x.test/\ntimeout: soon\n");
        assert_eq!(
            d,
            vec![
                "a.yaml:3:9: error: unknown method `FETCH`: use GET, POST, PUT, PATCH or DELETE",
                "a.yaml:5:10: error: timeout `soon` is not a duration such as 30s, 2m, 1m30s or 500ms",
            ]
        );
        assert!(
            diags("method: GET\nurl: https://x.test/\ntimeout: 0s\n")[0].contains("not a duration")
        );
    }

    #[test]
    fn literal_credentials_are_refused() {
        let d = diags("method: GET\nurl: https://x.test/?api_key=abc123\n");
        assert!(
            d[0].contains("4:6: error: query parameter `api_key` holds a literal credential"),
            "{d:?}"
        );
        let d = diags(
            "method: GET\nurl: https://x.test/\nheaders:\n  Authorization: Bearer abcdef123456\n",
        );
        assert!(
            d[0].contains("6:18: error: header `Authorization` holds a literal credential"),
            "{d:?}"
        );
        let d = diags("method: GET\nurl: https://x.test/\nquery:\n  key: sk_live_51Habc\n");
        assert!(d[0].contains("literal credential"), "{d:?}");
        let d = diags("method: GET\nurl: https://user:pw@x.test/\n");
        assert!(d[0].contains("credentials"), "{d:?}");
        let d = diags(
            "method: GET\nurl: https://x.test/\nauth:\n  type: bearer\n  secret: sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
        );
        assert!(d[0].contains("looks like the credential itself"), "{d:?}");
    }

    #[test]
    fn auth_shapes_are_checked_per_type() {
        let d = diags(
            "method: GET\nurl: https://x.test/\nauth:\n  type: basic\n  secret: s\n  param: p\n",
        );
        assert_eq!(
            d,
            vec![
                "a.yaml:5:1: error: auth type basic needs `auth.username`",
                "a.yaml:8:3: error: `auth.param` does not apply to auth type basic",
            ]
        );
        let d = diags(
            "method: GET\nurl: https://x.test/\nauth:\n  type: bearer\n  secret: s\nheaders:\n  authorization: x\n",
        );
        assert!(
            d.iter().any(|m| m.contains("also set by auth type bearer")),
            "{d:?}"
        );
    }

    #[test]
    fn json_text_bodies_are_checked_where_they_break() {
        let d = diags(
            "method: POST\nurl: https://x.test/\nbody: |\n  {\"qty\": {{qty}},\n   \"b\": }\nvariables:\n  - name: qty\n    type: integer\n",
        );
        assert_eq!(
            d,
            vec!["a.yaml:7:9: error: body is not valid JSON: expected value"]
        );
    }

    #[test]
    fn a_content_type_must_describe_the_body() {
        let with = |content_type: &str, rest: &str| {
            diags(&format!(
                "method: POST\nurl: https://x.test/\nheaders:\n  Content-Type: {content_type}\n{rest}"
            ))
        };
        assert_eq!(
            with("application/x-www-form-urlencoded", "body:\n  a: 1\n"),
            vec![
                "a.yaml:6:17: error: header `Content-Type: application/x-www-form-urlencoded` contradicts the JSON body: use application/json or an application/*+json type, or leave the header out"
            ]
        );
        for contradiction in ["text/plain", "multipart/form-data; boundary=x"] {
            let d = with(contradiction, "body: '{\"a\": 1}'\n");
            assert!(
                d.len() == 1 && d[0].contains("contradicts the JSON body"),
                "{d:?}"
            );
        }
        let d = with(
            "application/x-www-form-urlencoded",
            "auth:\n  type: body\n  param: key\n  secret: s\n",
        );
        assert!(d.len() == 1 && d[0].contains("contradicts"), "{d:?}");
        assert!(with("Application/Vnd.Api+JSON; charset=UTF-8", "body: {a: 1}\n").is_empty());
        assert!(
            with("text/plain", "").is_empty(),
            "no body, nothing to contradict"
        );
        let d = with(
            "\"{{ct}}\"",
            "body: {a: 1}\nvariables:\n  - {name: ct, type: string}\n",
        );
        assert!(d[0].contains("takes a template"), "{d:?}");
        let d = with("json", "body: {a: 1}\n");
        assert!(d[0].contains("is not a media type"), "{d:?}");
    }

    #[test]
    fn mock_statuses_without_content_take_no_body() {
        let d = diags("method: GET\nurl: https://x.test/\nmock:\n  status: 204\n  body: {a: 1}\n");
        assert_eq!(
            d,
            vec![
                "a.yaml:7:9: error: a 204 response carries no body; remove `mock.body` or use another status"
            ]
        );
        assert!(diags("method: GET\nurl: https://x.test/\nmock:\n  status: 204\n").is_empty());
        let (action, _) = run(&format!(
            "{HEAD}method: GET\nurl: https://x.test/\nmock:\n  status: 101\n"
        ));
        assert!(action.is_none(), "a 1xx mock never makes an action");
    }

    #[test]
    fn body_auth_needs_an_object_body() {
        let d = diags(
            "method: POST\nurl: https://x.test/\nauth:\n  type: body\n  param: api_key\n  secret: s\nbody: [1]\n",
        );
        assert!(d[0].contains("not an object"), "{d:?}");
    }

    #[test]
    fn examples_and_defaults_must_fit_the_type() {
        let d = diags(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n    example: abc\n    default: 4.5\n",
        );
        assert_eq!(
            d,
            vec![
                "a.yaml:8:14: error: example of variable `n`: `abc` is not a valid integer (expected a whole number such as 42)",
                "a.yaml:9:14: error: default of variable `n`: `4.5` is not a valid integer (expected a whole number such as 42)",
            ]
        );
    }

    #[test]
    fn duplicate_and_shadowing_variables_are_errors() {
        let d = diags(
            "method: GET\nurl: https://x.test/{{a}}\nvariables:\n  - name: a\n    type: string\n  - name: a\n    type: string\n  - name: contact\n    type: string\n",
        );
        assert!(
            d[0].contains("8:11: error: variable `a` is declared twice (first at 6:11)"),
            "{d:?}"
        );
        assert!(d[1].contains("shadow"), "{d:?}");
    }

    #[test]
    fn literal_url_text_must_already_be_uri_text() {
        let one = |url: &str| {
            let d = diags(&format!("method: GET\nurl: {url}\n"));
            assert_eq!(d.len(), 1, "{url}: {d:?}");
            d[0].clone()
        };
        assert!(one("https://x.test/a%zz").contains("`%` not followed by two hex digits"));
        assert!(one("https://x.test/a|b").contains("url holds `|`"));
        assert!(one("https://x.test/a/../b").contains("the dot segment `..`"));
        assert!(one("https://x.test/a/%2e/b").contains("the dot segment `%2e`"));
        assert!(
            one("https://bücher.test/a").contains("in its host; write the host in its ASCII form")
        );
        assert!(
            one("https://x.test/{{n}}#top\nvariables:\n  - {name: n, type: string}")
                .contains("fragment (`#top`)")
        );
        assert!(
            diags("method: GET\nurl: https://x.test/a%20b/~x_y-z.json?q=a+b&r=(1);s=[2]!*'@:$,\n")
                .is_empty()
        );
    }

    #[test]
    fn plain_http_to_remote_hosts_is_a_warning() {
        let d = diags("method: GET\nurl: http://api.example.com/\n");
        assert!(d[0].contains("warning: url uses plain http://"), "{d:?}");
        assert!(diags("method: GET\nurl: http://127.0.0.1:8080/\n").is_empty());
    }

    #[test]
    fn bad_templates_are_located() {
        let d = diags("method: GET\nurl: https://x.test/{{ oops\n");
        assert_eq!(
            d,
            vec!["a.yaml:4:21: error: unterminated placeholder: `{{` has no matching `}}`"]
        );
    }

    #[test]
    fn extract_paths_must_parse() {
        let d = diags(
            "method: GET\nurl: https://x.test/\nextract:\n  name: $.customer.name\n  bad: $[oops\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with("a.yaml:7:8: error: extract `bad`: `$[oops` is not a JSONPath"),
            "{d:?}"
        );
    }

    #[test]
    fn extract_paths_are_bounded_where_they_cross_the_limit() {
        let nested = format!("${}{}", "[?@".repeat(30), "]".repeat(30));
        let d = diags(&format!(
            "method: GET\nurl: https://x.test/\nextract:\n  ok: $.a\n  deep: {nested}\n"
        ));
        assert_eq!(
            d,
            vec![
                "a.yaml:7:22: error: extract `deep`: brackets and parentheses nested deeper than 4 levels"
            ]
        );
        let long = format!("$.{}", "a".repeat(300));
        let d = diags(&format!(
            "method: GET\nurl: https://x.test/\nextract:\n  long: {long}\n"
        ));
        assert_eq!(
            d,
            vec![
                "a.yaml:6:9: error: extract `long`: the path is 302 characters long; JSONPaths are limited to 256"
            ]
        );
    }

    #[test]
    fn extract_entries_are_limited() {
        let entries: String = (0..=MAX_EXTRACTIONS)
            .map(|i| format!("  v{i}: $.a\n"))
            .collect();
        let d = diags(&format!(
            "method: GET\nurl: https://x.test/\nextract:\n{entries}"
        ));
        assert_eq!(
            d,
            vec![format!(
                "a.yaml:{}:3: error: more than 64 `extract:` entries; an action is limited to 64",
                6 + MAX_EXTRACTIONS
            )]
        );
    }

    #[test]
    fn durations_parse_friendly_forms() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1h"), Ok(MAX_DURATION));
        assert_eq!(parse_duration("1ms"), Ok(MIN_DURATION));
        assert_eq!(parse_duration("30"), Err(DurationError::NotADuration));
    }

    #[test]
    fn durations_that_cannot_be_used_are_refused() {
        for text in ["9223372036854775807s", "1h1ms", "PT2H", "100000000000000h"] {
            assert_eq!(parse_duration(text), Err(DurationError::TooLong), "{text}");
        }
        for text in ["1ns", "999us", "0.5ms"] {
            assert_eq!(parse_duration(text), Err(DurationError::TooShort), "{text}");
        }
        let d = diags("method: GET\nurl: https://x.test/\ntimeout: 9223372036854775807s\n");
        assert_eq!(
            d,
            vec![
                "a.yaml:5:10: error: timeout `9223372036854775807s` is too long: durations are at most 1h"
            ]
        );
    }
}
