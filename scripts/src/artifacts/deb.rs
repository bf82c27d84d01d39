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
}
