//! `import curl`: a pasted curl command line read as the request curl
//! would send, and that request as a new action. A credential found in
//! it (`-u`, `Authorization`, an API-key header, a key in the query or
//! the form, userinfo in the URL) becomes `auth:` with a secret *name*;
//! its value is dropped and never part of any error.

use std::collections::HashSet;

use base64::Engine;
use thiserror::Error;

use crate::core::credentials::{
    has_auth_scheme, is_credential_like_name, is_sensitive_name, looks_like_credential_value,
    names_a_session, names_an_identifier,
};
use crate::core::draft::{ActionDraft, AuthDraft, DraftLiterals, LiteralBody, is_valid_id};
use crate::core::model::Method;
use crate::core::parse::is_transport_header;

/// The longest command accepted, in bytes: an action file is at most
/// 1 MiB, and nothing longer could become one.
pub(crate) const MAX_COMMAND_BYTES: usize = 1024 * 1024;

/// Why a command line could not be imported. No message holds a value
/// from the command that could be a credential: words are named by their
/// position and option.
#[derive(Debug, Error, PartialEq, Eq)]
pub(crate) enum CurlError {
    #[error("the curl command is empty")]
    Empty,
    #[error("the curl command is {0} bytes; at most 1 MiB is read")]
    TooLong(usize),
    #[error("the curl command does not split into shell words: {0} (check its quotes)")]
    Split(String),
    #[error("not a curl command: word 1 is `{0}`, not `curl`")]
    NotCurl(String),
    #[error("curl option `{0}` (word {1}) needs a value")]
    MissingValue(String, usize),
    #[error("no URL in the curl command")]
    NoUrl,
    #[error(
        "two URLs in the curl command (words {0} and {1}); an action sends one request: keep one"
    )]
    TwoUrls(usize, usize),
    #[error(
        "unknown curl option{}: {}; actionctl cannot tell what it changes in the request: remove it and import again",
        if .0.len() == 1 { "" } else { "s" },
        .0.join(", ")
    )]
    Unknown(Vec<String>),
    #[error(
        "`{0}` (word {1}) reads a file: import does not read files named in the command; paste the data itself (e.g. --data-raw '...')"
    )]
    ReadsFile(String, usize),
    #[error("{0}")]
    Shell(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Body(String),
    #[error(
        "the command carries {} credentials ({}); an action sends one: remove the others and import again{}",
        .0.len(),
        .0.join(", "),
        if .0.iter().any(|f| f == "header Cookie") {
            " (a browser's \"Copy as cURL\" carries the login cookie: if the API takes the other credential, remove the -b/Cookie option)"
        } else {
            ""
        }
    )]
    TwoCredentials(Vec<String>),
    #[error("{0}")]
    Url(String),
    #[error("{0}")]
    Credentials(String),
    #[error("{0}")]
    Timeout(String),
}

/// The action a command line became, and what the user should know.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CurlImport {
    /// The action, as `new` would write it.
    pub draft: ActionDraft,
    /// Its literal body and timeout.
    pub literals: DraftLiterals,
    /// The secret the credential was replaced by: the user stores it.
    pub secret: Option<String>,
    /// Where the credential was found (`-u`, `header X-API-Key`, ...).
    pub credential_from: Option<String>,
    /// Options that were left out because they do not change the request.
    pub notes: Vec<String>,
}

/// What an option does to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opt {
    Method,
    Header,
    Data(Data),
    User,
    Url,
    MaxTime,
    UserAgent,
    Referer,
    Cookie,
    Bearer,
    Get,
    Head,
    /// Does not change the request; `true` when it takes a value.
    Ignored(bool),
    /// TLS verification: actionctl always verifies.
    Insecure,
    /// Cannot be expressed in an action.
    Refused(&'static str),
}

/// The data options, which differ in whether `@` reads a file and in
/// how the value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Data {
    /// `-d`, `--data`, `--data-ascii`, `--data-binary`: `@` reads a file.
    Plain,
    /// `--data-raw`: taken as written.
    Raw,
    /// `--data-urlencode`: `[name=]content`, content percent-encoded.
    UrlEncode,
    /// `--json`: JSON, with its content type and `Accept`.
    Json,
}

const MULTIPART: &str = "-F/--form sends multipart/form-data, which an action cannot send (it sends JSON or application/x-www-form-urlencoded bodies)";
const CONFIG: &str = "-K/--config reads curl options from a file: import reads only the command, never a file it names; paste the options themselves";
const UPLOAD: &str = "-T/--upload-file sends a file, which an action cannot send";

fn long_option(name: &str) -> Option<Opt> {
    Some(match name {
        "request" => Opt::Method,
        "header" => Opt::Header,
        "data" | "data-ascii" | "data-binary" => Opt::Data(Data::Plain),
        "data-raw" => Opt::Data(Data::Raw),
        "data-urlencode" => Opt::Data(Data::UrlEncode),
        "json" => Opt::Data(Data::Json),
        "user" => Opt::User,
        "url" => Opt::Url,
        "max-time" => Opt::MaxTime,
        "user-agent" => Opt::UserAgent,
        "referer" => Opt::Referer,
        "cookie" => Opt::Cookie,
        "oauth2-bearer" => Opt::Bearer,
        "get" => Opt::Get,
        "head" => Opt::Head,
        "insecure" => Opt::Insecure,
        "silent" | "show-error" | "verbose" | "include" | "location" | "fail"
        | "fail-with-body" | "globoff" | "no-buffer" | "compressed" | "http1.1" | "http2"
        | "progress-bar" | "no-progress-meter" | "location-trusted" => Opt::Ignored(false),
        "output" | "write-out" | "dump-header" | "connect-timeout" | "retry" | "max-redirs"
        | "proxy" | "cacert" | "capath" => Opt::Ignored(true),
        "form" | "form-string" => Opt::Refused(MULTIPART),
        "upload-file" => Opt::Refused(UPLOAD),
        "config" => Opt::Refused(CONFIG),
        _ => return None,
    })
}

fn short_option(c: char) -> Option<Opt> {
    Some(match c {
        'X' => Opt::Method,
        'H' => Opt::Header,
        'd' => Opt::Data(Data::Plain),
        'u' => Opt::User,
        'm' => Opt::MaxTime,
        'A' => Opt::UserAgent,
        'e' => Opt::Referer,
        'b' => Opt::Cookie,
        'G' => Opt::Get,
        'I' => Opt::Head,
        'k' => Opt::Insecure,
        's' | 'S' | 'v' | 'i' | 'L' | 'f' | 'g' | 'N' | '#' => Opt::Ignored(false),
        'o' | 'w' | 'D' | 'x' => Opt::Ignored(true),
        'F' => Opt::Refused(MULTIPART),
        'T' => Opt::Refused(UPLOAD),
        'K' => Opt::Refused(CONFIG),
        _ => return None,
    })
}

fn takes_value(opt: Opt) -> bool {
    !matches!(
        opt,
        Opt::Get | Opt::Head | Opt::Ignored(false) | Opt::Insecure | Opt::Refused(_)
    )
}

/// The command line read option by option.
#[derive(Debug, Default)]
struct Parsed {
    method: Option<(String, usize)>,
    head: bool,
    get: bool,
    url: Option<(String, usize)>,
    headers: Vec<(String, String)>,
    /// Each data piece as curl sends it, with the option's word number.
    data: Vec<String>,
    json: bool,
    user: Option<String>,
    bearer: Option<String>,
    max_time: Option<String>,
    ignored: Vec<String>,
    insecure: bool,
    unknown: Vec<String>,
    /// Bare words after the URL, with their word numbers.
    extra_words: Vec<(String, usize)>,
}

/// Reads `text`, a curl command line (backslash-newlines and quotes as a
/// POSIX shell reads them), into the action it stands for. `id` is the
/// action id to use; without one it is derived from the method and path.
pub(crate) fn import(text: &str, id: Option<&str>) -> Result<CurlImport, CurlError> {
    if text.len() > MAX_COMMAND_BYTES {
        return Err(CurlError::TooLong(text.len()));
    }
    if has_ansi_c_quoting(text) {
        return Err(CurlError::Split(
            "bash's $'…' quoting is not POSIX and would be read wrongly; write the value in plain single quotes instead".into(),
        ));
    }
    // A command copied on Windows or through a Windows clipboard ends
    // its lines with CRLF: `\` then CR would escape the CR, not the line.
    let text = text.replace("\r\n", "\n");
    let expansions = shell_syntax(&text)?;
    let words = shell_words::split(&text).map_err(|e| CurlError::Split(e.to_string()))?;
    let Some(first) = words.first() else {
        return Err(CurlError::Empty);
    };
    let program = first.rsplit(['/', '\\']).next().unwrap_or(first);
    if !program.eq_ignore_ascii_case("curl") && !program.eq_ignore_ascii_case("curl.exe") {
        return Err(CurlError::NotCurl(shown(first, 40)));
    }
    if let Some((number, _)) = words.iter().enumerate().find(|(_, w)| w.starts_with('^')) {
        return Err(CurlError::Shell(format!(
            "word {} starts with `^`, Windows cmd's escape and line continuation: copy the command for bash (\"Copy as cURL (bash)\") or write it on one line without `^`",
            number + 1
        )));
    }
    let parsed = parse_words(&words[1..])?;
    let mut imported = build(parsed, id)?;
    check_expansions(&mut imported, &expansions)?;
    Ok(imported)
}

/// What a shell would do with the command before curl runs: refused
/// where an action cannot do the same (operators that run or feed other
/// commands, more than one command line, a stray carriage return), and
/// the variables and command substitutions it would expand, returned as
/// written (`$ORG_ID`, `${HOST}`, `$(whoami)`, `` `cmd` ``) for
/// [`check_expansions`]. Text in single quotes is literal to a shell, and
/// so here.
fn shell_syntax(text: &str) -> Result<Vec<String>, CurlError> {
    let chars: Vec<char> = text.chars().collect();
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut expansions = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        let quoted = single || double;
        i += 1;
        if c == '\n' {
            line += 1;
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if !single => {
                if let Some(found) = expansion(&chars, i - 1) {
                    i += found.chars().count() - 1;
                    expansions.push(found);
                }
            }
            '`' if !single => {
                let end = chars[i..]
                    .iter()
                    .position(|c| *c == '`')
                    .map_or(chars.len(), |p| i + p + 1);
                expansions.push(chars[i - 1..end].iter().collect());
                i = end;
            }
            '|' | ';' | '&' | '<' | '>' if !quoted => {
                let twice = chars.get(i) == Some(&c) && matches!(c, '|' | '&' | '>');
                let operator = if twice {
                    format!("{c}{c}")
                } else {
                    c.to_string()
                };
                return Err(CurlError::Shell(format!(
                    "`{operator}` outside quotes (line {line}) {}; import reads one curl command and runs no shell",
                    operator_meaning(&operator)
                )));
            }
            '\r' if !quoted => {
                return Err(CurlError::Shell(format!(
                    "a carriage return (`\\r`) outside quotes on line {line}; remove it (a line continuation is `\\` at the very end of the line)"
                )));
            }
            '\n' if !quoted && chars[i..].iter().any(|c| !c.is_whitespace()) => {
                let before: String = chars[..i - 1].iter().collect();
                let ended = line - 1;
                if before.trim_end().ends_with('^') {
                    return Err(CurlError::Shell(format!(
                        "line {ended} ends with `^`, Windows cmd's line continuation: copy the command for bash (\"Copy as cURL (bash)\") or write it on one line"
                    )));
                }
                return Err(CurlError::Shell(format!(
                    "line {ended} ends without `\\`, so line {line} starts another command; import reads one curl command: end continued lines with `\\`"
                )));
            }
            _ => {}
        }
    }
    Ok(expansions)
}

fn operator_meaning(operator: &str) -> &'static str {
    match operator {
        "|" => "passes curl's output to another command",
        ";" | "&&" | "||" => "runs another command after curl",
        "&" => {
            "runs curl in the background (an unquoted `&` in a URL ends the URL there: quote the URL)"
        }
        _ => "redirects curl's input or output",
    }
}

/// The expansion starting with the `$` at `at`: `$NAME`, `${…}` or
/// `$(…)` (nested parentheses counted), as written.
fn expansion(chars: &[char], at: usize) -> Option<String> {
    let end = match chars.get(at + 1)? {
        '(' => {
            let mut depth = 0usize;
            let mut end = chars.len();
            for (k, c) in chars.iter().enumerate().skip(at + 1) {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 1 => {
                        end = k + 1;
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            end
        }
        '{' => chars[at..]
            .iter()
            .position(|c| *c == '}')
            .map_or(chars.len(), |p| at + p + 1),
        c if c.is_ascii_alphabetic() || *c == '_' => {
            at + 1
                + chars[at + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                    .count()
        }
        _ => return None,
    };
    Some(chars[at..end].iter().collect())
}

/// A shell expansion left in the file would be sent as its text
/// (`$ORG_ID`), which is never what was meant: refused, named. One that
/// stood only in the credential (`Bearer $OPENAI_API_KEY`) is gone with
/// it: the note says the secret to store is what it expands to.
fn check_expansions(imported: &mut CurlImport, expansions: &[String]) -> Result<(), CurlError> {
    if expansions.is_empty() {
        return Ok(());
    }
    let yaml: Vec<char> = imported
        .draft
        .to_yaml_with(&imported.literals)
        .chars()
        .collect();
    // Read out of the file the same way, so that a hostile command with
    // many expansions costs one pass, not one search each.
    let mut in_file = HashSet::new();
    let mut at = 0;
    while at < yaml.len() {
        let found = match yaml[at] {
            '$' => expansion(&yaml, at),
            '`' => {
                let end = yaml[at + 1..]
                    .iter()
                    .position(|c| *c == '`')
                    .map_or(yaml.len(), |p| at + p + 2);
                Some(yaml[at..end].iter().collect())
            }
            _ => None,
        };
        at += found
            .as_ref()
            .map_or(1, |f: &String| f.chars().count().max(1));
        in_file.extend(found);
    }
    if let Some(left) = expansions.iter().find(|e| in_file.contains(e.as_str())) {
        return Err(CurlError::Shell(format!(
            "`{}` is expanded by the shell before curl runs, and actionctl runs no shell: write its value in the command instead (or import, then make that part a {{{{variable}}}})",
            shown(left, 40)
        )));
    }
    let shown_all: Vec<String> = expansions
        .iter()
        .map(|e| format!("`{}`", shown(e, 40)))
        .collect();
    imported.notes.push(format!(
        "the credential was written as {}: the secret to store is what the shell expands {} to",
        shown_all.join(", "),
        if expansions.len() == 1 { "it" } else { "them" }
    ));
    Ok(())
}

/// True when `text` uses bash's `$'…'` (or `$"…"`) quoting outside other
/// quotes, which POSIX splitting would read as a literal `$` (browsers'
/// "Copy as cURL (bash)" writes it for data with special characters).
fn has_ansi_c_quoting(text: &str) -> bool {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if !single && !double && matches!(chars.peek(), Some('\'' | '"')) => return true,
            _ => {}
        }
    }
    false
}

fn parse_words(words: &[String]) -> Result<Parsed, CurlError> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let number = i + 2;
        i += 1;
        if let Some(name) = word.strip_prefix("--") {
            if name.is_empty() {
                continue;
            }
            let Some(opt) = long_option(name) else {
                parsed.unknown.push(format!("`--{}`", before_equals(name)));
                continue;
            };
            let value = if takes_value(opt) {
                let value = words
                    .get(i)
                    .ok_or_else(|| CurlError::MissingValue(word.clone(), number))?;
                i += 1;
                Some(value.as_str())
            } else {
                None
            };
            apply(&mut parsed, opt, word, value, number)?;
        } else if word.len() > 1 && word.starts_with('-') {
            let shorts: Vec<char> = word.chars().skip(1).collect();
            let mut k = 0;
            while k < shorts.len() {
                let c = shorts[k];
                k += 1;
                let Some(opt) = short_option(c) else {
                    parsed.unknown.push(format!("`-{c}`"));
                    continue;
                };
                if !takes_value(opt) {
                    apply(&mut parsed, opt, &format!("-{c}"), None, number)?;
                    continue;
                }
                let attached: String = shorts[k..].iter().collect();
                let value = if attached.is_empty() {
                    let value = words
                        .get(i)
                        .ok_or_else(|| CurlError::MissingValue(format!("-{c}"), number))?;
                    i += 1;
                    value.clone()
                } else {
                    attached
                };
                apply(&mut parsed, opt, &format!("-{c}"), Some(&value), number)?;
                break;
            }
        } else {
            set_url(&mut parsed, word, number)?;
        }
    }
    if !parsed.unknown.is_empty() {
        return Err(CurlError::Unknown(parsed.unknown));
    }
    if let Some(error) = extra_word_error(&parsed) {
        return Err(error);
    }
    Ok(parsed)
}

/// An unknown `--name=value` is named without its value, which may be a
/// credential.
fn before_equals(name: &str) -> &str {
    name.split('=').next().unwrap_or(name)
}

/// The first URL is the request's; later bare words are kept to be
/// reported once the options are read: an unknown option's value also
/// looks like a bare word, and the unknown option is the better message.
fn set_url(parsed: &mut Parsed, url: &str, number: usize) -> Result<(), CurlError> {
    if parsed.url.is_some() {
        parsed.extra_words.push((url.to_string(), number));
        return Ok(());
    }
    parsed.url = Some((url.to_string(), number));
    Ok(())
}

/// Why there is a second bare word, once no unknown option explains it.
fn extra_word_error(parsed: &Parsed) -> Option<CurlError> {
    let (word, number) = parsed.extra_words.first()?;
    let program = word.rsplit(['/', '\\']).next().unwrap_or(word);
    if program.eq_ignore_ascii_case("curl") || program.eq_ignore_ascii_case("curl.exe") {
        return Some(CurlError::Shell(format!(
            "word {number} is `curl` again: that is a second command; import reads one curl command"
        )));
    }
    let first = parsed.url.as_ref().map_or(0, |(_, n)| *n);
    Some(CurlError::TwoUrls(first, *number))
}

fn apply(
    parsed: &mut Parsed,
    opt: Opt,
    flag: &str,
    value: Option<&str>,
    number: usize,
) -> Result<(), CurlError> {
    let value = value.unwrap_or_default();
    match opt {
        Opt::Method => parsed.method = Some((value.to_string(), number)),
        Opt::Header => push_header(parsed, value, number)?,
        Opt::Data(kind) => {
            let piece = data_piece(kind, flag, value, number)?;
            parsed.json |= kind == Data::Json;
            parsed.data.push(piece);
        }
        Opt::User => parsed.user = Some(value.to_string()),
        Opt::Url => set_url(parsed, value, number)?,
        Opt::MaxTime => parsed.max_time = Some(value.to_string()),
        Opt::UserAgent => parsed
            .headers
            .push(("User-Agent".into(), value.to_string())),
        Opt::Referer => parsed.headers.push(("Referer".into(), value.to_string())),
        Opt::Cookie if !value.contains('=') => {
            return Err(CurlError::ReadsFile(flag.to_string(), number));
        }
        Opt::Cookie => add_cookie(parsed, value),
        Opt::Bearer => parsed.bearer = Some(value.to_string()),
        Opt::Get => parsed.get = true,
        Opt::Head => parsed.head = true,
        Opt::Ignored(_) => parsed.ignored.push(flag.to_string()),
        Opt::Insecure => parsed.insecure = true,
        Opt::Refused(why) => return Err(CurlError::Unsupported(why.to_string())),
    }
    Ok(())
}

/// `-b 'k=v'`: curl sends all `-b` cookies in one `Cookie` header,
/// joined with `; `.
fn add_cookie(parsed: &mut Parsed, value: &str) {
    let value = value.trim().trim_end_matches(';');
    match parsed.headers.iter_mut().find(|(n, _)| n == "Cookie") {
        Some((_, cookies)) => {
            cookies.push_str("; ");
            cookies.push_str(value);
        }
        None => parsed.headers.push(("Cookie".into(), value.to_string())),
    }
}

/// `-H "Name: value"`. `Name:` (curl: remove a header curl adds) and
/// `Name;` (send it empty) are kept as an empty header.
fn push_header(parsed: &mut Parsed, text: &str, number: usize) -> Result<(), CurlError> {
    let (name, value) = match text.split_once(':') {
        Some((name, value)) => (name, value.trim()),
        None => match text.strip_suffix(';') {
            Some(name) => (name, ""),
            None => {
                return Err(CurlError::Unsupported(format!(
                    "-H (word {number}) is not `Name: value`"
                )));
            }
        },
    };
    if value.is_empty() && !text.ends_with(';') {
        parsed.ignored.push(format!("-H '{}:'", name.trim()));
        return Ok(());
    }
    parsed
        .headers
        .push((name.trim().to_string(), value.to_string()));
    Ok(())
}

/// One data option's value as curl sends it.
fn data_piece(kind: Data, flag: &str, value: &str, number: usize) -> Result<String, CurlError> {
    let reads_file = || CurlError::ReadsFile(flag.to_string(), number);
    match kind {
        Data::Raw => Ok(value.to_string()),
        Data::Plain | Data::Json if value.starts_with('@') => Err(reads_file()),
        Data::Plain | Data::Json => Ok(value.to_string()),
        Data::UrlEncode => {
            let split = value.find(['=', '@']);
            match split.map(|at| (at, &value[at..at + 1])) {
                Some((0, "=")) => Ok(escape(&value[1..])),
                Some((at, "=")) => Ok(format!("{}={}", &value[..at], escape(&value[at + 1..]))),
                Some(_) => Err(reads_file()),
                None => Ok(escape(value)),
            }
        }
    }
}

/// curl's `--data-urlencode` encoding (curl_easy_escape): all but
/// `A-Za-z0-9-._~` as `%XX`, as actionctl encodes query values.
fn escape(text: &str) -> String {
    crate::core::template::encode_query_component(text)
}

/// Text as a template that means exactly that text: `{{` escaped.
fn literal(text: &str) -> String {
    text.replace("{{", "\\{{")
}

/// A credential found in the command, with where it was and its value
/// (kept only to make sure it is written nowhere else).
struct Found {
    from: String,
    auth: AuthDraft,
    value: String,
}

/// The request's parts, worked out of the parsed options.
struct Request {
    method: Method,
    url: String,
    host: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<LiteralBody>,
    timeout: Option<String>,
    found: Vec<Found>,
    notes: Vec<String>,
}

fn build(parsed: Parsed, id: Option<&str>) -> Result<CurlImport, CurlError> {
    let request = request(parsed)?;
    let id = match id {
        Some(id) => id.to_string(),
        None => derived_id(request.method, &request.host, &request.path),
    };
    let secret = secret_name(&request.host, &id);
    let mut found = request.found;
    if found.len() > 1 {
        return Err(CurlError::TwoCredentials(
            found.into_iter().map(|f| f.from).collect(),
        ));
    }
    let (auth, credential) = match found.pop() {
        Some(Found { from, auth, value }) => (with_secret(auth, &secret), Some((from, value))),
        None => (AuthDraft::None, None),
    };
    let draft = ActionDraft {
        name: placeholder_name(request.method, &request.path),
        description: placeholder_description(request.method, &request.host, &request.path),
        id,
        method: request.method,
        url: request.url,
        auth,
        headers: request.headers,
        variables: Vec::new(),
    };
    let literals = DraftLiterals {
        body: request.body,
        timeout: request.timeout,
    };
    if let Some((from, value)) = &credential {
        refuse_repeated_credential(&draft.to_yaml_with(&literals), from, value)?;
    }
    Ok(CurlImport {
        secret: credential.as_ref().map(|_| secret),
        credential_from: credential.map(|(from, _)| from),
        draft,
        literals,
        notes: request.notes,
    })
}

/// The shortest credential looked for elsewhere in the file: shorter
/// text turns up by chance.
const REPEAT_MIN_CHARS: usize = 4;

/// The credential taken out of one place must not stand in another
/// (`-u bob:pw -d note=pw`): the file would hold it after all. Looked for
/// as written, JSON-escaped (as the file writes strings) and
/// percent-encoded.
fn refuse_repeated_credential(yaml: &str, from: &str, value: &str) -> Result<(), CurlError> {
    if value.chars().count() < REPEAT_MIN_CHARS {
        return Ok(());
    }
    let json = serde_json::Value::String(value.to_string()).to_string();
    let forms = [
        value.to_string(),
        json[1..json.len() - 1].to_string(),
        escape(value),
    ];
    if forms.iter().any(|form| yaml.contains(form.as_str())) {
        return Err(CurlError::Credentials(format!(
            "the credential from {from} also stands elsewhere in the command (URL, header, query or data); remove it there and import again"
        )));
    }
    Ok(())
}

fn request(parsed: Parsed) -> Result<Request, CurlError> {
    let mut notes = Vec::new();
    if !parsed.ignored.is_empty() {
        notes.push(format!(
            "left out (they do not change the request): {}",
            parsed.ignored.join(" ")
        ));
    }
    if parsed.insecure {
        notes.push("left out -k/--insecure: actionctl always verifies TLS certificates".into());
    }
    let method = method(&parsed)?;
    let (url_text, _) = parsed.url.clone().ok_or(CurlError::NoUrl)?;
    let mut found = Vec::new();
    let mut data = parsed.data.clone();
    let mut url = parse_url(&url_text, &mut found, &mut notes)?;
    if parsed.get && !data.is_empty() {
        url.query.append(&mut data);
    }
    let mut headers = Vec::new();
    let mut transport = Vec::new();
    let mut seen = HashSet::new();
    for (name, value) in &parsed.headers {
        if !seen.insert(name.to_ascii_lowercase()) {
            return Err(CurlError::Unsupported(format!(
                "header `{}` is given twice; an action sends each header once: keep one (or join the values with `, `)",
                shown(name, 40)
            )));
        }
        if is_transport_header(name) {
            transport.push(format!("`{name}`"));
            continue;
        }
        match header_credential(name, value) {
            Some((auth, secret)) => found.push(Found {
                from: format!("header {name}"),
                auth,
                value: secret,
            }),
            None => headers.push((name.clone(), literal(value))),
        }
    }
    if !transport.is_empty() {
        notes.push(format!(
            "left out header{} {}: the transport sets {} from the request (its body, connection and the URL's host); a host name the server needs goes in the URL",
            if transport.len() == 1 { "" } else { "s" },
            transport.join(", "),
            if transport.len() == 1 { "it" } else { "them" },
        ));
    }
    if let Some(user) = &parsed.user {
        let (auth, value) = basic_auth(user)?;
        found.push(Found {
            from: "-u".into(),
            auth,
            value,
        });
    }
    if let Some(token) = &parsed.bearer {
        found.push(Found {
            from: "--oauth2-bearer".into(),
            auth: AuthDraft::Bearer {
                secret: String::new(),
            },
            value: token.clone(),
        });
    }
    let query_text = query_without_credentials(&url.query, &mut found);
    let body = body(&parsed, &data, &headers, &mut found, &mut notes)?;
    if parsed.json
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
    {
        headers.push(("Accept".into(), "application/json".into()));
    }
    let mut full = url.base.clone();
    if !query_text.is_empty() {
        full.push('?');
        full.push_str(&query_text);
    }
    Ok(Request {
        method,
        url: literal(&full),
        host: url.host,
        path: url.path,
        headers,
        body,
        timeout: timeout(parsed.max_time.as_deref(), &mut notes)?,
        found,
        notes,
    })
}

fn method(parsed: &Parsed) -> Result<Method, CurlError> {
    if parsed.head {
        return Err(CurlError::Unsupported(
            "-I/--head sends HEAD; an action sends GET, POST, PUT, PATCH or DELETE".into(),
        ));
    }
    if let Some((name, number)) = &parsed.method {
        return Method::parse(&name.to_ascii_uppercase()).ok_or_else(|| {
            CurlError::Unsupported(format!(
                "-X (word {number}) asks for `{}`; an action sends GET, POST, PUT, PATCH or DELETE",
                shown(name, 20)
            ))
        });
    }
    Ok(if parsed.get || parsed.data.is_empty() {
        Method::Get
    } else {
        Method::Post
    })
}

/// The URL taken apart: scheme, host and path as written (userinfo and
/// fragment removed), and the query's `&`-separated pieces.
struct UrlParts {
    base: String,
    host: String,
    path: String,
    query: Vec<String>,
}

fn parse_url(
    text: &str,
    found: &mut Vec<Found>,
    notes: &mut Vec<String>,
) -> Result<UrlParts, CurlError> {
    let bad = |why: &str| CurlError::Url(format!("the URL {why}"));
    // curl sends a URL without a scheme over plain HTTP; an action would
    // prepend https://, so the scheme is written out.
    let text = if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    let (text, fragment) = match text.split_once('#') {
        Some((before, _)) => (before.to_string(), true),
        None => (text, false),
    };
    if fragment {
        notes.push("left out the URL's #fragment: curl does not send it".into());
    }
    let (scheme, rest) = text.split_once("://").ok_or_else(|| bad("has no host"))?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(bad("is not http or https"));
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (mut authority, after) = rest.split_at(authority_end);
    if let Some((userinfo, host)) = authority.rsplit_once('@') {
        let (auth, value) =
            basic_auth(&percent_encoding::percent_decode_str(userinfo).decode_utf8_lossy())?;
        found.push(Found {
            from: "the URL's user:password@".into(),
            auth,
            value,
        });
        authority = host;
    }
    if authority.is_empty() {
        return Err(bad("has no host"));
    }
    let (path, query) = match after.split_once('?') {
        Some((path, query)) => (path, query),
        None => (after, ""),
    };
    let host = authority
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(authority, |(host, _)| host);
    Ok(UrlParts {
        base: format!("{scheme}://{authority}{path}"),
        host: host.to_ascii_lowercase(),
        path: path.to_string(),
        query: query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

/// True when a header, query or form field called `name` carries a
/// credential, by name or by the look of its value.
fn is_credential(name: &str, value: &str) -> bool {
    !value.is_empty()
        && (is_sensitive_name(name)
            || is_credential_like_name(name)
            || names_a_session(name)
            || has_auth_scheme(value)
            || looks_like_credential_value(value, names_an_identifier(name)))
}

/// The auth a header stands for, when it carries a credential, and the
/// credential's value.
fn header_credential(name: &str, value: &str) -> Option<(AuthDraft, String)> {
    if !is_credential(name, value) {
        return None;
    }
    if name.eq_ignore_ascii_case("authorization") {
        let (scheme, rest) = value.split_once(' ').unwrap_or(("", value));
        let rest = rest.trim();
        if scheme.eq_ignore_ascii_case("bearer") {
            let auth = AuthDraft::Bearer {
                secret: String::new(),
            };
            return Some((auth, rest.to_string()));
        }
        if scheme.eq_ignore_ascii_case("basic")
            && let Some(found) = decoded_basic(rest)
        {
            return Some(found);
        }
        let prefix = (!scheme.is_empty()).then(|| format!("{scheme} "));
        let auth = AuthDraft::Header {
            header: name.to_string(),
            prefix,
            secret: String::new(),
        };
        return Some((auth, rest.to_string()));
    }
    if has_auth_scheme(value) {
        let (scheme, rest) = value.trim().split_once(' ').unwrap_or_default();
        let auth = AuthDraft::Header {
            header: name.to_string(),
            prefix: Some(format!("{scheme} ")),
            secret: String::new(),
        };
        return Some((auth, rest.trim().to_string()));
    }
    let auth = AuthDraft::Header {
        header: name.to_string(),
        prefix: None,
        secret: String::new(),
    };
    Some((auth, value.to_string()))
}

fn decoded_basic(encoded: &str) -> Option<(AuthDraft, String)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    basic_auth(&String::from_utf8(bytes).ok()?).ok()
}

/// `user:password` (or `key:`, the key as the username) as basic auth,
/// and the password (or key).
fn basic_auth(userinfo: &str) -> Result<(AuthDraft, String), CurlError> {
    match userinfo.split_once(':') {
        Some(("", _)) => Err(CurlError::Unsupported(
            "the credential `:password` has no user name; write user:password (or KEY: for a key with no password)".into(),
        )),
        Some((key, "")) => Ok((
            AuthDraft::BasicKey {
                secret: String::new(),
            },
            key.to_string(),
        )),
        Some((user, password)) => Ok((
            AuthDraft::Basic {
                username: literal(user),
                secret: String::new(),
            },
            password.to_string(),
        )),
        None => Err(CurlError::Unsupported(
            "a user name without `:password` makes curl ask for the password; write user:password (or KEY: for a key with no password)".into(),
        )),
    }
}

/// The query's pieces without those that carry a credential, each of
/// which is noted in `found` as query auth.
fn query_without_credentials(pieces: &[String], found: &mut Vec<Found>) -> String {
    let mut kept = Vec::new();
    for piece in pieces {
        let (name, value) = decoded_pair(piece);
        if is_credential(&name, &value) {
            found.push(Found {
                from: format!("query parameter {name}"),
                auth: AuthDraft::Query {
                    param: name,
                    secret: String::new(),
                },
                value,
            });
        } else {
            kept.push(piece.as_str());
        }
    }
    kept.join("&")
}

fn decoded_pair(piece: &str) -> (String, String) {
    url::form_urlencoded::parse(piece.as_bytes())
        .next()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .unwrap_or_default()
}

/// The data as the action's body: JSON text (`--json`, a JSON content
/// type, or data that is a JSON object or array) or form fields.
fn body(
    parsed: &Parsed,
    data: &[String],
    headers: &[(String, String)],
    found: &mut Vec<Found>,
    notes: &mut Vec<String>,
) -> Result<Option<LiteralBody>, CurlError> {
    if data.is_empty() {
        return Ok(None);
    }
    let text = if parsed.json {
        data.concat()
    } else {
        data.join("&")
    };
    if text.is_empty() {
        return Ok(None);
    }
    let content_type = headers
        .iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.to_ascii_lowercase());
    let essence = content_type
        .as_deref()
        .map(|ct| ct.split(';').next().unwrap_or_default().trim().to_string());
    let json_type = essence
        .as_deref()
        .is_some_and(|e| e == "application/json" || e.ends_with("+json"));
    let looks_json = text.trim_start().starts_with(['{', '[']);
    match essence.as_deref() {
        _ if parsed.json || json_type => json_body(&text, found).map(Some),
        Some("application/x-www-form-urlencoded") => form_body(&text, found).map(Some),
        Some(other) => Err(CurlError::Body(format!(
            "the data is sent as `{other}`; an action sends JSON or application/x-www-form-urlencoded bodies"
        ))),
        None if looks_json => {
            notes.push("the data is JSON: the action sends it as application/json (curl, given no Content-Type, labels it a form)".into());
            json_body(&text, found).map(Some)
        }
        None => form_body(&text, found).map(Some),
    }
    .inspect(|body| note_regrouped_fields(body.as_ref(), notes))
}

/// A form field repeated after other fields is sent with its first
/// values (a `form:` key holds them as one list): said, since the
/// server sees another order.
fn note_regrouped_fields(body: Option<&LiteralBody>, notes: &mut Vec<String>) {
    let Some(LiteralBody::Form(fields)) = body else {
        return;
    };
    let mut moved: Vec<&str> = Vec::new();
    let (mut seen, mut said) = (HashSet::new(), HashSet::new());
    for (i, (name, _)) in fields.iter().enumerate() {
        let follows_itself = i > 0 && fields[i - 1].0 == *name;
        if !seen.insert(name.as_str()) && !follows_itself && said.insert(name.as_str()) {
            moved.push(name);
        }
    }
    if !moved.is_empty() {
        let shown: Vec<String> = moved.iter().take(5).map(|n| (*n).to_string()).collect();
        notes.push(format!(
            "form field{} {} repeat{} after other fields; the action sends each field's values together",
            if moved.len() == 1 { "" } else { "s" },
            crate::core::text::cut_list(&shown, moved.len()),
            if moved.len() == 1 { "s" } else { "" }
        ));
    }
}

fn json_body(text: &str, found: &mut Vec<Found>) -> Result<LiteralBody, CurlError> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        CurlError::Body(format!(
            "the data is meant as JSON but is not: {e} (line {}, column {} of the data)",
            e.line(),
            e.column()
        ))
    })?;
    if let Some(why) = exact_json::not_sent_as_written(text) {
        return Err(CurlError::Body(strip_serde_position(&why)));
    }
    refuse_nested_credential(&value, "", 0)?;
    let Some(members) = value.as_object_mut() else {
        return Ok(LiteralBody::JsonText(literal(text)));
    };
    let credentials: Vec<(String, String)> = members
        .iter()
        .filter_map(|(k, v)| {
            v.as_str()
                .filter(|v| is_credential(k, v))
                .map(|v| (k.clone(), v.to_string()))
        })
        .collect();
    if credentials.is_empty() {
        return Ok(LiteralBody::JsonText(literal(text)));
    }
    for (param, secret) in credentials {
        members.shift_remove(&param);
        found.push(Found {
            from: format!("body member {param}"),
            auth: AuthDraft::Body {
                param,
                secret: String::new(),
            },
            value: secret,
        });
    }
    Ok(LiteralBody::JsonText(literal(&value.to_string())))
}

/// A credential below the top level of a JSON body cannot become body
/// auth (which sets a top-level member) and must not be written: the
/// import is refused, naming the member's path (never its value).
fn refuse_nested_credential(
    value: &serde_json::Value,
    path: &str,
    depth: usize,
) -> Result<(), CurlError> {
    let children: Vec<(String, &serde_json::Value)> = match value {
        serde_json::Value::Object(members) => members
            .iter()
            .map(|(k, v)| {
                (
                    format!("{path}{}{k}", if path.is_empty() { "" } else { "." }),
                    v,
                )
            })
            .collect(),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{path}[{i}]"), v))
            .collect(),
        _ => return Ok(()),
    };
    for (child_path, child) in children {
        let name = child_path.rsplit(['.', '[']).next().unwrap_or_default();
        let below_top = depth > 0 || value.is_array();
        if below_top && child.as_str().is_some_and(|t| is_credential(name, t)) {
            return Err(CurlError::Credentials(format!(
                "the JSON body holds a credential at `{}`; auth puts a secret only in a top-level member of the body, and the file must not hold it: an action cannot send this body",
                shown(&child_path, 80)
            )));
        }
        refuse_nested_credential(child, &child_path, depth + 1)?;
    }
    Ok(())
}

fn form_body(text: &str, found: &mut Vec<Found>) -> Result<LiteralBody, CurlError> {
    let mut fields = Vec::new();
    for piece in text.split('&').filter(|p| !p.is_empty()) {
        if !piece.contains('=') || piece.starts_with('=') {
            return Err(CurlError::Body(
                "the data is neither JSON nor name=value form fields; an action sends JSON or form bodies".into(),
            ));
        }
        let (name, value) = decoded_pair(piece);
        if is_credential(&name, &value) {
            found.push(Found {
                from: format!("form field {name}"),
                auth: AuthDraft::Body {
                    param: name,
                    secret: String::new(),
                },
                value,
            });
            continue;
        }
        fields.push((literal(&name), literal(&value)));
    }
    Ok(LiteralBody::Form(fields))
}

/// `--max-time SECONDS` as `timeout:`; 0 (no limit) leaves the default.
fn timeout(max_time: Option<&str>, notes: &mut Vec<String>) -> Result<Option<String>, CurlError> {
    let Some(text) = max_time else {
        return Ok(None);
    };
    let seconds: f64 = text
        .trim()
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s >= 0.0)
        .ok_or_else(|| {
            CurlError::Timeout(format!(
                "--max-time `{}` is not a number of seconds",
                shown(text, 20)
            ))
        })?;
    if seconds == 0.0 {
        notes.push("--max-time 0 means no limit in curl; the action keeps the default 120s".into());
        return Ok(None);
    }
    if seconds > 3600.0 {
        return Err(CurlError::Timeout(format!(
            "--max-time {text}: an action's timeout is at most 1h (3600 seconds)"
        )));
    }
    let millis = ((seconds * 1000.0).round() as u64).max(1);
    Ok(Some(if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{millis}ms")
    }))
}

/// `post-v1-orders`: the method and the path's words, at most 64
/// characters.
fn derived_id(method: Method, host: &str, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    let words = if path.trim_matches('/').is_empty() {
        format!("/{}", host_label(host).unwrap_or_default())
    } else {
        path.to_string()
    };
    for c in words.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let mut id: String = id.trim_end_matches('-').chars().take(64).collect();
    while id.ends_with('-') {
        id.pop();
    }
    if is_valid_id(&id) {
        id
    } else {
        method.as_str().to_ascii_lowercase()
    }
}

/// The host's telling label: `api.stripe.com` → `stripe`; none for an
/// IP address or a one-label host.
fn host_label(host: &str) -> Option<String> {
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    labels[..labels.len() - 1]
        .iter()
        .find(|l| !matches!(**l, "api" | "www" | "rest" | "app"))
        .or(labels.first())
        .map(|l| {
            l.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|l| !l.is_empty())
}

/// The secret's name: the host's label, else the action id.
fn secret_name(host: &str, id: &str) -> String {
    host_label(host).unwrap_or_else(|| id.to_string())
}

fn with_secret(auth: AuthDraft, name: &str) -> AuthDraft {
    let secret = name.to_string();
    match auth {
        AuthDraft::None => AuthDraft::None,
        AuthDraft::Bearer { .. } => AuthDraft::Bearer { secret },
        AuthDraft::Basic { username, .. } => AuthDraft::Basic { username, secret },
        AuthDraft::BasicKey { .. } => AuthDraft::BasicKey { secret },
        AuthDraft::Header { header, prefix, .. } => AuthDraft::Header {
            header,
            prefix,
            secret,
        },
        AuthDraft::Body { param, .. } => AuthDraft::Body { param, secret },
        AuthDraft::Query { param, .. } => AuthDraft::Query { param, secret },
    }
}

/// `POST /v1/orders`, cut to the 64 characters a name may have.
fn placeholder_name(method: Method, path: &str) -> String {
    let path = if path.is_empty() { "/" } else { path };
    let name: String = format!("{} {}", method.as_str(), printable(path))
        .chars()
        .take(64)
        .collect();
    name
}

/// A description within the format's 10-200 characters that says it is
/// a placeholder.
fn placeholder_description(method: Method, host: &str, path: &str) -> String {
    let tail = " (imported from curl: say when the agent should use it)";
    let target: String = format!("{}{}", printable(host), printable(path))
        .chars()
        .take(200 - tail.len() - 12)
        .collect();
    format!("Sends {} {target}{tail}", method.as_str())
}

/// A word of the command in a message: control characters escaped, cut
/// after `max` characters.
fn shown(text: &str, max: usize) -> String {
    let escaped: String = text.escape_debug().collect();
    match escaped.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &escaped[..at]),
        None => escaped,
    }
}

/// Text without control characters, for a name or description.
fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// serde's " at line L column C" tail: the message says what, the data
/// is short enough to find it.
fn strip_serde_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

mod exact_json;
#[cfg(test)]
mod tests;
