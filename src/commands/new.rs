//! `new`: author an action without opening an editor — an interactive
//! wizard on a terminal, or flags for scripts — and write it atomically.

use dialoguer::{Confirm, Input, Select, theme::SimpleTheme};

use crate::core::constraint::{CONSTRAINT_KEYS, Constraints, Pattern, applies};
use crate::core::convert::VarType;
use crate::core::diagnostic::Diagnostic;
use crate::core::draft::{ActionDraft, AuthDraft, VariableDraft, is_valid_id, url_variables};
use crate::core::model::{AuthKind, CONTEXT_NAMES, Method};
use crate::core::suggest::did_you_mean;
use crate::core::template::Template;
use crate::error::Error;
use crate::io::files::{Existing, WriteError, write_atomically};
use crate::io::secrets::is_valid_name;
use crate::io::workspace::Workspace;
use clap::builder::TypedValueParser;

use super::Io;

/// What `new` was given on the command line.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct NewOptions {
    /// Action id: the file becomes <DIR>/<ID>.yaml.
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Display name (1-64 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// When the agent should use it (10-200 characters).
    #[arg(long)]
    pub description: Option<String>,
    /// The HTTP method (any case).
    #[arg(long, ignore_case = true, value_parser = method_parser())]
    pub method: Option<Method>,
    /// URL; {{placeholders}} name variables.
    #[arg(long)]
    pub url: Option<String>,
    /// How the credential is sent.
    #[arg(long, value_name = "TYPE", value_parser = auth_kind_parser())]
    pub auth: Option<AuthKind>,
    /// Name of the stored secret (never its value).
    #[arg(long, value_name = "NAME")]
    pub secret: Option<String>,
    /// Username, for basic auth.
    #[arg(long)]
    pub username: Option<String>,
    /// For basic auth: the stored secret sent as the username, with an
    /// empty password (like curl -u KEY:); instead of --username and --secret.
    #[arg(long, value_name = "NAME")]
    pub username_secret: Option<String>,
    /// Header name, for header auth (e.g. X-API-Key).
    #[arg(long, value_name = "NAME")]
    pub auth_header: Option<String>,
    /// Text sent before the secret, for header auth (e.g. "Token ").
    #[arg(long, value_name = "TEXT")]
    pub prefix: Option<String>,
    /// Parameter name, for body auth (the body or form key) and query auth
    /// (the query parameter), e.g. api_key.
    #[arg(long, value_name = "NAME")]
    pub param: Option<String>,
    /// An extra header (repeatable).
    #[arg(long = "header", value_name = "NAME=VALUE", value_parser = super::parse_var)]
    pub headers: Vec<(String, String)>,
    /// A variable (repeatable): NAME:TYPE[:required][:KEY=VALUE]...[:DESCRIPTION]
    ///
    /// TYPE: string, integer, float, boolean, date, email, phone, or array<TYPE>.
    /// KEY=VALUE: enum=a,b,c  minimum=N  maximum=N  pattern=REGEX  min_length=N
    /// max_length=N (for an array: of each item), example=VALUE, default=VALUE
    /// (JSON array text for an array). Write `\:` for a `:` inside a value.
    /// The first other part starts the description, which may hold colons.
    /// Examples:
    ///   --variable 'priority:string:required:enum=low,normal,high:example=normal:How urgent'
    ///   --variable 'labels:array<string>:pattern=[a-z-]+:example=["bug"]:Labels to add'
    #[arg(long = "variable", value_name = "SPEC", verbatim_doc_comment)]
    pub variables: Vec<String>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    /// Write without asking for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `--method`: one of the format's methods, in any case.
fn method_parser() -> impl clap::builder::TypedValueParser<Value = Method> {
    let names = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ]
    .map(Method::as_str);
    clap::builder::PossibleValuesParser::new(names)
        .map(|name| Method::parse(&name).unwrap_or(Method::Get))
}

/// `--auth`: one of the format's auth types.
fn auth_kind_parser() -> impl clap::builder::TypedValueParser<Value = AuthKind> {
    clap::builder::PossibleValuesParser::new(AuthKind::ALL.map(AuthKind::name))
        .map(|name| AuthKind::parse(&name).unwrap_or(AuthKind::None))
}

/// `new`: collects the action (wizard or flags), checks it, writes it.
pub(crate) fn new_action(
    io: &mut Io,
    ws: &Workspace,
    settings: &super::Settings,
    options: &NewOptions,
) -> Result<(), Error> {
    let interactive = io.terminals().stdin && io.terminals().stderr;
    check_auth_flags(options)?;
    let draft = if interactive {
        wizard(ws, options)?
    } else {
        from_flags(options)?
    };
    let path = ws.dir.join(format!("{}.yaml", draft.id));
    let schema_comment = ws.dir.join("../schema/action.schema.json").exists();
    let yaml = if schema_comment {
        format!(
            "# yaml-language-server: $schema=../schema/action.schema.json\n{}",
            draft.to_yaml()
        )
    } else {
        draft.to_yaml()
    };
    let display = path.display().to_string();
    let report = settings
        .validator()
        .check(&draft.id, &display, yaml.as_bytes());
    if report.has_errors() {
        return Err(draft_problems(&yaml, &report.diagnostics, interactive));
    }
    for warning in &report.diagnostics {
        io.note(&warning.to_string());
    }
    if interactive {
        io.trace(&format!("\n{yaml}\n"));
    }
    let mut existing = if options.force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    if path.exists() && !options.force {
        let overwrite = interactive
            && Confirm::with_theme(&SimpleTheme)
                .with_prompt(format!("{display} exists. Overwrite it?"))
                .default(false)
                .interact()
                .map_err(prompt_error)?;
        if !overwrite {
            return Err(WriteError::Exists(path).into());
        }
        existing = Existing::Replace;
    } else if interactive && !options.yes {
        let write = Confirm::with_theme(&SimpleTheme)
            .with_prompt(format!("Write {display}?"))
            .default(true)
            .interact()
            .map_err(prompt_error)?;
        if !write {
            return Err(Error::Input("nothing written".into()));
        }
    }
    write_atomically(&path, yaml.as_bytes(), existing)?;
    io.note(&format!("wrote {display}; next: actionctl render {} (or add a mock: section and run actionctl test {} --mock)", draft.id, draft.id));
    Ok(())
}

/// The draft's errors, each said as a problem with the flag (or wizard
/// answer) it came from: the file they would be located in was never
/// written.
fn draft_problems(yaml: &str, diagnostics: &[Diagnostic], interactive: bool) -> Error {
    let problems = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let (flag, answer) = given_as(yaml, d.location.line);
            let source = if interactive { answer } else { flag };
            format!("{source}: {}", d.message)
        })
        .collect();
    Error::InvalidDraft(problems)
}

/// The flag and the wizard answer that the draft's line `line` was
/// written from, found by the top-level key it stands under.
fn given_as(yaml: &str, line: usize) -> (&'static str, &'static str) {
    let key = yaml
        .lines()
        .take(line)
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .last()
        .and_then(|l| l.split(':').next())
        .unwrap_or_default();
    match key {
        "name" => ("--name", "the name"),
        "description" => ("--description", "the description"),
        "method" => ("--method", "the method"),
        "url" => ("--url", "the URL"),
        "auth" => ("--auth", "the auth answers"),
        "headers" => ("--header", "the headers"),
        "variables" | "body" | "query" => ("--variable", "the variables"),
        _ => ("the new action", "the new action"),
    }
}

/// Every placeholder in `--url` and `--header` values must be a declared
/// `--variable` or a context variable; said about the flag, before any
/// YAML is made.
fn check_placeholders_declared(o: &NewOptions, variables: &[VariableDraft]) -> Result<(), Error> {
    let declared =
        |name: &str| variables.iter().any(|v| v.name == name) || CONTEXT_NAMES.contains(&name);
    let values = o
        .url
        .iter()
        .map(|url| ("--url", url))
        .chain(o.headers.iter().map(|(_, value)| ("--header", value)));
    for (flag, value) in values {
        let Ok(template) = Template::parse(value) else {
            continue;
        };
        let mut missing: Vec<&str> = Vec::new();
        for (name, _) in template.placeholders() {
            if !declared(name) && !missing.contains(&name) {
                missing.push(name);
            }
        }
        let Some(first) = missing.first() else {
            continue;
        };
        let uses = missing
            .iter()
            .map(|n| format!("{{{{{n}}}}}"))
            .collect::<Vec<_>>()
            .join(", ");
        let (it, example) = if missing.len() == 1 {
            ("it", format!("--variable '{first}:TYPE'"))
        } else {
            ("them", "--variable 'NAME:TYPE' for each".to_string())
        };
        return Err(Error::Usage(format!(
            "{flag} uses {uses}, but no --variable declares {it}: add {example} (TYPE: {}, array<TYPE>)",
            VarType::NAMES.join(", ")
        )));
    }
    Ok(())
}

fn prompt_error(e: dialoguer::Error) -> Error {
    Error::Input(format!("could not read from the terminal: {e}"))
}

fn usage_missing(what: &[&str]) -> Error {
    Error::Usage(format!(
        "stdin is not a terminal, so `new` cannot ask: give {}",
        what.join(", ")
    ))
}

fn from_flags(o: &NewOptions) -> Result<ActionDraft, Error> {
    let missing: Vec<&str> = [
        ("ID", o.id.is_none()),
        ("--name", o.name.is_none()),
        ("--description", o.description.is_none()),
        ("--method", o.method.is_none()),
        ("--url", o.url.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(n, _)| *n)
    .collect();
    if !missing.is_empty() {
        return Err(usage_missing(&missing));
    }
    let id = o.id.clone().unwrap_or_default();
    if !is_valid_id(&id) {
        return Err(Error::Usage(format!(
            "`{id}` is not an action id: use letters, digits, `-` and `_`"
        )));
    }
    let method = o.method.unwrap_or(Method::Get);
    let auth = auth_from_flags(o)?;
    let variables = o
        .variables
        .iter()
        .map(|spec| parse_variable_spec(spec))
        .collect::<Result<Vec<_>, _>>()?;
    check_placeholders_declared(o, &variables)?;
    Ok(ActionDraft {
        id,
        name: o.name.clone().unwrap_or_default(),
        description: o.description.clone().unwrap_or_default(),
        method,
        url: o.url.clone().unwrap_or_default(),
        auth,
        headers: o.headers.clone(),
        variables,
    })
}

fn auth_from_flags(o: &NewOptions) -> Result<AuthDraft, Error> {
    let need = |value: &Option<String>, flag: &str, kind: &str| {
        value
            .clone()
            .ok_or_else(|| Error::Usage(format!("--auth {kind} needs {flag}")))
    };
    let kind = o.auth.unwrap_or(AuthKind::None);
    let name = kind.name();
    let secret = || need(&o.secret, "--secret NAME", name);
    Ok(match kind {
        AuthKind::None => AuthDraft::None,
        AuthKind::Bearer => AuthDraft::Bearer { secret: secret()? },
        AuthKind::Basic => match &o.username_secret {
            Some(_) if o.username.is_some() || o.secret.is_some() => {
                return Err(Error::Usage(
                    "--username-secret sends the secret as the username with an empty password; give it alone, or --username and --secret".into(),
                ));
            }
            Some(username_secret) => AuthDraft::BasicKey {
                secret: username_secret.clone(),
            },
            None => AuthDraft::Basic {
                username: need(
                    &o.username,
                    "--username USER (or --username-secret NAME)",
                    name,
                )?,
                secret: secret()?,
            },
        },
        AuthKind::Header => AuthDraft::Header {
            header: need(&o.auth_header, "--auth-header NAME", name)?,
            prefix: o.prefix.clone(),
            secret: secret()?,
        },
        AuthKind::Body => AuthDraft::Body {
            param: need(&o.param, "--param NAME", name)?,
            secret: secret()?,
        },
        AuthKind::Query => AuthDraft::Query {
            param: need(&o.param, "--param NAME", name)?,
            secret: secret()?,
        },
    })
}

/// Every auth detail flag given must fit `--auth`, which it needs, in
/// the wizard too (which would otherwise ask the type and never use the
/// flag): one that does not fit would be dropped from the file without
/// a word. A usage error (exit 2) instead.
fn check_auth_flags(o: &NewOptions) -> Result<(), Error> {
    use AuthKind::{Basic, Bearer, Body, Header, Query};
    let flags: [(&str, bool, &[AuthKind]); 6] = [
        (
            "--secret",
            o.secret.is_some(),
            &[Bearer, Basic, Header, Body, Query],
        ),
        ("--username", o.username.is_some(), &[Basic]),
        ("--username-secret", o.username_secret.is_some(), &[Basic]),
        ("--auth-header", o.auth_header.is_some(), &[Header]),
        ("--prefix", o.prefix.is_some(), &[Header]),
        ("--param", o.param.is_some(), &[Body, Query]),
    ];
    for (flag, given, fits) in flags {
        let kind = o.auth.unwrap_or(AuthKind::None);
        if !given || fits.contains(&kind) {
            continue;
        }
        let names: Vec<&str> = fits.iter().map(|k| k.name()).collect();
        let types = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        };
        return Err(Error::Usage(match o.auth {
            Some(_) => format!("{flag} is for --auth {types}, not --auth {}", kind.name()),
            None => format!("{flag} is for --auth {types}; give --auth TYPE too"),
        }));
    }
    Ok(())
}

/// The form of a `--variable` spec, for messages.
const SPEC_FORM: &str = "NAME:TYPE[:required][:KEY=VALUE]...[:DESCRIPTION]";

/// The keys a `--variable` spec takes as `KEY=VALUE` parts.
const SPEC_KEYS: [&str; 8] = [
    "enum",
    "minimum",
    "maximum",
    "pattern",
    "min_length",
    "max_length",
    "example",
    "default",
];

/// `NAME:TYPE[:required|optional][:KEY=VALUE]...[:DESCRIPTION]`: TYPE is
/// one of the seven types or `array<TYPE>`; each KEY=VALUE part is a
/// constraint (`enum=a,b`, `minimum=1`, `pattern=[A-Z]+`, ...; for an
/// array, of each item) or `example=`/`default=` (`--var` text: JSON
/// array text for an array). `\:` stands for a `:` inside a value. The
/// first other part starts the description, which keeps its colons.
pub(super) fn parse_variable_spec(spec: &str) -> Result<VariableDraft, Error> {
    let bad = |why: String| Error::Usage(format!("--variable `{spec}`: {why} (form: {SPEC_FORM})"));
    let parts = spec_parts(spec);
    let name = parts[0].1.trim().to_string();
    if !crate::core::template::is_identifier(&name) {
        return Err(bad(format!("`{name}` is not a variable name")));
    }
    let ty_text = parts.get(1).map_or("string", |(_, t)| t.trim());
    let (ty, array) = spec_type(ty_text).map_err(bad)?;
    let mut draft = VariableDraft {
        name,
        ty,
        array,
        constraints: Constraints::default(),
        description: None,
        example: None,
        required: false,
        default: None,
    };
    let mut given: Vec<&str> = Vec::new();
    for (start, part) in parts.iter().skip(2) {
        let mut once = |word: &'static str| {
            if given.contains(&word) {
                return Err(bad(format!("`{word}` is given twice; give each part once")));
            }
            given.push(word);
            Ok(())
        };
        match part.trim() {
            "" => {}
            "optional" => once("optional")?,
            "required" => {
                once("required")?;
                draft.required = true;
            }
            text => match text.split_once('=') {
                Some((key, value)) if SPEC_KEYS.contains(&key.trim()) => {
                    let key = SPEC_KEYS
                        .into_iter()
                        .find(|k| *k == key.trim())
                        .unwrap_or_default();
                    once(key)?;
                    apply_spec_key(&mut draft, key, value.trim()).map_err(bad)?;
                }
                Some((key, _)) if !did_you_mean(key.trim(), SPEC_KEYS).is_empty() => {
                    let hint = did_you_mean(key.trim(), SPEC_KEYS);
                    return Err(bad(format!("unknown key `{}`{hint}", key.trim())));
                }
                _ if is_misspelt_requirement(text) => {
                    let hint = did_you_mean(text, ["required", "optional"]);
                    return Err(bad(format!(
                        "`{text}` is not `required` or `optional`{hint}"
                    )));
                }
                _ => {
                    let description = spec[*start..].trim();
                    draft.description = Some(description.to_string()).filter(|d| !d.is_empty());
                    break;
                }
            },
        }
    }
    if given.contains(&"required") && given.contains(&"optional") {
        return Err(bad(
            "`required` and `optional` contradict each other; give one".into(),
        ));
    }
    Ok(draft)
}

/// One word close to `required` or `optional` (`requird`): a typo, not
/// a one-word description, which would silently make the variable
/// optional and describe it as `requird`.
fn is_misspelt_requirement(text: &str) -> bool {
    !text.contains(char::is_whitespace)
        && crate::core::suggest::closest(text, ["required", "optional"])
            .is_some_and(|word| word != text)
}

/// The parts of a spec split at each `:` not written `\:`, each with the
/// byte offset where it starts and `\:` made `:`.
fn spec_parts(spec: &str) -> Vec<(usize, String)> {
    let mut parts = vec![(0, String::new())];
    let mut chars = spec.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|(_, next)| *next == ':') => {
                chars.next();
                if let Some((_, part)) = parts.last_mut() {
                    part.push(':');
                }
            }
            ':' => parts.push((i + 1, String::new())),
            c => {
                if let Some((_, part)) = parts.last_mut() {
                    part.push(c);
                }
            }
        }
    }
    parts
}

/// `string` → (String, false); `array<integer>` → (Integer, true).
fn spec_type(text: &str) -> Result<(VarType, bool), String> {
    let not_a_type = || {
        format!(
            "`{text}` is not one of {}, array<TYPE>",
            VarType::NAMES.join(", ")
        )
    };
    if let Some(inner) = text
        .strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'))
    {
        return VarType::from_name(inner.trim())
            .map(|ty| (ty, true))
            .ok_or_else(not_a_type);
    }
    if let Some(inner) = text
        .strip_suffix("[]")
        .filter(|t| VarType::from_name(t).is_some())
    {
        return Err(format!("write an array type as `array<{inner}>`"));
    }
    if text == "array" {
        return Err("an array needs its item type: `array<string>` (or another type)".into());
    }
    VarType::from_name(text)
        .map(|ty| (ty, false))
        .ok_or_else(not_a_type)
}

/// Applies one `KEY=VALUE` part of a spec to `draft` (`value` trimmed,
/// like every part): constraints are parsed here (a number, a regex),
/// whether they fit the type is for validation to say, as for any file.
fn apply_spec_key(draft: &mut VariableDraft, key: &str, value: &str) -> Result<(), String> {
    let c = &mut draft.constraints;
    let number = |value: &str| {
        serde_json::from_str::<serde_json::Number>(value)
            .map_err(|_| format!("`{key}` takes a number, not `{value}`"))
    };
    let length = |value: &str| {
        value
            .parse::<u64>()
            .map_err(|_| format!("`{key}` takes a whole number of characters, not `{value}`"))
    };
    match key {
        "enum" => {
            let values = value
                .split(',')
                .map(|v| {
                    draft
                        .ty
                        .convert(v.trim())
                        .map_err(|e| format!("enum value {e}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            c.allowed = Some(values);
        }
        "minimum" => c.minimum = Some(number(value)?),
        "maximum" => c.maximum = Some(number(value)?),
        "pattern" => {
            let pattern =
                Pattern::new(value).map_err(|e| format!("`pattern` is not a usable regex: {e}"))?;
            c.pattern = Some(pattern);
        }
        "min_length" => c.min_length = Some(length(value)?),
        "max_length" => c.max_length = Some(length(value)?),
        "example" => draft.example = Some(value.to_string()),
        _ => draft.default = Some(value.to_string()),
    }
    Ok(())
}

fn wizard(ws: &Workspace, o: &NewOptions) -> Result<ActionDraft, Error> {
    let theme = SimpleTheme;
    let id = match &o.id {
        Some(id) => id.clone(),
        None => Input::<String>::with_theme(&theme)
            .with_prompt("Action id (file name, e.g. lookup-order)")
            .validate_with(|s: &String| {
                if is_valid_id(s) {
                    Ok(())
                } else {
                    Err("use letters, digits, - and _")
                }
            })
            .interact_text()
            .map_err(prompt_error)?,
    };
    if ws.dir.join(format!("{id}.yaml")).exists() && !o.force {
        return Err(Error::Input(format!(
            "{} already exists; pick another id, or pass --force to replace it",
            ws.dir.join(format!("{id}.yaml")).display()
        )));
    }
    let name = ask_text(&theme, "Name (1-64 characters)", o.name.clone(), 1, 64)?;
    let description = ask_text(
        &theme,
        "Description: when should the agent use it? (10-200 characters)",
        o.description.clone(),
        10,
        200,
    )?;
    let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    let method = match o.method {
        Some(m) => m,
        None => {
            let i = Select::with_theme(&theme)
                .with_prompt("Method")
                .items(methods)
                .default(0)
                .interact()
                .map_err(prompt_error)?;
            Method::parse(methods[i]).unwrap_or(Method::Get)
        }
    };
    let url = match &o.url {
        Some(u) => u.clone(),
        None => Input::<String>::with_theme(&theme)
            .with_prompt("URL (placeholders like {{order_number}} become variables)")
            .validate_with(|s: &String| {
                crate::core::template::Template::parse(s)
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
            .interact_text()
            .map_err(prompt_error)?,
    };
    let auth = ask_auth(&theme, &id, o)?;
    let headers = ask_headers(&theme, o)?;
    let mut variables = Vec::new();
    for name in url_variables(&url) {
        variables.push(ask_variable(&theme, Some(name), &variables)?);
    }
    while Confirm::with_theme(&theme)
        .with_prompt(if variables.is_empty() {
            "Add a variable the agent collects?"
        } else {
            "Add another variable?"
        })
        .default(variables.is_empty())
        .interact()
        .map_err(prompt_error)?
    {
        variables.push(ask_variable(&theme, None, &variables)?);
    }
    Ok(ActionDraft {
        id,
        name,
        description,
        method,
        url,
        auth,
        headers,
        variables,
    })
}

fn ask_text(
    theme: &SimpleTheme,
    prompt: &str,
    given: Option<String>,
    min: usize,
    max: usize,
) -> Result<String, Error> {
    if let Some(text) = given {
        return Ok(text);
    }
    Input::<String>::with_theme(theme)
        .with_prompt(prompt)
        .validate_with(move |s: &String| {
            let n = s.chars().count();
            if (min..=max).contains(&n) {
                Ok(())
            } else {
                Err(format!("{n} characters; needs {min}-{max}"))
            }
        })
        .interact_text()
        .map_err(prompt_error)
}

fn ask_auth(theme: &SimpleTheme, id: &str, o: &NewOptions) -> Result<AuthDraft, Error> {
    if o.auth.is_some() {
        return auth_from_flags(o);
    }
    let kinds = [
        "none",
        "bearer (Authorization: Bearer)",
        "basic (user + secret, or the secret as the user)",
        "header (e.g. X-API-Key, or Authorization: Token)",
        "body (credential in the JSON body or form)",
        "query (credential in the query string, e.g. ?api_key=)",
    ];
    let kind = Select::with_theme(theme)
        .with_prompt("Authentication")
        .items(kinds)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    if kind == 0 {
        return Ok(AuthDraft::None);
    }
    let secret = || ask_secret(theme, id);
    Ok(match kind {
        1 => AuthDraft::Bearer { secret: secret()? },
        2 => ask_basic(theme, id)?,
        3 => AuthDraft::Header {
            header: ask_string(theme, "Header name", Some("X-API-Key"))?,
            prefix: ask_prefix(theme)?,
            secret: secret()?,
        },
        4 => AuthDraft::Body {
            param: ask_string(theme, "Body parameter name", Some("api_key"))?,
            secret: secret()?,
        },
        _ => AuthDraft::Query {
            param: ask_string(theme, "Query parameter name", Some("api_key"))?,
            secret: secret()?,
        },
    })
}

/// Basic auth: a username and the secret as the password, or the secret
/// as the username with an empty password (`username_secret`).
fn ask_basic(theme: &SimpleTheme, id: &str) -> Result<AuthDraft, Error> {
    let shapes = [
        "a username, and the secret as the password",
        "the secret as the username, empty password (Stripe, Chargebee: curl -u KEY:)",
    ];
    let shape = Select::with_theme(theme)
        .with_prompt("Basic auth")
        .items(shapes)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    Ok(if shape == 0 {
        AuthDraft::Basic {
            username: ask_string(theme, "Username", None)?,
            secret: ask_secret(theme, id)?,
        }
    } else {
        AuthDraft::BasicKey {
            secret: ask_secret(theme, id)?,
        }
    })
}

/// Header auth: the text before the secret, if any (`Token `).
fn ask_prefix(theme: &SimpleTheme) -> Result<Option<String>, Error> {
    let prefix: String = Input::with_theme(theme)
        .with_prompt("Text before the secret, with its space (e.g. `Token `; empty for none)")
        .allow_empty(true)
        .validate_with(|s: &String| {
            if s.bytes().all(|b| (b' '..=b'~').contains(&b)) && !s.starts_with(' ') {
                Ok(())
            } else {
                Err("printable ASCII, not starting with a space")
            }
        })
        .interact_text()
        .map_err(prompt_error)?;
    Ok(Some(prefix).filter(|p| !p.is_empty()))
}

fn ask_string(theme: &SimpleTheme, prompt: &str, default: Option<&str>) -> Result<String, Error> {
    let mut input = Input::<String>::with_theme(theme).with_prompt(prompt);
    if let Some(d) = default {
        input = input.default(d.to_string());
    }
    input.interact_text().map_err(prompt_error)
}

fn ask_secret(theme: &SimpleTheme, id: &str) -> Result<String, Error> {
    Input::<String>::with_theme(theme)
        .with_prompt("Secret name (stored with `actionctl secret set NAME`, never the value)")
        .default(format!("{id}-api"))
        .validate_with(|s: &String| {
            if is_valid_name(s) {
                Ok(())
            } else {
                Err("letters, digits, -, _ and . only")
            }
        })
        .interact_text()
        .map_err(prompt_error)
}

fn ask_headers(theme: &SimpleTheme, o: &NewOptions) -> Result<Vec<(String, String)>, Error> {
    let mut headers = o.headers.clone();
    while Confirm::with_theme(theme)
        .with_prompt("Add a header (e.g. Accept)?")
        .default(false)
        .interact()
        .map_err(prompt_error)?
    {
        let name: String = Input::with_theme(theme)
            .with_prompt("Header name")
            .validate_with(|s: &String| {
                if crate::core::parse::is_header_name(s) {
                    Ok(())
                } else {
                    Err("not a valid header name")
                }
            })
            .interact_text()
            .map_err(prompt_error)?;
        let value: String = Input::with_theme(theme)
            .with_prompt("Value")
            .interact_text()
            .map_err(prompt_error)?;
        headers.push((name, value));
    }
    Ok(headers)
}

fn ask_variable(
    theme: &SimpleTheme,
    name: Option<String>,
    existing: &[VariableDraft],
) -> Result<VariableDraft, Error> {
    let taken: Vec<String> = existing.iter().map(|v| v.name.clone()).collect();
    let name = match name {
        Some(n) => n,
        None => Input::<String>::with_theme(theme)
            .with_prompt("Variable name")
            .validate_with(move |s: &String| {
                if !crate::core::template::is_identifier(s) {
                    Err("letters, digits and _, not starting with a digit".to_string())
                } else if taken.contains(s) {
                    Err(format!("`{s}` is already declared"))
                } else {
                    Ok(())
                }
            })
            .interact_text()
            .map_err(prompt_error)?,
    };
    let (ty, array) = ask_type(theme, &name)?;
    let description: String = Input::with_theme(theme)
        .with_prompt(format!(
            "Description of {name} (what the agent asks the caller)"
        ))
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_error)?;
    let mut draft = VariableDraft {
        name,
        ty,
        array,
        constraints: Constraints::default(),
        description: Some(description).filter(|d| !d.is_empty()),
        example: None,
        required: false,
        default: None,
    };
    let limits = CONSTRAINT_KEYS.iter().any(|key| applies(key, ty))
        && Confirm::with_theme(theme)
            .with_prompt(format!(
                "Limit the values of {}{} (allowed values, range, pattern, length)?",
                if array { "each item of " } else { "" },
                draft.name
            ))
            .default(false)
            .interact()
            .map_err(prompt_error)?;
    if limits {
        draft.constraints = ask_constraints(theme, &draft.name, ty)?;
    }
    let checker = draft.to_variable();
    let sample = |prompt: String| -> Result<Option<String>, Error> {
        ask_optional(theme, &prompt, |s| {
            checker.convert(s).map(drop).map_err(|e| e.to_string())
        })
    };
    let form = if array {
        format!(
            ", as a JSON array such as {}",
            crate::core::convert::list_example(ty)
        )
    } else {
        String::new()
    };
    let name = draft.name.clone();
    draft.example = sample(format!("Example value of {name}{form} (optional)"))?;
    draft.required = Confirm::with_theme(theme)
        .with_prompt(format!("Is {name} required?"))
        .default(true)
        .interact()
        .map_err(prompt_error)?;
    if !draft.required {
        draft.default = sample(format!("Default for {name}{form} (optional)"))?;
    }
    Ok(draft)
}

/// The type of a variable: one of the seven, or an array of one of them.
fn ask_type(theme: &SimpleTheme, name: &str) -> Result<(VarType, bool), Error> {
    let mut choices: Vec<&str> = VarType::NAMES.to_vec();
    choices.push("array (a list of values)");
    let t = Select::with_theme(theme)
        .with_prompt(format!("Type of {name}"))
        .items(&choices)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    if let Some(ty) = VarType::NAMES.get(t).and_then(|n| VarType::from_name(n)) {
        return Ok((ty, false));
    }
    let t = Select::with_theme(theme)
        .with_prompt(format!("Type of each item of {name}"))
        .items(VarType::NAMES)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    Ok((
        VarType::from_name(VarType::NAMES[t]).unwrap_or(VarType::String),
        true,
    ))
}

/// Asks for the constraints that apply to `ty`, each skipped with Enter,
/// each answer checked as it is typed.
fn ask_constraints(theme: &SimpleTheme, name: &str, ty: VarType) -> Result<Constraints, Error> {
    let mut c = Constraints::default();
    if applies("enum", ty) {
        c.allowed = ask_optional(
            theme,
            &format!("Allowed values of {name}, separated by commas (Enter: any value)"),
            |s| enum_values(ty, s).map(drop),
        )?
        .map(|s| enum_values(ty, &s))
        .transpose()
        .map_err(Error::Input)?;
    }
    if applies("minimum", ty) {
        c.minimum = ask_number(
            theme,
            &format!("Smallest value of {name} (Enter: none)"),
            ty,
            None,
        )?;
        let floor = c.minimum.clone();
        c.maximum = ask_number(
            theme,
            &format!("Largest value of {name} (Enter: none)"),
            ty,
            floor,
        )?;
    }
    if applies("pattern", ty) {
        c.pattern = ask_optional(
            theme,
            &format!("Regex the whole of {name} must match (Enter: none)"),
            |s| Pattern::new(s).map(drop).map_err(|e| e.to_string()),
        )?
        .map(|s| Pattern::new(&s))
        .transpose()
        .map_err(|e| Error::Input(e.to_string()))?;
        c.min_length = ask_length(
            theme,
            &format!("Fewest characters in {name} (Enter: none)"),
            0,
        )?;
        c.max_length = ask_length(
            theme,
            &format!("Most characters in {name} (Enter: none)"),
            c.min_length.unwrap_or(0),
        )?;
    }
    Ok(c)
}

/// Comma-separated values, each converted to `ty`.
fn enum_values(ty: VarType, text: &str) -> Result<Vec<crate::core::convert::TypedValue>, String> {
    text.split(',')
        .map(|v| ty.convert(v.trim()).map_err(|e| e.to_string()))
        .collect()
}

/// A number for `minimum`/`maximum` (a whole one for an integer), at
/// least `floor` when there is one.
fn ask_number(
    theme: &SimpleTheme,
    prompt: &str,
    ty: VarType,
    floor: Option<serde_json::Number>,
) -> Result<Option<serde_json::Number>, Error> {
    let parse = move |s: &str| -> Result<serde_json::Number, String> {
        let value = ty.convert(s).map_err(|e| e.to_string())?;
        let n = match value.to_json() {
            serde_json::Value::Number(n) => n,
            _ => return Err(format!("`{s}` is not a number")),
        };
        match &floor {
            Some(f) if n.as_f64() < f.as_f64() => Err(format!("must be at least {f}")),
            _ => Ok(n),
        }
    };
    let answer = ask_optional(theme, prompt, |s| parse(s).map(drop))?;
    answer.map(|s| parse(&s)).transpose().map_err(Error::Input)
}

/// A number of characters, at least `floor`.
fn ask_length(theme: &SimpleTheme, prompt: &str, floor: u64) -> Result<Option<u64>, Error> {
    let parse = move |s: &str| -> Result<u64, String> {
        match s.trim().parse::<u64>() {
            Ok(n) if n >= floor => Ok(n),
            Ok(_) => Err(format!("must be at least {floor}")),
            Err(_) => Err("a whole number of characters, such as 10".into()),
        }
    };
    let answer = ask_optional(theme, prompt, |s| parse(s).map(drop))?;
    answer.map(|s| parse(&s)).transpose().map_err(Error::Input)
}

/// A text answer that Enter skips; anything typed must pass `check`.
fn ask_optional(
    theme: &SimpleTheme,
    prompt: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Option<String>, Error> {
    let value: String = Input::with_theme(theme)
        .with_prompt(prompt)
        .allow_empty(true)
        .validate_with(move |s: &String| if s.is_empty() { Ok(()) } else { check(s) })
        .interact_text()
        .map_err(prompt_error)?;
    Ok(Some(value).filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_specs_parse() {
        let v = parse_variable_spec("order_number:string:required:The order: as printed").unwrap();
        assert_eq!(v.name, "order_number");
        assert!(v.required);
        assert_eq!(v.description.as_deref(), Some("The order: as printed"));
        let v = parse_variable_spec("qty:integer").unwrap();
        assert_eq!((v.ty, v.required), (VarType::Integer, false));
        assert!(parse_variable_spec("1x:string").is_err());
        assert!(parse_variable_spec("x:strng").is_err());
    }

    #[test]
    fn the_first_other_part_starts_the_description() {
        for (spec, required, description) in [
            ("n:integer:How many", false, "How many"),
            ("n:integer:Count", false, "Count"),
            ("n:integer:maybe: or not", false, "maybe: or not"),
            ("n:integer:required:How many", true, "How many"),
            ("n:integer:minimum=1:How many", false, "How many"),
            ("n:integer:required::How many", true, "How many"),
        ] {
            let v = parse_variable_spec(spec).unwrap();
            assert_eq!(
                (v.required, v.description.as_deref()),
                (required, Some(description)),
                "{spec}"
            );
        }
        let e = parse_variable_spec("n:integer:requird")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`requird` is not `required` or `optional` (did you mean `required`?)"),
            "{e}"
        );
    }

    #[test]
    fn a_spec_gives_each_part_once() {
        let e = |spec: &str| parse_variable_spec(spec).unwrap_err().to_string();
        assert!(e("s:string:min_length=3:min_length=4").contains("`min_length` is given twice"));
        assert!(e("s:string:example=1:example=2").contains("`example` is given twice"));
        assert!(e("s:string:required:required").contains("`required` is given twice"));
        assert!(
            e("s:string:required:optional")
                .contains("`required` and `optional` contradict each other")
        );
    }

    #[test]
    fn every_value_in_a_spec_is_trimmed() {
        let v = parse_variable_spec(
            "s:string:enum= a , b c ,d :default= a :example= d :pattern= [a-d ]+ ",
        )
        .unwrap();
        assert_eq!(v.default.as_deref(), Some("a"));
        assert_eq!(v.example.as_deref(), Some("d"));
        assert_eq!(v.constraints.pattern.unwrap().source(), "[a-d ]+");
        let texts: Vec<String> = v
            .constraints
            .allowed
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(texts, ["a", "b c", "d"]);
    }

    #[test]
    fn variable_specs_carry_constraints_examples_and_arrays() {
        let v = parse_variable_spec(
            "priority:string:required:enum=low, normal ,high:example=normal:How urgent: really",
        )
        .unwrap();
        assert!(v.required && !v.array);
        let texts = |values: &[&str]| {
            values
                .iter()
                .map(|t| crate::core::convert::TypedValue::Text(t.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            v.constraints.allowed,
            Some(texts(&["low", "normal", "high"]))
        );
        assert_eq!(v.example.as_deref(), Some("normal"));
        assert_eq!(v.description.as_deref(), Some("How urgent: really"));
        let v = parse_variable_spec(r"at:string:pattern=^\d{2}\:\d{2}$:min_length=5:max_length=5")
            .unwrap();
        assert_eq!(v.constraints.pattern.unwrap().source(), r"^\d{2}:\d{2}$");
        assert_eq!(
            (v.constraints.min_length, v.constraints.max_length),
            (Some(5), Some(5))
        );
        assert_eq!(v.description, None);
        let v = parse_variable_spec(
            r#"ids:array<integer>:minimum=1:maximum=99:example=[1, 2]:default=[]"#,
        )
        .unwrap();
        assert!(v.array);
        assert_eq!(v.ty, VarType::Integer);
        assert_eq!(v.constraints.minimum, Some(1.into()));
        assert_eq!(v.example.as_deref(), Some("[1, 2]"));
        assert_eq!(v.default.as_deref(), Some("[]"));
    }

    #[test]
    fn bad_variable_specs_are_usage_errors_that_say_why() {
        let e = |spec: &str| parse_variable_spec(spec).unwrap_err().to_string();
        assert!(
            e("n:integer:minimum=ten").contains(": `minimum` takes a number, not `ten` (form: "),
            "{}",
            e("n:integer:minimum=ten")
        );
        assert!(e("n:integer:enum=1,x").contains("enum value `x` is not a valid integer"));
        assert!(
            e("s:string:pattern=[a-")
                .contains("`pattern` is not a usable regex: unclosed character class")
        );
        assert!(
            e("s:string:minimun=1").contains("unknown key `minimun` (did you mean `minimum`?)")
        );
        assert!(
            e("s:string:max_length=-1")
                .contains("`max_length` takes a whole number of characters, not `-1`")
        );
        assert!(e("l:string[]").contains("write an array type as `array<string>`"));
        assert!(e("l:array").contains("an array needs its item type"));
        assert!(e("l:array<list>").contains("`array<list>` is not one of string, integer"));
    }
}
