//! Any bytes through the YAML loader and the validator behind it, as
//! `actionctl validate` reads a file: never a panic, every finding located
//! at a real line and column, on one line, and an action only without
//! errors.
#![no_main]

use std::sync::OnceLock;

use actionctl::Validator;
use libfuzzer_sys::fuzz_target;

static VALIDATOR: OnceLock<Validator> = OnceLock::new();

fuzz_target!(|bytes: &[u8]| {
    let validator = VALIDATOR.get_or_init(Validator::new);
    let report = validator.check("f", "f.yaml", bytes);
    for d in &report.diagnostics {
        assert!(d.location.line >= 1 && d.location.column >= 1, "{d:?}");
        assert!(!d.message.contains('\n'), "{d:?}");
    }
    if report.action().is_some() {
        assert!(!report.has_errors());
    }
});
