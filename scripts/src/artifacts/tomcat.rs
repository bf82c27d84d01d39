//! Tomcat family artifacts, fetched and built with Maven (the host's `mvn`, from Maven
//! Central): the Apache Tomcat distribution of [`VERSION`] (`org.apache.tomcat:tomcat:<v>:tar.gz`,
//! the same bytes as Apache's download, checked against the inventory's sha256) under the
//! inventory URI's file name, and the lifecycle test's WAR, built from
//! `integration-tests/fixtures/tomcat-war-src`.
//!
//! Cache folder: `tomcat/` holding `maven-repo/`, `tomcat-<version>/` and
//! `war-<source hash>/shop.war`.

use super::Cache;
use super::maven_build::{self, Download};
use crate::Result;
use std::path::{Path, PathBuf};

/// The inventory's Tomcat that Maven Central serves (it serves no 9.0.121, the default line's).
pub const VERSION: &str = "10.1.59";
/// The WAR's name in the set.
pub const WAR: &str = "shop.war";

/// The family's set: the Tomcat tarball (with its `.sha256`) and the WAR. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    if !args.is_empty() {
        return Err(format!("artifacts tomcat takes no arguments, got {args:?}").into());
    }
    let root = crate::workspace::root();
    let (name, sha256) = entry(
        &root.join("dependency-metadata/apache-tomcat.toml"),
        VERSION,
    )?;
    let dir = cache.folder("tomcat")?;
    let repo = dir.join("maven-repo");
    let tarball = distribution(&dir, &repo, &name, &sha256)?;
    let war = war(
        &dir,
        &repo,
        &root.join("integration-tests/fixtures/tomcat-war-src"),
    )?;
    cache.set(
        "tomcat",
        &[
            PathBuf::from(format!("{}.sha256", tarball.display())),
            tarball,
            war,
        ],
    )
}

/// The file name of the `tomcat` entry of `version` (from its URI) and its sha256 (hex).
fn entry(inventory: &Path, version: &str) -> Result<(String, String)> {
    let table: toml::Table = fs_err::read_to_string(inventory)?.parse()?;
    table
        .get("dependencies")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|entry| entry.get("id").and_then(toml::Value::as_str) == Some("tomcat"))
        .filter(|entry| entry.get("version").and_then(toml::Value::as_str) == Some(version))
        .find_map(|entry| {
            let uri = entry.get("uri")?.as_str()?;
            let checksum = entry.get("checksum")?.as_str()?;
            Some((
                uri.rsplit('/').next()?.to_string(),
                checksum
                    .strip_prefix("sha256:")
                    .unwrap_or(checksum)
                    .to_string(),
            ))
        })
        .ok_or_else(|| format!("{} has no tomcat {version} entry", inventory.display()).into())
}

/// The distribution from Maven Central, once, if its sha256 is the inventory's.
fn distribution(dir: &Path, repo: &Path, name: &str, sha256: &str) -> Result<PathBuf> {
    maven_build::download(
        dir,
        repo,
        &Download {
            what: &format!("Apache Tomcat {VERSION}"),
            artifact: &format!("org.apache.tomcat:tomcat:{VERSION}:tar.gz"),
            fetched: &format!("tomcat-{VERSION}.tar.gz"),
            folder: &format!("tomcat-{VERSION}"),
            name,
            sha256,
        },
    )
}

/// The test WAR, built once per content of its source folder.
fn war(dir: &Path, repo: &Path, source: &Path) -> Result<PathBuf> {
    maven_build::package(
        dir,
        repo,
        ("the Tomcat test WAR", source),
        ("war", WAR),
        |target| Ok(target.join(WAR)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_of_the_version_names_the_uris_file() {
        let dir = tempfile::tempdir().expect("dir");
        let inventory = dir.path().join("apache-tomcat.toml");
        fs_err::write(
            &inventory,
            "[[dependencies]]\nid = \"tomcat\"\nversion = \"9.0.1\"\nuri = \"https://x/apache-tomcat-9.0.1.tar.gz\"\nchecksum = \"sha256:aa\"\n\n\
             [[dependencies]]\nid = \"tomcat\"\nversion = \"10.1.59\"\nuri = \"https://x/apache-tomcat-10.1.59.tar.gz\"\nchecksum = \"sha256:bb\"\n",
        )
        .expect("write");
        assert_eq!(
            entry(&inventory, "10.1.59").expect("entry"),
            ("apache-tomcat-10.1.59.tar.gz".to_string(), "bb".to_string())
        );
        assert!(entry(&inventory, "11.0.0").is_err());
    }
}
