//! A local HTTP mirror for dependency downloads in tests: the one test server of the
//! workspace, for the kit's fetch tests and the integration tests.
//!
//! [`Mirror::start`] serves the files of a directory on `127.0.0.1` (an ephemeral port), GET
//! and HEAD only, one request per connection (`Connection: close`). It records every request
//! ([`Mirror::requests`]) and, on demand, misbehaves for the next N requests of a path or of
//! any path ([`Mirror::inject`], [`Fault`]), so retries, timeouts and checksum checks are
//! exercised for real. [`Mirror::start_tls`] serves HTTPS with a certificate from a CA made
//! for that mirror ([`Mirror::ca_pem`]). Dropping the mirror closes the port and ends its
//! threads.
//!
//! It is written on `std::net` rather than `tiny_http`: resets and truncated bodies need the
//! server to close a connection mid-response, which `tiny_http` 0.12 cannot do (its connection
//! thread keeps the socket open until the client goes away).

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod fault;
mod serve;
mod tls;

pub use fault::Fault;

use std::collections::HashMap;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use tls::{Conn, Tls};

/// How long [`Mirror::requests`] waits for requests still being answered.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(5);

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
    /// Path prefixes served only with this `Authorization` header value, as a private gem
    /// server or registry serves.
    protected: Vec<(String, String)>,
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
    tls: Option<Tls>,
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

    /// Whether a request for `path` lacks the credentials its prefix asks for.
    fn unauthorized(&self, path: &str, authorization: Option<&str>) -> bool {
        self.lock()
            .protected
            .iter()
            .any(|(prefix, wanted)| path.starts_with(prefix) && authorization != Some(wanted))
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
        Self::serve(root_dir.as_ref(), None)
    }

    /// Serves `root_dir` over HTTPS on `127.0.0.1`, with a certificate for `127.0.0.1` signed
    /// by a CA of its own that no client trusts unless given [`Mirror::ca_pem`].
    #[must_use]
    pub fn start_tls(root_dir: impl AsRef<Path>) -> Mirror {
        Self::serve(root_dir.as_ref(), Some(Tls::new()))
    }

    fn serve(root: &Path, tls: Option<Tls>) -> Mirror {
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
            tls,
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

    /// `http://127.0.0.1:<port>` (`https://` for TLS), without a trailing slash.
    #[must_use]
    pub fn url(&self) -> String {
        let scheme = if self.shared.tls.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The PEM certificate of the CA that signed a TLS mirror's certificate.
    #[must_use]
    pub fn ca_pem(&self) -> Option<&str> {
        self.shared.tls.as_ref().map(|tls| tls.ca_pem.as_str())
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

    /// Serves the paths under `prefix` (`/name/`) only to requests with HTTP Basic
    /// credentials `user`:`password`; others get `401` with `WWW-Authenticate`.
    pub fn require_basic_auth(&self, prefix: &str, user: &str, password: &str) {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let prefix = format!("/{}", prefix.trim_start_matches('/'));
        self.shared
            .lock()
            .protected
            .push((prefix, format!("Basic {token}")));
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

    /// The paths of [`Mirror::requests`], oldest first.
    #[must_use]
    pub fn requested_paths(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .map(|request| request.path)
            .collect()
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
                    if let Ok(conn) = Conn::new(stream, shared.tls.as_ref()) {
                        serve::serve_connection(&shared, conn);
                    }
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
