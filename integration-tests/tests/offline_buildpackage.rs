//! An offline buildpackage builds a Node.js app with no dependency source reachable: the
//! packages `stowage-dev buildpackage --offline` writes carry Node.js inside node-engine,
//! fetched once from the test mirror at package time; the mirror is switched off before the
//! build, the app answers over HTTP, and the build log says Node.js came from the buildpack.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, packaged_folders};
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{
    artifacts_dir, newest_node, node_archive_name, node_test_inventory, sha256_cached,
};
use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use stowage_dev::buildpackage::offline::Offline;
use stowage_dev::buildpackage::{Format, Package};

/// What `stowage-dev buildpackage <packaged-dir> --format oci-layout --offline` runs.
fn offline_buildpackage(packaged: &Path, offline: &Offline, out: &Path) -> PathBuf {
    let mut package = Package::read(packaged).expect("read the package");
    package
        .bundle_dependencies(offline)
        .unwrap_or_else(|error| panic!("bundle {}: {error}", packaged.display()));
    package
        .write(Format::OciLayout, out)
        .expect("write the buildpackage");
    out.to_path_buf()
}

#[test]
fn an_offline_buildpackage_builds_a_node_app_with_the_mirror_switched_off() {
    let work = tempfile::Builder::new()
        .prefix("stowage-offline.")
        .tempdir()
        .expect("temp dir");
    let mirror = Mirror::start(artifacts_dir());
    // Only the Node.js the app gets (the newest, node-engine's default), to keep the package small.
    let mut inventory = node_test_inventory(&mirror.url());
    let newest = newest_node();
    let checksum = sha256_cached(&artifacts_dir().join(node_archive_name(&newest)));
    inventory["dependencies"]
        .as_array_mut()
        .expect("dependencies")
        .retain(|entry| entry["version"].as_str() == Some(newest.as_str()));
    let packaged = packaged_folders(
        &["node-engine", "node-start"],
        &BTreeMap::from([("node".to_string(), inventory)]),
        &work.path().join("packaged"),
    );
    let offline = Offline::new(None, work.path().join("cache")).expect("offline");
    let layouts: Vec<PathBuf> = packaged
        .iter()
        .map(|folder| {
            let name = folder.file_name().expect("name").to_string_lossy();
            offline_buildpackage(folder, &offline, &work.path().join(format!("{name}.oci")))
        })
        .collect();
    let fetched: Vec<String> = mirror
        .requested_paths()
        .into_iter()
        .filter(|path| path.contains("node-v"))
        .collect();
    assert_eq!(fetched.len(), 1, "Node.js fetched once: {fetched:?}");

    let address = mirror.addr();
    drop(mirror);
    assert!(
        TcpStream::connect(address).is_err(),
        "the mirror is off: nothing answers at {address}"
    );

    let mut app = App::new("node-server").buildpackages(&layouts);
    let build = app.build();
    build.assert_success();
    let log = build.log();
    assert!(
        log.lines().any(|line| line
            .contains("Source: file:///cnb/buildpacks/stowage_node-engine/")
            && line.contains(&format!(
                "/dependencies/{checksum}/node-v{newest}-linux-x64.tar.gz"
            ))
            && line.contains("bundled in the buildpack: an offline package, nothing downloaded")),
        "the log says Node.js came from the buildpack:\n{log}"
    );
    assert!(
        log.contains(&format!(" {newest} from the file bundled in the buildpack"))
            && log.contains("Copied and verified")
            && !log.contains("Downloading"),
        "the log says Node.js was copied, not downloaded:\n{log}"
    );
    let running = build.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
}
