//! What the response is checked and mined for: `expect:`, `mock:` and `extract:`.

use super::*;

/// Most `extract:` entries one action may have: each JSONPath costs a
/// parse at validation, so a file cannot make `validate` slow with
/// thousands of them.
pub(super) const MAX_EXTRACTIONS: usize = 64;

/// Statuses whose responses never have content (RFC 9110 §15.3.5,
/// §15.3.6, §15.4.5): a mock body there would not be read as the body.
pub(super) fn no_content_allowed(status: u16) -> bool {
    matches!(status, 204 | 205 | 304)
}

impl Parser<'_> {
    pub(super) fn expect(&mut self, root: &MarkedMappingNode) -> Option<Expect> {
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

    pub(super) fn mock(&mut self, root: &MarkedMappingNode) -> Option<Option<Mock>> {
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
                    self.extract_problem(name.as_str(), path, &problem);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    pub(super) fn extract_problem(
        &mut self,
        name: &str,
        path: &MarkedScalarNode,
        problem: &PathProblem,
    ) {
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
}
