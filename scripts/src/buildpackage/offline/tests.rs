use super::*;
use crate::buildpackage::{Format, Package};
use crate::oci::read;
use sha2::{Digest, Sha256};
use stowage_test_mirror::Mirror;

fn write(path: &Path, bytes: &[u8]) {
    fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs_err::write(path, bytes).expect("write");
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A packaged component `stowage/demo` whose `[metadata]` holds `inventory`.
fn component(root: &Path, inventory: &str) -> PathBuf {
    let dir = root.join("stowage_demo");
    write(
        &dir.join("buildpack.toml"),
        format!(
            "api = \"0.10\"\n[buildpack]\nid = \"stowage/demo\"\nversion = \"0.1.0\"\n{inventory}"
        )
        .as_bytes(),
    );
    write(&dir.join("package.toml"), b"[buildpack]\nuri = \".\"\n");
    write(&dir.join("bin/build"), b"#!/bin/sh\n");
    dir
}

fn entry(version: &str, uri: &str, bytes: &[u8], stacks: &str) -> String {
    format!(
        "[[metadata.dependencies]]\nid = \"tool\"\nversion = \"{version}\"\nuri = \"{uri}\"\nchecksum = \"sha256:{}\"\nstacks = [{stacks}]\n",
        sha256(bytes)
    )
}

/// Writes the package of `dir` (offline with `offline`) and unpacks its layers into `root`.
fn package_and_unpack(dir: &Path, offline: Option<&Offline>, out: &Path, root: &Path) {
    let mut package = Package::read(dir).expect("read");
    if let Some(offline) = offline {
        package.bundle_dependencies(offline).expect("bundled");
    }
    package.write(Format::OciLayout, out).expect("written");
    let (_, layers) = read::image(out).expect("image");
    read::unpack(&layers, root).expect("unpack");
}

fn manifest_digest(layout: &Path) -> String {
    let index: serde_json::Value =
        serde_json::from_slice(&fs_err::read(layout.join("index.json")).expect("index"))
            .expect("json");
    index["manifests"][0]["digest"]
        .as_str()
        .expect("digest")
        .to_string()
}

#[test]
fn an_offline_package_carries_what_its_inventory_installs_on_the_target_fetched_once() {
    let root = tempfile::tempdir().expect("temp dir");
    let served = root.path().join("served");
    let bookworm = b"tool 1.0.0 for any stack".as_slice();
    let jammy = b"tool 1.0.0 built on jammy".as_slice();
    write(&served.join("dist/tool-1.0.0.tgz"), bookworm);
    write(&served.join("jammy/tool-1.0.0-jammy.tgz"), jammy);
    let mirror = Mirror::start(&served);
    let dir = component(
        root.path(),
        &format!(
            "{}{}",
            entry(
                "1.0.0",
                &mirror.uri("dist/tool-1.0.0.tgz"),
                bookworm,
                "\"*\""
            ),
            entry(
                "1.0.1",
                &mirror.uri("jammy/tool-1.0.0-jammy.tgz"),
                jammy,
                "\"io.buildpacks.stacks.jammy\""
            ),
        ),
    );
    let offline = Offline::new(None, root.path().join("cache")).expect("offline");

    let unpacked = root.path().join("unpacked");
    package_and_unpack(
        &dir,
        Some(&offline),
        &root.path().join("one.oci"),
        &unpacked,
    );
    let buildpack = unpacked.join("cnb/buildpacks/stowage_demo/0.1.0");
    let bundled = buildpack.join(format!("dependencies/{}/tool-1.0.0.tgz", sha256(bookworm)));
    assert_eq!(fs_err::read(&bundled).expect("bundled file"), bookworm);
    let dependencies: Vec<_> = fs_err::read_dir(buildpack.join("dependencies"))
        .expect("dependencies folder")
        .collect();
    assert_eq!(
        dependencies.len(),
        1,
        "the jammy build is not for Debian 12"
    );
    // Where the build looks for it.
    let inventory: Inventory = toml::from_str::<Table>(
        &fs_err::read_to_string(buildpack.join("buildpack.toml")).expect("buildpack.toml"),
    )
    .expect("toml")["metadata"]
        .clone()
        .try_into()
        .expect("inventory");
    let location = fetch::bundled(&inventory.dependencies[0], &buildpack).expect("found");
    assert!(
        location.uri.ends_with("/tool-1.0.0.tgz"),
        "{}",
        location.uri
    );

    // A second package needs no source: the verified copy is kept.
    drop(mirror);
    package_and_unpack(
        &dir,
        Some(&offline),
        &root.path().join("two.oci"),
        &root.path().join("again"),
    );
    assert_eq!(
        manifest_digest(&root.path().join("one.oci")),
        manifest_digest(&root.path().join("two.oci"))
    );

    // A target that fits the other entry bundles it instead.
    let served_again = Mirror::start(&served);
    let jammy_dir = component(
        &root.path().join("jammy"),
        &entry(
            "1.0.1",
            &served_again.uri("jammy/tool-1.0.0-jammy.tgz"),
            jammy,
            "\"io.buildpacks.stacks.jammy\"",
        ),
    );
    let on_jammy =
        Offline::new(Some("linux/amd64:ubuntu@22.04"), root.path().join("cache")).expect("offline");
    assert_eq!(on_jammy.bundle(&jammy_dir).expect("bundled").len(), 1);
}

#[test]
fn a_changed_cached_copy_is_fetched_again_and_a_source_with_other_bytes_bundles_nothing() {
    let root = tempfile::tempdir().expect("temp dir");
    let served = root.path().join("served");
    let bytes = b"tool 1.0.0".as_slice();
    write(&served.join("tool.tgz"), bytes);
    let mirror = Mirror::start(&served);
    let dir = component(
        root.path(),
        &entry("1.0.0", &mirror.uri("tool.tgz"), bytes, "\"*\""),
    );
    let offline = Offline::new(None, root.path().join("cache")).expect("offline");
    let cached = root
        .path()
        .join(format!("cache/dependencies/{}/tool.tgz", sha256(bytes)));
    write(&cached, b"changed after it was fetched");

    let bundled = offline.bundle(&dir).expect("bundled");
    assert_eq!(fs_err::read(&bundled[0].file).expect("read"), bytes);

    fs_err::remove_file(&cached).expect("remove");
    write(
        &served.join("tool.tgz"),
        b"another file under the same name",
    );
    let error = offline.bundle(&dir).err().expect("refused").to_string();
    assert!(error.contains("does not match its checksum"), "{error}");
    assert!(!cached.exists(), "nothing kept");
}

#[test]
fn a_buildpack_without_dependencies_packages_as_before() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = component(root.path(), "");
    let offline = Offline::new(None, root.path().join("cache")).expect("offline");
    let plain = root.path().join("plain.oci");
    package_and_unpack(&dir, None, &plain, &root.path().join("a"));
    let bundled = root.path().join("offline.oci");
    package_and_unpack(&dir, Some(&offline), &bundled, &root.path().join("b"));
    assert_eq!(manifest_digest(&plain), manifest_digest(&bundled));
}

#[test]
fn a_target_is_written_as_pack_writes_it() {
    let cache = PathBuf::from("unused");
    let target = Offline::new(Some("linux/arm64:ubuntu@24.04"), cache.clone())
        .expect("target")
        .target;
    assert_eq!(target, Target::new("linux", "arm64", "ubuntu", "24.04"));
    assert!(Offline::new(Some("linux"), cache.clone()).is_err());
    assert!(Offline::new(Some("linux/amd64:ubuntu"), cache).is_err());
}
