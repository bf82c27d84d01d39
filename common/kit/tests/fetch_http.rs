//! Downloads over HTTP from a server on 127.0.0.1: retries, give-ups, truncation, checksums.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Entry, Layers, Recorder, dependency, gzip, quick_options, serve, tar};
use std::fs;
use std::time::Duration;
use stowage_kit::bindings::Bindings;
use stowage_kit::fetch::{Format, Location, NoProgress, Source, install, locate};
use stowage_test_mirror::Fault;

fn archive() -> Vec<u8> {
    gzip(&tar(&[Entry::File(
        "node-v24/bin/node",
        b"#!/bin/sh\necho node\n",
        0o755,
    )]))
}

#[test]
fn retries_server_errors_then_installs_and_reports_retries() {
    let bytes = archive();
    let (_root, mirror) = serve(&[("dist/node.tar.gz", &bytes)]);
    mirror.inject("dist/node.tar.gz", Fault::ServerError, 1);
    mirror.inject("dist/node.tar.gz", Fault::Status(503), 1);
    let dependency = dependency(&mirror.uri("dist/node.tar.gz"), &bytes, 1);
    let layers = Layers::new();
    let mut progress = Recorder::default();

    let installed = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut progress,
    )
    .expect("installed after retries");

    assert_eq!(mirror.requests().len(), 3);
    assert_eq!(installed.attempts, 3);
    assert_eq!(installed.bytes, bytes.len() as u64);
    assert_eq!(installed.checksum, dependency.checksum);
    assert_eq!(installed.format, Format::TarGz);
    assert_eq!(progress.received, bytes.len() as u64);
    let retries: Vec<_> = progress
        .retries
        .iter()
        .map(|(n, reason, wait)| (*n, reason.as_str(), *wait))
        .collect();
    assert_eq!(
        retries,
        [
            (
                1,
                "HTTP 500 Internal Server Error",
                Duration::from_millis(10)
            ),
            (2, "HTTP 503 Service Unavailable", Duration::from_millis(20)),
        ]
    );
    assert_eq!(layers.listing(), ["node", "node/bin", "node/bin/node"]);
}

#[test]
fn honours_a_capped_retry_after_on_429() {
    let bytes = archive();
    let (_root, mirror) = serve(&[("node.tar.gz", &bytes)]);
    mirror.inject("node.tar.gz", Fault::TooManyRequests, 1);
    let dependency = dependency(&mirror.uri("node.tar.gz"), &bytes, 1);
    let layers = Layers::new();
    let mut progress = Recorder::default();

    install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut progress,
    )
    .expect("installed");

    assert_eq!(progress.retries.len(), 1);
    let (_, reason, wait) = &progress.retries[0];
    assert_eq!(reason, "HTTP 429 Too Many Requests");
    assert_eq!(
        *wait,
        Duration::from_millis(200),
        "Retry-After: 1s, capped by max_wait"
    );
}

#[test]
fn gives_up_after_all_attempts_and_leaves_nothing() {
    let (_root, mirror) = serve(&[]);
    mirror.inject("node.tar.gz", Fault::Status(502), 1);
    mirror.inject("node.tar.gz", Fault::ServerError, 2);
    let dependency = dependency(&mirror.uri("node.tar.gz"), b"never served", 1);
    let layers = Layers::new();
    let mut progress = Recorder::default();

    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut progress,
    )
    .expect_err("always 5xx");

    assert_eq!(mirror.requests().len(), 3);
    assert_eq!(
        progress.retries.len(),
        2,
        "retries are reported between attempts, not after the last"
    );
    assert_eq!(error.id, "fetch/download-failed");
    assert_eq!(
        layers.listing(),
        ["node"],
        "only the empty layer folder we were given"
    );
    insta::assert_snapshot!(layers.redact(&error.render()));
}

#[test]
fn does_not_retry_a_404() {
    let (_root, mirror) = serve(&[]);
    let dependency = dependency(&mirror.uri("node.tar.gz"), b"x", 1);
    let layers = Layers::new();
    let mut progress = Recorder::default();

    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut progress,
    )
    .expect_err("404");

    assert_eq!(mirror.requests().len(), 1);
    assert!(progress.retries.is_empty());
    assert_eq!(layers.listing(), ["node"]);
    insta::assert_snapshot!(layers.redact(&error.render()));
}

#[test]
fn retries_a_body_cut_short() {
    let bytes = archive();
    let (_root, mirror) = serve(&[("node.tar.gz", &bytes)]);
    // The full length announced, half the body sent, the connection closed.
    mirror.inject("node.tar.gz", Fault::Truncate, 1);
    let dependency = dependency(&mirror.uri("node.tar.gz"), &bytes, 1);
    let layers = Layers::new();
    let mut progress = Recorder::default();

    let installed = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut progress,
    )
    .expect("second attempt completes");

    assert_eq!(installed.attempts, 2);
    assert_eq!(progress.retries.len(), 1);
    assert_eq!(
        progress.started,
        [Some(bytes.len() as u64); 2],
        "the retry starts the body over"
    );
    assert_eq!(mirror.requests().len(), 2);
    assert!(layers.target.join("bin/node").is_file());
}

#[test]
fn wrong_bytes_fail_the_checksum_and_leave_nothing() {
    let (_root, mirror) = serve(&[("node.tar.gz", b"not what was pinned")]);
    let dependency = dependency(&mirror.uri("node.tar.gz"), b"the pinned bytes", 1);
    let layers = Layers::new();

    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect_err("mismatch");

    assert_eq!(
        mirror.requests().len(),
        1,
        "a checksum mismatch is not retried"
    );
    assert_eq!(error.id, "fetch/checksum-mismatch");
    assert_eq!(layers.listing(), ["node"]);
    insta::assert_snapshot!(layers.redact(&error.render()));
}

#[test]
fn follows_redirects() {
    let bytes = archive();
    let (_root, mirror) = serve(&[("elsewhere/node.tar.gz", &bytes)]);
    mirror.inject(
        "node.tar.gz",
        Fault::Redirect("/elsewhere/node.tar.gz".to_string()),
        1,
    );
    let dependency = dependency(&mirror.uri("node.tar.gz"), &bytes, 1);
    let layers = Layers::new();

    let installed = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect("installed");

    assert_eq!(mirror.requests().len(), 2);
    assert_eq!(
        installed.uri, dependency.uri,
        "the URI asked for, not where it redirected"
    );
    assert!(layers.target.join("bin/node").is_file());
}

#[test]
fn an_invalid_proxy_is_named_before_any_connection() {
    let dependency = dependency("http://deps.example.invalid/node.tar.gz", b"x", 1);
    let mut options = quick_options();
    options.proxy = stowage_kit::fetch::ProxyEnv::from_lookup(|name| {
        (name == "HTTP_PROXY").then(|| "http://user:pw@[not-a-host".to_string())
    });
    let layers = Layers::new();

    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &options,
        &mut NoProgress,
    )
    .expect_err("bad proxy");

    assert_eq!(layers.listing(), ["node"]);
    insta::assert_snapshot!(layers.redact(&error.render()));
}

#[test]
fn an_unsupported_scheme_is_refused() {
    let dependency = dependency("ftp://deps.example.invalid/node.tar.gz", b"x", 1);
    let layers = Layers::new();
    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect_err("ftp");
    assert_eq!(layers.listing(), ["node"]);
    insta::assert_snapshot!(error.render());
}

#[test]
fn a_stalled_body_times_out() {
    let bytes = archive();
    let (_root, mirror) = serve(&[("node.tar.gz", &bytes)]);
    // Ten bytes, then nothing for longer than the read timeout.
    mirror.inject(
        "node.tar.gz",
        Fault::Slow {
            chunk: 10,
            delay: Duration::from_secs(3),
        },
        1,
    );
    let dependency = dependency(&mirror.uri("node.tar.gz"), &bytes, 1);
    let layers = Layers::new();
    let options = stowage_kit::fetch::FetchOptions {
        attempts: 1,
        read_timeout: Duration::from_millis(300),
        ..quick_options()
    };

    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &options,
        &mut NoProgress,
    )
    .expect_err("stalled");

    assert!(
        error.body.contains("no data for 300ms"),
        "{}",
        error.render()
    );
    assert_eq!(layers.listing(), ["node"]);
}

#[test]
fn debug_lines_say_each_url_tried_and_why_without_credentials() {
    let bytes = archive();
    let (_root, mirror) = serve(&[
        ("mirror/dist/v24.18.1/node.tar.gz", &bytes),
        ("elsewhere/node.tar.gz", &bytes),
    ]);
    let mirrored = "mirror/dist/v24.18.1/node.tar.gz";
    mirror.inject(mirrored, Fault::Status(503), 1);
    mirror.inject(
        mirrored,
        Fault::Redirect("/elsewhere/node.tar.gz".to_string()),
        1,
    );
    let dependency = dependency("https://nodejs.org/dist/v24.18.1/node.tar.gz", &bytes, 1);
    let mut env = libcnb::Env::new();
    let with_credentials = mirror.url().replace("http://", "http://me:hunter2@");
    env.insert("BP_DEPENDENCY_MIRROR", format!("{with_credentials}/mirror"));
    let location = locate(&dependency, &env, &Bindings::default()).expect("located");
    let layers = Layers::new();
    let mut progress = Recorder::default();

    install(
        &dependency,
        &location,
        &layers.target,
        &quick_options(),
        &mut progress,
    )
    .expect("installed after a retry and a redirect");

    let text = layers.redact(&progress.debug.join("\n"));
    assert!(!text.contains("hunter2"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn debug_lines_of_an_upstream_file_say_why_it_is_used() {
    let bytes = archive();
    let layers = Layers::new();
    let file = layers.sources.path().join("node.tar.gz");
    fs::write(&file, &bytes).expect("write archive");
    let dependency = dependency(&format!("file://{}", file.display()), &bytes, 1);
    let mut progress = Recorder::default();

    install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut progress,
    )
    .expect("installed");

    insta::assert_snapshot!(layers.redact(&progress.debug.join("\n")));
}

#[test]
fn a_mirror_from_the_platform_env_is_used_and_named() {
    let bytes = archive();
    let (_root, mirror) = serve(&[(
        "mirror/nodejs.org/dist/v24.18.1/node.tar.gz",
        b"the mirror's other file",
    )]);
    let dependency = dependency("https://nodejs.org/dist/v24.18.1/node.tar.gz", &bytes, 1);
    let mut env = libcnb::Env::new();
    env.insert(
        "BP_DEPENDENCY_MIRROR_NODEJS_ORG",
        format!("{}/mirror/{{originalHost}}", mirror.url()),
    );
    let location = locate(&dependency, &env, &Bindings::default()).expect("located");
    assert_eq!(location.source, Source::Mirror);
    assert_eq!(
        location.uri,
        format!(
            "{}/mirror/nodejs.org/dist/v24.18.1/node.tar.gz",
            mirror.url()
        )
    );
    let layers = Layers::new();

    let error = install(
        &dependency,
        &location,
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect_err("the mirror serves other bytes");

    assert_eq!(mirror.requests().len(), 1);
    assert_eq!(layers.listing(), ["node"]);
    insta::assert_snapshot!(layers.redact(&error.render()));
}

#[test]
fn a_dependency_mapping_binding_points_at_a_local_copy() {
    let bytes = archive();
    let layers = Layers::new();
    let copy = layers.sources.path().join("copy.bin");
    fs::write(&copy, &bytes).expect("copy");
    let root = layers.sources.path().join("bindings");
    let mapping = root.join("offline");
    fs::create_dir_all(&mapping).expect("binding");
    fs::write(mapping.join("type"), "dependency-mapping").expect("type");
    let dependency = dependency("https://nodejs.org/dist/v24.18.1/node.tar.gz", &bytes, 1);
    let key = dependency.checksum.to_string().replace(':', "_");
    fs::write(mapping.join(key), format!("file://{}\n", copy.display())).expect("key");

    let bindings = Bindings::read(&root).expect("bindings");
    let location = locate(&dependency, &libcnb::Env::new(), &bindings).expect("located");
    assert_eq!(location.reason, r#"dependency-mapping binding "offline""#);
    let installed = install(
        &dependency,
        &location,
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect("installed from the mapping");

    assert_eq!(
        installed.format,
        Format::TarGz,
        "the upstream name decides the format, not `copy.bin`"
    );
    assert!(layers.target.join("bin/node").is_file());
}
