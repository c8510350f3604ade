//! `mock:`: one answer (v1) or a list of answers, each with an optional
//! `name`, `when` (variable values that pick it) and `delay`, and a body
//! whose strings may hold `{{var}}` templates.

use std::collections::HashSet;

use super::*;
use crate::core::model::MockBody;
use crate::core::parse::response::no_content_allowed;

/// Most answers one `mock:` list may have.
pub(super) const MAX_MOCK_ANSWERS: usize = 64;

impl Parser<'_> {
    /// Every answer of `mock:`, in file order; empty when there is none.
    pub(super) fn mock(
        &mut self,
        root: &MarkedMappingNode,
        variables: Option<&[Variable]>,
    ) -> Option<Vec<Mock>> {
        let Some(node) = root.get_node("mock") else {
            return Some(Vec::new());
        };
        let (maps, several): (Vec<&MarkedMappingNode>, bool) = match node {
            Node::Mapping(map) => (vec![map], false),
            Node::Sequence(list) => (list.iter().filter_map(Node::as_mapping).collect(), true),
            // The schema reports any other shape.
            Node::Scalar(_) => return None,
        };
        if maps.len() > MAX_MOCK_ANSWERS {
            self.error(
                node_start(node.span()),
                format!("more than {MAX_MOCK_ANSWERS} mock answers; an action is limited to {MAX_MOCK_ANSWERS}"),
            );
            return None;
        }
        let mut answers = Vec::new();
        let mut names = HashSet::new();
        let mut ok = true;
        for (i, map) in maps.into_iter().enumerate() {
            let place = if several {
                format!("mock answer {}", i + 1)
            } else {
                "mock".to_string()
            };
            match self.mock_answer(map, &place, variables) {
                Some(answer) => {
                    if let Some(name) = &answer.name
                        && !names.insert(name.clone())
                    {
                        let at = map
                            .get_node("name")
                            .map_or(Location::START, |n| node_start(n.span()));
                        self.error(
                            at,
                            format!(
                                "mock answer name `{name}` is used twice; names must be unique"
                            ),
                        );
                        ok = false;
                    }
                    answers.push(answer);
                }
                None => ok = false,
            }
        }
        ok.then_some(answers)
    }

    fn mock_answer(
        &mut self,
        map: &MarkedMappingNode,
        place: &str,
        variables: Option<&[Variable]>,
    ) -> Option<Mock> {
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
                if place == "mock" {
                    format!("a {status} response carries no body; remove `mock.body` or use another status")
                } else {
                    format!("a {status} response carries no body; remove `body` from {place} or use another status")
                },
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
        let body = match map.get_node("body") {
            None => Some(None),
            Some(node) => self.mock_body(node).map(Some),
        };
        let when = self.mock_when(map, place, variables);
        let delay = self.optional_duration(map, "delay", |t| format!("delay `{t}` of the {place}"));
        let name = string_scalar(map, "name").map(|s| s.as_str().to_string());
        Some(Mock {
            name,
            when: when?,
            status,
            headers,
            body: body?,
            delay: delay?,
        })
    }

    /// The body: a string is a text template, anything else a JSON value
    /// whose strings are templates, as in request bodies.
    fn mock_body(&mut self, node: &Node) -> Option<MockBody> {
        match node {
            Node::Scalar(scalar) if scalar_to_json(scalar).is_string() => {
                self.template(scalar).map(MockBody::Text)
            }
            other => self.body_node(other).map(MockBody::Json),
        }
    }

    /// `when:`: each name a declared variable, each value valid for it.
    fn mock_when(
        &mut self,
        map: &MarkedMappingNode,
        place: &str,
        variables: Option<&[Variable]>,
    ) -> Option<Vec<(String, TypedValue)>> {
        let Some(when) = map.get_mapping("when") else {
            return Some(Vec::new());
        };
        // Without the variables (they have errors of their own), the
        // values cannot be checked; the action is invalid anyway.
        let variables = variables?;
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in when.iter() {
            match self.declared_value(variables, key, value, &format!("`when` of the {place}")) {
                Some(typed) => out.push((key.as_str().to_string(), typed)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The value `value` written for variable `key` (in `place`),
    /// converted and checked as `--var` text would be: the key must name
    /// a declared variable.
    pub(super) fn declared_value(
        &mut self,
        variables: &[Variable],
        key: &MarkedScalarNode,
        value: &Node,
        place: &str,
    ) -> Option<TypedValue> {
        let name = key.as_str();
        let Some(variable) = variables.iter().find(|v| v.name == name) else {
            let hint = did_you_mean(name, variables.iter().map(|v| v.name.as_str()));
            self.error(
                node_start(key.span()),
                format!("{place}: `{name}` is not a declared variable{hint}"),
            );
            return None;
        };
        let text = input_text(value);
        match variable.convert(&text) {
            Ok(typed) => Some(typed),
            Err(e) => {
                self.error(node_start(value.span()), format!("{place}: `{name}`: {e}"));
                None
            }
        }
    }
}

/// A YAML value as `--var` text: a scalar as written, a sequence or
/// mapping as JSON text (how an array variable's value is given).
pub(super) fn input_text(node: &Node) -> String {
    match node {
        Node::Scalar(s) => s.as_str().to_string(),
        other => node_json(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::core::model::MockBody;
    use crate::core::parse::tests::{HEAD, run};
    use std::time::Duration;

    #[test]
    fn a_list_of_answers_parses_with_names_typed_whens_and_delays() {
        let (action, d) = run(&format!(
            "{HEAD}method: GET\nurl: https://x.test/{{{{n}}}}\nvariables:\n  - {{name: n, type: integer, description: A number}}\nmock:\n  - name: big\n    when: {{n: 100}}\n    status: 201\n    delay: 50ms\n    body: {{n: \"{{{{n}}}}\"}}\n  - body: \"n={{{{n}}}}\"\n"
        ));
        assert_eq!(d, Vec::<String>::new());
        let mock = action.unwrap().mock;
        assert_eq!(mock.len(), 2);
        assert_eq!(mock[0].name.as_deref(), Some("big"));
        assert_eq!(
            mock[0].when,
            [(
                "n".to_string(),
                crate::core::convert::TypedValue::Integer(100)
            )]
        );
        assert_eq!(
            (mock[0].status, mock[0].delay),
            (201, Some(Duration::from_millis(50)))
        );
        assert!(matches!(mock[0].body, Some(MockBody::Json(_))));
        assert_eq!((mock[1].name.as_deref(), mock[1].status), (None, 200));
        assert!(matches!(mock[1].body, Some(MockBody::Text(_))));
    }

    #[test]
    fn v1_single_answers_still_parse() {
        let (action, d) = run(&format!(
            "{HEAD}method: GET\nurl: https://x.test/\nmock:\n  status: 503\n  body: {{a: 1}}\n"
        ));
        assert_eq!(d, Vec::<String>::new());
        let mock = action.unwrap().mock;
        assert_eq!(
            (mock.len(), mock[0].status, mock[0].when.len()),
            (1, 503, 0)
        );
    }
}
