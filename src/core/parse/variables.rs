//! `variables:`: names, types (arrays with their `items`), constraints,
//! and examples and defaults that fit them; warnings for what the LLM
//! would miss.

use std::collections::HashMap;

use super::constraints::key_at;
use super::*;
use crate::core::constraint::{CONSTRAINT_KEYS, Constraints};

impl Parser<'_> {
    pub(super) fn variables(&mut self, root: &MarkedMappingNode) -> Option<Vec<Variable>> {
        let Some(list) = root.get_sequence("variables") else {
            return root.get_node("variables").is_none().then(Vec::new);
        };
        let mut seen: HashMap<String, Location> = HashMap::new();
        let mut variables = Vec::new();
        let mut ok = true;
        for item in list.iter() {
            let Some(map) = item.as_mapping() else {
                ok = false;
                continue;
            };
            match self.variable(map, &mut seen) {
                Some(v) => variables.push(v),
                None => ok = false,
            }
        }
        ok.then_some(variables)
    }

    pub(super) fn variable(
        &mut self,
        map: &MarkedMappingNode,
        seen: &mut HashMap<String, Location>,
    ) -> Option<Variable> {
        let name_node = string_scalar(map, "name")?;
        let name = name_node.as_str().to_string();
        let at = node_start(name_node.span());
        if !crate::core::template::is_identifier(&name) {
            return None;
        }
        if let Some(first) = seen.insert(name.clone(), at) {
            self.error(
                at,
                format!("variable `{name}` is declared twice (first at {first})"),
            );
            return None;
        }
        if CONTEXT_NAMES
            .iter()
            .any(|c| c.split('.').next() == Some(name.as_str()))
        {
            self.error(
                at,
                format!(
                    "variable `{name}` would shadow the context variable of that name; rename it"
                ),
            );
            return None;
        }
        let (ty, array, constraints) = self.variable_type(map, &name)?;
        let required = map
            .get_scalar("required")
            .map(|s| scalar_to_json(s) == serde_json::Value::Bool(true))
            .unwrap_or(false);
        // A blank description tells the LLM nothing: it counts as none,
        // so exports leave it out and the warning below says so.
        let description = string_scalar(map, "description")
            .map(|s| s.as_str().to_string())
            .filter(|d| !d.trim().is_empty());
        let mut variable = Variable {
            name,
            ty,
            array,
            constraints,
            description,
            example: None,
            required,
            default: None,
        };
        let example = self.sample(map, "example", &variable);
        let default = self.sample(map, "default", &variable);
        (variable.example, variable.default) = (example?, default?);
        let blank = string_scalar(map, "description").is_some() && variable.description.is_none();
        self.warn_about_missing_help(&variable, at, blank);
        if required
            && variable.default.is_some()
            && let Some(node) = map.get_node("default")
        {
            self.warning(
                node_start(node.span()),
                format!(
                    "variable `{}` is required, so its default is never used",
                    variable.name
                ),
            );
        }
        Some(variable)
    }

    /// `type` (with `items` for an array) and the constraints: for an
    /// array, those under `items`, which each item must meet.
    fn variable_type(
        &mut self,
        map: &MarkedMappingNode,
        name: &str,
    ) -> Option<(VarType, bool, Constraints)> {
        let type_node = string_scalar(map, "type")?;
        let items = map.get_node("items");
        if type_node.as_str() != "array" {
            let ty = VarType::from_name(type_node.as_str())?;
            if let Some(at) = key_at(map, "items").filter(|_| items.is_some()) {
                self.error(
                    at,
                    format!("`items` applies only to `type: array`; variable `{name}` is a {ty}"),
                );
                return None;
            }
            return Some((ty, false, self.constraints(map, name, ty)?));
        }
        let Some(items) = items else {
            self.error(
                node_start(type_node.span()),
                format!("variable `{name}` is an array: give the type of its items with `items: {{type: string}}` (or another type)"),
            );
            return None;
        };
        let mut misplaced = false;
        for key in CONSTRAINT_KEYS {
            if let Some(at) = key_at(map, key) {
                self.error(
                    at,
                    format!("`{key}` of array variable `{name}` goes under `items:`, where it applies to each item"),
                );
                misplaced = true;
            }
        }
        let items = items.as_mapping()?;
        let ty = VarType::from_name(string_scalar(items, "type")?.as_str())?;
        let constraints = self.constraints(items, name, ty);
        (!misplaced).then_some((ty, true, constraints?))
    }

    /// Warnings for what the LLM (and `test --all`) would miss: a
    /// description, and an example of a required value.
    fn warn_about_missing_help(&mut self, variable: &Variable, at: Location, blank: bool) {
        let name = &variable.name;
        if variable.description.is_none() {
            let has = if blank {
                "an empty description"
            } else {
                "no description"
            };
            self.warning(
                at,
                format!("variable `{name}` has {has}; the LLM reads it to know what to ask the caller for"),
            );
        }
        if variable.required && variable.example.is_none() {
            self.warning(
                at,
                format!("required variable `{name}` has no example; the LLM sees it as a sample value, and `test --all` runs with it"),
            );
        }
    }

    /// `example` or `default`: `Some(None)` when absent or null, `None`
    /// when invalid. A value of the type (a list of them for an array)
    /// that meets the constraints, every fault located.
    fn sample(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        variable: &Variable,
    ) -> Option<Option<TypedValue>> {
        let Some(node) = map.get_node(key) else {
            return Some(None);
        };
        let name = &variable.name;
        let at = node_start(node.span());
        match (node, variable.array) {
            (Node::Scalar(s), _) if scalar_to_json(s).is_null() => Some(None),
            (Node::Scalar(scalar), false) => {
                let value =
                    self.sample_value(scalar, &format!("{key} of variable `{name}`"), variable)?;
                Some(Some(value))
            }
            (Node::Sequence(list), true) => {
                let mut items = Vec::with_capacity(list.len());
                for (i, item) in list.iter().enumerate() {
                    // Items that are not single values: the schema says so.
                    let scalar = item.as_scalar().filter(|s| !scalar_to_json(s).is_null())?;
                    let context = format!("{key} of variable `{name}`, item {}", i + 1);
                    items.push(self.sample_value(scalar, &context, variable));
                }
                items
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(|v| Some(TypedValue::List(v)))
            }
            (Node::Sequence(_), false) => {
                self.error(
                    at,
                    format!("{key} of variable `{name}` is a list, but `{name}` is a {}: give one value", variable.ty),
                );
                None
            }
            (Node::Scalar(_), true) => {
                self.error(
                    at,
                    format!("{key} of array variable `{name}` must be a list, such as [a, b]"),
                );
                None
            }
            (Node::Mapping(_), _) => None,
        }
    }

    /// One value of `example`/`default` (or one item of it): valid for
    /// the type and meeting the constraints, or an error at it.
    fn sample_value(
        &mut self,
        scalar: &MarkedScalarNode,
        context: &str,
        variable: &Variable,
    ) -> Option<TypedValue> {
        let at = node_start(scalar.span());
        let checked = variable
            .ty
            .convert(scalar.as_str())
            .map_err(|e| e.to_string())
            .and_then(|value| {
                variable
                    .constraints
                    .check(&value)
                    .map(|()| value)
                    .map_err(|e| e.to_string())
            });
        match checked {
            Ok(value) => Some(value),
            Err(e) => {
                self.error(at, format!("{context}: {e}"));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::convert::TypedValue;
    use crate::core::parse::tests::{HEAD, diags, run};

    #[test]
    fn examples_and_defaults_must_fit_the_type() {
        let d = diags(
            "method: GET\nurl: https://x.test/{{n}}\nvariables:\n  - name: n\n    type: integer\n    example: abc\n    default: 4.5\n",
        );
        assert_eq!(
            d,
            vec![
                "a.yaml:8:14: error: example of variable `n`: `abc` is not a valid integer (expected a whole number such as 42)",
                "a.yaml:9:14: error: default of variable `n`: `4.5` is not a valid integer (expected a whole number such as 42)",
            ]
        );
    }

    /// The diagnostics of an action whose body uses `{{v}}`, with the
    /// variable `v` declared by `variable` (the lines after `- name: v`).
    fn var(variable: &str) -> Vec<String> {
        diags(&format!(
            "method: POST\nurl: https://x.test/\nbody:\n  v: \"{{{{v}}}}\"\nvariables:\n  - name: v\n{variable}"
        ))
    }

    #[test]
    fn arrays_need_items_and_items_need_an_array() {
        assert_eq!(
            var("    type: array\n    description: Labels\n"),
            vec![
                "a.yaml:9:11: error: variable `v` is an array: give the type of its items with `items: {type: string}` (or another type)"
            ]
        );
        assert_eq!(
            var("    type: string\n    description: Labels\n    items: {type: string}\n"),
            vec![
                "a.yaml:11:5: error: `items` applies only to `type: array`; variable `v` is a string"
            ]
        );
        assert_eq!(
            var(
                "    type: array\n    items: {type: string}\n    enum: [a]\n    description: Labels\n"
            ),
            vec![
                "a.yaml:11:5: error: `enum` of array variable `v` goes under `items:`, where it applies to each item"
            ]
        );
        assert_eq!(
            var(
                "    type: array\n    items: {type: boolean, pattern: x}\n    description: Flags\n"
            ),
            vec![
                "a.yaml:10:28: error: `pattern` applies to string, date, email and phone values, not to boolean (variable `v`)"
            ]
        );
    }

    #[test]
    fn array_examples_and_defaults_are_lists_of_valid_items() {
        let (action, d) = run(&format!(
            "{HEAD}method: POST\nurl: https://x.test/\nbody:\n  v: \"{{{{v}}}}\"\nvariables:\n  - name: v\n    type: array\n    items: {{type: integer, minimum: 1}}\n    description: Ids\n    example: [1, 2]\n    default: []\n"
        ));
        assert!(d.is_empty(), "{d:?}");
        let v = &action.unwrap().variables[0];
        assert!(v.array);
        assert_eq!(v.type_name(), "array of integer");
        assert_eq!(
            v.example,
            Some(TypedValue::List(vec![
                TypedValue::Integer(1),
                TypedValue::Integer(2)
            ]))
        );
        assert_eq!(v.default, Some(TypedValue::List(vec![])));
        assert_eq!(
            var(
                "    type: array\n    items: {type: integer, minimum: 1}\n    description: Ids\n    example: [1, x, 0]\n    default: 3\n"
            ),
            vec![
                "a.yaml:12:18: error: example of variable `v`, item 2: `x` is not a valid integer (expected a whole number such as 42)",
                "a.yaml:12:21: error: example of variable `v`, item 3: `0` is below the minimum 1",
                "a.yaml:13:14: error: default of array variable `v` must be a list, such as [a, b]",
            ]
        );
        assert_eq!(
            var("    type: string\n    description: One\n    example: [a, b]\n"),
            vec![
                "a.yaml:11:14: error: example of variable `v` is a list, but `v` is a string: give one value"
            ]
        );
    }

    #[test]
    fn examples_and_defaults_must_meet_the_constraints() {
        assert_eq!(
            var(
                "    type: string\n    description: Priority\n    enum: [low, high]\n    example: urgent\n    default: \"\"\n"
            ),
            vec![
                "a.yaml:12:14: error: example of variable `v`: `urgent` is not one of the allowed values (enum): low, high",
                "a.yaml:13:14: error: default of variable `v`: `` is not one of the allowed values (enum): low, high",
            ]
        );
        assert_eq!(
            var(
                "    type: string\n    description: Code\n    pattern: \"[A-Z]{3}\"\n    max_length: 3\n    example: ABCD\n"
            ),
            vec![
                "a.yaml:13:14: error: example of variable `v`: `ABCD` is 4 characters long, above the max_length 3"
            ]
        );
    }

    #[test]
    fn missing_descriptions_and_required_examples_are_warnings() {
        assert_eq!(
            var("    type: string\n    required: true\n"),
            vec![
                "a.yaml:8:11: warning: variable `v` has no description; the LLM reads it to know what to ask the caller for",
                "a.yaml:8:11: warning: required variable `v` has no example; the LLM sees it as a sample value, and `test --all` runs with it",
            ]
        );
        assert!(var("    type: string\n    description: Optional, no example needed\n").is_empty());
        assert_eq!(
            var("    type: string\n    description: \"  \"\n"),
            vec![
                "a.yaml:8:11: warning: variable `v` has an empty description; the LLM reads it to know what to ask the caller for",
            ]
        );
    }

    #[test]
    fn duplicate_and_shadowing_variables_are_errors() {
        let d = diags(
            "method: GET\nurl: https://x.test/{{a}}\nvariables:\n  - name: a\n    type: string\n    description: A\n  - name: a\n    type: string\n    description: A\n  - name: contact\n    type: string\n    description: C\n",
        );
        assert!(
            d[0].contains("9:11: error: variable `a` is declared twice (first at 6:11)"),
            "{d:?}"
        );
        assert!(d[1].contains("shadow"), "{d:?}");
    }
}
