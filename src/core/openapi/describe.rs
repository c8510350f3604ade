//! An operation's words brought within the action format's limits:
//! descriptions of 10-200 characters, names of 1-64.

/// Fewest characters in an action description.
const MIN_DESCRIPTION: usize = 10;
/// Most characters in an action description.
const MAX_DESCRIPTION: usize = 200;
/// Most characters in an action name.
const MAX_NAME: usize = 64;

/// Text on one line: every run of whitespace (line breaks too) one space,
/// control characters dropped.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The action description: the summary, then the description, cut after
/// the last whole sentence that fits in 200 characters; text shorter than
/// 10 characters is completed with the method and path.
pub(crate) fn action_description(
    summary: Option<&str>,
    description: Option<&str>,
    method: &str,
    path: &str,
) -> String {
    let summary = summary.map(one_line).unwrap_or_default();
    let description = description.map(one_line).unwrap_or_default();
    let text = match (summary.is_empty(), description.is_empty()) {
        (true, _) => description,
        (false, true) => summary,
        (false, false) if description.starts_with(&summary) => description,
        (false, false) => format!("{} {description}", sentence(&summary)),
    };
    let text = if text.chars().count() < MIN_DESCRIPTION {
        let call = format!("{} {path}", method.to_ascii_uppercase());
        if text.is_empty() {
            format!("Calls {call}.")
        } else {
            format!("{} (calls {call})", text.trim_end_matches('.'))
        }
    } else {
        text
    };
    cut(&text, MAX_DESCRIPTION)
}

/// The action name: the summary when there is one (cut at a word to 64
/// characters), else the id.
pub(crate) fn action_name(summary: Option<&str>, id: &str) -> String {
    let summary = summary.map(one_line).unwrap_or_default();
    if summary.is_empty() {
        return id.to_string();
    }
    if summary.chars().count() <= MAX_NAME {
        return summary;
    }
    cut_at_word(&summary, MAX_NAME)
}

/// `text` ending with a full stop unless it ends with punctuation already.
fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?', ':']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// At most `max` characters: the text itself, else up to the last
/// sentence end that leaves at least 10 characters, else cut at a word
/// with `…`.
pub(crate) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    let rest = &text[head.len()..];
    let sentence_end = head.char_indices().rev().find(|&(i, c)| {
        let followed_by_space = match head[i + c.len_utf8()..].chars().next() {
            Some(next) => next == ' ',
            None => rest.starts_with(' '),
        };
        matches!(c, '.' | '!' | '?')
            && followed_by_space
            && head[..=i].chars().count() >= MIN_DESCRIPTION
    });
    match sentence_end {
        Some((i, _)) => head[..=i].to_string(),
        None => cut_at_word(text, max),
    }
}

/// At most `max` characters, ending `…` after the last whole word.
fn cut_at_word(text: &str, max: usize) -> String {
    let head: String = text.chars().take(max - 1).collect();
    let kept = match head.rfind(' ') {
        Some(i) if head[..i].chars().count() >= MIN_DESCRIPTION => &head[..i],
        _ => head.as_str(),
    };
    format!("{}…", kept.trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &str) -> usize {
        s.chars().count()
    }

    #[test]
    fn summary_comes_first_then_the_description() {
        assert_eq!(
            action_description(
                Some("List all pets"),
                Some("Paged.\nSorted by name."),
                "get",
                "/pets"
            ),
            "List all pets. Paged. Sorted by name."
        );
        assert_eq!(
            action_description(None, Some("Returns a single pet."), "get", "/pets/{id}"),
            "Returns a single pet."
        );
        assert_eq!(
            action_description(Some("Get it"), Some("Get it now, please."), "get", "/x"),
            "Get it now, please."
        );
    }

    #[test]
    fn long_text_is_cut_at_a_sentence() {
        let long = format!("First sentence here. {}", "word ".repeat(60));
        let d = action_description(None, Some(&long), "get", "/x");
        assert_eq!(d, "First sentence here.");
        let no_stop = "word ".repeat(60);
        let d = action_description(Some(&no_stop), None, "get", "/x");
        assert!(len(&d) <= 200 && d.ends_with("word…"), "{d}");
        let one_word = "x".repeat(300);
        let d = action_description(Some(&one_word), None, "get", "/x");
        assert_eq!(len(&d), 200);
        assert!(d.ends_with('…'));
        let version = format!("Uses v1.2 of the API. {}", "more ".repeat(50));
        assert_eq!(
            action_description(None, Some(&version), "get", "/x"),
            "Uses v1.2 of the API."
        );
    }

    #[test]
    fn short_text_is_padded_with_the_call() {
        assert_eq!(
            action_description(None, None, "get", "/pets"),
            "Calls GET /pets."
        );
        assert_eq!(
            action_description(Some("Pets."), None, "post", "/pets"),
            "Pets (calls POST /pets)"
        );
        let d = action_description(None, None, "get", &format!("/{}", "a".repeat(300)));
        assert_eq!(len(&d), 200);
    }

    #[test]
    fn whitespace_and_control_characters_are_flattened() {
        assert_eq!(one_line(" a\n\tb\u{7}c  d "), "a bc d");
    }

    #[test]
    fn names_are_the_summary_or_the_id() {
        assert_eq!(action_name(Some("List pets"), "list-pets"), "List pets");
        assert_eq!(action_name(None, "list-pets"), "list-pets");
        let n = action_name(Some(&"word ".repeat(30)), "x");
        assert!(len(&n) <= 64 && n.ends_with('…'), "{n}");
    }
}
