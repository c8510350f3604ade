//! Running a flow: its steps in order, each one a live call, stopping at
//! the first failed condition, status or extraction with the reason.

use std::collections::HashMap;

use serde_json::json;

use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::core::request;
use crate::error::Error;
use crate::render::output;

use super::live::{Outcome, TestFormat, TestOptions, run as run_action};
use super::request::{RequestInputs, load_context};
use super::{Io, Settings};

/// Runs a flow, checked or not, with the `--var` values as its inputs;
/// a flow that cannot run still reports as a flow.
pub(super) fn run_flow(
    io: &mut Io,
    settings: &Settings,
    id: &str,
    checked: Result<(Flow, HashMap<String, Action>), Error>,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    match checked {
        Ok((flow, actions)) => run_checked_flow(io, settings, &flow, &actions, inputs, options),
        Err(error) => report(io, id, &FlowRun::default(), Err(error), options),
    }
}

/// What a flow run left behind for the report.
#[derive(Default)]
struct FlowRun {
    /// One `--format json` document per step attempted.
    steps: Vec<serde_json::Value>,
    /// The last response body.
    last_body: Vec<u8>,
    started: Option<std::time::Instant>,
}

/// Runs a flow already checked against `actions`.
pub(super) fn run_checked_flow(
    io: &mut Io,
    settings: &Settings,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let mut run = FlowRun {
        started: Some(std::time::Instant::now()),
        ..FlowRun::default()
    };
    let result = run_steps(io, settings, flow, actions, inputs, options, &mut run);
    if result.is_ok() {
        let total = flow.steps.len();
        io.note(&format!(
            "flow {}: {total} step{} passed",
            flow.id,
            if total == 1 { "" } else { "s" }
        ));
    }
    report(io, &flow.id, &run, result, options)
}

/// Runs the steps in order until one fails or a condition stops the
/// flow; every step attempted leaves its document in `run`.
fn run_steps(
    io: &mut Io,
    settings: &Settings,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    inputs: &RequestInputs,
    options: &TestOptions,
    run: &mut FlowRun,
) -> Result<(), Error> {
    let context = load_context(inputs.context.as_ref())?;
    let mut values = flow_inputs(flow, &inputs.vars)?;
    let total = flow.steps.len();
    for (i, step) in flow.steps.iter().enumerate() {
        let n = i + 1;
        let stopped = |reason: Error| Error::FlowStopped {
            flow: flow.id.clone(),
            step: n,
            action: step.action.clone(),
            reason: Box::new(reason),
        };
        let value_of = |name: &str| {
            values
                .get(name)
                .cloned()
                .or_else(|| context.get(name).map(str::to_string))
                .unwrap_or_default()
        };
        if let Some(condition) = &step.when {
            if !condition.holds(&value_of) {
                let shown: Vec<String> = condition
                    .left
                    .placeholders()
                    .map(|(name, _)| {
                        let value = io.redact(&value_of(name));
                        format!("{name} = {}", crate::render::trace::cut_line(&value, 80))
                    })
                    .collect();
                return Err(stopped(Error::Condition {
                    condition: condition.text.clone(),
                    values: shown.join(", "),
                }));
            }
        }
        let Some(action) = actions.get(&step.action) else {
            return Err(stopped(Error::Input(format!(
                "unknown action `{}`",
                step.action
            ))));
        };
        let mut action = action.clone();
        if let Some(expect) = &step.expect {
            action.expect = expect.clone();
        }
        let has_value = |name: &str| values.contains_key(name) || context.get(name).is_some();
        let step_values = StepValues::of(step, &has_value, &value_of);
        let unset = |var: &str| {
            let source = step_values.source_left_out(var)?;
            Some(unset_value_error(flow, var, source))
        };
        if options.format == TestFormat::Text {
            io.trace(&format!("── step {n}/{total}: {}\n", action.id));
        }
        let mut outcome = match request::convert_given(&action, &step_values.given) {
            Ok(typed) => {
                let typed = request::with_defaults(&action, typed);
                let missing = request::missing_required(&action, &typed);
                match missing.iter().find_map(|var| unset(var)) {
                    Some(error) => Outcome::failed(error),
                    None => run_action(io, settings, &action, &typed, &context, options),
                }
            }
            Err(error) => Outcome::failed(error.into()),
        };
        if let Some(Error::Build(request::BuildError::MissingUrlValue(var))) = &outcome.failure {
            if let Some(error) = unset(var) {
                outcome.failure = Some(error);
            }
        }
        for e in outcome.extracted.iter().flatten() {
            if let Ok(v) = &e.value {
                values.insert(e.name.clone(), crate::core::extract::as_text(v));
            }
        }
        let mut doc = outcome.json();
        doc["action"] = json!(action.id);
        run.steps.push(doc);
        if let Some(exchange) = outcome.exchange {
            run.last_body = exchange.body;
        }
        if let Some(error) = outcome.failure {
            return Err(stopped(error));
        }
    }
    Ok(())
}

/// Prints what stdout gets for a flow run and ends as it did: with
/// `--format json` one document (also when the flow could not start);
/// otherwise the last step's body when every step passed.
fn report(
    io: &mut Io,
    id: &str,
    run: &FlowRun,
    result: Result<(), Error>,
    options: &TestOptions,
) -> Result<(), Error> {
    match options.format {
        TestFormat::Json => {
            let stopped_at = match &result {
                Err(Error::FlowStopped { step, action, .. }) => {
                    json!({"step": step, "action": action})
                }
                _ => serde_json::Value::Null,
            };
            let duration_ms = run
                .started
                .map(|s| u64::try_from(s.elapsed().as_millis()).unwrap_or(u64::MAX));
            io.data(&output::pretty(&json!({
                "flow": id,
                "passed": result.is_ok(),
                "failure": result.as_ref().err().map(Error::to_json),
                "stopped_at": stopped_at,
                "duration_ms": duration_ms,
                "steps": run.steps,
            })));
        }
        TestFormat::Text if result.is_ok() => {
            let body = match serde_json::from_slice::<serde_json::Value>(&run.last_body) {
                Ok(v) if io.terminals().stdout => format!("{}\n", output::pretty(&v)).into_bytes(),
                _ => run.last_body.clone(),
            };
            io.data_bytes(&body);
        }
        TestFormat::Text => {}
    }
    result
}

/// A step's values for its action.
struct StepValues {
    /// `(action variable, text)`, checked like `--var` values.
    given: Vec<(String, String)>,
    /// `(action variable, flow value)` for each value that is exactly one
    /// placeholder with no value. Left out, the action's own rules apply
    /// (its default, or "no value"); sent as empty text, it could
    /// silently become an empty path segment.
    left_out: Vec<(String, String)>,
}

impl StepValues {
    fn of(
        step: &crate::core::flow::Step,
        has_value: &dyn Fn(&str) -> bool,
        value_of: &dyn Fn(&str) -> String,
    ) -> Self {
        let mut values = Self {
            given: Vec::new(),
            left_out: Vec::new(),
        };
        for (name, template, _) in &step.vars {
            match template.sole_placeholder() {
                Some(source) if !has_value(source) => {
                    values.left_out.push((name.clone(), source.to_string()));
                }
                _ => {
                    let text = template
                        .render_with(|n| Ok::<_, ()>(value_of(n)))
                        .unwrap_or_default();
                    values.given.push((name.clone(), text));
                }
            }
        }
        values
    }

    /// The flow value an action variable was to take, if it was left out.
    fn source_left_out(&self, var: &str) -> Option<&str> {
        self.left_out
            .iter()
            .find(|(name, _)| name == var)
            .map(|(_, source)| source.as_str())
    }
}

/// A step cannot run: action variable `var` needs `source`, which has no
/// value. Says how to give it when the flow can take it; the step and
/// action are named by the [`Error::FlowStopped`] around it.
fn unset_value_error(flow: &Flow, var: &str, source: &str) -> Error {
    let hint = if flow.variables.iter().any(|v| v.name == source) {
        format!(" (give --var {source}=VALUE)")
    } else if crate::core::model::CONTEXT_NAMES.contains(&source) {
        " (set it in a --context FILE)".to_string()
    } else {
        String::new()
    };
    Error::Input(format!(
        "`{var}` takes `{{{{{source}}}}}`, which has no value{hint}"
    ))
}

/// The flow's inputs from `--var`, checked against the flow's variables
/// like an action's (examples are not used as values), defaults applied,
/// as the text that fills `{{name}}` in the steps.
fn flow_inputs(flow: &Flow, given: &[(String, String)]) -> Result<HashMap<String, String>, Error> {
    let values = request::resolve_variables(flow, given)?;
    Ok(values
        .into_iter()
        .map(|(name, value)| (name, value.to_string()))
        .collect())
}
