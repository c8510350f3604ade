//! Pulling values out of a JSON response with the JSONPaths of an
//! action's `extract:` section (RFC 9535, via serde_json_path).

use serde_json::Value;

use crate::jsonpath::CheckedPath;
use crate::model::Extraction;

/// One extraction's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The variable name.
    pub name: String,
    /// The JSONPath.
    pub path: String,
    /// The value: the single match, an array when several match, `None`
    /// when nothing matched (or the body is not JSON).
    pub value: Option<Value>,
}

/// Applies every extraction to `body`.
pub fn extract(extractions: &[Extraction], body: Option<&Value>) -> Vec<Extracted> {
    extractions
        .iter()
        .map(|e| Extracted {
            name: e.name.clone(),
            path: e.path.to_string(),
            value: body.and_then(|b| query(&e.path, b)),
        })
        .collect()
}

fn query(path: &CheckedPath, body: &Value) -> Option<Value> {
    let nodes = path.query(body).all();
    match nodes.as_slice() {
        [] => None,
        [one] => Some((*one).clone()),
        many => Some(Value::Array(many.iter().map(|v| (*v).clone()).collect())),
    }
}

/// The text form of an extracted value, as it fills a `{{name}}` later:
/// strings bare, everything else as JSON.
pub fn as_text(value: &Value) -> String {
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

    #[test]
    fn single_many_and_no_matches() {
        let body = json!({"customer": {"name": "Jane"}, "items": [{"sku": "A"}, {"sku": "B"}], "ok": true});
        let out = extract(
            &[
                ex("name", "$.customer.name"),
                ex("skus", "$.items[*].sku"),
                ex("ok", "$.ok"),
                ex("gone", "$.nope"),
            ],
            Some(&body),
        );
        assert_eq!(out[0].value, Some(json!("Jane")));
        assert_eq!(out[1].value, Some(json!(["A", "B"])));
        assert_eq!(out[2].value, Some(json!(true)));
        assert_eq!(out[3].value, None);
        assert_eq!(extract(&[ex("x", "$.a")], None)[0].value, None);
    }

    #[test]
    fn text_forms() {
        assert_eq!(as_text(&json!("Jane")), "Jane");
        assert_eq!(as_text(&json!(true)), "true");
        assert_eq!(as_text(&json!(3)), "3");
    }
}
