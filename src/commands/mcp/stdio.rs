//! The stdio transport. rmcp's own drops a line that does not parse
//! without a word (rust-sdk#938), so a client that sent one waits
//! forever; JSON-RPC 2.0 asks for a `-32700` Parse error with id null.
//! This one answers it, says why on stderr, and otherwise reads and
//! writes as rmcp's does: one message a line, bounded in length.

use std::sync::Arc;

use rmcp::RoleServer;
use rmcp::model::{ErrorData, RequestId};
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::Transport;
use serde_json::Value;
use serde_json::error::Category;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::Mutex;

use super::Log;

/// The longest line read, as rmcp's transport caps it.
const MAX_LINE: usize = 16 * 1024 * 1024;

/// One message a line over `read` and `write` (stdin and stdout).
pub(super) struct Stdio<R, W> {
    read: BufReader<R>,
    /// The line being read; kept across a cancelled `receive`.
    line: Vec<u8>,
    /// The line being read is too long and is skipped to its end.
    discarding: bool,
    write: Arc<Mutex<W>>,
    log: Log,
}

enum Line {
    Whole,
    TooLong,
    End,
}

/// What a line read comes to.
#[derive(Debug)]
enum Parsed {
    Message(Box<RxJsonRpcMessage<RoleServer>>),
    /// A blank line, or a notification this server has no use for.
    Skip,
    /// Answered with this error; said on stderr with this reason.
    Refused(Box<TxJsonRpcMessage<RoleServer>>, String),
}

impl<R, W> Stdio<R, W>
where
    R: AsyncRead + Send + Unpin,
    W: AsyncWrite + Send + Unpin + 'static,
{
    pub(super) fn new(read: R, write: W, log: Log) -> Self {
        Self {
            read: BufReader::new(read),
            line: Vec::new(),
            discarding: false,
            write: Arc::new(Mutex::new(write)),
            log,
        }
    }

    /// Reads up to the next `\n` into `self.line` without letting it grow
    /// past [`MAX_LINE`]. Cancel-safe: nothing is consumed without being
    /// kept.
    async fn read_line(&mut self) -> std::io::Result<Line> {
        loop {
            let buffer = self.read.fill_buf().await?;
            if buffer.is_empty() {
                return Ok(Line::End);
            }
            let end = buffer.iter().position(|&b| b == b'\n');
            let taken = end.map_or(buffer.len(), |i| i + 1);
            if !self.discarding {
                if self.line.len() + taken > MAX_LINE {
                    self.discarding = true;
                    self.line = Vec::new();
                } else {
                    self.line.extend_from_slice(&buffer[..taken]);
                }
            }
            self.read.consume(taken);
            if end.is_some() {
                return Ok(if std::mem::take(&mut self.discarding) {
                    Line::TooLong
                } else {
                    Line::Whole
                });
            }
        }
    }
}

fn write_message<W: AsyncWrite + Send + Unpin + 'static>(
    write: Arc<Mutex<W>>,
    message: &TxJsonRpcMessage<RoleServer>,
) -> impl Future<Output = std::io::Result<()>> + Send + use<W> {
    let bytes = serde_json::to_vec(message).map(|mut bytes| {
        bytes.push(b'\n');
        bytes
    });
    async move {
        let bytes = bytes.map_err(std::io::Error::other)?;
        let mut write = write.lock().await;
        write.write_all(&bytes).await?;
        write.flush().await
    }
}

/// A line as a message, or the error it is answered with.
fn parse(line: &[u8]) -> Parsed {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Parsed::Skip;
    }
    let error = match serde_json::from_slice::<RxJsonRpcMessage<RoleServer>>(line) {
        Ok(message) => return Parsed::Message(Box::new(message)),
        Err(error) => error,
    };
    if matches!(error.classify(), Category::Syntax | Category::Eof) {
        return Parsed::Refused(
            Box::new(TxJsonRpcMessage::<RoleServer>::error(
                ErrorData::parse_error(format!("Parse error: {error}"), None),
                None,
            )),
            format!("a line that is not JSON was answered with a parse error (-32700): {error}"),
        );
    }
    let value = serde_json::from_slice::<Value>(line).unwrap_or_default();
    let id = value.get("id");
    if value.get("method").is_some() && id.is_none() {
        // A notification is never answered, not even with an error.
        return Parsed::Skip;
    }
    let id = id.and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    Parsed::Refused(
        Box::new(TxJsonRpcMessage::<RoleServer>::error(
            ErrorData::invalid_request(format!("Invalid Request: {error}"), None),
            id,
        )),
        format!(
            "a message that is not a JSON-RPC request was answered with an error (-32600): {error}"
        ),
    )
}

impl<R, W> Transport<RoleServer> for Stdio<R, W>
where
    R: AsyncRead + Send + Unpin,
    W: AsyncWrite + Send + Unpin + 'static,
{
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        write_message(self.write.clone(), &item)
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleServer>> {
        loop {
            let parsed = match self.read_line().await {
                Ok(Line::End) => return None,
                Err(error) => {
                    self.log
                        .always(&format!("actionctl mcp: cannot read stdin: {error}"));
                    return None;
                }
                Ok(Line::TooLong) => Parsed::Refused(
                    Box::new(TxJsonRpcMessage::<RoleServer>::error(
                        ErrorData::invalid_request(
                            format!("Invalid Request: a message longer than {MAX_LINE} bytes"),
                            None,
                        ),
                        None,
                    )),
                    format!(
                        "a message longer than {MAX_LINE} bytes was skipped and answered with an error (-32600)"
                    ),
                ),
                Ok(Line::Whole) => {
                    let parsed = parse(&self.line);
                    self.line.clear();
                    parsed
                }
            };
            match parsed {
                Parsed::Message(message) => return Some(*message),
                Parsed::Skip => {}
                Parsed::Refused(answer, reason) => {
                    self.log.always(&format!("actionctl mcp: {reason}"));
                    // Spawned, so a cancelled `receive` cannot leave half a
                    // line on stdout.
                    tokio::spawn(write_message(self.write.clone(), &answer));
                }
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.write.lock().await.flush().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(line: &str) -> Value {
        match parse(line.as_bytes()) {
            Parsed::Refused(answer, _) => serde_json::to_value(&answer).unwrap_or_default(),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn what_does_not_parse_is_a_parse_error_with_id_null() {
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        for line in ["not json", "{\"a\": Infinity}", &deep, "{\"a\":\"\u{7f}"] {
            let refused = answer(line);
            assert_eq!(refused["error"]["code"], -32700, "{line}");
            assert_eq!(refused["id"], Value::Null, "{line}");
        }
        let answer = match parse(b"{\"a\":\"\xff\xfe\"}") {
            Parsed::Refused(answer, _) => serde_json::to_value(&answer).unwrap_or_default(),
            other => panic!("{other:?}"),
        };
        assert_eq!(answer["error"]["code"], -32700);
    }

    #[test]
    fn json_that_is_no_message_is_an_invalid_request_with_its_id() {
        let refused = answer(r#"{"jsonrpc":"2.0","id":7,"result":[],"error":3}"#);
        assert_eq!(refused["error"]["code"], -32600);
        assert_eq!(refused["id"], 7);
        assert_eq!(answer("42")["id"], Value::Null);
    }

    #[test]
    fn blank_lines_and_notifications_are_not_answered() {
        assert!(matches!(parse(b"\r\n"), Parsed::Skip));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","method":"notifications/whatever","params":3}"#),
            Parsed::Skip
        ));
        assert!(matches!(
            parse(b"\xEF\xBB\xBF{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"),
            Parsed::Message(_)
        ));
    }
}
