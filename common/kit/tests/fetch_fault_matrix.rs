//! Every fault the test mirror can inject, once (transient) and on every request
//! (persistent), against the dependency of every buildpack that downloads: the first pinned
//! entry of each file in `dependency-metadata/`, served through `BP_DEPENDENCY_MIRROR` as an
//! archive of the entry's own format (or a single file, for `.jar` and `.phar` entries). A
//! transient fault that retrying can fix is recovered from; a persistent one fails after the
//! configured attempts with its error id; on failure the layers folder is left exactly as it
//! was. The README's "What a failing mirror gives" table is this test's snapshot.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Layers, Recorder, gzip, quick_options, tar, xz, zip};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;
use stowage_kit::bindings::Bindings;
use stowage_kit::checksum::Hasher;
use stowage_kit::fetch::{FetchOptions, install, locate};
use stowage_kit::inventory::{Dependency, Inventory};
use stowage_test_mirror::{Fault, Mirror};

/// More requests than any install makes: the fault never runs out.
const PERSISTENT: usize = 1000;
/// Only to catch a hang; speed is measured in bench, never asserted.
const HANG: Duration = Duration::from_mins(2);

#[derive(Clone, Copy, Debug)]
enum Kind {
    Fault,
    /// An HTTPS mirror whose CA the build does not trust.
    UntrustedTls,
}

struct Row {
    name: &'static str,
    kind: Kind,
    fault: Fault,
    /// Text the error of the persistent case must contain (the last attempt's reason).
    persistent_reason: &'static str,
}

fn rows() -> Vec<Row> {
    let row = |name, fault, persistent_reason| Row {
        name,
        kind: Kind::Fault,
        fault,
        persistent_reason,
    };
    vec![
        row(
            "HTTP 500",
            Fault::ServerError,
            "HTTP 500 Internal Server Error",
        ),
        row(
            "HTTP 429, Retry-After: 1",
            Fault::TooManyRequests,
            "HTTP 429 Too Many Requests",
        ),
        row("connection reset", Fault::Reset, "onnection reset"),
        row("body cut short", Fault::Truncate, "bytes"),
        row(
            "body stalls past the read timeout",
            Fault::Slow {
                chunk: 10,
                delay: Duration::from_millis(600),
            },
            "no data for 300ms",
        ),
        row("wrong bytes", Fault::WrongBytes, "expected sha"),
        row(
            "redirect loop (to itself)",
            Fault::Redirect(String::new()),
            "more than 10 redirects",
        ),
        Row {
            name: "TLS certificate not trusted",
            kind: Kind::UntrustedTls,
            fault: Fault::ServerError,
            persistent_reason: "UnknownIssuer",
        },
    ]
}

/// Short waits and timeouts: three attempts, a read timeout of 300ms.
fn options() -> FetchOptions {
    FetchOptions {
        read_timeout: Duration::from_millis(300),
        ..quick_options()
    }
}

/// The first pinned entry of a buildpack's dependency metadata; bytes of the same format
/// standing in for the artifact, the checksum (same algorithm) made to fit; and the files the
/// install must leave in the layer.
fn pinned(metadata: &Path) -> (Dependency, Vec<u8>, Vec<String>) {
    let inventory: Inventory =
        toml::from_str(&fs::read_to_string(metadata).expect("metadata")).expect("inventory");
    let mut dependency = inventory.dependencies[0].clone();
    let tool = vec![b'x'; 100_000];
    // Leading folders the entry's strip-components removes, as upstream archives have them.
    let strip = dependency.strip_components;
    let inside = format!("{}bin/tool", "package/".repeat(strip));
    let name = dependency.uri.to_ascii_lowercase();
    // Lowercased above, so a plain suffix test is exact.
    let is = |suffix: &str| name.ends_with(suffix);
    let (bytes, installed) = if is(".jar") || is(".phar") {
        let file = name.rsplit('/').next().expect("file name").to_string();
        (tool, vec![file])
    } else {
        let bytes = if is(".tar.xz") {
            xz(&tar(&[fetch_support::Entry::File(&inside, &tool, 0o755)]))
        } else if is(".zip") {
            zip(&[(&inside, &tool, 0o755)], &[])
        } else {
            assert!(is(".tgz") || is(".tar.gz"), "{name}");
            gzip(&tar(&[fetch_support::Entry::File(&inside, &tool, 0o755)]))
        };
        (bytes, vec!["bin".to_string(), "bin/tool".to_string()])
    };
    let mut hasher = Hasher::new(dependency.checksum.algorithm);
    hasher.update(&bytes);
    dependency.checksum = hasher.finish();
    (dependency, bytes, installed)
}

/// One install against a mirror with `fault` injected `times` times; returns the outcome as
/// the README says it, after checking what was left on disk.
fn install_with(
    row: &Row,
    (dependency, bytes, installed_files): &(Dependency, Vec<u8>, Vec<String>),
    times: usize,
) -> String {
    let root = tempfile::tempdir().expect("mirror root");
    let mirror = match row.kind {
        Kind::Fault => Mirror::start(root.path()),
        Kind::UntrustedTls => Mirror::start_tls(root.path()),
    };
    let mut env = libcnb::Env::new();
    env.insert(
        "BP_DEPENDENCY_MIRROR",
        format!("{}/{{originalHost}}", mirror.url()),
    );
    let location = locate(dependency, &env, &Bindings::default()).expect("located");
    let path = location
        .uri
        .strip_prefix(&mirror.url())
        .expect("on the mirror")
        .to_string();
    let file = root.path().join(path.trim_start_matches('/'));
    fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    fs::write(&file, bytes).expect("serve");
    let fault = match &row.fault {
        Fault::Redirect(_) => Fault::Redirect(path.clone()),
        fault => fault.clone(),
    };
    if matches!(row.kind, Kind::Fault) {
        mirror.inject(&path, fault, times);
    }

    // A layer restored from the cache beside the one being installed.
    let layers = Layers::new();
    let cached = layers.dir.path().join("cached");
    fs::create_dir(&cached).expect("cached layer");
    fs::write(cached.join("kept"), "from the cache").expect("cached file");
    fs::write(layers.dir.path().join("cached.toml"), "[metadata]\n").expect("cached toml");
    let before = layers.listing();

    let (send, receive) = mpsc::channel();
    let target = layers.target.clone();
    let (dependency, location) = (dependency.clone(), location.clone());
    std::thread::spawn(move || {
        let mut progress = Recorder::default();
        let result = install(&dependency, &location, &target, &options(), &mut progress);
        let _ = send.send((result, progress));
    });
    let (result, progress) = receive
        .recv_timeout(HANG)
        .unwrap_or_else(|_| panic!("{}: the install hung", row.name));

    let requests = mirror.requests().len();
    assert_eq!(
        fs::read_to_string(cached.join("kept")).expect("cached"),
        "from the cache",
        "{}",
        row.name
    );
    match result {
        Ok(installed) => {
            let tool = installed_files.last().expect("the tool's path");
            assert_eq!(
                fs::read(layers.target.join(tool)).expect("tool").len(),
                100_000,
                "{}",
                row.name
            );
            let mut expected = before.clone();
            expected.extend(installed_files.iter().map(|file| format!("node/{file}")));
            expected.sort();
            assert_eq!(layers.listing(), expected, "{}: no temp files", row.name);
            assert_eq!(
                progress.retries.len() + 1,
                installed.attempts as usize,
                "{}",
                row.name
            );
            format!(
                "installed after {} ({})",
                count(installed.attempts as usize, "attempt"),
                count(requests, "request")
            )
        }
        Err(error) => {
            assert_eq!(layers.listing(), before, "{}: left as it was", row.name);
            if times == PERSISTENT {
                assert!(
                    error.render().contains(row.persistent_reason),
                    "{}: {}",
                    row.name,
                    error.render()
                );
            }
            let made = progress.retries.len() + 1;
            format!(
                "`{}` after {} ({})",
                error.id,
                count(made, "attempt"),
                count(requests, "request")
            )
        }
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The matrix for one buildpack's dependency, as a Markdown table.
fn matrix(metadata: &Path) -> String {
    let pinned = pinned(metadata);
    let mut table = String::from("| Fault | Once | On every request |\n| --- | --- | --- |\n");
    for row in rows() {
        let once = install_with(&row, &pinned, 1);
        let always = install_with(&row, &pinned, PERSISTENT);
        writeln!(table, "| {} | {once} | {always} |", row.name).expect("write");
    }
    table
}

#[test]
fn every_buildpack_download_under_every_fault() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dependency-metadata");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("dependency-metadata")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "toml")
        })
        .collect();
    // A file pinning no entry (icu's: no upstream build fits a Debian stack) has nothing to fetch.
    files.retain(|file| {
        let text = fs::read_to_string(file).expect("metadata");
        !toml::from_str::<Inventory>(&text)
            .expect("inventory")
            .dependencies
            .is_empty()
    });
    files.sort();
    assert!(files.len() >= 16, "{files:?}");
    // Side by side: most of the time is spent waiting on timeouts.
    let tables: Vec<(String, String)> = std::thread::scope(|scope| {
        let running: Vec<_> = files
            .iter()
            .map(|file| (file, scope.spawn(move || matrix(file))))
            .collect();
        running
            .into_iter()
            .map(|(file, table)| {
                let name = file
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                (name, table.join().expect("matrix"))
            })
            .collect()
    });
    let (_, node) = tables
        .iter()
        .find(|(name, _)| name == "node.toml")
        .expect("node.toml");
    insta::assert_snapshot!("downloads_under_every_fault", node);
    for (name, table) in &tables {
        assert_eq!(
            table, node,
            "{name}: every download behaves as node-engine's"
        );
    }
}
