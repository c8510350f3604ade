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

/// The first of `total` items, `a, b and 12,345 more`: a list of names
/// that could be as long as a file stays a line.
pub(crate) fn cut_list(shown: &[String], total: usize) -> String {
    let list = shown.join(", ");
    match total.checked_sub(shown.len()) {
        Some(more) if more > 0 => format!("{list} and {} more", thousands(more)),
        _ => list,
    }
}

/// `12345` as `12,345`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `1.5s`, `250ms`, `2m`: a short human form of a duration.
pub(crate) fn human_duration(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms >= 60_000 && ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn durations_read_short() {
        assert_eq!(
            human_duration(std::time::Duration::from_millis(250)),
            "250ms"
        );
        assert_eq!(human_duration(std::time::Duration::from_secs(30)), "30s");
        assert_eq!(human_duration(std::time::Duration::from_secs(120)), "2m");
        assert_eq!(
            human_duration(std::time::Duration::from_millis(1500)),
            "1.5s"
        );
    }
    use super::*;

    #[test]
    fn long_lists_say_how_many_are_left_out() {
        let shown = ["a".to_string(), "b".to_string()];
        assert_eq!(cut_list(&shown, 2), "a, b");
        assert_eq!(cut_list(&shown, 12_347), "a, b and 12,345 more");
        assert_eq!(cut_list(&[], 0), "");
    }

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
