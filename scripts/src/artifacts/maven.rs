//! Maven family artifacts, fetched with Maven itself from Maven Central (which this machine
//! reaches): the Apache Maven distribution of `dependency-metadata/maven.toml` (its
//! `tar.gz`, checked byte for byte against the inventory's checksum, and the `zip` a Maven
//! wrapper's `distributionUrl` names), and `maven2/`, a Maven repository holding everything
//! the builds of the [`FIXTURES`] resolve, made by running each build once with the fetched
//! Maven into that one repository. A test mirror serves the set on loopback; builds then never
//! leave it.
//!
//! Cache folders: `maven/apache-maven-<version>/` (both archives and their `.sha256`) and the
//! set `maven/set-<version>-<digest of the fixtures' POMs>/` (the archives linked, and
//! `maven2/`).

use super::repack::write_sha256;
use super::{Cache, no_arguments, publish};
use crate::Result;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixtures whose builds fill the repository.
pub const FIXTURES: [&str; 3] = [
    "integration-tests/fixtures/maven-mvnw",
    "integration-tests/fixtures/maven-dist-zip",
    "integration-tests/fixtures/maven-war",
];
/// Fetches the distributions; a version Maven Central serves.
const DEPENDENCY_PLUGIN: &str = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
/// The arguments the buildpack runs Maven with by default.
const BUILD_ARGUMENTS: [&str; 3] = [
    "-Dmaven.test.skip=true",
    "--no-transfer-progress",
    "package",
];

/// A `maven` inventory entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Distribution {
    /// The version Maven Central files it under (`4.0.0-rc-6` for the entry `4.0.0`).
    pub coordinate: String,
    /// The hex sha256 the inventory gives.
    pub sha256: String,
}

impl Distribution {
    #[must_use]
    pub fn archive(&self, extension: &str) -> String {
        format!("apache-maven-{}-bin.{extension}", self.coordinate)
    }
}

/// The family's set for the fixture. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    no_arguments(
        "maven",
        "it fetches the Maven of dependency-metadata/maven.toml",
        args,
    )?;
    let root = crate::workspace::root();
    let inventory = fs_err::read_to_string(root.join("dependency-metadata/maven.toml"))?;
    let candidates = distributions(&inventory)?;
    let mut failures = Vec::new();
    for distribution in &candidates {
        match fetch(cache, distribution) {
            Ok(dir) => {
                let fixtures = FIXTURES.map(|fixture| root.join(fixture));
                return repository_set(cache, distribution, &dir, &fixtures);
            }
            Err(error) => failures.push(format!("{}: {error}", distribution.coordinate)),
        }
    }
    Err(format!(
        "no Maven of the inventory could be fetched: {}",
        failures.join("; ")
    )
    .into())
}

/// The inventory's `maven` entries, in file order.
pub fn distributions(inventory: &str) -> Result<Vec<Distribution>> {
    let table: toml::Table = inventory.parse()?;
    let entries = table
        .get("dependencies")
        .and_then(toml::Value::as_array)
        .ok_or("the inventory has no [[dependencies]]")?;
    let mut found = Vec::new();
    for entry in entries {
        if entry.get("id").and_then(toml::Value::as_str) != Some("maven") {
            continue;
        }
        let uri = entry
            .get("uri")
            .and_then(toml::Value::as_str)
            .ok_or("a maven entry has no uri")?;
        let name = uri.rsplit('/').next().unwrap_or_default();
        let coordinate = name
            .strip_prefix("apache-maven-")
            .and_then(|rest| rest.strip_suffix("-bin.tar.gz"))
            .ok_or_else(|| format!("{uri} is not an apache-maven-<version>-bin.tar.gz"))?;
        let checksum = entry
            .get("checksum")
            .and_then(toml::Value::as_str)
            .and_then(|checksum| checksum.strip_prefix("sha256:"))
            .ok_or_else(|| format!("the entry for {uri} has no sha256 checksum"))?;
        found.push(Distribution {
            coordinate: coordinate.to_string(),
            sha256: checksum.to_ascii_lowercase(),
        });
    }
    Ok(found)
}

/// Both archives of `distribution`, fetched once; the tar.gz must match the inventory.
fn fetch(cache: &Cache, distribution: &Distribution) -> Result<PathBuf> {
    let folder = cache.folder("maven")?;
    let dir = folder.join(format!("apache-maven-{}", distribution.coordinate));
    let names = ["tar.gz", "zip"].map(|extension| distribution.archive(extension));
    if names
        .iter()
        .all(|name| dir.join(format!("{name}.sha256")).is_file())
    {
        return Ok(dir);
    }
    eprintln!(
        "stowage-dev: fetching Apache Maven {} from Maven Central",
        distribution.coordinate
    );
    let work = Cache::work_in(&folder)?;
    let out = work.path().join("out");
    for extension in ["tar.gz", "zip"] {
        let artifact = format!(
            "org.apache.maven:apache-maven:{}:{extension}:bin",
            distribution.coordinate
        );
        mvn(
            Command::new("mvn")
                .arg("--batch-mode")
                .arg("--no-transfer-progress")
                .arg(format!(
                    "-Dmaven.repo.local={}",
                    work.path().join("repository").display()
                ))
                .arg(format!("{DEPENDENCY_PLUGIN}:copy"))
                .arg(format!("-Dartifact={artifact}"))
                .arg(format!("-DoutputDirectory={}", out.display())),
            &format!("fetch {artifact}"),
        )?;
    }
    let digest = write_sha256(&out.join(&names[0]))?;
    if digest != distribution.sha256 {
        return Err(format!(
            "{} from Maven Central has sha256 {digest}, the inventory says {}",
            names[0], distribution.sha256
        )
        .into());
    }
    write_sha256(&out.join(&names[1]))?;
    publish(&out, &dir)?;
    Ok(dir)
}

/// The set's cache key: a digest of each fixture's POM, in order.
pub fn poms_key(fixtures: &[PathBuf]) -> Result<String> {
    let mut digest = Sha256::new();
    for fixture in fixtures {
        let pom = fs_err::read(fixture.join("pom.xml"))?;
        digest.update(Sha256::digest(&pom));
    }
    Ok(hex::encode(digest.finalize())[..16].to_string())
}

/// The set: the archives, and `maven2/` filled by each fixture's build with the fetched Maven.
fn repository_set(
    cache: &Cache,
    distribution: &Distribution,
    archives: &Path,
    fixtures: &[PathBuf],
) -> Result<PathBuf> {
    let key = poms_key(fixtures)?;
    let folder = cache.folder("maven")?;
    let set = folder.join(format!("set-{}-{key}", distribution.coordinate));
    if set.is_dir() {
        return Ok(set);
    }
    let work = Cache::work_in(&folder)?;
    let staged = work.path().join("set");
    fs_err::create_dir_all(&staged)?;
    for extension in ["tar.gz", "zip"] {
        for name in [
            distribution.archive(extension),
            format!("{}.sha256", distribution.archive(extension)),
        ] {
            if fs_err::hard_link(archives.join(&name), staged.join(&name)).is_err() {
                fs_err::copy(archives.join(&name), staged.join(&name))?;
            }
        }
    }
    let unpacked = work.path().join("maven");
    fs_err::create_dir_all(&unpacked)?;
    run(
        Command::new("tar")
            .arg("-xzf")
            .arg(archives.join(distribution.archive("tar.gz")))
            .arg("--strip-components=1")
            .arg("-C")
            .arg(&unpacked),
        "unpack Maven",
    )?;
    for (index, fixture) in fixtures.iter().enumerate() {
        eprintln!(
            "stowage-dev: filling a Maven repository with what {} resolves",
            fixture.display()
        );
        let app = work.path().join(format!("app-{index}"));
        run(
            Command::new("cp").arg("-r").arg(fixture).arg(&app),
            "copy the fixture",
        )?;
        let _ = fs_err::remove_dir_all(app.join("target"));
        mvn(
            Command::new(unpacked.join("bin/mvn"))
                .current_dir(&app)
                .arg("--batch-mode")
                .arg(format!(
                    "-Dmaven.repo.local={}",
                    staged.join("maven2").display()
                ))
                .args(BUILD_ARGUMENTS),
            &format!("build {}", fixture.display()),
        )?;
    }
    publish(&staged, &set)?;
    Ok(set)
}

fn mvn(command: &mut Command, what: &str) -> Result<()> {
    let output = command.output().map_err(|error| {
        format!(
            "{what}: cannot run {}: {error}",
            command.get_program().display()
        )
    })?;
    if output.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&output.stdout);
    let tail: Vec<&str> = said.lines().rev().take(30).collect();
    Err(format!(
        "{what}: Maven failed ({}):\n{}{}",
        output.status,
        tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        String::from_utf8_lossy(&output.stderr)
    )
    .into())
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    // The tool's output goes to stderr: stdout is the folder this command prints.
    let status = command
        .stdout(std::process::Stdio::from(std::io::stderr()))
        .status()
        .map_err(|error| format!("{what}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what}: {status}").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inventory_names_each_distribution_with_its_checksum() {
        let inventory =
            fs_err::read_to_string(crate::workspace::root().join("dependency-metadata/maven.toml"))
                .expect("inventory");
        let found = distributions(&inventory).expect("entries");
        assert_eq!(found[0].coordinate, "3.9.16");
        assert_eq!(found[0].archive("zip"), "apache-maven-3.9.16-bin.zip");
        assert_eq!(found[0].sha256.len(), 64);
        assert!(found.iter().any(|found| found.coordinate == "4.0.0-rc-6"));
        assert!(found.iter().all(|found| !found.coordinate.contains("mvnd")));
    }

    #[test]
    fn the_set_key_changes_with_any_fixture_pom() {
        let root = tempfile::tempdir().expect("temp dir");
        let fixtures: Vec<PathBuf> = ["a", "b"].map(|name| root.path().join(name)).into();
        for fixture in &fixtures {
            fs_err::create_dir_all(fixture).expect("mkdir");
            fs_err::write(fixture.join("pom.xml"), "<project/>").expect("write");
        }
        let before = poms_key(&fixtures).expect("key");
        assert_eq!(before, poms_key(&fixtures).expect("key"), "stable");
        fs_err::write(fixtures[1].join("pom.xml"), "<project></project>").expect("write");
        assert_ne!(before, poms_key(&fixtures).expect("key"));
    }

    #[test]
    fn an_entry_that_is_not_a_maven_tarball_is_refused() {
        let inventory = "[[dependencies]]\nid = \"maven\"\nuri = \"https://x/maven.zip\"\nchecksum = \"sha256:00\"\n";
        assert!(distributions(inventory).is_err());
    }
}
