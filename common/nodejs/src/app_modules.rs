//! The app's own `node_modules` folder: shipped with the app (vendored), or filled by a package
//! manager and then moved or copied into a layer.

use std::path::Path;
use stowage_kit::Error;
use stowage_kit::tree_move::{copy_tree, move_tree};

/// True when the app ships its own, non-empty `node_modules` folder (not a symlink).
#[must_use]
pub fn is_vendored(project_dir: &Path) -> bool {
    let modules = project_dir.join("node_modules");
    let is_real_dir = fs_err::symlink_metadata(&modules).is_ok_and(|meta| meta.is_dir());
    is_real_dir && fs_err::read_dir(&modules).is_ok_and(|mut entries| entries.next().is_some())
}

/// Moves `<project>/node_modules` to `target` (which must not exist).
pub fn move_modules(project_dir: &Path, target: &Path) -> Result<(), Error> {
    move_tree(&project_dir.join("node_modules"), target)
}

/// Copies `<project>/node_modules` to `target` (which must not exist).
pub fn copy_modules(project_dir: &Path, target: &Path) -> Result<(), Error> {
    copy_tree(&project_dir.join("node_modules"), target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn vendored_means_a_real_non_empty_folder() {
        let app = tempfile::tempdir().expect("temp dir");
        assert!(!is_vendored(app.path()));
        fs_err::create_dir(app.path().join("node_modules")).expect("mkdir");
        assert!(!is_vendored(app.path()), "empty");
        fs_err::write(app.path().join("node_modules/x"), "").expect("write");
        assert!(is_vendored(app.path()));

        let other = tempfile::tempdir().expect("temp dir");
        symlink(
            app.path().join("node_modules"),
            other.path().join("node_modules"),
        )
        .expect("symlink");
        assert!(
            !is_vendored(other.path()),
            "a symlink is an earlier install"
        );
    }
}
