//! Which package manager a project uses, told by its lockfile, as Paketo's order groups decide
//! between npm-install, yarn-install and pnpm-install.

use std::path::{Path, PathBuf};

pub const YARN_LOCK: &str = "yarn.lock";
pub const PNPM_LOCK: &str = "pnpm-lock.yaml";
/// npm reads `npm-shrinkwrap.json` in preference to `package-lock.json`.
pub const NPM_LOCKFILES: [&str; 2] = ["npm-shrinkwrap.json", "package-lock.json"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackageManager {
    Npm,
    Yarn,
    Pnpm,
}

impl PackageManager {
    /// Yarn with `yarn.lock`, pnpm with `pnpm-lock.yaml`, otherwise npm (with or without
    /// a lockfile of its own).
    #[must_use]
    pub fn of_project(project_dir: &Path) -> Self {
        if project_dir.join(YARN_LOCK).is_file() {
            Self::Yarn
        } else if project_dir.join(PNPM_LOCK).is_file() {
            Self::Pnpm
        } else {
            Self::Npm
        }
    }

    /// Whether the project is one this manager installs: by its lockfile, and npm's when
    /// there is neither Yarn's nor pnpm's (with or without a lockfile of its own).
    #[must_use]
    pub fn manages(self, project_dir: &Path) -> bool {
        let has = |lockfile: &str| project_dir.join(lockfile).is_file();
        match self {
            Self::Npm => !has(YARN_LOCK) && !has(PNPM_LOCK),
            Self::Yarn => has(YARN_LOCK),
            Self::Pnpm => has(PNPM_LOCK),
        }
    }

    /// The program to run.
    #[must_use]
    pub fn program(self) -> &'static str {
        match self {
            Self::Npm => "npm",
            Self::Yarn => "yarn",
            Self::Pnpm => "pnpm",
        }
    }
}

/// The npm lockfile the project has, if any.
#[must_use]
pub fn npm_lockfile(project_dir: &Path) -> Option<PathBuf> {
    NPM_LOCKFILES
        .iter()
        .map(|name| project_dir.join(name))
        .find(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in files {
            fs_err::write(dir.path().join(file), "").expect("write");
        }
        dir
    }

    #[test]
    fn lockfiles_choose_the_package_manager() {
        assert_eq!(
            PackageManager::of_project(project(&["package.json"]).path()),
            PackageManager::Npm
        );
        assert_eq!(
            PackageManager::of_project(project(&["package-lock.json"]).path()),
            PackageManager::Npm
        );
        assert_eq!(
            PackageManager::of_project(project(&[YARN_LOCK, PNPM_LOCK]).path()),
            PackageManager::Yarn
        );
        assert_eq!(
            PackageManager::of_project(project(&[PNPM_LOCK]).path()).program(),
            "pnpm"
        );
    }

    #[test]
    fn a_manager_manages_the_projects_of_its_lockfile() {
        let both = project(&[YARN_LOCK, PNPM_LOCK]);
        assert!(PackageManager::Yarn.manages(both.path()));
        assert!(PackageManager::Pnpm.manages(both.path()));
        assert!(!PackageManager::Npm.manages(both.path()));
        let npm = project(&["package-lock.json"]);
        assert!(PackageManager::Npm.manages(npm.path()));
        assert!(!PackageManager::Yarn.manages(npm.path()));
        assert!(PackageManager::Npm.manages(project(&[]).path()));
    }

    #[test]
    fn shrinkwrap_wins_over_package_lock() {
        let dir = project(&["package-lock.json", "npm-shrinkwrap.json"]);
        assert_eq!(
            npm_lockfile(dir.path()),
            Some(dir.path().join("npm-shrinkwrap.json"))
        );
        assert_eq!(npm_lockfile(project(&[]).path()), None);
    }
}
