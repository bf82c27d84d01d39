//! HTTPS against a local `openssl s_server` whose certificate is signed by a throwaway CA:
//! untrusted by default, trusted once the CA is in an `SSL_CERT_DIR` folder, as the
//! ca-certificates buildpack arranges for a TLS-intercepting proxy.
//!
//! Skipped, with a note, where `openssl` is not installed.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Entry, Layers, dependency, gzip, quick_options, tar};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use stowage_kit::fetch::{Location, NoProgress, TrustSources, install};

fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run openssl");
    assert!(status.success(), "openssl {args:?}");
}

/// A CA, and a server certificate for 127.0.0.1 signed by it.
fn make_certificates(dir: &Path) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=stowage test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ]);
    openssl(dir, &ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    openssl(dir, &csr);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .expect("extensions");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    );
}

/// Our own `openssl s_server`, killed when dropped; it also exits by itself after `connections`.
struct TlsServer(Child);

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(dir: &Path, connections: u32) -> (TlsServer, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let child = Command::new("openssl")
        .args([
            "s_server",
            "-quiet",
            "-WWW",
            "-http_server_binmode",
            "-cert",
            "server.pem",
            "-key",
            "server.key",
        ])
        .args([
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-naccept",
            &connections.to_string(),
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start openssl s_server");
    let server = TlsServer(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s_server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, port)
}

#[test]
fn a_ca_in_ssl_cert_dir_is_trusted_and_only_then() {
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("skipped: openssl is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    make_certificates(dir.path());
    let bytes = gzip(&tar(&[Entry::File("pkg/bin/tool", b"tool", 0o755)]));
    std::fs::write(dir.path().join("tool.tar.gz"), &bytes).expect("archive");
    let cert_dir = dir.path().join("certs");
    std::fs::create_dir(&cert_dir).expect("cert dir");
    std::fs::copy(dir.path().join("ca.pem"), cert_dir.join("corp-ca.pem")).expect("ca");
    // One connection was used to see that the server is up.
    let (_server, port) = serve(dir.path(), 3);
    let dependency = dependency(&format!("https://127.0.0.1:{port}/tool.tar.gz"), &bytes, 1);
    let options = quick_options();

    let layers = Layers::new();
    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &options,
        &mut NoProgress,
    )
    .expect_err("the web PKI roots do not know the test CA");
    assert_eq!(error.id, "fetch/tls-failed", "{}", error.render());
    assert_eq!(layers.listing(), ["node"]);

    let trusting = stowage_kit::fetch::FetchOptions {
        trust: TrustSources {
            cert_file: None,
            cert_dirs: vec![cert_dir],
        },
        ..options
    };
    let layers = Layers::new();
    install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &trusting,
        &mut NoProgress,
    )
    .expect("trusted through SSL_CERT_DIR");
    assert_eq!(
        std::fs::read(layers.target.join("bin/tool")).expect("tool"),
        b"tool"
    );
}
