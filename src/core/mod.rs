//! The pure core: the action model, loading and validation rules, templates,
//! conversion, request building, extraction and exports. No I/O, no printing,
//! no globals: everything here takes values and returns values.

pub(crate) mod arguments;
pub(crate) mod check;
pub(crate) mod constraint;
pub(crate) mod context;
pub(crate) mod conversation;
pub(crate) mod convert;
pub(crate) mod credentials;
pub(crate) mod curl_import;
pub(crate) mod diagnostic;
pub(crate) mod draft;
pub(crate) mod environment;
pub(crate) mod explain;
pub(crate) mod export;
pub(crate) mod extract;
pub(crate) mod flow;
pub mod json_text;
pub(crate) mod jsonpath;
pub(crate) mod llm;
pub(crate) mod mock;
pub(crate) mod model;
pub(crate) mod openapi;
pub(crate) mod parse;
pub(crate) mod platform;
pub(crate) mod request;
pub(crate) mod schema;
pub(crate) mod shape;
pub(crate) mod suggest;
pub(crate) mod template;
pub(crate) mod text;
pub(crate) mod validate;
pub(crate) mod yaml;
