//! The shared libraries PHP and its extensions link that the run image lacks: found among the
//! unpacked `lib*` packages by walking each ELF file's `NEEDED` entries, copied into `lib/`
//! under their sonames, and made findable by a RUNPATH relative to each file (patchelf).

use super::output_of;
use crate::Result;
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Extensions whose loading the assembly checks (`php -m`): together they link most of the
/// packed libraries.
pub(super) const CHECKED_EXTENSIONS: &[&str] = &[
    "mbstring", "intl", "gd", "curl", "zip", "xml", "pgsql", "sqlite3", "readline",
];

/// The sonames the run image has (Debian 12 minbase, ca-certificates, libssl3, tzdata,
/// netbase): never packed, so the image's security updates apply to them.
const RUN_IMAGE: &[&str] = &[
    "ld-linux-x86-64.so.2",
    "libacl.so.1",
    "libanl.so.1",
    "libattr.so.1",
    "libaudit.so.1",
    "libblkid.so.1",
    "libbz2.so.1.0",
    "libc.so.6",
    "libcap-ng.so.0",
    "libcap.so.2",
    "libcom_err.so.2",
    "libcrypt.so.1",
    "libcrypto.so.3",
    "libdb-5.3.so",
    "libdl.so.2",
    "libffi.so.8",
    "libgcc_s.so.1",
    "libgcrypt.so.20",
    "libgmp.so.10",
    "libgnutls.so.30",
    "libgpg-error.so.0",
    "libhogweed.so.6",
    "libidn2.so.0",
    "liblz4.so.1",
    "liblzma.so.5",
    "libm.so.6",
    "libmd.so.0",
    "libmount.so.1",
    "libmvec.so.1",
    "libnettle.so.8",
    "libnsl.so.1",
    "libp11-kit.so.0",
    "libpam.so.0",
    "libpcre2-8.so.0",
    "libpthread.so.0",
    "libresolv.so.2",
    "librt.so.1",
    "libseccomp.so.2",
    "libselinux.so.1",
    "libsmartcols.so.1",
    "libssl.so.3",
    "libstdc++.so.6",
    "libsystemd.so.0",
    "libtasn1.so.6",
    "libtinfo.so.6",
    "libudev.so.1",
    "libunistring.so.2",
    "libutil.so.1",
    "libuuid.so.1",
    "libxxhash.so.0",
    "libz.so.1",
    "libzstd.so.1",
];

/// Every `lib*` package in the dependency closure of `packages` (apt's view), the candidates
/// for the libraries to pack.
pub(super) fn library_packages(packages: &[&str]) -> Result<Vec<String>> {
    let said = output_of(
        Command::new("apt-cache")
            .args([
                "depends",
                "--recurse",
                "--no-recommends",
                "--no-suggests",
                "--no-conflicts",
                "--no-breaks",
                "--no-replaces",
                "--no-enhances",
            ])
            .args(packages),
        "apt-cache depends",
    )?;
    Ok(library_lines(&said))
}

fn library_lines(said: &str) -> Vec<String> {
    let names: BTreeSet<&str> = said
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.starts_with('<'))
        .map(str::trim)
        .filter(|name| name.starts_with("lib") && !name.ends_with("-perl"))
        .collect();
    names.into_iter().map(String::from).collect()
}

/// Packs into `<home>/lib` what `home`'s binaries and extensions need beyond the run image,
/// from the libraries unpacked in `root`, and sets each ELF file's RUNPATH.
pub(super) fn pack(root: &Path, home: &Path) -> Result<()> {
    let lib = home.join("lib");
    let extensions = super::extension_dir(home)?;
    let mut elves: Vec<(PathBuf, &str)> = vec![
        (home.join("bin/php"), "$ORIGIN/../lib"),
        (home.join("sbin/php-fpm"), "$ORIGIN/../lib"),
    ];
    for entry in fs_err::read_dir(&extensions)? {
        elves.push((entry?.path(), "$ORIGIN/../../.."));
    }
    let mut queue: VecDeque<PathBuf> = elves.iter().map(|(path, _)| path.clone()).collect();
    let mut packed = BTreeSet::new();
    while let Some(file) = queue.pop_front() {
        for soname in needed(&file)? {
            if RUN_IMAGE.contains(&soname.as_str()) || packed.contains(&soname) {
                continue;
            }
            let from = find(root, &soname).ok_or_else(|| {
                format!(
                    "{} needs {soname}, which neither the run image nor the unpacked packages have",
                    file.display()
                )
            })?;
            let to = lib.join(&soname);
            fs_err::create_dir_all(&lib)?;
            // `copy` follows the soname symlink to the library itself.
            fs_err::copy(&from, &to)?;
            packed.insert(soname);
            queue.push_back(to);
        }
    }
    for soname in &packed {
        set_runpath(&lib.join(soname), "$ORIGIN")?;
    }
    for (file, runpath) in &elves {
        set_runpath(file, runpath)?;
    }
    Ok(())
}

fn needed(file: &Path) -> Result<Vec<String>> {
    let said = output_of(
        Command::new("patchelf").arg("--print-needed").arg(file),
        &format!("patchelf --print-needed {}", file.display()),
    )?;
    Ok(said.lines().map(str::trim).map(String::from).collect())
}

fn set_runpath(file: &Path, runpath: &str) -> Result<()> {
    output_of(
        Command::new("patchelf")
            .arg("--set-rpath")
            .arg(runpath)
            .arg(file),
        &format!("patchelf --set-rpath {}", file.display()),
    )?;
    Ok(())
}

fn find(root: &Path, soname: &str) -> Option<PathBuf> {
    [
        "usr/lib/x86_64-linux-gnu",
        "lib/x86_64-linux-gnu",
        "usr/lib",
    ]
    .iter()
    .map(|dir| root.join(dir).join(soname))
    .find(|path| path.exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_packages_come_from_the_closure_without_virtual_or_perl_ones() {
        let said = "php8.2-gd\n  Depends: libgd3\nlibgd3\n  Depends: libpng16-16\n\
                    <php-common>\nlibpng16-16\nlibfile-find-rule-perl\nlibgd3\nucf\n";
        assert_eq!(library_lines(said), ["libgd3", "libpng16-16"]);
    }
}
