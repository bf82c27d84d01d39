//! Helpers the buildpack crates' tests share: fixture apps copied into a test's app, archives
//! unpacked once so a test can put their programs on PATH, and unit tests' folders and env.

use crate::lifecycle::repo_root;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// A temp folder holding `files` (name, content), e.g. a project for a unit test.
#[must_use]
pub fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, text).expect("write");
    }
    dir
}

/// A platform environment of `pairs`.
#[must_use]
pub fn env_with(pairs: &[(&str, &str)]) -> libcnb::Env {
    let mut env = libcnb::Env::new();
    for (key, value) in pairs {
        env.insert(key, value);
    }
    env
}

/// The names of the entries in `dir`, sorted.
#[must_use]
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The text of a file a test expects to be there.
#[must_use]
pub fn read(path: &Path) -> String {
    fs_err::read_to_string(path).expect("read")
}

/// Copies `integration-tests/fixtures/<name>` into `to` (an app, or a folder in it).
pub fn copy_fixture(name: &str, to: &Path) {
    copy_dir(
        &repo_root().join("integration-tests/fixtures").join(name),
        to,
    );
}

/// Copies the tree `from` into `to`, making folders as needed.
pub fn copy_dir(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).expect("mkdir");
    for entry in fs_err::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs_err::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Unpacks `archive` (a .tgz with one top folder) once into `<temp>/<name>`, which names
/// the archive's content (e.g. with part of its checksum), and returns that folder.
#[must_use]
pub fn unpacked_once(name: &str, archive: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(name);
    if dir.is_dir() {
        return dir;
    }
    let staging = tempfile::tempdir_in(std::env::temp_dir()).expect("temp dir");
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(archive)
        .arg("-C")
        .arg(staging.path())
        .arg("--strip-components=1")
        .status()
        .expect("run tar");
    assert!(status.success(), "unpack {}", archive.display());
    // Tests unpack in parallel: another may have finished first; either copy is complete.
    let kept = staging.keep();
    if fs_err::rename(&kept, &dir).is_err() {
        let _ = fs_err::remove_dir_all(&kept);
    }
    dir
}
