//! Terminal conventions: whether to color a stream (`--color`,
//! `NO_COLOR`, `CLICOLOR_FORCE`, whether it is a terminal) and the few
//! styles actionctl uses.

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
