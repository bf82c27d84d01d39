//! Native programs repacked from Debian packages so that they run from any folder on the
//! run image: the libraries the run image lacks are fetched with apt, packed beside the
//! program, and every binary gets an rpath relative to itself (`$ORIGIN/...`, set with
//! patchelf). An rpath rather than `LD_LIBRARY_PATH` from a layer: the tree works wherever it
//! is unpacked, and the packed libraries never shadow the system's for other programs.

use crate::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// Packages of the run image (Debian 12 minbase, ca-certificates, libssl3, tzdata, netbase)
/// whose libraries are there at launch, so they are neither fetched nor packed.
const RUN_IMAGE_PACKAGES: &[&str] = &[
    "libacl1",
    "libattr1",
    "libaudit1",
    "libblkid1",
    "libbz2-1.0",
    "libc6",
    "libcap-ng0",
    "libcap2",
    "libcom-err2",
    "libcrypt1",
    "libdb5.3",
    "libffi8",
    "libgcc-s1",
    "libgcrypt20",
    "libgmp10",
    "libgnutls30",
    "libgpg-error0",
    "libhogweed6",
    "libidn2-0",
    "liblz4-1",
    "liblzma5",
    "libmd0",
    "libmount1",
    "libnettle8",
    "libp11-kit0",
    "libpcre2-8-0",
    "libseccomp2",
    "libselinux1",
    "libsmartcols1",
    "libssl3",
    "libstdc++6",
    "libsystemd0",
    "libtasn1-6",
    "libtinfo6",
    "libudev1",
    "libunistring2",
    "libuuid1",
    "libxxhash0",
    "libzstd1",
];

/// The library packages `package` needs, recursively, without the run image's.
pub(super) fn library_packages(package: &str) -> Result<Vec<String>> {
    let output = Command::new("apt-cache")
        .args([
            "depends",
            "--recurse",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            package,
        ])
        .output()
        .map_err(|error| format!("run apt-cache depends: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "apt-cache depends {package} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(libraries_of(&String::from_utf8_lossy(&output.stdout)))
}

/// The `lib*` package names of `apt-cache depends --recurse` output, the run image's left out.
fn libraries_of(depends: &str) -> Vec<String> {
    let names: BTreeSet<&str> = depends
        .lines()
        .filter(|line| !line.starts_with(' ') && line.starts_with("lib"))
        .map(str::trim)
        .filter(|name| !RUN_IMAGE_PACKAGES.contains(name))
        .collect();
    names.into_iter().map(String::from).collect()
}

/// `apt-get download` of every package (apt's candidates) into `dir`.
pub(super) fn download_all(packages: &[String], dir: &Path) -> Result<Vec<PathBuf>> {
    fs_err::create_dir_all(dir)?;
    let output = Command::new("apt-get")
        .args(["-q", "-o", "APT::Sandbox::User=root", "download"])
        .args(packages)
        .current_dir(dir)
        .output()
        .map_err(|error| format!("run apt-get download: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "apt-get download {} failed:\n{}",
            packages.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let mut debs: Vec<PathBuf> = fs_err::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "deb"))
        .collect();
    debs.sort();
    Ok(debs)
}

/// Copies into `lib_dir` every library the `elves` need (recursively) that the unpacked
/// packages in `root` hold, then points each binary's rpath at `lib_dir` (relative to the
/// binary) and each packed library's at its own folder, as RUNPATH is not inherited.
pub(super) fn pack(root: &Path, elves: &[PathBuf], lib_dir: &Path) -> Result<()> {
    if Command::new("patchelf").arg("--version").output().is_err() {
        return Err("repacking native programs needs patchelf (apt-get install patchelf)".into());
    }
    fs_err::create_dir_all(lib_dir)?;
    let available = shared_libraries(root);
    let mut packed: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<PathBuf> = elves.to_vec();
    while let Some(file) = pending.pop() {
        for soname in needed(&file)? {
            if let Some(source) = available.get(&soname)
                && packed.insert(soname.clone())
            {
                let to = lib_dir.join(&soname);
                fs_err::copy(source, &to)?;
                pending.push(to);
            }
        }
    }
    for file in elves {
        let from = file.parent().ok_or("a binary has no folder")?;
        let up = relative(from, lib_dir)?;
        let rpath = if up.as_os_str().is_empty() {
            "$ORIGIN".to_string()
        } else {
            format!("$ORIGIN/{}", up.display())
        };
        set_rpath(file, &rpath)?;
    }
    for soname in &packed {
        set_rpath(&lib_dir.join(soname), "$ORIGIN")?;
    }
    Ok(())
}

/// `to` relative to `from` (both under one root, no `..` in either).
fn relative(from: &Path, to: &Path) -> Result<PathBuf> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return Err("a binary outside the tree of its libraries".into());
    }
    let mut path: PathBuf =
        std::iter::repeat_n(Component::ParentDir, from.len() - common).collect();
    path.extend(&to[common..]);
    Ok(path)
}

/// The shared libraries of the unpacked packages, by file name (`libapr-1.so.0`), each
/// resolved to the file a symlink names.
fn shared_libraries(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    for dir in ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu"] {
        let Ok(entries) = fs_err::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.contains(".so") {
                let real = fs_err::canonicalize(entry.path()).unwrap_or_else(|_| entry.path());
                if real.is_file() {
                    found.insert(name, real);
                }
            }
        }
    }
    found
}

fn needed(file: &Path) -> Result<Vec<String>> {
    let said = output_of(
        Command::new("patchelf").arg("--print-needed").arg(file),
        "patchelf --print-needed",
    )?;
    Ok(said.lines().map(str::trim).map(String::from).collect())
}

fn set_rpath(file: &Path, rpath: &str) -> Result<()> {
    output_of(
        Command::new("patchelf")
            .arg("--set-rpath")
            .arg(rpath)
            .arg(file),
        "patchelf --set-rpath",
    )?;
    Ok(())
}

/// Runs `command`: its stdout and stderr, or an error naming `what` with them.
pub(super) fn output_of(command: &mut Command, what: &str) -> Result<String> {
    let output = command
        .output()
        .map_err(|error| format!("run {what}: {error}"))?;
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if !output.status.success() {
        return Err(format!("{what} failed: {said}").into());
    }
    Ok(said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_images_libraries_are_not_fetched() {
        let depends = "apache2-bin\n  Depends: libapr1\nlibapr1\n  Depends: libc6\nlibc6\n\
                       libcurl4\nperl\nlibssl3\n";
        assert_eq!(libraries_of(depends), ["libapr1", "libcurl4"]);
    }

    #[test]
    fn rpaths_are_relative_to_the_binary() {
        let lib = Path::new("/s/ruby/lib/x86_64-linux-gnu");
        assert_eq!(
            relative(Path::new("/s/ruby/bin"), lib).expect("relative"),
            Path::new("../lib/x86_64-linux-gnu")
        );
        assert_eq!(
            relative(
                Path::new("/s/ruby/lib/x86_64-linux-gnu/ruby/3.1.0/digest"),
                lib
            )
            .expect("relative"),
            Path::new("../../..")
        );
        assert_eq!(relative(lib, lib).expect("same"), Path::new(""));
    }
}
