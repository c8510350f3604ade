//! What the response is checked and mined for: `expect:`, `mock:` and `extract:`.

use std::time::Duration;

use super::*;
use crate::core::check::{
    BodyCheck, BodySchema, Checks, Comparison, HeaderCheck, HeaderExpect, JsonType, PREDICATES,
    Predicate, SchemaOrigin, SearchPattern, compile_schema,
};
use crate::core::shape::{MAX_MAX_CHARS, ResponseShape};

/// Most `extract:` entries one action may have: each JSONPath costs a
/// parse at validation, so a file cannot make `validate` slow with
/// thousands of them.
pub(super) const MAX_EXTRACTIONS: usize = 64;
/// Most `expect.body` checks one action may have, for the same reason.
pub(super) const MAX_BODY_CHECKS: usize = 64;

/// `expect.status`: a code, a class, or a list of them (the schema
/// reports any other shape).
fn status_list(node: &Node) -> Option<Vec<StatusMatch>> {
    let items: Vec<&MarkedScalarNode> = match node {
        Node::Scalar(s) => vec![s],
        Node::Sequence(seq) => seq.iter().filter_map(Node::as_scalar).collect(),
        Node::Mapping(_) => return None,
    };
    items
        .iter()
        .map(|s| StatusMatch::parse(s.as_str()))
        .collect()
}

/// Statuses whose responses never have content (RFC 9110 §15.3.5,
/// §15.3.6, §15.4.5): a mock body there would not be read as the body.
pub(super) fn no_content_allowed(status: u16) -> bool {
    matches!(status, 204 | 205 | 304)
}

impl Parser<'_> {
    pub(super) fn expect(&mut self, root: &MarkedMappingNode) -> Option<Expect> {
        let Some(map) = root.get_mapping("expect") else {
            return Some(Expect::default());
        };
        let status = match map.get_node("status") {
            None => Some(Expect::default().status),
            Some(node) => status_list(node),
        };
        let body = self.body_checks(map);
        let headers = self.header_checks(map);
        let schema = self.body_schema(map);
        let max_duration = self.optional_duration(map, "max_duration", |t| {
            format!("expect.max_duration `{t}`")
        });
        Some(Expect {
            status: status?,
            checks: Checks {
                body: body?,
                headers: headers?,
                schema: schema?,
                max_duration: max_duration?,
            },
        })
    }

    /// `expect.body`: JSONPath → predicate, each path and predicate
    /// checked where it is written.
    fn body_checks(&mut self, expect: &MarkedMappingNode) -> Option<Vec<BodyCheck>> {
        let Some(map) = expect.get_mapping("body") else {
            return expect.get_node("body").is_none().then(Vec::new);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (index, (key, value)) in map.iter().enumerate() {
            if index == MAX_BODY_CHECKS {
                self.error(
                    node_start(key.span()),
                    format!("more than {MAX_BODY_CHECKS} `expect.body` checks; an action is limited to {MAX_BODY_CHECKS}"),
                );
                return None;
            }
            let path = match CheckedPath::parse(key.as_str()) {
                Ok(path) => Some(path),
                Err(problem) => {
                    self.body_path_problem(key, &problem);
                    None
                }
            };
            let predicate = self.predicate(&format!("expect.body `{}`", key.as_str()), value);
            match (path, predicate) {
                (Some(path), Some(predicate)) => out.push(BodyCheck { path, predicate }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn body_path_problem(&mut self, key: &MarkedScalarNode, problem: &PathProblem) {
        let at = match problem {
            PathProblem::TooDeep { offset } | PathProblem::Pattern { offset, .. } => {
                self.doc.locate_in_scalar(key, *offset, 1)
            }
            PathProblem::TooLong { .. } | PathProblem::Syntax(_) => node_start(key.span()),
        };
        let message = match problem {
            PathProblem::Syntax(message) => format!(
                "expect.body: `{}` is not a JSONPath such as $.data.id: {message}",
                key.as_str()
            ),
            bound => format!("expect.body `{}`: {bound}", key.as_str()),
        };
        self.error(at, message);
    }

    /// A plain value (equals), or a mapping with exactly one predicate;
    /// `place` (`expect.body `$.id``) starts every message.
    pub(super) fn predicate(&mut self, place: &str, node: &Node) -> Option<Predicate> {
        let Node::Mapping(map) = node else {
            return Some(Predicate::Equals(node_json(node)));
        };
        let mut entries = map.iter();
        let (Some((name, value)), None) = (entries.next(), entries.next()) else {
            self.error(
                node_start(node.span()),
                format!(
                    "{place}: give exactly one predicate ({}); to compare with an object write `equals: {{…}}`",
                    PREDICATES.join(", ")
                ),
            );
            return None;
        };
        let at = node_start(value.span());
        let found = node_json(value);
        let wrong =
            |what: &str| format!("{place}: `{}` takes {what}, found {found}", name.as_str());
        let predicate = match name.as_str() {
            "equals" => Predicate::Equals(found.clone()),
            "contains" => Predicate::Contains(found.clone()),
            "exists" => match found.as_bool() {
                Some(b) => Predicate::Exists(b),
                None => {
                    self.error(at, wrong("true or false"));
                    return None;
                }
            },
            "matches" => {
                let scalar = value.as_scalar().filter(|_| found.is_string());
                let Some(scalar) = scalar else {
                    self.error(at, wrong("a regex"));
                    return None;
                };
                Predicate::Matches(self.search_pattern(scalar, place)?)
            }
            "length" => match found.as_u64() {
                Some(n) => Predicate::Length(n),
                None => {
                    self.error(at, wrong("a whole number of 0 or more"));
                    return None;
                }
            },
            "type" => match found.as_str().and_then(JsonType::parse) {
                Some(t) => Predicate::Type(t),
                None => {
                    let names = JsonType::ALL.map(JsonType::name);
                    let hint = did_you_mean(found.as_str().unwrap_or_default(), names);
                    self.error(
                        at,
                        format!("{}{hint}", wrong(&format!("one of {}", names.join(", ")))),
                    );
                    return None;
                }
            },
            other => match (Comparison::parse(other), found.as_number()) {
                (Some(c), Some(n)) => Predicate::Compare(c, n.clone()),
                (Some(_), None) => {
                    self.error(at, wrong("a number"));
                    return None;
                }
                (None, _) => {
                    let hint = did_you_mean(other, PREDICATES);
                    self.error(
                        node_start(name.span()),
                        format!(
                            "{place}: unknown predicate `{other}`{hint}; use one of {}",
                            PREDICATES.join(", ")
                        ),
                    );
                    return None;
                }
            },
        };
        Some(predicate)
    }

    /// A `matches:` regex, its faults located inside it.
    pub(super) fn search_pattern(
        &mut self,
        scalar: &MarkedScalarNode,
        what: &str,
    ) -> Option<SearchPattern> {
        match SearchPattern::new(scalar.as_str()) {
            Ok(pattern) => Some(pattern),
            Err(e) => {
                let at = match e.span {
                    Some((start, end)) => {
                        self.doc
                            .locate_in_scalar(scalar, start, end.saturating_sub(start).max(1))
                    }
                    None => node_start(scalar.span()),
                };
                self.error(at, format!("{what}: `matches` is not a usable regex: {e}"));
                None
            }
        }
    }

    /// `expect.headers`: name → value, or `{matches: REGEX}`.
    fn header_checks(&mut self, expect: &MarkedMappingNode) -> Option<Vec<HeaderCheck>> {
        let Some(map) = expect.get_mapping("headers") else {
            return expect.get_node("headers").is_none().then(Vec::new);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (name, value) in map.iter() {
            let what = format!("expect.headers `{}`", name.as_str());
            if !is_header_name(name.as_str()) {
                self.error(
                    node_start(name.span()),
                    format!("{what}: not a header name (letters, digits and !#$%&'*+-.^_`|~)"),
                );
                ok = false;
                continue;
            }
            let expect = match value {
                Node::Scalar(s) => Some(HeaderExpect::Equals(s.as_str().to_string())),
                Node::Mapping(m) => match (m.len(), m.get_scalar("matches")) {
                    (1, Some(scalar)) if scalar_to_json(scalar).is_string() => self
                        .search_pattern(scalar, &what)
                        .map(HeaderExpect::Matches),
                    _ => {
                        let key = m.iter().next().map(|(k, _)| k.as_str()).unwrap_or_default();
                        let hint = did_you_mean(key, ["matches"]);
                        self.error(
                            node_start(value.span()),
                            format!("{what}: write a value, or `matches: REGEX`{hint}"),
                        );
                        None
                    }
                },
                Node::Sequence(_) => {
                    self.error(
                        node_start(value.span()),
                        format!("{what}: write a value, or `matches: REGEX`"),
                    );
                    None
                }
            };
            match expect {
                Some(expect) => out.push(HeaderCheck {
                    name: name.as_str().to_string(),
                    expect,
                }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// `expect.schema`: an inline JSON Schema, compiled now, or a file
    /// path, read and compiled by the workspace after parsing.
    fn body_schema(&mut self, expect: &MarkedMappingNode) -> Option<Option<BodySchema>> {
        let Some(node) = expect.get_node("schema") else {
            return Some(None);
        };
        let at = node_start(node.span());
        match node {
            Node::Mapping(_) => match compile_schema(&node_json(node)) {
                Ok(compiled) => Some(Some(BodySchema {
                    origin: SchemaOrigin::Inline,
                    location: at,
                    compiled: Some(compiled),
                })),
                Err(e) => {
                    self.error(at, format!("expect.schema is not a valid JSON Schema: {e}"));
                    None
                }
            },
            Node::Scalar(s) if scalar_to_json(s).is_string() && !s.as_str().trim().is_empty() => {
                if s.as_str().chars().any(char::is_control) {
                    self.error(at, "expect.schema: the file path holds control characters");
                    return None;
                }
                Some(Some(BodySchema {
                    origin: SchemaOrigin::File(s.as_str().to_string()),
                    location: at,
                    compiled: None,
                }))
            }
            _ => {
                self.error(
                    at,
                    "expect.schema must be a JSON Schema (a mapping) or the path of a JSON Schema file",
                );
                None
            }
        }
    }

    pub(super) fn extract(&mut self, root: &MarkedMappingNode) -> Option<Vec<Extraction>> {
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
                    self.path_problem(
                        &format!("extract `{}`", name.as_str()),
                        "$.customer.name",
                        path,
                        &problem,
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// `response:`, what the agent is handed: `select` parsed and
    /// bounded like any JSONPath; the schema bounds `max_chars`.
    pub(super) fn response_shape(
        &mut self,
        root: &MarkedMappingNode,
    ) -> Option<Option<ResponseShape>> {
        let Some(map) = root.get_mapping("response") else {
            return Some(None);
        };
        let select = match map
            .get_scalar("select")
            .filter(|s| scalar_to_json(s).is_string())
        {
            None => Some(None),
            Some(text) => match CheckedPath::parse(text.as_str()) {
                Ok(path) => Some(Some(path)),
                Err(problem) => {
                    self.path_problem("response.select", "$.order.status", text, &problem);
                    None
                }
            },
        };
        let max_chars = match map.get_scalar("max_chars") {
            None => Some(None),
            Some(n) => scalar_to_json(n)
                .as_u64()
                .filter(|n| (1..=MAX_MAX_CHARS).contains(n))
                .and_then(|n| usize::try_from(n).ok())
                .map(Some),
        };
        Some(Some(ResponseShape {
            select: select?,
            max_chars: max_chars?,
        }))
    }

    /// A JSONPath that was refused, located where its problem is: `what`
    /// names the key (`extract \`name\``), `example` shows a path that works.
    pub(super) fn path_problem(
        &mut self,
        what: &str,
        example: &str,
        path: &MarkedScalarNode,
        problem: &PathProblem,
    ) {
        let at = match problem {
            PathProblem::TooDeep { offset } | PathProblem::Pattern { offset, .. } => {
                self.doc.locate_in_scalar(path, *offset, 1)
            }
            PathProblem::TooLong { .. } | PathProblem::Syntax(_) => node_start(path.span()),
        };
        let message = match problem {
            PathProblem::Syntax(message) => format!(
                "{what}: `{}` is not a JSONPath such as {example}: {message}",
                path.as_str()
            ),
            bound => format!("{what}: {bound}"),
        };
        self.error(at, message);
    }

    /// The duration at `key` of `map`, if any; `describe` words the
    /// written text for the error (``expect.max_duration `2x` ``).
    pub(super) fn optional_duration(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        describe: impl Fn(&str) -> String,
    ) -> Option<Option<Duration>> {
        let Some(node) = map.get_node(key) else {
            return Some(None);
        };
        let scalar = node.as_scalar().filter(|s| scalar_to_json(s).is_string())?;
        match parse_duration(scalar.as_str()) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                self.error(
                    node_start(scalar.span()),
                    format!("{} {e}", describe(scalar.as_str())),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse::tests::{HEAD, diags, run};

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

    const GET: &str = "method: GET\nurl: https://x.test/\nexpect:\n";

    #[test]
    fn expect_checks_parse_into_the_model() {
        let (action, d) = run(&format!(
            "{HEAD}{GET}  status: 200\n  body:\n    $.ok: true\n    $.errors: {{exists: false}}\n    $.id: {{matches: \"^ORD-\"}}\n    $.tags: {{contains: vip}}\n    $.total: {{gte: 0.5}}\n    $.items: {{length: 2}}\n    $.n: {{type: integer}}\n    $.obj: {{equals: {{a: 1}}}}\n  headers:\n    Content-Type: {{matches: json}}\n    X-Id: 7\n  schema:\n    type: object\n  max_duration: 2s\n"
        ));
        assert_eq!(d, Vec::<String>::new());
        let checks = action.unwrap().expect.checks;
        let shown: Vec<String> = checks
            .body
            .iter()
            .map(|c| format!("{} {}", c.path, c.predicate))
            .collect();
        assert_eq!(
            shown,
            [
                "$.ok equals true",
                "$.errors does not exist",
                "$.id matches /^ORD-/",
                "$.tags contains \"vip\"",
                "$.total >= 0.5",
                "$.items length 2",
                "$.n type integer",
                "$.obj equals {\"a\":1}",
            ]
        );
        assert_eq!(checks.headers.len(), 2);
        assert_eq!(checks.headers[1].expect, HeaderExpect::Equals("7".into()));
        assert!(checks.schema.unwrap().compiled.is_some());
        assert_eq!(checks.max_duration, Some(Duration::from_secs(2)));
    }

    #[test]
    fn unknown_predicates_are_located_with_a_hint() {
        let d = diags(&format!(
            "{GET}  body:\n    $.a: {{equal: 1}}\n    $.b: {{lenght: 1}}\n"
        ));
        assert_eq!(
            d,
            [
                "a.yaml:7:11: error: expect.body `$.a`: unknown predicate `equal` (did you mean `equals`?); use one of equals, exists, matches, contains, gt, gte, lt, lte, length, type",
                "a.yaml:8:11: error: expect.body `$.b`: unknown predicate `lenght` (did you mean `length`?); use one of equals, exists, matches, contains, gt, gte, lt, lte, length, type",
            ]
        );
        let d = diags(&format!("{GET}  body:\n    $.a: {{gt: 1, lt: 3}}\n"));
        assert_eq!(d.len(), 1);
        assert!(
            d[0].starts_with("a.yaml:7:10: error: expect.body `$.a`: give exactly one predicate"),
            "{d:?}"
        );
    }

    #[test]
    fn predicate_values_are_checked() {
        let d = diags(&format!(
            "{GET}  body:\n    $.a: {{gt: ten}}\n    $.b: {{length: -1}}\n    $.c: {{exists: maybe}}\n    $.d: {{type: float}}\n    $.e: {{length: 1.5}}\n    $.f: {{matches: 3}}\n"
        ));
        assert_eq!(
            d,
            [
                "a.yaml:7:15: error: expect.body `$.a`: `gt` takes a number, found \"ten\"",
                "a.yaml:8:19: error: expect.body `$.b`: `length` takes a whole number of 0 or more, found -1",
                "a.yaml:9:19: error: expect.body `$.c`: `exists` takes true or false, found \"maybe\"",
                "a.yaml:10:17: error: expect.body `$.d`: `type` takes one of string, number, integer, boolean, array, object, null, found \"float\"",
                "a.yaml:11:19: error: expect.body `$.e`: `length` takes a whole number of 0 or more, found 1.5",
                "a.yaml:12:20: error: expect.body `$.f`: `matches` takes a regex, found 3",
            ]
        );
    }

    #[test]
    fn body_paths_and_regexes_must_parse_within_bounds() {
        let nested = format!("${}{}", "[?@".repeat(30), "]".repeat(30));
        let d = diags(&format!(
            "{GET}  body:\n    $[oops: 1\n    \"{nested}\": 1\n    $.a: {{matches: \"ab(\"}}\n    $.b: {{matches: \"(a{{1000}}){{1000}}\"}}\n"
        ));
        assert_eq!(d.len(), 4, "{d:?}");
        assert!(
            d[0].starts_with("a.yaml:7:5: error: expect.body: `$[oops` is not a JSONPath"),
            "{d:?}"
        );
        assert_eq!(
            d[1],
            "a.yaml:8:19: error: expect.body `$[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@[?@]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`: brackets and parentheses nested deeper than 4 levels"
        );
        assert_eq!(
            d[2],
            "a.yaml:9:23: error: expect.body `$.a`: `matches` is not a usable regex: unclosed group"
        );
        assert_eq!(
            d[3],
            "a.yaml:10:20: error: expect.body `$.b`: `matches` is not a usable regex: it compiles to more than 1 MiB; write a simpler pattern"
        );
    }

    #[test]
    fn header_checks_are_checked() {
        let d = diags(&format!(
            "{GET}  headers:\n    \"Bad Name\": x\n    X-A: {{match: x}}\n    X-B: {{matches: \"[\"}}\n"
        ));
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(
            d[0].starts_with("a.yaml:7:5: error: expect.headers `Bad Name`: not a header name"),
            "{d:?}"
        );
        assert_eq!(
            d[1],
            "a.yaml:8:10: error: expect.headers `X-A`: write a value, or `matches: REGEX` (did you mean `matches`?)"
        );
        assert!(d[2].starts_with("a.yaml:9:21: error: expect.headers `X-B`: `matches` is not a usable regex: unclosed character class"), "{d:?}");
    }

    #[test]
    fn schemas_must_be_json_schemas_and_durations_durations() {
        let d = diags(&format!(
            "{GET}  schema:\n    type: thing\n  max_duration: soon\n"
        ));
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(
            d[0].starts_with("a.yaml:7:9: error: expect.schema is not a valid JSON Schema: "),
            "{d:?}"
        );
        assert_eq!(
            d[1],
            "a.yaml:8:17: error: expect.max_duration `soon` is not a duration such as 30s, 2m, 1m30s or 500ms"
        );
        let (action, d) = run(&format!("{HEAD}{GET}  schema: schemas/order.json\n"));
        assert_eq!(d, Vec::<String>::new());
        let schema = action.unwrap().expect.checks.schema.unwrap();
        assert_eq!(
            schema.origin,
            SchemaOrigin::File("schemas/order.json".into())
        );
        assert!(schema.compiled.is_none(), "the workspace reads the file");
    }

    #[test]
    fn body_checks_are_limited() {
        let entries: String = (0..=MAX_BODY_CHECKS)
            .map(|i| format!("    $.v{i}: 1\n"))
            .collect();
        let d = diags(&format!("{GET}  body:\n{entries}"));
        assert!(
            d.iter()
                .any(|l| l.contains("more than 64 `expect.body` checks")),
            "{d:?}"
        );
    }
}

#[cfg(test)]
mod response_shape_tests {
    use crate::core::parse::tests::{HEAD, diags, run};

    const GET: &str = "method: GET\nurl: https://x.test/\n";

    #[test]
    fn a_response_shape_parses_into_the_action() {
        let (action, d) = run(&format!(
            "{HEAD}{GET}response:\n  select: $.order.status\n  max_chars: 500\n"
        ));
        assert!(d.is_empty(), "{d:?}");
        let shape = action.unwrap().response.unwrap();
        assert_eq!(shape.select.unwrap().as_str(), "$.order.status");
        assert_eq!(shape.max_chars, Some(500));
        let (action, _) = run(&format!("{HEAD}{GET}"));
        assert!(action.unwrap().response.is_none());
    }

    #[test]
    fn a_select_that_is_not_a_jsonpath_is_located() {
        let d = diags(&format!("{GET}response:\n  select: $[oops\n"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with(
                "a.yaml:6:11: error: response.select: `$[oops` is not a JSONPath such as $.order.status"
            ),
            "{d:?}"
        );
        let nested = format!("${}{}", "[?@".repeat(30), "]".repeat(30));
        let d = diags(&format!("{GET}response:\n  select: {nested}\n"));
        assert_eq!(
            d,
            vec![
                "a.yaml:6:24: error: response.select: brackets and parentheses nested deeper than 4 levels"
            ]
        );
    }

    /// Every diagnostic of a whole validation (schema and semantics).
    fn validated(body: &str) -> (bool, Vec<String>) {
        let text = format!("{HEAD}{GET}{body}");
        let report = crate::core::validate::Validator::new().check("a", "a.yaml", text.as_bytes());
        let has_action = !report.has_errors();
        (
            has_action,
            report.diagnostics.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn max_chars_is_bounded() {
        for bad in [
            "0",
            "1000001",
            "-3",
            "2.5",
            "lots",
            "99999999999999999999999",
        ] {
            let (ok, d) = validated(&format!("response:\n  max_chars: {bad}\n"));
            assert!(!ok, "{bad}");
            assert_eq!(d.len(), 1, "{bad}: {d:?}");
            assert!(d[0].starts_with("a.yaml:6:14: error: "), "{bad}: {d:?}");
        }
        assert_eq!(
            validated("response:\n  max_chars: 1000000\n"),
            (true, vec![])
        );
    }

    #[test]
    fn a_misspelt_response_key_is_named_with_a_suggestion() {
        let (ok, d) = validated("response:\n  max_char: 10\n");
        assert!(!ok);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].contains("max_char") && d[0].contains("max_chars"),
            "{d:?}"
        );
    }
}
