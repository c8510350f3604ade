//! The MCP protocol side, through rmcp: `tools/list` hands out the
//! catalog's definitions as they are, `tools/call` runs a call on a
//! blocking thread (the engine is synchronous), so several run at once.

use std::sync::{Arc, Mutex, PoisonError};

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, CustomRequest,
    CustomResult, Implementation, ListToolsResult, PaginatedRequestParams, ServerCapabilities,
    ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use crate::core::export::ToolFormat;
use crate::io::workspace::Workspace;

use super::super::Settings;
use super::Log;
use super::call::{Launch, Reply, call};
use super::catalog::{Catalog, Fingerprint};

/// What every session shares: the folder, how calls run, and the
/// catalog last read.
pub(super) struct Shared {
    pub ws: Workspace,
    /// The global settings before the environments file is applied.
    pub base: Settings,
    /// `--env`.
    pub selected: Option<String>,
    pub launch: Launch,
    pub log: Log,
    pub catalog: Mutex<Arc<Catalog>>,
    /// The files last looked at, also when reading them failed (so a
    /// broken environments file is said once, not on every request).
    pub seen: Mutex<Fingerprint>,
}

impl Shared {
    /// The catalog, read again first when the folder changed since it was
    /// last looked at; and whether it was.
    fn current(&self) -> (Arc<Catalog>, bool) {
        let now = Fingerprint::of(&self.ws);
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let mut catalog = self.catalog.lock().unwrap_or_else(PoisonError::into_inner);
        if *seen == now {
            return (catalog.clone(), false);
        }
        *seen = now;
        match Catalog::load(
            &self.ws,
            &self.base,
            self.selected.as_deref(),
            ToolFormat::Mcp,
        ) {
            Ok((loaded, problems)) => {
                self.log.problems(&problems);
                self.log.plain(&format!(
                    "the actions folder changed: serving {} tool{}",
                    loaded.tools.len(),
                    if loaded.tools.len() == 1 { "" } else { "s" }
                ));
                *catalog = Arc::new(loaded);
                (catalog.clone(), true)
            }
            Err(error) => {
                self.log.always(&format!(
                    "the actions folder changed but cannot be read ({error}); still serving what was read before"
                ));
                (catalog.clone(), false)
            }
        }
    }
}

/// One MCP server; its clones (one per HTTP session) share [`Shared`].
#[derive(Clone)]
pub(super) struct Server(pub Arc<Shared>);

impl Server {
    /// Runs `work` with the current catalog on a blocking thread (files
    /// are read there); tells the client when its tools changed.
    async fn with_catalog<T: Send + 'static>(
        &self,
        context: &RequestContext<RoleServer>,
        work: impl FnOnce(&Shared, &Catalog) -> T + Send + 'static,
    ) -> Result<T, ErrorData> {
        let shared = self.0.clone();
        let (done, changed) = tokio::task::spawn_blocking(move || {
            let (catalog, changed) = shared.current();
            (work(&shared, &catalog), changed)
        })
        .await
        .map_err(internal)?;
        if changed {
            // A client that went away or does not listen is no reason to fail.
            let _ = context.peer.notify_tool_list_changed().await;
        }
        Ok(done)
    }
}

fn internal(error: impl std::fmt::Display) -> ErrorData {
    ErrorData::internal_error(format!("actionctl: {error}"), None)
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_tool_list_changed()
                .build(),
        )
        .with_server_info(Implementation::new("actionctl", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "Each tool is an HTTP action of the user's actions folder; calling one sends its request with the user's credentials.",
        )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let tools = self
            .with_catalog(&context, |_, catalog| {
                catalog
                    .tools
                    .iter()
                    .map(|definition| serde_json::from_value::<Tool>(definition.clone()))
                    .collect::<Result<Vec<_>, _>>()
            })
            .await?
            .map_err(internal)?;
        Ok(ListToolsResult::with_all_items(tools))
    }

    /// rmcp hands a request whose params do not parse (a `tools/call`
    /// without `name`, `arguments` given as an array) over as a custom
    /// one; JSON-RPC calls that Invalid params, not Method not found.
    async fn on_custom_request(
        &self,
        request: CustomRequest,
        _context: RequestContext<RoleServer>,
    ) -> Result<CustomResult, ErrorData> {
        if KNOWN_METHODS.contains(&request.method.as_str()) {
            return Err(ErrorData::invalid_params(
                format!("Invalid params for {}", request.method),
                None,
            ));
        }
        Err(ErrorData::new(
            rmcp::model::ErrorCode::METHOD_NOT_FOUND,
            request.method,
            None,
        ))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.to_string();
        let arguments = request.arguments.unwrap_or_default();
        let reply = self
            .with_catalog(&context, move |shared, catalog| {
                call(catalog, &shared.launch, &name, &arguments, &shared.log)
            })
            .await?;
        Ok(tool_result(reply).into())
    }
}

/// The methods this server answers: a request for one of them that
/// reaches `on_custom_request` is one whose params rmcp could not read.
const KNOWN_METHODS: [&str; 3] = ["tools/call", "tools/list", "initialize"];

/// A reply as MCP's tool result.
fn tool_result(reply: Reply) -> CallToolResult {
    let content = vec![ContentBlock::text(reply.text)];
    let mut result = if reply.failed {
        CallToolResult::error(content)
    } else {
        CallToolResult::success(content)
    };
    result.structured_content = reply.structured;
    result
}
