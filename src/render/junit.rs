//! JUnit XML reports for `test --all --report junit FILE`, the format CI
//! systems (GitHub Actions, GitLab, Jenkins) read.

use std::time::Duration;

use crate::render::term::visible;

/// `text` escaped for XML, with every character XML 1.0 forbids (and the
/// other control characters) shown as a visible escape such as `\u{1b}`:
/// a message from a server cannot make the report unreadable.
fn xml_text(text: &str) -> String {
    quick_xml::escape::escape(visible(text).as_ref()).into_owned()
}

/// One test case: an action or flow run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Case {
    /// `action` or `flow`.
    pub kind: &'static str,
    /// The action or flow id.
    pub name: String,
    /// How long it took.
    pub duration: Duration,
    /// Why it failed (already redacted), or `None` when it passed.
    pub failure: Option<String>,
    /// Each attempt at an action, masked, for the HTML report (empty
    /// when no HTML report is written).
    pub attempts: Vec<crate::render::html::Attempt>,
}

/// The whole report as JUnit XML.
pub(crate) fn report(suite: &str, cases: &[Case]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let total: f64 = cases.iter().map(|c| c.duration.as_secs_f64()).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"{0}\" tests=\"{1}\" failures=\"{failures}\" time=\"{total:.3}\">\n  <testsuite name=\"{0}\" tests=\"{1}\" failures=\"{failures}\" errors=\"0\" time=\"{total:.3}\">\n",
        xml_text(suite),
        cases.len()
    ));
    for case in cases {
        xml.push_str(&format!(
            "    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3}\"",
            xml_text(suite),
            case.kind,
            xml_text(&case.name),
            case.duration.as_secs_f64()
        ));
        match &case.failure {
            None => xml.push_str("/>\n"),
            Some(message) => {
                let first = message.lines().next().unwrap_or_default();
                xml.push_str(&format!(
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml_text(first),
                    xml_text(message)
                ));
            }
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_escaped_and_counted() {
        let cases = [
            Case {
                kind: "action",
                name: "ok".into(),
                duration: Duration::from_millis(12),
                failure: None,
                attempts: Vec::new(),
            },
            Case {
                kind: "flow",
                name: "a<b".into(),
                duration: Duration::from_millis(5),
                failure: Some("expected \"200\" & got <401>".into()),
                attempts: Vec::new(),
            },
        ];
        let xml = report("actionctl", &cases);
        assert!(xml.contains("tests=\"2\" failures=\"1\""));
        assert!(
            xml.contains("<testcase classname=\"actionctl.action\" name=\"ok\" time=\"0.012\"/>")
        );
        assert!(xml.contains("name=\"a&lt;b\""));
        assert!(
            xml.contains("<failure message=\"expected &quot;200&quot; &amp; got &lt;401&gt;\">")
        );
    }

    #[test]
    fn characters_xml_forbids_are_shown_escaped() {
        let cases = [Case {
            kind: "flow",
            name: "f".into(),
            duration: Duration::from_millis(1),
            failure: Some("value no\u{1b}]0;pwned\u{7}\u{ffff}\u{0}\nsecond\tline".into()),
            attempts: Vec::new(),
        }];
        let xml = report("actionctl", &cases);
        assert!(
            xml.contains("<failure message=\"value no\\u{1b}]0;pwned\\u{7}\\u{ffff}\\u{0}\">value no\\u{1b}]0;pwned\\u{7}\\u{ffff}\\u{0}\nsecond\tline</failure>"),
            "{xml}"
        );
    }
}
