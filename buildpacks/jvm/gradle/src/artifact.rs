//! After the build: the one artifact matching `BP_GRADLE_BUILT_ARTIFACT` (default
//! `<BP_GRADLE_BUILT_MODULE>/build/libs/*.[jw]ar`) replaces the source, exploded.

use crate::errors::{self, BUILT_ARTIFACT, BUILT_MODULE};
use std::path::{Path, PathBuf};
use stowage_jvm::built_artifact::{self, ExplodeError};
use stowage_kit::Error;
use stowage_kit::config::Config;

const DEFAULT_ARTIFACT: &str = "build/libs/*.[jw]ar";
const STAGING: &str = ".stowage-gradle-exploded";

pub(crate) fn pattern(config: &Config) -> String {
    built_artifact::wanted(config, BUILT_ARTIFACT, BUILT_MODULE, DEFAULT_ARTIFACT).pattern
}

/// The app-relative path of the one built artifact.
pub(crate) fn find(app: &Path, pattern: &str) -> Result<PathBuf, Error> {
    match built_artifact::matching(app, pattern).as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let folder = Path::new(pattern)
                .parent()
                .filter(|parent| !parent.to_string_lossy().contains(['*', '?', '[']))
                .map_or_else(|| PathBuf::from("build/libs"), Path::to_path_buf);
            let mut found: Vec<String> = std::fs::read_dir(app.join(&folder))
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect();
            found.sort();
            Err(errors::no_built_artifact(pattern, &folder, &found))
        }
        several => Err(errors::several_artifacts(pattern, several)),
    }
}

pub(crate) fn explode(app: &Path, artifact: &Path) -> Result<usize, Error> {
    built_artifact::explode(app, &app.join(artifact), STAGING).map_err(|error| match error {
        ExplodeError::Unreadable(reason) => errors::artifact_unreadable(artifact, &reason),
        ExplodeError::NotReplaced(reason) => errors::app_not_replaced(app, &reason),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_prefixes_the_default_and_the_artifact_wins() {
        let none = libcnb::Env::new();
        assert_eq!(pattern(&Config::new(&none)), "build/libs/*.[jw]ar");
        let module = stowage_kit::config::env_of([(BUILT_MODULE, "web/")]);
        assert_eq!(pattern(&Config::new(&module)), "web/build/libs/*.[jw]ar");
        let both =
            stowage_kit::config::env_of([(BUILT_MODULE, "web"), (BUILT_ARTIFACT, "out/app.war")]);
        assert_eq!(pattern(&Config::new(&both)), "out/app.war");
    }
}
