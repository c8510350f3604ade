//! `test --all --report html FILE` (beside `--report junit FILE`): the
//! page the real binary writes for runs against loopback servers, read
//! as text and loaded in a real headless browser (Debian's `chromium`):
//! every run rendered, failed checks highlighted, no secret anywhere.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::server::{Reply, TestServer};
use common::{actionctl_in, system_part};
use predicates::prelude::*;
use serde_json::json;

const SECRET: &str = "Rep0rt-s3cret/with+chars=";

/// A project against `server`: `good` passes, `bad` fails two body
/// checks on a response that echoes the bearer token, and a flow runs
/// `good` then `bad`.
fn project(server: &TestServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let actions = dir.path().join("actions");
    std::fs::create_dir_all(&actions).unwrap();
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    let action = |path: &str, extra: &str| {
        format!(
            "name: Order\ndescription: Looks up an order by its number.\nmethod: GET\nurl: \"{}{path}\"\nauth: {{type: bearer, secret: report-api}}\n{extra}",
            server.url()
        )
    };
    std::fs::write(actions.join("good.yaml"), action("/good", "")).unwrap();
    std::fs::write(
        actions.join("bad.yaml"),
        action(
            "/bad",
            "expect:\n  body:\n    $.status: shipped\n    $.items: {length: 2}\n    $.token: {exists: true}\nresponse:\n  select: $.token\n",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("flows/both.yaml"),
        "name: Both\ndescription: Good, then bad.\nsteps:\n  - action: good\n  - action: bad\n",
    )
    .unwrap();
    dir
}

fn order_server() -> TestServer {
    TestServer::start(|r| {
        let auth = r.header("authorization").unwrap_or_default().to_string();
        if r.target.starts_with("/good") {
            return Reply::json(200, json!({"status": "shipped"}));
        }
        Reply::json(
            200,
            json!({"status": "pending</pre><script>document.title='pwned'</script>", "items": [1], "token": auth}),
        )
    })
}

/// Runs `test --all` with the secret set and both reports; the page.
fn html_report(dir: &Path) -> String {
    let (xml, html) = (dir.join("out/r.xml"), dir.join("out/r.html"));
    std::fs::create_dir_all(dir.join("out")).unwrap();
    actionctl_in(dir)
        .args(["test", "--all", "--report", "junit"])
        .arg(&xml)
        .args(["--report", "html"])
        .arg(&html)
        .env("ACTIONCTL_SECRET_REPORT_API", SECRET)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("wrote JUnit report"))
        .stderr(predicate::str::contains("wrote HTML report"))
        .stderr(predicate::str::contains("1 passed, 2 failed"));
    assert!(
        std::fs::read_to_string(&xml)
            .unwrap()
            .contains("<testsuites")
    );
    std::fs::read_to_string(&html).unwrap()
}

fn assert_no_secret(shown: &str) {
    for form in [
        SECRET.to_string(),
        common::encodings::json(SECRET),
        common::encodings::html(SECRET),
        common::encodings::percent_lower(SECRET),
        "Rep0rt-s3".to_string(),
    ] {
        assert!(!shown.contains(&form), "secret form {form:?} in:\n{shown}");
    }
}

#[test]
fn the_html_report_shows_every_run_with_its_exchange_and_failed_checks() {
    let server = order_server();
    let dir = project(&server);
    let page = html_report(dir.path());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(
        "<span class=\"count-pass\">1 passed</span>, <span class=\"count-fail\">2 failed</span>"
    ));
    for name in ["bad", "good", "both"] {
        assert!(page.contains(&format!("data-name=\"{name}\"")), "{name}");
    }
    assert!(page.contains("<tr class=\"check-fail\"><td>✗ failed</td><td>$.status</td><td>equals &quot;shipped&quot;</td>"), "{page}");
    assert!(page.contains("<tr class=\"check-pass\"><td>✓ passed</td><td>$.token</td>"));
    assert!(page.contains("Authorization: Bearer &lt;secret:report-api&gt;"));
    assert!(page.contains("<h3>step: bad</h3>"));
    assert!(
        page.contains(
            "<pre class=\"agent-sees\">&quot;Bearer &lt;secret:report-api&gt;&quot;</pre>"
        )
    );
    assert!(page.contains(
        "--header &apos;Authorization: Bearer &apos;&quot;$ACTIONCTL_SECRET_REPORT_API&quot;"
    ));
    // Nothing the server sent became markup; nothing loads from outside.
    assert!(!page.contains("<script"));
    assert!(!page.contains("src=") && !page.contains("href=\"http"));
    assert_no_secret(&page);
}

#[test]
fn each_report_kind_may_be_given_once() {
    let server = order_server();
    let dir = project(&server);
    actionctl_in(dir.path())
        .args([
            "test", "--all", "--report", "html", "a.html", "--report", "html", "b.html",
        ])
        .assert()
        .code(2)
        .stderr("error: --report html is given twice; write one html report per run\n");
    actionctl_in(dir.path())
        .args(["test", "--all", "--report", "pdf", "a.pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown report kind `pdf`: use junit or html",
        ));
    assert!(!dir.path().join("a.html").exists());
    actionctl_in(dir.path())
        .args([
            "test", "--all", "--report", "junit", "same.out", "--report", "html", "./same.out",
        ])
        .assert()
        .code(2)
        .stderr("error: --report junit and --report html both name `same.out`; one would overwrite the other\n");
    assert!(!dir.path().join("same.out").exists());
}

#[test]
fn cases_write_reports_and_a_single_run_refuses_them() {
    let server = order_server();
    let dir = project(&server);
    actionctl_in(dir.path())
        .args([
            "test", "good", "--cases", "--report", "junit", "r.xml", "--report", "html", "r.html",
        ])
        .env("ACTIONCTL_SECRET_REPORT_API", SECRET)
        .assert()
        .success();
    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 1, "{xml}");
    let page = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(page.contains("good"), "{page}");
    assert_no_secret(&page);
    for single in [&["test", "good"][..], &["test", "good", "--case", "x"][..]] {
        actionctl_in(dir.path())
            .args(single)
            .args(["--report", "junit", "one.xml"])
            .env("ACTIONCTL_SECRET_REPORT_API", SECRET)
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                "error: --report needs --all or --cases: a single run has no cases to report\n",
            );
    }
    assert!(!dir.path().join("one.xml").exists());
}

#[test]
fn a_large_body_is_cut_in_the_page_also_where_the_agent_sees_it() {
    let server = TestServer::start(|_| Reply::text(200, "text/plain", &"z".repeat(1 << 20)));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("actions")).unwrap();
    std::fs::write(
        dir.path().join("actions/big.yaml"),
        format!(
            "name: Big\ndescription: Returns a large text.\nmethod: GET\nurl: \"{}/big\"\n",
            server.url()
        ),
    )
    .unwrap();
    actionctl_in(dir.path())
        .args(["test", "--all", "--report", "html", "r.html"])
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(page.len() < 64 << 10, "{} bytes", page.len());
    assert_eq!(
        page.matches("…[cut: 4000 of 1048576 characters]").count(),
        2,
        "the body and what the agent sees"
    );
}

#[test]
fn a_report_that_cannot_be_written_leaves_nothing_behind() {
    let server = order_server();
    let dir = project(&server);
    let blocked = dir.path().join("taken");
    std::fs::create_dir(&blocked).unwrap();
    actionctl_in(dir.path())
        .args(["test", "--all", "--report", "html"])
        .arg(&blocked)
        .env("ACTIONCTL_SECRET_REPORT_API", SECRET)
        .assert()
        .failure()
        .stderr(predicate::str::contains("taken"));
    assert!(blocked.is_dir());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("taken") && n != "taken")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `chromium --headless` with everything that would reach the network
/// turned off, its profile in `profile`.
fn chromium(profile: &Path) -> Command {
    let mut cmd = Command::new("chromium");
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1200,1400",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
fn a_real_browser_renders_the_runs_and_failed_checks_and_no_secret() {
    if !system_part(&["chromium"], "ACTIONCTL_REQUIRE_CHROMIUM") {
        return;
    }
    let server = order_server();
    let dir = project(&server);
    let _ = html_report(dir.path());
    let page = dir.path().join("out/r.html");
    let url = format!("file://{}", page.display());
    let profile = dir.path().join("chromium-profile");
    let dom = chromium(&profile)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(dom.status.success(), "{dom:?}");
    let dom = String::from_utf8(dom.stdout).unwrap();
    // The browser built the document we meant: three runs, the failed
    // ones open, the checks table with its failed rows, no script.
    assert_eq!(dom.matches("<section class=\"run ").count(), 3, "{dom}");
    assert_eq!(dom.matches("<section class=\"run fail\"").count(), 2);
    assert_eq!(dom.matches("<details open=\"\">").count(), 2, "{dom}");
    assert!(dom.contains("<tr class=\"check-fail\"><td>✗ failed</td><td>$.status</td>"));
    assert!(dom.contains("<title>actionctl test report — 1 passed, 2 failed</title>"));
    assert!(!dom.contains("<script") && !dom.contains("pwned</title>"));
    assert_no_secret(&dom);
    let shot = dir.path().join("shot.png");
    let status = chromium(&profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
    if let Ok(keep) = std::env::var("ACTIONCTL_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
