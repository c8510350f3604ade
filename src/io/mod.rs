//! The I/O edges: the network (transport, mock server), secrets and the OS
//! keychain, the files of the workspace, and the terminal prompt.

pub(crate) mod files;
pub(crate) mod keychain;
pub(crate) mod llm;
pub(crate) mod mock;
pub(crate) mod prompt;
pub(crate) mod secrets;
pub(crate) mod transport;
pub(crate) mod workspace;
