//! `test --all`: every action (with its examples as values) and every
//! flow, run in parallel, summed up as `N passed, M failed`, optionally
//! reported as JUnit XML.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use serde_json::json;

use crate::core::model::Action;
use crate::core::suggest::did_you_mean;
use crate::core::validate::Contents;
use crate::error::Error;
use crate::io::workspace::{self, CheckedFiles, Workspace};
use crate::render::html;
use crate::render::junit::{self, Case};
use crate::render::output;

use super::cases;
use super::run::{TestFormat, TestOptions};
use super::{Io, Settings};

/// What `--all` runs.
enum Target {
    Action(Box<Action>),
    Flow(crate::core::flow::Flow),
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

    /// The names of its `cases:`, in file order.
    fn case_names(&self) -> Vec<&str> {
        match self {
            Self::Action(a) => a.cases.iter().map(|c| c.name.as_str()).collect(),
            Self::Flow(f) => f.cases.iter().map(|c| c.name.as_str()).collect(),
        }
    }
}

/// One run of `--all` or `--cases`: a target, with one of its cases or
/// (for a file without cases) its examples.
struct Run {
    target: usize,
    case: Option<usize>,
}

impl Run {
    /// One run per case of each target; one with its examples for a
    /// target without cases.
    fn every_case(targets: &[Target]) -> Vec<Self> {
        let mut runs = Vec::new();
        for (target, t) in targets.iter().enumerate() {
            match t.case_names().len() {
                0 => runs.push(Self { target, case: None }),
                n => runs.extend((0..n).map(|case| Self {
                    target,
                    case: Some(case),
                })),
            }
        }
        runs
    }

    /// `ID`, or `ID / CASE` for a case.
    fn name(&self, targets: &[Target]) -> String {
        let target = &targets[self.target];
        match self.case {
            None => target.name().to_string(),
            Some(i) => format!("{} / {}", target.name(), target.case_names()[i]),
        }
    }

    fn case_name<'t>(&self, targets: &'t [Target]) -> Option<&'t str> {
        self.case.map(|i| targets[self.target].case_names()[i])
    }
}

/// Options of `test --all`.
pub(crate) struct AllOptions {
    /// Runs at once.
    pub jobs: usize,
    /// `--report KIND FILE`, each kind at most once.
    pub reports: Reports,
    /// `--context FILE` for every run.
    pub context: Option<PathBuf>,
}

/// The conversations of `test --all`: run with this model, or skipped
/// (and said so) when none is configured.
pub(crate) enum AllConversations<'a> {
    Run(&'a super::conversation::Setup<'a>),
    Skip,
}

/// The reports `test --all` writes.
#[derive(Debug, Default)]
pub(crate) struct Reports {
    /// `--report junit FILE`.
    pub junit: Option<PathBuf>,
    /// `--report html FILE`.
    pub html: Option<PathBuf>,
}

/// Runs every case of every action and flow (a file without cases once,
/// with its examples); exit 1 when any fails.
pub(crate) fn test_all(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    options: &TestOptions,
    all: &AllOptions,
    conversations: AllConversations,
) -> Result<(), Error> {
    let (targets, actions) = targets(ws, settings)?;
    let extra = match conversations {
        AllConversations::Run(setup) => super::conversation::conversation_cases(io, setup)?,
        AllConversations::Skip => {
            let files = super::conversation::conversation_files(ws)?;
            if !files.is_empty() {
                io.note(&format!(
                    "skipped {} conversation{}: no model configured (give --llm URL and --model NAME; see docs/agent-testing.md)",
                    files.len(),
                    if files.len() == 1 { "" } else { "s" }
                ));
            }
            Vec::new()
        }
    };
    run_all(io, settings, &targets, &actions, options, all, extra)
}

/// `test ID --cases`: every case of one file, reported as `--all` does
/// (with the reports it writes).
pub(super) fn test_cases(
    io: &mut Io,
    settings: &Settings,
    target: workspace::Target,
    context: Option<PathBuf>,
    options: &TestOptions,
    reports: Reports,
) -> Result<(), Error> {
    let (target, actions) = match target {
        workspace::Target::Action(action) => (Target::Action(action), HashMap::new()),
        workspace::Target::Flow { id, checked } => match *checked {
            Ok((flow, actions)) => (Target::Flow(flow), actions),
            Err(error) => return report_not_run(io, options, "flow", &id, error),
        },
    };
    let all = AllOptions {
        jobs: super::default_jobs(),
        reports,
        context,
    };
    run_all(io, settings, &[target], &actions, options, &all, Vec::new())
}

/// `--cases` on a file that cannot run: `--format json` still prints
/// the array it promises, with one failed entry for the file.
pub(super) fn report_not_run(
    io: &mut Io,
    options: &TestOptions,
    kind: &'static str,
    id: &str,
    error: Error,
) -> Result<(), Error> {
    if options.format == TestFormat::Json {
        let text = io.redact(&error.render(false));
        let failure = text.strip_prefix("error: ").unwrap_or(&text);
        let entry = json!({"kind": kind, "name": id, "id": id, "case": null, "passed": false, "duration_ms": 0, "failure": failure});
        io.data(&output::pretty(&serde_json::Value::Array(vec![entry])));
    }
    Err(error)
}

/// `--mock=NAME` must name an answer that some action of the run has:
/// otherwise every run would silently pick by `when` instead.
fn check_mock_answer(
    options: &TestOptions,
    targets: &[Target],
    actions: &HashMap<String, Action>,
) -> Result<(), Error> {
    let Some(name) = &options.mock_answer else {
        return Ok(());
    };
    let own = targets.iter().filter_map(|t| match t {
        Target::Action(action) => Some(&**action),
        Target::Flow(_) => None,
    });
    let mut answers: Vec<&str> = own
        .chain(actions.values())
        .flat_map(|a| a.mock.iter().filter_map(|m| m.name.as_deref()))
        .collect();
    if answers.contains(&name.as_str()) {
        return Ok(());
    }
    answers.sort_unstable();
    answers.dedup();
    let hint = did_you_mean(name, answers.iter().copied());
    Err(Error::Input(format!(
        "--mock={name}: no action in this run has a mock answer named `{name}`{hint}"
    )))
}

fn run_all(
    io: &mut Io,
    settings: &Settings,
    targets: &[Target],
    actions: &HashMap<String, Action>,
    options: &TestOptions,
    all: &AllOptions,
    conversations: Vec<super::conversation::ConversationCase>,
) -> Result<(), Error> {
    check_mock_answer(options, targets, actions)?;
    let runs = Run::every_case(targets);
    let started = Instant::now();
    let run_options = TestOptions {
        format: TestFormat::Text,
        ..options.clone()
    };
    let (results, spawn_error) = run_each(runs.len(), all.jobs, |i| {
        run_target(
            actions,
            settings,
            (&targets[runs[i].target], runs[i].case),
            &run_options,
            all,
            io.colors.stderr,
            io.verbose,
        )
    });
    if let Some(e) = spawn_error {
        io.note(&format!(
            "note: could not start every worker thread ({e}); running with fewer"
        ));
    }
    let mut cases: Vec<(Case, Vec<u8>)> = runs
        .iter()
        .zip(results)
        .map(|(run, result)| {
            let (mut case, trace) =
                result.unwrap_or_else(|why| (not_run(&targets[run.target], &why), Vec::new()));
            case.name = run.name(targets);
            (case, trace)
        })
        .collect();
    // Each case's `id` and `case` for the JSON list: runs, then turns.
    let mut names: Vec<(String, Option<String>)> = runs
        .iter()
        .map(|run| {
            let id = targets[run.target].name().to_string();
            (id, run.case_name(targets).map(str::to_string))
        })
        .collect();
    for turn in conversations {
        names.push((turn.id, turn.turn));
        cases.push((turn.case, turn.trace));
    }
    let failed = cases.iter().filter(|(c, _)| c.failure.is_some()).count();
    let passed = cases.len() - failed;
    for (case, trace) in &cases {
        if io.verbose > 0 {
            io.trace(&String::from_utf8_lossy(trace));
        }
        let line = match &case.failure {
            None => format!(
                "PASS {} {} ({})",
                case.kind,
                case.name,
                crate::core::text::human_duration(case.duration)
            ),
            Some(why) => format!(
                "FAIL {} {}: {}",
                case.kind,
                case.name,
                crate::render::term::visible(why.lines().next().unwrap_or_default())
            ),
        };
        io.trace(&format!("{line}\n"));
    }
    if options.format == TestFormat::Json {
        let list: Vec<_> = cases
            .iter()
            .zip(&names)
            .map(|((c, _), (id, case))| json!({"kind": c.kind, "name": c.name, "id": id, "case": case, "passed": c.failure.is_none(), "duration_ms": c.duration.as_millis() as u64, "failure": c.failure}))
            .collect();
        io.data(&output::pretty(&serde_json::Value::Array(list)));
    }
    let just_cases: Vec<Case> = cases.into_iter().map(|(c, _)| c).collect();
    if let Some(path) = &all.reports.junit {
        write_report(io, path, "JUnit", &junit::report("actionctl", &just_cases))?;
    }
    if let Some(path) = &all.reports.html {
        let setting = html::Setting {
            mock: options.mock,
            duration: started.elapsed(),
        };
        let page = html::report("actionctl test report", &just_cases, setting);
        write_report(io, path, "HTML", &page)?;
    }
    io.trace(&format!(
        "{passed} passed, {failed} failed ({})\n",
        crate::core::text::human_duration(started.elapsed())
    ));
    if failed > 0 {
        return Err(Error::Check(format!(
            "{failed} of {} failed",
            passed + failed
        )));
    }
    Ok(())
}

/// Why a target has no result.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NotRun {
    /// It panicked: a bug, reported as a failure of that target alone.
    Crashed(crate::crash::Crash),
    /// No worker reached it (a worker thread ended unexpectedly).
    Lost,
}

/// Runs `run(i)` for every `i` below `count`, on up to `jobs` threads (this
/// one among them, so every index runs even when no thread can be
/// started), and gives one result per index, in order, whatever panics.
/// Also says why a worker thread could not be started, if one could not.
fn run_each<T: Send>(
    count: usize,
    jobs: usize,
    run: impl Fn(usize) -> T + Sync,
) -> (Vec<Result<T, NotRun>>, Option<std::io::Error>) {
    let next = AtomicUsize::new(0);
    let (done, finished) = mpsc::channel();
    let work = |done: mpsc::Sender<(usize, Result<T, NotRun>)>| {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            if i >= count {
                break;
            }
            let result = crate::crash::catch(|| run(i)).map_err(NotRun::Crashed);
            if done.send((i, result)).is_err() {
                break;
            }
        }
    };
    let mut spawn_error = None;
    std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for _ in 1..jobs.clamp(1, count.max(1)) {
            let done = done.clone();
            match std::thread::Builder::new().spawn_scoped(scope, || work(done)) {
                Ok(worker) => workers.push(worker),
                Err(e) => {
                    spawn_error = Some(e);
                    break;
                }
            }
        }
        work(done);
        for worker in workers {
            // A worker that died lost at most the target it held; the
            // loop below reports that target as not run.
            let _ = worker.join();
        }
    });
    let mut results: Vec<Result<T, NotRun>> = (0..count).map(|_| Err(NotRun::Lost)).collect();
    for (i, result) in finished.try_iter() {
        results[i] = result;
    }
    (results, spawn_error)
}

/// The failed case of a target that did not run to its end.
/// Writes a report whole or not at all.
fn write_report(io: &mut Io, path: &std::path::Path, what: &str, text: &str) -> Result<(), Error> {
    crate::io::files::write_atomically(path, text.as_bytes(), crate::io::files::Existing::Replace)?;
    io.note(&format!("wrote {what} report {}", path.display()));
    Ok(())
}

fn not_run(target: &Target, why: &NotRun) -> Case {
    let (kind, name) = (target.kind(), target.name());
    let failure = match why {
        NotRun::Crashed(crash) => format!("{kind} {name} did not run to the end: {crash}"),
        NotRun::Lost => format!("{kind} {name} was not run: its worker thread ended early"),
    };
    Case {
        kind,
        name: name.to_string(),
        duration: std::time::Duration::ZERO,
        failure: Some(failure),
        attempts: Vec::new(),
    }
}

/// Every valid action and flow, with the actions by id for the flows.
fn targets(
    ws: &Workspace,
    settings: &Settings,
) -> Result<(Vec<Target>, HashMap<String, Action>), Error> {
    let validator = settings.validator();
    let mut files = ws.action_files()?;
    if ws.flows_dir().is_dir() {
        files.extend(workspace::collect_files(&[ws.flows_dir()])?);
    }
    let reports = workspace::check_files(&files, &validator, super::default_jobs());
    let CheckedFiles { reports, actions } = ws.check_flows(reports, &validator)?;
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
        match report.contents {
            Contents::Action(action) => targets.push(Target::Action(action)),
            Contents::Flow(flow) => targets.push(Target::Flow(flow)),
            Contents::ActionSetAside
            | Contents::Invalid
            | Contents::InvalidFlow
            | Contents::Conversation => {}
        }
    }
    if targets.is_empty() {
        return Err(Error::NoActions(ws.dir.display().to_string()));
    }
    Ok((targets, actions))
}

/// Runs one target with one of its cases (or its examples as values),
/// capturing its output.
fn run_target(
    actions: &HashMap<String, Action>,
    settings: &Settings,
    (target, case): (&Target, Option<usize>),
    options: &TestOptions,
    all: &AllOptions,
    color: bool,
    verbose: u8,
) -> (Case, Vec<u8>) {
    let started = Instant::now();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let (failure, attempts) = {
        let colors = crate::render::term::Colors {
            stdout: false,
            stderr: color,
        };
        let mut io = Io::buffered(&mut out, &mut err, colors, verbose == 0, verbose);
        if all.reports.html.is_some() {
            io.recorder = Some(super::run::Recorder::new(settings.profile.clone()));
        }
        let context = all.context.clone();
        let result = match target {
            Target::Action(action) => {
                let case = case.map(|i| &action.cases[i]);
                cases::run_action_case(&mut io, settings, action, case, context, options)
            }
            Target::Flow(flow) => {
                let case = case.map(|i| &flow.cases[i]);
                cases::run_flow_case(&mut io, settings, flow, actions, case, context, options)
            }
        };
        let failure = result.err().map(|e| {
            let text = io.redact(&e.render(false));
            text.strip_prefix("error: ")
                .map(str::to_string)
                .unwrap_or(text)
        });
        let attempts = io.recorder.take().map(|r| r.attempts).unwrap_or_default();
        (failure, attempts)
    };
    let case = Case {
        kind: target.kind(),
        name: target.name().to_string(),
        duration: started.elapsed(),
        failure,
        attempts,
    };
    (case, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_panics_fails_alone_and_the_others_still_run() {
        let (results, spawn_error) = run_each(5, 3, |i| {
            if i == 2 {
                std::panic::panic_any(String::from("secret-in-a-panic"));
            }
            i * 10
        });
        assert!(spawn_error.is_none());
        assert_eq!(results.len(), 5);
        for (i, result) in results.iter().enumerate() {
            match (i, result) {
                (2, Err(NotRun::Crashed(crash))) => {
                    assert!(!crash.to_string().contains("secret-in-a-panic"));
                }
                (2, other) => panic!("index 2 should have crashed: {other:?}"),
                (i, other) => assert_eq!(other, &Ok(i * 10)),
            }
        }
    }

    #[test]
    fn every_index_runs_whatever_the_job_count() {
        for jobs in [0, 1, 4, 100] {
            let (results, _) = run_each(7, jobs, |i| i);
            assert_eq!(results, (0..7).map(Ok).collect::<Vec<_>>(), "jobs {jobs}");
        }
        assert!(run_each(0, 4, |i| i).0.is_empty());
    }

    #[test]
    fn a_target_not_run_is_a_failure_that_names_it() {
        let flow = Target::Flow(crate::core::flow::Flow {
            id: "pay-then-ship".into(),
            name: "Pay then ship".into(),
            description: String::new(),
            variables: Vec::new(),
            steps: Vec::new(),
            cases: Vec::new(),
        });
        let crashed = not_run(&flow, &NotRun::Crashed(crate::crash::Crash::default()));
        assert_eq!(
            crashed.failure.as_deref(),
            Some(
                "flow pay-then-ship did not run to the end: actionctl hit an internal error (a bug: please report it)"
            )
        );
        assert_eq!(
            (crashed.kind, crashed.name.as_str()),
            ("flow", "pay-then-ship")
        );
        let lost = not_run(&flow, &NotRun::Lost);
        assert!(
            lost.failure
                .unwrap()
                .starts_with("flow pay-then-ship was not run")
        );
    }
}
