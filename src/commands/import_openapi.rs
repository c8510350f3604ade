//! `actionctl import openapi`: writes one action per selected operation
//! of an OpenAPI document, all checked before any is written.

use std::path::{Path, PathBuf};

use crate::core::openapi::{self, ImportError, MAX_DOCUMENT_BYTES, Plan, Selection};
use crate::error::Error;
use crate::io::files::{Existing, write_atomically};
use crate::io::workspace::{Workspace, read_user_file};

use super::Io;

/// How the import reports what it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ImportFormat {
    /// One line per file written (stdout); skips and notes on stderr.
    #[default]
    Text,
    /// One JSON document on stdout: written, skipped and notes.
    Json,
}

/// What `import openapi` was given.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ImportOpenapiArgs {
    /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    /// Import this operation (operationId or action id); repeatable, and
    /// combined with --tag: an operation either names is imported.
    #[arg(long = "operation", value_name = "ID")]
    pub operations: Vec<String>,
    /// Import the operations with this tag; repeatable.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Base URL for relative server URLs (or a document without servers).
    #[arg(long, value_name = "URL", value_parser = parse_server)]
    pub server: Option<url::Url>,
    /// Replace action files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImportFormat::Text)]
    pub format: ImportFormat,
}

/// `--server`: checked like `--base-url` (http(s), a host, at most a
/// path prefix, no credentials).
fn parse_server(text: &str) -> Result<url::Url, String> {
    crate::core::request::parse_base_url(text)
}

/// Runs `import openapi`.
pub(crate) fn import_openapi(
    io: &mut Io,
    ws: &Workspace,
    args: &ImportOpenapiArgs,
) -> Result<(), Error> {
    let spec = args.spec.display().to_string();
    let bytes = read_user_file(&args.spec, MAX_DOCUMENT_BYTES).map_err(|e| Error::Read {
        path: spec.clone(),
        message: e.to_string(),
    })?;
    let selection = Selection {
        operations: args.operations.clone(),
        tags: args.tags.clone(),
    };
    let plan =
        openapi::plan(&spec, &bytes, &selection, args.server.as_ref()).map_err(|e| match e {
            ImportError::Invalid { .. } => Error::InvalidDocument(e.to_string()),
            ImportError::Selection(message) => Error::Usage(message),
        })?;
    if plan.imported.is_empty() {
        report_skipped(io, &plan);
        return Err(Error::InvalidDocument(format!(
            "{spec}: nothing imported: every selected operation was skipped ({})",
            plan.skipped.len()
        )));
    }
    let targets: Vec<PathBuf> = plan
        .imported
        .iter()
        .map(|a| target(&ws.dir, &a.id))
        .collect();
    let existing = if args.force {
        Existing::Replace
    } else {
        refuse_existing(&ws.dir, &plan)?;
        Existing::Keep
    };
    for (action, path) in plan.imported.iter().zip(&targets) {
        write_atomically(path, action.yaml.as_bytes(), existing)?;
    }
    match args.format {
        ImportFormat::Text => {
            for (action, path) in plan.imported.iter().zip(&targets) {
                io.data(&format!("wrote {}  {}", path.display(), action.operation));
            }
            for action in &plan.imported {
                for note in &action.notes {
                    io.note(&format!("note: {}: {note}", action.id));
                }
            }
            report_skipped(io, &plan);
        }
        ImportFormat::Json => io.data(&json_report(&plan, &targets)),
    }
    io.finish_data()
}

/// Where action `id` is written: `ID.yaml`, or the `ID.yml` already
/// there (replaced under `--force`), so an id never has two files.
fn target(dir: &Path, id: &str) -> PathBuf {
    let yml = dir.join(format!("{id}.yml"));
    if std::fs::symlink_metadata(&yml).is_ok() {
        yml
    } else {
        dir.join(format!("{id}.yaml"))
    }
}

/// Every file the import would write that is already there (as `.yaml`
/// or `.yml`): an error naming them, before anything is written.
fn refuse_existing(dir: &Path, plan: &Plan) -> Result<(), Error> {
    let present: Vec<String> = plan
        .imported
        .iter()
        .flat_map(|a| ["yaml", "yml"].map(|ext| dir.join(format!("{}.{ext}", a.id))))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    Err(Error::Input(format!(
        "{} already exist{}; nothing written (use --force to replace, or --operation to choose)",
        present.join(", "),
        if present.len() == 1 { "s" } else { "" }
    )))
}

fn report_skipped(io: &mut Io, plan: &Plan) {
    for skipped in &plan.skipped {
        io.note(&format!(
            "skipped {}: {}",
            skipped.operation, skipped.reason
        ));
    }
}

fn json_report(plan: &Plan, targets: &[PathBuf]) -> String {
    let written: Vec<serde_json::Value> = plan
        .imported
        .iter()
        .zip(targets)
        .map(|(a, path)| {
            serde_json::json!({
                "id": a.id,
                "path": path.display().to_string(),
                "operation": a.operation,
                "notes": a.notes,
            })
        })
        .collect();
    let skipped: Vec<serde_json::Value> = plan
        .skipped
        .iter()
        .map(|s| serde_json::json!({"operation": s.operation, "reason": s.reason}))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({"written": written, "skipped": skipped}))
        .unwrap_or_default()
}
