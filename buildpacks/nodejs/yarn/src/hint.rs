//! What a project's Yarn files say about the Yarn to install.

use std::path::Path;
use stowage_kit::Error;
use stowage_nodejs::{ManagerRequest, ManagerVersionHint, YARNRC_YML, Yarnrc, lockfile_is_berry};

/// A committed release (`yarnPath`) first; else a Yarn 2+ lockfile asks for 4.x.
pub(crate) fn from_project(project: &Path) -> Result<ManagerVersionHint, Error> {
    if let Some(release) = Yarnrc::read(project)?.yarn_path() {
        return Ok(ManagerVersionHint::OwnRelease(format!(
            "{} (yarnPath in {YARNRC_YML})",
            release.display()
        )));
    }
    if project.join("yarn.lock").is_file() && lockfile_is_berry(project)? {
        return Ok(ManagerVersionHint::Request(ManagerRequest {
            constraint: "4.x".to_string(),
            source: "yarn.lock, a Yarn 2+ lockfile".to_string(),
            exact: None,
        }));
    }
    Ok(ManagerVersionHint::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use integration_tests::support::dir_with;

    #[test]
    fn a_committed_release_wins() {
        let dir = dir_with(&[
            (".yarnrc.yml", "yarnPath: .yarn/releases/yarn-4.5.0.cjs\n"),
            ("yarn.lock", "__metadata:\n  version: 8\n"),
        ]);
        assert_eq!(
            from_project(dir.path()),
            Ok(ManagerVersionHint::OwnRelease(
                ".yarn/releases/yarn-4.5.0.cjs (yarnPath in .yarnrc.yml)".to_string()
            ))
        );
    }

    #[test]
    fn a_berry_lockfile_asks_for_yarn_4() {
        let dir = dir_with(&[("yarn.lock", "__metadata:\n  version: 8\n")]);
        let Ok(ManagerVersionHint::Request(request)) = from_project(dir.path()) else {
            panic!("expected a request");
        };
        assert_eq!(request.constraint, "4.x");
    }

    #[test]
    fn a_classic_lockfile_or_none_says_nothing() {
        let dir = dir_with(&[("yarn.lock", "# yarn lockfile v1\n")]);
        assert_eq!(from_project(dir.path()), Ok(ManagerVersionHint::None));
        assert_eq!(
            from_project(dir_with(&[]).path()),
            Ok(ManagerVersionHint::None)
        );
    }
}
