//! Installing from file:// (as offline packages do) each archive format the kit unpacks.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Entry, Layers, dependency, gzip, mode, quick_options, tar, xz, zip};
use std::fs;
use std::path::Path;
use stowage_kit::fetch::{Format, Installed, Location, NoProgress, install};

/// Writes `bytes` as `name` in a folder of its own and installs it as a file:// dependency.
fn install_file(
    layers: &Layers,
    name: &str,
    bytes: &[u8],
    strip: usize,
    executable: bool,
) -> Result<Installed, stowage_kit::Error> {
    let source = layers.sources.path().join(name);
    fs::write(&source, bytes).expect("write archive");
    let dependency = dependency(&format!("file://{}", source.display()), bytes, strip);
    let options = quick_options().executable(executable);
    install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &options,
        &mut NoProgress,
    )
}

fn node_like() -> Vec<u8> {
    tar(&[
        Entry::Dir("node-v24.18.1-linux-x64/"),
        Entry::Dir("node-v24.18.1-linux-x64/bin/"),
        Entry::File("node-v24.18.1-linux-x64/bin/node", b"\x7fELF node", 0o755),
        Entry::File(
            "node-v24.18.1-linux-x64/lib/node_modules/npm/bin/npm-cli.js",
            b"// npm",
            0o644,
        ),
        Entry::Symlink(
            "node-v24.18.1-linux-x64/bin/npm",
            "../lib/node_modules/npm/bin/npm-cli.js",
        ),
        Entry::Hardlink(
            "node-v24.18.1-linux-x64/bin/nodejs",
            "node-v24.18.1-linux-x64/bin/node",
        ),
        Entry::File("node-v24.18.1-linux-x64/README.md", b"readme", 0o600),
    ])
}

fn assert_node_tree(target: &Path) {
    assert_eq!(
        fs::read(target.join("bin/node")).expect("node"),
        b"\x7fELF node"
    );
    assert_eq!(mode(&target.join("bin/node")), 0o755);
    assert_eq!(mode(&target.join("README.md")), 0o600);
    assert_eq!(
        fs::read_link(target.join("bin/npm")).expect("symlink kept"),
        Path::new("../lib/node_modules/npm/bin/npm-cli.js")
    );
    assert_eq!(
        fs::read(target.join("bin/npm")).expect("symlink resolves"),
        b"// npm"
    );
    assert_eq!(
        fs::read(target.join("bin/nodejs")).expect("hardlink"),
        b"\x7fELF node"
    );
}

#[test]
fn tar_gz_with_strip_components_symlinks_and_modes() {
    let layers = Layers::new();
    let installed = install_file(
        &layers,
        "node-v24.18.1-linux-x64.tar.gz",
        &gzip(&node_like()),
        1,
        false,
    )
    .expect("installed");
    assert_eq!(installed.format, Format::TarGz);
    assert_eq!(installed.attempts, 1);
    assert_node_tree(&layers.target);
    assert!(
        !layers.target.join("node-v24.18.1-linux-x64").exists(),
        "first component stripped"
    );
    let left: Vec<_> = layers
        .listing()
        .into_iter()
        .filter(|p| !p.starts_with("node"))
        .collect();
    assert!(
        left.is_empty(),
        "no temp files next to the target: {left:?}"
    );
}

#[test]
fn tar_xz_and_plain_tar() {
    let layers = Layers::new();
    let installed =
        install_file(&layers, "node.tar.xz", &xz(&node_like()), 1, false).expect("tar.xz");
    assert_eq!(installed.format, Format::TarXz);
    assert_node_tree(&layers.target);

    let layers = Layers::new();
    let installed = install_file(&layers, "node.tar", &node_like(), 1, false).expect("tar");
    assert_eq!(installed.format, Format::Tar);
    assert_node_tree(&layers.target);
}

#[test]
fn zip_with_modes_and_a_symlink() {
    let bytes = zip(
        &[
            ("dotnet/dotnet", b"\x7fELF dotnet", 0o755),
            (
                "dotnet/shared/Microsoft.NETCore.App/9.0.0/System.Private.CoreLib.dll",
                b"MZ",
                0o644,
            ),
        ],
        &[("dotnet/host", "shared/Microsoft.NETCore.App")],
    );
    let layers = Layers::new();
    let installed = install_file(&layers, "dotnet-runtime.zip", &bytes, 1, false).expect("zip");
    assert_eq!(installed.format, Format::Zip);
    assert_eq!(mode(&layers.target.join("dotnet")), 0o755);
    assert_eq!(
        fs::read(layers.target.join("host/9.0.0/System.Private.CoreLib.dll")).expect("via link"),
        b"MZ"
    );
}

#[test]
fn a_single_file_is_placed_under_its_name_and_made_executable_when_asked() {
    let layers = Layers::new();
    let installed = install_file(&layers, "jq-linux-amd64", b"\x7fELF jq", 0, true).expect("file");
    assert_eq!(installed.format, Format::File);
    assert_eq!(mode(&layers.target.join("jq-linux-amd64")), 0o755);

    let layers = Layers::new();
    install_file(
        &layers,
        "maven-wrapper.jar",
        b"PK\x03\x04 not unpacked",
        0,
        false,
    )
    .expect("jar");
    assert_eq!(mode(&layers.target.join("maven-wrapper.jar")), 0o644);
    assert_eq!(layers.listing(), ["node", "node/maven-wrapper.jar"]);
}

#[test]
fn magic_bytes_decide_when_the_name_does_not() {
    let layers = Layers::new();
    let installed =
        install_file(&layers, "download", &gzip(&node_like()), 1, false).expect("sniffed");
    assert_eq!(installed.format, Format::TarGz);
    assert_node_tree(&layers.target);
}

#[test]
fn a_missing_target_folder_is_created_and_sha512_works() {
    let layers = Layers::new();
    fs::remove_dir(&layers.target).expect("no layer folder yet");
    let bytes = gzip(&node_like());
    let source_dir = tempfile::tempdir().expect("tempdir");
    let source = source_dir.path().join("node.tgz");
    fs::write(&source, &bytes).expect("write");
    let mut dependency = dependency(&format!("file://{}", source.display()), &bytes, 1);
    let mut hasher = stowage_kit::checksum::Hasher::new(stowage_kit::checksum::Algorithm::Sha512);
    hasher.update(&bytes);
    dependency.checksum = hasher.finish();

    let installed = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect("installed");
    assert_eq!(installed.checksum, dependency.checksum);
    assert_node_tree(&layers.target);
}

#[test]
fn a_missing_local_file_is_reported() {
    let layers = Layers::new();
    let dependency = dependency("file:///nonexistent-stowage-deps/node.tar.gz", b"x", 1);
    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect_err("missing");
    assert_eq!(layers.listing(), ["node"]);
    insta::assert_snapshot!(error.render());
}

#[test]
fn a_target_that_is_not_empty_is_left_alone() {
    let layers = Layers::new();
    fs::write(layers.target.join("keep.txt"), "mine").expect("write");
    let error =
        install_file(&layers, "node.tar.gz", &gzip(&node_like()), 1, false).expect_err("not empty");
    assert_eq!(layers.listing(), ["node", "node/keep.txt"]);
    insta::assert_snapshot!(layers.redact(&error.render()));
}

#[test]
fn a_corrupt_archive_leaves_nothing() {
    let layers = Layers::new();
    let error = install_file(&layers, "node.tar.gz", b"this is not gzip at all", 1, false)
        .expect_err("corrupt");
    assert_eq!(error.id, "fetch/corrupt-archive");
    assert_eq!(layers.listing(), ["node"]);
    insta::assert_snapshot!(layers.redact(&error.render()));
}

#[test]
fn stripping_everything_away_is_an_error() {
    let layers = Layers::new();
    let error =
        install_file(&layers, "node.tar.gz", &gzip(&node_like()), 6, false).expect_err("empty");
    assert_eq!(error.id, "fetch/corrupt-archive");
    assert_eq!(layers.listing(), ["node"]);
}
