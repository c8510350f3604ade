//! Panics are bugs, but even a bug must never look like success, and
//! must never print a secret. The hook the binary installs records that
//! a panic happened and where, and prints only that: a panic message can
//! hold any value the code had at hand, secrets included. [`catch`] turns
//! a panic into a [`Crash`] that the caller reports as a failure, so one
//! broken run fails alone; [`any_happened`] lets `main` refuse to exit 0
//! after a panic on any thread.

use std::cell::{Cell, RefCell};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

static HAPPENED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// How many [`catch`] calls this thread is inside: their callers
    /// report the panic, so the hook stays quiet.
    static CATCHING: Cell<usize> = const { Cell::new(0) };
    /// Where the last panic on this thread happened, for [`catch`].
    static LAST_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic: where it happened (when the hook saw it), never what it said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Crash {
    location: Option<String>,
}

impl std::fmt::Display for Crash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(at) => write!(f, "actionctl hit an internal error at {at}")?,
            None => write!(f, "actionctl hit an internal error")?,
        }
        write!(f, " (a bug: please report it)")
    }
}

impl std::error::Error for Crash {}

/// Replaces the default panic hook, which prints the panic message.
pub(crate) fn install_hook() {
    panic::set_hook(Box::new(|info| {
        HAPPENED.store(true, Ordering::SeqCst);
        let location = info.location().map(ToString::to_string);
        // try_with: a panic while this thread's locals are torn down must
        // not panic again in here.
        let _ = LAST_LOCATION.try_with(|last| last.borrow_mut().clone_from(&location));
        // Not eprintln!: it panics when stderr is closed, and a panic in
        // the hook aborts.
        let mut stderr = std::io::stderr().lock();
        if CATCHING.try_with(Cell::get).unwrap_or(0) == 0 {
            let _ = writeln!(stderr, "error: {}", Crash { location });
        }
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            let _ = writeln!(stderr, "{backtrace}");
        }
    }));
}

/// Runs `f`, turning a panic inside it into a [`Crash`].
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Crash> {
    CATCHING.with(|n| n.set(n.get() + 1));
    LAST_LOCATION.with(|last| last.borrow_mut().take());
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|n| n.set(n.get() - 1));
    result.map_err(|_payload| Crash {
        location: LAST_LOCATION.with(|last| last.borrow_mut().take()),
    })
}

/// True once any thread of the process has panicked (seen by the hook).
pub(crate) fn any_happened() -> bool {
    HAPPENED.load(Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_crash_without_its_message() {
        let crash = catch(|| -> u8 { std::panic::panic_any(String::from("hunter22")) })
            .expect_err("the closure panics");
        let text = crash.to_string();
        assert!(
            text.starts_with("actionctl hit an internal error"),
            "{text}"
        );
        assert!(!text.contains("hunter22"), "{text}");
        assert_eq!(catch(|| 7), Ok(7));
    }
}
