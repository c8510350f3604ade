//! Problems found in action files, with their source location, and the
//! three report formats `validate` prints: text, JSON and GitHub annotations.

use std::fmt;

use serde::Serialize;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Location {
    /// The start of a file.
    pub const START: Location = Location { line: 1, column: 1 };

    /// A location from a 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Self { line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// How bad a problem is: errors fail `validate`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file is invalid.
    Error,
    /// Worth a look; the file is still valid.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub path: String,
    /// Where in the file.
    #[serde(flatten)]
    pub location: Location,
    /// Error or warning.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
}

impl Diagnostic {
    /// An error at `location` in `path`.
    pub fn error(path: &str, location: Location, message: impl Into<String>) -> Self {
        Self::new(path, location, Severity::Error, message)
    }

    /// A warning at `location` in `path`.
    pub fn warning(path: &str, location: Location, message: impl Into<String>) -> Self {
        Self::new(path, location, Severity::Warning, message)
    }

    /// A problem of `severity` at `location` in `path`.
    pub(crate) fn new(
        path: &str,
        location: Location,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        let message: String = message.into();
        Self {
            path: path.to_string(),
            location,
            severity,
            message: message.replace(['\n', '\r'], " "),
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.path, self.location, self.severity, self.message
        )
    }
}

/// The JSON report: an array of `{path, line, column, severity, message}`.
pub(crate) fn to_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".to_string())
}

/// One GitHub Actions workflow command (`::error file=…,line=…,col=…::message`).
pub(crate) fn to_github(d: &Diagnostic) -> String {
    format!(
        "::{} file={},line={},col={}::{}",
        d.severity,
        escape_github_property(&d.path),
        d.location.line,
        d.location.column,
        escape_github_data(&d.message)
    )
}

fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::error("actions/a.yaml", Location::new(3, 7), "bad thing")
    }

    #[test]
    fn text_form_is_path_line_col() {
        assert_eq!(sample().to_string(), "actions/a.yaml:3:7: error: bad thing");
    }

    #[test]
    fn messages_stay_on_one_line() {
        let d = Diagnostic::warning("a", Location::START, "two\nlines");
        assert_eq!(d.message, "two lines");
    }

    #[test]
    fn json_form_has_the_contract_fields() {
        let v: serde_json::Value = serde_json::from_str(&to_json(&[sample()])).unwrap();
        assert_eq!(
            v,
            serde_json::json!([{"path": "actions/a.yaml", "line": 3, "column": 7,
                                "severity": "error", "message": "bad thing"}])
        );
    }

    #[test]
    fn github_form_escapes_properties() {
        let d = Diagnostic::warning("a,b:c.yaml", Location::new(1, 2), "50% off");
        assert_eq!(
            to_github(&d),
            "::warning file=a%2Cb%3Ac.yaml,line=1,col=2::50%25 off"
        );
    }
}
