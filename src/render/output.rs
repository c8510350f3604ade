//! Printable forms of a request: the HTTP-message text view, the JSON
//! document scripts read, and an equivalent curl command. Every form is
//! masked: secrets appear as `<secret:NAME>`, or in curl as a reference
//! to their environment variable, never as values.

use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::{Map, Value, json};

use crate::core::model::Action;
use crate::core::request::{HeaderValue, Request};
use crate::core::template::{encode_form_component, encode_query_credential};
use crate::render::term::is_unsafe;

/// `METHOD URL`, the headers, a blank line and the body: pretty JSON, or
/// a form as the encoded line it is sent as.
/// Characters that could drive a terminal are shown as escapes
/// (`\u{1b}`), as the trace shows them: the text goes to stdout, where
/// nothing else escapes it.
pub(crate) fn request_text(request: &Request) -> String {
    let mut out = format!("{} {}\n", request.method.as_str(), request.masked_url());
    for header in &request.headers {
        out.push_str(&format!("{}: {}\n", header.name, header.value.masked()));
    }
    if let Some(body) = shown_body(request) {
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    }
    crate::render::term::visible(&out).into_owned()
}

/// The body as the text and trace views show it, secrets masked: pretty
/// JSON, or the form's encoded line.
pub(crate) fn shown_body(request: &Request) -> Option<String> {
    request
        .masked_form_text()
        .or_else(|| request.masked_body().map(|body| pretty(&body)))
}

/// `{"method", "url", "headers": {...}, "body"}` with secrets masked. A
/// form's `body` is its encoded text, and `form` lists its fields as
/// `[name, value]` pairs, in order, values decoded.
pub(crate) fn request_json(request: &Request) -> Value {
    let headers: Map<String, Value> = request
        .headers
        .iter()
        .map(|h| (h.name.clone(), Value::String(h.value.masked())))
        .collect();
    let mut doc = json!({
        "method": request.method.as_str(),
        "url": request.masked_url(),
        "headers": headers,
        "body": request.masked_body(),
    });
    if let (Some(text), Some(fields)) = (request.masked_form_text(), request.masked_form()) {
        doc["body"] = Value::String(text);
        doc["form"] = fields.into_iter().map(|(n, v)| json!([n, v])).collect();
    }
    doc
}

/// An equivalent curl command that reads each secret from its
/// `ACTIONCTL_SECRET_*` environment variable instead of embedding it.
/// It is built from the structured request, where secrets are typed
/// parts, so no value a user gives can turn into a secret reference. Run,
/// it sends what `test` sends: the same request target, headers (curl's
/// `User-Agent` set to actionctl's) and body bytes. A query credential
/// goes in with `--url-query` and each form field with
/// `--data-urlencode`, names pre-encoded (curl encodes only values), so
/// curl encodes the secret from the environment as `test` does.
pub(crate) fn request_curl(request: &Request, env_var: &dyn Fn(&str) -> String) -> String {
    let mut lines = vec![format!("curl {}", sq(&request.url))];
    if request.url.contains(['[', ']', '{', '}']) {
        lines.push("--globoff".to_string());
    }
    if let Some((param, secret)) = &request.query_credential {
        lines.push(format!(
            "--url-query {}",
            shell_word(&[
                Piece::Text(format!("{}=", encode_query_credential(param))),
                Piece::Env(env_var(secret)),
            ])
        ));
    }
    if request.method != crate::core::model::Method::Get || request.has_body() {
        lines.push(format!("--request {}", request.method.as_str()));
    }
    if request.header("user-agent").is_none() {
        lines.push(format!(
            "--user-agent {}",
            sq(crate::io::transport::USER_AGENT)
        ));
    }
    for header in &request.headers {
        let word = match &header.value {
            HeaderValue::Text(text) if text.is_empty() => {
                // curl drops `Name:` with no value; `Name;` sends it empty.
                format!("--header {}", sq(&format!("{};", header.name)))
            }
            HeaderValue::Text(text) => {
                format!("--header {}", sq(&format!("{}: {text}", header.name)))
            }
            HeaderValue::Secret { prefix, secret } => format!(
                "--header {}",
                shell_word(&[
                    Piece::Text(format!("{}: {prefix}", header.name)),
                    Piece::Env(env_var(secret)),
                ])
            ),
            HeaderValue::Basic { username, secret } => format!(
                "--user {}",
                shell_word(&[
                    Piece::Text(format!("{username}:")),
                    Piece::Env(env_var(secret)),
                ])
            ),
            HeaderValue::BasicKey { secret } => format!(
                "--user {}",
                shell_word(&[Piece::Env(env_var(secret)), Piece::Text(":".into())])
            ),
        };
        lines.push(word);
    }
    lines.push(format!("--max-time {}", request.timeout.as_secs_f64()));
    if request.has_form() {
        lines.extend(curl_form(request, env_var));
    } else if let Some(data) = curl_data(request, env_var) {
        lines.push(format!("--data-raw {}", shell_word(&data)));
    }
    lines.join(" \\\n  ")
}

/// One `--data-urlencode 'NAME=value'` per form field, the body
/// credential's value read from its environment variable; an empty form
/// is `--data-raw ''`, so curl still sends an empty body. A field whose
/// value holds a control character goes pre-encoded with `--data-raw`
/// (curl joins both kinds with `&` alike): plain ASCII on the terminal,
/// and a NUL, which no command-line argument can carry, still sent.
fn curl_form(request: &Request, env_var: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut words: Vec<String> = request
        .form_fields()
        .unwrap_or_default()
        .iter()
        .map(|(name, value)| {
            let name = encode_form_component(name);
            if value.chars().any(|c| c == '\0' || is_unsafe(c)) {
                let field = format!("{name}={}", encode_form_component(value));
                format!("--data-raw {}", sq(&field))
            } else {
                format!("--data-urlencode {}", sq(&format!("{name}={value}")))
            }
        })
        .collect();
    if let Some((param, secret)) = &request.body_credential {
        words.push(format!(
            "--data-urlencode {}",
            shell_word(&[
                Piece::Text(format!("{}=", encode_form_component(param))),
                Piece::Env(env_var(secret)),
            ])
        ));
    }
    if words.is_empty() {
        words.push("--data-raw ''".to_string());
    }
    words
}

/// Part of one shell word: literal text, or a secret's environment
/// variable.
enum Piece {
    Text(String),
    Env(String),
}

/// One shell word: text single-quoted, variables as `"$NAME"`, joined.
fn shell_word(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => sq(text),
            Piece::Env(var) => format!("\"${var}\""),
        })
        .collect()
}

/// The body as curl sends it: the same compact JSON as the wire, with a
/// body credential read from its environment variable inside the JSON
/// string (its value spliced in raw: a secret holding `"`, `\` or control
/// characters would need JSON escaping that a shell cannot do).
fn curl_data(request: &Request, env_var: &dyn Fn(&str) -> String) -> Option<Vec<Piece>> {
    let body = request.body_with(|_| Value::Null)?;
    Some(match (&request.body_credential, &body) {
        (Some((param, secret)), Value::Object(members)) => {
            object_with_secret(members, param, env_var(secret))
        }
        _ => vec![Piece::Text(body.to_string())],
    })
}

/// `members` as compact JSON, the member `param` holding `"$VAR"`.
fn object_with_secret(members: &Map<String, Value>, param: &str, var: String) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&Value::String(key.clone()).to_string());
        text.push(':');
        if key == param {
            text.push('"');
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Env(var.clone()));
            text.push('"');
        } else {
            text.push_str(&value.to_string());
        }
    }
    text.push('}');
    pieces.push(Piece::Text(text));
    pieces
}

/// Quotes a word for POSIX shells: single quotes, and each run of
/// characters that could drive a terminal (ESC, BEL, DEL, C1 controls,
/// bidirectional overrides) as `"$(printf '\033')"`, its UTF-8 bytes in
/// octal. The shell hands the command the same bytes, while the
/// terminal that shows the export never sees them raw; `printf` octal
/// escapes work in every POSIX shell (dash has no `$'…'`).
pub(crate) fn sq(word: &str) -> String {
    if !word.chars().any(is_unsafe) {
        return format!("'{}'", word.replace('\'', r"'\''"));
    }
    let mut out = String::new();
    let mut rest = word;
    while !rest.is_empty() {
        let unsafe_run = rest.starts_with(is_unsafe);
        let end = rest
            .find(|c: char| is_unsafe(c) != unsafe_run)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        if unsafe_run {
            let octal: String = run.bytes().map(|b| format!("\\{b:03o}")).collect();
            out.push_str(&format!("\"$(printf '{octal}')\""));
        } else {
            out.push_str(&format!("'{}'", run.replace('\'', r"'\''")));
        }
        rest = tail;
    }
    out
}

/// Pretty JSON with two-space indentation. Besides the C0 controls JSON
/// always escapes, DEL, C1 controls, bidirectional overrides and
/// U+FFFE/U+FFFF are written as `\uXXXX` escapes: the same JSON value,
/// but nothing that can drive a terminal the document is shown on.
pub(crate) fn pretty(value: &Value) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, TerminalSafe(PrettyFormatter::new()));
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's pretty formatter, escaping more characters in strings.
struct TerminalSafe(PrettyFormatter<'static>);

macro_rules! forward {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $name<W: ?Sized + std::io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> std::io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl Formatter for TerminalSafe {
    forward!(
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        begin_object_value(),
        end_object_value(),
    );

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(crate::render::term::is_unsafe) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

/// One `list` line: id, method and name in aligned columns.
pub(crate) fn list_line(action: &Action, id_width: usize) -> String {
    format!(
        "{:<id_width$}  {:<6}  {}",
        action.id,
        action.method.as_str(),
        action.name
    )
}

/// One `list` line for a flow: `flow` where an action has its method.
pub(crate) fn flow_list_line(flow: &crate::core::flow::Flow, id_width: usize) -> String {
    format!("{:<id_width$}  {:<6}  {}", flow.id, "flow", flow.name)
}

/// The `list --format json` entry for a flow: its steps' actions in order.
pub(crate) fn flow_list_json(flow: &crate::core::flow::Flow, path: &str) -> Value {
    let steps: Vec<&str> = flow.steps.iter().map(|s| s.action.as_str()).collect();
    json!({
        "kind": "flow",
        "id": flow.id,
        "name": flow.name,
        "path": path,
        "steps": steps,
    })
}

/// The `list --format json` entry for an action.
pub(crate) fn list_json(action: &Action, path: &str) -> Value {
    json!({
        "kind": "action",
        "id": action.id,
        "method": action.method.as_str(),
        "name": action.name,
        "path": path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::context::Context;
    use crate::core::validate::Validator;

    fn request(extra: &str) -> Request {
        let text = format!("name: T\ndescription: A test action here\n{extra}");
        let report = Validator::new().check("t", "t.yaml", text.as_bytes());
        let diagnostics = format!("{:?}", report.diagnostics);
        let action = report
            .into_action()
            .unwrap_or_else(|| panic!("{diagnostics}"));
        crate::core::request::build(&action, &Default::default(), &Context::default()).unwrap()
    }

    #[test]
    fn pretty_json_escapes_what_could_drive_a_terminal() {
        let value = json!({"k\u{9b}": "a\u{1b}]0;x\u{7}b\u{9b}c\u{7f}\u{202e}d\u{ffff}é"});
        let text = pretty(&value);
        assert_eq!(
            text,
            "{\n  \"k\\u009b\": \"a\\u001b]0;x\\u0007b\\u009bc\\u007f\\u202ed\\uffffé\"\n}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }

    #[test]
    fn text_form_reads_like_an_http_message() {
        let r = request(
            "method: POST\nurl: https://x.test/a\nauth:\n  type: bearer\n  secret: api\nbody:\n  a: 1\n",
        );
        assert_eq!(
            request_text(&r),
            "POST https://x.test/a\nAuthorization: Bearer <secret:api>\nContent-Type: application/json\n\n{\n  \"a\": 1\n}\n"
        );
    }

    #[test]
    fn json_form_has_contract_fields() {
        let r =
            request("method: GET\nurl: https://x.test/a\nheaders:\n  Accept: application/json\n");
        assert_eq!(
            request_json(&r),
            json!({"method": "GET", "url": "https://x.test/a", "headers": {"Accept": "application/json"}, "body": null})
        );
    }

    #[test]
    fn curl_reads_secrets_from_the_environment() {
        let r = request(
            "method: GET\nurl: https://x.test/a\nauth:\n  type: bearer\n  secret: company-api\n",
        );
        assert_eq!(
            request_curl(&r, &|n| crate::io::secrets::env_var_name(n, None)),
            format!(
                "curl 'https://x.test/a' \\\n  --user-agent '{}' \\\n  --header 'Authorization: Bearer '\"$ACTIONCTL_SECRET_COMPANY_API\" \\\n  --max-time 120",
                crate::io::transport::USER_AGENT
            )
        );
        let r = request(
            "method: POST\nurl: https://x.test/a\nauth:\n  type: body\n  param: key\n  secret: k\nbody:\n  note: \"it's\"\n",
        );
        let curl = request_curl(&r, &|n| crate::io::secrets::env_var_name(n, None));
        assert!(
            curl.ends_with(r#"--data-raw '{"note":"it'\''s","key":"'"$ACTIONCTL_SECRET_K"'"}'"#),
            "{curl}"
        );
        let r = request(
            "method: GET\nurl: https://x.test/a\nauth:\n  type: basic\n  username: jdoe\n  secret: zd\n",
        );
        assert!(
            request_curl(&r, &|n| crate::io::secrets::env_var_name(n, None))
                .contains(r#"--user 'jdoe:'"$ACTIONCTL_SECRET_ZD""#)
        );
    }

    fn env(name: &str) -> String {
        crate::io::secrets::env_var_name(name, None)
    }

    const FORM: &str = "method: POST\nurl: https://x.test/a\nauth: {type: body, param: api_key, secret: k}\nform:\n  To: [\"+1 555\", b]\n  \"m[id]\": \"it's & more\"\n";

    #[test]
    fn forms_show_as_their_encoded_line_and_as_fields() {
        let r = request(FORM);
        assert_eq!(
            request_text(&r),
            "POST https://x.test/a\nContent-Type: application/x-www-form-urlencoded\n\nTo=%2B1+555&To=b&m%5Bid%5D=it%27s+%26+more&api_key=<secret:k>\n"
        );
        assert_eq!(
            request_json(&r),
            json!({
                "method": "POST",
                "url": "https://x.test/a",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
                "body": "To=%2B1+555&To=b&m%5Bid%5D=it%27s+%26+more&api_key=<secret:k>",
                "form": [["To", "+1 555"], ["To", "b"], ["m[id]", "it's & more"], ["api_key", "<secret:k>"]],
            })
        );
    }

    #[test]
    fn curl_sends_each_form_field_with_data_urlencode() {
        let curl = request_curl(&request(FORM), &env);
        assert!(
            curl.ends_with(
                "--max-time 120 \\\n  --data-urlencode 'To=+1 555' \\\n  --data-urlencode 'To=b' \\\n  --data-urlencode 'm%5Bid%5D=it'\\''s & more' \\\n  --data-urlencode 'api_key='\"$ACTIONCTL_SECRET_K\""
            ),
            "{curl}"
        );
        let empty = request("method: POST\nurl: https://x.test/a\nform: {}\n");
        assert!(
            request_curl(&empty, &env).ends_with("--max-time 120 \\\n  --data-raw ''"),
            "an empty form still sends an empty body"
        );
    }

    #[test]
    fn query_auth_basic_keys_and_prefixes_in_every_form() {
        let r = request(
            "method: GET\nurl: https://x.test/a?b=1\nauth: {type: query, param: api key, secret: inv}\n",
        );
        assert_eq!(
            request_text(&r),
            "GET https://x.test/a?b=1&api+key=<secret:inv>\n"
        );
        assert_eq!(
            request_json(&r)["url"],
            "https://x.test/a?b=1&api+key=<secret:inv>"
        );
        let curl = request_curl(&r, &env);
        assert!(
            curl.starts_with("curl 'https://x.test/a?b=1' \\\n  --url-query 'api+key='\"$ACTIONCTL_SECRET_INV\" \\\n"),
            "{curl}"
        );
        let r = request(
            "method: GET\nurl: https://x.test/a\nauth: {type: basic, username_secret: stripe}\n",
        );
        assert_eq!(
            request_text(&r),
            "GET https://x.test/a\nAuthorization: Basic base64(<secret:stripe>:)\n"
        );
        assert!(request_curl(&r, &env).contains("--user \"$ACTIONCTL_SECRET_STRIPE\"':'"));
        let r = request(
            "method: GET\nurl: https://x.test/a\nauth: {type: header, header: Authorization, prefix: \"Token \", secret: gh}\n",
        );
        assert!(
            request_curl(&r, &env)
                .contains("--header 'Authorization: Token '\"$ACTIONCTL_SECRET_GH\""),
        );
    }

    #[test]
    fn curl_has_no_sentinel_a_value_could_forge() {
        let r = request(
            "method: POST\nurl: https://x.test/a\nauth:\n  type: body\n  param: key\n  secret: k\nbody:\n  note: \"\\x01ACTIONCTL-SECRET\\x01\"\n",
        );
        let curl = request_curl(&r, &|n| crate::io::secrets::env_var_name(n, None));
        assert!(
            curl.ends_with(r#"--data-raw '{"note":"\u0001ACTIONCTL-SECRET\u0001","key":"'"$ACTIONCTL_SECRET_K"'"}'"#),
            "{curl}"
        );
    }

    #[test]
    fn shell_words_write_terminal_controls_as_printf_octal() {
        assert_eq!(sq("it's"), r"'it'\''s'");
        assert_eq!(sq("a\nb\tc"), "'a\nb\tc'", "layout stays as it is");
        assert_eq!(
            sq("=\u{1b}]0;x\u{7}'\u{202e}"),
            r#"'='"$(printf '\033')"']0;x'"$(printf '\007')"''\'''"$(printf '\342\200\256')""#
        );
        assert_eq!(sq("\u{7f}\u{9b}"), r#""$(printf '\177\302\233')""#);
    }

    #[test]
    fn curl_keeps_empty_headers_and_turns_globbing_off() {
        let r = request(
            "method: GET\nurl: https://x.test/a?r=[1]\nheaders:\n  X-Empty: \"\"\n  User-Agent: mine\n",
        );
        let curl = request_curl(&r, &|n| crate::io::secrets::env_var_name(n, None));
        assert_eq!(
            curl,
            "curl 'https://x.test/a?r=[1]' \\\n  --globoff \\\n  --header 'X-Empty;' \\\n  --header 'User-Agent: mine' \\\n  --max-time 120"
        );
    }
}
