//! A `node_modules` the app ships itself. It is set aside before installing, so each layer
//! starts from the same files, and digested, so a layer is reused only while it is unchanged.

use crate::errors;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_nodejs::{copy_modules, move_modules};

/// The name a vendored tree goes by in the layer metadata and the log.
pub(crate) const INPUT_NAME: &str = "vendored node_modules";

pub(crate) struct Vendored {
    stage: tempfile::TempDir,
    /// sha256 over names, link targets and contents.
    pub digest: String,
}

impl Vendored {
    /// Digests `<project>/node_modules` and moves it out of the app.
    pub(crate) fn set_aside(project_dir: &Path) -> Result<Self, Error> {
        let digest = tree_digest(&project_dir.join("node_modules"))?;
        let stage = tempfile::tempdir()
            .map_err(|error| errors::unreadable_vendored_modules(project_dir, &error))?;
        move_modules(project_dir, &stage.path().join("node_modules"))?;
        Ok(Self { stage, digest })
    }

    /// Puts a copy back into the project, for npm to rebuild there.
    pub(crate) fn restore_copy(&self, project_dir: &Path) -> Result<(), Error> {
        copy_modules(self.stage.path(), &project_dir.join("node_modules"))
    }
}

/// Paths in sorted order, each with its kind and content (or link target).
fn tree_digest(root: &Path) -> Result<String, Error> {
    let mut hasher = Sha256::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let mut entries: Vec<_> = fs_err::read_dir(&dir)
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .map_err(|error| errors::unreadable_vendored_modules(&dir, &error))?;
        entries.sort_by_key(fs_err::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let relative = path.strip_prefix(root).unwrap_or(&path);
            hasher.update(relative.as_os_str().as_encoded_bytes());
            let kind = entry
                .file_type()
                .map_err(|error| errors::unreadable_vendored_modules(&path, &error))?;
            if kind.is_dir() {
                hasher.update(b"\0d\0");
                pending.push(path);
            } else if kind.is_symlink() {
                let target: PathBuf = fs_err::read_link(&path)
                    .map_err(|error| errors::unreadable_vendored_modules(&path, &error))?;
                hasher.update(b"\0l\0");
                hasher.update(target.as_os_str().as_encoded_bytes());
            } else {
                let bytes = fs_err::read(&path)
                    .map_err(|error| errors::unreadable_vendored_modules(&path, &error))?;
                hasher.update(b"\0f\0");
                hasher.update(Sha256::digest(bytes));
            }
        }
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_aside_digests_and_restores_copies() {
        let project = tempfile::tempdir().expect("temp dir");
        let file = project.path().join("node_modules/ms/index.js");
        fs_err::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        fs_err::write(&file, "one").expect("write");
        let first = Vendored::set_aside(project.path()).expect("set aside");
        assert!(!project.path().join("node_modules").exists());

        first.restore_copy(project.path()).expect("restore");
        assert_eq!(fs_err::read_to_string(&file).expect("read"), "one");
        fs_err::write(&file, "two").expect("write");
        let second = Vendored::set_aside(project.path()).expect("set aside");
        assert_ne!(first.digest, second.digest);
        assert_eq!(first.digest.len(), 64);
    }
}
