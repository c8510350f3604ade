//! Tool-call arguments (a JSON object, as an MCP client sends them) as
//! `--var` text, so they pass through the one conversion and constraint
//! check every value passes (`Variable::convert`, `convert_given`).
//!
//! Rules the contract leaves open:
//! - a JSON string is taken as `--var` text for any type (`"42"` for an
//!   integer is converted as `--var n=42` would be);
//! - a JSON number is accepted for `integer` and `float` variables, a
//!   boolean for `boolean` ones, an array for `type: array` ones (its
//!   items then checked as JSON array text is);
//! - `null` counts as not given (OpenAI strict mode sends optional
//!   parameters as `null`);
//! - anything else (an object, a number for a string, …) is refused,
//!   naming the variable. Names the owner does not declare are passed on,
//!   so they are refused with `--var`'s own "has no variable" message.

use serde_json::{Map, Value};
use thiserror::Error;

use crate::core::convert::VarType;
use crate::core::model::Variable;

/// An argument whose JSON kind the variable cannot take.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("variable `{name}`: {shown} is a JSON {kind}, not a value of type {expected}")]
pub(crate) struct ArgumentError {
    /// The variable.
    pub name: String,
    /// The value in backticks, on one line, cut to a readable length.
    pub shown: String,
    /// "number", "object", ...
    pub kind: &'static str,
    /// The variable's type as the format names it (`array of string`).
    pub expected: String,
}

/// `arguments` as `(name, --var text)` pairs for `variables`, in the
/// order given; `null` values left out.
pub(crate) fn as_var_text(
    variables: &[Variable],
    arguments: &Map<String, Value>,
) -> Result<Vec<(String, String)>, ArgumentError> {
    let mut pairs = Vec::with_capacity(arguments.len());
    for (name, value) in arguments {
        let variable = variables.iter().find(|v| v.name == *name);
        if let Some(text) = var_text(name, variable, value)? {
            pairs.push((name.clone(), text));
        }
    }
    Ok(pairs)
}

/// One argument as `--var` text; `None` for `null`.
fn var_text(
    name: &str,
    variable: Option<&Variable>,
    value: &Value,
) -> Result<Option<String>, ArgumentError> {
    let accepted = match (value, variable) {
        (Value::Null, _) => return Ok(None),
        (Value::String(text), _) => return Ok(Some(text.clone())),
        // Undeclared: `convert_given` says the owner has no such variable.
        (_, None) => true,
        (Value::Number(_), Some(v)) => {
            !v.array && matches!(v.ty, VarType::Integer | VarType::Float)
        }
        (Value::Bool(_), Some(v)) => !v.array && v.ty == VarType::Boolean,
        (Value::Array(_), Some(v)) => v.array,
        (Value::Object(_), Some(_)) => false,
    };
    if accepted {
        if let (Value::Number(number), Some(v)) = (value, variable)
            && v.ty == VarType::Integer
            && let Some(whole) = whole_number(&number.to_string())
        {
            return Ok(Some(whole));
        }
        return Ok(Some(value.to_string()));
    }
    let expected = variable.map(Variable::type_name).unwrap_or_default();
    Err(ArgumentError {
        name: name.to_string(),
        shown: crate::core::constraint::shown(&value.to_string()),
        kind: kind_of(value),
        expected,
    })
}

/// JSON number text with a fraction or exponent (`42.0`, `4.2e1`) as
/// the whole number it is, exactly: JSON Schema, which `inputSchema`
/// speaks, counts such a number as an integer, and clients that compute
/// in floats send them. `None` when it has a fractional part (or an
/// exponent too large to write out), to be refused as `--var` refuses it.
fn whole_number(text: &str) -> Option<String> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if frac.is_empty() && exponent == 0 {
        return None;
    }
    let mut digits = format!("{int}{frac}");
    let shift = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
    if shift >= 0 {
        if shift > 400 {
            return None;
        }
        digits.push_str(&"0".repeat(usize::try_from(shift).ok()?));
    } else {
        let cut = usize::try_from(-shift).ok()?;
        if cut > digits.len() || !digits[digits.len() - cut..].bytes().all(|b| b == b'0') {
            return None;
        }
        digits.truncate(digits.len() - cut);
    }
    let digits = digits.trim_start_matches('0');
    Some(if digits.is_empty() {
        "0".to_string()
    } else {
        format!("{sign}{digits}")
    })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_whole_number_written_with_a_fraction_or_exponent_is_an_integer() {
        let n = [variable("n", VarType::Integer, false)];
        let f = [variable("f", VarType::Float, false)];
        for (given, want) in [
            ("42.0", "42"),
            ("4.2e1", "42"),
            ("-42.000", "-42"),
            ("-0.0", "0"),
            ("1E2", "100"),
            ("4200e-2", "42"),
            ("42", "42"),
            ("42.5", "42.5"),
            ("1e-3", "1e-3"),
            ("1e999", "1e+999"),
        ] {
            let arguments: Map<String, Value> =
                serde_json::from_str(&format!("{{\"n\": {given}}}")).unwrap();
            let got = as_var_text(&n, &arguments).unwrap();
            assert_eq!(got[0].1, want, "{given}");
        }
        let arguments: Map<String, Value> = serde_json::from_str(r#"{"f": 42.0}"#).unwrap();
        assert_eq!(as_var_text(&f, &arguments).unwrap()[0].1, "42.0");
    }

    fn variable(name: &str, ty: VarType, array: bool) -> Variable {
        Variable {
            name: name.into(),
            ty,
            array,
            constraints: Default::default(),
            description: None,
            example: None,
            required: false,
            default: None,
        }
    }

    fn vars() -> Vec<Variable> {
        vec![
            variable("s", VarType::String, false),
            variable("n", VarType::Integer, false),
            variable("f", VarType::Float, false),
            variable("b", VarType::Boolean, false),
            variable("tags", VarType::String, true),
        ]
    }

    fn pairs(args: Value) -> Result<Vec<(String, String)>, ArgumentError> {
        let Value::Object(map) = args else {
            unreachable!("the tests pass objects")
        };
        as_var_text(&vars(), &map)
    }

    #[test]
    fn json_kinds_a_variable_takes_become_its_var_text() {
        // Parsed from text, as a client's arguments are: a float keeps its digits.
        let args = r#"{"s": "a b", "n": 42, "f": 19.999999999999999999, "b": true,
            "tags": ["x", "y"], "unknown": {"k": 1}, "skipped": null}"#;
        let got = pairs(serde_json::from_str(args).unwrap()).unwrap();
        let want: Vec<(String, String)> = [
            ("s", "a b"),
            ("n", "42"),
            ("f", "19.999999999999999999"),
            ("b", "true"),
            ("tags", r#"["x","y"]"#),
            ("unknown", r#"{"k":1}"#),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn strings_are_var_text_for_every_type() {
        let got = pairs(json!({"n": "42", "b": "yes", "tags": "[\"x\"]"})).unwrap();
        assert_eq!(got[0], ("n".into(), "42".into()));
        assert_eq!(got[1], ("b".into(), "yes".into()));
        assert_eq!(got[2], ("tags".into(), "[\"x\"]".into()));
    }

    #[test]
    fn kinds_a_variable_cannot_take_are_refused_naming_it() {
        let err = |args| pairs(args).unwrap_err().to_string();
        assert_eq!(
            err(json!({"s": 42})),
            "variable `s`: `42` is a JSON number, not a value of type string"
        );
        assert_eq!(
            err(json!({"n": true})),
            "variable `n`: `true` is a JSON boolean, not a value of type integer"
        );
        assert_eq!(
            err(json!({"b": [1]})),
            "variable `b`: `[1]` is a JSON array, not a value of type boolean"
        );
        assert_eq!(
            err(json!({"tags": 3})),
            "variable `tags`: `3` is a JSON number, not a value of type array of string"
        );
        assert_eq!(
            err(json!({"s": {"a": 1}})),
            "variable `s`: `{\"a\":1}` is a JSON object, not a value of type string"
        );
    }

    #[test]
    fn a_huge_wrong_value_is_quoted_cut() {
        let big = "9".repeat(10_000);
        let Value::Object(map) = json!({"s": serde_json::from_str::<Value>(&big).unwrap()}) else {
            unreachable!()
        };
        let message = as_var_text(&vars(), &map).unwrap_err().to_string();
        assert!(message.len() < 200, "{message}");
    }
}
