//! A local HTTP mirror for dependency downloads in tests.
//!
//! [`Mirror::start`] serves the files of a directory on `127.0.0.1` (an ephemeral port), GET
//! and HEAD only, one request per connection (`Connection: close`). It records every request
//! ([`Mirror::requests`]) and, on demand, misbehaves for the next N requests of a path or of
//! any path ([`Mirror::inject`], [`Fault`]), so retries, timeouts and checksum checks are
//! exercised for real. Dropping the mirror closes the port and ends its threads.
//!
//! It is written on `std::net` rather than `tiny_http`: resets and truncated bodies need the
//! server to close a connection mid-response, which `tiny_http` 0.12 cannot do (its connection
//! thread keeps the socket open until the client goes away).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a connection may take to send its request head.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long [`Mirror::requests`] waits for requests still being answered.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Body bytes per write when no fault asks for less.
const CHUNK: usize = 64 * 1024;

/// A way to misbehave for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answers `500 Internal Server Error`.
    ServerError,
    /// Answers `429 Too Many Requests` with `Retry-After: 1`.
    TooManyRequests,
    /// Resets the connection (TCP RST) without sending any response.
    Reset,
    /// Sends the headers with the file's full `Content-Length`, then half the body, then closes.
    Truncate,
    /// Sends the body `chunk` bytes at a time, waiting `delay` before each piece after the first.
    Slow { chunk: usize, delay: Duration },
    /// Sends a body of the right length whose middle byte is altered.
    WrongBytes,
}

impl Fault {
    /// Faults that only make sense while sending a file's body; others apply to any request.
    fn needs_body(&self) -> bool {
        matches!(
            self,
            Fault::Truncate | Fault::Slow { .. } | Fault::WrongBytes
        )
    }
}

/// One request the mirror answered (or deliberately did not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent, e.g. `/node-v22.0.0-linux-x64.tar.gz`.
    pub path: String,
    /// Request headers, names as sent.
    pub headers: Vec<(String, String)>,
    /// The response status; `None` when the connection was reset without a response.
    pub status: Option<u16>,
    /// Body bytes written to the socket.
    pub bytes_sent: u64,
    /// The fault applied to this request, if any.
    pub fault: Option<Fault>,
}

impl Request {
    /// The value of a request header, matched case-insensitively.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

struct Rule {
    /// `None` matches any path.
    path: Option<String>,
    fault: Fault,
    remaining: usize,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    log: Vec<Request>,
    /// Requests read but not yet logged.
    in_flight: usize,
    /// A handle on every open connection, to shut them down when the mirror stops.
    connections: HashMap<u64, TcpStream>,
    handlers: Vec<JoinHandle<()>>,
    next_id: u64,
}

struct Shared {
    root: PathBuf,
    stop: AtomicBool,
    state: Mutex<State>,
    settled: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the first fault rule that applies to this request, in the order they were added.
    fn take_fault(&self, path: &str, body_follows: bool) -> Option<Fault> {
        let mut state = self.lock();
        let index = state.rules.iter().position(|rule| {
            rule.path.as_deref().is_none_or(|wanted| wanted == path)
                && (body_follows || !rule.fault.needs_body())
        })?;
        let rule = &mut state.rules[index];
        rule.remaining -= 1;
        let fault = rule.fault.clone();
        if rule.remaining == 0 {
            state.rules.remove(index);
        }
        Some(fault)
    }
}

/// A running mirror; stops when dropped.
pub struct Mirror {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Mirror {
    /// Serves `root_dir` on `127.0.0.1` on a free port.
    #[must_use]
    pub fn start(root_dir: impl AsRef<Path>) -> Mirror {
        let root = root_dir.as_ref();
        let root = root
            .canonicalize()
            .unwrap_or_else(|error| panic!("mirror root {}: {error}", root.display()));
        assert!(
            root.is_dir(),
            "mirror root {} is not a directory",
            root.display()
        );
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind the mirror to 127.0.0.1");
        let addr = listener.local_addr().expect("mirror address");
        let shared = Arc::new(Shared {
            root,
            stop: AtomicBool::new(false),
            state: Mutex::new(State::default()),
            settled: Condvar::new(),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("mirror-accept".into())
                .spawn(move || accept_loop(&listener, &shared))
                .expect("spawn mirror thread")
        };
        Mirror {
            addr,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL of a file under the root, e.g. `uri("node.tar.gz")`.
    #[must_use]
    pub fn uri(&self, path: &str) -> String {
        format!("{}/{}", self.url(), path.trim_start_matches('/'))
    }

    /// The address the mirror listens on.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The directory served.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.shared.root
    }

    /// Applies `fault` to the next `times` requests for `path` (`/name` or `name`). Faults are
    /// used in the order they were added; body faults skip requests that get no file body.
    pub fn inject(&self, path: &str, fault: Fault, times: usize) {
        let path = format!("/{}", path.trim_start_matches('/'));
        self.add_rule(Some(path), fault, times);
    }

    /// Applies `fault` to the next `times` requests, whatever their path.
    pub fn inject_any(&self, fault: Fault, times: usize) {
        self.add_rule(None, fault, times);
    }

    /// Drops every fault not yet used.
    pub fn clear_faults(&self) {
        self.shared.lock().rules.clear();
    }

    fn add_rule(&self, path: Option<String>, fault: Fault, remaining: usize) {
        if remaining > 0 {
            self.shared.lock().rules.push(Rule {
                path,
                fault,
                remaining,
            });
        }
    }

    /// Every request so far, oldest first. Waits (a few seconds at most) for requests still
    /// being answered, so a request whose response a client has read is always listed.
    #[must_use]
    pub fn requests(&self) -> Vec<Request> {
        let deadline = Instant::now() + SETTLE_TIMEOUT;
        let mut state = self.shared.lock();
        while state.in_flight > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = self
                .shared
                .settled
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        state.log.clone()
    }

    /// Forgets the requests logged so far.
    pub fn clear_requests(&self) {
        self.shared.lock().log.clear();
    }
}

impl Drop for Mirror {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop; it sees `stop`, returns, and its listener closes the port.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let (connections, handlers) = {
            let mut state = self.shared.lock();
            let connections: Vec<TcpStream> = state
                .connections
                .drain()
                .map(|(_, stream)| stream)
                .collect();
            (connections, std::mem::take(&mut state.handlers))
        };
        for connection in connections {
            let _ = connection.shutdown(Shutdown::Both);
        }
        for handler in handlers {
            let _ = handler.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let mut state = shared.lock();
        state.handlers.retain(|handler| !handler.is_finished());
        let id = state.next_id;
        state.next_id += 1;
        if let Ok(handle) = stream.try_clone() {
            state.connections.insert(id, handle);
        }
        let handler = {
            let shared = Arc::clone(shared);
            thread::Builder::new()
                .name("mirror-conn".into())
                .spawn(move || {
                    serve_connection(&shared, stream);
                    shared.lock().connections.remove(&id);
                })
        };
        match handler {
            Ok(handler) => state.handlers.push(handler),
            Err(_) => {
                state.connections.remove(&id);
            }
        }
    }
}

/// The parts of a request head the mirror uses.
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

fn serve_connection(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
    let head = match read_head(&stream) {
        Ok(Some(head)) => head,
        // Closed before sending a request (such as the wake-up in `Drop`), or garbage.
        Ok(None) => return,
        Err(_) => {
            let _ = write_head(&mut stream, 400, "Bad Request", &[], 0);
            return;
        }
    };
    shared.lock().in_flight += 1;
    let (status, bytes_sent, fault) = respond(shared, &mut stream, &head);
    {
        let mut state = shared.lock();
        state.log.push(Request {
            method: head.method,
            path: head.target,
            headers: head.headers,
            status,
            bytes_sent,
            fault,
        });
        state.in_flight -= 1;
    }
    shared.settled.notify_all();
    if status.is_some() {
        let _ = stream.shutdown(Shutdown::Write);
    }
}

/// Reads the request line and headers; `Ok(None)` if the client closed without sending any.
fn read_head(stream: &TcpStream) -> io::Result<Option<Head>> {
    let invalid = || io::Error::new(io::ErrorKind::InvalidData, "malformed request");
    let mut reader = BufReader::new(stream).take(64 * 1024);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_ascii_whitespace();
    let (Some(method), Some(target), Some(_version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let mut head = Head {
        method: method.to_string(),
        target: target.to_string(),
        headers: Vec::new(),
    };
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(invalid());
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            return Ok(Some(head));
        }
        let (name, value) = line.split_once(':').ok_or_else(invalid)?;
        head.headers
            .push((name.trim().to_string(), value.trim().to_string()));
    }
}

/// Answers one request; returns the status sent (none for a reset), body bytes and fault.
fn respond(
    shared: &Shared,
    stream: &mut TcpStream,
    head: &Head,
) -> (Option<u16>, u64, Option<Fault>) {
    let path = head.target.split(['?', '#']).next().unwrap_or_default();
    let is_get = head.method == "GET";
    let allowed = is_get || head.method == "HEAD";
    let file = if allowed {
        resolve(&shared.root, path)
    } else {
        None
    };
    let fault = shared.take_fault(path, is_get && file.is_some());

    let simple = |stream: &mut TcpStream, status: u16, reason: &str, extra: &[(&str, &str)]| {
        let body = format!("{status} {reason}\n");
        let length = body.len() as u64;
        let mut sent = 0;
        if write_head(stream, status, reason, extra, length).is_ok()
            && is_get
            && stream.write_all(body.as_bytes()).is_ok()
        {
            sent = length;
        }
        (Some(status), sent, fault.clone())
    };
    match fault {
        Some(Fault::ServerError) => return simple(stream, 500, "Internal Server Error", &[]),
        Some(Fault::TooManyRequests) => {
            return simple(stream, 429, "Too Many Requests", &[("Retry-After", "1")]);
        }
        Some(Fault::Reset) => {
            // A zero linger makes the close send RST instead of FIN.
            let _ = socket2::SockRef::from(&*stream).set_linger(Some(Duration::ZERO));
            return (None, 0, fault.clone());
        }
        _ => {}
    }
    if !allowed {
        return simple(stream, 405, "Method Not Allowed", &[("Allow", "GET, HEAD")]);
    }
    let Some(file) = file else {
        return simple(stream, 404, "Not Found", &[]);
    };
    let sent = send_file(shared, stream, &file, is_get, fault.as_ref());
    (Some(200), sent, fault)
}

/// Sends a file (its headers only unless `with_body`), shaped by a body fault; returns the
/// body bytes written before the end or the first error.
fn send_file(
    shared: &Shared,
    stream: &mut TcpStream,
    path: &Path,
    with_body: bool,
    fault: Option<&Fault>,
) -> u64 {
    let Ok(mut file) = File::open(path) else {
        return 0;
    };
    let Ok(length) = file.metadata().map(|metadata| metadata.len()) else {
        return 0;
    };
    let headers = [("Content-Type", "application/octet-stream")];
    if write_head(stream, 200, "OK", &headers, length).is_err() || !with_body {
        return 0;
    }
    let (limit, chunk, delay) = match fault {
        Some(Fault::Truncate) => (length / 2, CHUNK, None),
        Some(Fault::Slow { chunk, delay }) => (length, (*chunk).max(1), Some(*delay)),
        _ => (length, CHUNK, None),
    };
    let flip_at = (fault == Some(&Fault::WrongBytes)).then_some(length / 2);
    let mut buffer = vec![0; chunk];
    let mut sent = 0u64;
    while sent < limit {
        let n = usize::try_from(limit - sent).map_or(chunk, |left| left.min(chunk));
        if file.read_exact(&mut buffer[..n]).is_err() {
            break;
        }
        if let Some(at) = flip_at.filter(|at| (sent..sent + n as u64).contains(at)) {
            let index = usize::try_from(at - sent).expect("offset within the chunk");
            buffer[index] ^= 0xff;
        }
        if let Some(delay) = delay.filter(|_| sent > 0)
            && !pause(shared, delay)
        {
            break;
        }
        if stream.write_all(&buffer[..n]).is_err() {
            break;
        }
        sent += n as u64;
    }
    let _ = stream.flush();
    sent
}

/// Sleeps for `delay` unless the mirror stops first; false if it stopped.
fn pause(shared: &Shared, delay: Duration) -> bool {
    let end = Instant::now() + delay;
    while !shared.stop.load(Ordering::SeqCst) {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        thread::sleep(left.min(Duration::from_millis(10)));
    }
    false
}

fn write_head(
    stream: &mut TcpStream,
    status: u16,
    reason: &str,
    extra: &[(&str, &str)],
    length: u64,
) -> io::Result<()> {
    let mut head =
        format!("HTTP/1.1 {status} {reason}\r\nContent-Length: {length}\r\nConnection: close\r\n");
    for (name, value) in extra {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())
}

/// The regular file under `root` a URL path names, if any. Rejects `..`, and anything
/// (symlinks included) that leads outside `root`.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut path = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            segment if segment.contains(['\\', '\0']) => return None,
            segment => path.push(segment),
        }
    }
    let path = path.canonicalize().ok()?;
    (path.starts_with(root) && path.is_file()).then_some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}
