//! rmcp's session manager with a cap on live sessions: each one holds
//! memory until it ends or has been idle for `keep_alive`, so without a
//! cap any local process could open sessions until the machine runs out.

use std::sync::Arc;
use std::time::Duration;

use futures_core::Stream;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use rmcp::transport::common::server_side_http::{ServerSseMessage, SessionId};
use rmcp::transport::streamable_http_server::session::SessionManager;
use rmcp::transport::streamable_http_server::session::local::{
    LocalSessionManager, LocalSessionManagerError, SessionConfig,
};

/// Live sessions at most; an MCP client keeps one.
pub(super) const MAX_SESSIONS: usize = 64;

/// A session unused this long is closed (a client reconnects with a new one).
pub(super) const IDLE: Duration = Duration::from_secs(5 * 60);

/// Why a session was not created.
#[derive(Debug, thiserror::Error)]
pub(super) enum SessionError {
    #[error(
        "{MAX_SESSIONS} MCP sessions are open, the most this server keeps; close one (HTTP DELETE) or wait until one has been idle for 5 minutes"
    )]
    Full,
    #[error(transparent)]
    Local(#[from] LocalSessionManagerError),
}

/// [`LocalSessionManager`] refusing a session beyond [`MAX_SESSIONS`].
pub(super) struct Capped(LocalSessionManager);

impl Capped {
    pub(super) fn new() -> Arc<Self> {
        let mut config = SessionConfig::default();
        config.keep_alive = Some(IDLE);
        let mut local = LocalSessionManager::default();
        local.session_config = config;
        Arc::new(Self(local))
    }
}

impl SessionManager for Capped {
    type Error = SessionError;
    type Transport = <LocalSessionManager as SessionManager>::Transport;

    async fn create_session(&self) -> Result<(SessionId, Self::Transport), Self::Error> {
        if self.0.sessions.read().await.len() >= MAX_SESSIONS {
            return Err(SessionError::Full);
        }
        Ok(self.0.create_session().await?)
    }

    async fn initialize_session(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<ServerJsonRpcMessage, Self::Error> {
        Ok(self.0.initialize_session(id, message).await?)
    }

    async fn has_session(&self, id: &SessionId) -> Result<bool, Self::Error> {
        Ok(self.0.has_session(id).await?)
    }

    async fn close_session(&self, id: &SessionId) -> Result<(), Self::Error> {
        Ok(self.0.close_session(id).await?)
    }

    async fn create_stream(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        Ok(self.0.create_stream(id, message).await?)
    }

    async fn accept_message(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<(), Self::Error> {
        Ok(self.0.accept_message(id, message).await?)
    }

    async fn create_standalone_stream(
        &self,
        id: &SessionId,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        Ok(self.0.create_standalone_stream(id).await?)
    }

    async fn resume(
        &self,
        id: &SessionId,
        last_event_id: String,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        Ok(self.0.resume(id, last_event_id).await?)
    }
}
