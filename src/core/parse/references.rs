//! Every `{{placeholder}}` must name a variable or a context value.

use std::collections::HashSet;

use super::*;

impl Parser<'_> {
    pub(super) fn check_references(&mut self, action: Option<&Action>) {
        let declared: Vec<(String, Location)> = self
            .doc
            .root()
            .get_sequence("variables")
            .map(|list| {
                list.iter()
                    .filter_map(|v| string_scalar(v.as_mapping()?, "name"))
                    .filter(|s| crate::core::template::is_identifier(s.as_str()))
                    .map(|s| (s.as_str().to_string(), node_start(s.span())))
                    .collect()
            })
            .unwrap_or_default();
        let known: HashSet<&str> = declared
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(CONTEXT_NAMES)
            .collect();
        let uses = std::mem::take(&mut self.uses);
        for (name, at) in &uses {
            if !known.contains(name.as_str()) {
                let hint = did_you_mean(name, known.iter().copied());
                self.error(
                    *at,
                    format!("unknown variable `{name}`: declare it under `variables:` or use a context variable{hint}"),
                );
            }
        }
        let used: HashSet<&str> = uses.iter().map(|(n, _)| n.as_str()).collect();
        for (name, at) in &declared {
            if !used.contains(name.as_str()) && action.is_none_or(|a| a.variable(name).is_some()) {
                self.warning(
                    *at,
                    format!("variable `{name}` is declared but no template uses it"),
                );
            }
        }
    }
}
