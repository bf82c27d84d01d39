//! Moving or copying a folder of installed packages out of the app into a layer.
//!
//! Package managers link local packages with relative symlinks (npm's
//! `node_modules/a -> ../packages/a`); those that point out of the folder are made absolute
//! so they still reach the app after the move.

use crate::Error;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Moves `source` to `target` (which must not exist): a rename where the filesystem allows
/// it, else a copy. Symlinks out of the folder keep pointing where they did.
pub fn move_tree(source: &Path, target: &Path) -> Result<(), Error> {
    if let Some(parent) = target.parent() {
        fs_err::create_dir_all(parent).map_err(|error| failed(target, &error))?;
    }
    if fs_err::rename(source, target).is_err() {
        // Different filesystems (the app and the layers are separate mounts in a container).
        copy_entries(source, target).map_err(|error| failed(target, &error))?;
        fs_err::remove_dir_all(source).map_err(|error| failed(source, &error))?;
    }
    relink_escaping(target, source).map_err(|error| failed(target, &error))
}

/// Copies `source` to `target` (which must not exist), keeping symlinks and permissions,
/// with links out of the folder pointing where they did.
pub fn copy_tree(source: &Path, target: &Path) -> Result<(), Error> {
    if let Some(parent) = target.parent() {
        fs_err::create_dir_all(parent).map_err(|error| failed(target, &error))?;
    }
    copy_entries(source, target).map_err(|error| failed(target, &error))?;
    relink_escaping(target, source).map_err(|error| failed(target, &error))
}

fn copy_entries(from: &Path, to: &Path) -> io::Result<()> {
    let meta = fs_err::symlink_metadata(from)?;
    if meta.is_symlink() {
        std::os::unix::fs::symlink(fs_err::read_link(from)?, to)
    } else if meta.is_dir() {
        fs_err::create_dir(to)?;
        for entry in fs_err::read_dir(from)? {
            let entry = entry?;
            copy_entries(&entry.path(), &to.join(entry.file_name()))?;
        }
        fs_err::set_permissions(to, meta.permissions())
    } else {
        fs_err::copy(from, to).map(|_| ())
    }
}

/// Rewrites relative symlinks under `moved` that, read from `original`, led out of it.
fn relink_escaping(moved: &Path, original: &Path) -> io::Result<()> {
    let mut pending = vec![PathBuf::new()];
    while let Some(relative_dir) = pending.pop() {
        for entry in fs_err::read_dir(moved.join(&relative_dir))? {
            let entry = entry?;
            let relative = relative_dir.join(entry.file_name());
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                pending.push(relative);
            } else if file_type.is_symlink() {
                let link = moved.join(&relative);
                let target = fs_err::read_link(&link)?;
                if target.is_relative() {
                    let meant = normalize(&original.join(&relative_dir).join(&target));
                    if !meant.starts_with(original) {
                        fs_err::remove_file(&link)?;
                        std::os::unix::fs::symlink(&meant, &link)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// `a/b/../c` → `a/c`, without touching the filesystem.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// The folder's own name, e.g. `node_modules`, for messages.
#[must_use]
pub fn folder_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

fn failed(path: &Path, error: &io::Error) -> Error {
    let name = folder_name(path);
    Error::new(
        "kit/move-into-layer-failed",
        format!("The installed {name} could not be moved into its layer"),
        format!(
            "The build moves {name} from the app into a layer. Check that the disk is not full \
             and that the app folder is writable by the build user."
        ),
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    #[test]
    fn moving_keeps_files_modes_and_workspace_links() {
        let root = tempfile::tempdir().expect("temp dir");
        let app = root.path().join("app");
        let modules = app.join("node_modules");
        fs_err::create_dir_all(modules.join("ms")).expect("mkdir");
        fs_err::create_dir_all(modules.join("@demo")).expect("mkdir");
        fs_err::create_dir_all(modules.join(".bin")).expect("mkdir");
        fs_err::create_dir_all(app.join("packages/a")).expect("mkdir");
        fs_err::write(modules.join("ms/cli.js"), "#!/usr/bin/env node").expect("write");
        fs_err::set_permissions(modules.join("ms/cli.js"), PermissionsExt::from_mode(0o755))
            .expect("chmod");
        symlink("../ms/cli.js", modules.join(".bin/ms")).expect("bin link");
        symlink("../../packages/a", modules.join("@demo/a")).expect("workspace link");

        let target = root.path().join("layer/node_modules");
        copy_tree(&modules, &target).expect("copy");

        let mode = fs_err::metadata(target.join("ms/cli.js"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
        assert_eq!(
            fs_err::read_link(target.join(".bin/ms")).expect("link"),
            Path::new("../ms/cli.js"),
            "links inside node_modules stay relative"
        );
        assert_eq!(
            fs_err::read_link(target.join("@demo/a")).expect("link"),
            app.join("packages/a"),
            "links out of node_modules point at the app"
        );

        fs_err::remove_dir_all(&target).expect("clean");
        move_tree(&modules, &target).expect("move");
        assert!(!modules.exists());
        assert!(target.join("@demo/a").is_dir());
        assert!(target.join("ms/cli.js").is_file());
    }

    #[test]
    fn a_failure_names_the_folder() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(failed(Path::new("/layers/x/node_modules"), &error).render());
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(
            normalize(Path::new("/w/node_modules/@s/../../packages/a")),
            Path::new("/w/packages/a")
        );
    }
}
