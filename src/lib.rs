//! actionctl: author, validate, render and test custom API actions.
pub mod convert;
pub mod diagnostic;
pub mod template;
pub mod yaml;
pub mod model;
pub mod schema;
pub mod suggest;
pub mod json_text;
pub mod credentials;
pub mod parse;
pub mod context;
pub mod validate;
