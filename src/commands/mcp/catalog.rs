//! What `mcp` serves: the valid actions and flows of the folder, each
//! with the tool definition `schema --format mcp` prints, and how to
//! tell when the folder changed.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::core::export::{ToolFormat, flow_tool, tool, tool_name};
use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::error::Error;
use crate::io::keychain::Keychain;
use crate::io::secrets::StoreError;
use crate::io::workspace::{CheckedFiles, Workspace};

use super::super::Settings;
use super::super::authoring::{check_tool_files, clashing_names};

/// What a tool runs.
pub(crate) enum Target {
    Action(Box<Action>),
    Flow(Box<Flow>),
}

/// The tools of one reading of the folder, with the settings (the
/// environments file) read at the same time.
pub(crate) struct Catalog {
    /// The tool definitions, in `schema --all` order.
    pub tools: Vec<serde_json::Value>,
    /// What each tool name runs.
    pub targets: HashMap<String, Target>,
    /// Every valid action, by id: what flow steps run.
    pub actions: HashMap<String, Action>,
    /// `--env` and the environments file applied.
    pub settings: Settings,
    /// The keychain, opened once (on the first call that needs a secret)
    /// for every call served with these settings.
    pub keychain: OnceLock<Result<Arc<Keychain>, StoreError>>,
    /// The files this reading saw.
    pub fingerprint: Fingerprint,
}

/// The name, size and modification time of every file a reading
/// depends on: when it differs, the folder changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Fingerprint(Vec<(PathBuf, Option<(u64, std::time::SystemTime)>)>);

impl Fingerprint {
    /// The action and flow files of `ws`, and its environments file.
    pub(super) fn of(ws: &Workspace) -> Self {
        let mut files = super::super::check::action_and_flow_files(ws).unwrap_or_default();
        files.push(ws.environments_path());
        files.push(ws.dir.clone());
        files.push(ws.flows_dir());
        Self(
            files
                .into_iter()
                .map(|path| {
                    let seen = std::fs::metadata(&path)
                        .ok()
                        .and_then(|m| Some((m.len(), m.modified().ok()?)));
                    (path, seen)
                })
                .collect(),
        )
    }
}

/// One problem with the folder, said on stderr: that file is not served.
pub(crate) type Problem = String;

impl Target {
    /// The action's or flow's id.
    pub(crate) fn id(&self) -> &str {
        match self {
            Self::Action(action) => &action.id,
            Self::Flow(flow) => &flow.id,
        }
    }
}

impl Catalog {
    /// Keeps only the tools of these action and flow ids (`chat ACTION...`,
    /// a conversation's `actions:`), in the order given; an id with no
    /// tool is an input error naming it.
    pub(crate) fn only(&mut self, ids: &[String]) -> Result<(), Error> {
        let mut tools = Vec::new();
        let mut targets = HashMap::new();
        for id in ids {
            let name = tool_name(id);
            let Some(target) = self.targets.remove(&name) else {
                if targets.contains_key(&name) {
                    continue;
                }
                let hint =
                    crate::core::suggest::did_you_mean(id, self.targets.values().map(Target::id));
                return Err(Error::Input(format!(
                    "unknown action `{id}`{hint}: no valid action or flow has this id (see actionctl validate)"
                )));
            };
            let named = |t: &&serde_json::Value| {
                t.pointer("/name")
                    .or_else(|| t.pointer("/function/name"))
                    .and_then(serde_json::Value::as_str)
                    == Some(name.as_str())
            };
            tools.extend(self.tools.iter().find(named).cloned());
            targets.insert(name, target);
        }
        self.tools = tools;
        self.targets = targets;
        Ok(())
    }

    /// Reads and checks the folder as `schema --all` does, with `--env`
    /// `selected`; invalid files and the later of two files whose ids
    /// give the same tool name are left out, each with one located line.
    /// The tools are defined as `schema --format FORMAT` prints them.
    pub(crate) fn load(
        ws: &Workspace,
        base: &Settings,
        selected: Option<&str>,
        format: ToolFormat,
    ) -> Result<(Self, Vec<Problem>), Error> {
        let fingerprint = Fingerprint::of(ws);
        let settings = base.clone().with_environments(ws, selected)?;
        let CheckedFiles { reports, actions } = check_tool_files(ws, &settings.validator())?;
        let mut problems: Vec<Problem> = reports
            .iter()
            .filter(|r| r.is_invalid())
            .map(|r| {
                let first = r.diagnostics.iter().find(|d| d.is_error());
                let more = r.diagnostics.iter().filter(|d| d.is_error()).count() - 1;
                match first {
                    Some(d) if more > 0 => {
                        format!("{d} (and {more} more; not served, see actionctl validate)")
                    }
                    Some(d) => format!("{d} (not served)"),
                    None => format!("{}: invalid (not served)", r.path),
                }
            })
            .collect();
        let mut entries: Vec<(&str, &str, Target)> = Vec::new();
        for report in &reports {
            if let Some(action) = report.action() {
                entries.push((
                    &report.path,
                    &action.id,
                    Target::Action(Box::new(action.clone())),
                ));
            }
        }
        for report in &reports {
            if let Some(flow) = report.flow() {
                entries.push((&report.path, &flow.id, Target::Flow(Box::new(flow.clone()))));
            }
        }
        let named: Vec<(&str, &str)> = entries.iter().map(|(p, id, _)| (*p, *id)).collect();
        let clashes = clashing_names(&named);
        let clashing: Vec<String> = clashes.iter().map(|d| d.path.clone()).collect();
        problems.extend(clashes.iter().map(|d| format!("{d} (not served)")));
        let mut tools = Vec::new();
        let mut targets = HashMap::new();
        for (path, id, target) in entries {
            if clashing.iter().any(|p| p == path) {
                continue;
            }
            tools.push(match &target {
                Target::Action(action) => tool(action, format, false),
                Target::Flow(flow) => flow_tool(flow, &actions, format, false),
            });
            targets.insert(tool_name(id), target);
        }
        let catalog = Self {
            tools,
            targets,
            actions,
            settings,
            keychain: OnceLock::new(),
            fingerprint,
        };
        Ok((catalog, problems))
    }
}
