//! The JDK and JRE tests install, and buildpack inventories pointing at them.
//!
//! `scripts/lib/test-env.sh` assembles them with `stowage-dev artifacts jvm` (Debian's `OpenJDK`
//! 17 packages, repacked in the upstream tarball layout) and exports their directory as
//! `STOWAGE_TEST_JVM_ARTIFACTS`. A test serves that directory with a
//! [`crate::mirror::Mirror`] and packages the jvm buildpack with [`jvm_test_inventory`]. It
//! holds Java 17 only, which is also its default.

use std::path::PathBuf;
use toml::Table;

/// The variable naming the JVM artifacts directory.
pub const JVM_ARTIFACTS_ENV: &str = "STOWAGE_TEST_JVM_ARTIFACTS";

/// The directory holding `openjdk-{jdk,jre}-<version>-linux-amd64.tar.gz`.
#[must_use]
pub fn jvm_artifacts_dir() -> PathBuf {
    PathBuf::from(crate::lifecycle::test_env(JVM_ARTIFACTS_ENV))
}

/// The `[metadata]` inventory (`jdk` and `jre` entries) for the artifacts in
/// [`jvm_artifacts_dir`], served by a mirror at `mirror_url` (`http://127.0.0.1:<port>`).
#[must_use]
pub fn jvm_test_inventory(mirror_url: &str) -> Table {
    stowage_dev::inventory::jvm::jvm_inventory_in(&jvm_artifacts_dir(), mirror_url)
        .unwrap_or_else(|error| panic!("{error}"))
}
