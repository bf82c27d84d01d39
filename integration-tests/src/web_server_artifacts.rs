//! The nginx and httpd the tests install, and buildpack inventories pointing at them.
//!
//! `scripts/lib/test-env.sh` assembles it with `stowage-dev artifacts nginx` (Debian 12's
//! nginx with its stream module, repacked in the upstream tarball layout) and exports its
//! directory as `STOWAGE_TEST_NGINX_ARTIFACTS`. A test serves that directory with a
//! [`crate::mirror::Mirror`] and packages the nginx buildpack with [`nginx_test_inventory`].

use std::path::PathBuf;
use toml::Table;

/// The variable naming the nginx artifacts directory.
pub const NGINX_ARTIFACTS_ENV: &str = "STOWAGE_TEST_NGINX_ARTIFACTS";

/// The directory holding `nginx-<Debian version>-linux-amd64.tar.gz`.
#[must_use]
pub fn nginx_artifacts_dir() -> PathBuf {
    PathBuf::from(crate::lifecycle::test_env(NGINX_ARTIFACTS_ENV))
}

/// The `[metadata]` inventory (`nginx` entries, default and version lines) for the artifacts
/// in [`nginx_artifacts_dir`], served by a mirror at `mirror_url` (`http://127.0.0.1:<port>`).
#[must_use]
pub fn nginx_test_inventory(mirror_url: &str) -> Table {
    stowage_dev::inventory::nginx::nginx_inventory_in(&nginx_artifacts_dir(), mirror_url)
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The directory `stowage-dev artifacts httpd` assembled (`STOWAGE_TEST_HTTPD_ARTIFACTS`).
#[must_use]
pub fn httpd_artifacts_dir() -> PathBuf {
    PathBuf::from(crate::lifecycle::test_env("STOWAGE_TEST_HTTPD_ARTIFACTS"))
}

/// The `[metadata]` inventory (`httpd` entries) for [`httpd_artifacts_dir`], served by a
/// mirror at `mirror_url`.
#[must_use]
pub fn httpd_test_inventory(mirror_url: &str) -> Table {
    stowage_dev::inventory::httpd::httpd_inventory_in(&httpd_artifacts_dir(), mirror_url)
        .unwrap_or_else(|error| panic!("{error}"))
}
