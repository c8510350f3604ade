//! From a located YAML document to an [`Action`]: every semantic rule of
//! the action format, each problem reported at its own line and column.
//! Structural rules (types, required keys, unknown keys) live in the JSON
//! Schema ([`crate::core::schema`]); this module stays silent where the schema
//! already speaks.

mod url;

use body::body_kind;
pub(crate) use duration::parse_duration;
pub(crate) use url::{is_header_name, is_loopback, is_transport_header};
mod auth;
mod body;
mod cases;
pub(crate) use cases::MAX_CASES;
mod constraints;
mod duration;
mod mock;
mod references;
mod response;
mod variables;

use marked_yaml::Node;
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};

use crate::core::convert::{TypedValue, VarType};
use crate::core::credentials;
use crate::core::diagnostic::{Diagnostic, Location};
use crate::core::environment::KnownEnvironments;
use crate::core::json_text;
use crate::core::jsonpath::{CheckedPath, PathProblem};
use crate::core::model::{
    Action, Auth, Body, BodyKind, BodyNode, CONTEXT_NAMES, DEFAULT_TIMEOUT, Expect, Extraction,
    Field, FormField, Located, MAX_DURATION, MIN_DURATION, Method, Mock, StatusMatch, Variable,
};
use crate::core::suggest::did_you_mean;
use crate::core::template::Template;
use crate::core::yaml::{Document, node_start, scalar_to_json};

/// Builds the action from `doc`, with every semantic problem found.
/// The action is `None` when any error was found.
/// `environments` is what the environments file defines, for the
/// `{{env.KEY}}` placeholders.
pub(crate) fn parse_action(
    id: &str,
    path: &str,
    doc: &Document,
    environments: &KnownEnvironments,
) -> (Option<Action>, Vec<Diagnostic>) {
    let mut parser = Parser {
        path,
        doc,
        diagnostics: Vec::new(),
        uses: Vec::new(),
    };
    let mut action = parser.action(id);
    let env_keys = parser.check_env_uses(environments);
    if let Some(action) = &mut action {
        action.env_keys = env_keys;
    }
    parser.check_references(action.as_ref());
    let mut diagnostics = parser.diagnostics;
    diagnostics.sort_by_key(|d| d.location);
    let action = action.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    (action, diagnostics)
}

/// The `variables:` list of any mapping (flows declare inputs the same
/// way actions do), with its problems.
pub(crate) fn parse_variables(
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

/// A case's `vars:` (in `map`) checked against `variables` like
/// `--var` values, as `--var` text; shared by action and flow cases.
pub(crate) fn parse_case_vars(
    path: &str,
    doc: &Document,
    map: &MarkedMappingNode,
    place: &str,
    variables: &[Variable],
) -> (Option<Vec<(String, String)>>, Vec<Diagnostic>) {
    let mut parser = Parser {
        path,
        doc,
        diagnostics: Vec::new(),
        uses: Vec::new(),
    };
    let vars = parser.case_vars(map, place, variables);
    (vars, parser.diagnostics)
}

/// A predicate of response checks (a plain value, or a mapping with one
/// of `equals`, `matches`, …) in `node`, located; `place` starts every
/// message. Conversation files check tool-call arguments with them.
pub(crate) fn parse_predicate(
    path: &str,
    doc: &Document,
    place: &str,
    node: &Node,
) -> (Option<crate::core::check::Predicate>, Vec<Diagnostic>) {
    let mut parser = Parser {
        path,
        doc,
        diagnostics: Vec::new(),
        uses: Vec::new(),
    };
    let predicate = parser.predicate(place, node);
    (predicate, parser.diagnostics)
}

/// A `matches:` regex in `scalar`, its faults located inside it.
pub(crate) fn parse_search_pattern(
    path: &str,
    doc: &Document,
    place: &str,
    scalar: &MarkedScalarNode,
) -> (Option<crate::core::check::SearchPattern>, Vec<Diagnostic>) {
    let mut parser = Parser {
        path,
        doc,
        diagnostics: Vec::new(),
        uses: Vec::new(),
    };
    let pattern = parser.search_pattern(scalar, place);
    (pattern, parser.diagnostics)
}

/// Placeholder names with the location each stands at.
pub(crate) type Uses = Vec<(String, Location)>;

/// A scalar parsed as a template, with each placeholder's location, or
/// the located parse error.
pub(crate) fn parse_template(
    doc: &Document,
    scalar: &MarkedScalarNode,
) -> Result<(Template, Uses), (Location, String)> {
    match Template::parse(scalar.as_str()) {
        Ok(template) => {
            let uses = template
                .segments()
                .iter()
                .filter_map(|s| match s {
                    crate::core::template::Segment::Placeholder { name, offset, len } => {
                        Some((name.clone(), doc.locate_in_scalar(scalar, *offset, *len)))
                    }
                    crate::core::template::Segment::Literal(_) => None,
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
        self.check_query_conflicts(auth.as_ref());
        let body = self.body(root, method, auth.as_ref());
        self.check_content_type(root, body_kind(root, auth.as_ref()));
        let timeout = self.timeout(root);
        let variables = self.variables(root);
        let expect = self.expect(root);
        let mock = self.mock(root, variables.as_deref());
        let extract = self.extract(root);
        let response = self.response_shape(root);
        let cases = self.cases(root, variables.as_deref(), mock.as_deref(), expect.as_ref());
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
            response: response?,
            cases: cases?,
            env_keys: Vec::new(),
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
}

/// The scalar at `key` when it is a string (not a number, boolean or
/// null: those are type errors the schema reports).
pub(super) fn string_scalar<'m>(
    map: &'m MarkedMappingNode,
    key: &str,
) -> Option<&'m MarkedScalarNode> {
    map.get_scalar(key)
        .filter(|s| scalar_to_json(s).is_string())
}

pub(super) fn node_json(node: &Node) -> serde_json::Value {
    match node {
        Node::Scalar(s) => scalar_to_json(s),
        Node::Sequence(seq) => seq.iter().map(node_json).collect(),
        Node::Mapping(map) => map
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), node_json(v)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    pub(super) const HEAD: &str = "name: Lookup\ndescription: Looks up an order by number\n";

    pub(super) fn run(text: &str) -> (Option<Action>, Vec<String>) {
        let doc = Document::parse(text.as_bytes()).unwrap();
        let (action, diags) = parse_action("a", "a.yaml", &doc, &KnownEnvironments::default());
        (action, diags.iter().map(ToString::to_string).collect())
    }

    pub(super) fn diags(body: &str) -> Vec<String> {
        run(&format!("{HEAD}{body}")).1
    }

    #[test]
    fn a_full_action_parses() {
        let (action, d) = run(&format!(
            "{HEAD}method: get\nurl: api.test/orders/{{{{order_number}}}}\nauth:\n  type: bearer\n  secret: company-api\ntimeout: 30s\nvariables:\n  - name: order_number\n    type: string\n    description: The order number\n    required: true\n    example: ORD-1\n"
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
            &crate::core::template::Segment::Literal("https://api.test/orders/".into())
        );
    }

    #[test]
    fn unknown_variables_are_reported_at_the_placeholder() {
        let d = diags(
            "method: GET\nurl: https://x.test/{{ordr}}\nvariables:\n  - name: order\n    type: string\n    description: The order\n",
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
    fn an_env_prefix_in_another_case_is_pointed_out() {
        for name in ["ENV.user", "Env.user"] {
            let d = diags(&format!(
                "method: GET\nurl: https://x.test/{{{{{name}}}}}\n"
            ));
            assert_eq!(
                d,
                vec![format!(
                    "a.yaml:4:21: error: unknown variable `{name}`: declare it under `variables:` or use a context variable (did you mean `env.user`?)"
                )]
            );
        }
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
            diags("method: GET\nurl: https://x.test/\ntimeout: 0s\n")[0]
                .ends_with("timeout `0s` is too short: durations are at least 1ms")
        );
    }

    #[test]
    fn bad_templates_are_located() {
        let d = diags("method: GET\nurl: https://x.test/{{ oops\n");
        assert_eq!(
            d,
            vec!["a.yaml:4:21: error: unterminated placeholder: `{{` has no matching `}}`"]
        );
    }
}
