//! The HTML report of `test --all --report html FILE`: one page a person
//! opens from a CI artifact. Self-contained (inline CSS, no scripts, no
//! external assets, so it reads the same offline and under a strict
//! Content-Security-Policy): the summary, then every run with its
//! requests and responses, its failed checks highlighted, and a curl
//! command that replays each request with secrets read from the
//! environment. Built from the same per-run results as the JUnit report;
//! every text in them is already masked, and everything is escaped here.

use std::time::Duration;

use crate::core::check::CheckResult;
use crate::core::shape::cut_chars;
use crate::render::junit::Case;
use crate::render::term::visible;

/// Longest body shown in the report, in characters: the page stays
/// readable; the whole body is in `test --format json`.
pub(crate) const MAX_BODY_CHARS: usize = 4_000;

/// One attempt at an action, as the report shows it: every text masked,
/// bodies cut to [`MAX_BODY_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Attempt {
    /// The flow step's action, `None` for a run of one action.
    pub step: Option<String>,
    /// The request as an HTTP message (`METHOD URL`, headers, body).
    pub request: Option<String>,
    /// A curl command that sends the same request.
    pub curl: Option<String>,
    /// The response, when one came.
    pub response: Option<Response>,
    /// The checks of `expect` beyond status.
    pub checks: Vec<CheckResult>,
    /// What the agent is handed, when the action shapes it (`response:`).
    pub agent_sees: Option<String>,
    /// Why the attempt failed, if it did.
    pub failure: Option<String>,
}

impl Attempt {
    /// What the agent sees (masked) for the report: cut like a body, as
    /// without `response:` it is the whole body.
    pub(crate) fn shown_agent_sees(text: &str) -> String {
        cut_chars(text, MAX_BODY_CHARS).0
    }
}

/// A response as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Response {
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// True when the status is one `expect` accepts.
    pub status_passed: bool,
    pub headers: Vec<(String, String)>,
    /// The body: pretty JSON, or the text as it came.
    pub body: String,
    pub duration: Duration,
}

impl Response {
    /// `body` (masked) for the report: pretty JSON when it is JSON, cut.
    pub(crate) fn shown_body(body: &[u8]) -> String {
        let text = match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(json) => crate::render::output::pretty(&json),
            Err(_) => String::from_utf8_lossy(body).into_owned(),
        };
        cut_chars(&text, MAX_BODY_CHARS).0
    }
}

/// What the page says about where requests went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Setting {
    /// Answered by `--mock`: the curl commands point at a mock server
    /// that is gone once the run is over.
    pub mock: bool,
    /// Wall time of the whole run.
    pub duration: Duration,
}

/// `text` escaped for HTML text and attribute values, with control and
/// bidi characters shown as visible escapes (`\u{1b}`): nothing a server
/// sends can add markup or reorder what the page shows.
fn esc(text: &str) -> String {
    quick_xml::escape::escape(visible(text).as_ref()).into_owned()
}

const STYLE: &str = "
:root { color-scheme: light; --pass: #1a7f37; --fail: #cf222e; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0; color: #1f2328; background: #fff; }
header, main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.1rem; margin: 0; display: inline-flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
h4 { font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; color: #59636e; margin: .8rem 0 .3rem; }
.summary { font-size: 1.1rem; margin: 0 0 .5rem; }
.count-pass { color: var(--pass); font-weight: 600; }
.count-fail { color: var(--fail); font-weight: 600; }
.note { color: #59636e; margin: .3rem 0; }
ol.index { columns: 2 18rem; margin: .5rem 0 0; padding-left: 1.5rem; }
ol.index a { color: inherit; }
.badge { font-size: .75rem; font-weight: 700; padding: .1rem .45rem; border-radius: .3rem; color: #fff; }
.badge.pass { background: var(--pass); }
.badge.fail { background: var(--fail); }
.kind, .time { color: #59636e; font-weight: 400; font-size: .9rem; }
section.run { border: 1px solid var(--line); border-left: .35rem solid var(--pass); border-radius: .4rem; margin: 1rem 0; }
section.run.fail { border-left-color: var(--fail); }
section.run > details > summary, section.run > .head { padding: .7rem 1rem; cursor: pointer; }
section.run .body { padding: 0 1rem 1rem; }
.failure { background: #ffebe9; border: 1px solid #ffcecb; border-radius: .3rem; padding: .5rem .7rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: .5rem 0; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: .3rem; padding: .6rem .8rem; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; max-height: 30rem; overflow: auto; }
pre.curl { user-select: all; }
table.checks { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.checks th, table.checks td { text-align: left; border: 1px solid var(--line); padding: .25rem .5rem; vertical-align: top; overflow-wrap: anywhere; }
table.checks th { background: var(--soft); }
tr.check-fail td { background: #ffebe9; }
tr.check-fail td:first-child { color: var(--fail); font-weight: 700; }
tr.check-pass td:first-child { color: var(--pass); }
.status-fail { color: var(--fail); font-weight: 700; }
.status-pass { color: var(--pass); font-weight: 700; }
";

/// The whole page.
pub(crate) fn report(title: &str, cases: &[Case], setting: Setting) -> String {
    let failed = cases.iter().filter(|c| c.failure.is_some()).count();
    let passed = cases.len() - failed;
    let duration = crate::core::text::human_duration(setting.duration);
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>{} — {passed} passed, {failed} failed</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"summary\" id=\"summary\"><span class=\"count-pass\">{passed} passed</span>, <span class=\"count-fail\">{failed} failed</span> in {duration}</p>\n",
        esc(title),
        esc(title),
    );
    if setting.mock {
        page.push_str("<p class=\"note\">Answered by <code>--mock</code>: each curl command targets that run's mock server on 127.0.0.1, which is gone now; change the URL to replay against the real API.</p>\n");
    }
    page.push_str("<p class=\"note\">Secrets are masked as <code>&lt;secret:NAME&gt;</code>; the curl commands read them from their <code>ACTIONCTL_SECRET_*</code> environment variables.</p>\n");
    page.push_str("<ol class=\"index\">\n");
    for (i, case) in cases.iter().enumerate() {
        let (class, label) = verdict(case);
        page.push_str(&format!(
            "<li><a href=\"#run-{}\"><span class=\"badge {class}\">{label}</span> {} {}</a></li>\n",
            i + 1,
            case.kind,
            esc(&case.name)
        ));
    }
    page.push_str("</ol>\n</header>\n<main>\n");
    for (i, case) in cases.iter().enumerate() {
        page.push_str(&run_section(i + 1, case));
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn verdict(case: &Case) -> (&'static str, &'static str) {
    match case.failure {
        None => ("pass", "PASS"),
        Some(_) => ("fail", "FAIL"),
    }
}

/// One run: open when it failed, folded (one click, no script) when it
/// passed.
fn run_section(number: usize, case: &Case) -> String {
    let (class, label) = verdict(case);
    let open = if case.failure.is_some() { " open" } else { "" };
    let mut out = format!(
        "<section class=\"run {class}\" id=\"run-{number}\" data-name=\"{}\">\n<details{open}>\n<summary><h2><span class=\"badge {class}\">{label}</span> <span class=\"kind\">{}</span> <span class=\"name\">{}</span> <span class=\"time\">{}</span></h2></summary>\n<div class=\"body\">\n",
        esc(&case.name),
        case.kind,
        esc(&case.name),
        crate::core::text::human_duration(case.duration),
    );
    if let Some(failure) = &case.failure {
        out.push_str(&format!("<div class=\"failure\">{}</div>\n", esc(failure)));
    }
    for attempt in &case.attempts {
        out.push_str(&attempt_html(attempt));
    }
    out.push_str("</div>\n</details>\n</section>\n");
    out
}

fn attempt_html(attempt: &Attempt) -> String {
    let mut out = String::new();
    if let Some(step) = &attempt.step {
        out.push_str(&format!("<h3>step: {}</h3>\n", esc(step)));
        if let Some(failure) = &attempt.failure {
            out.push_str(&format!("<div class=\"failure\">{}</div>\n", esc(failure)));
        }
    }
    let failed: Vec<&CheckResult> = attempt.checks.iter().filter(|c| !c.passed).collect();
    if !attempt.checks.is_empty() {
        out.push_str(&format!(
            "<h4>Checks: {} of {} failed</h4>\n{}",
            failed.len(),
            attempt.checks.len(),
            checks_table(&attempt.checks)
        ));
    }
    if let Some(request) = &attempt.request {
        out.push_str(&format!(
            "<h4>Request</h4>\n<pre class=\"request\">{}</pre>\n",
            esc(request)
        ));
    }
    if let Some(response) = &attempt.response {
        out.push_str(&response_html(response));
    }
    if let Some(agent_sees) = &attempt.agent_sees {
        out.push_str(&format!(
            "<h4>Agent sees</h4>\n<pre class=\"agent-sees\">{}</pre>\n",
            esc(agent_sees)
        ));
    }
    if let Some(curl) = &attempt.curl {
        out.push_str(&format!(
            "<h4>Replay with curl</h4>\n<pre class=\"curl\">{}</pre>\n",
            esc(curl)
        ));
    }
    out
}

/// Every check, failed ones first and highlighted.
fn checks_table(checks: &[CheckResult]) -> String {
    let mut rows: Vec<&CheckResult> = checks.iter().collect();
    rows.sort_by_key(|c| c.passed);
    let mut out = String::from(
        "<table class=\"checks\">\n<tr><th></th><th>path</th><th>expected</th><th>actual</th></tr>\n",
    );
    for check in rows {
        let (class, mark) = if check.passed {
            ("check-pass", "✓ passed")
        } else {
            ("check-fail", "✗ failed")
        };
        out.push_str(&format!(
            "<tr class=\"{class}\"><td>{mark}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&check.path),
            esc(&check.expected),
            esc(&check.actual)
        ));
    }
    out.push_str("</table>\n");
    out
}

fn response_html(response: &Response) -> String {
    let class = if response.status_passed {
        "status-pass"
    } else {
        "status-fail"
    };
    let mut head = String::new();
    for (name, value) in &response.headers {
        head.push_str(&format!("{}: {}\n", esc(name), esc(value)));
    }
    let body = if response.body.is_empty() {
        String::new()
    } else {
        format!("\n{}", esc(&response.body))
    };
    format!(
        "<h4>Response <span class=\"time\">in {}</span></h4>\n<pre class=\"response\"><span class=\"{class}\">{}</span>\n{head}{body}</pre>\n",
        crate::core::text::human_duration(response.duration),
        esc(&response.status_line),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, failure: Option<&str>, attempts: Vec<Attempt>) -> Case {
        Case {
            kind: "action",
            name: name.into(),
            duration: Duration::from_millis(12),
            failure: failure.map(str::to_string),
            attempts,
        }
    }

    fn setting() -> Setting {
        Setting {
            mock: false,
            duration: Duration::from_millis(30),
        }
    }

    #[test]
    fn the_summary_counts_and_every_run_has_a_section() {
        let page = report(
            "actionctl test report",
            &[
                case("ok", None, vec![]),
                case("broken", Some("status 500"), vec![]),
            ],
            setting(),
        );
        assert!(page.starts_with("<!DOCTYPE html>\n"));
        assert!(page.contains(
            "<span class=\"count-pass\">1 passed</span>, <span class=\"count-fail\">1 failed</span>"
        ));
        assert!(
            page.contains("<section class=\"run pass\" id=\"run-1\" data-name=\"ok\">\n<details>")
        );
        assert!(page.contains(
            "<section class=\"run fail\" id=\"run-2\" data-name=\"broken\">\n<details open>"
        ));
        assert!(page.contains("<div class=\"failure\">status 500</div>"));
        assert!(page.ends_with("</html>\n"));
    }

    #[test]
    fn nothing_a_server_sends_becomes_markup_or_a_control_character() {
        let hostile = "</pre><script>alert(1)</script>\"'&\u{1b}[31m\u{202e}\u{0}";
        let attempt = Attempt {
            step: Some(hostile.into()),
            request: Some(hostile.into()),
            curl: Some(hostile.into()),
            response: Some(Response {
                status_line: hostile.into(),
                headers: vec![(hostile.into(), hostile.into())],
                body: hostile.into(),
                ..Response::default()
            }),
            checks: vec![CheckResult {
                path: hostile.into(),
                expected: hostile.into(),
                actual: hostile.into(),
                passed: false,
            }],
            agent_sees: Some(hostile.into()),
            failure: None,
        };
        let page = report(
            hostile,
            &[case(hostile, Some(hostile), vec![attempt])],
            setting(),
        );
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("</pre><"), "{page}");
        assert!(!page.chars().any(|c| c.is_control() && c != '\n'), "{page}");
        assert!(!page.contains('\u{202e}'));
        assert!(page.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;&amp;\\u{1b}[31m\\u{202e}\\u{0}"));
    }

    #[test]
    fn failed_checks_come_first_and_are_marked() {
        let check = |path: &str, passed| CheckResult {
            path: path.into(),
            expected: "equals 1".into(),
            actual: "2".into(),
            passed,
        };
        let table = checks_table(&[check("$.a", true), check("$.b", false)]);
        let fail = table.find("$.b").unwrap();
        assert!(fail < table.find("$.a").unwrap());
        assert!(table.contains(
            "<tr class=\"check-fail\"><td>✗ failed</td><td>$.b</td><td>equals 1</td><td>2</td></tr>"
        ));
    }

    #[test]
    fn what_the_agent_sees_is_cut_like_a_body() {
        assert_eq!(Attempt::shown_agent_sees("{\"a\":1}"), "{\"a\":1}");
        let long = "y".repeat(MAX_BODY_CHARS + 10);
        assert!(Attempt::shown_agent_sees(&long).ends_with(&format!(
            "…[cut: {MAX_BODY_CHARS} of {} characters]",
            MAX_BODY_CHARS + 10
        )));
    }

    #[test]
    fn bodies_are_pretty_and_cut() {
        assert_eq!(Response::shown_body(b"{\"a\":1}"), "{\n  \"a\": 1\n}");
        let long = "x".repeat(MAX_BODY_CHARS + 10);
        assert!(Response::shown_body(long.as_bytes()).ends_with(&format!(
            "…[cut: {MAX_BODY_CHARS} of {} characters]",
            MAX_BODY_CHARS + 10
        )));
    }
}
