//! How a live exchange is shown: the human trace on stderr (curl -v
//! style, `>` for what was sent, `<` for what came back), the response
//! body for stdout, the `--format json` document, and the one-line
//! explanation of a failing status.

use colored::Colorize;
use serde_json::{Map, Value, json};

use crate::core::request::Request;
use crate::core::text::human_duration;
use crate::io::secrets::Redactor;
use crate::io::transport::Exchange;
use crate::render::output;

/// Trace styling.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Style {
    /// Color the trace.
    pub color: bool,
    /// `-v` count.
    pub verbose: u8,
}

impl Style {
    fn paint(&self, text: &str, f: impl Fn(&str) -> colored::ColoredString) -> String {
        if self.color {
            f(text).to_string()
        } else {
            text.to_string()
        }
    }
}

/// The request part of the trace: request line, masked headers, body.
pub(crate) fn request_lines(request: &Request, style: Style) -> String {
    let mut out = String::new();
    let line = format!("{} {}", request.method.as_str(), request.masked_url());
    out.push_str(&format!(
        "{} {}\n",
        style.paint(">", |s| s.cyan()),
        style.paint(&line, |s| s.bold())
    ));
    for header in &request.headers {
        out.push_str(&format!(
            "{} {}: {}\n",
            style.paint(">", |s| s.cyan()),
            style.paint(&header.name, |s| s.cyan()),
            header.value.masked()
        ));
    }
    if let Some(body) = output::shown_body(request) {
        out.push_str(&format!("{}\n", style.paint(">", |s| s.cyan())));
        for line in body.lines() {
            out.push_str(&format!("{} {line}\n", style.paint(">", |s| s.cyan())));
        }
    }
    out
}

/// Redirect lines, the response status line and headers, and the timing.
pub(crate) fn response_lines(exchange: &Exchange, passed: bool, style: Style) -> String {
    let mut out = String::new();
    for redirect in &exchange.redirects {
        let mut line = format!(
            "* {} redirect → {} {}",
            redirect.status, redirect.method, redirect.location
        );
        if !redirect.dropped.is_empty() {
            line.push_str(&format!(
                " ({} not sent to another host)",
                redirect.dropped.join(", ")
            ));
        }
        out.push_str(&style.paint(&line, |s| s.yellow()));
        out.push('\n');
    }
    if let Some(reason) = &exchange.redirect_refused {
        out.push_str(
            &style.paint(&format!("* redirect not followed: {reason}"), |s| {
                s.yellow()
            }),
        );
        out.push('\n');
    }
    let status = format!(
        "{} {} {}",
        exchange.version, exchange.status, exchange.reason
    );
    let status = if passed {
        style.paint(status.trim_end(), |s| s.green().bold())
    } else {
        style.paint(status.trim_end(), |s| s.red().bold())
    };
    out.push_str(&format!("{} {status}\n", style.paint("<", |s| s.magenta())));
    for (name, value) in &exchange.headers {
        out.push_str(&format!(
            "{} {}: {}\n",
            style.paint("<", |s| s.magenta()),
            style.paint(name, |s| s.magenta()),
            crate::render::term::visible(value)
        ));
    }
    let mut timing = format!(
        "* {} {} in {}",
        exchange.status,
        exchange.reason,
        human_duration(exchange.duration)
    );
    if style.verbose > 0 {
        timing.push_str(&format!(
            ", {} bytes sent, {} bytes received, {} redirect{}",
            exchange.bytes_sent,
            exchange.body.len(),
            exchange.redirects.len(),
            if exchange.redirects.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    out.push_str(&style.paint(&timing, |s| s.dimmed()));
    out.push('\n');
    out
}

/// The checks of `expect` beyond status, one line each: every failed
/// check, and with `-v` the passed ones too. The texts are already
/// masked and cut by the engine.
pub(crate) fn check_lines(checks: &[crate::core::check::CheckResult], style: Style) -> String {
    let mut out = String::new();
    for check in checks {
        let line = crate::render::term::visible(&check.line()).into_owned();
        if !check.passed {
            out.push_str(&style.paint(&format!("* check failed: {line}"), |s| s.red()));
            out.push('\n');
        } else if style.verbose > 0 {
            let line = format!("* check passed: {}: {}", check.path, check.expected);
            out.push_str(&style.paint(&crate::render::term::visible(&line), |s| s.green()));
            out.push('\n');
        }
    }
    out
}

/// What the agent is handed (`response:` applied), after a note when
/// the shape could not apply as written; a text of several lines keeps
/// them, each indented under the first. The text comes from the masked
/// body.
pub(crate) fn agent_sees_lines(shaped: &crate::core::shape::Shaped, style: Style) -> String {
    let mut out = String::new();
    if let Some(note) = &shaped.note {
        let line = format!("* agent sees: note: {}", crate::render::term::visible(note));
        out.push_str(&style.paint(&line, |s| s.yellow()));
        out.push('\n');
    }
    let text = crate::render::term::visible(&shaped.text).replace('\n', "\n*   ");
    out.push_str(&style.paint(&format!("* agent sees: {text}"), |s| s.cyan()));
    out.push('\n');
    out
}

/// The response body for stdout. Piped or redirected: the bytes as
/// received (secrets masked). On a terminal, for a person to read: JSON
/// pretty-printed (control characters escaped as JSON escapes), any
/// other text with control characters made visible, so a body cannot
/// drive the terminal.
pub(crate) fn stdout_body(body: &[u8], terminal: bool) -> Vec<u8> {
    if !terminal {
        return body.to_vec();
    }
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        let mut text = output::pretty(&value).into_bytes();
        text.push(b'\n');
        return text;
    }
    crate::render::term::visible(&String::from_utf8_lossy(body))
        .into_owned()
        .into_bytes()
}

/// Characters of the body shown in the not-JSON warning.
const EXCERPT_CHARS: usize = 120;

/// A warning when a non-empty body is not JSON, with a short excerpt.
/// The body is redacted whole before it is cut, so a secret standing
/// across the cut shows no part of itself.
pub(crate) fn not_json_warning(exchange: &Exchange, redactor: &Redactor) -> Option<String> {
    if exchange.body.is_empty()
        || serde_json::from_slice::<serde::de::IgnoredAny>(&exchange.body).is_ok()
    {
        return None;
    }
    let content_type = exchange.header("content-type").unwrap_or("none");
    let body = redactor.redact_bytes(&exchange.body);
    let text = String::from_utf8_lossy(&body);
    let excerpt: String = text
        .chars()
        .take(EXCERPT_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let more = if text.chars().nth(EXCERPT_CHARS).is_some() {
        "…"
    } else {
        ""
    };
    Some(redactor.redact(&format!(
        "warning: the response is not JSON (Content-Type: {content_type}), so the agent cannot read fields from it: {}{more}",
        excerpt.trim()
    )))
}

/// `{"request", "response": {"status", "headers", "body"}, "duration_ms",
/// "redirects"}` for as far as an attempt got: `request` is null when none
/// could be built, `response` null when none came back, `duration_ms`
/// null when nothing was sent.
pub(crate) fn json_document(
    request: Option<&Request>,
    exchange: Option<&Exchange>,
    elapsed: Option<std::time::Duration>,
) -> Value {
    let duration = exchange.map(|e| e.duration).or(elapsed);
    let redirects: Vec<Value> = exchange
        .iter()
        .flat_map(|e| &e.redirects)
        .map(|r| json!({"status": r.status, "location": r.location, "method": r.method, "dropped_headers": r.dropped}))
        .collect();
    json!({
        "request": request.map(output::request_json),
        "response": exchange.map(response_json),
        "duration_ms": duration.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        "redirects": redirects,
    })
}

/// `{"status", "headers", "body"}`: the body as JSON when it parses
/// (numbers exactly as received), a string otherwise, null when empty.
fn response_json(exchange: &Exchange) -> Value {
    let mut headers = Map::new();
    for (name, value) in &exchange.headers {
        match headers.get_mut(name) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            _ => {
                headers.insert(name.clone(), Value::String(value.clone()));
            }
        }
    }
    let body = if exchange.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&exchange.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&exchange.body).into_owned()))
    };
    json!({"status": exchange.status, "headers": headers, "body": body})
}

/// The longest trace line, in characters; longer ones are cut by
/// [`crate::core::text::cut_long_lines`]. The whole values are in `--format json`.
pub(crate) const MAX_TRACE_LINE_CHARS: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(body: &str) -> Exchange {
        Exchange {
            redirects: Vec::new(),
            redirect_refused: None,
            version: "HTTP/1.1".into(),
            status: 200,
            reason: "OK".into(),
            headers: vec![("content-type".into(), "text/plain".into())],
            body: body.as_bytes().to_vec(),
            duration: std::time::Duration::ZERO,
            bytes_sent: 0,
        }
    }

    #[test]
    fn the_excerpt_is_cut_after_the_body_is_redacted() {
        let mut redactor = Redactor::default();
        redactor.add("api", "Q7vZpX2mKwR9tLsBjH4n");
        for at in [100, 110, 119, 120] {
            let body = format!("{}Q7vZpX2mKwR9tLsBjH4n tail", ".".repeat(at));
            let warning = not_json_warning(&exchange(&body), &redactor).unwrap();
            assert!(!warning.contains("Q7"), "{warning}");
            assert!(
                warning.ends_with('…') || warning.ends_with("tail"),
                "{warning}"
            );
        }
    }
}
