//! After the build: the one artifact matching `BP_MAVEN_BUILT_ARTIFACT` (default
//! `<BP_MAVEN_BUILT_MODULE>/target/*.[ejw]ar`) replaces the source as an exploded jar or war
//! (the shared `stowage_jvm::built_artifact`, which leaves the source as it was when the
//! artifact is broken).

use crate::errors::{self, BUILT_ARTIFACT, BUILT_MODULE, TargetListing};
use std::path::{Path, PathBuf};
use stowage_jvm::built_artifact::{self, ExplodeError, Wanted};
use stowage_kit::Error;
use stowage_kit::config::Config;

const DEFAULT_ARTIFACT: &str = "target/*.[ejw]ar";
const STAGING: &str = ".stowage-maven-exploded";

/// The app-relative path of the one built artifact.
pub(crate) fn find(app: &Path, config: &Config) -> Result<PathBuf, Error> {
    let Wanted { pattern, module } =
        built_artifact::wanted(config, BUILT_ARTIFACT, BUILT_MODULE, DEFAULT_ARTIFACT);
    match built_artifact::matching(app, &pattern).as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let folder = Path::new(&pattern)
                .parent()
                .filter(|parent| {
                    !parent.as_os_str().is_empty()
                        && !parent.to_string_lossy().contains(['*', '?', '['])
                })
                .map_or_else(
                    || {
                        module.as_ref().map_or_else(
                            || PathBuf::from("target"),
                            |m| Path::new(m).join("target"),
                        )
                    },
                    Path::to_path_buf,
                );
            Err(errors::no_built_artifact(
                &pattern,
                module.as_deref(),
                &listing(app, &folder),
            ))
        }
        several => Err(errors::several_artifacts(&pattern, several)),
    }
}

fn listing(app: &Path, folder: &Path) -> TargetListing {
    let Ok(entries) = std::fs::read_dir(app.join(folder)) else {
        return TargetListing::Missing(folder.to_path_buf());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                format!("{name}/")
            } else {
                name
            }
        })
        .collect();
    names.sort();
    TargetListing::Entries(folder.to_path_buf(), names)
}

/// Replaces everything in `app` with the unpacked `artifact` (a path inside `app`).
pub(crate) fn explode(app: &Path, artifact: &Path) -> Result<usize, Error> {
    built_artifact::explode(app, artifact, STAGING).map_err(|error| match error {
        ExplodeError::Unreadable(reason) => errors::artifact_unreadable(artifact, &reason),
        ExplodeError::NotReplaced(reason) => errors::app_not_replaced(app, &reason),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use integration_tests::support::{dir_with, env_with};

    #[test]
    fn the_one_artifact_in_the_module_s_target_is_found() {
        let app = dir_with(&[("pom.xml", "<project/>"), ("web/target/app.war", "")]);
        let module = env_with(&[(BUILT_MODULE, "web")]);
        assert_eq!(
            find(app.path(), &Config::new(&module)).expect("one"),
            PathBuf::from("web/target/app.war")
        );
        let none = find(app.path(), &Config::new(&env_with(&[]))).expect_err("none");
        assert_eq!(none.id, "maven/no-built-artifact");
    }

    #[test]
    fn a_broken_artifact_is_maven_s_error_and_the_source_stays() {
        let app = dir_with(&[("pom.xml", "<project/>"), ("target/app.jar", "not a zip")]);
        let error = explode(app.path(), &app.path().join("target/app.jar")).expect_err("broken");
        assert_eq!(error.id, "maven/artifact-unreadable");
        assert!(app.path().join("pom.xml").exists());
        assert!(!app.path().join(STAGING).exists());
    }
}
