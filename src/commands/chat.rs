//! `chat`: a conversation with the model on the terminal, the actions as
//! its tools. The user's lines are read with line editing when stdin is
//! a terminal (plain lines otherwise, so a script can pipe them in); the
//! model's words go to stdout, every trace to stderr. `/tools`, `/reset`,
//! `/save FILE`; Ctrl-D ends, Ctrl-C aborts the turn under way.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;

use crate::core::conversation::{DEFAULT_MAX_TOOL_CALLS, parse_conversation};
use crate::error::Error;
use crate::io::files::{Existing, WriteError, write_atomically};
use crate::io::workspace::read_user_file;

use super::Io;
use super::conversation::{Agent, Setup, TurnRecord};
use super::mcp::call::Launch;

/// Options of `chat` beyond what a conversation shares.
pub(crate) struct ChatOptions {
    /// The actions and flows offered (default: all).
    pub actions: Vec<String>,
    /// `--instructions FILE`: the system prompt.
    pub instructions: Option<PathBuf>,
}

/// What one line typed at the prompt asks for.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    Say(String),
    Tools,
    Reset,
    Save(String),
    /// `/save` without one file name.
    SaveUsage,
    Help,
    Unknown(String),
    Nothing,
}

fn parse_line(line: &str) -> Line {
    let line = line.trim();
    if line.is_empty() {
        return Line::Nothing;
    }
    let Some(command) = line.strip_prefix('/') else {
        return Line::Say(line.to_string());
    };
    let (name, rest) = command.split_once(' ').unwrap_or((command, ""));
    match (name, rest.trim()) {
        ("tools", _) => Line::Tools,
        ("reset", _) => Line::Reset,
        ("save", file) if file.is_empty() || file.starts_with('-') => Line::SaveUsage,
        ("save", file) => Line::Save(file.to_string()),
        ("help" | "?", _) => Line::Help,
        _ => Line::Unknown(line.to_string()),
    }
}

const SAVE_USAGE: &str =
    "usage: /save FILE (a new file: /save never replaces one, and takes no options)";

const HELP: &str = "/tools        the tools the model has\n/reset        forget the conversation\n/save FILE    write it as a conversation file (expect filled from what happened)\nCtrl-C        abort the turn under way; Ctrl-D ends the chat";

/// Where lines come from.
enum Reader {
    Terminal(Box<rustyline::DefaultEditor>),
    Lines(std::io::Lines<std::io::StdinLock<'static>>),
}

/// A line, `None` at the end of input; Ctrl-C at the prompt gives an
/// empty line.
fn read_line(reader: &mut Reader) -> Result<Option<String>, Error> {
    match reader {
        Reader::Terminal(editor) => match editor.readline("you> ") {
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                Ok(Some(line))
            }
            Err(rustyline::error::ReadlineError::Interrupted) => Ok(Some(String::new())),
            Err(rustyline::error::ReadlineError::Eof) => Ok(None),
            Err(e) => Err(Error::Input(format!("cannot read the terminal: {e}"))),
        },
        Reader::Lines(lines) => match lines.next() {
            None => Ok(None),
            Some(Ok(line)) => Ok(Some(line)),
            Some(Err(e)) => Err(Error::Input(format!("cannot read stdin: {e}"))),
        },
    }
}

/// `chat`: talks until the end of input.
pub(crate) fn chat(io: &mut Io, setup: &Setup, options: &ChatOptions) -> Result<(), Error> {
    let mut catalog = setup.catalog(io)?;
    if !options.actions.is_empty() {
        catalog.only(&options.actions)?;
    }
    super::conversation::protect_tool_secrets(io, &catalog);
    let instructions = match &options.instructions {
        None => None,
        Some(path) => Some(read_text(path)?),
    };
    let endpoint = setup.endpoint(io, &catalog.settings)?;
    let launch = Launch {
        options: setup.options.clone(),
        context: setup.context.clone(),
        inline_context: None,
    };
    let (model, url) = (endpoint.model.clone(), endpoint.url.clone());
    let mut agent = Agent::new(
        catalog,
        launch,
        endpoint,
        instructions.clone(),
        DEFAULT_MAX_TOOL_CALLS,
        true,
    );
    let interrupt = Arc::new(AtomicBool::new(false));
    if io.terminals().stdin {
        // Ctrl-C while a turn runs sets the flag; at the prompt the editor
        // reads it as a key. Without a terminal Ctrl-C keeps ending the
        // process. Installing fails only when a handler exists.
        let flag = Arc::clone(&interrupt);
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
        agent.interrupt = Some(Arc::clone(&interrupt));
    }
    let mut reader = if io.terminals().stdin {
        let editor = rustyline::DefaultEditor::new()
            .map_err(|e| Error::Input(format!("cannot use the terminal: {e}")))?;
        Reader::Terminal(Box::new(editor))
    } else {
        Reader::Lines(std::io::stdin().lines())
    };
    io.note(&format!(
        "chat with {model} at {url}: {} tool{}; /help for commands, Ctrl-D ends",
        agent.tool_names().len(),
        if agent.tool_names().len() == 1 {
            ""
        } else {
            "s"
        }
    ));
    let mut turns: Vec<TurnRecord> = Vec::new();
    while let Some(line) = read_line(&mut reader)? {
        interrupt.store(false, Ordering::SeqCst);
        match parse_line(&line) {
            Line::Nothing => {}
            // stdout carries only the model's words.
            Line::Help => io.note(HELP),
            Line::Unknown(text) => io.note(&format!("unknown command {text}; /help lists them")),
            Line::Tools => {
                for tool in agent.catalog.tools.clone() {
                    io.note(&tool_line(&tool));
                }
            }
            Line::Reset => {
                agent.history.truncate(0);
                turns.clear();
                io.note("the conversation is forgotten; the model starts afresh");
            }
            Line::SaveUsage => io.note(SAVE_USAGE),
            Line::Save(file) => {
                // A file meant to be committed: secrets said or sent are masked.
                let text = io.redact(&saved_conversation(
                    &turns,
                    instructions.as_deref(),
                    options,
                    setup,
                ));
                match save(Path::new(&file), &text) {
                    Ok(()) => io.note(&format!(
                        "wrote {file}: run it with actionctl test {file} (same --dir, --llm and --model)"
                    )),
                    Err(error) => {
                        io.fail(&error);
                    }
                }
            }
            Line::Say(text) => match agent.turn(io, turns.len() + 1, &text, true) {
                Ok(record) => {
                    for problem in &record.problems {
                        io.note(&format!("! {problem}"));
                    }
                    turns.push(record);
                }
                Err(Error::Interrupted) => io.note("turn aborted; say something else"),
                Err(error) => {
                    io.fail(&error);
                }
            },
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, Error> {
    let bytes =
        read_user_file(path, crate::core::yaml::MAX_FILE_BYTES).map_err(|e| Error::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    String::from_utf8(bytes).map_err(|_| Error::Read {
        path: path.display().to_string(),
        message: "not UTF-8 text".into(),
    })
}

/// `NAME  description` of a tool in either API's format.
fn tool_line(tool: &Value) -> String {
    let def = tool.get("function").unwrap_or(tool);
    let name = def["name"].as_str().unwrap_or_default();
    let description = def["description"].as_str().unwrap_or_default();
    format!("{name:<24} {description}")
}

/// The turns so far as a conversation file: every scalar written as a
/// JSON string (JSON is YAML), each turn's calls as `expect.calls` with
/// the arguments sent (or `no_calls: true`). Calls of tools the model
/// does not have are left out: no expectation can name them.
fn saved_conversation(
    turns: &[TurnRecord],
    instructions: Option<&str>,
    options: &ChatOptions,
    setup: &Setup,
) -> String {
    let q = |text: &str| Value::String(text.to_string()).to_string();
    let mut out =
        String::from("# Written by actionctl chat /save: what the model did, as expectations.\n");
    out.push_str(&format!("name: {}\n", q("Saved chat")));
    if let Some(text) = instructions {
        out.push_str(&format!("instructions: {}\n", q(text)));
    }
    if !options.actions.is_empty() {
        let ids: Vec<String> = options.actions.iter().map(|a| q(a)).collect();
        out.push_str(&format!("actions: [{}]\n", ids.join(", ")));
    }
    if setup.options.mock {
        match &setup.options.mock_answer {
            Some(name) => out.push_str(&format!("mock: {}\n", q(name))),
            None => out.push_str("mock: true\n"),
        }
    }
    out.push_str("turns:\n");
    for turn in turns {
        out.push_str(&format!("  - user: {}\n", q(&turn.user)));
        let calls: Vec<String> = turn
            .calls
            .iter()
            .filter(|c| c.known)
            .map(|c| {
                let args = c.arguments.as_object().cloned().unwrap_or_default();
                format!(
                    "        - {{action: {}, args: {}}}\n",
                    q(&c.action),
                    Value::Object(args)
                )
            })
            .collect();
        if calls.is_empty() {
            out.push_str("    expect: {no_calls: true}\n");
        } else {
            out.push_str("    expect:\n      calls:\n");
            out.extend(calls);
        }
    }
    out
}

/// Writes a saved conversation, never over an existing file, after
/// checking that it reads back as one.
fn save(path: &Path, text: &str) -> Result<(), Error> {
    let (_, diagnostics) =
        parse_conversation("saved", &path.display().to_string(), text.as_bytes());
    if diagnostics.iter().any(|d| d.is_error()) {
        return Err(Error::InvalidAction(diagnostics));
    }
    write_atomically(path, text.as_bytes(), Existing::Keep).map_err(|e| {
        let shown = crate::core::constraint::shown(&path.display().to_string());
        Error::Input(match e {
            WriteError::Exists(_) => {
                format!("{shown} already exists; nothing written (/save never replaces a file: give a new name)")
            }
            WriteError::NotAFile(_) => format!(
                "{shown} is not a regular file (a folder, link or device); nothing written (give a new file name)"
            ),
            other => other.to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_words_or_commands() {
        assert_eq!(parse_line("  hello "), Line::Say("hello".into()));
        assert_eq!(parse_line("/tools"), Line::Tools);
        assert_eq!(parse_line("/reset"), Line::Reset);
        assert_eq!(parse_line("/save out.yaml"), Line::Save("out.yaml".into()));
        assert_eq!(parse_line("/save"), Line::SaveUsage);
        assert_eq!(parse_line("/save  "), Line::SaveUsage);
        assert_eq!(parse_line("/save --force r4.yaml"), Line::SaveUsage);
        assert_eq!(
            parse_line("/frobnicate"),
            Line::Unknown("/frobnicate".into())
        );
        assert_eq!(parse_line("   "), Line::Nothing);
    }

    #[test]
    fn a_saved_conversation_reads_back_whatever_was_said() {
        use super::super::conversation::CallRecord;
        let tricky =
            "a \"quoted\" word: #not-a-comment\nnew line, {braces} [list] \u{1b}[31m ünïcode";
        let turns = vec![
            TurnRecord {
                user: tricky.into(),
                reply: "ok".into(),
                calls: vec![
                    CallRecord {
                        tool: "verify-customer".into(),
                        action: "verify-customer".into(),
                        arguments: serde_json::json!({"customer_id": tricky, "n": 1.50}),
                        result: String::new(),
                        failed: false,
                        known: true,
                    },
                    CallRecord {
                        tool: "nope".into(),
                        action: "nope".into(),
                        arguments: serde_json::json!({}),
                        result: String::new(),
                        failed: true,
                        known: false,
                    },
                ],
                problems: Vec::new(),
            },
            TurnRecord {
                user: "- yes".into(),
                ..TurnRecord::default()
            },
        ];
        let options = ChatOptions {
            actions: vec!["verify-customer".into()],
            instructions: None,
        };
        let ws = crate::io::workspace::Workspace {
            dir: "actions".into(),
            env_file: None,
        };
        let settings = super::super::Settings::default();
        let test = super::super::run::TestOptions {
            format: super::super::run::TestFormat::Text,
            timeout: None,
            mock: true,
            mock_answer: Some("verified".into()),
            mock_picks: Default::default(),
            case: Default::default(),
            base_url: None,
            max_response_bytes: 1,
            max_redirects: 0,
        };
        let model = super::super::conversation::ModelOptions {
            url: None,
            model: None,
            api: Default::default(),
            secret: "llm".into(),
            timeout: std::time::Duration::from_secs(1),
        };
        let setup = Setup {
            ws: &ws,
            settings: &settings,
            selected: None,
            options: &test,
            context: None,
            model: &model,
        };
        let text = saved_conversation(&turns, Some(tricky), &options, &setup);
        let (read, diagnostics) = parse_conversation("saved", "saved.yaml", text.as_bytes());
        assert!(diagnostics.is_empty(), "{diagnostics:?}\n{text}");
        let read = read.unwrap();
        assert_eq!(read.turns[0].user, tricky);
        assert_eq!(read.mock.as_deref(), Some("verified"));
        let calls = read.turns[0].expect.calls.as_ref().unwrap();
        assert_eq!(calls.len(), 1, "the unknown tool's call is left out");
        let made = [crate::core::conversation::MadeCall {
            action: "verify-customer".into(),
            arguments: serde_json::json!({"customer_id": tricky, "n": 1.5}),
        }];
        assert!(
            crate::core::conversation::judge_turn(1, &read.turns[0].expect, &made, "").is_empty()
        );
        assert_eq!(read.turns[1].expect.calls.as_ref().map(Vec::len), Some(0));
    }

    #[test]
    fn tools_are_listed_in_either_format() {
        let openai =
            serde_json::json!({"type": "function", "function": {"name": "a", "description": "A."}});
        let anthropic = serde_json::json!({"name": "b", "description": "B.", "input_schema": {}});
        assert!(tool_line(&openai).starts_with("a "));
        assert!(tool_line(&anthropic).ends_with(" B."));
    }
}
