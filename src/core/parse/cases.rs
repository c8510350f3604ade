//! `cases:` of an action file: named runs, each with its values, the
//! mock answer it uses under `--mock` and what it expects.

use std::collections::HashSet;

use super::*;
use crate::core::model::{Case, CaseExpect, ExpectedFailure};

/// Most cases one file may have.
pub(crate) const MAX_CASES: usize = 256;

impl Parser<'_> {
    /// Every case, in file order; empty when there is none.
    pub(super) fn cases(
        &mut self,
        root: &MarkedMappingNode,
        variables: Option<&[Variable]>,
        mock: Option<&[Mock]>,
        expect: Option<&Expect>,
    ) -> Option<Vec<Case>> {
        let Some(list) = root.get_sequence("cases") else {
            return Some(Vec::new());
        };
        if list.len() > MAX_CASES {
            self.error(
                node_start(list.span()),
                format!("more than {MAX_CASES} cases; a file is limited to {MAX_CASES}"),
            );
            return None;
        }
        // Without these the cases cannot be checked; the action has
        // errors of its own then.
        let (variables, mock, expect) = (variables?, mock?, expect?);
        let mut names = HashSet::new();
        let mut cases = Vec::new();
        let mut ok = true;
        for map in list.iter().filter_map(Node::as_mapping) {
            // The schema reports a case without a name.
            let Some(name) = string_scalar(map, "name") else {
                ok = false;
                continue;
            };
            if !names.insert(name.as_str().to_string()) {
                self.error(
                    node_start(name.span()),
                    format!(
                        "case name `{}` is used twice; names must be unique in a file",
                        name.as_str()
                    ),
                );
                ok = false;
            }
            match self.case(map, name.as_str(), variables, mock, expect) {
                Some(case) => cases.push(case),
                None => ok = false,
            }
        }
        ok.then_some(cases)
    }

    fn case(
        &mut self,
        map: &MarkedMappingNode,
        name: &str,
        variables: &[Variable],
        mock: &[Mock],
        expect: &Expect,
    ) -> Option<Case> {
        let place = format!("case `{name}`");
        let vars = self.case_vars(map, &place, variables);
        let mock_name = self.case_mock(map, &place, mock);
        let timeout = self.case_timeout(map, &place);
        let expect = self.case_expect(map, &place, expect);
        Some(Case {
            name: name.to_string(),
            vars: vars?,
            mock: mock_name?,
            timeout: timeout?,
            expect: expect?,
        })
    }

    /// `vars:` checked like `--var`; a required variable the case leaves
    /// out needs an example or default to fall back on.
    pub(super) fn case_vars(
        &mut self,
        map: &MarkedMappingNode,
        place: &str,
        variables: &[Variable],
    ) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut ok = true;
        if let Some(vars) = map.get_mapping("vars") {
            for (key, value) in vars.iter() {
                match self.declared_value(variables, key, value, place) {
                    Some(typed) => out.push((key.as_str().to_string(), typed.to_input_text())),
                    None => ok = false,
                }
            }
        }
        let at = map
            .get_node("name")
            .map_or(Location::START, |n| node_start(n.span()));
        for v in variables {
            let given = out.iter().any(|(n, _)| *n == v.name);
            if v.required && !given && v.example.is_none() && v.default.is_none() {
                self.error(
                    at,
                    format!("{place} gives no value for required variable `{}`, which has no example to fall back on", v.name),
                );
                ok = false;
            }
        }
        ok.then_some(out)
    }

    fn case_mock(
        &mut self,
        map: &MarkedMappingNode,
        place: &str,
        mock: &[Mock],
    ) -> Option<Option<String>> {
        let Some(scalar) = string_scalar(map, "mock") else {
            return Some(None);
        };
        let name = scalar.as_str();
        if mock.iter().any(|m| m.name.as_deref() == Some(name)) {
            return Some(Some(name.to_string()));
        }
        let names = mock.iter().filter_map(|m| m.name.as_deref());
        let hint = did_you_mean(name, names);
        self.error(
            node_start(scalar.span()),
            format!("{place}: no mock answer is named `{name}`{hint}"),
        );
        None
    }

    fn case_timeout(
        &mut self,
        map: &MarkedMappingNode,
        place: &str,
    ) -> Option<Option<std::time::Duration>> {
        let Some(scalar) = string_scalar(map, "timeout") else {
            return Some(None);
        };
        match parse_duration(scalar.as_str()) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                self.error(
                    node_start(scalar.span()),
                    format!("{place}: timeout `{}` {e}", scalar.as_str()),
                );
                None
            }
        }
    }

    /// `expect:` as the action's (replacing it), or `{fails: KIND}`
    /// alone; the action's own `expect` when the case has none.
    fn case_expect(
        &mut self,
        map: &MarkedMappingNode,
        place: &str,
        action_expect: &Expect,
    ) -> Option<CaseExpect> {
        let Some(expect) = map.get_mapping("expect") else {
            return Some(CaseExpect::Response(action_expect.clone()));
        };
        let Some(fails) = expect.get_scalar("fails") else {
            return self.expect(map).map(CaseExpect::Response);
        };
        if expect.len() > 1 {
            self.error(
                node_start(fails.span()),
                format!("{place}: `fails` stands alone in `expect`: a case that expects no response checks nothing of one"),
            );
            return None;
        }
        // The schema names the kinds for any other value.
        ExpectedFailure::parse(fails.as_str()).map(CaseExpect::Fails)
    }
}
