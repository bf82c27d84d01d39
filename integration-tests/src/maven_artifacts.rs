//! Maven without Maven Central: the Apache Maven distributions and a Maven repository (`maven2/`)
//! holding all the builds of the `maven-mvnw`, `maven-dist-zip` and `maven-war` fixtures resolve.
//!
//! `scripts/lib/test-env.sh` assembles them with `stowage-dev artifacts maven` and exports
//! their directory as `STOWAGE_TEST_MAVEN_ARTIFACTS`. A test serves that directory with a
//! [`crate::mirror::Mirror`], points the wrapper at it with [`wrapper_properties`] (or the
//! buildpack's inventory with [`maven_test_inventory`]) and Maven at it with the settings of
//! [`mirror_settings`] (given as a `maven` binding).

use std::path::PathBuf;
use toml::Table;

/// The variable naming the Maven artifacts directory.
pub const MAVEN_ARTIFACTS_ENV: &str = "STOWAGE_TEST_MAVEN_ARTIFACTS";

/// The Maven version the directory holds, the first of `dependency-metadata/maven.toml`.
pub const MAVEN_VERSION: &str = "3.9.16";

/// The directory holding `apache-maven-<version>-bin.{tar.gz,zip}` and `maven2/`.
#[must_use]
pub fn maven_artifacts_dir() -> PathBuf {
    PathBuf::from(crate::lifecycle::test_env(MAVEN_ARTIFACTS_ENV))
}

/// `settings.xml` mirroring every repository to the `maven2/` the mirror at `mirror_url` serves.
#[must_use]
pub fn mirror_settings(mirror_url: &str) -> String {
    format!(
        "<settings>\n  <mirrors>\n    <mirror>\n      <id>loopback</id>\n      <mirrorOf>*</mirrorOf>\n      \
         <url>{mirror_url}/maven2</url>\n    </mirror>\n  </mirrors>\n</settings>\n"
    )
}

/// `.mvn/wrapper/maven-wrapper.properties` downloading Maven's zip from the mirror.
#[must_use]
pub fn wrapper_properties(mirror_url: &str) -> String {
    format!(
        "wrapperVersion=3.3.4\ndistributionType=only-script\n\
         distributionUrl={mirror_url}/apache-maven-{MAVEN_VERSION}-bin.zip\n"
    )
}

/// `dependency-metadata/maven.toml`, keeping the entries whose tarball the artifacts directory
/// holds, served by a mirror at `mirror_url`: the buildpack installs that Maven.
#[must_use]
pub fn maven_test_inventory(mirror_url: &str) -> Table {
    let metadata = crate::lifecycle::repo_root().join("dependency-metadata/maven.toml");
    stowage_dev::inventory::upstream_served(&metadata, &maven_artifacts_dir(), mirror_url)
        .unwrap_or_else(|error| panic!("{error}"))
}
