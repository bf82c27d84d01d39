//! Answering one connection: the request head, files under the root, faults.

use crate::tls::Conn;
use crate::{Fault, Request, Shared};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::Shutdown;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::thread;
use std::time::{Duration, Instant};

/// How long a connection may take to send its request head.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Body bytes per write when no fault asks for less.
const CHUNK: usize = 64 * 1024;

/// The parts of a request head the mirror uses.
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

pub(crate) fn serve_connection(shared: &Shared, mut stream: Conn) {
    let _ = stream.tcp().set_read_timeout(Some(REQUEST_TIMEOUT));
    let head = match read_head(&mut stream) {
        Ok(Some(head)) => head,
        // Closed before sending a request (such as the wake-up in `Drop`), or garbage.
        Ok(None) => return,
        Err(_) => {
            let _ = write_head(&mut stream, 400, &[], 0);
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
        stream.close_notify();
        let _ = stream.tcp().shutdown(Shutdown::Write);
    }
}

/// Reads the request line and headers; `Ok(None)` if the client closed without sending any.
fn read_head(stream: &mut Conn) -> io::Result<Option<Head>> {
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
fn respond(shared: &Shared, stream: &mut Conn, head: &Head) -> (Option<u16>, u64, Option<Fault>) {
    let path = head.target.split(['?', '#']).next().unwrap_or_default();
    let is_get = head.method == "GET";
    let allowed = is_get || head.method == "HEAD";
    let file = if allowed {
        resolve(&shared.root, path)
    } else {
        None
    };
    let fault = shared.take_fault(path, is_get && file.is_some());

    let simple = |stream: &mut Conn, status: u16, extra: &[(&str, &str)]| {
        let reason = reason(status);
        let body = format!("{status} {reason}\n");
        let length = body.len() as u64;
        let mut sent = 0;
        if write_head(stream, status, extra, length).is_ok()
            && is_get
            && stream.write_all(body.as_bytes()).is_ok()
        {
            sent = length;
        }
        (Some(status), sent, fault.clone())
    };
    match fault {
        Some(Fault::ServerError) => return simple(stream, 500, &[]),
        Some(Fault::TooManyRequests) => return simple(stream, 429, &[("Retry-After", "1")]),
        Some(Fault::Status(status)) => return simple(stream, status, &[]),
        Some(Fault::Redirect(ref location)) => {
            return simple(stream, 302, &[("Location", location)]);
        }
        Some(Fault::Reset) => {
            // A zero linger makes the close send RST instead of FIN.
            let _ = socket2::SockRef::from(stream.tcp()).set_linger(Some(Duration::ZERO));
            return (None, 0, fault.clone());
        }
        _ => {}
    }
    if !allowed {
        return simple(stream, 405, &[("Allow", "GET, HEAD")]);
    }
    let authorization = head
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("Authorization"))
        .map(|(_, value)| value.as_str());
    if shared.unauthorized(path, authorization) {
        return simple(
            stream,
            401,
            &[("WWW-Authenticate", "Basic realm=\"stowage test mirror\"")],
        );
    }
    let Some(file) = file else {
        return simple(stream, 404, &[]);
    };
    let sent = send_file(shared, stream, &file, is_get, fault.as_ref());
    (Some(200), sent, fault)
}

/// Sends a file (its headers only unless `with_body`), shaped by a body fault; returns the
/// body bytes written before the end or the first error.
fn send_file(
    shared: &Shared,
    stream: &mut Conn,
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
    if write_head(stream, 200, &headers, length).is_err() || !with_body {
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

/// The standard reason phrase of a status.
fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Unknown")
}

fn write_head(
    stream: &mut Conn,
    status: u16,
    extra: &[(&str, &str)],
    length: u64,
) -> io::Result<()> {
    let reason = reason(status);
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
    let mut path = path.canonicalize().ok()?;
    // A folder answers with its `index.html`, as a web server's directory index does.
    if path.is_dir() {
        path.push("index.html");
    }
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
