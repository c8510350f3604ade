//! actionctl: author, validate, render and test custom API actions.
pub mod convert;
pub mod diagnostic;
pub mod template;
pub mod yaml;
