//! Variable values from `--var` text: converted to their types, checked
//! against their constraints, defaults applied.

use std::collections::HashMap;

use crate::core::convert::TypedValue;
use crate::core::model::{Action, Variable};
use crate::core::suggest::did_you_mean;

use super::*;

/// Something that declares variables: an action, or a flow's inputs.
pub(crate) trait Declares {
    /// Who declares them, for messages: "action `lookup-order`".
    fn owner(&self) -> String;
    /// The declared variables.
    fn declared(&self) -> &[Variable];
}

impl Declares for Action {
    fn owner(&self) -> String {
        format!("action `{}`", self.id)
    }

    fn declared(&self) -> &[Variable] {
        &self.variables
    }
}

/// Checks and converts `--var` pairs, applies defaults, and reports every
/// missing required variable at once.
pub(crate) fn resolve_variables(
    owner: &impl Declares,
    given: &[(String, String)],
) -> Result<HashMap<String, TypedValue>, BuildError> {
    let values = convert_given(owner, given)?;
    let missing = missing_required(owner, &values);
    if !missing.is_empty() {
        return Err(BuildError::MissingRequired(missing));
    }
    Ok(with_defaults(owner, values))
}

/// Converts the given pairs without checking for missing ones.
pub(crate) fn convert_given(
    owner: &impl Declares,
    given: &[(String, String)],
) -> Result<HashMap<String, TypedValue>, BuildError> {
    let variables = owner.declared();
    let mut values = HashMap::new();
    for (name, raw) in given {
        let Some(variable) = variables.iter().find(|v| v.name == *name) else {
            let hint = if name.starts_with(crate::core::environment::PREFIX) {
                " (`env.` values come from the environment --env selects, never from --var)"
                    .to_string()
            } else {
                did_you_mean(name, variables.iter().map(|v| v.name.as_str()))
            };
            return Err(BuildError::UnknownVariable {
                owner: owner.owner(),
                name: name.clone(),
                hint,
            });
        };
        let value = variable
            .convert(raw)
            .map_err(|source| BuildError::BadValue {
                name: name.clone(),
                source,
            })?;
        if values.insert(name.clone(), value).is_some() {
            return Err(BuildError::DuplicateVariable(name.clone()));
        }
    }
    Ok(values)
}

/// The required variables that have no value in `values`.
pub(crate) fn missing_required(
    owner: &impl Declares,
    values: &HashMap<String, TypedValue>,
) -> Vec<String> {
    owner
        .declared()
        .iter()
        .filter(|v| v.required && !values.contains_key(&v.name))
        .map(|v| v.name.clone())
        .collect()
}

/// Adds each default for a variable that has no value.
pub(crate) fn with_defaults(
    owner: &impl Declares,
    mut values: HashMap<String, TypedValue>,
) -> HashMap<String, TypedValue> {
    for variable in owner.declared() {
        if let Some(default) = &variable.default {
            values
                .entry(variable.name.clone())
                .or_insert_with(|| default.clone());
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::request::tests::{VAR_ID, action, build_with};

    #[test]
    fn variable_errors_name_the_variable() {
        let a = action(&format!(
            "method: GET\nurl: https://x.test/{{{{id}}}}\n{VAR_ID}"
        ));
        assert_eq!(
            build_with(&a, &[]).unwrap_err(),
            BuildError::MissingRequired(vec!["id".into()])
        );
        let err = build_with(&a, &[("di", "1")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "action `t` has no variable `di` (did you mean `id`?)"
        );
        let err = build_with(&a, &[("env.id", "1")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "action `t` has no variable `env.id` (`env.` values come from the environment --env selects, never from --var)"
        );
        let n = action(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n    required: true\n",
        );
        let err = build_with(&n, &[("n", "x")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "variable `n`: `x` is not a valid integer (expected a whole number such as 42)"
        );
    }

    #[test]
    fn values_that_break_a_constraint_are_refused_naming_it() {
        let a = action(
            "method: POST\nurl: https://x.test/\nbody:\n  p: \"{{p}}\"\n  n: \"{{n}}\"\n  labels: \"{{labels}}\"\nvariables:\n  - {name: p, type: string, enum: [low, high], description: P}\n  - {name: n, type: integer, minimum: 1, maximum: 5, description: N}\n  - {name: labels, type: array, items: {type: string, pattern: \"[a-z]+\", max_length: 5}, description: L}\n",
        );
        let err = |vars: &[(&str, &str)]| build_with(&a, vars).unwrap_err().to_string();
        assert_eq!(
            err(&[("p", "urgent")]),
            "variable `p`: `urgent` is not one of the allowed values (enum): low, high"
        );
        assert_eq!(
            err(&[("n", "9")]),
            "variable `n`: `9` is above the maximum 5"
        );
        assert_eq!(
            err(&[("labels", r#"["ok", "No"]"#)]),
            "variable `labels`: item 2: `No` does not match the pattern `[a-z]+`"
        );
        assert_eq!(
            err(&[("labels", r#"["toolong"]"#)]),
            "variable `labels`: item 1: `toolong` is 7 characters long, above the max_length 5"
        );
        assert_eq!(
            err(&[("labels", "bug")]),
            r#"variable `labels`: `bug` is not a JSON array; give the items as JSON array text such as ["a", "b"]"#
        );
        assert_eq!(
            err(&[("p", "a\nb")]),
            "variable `p`: `a\\nb` is not one of the allowed values (enum): low, high",
            "the value stays on one line"
        );
        let r = build_with(&a, &[("p", "low"), ("n", "5"), ("labels", r#"["ok"]"#)]).unwrap();
        assert_eq!(
            r.body,
            Some(RequestBody::Json(
                serde_json::json!({"p": "low", "n": 5, "labels": ["ok"]})
            ))
        );
    }

    #[test]
    fn defaults_fill_optional_variables() {
        let a = action(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n    default: 7\n",
        );
        assert_eq!(build_with(&a, &[]).unwrap().url, "https://x.test/7");
    }
}
