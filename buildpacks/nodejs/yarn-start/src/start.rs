//! The start command: the `start` script with its hooks, for a project Yarn or pnpm installs.

use std::path::Path;
use stowage_kit::Error;
use stowage_nodejs::{PackageJson, PackageManager, script_with_hooks};

/// `prestart && start && poststart`, or `None` when the project has no lockfile of Yarn or
/// pnpm, or no non-blank `start` script.
pub(crate) fn command(project: &Path) -> Result<Option<String>, Error> {
    if PackageManager::Npm.manages(project) {
        return Ok(None);
    }
    let Some(package) = PackageJson::read_from(project)? else {
        return Ok(None);
    };
    let has_start = package
        .scripts
        .get("start")
        .is_some_and(|script| !script.trim().is_empty());
    Ok(has_start
        .then(|| script_with_hooks(&package, "start"))
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use integration_tests::support::dir_with;
    use stowage_nodejs::{PNPM_LOCK, YARN_LOCK};

    #[test]
    fn joins_the_hooks_for_yarn_and_pnpm_projects() {
        let package = r#"{"scripts":{"prestart":"node migrate.js","start":"node server.js","poststart":"echo done"}}"#;
        for lockfile in [YARN_LOCK, PNPM_LOCK] {
            let dir = dir_with(&[("package.json", package), (lockfile, "")]);
            assert_eq!(
                command(dir.path()),
                Ok(Some(
                    "node migrate.js && node server.js && echo done".to_string()
                ))
            );
        }
    }

    #[test]
    fn none_without_a_lockfile_or_a_start_script() {
        let start = r#"{"scripts":{"start":"node server.js"}}"#;
        assert_eq!(
            command(dir_with(&[("package.json", start)]).path()),
            Ok(None)
        );
        let blank = r#"{"scripts":{"start":"  ","build":"tsc"}}"#;
        let dir = dir_with(&[("package.json", blank), (YARN_LOCK, "")]);
        assert_eq!(command(dir.path()), Ok(None));
        assert_eq!(command(dir_with(&[(YARN_LOCK, "")]).path()), Ok(None));
    }
}
