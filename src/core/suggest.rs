//! "Did you mean" hints for misspelt keys, names and values.

/// ` (did you mean `x`?)` when a candidate is close to `input`, else empty.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(input, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The candidate closest to `input`, if any is close enough.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    let max_edits = (input.chars().count() / 4).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_ascii_lowercase();
            let edits = strsim::osa_distance(&input_lower, &lower);
            let similarity = strsim::jaro_winkler(&input_lower, &lower);
            (edits <= max_edits || similarity >= 0.85).then_some((edits, similarity, c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("timeuot", ["timeout", "method"]),
            " (did you mean `timeout`?)"
        );
        assert_eq!(did_you_mean("zzz", ["timeout", "method"]), "");
        assert_eq!(
            closest("ordr_number", ["order_number", "qty"]),
            Some("order_number")
        );
        assert_eq!(closest("di", ["id", "qty"]), Some("id"));
        assert_eq!(closest("x", ["qty", "sku"]), None);
    }
}
