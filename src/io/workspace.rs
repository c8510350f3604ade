//! The file side of actions: finding an action by id or path in the
//! actions folder, walking folders for action files, and validating many
//! files in parallel.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::core::diagnostic::Diagnostic;
use crate::core::environment::{Environments, KnownEnvironments};
use crate::core::flow::Flow;
use crate::core::model::Action;
use crate::core::suggest::did_you_mean;
use crate::core::validate::{Contents, FileReport, Validator};
use crate::core::yaml::MAX_FILE_BYTES;
use crate::error::Error;

/// Checked files, with the actions their flows run, by id.
pub(crate) struct CheckedFiles {
    /// One report per file, in the order given.
    pub reports: Vec<FileReport>,
    /// Every valid action a flow among the reports may name.
    pub actions: HashMap<String, Action>,
}

/// A flow with the actions it runs, or why it cannot run.
pub(crate) type CheckedFlow = Result<(Flow, HashMap<String, Action>), Error>;

/// What a name on the command line refers to, read and checked once.
pub(crate) enum Target {
    Action(Box<Action>),
    /// A flow: checked against the actions it names, or why it cannot run.
    Flow {
        /// The flow's id (its file stem).
        id: String,
        /// The flow with the actions it runs, or its errors (boxed: an
        /// action target is much smaller).
        checked: Box<CheckedFlow>,
    },
}

/// The actions folder.
#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    /// Where action files live (`--dir`, `ACTIONCTL_DIR`, `./actions`).
    pub dir: PathBuf,
    /// `--env-file`: the environments file, instead of the one beside
    /// the actions folder.
    pub env_file: Option<PathBuf>,
}

/// The environments file, read and checked.
pub(crate) struct EnvironmentsFile {
    /// The file as shown to the user.
    pub path: String,
    /// What could be read of it.
    pub environments: Environments,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

impl EnvironmentsFile {
    /// The environments, or the file's errors (exit 3).
    pub(crate) fn checked(&self) -> Result<Environments, Error> {
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::InvalidEnvironments(self.diagnostics.clone()));
        }
        Ok(self.environments.clone())
    }

    /// What validation needs to know of the file. When nothing of it
    /// could be read, its own errors say why, and saying of every
    /// `{{env.KEY}}` that no environment defines it would only repeat them.
    pub(crate) fn known(&self) -> KnownEnvironments {
        let unreadable =
            self.environments.list.is_empty() && self.diagnostics.iter().any(Diagnostic::is_error);
        if unreadable {
            return KnownEnvironments::Unreadable;
        }
        self.environments.known(&self.path)
    }
}

/// True for `*.yaml` and `*.yml`.
pub(crate) fn is_action_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The action id of a file: its stem.
pub(crate) fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Workspace {
    /// Finds an action by id (`lookup-order`) or by path to a file.
    pub(crate) fn locate(&self, name: &str) -> Result<PathBuf, Error> {
        let as_path = Path::new(name);
        if name.contains(std::path::MAIN_SEPARATOR) || name.contains('/') || is_action_file(as_path)
        {
            return match std::fs::metadata(as_path) {
                Ok(meta) if meta.is_file() => Ok(as_path.to_path_buf()),
                Ok(_) => Err(read_error(as_path, &ReadError::NotRegular)),
                Err(_) => Err(Error::Read {
                    path: name.to_string(),
                    message: "no such file".into(),
                }),
            };
        }
        for ext in ["yaml", "yml"] {
            let candidate = self.dir.join(format!("{name}.{ext}"));
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
        let ids: Vec<String> = self
            .action_files()
            .unwrap_or_default()
            .iter()
            .map(|p| id_of(p))
            .collect();
        Err(Error::UnknownAction {
            name: name.to_string(),
            dir: self.dir.display().to_string(),
            hint: did_you_mean(name, ids.iter().map(String::as_str)),
        })
    }

    /// What `name` refers to: an id in the actions folder, else in the
    /// flows folder, or a path. The file is read and checked once, and its
    /// contents say whether it is an action or a flow.
    pub(crate) fn target(&self, name: &str, validator: &Validator) -> Result<Target, Error> {
        let path = match self.locate(name) {
            Ok(path) => path,
            Err(error) => self.locate_flow(name).ok_or(error)?,
        };
        let report = check_file(&path, validator);
        match report.contents {
            Contents::Action(action) => Ok(Target::Action(action)),
            Contents::Flow(_) | Contents::InvalidFlow => Ok(Target::Flow {
                id: id_of(&path),
                checked: Box::new(self.checked_flow(report, validator)),
            }),
            Contents::ActionSetAside | Contents::Invalid | Contents::Conversation => {
                Err(Error::InvalidAction(report.diagnostics))
            }
        }
    }

    /// The id of the flow `name` refers to, when it refers to one (as
    /// [`Workspace::target`] would find it), told from the file alone:
    /// for reporting a `test` that stopped before its target was checked.
    pub(crate) fn flow_id(&self, name: &str) -> Option<String> {
        let path = self.locate(name).ok().or_else(|| self.locate_flow(name))?;
        let validator = Validator::new().with_environments(KnownEnvironments::Unreadable);
        let report = check_file(&path, &validator);
        matches!(report.contents, Contents::Flow(_) | Contents::InvalidFlow).then(|| id_of(&path))
    }

    /// The flow of `report`, checked against the actions it names.
    fn checked_flow(
        &self,
        report: FileReport,
        validator: &Validator,
    ) -> Result<(Flow, HashMap<String, Action>), Error> {
        let CheckedFiles { reports, actions } = self.check_flows(vec![report], validator)?;
        match reports.into_iter().next() {
            Some(FileReport {
                contents: Contents::Flow(flow),
                ..
            }) => Ok((flow, actions)),
            Some(report) => Err(Error::InvalidAction(report.diagnostics)),
            None => Err(Error::InvalidAction(Vec::new())),
        }
    }

    /// The flows folder: `flows` beside the actions folder.
    pub(crate) fn flows_dir(&self) -> PathBuf {
        self.beside_actions("flows")
    }

    /// The conversations folder: `conversations` beside the actions folder.
    pub(crate) fn conversations_dir(&self) -> PathBuf {
        self.beside_actions("conversations")
    }

    /// The conversation file `name` names: a path to a file in a folder
    /// called `conversations`, or an id in the conversations folder that
    /// no action or flow has (an action or flow of that id wins).
    pub(crate) fn locate_conversation(&self, name: &str) -> Option<PathBuf> {
        let path = Path::new(name);
        if path.is_file() {
            return is_conversation_file(path).then(|| path.to_path_buf());
        }
        if self.locate(name).is_ok() || self.locate_flow(name).is_some() {
            return None;
        }
        ["yaml", "yml"]
            .iter()
            .map(|ext| self.conversations_dir().join(format!("{name}.{ext}")))
            .find(|p| p.is_file())
    }

    /// `name` in the folder that holds the actions folder.
    fn beside_actions(&self, name: &str) -> PathBuf {
        self.holder().join(name)
    }

    /// The folder that holds the actions folder, worked out from its path
    /// alone: the path without its last name, but `..` added where the
    /// path ends in `.` or `..` (`--dir ..` is held by `../..`, not by
    /// the current folder); the root holds itself.
    fn holder(&self) -> PathBuf {
        use std::path::Component;
        match self.dir.components().next_back() {
            Some(Component::Normal(_)) => self
                .dir
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            Some(Component::ParentDir) => self.dir.join(".."),
            Some(Component::RootDir | Component::Prefix(_)) => self.dir.clone(),
            Some(Component::CurDir) | None => PathBuf::from(".."),
        }
    }

    /// The environments file: `--env-file`, else `environments.yaml`
    /// beside the actions folder.
    pub(crate) fn environments_path(&self) -> PathBuf {
        self.env_file
            .clone()
            .unwrap_or_else(|| self.beside_actions(crate::core::environment::FILE_NAME))
    }

    /// Reads and checks the environments file; `None` when there is none
    /// beside the actions folder. A file named by `--env-file` must be a
    /// file (exit 4 otherwise); one too large to read is a diagnostic, as
    /// an action file's would be.
    pub(crate) fn environments(&self) -> Result<Option<EnvironmentsFile>, Error> {
        let path = self.environments_path();
        if self.env_file.is_none() && std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        let display = path.display().to_string();
        let (environments, diagnostics) = match read_user_file(&path, MAX_FILE_BYTES) {
            Ok(bytes) => Environments::parse(&display, &bytes),
            Err(e @ (ReadError::Io(_) | ReadError::NotRegular)) if self.env_file.is_some() => {
                return Err(Error::Read {
                    path: format!("the environments file {display}"),
                    message: e.to_string(),
                });
            }
            Err(e) => {
                let problem = Diagnostic::error(
                    &display,
                    crate::core::diagnostic::Location::START,
                    format!("cannot read file: {e}"),
                );
                (Environments::default(), vec![problem])
            }
        };
        Ok(Some(EnvironmentsFile {
            path: display,
            environments,
            diagnostics,
        }))
    }

    /// What validation knows of the environments: `file`'s keys, or
    /// where the file was looked for when there is none.
    pub(crate) fn known_environments(&self, file: Option<&EnvironmentsFile>) -> KnownEnvironments {
        match file {
            Some(file) => file.known(),
            None => KnownEnvironments::NoFile {
                looked_for: self.environments_path().display().to_string(),
            },
        }
    }

    /// True when `file` is the environments file (which a walk of the
    /// actions folder may come across when it holds it).
    /// Only a file of the same name is looked at further, so walking
    /// thousands of action files costs no extra system call.
    pub(crate) fn is_environments_file(&self, file: &Path) -> bool {
        let path = self.environments_path();
        if file.file_name() != path.file_name() {
            return false;
        }
        file == path
            || std::fs::canonicalize(file)
                .ok()
                .is_some_and(|f| std::fs::canonicalize(&path).ok() == Some(f))
    }

    /// Finds a flow by id in the flows folder.
    pub(crate) fn locate_flow(&self, name: &str) -> Option<PathBuf> {
        ["yaml", "yml"]
            .iter()
            .map(|ext| self.flows_dir().join(format!("{name}.{ext}")))
            .find(|p| p.is_file())
    }

    /// Checks the flows among `reports` against the actions they name
    /// (those in `reports` first, then the actions folder's): a flow with
    /// errors becomes invalid. Returns the reports with the actions, by
    /// id, that the flows run. Action files already loaded in `reports`
    /// are not read again; those whose action was set aside
    /// ([`FileReport::without_action`]) are.
    pub(crate) fn check_flows(
        &self,
        mut reports: Vec<FileReport>,
        validator: &Validator,
    ) -> Result<CheckedFiles, Error> {
        if !reports.iter().any(|r| r.flow().is_some()) {
            return Ok(CheckedFiles {
                reports,
                actions: HashMap::new(),
            });
        }
        let mut actions = self.actions_beside(&reports, validator)?;
        for report in &reports {
            if let Some(action) = report.action() {
                actions.insert(action.id.clone(), action.clone());
            }
        }
        for report in &mut reports {
            if let Some(flow) = report.flow() {
                let found = crate::core::flow::check_flow(
                    &report.path,
                    flow,
                    &actions,
                    validator.environments(),
                );
                if found
                    .iter()
                    .any(crate::core::diagnostic::Diagnostic::is_error)
                {
                    report.contents = Contents::InvalidFlow;
                }
                report.diagnostics.extend(found);
                report.diagnostics.sort_by_key(|d| d.location);
            }
        }
        Ok(CheckedFiles { reports, actions })
    }

    /// The valid actions of the actions folder (and of set-aside reports)
    /// that `reports` does not hold parsed, read and checked in parallel.
    fn actions_beside(
        &self,
        reports: &[FileReport],
        validator: &Validator,
    ) -> Result<HashMap<String, Action>, Error> {
        let loaded: HashSet<PathBuf> = reports
            .iter()
            .filter(|r| r.action().is_some())
            .map(|r| PathBuf::from(&r.path))
            .collect();
        let set_aside = reports
            .iter()
            .filter(|r| matches!(r.contents, Contents::ActionSetAside))
            .map(|r| PathBuf::from(&r.path));
        let mut seen = HashSet::new();
        let unloaded: Vec<PathBuf> = self
            .action_files()?
            .into_iter()
            .chain(set_aside)
            .filter(|f| !loaded.contains(f) && seen.insert(f.clone()))
            .collect();
        Ok(check_files(&unloaded, validator, default_jobs())
            .into_iter()
            .filter_map(FileReport::into_action)
            .map(|a| (a.id.clone(), a))
            .collect())
    }

    /// Every action file directly in or below the actions folder (but
    /// not the environments file, should the folder hold it).
    pub(crate) fn action_files(&self) -> Result<Vec<PathBuf>, Error> {
        let mut files = collect_files(std::slice::from_ref(&self.dir))?;
        files.retain(|f| !self.is_environments_file(f));
        Ok(files)
    }

    /// Loads and checks one action; an invalid file is an error carrying
    /// its diagnostics. Returns the warnings alongside the action.
    pub(crate) fn load(
        &self,
        name: &str,
        validator: &Validator,
    ) -> Result<(Action, FileReport), Error> {
        let path = self.locate(name)?;
        let report = check_file(&path, validator);
        match report.action() {
            Some(action) => Ok((action.clone(), report)),
            None => Err(Error::InvalidAction(report.diagnostics)),
        }
    }
}

/// True when `path` is a conversation file: in a folder called
/// `conversations`, or anywhere with a top-level `turns:` key (what
/// `chat`'s `/save` writes; no action or flow has that key). What
/// `validate` and `test` read as a conversation.
pub(crate) fn is_conversation_file(path: &Path) -> bool {
    in_conversations_folder(path) || has_top_level_turns(path)
}

/// True when `path` is in a folder called `conversations`.
pub(crate) fn in_conversations_folder(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|name| name == "conversations")
}

/// A line `turns:` at the start of a line of a readable YAML file.
pub(crate) fn has_top_level_turns(path: &Path) -> bool {
    read_user_file(path, crate::core::yaml::MAX_FILE_BYTES).is_ok_and(|bytes| {
        bytes
            .split(|&b| b == b'\n')
            .any(|line| line.starts_with(b"turns:"))
    })
}

/// Action files named by `paths`: files as given, folders walked
/// (hidden entries skipped), sorted for stable output.
pub(crate) fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| read_error(path, &e))?;
        if meta.is_dir() {
            walk(path, &mut files)?;
        } else if meta.is_file() {
            files.push(path.clone());
        } else {
            return Err(read_error(path, &ReadError::NotRegular));
        }
    }
    if !files.is_sorted() {
        files.sort();
    }
    files.dedup();
    Ok(files)
}

/// Appends the action files below `dir` in path order: each folder's
/// entries are visited sorted by name, which is the order `Path` sorts in.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut entries = std::fs::read_dir(dir)
        .and_then(|entries| entries.collect::<Result<Vec<_>, _>>())
        .map_err(|e| read_error(dir, &e))?;
    entries.sort_by_cached_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| read_error(&path, &e))?;
        if file_type.is_dir() {
            walk(&path, files)?;
        } else if is_action_file(&path) && (file_type.is_file() || path.is_file()) {
            files.push(path);
        }
    }
    Ok(())
}

fn read_error(path: &Path, e: &dyn std::fmt::Display) -> Error {
    Error::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Why a file the user named could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReadError {
    /// A folder, device, FIFO or socket: reading one could block or never end.
    #[error("not a regular file (a folder, device, FIFO or socket); give the path of a file")]
    NotRegular,
    /// More than the limit; found while reading, so a growing file or an
    /// endless stream stops there too.
    #[error("larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The operating system's error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Reads a file the user named (action, flow, context): a regular file
/// only, and at most `limit` bytes. Every user file is read through here.
pub(crate) fn read_user_file(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    read_capped(file, limit)
}

/// Reads at most `limit` bytes from `reader`; more is an error, found
/// without reading further.
pub(crate) fn read_capped(reader: impl std::io::Read, limit: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    std::io::Read::read_to_end(&mut reader.take(cap), &mut bytes)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Reads and validates one file; a read failure is a diagnostic.
pub(crate) fn check_file(path: &Path, validator: &Validator) -> FileReport {
    let display = path.display().to_string();
    match read_user_file(path, MAX_FILE_BYTES) {
        Ok(bytes) => validator
            .check(&id_of(path), &display, &bytes)
            .load_schema_file(|file| read_schema_file(path, file)),
        Err(e) => FileReport::unreadable(
            &display,
            crate::core::diagnostic::Diagnostic::error(
                &display,
                crate::core::diagnostic::Location::START,
                format!("cannot read file: {e}"),
            ),
        ),
    }
}

/// Largest JSON Schema file an action's `expect.schema` may name.
const MAX_SCHEMA_FILE_BYTES: usize = 1 << 20;

/// Reads the `expect.schema` file `file` of the action at `action`:
/// relative to the action's folder, a regular file, bounded.
fn read_schema_file(action: &Path, file: &str) -> Result<Vec<u8>, String> {
    let path = action.parent().unwrap_or(Path::new(".")).join(file);
    read_user_file(&path, MAX_SCHEMA_FILE_BYTES).map_err(|e| e.to_string())
}

/// Validates `files` on `jobs` threads; reports come back in input order.
pub(crate) fn check_files(
    files: &[PathBuf],
    validator: &Validator,
    jobs: usize,
) -> Vec<FileReport> {
    check_files_with(files, validator, jobs, |report| report)
}

/// Validates `files` on `jobs` threads and passes each report through
/// `finish` on the thread that made it; results come back in input order.
/// Threads take the next unchecked file from a shared counter, so a thread
/// slowed by other work on the machine does not hold up the rest. A panic
/// on a thread (a bug) is passed on rather than losing that thread's files.
pub(crate) fn check_files_with<T: Send>(
    files: &[PathBuf],
    validator: &Validator,
    jobs: usize,
    finish: impl Fn(FileReport) -> T + Sync,
) -> Vec<T> {
    let check = |file: &PathBuf| finish(check_file(file, validator));
    let jobs = jobs.clamp(1, files.len().max(1));
    if jobs == 1 {
        return files.iter().map(check).collect();
    }
    let next = AtomicUsize::new(0);
    let take_and_check = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = files.get(i) else {
                return done;
            };
            done.push((i, check(file)));
        }
    };
    let mut indexed: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs).map(|_| scope.spawn(take_and_check)).collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    indexed.sort_unstable_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

/// A sensible default for parallel work: the number of cores.
pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Location;

    #[test]
    fn reads_stop_at_the_limit_even_on_endless_input() {
        let err = read_capped(std::io::repeat(0), 1024).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { limit: 1024 }),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "larger than the limit of 1024 bytes");
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), b"abc");
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_user_file(dir.path(), 1024).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular), "{err:?}");
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, "a: 1\n").unwrap();
        assert_eq!(read_user_file(&file, 1024).unwrap(), b"a: 1\n");
        assert!(matches!(
            read_user_file(&file, 2),
            Err(ReadError::TooLarge { limit: 2 })
        ));
    }

    #[test]
    fn the_environments_file_is_beside_the_actions_folder_or_named() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace {
            dir: dir.path().join("acts"),
            env_file: None,
        };
        assert_eq!(ws.environments_path(), dir.path().join("environments.yaml"));
        assert!(ws.environments().unwrap().is_none());
        assert!(matches!(
            ws.known_environments(None),
            KnownEnvironments::NoFile { looked_for } if looked_for.ends_with("environments.yaml")
        ));
        let file = dir.path().join("environments.yaml");
        std::fs::write(&file, "- not a mapping\n").unwrap();
        let read = ws.environments().unwrap().unwrap();
        assert_eq!(read.known(), KnownEnvironments::Unreadable);
        assert!(matches!(read.checked(), Err(Error::InvalidEnvironments(d)) if d.len() == 1));
        std::fs::write(&file, "a:\n  values: {k: [1], j: 2}\n").unwrap();
        let partial = ws.environments().unwrap().unwrap();
        let known = partial.known();
        for key in ["k", "j"] {
            assert_eq!(
                known.checker().check("a.yaml", key, Location::START),
                None,
                "{key}"
            );
        }
        let named = Workspace {
            env_file: Some(dir.path().join("missing.yaml")),
            ..ws
        };
        let missing = named.environments().err().unwrap().to_string();
        assert!(
            missing.starts_with("cannot read the environments file /")
                && missing.contains("missing.yaml: "),
            "{missing}"
        );
    }

    #[test]
    fn the_folder_holding_the_actions_folder_is_found_from_any_spelling() {
        let beside = |dir: &str| {
            Workspace {
                dir: PathBuf::from(dir),
                env_file: None,
            }
            .environments_path()
        };
        for (dir, expected) in [
            ("actions", "./environments.yaml"),
            ("actions/", "./environments.yaml"),
            ("./actions", "./environments.yaml"),
            ("x/acts", "x/environments.yaml"),
            ("x/acts/", "x/environments.yaml"),
            ("x/acts/.", "x/environments.yaml"),
            (".", "../environments.yaml"),
            ("./", "../environments.yaml"),
            ("..", "../../environments.yaml"),
            ("../", "../../environments.yaml"),
            ("x/..", "x/../../environments.yaml"),
            ("/", "/environments.yaml"),
            ("/srv/acts", "/srv/environments.yaml"),
        ] {
            assert_eq!(beside(dir), PathBuf::from(expected), "--dir {dir}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let err = read_user_file(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular), "{err:?}");
    }
}
