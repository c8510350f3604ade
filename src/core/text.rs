//! Text cut to a readable length, saying how much was left out. Cut only
//! text that is already redacted: a secret straddling the cut would
//! otherwise keep its first characters, out of the redactor's sight.

/// `text` with every line longer than `max` characters cut, each saying
/// how many bytes were left out. Apply it only to text that is already
/// redacted: a secret straddling the cut would otherwise keep its first
/// characters, out of the redactor's sight.
pub(crate) fn cut_long_lines(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.split('\n').all(|line| line.len() <= max) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<std::borrow::Cow<'_, str>> =
        text.split('\n').map(|line| cut_line(line, max)).collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// One line cut to `max` characters, e.g. `abc… (12,345 more bytes)`;
/// a color the kept part turned on is turned off before the note.
pub(crate) fn cut_line(line: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match line.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(line),
        Some((at, _)) => {
            let kept = &line[..at];
            let reset = if kept.contains('\u{1b}') {
                "\u{1b}[0m"
            } else {
                ""
            };
            std::borrow::Cow::Owned(format!(
                "{kept}{reset}… ({} more bytes)",
                thousands(line.len() - at)
            ))
        }
    }
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_saying_how_much() {
        assert_eq!(cut_line("short", 10), "short");
        assert_eq!(cut_line("abcdef", 3), "abc… (3 more bytes)");
        assert_eq!(cut_line("ééé", 1), "é… (4 more bytes)");
        let long = "x".repeat(12_345 + 4);
        assert_eq!(cut_line(&long, 4), "xxxx… (12,345 more bytes)");
        assert_eq!(
            cut_line("\u{1b}[1mbold text", 6),
            "\u{1b}[1mbo\u{1b}[0m… (7 more bytes)"
        );
        assert_eq!(
            cut_long_lines("ok\nabcdef\n", 3),
            "ok\nabc… (3 more bytes)\n"
        );
        assert!(matches!(
            cut_long_lines("ok\nfine\n", 4),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
