//! Every `{{placeholder}}` must name a variable or a context value.

use std::collections::{BTreeSet, HashSet};

use super::*;

impl Parser<'_> {
    /// Takes the `{{env.KEY}}` placeholders out of the uses and checks each
    /// KEY against what the environments define; returns the KEYs, sorted.
    pub(super) fn check_env_uses(&mut self, environments: &KnownEnvironments) -> Vec<String> {
        let mut keys = BTreeSet::new();
        let mut warned = HashSet::new();
        let mut checker = environments.checker();
        let uses = std::mem::take(&mut self.uses);
        for (name, at) in uses {
            let Some(key) = name.strip_prefix(crate::core::environment::PREFIX) else {
                self.uses.push((name, at));
                continue;
            };
            if let Some(problem) = checker.check(self.path, key, at) {
                // One warning per key is enough; every error is located.
                if problem.is_error() || warned.insert(key.to_string()) {
                    self.diagnostics.push(problem);
                }
            }
            keys.insert(key.to_string());
        }
        keys.into_iter().collect()
    }

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
                let hint = crate::core::environment::prefix_case_hint(name)
                    .unwrap_or_else(|| did_you_mean(name, known.iter().copied()));
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
