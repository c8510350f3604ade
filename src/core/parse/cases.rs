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
        // When the variables, answers or expect have errors of their
        // own, the cases are still checked as far as they can be, so one
        // run reports every problem; they are not kept then.
        let mut ok = variables.is_some() && mock.is_some() && expect.is_some();
        let answer_names: Option<Vec<&str>> = match mock {
            Some(mock) => Some(mock.iter().filter_map(|m| m.name.as_deref()).collect()),
            None => written_answer_names(root),
        };
        let mut names = HashSet::new();
        let mut cases = Vec::new();
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
            match self.case(
                map,
                name.as_str(),
                variables,
                answer_names.as_deref(),
                expect,
            ) {
                Some(case) => cases.push(case),
                None => ok = false,
            }
        }
        ok.then_some(cases)
    }

    /// A case; `None` for what the action's own errors leave unknown,
    /// which is then not checked.
    fn case(
        &mut self,
        map: &MarkedMappingNode,
        name: &str,
        variables: Option<&[Variable]>,
        answer_names: Option<&[&str]>,
        expect: Option<&Expect>,
    ) -> Option<Case> {
        let place = format!("case `{name}`");
        let vars = variables.and_then(|variables| self.case_vars(map, &place, variables));
        let mock_name = self.case_mock(map, &place, answer_names);
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

    /// `mock:`, an answer name among `answer_names` (not checked when
    /// they cannot be known).
    fn case_mock(
        &mut self,
        map: &MarkedMappingNode,
        place: &str,
        answer_names: Option<&[&str]>,
    ) -> Option<Option<String>> {
        let Some(scalar) = string_scalar(map, "mock") else {
            return Some(None);
        };
        let name = scalar.as_str();
        let answer_names = answer_names?;
        if answer_names.contains(&name) {
            return Some(Some(name.to_string()));
        }
        let hint = did_you_mean(name, answer_names.iter().copied());
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
        action_expect: Option<&Expect>,
    ) -> Option<CaseExpect> {
        let Some(expect) = map.get_mapping("expect") else {
            return action_expect.cloned().map(CaseExpect::Response);
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

/// The answer names written under `mock:` (a list of answers), for
/// checking cases when the answers themselves have errors; `None` when
/// `mock:` is not a list.
fn written_answer_names(root: &MarkedMappingNode) -> Option<Vec<&str>> {
    let list = root.get_sequence("mock")?;
    Some(
        list.iter()
            .filter_map(Node::as_mapping)
            .filter_map(|map| string_scalar(map, "name"))
            .map(|name| name.as_str())
            .collect(),
    )
}
