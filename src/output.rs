//! Printable forms of a request: the HTTP-message text view, the JSON
//! document scripts read, and an equivalent curl command. Every form is
//! masked: secrets appear as `<secret:NAME>`, or in curl as a reference
//! to their environment variable, never as values.

use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::{Map, Value, json};

use crate::model::Action;
use crate::request::{HeaderValue, Request};

/// `METHOD URL`, the headers, a blank line and the pretty JSON body.
pub fn request_text(request: &Request) -> String {
    let mut out = format!("{} {}\n", request.method.as_str(), request.url);
    for header in &request.headers {
        out.push_str(&format!("{}: {}\n", header.name, header.value.masked()));
    }
    if let Some(body) = request.masked_body() {
        out.push('\n');
        out.push_str(&pretty(&body));
        out.push('\n');
    }
    out
}

/// `{"method", "url", "headers": {...}, "body"}` with secrets masked.
pub fn request_json(request: &Request) -> Value {
    let headers: Map<String, Value> = request
        .headers
        .iter()
        .map(|h| (h.name.clone(), Value::String(h.value.masked())))
        .collect();
    json!({
        "method": request.method.as_str(),
        "url": request.url,
        "headers": headers,
        "body": request.masked_body(),
    })
}

/// An equivalent curl command that reads each secret from its
/// `ACTIONCTL_SECRET_*` environment variable instead of embedding it.
pub fn request_curl(request: &Request, env_var: &dyn Fn(&str) -> String) -> String {
    let mut lines = vec![format!("curl {}", sq(&request.url))];
    if request.method != crate::model::Method::Get
        || request.body.is_some()
        || request.body_credential.is_some()
    {
        lines.push(format!("--request {}", request.method.as_str()));
    }
    for header in &request.headers {
        lines.push(match &header.value {
            HeaderValue::Text(text) => {
                format!("--header {}", sq(&format!("{}: {text}", header.name)))
            }
            HeaderValue::Secret { prefix, secret } => format!(
                "--header {}\"${}\"",
                sq(&format!("{}: {prefix}", header.name)),
                env_var(secret)
            ),
            HeaderValue::Basic { username, secret } => {
                format!(
                    "--user {}\"${}\"",
                    sq(&format!("{username}:")),
                    env_var(secret)
                )
            }
        });
    }
    lines.push(format!("--max-time {}", request.timeout.as_secs_f64()));
    if let Some(data) = curl_data(request, env_var) {
        lines.push(format!("--data-raw {data}"));
    }
    lines.join(" \\\n  ")
}

/// The body argument for curl: single-quoted JSON, with a body credential
/// spliced in as `"$ACTIONCTL_SECRET_X"` between quotes.
fn curl_data(request: &Request, env_var: &dyn Fn(&str) -> String) -> Option<String> {
    const SENTINEL: &str = "\u{1}ACTIONCTL-SECRET\u{1}";
    let body = request.body_with(|_| Value::String(SENTINEL.to_string()))?;
    let text = body.to_string();
    let var = request
        .body_credential
        .as_ref()
        .map(|(_, secret)| env_var(secret))
        .unwrap_or_default();
    let escaped_sentinel = Value::String(SENTINEL.to_string()).to_string();
    let inner = &escaped_sentinel[1..escaped_sentinel.len() - 1];
    Some(
        text.split(inner)
            .map(sq)
            .collect::<Vec<_>>()
            .join(&format!("\"${var}\"")),
    )
}

/// Single-quotes a word for POSIX shells.
pub fn sq(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Pretty JSON with two-space indentation. Besides the C0 controls JSON
/// always escapes, DEL, C1 controls, bidirectional overrides and
/// U+FFFE/U+FFFF are written as `\uXXXX` escapes: the same JSON value,
/// but nothing that can drive a terminal the document is shown on.
pub fn pretty(value: &Value) -> String {
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
        while let Some(at) = rest.find(crate::term::is_unsafe) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

/// One `list` line: id, method and name in aligned columns.
pub fn list_line(action: &Action, id_width: usize) -> String {
    format!(
        "{:<id_width$}  {:<6}  {}",
        action.id,
        action.method.as_str(),
        action.name
    )
}

/// The `list --format json` entry for an action.
pub fn list_json(action: &Action, path: &str) -> Value {
    json!({
        "id": action.id,
        "method": action.method.as_str(),
        "name": action.name,
        "path": path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;
    use crate::validate::Validator;

    fn request(extra: &str) -> Request {
        let text = format!("name: T\ndescription: A test action here\n{extra}");
        let report = Validator::new().check("t", "t.yaml", text.as_bytes());
        let action = report
            .action
            .unwrap_or_else(|| panic!("{:?}", report.diagnostics));
        crate::request::build(&action, &Default::default(), &Context::default()).unwrap()
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
            request_curl(&r, &|n| crate::secrets::env_var_name(n, None)),
            "curl 'https://x.test/a' \\\n  --header 'Authorization: Bearer '\"$ACTIONCTL_SECRET_COMPANY_API\" \\\n  --max-time 120"
        );
        let r = request(
            "method: POST\nurl: https://x.test/a\nauth:\n  type: body\n  param: key\n  secret: k\nbody:\n  note: \"it's\"\n",
        );
        let curl = request_curl(&r, &|n| crate::secrets::env_var_name(n, None));
        assert!(
            curl.ends_with(r#"--data-raw '{"note":"it'\''s","key":"'"$ACTIONCTL_SECRET_K"'"}'"#),
            "{curl}"
        );
        let r = request(
            "method: GET\nurl: https://x.test/a\nauth:\n  type: basic\n  username: jdoe\n  secret: zd\n",
        );
        assert!(
            request_curl(&r, &|n| crate::secrets::env_var_name(n, None))
                .contains(r#"--user 'jdoe:'"$ACTIONCTL_SECRET_ZD""#)
        );
    }
}
