//! Offline buildpackages: a dependency bundled inside the buildpack installs with no network,
//! and a bundled file that does not match its checksum is refused, leaving nothing behind.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Entry, Layers, dependency, gzip, quick_options, tar};
use std::fs;
use std::path::Path;
use stowage_kit::bindings::Bindings;
use stowage_kit::fetch::{NoProgress, Source, bundled_path, install, locate_in_buildpack};
use stowage_kit::inventory::Dependency;

/// Nothing listens on port 9 of 127.0.0.1: any download attempt would fail.
const UNREACHABLE: &str = "http://127.0.0.1:9/dist/node-v24.18.1-linux-x64.tar.gz";

fn node_archive() -> Vec<u8> {
    gzip(&tar(&[
        Entry::Dir("node-v24.18.1-linux-x64/"),
        Entry::File("node-v24.18.1-linux-x64/bin/node", b"\x7fELF node", 0o755),
    ]))
}

fn bundle(buildpack: &Path, dependency: &Dependency, bytes: &[u8]) {
    let file = buildpack.join(bundled_path(dependency));
    fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    fs::write(file, bytes).expect("write bundled file");
}

fn offline_env() -> libcnb::Env {
    let mut env = libcnb::Env::new();
    env.insert("BP_DEPENDENCY_MIRROR", "http://127.0.0.1:9/mirror");
    env
}

#[test]
fn a_bundled_dependency_installs_without_the_network() {
    let layers = Layers::new();
    let buildpack = tempfile::tempdir().expect("temp dir");
    let archive = node_archive();
    let dependency = dependency(UNREACHABLE, &archive, 1);
    bundle(buildpack.path(), &dependency, &archive);

    let location = locate_in_buildpack(
        &dependency,
        buildpack.path(),
        &offline_env(),
        &Bindings::default(),
    )
    .expect("located");
    assert_eq!(location.source, Source::Bundled);
    assert!(location.reason.contains("bundled in the buildpack"));
    let installed = install(
        &dependency,
        &location,
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect("installed from the buildpack");
    assert_eq!(installed.attempts, 1);
    assert_eq!(
        fs::read(layers.target.join("bin/node")).expect("node"),
        b"\x7fELF node"
    );
}

#[test]
fn a_tampered_bundled_file_is_refused_and_nothing_is_downloaded_instead() {
    let layers = Layers::new();
    let buildpack = tempfile::tempdir().expect("temp dir");
    let dependency = dependency(UNREACHABLE, &node_archive(), 1);
    bundle(
        buildpack.path(),
        &dependency,
        b"not the archive that was packaged",
    );

    let location = locate_in_buildpack(
        &dependency,
        buildpack.path(),
        &offline_env(),
        &Bindings::default(),
    )
    .expect("located");
    let error = install(
        &dependency,
        &location,
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect_err("tampered");
    assert_eq!(error.id, "fetch/bundled-checksum-mismatch");
    assert_eq!(layers.listing(), ["node"], "nothing left behind");
    let text = error
        .render()
        .replace(&buildpack.path().display().to_string(), "[BUILDPACK]");
    insta::assert_snapshot!(text);
}
