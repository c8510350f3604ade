//! Which mock answer a request gets, and its body for that request:
//! `--mock=NAME` (or a case's `mock:`) picks by name, otherwise the first
//! answer whose `when:` the request's values meet. Bodies take the
//! request's values as request bodies do.

use std::collections::HashMap;

use crate::core::convert::TypedValue;
use crate::core::model::{Mock, MockBody};
use crate::core::request::{render_body_node, text_of};
use crate::core::suggest::did_you_mean;

/// Why no answer could be picked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PickError {
    /// The action has no `mock:`.
    #[error("action `{action}` has no `mock:` section to answer --mock")]
    NoMock { action: String },
    /// `--mock=NAME` (or a case) names no answer.
    #[error("action `{action}` has no mock answer named `{name}`{hint}")]
    UnknownName {
        action: String,
        name: String,
        /// ` (did you mean …?)` or a list of the names, or empty.
        hint: String,
    },
    /// No answer's `when:` matches.
    #[error(
        "no mock answer of action `{action}` matches the request's values ({values}); add an answer without `when:` or pick one with --mock=NAME"
    )]
    NoMatch { action: String, values: String },
}

/// The answer for a request of `action` with `values`.
pub(crate) fn pick<'m>(
    action: &str,
    answers: &'m [Mock],
    name: Option<&str>,
    values: &HashMap<String, TypedValue>,
) -> Result<&'m Mock, PickError> {
    if answers.is_empty() {
        return Err(PickError::NoMock {
            action: action.to_string(),
        });
    }
    if let Some(name) = name {
        let names = || answers.iter().filter_map(|a| a.name.as_deref());
        return answers
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .ok_or_else(|| {
                let close = did_you_mean(name, names());
                let hint = if close.is_empty() && names().next().is_some() {
                    format!(" (answers: {})", names().collect::<Vec<_>>().join(", "))
                } else {
                    close
                };
                PickError::UnknownName {
                    action: action.to_string(),
                    name: name.to_string(),
                    hint,
                }
            });
    }
    answers
        .iter()
        .find(|a| {
            a.when
                .iter()
                .all(|(var, want)| values.get(var).is_some_and(|v| same(v, want)))
        })
        .ok_or_else(|| PickError::NoMatch {
            action: action.to_string(),
            values: shown_values(answers, values),
        })
}

/// Typed equality, numbers by value (`1.0` is `1`).
fn same(a: &TypedValue, b: &TypedValue) -> bool {
    let number = |v: &TypedValue| match v {
        TypedValue::Integer(i) => Some(*i as f64),
        TypedValue::Float(n) => n.as_f64(),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The values the answers' `when:` look at, as `name = value`.
fn shown_values(answers: &[Mock], values: &HashMap<String, TypedValue>) -> String {
    let mut names: Vec<&str> = answers
        .iter()
        .flat_map(|a| a.when.iter().map(|(n, _)| n.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .iter()
        .map(|n| match values.get(*n) {
            Some(v) => format!(
                "{n} = {}",
                crate::core::text::cut_line(&v.to_input_text(), 60)
            ),
            None => format!("{n} unset"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The answer's body for a request whose values `lookup` gives: a JSON
/// body with placeholders typed (unset ones left out, as in request
/// bodies), a text body with the values' text.
pub(crate) fn render_body(
    mock: &Mock,
    lookup: &impl Fn(&str) -> Option<TypedValue>,
) -> Option<serde_json::Value> {
    match mock.body.as_ref()? {
        MockBody::Json(node) => {
            Some(render_body_node(node, lookup).unwrap_or(serde_json::Value::Null))
        }
        MockBody::Text(template) => Some(serde_json::Value::String(text_of(template, lookup))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::BodyNode;
    use crate::core::template::Template;

    fn answer(name: &str, when: &[(&str, TypedValue)], status: u16) -> Mock {
        Mock {
            name: Some(name.into()),
            when: when
                .iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect(),
            status,
            ..Mock::default()
        }
    }

    fn answers() -> Vec<Mock> {
        vec![
            answer(
                "missing",
                &[("order", TypedValue::Text("ORD-0".into()))],
                404,
            ),
            answer("big", &[("qty", TypedValue::Integer(100))], 201),
            answer("found", &[], 200),
        ]
    }

    #[test]
    fn the_first_answer_whose_when_matches_is_picked() {
        let all = answers();
        let values = |pairs: &[(&str, TypedValue)]| -> HashMap<String, TypedValue> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect()
        };
        let status = |v: &HashMap<String, TypedValue>| pick("a", &all, None, v).unwrap().status;
        assert_eq!(
            status(&values(&[("order", TypedValue::Text("ORD-0".into()))])),
            404
        );
        assert_eq!(
            status(&values(&[("order", TypedValue::Text("ORD-1".into()))])),
            200
        );
        let float = TypedValue::Float(serde_json::Number::from_f64(100.0).unwrap());
        assert_eq!(
            status(&values(&[("qty", float)])),
            201,
            "numbers compare by value"
        );
        assert_eq!(
            status(&values(&[("qty", TypedValue::Text("100".into()))])),
            200,
            "typed"
        );
        assert_eq!(
            status(&HashMap::new()),
            200,
            "an unset value matches no `when`"
        );
    }

    #[test]
    fn names_pick_directly_and_unknown_names_say_what_exists() {
        let all = answers();
        assert_eq!(
            pick("a", &all, Some("big"), &HashMap::new())
                .unwrap()
                .status,
            201
        );
        assert_eq!(
            pick("a", &all, Some("fuond"), &HashMap::new())
                .unwrap_err()
                .to_string(),
            "action `a` has no mock answer named `fuond` (did you mean `found`?)"
        );
        assert_eq!(
            pick("a", &all, Some("zzzzzzz"), &HashMap::new())
                .unwrap_err()
                .to_string(),
            "action `a` has no mock answer named `zzzzzzz` (answers: missing, big, found)"
        );
        assert!(matches!(
            pick("a", &[], None, &HashMap::new()),
            Err(PickError::NoMock { .. })
        ));
    }

    #[test]
    fn no_match_names_the_values_looked_at() {
        let all = vec![answer(
            "missing",
            &[("order", TypedValue::Text("ORD-0".into()))],
            404,
        )];
        let values = HashMap::from([("order".to_string(), TypedValue::Text("ORD-9".into()))]);
        assert_eq!(
            pick("a", &all, None, &values).unwrap_err().to_string(),
            "no mock answer of action `a` matches the request's values (order = ORD-9); add an answer without `when:` or pick one with --mock=NAME"
        );
    }

    #[test]
    fn bodies_take_typed_values_and_leave_unset_ones_out() {
        let json = Mock {
            body: Some(MockBody::Json(BodyNode::Object(vec![
                (
                    "qty".into(),
                    BodyNode::Text(Template::parse("{{qty}}").unwrap()),
                ),
                (
                    "note".into(),
                    BodyNode::Text(Template::parse("{{note}}").unwrap()),
                ),
                (
                    "id".into(),
                    BodyNode::Text(Template::parse("ORD-{{qty}}").unwrap()),
                ),
            ]))),
            ..Mock::default()
        };
        let lookup = |n: &str| (n == "qty").then_some(TypedValue::Integer(3));
        assert_eq!(
            render_body(&json, &lookup),
            Some(serde_json::json!({"qty": 3, "id": "ORD-3"}))
        );
        let text = Mock {
            body: Some(MockBody::Text(Template::parse("qty={{qty}}").unwrap())),
            ..Mock::default()
        };
        assert_eq!(
            render_body(&text, &lookup),
            Some(serde_json::json!("qty=3"))
        );
        assert_eq!(render_body(&Mock::default(), &lookup), None);
    }
}
