//! Shared by the fetch_* tests: dependencies, a scripted HTTP server on 127.0.0.1, archives,
//! a progress recorder, and redaction for snapshots.

#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use stowage_kit::checksum::{Algorithm, Hasher};
use stowage_kit::fetch::{FetchOptions, Progress};
use stowage_kit::inventory::Dependency;

/// How long a test server waits for requests before it stops by itself.
const SERVER_LIFETIME: Duration = Duration::from_secs(20);

pub(crate) fn sha256(bytes: &[u8]) -> String {
    let mut hasher = Hasher::new(Algorithm::Sha256);
    hasher.update(bytes);
    hasher.finish().to_string()
}

pub(crate) fn dependency(uri: &str, bytes: &[u8], strip_components: usize) -> Dependency {
    toml::from_str(&format!(
        r#"
        id = "node"
        name = "Node.js"
        version = "24.18.1"
        uri = "{uri}"
        checksum = "{}"
        strip-components = {strip_components}
        "#,
        sha256(bytes)
    ))
    .expect("dependency")
}

/// Small waits and timeouts so failures are quick.
pub(crate) fn quick_options() -> FetchOptions {
    FetchOptions {
        attempts: 3,
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_millis(200),
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(2),
        ..FetchOptions::default()
    }
}

/// A layers folder with an empty layer folder in it, as libcnb hands one over.
pub(crate) struct Layers {
    pub dir: tempfile::TempDir,
    pub target: PathBuf,
    /// Where test archives are written, apart from the layers folder.
    pub sources: tempfile::TempDir,
}

impl Layers {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("node");
        std::fs::create_dir(&target).expect("layer dir");
        let sources = tempfile::tempdir().expect("tempdir");
        Self {
            dir,
            target,
            sources,
        }
    }

    /// Everything under the layers folder, relative, sorted: proves what was left behind.
    pub(crate) fn listing(&self) -> Vec<String> {
        let mut found = Vec::new();
        walk(self.dir.path(), self.dir.path(), &mut found);
        found.sort();
        found
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        let text = text.replace(&self.sources.path().display().to_string(), "[SOURCES]");
        redact(&text, self.dir.path())
    }
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        found.push(
            path.strip_prefix(root)
                .expect("inside")
                .display()
                .to_string(),
        );
        if path.is_dir() && !path.is_symlink() {
            walk(root, &path, found);
        }
    }
}

/// Hides temp paths and ports so snapshots are stable.
pub(crate) fn redact(text: &str, temp: &Path) -> String {
    let ports = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("regex");
    let text = text.replace(&temp.display().to_string(), "[TMP]");
    ports.replace_all(&text, "127.0.0.1:[PORT]").into_owned()
}

#[derive(Default, Debug)]
pub(crate) struct Recorder {
    pub started: Vec<Option<u64>>,
    pub received: u64,
    pub retries: Vec<(u32, String, Duration)>,
    pub debug: Vec<String>,
}

impl Progress for Recorder {
    fn started(&mut self, total: Option<u64>) {
        self.started.push(total);
        self.received = 0;
    }
    fn advanced(&mut self, received: u64) {
        assert!(
            received >= self.received,
            "progress only grows within an attempt"
        );
        self.received = received;
    }
    fn retrying(&mut self, attempt: u32, reason: &str, wait: Duration) {
        self.retries.push((attempt, reason.to_string(), wait));
    }
    fn debug(&mut self, text: &str) {
        self.debug.push(text.to_string());
    }
}

pub(crate) enum Reply {
    Status(u16),
    /// A status with one extra header, e.g. `Retry-After`.
    StatusWith(u16, &'static str, &'static str),
    Body(Vec<u8>),
    Redirect(&'static str),
}

/// A `tiny_http` server answering requests with `replies` in order; it stops after the last
/// reply, when dropped, or after `SERVER_LIFETIME`.
pub(crate) struct Server {
    pub base: String,
    hits: Arc<AtomicUsize>,
    http: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub(crate) fn start(replies: Vec<Reply>) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let hits = Arc::new(AtomicUsize::new(0));
        let thread = {
            let (server, hits) = (Arc::clone(&server), Arc::clone(&hits));
            std::thread::spawn(move || {
                let deadline = Instant::now() + SERVER_LIFETIME;
                for reply in replies {
                    let left = deadline.saturating_duration_since(Instant::now());
                    let Ok(Some(request)) = server.recv_timeout(left) else {
                        return;
                    };
                    hits.fetch_add(1, Ordering::SeqCst);
                    let _ = request.respond(response(reply));
                }
            })
        };
        Self {
            base: format!("http://127.0.0.1:{port}"),
            hits,
            http: server,
            thread: Some(thread),
        }
    }

    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn response(reply: Reply) -> tiny_http::ResponseBox {
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header")
    };
    match reply {
        Reply::Status(code) => tiny_http::Response::from_string(format!("status {code}"))
            .with_status_code(code)
            .boxed(),
        Reply::StatusWith(code, name, value) => tiny_http::Response::from_string("busy")
            .with_status_code(code)
            .with_header(header(name, value))
            .boxed(),
        Reply::Body(bytes) => tiny_http::Response::from_data(bytes).boxed(),
        Reply::Redirect(location) => tiny_http::Response::empty(302)
            .with_header(header("Location", location))
            .boxed(),
    }
}

/// A raw TCP server for what `tiny_http` will not do: each connection gets the next raw reply,
/// then the connection is closed, which cuts a body short if the reply declared more.
pub(crate) struct RawServer {
    pub base: String,
    thread: Option<JoinHandle<usize>>,
}

impl RawServer {
    pub(crate) fn start(replies: Vec<Vec<u8>>) -> Self {
        Self::holding(replies, Duration::ZERO)
    }

    /// Keeps each connection open for `hold` after its reply, so a short body stalls.
    pub(crate) fn holding(replies: Vec<Vec<u8>>, hold: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + SERVER_LIFETIME;
            let mut served = 0;
            for reply in replies {
                let mut stream = loop {
                    match listener.accept() {
                        Ok((stream, _)) => break stream,
                        Err(_) if Instant::now() < deadline => {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(_) => return served,
                    }
                };
                stream.set_nonblocking(false).expect("blocking");
                stream
                    .set_read_timeout(Some(Duration::from_secs(2)))
                    .expect("timeout");
                read_request_head(&mut stream);
                let _ = stream.write_all(&reply);
                std::thread::sleep(hold);
                let _ = stream.shutdown(Shutdown::Both);
                served += 1;
            }
            served
        });
        Self {
            base: format!("http://127.0.0.1:{port}"),
            thread: Some(thread),
        }
    }

    /// Waits for the server to finish and says how many connections it answered.
    pub(crate) fn served(mut self) -> usize {
        self.thread
            .take()
            .map_or(0, |thread| thread.join().expect("server thread"))
    }
}

fn read_request_head(stream: &mut impl Read) {
    let mut head = Vec::new();
    let mut byte = [0; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
        head.push(byte[0]);
    }
}

pub(crate) fn raw_reply(declared: usize, body: &[u8]) -> Vec<u8> {
    let mut reply =
        format!("HTTP/1.1 200 OK\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n")
            .into_bytes();
    reply.extend_from_slice(body);
    reply
}

/// One tar entry; names are written raw, so tests can build archives `tar::Builder` refuses.
pub(crate) enum Entry<'a> {
    Dir(&'a str),
    File(&'a str, &'a [u8], u32),
    Symlink(&'a str, &'a str),
    Hardlink(&'a str, &'a str),
}

pub(crate) fn tar(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        let (kind, name, link, data, mode): (tar::EntryType, &str, &str, &[u8], u32) = match entry {
            Entry::Dir(name) => (tar::EntryType::Directory, name, "", b"", 0o755),
            Entry::File(name, data, mode) => (tar::EntryType::Regular, name, "", data, *mode),
            Entry::Symlink(name, target) => (tar::EntryType::Symlink, name, target, b"", 0o777),
            Entry::Hardlink(name, target) => (tar::EntryType::Link, name, target, b"", 0o644),
        };
        let mut header = tar::Header::new_gnu();
        header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        header.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
        header.set_entry_type(kind);
        header.set_mode(mode);
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder.append(&header, data).expect("append");
    }
    builder.into_inner().expect("tar")
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

pub(crate) fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = liblzma::write::XzEncoder::new(Vec::new(), 1);
    encoder.write_all(bytes).expect("xz");
    encoder.finish().expect("xz")
}

/// A zip with files (name, content, unix mode) and symlinks (name, target).
pub(crate) fn zip(files: &[(&str, &[u8], u32)], links: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data, mode) in files {
        let options = zip::write::SimpleFileOptions::default().unix_permissions(*mode);
        writer.start_file(*name, options).expect("zip file");
        writer.write_all(data).expect("zip data");
    }
    for (name, target) in links {
        writer
            .add_symlink(*name, *target, zip::write::SimpleFileOptions::default())
            .expect("zip symlink");
    }
    writer.finish().expect("zip").into_inner()
}

pub(crate) fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}
