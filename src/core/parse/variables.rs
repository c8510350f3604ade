//! `variables:`: names, types, and examples and defaults that fit them.

use std::collections::HashMap;

use super::*;

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
        let ty = VarType::from_name(string_scalar(map, "type")?.as_str())?;
        let required = map
            .get_scalar("required")
            .map(|s| scalar_to_json(s) == serde_json::Value::Bool(true))
            .unwrap_or(false);
        let example = self.typed_value(map, "example", &name, ty);
        let default = self.typed_value(map, "default", &name, ty);
        let (example, default) = (example?, default?);
        if required && default.is_some() {
            if let Some(node) = map.get_node("default") {
                self.warning(
                    node_start(node.span()),
                    format!("variable `{name}` is required, so its default is never used"),
                );
            }
        }
        Some(Variable {
            name,
            ty,
            description: string_scalar(map, "description").map(|s| s.as_str().to_string()),
            example,
            required,
            default,
        })
    }

    /// `Some(None)` when absent or null, `None` when invalid.
    pub(super) fn typed_value(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        name: &str,
        ty: VarType,
    ) -> Option<Option<TypedValue>> {
        let Some(scalar) = map.get_scalar(key) else {
            return Some(None);
        };
        if scalar_to_json(scalar).is_null() {
            return Some(None);
        }
        match ty.convert(scalar.as_str()) {
            Ok(v) => Some(Some(v)),
            Err(e) => {
                self.error(
                    node_start(scalar.span()),
                    format!("{key} of variable `{name}`: {e}"),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {

    use crate::core::parse::tests::diags;

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

    #[test]
    fn duplicate_and_shadowing_variables_are_errors() {
        let d = diags(
            "method: GET\nurl: https://x.test/{{a}}\nvariables:\n  - name: a\n    type: string\n  - name: a\n    type: string\n  - name: contact\n    type: string\n",
        );
        assert!(
            d[0].contains("8:11: error: variable `a` is declared twice (first at 6:11)"),
            "{d:?}"
        );
        assert!(d[1].contains("shadow"), "{d:?}");
    }
}
