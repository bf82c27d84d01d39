//! ICU artifacts: Debian 12's `libicu72` (ICU 72.1's shared libraries and data), fetched with
//! apt, unpacked with dpkg-deb and repacked as an ICU install prefix under one top folder:
//! `icu/lib/libicu{data,i18n,io,test,tu,uc}.so.<major>[.<minor>]` and `icu/LICENSE`. The
//! icu buildpack strips the top folder, so `lib/` lands at the layer's root (where the
//! lifecycle puts it on `LD_LIBRARY_PATH`). No upstream ICU entries exist in the reference
//! data to copy a layout from; this is the prefix ICU's own `make install` writes.
//!
//! Cache folder: `icu/<Debian version>/` with the archive (its name carries the recipe
//! revision) and its `.sha256`.

use super::deb::upstream_version;
use super::{Cache, deb, debian_distribution, no_arguments, pack_distribution, sidecar};
use crate::Result;
use std::path::{Path, PathBuf};

/// The Debian package with ICU's libraries.
const PACKAGE: &str = "libicu72";
/// Bumped when what the archive holds changes, so no cache serves an older recipe.
const RECIPE: u32 = 1;
/// The libraries .NET opens (`libicuuc`, `libicui18n`; `libicudata` they link).
const NEEDED: &[&str] = &["libicuuc", "libicui18n", "libicudata"];

/// `icu-<Debian version>-r<recipe>-linux-amd64.tar.gz`.
#[must_use]
pub fn archive_name(debian_version: &str) -> String {
    format!("icu-{debian_version}-r{RECIPE}-linux-amd64.tar.gz")
}

/// The Debian version in an archive name.
#[must_use]
pub fn archive_debian_version(name: &str) -> Option<&str> {
    name.strip_prefix("icu-")?
        .strip_suffix(&format!("-r{RECIPE}-linux-amd64.tar.gz"))
}

/// The family's set: the ICU apt offers now. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    no_arguments("icu", "it assembles Debian's libicu72", args)?;
    let version = deb::candidate(PACKAGE)?;
    let archive = distribution(cache, &version)?;
    let sidecar = sidecar(&archive);
    cache.set("icu", &[archive, sidecar])
}

/// The archive of `debian_version`, assembled once and cached.
pub fn distribution(cache: &Cache, debian_version: &str) -> Result<PathBuf> {
    let name = archive_name(debian_version);
    debian_distribution(cache, "icu", "ICU", debian_version, &name, |work| {
        let download = work.join("download");
        fs_err::create_dir_all(&download)?;
        let root = work.join("root");
        deb::extract(&deb::download(PACKAGE, debian_version, &download)?, &root)?;
        let stage = work.join("stage");
        lay_out(&root, &stage)?;
        let major = upstream_version(debian_version)
            .split('.')
            .next()
            .unwrap_or_default()
            .to_string();
        pack_distribution(work, &stage, "icu", &name, |home| check(home, &major))
    })
}

/// Copies the libraries (files and their version symlinks) and the copyright from `root`
/// (the unpacked package) to `stage/icu`.
pub fn lay_out(root: &Path, stage: &Path) -> Result<()> {
    let lib = stage.join("icu/lib");
    fs_err::create_dir_all(&lib)?;
    let from = root.join("usr/lib/x86_64-linux-gnu");
    let mut copied = 0;
    for entry in fs_err::read_dir(&from)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("libicu") || !name.contains(".so.") {
            continue;
        }
        let target = lib.join(&name);
        if entry.file_type()?.is_symlink() {
            std::os::unix::fs::symlink(fs_err::read_link(entry.path())?, target)?;
        } else {
            fs_err::copy(entry.path(), target)?;
        }
        copied += 1;
    }
    if copied == 0 {
        return Err(format!("{PACKAGE} has no usr/lib/x86_64-linux-gnu/libicu*.so.*").into());
    }
    let copyright = root.join(format!("usr/share/doc/{PACKAGE}/copyright"));
    if copyright.is_file() {
        fs_err::copy(&copyright, stage.join("icu/LICENSE"))?;
    }
    Ok(())
}

/// The libraries .NET opens are there under the major version it is told to look for.
fn check(home: &Path, major: &str) -> Result<()> {
    for library in NEEDED {
        let path = home.join(format!("lib/{library}.so.{major}"));
        if !fs_err::metadata(&path).is_ok_and(|meta| meta.is_file()) {
            return Err(format!("the ICU archive has no lib/{library}.so.{major}").into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::test_support::write_tree;

    #[test]
    fn names_carry_the_recipe() {
        let name = archive_name("72.1-3+deb12u1");
        assert_eq!(name, "icu-72.1-3+deb12u1-r1-linux-amd64.tar.gz");
        assert_eq!(archive_debian_version(&name), Some("72.1-3+deb12u1"));
        assert_eq!(
            archive_debian_version("icu-72.1-3-r0-linux-amd64.tar.gz"),
            None
        );
    }

    #[test]
    fn the_stage_keeps_the_libraries_and_their_links() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path().join("root");
        let libs = "usr/lib/x86_64-linux-gnu";
        write_tree(
            &root,
            &[
                (&format!("{libs}/libicuuc.so.72.1"), "uc"),
                (&format!("{libs}/libicui18n.so.72.1"), "i18n"),
                (&format!("{libs}/libicudata.so.72.1"), "data"),
                (&format!("{libs}/libstdc++.so.6"), "not ICU"),
                ("usr/share/doc/libicu72/copyright", "Unicode"),
            ],
        );
        for library in NEEDED {
            std::os::unix::fs::symlink(
                format!("{library}.so.72.1"),
                root.join(format!("{libs}/{library}.so.72")),
            )
            .expect("link");
        }
        let stage = dir.path().join("stage");
        lay_out(&root, &stage).expect("laid out");
        let home = stage.join("icu");
        check(&home, "72").expect("the libraries .NET opens");
        assert_eq!(
            fs_err::read_to_string(home.join("lib/libicuuc.so.72")).expect("through the link"),
            "uc"
        );
        assert!(!home.join("lib/libstdc++.so.6").exists());
        assert!(home.join("LICENSE").is_file());
        assert!(check(&home, "74").is_err());
        assert!(lay_out(&dir.path().join("empty"), &dir.path().join("again")).is_err());
    }
}
