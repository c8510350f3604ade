//! A flow: its steps in order, each one a run of an action, stopping at
//! the first failed condition, status or extraction with the reason.

use std::collections::HashMap;

use crate::core::context::Context;
use crate::core::flow::{Flow, Step};
use crate::core::model::Action;
use crate::core::request;
use crate::error::Error;
use crate::io::secrets::Redactor;

use super::{Event, Listener, Outcome, RunOptions, run_action};

/// What a flow run came to.
pub(crate) struct FlowOutcome {
    /// The flow id.
    pub flow: String,
    /// Every step attempted, in order.
    pub steps: Vec<StepOutcome>,
    /// How it ended.
    pub end: FlowEnd,
}

/// One step attempted: its action and that action's outcome.
pub(crate) struct StepOutcome {
    /// The action id.
    pub action: String,
    /// What came of running it.
    pub outcome: Outcome,
}

/// How a flow ended.
pub(crate) enum FlowEnd {
    /// Every step passed.
    Passed,
    /// No step ran: the inputs do not fit the flow's variables.
    NotStarted(Error),
    /// Step `step` (from 1) did not run: its `when:` does not hold, or
    /// its action is unknown.
    Blocked {
        step: usize,
        action: String,
        reason: Error,
    },
    /// Step `step` (from 1), the last in `steps`, failed; its outcome
    /// says why.
    StepFailed { step: usize },
}

impl FlowOutcome {
    /// The error the flow ended in, if any: [`Error::FlowStopped`]
    /// naming the step, or why no step ran. Takes the failed step's
    /// failure out of `steps`.
    pub(crate) fn into_result(self) -> Result<(), Error> {
        let stopped = |step: usize, action: String, reason: Error| Error::FlowStopped {
            flow: self.flow.clone(),
            step,
            action,
            reason: Box::new(reason),
        };
        match self.end {
            FlowEnd::Passed => Ok(()),
            FlowEnd::NotStarted(error) => Err(error),
            FlowEnd::Blocked {
                step,
                action,
                reason,
            } => Err(stopped(step, action, reason)),
            FlowEnd::StepFailed { step } => match self.steps.into_iter().last() {
                Some(StepOutcome {
                    action,
                    outcome:
                        Outcome {
                            failure: Some(reason),
                            ..
                        },
                }) => Err(stopped(step, action, reason)),
                // `run_flow` never ends so: a bug, reported as one.
                _ => Err(Error::Internal(crate::crash::Crash::default())),
            },
        }
    }
}

/// Runs `flow`'s steps with `given` (`--var` pairs) as its inputs, each
/// step's action from `actions`, until one fails or a condition stops
/// the flow.
pub(crate) fn run_flow(
    flow: &Flow,
    actions: &HashMap<String, Action>,
    given: &[(String, String)],
    context: &Context,
    options: &RunOptions,
    listener: &mut dyn Listener,
) -> FlowOutcome {
    let mut outcome = FlowOutcome {
        flow: flow.id.clone(),
        steps: Vec::new(),
        end: FlowEnd::Passed,
    };
    let mut values = match flow_inputs(flow, given)
        .and_then(|values| require_env_values(flow, actions, context).map(|()| values))
    {
        Ok(values) => values,
        Err(error) => {
            outcome.end = FlowEnd::NotStarted(error);
            return outcome;
        }
    };
    let mut listener = Masking {
        inner: listener,
        redactor: Redactor::default(),
    };
    let steps = Steps {
        flow,
        actions,
        context,
        options,
    };
    for (i, step) in flow.steps.iter().enumerate() {
        let n = i + 1;
        match steps.run(n, step, &values, &mut listener) {
            Ok(step_outcome) => {
                for e in step_outcome.outcome.extracted.iter().flatten() {
                    if let Ok(v) = &e.value {
                        values.insert(e.name.clone(), crate::core::extract::as_text(v));
                    }
                }
                let failed = step_outcome.outcome.failure.is_some();
                outcome.steps.push(step_outcome);
                if failed {
                    outcome.end = FlowEnd::StepFailed { step: n };
                    return outcome;
                }
            }
            Err(reason) => {
                outcome.end = FlowEnd::Blocked {
                    step: n,
                    action: step.action.clone(),
                    reason,
                };
                return outcome;
            }
        }
    }
    outcome
}

/// What every step of one flow run shares.
struct Steps<'a> {
    flow: &'a Flow,
    actions: &'a HashMap<String, Action>,
    context: &'a Context,
    options: &'a RunOptions<'a>,
}

impl Steps<'_> {
    /// Runs step `n` with the flow's `values` so far; an error when it
    /// cannot start (its condition does not hold, its action is unknown).
    fn run(
        &self,
        n: usize,
        step: &Step,
        values: &HashMap<String, String>,
        listener: &mut Masking,
    ) -> Result<StepOutcome, Error> {
        let Self {
            flow,
            actions,
            context,
            options,
        } = *self;
        let value_of = |name: &str| {
            values
                .get(name)
                .cloned()
                .or_else(|| context.get(name).map(str::to_string))
                .unwrap_or_default()
        };
        if let Some(condition) = &step.when
            && !condition.holds(&value_of)
        {
            let shown: Vec<String> = condition
                .left
                .placeholders()
                .map(|(name, _)| {
                    let value = listener.redactor.redact(&value_of(name));
                    format!("{name} = {}", crate::core::text::cut_line(&value, 80))
                })
                .collect();
            return Err(Error::Condition {
                condition: condition.text.clone(),
                values: shown.join(", "),
            });
        }
        let Some(action) = actions.get(&step.action) else {
            return Err(Error::Input(format!("unknown action `{}`", step.action)));
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
        listener.on(Event::StepStarted {
            step: n,
            total: flow.steps.len(),
            action: &action.id,
        });
        let mut outcome = match request::convert_given(&action, &step_values.given) {
            Ok(typed) => {
                let typed = request::with_defaults(&action, typed);
                let missing = request::missing_required(&action, &typed);
                match missing.iter().find_map(|var| unset(var)) {
                    Some(error) => Outcome::failed(error),
                    None => run_action(&action, &typed, context, options, listener),
                }
            }
            Err(error) => Outcome::failed(error.into()),
        };
        if let Some(Error::Build(request::BuildError::MissingUrlValue(var))) = &outcome.failure
            && let Some(error) = unset(var)
        {
            outcome.failure = Some(error);
        }
        Ok(StepOutcome {
            action: action.id,
            outcome,
        })
    }
}

/// Passes every event on, and keeps every redactor handed over, so that
/// what the flow itself puts into words (a condition's values) is masked.
struct Masking<'l> {
    inner: &'l mut dyn Listener,
    redactor: Redactor,
}

impl Listener for Masking<'_> {
    fn on(&mut self, event: Event<'_>) {
        if let Event::SecretsResolved(redactor) = &event {
            self.redactor.merge(Redactor::clone(redactor));
        }
        self.inner.on(event);
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
        step: &Step,
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

/// Checks, before any step is sent, that the selected environment
/// defines every `{{env.KEY}}` the flow's steps and their actions use.
fn require_env_values(
    flow: &Flow,
    actions: &HashMap<String, Action>,
    context: &Context,
) -> Result<(), Error> {
    let mut keys = flow.env_keys();
    for step in &flow.steps {
        if let Some(action) = actions.get(&step.action) {
            keys.extend(action.env_keys.iter().cloned());
        }
    }
    keys.sort();
    keys.dedup();
    Ok(request::require_env_values(&keys, context)?)
}

/// The flow's inputs from `--var`, checked against the flow's variables
/// like an action's (examples are not used as values), defaults applied,
/// as the text that fills `{{name}}` in the steps: a list as JSON array
/// text, which an array variable of a step's action takes as it is.
fn flow_inputs(flow: &Flow, given: &[(String, String)]) -> Result<HashMap<String, String>, Error> {
    let values = request::resolve_variables(flow, given)?;
    Ok(values
        .into_iter()
        .map(|(name, value)| (name, value.to_input_text()))
        .collect())
}
