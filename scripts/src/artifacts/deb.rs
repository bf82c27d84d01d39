//! Debian packages fetched with Debian's own client (checked by apt against the archive's
//! signed indexes) and unpacked without installing them.

use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The upstream version of a Debian version: no epoch (`1:`), no Debian revision (`-9+deb12u11`),
/// and for a `+really` version the one it really is (`3.1.7+really3.1.2` → `3.1.2`).
#[must_use]
pub fn upstream_version(debian_version: &str) -> &str {
    let upstream = debian_version
        .split_once(':')
        .map_or(debian_version, |(_, rest)| rest);
    let upstream = upstream.rsplit_once('-').map_or(upstream, |(up, _)| up);
    upstream
        .split_once("+really")
        .map_or(upstream, |(_, real)| real)
}

/// Runs `command`, or says what failed with its stderr.
fn run(command: &mut Command, what: &str) -> Result<Vec<u8>> {
    let output = command
        .output()
        .map_err(|error| format!("run {what}: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "{what} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(output.stdout)
}

/// The version of `package` apt would install (`apt-cache policy`'s candidate). A fresh
/// machine's empty package index is refreshed once (`apt-get update`), as apt users do.
pub(super) fn candidate(package: &str) -> Result<String> {
    if let Some(version) = policy_candidate(package)? {
        return Ok(version);
    }
    run(
        Command::new("apt-get").args(["update", "-qq"]),
        "apt-get update",
    )?;
    policy_candidate(package)?.ok_or_else(|| {
        format!("apt knows no {package} to download, even after apt-get update (add its archive)")
            .into()
    })
}

fn policy_candidate(package: &str) -> Result<Option<String>> {
    let stdout = run(
        Command::new("apt-cache").args(["policy", package]),
        &format!("apt-cache policy {package}"),
    )?;
    Ok(String::from_utf8_lossy(&stdout)
        .lines()
        .find_map(|line| line.trim().strip_prefix("Candidate: "))
        .filter(|version| *version != "(none)")
        .map(String::from))
}

/// `apt-get download <package>=<version>` into `dir`; returns the `.deb`.
pub(super) fn download(package: &str, version: &str, dir: &Path) -> Result<PathBuf> {
    let spec = format!("{package}={version}");
    run(
        Command::new("apt-get")
            // apt's `_apt` user cannot write into a root-owned temporary folder.
            .args(["-q", "-o", "APT::Sandbox::User=root", "download", &spec])
            .current_dir(dir),
        &format!("apt-get download {spec}"),
    )?;
    let prefix = format!("{package}_");
    fs_err::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with(&prefix)
                        && Path::new(name).extension().is_some_and(|e| e == "deb")
                })
        })
        .ok_or_else(|| format!("apt-get download {spec} wrote no .deb").into())
}

/// `dpkg-deb -x <deb> <into>`: the package's files, no maintainer scripts run.
pub(super) fn extract(deb: &Path, into: &Path) -> Result<()> {
    fs_err::create_dir_all(into)?;
    run(
        Command::new("dpkg-deb").arg("-x").arg(deb).arg(into),
        &format!("dpkg-deb -x {}", deb.display()),
    )?;
    Ok(())
}

/// Debian 12's source archives, for packages whose binary lacks what a rebuild needs (the C
/// sources of a gem's extension). Kept in a private apt configuration so the machine's own
/// sources stay as they are.
const SOURCES: &str = "\
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
";

/// apt with the source archives of [`SOURCES`], its state under one folder.
pub(super) struct SourceApt {
    options: Vec<String>,
}

impl SourceApt {
    /// Writes the configuration under `dir` and reads the archives' indexes (`apt-get update`).
    pub(super) fn new(dir: &Path) -> Result<Self> {
        let lists = dir.join("lists");
        let cache = dir.join("cache");
        fs_err::create_dir_all(lists.join("partial"))?;
        fs_err::create_dir_all(cache.join("archives/partial"))?;
        let list = dir.join("sources.list");
        fs_err::write(&list, SOURCES)?;
        let options = [
            format!("Dir::Etc::SourceList={}", list.display()),
            format!("Dir::Etc::SourceParts={}", dir.join("none").display()),
            format!("Dir::State::Lists={}", lists.display()),
            format!("Dir::Cache={}", cache.display()),
            "APT::Sandbox::User=root".to_string(),
        ]
        .into_iter()
        .flat_map(|option| ["-o".to_string(), option])
        .collect();
        let apt = Self { options };
        run(
            Command::new("apt-get")
                .args(&apt.options)
                .args(["-qq", "update"]),
            "apt-get update (Debian 12 source archives)",
        )?;
        Ok(apt)
    }

    /// The source package `package` unpacked with its Debian patches applied, as
    /// `<into>/<package>`, and its version: the newest version the archives list whose files
    /// download (a mirror may lack a version's files).
    pub(super) fn unpack(&self, package: &str, into: &Path) -> Result<(PathBuf, String)> {
        let listed = run(
            Command::new("apt-cache")
                .args(&self.options)
                .args(["showsrc", package]),
            &format!("apt-cache showsrc {package}"),
        )?;
        let mut versions: Vec<String> = String::from_utf8_lossy(&listed)
            .lines()
            .filter_map(|line| line.strip_prefix("Version: "))
            .map(String::from)
            .collect();
        versions.sort_by(|a, b| compare_versions(b, a));
        versions.dedup();
        let mut failures = Vec::new();
        for version in versions {
            let download = into.join(format!("{package}-download-{version}"));
            fs_err::create_dir_all(&download)?;
            let spec = format!("{package}={version}");
            let fetched = run(
                Command::new("apt-get")
                    .args(&self.options)
                    .args(["-q", "source", "--download-only", &spec])
                    .current_dir(&download),
                &format!("apt-get source {spec}"),
            );
            if let Err(error) = fetched {
                failures.push(error.to_string());
                continue;
            }
            let dsc = fs_err::read_dir(&download)?
                .filter_map(std::result::Result::ok)
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|e| e == "dsc"))
                .ok_or_else(|| format!("apt-get source {spec} wrote no .dsc"))?;
            let source = into.join(package);
            run(
                Command::new("dpkg-source").arg("-x").arg(&dsc).arg(&source),
                &format!("dpkg-source -x {}", dsc.display()),
            )?;
            return Ok((source, version));
        }
        Err(format!(
            "no version of the source package {package} could be downloaded:\n{}",
            failures.join("\n")
        )
        .into())
    }
}

/// Debian's version order (`dpkg --compare-versions`); equal when dpkg cannot say.
fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let is = |relation: &str| {
        Command::new("dpkg")
            .args(["--compare-versions", a, relation, b])
            .status()
            .is_ok_and(|status| status.success())
    };
    if is("lt") {
        std::cmp::Ordering::Less
    } else if is("gt") {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_versions() {
        assert_eq!(upstream_version("1.22.1-9+deb12u11"), "1.22.1");
        assert_eq!(upstream_version("1:1.26.0-2"), "1.26.0");
        assert_eq!(upstream_version("2.4.71-1~deb12u1"), "2.4.71");
        assert_eq!(upstream_version("3.1.7+really3.1.2-0+deb12u1"), "3.1.2");
        assert_eq!(upstream_version("2.3.15-2+deb12u1"), "2.3.15");
    }

    #[test]
    fn debian_version_order() {
        use std::cmp::Ordering;
        assert_eq!(
            compare_versions("5.6.5-3+deb12u2", "5.6.5-3+deb12u1"),
            Ordering::Greater
        );
        assert_eq!(compare_versions("1.3~pre1-1", "1.3-1"), Ordering::Less);
        assert_eq!(compare_versions("2.0-1", "2.0-1"), Ordering::Equal);
    }
}
