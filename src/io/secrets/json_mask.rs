//! Masking inside a JSON document without breaking it. A match is masked
//! only where it overlaps a string's contents (widened to whole escape
//! sequences, so no `\` is left dangling) or a number (which becomes a
//! string holding the masked digits). `true`, `false`, `null` and the
//! punctuation are never touched, so the output is the same JSON
//! structure as the input.

use std::ops::Range;

use super::search::Hit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A string's contents, between the quotes.
    Str,
    /// A number.
    Number,
    /// `true`, `false`, `null`.
    Keyword,
}

struct Token {
    kind: Kind,
    range: Range<usize>,
}

/// The strings, numbers and keywords of well-formed JSON `text`, in order.
fn tokens(text: &[u8]) -> impl Iterator<Item = Token> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() {
            let start = i;
            match text[i] {
                b'"' => {
                    i += 1;
                    while i < text.len() && text[i] != b'"' {
                        i += if text[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                    return Some(Token {
                        kind: Kind::Str,
                        range: start + 1..(i - 1).min(text.len()),
                    });
                }
                b'{' | b'}' | b'[' | b']' | b':' | b',' | b' ' | b'\t' | b'\n' | b'\r' => i += 1,
                first => {
                    while i < text.len()
                        && !matches!(
                            text[i],
                            b'"' | b'{'
                                | b'}'
                                | b'['
                                | b']'
                                | b':'
                                | b','
                                | b' '
                                | b'\t'
                                | b'\n'
                                | b'\r'
                        )
                    {
                        i += 1;
                    }
                    let kind = if first == b'-' || first.is_ascii_digit() {
                        Kind::Number
                    } else {
                        Kind::Keyword
                    };
                    return Some(Token {
                        kind,
                        range: start..i,
                    });
                }
            }
        }
        None
    })
}

/// The length of the escape sequence or character starting at `at`
/// inside a JSON string.
fn unit_len(text: &[u8], at: usize) -> usize {
    match text[at] {
        b'\\' if text.get(at + 1) == Some(&b'u') => 6,
        b'\\' => 2,
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    }
}

/// A pending replacement of `range` in the output.
struct Edit {
    range: Range<usize>,
    replacement: Vec<u8>,
}

/// `text` (well-formed JSON) with every hit masked as described above.
pub(super) fn mask(text: &[u8], hits: &[Hit]) -> Vec<u8> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut first_hit = 0;
    for token in tokens(text) {
        while first_hit < hits.len() && hits[first_hit].range.end <= token.range.start {
            first_hit += 1;
        }
        let overlapping: Vec<&Hit> = hits[first_hit..]
            .iter()
            .take_while(|h| h.range.start < token.range.end)
            .filter(|h| h.range.end > token.range.start)
            .collect();
        if overlapping.is_empty() {
            continue;
        }
        match token.kind {
            Kind::Str => mask_string(text, &token.range, &overlapping, &mut edits),
            Kind::Number => edits.push(mask_number(text, &token.range, &overlapping)),
            Kind::Keyword => {}
        }
    }
    apply(text, &edits)
}

/// Masks the hits inside one string, each widened to whole escape units.
fn mask_string(text: &[u8], contents: &Range<usize>, hits: &[&Hit], edits: &mut Vec<Edit>) {
    let mut unit_start = contents.start;
    let mut pending: Option<Edit> = None;
    for hit in hits {
        let (from, to) = (
            hit.range.start.max(contents.start),
            hit.range.end.min(contents.end),
        );
        let mut start = unit_start;
        while start + unit_len(text, start) <= from && start < contents.end {
            start += unit_len(text, start);
        }
        let mut end = start;
        while end < to {
            end = (end + unit_len(text, end)).min(contents.end);
        }
        unit_start = end;
        match &mut pending {
            Some(edit) if start <= edit.range.end => {
                edit.range.end = end;
                if !edit.replacement.ends_with(hit.mask.as_bytes()) {
                    edit.replacement.extend_from_slice(hit.mask.as_bytes());
                }
            }
            _ => {
                edits.extend(pending.take());
                pending = Some(Edit {
                    range: start..end,
                    replacement: hit.mask.as_bytes().to_vec(),
                });
            }
        }
    }
    edits.extend(pending);
}

/// A number with hits in it, as a string of its masked digits.
fn mask_number(text: &[u8], range: &Range<usize>, hits: &[&Hit]) -> Edit {
    let mut replacement = vec![b'"'];
    let mut at = range.start;
    for hit in hits {
        let (from, to) = (
            hit.range.start.max(range.start),
            hit.range.end.min(range.end),
        );
        if from > at {
            replacement.extend_from_slice(&text[at..from]);
        }
        replacement.extend_from_slice(hit.mask.as_bytes());
        at = at.max(to);
    }
    replacement.extend_from_slice(&text[at..range.end]);
    replacement.push(b'"');
    Edit {
        range: range.clone(),
        replacement,
    }
}

fn apply(text: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.extend_from_slice(&text[at..edit.range.start]);
        out.extend_from_slice(&edit.replacement);
        at = edit.range.end;
    }
    out.extend_from_slice(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits<'a>(text: &str, needle: &str, mask: &'a str) -> Vec<Hit<'a>> {
        text.match_indices(needle)
            .map(|(at, m)| Hit {
                range: at..at + m.len(),
                mask,
            })
            .collect()
    }

    fn masked(text: &str, needle: &str) -> String {
        let out = mask(text.as_bytes(), &hits(text, needle, "<secret:k>"));
        let out = String::from_utf8(out).unwrap();
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap_or_else(|e| panic!("{out} is not JSON: {e}"));
        out
    }

    #[test]
    fn strings_are_masked_in_place() {
        assert_eq!(
            masked(r#"{"a": "x hunter22 y", "hunter22": 1}"#, "hunter22"),
            r#"{"a": "x <secret:k> y", "<secret:k>": 1}"#
        );
    }

    #[test]
    fn keywords_stay_and_numbers_become_strings() {
        assert_eq!(
            masked(r#"{"ok": true, "t": "true", "n": [true]}"#, "true"),
            r#"{"ok": true, "t": "<secret:k>", "n": [true]}"#
        );
        assert_eq!(
            masked(r#"{"pin": 912345, "x": -1.5e3}"#, "1234"),
            r#"{"pin": "9<secret:k>5", "x": -1.5e3}"#
        );
    }

    #[test]
    fn a_match_inside_an_escape_takes_the_whole_escape() {
        assert_eq!(masked(r#"["a\nabcd"]"#, "nabcd"), r#"["a<secret:k>"]"#);
        assert_eq!(masked(r#"["\u0041bcd!"]"#, "041bcd"), r#"["<secret:k>!"]"#);
        let text = r#"["é€x"]"#;
        let hit = Hit {
            range: 3..5,
            mask: "<secret:k>",
        };
        assert_eq!(mask(text.as_bytes(), &[hit]), br#"["<secret:k>x"]"#);
    }

    #[test]
    fn a_match_across_tokens_masks_the_string_parts_only() {
        assert_eq!(
            masked(r#"{"x":"a","b":1}"#, r#"a","b"#),
            r#"{"x":"<secret:k>","<secret:k>":1}"#
        );
    }
}
