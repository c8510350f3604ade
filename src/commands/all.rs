//! `test --all`: every action (with its examples as values) and every
//! flow, run in parallel, summed up as `N passed, M failed`, optionally
//! reported as JUnit XML.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::json;

use crate::error::Error;
use crate::junit::{self, Case};
use crate::model::Action;
use crate::output;
use crate::validate::Validator;
use crate::workspace::{self, Workspace};

use super::live::{TestFormat, TestOptions};
use super::request::RequestInputs;
use super::{Io, Settings};

/// What `--all` runs.
enum Target {
    Action(Box<Action>),
    Flow(crate::flow::Flow),
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Self::Action(_) => "action",
            Self::Flow(_) => "flow",
        }
    }

    fn name(&self) -> &str {
        match self {
            Self::Action(a) => &a.id,
            Self::Flow(f) => &f.id,
        }
    }
}

/// Options of `test --all`.
pub struct AllOptions {
    /// Runs at once.
    pub jobs: usize,
    /// `--report junit FILE`.
    pub junit: Option<PathBuf>,
    /// `--context FILE` for every run.
    pub context: Option<PathBuf>,
}

/// Runs every action and flow; exit 1 when any fails.
pub fn test_all(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    options: &TestOptions,
    all: &AllOptions,
) -> Result<(), Error> {
    let (targets, actions) = targets(ws)?;
    let started = Instant::now();
    let run_options = TestOptions {
        format: TestFormat::Text,
        progress: false,
        ..options.clone()
    };
    let next = AtomicUsize::new(0);
    let mut cases: Vec<(usize, Case, Vec<u8>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..all.jobs.clamp(1, targets.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(target) = targets.get(i) else { break };
                        let (case, trace) = run_target(
                            &actions,
                            settings,
                            target,
                            &run_options,
                            all,
                            io.colors.stderr,
                            io.verbose,
                        );
                        done.push((i, case, trace));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    cases.sort_by_key(|(i, _, _)| *i);
    let failed = cases.iter().filter(|(_, c, _)| c.failure.is_some()).count();
    let passed = cases.len() - failed;
    for (_, case, trace) in &cases {
        if io.verbose > 0 {
            io.trace(&String::from_utf8_lossy(trace));
        }
        let line = match &case.failure {
            None => format!(
                "PASS {} {} ({})",
                case.kind,
                case.name,
                crate::transport::human_duration(case.duration)
            ),
            Some(why) => format!(
                "FAIL {} {}: {}",
                case.kind,
                case.name,
                crate::term::visible(why.lines().next().unwrap_or_default())
            ),
        };
        io.trace(&format!("{line}\n"));
    }
    if options.format == TestFormat::Json {
        let list: Vec<_> = cases
            .iter()
            .map(|(_, c, _)| json!({"kind": c.kind, "name": c.name, "passed": c.failure.is_none(), "duration_ms": c.duration.as_millis() as u64, "failure": c.failure}))
            .collect();
        io.data(&output::pretty(&serde_json::Value::Array(list)));
    }
    let just_cases: Vec<Case> = cases.into_iter().map(|(_, c, _)| c).collect();
    if let Some(path) = &all.junit {
        super::new::write_atomically(path, &junit::report("actionctl", &just_cases))?;
        io.note(&format!("wrote JUnit report {}", path.display()));
    }
    io.trace(&format!(
        "{passed} passed, {failed} failed ({})\n",
        crate::transport::human_duration(started.elapsed())
    ));
    if failed > 0 {
        return Err(Error::Check(format!(
            "{failed} of {} failed",
            passed + failed
        )));
    }
    Ok(())
}

/// Every valid action and flow, with the actions by id for the flows.
fn targets(ws: &Workspace) -> Result<(Vec<Target>, HashMap<String, Action>), Error> {
    let validator = Validator::new();
    let mut files = ws.action_files()?;
    if ws.flows_dir().is_dir() {
        files.extend(workspace::collect_files(&[ws.flows_dir()])?);
    }
    let mut reports = workspace::check_files(&files, &validator, super::default_jobs());
    let actions = ws.check_flows(&mut reports, &validator);
    let invalid: Vec<_> = reports
        .iter()
        .filter(|r| r.has_errors())
        .flat_map(|r| r.diagnostics.clone())
        .collect();
    if !invalid.is_empty() {
        return Err(Error::InvalidAction(invalid));
    }
    let mut targets = Vec::new();
    for report in reports {
        if let Some(action) = report.action {
            targets.push(Target::Action(Box::new(action)));
        } else if let Some(flow) = report.flow {
            targets.push(Target::Flow(flow));
        }
    }
    if targets.is_empty() {
        return Err(Error::NoActions(ws.dir.display().to_string()));
    }
    Ok((targets, actions))
}

/// Runs one target with its examples as values, capturing its output.
fn run_target(
    actions: &HashMap<String, Action>,
    settings: &Settings,
    target: &Target,
    options: &TestOptions,
    all: &AllOptions,
    color: bool,
    verbose: u8,
) -> (Case, Vec<u8>) {
    let started = Instant::now();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let failure = {
        let colors = crate::term::Colors {
            stdout: false,
            stderr: color,
        };
        let mut io = Io::new(&mut out, &mut err, colors, verbose == 0, verbose);
        let result = example_values(target).and_then(|vars| {
            let inputs = RequestInputs {
                action: target.name().to_string(),
                vars,
                context: all.context.clone(),
            };
            match target {
                Target::Action(action) => {
                    super::live::test_action(&mut io, settings, action, &inputs, options)
                }
                Target::Flow(flow) => super::flow::run_checked_flow(
                    &mut io, settings, flow, actions, &inputs, options,
                ),
            }
        });
        result.err().map(|e| {
            let text = io.redact(&e.render(false));
            text.strip_prefix("error: ")
                .map(str::to_string)
                .unwrap_or(text)
        })
    };
    let case = Case {
        kind: target.kind(),
        name: target.name().to_string(),
        duration: started.elapsed(),
        failure,
    };
    (case, err)
}

/// `--var` pairs from each required variable's example (or default).
fn example_values(target: &Target) -> Result<Vec<(String, String)>, Error> {
    let variables = match target {
        Target::Action(a) => &a.variables,
        Target::Flow(f) => &f.variables,
    };
    let mut vars = Vec::new();
    for v in variables {
        match v.example.as_ref().or(v.default.as_ref()) {
            Some(value) => vars.push((v.name.clone(), value.to_string())),
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
