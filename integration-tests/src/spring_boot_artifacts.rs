//! The Spring Boot test app's layered jar and the Spring Cloud Bindings jar it gets.
//!
//! `scripts/lib/test-env.sh` makes them with `stowage-dev artifacts spring-boot` (Maven) and
//! exports their directory as `STOWAGE_TEST_SPRING_BOOT_ARTIFACTS`. A test serves that
//! directory with a [`crate::mirror::Mirror`] and packages the spring-boot buildpack with
//! [`spring_boot_test_inventory`]: the checked-in entries, real checksums and all, with the
//! URI of each jar the directory holds pointed at the mirror.

use std::path::PathBuf;
use toml::{Table, Value};

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
    let path = crate::lifecycle::repo_root().join("dependency-metadata/spring-boot.toml");
    let mut inventory: Table = fs_err::read_to_string(path)
        .expect("read the inventory")
        .parse()
        .expect("inventory TOML");
    let dir = spring_boot_artifacts_dir();
    let entries = inventory["dependencies"]
        .as_array()
        .expect("dependencies")
        .clone();
    let kept: Vec<Value> = entries
        .into_iter()
        .filter_map(|mut entry| {
            let uri = entry["uri"].as_str()?;
            let name = uri.rsplit('/').next()?.to_string();
            dir.join(&name).is_file().then(|| {
                entry["uri"] =
                    Value::String(format!("{}/{name}", mirror_url.trim_end_matches('/')));
                entry
            })
        })
        .collect();
    assert!(
        !kept.is_empty(),
        "no Spring Cloud Bindings jar in {}",
        dir.display()
    );
    inventory.insert("dependencies".to_string(), Value::Array(kept));
    inventory
}
