//! A small HTTP/1.1 server on 127.0.0.1 for the integration tests. It
//! records every request byte for byte and answers with whatever the
//! test's handler says, including misbehaviour: delays, dropped
//! connections, raw bytes, huge bodies.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target: path and query, as sent.
    pub target: String,
    /// Headers in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// Everything read from the connection.
    pub raw: Vec<u8>,
}

impl Received {
    /// The first header called `name` (any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// What the server does with a request.
pub(crate) enum Reply {
    /// A normal response (`Content-Length` and `Connection: close` added).
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Bytes written as they are, then the connection closes.
    Raw(Vec<u8>),
    /// Wait, then reply.
    Delay(Duration, Box<Reply>),
    /// Close the connection without answering.
    Drop,
}

impl Reply {
    /// A JSON response.
    pub(crate) fn json(status: u16, value: serde_json::Value) -> Self {
        Self::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(&value).expect("JSON"),
        }
    }

    /// A response with a content type and body.
    pub(crate) fn text(status: u16, content_type: &str, body: &str) -> Self {
        Self::Respond {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A redirect to `location`.
    pub(crate) fn redirect(status: u16, location: &str) -> Self {
        Self::Respond {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

/// A running test server; stops when dropped.
pub(crate) struct TestServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server answering with `handler`.
    pub(crate) fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log, flag) = (Arc::clone(&received), Arc::clone(&stop));
        let acceptor = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (log, handler) = (Arc::clone(&log), Arc::clone(&handler));
                std::thread::spawn(move || serve(stream, &log, handler.as_ref()));
            }
        });
        Self {
            addr,
            received,
            stop,
            acceptor: Some(acceptor),
        }
    }

    /// A server that sends back everything it received with `status`:
    /// the raw request and body as JSON, and every request header as an
    /// `X-Echo-<name>` response header. For leak tests.
    pub(crate) fn echo(status: u16) -> Self {
        Self::start(move |r| {
            let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
            for (name, value) in &r.headers {
                headers.push((format!("X-Echo-{name}"), value.clone()));
            }
            let body = serde_json::json!({
                "raw": String::from_utf8_lossy(&r.raw),
                "headers": r.headers,
                "body": String::from_utf8_lossy(&r.body),
            });
            Reply::Respond {
                status,
                headers,
                body: serde_json::to_vec(&body).expect("JSON"),
            }
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far.
    pub(crate) fn requests(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// The only request received; fails the test otherwise.
    pub(crate) fn single(&self) -> Received {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:?}"
        );
        requests.into_iter().next().expect("one request")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// A loopback address where nothing listens.
pub(crate) fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

fn serve(mut stream: TcpStream, log: &Mutex<Vec<Received>>, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    log.lock().expect("lock").push(request.clone());
    reply(&mut stream, handler(&request));
}

fn reply(stream: &mut TcpStream, reply: Reply) {
    match reply {
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Delay(wait, next) => {
            std::thread::sleep(wait);
            self::reply(stream, *next);
        }
        Reply::Drop => {}
    }
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        if let Ok(httparse::Status::Complete(head_len)) = request.parse(&raw) {
            let headers: Vec<(String, String)> = request
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_string(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect();
            let length = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0);
            let (method, target) = (request.method?.to_string(), request.path?.to_string());
            while raw.len() < head_len + length {
                let n = stream.read(&mut chunk).ok()?;
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&chunk[..n]);
            }
            let body = raw[head_len..].to_vec();
            return Some(Received {
                method,
                target,
                headers,
                body,
                raw,
            });
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 || raw.len() > 1 << 20 {
            return None;
        }
        raw.extend_from_slice(&chunk[..n]);
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}
