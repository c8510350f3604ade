//! Terminal conventions: whether to color a stream (`--color`,
//! `NO_COLOR`, `CLICOLOR_FORCE`, whether it is a terminal) and the few
//! styles actionctl uses.

use std::borrow::Cow;
use std::io::IsTerminal;

use colored::Colorize;

/// The `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Color when the stream is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// Which standard streams are terminals. Detected once, at start, here
/// and nowhere else, and carried by `Io`: everything that behaves
/// differently on a terminal asks `Io`, so tests can pretend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Terminals {
    /// Stdin: prompts are possible.
    pub stdin: bool,
    /// Stdout: bodies are pretty-printed.
    pub stdout: bool,
    /// Stderr: color, wizard and progress line.
    pub stderr: bool,
}

impl Terminals {
    /// Asks the OS about this process's streams.
    pub(crate) fn detect() -> Self {
        Self {
            stdin: std::io::stdin().is_terminal(),
            stdout: std::io::stdout().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
        }
    }
}

/// Which streams get color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Colors {
    /// Color stdout.
    pub stdout: bool,
    /// Color stderr.
    pub stderr: bool,
}

impl Colors {
    /// Decides per stream from the choice, the environment and the terminals.
    pub(crate) fn decide(choice: ColorChoice, terminals: Terminals) -> Self {
        let env_off = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let forced = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
        let auto = |is_tty: bool| !env_off && (is_tty || forced);
        let colors = match choice {
            ColorChoice::Always => Self {
                stdout: true,
                stderr: true,
            },
            ColorChoice::Never => Self::default(),
            ColorChoice::Auto => Self {
                stdout: auto(terminals.stdout),
                stderr: auto(terminals.stderr),
            },
        };
        colored::control::set_override(colors.stdout || colors.stderr);
        colors
    }
}

/// `error:` in bold red when `color`.
pub(crate) fn paint_error_label(color: bool) -> String {
    if color {
        "error:".red().bold().to_string()
    } else {
        "error:".to_string()
    }
}

/// A diagnostic line with its severity colored.
pub(crate) fn paint_diagnostic(d: &crate::core::diagnostic::Diagnostic, color: bool) -> String {
    if !color {
        return d.to_string();
    }
    let label = match d.severity {
        crate::core::diagnostic::Severity::Error => "error".red().bold(),
        crate::core::diagnostic::Severity::Warning => "warning".yellow().bold(),
    };
    format!(
        "{}: {label}: {}",
        format!("{}:{}", d.path, d.location).bold(),
        d.message
    )
}

/// Dimmed text when `color`.
pub(crate) fn dim(text: &str, color: bool) -> String {
    if color {
        text.dimmed().to_string()
    } else {
        text.to_string()
    }
}

/// True for a character that must not reach a terminal or an XML file
/// as it is: C0 controls but tab and line feed, DEL, C1 controls (which
/// some terminals obey like ESC sequences), the bidirectional overrides
/// and isolates (they reorder what is shown), and U+FFFE/U+FFFF (not XML
/// characters).
pub(crate) fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` with every unsafe character (see [`is_unsafe`]) shown as a
/// visible escape, `\u{1b}`; line feeds, tabs and CR LF pairs are layout
/// and stay.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    visible_keeping(text, |_| None)
}

/// Like [`visible`], but when `color`, keeps the SGR color sequences
/// actionctl's own styles use (`ESC[1;31m`...); any other escape
/// sequence, whoever wrote it, is shown escaped.
pub(crate) fn visible_styled(text: &str, color: bool) -> Cow<'_, str> {
    if color {
        visible_keeping(text, own_style_len)
    } else {
        visible(text)
    }
}

/// Like [`visible`], for text that must stay on one line (a path in a
/// report line): line breaks are shown escaped too.
pub(crate) fn visible_line(text: &str) -> Cow<'_, str> {
    let shown = visible(text);
    if !shown.contains(['\n', '\r']) {
        return shown;
    }
    Cow::Owned(shown.replace('\r', "\\u{d}").replace('\n', "\\u{a}"))
}

fn visible_keeping(text: &str, kept: impl Fn(&str) -> Option<usize>) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if !is_unsafe(c) || rest.starts_with("\r\n") {
            if c == '\r' { 2 } else { c.len_utf8() }
        } else if let Some(len) = kept(rest) {
            len
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
            rest = &rest[c.len_utf8()..];
            continue;
        };
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    Cow::Owned(out)
}

/// The length of the SGR sequence at the start of `text` when it is one
/// `colored` writes for actionctl's styles: up to three parameters, each
/// reset, bold, dim or a foreground color.
fn own_style_len(text: &str) -> Option<usize> {
    let params = text.strip_prefix("\u{1b}[")?;
    let end = params.find('m')?;
    let params = &params[..end];
    let allowed =
        |p: &str| matches!(p.parse::<u8>(), Ok(0..=2 | 30..=37 | 90..=97)) && !p.is_empty();
    (params.split(';').count() <= 3 && params.split(';').all(allowed)).then_some(end + 3)
}

/// A "still waiting" line on stderr, shown only after a second, updated
/// every quarter second, erased when dropped.
pub(crate) struct Progress {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Starts the indicator with `label`; without one when no thread can
    /// be started for it (it is a nicety, not worth failing a run over).
    pub(crate) fn start(label: &str) -> Self {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&stop);
        let label = label.to_string();
        let worker = std::thread::Builder::new().spawn(move || {
            let started = std::time::Instant::now();
            let mut shown = false;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                let elapsed = started.elapsed();
                if elapsed.as_millis() >= 1000 && elapsed.as_millis() % 250 < 100 {
                    eprint!("\r\x1b[2K* {label}… {}s", elapsed.as_secs());
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        Self {
            stop,
            worker: worker.ok(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(
            visible("no\u{1b}]0;pwned\u{7} \u{9b}2J \u{202e}x\r\ny\rz\tw\n"),
            "no\\u{1b}]0;pwned\\u{7} \\u{9b}2J \\u{202e}x\r\ny\\u{d}z\tw\n"
        );
        assert!(matches!(visible("plain ünïcode\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_our_own_colors_survive_on_a_colored_stream() {
        let ours = "\u{1b}[1;31merror:\u{1b}[0m \u{1b}[2mx\u{1b}[0m \u{1b}[36m>\u{1b}[0m";
        assert_eq!(visible_styled(ours, true), ours);
        assert_eq!(
            visible_styled("\u{1b}[8mhidden\u{1b}[2J\u{1b}]0;t\u{7}", true),
            "\\u{1b}[8mhidden\\u{1b}[2J\\u{1b}]0;t\\u{7}"
        );
        assert_eq!(visible_styled("\u{1b}[1;31mx", false), "\\u{1b}[1;31mx");
    }

    #[test]
    fn a_report_line_stays_one_line() {
        assert_eq!(
            visible_line("a\nb\r\nc\td\u{1b}[2J"),
            "a\\u{a}b\\u{d}\\u{a}c\td\\u{1b}[2J"
        );
        assert!(matches!(visible_line("plain"), Cow::Borrowed(_)));
    }
}
