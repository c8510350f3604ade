//! How results are shown: the trace, request/response documents, curl
//! export, JUnit and HTML reports and terminal styling. Pure formatting; printing
//! happens in `commands::Io`.

pub(crate) mod html;
pub(crate) mod junit;
pub(crate) mod output;
pub(crate) mod term;
pub(crate) mod trace;
