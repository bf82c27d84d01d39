//! Inventories built from an artifacts directory, and the tweaks failure tests make to them.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{
    dependency_mut, node_archive_name, node_inventory_in, node_versions_in, sha256_cached,
    with_missing_file, with_wrong_checksum,
};
use sha2::Digest;
use std::path::Path;
use std::time::Duration;
use toml::Value;

/// A fake artifacts dir, as `stowage-dev artifacts nodejs` lays it out, with stand-in archives.
fn fake_artifacts(versions: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for version in versions {
        let (path, digest) = integration_tests::artifact::fake_node(dir.path(), version);
        assert_eq!(
            path.file_name().expect("name").to_str(),
            Some(node_archive_name(version).as_str())
        );
        fs_err::write(
            dir.path()
                .join(format!("{}.sha256", node_archive_name(version))),
            format!("{digest}  x\n"),
        )
        .expect("write digest");
    }
    fs_err::write(dir.path().join("README"), "not an archive").expect("write");
    fs_err::write(
        dir.path().join("node-vlatest-linux-x64.tar.gz"),
        "not a version",
    )
    .expect("write");
    dir
}

fn entries(inventory: &toml::Table) -> Vec<&toml::Table> {
    inventory["dependencies"]
        .as_array()
        .expect("[[dependencies]]")
        .iter()
        .map(|entry| entry.as_table().expect("table"))
        .collect()
}

#[test]
fn inventory_from_an_artifacts_dir() {
    let dir = fake_artifacts(&["24.2.0", "22.10.1", "22.9.0"]);
    assert_eq!(
        node_versions_in(dir.path()),
        ["22.9.0", "22.10.1", "24.2.0"]
    );
    let url = "http://127.0.0.1:1234";
    let inventory = node_inventory_in(dir.path(), url);
    assert_eq!(
        inventory["default-versions"]["node"].as_str(),
        Some("24.*.*")
    );
    let entries = entries(&inventory);
    assert_eq!(entries.len(), 3);

    let entry = entries[1];
    let digest =
        integration_tests::artifact::sha256_hex(&dir.path().join("node-v22.10.1-linux-x64.tar.gz"));
    let uri = "http://127.0.0.1:1234/node-v22.10.1-linux-x64.tar.gz";
    let text = |key: &str| {
        entry[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} is a string"))
    };
    assert_eq!(text("id"), "node");
    assert_eq!(text("name"), "Node Engine");
    assert_eq!(text("version"), "22.10.1");
    assert_eq!(text("uri"), uri);
    assert_eq!(text("checksum"), format!("sha256:{digest}"));
    assert_eq!(text("os"), "linux");
    assert_eq!(text("arch"), "amd64");
    assert_eq!(
        entry["stacks"].as_array(),
        Some(&vec![Value::String("*".into())])
    );
    assert_eq!(entry["strip-components"].as_integer(), Some(1));
    assert_eq!(
        text("cpe"),
        "cpe:2.3:a:nodejs:node.js:22.10.1:*:*:*:*:*:*:*"
    );
    assert_eq!(
        text("purl"),
        format!("pkg:generic/node@v22.10.1?checksum={digest}&download_url={uri}")
    );
    assert_eq!(
        entry["licenses"].as_array(),
        Some(&vec![Value::String("MIT".into())])
    );

    // The inventory is what packaging merges into [metadata]: it must survive TOML.
    let reparsed: toml::Table = toml::to_string(&inventory)
        .expect("serialize")
        .parse()
        .expect("parse");
    assert_eq!(reparsed, inventory);
}

#[test]
fn inventory_checksums_match_what_the_mirror_serves() {
    let dir = fake_artifacts(&["22.1.0"]);
    let mirror = Mirror::start(dir.path());
    let inventory = node_inventory_in(dir.path(), &mirror.url());
    let entry = entries(&inventory)[0];
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let mut response = agent
        .get(entry["uri"].as_str().expect("uri"))
        .call()
        .expect("GET");
    assert_eq!(response.status(), 200);
    let body = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .expect("body");
    let served = format!("sha256:{}", hex::encode(sha2::Sha256::digest(&body)));
    assert_eq!(entry["checksum"].as_str(), Some(served.as_str()));
}

#[test]
fn digests_are_cached_beside_the_file_and_refreshed_when_it_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a.tar.gz");
    fs_err::write(&file, "one").expect("write");
    let sidecar = dir.path().join("a.tar.gz.sha256");
    let one = sha256_cached(&file);
    assert_eq!(one, integration_tests::artifact::sha256_hex(&file));
    assert!(
        fs_err::read_to_string(&sidecar)
            .expect("sidecar written")
            .starts_with(&one)
    );

    // The cached digest is used as is while it is not older than the file...
    let pretend = "ab".repeat(32);
    fs_err::write(&sidecar, format!("{pretend}  a.tar.gz\n")).expect("write");
    assert_eq!(sha256_cached(&file), pretend);
    // ...and recomputed once the file is newer.
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    fs_err::write(&file, "two").expect("write");
    fs_err::File::options()
        .write(true)
        .open(&file)
        .expect("open")
        .set_modified(later)
        .expect("touch");
    let two = sha256_cached(&file);
    assert_eq!(two, integration_tests::artifact::sha256_hex(&file));
    assert_ne!(two, pretend);
    assert!(
        integration_tests::support::names_in(dir.path())
            .iter()
            .all(|name| Path::new(name)
                .extension()
                .is_none_or(|extension| extension != "tmp")),
        "{:?}",
        integration_tests::support::names_in(dir.path())
    );
}

#[test]
fn inventory_tweaks_for_failure_tests() {
    let dir = fake_artifacts(&["22.1.0", "24.1.0"]);
    let url = "http://127.0.0.1:1234";
    let inventory = node_inventory_in(dir.path(), url);

    let wrong = with_wrong_checksum(inventory.clone(), "24.1.0");
    let (before, after) = (entries(&inventory)[1], entries(&wrong)[1]);
    assert_ne!(before["checksum"], after["checksum"]);
    assert_eq!(before["uri"], after["uri"]);
    let wrong_hex = after["checksum"]
        .as_str()
        .expect("checksum")
        .strip_prefix("sha256:")
        .expect("prefix");
    assert_eq!(wrong_hex.len(), 64);
    assert!(after["purl"].as_str().expect("purl").contains(wrong_hex));
    assert_eq!(
        entries(&inventory)[0],
        entries(&wrong)[0],
        "other entries stay as they were"
    );

    let missing = with_missing_file(inventory.clone(), url, "24.9.9");
    assert_eq!(entries(&missing).len(), 3);
    let extra = entries(&missing)[2];
    assert_eq!(
        extra["uri"].as_str(),
        Some("http://127.0.0.1:1234/node-v24.9.9-linux-x64.tar.gz")
    );
    assert!(!dir.path().join(node_archive_name("24.9.9")).exists());

    let mut tweaked = inventory;
    dependency_mut(&mut tweaked, "22.1.0").insert(
        "deprecation_date".into(),
        Value::String("2020-01-01T00:00:00Z".into()),
    );
    assert!(entries(&tweaked)[0].contains_key("deprecation_date"));
}
