//! The app's `node_modules`: a symlink to the layer holding the installed packages.
//!
//! An installer (npm-install, yarn-install, ...) may fill two layers: one for the build, with
//! devDependencies, and one for launch, without. The symlink exported with the app must point
//! at the launch layer, and nothing runs after the last buildpack to change it, so it points
//! there from the start. The build layer announces itself to later buildpacks in
//! [`BUILD_MODULES_VAR`]; a build step that needs devDependencies (node-run-script) points the
//! symlink at it while it runs and back afterwards ([`use_build_modules`]).

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

/// Set in a build layer's `env.build`: the `node_modules` folder later build steps should use.
pub const BUILD_MODULES_VAR: &str = "STOWAGE_BUILD_NODE_MODULES";

/// Makes `<project>/node_modules` a symlink to `target`, replacing what an earlier build left.
pub fn link_modules(project_dir: &Path, target: &Path) -> Result<(), Error> {
    let link = project_dir.join("node_modules");
    replace_link(&link, target).map_err(|error| link_failed(&link, &error))
}

/// While this lives, `<project>/node_modules` points at the build layer's packages.
#[must_use = "the app's node_modules points back at the launch packages when this is restored"]
pub struct BuildModulesSwap {
    link: PathBuf,
    /// What the link pointed at before; `None` when nothing was changed.
    previous: Option<Previous>,
}

enum Previous {
    Target(PathBuf),
    Absent,
}

/// Points `<project>/node_modules` at `build_modules` (the value of [`BUILD_MODULES_VAR`]).
/// Nothing changes when the variable is unset, when it already points there, or when the app
/// ships a real `node_modules` folder of its own.
pub fn use_build_modules(
    project_dir: &Path,
    build_modules: Option<&OsStr>,
) -> Result<BuildModulesSwap, Error> {
    let link = project_dir.join("node_modules");
    let unchanged = |link| BuildModulesSwap {
        link,
        previous: None,
    };
    let Some(build_modules) = build_modules.filter(|value| !value.is_empty()) else {
        return Ok(unchanged(link));
    };
    let previous = match fs_err::symlink_metadata(&link) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Previous::Absent,
        Err(error) => return Err(link_failed(&link, &error)),
        Ok(meta) if !meta.is_symlink() => return Ok(unchanged(link)),
        Ok(_) => {
            let target = fs_err::read_link(&link).map_err(|error| link_failed(&link, &error))?;
            if target == Path::new(build_modules) {
                return Ok(unchanged(link));
            }
            Previous::Target(target)
        }
    };
    replace_link(&link, Path::new(build_modules)).map_err(|error| link_failed(&link, &error))?;
    Ok(BuildModulesSwap {
        link,
        previous: Some(previous),
    })
}

impl BuildModulesSwap {
    /// True when the app's `node_modules` was re-pointed at the build packages.
    #[must_use]
    pub fn swapped(&self) -> bool {
        self.previous.is_some()
    }

    /// Points `node_modules` back where it pointed before.
    pub fn restore(mut self) -> Result<(), Error> {
        self.put_back()
            .map_err(|error| link_failed(&self.link, &error))
    }

    fn put_back(&mut self) -> io::Result<()> {
        match self.previous.take() {
            None => Ok(()),
            Some(Previous::Target(target)) => replace_link(&self.link, &target),
            Some(Previous::Absent) => fs_err::remove_file(&self.link),
        }
    }
}

impl Drop for BuildModulesSwap {
    fn drop(&mut self) {
        // A failed build step must not leave the export pointing at the build packages.
        let _ = self.put_back();
    }
}

fn replace_link(link: &Path, target: &Path) -> io::Result<()> {
    match fs_err::symlink_metadata(link) {
        Ok(meta) if meta.is_dir() => fs_err::remove_dir_all(link)?,
        Ok(_) => fs_err::remove_file(link)?,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    std::os::unix::fs::symlink(target, link)
}

fn link_failed(link: &Path, error: &io::Error) -> Error {
    Error::new(
        "nodejs/node-modules-link-failed",
        "The app's node_modules could not be linked to the installed packages",
        "node_modules in the app is a symlink to the layer holding the packages. Check that the \
         app folder is writable by the build user.",
    )
    .file(link)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dirs {
        _root: tempfile::TempDir,
        app: PathBuf,
        launch: PathBuf,
        build: PathBuf,
    }

    fn dirs() -> Dirs {
        let root = tempfile::tempdir().expect("temp dir");
        let app = root.path().join("app");
        let launch = root.path().join("launch/node_modules");
        let build = root.path().join("build/node_modules");
        for dir in [&app, &launch, &build] {
            fs_err::create_dir_all(dir).expect("mkdir");
        }
        Dirs {
            _root: root,
            app,
            launch,
            build,
        }
    }

    fn target(app: &Path) -> PathBuf {
        fs_err::read_link(app.join("node_modules")).expect("a symlink")
    }

    #[test]
    fn links_and_relinks_the_app() {
        let dirs = dirs();
        link_modules(&dirs.app, &dirs.build).expect("link");
        assert_eq!(target(&dirs.app), dirs.build);
        link_modules(&dirs.app, &dirs.launch).expect("relink");
        assert_eq!(target(&dirs.app), dirs.launch);
    }

    #[test]
    fn build_modules_are_used_while_the_guard_lives() {
        let dirs = dirs();
        link_modules(&dirs.app, &dirs.launch).expect("link");
        let guard = use_build_modules(&dirs.app, Some(dirs.build.as_os_str())).expect("swap");
        assert!(guard.swapped());
        assert_eq!(target(&dirs.app), dirs.build);
        guard.restore().expect("restore");
        assert_eq!(target(&dirs.app), dirs.launch);

        let dropped = use_build_modules(&dirs.app, Some(dirs.build.as_os_str())).expect("swap");
        drop(dropped);
        assert_eq!(target(&dirs.app), dirs.launch, "dropping restores too");
    }

    #[test]
    fn nothing_changes_without_the_variable_or_with_vendored_modules() {
        let dirs = dirs();
        let guard = use_build_modules(&dirs.app, None).expect("no-op");
        assert!(!guard.swapped());
        assert!(!dirs.app.join("node_modules").exists());

        fs_err::create_dir(dirs.app.join("node_modules")).expect("vendored");
        let guard = use_build_modules(&dirs.app, Some(dirs.build.as_os_str())).expect("no-op");
        assert!(!guard.swapped());
        assert!(
            !fs_err::symlink_metadata(dirs.app.join("node_modules"))
                .expect("meta")
                .is_symlink()
        );
    }

    #[test]
    fn an_absent_link_is_removed_again() {
        let dirs = dirs();
        let guard = use_build_modules(&dirs.app, Some(dirs.build.as_os_str())).expect("swap");
        assert_eq!(target(&dirs.app), dirs.build);
        guard.restore().expect("restore");
        assert!(fs_err::symlink_metadata(dirs.app.join("node_modules")).is_err());
    }
}
