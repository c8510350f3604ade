//! `mcp`: the folder's actions and flows served as Model Context Protocol
//! tools, over stdio or Streamable HTTP. The tokio runtime rmcp needs
//! lives only here; every call runs the synchronous engine on a blocking
//! thread. stdout carries the protocol alone: everything said goes to
//! stderr, masked.

pub(super) mod call;
pub(super) mod catalog;
mod server;
mod sessions;
mod stdio;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::core::export::ToolFormat;
use crate::error::Error;
use crate::io::secrets::Redactor;
use crate::io::workspace::Workspace;
use crate::render::term::{dim, visible};

use super::run::TestOptions;
use super::{Io, Settings};
use call::Launch;
use catalog::Catalog;
use server::{Server, Shared};

/// Options of `mcp`.
pub(crate) struct McpOptions {
    /// How each call is sent, as `test` takes it.
    pub test: TestOptions,
    /// `--context FILE`.
    pub context: Option<std::path::PathBuf>,
    /// `--http ADDR`: Streamable HTTP instead of stdio.
    pub http: Option<SocketAddr>,
    /// `--allow-remote`: `--http` may listen beyond loopback.
    pub allow_remote: bool,
}

/// `mcp`: serves until the client closes stdin (or, over HTTP, until
/// interrupted).
pub(crate) fn mcp(
    io: &mut Io,
    ws: &Workspace,
    base: &Settings,
    selected: Option<&str>,
    options: McpOptions,
) -> Result<(), Error> {
    if let Some(addr) = options.http {
        check_address(addr, options.allow_remote)?;
    }
    let log = Log {
        quiet: io.quiet,
        color: io.colors.stderr,
    };
    let (catalog, problems) = Catalog::load(ws, base, selected, ToolFormat::Mcp)?;
    log.problems(&problems);
    let tools = catalog.tools.len();
    let fingerprint = catalog.fingerprint.clone();
    let launch = Launch {
        options: options.test,
        context: options.context,
        inline_context: None,
    };
    check_at_start(&catalog, &launch, ws, log)?;
    let shared = Arc::new(Shared {
        ws: ws.clone(),
        base: base.clone(),
        selected: selected.map(str::to_string),
        launch,
        log,
        catalog: Mutex::new(Arc::new(catalog)),
        seen: Mutex::new(fingerprint),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Input(format!("cannot start the MCP server: {e}")))?;
    let server = Server(shared);
    let served = format!(
        "{tools} tool{} from {}",
        if tools == 1 { "" } else { "s" },
        ws.dir.display()
    );
    match options.http {
        None => {
            log.plain(&format!("actionctl mcp: serving {served} over stdio"));
            runtime.block_on(serve_stdio(server, log))
        }
        Some(addr) => {
            runtime.block_on(serve_http(server, addr, options.allow_remote, &served, log))
        }
    }
}

/// Mistakes that would fail every call are said before serving: a
/// `--context` file that cannot be read, a `--mock=NAME` no action
/// answers, a folder with nothing to serve.
fn check_at_start(
    catalog: &Catalog,
    launch: &Launch,
    ws: &Workspace,
    log: Log,
) -> Result<(), Error> {
    launch.context(catalog.settings.environment.as_ref())?;
    if let Some(name) = &launch.options.mock_answer
        && !catalog.actions.values().any(|action| {
            action
                .mock
                .iter()
                .any(|m| m.name.as_deref() == Some(name.as_str()))
        })
    {
        return Err(Error::Input(format!(
            "--mock={name}: no action in {} has a mock answer named `{name}`",
            ws.dir.display()
        )));
    }
    let mut served: Vec<_> = catalog
        .targets
        .values()
        .filter_map(|target| match target {
            catalog::Target::Action(action) => Some(action),
            catalog::Target::Flow(_) => None,
        })
        .collect();
    served.sort_by(|a, b| a.id.cmp(&b.id));
    for action in served {
        let secrets = action.secret_names();
        for variable in host_variables(action) {
            log.always(&format!(
                "warning: action `{}` takes its URL's host from variable `{variable}`: the agent chooses where its credentials ({}) are sent; give `{variable}` an enum, or take the host from env.",
                action.id,
                secrets.join(", ")
            ));
        }
    }
    if catalog.tools.is_empty() {
        log.always(&format!(
            "warning: {} has no valid action or flow: serving 0 tools",
            ws.dir.display()
        ));
    }
    Ok(())
}

/// The variables without an `enum` an authenticated action's URL takes
/// its host (or whole start) from: the agent, which sets them, would
/// choose the server that receives the credential.
fn host_variables(action: &crate::core::model::Action) -> Vec<&str> {
    use crate::core::template::Segment;
    if action.secret_names().is_empty() {
        return Vec::new();
    }
    let mut before = String::new();
    let mut found = Vec::new();
    for segment in action.url.value.segments() {
        match segment {
            Segment::Literal(text) => before.push_str(text),
            Segment::Placeholder { name, .. } => {
                let authority = before
                    .find("://")
                    .map_or(before.as_str(), |at| &before[at + 3..]);
                let in_host = !authority.contains(['/', '?', '#']);
                let open = action
                    .variables
                    .iter()
                    .any(|v| &v.name == name && v.constraints.allowed.is_none());
                if in_host && open && !found.contains(&name.as_str()) {
                    found.push(name.as_str());
                }
                before.push('x');
            }
        }
    }
    found
}

/// Listening beyond loopback hands the user's credentials to anyone who
/// can reach the port: only with `--allow-remote`.
fn check_address(addr: SocketAddr, allow_remote: bool) -> Result<(), Error> {
    if addr.ip().is_loopback() || allow_remote {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--http {addr} is not a loopback address: whoever reaches it can call your actions with your secrets; add --allow-remote if that is what you want, or use 127.0.0.1"
    )))
}

async fn serve_stdio(server: Server, log: Log) -> Result<(), Error> {
    use rmcp::ServiceExt;
    // Non-blocking pipes when the client started us with pipes (no
    // thread hand-off per message); plain stdio otherwise.
    let (read, write) = rmcp::transport::io::stdio_pipes();
    let running = server
        .serve(stdio::Stdio::new(read, write, log))
        .await
        .map_err(|e| Error::Input(format!("MCP session did not start: {e}")))?;
    running
        .waiting()
        .await
        .map_err(|e| Error::Input(format!("MCP session failed: {e}")))?;
    Ok(())
}

async fn serve_http(
    server: Server,
    addr: SocketAddr,
    allow_remote: bool,
    served: &str,
    log: Log,
) -> Result<(), Error> {
    use rmcp::transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService,
    };
    // No web page may call the user's actions: any request with an
    // `Origin` is refused. rmcp accepts only loopback `Host`s unless the
    // server is meant to be reached from elsewhere.
    let mut config = StreamableHttpServerConfig::default().enforce_origin_validation();
    if allow_remote {
        config = config.disable_allowed_hosts();
    } else if !config.allowed_hosts.contains(&addr.ip().to_string()) {
        // Another loopback address (127.0.0.2) is reached by its own name.
        config.allowed_hosts.push(addr.ip().to_string());
    }
    // Ends the sessions' open event streams on Ctrl-C, which a graceful
    // shutdown would otherwise wait for forever.
    let sessions = config.cancellation_token.clone();
    let service =
        StreamableHttpService::new(move || Ok(server.clone()), sessions::Capped::new(), config);
    let router = axum::Router::new().nest_service("/mcp", service);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::Input(format!("--http {addr}: cannot listen: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Input(format!("--http {addr}: {e}")))?;
    if !addr.ip().is_loopback() {
        log.always(&format!(
            "warning: --allow-remote: anyone who can reach {bound} can call these actions with your secrets"
        ));
    }
    log.plain(&format!(
        "actionctl mcp: serving {served} on http://{bound}/mcp"
    ));
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            sessions.cancel();
        })
        .await
        .map_err(|e| Error::Input(format!("--http {addr}: {e}")))
}

/// Lines on stderr, whole, masked, control characters made visible.
#[derive(Debug, Clone, Copy)]
pub(super) struct Log {
    /// `-q`: only problems and warnings.
    quiet: bool,
    /// stderr is colored.
    color: bool,
}

impl Log {
    /// A note (dimmed), masked by `redactor`; nothing with `-q`.
    pub(super) fn line(&self, text: &str, redactor: &Redactor) {
        if !self.quiet {
            self.write(&dim(&visible(&redactor.redact(text)), self.color));
        }
    }

    /// A note that holds no secret value.
    pub(super) fn plain(&self, text: &str) {
        self.line(text, &Redactor::default());
    }

    /// A line said even with `-q`.
    pub(super) fn always(&self, text: &str) {
        self.write(&visible(text));
    }

    /// Files not served, one located line each.
    pub(super) fn problems(&self, problems: &[String]) {
        for problem in problems {
            self.always(problem);
        }
    }

    fn write(&self, line: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    }
}
