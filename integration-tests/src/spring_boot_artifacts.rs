//! The Spring Boot test app's layered jar and the Spring Cloud Bindings jar it gets.
//!
//! `scripts/lib/test-env.sh` makes them with `stowage-dev artifacts spring-boot` (Maven) and
//! exports their directory as `STOWAGE_TEST_SPRING_BOOT_ARTIFACTS`. A test serves that
//! directory with a [`crate::mirror::Mirror`] and packages the spring-boot buildpack with
//! [`spring_boot_test_inventory`]: the checked-in entries, real checksums and all, with the
//! URI of each jar the directory holds pointed at the mirror.

use std::path::PathBuf;
use toml::Table;

pub const SPRING_BOOT_ARTIFACTS_ENV: &str = "STOWAGE_TEST_SPRING_BOOT_ARTIFACTS";

/// The directory holding `spring-boot-app.jar` and `spring-cloud-bindings-<v>.jar`.
#[must_use]
pub fn spring_boot_artifacts_dir() -> PathBuf {
    PathBuf::from(crate::lifecycle::test_env(SPRING_BOOT_ARTIFACTS_ENV))
}

/// The app jar.
#[must_use]
pub fn spring_boot_app_jar() -> PathBuf {
    spring_boot_artifacts_dir().join(stowage_dev::artifacts::spring_boot::APP_JAR)
}

/// `dependency-metadata/spring-boot.toml`, keeping the entries whose jar is in the artifacts
/// directory, served by a mirror at `mirror_url`.
#[must_use]
pub fn spring_boot_test_inventory(mirror_url: &str) -> Table {
    let metadata = crate::lifecycle::repo_root().join("dependency-metadata/spring-boot.toml");
    stowage_dev::inventory::upstream_served(&metadata, &spring_boot_artifacts_dir(), mirror_url)
        .unwrap_or_else(|error| panic!("{error}"))
}
