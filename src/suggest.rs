//! "Did you mean" hints for misspelt keys, names and values.

/// ` (did you mean `x`?)` when a candidate is close to `input`, else empty.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(input, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The candidate closest to `input`, if any is close enough.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input_lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("timeuot", ["timeout", "method"]), " (did you mean `timeout`?)");
        assert_eq!(did_you_mean("zzz", ["timeout", "method"]), "");
        assert_eq!(closest("ordr_number", ["order_number", "qty"]), Some("order_number"));
    }
}
