//! Archive steps the assemblers share: npm packages fetched with npm, tarballs unpacked and
//! written reproducibly, and `sha256sum` sidecars.

use crate::Result;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `npm pack <spec>` into `dir`: the registry's tarball, checked by npm against the
/// registry's integrity. Returns the file npm wrote.
pub(super) fn npm_pack(spec: &str, dir: &Path) -> Result<PathBuf> {
    let output = Command::new("npm")
        .args([
            "pack",
            spec,
            "--ignore-scripts",
            "--loglevel=warn",
            "--json",
        ])
        .arg("--pack-destination")
        .arg(dir)
        .output()
        .map_err(|error| format!("run npm (needed to fetch {spec}): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "npm pack {spec} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    // `--json` prints [{"filename": "<file>", ...}].
    let listing: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let name = listing[0]["filename"]
        .as_str()
        .ok_or_else(|| format!("npm pack {spec} named no file: {listing}"))?;
    Ok(dir.join(name))
}

/// `npm view <package> versions`: every version the registry has of `package`.
pub(super) fn npm_versions(package: &str) -> Result<Vec<String>> {
    let output = Command::new("npm")
        .args(["view", package, "versions", "--json", "--loglevel=warn"])
        .output()
        .map_err(|error| format!("run npm (needed to list {package}'s versions): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "npm view {package} versions failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    // A list, or a bare string for a package with one version.
    Ok(match serde_json::from_slice(&output.stdout)? {
        serde_json::Value::Array(versions) => versions
            .into_iter()
            .filter_map(|version| version.as_str().map(String::from))
            .collect(),
        serde_json::Value::String(version) => vec![version],
        other => return Err(format!("npm view {package} versions printed {other}").into()),
    })
}

/// Unpacks a `.tgz` into `into`.
pub(super) fn unpack_tgz(archive: &Path, into: &Path) -> Result<()> {
    fs_err::create_dir_all(into)?;
    tar::Archive::new(GzDecoder::new(fs_err::File::open(archive)?)).unpack(into)?;
    Ok(())
}

/// Writes `<dir>/<name>` (and everything under it) as a `.tar.gz` whose bytes depend only on
/// the content: sorted entries, owner 0, a fixed time and modes, no gzip timestamp.
pub(super) fn write_tgz(dir: &Path, name: &str, archive: &Path) -> Result<()> {
    let encoder = GzEncoder::new(fs_err::File::create(archive)?, Compression::default());
    let mut builder = tar::Builder::new(encoder);
    builder.mode(tar::HeaderMode::Deterministic);
    builder.follow_symlinks(false);
    let mut entries = Vec::new();
    walk(&dir.join(name), Path::new(name), &mut entries)?;
    entries.sort();
    for relative in entries {
        builder.append_path_with_name(dir.join(&relative), &relative)?;
    }
    builder.into_inner()?.finish()?;
    Ok(())
}

/// Writes `<stage>/<top>` as `archive` (`write_tgz`), unpacks it into `verify` and runs
/// `check` on the unpacked `<top>`: what is checked is what ships. The `.sha256` sidecar,
/// which marks a finished archive, is written only once the check passed.
pub(super) fn write_checked_tgz(
    stage: &Path,
    top: &str,
    archive: &Path,
    verify: &Path,
    check: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    write_tgz(stage, top, archive)?;
    unpack_tgz(archive, verify)?;
    check(&verify.join(top))?;
    write_sha256(archive)?;
    Ok(())
}

fn walk(path: &Path, relative: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    found.push(relative.to_path_buf());
    if fs_err::symlink_metadata(path)?.is_dir() {
        for entry in fs_err::read_dir(path)? {
            let name = entry?.file_name();
            walk(&path.join(&name), &relative.join(&name), found)?;
        }
    }
    Ok(())
}

/// Writes `<file>.sha256` in `sha256sum`'s format and returns the hex digest.
pub(super) fn write_sha256(file: &Path) -> Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut fs_err::File::open(file)?, &mut hasher)?;
    let digest = hex::encode(hasher.finalize());
    let name = file
        .file_name()
        .ok_or("an artifact has no file name")?
        .to_string_lossy();
    fs_err::write(
        format!("{}.sha256", file.display()),
        format!("{digest}  {name}\n"),
    )?;
    Ok(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repacked_tree_has_the_same_bytes_every_time_and_keeps_links() {
        let root = tempfile::tempdir().expect("temp dir");
        let tree = root.path().join("tree");
        fs_err::create_dir_all(tree.join("pkg/bin")).expect("mkdir");
        fs_err::write(tree.join("pkg/bin/tool"), "#!/bin/sh\n").expect("write");
        std::os::unix::fs::symlink("tool", tree.join("pkg/bin/alias")).expect("link");

        let first = root.path().join("one.tar.gz");
        write_tgz(&tree, "pkg", &first).expect("pack");
        let mtime = filetime_later(&tree.join("pkg/bin/tool"));
        let second = root.path().join("two.tar.gz");
        write_tgz(&tree, "pkg", &second).expect("pack");
        assert!(mtime);
        assert_eq!(
            fs_err::read(&first).expect("one"),
            fs_err::read(&second).expect("two")
        );

        let out = root.path().join("out");
        unpack_tgz(&first, &out).expect("unpack");
        assert_eq!(
            fs_err::read_link(out.join("pkg/bin/alias")).expect("link"),
            Path::new("tool")
        );
        let digest = write_sha256(&first).expect("digest");
        let sidecar = fs_err::read_to_string(root.path().join("one.tar.gz.sha256")).expect("read");
        assert_eq!(sidecar, format!("{digest}  one.tar.gz\n"));
    }

    /// Rewrites a file so its time changes; true once it did.
    fn filetime_later(path: &Path) -> bool {
        let before = fs_err::metadata(path).and_then(|m| m.modified()).ok();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs_err::write(path, "#!/bin/sh\n").expect("rewrite");
        fs_err::metadata(path).and_then(|m| m.modified()).ok() != before
    }
}
