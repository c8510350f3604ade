//! The integration tests: one binary, so the suite links once and the
//! shared helpers in `common` serve every module. Each module runs the
//! real `actionctl` binary (or the library's public surface) on
//! `tests/fixtures/` and against real HTTP servers on 127.0.0.1.

mod common;

mod agent_sees;
mod api_shapes;
mod authoring;
mod cases;
mod checks;
mod constraints;
mod environments;
mod flows;
mod fuzz;
mod import_curl;
mod import_openapi;
mod keychain;
mod live;
mod platforms;
mod precommit;
mod prompt;
mod redaction;
mod render;
mod reports;
mod shapes;
mod validate;
