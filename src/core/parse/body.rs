//! `body:` (a mapping or JSON text), `form:`, and the `Content-Type` that
//! must describe them.

use super::url::{literal_credential_message, literal_text};
use super::*;
use crate::core::credentials;

/// What the request body is sent as, if there is one: `form:` sends a
/// form; `body:` and body auth (which creates an object when there is no
/// body) send JSON.
pub(super) fn body_kind(root: &MarkedMappingNode, auth: Option<&Auth>) -> Option<BodyKind> {
    if root.get_node("form").is_some() {
        return Some(BodyKind::Form);
    }
    (root.get_node("body").is_some() || matches!(auth, Some(Auth::Body { .. })))
        .then_some(BodyKind::Json)
}

impl Parser<'_> {
    /// A literal `Content-Type` header must describe the body that is
    /// sent; a templated one cannot be checked, so it is refused too.
    pub(super) fn check_content_type(&mut self, root: &MarkedMappingNode, kind: Option<BodyKind>) {
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

    pub(super) fn body(
        &mut self,
        root: &MarkedMappingNode,
        method: Option<Method>,
        auth: Option<&Auth>,
    ) -> Option<Option<Body>> {
        let form = root.get_node("form");
        let Some(node) = root.get_node("body").or(form) else {
            return Some(None);
        };
        let at = node_start(node.span());
        if method == Some(Method::Get) {
            self.warning(
                at,
                "GET request with a body; many servers ignore or refuse it",
            );
        }
        if let Some(form) = form {
            return self.form_body(root, form, auth);
        }
        let auth_param = match auth {
            Some(Auth::Body { param, .. }) => Some(param.as_str()),
            _ => None,
        };
        let body = match node {
            Node::Scalar(scalar) => self.json_text_body(scalar)?,
            other => {
                let clean = self.check_body_credentials(other, auth_param);
                let body = Body::Structured(self.body_node(other)?);
                clean.then_some(body)?
            }
        };
        let is_object = match &body {
            Body::Structured(node) => matches!(node, BodyNode::Object(_)),
            Body::JsonText(_) => node
                .as_scalar()
                .is_some_and(|s| s.as_str().trim_start().starts_with('{')),
            Body::Form(_) => true,
        };
        let Some(Auth::Body { param, .. }) = auth else {
            return Some(Some(body));
        };
        if !is_object {
            self.error(at, "auth type body merges the credential into a JSON object, but this body is not an object");
            return None;
        }
        let clashes = self.keys_named(node, param);
        for key_at in &clashes {
            self.error(
                *key_at,
                format!("body key `{param}` is also set by auth type body; remove one"),
            );
        }
        clashes.is_empty().then_some(Some(body))
    }

    /// Where the top-level object of a body (a mapping, or JSON text)
    /// has the key `name`.
    fn keys_named(&self, node: &Node, name: &str) -> Vec<Location> {
        match node {
            Node::Mapping(map) => map
                .keys()
                .filter(|k| k.as_str() == name)
                .map(|k| node_start(k.span()))
                .collect(),
            Node::Scalar(scalar) => {
                let Ok(template) = Template::parse(scalar.as_str()) else {
                    return Vec::new();
                };
                json_text::top_level_keys(scalar.as_str(), &template)
                    .into_iter()
                    .filter(|(key, _, _)| key == name)
                    .map(|(_, at, len)| self.doc.locate_in_scalar(scalar, at, len))
                    .collect()
            }
            Node::Sequence(_) => Vec::new(),
        }
    }

    /// `form:`: a flat mapping of field names to scalar templates or
    /// lists of them (the schema refuses other shapes).
    fn form_body(
        &mut self,
        root: &MarkedMappingNode,
        form: &Node,
        auth: Option<&Auth>,
    ) -> Option<Option<Body>> {
        let mut ok = true;
        if let Some(body_key) = root.keys().find(|k| k.as_str() == "body") {
            self.error(
                node_start(body_key.span()),
                "`body` and `form` exclude each other: a request has one body; keep the one the API takes",
            );
            ok = false;
        }
        let Node::Mapping(map) = form else {
            return None;
        };
        let credential_param = match auth {
            Some(Auth::Body { param, .. }) => Some(param.as_str()),
            _ => None,
        };
        let mut fields = Vec::new();
        for (key, value) in map.iter() {
            let name = key.as_str();
            ok &= self.check_form_name(key, credential_param);
            if credential_param != Some(name) {
                ok &= self.check_form_credentials(name, value);
            }
            match self.form_values(value) {
                Some(values) => fields.push(FormField {
                    name: name.to_string(),
                    values,
                }),
                None => ok = false,
            }
        }
        ok.then_some(Some(Body::Form(fields)))
    }

    /// The string members of a mapping body, at any depth, hold no
    /// literal credential (as headers and query parameters may not): an
    /// export would print it. The member body auth sets is reported as a
    /// clash instead.
    fn check_body_credentials(&mut self, node: &Node, auth_param: Option<&str>) -> bool {
        let mut ok = true;
        match node {
            Node::Scalar(_) => {}
            Node::Sequence(items) => {
                for item in items.iter() {
                    ok &= self.check_body_credentials(item, auth_param);
                }
            }
            Node::Mapping(map) => {
                for (key, value) in map.iter() {
                    let name = key.as_str();
                    match value.as_scalar() {
                        Some(scalar)
                            if auth_param != Some(name)
                                && matches!(
                                    scalar_to_json(scalar),
                                    serde_json::Value::String(_)
                                ) =>
                        {
                            if let Ok(template) = Template::parse(scalar.as_str()) {
                                ok &= self.check_body_literal("body", name, scalar, &template);
                            }
                        }
                        Some(_) => {}
                        None => ok &= self.check_body_credentials(value, auth_param),
                    }
                }
            }
        }
        ok
    }

    /// One body member or form field (`what`): a literal that has a key's
    /// shape, or a literal under a credential's name (`key` alone is too
    /// common in bodies, as Jira's project `key`, to count).
    fn check_body_literal(
        &mut self,
        what: &str,
        name: &str,
        scalar: &MarkedScalarNode,
        template: &Template,
    ) -> bool {
        if name.eq_ignore_ascii_case("key")
            && !credentials::has_token_shape(&literal_text(template))
        {
            return true;
        }
        self.check_literal_credential(what, name, scalar, template)
    }

    /// A form field's literal values hold no credential (as headers and
    /// query parameters may not): an export would print it.
    fn check_form_credentials(&mut self, name: &str, value: &Node) -> bool {
        let scalars: Vec<&MarkedScalarNode> = match value {
            Node::Scalar(scalar) => vec![scalar],
            Node::Sequence(items) => items.iter().filter_map(Node::as_scalar).collect(),
            Node::Mapping(_) => return true,
        };
        let mut ok = true;
        for scalar in scalars {
            if let Ok(template) = Template::parse(scalar.as_str()) {
                ok &= self.check_body_literal("form", name, scalar, &template);
            }
        }
        ok
    }

    /// Members of a JSON text body without placeholders, checked like
    /// mapping bodies' members; with placeholders only the token shapes
    /// of the literal text are (the text is not JSON until rendered).
    fn check_json_text_credentials(
        &mut self,
        scalar: &MarkedScalarNode,
        template: &Template,
    ) -> bool {
        let at = node_start(scalar.span());
        if !template.is_literal() {
            if credentials::has_token_shape(&literal_text(template)) {
                self.error(
                    at,
                    "body holds what looks like a credential; use `auth:` with a stored secret",
                );
                return false;
            }
            return true;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(scalar.as_str()) else {
            return true;
        };
        match credential_member(&value) {
            Some(name) => {
                self.error(at, literal_credential_message("body member", &name));
                false
            }
            None => true,
        }
    }

    /// A form field name is literal, not empty, and not the field body
    /// auth adds; true when it is fine.
    fn check_form_name(&mut self, key: &MarkedScalarNode, credential_param: Option<&str>) -> bool {
        let name = key.as_str();
        let at = node_start(key.span());
        let problem = if name.is_empty() {
            "a form field needs a name".to_string()
        } else if name.contains("{{") {
            "placeholders are not allowed in form field names".to_string()
        } else if credential_param == Some(name) {
            format!("form field `{name}` is also set by auth type body; remove one")
        } else {
            return true;
        };
        self.error(at, problem);
        false
    }

    /// The value templates of one form field: one for a scalar, one per
    /// item of a list. Mappings, nested lists and nulls are the schema's
    /// to report: `None`.
    fn form_values(&mut self, value: &Node) -> Option<Vec<Template>> {
        let scalars: Vec<&MarkedScalarNode> = match value {
            Node::Scalar(scalar) => vec![scalar],
            Node::Sequence(items) => items.iter().map(Node::as_scalar).collect::<Option<_>>()?,
            Node::Mapping(_) => return None,
        };
        let templates: Vec<Option<Template>> = scalars
            .into_iter()
            .map(|scalar| match scalar_to_json(scalar) {
                serde_json::Value::Null => None,
                _ => self.template(scalar),
            })
            .collect();
        templates.into_iter().collect()
    }

    pub(super) fn json_text_body(&mut self, scalar: &MarkedScalarNode) -> Option<Body> {
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
        if !self.check_json_text_credentials(scalar, &template) {
            return None;
        }
        Some(Body::JsonText(template))
    }

    pub(super) fn body_node(&mut self, node: &Node) -> Option<BodyNode> {
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
}

/// The name of the first member, at any depth, whose literal string
/// value is a credential by its name or by its look.
fn credential_member(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Object(members) => members.iter().find_map(|(name, v)| match v {
            serde_json::Value::String(text)
                if credentials::has_token_shape(text)
                    || (credentials::is_sensitive_name(name)
                        && !name.eq_ignore_ascii_case("key")
                        && credentials::is_literal_credential(text)) =>
            {
                Some(name.clone())
            }
            other => credential_member(other),
        }),
        serde_json::Value::Array(items) => items.iter().find_map(credential_member),
        _ => None,
    }
}

#[cfg(test)]
mod tests {

    use crate::core::parse::tests::diags;

    #[test]
    fn json_text_bodies_are_checked_where_they_break() {
        let d = diags(
            "method: POST\nurl: https://x.test/\nbody: |\n  {\"qty\": {{qty}},\n   \"b\": }\nvariables:\n  - name: qty\n    type: integer\n    description: How many\n",
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
    fn forms_parse_and_exclude_bodies() {
        let (action, d) = crate::core::parse::tests::run(&format!(
            "{}method: POST\nurl: https://x.test/\nform:\n  To: [a, \"{{{{to}}}}\"]\n  n: 3\n  \"metadata[id]\": \"{{{{to}}}}\"\nvariables:\n  - {{name: to, type: string, description: Who gets it}}\n",
            crate::core::parse::tests::HEAD
        ));
        assert_eq!(d, Vec::<String>::new());
        let Some(crate::core::model::Body::Form(fields)) = action.unwrap().body else {
            panic!("a form body");
        };
        let names: Vec<(&str, usize)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.values.len()))
            .collect();
        assert_eq!(names, vec![("To", 2), ("n", 1), ("metadata[id]", 1)]);
        assert_eq!(
            diags("method: POST\nurl: https://x.test/\nbody: {a: 1}\nform: {a: 1}\n"),
            vec![
                "a.yaml:5:1: error: `body` and `form` exclude each other: a request has one body; keep the one the API takes"
            ]
        );
        assert_eq!(
            diags("method: GET\nurl: https://x.test/\nform: {a: 1}\n"),
            vec!["a.yaml:5:7: warning: GET request with a body; many servers ignore or refuse it"]
        );
    }

    #[test]
    fn form_field_names_are_literal_and_not_the_credential() {
        assert_eq!(
            diags("method: POST\nurl: https://x.test/\nform:\n  \"\": a\n  \"{{x}}\": b\n"),
            vec![
                "a.yaml:6:3: error: a form field needs a name",
                "a.yaml:7:3: error: placeholders are not allowed in form field names",
            ]
        );
        assert_eq!(
            diags(
                "method: POST\nurl: https://x.test/\nauth: {type: body, param: api_key, secret: s}\nform:\n  a: 1\n  api_key: b\n"
            ),
            vec![
                "a.yaml:8:3: error: form field `api_key` is also set by auth type body; remove one"
            ]
        );
    }

    #[test]
    fn a_content_type_must_describe_the_form() {
        let with = |content_type: &str| {
            diags(&format!(
                "method: POST\nurl: https://x.test/\nheaders:\n  Content-Type: {content_type}\nform: {{a: 1}}\n"
            ))
        };
        assert!(with("application/x-www-form-urlencoded; charset=utf-8").is_empty());
        assert_eq!(
            with("multipart/form-data; boundary=x"),
            vec![
                "a.yaml:6:17: error: header `Content-Type: multipart/form-data; boundary=x` contradicts the form body: use application/x-www-form-urlencoded, or leave the header out"
            ]
        );
        assert!(with("application/json")[0].contains("contradicts the form body"));
    }

    #[test]
    fn body_auth_needs_an_object_body() {
        let d = diags(
            "method: POST\nurl: https://x.test/\nauth:\n  type: body\n  param: api_key\n  secret: s\nbody: [1]\n",
        );
        assert!(d[0].contains("not an object"), "{d:?}");
    }

    #[test]
    fn body_keys_may_not_be_the_body_auth_credential() {
        const AUTH: &str =
            "method: POST\nurl: https://x.test/\nauth: {type: body, param: api_key, secret: inv}\n";
        assert_eq!(
            diags(&format!(
                "{AUTH}body:\n  a: {{api_key: nested}}\n  api_key: literal\n"
            )),
            vec!["a.yaml:8:3: error: body key `api_key` is also set by auth type body; remove one"]
        );
        assert_eq!(
            diags(&format!(
                "{AUTH}body: '{{\"a\": {{\"api_key\": 1}}, \"api_key\": {{{{k}}}}}}'\nvariables:\n  - {{name: k, type: string, description: K}}\n"
            )),
            vec![
                "a.yaml:6:30: error: body key `api_key` is also set by auth type body; remove one"
            ]
        );
        assert!(
            diags(&format!("{AUTH}body: '{{\"a\": {{\"api_key\": 1}}}}'\n")).is_empty(),
            "a nested key is another member"
        );
    }
}
