//! The Apache Tomcat distribution and the test WAR of the tomcat lifecycle test.
//!
//! `scripts/lib/test-env.sh` makes them with `stowage-dev artifacts tomcat` (Maven) and exports
//! their directory as `STOWAGE_TEST_TOMCAT_ARTIFACTS`. A test serves that directory with a
//! [`crate::mirror::Mirror`] and packages apache-tomcat with [`tomcat_test_inventory`]: the
//! checked-in entries, real checksums and all, with the URI of each tarball the directory
//! holds pointed at the mirror.

use std::path::PathBuf;
use toml::Table;

pub const TOMCAT_ARTIFACTS_ENV: &str = "STOWAGE_TEST_TOMCAT_ARTIFACTS";
/// The one Tomcat the artifacts hold.
pub use stowage_dev::artifacts::tomcat::VERSION as TOMCAT_VERSION;

/// The directory holding `apache-tomcat-<v>.tar.gz` and `shop.war`.
#[must_use]
pub fn tomcat_artifacts_dir() -> PathBuf {
    PathBuf::from(crate::lifecycle::test_env(TOMCAT_ARTIFACTS_ENV))
}

/// The test WAR (Maven-built: a servlet at `/info` and `index.html`).
#[must_use]
pub fn tomcat_war() -> PathBuf {
    tomcat_artifacts_dir().join(stowage_dev::artifacts::tomcat::WAR)
}

/// `dependency-metadata/apache-tomcat.toml`, keeping the entries whose tarball is in the
/// artifacts directory, served by a mirror at `mirror_url`.
#[must_use]
pub fn tomcat_test_inventory(mirror_url: &str) -> Table {
    let metadata = crate::lifecycle::repo_root().join("dependency-metadata/apache-tomcat.toml");
    stowage_dev::inventory::upstream_served(&metadata, &tomcat_artifacts_dir(), mirror_url)
        .unwrap_or_else(|error| panic!("{error}"))
}
