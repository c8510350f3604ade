//! Conversations with a model: the loop (the user's words → the model →
//! each tool call checked and run by the engine as `test` runs it → the
//! results back → the model again, until it answers in text), and
//! `test CONVERSATION`, which judges each turn against its `expect`.
//! `chat` runs the same loop on a terminal.
//!
//! The tools are the MCP server's catalog (`commands/mcp/catalog.rs`)
//! in the API's own format, and each call goes through the same
//! `run_tool` as an MCP `tools/call`: one code path for "the actions as
//! tools".

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::core::conversation::{
    Conversation, Instructions, MadeCall, ToolFacts, Turn, check_conversation, judge_turn,
    parse_conversation,
};
use crate::core::llm::{Api, History, ModelReply, ToolCall, ToolResult, request_body};
use crate::error::Error;
use crate::io::llm::ModelEndpoint;
use crate::io::secrets::Redactor;
use crate::io::workspace::{Workspace, read_user_file};
use crate::render::output;

use super::mcp::call::{Launch, one_line, run_tool};
use super::mcp::catalog::{Catalog, Target};
use super::run::{TestFormat, TestOptions, Trace};
use super::{Io, Settings};

/// The secret holding the model's key unless `--llm-secret` names another.
pub(crate) const DEFAULT_KEY_SECRET: &str = "llm";

/// How a tool result is shown in the trace at most (characters).
const SHOWN_RESULT_CHARS: usize = 300;

/// `--llm`, `--model`, `--llm-api`, `--llm-secret`, `--llm-timeout`.
#[derive(Debug, Clone)]
pub(crate) struct ModelOptions {
    /// The base URL; `None`: no model configured.
    pub url: Option<String>,
    /// The model name.
    pub model: Option<String>,
    /// The protocol.
    pub api: Api,
    /// The secret holding the key.
    pub secret: String,
    /// The deadline of one model call.
    pub timeout: Duration,
}

impl ModelOptions {
    /// The endpoint, with the key looked up as any secret is (keychain,
    /// then `ACTIONCTL_SECRET_<NAME>`); no key when none is stored.
    pub(super) fn endpoint(&self, settings: &Settings) -> Result<ModelEndpoint, Error> {
        let Some(url) = &self.url else {
            return Err(Error::Input(
                "no model configured: give --llm URL and --model NAME (or set ACTIONCTL_LLM_URL and ACTIONCTL_LLM_MODEL); see docs/agent-testing.md".into(),
            ));
        };
        // The URL is not echoed: it could carry a credential.
        let parsed = url::Url::parse(url).map_err(|e| {
            Error::Usage(format!(
                "--llm: not a URL such as https://api.openai.com/v1 ({e})"
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Usage("--llm: use an http:// or https:// URL".into()));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::Usage(
                "--llm: the URL carries credentials; store the key with `actionctl secret set llm` instead".into(),
            ));
        }
        let Some(model) = self.model.clone().filter(|m| !m.is_empty()) else {
            return Err(Error::Usage(
                "--llm needs --model NAME (or ACTIONCTL_LLM_MODEL), e.g. gpt-4o-mini, llama3.1 or claude-sonnet-4-5".into(),
            ));
        };
        let (found, _) = settings.secret_sources().lookup(&self.secret);
        Ok(ModelEndpoint {
            api: self.api,
            url: url.clone(),
            model,
            key: found.map(|(value, _)| value),
            timeout: self.timeout,
        })
    }
}

/// One tool call of a turn and what came of it (masked).
#[derive(Debug, Clone)]
pub(super) struct CallRecord {
    /// The tool name the model used.
    pub tool: String,
    /// The action or flow id it ran (the tool name when none).
    pub action: String,
    /// The arguments as the model sent them.
    pub arguments: Value,
    /// What the model was handed.
    pub result: String,
    /// The call failed (the action's own failure, or a bad call).
    pub failed: bool,
    /// The tool is one of the agent's (a call of another is a mistake
    /// of the model, and no expectation can name it).
    pub known: bool,
}

/// One turn: what was said, what was called, and what went wrong with
/// the calls themselves (unknown tool, bad arguments, too many calls).
#[derive(Debug, Clone, Default)]
pub(super) struct TurnRecord {
    pub user: String,
    /// The model's last text of the turn.
    pub reply: String,
    pub calls: Vec<CallRecord>,
    pub problems: Vec<String>,
}

/// A model with tools, and the conversation so far.
pub(super) struct Agent {
    pub catalog: Arc<Catalog>,
    launch: Arc<Launch>,
    endpoint: ModelEndpoint,
    instructions: Option<String>,
    pub history: History,
    max_tool_calls: usize,
    /// Show the conversation on stderr (off for `--format json`).
    trace: bool,
    /// Set by Ctrl-C in `chat`: the turn under way stops.
    pub interrupt: Option<Arc<AtomicBool>>,
}

impl Agent {
    pub(super) fn new(
        catalog: Catalog,
        launch: Launch,
        endpoint: ModelEndpoint,
        instructions: Option<String>,
        max_tool_calls: usize,
        trace: bool,
    ) -> Self {
        let history = History::new(endpoint.api);
        Self {
            catalog: Arc::new(catalog),
            launch: Arc::new(launch),
            endpoint,
            instructions,
            history,
            max_tool_calls,
            trace,
            interrupt: None,
        }
    }

    /// True once Ctrl-C was pressed (and forgets it).
    fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|flag| flag.swap(false, Ordering::SeqCst))
    }

    /// Says `text` on stderr when tracing.
    fn say(&self, io: &mut Io, text: &str) {
        if self.trace {
            io.trace(&format!("{text}\n"));
        }
    }

    /// One turn: `user`'s words, then the model and its tool calls until
    /// it answers in text, or more than `max_tool_calls` calls. The
    /// model's words go to stdout when `speak`. A failed model call
    /// drops the turn from the history.
    pub(super) fn turn(
        &mut self,
        io: &mut Io,
        n: usize,
        user: &str,
        speak: bool,
    ) -> Result<TurnRecord, Error> {
        let start = self.history.messages().len();
        let result = self.run_turn(io, n, user, speak);
        if result.is_err() {
            self.history.truncate(start);
        }
        result
    }

    fn run_turn(
        &mut self,
        io: &mut Io,
        n: usize,
        user: &str,
        speak: bool,
    ) -> Result<TurnRecord, Error> {
        let mut record = TurnRecord {
            user: user.to_string(),
            ..TurnRecord::default()
        };
        self.say(io, &format!("── turn {n}\nuser: {user}"));
        self.history.user(user);
        loop {
            if self.interrupted() {
                return Err(Error::Interrupted);
            }
            let reply = self.ask(io)?;
            self.history.assistant(&reply);
            if !reply.text.is_empty() {
                record.reply = reply.text.clone();
                if speak && io.terminals().stdout {
                    // A model's escape sequences never reach the terminal.
                    io.data(&crate::render::term::visible(&reply.text));
                } else if speak {
                    io.data(&reply.text);
                } else {
                    self.say(io, &format!("agent: {}", reply.text));
                }
            }
            if reply.calls.is_empty() {
                return Ok(record);
            }
            let mut results = Vec::new();
            let mut stop = false;
            for call in &reply.calls {
                if record.calls.len() >= self.max_tool_calls {
                    if !stop {
                        record.problems.push(format!(
                            "turn {n}: the model made more than max_tool_calls ({}) tool calls; the turn was stopped",
                            self.max_tool_calls
                        ));
                    }
                    stop = true;
                    self.say(
                        io,
                        &format!(
                            "→ {} not run: more than {} tool calls in one turn",
                            call.name, self.max_tool_calls
                        ),
                    );
                    results.push(ToolResult {
                        call_id: call.id.clone(),
                        content: format!(
                            "not run: more than {} tool calls in one turn",
                            self.max_tool_calls
                        ),
                        is_error: true,
                    });
                    continue;
                }
                let (result, made) = self.call(io, n, call, &mut record.problems)?;
                results.push(result);
                record.calls.push(made);
            }
            self.history.tool_results(&results);
            if stop {
                return Ok(record);
            }
        }
    }

    /// One call of the model, its errors masked.
    fn ask(&self, io: &mut Io) -> Result<ModelReply, Error> {
        let body = request_body(
            &self.endpoint.model,
            self.instructions.as_deref(),
            &self.history,
            &self.catalog.tools,
        );
        io.start_progress("waiting for the model");
        let reply = self.call_model(body);
        io.stop_progress();
        reply.map_err(|e| match e {
            Error::Model(message) => Error::Model(io.redact(&message)),
            other => other,
        })
    }

    /// The model's answer to `body`. With an interrupt flag the call runs
    /// on its own thread, so Ctrl-C ends the wait at once (the answer,
    /// when it comes, is dropped).
    fn call_model(&self, body: Value) -> Result<ModelReply, Error> {
        let Some(flag) = &self.interrupt else {
            return self.endpoint.call(&body);
        };
        let endpoint = self.endpoint.clone();
        let (send, answer) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(endpoint.call(&body));
        });
        loop {
            match answer.recv_timeout(Duration::from_millis(50)) {
                Ok(reply) => return reply,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Error::Model("call ended without an answer".into()));
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if flag.swap(false, Ordering::SeqCst) {
                        return Err(Error::Interrupted);
                    }
                }
            }
        }
    }

    /// Runs one tool call, its trace on stderr: the result handed back
    /// and the record of it. Calls of unknown tools and arguments that
    /// fail the variable checks are also problems of the turn. The only
    /// error is [`Error::Interrupted`] (Ctrl-C in `chat`).
    fn call(
        &self,
        io: &mut Io,
        n: usize,
        call: &ToolCall,
        problems: &mut Vec<String>,
    ) -> Result<(ToolResult, CallRecord), Error> {
        let target = self.catalog.targets.get(&call.name);
        let action = target.map_or_else(|| call.name.clone(), |t| t.id().to_string());
        let shown_args = call
            .arguments_text
            .clone()
            .unwrap_or_else(|| call.arguments.to_string());
        self.say(io, &format!("→ {} {}", action, shown_args));
        let outcome = match (target, call.object()) {
            (None, _) => {
                problems.push(format!(
                    "turn {n}: the model called `{}`, which is not one of its tools",
                    call.name
                ));
                Err(Error::Input(format!(
                    "unknown tool `{}`; the tools are: {}",
                    call.name,
                    self.tool_names().join(", ")
                )))
            }
            (Some(_), Err(why)) => {
                problems.push(format!("turn {n}: call of {action}: {why}"));
                Err(Error::Input(why))
            }
            (Some(_), Ok(arguments)) => {
                let format = if self.trace {
                    TestFormat::Text
                } else {
                    TestFormat::Json
                };
                let ran = match &self.interrupt {
                    None => run_tool(
                        &self.catalog,
                        &self.launch,
                        &call.name,
                        arguments,
                        &mut Trace::new(io, format),
                    ),
                    Some(flag) => {
                        self.run_interruptible(io, flag, &call.name, arguments, format)?
                    }
                };
                if let Err(e @ (Error::Argument(_) | Error::Build(_))) = &ran {
                    problems.push(format!(
                        "turn {n}: call of {action}: the arguments fail the variable checks: {}",
                        one_line(&io.redact(&e.to_string()))
                    ));
                }
                ran
            }
        };
        let (content, failed) = match outcome {
            Ok(shaped) => (shaped.map(|s| s.text).unwrap_or_default(), false),
            Err(error) => (one_line(&error.to_string()), true),
        };
        let content =
            String::from_utf8_lossy(&io.redactor().redact_data(content.as_bytes())).into_owned();
        let compact = serde_json::from_str::<Value>(&content).map(|v| v.to_string());
        let one = compact.unwrap_or_else(|_| one_line(&content));
        let (shown, _) = crate::core::shape::cut_chars(&one, SHOWN_RESULT_CHARS);
        self.say(
            io,
            &format!("← {}{shown}", if failed { "failed: " } else { "" }),
        );
        Ok((
            ToolResult {
                call_id: call.id.clone(),
                content: content.clone(),
                is_error: failed,
            },
            CallRecord {
                tool: call.name.clone(),
                action,
                arguments: call.arguments.clone(),
                result: content,
                failed,
                known: target.is_some(),
            },
        ))
    }

    /// Runs a tool on its own thread, so Ctrl-C (`flag`) ends the wait
    /// at once, as it does for the model: the turn is aborted and the
    /// call's result, when it comes, is dropped. The request already
    /// sent is not taken back (the API may still act on it); the
    /// thread ends at the action's own timeout. Its trace is written to
    /// a buffer and shown when the call ends, and the secrets it
    /// resolved are masked here from then on.
    fn run_interruptible(
        &self,
        io: &mut Io,
        flag: &AtomicBool,
        name: &str,
        arguments: &serde_json::Map<String, Value>,
        format: TestFormat,
    ) -> Result<Result<Option<crate::core::shape::Shaped>, Error>, Error> {
        let (catalog, launch) = (Arc::clone(&self.catalog), Arc::clone(&self.launch));
        let (name, arguments) = (name.to_string(), arguments.clone());
        let (redactor, colors, verbose) = (io.redactor().clone(), io.colors, io.verbose);
        let (send, answer) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut buffered = Io::buffered(&mut out, &mut err, colors, false, verbose);
            buffered.protect(redactor);
            let ran = run_tool(
                &catalog,
                &launch,
                &name,
                &arguments,
                &mut Trace::new(&mut buffered, format),
            );
            let learned = buffered.redactor().clone();
            drop(buffered);
            let _ = send.send((ran, err, learned));
        });
        io.start_progress("waiting for the action");
        let outcome = loop {
            match answer.recv_timeout(Duration::from_millis(50)) {
                Ok(done) => break Ok(done),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    break Ok((
                        Err(Error::Input("the call ended without a result".into())),
                        Vec::new(),
                        Redactor::default(),
                    ));
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if flag.swap(false, Ordering::SeqCst) {
                        break Err(Error::Interrupted);
                    }
                }
            }
        };
        io.stop_progress();
        let (ran, trace, learned) = outcome?;
        io.protect(learned);
        if !trace.is_empty() {
            io.trace(&String::from_utf8_lossy(&trace));
        }
        Ok(ran)
    }

    /// The tools' names, as the model sees them.
    pub(super) fn tool_names(&self) -> Vec<String> {
        self.catalog
            .tools
            .iter()
            .filter_map(|t| {
                t.pointer("/function/name")
                    .or_else(|| t.pointer("/name"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect()
    }
}

/// What a conversation (or `chat`) runs with beside the model.
pub(crate) struct Setup<'a> {
    pub ws: &'a Workspace,
    pub settings: &'a Settings,
    /// `--env`.
    pub selected: Option<&'a str>,
    pub options: &'a TestOptions,
    /// `--context FILE`.
    pub context: Option<PathBuf>,
    pub model: &'a ModelOptions,
}

impl Setup<'_> {
    /// The catalog in the model API's tool format; invalid files are
    /// said on stderr (they are not offered).
    pub(super) fn catalog(&self, io: &mut Io) -> Result<Catalog, Error> {
        let (catalog, problems) = Catalog::load(
            self.ws,
            self.settings,
            self.selected,
            self.model.api.tool_format(),
        )?;
        for problem in problems {
            io.note(&problem);
        }
        Ok(catalog)
    }

    /// The endpoint, its key looked up with `settings` (the catalog's:
    /// `--env`'s profile applies to it as to the actions' secrets) and
    /// masked from now on.
    pub(super) fn endpoint(
        &self,
        io: &mut Io,
        settings: &Settings,
    ) -> Result<ModelEndpoint, Error> {
        let endpoint = self.model.endpoint(settings)?;
        io.protect(endpoint.redactor(&self.model.secret));
        Ok(endpoint)
    }
}

/// Masks, from now on, every stored secret the catalog's actions and
/// flows use. The engine learns an action's secrets only when it runs
/// it, but the user's words, the model's arguments and its replies may
/// carry one before that (and `/save` writes them to a file), so they
/// are looked up before the first turn. Secrets not stored are left
/// alone (nothing to mask); the engine's own redactor, merged when an
/// action runs, adds the forms derived from the request.
pub(super) fn protect_tool_secrets(io: &mut Io, catalog: &Catalog) {
    let mut names: Vec<&str> = Vec::new();
    for target in catalog.targets.values() {
        match target {
            Target::Action(action) => names.extend(action.secret_names()),
            Target::Flow(flow) => names.extend(
                flow.steps
                    .iter()
                    .filter_map(|step| catalog.actions.get(&step.action))
                    .flat_map(|action| action.secret_names()),
            ),
        }
    }
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return;
    }
    let sources = catalog.settings.secret_sources();
    let mut redactor = Redactor::default();
    for name in names {
        if let (Some((value, _)), _) = sources.lookup(name) {
            redactor.add(name, &value);
        }
    }
    io.protect(redactor);
}

/// A conversation file read and checked against the tools of `catalog`.
pub(super) fn load(
    path: &Path,
    catalog: &Catalog,
) -> Result<(Conversation, Option<String>), Error> {
    let bytes =
        read_user_file(path, crate::core::yaml::MAX_FILE_BYTES).map_err(|e| Error::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    let display = path.display().to_string();
    let id = crate::io::workspace::id_of(path);
    let (conversation, mut diags) = parse_conversation(&id, &display, &bytes);
    let known = known_ids(catalog);
    if let Some(c) = &conversation {
        diags.extend(check_conversation(&display, c, &known));
        diags.extend(crate::core::conversation::check_tool_use(
            &display,
            c,
            &tool_facts(catalog),
        ));
    }
    let conversation = match conversation {
        Some(c) if !diags.iter().any(|d| d.is_error()) => c,
        _ => return Err(Error::InvalidAction(diags)),
    };
    let instructions = match &conversation.instructions {
        None => None,
        Some(Instructions::Text(text)) => Some(text.clone()),
        Some(Instructions::File(file, at)) => Some(
            read_instructions_file(path, file, *at).map_err(|d| Error::InvalidAction(vec![d]))?,
        ),
    };
    Ok((conversation, instructions))
}

/// The folder an `instructions_file` must stay in: the one holding the
/// `conversations` folder of the file, or the file's own folder when it
/// is not in one.
fn project_folder(conversation: &Path) -> PathBuf {
    let dir = match conversation.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if crate::io::workspace::in_conversations_folder(conversation) {
        match dir.parent() {
            Some(up) if !up.as_os_str().is_empty() => up.to_path_buf(),
            _ => dir.join(".."),
        }
    } else {
        dir.to_path_buf()
    }
}

/// The `instructions_file` of the conversation at `path` (`file`, written
/// at `at`), read. It must be a regular file of at most 1 MiB inside the
/// project folder ([`project_folder`], links resolved): the file is sent
/// to the model endpoint, so a conversation from an untrusted branch
/// must not be able to send `~/.ssh/id_ed25519` or `/etc/passwd` there.
pub(super) fn read_instructions_file(
    path: &Path,
    file: &str,
    at: crate::core::diagnostic::Location,
) -> Result<String, crate::core::diagnostic::Diagnostic> {
    let display = path.display().to_string();
    let shown = crate::core::constraint::shown(file);
    let problem = |message: String| {
        crate::core::diagnostic::Diagnostic::error(
            &display,
            at,
            format!("instructions_file {shown}: {message}"),
        )
    };
    let project = project_folder(path);
    let target = path.parent().unwrap_or(Path::new(".")).join(file);
    let inside = match (project.canonicalize(), target.canonicalize()) {
        (Ok(project), Ok(target)) => target.starts_with(&project),
        (_, Err(e)) => return Err(problem(format!("cannot read it: {e}"))),
        (Err(e), _) => return Err(problem(format!("cannot read the project folder: {e}"))),
    };
    if !inside {
        return Err(problem(format!(
            "outside the project folder {}; keep instructions files inside it (they are sent to the model)",
            project.display()
        )));
    }
    let bytes = read_user_file(&target, crate::core::yaml::MAX_FILE_BYTES)
        .map_err(|e| problem(format!("cannot read it: {e}")))?;
    String::from_utf8(bytes).map_err(|_| problem("not UTF-8 text".into()))
}

/// What the conversation checks need of each action and flow served.
fn tool_facts(catalog: &Catalog) -> HashMap<String, ToolFacts> {
    catalog
        .targets
        .values()
        .map(|target| {
            let facts = match target {
                Target::Action(action) => action_facts(action),
                Target::Flow(flow) => ToolFacts {
                    arguments: flow.variables.iter().map(|v| v.name.clone()).collect(),
                    mocks: None,
                },
            };
            (target.id().to_string(), facts)
        })
        .collect()
}

/// An action's arguments and mock answer names.
pub(super) fn action_facts(action: &crate::core::model::Action) -> ToolFacts {
    ToolFacts {
        arguments: action.variables.iter().map(|v| v.name.clone()).collect(),
        mocks: Some(action.mock.iter().filter_map(|m| m.name.clone()).collect()),
    }
}

/// The action and flow ids the catalog serves.
pub(super) fn known_ids(catalog: &Catalog) -> HashSet<String> {
    catalog
        .targets
        .values()
        .map(|t| t.id().to_string())
        .collect()
}

/// What one judged turn came to.
pub(super) struct JudgedTurn {
    pub record: TurnRecord,
    pub failures: Vec<String>,
    /// How long the turn took, model and actions together.
    pub duration: Duration,
}

/// `test CONVERSATION`: runs every turn, judges it, reports; exit 1
/// when a turn failed.
pub(crate) fn test_conversation(io: &mut Io, setup: &Setup, path: &Path) -> Result<(), Error> {
    let outcome = run_conversation(io, setup, path);
    let json = setup.options.format == TestFormat::Json;
    match outcome {
        Ok((conversation, turns)) => {
            let failures: Vec<String> = turns.iter().flat_map(|t| t.failures.clone()).collect();
            let failure = (!failures.is_empty()).then(|| Error::Check(failures.join("\n")));
            if json {
                io.data(&output::pretty(&document(
                    &conversation.id,
                    &turns,
                    failure.as_ref(),
                )));
            } else {
                let passed = turns.iter().filter(|t| t.failures.is_empty()).count();
                io.note(&format!(
                    "conversation {}: {passed} of {} turns passed",
                    conversation.id,
                    turns.len()
                ));
            }
            failure.map_or(Ok(()), Err)
        }
        Err(error) if json => {
            let id = crate::io::workspace::id_of(path);
            io.data(&output::pretty(&document(&id, &[], Some(&error))));
            Err(error)
        }
        Err(error) => Err(error),
    }
}

/// Runs the conversation at `path`: each turn and its judgement.
pub(super) fn run_conversation(
    io: &mut Io,
    setup: &Setup,
    path: &Path,
) -> Result<(Conversation, Vec<JudgedTurn>), Error> {
    let mut catalog = setup.catalog(io)?;
    let (conversation, instructions) = load(path, &catalog)?;
    let endpoint = setup.endpoint(io, &catalog.settings)?;
    if let Some(ids) = &conversation.actions {
        let ids: Vec<String> = ids.iter().map(|(id, _)| id.clone()).collect();
        catalog.only(&ids)?;
    }
    protect_tool_secrets(io, &catalog);
    let mut options = setup.options.clone();
    if !options.mock
        && let Some(name) = &conversation.mock
    {
        options.mock = true;
        options.mock_answer = Some(name.clone()).filter(|n| !n.is_empty());
    }
    let launch = Launch {
        options,
        context: setup.context.clone(),
        inline_context: conversation
            .context
            .clone()
            .filter(|_| setup.context.is_none()),
    };
    let trace = setup.options.format == TestFormat::Text;
    if trace {
        io.trace(&format!(
            "conversation {}: {}\n",
            conversation.id, conversation.name
        ));
    }
    let mut agent = Agent::new(
        catalog,
        launch,
        endpoint,
        instructions,
        conversation.max_tool_calls,
        trace,
    );
    let mut turns = Vec::new();
    for (i, Turn { user, expect }) in conversation.turns.iter().enumerate() {
        let started = std::time::Instant::now();
        let record = agent.turn(io, i + 1, user, trace)?;
        let duration = started.elapsed();
        let made: Vec<MadeCall> = record
            .calls
            .iter()
            .map(|c| MadeCall {
                action: c.action.clone(),
                arguments: c.arguments.clone(),
            })
            .collect();
        let mut failures = record.problems.clone();
        failures.extend(judge_turn(i + 1, expect, &made, &record.reply));
        let failures: Vec<String> = failures.iter().map(|f| io.redact(f)).collect();
        if trace {
            for failure in &failures {
                io.trace(&format!("✗ {failure}\n"));
            }
        }
        turns.push(JudgedTurn {
            record,
            failures,
            duration,
        });
    }
    Ok((conversation, turns))
}

/// The `--format json` document of a conversation run.
fn document(id: &str, turns: &[JudgedTurn], failure: Option<&Error>) -> Value {
    let turns: Vec<Value> = turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({
                "turn": i + 1,
                "user": t.record.user,
                "reply": t.record.reply,
                "calls": t.record.calls.iter().map(|c| json!({
                    "action": c.action,
                    "tool": c.tool,
                    "arguments": c.arguments,
                    "result": c.result,
                    "failed": c.failed,
                })).collect::<Vec<_>>(),
                "passed": t.failures.is_empty(),
                "failures": t.failures,
            })
        })
        .collect();
    json!({
        "conversation": id,
        "passed": failure.is_none(),
        "failure": failure.map_or(Value::Null, Error::to_json),
        "turns": turns,
    })
}

/// One entry of `test --all` for a conversation: a JUnit case per turn.
pub(super) struct ConversationCase {
    pub case: crate::render::junit::Case,
    /// The conversation's id.
    pub id: String,
    /// `turn N`, or `None` when the conversation did not run.
    pub turn: Option<String>,
    /// Its trace, shown with `-v`.
    pub trace: Vec<u8>,
}

/// Every conversation in the conversations folder, run one after the
/// other (a model endpoint is rate-limited; actions are not), each turn
/// one case `ID / turn N`.
pub(super) fn conversation_cases(io: &Io, setup: &Setup) -> Result<Vec<ConversationCase>, Error> {
    let mut all = Vec::new();
    for path in conversation_files(setup.ws)? {
        let id = crate::io::workspace::id_of(&path);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut buffered = Io::buffered(&mut out, &mut err, io.colors, false, io.verbose);
        let ran = run_conversation(&mut buffered, setup, &path);
        let failure = ran.as_ref().err().map(|e| {
            let text = buffered.redact(&e.render(false));
            text.strip_prefix("error: ").unwrap_or(&text).to_string()
        });
        drop(buffered);
        let case = |name: String, duration, failure| crate::render::junit::Case {
            kind: "conversation",
            name,
            duration,
            failure,
            attempts: Vec::new(),
        };
        match ran {
            Ok((_, turns)) => {
                for (i, turn) in turns.iter().enumerate() {
                    let failure = (!turn.failures.is_empty()).then(|| turn.failures.join("\n"));
                    all.push(ConversationCase {
                        case: case(format!("{id} / turn {}", i + 1), turn.duration, failure),
                        id: id.clone(),
                        turn: Some(format!("turn {}", i + 1)),
                        trace: if i == 0 { err.clone() } else { Vec::new() },
                    });
                }
            }
            Err(_) => all.push(ConversationCase {
                case: case(id.clone(), Duration::ZERO, failure),
                id,
                turn: None,
                trace: err,
            }),
        }
    }
    Ok(all)
}

/// The conversation files of the workspace, in name order.
pub(super) fn conversation_files(ws: &Workspace) -> Result<Vec<PathBuf>, Error> {
    let dir = ws.conversations_dir();
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    crate::io::workspace::collect_files(&[dir])
}
