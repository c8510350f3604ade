//! Durations (`timeout:`, `--timeout`): friendly forms, within 1ms..=1h.

use std::time::Duration;

use super::*;

/// Why a duration was refused; reads after the value, as in
/// "timeout `5y` is not a duration such as …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DurationError {
    /// Not a duration at all, or not positive.
    #[error("is not a duration such as 30s, 2m, 1m30s or 500ms")]
    NotADuration,
    /// Below [`MIN_DURATION`]: nothing completes that fast, and traces
    /// count in milliseconds.
    #[error("is too short: durations are at least 1ms")]
    TooShort,
    /// Above [`MAX_DURATION`]: no agent waits that long, and larger
    /// values cannot be added to a clock without overflowing.
    #[error("is too long: durations are at most 1h")]
    TooLong,
}

/// Parses `30s`, `2m`, `1m30s`, `500ms`, `1h` (and ISO 8601 `PT30S`),
/// within [`MIN_DURATION`]..=[`MAX_DURATION`]. Every duration in action
/// files and on the command line goes through here.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let d: jiff::SignedDuration = text
        .trim()
        .parse()
        .map_err(|_| DurationError::NotADuration)?;
    if d.is_negative() {
        return Err(DurationError::NotADuration);
    }
    if d.is_zero() {
        return Err(DurationError::TooShort);
    }
    let d = Duration::try_from(d).map_err(|_| DurationError::NotADuration)?;
    if d < MIN_DURATION {
        Err(DurationError::TooShort)
    } else if d > MAX_DURATION {
        Err(DurationError::TooLong)
    } else {
        Ok(d)
    }
}

impl Parser<'_> {
    pub(super) fn timeout(&mut self, root: &MarkedMappingNode) -> Option<Duration> {
        let Some(node) = root.get_node("timeout") else {
            return Some(DEFAULT_TIMEOUT);
        };
        let scalar = node.as_scalar().filter(|s| scalar_to_json(s).is_string())?;
        match parse_duration(scalar.as_str()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(
                    node_start(scalar.span()),
                    format!("timeout `{}` {e}", scalar.as_str()),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse::tests::diags;

    #[test]
    fn durations_parse_friendly_forms() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1h"), Ok(MAX_DURATION));
        assert_eq!(parse_duration("1ms"), Ok(MIN_DURATION));
        assert_eq!(parse_duration("30"), Err(DurationError::NotADuration));
    }

    #[test]
    fn durations_that_cannot_be_used_are_refused() {
        for text in ["9223372036854775807s", "1h1ms", "PT2H", "100000000000000h"] {
            assert_eq!(parse_duration(text), Err(DurationError::TooLong), "{text}");
        }
        for text in ["0s", "0ms", "1ns", "999us", "0.5ms"] {
            assert_eq!(parse_duration(text), Err(DurationError::TooShort), "{text}");
        }
        let d = diags("method: GET\nurl: https://x.test/\ntimeout: 9223372036854775807s\n");
        assert_eq!(
            d,
            vec![
                "a.yaml:5:10: error: timeout `9223372036854775807s` is too long: durations are at most 1h"
            ]
        );
    }
}
