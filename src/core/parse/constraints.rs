//! A variable's constraints — `enum`, `minimum`, `maximum`, `pattern`,
//! `min_length`, `max_length` — on the types they apply to, with values
//! that fit the type and bounds that leave some value possible. Their
//! shapes (a list, a number, a string) are the schema's to check.

use std::collections::HashMap;

use marked_yaml::types::MarkedSequenceNode;

use super::*;
use crate::core::constraint::{
    CONSTRAINT_KEYS, Constraints, MAX_ENUM_VALUES, MAX_PATTERN_CHARS, Pattern, applies, applies_to,
    is_text,
};

/// Where the key `key` of `map` is written.
pub(super) fn key_at(map: &MarkedMappingNode, key: &str) -> Option<Location> {
    map.iter()
        .find(|(k, _)| k.as_str() == key)
        .map(|(k, _)| node_start(k.span()))
}

impl Parser<'_> {
    /// The constraints written in `map` for values of `ty`, of the
    /// variable `name`; `None` after any error.
    pub(super) fn constraints(
        &mut self,
        map: &MarkedMappingNode,
        name: &str,
        ty: VarType,
    ) -> Option<Constraints> {
        let mut fits = true;
        for key in CONSTRAINT_KEYS {
            if let Some(at) = key_at(map, key).filter(|_| !applies(key, ty)) {
                self.error(
                    at,
                    format!(
                        "`{key}` applies to {} values, not to {ty} (variable `{name}`)",
                        applies_to(key)
                    ),
                );
                fits = false;
            }
        }
        if !fits {
            return None;
        }
        let allowed = self.enum_values(map, name, ty);
        let minimum = self.bound(map, "minimum", name, ty);
        let maximum = self.bound(map, "maximum", name, ty);
        let pattern = self.pattern(map, name);
        let min_length = self.length(map, "min_length", name);
        let max_length = self.length(map, "max_length", name);
        let mut constraints = Constraints {
            allowed: None,
            minimum: minimum?,
            maximum: maximum?,
            pattern: pattern?,
            min_length: min_length?,
            max_length: max_length?,
        };
        let ordered = self.check_order(map, name, &constraints);
        let allowed = allowed?;
        if let Some(values) = &allowed {
            let mut ok = true;
            for (value, at) in values {
                if let Err(broken) = constraints.check(value) {
                    self.error(
                        *at,
                        format!(
                            "enum value of variable `{name}` breaks another constraint: {broken}"
                        ),
                    );
                    ok = false;
                }
            }
            if !ok {
                return None;
            }
        }
        constraints.allowed = allowed.map(|values| values.into_iter().map(|(v, _)| v).collect());
        ordered.then_some(constraints)
    }

    /// `minimum <= maximum` and `min_length <= max_length`, or an error
    /// at the upper bound: no value could pass.
    fn check_order(&mut self, map: &MarkedMappingNode, name: &str, c: &Constraints) -> bool {
        let mut ok = true;
        if let (Some(min), Some(max)) = (&c.minimum, &c.maximum) {
            let below = match (min.as_i64(), max.as_i64()) {
                (Some(a), Some(b)) => a > b,
                _ => min.as_f64().zip(max.as_f64()).is_some_and(|(a, b)| a > b),
            };
            if below {
                let at = key_at(map, "maximum").unwrap_or(Location::START);
                self.error(at, format!("variable `{name}`: `minimum` {min} is greater than `maximum` {max}, so no value fits"));
                ok = false;
            }
        }
        if let (Some(min), Some(max)) = (c.min_length, c.max_length)
            && min > max
        {
            let at = key_at(map, "max_length").unwrap_or(Location::START);
            self.error(at, format!("variable `{name}`: `min_length` {min} is greater than `max_length` {max}, so no value fits"));
            ok = false;
        }
        ok
    }

    /// `minimum` or `maximum`: a number, a whole one for an integer.
    /// `Some(None)` when absent.
    fn bound(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        name: &str,
        ty: VarType,
    ) -> Option<Option<serde_json::Number>> {
        let Some(scalar) = map.get_scalar(key) else {
            return map.get_node(key).is_none().then_some(None);
        };
        let serde_json::Value::Number(n) = scalar_to_json(scalar) else {
            return None;
        };
        if ty == VarType::Integer && n.as_i64().is_none() {
            let written = scalar.as_str();
            let problem = match whole_number(&n) {
                Whole::Spelled(whole) if whole >= i64::MIN as f64 && whole < i64::MAX as f64 => {
                    format!("must be written as a whole number ({whole})")
                }
                Whole::Written | Whole::Spelled(_) => format!(
                    "must be within the integer range {} to {}",
                    i64::MIN,
                    i64::MAX
                ),
                Whole::Fraction => "must be a whole number".to_string(),
            };
            self.error(
                node_start(scalar.span()),
                format!("`{key}` of integer variable `{name}` {problem}, found {written}"),
            );
            return None;
        }
        Some(Some(n))
    }

    /// `pattern`: a regex that compiles within the limits, its faults
    /// located inside the pattern where the regex parser says.
    fn pattern(&mut self, map: &MarkedMappingNode, name: &str) -> Option<Option<Pattern>> {
        let Some(scalar) = map.get_scalar("pattern") else {
            return map.get_node("pattern").is_none().then_some(None);
        };
        if !scalar_to_json(scalar).is_string() {
            return None;
        }
        let source = scalar.as_str();
        if source.is_empty() || source.chars().count() > MAX_PATTERN_CHARS {
            return None;
        }
        match Pattern::new(source) {
            Ok(pattern) => {
                if let Some(((start, end), what)) = pattern.non_ecma_feature() {
                    let at =
                        self.doc
                            .locate_in_scalar(scalar, start, end.saturating_sub(start).max(1));
                    self.warning(at, format!("`pattern` of variable `{name}` uses {what}, which ECMA-262 regexes lack: actionctl checks values with it, but JSON Schema validators and LLM tool APIs read the exported pattern as ECMA-262"));
                }
                Some(Some(pattern))
            }
            Err(e) => {
                let at = match e.span {
                    Some((start, end)) => {
                        self.doc
                            .locate_in_scalar(scalar, start, end.saturating_sub(start).max(1))
                    }
                    None => node_start(scalar.span()),
                };
                self.error(
                    at,
                    format!("`pattern` of variable `{name}` is not a usable regex: {e}"),
                );
                None
            }
        }
    }

    /// `enum`: values of one kind that fit the type, none twice, each
    /// with where it stands. `Some(None)` when absent.
    fn enum_values(
        &mut self,
        map: &MarkedMappingNode,
        name: &str,
        ty: VarType,
    ) -> Option<Option<Vec<(TypedValue, Location)>>> {
        let Some(node) = map.get_node("enum") else {
            return Some(None);
        };
        let list = node.as_sequence()?;
        if list.is_empty() || list.len() > MAX_ENUM_VALUES {
            return None;
        }
        let scalars: Vec<&MarkedScalarNode> = list.iter().filter_map(|n| n.as_scalar()).collect();
        if scalars.len() != list.len() {
            return None;
        }
        self.check_one_kind(node_start(node.span()), list, name)?;
        let mut values = Vec::with_capacity(scalars.len());
        let mut seen: HashMap<String, Location> = HashMap::new();
        let mut ok = true;
        for scalar in scalars {
            let at = node_start(scalar.span());
            match self.enum_value(scalar, name, ty) {
                Some(value) => {
                    if let Some(first) = seen.insert(value.to_string(), at) {
                        self.error(
                            at,
                            format!(
                                "enum value {} of variable `{name}` is listed twice (first at {first})",
                                crate::core::constraint::shown(&value.to_string())
                            ),
                        );
                        ok = false;
                    }
                    values.push((value, at));
                }
                None => ok = false,
            }
        }
        ok.then_some(Some(values))
    }

    /// An error at the `enum` when its values are of more than one
    /// kind (strings and numbers).
    fn check_one_kind(
        &mut self,
        at: Location,
        list: &MarkedSequenceNode,
        name: &str,
    ) -> Option<()> {
        let kind = |n: &Node| match n.as_scalar().map(scalar_to_json) {
            Some(serde_json::Value::String(_)) => "strings",
            Some(serde_json::Value::Number(_)) => "numbers",
            _ => "other values",
        };
        let mut kinds: Vec<&str> = list.iter().map(kind).collect();
        kinds.dedup();
        kinds.sort_unstable();
        kinds.dedup();
        if kinds.len() > 1 {
            self.error(
                at,
                format!(
                    "`enum` of variable `{name}` mixes {}: list values of one type",
                    kinds.join(" and ")
                ),
            );
            return None;
        }
        Some(())
    }

    /// One `enum` value: written as the type's kind (a string for the
    /// text types, an integer for integer) and valid for the type.
    fn enum_value(
        &mut self,
        scalar: &MarkedScalarNode,
        name: &str,
        ty: VarType,
    ) -> Option<TypedValue> {
        let at = node_start(scalar.span());
        let text = scalar.as_str();
        let written = scalar_to_json(scalar);
        if is_text(ty) && !written.is_string() {
            self.error(
                at,
                format!("enum value {text} of {ty} variable `{name}` is a number; quote it (\"{text}\") to make it text"),
            );
            return None;
        }
        if ty == VarType::Integer && !written.is_number() {
            self.error(
                at,
                format!("enum value {} of integer variable `{name}` is a string; write integers without quotes", crate::core::constraint::shown(text)),
            );
            return None;
        }
        match ty.convert(text) {
            Ok(value) => Some(value),
            Err(e) => {
                self.error(at, format!("enum value of variable `{name}`: {e}"));
                None
            }
        }
    }
}

impl Parser<'_> {
    /// `min_length` or `max_length`: `Some(None)` when absent, `None`
    /// when not a whole number from 0 to `u64::MAX` (the schema reports
    /// a negative or fractional one, this the rest).
    fn length(&mut self, map: &MarkedMappingNode, key: &str, name: &str) -> Option<Option<u64>> {
        let Some(node) = map.get_node(key) else {
            return Some(None);
        };
        let scalar = node.as_scalar()?;
        let serde_json::Value::Number(n) = scalar_to_json(scalar) else {
            return None;
        };
        if let Some(length) = n.as_u64() {
            return Some(Some(length));
        }
        let at = node_start(scalar.span());
        let written = scalar.as_str();
        match whole_number(&n) {
            Whole::Written => self.error(
                at,
                format!(
                    "`{key}` of variable `{name}` must be at most {}, found {written}",
                    u64::MAX
                ),
            ),
            Whole::Spelled(whole) if whole >= 0.0 && whole <= u64::MAX as f64 => self.error(
                at,
                format!("`{key}` of variable `{name}` must be written as a whole number ({whole}), found {written}"),
            ),
            Whole::Spelled(_) if !written.starts_with('-') => self.error(
                at,
                format!(
                    "`{key}` of variable `{name}` must be at most {}, found {written}",
                    u64::MAX
                ),
            ),
            // Negative or with a fraction: the schema's `minimum: 0` and
            // `type: integer` say so.
            _ => {}
        }
        None
    }
}

/// How a number that does not fit the wanted integer type is written.
enum Whole {
    /// In digits, as a whole number: it is out of range.
    Written,
    /// With an exponent or a decimal point, but whole (`1e3`, `3.0`).
    Spelled(f64),
    /// With a fraction, or not finite.
    Fraction,
}

/// Tells a whole number too large for its type from one written with an
/// exponent or decimal point, and both from a fraction.
fn whole_number(n: &serde_json::Number) -> Whole {
    let text = n.to_string();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Whole::Written;
    }
    match n.as_f64() {
        Some(f) if f.is_finite() && f.fract() == 0.0 => Whole::Spelled(f),
        _ => Whole::Fraction,
    }
}

#[cfg(test)]
mod tests {
    use crate::core::parse::tests::diags;

    /// The diagnostics of an action whose URL uses `{{v}}`, with the
    /// variable `v` declared by `variable` (the lines after `- name: v`).
    fn var(variable: &str) -> Vec<String> {
        diags(&format!(
            "method: GET\nurl: https://x.test/{{{{v}}}}\nvariables:\n  - name: v\n    description: The value\n{variable}"
        ))
    }

    #[test]
    fn constraints_must_fit_the_type() {
        assert_eq!(
            var("    type: integer\n    min_length: 2\n    pattern: a\n"),
            vec![
                "a.yaml:9:5: error: `min_length` applies to string, date, email and phone values, not to integer (variable `v`)",
                "a.yaml:10:5: error: `pattern` applies to string, date, email and phone values, not to integer (variable `v`)",
            ]
        );
        assert_eq!(
            var("    type: string\n    minimum: 1\n"),
            vec![
                "a.yaml:9:5: error: `minimum` applies to integer and float values, not to string (variable `v`)"
            ]
        );
        assert_eq!(
            var("    type: float\n    enum: [1, 2]\n"),
            vec![
                "a.yaml:9:5: error: `enum` applies to string, date, email, phone and integer values, not to float (variable `v`)"
            ]
        );
        assert_eq!(
            var("    type: boolean\n    maximum: 1\n"),
            vec![
                "a.yaml:9:5: error: `maximum` applies to integer and float values, not to boolean (variable `v`)"
            ]
        );
        assert!(var("    type: email\n    max_length: 64\n    pattern: \".*@acme[.]com\"\n    example: a@acme.com\n").is_empty());
    }

    #[test]
    fn enum_values_are_of_one_kind_and_fit_the_type() {
        assert_eq!(
            var("    type: string\n    enum: [low, 2, high]\n"),
            vec![
                "a.yaml:9:11: error: `enum` of variable `v` mixes numbers and strings: list values of one type"
            ]
        );
        assert_eq!(
            var("    type: string\n    enum: [10115, 10117]\n"),
            vec![
                "a.yaml:9:12: error: enum value 10115 of string variable `v` is a number; quote it (\"10115\") to make it text",
                "a.yaml:9:19: error: enum value 10117 of string variable `v` is a number; quote it (\"10117\") to make it text",
            ]
        );
        assert_eq!(
            var("    type: integer\n    enum: [\"1\", \"2\"]\n"),
            vec![
                "a.yaml:9:12: error: enum value `1` of integer variable `v` is a string; write integers without quotes",
                "a.yaml:9:17: error: enum value `2` of integer variable `v` is a string; write integers without quotes",
            ]
        );
        assert_eq!(
            var("    type: email\n    enum: [a@b.co, nobody]\n"),
            vec![
                "a.yaml:9:20: error: enum value of variable `v`: `nobody` is not a valid email (expected an address such as jane@example.com)"
            ]
        );
        assert_eq!(
            var("    type: string\n    enum: [low, high, low]\n"),
            vec![
                "a.yaml:9:23: error: enum value `low` of variable `v` is listed twice (first at 9:12)"
            ]
        );
        assert!(var("    type: integer\n    enum: [1, 2, 3]\n    example: 2\n").is_empty());
    }

    #[test]
    fn enum_values_meet_the_other_constraints() {
        assert_eq!(
            var("    type: integer\n    enum: [1, 50]\n    maximum: 10\n"),
            vec![
                "a.yaml:9:15: error: enum value of variable `v` breaks another constraint: `50` is above the maximum 10"
            ]
        );
    }

    #[test]
    fn bounds_leave_some_value_possible() {
        assert_eq!(
            var("    type: integer\n    minimum: 10\n    maximum: 1\n"),
            vec![
                "a.yaml:10:5: error: variable `v`: `minimum` 10 is greater than `maximum` 1, so no value fits"
            ]
        );
        assert_eq!(
            var("    type: float\n    minimum: 2.5\n    maximum: 2.4\n"),
            vec![
                "a.yaml:10:5: error: variable `v`: `minimum` 2.5 is greater than `maximum` 2.4, so no value fits"
            ]
        );
        assert_eq!(
            var("    type: string\n    min_length: 5\n    max_length: 4\n"),
            vec![
                "a.yaml:10:5: error: variable `v`: `min_length` 5 is greater than `max_length` 4, so no value fits"
            ]
        );
        assert_eq!(
            var("    type: integer\n    minimum: 1.5\n"),
            vec![
                "a.yaml:9:14: error: `minimum` of integer variable `v` must be a whole number, found 1.5"
            ]
        );
        assert!(var("    type: float\n    minimum: 1\n    maximum: 1\n").is_empty());
    }

    #[test]
    fn integer_bounds_say_whether_they_are_out_of_range_or_spelled() {
        let range = "must be within the integer range -9223372036854775808 to 9223372036854775807";
        assert_eq!(
            var("    type: integer\n    minimum: 18446744073709551616\n"),
            vec![format!(
                "a.yaml:9:14: error: `minimum` of integer variable `v` {range}, found 18446744073709551616"
            )]
        );
        assert_eq!(
            var("    type: integer\n    maximum: 9223372036854775808\n"),
            vec![format!(
                "a.yaml:9:14: error: `maximum` of integer variable `v` {range}, found 9223372036854775808"
            )]
        );
        assert_eq!(
            var("    type: integer\n    maximum: -1e30\n"),
            vec![format!(
                "a.yaml:9:14: error: `maximum` of integer variable `v` {range}, found -1e30"
            )]
        );
        assert_eq!(
            var("    type: integer\n    minimum: 1e3\n"),
            vec![
                "a.yaml:9:14: error: `minimum` of integer variable `v` must be written as a whole number (1000), found 1e3"
            ]
        );
        assert!(
            var("    type: integer\n    minimum: -9223372036854775808\n    maximum: 9223372036854775807\n")
                .is_empty()
        );
    }

    #[test]
    fn lengths_beyond_u64_are_located_errors() {
        assert_eq!(
            var("    type: string\n    min_length: 18446744073709551616\n"),
            vec![
                "a.yaml:9:17: error: `min_length` of variable `v` must be at most 18446744073709551615, found 18446744073709551616"
            ]
        );
        assert_eq!(
            var("    type: string\n    max_length: 1e3\n"),
            vec![
                "a.yaml:9:17: error: `max_length` of variable `v` must be written as a whole number (1000), found 1e3"
            ]
        );
        assert_eq!(
            diags(
                "method: POST\nurl: https://x.test/\nbody: {v: \"{{v}}\"}\nvariables:\n  - {name: v, type: array, description: V, items: {type: string, max_length: 99999999999999999999999}}\n"
            ),
            vec![
                "a.yaml:7:78: error: `max_length` of variable `v` must be at most 18446744073709551615, found 99999999999999999999999"
            ]
        );
        assert!(var("    type: string\n    max_length: 18446744073709551615\n").is_empty());
    }

    #[test]
    fn patterns_ecma_262_cannot_read_are_warnings() {
        assert_eq!(
            var("    type: string\n    pattern: \"ab(?i)cd\"\n"),
            vec![
                "a.yaml:9:17: warning: `pattern` of variable `v` uses inline flags such as `(?i)`, which ECMA-262 regexes lack: actionctl checks values with it, but JSON Schema validators and LLM tool APIs read the exported pattern as ECMA-262"
            ]
        );
    }

    #[test]
    fn patterns_must_compile_and_faults_are_located_inside() {
        assert_eq!(
            var("    type: string\n    pattern: \"[A-Z]{3}(\"\n"),
            vec![
                "a.yaml:9:23: error: `pattern` of variable `v` is not a usable regex: unclosed group"
            ]
        );
        assert_eq!(
            var("    type: string\n    pattern: (a{1000}){1000}\n"),
            vec![
                "a.yaml:9:14: error: `pattern` of variable `v` is not a usable regex: it compiles to more than 1 MiB; write a simpler pattern"
            ]
        );
    }
}
