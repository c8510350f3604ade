//! The `test --mock` server: a real HTTP server on 127.0.0.1, on a free
//! port, answering every request with an action's `mock:` section, so the
//! whole pipeline runs with no network and no credentials.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::model::Mock;

/// A running mock server; stops when dropped.
pub struct MockServer {
    server: Arc<tiny_http::Server>,
    addr: SocketAddr,
    worker: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts serving `mock` on 127.0.0.1 at a free port.
    pub fn start(mock: &Mock) -> std::io::Result<Self> {
        let server = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("mock server has no IP address"))?;
        let server = Arc::new(server);
        let answer = Answer::from_mock(mock);
        let serving = Arc::clone(&server);
        let worker = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let _ = request.respond(answer.response());
            }
        });
        Ok(Self {
            server,
            addr,
            worker: Some(worker),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The canned answer, prepared once.
struct Answer {
    status: u16,
    headers: Vec<tiny_http::Header>,
    body: Vec<u8>,
}

impl Answer {
    fn from_mock(mock: &Mock) -> Self {
        let (body, is_json) = match &mock.body {
            None => (Vec::new(), false),
            Some(serde_json::Value::String(text)) => (text.clone().into_bytes(), false),
            Some(value) => (serde_json::to_vec_pretty(value).unwrap_or_default(), true),
        };
        let mut headers: Vec<tiny_http::Header> = mock
            .headers
            .iter()
            .filter_map(|(k, v)| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
            .collect();
        let has_content_type = mock
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        if is_json && !has_content_type {
            if let Ok(h) =
                tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..])
            {
                headers.push(h);
            }
        }
        Self {
            status: mock.status,
            headers,
            body,
        }
    }

    fn response(&self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let mut response =
            tiny_http::Response::from_data(self.body.clone()).with_status_code(self.status);
        for header in &self.headers {
            response.add_header(header.clone());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn serves_the_mock_on_loopback() {
        let mock = Mock {
            status: 201,
            headers: vec![("X-Mock".into(), "yes".into())],
            body: Some(serde_json::json!({"ok": true})),
        };
        let server = MockServer::start(&mock).unwrap();
        assert!(server.base_url().starts_with("http://127.0.0.1:"));
        let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
        stream
            .write_all(b"GET /anything HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 201"), "{reply}");
        assert!(reply.contains("X-Mock: yes"));
        assert!(reply.contains("Content-Type: application/json"));
        assert!(reply.ends_with("{\n  \"ok\": true\n}"));
    }
}
