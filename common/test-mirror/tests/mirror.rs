//! The test mirror serves files byte-exact, logs requests, and each fault shows up in a plain
//! HTTP client the way a real network failure would.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::Duration;
use stowage_test_mirror::{Fault, Mirror};

const FILE: &str = "dist/file.bin";

/// 200 KiB of non-repeating bytes, more than one write chunk.
fn content() -> Vec<u8> {
    (0..200 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes()[0])
        .collect()
}

fn serve() -> (tempfile::TempDir, Mirror) {
    let root = tempfile::tempdir().expect("temp dir");
    fs_err::create_dir_all(root.path().join("dist")).expect("mkdir");
    fs_err::write(root.path().join(FILE), content()).expect("write file");
    let mirror = Mirror::start(root.path());
    (root, mirror)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .new_agent()
}

fn agent_with_read_timeout(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_per_read(Some(timeout))
        .build()
        .new_agent()
}

/// GETs a URL and reads the whole body.
fn get(agent: &ureq::Agent, url: &str) -> Result<(u16, Vec<u8>), ureq::Error> {
    let response = agent.get(url).call()?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    response
        .into_body()
        .into_with_config()
        .limit(u64::MAX)
        .reader()
        .read_to_end(&mut body)?;
    Ok((status, body))
}

/// The `Content-Length` a response announced.
fn content_length<B>(response: &http::Response<B>) -> String {
    response
        .headers()
        .get("content-length")
        .expect("content-length")
        .to_str()
        .expect("ascii")
        .to_string()
}

#[test]
fn serves_a_file_byte_exact_with_its_length() {
    let (_root, mirror) = serve();
    assert_eq!(mirror.addr().ip().to_string(), "127.0.0.1");
    assert!(
        mirror.url().starts_with("http://127.0.0.1:"),
        "{}",
        mirror.url()
    );
    let response = agent().get(&mirror.uri(FILE)).call().expect("GET");
    assert_eq!(response.status(), 200);
    assert_eq!(content_length(&response), content().len().to_string());
    let (status, body) = get(&agent(), &mirror.uri(FILE)).expect("GET");
    assert_eq!(status, 200);
    assert!(body == content(), "the body differs from the file");
}

#[test]
fn head_sends_the_length_without_a_body() {
    let (_root, mirror) = serve();
    let response = agent().head(&mirror.uri(FILE)).call().expect("HEAD");
    assert_eq!(response.status(), 200);
    assert_eq!(content_length(&response), content().len().to_string());
    let requests = mirror.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "HEAD");
    assert_eq!(requests[0].status, Some(200));
    assert_eq!(requests[0].bytes_sent, 0);
}

#[test]
fn missing_files_and_escapes_are_404() {
    let root = tempfile::tempdir().expect("temp dir");
    fs_err::create_dir_all(root.path().join("served")).expect("mkdir");
    fs_err::write(root.path().join("secret"), "outside").expect("write");
    fs_err::write(root.path().join("served/inside"), "inside").expect("write");
    std::os::unix::fs::symlink("../secret", root.path().join("served/link")).expect("symlink");
    let mirror = Mirror::start(root.path().join("served"));

    assert_eq!(
        get(&agent(), &mirror.uri("inside")).expect("GET").1,
        b"inside"
    );
    for path in [
        "missing.tar.gz",
        "",
        "link",
        "..%2fsecret",
        "%2e%2e/secret",
        "a/%2e%2e/%2e%2e/secret",
    ] {
        let (status, body) = get(&agent(), &mirror.uri(path)).expect("GET");
        assert_eq!(status, 404, "/{path}");
        assert!(
            !String::from_utf8_lossy(&body).contains("outside"),
            "/{path} leaked the file"
        );
    }
    // A client that does not normalise the path itself.
    let mut stream = TcpStream::connect(mirror.addr()).expect("connect");
    std::io::Write::write_all(&mut stream, b"GET /../secret HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(!answer.contains("outside"), "{answer}");
}

#[test]
fn logs_every_request_until_cleared() {
    let (_root, mirror) = serve();
    assert!(mirror.requests().is_empty());
    get(&agent(), &mirror.uri(FILE)).expect("GET");
    get(&agent(), &mirror.uri("nothing-here")).expect("GET");
    let requests = mirror.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, format!("/{FILE}"));
    assert_eq!(requests[0].status, Some(200));
    assert_eq!(requests[0].bytes_sent, content().len() as u64);
    assert_eq!(requests[0].fault, None);
    assert!(
        requests[0].header("user-agent").is_some(),
        "{:?}",
        requests[0].headers
    );
    assert_eq!(requests[1].path, "/nothing-here");
    assert_eq!(requests[1].status, Some(404));

    mirror.clear_requests();
    assert!(
        mirror.requests().is_empty(),
        "nothing was downloaded since clearing"
    );
    get(&agent(), &mirror.uri(FILE)).expect("GET");
    assert_eq!(mirror.requests().len(), 1);
}

/// A protected prefix answers 401 without the right credentials, and serves with them; other
/// paths stay open.
#[test]
fn basic_auth_guards_a_prefix() {
    let (root, mirror) = serve();
    fs_err::write(root.path().join("open.txt"), "open").expect("write");
    mirror.require_basic_auth("/dist/", "stowage", "s3cret");
    let (status, _) = get(&agent(), &mirror.uri(FILE)).expect("GET");
    assert_eq!(status, 401);
    assert_eq!(
        mirror.requests()[0].status,
        Some(401),
        "the refusal is logged"
    );
    let wrong = agent()
        .get(mirror.uri(FILE))
        .header("Authorization", "Basic c3Rvd2FnZTp3cm9uZw==")
        .call()
        .expect("GET");
    assert_eq!(wrong.status().as_u16(), 401);
    assert!(
        wrong.headers().get("www-authenticate").is_some(),
        "{:?}",
        wrong.headers()
    );
    // `stowage:s3cret`, as a client sends it.
    let right = agent()
        .get(mirror.uri(FILE))
        .header("Authorization", "Basic c3Rvd2FnZTpzM2NyZXQ=")
        .call()
        .expect("GET");
    assert_eq!(right.status().as_u16(), 200);
    assert_eq!(get(&agent(), &mirror.uri("open.txt")).expect("GET").0, 200);
}

#[test]
fn server_error_then_success_on_retry() {
    let (_root, mirror) = serve();
    mirror.inject(FILE, Fault::ServerError, 2);
    assert_eq!(get(&agent(), &mirror.uri(FILE)).expect("GET").0, 500);
    assert_eq!(get(&agent(), &mirror.uri(FILE)).expect("GET").0, 500);
    let (status, body) = get(&agent(), &mirror.uri(FILE)).expect("GET");
    assert_eq!(status, 200);
    assert!(body == content());
    let statuses: Vec<_> = mirror
        .requests()
        .iter()
        .map(|request| request.status)
        .collect();
    assert_eq!(statuses, [Some(500), Some(500), Some(200)]);
}

#[test]
fn faults_for_one_path_leave_others_alone_and_run_in_order() {
    let (root, mirror) = serve();
    fs_err::write(root.path().join("other"), "other").expect("write");
    mirror.inject(&format!("/{FILE}"), Fault::TooManyRequests, 1);
    mirror.inject(FILE, Fault::ServerError, 1);
    assert_eq!(
        get(&agent(), &mirror.uri("other")).expect("GET"),
        (200, b"other".to_vec())
    );
    assert_eq!(get(&agent(), &mirror.uri(FILE)).expect("GET").0, 429);
    assert_eq!(get(&agent(), &mirror.uri(FILE)).expect("GET").0, 500);
    assert_eq!(get(&agent(), &mirror.uri(FILE)).expect("GET").0, 200);

    mirror.inject_any(Fault::ServerError, 2);
    assert_eq!(get(&agent(), &mirror.uri("other")).expect("GET").0, 500);
    assert_eq!(
        get(&agent(), &mirror.uri("nothing-here")).expect("GET").0,
        500
    );
    assert_eq!(get(&agent(), &mirror.uri("other")).expect("GET").0, 200);

    mirror.inject_any(Fault::ServerError, 5);
    mirror.clear_faults();
    assert_eq!(get(&agent(), &mirror.uri("other")).expect("GET").0, 200);
}

#[test]
fn too_many_requests_carries_retry_after() {
    let (_root, mirror) = serve();
    mirror.inject(FILE, Fault::TooManyRequests, 1);
    let response = agent().get(&mirror.uri(FILE)).call().expect("GET");
    assert_eq!(response.status(), 429);
    let retry_after = response
        .headers()
        .get("retry-after")
        .expect("Retry-After header");
    assert_eq!(retry_after.to_str().expect("ascii"), "1");
    assert_eq!(get(&agent(), &mirror.uri(FILE)).expect("GET").0, 200);
}

#[test]
fn reset_gives_a_connection_error() {
    let (_root, mirror) = serve();
    mirror.inject(FILE, Fault::Reset, 1);
    match get(&agent(), &mirror.uri(FILE)) {
        Err(ureq::Error::Io(error)) => {
            assert_eq!(error.kind(), ErrorKind::ConnectionReset, "{error}");
        }
        other => panic!("expected a connection reset, got {other:?}"),
    }
    assert_eq!(
        get(&agent(), &mirror.uri(FILE))
            .expect("GET after the reset")
            .0,
        200
    );
    let requests = mirror.requests();
    assert_eq!(requests[0].status, None);
    assert_eq!(requests[0].fault, Some(Fault::Reset));
}

#[test]
fn truncated_body_is_an_error_while_reading() {
    let (_root, mirror) = serve();
    mirror.inject(FILE, Fault::Truncate, 1);
    let response = agent()
        .get(&mirror.uri(FILE))
        .call()
        .expect("the headers arrive");
    assert_eq!(response.status(), 200);
    let mut body = Vec::new();
    let result = response
        .into_body()
        .into_with_config()
        .limit(u64::MAX)
        .reader()
        .read_to_end(&mut body);
    assert!(
        result.is_err(),
        "reading a truncated body succeeded with {} bytes",
        body.len()
    );
    assert!(body.len() < content().len());
    let requests = mirror.requests();
    assert_eq!(requests[0].bytes_sent, content().len() as u64 / 2);
}

#[test]
fn slow_body_trips_a_short_read_timeout() {
    let (_root, mirror) = serve();
    let slow = Fault::Slow {
        chunk: 1024,
        delay: Duration::from_millis(1500),
    };
    mirror.inject(FILE, slow.clone(), 1);
    let error = get(
        &agent_with_read_timeout(Duration::from_millis(300)),
        &mirror.uri(FILE),
    )
    .expect_err("a read timeout of 300 ms must trip on 1.5 s pauses");
    let timed_out = match &error {
        ureq::Error::Timeout(_) => true,
        ureq::Error::Io(io) => matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock),
        _ => false,
    };
    assert!(timed_out, "expected a timeout, got {error:?}");

    // With a patient client the same fault delivers the whole file.
    mirror.inject(
        FILE,
        Fault::Slow {
            chunk: 64 * 1024,
            delay: Duration::from_millis(20),
        },
        1,
    );
    let (status, body) = get(&agent(), &mirror.uri(FILE)).expect("slow GET");
    assert_eq!(status, 200);
    assert!(body == content());
}

#[test]
fn wrong_bytes_keep_the_length_and_alter_the_content() {
    let (_root, mirror) = serve();
    mirror.inject(FILE, Fault::WrongBytes, 1);
    let (status, body) = get(&agent(), &mirror.uri(FILE)).expect("GET");
    assert_eq!(status, 200);
    assert_eq!(body.len(), content().len());
    let differing = body
        .iter()
        .zip(content())
        .filter(|(got, want)| **got != *want)
        .count();
    assert_eq!(differing, 1);
    assert!(get(&agent(), &mirror.uri(FILE)).expect("GET").1 == content());
}

#[test]
fn body_faults_wait_for_a_request_with_a_body() {
    let (_root, mirror) = serve();
    mirror.inject_any(Fault::WrongBytes, 1);
    assert_eq!(
        get(&agent(), &mirror.uri("nothing-here")).expect("GET").0,
        404
    );
    assert_eq!(
        agent()
            .head(&mirror.uri(FILE))
            .call()
            .expect("HEAD")
            .status(),
        200
    );
    assert!(get(&agent(), &mirror.uri(FILE)).expect("GET").1 != content());
}

#[test]
fn dropping_the_mirror_frees_the_port() {
    let (_root, mirror) = serve();
    let addr = mirror.addr();
    // A connection left open, as a pooling client would.
    let idle = TcpStream::connect(addr).expect("connect");
    get(&agent(), &mirror.uri(FILE)).expect("GET");
    drop(mirror);
    let refused = TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        .expect_err("nothing listens any more");
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused, "{refused}");
    drop(idle);
}

#[test]
fn dropping_the_mirror_ends_a_slow_download() {
    let (_root, mirror) = serve();
    mirror.inject(
        FILE,
        Fault::Slow {
            chunk: 16,
            delay: Duration::from_mins(1),
        },
        1,
    );
    let url = mirror.uri(FILE);
    let client = std::thread::spawn(move || get(&agent(), &url));
    std::thread::sleep(Duration::from_millis(300));
    let started = std::time::Instant::now();
    drop(mirror);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "drop waited for the slow body"
    );
    assert!(
        client.join().expect("client thread").is_err(),
        "the download cannot have completed"
    );
}
