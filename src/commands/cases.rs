//! `cases:`: one run of an action or flow file with a case's values,
//! mock answers and expectations (`test ID --case NAME`, `--cases`,
//! `test --all`), or with its examples when it has no case.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::core::flow::{Flow, FlowCase, FlowExpect};
use crate::core::model::{Action, Case, CaseExpect, ExpectedFailure, Variable};
use crate::core::suggest::did_you_mean;
use crate::error::Error;
use crate::io::transport::TransportError;

use super::request::RequestInputs;
use super::run::TestOptions;
use super::{Io, Settings};

/// Which cases `test ID` runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum CaseChoice {
    /// None: `--var` values as given.
    #[default]
    None,
    /// `--case NAME`.
    One(String),
    /// `--cases`.
    All,
}

/// The index of the case called `name` among `names`, or exit 4 with a
/// hint.
pub(super) fn find_case<'a>(
    id: &str,
    name: &str,
    mut names: impl Iterator<Item = &'a str> + Clone,
) -> Result<usize, Error> {
    if let Some(i) = names.clone().position(|n| n == name) {
        return Ok(i);
    }
    let hint = did_you_mean(name, names.clone());
    let listed: Vec<&str> = names.by_ref().collect();
    let hint = match (hint.is_empty(), listed.is_empty()) {
        (_, true) => " (the file has no `cases:`)".to_string(),
        (true, false) => format!(" (cases: {})", listed.join(", ")),
        (false, _) => hint,
    };
    Err(Error::Input(format!(
        "`{id}` has no case named `{name}`{hint}"
    )))
}

/// `--var` pairs: `given` first, then each variable's example (or
/// default) for those not given; a required one with neither is an
/// input error.
pub(super) fn values_with_examples(
    variables: &[Variable],
    given: &[(String, String)],
) -> Result<Vec<(String, String)>, Error> {
    let mut vars = given.to_vec();
    for v in variables {
        if given.iter().any(|(name, _)| *name == v.name) {
            continue;
        }
        match v.example.as_ref().or(v.default.as_ref()) {
            Some(value) => vars.push((v.name.clone(), value.to_input_text())),
            None if v.required => {
                return Err(Error::Input(format!(
                    "required variable `{}` has no example to run with; add `example:`",
                    v.name
                )));
            }
            None => {}
        }
    }
    Ok(vars)
}

/// The options for a run under `--mock=NAME`: the answer is picked in
/// each of `actions` that has one so named; an error when none has.
pub(super) fn with_mock_answer<'a>(
    options: &TestOptions,
    actions: impl Iterator<Item = &'a Action> + Clone,
) -> Result<TestOptions, Error> {
    let mut options = options.clone();
    let Some(name) = options.mock_answer.clone() else {
        return Ok(options);
    };
    let mut found = false;
    for action in actions.clone() {
        if action
            .mock
            .iter()
            .any(|m| m.name.as_deref() == Some(name.as_str()))
        {
            options.mock_picks.insert(action.id.clone(), name.clone());
            found = true;
        }
    }
    if found {
        return Ok(options);
    }
    // One action: the engine's error names the answers it has.
    let mut ids = actions.map(|a| a.id.as_str());
    match (ids.next(), ids.next()) {
        (Some(id), None) => {
            options.mock_picks.insert(id.to_string(), name);
            Ok(options)
        }
        _ => Err(Error::Input(format!(
            "--mock={name}: no step's action has a mock answer named `{name}`"
        ))),
    }
}

/// The options for a run of cases under `--mock=NAME`: the answer is
/// picked in each of `actions` that has one so named, and the others
/// pick as their cases say (so `test --all --mock=NAME` does not fail
/// every action without that answer).
fn with_mock_answer_where_present<'a>(
    options: &TestOptions,
    actions: impl Iterator<Item = &'a Action>,
) -> TestOptions {
    let mut options = options.clone();
    if let Some(name) = options.mock_answer.clone() {
        for action in actions {
            if action
                .mock
                .iter()
                .any(|m| m.name.as_deref() == Some(name.as_str()))
            {
                options.mock_picks.insert(action.id.clone(), name.clone());
            }
        }
    }
    options
}

/// Picks `answer` for `action` unless `--mock=NAME` already picked one.
fn pick_unless_named(options: &mut TestOptions, action: &str, answer: &str) {
    if !options.mock_picks.contains_key(action) {
        options
            .mock_picks
            .insert(action.to_string(), answer.to_string());
    }
}

/// Runs `action` with `case` (its examples when `None`): the case's
/// values, timeout, mock answer and expectation.
pub(super) fn run_action_case(
    io: &mut Io,
    settings: &Settings,
    action: &Action,
    case: Option<&Case>,
    context: Option<PathBuf>,
    options: &TestOptions,
) -> Result<(), Error> {
    let Some(case) = case else {
        let inputs = RequestInputs {
            action: action.id.clone(),
            vars: values_with_examples(&action.variables, &[])?,
            context,
        };
        let options = with_mock_answer_where_present(options, std::iter::once(action));
        return super::live::test_action(io, settings, action, &inputs, &options);
    };
    let inputs = RequestInputs {
        action: action.id.clone(),
        vars: values_with_examples(&action.variables, &case.vars)?,
        context,
    };
    let mut action = action.clone();
    if let Some(timeout) = case.timeout {
        action.timeout = timeout;
    }
    let mut options = with_mock_answer_where_present(options, std::iter::once(&action));
    if let Some(name) = &case.mock {
        pick_unless_named(&mut options, &action.id, name);
    }
    // The case's verdict, not the bare run's, is what `--format json`
    // prints and the exit status says.
    let mut outcome = match &case.expect {
        CaseExpect::Response(expect) => {
            // A case with an `expect` of its own (a 404, a 401) checks
            // that; what `extract:` cannot find in such an answer is
            // shown in the trace but does not fail it.
            let own_expect = *expect != action.expect;
            action.expect = expect.clone();
            let mut outcome = super::live::run_action(io, settings, &action, &inputs, &options);
            if own_expect && matches!(outcome.failure, Some(Error::Extract { .. })) {
                outcome.failure = None;
            }
            outcome
        }
        CaseExpect::Fails(_) => super::live::run_action(io, settings, &action, &inputs, &options),
    };
    if let CaseExpect::Fails(kind) = &case.expect {
        let result = outcome.failure.take().map_or(Ok(()), Err);
        outcome.failure = expected_failure(*kind, result).err();
    }
    super::live::report(io, &options, outcome)
}

/// Passes when `result` is the transport failure `kind` expects.
fn expected_failure(kind: ExpectedFailure, result: Result<(), Error>) -> Result<(), Error> {
    let fits = |e: &TransportError| match kind {
        ExpectedFailure::Timeout => matches!(e, TransportError::Timeout(_)),
        ExpectedFailure::Transport => true,
    };
    match result {
        Err(Error::Transport(e)) if fits(&e) => Ok(()),
        Err(Error::Transport(e)) => Err(Error::Check(format!(
            "expected the exchange to fail ({}), but it failed otherwise: {e}",
            kind.name()
        ))),
        Ok(()) | Err(Error::CheckFailed { .. } | Error::ChecksFailed { .. }) => {
            Err(Error::Check(format!(
                "expected the exchange to fail ({}), but a response came",
                kind.name()
            )))
        }
        Err(other) => Err(other),
    }
}

/// Runs `flow` with `case` (its examples when `None`): the case's
/// inputs, mock answers per step, and how it must end.
pub(super) fn run_flow_case(
    io: &mut Io,
    settings: &Settings,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    case: Option<&FlowCase>,
    context: Option<PathBuf>,
    options: &TestOptions,
) -> Result<(), Error> {
    let given = case.map_or(&[][..], |c| &c.vars[..]);
    let inputs = RequestInputs {
        action: flow.id.clone(),
        vars: values_with_examples(&flow.variables, given)?,
        context,
    };
    let steps = flow.steps.iter().filter_map(|s| actions.get(&s.action));
    let mut options = with_mock_answer_where_present(options, steps);
    let Some(case) = case else {
        return super::flow::run_checked_flow(io, settings, flow, actions, &inputs, &options);
    };
    for (step, answer, _) in &case.mock {
        pick_unless_named(&mut options, step, answer);
    }
    let (mut run, result) = super::flow::run_steps(io, settings, flow, actions, &inputs, &options);
    // The case's verdict, not the bare run's, is what `--format json`
    // prints and the exit status says; `stopped_at` stays the run's.
    run.keep_stopped_at(&result);
    let verdict = flow_verdict(&case.expect, result);
    super::flow::report(io, &flow.id, &run, verdict, &options)
}

/// Whether a flow that ended with `result` ended as `expect` says.
fn flow_verdict(expect: &FlowExpect, result: Result<(), Error>) -> Result<(), Error> {
    match (expect, result) {
        (FlowExpect::Completes, result) => result,
        (FlowExpect::StopsAt(want), Err(Error::FlowStopped { action, .. })) if action == *want => {
            Ok(())
        }
        (
            FlowExpect::StopsAt(want),
            Err(Error::FlowStopped {
                action,
                step,
                reason,
                ..
            }),
        ) => Err(Error::Check(format!(
            "expected the flow to stop at `{want}`, but it stopped at step {step} ({action}): {}",
            reason.render(false).trim_start_matches("error: ")
        ))),
        (FlowExpect::StopsAt(want), Ok(())) => Err(Error::Check(format!(
            "expected the flow to stop at `{want}`, but every step passed"
        ))),
        (FlowExpect::StopsAt(_), Err(other)) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_cases_say_what_there_is() {
        let names = ["found", "not-found"];
        assert_eq!(
            find_case("a", "not-found", names.iter().copied()).unwrap(),
            1
        );
        let err = |name| {
            find_case("a", name, names.iter().copied())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("fonud"),
            "`a` has no case named `fonud` (did you mean `found`?)"
        );
        assert_eq!(
            err("zzzzzzzz"),
            "`a` has no case named `zzzzzzzz` (cases: found, not-found)"
        );
        let none = find_case("a", "x", [].iter().copied())
            .unwrap_err()
            .to_string();
        assert_eq!(none, "`a` has no case named `x` (the file has no `cases:`)");
    }

    #[test]
    fn an_expected_timeout_passes_only_on_a_timeout() {
        let timeout = || {
            Err(Error::Transport(TransportError::Timeout(
                std::time::Duration::from_millis(5),
            )))
        };
        assert!(expected_failure(ExpectedFailure::Timeout, timeout()).is_ok());
        assert!(expected_failure(ExpectedFailure::Transport, timeout()).is_ok());
        let refused = || {
            Err(Error::Transport(TransportError::Connect(
                "127.0.0.1:9".into(),
            )))
        };
        assert!(expected_failure(ExpectedFailure::Transport, refused()).is_ok());
        let e = expected_failure(ExpectedFailure::Timeout, refused()).unwrap_err();
        assert!(e.to_string().contains("failed otherwise"), "{e}");
        let e = expected_failure(ExpectedFailure::Timeout, Ok(())).unwrap_err();
        assert_eq!(e.exit_code(), crate::error::exit::CHECK_FAILED);
        assert!(e.to_string().contains("a response came"), "{e}");
    }
}
