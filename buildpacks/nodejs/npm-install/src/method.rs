//! How npm installs the project, chosen as Paketo does: `npm rebuild` for a vendored
//! `node_modules`, `npm ci` with a lockfile, `npm install` without one.

use std::path::{Path, PathBuf};
use stowage_nodejs::{Dependencies, is_vendored, npm_lockfile};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// The app ships `node_modules`: compile its native parts for this platform.
    Rebuild,
    /// Exactly what the lockfile says; fails when it does not match package.json.
    Ci { lockfile: PathBuf },
    /// Resolves package.json's ranges against the registry.
    Install,
}

impl Method {
    #[must_use]
    pub(crate) fn for_project(project_dir: &Path) -> Self {
        if is_vendored(project_dir) {
            Self::Rebuild
        } else if let Some(lockfile) = npm_lockfile(project_dir) {
            Self::Ci { lockfile }
        } else {
            Self::Install
        }
    }

    /// The command as the log shows it, e.g. `npm ci`.
    #[must_use]
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Rebuild => "npm rebuild",
            Self::Ci { .. } => "npm ci",
            Self::Install => "npm install",
        }
    }

    /// Why this command, for the log.
    #[must_use]
    pub(crate) fn reason(&self) -> String {
        match self {
            Self::Rebuild => "the app ships its own node_modules".to_string(),
            Self::Ci { lockfile } => format!("{} exists", file_name(lockfile)),
            Self::Install => "the app has no package-lock.json".to_string(),
        }
    }

    /// npm's arguments. The dependencies are always named: npm would go by `NODE_ENV`, which
    /// node-engine sets to `production` for the build too. Without a lockfile npm writes none
    /// (`--no-package-lock`): the app keeps the files the user gave it, so a rebuild compares
    /// those. Each install then resolves package.json's ranges on its own; the second reads
    /// the metadata the first just cached (`--prefer-offline`, added by the caller).
    #[must_use]
    pub(crate) fn args(&self, dependencies: Dependencies) -> Vec<&'static str> {
        let mut args = match self {
            Self::Rebuild => return vec!["rebuild"],
            Self::Ci { .. } => vec!["ci"],
            Self::Install => vec!["install", "--no-package-lock"],
        };
        args.push(match dependencies {
            Dependencies::All => "--include=dev",
            Dependencies::Production => "--omit=dev",
        });
        args
    }
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in files {
            let path = dir.path().join(file);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, "{}").expect("write");
        }
        dir
    }

    #[test]
    fn chooses_like_paketo() {
        assert_eq!(
            Method::for_project(project(&["package.json"]).path()),
            Method::Install
        );
        let with_lock = project(&["package.json", "package-lock.json"]);
        assert_eq!(
            Method::for_project(with_lock.path()),
            Method::Ci {
                lockfile: with_lock.path().join("package-lock.json")
            }
        );
        let shrinkwrap = project(&["package.json", "npm-shrinkwrap.json"]);
        assert_eq!(Method::for_project(shrinkwrap.path()).name(), "npm ci");
        let vendored = project(&[
            "package.json",
            "package-lock.json",
            "node_modules/ms/index.js",
        ]);
        assert_eq!(Method::for_project(vendored.path()), Method::Rebuild);
    }

    #[test]
    fn arguments_per_layer() {
        let ci = Method::Ci {
            lockfile: PathBuf::from("package-lock.json"),
        };
        assert_eq!(ci.args(Dependencies::All), ["ci", "--include=dev"]);
        assert_eq!(ci.args(Dependencies::Production), ["ci", "--omit=dev"]);
        assert_eq!(
            Method::Install.args(Dependencies::Production),
            ["install", "--no-package-lock", "--omit=dev"]
        );
        assert_eq!(
            Method::Install.args(Dependencies::All),
            ["install", "--no-package-lock", "--include=dev"]
        );
        assert_eq!(Method::Rebuild.args(Dependencies::All), ["rebuild"]);
        assert_eq!(ci.reason(), "package-lock.json exists");
    }
}
