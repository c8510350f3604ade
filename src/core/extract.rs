//! Pulling values out of a JSON response with the JSONPaths of an
//! action's `extract:` section (RFC 9535, via serde_json_path).
//!
//! A singular path (only names and indexes, no `..`, `*`, slice or
//! filter) gives its one value and fails when nothing matches; any other
//! path gives an array of every match, empty when nothing matches. The
//! shape of the result then depends on the path alone, never on how many
//! nodes the response happens to hold.

use std::io::Write;

use serde_json::Value;
use thiserror::Error;

use crate::core::jsonpath::CheckedPath;
use crate::core::model::Extraction;

/// The most an extracted value may weigh, as compact JSON text. Values
/// flow into later requests and the trace; a path such as `$..id` over
/// a deeply nested body would otherwise copy the body once per level.
pub(crate) const MAX_EXTRACTED_BYTES: usize = 1024 * 1024;

/// One extraction's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Extracted {
    pub name: String,
    /// The JSONPath.
    pub path: String,
    /// The value, or why there is none.
    pub value: Result<Value, ExtractProblem>,
}

/// Why an extraction gave no value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum ExtractProblem {
    /// A singular path that matched no node.
    #[error("matched nothing")]
    NoMatch,
    /// The body is empty or not JSON.
    #[error("matched nothing: the response body is not JSON")]
    NotJson,
    /// The matches together are larger than [`MAX_EXTRACTED_BYTES`].
    #[error(
        "matched more than {} MiB of JSON, the limit for an extracted value",
        MAX_EXTRACTED_BYTES >> 20
    )]
    TooLarge,
}

/// Applies every extraction to `body` (`None` when it is not JSON).
pub(crate) fn extract(extractions: &[Extraction], body: Option<&Value>) -> Vec<Extracted> {
    extractions
        .iter()
        .map(|e| Extracted {
            name: e.name.clone(),
            path: e.path.to_string(),
            value: body
                .ok_or(ExtractProblem::NotJson)
                .and_then(|b| query(&e.path, b)),
        })
        .collect()
}

fn query(path: &CheckedPath, body: &Value) -> Result<Value, ExtractProblem> {
    let nodes = path.query(body).all();
    let mut left = MAX_EXTRACTED_BYTES;
    for node in &nodes {
        left -= json_size_within(node, left).ok_or(ExtractProblem::TooLarge)?;
    }
    if !path.is_singular() {
        return Ok(Value::Array(nodes.into_iter().cloned().collect()));
    }
    match nodes.as_slice() {
        [] => Err(ExtractProblem::NoMatch),
        [one] => Ok((*one).clone()),
        many => Ok(Value::Array(many.iter().map(|v| (*v).clone()).collect())),
    }
}

/// The size of `value` as compact JSON, or `None` when it exceeds
/// `limit`; never writes more than `limit` bytes anywhere.
fn json_size_within(value: &Value, limit: usize) -> Option<usize> {
    struct Budget {
        used: usize,
        limit: usize,
    }
    impl Write for Budget {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.used += buf.len();
            if self.used > self.limit {
                return Err(std::io::Error::other("over the limit"));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut budget = Budget { used: 0, limit };
    serde_json::to_writer(&mut budget, value).ok()?;
    Some(budget.used)
}

/// The text form of an extracted value, as it fills a `{{name}}` later:
/// strings bare, everything else as JSON (numbers exactly as received).
pub(crate) fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex(name: &str, path: &str) -> Extraction {
        Extraction {
            name: name.into(),
            path: CheckedPath::parse(path).unwrap(),
        }
    }

    fn one(path: &str, body: &Value) -> Result<Value, ExtractProblem> {
        extract(&[ex("x", path)], Some(body)).remove(0).value
    }

    #[test]
    fn singular_paths_give_the_value_or_fail() {
        let body = json!({"customer": {"name": "Jane"}, "items": [{"sku": "A"}], "ok": true});
        assert_eq!(one("$.customer.name", &body), Ok(json!("Jane")));
        assert_eq!(one("$.items[0].sku", &body), Ok(json!("A")));
        assert_eq!(one("$['ok']", &body), Ok(json!(true)));
        assert_eq!(one("$.nope", &body), Err(ExtractProblem::NoMatch));
        assert_eq!(one("$.items[5]", &body), Err(ExtractProblem::NoMatch));
    }

    #[test]
    fn other_paths_always_give_an_array() {
        let body = json!({"items": [{"sku": "A"}], "data": [], "pages": [{"n": 1}, {"n": 2}]});
        assert_eq!(one("$.items[*].sku", &body), Ok(json!(["A"])));
        assert_eq!(one("$.data[*].amount", &body), Ok(json!([])));
        assert_eq!(one("$..n", &body), Ok(json!([1, 2])));
        assert_eq!(one("$.pages[?@.n > 1].n", &body), Ok(json!([2])));
        assert_eq!(one("$.pages[0:1].n", &body), Ok(json!([1])));
        assert_eq!(one("$.nope[*]", &body), Ok(json!([])));
        assert_eq!(
            one("$['items','data']", &body),
            Ok(json!([[{"sku": "A"}], []]))
        );
    }

    #[test]
    fn a_body_that_is_not_json_fails_every_path() {
        let out = extract(&[ex("a", "$.a"), ex("b", "$[*]")], None);
        assert_eq!(out[0].value, Err(ExtractProblem::NotJson));
        assert_eq!(out[1].value, Err(ExtractProblem::NotJson));
    }

    #[test]
    fn values_over_the_limit_fail_without_copying() {
        let big = "x".repeat(MAX_EXTRACTED_BYTES / 4);
        let mut body = json!({"id": big});
        for _ in 0..100 {
            body = json!({"id": body});
        }
        assert_eq!(one("$..id", &body), Err(ExtractProblem::TooLarge));
        assert_eq!(one("$..id..id..id", &body), Err(ExtractProblem::TooLarge));
        assert!(
            one("$.id", &body).is_ok_and(|v| v.is_object()),
            "one copy fits"
        );
        let fits = json!({"id": "x".repeat(MAX_EXTRACTED_BYTES - 2)});
        assert_eq!(
            one("$.id", &fits),
            Ok(json!("x".repeat(MAX_EXTRACTED_BYTES - 2)))
        );
        let over = json!({"id": "x".repeat(MAX_EXTRACTED_BYTES - 1)});
        assert_eq!(one("$.id", &over), Err(ExtractProblem::TooLarge));
    }

    #[test]
    fn numbers_keep_their_text() {
        let body: Value = serde_json::from_str(
            r#"{"id": 123456789012345678901234, "amount": 19.999999999999999999}"#,
        )
        .unwrap();
        assert_eq!(
            as_text(&one("$.id", &body).unwrap()),
            "123456789012345678901234"
        );
        assert_eq!(
            as_text(&one("$.amount", &body).unwrap()),
            "19.999999999999999999"
        );
    }

    #[test]
    fn text_forms() {
        assert_eq!(as_text(&json!("Jane")), "Jane");
        assert_eq!(as_text(&json!(true)), "true");
        assert_eq!(as_text(&json!(3)), "3");
    }
}
