//! actionctl: author, validate, render and test custom API actions.
//!
//! The layers (see docs/architecture.md): `core` is pure (the action
//! model, loading and validation rules, templates, request building,
//! extraction, exports); `engine` runs actions and flows and reports
//! what happens through events, for any front end; `io` holds the edges
//! (network, mock server, secrets and keychain, files); `render` formats
//! what is shown; `commands` and `cli` are the front end. Everything is
//! private but the binary's entry point and the few parsers the fuzz
//! targets and the property tests drive directly.

mod cli;
mod commands;
mod core;
mod crash;
mod engine;
mod error;
mod io;
mod render;

pub use crate::cli::main;
pub use crate::core::json_text;
pub use crate::core::template::Template;
pub use crate::core::validate::Validator;
pub use crate::io::secrets::Redactor;
