//! Running the host's Maven (`mvn`, from Maven Central) for the families' test artifacts: an
//! artifact fetched once and checked against the inventory's sha256, and a fixture project
//! built once per content of its source folder. Maven's local repository is the family's
//! `maven-repo/`, apart from the user's.

use super::repack::write_sha256;
use super::{Cache, publish};
use crate::Result;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// An artifact from Maven Central, kept as `<dir>/<folder>/<name>` with its `.sha256`.
pub(super) struct Download<'a> {
    /// For the progress line: `Apache Tomcat 10.1.59`.
    pub what: &'a str,
    /// `group:artifact:version[:type]`.
    pub artifact: &'a str,
    /// The file Maven writes.
    pub fetched: &'a str,
    pub folder: &'a str,
    pub name: &'a str,
    /// The inventory's sha256 (hex) it must have.
    pub sha256: &'a str,
}

/// The download's file, fetched once.
pub(super) fn download(dir: &Path, repo: &Path, download: &Download<'_>) -> Result<PathBuf> {
    let target = dir.join(download.folder);
    let file = target.join(download.name);
    if Path::new(&format!("{}.sha256", file.display())).is_file() {
        return Ok(file);
    }
    eprintln!("stowage-dev: fetching {} with Maven", download.what);
    let work = Cache::work_in(dir)?;
    let out = work.path().join("out");
    fs_err::create_dir_all(&out)?;
    maven(
        repo,
        work.path(),
        &[
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
            &format!("-Dartifact={}", download.artifact),
            &format!("-DoutputDirectory={}", out.display()),
        ],
    )?;
    if download.fetched != download.name {
        fs_err::rename(out.join(download.fetched), out.join(download.name))?;
    }
    let digest = write_sha256(&out.join(download.name))?;
    if digest != download.sha256 {
        return Err(format!(
            "{} from Maven Central has sha256 {digest}, the inventory says {}",
            download.name, download.sha256
        )
        .into());
    }
    publish(&out, &target)?;
    Ok(file)
}

/// The Maven project at `source` (`what`, for the progress line) packaged, tests skipped,
/// once per its content, kept as `<dir>/<prefix>-<source hash>/<name>`; `built` picks the file
/// from the project's `target/`.
pub(super) fn package(
    dir: &Path,
    repo: &Path,
    (what, source): (&str, &Path),
    (prefix, name): (&str, &str),
    built: impl FnOnce(&Path) -> Result<PathBuf>,
) -> Result<PathBuf> {
    let target = dir.join(format!("{prefix}-{}", &source_hash(source)?[..16]));
    let file = target.join(name);
    if file.is_file() {
        return Ok(file);
    }
    eprintln!("stowage-dev: building {what} with Maven");
    let work = Cache::work_in(dir)?;
    let project = work.path().join("project");
    copy_tree(source, &project)?;
    maven(repo, &project, &["-DskipTests", "package"])?;
    let made = built(&project.join("target"))?;
    let out = work.path().join("out");
    fs_err::create_dir_all(&out)?;
    fs_err::copy(made, out.join(name))?;
    publish(&out, &target)?;
    Ok(file)
}

fn maven(repo: &Path, dir: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new("mvn")
        .args(["--batch-mode", "--no-transfer-progress", "--quiet"])
        .arg(format!("-Dmaven.repo.local={}", repo.display()))
        .args(args)
        .current_dir(dir)
        // Maven's own output (colour codes included) goes to stderr: stdout is the folder this
        // command prints for scripts to read.
        .stdout(std::process::Stdio::from(std::io::stderr()))
        .status()
        .map_err(|error| format!("mvn could not be run (is Maven installed?): {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("mvn {} failed ({status})", args.join(" ")).into())
    }
}

/// sha256 over the sorted relative paths and contents of the files under `source`.
fn source_hash(source: &Path) -> Result<String> {
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

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
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
