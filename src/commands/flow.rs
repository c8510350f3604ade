//! Running a flow: its steps in order, each one a live call, stopping at
//! the first failed condition, status or extraction with the reason.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::error::Error;
use crate::flow::Flow;
use crate::model::Action;
use crate::output;
use crate::request;
use crate::validate::Validator;
use crate::workspace::{self, Workspace};

use super::live::{TestFormat, TestOptions, run};
use super::request::{RequestInputs, load_context};
use super::{Io, Settings};

/// The flow file `name` refers to, if it is a flow: a path to a file with
/// `steps:`, or an id with no action but a file in the flows folder.
pub fn flow_target(ws: &Workspace, name: &str) -> Option<PathBuf> {
    match ws.locate(name) {
        Ok(path) => {
            let bytes = std::fs::read(&path).ok()?;
            let doc = crate::yaml::Document::parse(&bytes).ok()?;
            crate::flow::is_flow(&doc).then_some(path)
        }
        Err(_) => ws.locate_flow(name),
    }
}

/// Loads and checks the flow at `path`, with the actions it may name.
fn load_flow(ws: &Workspace, path: &Path) -> Result<(Flow, HashMap<String, Action>), Error> {
    let validator = Validator::new();
    let mut reports = vec![workspace::check_file(path, &validator)];
    let actions = ws.check_flows(&mut reports, &validator);
    let report = reports.remove(0);
    match report.flow {
        Some(flow) => Ok((flow, actions)),
        None => Err(Error::InvalidAction(report.diagnostics)),
    }
}

/// Runs the flow at `path` with the `--var` values as its inputs.
pub fn run_flow(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    path: &Path,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let (flow, actions) = load_flow(ws, path)?;
    run_checked_flow(io, settings, &flow, &actions, inputs, options)
}

/// Runs a flow already checked against `actions`.
pub fn run_checked_flow(
    io: &mut Io,
    settings: &Settings,
    flow: &Flow,
    actions: &HashMap<String, Action>,
    inputs: &RequestInputs,
    options: &TestOptions,
) -> Result<(), Error> {
    let context = load_context(inputs.context.as_ref())?;
    let mut values = flow_inputs(flow, &inputs.vars)?;
    let mut results = Vec::new();
    let mut last_body = Vec::new();
    let total = flow.steps.len();
    let mut stopped: Option<Error> = None;
    for (i, step) in flow.steps.iter().enumerate() {
        let n = i + 1;
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
                    .map(|(name, _)| format!("{name} = {}", value_of(name)))
                    .collect();
                stopped = Some(Error::Check(format!(
                    "flow {} stopped before step {n} ({}): condition `{}` does not hold ({})",
                    flow.id,
                    step.action,
                    condition.text,
                    shown.join(", ")
                )));
                break;
            }
        }
        let action = actions.get(&step.action).ok_or_else(|| {
            Error::Input(format!(
                "flow {}: unknown action `{}`",
                flow.id, step.action
            ))
        })?;
        let mut action = action.clone();
        if let Some(expect) = &step.expect {
            action.expect = expect.clone();
        }
        let has_value = |name: &str| values.contains_key(name) || context.get(name).is_some();
        let step_values = StepValues::of(step, &has_value, &value_of);
        let unset = |var: &str| {
            let source = step_values.source_left_out(var)?;
            Some(unset_value_error(flow, n, &action.id, var, source))
        };
        let typed = request::convert_given(&action, &step_values.given)?;
        let typed = request::with_defaults(&action, typed);
        if let Some(error) = request::missing_required(&action, &typed)
            .iter()
            .find_map(|var| unset(var))
        {
            return Err(error);
        }
        if options.format == TestFormat::Text {
            io.trace(&format!("── step {n}/{total}: {}\n", action.id));
        }
        let outcome = match run(io, settings, &action, &typed, &context, options) {
            Err(Error::Build(request::BuildError::MissingUrlValue(var))) => {
                return Err(unset(&var).unwrap_or(request::BuildError::MissingUrlValue(var).into()));
            }
            other => other?,
        };
        for e in &outcome.extracted {
            if let Some(v) = &e.value {
                values.insert(e.name.clone(), crate::extract::as_text(v));
            }
        }
        let mut doc = outcome.json();
        doc["action"] = json!(action.id);
        results.push(doc);
        last_body = outcome.exchange.body.clone();
        if let Some(error) = outcome.failure(&action) {
            stopped = Some(Error::Check(format!(
                "flow {} stopped at step {n}: {error}",
                flow.id
            )));
            break;
        }
    }
    match options.format {
        TestFormat::Json => io.data(&output::pretty(&json!({
            "flow": flow.id,
            "steps": results,
            "passed": stopped.is_none(),
        }))),
        TestFormat::Text => {
            use std::io::IsTerminal;
            if stopped.is_none() {
                let body = match serde_json::from_slice::<serde_json::Value>(&last_body) {
                    Ok(v) if std::io::stdout().is_terminal() => {
                        format!("{}\n", output::pretty(&v)).into_bytes()
                    }
                    _ => last_body,
                };
                io.data_bytes(&body);
            }
        }
    }
    match stopped {
        Some(error) => Err(error),
        None => {
            io.note(&format!(
                "flow {}: {total} step{} passed",
                flow.id,
                if total == 1 { "" } else { "s" }
            ));
            Ok(())
        }
    }
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
        step: &crate::flow::Step,
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

/// Step `n` cannot run: action variable `var` needs `source`, which has
/// no value. Says how to give it when the flow can take it.
fn unset_value_error(flow: &Flow, n: usize, action: &str, var: &str, source: &str) -> Error {
    let hint = if flow.variables.iter().any(|v| v.name == source) {
        format!(" (give --var {source}=VALUE)")
    } else if crate::model::CONTEXT_NAMES.contains(&source) {
        " (set it in a --context FILE)".to_string()
    } else {
        String::new()
    };
    Error::Input(format!(
        "flow {} step {n} ({action}): `{var}` takes `{{{{{source}}}}}`, which has no value{hint}",
        flow.id
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
