//! The utility buildpacks through the real lifecycle: procfile, environment-variables and
//! image-labels shape the image's processes, env and labels; ca-certificates makes a CA from a
//! binding trusted by a later buildpack's download and by the running app.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{
    artifacts_dir, newest_node, node_archive_name, node_test_inventory,
};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn procfile_env_and_labels_reach_the_image() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = App::new("node-utilities")
        .buildpacks(&[
            "node-engine",
            "node-start",
            "procfile",
            "environment-variables",
            "image-labels",
        ])
        .inventory("node", node_test_inventory(&mirror.url()))
        .env("BPE_GREETING", "hello world")
        .env("BPE_OVERRIDE_NODE_ENV", "staging")
        .env("BPE_DB_PASSWORD", "hunter2")
        .env(
            "BP_IMAGE_LABELS",
            r#"team=web description="The shop front end""#,
        )
        .env("BP_OCI_SOURCE", "https://example.com/shop.git");
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    assert!(
        builder.contains("DB_PASSWORD: set (from BPE_DB_PASSWORD)"),
        "{builder}"
    );
    assert!(!builder.contains("hunter2"), "{builder}");
    assert!(
        !builder.contains("hello world"),
        "values are not logged: {builder}"
    );
    // Both set `web`; the later one says whose it replaces, the earlier one who replaces it.
    assert!(
        builder.contains("web: replaces the web process of stowage/node-start"),
        "{builder}"
    );
    assert!(
        builder.contains(
            "web: replaced by the web process of stowage/procfile, which comes later in this build"
        ),
        "{builder}"
    );

    // Labels on the image config.
    let image = build.image();
    assert_eq!(image.label("team").as_deref(), Some("web"));
    assert_eq!(
        image.label("description").as_deref(),
        Some("The shop front end")
    );
    assert_eq!(
        image.label("org.opencontainers.image.source").as_deref(),
        Some("https://example.com/shop.git")
    );

    // The Procfile's processes replace node-start's `web`; `web` is the default.
    let config = image.config();
    assert_eq!(config["config"]["Entrypoint"][0], "/cnb/process/web");
    let metadata: serde_json::Value = serde_json::from_str(
        &image
            .label("io.buildpacks.build.metadata")
            .expect("build metadata label"),
    )
    .expect("build metadata is JSON");
    let processes = metadata["processes"].as_array().expect("processes");
    let process = |kind: &str| {
        processes
            .iter()
            .find(|process| process["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} process in {metadata}"))
    };
    assert_eq!(process("web")["buildpackID"], "stowage/procfile");
    assert_eq!(
        process("web")["command"],
        serde_json::json!(["bash", "-c", "PROCFILE_WEB=yes exec node server.js"])
    );
    assert_eq!(process("worker")["buildpackID"], "stowage/procfile");

    // The running default process: started through bash, with the launch env.
    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let env = &answer["env"];
    assert_eq!(env["PROCFILE_WEB"], "yes", "{answer}");
    assert_eq!(env["GREETING"], "hello world");
    assert_eq!(env["DB_PASSWORD"], "hunter2");
    assert_eq!(
        env["NODE_ENV"], "staging",
        "BPE_ overrides node-engine's default"
    );
}

#[test]
fn a_procfile_with_one_process_makes_it_the_default_and_skips_bad_lines() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = App::new("node-server")
        .buildpacks(&["node-engine", "node-start", "procfile"])
        .inventory("node", node_test_inventory(&mirror.url()));
    app.write_file(
        "Procfile",
        "worker: node server.js\nthis is not a process line\n",
    );
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    assert!(
        builder.contains("[procfile/malformed-line] Line 2 of the Procfile"),
        "{builder}"
    );
    assert!(
        builder.contains("worker (default): node server.js"),
        "{builder}"
    );

    // The lone Procfile process is the image's default over node-start's `web`.
    let image = build.image();
    assert_eq!(
        image.config()["config"]["Entrypoint"][0],
        "/cnb/process/worker"
    );
    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}");
}

#[test]
fn a_ca_from_a_binding_is_trusted_during_the_build_and_at_launch() {
    let server = HttpsServer::start(&artifacts_dir());
    let file = format!("{}.sha256", node_archive_name(&newest_node()));
    let url = format!("{}/{file}", server.url());

    // Node comes from the HTTPS server: only the binding's CA makes that download work.
    let mut trusting = App::new("node-utilities")
        .buildpacks(&["ca-certificates", "node-engine", "node-start"])
        .inventory("node", node_test_inventory(&server.url()))
        .binding(
            "corp-ca",
            "ca-certificates",
            &[("ca.pem", server.ca_pem.as_str())],
        )
        .env("BP_EMBED_CERTS", "true");
    let build = trusting.build();
    build.assert_success();
    let running = build.image().start(&[]);
    assert_eq!(
        fetch(&running, &url),
        serde_json::json!({"ok": true, "status": 200})
    );
    drop(running);

    // Without the binding the app does not trust the server ...
    let mirror = Mirror::start(artifacts_dir());
    let mut plain = App::new("node-utilities")
        .buildpacks(&["ca-certificates", "node-engine", "node-start"])
        .inventory("node", node_test_inventory(&mirror.url()));
    let build = plain.build();
    build.assert_success();
    let running = build.image().start(&[]);
    let answer = fetch(&running, &url);
    assert_eq!(answer["ok"], false, "{answer}");
    // The server sends only its own certificate, whose issuer Node cannot find.
    assert_eq!(
        answer["error"], "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        "{answer}"
    );
    drop(running);

    // ... until a binding is mounted at runtime.
    let bindings = build.image().rootfs().join("bindings/corp-ca");
    fs_err::create_dir_all(&bindings).expect("mkdir binding");
    fs_err::write(bindings.join("type"), "ca-certificates").expect("type");
    fs_err::write(bindings.join("ca.pem"), &server.ca_pem).expect("ca.pem");
    let running = build
        .image()
        .start(&[("SERVICE_BINDING_ROOT", "/bindings")]);
    assert_eq!(
        fetch(&running, &url),
        serde_json::json!({"ok": true, "status": 200})
    );
    assert!(
        running
            .log()
            .contains("ca-certificates: 1 certificate added to the trusted CAs"),
        "{}",
        running.log()
    );
}

fn fetch(running: &integration_tests::lifecycle::Running, url: &str) -> serde_json::Value {
    let (status, body) = running.get(&format!("/fetch?url={url}"));
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("JSON")
}

/// `openssl s_server -WWW` serving a folder on 127.0.0.1 with a certificate from a CA made for
/// this test, so only that CA makes it trusted.
struct HttpsServer {
    child: Child,
    port: u16,
    ca_pem: String,
    _certs: tempfile::TempDir,
}

impl HttpsServer {
    fn start(root: &Path) -> Self {
        let certs = tempfile::tempdir().expect("temp dir");
        let dir = certs.path();
        let key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        openssl(
            dir,
            &format!(
                "req -x509 {key} -keyout ca.key -out ca.pem -days 2 -subj /CN=stowage-test-CA"
            ),
        );
        openssl(
            dir,
            &format!("req {key} -keyout server.key -out server.csr -subj /CN=127.0.0.1"),
        );
        fs_err::write(
            dir.join("server.ext"),
            "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
        )
        .expect("write extensions");
        openssl(
            dir,
            "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext",
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("openssl")
            .args(["s_server", "-quiet", "-WWW", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("-cert")
            .arg(dir.join("server.pem"))
            .arg("-key")
            .arg(dir.join("server.key"))
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start openssl s_server");
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "s_server did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        let ca_pem = fs_err::read_to_string(dir.join("ca.pem")).expect("ca.pem");
        Self {
            child,
            port,
            ca_pem,
            _certs: certs,
        }
    }

    fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }
}

/// Runs `openssl` with whitespace-separated `args` in `dir`.
fn openssl(dir: &Path, args: &str) {
    let output = Command::new("openssl")
        .args(args.split_whitespace())
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        output.status.success(),
        "openssl {args}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl Drop for HttpsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
