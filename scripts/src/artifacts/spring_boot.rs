//! Spring Boot family artifacts, fetched and built with Maven (the host's `mvn`, from Maven
//! Central): the Spring Cloud Bindings jar of the newest inventory version, checked against
//! the inventory's sha256, and the lifecycle test's app, a layered Spring Boot jar built from
//! `integration-tests/fixtures/spring-boot-app-src`.
//!
//! Cache folder: `spring-boot/` holding `maven-repo/` (Maven's local repository, apart from the
//! user's), `spring-cloud-bindings-<version>/` and `app-<source hash>/spring-boot-app.jar`.

use super::repack::write_sha256;
use super::{Cache, publish};
use crate::Result;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

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

pub(super) fn maven(repo: &Path, dir: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new("mvn")
        .args(["--batch-mode", "--no-transfer-progress", "--quiet"])
        .arg(format!("-Dmaven.repo.local={}", repo.display()))
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|error| format!("mvn could not be run (is Maven installed?): {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("mvn {} failed ({status})", args.join(" ")).into())
    }
}

/// `spring-cloud-bindings-<version>.jar` from Maven Central, once, if its sha256 is the
/// inventory's.
fn bindings(dir: &Path, repo: &Path, version: &str, sha256: &str) -> Result<PathBuf> {
    let name = format!("{BINDINGS}-{version}.jar");
    let target = dir.join(format!("{BINDINGS}-{version}"));
    let jar = target.join(&name);
    if Path::new(&format!("{}.sha256", jar.display())).is_file() {
        return Ok(jar);
    }
    eprintln!("stowage-dev: fetching Spring Cloud Bindings {version} with Maven");
    let work = Cache::work_in(dir)?;
    let out = work.path().join("out");
    fs_err::create_dir_all(&out)?;
    maven(
        repo,
        work.path(),
        &[
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
            &format!("-Dartifact=org.springframework.cloud:{BINDINGS}:{version}"),
            &format!("-DoutputDirectory={}", out.display()),
        ],
    )?;
    let digest = write_sha256(&out.join(&name))?;
    if digest != sha256 {
        return Err(format!(
            "{name} from Maven Central has sha256 {digest}, the inventory says {sha256}"
        )
        .into());
    }
    publish(&out, &target)?;
    Ok(jar)
}

/// The app's layered Boot jar, built once per content of its source folder.
fn app_jar(dir: &Path, repo: &Path, source: &Path) -> Result<PathBuf> {
    let target = dir.join(format!("app-{}", &source_hash(source)?[..16]));
    let jar = target.join(APP_JAR);
    if jar.is_file() {
        return Ok(jar);
    }
    eprintln!("stowage-dev: building the Spring Boot test app with Maven");
    let work = Cache::work_in(dir)?;
    let project = work.path().join("project");
    copy_tree(source, &project)?;
    maven(repo, &project, &["-DskipTests", "package"])?;
    let built = fs_err::read_dir(project.join("target"))?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "jar"))
        .ok_or("the Maven build made no jar in target/")?;
    let out = work.path().join("out");
    fs_err::create_dir_all(&out)?;
    fs_err::copy(built, out.join(APP_JAR))?;
    publish(&out, &target)?;
    Ok(jar)
}

/// sha256 over the sorted relative paths and contents of the files under `source`.
pub(super) fn source_hash(source: &Path) -> Result<String> {
    let mut files = Vec::new();
    collect(source, source, &mut files)?;
    files.sort();
    let mut hasher = Sha256::new();
    for relative in files {
        hasher.update(relative.as_os_str().as_encoded_bytes());
        hasher.update([0]);
        hasher.update(fs_err::read(source.join(&relative))?);
        hasher.update([0]);
    }
    Ok(hex::encode(hasher.finalize()))
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs_err::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, files)?;
        } else {
            files.push(path.strip_prefix(root)?.to_path_buf());
        }
    }
    Ok(())
}

pub(super) fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(from, from, &mut files)?;
    for relative in files {
        let target = to.join(&relative);
        fs_err::create_dir_all(target.parent().ok_or("no parent")?)?;
        fs_err::copy(from.join(&relative), target)?;
    }
    Ok(())
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

    #[test]
    fn the_source_hash_follows_content() {
        let dir = tempfile::tempdir().expect("dir");
        fs_err::create_dir_all(dir.path().join("src")).expect("mkdir");
        fs_err::write(dir.path().join("src/A.java"), "a").expect("write");
        let first = source_hash(dir.path()).expect("hash");
        assert_eq!(first, source_hash(dir.path()).expect("hash"));
        fs_err::write(dir.path().join("src/A.java"), "b").expect("write");
        assert_ne!(first, source_hash(dir.path()).expect("hash"));
    }
}
