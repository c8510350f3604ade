//! The `test --mock` server: a real HTTP server on 127.0.0.1, on a free
//! port, answering every request with an [`Answer`] (built from an
//! action's `mock:` section), so the whole pipeline runs with no network
//! and no credentials.
//!
//! Listeners are kept for the whole process: a run takes an idle one (or
//! opens one), loads the answer it wants served, and gives it back when
//! it is done. `test --all --mock` over thousands of actions so opens as
//! many listeners, each with one thread, as runs go at once: threads and
//! memory stay bounded, where a server per run left its threads behind.
//! Each listener serves one connection at a time and closes it after one
//! response, so nothing lingers from one run to the next.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::core::model::Mock;

/// How long a listener waits on a silent client before giving up on it.
const CLIENT_IDLE: Duration = Duration::from_secs(10);
/// Largest request head read.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most request headers parsed.
const MAX_HEADERS: usize = 128;

/// What a mock listener answers: status, headers and body, prepared once
/// by the run that loads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// How long to wait before answering (`delay:`).
    delay: Option<Duration>,
}

impl Answer {
    /// The answer of one of an action's `mock:` answers, with `body` as
    /// rendered for the request: a JSON body is sent pretty-printed with `Content-Type: application/json` unless the
    /// headers set one; a string body is sent as is. Headers that could
    /// not go on the wire (bad name, line break in the value) and the
    /// framing headers the server sets itself are left out.
    pub(crate) fn from_mock(mock: &Mock, body: Option<&serde_json::Value>) -> Self {
        let (body, is_json) = match body {
            None => (Vec::new(), false),
            Some(serde_json::Value::String(text)) => (text.clone().into_bytes(), false),
            Some(value) => (serde_json::to_vec_pretty(value).unwrap_or_default(), true),
        };
        let mut headers: Vec<(String, String)> = mock
            .headers
            .iter()
            .filter(|(name, value)| is_sendable_header(name, value))
            .cloned()
            .collect();
        let has_content_type = headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        if is_json && !has_content_type {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        Self {
            status: mock.status,
            headers,
            body,
            delay: mock.delay,
        }
    }

    /// The response bytes for a request with `method`.
    fn response(&self, method: &str) -> Vec<u8> {
        let reason = ureq::http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or_default();
        let mut out = format!("HTTP/1.1 {} {reason}\r\n", self.status).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        let has_body = !matches!(self.status, 100..=199 | 204 | 304);
        if has_body {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"Connection: close\r\n\r\n");
        if has_body && method != "HEAD" {
            out.extend_from_slice(&self.body);
        }
        out
    }

    /// What an idle listener answers (no run has loaded an answer).
    fn none_loaded() -> Self {
        Self {
            status: 503,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: b"no mock answer is loaded on this listener\n".to_vec(),
            delay: None,
        }
    }
}

fn is_sendable_header(name: &str, value: &str) -> bool {
    let framing = ["content-length", "transfer-encoding", "connection"];
    ureq::http::HeaderName::from_bytes(name.as_bytes()).is_ok()
        && ureq::http::HeaderValue::from_str(value).is_ok()
        && !framing.iter().any(|f| name.eq_ignore_ascii_case(f))
}

/// Listeners shared by every run of the process.
static POOL: LazyLock<MockPool> = LazyLock::new(|| MockPool::new("actionctl-mock"));

/// A run's hold on a mock listener: it serves the run's answer until
/// dropped, then goes back to the pool.
pub(crate) struct MockServer {
    listener: Option<Listener>,
    idle: Arc<Mutex<Vec<Listener>>>,
}

impl MockServer {
    /// Serves `answer` on 127.0.0.1 from the process's pool of listeners.
    pub(crate) fn start(answer: Answer) -> std::io::Result<Self> {
        POOL.serve(answer)
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    fn addr(&self) -> SocketAddr {
        self.listener
            .as_ref()
            .map_or(SocketAddr::from(([127, 0, 0, 1], 0)), |l| l.addr)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(listener) = self.listener.take() {
            *lock(&listener.answer) = None;
            lock(&self.idle).push(listener);
        }
    }
}

/// Loopback listeners, each served by one thread, handed out one run at
/// a time.
pub(crate) struct MockPool {
    idle: Arc<Mutex<Vec<Listener>>>,
    opened: AtomicUsize,
    thread_name: String,
}

impl MockPool {
    /// An empty pool whose threads are called `thread_name`.
    pub(crate) fn new(thread_name: &str) -> Self {
        Self {
            idle: Arc::new(Mutex::new(Vec::new())),
            opened: AtomicUsize::new(0),
            thread_name: thread_name.to_string(),
        }
    }

    /// Serves `answer` on an idle listener, or on a new one when all are
    /// taken. Fails, without panicking, when no socket or thread can be had.
    pub(crate) fn serve(&self, answer: Answer) -> std::io::Result<MockServer> {
        let idle = lock(&self.idle).pop();
        let listener = match idle {
            Some(listener) => listener,
            None => {
                let listener = Listener::open(&self.thread_name)?;
                self.opened.fetch_add(1, Ordering::SeqCst);
                listener
            }
        };
        *lock(&listener.answer) = Some(Arc::new(answer));
        Ok(MockServer {
            listener: Some(listener),
            idle: Arc::clone(&self.idle),
        })
    }

    /// How many listeners (and so threads) this pool has opened.
    #[cfg(test)]
    pub(crate) fn opened(&self) -> usize {
        self.opened.load(Ordering::SeqCst)
    }
}

type Slot = Arc<Mutex<Option<Arc<Answer>>>>;

/// One loopback socket and the thread that answers on it.
struct Listener {
    addr: SocketAddr,
    answer: Slot,
    stop: Arc<AtomicBool>,
    worker: Option<JoinHandle<()>>,
}

impl Listener {
    fn open(thread_name: &str) -> std::io::Result<Self> {
        let socket = TcpListener::bind("127.0.0.1:0")?;
        let addr = socket.local_addr()?;
        let answer: Slot = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let worker = {
            let (answer, stop) = (Arc::clone(&answer), Arc::clone(&stop));
            std::thread::Builder::new()
                .name(thread_name.to_string())
                .spawn(move || accept_loop(&socket, &answer, &stop))?
        };
        Ok(Self {
            addr,
            answer,
            stop,
            worker: Some(worker),
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the blocked accept; if even that fails, the thread is
        // left to end with the process rather than waited on forever.
        if TcpStream::connect(self.addr).is_ok()
            && let Some(worker) = self.worker.take()
        {
            let _ = worker.join();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The data behind these locks stays consistent at every step, so a
    // panic elsewhere while one was held does not make it unusable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn accept_loop(socket: &TcpListener, answer: &Slot, stop: &AtomicBool) {
    for stream in socket.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        match stream {
            Ok(stream) => {
                let _ = answer_one(stream, answer);
            }
            // Out of file descriptors, or similar: wait instead of spinning.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Reads one request, sends the answer loaded in `slot` (after its
/// delay) and closes the connection.
fn answer_one(mut stream: TcpStream, slot: &Slot) -> std::io::Result<()> {
    let current = lock(slot).clone();
    let answer = current.as_deref();
    stream.set_read_timeout(Some(CLIENT_IDLE))?;
    stream.set_write_timeout(Some(CLIENT_IDLE))?;
    let Some(request) = read_request(&mut stream)? else {
        stream.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )?;
        return Ok(());
    };
    if let Some(current) = &current
        && !delay_over(current, slot)
    {
        // The run gave up (its timeout passed) and returned the
        // listener: the next run must not wait for this one.
        return Ok(());
    }
    let fallback;
    let answer = match answer {
        Some(answer) => answer,
        None => {
            fallback = Answer::none_loaded();
            &fallback
        }
    };
    stream.write_all(&answer.response(&request.method))?;
    stream.flush()?;
    stream.shutdown(Shutdown::Write)?;
    if request.body_left.is_none() {
        // A body of unknown length (chunked): read to the end so closing
        // does not reset the connection before the client read the answer.
        std::io::copy(&mut stream.take(64 * 1024 * 1024), &mut std::io::sink())?;
    }
    Ok(())
}

/// Waits out `answer`'s delay; false as soon as the run that loaded it
/// has let the listener go, so a long delay never holds up the next run.
fn delay_over(answer: &Arc<Answer>, slot: &Slot) -> bool {
    let Some(delay) = answer.delay else {
        return true;
    };
    let started = std::time::Instant::now();
    while started.elapsed() < delay {
        let still_loaded = lock(slot)
            .as_ref()
            .is_some_and(|loaded| Arc::ptr_eq(loaded, answer));
        if !still_loaded {
            return false;
        }
        let left = delay.saturating_sub(started.elapsed());
        std::thread::sleep(left.min(Duration::from_millis(10)));
    }
    true
}

/// The parts of a request the server needs.
struct Request {
    method: String,
    /// Body bytes still unread after the head, when the length is known.
    body_left: Option<u64>,
}

/// Reads a request's head and its `Content-Length` body; `None` when it
/// is not HTTP.
fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buffer) {
            Ok(httparse::Status::Complete(head_len)) => {
                let method = parsed.method.unwrap_or_default().to_string();
                let chunked = parsed
                    .headers
                    .iter()
                    .any(|h| h.name.eq_ignore_ascii_case("transfer-encoding"));
                let length = parsed
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .and_then(|h| {
                        std::str::from_utf8(h.value)
                            .ok()?
                            .trim()
                            .parse::<u64>()
                            .ok()
                    })
                    .unwrap_or(0);
                let already = (buffer.len() - head_len) as u64;
                let body_left = (!chunked).then(|| length.saturating_sub(already));
                if let Some(left) = body_left {
                    std::io::copy(&mut stream.take(left), &mut std::io::sink())?;
                }
                return Ok(Some(Request { method, body_left }));
            }
            Ok(httparse::Status::Partial) if buffer.len() < MAX_HEAD_BYTES => {}
            _ => return Ok(None),
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> Answer {
        Answer::from_mock(
            &Mock {
                status,
                headers: vec![
                    ("X-Mock".into(), "yes".into()),
                    ("X-Split".into(), "a\r\nInjected: 1".into()),
                    ("Content-Length".into(), "999".into()),
                ],
                ..Mock::default()
            },
            Some(&serde_json::json!({"ok": true})),
        )
    }

    fn exchange(base_url: &str, request: &[u8]) -> String {
        let addr = base_url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request).unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    }

    const GET: &[u8] = b"GET /anything HTTP/1.1\r\nHost: x\r\n\r\n";

    #[test]
    fn serves_the_answer_on_loopback() {
        let server = MockServer::start(answer(201)).unwrap();
        assert!(server.base_url().starts_with("http://127.0.0.1:"));
        let reply = exchange(&server.base_url(), GET);
        assert!(reply.starts_with("HTTP/1.1 201 Created\r\n"), "{reply}");
        assert!(reply.contains("\r\nX-Mock: yes\r\n"), "{reply}");
        assert!(reply.contains("\r\nContent-Type: application/json\r\n"));
        assert!(reply.contains("\r\nContent-Length: 16\r\n"), "{reply}");
        assert!(
            !reply.contains("Injected") && !reply.contains("999"),
            "{reply}"
        );
        assert!(reply.ends_with("\r\n\r\n{\n  \"ok\": true\n}"), "{reply}");
    }

    #[test]
    fn reads_the_whole_request_body_and_leaves_bodies_out_where_http_does() {
        let server = MockServer::start(answer(200)).unwrap();
        let body = "x".repeat(200_000);
        let post = format!("POST /o HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n{body}");
        assert!(exchange(&server.base_url(), post.as_bytes()).ends_with("\"ok\": true\n}"));
        let chunked = b"POST /o HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        let addr = server.base_url().trim_start_matches("http://").to_string();
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(chunked).unwrap();
        stream.shutdown(Shutdown::Write).unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        assert!(reply.ends_with("\"ok\": true\n}"), "{reply}");
        let head = exchange(&server.base_url(), b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(head.ends_with("Connection: close\r\n\r\n"), "{head}");
        drop(server);
        let server = MockServer::start(answer(204)).unwrap();
        let reply = exchange(&server.base_url(), GET);
        assert!(reply.starts_with("HTTP/1.1 204 No Content\r\n"), "{reply}");
        assert!(!reply.contains("Content-Length") && reply.ends_with("\r\n\r\n"));
    }

    #[test]
    fn a_returned_listener_answers_nothing_of_the_last_run() {
        let pool = MockPool::new("mock-t-idle");
        let url = pool.serve(answer(201)).unwrap().base_url();
        let reply = exchange(&url, GET);
        assert!(reply.starts_with("HTTP/1.1 503 "), "{reply}");
        assert!(exchange(&url, b"not http\r\n\r\n").starts_with("HTTP/1.1 400 "));
    }

    #[test]
    fn a_delayed_answer_waits_but_gives_up_when_the_run_lets_go() {
        let pool = MockPool::new("mock-t-delay");
        let slow = Mock {
            status: 200,
            delay: Some(Duration::from_millis(300)),
            ..Mock::default()
        };
        let server = pool.serve(Answer::from_mock(&slow, None)).unwrap();
        let started = std::time::Instant::now();
        assert!(exchange(&server.base_url(), GET).starts_with("HTTP/1.1 200 "));
        assert!(started.elapsed() >= Duration::from_millis(300));
        // A client that gives up: the run drops its hold mid-delay, and
        // the next run on the same listener is answered at once.
        let addr = server.base_url().trim_start_matches("http://").to_string();
        let mut abandoned = TcpStream::connect(&addr).unwrap();
        abandoned.write_all(GET).unwrap();
        std::thread::sleep(Duration::from_millis(50));
        drop(server);
        let next = pool.serve(answer(202)).unwrap();
        let started = std::time::Instant::now();
        assert!(exchange(&next.base_url(), GET).starts_with("HTTP/1.1 202 "));
        assert!(
            started.elapsed() < Duration::from_millis(250),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(pool.opened(), 1);
        let mut rest = String::new();
        let _ = abandoned.read_to_string(&mut rest);
        assert!(
            rest.is_empty(),
            "the abandoned request gets no answer: {rest}"
        );
    }

    /// Threads of this process called `name`, from /proc.
    #[cfg(target_os = "linux")]
    fn threads_named(name: &str) -> usize {
        std::fs::read_dir("/proc/self/task")
            .unwrap()
            .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
            .filter(|comm| comm.trim_end() == name)
            .count()
    }

    #[test]
    fn many_runs_share_as_many_listeners_as_run_at_once() {
        let pool = MockPool::new("mock-t-reuse");
        for i in 0..300 {
            let server = pool.serve(answer(200 + i % 2)).unwrap();
            let reply = exchange(&server.base_url(), GET);
            assert!(reply.starts_with(&format!("HTTP/1.1 {} ", 200 + i % 2)));
        }
        assert_eq!(pool.opened(), 1);
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| {
                    for _ in 0..100 {
                        let server = pool.serve(answer(202)).unwrap();
                        assert!(exchange(&server.base_url(), GET).starts_with("HTTP/1.1 202 "));
                    }
                });
            }
        });
        assert!((1..=3).contains(&pool.opened()), "{}", pool.opened());
        #[cfg(target_os = "linux")]
        {
            assert_eq!(threads_named("mock-t-reuse"), pool.opened());
            drop(pool);
            assert_eq!(threads_named("mock-t-reuse"), 0, "threads are joined");
        }
    }
}
