//! Local `$ref`s of an OpenAPI document followed, and `allOf` of object
//! schemas merged, with cycles and external references refused.

use serde_json::{Map, Value};

/// Most `$ref` hops in one chain, and most schemas expanded inside each
/// other (through `allOf`, properties and items): real documents need a
/// handful; a longer chain is a generated or hostile one.
const MAX_DEPTH: usize = 32;

/// Why a reference could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefProblem {
    /// JSON pointer of the `$ref` (or schema) at fault, for its location.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl RefProblem {
    fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            at: at.into(),
            message: message.into(),
        }
    }
}

/// Follows references inside one document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolver<'a> {
    root: &'a Value,
}

impl<'a> Resolver<'a> {
    /// A resolver over the whole document.
    pub(crate) fn new(root: &'a Value) -> Self {
        Self { root }
    }

    /// `value` (found at pointer `at`) with its `$ref` chain followed:
    /// the value referred to and its own pointer.
    pub(crate) fn follow(
        &self,
        value: &'a Value,
        at: &str,
    ) -> Result<(&'a Value, String), RefProblem> {
        let mut current = value;
        let mut pointer = at.to_string();
        let mut chain: Vec<String> = Vec::new();
        while let Some(reference) = current.get("$ref") {
            let ref_at = format!("{pointer}/$ref");
            let Some(reference) = reference.as_str() else {
                return Err(RefProblem::new(ref_at, "`$ref` is not a string"));
            };
            let target = local_pointer(reference).map_err(|m| RefProblem::new(&ref_at, m))?;
            if chain.contains(&target) {
                chain.push(target);
                return Err(RefProblem::new(
                    ref_at,
                    format!("`$ref` cycle: {}", chain_text(&chain)),
                ));
            }
            if chain.len() == MAX_DEPTH {
                return Err(RefProblem::new(
                    ref_at,
                    format!("`$ref` chain longer than {MAX_DEPTH} hops"),
                ));
            }
            current = self.root.pointer(&target).ok_or_else(|| {
                RefProblem::new(
                    &ref_at,
                    format!("`$ref` target `{reference}` does not exist"),
                )
            })?;
            chain.push(target.clone());
            pointer = target;
        }
        Ok((current, pointer))
    }

    /// A schema with its `$ref`s followed and its `allOf` members merged
    /// into one (properties and `required` united; other keys from the
    /// first that has them). `inside` holds the pointers of the schemas
    /// this one is nested in: meeting one again is a cycle.
    pub(crate) fn schema(
        &self,
        value: &'a Value,
        at: &str,
        inside: &[String],
    ) -> Result<Schema, RefProblem> {
        let (target, pointer) = self.follow(value, at)?;
        if inside.contains(&pointer) {
            let mut chain = inside.to_vec();
            chain.push(pointer.clone());
            let from = chain.iter().position(|p| *p == pointer).unwrap_or(0);
            return Err(RefProblem::new(
                at,
                format!("schema contains itself: {}", chain_text(&chain[from..])),
            ));
        }
        if inside.len() >= MAX_DEPTH {
            return Err(RefProblem::new(
                at,
                format!("schemas nested more than {MAX_DEPTH} deep"),
            ));
        }
        let Some(object) = target.as_object() else {
            return Ok(Schema {
                value: Value::Object(Map::new()),
                pointer,
            });
        };
        let mut merged = object.clone();
        merged.remove("allOf");
        if let Some(members) = object.get("allOf").and_then(Value::as_array) {
            let mut nested = inside.to_vec();
            nested.push(pointer.clone());
            for (i, member) in members.iter().enumerate() {
                let member = self.schema(member, &format!("{pointer}/allOf/{i}"), &nested)?;
                merge_into(&mut merged, member.value);
            }
        }
        Ok(Schema {
            value: Value::Object(merged),
            pointer,
        })
    }
}

/// A schema ready to read: references followed, `allOf` merged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Schema {
    /// The merged schema (an object; `{}` for a boolean schema).
    pub value: Value,
    /// Where it stands (the target of its `$ref`, if it had one).
    pub pointer: String,
}

/// Merges an `allOf` member into `into`.
fn merge_into(into: &mut Map<String, Value>, member: Value) {
    let Value::Object(member) = member else {
        return;
    };
    for (key, value) in member {
        match (key.as_str(), into.get_mut(&key), value) {
            ("properties", Some(Value::Object(props)), Value::Object(more)) => {
                props.extend(more);
            }
            ("required", Some(Value::Array(names)), Value::Array(more)) => {
                for name in more {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            (_, Some(_), _) => {}
            (_, None, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// `#/components/schemas/Pet` → `/components/schemas/Pet`; anything but
/// a reference inside this document is refused, saying what it is.
fn local_pointer(reference: &str) -> Result<String, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        let what = if reference.contains("://") {
            "an external URL"
        } else {
            "another file"
        };
        return Err(format!(
            "`$ref` to `{reference}` points to {what}; only references inside the document (`#/…`) are resolved"
        ));
    };
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| format!("`$ref` `{reference}` is not UTF-8 once decoded"))?;
    if !decoded.is_empty() && !decoded.starts_with('/') {
        return Err(format!(
            "`$ref` `{reference}` is not a JSON pointer (`#/components/…`)"
        ));
    }
    Ok(decoded.into_owned())
}

fn chain_text(chain: &[String]) -> String {
    chain
        .iter()
        .map(|p| format!("#{p}"))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "components": {"schemas": {
                "Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                "Alias": {"$ref": "#/components/schemas/Pet"},
                "Cat": {"allOf": [
                    {"$ref": "#/components/schemas/Pet"},
                    {"type": "object", "required": ["lives"], "properties": {"lives": {"type": "integer"}}}
                ]},
                "Loop1": {"$ref": "#/components/schemas/Loop2"},
                "Loop2": {"$ref": "#/components/schemas/Loop1"},
                "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
                "Self": {"allOf": [{"$ref": "#/components/schemas/Self"}]},
                "a/b": {"type": "string"}
            }}
        })
    }

    #[test]
    fn chains_of_refs_are_followed() {
        let d = doc();
        let r = Resolver::new(&d);
        let reference = json!({"$ref": "#/components/schemas/Alias"});
        let (v, p) = r.follow(&reference, "/x").unwrap();
        assert_eq!(p, "/components/schemas/Pet");
        assert_eq!(v["type"], "object");
        let reference = json!({"$ref": "#/components/schemas/a~1b"});
        let (v, _) = r.follow(&reference, "/x").unwrap();
        assert_eq!(v["type"], "string");
        let reference = json!({"$ref": "#/components/schemas/a%7E1b"});
        let (v, _) = r.follow(&reference, "/x").unwrap();
        assert_eq!(v["type"], "string");
    }

    #[test]
    fn all_of_merges_properties_and_required() {
        let d = doc();
        let r = Resolver::new(&d);
        let s = r
            .schema(&json!({"$ref": "#/components/schemas/Cat"}), "/x", &[])
            .unwrap();
        assert_eq!(s.value["required"], json!(["name", "lives"]));
        let props: Vec<&String> = s.value["properties"].as_object().unwrap().keys().collect();
        assert_eq!(props, ["name", "lives"]);
        assert_eq!(s.value["type"], "object");
    }

    #[test]
    fn cycles_missing_and_external_refs_are_problems_at_the_ref() {
        let d = doc();
        let r = Resolver::new(&d);
        let e = r
            .follow(&json!({"$ref": "#/components/schemas/Loop1"}), "/p")
            .unwrap_err();
        assert_eq!(e.at, "/components/schemas/Loop2/$ref");
        assert!(e.message.contains("`$ref` cycle: #/components/schemas/Loop1 → #/components/schemas/Loop2 → #/components/schemas/Loop1"), "{}", e.message);
        let e = r
            .schema(&json!({"$ref": "#/components/schemas/Self"}), "/p", &[])
            .unwrap_err();
        assert!(
            e.message.contains("schema contains itself"),
            "{}",
            e.message
        );
        let node = r
            .schema(&json!({"$ref": "#/components/schemas/Node"}), "/p", &[])
            .unwrap();
        let e = r
            .schema(
                &node.value["properties"]["next"],
                "/components/schemas/Node/properties/next",
                std::slice::from_ref(&node.pointer),
            )
            .unwrap_err();
        assert!(
            e.message.contains(
                "schema contains itself: #/components/schemas/Node → #/components/schemas/Node"
            ),
            "{}",
            e.message
        );
        let e = r.follow(&json!({"$ref": "#/nope"}), "/p").unwrap_err();
        assert_eq!(
            (e.at.as_str(), e.message.as_str()),
            ("/p/$ref", "`$ref` target `#/nope` does not exist")
        );
        let e = r
            .follow(&json!({"$ref": "http://x.test/s.yaml#/A"}), "/p")
            .unwrap_err();
        assert!(
            e.message.contains("points to an external URL"),
            "{}",
            e.message
        );
        let e = r
            .follow(&json!({"$ref": "other.yaml#/A"}), "/p")
            .unwrap_err();
        assert!(
            e.message.contains("points to another file"),
            "{}",
            e.message
        );
        let e = r.follow(&json!({"$ref": 3}), "/p").unwrap_err();
        assert_eq!(e.message, "`$ref` is not a string");
    }

    #[test]
    fn long_chains_are_bounded() {
        let mut schemas = Map::new();
        for i in 0..100 {
            schemas.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        schemas.insert("S100".into(), json!({"type": "string"}));
        let d = json!({"components": {"schemas": schemas}});
        let e = Resolver::new(&d)
            .follow(&json!({"$ref": "#/components/schemas/S0"}), "/p")
            .unwrap_err();
        assert!(e.message.contains("longer than 32"), "{}", e.message);
    }
}
