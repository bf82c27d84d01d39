//! Spring Boot family artifacts, fetched and built with Maven (the host's `mvn`, from Maven
//! Central): the Spring Cloud Bindings jar of the newest inventory version, checked against
//! the inventory's sha256, and the lifecycle test's app, a layered Spring Boot jar built from
//! `integration-tests/fixtures/spring-boot-app-src`.
//!
//! Cache folder: `spring-boot/` holding `maven-repo/` (Maven's local repository, apart from the
//! user's), `spring-cloud-bindings-<version>/` and `app-<source hash>/spring-boot-app.jar`.

use super::Cache;
use super::maven_build::{self, Download};
use crate::Result;
use std::path::{Path, PathBuf};

/// The app jar's name in the set.
pub const APP_JAR: &str = "spring-boot-app.jar";
const BINDINGS: &str = "spring-cloud-bindings";

/// The family's set: the bindings jar (with its `.sha256`) and the app jar. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    if !args.is_empty() {
        return Err(format!("artifacts spring-boot takes no arguments, got {args:?}").into());
    }
    let root = crate::workspace::root();
    let (version, sha256) = newest_bindings(&root.join("dependency-metadata/spring-boot.toml"))?;
    let dir = cache.folder("spring-boot")?;
    let repo = dir.join("maven-repo");
    let jar = bindings(&dir, &repo, &version, &sha256)?;
    let app = app_jar(
        &dir,
        &repo,
        &root.join("integration-tests/fixtures/spring-boot-app-src"),
    )?;
    cache.set(
        "spring-boot",
        &[PathBuf::from(format!("{}.sha256", jar.display())), jar, app],
    )
}

/// The newest `spring-cloud-bindings` entry's version and sha256 (hex).
fn newest_bindings(inventory: &Path) -> Result<(String, String)> {
    let table: toml::Table = fs_err::read_to_string(inventory)?.parse()?;
    let mut found: Vec<(Vec<u64>, String, String)> = Vec::new();
    for entry in table
        .get("dependencies")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        if entry.get("id").and_then(toml::Value::as_str) != Some(BINDINGS) {
            continue;
        }
        let version = entry.get("version").and_then(toml::Value::as_str);
        let checksum = entry.get("checksum").and_then(toml::Value::as_str);
        if let (Some(version), Some(checksum)) = (version, checksum) {
            let hex = checksum.strip_prefix("sha256:").unwrap_or(checksum);
            let parts = version
                .split('.')
                .map(|part| part.parse().unwrap_or(0))
                .collect();
            found.push((parts, version.to_string(), hex.to_string()));
        }
    }
    found.sort();
    found
        .pop()
        .map(|(_, version, hex)| (version, hex))
        .ok_or_else(|| format!("{} has no {BINDINGS} entry", inventory.display()).into())
}

/// `spring-cloud-bindings-<version>.jar` from Maven Central, once, if its sha256 is the
/// inventory's.
fn bindings(dir: &Path, repo: &Path, version: &str, sha256: &str) -> Result<PathBuf> {
    let name = format!("{BINDINGS}-{version}.jar");
    maven_build::download(
        dir,
        repo,
        &Download {
            what: &format!("Spring Cloud Bindings {version}"),
            artifact: &format!("org.springframework.cloud:{BINDINGS}:{version}"),
            fetched: &name,
            folder: &format!("{BINDINGS}-{version}"),
            name: &name,
            sha256,
        },
    )
}

/// The app's layered Boot jar, built once per content of its source folder.
fn app_jar(dir: &Path, repo: &Path, source: &Path) -> Result<PathBuf> {
    maven_build::package(
        dir,
        repo,
        ("the Spring Boot test app", source),
        ("app", APP_JAR),
        |target| {
            Ok(fs_err::read_dir(target)?
                .filter_map(std::result::Result::ok)
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|extension| extension == "jar"))
                .ok_or("the Maven build made no jar in target/")?)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_bindings_entry_of_the_inventory() {
        let dir = tempfile::tempdir().expect("dir");
        let inventory = dir.path().join("spring-boot.toml");
        fs_err::write(
            &inventory,
            "[[dependencies]]\nid = \"spring-cloud-bindings\"\nversion = \"2.0.4\"\nchecksum = \"sha256:bb\"\n\n\
             [[dependencies]]\nid = \"spring-cloud-bindings\"\nversion = \"1.13.0\"\nchecksum = \"sha256:aa\"\n",
        )
        .expect("write");
        assert_eq!(
            newest_bindings(&inventory).expect("entry"),
            ("2.0.4".to_string(), "bb".to_string())
        );
    }
}
