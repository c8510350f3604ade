//! `validate` and `list`: checking action files and folders.

use crate::core::diagnostic::{self, Diagnostic};
use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::core::validate::{FileReport, Validator};
use crate::error::Error;
use crate::io::workspace::{self, Workspace};
use crate::render::output;
use crate::render::term::{paint_diagnostic, visible_line};

use super::{Io, Settings, default_jobs};
use std::path::{Path, PathBuf};

/// Report formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// `PATH:LINE:COL: error: MESSAGE` lines.
    Text,
    /// An array of `{path, line, column, severity, message}`.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

/// `validate`: checks files and folders, prints every problem.
pub(crate) fn validate(
    io: &mut Io,
    ws: &Workspace,
    paths: &[PathBuf],
    format: ReportFormat,
    jobs: usize,
    platform: Option<crate::core::platform::Platform>,
) -> Result<(), Error> {
    let roots = if paths.is_empty() {
        let mut roots = vec![ws.dir.clone()];
        if ws.flows_dir().is_dir() {
            roots.push(ws.flows_dir());
        }
        if ws.conversations_dir().is_dir() {
            roots.push(ws.conversations_dir());
        }
        roots
    } else {
        paths.to_vec()
    };
    let mut files = workspace::collect_files(&roots)?;
    let found = files.len();
    // The environments file is checked below, as what it is.
    files.retain(|f| !ws.is_environments_file(f));
    if files.is_empty() && found == 0 {
        let names: Vec<String> = roots.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::NoActions(names.join(", ")));
    }
    // Only a file named on the command line is read to look for `turns:`;
    // a folder's files are sorted by where they are, so `validate` reads
    // each file once.
    let (conversations, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|f| {
        workspace::in_conversations_folder(f)
            || (paths.contains(f) && workspace::has_top_level_turns(f))
    });
    let environments = ws.environments()?;
    let plain = || Validator::new().with_environments(ws.known_environments(environments.as_ref()));
    let validator = match platform {
        Some(platform) => plain().with_platform(platform),
        None => plain(),
    };
    // Flows name actions as `validate` knows them: a platform's limits on
    // an action are that action's errors, not a flow's "unknown action".
    let flow_validator = platform.map(|_| plain());
    let mut reports =
        workspace::check_files_with(&files, &validator, jobs, FileReport::without_action);
    if !conversations.is_empty() {
        reports.extend(check_conversations(ws, &conversations)?);
    }
    let reports = ws
        .check_flows(reports, flow_validator.as_ref().unwrap_or(&validator))?
        .reports;
    let files: Vec<PathBuf> = files.into_iter().chain(conversations).collect();
    // The environments file first: its problems explain any about `env.` keys.
    let env_diagnostics = environments.map(|file| file.diagnostics);
    let all: Vec<Diagnostic> = env_diagnostics
        .iter()
        .flatten()
        .cloned()
        .chain(reports.iter().flat_map(|r| r.diagnostics.iter().cloned()))
        .collect();
    match format {
        ReportFormat::Text => {
            for d in &all {
                io.data(&paint_diagnostic(&visible_diagnostic(d), io.colors.stdout));
            }
        }
        ReportFormat::Json => io.data(&diagnostic::to_json(&all)),
        ReportFormat::Github => {
            for d in &all {
                io.data(&diagnostic::to_github(&visible_diagnostic(d)));
            }
        }
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let bad_environments = env_diagnostics
        .as_ref()
        .is_some_and(|d| d.iter().any(Diagnostic::is_error));
    let bad_files =
        reports.iter().filter(|r| r.has_errors()).count() + usize::from(bad_environments);
    let checked = files.len() + usize::from(env_diagnostics.is_some());
    io.note(&format!(
        "{checked} file{} checked: {} valid, {errors} error{}, {warnings} warning{}",
        if checked == 1 { "" } else { "s" },
        checked - bad_files,
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    ));
    if errors > 0 {
        return Err(Error::ValidationFailed {
            errors,
            files: bad_files,
        });
    }
    Ok(())
}

/// Each conversation file checked, its actions against the ids of every
/// action and flow file of the workspace (valid or not: an invalid
/// action is reported as what it is, not as unknown).
fn check_conversations(ws: &Workspace, files: &[PathBuf]) -> Result<Vec<FileReport>, Error> {
    let known: std::collections::HashSet<String> = action_and_flow_files(ws)?
        .iter()
        .map(|p| workspace::id_of(p))
        .collect();
    // The valid actions, for the checks of `args` names and `mock:`.
    let validator = Validator::new();
    let tools: std::collections::HashMap<String, crate::core::conversation::ToolFacts> = ws
        .action_files()?
        .iter()
        .filter_map(|path| {
            let report = workspace::check_file(path, &validator);
            let action = report.action()?;
            Some((action.id.clone(), super::conversation::action_facts(action)))
        })
        .collect();
    Ok(files
        .iter()
        .map(|path| {
            let display = path.display().to_string();
            let bytes = match workspace::read_user_file(path, crate::core::yaml::MAX_FILE_BYTES) {
                Ok(bytes) => bytes,
                Err(e) => {
                    let problem = Diagnostic::error(
                        &display,
                        crate::core::diagnostic::Location::START,
                        format!("cannot read file: {e}"),
                    );
                    return FileReport::unreadable(&display, problem);
                }
            };
            let id = workspace::id_of(path);
            let (conversation, mut diagnostics) =
                crate::core::conversation::parse_conversation(&id, &display, &bytes);
            if let Some(conversation) = &conversation {
                diagnostics.extend(crate::core::conversation::check_conversation(
                    &display,
                    conversation,
                    &known,
                ));
                diagnostics.extend(crate::core::conversation::check_tool_use(
                    &display,
                    conversation,
                    &tools,
                ));
                if known.contains(&conversation.id) {
                    diagnostics.push(Diagnostic::warning(
                        &display,
                        crate::core::diagnostic::Location::START,
                        format!(
                            "an action or flow has the id `{}`, so `actionctl test {}` runs it, not this conversation: rename one (or run this one by its path)",
                            conversation.id, conversation.id
                        ),
                    ));
                }
                if let Some(crate::core::conversation::Instructions::File(file, at)) =
                    &conversation.instructions
                    && let Err(problem) =
                        super::conversation::read_instructions_file(path, file, *at)
                {
                    diagnostics.push(problem);
                }
            }
            diagnostics.sort_by_key(|d| d.location);
            FileReport::conversation(&display, diagnostics)
        })
        .collect())
}

/// `d` as a text or GitHub report shows it: the path and the keys and
/// values its message quotes come from files, so their control
/// characters (and any line break in a path) are shown escaped, never
/// sent to the terminal, and never mistaken for actionctl's own colors.
fn visible_diagnostic(d: &Diagnostic) -> Diagnostic {
    Diagnostic {
        path: visible_line(&d.path).into_owned(),
        message: visible_line(&d.message).into_owned(),
        ..d.clone()
    }
}

/// `list`: one line per action (id, method, name), then one per flow
/// (id, `flow`, name), or JSON. Action lines keep their v1 form.
pub(crate) fn list(
    io: &mut Io,
    ws: &Workspace,
    settings: &Settings,
    json: bool,
) -> Result<(), Error> {
    let files = action_and_flow_files(ws)?;
    let validator = settings.validator();
    let reports = workspace::check_files(&files, &validator, default_jobs());
    let reports = ws.check_flows(reports, &validator)?.reports;
    let actions: Vec<(&Action, &str)> = reports
        .iter()
        .filter_map(|r| r.action().map(|a| (a, r.path.as_str())))
        .collect();
    let flows: Vec<(&Flow, &str)> = reports
        .iter()
        .filter_map(|r| r.flow().map(|f| (f, r.path.as_str())))
        .collect();
    if json {
        let list: Vec<_> = actions
            .iter()
            .map(|(a, p)| output::list_json(a, p))
            .chain(flows.iter().map(|(f, p)| output::flow_list_json(f, p)))
            .collect();
        io.data(&output::pretty(&serde_json::Value::Array(list)));
    } else {
        let width = actions.iter().map(|(a, _)| a.id.len()).max().unwrap_or(0);
        for (action, _) in &actions {
            io.data(&output::list_line(action, width));
        }
        let width = flows
            .iter()
            .map(|(f, _)| f.id.len())
            .fold(width, usize::max);
        for (flow, _) in &flows {
            io.data(&output::flow_list_line(flow, width));
        }
    }
    let invalid: Vec<&str> = reports
        .iter()
        .filter(|r| r.is_invalid())
        .map(|r| r.path.as_str())
        .collect();
    for path in &invalid {
        io.note(&format!(
            "{path}: invalid, not listed (run `actionctl validate {path}`)"
        ));
    }
    if invalid.is_empty() {
        Ok(())
    } else {
        let errors = reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.is_error())
            .count();
        Err(Error::ValidationFailed {
            errors,
            files: invalid.len(),
        })
    }
}

/// The files of the actions folder, then those of the flows folder (when
/// there is one), each once.
pub(super) fn action_and_flow_files(ws: &Workspace) -> Result<Vec<PathBuf>, Error> {
    let mut files = ws.action_files()?;
    if ws.flows_dir().is_dir() {
        let flows = workspace::collect_files(&[ws.flows_dir()])?;
        let seen: std::collections::HashSet<PathBuf> = files.iter().cloned().collect();
        let flows = flows
            .into_iter()
            .map(|f| f.strip_prefix(".").map(Path::to_path_buf).unwrap_or(f))
            .filter(|f| !seen.contains(f));
        files.extend(flows);
    }
    Ok(files)
}
